/* manifest.c - identity, scope, secrets and skip rules for manifests. */
#include "manifest.h"

#include <string.h>

#include "digest.h"
#include "mem.h"
#include "str.h"

/* ---- groups ---- */

size_t
manifest_group_len(const char *api_version)
{
	const char *slash = strrchr(api_version, '/');

	return slash ? (size_t)(slash - api_version) : 0;
}

/* X(old group, kind, group today) - objects that moved between groups
 * and are served under both (the API server stores them once). */
#define MANIFEST_GROUP_ALIASES(X)                                      \
	X("extensions", "Deployment", "apps")                          \
	X("extensions", "DaemonSet", "apps")                           \
	X("extensions", "ReplicaSet", "apps")                          \
	X("extensions", "Ingress", "networking.k8s.io")                \
	X("extensions", "NetworkPolicy", "networking.k8s.io")          \
	X("extensions", "PodSecurityPolicy", "policy")                 \
	X("events.k8s.io", "Event", "")

static const struct group_alias {
	const char *from, *kind, *to;
} group_aliases[] = {
#define X(from, kind, to) { from, kind, to },
	MANIFEST_GROUP_ALIASES(X)
#undef X
};

const char *
manifest_group_alias(const char *group, size_t group_len, const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(group_aliases) / sizeof(group_aliases[0]); i++)
		if (strlen(group_aliases[i].from) == group_len &&
		    memcmp(group_aliases[i].from, group, group_len) == 0 &&
		    strcmp(group_aliases[i].kind, kind) == 0)
			return group_aliases[i].to;
	return NULL;
}

/* X(group, kind) - cluster-scoped kinds known without their CRD. */
#define MANIFEST_CLUSTER_KINDS(X)                                                 \
	X("", "Namespace")                                                        \
	X("", "Node")                                                             \
	X("", "PersistentVolume")                                                 \
	X("", "ComponentStatus")                                                  \
	X("rbac.authorization.k8s.io", "ClusterRole")                             \
	X("rbac.authorization.k8s.io", "ClusterRoleBinding")                      \
	X("apiextensions.k8s.io", "CustomResourceDefinition")                     \
	X("apiregistration.k8s.io", "APIService")                                 \
	X("storage.k8s.io", "StorageClass")                                       \
	X("storage.k8s.io", "CSIDriver")                                          \
	X("storage.k8s.io", "CSINode")                                            \
	X("storage.k8s.io", "VolumeAttachment")                                   \
	X("storage.k8s.io", "VolumeAttributesClass")                              \
	X("networking.k8s.io", "IngressClass")                                    \
	X("networking.k8s.io", "IPAddress")                                       \
	X("networking.k8s.io", "ServiceCIDR")                                     \
	X("scheduling.k8s.io", "PriorityClass")                                   \
	X("node.k8s.io", "RuntimeClass")                                          \
	X("policy", "PodSecurityPolicy")                                          \
	X("certificates.k8s.io", "CertificateSigningRequest")                     \
	X("certificates.k8s.io", "ClusterTrustBundle")                            \
	X("flowcontrol.apiserver.k8s.io", "FlowSchema")                           \
	X("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration")           \
	X("admissionregistration.k8s.io", "MutatingWebhookConfiguration")         \
	X("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")       \
	X("admissionregistration.k8s.io", "ValidatingAdmissionPolicy")            \
	X("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding")     \
	X("admissionregistration.k8s.io", "MutatingAdmissionPolicy")              \
	X("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding")       \
	X("resource.k8s.io", "DeviceClass")                                       \
	X("resource.k8s.io", "ResourceSlice")                                     \
	X("snapshot.storage.k8s.io", "VolumeSnapshotClass")                       \
	X("snapshot.storage.k8s.io", "VolumeSnapshotContent")                     \
	X("gateway.networking.k8s.io", "GatewayClass")                            \
	X("cert-manager.io", "ClusterIssuer")                                     \
	X("templates.gatekeeper.sh", "ConstraintTemplate")                        \
	X("karpenter.sh", "NodePool")                                             \
	X("karpenter.k8s.aws", "EC2NodeClass")                                    \
	X("apiextensions.crossplane.io", "CompositeResourceDefinition")           \
	X("apiextensions.crossplane.io", "Composition")                           \
	X("apiextensions.crossplane.io", "CompositionRevision")                   \
	X("apiextensions.crossplane.io", "EnvironmentConfig")                     \
	X("apiextensions.crossplane.io", "Usage")                                 \
	X("apiextensions.crossplane.io", "ManagedResourceDefinition")             \
	X("apiextensions.crossplane.io", "ManagedResourceActivationPolicy")       \
	X("protection.crossplane.io", "ClusterUsage")                             \
	X("ops.crossplane.io", "Operation")                                       \
	X("ops.crossplane.io", "CronOperation")                                   \
	X("ops.crossplane.io", "WatchOperation")                                  \
	X("pkg.crossplane.io", "Provider")                                        \
	X("pkg.crossplane.io", "ProviderRevision")                                \
	X("pkg.crossplane.io", "Configuration")                                   \
	X("pkg.crossplane.io", "ConfigurationRevision")                           \
	X("pkg.crossplane.io", "Function")                                        \
	X("pkg.crossplane.io", "FunctionRevision")                                \
	X("pkg.crossplane.io", "DeploymentRuntimeConfig")                         \
	X("pkg.crossplane.io", "ControllerConfig")                                \
	X("pkg.crossplane.io", "ImageConfig")                                     \
	X("pkg.crossplane.io", "Lock")                                            \
	X("meta.pkg.crossplane.io", "Provider")                                   \
	X("meta.pkg.crossplane.io", "Configuration")                              \
	X("meta.pkg.crossplane.io", "Function")

