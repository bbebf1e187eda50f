/* test_rule.c - the rule language: parsing errors, operators, three-valued
 * logic, relations, secrets, limits. */
#include <string.h>
#include <time.h>

#include "check.h"
#include "load.h"
#include "rule.h"
#include "rule_internal.h"
#include "source.h"
#include "test_rule_fixtures.h"

/* ---- helpers ---- */

static struct plan *
tf_plan(const char *json)
{
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(source_from_memory(&src, "test.json", json, strlen(json), &err), 0);
	cr_assert_eq(plan_tf_load(&plan, src, 0, 0, &err), 0, "%s:%lu:%lu: %s", err.path, err.line,
		     err.col, err.msg);
	return plan;
}

/* Loads one rule; returns 0 or -1 with err set. */
static int
load_rule(struct rule_set **set, const char *yaml, struct error *err)
{
	if (!*set)
		cr_assert_eq(rule_set_new(set, err), 0);
	return rule_set_load_text(*set, "rule.yaml", yaml, strlen(yaml), err);
}

/* The status of `rule` on `address`: "pass", "fail", "unknown", "waived" or
 * "n/a" (not evaluated). */
static const char *
status_of(const struct finding_set *fs, const struct plan *plan, const char *rule,
	  const char *address)
{
	const struct finding_rule *r = finding_set_rule_find(fs, rule);
	size_t i;

	for (i = 0; i < finding_set_count(fs); i++) {
		const struct finding *f = finding_set_at(fs, i);

		if (strcmp(f->rule_id, rule) == 0 && strcmp(f->address, address) == 0)
			return finding_status_key(f->status);
	}
	for (i = 0; r && i < r->npassed; i++)
		if (strcmp(plan_change_at(plan, r->passed[i])->address, address) == 0)
			return "pass";
	return "n/a";
}

/* A resource with one attribute of every kind. */
static const char *const THING_PLAN =
	"{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"test_thing.t\","
	"\"mode\":\"managed\",\"type\":\"test_thing\",\"name\":\"t\",\"change\":{\"actions\":["
	"\"create\"],\"before\":null,\"after\":{"
	"\"name\":\"web-01\",\"count\":7,\"flag\":true,\"flag_str\":\"true\",\"num_str\":\"7\","
	"\"empty\":\"\",\"nothing\":null,\"list\":[\"a\",\"b\"],\"numbers\":[1,5,9],"
	"\"cidr\":\"10.0.0.0/16\",\"public\":\"203.0.113.0/24\",\"anywhere\":\"0.0.0.0/0\","
	"\"v6\":\"::/0\",\"ula\":\"fd00::/8\",\"tags\":{\"Env\":\"prod\",\"Team\":\"x\"},"
	"\"rule\":{\"from_port\":20,\"to_port\":30,\"protocol\":\"tcp\"},"
	"\"allrule\":{\"from_port\":0,\"to_port\":0,\"protocol\":\"-1\"},"
	"\"icmp\":{\"from_port\":-1,\"to_port\":-1,\"protocol\":\"icmp\"},"
	"\"range\":\"1000-2000\",\"period\":\"7776000s\",\"secret\":\"hunter2\","
	"\"nested\":[{\"x\":1,\"y\":[\"p\"]},{\"x\":2,\"y\":[\"q\",\"r\"]}],"
	"\"policy\":\"{\\n  \\\"Version\\\": \\\"2012-10-17\\\",\\n  \\\"Statement\\\": {\\\"Effect\\\": "
	"\\\"Allow\\\", \\\"Action\\\": \\\"s3:*\\\", \\\"Resource\\\": \\\"*\\\"}\\n}\","
	"\"notjson\":\"{nope\",\"half\":[\"a\",null]},"
	"\"after_unknown\":{\"later\":true,\"half\":[false,true]},"
	"\"after_sensitive\":{\"secret\":true}}}]}";

struct op_case {
	const char *condition;   /* YAML flow mapping */
	const char *want;        /* pass, fail, unknown */
};

