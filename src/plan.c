/* plan.c - the change model: accessors, building, counting. */
#include "plan_build.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "json_value.h"

static const char *const action_keys[] = {
#define X(name, key, marker, ascii, desc) key,
	PLAN_ACTIONS(X)
#undef X
};
static const char *const action_markers[] = {
#define X(name, key, marker, ascii, desc) marker,
	PLAN_ACTIONS(X)
#undef X
};
static const char *const action_ascii[] = {
#define X(name, key, marker, ascii, desc) ascii,
	PLAN_ACTIONS(X)
#undef X
};
static const char *const action_desc[] = {
#define X(name, key, marker, ascii, desc) desc,
	PLAN_ACTIONS(X)
#undef X
};
static const char *const reason_keys[] = {
#define X(name, key) key,
	PLAN_REASONS(X)
#undef X
};

const char *
plan_action_key(enum plan_action a)
{
	return (unsigned)a < PLAN_ACTION_COUNT ? action_keys[a] : "?";
}

const char *
plan_action_marker(enum plan_action a, bool ascii)
{
	if ((unsigned)a >= PLAN_ACTION_COUNT)
		return "?";
	return ascii ? action_ascii[a] : action_markers[a];
}

const char *
plan_action_description(enum plan_action a)
{
	return (unsigned)a < PLAN_ACTION_COUNT ? action_desc[a] : "?";
}

int
plan_action_parse(const char *key)
{
	int i;

	for (i = 0; i < PLAN_ACTION_COUNT; i++)
		if (strcmp(key, action_keys[i]) == 0)
			return i;
	if (strcmp(key, "destroy") == 0)
		return PLAN_ACTION_DELETE;
	if (strcmp(key, "noop") == 0)
		return PLAN_ACTION_NOOP;
	return -1;
}

const char *
plan_reason_key(enum plan_reason r)
{
	return (unsigned)r < PLAN_REASON_COUNT ? reason_keys[r] : "";
}

enum plan_reason
plan_reason_parse(const char *key)
{
	int i;

	if (!key || !*key)
		return PLAN_REASON_NONE;
	for (i = 1; i < PLAN_REASON_OTHER; i++)
		if (strcmp(key, reason_keys[i]) == 0)
			return (enum plan_reason)i;
	return PLAN_REASON_OTHER;
}

const char *
plan_section_name(enum plan_section s)
{
	switch (s) {
	case PLAN_SECTION_CHANGE:
		return "change";
	case PLAN_SECTION_DRIFT:
		return "drift";
	case PLAN_SECTION_DEFERRED:
		return "deferred";
	case PLAN_SECTION_CONTEXT:
		return "context";
	}
	return "?";
}

const char *
plan_mode_name(enum plan_mode m)
{
	switch (m) {
	case PLAN_MODE_MANAGED:
		return "managed";
	case PLAN_MODE_DATA:
		return "data";
	case PLAN_MODE_PROVIDER:
		return "provider";
	case PLAN_MODE_COMPONENT:
		return "component";
	}
	return "?";
}

const char *
plan_source_kind_name(enum plan_source_kind k)
{
	switch (k) {
	case PLAN_SOURCE_TERRAFORM:
		return "terraform";
	case PLAN_SOURCE_PULUMI:
		return "pulumi";
	case PLAN_SOURCE_MANIFESTS:
		return "manifests";
	}
	return "?";
}

/* ---- lifecycle and building ---- */

