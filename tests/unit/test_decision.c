/* test_decision.c - the path from a reviewer's marks to a verified entry:
 * requirements, the confirmation text, signing, and the gate accepting it. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sshtest.h"

#include "buf.h"
#include "decision.h"
#include "load.h"
#include "plan_build.h"
#include "policy.h"
#include "review.h"
#include "signer.h"
#include "sshkey.h"
#include "verify.h"

#define PLAN_PROD TESTDATA("signing/plan-prod.json")
#define SHA "a64d884ac98705c9b41e2edb0331faadeae5d5b3b816adf001ea16f87849279b"
#define ISSUED 1748772000 /* 2025-06-01T10:00:00Z */

static struct plan *plan;
static struct signer *signer;

static void
setup(void)
{
	struct load_opts o;
	struct error err = ERROR_INIT;
	const char *key;

	if (!sshtest_have("ssh-keygen"))
		cr_skip_test("ssh-keygen is not installed");
	unsetenv("SSH_AUTH_SOCK");
	setenv("XDG_CONFIG_HOME", sshtest_path("no-config"), 1);
	key = sshtest_keygen("alice", "ed25519", "alice@example.com");
	cr_assert_eq(signer_open(&signer, key, NULL, &err), 0, "%s", err.msg);
	memset(&o, 0, sizeof(o));
	o.path = PLAN_PROD;
	cr_assert_eq(load_plan(&plan, &o, &err), 0, "%s", err.msg);
}

static void
teardown(void)
{
	signer_free(&signer);
	plan_free(&plan);
}

static struct decision_request
request(enum review_decision d)
{
	struct decision_request r;

	memset(&r, 0, sizeof(r));
	r.plan = plan;
	r.decision = d;
	r.issued_at = ISSUED;
	return r;
}

static struct policy *
policy(const char *json)
{
	struct policy *p = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(policy_parse(&p, json, strlen(json), sshtest_path("policy.json"), &err), 0,
		     "%s", err.msg);
	return p;
}

TestSuite(decision, .init = setup, .fini = teardown);

Test(decision, an_approval_lists_what_is_missing_and_signs_nothing)
{
	struct decision_request r = request(REVIEW_APPROVE);
	struct decision *d = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(decision_prepare(&d, &r, signer, &err), -1);
	cr_assert_null(d);
	cr_assert_eq(err.code, ERROR_USAGE);
	cr_assert_str_eq(err.msg, "cannot approve yet: 2 destroy/replace not marked reviewed "
				  "(aws_db_instance.main, aws_instance.app[0])");
	r = request(REVIEW_REJECT);
	cr_assert_eq(decision_prepare(&d, &r, signer, &err), 0, "a reject needs no marks");
	decision_free(&d);
	CHECK_NO_LEAKS();
}

Test(decision, acknowledgements_need_reasons_and_lifetimes_obey_the_policy)
{
	struct review_ack acks[] = { { "F-1", "" } };
	struct decision_request r = request(REVIEW_REJECT);
	struct policy *p = policy("{\"allowed_signers\": \"s\", \"max_ttl_seconds\": 3600}");
	struct decision *d = NULL;
	struct error err = ERROR_INIT;

	r.marks.acks = acks;
	r.marks.nacks = 1;
	cr_assert_eq(decision_prepare(&d, &r, signer, &err), -1);
	cr_assert_str_eq(err.msg, "acknowledgement of 'F-1' needs a reason");
	acks[0].reason = " \t ";
	cr_assert_eq(decision_prepare(&d, &r, signer, &err), -1, "blanks are no reason");
	r = request(REVIEW_REJECT);
	r.policy = p;
	/* no lifetime asked: the policy's longest, when it is under 24 h */
	cr_assert_eq(decision_prepare(&d, &r, signer, &err), 0, "%s", err.msg);
	cr_assert_eq(decision_statement(d)->expires_at, ISSUED + 3600);
	decision_free(&d);
	r.ttl = 86400;
	cr_assert_eq(decision_prepare(&d, &r, signer, &err), -1, "24 h asked > 1 h");
	cr_assert_str_eq(err.msg, "a lifetime of 86400 s is longer than the policy's "
				  "max_ttl_seconds 3600");
	r.ttl = 3600;
	cr_assert_eq(decision_prepare(&d, &r, signer, &err), 0, "%s", err.msg);
	cr_assert_eq(decision_statement(d)->expires_at, ISSUED + 3600);
	decision_free(&d);
	policy_free(&p);
	CHECK_NO_LEAKS();
}