static const struct op_case op_cases[] = {
	/* presence */
	{ "{attr: name, op: exists}", "pass" },
	{ "{attr: missing, op: exists}", "fail" },
	{ "{attr: nothing, op: exists}", "fail" },
	{ "{attr: nothing, op: absent}", "pass" },
	{ "{attr: nothing, op: null}", "pass" },
	{ "{attr: missing, op: null}", "fail" },
	{ "{attr: nothing, op: present}", "pass" },
	{ "{attr: missing, op: present}", "fail" },
	{ "{attr: empty, op: empty}", "pass" },
	{ "{attr: list, op: not_empty}", "pass" },
	{ "{attr: later, op: unknown}", "pass" },
	{ "{attr: later, op: exists}", "unknown" },
	{ "{attr: later, op: known}", "fail" },
	{ "{attr: secret, op: sensitive}", "pass" },
	{ "{attr: name, op: sensitive}", "fail" },
	{ "{attr: secret, op: exists}", "pass" },
	/* a sensitive value is never compared */
	{ "{attr: secret, op: eq, value: hunter2}", "unknown" },
	{ "{attr: secret, op: regex, value: hun}", "unknown" },
	/* compare, with Terraform's coercions */
	{ "{attr: name, op: eq, value: web-01}", "pass" },
	{ "{attr: name, op: eq, value: WEB-01}", "fail" },
	{ "{attr: name, op: eq, value: WEB-01, ignore_case: true}", "pass" },
	{ "{attr: name, op: ne, value: db-01}", "pass" },
	{ "{attr: count, op: eq, value: 7}", "pass" },
	{ "{attr: count, op: eq, value: \"7\"}", "pass" },
	{ "{attr: num_str, op: eq, value: 7.0}", "pass" },
	{ "{attr: flag, op: eq, value: true}", "pass" },
	{ "{attr: flag_str, op: eq, value: true}", "pass" },
	{ "{attr: flag, op: eq, value: \"true\"}", "pass" },
	{ "{attr: nothing, op: eq, value: null}", "pass" },
	{ "{attr: missing, op: ne, value: x}", "pass" },
	{ "{attr: later, op: eq, value: x}", "unknown" },
	{ "{attr: later, op: ne, value: x}", "unknown" },
	{ "{attr: name, op: in, value: [db-01, web-01]}", "pass" },
	{ "{attr: name, op: not_in, value: [db-01]}", "pass" },
	{ "{attr: list, op: eq, value: [a, b]}", "pass" },
	/* strings */
	{ "{attr: name, op: regex, value: '^web-[0-9]+$'}", "pass" },
	{ "{attr: name, op: not_regex, value: '^db'}", "pass" },
	{ "{attr: name, op: prefix, value: web}", "pass" },
	{ "{attr: name, op: suffix, value: \"-01\"}", "pass" },
	{ "{attr: name, op: contains, value: b-0}", "pass" },
	{ "{attr: list, op: contains, value: b}", "pass" },
	{ "{attr: list, op: not_contains, value: c}", "pass" },
	{ "{attr: tags, op: contains, value: Env}", "pass" },
	/* numbers */
	{ "{attr: count, op: gt, value: 6}", "pass" },
	{ "{attr: count, op: gte, value: 7}", "pass" },
	{ "{attr: count, op: lt, value: 7}", "fail" },
	{ "{attr: num_str, op: lte, value: 7}", "pass" },
	{ "{attr: count, op: between, value: [5, 10]}", "pass" },
	{ "{attr: period, op: lte, value: 7776000}", "pass" },
	{ "{attr: name, op: gt, value: 1}", "fail" },
	{ "{attr: later, op: gt, value: 1}", "unknown" },
	/* collections */
	{ "{attr: list, op: length_eq, value: 2}", "pass" },
	{ "{attr: missing, op: length_eq, value: 0}", "pass" },
	{ "{attr: list, op: subset, value: [a, b, c]}", "pass" },
	{ "{attr: list, op: superset, value: [a]}", "pass" },
	{ "{attr: list, op: superset, value: [a, c]}", "fail" },
	{ "{attr: list, op: intersects, value: [c, b]}", "pass" },
	{ "{attr: tags, op: has_keys, value: [Env, Team]}", "pass" },
	{ "{attr: tags, op: has_keys, value: [env], ignore_case: true}", "pass" },
	{ "{attr: tags, op: has_keys, value: [Owner]}", "fail" },
	{ "{attr: \"numbers[*]\", match: all, op: gt, value: 0}", "pass" },
	{ "{attr: \"numbers[*]\", match: any, op: gt, value: 8}", "pass" },
	{ "{attr: \"numbers[*]\", match: none, op: gt, value: 9}", "pass" },
	{ "{attr: \"nested[*].y[*]\", match: any, op: eq, value: r}", "pass" },
	{ "{attr: \"missing[*]\", match: any, op: eq, value: r}", "fail" },
	{ "{attr: \"missing[*]\", match: all, op: eq, value: r}", "pass" },
	{ "{attr: \"half[*]\", match: any, op: eq, value: x}", "unknown" },
	{ "{attr: \"nested[1].x\", op: eq, value: 2}", "pass" },
	{ "{attr: [missing, name], op: eq, value: web-01}", "pass" },
	/* ports */
	{ "{attr: rule, op: port_range_includes, value: 22}", "pass" },
	{ "{attr: rule, op: port_range_includes, value: [80, 443]}", "fail" },
	{ "{attr: allrule, op: port_range_all}", "pass" },
	{ "{attr: rule, op: port_range_all}", "fail" },
	{ "{attr: icmp, op: port_range_includes, value: 22}", "fail" },
	{ "{attr: range, op: port_range_includes, value: 1500}", "pass" },
	{ "{attr: count, op: port_range_includes, value: 7}", "pass" },
	/* CIDRs */
	{ "{attr: anywhere, op: cidr_is_any}", "pass" },
	{ "{attr: v6, op: cidr_is_any}", "pass" },
	{ "{attr: cidr, op: cidr_is_any}", "fail" },
	{ "{attr: cidr, op: cidr_is_public}", "fail" },
	{ "{attr: public, op: cidr_is_public}", "pass" },
	{ "{attr: ula, op: cidr_is_public}", "fail" },
	{ "{attr: cidr, op: cidr_contains, value: 10.0.5.0/24}", "pass" },
	{ "{attr: cidr, op: cidr_within, value: 10.0.0.0/8}", "pass" },
	{ "{attr: cidr, op: cidr_overlaps, value: [192.168.0.0/16, 10.0.255.0/24]}", "pass" },
	{ "{attr: cidr, op: cidr_overlaps, value: 10.1.0.0/16}", "fail" },
	/* logic, three-valued */
	{ "{any: [{attr: later, op: eq, value: x}, {attr: flag, op: eq, value: true}]}", "pass" },
	{ "{any: [{attr: later, op: eq, value: x}, {attr: flag, op: eq, value: false}]}", "unknown" },
	{ "{all: [{attr: later, op: eq, value: x}, {attr: flag, op: eq, value: false}]}", "fail" },
	{ "{all: [{attr: later, op: eq, value: x}, {attr: flag, op: eq, value: true}]}", "unknown" },
	{ "{not: {attr: later, op: eq, value: x}}", "unknown" },
	{ "{none: [{attr: flag, op: eq, value: false}]}", "pass" },
	{ "{for: all, in: \"nested[*]\", where: {attr: x, op: gt, value: 0}}", "pass" },
	{ "{for: none, in: \"nested[*]\", where: {attr: \"y[*]\", match: any, op: eq, value: q}}",
	  "fail" },
	{ "{for: any, in: [empty, name], where: {attr: ., op: eq, value: web-01}}", "pass" },
	/* JSON strings and IAM statements (a single statement object, pretty-printed) */
	{ "{json: policy, where: {attr: Version, op: eq, value: \"2012-10-17\"}}", "pass" },
	{ "{json: notjson, where: {attr: Version, op: exists}}", "fail" },
	{ "{json: later, where: {attr: Version, op: exists}}", "unknown" },
	{ "{iam_statements: policy, match: any, where: {attr: \"Action[*]\", match: any, op: eq, "
	  "value: \"s3:*\"}}",
	  "pass" },
	{ "{iam_statements: policy, match: none, where: {attr: \"Resource[*]\", match: any, op: "
	  "eq, value: \"*\"}}",
	  "fail" },
	{ "{iam_statements: missing, match: none, where: {attr: Effect, op: eq, value: Allow}}",
	  "pass" },
	/* plan-change operators */
	{ "{action: create}", "pass" },
	{ "{action: [update, delete]}", "fail" },
	{ "{changed: name}", "pass" },
	{ "{changed: later}", "unknown" },
	{ "{before: {attr: name, op: absent}}", "pass" },
	{ "{after: {attr: name, op: exists}}", "pass" },
	{ "{attr: $resource.name, op: eq, value: web-01}", "pass" },
	{ "{attr: $document.count, op: eq, value: 7}", "pass" },
};

