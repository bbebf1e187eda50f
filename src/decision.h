/* decision.h - from a reviewer's marks to a signed entry in the bundle.
 *
 * The one path both `signoff sign` and the review UI (keys a and r) take:
 *
 *   decision_prepare(&d, &req, signer, &err)   checks what an approval
 *        needs (ERROR_USAGE listing what is missing), resolves the
 *        principal, fills the target, builds the exact statement bytes
 *   decision_describe(d, &text)                the confirmation screen:
 *        plan digest, target, decision, acknowledgements, key
 *   decision_sign(d, bundle, &count, &err)     signs (ssh-agent or key
 *        file) and appends to the bundle atomically
 *
 * Nothing is signed before decision_sign, so the UI can show the
 * description and let the reviewer back out.
 */
#ifndef SIGNOFF_DECISION_H
#define SIGNOFF_DECISION_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "review.h"

struct buf;
struct finding_set;
struct plan;
struct policy;
struct signer;

struct decision_request {
	const struct plan *plan;
	const char *plan_file;               /* binary plan to bind too, or NULL */
	enum review_decision decision;
	struct review_marks marks;           /* acks, reviewed, all_reviewed */
	const char *const *revealed;         /* addresses shown unmasked */
	size_t nrevealed;
	const struct finding_set *findings;  /* NULL: no checks available */
	const struct policy *policy;         /* NULL: none given */
	const char *comment;
	const char *principal;               /* --principal, or NULL */
	/* Target; NULL takes the default: the policy's value, else the plan's
	 * (workspace: plan_target_name; plan_kind: the source kind; commit:
	 * the git range's end). */
	const char *environment, *workspace, *plan_kind, *repo, *commit;
	int64_t issued_at;
	int64_t ttl;                         /* 0: REVIEW_DEFAULT_TTL */
};

struct decision;

/* ERROR_USAGE when an approval is not allowed yet (the message says what
 * is missing) or the TTL exceeds the policy's max_ttl_seconds.  signer is
 * borrowed and must outlive the decision. */
int decision_prepare(struct decision **out, const struct decision_request *req,
		     struct signer *signer, struct error *err);
/* Lines for the confirmation screen (escaped for a terminal). */
void decision_describe(const struct decision *d, struct buf *out);
/* The statement as it will be signed. */
const struct review_statement *decision_statement(const struct decision *d);
const char *decision_payload(const struct decision *d, size_t *len);
/* Signs and appends to the bundle at path; *count gets its size. */
int decision_sign(struct decision *d, const char *bundle_path, size_t *count,
		  struct error *err);
void decision_free(struct decision **d);

/* The threshold an approval is held to: the policy's ack_severity, else
 * high. */
int decision_threshold(const struct policy *policy);

#endif
