/* policy.h - the gate's trusted configuration (research/signing.md 4.3).
 *
 * A JSON object read from the protected CI configuration, never from the
 * bundle.  Keys (all optional except allowed_signers; a key left out does
 * not constrain, unless a default is given):
 *
 *   namespace            SSHSIG namespace (default "signoff-review-v1")
 *   allowed_signers      OpenSSH allowed_signers file            (required)
 *   revoked_keys         file of public keys that are never trusted
 *   environment          target.environment must equal this
 *   workspace            target.workspace must equal this
 *   plan_kind            target.plan_kind must equal this
 *   required_approvals   distinct approvers needed (default 1, 1..64)
 *   reject_is_veto       a standing reject blocks (default true)
 *   max_ttl_seconds      longest expires_at - issued_at allowed
 *   clock_skew_seconds   how far issued_at may be ahead (default 300)
 *   ack_severity         findings at or above this need an acknowledgement
 *   forbidden_approvers  principals whose approval never counts
 *
 * Relative paths are relative to the directory of the policy file.
 * Unknown keys are refused, so that a misspelt key cannot silently turn a
 * constraint off.
 */
#ifndef SIGNOFF_POLICY_H
#define SIGNOFF_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define POLICY_MAX_SIZE (256 * 1024)

struct policy {
	char *path;
	char *ns;
	char *allowed_signers;     /* resolved path */
	char *revoked_keys;        /* resolved path, or NULL */
	char *environment;         /* NULL: not constrained */
	char *workspace;
	char *plan_kind;
	unsigned required_approvals;
	bool reject_is_veto;
	int64_t max_ttl_seconds;   /* -1: not constrained */
	int64_t clock_skew_seconds;
	int ack_severity;          /* enum severity, or -1 */
	char **forbidden_approvers;
	size_t nforbidden;
};

int policy_load(struct policy **out, const char *path, struct error *err);
int policy_parse(struct policy **out, const char *text, size_t len, const char *path,
		 struct error *err);
void policy_free(struct policy **p);

#endif
