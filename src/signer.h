/* signer.h - choosing the key a decision is signed with.
 *
 * `--key` takes a public key file, a private key file, or a fingerprint
 * ("SHA256:...").  The rule: when ssh-agent holds the key, the agent
 * signs and the private key file is never opened (its public half is read
 * from FILE.pub, or from the public section of FILE when there is no
 * .pub).  Only when no agent holds it is an unencrypted private key file
 * read; encrypted ones must be added to the agent.  Without --key the
 * agent must hold exactly one usable key.
 */
#ifndef SIGNOFF_SIGNER_H
#define SIGNOFF_SIGNER_H

#include <stdbool.h>
#include <stddef.h>

#include "dsse.h"
#include "error.h"

struct sshkey;
struct signer;

/* key_arg: path, "SHA256:..." or NULL; agent_sock: NULL for $SSH_AUTH_SOCK. */
int signer_open(struct signer **out, const char *key_arg, const char *agent_sock,
		struct error *err);
void signer_free(struct signer **s);
/* The public key (with its comment); borrowed. */
const struct sshkey *signer_key(const struct signer *s);
bool signer_uses_agent(const struct signer *s);
/* Signs payload into env (zeroed by the caller) under ns. */
int signer_sign(struct signer *s, const void *payload, size_t len, const char *ns,
		struct dsse_envelope *env, struct error *err);

#endif
