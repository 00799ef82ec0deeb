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
 *
 * The parts are listed in _fastread.h.
 */
#include "_fastread.h"

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
    case C_FLOAT:
    case C_BOOL:
        return Py_BuildValue("(iNN)", c->code, bytes_of(&c->ints), bytes_of(&c->na));
    case C_UINT:
        return Py_BuildValue("(iNNi)", c->code, bytes_of(&c->ints), bytes_of(&c->na), c->big);
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
    sax_handlers(&sax);

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
    {"bundle_labels", bundle_labels, METH_VARARGS,
     "Formatted labels of a .trace bundle column (see profiler/trace/bundle/cells.py)."},
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
