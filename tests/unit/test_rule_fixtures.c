/* test_rule_fixtures.c - fixture loading and the golden runner for rules.
 *
 * See test_rule_fixtures.h.  The stand-in builders below follow
 * doc/model.md field by field (addresses, types, groups, modes, the
 * unknown and secret sentinels, extra facts); they exist only so that the
 * rule tests run before the Pulumi and manifest loaders land.
 */
#include "test_rule_fixtures.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "json.h"
#include "json_value.h"
#include "load.h"
#include "mem.h"
#include "plan_build.h"
#include "source.h"
#include "str.h"

#define PULUMI_UNKNOWN "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

/* ---- small value helpers ---- */

static int
make_string(struct plan *p, const char *s, struct value *out)
{
	return value_make_string(&p->vb, s, strlen(s), out);
}

static int
member(struct plan *p, struct value_member *m, const char *key, const struct value *v)
{
	memset(m, 0, sizeof(*m));
	m->key = value_intern_key(&p->vb, key, strlen(key));
	m->key_len = (uint32_t)strlen(key);
	m->value = *v;
	return m->key ? 0 : -1;
}

/* An object without some of its keys. */
static int
without(struct plan *p, const struct value *obj, const char *const *drop, struct value *out)
{
	struct value_member *ms;
	size_t i, j, n = 0;

	if (obj->kind != VALUE_OBJECT) {
		*out = obj->kind == VALUE_NULL ? value_absent : *obj;
		return 0;
	}
	ms = arena_alloc(&p->arena, (obj->len + 1) * sizeof(*ms));
	if (!ms)
		return -1;
	for (i = 0; i < obj->len; i++) {
		bool skip = false;

		for (j = 0; drop[j]; j++)
			skip |= strcmp(obj->u.members[i].key, drop[j]) == 0;
		if (!skip)
			ms[n++] = obj->u.members[i];
	}
	return value_make_object(&p->vb, ms, n, out, NULL) < 0 ? -1 : 0;
}

/* ---- Pulumi preview (pulumi preview --json) ---- */

/* "urn:pulumi:STACK::PROJECT::TYPES::NAME" -> "TYPES::NAME" */
static const char *
urn_address(const char *urn)
{
	const char *p = strstr(urn ? urn : "", "::");

	if (!p)
		return urn ? urn : "";
	p = strstr(p + 2, "::");
	return p ? p + 2 : urn;
}

static enum plan_action
pulumi_action(const char *op)
{
	static const struct {
		const char *op;
		enum plan_action a;
	} map[] = {
		{ "create", PLAN_ACTION_CREATE },       { "update", PLAN_ACTION_UPDATE },
		{ "delete", PLAN_ACTION_DELETE },       { "discard", PLAN_ACTION_DELETE },
		{ "replace", PLAN_ACTION_REPLACE },     { "create-replacement", PLAN_ACTION_REPLACE },
		{ "delete-replaced", PLAN_ACTION_REPLACE }, { "import", PLAN_ACTION_IMPORT },
		{ "read", PLAN_ACTION_READ },           { "same", PLAN_ACTION_NOOP },
	};
	size_t i;

	for (i = 0; op && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].op, op) == 0)
			return map[i].a;
	return PLAN_ACTION_NOOP;
}

