/* _fastread_memory.c: the compiled reader's memory (see _fastread.h). Nothing here is a Python
 * object: strings live in an arena, ids and records in chunked arrays. */
#include "_fastread.h"

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

void arena_free(Arena *a) {
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

Str *intern(Interner *t, const char *s, size_t n) {
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

int ids_reserve(IdTable *t, int64_t id) {
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

void ids_free(IdTable *t) {
    for (size_t i = 0; i < t->nblocks; i++) {
        PyMem_RawFree(t->kinds[i]);
        PyMem_RawFree(t->vals[i]);
    }
    PyMem_RawFree(t->kinds);
    PyMem_RawFree(t->vals);
    memset(t, 0, sizeof(*t));
}

int64_t comps_add(Comps *c, const Comp *value) {
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

void comps_free(Comps *c) {
    for (size_t i = 0; i < c->nblocks; i++) PyMem_RawFree(c->blocks[i]);
    PyMem_RawFree(c->blocks);
    memset(c, 0, sizeof(*c));
}

int vec_push(Vec *v, const void *x) {
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

void vec_free(Vec *v) {
    PyMem_RawFree(v->data);
    v->data = NULL;
    v->n = v->cap = 0;
}

int32_t dict_code(Dict *d, uint64_t key) {
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

void dict_free(Dict *d) {
    PyMem_RawFree(d->keys);
    PyMem_RawFree(d->codes);
    vec_free(&d->order);
    memset(d, 0, sizeof(*d));
    d->order.item = sizeof(uint64_t);
}
