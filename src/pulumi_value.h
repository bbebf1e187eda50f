/* pulumi_value.h - Pulumi property values -> value trees.
 *
 * Pulumi serialises properties as plain JSON plus "signature" objects: an
 * object whose key 4dabf18193072939515e22adb298388d says what it is (a
 * secret, an asset, an archive, a resource reference, an output value, a
 * byte string).  Reading one property map:
 *
 *   - secrets never reach the plan: a first pass over the tokens finds
 *     the secret signature objects (and, for configuration, the
 *     {"secure": ...} objects) and turns them into a sensitive mask, so
 *     json_value.c reduces them to a keyed digest as it reads; the string
 *     "[secret]" (preview digests) becomes an opaque VALUE_SENSITIVE, and
 *     a secret whose ciphertext is the blinded "[secret]" (event streams)
 *     keeps no digest, as all of them would compare equal;
 *   - the unknown sentinel 04da6b54-80e4-46f7-96ec-b56ff0331ba9 becomes
 *     VALUE_UNKNOWN;
 *   - assets and archives become compact objects holding their hash
 *     ({"asset": HASH, "path": ...}, {"archive": HASH, "assets": {...}}),
 *     never their text;
 *   - resource references become their URN (a string) and are listed in
 *     `refs` as dependencies; output values become their element;
 *   - "__defaults" members (the provider's list of defaulted inputs) are
 *     dropped at every level.
 *
 * The reader never recurses on input depth in the token passes; the
 * rewrite pass recurses at most as deep as the JSON reader allows.
 */
#ifndef SIGNOFF_PULUMI_VALUE_H
#define SIGNOFF_PULUMI_VALUE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "json_value.h"
#include "plan_build.h"
#include "value.h"

#define PULUMI_SIG_KEY "4dabf18193072939515e22adb298388d"
#define PULUMI_SIG_SECRET "1b47061264138c4ac30d75fd1eb44270"
#define PULUMI_SIG_ASSET "c44067f5952c0a294b673a41bacd8c17"
#define PULUMI_SIG_ARCHIVE "0def7320c3a5731c473e5ecbe6d01bc7"
#define PULUMI_SIG_RESOURCE "5cf8f73096256a8f31e491e813e4eb8e"
#define PULUMI_SIG_OUTPUT "d0e6a833031e9bbcd3f4e8bde6ca49a4"
#define PULUMI_SIG_BYTES "803fd3297a5875dc03ca845dda5d2a98"
#define PULUMI_UNKNOWN "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
#define PULUMI_SECRET_TEXT "[secret]"

/* Reads values from one source text into one plan. */
struct pulumi_values {
	struct plan *plan;
	const char *text;          /* borrowed; alive while reading */
	size_t len;
	const char *path;          /* for messages */
	bool maybe_sig;            /* the text may hold signature objects */
	bool foreign;              /* not the plan's source: secrets keep no location */
	struct json_value_stats stats;  /* duplicate keys seen */
};

/* `text` is the whole source text values are read from (borrowed).
 * `foreign` is true for a file other than the plan's own source (a
 * `--state` export): its secrets cannot be revealed from the plan. */
void pulumi_values_init(struct pulumi_values *pv, struct plan *plan, const char *text, size_t len,
			const char *path, bool foreign);

enum pulumi_read_flags {
	PULUMI_READ_CONFIG = 1 << 0,   /* {"secure": "..."} objects are secrets */
};

/* Builds the value whose first byte is at offset `off` of the text into
 * the plan's arena.  `extra_sensitive` is an optional mask shaped like the
 * value (e.g. additionalSecretOutputs).  `refs` (may be NULL) gets an
 * array of the URNs of the resource references found, or value_absent.
 * Returns 0, or -1 with err set (syntax error with its location, OOM). */
int pulumi_values_read(struct pulumi_values *pv, size_t off, unsigned flags,
		       const struct value *extra_sensitive, struct value *out, struct value *refs,
		       struct error *err);

/* A copy of object `obj` (or of {} when it is not an object) with member
 * `key` set to *v, or removed when v is NULL.  0, or -1 on OOM. */
int pulumi_value_with_member(struct value_builder *vb, const struct value *obj, const char *key,
			     size_t key_len, const struct value *v, struct value *out);

/* A mask object {NAME: true, ...} for the strings of array `names` (e.g.
 * additionalSecretOutputs); value_absent when there are none. */
int pulumi_value_name_mask(struct value_builder *vb, const struct value *names, struct value *out);

/* Provider arguments that hold credentials (accessKey, secret_key, token,
 * kubeconfig, ...).  Pulumi marks a provider's inputs secret only when the
 * stack config does; signoff masks these always, as it does for
 * Terraform's provider configurations. */
bool pulumi_value_is_credential(const char *name, size_t len);
/* A mask object {NAME: true, ...} for the strings of `names` (may be
 * absent) and every credential name.  0, or -1 on OOM. */
int pulumi_value_credential_mask(struct value_builder *vb, const struct value *names,
				 struct value *out);

/* A sensitive value that compares equal only to itself: the secret at
 * `path` of resource `urn`, known (from Pulumi's own diff) not to change
 * between before and after, so both sides can share it. */
int pulumi_value_unchanged_secret(struct value_builder *vb, const char *urn, const char *path,
				  uint8_t inner_kind, struct value *out);

#endif
