/* plan_tf.c - Terraform/OpenTofu plan JSON (`terraform show -json`) -> plan.
 *
 * Streaming: the top-level object is walked with the pull reader and each
 * resource change is built on its own, so memory stays near the size of
 * the model.  Values are built with their unknown and sensitive masks
 * applied node by node (json_value.c): the masks of a change are read
 * first, then before/after are read from their recorded offsets.
 *
 * Features are detected by key, not by format_version (see
 * ../shared/research/tfplan-format.md); an unknown major version is an
 * error.  HCP Terraform's redacted plan JSON has the same resource-change
 * shape and loads with a warning.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "json_fields.h"
#include "json_value.h"
#include "load.h"
#include "plan_build.h"
#include "digest.h"
#include "str.h"

struct tf {
	struct plan *plan;
	struct json_fields jf;         /* field tables read with this (ctx: the tf) */
	struct source *src;
	const char *path;
	struct error *err;
	bool redacted;
	/* offsets of sections processed after the top-level walk (0 = absent) */
	size_t off_variables, off_configuration, off_prior_state, off_planned_values;
	bool have_resource_changes;
	struct arena scratch;          /* masks of one change; reset per change */
	struct value_builder scratch_vb;
	struct json_value_opts scratch_values, plan_values; /* plain values into each */
	struct json_value_stats stats; /* duplicate keys seen */
};

static int
nomem(struct tf *t)
{
	return error_set(t->err, ERROR_NOMEM, "out of memory");
}

static void
reader_at(struct tf *t, struct json_reader *r, size_t off)
{
	json_reader_init(r, t->src->text, t->src->len, off, t->path);
}

static int
expect_bool(struct tf *t, struct json_reader *r, const char *key, bool *out)
{
	if (r->tok != JSON_TRUE && r->tok != JSON_FALSE)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"'%s' must be true or false, not %s", key,
					json_token_name(r->tok));
	*out = r->tok == JSON_TRUE;
	return 0;
}

/* Builds a plain value at the reader's current token into the given
 * arena (keys interned in the plan). */
static int
build_plain(struct tf *t, struct json_reader *r, struct arena *arena, struct value *out)
{
	struct value_builder vb = { arena, &t->plan->strings };
	struct json_value_opts o = { 0 };

	o.vb = &vb;
	o.stats = &t->stats;
	return json_read_value(r, &o, out, t->err);
}

/* Builds the value at `off` with masks, into the plan. */
static int
build_masked_at(struct tf *t, size_t off, const struct value *unknown,
		const struct value *sens0, const struct value *sens1, struct value *out)
{
	struct json_reader r;
	struct json_value_opts o = { 0 };
	int rc;

	if (!off) {
		*out = value_absent;
		return 0;
	}
	o.vb = &t->plan->vb;
	o.stats = &t->stats;
	o.unknown = unknown;
	o.sensitive[0] = sens0;
	o.sensitive[1] = sens1;
	reader_at(t, &r, off);
	rc = json_reader_next(&r, t->err);
	if (rc >= 0)
		rc = json_read_value(&r, &o, out, t->err);
	json_reader_release(&r);
	if (rc < 0)
		return -1;
	/* "before": null on create and "after": null on delete mean "none" */
	if (out->kind == VALUE_NULL)
		*out = value_absent;
	return 0;
}

/* ---- actions ---- */

static int
parse_actions(struct tf *t, struct json_reader *r, struct plan_change *c)
{
	char acts[4][8];
	size_t n = 0, i;
	size_t off = r->tok_off;
	struct buf list = BUF_INIT;

	if (r->tok != JSON_ARRAY_BEGIN)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"'actions' must be an array, not %s",
					json_token_name(r->tok));
	for (;;) {
		if (json_reader_next(r, t->err) < 0)
			return -1;
		if (r->tok == JSON_ARRAY_END)
			break;
		if (r->tok != JSON_STRING || r->str_len >= sizeof(acts[0]) || n >= 4) {
			if (r->tok == JSON_OBJECT_BEGIN || r->tok == JSON_ARRAY_BEGIN)
				json_reader_skip(r, NULL);
			return json_reader_fail(r, t->err, ERROR_SCHEMA, off,
						"unsupported change actions");
		}
		memcpy(acts[n], r->str, r->str_len);
		acts[n][r->str_len] = '\0';
		n++;
	}
#define IS(i, s) (strcmp(acts[i], s) == 0)
	if (n == 1 && IS(0, "no-op"))
		c->action = PLAN_ACTION_NOOP;
	else if (n == 1 && IS(0, "create"))
		c->action = PLAN_ACTION_CREATE;
	else if (n == 1 && IS(0, "read"))
		c->action = PLAN_ACTION_READ;
	else if (n == 1 && IS(0, "update"))
		c->action = PLAN_ACTION_UPDATE;
	else if (n == 1 && IS(0, "delete"))
		c->action = PLAN_ACTION_DELETE;
	else if (n == 1 && IS(0, "forget"))
		c->action = PLAN_ACTION_FORGET;
	else if (n == 2 && IS(0, "delete") && IS(1, "create"))
		c->action = PLAN_ACTION_REPLACE;
	else if (n == 2 && IS(0, "create") && IS(1, "delete")) {
		c->action = PLAN_ACTION_REPLACE;
		c->flags |= PLAN_CHANGE_CREATE_FIRST;
	} else if (n == 2 && IS(0, "create") && IS(1, "forget")) {
		c->action = PLAN_ACTION_REPLACE;
		c->flags |= PLAN_CHANGE_CREATE_FIRST | PLAN_CHANGE_FORGET_OLD;
	} else {
		for (i = 0; i < n; i++)
			buf_addf(&list, "%s%s", i ? "," : "", acts[i]);
		json_reader_fail(r, t->err, ERROR_SCHEMA, off, "unsupported change actions [%s]",
				 buf_failed(&list) ? "?" : list.data);
		buf_release(&list);
		return -1;
	}
#undef IS
	return 0;
}

/* ---- one resource change ---- */

/* What a "change" object gives: actions and flags (into c), where
 * before and after are, and the masks (in t->scratch; VALUE_ABSENT when
 * not given). */
struct change_read {
	struct plan_change *c;
	size_t before, after;
	struct value unknown, sens_before, sens_after;
	bool have_change, have_actions;
};

/* A field (json_fields.h): "actions". */
static int
field_actions(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct change_read *cr = dest;

	(void)key;
	if (parse_actions(ctx, r, cr->c) < 0)
		return -1;
	cr->have_actions = true;
	return 0;
}

