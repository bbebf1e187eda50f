/* render_json.c - `signoff show --format json`: schema signoff.plan/v1.
 *
 * Values are written without their sensitive and unknown parts: those
 * nodes are left out of objects (null in arrays) and listed instead in
 * "sensitive_paths" and "unknown_paths" (arrays of keys and indexes), the
 * way Terraform's own masks work.  See doc/json-schema.md.
 */
#include <string.h>

#include "jsonw.h"
#include "render.h"

struct path {
	struct {
		const char *key;
		size_t key_len;
		size_t index;
	} step[64];
	int depth;
};

static void
emit_path(struct jsonw *w, const struct path *p)
{
	int i;

	jsonw_begin_array(w);
	for (i = 0; i < p->depth && i < 64; i++) {
		if (p->step[i].key)
			jsonw_stringn(w, p->step[i].key, p->step[i].key_len);
		else
			jsonw_uint(w, p->step[i].index);
	}
	jsonw_end_array(w);
}

static bool
hidden(const struct value *v)
{
	return v->kind == VALUE_SENSITIVE || v->kind == VALUE_UNKNOWN;
}

static void
emit_value(struct jsonw *w, const struct value *v, int depth)
{
	size_t i;

	switch (v->kind) {
	case VALUE_ABSENT:
	case VALUE_NULL:
	case VALUE_UNKNOWN:
	case VALUE_SENSITIVE:
		jsonw_null(w);
		return;
	case VALUE_BOOL:
		jsonw_bool(w, v->u.b);
		return;
	case VALUE_NUMBER:
		jsonw_raw(w, v->u.str, v->len);
		return;
	case VALUE_STRING:
		jsonw_stringn(w, v->u.str, v->len);
		return;
	case VALUE_ARRAY:
		jsonw_begin_array(w);
		for (i = 0; i < v->len; i++)
			emit_value(w, &v->u.items[i], depth + 1);
		jsonw_end_array(w);
		return;
	case VALUE_OBJECT:
		jsonw_begin_object(w);
		for (i = 0; i < v->len; i++) {
			if (hidden(&v->u.members[i].value))
				continue;
			jsonw_keyn(w, v->u.members[i].key, v->u.members[i].key_len);
			emit_value(w, &v->u.members[i].value, depth + 1);
		}
		jsonw_end_object(w);
		return;
	}
}

/* Lists the paths of nodes of kind k (sensitive also matches unknown
 * values marked sensitive). */
static void
emit_paths(struct jsonw *w, const struct value *v, struct path *p, enum value_kind k)
{
	size_t i;

	if (v->kind == k || (k == VALUE_SENSITIVE && v->kind == VALUE_UNKNOWN &&
			     (v->flags & VALUE_F_SENSITIVE))) {
		emit_path(w, p);
		return;
	}
	if (p->depth >= 64)
		return;
	if (v->kind == VALUE_ARRAY) {
		for (i = 0; i < v->len; i++) {
			p->step[p->depth].key = NULL;
			p->step[p->depth].index = i;
			p->depth++;
			emit_paths(w, &v->u.items[i], p, k);
			p->depth--;
		}
	} else if (v->kind == VALUE_OBJECT) {
		for (i = 0; i < v->len; i++) {
			p->step[p->depth].key = v->u.members[i].key;
			p->step[p->depth].key_len = v->u.members[i].key_len;
			p->depth++;
			emit_paths(w, &v->u.members[i].value, p, k);
			p->depth--;
		}
	}
}