static const struct group_kind {
	const char *group, *kind;
} cluster_kinds[] = {
#define X(group, kind) { group, kind },
	MANIFEST_CLUSTER_KINDS(X)
#undef X
};

static bool
is_builtin_cluster(const char *group, const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof(cluster_kinds) / sizeof(cluster_kinds[0]); i++)
		if (strcmp(cluster_kinds[i].kind, kind) == 0 &&
		    strcmp(cluster_kinds[i].group, group) == 0)
			return true;
	return false;
}

/* ---- learned scopes ---- */

struct scope_entry {
	char *key;                 /* "group|kind", owned */
	bool namespaced;
	enum manifest_xr_kind xr;
};

struct manifest_scopes {
	struct scope_entry *e;
	size_t n, cap;
	uint32_t *slots;
	size_t nslots;
};

int
manifest_scopes_new(struct manifest_scopes **out, struct error *err)
{
	*out = mem_calloc(1, sizeof(**out));
	return *out ? 0 : error_set(err, ERROR_NOMEM, "out of memory");
}

void
manifest_scopes_free(struct manifest_scopes **sp)
{
	struct manifest_scopes *s = *sp;
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		mem_free(s->e[i].key);
	mem_free(s->e);
	mem_free(s->slots);
	mem_free(s);
	*sp = NULL;
}

static size_t
scope_slot(const struct manifest_scopes *s, const char *key, size_t len)
{
	return (size_t)(mem_hash(key, len) & (s->nslots - 1));
}

static struct scope_entry *
scope_find(const struct manifest_scopes *s, const char *group, const char *kind)
{
	char stackkey[256];
	size_t gl = strlen(group), kl = strlen(kind), len = gl + 1 + kl, i;
	struct scope_entry *found = NULL;

	if (!s || !s->nslots || len >= sizeof(stackkey))
		return NULL;
	memcpy(stackkey, group, gl);
	stackkey[gl] = '|';
	memcpy(stackkey + gl + 1, kind, kl + 1);
	for (i = scope_slot(s, stackkey, len); s->slots[i] != UINT32_MAX;
	     i = (i + 1) & (s->nslots - 1))
		if (strcmp(s->e[s->slots[i]].key, stackkey) == 0) {
			found = &s->e[s->slots[i]];
			break;
		}
	return found;
}