/* A field: "importing.id", when a string. */
static int
field_import_id(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct tf *t = ctx;

	(void)key;
	if (r->tok != JSON_STRING)
		return 0;
	return json_fields_string(&t->jf, r, "importing.id", dest);
}

/* A field: "importing" (or null) marks an import, of its id if given. */
static int
field_importing(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct tf *t = ctx;
	struct plan_change *c = dest;
	const struct json_field fields[] = {
		JSON_FIELD_CALL("id", field_import_id, &c->import_id),
	};

	(void)key;
	if (r->tok == JSON_NULL)
		return 0;
	if (r->tok != JSON_OBJECT_BEGIN)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"'importing' must be an object, not %s",
					json_token_name(r->tok));
	c->flags |= PLAN_CHANGE_IMPORTING;
	c->import_id = "";
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &t->jf);
}

/* A field: a non-empty "generated_config" string flags the change. */
static int
field_generated_config(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct plan_change *c = dest;

	(void)ctx;
	(void)key;
	if (r->tok == JSON_STRING && r->str_len)
		c->flags |= PLAN_CHANGE_GENERATED_CONFIG;
	return 0;
}

/* The "change" object: records where before/after are, builds masks. */
static int
parse_change_object(struct tf *t, struct json_reader *r, struct change_read *cr)
{
	/* before_identity, after_identity and future keys are passed over */
	const struct json_field fields[] = {
		JSON_FIELD_CALL("actions", field_actions, cr),
		JSON_FIELD_OFFSET("before", &cr->before),
		JSON_FIELD_OFFSET("after", &cr->after),
		JSON_FIELD_VALUE("after_unknown", &cr->unknown, &t->scratch_values),
		JSON_FIELD_VALUE("before_sensitive", &cr->sens_before, &t->scratch_values),
		JSON_FIELD_VALUE("after_sensitive", &cr->sens_after, &t->scratch_values),
		JSON_FIELD_VALUE("replace_paths", &cr->c->replace_paths, &t->plan_values),
		JSON_FIELD_CALL("importing", field_importing, cr->c),
		JSON_FIELD_CALL("generated_config", field_generated_config, cr->c),
	};

	if (r->tok != JSON_OBJECT_BEGIN)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"'change' must be an object, not %s",
					json_token_name(r->tok));
	if (json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &t->jf) < 0)
		return -1;
	if (cr->c->replace_paths.kind == VALUE_NULL)
		cr->c->replace_paths = value_absent;
	return 0;
}

static const struct value *
given(const struct value *v)
{
	return v->kind == VALUE_ABSENT ? NULL : v;
}

/* Builds before and after from what the "change" object gave, with both
 * sensitive masks applied to both sides: a value sensitive on either
 * side is never shown on the other.  Drops the masks. */
static int
build_change_values(struct tf *t, const struct change_read *cr, struct value *before,
		    struct value *after)
{
	const struct value *sb = given(&cr->sens_before), *sa = given(&cr->sens_after);

	if (build_masked_at(t, cr->before, NULL, sb, sa, before) < 0 ||
	    build_masked_at(t, cr->after, given(&cr->unknown), sb, sa, after) < 0)
		return -1;
	/* A wholly unknown "after" (after_unknown: true) with no "after". */
	if (after->kind == VALUE_ABSENT && cr->unknown.kind == VALUE_BOOL && cr->unknown.u.b)
		*after = value_unknown;
	arena_release(&t->scratch);
	return 0;
}

static const char *
index_text(struct tf *t, struct json_reader *r)
{
	struct buf b = BUF_INIT;
	const char *s;

	if (r->tok == JSON_NUMBER)
		return plan_intern(t->plan, r->str, r->str_len);
	json_quote(&b, r->str, r->str_len);
	s = buf_failed(&b) ? NULL : plan_intern(t->plan, b.data, b.len);
	buf_release(&b);
	return s;
}

/* A field: a resource change's "index", a number or a string (or null). */
static int
field_index(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct tf *t = ctx;
	const char **index = dest;

	(void)key;
	if (r->tok == JSON_NUMBER || r->tok == JSON_STRING) {
		*index = index_text(t, r);
		return *index ? 0 : nomem(t);
	}
	if (r->tok != JSON_NULL)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"'index' must be a number or a string");
	return 0;
}

/* A field: a resource change's "change". */
static int
field_change(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct change_read *cr = dest;

	(void)key;
	cr->have_change = true;
	return parse_change_object(ctx, r, cr);
}

/* Reads the fields of the resource change c (the reader is at its
 * OBJECT_BEGIN), then what follows from them. */
static int
read_resource_change(struct tf *t, struct json_reader *r, struct plan_change *c)
{
	struct change_read cr = { .c = c };
	const char *mode = NULL, *module_address = NULL, *action_reason = NULL;
	size_t start = r->tok_off;
	const struct json_field fields[] = {
		JSON_FIELD_STRING("address", &c->address),
		JSON_FIELD_STRING("previous_address", &c->previous_address),
		JSON_FIELD_STRING("module_address", &module_address),
		JSON_FIELD_STRING("mode", &mode),
		JSON_FIELD_STRING("type", &c->type),
		JSON_FIELD_STRING("name", &c->name),
		JSON_FIELD_STRING("provider_name", &c->provider),
		JSON_FIELD_STRING("deposed", &c->deposed),
		JSON_FIELD_STRING("action_reason", &action_reason),
		JSON_FIELD_CALL("index", field_index, &c->index_key),
		JSON_FIELD_CALL("change", field_change, &cr),
	};

	if (json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &t->jf) < 0)
		return -1;
	if (!c->address || !*c->address)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, start,
					"resource change without an 'address'%s", "");
	if (!cr.have_change || !cr.have_actions)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, start,
					"resource change '%.200s' has no change actions",
					c->address);
	if (!c->type || !*c->type)
		c->type = "";
	if (!c->name)
		c->name = "";
	if (!c->provider)
		c->provider = "";
	c->group = module_address ? module_address : "";
	c->mode = (mode && strcmp(mode, "data") == 0) ? PLAN_MODE_DATA : PLAN_MODE_MANAGED;
	c->reason = plan_reason_parse(action_reason);
	c->reason_text = action_reason;
	if (c->reason == PLAN_REASON_REPLACE_TAINTED)
		c->flags |= PLAN_CHANGE_TAINTED;
	if (c->deposed) {
		c->flags |= PLAN_CHANGE_DEPOSED;
		c->native_id = plan_internf(t->plan, "%s (deposed object %s)", c->address,
					    c->deposed);
		if (!c->native_id)
			return nomem(t);
	}
	if (c->previous_address && strcmp(c->previous_address, c->address) != 0)
		c->flags |= PLAN_CHANGE_MOVED;
	else
		c->previous_address = NULL;
	if (c->action == PLAN_ACTION_NOOP) {
		if (c->flags & PLAN_CHANGE_MOVED)
			c->action = PLAN_ACTION_MOVE;
		else if (c->flags & PLAN_CHANGE_IMPORTING)
			c->action = PLAN_ACTION_IMPORT;
	}
	return build_change_values(t, &cr, &c->before, &c->after);
}