Test(decision, the_confirmation_shows_digest_target_decision_acks_and_key)
{
	static const char *const revealed[] = { "aws_db_instance.main" };
	struct review_ack acks[] = { { "F-DESTROY-aws_db_instance.main", "snapshot \x1b[1m taken" } };
	struct decision_request r = request(REVIEW_APPROVE);
	struct policy *p = policy("{\"allowed_signers\": \"s\", \"environment\": \"prod\", "
				  "\"workspace\": \"eu\", \"ack_severity\": \"medium\"}");
	struct decision *d = NULL;
	struct error err = ERROR_INIT;
	struct buf text = BUF_INIT, want = BUF_INIT;
	const struct review_statement *st;

	r.policy = p;
	r.marks.acks = acks;
	r.marks.nacks = 1;
	r.marks.all_reviewed = true;
	r.revealed = revealed;
	r.nrevealed = 1;
	r.comment = "fine";
	cr_assert_eq(decision_prepare(&d, &r, signer, &err), 0, "%s", err.msg);
	st = decision_statement(d);
	cr_assert_str_eq(st->environment, "prod", "from the policy");
	cr_assert_str_eq(st->workspace, "eu");
	cr_assert_str_eq(st->plan_kind, "terraform", "from the plan");
	cr_assert_str_eq(st->threshold, "medium", "the policy's ack_severity");
	cr_assert_null(st->rules_sha256, "no checks ran");
	decision_describe(d, &text);
	buf_addf(&want,
		 "APPROVE this plan\n"
		 "  subject   sha256:" SHA "  plan-prod.json\n"
		 "  target    environment=prod workspace=eu plan_kind=terraform\n"
		 "  reviewer  alice@example.com (from the key comment)\n"
		 "  key       ED25519 %s from the key file\n"
		 "  acks      F-DESTROY-aws_db_instance.main: snapshot \\x1b[1m taken\n"
		 "  reviewed  2 destroy/replace\n"
		 "  revealed  1 sensitive value shown (recorded, not the values)\n"
		 "  comment   fine\n"
		 "  expires   2025-06-02T10:00:00Z\n",
		 sshkey_fingerprint(signer_key(signer)));
	cr_assert_str_eq(text.data, want.data);
	decision_free(&d);
	policy_free(&p);
	buf_release(&text);
	buf_release(&want);
	CHECK_NO_LEAKS();
}

/* Signs with the decision path, then runs the gate on the bundle. */
static enum verify_status
sign_then_gate(const char *policy_json, const char *sign_policy_json, const char *bundle)
{
	struct decision_request r = request(REVIEW_APPROVE);
	struct policy *p = policy(policy_json), *sp = sign_policy_json ? policy(sign_policy_json)
								       : NULL;
	struct review_subject s = { "plan-prod.json", "sha256", SHA };
	struct decision *d = NULL;
	struct verify_input in;
	struct verify_result res;
	struct error err = ERROR_INIT;
	struct buf line = BUF_INIT;
	enum verify_status status;
	size_t count = 0;
	FILE *f = fopen(sshtest_path("allowed_signers"), "w");

	sshkey_format_public(signer_key(signer), &line, false);
	fprintf(f, "alice@example.com %s\n", line.data);
	fclose(f);
	r.marks.all_reviewed = true;
	r.environment = "prod";
	r.policy = sp;
	cr_assert_eq(decision_prepare(&d, &r, signer, &err), 0, "%s", err.msg);
	cr_assert_eq(decision_sign(d, sshtest_path(bundle), &count, &err), 0, "%s", err.msg);
	cr_assert_eq(count, 1);
	memset(&in, 0, sizeof(in));
	in.policy = p;
	in.subjects = &s;
	in.nsubjects = 1;
	in.bundle_path = sshtest_path(bundle);
	in.now = ISSUED + 60;
	status = verify_run(&in, &res);
	if (status != VERIFY_APPROVED)
		cr_log_info("%s", res.err.msg);
	verify_result_release(&res);
	decision_free(&d);
	policy_free(&p);
	policy_free(&sp);
	buf_release(&line);
	return status;
}

