/* dsse.c - DSSE pre-authentication encoding and SSHSIG-signed envelopes. */
#include "dsse.h"

#include <string.h>

#include "buf.h"
#include "mem.h"
#include "sshkey.h"

void
dsse_pae(struct buf *out, const char *type, const void *body, size_t len)
{
	buf_addf(out, "DSSEv1 %zu %s %zu ", strlen(type), type, len);
	buf_add(out, body, len);
}

void
dsse_envelope_release(struct dsse_envelope *env)
{
	mem_free(env->payload_type);
	mem_free(env->payload);
	mem_free(env->keyid);
	mem_free(env->sig);
	memset(env, 0, sizeof(*env));
}

int
dsse_sign(struct dsse_envelope *env, const void *payload, size_t len, const struct sshkey *key,
	  sshsig_sign_fn fn, void *ctx, const char *ns, struct error *err)
{
	struct buf pae = BUF_INIT, blob = BUF_INIT;
	int rc = -1;

	dsse_pae(&pae, DSSE_PAYLOAD_TYPE, payload, len);
	if (buf_failed(&pae)) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	if (sshsig_sign(&blob, key, fn, ctx, ns, SSHSIG_SHA512, pae.data, pae.len, err) < 0)
		goto out;
	env->payload_type = mem_strdup(DSSE_PAYLOAD_TYPE);
	env->payload = mem_alloc(len ? len : 1);
	env->keyid = mem_strdup(sshkey_fingerprint(key));
	env->sig = mem_alloc(blob.len);
	if (!env->payload_type || !env->payload || !env->keyid || !env->sig) {
		dsse_envelope_release(env);
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	memcpy(env->payload, payload, len);
	env->payload_len = len;
	memcpy(env->sig, blob.data, blob.len);
	env->sig_len = blob.len;
	rc = 0;
out:
	buf_release(&pae);
	buf_release(&blob);
	return rc;
}

int
dsse_verify(const struct dsse_envelope *env, const char *ns, struct sshkey **signer,
	    struct error *err)
{
	struct buf pae = BUF_INIT;
	int rc;

	dsse_pae(&pae, env->payload_type, env->payload, env->payload_len);
	if (buf_failed(&pae))
		return error_set(err, ERROR_NOMEM, "out of memory");
	rc = sshsig_verify(env->sig, env->sig_len, ns, pae.data, pae.len, signer, err);
	buf_release(&pae);
	return rc;
}