/* Parses one resource-change object; the reader is at its OBJECT_BEGIN. */
static int
parse_resource_change(struct tf *t, struct json_reader *r, enum plan_section section)
{
	struct plan_change *c;

	if (r->tok != JSON_OBJECT_BEGIN)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"a resource change must be an object, not %s",
					json_token_name(r->tok));
	c = plan_add_change(t->plan);
	if (!c)
		return nomem(t);
	c->section = section;
	c->source_offset = r->tok_off;
	return read_resource_change(t, r, c);
}

/* An element of "resource_changes". */
static int
each_change(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	(void)key;
	(void)dest;
	return parse_resource_change(ctx, r, PLAN_SECTION_CHANGE);
}

/* An element of "resource_drift". */
static int
each_drift(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	(void)key;
	(void)dest;
	return parse_resource_change(ctx, r, PLAN_SECTION_DRIFT);
}

/* A field: a deferred change's "resource_change" (its reason may come
 * after it: fixed up by the caller). */
static int
field_deferred_change(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	bool *have = dest;

	(void)key;
	if (parse_resource_change(ctx, r, PLAN_SECTION_DEFERRED) < 0)
		return -1;
	*have = true;
	return 0;
}

/* An element of "deferred_changes": {reason, resource_change}. */
static int
each_deferred(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct tf *t = ctx;
	const char *reason = NULL;
	bool have_rc = false;
	size_t off = r->tok_off;
	const struct json_field fields[] = {
		JSON_FIELD_STRING("reason", &reason),
		JSON_FIELD_CALL("resource_change", field_deferred_change, &have_rc),
	};

	(void)key;
	(void)dest;
	if (r->tok != JSON_OBJECT_BEGIN)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"a deferred change must be an object, not %s",
					json_token_name(r->tok));
	if (json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &t->jf) < 0)
		return -1;
	if (!have_rc)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, off,
					"deferred change without a 'resource_change'%s", "");
	t->plan->changes[t->plan->nchanges - 1]->deferred_reason = reason ? reason : "";
	return 0;
}

/* ---- output changes ---- */

/* A field: "output_changes", {NAME: change object}. */
static int
field_output_changes(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct tf *t = ctx;

	(void)key;
	(void)dest;
	if (r->tok == JSON_NULL)
		return 0;
	if (r->tok != JSON_OBJECT_BEGIN)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"'output_changes' must be an object, not %s",
					json_token_name(r->tok));
	for (;;) {
		struct plan_output *o;
		struct plan_change tmp;
		struct change_read cr;

		if (json_reader_next(r, t->err) < 0)
			return -1;
		if (r->tok == JSON_OBJECT_END)
			return 0;
		o = plan_add_output(t->plan);
		if (!o)
			return nomem(t);
		o->name = plan_intern(t->plan, r->str, r->str_len);
		if (!o->name)
			return nomem(t);
		if (json_reader_next(r, t->err) < 0)
			return -1;
		memset(&tmp, 0, sizeof(tmp));
		memset(&cr, 0, sizeof(cr));
		cr.c = &tmp;
		if (parse_change_object(t, r, &cr) < 0)
			return -1;
		o->action = cr.have_actions ? tmp.action : PLAN_ACTION_NOOP;
		if (build_change_values(t, &cr, &o->before, &o->after) < 0)
			return -1;
	}
}

/* ---- values representation (prior_state, planned_values) ---- */

struct state_resource {
	const char *address, *mode, *type, *name, *provider, *index;
	size_t values_off;
	struct value sensitive;
	struct value depends_on;
	bool tainted;
	size_t off;
};

typedef int (*state_fn)(struct tf *t, struct state_resource *sr, const char *module);

/* A field: a state resource's "index"; one of another type is passed over. */
static int
field_state_index(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	if (r->tok != JSON_NUMBER && r->tok != JSON_STRING)
		return 0;
	return field_index(ctx, r, key, dest);
}

/* A field: "tainted": true marks it (anything else is no mark). */
static int
field_tainted(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	(void)ctx;
	(void)key;
	if (r->tok == JSON_TRUE)
		*(bool *)dest = true;
	return 0;
}

static int
parse_state_resource(struct tf *t, struct json_reader *r, struct state_resource *sr)
{
	const struct json_field fields[] = {
		JSON_FIELD_STRING("address", &sr->address),
		JSON_FIELD_STRING("mode", &sr->mode),
		JSON_FIELD_STRING("type", &sr->type),
		JSON_FIELD_STRING("name", &sr->name),
		JSON_FIELD_STRING("provider_name", &sr->provider),
		JSON_FIELD_CALL("index", field_state_index, &sr->index),
		JSON_FIELD_OFFSET("values", &sr->values_off),
		JSON_FIELD_VALUE("sensitive_values", &sr->sensitive, &t->scratch_values),
		JSON_FIELD_VALUE("depends_on", &sr->depends_on, &t->plan_values),
		JSON_FIELD_CALL("tainted", field_tainted, &sr->tainted),
	};

	memset(sr, 0, sizeof(*sr));
	sr->off = r->tok_off;
	if (r->tok != JSON_OBJECT_BEGIN)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"a resource must be an object, not %s",
					json_token_name(r->tok));
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &t->jf);
}

/* Walks {root_module: {resources, child_modules: [...]}} without
 * recursion, calling fn for every resource. */
