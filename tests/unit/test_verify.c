/* test_verify.c - the gate's decisions beyond the 25 CLI cases: the order
 * of the steps, revoked keys, shared keys, ties, forbidden approvers, and
 * the report. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sshtest.h"

#include "base64.h"
#include "buf.h"
#include "dsse.h"
#include "fileio.h"
#include "policy.h"
#include "review.h"
#include "sshkey.h"
#include "sshsig.h"
#include "verify.h"

#define SHA "a64d884ac98705c9b41e2edb0331faadeae5d5b3b816adf001ea16f87849279b"
#define NOW 1748775600 /* 2025-06-01T11:00:00Z */

static struct sshkey *alice, *bob;
static struct review_subject plan = { "plan.json", "sha256", SHA };

static void
setup(void)
{
	struct error err = ERROR_INIT;
	const char *a, *b;
	FILE *f;
	struct buf line = BUF_INIT;

	if (!sshtest_have("ssh-keygen"))
		cr_skip_test("ssh-keygen is not installed");
	a = sshtest_keygen("alice", "ed25519", "alice@example.com");
	b = sshtest_keygen("bob", "ecdsa", "bob@example.com");
	cr_assert_eq(sshkey_load_private(&alice, a, &err), 0, "%s", err.msg);
	cr_assert_eq(sshkey_load_private(&bob, b, &err), 0, "%s", err.msg);
	f = fopen(sshtest_path("allowed_signers"), "w");
	buf_addstr(&line, "alice@example.com,release@example.com ");
	sshkey_format_public(alice, &line, false);
	buf_addstr(&line, "\nbob@example.com ");
	sshkey_format_public(bob, &line, false);
	buf_addch(&line, '\n');
	fputs(line.data, f);
	fclose(f);
	buf_release(&line);
}

static void
teardown(void)
{
	sshkey_free(&alice);
	sshkey_free(&bob);
}

struct decision {
	struct sshkey *key;
	const char *principal;
	enum review_decision d;
	int64_t issued, ttl;
	const char *ack;       /* id acknowledged, or NULL */
	const char *sha;       /* NULL: the plan's */
};

static void
add(const char *bundle, struct decision d)
{
	struct review_subject s = { "plan.json", "sha256", d.sha ? d.sha : SHA };
	struct review_ack ack = { d.ack, "checked" };
	struct review_statement st;
	struct dsse_envelope env;
	struct buf payload = BUF_INIT;
	struct error err = ERROR_INIT;

	memset(&st, 0, sizeof(st));
	st.subjects = &s;
	st.nsubjects = 1;
	st.decision = d.d;
	st.principal = d.principal;
	st.environment = "prod";
	st.acks = d.ack ? &ack : NULL;
	st.nacks = d.ack ? 1 : 0;
	st.issued_at = d.issued;
	st.expires_at = d.issued + (d.ttl ? d.ttl : 8 * 3600);
	cr_assert_eq(review_statement_encode(&st, &payload, &err), 0, "%s", err.msg);
	memset(&env, 0, sizeof(env));
	cr_assert_eq(dsse_sign(&env, payload.data, payload.len, d.key, sshsig_sign_with_key, NULL,
			       SSHSIG_NAMESPACE, &err),
		     0, "%s", err.msg);
	cr_assert_eq(review_bundle_append(sshtest_path(bundle), &env, NULL, &err), 0, "%s", err.msg);
	dsse_envelope_release(&env);
	buf_release(&payload);
}

static struct policy *
policy(const char *extra)
{
	struct policy *p = NULL;
	struct error err = ERROR_INIT;
	struct buf json = BUF_INIT;

	buf_addf(&json, "{\"allowed_signers\": \"allowed_signers\", \"environment\": \"prod\"%s}",
		 extra);
	cr_assert_eq(policy_parse(&p, json.data, json.len, sshtest_path("policy.json"), &err), 0,
		     "%s", err.msg);
	buf_release(&json);
	return p;
}

static enum verify_status
gate(const char *bundle, struct policy *p, const char *author, const char *ack,
     struct verify_result *res)
{
	struct verify_input in;
	const char *acks[] = { ack };

	memset(&in, 0, sizeof(in));
	in.policy = p;
	in.subjects = &plan;
	in.nsubjects = 1;
	in.bundle_path = sshtest_path(bundle);
	in.author = author;
	in.require_acks = ack ? acks : NULL;
	in.nrequire = ack ? 1 : 0;
	in.now = NOW;
	return verify_run(&in, res);
}

TestSuite(verify, .init = setup, .fini = teardown);