static int
scope_put(struct manifest_scopes *s, const char *group, size_t gl, const char *kind,
	  bool namespaced, enum manifest_xr_kind xr, struct error *err)
{
	size_t kl = strlen(kind), len = gl + 1 + kl, i;
	char *key;
	void *p;

	if (len >= 256)
		return 0; /* not a valid group/kind anyway */
	key = mem_alloc(len + 1);
	if (!key)
		return error_set(err, ERROR_NOMEM, "out of memory");
	memcpy(key, group, gl);
	key[gl] = '|';
	memcpy(key + gl + 1, kind, kl + 1);
	if (s->nslots) {
		for (i = scope_slot(s, key, len); s->slots[i] != UINT32_MAX;
		     i = (i + 1) & (s->nslots - 1))
			if (strcmp(s->e[s->slots[i]].key, key) == 0) {
				/* the last definition read wins */
				s->e[s->slots[i]].namespaced = namespaced;
				s->e[s->slots[i]].xr = xr;
				mem_free(key);
				return 0;
			}
	}
	p = s->e;
	if (mem_grow_array(&p, &s->cap, s->n + 1, sizeof(*s->e)) < 0) {
		mem_free(key);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	s->e = p;
	s->e[s->n].key = key;
	s->e[s->n].namespaced = namespaced;
	s->e[s->n].xr = xr;
	s->n++;
	if (s->n * 2 > s->nslots) {
		size_t n = s->nslots ? s->nslots * 2 : 64, j;
		uint32_t *slots = mem_alloc(n * sizeof(*slots));

		if (!slots)
			return error_set(err, ERROR_NOMEM, "out of memory");
		memset(slots, 0xFF, n * sizeof(*slots));
		mem_free(s->slots);
		s->slots = slots;
		s->nslots = n;
		for (j = 0; j < s->n; j++) {
			for (i = scope_slot(s, s->e[j].key, strlen(s->e[j].key));
			     s->slots[i] != UINT32_MAX; i = (i + 1) & (n - 1))
				;
			s->slots[i] = (uint32_t)j;
		}
		return 0;
	}
	for (i = scope_slot(s, key, len); s->slots[i] != UINT32_MAX; i = (i + 1) & (s->nslots - 1))
		;
	s->slots[i] = (uint32_t)(s->n - 1);
	return 0;
}

static const char *
str_at(const struct value *obj, const char *a, const char *b)
{
	const struct value *v = value_get(obj, a);

	if (b)
		v = value_get(v, b);
	return value_str(v);
}

int
manifest_scopes_learn(struct manifest_scopes *s, const struct value *obj, struct error *err)
{
	const char *api = value_str(value_get(obj, "apiVersion"));
	const char *kind = value_str(value_get(obj, "kind"));
	const struct value *spec = value_get(obj, "spec");
	const char *group = str_at(spec, "group", NULL);
	const char *scope = str_at(spec, "scope", NULL);
	const char *names_kind = str_at(spec, "names", "kind");
	size_t gl;

	if (!api || !kind || !group || !names_kind)
		return 0;
	gl = manifest_group_len(api);
	if ((strcmp(kind, "CustomResourceDefinition") == 0 && gl == 20 &&
	     memcmp(api, "apiextensions.k8s.io", gl) == 0) ||
	    (strcmp(kind, "ManagedResourceDefinition") == 0 && gl == 27 &&
	     memcmp(api, "apiextensions.crossplane.io", gl) == 0))
		return scope_put(s, group, strlen(group), names_kind,
				 !scope || strcmp(scope, "Cluster") != 0, MANIFEST_XR_NONE, err);
	if (strcmp(kind, "CompositeResourceDefinition") == 0 && gl == 27 &&
	    memcmp(api, "apiextensions.crossplane.io", gl) == 0) {
		/* v1: XRs are cluster-scoped, claims namespaced ("LegacyCluster");
		 * v2: spec.scope, Namespaced by default */
		bool v1 = strcmp(api, "apiextensions.crossplane.io/v1") == 0;
		const char *claim = str_at(spec, "claimNames", "kind");
		bool xr_ns = !v1 && (!scope || strcmp(scope, "Namespaced") == 0);

		if (scope_put(s, group, strlen(group), names_kind, xr_ns, MANIFEST_XR_COMPOSITE,
			      err) < 0)
			return -1;
		if (claim &&
		    scope_put(s, group, strlen(group), claim, true, MANIFEST_XR_CLAIM, err) < 0)
			return -1;
	}
	return 0;
}

/* Whether `group` has a DNS label exactly "m" (Crossplane v2's namespaced
 * managed resources: s3.aws.m.upbound.io). */
static bool
is_v2_mr_group(const char *group)
{
	return strstr(group, ".m.") != NULL || strncmp(group, "m.", 2) == 0;
}

static bool
has_member(const struct value *obj, const char *key)
{
	return value_get(obj, key)->kind != VALUE_ABSENT;
}

static bool
is_provider_config_kind(const char *kind)
{
	return strcmp(kind, "ProviderConfig") == 0 || strcmp(kind, "ProviderConfigUsage") == 0;
}

bool
manifest_is_namespaced(const struct manifest_scopes *s, const char *group, const char *kind,
		       const struct value *obj)
{
	const struct scope_entry *e = scope_find(s, group, kind);
	const struct value *spec = value_get(obj, "spec");
	const char *ns = str_at(obj, "metadata", "namespace");

	if (e)
		return e->namespaced;
	if (is_builtin_cluster(group, kind))
		return false;
	if (ns && *ns)
		return true;
	if (is_v2_mr_group(group))
		return strncmp(kind, "Cluster", 7) != 0;
	/* Crossplane v1: managed resources and provider configurations */
	if (has_member(spec, "forProvider") || is_provider_config_kind(kind))
		return false;
	/* ClusterIssuer, ClusterPolicy, ClusterSecretStore... by convention */
	if (strncmp(kind, "Cluster", 7) == 0 && kind[7] >= 'A' && kind[7] <= 'Z' &&
	    strcmp(kind, "ClusterServiceVersion") != 0)
		return false;
	return true;
}

static bool
group_is(const char *group, const char *want)
{
	return strcmp(group, want) == 0;
}

static bool
group_ends(const char *group, const char *suffix)
{
	size_t g = strlen(group), n = strlen(suffix);

	return g >= n && strcmp(group + g - n, suffix) == 0;
}

const char *
manifest_crossplane_role(const struct manifest_scopes *s, const char *group, const char *kind,
			 const struct value *obj)
{
	static const struct {
		const char *kind, *role;
	} apiext[] = {
		{ "CompositeResourceDefinition", "xrd" },
		{ "Composition", "composition" },
		{ "CompositionRevision", "composition-revision" },
		{ "EnvironmentConfig", "environment-config" },
		{ "Usage", "usage" },
		{ "ManagedResourceDefinition", "mrd" },
		{ "ManagedResourceActivationPolicy", "mrap" },
	};
	const struct scope_entry *e = scope_find(s, group, kind);
	const struct value *spec = value_get(obj, "spec");
	size_t i;

	if (group_is(group, "apiextensions.crossplane.io")) {
		for (i = 0; i < sizeof(apiext) / sizeof(apiext[0]); i++)
			if (strcmp(kind, apiext[i].kind) == 0)
				return apiext[i].role;
		return NULL;
	}
	if (group_is(group, "protection.crossplane.io"))
		return "usage";
	if (group_is(group, "ops.crossplane.io"))
		return "operation";
	if (group_is(group, "pkg.crossplane.io"))
		return "package";
	if (group_is(group, "meta.pkg.crossplane.io"))
		return "package-metadata";
	if (group_ends(group, ".fn.crossplane.io"))
		return "function-input";
	if (e && e->xr == MANIFEST_XR_COMPOSITE)
		return "composite";
	if (e && e->xr == MANIFEST_XR_CLAIM)
		return "claim";
	if ((is_provider_config_kind(kind) || strcmp(kind, "ClusterProviderConfig") == 0 ||
	     strcmp(kind, "ClusterProviderConfigUsage") == 0) &&
	    (group_ends(group, ".upbound.io") || group_ends(group, ".crossplane.io") ||
	     has_member(spec, "credentials")))
		return "provider-config";
	if (has_member(spec, "forProvider") || has_member(spec, "initProvider"))
		return "managed";
	if (value_get(spec, "crossplane")->kind == VALUE_OBJECT)
		return "composite"; /* v2: machinery under spec.crossplane */
	if (has_member(spec, "compositionRef") || has_member(spec, "compositionSelector") ||
	    has_member(spec, "compositionRevisionRef") ||
	    has_member(spec, "compositionUpdatePolicy") || has_member(spec, "claimRef") ||
	    has_member(spec, "resourceRefs") || has_member(spec, "resourceRef") ||
	    has_member(spec, "compositeDeletePolicy")) {
		/* v1 without its XRD: XR kinds are X-prefixed by convention */
		if (has_member(spec, "claimRef") || has_member(spec, "resourceRefs") ||
		    (kind[0] == 'X' && kind[1] >= 'A' && kind[1] <= 'Z'))
			return "composite";
		return "claim";
	}
	return NULL;
}

/* ---- secrets ---- */

enum copy_mode {
	COPY_PLAIN,
	COPY_SECRET_DATA,        /* members of a Secret's data/stringData */
	COPY_SECRET_METADATA,    /* a Secret's metadata */
	COPY_SECRET_ANNOTATIONS, /* a Secret's metadata.annotations */
};

static bool
is_secret_object(const struct value *obj)
{
	const char *kind = value_str(value_get(obj, "kind"));
	const struct value *api = value_get(obj, "apiVersion");

	return kind && strcmp(kind, "Secret") == 0 &&
	       (api->kind == VALUE_ABSENT || (value_str(api) && strcmp(value_str(api), "v1") == 0));
}

struct copy_ctx {
	struct value_builder *vb;
	bool masked;
	struct error *err;
};

static int
mask(struct copy_ctx *c, const struct value *in, struct value *out)
{
	struct value_builder *vb = c->vb;
	struct error *err = c->err;
	struct buf canon = BUF_INIT;
	struct value_secret *sec = arena_alloc(vb->arena, sizeof(*sec));

	if (!sec)
		return error_set(err, ERROR_NOMEM, "out of memory");
	value_to_json(&canon, in, false);
	if (buf_failed(&canon)) {
		buf_wipe(&canon);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	if (digest_session_mac(canon.data, canon.len, sec->mac) == 0)
		sec->flags |= VALUE_SECRET_HAS_MAC;
	buf_wipe(&canon);
	sec->inner_kind = in->kind;
	memset(out, 0, sizeof(*out));
	out->kind = VALUE_SENSITIVE;
	out->u.secret = sec;
	c->masked = true;
	return 0;
}

static int copy_value(struct copy_ctx *c, const struct value *in, struct value *out,
		      enum copy_mode mode);

static int
copy_object(struct copy_ctx *c, const struct value *in, struct value *out, enum copy_mode mode)
{
	struct value_builder *vb = c->vb;
	struct error *err = c->err;
	struct value_member *ms = in->len ? arena_alloc(vb->arena, in->len * sizeof(*ms)) : NULL;
	bool secret = is_secret_object(in);
	size_t i;

	if (in->len && !ms)
		return error_set(err, ERROR_NOMEM, "out of memory");
	for (i = 0; i < in->len; i++) {
		const struct value_member *m = &in->u.members[i];
		enum copy_mode cm = COPY_PLAIN;
		int rc;

		ms[i].key = value_intern_key(vb, m->key, m->key_len);
		ms[i].key_len = m->key_len;
		if (!ms[i].key)
			return error_set(err, ERROR_NOMEM, "out of memory");
		if (mode == COPY_SECRET_DATA ||
		    (mode == COPY_SECRET_ANNOTATIONS &&
		     strcmp(m->key, "kubectl.kubernetes.io/last-applied-configuration") == 0)) {
			rc = mask(c, &m->value, &ms[i].value);
		} else {
			if (secret && (strcmp(m->key, "data") == 0 ||
				       strcmp(m->key, "stringData") == 0))
				cm = COPY_SECRET_DATA;
			else if (secret && strcmp(m->key, "metadata") == 0)
				cm = COPY_SECRET_METADATA;
			else if (mode == COPY_SECRET_METADATA && strcmp(m->key, "annotations") == 0)
				cm = COPY_SECRET_ANNOTATIONS;
			if (cm == COPY_SECRET_DATA && m->value.kind != VALUE_OBJECT &&
			    m->value.kind != VALUE_NULL)
				rc = mask(c, &m->value, &ms[i].value);
			else
				rc = copy_value(c, &m->value, &ms[i].value, cm);
		}
		if (rc < 0)
			return -1;
	}
	*out = *in;
	out->u.members = ms;
	return 0;
}

static int
copy_value(struct copy_ctx *c, const struct value *in, struct value *out, enum copy_mode mode)
{
	struct value_builder *vb = c->vb;
	struct error *err = c->err;
	size_t i;

	switch (in->kind) {
	case VALUE_STRING:
	case VALUE_NUMBER:
		if (value_make_string(vb, in->u.str, in->len, out) < 0)
			return error_set(err, ERROR_NOMEM, "out of memory");
		out->kind = in->kind;
		return 0;
	case VALUE_ARRAY: {
		struct value *items =
			in->len ? arena_alloc(vb->arena, in->len * sizeof(*items)) : NULL;

		if (in->len && !items)
			return error_set(err, ERROR_NOMEM, "out of memory");
		for (i = 0; i < in->len; i++)
			if (copy_value(c, &in->u.items[i], &items[i], COPY_PLAIN) < 0)
				return -1;
		*out = *in;
		out->u.items = items;
		return 0;
	}
	case VALUE_OBJECT:
		return copy_object(c, in, out, mode);
	case VALUE_SENSITIVE: {
		struct value_secret *sec = arena_alloc(vb->arena, sizeof(*sec));

		if (!sec)
			return error_set(err, ERROR_NOMEM, "out of memory");
		*sec = *in->u.secret;
		*out = *in;
		out->u.secret = sec;
		return 0;
	}
	default:
		*out = *in;
		return 0;
	}
}

int
manifest_copy_masked(struct value_builder *vb, const struct value *in, struct value *out,
		     bool *masked, struct error *err)
{
	struct copy_ctx c = { vb, false, err };
	int rc = copy_value(&c, in, out, COPY_PLAIN);

	if (masked)
		*masked = c.masked;
	return rc;
}

/* ---- what is not a cluster object ---- */

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

bool
manifest_has_template(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *o = memchr(p, '{', (size_t)(end - p));

		if (!o || o + 1 >= end)
			return false;
		if (o[1] == '{') {
			const char *c = o + 2;

			for (; c + 1 < end && *c != '\n'; c++)
				if (c[0] == '}' && c[1] == '}')
					return true;
		}
		p = o + 1;
	}
	return false;
}

static bool
in_templates_dir(const char *path)
{
	return strncmp(path, "templates/", 10) == 0 || strstr(path, "/templates/") != NULL;
}

const char *
manifest_skip_file(const char *path, const char *text, size_t len)
{
	const char *base = base_name(path);

	if (strcmp(base, "kustomization.yaml") == 0 || strcmp(base, "kustomization.yml") == 0 ||
	    strcmp(base, "Kustomization") == 0)
		return "kustomize build file, not a cluster object";
	if (strcmp(base, "Chart.yaml") == 0 || strcmp(base, "Chart.lock") == 0 ||
	    strcmp(base, "requirements.yaml") == 0)
		return "Helm chart metadata, not a cluster object";
	if (in_templates_dir(path) && manifest_has_template(text, len))
		return "Helm chart template ({{ }} actions): render it with `helm template` first";
	return NULL;
}

/* X(group, tool) - configuration files of build and test tools that look
 * like objects but are never applied to a cluster. */
#define MANIFEST_TOOL_GROUPS(X)                        \
	X("kustomize.config.k8s.io", "kustomize")      \
	X("kuttl.dev", "kuttl")                        \
	X("chainsaw.kyverno.io", "chainsaw")           \
	X("kpt.dev", "kpt")                            \
	X("fn.kpt.dev", "kpt")                         \
	X("config.kubernetes.io", "kpt/kustomize functions") \
	X("kind.x-k8s.io", "kind")                     \
	X("skaffold", "skaffold")                      \
	X("ctlptl.dev", "ctlptl")

static const struct tool_group {
	const char *group, *tool;
} tool_groups[] = {
#define X(group, tool) { group, tool },
	MANIFEST_TOOL_GROUPS(X)
#undef X
};

const char *
manifest_skip_object(const struct value *obj)
{
	const struct value *kind = value_get(obj, "kind"), *api = value_get(obj, "apiVersion");
	const struct value *md = value_get(obj, "metadata");
	const struct value *name = value_get(md, "name"), *gen = value_get(md, "generateName");
	const struct value *ns = value_get(md, "namespace");
	size_t gl, i;

	if (obj->kind != VALUE_OBJECT)
		return "not a mapping: not a Kubernetes object";
	if (kind->kind == VALUE_ABSENT)
		return "no 'kind': not a Kubernetes object";
	if (kind->kind != VALUE_STRING || !kind->len)
		return "'kind' is not a non-empty string";
	if (api->kind == VALUE_ABSENT)
		return "no 'apiVersion': not a Kubernetes object";
	if (api->kind != VALUE_STRING || !api->len)
		return "'apiVersion' is not a non-empty string";
	gl = manifest_group_len(api->u.str);
	for (i = 0; i < sizeof(tool_groups) / sizeof(tool_groups[0]); i++)
		if (strlen(tool_groups[i].group) == gl &&
		    memcmp(tool_groups[i].group, api->u.str, gl) == 0) {
			if (strcmp(tool_groups[i].tool, "kustomize") == 0)
				return "kustomize build file, not a cluster object";
			return "build or test tool configuration, not a cluster object";
		}
	if (md->kind != VALUE_OBJECT)
		return "no 'metadata' mapping";
	if (name->kind == VALUE_ABSENT && gen->kind == VALUE_ABSENT)
		return "no metadata.name";
	if ((name->kind != VALUE_ABSENT && (name->kind != VALUE_STRING || !name->len)) ||
	    (name->kind == VALUE_ABSENT && (gen->kind != VALUE_STRING || !gen->len)))
		return "metadata.name is not a non-empty string";
	if (ns->kind != VALUE_ABSENT && ns->kind != VALUE_NULL && ns->kind != VALUE_STRING)
		return "metadata.namespace is not a string";
	if (memchr(name->kind == VALUE_STRING ? name->u.str : gen->u.str, '\0',
		   name->kind == VALUE_STRING ? name->len : gen->len) ||
	    memchr(kind->u.str, '\0', kind->len) || memchr(api->u.str, '\0', api->len) ||
	    (ns->kind == VALUE_STRING && memchr(ns->u.str, '\0', ns->len)))
		return "a name contains a NUL character";
	return NULL;
}

bool
manifest_is_json_patch(const struct value *doc)
{
	size_t i;

	if (doc->kind != VALUE_ARRAY || !doc->len)
		return false;
	for (i = 0; i < doc->len; i++)
		if (!value_str(value_get(&doc->u.items[i], "op")) ||
		    !value_str(value_get(&doc->u.items[i], "path")))
			return false;
	return true;
}

const struct value *
manifest_list_items(const struct value *doc)
{
	const char *kind = value_str(value_get(doc, "kind"));
	const struct value *items = value_get(doc, "items");

	if (!kind || !str_has_suffix(kind, "List") || items->kind != VALUE_ARRAY)
		return NULL;
	if (value_get(value_get(doc, "metadata"), "name")->kind != VALUE_ABSENT)
		return NULL; /* an object whose kind happens to end in "List" */
	return items;
}

/* ---- kustomize ---- */

static void
add_path(struct buf *out, const struct value *v)
{
	const char *s = value_str(v);

	/* inline patches hold YAML, not a file name */
	if (!s || !*s || strchr(s, '\n') || memchr(s, '\0', v->len))
		return;
	buf_add(out, s, v->len);
	buf_addch(out, '\0');
}

void
manifest_kustomize_patches(const struct value *k, struct buf *out)
{
	const struct value *p;
	size_t i;

	p = value_get(k, "patches");
	for (i = 0; p->kind == VALUE_ARRAY && i < p->len; i++)
		add_path(out, value_get(&p->u.items[i], "path"));
	p = value_get(k, "patchesJson6902");
	for (i = 0; p->kind == VALUE_ARRAY && i < p->len; i++)
		add_path(out, value_get(&p->u.items[i], "path"));
	p = value_get(k, "patchesStrategicMerge");
	for (i = 0; p->kind == VALUE_ARRAY && i < p->len; i++)
		add_path(out, &p->u.items[i]);
}

void
manifest_path_join(struct buf *out, const char *dir, const char *rel)
{
	size_t start = out->len;
	int pass;

	if (rel[0] == '/')
		return; /* absolute: kustomize refuses them */
	for (pass = 0; pass < 2; pass++) {
		const char *p = pass ? rel : dir;

		while (*p) {
			const char *e = strchr(p, '/');
			size_t n = e ? (size_t)(e - p) : strlen(p);

			if (n == 0 || (n == 1 && p[0] == '.')) {
				/* nothing */
			} else if (n == 2 && p[0] == '.' && p[1] == '.') {
				size_t l = out->len;

				if (l == start) {
					buf_truncate(out, start);
					return;
				}
				while (l > start && out->data[l - 1] != '/')
					l--;
				buf_truncate(out, l > start ? l - 1 : start);
			} else {
				if (out->len > start)
					buf_addch(out, '/');
				buf_add(out, p, n);
			}
			p += n;
			if (*p == '/')
				p++;
		}
	}
}

/* ---- comparing without identity ---- */

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
	return h;
}

