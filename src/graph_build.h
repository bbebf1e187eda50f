/* graph_build.h - the inside of struct graph, for the edge extractors
 * (graph_tf.c, graph_pulumi.c, graph_k8s.c) only.
 */
#ifndef SIGNOFF_GRAPH_BUILD_H
#define SIGNOFF_GRAPH_BUILD_H

#include "buf.h"
#include "graph.h"
#include "mem.h"

/* A 64-bit hash of bytes, eight at a time (the maps' keys are long:
 * addresses, paths, ids). */
uint64_t graph_hash(const void *p, size_t n);

/* Open-addressing map from a 64-bit key to a 32-bit value. */
struct graph_imap {
	uint64_t *keys;      /* key + 1; 0 = empty */
	uint32_t *vals;
	size_t cap, count;
};

void graph_imap_release(struct graph_imap *m);
uint32_t *graph_imap_get(const struct graph_imap *m, uint64_t key);
/* The value slot of key, added (with value `dflt`) if missing; NULL on OOM. */
uint32_t *graph_imap_slot(struct graph_imap *m, uint64_t key, uint32_t dflt, bool *added);

/* Open-addressing map from a byte string to a 32-bit value.  Keys are
 * borrowed: they must outlive the map (use graph_intern). */
struct graph_smap_entry {
	const char *key;
	uint32_t len;
	uint32_t val;
	uint64_t hash;
};

struct graph_smap {
	struct graph_smap_entry *e;
	size_t cap, count;
};

void graph_smap_release(struct graph_smap *m);
/* Makes room for `n` entries in all (avoids rehashing); -1 on OOM. */
int graph_smap_reserve(struct graph_smap *m, size_t n);
uint32_t *graph_smap_get(const struct graph_smap *m, const char *key, size_t len);
uint32_t *graph_smap_slot(struct graph_smap *m, const char *key, size_t len, uint32_t dflt,
			  bool *added);

#define GRAPH_NONE UINT32_MAX

struct graph {
	const struct plan *plan;
	size_t n;                     /* nodes = plan changes */
	struct arena arena;           /* attr/via strings, extractor scratch */
	struct strtab strings;
	struct graph_edge *edges;
	size_t nedges, cedges;
	struct graph_imap pairs;      /* (from, to) -> bit mask of edge kinds */
	uint32_t *primary;            /* per node: the node its address names */
	struct graph_smap by_address; /* address -> primary node */
	struct graph_smap by_native;  /* native id -> primary node */
	size_t lost_locals;           /* resources with references through local.* */
	size_t edge_budget;           /* graph_add_edge keeps at most this many */
	size_t dropped_edges;         /* edges refused for the budget (a lower bound) */
	/* after graph_finish: CSR indexes into edges[] */
	uint32_t *out_start, *in_start, *in_ids;
};

/* Whether the graph holds its budget of edges: extractors stop looking
 * for more (a group reference, a label selector over many workloads). */
static inline bool
graph_is_full(struct graph *g)
{
	if (g->nedges < g->edge_budget)
		return false;
	g->dropped_edges++;
	return true;
}

/* Interned copy in the graph (NULL on OOM). */
const char *graph_intern(struct graph *g, const char *s, size_t len);
const char *graph_intern_buf(struct graph *g, const struct buf *b);

/* Adds from -> to unless it is a self-loop, already there with that kind,
 * or (for a weak edge) the pair already has any edge, or the graph is full
 * (then counted in dropped_edges).  attr and via are borrowed (interned or
 * plan strings).  -1 on OOM. */
int graph_add_edge(struct graph *g, uint32_t from, uint32_t to, enum graph_edge_kind kind,
		   unsigned flags, const char *attr, const char *via);
/* Whether from -> to has an edge of any kind yet. */
bool graph_has_pair(const struct graph *g, uint32_t from, uint32_t to);

/* The object a change's edges are read from: `after`, or `before` when
 * the resource goes away; &value_absent when neither is an object. */
const struct value *graph_change_object(const struct plan_change *c);

/* Depth-first walk below a value, members in key order, without
 * recursion.  fn sees every member or item: `parent` and `j` say which,
 * and `path` spells the way to `parent`.  It may append the child's own
 * step with graph_path_step() (only when it needs the path: the walker
 * cuts it back), and returns GRAPH_WALK_DESCEND to walk into the child (a
 * container), GRAPH_WALK_NEXT to go on, or -1 to stop (the walk returns
 * -1).  The walker's stack is kept between walks. */
enum graph_walk_result {
	GRAPH_WALK_NEXT = 0,
	GRAPH_WALK_DESCEND = 1,
};

struct graph_walker {
	struct graph_walk_frame *frames;
	size_t cap;
};

typedef int (*graph_walk_fn)(void *ctx, const struct value *parent, size_t j,
			     const struct value *child, struct buf *path);

int graph_walk(struct graph_walker *w, const struct value *root, struct buf *path,
	       graph_walk_fn fn, void *ctx);
void graph_walker_release(struct graph_walker *w);
/* Appends ".key" (no dot at the start of the path) or "[j]". */
void graph_path_step(struct buf *path, const struct value *parent, size_t j);

/* Per-source extractors: add their edges to g.  -1 with err on OOM. */
int graph_tf_extract(struct graph *g, struct error *err);
int graph_pulumi_extract(struct graph *g, struct error *err);
int graph_k8s_extract(struct graph *g, struct error *err);

#endif
