/* graph_k8s.c - edges between Kubernetes and Crossplane objects.
 *
 * Each change holds the whole object (doc/model.md): type "GROUP/Kind"
 * or "Kind", group = namespace ("" when cluster-scoped), name.  Edges,
 * A -> B meaning "A is affected when B changes":
 *
 *   OWNER       object -> each metadata.ownerReferences[] owner;
 *   USES        pod template -> ConfigMap, Secret, PVC, ServiceAccount
 *               (volumes, projected sources, envFrom, env valueFrom,
 *               imagePullSecrets, serviceAccountName); Ingress -> TLS
 *               Secret; Composition -> function credentials Secret;
 *   SELECTOR    Service -> the workloads its spec.selector picks (it has
 *               no endpoints without them); workload -> NetworkPolicy and
 *               PodDisruptionBudget whose selectors pick its pods (they
 *               act on it), attribute on the policy;
 *   ROUTE       Ingress -> backend Services; Gateway API route ->
 *               parentRefs Gateways and backendRefs Services; Gateway ->
 *               GatewayClass;
 *   RBAC        RoleBinding/ClusterRoleBinding -> roleRef; ServiceAccount
 *               subject -> the binding (its permissions come from it);
 *   NAMESPACE   namespaced object -> its Namespace;
 *   DEFINITION  custom object -> its CRD; XR and claim -> their XRD;
 *               Composition -> the XRD of its compositeTypeRef;
 *   REF         managed resource -> what its spec.forProvider /
 *               spec.initProvider *Ref, *Refs and *Selector fields name
 *               (target kind inferred from the field name within the
 *               provider's API family; weak when only the name matched),
 *               -> its ProviderConfig; connection Secret -> the object
 *               writing it (writeConnectionSecretToRef);
 *   COMPOSITION XR/claim -> its Composition (compositionRef, selector,
 *               the XRD's default, or the only one of its type; weak when
 *               several could be picked); claim -> its XR (resourceRef,
 *               or the XR's claimRef); composed resource -> its XR
 *               (resourceRefs); Composition -> the Compositions of the
 *               composite types it composes, and -> its Functions.
 *
 * Label selectors are matched through postings per (namespace, label),
 * so a selector costs the shortest posting list, not the namespace.
 */
#include <ctype.h>
#include <string.h>

#include "graph_build.h"

#define XRD_TYPE "apiextensions.crossplane.io/CompositeResourceDefinition"
#define COMPOSITION_TYPE "apiextensions.crossplane.io/Composition"
#define CRD_TYPE "apiextensions.k8s.io/CustomResourceDefinition"

/* X(type, path of the pod template object; "" = the object is a pod) */
#define K8S_WORKLOADS(X)                                                \
	X("Pod", "")                                                    \
	X("ReplicationController", "spec.template")                     \
	X("apps/Deployment", "spec.template")                           \
	X("apps/StatefulSet", "spec.template")                          \
	X("apps/DaemonSet", "spec.template")                            \
	X("apps/ReplicaSet", "spec.template")                           \
	X("batch/Job", "spec.template")                                 \
	X("batch/CronJob", "spec.jobTemplate.spec.template")

static const struct {
	const char *type, *template;
} workloads[] = {
#define X(type, tmpl) { type, tmpl },
	K8S_WORKLOADS(X)
#undef X
};

struct k8s_obj {
	uint32_t node;
	const char *type;          /* "apps/Deployment", "Service" */
	const char *kind;          /* after the last '/' */
	size_t group_len;          /* type[0..group_len) is the API group */
	const char *ns;            /* "" when cluster-scoped */
	const char *name;
	const struct value *obj;
	const struct value *labels;     /* metadata.labels */
	const struct value *pod_labels; /* pod template labels (workloads) */
	const struct value *pod_spec;
	const char *pod_spec_path;
	uint32_t xrd;              /* XRD defining its type, or GRAPH_NONE */
	bool is_claim;
};

struct posting {
	uint32_t head;             /* entry index */
	uint32_t count;
};

struct k8s {
	struct graph *g;
	struct k8s_obj *o;
	size_t n;
	struct graph_smap ident;   /* type \0 ns \0 name -> obj */
	struct graph_smap byname;  /* name \0 ns -> first obj; next_name[] */
	uint32_t *next_name;
	struct graph_smap bykind;  /* lower(kind) -> first obj; next_kind[] */
	uint32_t *next_kind;
	const char **kinds;        /* the distinct lower(kind) keys */
	size_t nkinds, ckinds;
	struct graph_smap bytype;  /* XR/claim type -> XRD obj * 2 + is_claim */
	struct graph_smap comps;   /* composite type -> first Composition; next_comp[] */
	uint32_t *next_comp;
	/* pod label postings: ns \0 key \0 value -> postings[] */
	struct graph_smap pod_post;
	struct posting *postings;
	size_t npostings, cpostings;
	uint32_t *entry_obj, *entry_next;
	size_t nentries, centries;
	struct graph_smap ns_pods; /* ns -> first workload; next_pod[] */
	uint32_t *next_pod;
	struct buf key, path;
	struct graph_walker walker;
};

struct k8s_walk {
	struct k8s *k;
	uint32_t i;
};

static int
oom(struct error *err)
{
	return error_set(err, ERROR_NOMEM, "out of memory");
}

static const struct value *
get_path(const struct value *v, const char *dotted)
{
	const char *p = dotted;

	while (*p && v->kind == VALUE_OBJECT) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);

		v = value_getn(v, p, len);
		p += len;
		if (*p == '.')
			p++;
	}
	return *p ? &value_absent : v;
}

static const char *
str_at(const struct value *v, const char *dotted)
{
	return value_str(get_path(v, dotted));
}

static void
key_reset(struct buf *b)
{
	buf_reset(b);
}

static void
key_part(struct buf *b, const char *s, size_t len)
{
	if (b->len)
		buf_addch(b, '\0');
	buf_add(b, s, len);
}

static void
key_str(struct buf *b, const char *s)
{
	key_part(b, s, strlen(s));
}

/* Interned copy of the key buffer (the maps borrow their keys). */
static const char *
key_intern(struct k8s *k)
{
	return graph_intern_buf(k->g, &k->key);
}

static uint32_t
map_get(const struct graph_smap *m, const struct buf *key)
{
	const uint32_t *v;

	if (buf_failed(key))
		return GRAPH_NONE;
	v = graph_smap_get(m, key->data, key->len);
	return v ? *v : GRAPH_NONE;
}

/* Links obj `i` at the head of the list under the key buffer. */
static int
list_push(struct k8s *k, struct graph_smap *m, uint32_t *next, uint32_t i)
{
	const char *kk = key_intern(k);
	uint32_t *slot;
	bool added;

	if (!kk)
		return -1;
	slot = graph_smap_slot(m, kk, k->key.len, i, &added);
	if (!slot)
		return -1;
	if (!added) {
		next[i] = *slot;
		*slot = i;
	}
	return 0;
}

static uint32_t
find(struct k8s *k, const char *type, const char *ns, const char *name)
{
	key_reset(&k->key);
	key_str(&k->key, type);
	key_str(&k->key, ns);
	key_str(&k->key, name);
	return map_get(&k->ident, &k->key);
}

/* The object, in `ns` or cluster-scoped. */
static uint32_t
find_ns_or_cluster(struct k8s *k, const char *type, const char *ns, const char *name)
{
	uint32_t r = find(k, type, ns, name);

	return r != GRAPH_NONE || !*ns ? r : find(k, type, "", name);
}

