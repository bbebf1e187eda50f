/* graph.c - the dependency graph: storage, blast radius, scores, apply
 * order.  The edges themselves come from graph_tf.c, graph_pulumi.c and
 * graph_k8s.c.  Every traversal is iterative.
 */
#include "graph_build.h"

#include <stdlib.h>
#include <string.h>

#include "plan_build.h"

static const char *const kind_keys[] = {
#define X(name, key, desc) key,
	GRAPH_EDGE_KINDS(X)
#undef X
};
static const char *const kind_descs[] = {
#define X(name, key, desc) desc,
	GRAPH_EDGE_KINDS(X)
#undef X
};

const char *
graph_edge_kind_key(enum graph_edge_kind kind)
{
	return (unsigned)kind < GRAPH_EDGE_KIND_COUNT ? kind_keys[kind] : "?";
}

const char *
graph_edge_kind_description(enum graph_edge_kind kind)
{
	return (unsigned)kind < GRAPH_EDGE_KIND_COUNT ? kind_descs[kind] : "?";
}

int
graph_edge_kind_parse(const char *key)
{
	int i;

	for (i = 0; i < GRAPH_EDGE_KIND_COUNT; i++)
		if (strcmp(key, kind_keys[i]) == 0)
			return i;
	return -1;
}

static int
nomem(struct error *err)
{
	return error_set(err, ERROR_NOMEM, "out of memory");
}

/* ---- maps ---- */

static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

uint64_t
graph_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL), w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ mix64(w)) * 0xc4ceb9fe1a85ec53ULL;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	return mix64(h ^ w ^ (uint64_t)n << 56);
}

void
graph_imap_release(struct graph_imap *m)
{
	mem_free(m->keys);
	mem_free(m->vals);
	memset(m, 0, sizeof(*m));
}

static int
imap_grow(struct graph_imap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64, i;
	uint64_t *keys = mem_calloc(ncap, sizeof(*keys));
	uint32_t *vals = mem_alloc(ncap * sizeof(*vals));

	if (!keys || !vals) {
		mem_free(keys);
		mem_free(vals);
		return -1;
	}
	for (i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->keys[i])
			continue;
		j = mix64(m->keys[i]) & (ncap - 1);
		while (keys[j])
			j = (j + 1) & (ncap - 1);
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
	}
	mem_free(m->keys);
	mem_free(m->vals);
	m->keys = keys;
	m->vals = vals;
	m->cap = ncap;
	return 0;
}