Test(rule, operators_give_three_valued_results)
{
	struct plan *plan = tf_plan(THING_PLAN);
	struct buf failures = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(op_cases) / sizeof(op_cases[0]); i++) {
		struct rule_set *set = NULL;
		struct finding_set *fs = NULL;
		struct error err = ERROR_INIT;
		struct buf yaml = BUF_INIT;
		const char *got;

		buf_addf(&yaml,
			 "id: T-OP\ntitle: t\nseverity: low\nresource_types: [test_thing]\n"
			 "condition: %s\n",
			 op_cases[i].condition);
		if (load_rule(&set, yaml.data, &err) < 0) {
			buf_addf(&failures, "%s: does not load: %lu:%lu: %s\n", op_cases[i].condition,
				 err.line, err.col, err.msg);
		} else {
			cr_assert_eq(fixture_run(set, plan, &fs, &err), 0, "%s", err.msg);
			got = status_of(fs, plan, "T-OP", "test_thing.t");
			if (strcmp(got, op_cases[i].want) != 0)
				buf_addf(&failures, "%s: %s, want %s\n", op_cases[i].condition, got,
					 op_cases[i].want);
		}
		finding_set_free(&fs);
		rule_set_free(&set);
		buf_release(&yaml);
	}
	cr_assert_eq(failures.len, 0, "%s", failures.data);
	buf_release(&failures);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- rule files that are wrong ---- */

struct bad_rule {
	const char *text;
	unsigned long line, col;
	const char *msg;        /* a piece of the message */
};

#define HEAD "id: T-1\ntitle: t\nseverity: low\nresource_types: [x]\n"