/* "GROUP/VERSION" or "VERSION" + kind -> "GROUP/Kind" or "Kind". */
static const char *
type_of(struct k8s *k, const char *api_version, const char *kind)
{
	const char *slash = api_version ? strrchr(api_version, '/') : NULL;
	struct buf b = BUF_INIT;
	const char *r;

	if (slash)
		buf_addf(&b, "%.*s/", (int)(slash - api_version), api_version);
	buf_addstr(&b, kind);
	r = graph_intern_buf(k->g, &b);
	buf_release(&b);
	return r;
}

static const char *
path_intern(struct k8s *k)
{
	return graph_intern_buf(k->g, &k->path);
}

static int
edge(struct k8s *k, uint32_t from, uint32_t to, enum graph_edge_kind kind, unsigned flags)
{
	const char *attr;

	if (from == GRAPH_NONE || to == GRAPH_NONE)
		return 0;
	attr = path_intern(k);
	if (!attr)
		return -1;
	return graph_add_edge(k->g, k->o[from].node, k->o[to].node, kind, flags, attr, NULL);
}

/* ---- indexing ---- */

static void
pod_template(struct k8s_obj *o)
{
	size_t i;

	for (i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++) {
		const struct value *t;

		if (strcmp(o->type, workloads[i].type) != 0)
			continue;
		t = *workloads[i].template ? get_path(o->obj, workloads[i].template) : o->obj;
		if (t->kind != VALUE_OBJECT)
			return;
		o->pod_labels = get_path(t, "metadata.labels");
		o->pod_spec = value_get(t, "spec");
		o->pod_spec_path = *workloads[i].template ? workloads[i].template : "";
		return;
	}
}

static int
add_kind(struct k8s *k, uint32_t i)
{
	const char *kind = k->o[i].kind;
	size_t j, len = strlen(kind);
	uint32_t before = (uint32_t)k->bykind.count;

	key_reset(&k->key);
	buf_grow(&k->key, len);
	for (j = 0; j < len; j++)
		buf_addch(&k->key, (char)tolower((unsigned char)kind[j]));
	if (list_push(k, &k->bykind, k->next_kind, i) < 0)
		return -1;
	if (k->bykind.count != before) {
		void *p = k->kinds;

		if (mem_grow_array(&p, &k->ckinds, k->nkinds + 1, sizeof(*k->kinds)) < 0)
			return -1;
		k->kinds = p;
		k->kinds[k->nkinds++] = key_intern(k);
	}
	return 0;
}

static int
add_postings(struct k8s *k, uint32_t i)
{
	const struct value *labels = k->o[i].pod_labels;
	size_t j;

	key_reset(&k->key);
	key_str(&k->key, k->o[i].ns);
	if (list_push(k, &k->ns_pods, k->next_pod, i) < 0)
		return -1;
	if (!labels || labels->kind != VALUE_OBJECT)
		return 0;
	for (j = 0; j < labels->len; j++) {
		const struct value_member *m = &labels->u.members[j];
		const char *kk;
		uint32_t *slot;
		bool added;
		void *p;

		if (m->value.kind != VALUE_STRING)
			continue;
		key_reset(&k->key);
		key_str(&k->key, k->o[i].ns);
		key_part(&k->key, m->key, m->key_len);
		key_part(&k->key, m->value.u.str, m->value.len);
		kk = key_intern(k);
		if (!kk)
			return -1;
		slot = graph_smap_slot(&k->pod_post, kk, k->key.len, (uint32_t)k->npostings, &added);
		if (!slot)
			return -1;
		if (added) {
			p = k->postings;
			if (mem_grow_array(&p, &k->cpostings, k->npostings + 1,
					   sizeof(*k->postings)) < 0)
				return -1;
			k->postings = p;
			k->postings[k->npostings].head = GRAPH_NONE;
			k->postings[k->npostings++].count = 0;
		}
		{
			size_t c1 = k->centries;

			p = k->entry_obj;
			if (mem_grow_array(&p, &c1, k->nentries + 1, sizeof(*k->entry_obj)) < 0)
				return -1;
			k->entry_obj = p;
			p = k->entry_next;
			if (mem_grow_array(&p, &k->centries, k->nentries + 1,
					   sizeof(*k->entry_next)) < 0)
				return -1;
			k->entry_next = p;
		}
		k->entry_obj[k->nentries] = i;
		k->entry_next[k->nentries] = k->postings[*slot].head;
		k->postings[*slot].head = (uint32_t)k->nentries++;
		k->postings[*slot].count++;
	}
	return 0;
}

static int
index_xrd(struct k8s *k, uint32_t i)
{
	const struct value *spec = value_get(k->o[i].obj, "spec");
	const char *group = str_at(spec, "group");
	const char *kinds[2];
	int j;

	kinds[0] = str_at(spec, "names.kind");
	kinds[1] = str_at(spec, "claimNames.kind");
	if (!group)
		return 0;
	for (j = 0; j < 2; j++) {
		const char *kk;
		bool added;
		uint32_t *slot;

		if (!kinds[j])
			continue;
		key_reset(&k->key);
		buf_addf(&k->key, "%s/%s", group, kinds[j]);
		kk = key_intern(k);
		if (!kk)
			return -1;
		slot = graph_smap_slot(&k->bytype, kk, k->key.len, i * 2 + (uint32_t)j, &added);
		if (!slot)
			return -1;
	}
	return 0;
}

static int
index_composition(struct k8s *k, uint32_t i)
{
	const struct value *ref = get_path(k->o[i].obj, "spec.compositeTypeRef");
	const char *api = str_at(ref, "apiVersion"), *kind = str_at(ref, "kind");
	const char *type;

	if (!api || !kind)
		return 0;
	type = type_of(k, api, kind);
	if (!type)
		return -1;
	key_reset(&k->key);
	buf_addstr(&k->key, type);
	return list_push(k, &k->comps, k->next_comp, i);
}

