/* deps.c - dependencies stated by the plan (prior-state depends_on and
 * configuration references). */
#include "deps.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

#define REF_BUDGET 64            /* expansions per reference (var/output chains) */
#define MAX_EDGES (4u << 20)
#define MAX_FRAMES 100000

/* ---- string -> list of changes ---- */

/* struct ui_deps_smap (deps.h): heads[] hold node index + 1 (0: none),
 * and each node's next is index + 1 (0 ends). */

static size_t
smap_slot(const struct ui_deps_smap *m, const char *key, size_t len)
{
	return (size_t)(mem_hash(key, len) & (m->cap - 1));
}

static long
smap_find(const struct ui_deps_smap *m, const char *key, size_t len)
{
	size_t s;

	if (!m->cap)
		return -1;
	s = smap_slot(m, key, len);
	while (m->keys[s]) {
		if (strlen(m->keys[s]) == len && memcmp(m->keys[s], key, len) == 0)
			return (long)s;
		s = (s + 1) & (m->cap - 1);
	}
	return -1;
}

static void
smap_add(struct ui_deps_smap *m, struct arena *a, const char *key, size_t len, uint32_t value)
{
	long found = smap_find(m, key, len);
	size_t s;

	if (found < 0) {
		if ((m->count + 1) * 2 > m->cap) {
			const char **ok = m->keys;
			uint32_t *oh = m->heads;
			size_t oc = m->cap, i;

			m->cap = m->cap ? m->cap * 2 : 256;
			m->keys = xcalloc(m->cap, sizeof(*m->keys));
			m->heads = xcalloc(m->cap, sizeof(*m->heads));
			for (i = 0; i < oc; i++)
				if (ok[i]) {
					s = smap_slot(m, ok[i], strlen(ok[i]));
					while (m->keys[s])
						s = (s + 1) & (m->cap - 1);
					m->keys[s] = ok[i];
					m->heads[s] = oh[i];
				}
			mem_free(ok);
			mem_free(oh);
		}
		s = smap_slot(m, key, len);
		while (m->keys[s])
			s = (s + 1) & (m->cap - 1);
		m->keys[s] = arena_strndup(a, key, len);
		if (!m->keys[s])
			die("out of memory");
		m->count++;
		found = (long)s;
	}
	XGROW(m->nodes, &m->cnodes, m->nnodes + 1);
	m->nodes[m->nnodes].value = value;
	m->nodes[m->nnodes].next = m->heads[found];
	m->heads[found] = (uint32_t)++m->nnodes;
}

static void
smap_release(struct ui_deps_smap *m)
{
	mem_free(m->keys);
	mem_free(m->heads);
	mem_free(m->nodes);
	memset(m, 0, sizeof(*m));
}

/* ---- addresses ---- */

void
ui_deps_static_address(struct buf *out, const char *a)
{
	int depth = 0;
	bool quoted = false;

	for (; *a; a++) {
		if (quoted) {
			if (*a == '\\' && a[1])
				a++;
			else if (*a == '"')
				quoted = false;
			continue;
		}
		if (depth > 0) {
			if (*a == '"')
				quoted = true;
			else if (*a == '[')
				depth++;
			else if (*a == ']')
				depth--;
			continue;
		}
		if (*a == '[')
			depth++;
		else
			buf_addch(out, *a);
	}
}

/* "module.a[\"k\"].aws_x.y[0]" -> "module.a.aws_x.y[0]": instance keys of
 * modules go (the configuration has none), the resource's stays. */
