/* plan.h - the change model shared by all three sources.
 *
 * A plan is a list of resource changes.  Terraform plans, Pulumi previews
 * and manifest changes between two git revisions all load into it:
 *
 *   - address: the unique display address (Terraform address, Pulumi
 *     "parent$type::name" path, Kubernetes group/kind/namespace/name);
 *   - native_id: the source's own identifier (Terraform address + deposed
 *     key, Pulumi URN, manifest identity);
 *   - type: what rules match on (aws_s3_bucket, aws:s3/bucket:Bucket,
 *     s3.aws.upbound.io/Bucket, apps/Deployment);
 *   - group: the folding level of the tree (module instance path, parent
 *     component URN, namespace); "" for the root;
 *   - action: one taxonomy for all sources (below), plus flags;
 *   - before/after: value trees with unknown and sensitive nodes;
 *   - extra: a small object of source-specific facts (Pulumi parent,
 *     dependencies, propertyDependencies, provider; Terraform prior
 *     depends_on; manifest apiVersion and file) that analyses read.
 *
 * Each change also has a section: intended change, drift (changed outside
 * the tool), deferred, or context (resources that do not change but that
 * rules and the graph need: data sources read at plan time, provider
 * configurations, unchanged objects).
 *
 * Lifetime: a plan owns everything reachable from it (arena).  Pointers
 * returned by accessors are borrowed and valid until plan_free().
 */
#ifndef SIGNOFF_PLAN_H
#define SIGNOFF_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "digest.h"
#include "error.h"
#include "mem.h"
#include "value.h"

enum plan_source_kind {
	PLAN_SOURCE_TERRAFORM,
	PLAN_SOURCE_PULUMI,
	PLAN_SOURCE_MANIFESTS,
};

/* X(name, key, marker, ascii marker, description) */
#define PLAN_ACTIONS(X)                                                   \
	X(NOOP, "no-op", " ", " ", "no change")                           \
	X(CREATE, "create", "+", "+", "create")                           \
	X(UPDATE, "update", "~", "~", "update in-place")                  \
	X(DELETE, "delete", "-", "-", "destroy")                          \
	X(REPLACE, "replace", "±", "!", "replace")                        \
	X(READ, "read", "<=", "<=", "read during apply")                  \
	X(IMPORT, "import", "←", "<", "import")                           \
	X(MOVE, "move", "→", ">", "move")                                 \
	X(FORGET, "forget", "⊘", "/", "forget (stop managing)")

enum plan_action {
#define X(name, key, marker, ascii, desc) PLAN_ACTION_##name,
	PLAN_ACTIONS(X)
#undef X
	PLAN_ACTION_COUNT
};

enum plan_change_flags {
	PLAN_CHANGE_CREATE_FIRST = 1 << 0,  /* replace: create before destroy */
	PLAN_CHANGE_IMPORTING = 1 << 1,     /* also an import (import_id) */
	PLAN_CHANGE_MOVED = 1 << 2,         /* previous_address differs */
	PLAN_CHANGE_DEPOSED = 1 << 3,       /* a deposed object (deposed key) */
	PLAN_CHANGE_FORGET_OLD = 1 << 4,    /* replace whose old object is forgotten */
	PLAN_CHANGE_TAINTED = 1 << 5,
	PLAN_CHANGE_SENSITIVE_CHANGED = 1 << 6, /* a sensitive value changed */
	PLAN_CHANGE_HAS_UNKNOWN = 1 << 7,   /* some value known only after apply */
	PLAN_CHANGE_RENAMED = 1 << 8,       /* Pulumi alias / manifest rename pair */
	PLAN_CHANGE_GENERATED_CONFIG = 1 << 9,
	PLAN_CHANGE_PLANNED_ONLY = 1 << 10, /* no resource_changes: from planned values */
	PLAN_CHANGE_PROTECTED = 1 << 11,    /* Pulumi protect */
	PLAN_CHANGE_MATCH_BY_NAME = 1 << 12, /* diff lists of named items by name (manifests) */
};

