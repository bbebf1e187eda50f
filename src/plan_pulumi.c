/* plan_pulumi.c - Pulumi previews -> plan.
 *
 * Five inputs load into the one change model (see doc/model.md and
 * ../shared/research/pulumi-format.md):
 *
 *   - the preview digest (`pulumi preview --json`): config, steps,
 *     diagnostics, changeSummary;
 *   - the engine event stream (JSON lines, or pretty-printed objects glued
 *     together, with any text between them skipped with a warning);
 *   - a saved plan (`--save-plan`), a summary (`--output json`) and a stack
 *     export (which is also the `--state` file that completes a preview).
 *
 * Every input becomes a list of steps.  Steps are grouped by URN (the old
 * URN of an aliased replacement joins its new one), and each group folds
 * into one change: the replacement family (replace, create-replacement,
 * delete-replaced, ...) into one replace whose order comes from which side
 * came first; refresh steps into a separate drift change.  Property values
 * are read only once the groups are known, from their recorded offsets
 * (pulumi_value.c), so a step seen twice in an event stream costs nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "json.h"
#include "json_fields.h"
#include "json_value.h"
#include "load.h"
#include "mem.h"
#include "plan_build.h"
#include "pulumi_urn.h"
#include "pulumi_value.h"
#include "str.h"

/* ---- the op table ---- */

enum op_role {
	R_NONE = 0,
	R_CREATE = 1 << 0,        /* create */
	R_DELETE = 1 << 1,        /* delete */
	R_LOGICAL = 1 << 2,       /* replace (the logical step) */
	R_REPL_CREATE = 1 << 3,   /* the new object of a replacement */
	R_REPL_DELETE = 1 << 4,   /* the old object of a replacement */
	R_REPL_FORGET = 1 << 5,   /* the old object leaves the state only */
	R_REFRESH = 1 << 6,
	R_IMPORT = 1 << 7,
	R_DATA = 1 << 8,          /* a read resource */
};

/* X(name, op, action when alone, roles) */
#define PULUMI_OPS(X)                                                                     \
	X(SAME, "same", NOOP, R_NONE)                                                     \
	X(CREATE, "create", CREATE, R_CREATE)                                             \
	X(UPDATE, "update", UPDATE, R_NONE)                                               \
	X(DELETE, "delete", DELETE, R_DELETE)                                             \
	X(REPLACE, "replace", REPLACE, R_LOGICAL)                                         \
	X(CREATE_REPLACEMENT, "create-replacement", CREATE, R_REPL_CREATE)                \
	X(DELETE_REPLACED, "delete-replaced", DELETE, R_REPL_DELETE)                      \
	X(READ, "read", READ, R_DATA)                                                     \
	X(READ_REPLACEMENT, "read-replacement", READ, R_REPL_CREATE | R_DATA)             \
	X(REFRESH, "refresh", NOOP, R_REFRESH)                                            \
	X(DISCARD, "discard", FORGET, R_DATA)                                             \
	X(DISCARD_REPLACED, "discard-replaced", FORGET, R_REPL_FORGET | R_DATA)           \
	X(REMOVE_PENDING_REPLACE, "remove-pending-replace", FORGET, R_REPL_FORGET)        \
	X(IMPORT, "import", IMPORT, R_IMPORT)                                             \
	X(IMPORT_REPLACEMENT, "import-replacement", IMPORT, R_REPL_CREATE | R_IMPORT)     \
	X(DIFF, "diff", NOOP, R_NONE)                                                     \
	X(EXTEND_PARAMETERIZE, "extend-parameterize", NOOP, R_NONE)

enum op_id {
#define X(name, op, action, roles) OP_##name,
	PULUMI_OPS(X)
#undef X
	OP_COUNT,
	OP_UNKNOWN = OP_COUNT
};

static const struct {
	const char *name;
	enum plan_action action;
	unsigned roles;
} ops[] = {
#define X(name, op, action, roles) { op, PLAN_ACTION_##action, roles },
	PULUMI_OPS(X)
#undef X
};

static enum op_id
op_lookup(const char *s)
{
	size_t i;

	for (i = 0; i < OP_COUNT; i++)
		if (strcmp(ops[i].name, s) == 0)
			return (enum op_id)i;
	return OP_UNKNOWN;
}

/* ---- steps and groups ---- */

/* A resource state: ResourceV3 (digest, export), StepEventStateMetadata
 * (events) or a saved plan's goal.  Values stay in the text until built. */
struct pstate {
	bool present;
	const char *urn, *type, *id, *parent, *provider, *import_id, *deleted_with;
	bool custom, del, protect, external, taint, retain, pending_replacement;
	bool dbr, dbr_set;           /* deleteBeforeReplace (saved plans) */
	size_t inputs_off, outputs_off, adds_off, updates_off;
	struct value deps, prop_deps, aso, init_errors, deletes;
	bool built;
	struct value inputs, outputs, refs;
};

struct pstep {
	const char *op;
	enum op_id id;
	const char *urn;
	const char *type;
	const char *provider;
	const char *parent;          /* summary JSON */
	struct pstate old, nw;
	struct value keys, diffs, ddiff;
	bool have_ddiff;             /* detailedDiff is an object (not null/absent) */
	bool outputs_event;
	bool failed;
	uint64_t seq;
	size_t index;
	size_t offset;
};

struct order {
	uint64_t seq;
	size_t index;
	bool set;
};

#define MAX_GROUP_OPS 16

struct pgroup {
	const char *urn;
	const char *old_urn;
	bool drift;
	bool context;                /* from --state only */
	unsigned opmask;             /* bit per enum op_id (and OP_UNKNOWN) */
	const char *opnames[MAX_GROUP_OPS];
	size_t nops;
	struct order first_create, first_delete;
	struct pstate old, nw;
	struct value keys, diffs, ddiff;
	bool have_ddiff;
	const char *provider, *type, *parent;
	size_t offset;
	bool failed;
	bool new_outputs_final;      /* new outputs from a resOutputsEvent */
};

struct umap_entry {
	const char *urn;             /* interned; NULL = empty slot */
	bool drift;
	size_t group;
};

struct pl {
	struct plan *plan;
	struct json_fields jf;       /* field tables read with this (ctx: the pl) */
	struct source *src;
	const char *path;
	struct error *err;
	enum load_format format;
	struct pulumi_values pv;
	struct pgroup *groups;
	size_t ngroups, cgroups;
	struct umap_entry *map;
	size_t map_cap, map_n;
	size_t nsteps;
	bool have_target;
	bool have_config, have_summary;
	unsigned warned_ops;         /* unknown ops already reported (first few) */
	const char *unknown_ops[8];
	size_t nunknown_ops;
	uint64_t max_timestamp;
	size_t other_stack_resources;  /* in --state, of another stack */
	const char *other_stack_urn;
	struct json_pos_cursor pos;  /* diagnostics and warnings come in file order */
};

static int
nomem(struct pl *p)
{
	return error_set(p->err, ERROR_NOMEM, "out of memory");
}

static int
warn(struct pl *p, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
warn(struct pl *p, size_t off, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	unsigned long line = 0, col = 0;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (off != (size_t)-1)
		json_position_from(&p->pos, p->src->text, p->src->len, off, &line, &col);
	rc = buf_failed(&b) ? -1
			    : plan_add_diag(p->plan, PLAN_DIAG_WARNING, "loader", NULL, line, col,
					    "%s", b.data);
	buf_release(&b);
	return rc < 0 ? nomem(p) : 0;
}

/* ---- reading helpers ---- */

static int
expect_object(struct pl *p, struct json_reader *r, const char *what)
{
	if (r->tok != JSON_OBJECT_BEGIN)
		return json_reader_fail(r, p->err, ERROR_SCHEMA, r->tok_off,
					"%s must be an object, not %s", what,
					json_token_name(r->tok));
	return 0;
}

/* A small plain value (URN lists, reasons) built into the plan. */
static int
build_plain(struct pl *p, struct json_reader *r, struct value *out)
{
	struct json_value_opts o;

	memset(&o, 0, sizeof(o));
	o.vb = &p->plan->vb;
	o.unknown_sentinel = PULUMI_UNKNOWN;
	o.secret_sentinel = PULUMI_SECRET_TEXT;
	if (json_read_value(r, &o, out, p->err) < 0)
		return -1;
	if (out->kind == VALUE_NULL)
		*out = value_absent;
	return 0;
}

/* A field (json_fields.h): an array of strings, or null for none. */
static int
field_strings(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct value *out = dest;
	size_t i;

	if (build_plain(p, r, out) < 0)
		return -1;
	if (out->kind == VALUE_ABSENT)
		return 0;
	if (out->kind != VALUE_ARRAY)
		return json_reader_fail(r, p->err, ERROR_SCHEMA, r->tok_off,
					"'%s' must be an array of strings", key);
	for (i = 0; i < out->len; i++)
		if (out->u.items[i].kind != VALUE_STRING)
			return json_reader_fail(r, p->err, ERROR_SCHEMA, r->tok_off,
						"'%s' must be an array of strings", key);
	return 0;
}

/* A field: a small plain value, null for none. */
static int
field_plain(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	(void)key;
	return build_plain(ctx, r, dest);
}

/* ---- URNs ---- */

static int
parse_urn(struct pl *p, const char *urn, size_t off, struct pulumi_urn *u)
{
	if (!urn || !pulumi_urn_parse(urn, strlen(urn), u)) {
		struct buf b = BUF_INIT;
		unsigned long line, col;

		str_escape(&b, urn ? urn : "", urn ? strlen(urn) : 0, STR_ESCAPE_CONTROLS);
		json_position(p->src->text, p->src->len, off, &line, &col);
		error_set_at(p->err, ERROR_SCHEMA, p->path, line, col,
			     "'%.200s' is not a Pulumi URN (urn:pulumi:STACK::PROJECT::TYPE::NAME)",
			     buf_failed(&b) ? "?" : b.data);
		buf_release(&b);
		return -1;
	}
	return 0;
}

/* The display address of a URN (TYPE-CHAIN::NAME); NULL if not a URN. */
static const char *
urn_address(struct pl *p, const char *urn, bool *oom)
{
	struct pulumi_urn u;
	const char *a;

	*oom = false;
	if (!urn || !pulumi_urn_parse(urn, strlen(urn), &u))
		return NULL;
	a = plan_intern(p->plan, u.address, u.address_len);
	if (!a)
		*oom = true;
	return a;
}

static int
set_target(struct pl *p, const char *urn)
{
	struct pulumi_urn u;

	if (p->have_target || !urn || !pulumi_urn_parse(urn, strlen(urn), &u))
		return 0;
	p->plan->target = plan_intern(p->plan, u.stack, u.stack_len);
	if (!p->plan->target)
		return nomem(p);
	p->have_target = true;
	return 0;
}

/* ---- the URN -> group map ---- */

static size_t
umap_slot(const struct pl *p, const char *urn, bool drift)
{
	uint64_t h = mem_hash(&urn, sizeof(urn)) ^ (drift ? 0x9E3779B97F4A7C15ULL : 0);

	return (size_t)(h & (p->map_cap - 1));
}

static long
umap_get(const struct pl *p, const char *urn, bool drift)
{
	size_t s;

	if (!p->map_cap || !urn)
		return -1;
	s = umap_slot(p, urn, drift);
	while (p->map[s].urn) {
		if (p->map[s].urn == urn && p->map[s].drift == drift)
			return (long)p->map[s].group;
		s = (s + 1) & (p->map_cap - 1);
	}
	return -1;
}

static int
umap_put(struct pl *p, const char *urn, bool drift, size_t group)
{
	size_t s;

	if ((p->map_n + 1) * 2 > p->map_cap) {
		size_t ncap = p->map_cap ? p->map_cap * 2 : 64, i;
		struct umap_entry *old = p->map, *nm = mem_calloc(ncap, sizeof(*nm));
		size_t ocap = p->map_cap;

		if (!nm)
			return nomem(p);
		p->map = nm;
		p->map_cap = ncap;
		for (i = 0; i < ocap; i++) {
			if (!old[i].urn)
				continue;
			s = umap_slot(p, old[i].urn, old[i].drift);
			while (p->map[s].urn)
				s = (s + 1) & (p->map_cap - 1);
			p->map[s] = old[i];
		}
		mem_free(old);
	}
	s = umap_slot(p, urn, drift);
	while (p->map[s].urn) {
		if (p->map[s].urn == urn && p->map[s].drift == drift) {
			p->map[s].group = group;
			return 0;
		}
		s = (s + 1) & (p->map_cap - 1);
	}
	p->map[s].urn = urn;
	p->map[s].drift = drift;
	p->map[s].group = group;
	p->map_n++;
	return 0;
}

static struct pgroup *
new_group(struct pl *p, const char *urn, bool drift)
{
	void *q = p->groups;
	struct pgroup *g;

	if (mem_grow_array(&q, &p->cgroups, p->ngroups + 1, sizeof(*p->groups)) < 0)
		return NULL;
	p->groups = q;
	g = &p->groups[p->ngroups];
	memset(g, 0, sizeof(*g));
	g->urn = urn;
	g->drift = drift;
	g->keys = g->diffs = g->ddiff = value_absent;
	if (umap_put(p, urn, drift, p->ngroups) < 0)
		return NULL;
	p->ngroups++;
	return g;
}

/* ---- resource states ---- */

static void
state_init(struct pstate *s)
{
	memset(s, 0, sizeof(*s));
	s->deps = s->prop_deps = s->aso = s->init_errors = s->deletes = value_absent;
	s->inputs = s->outputs = s->refs = value_absent;
}

/* A field: "id" as a string or null; an id of another type is passed over. */
static int
field_id(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;

	if (r->tok != JSON_STRING && r->tok != JSON_NULL)
		return 0;
	return json_fields_string(&p->jf, r, key, dest);
}

/* Reads a ResourceV3 / StepEventStateMetadata object (or null). */
static int
parse_state(struct pl *p, struct json_reader *r, struct pstate *s, const char *what)
{
	/* created, modified, sourcePosition, aliases and future keys are passed over */
	const struct json_field fields[] = {
		JSON_FIELD_STRING("urn", &s->urn),
		JSON_FIELD_STRING("type", &s->type),
		JSON_FIELD_CALL("id", field_id, &s->id),
		JSON_FIELD_STRING("parent", &s->parent),
		JSON_FIELD_STRING("provider", &s->provider),
		JSON_FIELD_STRING("importID", &s->import_id),
		JSON_FIELD_STRING("deletedWith", &s->deleted_with),
		JSON_FIELD_BOOL("custom", &s->custom),
		JSON_FIELD_BOOL("delete", &s->del),
		JSON_FIELD_BOOL("protect", &s->protect),
		JSON_FIELD_BOOL("external", &s->external),
		JSON_FIELD_BOOL("taint", &s->taint),
		JSON_FIELD_BOOL("retainOnDelete", &s->retain),
		JSON_FIELD_BOOL("pendingReplacement", &s->pending_replacement),
		JSON_FIELD_OFFSET("inputs", &s->inputs_off),
		JSON_FIELD_OFFSET("outputs", &s->outputs_off),
		JSON_FIELD_CALL("dependencies", field_strings, &s->deps),
		JSON_FIELD_CALL("additionalSecretOutputs", field_strings, &s->aso),
		JSON_FIELD_CALL("propertyDependencies", field_plain, &s->prop_deps),
		JSON_FIELD_CALL("initErrors", field_plain, &s->init_errors),
	};

	state_init(s);
	if (r->tok == JSON_NULL)
		return 0;
	if (expect_object(p, r, what) < 0)
		return -1;
	s->present = true;
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf);
}

