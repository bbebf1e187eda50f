/* diff.h - structural diff of two values, shared by `show` and the UI.
 *
 * A diff is a tree of nodes, one per attribute (object member) or element
 * (array item) present on either side.  Objects are merged by key; arrays
 * are matched by longest common subsequence of equal elements, so an
 * insertion shows as one added element, not a cascade of changes; arrays
 * of the same length whose elements are objects are compared pairwise.
 * Strings that both hold JSON documents (IAM policies) are decoded and
 * diffed structurally when `decode_json` is set.
 *
 * null and absent are the same for display (Terraform hides null
 * attributes of new objects and shows "-> null" for removed ones).
 */
#ifndef SIGNOFF_DIFF_H
#define SIGNOFF_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "mem.h"
#include "value.h"

enum diff_op {
	DIFF_SAME,
	DIFF_ADD,      /* only after */
	DIFF_REMOVE,   /* only before */
	DIFF_CHANGE,   /* both, different (children hold the detail for containers) */
};

enum diff_node_flags {
	DIFF_FORCES_REPLACEMENT = 1 << 0,  /* on a replace_paths entry */
	DIFF_JSON_DECODED = 1 << 1,        /* strings decoded as JSON; see children */
	DIFF_UNKNOWN_AFTER = 1 << 2,       /* after is (or holds) a value known after apply */
	DIFF_SENSITIVE = 1 << 3,           /* either side is sensitive */
};

struct diff_node {
	enum diff_op op;
	unsigned flags;
	const char *key;            /* member key, or NULL for an array element */
	size_t key_len;
	size_t index;               /* element index (after side, else before side) */
	const struct value *before; /* &value_absent when not there */
	const struct value *after;
	struct diff_node *children; /* for containers on both sides (and JSON strings) */
	size_t nchildren;
	size_t nchanged;            /* children whose op is not SAME */
};

struct diff_opts {
	const struct value *replace_paths;  /* Terraform replace_paths, or NULL */
	bool decode_json;                   /* diff JSON held in strings */
	/* Arrays whose elements are all objects with a distinct string
	 * "name" (or, failing that, "step") are matched by that member, not
	 * by position: Kubernetes containers, env, ports, volumes, Crossplane
	 * Composition resources and pipeline steps.  Off by default. */
	bool match_by_name;
};

struct diff {
	struct arena arena;          /* owns nodes and decoded JSON */
	struct strtab keys;
	struct diff_node root;
};

/* Computes the diff of two values (either may be &value_absent). */
int diff_new(struct diff **out, const struct value *before, const struct value *after,
	     const struct diff_opts *opts, struct error *err);
void diff_free(struct diff **d);

const char *diff_op_name(enum diff_op op);
/* True when the value counts as "nothing" for display (absent or null). */
bool diff_value_is_empty(const struct value *v);
/* Whether an unchanged child of `parent` identifies what changed, so that
 * an update shows it though it hides other unchanged attributes: id, name
 * and tags at the top of a resource (depth 0, as terraform show does),
 * and the name of an object in a list (which env var, which container). */
bool diff_child_identifies(const struct diff_node *parent, const struct diff_node *child,
			   int depth);

#endif
