/* manifest.h - what a Kubernetes or Crossplane document is: its identity,
 * its scope, the values that are secret, and the files and documents that
 * are not cluster objects at all.
 *
 * Identity is API group + kind + namespace + name.  The version is not
 * part of it (the API server serves one object under every version), and
 * known historical group moves (extensions -> apps for Deployment, ...)
 * map to today's group, so both are updates rather than delete + create.
 * Crossplane v1 -> v2 managed resources (`ec2.aws.upbound.io` ->
 * `ec2.aws.m.upbound.io`) are different objects and keep their groups.
 *
 * Scope (namespaced or cluster-scoped) comes, in order, from what the
 * input's own CustomResourceDefinitions and CompositeResourceDefinitions
 * say, from a table of built-in and Crossplane kinds, from the object
 * itself (a metadata.namespace means namespaced), and from Crossplane
 * shapes (v1 managed resources and ProviderConfigs are cluster-scoped).
 * Anything else is namespaced.
 *
 * Pure functions over value trees; nothing here allocates outside the
 * value builder or the scope table given to it.
 */
#ifndef SIGNOFF_MANIFEST_H
#define SIGNOFF_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "value.h"

/* Length of the API group in an apiVersion ("apps/v1" -> 4, "v1" -> 0). */
size_t manifest_group_len(const char *api_version);

/* The group an object of `kind` lives in today (a static string), or
 * NULL when `group` is not a historical alias for that kind. */
const char *manifest_group_alias(const char *group, size_t group_len, const char *kind);

/* Scopes learned from the input's CRDs, XRDs and MRDs. */
struct manifest_scopes;

int manifest_scopes_new(struct manifest_scopes **out, struct error *err);
void manifest_scopes_free(struct manifest_scopes **s);
/* Records what a definition object says (other objects are ignored). */
int manifest_scopes_learn(struct manifest_scopes *s, const struct value *obj, struct error *err);

enum manifest_xr_kind {
	MANIFEST_XR_NONE,
	MANIFEST_XR_COMPOSITE,    /* an XR kind of a known XRD */
	MANIFEST_XR_CLAIM,        /* a claim kind of a known XRD */
};

/* Whether objects of group/kind are namespaced; `obj` is the object. */
bool manifest_is_namespaced(const struct manifest_scopes *s, const char *group, const char *kind,
			    const struct value *obj);

/* The Crossplane role of an object, or NULL: "xrd", "composition",
 * "composition-revision", "composite", "claim", "managed",
 * "provider-config", "usage", "environment-config", "package",
 * "package-metadata", "function-input", "mrd", "mrap", "operation". */
const char *manifest_crossplane_role(const struct manifest_scopes *s, const char *group,
				     const char *kind, const struct value *obj);

/* Deep copy of `in` (built in a scratch arena) into `vb`, with every
 * Secret's data and stringData values, and its last-applied-configuration
 * annotation, replaced by VALUE_SENSITIVE (a keyed digest, comparable
 * within this process).  Secrets embedded in other objects (Composition
 * bases, provider-kubernetes Objects, List items) are masked too.
 * *masked (if not NULL) is set when something was masked, so that the
 * caller knows whether `in` held secret text to wipe.  Recursion is
 * bounded by the depth the readers allow. */
int manifest_copy_masked(struct value_builder *vb, const struct value *in, struct value *out,
			 bool *masked, struct error *err);

/* Why a file is not read as manifests, decided before parsing from its
 * path and text (kustomization files, Helm chart templates and
 * metadata); NULL when it is to be read. */
const char *manifest_skip_file(const char *path, const char *text, size_t len);
/* Whether the text holds Go template actions ("{{ ... }}"), used to
 * explain a file that does not parse. */
bool manifest_has_template(const char *text, size_t len);

/* Why a document (a mapping) is not a cluster object, or NULL: no kind,
 * no apiVersion, no name, kustomize and test-tool configuration... */
const char *manifest_skip_object(const struct value *obj);
/* Whether a sequence document is a JSON 6902 patch ([{op, path}, ...]). */
bool manifest_is_json_patch(const struct value *doc);
/* The items of a List (kind "List" or any "...List" with an items
 * array), or NULL. */
const struct value *manifest_list_items(const struct value *doc);

/* Appends to `out` the files a kustomization names as patches
 * (patches[].path, patchesStrategicMerge[], patchesJson6902[].path),
 * relative to its directory, each followed by a NUL. */
void manifest_kustomize_patches(const struct value *kustomization, struct buf *out);
/* Joins dir ("" or "a/b/") and a relative path, folding "." and ".."; a
 * path that climbs above the root yields "". */
void manifest_path_join(struct buf *out, const char *dir, const char *rel);

/* Structural hash of an object ignoring metadata.name, namespace and
 * generateName (sensitive values hash by digest): equal objects that
 * differ only in name hash alike. */
uint64_t manifest_hash_without_identity(const struct value *obj);
/* Equality ignoring metadata.name, namespace and generateName. */
bool manifest_equal_without_identity(const struct value *a, const struct value *b);

#endif
