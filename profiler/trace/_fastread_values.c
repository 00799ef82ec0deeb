/* _fastread_values.c: the value of a finished element, as profiler/trace/resolve.py's
 * Resolver.resolve, composite and stack give it. */
#include "_fastread.h"

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

/* Plain digits above int64 (what int(text) reads as 2^63 .. 2^64-1). */
static int big_uint(const char *s, size_t n, uint64_t *out) {
    if (n < 19 || n > 20) return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        uint64_t digit = (uint64_t)(s[i] - '0');
        if (v > (UINT64_MAX - digit) / 10) return 0; /* beyond 2^64-1 */
        v = v * 10 + digit;
    }
    if (v <= (uint64_t)INT64_MAX) return 0;
    *out = v;
    return 1;
}

/* A float leaf's text as float(text) reads it, when it is plain: -?digits[.digits][e[+-]digits]
 * (no spaces, underscores, inf or nan, which the careful path reads). Python's own conversion
 * (the one float() uses) makes the double, so both paths give the same bits. */
static int plain_float(const char *s, size_t n, double *out) {
    size_t i = 0;
    if (n == 0 || n > 64) return 0;
    if (s[i] == '-') i++;
    size_t digits = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i == digits) return 0;
    if (i < n && s[i] == '.') {
        size_t frac = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == frac) return 0;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        size_t exp = i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == exp) return 0;
    }
    if (i != n) return 0;
    char *end = NULL;
    double d = PyOS_string_to_double(s, &end, NULL); /* s is NUL-terminated (on_chars) */
    if (PyErr_Occurred()) {
        PyErr_Clear();
        return 0;
    }
    if (end != s + n) return 0;
    *out = d;
    return 1;
}

/* A child's value into its parent's composite fields (Resolver.composite) and stack reading. */
void accumulate(State *st, Elem *p, const Elem *child, Val v) {
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
    case V_UINT64:
        if (child->special == S_PID || child->special == S_TID) p->unsure = 1;
        break;
    case V_UNSURE:
        p->unsure = 1;
        break;
    default: /* V_NULL, V_STR, V_LABEL (no top, no pid), V_OTHER, V_FLOAT, V_BOOL: ignored */
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

Val finish(State *st, int depth, Elem *e) {
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
                uint64_t u;
                v.kind = big_uint(text, n, &u) ? V_UINT64 : V_ODDINT;
                if (v.kind == V_UINT64) memcpy(&v.v, &u, sizeof u);
            }
        } else if (cls == T_FLOAT || cls == T_BOOL) {
            int64_t x;
            double d;
            if (!e->has_text) {
                v.kind = V_NULL; /* _float(None), _bool(None) */
            } else if (cls == T_FLOAT && plain_float(text, n, &d)) {
                v.kind = V_FLOAT;
                memcpy(&v.v, &d, sizeof d);
            } else if (cls == T_BOOL && strict_int(text, n, &x)) {
                v.kind = V_BOOL; /* _bool: int(value) != 0 */
                v.v = x != 0;
            } else {
                v.kind = V_OTHER;
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
