/* rule_internal.h - the compiled form of rules, shared by rule*.c only.
 *
 * rule_parse.c builds it from YAML, rule_eval.c runs it, rule_links.c
 * answers `related` queries, rule_secret.c runs secret rules, rule_net.c
 * holds the CIDR and port helpers.  PCRE2 types appear only here and in
 * those files.
 */
#ifndef SIGNOFF_RULE_INTERNAL_H
#define SIGNOFF_RULE_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "alias.h"
#include "buf.h"
#include "digest.h"
#include "finding.h"
#include "mem.h"
#include "plan.h"
#include "rule.h"
#include "value.h"

/* Limits that keep evaluation bounded whatever the input. */
#define RULE_MAX_PATH_SEGS 32
#define RULE_MAX_COND_DEPTH 48
#define RULE_MATCH_LIMIT 200000
#define RULE_DEPTH_LIMIT 2000
#define RULE_HEAP_LIMIT_KB 20000

enum rule_tri {
	RULE_FALSE = 0,
	RULE_TRUE = 1,
	RULE_UNKNOWN = 2,
};

enum rule_quant {
	RULE_QUANT_ANY,
	RULE_QUANT_ALL,
	RULE_QUANT_NONE,
};

/* What an operator's `value` must be. */
enum rule_opv {
	RULE_OPV_NONE,      /* no value */
	RULE_OPV_SCALAR,    /* any YAML value */
	RULE_OPV_LIST,      /* a list of values (a single value is a list of one) */
	RULE_OPV_STRING,
	RULE_OPV_REGEX,
	RULE_OPV_NUMBER,
	RULE_OPV_RANGE,     /* [low, high] */
	RULE_OPV_COUNT,     /* a non-negative integer */
	RULE_OPV_PORTS,     /* a port or a list of ports */
	RULE_OPV_CIDR,      /* a CIDR or a list of CIDRs */
};

/* X(name, key, value kind) */
#define RULE_OPS(X)                                         \
	X(EXISTS, "exists", RULE_OPV_NONE)                  \
	X(ABSENT, "absent", RULE_OPV_NONE)                  \
	X(PRESENT, "present", RULE_OPV_NONE)                \
	X(NULL_, "null", RULE_OPV_NONE)                     \
	X(EMPTY, "empty", RULE_OPV_NONE)                    \
	X(NOT_EMPTY, "not_empty", RULE_OPV_NONE)            \
	X(UNKNOWN, "unknown", RULE_OPV_NONE)                \
	X(KNOWN, "known", RULE_OPV_NONE)                    \
	X(SENSITIVE, "sensitive", RULE_OPV_NONE)            \
	X(CONFIGURED, "configured", RULE_OPV_NONE)          \
	X(EQ, "eq", RULE_OPV_SCALAR)                        \
	X(NE, "ne", RULE_OPV_SCALAR)                        \
	X(IN, "in", RULE_OPV_LIST)                          \
	X(NOT_IN, "not_in", RULE_OPV_LIST)                  \
	X(REGEX, "regex", RULE_OPV_REGEX)                   \
	X(NOT_REGEX, "not_regex", RULE_OPV_REGEX)           \
	X(PREFIX, "prefix", RULE_OPV_STRING)                \
	X(SUFFIX, "suffix", RULE_OPV_STRING)                \
	X(CONTAINS, "contains", RULE_OPV_SCALAR)            \
	X(NOT_CONTAINS, "not_contains", RULE_OPV_SCALAR)    \
	X(GT, "gt", RULE_OPV_NUMBER)                        \
	X(GTE, "gte", RULE_OPV_NUMBER)                      \
	X(LT, "lt", RULE_OPV_NUMBER)                        \
	X(LTE, "lte", RULE_OPV_NUMBER)                      \
	X(BETWEEN, "between", RULE_OPV_RANGE)               \
	X(LENGTH_EQ, "length_eq", RULE_OPV_COUNT)           \
	X(LENGTH_GT, "length_gt", RULE_OPV_COUNT)           \
	X(LENGTH_GTE, "length_gte", RULE_OPV_COUNT)         \
	X(LENGTH_LT, "length_lt", RULE_OPV_COUNT)           \
	X(LENGTH_LTE, "length_lte", RULE_OPV_COUNT)         \
	X(SUBSET, "subset", RULE_OPV_LIST)                  \
	X(SUPERSET, "superset", RULE_OPV_LIST)              \
	X(INTERSECTS, "intersects", RULE_OPV_LIST)          \
	X(HAS_KEYS, "has_keys", RULE_OPV_LIST)              \
	X(PORT_INCLUDES, "port_range_includes", RULE_OPV_PORTS) \
	X(PORT_ALL, "port_range_all", RULE_OPV_NONE)        \
	X(CIDR_IS_ANY, "cidr_is_any", RULE_OPV_NONE)        \
	X(CIDR_IS_PUBLIC, "cidr_is_public", RULE_OPV_NONE)  \
	X(CIDR_CONTAINS, "cidr_contains", RULE_OPV_CIDR)    \
	X(CIDR_WITHIN, "cidr_within", RULE_OPV_CIDR)        \
	X(CIDR_OVERLAPS, "cidr_overlaps", RULE_OPV_CIDR)

