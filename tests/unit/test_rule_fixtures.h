/* test_rule_fixtures.h - loading rule fixtures, and the golden runner.
 *
 * Fixtures are real inputs: Terraform plan JSON, Pulumi preview JSON,
 * Kubernetes/Crossplane YAML.  They load through load_plan().  While the
 * Pulumi and manifest loaders are not in the tree yet (they answer "not
 * supported yet"), fixture_load() builds the plan itself the way
 * doc/model.md says those loaders fill it, so the rule tests run now and
 * run through the real loaders as soon as they exist.
 */
#ifndef SIGNOFF_TEST_RULE_FIXTURES_H
#define SIGNOFF_TEST_RULE_FIXTURES_H

#include <stdbool.h>

#include "buf.h"
#include "error.h"
#include "finding.h"
#include "plan.h"
#include "rule.h"

/* Loads a fixture file through the loaders (any source kind). */
int fixture_load(struct plan **out, const char *path, struct error *err);

/* Runs the enabled rules of `set` over `plan`. */
int fixture_run(struct rule_set *set, const struct plan *plan, struct finding_set **out,
		struct error *err);

/* The results of one rule as sorted lines, "fail ADDRESS [PATH]",
 * "unknown ...", "waived ...", "pass ADDRESS". */
void fixture_results(const struct finding_set *set, const struct plan *plan, const char *rule_id,
		     struct buf *out);

/* Golden check of one fixture against its .expect file (same stem):
 * loads, runs only `rule_id`, compares; appends a description of any
 * difference to `report`.  Returns the number of problems. */
int fixture_check(struct rule_set *set, const char *rule_id, const char *fixture,
		  const char *expect, struct buf *report);

/* Runs every fixture under testdata/checks/<area>/<RULE-ID>/ against the
 * shipped rules in checks/; returns the problems (0 = all good) and the
 * counts of rules and fixtures seen. */
int fixture_check_area(const char *area, struct buf *report, size_t *nrules, size_t *nfixtures);

#endif
