/* graph.h - the dependency graph of a plan, blast radius and apply order.
 *
 * Nodes are the plan's changes, every section (a node's id is the
 * change's index), changing or not.  An edge A -> B says "A depends on
 * B": A is affected when B changes.  Each edge has a kind (the table
 * below), the attribute or field of A that makes it, and for Terraform
 * references resolved through module variables and outputs, the chain
 * it went through ("var.subnet_ids > module.net.ids").  Weak edges are
 * guesses (an attribute equal to another resource's id or ARN, a label
 * selector over patched labels); they are flagged, not mixed up.
 *
 * Edges come from the plan alone, offline, per source:
 *   Terraform   configuration references resolved to instance
 *               addresses (graph_tf.c), depends_on, provider
 *               configurations, prior-state dependencies, id/ARN matches;
 *   Pulumi      propertyDependencies, dependencies, parent, provider
 *               (graph_pulumi.c);
 *   manifests   ownerReferences, label selectors, pod template
 *               references, routes, RBAC, namespaces, CRDs/XRDs and
 *               Crossplane references and compositions (graph_k8s.c).
 *
 * The address of a resource names one node: the change in the "change"
 * section when there is one (then deferred, context, drift), never a
 * deposed object.  Other changes with the same address (a drift entry,
 * a deposed object) are nodes without edges.
 *
 * Nothing here recurses on input depth, and everything is linear or
 * n log n in the size of the plan, except graph_rank() which bounds its
 * own work (see there).  Edges can outnumber the input (a reference to a
 * module reaches all it holds, a selector all it picks: 5k Services over
 * 5k Deployments are 25M edges), so a graph keeps at most
 * GRAPH_EDGES_PER_NODE per node (GRAPH_MIN_EDGES at least) and says how
 * many it left out.
 *
 * Lifetime: a graph borrows the plan (which must outlive it); blast and
 * order results are owned by the caller and borrow the graph.
 */
#ifndef SIGNOFF_GRAPH_H
#define SIGNOFF_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "plan.h"

/* X(name, key, what A does to B for an edge A -> B) */
#define GRAPH_EDGE_KINDS(X)                                                        \
	X(REFERENCE, "reference", "refers to it in its configuration")              \
	X(DEPENDS_ON, "depends_on", "lists it in depends_on")                       \
	X(STATE, "state", "depended on it at the last apply")                       \
	X(PROVIDER, "provider", "is managed through this provider")                 \
	X(VALUE, "value", "holds its id or ARN in an attribute")                    \
	X(PROPERTY, "property", "takes an input property from it")                  \
	X(DEPENDENCY, "dependency", "depends on it")                                \
	X(PARENT, "parent", "is a child of it")                                     \
	X(OWNER, "owner", "is owned by it")                                         \
	X(SELECTOR, "selector", "is linked to it by a label selector")              \
	X(USES, "uses", "mounts or references it from its pod template")            \
	X(ROUTE, "route", "routes traffic to it")                                   \
	X(RBAC, "rbac", "gets its permissions through it")                          \
	X(NAMESPACE, "namespace", "lives in it")                                    \
	X(DEFINITION, "definition", "is of a kind it defines")                      \
	X(REF, "ref", "refers to it through a reference or selector field")         \
	X(COMPOSITION, "composition", "is composed through it")

enum graph_edge_kind {
#define X(name, key, desc) GRAPH_EDGE_##name,
	GRAPH_EDGE_KINDS(X)
#undef X
	GRAPH_EDGE_KIND_COUNT
};

enum graph_edge_flags {
	GRAPH_EDGE_WEAK = 1 << 0,     /* a guess, not a declared dependency */
	GRAPH_EDGE_ATTR_ON_TARGET = 1 << 1, /* attr is a field of `to` (the side
					     * that declares the link: a policy's
					     * selector, a binding's subjects) */
};

