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
parse_fails(const char *json, unsigned long line, const char *msg)
{
	struct policy *p = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(policy_parse(&p, json, strlen(json), "ci/prod.policy", &err), -1, "%s", json);
	cr_assert_null(p);
	cr_assert_str_eq(err.path, "ci/prod.policy");
	cr_assert_eq(err.line, line);
	if (msg)
		cr_assert_str_eq(err.msg, msg);
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
	cr_assert(policy_forbids(p, "root@example.com"));
	cr_assert_not(policy_forbids(p, "alice@example.com"));
	policy_free(&p);
	CHECK_NO_LEAKS();
}

Test(policy, mistakes_are_refused_not_ignored)
{
	parse_fails("{\"allowed_signers\": \"s\", \"enviroment\": \"prod\"}", 0,
		    "unknown policy key 'enviroment' (a misspelt key would silently not constrain)");
	parse_fails("{\"environment\": \"prod\"}", 0,
		    "'allowed_signers' is required: the file of keys that may sign");
	parse_fails("{\"allowed_signers\": \"s\", \"required_approvals\": 0}", 0,
		    "'required_approvals' must be an integer from 1 to 64");
	parse_fails("{\"allowed_signers\": \"s\", \"required_approvals\": \"2\"}", 0,
		    "'required_approvals' must be an integer from 1 to 64");
	parse_fails("{\"allowed_signers\": \"s\", \"required_approvals\": 2.0}", 0,
		    "'required_approvals' must be an integer from 1 to 64");
	parse_fails("{\"allowed_signers\": \"s\", \"reject_is_veto\": \"yes\"}", 0,
		    "'reject_is_veto' must be true or false");
	parse_fails("{\"allowed_signers\": \"s\", \"ack_severity\": \"severe\"}", 0,
		    "'ack_severity' must be one of info, low, medium, high, critical");
	parse_fails("{\"allowed_signers\": \"\"}", 0, "'allowed_signers' must be a non-empty string");
	parse_fails("{\"allowed_signers\": \"s\", \"forbidden_approvers\": \"bot\"}", 0,
		    "'forbidden_approvers' must be an array of principals");
	parse_fails("{\"allowed_signers\": \"s\", \"max_ttl_seconds\": -1}", 0,
		    "'max_ttl_seconds' must be an integer from 1 to 31622400");
	parse_fails("[\"allowed_signers\"]", 0, "policy must be a JSON object");
	parse_fails("{\"allowed_signers\": \"a\",\n\"allowed_signers\": \"b\"}", 2, NULL);
	parse_fails("{\"allowed_signers\": ", 1, NULL);
	CHECK_NO_LEAKS();
}
