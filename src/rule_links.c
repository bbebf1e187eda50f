/* rule_links.c - which resources are connected, for `related` conditions.
 *
 * A small reference resolver, separate from the dependency graph (it
 * answers "which aws_s3_bucket_versioning points at this bucket through
 * its `bucket` attribute", not blast radius).  Links come from:
 *
 *   - Terraform: the configuration's `references` of each attribute,
 *     resolved in the same module instance ("aws_s3_bucket.b.id" from
 *     module.m["x"] means module.m["x"].aws_s3_bucket.b; a reference
 *     without an index picks the instance with the same count/for_each
 *     key when there is one, else every instance);
 *   - Pulumi: propertyDependencies (URNs) in the change's extra facts;
 *   - Crossplane: *Ref.name, *Refs[].name and *Selector.matchLabels under
 *     spec.forProvider / spec.initProvider, within one provider family;
 *   - and, for every source, equal values: an attribute holding another
 *     resource's id, arn, name or self_link (or a manifest's name or
 *     external name) when both are known.
 *
 * Built once per run on first use; queries are binary searches.
 */
#include <stdlib.h>
#include <string.h>

#include "rule_internal.h"
#include "str.h"

#define LINKS_MAX_DEPTH 32

struct link {
	uint32_t from, to;      /* change indexes */
	const char *attr;       /* snake_case dotted path of the referring attribute */
};

struct ventry {
	const char *key;
	size_t klen;
	uint32_t target;
};

struct vindex {
	const char *type;       /* engine-interned */
	const char *attr;       /* engine-interned; "" = identity values */
	struct ventry *items;
	size_t n;
};

struct rule_links {
	struct link *out;       /* sorted by from */
	struct link *in;        /* sorted by to */
	size_t n, cap;
	struct vindex *vidx;
	size_t nvidx, cvidx;
};

void
rule_links_free(struct rule_links **lp)
{
	struct rule_links *l = *lp;
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->nvidx; i++)
		mem_free(l->vidx[i].items);
	mem_free(l->vidx);
	mem_free(l->out);
	mem_free(l->in);
	mem_free(l);
	*lp = NULL;
}

void
rule_snake(struct buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z') {
			if (i > 0 && out->len && out->data[out->len - 1] != '_' &&
			    out->data[out->len - 1] != '.')
				buf_addch(out, '_');
			buf_addch(out, (char)(c - 'A' + 'a'));
		} else {
			buf_addch(out, c);
		}
	}
}

static int
add_link(struct rule_engine *e, uint32_t from, uint32_t to, const char *attr, size_t alen)
{
	struct rule_links *l = e->links;
	const char *a;
	size_t i;

	if (from == to)
		return 0;
	a = strtab_intern(&e->strings, attr, alen);
	if (!a)
		return -1;
	/* the same reference is often listed twice ("x.b.id", "x.b") */
	for (i = l->n; i > 0 && i + 8 > l->n; i--)
		if (l->out[i - 1].from == from && l->out[i - 1].to == to && l->out[i - 1].attr == a)
			return 0;
	if (l->n == l->cap &&
	    mem_grow_array((void **)&l->out, &l->cap, l->n + 1, sizeof(*l->out)) < 0)
		return -1;
	l->out[l->n].from = from;
	l->out[l->n].to = to;
	l->out[l->n].attr = a;
	l->n++;
	return 0;
}

static bool
alive(const struct plan_change *c)
{
	return c->action != PLAN_ACTION_DELETE && c->action != PLAN_ACTION_FORGET &&
	       c->section != PLAN_SECTION_DRIFT;
}

/* ---- sorted string keys -> change indexes ---- */

struct skey {
	const char *key;
	uint32_t change;
};

static int
cmp_skey(const void *a, const void *b)
{
	const struct skey *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->change < y->change ? -1 : x->change > y->change);
}

/* [*lo, *hi) of the entries with this key. */
static void
skey_range(const struct skey *v, size_t n, const char *key, size_t *lo, size_t *hi)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (strcmp(v[m].key, key) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	b = n;
	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (strcmp(v[m].key, key) <= 0)
			a = m + 1;
		else
			b = m;
	}
	*hi = a;
}

/* ---- Terraform: configuration references ---- */

/* "module.a[\"x\"].module.b[0]" -> "module.a.module.b" */
static void
strip_keys(struct buf *out, const char *s)
{
	while (*s) {
		if (*s == '[') {
			bool q = false;

			s++;
			while (*s && (q || *s != ']')) {
				if (*s == '"' && s[-1] != '\\')
					q = !q;
				s++;
			}
			if (*s)
				s++;
			continue;
		}
		buf_addch(out, *s++);
	}
}

struct tfref {
	bool data;
	const char *type;
	size_t type_len;
	const char *name;
	size_t name_len;
	const char *index;      /* inside the brackets, or NULL */
	size_t index_len;
};