static int
pulumi_fallback(struct plan **out, struct source *src, struct error *err)
{
	static const char *const drop[] = { "__defaults", NULL };
	struct plan *plan = NULL;
	struct json_reader r;
	struct json_value_opts o;
	struct value doc;
	const struct value *steps, *diags;
	size_t i;

	if (plan_new(&plan, PLAN_SOURCE_PULUMI, src, err) < 0)
		return -1;
	memset(&o, 0, sizeof(o));
	o.vb = &plan->vb;
	o.unknown_sentinel = PULUMI_UNKNOWN;
	o.secret_sentinel = "[secret]";
	json_reader_init(&r, src->text, src->len, src->start, plan->path);
	if (json_reader_next(&r, err) < 0 || json_read_value(&r, &o, &doc, err) < 0) {
		json_reader_release(&r);
		plan_free(&plan);
		return -1;
	}
	json_reader_release(&r);
	steps = value_get(&doc, "steps");
	for (i = 0; steps->kind == VALUE_ARRAY && i < steps->len; i++) {
		const struct value *st = &steps->u.items[i];
		const struct value *ns = value_get(st, "newState"), *os = value_get(st, "oldState");
		const struct value *state = ns->kind == VALUE_OBJECT ? ns : os;
		const char *urn = value_str(value_get(st, "urn"));
		const char *type = value_str(value_get(state, "type"));
		const char *parent = value_str(value_get(state, "parent"));
		const char *addr = urn_address(urn);
		const char *nm = strrchr(addr, ':');
		struct plan_change *c = plan_add_change(plan);
		struct value_member em[5];
		struct value v;
		size_t ne = 0;

		if (!c || !urn || !type)
			goto schema;
		c->section = PLAN_SECTION_CHANGE;
		c->action = pulumi_action(value_str(value_get(st, "op")));
		c->address = plan_intern_str(plan, addr);
		c->native_id = plan_intern_str(plan, urn);
		c->type = plan_intern_str(plan, type);
		c->name = plan_intern_str(plan, nm ? nm + 1 : addr);
		c->group = "";
		if (parent && !strstr(parent, "::pulumi:pulumi:Stack::"))
			c->group = plan_intern_str(plan, urn_address(parent));
		c->provider = value_str(value_get(state, "provider"))
				      ? plan_intern_str(plan, value_str(value_get(state, "provider")))
				      : "";
		c->mode = value_get(state, "custom")->kind == VALUE_BOOL &&
					  !value_get(state, "custom")->u.b
				  ? PLAN_MODE_COMPONENT
			  : value_bool(value_get(state, "external"), false) ? PLAN_MODE_DATA
									    : PLAN_MODE_MANAGED;
		if (!c->address || !c->native_id || !c->type || !c->name || !c->group || !c->provider)
			goto nomem;
		if (without(plan, value_get(os, "inputs"), drop, &c->before) < 0 ||
		    without(plan, value_get(ns, "inputs"), drop, &c->after) < 0)
			goto nomem;
		if (c->action == PLAN_ACTION_DELETE)
			c->after = value_absent;
		if (c->action == PLAN_ACTION_CREATE)
			c->before = value_absent;
		if (make_string(plan, urn, &v) < 0 || member(plan, &em[ne++], "urn", &v) < 0)
			goto nomem;
		if (parent && (make_string(plan, parent, &v) < 0 ||
			       member(plan, &em[ne++], "parent", &v) < 0))
			goto nomem;
		if (value_get(state, "dependencies")->kind == VALUE_ARRAY &&
		    member(plan, &em[ne++], "dependencies", value_get(state, "dependencies")) < 0)
			goto nomem;
		if (value_get(state, "propertyDependencies")->kind == VALUE_OBJECT &&
		    member(plan, &em[ne++], "propertyDependencies",
			   value_get(state, "propertyDependencies")) < 0)
			goto nomem;
		if (value_make_object(&plan->vb, em, ne, &c->extra, NULL) < 0)
			goto nomem;
	}
	diags = value_get(&doc, "diagnostics");
	for (i = 0; diags->kind == VALUE_ARRAY && i < diags->len; i++) {
		const struct value *d = &diags->u.items[i];
		const char *sev = value_str(value_get(d, "severity"));
		const char *urn = value_str(value_get(d, "urn"));
		const char *msg = value_str(value_get(d, "message"));
		const char *prefix = value_str(value_get(d, "prefix"));

		if (!msg)
			continue;
		if (plan_add_diag(plan,
				  sev && strcmp(sev, "error") == 0 ? PLAN_DIAG_ERROR
				  : sev && strcmp(sev, "warning") == 0 ? PLAN_DIAG_WARNING
								       : PLAN_DIAG_INFO,
				  prefix && *prefix ? prefix : "pulumi", urn ? urn_address(urn) : NULL, 0,
				  0, "%s", msg) < 0)
			goto nomem;
	}
	if (plan_finish(plan, err) < 0) {
		plan_free(&plan);
		return -1;
	}
	*out = plan;
	return 0;
schema:
	error_set_at(err, ERROR_SCHEMA, plan->path, 0, 0, "a step without urn or type");
	plan_free(&plan);
	return -1;
nomem:
	error_set(err, ERROR_NOMEM, "out of memory");
	plan_free(&plan);
	return -1;
}