static int
index_all(struct k8s *k)
{
	size_t i;
	uint32_t j;

	k->o = mem_calloc(k->g->n ? k->g->n : 1, sizeof(*k->o));
	k->next_name = mem_alloc((k->g->n ? k->g->n : 1) * sizeof(uint32_t));
	k->next_kind = mem_alloc((k->g->n ? k->g->n : 1) * sizeof(uint32_t));
	k->next_comp = mem_alloc((k->g->n ? k->g->n : 1) * sizeof(uint32_t));
	k->next_pod = mem_alloc((k->g->n ? k->g->n : 1) * sizeof(uint32_t));
	if (!k->o || !k->next_name || !k->next_kind || !k->next_comp || !k->next_pod)
		return -1;
	for (i = 0; i < k->g->n; i++) {
		const struct plan_change *c = plan_change_at(k->g->plan, i);
		const struct value *obj = graph_change_object(c);
		struct k8s_obj *o;
		const char *slash;

		if (k->g->primary[i] != i || obj->kind != VALUE_OBJECT || !*c->type || !*c->name)
			continue;
		o = &k->o[k->n];
		o->node = (uint32_t)i;
		o->type = c->type;
		slash = strrchr(c->type, '/');
		o->kind = slash ? slash + 1 : c->type;
		o->group_len = slash ? (size_t)(slash - c->type) : 0;
		o->ns = c->group ? c->group : "";
		o->name = c->name;
		o->obj = obj;
		o->labels = get_path(obj, "metadata.labels");
		o->xrd = GRAPH_NONE;
		pod_template(o);
		k->next_name[k->n] = k->next_kind[k->n] = k->next_comp[k->n] = GRAPH_NONE;
		k->next_pod[k->n] = GRAPH_NONE;
		k->n++;
	}
	for (j = 0; j < k->n; j++) {
		struct k8s_obj *o = &k->o[j];
		uint32_t *slot;
		const char *kk;

		key_reset(&k->key);
		key_str(&k->key, o->type);
		key_str(&k->key, o->ns);
		key_str(&k->key, o->name);
		kk = key_intern(k);
		if (!kk || !(slot = graph_smap_slot(&k->ident, kk, k->key.len, j, NULL)))
			return -1;
		key_reset(&k->key);
		key_str(&k->key, o->name);
		key_str(&k->key, o->ns);
		if (list_push(k, &k->byname, k->next_name, j) < 0 || add_kind(k, j) < 0)
			return -1;
		if (o->pod_spec && add_postings(k, j) < 0)
			return -1;
		if (strcmp(o->type, XRD_TYPE) == 0 && index_xrd(k, j) < 0)
			return -1;
		if (strcmp(o->type, COMPOSITION_TYPE) == 0 && index_composition(k, j) < 0)
			return -1;
	}
	for (j = 0; j < k->n; j++) {
		uint32_t v;

		key_reset(&k->key);
		buf_addstr(&k->key, k->o[j].type);
		v = map_get(&k->bytype, &k->key);
		if (v != GRAPH_NONE) {
			k->o[j].xrd = v / 2;
			k->o[j].is_claim = v & 1;
		}
	}
	return buf_failed(&k->key) ? -1 : 0;
}

/* ---- label selectors ---- */

static bool
in_values(const struct value *values, const struct value *label)
{
	size_t i;

	if (label->kind != VALUE_STRING || values->kind != VALUE_ARRAY)
		return false;
	for (i = 0; i < values->len; i++)
		if (values->u.items[i].kind == VALUE_STRING &&
		    values->u.items[i].len == label->len &&
		    memcmp(values->u.items[i].u.str, label->u.str, label->len) == 0)
			return true;
	return false;
}

/* Kubernetes LabelSelector semantics; `plain` for a Service's map. */
static bool
selector_matches(const struct value *sel, bool plain, const struct value *labels)
{
	const struct value *ml = plain ? sel : value_get(sel, "matchLabels");
	const struct value *me = plain ? &value_absent : value_get(sel, "matchExpressions");
	size_t i;

	if (ml->kind == VALUE_OBJECT)
		for (i = 0; i < ml->len; i++) {
			const struct value_member *m = &ml->u.members[i];
			const struct value *l = value_getn(labels, m->key, m->key_len);

			if (m->value.kind != VALUE_STRING || l->kind != VALUE_STRING ||
			    l->len != m->value.len || memcmp(l->u.str, m->value.u.str, l->len) != 0)
				return false;
		}
	if (me->kind == VALUE_ARRAY)
		for (i = 0; i < me->len; i++) {
			const struct value *ex = &me->u.items[i];
			const char *key = str_at(ex, "key"), *op = str_at(ex, "operator");
			const struct value *l;

			if (!key || !op)
				return false;
			l = value_get(labels, key);
			if (strcmp(op, "In") == 0) {
				if (!in_values(value_get(ex, "values"), l))
					return false;
			} else if (strcmp(op, "NotIn") == 0) {
				if (in_values(value_get(ex, "values"), l))
					return false;
			} else if (strcmp(op, "Exists") == 0) {
				if (l->kind == VALUE_ABSENT)
					return false;
			} else if (strcmp(op, "DoesNotExist") == 0) {
				if (l->kind != VALUE_ABSENT)
					return false;
			} else {
				return false;
			}
		}
	return true;
}

/* Calls edge() for every workload in ns whose pod labels the selector
 * picks: policy -> workload, or workload -> policy when `reverse`. */
static int
select_pods(struct k8s *k, uint32_t holder, const struct value *sel, bool plain, bool reverse)
{
	const struct value *ml = plain ? sel : value_get(sel, "matchLabels");
	const char *ns = k->o[holder].ns;
	uint32_t best = GRAPH_NONE, x;
	size_t i;

	if (sel->kind != VALUE_OBJECT)
		return 0;
	if (plain && sel->len == 0)
		return 0; /* a Service without a selector selects nothing */
	if (ml->kind == VALUE_OBJECT && ml->len) {
		/* the rarest label of the selector */
		for (i = 0; i < ml->len; i++) {
			const struct value_member *m = &ml->u.members[i];
			uint32_t p;

			if (m->value.kind != VALUE_STRING)
				return 0;
			key_reset(&k->key);
			key_str(&k->key, ns);
			key_part(&k->key, m->key, m->key_len);
			key_part(&k->key, m->value.u.str, m->value.len);
			p = map_get(&k->pod_post, &k->key);
			if (p == GRAPH_NONE)
				return 0;
			if (best == GRAPH_NONE || k->postings[p].count < k->postings[best].count)
				best = p;
		}
		for (x = k->postings[best].head; x != GRAPH_NONE; x = k->entry_next[x]) {
			uint32_t w = k->entry_obj[x];

			if (graph_is_full(k->g))
				return 0;
			if (selector_matches(sel, plain, k->o[w].pod_labels) &&
			    edge(k, reverse ? w : holder, reverse ? holder : w, GRAPH_EDGE_SELECTOR,
				 reverse ? GRAPH_EDGE_ATTR_ON_TARGET : 0) < 0)
				return -1;
		}
		return 0;
	}
	key_reset(&k->key);
	key_str(&k->key, ns);
	for (x = map_get(&k->ns_pods, &k->key); x != GRAPH_NONE && !graph_is_full(k->g);
	     x = k->next_pod[x])
		if (selector_matches(sel, plain, k->o[x].pod_labels) &&
		    edge(k, reverse ? x : holder, reverse ? holder : x, GRAPH_EDGE_SELECTOR,
			 reverse ? GRAPH_EDGE_ATTR_ON_TARGET : 0) < 0)
			return -1;
	return 0;
}

/* ---- links by name ---- */

/* Adds from -> (type, ns or cluster, name) with the path buffer as the
 * attribute, then cuts the path back to `restore`. */
static int
link(struct k8s *k, uint32_t from, const char *type, const char *ns, const char *name,
     enum graph_edge_kind kind, unsigned flags, size_t restore)
{
	int rc = 0;

	if (type && name && *name)
		rc = edge(k, from, find_ns_or_cluster(k, type, ns, name), kind, flags);
	buf_truncate(&k->path, restore);
	return rc;
}

/* Same, the target in from's namespace. */
static int
use(struct k8s *k, uint32_t from, const char *type, const char *name,
    enum graph_edge_kind kind, size_t restore)
{
	return link(k, from, type, k->o[from].ns, name, kind, 0, restore);
}

static void
path_set(struct k8s *k, const char *base, const char *sub)
{
	buf_reset(&k->path);
	buf_addstr(&k->path, base);
	if (*base && *sub)
		buf_addch(&k->path, '.');
	buf_addstr(&k->path, sub);
}

/* ---- pod templates ---- */