static int
walk_values(struct tf *t, size_t off, state_fn fn, const char *what)
{
	enum { MODKEYS, CHILDREN } stack[64];
	const char *modaddr[64];
	struct json_reader r;
	int depth = 0, rc = -1;

	reader_at(t, &r, off);
	if (json_reader_next(&r, t->err) < 0)
		goto out;
	if (r.tok == JSON_NULL) {
		rc = 0;
		goto out;
	}
	if (r.tok != JSON_OBJECT_BEGIN) {
		json_reader_fail(&r, t->err, ERROR_SCHEMA, r.tok_off, "'%s' must be an object",
				 what);
		goto out;
	}
	/* find root_module (prior_state nests it under "values") */
	for (;;) {
		bool is_root, is_values;

		if (json_reader_next(&r, t->err) < 0)
			goto out;
		if (r.tok == JSON_OBJECT_END) {
			rc = 0;
			goto out;
		}
		is_root = r.str_len == 11 && memcmp(r.str, "root_module", 11) == 0;
		is_values = r.str_len == 6 && memcmp(r.str, "values", 6) == 0;
		if (json_reader_next(&r, t->err) < 0)
			goto out;
		if (is_values && r.tok == JSON_OBJECT_BEGIN)
			continue; /* descend: its keys follow */
		if (is_root && r.tok == JSON_OBJECT_BEGIN)
			break;
		if (json_reader_skip(&r, t->err) < 0)
			goto out;
	}
	stack[0] = MODKEYS;
	modaddr[0] = "";
	depth = 1;
	while (depth > 0) {
		if (json_reader_next(&r, t->err) < 0)
			goto out;
		if (stack[depth - 1] == CHILDREN) {
			if (r.tok == JSON_ARRAY_END) {
				depth--;
				continue;
			}
			if (r.tok != JSON_OBJECT_BEGIN) {
				json_reader_fail(&r, t->err, ERROR_SCHEMA, r.tok_off,
						 "'child_modules' entries must be objects%s", "");
				goto out;
			}
			if (depth >= 64) {
				json_reader_fail(&r, t->err, ERROR_LIMIT, r.tok_off,
						 "modules nested deeper than %d levels", 32);
				goto out;
			}
			stack[depth] = MODKEYS;
			modaddr[depth] = "";
			depth++;
			continue;
		}
		/* MODKEYS */
		if (r.tok == JSON_OBJECT_END) {
			depth--;
			continue;
		}
		if (r.str_len == 9 && memcmp(r.str, "resources", 9) == 0) {
			if (json_reader_next(&r, t->err) < 0)
				goto out;
			if (r.tok == JSON_NULL)
				continue;
			if (r.tok != JSON_ARRAY_BEGIN) {
				json_reader_fail(&r, t->err, ERROR_SCHEMA, r.tok_off,
						 "'resources' must be an array%s", "");
				goto out;
			}
			for (;;) {
				struct state_resource sr;

				if (json_reader_next(&r, t->err) < 0)
					goto out;
				if (r.tok == JSON_ARRAY_END)
					break;
				if (parse_state_resource(t, &r, &sr) < 0)
					goto out;
				if (sr.address && fn(t, &sr, modaddr[depth - 1]) < 0)
					goto out;
				arena_release(&t->scratch);
			}
		} else if (r.str_len == 13 && memcmp(r.str, "child_modules", 13) == 0) {
			if (json_reader_next(&r, t->err) < 0)
				goto out;
			if (r.tok == JSON_NULL)
				continue;
			if (r.tok != JSON_ARRAY_BEGIN) {
				json_reader_fail(&r, t->err, ERROR_SCHEMA, r.tok_off,
						 "'child_modules' must be an array%s", "");
				goto out;
			}
			stack[depth++] = CHILDREN;
		} else if (r.str_len == 7 && memcmp(r.str, "address", 7) == 0) {
			if (json_reader_next(&r, t->err) < 0)
				goto out;
			if (r.tok == JSON_STRING) {
				modaddr[depth - 1] = plan_intern(t->plan, r.str, r.str_len);
				if (!modaddr[depth - 1]) {
					nomem(t);
					goto out;
				}
			} else if (json_reader_skip(&r, t->err) < 0) {
				goto out;
			}
		} else {
			if (json_reader_next(&r, t->err) < 0 || json_reader_skip(&r, t->err) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	json_reader_release(&r);
	return rc;
}

/* The module instance path of a state resource: the address minus its
 * trailing "[data.]TYPE.NAME[KEY]" part.  (Module objects list their
 * resources before their own address, so it is derived here.) */
static const char *
module_of(struct tf *t, const char *address, const char *type, const char *name, bool data)
{
	struct buf suffix = BUF_INIT;
	const char *p, *best = NULL, *r;

	if (!str_has_prefix(address, "module.") || !type || !name)
		return "";
	buf_addf(&suffix, ".%s%s.%s", data ? "data." : "", type, name);
	if (buf_failed(&suffix))
		return NULL;
	for (p = strstr(address, suffix.data); p; p = strstr(p + 1, suffix.data)) {
		char next = p[suffix.len];

		if (next == '\0' || next == '[')
			best = p;
	}
	buf_release(&suffix);
	if (!best)
		return "";
	r = plan_intern(t->plan, address, (size_t)(best - address));
	return r;
}

/* prior_state: data sources become context; depends_on goes to extra. */
static int
on_prior_resource(struct tf *t, struct state_resource *sr, const char *module)
{
	(void)module;
	struct plan *plan = t->plan;
	const struct plan_change *found = plan_find_change(plan, sr->address, -1);
	bool is_data = sr->mode && strcmp(sr->mode, "data") == 0;

	if (found) {
		struct plan_change *c = plan->changes[found->index];

		if (sr->depends_on.kind == VALUE_ARRAY && sr->depends_on.len) {
			struct value_member m;

			memset(&m, 0, sizeof(m));
			m.key = value_intern_key(&plan->vb, "depends_on", 10);
			m.key_len = 10;
			m.value = sr->depends_on;
			if (!m.key || value_make_object(&plan->vb, &m, 1, &c->extra, NULL) < 0)
				return nomem(t);
		}
		if (sr->tainted)
			c->flags |= PLAN_CHANGE_TAINTED;
		return 0;
	}
	if (is_data) {
		struct plan_change *c = plan_add_change(plan);

		if (!c)
			return nomem(t);
		c->section = PLAN_SECTION_CONTEXT;
		c->action = PLAN_ACTION_NOOP;
		c->mode = PLAN_MODE_DATA;
		c->address = sr->address;
		c->type = sr->type ? sr->type : "";
		c->name = sr->name ? sr->name : "";
		c->provider = sr->provider ? sr->provider : "";
		c->index_key = sr->index;
		c->group = module_of(t, sr->address, sr->type, sr->name, true);
		if (!c->group)
			return nomem(t);
		c->source_offset = sr->off;
		if (build_masked_at(t, sr->values_off, NULL, &sr->sensitive, NULL, &c->after) < 0)
			return -1;
		c->before = c->after;
	}
	return 0;
}

/* planned_values, when the file has no resource_changes at all. */
static int
on_planned_resource(struct tf *t, struct state_resource *sr, const char *module)
{
	struct plan_change *c = plan_add_change(t->plan);

	(void)module;
	if (!c)
		return nomem(t);
	c->section = PLAN_SECTION_CHANGE;
	c->action = PLAN_ACTION_NOOP;
	c->flags |= PLAN_CHANGE_PLANNED_ONLY;
	c->mode = (sr->mode && strcmp(sr->mode, "data") == 0) ? PLAN_MODE_DATA
							       : PLAN_MODE_MANAGED;
	c->address = sr->address;
	c->type = sr->type ? sr->type : "";
	c->name = sr->name ? sr->name : "";
	c->provider = sr->provider ? sr->provider : "";
	c->index_key = sr->index;
	c->group = module_of(t, sr->address, sr->type, sr->name, c->mode == PLAN_MODE_DATA);
	if (!c->group)
		return nomem(t);
	c->source_offset = sr->off;
	return build_masked_at(t, sr->values_off, NULL, &sr->sensitive, NULL, &c->after);
}

/* ---- configuration and variables ---- */

/* Provider arguments that hold credentials: Terraform does not mark their
 * literal values sensitive in the JSON, signoff does. */
static const char *const credential_names[] = {
	"access_key", "secret_key", "token", "password", "client_secret",
	"client_certificate_password", "private_key", "credentials", "api_key",
	"api_token", "secret", "sas_token", "access_token", "client_key", "app_key",
};

static bool
is_credential_name(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(credential_names) / sizeof(credential_names[0]); i++)
		if (strcmp(key, credential_names[i]) == 0)
			return true;
	return false;
}

/* Mask for provider_config: expressions.<credential>.constant_value. */
static int
provider_masks(const struct value *pc, struct value_builder *vb, struct value *mask)
{
	struct value_member *pm;
	size_t i, j, np = 0;
	struct value tru = { VALUE_BOOL, 0, 0, 0, { NULL } };

	tru.u.b = true;
	memset(mask, 0, sizeof(*mask));
	if (pc->kind != VALUE_OBJECT || !pc->len)
		return 0;
	pm = arena_alloc(vb->arena, pc->len * sizeof(*pm));
	if (!pm)
		return -1;
	for (i = 0; i < pc->len; i++) {
		const struct value *ex = value_get(&pc->u.members[i].value, "expressions");
		struct value_member *em, one;
		size_t ne = 0;
		struct value exmask;

		if (ex->kind != VALUE_OBJECT || !ex->len)
			continue;
		em = arena_alloc(vb->arena, ex->len * sizeof(*em));
		if (!em)
			return -1;
		for (j = 0; j < ex->len; j++) {
			struct value_member cv;

			if (!is_credential_name(ex->u.members[j].key))
				continue;
			memset(&cv, 0, sizeof(cv));
			cv.key = value_intern_key(vb, "constant_value", 14);
			cv.key_len = 14;
			cv.value = tru;
			em[ne].key = ex->u.members[j].key;
			em[ne].key_len = ex->u.members[j].key_len;
			if (!cv.key || value_make_object(vb, &cv, 1, &em[ne].value, NULL) < 0)
				return -1;
			ne++;
		}
		if (!ne)
			continue;
		memset(&one, 0, sizeof(one));
		one.key = value_intern_key(vb, "expressions", 11);
		one.key_len = 11;
		if (!one.key || value_make_object(vb, em, ne, &exmask, NULL) < 0)
			return -1;
		one.value = exmask;
		pm[np].key = pc->u.members[i].key;
		pm[np].key_len = pc->u.members[i].key_len;
		if (value_make_object(vb, &one, 1, &pm[np].value, NULL) < 0)
			return -1;
		np++;
	}
	if (!np)
		return 0;
	return value_make_object(vb, pm, np, mask, NULL);
}

/* Mask for configuration: the default of every variable declared
 * sensitive, in the root module and in every module call. */
static int
config_masks(struct tf *t, const struct value *module, struct value_builder *vb,
	     struct value *mask, int depth)
{
	const struct value *vars = value_get(module, "variables");
	const struct value *calls = value_get(module, "module_calls");
	struct value_member top[2], *vm = NULL, *cm = NULL;
	size_t ntop = 0, i, nv = 0, nc = 0;
	struct value tru = { VALUE_BOOL, 0, 0, 0, { NULL } };

	tru.u.b = true;
	memset(mask, 0, sizeof(*mask));
	/* Never reached (each module level is three JSON levels and the
	 * reader stops at JSON_MAX_DEPTH_DEFAULT), but a module left
	 * unmasked would keep its secrets in clear text: fail, never skip. */
	if (depth > JSON_MAX_DEPTH_DEFAULT)
		return error_set(t->err, ERROR_LIMIT, "modules nested deeper than %d levels",
				 JSON_MAX_DEPTH_DEFAULT);
	if (vars->kind == VALUE_OBJECT && vars->len) {
		vm = arena_alloc(vb->arena, vars->len * sizeof(*vm));
		if (!vm)
			return nomem(t);
		for (i = 0; i < vars->len; i++) {
			const struct value *v = &vars->u.members[i].value;
			struct value_member dm;

			if (!value_bool(value_get(v, "sensitive"), false))
				continue;
			memset(&dm, 0, sizeof(dm));
			dm.key = value_intern_key(vb, "default", 7);
			dm.key_len = 7;
			dm.value = tru;
			vm[nv].key = vars->u.members[i].key;
			vm[nv].key_len = vars->u.members[i].key_len;
			if (!dm.key || value_make_object(vb, &dm, 1, &vm[nv].value, NULL) < 0)
				return nomem(t);
			nv++;
		}
	}
	if (calls->kind == VALUE_OBJECT && calls->len) {
		cm = arena_alloc(vb->arena, calls->len * sizeof(*cm));
		if (!cm)
			return nomem(t);
		for (i = 0; i < calls->len; i++) {
			struct value sub;
			struct value_member mm;

			if (config_masks(t, value_get(&calls->u.members[i].value, "module"), vb, &sub,
					 depth + 1) < 0)
				return nomem(t);
			if (sub.kind != VALUE_OBJECT)
				continue;
			memset(&mm, 0, sizeof(mm));
			mm.key = value_intern_key(vb, "module", 6);
			mm.key_len = 6;
			mm.value = sub;
			cm[nc].key = calls->u.members[i].key;
			cm[nc].key_len = calls->u.members[i].key_len;
			if (!mm.key || value_make_object(vb, &mm, 1, &cm[nc].value, NULL) < 0)
				return nomem(t);
			nc++;
		}
	}
	if (nv) {
		top[ntop].key = value_intern_key(vb, "variables", 9);
		top[ntop].key_len = 9;
		if (!top[ntop].key || value_make_object(vb, vm, nv, &top[ntop].value, NULL) < 0)
			return nomem(t);
		ntop++;
	}
	if (nc) {
		top[ntop].key = value_intern_key(vb, "module_calls", 12);
		top[ntop].key_len = 12;
		if (!top[ntop].key || value_make_object(vb, cm, nc, &top[ntop].value, NULL) < 0)
			return nomem(t);
		ntop++;
	}
	if (!ntop)
		return 0;
	return value_make_object(vb, top, ntop, mask, NULL) < 0 ? nomem(t) : 0;
}

static int
load_configuration(struct tf *t, struct value *config)
{
	struct arena scan = ARENA_INIT;
	struct value_builder vb = { &scan, &t->plan->strings };
	struct value tmp, rootmask, pmask, mask;
	struct json_reader r;
	struct value_member m[2];
	size_t n;
	int rc = -1;

	memset(m, 0, sizeof(m));

	/* pass 1: find which variables are sensitive */
	reader_at(t, &r, t->off_configuration);
	if (json_reader_next(&r, t->err) < 0 || build_plain(t, &r, &scan, &tmp) < 0)
		goto out;
	json_reader_release(&r);
	if (config_masks(t, value_get(&tmp, "root_module"), &vb, &rootmask, 0) < 0)
		goto out;
	memset(&mask, 0, sizeof(mask));
	if (provider_masks(value_get(&tmp, "provider_config"), &vb, &pmask) < 0) {
		nomem(t);
		goto out;
	}
	n = 0;
	if (pmask.kind == VALUE_OBJECT) {
		m[n].key = value_intern_key(&vb, "provider_config", 15);
		m[n].key_len = 15;
		m[n].value = pmask;
		if (!m[n++].key) {
			nomem(t);
			goto out;
		}
	}
	if (rootmask.kind == VALUE_OBJECT) {
		m[n].key = value_intern_key(&vb, "root_module", 11);
		m[n].key_len = 11;
		m[n].value = rootmask;
		if (!m[n++].key) {
			nomem(t);
			goto out;
		}
	}
	if (n && value_make_object(&vb, m, n, &mask, NULL) < 0) {
		nomem(t);
		goto out;
	}
	/* pass 2: build it for real with those defaults masked */
	if (build_masked_at(t, t->off_configuration, NULL,
			    mask.kind == VALUE_OBJECT ? &mask : NULL, NULL, config) < 0)
		goto out;
	rc = 0;
out:
	json_reader_release(&r);
	arena_wipe(&scan);
	return rc;
}

/* Root variables: mask the values of those declared sensitive. */
static int
load_variables(struct tf *t, const struct value *config)
{
	const struct value *decl = value_get(value_get(config, "root_module"), "variables");
	struct arena scan = ARENA_INIT;
	struct value_builder vb = { &scan, &t->plan->strings };
	struct value_member *ms = NULL;
	struct value mask, vars;
	size_t i, n = 0;
	struct value tru = { VALUE_BOOL, 0, 0, 0, { NULL } };
	int rc = -1;

	tru.u.b = true;
	memset(&mask, 0, sizeof(mask));
	if (decl->kind == VALUE_OBJECT && decl->len) {
		ms = arena_alloc(&scan, decl->len * sizeof(*ms));
		if (!ms)
			goto nomem;
		for (i = 0; i < decl->len; i++) {
			struct value_member vm;

			if (!value_bool(value_get(&decl->u.members[i].value, "sensitive"), false))
				continue;
			memset(&vm, 0, sizeof(vm));
			vm.key = value_intern_key(&vb, "value", 5);
			vm.key_len = 5;
			vm.value = tru;
			ms[n].key = decl->u.members[i].key;
			ms[n].key_len = decl->u.members[i].key_len;
			if (!vm.key || value_make_object(&vb, &vm, 1, &ms[n].value, NULL) < 0)
				goto nomem;
			n++;
		}
		if (n && value_make_object(&vb, ms, n, &mask, NULL) < 0)
			goto nomem;
	}
	if (build_masked_at(t, t->off_variables, NULL, n ? &mask : NULL, NULL, &vars) < 0)
		goto out;
	if (plan_set_section(t->plan, "variables", &vars) < 0)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	nomem(t);
out:
	arena_wipe(&scan);
	return rc;
}

/* expressions -> value: constant_value as is, references as unknown. */
static int
expressions_value(struct tf *t, const struct value *expr, struct value *out, int depth)
{
	struct value_builder *vb = &t->plan->vb;
	size_t i;

	if (depth > 64) {
		*out = value_unknown;
		return 0;
	}
	if (expr->kind == VALUE_ARRAY) {
		struct value *items = expr->len ? arena_alloc(vb->arena, expr->len * sizeof(*items))
						: NULL;

		if (expr->len && !items)
			return -1;
		for (i = 0; i < expr->len; i++)
			if (expressions_value(t, &expr->u.items[i], &items[i], depth + 1) < 0)
				return -1;
		*out = *expr;
		out->u.items = items;
		return 0;
	}
	if (expr->kind != VALUE_OBJECT) {
		*out = value_null;
		return 0;
	}
	if (value_find_member(expr, "constant_value", 14) >= 0) {
		*out = *value_get(expr, "constant_value");
		return 0;
	}
	if (value_find_member(expr, "references", 10) >= 0) {
		*out = value_unknown;
		return 0;
	}
	/* a nested block: a map of expressions */
	{
		struct value_member *ms =
			expr->len ? arena_alloc(vb->arena, expr->len * sizeof(*ms)) : NULL;

		if (expr->len && !ms)
			return -1;
		for (i = 0; i < expr->len; i++) {
			ms[i] = expr->u.members[i];
			if (expressions_value(t, &expr->u.members[i].value, &ms[i].value,
					      depth + 1) < 0)
				return -1;
		}
		*out = *expr;
		out->u.members = ms;
	}
	return 0;
}

/* Literal credentials in a provider block are not marked sensitive by
 * Terraform; treat them as sensitive anyway so they are never shown. */
static int
mask_credentials(struct tf *t, struct value *v)
{
	struct value_member *ms;
	size_t i, j;

	if (v->kind != VALUE_OBJECT || !v->len)
		return 0;
	ms = arena_alloc(&t->plan->arena, v->len * sizeof(*ms));
	if (!ms)
		return -1;
	memcpy(ms, v->u.members, v->len * sizeof(*ms));
	for (i = 0; i < v->len; i++) {
		struct value_secret *sec;
		struct buf canon = BUF_INIT;

		if (ms[i].value.kind != VALUE_STRING)
			continue;
		(void)j;
		if (!is_credential_name(ms[i].key))
			continue;
		sec = arena_alloc(&t->plan->arena, sizeof(*sec));
		if (!sec)
			return -1;
		value_to_json(&canon, &ms[i].value, false);
		if (!buf_failed(&canon) && digest_session_mac(canon.data, canon.len, sec->mac) == 0)
			sec->flags |= VALUE_SECRET_HAS_MAC;
		buf_wipe(&canon);
		sec->inner_kind = VALUE_STRING;
		memset(&ms[i].value, 0, sizeof(ms[i].value));
		ms[i].value.kind = VALUE_SENSITIVE;
		ms[i].value.u.secret = sec;
	}
	v->u.members = ms;
	return 0;
}

/* Provider configurations become context entries that rules can target. */
static int
add_providers(struct tf *t, const struct value *config)
{
	const struct value *pc = value_get(config, "provider_config");
	size_t i;

	if (pc->kind != VALUE_OBJECT)
		return 0;
	for (i = 0; i < pc->len; i++) {
		const struct value *p = &pc->u.members[i].value;
		const char *name = value_str(value_get(p, "name"));
		const char *full = value_str(value_get(p, "full_name"));
		const char *alias = value_str(value_get(p, "alias"));
		const char *module = value_str(value_get(p, "module_address"));
		struct plan_change *c;

		if (!name)
			continue;
		c = plan_add_change(t->plan);
		if (!c)
			return nomem(t);
		c->section = PLAN_SECTION_CONTEXT;
		c->action = PLAN_ACTION_NOOP;
		c->mode = PLAN_MODE_PROVIDER;
		c->type = plan_internf(t->plan, "provider.%s", name);
		c->name = alias ? alias : name;
		c->provider = full ? full : name;
		c->group = module ? module : "";
		if (module && *module)
			c->address = plan_internf(t->plan, "%s.provider[\"%s\"]%s%s", module,
						  full ? full : name, alias ? "." : "",
						  alias ? alias : "");
		else
			c->address = plan_internf(t->plan, "provider[\"%s\"]%s%s",
						  full ? full : name, alias ? "." : "",
						  alias ? alias : "");
		c->native_id = plan_intern(t->plan, pc->u.members[i].key,
					   pc->u.members[i].key_len);
		if (!c->type || !c->address || !c->native_id)
			return nomem(t);
		if (expressions_value(t, value_get(p, "expressions"), &c->after, 0) < 0 ||
		    mask_credentials(t, &c->after) < 0)
			return nomem(t);
		if (c->after.kind == VALUE_NULL)
			c->after = value_absent;
		c->before = c->after;
	}
	return 0;
}

/* ---- top level ---- */

static int
check_version(struct tf *t, struct json_reader *r, const char *key)
{
	const char *v = r->tok == JSON_STRING ? r->str : NULL;
	int n;

	if (!v)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"'%s' must be a string", key);
	/* at most 20 columns, never half a character */
	n = (int)str_fit(v, r->str_len, 20, NULL);
	if (!r->str_len || !(v[0] == '0' || v[0] == '1') || (r->str_len > 1 && v[1] != '.') ||
	    memchr(v, '\0', r->str_len))
		return json_reader_fail(r, t->err, ERROR_FORMAT, r->tok_off,
					"unsupported %s '%.*s': signoff reads versions 0.x and 1.x",
					key, n, v);
	return 0;
}

/* A field: "format_version" or "plan_format_version"; the first names
 * the plan's version when both are there. */
static int
field_format_version(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct tf *t = ctx;
	bool *have_format = dest;

	if (check_version(t, r, key) < 0)
		return -1;
	if (!t->plan->format_version[0] || key[0] == 'f') {
		t->plan->format_version = plan_intern(t->plan, r->str, r->str_len);
		if (!t->plan->format_version)
			return nomem(t);
	}
	*have_format = true;
	return 0;
}

/* A field: "resource_changes" (null or an array: either way there). */
static int
field_resource_changes(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct tf *t = ctx;

	(void)dest;
	t->have_resource_changes = true;
	return json_fields_array(&t->jf, r, key, each_change, NULL);
}

/* A field: "errored", "complete" or "applyable", into the plan's flags. */
static int
field_plan_flag(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct tf *t = ctx;
	bool b = false;

	(void)dest;
	if (expect_bool(t, r, key, &b) < 0)
		return -1;
	if (key[0] == 'e' && b)
		t->plan->flags |= PLAN_ERRORED;
	if (key[0] == 'c' && !b)
		t->plan->flags |= PLAN_INCOMPLETE;
	if (key[0] == 'a') {
		t->plan->flags |= PLAN_HAS_APPLYABLE;
		if (!b)
			t->plan->flags |= PLAN_NOT_APPLYABLE;
	}
	return 0;
}

/* A field kept whole as the plan section of its name. */
static int
field_section(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct tf *t = ctx;
	struct value v;

	(void)dest;
	if (build_plain(t, r, &t->plan->arena, &v) < 0)
		return -1;
	return plan_set_section(t->plan, key, &v) < 0 ? nomem(t) : 0;
}

static int
walk_top(struct tf *t, struct json_reader *r, bool *have_format)
{
	/* provider_schemas, action_invocations and future keys are passed over */
	const struct json_field fields[] = {
		JSON_FIELD_CALL("format_version", field_format_version, have_format),
		JSON_FIELD_CALL("plan_format_version", field_format_version, have_format),
		JSON_FIELD_STRING("terraform_version", &t->plan->tool_version),
		JSON_FIELD_STRING("timestamp", &t->plan->timestamp),
		JSON_FIELD_CALL("resource_changes", field_resource_changes, NULL),
		JSON_FIELD_ARRAY("resource_drift", each_drift, NULL),
		JSON_FIELD_ARRAY("deferred_changes", each_deferred, NULL),
		JSON_FIELD_CALL("output_changes", field_output_changes, NULL),
		JSON_FIELD_OFFSET("variables", &t->off_variables),
		JSON_FIELD_OFFSET("configuration", &t->off_configuration),
		JSON_FIELD_OFFSET("prior_state", &t->off_prior_state),
		JSON_FIELD_OFFSET("planned_values", &t->off_planned_values),
		JSON_FIELD_CALL("errored", field_plan_flag, NULL),
		JSON_FIELD_CALL("complete", field_plan_flag, NULL),
		JSON_FIELD_CALL("applyable", field_plan_flag, NULL),
		JSON_FIELD_CALL("relevant_attributes", field_section, NULL),
		JSON_FIELD_CALL("checks", field_section, NULL),
	};

	if (json_reader_next(r, t->err) < 0)
		return -1;
	if (r->tok != JSON_OBJECT_BEGIN)
		return json_reader_fail(r, t->err, ERROR_SCHEMA, r->tok_off,
					"a Terraform plan must be a JSON object, not %s",
					json_token_name(r->tok));
	if (json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &t->jf) < 0)
		return -1;
	/* a null version or timestamp is none */
	if (!t->plan->tool_version)
		t->plan->tool_version = "";
	if (!t->plan->timestamp)
		t->plan->timestamp = "";
	return 0;
}