static void
emit_side(struct jsonw *w, const char *name, const struct value *v)
{
	char key[64];
	struct path p;

	jsonw_key(w, name);
	if (v->kind == VALUE_ABSENT) {
		jsonw_null(w);
		return;
	}
	emit_value(w, v, 0);
	if (value_contains_sensitive(v)) {
		snprintf(key, sizeof(key), "%s_sensitive_paths", name);
		jsonw_key(w, key);
		jsonw_begin_array(w);
		memset(&p, 0, sizeof(p));
		emit_paths(w, v, &p, VALUE_SENSITIVE);
		jsonw_end_array(w);
	}
	if (value_contains_unknown(v)) {
		snprintf(key, sizeof(key), "%s_unknown_paths", name);
		jsonw_key(w, key);
		jsonw_begin_array(w);
		memset(&p, 0, sizeof(p));
		emit_paths(w, v, &p, VALUE_UNKNOWN);
		jsonw_end_array(w);
	}
}

static void
kv_opt(struct jsonw *w, const char *key, const char *s)
{
	if (s)
		jsonw_kv_string(w, key, s);
}

static void
emit_change(struct jsonw *w, const struct plan_change *c)
{
	jsonw_begin_object(w);
	jsonw_kv_string(w, "address", c->address);
	if (strcmp(c->native_id, c->address) != 0)
		jsonw_kv_string(w, "native_id", c->native_id);
	jsonw_kv_string(w, "section", plan_section_name(c->section));
	jsonw_kv_string(w, "action", plan_action_key(c->action));
	if (c->action == PLAN_ACTION_REPLACE)
		jsonw_kv_string(w, "replace_order",
				(c->flags & PLAN_CHANGE_FORGET_OLD)    ? "create_then_forget"
				: (c->flags & PLAN_CHANGE_CREATE_FIRST) ? "create_before_destroy"
									: "destroy_before_create");
	jsonw_kv_string(w, "mode", plan_mode_name(c->mode));
	jsonw_kv_string(w, "type", c->type);
	jsonw_kv_string(w, "name", c->name);
	jsonw_kv_string(w, "group", c->group);
	jsonw_kv_string(w, "provider", c->provider);
	if (c->index_key) {
		jsonw_key(w, "index");
		jsonw_raw(w, c->index_key, strlen(c->index_key));
	}
	kv_opt(w, "previous_address", c->previous_address);
	kv_opt(w, "deposed", c->deposed);
	if (c->flags & PLAN_CHANGE_IMPORTING) {
		jsonw_key(w, "importing");
		jsonw_begin_object(w);
		kv_opt(w, "id", c->import_id);
		jsonw_end_object(w);
	}
	if (c->reason != PLAN_REASON_NONE)
		jsonw_kv_string(w, "reason", c->reason_text ? c->reason_text
							    : plan_reason_key(c->reason));
	kv_opt(w, "deferred_reason", c->deferred_reason);
	if (c->flags & PLAN_CHANGE_TAINTED)
		jsonw_kv_bool(w, "tainted", true);
	jsonw_kv_bool(w, "sensitive_changed", (c->flags & PLAN_CHANGE_SENSITIVE_CHANGED) != 0);
	jsonw_kv_bool(w, "unknown_after", (c->flags & PLAN_CHANGE_HAS_UNKNOWN) != 0);
	emit_side(w, "before", &c->before);
	emit_side(w, "after", &c->after);
	if (c->replace_paths.kind == VALUE_ARRAY) {
		jsonw_key(w, "replace_paths");
		emit_value(w, &c->replace_paths, 0);
	}
	if (c->extra.kind == VALUE_OBJECT) {
		jsonw_key(w, "extra");
		emit_value(w, &c->extra, 0);
	}
	jsonw_end_object(w);
}

int
render_json_plan(FILE *out, const struct plan *plan, const struct render_opts *opts,
		 struct error *err)
{
	struct jsonw w;
	struct plan_counts n;
	unsigned flags = plan_flags(plan);
	size_t i;
	int a;