static bool
parse_reference(const char *s, struct tfref *r)
{
	static const char *const skip[] = { "var.", "local.", "module.", "each.", "count.",
					     "path.", "self.", "terraform.", NULL };
	const char *p;
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; skip[i]; i++)
		if (str_has_prefix(s, skip[i]))
			return false;
	if (str_has_prefix(s, "data.")) {
		r->data = true;
		s += 5;
	}
	p = strchr(s, '.');
	if (!p || p == s)
		return false;
	r->type = s;
	r->type_len = (size_t)(p - s);
	if (!memchr(r->type, '_', r->type_len))
		return false;
	s = p + 1;
	p = s;
	while (*p && *p != '.' && *p != '[')
		p++;
	if (p == s)
		return false;
	r->name = s;
	r->name_len = (size_t)(p - s);
	if (*p == '[') {
		const char *q = p + 1;
		bool quoted = false;

		while (*q && (quoted || *q != ']')) {
			if (*q == '"' && q[-1] != '\\')
				quoted = !quoted;
			q++;
		}
		if (*q != ']')
			return false;
		r->index = p + 1;
		r->index_len = (size_t)(q - p - 1);
	}
	return true;
}

struct tfctx {
	struct rule_engine *e;
	struct skey *cfg;       /* "modpath\x1faddress" -> (unused change); values below */
	const struct value **cfg_expr;
	size_t ncfg, ccfg;
	struct skey *res;       /* "group\x1faddress" -> change */
	size_t nres;
};

static int
cfg_add(struct tfctx *x, const char *modpath, const struct value *res)
{
	const char *addr = value_str(value_get(res, "address"));
	const char *mode = value_str(value_get(res, "mode"));
	const char *type = value_str(value_get(res, "type"));
	const char *name = value_str(value_get(res, "name"));
	struct buf key = BUF_INIT;
	const char *k;

	if (type && name)
		buf_addf(&key, "%s\x1f%s%s.%s", modpath,
			 mode && strcmp(mode, "data") == 0 ? "data." : "", type, name);
	else if (addr)
		buf_addf(&key, "%s\x1f%s", modpath, addr);
	else
		return 0;
	if (buf_failed(&key))
		return -1;
	k = strtab_intern(&x->e->strings, key.data, key.len);
	buf_release(&key);
	if (!k)
		return -1;
	if (x->ncfg == x->ccfg) {
		size_t cap = x->ccfg;

		if (mem_grow_array((void **)&x->cfg, &cap, x->ncfg + 1, sizeof(*x->cfg)) < 0)
			return -1;
		if (mem_grow_array((void **)&x->cfg_expr, &x->ccfg, x->ncfg + 1,
				   sizeof(*x->cfg_expr)) < 0)
			return -1;
	}
	x->cfg[x->ncfg].key = k;
	x->cfg[x->ncfg].change = (uint32_t)x->ncfg;
	x->cfg_expr[x->ncfg] = value_get(res, "expressions");
	x->ncfg++;
	return 0;
}

/* Walks root_module and module_calls without recursion. */
static int
collect_config(struct tfctx *x, const struct value *config)
{
	struct frame {
		const struct value *module;
		const char *path;
	} stack[LINKS_MAX_DEPTH];
	size_t depth = 0, i;

	stack[depth].module = value_get(config, "root_module");
	stack[depth].path = "";
	depth++;
	while (depth) {
		struct frame f = stack[--depth];
		const struct value *res = value_get(f.module, "resources");
		const struct value *calls = value_get(f.module, "module_calls");

		for (i = 0; res->kind == VALUE_ARRAY && i < res->len; i++)
			if (cfg_add(x, f.path, &res->u.items[i]) < 0)
				return -1;
		for (i = 0; calls->kind == VALUE_OBJECT && i < calls->len; i++) {
			struct buf p = BUF_INIT;
			const char *ps;

			if (depth >= LINKS_MAX_DEPTH)
				break;
			buf_addf(&p, "%s%smodule.%.*s", f.path, *f.path ? "." : "",
				 (int)calls->u.members[i].key_len, calls->u.members[i].key);
			if (buf_failed(&p))
				return -1;
			ps = strtab_intern(&x->e->strings, p.data, p.len);
			buf_release(&p);
			if (!ps)
				return -1;
			stack[depth].module = value_get(&calls->u.members[i].value, "module");
			stack[depth].path = ps;
			depth++;
		}
	}
	rule_sort(x->cfg, x->ncfg, sizeof(*x->cfg), cmp_skey);
	return 0;
}

static const char *
res_key(struct rule_engine *e, const char *group, bool data, const char *type, size_t tlen,
	const char *name, size_t nlen)
{
	struct buf k = BUF_INIT;
	const char *s;

	buf_addf(&k, "%s\x1f%s%.*s.%.*s", group, data ? "data." : "", (int)tlen, type, (int)nlen,
		 name);
	if (buf_failed(&k))
		return NULL;
	s = strtab_intern(&e->strings, k.data, k.len);
	buf_release(&k);
	return s;
}

