/* signer.c - key selection: ssh-agent first, a key file only without one. */
#include "signer.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "buf.h"
#include "fileio.h"
#include "mem.h"
#include "sshkey.h"
#include "sshsig.h"
#include "str.h"

#define MAX_KEY_FILE (64 * 1024)

struct signer {
	struct sshkey *key;     /* public; private too when signing from a file */
	struct agent *agent;    /* NULL when signing from a file */
};

void
signer_free(struct signer **s)
{
	if (!*s)
		return;
	sshkey_free(&(*s)->key);
	agent_free(&(*s)->agent);
	mem_free(*s);
	*s = NULL;
}

const struct sshkey *
signer_key(const struct signer *s)
{
	return s->key;
}

bool
signer_uses_agent(const struct signer *s)
{
	return s->agent != NULL;
}

int
signer_sign(struct signer *s, const void *payload, size_t len, const char *ns,
	    struct dsse_envelope *env, struct error *err)
{
	if (s->agent)
		return dsse_sign(env, payload, len, s->key, agent_sshsig_sign, s->agent, ns, err);
	return dsse_sign(env, payload, len, s->key, sshsig_sign_with_key, NULL, ns, err);
}

/* Lists what the agent holds, for error messages. */
static void
describe_keys(struct sshkey **keys, size_t n, struct buf *out)
{
	size_t i;

	for (i = 0; i < n && i < 8; i++) {
		const char *c = sshkey_comment(keys[i]);

		buf_addf(out, "%s%s", i ? ", " : "", sshkey_fingerprint(keys[i]));
		if (c[0]) {
			buf_addstr(out, " (");
			str_escape(out, c, strlen(c), STR_ESCAPE_CONTROLS);
			buf_addch(out, ')');
		}
	}
	if (n > 8)
		buf_addstr(out, ", ...");
}

/* Finds want (or the only key, when want is NULL) among the agent's. */
static int
pick_agent_key(struct agent *agent, const struct sshkey *want, const char *fingerprint,
	       struct sshkey **out, struct error *err)
{
	struct sshkey **keys = NULL;
	size_t n = 0, i;
	int rc = -1;

	*out = NULL;
	if (agent_list(agent, &keys, &n, NULL, err) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if ((want && sshkey_equal(keys[i], want)) ||
		    (fingerprint && strcmp(sshkey_fingerprint(keys[i]), fingerprint) == 0)) {
			*out = keys[i];
			keys[i] = NULL;
			rc = 0;
			goto out;
		}
	}
	if (want || fingerprint) {
		rc = 0; /* not there: the caller decides */
		goto out;
	}
	if (n == 1) {
		*out = keys[0];
		keys[0] = NULL;
		rc = 0;
	} else if (n == 0) {
		error_set(err, ERROR_NOTFOUND,
			  "ssh-agent holds no ed25519, ecdsa-sha2-nistp256 or rsa key; add one with "
			  "ssh-add, or give --key");
	} else {
		struct buf m = BUF_INIT;

		describe_keys(keys, n, &m);
		error_set(err, ERROR_USAGE,
			  "ssh-agent holds %zu keys; choose one with --key FILE.pub or --key "
			  "SHA256:...: %s",
			  n, buf_failed(&m) ? "" : m.data);
		buf_release(&m);
	}
out:
	agent_keys_free(&keys, n);
	return rc;
}

/* The public half named by path, without decoding any private key. */
static int
public_half(const char *path, struct sshkey **pub, bool *is_private, struct error *err)
{
	struct buf text = BUF_INIT, pubpath = BUF_INIT;
	int rc;

	*pub = NULL;
	*is_private = false;
	if (fileio_read(path, MAX_KEY_FILE, &text, NULL) < 0) {
		/* The private file may be gone (ssh-add, then rm): FILE.pub will do. */
		buf_addf(&pubpath, "%s.pub", path);
		if (!str_has_suffix(path, ".pub") && access(pubpath.data, R_OK) == 0) {
			rc = sshkey_load_public(pub, pubpath.data, err);
			buf_release(&pubpath);
			return rc;
		}
		buf_release(&pubpath);
		return fileio_read(path, MAX_KEY_FILE, &text, err);
	}
	if (strstr(text.data, "PRIVATE KEY-----")) {
		*is_private = true;
		buf_addf(&pubpath, "%s.pub", path);
		if (access(pubpath.data, R_OK) == 0)
			rc = sshkey_load_public(pub, pubpath.data, err);
		else
			rc = sshkey_parse_private_public(pub, text.data, text.len, path, err);
	} else {
		rc = sshkey_load_public(pub, path, err);
	}
	buf_wipe(&text);
	buf_release(&pubpath);
	return rc;
}

int
signer_open(struct signer **out, const char *key_arg, const char *agent_sock, struct error *err)
{
	struct signer *s;
	struct sshkey *pub = NULL;
	struct error agent_err = ERROR_INIT;
	bool is_private = false, have_agent;
	const char *fp = NULL;
	int rc = -1;

	*out = NULL;
	s = mem_calloc(1, sizeof(*s));
	if (!s)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (key_arg && str_has_prefix(key_arg, "SHA256:"))
		fp = key_arg;
	else if (key_arg && public_half(key_arg, &pub, &is_private, err) < 0)
		goto out;
	have_agent = agent_open(&s->agent, agent_sock, &agent_err) == 0;
	if (have_agent) {
		if (pick_agent_key(s->agent, pub, fp, &s->key, err) < 0)
			goto out;
	}
	if (!s->key) {
		agent_free(&s->agent);
		if (!key_arg) {
			*err = agent_err;
			error_prefix(err, "no key to sign with (give --key)");
			goto out;
		}
		if (fp) {
			error_set(err, ERROR_NOTFOUND, "%s: %s",
				  have_agent ? "ssh-agent does not hold key" : agent_err.msg, fp);
			goto out;
		}
		if (!is_private) {
			error_set_at(err, ERROR_NOTFOUND, key_arg, 0, 0,
				     "%s; add the key with ssh-add or give its private key file",
				     have_agent ? "ssh-agent does not hold this key" : agent_err.msg);
			goto out;
		}
		if (sshkey_load_private(&s->key, key_arg, err) < 0)
			goto out;
	}
	*out = s;
	s = NULL;
	rc = 0;
out:
	sshkey_free(&pub);
	signer_free(&s);
	return rc;
}