enum rule_op {
#define X(name, key, opv) RULE_OP_##name,
	RULE_OPS(X)
#undef X
	RULE_OP_COUNT
};

/* qsort that accepts an empty (NULL) array. */
static inline void
rule_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* ---- CIDRs and ports (rule_net.c) ---- */

struct rule_cidr {
	uint8_t addr[16];   /* IPv4 in the last 4 bytes, as ::ffff:a.b.c.d */
	unsigned prefix;    /* 0..128 over the 16 bytes */
	bool v6;
};

/* Parses "a.b.c.d[/n]", "x::y[/n]"; false if not an address. */
bool rule_cidr_parse(const char *s, size_t len, struct rule_cidr *out);
/* True for the spellings of "anywhere": 0.0.0.0/0, ::/0, *, Any, Internet, 0.0.0.0. */
bool rule_cidr_is_any_text(const char *s, size_t len);
bool rule_cidr_contains(const struct rule_cidr *outer, const struct rule_cidr *inner);
bool rule_cidr_overlaps(const struct rule_cidr *a, const struct rule_cidr *b);
/* Not entirely inside private, loopback, link-local, CGNAT or ULA space. */
bool rule_cidr_is_public(const struct rule_cidr *c);

struct rule_port_range {
	long lo, hi;        /* inclusive */
};

#define RULE_PORT_ALL_LO 0
#define RULE_PORT_ALL_HI 65535

/* Port ranges a value stands for: a number, "22", "20-25", "*", "all",
 * an object with from_port/to_port/protocol (ip_protocol) or ports[]
 * (protocol all or -1 = every port; icmp = none), or a list of those.
 * RULE_TRUE with up to `max` ranges in out[] (*n of them), RULE_FALSE
 * when it says nothing about ports, RULE_UNKNOWN when a part is known
 * only after apply (out[] then holds the known parts). */
enum rule_tri rule_ports_of(const struct value *v, bool camel, struct rule_port_range *out,
			    size_t max, size_t *n);

/* ---- paths ---- */

enum rule_seg_kind {
	RULE_SEG_KEY,
	RULE_SEG_INDEX,
	RULE_SEG_ANY,       /* [*] */
};

struct rule_seg {
	enum rule_seg_kind kind;
	const char *key;    /* KEY (interned in the set) */
	size_t key_len;
	size_t index;       /* INDEX */
};

enum rule_path_root {
	RULE_ROOT_CURRENT,  /* relative: the resource, or the element being iterated */
	RULE_ROOT_RESOURCE, /* $resource: the resource's attributes */
	RULE_ROOT_DOCUMENT, /* $document: the whole value (a manifest object) */
};

struct rule_path {
	enum rule_path_root root;
	struct rule_seg *segs;
	size_t nsegs;
	bool wildcard;      /* some segment is [*] */
	const char *text;   /* as written */
};

/* ---- conditions ---- */

