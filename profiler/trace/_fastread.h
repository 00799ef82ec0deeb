/*
 * _fastread.h: what the parts of the compiled reader share (see _fastread.c for the design).
 *
 *   _fastread_memory.c  the string arena and interner, the id table, records, vectors, dictionaries
 *   _fastread_cells.c   handbacks, id/ref numbers, tag classes, refs, a row's cells into columns
 *   _fastread_values.c  the value of a finished element (Resolver.resolve / composite / stack)
 *   _fastread_sax.c     the libxml2 SAX2 callbacks (the export grammar, schemas)
 *   _fastread.c         the parse loop, the results handed to Python, the module
 *   _fastread_bundle.c  formatted labels of a .trace bundle (profiler/trace/bundle/cells.py)
 *
 * Every function declared here is internal to the extension (hidden visibility): only
 * PyInit__fastread is exported.
 */
#ifndef PROFILER_FASTREAD_H
#define PROFILER_FASTREAD_H

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
    V_OTHER,     /* a float or bool text read loosely: ignored inside composites, never typed */
    V_ODDINT,    /* integer text int64 cannot hold or int() reads loosely: matters only as pid/tid */
    V_UNSURE,    /* a value the careful path may read differently: never used */
    V_FLOAT,     /* a float from plain decimal text (the double's bits); ignored inside composites */
    V_BOOL,      /* a bool from plain integer text (0 or 1); ignored inside composites */
    V_UINT64,    /* plain digits above int64, up to 2^64-1 (the bits); only a C_UINT column types it */
};

/* Tag classes, from the Python kind table (compiled.py _TAG_CLASS) plus a few names handled here. */
enum { T_STR = 0, T_INT = 1, T_OTHER = 2, T_FLOAT = 3, T_BOOL = 4 };
#define T_STACK 8

/* Column codes returned by the schema callback (compiled.py C_*). */
enum { C_NONE = 0, C_INT = 1, C_STR = 2, C_THREAD = 3, C_PROCESS = 4, C_STACK = 5, C_UINT = 6,
       C_FLOAT = 7, C_BOOL = 8 };

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

/* ---- memory (_fastread_memory.c) ----------------------------------------------------------- */

typedef struct Block {
    struct Block *next;
    size_t used, size;
    char data[];
} Block;

typedef struct {
    Block *head;
} Arena;

/* Every string is interned: equal content, one Str (so pointer equality is text equality). */
typedef struct {
    Str **slots;
    size_t cap, n;
    Arena arena;
} Interner;

typedef struct {
    uint8_t **kinds;
    int64_t **vals;
    size_t nblocks;
    int64_t next;  /* the next id to be defined; ids 1 .. next-1 exist */
} IdTable;

typedef struct {
    Comp **blocks;
    size_t n, nblocks;
} Comps;

/* A growable array of fixed-size items. */
typedef struct {
    char *data;
    size_t n, cap, item;
} Vec;

/* uint64 key -> int32 code, insertion-ordered keys (the column's distinct values). */
typedef struct {
    uint64_t *keys;
    int32_t *codes;
    size_t cap, n;
    Vec order; /* uint64 keys by code */
} Dict;

/* ---- parse state ---------------------------------------------------------------------------- */

typedef struct {
    int code;        /* C_* */
    Vec ints;        /* int64 values (C_INT, C_UINT: uint64 bits), doubles (C_FLOAT), 0/1 (C_BOOL) */
    Vec na;          /* uint8 NA flags (C_INT, C_UINT, C_FLOAT, C_BOOL) */
    uint8_t big, negative; /* C_UINT: values above int64 seen; values below 0 seen */
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

#if defined(__GNUC__)
#pragma GCC visibility push(hidden)
#endif

/* _fastread_memory.c */
void arena_free(Arena *a);
Str *intern(Interner *t, const char *s, size_t n);
int ids_reserve(IdTable *t, int64_t id);
void ids_free(IdTable *t);
int64_t comps_add(Comps *c, const Comp *value);
void comps_free(Comps *c);
int vec_push(Vec *v, const void *x);
void vec_free(Vec *v);
int32_t dict_code(Dict *d, uint64_t key);
void dict_free(Dict *d);

/* _fastread_cells.c */
void file_handback(State *st, const char *why);
void py_fail(State *st);
void node_handback(State *st, const char *why, int col);
int64_t id_number(const xmlChar *s, const xmlChar *end);
Str *intern_attr(State *st, const xmlChar *v, const xmlChar *end);
uint8_t tag_class(State *st, const xmlChar *tag);
Val lookup(State *st, int64_t ref);
void add_cell(State *st, Val v);

/* _fastread_values.c */
void accumulate(State *st, Elem *p, const Elem *child, Val v);
Val finish(State *st, int depth, Elem *e);

/* _fastread_sax.c */
void sax_handlers(xmlSAXHandler *sax);

/* _fastread_bundle.c */
PyObject *bundle_labels(PyObject *self, PyObject *args);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

static inline void ids_set(IdTable *t, int64_t id, uint8_t kind, int64_t v) {
    t->kinds[id >> IDBITS][id & (IDBLOCK - 1)] = kind;
    t->vals[id >> IDBITS][id & (IDBLOCK - 1)] = v;
}

static inline Comp *comps_get(Comps *c, int64_t i) {
    return &c->blocks[i >> IDBITS][i & (IDBLOCK - 1)];
}

#endif /* PROFILER_FASTREAD_H */
