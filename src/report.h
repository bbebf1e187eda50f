/* report.h - findings as text, JSON, SARIF 2.1.0 or Markdown.
 *
 * Every string that came from a plan or a rule file is escaped for its
 * format (controls and bidi characters made visible in text; JSON
 * escapes; Markdown table cells made inert).  No format ever holds a
 * sensitive value: findings never carry one (finding.h).
 *
 * JSON is signoff's own schema, "signoff.findings/v1": the findings
 * (rule id and references, severity, status, address, attribute path,
 * message) and, per rule, the addresses it evaluated and passed.  SARIF
 * puts the plan address in each result's logical location.
 */
#ifndef SIGNOFF_REPORT_H
#define SIGNOFF_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "finding.h"
#include "plan.h"

#define REPORT_JSON_SCHEMA "signoff.findings/v1"

/* X(name, key) */
#define REPORT_FORMATS(X)         \
	X(TEXT, "text")           \
	X(JSON, "json")           \
	X(SARIF, "sarif")         \
	X(MARKDOWN, "markdown")

enum report_format {
#define X(name, key) REPORT_FORMAT_##name,
	REPORT_FORMATS(X)
#undef X
	REPORT_FORMAT_COUNT
};

/* "text", "json", "sarif", "markdown" (or "md"); -1 if unknown. */
int report_format_parse(const char *key);
const char *report_format_key(enum report_format f);

struct report_opts {
	bool color;             /* ANSI colours (text only) */
	int fail_on;            /* enum severity, or -1 for "none" */
};

int report_write(FILE *out, enum report_format format, const struct plan *plan,
		 const struct finding_set *set, const struct report_opts *opts,
		 struct error *err);

/* Findings that make `check` exit 1: failing (not waived, not unknown)
 * at or above opts->fail_on. */
size_t report_blocking(const struct finding_set *set, int fail_on);

/* Writers, one per format (report.c dispatches). */
int report_text(FILE *out, const struct plan *plan, const struct finding_set *set,
		const struct report_opts *opts, struct error *err);
int report_markdown(FILE *out, const struct plan *plan, const struct finding_set *set,
		    const struct report_opts *opts, struct error *err);
int report_json(FILE *out, const struct plan *plan, const struct finding_set *set,
		const struct report_opts *opts, struct error *err);
int report_sarif(FILE *out, const struct plan *plan, const struct finding_set *set,
		 const struct report_opts *opts, struct error *err);

#endif