/* A field: a step's "oldState"/"newState", an event's "old"/"new". */
static int
field_state(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	char what[16];

	snprintf(what, sizeof(what), "'%s'", key);
	return parse_state(ctx, r, dest, what);
}

/* Merges two objects: b's members over a's. */
static int
merge_objects(struct pl *p, const struct value *a, const struct value *b, struct value *out)
{
	struct value_member *ms;
	size_t n = 0, i;
	int rc;

	if (a->kind != VALUE_OBJECT) {
		*out = b->kind == VALUE_OBJECT ? *b : value_absent;
		return 0;
	}
	if (b->kind != VALUE_OBJECT) {
		*out = *a;
		return 0;
	}
	ms = mem_alloc(((size_t)a->len + b->len + 1) * sizeof(*ms));
	if (!ms)
		return nomem(p);
	for (i = 0; i < a->len; i++)
		ms[n++] = a->u.members[i];
	for (i = 0; i < b->len; i++)
		ms[n++] = b->u.members[i];
	/* a repeated key keeps its last value: b's */
	rc = value_make_object(&p->plan->vb, ms, n, out, NULL);
	mem_free(ms);
	return rc < 0 ? nomem(p) : 0;
}

/* A provider resource: its type, or failing that its URN's, is
 * pulumi:providers:PKG. */
static bool
is_provider_state(const struct pstate *s)
{
	struct pulumi_urn u;

	if (s->type)
		return pulumi_type_is_provider(s->type, strlen(s->type));
	return s->urn && pulumi_urn_parse(s->urn, strlen(s->urn), &u) &&
	       pulumi_type_is_provider(u.type, u.type_len);
}

/* Builds inputs and outputs of a state from `pv`'s text. */
static int
build_state(struct pl *p, struct pulumi_values *pv, struct pstate *s)
{
	struct value mask = value_absent, adds = value_absent, updates = value_absent;
	struct value cred = value_absent;
	const struct value *in_mask;

	if (s->built || !s->present)
		return 0;
	s->built = true;
	if (is_provider_state(s)) {
		/* credentials masked in inputs and outputs, as for Terraform */
		if (pulumi_value_credential_mask(&p->plan->vb, &value_absent, &cred) < 0 ||
		    pulumi_value_credential_mask(&p->plan->vb, &s->aso, &mask) < 0)
			return nomem(p);
	} else if (pulumi_value_name_mask(&p->plan->vb, &s->aso, &mask) < 0) {
		return nomem(p);
	}
	in_mask = cred.kind == VALUE_ABSENT ? NULL : &cred;
	if (s->inputs_off &&
	    pulumi_values_read(pv, s->inputs_off, 0, in_mask, &s->inputs, &s->refs, p->err) < 0)
		return -1;
	if (s->adds_off &&
	    pulumi_values_read(pv, s->adds_off, 0, in_mask, &adds, &s->refs, p->err) < 0)
		return -1;
	if (s->updates_off && pulumi_values_read(pv, s->updates_off, 0, in_mask, &updates, NULL,
						 p->err) < 0)
		return -1;
	if (s->adds_off || s->updates_off) {
		if (merge_objects(p, &adds, &updates, &s->inputs) < 0)
			return -1;
		if (s->inputs.kind == VALUE_ABSENT) {
			if (value_make_object(&p->plan->vb, NULL, 0, &s->inputs, NULL) < 0)
				return nomem(p);
		}
	}
	if (s->outputs_off && pulumi_values_read(pv, s->outputs_off, 0, &mask, &s->outputs, NULL,
						 p->err) < 0)
		return -1;
	if (s->inputs.kind == VALUE_NULL)
		s->inputs = value_absent;
	if (s->outputs.kind == VALUE_NULL)
		s->outputs = value_absent;
	return 0;
}

/* ---- detailedDiff: {PATH: {kind|diffKind, inputDiff}} -> {PATH: {kind, inputDiff}} ---- */

/* A field: a step's detailedDiff (or null), into step->ddiff. */
static int
field_detailed_diff(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct pstep *st = dest;
	struct value_member *ms = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;

	(void)key;
	st->have_ddiff = false;
	st->ddiff = value_absent;
	if (r->tok == JSON_NULL)
		return 0;
	if (expect_object(p, r, "'detailedDiff'") < 0)
		return -1;
	for (;;) {
		struct value_member m[2];
		const char *kind = NULL;
		bool input_diff = false;
		void *q = ms;
		const struct json_field fields[] = {
			JSON_FIELD_STRING("kind", &kind),
			JSON_FIELD_STRING("diffKind", &kind),
			JSON_FIELD_BOOL("inputDiff", &input_diff),
		};

		if (json_reader_next(r, p->err) < 0)
			goto out;
		if (r->tok == JSON_OBJECT_END)
			break;
		if (mem_grow_array(&q, &cap, n + 1, sizeof(*ms)) < 0) {
			nomem(p);
			goto out;
		}
		ms = q;
		if (memchr(r->str, '\0', r->str_len)) {
			json_reader_fail(r, p->err, ERROR_SCHEMA, r->tok_off,
					 "a 'detailedDiff' path contains a NUL character");
			goto out;
		}
		ms[n].key = value_intern_key(&p->plan->vb, r->str, r->str_len);
		ms[n].key_len = (uint32_t)r->str_len;
		if (!ms[n].key) {
			nomem(p);
			goto out;
		}
		if (json_reader_next(r, p->err) < 0)
			goto out;
		if (expect_object(p, r, "a 'detailedDiff' entry") < 0 ||
		    json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf) < 0)
			goto out;
		memset(m, 0, sizeof(m));
		m[0].key = value_intern_key(&p->plan->vb, "inputDiff", 9);
		m[0].key_len = 9;
		m[0].value.kind = VALUE_BOOL;
		m[0].value.u.b = input_diff;
		m[1].key = value_intern_key(&p->plan->vb, "kind", 4);
		m[1].key_len = 4;
		if (!m[0].key || !m[1].key ||
		    value_make_string(&p->plan->vb, kind ? kind : "update",
				      strlen(kind ? kind : "update"), &m[1].value) < 0 ||
		    value_make_object(&p->plan->vb, m, 2, &ms[n].value, NULL) < 0) {
			nomem(p);
			goto out;
		}
		n++;
	}
	if (value_make_object(&p->plan->vb, ms, n, &st->ddiff, NULL) < 0) {
		nomem(p);
		goto out;
	}
	st->have_ddiff = true;
	rc = 0;
out:
	mem_free(ms);
	return rc;
}

/* ---- adding a step to its group ---- */

static bool
order_before(const struct order *a, const struct order *b)
{
	if (a->seq && b->seq && a->seq != b->seq)
		return a->seq < b->seq;
	return a->index < b->index;
}

static bool
is_replace_family(enum op_id id)
{
	return id != OP_UNKNOWN &&
	       (ops[id].roles & (R_LOGICAL | R_REPL_CREATE | R_REPL_DELETE | R_REPL_FORGET));
}

static int
note_unknown_op(struct pl *p, const struct pstep *st)
{
	size_t i;

	for (i = 0; i < p->nunknown_ops; i++)
		if (p->unknown_ops[i] == st->op)
			return 0;
	if (p->nunknown_ops < sizeof(p->unknown_ops) / sizeof(p->unknown_ops[0]))
		p->unknown_ops[p->nunknown_ops++] = st->op;
	return warn(p, st->offset,
		    "unknown step op '%.40s': shown as an update so that it is reviewed", st->op);
}