/* A reference without an instance key links to every instance only when
 * there are few of them (a splat over a small count); beyond that it is
 * ambiguous, and linking all would make the links quadratic. */
#define LINKS_MAX_FANOUT 64

static int
link_reference(struct tfctx *x, uint32_t from, const char *attr, size_t alen, const char *ref)
{
	const struct plan_change *src = plan_change_at(x->e->plan, from);
	struct tfref r;
	const char *key;
	size_t lo, hi, i;
	bool same_key = false, indexed = false;

	if (!parse_reference(ref, &r))
		return 0;
	key = res_key(x->e, src->group ? src->group : "", r.data, r.type, r.type_len, r.name,
		      r.name_len);
	if (!key)
		return -1;
	skey_range(x->res, x->nres, key, &lo, &hi);
	for (i = lo; i < hi; i++) {
		const char *k = plan_change_at(x->e->plan, x->res[i].change)->index_key;

		indexed |= k != NULL;
		if (!r.index && src->index_key && k && strcmp(k, src->index_key) == 0)
			same_key = true;
	}
	if (!r.index && !same_key && (hi - lo > LINKS_MAX_FANOUT || (src->index_key && indexed)))
		return 0;   /* keys that do not correspond, or too many to mean anything */
	for (i = lo; i < hi; i++) {
		const struct plan_change *t = plan_change_at(x->e->plan, x->res[i].change);

		if (r.index) {
			if (!t->index_key || strlen(t->index_key) != r.index_len ||
			    memcmp(t->index_key, r.index, r.index_len) != 0)
				continue;
		} else if (same_key && strcmp(t->index_key ? t->index_key : "", src->index_key) != 0) {
			continue;
		}
		if (add_link(x->e, from, x->res[i].change, attr, alen) < 0)
			return -1;
	}
	return 0;
}

/* A nested block of expressions (or of values) still to walk, and the
 * attribute path it sits at. */
struct block_frame {
	const struct value *obj;
	const char *prefix;     /* interned path of the block ("" at the top) */
};

/* Pushes v (a block) or its object elements (a list of blocks), as far
 * as the stack goes: deeper blocks are not walked. */
static void
push_blocks(struct block_frame *stack, size_t *depth, const struct value *v, const char *prefix)
{
	size_t j;

	if (v->kind == VALUE_OBJECT) {
		if (*depth < LINKS_MAX_DEPTH) {
			stack[*depth].obj = v;
			stack[*depth].prefix = prefix;
			(*depth)++;
		}
		return;
	}
	for (j = 0; v->kind == VALUE_ARRAY && j < v->len && *depth < LINKS_MAX_DEPTH; j++)
		if (v->u.items[j].kind == VALUE_OBJECT) {
			stack[*depth].obj = &v->u.items[j];
			stack[*depth].prefix = prefix;
			(*depth)++;
		}
}

/* Walks one resource's expressions: {attr: {references: [...]}} with
 * nested blocks as objects or lists of objects. */
static int
walk_expressions(struct tfctx *x, uint32_t from, const struct value *expr)
{
	struct block_frame stack[LINKS_MAX_DEPTH];
	struct buf path = BUF_INIT;
	size_t depth = 0, i, j;
	int rc = -1;

	if (expr->kind != VALUE_OBJECT)
		return 0;
	stack[depth].obj = expr;
	stack[depth].prefix = "";
	depth++;
	while (depth) {
		struct block_frame f = stack[--depth];

		for (i = 0; i < f.obj->len; i++) {
			const struct value_member *m = &f.obj->u.members[i];
			const struct value *v = &m->value;
			const struct value *refs;
			const char *here;

			buf_reset(&path);
			buf_addstr(&path, f.prefix);
			if (path.len)
				buf_addch(&path, '.');
			buf_add(&path, m->key, m->key_len);
			if (buf_failed(&path))
				goto out;
			if (v->kind == VALUE_OBJECT &&
			    (refs = value_get(v, "references"))->kind == VALUE_ARRAY) {
				for (j = 0; j < refs->len; j++) {
					const char *ref = value_str(&refs->u.items[j]);

					if (ref && link_reference(x, from, path.data, path.len, ref) < 0)
						goto out;
				}
				continue;
			}
			if (v->kind == VALUE_OBJECT && value_find_member(v, "constant_value", 14) >= 0)
				continue;
			if (v->kind != VALUE_OBJECT && v->kind != VALUE_ARRAY)
				continue;
			here = strtab_intern(&x->e->strings, path.data, path.len);
			if (!here)
				goto out;
			push_blocks(stack, &depth, v, here);
		}
	}
	rc = 0;
out:
	buf_release(&path);
	return rc;
}

/* The configuration block of every Terraform change (NULL where there is
 * none), found by module path without instance keys and address. */