static void
module_static_address(struct buf *out, const char *a)
{
	bool module_name = false;
	size_t i, n = strlen(a);

	for (i = 0; i < n; i++) {
		if ((i == 0 || a[i - 1] == '.') && strncmp(a + i, "module.", 7) == 0) {
			buf_add(out, a + i, 7);
			i += 6;
			module_name = true;
			continue;
		}
		if (module_name && a[i] == '[') {
			int depth = 0;
			bool quoted = false;

			for (; i < n; i++) {
				if (quoted) {
					if (a[i] == '\\' && i + 1 < n)
						i++;
					else if (a[i] == '"')
						quoted = false;
				} else if (a[i] == '"') {
					quoted = true;
				} else if (a[i] == '[') {
					depth++;
				} else if (a[i] == ']' && --depth == 0) {
					break;
				}
			}
			continue;
		}
		if (a[i] == '.')
			module_name = false;
		buf_addch(out, a[i]);
	}
}

/* Splits a reference into up to 4 segments at dots outside brackets:
 * seg[] without bracketed keys, raw[] with them.  Returns how many. */
static int
split_ref(const char *ref, struct buf seg[4], struct buf raw[4])
{
	int n = 0, depth = 0;
	size_t i, start = 0, len = strlen(ref);
	bool quoted = false;

	for (i = 0; i <= len && n < 4; i++) {
		if (i < len) {
			char c = ref[i];

			if (quoted) {
				if (c == '\\' && i + 1 < len)
					i++;
				else if (c == '"')
					quoted = false;
				continue;
			}
			if (c == '"')
				quoted = true;
			else if (c == '[')
				depth++;
			else if (c == ']' && depth > 0)
				depth--;
			if (c != '.' || depth > 0)
				continue;
		}
		buf_reset(&raw[n]);
		buf_add(&raw[n], ref + start, i - start);
		xbuf_check(&raw[n]);
		buf_reset(&seg[n]);
		ui_deps_static_address(&seg[n], raw[n].data);
		xbuf_check(&seg[n]);
		n++;
		start = i + 1;
	}
	return n;
}

/* ---- building ---- */

struct frame {
	const struct value *module;
	const struct value *call;      /* the module call in the parent, or NULL */
	const char *prefix;            /* "module.a.module.b." or "" */
	const char *name;              /* the call's name */
	long parent;
};

struct builder {
	struct ui_deps *d;
	const struct plan *plan;
	struct ui_deps_smap *addrs;            /* static address -> changes (kept in d) */
	struct ui_deps_smap instances;         /* module-static address ("m.x.y[0]") -> changes */
	struct ui_deps_smap modules;           /* static module path -> changes inside */
	struct frame *frames;
	size_t nframes, cframes;
};

/* Endpoints are nodes (static addresses: every instance) or changes. */
#define NODE_END(slot) ((uint32_t)(slot))
#define CHANGE_END(d, i) ((uint32_t)((d)->addrs.cap + (i)))

static void
edge_add(struct builder *b, uint32_t from, uint32_t to, const char *via)
{
	struct ui_deps *d = b->d;

	if (from == to || d->nedges >= MAX_EDGES)
		return;
	XGROW(d->edges, &d->cedges, d->nedges + 1);
	d->edges[d->nedges].from = from;
	d->edges[d->nedges].to = to;
	d->edges[d->nedges].via = via;
	d->edges[d->nedges].seq = (uint32_t)d->nedges;
	d->nedges++;
}

/* To a static target: a resource (its node), or every change in a module. */
static void
edges_to(struct builder *b, uint32_t from, const char *target, const char *via)
{
	long s = smap_find(b->addrs, target, strlen(target));
	uint32_t n;

	if (s >= 0) {
		edge_add(b, from, NODE_END(s), via);
		return;
	}
	if (strncmp(target, "module.", 7) != 0)
		return;
	s = smap_find(&b->modules, target, strlen(target));
	if (s < 0)
		return;
	for (n = b->modules.heads[s]; n; n = b->modules.nodes[n - 1].next)
		edge_add(b, from, CHANGE_END(b->d, b->modules.nodes[n - 1].value), via);
}