/* ---- Kubernetes / Crossplane manifests ---- */

struct yframe {
	bool map;
	struct value *items;
	struct value_member *members;
	size_t n, cap;
	bool have_key;
	const char *key;
	size_t key_len;
};

static int
yscalar(struct plan *p, const yaml_event_t *ev, struct value *out)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	char *end;

	memset(out, 0, sizeof(*out));
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		if (len == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0) {
			out->kind = VALUE_NULL;
			return 0;
		}
		if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
			out->kind = VALUE_BOOL;
			out->u.b = s[0] == 't';
			return 0;
		}
		if ((s[0] >= '0' && s[0] <= '9') || s[0] == '-') {
			(void)strtod(s, &end);
			if (*end == '\0' && end != s) {
				if (value_make_string(&p->vb, s, len, out) < 0)
					return -1;
				out->kind = VALUE_NUMBER;
				return 0;
			}
		}
	}
	return value_make_string(&p->vb, s, len, out);
}

/* Adds a finished value to the frame on top (or to the document). */
static int
yadd(struct plan *p, struct yframe *f, const struct value *v, const yaml_event_t *ev,
     bool *is_key)
{
	*is_key = false;
	if (f->map && !f->have_key) {
		if (v->kind != VALUE_STRING && v->kind != VALUE_NUMBER && v->kind != VALUE_BOOL)
			return -1;
		f->key = value_intern_key(&p->vb, ev ? (const char *)ev->data.scalar.value : "",
					  ev ? ev->data.scalar.length : 0);
		f->key_len = ev ? ev->data.scalar.length : 0;
		f->have_key = true;
		*is_key = true;
		return f->key ? 0 : -1;
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;

		if (f->map) {
			struct value_member *m = mem_realloc(f->members, cap * sizeof(*m));

			if (!m)
				return -1;
			f->members = m;
		} else {
			struct value *it = mem_realloc(f->items, cap * sizeof(*it));

			if (!it)
				return -1;
			f->items = it;
		}
		f->cap = cap;
	}
	if (f->map) {
		memset(&f->members[f->n], 0, sizeof(f->members[0]));
		f->members[f->n].key = f->key;
		f->members[f->n].key_len = (uint32_t)f->key_len;
		f->members[f->n].value = *v;
		f->have_key = false;
	} else {
		f->items[f->n] = *v;
	}
	f->n++;
	return 0;
}

/* Secret data values never stay readable (doc/model.md). */
static int
mask_secret_data(struct plan *p, struct value *doc)
{
	static const char *const keys[] = { "data", "stringData" };
	struct value_member *ms;
	size_t i, j, k;

	if (doc->kind != VALUE_OBJECT || !value_str(value_get(doc, "kind")) ||
	    strcmp(value_str(value_get(doc, "kind")), "Secret") != 0)
		return 0;
	ms = arena_alloc(&p->arena, doc->len * sizeof(*ms));
	if (!ms)
		return -1;
	memcpy(ms, doc->u.members, doc->len * sizeof(*ms));
	for (i = 0; i < doc->len; i++)
		for (k = 0; k < 2; k++) {
			struct value_member *inner;
			const struct value *d = &ms[i].value;

			if (strcmp(ms[i].key, keys[k]) != 0 || d->kind != VALUE_OBJECT)
				continue;
			inner = arena_alloc(&p->arena, (d->len + 1) * sizeof(*inner));
			if (!inner)
				return -1;
			if (d->len)
				memcpy(inner, d->u.members, d->len * sizeof(*inner));
			for (j = 0; j < d->len; j++) {
				struct value_secret *sec = arena_alloc(&p->arena, sizeof(*sec));

				if (!sec)
					return -1;
				sec->inner_kind = VALUE_STRING;
				memset(&inner[j].value, 0, sizeof(inner[j].value));
				inner[j].value.kind = VALUE_SENSITIVE;
				inner[j].value.u.secret = sec;
			}
			ms[i].value.u.members = inner;
		}
	doc->u.members = ms;
	return 0;
}