static int
config_build(struct rule_engine *e)
{
	const struct plan *plan = e->plan;
	const struct value *config = plan_section_value(plan, "configuration");
	size_t n = plan_change_count(plan), i;
	struct tfctx x;
	struct buf mod = BUF_INIT, key = BUF_INIT;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	x.e = e;
	e->config_built = true;
	e->config_exprs = mem_calloc(n + 1, sizeof(*e->config_exprs));
	if (!e->config_exprs)
		return -1;
	if (plan_source_kind(plan) != PLAN_SOURCE_TERRAFORM || config->kind != VALUE_OBJECT)
		return 0;
	if (collect_config(&x, config) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(plan, i);
		const char *k;
		size_t lo, hi;

		if (c->mode != PLAN_MODE_MANAGED && c->mode != PLAN_MODE_DATA)
			continue;
		buf_reset(&mod);
		strip_keys(&mod, c->group ? c->group : "");
		buf_reset(&key);
		buf_addf(&key, "%s\x1f%s%s.%s", mod.data, c->mode == PLAN_MODE_DATA ? "data." : "",
			 c->type, c->name);
		if (buf_failed(&mod) || buf_failed(&key))
			goto out;
		k = strtab_intern(&e->strings, key.data, key.len);
		if (!k)
			goto out;
		skey_range(x.cfg, x.ncfg, k, &lo, &hi);
		if (lo < hi)
			e->config_exprs[i] = x.cfg_expr[x.cfg[lo].change];
	}
	rc = 0;
out:
	buf_release(&mod);
	buf_release(&key);
	mem_free(x.cfg);
	mem_free(x.cfg_expr);
	return rc;
}

const struct value *
rule_config_expressions(struct rule_engine *e, size_t change)
{
	if (!e->config_built && config_build(e) < 0) {
		e->failed = true;
		return NULL;
	}
	return e->config_exprs ? e->config_exprs[change] : NULL;
}

static int
build_terraform(struct rule_engine *e)
{
	const struct plan *plan = e->plan;
	struct tfctx x;
	size_t n = plan_change_count(plan), i;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	x.e = e;
	if (!e->config_built && config_build(e) < 0)
		return -1;
	x.res = mem_calloc(n + 1, sizeof(*x.res));
	if (!x.res)
		goto out;
	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(plan, i);

		if (c->section == PLAN_SECTION_DRIFT ||
		    (c->mode != PLAN_MODE_MANAGED && c->mode != PLAN_MODE_DATA))
			continue;
		x.res[x.nres].key = res_key(e, c->group ? c->group : "", c->mode == PLAN_MODE_DATA,
					    c->type, strlen(c->type), c->name, strlen(c->name));
		if (!x.res[x.nres].key)
			goto out;
		x.res[x.nres].change = (uint32_t)i;
		x.nres++;
	}
	rule_sort(x.res, x.nres, sizeof(*x.res), cmp_skey);
	for (i = 0; i < n; i++) {
		const struct value *expr = e->config_exprs[i];

		if (expr && plan_change_at(plan, i)->section != PLAN_SECTION_DRIFT &&
		    walk_expressions(&x, (uint32_t)i, expr) < 0)
			goto out;
	}
	rc = 0;
out:
	mem_free(x.res);
	return rc;
}

/* ---- Pulumi: propertyDependencies ---- */

static int
build_pulumi(struct rule_engine *e)
{
	const struct plan *plan = e->plan;
	size_t n = plan_change_count(plan), i, j, k, lo, hi;
	struct skey *urns = mem_calloc(n + 1, sizeof(*urns));
	struct buf attr = BUF_INIT;
	int rc = -1;

	if (!urns)
		return -1;
	for (i = 0; i < n; i++) {
		urns[i].key = plan_change_at(plan, i)->native_id;
		urns[i].change = (uint32_t)i;
		if (!urns[i].key)
			urns[i].key = "";
	}
	rule_sort(urns, n, sizeof(*urns), cmp_skey);
	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(plan, i);
		const struct value *pd = value_get(&c->extra, "propertyDependencies");

		if (pd->kind != VALUE_OBJECT)
			continue;
		for (j = 0; j < pd->len; j++) {
			const struct value *list = &pd->u.members[j].value;

			buf_reset(&attr);
			rule_snake(&attr, pd->u.members[j].key, pd->u.members[j].key_len);
			if (buf_failed(&attr))
				goto out;
			for (k = 0; list->kind == VALUE_ARRAY && k < list->len; k++) {
				const char *urn = value_str(&list->u.items[k]);
				size_t m;

				if (!urn)
					continue;
				skey_range(urns, n, urn, &lo, &hi);
				for (m = lo; m < hi; m++)
					if (add_link(e, (uint32_t)i, urns[m].change, attr.data, attr.len) < 0)
						goto out;
			}
		}
	}
	rc = 0;
out:
	buf_release(&attr);
	mem_free(urns);
	return rc;
}