struct graph_edge {
	uint32_t from;      /* the dependent (a change index) */
	uint32_t to;        /* what it depends on */
	uint8_t kind;       /* enum graph_edge_kind */
	uint8_t flags;      /* enum graph_edge_flags */
	const char *attr;   /* the attribute or field that makes it, of `from`
			     * (or of `to` with GRAPH_EDGE_ATTR_ON_TARGET); "" if none */
	const char *via;    /* how a reference was resolved, or NULL */
};

struct graph;

/* Builds the graph of a loaded plan.  Fails only on OOM. */
int graph_build(struct graph **out, const struct plan *plan, struct error *err);
void graph_free(struct graph **g);

const struct plan *graph_plan(const struct graph *g);
size_t graph_node_count(const struct graph *g);
size_t graph_edge_count(const struct graph *g);
/* Edges sorted by (from, to, kind). */
const struct graph_edge *graph_edge_at(const struct graph *g, size_t i);

/* What node depends on (its out-edges) and what depends on it directly
 * (its in-edges), each sorted by the other end. */
size_t graph_out_degree(const struct graph *g, size_t node);
const struct graph_edge *graph_out_edge(const struct graph *g, size_t node, size_t i);
size_t graph_in_degree(const struct graph *g, size_t node);
const struct graph_edge *graph_in_edge(const struct graph *g, size_t node, size_t i);
/* The edge from -> to of that kind, or NULL. */
const struct graph_edge *graph_find_edge(const struct graph *g, size_t from, size_t to,
					 enum graph_edge_kind kind);

/* Terraform resources whose configuration refers to local values: the
 * JSON leaves locals out, so links made through them are missing. */
size_t graph_lost_local_count(const struct graph *g);
#define GRAPH_EDGES_PER_NODE 64
#define GRAPH_MIN_EDGES (1u << 20)
/* Edges left out once the graph held its budget (a lower bound); 0 when
 * the graph is complete.  Blast radii may then miss dependents. */
size_t graph_dropped_edge_count(const struct graph *g);

/* The node an address (or a native id such as a Pulumi URN) names; -1 if
 * none. */
long graph_find_node(const struct graph *g, const char *address);
/* Whether the node is the one its address names (see the top comment). */
bool graph_node_is_primary(const struct graph *g, size_t node);

const char *graph_edge_kind_key(enum graph_edge_kind kind);
const char *graph_edge_kind_description(enum graph_edge_kind kind);
/* Parses a key; -1 if unknown. */
int graph_edge_kind_parse(const char *key);

/* How much an action weighs in scores: destroy and replace above update,
 * update above create, read, import, move; no-op weighs nothing. */
double graph_action_weight(const struct plan_change *c);

/* ---- blast radius ---- */

struct graph_dependent {
	uint32_t node;      /* the dependent */
	uint32_t parent;    /* index in deps[] of the node it depends on, toward
			     * the root; GRAPH_ROOT for the root itself */
	uint32_t edge;      /* the edge node -> that node (the "why") */
	uint32_t dist;      /* edges from the root, >= 1 */
	bool weak;          /* the path holds a weak edge */
	bool changes;       /* the dependent itself has an actionable change */
};

#define GRAPH_ROOT UINT32_MAX

struct graph_blast {
	uint32_t root;
	/* Every dependent, transitively, by path strength then distance:
	 * paths without weak edges first, each the shortest; then those that
	 * need one weak edge, and so on. */
	struct graph_dependent *deps;
	size_t count;
	/* deps[] indexes in tree preorder (children after their parent, in
	 * address order), for printing the tree; tree_depth[i] = deps[tree[i]].dist. */
	uint32_t *tree;
	size_t changing;    /* dependents that change themselves */
	size_t weak;        /* dependents reached only through a weak edge */
	uint32_t max_dist;
	bool truncated;     /* more dependents lie beyond max_depth */
	/* weight(root) * (1 + sum over dependents of strength / dist), where
	 * strength is 1, or 0.5 through a weak edge. */
	double score;
};