static int
add_step(struct pl *p, struct pstep *st)
{
	bool drift = st->id == OP_REFRESH;
	struct pgroup *g = NULL;
	long gi;
	const char *old_urn = st->old.present ? st->old.urn : NULL;
	struct order o;
	size_t i;

	st->index = p->nsteps++;
	if (st->id == OP_UNKNOWN && note_unknown_op(p, st) < 0)
		return -1;
	if (set_target(p, st->urn) < 0)
		return -1;
	gi = umap_get(p, st->urn, drift);
	if (gi < 0 && is_replace_family(st->id) && old_urn && old_urn != st->urn) {
		/* an aliased replacement: the delete side carries the old URN */
		gi = umap_get(p, old_urn, drift);
		if (gi >= 0 && umap_put(p, st->urn, drift, (size_t)gi) < 0)
			return -1;
		if (gi >= 0)
			p->groups[gi].urn = st->urn;
	}
	if (gi < 0) {
		g = new_group(p, st->urn, drift);
		if (!g)
			return nomem(p);
		g->offset = st->offset;
	} else {
		g = &p->groups[gi];
	}
	if (is_replace_family(st->id) && old_urn && old_urn != st->urn) {
		gi = g - p->groups;
		if (umap_get(p, old_urn, drift) < 0 && umap_put(p, old_urn, drift, (size_t)gi) < 0)
			return -1;
		g->old_urn = old_urn;
	}
	/* ops, in the order first seen */
	g->opmask |= 1u << st->id;
	for (i = 0; i < g->nops; i++)
		if (g->opnames[i] == st->op)
			break;
	if (i == g->nops && g->nops < MAX_GROUP_OPS)
		g->opnames[g->nops++] = st->op;
	o.seq = st->seq;
	o.index = st->index;
	o.set = true;
	if (st->id != OP_UNKNOWN && (ops[st->id].roles & (R_CREATE | R_REPL_CREATE)) &&
	    (!g->first_create.set || order_before(&o, &g->first_create)))
		g->first_create = o;
	if (st->id != OP_UNKNOWN &&
	    (ops[st->id].roles & (R_DELETE | R_REPL_DELETE | R_REPL_FORGET)) &&
	    (!g->first_delete.set || order_before(&o, &g->first_delete)))
		g->first_delete = o;
	/* states: the first seen wins, except outputs from a resOutputsEvent */
	if (st->old.present && !g->old.present)
		g->old = st->old;
	if (st->nw.present) {
		if (!g->nw.present) {
			g->nw = st->nw;
			g->new_outputs_final = st->outputs_event;
		} else if (st->outputs_event && st->nw.outputs_off) {
			g->nw.outputs_off = st->nw.outputs_off;
			g->new_outputs_final = true;
		}
	}
	if (g->keys.kind == VALUE_ABSENT)
		g->keys = st->keys;
	if (g->diffs.kind == VALUE_ABSENT)
		g->diffs = st->diffs;
	if (!g->have_ddiff && st->have_ddiff) {
		g->ddiff = st->ddiff;
		g->have_ddiff = true;
	}
	if (!g->provider && st->provider && *st->provider)
		g->provider = st->provider;
	if (!g->type && st->type && *st->type)
		g->type = st->type;
	if (!g->parent && st->parent && *st->parent)
		g->parent = st->parent;
	if (st->failed)
		g->failed = true;
	return 0;
}

/* ---- one step: a digest step or an event's metadata ---- */

/* A step with nothing read yet, found at `offset`. */
static void
step_init(struct pstep *st, size_t offset)
{
	memset(st, 0, sizeof(*st));
	state_init(&st->old);
	state_init(&st->nw);
	st->keys = st->diffs = st->ddiff = value_absent;
	st->offset = offset;
}

static int
parse_step(struct pl *p, struct json_reader *r, struct pstep *st, bool event)
{
	size_t start = r->tok_off;
	struct pulumi_urn u;
	const struct json_field fields[] = {
		JSON_FIELD_STRING("op", &st->op),
		JSON_FIELD_STRING("urn", &st->urn),
		JSON_FIELD_STRING("type", &st->type),
		JSON_FIELD_STRING("provider", &st->provider),
		JSON_FIELD_CALL(event ? "old" : "oldState", field_state, &st->old),
		JSON_FIELD_CALL(event ? "new" : "newState", field_state, &st->nw),
		JSON_FIELD_CALL(event ? "keys" : "replaceReasons", field_strings, &st->keys),
		JSON_FIELD_CALL(event ? "diffs" : "diffReasons", field_strings, &st->diffs),
		JSON_FIELD_CALL("detailedDiff", field_detailed_diff, st),
	};

	step_init(st, start);
	if (expect_object(p, r, event ? "'metadata'" : "a step") < 0 ||
	    json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf) < 0)
		return -1;
	if (!st->op)
		return json_reader_fail(r, p->err, ERROR_SCHEMA, start, "%s without an 'op'",
					event ? "a resource event" : "a step");
	if (!st->urn)
		return json_reader_fail(r, p->err, ERROR_SCHEMA, start, "%s without a 'urn'",
					event ? "a resource event" : "a step");
	if (parse_urn(p, st->urn, start, &u) < 0)
		return -1;
	st->id = op_lookup(st->op);
	return 0;
}

/* ---- diagnostics ---- */

/* Pulumi's colour markup "<{%fg 1%}>", trailing newlines: dropped. */
static void
clean_message(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (len - i >= 3 && s[i] == '<' && s[i + 1] == '{' && s[i + 2] == '%') {
			size_t j = i + 3;

			while (j + 2 < len && !(s[j] == '%' && s[j + 1] == '}' && s[j + 2] == '>'))
				j++;
			if (j + 2 < len) {
				i = j + 3;
				continue;
			}
		}
		buf_addch(out, s[i]);
		i++;
	}
	while (out->len && (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == '\r' ||
			    out->data[out->len - 1] == ' '))
		buf_truncate(out, out->len - 1);
}

static enum plan_diag_severity
diag_severity(const char *s)
{
	if (s && strcmp(s, "error") == 0)
		return PLAN_DIAG_ERROR;
	if (s && strcmp(s, "warning") == 0)
		return PLAN_DIAG_WARNING;
	return PLAN_DIAG_INFO;
}

static int
add_diag(struct pl *p, enum plan_diag_severity sev, const char *origin, const char *urn,
	 const char *message, size_t off)
{
	struct buf msg = BUF_INIT;
	const char *address = NULL;
	unsigned long line, col;
	bool oom;
	int rc;

	address = urn_address(p, urn, &oom);
	if (oom)
		return nomem(p);
	clean_message(&msg, message ? message : "", message ? strlen(message) : 0);
	if (!msg.len)
		buf_addstr(&msg, "(no message)");
	json_position_from(&p->pos, p->src->text, p->src->len, off, &line, &col);
	rc = buf_failed(&msg) ? -1
			      : plan_add_diag(p->plan, sev, origin, address, line, col, "%s", msg.data);
	buf_release(&msg);
	if (rc < 0)
		return nomem(p);
	/* a policy violation blocks the update, but the preview is complete */
	if (sev == PLAN_DIAG_ERROR && strcmp(origin, "pulumi") == 0)
		p->plan->flags |= PLAN_ERRORED;
	return 0;
}

/* {urn?, prefix?, message, severity, ephemeral?, ...} */
static int
parse_diagnostic(struct pl *p, struct json_reader *r)
{
	const char *urn = NULL, *message = NULL, *severity = NULL;
	bool ephemeral = false;
	size_t off = r->tok_off;
	const struct json_field fields[] = {
		JSON_FIELD_STRING("urn", &urn),
		JSON_FIELD_TEXT("message", &message),
		JSON_FIELD_STRING("severity", &severity),
		JSON_FIELD_BOOL("ephemeral", &ephemeral),
	};

	if (expect_object(p, r, "a diagnostic") < 0 ||
	    json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf) < 0)
		return -1;
	if (ephemeral || (severity && strcmp(severity, "debug") == 0))
		return 0;
	return add_diag(p, diag_severity(severity), "pulumi", urn, message, off);
}

/* policyEvent / policyRemediationEvent */
static int
parse_policy(struct pl *p, struct json_reader *r, bool remediation)
{
	const char *urn = NULL, *message = NULL, *policy = NULL, *pack = NULL, *level = NULL;
	size_t off = r->tok_off;
	struct buf origin = BUF_INIT, msg = BUF_INIT;
	enum plan_diag_severity sev = PLAN_DIAG_WARNING;
	int rc = -1;
	const struct json_field fields[] = {
		JSON_FIELD_STRING("resourceUrn", &urn),
		JSON_FIELD_TEXT("message", &message),
		JSON_FIELD_STRING("policyName", &policy),
		JSON_FIELD_STRING("policyPackName", &pack),
		JSON_FIELD_STRING("enforcementLevel", &level),
	};

	if (expect_object(p, r, "a policy event") < 0 ||
	    json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf) < 0)
		return -1;
	if (level && strcmp(level, "mandatory") == 0)
		sev = PLAN_DIAG_ERROR;
	else if (level && (strcmp(level, "remediate") == 0 || strcmp(level, "none") == 0))
		sev = PLAN_DIAG_INFO;
	if (remediation)
		sev = PLAN_DIAG_WARNING;
	buf_addf(&origin, "policy pack %s", pack && *pack ? pack : "(unnamed)");
	if (policy && *policy)
		buf_addf(&msg, "[%s] ", policy);
	if (remediation)
		buf_addstr(&msg, "the policy pack changed this resource's inputs (remediation)");
	else
		buf_addstr(&msg, message ? message : "");
	if (level && !remediation)
		buf_addf(&msg, " (%s)", level);
	if (buf_failed(&origin) || buf_failed(&msg)) {
		nomem(p);
		goto out;
	}
	rc = add_diag(p, sev, origin.data, urn, msg.data, off);
out:
	buf_release(&origin);
	buf_release(&msg);
	return rc;
}

/* ---- sections: config, changeSummary ---- */

/* The name part of a config key ("secretKey" in "aws:secretKey"). */
static const char *
memrchr_colon(const char *s, size_t len)
{
	while (len && s[len - 1] != ':')
		len--;
	return s + len;
}

/* The keys of the config object at `off` whose name (after the last ':',
 * as in "aws:secretKey") is a credential, as a mask; value_absent when
 * none. */
static int
config_credentials(struct pl *p, size_t off, struct value *mask)
{
	struct json_reader r;
	struct value_member *ms = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;

	*mask = value_absent;
	json_reader_init(&r, p->src->text, p->src->len, off, p->path);
	if (json_reader_next(&r, p->err) < 0)
		goto out;
	if (r.tok != JSON_OBJECT_BEGIN) {
		rc = 0;
		goto out;
	}
	for (;;) {
		const char *name;
		void *grown = ms;

		if (json_reader_next(&r, p->err) < 0)
			goto out;
		if (r.tok == JSON_OBJECT_END)
			break;
		name = memrchr_colon(r.str, r.str_len);
		if (pulumi_value_is_credential(name, r.str_len - (size_t)(name - r.str))) {
			if (mem_grow_array(&grown, &cap, n + 1, sizeof(*ms)) < 0) {
				nomem(p);
				goto out;
			}
			ms = grown;
			memset(&ms[n], 0, sizeof(ms[n]));
			ms[n].key = value_intern_key(&p->plan->vb, r.str, r.str_len);
			ms[n].key_len = (uint32_t)r.str_len;
			ms[n].value.kind = VALUE_BOOL;
			ms[n].value.u.b = true;
			if (!ms[n++].key) {
				nomem(p);
				goto out;
			}
		}
		if (json_reader_next(&r, p->err) < 0 || json_reader_skip(&r, p->err) < 0)
			goto out;
	}
	if (n && value_make_object(&p->plan->vb, ms, n, mask, NULL) < 0) {
		nomem(p);
		goto out;
	}
	rc = 0;
out:
	mem_free(ms);
	json_reader_release(&r);
	return rc;
}

/* A field: the stack's "config", read once (the first one given). */
static int
field_config(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct value v, mask;
	size_t off = r->tok_off;

	(void)key;
	(void)dest;
	if (json_reader_skip(r, p->err) < 0)
		return -1;
	if (p->have_config)
		return 0;
	if (config_credentials(p, off, &mask) < 0 ||
	    pulumi_values_read(&p->pv, off, PULUMI_READ_CONFIG,
			       mask.kind == VALUE_ABSENT ? NULL : &mask, &v, NULL, p->err) < 0)
		return -1;
	if (v.kind == VALUE_NULL)
		return 0;
	p->have_config = true;
	return plan_set_section(p->plan, "config", &v) < 0 ? nomem(p) : 0;
}

/* A field: the counts of a changeSummary (summary event: resourceChanges). */
static int
field_change_summary(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct value v;

	(void)key;
	(void)dest;
	if (build_plain(p, r, &v) < 0)
		return -1;
	if (v.kind != VALUE_OBJECT)
		return 0;
	p->have_summary = true;
	return plan_set_section(p->plan, "changeSummary", &v) < 0 ? nomem(p) : 0;
}

/* A field: "maybeCorrupt": true warns; any other value says nothing. */
static int
field_maybe_corrupt(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	(void)key;
	(void)dest;
	if (r->tok != JSON_TRUE)
		return 0;
	return add_diag(ctx, PLAN_DIAG_WARNING, "pulumi", NULL,
			"Pulumi reports that the stack's state may be corrupt (maybeCorrupt)",
			r->tok_off);
}

