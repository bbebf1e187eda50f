/* rule.h - security rules as data: loading rule packs and running them.
 *
 * A rule is one YAML file (doc/rules.md is the language reference):
 * metadata (id, title, severity, description, remediation, references),
 * the resource types it applies to, and a condition tree that says when
 * a resource PASSES.  Conditions are three-valued (true, false, unknown):
 * a value known only after apply makes a result unknown, and the rule's
 * `on_unknown` says what that means.  Secret rules (a `secret:` block)
 * scan every string value with a PCRE2 pattern instead.
 *
 * The rule set compiles everything once (regexes, CIDRs, paths); a bad
 * file is an error at its line and column, never a silent pass.  PCRE2
 * stays inside rule*.c.
 *
 * Lifetime: a rule set owns its rules; pointers from rule_set_at() are
 * valid until rule_set_free().  Evaluating does not change the set, so
 * one set may be used for several plans (one at a time per thread).
 */
#ifndef SIGNOFF_RULE_H
#define SIGNOFF_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "finding.h"
#include "plan.h"

/* X(name, key) */
#define RULE_ON_UNKNOWN(X) \
	X(PASS, "pass")    \
	X(FAIL, "fail")    \
	X(WARN, "warn")

enum rule_on_unknown {
#define X(name, key) RULE_ON_UNKNOWN_##name,
	RULE_ON_UNKNOWN(X)
#undef X
};

/* What consumers may read about a rule. */
struct rule_info {
	const char *id;
	const char *title;
	const char *description;
	const char *remediation;
	const char *references;      /* "CKV_AWS_21, AVD-AWS-0090", or "" */
	const char *path;            /* the file it came from */
	enum severity severity;
	enum rule_on_unknown on_unknown;
	bool is_secret;              /* a secrets-pack rule */
	bool enabled;                /* false when --only/--skip left it out */
};

struct rule_set;
struct finding_builder;

int rule_set_new(struct rule_set **out, struct error *err);
void rule_set_free(struct rule_set **set);

/* Loads every *.yaml / *.yml file below `dir` (recursively, in byte
 * order of their paths).  A rule id seen twice is an error naming both
 * files. */
int rule_set_load_dir(struct rule_set *set, const char *dir, struct error *err);
int rule_set_load_file(struct rule_set *set, const char *path, struct error *err);
/* Loads one rule from memory; `name` stands for the file in errors. */
int rule_set_load_text(struct rule_set *set, const char *name, const char *text, size_t len,
		       struct error *err);

size_t rule_set_count(const struct rule_set *set);
const struct rule_info *rule_set_at(const struct rule_set *set, size_t i);
const struct rule_info *rule_set_find(const struct rule_set *set, const char *id);

/* Keeps only the rules whose id matches one of `only` (globs; NULL =
 * all), then disables those matching `skip`.  A pattern that matches no
 * rule is an error (a typo must not silently run nothing). */
int rule_set_select(struct rule_set *set, const char *const *only, const char *const *skip,
		    struct error *err);

/* sha256 (hex) over the files loaded, in load order (name and bytes). */
const char *rule_set_digest(struct rule_set *set);

/* Runs the enabled rules over the plan, adding findings and per-rule
 * results to `fb`.  `progress`/`cancel` as in struct checks_opts. */
int rule_set_eval(const struct rule_set *set, const struct plan *plan,
		  struct finding_builder *fb, const struct checks_opts *opts, struct error *err);

#endif
