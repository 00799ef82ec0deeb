/* _fastread_sax.c: the libxml2 SAX2 callbacks. They follow the export grammar (root, node,
 * schema, col, row, cell) and hand the file or a table back on anything outside it. */
#include "_fastread.h"

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

/* The callbacks above, in a handler for xmlCreatePushParserCtxt. */
void sax_handlers(xmlSAXHandler *sax) {
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->characters = on_chars;
    sax->ignorableWhitespace = on_chars;
    sax->cdataBlock = on_chars;
    sax->comment = on_comment;
    sax->processingInstruction = on_pi;
    sax->internalSubset = on_subset;
    sax->externalSubset = on_subset;
    sax->getEntity = on_entity;
    sax->getParameterEntity = on_entity;
    sax->serror = on_error;
    sax->warning = on_message;
    sax->error = on_message;
    sax->fatalError = on_message;
}
