/*
 * _fastread: the compiled reader of xctrace table exports (see profiler/trace/compiled.py).
 *
 * libxml2's SAX2 push parser reads the file (the same parser lxml uses on the careful path, so
 * the same bytes are well-formed or not on both paths). The callbacks below fill, per schema
 * column, typed arrays: int64 values plus a NA mask for integer columns, int32 codes into
 * per-column dictionaries for string, thread, process and backtrace columns. The id table is
 * compact: a kind byte and an 8-byte payload per id (integers inline, strings as pointers to
 * interned UTF-8, composites as indexes into a record array); nothing becomes a Python object
 * until the end, when only each column's distinct values do.
 *
 * The compiled reader never decides anything the careful path could decide differently. It
 * hands back to the careful path:
 *   - the whole file on any XML error or warning (truncation, bad syntax, entities: so every
 *     error and truncation warning comes from one place), on any id not numbered 1, 2, 3... in
 *     document order, a ref to an id not defined before, a DOCTYPE, a comment or processing
 *     instruction inside a node, namespaces, nesting deeper than MAXDEPTH, track-detail rows,
 *     a cell count that differs from the schema, or any element out of the export grammar;
 *   - one table when a column type or a cell value is one it does not type exactly (float,
 *     bool, `any`, integers beyond int64 or not plain decimal, a stack whose two readings on
 *     the careful path would differ...). compiled.py then reads that table carefully.
 * The semantics mirrored are those of profiler/trace/resolve.py (Resolver.resolve, composite,
 * stack); comments name the Python they follow.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h> /* malloc_trim */
#endif

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#define MAXDEPTH 256
#define CHUNK (1 << 20)
#define IDBITS 16
#define IDBLOCK (1 << IDBITS)

/* Value kinds in the id table and between elements. */
enum {
    V_GAP = 0,   /* never defined */
    V_PENDING,   /* defined by an element still open (a ref to it: handback) */
    V_NULL,      /* None */
    V_INT,       /* an int64 */
    V_STR,       /* a str (interned Str*) */
    V_LABEL,     /* a Composite with only a fmt (Str* or NULL for None) */
    V_FRAME,     /* a Frame (Str*) */
    V_COMP,      /* a Composite with pid, tid or top: index into the record array */
    V_OTHER,     /* a float or bool: ignored inside composites, not typed in columns */
    V_ODDINT,    /* integer text int64 cannot hold or int() reads loosely: matters only as pid/tid */
    V_UNSURE,    /* a value the careful path may read differently: never used */
};

/* Tag classes, from the Python kind table (compiled.py) plus a few names handled here. */
enum { T_STR = 0, T_INT = 1, T_OTHER = 2 };
#define T_STACK 8

/* Column codes returned by the schema callback (compiled.py COLUMN_CODES). */
enum { C_NONE = 0, C_INT = 1, C_STR = 2, C_THREAD = 3, C_PROCESS = 4, C_STACK = 5 };

typedef struct Str {
    uint64_t hash;
    uint32_t len;
    char data[];
} Str;

typedef struct {
    uint8_t kind;
    int64_t v;
} Val;

typedef struct {
    Str *fmt, *top;
    int64_t pid, tid;
    uint8_t has_pid, has_tid;
    uint8_t pid_unsure; /* the careful path's two readings differ on pid/tid (not label, top) */
} Comp;

/* ---- memory: an arena for strings, chunked arrays for ids and records ---------------------- */

typedef struct Block {
    struct Block *next;
    size_t used, size;
    char data[];
} Block;

typedef struct {
    Block *head;
} Arena;

static void *arena_alloc(Arena *a, size_t n) {
    n = (n + 7) & ~(size_t)7;
    if (a->head == NULL || a->head->size - a->head->used < n) {
        size_t size = n > CHUNK ? n : CHUNK;
        Block *b = PyMem_RawMalloc(sizeof(Block) + size);
        if (b == NULL) return NULL;
        b->next = a->head;
        b->used = 0;
        b->size = size;
        a->head = b;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += n;
    return p;
}

static void arena_free(Arena *a) {
    while (a->head) {
        Block *next = a->head->next;
        PyMem_RawFree(a->head);
        a->head = next;
    }
}

static uint64_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xff51afd7ed558ccdULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 32;
    return h ? h : 1;
}

/* Every string is interned: equal content, one Str (so pointer equality is text equality). */
typedef struct {
    Str **slots;
    size_t cap, n;
    Arena arena;
} Interner;

