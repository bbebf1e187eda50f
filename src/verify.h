/* verify.h - the pipeline gate: are there valid approvals, in force now,
 * for exactly these artifacts and this target? (research/signing.md 4.4)
 *
 * The steps run in this order over every review in the bundle, and the
 * first step that fails decides the status:
 *
 *   1. policy, allowed_signers, revoked keys and the bundle are read and
 *      well-formed (1 to 64 envelopes, one signature each)       else  2
 *   2. each SSHSIG parses strictly (version 1, empty reserved, no
 *      trailing bytes), is under the policy's namespace and verifies
 *      over the DSSE PAE of the payload                          else 12
 *   3. each signing key is trusted now: on an allowed_signers line whose
 *      namespaces and validity window hold at the gate's time, and not
 *      revoked                                                   else 12
 *   4. each verified statement is ours, names exactly the artifacts the
 *      gate hashed, the policy's environment/workspace/plan kind, and a
 *      reviewer principal that allowed_signers proves for its key
 *                                              else 13 (2 if malformed)
 *   5. each is in force: issued_at <= now + skew, expires_at > now,
 *      expires_at - issued_at <= max_ttl                         else 14
 *   6. each principal's newest decision wins (a tie goes to reject); a
 *      standing reject vetoes when reject_is_veto                else 10
 *   7. approvers are counted without the author and forbidden principals,
 *      one per key fingerprint; with ack_severity in the policy, each
 *      counted approval must have been made holding findings from that
 *      severity up to acknowledgement; every required acknowledgement
 *      must come, with a reason, from a counted approver; the count must
 *      reach required_approvals                                  else 11
 *
 * "Every" is meant: one expired, foreign or tampered entry fails the
 * whole gate (tampering is loud; a bundle is tidied only by writing a new
 * one).
 */
#ifndef SIGNOFF_VERIFY_H
#define SIGNOFF_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct buf;
struct policy;
struct review_subject;

/* X(name, exit code, report word) */
#define VERIFY_STATUSES(X)                   \
	X(APPROVED, 0, "approved")           \
	X(INTERNAL, 1, "internal-error")     \
	X(MALFORMED, 2, "malformed")         \
	X(VETOED, 10, "vetoed")              \
	X(SHORT, 11, "not-enough-approvals") \
	X(BAD_SIGNATURE, 12, "bad-signature") \
	X(WRONG_BINDING, 13, "wrong-binding") \
	X(TIME, 14, "outside-time-window")

enum verify_status {
#define X(name, code, word) VERIFY_##name = code,
	VERIFY_STATUSES(X)
#undef X
};

const char *verify_status_word(enum verify_status s);

struct verify_input {
	const struct policy *policy;
	const struct review_subject *subjects;  /* what the gate hashed */
	size_t nsubjects;
	const char *bundle_path;
	const char *author;                     /* may be NULL */
	const char *const *require_acks;        /* finding ids */
	size_t nrequire;
	int64_t now;
};

struct verify_result {
	enum verify_status status;
	struct error err;          /* why, when not approved */
	char **approvers;          /* counted, sorted */
	size_t napprovers;
	char **rejecters;          /* standing rejects, sorted */
	size_t nrejecters;
	size_t nreviews;
};

/* Runs the gate; returns res->status (also the exit code). */
enum verify_status verify_run(const struct verify_input *in, struct verify_result *res);
void verify_result_release(struct verify_result *res);

/* The one-line JSON report for the CI log (ends in a newline), with every
 * non-ASCII and control character escaped. */
void verify_report_json(const struct verify_input *in, const struct verify_result *res,
			struct buf *out);

#endif