static bool
is_identity_key(const struct value_member *m)
{
	return strcmp(m->key, "name") == 0 || strcmp(m->key, "namespace") == 0 ||
	       strcmp(m->key, "generateName") == 0;
}

static uint64_t
hash_value(const struct value *v, int skip_depth)
{
	uint64_t h = mix(0, v->kind);
	size_t i;

	switch (v->kind) {
	case VALUE_BOOL:
		return mix(h, v->u.b);
	case VALUE_NUMBER:
	case VALUE_STRING:
		return mix(h, mem_hash(v->u.str, v->len));
	case VALUE_ARRAY:
		for (i = 0; i < v->len; i++)
			h = mix(h, hash_value(&v->u.items[i], -1));
		return h;
	case VALUE_OBJECT:
		for (i = 0; i < v->len; i++) {
			const struct value_member *m = &v->u.members[i];

			if (skip_depth == 1 && is_identity_key(m))
				continue;
			h = mix(h, mem_hash(m->key, m->key_len));
			/* below the top level's metadata, identity keys are skipped */
			h = mix(h, hash_value(&m->value, skip_depth == 0 &&
								 strcmp(m->key, "metadata") == 0
							 ? 1
							 : -1));
		}
		return h;
	case VALUE_SENSITIVE:
		if (v->u.secret->flags & VALUE_SECRET_HAS_MAC)
			return mix(h, mem_hash(v->u.secret->mac, sizeof(v->u.secret->mac)));
		return h;
	default:
		return h;
	}
}

