/*
 * _fastread_bundle.c: formatted labels of a .trace bundle, the hot loop of its reader.
 *
 * Mirrors profiler/trace/bundle/cells.py (Decoder.label, Decoder._part, Uniquer.get) for the
 * distinct references of one column: each reference is a typedArrayUniquer entry of
 * (engineering type, value) pairs; each pair prints by a code the Python side computed from the
 * type's name (part_code in cells.py), the parts are joined, nested labels recurse.
 *
 * It decides nothing the Python path could decide differently: on anything unusual (a
 * reference or string index out of bounds, data beyond the file, nesting too deep, a string
 * that is not valid UTF-8) it returns None and the Python path decodes the whole column, so
 * every error message comes from one place (cells.py).
 */
#include "_fastread.h"

/* Part codes shared with profiler/trace/bundle/cells.py (P_*). */
enum { P_HEX = 0, P_DECIMAL = 1, P_HEX_BARE = 2, P_PRIVATE = 3, P_STRING = 4, P_NESTED = 5 };
#define MAX_NESTING 16 /* cells._MAX_NESTING */

typedef struct {
    const unsigned char *index, *data;
    Py_ssize_t nindex, ndata; /* entries in the index, bytes of data */
    uint64_t block;
    const unsigned char *codes;
    Py_ssize_t ncodes;
    PyObject *joins;   /* list of str per engineering type (nested labels' separators) */
    PyObject *strings; /* list of str (uniquing/strings) */
    char *out;
    size_t n, cap;
} Labels;

static int put(Labels *L, const char *s, size_t n) {
    if (L->n + n > L->cap) {
        size_t cap = L->cap ? L->cap : 256;
        while (cap < L->n + n) cap *= 2;
        char *grown = PyMem_RawRealloc(L->out, cap);
        if (grown == NULL) return -1;
        L->out = grown, L->cap = cap;
    }
    memcpy(L->out + L->n, s, n);
    L->n += n;
    return 0;
}

static int put_str(Labels *L, PyObject *s) {
    Py_ssize_t n;
    const char *utf8 = PyUnicode_Check(s) ? PyUnicode_AsUTF8AndSize(s, &n) : NULL;
    if (utf8 == NULL) {
        PyErr_Clear(); /* lone surrogates: the Python path joins them as they are */
        return -1;
    }
    return put(L, utf8, (size_t)n);
}

/* f"{v:,}" */
static int put_decimal(Labels *L, uint64_t v) {
    char digits[32], out[40];
    int n = 0, m = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (int i = n - 1; i >= 0; i--) {
        out[m++] = digits[i];
        if (i && i % 3 == 0) out[m++] = ',';
    }
    return put(L, out, (size_t)m);
}

/* f"{v:x}" (bare) or f"0x{v:x}" (by hand: snprintf costs more than the rest of a label) */
static int put_hex(Labels *L, uint64_t v, int prefix) {
    static const char digits[] = "0123456789abcdef";
    char out[24];
    int n = sizeof out;
    do {
        out[--n] = digits[v & 15];
        v >>= 4;
    } while (v);
    if (prefix) out[--n] = 'x', out[--n] = '0';
    return put(L, out + n, sizeof out - (size_t)n);
}

/* The label of typedArrayUniquer entry k, appended; -1: hand the column to Python. */
static int label(Labels *L, uint64_t k, const char *join, Py_ssize_t njoin, int depth) {
    if (depth > MAX_NESTING || k >= (uint64_t)L->nindex) return -1;
    uint32_t offset, blk, count;
    memcpy(&offset, L->index + 8 * k, 4);
    memcpy(&blk, L->index + 8 * k + 4, 4);
    uint64_t start = (uint64_t)blk * L->block + offset;
    if (start + 4 > (uint64_t)L->ndata) return -1;
    memcpy(&count, L->data + start, 4);
    if (start + 4 + 8 * (uint64_t)count > (uint64_t)L->ndata) return -1;
    const unsigned char *pairs = L->data + start + 4;
    for (uint64_t i = 0; i + 1 < count; i += 2) {
        uint64_t kind, value;
        memcpy(&kind, pairs + 8 * i, 8);
        memcpy(&value, pairs + 8 * i + 8, 8);
        if (i && put(L, join, (size_t)njoin) < 0) return -1;
        int code = kind < (uint64_t)L->ncodes ? L->codes[kind] : P_HEX;
        int rc;
        switch (code) {
        case P_NESTED: {
            Py_ssize_t n;
            const char *inner = PyUnicode_AsUTF8AndSize(PyList_GET_ITEM(L->joins, (Py_ssize_t)kind), &n);
            rc = inner ? label(L, value, inner, n, depth + 1) : -1;
            break;
        }
        case P_PRIVATE:
            rc = put(L, "<private>", 9);
            break;
        case P_DECIMAL:
            rc = put_decimal(L, value);
            break;
        case P_HEX_BARE:
            rc = put_hex(L, value, 0);
            break;
        case P_STRING:
            rc = value < (uint64_t)PyList_GET_SIZE(L->strings)
                     ? put_str(L, PyList_GET_ITEM(L->strings, (Py_ssize_t)value)) : -1;
            break;
        default:
            rc = put_hex(L, value, 1);
        }
        if (rc < 0) return -1;
    }
    return 0;
}

/* bundle_labels(index, data, block, refs, codes, joins, strings, join) -> [str] | None
 *   index: the typedArrayUniquer index past its 40-byte header, data: its data file (bytes-like),
 *   block: its block size;
 *   refs: the column's distinct references (uint64, native order); codes: one P_* byte per
 *   engineering type; joins: one str per engineering type; strings: uniquing/strings. */
PyObject *bundle_labels(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer index, data, refs, codes;
    unsigned long long block;
    PyObject *joins, *strings, *join;
    if (!PyArg_ParseTuple(args, "y*y*Ky*y*O!O!U", &index, &data, &block, &refs, &codes,
                          &PyList_Type, &joins, &PyList_Type, &strings, &join))
        return NULL;
    PyObject *out = NULL;
    Labels L = {0};
    Py_ssize_t njoin;
    const char *top_join = PyUnicode_AsUTF8AndSize(join, &njoin);
    if (top_join == NULL) goto done;
    if (PyList_GET_SIZE(joins) < codes.len || refs.len % 8) {
        PyErr_SetString(PyExc_ValueError, "one join per engineering type, uint64 references");
        goto done;
    }
    L.index = index.buf, L.data = data.buf, L.ndata = data.len, L.block = block;
    L.nindex = index.len / 8;
    L.codes = codes.buf, L.ncodes = codes.len, L.joins = joins, L.strings = strings;
    Py_ssize_t n = refs.len / 8;
    out = PyList_New(n);
    for (Py_ssize_t i = 0; out && i < n; i++) {
        uint64_t k;
        memcpy(&k, (const char *)refs.buf + 8 * i, 8);
        L.n = 0;
        if (label(&L, k, top_join, njoin, 0) < 0) {
            PyErr_Clear(); /* even out of memory: the Python path then meets it itself */
            Py_DECREF(out);
            out = Py_NewRef(Py_None);
            break;
        }
        PyObject *text = PyUnicode_DecodeUTF8(L.out ? L.out : "", (Py_ssize_t)L.n, "strict");
        if (text == NULL) Py_CLEAR(out);
        else PyList_SET_ITEM(out, i, text);
    }
done:
    PyMem_RawFree(L.out);
    PyBuffer_Release(&index);
    PyBuffer_Release(&data);
    PyBuffer_Release(&refs);
    PyBuffer_Release(&codes);
    return out;
}