/* Trailing text after the document: the setup-terraform wrapper appends
 * "%0A" and "::set-output"/"::debug::" lines; anything else is an error. */
static int
check_trailing(struct tf *t, struct json_reader *r)
{
	const char *s = t->src->text + json_reader_offset(r), *end = t->src->text + t->src->len;
	unsigned lines = 0;

	while (s < end && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	if (s == end)
		return 0;
	if (end - s >= 3 && memcmp(s, "%0A", 3) == 0)
		s += 3;
	while (s < end) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		const char *line_end = eol ? eol : end;

		while (s < line_end && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		if (s < line_end) {
			if (line_end - s < 2 || s[0] != ':' || s[1] != ':')
				return json_reader_expect_end(r, t->err);
			lines++;
		}
		s = eol ? eol + 1 : end;
	}
	return plan_add_diag(t->plan, PLAN_DIAG_WARNING, "loader", NULL, 0, 0,
			     "ignored %u trailing CI wrapper line(s) after the JSON document",
			     lines) < 0
		       ? nomem(t)
		       : 0;
}

int
plan_tf_load(struct plan **out, struct source *src, size_t json_start, unsigned skipped_lines,
	     struct error *err)
{
	struct tf t;
	struct json_reader r;
	struct value config = value_absent;
	bool have_format = false;
	int rc = -1;

	*out = NULL;
	memset(&t, 0, sizeof(t));
	t.err = err;
	if (plan_new(&t.plan, PLAN_SOURCE_TERRAFORM, src, err) < 0)
		return -1;
	t.src = src;
	t.path = t.plan->path;
	t.jf.strings = &t.plan->strings;
	t.jf.err = err;
	t.jf.ctx = &t;
	t.scratch_vb.arena = &t.scratch;
	t.scratch_vb.keys = &t.plan->strings;
	t.scratch_values.vb = &t.scratch_vb;
	t.scratch_values.stats = &t.stats;
	t.plan_values.vb = &t.plan->vb;
	t.plan_values.stats = &t.stats;
	if (skipped_lines &&
	    plan_add_diag(t.plan, PLAN_DIAG_WARNING, "loader", NULL, 1, 1,
			  "skipped %u line(s) of non-JSON text before the plan (e.g. a CI "
			  "wrapper's '[command]...' line)",
			  skipped_lines) < 0) {
		nomem(&t);
		goto out;
	}
	json_reader_init(&r, src->text, src->len, json_start, t.path);
	if (walk_top(&t, &r, &have_format) < 0) {
		json_reader_release(&r);
		goto out;
	}
	if (json_reader_next(&r, err) < 0 || check_trailing(&t, &r) < 0) {
		json_reader_release(&r);
		goto out;
	}
	json_reader_release(&r);
	if (!have_format) {
		if (!t.have_resource_changes && !t.off_planned_values) {
			unsigned long line, col;

			/* at the object that lacks them */
			json_position(src->text, src->len, json_start, &line, &col);
			error_set_at(err, ERROR_FORMAT, t.path, line, col,
				     "not a Terraform plan: no 'format_version', "
				     "'resource_changes' or 'planned_values'");
			goto out;
		}
		if (plan_add_diag(t.plan, PLAN_DIAG_WARNING, "loader", NULL, 0, 0,
				  "no 'format_version': read as a Terraform plan of unknown "
				  "version") < 0) {
			nomem(&t);
			goto out;
		}
	}
	if (t.off_configuration) {
		if (load_configuration(&t, &config) < 0)
			goto out;
		if (plan_set_section(t.plan, "configuration", &config) < 0) {
			nomem(&t);
			goto out;
		}
	}
	if (t.off_variables && load_variables(&t, &config) < 0)
		goto out;
	if (plan_finish(t.plan, err) < 0)
		goto out;
	if (t.off_prior_state && walk_values(&t, t.off_prior_state, on_prior_resource,
					     "prior_state") < 0)
		goto out;
	if (!t.have_resource_changes && t.off_planned_values) {
		size_t before = t.plan->nchanges;

		if (walk_values(&t, t.off_planned_values, on_planned_resource,
				"planned_values") < 0)
			goto out;
		if (t.plan->nchanges > before &&
		    plan_add_diag(t.plan, PLAN_DIAG_WARNING, "loader", NULL, 0, 0,
				  "no 'resource_changes' in this file: showing the %zu resources of "
				  "'planned_values', whose actions are unknown",
				  t.plan->nchanges - before) < 0) {
			nomem(&t);
			goto out;
		}
	}
	if (add_providers(&t, &config) < 0)
		goto out;
	if (t.plan->flags & PLAN_ERRORED &&
	    plan_add_diag(t.plan, PLAN_DIAG_ERROR, "terraform", NULL, 0, 0,
			  "Terraform reported an error while making this plan: it is incomplete "
			  "and cannot be applied") < 0) {
		nomem(&t);
		goto out;
	}
	if (t.stats.duplicate_keys) {
		unsigned long line, col;

		json_position(src->text, src->len, t.stats.first_duplicate_offset, &line, &col);
		if (plan_add_diag(t.plan, PLAN_DIAG_WARNING, "loader", NULL, line, col,
				  "%zu duplicate object key(s), the first here: the last value of "
				  "each is used, as Terraform's own JSON reader does",
				  t.stats.duplicate_keys) < 0) {
			nomem(&t);
			goto out;
		}
	}
	if (plan_finish(t.plan, err) < 0)
		goto out;
	rc = 0;
out:
	arena_release(&t.scratch);
	if (rc == 0)
		*out = t.plan;
	else
		plan_free(&t.plan);
	return rc;
}