/* A field: "result": "failed" marks the plan errored. */
static int
field_result(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;

	(void)key;
	(void)dest;
	if (r->tok == JSON_STRING && r->str_len == 6 && memcmp(r->str, "failed", 6) == 0)
		p->plan->flags |= PLAN_ERRORED;
	return 0;
}

/* ---- the preview digest ---- */

/* An element of a digest's "steps". */
static int
each_step(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pstep st;

	(void)key;
	(void)dest;
	if (parse_step(ctx, r, &st, false) < 0)
		return -1;
	return add_step(ctx, &st);
}

/* An element of a digest's "diagnostics". */
static int
each_diagnostic(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	(void)key;
	(void)dest;
	return parse_diagnostic(ctx, r);
}

static int
walk_digest(struct pl *p, struct json_reader *r)
{
	/* duration and future keys are passed over */
	const struct json_field fields[] = {
		JSON_FIELD_CALL("config", field_config, NULL),
		JSON_FIELD_ARRAY("steps", each_step, NULL),
		JSON_FIELD_ARRAY("diagnostics", each_diagnostic, NULL),
		JSON_FIELD_CALL("changeSummary", field_change_summary, NULL),
		JSON_FIELD_CALL("maybeCorrupt", field_maybe_corrupt, NULL),
	};

	if (expect_object(p, r, "a Pulumi preview") < 0)
		return -1;
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf);
}

/* ---- the engine event stream ---- */

/* A field: an event's "metadata", a step. */
static int
field_metadata(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	(void)key;
	return parse_step(ctx, r, dest, true);
}

static int
parse_resource_event(struct pl *p, struct json_reader *r, uint64_t seq, bool outputs, bool failed)
{
	struct pstep st;
	const struct json_field fields[] = {
		JSON_FIELD_CALL("metadata", field_metadata, &st),
	};

	st.op = NULL; /* a step read always has one */
	if (expect_object(p, r, "a resource event") < 0 ||
	    json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf) < 0)
		return -1;
	if (!st.op)
		return 0;
	st.seq = seq;
	st.outputs_event = outputs;
	st.failed = failed;
	return add_step(p, &st);
}

static int
parse_summary_event(struct pl *p, struct json_reader *r)
{
	const struct json_field fields[] = {
		JSON_FIELD_CALL("resourceChanges", field_change_summary, NULL),
		JSON_FIELD_CALL("maybeCorrupt", field_maybe_corrupt, NULL),
		JSON_FIELD_CALL("result", field_result, NULL),
	};

	if (expect_object(p, r, "a summary event") < 0)
		return -1;
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf);
}

static int
parse_error_event(struct pl *p, struct json_reader *r)
{
	const char *msg = NULL;
	size_t off = r->tok_off;
	const struct json_field fields[] = {
		JSON_FIELD_IF_STRING("error", &msg),
	};

	if (expect_object(p, r, "an error event") < 0 ||
	    json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf) < 0)
		return -1;
	return add_diag(p, PLAN_DIAG_ERROR, "pulumi", NULL, msg ? msg : "engine error", off);
}

static int
parse_prelude_event(struct pl *p, struct json_reader *r)
{
	const struct json_field fields[] = {
		JSON_FIELD_CALL("config", field_config, NULL),
	};

	if (expect_object(p, r, "a prelude event") < 0)
		return -1;
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf);
}

static void
key_copy(const struct json_reader *r, char *key, size_t size)
{
	size_t n = r->str_len < size - 1 ? r->str_len : 0;

	memcpy(key, r->str, n);
	key[n] = '\0';
}

/* Payload offsets are kept until the whole event is read: "sequence"
 * may come after the payload. */
struct payload {
	char name[32];
	size_t off;
};

static int
parse_event(struct pl *p, size_t start, size_t *end, bool *known)
{
	struct json_reader r;
	struct payload pay[4];
	size_t npay = 0, i;
	uint64_t seq = 0;
	int rc = -1;

	*known = false;
	json_reader_init(&r, p->src->text, p->src->len, start, p->path);
	if (json_reader_next(&r, p->err) < 0)
		goto out;
	if (r.tok != JSON_OBJECT_BEGIN) {
		if (json_reader_skip(&r, p->err) < 0)
			goto out;
		*end = json_reader_offset(&r);
		rc = 0;
		goto out;
	}
	for (;;) {
		char key[32];

		if (json_reader_next(&r, p->err) < 0)
			goto out;
		if (r.tok == JSON_OBJECT_END)
			break;
		key_copy(&r, key, sizeof(key));
		if (json_reader_next(&r, p->err) < 0)
			goto out;
		if (strcmp(key, "sequence") == 0 || strcmp(key, "timestamp") == 0) {
			uint64_t v = 0;

			if (r.tok == JSON_NUMBER && r.str_len < 20 && r.str[0] != '-') {
				char tmp[24];

				memcpy(tmp, r.str, r.str_len);
				tmp[r.str_len] = '\0';
				v = strtoull(tmp, NULL, 10);
			}
			if (key[0] == 's')
				seq = v;
			else if (v > p->max_timestamp)
				p->max_timestamp = v;
			*known = true;
		} else if (str_has_suffix(key, "Event") && npay < 4) {
			memcpy(pay[npay].name, key, sizeof(key));
			pay[npay].off = r.tok_off;
			npay++;
			*known = true;
		}
		if (json_reader_skip(&r, p->err) < 0)
			goto out;
	}
	*end = json_reader_offset(&r);
	for (i = 0; i < npay; i++) {
		const char *k = pay[i].name;
		struct json_reader pr;
		int prc = 0;

		json_reader_init(&pr, p->src->text, p->src->len, pay[i].off, p->path);
		if (json_reader_next(&pr, p->err) < 0) {
			json_reader_release(&pr);
			goto out;
		}
		if (pr.tok == JSON_NULL) {
			prc = 0;
		} else if (strcmp(k, "resourcePreEvent") == 0) {
			prc = parse_resource_event(p, &pr, seq, false, false);
		} else if (strcmp(k, "resOutputsEvent") == 0) {
			prc = parse_resource_event(p, &pr, seq, true, false);
		} else if (strcmp(k, "resOpFailedEvent") == 0) {
			prc = parse_resource_event(p, &pr, seq, false, true);
		} else if (strcmp(k, "diagnosticEvent") == 0) {
			prc = parse_diagnostic(p, &pr);
		} else if (strcmp(k, "policyEvent") == 0) {
			prc = parse_policy(p, &pr, false);
		} else if (strcmp(k, "policyRemediationEvent") == 0) {
			prc = parse_policy(p, &pr, true);
		} else if (strcmp(k, "preludeEvent") == 0) {
			prc = parse_prelude_event(p, &pr);
		} else if (strcmp(k, "summaryEvent") == 0) {
			prc = parse_summary_event(p, &pr);
		} else if (strcmp(k, "errorEvent") == 0) {
			prc = parse_error_event(p, &pr);
		}
		/* cancel, stdout, progress, policy load/summary, debugging: nothing to review */
		json_reader_release(&pr);
		if (prc < 0)
			goto out;
	}
	rc = 0;
out:
	json_reader_release(&r);
	return rc;
}

static size_t
line_end(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '\n')
		i++;
	return i < len ? i + 1 : len;
}

static int
walk_events(struct pl *p, size_t start)
{
	const char *s = p->src->text;
	size_t len = p->src->len, i = start, skipped = 0, first_skip = 0, unknown = 0,
	       first_unknown = 0, events = 0;

	while (i < len) {
		size_t end;
		bool known;

		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
			i++;
			continue;
		}
		if (s[i] != '{') {
			/* a line of other text (a CLI message, a policy pack's output) */
			if (!skipped++)
				first_skip = i;
			i = line_end(s, len, i);
			continue;
		}
		if (parse_event(p, i, &end, &known) < 0)
			return -1;
		if (known) {
			events++;
		} else if (!unknown++) {
			first_unknown = i;
		}
		i = end;
	}
	if (!events)
		return error_set_at(p->err, ERROR_FORMAT, p->path, 1, 1,
				    "no Pulumi engine events in this file");
	if (skipped && warn(p, first_skip,
			    "skipped %zu line(s) of text that are not engine events, the first here",
			    skipped) < 0)
		return -1;
	if (unknown && warn(p, first_unknown,
			    "ignored %zu JSON object(s) that are not engine events, the first here",
			    unknown) < 0)
		return -1;
	return 0;
}

/* ---- saved plan (--save-plan) ---- */

/* A field: a goal's "deleteBeforeReplace", and whether it is given. */
static int
field_delete_before_replace(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct pstate *s = dest;

	if (json_fields_bool(&p->jf, r, key, &s->dbr) < 0)
		return -1;
	s->dbr_set = r->tok != JSON_NULL;
	return 0;
}

/* A field: a goal's "inputDiff": where its adds and updates are, and
 * what it deletes. */
static int
field_input_diff(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct pstate *s = dest;
	const struct json_field fields[] = {
		JSON_FIELD_OFFSET("adds", &s->adds_off),
		JSON_FIELD_OFFSET("updates", &s->updates_off),
		JSON_FIELD_CALL("deletes", field_strings, &s->deletes),
	};

	(void)key;
	if (r->tok == JSON_NULL)
		return 0;
	if (expect_object(p, r, "'inputDiff'") < 0)
		return -1;
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf);
}

/* A field: a resource plan's "goal" (or null), a state. */
static int
field_goal(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct pstate *s = dest;
	/* name, checkedInputs, outputDiff, ignoreChanges, aliases... are passed over */
	const struct json_field fields[] = {
		JSON_FIELD_STRING("type", &s->type),
		JSON_FIELD_STRING("parent", &s->parent),
		JSON_FIELD_STRING("provider", &s->provider),
		JSON_FIELD_IF_STRING("id", &s->id),
		JSON_FIELD_BOOL("custom", &s->custom),
		JSON_FIELD_BOOL("protect", &s->protect),
		JSON_FIELD_CALL("deleteBeforeReplace", field_delete_before_replace, s),
		JSON_FIELD_CALL("dependencies", field_strings, &s->deps),
		JSON_FIELD_CALL("additionalSecretOutputs", field_strings, &s->aso),
		JSON_FIELD_CALL("propertyDependencies", field_plain, &s->prop_deps),
		JSON_FIELD_CALL("inputDiff", field_input_diff, s),
	};

	(void)key;
	state_init(s);
	if (r->tok == JSON_NULL)
		return 0;
	if (expect_object(p, r, "'goal'") < 0)
		return -1;
	s->present = true;
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf);
}

static int
parse_resource_plan(struct pl *p, struct json_reader *r, const char *urn, size_t start)
{
	struct pstate goal;
	size_t steps_off = 0, state_off = 0;
	struct json_reader sr;
	bool any = false;
	int rc = -1;
	const struct json_field fields[] = {
		JSON_FIELD_CALL("goal", field_goal, &goal),
		JSON_FIELD_OFFSET("steps", &steps_off),
		JSON_FIELD_OFFSET("state", &state_off),
	};

	state_init(&goal);
	if (expect_object(p, r, "a resource plan") < 0 ||
	    json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf) < 0)
		return -1;
	goal.urn = urn;
	goal.outputs_off = state_off;
	json_reader_init(&sr, p->src->text, p->src->len, steps_off ? steps_off : start, p->path);
	if (!steps_off)
		goto no_steps;
	if (json_reader_next(&sr, p->err) < 0)
		goto out;
	if (sr.tok == JSON_NULL)
		goto no_steps;
	if (sr.tok != JSON_ARRAY_BEGIN) {
		json_reader_fail(&sr, p->err, ERROR_SCHEMA, sr.tok_off,
				 "'steps' must be an array of op names");
		goto out;
	}
	for (;;) {
		struct pstep st;

		if (json_reader_next(&sr, p->err) < 0)
			goto out;
		if (sr.tok == JSON_ARRAY_END)
			break;
		step_init(&st, sr.tok_off);
		st.urn = urn;
		if (json_fields_string(&p->jf, &sr, "steps", &st.op) < 0)
			goto out;
		if (!st.op) {
			json_reader_fail(&sr, p->err, ERROR_SCHEMA, sr.tok_off,
					 "'steps' must be an array of op names");
			goto out;
		}
		st.id = op_lookup(st.op);
		if (goal.present && !(st.id != OP_UNKNOWN &&
				      (ops[st.id].roles & (R_DELETE | R_REPL_DELETE))))
			st.nw = goal;
		if (add_step(p, &st) < 0)
			goto out;
		any = true;
	}