struct graph_blast_opts {
	uint32_t max_depth;   /* 0 = no limit */
};

/* Everything that depends on `node`, transitively. */
int graph_blast(const struct graph *g, size_t node, const struct graph_blast_opts *opts,
		struct graph_blast **out, struct error *err);
void graph_blast_free(struct graph_blast **b);
/* The entry of a node in the blast, or NULL (the root has none). */
const struct graph_dependent *graph_blast_find(const struct graph_blast *b, size_t node);
/* The path from a dependent to the root: nodes[0] = the dependent, ...,
 * nodes[n-1] = the root; edges[i] links nodes[i] -> nodes[i+1].  Arrays of
 * dist+1 and dist entries, owned by the caller (mem_free). */
int graph_blast_path(const struct graph *g, const struct graph_blast *b, size_t dep_index,
		     uint32_t **nodes, uint32_t **edges, size_t *n, struct error *err);

/* Number of nodes that depend on `node`, transitively (what the review
 * UI shows on destroy and replace rows).  Linear in what it reaches. */
int graph_count_dependents(const struct graph *g, size_t node, size_t *count,
			   struct error *err);

/* ---- the change set ---- */

struct graph_summary {
	/* Sum over actionable changes of their weight, plus for every node
	 * they reach the largest weight(change) * strength / dist. */
	double score;
	size_t actionable;     /* changes that count (plan_change_is_actionable) */
	size_t affected;       /* nodes reached by some weighted change, not changing themselves */
	size_t edges, weak_edges;
	size_t cycles;         /* dependency cycles (see graph_apply_order) */
};

int graph_summarize(const struct graph *g, struct graph_summary *s, struct error *err);

struct graph_rank_entry {
	uint32_t node;
	size_t dependents;     /* transitive */
	size_t changing;       /* of which change themselves */
	double score;          /* as graph_blast's */
	bool estimated;        /* work budget spent: direct dependents only */
};

/* The `limit` riskiest actionable changes by blast score (highest first,
 * then by address).  Exact blasts are computed for the heaviest changes
 * first until about 8 * (nodes + edges) node visits are spent; the rest
 * are scored from their direct dependents and marked estimated, so this
 * stays linear on a 100k-long chain of updates. */
int graph_rank(const struct graph *g, size_t limit, struct graph_rank_entry **out, size_t *n,
	       struct error *err);

/* ---- apply order ---- */

struct graph_step {
	uint32_t node;
	uint32_t step;     /* 1-based: everything in step k can start once steps < k are done */
	uint32_t cycle;    /* 0, or 1 + the index of the cycle the node is part of */
};

struct graph_cycle {
	uint32_t *nodes;   /* a closed path: nodes[0] -> nodes[1] -> ... -> nodes[0] */
	uint32_t *edges;   /* edges[i] is the dependency edge between nodes[i] and nodes[i+1] */
	size_t len;
};

struct graph_order {
	struct graph_step *steps;   /* actionable changes, by step then plan order */
	size_t count;
	uint32_t nsteps;
	struct graph_cycle *cycles;
	size_t ncycles;
};

/* The planned actions in dependency order: what a change depends on goes
 * first, except that a destroyed resource goes before the destroyed
 * resources it depended on (dependents are destroyed first).  Weak edges
 * do not order.  Nodes on a cycle share one step; each cycle is reported
 * once, as a closed path, rather than looped on. */
int graph_apply_order(const struct graph *g, struct graph_order **out, struct error *err);
void graph_order_free(struct graph_order **o);

/* How an edge links its two ends, in words, unescaped: "reference
 * subnet_id via var.x", "selector (its spec.podSelector)", "... (weak)".
 * Callers escape the text before it reaches a terminal. */
struct buf;
void graph_edge_describe(struct buf *out, const struct graph_edge *e);
/* A score with at most two decimals, trailing zeros dropped ("43.33", "10"). */
void graph_score_format(char *out, size_t size, double score);

#endif
