/* _fastread_cells.c: handbacks, small helpers, and a row's cells into typed columns
 * (profiler.trace.frames semantics for each column type). */
#include "_fastread.h"

void file_handback(State *st, const char *why) {
    if (st->file_handback == NULL && !st->py_error) st->file_handback = why;
    xmlStopParser(st->ctxt);
}

void py_fail(State *st) {
    st->py_error = 1;
    xmlStopParser(st->ctxt);
}

void node_handback(State *st, const char *why, int col) {
    Node *node = st->node;
    if (node == NULL || node->why != NULL) return;
    node->why = why;
    node->why_col = col;
}

/* ---- small helpers -------------------------------------------------------------------------- */

/* id/ref text: plain ASCII digits, at most 18, like ids.id_number; 0 when not. */
int64_t id_number(const xmlChar *s, const xmlChar *end) {
    size_t n = (size_t)(end - s);
    if (n == 0 || n > 18) return 0;
    int64_t v = 0;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9') return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

Str *intern_attr(State *st, const xmlChar *v, const xmlChar *end) {
    Str *s = intern(&st->strs, (const char *)v, (size_t)(end - v));
    if (s == NULL) file_handback(st, "out of memory for strings");
    return s;
}

uint8_t tag_class(State *st, const xmlChar *tag) {
    size_t h = ((uintptr_t)tag >> 4) & 1023;
    for (int i = 0; i < 1024; i++, h = (h + 1) & 1023) {
        if (st->tag_keys[h] == tag) return st->tag_vals[h];
        if (st->tag_keys[h] == NULL) break;
    }
    uint8_t cls = T_STR;
    PyObject *value = PyDict_GetItemString(st->tag_kinds, (const char *)tag);
    if (value != NULL) cls = (uint8_t)PyLong_AsLong(value);
    if (st->ntags < 768) {
        st->tag_keys[h] = tag;
        st->tag_vals[h] = cls;
        st->ntags++;
    }
    return cls;
}

Val lookup(State *st, int64_t ref) {
    Val v = {V_UNSURE, 0};
    if (ref <= 0 || ref >= st->ids.next) {
        file_handback(st, "a ref to an id not defined before");
        return v;
    }
    v.kind = st->ids.kinds[ref >> IDBITS][ref & (IDBLOCK - 1)];
    v.v = st->ids.vals[ref >> IDBITS][ref & (IDBLOCK - 1)];
    if (v.kind == V_PENDING || v.kind == V_GAP) file_handback(st, "a ref into its own element");
    if (ref < st->node_first_id) st->shared = 1;
    return v;
}

/* The str a value shows in a string column (Python: str(value) of the converted cell). */
static Str *label_of(State *st, Val v, int *ok) {
    char buf[32];
    *ok = 1;
    switch (v.kind) {
    case V_NULL:
        return NULL;
    case V_STR:
    case V_FRAME:
    case V_LABEL:
        return (Str *)(intptr_t)v.v;
    case V_COMP:
        return comps_get(&st->comps, v.v)->fmt;
    case V_INT: {
        int n = snprintf(buf, sizeof buf, "%lld", (long long)v.v);
        Str *s = intern(&st->strs, buf, (size_t)n);
        if (s == NULL) *ok = 0;
        return s;
    }
    default:
        *ok = 0;
        return NULL;
    }
}

static int push_code(State *st, Vec *codes, Dict *dict, uint64_t key) {
    int32_t code = -1;
    if (key) {
        code = dict_code(dict, key);
        if (code == -2) {
            file_handback(st, "out of memory for a column");
            return -1;
        }
    }
    if (vec_push(codes, &code) < 0) {
        file_handback(st, "out of memory for a column");
        return -1;
    }
    return 0;
}

/* An 8-byte number (int64, uint64 bits, double, 0/1) and its NA flag into a numeric column. */
static void push_number(State *st, Column *col, const void *x, uint8_t na) {
    if (vec_push(&col->ints, x) < 0 || vec_push(&col->na, &na) < 0) {
        file_handback(st, "out of memory for a column");
    }
}

/* A row's cell into its column (profiler.trace.frames semantics for the column's type). */
void add_cell(State *st, Val v) {
    Node *node = st->node;
    if (node->why != NULL) return;
    if (st->cell >= node->ncols) return;  /* the row end hands the file back */
    Column *col = &node->cols[st->cell];
    const char *what = "a value the compiled reader does not type";
    int ok = 1;
    if (v.kind == V_UNSURE) {
        node_handback(st, "a value the careful path may read two ways", st->cell);
        return;
    }
    switch (col->code) {
    case C_INT:
    case C_UINT: {
        uint8_t na = v.kind == V_NULL;
        int64_t x = v.kind == V_INT || v.kind == V_UINT64 ? v.v : 0;
        if (v.kind == V_UINT64 && col->code == C_UINT) {
            col->big = 1; /* typed UInt64 as the careful path does (pd.array of Python ints) */
        } else if (v.kind != V_INT && !na) {
            what = "a value that is not a plain int64";
            break;
        }
        if (v.kind == V_INT && x < 0) col->negative = 1;
        if (col->big && col->negative) {
            what = "values above 2^63 and below 0 in one column";  /* kept as strings there */
            break;
        }
        push_number(st, col, &x, na);
        return;
    }
    case C_FLOAT: {
        /* _float values, or ints, into Float64: an int converts exactly up to 2^53 */
        uint8_t na = v.kind == V_NULL;
        double d = 0.0;
        if (v.kind == V_FLOAT) {
            memcpy(&d, &v.v, sizeof d);
        } else if (v.kind == V_INT && v.v >= -(1LL << 53) && v.v <= (1LL << 53)) {
            d = (double)v.v;
        } else if (!na) {
            what = "a value that is not a plain float";
            break;
        }
        push_number(st, col, &d, na);
        return;
    }
    case C_BOOL: {
        uint8_t na = v.kind == V_NULL;
        int64_t x = v.kind == V_BOOL ? v.v : 0;
        if (v.kind != V_BOOL && !na) {
            what = "a value that is not a plain 0/1 boolean";
            break;
        }
        push_number(st, col, &x, na);
        return;
    }
    case C_STR: {
        Str *s = label_of(st, v, &ok);
        if (!ok) break;
        push_code(st, &col->codes, &col->dict, (uint64_t)(uintptr_t)s);
        return;
    }
    case C_THREAD:
    case C_PROCESS: {
        uint64_t key;
        if (v.kind == V_COMP && comps_get(&st->comps, v.v)->pid_unsure) {
            what = "a value the careful path may read two ways";
            break;
        }
        if (v.kind == V_COMP) {
            key = (1ULL << 63) | (uint64_t)v.v;
        } else {
            Str *s = label_of(st, v, &ok);
            if (!ok) break;
            key = (uint64_t)(uintptr_t)s;
        }
        push_code(st, &col->codes, &col->dict, key);
        return;
    }
    case C_STACK: {
        Str *top = v.kind == V_COMP ? comps_get(&st->comps, v.v)->top : NULL;
        Str *s = label_of(st, v, &ok);
        if (!ok) break;
        if (push_code(st, &col->codes, &col->dict, (uint64_t)(uintptr_t)s) == 0)
            push_code(st, &col->tops, &col->topdict, (uint64_t)(uintptr_t)top);
        return;
    }
    }
    node_handback(st, what, st->cell);
}