no_steps:
	if (!any) {
		/* no steps: nothing happens to it */
		struct pstep st;

		step_init(&st, start);
		st.nw = goal;
		st.urn = urn;
		st.op = "same";
		st.id = OP_SAME;
		if (add_step(p, &st) < 0)
			goto out;
	}
	{
		long gi = umap_get(p, urn, false);

		if (gi >= 0 && goal.dbr_set) {
			p->groups[gi].nw.dbr_set = true;
			p->groups[gi].nw.dbr = goal.dbr;
		}
	}
	rc = 0;
out:
	json_reader_release(&sr);
	return rc;
}

/* The "manifest" of a saved plan or an export: the tool's version and
 * the time, when they are strings. */
static int
read_manifest(struct pl *p, struct json_reader *r)
{
	const struct json_field fields[] = {
		JSON_FIELD_IF_STRING("version", &p->plan->tool_version),
		JSON_FIELD_IF_STRING("time", &p->plan->timestamp),
	};

	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf);
}

/* A field: a saved plan's "manifest". */
static int
field_plan_manifest(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	(void)key;
	(void)dest;
	if (expect_object(ctx, r, "'manifest'") < 0)
		return -1;
	return read_manifest(ctx, r);
}

/* A field: a saved plan's "resourcePlans", {URN: resource plan}. */
static int
field_resource_plans(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;

	(void)key;
	(void)dest;
	if (r->tok == JSON_NULL)
		return 0;
	if (expect_object(p, r, "'resourcePlans'") < 0)
		return -1;
	for (;;) {
		const char *urn;
		size_t off;
		struct pulumi_urn u;

		if (json_reader_next(r, p->err) < 0)
			return -1;
		if (r->tok == JSON_OBJECT_END)
			return 0;
		off = r->tok_off;
		if (memchr(r->str, '\0', r->str_len))
			return json_reader_fail(r, p->err, ERROR_SCHEMA, off,
						"a URN contains a NUL character");
		urn = plan_intern(p->plan, r->str, r->str_len);
		if (!urn)
			return nomem(p);
		if (parse_urn(p, urn, off, &u) < 0)
			return -1;
		if (json_reader_next(r, p->err) < 0 || parse_resource_plan(p, r, urn, off) < 0)
			return -1;
	}
}

static int
walk_plan(struct pl *p, struct json_reader *r)
{
	const struct json_field fields[] = {
		JSON_FIELD_CALL("config", field_config, NULL),
		JSON_FIELD_CALL("manifest", field_plan_manifest, NULL),
		JSON_FIELD_CALL("resourcePlans", field_resource_plans, NULL),
	};

	if (expect_object(p, r, "a Pulumi saved plan") < 0)
		return -1;
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf);
}

/* ---- summary JSON (--output json) ---- */

/* An element of a summary's "resources": {urn, op, type, parent}. */
static int
each_summary_resource(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct pstep st;
	struct pulumi_urn u;
	const struct json_field fields[] = {
		JSON_FIELD_STRING("urn", &st.urn),
		JSON_FIELD_STRING("op", &st.op),
		JSON_FIELD_STRING("type", &st.type),
		JSON_FIELD_STRING("parent", &st.parent),
	};

	(void)key;
	(void)dest;
	step_init(&st, r->tok_off);
	if (expect_object(p, r, "a resource") < 0 ||
	    json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf) < 0)
		return -1;
	if (!st.urn || !st.op)
		return json_reader_fail(r, p->err, ERROR_SCHEMA, st.offset,
					"a resource without 'urn' or 'op'");
	if (parse_urn(p, st.urn, st.offset, &u) < 0)
		return -1;
	st.id = op_lookup(st.op);
	return add_step(p, &st);
}

static int
walk_summary(struct pl *p, struct json_reader *r)
{
	const struct json_field fields[] = {
		JSON_FIELD_CALL("summary", field_change_summary, NULL),
		JSON_FIELD_CALL("result", field_result, NULL),
		JSON_FIELD_ARRAY("resources", each_summary_resource, NULL),
	};

	if (expect_object(p, r, "a Pulumi summary") < 0)
		return -1;
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf);
}

/* ---- stack export (the main input, or --state) ---- */

struct export_res {
	struct pstate s;
	size_t off;
};

typedef int (*export_fn)(struct pl *p, struct pulumi_values *pv, struct export_res *er);

/* What a stack export is walked with, and what its walk finds. */
struct export_walk {
	struct pulumi_values *pv;
	export_fn fn;
	bool main_input;             /* the file given, not --state */
	long version;
	size_t version_off;
	bool have_deployment;
};

/* A field: an export's "version", a small number. */
static int
field_export_version(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct export_walk *w = dest;

	(void)key;
	w->version_off = r->tok_off;
	if (r->tok != JSON_NUMBER || r->str_len > 4)
		return json_reader_fail(r, p->err, ERROR_SCHEMA, r->tok_off,
					"'version' must be a small number");
	w->version = strtol(r->str, NULL, 10);
	if (w->main_input) {
		p->plan->format_version = plan_intern(p->plan, r->str, r->str_len);
		if (!p->plan->format_version)
			return nomem(p);
	}
	return 0;
}

/* An element of a deployment's "resources": a state, to w->fn. */
static int
each_export_resource(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct export_walk *w = dest;
	struct export_res er;

	(void)key;
	er.off = r->tok_off;
	if (parse_state(p, r, &er.s, "a resource") < 0)
		return -1;
	if (!er.s.present)
		return 0;
	if (!er.s.urn)
		return json_reader_fail(r, p->err, ERROR_SCHEMA, er.off,
					"a resource without a 'urn'");
	return w->fn(p, w->pv, &er);
}

static int
count_element(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	(void)ctx;
	(void)r;
	(void)key;
	++*(size_t *)dest;
	return 0;
}

/* A field: the main input's "pending_operations" warn when there are any. */
static int
field_pending_operations(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	const struct export_walk *w = dest;
	size_t off = r->tok_off, n = 0;

	if (!w->main_input || r->tok != JSON_ARRAY_BEGIN)
		return 0;
	if (json_fields_array(&p->jf, r, key, count_element, &n) < 0)
		return -1;
	if (n && add_diag(p, PLAN_DIAG_WARNING, "pulumi", NULL,
			  "the stack has pending operations from an interrupted update: run "
			  "`pulumi refresh` before trusting this state",
			  off) < 0)
		return -1;
	return 0;
}

/* A field: the main input's deployment "manifest", when an object. */
static int
field_export_manifest(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	const struct export_walk *w = dest;

	(void)key;
	if (!w->main_input || r->tok != JSON_OBJECT_BEGIN)
		return 0;
	return read_manifest(ctx, r);
}

/* A field: an export's "deployment". */
static int
field_deployment(void *ctx, struct json_reader *r, const char *key, void *dest)
{
	struct pl *p = ctx;
	struct export_walk *w = dest;
	const struct json_field fields[] = {
		JSON_FIELD_ARRAY("resources", each_export_resource, w),
		JSON_FIELD_CALL("pending_operations", field_pending_operations, w),
		JSON_FIELD_CALL("manifest", field_export_manifest, w),
	};

	(void)key;
	w->have_deployment = true;
	if (expect_object(p, r, "'deployment'") < 0)
		return -1;
	return json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf);
}

/* {version, deployment: {manifest, resources: [...], pending_operations}} */
static int
walk_export(struct pl *p, struct pulumi_values *pv, struct json_reader *r, export_fn fn,
	    bool main_input)
{
	struct export_walk w = { pv, fn, main_input, -1, r->tok_off, false };
	const struct json_field fields[] = {
		JSON_FIELD_CALL("version", field_export_version, &w),
		JSON_FIELD_CALL("deployment", field_deployment, &w),
	};

	if (expect_object(p, r, "a Pulumi stack export") < 0 ||
	    json_fields_read(r, fields, JSON_FIELDS_COUNT(fields), &p->jf) < 0)
		return -1;
	if (!w.have_deployment)
		return json_reader_fail(r, p->err, ERROR_FORMAT, w.version_off,
					"not a `pulumi stack export` file: no 'deployment'");
	if (w.version < 1 || w.version > 3)
		return json_reader_fail(r, p->err, ERROR_FORMAT, w.version_off,
					"unsupported stack export version %ld: signoff reads 1 to 3",
					w.version);
	return 0;
}

/* A resource of the state: completes a change, or becomes context. */
static int
on_state_resource(struct pl *p, struct pulumi_values *pv, struct export_res *er)
{
	struct pstate *s = &er->s;
	struct pgroup *g;
	long gi;

	if (s->del)
		return 0; /* the old copy of a replacement, pending deletion */
	if (p->have_target) {
		struct pulumi_urn u;

		if (!pulumi_urn_parse(s->urn, strlen(s->urn), &u) ||
		    u.stack_len != strlen(p->plan->target) ||
		    memcmp(u.stack, p->plan->target, u.stack_len) != 0) {
			/* another stack's resource does not complete this preview */
			if (!p->other_stack_resources++)
				p->other_stack_urn = s->urn;
			return 0;
		}
	}
	if (build_state(p, pv, s) < 0)
		return -1;
	gi = umap_get(p, s->urn, false);
	if (gi >= 0) {
		g = &p->groups[gi];
		/* the state knows the dependencies event streams leave out */
		if (!g->old.present &&
		    (g->opmask & ~((1u << OP_CREATE) | (1u << OP_READ) | (1u << OP_IMPORT)))) {
			g->old = *s;
		} else if (g->old.present) {
			if (g->old.deps.kind == VALUE_ABSENT)
				g->old.deps = s->deps;
			if (g->old.prop_deps.kind == VALUE_ABSENT)
				g->old.prop_deps = s->prop_deps;
		}
		if (g->nw.present && g->nw.deps.kind == VALUE_ABSENT)
			g->nw.deps = s->deps;
		if (g->nw.present && g->nw.prop_deps.kind == VALUE_ABSENT)
			g->nw.prop_deps = s->prop_deps;
		return 0;
	}
	g = new_group(p, s->urn, false);
	if (!g)
		return nomem(p);
	g->context = true;
	g->old = *s;
	g->nw = *s;
	g->offset = 0;
	return 0;
}

static int
on_export_resource(struct pl *p, struct pulumi_values *pv, struct export_res *er)
{
	struct pgroup *g;
	struct pulumi_urn u;

	(void)pv;
	if (er->s.del)
		return 0;
	if (parse_urn(p, er->s.urn, er->off, &u) < 0 || set_target(p, er->s.urn) < 0)
		return -1;
	if (umap_get(p, er->s.urn, false) >= 0)
		return 0;
	g = new_group(p, er->s.urn, false);
	if (!g)
		return nomem(p);
	g->context = true;
	g->old = er->s;
	g->nw = er->s;
	g->offset = er->off;
	return 0;
}

/* Reads the --state file and completes the plan with it. */
static int
load_state_file(struct pl *p, const char *state_path)
{
	struct source *src = NULL;
	struct pulumi_values pv;
	struct json_reader r;
	const char *saved_path = p->path;
	struct source *saved_src = p->src;
	struct json_pos_cursor saved_pos;
	size_t start;
	int rc = -1;

	if (source_read(&src, state_path, p->err) < 0)
		return -1;
	start = src->start;
	while (start < src->len && (src->text[start] == ' ' || src->text[start] == '\t' ||
				    src->text[start] == '\r' || src->text[start] == '\n'))
		start++;
	/* messages about the state file are located in it */
	saved_pos = p->pos;
	memset(&p->pos, 0, sizeof(p->pos));
	p->src = src;
	p->path = src->path;
	pulumi_values_init(&pv, p->plan, src->text, src->len, src->path, true);
	json_reader_init(&r, src->text, src->len, start, src->path);
	if (json_reader_next(&r, p->err) < 0)
		goto out;
	if (r.tok != JSON_OBJECT_BEGIN) {
		error_set_at(p->err, ERROR_FORMAT, src->path, 1, 1,
			     "--state must be a `pulumi stack export` file");
		goto out;
	}
	if (walk_export(p, &pv, &r, on_state_resource, false) < 0)
		goto out;
	if (json_reader_next(&r, p->err) < 0 || json_reader_expect_end(&r, p->err) < 0)
		goto out;
	rc = 0;
out:
	json_reader_release(&r);
	p->src = saved_src;
	p->path = saved_path;
	p->pos = saved_pos;
	if (rc == 0 && p->other_stack_resources) {
		struct buf b = BUF_INIT;
		struct pulumi_urn u;

		if (pulumi_urn_parse(p->other_stack_urn, strlen(p->other_stack_urn), &u))
			buf_add(&b, u.stack, u.stack_len);
		else
			buf_addstr(&b, p->other_stack_urn);
		rc = warn(p, (size_t)-1,
			  "ignored %zu resource(s) of --state that belong to stack '%.100s', not "
			  "'%.100s'",
			  p->other_stack_resources, buf_failed(&b) ? "?" : b.data, p->plan->target);
		buf_release(&b);
	}
	source_free(&src);
	return rc;
}