static bool
cluster_scoped(const char *group, const char *kind)
{
	static const char *const core[] = { "Namespace", "Node", "PersistentVolume",
					    "ClusterRole", "ClusterRoleBinding", "StorageClass",
					    "CustomResourceDefinition", "PriorityClass",
					    "IngressClass", NULL };
	size_t i;

	for (i = 0; core[i]; i++)
		if (strcmp(kind, core[i]) == 0)
			return true;
	/* Crossplane v1 managed resources, compositions and provider
	 * configs are cluster-scoped; the v2 ".m." groups are not */
	return (strstr(group, "upbound.io") || strstr(group, "crossplane.io")) &&
	       !strstr(group, ".m.");
}

static int
manifest_change(struct plan *p, struct value *doc, size_t index)
{
	const struct value *md = value_get(doc, "metadata");
	const char *api = value_str(value_get(doc, "apiVersion"));
	const char *kind = value_str(value_get(doc, "kind"));
	const char *name = value_str(value_get(md, "name"));
	const char *ns = value_str(value_get(md, "namespace"));
	const char *slash;
	struct plan_change *c;
	struct buf group = BUF_INIT, type = BUF_INIT, addr = BUF_INIT, nid = BUF_INIT;
	struct value_member em[2];
	struct value v;
	int rc = -1;

	if (!api || !kind || !name)
		return 0;
	slash = strchr(api, '/');
	if (slash)
		buf_add(&group, api, (size_t)(slash - api));
	if (group.len)
		buf_addf(&type, "%s/%s", group.data, kind);
	else
		buf_addstr(&type, kind);
	if (cluster_scoped(group.data, kind))
		ns = NULL;
	else if (!ns)
		ns = "default";
	if (ns)
		buf_addf(&addr, "%s/%s/%s", type.data, ns, name);
	else
		buf_addf(&addr, "%s/%s", type.data, name);
	buf_addf(&nid, "%s|%s|%s|%s", group.data, kind, ns ? ns : "", name);
	if (buf_failed(&group) || buf_failed(&type) || buf_failed(&addr) || buf_failed(&nid))
		goto out;
	if (mask_secret_data(p, doc) < 0)
		goto out;
	c = plan_add_change(p);
	if (!c)
		goto out;
	c->section = PLAN_SECTION_CHANGE;
	c->action = PLAN_ACTION_CREATE;
	c->mode = PLAN_MODE_MANAGED;
	c->address = plan_intern_str(p, addr.data);
	c->native_id = plan_intern_str(p, nid.data);
	c->type = plan_intern_str(p, type.data);
	c->name = plan_intern_str(p, name);
	c->group = plan_intern_str(p, ns ? ns : "");
	c->provider = plan_intern_str(p, group.data);
	c->after = *doc;
	c->before = value_absent;
	if (!c->address || !c->native_id || !c->type || !c->name || !c->group || !c->provider)
		goto out;
	if (make_string(p, api, &v) < 0 || member(p, &em[0], "apiVersion", &v) < 0)
		goto out;
	memset(&v, 0, sizeof(v));
	v.kind = VALUE_NUMBER;
	{
		char num[32];

		snprintf(num, sizeof(num), "%zu", index);
		if (value_make_string(&p->vb, num, strlen(num), &v) < 0)
			goto out;
		v.kind = VALUE_NUMBER;
	}
	if (member(p, &em[1], "document", &v) < 0 ||
	    value_make_object(&p->vb, em, 2, &c->extra, NULL) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&group);
	buf_release(&type);
	buf_release(&addr);
	buf_release(&nid);
	return rc;
}

