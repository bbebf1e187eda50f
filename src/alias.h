/* alias.h - one resource type for Terraform, Pulumi and Crossplane.
 *
 * Rules are written once against Terraform's names (snake_case types and
 * attributes: aws_s3_bucket, server_side_encryption_configuration).  The
 * same resource in a Pulumi preview (aws:s3/bucket:Bucket, camelCase
 * inputs) or as a Crossplane managed resource (s3.aws.upbound.io Bucket,
 * camelCase under spec.forProvider) is mapped onto that type here, from
 * a data table (alias.c), not code per type.  Attribute names are
 * matched at lookup time (rule_lookup): snake_case as written, then
 * camelCase, then plural forms (Pulumi pluralises list blocks).
 *
 * A change may be seen through several views: a Crossplane Bucket is
 * both aws_s3_bucket (attributes = spec.forProvider + spec.initProvider)
 * and s3.aws.upbound.io/Bucket (the whole object); a Deployment is both
 * apps/Deployment and k8s:workload (attributes = its pod spec).
 */
#ifndef SIGNOFF_ALIAS_H
#define SIGNOFF_ALIAS_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"

#define ALIAS_MAX_VIEWS 2

/* The type name under which every pod-bearing kind is seen with its pod
 * spec as attributes. */
#define ALIAS_WORKLOAD_TYPE "k8s:workload"

enum alias_root {
	ALIAS_ROOT_WHOLE,          /* the change's value as it is */
	ALIAS_ROOT_FOR_PROVIDER,   /* spec.forProvider, then spec.initProvider */
	ALIAS_ROOT_PATH,           /* follow root_path (pod specs) */
};

struct alias_view {
	const char *prefix;        /* "data." for Terraform data sources, else "" */
	const char *type;          /* canonical type (static, or the change's own) */
	enum alias_root root;
	const char *const *root_path;  /* ALIAS_ROOT_PATH: keys, NULL-terminated */
	bool camel;                /* attribute keys are camelCase */
};

/* Fills out[] with the views of a change; returns how many (>= 1). */
size_t alias_views(enum plan_source_kind source, const struct plan_change *c,
		   struct alias_view out[ALIAS_MAX_VIEWS]);

/* The canonical Terraform type for a Pulumi type token or a Crossplane
 * "group/Kind" ("s3.aws.m.upbound.io/Bucket" works too); NULL if the
 * table has none. */
const char *alias_canonical_type(const char *type);

/* camelCase of a snake_case name ("map_public_ip_on_launch" ->
 * "mapPublicIpOnLaunch"); writes at most size-1 bytes, returns false if
 * it did not fit or there was nothing to change. */
bool alias_camel(const char *snake, size_t len, char *out, size_t size);

/* Number of rows in the table (for tests and docs). */
size_t alias_table_size(void);

#endif