enum rule_cond_kind {
	RULE_COND_ALL,
	RULE_COND_ANY,
	RULE_COND_NONE,
	RULE_COND_NOT,
	RULE_COND_ATTR,         /* attr + op (+ value) */
	RULE_COND_FOR,          /* for: any|all|none, in: paths, where: cond */
	RULE_COND_RELATED,
	RULE_COND_ACTION,       /* action: [create, ...] */
	RULE_COND_TYPE,         /* type: [aws_security_group_rule, ...] (the resource's own) */
	RULE_COND_CHANGED,      /* changed: path */
	RULE_COND_BEFORE,       /* before: cond */
	RULE_COND_AFTER,        /* after: cond */
	RULE_COND_JSON,         /* json: path, where: cond */
	RULE_COND_IAM,          /* iam_statements: path, match, where */
	RULE_COND_IAM_WIDENS,   /* iam_widens: path */
	RULE_COND_CONST,        /* true / false (tests, placeholders) */
};

struct rule_operand {
	struct value v;             /* the YAML value as a value tree */
	double num, num2;           /* NUMBER, RANGE */
	size_t count;               /* COUNT */
	long *ports;                /* PORTS */
	size_t nports;
	struct rule_cidr *cidrs;    /* CIDR */
	size_t ncidrs;
	pcre2_code *re;             /* REGEX (owned by the set) */
};

struct rule_cond {
	enum rule_cond_kind kind;
	unsigned long line, col;
	struct rule_cond **kids;    /* ALL/ANY/NONE; [0] = sub-condition for NOT, BEFORE,
				     * AFTER, FOR, JSON, IAM, RELATED (may be NULL) */
	size_t nkids;
	struct rule_path *paths;    /* ATTR: alternatives (first present wins);
				     * FOR: lists joined; JSON/IAM/CHANGED/IAM_WIDENS: one */
	size_t npaths;
	enum rule_op op;
	struct rule_operand val;
	bool ignore_case;
	enum rule_quant quant;
	/* RELATED, TYPE */
	const char **types;
	size_t ntypes;
	const char *via;            /* attribute (snake, dotted), "*" = any */
	bool incoming;              /* referenced_by (they point at us) vs refers_to */
	bool anywhere;              /* any resource of the types in the plan */
	unsigned actions;           /* ACTION: bit per enum plan_action */
	bool const_value;           /* CONST */
};

/* ---- secret rules ---- */

struct rule_secret {
	pcre2_code *re;
	uint32_t group;             /* capture group holding the secret (0 = whole match) */
	const char **keywords;      /* lower case; one must occur (case-insensitively) */
	size_t nkeywords;
	pcre2_code *key_re;         /* only values under a matching attribute key */
	double min_entropy;         /* Shannon bits per character of the secret */
	size_t min_length;
	const char *what;           /* "AWS access key ID": used in messages */
};

/* ---- rules and the set ---- */

struct rule {
	struct rule_info info;
	const char *message;        /* what is wrong (for findings) */
	const char **types;         /* canonical type names or globs */
	size_t ntypes;
	unsigned actions;           /* bit per enum plan_action */
	bool self_only;             /* its conditions read the resource as it will be, and
				     * nothing else (no related, before, action, changed) */
	struct rule_cond *when;     /* applicability, or NULL */
	struct rule_cond *cond;     /* pass condition (NULL for secret rules) */
	struct rule_secret *secret;
};

struct rule_set {
	struct arena arena;
	struct strtab strings;
	struct value_builder vb;
	struct rule **rules;
	size_t nrules, crules;
	pcre2_code **codes;         /* every compiled pattern, for freeing */
	size_t ncodes, ccodes;
	struct digest_sha256 *digest;
	char digest_hex[DIGEST_SHA256_HEX];
	bool digest_final;
};

/* rule_parse.c */
int rule_parse_doc(struct rule_set *set, const char *path, const char *text, size_t len,
		   struct error *err);
pcre2_code *rule_compile_regex(struct rule_set *set, const char *pattern, size_t len,
			       bool caseless, bool utf, char *errbuf, size_t errsize);
const char *rule_op_key(enum rule_op op);

/* ---- evaluation (rule_eval.c, rule_links.c, rule_secret.c) ---- */

/* One way a change is seen by rules: a canonical type and the value
 * rules read (its attributes), e.g. a Crossplane Bucket as aws_s3_bucket
 * with spec.forProvider as its attributes. */