static int
manifest_fallback(struct plan **out, struct source *src, struct error *err)
{
	struct plan *plan = NULL;
	yaml_parser_t parser;
	yaml_event_t ev;
	struct yframe stack[65];
	size_t depth = 0, ndoc = 0, i;
	bool done = false;
	int rc = -1;

	if (plan_new(&plan, PLAN_SOURCE_MANIFESTS, src, err) < 0)
		return -1;
	memset(stack, 0, sizeof(stack));
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->text + src->start,
				     src->len - src->start);
	while (!done) {
		struct value v;
		bool is_key = false;

		if (!yaml_parser_parse(&parser, &ev)) {
			error_set_at(err, ERROR_SYNTAX, plan->path, parser.problem_mark.line + 1,
				     parser.problem_mark.column + 1, "YAML: %s",
				     parser.problem ? parser.problem : "syntax error");
			goto out;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_SCALAR_EVENT:
			if (yscalar(plan, &ev, &v) < 0)
				goto nomem_ev;
			if (depth == 0)
				break;
			if (yadd(plan, &stack[depth - 1], &v, &ev, &is_key) < 0)
				goto nomem_ev;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (depth >= 64) {
				error_set_at(err, ERROR_LIMIT, plan->path, ev.start_mark.line + 1, 0,
					     "too deep");
				yaml_event_delete(&ev);
				goto out;
			}
			memset(&stack[depth], 0, sizeof(stack[depth]));
			stack[depth].map = ev.type == YAML_MAPPING_START_EVENT;
			depth++;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT: {
			struct yframe *f = &stack[--depth];

			if (f->map) {
				if (value_make_object(&plan->vb, f->members, f->n, &v, NULL) < 0)
					goto nomem_ev;
			} else if (value_make_array(&plan->vb, f->items, f->n, &v) < 0) {
				goto nomem_ev;
			}
			mem_free(f->members);
			mem_free(f->items);
			f->members = NULL;
			f->items = NULL;
			if (depth == 0) {
				if (v.kind == VALUE_OBJECT && manifest_change(plan, &v, ndoc++) < 0)
					goto nomem_ev;
			} else if (yadd(plan, &stack[depth - 1], &v, NULL, &is_key) < 0) {
				goto nomem_ev;
			}
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	if (plan_finish(plan, err) < 0)
		goto out;
	rc = 0;
	goto out;
nomem_ev:
	yaml_event_delete(&ev);
	error_set(err, ERROR_NOMEM, "out of memory");
out:
	for (i = 0; i < 65; i++) {
		mem_free(stack[i].members);
		mem_free(stack[i].items);
	}
	yaml_parser_delete(&parser);
	if (rc < 0)
		plan_free(&plan);
	*out = plan;
	return rc;
}

/* ---- loading ---- */

int
fixture_load(struct plan **out, const char *path, bool *used_fallback, struct error *err)
{
	struct load_opts lo;
	struct source *src = NULL;
	enum load_format f;
	size_t start = 0;
	unsigned skipped = 0;

	*out = NULL;
	*used_fallback = false;
	memset(&lo, 0, sizeof(lo));
	lo.path = path;
	if (load_plan(out, &lo, err) == 0)
		return 0;
	/* a loader that is not written yet says so; stand in for it */
	if (err->code != ERROR_FORMAT || !strstr(err->msg, "not supported yet"))
		return -1;
	error_release(err);
	if (source_read(&src, path, err) < 0)
		return -1;
	f = load_detect(src, &start, &skipped);
	*used_fallback = true;
	if (f == LOAD_FORMAT_PULUMI_PREVIEW)
		return pulumi_fallback(out, src, err);
	if (f == LOAD_FORMAT_MANIFESTS)
		return manifest_fallback(out, src, err);
	source_free(&src);
	return error_set_at(err, ERROR_FORMAT, path, 0, 0, "no stand-in for %s",
			    load_format_name(f));
}

int
fixture_run(struct rule_set *set, const struct plan *plan, struct finding_set **out,
	    struct error *err)
{
	struct finding_builder *fb = NULL;

	*out = NULL;
	if (finding_builder_new(&fb, plan, err) < 0)
		return -1;
	if (rule_set_eval(set, plan, fb, NULL, err) < 0) {
		finding_builder_free(&fb);
		return -1;
	}
	return finding_builder_finish(&fb, "", out, err);
}

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the lines of b in place. */
static void
sort_lines(struct buf *b)
{
	char **lines = NULL;
	size_t n = 0, cap = 0, i;
	char *p = b->data, *nl;
	struct buf out = BUF_INIT;

	while (*p) {
		nl = strchr(p, '\n');
		if (mem_grow_array((void **)&lines, &cap, n + 1, sizeof(*lines)) < 0)
			break;
		lines[n++] = mem_strndup(p, nl ? (size_t)(nl - p) : strlen(p));
		if (!nl)
			break;
		p = nl + 1;
	}
	if (n > 1)
		qsort(lines, n, sizeof(*lines), cmp_line);
	for (i = 0; i < n; i++) {
		if (lines[i] && *lines[i])
			buf_addf(&out, "%s\n", lines[i]);
		mem_free(lines[i]);
	}
	mem_free(lines);
	buf_reset(b);
	buf_add(b, out.data, out.len);
	buf_release(&out);
}

void
fixture_results(const struct finding_set *set, const struct plan *plan, const char *rule_id,
		struct buf *out)
{
	const struct finding_rule *r = finding_set_rule_find(set, rule_id);
	size_t i;

	buf_reset(out);
	for (i = 0; i < finding_set_count(set); i++) {
		const struct finding *f = finding_set_at(set, i);

		if (strcmp(f->rule_id, rule_id) != 0)
			continue;
		buf_addf(out, "%s %s%s%s\n", finding_status_key(f->status), f->address,
			 f->path ? " " : "", f->path ? f->path : "");
	}
	for (i = 0; r && i < r->npassed; i++)
		buf_addf(out, "pass %s\n", plan_change_at(plan, r->passed[i])->address);
	sort_lines(out);
}

static int
read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	buf_reset(out);
	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	fclose(f);
	return 0;
}

/* Expected lines without comments and blank lines, sorted. */
static void
clean_expect(struct buf *b)
{
	struct buf out = BUF_INIT;
	char *p = b->data, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (*p != '#' && *p != '\n')
			buf_add(&out, p, nl ? (size_t)(nl - p + 1) : strlen(p));
		if (!nl)
			break;
		p = nl + 1;
	}
	if (out.len && out.data[out.len - 1] != '\n')
		buf_addch(&out, '\n');
	buf_reset(b);
	buf_add(b, out.data, out.len);
	buf_release(&out);
	sort_lines(b);
}

