/* fuzz_allowed_signers.c - allowed_signers files, policies and private keys. */
#include "allowed_signers.h"
#include "policy.h"
#include "sshkey.h"
#include "targets.h"

int
fuzz_allowed_signers(const uint8_t *data, size_t size)
{
	struct allowed_signers *as = NULL;
	struct policy *p = NULL;
	struct sshkey *k = NULL;

	if (allowed_signers_parse(&as, (const char *)data, size, "fuzz", NULL) == 0)
		allowed_signers_free(&as);
	if (policy_parse(&p, (const char *)data, size, "fuzz/policy.json", NULL) == 0)
		policy_free(&p);
	if (sshkey_parse_private(&k, (const char *)data, size, "fuzz", NULL) == 0)
		sshkey_free(&k);
	if (sshkey_parse_public(&k, (const char *)data, size, NULL) == 0)
		sshkey_free(&k);
	return 0;
}

FUZZ_ENTRY(allowed_signers)
