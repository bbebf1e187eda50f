/* fuzz_sshsig.c - the SSHSIG parser and verifier, and the armor reader. */
#include "buf.h"
#include "sshkey.h"
#include "sshsig.h"
#include "targets.h"

int
fuzz_sshsig(const uint8_t *data, size_t size)
{
	struct sshkey *key = NULL;
	struct sshsig s;
	struct buf blob = BUF_INIT;

	sshsig_parse(&s, data, size, NULL);
	if (sshsig_verify(data, size, SSHSIG_NAMESPACE, "m", 1, &key, NULL) == 0)
		sshkey_free(&key);
	if (sshkey_from_blob(&key, data, size, NULL) == 0)
		sshkey_free(&key);
	sshsig_dearmor(&blob, (const char *)data, size, NULL);
	buf_release(&blob);
	return 0;
}

FUZZ_ENTRY(sshsig)