static int interner_grow(Interner *t) {
    size_t cap = t->cap ? t->cap * 2 : 1 << 14;
    Str **slots = PyMem_RawCalloc(cap, sizeof(Str *));
    if (slots == NULL) return -1;
    for (size_t i = 0; i < t->cap; i++) {
        Str *s = t->slots[i];
        if (s == NULL) continue;
        size_t j = s->hash & (cap - 1);
        while (slots[j]) j = (j + 1) & (cap - 1);
        slots[j] = s;
    }
    PyMem_RawFree(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

static Str *intern(Interner *t, const char *s, size_t n) {
    if (n > UINT32_MAX) return NULL;
    if (2 * (t->n + 1) > t->cap && interner_grow(t) < 0) return NULL;
    uint64_t h = hash_bytes(s, n);
    size_t j = h & (t->cap - 1);
    for (Str *c; (c = t->slots[j]) != NULL; j = (j + 1) & (t->cap - 1)) {
        if (c->hash == h && c->len == n && memcmp(c->data, s, n) == 0) return c;
    }
    Str *c = arena_alloc(&t->arena, sizeof(Str) + n + 1);
    if (c == NULL) return NULL;
    c->hash = h;
    c->len = (uint32_t)n;
    memcpy(c->data, s, n);
    c->data[n] = 0;
    t->slots[j] = c;
    t->n++;
    return c;
}

typedef struct {
    uint8_t **kinds;
    int64_t **vals;
    size_t nblocks;
    int64_t next;  /* the next id to be defined; ids 1 .. next-1 exist */
} IdTable;

static int ids_reserve(IdTable *t, int64_t id) {
    size_t b = (size_t)(id >> IDBITS);
    if (b < t->nblocks) return 0;
    uint8_t **kinds = PyMem_RawRealloc(t->kinds, (b + 1) * sizeof(*kinds));
    if (kinds == NULL) return -1;
    t->kinds = kinds;
    int64_t **vals = PyMem_RawRealloc(t->vals, (b + 1) * sizeof(*vals));
    if (vals == NULL) return -1;
    t->vals = vals;
    while (t->nblocks <= b) {
        t->kinds[t->nblocks] = PyMem_RawCalloc(IDBLOCK, 1);
        t->vals[t->nblocks] = PyMem_RawMalloc(IDBLOCK * sizeof(int64_t));
        if (!t->kinds[t->nblocks] || !t->vals[t->nblocks]) {
            PyMem_RawFree(t->kinds[t->nblocks]);
            PyMem_RawFree(t->vals[t->nblocks]);
            return -1;
        }
        t->nblocks++;
    }
    return 0;
}

static inline void ids_set(IdTable *t, int64_t id, uint8_t kind, int64_t v) {
    t->kinds[id >> IDBITS][id & (IDBLOCK - 1)] = kind;
    t->vals[id >> IDBITS][id & (IDBLOCK - 1)] = v;
}

static void ids_free(IdTable *t) {
    for (size_t i = 0; i < t->nblocks; i++) {
        PyMem_RawFree(t->kinds[i]);
        PyMem_RawFree(t->vals[i]);
    }
    PyMem_RawFree(t->kinds);
    PyMem_RawFree(t->vals);
    memset(t, 0, sizeof(*t));
}

typedef struct {
    Comp **blocks;
    size_t n, nblocks;
} Comps;

static int64_t comps_add(Comps *c, const Comp *value) {
    size_t b = c->n >> IDBITS;
    if (b >= c->nblocks) {
        Comp **blocks = PyMem_RawRealloc(c->blocks, (b + 1) * sizeof(*blocks));
        if (blocks == NULL) return -1;
        c->blocks = blocks;
        c->blocks[b] = PyMem_RawMalloc(IDBLOCK * sizeof(Comp));
        if (c->blocks[b] == NULL) return -1;
        c->nblocks = b + 1;
    }
    c->blocks[b][c->n & (IDBLOCK - 1)] = *value;
    return (int64_t)c->n++;
}

static inline Comp *comps_get(Comps *c, int64_t i) {
    return &c->blocks[i >> IDBITS][i & (IDBLOCK - 1)];
}

static void comps_free(Comps *c) {
    for (size_t i = 0; i < c->nblocks; i++) PyMem_RawFree(c->blocks[i]);
    PyMem_RawFree(c->blocks);
    memset(c, 0, sizeof(*c));
}

/* A growable array of fixed-size items. */
typedef struct {
    char *data;
    size_t n, cap, item;
} Vec;

static int vec_push(Vec *v, const void *x) {
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 1024;
        char *data = PyMem_RawRealloc(v->data, cap * v->item);
        if (data == NULL) return -1;
        v->data = data;
        v->cap = cap;
    }
    memcpy(v->data + v->n * v->item, x, v->item);
    v->n++;
    return 0;
}

static void vec_free(Vec *v) {
    PyMem_RawFree(v->data);
    v->data = NULL;
    v->n = v->cap = 0;
}

/* uint64 key -> int32 code, insertion-ordered keys (the column's distinct values). */
typedef struct {
    uint64_t *keys;
    int32_t *codes;
    size_t cap, n;
    Vec order; /* uint64 keys by code */
} Dict;

static int32_t dict_code(Dict *d, uint64_t key) {
    if (2 * (d->n + 1) > d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 256;
        uint64_t *keys = PyMem_RawCalloc(cap, sizeof(uint64_t));
        int32_t *codes = PyMem_RawMalloc(cap * sizeof(int32_t));
        if (!keys || !codes) {
            PyMem_RawFree(keys);
            PyMem_RawFree(codes);
            return -2;
        }
        for (size_t i = 0; i < d->cap; i++) {
            if (!d->keys[i]) continue;
            size_t j = (d->keys[i] * 0x9E3779B97F4A7C15ULL >> 17) & (cap - 1);
            while (keys[j]) j = (j + 1) & (cap - 1);
            keys[j] = d->keys[i];
            codes[j] = d->codes[i];
        }
        PyMem_RawFree(d->keys);
        PyMem_RawFree(d->codes);
        d->keys = keys;
        d->codes = codes;
        d->cap = cap;
    }
    size_t j = (key * 0x9E3779B97F4A7C15ULL >> 17) & (d->cap - 1);
    while (d->keys[j]) {
        if (d->keys[j] == key) return d->codes[j];
        j = (j + 1) & (d->cap - 1);
    }
    if (d->n >= INT32_MAX) return -2;
    d->keys[j] = key;
    d->codes[j] = (int32_t)d->n;
    d->n++;
    if (vec_push(&d->order, &key) < 0) return -2;
    return d->codes[j];
}

static void dict_free(Dict *d) {
    PyMem_RawFree(d->keys);
    PyMem_RawFree(d->codes);
    vec_free(&d->order);
    memset(d, 0, sizeof(*d));
    d->order.item = sizeof(uint64_t);
}

/* ---- parse state ---------------------------------------------------------------------------- */

typedef struct {
    int code;        /* C_* */
    Vec ints;        /* int64 values (C_INT) */
    Vec na;          /* uint8 NA flags (C_INT) */
    Vec codes;       /* int32 codes (dictionary columns; labels for C_STACK) */
    Vec tops;        /* int32 top-frame codes (C_STACK) */
    Dict dict, topdict;
} Column;

typedef struct {
    PyObject *xpath;      /* str or None */
    Py_ssize_t schema;    /* index of the schema callback, -1 if none */
    int ncols;
    Column *cols;
    int64_t rows;
    const char *why;      /* set: why this table goes to the careful path */
    int why_col;          /* the column it is about, or -1 */
} Node;

typedef struct {
    const xmlChar *tag;
    uint8_t tclass;       /* T_* | T_STACK */
    uint8_t special;      /* S_* */
    uint8_t is_ref, has_text, has_fmt, has_name, has_addr, unsure;
    uint8_t has_pid, has_tid, st_found, stack_cell;
    int64_t id, pid, tid;
    int nchildren;
    Str *name, *addr, *top, *st_top;
    Val ref;
} Elem;

enum { S_NONE = 0, S_SENTINEL, S_FRAME, S_BINARY, S_PID, S_TID };
enum { L_START = 0, L_ROOT, L_NODE, L_SCHEMA, L_COL, L_COLFIELD, L_ROW, L_CELL };

typedef struct {
    xmlParserCtxtPtr ctxt;
    PyObject *on_schema, *tag_kinds;
    Vec nodes; /* Node* in document order */
    const xmlChar *n_root, *n_node, *n_schema, *n_col, *n_row, *n_mnemonic, *n_name,
        *n_etype, *n_sentinel, *n_frame, *n_binary, *n_pid, *n_tid, *n_id, *n_ref, *n_fmt,
        *n_addr, *n_xpath, *n_documentation;
    /* tag pointer (libxml2's dictionary) -> class, a small open-addressing cache */
    const xmlChar *tag_keys[1024];
    uint8_t tag_vals[1024];
    int ntags;

    const char *file_handback; /* set: the whole file goes to the careful path */
    int py_error;              /* a Python exception is set */
    int level, depth, cell;    /* level: structural position; depth: nesting inside a cell */
    int shared;                /* a ref crossed from one node into an earlier one */
    int64_t node_first_id;
    Node *node;
    Py_ssize_t nschemas;

    /* schema being read */
    PyObject *schema_cols, *schema_name, *schema_doc, *col_fields[3];
    int colfield, field_has_text;

    Elem stack[MAXDEPTH];
    Vec fmts[MAXDEPTH]; /* each open element's fmt, copied: interned only if its value uses it */
    Vec text;
    IdTable ids;
    Comps comps;
    Interner strs;
    Str *empty;
} State;

static void file_handback(State *st, const char *why) {
    if (st->file_handback == NULL && !st->py_error) st->file_handback = why;
    xmlStopParser(st->ctxt);
}

static void py_fail(State *st) {
    st->py_error = 1;
    xmlStopParser(st->ctxt);
}

static void node_handback(State *st, const char *why, int col) {
    Node *node = st->node;
    if (node == NULL || node->why != NULL) return;
    node->why = why;
    node->why_col = col;
}

/* ---- small helpers -------------------------------------------------------------------------- */

/* id/ref text: plain ASCII digits, at most 18, like ids.id_number; 0 when not. */
static int64_t id_number(const xmlChar *s, const xmlChar *end) {
    size_t n = (size_t)(end - s);
    if (n == 0 || n > 18) return 0;
    int64_t v = 0;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9') return 0;
        v = v * 10 + (*s - '0');
    }
    return v;
}

