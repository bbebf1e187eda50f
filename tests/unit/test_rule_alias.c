/* test_rule_alias.c - one AWS rule, three sources: the same resources
 * written as a Terraform plan, a Pulumi preview (aws:... type tokens,
 * camelCase inputs, blocks as objects, pluralised lists) and Crossplane
 * managed resources (s3.aws.upbound.io Bucket, spec.forProvider,
 * *Ref and *Selector companions) must give the same results.
 *
 * testdata/checks/alias/<RULE-ID>/{terraform.json, pulumi.json,
 * crossplane.yaml} each hold resources named good/bad/...; .expect beside
 * each gives the exact results, and the results must also agree across
 * sources once addresses are reduced to those names.
 */
#include <dirent.h>
#include <string.h>

#include "alias.h"
#include "check.h"
#include "mem.h"
#include "rule.h"
#include "str.h"
#include "test_rule_fixtures.h"

/* "fail aws:s3/bucketV2:BucketV2::bad versioning[0].enabled" -> "fail bad"
 * (the name after the last '.', ':' or '/' of the address; the attribute
 * path is left to each source's .expect, since tags_all exists only in
 * Terraform). */
static void
by_name(const struct buf *in, struct buf *out)
{
	const char *p = in->data;

	buf_reset(out);
	while (*p) {
		const char *nl = strchr(p, '\n'), *sp1 = strchr(p, ' '), *end, *sp2, *name;

		end = nl ? nl : p + strlen(p);
		if (!sp1 || sp1 > end)
			break;
		sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1));
		if (!sp2)
			sp2 = end;
		for (name = sp2; name > sp1 + 1 && !strchr(".:/", name[-1]); name--)
			;
		buf_add(out, p, (size_t)(sp1 - p + 1));
		buf_add(out, name, (size_t)(sp2 - name));
		buf_addch(out, '\n');
		p = nl ? nl + 1 : end;
	}
}

/* Results of `rule` on one fixture, reduced to names. */
static int
results(struct rule_set *set, const char *rule, const char *fixture, struct buf *named,
	struct buf *report)
{
	const char *only[2] = { rule, NULL };
	struct plan *plan = NULL;
	struct finding_set *fs = NULL;
	struct error err = ERROR_INIT;
	struct buf lines = BUF_INIT;

	if (rule_set_select(set, only, NULL, &err) < 0 ||
	    fixture_load(&plan, fixture, &err) < 0 ||
	    fixture_run(set, plan, &fs, &err) < 0) {
		buf_addf(report, "%s: %s\n", fixture, err.msg);
		plan_free(&plan);
		return 1;
	}
	fixture_results(fs, plan, rule, &lines);
	by_name(&lines, named);
	buf_release(&lines);
	finding_set_free(&fs);
	plan_free(&plan);
	return 0;
}

/* For every rule under testdata/checks/alias: the source's fixture matches
 * its .expect, and (unless it is the baseline) gives the same results as
 * the Terraform plan. */
static void
check_source(const char *source, const char *ext)
{
	struct rule_set *set = NULL;
	struct error err = ERROR_INIT;
	struct buf report = BUF_INIT, fx = BUF_INIT, ex = BUF_INIT, tf = BUF_INIT;
	struct buf got = BUF_INIT, want = BUF_INIT;
	DIR *d;
	struct dirent *de;
	int problems = 0, rules = 0;

	cr_assert_eq(rule_set_new(&set, &err), 0);
	cr_assert_eq(rule_set_load_dir(set, "checks", &err), 0, "%s", err.msg);
	d = opendir("testdata/checks/alias");
	cr_assert_not_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		rules++;
		buf_reset(&fx);
		buf_reset(&ex);
		buf_reset(&tf);
		buf_addf(&fx, "testdata/checks/alias/%s/%s%s", de->d_name, source, ext);
		buf_addf(&ex, "testdata/checks/alias/%s/%s.expect", de->d_name, source);
		buf_addf(&tf, "testdata/checks/alias/%s/terraform.json", de->d_name);
		problems += fixture_check(set, de->d_name, fx.data, ex.data, &report);
		if (strcmp(source, "terraform") == 0)
			continue;
		if (results(set, de->d_name, tf.data, &want, &report) ||
		    results(set, de->d_name, fx.data, &got, &report)) {
			problems++;
			continue;
		}
		if (strcmp(got.data, want.data) != 0) {
			buf_addf(&report, "%s: differs from the Terraform plan:\n%s  vs\n%s", fx.data,
				 got.data, want.data);
			problems++;
		}
		cr_assert(strstr(got.data, "fail "), "%s: nothing failed", fx.data);
		cr_assert(strstr(got.data, "pass "), "%s: nothing passed", fx.data);
	}
	closedir(d);
	cr_assert_geq(rules, 5, "only %d aliased rules", rules);
	cr_assert_eq(problems, 0, "%s", report.data);
	buf_release(&report);
	buf_release(&fx);
	buf_release(&ex);
	buf_release(&tf);
	buf_release(&got);
	buf_release(&want);
	rule_set_free(&set);
}

Test(rule_alias, terraform_plans_give_the_expected_results)
{
	check_source("terraform", ".json");
	CHECK_NO_LEAKS();
}

Test(rule_alias, pulumi_previews_fire_the_same_rules_as_terraform)
{
	check_source("pulumi", ".json");
	CHECK_NO_LEAKS();
}

Test(rule_alias, crossplane_manifests_fire_the_same_rules_as_terraform)
{
	check_source("crossplane", ".yaml");
	CHECK_NO_LEAKS();
}

Test(rule_alias, table_maps_pulumi_tokens_and_crossplane_kinds)
{
	cr_assert_str_eq(alias_canonical_type("aws:s3/bucket:Bucket"), "aws_s3_bucket");
	cr_assert_str_eq(alias_canonical_type("aws:s3/bucketV2:BucketV2"), "aws_s3_bucket");
	cr_assert_str_eq(alias_canonical_type("s3.aws.upbound.io/Bucket"), "aws_s3_bucket");
	cr_assert_str_eq(alias_canonical_type("s3.aws.m.upbound.io/Bucket"), "aws_s3_bucket");
	cr_assert_str_eq(alias_canonical_type("rds.aws.upbound.io/Instance"), "aws_db_instance");
	cr_assert_str_eq(alias_canonical_type("aws:rds/instance:Instance"), "aws_db_instance");
	cr_assert_str_eq(alias_canonical_type("ec2.aws.upbound.io/Instance"), "aws_instance");
	cr_assert_str_eq(alias_canonical_type("pulumi:providers:aws"), "provider.aws");
	cr_assert_null(alias_canonical_type("s3.aws.upbound.io/NoSuchKind"));
	cr_assert_null(alias_canonical_type("aws:s3/bucket"));
	cr_assert_null(alias_canonical_type(NULL));
	cr_assert_geq(alias_table_size(), 60);
	CHECK_NO_LEAKS();
}

Test(rule_alias, camel_case_of_snake_case_names)
{
	char out[64];

	cr_assert(alias_camel("map_public_ip_on_launch", 23, out, sizeof(out)));
	cr_assert_str_eq(out, "mapPublicIpOnLaunch");
	cr_assert(alias_camel("ipv6_cidr_blocks", 16, out, sizeof(out)));
	cr_assert_str_eq(out, "ipv6CidrBlocks");
	cr_assert_not(alias_camel("tags", 4, out, sizeof(out)));
	cr_assert_str_eq(out, "tags");
	cr_assert_not(alias_camel("a_very_long_name", 16, out, 8), "does not fit");
	CHECK_NO_LEAKS();
}