/* ---- Crossplane: *Ref, *Refs, *Selector ---- */

/* "ec2.aws.upbound.io/VPC" -> "aws.upbound.io" (".m." groups fold in). */
static void
family(const char *type, struct buf *out)
{
	const char *slash = strchr(type, '/');
	const char *dot = strchr(type, '.');
	const char *p;

	buf_reset(out);
	if (!slash || !dot || dot > slash)
		return;
	for (p = dot + 1; p < slash; p++) {
		if (p[0] == 'm' && p[1] == '.' && p[-1] == '.') {
			p++;
			continue;
		}
		buf_addch(out, *p);
	}
}

static bool
labels_match(const struct value *labels, const struct value *want)
{
	size_t i;

	if (want->kind != VALUE_OBJECT || !want->len)
		return false;
	for (i = 0; i < want->len; i++) {
		const struct value *have =
			value_getn(labels, want->u.members[i].key, want->u.members[i].key_len);

		if (have->kind != VALUE_STRING || !value_equal(have, &want->u.members[i].value))
			return false;
	}
	return true;
}

struct xpctx {
	struct rule_engine *e;
	struct skey *names;     /* metadata.name -> change (manifests) */
	size_t nnames;
	struct buf fam, fam2;
};

static bool
same_family(struct xpctx *x, const struct plan_change *a, const struct plan_change *b)
{
	family(a->type, &x->fam);
	family(b->type, &x->fam2);
	return x->fam.len && x->fam.len == x->fam2.len &&
	       memcmp(x->fam.data, x->fam2.data, x->fam.len) == 0;
}

static int
xp_ref(struct xpctx *x, uint32_t from, const char *attr, size_t alen, const struct value *ref,
       bool selector)
{
	const struct plan *plan = x->e->plan;
	const struct plan_change *src = plan_change_at(plan, from);
	size_t lo, hi, i, n = plan_change_count(plan);

	if (ref->kind != VALUE_OBJECT)
		return 0;
	if (!selector) {
		const char *name = value_str(value_get(ref, "name"));

		if (!name)
			return 0;
		skey_range(x->names, x->nnames, name, &lo, &hi);
		for (i = lo; i < hi; i++) {
			const struct plan_change *t = plan_change_at(plan, x->names[i].change);

			if (same_family(x, src, t) &&
			    add_link(x->e, from, x->names[i].change, attr, alen) < 0)
				return -1;
		}
		return 0;
	}
	for (i = 0; i < n; i++) {
		const struct plan_change *t = plan_change_at(plan, i);
		const struct value *labels = value_get(value_get(&t->after, "metadata"), "labels");

		if (i == from || labels->kind != VALUE_OBJECT)
			continue;
		if (labels_match(labels, value_get(ref, "matchLabels")) && same_family(x, src, t) &&
		    add_link(x->e, from, (uint32_t)i, attr, alen) < 0)
			return -1;
	}
	return 0;
}

static int
walk_refs(struct xpctx *x, uint32_t from, const struct value *root)
{
	struct block_frame stack[LINKS_MAX_DEPTH];
	struct buf path = BUF_INIT, attr = BUF_INIT;
	size_t depth = 0, i, j;
	int rc = -1;

	if (root->kind != VALUE_OBJECT)
		return 0;
	stack[depth].obj = root;
	stack[depth].prefix = "";
	depth++;
	while (depth) {
		struct block_frame f = stack[--depth];

		for (i = 0; i < f.obj->len; i++) {
			const struct value_member *m = &f.obj->u.members[i];
			const struct value *v = &m->value;
			const char *here;
			size_t stem = 0;
			int kind = 0;   /* 1 Ref, 2 Refs, 3 Selector */

			if (str_has_suffix(m->key, "Refs") && m->key_len > 4) {
				kind = 2;
				stem = m->key_len - 4;
			} else if (str_has_suffix(m->key, "Ref") && m->key_len > 3) {
				kind = 1;
				stem = m->key_len - 3;
			} else if (str_has_suffix(m->key, "Selector") && m->key_len > 8) {
				kind = 3;
				stem = m->key_len - 8;
			}
			if (kind) {
				buf_reset(&attr);
				buf_addstr(&attr, f.prefix);
				if (attr.len)
					buf_addch(&attr, '.');
				rule_snake(&attr, m->key, stem);
				if (buf_failed(&attr))
					goto out;
				if (kind == 2 && v->kind == VALUE_ARRAY) {
					for (j = 0; j < v->len; j++)
						if (xp_ref(x, from, attr.data, attr.len, &v->u.items[j],
							   false) < 0)
							goto out;
				} else if (xp_ref(x, from, attr.data, attr.len, v, kind == 3) < 0) {
					goto out;
				}
				continue;
			}
			if (v->kind != VALUE_OBJECT && v->kind != VALUE_ARRAY)
				continue;
			buf_reset(&path);
			buf_addstr(&path, f.prefix);
			if (path.len)
				buf_addch(&path, '.');
			rule_snake(&path, m->key, m->key_len);
			if (buf_failed(&path))
				goto out;
			here = strtab_intern(&x->e->strings, path.data, path.len);
			if (!here)
				goto out;
			push_blocks(stack, &depth, v, here);
		}
	}
	rc = 0;
out:
	buf_release(&path);
	buf_release(&attr);
	return rc;
}

