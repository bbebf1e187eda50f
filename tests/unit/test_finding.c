/* test_finding.c - finding sets: ids, order, per-change lookup, waivers,
 * diagnostics, checks_run. */
#include <string.h>

#include "check.h"
#include "load.h"
#include "source.h"
#include "waiver.h"

static struct plan *
tf_plan(const char *json)
{
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(source_from_memory(&src, "plan.json", json, strlen(json), &err), 0);
	cr_assert_eq(plan_tf_load(&plan, src, 0, 0, &err), 0, "%s", err.msg);
	return plan;
}

static const char *const TWO =
	"{\"format_version\":\"1.2\",\"resource_changes\":["
	"{\"address\":\"aws_s3_bucket.a\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"a\","
	"\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":{},\"after_unknown\":{}}},"
	"{\"address\":\"aws_db_instance.d\",\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":"
	"\"d\",\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":{\"publicly_accessible\":"
	"true,\"storage_encrypted\":true},\"after_unknown\":{}}}]}";

static int
add(struct finding_builder *fb, size_t rule, size_t change, const char *addr, const char *path,
    enum finding_status st)
{
	struct finding_draft d;

	memset(&d, 0, sizeof(d));
	d.status = st;
	d.change_index = change;
	d.address = addr;
	d.path = path;
	d.message = "m";
	return finding_builder_add(fb, rule, &d);
}

Test(finding, ids_are_stable_and_derived_from_rule_address_and_path)
{
	char a[80], b[80], c[80];

	finding_make_id(a, sizeof(a), "AWS-S3-005", "aws_s3_bucket.logs", NULL);
	finding_make_id(b, sizeof(b), "AWS-S3-005", "aws_s3_bucket.logs", NULL);
	finding_make_id(c, sizeof(c), "AWS-S3-005", "aws_s3_bucket.logs", "user_data");
	cr_assert_str_eq(a, b);
	cr_assert_str_neq(a, c);
	cr_assert_eq(strlen(a), strlen("AWS-S3-005:") + 12);
	cr_assert(strncmp(a, "AWS-S3-005:", 11) == 0);
	/* the id never depends on the run: a fixed known value */
	cr_assert_str_eq(a, "AWS-S3-005:806b74a0adf9", "%s", a);
	CHECK_NO_LEAKS();
}

Test(finding, sets_are_sorted_and_indexed_by_change)
{
	struct plan *plan = tf_plan(TWO);
	struct finding_builder *fb = NULL;
	struct finding_set *set = NULL;
	struct error err = ERROR_INIT;
	struct finding_rule_decl low = { "R-LOW", "low", "", "", "", "rules", "", SEVERITY_LOW };
	struct finding_rule_decl high = { "R-HIGH", "high", "", "", "X-1, Y-2", "rules", "",
					  SEVERITY_HIGH };
	const struct finding *const *fs;
	size_t rl, rh;

	cr_assert_eq(finding_builder_new(&fb, plan, &err), 0);
	cr_assert_eq(finding_builder_add_rule(fb, &low, &rl), 0);
	cr_assert_eq(finding_builder_add_rule(fb, &high, &rh), 0);
	cr_assert_eq(add(fb, rl, 1, "aws_db_instance.d", NULL, FINDING_FAIL), 0);
	cr_assert_eq(add(fb, rh, 0, "aws_s3_bucket.a", "acl", FINDING_UNKNOWN), 0);
	cr_assert_eq(add(fb, rh, 1, "aws_db_instance.d", NULL, FINDING_FAIL), 0);
	/* the same finding through a second view: fail outranks unknown */
	cr_assert_eq(add(fb, rh, 0, "aws_s3_bucket.a", "acl", FINDING_FAIL), 0);
	cr_assert_eq(finding_builder_evaluated(fb, rl, 1, false), 0);
	cr_assert_eq(finding_builder_evaluated(fb, rl, 0, true), 0);
	cr_assert_eq(finding_builder_evaluated(fb, rl, 0, false), 0);
	cr_assert_eq(finding_builder_finish(&fb, "abc", &set, &err), 0);
	cr_assert_null(fb);

	cr_assert_eq(finding_set_count(set), 3);
	cr_assert_str_eq(finding_set_at(set, 0)->address, "aws_db_instance.d");
	cr_assert_str_eq(finding_set_at(set, 0)->rule_id, "R-HIGH");
	cr_assert_str_eq(finding_set_at(set, 1)->address, "aws_s3_bucket.a");
	cr_assert_eq(finding_set_at(set, 1)->status, FINDING_FAIL);
	cr_assert_str_eq(finding_set_at(set, 1)->references, "X-1, Y-2");
	cr_assert_str_eq(finding_set_at(set, 2)->rule_id, "R-LOW");
	cr_assert_eq(finding_set_for_change(set, 1, &fs), 2);
	cr_assert_str_eq(fs[0]->rule_id, "R-HIGH");
	cr_assert_str_eq(fs[1]->rule_id, "R-LOW");
	cr_assert_eq(finding_set_for_change(set, 0, &fs), 1);
	cr_assert_eq(finding_set_for_change(set, 7, &fs), 0);
	cr_assert_null(fs);
	cr_assert_eq(finding_set_max_severity(set, 1), SEVERITY_HIGH);
	cr_assert_eq(finding_set_max_severity(set, 5), -1);
	cr_assert_eq(finding_set_find(set, finding_set_at(set, 2)->id), finding_set_at(set, 2));
	cr_assert_null(finding_set_find(set, "R-LOW:000000000000"));
	cr_assert_str_eq(finding_set_rules_digest(set), "abc");
	cr_assert_eq(finding_set_count_status(set, FINDING_FAIL, SEVERITY_HIGH), 2);
	/* evaluated twice, once failing: not passed */
	cr_assert_eq(finding_set_rule_find(set, "R-LOW")->nevaluated, 2);
	cr_assert_eq(finding_set_rule_find(set, "R-LOW")->npassed, 0);
	finding_set_free(&set);
	cr_assert_null(set);
	finding_set_free(&set);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

static const char *const WAIVERS =
	"waivers:\n"
	"  - rule: AWS-RDS-*\n"
	"    address: \"aws_db_instance.*\"\n"
	"    reason: reporting replica, approved by sec-team\n"
	"    expires: 2030-06-30\n"
	"  - rule: AWS-S3-*\n"
	"    address: \"*\"\n"
	"    reason: old waiver\n"
	"    expires: 2020-01-01\n";

Test(finding, waivers_mark_findings_without_hiding_them_until_they_expire)
{
	struct plan *plan = tf_plan(TWO);
	struct waiver_set *ws = NULL;
	struct finding_set *set = NULL;
	struct error err = ERROR_INIT;
	struct checks_opts o;
	const char *only[] = { "AWS-RDS-003", "AWS-S3-005", NULL };
	size_t i, waived = 0, failing = 0;

	cr_assert_eq(waiver_set_parse(&ws, "w.yaml", WAIVERS, strlen(WAIVERS), &err), 0, "%s",
		     err.msg);
	cr_assert_eq(waiver_set_count(ws), 2);
	cr_assert(waiver_is_expired(waiver_set_at(ws, 1), waiver_parse_time("2026-01-01", false)));
	cr_assert_not(waiver_is_expired(waiver_set_at(ws, 0), waiver_parse_time("2030-06-30T23:00:00Z",
										  false)));
	cr_assert(waiver_is_expired(waiver_set_at(ws, 0), waiver_parse_time("2030-07-01", false)));
	waiver_set_free(&ws);

	memset(&o, 0, sizeof(o));
	o.builtin_dir = "checks";
	o.only = only;
	o.now = "2026-03-01T12:00:00Z";
	o.waivers_path = "testdata/checks/waivers/sample.yaml";
	cr_assert_eq(checks_run(plan, &o, &set, &err), 0, "%s:%lu: %s", err.path, err.line, err.msg);
	for (i = 0; i < finding_set_count(set); i++) {
		const struct finding *f = finding_set_at(set, i);

		if (f->status == FINDING_WAIVED) {
			waived++;
			cr_assert_str_eq(f->rule_id, "AWS-RDS-003");
			cr_assert_str_eq(f->waiver_reason, "reporting replica, approved by sec-team");
		} else {
			failing++;
			cr_assert_str_eq(f->rule_id, "AWS-S3-005", "the expired waiver no longer applies");
		}
	}
	cr_assert_eq(waived, 1);
	cr_assert_eq(failing, 1);
	finding_set_free(&set);

	/* after the expiry, the finding fails again */
	o.now = "2031-01-01T00:00:00Z";
	cr_assert_eq(checks_run(plan, &o, &set, &err), 0);
	cr_assert_eq(finding_set_count_status(set, FINDING_WAIVED, SEVERITY_INFO), 0);
	cr_assert_eq(finding_set_count_status(set, FINDING_FAIL, SEVERITY_INFO), 2);
	finding_set_free(&set);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

struct bad_waiver {
	const char *text;
	unsigned long line;
	const char *msg;
};

static const struct bad_waiver bad_waivers[] = {
	{ "waivers:\n  - rule: X\n    address: \"*\"\n    expires: 2030-01-01\n", 2, "needs a 'reason'" },
	{ "waivers:\n  - rule: X\n    address: \"*\"\n    reason: r\n", 2, "needs 'expires'" },
	{ "waivers:\n  - rule: X\n    address: \"*\"\n    reason: r\n    expires: next week\n", 5,
	  "'expires' must be" },
	{ "waivers:\n  - rule: X\n    finding: X:1\n    reason: r\n    expires: 2030-01-01\n", 2,
	  "either a 'rule' or a 'finding'" },
	{ "waivers:\n  - rule: X\n    reason: r\n    expires: 2030-01-01\n", 2, "needs 'address'" },
	{ "waivers:\n  - rule: X\n    address: \"*\"\n    reason: r\n    expires: 2030-02-30\n", 5,
	  "'expires' must be" },
	{ "waivers:\n  - rul: X\n", 2, "unknown key 'rul'" },
	{ "rules: []\n", 1, "one key, 'waivers'" },
};

Test(finding, bad_waiver_files_are_errors_at_their_line)
{
	size_t i;

	for (i = 0; i < sizeof(bad_waivers) / sizeof(bad_waivers[0]); i++) {
		struct waiver_set *ws = NULL;
		struct error err = ERROR_INIT;

		cr_assert_eq(waiver_set_parse(&ws, "w.yaml", bad_waivers[i].text,
					      strlen(bad_waivers[i].text), &err),
			     -1, "case %zu", i);
		cr_assert_null(ws);
		cr_assert(strstr(err.msg, bad_waivers[i].msg), "case %zu: %s", i, err.msg);
		cr_assert_eq(err.line, bad_waivers[i].line, "case %zu: line %lu", i, err.line);
		cr_assert_str_eq(err.path, "w.yaml");
	}
	CHECK_NO_LEAKS();
}

Test(finding, times_parse_as_rfc3339_or_dates)
{
	cr_assert_eq(waiver_parse_time("1970-01-01T00:00:00Z", false), 0);
	cr_assert_eq(waiver_parse_time("1970-01-01", true), 86399);
	cr_assert_eq(waiver_parse_time("1970-01-02T01:00:00+01:00", false), 86400);
	cr_assert_eq(waiver_parse_time("1970-01-01T00:00:01.5Z", false), 1);
	cr_assert_eq(waiver_parse_time("1970-13-01", false), -1);
	cr_assert_eq(waiver_parse_time("1970-01-01T00:00:00", false), -1, "needs a zone");
	cr_assert_eq(waiver_parse_time("yesterday", false), -1);
	CHECK_NO_LEAKS();
}

/* Terraform reporting an error while planning becomes a plan-level finding. */
Test(finding, diagnostics_from_the_tool_become_findings)
{
	struct plan *plan = tf_plan("{\"format_version\":\"1.2\",\"errored\":true,"
				    "\"resource_changes\":[]}");
	struct finding_set *set = NULL;
	struct error err = ERROR_INIT;
	struct checks_opts o;
	const struct finding *f;

	memset(&o, 0, sizeof(o));
	o.builtin_dir = "checks";
	cr_assert_eq(checks_run(plan, &o, &set, &err), 0, "%s", err.msg);
	cr_assert_eq(finding_set_count(set), 1);
	f = finding_set_at(set, 0);
	cr_assert_str_eq(f->rule_id, "DIAG-terraform");
	cr_assert_str_eq(f->origin, "terraform");
	cr_assert_eq(f->severity, SEVERITY_HIGH);
	cr_assert_eq(f->change_index, FINDING_NO_CHANGE);
	cr_assert_str_eq(f->address, "");
	cr_assert(strstr(f->message, "error while making this plan"));
	cr_assert_not_null(finding_set_rule_find(set, "DIAG-terraform"));
	finding_set_free(&set);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(finding, checks_run_reports_where_the_rules_are_wrong)
{
	struct plan *plan = tf_plan(TWO);
	struct finding_set *set = NULL;
	struct error err = ERROR_INIT;
	struct checks_opts o;
	const char *dirs[] = { "testdata/checks/bad-pack", NULL };

	memset(&o, 0, sizeof(o));
	o.builtin_dir = "checks";
	o.rule_dirs = dirs;
	cr_assert_eq(checks_run(plan, &o, &set, &err), -1);
	cr_assert_null(set);
	cr_assert_str_eq(err.path, "testdata/checks/bad-pack/BAD-1.yaml");
	cr_assert_eq(err.line, 7);
	cr_assert_eq(err.col, 7);
	cr_assert(strstr(err.msg, "unknown operator 'equals'"), "%s", err.msg);
	o.rule_dirs = NULL;
	o.builtin_dir = "testdata/checks/no-such-dir";
	cr_assert_eq(checks_run(plan, &o, &set, &err), -1);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

static volatile int cancel_flag;
static size_t progress_calls;

static void
on_progress(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	cr_assert_leq(done, total);
	if (++progress_calls == 3)
		cancel_flag = 1;
}

Test(finding, a_run_reports_progress_and_can_be_cancelled)
{
	struct plan *plan = tf_plan(TWO);
	struct finding_set *set = NULL;
	struct error err = ERROR_INIT;
	struct checks_opts o;

	memset(&o, 0, sizeof(o));
	o.builtin_dir = "checks";
	o.progress = on_progress;
	o.cancel = &cancel_flag;
	cr_assert_eq(checks_run(plan, &o, &set, &err), -1);
	cr_assert_null(set);
	cr_assert_str_eq(err.msg, "cancelled");
	cr_assert_eq(progress_calls, 3);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}
