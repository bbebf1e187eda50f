/* agent.c - ssh-agent protocol client (no library: a socket and framing). */
#include "agent.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "sshkey.h"
#include "sshwire.h"

/* Message numbers (openssh authfd.h). */
#define SSH_AGENT_FAILURE 5
#define SSH_AGENTC_REQUEST_IDENTITIES 11
#define SSH_AGENT_IDENTITIES_ANSWER 12
#define SSH_AGENTC_SIGN_REQUEST 13
#define SSH_AGENT_SIGN_RESPONSE 14
#define SSH_AGENT_RSA_SHA2_512 0x04

struct agent {
	int fd;
	int timeout_ms;
	char *path;
};

void
agent_free(struct agent **a)
{
	if (!*a)
		return;
	if ((*a)->fd >= 0)
		close((*a)->fd);
	mem_free((*a)->path);
	mem_free(*a);
	*a = NULL;
}

void
agent_set_timeout(struct agent *a, int ms)
{
	a->timeout_ms = ms;
}

int
agent_open(struct agent **out, const char *path, struct error *err)
{
	struct sockaddr_un sa;
	struct agent *a;

	*out = NULL;
	if (!path)
		path = getenv("SSH_AUTH_SOCK");
	if (!path || !*path)
		return error_set(err, ERROR_NOTFOUND,
				 "no ssh-agent: SSH_AUTH_SOCK is not set (forward your agent "
				 "with ssh -A, or give --key)");
	if (strlen(path) >= sizeof(sa.sun_path))
		return error_set_at(err, ERROR_IO, path, 0, 0, "agent socket path is too long");
	a = mem_calloc(1, sizeof(*a));
	if (!a)
		return error_set(err, ERROR_NOMEM, "out of memory");
	a->timeout_ms = AGENT_TIMEOUT_MS;
	a->path = mem_strdup(path);
	a->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (!a->path || a->fd < 0) {
		agent_free(&a);
		return error_set(err, ERROR_IO, "cannot create a socket: %s", strerror(errno));
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	while (connect(a->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		if (e == EINTR)
			continue;
		agent_free(&a);
		return error_set_at(err, e == ENOENT || e == ECONNREFUSED ? ERROR_NOTFOUND : ERROR_IO,
				    path, 0, 0, "cannot connect to ssh-agent: %s", strerror(e));
	}
	*out = a;
	return 0;
}

/* Waits until fd is ready for `events`, within the timeout. */
static int
wait_fd(struct agent *a, short events, struct error *err)
{
	struct pollfd p = { a->fd, events, 0 };

	for (;;) {
		int n = poll(&p, 1, a->timeout_ms);

		if (n > 0)
			return 0;
		if (n == 0)
			return error_set_at(err, ERROR_IO, a->path, 0, 0,
					    "ssh-agent did not answer within %d s",
					    a->timeout_ms / 1000);
		if (errno != EINTR)
			return error_set_at(err, ERROR_IO, a->path, 0, 0, "poll: %s",
					    strerror(errno));
	}
}

static int
send_all(struct agent *a, const char *p, size_t len, struct error *err)
{
	while (len > 0) {
		ssize_t n;

		if (wait_fd(a, POLLOUT, err) < 0)
			return -1;
		n = send(a->fd, p, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return error_set_at(err, ERROR_IO, a->path, 0, 0,
					    "cannot write to ssh-agent: %s", strerror(errno));
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
recv_all(struct agent *a, char *p, size_t len, struct error *err)
{
	while (len > 0) {
		ssize_t n;

		if (wait_fd(a, POLLIN, err) < 0)
			return -1;
		n = recv(a->fd, p, len, 0);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return error_set_at(err, ERROR_IO, a->path, 0, 0,
					    "cannot read from ssh-agent: %s", strerror(errno));
		}
		if (n == 0)
			return error_set_at(err, ERROR_IO, a->path, 0, 0,
					    "ssh-agent closed the connection");
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One request/reply round trip; reply gets the body (type byte first). */
static int
transact(struct agent *a, const struct buf *req, struct buf *reply, struct error *err)
{
	struct buf frame = BUF_INIT;
	unsigned char hdr[4];
	size_t n;
	int rc;

	sshwire_put_string(&frame, req->data, req->len);
	if (buf_failed(&frame) || buf_failed(req)) {
		buf_release(&frame);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	rc = send_all(a, frame.data, frame.len, err);
	buf_release(&frame);
	if (rc < 0 || recv_all(a, (char *)hdr, 4, err) < 0)
		return -1;
	n = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 | (size_t)hdr[2] << 8 | hdr[3];
	if (n == 0 || n > AGENT_MAX_REPLY)
		return error_set_at(err, ERROR_IO, a->path, 0, 0,
				    "ssh-agent reply of %zu bytes (at most %d allowed)", n,
				    AGENT_MAX_REPLY);
	buf_reset(reply);
	if (buf_grow(reply, n) < 0)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (recv_all(a, reply->data, n, err) < 0)
		return -1;
	reply->len = n;
	reply->data[n] = '\0';
	return 0;
}

void
agent_keys_free(struct sshkey ***keys, size_t n)
{
	size_t i;

	if (!*keys)
		return;
	for (i = 0; i < n; i++)
		sshkey_free(&(*keys)[i]);
	mem_free(*keys);
	*keys = NULL;
}

int
agent_list(struct agent *a, struct sshkey ***keysp, size_t *np, size_t *skipped,
	   struct error *err)
{
	struct buf req = BUF_INIT, reply = BUF_INIT;
	struct sshkey **keys = NULL;
	struct sshwire r;
	uint8_t type;
	uint32_t nkeys, i;
	size_t n = 0, skip = 0;
	int rc = -1;

	*keysp = NULL;
	*np = 0;
	sshwire_put_u8(&req, SSH_AGENTC_REQUEST_IDENTITIES);
	if (transact(a, &req, &reply, err) < 0)
		goto out;
	sshwire_init(&r, reply.data, reply.len);
	if (sshwire_u8(&r, &type) < 0 || type != SSH_AGENT_IDENTITIES_ANSWER) {
		error_set_at(err, ERROR_IO, a->path, 0, 0,
			     "ssh-agent refused to list its keys (message %u)", (unsigned)type);
		goto out;
	}
	if (sshwire_u32(&r, &nkeys) < 0 || nkeys > AGENT_MAX_KEYS) {
		error_set_at(err, ERROR_IO, a->path, 0, 0, "ssh-agent sent a bad key count");
		goto out;
	}
	keys = mem_calloc(nkeys ? nkeys : 1, sizeof(*keys));
	if (!keys) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < nkeys; i++) {
		const uint8_t *blob, *comment;
		size_t blen, clen;
		struct sshkey *k = NULL;

		if (sshwire_string(&r, &blob, &blen) < 0 ||
		    sshwire_string(&r, &comment, &clen) < 0) {
			error_set_at(err, ERROR_IO, a->path, 0, 0,
				     "ssh-agent sent a truncated key list");
			goto out;
		}
		if (sshkey_from_blob(&k, blob, blen, NULL) < 0) {
			skip++;
			continue;
		}
		if (sshkey_set_comment(k, (const char *)comment, clen) < 0) {
			sshkey_free(&k);
			error_set(err, ERROR_NOMEM, "out of memory");
			goto out;
		}
		keys[n++] = k;
	}
	*keysp = keys;
	keys = NULL;
	*np = n;
	if (skipped)
		*skipped = skip;
	rc = 0;
out:
	agent_keys_free(&keys, n);
	buf_release(&req);
	buf_release(&reply);
	return rc;
}

int
agent_sign(struct agent *a, const struct sshkey *key, const uint8_t *data, size_t len,
	   struct buf *sig, struct error *err)
{
	struct buf req = BUF_INIT, reply = BUF_INIT;
	struct sshwire r, s;
	const uint8_t *blob, *sigblob;
	const char *alg;
	size_t blen, slen, alen;
	uint8_t type;
	int rc = -1;

	blob = sshkey_blob(key, &blen);
	sshwire_put_u8(&req, SSH_AGENTC_SIGN_REQUEST);
	sshwire_put_string(&req, blob, blen);
	sshwire_put_string(&req, data, len);
	sshwire_put_u32(&req, sshkey_type(key) == SSHKEY_RSA ? SSH_AGENT_RSA_SHA2_512 : 0);
	if (transact(a, &req, &reply, err) < 0)
		goto out;
	sshwire_init(&r, reply.data, reply.len);
	if (sshwire_u8(&r, &type) < 0)
		goto bad;
	if (type == SSH_AGENT_FAILURE) {
		error_set_at(err, ERROR_CRYPTO, a->path, 0, 0,
			     "ssh-agent refused to sign with %s key %s (confirmation declined, "
			     "or the key was added with destination constraints, ssh-add -h)",
			     sshkey_short_name(key), sshkey_fingerprint(key));
		goto out;
	}
	if (type != SSH_AGENT_SIGN_RESPONSE) {
		error_set_at(err, ERROR_IO, a->path, 0, 0,
			     "ssh-agent answered a sign request with message %u", (unsigned)type);
		goto out;
	}
	if (sshwire_string(&r, &sigblob, &slen) < 0 || !sshwire_done(&r))
		goto bad;
	sshwire_init(&s, sigblob, slen);
	if (sshwire_text(&s, &alg, &alen) < 0)
		goto bad;
	if (alen != strlen(sshkey_sig_alg(key)) || memcmp(alg, sshkey_sig_alg(key), alen) != 0) {
		struct buf got = BUF_INIT;

		buf_add(&got, alg, alen > 40 ? 40 : alen);
		error_set_at(err, ERROR_CRYPTO, a->path, 0, 0,
			     "ssh-agent signed with '%s', not the '%s' asked for (an old agent?)",
			     buf_failed(&got) ? "?" : got.data, sshkey_sig_alg(key));
		buf_release(&got);
		goto out;
	}
	buf_add(sig, sigblob, slen);
	if (buf_failed(sig)) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	rc = 0;
	goto out;
bad:
	error_set_at(err, ERROR_IO, a->path, 0, 0, "ssh-agent sent a malformed signature reply");
out:
	buf_release(&req);
	buf_release(&reply);
	return rc;
}

int
agent_sshsig_sign(void *ctx, const struct sshkey *key, const uint8_t *data, size_t len,
		  struct buf *sig, struct error *err)
{
	return agent_sign(ctx, key, data, len, sig, err);
}
