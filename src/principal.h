/* principal.h - who the reviewer is, for the signed record.
 *
 * In order: the --principal flag; `principal = NAME` in the config file
 * ($XDG_CONFIG_HOME/signoff/config, else ~/.config/signoff/config); the
 * signing key's comment (ssh-keygen puts user@host there; the agent
 * reports it).  The gate trusts none of these: allowed_signers must list
 * the name for the key that signed.
 *
 * The config reader here is deliberately minimal: it only looks for the
 * principal key and ignores every other line (the UI owns the full
 * configuration file).
 */
#ifndef SIGNOFF_PRINCIPAL_H
#define SIGNOFF_PRINCIPAL_H

#include "error.h"

struct sshkey;

enum principal_source {
	PRINCIPAL_FROM_FLAG,
	PRINCIPAL_FROM_CONFIG,
	PRINCIPAL_FROM_KEY_COMMENT,
};

const char *principal_source_name(enum principal_source s);

/* *out (owned) gets the principal; *source says where it came from. */
int principal_resolve(char **out, enum principal_source *source, const char *flag,
		      const struct sshkey *key, struct error *err);

/* The config file's principal, or *out NULL when there is none. */
int principal_from_config(char **out, struct error *err);

/* A principal must be non-empty, at most 256 bytes, UTF-8, with no
 * whitespace, comma, quote or control character (allowed_signers could
 * not name it otherwise). */
int principal_check(const char *p, struct error *err);

#endif