static int
container_refs(struct k8s *k, uint32_t i, const struct value *cs, size_t base)
{
	size_t a, b;

	for (a = 0; cs->kind == VALUE_ARRAY && a < cs->len; a++) {
		const struct value *c = &cs->u.items[a];
		const struct value *ef = value_get(c, "envFrom"), *env = value_get(c, "env");
		size_t here;

		buf_truncate(&k->path, base);
		buf_addf(&k->path, "[%zu]", a);
		here = k->path.len;
		for (b = 0; ef->kind == VALUE_ARRAY && b < ef->len; b++) {
			buf_addf(&k->path, ".envFrom[%zu].configMapRef.name", b);
			if (use(k, i, "ConfigMap", str_at(&ef->u.items[b], "configMapRef.name"),
				GRAPH_EDGE_USES, here) < 0)
				return -1;
			buf_addf(&k->path, ".envFrom[%zu].secretRef.name", b);
			if (use(k, i, "Secret", str_at(&ef->u.items[b], "secretRef.name"),
				GRAPH_EDGE_USES, here) < 0)
				return -1;
		}
		for (b = 0; env->kind == VALUE_ARRAY && b < env->len; b++) {
			const struct value *vf = value_get(&env->u.items[b], "valueFrom");

			buf_addf(&k->path, ".env[%zu].valueFrom.configMapKeyRef.name", b);
			if (use(k, i, "ConfigMap", str_at(vf, "configMapKeyRef.name"),
				GRAPH_EDGE_USES, here) < 0)
				return -1;
			buf_addf(&k->path, ".env[%zu].valueFrom.secretKeyRef.name", b);
			if (use(k, i, "Secret", str_at(vf, "secretKeyRef.name"), GRAPH_EDGE_USES,
				here) < 0)
				return -1;
		}
	}
	buf_truncate(&k->path, base);
	return 0;
}

static int
pod_refs(struct k8s *k, uint32_t i)
{
	const struct k8s_obj *o = &k->o[i];
	const struct value *spec = o->pod_spec, *vols, *ips;
	static const char *const lists[] = { "containers", "initContainers",
					     "ephemeralContainers" };
	size_t a, b, base;
	const char *sa;

	if (!spec || spec->kind != VALUE_OBJECT)
		return 0;
	path_set(k, o->pod_spec_path, "spec");
	base = k->path.len;
	vols = value_get(spec, "volumes");
	for (a = 0; vols->kind == VALUE_ARRAY && a < vols->len; a++) {
		const struct value *v = &vols->u.items[a], *srcs;

		buf_addf(&k->path, ".volumes[%zu].configMap.name", a);
		if (use(k, i, "ConfigMap", str_at(v, "configMap.name"), GRAPH_EDGE_USES, base) < 0)
			return -1;
		buf_addf(&k->path, ".volumes[%zu].secret.secretName", a);
		if (use(k, i, "Secret", str_at(v, "secret.secretName"), GRAPH_EDGE_USES, base) < 0)
			return -1;
		buf_addf(&k->path, ".volumes[%zu].persistentVolumeClaim.claimName", a);
		if (use(k, i, "PersistentVolumeClaim", str_at(v, "persistentVolumeClaim.claimName"),
			GRAPH_EDGE_USES, base) < 0)
			return -1;
		srcs = get_path(v, "projected.sources");
		for (b = 0; srcs->kind == VALUE_ARRAY && b < srcs->len; b++) {
			buf_addf(&k->path, ".volumes[%zu].projected.sources[%zu].configMap.name", a, b);
			if (use(k, i, "ConfigMap", str_at(&srcs->u.items[b], "configMap.name"),
				GRAPH_EDGE_USES, base) < 0)
				return -1;
			buf_addf(&k->path, ".volumes[%zu].projected.sources[%zu].secret.name", a, b);
			if (use(k, i, "Secret", str_at(&srcs->u.items[b], "secret.name"),
				GRAPH_EDGE_USES, base) < 0)
				return -1;
		}
	}
	for (a = 0; a < sizeof(lists) / sizeof(lists[0]); a++) {
		buf_addf(&k->path, ".%s", lists[a]);
		if (container_refs(k, i, value_get(spec, lists[a]), k->path.len) < 0)
			return -1;
		buf_truncate(&k->path, base);
	}
	ips = value_get(spec, "imagePullSecrets");
	for (a = 0; ips->kind == VALUE_ARRAY && a < ips->len; a++) {
		buf_addf(&k->path, ".imagePullSecrets[%zu].name", a);
		if (use(k, i, "Secret", str_at(&ips->u.items[a], "name"), GRAPH_EDGE_USES, base) < 0)
			return -1;
	}
	sa = str_at(spec, "serviceAccountName");
	buf_addstr(&k->path, sa ? ".serviceAccountName" : ".serviceAccount");
	return use(k, i, "ServiceAccount", sa ? sa : str_at(spec, "serviceAccount"),
		   GRAPH_EDGE_USES, base);
}

/* ---- routes ---- */

static int
ingress(struct k8s *k, uint32_t i)
{
	const struct value *spec = value_get(k->o[i].obj, "spec"), *rules, *tls;
	const char *svc;
	size_t a, b;

	svc = str_at(spec, "defaultBackend.service.name");
	path_set(k, "spec", svc ? "defaultBackend.service.name" : "backend.serviceName");
	if (use(k, i, "Service", svc ? svc : str_at(spec, "backend.serviceName"),
		GRAPH_EDGE_ROUTE, 0) < 0)
		return -1;
	rules = value_get(spec, "rules");
	for (a = 0; rules->kind == VALUE_ARRAY && a < rules->len; a++) {
		const struct value *paths = get_path(&rules->u.items[a], "http.paths");

		for (b = 0; paths->kind == VALUE_ARRAY && b < paths->len; b++) {
			const struct value *be = value_get(&paths->u.items[b], "backend");

			svc = str_at(be, "service.name");
			buf_addf(&k->path, "spec.rules[%zu].http.paths[%zu].backend.%s", a, b,
				 svc ? "service.name" : "serviceName");
			if (use(k, i, "Service", svc ? svc : str_at(be, "serviceName"),
				GRAPH_EDGE_ROUTE, 0) < 0)
				return -1;
		}
	}
	tls = value_get(spec, "tls");
	for (a = 0; tls->kind == VALUE_ARRAY && a < tls->len; a++) {
		buf_addf(&k->path, "spec.tls[%zu].secretName", a);
		if (use(k, i, "Secret", str_at(&tls->u.items[a], "secretName"), GRAPH_EDGE_USES,
			0) < 0)
			return -1;
	}
	return 0;
}

/* A Gateway API object reference {group, kind, namespace, name} with the
 * given defaults. */
static int
gateway_ref(struct k8s *k, uint32_t i, const struct value *ref, const char *dgroup,
	    const char *dkind, enum graph_edge_kind kind)
{
	const char *group = str_at(ref, "group"), *knd = str_at(ref, "kind");
	const char *ns = str_at(ref, "namespace"), *type;
	struct buf t = BUF_INIT;
	int rc;

	if (!group)
		group = dgroup;
	if (!knd)
		knd = dkind;
	if (*group)
		buf_addf(&t, "%s/", group);
	buf_addstr(&t, knd);
	type = graph_intern_buf(k->g, &t);
	buf_release(&t);
	if (!type)
		return -1;
	rc = link(k, i, type, ns ? ns : k->o[i].ns, str_at(ref, "name"), kind, 0, 0);
	return rc;
}