static const struct bad_rule bad_rules[] = {
	{ HEAD "sevrity: low\ncondition: {attr: a, op: exists}\n", 5, 1, "unknown key 'sevrity'" },
	{ HEAD "condition: {attr: a, op: eqauls, value: 1}\n", 5, 26, "unknown operator 'eqauls'" },
	{ HEAD "condition: {attr: \"a[*]\", op: eq, value: 1}\n", 5, 12, "say which must match" },
	{ HEAD "condition: {attr: a, op: regex, value: '(a'}\n", 5, 40, "bad regular expression" },
	{ HEAD "condition: {attr: a, op: cidr_contains, value: 10.0.0.0/33}\n", 5, 48,
	  "not a CIDR" },
	{ HEAD "condition: {attr: a, op: exists, value: 1}\n", 5, 41, "takes no 'value'" },
	{ HEAD "condition: {attr: a, op: eq}\n", 5, 26, "needs a 'value'" },
	{ HEAD "condition: {attr: a, op: gt, value: many}\n", 5, 37, "needs a number" },
	{ HEAD "condition: {attr: a, op: port_range_includes, value: 70000}\n", 5, 54,
	  "whole number from 0 to 65535" },
	{ HEAD "condition: {atr: a, op: exists}\n", 5, 13, "unknown key 'atr' in a condition" },
	{ HEAD "condition: {all: [{attr: a, op: exists}], any: []}\n", 5, 12, "exactly one of" },
	{ HEAD "condition: {attr: a, op: exists, match: any}\n", 5, 41, "'match' needs a path" },
	{ HEAD "condition: {related: {types: [y], where: {attr: a, op: exists}}}\n", 5, 22,
	  "exactly one of referenced_by" },
	{ HEAD "condition: {action: obliterate}\n", 5, 21, "unknown action 'obliterate'" },
	{ HEAD "condition: {attr: \"a[x]\", op: exists}\n", 5, 19, "is not an index" },
	{ HEAD "condition: {attr: \"$root.a\", op: exists}\n", 5, 19, "unknown path root" },
	{ HEAD "condition: {for: some, in: a, where: {attr: b, op: exists}}\n", 5, 18,
	  "not a quantifier" },
	{ HEAD "on_unknown: maybe\ncondition: {attr: a, op: exists}\n", 5, 13,
	  "must be pass, fail or warn" },
	{ HEAD "condition: {attr: a, op: exists}\ncondition: {attr: b, op: exists}\n", 6, 1,
	  "duplicate key 'condition'" },
	{ HEAD "condition: {attr: a, op: exists}\n---\nid: T-2\n", 6, 1, "one rule per file" },
	{ HEAD "condition: {attr: a, op: exists\n", 6, 1, "YAML" },
	{ HEAD "condition: &c {attr: a, op: exists}\n", 5, 12, "anchors are not supported" },
	{ "id: T-1\ntitle: t\nseverity: severe\nresource_types: [x]\ncondition: {attr: a, op: "
	  "exists}\n",
	  3, 11, "unknown severity 'severe'" },
	{ "id: T 1\ntitle: t\nseverity: low\nresource_types: [x]\ncondition: {attr: a, op: "
	  "exists}\n",
	  1, 5, "must be letters" },
	{ "title: t\nseverity: low\nresource_types: [x]\ncondition: {attr: a, op: exists}\n", 1, 1,
	  "needs 'id'" },
	{ HEAD "\n", 1, 1, "needs 'condition'" },
	{ "- a\n- b\n", 1, 1, "must be a mapping" },
	{ HEAD "secret: {what: x, pattern: 'a+'}\n", 5, 9, "needs 'keywords' or 'key_pattern'" },
	{ HEAD "secret: {what: x, pattern: 'a+', keywords: [a], group: 2}\n", 5, 56,
	  "capture group" },
};

Test(rule, bad_rule_files_are_errors_at_their_line_and_column)
{
	size_t i;

	for (i = 0; i < sizeof(bad_rules) / sizeof(bad_rules[0]); i++) {
		struct rule_set *set = NULL;
		struct error err = ERROR_INIT;
		const struct bad_rule *b = &bad_rules[i];

		cr_assert_eq(load_rule(&set, b->text, &err), -1, "case %zu loaded:\n%s", i, b->text);
		cr_assert(strstr(err.msg, b->msg), "case %zu: '%s' lacks '%s'", i, err.msg, b->msg);
		cr_assert_str_eq(err.path, "rule.yaml");
		cr_assert_eq(err.line, b->line, "case %zu (%s): line %lu, want %lu", i, err.msg,
			     err.line, b->line);
		cr_assert_eq(err.col, b->col, "case %zu (%s): col %lu, want %lu", i, err.msg, err.col,
			     b->col);
		cr_assert_eq(rule_set_count(set), 0);
		rule_set_free(&set);
	}
	CHECK_NO_LEAKS();
}

Test(rule, nesting_is_bounded)
{
	struct buf yaml = BUF_INIT;
	struct rule_set *set = NULL;
	struct error err = ERROR_INIT;
	int i;

	buf_addstr(&yaml, HEAD "condition:\n");
	for (i = 0; i < 200; i++)
		buf_addf(&yaml, "%*snot:\n", 2 + 2 * i, "");
	buf_addf(&yaml, "%*s{attr: a, op: exists}\n", 2 + 2 * i, "");
	cr_assert_eq(load_rule(&set, yaml.data, &err), -1);
	cr_assert_eq(err.code, ERROR_LIMIT, "%s", err.msg);
	cr_assert(strstr(err.msg, "nested deeper"), "%s", err.msg);
	rule_set_free(&set);
	buf_release(&yaml);
	CHECK_NO_LEAKS();
}

