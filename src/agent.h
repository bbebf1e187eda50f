/* agent.h - a client for ssh-agent over its AF_UNIX socket
 * (draft-miller-ssh-agent, now RFC 9987): list identities and have one
 * sign.  The private key stays in the agent, which may be on another
 * machine behind a forwarded SSH connection.
 *
 * Replies are capped at 256 KiB and identities at 2048, as OpenSSH's
 * client does; every read and write has a timeout, so a stuck agent
 * gives an error instead of a hang.  SIGPIPE is never raised.
 */
#ifndef SIGNOFF_AGENT_H
#define SIGNOFF_AGENT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct buf;
struct sshkey;

#define AGENT_MAX_REPLY (256 * 1024)
#define AGENT_MAX_KEYS 2048
/* Long enough for a person to confirm a key added with `ssh-add -c`. */
#define AGENT_TIMEOUT_MS 120000

struct agent;

/* Connects to path, or to $SSH_AUTH_SOCK when path is NULL.  Fails with
 * ERROR_NOTFOUND when there is no agent to talk to. */
int agent_open(struct agent **out, const char *path, struct error *err);
void agent_free(struct agent **agent);
/* Changes the timeout for each read and write (tests). */
void agent_set_timeout(struct agent *agent, int ms);

/* The agent's keys of the supported types, with their comments; others
 * (sk-*, certificates, DSA, other curves) are left out and counted in
 * *skipped (may be NULL).  *keys is an owned array of n owned keys, freed
 * with agent_keys_free. */
int agent_list(struct agent *agent, struct sshkey ***keys, size_t *n, size_t *skipped,
	       struct error *err);
void agent_keys_free(struct sshkey ***keys, size_t n);

/* SSH_AGENTC_SIGN_REQUEST for data with key (public; flags ask for
 * rsa-sha2-512 for RSA).  Appends the SSH signature encoding to sig.
 * The algorithm the agent answers with must be the one asked for: an
 * agent that returns ssh-rsa (SHA-1) is refused. */
int agent_sign(struct agent *agent, const struct sshkey *key, const uint8_t *data, size_t len,
	       struct buf *sig, struct error *err);

/* An sshsig_sign_fn: ctx is a struct agent. */
int agent_sshsig_sign(void *ctx, const struct sshkey *key, const uint8_t *data, size_t len,
		      struct buf *sig, struct error *err);

#endif
