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
};

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

#endif