int
fixture_check(struct rule_set *set, const char *rule_id, const char *fixture, const char *expect,
	      struct buf *report)
{
	const char *only[2] = { rule_id, NULL };
	struct plan *plan = NULL;
	struct finding_set *fs = NULL;
	struct error err = ERROR_INIT;
	struct buf want = BUF_INIT, got = BUF_INIT;
	bool fallback;
	int problems = 0;

	if (read_file(expect, &want) < 0) {
		buf_addf(report, "%s: cannot read\n", expect);
		return 1;
	}
	clean_expect(&want);
	if (rule_set_select(set, only, NULL, &err) < 0) {
		buf_addf(report, "%s: %s\n", fixture, err.msg);
		problems++;
		goto out;
	}
	if (fixture_load(&plan, fixture, &fallback, &err) < 0) {
		buf_addf(report, "%s: cannot load: %s:%lu:%lu: %s\n", fixture, err.path, err.line,
			 err.col, err.msg);
		problems++;
		goto out;
	}
	if (fixture_run(set, plan, &fs, &err) < 0) {
		buf_addf(report, "%s: %s\n", fixture, err.msg);
		problems++;
		goto out;
	}
	fixture_results(fs, plan, rule_id, &got);
	if (strcmp(got.data, want.data) != 0) {
		buf_addf(report, "%s (%s): expected\n%s  got\n%s", fixture, rule_id, want.data,
			 got.data);
		problems++;
	}
out:
	finding_set_free(&fs);
	plan_free(&plan);
	buf_release(&want);
	buf_release(&got);
	return problems;
}