static void
index_changes(struct builder *b)
{
	struct buf sa = BUF_INIT;
	size_t i, n = plan_change_count(b->plan);

	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(b->plan, i);
		size_t k;

		if (c->section != PLAN_SECTION_CHANGE && c->section != PLAN_SECTION_CONTEXT)
			continue;
		if (c->mode == PLAN_MODE_PROVIDER)
			continue;
		buf_reset(&sa);
		ui_deps_static_address(&sa, c->address);
		xbuf_check(&sa);
		smap_add(b->addrs, &b->d->arena, sa.data, sa.len, (uint32_t)i);
		if (c->index_key) {
			struct buf ia = BUF_INIT;

			module_static_address(&ia, c->address);
			xbuf_check(&ia);
			smap_add(&b->instances, &b->d->arena, ia.data, ia.len, (uint32_t)i);
			buf_release(&ia);
		}
		/* every enclosing module path: "module.a", "module.a.module.b" */
		for (k = 0; k + 7 < sa.len; k++) {
			const char *end;

			if ((k && sa.data[k - 1] != '.') || strncmp(sa.data + k, "module.", 7) != 0)
				continue;
			end = strchr(sa.data + k + 7, '.');
			if (end && end[1])
				smap_add(&b->modules, &b->d->arena, sa.data,
					 (size_t)(end - sa.data), (uint32_t)i);
		}
	}
	buf_release(&sa);
}

static void
state_depends_on(struct builder *b)
{
	struct buf sa = BUF_INIT;
	size_t i, j, n = plan_change_count(b->plan);
	const char *via = "depends_on";

	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(b->plan, i);
		const struct value *deps = value_get(&c->extra, "depends_on");

		if (c->section != PLAN_SECTION_CHANGE || deps->kind != VALUE_ARRAY)
			continue;
		for (j = 0; j < deps->len; j++) {
			const char *s = value_str(&deps->u.items[j]);

			if (!s)
				continue;
			buf_reset(&sa);
			ui_deps_static_address(&sa, s);
			xbuf_check(&sa);
			edges_to(b, CHANGE_END(b->d, i), sa.data, via);
		}
	}
	buf_release(&sa);
}

static long
child_frame(const struct builder *b, long parent, const char *name)
{
	size_t i;

	for (i = 0; i < b->nframes; i++)
		if (b->frames[i].parent == parent && strcmp(b->frames[i].name, name) == 0)
			return (long)i;
	return -1;
}

static void
collect_frames(struct builder *b, const struct value *root)
{
	size_t i;

	XGROW(b->frames, &b->cframes, 1);
	b->frames[0].module = root;
	b->frames[0].call = NULL;
	b->frames[0].prefix = "";
	b->frames[0].name = "";
	b->frames[0].parent = -1;
	b->nframes = 1;
	for (i = 0; i < b->nframes && b->nframes < MAX_FRAMES; i++) {
		const struct value *calls = value_get(b->frames[i].module, "module_calls");
		size_t k;

		if (calls->kind != VALUE_OBJECT)
			continue;
		for (k = 0; k < calls->len && b->nframes < MAX_FRAMES; k++) {
			const struct value_member *m = &calls->u.members[k];
			const struct value *child = value_get(&m->value, "module");
			struct frame *f;
			struct buf p = BUF_INIT;

			if (child->kind != VALUE_OBJECT)
				continue;
			buf_addstr(&p, b->frames[i].prefix);
			buf_addstr(&p, "module.");
			buf_add(&p, m->key, m->key_len);
			buf_addch(&p, '.');
			xbuf_check(&p);
			XGROW(b->frames, &b->cframes, b->nframes + 1);
			f = &b->frames[b->nframes++];
			f->module = child;
			f->call = &m->value;
			f->prefix = arena_strndup(&b->d->arena, p.data, p.len);
			f->name = arena_strndup(&b->d->arena, m->key, m->key_len);
			f->parent = (long)i;
			buf_release(&p);
			if (!f->prefix || !f->name)
				die("out of memory");
		}
	}
}