static int
build_manifests(struct rule_engine *e)
{
	const struct plan *plan = e->plan;
	size_t n = plan_change_count(plan), i;
	struct xpctx x;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	x.e = e;
	x.names = mem_calloc(n + 1, sizeof(*x.names));
	if (!x.names)
		return -1;
	for (i = 0; i < n; i++) {
		const char *name =
			value_str(value_get(value_get(&plan_change_at(plan, i)->after, "metadata"),
					    "name"));

		if (!name)
			continue;
		x.names[x.nnames].key = name;
		x.names[x.nnames].change = (uint32_t)i;
		x.nnames++;
	}
	rule_sort(x.names, x.nnames, sizeof(*x.names), cmp_skey);
	for (i = 0; i < n; i++) {
		const struct value *spec = value_get(&plan_change_at(plan, i)->after, "spec");

		if (walk_refs(&x, (uint32_t)i, value_get(spec, "forProvider")) < 0 ||
		    walk_refs(&x, (uint32_t)i, value_get(spec, "initProvider")) < 0)
			goto out;
	}
	rc = 0;
out:
	buf_release(&x.fam);
	buf_release(&x.fam2);
	mem_free(x.names);
	return rc;
}

static int
cmp_out(const void *a, const void *b)
{
	const struct link *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->to < y->to ? -1 : x->to > y->to;
}

static int
cmp_in(const void *a, const void *b)
{
	const struct link *x = a, *y = b;

	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->from < y->from ? -1 : x->from > y->from;
}

static int
build(struct rule_engine *e)
{
	struct rule_links *l = mem_calloc(1, sizeof(*l));
	int rc = 0;

	if (!l)
		return -1;
	e->links = l;
	switch (plan_source_kind(e->plan)) {
	case PLAN_SOURCE_TERRAFORM:
		rc = build_terraform(e);
		break;
	case PLAN_SOURCE_PULUMI:
		rc = build_pulumi(e);
		break;
	case PLAN_SOURCE_MANIFESTS:
		rc = build_manifests(e);
		break;
	}
	if (rc < 0)
		return -1;
	if (l->n) {
		rule_sort(l->out, l->n, sizeof(*l->out), cmp_out);
		l->in = mem_alloc(l->n * sizeof(*l->in));
		if (!l->in)
			return -1;
		memcpy(l->in, l->out, l->n * sizeof(*l->in));
		rule_sort(l->in, l->n, sizeof(*l->in), cmp_in);
	}
	return 0;
}

/* ---- attribute names ---- */

/* Segment equality ignoring one trailing 's' (Pulumi plurals). */
static bool
seg_eq(const char *a, size_t al, const char *b, size_t bl)
{
	if (al > 1 && a[al - 1] == 's')
		al--;
	if (bl > 1 && b[bl - 1] == 's')
		bl--;
	return al == bl && memcmp(a, b, al) == 0;
}

static size_t
split(const char *s, const char **segs, size_t *lens, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		const char *d = strchr(s, '.');
		size_t len = d ? (size_t)(d - s) : strlen(s);

		segs[n] = s;
		lens[n] = len;
		n++;
		if (!d)
			break;
		s = d + 1;
	}
	return n;
}

/* Does the link's attribute match what the rule names?  Equal, or the
 * link's path ends with the rule's, or the link is coarser (a Pulumi
 * top-level property) and the rule's path starts with it. */
static bool
attr_matches(const char *have, const char *want)
{
	const char *hs[LINKS_MAX_DEPTH], *ws[LINKS_MAX_DEPTH];
	size_t hl[LINKS_MAX_DEPTH], wl[LINKS_MAX_DEPTH], nh, nw, i, off;

	if (strcmp(want, "*") == 0)
		return true;
	nh = split(have, hs, hl, LINKS_MAX_DEPTH);
	nw = split(want, ws, wl, LINKS_MAX_DEPTH);
	if (!nh || !nw)
		return false;
	if (nh >= nw) {
		off = nh - nw;
		for (i = 0; i < nw; i++)
			if (!seg_eq(hs[off + i], hl[off + i], ws[i], wl[i]))
				return false;
		return true;
	}
	for (i = 0; i < nh; i++)
		if (!seg_eq(hs[i], hl[i], ws[i], wl[i]))
			return false;
	return true;
}

/* ---- values for matching by equality ---- */

struct strs {
	const char **s;
	size_t *len;
	size_t n, cap;
};