enum plan_mode {
	PLAN_MODE_MANAGED,
	PLAN_MODE_DATA,       /* data source / read resource */
	PLAN_MODE_PROVIDER,   /* provider configuration */
	PLAN_MODE_COMPONENT,  /* Pulumi component, stack */
};

enum plan_section {
	PLAN_SECTION_CHANGE,
	PLAN_SECTION_DRIFT,
	PLAN_SECTION_DEFERRED,
	PLAN_SECTION_CONTEXT,
};

/* X(name, terraform key) */
#define PLAN_REASONS(X)                                               \
	X(NONE, "")                                                   \
	X(REPLACE_TAINTED, "replace_because_tainted")                 \
	X(REPLACE_CANNOT_UPDATE, "replace_because_cannot_update")     \
	X(REPLACE_BY_REQUEST, "replace_by_request")                   \
	X(REPLACE_BY_TRIGGERS, "replace_by_triggers")                 \
	X(DELETE_NO_RESOURCE_CONFIG, "delete_because_no_resource_config") \
	X(DELETE_NO_MODULE, "delete_because_no_module")               \
	X(DELETE_WRONG_REPETITION, "delete_because_wrong_repetition") \
	X(DELETE_COUNT_INDEX, "delete_because_count_index")           \
	X(DELETE_EACH_KEY, "delete_because_each_key")                 \
	X(DELETE_NO_MOVE_TARGET, "delete_because_no_move_target")     \
	X(READ_CONFIG_UNKNOWN, "read_because_config_unknown")         \
	X(READ_DEPENDENCY_PENDING, "read_because_dependency_pending") \
	X(READ_CHECK_NESTED, "read_because_check_nested")             \
	X(OTHER, "")

enum plan_reason {
#define X(name, key) PLAN_REASON_##name,
	PLAN_REASONS(X)
#undef X
	PLAN_REASON_COUNT
};

struct plan_change {
	size_t index;                 /* position in the plan */
	enum plan_section section;
	enum plan_action action;
	enum plan_mode mode;
	enum plan_reason reason;
	unsigned flags;               /* enum plan_change_flags */
	const char *address;
	const char *key;              /* its identity in a review (marks, findings, the
				       * blast radius): the address, or "ADDRESS
				       * (deposed object KEY)" for a deposed object,
				       * which shares its address; set by plan_finish */
	const char *native_id;
	const char *type;
	const char *name;
	const char *group;            /* "" for the root */
	const char *provider;         /* may be "" */
	const char *index_key;        /* instance key as written: 0 or "k"; NULL if none */
	const char *previous_address; /* NULL unless moved */
	const char *deposed;          /* NULL unless a deposed object */
	const char *import_id;        /* NULL unless importing */
	const char *reason_text;      /* the source's reason key or words; may be NULL */
	const char *deferred_reason;  /* NULL unless deferred */
	struct value before;          /* VALUE_ABSENT when there is none */
	struct value after;
	struct value replace_paths;   /* array of paths (arrays of keys/indexes) or ABSENT */
	struct value extra;           /* object of source-specific facts, or ABSENT */
	uint64_t source_offset;       /* byte offset of the change in the source text */
};

struct plan_output {
	const char *name;
	enum plan_action action;
	struct value before;
	struct value after;
};

enum plan_diag_severity {
	PLAN_DIAG_INFO,
	PLAN_DIAG_WARNING,
	PLAN_DIAG_ERROR,
};

struct plan_diag {
	enum plan_diag_severity severity;
	const char *message;
	const char *address;          /* may be NULL */
	const char *origin;           /* "loader", "terraform check", "pulumi", policy pack... */
	unsigned long line, col;      /* 0 when unknown */
};

