/* test_search.c - PCRE2 search over addresses, types, keys and values. */
#include <string.h>
#include <time.h>

#include "check.h"

#include "load.h"
#include "plan.h"
#include "search.h"

static struct plan *
demo(void)
{
	struct plan *plan = NULL;
	struct load_opts o;
	struct error err = ERROR_INIT;

	memset(&o, 0, sizeof(o));
	o.path = "testdata/demo/plan.json";
	cr_assert_eq(load_plan(&plan, &o, &err), 0, "%s", err.msg);
	return plan;
}

static const struct plan_change *
change(const struct plan *plan, const char *address)
{
	const struct plan_change *c = plan_find_change(plan, address, PLAN_SECTION_CHANGE);

	cr_assert_not_null(c, "%s", address);
	return c;
}

Test(search, rejects_bad_patterns_with_a_column)
{
	struct search *s = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(search_new(&s, "", &err), -1);
	cr_assert_null(s);
	cr_assert_eq(search_new(&s, "ab(cd", &err), -1);
	cr_assert_str_eq(err.msg, "bad pattern 'ab(cd' at col 6: missing closing parenthesis");
	cr_assert_eq(search_new(&s, "\xff", &err), -1);
	cr_assert_eq(err.code, ERROR_ENCODING);
	CHECK_NO_LEAKS();
}

Test(search, smart_case)
{
	struct search *s = NULL;
	size_t a, b;

	cr_assert_eq(search_new(&s, "bucket", NULL), 0);
	cr_assert(search_match(s, "aws_s3_BUCKET", 13, &a, &b));
	cr_assert_eq(a, 7);
	cr_assert_eq(b, 13);
	search_free(&s);
	cr_assert_null(s);
	cr_assert_eq(search_new(&s, "Bucket", NULL), 0);
	cr_assert(!search_match(s, "aws_s3_bucket", 13, NULL, NULL));
	cr_assert(search_match(s, "Bucket", 6, NULL, NULL));
	search_free(&s);
	/* an escape like \d is not an upper-case letter */
	cr_assert_eq(search_new(&s, "nat\\[\\d\\]", NULL), 0);
	cr_assert(search_match(s, "NAT[1]", 6, NULL, NULL));
	search_free(&s);
	CHECK_NO_LEAKS();
}

Test(search, finds_where_a_change_matches)
{
	struct plan *plan = demo();
	struct search *s = NULL;
	struct search_hit hit;

	cr_assert_eq(search_new(&s, "0\\.0\\.0\\.0/0", NULL), 0);
	cr_assert(search_change(s, change(plan, "module.network.aws_security_group.ssh"), &hit));
	cr_assert_eq(hit.where, SEARCH_IN_VALUE);
	cr_assert_str_eq(hit.path, "ingress[0].cidr_blocks[0]");
	cr_assert(!search_change(s, change(plan, "aws_s3_bucket.logs"), &hit));
	search_free(&s);

	cr_assert_eq(search_new(&s, "^aws_iam", NULL), 0);
	cr_assert(search_change(s, change(plan, "aws_iam_role_policy.deploy"), &hit));
	cr_assert_eq(hit.where, SEARCH_IN_ADDRESS);
	search_free(&s);

	cr_assert_eq(search_new(&s, "^aws_lb$", NULL), 0);
	cr_assert(search_change(s, change(plan, "module.app.aws_lb.web"), &hit));
	cr_assert_eq(hit.where, SEARCH_IN_TYPE);
	search_free(&s);

	cr_assert_eq(search_new(&s, "^storage_encrypted$", NULL), 0);
	cr_assert(search_change(s, change(plan, "module.database.aws_db_instance.main"), &hit));
	cr_assert_eq(hit.where, SEARCH_IN_KEY);
	cr_assert_str_eq(hit.path, "storage_encrypted");
	search_free(&s);

	/* JSON inside a string is searched as the string it is */
	cr_assert_eq(search_new(&s, "iam:PassRole", NULL), 0);
	cr_assert(search_change(s, change(plan, "aws_iam_role_policy.deploy"), &hit));
	cr_assert_str_eq(hit.path, "policy");
	search_free(&s);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(search, never_matches_sensitive_values)
{
	struct plan *plan = demo();
	struct search *s = NULL;
	size_t i;

	/* both passwords are in the plan file in clear text */
	cr_assert_eq(search_new(&s, "battery-staple|Tr0ub4dor", NULL), 0);
	for (i = 0; i < plan_change_count(plan); i++)
		cr_assert(!search_change(s, plan_change_at(plan, i), NULL), "%s matched",
			  plan_change_at(plan, i)->address);
	search_free(&s);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

static const struct plan_output *
output(const struct plan *plan, const char *name)
{
	size_t i;

	for (i = 0; i < plan_output_count(plan); i++)
		if (strcmp(plan_output_at(plan, i)->name, name) == 0)
			return plan_output_at(plan, i);
	cr_assert_fail("no output %s", name);
	return NULL;
}

Test(search, finds_outputs_by_name_and_value_never_a_sensitive_one)
{
	struct plan *plan = demo();
	struct search *s = NULL;
	struct search_hit hit;

	cr_assert_eq(search_new(&s, "logs_bucket", NULL), 0);
	cr_assert(search_output(s, output(plan, "logs_bucket_url"), &hit));
	cr_assert_eq(hit.where, SEARCH_IN_NAME);
	cr_assert(!search_output(s, output(plan, "legacy_log_group"), NULL));
	search_free(&s);
	cr_assert_eq(search_new(&s, "^/acme/legacy$", NULL), 0);
	cr_assert(search_output(s, output(plan, "legacy_log_group"), &hit));
	cr_assert_eq(hit.where, SEARCH_IN_VALUE);
	search_free(&s);
	/* db_password's old value is in the plan file in clear text */
	cr_assert_eq(search_new(&s, "battery-staple", NULL), 0);
	cr_assert(!search_output(s, output(plan, "db_password"), NULL));
	search_free(&s);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(search, a_catastrophic_pattern_gives_up_quickly)
{
	struct search *s = NULL;
	char subject[4096];
	clock_t t0;

	memset(subject, 'a', sizeof(subject) - 1);
	subject[sizeof(subject) - 2] = '!';
	subject[sizeof(subject) - 1] = '\0';
	cr_assert_eq(search_new(&s, "^(a+)+$", NULL), 0);
	t0 = clock();
	cr_assert(!search_match(s, subject, strlen(subject), NULL, NULL));
	cr_assert_lt((double)(clock() - t0) / CLOCKS_PER_SEC, 2.0);
	search_free(&s);
	CHECK_NO_LEAKS();
}