uint64_t
manifest_hash_without_identity(const struct value *obj)
{
	return hash_value(obj, 0);
}

/* Members of two objects equal, skipping identity keys when `skip`. */
static bool
members_equal(const struct value *a, const struct value *b, int level)
{
	size_t i = 0, j = 0;

	if (a->kind != VALUE_OBJECT || b->kind != VALUE_OBJECT)
		return value_equal(a, b);
	for (;;) {
		while (level == 1 && i < a->len && is_identity_key(&a->u.members[i]))
			i++;
		while (level == 1 && j < b->len && is_identity_key(&b->u.members[j]))
			j++;
		if (i >= a->len || j >= b->len)
			return i >= a->len && j >= b->len;
		if (a->u.members[i].key_len != b->u.members[j].key_len ||
		    memcmp(a->u.members[i].key, b->u.members[j].key, a->u.members[i].key_len) != 0)
			return false;
		if (level == 0 && strcmp(a->u.members[i].key, "metadata") == 0) {
			if (!members_equal(&a->u.members[i].value, &b->u.members[j].value, 1))
				return false;
		} else if (!value_equal(&a->u.members[i].value, &b->u.members[j].value)) {
			return false;
		}
		i++;
		j++;
	}
}

bool
manifest_equal_without_identity(const struct value *a, const struct value *b)
{
	return members_equal(a, b, 0);
}
