/* test_rule_golden.c - every shipped rule against its fixtures.
 *
 * testdata/checks/<area>/<RULE-ID>/ holds fail.* and pass.* (and any
 * other NAME.json / NAME.yaml) with NAME.expect beside each: the exact
 * results of that rule, one per line ("fail ADDRESS PATH", "unknown
 * ADDRESS PATH", "pass ADDRESS").
 */
#include <dirent.h>
#include <string.h>

#include "check.h"
#include "rule.h"
#include "test_rule_fixtures.h"

static void
run_area(const char *area, size_t min_rules)
{
	struct buf report = BUF_INIT;
	size_t nrules, nfixtures;
	int problems = fixture_check_area(area, &report, &nrules, &nfixtures);

	cr_assert_eq(problems, 0, "%d problem(s) in testdata/checks/%s:\n%s", problems, area,
		     report.data);
	cr_assert_geq(nrules, min_rules, "only %zu %s rules have fixtures", nrules, area);
	cr_assert_geq(nfixtures, 2 * nrules);
	buf_release(&report);
}

Test(rule_golden, aws_rules_match_their_fixtures)
{
	run_area("aws", 30);
	CHECK_NO_LEAKS();
}

Test(rule_golden, azure_rules_match_their_fixtures)
{
	run_area("azure", 8);
	CHECK_NO_LEAKS();
}

Test(rule_golden, gcp_rules_match_their_fixtures)
{
	run_area("gcp", 8);
	CHECK_NO_LEAKS();
}

Test(rule_golden, kubernetes_rules_match_their_fixtures)
{
	run_area("kubernetes", 10);
	CHECK_NO_LEAKS();
}

Test(rule_golden, crossplane_rules_match_their_fixtures)
{
	run_area("crossplane", 2);
	CHECK_NO_LEAKS();
}

Test(rule_golden, secrets_rules_match_their_fixtures)
{
	run_area("secrets", 6);
	CHECK_NO_LEAKS();
}

Test(rule_golden, plan_change_rules_match_their_fixtures)
{
	run_area("plan", 4);
	CHECK_NO_LEAKS();
}

/* Every rule in checks/ has a fixture directory, and there are at least
 * 70 of them. */
Test(rule_golden, every_shipped_rule_has_fixtures)
{
	static const char *const areas[] = { "aws", "azure", "gcp", "kubernetes", "crossplane",
					     "secrets", "plan" };
	struct rule_set *set = NULL;
	struct error err = ERROR_INIT;
	struct buf missing = BUF_INIT;
	size_t i, k, n;

	cr_assert_eq(rule_set_new(&set, &err), 0);
	cr_assert_eq(rule_set_load_dir(set, "checks", &err), 0, "%s:%lu:%lu: %s", err.path,
		     err.line, err.col, err.msg);
	n = rule_set_count(set);
	cr_assert_geq(n, 70, "only %zu rules shipped", n);
	for (i = 0; i < n; i++) {
		const struct rule_info *r = rule_set_at(set, i);
		bool found = false;

		for (k = 0; k < sizeof(areas) / sizeof(areas[0]) && !found; k++) {
			struct buf d = BUF_INIT;
			DIR *dir;

			buf_addf(&d, "testdata/checks/%s/%s", areas[k], r->id);
			dir = opendir(d.data);
			if (dir) {
				found = true;
				closedir(dir);
			}
			buf_release(&d);
		}
		if (!found)
			buf_addf(&missing, " %s", r->id);
	}
	cr_assert_eq(missing.len, 0, "rules without fixtures:%s", missing.data);
	buf_release(&missing);
	rule_set_free(&set);
	CHECK_NO_LEAKS();
}
