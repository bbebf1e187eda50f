/* allowed_signers.h - OpenSSH's allowed_signers file (ssh-keygen(1),
 * "ALLOWED SIGNERS"): which keys may sign as which principals.
 *
 * Each line: principals [options] keytype base64key [comment].  The
 * principals field is a pattern-list ('*', '?', '!' negation); options
 * are namespaces="pattern-list", valid-after="TIME", valid-before="TIME"
 * with TIME as YYYYMMDD[HHMM[SS]]Z.  Supported here as a strict subset:
 *   - the 'Z' is required (without it ssh-keygen reads the time in the
 *     verifying machine's time zone, which differs between CI runners);
 *   - cert-authority and any other option are refused (no certificates);
 *   - key types are those of sshkey.h.
 * Anything outside the subset is an error naming the line and column,
 * never silently skipped.  A key may sit on several lines; a line counts
 * only when all of its options hold, as in ssh-keygen.
 */
#ifndef SIGNOFF_ALLOWED_SIGNERS_H
#define SIGNOFF_ALLOWED_SIGNERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct sshkey;
struct allowed_signers;

int allowed_signers_load(struct allowed_signers **out, const char *path, struct error *err);
/* From text; `path` names it in errors. */
int allowed_signers_parse(struct allowed_signers **out, const char *text, size_t len,
			  const char *path, struct error *err);
void allowed_signers_free(struct allowed_signers **as);
size_t allowed_signers_count(const struct allowed_signers *as);

/* Whether some line holds key, allows namespace ns and is valid at `now`
 * (seconds since the epoch).  When not, err (may be NULL) says why in
 * words: unknown key, other namespace, not yet valid, expired. */
bool allowed_signers_trusts_key(const struct allowed_signers *as, const struct sshkey *key,
				const char *ns, int64_t now, struct error *err);

/* Whether some line that holds key, allows ns and is valid at now also
 * matches principal (the principal is proven for that key). */
bool allowed_signers_proves(const struct allowed_signers *as, const struct sshkey *key,
			    const char *ns, int64_t now, const char *principal);

/* ssh's pattern-list match: true if some pattern matches and no negated
 * ('!') pattern does. */
bool allowed_signers_match_list(const char *list, const char *s);

/* Parses YYYYMMDD[HHMM[SS]]Z; -1 if malformed or not UTC. */
int allowed_signers_parse_time(const char *s, size_t len, int64_t *out);

#endif