Test(verify, a_bad_signature_is_reported_before_an_expired_one)
{
	struct policy *p = policy("");
	struct verify_result res;
	struct review_bundle *b = NULL;
	struct error err = ERROR_INIT;
	struct buf text = BUF_INIT;
	char *json;
	size_t n;

	/* review 1 has expired; review 2's signature is broken */
	add("order.review", (struct decision){ alice, "alice@example.com", REVIEW_APPROVE,
					       NOW - 10 * 3600, 3600, NULL, NULL });
	add("order.review", (struct decision){ bob, "bob@example.com", REVIEW_APPROVE, NOW - 60,
					       0, NULL, NULL });
	cr_assert_eq(review_bundle_read(&b, sshtest_path("order.review"), &err), 0);
	review_bundle_free(&b);
	json = sshtest_read(sshtest_path("order.review"), &n);
	{
		/* change one character near the end of review 2's "sig" value */
		char *sig = strstr(strstr(json, "\"sig\"") + 5, "\"sig\": \"") + 8;
		char *end = strchr(sig, '"') - 6;

		*end = *end == 'A' ? 'B' : 'A';
	}
	cr_assert_eq(sshtest_write(sshtest_path("order.review"), json, n), 0);
	cr_assert_eq(gate("order.review", p, NULL, NULL, &res), VERIFY_BAD_SIGNATURE);
	cr_assert(strstr(res.err.msg, "review 2: SSHSIG by ECDSA key SHA256:"), "%s", res.err.msg);
	verify_result_release(&res);
	free(json);
	buf_release(&text);
	policy_free(&p);
	CHECK_NO_LEAKS();
}

Test(verify, a_revoked_key_is_untrusted)
{
	struct policy *p;
	struct verify_result res;
	struct buf line = BUF_INIT;
	FILE *f = fopen(sshtest_path("revoked"), "w");

	sshkey_format_public(bob, &line, true);
	fprintf(f, "# revoked after the laptop was lost\n%s\n", line.data);
	fclose(f);
	p = policy(", \"revoked_keys\": \"revoked\"");
	add("rev.review", (struct decision){ bob, "bob@example.com", REVIEW_APPROVE, NOW - 60, 0,
					     NULL, NULL });
	cr_assert_eq(gate("rev.review", p, NULL, NULL, &res), VERIFY_BAD_SIGNATURE);
	cr_assert(strstr(res.err.msg, "review 1: key SHA256:"), "%s", res.err.msg);
	cr_assert(strstr(res.err.msg, "is revoked"), "%s", res.err.msg);
	verify_result_release(&res);
	policy_free(&p);
	buf_release(&line);
	CHECK_NO_LEAKS();
}

Test(verify, one_key_with_two_principals_counts_once)
{
	struct policy *p = policy(", \"required_approvals\": 2");
	struct verify_result res;

	add("shared.review", (struct decision){ alice, "alice@example.com", REVIEW_APPROVE,
						NOW - 120, 0, NULL, NULL });
	add("shared.review", (struct decision){ alice, "release@example.com", REVIEW_APPROVE,
						NOW - 60, 0, NULL, NULL });
	cr_assert_eq(gate("shared.review", p, NULL, NULL, &res), VERIFY_SHORT);
	cr_assert_eq(res.napprovers, 1);
	cr_assert_str_eq(res.approvers[0], "alice@example.com");
	cr_assert_str_eq(res.err.msg, "1 of 2 required approvals");
	verify_result_release(&res);
	add("shared.review", (struct decision){ bob, "bob@example.com", REVIEW_APPROVE, NOW - 30, 0,
						NULL, NULL });
	cr_assert_eq(gate("shared.review", p, NULL, NULL, &res), VERIFY_APPROVED);
	cr_assert_eq(res.napprovers, 2);
	verify_result_release(&res);
	policy_free(&p);
	CHECK_NO_LEAKS();
}

Test(verify, on_a_tie_reject_wins_and_newer_wins_otherwise)
{
	struct policy *p = policy("");
	struct verify_result res;

	add("tie.review", (struct decision){ alice, "alice@example.com", REVIEW_APPROVE, NOW - 60,
					     0, NULL, NULL });
	add("tie.review", (struct decision){ alice, "alice@example.com", REVIEW_REJECT, NOW - 60, 0,
					     NULL, NULL });
	cr_assert_eq(gate("tie.review", p, NULL, NULL, &res), VERIFY_VETOED);
	cr_assert_eq(res.nrejecters, 1);
	cr_assert_str_eq(res.err.msg, "rejected by alice@example.com");
	verify_result_release(&res);
	add("tie.review", (struct decision){ alice, "alice@example.com", REVIEW_APPROVE, NOW - 59,
					     0, NULL, NULL });
	cr_assert_eq(gate("tie.review", p, NULL, NULL, &res), VERIFY_APPROVED);
	verify_result_release(&res);
	policy_free(&p);
	CHECK_NO_LEAKS();
}