/* Terraform lists a reference once per step ("module.m.out", then
 * "module.m"); the shorter ones add nothing and, for modules, would
 * reach every resource inside. */
static bool
redundant(const struct value *list, size_t i)
{
	const char *r = value_str(&list->u.items[i]);
	size_t j, n;

	if (!r)
		return true;
	n = strlen(r);
	for (j = 0; j < list->len; j++) {
		const char *o = value_str(&list->u.items[j]);

		if (j != i && o && strncmp(o, r, n) == 0 && (o[n] == '.' || o[n] == '['))
			return true;
	}
	return false;
}

struct work {
	long frame;
	const char *ref;
};

/* Resolves one reference of a resource in `frame` into edges. */
static void
resolve_ref(struct builder *b, uint32_t from, long frame, const char *ref, const char *via)
{
	struct work queue[REF_BUDGET];
	size_t head = 0, tail = 0;
	int n0;
	struct buf seg[4] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf raw[4] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf target = BUF_INIT;

	queue[tail].frame = frame;
	queue[tail].ref = ref;
	tail++;
	while (head < tail) {
		struct work w = queue[head++];
		const struct frame *f = &b->frames[w.frame];
		int n = split_ref(w.ref, seg, raw);
		const char *inst = NULL;   /* the resource with its instance key */
		const char *s0 = seg[0].data;

		if (n < 2)
			continue;
		buf_reset(&target);
		if (strcmp(s0, "var") == 0) {
			const struct value *refs;
			size_t i;

			if (!f->call || f->parent < 0)
				continue;
			refs = value_get(value_get(value_get(f->call, "expressions"), seg[1].data),
					 "references");
			for (i = 0; refs->kind == VALUE_ARRAY && i < refs->len && tail < REF_BUDGET;
			     i++) {
				const char *r = value_str(&refs->u.items[i]);

				if (r && !redundant(refs, i)) {
					queue[tail].frame = f->parent;
					queue[tail].ref = r;
					tail++;
				}
			}
			continue;
		}
		if (strcmp(s0, "local") == 0 || strcmp(s0, "count") == 0 ||
		    strcmp(s0, "each") == 0 || strcmp(s0, "path") == 0 ||
		    strcmp(s0, "self") == 0 || strcmp(s0, "terraform") == 0)
			continue;
		if (strcmp(s0, "module") == 0) {
			long child = child_frame(b, w.frame, seg[1].data);

			if (n >= 3 && child >= 0) {
				const struct value *refs = value_get(
					value_get(value_get(value_get(b->frames[child].module,
								      "outputs"),
							    seg[2].data),
						  "expression"),
					"references");
				size_t i;

				if (refs->kind == VALUE_ARRAY && refs->len) {
					for (i = 0; i < refs->len && tail < REF_BUDGET; i++) {
						const char *r = value_str(&refs->u.items[i]);

						if (r && !redundant(refs, i)) {
							queue[tail].frame = child;
							queue[tail].ref = r;
							tail++;
						}
					}
					continue;
				}
			}
			buf_addstr(&target, f->prefix);
			buf_addstr(&target, "module.");
			buf_addstr(&target, seg[1].data);
		} else if (strcmp(s0, "data") == 0) {
			if (n < 3)
				continue;
			buf_addf(&target, "%sdata.%s.%s", f->prefix, seg[1].data, seg[2].data);
			if (strchr(raw[2].data, '['))
				inst = raw[2].data;
		} else {
			buf_addf(&target, "%s%s.%s", f->prefix, s0, seg[1].data);
			if (strchr(raw[1].data, '['))
				inst = raw[1].data;
		}
		xbuf_check(&target);
		if (inst) {
			/* "aws_eip.nat[0]" reaches nat[0] only, when that instance exists */
			size_t keep = target.len;
			long s;
			uint32_t node;

			buf_addstr(&target, inst + strcspn(inst, "["));
			xbuf_check(&target);
			s = smap_find(&b->instances, target.data, target.len);
			if (s >= 0) {
				for (node = b->instances.heads[s]; node;
				     node = b->instances.nodes[node - 1].next)
					edge_add(b, from,
						 CHANGE_END(b->d, b->instances.nodes[node - 1].value),
						 via);
				continue;
			}
			buf_truncate(&target, keep);
		}
		edges_to(b, from, target.data, via);
	}
	buf_release(&target);
	for (n0 = 0; n0 < 4; n0++) {
		buf_release(&seg[n0]);
		buf_release(&raw[n0]);
	}
}