static int
strs_add(struct strs *v, const char *s, size_t len)
{
	if (!len)
		return 0;
	if (v->n == v->cap) {
		size_t cap = v->cap;

		if (mem_grow_array((void **)&v->s, &cap, v->n + 1, sizeof(*v->s)) < 0 ||
		    mem_grow_array((void **)&v->len, &v->cap, v->n + 1, sizeof(*v->len)) < 0)
			return -1;
	}
	v->s[v->n] = s;
	v->len[v->n] = len;
	v->n++;
	return 0;
}

static void
strs_free(struct strs *v)
{
	mem_free(v->s);
	mem_free(v->len);
	memset(v, 0, sizeof(*v));
}

/* Known string values at a dotted attribute path (lists flattened). */
static int
values_at(const struct value *root, const char *attr, bool camel, struct strs *out)
{
	const char *segs[LINKS_MAX_DEPTH];
	size_t lens[LINKS_MAX_DEPTH], n = split(attr, segs, lens, LINKS_MAX_DEPTH), i, j, k;
	const struct value *cur[64], *next[64];
	size_t ncur = 1, nnext;

	cur[0] = root;
	for (i = 0; i < n; i++) {
		nnext = 0;
		for (j = 0; j < ncur; j++) {
			const struct value *v = cur[j];

			if (v->kind == VALUE_ARRAY) {
				for (k = 0; k < v->len && nnext < 64; k++) {
					const struct value *c =
						rule_lookup(&v->u.items[k], segs[i], lens[i], camel);

					if (c->kind != VALUE_ABSENT)
						next[nnext++] = c;
				}
			} else {
				const struct value *c = rule_lookup(v, segs[i], lens[i], camel);

				if (c->kind != VALUE_ABSENT && nnext < 64)
					next[nnext++] = c;
			}
		}
		memcpy(cur, next, nnext * sizeof(*cur));
		ncur = nnext;
	}
	for (j = 0; j < ncur; j++) {
		const struct value *v = cur[j];

		if (v->kind == VALUE_STRING) {
			if (strs_add(out, v->u.str, v->len) < 0)
				return -1;
		} else if (v->kind == VALUE_ARRAY) {
			for (k = 0; k < v->len; k++)
				if (v->u.items[k].kind == VALUE_STRING &&
				    strs_add(out, v->u.items[k].u.str, v->u.items[k].len) < 0)
					return -1;
		}
	}
	return 0;
}

/* The values other resources use to point at a target. */
static int
identity_values(struct rule_engine *e, const struct rule_target *t, struct strs *out)
{
	static const char *const attrs[] = { "id", "arn", "name", "self_link" };
	const struct plan_change *c = plan_change_at(e->plan, t->change);
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		const struct value *v = rule_lookup(&t->root, attrs[i], strlen(attrs[i]), t->camel);

		if (v->kind == VALUE_STRING && strs_add(out, v->u.str, v->len) < 0)
			return -1;
	}
	if (plan_source_kind(e->plan) == PLAN_SOURCE_MANIFESTS) {
		const struct value *md = value_get(&c->after, "metadata");
		const struct value *name = value_get(md, "name");
		const struct value *ext =
			value_get(value_get(md, "annotations"), "crossplane.io/external-name");

		if (name->kind == VALUE_STRING && strs_add(out, name->u.str, name->len) < 0)
			return -1;
		if (ext->kind == VALUE_STRING && strs_add(out, ext->u.str, ext->len) < 0)
			return -1;
	}
	return 0;
}

static int
cmp_ventry(const void *a, const void *b)
{
	const struct ventry *x = a, *y = b;
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c = memcmp(x->key, y->key, n);

	if (c)
		return c;
	if (x->klen != y->klen)
		return x->klen < y->klen ? -1 : 1;
	return x->target < y->target ? -1 : x->target > y->target;
}

/* The index of (type, attr) -> targets, built on first use. */
static struct vindex *
vindex_get(struct rule_engine *e, size_t type_i, const char *attr)
{
	struct rule_links *l = e->links;
	const char *type = e->types[type_i];
	struct vindex *vx;
	struct strs vals = { 0 };
	size_t i, j, cap = 0;

	for (i = 0; i < l->nvidx; i++)
		if (l->vidx[i].type == type && l->vidx[i].attr == attr)
			return &l->vidx[i];
	if (l->nvidx == l->cvidx &&
	    mem_grow_array((void **)&l->vidx, &l->cvidx, l->nvidx + 1, sizeof(*l->vidx)) < 0)
		return NULL;
	vx = &l->vidx[l->nvidx];
	memset(vx, 0, sizeof(*vx));
	vx->type = type;
	vx->attr = attr;
	for (i = e->type_start[type_i]; i < e->type_start[type_i + 1]; i++) {
		const struct rule_target *t = &e->targets[i];

		vals.n = 0;
		if (!alive(plan_change_at(e->plan, t->change)))
			continue;
		if ((*attr ? values_at(&t->root, attr, t->camel, &vals)
			   : identity_values(e, t, &vals)) < 0)
			goto fail;
		for (j = 0; j < vals.n; j++) {
			if (vx->n == cap && mem_grow_array((void **)&vx->items, &cap, vx->n + 1,
							   sizeof(*vx->items)) < 0)
				goto fail;
			vx->items[vx->n].key = vals.s[j];
			vx->items[vx->n].klen = vals.len[j];
			vx->items[vx->n].target = (uint32_t)i;
			vx->n++;
		}
	}
	strs_free(&vals);
	rule_sort(vx->items, vx->n, sizeof(*vx->items), cmp_ventry);
	l->nvidx++;
	return vx;
fail:
	strs_free(&vals);
	mem_free(vx->items);
	return NULL;
}