struct rule_target {
	uint32_t change;            /* plan change index */
	const char *type;           /* canonical type (interned in the engine) */
	struct value root;          /* attributes after the change */
	struct value root_before;   /* attributes before the change */
	bool camel;                 /* keys are camelCase (Pulumi, Crossplane) */
	bool eligible;              /* posture rules may target it */
	const char *composed;       /* a Composition's composed resource: where its
				     * root is ("spec.resources[2].base.spec.forProvider");
				     * NULL for the change's own views */
};

struct rule_links;

/* Small bump allocator reset per evaluation. */
struct rule_scratch {
	char *buf;
	size_t used, cap;
	struct rule_scratch_block *extra;
};

struct rule_engine {
	const struct rule_set *set;
	const struct plan *plan;
	struct arena arena;             /* targets, merged roots, type names */
	struct strtab strings;
	struct value_builder vb;
	struct rule_target *targets;    /* sorted by type, then change */
	size_t ntargets;
	const char **types;             /* distinct types, sorted */
	size_t *type_start;             /* targets of types[i]: [type_start[i], type_start[i+1]) */
	size_t ntypes;
	uint32_t *change_targets;       /* per change: first target index + 1 in by_change */
	size_t *by_change;              /* target indexes sorted by change */
	size_t *by_change_start;        /* per change: start in by_change (nchanges + 1) */
	struct rule_links *links;       /* built on first use */
	const struct value **config_exprs; /* Terraform: per change, its configuration
					    * expressions (NULL: none); built on first use */
	bool config_built;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	struct rule_scratch scratch;
	struct arena tmp;               /* decoded JSON etc., released per evaluation */
	struct strtab tmp_keys;
	struct value_builder tmp_vb;
	unsigned long regex_errors;     /* matches stopped by a limit */
	struct error *err;
	bool failed;                    /* out of memory somewhere below */
};

void *rule_scratch_alloc(struct rule_engine *e, size_t size);
char *rule_scratch_strdup(struct rule_engine *e, const char *s, size_t len);

/* Key lookup with aliasing: the key as written, then its camelCase
 * form (when camel), then plural forms; &value_absent if none. */
const struct value *rule_lookup(const struct value *obj, const char *key, size_t len, bool camel);

/* Does a rule's type pattern (a type or a glob) cover a target type?
 * Data sources and provider configurations are only matched by patterns
 * that name them ("data.", "provider."). */
bool rule_type_matches(const char *pattern, const char *type);

/* The targets of a change (views): [*first, *first + n). */
size_t rule_engine_targets_of(const struct rule_engine *e, size_t change, const size_t **first);

/* Regex match of a subject; RULE_UNKNOWN when a limit stopped it. */
enum rule_tri rule_regex_match(struct rule_engine *e, pcre2_code *re, const char *s, size_t len,
			       size_t *ovec_start, size_t *ovec_end, uint32_t group);

/* rule_links.c: resources related to target `t` (change indexes), for a
 * RELATED condition; calls fn(ctx, target index) for each distinct
 * related target whose type is in c->types.  -1 on OOM. */
int rule_links_each(struct rule_engine *e, const struct rule_target *t,
		    const struct rule_cond *c,
		    int (*fn)(void *ctx, size_t target), void *ctx);
void rule_links_free(struct rule_links **l);
/* The configuration expressions of a Terraform change, or NULL (another
 * source, no configuration in the plan, or not found). */
const struct value *rule_config_expressions(struct rule_engine *e, size_t change);
/* Snake-case path of a camelCase key ("subnetIdRefs" -> "subnet_id_refs"). */
void rule_snake(struct buf *out, const char *s, size_t len);

/* rule_secret.c: scans every string of a change (base64 user data
 * decoded) with the secret rules that apply to it; found[i] tells
 * whether rules[i] matched. */
int rule_secret_scan(struct rule_engine *e, const struct rule *const *rules,
		     const size_t *indexes, size_t n, size_t change, struct finding_builder *fb,
		     bool *found);
double rule_entropy(const char *s, size_t len);
/* Decodes standard base64 (padding optional, whitespace ignored) into
 * out (at least len bytes); returns the length or -1. */
long rule_base64_decode(const char *s, size_t len, char *out);
/* May posture rules look at this change through this target? */
bool rule_target_eligible(const struct plan_change *c, const struct rule_target *t,
			  unsigned actions);

#endif