Test(rule, a_rule_id_is_defined_once)
{
	struct rule_set *set = NULL;
	struct error err = ERROR_INIT;

	static const char other[] = HEAD "condition: {attr: b, op: exists}\n";

	cr_assert_eq(load_rule(&set, HEAD "condition: {attr: a, op: exists}\n", &err), 0);
	cr_assert_eq(rule_set_load_text(set, "other.yaml", other, strlen(other), &err), -1);
	cr_assert(strstr(err.msg, "already defined in rule.yaml"), "%s", err.msg);
	cr_assert_str_eq(err.path, "other.yaml");
	cr_assert_eq(err.line, 1);
	cr_assert_eq(rule_set_count(set), 1);
	rule_set_free(&set);
	CHECK_NO_LEAKS();
}

Test(rule, selection_rejects_patterns_that_match_nothing)
{
	struct rule_set *set = NULL;
	struct error err = ERROR_INIT;
	const char *typo[] = { "T-9", NULL }, *glob[] = { "T-*", NULL }, *skip[] = { "T-1", NULL };

	cr_assert_eq(load_rule(&set, HEAD "condition: {attr: a, op: exists}\n", &err), 0);
	cr_assert_eq(rule_set_select(set, typo, NULL, &err), -1);
	cr_assert(strstr(err.msg, "--only 'T-9' matches no rule"), "%s", err.msg);
	cr_assert_eq(rule_set_select(set, glob, NULL, &err), 0);
	cr_assert(rule_set_at(set, 0)->enabled);
	cr_assert_eq(rule_set_select(set, NULL, skip, &err), 0);
	cr_assert_not(rule_set_at(set, 0)->enabled);
	rule_set_free(&set);
	CHECK_NO_LEAKS();
}

Test(rule, the_digest_covers_every_rule_file)
{
	struct rule_set *a = NULL, *b = NULL;
	struct error err = ERROR_INIT;
	char da[65];

	cr_assert_eq(load_rule(&a, HEAD "condition: {attr: a, op: exists}\n", &err), 0);
	cr_assert_eq(load_rule(&b, HEAD "condition: {attr: b, op: exists}\n", &err), 0);
	snprintf(da, sizeof(da), "%s", rule_set_digest(a));
	cr_assert_eq(strlen(da), 64);
	cr_assert_str_neq(da, rule_set_digest(b));
	cr_assert_str_eq(da, rule_set_digest(a), "stable");
	rule_set_free(&a);
	rule_set_free(&b);
	CHECK_NO_LEAKS();
}

/* ---- evaluation ---- */