static int
vindex_each(const struct vindex *vx, const char *key, size_t klen, size_t self_change,
	    const struct rule_engine *e, int (*fn)(void *, size_t), void *ctx)
{
	struct ventry probe;
	size_t a = 0, b = vx->n;

	probe.key = key;
	probe.klen = klen;
	probe.target = 0;
	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (cmp_ventry(&vx->items[m], &probe) < 0)
			a = m + 1;
		else
			b = m;
	}
	for (; a < vx->n; a++) {
		const struct ventry *it = &vx->items[a];

		if (it->klen != klen || memcmp(it->key, key, klen) != 0)
			break;
		if (e->targets[it->target].change == self_change)
			continue;
		if (fn(ctx, it->target) < 0)
			return -1;
	}
	return 0;
}

/* ---- queries ---- */

static bool
type_wanted(const struct rule_cond *c, const char *type)
{
	size_t i;

	for (i = 0; i < c->ntypes; i++)
		if (rule_type_matches(c->types[i], type))
			return true;
	return false;
}

static int
emit_change(struct rule_engine *e, size_t change, size_t self, const struct rule_cond *c,
	    int (*fn)(void *, size_t), void *ctx)
{
	const size_t *first;
	size_t n, i;

	if (change == self || !alive(plan_change_at(e->plan, change)))
		return 0;
	n = rule_engine_targets_of(e, change, &first);
	for (i = 0; i < n; i++)
		if (type_wanted(c, e->targets[first[i]].type) && fn(ctx, first[i]) < 0)
			return -1;
	return 0;
}

int
rule_links_each(struct rule_engine *e, const struct rule_target *t, const struct rule_cond *c,
		int (*fn)(void *ctx, size_t target), void *ctx)
{
	struct rule_links *l;
	size_t self = t->change, i, ti, a, b;
	const struct link *arr;

	if (!e->links && build(e) < 0)
		return -1;
	l = e->links;
	if (c->anywhere) {
		for (ti = 0; ti < e->ntypes; ti++) {
			if (!type_wanted(c, e->types[ti]))
				continue;
			for (i = e->type_start[ti]; i < e->type_start[ti + 1]; i++) {
				size_t ch = e->targets[i].change;

				if (ch != self && alive(plan_change_at(e->plan, ch)) && fn(ctx, i) < 0)
					return -1;
			}
		}
		return 0;
	}
	/* links from configuration, dependencies or references */
	arr = c->incoming ? l->in : l->out;
	a = 0;
	b = l->n;
	while (a < b) {
		size_t m = a + (b - a) / 2;
		uint32_t k = c->incoming ? arr[m].to : arr[m].from;

		if (k < self)
			a = m + 1;
		else
			b = m;
	}
	for (; a < l->n; a++) {
		const struct link *lk = &arr[a];

		if ((c->incoming ? lk->to : lk->from) != self)
			break;
		if (!attr_matches(lk->attr, c->via))
			continue;
		if (emit_change(e, c->incoming ? lk->from : lk->to, self, c, fn, ctx) < 0)
			return -1;
	}
	/* equal known values */
	if (strcmp(c->via, "*") != 0) {
		const char *attr = strtab_intern(&e->strings, c->via, strlen(c->via));
		struct strs vals = { 0 };
		int rc = 0;

		if (!attr)
			return -1;
		if (c->incoming ? identity_values(e, t, &vals) < 0
				: values_at(&t->root, attr, t->camel, &vals) < 0) {
			strs_free(&vals);
			return -1;
		}
		for (ti = 0; ti < e->ntypes && vals.n && rc == 0; ti++) {
			struct vindex *vx;

			if (!type_wanted(c, e->types[ti]))
				continue;
			vx = vindex_get(e, ti, c->incoming ? attr : "");
			if (!vx) {
				rc = -1;
				break;
			}
			for (i = 0; i < vals.n && rc == 0; i++)
				rc = vindex_each(vx, vals.s[i], vals.len[i], self, e, fn, ctx);
		}
		strs_free(&vals);
		if (rc < 0)
			return -1;
	}
	return 0;
}