uint32_t *
graph_imap_get(const struct graph_imap *m, uint64_t key)
{
	size_t j;

	if (!m->cap)
		return NULL;
	key++;
	j = mix64(key) & (m->cap - 1);
	while (m->keys[j]) {
		if (m->keys[j] == key)
			return &m->vals[j];
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

uint32_t *
graph_imap_slot(struct graph_imap *m, uint64_t key, uint32_t dflt, bool *added)
{
	uint32_t *v = graph_imap_get(m, key);
	size_t j;

	if (added)
		*added = false;
	if (v)
		return v;
	if ((m->count + 1) * 2 > m->cap && imap_grow(m) < 0)
		return NULL;
	key++;
	j = mix64(key) & (m->cap - 1);
	while (m->keys[j])
		j = (j + 1) & (m->cap - 1);
	m->keys[j] = key;
	m->vals[j] = dflt;
	m->count++;
	if (added)
		*added = true;
	return &m->vals[j];
}

void
graph_smap_release(struct graph_smap *m)
{
	mem_free(m->e);
	memset(m, 0, sizeof(*m));
}

static int
smap_resize(struct graph_smap *m, size_t ncap)
{
	size_t i;
	struct graph_smap_entry *e = mem_calloc(ncap, sizeof(*e));

	if (!e)
		return -1;
	for (i = 0; i < m->cap; i++) {
		size_t j;

		if (!m->e[i].key)
			continue;
		j = m->e[i].hash & (ncap - 1);
		while (e[j].key)
			j = (j + 1) & (ncap - 1);
		e[j] = m->e[i];
	}
	mem_free(m->e);
	m->e = e;
	m->cap = ncap;
	return 0;
}

static int
smap_grow(struct graph_smap *m)
{
	return smap_resize(m, m->cap ? m->cap * 2 : 64);
}

int
graph_smap_reserve(struct graph_smap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 64;

	while (cap < n * 2)
		cap *= 2;
	return cap > m->cap ? smap_resize(m, cap) : 0;
}

static uint32_t *
smap_find(const struct graph_smap *m, const char *key, size_t len, uint64_t h)
{
	size_t j;

	if (!m->cap)
		return NULL;
	j = h & (m->cap - 1);
	while (m->e[j].key) {
		if (m->e[j].hash == h && m->e[j].len == len && memcmp(m->e[j].key, key, len) == 0)
			return &m->e[j].val;
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

uint32_t *
graph_smap_get(const struct graph_smap *m, const char *key, size_t len)
{
	return smap_find(m, key, len, graph_hash(key, len));
}

uint32_t *
graph_smap_slot(struct graph_smap *m, const char *key, size_t len, uint32_t dflt, bool *added)
{
	uint64_t h = graph_hash(key, len);
	uint32_t *v = smap_find(m, key, len, h);
	size_t j;

	if (added)
		*added = false;
	if (v)
		return v;
	if (len > UINT32_MAX)
		return NULL;
	if ((m->count + 1) * 2 > m->cap && smap_grow(m) < 0)
		return NULL;
	j = h & (m->cap - 1);
	while (m->e[j].key)
		j = (j + 1) & (m->cap - 1);
	m->e[j].key = key;
	m->e[j].len = (uint32_t)len;
	m->e[j].val = dflt;
	m->e[j].hash = h;
	m->count++;
	if (added)
		*added = true;
	return &m->e[j].val;
}

/* ---- building ---- */

const char *
graph_intern(struct graph *g, const char *s, size_t len)
{
	return strtab_intern(&g->strings, s, len);
}

const char *
graph_intern_buf(struct graph *g, const struct buf *b)
{
	return buf_failed(b) ? NULL : graph_intern(g, b->data, b->len);
}

static uint64_t
pair_key(uint32_t from, uint32_t to)
{
	return (uint64_t)from << 32 | to;
}

bool
graph_has_pair(const struct graph *g, uint32_t from, uint32_t to)
{
	return graph_imap_get(&g->pairs, pair_key(from, to)) != NULL;
}

int
graph_add_edge(struct graph *g, uint32_t from, uint32_t to, enum graph_edge_kind kind,
	       unsigned flags, const char *attr, const char *via)
{
	uint32_t *mask;
	bool added;
	void *p = g->edges;
	struct graph_edge *e;

	if (from == to || from >= g->n || to >= g->n)
		return 0;
	if ((flags & GRAPH_EDGE_WEAK) && graph_has_pair(g, from, to))
		return 0;
	if (g->nedges >= g->edge_budget) {
		/* full: count what is new, and add no pair either */
		mask = graph_imap_get(&g->pairs, pair_key(from, to));
		if (!mask || !(*mask & (1u << kind)))
			g->dropped_edges++;
		return 0;
	}
	mask = graph_imap_slot(&g->pairs, pair_key(from, to), 0, &added);
	if (!mask)
		return -1;
	if (*mask & (1u << kind))
		return 0;
	if (g->nedges >= UINT32_MAX - 1 ||
	    mem_grow_array(&p, &g->cedges, g->nedges + 1, sizeof(*g->edges)) < 0)
		return -1;
	g->edges = p;
	*mask |= 1u << kind;
	e = &g->edges[g->nedges++];
	e->from = from;
	e->to = to;
	e->kind = (uint8_t)kind;
	e->flags = (uint8_t)flags;
	e->attr = attr ? attr : "";
	e->via = via;
	return 0;
}

/* ---- walking values ---- */

struct graph_walk_frame {
	const struct value *v;
	size_t next;        /* the next member or item to visit */
	size_t path_len;    /* the path's length at v */
};

void
graph_walker_release(struct graph_walker *w)
{
	mem_free(w->frames);
	w->frames = NULL;
	w->cap = 0;
}

void
graph_path_step(struct buf *path, const struct value *parent, size_t j)
{
	if (parent->kind == VALUE_OBJECT) {
		if (path->len)
			buf_addch(path, '.');
		buf_add(path, parent->u.members[j].key, parent->u.members[j].key_len);
	} else {
		buf_addf(path, "[%zu]", j);
	}
}

static int
walk_push(struct graph_walker *w, size_t n, const struct value *v, size_t path_len)
{
	void *p = w->frames;

	if (mem_grow_array(&p, &w->cap, n + 1, sizeof(*w->frames)) < 0)
		return -1;
	w->frames = p;
	w->frames[n].v = v;
	w->frames[n].next = 0;
	w->frames[n].path_len = path_len;
	return 0;
}

int
graph_walk(struct graph_walker *w, const struct value *root, struct buf *path,
	   graph_walk_fn fn, void *ctx)
{
	size_t n = 1;

	if (!value_is_container(root) || !root->len)
		return 0;
	if (walk_push(w, 0, root, path->len) < 0)
		return -1;
	while (n) {
		struct graph_walk_frame *f = &w->frames[n - 1];
		const struct value *parent = f->v, *child;
		size_t j, plen = f->path_len;
		int r;

		if (f->next >= parent->len) {
			n--;
			continue;
		}
		j = f->next++;
		child = parent->kind == VALUE_OBJECT ? &parent->u.members[j].value
						     : &parent->u.items[j];
		buf_truncate(path, plen);
		r = fn(ctx, parent, j, child, path);
		if (r < 0)
			return -1;
		if (r != GRAPH_WALK_DESCEND || !value_is_container(child))
			continue;
		if (path->len == plen)
			graph_path_step(path, parent, j);
		if (walk_push(w, n, child, path->len) < 0)
			return -1;
		n++;
	}
	return 0;
}

const struct value *
graph_change_object(const struct plan_change *c)
{
	if (c->after.kind == VALUE_OBJECT)
		return &c->after;
	if (c->before.kind == VALUE_OBJECT)
		return &c->before;
	return &value_absent;
}

/* Lower is preferred as the node an address names. */
static int
primary_rank(const struct plan_change *c)
{
	int r;

	switch (c->section) {
	case PLAN_SECTION_CHANGE:
		r = 0;
		break;
	case PLAN_SECTION_DEFERRED:
		r = 1;
		break;
	case PLAN_SECTION_CONTEXT:
		r = 2;
		break;
	default:
		r = 3;
		break;
	}
	return (c->flags & PLAN_CHANGE_DEPOSED) ? r + 4 : r;
}

static int
index_names(struct graph *g)
{
	const struct plan *plan = g->plan;
	size_t i;

	for (i = 0; i < g->n; i++) {
		const struct plan_change *c = plan_change_at(plan, i);
		uint32_t *slot;
		bool added;

		slot = graph_smap_slot(&g->by_address, c->address, strlen(c->address),
				       (uint32_t)i, &added);
		if (!slot)
			return -1;
		if (!added && primary_rank(c) < primary_rank(plan_change_at(plan, *slot)))
			*slot = (uint32_t)i;
		if (c->native_id && c->native_id != c->address && *c->native_id) {
			slot = graph_smap_slot(&g->by_native, c->native_id, strlen(c->native_id),
					       (uint32_t)i, &added);
			if (!slot)
				return -1;
			if (!added && primary_rank(c) < primary_rank(plan_change_at(plan, *slot)))
				*slot = (uint32_t)i;
		}
	}
	for (i = 0; i < g->n; i++) {
		const struct plan_change *c = plan_change_at(plan, i);

		g->primary[i] = *graph_smap_get(&g->by_address, c->address, strlen(c->address));
	}
	return 0;
}

static int
edge_cmp(const void *a, const void *b)
{
	const struct graph_edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* Sorts the edges and builds the out/in indexes (counting sorts). */
static int
finish(struct graph *g)
{
	size_t i;

	if (g->nedges)
		qsort(g->edges, g->nedges, sizeof(*g->edges), edge_cmp);
	g->out_start = mem_calloc(g->n + 1, sizeof(*g->out_start));
	g->in_start = mem_calloc(g->n + 2, sizeof(*g->in_start));
	g->in_ids = mem_alloc((g->nedges ? g->nedges : 1) * sizeof(*g->in_ids));
	if (!g->out_start || !g->in_start || !g->in_ids)
		return -1;
	for (i = 0; i < g->nedges; i++) {
		g->out_start[g->edges[i].from + 1]++;
		g->in_start[g->edges[i].to + 2]++;
	}
	for (i = 0; i < g->n; i++) {
		g->out_start[i + 1] += g->out_start[i];
		g->in_start[i + 2] += g->in_start[i + 1];
	}
	/* edges are sorted by from: a stable fill keeps each in-list by from */
	for (i = 0; i < g->nedges; i++)
		g->in_ids[g->in_start[g->edges[i].to + 1]++] = (uint32_t)i;
	return 0;
}

int
graph_build(struct graph **out, const struct plan *plan, struct error *err)
{
	struct graph *g;
	int rc = 0;

	*out = NULL;
	if (plan_change_count(plan) >= UINT32_MAX - 1)
		return error_set(err, ERROR_LIMIT, "too many resources for the graph");
	g = mem_calloc(1, sizeof(*g));
	if (!g)
		return nomem(err);
	g->plan = plan;
	g->n = plan_change_count(plan);
	g->edge_budget = g->n < GRAPH_MIN_EDGES / GRAPH_EDGES_PER_NODE
				 ? GRAPH_MIN_EDGES
				 : g->n * GRAPH_EDGES_PER_NODE;
	strtab_init(&g->strings, &g->arena);
	g->primary = mem_alloc((g->n ? g->n : 1) * sizeof(*g->primary));
	if (!g->primary || index_names(g) < 0) {
		graph_free(&g);
		return nomem(err);
	}
	switch (plan_source_kind(plan)) {
	case PLAN_SOURCE_TERRAFORM:
		rc = graph_tf_extract(g, err);
		break;
	case PLAN_SOURCE_PULUMI:
		rc = graph_pulumi_extract(g, err);
		break;
	case PLAN_SOURCE_MANIFESTS:
		rc = graph_k8s_extract(g, err);
		break;
	}
	graph_imap_release(&g->pairs);
	if (rc < 0 || finish(g) < 0) {
		if (rc == 0)
			nomem(err);
		graph_free(&g);
		return -1;
	}
	*out = g;
	return 0;
}

void
graph_free(struct graph **pg)
{
	struct graph *g = *pg;

	if (!g)
		return;
	mem_free(g->edges);
	graph_imap_release(&g->pairs);
	mem_free(g->primary);
	graph_smap_release(&g->by_address);
	graph_smap_release(&g->by_native);
	mem_free(g->out_start);
	mem_free(g->in_start);
	mem_free(g->in_ids);
	strtab_release(&g->strings);
	arena_release(&g->arena);
	mem_free(g);
	*pg = NULL;
}

/* ---- reading ---- */

const struct plan *
graph_plan(const struct graph *g)
{
	return g->plan;
}

size_t
graph_node_count(const struct graph *g)
{
	return g->n;
}

size_t
graph_edge_count(const struct graph *g)
{
	return g->nedges;
}

const struct graph_edge *
graph_edge_at(const struct graph *g, size_t i)
{
	return i < g->nedges ? &g->edges[i] : NULL;
}

size_t
graph_out_degree(const struct graph *g, size_t node)
{
	return node < g->n ? g->out_start[node + 1] - g->out_start[node] : 0;
}

const struct graph_edge *
graph_out_edge(const struct graph *g, size_t node, size_t i)
{
	return i < graph_out_degree(g, node) ? &g->edges[g->out_start[node] + i] : NULL;
}

size_t
graph_in_degree(const struct graph *g, size_t node)
{
	return node < g->n ? g->in_start[node + 1] - g->in_start[node] : 0;
}

const struct graph_edge *
graph_in_edge(const struct graph *g, size_t node, size_t i)
{
	return i < graph_in_degree(g, node) ? &g->edges[g->in_ids[g->in_start[node] + i]] : NULL;
}

const struct graph_edge *
graph_find_edge(const struct graph *g, size_t from, size_t to, enum graph_edge_kind kind)
{
	size_t lo, hi;

	if (from >= g->n)
		return NULL;
	lo = g->out_start[from];
	hi = g->out_start[from + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct graph_edge *e = &g->edges[mid];

		if (e->to < to || (e->to == to && e->kind < kind))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < g->out_start[from + 1] && g->edges[lo].to == to && g->edges[lo].kind == kind)
		return &g->edges[lo];
	return NULL;
}

long
graph_find_node(const struct graph *g, const char *address)
{
	const uint32_t *v = graph_smap_get(&g->by_address, address, strlen(address));

	if (!v)
		v = graph_smap_get(&g->by_native, address, strlen(address));
	return v ? (long)*v : -1;
}

size_t
graph_lost_local_count(const struct graph *g)
{
	return g->lost_locals;
}

size_t
graph_dropped_edge_count(const struct graph *g)
{
	return g->dropped_edges;
}

bool
graph_node_is_primary(const struct graph *g, size_t node)
{
	return node < g->n && g->primary[node] == node;
}

double
graph_action_weight(const struct plan_change *c)
{
	if (!plan_change_is_actionable(c))
		return 0;
	switch (c->action) {
	case PLAN_ACTION_DELETE:
	case PLAN_ACTION_REPLACE:
		return 10;
	case PLAN_ACTION_UPDATE:
		return 4;
	case PLAN_ACTION_FORGET:
		return 2;
	case PLAN_ACTION_CREATE:
	case PLAN_ACTION_READ:
	case PLAN_ACTION_IMPORT:
	case PLAN_ACTION_MOVE:
		return 1;
	default:
		return 0;
	}
}

/* ---- walks over reverse edges ----
 *
 * A breadth-first walk from some sources over in-edges (toward what
 * depends on them), in phases: phase 0 follows strong edges only; weak
 * edges met on the way seed phase 1 (one weak edge on the path), and so
 * on.  So each node is reached by the path with the fewest weak edges,
 * and among those the shortest.  Level by level, no recursion. */

struct walk_seed {
	uint32_t node, dist, edge;
};

struct walk {
	const struct graph *g;
	uint32_t *dist;          /* per node; GRAPH_NONE = not reached */
	uint32_t *edge;          /* per node: the edge it was reached by */
	uint8_t *weak;           /* per node: reached in a phase > 0 */
	uint32_t *order;         /* reached nodes in the order reached */
	size_t norder;
	struct walk_seed *seeds, *next;
	size_t nseeds, cseeds, nnext, cnext;
	size_t visits;           /* edges and nodes looked at */
};

static int
walk_init(struct walk *w, const struct graph *g)
{
	size_t n = g->n ? g->n : 1;

	memset(w, 0, sizeof(*w));
	w->g = g;
	w->dist = mem_alloc(n * sizeof(*w->dist));
	w->edge = mem_alloc(n * sizeof(*w->edge));
	w->weak = mem_calloc(n, 1);
	w->order = mem_alloc(n * sizeof(*w->order));
	if (!w->dist || !w->edge || !w->weak || !w->order)
		return -1;
	memset(w->dist, 0xFF, n * sizeof(*w->dist));
	return 0;
}

static void
walk_release(struct walk *w)
{
	mem_free(w->dist);
	mem_free(w->edge);
	mem_free(w->weak);
	mem_free(w->order);
	mem_free(w->seeds);
	mem_free(w->next);
	memset(w, 0, sizeof(*w));
}

/* Forgets the last walk (in time proportional to what it reached). */
static void
walk_reset(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->norder; i++) {
		w->dist[w->order[i]] = GRAPH_NONE;
		w->weak[w->order[i]] = 0;
	}
	w->norder = 0;
	w->nseeds = w->nnext = 0;
	w->visits = 0;
}

static int
push_next(struct walk *w, uint32_t node, uint32_t dist, uint32_t edge)
{
	void *p = w->next;

	if (mem_grow_array(&p, &w->cnext, w->nnext + 1, sizeof(*w->next)) < 0)
		return -1;
	w->next = p;
	w->next[w->nnext].node = node;
	w->next[w->nnext].dist = dist;
	w->next[w->nnext].edge = edge;
	w->nnext++;
	return 0;
}

static void
reach(struct walk *w, uint32_t node, uint32_t dist, uint32_t edge, bool weak)
{
	w->dist[node] = dist;
	w->edge[node] = edge;
	w->weak[node] = weak;
	w->order[w->norder++] = node;
}

/* Walks from the sources (distance 0).  max_depth 0 = no limit.  Stops
 * early (returning 1) once `budget` visits are spent, if budget > 0. */
static int
walk_run(struct walk *w, const uint32_t *sources, size_t nsources, uint32_t max_depth,
	 size_t budget)
{
	const struct graph *g = w->g;
	unsigned phase = 0;
	size_t i;

	for (i = 0; i < nsources; i++)
		if (push_next(w, sources[i], 0, GRAPH_NONE) < 0)
			return -1;
	while (w->nnext) {
		struct walk_seed *tmp = w->seeds;
		size_t ctmp = w->cseeds, si = 0, lvl_begin = w->norder;
		uint32_t d;

		/* seeds were appended with nondecreasing distances */
		w->seeds = w->next;
		w->cseeds = w->cnext;
		w->nseeds = w->nnext;
		w->next = tmp;
		w->cnext = ctmp;
		w->nnext = 0;
		d = w->seeds[0].dist;
		for (;;) {
			size_t lvl_end, k;

			while (si < w->nseeds && w->seeds[si].dist == d) {
				const struct walk_seed *s = &w->seeds[si++];

				if (w->dist[s->node] == GRAPH_NONE)
					reach(w, s->node, d, s->edge, phase > 0);
			}
			lvl_end = w->norder;
			if (lvl_begin == lvl_end) {
				if (si >= w->nseeds)
					break;
				d = w->seeds[si].dist;
				continue;
			}
			if (max_depth && d >= max_depth) {
				lvl_begin = lvl_end;
				d++;
				continue;
			}
			for (k = lvl_begin; k < lvl_end; k++) {
				uint32_t u = w->order[k];
				size_t j, end = g->in_start[u + 1];

				w->visits++;
				for (j = g->in_start[u]; j < end; j++) {
					uint32_t eid = g->in_ids[j];
					const struct graph_edge *e = &g->edges[eid];

					w->visits++;
					if (w->dist[e->from] != GRAPH_NONE)
						continue;
					if (e->flags & GRAPH_EDGE_WEAK) {
						if (push_next(w, e->from, d + 1, eid) < 0)
							return -1;
					} else {
						reach(w, e->from, d + 1, eid, phase > 0);
					}
				}
				if (budget && w->visits > budget)
					return 1;
			}
			lvl_begin = lvl_end;
			d++;
		}
		phase++;
	}
	return 0;
}

/* Whether some node at max_depth has a dependent left out. */
static bool
walk_truncated(const struct walk *w, uint32_t max_depth)
{
	size_t i, j;

	if (!max_depth)
		return false;
	for (i = 0; i < w->norder; i++) {
		uint32_t u = w->order[i];

		if (w->dist[u] != max_depth)
			continue;
		for (j = w->g->in_start[u]; j < w->g->in_start[u + 1]; j++)
			if (w->dist[w->g->edges[w->g->in_ids[j]].from] == GRAPH_NONE)
				return true;
	}
	return false;
}

/* ---- blast radius ---- */

struct blast_priv {
	struct graph_blast pub;
	uint32_t *index;     /* per node: index in deps[], or GRAPH_NONE */
	size_t n;
};

void
graph_blast_free(struct graph_blast **pb)
{
	struct blast_priv *b = (struct blast_priv *)*pb;

	if (!b)
		return;
	mem_free(b->pub.deps);
	mem_free(b->pub.tree);
	mem_free(b->index);
	mem_free(b);
	*pb = NULL;
}

const struct graph_dependent *
graph_blast_find(const struct graph_blast *pub, size_t node)
{
	const struct blast_priv *b = (const struct blast_priv *)pub;

	if (node >= b->n || b->index[node] == GRAPH_NONE)
		return NULL;
	return &pub->deps[b->index[node]];
}

/* A child in the tree, sorted by address then position. */
struct tree_kid {
	const char *address;
	uint32_t dep;
};

static int
kid_cmp(const void *a, const void *b)
{
	const struct tree_kid *x = a, *y = b;
	int c = strcmp(x->address, y->address);

	if (c)
		return c;
	return x->dep < y->dep ? -1 : x->dep > y->dep;
}

/* Preorder of the tree given by parent indexes, children by address.
 * Slot 0 holds the root's children, slot p + 1 those of deps[p]. */
static int
blast_tree(const struct graph *g, struct graph_blast *b)
{
	size_t n = b->count, i, top = 0, out = 0;
	uint32_t *start = mem_calloc(n + 2, sizeof(*start));
	uint32_t *fill = mem_alloc((n + 1) * sizeof(*fill));
	struct tree_kid *kids = mem_alloc((n ? n : 1) * sizeof(*kids));
	uint32_t *stack = mem_alloc((n ? n : 1) * sizeof(*stack));
	int rc = -1;

	b->tree = mem_alloc((n ? n : 1) * sizeof(*b->tree));
	if (!start || !fill || !kids || !stack || !b->tree)
		goto out;
	for (i = 0; i < n; i++)
		start[(b->deps[i].parent == GRAPH_ROOT ? 0 : b->deps[i].parent + 1) + 1]++;
	for (i = 0; i < n + 1; i++)
		start[i + 1] += start[i];
	memcpy(fill, start, (n + 1) * sizeof(*fill));
	for (i = 0; i < n; i++) {
		struct tree_kid *k =
			&kids[fill[b->deps[i].parent == GRAPH_ROOT ? 0 : b->deps[i].parent + 1]++];

		k->address = plan_change_at(g->plan, b->deps[i].node)->address;
		k->dep = (uint32_t)i;
	}
	for (i = 0; i < n + 1; i++)
		if (start[i + 1] - start[i] > 1)
			qsort(&kids[start[i]], start[i + 1] - start[i], sizeof(*kids), kid_cmp);
	/* push children in reverse so that the first comes out first */
	for (i = start[1]; i > start[0]; i--)
		stack[top++] = kids[i - 1].dep;
	while (top) {
		uint32_t x = stack[--top];

		b->tree[out++] = x;
		for (i = start[x + 2]; i > start[x + 1]; i--)
			stack[top++] = kids[i - 1].dep;
	}
	rc = 0;
out:
	mem_free(start);
	mem_free(fill);
	mem_free(kids);
	mem_free(stack);
	return rc;
}

static double
walk_strength_sum(const struct walk *w, size_t from)
{
	double sum = 0;
	size_t i;

	for (i = from; i < w->norder; i++) {
		uint32_t v = w->order[i];

		if (w->dist[v])
			sum += (w->weak[v] ? 0.5 : 1.0) / w->dist[v];
	}
	return sum;
}

int
graph_blast(const struct graph *g, size_t node, const struct graph_blast_opts *opts,
	    struct graph_blast **out, struct error *err)
{
	struct blast_priv *b;
	struct walk w;
	uint32_t src = (uint32_t)node, max_depth = opts ? opts->max_depth : 0;
	size_t i;

	*out = NULL;
	if (node >= g->n)
		return error_set(err, ERROR_NOTFOUND, "no node %zu in the graph", node);
	b = mem_calloc(1, sizeof(*b));
	if (!b)
		return nomem(err);
	b->n = g->n;
	if (walk_init(&w, g) < 0 || walk_run(&w, &src, 1, max_depth, 0) < 0)
		goto nomem;
	b->pub.root = src;
	b->pub.count = w.norder - 1;
	b->pub.deps = mem_alloc((w.norder ? w.norder : 1) * sizeof(*b->pub.deps));
	b->index = mem_alloc(g->n * sizeof(*b->index));
	if (!b->pub.deps || !b->index)
		goto nomem;
	memset(b->index, 0xFF, g->n * sizeof(*b->index));
	for (i = 1; i < w.norder; i++)
		b->index[w.order[i]] = (uint32_t)(i - 1);
	for (i = 1; i < w.norder; i++) {
		uint32_t v = w.order[i];
		struct graph_dependent *d = &b->pub.deps[i - 1];
		const struct graph_edge *e = &g->edges[w.edge[v]];

		d->node = v;
		d->edge = w.edge[v];
		d->parent = e->to == src ? GRAPH_ROOT : b->index[e->to];
		d->dist = w.dist[v];
		d->weak = w.weak[v];
		d->changes = plan_change_is_actionable(plan_change_at(g->plan, v));
		if (d->changes)
			b->pub.changing++;
		if (d->weak)
			b->pub.weak++;
		if (d->dist > b->pub.max_dist)
			b->pub.max_dist = d->dist;
	}
	b->pub.truncated = walk_truncated(&w, max_depth);
	b->pub.score = graph_action_weight(plan_change_at(g->plan, src)) *
		       (1 + walk_strength_sum(&w, 1));
	if (blast_tree(g, &b->pub) < 0)
		goto nomem;
	walk_release(&w);
	*out = &b->pub;
	return 0;
nomem:
	walk_release(&w);
	{
		struct graph_blast *pb = &b->pub;

		graph_blast_free(&pb);
	}
	return nomem(err);
}

int
graph_blast_path(const struct graph *g, const struct graph_blast *b, size_t dep_index,
		 uint32_t **nodes, uint32_t **edges, size_t *n, struct error *err)
{
	const struct graph_dependent *d;
	uint32_t *ns, *es;
	size_t len, i;

	(void)g;
	*nodes = *edges = NULL;
	*n = 0;
	if (dep_index >= b->count)
		return error_set(err, ERROR_NOTFOUND, "no dependent %zu", dep_index);
	d = &b->deps[dep_index];
	len = (size_t)d->dist + 1;
	ns = mem_alloc(len * sizeof(*ns));
	es = mem_alloc(len * sizeof(*es));
	if (!ns || !es) {
		mem_free(ns);
		mem_free(es);
		return nomem(err);
	}
	for (i = 0; i + 1 < len; i++) {
		ns[i] = d->node;
		es[i] = d->edge;
		if (d->parent == GRAPH_ROOT) {
			i++;
			break;
		}
		d = &b->deps[d->parent];
	}
	ns[i] = b->root;
	*nodes = ns;
	*edges = es;
	*n = i + 1;
	return 0;
}

int
graph_count_dependents(const struct graph *g, size_t node, size_t *count, struct error *err)
{
	struct walk w;
	uint32_t src = (uint32_t)node;

	*count = 0;
	if (node >= g->n)
		return error_set(err, ERROR_NOTFOUND, "no node %zu in the graph", node);
	if (walk_init(&w, g) < 0 || walk_run(&w, &src, 1, 0, 0) < 0) {
		walk_release(&w);
		return nomem(err);
	}
	*count = w.norder - 1;
	walk_release(&w);
	return 0;
}

/* ---- the change set ---- */

static int
dbl_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

int
graph_summarize(const struct graph *g, struct graph_summary *s, struct error *err)
{
	struct walk w;
	double *best = NULL, weights[PLAN_ACTION_COUNT] = { 0 };
	uint32_t *src = NULL;
	size_t nweights = 0, i, k;
	struct graph_order *order = NULL;
	int rc = -1;

	memset(s, 0, sizeof(*s));
	s->edges = g->nedges;
	for (i = 0; i < g->nedges; i++)
		if (g->edges[i].flags & GRAPH_EDGE_WEAK)
			s->weak_edges++;
	/* the distinct weights of actionable changes */
	for (i = 0; i < g->n; i++) {
		const struct plan_change *c = plan_change_at(g->plan, i);
		double wt = graph_action_weight(c);

		if (plan_change_is_actionable(c))
			s->actionable++;
		s->score += wt;
		if (wt <= 0)
			continue;
		for (k = 0; k < nweights && weights[k] != wt; k++)
			;
		if (k == nweights && nweights < PLAN_ACTION_COUNT)
			weights[nweights++] = wt;
	}
	qsort(weights, nweights, sizeof(*weights), dbl_desc);
	if (walk_init(&w, g) < 0)
		goto nomem;
	best = mem_calloc(g->n ? g->n : 1, sizeof(*best));
	src = mem_alloc((g->n ? g->n : 1) * sizeof(*src));
	if (!best || !src)
		goto nomem;
	/* one walk from all the changes of each weight at once */
	for (k = 0; k < nweights; k++) {
		size_t nsrc = 0;

		for (i = 0; i < g->n; i++)
			if (graph_action_weight(plan_change_at(g->plan, i)) == weights[k])
				src[nsrc++] = (uint32_t)i;
		if (walk_run(&w, src, nsrc, 0, 0) < 0)
			goto nomem;
		for (i = 0; i < w.norder; i++) {
			uint32_t v = w.order[i];
			double val;

			if (!w.dist[v])
				continue;
			val = weights[k] * (w.weak[v] ? 0.5 : 1.0) / w.dist[v];
			if (val > best[v])
				best[v] = val;
		}
		walk_reset(&w);
	}
	for (i = 0; i < g->n; i++) {
		s->score += best[i];
		if (best[i] > 0 && !plan_change_is_actionable(plan_change_at(g->plan, i)))
			s->affected++;
	}
	rc = 0;
nomem:
	walk_release(&w);
	mem_free(best);
	mem_free(src);
	if (rc < 0)
		return nomem(err);
	if (graph_apply_order(g, &order, err) < 0)
		return -1;
	s->cycles = order->ncycles;
	graph_order_free(&order);
	return 0;
}

struct rank_key {
	double weight;
	size_t degree;
	uint32_t node;
};

static int
candidate_cmp(const void *a, const void *b)
{
	const struct rank_key *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	if (x->degree != y->degree)
		return x->degree > y->degree ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

struct rank_sort {
	struct graph_rank_entry e;
	const char *address;
};

static int
rank_cmp(const void *a, const void *b)
{
	const struct rank_sort *x = a, *y = b;
	int c;

	if (x->e.score != y->e.score)
		return x->e.score > y->e.score ? -1 : 1;
	c = strcmp(x->address, y->address);
	if (c)
		return c;
	return x->e.node < y->e.node ? -1 : x->e.node > y->e.node;
}

/* Scores one candidate from its direct dependents only. */
static void
rank_estimate(const struct graph *g, struct graph_rank_entry *e)
{
	double sum = 0;
	size_t j;

	e->estimated = true;
	for (j = 0; j < graph_in_degree(g, e->node); j++) {
		const struct graph_edge *ed = graph_in_edge(g, e->node, j);

		/* in-edges are sorted by dependent: count each once */
		if (j && graph_in_edge(g, e->node, j - 1)->from == ed->from)
			continue;
		e->dependents++;
		if (plan_change_is_actionable(plan_change_at(g->plan, ed->from)))
			e->changing++;
		sum += (ed->flags & GRAPH_EDGE_WEAK) ? 0.5 : 1.0;
	}
	e->score = graph_action_weight(plan_change_at(g->plan, e->node)) * (1 + sum);
}

int
graph_rank(const struct graph *g, size_t limit, struct graph_rank_entry **out, size_t *n,
	   struct error *err)
{
	struct walk w;
	struct rank_key *cand = mem_alloc((g->n ? g->n : 1) * sizeof(*cand));
	struct rank_sort *rs = NULL;
	struct graph_rank_entry *r = NULL;
	size_t ncand = 0, i, spent = 0, budget = 8 * (g->n + g->nedges) + 4096;
	bool exhausted = false;
	int rc = -1;

	*out = NULL;
	*n = 0;
	memset(&w, 0, sizeof(w));
	if (!cand || walk_init(&w, g) < 0)
		goto nomem;
	for (i = 0; i < g->n; i++) {
		double wt = graph_action_weight(plan_change_at(g->plan, i));

		if (wt <= 0)
			continue;
		cand[ncand].weight = wt;
		cand[ncand].degree = graph_in_degree(g, i);
		cand[ncand++].node = (uint32_t)i;
	}
	qsort(cand, ncand, sizeof(*cand), candidate_cmp);
	rs = mem_calloc(ncand ? ncand : 1, sizeof(*rs));
	r = mem_calloc(ncand ? ncand : 1, sizeof(*r));
	if (!rs || !r)
		goto nomem;
	for (i = 0; i < ncand; i++) {
		struct graph_rank_entry *e = &rs[i].e;
		size_t j;
		int walked;

		e->node = cand[i].node;
		rs[i].address = plan_change_at(g->plan, e->node)->address;
		if (!exhausted && spent < budget) {
			walked = walk_run(&w, &e->node, 1, 0, budget - spent);
			if (walked < 0)
				goto nomem;
			if (walked == 0) {
				spent += w.visits;
				e->dependents = w.norder - 1;
				for (j = 1; j < w.norder; j++)
					if (plan_change_is_actionable(plan_change_at(g->plan, w.order[j])))
						e->changing++;
				e->score = cand[i].weight * (1 + walk_strength_sum(&w, 1));
				walk_reset(&w);
				continue;
			}
			walk_reset(&w);
		}
		exhausted = true;
		rank_estimate(g, e);
	}
	qsort(rs, ncand, sizeof(*rs), rank_cmp);
	for (i = 0; i < ncand; i++)
		r[i] = rs[i].e;
	*out = r;
	r = NULL;
	*n = limit && limit < ncand ? limit : ncand;
	rc = 0;
nomem:
	walk_release(&w);
	mem_free(cand);
	mem_free(rs);
	mem_free(r);
	return rc < 0 ? nomem(err) : 0;
}

/* ---- apply order ---- */

void
graph_order_free(struct graph_order **po)
{
	struct graph_order *o = *po;
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->ncycles; i++) {
		mem_free(o->cycles[i].nodes);
		mem_free(o->cycles[i].edges);
	}
	mem_free(o->cycles);
	mem_free(o->steps);
	mem_free(o);
	*po = NULL;
}

static bool
is_destroy(const struct plan_change *c)
{
	return plan_change_is_actionable(c) && c->action == PLAN_ACTION_DELETE;
}

/* "Goes before" graph: x -> y when x must happen before y. */
struct before {
	uint32_t *start;   /* n + 1 */
	uint32_t *succ;    /* successor nodes */
	uint32_t *edge;    /* the dependency edge behind each */
};

static int
before_build(const struct graph *g, struct before *bf)
{
	size_t i, m = 0;
	uint32_t *fill;

	memset(bf, 0, sizeof(*bf));
	bf->start = mem_calloc(g->n + 1, sizeof(*bf->start));
	bf->succ = mem_alloc((g->nedges ? g->nedges : 1) * sizeof(*bf->succ));
	bf->edge = mem_alloc((g->nedges ? g->nedges : 1) * sizeof(*bf->edge));
	fill = mem_alloc((g->n + 1) * sizeof(*fill));
	if (!bf->start || !bf->succ || !bf->edge || !fill) {
		mem_free(fill);
		return -1;
	}
	for (i = 0; i < g->nedges; i++) {
		const struct graph_edge *e = &g->edges[i];
		bool flip;

		if (e->flags & GRAPH_EDGE_WEAK)
			continue;
		flip = is_destroy(plan_change_at(g->plan, e->from)) &&
		       is_destroy(plan_change_at(g->plan, e->to));
		bf->start[(flip ? e->from : e->to) + 1]++;
	}
	for (i = 0; i < g->n; i++)
		bf->start[i + 1] += bf->start[i];
	memcpy(fill, bf->start, (g->n + 1) * sizeof(*fill));
	for (i = 0; i < g->nedges; i++) {
		const struct graph_edge *e = &g->edges[i];
		bool flip;
		uint32_t x, y;

		if (e->flags & GRAPH_EDGE_WEAK)
			continue;
		flip = is_destroy(plan_change_at(g->plan, e->from)) &&
		       is_destroy(plan_change_at(g->plan, e->to));
		x = flip ? e->from : e->to;
		y = flip ? e->to : e->from;
		bf->succ[fill[x]] = y;
		bf->edge[fill[x]++] = (uint32_t)i;
		m++;
	}
	(void)m;
	mem_free(fill);
	return 0;
}

static void
before_release(struct before *bf)
{
	mem_free(bf->start);
	mem_free(bf->succ);
	mem_free(bf->edge);
}

/* Tarjan's strongly connected components, iteratively.  comp[v] gets the
 * component id; ids come out sinks first (reverse topological order). */
static int
tarjan(size_t n, const struct before *bf, uint32_t *comp, uint32_t *ncomp)
{
	uint32_t *idx = mem_alloc((n ? n : 1) * sizeof(*idx));
	uint32_t *low = mem_alloc((n ? n : 1) * sizeof(*low));
	uint32_t *stack = mem_alloc((n ? n : 1) * sizeof(*stack));
	uint32_t *cs_node = mem_alloc((n ? n : 1) * sizeof(*cs_node));
	uint32_t *cs_pos = mem_alloc((n ? n : 1) * sizeof(*cs_pos));
	uint8_t *on = mem_calloc(n ? n : 1, 1);
	uint32_t counter = 0, nc = 0;
	size_t sp = 0, csp, v0;
	int rc = -1;

	if (!idx || !low || !stack || !cs_node || !cs_pos || !on)
		goto out;
	memset(idx, 0xFF, n * sizeof(*idx));
	for (v0 = 0; v0 < n; v0++) {
		if (idx[v0] != GRAPH_NONE)
			continue;
		csp = 0;
		cs_node[csp] = (uint32_t)v0;
		cs_pos[csp++] = bf->start[v0];
		idx[v0] = low[v0] = counter++;
		stack[sp++] = (uint32_t)v0;
		on[v0] = 1;
		while (csp) {
			uint32_t v = cs_node[csp - 1];

			if (cs_pos[csp - 1] < bf->start[v + 1]) {
				uint32_t w = bf->succ[cs_pos[csp - 1]++];

				if (idx[w] == GRAPH_NONE) {
					idx[w] = low[w] = counter++;
					stack[sp++] = w;
					on[w] = 1;
					cs_node[csp] = w;
					cs_pos[csp++] = bf->start[w];
				} else if (on[w] && idx[w] < low[v]) {
					low[v] = idx[w];
				}
				continue;
			}
			if (low[v] == idx[v]) {
				uint32_t w;

				do {
					w = stack[--sp];
					on[w] = 0;
					comp[w] = nc;
				} while (w != v);
				nc++;
			}
			csp--;
			if (csp) {
				uint32_t u = cs_node[csp - 1];

				if (low[v] < low[u])
					low[u] = low[v];
			}
		}
	}
	*ncomp = nc;
	rc = 0;
out:
	mem_free(idx);
	mem_free(low);
	mem_free(stack);
	mem_free(cs_node);
	mem_free(cs_pos);
	mem_free(on);
	return rc;
}

/* One closed path inside the component of `start`. */
static int
find_cycle(const struct before *bf, const uint32_t *comp, uint32_t start, uint32_t *pos,
	   struct graph_cycle *cy)
{
	uint32_t *path_n = NULL, *path_e = NULL;
	size_t len = 0, cap = 0, i, from;
	uint32_t v = start;
	int rc = -1;

	for (;;) {
		uint32_t j, w = GRAPH_NONE, e = GRAPH_NONE;
		void *pn = path_n, *pe = path_e;
		size_t c2 = cap;

		if (mem_grow_array(&pn, &cap, len + 1, sizeof(*path_n)) < 0)
			goto out;
		path_n = pn;
		if (mem_grow_array(&pe, &c2, len + 1, sizeof(*path_e)) < 0)
			goto out;
		path_e = pe;
		pos[v] = (uint32_t)len;
		for (j = bf->start[v]; j < bf->start[v + 1]; j++)
			if (comp[bf->succ[j]] == comp[v]) {
				w = bf->succ[j];
				e = bf->edge[j];
				break;
			}
		path_n[len] = v;
		path_e[len] = e;
		len++;
		if (w == GRAPH_NONE)
			goto out; /* cannot happen in a component of size >= 2 */
		if (pos[w] != GRAPH_NONE) {
			from = pos[w];
			break;
		}
		v = w;
	}
	cy->len = len - from;
	cy->nodes = mem_alloc(cy->len * sizeof(*cy->nodes));
	cy->edges = mem_alloc(cy->len * sizeof(*cy->edges));
	if (!cy->nodes || !cy->edges)
		goto out;
	memcpy(cy->nodes, path_n + from, cy->len * sizeof(*cy->nodes));
	memcpy(cy->edges, path_e + from, cy->len * sizeof(*cy->edges));
	rc = 0;
out:
	for (i = 0; i < len; i++)
		pos[path_n[i]] = GRAPH_NONE;
	mem_free(path_n);
	mem_free(path_e);
	return rc;
}

static int
step_cmp(const void *a, const void *b)
{
	const struct graph_step *x = a, *y = b;

	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

int
graph_apply_order(const struct graph *g, struct graph_order **out, struct error *err)
{
	struct before bf;
	struct graph_order *o = NULL;
	size_t n = g->n, i;
	uint32_t *comp = NULL, *cstart = NULL, *cnodes = NULL, *carry = NULL, *cstep = NULL;
	uint32_t *csize = NULL, *cycle_of = NULL, *pos = NULL;
	uint8_t *cact = NULL;
	uint32_t ncomp = 0, c;
	int rc = -1;

	*out = NULL;
	if (before_build(g, &bf) < 0)
		goto nomem;
	o = mem_calloc(1, sizeof(*o));
	comp = mem_alloc((n ? n : 1) * sizeof(*comp));
	if (!o || !comp || tarjan(n, &bf, comp, &ncomp) < 0)
		goto nomem;
	cstart = mem_calloc(ncomp + 1, sizeof(*cstart));
	cnodes = mem_alloc((n ? n : 1) * sizeof(*cnodes));
	carry = mem_calloc(ncomp ? ncomp : 1, sizeof(*carry));
	cstep = mem_calloc(ncomp ? ncomp : 1, sizeof(*cstep));
	csize = mem_calloc(ncomp ? ncomp : 1, sizeof(*csize));
	cycle_of = mem_calloc(ncomp ? ncomp : 1, sizeof(*cycle_of));
	cact = mem_calloc(ncomp ? ncomp : 1, 1);
	pos = mem_alloc((n ? n : 1) * sizeof(*pos));
	if (!cstart || !cnodes || !carry || !cstep || !csize || !cycle_of || !cact || !pos)
		goto nomem;
	memset(pos, 0xFF, n * sizeof(*pos));
	for (i = 0; i < n; i++) {
		csize[comp[i]]++;
		if (plan_change_is_actionable(plan_change_at(g->plan, i)))
			cact[comp[i]] = 1;
	}
	for (c = 0; c < ncomp; c++)
		cstart[c + 1] = cstart[c] + csize[c];
	{
		uint32_t *fill = mem_alloc((ncomp ? ncomp : 1) * sizeof(*fill));

		if (!fill)
			goto nomem;
		memcpy(fill, cstart, ncomp * sizeof(*fill));
		for (i = 0; i < n; i++)
			cnodes[fill[comp[i]]++] = (uint32_t)i;
		mem_free(fill);
	}
	/* components in topological order = decreasing ids */
	for (c = ncomp; c-- > 0;) {
		uint32_t k, pass;

		cstep[c] = cact[c] ? carry[c] + 1 : 0;
		pass = cact[c] ? cstep[c] : carry[c];
		for (k = cstart[c]; k < cstart[c + 1]; k++) {
			uint32_t v = cnodes[k], j;

			for (j = bf.start[v]; j < bf.start[v + 1]; j++) {
				uint32_t d = comp[bf.succ[j]];

				if (d != c && pass > carry[d])
					carry[d] = pass;
			}
		}
		if (csize[c] > 1) {
			void *p = o->cycles;
			size_t cc = o->ncycles;

			if (mem_grow_array(&p, &cc, o->ncycles + 1, sizeof(*o->cycles)) < 0)
				goto nomem;
			o->cycles = p;
			memset(&o->cycles[o->ncycles], 0, sizeof(*o->cycles));
			if (find_cycle(&bf, comp, cnodes[cstart[c]], pos, &o->cycles[o->ncycles]) < 0) {
				mem_free(o->cycles[o->ncycles].nodes);
				mem_free(o->cycles[o->ncycles].edges);
				goto nomem;
			}
			o->ncycles++;
			cycle_of[c] = (uint32_t)o->ncycles;
		}
	}
	for (i = 0; i < n; i++)
		if (plan_change_is_actionable(plan_change_at(g->plan, i)))
			o->count++;
	o->steps = mem_alloc((o->count ? o->count : 1) * sizeof(*o->steps));
	if (!o->steps)
		goto nomem;
	o->count = 0;
	for (i = 0; i < n; i++) {
		struct graph_step *s;

		if (!plan_change_is_actionable(plan_change_at(g->plan, i)))
			continue;
		s = &o->steps[o->count++];
		s->node = (uint32_t)i;
		s->step = cstep[comp[i]];
		s->cycle = cycle_of[comp[i]];
		if (s->step > o->nsteps)
			o->nsteps = s->step;
	}
	qsort(o->steps, o->count, sizeof(*o->steps), step_cmp);
	*out = o;
	o = NULL;
	rc = 0;
nomem:
	before_release(&bf);
	mem_free(comp);
	mem_free(cstart);
	mem_free(cnodes);
	mem_free(carry);
	mem_free(cstep);
	mem_free(csize);
	mem_free(cycle_of);
	mem_free(cact);
	mem_free(pos);
	graph_order_free(&o);
	return rc < 0 ? nomem(err) : 0;
}

void
graph_edge_describe(struct buf *b, const struct graph_edge *e)
{
	const char *key = graph_edge_kind_key((enum graph_edge_kind)e->kind);

	buf_addstr(b, key);
	if (*e->attr && strcmp(e->attr, key) != 0) {
		buf_addstr(b, (e->flags & GRAPH_EDGE_ATTR_ON_TARGET) ? " (its " : " ");
		buf_addstr(b, e->attr);
		if (e->flags & GRAPH_EDGE_ATTR_ON_TARGET)
			buf_addch(b, ')');
	}
	if (e->via) {
		buf_addstr(b, " via ");
		buf_addstr(b, e->via);
	}
	if (e->flags & GRAPH_EDGE_WEAK)
		buf_addstr(b, " (weak)");
}

void
graph_score_format(char *s, size_t n, double score)
{
	size_t len;

	snprintf(s, n, "%.2f", score);
	len = strlen(s);
	while (len && s[len - 1] == '0')
		s[--len] = '\0';
	if (len && s[len - 1] == '.')
		s[--len] = '\0';
}