Test(verify, without_veto_a_reject_only_withholds_an_approval)
{
	struct policy *p = policy(", \"reject_is_veto\": false");
	struct verify_result res;

	add("noveto.review", (struct decision){ alice, "alice@example.com", REVIEW_APPROVE,
						NOW - 60, 0, NULL, NULL });
	add("noveto.review", (struct decision){ bob, "bob@example.com", REVIEW_REJECT, NOW - 60, 0,
						NULL, NULL });
	cr_assert_eq(gate("noveto.review", p, NULL, NULL, &res), VERIFY_APPROVED);
	cr_assert_eq(res.nrejecters, 1);
	verify_result_release(&res);
	policy_free(&p);
	CHECK_NO_LEAKS();
}

Test(verify, forbidden_principals_and_the_author_never_count_nor_their_acks)
{
	struct policy *p = policy(", \"forbidden_approvers\": [\"bob@example.com\"]");
	struct verify_result res;

	add("forbid.review", (struct decision){ bob, "bob@example.com", REVIEW_APPROVE, NOW - 60, 0,
						"F-1", NULL });
	cr_assert_eq(gate("forbid.review", p, NULL, NULL, &res), VERIFY_SHORT);
	cr_assert_str_eq(res.err.msg, "0 of 1 required approvals (not counted: bob@example.com, "
				      "in the policy's forbidden_approvers)");
	verify_result_release(&res);
	add("forbid.review", (struct decision){ alice, "alice@example.com", REVIEW_APPROVE,
						NOW - 30, 0, NULL, NULL });
	cr_assert_eq(gate("forbid.review", p, NULL, NULL, &res), VERIFY_APPROVED);
	verify_result_release(&res);
	cr_assert_eq(gate("forbid.review", p, NULL, "F-1", &res), VERIFY_SHORT,
		     "bob's acknowledgement does not count: he is not a counted approver");
	cr_assert_str_eq(res.err.msg, "finding F-1 is not acknowledged with a reason by a counted "
				      "approver");
	verify_result_release(&res);
	cr_assert_eq(gate("forbid.review", p, "alice@example.com", NULL, &res), VERIFY_SHORT);
	cr_assert_str_eq(res.err.msg, "0 of 1 required approvals (not counted: alice@example.com, "
				      "the author; bob@example.com, in the policy's forbidden_approvers)");
	verify_result_release(&res);
	policy_free(&p);
	CHECK_NO_LEAKS();
}

Test(verify, the_report_is_one_line_of_json)
{
	struct policy *p = policy("");
	struct verify_result res;
	struct verify_input in;
	struct buf out = BUF_INIT;

	add("rep.review", (struct decision){ alice, "alice@example.com", REVIEW_APPROVE, NOW - 60,
					     0, NULL, "00ff" });
	memset(&in, 0, sizeof(in));
	in.policy = p;
	in.subjects = &plan;
	in.nsubjects = 1;
	in.bundle_path = "rep.review";
	in.now = NOW;
	cr_assert_eq(gate("rep.review", p, NULL, NULL, &res), VERIFY_WRONG_BINDING);
	/* the path in the error is the one the gate was given */
	snprintf(res.err.path, sizeof(res.err.path), "%s", "rep.review");
	verify_report_json(&in, &res, &out);
	cr_assert_str_eq(out.data,
			 "{\"decision\":\"blocked\",\"exit\":13,\"reason\":\"wrong-binding\","
			 "\"approvers\":[],\"rejecters\":[],\"required_approvals\":1,\"reviews\":1,"
			 "\"subjects\":[{\"name\":\"plan.json\",\"digest\":{\"sha256\":\"" SHA "\"}}],"
			 "\"error\":\"rep.review:4:5: review 1: a review for another plan: this is "
			 "plan.json (sha256 a64d884ac987), the review is of sha256 00ff\"}\n");
	verify_result_release(&res);
	buf_release(&out);
	policy_free(&p);
	CHECK_NO_LEAKS();
}