static bool
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in a directory (caller frees each and the array). */
static size_t
list_dir(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (mem_grow_array((void **)&v, &cap, n + 1, sizeof(*v)) < 0)
			break;
		v[n++] = mem_strdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mem_free(v[i]);
	mem_free(v);
}

int
fixture_check_area(const char *area, struct buf *report, size_t *nrules, size_t *nfixtures)
{
	struct rule_set *set = NULL;
	struct error err = ERROR_INIT;
	struct buf dir = BUF_INIT, path = BUF_INIT, fx = BUF_INIT;
	char **rules = NULL, **files = NULL;
	size_t nr, nf, i, j;
	int problems = 0;

	*nrules = *nfixtures = 0;
	if (rule_set_new(&set, &err) < 0 || rule_set_load_dir(set, "checks", &err) < 0) {
		buf_addf(report, "checks: %s:%lu: %s\n", err.path, err.line, err.msg);
		rule_set_free(&set);
		return 1;
	}
	buf_addf(&dir, "testdata/checks/%s", area);
	nr = list_dir(dir.data, &rules);
	for (i = 0; i < nr; i++) {
		bool have_fail = false, have_pass = false;

		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir.data, rules[i]);
		if (!rule_set_find(set, rules[i])) {
			buf_addf(report, "%s: no rule '%s' in checks/\n", path.data, rules[i]);
			problems++;
			continue;
		}
		(*nrules)++;
		nf = list_dir(path.data, &files);
		for (j = 0; j < nf; j++) {
			const char *exts[] = { ".json", ".yaml", ".yml" };
			size_t stem, k;

			if (!str_has_suffix(files[j], ".expect"))
				continue;
			stem = strlen(files[j]) - 7;
			for (k = 0; k < 3; k++) {
				buf_reset(&fx);
				buf_addf(&fx, "%s/%.*s%s", path.data, (int)stem, files[j], exts[k]);
				if (exists(fx.data))
					break;
			}
			if (k == 3) {
				buf_addf(report, "%s/%s: no fixture beside it\n", path.data, files[j]);
				problems++;
				continue;
			}
			{
				struct buf ex = BUF_INIT, want = BUF_INIT;
				bool is_pass = strncmp(files[j], "pass", 4) == 0;
				bool is_fail = strncmp(files[j], "fail", 4) == 0;

				buf_addf(&ex, "%s/%s", path.data, files[j]);
				problems += fixture_check(set, rules[i], fx.data, ex.data, report);
				/* a passing fixture passes and fails nothing; a failing
				 * one fails something */
				if (read_file(ex.data, &want) == 0) {
					clean_expect(&want);
					if (is_pass && (strstr(want.data, "fail ") ||
							strstr(want.data, "unknown ") ||
							!strstr(want.data, "pass "))) {
						buf_addf(report, "%s: a pass fixture must only pass\n",
							 ex.data);
						problems++;
					}
					if (is_fail && !strstr(want.data, "fail ")) {
						buf_addf(report, "%s: a fail fixture must fail\n",
							 ex.data);
						problems++;
					}
				}
				buf_release(&want);
				buf_release(&ex);
			}
			(*nfixtures)++;
			have_fail |= strncmp(files[j], "fail", 4) == 0;
			have_pass |= strncmp(files[j], "pass", 4) == 0;
		}
		free_list(files, nf);
		if (!have_fail || !have_pass) {
			buf_addf(report, "%s: needs a failing and a passing fixture (fail*.expect, "
					 "pass*.expect)\n",
				 path.data);
			problems++;
		}
	}
	free_list(rules, nr);
	buf_release(&dir);
	buf_release(&path);
	buf_release(&fx);
	rule_set_free(&set);
	return problems;
}