static int
gateway_route(struct k8s *k, uint32_t i)
{
	const struct value *spec = value_get(k->o[i].obj, "spec");
	const struct value *parents = value_get(spec, "parentRefs"), *rules = value_get(spec, "rules");
	size_t a, b;

	for (a = 0; parents->kind == VALUE_ARRAY && a < parents->len; a++) {
		buf_addf(&k->path, "spec.parentRefs[%zu]", a);
		if (gateway_ref(k, i, &parents->u.items[a], "gateway.networking.k8s.io", "Gateway",
				GRAPH_EDGE_ROUTE) < 0)
			return -1;
	}
	for (a = 0; rules->kind == VALUE_ARRAY && a < rules->len; a++) {
		const struct value *be = value_get(&rules->u.items[a], "backendRefs");

		for (b = 0; be->kind == VALUE_ARRAY && b < be->len; b++) {
			buf_addf(&k->path, "spec.rules[%zu].backendRefs[%zu]", a, b);
			if (gateway_ref(k, i, &be->u.items[b], "", "Service", GRAPH_EDGE_ROUTE) < 0)
				return -1;
		}
	}
	return 0;
}

static int
gateway(struct k8s *k, uint32_t i)
{
	const struct value *spec = value_get(k->o[i].obj, "spec");
	const struct value *ls = value_get(spec, "listeners");
	size_t a, b;

	buf_addstr(&k->path, "spec.gatewayClassName");
	if (link(k, i, "gateway.networking.k8s.io/GatewayClass", "",
		 str_at(spec, "gatewayClassName"), GRAPH_EDGE_ROUTE, 0, 0) < 0)
		return -1;
	for (a = 0; ls->kind == VALUE_ARRAY && a < ls->len; a++) {
		const struct value *certs = get_path(&ls->u.items[a], "tls.certificateRefs");

		for (b = 0; certs->kind == VALUE_ARRAY && b < certs->len; b++) {
			buf_addf(&k->path, "spec.listeners[%zu].tls.certificateRefs[%zu]", a, b);
			if (gateway_ref(k, i, &certs->u.items[b], "", "Secret", GRAPH_EDGE_USES) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- RBAC, ownership, namespaces, definitions ---- */

static int
binding(struct k8s *k, uint32_t i)
{
	const struct value *obj = k->o[i].obj, *subjects = value_get(obj, "subjects");
	const char *role_kind = str_at(obj, "roleRef.kind"), *type = NULL;
	size_t a;

	if (role_kind && (strcmp(role_kind, "Role") == 0 || strcmp(role_kind, "ClusterRole") == 0))
		type = strcmp(role_kind, "Role") == 0 ? "rbac.authorization.k8s.io/Role"
						       : "rbac.authorization.k8s.io/ClusterRole";
	buf_addstr(&k->path, "roleRef");
	if (link(k, i, type, type && role_kind[0] == 'R' ? k->o[i].ns : "",
		 str_at(obj, "roleRef.name"), GRAPH_EDGE_RBAC, 0, 0) < 0)
		return -1;
	for (a = 0; subjects->kind == VALUE_ARRAY && a < subjects->len; a++) {
		const struct value *s = &subjects->u.items[a];
		const char *kind = str_at(s, "kind"), *ns = str_at(s, "namespace");
		const char *name = str_at(s, "name");
		uint32_t sa;

		if (!kind || strcmp(kind, "ServiceAccount") != 0 || !name)
			continue;
		sa = find(k, "ServiceAccount", ns ? ns : k->o[i].ns, name);
		buf_addf(&k->path, "subjects[%zu]", a);
		if (edge(k, sa, i, GRAPH_EDGE_RBAC, GRAPH_EDGE_ATTR_ON_TARGET) < 0)
			return -1;
		buf_reset(&k->path);
	}
	return 0;
}

static int
owners(struct k8s *k, uint32_t i)
{
	const struct value *refs = get_path(k->o[i].obj, "metadata.ownerReferences");
	size_t a;

	for (a = 0; refs->kind == VALUE_ARRAY && a < refs->len; a++) {
		const struct value *r = &refs->u.items[a];
		const char *api = str_at(r, "apiVersion"), *kind = str_at(r, "kind");
		const char *type;

		if (!kind)
			continue;
		type = type_of(k, api, kind);
		if (!type)
			return -1;
		buf_addf(&k->path, "metadata.ownerReferences[%zu]", a);
		if (link(k, i, type, k->o[i].ns, str_at(r, "name"), GRAPH_EDGE_OWNER, 0, 0) < 0)
			return -1;
	}
	return 0;
}

/* Every instance of group/kind -> the defining object. */
static int
instances_of(struct k8s *k, uint32_t def, const char *group, const char *kind,
	     const char *attr)
{
	const char *type;
	uint32_t x;
	size_t j, len;
	struct buf t = BUF_INIT;

	if (!group || !kind)
		return 0;
	buf_addf(&t, "%s/%s", group, kind);
	type = graph_intern_buf(k->g, &t);
	buf_release(&t);
	if (!type)
		return -1;
	len = strlen(kind);
	key_reset(&k->key);
	for (j = 0; j < len; j++)
		buf_addch(&k->key, (char)tolower((unsigned char)kind[j]));
	for (x = map_get(&k->bykind, &k->key); x != GRAPH_NONE; x = k->next_kind[x]) {
		if (strcmp(k->o[x].type, type) != 0)
			continue;
		buf_addstr(&k->path, attr);
		if (edge(k, x, def, GRAPH_EDGE_DEFINITION, GRAPH_EDGE_ATTR_ON_TARGET) < 0)
			return -1;
		buf_reset(&k->path);
	}
	return 0;
}

/* ---- Crossplane ---- */

/* The API family of a type: its group without the first label
 * ("ec2.aws.upbound.io/VPC" -> "aws.upbound.io"). */
static void
family(const struct k8s_obj *o, const char **f, size_t *len)
{
	const char *dot = memchr(o->type, '.', o->group_len);

	*f = dot ? dot + 1 : o->type;
	*len = dot ? o->group_len - (size_t)(dot + 1 - o->type) : o->group_len;
}

static bool
same_family(const struct k8s_obj *a, const struct k8s_obj *b)
{
	const char *fa, *fb;
	size_t la, lb;

	family(a, &fa, &la);
	family(b, &fb, &lb);
	return la == lb && memcmp(fa, fb, la) == 0;
}

/* Lower-case tails of a field stem, longest first: "executionRoleArn"
 * -> "executionrole", "role" (an Id/Arn/Name ending is dropped). */
static size_t
stem_tails(const char *key, size_t len, char tails[][64], size_t max)
{
	static const char *const ends[] = { "Ids", "Id", "IDs", "ID", "Arns", "Arn", "ARN",
					    "Names", "Name" };
	size_t i, n = 0, start;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t el = strlen(ends[i]);

		if (len > el && memcmp(key + len - el, ends[i], el) == 0) {
			len -= el;
			break;
		}
	}
	if (!len || len >= 64)
		return 0;
	for (start = 0; start < len && n < max; start++) {
		size_t j;

		if (start && !isupper((unsigned char)key[start]))
			continue;
		for (j = start; j < len; j++)
			tails[n][j - start] = (char)tolower((unsigned char)key[j]);
		tails[n][len - start] = '\0';
		if (len - start >= 2)
			n++;
	}
	return n;
}

static bool
kind_fits(const char *lower_kind, const char *tail)
{
	size_t a = strlen(lower_kind), b = strlen(tail);

	return a >= b && strcmp(lower_kind + a - b, tail) == 0 && (a == b || b >= 3);
}

static bool
kind_fits_obj(const struct k8s_obj *o, const char *tail)
{
	char lk[128];
	size_t j, len = strlen(o->kind);

	if (len >= sizeof(lk))
		return false;
	for (j = 0; j <= len; j++)
		lk[j] = (char)tolower((unsigned char)o->kind[j]);
	return kind_fits(lk, tail);
}

/* {name: X} under field `key` of managed resource i. */
static int
mr_ref(struct k8s *k, uint32_t i, const char *key, size_t klen, const char *name)
{
	char tails[8][64];
	size_t nt = stem_tails(key, klen, tails, 8), t;
	uint32_t x, only = GRAPH_NONE;
	size_t in_family = 0;

	if (!name || !*name)
		return 0;
	key_reset(&k->key);
	key_str(&k->key, name);
	key_str(&k->key, k->o[i].ns);
	for (t = 0; t < nt; t++) {
		bool hit = false;

		for (x = map_get(&k->byname, &k->key); x != GRAPH_NONE; x = k->next_name[x]) {
			if (x == i || !same_family(&k->o[x], &k->o[i]) ||
			    !kind_fits_obj(&k->o[x], tails[t]))
				continue;
			if (edge(k, i, x, GRAPH_EDGE_REF, 0) < 0)
				return -1;
			hit = true;
		}
		if (hit)
			return 0;
	}
	for (x = map_get(&k->byname, &k->key); x != GRAPH_NONE; x = k->next_name[x])
		if (x != i && same_family(&k->o[x], &k->o[i])) {
			only = x;
			in_family++;
		}
	return in_family == 1 ? edge(k, i, only, GRAPH_EDGE_REF, GRAPH_EDGE_WEAK) : 0;
}

static bool
labels_contain(const struct value *labels, const struct value *match)
{
	return selector_matches(match, true, labels);
}

/* {matchLabels} under field `key`: objects of the inferred kind in the
 * family (and namespace) carrying those labels. */
static int
mr_selector(struct k8s *k, uint32_t i, const char *key, size_t klen, const struct value *sel)
{
	const struct value *ml = value_get(sel, "matchLabels");
	char tails[8][64];
	size_t nt = stem_tails(key, klen, tails, 8), t, kk;

	if (ml->kind != VALUE_OBJECT || !ml->len)
		return 0;
	for (t = 0; t < nt; t++) {
		bool hit = false;

		for (kk = 0; kk < k->nkinds; kk++) {
			uint32_t x;

			if (!kind_fits(k->kinds[kk], tails[t]))
				continue;
			key_reset(&k->key);
			buf_addstr(&k->key, k->kinds[kk]);
			for (x = map_get(&k->bykind, &k->key); x != GRAPH_NONE; x = k->next_kind[x]) {
				if (x == i || strcmp(k->o[x].ns, k->o[i].ns) != 0 ||
				    !same_family(&k->o[x], &k->o[i]) ||
				    !labels_contain(k->o[x].labels, ml))
					continue;
				if (edge(k, i, x, GRAPH_EDGE_REF, 0) < 0)
					return -1;
				hit = true;
			}
		}
		if (hit)
			return 0;
	}
	return 0;
}

static bool
has_suffix(const char *key, size_t len, const char *suffix)
{
	size_t sl = strlen(suffix);

	return len > sl && memcmp(key + len - sl, suffix, sl) == 0;
}

/* A *Ref, *Refs or *Selector field under spec.forProvider/initProvider. */
static int
mr_step(void *vctx, const struct value *parent, size_t j, const struct value *child,
	struct buf *path)
{
	struct k8s_walk *w = vctx;
	struct k8s *k = w->k;
	const char *key;
	size_t klen, a, here;

	if (parent->kind != VALUE_OBJECT)
		return GRAPH_WALK_DESCEND;
	key = parent->u.members[j].key;
	klen = parent->u.members[j].key_len;
	if (has_suffix(key, klen, "Ref") && child->kind == VALUE_OBJECT) {
		graph_path_step(path, parent, j);
		return mr_ref(k, w->i, key, klen - 3, str_at(child, "name")) < 0 ? -1
										  : GRAPH_WALK_NEXT;
	}
	if (has_suffix(key, klen, "Refs") && child->kind == VALUE_ARRAY) {
		graph_path_step(path, parent, j);
		here = path->len;
		for (a = 0; a < child->len; a++) {
			buf_truncate(path, here);
			buf_addf(path, "[%zu]", a);
			if (mr_ref(k, w->i, key, klen - 4, str_at(&child->u.items[a], "name")) < 0)
				return -1;
		}
		return GRAPH_WALK_NEXT;
	}
	if (has_suffix(key, klen, "Selector") && child->kind == VALUE_OBJECT) {
		graph_path_step(path, parent, j);
		return mr_selector(k, w->i, key, klen - 8, child) < 0 ? -1 : GRAPH_WALK_NEXT;
	}
	return GRAPH_WALK_DESCEND;
}

/* Walks spec.forProvider and spec.initProvider for reference fields;
 * k->path spells the way down to the current field. */
static int
mr_refs(struct k8s *k, uint32_t i, const struct value *root, const char *base)
{
	struct k8s_walk w = { k, i };
	int rc;

	path_set(k, base, "");
	rc = graph_walk(&k->walker, root, &k->path, mr_step, &w);
	buf_reset(&k->path);
	return rc;
}

/* A ProviderConfig's group is the family of the resources it serves
 * (aws.upbound.io for ec2.aws.upbound.io). */
static bool
configures(const struct k8s_obj *pc, const struct k8s_obj *mr)
{
	const char *f;
	size_t len;

	family(mr, &f, &len);
	return pc->group_len == len && memcmp(pc->type, f, len) == 0;
}

static int
managed(struct k8s *k, uint32_t i)
{
	const struct value *spec = value_get(k->o[i].obj, "spec");
	const struct value *pcr = value_get(spec, "providerConfigRef");
	const char *name = str_at(pcr, "name"), *kind = str_at(pcr, "kind");
	uint32_t x;

	if (mr_refs(k, i, value_get(spec, "forProvider"), "spec.forProvider") < 0 ||
	    mr_refs(k, i, value_get(spec, "initProvider"), "spec.initProvider") < 0)
		return -1;
	buf_addstr(&k->path, name ? "spec.providerConfigRef" : "spec.providerConfigRef (default)");
	if (!kind)
		kind = "ProviderConfig";
	key_reset(&k->key);
	key_str(&k->key, name ? name : "default");
	key_str(&k->key, "");
	for (x = map_get(&k->byname, &k->key); x != GRAPH_NONE; x = k->next_name[x])
		if (strcmp(k->o[x].kind, kind) == 0 && configures(&k->o[x], &k->o[i]) &&
		    edge(k, i, x, GRAPH_EDGE_REF, 0) < 0)
			return -1;
	if (*k->o[i].ns) {
		/* Crossplane v2: a namespaced ProviderConfig */
		key_reset(&k->key);
		key_str(&k->key, name ? name : "default");
		key_str(&k->key, k->o[i].ns);
		for (x = map_get(&k->byname, &k->key); x != GRAPH_NONE; x = k->next_name[x])
			if (strcmp(k->o[x].kind, kind) == 0 && configures(&k->o[x], &k->o[i]) &&
			    edge(k, i, x, GRAPH_EDGE_REF, 0) < 0)
				return -1;
	}
	buf_reset(&k->path);
	return 0;
}

/* The connection Secret depends on the object that writes it. */
static int
connection_secret(struct k8s *k, uint32_t i, const char *path)
{
	const struct value *ref = get_path(k->o[i].obj, path);
	const char *name = str_at(ref, "name"), *ns = str_at(ref, "namespace");
	uint32_t s;

	if (!name)
		return 0;
	s = find(k, "Secret", ns ? ns : k->o[i].ns, name);
	buf_addstr(&k->path, path);
	if (edge(k, s, i, GRAPH_EDGE_REF, GRAPH_EDGE_ATTR_ON_TARGET) < 0)
		return -1;
	buf_reset(&k->path);
	return 0;
}

/* The Compositions that render a composite type. */
static uint32_t
comps_of(struct k8s *k, const char *type)
{
	key_reset(&k->key);
	buf_addstr(&k->key, type);
	return map_get(&k->comps, &k->key);
}

/* A composed base object: if its type is itself composite, the
 * Composition depends on the Compositions rendering it. */
static int
composed_base(struct k8s *k, uint32_t i, const struct value *base)
{
	const char *api = str_at(base, "apiVersion"), *kind = str_at(base, "kind"), *type;
	uint32_t x, first;
	size_t here = k->path.len;
	unsigned flags;

	if (!api || !kind)
		return 0;
	type = type_of(k, api, kind);
	if (!type)
		return -1;
	first = comps_of(k, type);
	flags = first != GRAPH_NONE && k->next_comp[first] != GRAPH_NONE ? GRAPH_EDGE_WEAK : 0;
	for (x = first; x != GRAPH_NONE; x = k->next_comp[x]) {
		if (edge(k, i, x, GRAPH_EDGE_COMPOSITION, flags) < 0)
			return -1;
		buf_truncate(&k->path, here);
	}
	return 0;
}

static int
composition(struct k8s *k, uint32_t i)
{
	const struct value *spec = value_get(k->o[i].obj, "spec");
	const struct value *res = value_get(spec, "resources"), *pipe = value_get(spec, "pipeline");
	const struct value *ref = value_get(spec, "compositeTypeRef");
	const char *api = str_at(ref, "apiVersion"), *kind = str_at(ref, "kind");
	size_t a, b;

	if (api && kind) {
		const char *type = type_of(k, api, kind);
		uint32_t v;

		if (!type)
			return -1;
		key_reset(&k->key);
		buf_addstr(&k->key, type);
		v = map_get(&k->bytype, &k->key);
		buf_addstr(&k->path, "spec.compositeTypeRef");
		if (v != GRAPH_NONE && !(v & 1) && edge(k, i, v / 2, GRAPH_EDGE_DEFINITION, 0) < 0)
			return -1;
		buf_reset(&k->path);
	}
	for (a = 0; res->kind == VALUE_ARRAY && a < res->len; a++) {
		buf_addf(&k->path, "spec.resources[%zu].base", a);
		if (composed_base(k, i, value_get(&res->u.items[a], "base")) < 0)
			return -1;
		buf_reset(&k->path);
	}
	for (a = 0; pipe->kind == VALUE_ARRAY && a < pipe->len; a++) {
		const struct value *step = &pipe->u.items[a];
		const struct value *ir = get_path(step, "input.resources");
		const struct value *cred = value_get(step, "credentials");

		buf_addf(&k->path, "spec.pipeline[%zu].functionRef", a);
		if (link(k, i, "pkg.crossplane.io/Function", "", str_at(step, "functionRef.name"),
			 GRAPH_EDGE_COMPOSITION, 0, 0) < 0)
			return -1;
		for (b = 0; ir->kind == VALUE_ARRAY && b < ir->len; b++) {
			buf_addf(&k->path, "spec.pipeline[%zu].input.resources[%zu].base", a, b);
			if (composed_base(k, i, value_get(&ir->u.items[b], "base")) < 0)
				return -1;
			buf_reset(&k->path);
		}
		for (b = 0; cred->kind == VALUE_ARRAY && b < cred->len; b++) {
			const struct value *sr = value_get(&cred->u.items[b], "secretRef");
			const char *ns = str_at(sr, "namespace");

			buf_addf(&k->path, "spec.pipeline[%zu].credentials[%zu].secretRef", a, b);
			if (link(k, i, "Secret", ns ? ns : "", str_at(sr, "name"), GRAPH_EDGE_USES, 0,
				 0) < 0)
				return -1;
		}
	}
	return 0;
}

/* A Crossplane field of an XR or claim: under spec.crossplane (v2 XRs)
 * or directly under spec; the path found goes into the path buffer. */
static const struct value *
xp_field(struct k8s *k, uint32_t i, const char *field)
{
	const struct value *v = get_path(get_path(k->o[i].obj, "spec.crossplane"), field);

	buf_reset(&k->path);
	if (v->kind != VALUE_ABSENT) {
		buf_addf(&k->path, "spec.crossplane.%s", field);
		return v;
	}
	buf_addf(&k->path, "spec.%s", field);
	return get_path(value_get(k->o[i].obj, "spec"), field);
}

/* XR or claim: which Composition renders it, and its XR, claim and
 * composed resources when they are written down. */
static int
composite(struct k8s *k, uint32_t i)
{
	const struct k8s_obj *o = &k->o[i];
	const struct value *xrd = k->o[o->xrd].obj, *sel, *refs, *r;
	const char *group = str_at(xrd, "spec.group"), *xkind = str_at(xrd, "spec.names.kind");
	const char *name, *xr_type;
	uint32_t x, first;
	size_t a;
	struct buf t = BUF_INIT;

	buf_addstr(&k->path, o->is_claim ? "spec.claimNames.kind" : "spec.names.kind");
	if (edge(k, i, o->xrd, GRAPH_EDGE_DEFINITION, GRAPH_EDGE_ATTR_ON_TARGET) < 0)
		return -1;
	if (!group || !xkind)
		return 0;
	buf_addf(&t, "%s/%s", group, xkind);
	xr_type = graph_intern_buf(k->g, &t);
	buf_release(&t);
	if (!xr_type)
		return -1;
	first = comps_of(k, xr_type);
	name = value_str(value_get(xp_field(k, i, "compositionRef"), "name"));
	sel = value_get(xp_field(k, i, "compositionSelector"), "matchLabels");
	if (name) {
		xp_field(k, i, "compositionRef");
		if (link(k, i, COMPOSITION_TYPE, "", name, GRAPH_EDGE_COMPOSITION, 0, 0) < 0)
			return -1;
	} else if (sel->kind == VALUE_OBJECT && sel->len) {
		for (x = first; x != GRAPH_NONE; x = k->next_comp[x]) {
			if (!labels_contain(k->o[x].labels, sel))
				continue;
			xp_field(k, i, "compositionSelector");
			if (edge(k, i, x, GRAPH_EDGE_COMPOSITION, 0) < 0)
				return -1;
		}
	} else if ((name = str_at(xrd, "spec.defaultCompositionRef.name")) != NULL) {
		buf_reset(&k->path);
		buf_addstr(&k->path, "compositionRef (the XRD's defaultCompositionRef)");
		if (link(k, i, COMPOSITION_TYPE, "", name, GRAPH_EDGE_COMPOSITION, 0, 0) < 0)
			return -1;
	} else {
		unsigned flags = first != GRAPH_NONE && k->next_comp[first] != GRAPH_NONE
					 ? GRAPH_EDGE_WEAK
					 : 0;

		for (x = first; x != GRAPH_NONE; x = k->next_comp[x]) {
			buf_reset(&k->path);
			buf_addstr(&k->path, "spec.compositeTypeRef");
			if (edge(k, i, x, GRAPH_EDGE_COMPOSITION, flags | GRAPH_EDGE_ATTR_ON_TARGET) < 0)
				return -1;
		}
	}
	buf_reset(&k->path);
	if (o->is_claim) {
		r = value_get(value_get(o->obj, "spec"), "resourceRef");
		if (r->kind == VALUE_OBJECT) {
			const char *type = type_of(k, str_at(r, "apiVersion"),
						   str_at(r, "kind") ? str_at(r, "kind") : xkind);

			if (!type)
				return -1;
			buf_addstr(&k->path, "spec.resourceRef");
			if (link(k, i, type, "", str_at(r, "name"), GRAPH_EDGE_COMPOSITION, 0, 0) < 0)
				return -1;
		}
		return connection_secret(k, i, "spec.writeConnectionSecretToRef");
	}
	r = xp_field(k, i, "claimRef");
	if (r->kind == VALUE_OBJECT && str_at(r, "kind") && str_at(r, "namespace")) {
		const char *type = type_of(k, str_at(r, "apiVersion"), str_at(r, "kind"));
		uint32_t claim;

		if (!type)
			return -1;
		claim = find(k, type, str_at(r, "namespace"), str_at(r, "name") ? str_at(r, "name")
										  : "");
		if (edge(k, claim, i, GRAPH_EDGE_COMPOSITION, GRAPH_EDGE_ATTR_ON_TARGET) < 0)
			return -1;
	}
	refs = xp_field(k, i, "resourceRefs");
	{
		size_t here = k->path.len;

		for (a = 0; refs->kind == VALUE_ARRAY && a < refs->len; a++) {
			const struct value *rr = &refs->u.items[a];
			const char *kind = str_at(rr, "kind"), *ns = str_at(rr, "namespace"), *type;

			if (!kind)
				continue;
			type = type_of(k, str_at(rr, "apiVersion"), kind);
			if (!type)
				return -1;
			buf_truncate(&k->path, here);
			buf_addf(&k->path, "[%zu]", a);
			x = find_ns_or_cluster(k, type, ns ? ns : o->ns,
					       str_at(rr, "name") ? str_at(rr, "name") : "");
			if (edge(k, x, i, GRAPH_EDGE_COMPOSITION, GRAPH_EDGE_ATTR_ON_TARGET) < 0)
				return -1;
		}
	}
	buf_reset(&k->path);
	if (get_path(o->obj, "spec.crossplane.writeConnectionSecretToRef")->kind != VALUE_ABSENT)
		return connection_secret(k, i, "spec.crossplane.writeConnectionSecretToRef");
	return connection_secret(k, i, "spec.writeConnectionSecretToRef");
}

static bool
type_is(const struct k8s_obj *o, const char *type)
{
	return strcmp(o->type, type) == 0;
}

static bool
type_is_route(const struct k8s_obj *o)
{
	static const char *const routes[] = { "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute",
					      "UDPRoute" };
	size_t j;

	if (o->group_len != 25 || memcmp(o->type, "gateway.networking.k8s.io", 25) != 0)
		return false;
	for (j = 0; j < sizeof(routes) / sizeof(routes[0]); j++)
		if (strcmp(o->kind, routes[j]) == 0)
			return true;
	return false;
}

static int
object_edges(struct k8s *k, uint32_t i)
{
	struct k8s_obj *o = &k->o[i];
	const struct value *spec = value_get(o->obj, "spec");

	buf_reset(&k->path);
	if (owners(k, i) < 0)
		return -1;
	if (*o->ns) {
		buf_addstr(&k->path, "metadata.namespace");
		if (link(k, i, "Namespace", "", o->ns, GRAPH_EDGE_NAMESPACE, 0, 0) < 0)
			return -1;
	}
	if (o->pod_spec && pod_refs(k, i) < 0)
		return -1;
	buf_reset(&k->path);
	if (type_is(o, "Service")) {
		buf_addstr(&k->path, "spec.selector");
		if (select_pods(k, i, value_get(spec, "selector"), true, false) < 0)
			return -1;
	} else if (type_is(o, "networking.k8s.io/NetworkPolicy")) {
		buf_addstr(&k->path, "spec.podSelector");
		if (select_pods(k, i, value_get(spec, "podSelector"), false, true) < 0)
			return -1;
	} else if (type_is(o, "policy/PodDisruptionBudget")) {
		buf_addstr(&k->path, "spec.selector");
		if (select_pods(k, i, value_get(spec, "selector"), false, true) < 0)
			return -1;
	} else if (type_is(o, "networking.k8s.io/Ingress") || type_is(o, "extensions/Ingress")) {
		if (ingress(k, i) < 0)
			return -1;
	} else if (type_is_route(o)) {
		if (gateway_route(k, i) < 0)
			return -1;
	} else if (type_is(o, "gateway.networking.k8s.io/Gateway")) {
		if (gateway(k, i) < 0)
			return -1;
	} else if (type_is(o, "rbac.authorization.k8s.io/RoleBinding") ||
		   type_is(o, "rbac.authorization.k8s.io/ClusterRoleBinding")) {
		if (binding(k, i) < 0)
			return -1;
	} else if (type_is(o, CRD_TYPE)) {
		if (instances_of(k, i, str_at(spec, "group"), str_at(spec, "names.kind"),
				 "spec.names.kind") < 0)
			return -1;
	} else if (type_is(o, COMPOSITION_TYPE)) {
		if (composition(k, i) < 0)
			return -1;
	}
	buf_reset(&k->path);
	if (o->xrd != GRAPH_NONE)
		return composite(k, i);
	if (value_get(spec, "forProvider")->kind == VALUE_OBJECT ||
	    value_get(spec, "initProvider")->kind == VALUE_OBJECT) {
		if (managed(k, i) < 0)
			return -1;
		return connection_secret(k, i, "spec.writeConnectionSecretToRef");
	}
	return 0;
}

int
graph_k8s_extract(struct graph *g, struct error *err)
{
	struct k8s k;
	uint32_t i;
	int rc = -1;

	memset(&k, 0, sizeof(k));
	k.g = g;
	buf_init(&k.key);
	buf_init(&k.path);
	if (index_all(&k) < 0)
		goto out;
	for (i = 0; i < k.n; i++)
		if (object_edges(&k, i) < 0 || buf_failed(&k.path) || buf_failed(&k.key))
			goto out;
	rc = 0;
out:
	mem_free(k.o);
	mem_free(k.next_name);
	mem_free(k.next_kind);
	mem_free(k.next_comp);
	mem_free(k.next_pod);
	mem_free(k.kinds);
	mem_free(k.postings);
	mem_free(k.entry_obj);
	mem_free(k.entry_next);
	graph_smap_release(&k.ident);
	graph_smap_release(&k.byname);
	graph_smap_release(&k.bykind);
	graph_smap_release(&k.bytype);
	graph_smap_release(&k.comps);
	graph_smap_release(&k.pod_post);
	graph_smap_release(&k.ns_pods);
	buf_release(&k.key);
	buf_release(&k.path);
	graph_walker_release(&k.walker);
	return rc < 0 ? oom(err) : 0;
}