/* ---- groups -> changes ---- */

static int
push_value(struct pl *p, struct value **arr, size_t *n, size_t *cap, const struct value *v)
{
	void *q = *arr;

	if (mem_grow_array(&q, cap, *n + 1, sizeof(**arr)) < 0)
		return nomem(p);
	*arr = q;
	(*arr)[(*n)++] = *v;
	return 0;
}

static int
cmp_str_value(const void *a, const void *b)
{
	const struct value *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->u.str, y->u.str, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* dependencies ∪ propertyDependencies ∪ resource references, sorted, unique */
static int
collect_deps(struct pl *p, const struct pstate *s, struct value *out)
{
	struct value *all = NULL;
	size_t n = 0, cap = 0, i, j, k = 0;
	int rc = -1;

	*out = value_absent;
	for (i = 0; s->deps.kind == VALUE_ARRAY && i < s->deps.len; i++)
		if (s->deps.u.items[i].kind == VALUE_STRING && s->deps.u.items[i].len &&
		    push_value(p, &all, &n, &cap, &s->deps.u.items[i]) < 0)
			goto out;
	for (i = 0; s->prop_deps.kind == VALUE_OBJECT && i < s->prop_deps.len; i++) {
		const struct value *l = &s->prop_deps.u.members[i].value;

		for (j = 0; l->kind == VALUE_ARRAY && j < l->len; j++)
			if (l->u.items[j].kind == VALUE_STRING && l->u.items[j].len &&
			    push_value(p, &all, &n, &cap, &l->u.items[j]) < 0)
				goto out;
	}
	for (i = 0; s->refs.kind == VALUE_ARRAY && i < s->refs.len; i++)
		if (push_value(p, &all, &n, &cap, &s->refs.u.items[i]) < 0)
			goto out;
	if (s->deleted_with && *s->deleted_with) {
		struct value v;

		if (value_make_string(&p->plan->vb, s->deleted_with, strlen(s->deleted_with), &v) <
			    0 ||
		    push_value(p, &all, &n, &cap, &v) < 0)
			goto nomem;
	}
	if (!n) {
		rc = 0;
		goto out;
	}
	qsort(all, n, sizeof(*all), cmp_str_value);
	for (i = 0; i < n; i++)
		if (!k || cmp_str_value(&all[k - 1], &all[i]) != 0)
			all[k++] = all[i];
	if (value_make_array(&p->plan->vb, all, k, out) < 0)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	nomem(p);
out:
	mem_free(all);
	return rc;
}

/* A path from a reason or a detailedDiff key; a key that is not a valid
 * path stands for itself. */
static int
reason_path(struct pl *p, const char *s, size_t len, struct value *out)
{
	int rc = pulumi_path_parse(s, len, &p->plan->vb, out);

	if (rc < 0)
		return nomem(p);
	if (rc == 1) {
		struct value k;

		if (value_make_string(&p->plan->vb, s, len, &k) < 0 ||
		    value_make_array(&p->plan->vb, &k, 1, out) < 0)
			return nomem(p);
	}
	return 0;
}

static bool
kind_replaces(const struct value *entry)
{
	const char *k = value_str(value_get(entry, "kind"));

	return k && str_has_suffix(k, "-replace");
}

/* replaceReasons and the "-replace" kinds of detailedDiff, as paths. */
static int
replace_paths(struct pl *p, const struct pgroup *g, struct value *out)
{
	struct value *paths = NULL;
	size_t n = 0, cap = 0, i, j;
	int rc = -1;

	*out = value_absent;
	for (i = 0; g->keys.kind == VALUE_ARRAY && i < g->keys.len; i++) {
		struct value v;

		if (reason_path(p, g->keys.u.items[i].u.str, g->keys.u.items[i].len, &v) < 0 ||
		    push_value(p, &paths, &n, &cap, &v) < 0)
			goto out;
	}
	for (i = 0; g->ddiff.kind == VALUE_OBJECT && i < g->ddiff.len; i++) {
		const struct value_member *m = &g->ddiff.u.members[i];
		struct value v;
		bool dup = false;

		if (!kind_replaces(&m->value))
			continue;
		if (reason_path(p, m->key, m->key_len, &v) < 0)
			goto out;
		for (j = 0; j < n && !dup; j++)
			dup = value_equal(&paths[j], &v);
		if (!dup && push_value(p, &paths, &n, &cap, &v) < 0)
			goto out;
	}
	if (n && value_make_array(&p->plan->vb, paths, n, out) < 0) {
		nomem(p);
		goto out;
	}
	rc = 0;
out:
	mem_free(paths);
	return rc;
}

/* The paths Pulumi says changed (detailedDiff keys, diffReasons and
 * replaceReasons), or value_absent when it says nothing. */
static int
changed_paths(struct pl *p, const struct pgroup *g, struct value *out)
{
	struct value *paths = NULL;
	size_t n = 0, cap = 0, i;
	const struct value *lists[2] = { &g->diffs, &g->keys };
	int rc = -1, l;

	*out = value_absent;
	if (!g->have_ddiff && g->diffs.kind != VALUE_ARRAY)
		return 0;
	for (i = 0; g->ddiff.kind == VALUE_OBJECT && i < g->ddiff.len; i++) {
		struct value v;

		if (reason_path(p, g->ddiff.u.members[i].key, g->ddiff.u.members[i].key_len, &v) <
			    0 ||
		    push_value(p, &paths, &n, &cap, &v) < 0)
			goto out;
	}
	/* diffReasons and replaceReasons name top-level keys only: they say
	 * less than detailedDiff, so they count only without it */
	for (l = 0; !g->have_ddiff && l < 2; l++)
		for (i = 0; lists[l]->kind == VALUE_ARRAY && i < lists[l]->len; i++) {
			struct value v;

			if (reason_path(p, lists[l]->u.items[i].u.str, lists[l]->u.items[i].len,
					&v) < 0 ||
			    push_value(p, &paths, &n, &cap, &v) < 0)
				goto out;
		}
	if (value_make_array(&p->plan->vb, paths, n, out) < 0) {
		nomem(p);
		goto out;
	}
	rc = 0;
out:
	mem_free(paths);
	return rc;
}

/* ---- secrets Pulumi's diff says are unchanged ---- */

#define SECRET_WALK_DEPTH 32

struct secret_walk {
	struct pl *p;
	const char *urn;
	const struct value *changed;
	struct value steps[SECRET_WALK_DEPTH];
	char idx[SECRET_WALK_DEPTH][24];
	size_t depth;
};

static bool
opaque(const struct value *v)
{
	return v->kind == VALUE_SENSITIVE && !(v->u.secret->flags & VALUE_SECRET_HAS_MAC);
}

static bool
path_may_change(const struct secret_walk *w)
{
	struct value here;
	size_t i;

	memset(&here, 0, sizeof(here));
	here.kind = VALUE_ARRAY;
	here.len = (uint32_t)w->depth;
	here.u.items = w->steps;
	for (i = 0; i < w->changed->len; i++)
		if (pulumi_paths_overlap(&w->changed->u.items[i], &here))
			return true;
	return false;
}

static int
path_text(const struct secret_walk *w, struct buf *b)
{
	size_t i;

	for (i = 0; i < w->depth; i++) {
		if (w->steps[i].kind == VALUE_NUMBER)
			buf_addf(b, "[%s]", w->steps[i].u.str);
		else
			json_quote(b, w->steps[i].u.str, w->steps[i].len);
	}
	return buf_failed(b) ? -1 : 0;
}

/* Walks before and after together; where both hold an opaque secret that
 * no changed path touches, both get one shared comparable secret.
 * Returns 1 if *oa and *ob were rebuilt, 0 if not, -1 on OOM. */
static int
walk_secrets(struct secret_walk *w, const struct value *a, const struct value *b,
	     struct value *oa, struct value *ob)
{
	struct value_builder *vb = &w->p->plan->vb;
	size_t i, j;
	int any = 0;

	*oa = *a;
	*ob = *b;
	if (opaque(a) && opaque(b)) {
		struct buf path = BUF_INIT;
		struct value s;
		int rc;

		if (path_may_change(w))
			return 0;
		rc = path_text(w, &path) < 0 ? -1
					     : pulumi_value_unchanged_secret(vb, w->urn, path.data,
									      a->u.secret->inner_kind,
									      &s);
		buf_release(&path);
		if (rc < 0)
			return -1;
		*oa = *ob = s;
		return 1;
	}
	if (w->depth >= SECRET_WALK_DEPTH || a->kind != b->kind)
		return 0;
	if (a->kind == VALUE_OBJECT) {
		struct value_member *ma = NULL, *mb = NULL;

		for (i = 0, j = 0; i < a->len && j < b->len;) {
			const struct value_member *x = &a->u.members[i], *y = &b->u.members[j];
			size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
			int c = memcmp(x->key, y->key, n);
			struct value na, nb;
			int rc;

			if (!c)
				c = (x->key_len > y->key_len) - (x->key_len < y->key_len);
			if (c < 0) {
				i++;
				continue;
			}
			if (c > 0) {
				j++;
				continue;
			}
			w->steps[w->depth].kind = VALUE_STRING;
			w->steps[w->depth].len = x->key_len;
			w->steps[w->depth].u.str = x->key;
			w->depth++;
			rc = walk_secrets(w, &x->value, &y->value, &na, &nb);
			w->depth--;
			if (rc < 0)
				return -1;
			if (rc) {
				if (!ma) {
					ma = arena_alloc(vb->arena, a->len * sizeof(*ma));
					mb = arena_alloc(vb->arena, b->len * sizeof(*mb));
					if (!ma || !mb)
						return -1;
					memcpy(ma, a->u.members, a->len * sizeof(*ma));
					memcpy(mb, b->u.members, b->len * sizeof(*mb));
				}
				ma[i].value = na;
				mb[j].value = nb;
				any = 1;
			}
			i++;
			j++;
		}
		if (any) {
			oa->u.members = ma;
			ob->u.members = mb;
		}
		return any;
	}
	if (a->kind == VALUE_ARRAY) {
		struct value *ia = NULL, *ib = NULL;
		size_t n = a->len < b->len ? a->len : b->len;

		for (i = 0; i < n; i++) {
			struct value na, nb;
			int rc;

			snprintf(w->idx[w->depth], sizeof(w->idx[0]), "%zu", i);
			w->steps[w->depth].kind = VALUE_NUMBER;
			w->steps[w->depth].len = (uint32_t)strlen(w->idx[w->depth]);
			w->steps[w->depth].u.str = w->idx[w->depth];
			w->depth++;
			rc = walk_secrets(w, &a->u.items[i], &b->u.items[i], &na, &nb);
			w->depth--;
			if (rc < 0)
				return -1;
			if (rc) {
				if (!ia) {
					ia = arena_alloc(vb->arena, a->len * sizeof(*ia));
					ib = arena_alloc(vb->arena, b->len * sizeof(*ib));
					if (!ia || !ib)
						return -1;
					memcpy(ia, a->u.items, a->len * sizeof(*ia));
					memcpy(ib, b->u.items, b->len * sizeof(*ib));
				}
				ia[i] = na;
				ib[i] = nb;
				any = 1;
			}
		}
		if (any) {
			oa->u.items = ia;
			ob->u.items = ib;
		}
		return any;
	}
	return 0;
}

/* ---- outputs where they matter ---- */

static bool
has_member(const struct value *obj, const char *key, size_t len)
{
	return value_find_member(obj, key, len) >= 0;
}

/* For the top-level keys Pulumi says changed: an output-only property
 * (diffReasons naming outputs) is shown from the outputs, and a property
 * whose inputs are equal but whose old state differs (inputDiff false)
 * shows the old state as its before. */
static int
outputs_that_matter(struct pl *p, const struct pgroup *g, struct plan_change *c)
{
	const struct value *oo = &g->old.outputs, *no = &g->nw.outputs;
	struct value *keys = NULL;
	size_t n = 0, cap = 0, i, k;
	int rc = -1;

	if (c->before.kind != VALUE_OBJECT || c->after.kind != VALUE_OBJECT)
		return 0;
	for (i = 0; g->diffs.kind == VALUE_ARRAY && i < g->diffs.len; i++) {
		struct value v;

		if (reason_path(p, g->diffs.u.items[i].u.str, g->diffs.u.items[i].len, &v) < 0 ||
		    push_value(p, &keys, &n, &cap, &v.u.items[0]) < 0)
			goto out;
	}
	for (i = 0; g->ddiff.kind == VALUE_OBJECT && i < g->ddiff.len; i++) {
		const struct value_member *m = &g->ddiff.u.members[i];
		struct value v;

		if (value_bool(value_get(&m->value, "inputDiff"), false))
			continue;
		if (reason_path(p, m->key, m->key_len, &v) < 0 ||
		    push_value(p, &keys, &n, &cap, &v.u.items[0]) < 0)
			goto out;
	}
	for (k = 0; k < n; k++) {
		const struct value *key = &keys[k];
		const struct value *b, *a, *ob, *oa;

		if (key->kind != VALUE_STRING)
			continue;
		b = value_getn(&c->before, key->u.str, key->len);
		a = value_getn(&c->after, key->u.str, key->len);
		ob = value_getn(oo, key->u.str, key->len);
		oa = value_getn(no, key->u.str, key->len);
		if (b->kind == VALUE_ABSENT && a->kind == VALUE_ABSENT) {
			/* an output-only property */
			if (ob->kind == VALUE_ABSENT)
				continue;
			if (pulumi_value_with_member(&p->plan->vb, &c->before, key->u.str, key->len,
						     ob, &c->before) < 0 ||
			    pulumi_value_with_member(&p->plan->vb, &c->after, key->u.str, key->len,
						     oa->kind != VALUE_ABSENT ? oa : &value_unknown,
						     &c->after) < 0) {
				nomem(p);
				goto out;
			}
		} else if (b->kind != VALUE_ABSENT && value_equal(b, a) && ob->kind != VALUE_ABSENT &&
			   !value_equal(ob, a) && has_member(&c->after, key->u.str, key->len)) {
			if (pulumi_value_with_member(&p->plan->vb, &c->before, key->u.str, key->len,
						     ob, &c->before) < 0) {
				nomem(p);
				goto out;
			}
		}
	}
	rc = 0;
out:
	mem_free(keys);
	return rc;
}

/* ---- extra ---- */

struct members {
	struct value_member m[24];
	size_t n;
};

static int
put(struct pl *p, struct members *ms, const char *key, const struct value *v)
{
	if (v->kind == VALUE_ABSENT || ms->n >= sizeof(ms->m) / sizeof(ms->m[0]))
		return 0;
	ms->m[ms->n].key = value_intern_key(&p->plan->vb, key, strlen(key));
	ms->m[ms->n].key_len = (uint32_t)strlen(key);
	ms->m[ms->n].value = *v;
	if (!ms->m[ms->n].key)
		return nomem(p);
	ms->n++;
	return 0;
}

static int
put_str(struct pl *p, struct members *ms, const char *key, const char *s)
{
	struct value v;

	if (!s || !*s)
		return 0;
	if (value_make_string(&p->plan->vb, s, strlen(s), &v) < 0)
		return nomem(p);
	return put(p, ms, key, &v);
}

static int
put_bool(struct pl *p, struct members *ms, const char *key, bool b)
{
	struct value v;

	memset(&v, 0, sizeof(v));
	v.kind = VALUE_BOOL;
	v.u.b = b;
	return put(p, ms, key, &v);
}

static bool
known_id(const struct pstate *s)
{
	return s->present && s->id && *s->id && strcmp(s->id, PULUMI_UNKNOWN) != 0;
}

static int
make_extra(struct pl *p, const struct pgroup *g, const struct pstate *s, struct plan_change *c)
{
	struct members ms;
	struct value deps, opsv;
	struct value items[MAX_GROUP_OPS];
	size_t i;

	memset(&ms, 0, sizeof(ms));
	if (collect_deps(p, s, &deps) < 0)
		return -1;
	for (i = 0; i < g->nops; i++)
		if (value_make_string(&p->plan->vb, g->opnames[i], strlen(g->opnames[i]),
				      &items[i]) < 0)
			return nomem(p);
	if (value_make_array(&p->plan->vb, items, g->nops, &opsv) < 0)
		return nomem(p);
	if (put_str(p, &ms, "urn", g->urn) < 0 ||
	    put_str(p, &ms, "old_urn", g->old_urn && g->old_urn != g->urn ? g->old_urn : NULL) <
		    0 ||
	    put_str(p, &ms, "parent", s->parent) < 0 || put(p, &ms, "dependencies", &deps) < 0 ||
	    put(p, &ms, "propertyDependencies", &s->prop_deps) < 0 ||
	    put_str(p, &ms, "provider", c->provider) < 0 ||
	    (s->present && put_bool(p, &ms, "custom", s->custom) < 0) ||
	    put_bool(p, &ms, "protect", (c->flags & PLAN_CHANGE_PROTECTED) != 0) < 0 ||
	    put(p, &ms, "outputs_before", &g->old.outputs) < 0 ||
	    put(p, &ms, "outputs_after", &g->nw.outputs) < 0 ||
	    put(p, &ms, "diffReasons", &g->diffs) < 0 ||
	    put(p, &ms, "detailedDiff", &g->ddiff) < 0 || (g->nops && put(p, &ms, "ops", &opsv) < 0) ||
	    put_str(p, &ms, "id", known_id(&g->nw) ? g->nw.id : (known_id(&g->old) ? g->old.id : NULL)) < 0 || put_str(p, &ms, "deletedWith", s->deleted_with) < 0 ||
	    put(p, &ms, "initErrors", &s->init_errors) < 0 ||
	    (s->retain && put_bool(p, &ms, "retainOnDelete", true) < 0) ||
	    (s->external && put_bool(p, &ms, "external", true) < 0) ||
	    (g->nw.dbr_set && put_bool(p, &ms, "deleteBeforeReplace", g->nw.dbr) < 0) ||
	    (g->failed && put_bool(p, &ms, "failed", true) < 0))
		return -1;
	if (value_make_object(&p->plan->vb, ms.m, ms.n, &c->extra, NULL) < 0)
		return nomem(p);
	return 0;
}

/* ---- one group -> one change ---- */

static int
op_rank(enum plan_action a)
{
	switch (a) {
	case PLAN_ACTION_DELETE:
		return 6;
	case PLAN_ACTION_CREATE:
		return 5;
	case PLAN_ACTION_UPDATE:
		return 4;
	case PLAN_ACTION_IMPORT:
		return 3;
	case PLAN_ACTION_FORGET:
		return 2;
	case PLAN_ACTION_READ:
		return 1;
	default:
		return 0;
	}
}

static void
fold(const struct pgroup *g, struct plan_change *c, bool *data)
{
	unsigned roles = 0, i;
	bool has_create, has_delete, forget_only;

	*data = false;
	for (i = 0; i < OP_COUNT; i++)
		if (g->opmask & (1u << i))
			roles |= ops[i].roles;
	has_create = roles & (R_CREATE | R_REPL_CREATE);
	has_delete = roles & (R_DELETE | R_REPL_DELETE | R_REPL_FORGET);
	forget_only = (roles & R_REPL_FORGET) && !(roles & (R_DELETE | R_REPL_DELETE));
	if (roles & R_DATA)
		*data = true;
	if ((roles & R_LOGICAL) || (has_create && has_delete)) {
		bool create_first = true;

		c->action = PLAN_ACTION_REPLACE;
		if (g->first_create.set && g->first_delete.set)
			create_first = order_before(&g->first_create, &g->first_delete);
		else if (g->nw.dbr_set)
			create_first = !g->nw.dbr;
		if (create_first)
			c->flags |= PLAN_CHANGE_CREATE_FIRST;
		if (forget_only)
			c->flags |= PLAN_CHANGE_FORGET_OLD;
		if (roles & R_IMPORT)
			c->flags |= PLAN_CHANGE_IMPORTING;
		/* a read-replacement reads its new object; its mode stays data */
		return;
	}
	c->action = PLAN_ACTION_NOOP;
	for (i = 0; i <= OP_COUNT; i++) {
		enum plan_action a;

		if (!(g->opmask & (1u << i)))
			continue;
		a = i == OP_UNKNOWN ? PLAN_ACTION_UPDATE : ops[i].action;
		if (op_rank(a) > op_rank(c->action))
			c->action = a;
	}
	if (roles & R_IMPORT)
		c->flags |= PLAN_CHANGE_IMPORTING;
}

static bool
empty_object(const struct value *v)
{
	return v->kind == VALUE_ABSENT || (v->kind == VALUE_OBJECT && v->len == 0);
}

/* A saved plan's new inputs are only what it adds and updates: over the
 * old inputs from --state, without what it deletes. */
static int
plan_inputs(struct pl *p, const struct pgroup *g, struct value *out)
{
	struct value v;
	size_t i;

	if (merge_objects(p, &g->old.inputs, &g->nw.inputs, &v) < 0)
		return -1;
	for (i = 0; g->nw.deletes.kind == VALUE_ARRAY && i < g->nw.deletes.len; i++) {
		const struct value *k = &g->nw.deletes.u.items[i];

		if (pulumi_value_with_member(&p->plan->vb, &v, k->u.str, k->len, NULL, &v) < 0)
			return nomem(p);
	}
	*out = v;
	return 0;
}

static int
emit_group(struct pl *p, struct pgroup *g)
{
	struct plan_change *c;
	const struct pstate *s;
	struct pulumi_urn u;
	const char *parent;
	bool data, oom;

	if (build_state(p, &p->pv, &g->old) < 0 || build_state(p, &p->pv, &g->nw) < 0)
		return -1;
	s = g->nw.present ? &g->nw : &g->old;
	if (!pulumi_urn_parse(g->urn, strlen(g->urn), &u))
		return error_set(p->err, ERROR_INTERNAL, "a group without a URN");
	c = plan_add_change(p->plan);
	if (!c)
		return nomem(p);
	c->source_offset = g->offset;
	c->native_id = g->urn;
	c->address = plan_intern(p->plan, u.address, u.address_len);
	c->type = plan_intern(p->plan, u.type, u.type_len);
	c->name = plan_intern(p->plan, u.name, u.name_len);
	if (!c->address || !c->type || !c->name)
		return nomem(p);
	c->provider = g->provider ? g->provider : (s->provider ? s->provider : "");
	parent = s->parent ? s->parent : g->parent;
	c->group = "";
	if (parent && *parent) {
		struct pulumi_urn pu;

		if (pulumi_urn_parse(parent, strlen(parent), &pu) && !pulumi_urn_is_stack(&pu)) {
			c->group = urn_address(p, parent, &oom);
			if (oom)
				return nomem(p);
		}
	}
	/* mode */
	if (g->context) {
		c->section = PLAN_SECTION_CONTEXT;
		c->action = PLAN_ACTION_NOOP;
		data = s->external;
	} else if (g->drift) {
		c->section = PLAN_SECTION_DRIFT;
		data = s->external;
	} else {
		c->section = PLAN_SECTION_CHANGE;
		fold(g, c, &data);
		data = data || s->external;
	}
	if (data)
		c->mode = PLAN_MODE_DATA;
	else if (pulumi_type_is_provider(u.type, u.type_len))
		c->mode = PLAN_MODE_PROVIDER;
	else if (pulumi_urn_is_stack(&u) || (s->present && !s->custom))
		c->mode = PLAN_MODE_COMPONENT;
	else
		c->mode = PLAN_MODE_MANAGED;
	/* values */
	if (g->drift) {
		c->before = g->old.outputs;
		c->after = g->nw.outputs;
		if (!g->nw.present)
			c->action = PLAN_ACTION_DELETE;
		else if (!value_equal(&c->before, &c->after))
			c->action = PLAN_ACTION_UPDATE;
		else
			c->action = PLAN_ACTION_NOOP;
	} else {
		c->before = g->old.inputs;
		c->after = g->nw.present ? g->nw.inputs : g->old.inputs;
		if (c->mode == PLAN_MODE_DATA) {
			if (empty_object(&c->before) && g->old.outputs.kind != VALUE_ABSENT)
				c->before = g->old.outputs;
			if (empty_object(&c->after) && g->nw.present &&
			    g->nw.outputs.kind != VALUE_ABSENT)
				c->after = g->nw.outputs;
		}
		switch (c->action) {
		case PLAN_ACTION_CREATE:
		case PLAN_ACTION_READ:
		case PLAN_ACTION_IMPORT:
			c->before = value_absent;
			if (!g->nw.present)
				c->after = value_absent;
			break;
		case PLAN_ACTION_DELETE:
		case PLAN_ACTION_FORGET:
			c->after = value_absent;
			break;
		default:
			break;
		}
		if (p->format == LOAD_FORMAT_PULUMI_PLAN && g->old.present && g->nw.present &&
		    c->after.kind != VALUE_ABSENT && plan_inputs(p, g, &c->after) < 0)
			return -1;
	}
	if (c->action == PLAN_ACTION_UPDATE || c->action == PLAN_ACTION_REPLACE) {
		struct value changed;

		if (outputs_that_matter(p, g, c) < 0)
			return -1;
		if (changed_paths(p, g, &changed) < 0)
			return -1;
		if (changed.kind == VALUE_ARRAY) {
			struct secret_walk w;
			struct value a, b;
			int rc;

			memset(&w, 0, sizeof(w));
			w.p = p;
			w.urn = g->urn;
			w.changed = &changed;
			rc = walk_secrets(&w, &c->before, &c->after, &a, &b);
			if (rc < 0)
				return nomem(p);
			c->before = a;
			c->after = b;
		}
	}
	if (c->action == PLAN_ACTION_REPLACE && replace_paths(p, g, &c->replace_paths) < 0)
		return -1;
	/* flags and reasons */
	if ((g->old.present && g->old.protect) || (g->nw.present && g->nw.protect))
		c->flags |= PLAN_CHANGE_PROTECTED;
	if (g->old.present && g->old.taint) {
		c->flags |= PLAN_CHANGE_TAINTED;
		if (c->action == PLAN_ACTION_REPLACE)
			c->reason = PLAN_REASON_REPLACE_TAINTED;
	}
	if (c->action == PLAN_ACTION_REPLACE && c->reason == PLAN_REASON_NONE &&
	    c->replace_paths.kind == VALUE_ARRAY)
		c->reason = PLAN_REASON_REPLACE_CANNOT_UPDATE;
	if (g->opmask & (1u << OP_UNKNOWN)) {
		struct buf b = BUF_INIT;
		size_t i;

		c->reason = PLAN_REASON_OTHER;
		buf_addstr(&b, "unknown Pulumi op:");
		for (i = 0; i < g->nops; i++)
			if (op_lookup(g->opnames[i]) == OP_UNKNOWN)
				buf_addf(&b, " %s", g->opnames[i]);
		c->reason_text = buf_failed(&b) ? NULL : plan_intern(p->plan, b.data, b.len);
		buf_release(&b);
		if (!c->reason_text)
			return nomem(p);
	}
	if (c->flags & PLAN_CHANGE_IMPORTING) {
		c->import_id = g->nw.import_id ? g->nw.import_id : (g->nw.id ? g->nw.id : "");
	}
	{
		const char *old_urn = g->old_urn ? g->old_urn : (g->old.present ? g->old.urn : NULL);

		if (old_urn && old_urn != g->urn) {
			c->previous_address = urn_address(p, old_urn, &oom);
			if (oom)
				return nomem(p);
			if (c->previous_address && c->previous_address != c->address)
				c->flags |= PLAN_CHANGE_RENAMED | PLAN_CHANGE_MOVED;
			else
				c->previous_address = NULL;
		}
	}
	if (c->action == PLAN_ACTION_NOOP && (c->flags & PLAN_CHANGE_MOVED))
		c->action = PLAN_ACTION_MOVE;
	if (make_extra(p, g, s, c) < 0)
		return -1;
	if (g->failed && add_diag(p, PLAN_DIAG_ERROR, "pulumi", g->urn,
				  "the operation on this resource failed", g->offset) < 0)
		return -1;
	return 0;
}

/* The root stack's outputs are the stack outputs. */
static int
stack_outputs(struct pl *p)
{
	const struct pgroup *g = NULL;
	const struct value *a, *b;
	size_t i, j;

	for (i = 0; i < p->ngroups; i++) {
		struct pulumi_urn u;

		if (p->groups[i].drift || p->groups[i].context ||
		    !pulumi_urn_parse(p->groups[i].urn, strlen(p->groups[i].urn), &u) ||
		    !pulumi_urn_is_stack(&u))
			continue;
		g = &p->groups[i];
		break;
	}
	if (!g)
		return 0;
	a = &g->old.outputs;
	b = g->nw.present ? &g->nw.outputs : &value_absent;
	/* Before the program registers them, a step's new outputs are empty:
	 * only final outputs (or non-empty ones) say what the outputs become. */
	if (g->nw.present && !g->new_outputs_final && empty_object(b))
		return 0;
	for (i = 0, j = 0; (a->kind == VALUE_OBJECT && i < a->len) ||
			   (b->kind == VALUE_OBJECT && j < b->len);) {
		const struct value_member *x =
			a->kind == VALUE_OBJECT && i < a->len ? &a->u.members[i] : NULL;
		const struct value_member *y =
			b->kind == VALUE_OBJECT && j < b->len ? &b->u.members[j] : NULL;
		struct plan_output *o;
		int c;

		if (!x)
			c = 1;
		else if (!y)
			c = -1;
		else {
			size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;

			c = memcmp(x->key, y->key, n);
			if (!c)
				c = (x->key_len > y->key_len) - (x->key_len < y->key_len);
		}
		o = plan_add_output(p->plan);
		if (!o)
			return nomem(p);
		o->name = plan_intern(p->plan, c <= 0 ? x->key : y->key,
				      c <= 0 ? x->key_len : y->key_len);
		if (!o->name)
			return nomem(p);
		o->before = c <= 0 ? x->value : value_absent;
		o->after = c >= 0 ? y->value : value_absent;
		if (c < 0)
			o->action = PLAN_ACTION_DELETE;
		else if (c > 0)
			o->action = PLAN_ACTION_CREATE;
		else
			o->action = value_equal(&x->value, &y->value) ? PLAN_ACTION_NOOP
								      : PLAN_ACTION_UPDATE;
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
	}
	return 0;
}

/* ---- text around the JSON ---- */

static int
check_trailing(struct pl *p, size_t off)
{
	const char *s = p->src->text;
	size_t len = p->src->len, i = off, lines = 0, first = 0;

	while (i < len) {
		size_t e = line_end(s, len, i), k;
		bool blank = true;

		for (k = i; k < e; k++)
			if (!(s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n'))
				blank = false;
		if (!blank && !lines++)
			first = i;
		i = e;
	}
	if (!lines)
		return 0;
	while (first < len && (s[first] == ' ' || s[first] == '\t' || s[first] == '\r' ||
			       s[first] == '\n'))
		first++;
	return warn(p, first,
		    "ignored %zu line(s) of text after the JSON document (e.g. a \"plan written\" "
		    "message)",
		    lines);
}

static int
walk_document(struct pl *p, size_t start)
{
	struct json_reader r;
	int rc = -1;

	json_reader_init(&r, p->src->text, p->src->len, start, p->path);
	if (json_reader_next(&r, p->err) < 0)
		goto out;
	switch (p->format) {
	case LOAD_FORMAT_PULUMI_PREVIEW:
		rc = walk_digest(p, &r);
		break;
	case LOAD_FORMAT_PULUMI_PLAN:
		rc = walk_plan(p, &r);
		break;
	case LOAD_FORMAT_PULUMI_SUMMARY:
		rc = walk_summary(p, &r);
		break;
	case LOAD_FORMAT_PULUMI_EXPORT:
		rc = walk_export(p, &p->pv, &r, on_export_resource, true);
		break;
	default:
		rc = error_set(p->err, ERROR_INTERNAL, "not a Pulumi format");
		break;
	}
	if (rc < 0)
		goto out;
	rc = -1;
	if (json_reader_next(&r, p->err) < 0)
		goto out;
	rc = check_trailing(p, json_reader_offset(&r));
out:
	json_reader_release(&r);
	return rc;
}

static int
format_timestamp(struct pl *p)
{
	time_t t = (time_t)p->max_timestamp;
	struct tm tm;
	char b[32];

	if (!p->max_timestamp || *p->plan->timestamp)
		return 0;
	if (!gmtime_r(&t, &tm) || !strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return 0;
	p->plan->timestamp = plan_intern_str(p->plan, b);
	return p->plan->timestamp ? 0 : nomem(p);
}

int
plan_pulumi_load(struct plan **out, struct source *src, enum load_format format,
		 size_t json_start, unsigned skipped_lines, const char *state_path,
		 struct error *err)
{
	struct pl p;
	size_t i;
	int rc = -1;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.err = err;
	p.format = format;
	if (plan_new(&p.plan, PLAN_SOURCE_PULUMI, src, err) < 0)
		return -1;
	p.src = src;
	p.path = p.plan->path;
	p.jf.strings = &p.plan->strings;
	p.jf.err = err;
	p.jf.ctx = &p;
	pulumi_values_init(&p.pv, p.plan, src->text, src->len, p.path, false);
	if (skipped_lines && plan_add_diag(p.plan, PLAN_DIAG_WARNING, "loader", NULL, 1, 1,
					   "skipped %u line(s) of text before the JSON (e.g. policy "
					   "pack installation messages)",
					   skipped_lines) < 0) {
		nomem(&p);
		goto out;
	}
	if (format == LOAD_FORMAT_PULUMI_EVENTS) {
		if (walk_events(&p, json_start) < 0)
			goto out;
	} else if (walk_document(&p, json_start) < 0) {
		goto out;
	}
	if (format == LOAD_FORMAT_PULUMI_EXPORT &&
	    warn(&p, (size_t)-1,
		 "this is a stack export (the current state), not a preview: nothing in it "
		 "changes; give it with --state next to a preview") < 0)
		goto out;
	if (format == LOAD_FORMAT_PULUMI_SUMMARY && p.ngroups &&
	    warn(&p, (size_t)-1,
		 "a `pulumi preview --output json` summary has no property values: only the "
		 "operations are shown") < 0)
		goto out;
	if (format == LOAD_FORMAT_PULUMI_PLAN && !state_path && p.ngroups &&
	    warn(&p, (size_t)-1,
		 "a saved plan holds no old state: updates show only the changed inputs "
		 "(give a `pulumi stack export` with --state)") < 0)
		goto out;
	if (state_path && load_state_file(&p, state_path) < 0)
		goto out;
	for (i = 0; i < p.ngroups; i++)
		if (emit_group(&p, &p.groups[i]) < 0)
			goto out;
	if (stack_outputs(&p) < 0 || format_timestamp(&p) < 0)
		goto out;
	if (p.pv.stats.duplicate_keys) {
		unsigned long line, col;

		json_position(src->text, src->len, p.pv.stats.first_duplicate_offset, &line, &col);
		if (plan_add_diag(p.plan, PLAN_DIAG_WARNING, "loader", NULL, line, col,
				  "%zu duplicate object key(s), the first here: the last value of "
				  "each is used",
				  p.pv.stats.duplicate_keys) < 0) {
			nomem(&p);
			goto out;
		}
	}
	if (plan_finish(p.plan, err) < 0)
		goto out;
	rc = 0;
out:
	mem_free(p.groups);
	mem_free(p.map);
	if (rc == 0)
		*out = p.plan;
	else
		plan_free(&p.plan);
	return rc;
}