Test(verify, statuses_are_the_documented_exit_codes)
{
	cr_assert_eq(VERIFY_APPROVED, 0);
	cr_assert_eq(VERIFY_MALFORMED, 2);
	cr_assert_eq(VERIFY_VETOED, 10);
	cr_assert_eq(VERIFY_SHORT, 11);
	cr_assert_eq(VERIFY_BAD_SIGNATURE, 12);
	cr_assert_eq(VERIFY_WRONG_BINDING, 13);
	cr_assert_eq(VERIFY_TIME, 14);
	cr_assert_str_eq(verify_status_word(VERIFY_TIME), "outside-time-window");
	CHECK_NO_LEAKS();
}

/* A statement signed by a trusted key that is not a review of ours (its
 * decision is neither approve nor reject, or it is not JSON) binds
 * nothing: 13, as signing.md §4.4 step 4 says, not 2 (malformed).  append
 * refuses such a statement, so the bundle's text is edited: the payload
 * and signature of a valid entry swapped for those of the odd one. */
static void
add_odd(const char *bundle, const char *payload)
{
	struct dsse_envelope good, odd;
	struct buf text = BUF_INIT, old_p = BUF_INIT, old_s = BUF_INIT, new_p = BUF_INIT,
		   new_s = BUF_INIT, out = BUF_INIT;
	struct review_bundle *b = NULL;
	struct error err = ERROR_INIT;
	const char *at;
	FILE *f;

	add(bundle, (struct decision){ alice, "alice@example.com", REVIEW_APPROVE, NOW - 60, 0,
				       NULL, NULL });
	cr_assert_eq(review_bundle_read(&b, sshtest_path(bundle), &err), 0, "%s", err.msg);
	good = b->entries[0];
	base64_encode(&old_p, good.payload, good.payload_len);
	base64_encode(&old_s, good.sig, good.sig_len);
	memset(&odd, 0, sizeof(odd));
	cr_assert_eq(dsse_sign(&odd, payload, strlen(payload), alice, sshsig_sign_with_key, NULL,
			       SSHSIG_NAMESPACE, &err),
		     0, "%s", err.msg);
	base64_encode(&new_p, odd.payload, odd.payload_len);
	base64_encode(&new_s, odd.sig, odd.sig_len);
	cr_assert_eq(fileio_read(sshtest_path(bundle), 1 << 20, &text, &err), 0, "%s", err.msg);
	/* the payload, then the signature, each once in the file */
	at = strstr(text.data, old_p.data);
	cr_assert_not_null(at);
	buf_add(&out, text.data, (size_t)(at - text.data));
	buf_add(&out, new_p.data, new_p.len);
	at += old_p.len;
	{
		const char *sig = strstr(at, old_s.data);

		cr_assert_not_null(sig);
		buf_add(&out, at, (size_t)(sig - at));
		buf_add(&out, new_s.data, new_s.len);
		buf_addstr(&out, sig + old_s.len);
	}
	cr_assert_not(buf_failed(&out));
	f = fopen(sshtest_path(bundle), "w");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(out.data, 1, out.len, f), out.len);
	fclose(f);
	dsse_envelope_release(&odd);
	review_bundle_free(&b);
	buf_release(&text);
	buf_release(&old_p);
	buf_release(&old_s);
	buf_release(&new_p);
	buf_release(&new_s);
	buf_release(&out);
}

Test(verify, a_signed_statement_that_is_not_a_review_binds_nothing)
{
	struct policy *p = policy("");
	struct verify_result res;
	struct review_bundle *b = NULL;
	struct error err = ERROR_INIT;
	struct buf st = BUF_INIT;
	char *at;

	/* a valid statement with its decision changed to "maybe" */
	add("valid.review", (struct decision){ alice, "alice@example.com", REVIEW_APPROVE,
					       NOW - 60, 0, NULL, NULL });
	cr_assert_eq(review_bundle_read(&b, sshtest_path("valid.review"), &err), 0, "%s", err.msg);
	buf_add(&st, b->entries[0].payload, b->entries[0].payload_len);
	review_bundle_free(&b);
	cr_assert_not(buf_failed(&st));
	at = strstr(st.data, "\"approve\"");
	cr_assert_not_null(at);
	memcpy(at, "\"maybe\"  ", 9);
	add_odd("maybe.review", st.data);
	cr_assert_eq(gate("maybe.review", p, NULL, NULL, &res), VERIFY_WRONG_BINDING, "%s",
		     res.err.msg);
	verify_result_release(&res);
	add_odd("notjson.review", "this is not JSON");
	cr_assert_eq(gate("notjson.review", p, NULL, NULL, &res), VERIFY_WRONG_BINDING, "%s",
		     res.err.msg);
	verify_result_release(&res);
	buf_release(&st);
	policy_free(&p);
	CHECK_NO_LEAKS();
}