int
plan_new(struct plan **out, enum plan_source_kind kind, struct source *src, struct error *err)
{
	struct plan *p = mem_calloc(1, sizeof(*p));

	*out = NULL;
	if (!p) {
		source_free(&src);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	p->kind = kind;
	strtab_init(&p->strings, &p->arena);
	p->vb.arena = &p->arena;
	p->vb.keys = &p->strings;
	p->source = src;
	p->path = src ? plan_intern_str(p, src->path) : "";
	p->format_version = p->tool_version = p->timestamp = p->target = "";
	if (!p->path) {
		plan_free(&p);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	*out = p;
	return 0;
}

void
plan_free(struct plan **pp)
{
	struct plan *p = *pp;

	if (!p)
		return;
	source_free(&p->source);
	mem_free(p->changes);
	mem_free(p->outputs);
	mem_free(p->diags);
	mem_free(p->sections);
	mem_free(p->index);
	strtab_release(&p->strings);
	arena_release(&p->arena);
	mem_free(p);
	*pp = NULL;
}

const char *
plan_intern(struct plan *plan, const char *s, size_t len)
{
	return strtab_intern(&plan->strings, s, len);
}

const char *
plan_intern_str(struct plan *plan, const char *s)
{
	return plan_intern(plan, s, strlen(s));
}

const char *
plan_internf(struct plan *plan, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	const char *r = NULL;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (!buf_failed(&b))
		r = plan_intern(plan, b.data, b.len);
	buf_release(&b);
	return r;
}

struct plan_change *
plan_add_change(struct plan *plan)
{
	struct plan_change *c;
	void *p = plan->changes;

	if (mem_grow_array(&p, &plan->cchanges, plan->nchanges + 1, sizeof(*plan->changes)) < 0)
		return NULL;
	plan->changes = p;
	c = arena_alloc(&plan->arena, sizeof(*c));
	if (!c)
		return NULL;
	c->index = plan->nchanges;
	c->address = c->native_id = c->type = c->name = c->group = c->provider = "";
	plan->changes[plan->nchanges++] = c;
	return c;
}

struct plan_output *
plan_add_output(struct plan *plan)
{
	void *p = plan->outputs;

	if (mem_grow_array(&p, &plan->coutputs, plan->noutputs + 1, sizeof(*plan->outputs)) < 0)
		return NULL;
	plan->outputs = p;
	memset(&plan->outputs[plan->noutputs], 0, sizeof(*plan->outputs));
	return &plan->outputs[plan->noutputs++];
}

int
plan_add_diag(struct plan *plan, enum plan_diag_severity sev, const char *origin,
	      const char *address, unsigned long line, unsigned long col, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	struct plan_diag *d;
	void *p = plan->diags;
	va_list ap;

	if (mem_grow_array(&p, &plan->cdiags, plan->ndiags + 1, sizeof(*plan->diags)) < 0)
		return -1;
	plan->diags = p;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	d = &plan->diags[plan->ndiags];
	memset(d, 0, sizeof(*d));
	d->severity = sev;
	d->message = buf_failed(&b) ? NULL : plan_intern(plan, b.data, b.len);
	buf_release(&b);
	d->origin = plan_intern_str(plan, origin ? origin : "loader");
	d->address = address ? plan_intern_str(plan, address) : NULL;
	d->line = line;
	d->col = col;
	if (!d->message || !d->origin || (address && !d->address))
		return -1;
	plan->ndiags++;
	return 0;
}

int
plan_set_section(struct plan *plan, const char *name, const struct value *v)
{
	void *p = plan->sections;
	size_t i;

	for (i = 0; i < plan->nsections; i++)
		if (strcmp(plan->sections[i].name, name) == 0) {
			plan->sections[i].value = *v;
			return 0;
		}
	if (mem_grow_array(&p, &plan->csections, plan->nsections + 1, sizeof(*plan->sections)) < 0)
		return -1;
	plan->sections = p;
	plan->sections[plan->nsections].name = plan_intern_str(plan, name);
	if (!plan->sections[plan->nsections].name)
		return -1;
	plan->sections[plan->nsections].value = *v;
	plan->nsections++;
	return 0;
}

/* Whether a sensitive node differs between before and after. */
static bool
sensitive_changed(const struct value *a, const struct value *b)
{
	size_t i, j;

	if (a->kind == VALUE_SENSITIVE || b->kind == VALUE_SENSITIVE ||
	    (a->kind == VALUE_UNKNOWN && (a->flags & VALUE_F_SENSITIVE)) ||
	    (b->kind == VALUE_UNKNOWN && (b->flags & VALUE_F_SENSITIVE))) {
		if (a->kind == VALUE_ABSENT || b->kind == VALUE_ABSENT)
			return false; /* created or destroyed with the resource */
		return !value_equal(a, b);
	}
	if (a->kind == VALUE_OBJECT && b->kind == VALUE_OBJECT) {
		for (i = 0, j = 0; i < a->len || j < b->len;) {
			const struct value_member *x = i < a->len ? &a->u.members[i] : NULL;
			const struct value_member *y = j < b->len ? &b->u.members[j] : NULL;
			int c;

			if (!x)
				c = 1;
			else if (!y)
				c = -1;
			else
				c = x->key == y->key ? 0 : strcmp(x->key, y->key);
			if (c == 0) {
				if (sensitive_changed(&x->value, &y->value))
					return true;
				i++;
				j++;
			} else if (c < 0) {
				if (value_contains_sensitive(&x->value))
					return true;
				i++;
			} else {
				if (value_contains_sensitive(&y->value))
					return true;
				j++;
			}
		}
		return false;
	}
	if (a->kind == VALUE_ARRAY && b->kind == VALUE_ARRAY) {
		size_t n = a->len > b->len ? a->len : b->len;

		for (i = 0; i < n; i++)
			if (sensitive_changed(value_at(a, i), value_at(b, i)))
				return true;
		return false;
	}
	if (a->kind == VALUE_ABSENT || b->kind == VALUE_ABSENT)
		return false;
	return value_contains_sensitive(a) || value_contains_sensitive(b);
}

static size_t
addr_hash_slot(const struct plan *plan, const char *address)
{
	/* Addresses are interned, so the pointer value identifies them. */
	return (size_t)(mem_hash(address, strlen(address)) & (plan->index_cap - 1));
}

int
plan_finish(struct plan *plan, struct error *err)
{
	size_t i, cap = 16;

	for (i = 0; i < plan->nchanges; i++) {
		struct plan_change *c = plan->changes[i];

		if (!c->native_id || !*c->native_id)
			c->native_id = c->address;
		c->key = c->address;
		if (c->deposed) {
			c->key = plan_internf(plan, "%s (deposed object %s)", c->address, c->deposed);
			if (!c->key)
				return error_set(err, ERROR_NOMEM, "out of memory");
		}
		if (value_contains_unknown(&c->after))
			c->flags |= PLAN_CHANGE_HAS_UNKNOWN;
		if ((c->action == PLAN_ACTION_UPDATE || c->action == PLAN_ACTION_REPLACE ||
		     c->action == PLAN_ACTION_IMPORT) &&
		    sensitive_changed(&c->before, &c->after))
			c->flags |= PLAN_CHANGE_SENSITIVE_CHANGED;
	}
	while (cap < plan->nchanges * 2)
		cap *= 2;
	mem_free(plan->index);
	plan->index = mem_alloc(cap * sizeof(*plan->index));
	if (!plan->index)
		return error_set(err, ERROR_NOMEM, "out of memory");
	memset(plan->index, 0xFF, cap * sizeof(*plan->index));
	plan->index_cap = cap;
	for (i = 0; i < plan->nchanges; i++) {
		size_t s = addr_hash_slot(plan, plan->changes[i]->address);

		while (plan->index[s] != UINT32_MAX) {
			/* keep the first change per address (sections in load order) */
			if (plan->changes[plan->index[s]]->address == plan->changes[i]->address)
				break;
			s = (s + 1) & (cap - 1);
		}
		if (plan->index[s] == UINT32_MAX)
			plan->index[s] = (uint32_t)i;
	}
	return 0;
}

/* ---- accessors ---- */

enum plan_source_kind
plan_source_kind(const struct plan *p)
{
	return p->kind;
}

const char *
plan_path(const struct plan *p)
{
	return p->path;
}

const uint8_t *
plan_digest(const struct plan *p)
{
	static const uint8_t zero[DIGEST_SHA256_LEN];

	return p->source ? p->source->digest : zero;
}

const char *
plan_digest_hex(const struct plan *p)
{
	return p->source ? p->source->digest_hex : "";
}

const char *
plan_format_version(const struct plan *p)
{
	return p->format_version;
}

const char *
plan_tool_version(const struct plan *p)
{
	return p->tool_version;
}

const char *
plan_timestamp(const struct plan *p)
{
	return p->timestamp;
}

unsigned
plan_flags(const struct plan *p)
{
	return p->flags;
}

const char *
plan_revision_from(const struct plan *p)
{
	return p->rev_from;
}

const char *
plan_revision_to(const struct plan *p)
{
	return p->rev_to;
}

const char *
plan_target_name(const struct plan *p)
{
	return p->target;
}

size_t
plan_change_count(const struct plan *p)
{
	return p->nchanges;
}

const struct plan_change *
plan_change_at(const struct plan *p, size_t i)
{
	return i < p->nchanges ? p->changes[i] : NULL;
}

const struct plan_change *
plan_find_change(const struct plan *p, const char *address, int section)
{
	size_t s, i;

	if (!p->index_cap)
		return NULL;
	s = addr_hash_slot(p, address);
	while (p->index[s] != UINT32_MAX) {
		const struct plan_change *c = p->changes[p->index[s]];

		if (strcmp(c->address, address) == 0) {
			if (section < 0 || (int)c->section == section)
				return c;
			/* rare: same address in another section; scan linearly */
			for (i = c->index; i < p->nchanges; i++)
				if ((int)p->changes[i]->section == section &&
				    strcmp(p->changes[i]->address, address) == 0)
					return p->changes[i];
			return NULL;
		}
		s = (s + 1) & (p->index_cap - 1);
	}
	return NULL;
}

size_t
plan_output_count(const struct plan *p)
{
	return p->noutputs;
}

const struct plan_output *
plan_output_at(const struct plan *p, size_t i)
{
	return i < p->noutputs ? &p->outputs[i] : NULL;
}

size_t
plan_diag_count(const struct plan *p)
{
	return p->ndiags;
}

const struct plan_diag *
plan_diag_at(const struct plan *p, size_t i)
{
	return i < p->ndiags ? &p->diags[i] : NULL;
}

const struct value *
plan_section_value(const struct plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nsections; i++)
		if (strcmp(p->sections[i].name, name) == 0)
			return &p->sections[i].value;
	return &value_absent;
}

const char *
plan_source_text(const struct plan *p, size_t *len)
{
	if (!p->source) {
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = p->source->len;
	return p->source->text;
}

/* Pretty JSON with two-space indent (iterative enough: values are at most
 * JSON_MAX_DEPTH_DEFAULT deep). */
static void
pretty(struct buf *out, const struct value *v, int indent)
{
	size_t i;

	if (v->kind == VALUE_ARRAY && v->len) {
		buf_addstr(out, "[\n");
		for (i = 0; i < v->len; i++) {
			buf_addchn(out, ' ', (size_t)(indent + 2));
			pretty(out, &v->u.items[i], indent + 2);
			buf_addstr(out, i + 1 < v->len ? ",\n" : "\n");
		}
		buf_addchn(out, ' ', (size_t)indent);
		buf_addch(out, ']');
	} else if (v->kind == VALUE_OBJECT && v->len) {
		buf_addstr(out, "{\n");
		for (i = 0; i < v->len; i++) {
			buf_addchn(out, ' ', (size_t)(indent + 2));
			json_quote(out, v->u.members[i].key, v->u.members[i].key_len);
			buf_addstr(out, ": ");
			pretty(out, &v->u.members[i].value, indent + 2);
			buf_addstr(out, i + 1 < v->len ? ",\n" : "\n");
		}
		buf_addchn(out, ' ', (size_t)indent);
		buf_addch(out, '}');
	} else {
		value_to_json(out, v, true);
	}
}

int
plan_reveal(const struct plan *p, const struct value_secret *secret, struct buf *out,
	    struct error *err)
{
	struct arena scratch = ARENA_INIT;
	struct strtab keys;
	struct value_builder vb = { &scratch, &keys };
	struct value v;
	int rc;

	if (!(secret->flags & VALUE_SECRET_HAS_LOCATION) || !p->source)
		return error_set(err, ERROR_NOTFOUND,
				 "the source holds no readable copy of this value");
	if (secret->offset + secret->length > p->source->len)
		return error_set(err, ERROR_INTERNAL, "secret location outside the source");
	strtab_init(&keys, &scratch);
	rc = json_parse_value(p->source->text + secret->offset, secret->length, p->path, &vb, &v,
			      err);
	if (rc == 0) {
		pretty(out, &v, 0);
		if (buf_failed(out))
			rc = error_set(err, ERROR_NOMEM, "out of memory");
	}
	strtab_release(&keys);
	arena_wipe(&scratch);
	return rc;
}

/* ---- counting ---- */

bool
plan_change_is_actionable(const struct plan_change *c)
{
	if (c->section != PLAN_SECTION_CHANGE)
		return false;
	return c->action != PLAN_ACTION_NOOP;
}

void
plan_count(const struct plan *p, struct plan_counts *n)
{
	size_t i;

	memset(n, 0, sizeof(*n));
	for (i = 0; i < p->nchanges; i++) {
		const struct plan_change *c = p->changes[i];

		switch (c->section) {
		case PLAN_SECTION_DRIFT:
			n->drift++;
			continue;
		case PLAN_SECTION_DEFERRED:
			n->deferred++;
			continue;
		case PLAN_SECTION_CONTEXT:
			n->context++;
			continue;
		case PLAN_SECTION_CHANGE:
			break;
		}
		n->by_action[c->action]++;
		if (c->flags & PLAN_CHANGE_IMPORTING)
			n->import++;
		switch (c->action) {
		case PLAN_ACTION_CREATE:
			n->add++;
			break;
		case PLAN_ACTION_UPDATE:
			n->change++;
			break;
		case PLAN_ACTION_DELETE:
			/* Terraform does not count deleted data sources */
			if (c->mode != PLAN_MODE_DATA)
				n->destroy++;
			break;
		case PLAN_ACTION_REPLACE:
			n->add++;
			if (c->flags & PLAN_CHANGE_FORGET_OLD) {
				n->forget++;
			} else {
				n->destroy++;
				if (c->flags & PLAN_CHANGE_CREATE_FIRST)
					n->replace_create_first++;
				else
					n->replace_delete_first++;
			}
			break;
		case PLAN_ACTION_FORGET:
			n->forget++;
			break;
		default:
			break;
		}
	}
	for (i = 0; i < p->noutputs; i++)
		if (p->outputs[i].action != PLAN_ACTION_NOOP)
			n->outputs_changed++;
}