Test(decision, a_signed_decision_passes_the_gate)
{
	cr_assert_eq(sign_then_gate("{\"allowed_signers\": \"allowed_signers\", \"environment\": "
				    "\"prod\", \"plan_kind\": \"terraform\"}",
				    NULL, "ok.review"),
		     VERIFY_APPROVED);
	CHECK_NO_LEAKS();
}

Test(decision, an_approval_held_to_a_laxer_threshold_than_the_policy_does_not_count)
{
	/* signed without the policy: threshold high; the gate wants medium */
	cr_assert_eq(sign_then_gate("{\"allowed_signers\": \"allowed_signers\", "
				    "\"ack_severity\": \"medium\"}",
				    NULL, "lax.review"),
		     VERIFY_SHORT);
	/* signed with it: threshold medium */
	cr_assert_eq(sign_then_gate("{\"allowed_signers\": \"allowed_signers\", "
				    "\"ack_severity\": \"medium\"}",
				    "{\"allowed_signers\": \"x\", \"ack_severity\": \"medium\"}",
				    "strict.review"),
		     VERIFY_APPROVED);
	CHECK_NO_LEAKS();
}

Test(decision, a_git_range_is_bound_to_its_two_commits_and_what_was_read)
{
	struct plan *range = NULL;
	struct decision_request r;
	struct decision *d = NULL;
	struct error err = ERROR_INIT;
	const struct review_statement *st;

	cr_assert_eq(plan_new(&range, PLAN_SOURCE_MANIFESTS, NULL, &err), 0, "%s", err.msg);
	range->path = plan_intern_str(range, "infra");
	range->rev_from = plan_intern_str(range, "1111111111111111111111111111111111111111");
	range->rev_to = plan_intern_str(range, "2222222222222222222222222222222222222222");
	cr_assert_eq(plan_finish(range, &err), 0, "%s", err.msg);
	r = request(REVIEW_APPROVE);
	r.plan = range;
	cr_assert_eq(decision_prepare(&d, &r, signer, &err), 0, "%s", err.msg);
	st = decision_statement(d);
	cr_assert_eq(st->nsubjects, 3);
	cr_assert_str_eq(st->subjects[0].name, "git:from");
	cr_assert_str_eq(st->subjects[0].alg, "gitCommit");
	cr_assert_str_eq(st->subjects[0].value, "1111111111111111111111111111111111111111");
	cr_assert_str_eq(st->subjects[1].name, "git:to");
	cr_assert_str_eq(st->subjects[1].value, "2222222222222222222222222222222222222222");
	/* and what was read between them (PATHSPECs narrow it) */
	cr_assert_str_eq(st->subjects[2].name, "git:changes");
	cr_assert_str_eq(st->subjects[2].alg, "sha256");
	cr_assert_str_eq(st->subjects[2].value, plan_digest_hex(range));
	cr_assert_str_eq(st->commit, "2222222222222222222222222222222222222222");
	cr_assert_str_eq(st->plan_kind, "manifests");
	decision_free(&d);
	plan_free(&range);
	CHECK_NO_LEAKS();
}
