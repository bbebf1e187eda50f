/* pulumi_urn.h - Pulumi URNs, provider references and property paths.
 *
 * A URN is "urn:pulumi:STACK::PROJECT::QUALIFIED_TYPE::NAME", where the
 * qualified type is the parent type chain joined by '$' and ending in the
 * resource's own type ("aws:s3/bucket:Bucket$aws:s3:BucketEventSubscription"),
 * and the name is everything after the third "::" (names may themselves
 * contain "::").  A provider reference is "PROVIDER_URN::PROVIDER_ID",
 * split at the last "::".  A property path is Pulumi's JavaScript-like
 * accessor syntax (`a.b[0]["key.with.dots"]`, `a[*].f`).
 *
 * Parsing never allocates: the parts point into the caller's string.
 */
#ifndef SIGNOFF_PULUMI_URN_H
#define SIGNOFF_PULUMI_URN_H

#include <stdbool.h>
#include <stddef.h>

#include "value.h"

#define PULUMI_URN_PREFIX "urn:pulumi:"
#define PULUMI_STACK_TYPE "pulumi:pulumi:Stack"
#define PULUMI_PROVIDER_TYPE_PREFIX "pulumi:providers:"

struct pulumi_urn {
	const char *stack;
	size_t stack_len;
	const char *project;
	size_t project_len;
	const char *qualified_type;   /* parent types and the type, joined by '$' */
	size_t qualified_type_len;
	const char *type;             /* the last '$' segment */
	size_t type_len;
	const char *name;             /* everything after the third "::" */
	size_t name_len;
	const char *address;          /* qualified_type "::" name (to the end) */
	size_t address_len;
	size_t depth;                 /* parent types in the chain (0 at the top) */
};

/* Splits s[0..len) into its parts.  False (and *u untouched) unless it
 * starts with "urn:pulumi:", has three "::" separators, a non-empty type
 * and no empty '$' segment, and holds no NUL byte. */
bool pulumi_urn_parse(const char *s, size_t len, struct pulumi_urn *u);

/* The root stack resource (type pulumi:pulumi:Stack at the top). */
bool pulumi_urn_is_stack(const struct pulumi_urn *u);
/* A provider resource (type pulumi:providers:PKG). */
bool pulumi_type_is_provider(const char *type, size_t len);

/* Splits a provider reference "URN::ID" at its last "::": *urn_len gets
 * the length of the URN part and *id the rest.  False when there is no
 * "::" after the URN prefix's own separators. */
bool pulumi_provider_ref_split(const char *s, size_t len, size_t *urn_len, const char **id,
			       size_t *id_len);

/* Parses a property path into an array value of steps: strings for keys
 * (including "*"), numbers for array indexes, built with vb.  Returns 0,
 * 1 when the text is not a valid path (*out untouched), -1 on OOM. */
int pulumi_path_parse(const char *s, size_t len, struct value_builder *vb, struct value *out);

/* True when path `a` (an array of steps) is a prefix of `b` or `b` of `a`,
 * with "*" matching any one step: the two can touch the same value. */
bool pulumi_paths_overlap(const struct value *a, const struct value *b);

#endif
