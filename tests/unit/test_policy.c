/* test_policy.c - the gate policy: defaults, paths, and refusals. */
#include <string.h>

#include "check.h"

#include "policy.h"
#include "review.h"

static struct policy *
parse(const char *json, const char *path)
{
	struct policy *p = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(policy_parse(&p, json, strlen(json), path, &err), 0, "%s", err.msg);
	return p;
}

static void
parse_fails_at(const char *json, unsigned long line, unsigned long col, const char *msg)
{
	struct policy *p = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(policy_parse(&p, json, strlen(json), "ci/prod.policy", &err), -1, "%s", json);
	cr_assert_null(p);
	cr_assert_str_eq(err.path, "ci/prod.policy");
	cr_assert_eq(err.line, line, "%s: line %lu, expected %lu", json, err.line, line);
	if (col)
		cr_assert_eq(err.col, col, "%s: column %lu, expected %lu", json, err.col, col);
	if (msg)
		cr_assert_str_eq(err.msg, msg);
}

static void
parse_fails(const char *json, unsigned long line, const char *msg)
{
	parse_fails_at(json, line, 0, msg);
}

Test(policy, keys_left_out_do_not_constrain_and_defaults_are_safe)
{
	struct policy *p = parse("{\"allowed_signers\": \"signers\"}", "ci/prod.policy");

	cr_assert_str_eq(p->ns, "signoff-review-v1");
	cr_assert_str_eq(p->allowed_signers, "ci/signers", "relative to the policy file");
	cr_assert_null(p->revoked_keys);
	cr_assert_null(p->environment);
	cr_assert_null(p->workspace);
	cr_assert_null(p->plan_kind);
	cr_assert_eq(p->required_approvals, 1);
	cr_assert(p->reject_is_veto);
	cr_assert_eq(p->max_ttl_seconds, -1);
	cr_assert_eq(p->clock_skew_seconds, 300);
	cr_assert_eq(p->ack_severity, -1);
	cr_assert_eq(p->nforbidden, 0);
	policy_free(&p);
	cr_assert_null(p);
	CHECK_NO_LEAKS();
}

Test(policy, every_key_is_read)
{
	struct policy *p = parse(
		"{\"namespace\": \"acme-review\", \"allowed_signers\": \"/etc/signoff/signers\",\n"
		" \"revoked_keys\": \"revoked\", \"environment\": \"prod\", \"workspace\": \"eu\",\n"
		" \"plan_kind\": \"terraform\", \"required_approvals\": 2, \"reject_is_veto\": false,\n"
		" \"max_ttl_seconds\": 28800, \"clock_skew_seconds\": 0, \"ack_severity\": \"Medium\",\n"
		" \"forbidden_approvers\": [\"ci-bot@example.com\", \"root@example.com\"]}",
		"prod.policy");

	cr_assert_str_eq(p->ns, "acme-review");
	cr_assert_str_eq(p->allowed_signers, "/etc/signoff/signers");
	cr_assert_str_eq(p->revoked_keys, "./revoked");
	cr_assert_str_eq(p->environment, "prod");
	cr_assert_str_eq(p->workspace, "eu");
	cr_assert_str_eq(p->plan_kind, "terraform");
	cr_assert_eq(p->required_approvals, 2);
	cr_assert_not(p->reject_is_veto);
	cr_assert_eq(p->max_ttl_seconds, 28800);
	cr_assert_eq(p->clock_skew_seconds, 0);
	cr_assert_eq(p->ack_severity, SEVERITY_MEDIUM);
	cr_assert_eq(p->nforbidden, 2);
	cr_assert(strcmp(p->forbidden_approvers[0], "root@example.com") == 0 ||
		  strcmp(p->forbidden_approvers[1], "root@example.com") == 0);
	cr_assert(strcmp(p->forbidden_approvers[0], "alice@example.com") != 0 &&
		  strcmp(p->forbidden_approvers[1], "alice@example.com") != 0);
	policy_free(&p);
	CHECK_NO_LEAKS();
}

Test(policy, mistakes_are_refused_not_ignored)
{
	parse_fails_at("{\"allowed_signers\": \"s\", \"enviroment\": \"prod\"}", 1, 26,
		       "unknown policy key 'enviroment' (a misspelt key would silently not "
		       "constrain)");
	parse_fails_at("{\"environment\": \"prod\"}", 1, 1,
		       "'allowed_signers' is required: the file of keys that may sign");
	parse_fails_at("{\"allowed_signers\": \"s\", \"required_approvals\": 0}", 1, 48,
		       "'required_approvals' must be an integer from 1 to 64");
	parse_fails_at("{\"allowed_signers\": \"s\", \"required_approvals\": \"2\"}", 1, 48,
		       "'required_approvals' must be an integer from 1 to 64");
	parse_fails_at("{\"allowed_signers\": \"s\", \"required_approvals\": 2.0}", 1, 48,
		       "'required_approvals' must be an integer from 1 to 64");
	parse_fails_at("{\"allowed_signers\": \"s\", \"reject_is_veto\": \"yes\"}", 1, 44,
		       "'reject_is_veto' must be true or false");
	parse_fails_at("{\"allowed_signers\": \"s\", \"ack_severity\": \"severe\"}", 1, 42,
		       "'ack_severity' must be one of info, low, medium, high, critical");
	parse_fails_at("{\"allowed_signers\": \"\"}", 1, 21,
		       "'allowed_signers' must be a non-empty string");
	parse_fails_at("{\"allowed_signers\": \"s\", \"forbidden_approvers\": \"bot\"}", 1, 49,
		       "'forbidden_approvers' must be an array of principals");
	parse_fails_at("{\"allowed_signers\": \"s\", \"max_ttl_seconds\": -1}", 1, 45,
		       "'max_ttl_seconds' must be an integer from 1 to 31622400");
	parse_fails_at("[\"allowed_signers\"]", 1, 1, "policy must be a JSON object");
	parse_fails("{\"allowed_signers\": \"a\",\n\"allowed_signers\": \"b\"}", 2, NULL);
	parse_fails("{\"allowed_signers\": ", 1, NULL);
	CHECK_NO_LEAKS();
}

Test(policy, schema_errors_point_at_the_value_in_a_multi_line_file)
{
	parse_fails_at("{\n"
		       "  \"allowed_signers\": \"signers\",\n"
		       "  \"forbidden_approvers\": [\n"
		       "    \"bot@ci\",\n"
		       "    \"\"\n"
		       "  ],\n"
		       "  \"environment\": \"prod\"\n"
		       "}\n",
		       5, 5, "'forbidden_approvers' must be a non-empty string");
	parse_fails_at("{\n"
		       "  \"allowed_signers\": \"signers\",\n"
		       "\t\"clock_skew_seconds\": 99999\n"
		       "}\n",
		       3, 24, "'clock_skew_seconds' must be an integer from 0 to 86400");
	parse_fails_at("{\n"
		       "  \"allowed_signers\": \"signers\",\n"
		       "  \"réject/is~veto\": true\n"
		       "}\n",
		       3, 3,
		       "unknown policy key 'réject/is~veto' (a misspelt key would silently not "
		       "constrain)");
	parse_fails_at("\n\n   [\"allowed_signers\"]\n", 3, 4, "policy must be a JSON object");
	CHECK_NO_LEAKS();
}