/* An integer leaf's text as int(text) reads it, when it is plain (-?digits, int64). */
static int strict_int(const char *s, size_t n, int64_t *out) {
    const char *p = s, *end = s + n;
    int neg = 0;
    if (p < end && *p == '-') {
        neg = 1;
        p++;
    }
    if (p == end || end - p > 19) return 0;
    uint64_t v = 0; /* at most 19 digits: below 2^64, no overflow */
    for (; p < end; p++) {
        if (*p < '0' || *p > '9') return 0;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    if (v > (uint64_t)INT64_MAX + (uint64_t)neg) return 0;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 1;
}

static Str *intern_attr(State *st, const xmlChar *v, const xmlChar *end) {
    Str *s = intern(&st->strs, (const char *)v, (size_t)(end - v));
    if (s == NULL) file_handback(st, "out of memory for strings");
    return s;
}

static uint8_t tag_class(State *st, const xmlChar *tag) {
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

static Val lookup(State *st, int64_t ref) {
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

/* A row's cell into its column (profiler.trace.frames semantics for the column's type). */
static void add_cell(State *st, Val v) {
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
    case C_INT: {
        uint8_t na = v.kind == V_NULL;
        int64_t x = v.kind == V_INT ? v.v : 0;
        if (v.kind != V_INT && !na) {
            what = "a value that is not a plain int64";
            break;
        }
        if (vec_push(&col->ints, &x) < 0 || vec_push(&col->na, &na) < 0) {
            file_handback(st, "out of memory for a column");
        }
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

/* ---- values of finished elements (Resolver.resolve / composite / stack) ----------------------- */

/* A child's value into its parent's composite fields (Resolver.composite) and stack reading. */
static void accumulate(State *st, Elem *p, const Elem *child, Val v) {
    p->nchildren++;
    if (p->special == S_FRAME || p->special == S_BINARY) return; /* their value ignores children */
    Comp *c = v.kind == V_COMP ? comps_get(&st->comps, v.v) : NULL;
    switch (v.kind) {
    case V_FRAME:
        if (p->top == NULL) p->top = (Str *)(intptr_t)v.v;
        break;
    case V_COMP:
        if (c->top != NULL) {
            if (p->top == NULL || p->top->len == 0) p->top = c->top; /* top = top or value.top */
        } else {
            if (c->pid_unsure) p->unsure = 1;
            if (!p->has_pid) {
                p->pid = c->pid;
                p->has_pid = c->has_pid;
            }
        }
        break;
    case V_INT:
        if (child->special == S_PID) {
            p->pid = v.v;
            p->has_pid = 1;
        } else if (child->special == S_TID) {
            p->tid = v.v;
            p->has_tid = 1;
        }
        break;
    case V_ODDINT:
        if (child->special == S_PID || child->special == S_TID) p->unsure = 1;
        break;
    case V_UNSURE:
        p->unsure = 1;
        break;
    default: /* V_NULL, V_STR, V_LABEL (no top, no pid), V_OTHER: composite() ignores them */
        break;
    }
    /* Resolver.stack: the top is the first child that is a frame or has a top. */
    if (p->stack_cell && !p->st_found) {
        if (v.kind == V_FRAME) {
            p->st_top = (Str *)(intptr_t)v.v;
            p->st_found = 1;
        } else if (v.kind == V_COMP && c->top != NULL) {
            p->st_top = c->top;
            p->st_found = 1;
        } else if (v.kind == V_UNSURE) {
            p->unsure = 1;
        }
    }
}

/* The element's fmt as an interned string (NULL for none, or on failure with a handback). */
static Str *fmt_of(State *st, int depth, Elem *e) {
    if (!e->has_fmt) return NULL;
    Vec *f = &st->fmts[depth];
    Str *s = intern(&st->strs, f->data ? f->data : "", f->n);
    if (s == NULL) file_handback(st, "out of memory for strings");
    return s;
}

static Val finish(State *st, int depth, Elem *e) {
    Val v = {V_NULL, 0};
    if (e->is_ref) return e->ref;
    if (e->special == S_SENTINEL) {
        /* the hot loop reads a sentinel's text as a string, Resolver.resolve as None */
        if (e->has_text) file_handback(st, "a <sentinel> with text");
        return v;
    }
    if (e->special == S_FRAME || e->special == S_BINARY) {
        /* name = elem.get("name") or elem.get("addr") */
        Str *name = (e->has_name && e->name->len) ? e->name : (e->has_addr ? e->addr : NULL);
        if (name != NULL) {
            v.kind = e->special == S_FRAME ? V_FRAME : V_STR;
            v.v = (int64_t)(intptr_t)name;
        }
    } else if (e->nchildren) {
        Str *fmt = fmt_of(st, depth, e);
        Str *top = e->top;
        if (fmt == NULL && top != NULL) fmt = top;
        uint8_t pid_unsure = 0;
        if (e->stack_cell) {
            /* the hot loop reads a row's stack with Resolver.stack, a row read carefully with
             * Resolver.composite: only what both agree on is typed (stack() keeps no pid/tid,
             * which only thread and process columns and a parent composite would read) */
            if (e->st_top != top) e->unsure = 1;
            pid_unsure = e->has_pid || e->has_tid;
        }
        if (e->unsure) {
            v.kind = V_UNSURE;
        } else if (top == NULL && !e->has_pid && !e->has_tid) {
            v.kind = V_LABEL;
            v.v = (int64_t)(intptr_t)fmt;
        } else {
            Comp c = {fmt, top, e->pid, e->tid, e->has_pid, e->has_tid, pid_unsure};
            int64_t i = comps_add(&st->comps, &c);
            if (i < 0) {
                file_handback(st, "out of memory for values");
                return v;
            }
            v.kind = V_COMP;
            v.v = i;
        }
    } else {
        int cls = e->tclass & ~T_STACK;
        const char *text = st->text.data;
        size_t n = st->text.n;
        if (cls == T_INT) {
            int64_t x;
            if (!e->has_text) {
                v.kind = V_NULL; /* _int(None) */
            } else if (strict_int(text, n, &x)) {
                v.kind = V_INT;
                v.v = x;
            } else {
                v.kind = V_ODDINT;
            }
        } else if (cls == T_OTHER) {
            v.kind = V_OTHER;
        } else {
            Str *s = e->has_text ? intern(&st->strs, text ? text : "", n)
                                 : (e->has_fmt ? fmt_of(st, depth, e) : st->empty); /* to_str(fmt) */
            if (s == NULL) {
                file_handback(st, "out of memory for strings");
                return v;
            }
            v.kind = V_STR;
            v.v = (int64_t)(intptr_t)s;
        }
    }
    if (e->id) ids_set(&st->ids, e->id, v.kind, v.v);
    return v;
}

/* ---- SAX callbacks -------------------------------------------------------------------------- */

static PyObject *text_or_none(State *st) {
    if (st->text.n == 0 && st->text.data == NULL) return PyUnicode_FromString("");
    return PyUnicode_DecodeUTF8(st->text.data, (Py_ssize_t)st->text.n, "strict");
}

static PyObject *attr_str(const xmlChar *v, const xmlChar *end) {
    return PyUnicode_DecodeUTF8((const char *)v, (Py_ssize_t)(end - v), "strict");
}

static void begin_schema(State *st, int nb, const xmlChar **attrs) {
    st->schema_cols = PyList_New(0);
    st->schema_name = Py_None;
    st->schema_doc = Py_None;
    Py_INCREF(Py_None);
    Py_INCREF(Py_None);
    if (st->schema_cols == NULL) return py_fail(st);
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = attrs + 5 * i;
        PyObject **slot = a[0] == st->n_name ? &st->schema_name
                          : a[0] == st->n_documentation ? &st->schema_doc : NULL;
        if (slot == NULL) continue;
        PyObject *value = attr_str(a[3], a[4]);
        if (value == NULL) return py_fail(st);
        Py_SETREF(*slot, value);
    }
}

static void end_schema(State *st) {
    Node *node = st->node;
    PyObject *codes = PyObject_CallFunctionObjArgs(st->on_schema, st->schema_name, st->schema_doc,
                                                   st->schema_cols, NULL);
    Py_CLEAR(st->schema_cols);
    Py_CLEAR(st->schema_name);
    Py_CLEAR(st->schema_doc);
    if (codes == NULL) return py_fail(st);
    node->schema = st->nschemas++;
    Py_ssize_t n = PySequence_Length(codes);
    if (n < 0) {
        Py_DECREF(codes);
        return py_fail(st);
    }
    node->cols = PyMem_RawCalloc(n ? (size_t)n : 1, sizeof(Column));
    if (node->cols == NULL) {
        Py_DECREF(codes);
        return file_handback(st, "out of memory for columns");
    }
    node->ncols = (int)n;
    for (Py_ssize_t i = 0; i < n; i++) {
        Column *c = &node->cols[i];
        PyObject *item = PySequence_GetItem(codes, i);
        c->code = item ? (int)PyLong_AsLong(item) : -1;
        Py_XDECREF(item);
        c->ints.item = sizeof(int64_t);
        c->na.item = 1;
        c->codes.item = c->tops.item = sizeof(int32_t);
        c->dict.order.item = c->topdict.order.item = sizeof(uint64_t);
        if (c->code == C_NONE) node_handback(st, "a column type the compiled reader does not type", (int)i);
    }
    Py_DECREF(codes);
    if (PyErr_Occurred()) py_fail(st);
}

static void on_start(void *ctx, const xmlChar *tag, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **ns, int nb, int nb_defaulted,
                     const xmlChar **attrs) {
    State *st = ctx;
    (void)ns;
    if (st->file_handback || st->py_error) return;
    if (prefix || uri || nb_ns || nb_defaulted) return file_handback(st, "namespaces");
    for (int i = 0; i < nb; i++) {
        if (attrs[5 * i + 1] || attrs[5 * i + 2]) return file_handback(st, "namespaces");
    }
    switch (st->level) {
    case L_START:
        if (tag != st->n_root) return file_handback(st, "not a <trace-query-result>");
        st->level = L_ROOT;
        return;
    case L_ROOT: {
        if (tag != st->n_node) return file_handback(st, "an element other than <node>");
        Node *node = PyMem_RawCalloc(1, sizeof(Node));
        if (node == NULL) return file_handback(st, "out of memory");
        node->schema = -1;
        node->xpath = Py_None;
        Py_INCREF(Py_None);
        st->node = node;
        st->node_first_id = st->ids.next;
        st->level = L_NODE;
        for (int i = 0; i < nb; i++) {
            if (attrs[5 * i] != st->n_xpath) continue;
            PyObject *xpath = attr_str(attrs[5 * i + 3], attrs[5 * i + 4]);
            if (xpath == NULL) return py_fail(st);
            Py_SETREF(node->xpath, xpath);
        }
        return;
    }
    case L_NODE:
        if (tag == st->n_schema) {
            if (st->node->schema >= 0 || st->node->rows) return file_handback(st, "a second <schema>");
            st->level = L_SCHEMA;
            return begin_schema(st, nb, attrs);
        }
        if (tag != st->n_row) return file_handback(st, "an element other than <schema> or <row>");
        if (st->node->schema < 0) return file_handback(st, "a <row> before any <schema>");
        st->level = L_ROW;
        st->cell = 0;
        return;
    case L_SCHEMA:
        if (tag != st->n_col) return file_handback(st, "an element other than <col> in <schema>");
        st->level = L_COL;
        for (int i = 0; i < 3; i++) {
            st->col_fields[i] = Py_None;
            Py_INCREF(Py_None);
        }
        return;
    case L_COL:
        st->colfield = tag == st->n_mnemonic ? 0 : tag == st->n_name ? 1 : tag == st->n_etype ? 2 : -1;
        if (st->colfield < 0 || st->col_fields[st->colfield] != Py_None)
            return file_handback(st, "an unexpected or repeated field in <col>");
        st->level = L_COLFIELD;
        st->text.n = 0;
        st->field_has_text = 0;
        return;
    case L_COLFIELD:
        return file_handback(st, "an element inside a <col> field");
    default:
        break; /* L_ROW, L_CELL: a cell or an element inside one */
    }
    if (st->depth >= MAXDEPTH) return file_handback(st, "nesting too deep");
    if (st->depth > 0) {
        Elem *parent = &st->stack[st->depth - 1];
        if (parent->is_ref) return file_handback(st, "children inside a ref element");
        if (parent->special == S_SENTINEL) return file_handback(st, "children inside a <sentinel>");
    }
    Elem *e = &st->stack[st->depth];
    memset(e, 0, sizeof(*e));
    e->tag = tag;
    e->tclass = tag_class(st, tag);
    e->special = tag == st->n_sentinel ? S_SENTINEL : tag == st->n_frame ? S_FRAME
                 : tag == st->n_binary ? S_BINARY : tag == st->n_pid ? S_PID
                 : tag == st->n_tid ? S_TID : S_NONE;
    e->stack_cell = st->depth == 0 && (e->tclass & T_STACK);
    const xmlChar *id = NULL, *id_end = NULL;
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = attrs + 5 * i;
        const xmlChar *name = a[0];
        if (name == st->n_id) {
            id = a[3];
            id_end = a[4];
        } else if (name == st->n_ref) {
            e->is_ref = 1;
            int64_t ref = id_number(a[3], a[4]);
            if (ref == 0) return file_handback(st, "a ref that is not a plain positive number");
            e->ref = lookup(st, ref);
        } else if (name == st->n_fmt) {
            Vec *f = &st->fmts[st->depth];
            f->n = 0;
            size_t len = (size_t)(a[4] - a[3]);
            if (len + 1 > f->cap) {
                char *data = PyMem_RawRealloc(f->data, len + 1);
                if (data == NULL) return file_handback(st, "out of memory for text");
                f->data = data;
                f->cap = len + 1;
            }
            memcpy(f->data, a[3], len);
            f->n = len;
            e->has_fmt = 1;
        } else if (name == st->n_name) {
            e->name = intern_attr(st, a[3], a[4]);
            e->has_name = 1;
        } else if (name == st->n_addr) {
            e->addr = intern_attr(st, a[3], a[4]);
            e->has_addr = 1;
        }
    }
    if (st->file_handback) return;
    if (e->is_ref && (nb != 1 || id)) return file_handback(st, "a ref element with other attributes");
    if (e->special == S_SENTINEL && nb) return file_handback(st, "a <sentinel> with attributes");
    if (id != NULL) {
        int64_t n = id_number(id, id_end);
        if (n != st->ids.next) return file_handback(st, "ids not numbered 1, 2, 3... in document order");
        if (ids_reserve(&st->ids, n) < 0) return file_handback(st, "out of memory for ids");
        ids_set(&st->ids, n, V_PENDING, 0);
        st->ids.next = n + 1;
        e->id = n;
    }
    st->text.n = 0;
    st->depth++;
    st->level = L_CELL;
}

static void on_end(void *ctx, const xmlChar *tag, const xmlChar *prefix, const xmlChar *uri) {
    State *st = ctx;
    (void)tag, (void)prefix, (void)uri;
    if (st->file_handback || st->py_error) return;
    switch (st->level) {
    case L_ROOT:
        st->level = L_START;
        return;
    case L_NODE: {
        Node *node = st->node;
        if (node->schema < 0) node_handback(st, "a node without a <schema>", -1);
        st->level = L_ROOT;
        if (vec_push(&st->nodes, &node) < 0) return file_handback(st, "out of memory");
        st->node = NULL;
        return;
    }
    case L_SCHEMA:
        st->level = L_NODE;
        return end_schema(st);
    case L_COL: {
        st->level = L_SCHEMA;
        PyObject *col = PyTuple_Pack(3, st->col_fields[0], st->col_fields[1], st->col_fields[2]);
        for (int i = 0; i < 3; i++) Py_CLEAR(st->col_fields[i]);
        if (col == NULL || PyList_Append(st->schema_cols, col) < 0) {
            Py_XDECREF(col);
            return py_fail(st);
        }
        Py_DECREF(col);
        return;
    }
    case L_COLFIELD: {
        st->level = L_COL;
        /* findtext: "" for an element without text */
        PyObject *text = st->field_has_text ? text_or_none(st) : PyUnicode_FromString("");
        if (text == NULL) return py_fail(st);
        Py_SETREF(st->col_fields[st->colfield], text);
        return;
    }
    case L_ROW:
        if (st->cell != st->node->ncols) return file_handback(st, "a row whose cell count differs from its schema");
        st->node->rows++;
        st->level = L_NODE;
        return;
    case L_CELL:
        break;
    default:
        return file_handback(st, "an unexpected end tag");
    }
    Elem *e = &st->stack[--st->depth];
    Val v = finish(st, st->depth, e);
    if (st->file_handback) return;
    if (st->depth > 0) {
        accumulate(st, &st->stack[st->depth - 1], e, v);
    } else {
        add_cell(st, v);
        st->cell++;
        st->level = L_ROW;
    }
}

static void on_chars(void *ctx, const xmlChar *ch, int len) {
    State *st = ctx;
    if (st->level != L_CELL && st->level != L_COLFIELD) return; /* text between elements */
    if (st->level == L_CELL) {
        Elem *e = &st->stack[st->depth - 1];
        if (e->nchildren) return; /* the text of a composite is never read */
        e->has_text = 1;
    } else {
        st->field_has_text = 1;
    }
    Vec *t = &st->text;
    if (t->n + (size_t)len + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->n + (size_t)len + 1) cap *= 2;
        char *data = PyMem_RawRealloc(t->data, cap);
        if (data == NULL) return file_handback(st, "out of memory for text");
        t->data = data;
        t->cap = cap;
    }
    memcpy(t->data + t->n, ch, (size_t)len);
    t->n += (size_t)len;
    t->data[t->n] = 0;
}

static void on_markup(State *st) {
    if (st->level >= L_SCHEMA) file_handback(st, "a comment or processing instruction inside a node");
}

static void on_comment(void *ctx, const xmlChar *value) {
    (void)value;
    on_markup(ctx);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
    (void)target, (void)data;
    on_markup(ctx);
}

static void on_subset(void *ctx, const xmlChar *name, const xmlChar *eid, const xmlChar *sid) {
    (void)name, (void)eid, (void)sid;
    file_handback(ctx, "a DOCTYPE");
}

static xmlEntityPtr on_entity(void *ctx, const xmlChar *name) {
    (void)ctx, (void)name;
    return NULL; /* never an entity: only the five predefined ones exist */
}

static void on_error(void *ctx, xmlErrorPtr error) {
    (void)error;
    file_handback(ctx, "XML error or warning (the careful path reports it)");
}

static void on_message(void *ctx, const char *msg, ...) {
    (void)msg;
    file_handback(ctx, "XML error or warning (the careful path reports it)");
}

/* ---- results -------------------------------------------------------------------------------- */

static PyObject *bytes_of(Vec *v) {
    PyObject *out = PyByteArray_FromStringAndSize(v->data ? v->data : "", (Py_ssize_t)(v->n * v->item));
    vec_free(v);
    return out;
}

static PyObject *str_or_none(Str *s) {
    if (s == NULL) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s->data, s->len, "strict");
}

static PyObject *int_or_none(int has, int64_t v) {
    if (!has) Py_RETURN_NONE;
    return PyLong_FromLongLong(v);
}

/* Distinct values of a dictionary column: str (or None), or (label, pid, tid) tuples. */
static PyObject *uniques(State *st, Dict *d, int composite) {
    PyObject *out = PyList_New((Py_ssize_t)d->order.n);
    if (out == NULL) return NULL;
    uint64_t *keys = (uint64_t *)d->order.data;
    for (size_t i = 0; i < d->order.n; i++) {
        PyObject *item;
        if (composite) {
            Str *label = NULL;
            int has_pid = 0, has_tid = 0;
            int64_t pid = 0, tid = 0;
            if (keys[i] >> 63) {
                Comp *c = comps_get(&st->comps, (int64_t)(keys[i] & ~(1ULL << 63)));
                label = c->fmt, pid = c->pid, tid = c->tid, has_pid = c->has_pid, has_tid = c->has_tid;
            } else {
                label = (Str *)(uintptr_t)keys[i];
            }
            item = Py_BuildValue("(NNN)", str_or_none(label), int_or_none(has_pid, pid),
                                 int_or_none(has_tid, tid));
        } else {
            item = str_or_none((Str *)(uintptr_t)keys[i]);
        }
        if (item == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, (Py_ssize_t)i, item);
    }
    dict_free(d);
    return out;
}

static void column_free(Column *c) {
    vec_free(&c->ints);
    vec_free(&c->na);
    vec_free(&c->codes);
    vec_free(&c->tops);
    dict_free(&c->dict);
    dict_free(&c->topdict);
}

static void node_free(Node *node) {
    if (node == NULL) return;
    for (int i = 0; i < node->ncols; i++) column_free(&node->cols[i]);
    PyMem_RawFree(node->cols);
    Py_XDECREF(node->xpath);
    PyMem_RawFree(node);
}

static PyObject *column_result(State *st, Column *c) {
    switch (c->code) {
    case C_INT:
        return Py_BuildValue("(iNN)", c->code, bytes_of(&c->ints), bytes_of(&c->na));
    case C_STR:
        return Py_BuildValue("(iNN)", c->code, bytes_of(&c->codes), uniques(st, &c->dict, 0));
    case C_THREAD:
    case C_PROCESS:
        return Py_BuildValue("(iNN)", c->code, bytes_of(&c->codes), uniques(st, &c->dict, 1));
    default:
        return Py_BuildValue("(iNNNN)", c->code, bytes_of(&c->codes), uniques(st, &c->dict, 0),
                             bytes_of(&c->tops), uniques(st, &c->topdict, 0));
    }
}

/* A node -> (xpath, schema index, rows, (why, column) or None, columns or None). */
static PyObject *node_result(State *st, Node *node) {
    PyObject *cols = Py_None;
    Py_INCREF(Py_None);
    if (node->why == NULL) {
        Py_SETREF(cols, PyList_New(node->ncols));
        if (cols == NULL) return NULL;
        for (int i = 0; i < node->ncols; i++) {
            PyObject *col = column_result(st, &node->cols[i]);
            if (col == NULL) {
                Py_DECREF(cols);
                return NULL;
            }
            PyList_SET_ITEM(cols, i, col);
        }
    }
    PyObject *why = node->why ? Py_BuildValue("(si)", node->why, node->why_col) : Py_None;
    if (node->why == NULL) Py_INCREF(Py_None);
    if (why == NULL) {
        Py_DECREF(cols);
        return NULL;
    }
    return Py_BuildValue("(OnLNN)", node->xpath, node->schema, (long long)node->rows, why, cols);
}

static void state_free(State *st) {
    PyMem_RawFree(st->text.data);
    st->text.data = NULL;
    for (int i = 0; i < MAXDEPTH; i++) {
        PyMem_RawFree(st->fmts[i].data);
        st->fmts[i].data = NULL;
    }
    ids_free(&st->ids);
    comps_free(&st->comps);
    PyMem_RawFree(st->strs.slots);
    st->strs.slots = NULL;
    arena_free(&st->strs.arena);
    Py_CLEAR(st->schema_cols);
    Py_CLEAR(st->schema_name);
    Py_CLEAR(st->schema_doc);
    for (int i = 0; i < 3; i++) Py_CLEAR(st->col_fields[i]);
    node_free(st->node);
    st->node = NULL;
}

static void free_nodes(Vec *nodes, size_t from) {
    for (size_t i = from; i < nodes->n; i++) node_free(((Node **)nodes->data)[i]);
    vec_free(nodes);
}

/* Give freed memory back to the system (glibc keeps large freed blocks otherwise). */
static void trim(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

#define INTERN(name) (st.n_##name = xmlDictLookup(ctxt->dict, (const xmlChar *)#name, -1))

/* parse(fd, on_schema, tag_kinds, progress, total)
 *   -> ("file", reason) | ("ok", shared, [node results]) */
static PyObject *parse(PyObject *self, PyObject *args) {
    (void)self;
    int fd;
    long long total;
    PyObject *on_schema, *tag_kinds, *progress;
    if (!PyArg_ParseTuple(args, "iOO!OL", &fd, &on_schema, &PyDict_Type, &tag_kinds, &progress, &total))
        return NULL;
    State st;
    memset(&st, 0, sizeof st);
    st.on_schema = on_schema;
    st.tag_kinds = tag_kinds;
    st.text.item = 1;
    st.ids.next = 1;
    st.nodes.item = sizeof(Node *);

    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_chars;
    sax.ignorableWhitespace = on_chars;
    sax.cdataBlock = on_chars;
    sax.comment = on_comment;
    sax.processingInstruction = on_pi;
    sax.internalSubset = on_subset;
    sax.externalSubset = on_subset;
    sax.getEntity = on_entity;
    sax.getParameterEntity = on_entity;
    sax.serror = on_error;
    sax.warning = on_message;
    sax.error = on_message;
    sax.fatalError = on_message;

    char *buf = PyMem_RawMalloc(CHUNK);
    xmlParserCtxtPtr ctxt = buf ? xmlCreatePushParserCtxt(&sax, &st, NULL, 0, NULL) : NULL;
    if (ctxt == NULL) {
        PyMem_RawFree(buf);
        return PyErr_NoMemory();
    }
    st.ctxt = ctxt;
    /* The careful path's settings (profiler.trace.xml): no DTD, no network, huge texts, CDATA
     * as text. NOENT only makes libxml2 hand attribute values over decoded: with getEntity
     * returning NULL and any DOCTYPE stopping the parse, no entity can ever be substituted. */
    xmlCtxtUseOptions(ctxt, XML_PARSE_NOENT | XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOCDATA);
    INTERN(id), INTERN(ref), INTERN(fmt), INTERN(name), INTERN(addr), INTERN(xpath);
    INTERN(node), INTERN(schema), INTERN(col), INTERN(row), INTERN(mnemonic), INTERN(documentation);
    INTERN(sentinel), INTERN(frame), INTERN(binary), INTERN(pid), INTERN(tid);
    st.n_root = xmlDictLookup(ctxt->dict, (const xmlChar *)"trace-query-result", -1);
    st.n_etype = xmlDictLookup(ctxt->dict, (const xmlChar *)"engineering-type", -1);
    st.empty = intern(&st.strs, "", 0);

    long long done = 0;
    int finished = 0;
    while (!finished && !st.file_handback && !st.py_error) {
        ssize_t n;
        do {
            n = read(fd, buf, CHUNK);
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
            st.file_handback = "a read error (the careful path reports it)";
            break;
        }
        done += n;
        finished = n == 0;
        int rc = xmlParseChunk(ctxt, buf, (int)n, finished);
        if (rc != 0 && !st.file_handback && !st.py_error) st.file_handback = "XML error (the careful path reports it)";
        if (PyErr_CheckSignals() < 0) {
            st.py_error = 1;
            break;
        }
        if (progress != Py_None && n > 0) {
            PyObject *r = PyObject_CallFunction(progress, "LL", done, total);
            if (r == NULL) {
                st.py_error = 1;
                break;
            }
            Py_DECREF(r);
        }
    }
    if (!st.file_handback && !st.py_error && (st.level != L_START || st.depth))
        st.file_handback = "the document did not end";  /* libxml2 reports it; belt and braces */
    xmlFreeParserCtxt(ctxt);
    PyMem_RawFree(buf);

    PyObject *out = NULL;
    if (st.py_error || st.file_handback) {
        free_nodes(&st.nodes, 0);
        if (!st.py_error) out = Py_BuildValue("(ss)", "file", st.file_handback);
        state_free(&st);
        trim();
        return out;
    }
    /* The id table is no longer needed: free it before any Python value is made. */
    ids_free(&st.ids);
    PyMem_RawFree(st.strs.slots);
    st.strs.slots = NULL;
    trim();
    Node **nodes = (Node **)st.nodes.data;
    PyObject *results = PyList_New((Py_ssize_t)st.nodes.n);
    for (size_t i = 0; results && i < st.nodes.n; i++) {
        PyObject *r = node_result(&st, nodes[i]);
        node_free(nodes[i]);
        nodes[i] = NULL;
        if (r == NULL) {
            Py_CLEAR(results);
            break;
        }
        PyList_SET_ITEM(results, (Py_ssize_t)i, r);
    }
    free_nodes(&st.nodes, 0);
    if (results != NULL) out = Py_BuildValue("(siN)", "ok", st.shared, results);
    state_free(&st);
    trim();
    return out;
}

static PyObject *version(PyObject *self, PyObject *args) {
    (void)self, (void)args;
    return PyUnicode_FromString(xmlParserVersion);
}

static PyMethodDef methods[] = {
    {"parse", parse, METH_VARARGS, "Parse an xctrace table export (see profiler/trace/compiled.py)."},
    {"libxml2_version", version, METH_NOARGS, "The libxml2 version this module runs with."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, .m_name = "_fastread", .m_size = -1, .m_methods = methods,
};

PyMODINIT_FUNC PyInit__fastread(void) {
    xmlInitParser();
    return PyModule_Create(&module);
}