static const char *const UNKNOWN_PLAN =
	"{\"format_version\":\"1.2\",\"resource_changes\":["
	"{\"address\":\"test_thing.k\",\"mode\":\"managed\",\"type\":\"test_thing\",\"name\":\"k\","
	"\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":{\"size\":\"big\"},"
	"\"after_unknown\":{\"key\":true}}}]}";

Test(rule, on_unknown_decides_what_an_unknown_result_means)
{
	static const char *const modes[] = { "pass", "fail", "warn" };
	static const char *const want[] = { "pass", "fail", "unknown" };
	struct plan *plan = tf_plan(UNKNOWN_PLAN);
	size_t i;

	for (i = 0; i < 3; i++) {
		struct rule_set *set = NULL;
		struct finding_set *fs = NULL;
		struct error err = ERROR_INIT;
		struct buf yaml = BUF_INIT;
		const struct finding *f;

		buf_addf(&yaml,
			 "id: T-1\ntitle: t\nseverity: low\nresource_types: [\"*\"]\n"
			 "on_unknown: %s\nmessage: no key\ncondition: {attr: key, op: not_empty}\n",
			 modes[i]);
		cr_assert_eq(load_rule(&set, yaml.data, &err), 0, "%s", err.msg);
		cr_assert_eq(fixture_run(set, plan, &fs, &err), 0);
		cr_assert_str_eq(status_of(fs, plan, "T-1", "test_thing.k"), want[i]);
		if (i > 0) {
			f = finding_set_at(fs, 0);
			cr_assert(f->rests_on_unknown);
			cr_assert_str_eq(f->message,
					 "no key (depends on a value known only after apply: key)");
			cr_assert_str_eq(f->path, "key");
		}
		finding_set_free(&fs);
		rule_set_free(&set);
		buf_release(&yaml);
	}
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(rule, an_unknown_applicability_with_a_failing_condition_is_unknown)
{
	struct plan *plan = tf_plan(UNKNOWN_PLAN);
	struct rule_set *set = NULL;
	struct finding_set *fs = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(load_rule(&set,
			       "id: T-1\ntitle: t\nseverity: low\nresource_types: [test_thing]\n"
			       "when: {attr: key, op: eq, value: a}\n"
			       "condition: {attr: size, op: eq, value: small}\n",
			       &err),
		     0, "%s", err.msg);
	cr_assert_eq(fixture_run(set, plan, &fs, &err), 0);
	cr_assert_str_eq(status_of(fs, plan, "T-1", "test_thing.k"), "unknown");
	finding_set_free(&fs);
	rule_set_free(&set);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* Companions resolved in their own module instance, and by count index. */
static const char *const MODULE_PLAN =
	"{\"format_version\":\"1.2\",\"resource_changes\":["
	"{\"address\":\"module.m[\\\"x\\\"].aws_s3_bucket.b\",\"module_address\":\"module.m[\\\"x\\\"]\","
	"\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"b\",\"change\":{\"actions\":["
	"\"create\"],\"before\":null,\"after\":{},\"after_unknown\":{\"id\":true}}},"
	"{\"address\":\"module.m[\\\"y\\\"].aws_s3_bucket.b\",\"module_address\":\"module.m[\\\"y\\\"]\","
	"\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"b\",\"change\":{\"actions\":["
	"\"create\"],\"before\":null,\"after\":{},\"after_unknown\":{\"id\":true}}},"
	"{\"address\":\"module.m[\\\"x\\\"].aws_s3_bucket_versioning.v\",\"module_address\":"
	"\"module.m[\\\"x\\\"]\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket_versioning\",\"name\":"
	"\"v\",\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":{"
	"\"versioning_configuration\":[{\"status\":\"Enabled\"}]},\"after_unknown\":{\"bucket\":true}}},"
	"{\"address\":\"aws_s3_bucket.c[0]\",\"index\":0,\"mode\":\"managed\",\"type\":\"aws_s3_bucket\","
	"\"name\":\"c\",\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":{},"
	"\"after_unknown\":{\"id\":true}}},"
	"{\"address\":\"aws_s3_bucket.c[1]\",\"index\":1,\"mode\":\"managed\",\"type\":\"aws_s3_bucket\","
	"\"name\":\"c\",\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":{},"
	"\"after_unknown\":{\"id\":true}}},"
	"{\"address\":\"aws_s3_bucket_versioning.c[1]\",\"index\":1,\"mode\":\"managed\",\"type\":"
	"\"aws_s3_bucket_versioning\",\"name\":\"c\",\"change\":{\"actions\":[\"create\"],\"before\":"
	"null,\"after\":{\"versioning_configuration\":[{\"status\":\"Enabled\"}]},\"after_unknown\":{"
	"\"bucket\":true}}},"
	"{\"address\":\"aws_s3_bucket.byname\",\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":"
	"\"byname\",\"change\":{\"actions\":[\"no-op\"],\"before\":{\"id\":\"logs-7\"},\"after\":{\"id\":"
	"\"logs-7\"}}},"
	"{\"address\":\"aws_s3_bucket_versioning.byname\",\"mode\":\"managed\",\"type\":"
	"\"aws_s3_bucket_versioning\",\"name\":\"byname\",\"change\":{\"actions\":[\"create\"],\"before\":"
	"null,\"after\":{\"bucket\":\"logs-7\",\"versioning_configuration\":[{\"status\":\"Enabled\"}]}}}"
	"],\"configuration\":{\"root_module\":{\"resources\":["
	"{\"address\":\"aws_s3_bucket_versioning.c\",\"mode\":\"managed\",\"type\":"
	"\"aws_s3_bucket_versioning\",\"name\":\"c\",\"expressions\":{\"bucket\":{\"references\":["
	"\"aws_s3_bucket.c[count.index]\",\"aws_s3_bucket.c\",\"count.index\"]}}}],"
	"\"module_calls\":{\"m\":{\"module\":{\"resources\":["
	"{\"address\":\"aws_s3_bucket_versioning.v\",\"mode\":\"managed\",\"type\":"
	"\"aws_s3_bucket_versioning\",\"name\":\"v\",\"expressions\":{\"bucket\":{\"references\":["
	"\"aws_s3_bucket.b.id\",\"aws_s3_bucket.b\"]}}}]}}}}}}";

Test(rule, related_resources_resolve_per_module_instance_and_index)
{
	struct plan *plan = tf_plan(MODULE_PLAN);
	struct rule_set *set = NULL;
	struct finding_set *fs = NULL;
	struct error err = ERROR_INIT;
	const char *only[] = { "AWS-S3-005", NULL };

	cr_assert_eq(rule_set_new(&set, &err), 0);
	cr_assert_eq(rule_set_load_dir(set, "checks", &err), 0, "%s", err.msg);
	cr_assert_eq(rule_set_select(set, only, NULL, &err), 0);
	cr_assert_eq(fixture_run(set, plan, &fs, &err), 0);
	cr_assert_str_eq(status_of(fs, plan, "AWS-S3-005", "module.m[\"x\"].aws_s3_bucket.b"), "pass");
	cr_assert_str_eq(status_of(fs, plan, "AWS-S3-005", "module.m[\"y\"].aws_s3_bucket.b"), "fail");
	cr_assert_str_eq(status_of(fs, plan, "AWS-S3-005", "aws_s3_bucket.c[0]"), "fail");
	cr_assert_str_eq(status_of(fs, plan, "AWS-S3-005", "aws_s3_bucket.c[1]"), "pass");
	/* no configuration link: matched by the known bucket id */
	cr_assert_str_eq(status_of(fs, plan, "AWS-S3-005", "aws_s3_bucket.byname"), "pass");
	finding_set_free(&fs);
	rule_set_free(&set);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- secrets ---- */

Test(rule, secret_findings_show_at_most_four_characters)
{
	static const char secret[] = "ghp_R7bX2kQ9mZ4tW1vY8nL3pJ6hC0sD5fG2aE9u";
	struct buf json = BUF_INIT;
	struct plan *plan;
	struct rule_set *set = NULL;
	struct finding_set *fs = NULL;
	struct error err = ERROR_INIT;
	const char *only[] = { "SEC-*", NULL };
	size_t i;

	buf_addf(&json,
		 "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"null_resource.n\","
		 "\"mode\":\"managed\",\"type\":\"null_resource\",\"name\":\"n\",\"change\":{\"actions\":["
		 "\"create\"],\"before\":null,\"after\":{\"triggers\":{\"t\":\"token=%s\","
		 "\"hidden\":\"%s\"}},\"after_sensitive\":{\"triggers\":{\"hidden\":true}}}}]}",
		 secret, secret);
	plan = tf_plan(json.data);
	cr_assert_eq(rule_set_new(&set, &err), 0);
	cr_assert_eq(rule_set_load_dir(set, "checks", &err), 0);
	cr_assert_eq(rule_set_select(set, only, NULL, &err), 0);
	cr_assert_eq(fixture_run(set, plan, &fs, &err), 0);
	cr_assert_geq(finding_set_count(fs), 1);
	for (i = 0; i < finding_set_count(fs); i++) {
		const struct finding *f = finding_set_at(fs, i);

		cr_assert_str_eq(f->path, "triggers.t", "the sensitive value is never scanned");
		cr_assert_null(strstr(f->message, secret + 4), "%s", f->message);
		cr_assert_null(strstr(f->message, "R7bX"), "%s", f->message);
	}
	cr_assert_str_eq(status_of(fs, plan, "SEC-004", "null_resource.n"), "fail");
	cr_assert_str_eq(finding_set_find(fs, finding_set_at(fs, 0)->id)->id,
			 finding_set_at(fs, 0)->id);
	{
		const struct finding *f = NULL;

		for (i = 0; i < finding_set_count(fs); i++)
			if (strcmp(finding_set_at(fs, i)->rule_id, "SEC-004") == 0)
				f = finding_set_at(fs, i);
		cr_assert_not_null(f);
		cr_assert_str_eq(f->message, "GitHub token 'ghp_…' (40 characters) in triggers.t");
	}
	finding_set_free(&fs);
	rule_set_free(&set);
	plan_free(&plan);
	buf_release(&json);
	CHECK_NO_LEAKS();
}

Test(rule, base64_decoding_and_entropy)
{
	char out[64];
	long n = rule_base64_decode("aGVsbG8gd29ybGQ=", 16, out);

	cr_assert_eq(n, 11);
	cr_assert_eq(memcmp(out, "hello world", 11), 0);
	cr_assert_eq(rule_base64_decode("aGVs bG8=\n", 10, out), 5);
	cr_assert_eq(rule_base64_decode("a=b", 3, out), -1, "data after padding");
	cr_assert_eq(rule_base64_decode("a*b", 3, out), -1);
	cr_assert_float_eq(rule_entropy("aaaa", 4), 0.0, 1e-9);
	cr_assert_float_eq(rule_entropy("abab", 4), 1.0, 1e-9);
	cr_assert_float_eq(rule_entropy("abcdefgh", 8), 3.0, 1e-9);
	CHECK_NO_LEAKS();
}

/* A pattern that backtracks catastrophically stops at the match limit
 * and counts as unknown, instead of hanging. */
Test(rule, regex_match_limits_stop_runaway_patterns, .timeout = 20)
{
	struct buf json = BUF_INIT;
	struct plan *plan;
	struct rule_set *set = NULL;
	struct finding_set *fs = NULL;
	struct error err = ERROR_INIT;
	int i;

	buf_addstr(&json, "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"t_x.a\","
			  "\"mode\":\"managed\",\"type\":\"t_x\",\"name\":\"a\",\"change\":{\"actions\":["
			  "\"create\"],\"before\":null,\"after\":{\"s\":\"");
	for (i = 0; i < 40; i++)
		buf_addch(&json, 'a');
	buf_addstr(&json, "!\"}}}]}");
	plan = tf_plan(json.data);
	cr_assert_eq(load_rule(&set,
			       "id: T-1\ntitle: t\nseverity: low\nresource_types: [t_x]\n"
			       "condition: {attr: s, op: regex, value: '^(a|aa)+$'}\n",
			       &err),
		     0);
	cr_assert_eq(fixture_run(set, plan, &fs, &err), 0);
	cr_assert_str_eq(status_of(fs, plan, "T-1", "t_x.a"), "unknown");
	finding_set_free(&fs);
	rule_set_free(&set);
	plan_free(&plan);
	buf_release(&json);
	CHECK_NO_LEAKS();
}

Test(rule, cidr_helpers)
{
	struct rule_cidr a, b;

	cr_assert(rule_cidr_parse("10.0.0.0/8", 10, &a));
	cr_assert(rule_cidr_parse("10.1.2.3", 8, &b));
	cr_assert(rule_cidr_contains(&a, &b));
	cr_assert_not(rule_cidr_contains(&b, &a));
	cr_assert_not(rule_cidr_is_public(&a));
	cr_assert(rule_cidr_parse("100.64.0.0/10", 13, &a));
	cr_assert_not(rule_cidr_is_public(&a), "CGNAT");
	cr_assert(rule_cidr_parse("8.8.8.8/32", 10, &a));
	cr_assert(rule_cidr_is_public(&a));
	cr_assert(rule_cidr_parse("2001:db8::/32", 13, &a));
	cr_assert(rule_cidr_parse("2001:db8:1::/48", 15, &b));
	cr_assert(rule_cidr_overlaps(&a, &b));
	cr_assert_not(rule_cidr_parse("10.0.0.0/8", 10, &a) && rule_cidr_contains(&a, &b),
		      "families differ");
	cr_assert_not(rule_cidr_parse("300.0.0.0/8", 11, &a));
	cr_assert_not(rule_cidr_parse("10.0.0.0/x", 10, &a));
	cr_assert_not(rule_cidr_parse("", 0, &a));
	cr_assert(rule_cidr_is_any_text("0.0.0.0/0", 9));
	cr_assert(rule_cidr_is_any_text("::/0", 4));
	cr_assert(rule_cidr_is_any_text("Internet", 8));
	cr_assert(rule_cidr_is_any_text("*", 1));
	cr_assert_not(rule_cidr_is_any_text("0.0.0.0/1", 9));
	cr_assert_not(rule_cidr_is_any_text("VirtualNetwork", 14));
	CHECK_NO_LEAKS();
}

/* Values shaped to make the engine work hard stay bounded: nesting does
 * not drive recursion, and a huge policy comparison says unknown. */
Test(rule, hostile_values_stay_bounded, .timeout = 30)
{
	struct buf json = BUF_INIT, pol = BUF_INIT, pol2 = BUF_INIT;
	struct plan *plan;
	struct rule_set *set = NULL;
	struct finding_set *fs = NULL;
	struct error err = ERROR_INIT;
	int i;

	/* 900 nested one-element lists, and two policies of 300x300 grants */
	buf_addstr(&pol, "{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":[");
	for (i = 0; i < 300; i++)
		buf_addf(&pol, "%s\\\"s%d:Get\\\"", i ? "," : "", i);
	buf_addstr(&pol, "],\\\"Resource\\\":[");
	for (i = 0; i < 300; i++)
		buf_addf(&pol, "%s\\\"arn:r%d\\\"", i ? "," : "", i);
	buf_addstr(&pol, "]}]}");
	buf_add(&pol2, pol.data, pol.len);
	memcpy(strstr(pol2.data, "s0:Get"), "s0:Put", 6);
	buf_addstr(&json, "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"t_x.a\","
			  "\"mode\":\"managed\",\"type\":\"t_x\",\"name\":\"a\",\"change\":{\"actions\":["
			  "\"update\"],\"before\":{\"policy\":\"");
	buf_add(&json, pol.data, pol.len);
	buf_addstr(&json, "\"},\"after\":{\"policy\":\"");
	buf_add(&json, pol2.data, pol2.len);
	buf_addstr(&json, "\",\"deep\":");
	for (i = 0; i < 900; i++)
		buf_addch(&json, '[');
	buf_addstr(&json, "{\"b\":1}");
	for (i = 0; i < 900; i++)
		buf_addch(&json, ']');
	buf_addstr(&json, "}}}]}");
	plan = tf_plan(json.data);
	cr_assert_eq(load_rule(&set,
			       "id: T-1\ntitle: t\nseverity: low\nresource_types: [t_x]\n"
			       "condition: {all: [{attr: deep.b, op: absent}, {not: {iam_widens: policy}}]}\n",
			       &err),
		     0, "%s", err.msg);
	cr_assert_eq(fixture_run(set, plan, &fs, &err), 0);
	cr_assert_str_eq(status_of(fs, plan, "T-1", "t_x.a"), "unknown");
	finding_set_free(&fs);
	rule_set_free(&set);
	plan_free(&plan);
	buf_release(&json);
	buf_release(&pol);
	buf_release(&pol2);
	CHECK_NO_LEAKS();
}