enum plan_flags {
	PLAN_ERRORED = 1 << 0,        /* the tool failed partway through planning */
	PLAN_INCOMPLETE = 1 << 1,     /* -target or deferrals: not everything planned */
	PLAN_NOT_APPLYABLE = 1 << 2,
	PLAN_HAS_APPLYABLE = 1 << 3,  /* the flags above come from the file */
	PLAN_REFRESH_ONLY = 1 << 4,
};

struct plan;

/* ---- reading ---- */

enum plan_source_kind plan_source_kind(const struct plan *plan);
const char *plan_source_kind_name(enum plan_source_kind kind);
const char *plan_path(const struct plan *plan);        /* as given; "-" for stdin */
const uint8_t *plan_digest(const struct plan *plan);   /* sha256 of the exact source bytes */
const char *plan_digest_hex(const struct plan *plan);
const char *plan_format_version(const struct plan *plan);  /* may be "" */
const char *plan_tool_version(const struct plan *plan);    /* terraform_version etc.; may be "" */
const char *plan_timestamp(const struct plan *plan);       /* may be "" */
unsigned plan_flags(const struct plan *plan);
/* Revisions for a git range (both NULL otherwise). */
const char *plan_revision_from(const struct plan *plan);
const char *plan_revision_to(const struct plan *plan);
/* Workspace, stack or context the plan targets; may be "". */
const char *plan_target_name(const struct plan *plan);

size_t plan_change_count(const struct plan *plan);
const struct plan_change *plan_change_at(const struct plan *plan, size_t i);

/* c->key, or its address before plan_finish has run. */
static inline const char *
plan_change_key(const struct plan_change *c)
{
	return c->key ? c->key : c->address;
}
/* First change with this address in the given section (any section if
 * section < 0); NULL if none.  Deposed objects share their address. */
const struct plan_change *plan_find_change(const struct plan *plan, const char *address,
					   int section);

size_t plan_output_count(const struct plan *plan);
const struct plan_output *plan_output_at(const struct plan *plan, size_t i);
size_t plan_diag_count(const struct plan *plan);
const struct plan_diag *plan_diag_at(const struct plan *plan, size_t i);

/* Source-specific sections kept as values (e.g. Terraform "configuration",
 * "variables" with sensitive values masked, Pulumi "config").
 * Returns &value_absent when missing. */
const struct value *plan_section_value(const struct plan *plan, const char *name);

/* The source text the plan was read from (UTF-8, after transcoding). */
const char *plan_source_text(const struct plan *plan, size_t *len);

/* Reveals one sensitive value on purpose: re-reads it from the source
 * text and appends it to `out` as pretty JSON.  The caller wipes `out`.
 * Fails for secrets without a location (e.g. Pulumi "[secret]"). */
int plan_reveal(const struct plan *plan, const struct value_secret *secret, struct buf *out,
		struct error *err);

/* ---- counting (Terraform's rules) ---- */

struct plan_counts {
	size_t add, change, destroy, import, forget;  /* the "Plan:" line */
	size_t by_action[PLAN_ACTION_COUNT];          /* intended changes only */
	size_t drift, deferred, context;
	size_t replace_create_first, replace_delete_first;
	size_t outputs_changed;
};

void plan_count(const struct plan *plan, struct plan_counts *counts);
/* True when the change counts as something to review (not no-op/context). */
bool plan_change_is_actionable(const struct plan_change *c);

const char *plan_action_key(enum plan_action action);
const char *plan_action_marker(enum plan_action action, bool ascii);
const char *plan_action_description(enum plan_action action);
/* Parses a key ("create", "delete", ...); -1 if unknown. */
int plan_action_parse(const char *key);
const char *plan_reason_key(enum plan_reason reason);
enum plan_reason plan_reason_parse(const char *key);
const char *plan_section_name(enum plan_section section);
const char *plan_mode_name(enum plan_mode mode);

/* ---- building (for loaders) ---- */

struct plan_builder;   /* see plan_build.h */

void plan_free(struct plan **plan);

#endif