struct ewalk {
	const struct value *v;
	size_t next;
	size_t path_len;     /* length of the via path before this object */
};

/* Every "references" list in a resource's expressions, with the
 * attribute path that leads to it. */
static void
expression_refs(struct builder *b, const uint32_t *froms, size_t nfrom, long frame,
		const struct value *exprs)
{
	struct ewalk *stack = NULL;
	size_t cap = 0, n = 0;
	struct buf path = BUF_INIT;

	if (exprs->kind != VALUE_OBJECT)
		return;
	XGROW(stack, &cap, 1);
	stack[0].v = exprs;
	stack[0].next = 0;
	stack[0].path_len = 0;
	n = 1;
	while (n) {
		struct ewalk *w = &stack[n - 1];
		const struct value *child;
		size_t plen = w->path_len;

		if (w->next >= w->v->len || n > 64) {
			n--;
			continue;
		}
		buf_truncate(&path, plen);
		if (w->v->kind == VALUE_OBJECT) {
			const struct value_member *m = &w->v->u.members[w->next++];

			if (m->key_len == 14 && memcmp(m->key, "constant_value", 14) == 0)
				continue;
			if (m->key_len == 10 && memcmp(m->key, "references", 10) == 0) {
				const char *via;
				size_t i, k;

				if (m->value.kind != VALUE_ARRAY)
					continue;
				via = arena_strndup(&b->d->arena, path.data, path.len);
				if (!via)
					die("out of memory");
				for (i = 0; i < m->value.len; i++) {
					const char *r = value_str(&m->value.u.items[i]);

					if (!r || redundant(&m->value, i))
						continue;
					for (k = 0; k < nfrom; k++)
						resolve_ref(b, froms[k], frame, r, via);
				}
				continue;
			}
			child = &m->value;
			if (plen)
				buf_addch(&path, '.');
			buf_add(&path, m->key, m->key_len);
		} else {
			child = &w->v->u.items[w->next++];
		}
		xbuf_check(&path);
		if (value_is_container(child)) {
			XGROW(stack, &cap, n + 1);
			stack[n].v = child;
			stack[n].next = 0;
			stack[n].path_len = path.len;
			n++;
		}
	}
	mem_free(stack);
	buf_release(&path);
}

/* References of each configuration resource, from its node (all its
 * instances at once: the configuration knows no instance keys). */