	(void)opts;
	plan_count(plan, &n);
	jsonw_init(&w, true);
	jsonw_begin_object(&w);
	jsonw_kv_string(&w, "schema", RENDER_JSON_SCHEMA);
	jsonw_key(&w, "source");
	jsonw_begin_object(&w);
	jsonw_kv_string(&w, "kind", plan_source_kind_name(plan_source_kind(plan)));
	jsonw_kv_string(&w, "path", plan_path(plan));
	jsonw_kv_string(&w, "sha256", plan_digest_hex(plan));
	jsonw_kv_string(&w, "format_version", plan_format_version(plan));
	jsonw_kv_string(&w, "tool_version", plan_tool_version(plan));
	if (*plan_timestamp(plan))
		jsonw_kv_string(&w, "timestamp", plan_timestamp(plan));
	if (*plan_target_name(plan))
		jsonw_kv_string(&w, "target", plan_target_name(plan));
	if (plan_revision_from(plan))
		jsonw_kv_string(&w, "revision_from", plan_revision_from(plan));
	if (plan_revision_to(plan))
		jsonw_kv_string(&w, "revision_to", plan_revision_to(plan));
	jsonw_kv_bool(&w, "errored", (flags & PLAN_ERRORED) != 0);
	jsonw_kv_bool(&w, "complete", !(flags & PLAN_INCOMPLETE));
	if (flags & PLAN_HAS_APPLYABLE)
		jsonw_kv_bool(&w, "applyable", !(flags & PLAN_NOT_APPLYABLE));
	jsonw_end_object(&w);

	jsonw_key(&w, "summary");
	jsonw_begin_object(&w);
	jsonw_kv_uint(&w, "add", n.add);
	jsonw_kv_uint(&w, "change", n.change);
	jsonw_kv_uint(&w, "destroy", n.destroy);
	jsonw_kv_uint(&w, "import", n.import);
	jsonw_kv_uint(&w, "forget", n.forget);
	jsonw_key(&w, "by_action");
	jsonw_begin_object(&w);
	for (a = 0; a < PLAN_ACTION_COUNT; a++)
		jsonw_kv_uint(&w, plan_action_key((enum plan_action)a), n.by_action[a]);
	jsonw_end_object(&w);
	jsonw_kv_uint(&w, "drift", n.drift);
	jsonw_kv_uint(&w, "deferred", n.deferred);
	jsonw_kv_uint(&w, "context", n.context);
	jsonw_kv_uint(&w, "outputs_changed", n.outputs_changed);
	jsonw_end_object(&w);

	jsonw_key(&w, "changes");
	jsonw_begin_array(&w);
	for (i = 0; i < plan_change_count(plan); i++) {
		emit_change(&w, plan_change_at(plan, i));
		if (w.out.len > (1u << 20) && jsonw_flush(&w, out) < 0)
			goto io;
	}
	jsonw_end_array(&w);

	jsonw_key(&w, "outputs");
	jsonw_begin_array(&w);
	for (i = 0; i < plan_output_count(plan); i++) {
		const struct plan_output *o = plan_output_at(plan, i);

		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "name", o->name);
		jsonw_kv_string(&w, "action", plan_action_key(o->action));
		emit_side(&w, "before", &o->before);
		emit_side(&w, "after", &o->after);
		jsonw_end_object(&w);
	}
	jsonw_end_array(&w);

	jsonw_key(&w, "diagnostics");
	jsonw_begin_array(&w);
	for (i = 0; i < plan_diag_count(plan); i++) {
		const struct plan_diag *d = plan_diag_at(plan, i);

		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "severity", d->severity == PLAN_DIAG_ERROR     ? "error"
						: d->severity == PLAN_DIAG_WARNING ? "warning"
										   : "info");
		jsonw_kv_string(&w, "origin", d->origin);
		jsonw_kv_string(&w, "message", d->message);
		kv_opt(&w, "address", d->address);
		jsonw_end_object(&w);
	}
	jsonw_end_array(&w);
	jsonw_end_object(&w);
	if (buf_failed(&w.out)) {
		jsonw_release(&w);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	if (jsonw_flush(&w, out) < 0 || fflush(out) != 0)
		goto io;
	jsonw_release(&w);
	return 0;
io:
	jsonw_release(&w);
	return error_set(err, ERROR_IO, "cannot write the output");
}
