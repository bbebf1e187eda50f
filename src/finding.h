/* finding.h - results of the security checks over a plan.
 *
 * This is the contract between the rule engine (which produces findings)
 * and everything that shows or acts on them: `signoff check`, the review
 * UI, `signoff sign` and the gate (which need the findings at or above a
 * threshold to be acknowledged).
 *
 * A finding set owns its strings; pointers are valid until
 * finding_set_free().  Findings are sorted by severity (highest first),
 * then address, then rule id.
 */
#ifndef SIGNOFF_FINDING_H
#define SIGNOFF_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "plan.h"

/* X(name, key, letter) - ordered from lowest to highest */
#define SEVERITIES(X)             \
	X(INFO, "info", 'i')      \
	X(LOW, "low", 'l')        \
	X(MEDIUM, "medium", 'm')  \
	X(HIGH, "high", 'h')      \
	X(CRITICAL, "critical", 'c')

enum severity {
#define X(name, key, letter) SEVERITY_##name,
	SEVERITIES(X)
#undef X
	SEVERITY_COUNT
};

const char *severity_key(enum severity s);
/* Parses "info".."critical" (any case); -1 if unknown. */
int severity_parse(const char *key);

enum finding_status {
	FINDING_FAIL,      /* the rule fails on known values */
	FINDING_UNKNOWN,   /* the result rests on a value known only after apply */
	FINDING_WAIVED,    /* failed, but a waiver applies (the finding stays visible) */
};

const char *finding_status_key(enum finding_status s);

struct finding {
	const char *id;            /* stable: derived from rule id + address (+ path) */
	const char *rule_id;       /* e.g. "AWS-S3-001" */
	const char *title;
	const char *message;       /* what is wrong here; never holds a secret */
	const char *remediation;
	const char *references;    /* e.g. "CKV_AWS_21, AVD-AWS-0090"; may be "" */
	const char *origin;        /* "rules", or where an imported finding came from
				    * ("pulumi policy pack NAME", "terraform check") */
	enum severity severity;
	enum finding_status status;
	size_t change_index;       /* plan_change_at(plan, change_index) */
	const char *address;       /* the resource it is about */
	const char *path;          /* attribute path ("versioning[0].enabled"), or NULL */
	const char *waiver_reason; /* when waived */
	/* Added with the engine: */
	bool rests_on_unknown;     /* the result depends on a value known only
				    * after apply (status UNKNOWN, or FAIL from a
				    * rule with on_unknown: fail) */
	const char *rule_path;     /* the rule file ("" for diagnostics) */
};

/* change_index of a finding about the whole plan (a plan-level
 * diagnostic); its address is "". */
#define FINDING_NO_CHANGE ((size_t)-1)

struct finding_set;

size_t finding_set_count(const struct finding_set *set);
const struct finding *finding_set_at(const struct finding_set *set, size_t i);
/* The findings on one change: *out gets an array of pointers (owned by
 * the set, sorted like the set); returns how many. */
size_t finding_set_for_change(const struct finding_set *set, size_t change_index,
			      const struct finding *const **out);
/* Highest severity on a change, or -1 if none (waived findings count). */
int finding_set_max_severity(const struct finding_set *set, size_t change_index);
const struct finding *finding_set_find(const struct finding_set *set, const char *id);
void finding_set_free(struct finding_set **set);

struct checks_opts {
	const char *const *rule_dirs;   /* extra packs (NULL-terminated), or NULL */
	const char *builtin_dir;        /* shipped checks/; NULL = locate automatically */
	const char *const *only;        /* rule ids to run (NULL = all) */
	const char *const *skip;        /* rule ids to skip */
	const char *waivers_path;       /* waiver file, or NULL */
	const char *now;                /* RFC 3339 time for waiver expiry; NULL = now */
	/* Optional: called now and then from the thread running the checks
	 * (the UI runs them in the background); *cancel set to non-zero by
	 * another thread stops the run early with ERROR_INTERNAL "cancelled". */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
	volatile int *cancel;
};

/* Runs the rules over the plan. */
int checks_run(const struct plan *plan, const struct checks_opts *opts,
	       struct finding_set **out, struct error *err);

/* sha256 (hex) over the rule files used, for the signed review record. */
const char *finding_set_rules_digest(const struct finding_set *set);

/* ---- rules and what they evaluated (added with the engine) ---- */

/* One rule of the run (also one per diagnostic origin, id "DIAG-..."). */
struct finding_rule {
	const char *id;
	const char *title;
	const char *description;
	const char *remediation;
	const char *references;
	const char *origin;
	const char *path;          /* rule file, or "" */
	enum severity severity;
	const size_t *evaluated;   /* change indexes the rule applied to, ascending */
	size_t nevaluated;
	const size_t *passed;      /* the subset that passed */
	size_t npassed;
};

size_t finding_set_rule_count(const struct finding_set *set);
const struct finding_rule *finding_set_rule_at(const struct finding_set *set, size_t i);
const struct finding_rule *finding_set_rule_find(const struct finding_set *set, const char *id);
/* Counts by status at or above a severity (waived and unknown findings
 * are counted apart from failures). */
size_t finding_set_count_status(const struct finding_set *set, enum finding_status status,
				enum severity min);
/* The plan the set was made from (borrowed; may be NULL in tests). */
const struct plan *finding_set_plan(const struct finding_set *set);
/* Stable finding id ("RULE-ID:0123456789ab") for a rule, an address and
 * an optional attribute path; writes at most `size` bytes. */
void finding_make_id(char *out, size_t size, const char *rule_id, const char *address,
		     const char *path);

/* ---- building (for the rule engine and checks_run) ---- */

struct finding_builder;

struct finding_rule_decl {
	const char *id, *title, *description, *remediation, *references, *origin, *path;
	enum severity severity;
};

struct finding_draft {
	enum finding_status status;     /* FAIL or UNKNOWN */
	size_t change_index;            /* or FINDING_NO_CHANGE */
	const char *address;
	const char *path;               /* may be NULL */
	bool path_in_id;                /* several findings per resource (secrets) */
	const char *id_extra;           /* more text for the id (diagnostics), or NULL */
	const char *message;
	bool rests_on_unknown;
};

int finding_builder_new(struct finding_builder **out, const struct plan *plan, struct error *err);
void finding_builder_free(struct finding_builder **fb);
/* Declares a rule (strings copied); *index gets its position. */
int finding_builder_add_rule(struct finding_builder *fb, const struct finding_rule_decl *decl,
			     size_t *index);
/* Records that rule `rule` applied to a change, and whether it passed.
 * Repeats (one change seen through two type views) are merged: a change
 * passes only if every evaluation passed. */
int finding_builder_evaluated(struct finding_builder *fb, size_t rule, size_t change_index,
			      bool passed);
/* Adds a finding (strings copied).  A finding whose id is already there
 * is merged: FAIL wins over UNKNOWN. */
int finding_builder_add(struct finding_builder *fb, size_t rule, const struct finding_draft *d);
/* Sorts, indexes and hands over the set; the builder is freed. */
int finding_builder_finish(struct finding_builder **fb, const char *rules_digest,
			   struct finding_set **out, struct error *err);

/* Marks findings matched by a live waiver as waived (reason copied).
 * Used by checks_run; exposed for tests. */
struct waiver_set;
int finding_set_apply_waivers(struct finding_set *set, const struct waiver_set *ws, long long now,
			      struct error *err);

#endif