static void
config_refs(struct builder *b)
{
	const struct value *config = plan_section_value(b->plan, "configuration");
	const struct value *root = value_get(config, "root_module");
	size_t fi;
	struct buf addr = BUF_INIT;

	if (root->kind != VALUE_OBJECT)
		return;
	collect_frames(b, root);
	for (fi = 0; fi < b->nframes; fi++) {
		const struct frame *f = &b->frames[fi];
		const struct value *res = value_get(f->module, "resources");
		size_t r;

		if (res->kind != VALUE_ARRAY)
			continue;
		for (r = 0; r < res->len; r++) {
			const struct value *rv = &res->u.items[r];
			const char *a = value_str(value_get(rv, "address"));
			const struct value *deps;
			size_t k, i;
			long s;
			uint32_t from;
			static const struct {
				const char *key, *via;
			} counts[] = { { "count_expression", "count" },
				       { "for_each_expression", "for_each" } };

			if (!a)
				continue;
			buf_reset(&addr);
			buf_addstr(&addr, f->prefix);
			buf_addstr(&addr, a);
			xbuf_check(&addr);
			s = smap_find(b->addrs, addr.data, addr.len);
			if (s < 0)
				continue;   /* nothing in the plan for this resource */
			from = NODE_END(s);
			expression_refs(b, &from, 1, (long)fi, value_get(rv, "expressions"));
			for (k = 0; k < 2; k++) {
				const struct value *refs =
					value_get(value_get(rv, counts[k].key), "references");

				for (i = 0; refs->kind == VALUE_ARRAY && i < refs->len; i++) {
					const char *ref = value_str(&refs->u.items[i]);

					if (ref && !redundant(refs, i))
						resolve_ref(b, from, (long)fi, ref, counts[k].via);
				}
			}
			deps = value_get(rv, "depends_on");
			for (i = 0; deps->kind == VALUE_ARRAY && i < deps->len; i++) {
				const char *ref = value_str(&deps->u.items[i]);

				if (ref)
					resolve_ref(b, from, (long)fi, ref, "depends_on");
			}
		}
	}
	buf_release(&addr);
}

static int
edge_cmp(const void *a, const void *b)
{
	const struct ui_dep_edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	/* keep insertion order (configuration before state) */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
ui_deps_build(struct ui_deps *d, const struct plan *plan)
{
	struct builder b;
	size_t i, k, n = plan_change_count(plan), keys;

	memset(d, 0, sizeof(d[0]));
	memset(&b, 0, sizeof(b));
	b.d = d;
	b.plan = plan;
	b.addrs = &d->addrs;
	d->nchanges = n;
	d->node_of = xmalloc((n + 1) * sizeof(*d->node_of));
	d->seen = xcalloc(n + 1, sizeof(*d->seen));
	for (i = 0; i < n; i++)
		d->node_of[i] = UINT32_MAX;
	if (plan_source_kind(plan) == PLAN_SOURCE_TERRAFORM) {
		index_changes(&b);
		/* the node map is complete: its slots are stable from here */
		for (i = 0; i < d->addrs.cap; i++) {
			uint32_t node;

			for (node = d->addrs.heads[i]; node; node = d->addrs.nodes[node - 1].next)
				d->node_of[d->addrs.nodes[node - 1].value] = (uint32_t)i;
		}
		config_refs(&b);
		state_depends_on(&b);
	}
	/* Group by `from` with a counting sort (stable, linear), then sort
	 * each group by (to, insertion) and drop duplicates. */
	keys = d->addrs.cap + n;
	d->nkeys = keys;
	if (d->nedges) {
		struct ui_dep_edge *sorted = xmalloc(d->nedges * sizeof(*sorted));
		uint32_t *start = xcalloc(keys + 2, sizeof(*start));

		for (i = 0; i < d->nedges; i++)
			start[d->edges[i].from + 1]++;
		for (i = 0; i < keys; i++)
			start[i + 1] += start[i];
		for (i = 0; i < d->nedges; i++)
			sorted[start[d->edges[i].from]++] = d->edges[i];
		mem_free(d->edges);
		d->edges = sorted;
		d->cedges = d->nedges;
		for (i = 0, k = 0; i < d->nedges;) {
			size_t j = i, m;

			while (j < d->nedges && d->edges[j].from == d->edges[i].from)
				j++;
			if (j - i > 1)
				qsort(d->edges + i, j - i, sizeof(*d->edges), edge_cmp);
			for (m = i; m < j; m++) {
				if (m > i && d->edges[m - 1].to == d->edges[m].to)
					continue;
				d->edges[k++] = d->edges[m];
			}
			i = j;
		}
		d->nedges = k;
		mem_free(start);
	}
	d->out_start = xcalloc(keys + 2, sizeof(*d->out_start));
	d->in_start = xcalloc(keys + 2, sizeof(*d->in_start));
	d->in_edges = xmalloc((d->nedges + 1) * sizeof(*d->in_edges));
	for (i = 0; i < d->nedges; i++) {
		d->out_start[d->edges[i].from + 1]++;
		d->in_start[d->edges[i].to + 1]++;
	}
	for (i = 0; i < keys; i++) {
		d->out_start[i + 1] += d->out_start[i];
		d->in_start[i + 1] += d->in_start[i];
	}
	{
		uint32_t *fill = xcalloc(keys + 1, sizeof(*fill));

		for (i = 0; i < d->nedges; i++) {
			uint32_t to = d->edges[i].to;

			d->in_edges[d->in_start[to] + fill[to]++] = (uint32_t)i;
		}
		mem_free(fill);
	}
	smap_release(&b.instances);
	smap_release(&b.modules);
	mem_free(b.frames);
}

void
ui_deps_release(struct ui_deps *d)
{
	mem_free(d->edges);
	mem_free(d->out_start);
	mem_free(d->in_start);
	mem_free(d->in_edges);
	mem_free(d->node_of);
	mem_free(d->seen);
	smap_release(&d->addrs);
	arena_release(&d->arena);
	memset(d, 0, sizeof(d[0]));
}

void
ui_dep_hits_release(struct ui_dep_hits *h)
{
	mem_free(h->items);
	memset(h, 0, sizeof(h[0]));
}

/* Adds the changes behind an endpoint (a node's instances, or a change),
 * once each per query, never `self`. */
static void
hits_add(struct ui_deps *d, uint32_t end, size_t self, const char *via, struct ui_dep_hits *h)
{
	uint32_t node;

	if (end >= d->addrs.cap) {
		uint32_t c = end - (uint32_t)d->addrs.cap;

		if (c == self || d->seen[c] == d->stamp)
			return;
		d->seen[c] = d->stamp;
		XGROW(h->items, &h->cap, h->n + 1);
		h->items[h->n].change = c;
		h->items[h->n].via = via;
		h->n++;
		return;
	}
	for (node = d->addrs.heads[end]; node; node = d->addrs.nodes[node - 1].next)
		hits_add(d, CHANGE_END(d, d->addrs.nodes[node - 1].value), self, via, h);
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct ui_dep_hit *x = a, *y = b;

	return x->change < y->change ? -1 : x->change > y->change;
}

static size_t
query(struct ui_deps *d, size_t change, bool out, struct ui_dep_hits *h)
{
	uint32_t ends[2], e;
	size_t before = h->n, i, k;

	if (change >= d->nchanges || !d->out_start)
		return 0;
	if (++d->stamp == 0) {
		memset(d->seen, 0, (d->nchanges + 1) * sizeof(*d->seen));
		d->stamp = 1;
	}
	ends[0] = CHANGE_END(d, change);
	ends[1] = d->node_of[change];
	for (k = 0; k < 2; k++) {
		e = ends[k];
		if (e == UINT32_MAX)
			continue;
		if (out) {
			for (i = d->out_start[e]; i < d->out_start[e + 1]; i++)
				hits_add(d, d->edges[i].to, change, d->edges[i].via, h);
		} else {
			for (i = d->in_start[e]; i < d->in_start[e + 1]; i++) {
				const struct ui_dep_edge *ed = &d->edges[d->in_edges[i]];

				hits_add(d, ed->from, change, ed->via, h);
			}
		}
	}
	if (h->n - before > 1)
		qsort(h->items + before, h->n - before, sizeof(*h->items), hit_cmp);
	return h->n - before;
}

size_t
ui_deps_of(struct ui_deps *d, size_t change, struct ui_dep_hits *hits)
{
	return query(d, change, true, hits);
}

size_t
ui_deps_dependents(struct ui_deps *d, size_t change, struct ui_dep_hits *hits)
{
	return query(d, change, false, hits);
}

size_t
ui_deps_edge_count(const struct ui_deps *d)
{
	return d->nedges;
}
