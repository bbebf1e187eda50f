/* rule_eval.c - running compiled rules over a plan.
 *
 * The engine first turns every change into its targets (one per view,
 * alias.h) and sorts them by type, so that a rule only visits the
 * resources of its types.  Conditions are evaluated with Kleene's
 * three-valued logic: a value known only after apply makes a comparison
 * unknown; `any` is true if one operand is, `all` false if one operand
 * is, and `not unknown` stays unknown.
 *
 * Recursion here follows the rule's own structure (paths of at most
 * RULE_MAX_PATH_SEGS parts, conditions nested at most
 * RULE_MAX_COND_DEPTH deep), never the depth of the plan's values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json_value.h"
#include "rule_internal.h"
#include "str.h"

/* ---- scratch memory (reset per evaluation) ---- */

struct rule_scratch_block {
	struct rule_scratch_block *next;
	size_t size;
	max_align_t data[];
};

#define SCRATCH_MAIN (64 * 1024)

void *
rule_scratch_alloc(struct rule_engine *e, size_t size)
{
	struct rule_scratch *s = &e->scratch;
	struct rule_scratch_block *b;
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (!s->buf) {
		s->buf = mem_alloc(SCRATCH_MAIN);
		if (!s->buf) {
			e->failed = true;
			return NULL;
		}
		s->cap = SCRATCH_MAIN;
	}
	if (s->cap - s->used >= size) {
		p = s->buf + s->used;
		s->used += size;
		memset(p, 0, size);
		return p;
	}
	b = mem_alloc(sizeof(*b) + size);
	if (!b) {
		e->failed = true;
		return NULL;
	}
	b->size = size;
	b->next = s->extra;
	s->extra = b;
	memset(b->data, 0, size);
	return b->data;
}

char *
rule_scratch_strdup(struct rule_engine *e, const char *s, size_t len)
{
	char *p = rule_scratch_alloc(e, len + 1);

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static void
scratch_reset(struct rule_engine *e)
{
	struct rule_scratch *s = &e->scratch;

	while (s->extra) {
		struct rule_scratch_block *b = s->extra;

		s->extra = b->next;
		mem_free(b);
	}
	s->used = 0;
	if (e->tmp.total) {
		strtab_release(&e->tmp_keys);
		arena_release(&e->tmp);
		strtab_init(&e->tmp_keys, &e->tmp);
	}
}

static void
scratch_free(struct rule_engine *e)
{
	scratch_reset(e);
	mem_free(e->scratch.buf);
	e->scratch.buf = NULL;
	strtab_release(&e->tmp_keys);
	arena_release(&e->tmp);
}

/* ---- key lookup with aliasing ---- */

const struct value *
rule_lookup(const struct value *obj, const char *key, size_t len, bool camel)
{
	char alt[128];
	const struct value *v;

	if (!obj || obj->kind != VALUE_OBJECT)
		return &value_absent;
	v = value_getn(obj, key, len);
	if (v->kind != VALUE_ABSENT)
		return v;
	if (camel && alias_camel(key, len, alt, sizeof(alt) - 4)) {
		size_t n = strlen(alt);

		v = value_getn(obj, alt, n);
		if (v->kind != VALUE_ABSENT)
			return v;
		alt[n] = 's';
		v = value_getn(obj, alt, n + 1);
		if (v->kind != VALUE_ABSENT)
			return v;
	}
	if (len + 4 < sizeof(alt)) {
		/* Pulumi pluralises list blocks: ebs_block_device -> ebsBlockDevices */
		memcpy(alt, key, len);
		alt[len] = 's';
		v = value_getn(obj, alt, len + 1);
		if (v->kind != VALUE_ABSENT)
			return v;
		if (camel) {
			char c2[128];

			if (alias_camel(alt, len + 1, c2, sizeof(c2))) {
				v = value_getn(obj, c2, strlen(c2));
				if (v->kind != VALUE_ABSENT)
					return v;
			}
		}
		if (len > 1 && key[len - 1] == 'y') {
			memcpy(alt, key, len - 1);
			memcpy(alt + len - 1, "ies", 3);
			v = value_getn(obj, alt, len + 2);
			if (v->kind != VALUE_ABSENT)
				return v;
		}
	}
	return &value_absent;
}

/* ---- regex ---- */

enum rule_tri
rule_regex_match(struct rule_engine *e, pcre2_code *re, const char *s, size_t len,
		 size_t *ovec_start, size_t *ovec_end, uint32_t group)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, e->md, e->mctx);

	if (rc >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(e->md);
		uint32_t n = pcre2_get_ovector_count(e->md);

		if (ovec_start && ovec_end) {
			if (group < n && ov[2 * group] != PCRE2_UNSET) {
				*ovec_start = ov[2 * group];
				*ovec_end = ov[2 * group + 1];
			} else {
				*ovec_start = ov[0];
				*ovec_end = ov[1];
			}
		}
		return RULE_TRUE;
	}
	if (rc == PCRE2_ERROR_NOMATCH)
		return RULE_FALSE;
	e->regex_errors++;
	return RULE_UNKNOWN;
}

/* ---- evidence: where a result was decided ---- */

struct evid {
	const struct rule_path *path;   /* NULL when `text` is set */
	const uint32_t *widx;           /* indexes at [*] segments (NULL: leave [*]) */
	size_t nw;
	const char *text;               /* a fixed suffix instead of a path */
	const struct evid *parent;      /* the element the path is relative to */
};

static void
render_path(struct buf *b, const struct rule_path *p, const uint32_t *widx, size_t nw)
{
	size_t i, w = 0;

	for (i = 0; i < p->nsegs; i++) {
		const struct rule_seg *s = &p->segs[i];

		switch (s->kind) {
		case RULE_SEG_KEY:
			if (b->len)
				buf_addch(b, '.');
			buf_add(b, s->key, s->key_len);
			break;
		case RULE_SEG_INDEX:
			buf_addf(b, "[%zu]", s->index);
			break;
		case RULE_SEG_ANY:
			if (widx && w < nw)
				buf_addf(b, "[%u]", (unsigned)widx[w]);
			else
				buf_addstr(b, "[*]");
			w++;
			break;
		}
	}
}

static void
render_evid(struct buf *b, const struct evid *ev, int depth)
{
	if (!ev || depth > RULE_MAX_COND_DEPTH * 2)
		return;
	if (ev->parent && (!ev->path || ev->path->root == RULE_ROOT_CURRENT))
		render_evid(b, ev->parent, depth + 1);
	if (ev->text) {
		if (b->len && ev->text[0] != '[')
			buf_addch(b, '.');
		buf_addstr(b, ev->text);
	} else if (ev->path) {
		render_path(b, ev->path, ev->widx, ev->nw);
	}
}

/* ---- evaluation context ---- */

struct ectx {
	struct rule_engine *e;
	const struct rule_target *t;
	bool before;                    /* reading the before side */
	const struct value *cur;        /* what relative paths start from */
	bool camel;                     /* aliasing below cur */
	const struct evid *cur_ev;      /* where cur is */
	const struct evid *ev;          /* out: what decided the last result */
};

struct node {
	const struct value *v;
	const uint32_t *widx;
	size_t nw;
	bool camel;
};

struct nodes {
	struct node *items;
	size_t n, cap;
};

static int
nodes_push(struct rule_engine *e, struct nodes *ns, const struct value *v, const uint32_t *widx,
	   size_t nw, bool camel)
{
	struct node *nd;

	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? ns->cap * 2 : 8;
		struct node *items = rule_scratch_alloc(e, cap * sizeof(*items));

		if (!items)
			return -1;
		if (ns->n)
			memcpy(items, ns->items, ns->n * sizeof(*items));
		ns->items = items;
		ns->cap = cap;
	}
	nd = &ns->items[ns->n++];
	nd->v = v;
	nd->nw = nw;
	nd->camel = camel;
	nd->widx = NULL;
	if (nw) {
		uint32_t *w = rule_scratch_alloc(e, nw * sizeof(*w));

		if (!w)
			return -1;
		memcpy(w, widx, nw * sizeof(*w));
		nd->widx = w;
	}
	return 0;
}

static int
walk(struct rule_engine *e, const struct rule_path *p, size_t si, const struct value *v,
     bool camel, uint32_t *widx, size_t nw, struct nodes *out)
{
	const struct rule_seg *s;
	size_t i;

	if (si == p->nsegs)
		return nodes_push(e, out, v, widx, nw, camel);
	s = &p->segs[si];
	switch (v->kind) {
	case VALUE_UNKNOWN:
	case VALUE_SENSITIVE:
		/* nothing is known below: the unknown node stands for it all */
		return nodes_push(e, out, v, widx, nw, camel);
	case VALUE_ABSENT:
	case VALUE_NULL:
		if (s->kind == RULE_SEG_ANY)
			return 0;
		return walk(e, p, si + 1, &value_absent, camel, widx, nw, out);
	default:
		break;
	}
	switch (s->kind) {
	case RULE_SEG_KEY:
		if (v->kind == VALUE_OBJECT)
			return walk(e, p, si + 1, rule_lookup(v, s->key, s->key_len, camel), camel,
				    widx, nw, out);
		/* a block of one (a list holding one object): look inside it;
		 * only one level, so the input cannot drive the recursion */
		if (v->kind == VALUE_ARRAY && v->len == 1 && v->u.items[0].kind == VALUE_OBJECT)
			return walk(e, p, si + 1,
				    rule_lookup(&v->u.items[0], s->key, s->key_len, camel), camel, widx,
				    nw, out);
		return walk(e, p, si + 1, &value_absent, camel, widx, nw, out);
	case RULE_SEG_INDEX:
		if (v->kind == VALUE_ARRAY)
			return walk(e, p, si + 1, value_at(v, s->index), camel, widx, nw, out);
		if (v->kind == VALUE_OBJECT && s->index == 0)
			return walk(e, p, si + 1, v, camel, widx, nw, out);
		return walk(e, p, si + 1, &value_absent, camel, widx, nw, out);
	case RULE_SEG_ANY:
		if (v->kind == VALUE_ARRAY) {
			for (i = 0; i < v->len; i++) {
				widx[nw] = (uint32_t)i;
				if (walk(e, p, si + 1, &v->u.items[i], camel, widx, nw + 1, out) < 0)
					return -1;
			}
			return 0;
		}
		if (v->kind == VALUE_OBJECT) {
			/* a block of one written without a list (Pulumi, Crossplane) */
			widx[nw] = 0;
			return walk(e, p, si + 1, v, camel, widx, nw + 1, out);
		}
		return 0;
	}
	return 0;
}

static const struct value *
side_root(const struct ectx *x)
{
	return x->before ? &x->t->root_before : &x->t->root;
}

static const struct value *
side_document(const struct ectx *x)
{
	const struct plan_change *c = plan_change_at(x->e->plan, x->t->change);

	return x->before ? &c->before : &c->after;
}

/* The nodes a path selects, from the context. */
static int
resolve(struct ectx *x, const struct rule_path *p, struct nodes *out)
{
	uint32_t widx[RULE_MAX_PATH_SEGS];
	const struct value *base;
	bool camel;

	switch (p->root) {
	case RULE_ROOT_RESOURCE:
		base = side_root(x);
		camel = x->t->camel;
		break;
	case RULE_ROOT_DOCUMENT:
		base = side_document(x);
		camel = false;
		break;
	default:
		base = x->cur;
		camel = x->camel;
		break;
	}
	return walk(x->e, p, 0, base, camel, widx, 0, out);
}

static struct evid *
new_evid(struct ectx *x, const struct rule_path *p, const struct node *nd)
{
	struct evid *ev = rule_scratch_alloc(x->e, sizeof(*ev));

	if (!ev)
		return NULL;
	ev->path = p;
	if (nd) {
		ev->widx = nd->widx;
		ev->nw = nd->nw;
	}
	ev->parent = x->cur_ev;
	return ev;
}

/* ---- scalar helpers ---- */

static bool
scalar_text(const struct value *v, const char **s, size_t *len)
{
	switch (v->kind) {
	case VALUE_STRING:
	case VALUE_NUMBER:
		*s = v->u.str;
		*len = v->len;
		return true;
	case VALUE_BOOL:
		*s = v->u.b ? "true" : "false";
		*len = strlen(*s);
		return true;
	default:
		return false;
	}
}

/* Number of a value: numbers, numeric strings, and durations like "90s". */
static bool
value_number(const struct value *v, double *out)
{
	char buf[64];
	char *end;
	size_t len;

	if (v->kind != VALUE_NUMBER && v->kind != VALUE_STRING)
		return false;
	len = v->len;
	if (!len || len >= sizeof(buf))
		return false;
	memcpy(buf, v->u.str, len);
	buf[len] = '\0';
	if (v->kind == VALUE_STRING && len > 1 && buf[len - 1] == 's' && buf[len - 2] >= '0' &&
	    buf[len - 2] <= '9')
		buf[len - 1] = '\0';
	if (!((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '-' || buf[0] == '+' || buf[0] == '.'))
		return false;
	*out = strtod(buf, &end);
	return *end == '\0' && !isnan(*out);
}

static bool
text_eq(const char *a, size_t alen, const char *b, size_t blen, bool nocase)
{
	size_t i;

	if (alen != blen)
		return false;
	if (!nocase)
		return memcmp(a, b, alen) == 0;
	for (i = 0; i < alen; i++) {
		char x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

static bool
text_find(const char *hay, size_t hlen, const char *needle, size_t nlen, bool nocase)
{
	size_t i;

	if (nlen == 0)
		return true;
	if (nlen > hlen)
		return false;
	for (i = 0; i + nlen <= hlen; i++)
		if (text_eq(hay + i, nlen, needle, nlen, nocase))
			return true;
	return false;
}

/* Equality with Terraform's coercions: "true" == true, "7" == 7. */
static enum rule_tri
value_eq(const struct value *v, const struct value *want, bool nocase)
{
	const char *s, *w;
	size_t slen, wlen;
	double a, b;
	size_t i;

	if (v->kind == VALUE_UNKNOWN || v->kind == VALUE_SENSITIVE)
		return RULE_UNKNOWN;
	switch (want->kind) {
	case VALUE_NULL:
		return (v->kind == VALUE_NULL || v->kind == VALUE_ABSENT) ? RULE_TRUE : RULE_FALSE;
	case VALUE_BOOL:
		if (v->kind == VALUE_BOOL)
			return v->u.b == want->u.b ? RULE_TRUE : RULE_FALSE;
		if (v->kind == VALUE_STRING)
			return text_eq(v->u.str, v->len, want->u.b ? "true" : "false",
				       want->u.b ? 4 : 5, true)
				       ? RULE_TRUE
				       : RULE_FALSE;
		return RULE_FALSE;
	case VALUE_NUMBER:
		if (value_number(v, &a) && value_number(want, &b))
			return a == b ? RULE_TRUE : RULE_FALSE;
		return RULE_FALSE;
	case VALUE_STRING:
		if (!scalar_text(v, &s, &slen))
			return RULE_FALSE;
		w = want->u.str;
		wlen = want->len;
		if (text_eq(s, slen, w, wlen, nocase))
			return RULE_TRUE;
		if (v->kind == VALUE_NUMBER && value_number(v, &a) && value_number(want, &b))
			return a == b ? RULE_TRUE : RULE_FALSE;
		return RULE_FALSE;
	case VALUE_ARRAY:
		if (v->kind != VALUE_ARRAY || v->len != want->len)
			return RULE_FALSE;
		for (i = 0; i < v->len; i++) {
			enum rule_tri r = value_eq(&v->u.items[i], &want->u.items[i], nocase);

			if (r != RULE_TRUE)
				return r;
		}
		return RULE_TRUE;
	default:
		return value_equal(v, want) ? RULE_TRUE : RULE_FALSE;
	}
}

/* v is one of the list's values. */
static enum rule_tri
value_in(const struct value *v, const struct value *list, bool nocase)
{
	enum rule_tri res = RULE_FALSE;
	size_t i;

	for (i = 0; i < list->len; i++) {
		enum rule_tri r = value_eq(v, &list->u.items[i], nocase);

		if (r == RULE_TRUE)
			return RULE_TRUE;
		if (r == RULE_UNKNOWN)
			res = RULE_UNKNOWN;
	}
	return res;
}

static enum rule_tri
tri_not(enum rule_tri r)
{
	return r == RULE_UNKNOWN ? RULE_UNKNOWN : r == RULE_TRUE ? RULE_FALSE : RULE_TRUE;
}

static bool
is_empty(const struct value *v)
{
	switch (v->kind) {
	case VALUE_ABSENT:
	case VALUE_NULL:
		return true;
	case VALUE_STRING:
	case VALUE_ARRAY:
	case VALUE_OBJECT:
		return v->len == 0;
	default:
		return false;
	}
}

static enum rule_tri
set_op(enum rule_op op, const struct value *v, const struct value *list, bool nocase)
{
	enum rule_tri res;
	size_t i;

	if (v->kind == VALUE_UNKNOWN || v->kind == VALUE_SENSITIVE)
		return RULE_UNKNOWN;
	if (v->kind == VALUE_ABSENT || v->kind == VALUE_NULL) {
		/* the empty set */
		if (op == RULE_OP_SUBSET)
			return RULE_TRUE;
		if (op == RULE_OP_SUPERSET)
			return list->len == 0 ? RULE_TRUE : RULE_FALSE;
		return RULE_FALSE;
	}
	if (v->kind != VALUE_ARRAY) {
		/* a single value is a set of one */
		struct value one;

		memset(&one, 0, sizeof(one));
		one.kind = VALUE_ARRAY;
		one.len = 1;
		one.u.items = v;
		return set_op(op, &one, list, nocase);
	}
	switch (op) {
	case RULE_OP_SUBSET:
		res = RULE_TRUE;
		for (i = 0; i < v->len; i++) {
			enum rule_tri r = value_in(&v->u.items[i], list, nocase);

			if (r == RULE_FALSE)
				return RULE_FALSE;
			if (r == RULE_UNKNOWN)
				res = RULE_UNKNOWN;
		}
		return res;
	case RULE_OP_SUPERSET:
		res = RULE_TRUE;
		for (i = 0; i < list->len; i++) {
			enum rule_tri r = value_in(&list->u.items[i], v, nocase);

			if (r == RULE_FALSE)
				return RULE_FALSE;
			if (r == RULE_UNKNOWN)
				res = RULE_UNKNOWN;
		}
		return res;
	default: /* INTERSECTS */
		res = RULE_FALSE;
		for (i = 0; i < v->len; i++) {
			enum rule_tri r = value_in(&v->u.items[i], list, nocase);

			if (r == RULE_TRUE)
				return RULE_TRUE;
			if (r == RULE_UNKNOWN)
				res = RULE_UNKNOWN;
		}
		return res;
	}
}

static enum rule_tri
has_keys(const struct value *v, const struct value *keys, bool nocase)
{
	size_t i, j;

	if (v->kind == VALUE_UNKNOWN || v->kind == VALUE_SENSITIVE)
		return RULE_UNKNOWN;
	if (v->kind != VALUE_OBJECT)
		return RULE_FALSE;
	for (i = 0; i < keys->len; i++) {
		const struct value *k = &keys->u.items[i];
		bool found = false;

		for (j = 0; j < v->len && !found; j++)
			found = text_eq(v->u.members[j].key, v->u.members[j].key_len, k->u.str, k->len,
					nocase);
		if (!found)
			return RULE_FALSE;
	}
	return RULE_TRUE;
}

static enum rule_tri
cidr_op(const struct rule_cond *c, const struct value *v)
{
	struct rule_cidr cidr;
	const char *s;
	size_t len, i;
	bool any;

	if (v->kind == VALUE_UNKNOWN || v->kind == VALUE_SENSITIVE)
		return RULE_UNKNOWN;
	if (v->kind != VALUE_STRING)
		return RULE_FALSE;
	s = v->u.str;
	len = v->len;
	any = rule_cidr_is_any_text(s, len);
	if (c->op == RULE_OP_CIDR_IS_ANY)
		return any ? RULE_TRUE : RULE_FALSE;
	if (any && !rule_cidr_parse(s, len, &cidr)) {
		/* "*", "Internet", "Any": every address */
		if (c->op == RULE_OP_CIDR_IS_PUBLIC || c->op == RULE_OP_CIDR_CONTAINS ||
		    c->op == RULE_OP_CIDR_OVERLAPS)
			return RULE_TRUE;
		return RULE_FALSE;
	}
	if (!rule_cidr_parse(s, len, &cidr))
		return RULE_FALSE;
	switch (c->op) {
	case RULE_OP_CIDR_IS_PUBLIC:
		return rule_cidr_is_public(&cidr) ? RULE_TRUE : RULE_FALSE;
	case RULE_OP_CIDR_CONTAINS:
		for (i = 0; i < c->val.ncidrs; i++)
			if (rule_cidr_contains(&cidr, &c->val.cidrs[i]))
				return RULE_TRUE;
		return RULE_FALSE;
	case RULE_OP_CIDR_WITHIN:
		for (i = 0; i < c->val.ncidrs; i++)
			if (rule_cidr_contains(&c->val.cidrs[i], &cidr))
				return RULE_TRUE;
		return RULE_FALSE;
	default: /* OVERLAPS */
		for (i = 0; i < c->val.ncidrs; i++)
			if (rule_cidr_overlaps(&cidr, &c->val.cidrs[i]))
				return RULE_TRUE;
		return RULE_FALSE;
	}
}

static enum rule_tri
port_op(const struct rule_cond *c, const struct value *v, bool camel)
{
	struct rule_port_range r[64];
	size_t n = 0, i, j;
	enum rule_tri got = rule_ports_of(v, camel, r, 64, &n);

	if (got == RULE_FALSE)
		return RULE_FALSE;
	for (i = 0; i < n; i++) {
		if (c->op == RULE_OP_PORT_ALL) {
			if (r[i].lo <= 1 && r[i].hi >= RULE_PORT_ALL_HI)
				return RULE_TRUE;
			continue;
		}
		for (j = 0; j < c->val.nports; j++)
			if (r[i].lo <= c->val.ports[j] && c->val.ports[j] <= r[i].hi)
				return RULE_TRUE;
	}
	return got == RULE_UNKNOWN ? RULE_UNKNOWN : RULE_FALSE;
}

static size_t
value_length(const struct value *v)
{
	switch (v->kind) {
	case VALUE_STRING:
	case VALUE_ARRAY:
	case VALUE_OBJECT:
		return v->len;
	default:
		return 0;
	}
}

/* One operator on one node. */
static enum rule_tri
op_eval(struct rule_engine *e, const struct rule_cond *c, const struct value *v, bool camel)
{
	const struct rule_operand *o = &c->val;
	bool unk = v->kind == VALUE_UNKNOWN;
	bool opaque = unk || v->kind == VALUE_SENSITIVE;
	const char *s, *w;
	size_t slen, i;
	double d;
	enum rule_tri r;

	switch (c->op) {
	case RULE_OP_EXISTS:
		if (unk)
			return RULE_UNKNOWN;
		return (v->kind != VALUE_ABSENT && v->kind != VALUE_NULL) ? RULE_TRUE : RULE_FALSE;
	case RULE_OP_ABSENT:
		if (unk)
			return RULE_UNKNOWN;
		return (v->kind == VALUE_ABSENT || v->kind == VALUE_NULL) ? RULE_TRUE : RULE_FALSE;
	case RULE_OP_PRESENT:
		return v->kind != VALUE_ABSENT ? RULE_TRUE : RULE_FALSE;
	case RULE_OP_NULL_:
		if (unk)
			return RULE_UNKNOWN;
		return v->kind == VALUE_NULL ? RULE_TRUE : RULE_FALSE;
	case RULE_OP_EMPTY:
	case RULE_OP_NOT_EMPTY:
		if (unk)
			return RULE_UNKNOWN;
		r = is_empty(v) ? RULE_TRUE : RULE_FALSE;
		return c->op == RULE_OP_EMPTY ? r : tri_not(r);
	case RULE_OP_UNKNOWN:
		return unk ? RULE_TRUE : RULE_FALSE;
	case RULE_OP_KNOWN:
		return unk ? RULE_FALSE : RULE_TRUE;
	case RULE_OP_SENSITIVE:
		return (v->kind == VALUE_SENSITIVE ||
			(unk && (v->flags & VALUE_F_SENSITIVE)))
			       ? RULE_TRUE
			       : RULE_FALSE;
	case RULE_OP_EQ:
		return value_eq(v, &o->v, c->ignore_case);
	case RULE_OP_NE:
		return tri_not(value_eq(v, &o->v, c->ignore_case));
	case RULE_OP_IN:
		return value_in(v, &o->v, c->ignore_case);
	case RULE_OP_NOT_IN:
		return tri_not(value_in(v, &o->v, c->ignore_case));
	case RULE_OP_REGEX:
	case RULE_OP_NOT_REGEX:
		if (opaque)
			return RULE_UNKNOWN;
		if (!scalar_text(v, &s, &slen) || !str_utf8_valid(s, slen, NULL))
			r = RULE_FALSE;
		else
			r = rule_regex_match(e, o->re, s, slen, NULL, NULL, 0);
		return c->op == RULE_OP_REGEX ? r : tri_not(r);
	case RULE_OP_PREFIX:
	case RULE_OP_SUFFIX:
		if (opaque)
			return RULE_UNKNOWN;
		if (!scalar_text(v, &s, &slen) || !scalar_text(&o->v, &w, &i) || i > slen)
			return RULE_FALSE;
		if (c->op == RULE_OP_PREFIX)
			return text_eq(s, i, w, i, c->ignore_case) ? RULE_TRUE : RULE_FALSE;
		return text_eq(s + slen - i, i, w, i, c->ignore_case) ? RULE_TRUE : RULE_FALSE;
	case RULE_OP_CONTAINS:
	case RULE_OP_NOT_CONTAINS:
		if (opaque)
			return RULE_UNKNOWN;
		if (v->kind == VALUE_ARRAY) {
			r = RULE_FALSE;
			for (i = 0; i < v->len && r != RULE_TRUE; i++) {
				enum rule_tri x = value_eq(&v->u.items[i], &o->v, c->ignore_case);

				if (x == RULE_TRUE || (x == RULE_UNKNOWN && r == RULE_FALSE))
					r = x;
			}
		} else if (v->kind == VALUE_OBJECT) {
			r = RULE_FALSE;
			if (scalar_text(&o->v, &w, &slen))
				for (i = 0; i < v->len && r == RULE_FALSE; i++)
					if (text_eq(v->u.members[i].key, v->u.members[i].key_len, w,
						    slen, c->ignore_case))
						r = RULE_TRUE;
		} else if (scalar_text(v, &s, &slen) && scalar_text(&o->v, &w, &i)) {
			r = text_find(s, slen, w, i, c->ignore_case) ? RULE_TRUE : RULE_FALSE;
		} else {
			r = RULE_FALSE;
		}
		return c->op == RULE_OP_CONTAINS ? r : tri_not(r);
	case RULE_OP_GT:
	case RULE_OP_GTE:
	case RULE_OP_LT:
	case RULE_OP_LTE:
	case RULE_OP_BETWEEN:
		if (opaque)
			return RULE_UNKNOWN;
		if (!value_number(v, &d))
			return RULE_FALSE;
		switch (c->op) {
		case RULE_OP_GT:
			return d > o->num ? RULE_TRUE : RULE_FALSE;
		case RULE_OP_GTE:
			return d >= o->num ? RULE_TRUE : RULE_FALSE;
		case RULE_OP_LT:
			return d < o->num ? RULE_TRUE : RULE_FALSE;
		case RULE_OP_LTE:
			return d <= o->num ? RULE_TRUE : RULE_FALSE;
		default:
			return (d >= o->num && d <= o->num2) ? RULE_TRUE : RULE_FALSE;
		}
	case RULE_OP_LENGTH_EQ:
	case RULE_OP_LENGTH_GT:
	case RULE_OP_LENGTH_GTE:
	case RULE_OP_LENGTH_LT:
	case RULE_OP_LENGTH_LTE:
		if (opaque)
			return RULE_UNKNOWN;
		slen = value_length(v);
		switch (c->op) {
		case RULE_OP_LENGTH_EQ:
			return slen == o->count ? RULE_TRUE : RULE_FALSE;
		case RULE_OP_LENGTH_GT:
			return slen > o->count ? RULE_TRUE : RULE_FALSE;
		case RULE_OP_LENGTH_GTE:
			return slen >= o->count ? RULE_TRUE : RULE_FALSE;
		case RULE_OP_LENGTH_LT:
			return slen < o->count ? RULE_TRUE : RULE_FALSE;
		default:
			return slen <= o->count ? RULE_TRUE : RULE_FALSE;
		}
	case RULE_OP_SUBSET:
	case RULE_OP_SUPERSET:
	case RULE_OP_INTERSECTS:
		return set_op(c->op, v, &o->v, c->ignore_case);
	case RULE_OP_HAS_KEYS:
		return has_keys(v, &o->v, c->ignore_case);
	case RULE_OP_PORT_INCLUDES:
	case RULE_OP_PORT_ALL:
		return port_op(c, v, camel);
	case RULE_OP_CIDR_IS_ANY:
	case RULE_OP_CIDR_IS_PUBLIC:
	case RULE_OP_CIDR_CONTAINS:
	case RULE_OP_CIDR_WITHIN:
	case RULE_OP_CIDR_OVERLAPS:
		return cidr_op(c, v);
	case RULE_OP_CONFIGURED:   /* handled by eval_attr */
	case RULE_OP_COUNT:
		break;
	}
	return RULE_FALSE;
}

/* ---- conditions ---- */

static enum rule_tri eval(struct ectx *x, const struct rule_cond *c);

/* Combines per-item results under a quantifier; `first` gets the index
 * of the item that decided (or -1). */
struct quant_state {
	enum rule_quant q;
	bool any_true, any_false, any_unknown;
	long first_true, first_false, first_unknown;
};

static void
quant_init(struct quant_state *s, enum rule_quant q)
{
	memset(s, 0, sizeof(*s));
	s->q = q;
	s->first_true = s->first_false = s->first_unknown = -1;
}

/* Returns true when the result is settled and the loop may stop. */
static bool
quant_add(struct quant_state *s, enum rule_tri r, long i)
{
	if (r == RULE_TRUE) {
		if (!s->any_true)
			s->first_true = i;
		s->any_true = true;
		return s->q != RULE_QUANT_ALL;
	}
	if (r == RULE_FALSE) {
		if (!s->any_false)
			s->first_false = i;
		s->any_false = true;
		return s->q == RULE_QUANT_ALL;
	}
	if (!s->any_unknown)
		s->first_unknown = i;
	s->any_unknown = true;
	return false;
}

/* The result, and which item decided it (-1: none in particular). */
static enum rule_tri
quant_result(const struct quant_state *s, long *decider)
{
	*decider = -1;
	switch (s->q) {
	case RULE_QUANT_ANY:
		if (s->any_true) {
			*decider = s->first_true;
			return RULE_TRUE;
		}
		if (s->any_unknown) {
			*decider = s->first_unknown;
			return RULE_UNKNOWN;
		}
		/* every item failed: the first one stands for them */
		*decider = s->first_false;
		return RULE_FALSE;
	case RULE_QUANT_ALL:
		if (s->any_false) {
			*decider = s->first_false;
			return RULE_FALSE;
		}
		if (s->any_unknown) {
			*decider = s->first_unknown;
			return RULE_UNKNOWN;
		}
		return RULE_TRUE;
	case RULE_QUANT_NONE:
		if (s->any_true) {
			*decider = s->first_true;
			return RULE_FALSE;
		}
		if (s->any_unknown) {
			*decider = s->first_unknown;
			return RULE_UNKNOWN;
		}
		return RULE_TRUE;
	}
	return RULE_UNKNOWN;
}

/* `configured`: did the author set the attribute, or is it the
 * provider's to decide?  For Terraform the resource's configuration says
 * (an expression for the attribute's first key); elsewhere inputs are
 * what the author wrote, so a present value (even unknown) is set. */
static enum rule_tri
eval_configured(struct ectx *x, const struct rule_cond *c)
{
	const struct rule_path *p = &c->paths[0];
	const struct value *expr = NULL;
	struct nodes ns = { 0 };
	const struct value *v;

	x->ev = new_evid(x, p, NULL);
	if (resolve(x, p, &ns) < 0)
		return RULE_UNKNOWN;
	v = ns.n ? ns.items[0].v : &value_absent;
	if (plan_source_kind(x->e->plan) == PLAN_SOURCE_TERRAFORM && x->cur == &x->t->root &&
	    p->nsegs && p->segs[0].kind == RULE_SEG_KEY)
		expr = rule_config_expressions(x->e, x->t->change);
	if (expr)
		return value_getn(expr, p->segs[0].key, p->segs[0].key_len)->kind != VALUE_ABSENT
			       ? RULE_TRUE
			       : RULE_FALSE;
	if (plan_source_kind(x->e->plan) == PLAN_SOURCE_TERRAFORM && v->kind == VALUE_UNKNOWN)
		return RULE_UNKNOWN;
	return (v->kind != VALUE_ABSENT && v->kind != VALUE_NULL) ? RULE_TRUE : RULE_FALSE;
}

static enum rule_tri
eval_attr(struct ectx *x, const struct rule_cond *c)
{
	struct nodes ns = { 0 };
	const struct rule_path *p = NULL;
	struct quant_state qs;
	size_t i;
	long decider;
	enum rule_tri r;

	if (c->op == RULE_OP_CONFIGURED)
		return eval_configured(x, c);

	for (i = 0; i < c->npaths; i++) {
		ns.n = 0;
		p = &c->paths[i];
		if (resolve(x, p, &ns) < 0)
			return RULE_UNKNOWN;
		if (p->wildcard ? ns.n > 0 : (ns.n == 1 && ns.items[0].v->kind != VALUE_ABSENT))
			break;
	}
	if (!p->wildcard) {
		const struct node *nd = ns.n ? &ns.items[0] : NULL;

		r = op_eval(x->e, c, nd ? nd->v : &value_absent, nd ? nd->camel : x->camel);
		x->ev = new_evid(x, p, nd);
		return r;
	}
	quant_init(&qs, c->quant);
	for (i = 0; i < ns.n; i++)
		if (quant_add(&qs, op_eval(x->e, c, ns.items[i].v, ns.items[i].camel), (long)i))
			break;
	r = quant_result(&qs, &decider);
	x->ev = new_evid(x, p, decider >= 0 ? &ns.items[decider] : NULL);
	return r;
}

static enum rule_tri
eval_for(struct ectx *x, const struct rule_cond *c)
{
	struct nodes all = { 0 };
	const struct rule_path **owner = NULL;
	const struct evid **evs;
	struct quant_state qs;
	size_t i, k;
	long decider;
	enum rule_tri r;

	for (k = 0; k < c->npaths; k++) {
		struct nodes one = { 0 };
		const struct rule_path **o2;

		if (resolve(x, &c->paths[k], &one) < 0)
			return RULE_UNKNOWN;
		/* a missing single value is not an element */
		if (!c->paths[k].wildcard && one.n == 1 &&
		    (one.items[0].v->kind == VALUE_ABSENT || one.items[0].v->kind == VALUE_NULL))
			continue;
		o2 = rule_scratch_alloc(x->e, (all.n + one.n + 1) * sizeof(*o2));
		if (!o2)
			return RULE_UNKNOWN;
		if (all.n)
			memcpy(o2, owner, all.n * sizeof(*o2));
		owner = o2;
		for (i = 0; i < one.n; i++) {
			if (nodes_push(x->e, &all, one.items[i].v, one.items[i].widx, one.items[i].nw,
				       one.items[i].camel) < 0)
				return RULE_UNKNOWN;
			owner[all.n - 1] = &c->paths[k];
		}
	}
	evs = all.n ? rule_scratch_alloc(x->e, all.n * sizeof(*evs)) : NULL;
	if (all.n && !evs)
		return RULE_UNKNOWN;
	quant_init(&qs, c->quant);
	for (i = 0; i < all.n; i++) {
		struct ectx sub = *x;

		sub.cur = all.items[i].v;
		sub.camel = all.items[i].camel;
		sub.cur_ev = new_evid(x, owner[i], &all.items[i]);
		sub.ev = sub.cur_ev;
		r = c->kids[0] ? eval(&sub, c->kids[0]) : RULE_TRUE;
		evs[i] = sub.ev;
		if (quant_add(&qs, r, (long)i))
			break;
	}
	r = quant_result(&qs, &decider);
	x->ev = decider >= 0 ? evs[decider] : new_evid(x, &c->paths[0], NULL);
	return r;
}

struct related_ctx {
	struct rule_engine *e;
	size_t *items;
	size_t n, cap;
};

static int
collect_target(void *ctx, size_t target)
{
	struct related_ctx *rc = ctx;
	size_t i;

	for (i = 0; i < rc->n; i++)
		if (rc->items[i] == target)
			return 0;
	if (rc->n == rc->cap) {
		size_t cap = rc->cap ? rc->cap * 2 : 8;
		size_t *items = rule_scratch_alloc(rc->e, cap * sizeof(*items));

		if (!items)
			return -1;
		if (rc->n)
			memcpy(items, rc->items, rc->n * sizeof(*items));
		rc->items = items;
		rc->cap = cap;
	}
	rc->items[rc->n++] = target;
	return 0;
}

static enum rule_tri
eval_related(struct ectx *x, const struct rule_cond *c)
{
	struct related_ctx rc = { x->e, NULL, 0, 0 };
	struct quant_state qs;
	size_t i;
	long decider;
	enum rule_tri r;

	if (rule_links_each(x->e, x->t, c, collect_target, &rc) < 0) {
		x->e->failed = true;
		return RULE_UNKNOWN;
	}
	quant_init(&qs, c->quant);
	for (i = 0; i < rc.n; i++) {
		struct ectx sub;

		memset(&sub, 0, sizeof(sub));
		sub.e = x->e;
		sub.t = &x->e->targets[rc.items[i]];
		sub.cur = &sub.t->root;
		sub.camel = sub.t->camel;
		r = c->kids[0] ? eval(&sub, c->kids[0]) : RULE_TRUE;
		if (quant_add(&qs, r, (long)i))
			break;
	}
	r = quant_result(&qs, &decider);
	x->ev = NULL;
	return r;
}

/* Null and absent are the same "no value" for a change. */
static const struct value *
norm(const struct value *v)
{
	return v->kind == VALUE_NULL ? &value_absent : v;
}

static enum rule_tri
eval_changed(struct ectx *x, const struct rule_cond *c)
{
	struct nodes nb = { 0 }, na = { 0 };
	struct ectx sb = *x, sa = *x;
	const struct value *b, *a;

	sb.before = true;
	sb.cur = &x->t->root_before;
	sb.camel = x->t->camel;
	sb.cur_ev = NULL;
	sa.before = false;
	sa.cur = &x->t->root;
	sa.camel = x->t->camel;
	sa.cur_ev = NULL;
	if (resolve(&sb, c->paths, &nb) < 0 || resolve(&sa, c->paths, &na) < 0)
		return RULE_UNKNOWN;
	b = norm(nb.n ? nb.items[0].v : &value_absent);
	a = norm(na.n ? na.items[0].v : &value_absent);
	x->ev = new_evid(&sa, c->paths, NULL);
	if (value_contains_unknown(a) || value_contains_unknown(b))
		return RULE_UNKNOWN;
	return value_equal(a, b) ? RULE_FALSE : RULE_TRUE;
}

/* A JSON document held in a string (or already an object). */
static enum rule_tri
decode_json(struct ectx *x, const struct value *v, const struct value **out)
{
	struct value *doc;
	struct error err = ERROR_INIT;

	*out = &value_absent;
	switch (v->kind) {
	case VALUE_UNKNOWN:
	case VALUE_SENSITIVE:
		return RULE_UNKNOWN;
	case VALUE_OBJECT:
	case VALUE_ARRAY:
		*out = v;
		return RULE_TRUE;
	case VALUE_STRING:
		doc = arena_alloc(&x->e->tmp, sizeof(*doc));
		if (!doc) {
			x->e->failed = true;
			return RULE_UNKNOWN;
		}
		if (json_parse_value(v->u.str, v->len, "(json)", &x->e->tmp_vb, doc, &err) < 0) {
			if (err.code == ERROR_NOMEM) {
				x->e->failed = true;
				return RULE_UNKNOWN;
			}
			return RULE_FALSE;   /* not JSON: nothing to look at */
		}
		*out = doc;
		return RULE_TRUE;
	default:
		return RULE_FALSE;
	}
}

static enum rule_tri
eval_json(struct ectx *x, const struct rule_cond *c)
{
	struct nodes ns = { 0 };
	const struct value *doc;
	struct ectx sub = *x;
	enum rule_tri r;

	if (resolve(x, c->paths, &ns) < 0)
		return RULE_UNKNOWN;
	r = decode_json(x, ns.n ? ns.items[0].v : &value_absent, &doc);
	x->ev = new_evid(x, c->paths, NULL);
	if (r == RULE_UNKNOWN)
		return RULE_UNKNOWN;
	sub.cur = doc;
	sub.camel = false;
	sub.cur_ev = x->ev;
	sub.ev = x->ev;
	r = eval(&sub, c->kids[0]);
	x->ev = sub.ev;
	return r;
}

/* ---- IAM policy documents ---- */

/* A list of strings from a string or a list; principals flatten the
 * values of {"AWS": ..., "Service": ...}. */
static int
string_list(struct rule_engine *e, const struct value *v, struct value *out)
{
	struct value *items;
	size_t n = 0, cap, i, j;

	memset(out, 0, sizeof(*out));
	if (v->kind == VALUE_ABSENT)
		return 0;
	cap = v->kind == VALUE_ARRAY ? v->len : 1;
	if (v->kind == VALUE_OBJECT) {
		cap = 0;
		for (i = 0; i < v->len; i++)
			cap += v->u.members[i].value.kind == VALUE_ARRAY
				       ? v->u.members[i].value.len
				       : 1;
	}
	items = arena_alloc(&e->tmp, (cap ? cap : 1) * sizeof(*items));
	if (!items)
		return -1;
	if (v->kind == VALUE_ARRAY) {
		for (i = 0; i < v->len; i++)
			items[n++] = v->u.items[i];
	} else if (v->kind == VALUE_OBJECT) {
		for (i = 0; i < v->len; i++) {
			const struct value *m = &v->u.members[i].value;

			if (m->kind == VALUE_ARRAY)
				for (j = 0; j < m->len; j++)
					items[n++] = m->u.items[j];
			else
				items[n++] = *m;
		}
	} else {
		items[n++] = *v;
	}
	return value_make_array(&e->tmp_vb, items, n, out);
}

/* One statement as {Effect, Action[], NotAction[], Resource[], ...}. */
static int
normalize_statement(struct rule_engine *e, const struct value *st, struct value *out)
{
	static const char *const lists[] = { "Action", "NotAction", "Resource", "NotResource",
					     "Principal", "NotPrincipal" };
	struct value_member ms[9];
	size_t n = 0, i;
	const struct value *v;

	if (st->kind != VALUE_OBJECT)
		return 1;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		v = value_get(st, lists[i]);
		if (v->kind == VALUE_ABSENT)
			continue;
		ms[n].key = value_intern_key(&e->tmp_vb, lists[i], strlen(lists[i]));
		ms[n].key_len = (uint32_t)strlen(lists[i]);
		if (!ms[n].key)
			return -1;
		if (v->kind == VALUE_UNKNOWN || v->kind == VALUE_SENSITIVE)
			ms[n].value = *v;
		else if (string_list(e, v, &ms[n].value) < 0)
			return -1;
		n++;
	}
	for (i = 0; i < 3; i++) {
		static const char *const plain[] = { "Effect", "Condition", "Sid" };

		v = value_get(st, plain[i]);
		if (v->kind == VALUE_ABSENT)
			continue;
		ms[n].key = value_intern_key(&e->tmp_vb, plain[i], strlen(plain[i]));
		ms[n].key_len = (uint32_t)strlen(plain[i]);
		if (!ms[n].key)
			return -1;
		ms[n].value = *v;
		n++;
	}
	return value_make_object(&e->tmp_vb, ms, n, out, NULL) < 0 ? -1 : 0;
}

static enum rule_tri
policy_statements(struct ectx *x, const struct rule_path *path, const struct value **list,
		  bool before)
{
	struct nodes ns = { 0 };
	struct ectx side = *x;
	const struct value *doc, *st;
	struct value *arr;
	enum rule_tri r;
	size_t i, n = 0;

	*list = NULL;
	if (before) {
		side.before = true;
		side.cur = &x->t->root_before;
		side.camel = x->t->camel;
	}
	if (resolve(&side, path, &ns) < 0)
		return RULE_UNKNOWN;
	r = decode_json(x, ns.n ? ns.items[0].v : &value_absent, &doc);
	if (r != RULE_TRUE)
		return r;
	st = value_get(doc, "Statement");
	if (st->kind == VALUE_UNKNOWN)
		return RULE_UNKNOWN;
	arr = arena_alloc(&x->e->tmp, sizeof(*arr));
	if (!arr)
		goto nomem;
	memset(arr, 0, sizeof(*arr));
	if (st->kind == VALUE_OBJECT || st->kind == VALUE_ARRAY) {
		size_t count = st->kind == VALUE_ARRAY ? st->len : 1;
		struct value *items = arena_alloc(&x->e->tmp, (count ? count : 1) * sizeof(*items));

		if (!items)
			goto nomem;
		for (i = 0; i < count; i++) {
			const struct value *one = st->kind == VALUE_ARRAY ? &st->u.items[i] : st;
			int rc = normalize_statement(x->e, one, &items[n]);

			if (rc < 0)
				goto nomem;
			if (rc == 0)
				n++;
		}
		if (value_make_array(&x->e->tmp_vb, items, n, arr) < 0)
			goto nomem;
	} else {
		arr->kind = VALUE_ARRAY;
	}
	*list = arr;
	return RULE_TRUE;
nomem:
	x->e->failed = true;
	return RULE_UNKNOWN;
}

static enum rule_tri
eval_iam(struct ectx *x, const struct rule_cond *c)
{
	const struct value *list;
	struct quant_state qs;
	const struct evid **evs;
	struct evid *base;
	size_t i;
	long decider;
	enum rule_tri r = policy_statements(x, c->paths, &list, x->before);

	base = new_evid(x, c->paths, NULL);
	x->ev = base;
	if (r == RULE_UNKNOWN)
		return RULE_UNKNOWN;
	if (r == RULE_FALSE) {
		/* no policy: no statements */
		quant_init(&qs, c->quant);
		return quant_result(&qs, &decider);
	}
	evs = list->len ? rule_scratch_alloc(x->e, list->len * sizeof(*evs)) : NULL;
	if (list->len && !evs)
		return RULE_UNKNOWN;
	quant_init(&qs, c->quant);
	for (i = 0; i < list->len; i++) {
		struct ectx sub = *x;
		struct evid *ev = rule_scratch_alloc(x->e, sizeof(*ev));
		char idx[32];

		if (!ev)
			return RULE_UNKNOWN;
		snprintf(idx, sizeof(idx), "Statement[%zu]", i);
		ev->text = rule_scratch_strdup(x->e, idx, strlen(idx));
		ev->parent = base;
		sub.cur = &list->u.items[i];
		sub.camel = false;
		sub.cur_ev = ev;
		sub.ev = ev;
		r = c->kids[0] ? eval(&sub, c->kids[0]) : RULE_TRUE;
		evs[i] = ev;
		if (quant_add(&qs, r, (long)i))
			break;
	}
	r = quant_result(&qs, &decider);
	if (decider >= 0)
		x->ev = evs[decider];
	return r;
}

/* Allow grants as "action|resource|principal|condition" strings. */
struct grants {
	char **items;
	size_t n, cap;
};

#define IAM_MAX_GRANTS 4000   /* per side: at most 16M comparisons */

static void
lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static int
grants_add_statement(struct rule_engine *e, const struct value *st, struct grants *g)
{
	const struct value *eff = value_get(st, "Effect");
	const struct value *acts = value_get(st, "Action"), *res = value_get(st, "Resource");
	const struct value *pr = value_get(st, "Principal"), *cond = value_get(st, "Condition");
	struct buf condtext = BUF_INIT, one = BUF_INIT;
	const char *neg_a = "", *neg_r = "";
	size_t i, j, k, na, nr, np;
	int rc = 0;

	if (!value_str(eff) || strcmp(value_str(eff), "Allow") != 0)
		return 0;
	if (acts->kind == VALUE_ABSENT) {
		acts = value_get(st, "NotAction");
		neg_a = "not:";
	}
	if (res->kind == VALUE_ABSENT) {
		res = value_get(st, "NotResource");
		neg_r = "not:";
	}
	if (cond->kind != VALUE_ABSENT)
		value_to_json(&condtext, cond, false);
	na = acts->kind == VALUE_ARRAY ? acts->len : 0;
	nr = res->kind == VALUE_ARRAY ? res->len : 0;
	np = pr->kind == VALUE_ARRAY ? pr->len : 0;
	for (i = 0; i < (na ? na : 1); i++)
		for (j = 0; j < (nr ? nr : 1); j++)
			for (k = 0; k < (np ? np : 1); k++) {
				const char *a = na ? value_str(&acts->u.items[i]) : "";
				const char *r = nr ? value_str(&res->u.items[j]) : "";
				const char *p = np ? value_str(&pr->u.items[k]) : "";
				char *s;

				if (g->n >= IAM_MAX_GRANTS)
					goto out;
				buf_reset(&one);
				buf_addf(&one, "%s%s\x1f%s%s\x1f%s\x1f%s", neg_a, a ? a : "?", neg_r,
					 r ? r : "?", p ? p : "?",
					 condtext.len ? condtext.data : "");
				if (buf_failed(&one))
					goto nomem;
				s = arena_strndup(&e->tmp, one.data, one.len);
				if (!s)
					goto nomem;
				/* actions are case-insensitive */
				{
					char *sep = strchr(s, '\x1f');

					if (sep) {
						*sep = '\0';
						lower(s);
						*sep = '\x1f';
					}
				}
				if (g->n == g->cap &&
				    mem_grow_array((void **)&g->items, &g->cap, g->n + 1,
						   sizeof(*g->items)) < 0)
					goto nomem;
				g->items[g->n++] = s;
			}
	goto out;
nomem:
	rc = -1;
out:
	buf_release(&condtext);
	buf_release(&one);
	return rc;
}

static bool
field_covers(const char *wide, size_t wlen, const char *narrow, size_t nlen)
{
	char a[512], b[512];

	if (wlen >= sizeof(a) || nlen >= sizeof(b))
		return wlen == nlen && memcmp(wide, narrow, wlen) == 0;
	memcpy(a, wide, wlen);
	a[wlen] = '\0';
	memcpy(b, narrow, nlen);
	b[nlen] = '\0';
	if (str_has_prefix(a, "not:") || str_has_prefix(b, "not:"))
		return strcmp(a, b) == 0;
	return str_glob_match(a, b);
}

/* Does grant `w` (before) cover grant `n` (after)? */
static bool
grant_covers(const char *w, const char *n)
{
	const char *ws[4], *ns[4];
	size_t wl[4], nl[4], i;

	for (i = 0; i < 4; i++) {
		const char *we = strchr(w, '\x1f'), *ne = strchr(n, '\x1f');

		ws[i] = w;
		ns[i] = n;
		wl[i] = we ? (size_t)(we - w) : strlen(w);
		nl[i] = ne ? (size_t)(ne - n) : strlen(n);
		w = we ? we + 1 : w + wl[i];
		n = ne ? ne + 1 : n + nl[i];
	}
	for (i = 0; i < 3; i++)
		if (!field_covers(ws[i], wl[i], ns[i], nl[i]))
			return false;
	/* an unconditional grant covers a conditional one */
	return wl[3] == 0 || (wl[3] == nl[3] && memcmp(ws[3], ns[3], wl[3]) == 0);
}

static enum rule_tri
eval_iam_widens(struct ectx *x, const struct rule_cond *c)
{
	const struct value *lb, *la;
	struct grants gb = { 0 }, ga = { 0 };
	enum rule_tri rb, ra, res = RULE_FALSE;
	size_t i, j;

	x->ev = new_evid(x, c->paths, NULL);
	rb = policy_statements(x, c->paths, &lb, true);
	ra = policy_statements(x, c->paths, &la, false);
	if (ra == RULE_UNKNOWN || rb == RULE_UNKNOWN)
		return RULE_UNKNOWN;
	if (ra != RULE_TRUE)
		return RULE_FALSE;    /* no policy after: nothing granted */
	if (rb != RULE_TRUE) {
		/* no policy before (created or added): only an update widens */
		const struct plan_change *ch = plan_change_at(x->e->plan, x->t->change);

		if (ch->action == PLAN_ACTION_CREATE)
			return RULE_FALSE;
	}
	for (i = 0; lb && i < lb->len; i++)
		if (grants_add_statement(x->e, &lb->u.items[i], &gb) < 0)
			goto nomem;
	for (i = 0; i < la->len; i++)
		if (grants_add_statement(x->e, &la->u.items[i], &ga) < 0)
			goto nomem;
	if (gb.n >= IAM_MAX_GRANTS || ga.n >= IAM_MAX_GRANTS) {
		/* too large to compare in full: say so rather than guess */
		mem_free(gb.items);
		mem_free(ga.items);
		return RULE_UNKNOWN;
	}
	for (i = 0; i < ga.n && res == RULE_FALSE; i++) {
		bool covered = false;

		for (j = 0; j < gb.n && !covered; j++)
			covered = grant_covers(gb.items[j], ga.items[i]);
		if (!covered)
			res = RULE_TRUE;
	}
	mem_free(gb.items);
	mem_free(ga.items);
	return res;
nomem:
	mem_free(gb.items);
	mem_free(ga.items);
	x->e->failed = true;
	return RULE_UNKNOWN;
}

/* How specific a piece of evidence is: one per step, plus one per
 * concrete list index along the way. */
static int
evid_score(const struct evid *ev)
{
	int score = 0, depth = 0;

	for (; ev && depth < RULE_MAX_COND_DEPTH * 2; ev = ev->parent, depth++) {
		if (ev->path && ev->path->wildcard && !ev->widx)
			continue;   /* "[*]" as a whole points at nothing in particular */
		score += 1 + (int)(ev->widx ? ev->nw : 0) + (ev->text ? 1 : 0);
	}
	return score;
}

static enum rule_tri
eval(struct ectx *x, const struct rule_cond *c)
{
	enum rule_tri r, res;
	const struct evid *unk_ev = NULL, *first_ev = NULL, *best_ev = NULL;
	size_t i;
	bool unknown = false;
	int best = -1;

	if (x->e->failed)
		return RULE_UNKNOWN;
	switch (c->kind) {
	case RULE_COND_ALL:
		for (i = 0; i < c->nkids; i++) {
			int sc;

			r = eval(x, c->kids[i]);
			if (r == RULE_FALSE)
				return RULE_FALSE;
			if (r == RULE_UNKNOWN && !unknown) {
				unknown = true;
				unk_ev = x->ev;
			}
			/* all true (a failure under not/none): the most specific
			 * part tells best where the problem is */
			sc = evid_score(x->ev);
			if (sc >= best) {
				best = sc;
				best_ev = x->ev;
			}
		}
		x->ev = unknown ? unk_ev : best_ev;
		return unknown ? RULE_UNKNOWN : RULE_TRUE;
	case RULE_COND_ANY:
	case RULE_COND_NONE:
		res = RULE_FALSE;
		for (i = 0; i < c->nkids; i++) {
			r = eval(x, c->kids[i]);
			if (i == 0)
				first_ev = x->ev;
			if (r == RULE_TRUE) {
				res = RULE_TRUE;
				break;
			}
			if (r == RULE_UNKNOWN && !unknown) {
				unknown = true;
				unk_ev = x->ev;
			}
		}
		if (res != RULE_TRUE) {
			res = unknown ? RULE_UNKNOWN : RULE_FALSE;
			x->ev = unknown ? unk_ev : first_ev;
		}
		return c->kind == RULE_COND_ANY ? res : tri_not(res);
	case RULE_COND_NOT:
		return tri_not(eval(x, c->kids[0]));
	case RULE_COND_ATTR:
		return eval_attr(x, c);
	case RULE_COND_FOR:
		return eval_for(x, c);
	case RULE_COND_RELATED:
		return eval_related(x, c);
	case RULE_COND_ACTION: {
		const struct plan_change *ch = plan_change_at(x->e->plan, x->t->change);

		x->ev = NULL;
		return (c->actions & (1u << ch->action)) ? RULE_TRUE : RULE_FALSE;
	}
	case RULE_COND_TYPE: {
		size_t k;

		x->ev = NULL;
		for (k = 0; k < c->ntypes; k++)
			if (rule_type_matches(c->types[k], x->t->type))
				return RULE_TRUE;
		return RULE_FALSE;
	}
	case RULE_COND_CHANGED:
		return eval_changed(x, c);
	case RULE_COND_BEFORE:
	case RULE_COND_AFTER: {
		struct ectx sub = *x;

		sub.before = c->kind == RULE_COND_BEFORE;
		sub.cur = sub.before ? &x->t->root_before : &x->t->root;
		sub.camel = x->t->camel;
		sub.cur_ev = NULL;
		r = eval(&sub, c->kids[0]);
		x->ev = sub.ev;
		return r;
	}
	case RULE_COND_JSON:
		return eval_json(x, c);
	case RULE_COND_IAM:
		return eval_iam(x, c);
	case RULE_COND_IAM_WIDENS:
		return eval_iam_widens(x, c);
	case RULE_COND_CONST:
		x->ev = NULL;
		return c->const_value ? RULE_TRUE : RULE_FALSE;
	}
	return RULE_UNKNOWN;
}

/* ---- targets ---- */

static int
nomem_e(struct rule_engine *e)
{
	e->failed = true;
	return error_set(e->err, ERROR_NOMEM, "out of memory");
}

/* spec.forProvider with spec.initProvider underneath (forProvider wins). */
static int
merged_provider(struct rule_engine *e, const struct value *doc, struct value *out)
{
	const struct value *spec = value_get(doc, "spec");
	const struct value *fp = value_get(spec, "forProvider");
	const struct value *ip = value_get(spec, "initProvider");
	struct value_member *ms;
	size_t n = 0, i;

	if (ip->kind != VALUE_OBJECT || !ip->len) {
		*out = fp->kind == VALUE_OBJECT || fp->kind == VALUE_UNKNOWN ? *fp : value_absent;
		return 0;
	}
	if (fp->kind != VALUE_OBJECT) {
		*out = *ip;
		return 0;
	}
	ms = arena_alloc(&e->arena, (ip->len + fp->len) * sizeof(*ms));
	if (!ms)
		return -1;
	for (i = 0; i < ip->len; i++)
		ms[n++] = ip->u.members[i];
	for (i = 0; i < fp->len; i++)
		ms[n++] = fp->u.members[i];
	return value_make_object(&e->vb, ms, n, out, NULL) < 0 ? -1 : 0;
}

static int
view_root(struct rule_engine *e, const struct alias_view *v, const struct value *doc,
	  struct value *out)
{
	const struct value *cur = doc;
	size_t i;

	switch (v->root) {
	case ALIAS_ROOT_WHOLE:
		*out = *doc;
		return 0;
	case ALIAS_ROOT_FOR_PROVIDER:
		return merged_provider(e, doc, out);
	case ALIAS_ROOT_PATH:
		for (i = 0; v->root_path[i]; i++)
			cur = value_get(cur, v->root_path[i]);
		*out = *cur;
		return 0;
	}
	*out = *doc;
	return 0;
}

/* ---- the resources a Crossplane Composition composes ---- */

#define COMPOSITION_TYPE "apiextensions.crossplane.io/Composition"

/* Calls fn on each composed resource entry of a Composition (classic
 * spec.resources[], and function-patch-and-transform's
 * spec.pipeline[].input.resources[]) with where it is. */
static int
each_composed(const struct value *doc, int (*fn)(void *ctx, const struct value *res,
						 const char *where),
	      void *ctx)
{
	const struct value *spec = value_get(doc, "spec");
	const struct value *list = value_get(spec, "resources"), *pipe = value_get(spec, "pipeline");
	char where[96];
	size_t i, k;

	for (i = 0; list->kind == VALUE_ARRAY && i < list->len; i++) {
		snprintf(where, sizeof(where), "spec.resources[%zu]", i);
		if (fn(ctx, &list->u.items[i], where) < 0)
			return -1;
	}
	for (k = 0; pipe->kind == VALUE_ARRAY && k < pipe->len; k++) {
		const struct value *res = value_get(value_get(&pipe->u.items[k], "input"), "resources");

		for (i = 0; res->kind == VALUE_ARRAY && i < res->len; i++) {
			snprintf(where, sizeof(where), "spec.pipeline[%zu].input.resources[%zu]", k, i);
			if (fn(ctx, &res->u.items[i], where) < 0)
				return -1;
		}
	}
	return 0;
}

static int
count_composed(void *ctx, const struct value *res, const char *where)
{
	(void)res;
	(void)where;
	(*(size_t *)ctx)++;
	return 0;
}

struct composed_ctx {
	struct rule_engine *e;
	const struct plan_change *c;
	size_t *n;
};

/* Keys of forProvider that a patch writes (spec.forProvider.KEY...): their
 * base values are only defaults, so they are unknown here. */
static int
patched_unknown(struct rule_engine *e, const struct value *res, struct value *root)
{
	const struct value *patches = value_get(res, "patches");
	struct value_member *ms;
	size_t n = 0, i, j, cap;

	if (patches->kind != VALUE_ARRAY || !patches->len || root->kind != VALUE_OBJECT)
		return 0;
	cap = root->len + patches->len;
	ms = arena_alloc(&e->arena, cap * sizeof(*ms));
	if (!ms)
		return -1;
	for (i = 0; i < root->len; i++)
		ms[n++] = root->u.members[i];
	for (i = 0; i < patches->len; i++) {
		const struct value *to = value_get(&patches->u.items[i], "toFieldPath");
		const char *key;
		size_t klen;

		if (to->kind != VALUE_STRING)
			continue;
		if (str_has_prefix(to->u.str, "spec.forProvider."))
			key = to->u.str + strlen("spec.forProvider.");
		else if (str_has_prefix(to->u.str, "spec.initProvider."))
			key = to->u.str + strlen("spec.initProvider.");
		else
			continue;
		klen = strcspn(key, ".[");
		if (!klen)
			continue;
		key = strtab_intern(&e->strings, key, klen);
		if (!key)
			return -1;
		for (j = 0; j < n; j++)
			if (ms[j].key_len == klen && memcmp(ms[j].key, key, klen) == 0)
				break;
		if (j == n) {
			memset(&ms[n], 0, sizeof(ms[n]));
			ms[n].key = key;
			ms[n].key_len = klen;
			n++;
		}
		memset(&ms[j].value, 0, sizeof(ms[j].value));
		ms[j].value.kind = VALUE_UNKNOWN;
	}
	return value_make_object(&e->vb, ms, n, root, NULL) < 0 ? -1 : 0;
}

/* A target for each view of a composed resource whose kind maps to a
 * canonical type (an Upbound managed resource: Bucket, SecurityGroupRule,
 * Cluster...), rooted at its base's forProvider with patched keys unknown. */
static int
add_composed(void *ctx, const struct value *res, const char *where)
{
	struct composed_ctx *cc = ctx;
	struct rule_engine *e = cc->e;
	const struct value *base = value_get(res, "base");
	const struct value *api = value_get(base, "apiVersion"), *kind = value_get(base, "kind");
	struct plan_change fake;
	struct alias_view views[ALIAS_MAX_VIEWS];
	struct buf type = BUF_INIT;
	size_t nv, j;

	if (api->kind != VALUE_STRING || kind->kind != VALUE_STRING || !strchr(api->u.str, '/'))
		return 0;
	buf_add(&type, api->u.str, strcspn(api->u.str, "/"));
	buf_addf(&type, "/%s", kind->u.str);
	if (buf_failed(&type))
		return nomem_e(e);
	fake = *cc->c;
	fake.type = strtab_intern(&e->strings, type.data, type.len);
	buf_release(&type);
	if (!fake.type)
		return nomem_e(e);
	fake.after = *base;
	fake.before = value_absent;
	nv = alias_views(PLAN_SOURCE_MANIFESTS, &fake, views);
	for (j = 0; j < nv; j++) {
		struct rule_target *t = &e->targets[*cc->n];
		struct buf at = BUF_INIT;

		if (views[j].type == fake.type || strcmp(views[j].type, fake.type) == 0)
			continue; /* not a managed resource signoff maps */
		buf_addf(&at, "%s.base", where);
		if (views[j].root == ALIAS_ROOT_FOR_PROVIDER)
			buf_addstr(&at, ".spec.forProvider");
		t->type = strtab_intern(&e->strings, views[j].type, strlen(views[j].type));
		t->composed = buf_failed(&at) ? NULL : strtab_intern(&e->strings, at.data, at.len);
		buf_release(&at);
		if (!t->type || !t->composed)
			return nomem_e(e);
		t->change = cc->c->index;
		t->camel = views[j].camel;
		t->root_before = value_absent;
		if (view_root(e, &views[j], base, &t->root) < 0 ||
		    patched_unknown(e, res, &t->root) < 0)
			return nomem_e(e);
		(*cc->n)++;
	}
	return 0;
}

static bool
is_composition(const struct plan_change *c, enum plan_source_kind src)
{
	return src == PLAN_SOURCE_MANIFESTS && c->type && strcmp(c->type, COMPOSITION_TYPE) == 0;
}

static int
cmp_target(const void *a, const void *b)
{
	const struct rule_target *x = a, *y = b;
	int c = x->type == y->type ? 0 : strcmp(x->type, y->type);

	if (c)
		return c;
	return x->change < y->change ? -1 : x->change > y->change;
}

static int
engine_init(struct rule_engine *e, const struct rule_set *set, const struct plan *plan,
	    struct error *err)
{
	size_t nch = plan_change_count(plan), i, j, n = 0;
	enum plan_source_kind src = plan_source_kind(plan);

	memset(e, 0, sizeof(*e));
	e->set = set;
	e->plan = plan;
	e->err = err;
	strtab_init(&e->strings, &e->arena);
	e->vb.arena = &e->arena;
	e->vb.keys = &e->strings;
	strtab_init(&e->tmp_keys, &e->tmp);
	e->tmp_vb.arena = &e->tmp;
	e->tmp_vb.keys = &e->tmp_keys;
	e->md = pcre2_match_data_create(16, NULL);
	e->mctx = pcre2_match_context_create(NULL);
	if (!e->md || !e->mctx)
		return nomem_e(e);
	pcre2_set_match_limit(e->mctx, RULE_MATCH_LIMIT);
	pcre2_set_depth_limit(e->mctx, RULE_DEPTH_LIMIT);
	pcre2_set_heap_limit(e->mctx, RULE_HEAP_LIMIT_KB);
	{
		size_t composed = 0;

		for (i = 0; i < nch; i++)
			if (is_composition(plan_change_at(plan, i), src))
				each_composed(&plan_change_at(plan, i)->after, count_composed, &composed);
		e->targets = mem_calloc((nch + composed) * ALIAS_MAX_VIEWS + 1, sizeof(*e->targets));
	}
	e->by_change_start = mem_calloc(nch + 1, sizeof(*e->by_change_start));
	if (!e->targets || !e->by_change_start)
		return nomem_e(e);
	for (i = 0; i < nch; i++) {
		const struct plan_change *c = plan_change_at(plan, i);
		struct alias_view views[ALIAS_MAX_VIEWS];
		size_t nv;

		if (c->section == PLAN_SECTION_DRIFT)
			continue;
		nv = alias_views(src, c, views);
		for (j = 0; j < nv; j++) {
			struct rule_target *t = &e->targets[n];
			struct buf name = BUF_INIT;

			buf_addf(&name, "%s%s", views[j].prefix, views[j].type);
			if (buf_failed(&name))
				return nomem_e(e);
			t->type = strtab_intern(&e->strings, name.data, name.len);
			buf_release(&name);
			if (!t->type)
				return nomem_e(e);
			t->change = (uint32_t)i;
			t->camel = views[j].camel;
			if (view_root(e, &views[j], &c->after, &t->root) < 0 ||
			    view_root(e, &views[j], &c->before, &t->root_before) < 0)
				return nomem_e(e);
			n++;
		}
		if (c->section == PLAN_SECTION_CHANGE && is_composition(c, src)) {
			struct composed_ctx cc = { e, c, &n };

			if (each_composed(&c->after, add_composed, &cc) < 0)
				return -1;
		}
	}
	e->ntargets = n;
	rule_sort(e->targets, n, sizeof(*e->targets), cmp_target);
	/* distinct types */
	e->types = mem_calloc(n + 1, sizeof(*e->types));
	e->type_start = mem_calloc(n + 2, sizeof(*e->type_start));
	e->by_change = mem_calloc(n + 1, sizeof(*e->by_change));
	if (!e->types || !e->type_start || !e->by_change)
		return nomem_e(e);
	for (i = 0; i < n; i++) {
		if (i == 0 || e->targets[i].type != e->targets[i - 1].type) {
			e->types[e->ntypes] = e->targets[i].type;
			e->type_start[e->ntypes] = i;
			e->ntypes++;
		}
		e->by_change_start[e->targets[i].change + 1]++;
	}
	e->type_start[e->ntypes] = n;
	for (i = 0; i < nch; i++)
		e->by_change_start[i + 1] += e->by_change_start[i];
	{
		size_t *fill = mem_calloc(nch + 1, sizeof(*fill));

		if (!fill)
			return nomem_e(e);
		for (i = 0; i < n; i++) {
			size_t ch = e->targets[i].change;

			e->by_change[e->by_change_start[ch] + fill[ch]++] = i;
		}
		mem_free(fill);
	}
	return 0;
}

static void
engine_release(struct rule_engine *e)
{
	rule_links_free(&e->links);
	mem_free(e->config_exprs);
	if (e->md)
		pcre2_match_data_free(e->md);
	if (e->mctx)
		pcre2_match_context_free(e->mctx);
	scratch_free(e);
	mem_free(e->targets);
	mem_free(e->types);
	mem_free(e->type_start);
	mem_free(e->by_change);
	mem_free(e->by_change_start);
	strtab_release(&e->strings);
	arena_release(&e->arena);
}

size_t
rule_engine_targets_of(const struct rule_engine *e, size_t change, const size_t **first)
{
	size_t s = e->by_change_start[change], t = e->by_change_start[change + 1];

	*first = e->by_change + s;
	return t - s;
}

bool
rule_type_matches(const char *pattern, const char *type)
{
	if (str_has_prefix(type, "data.") && !str_has_prefix(pattern, "data."))
		return false;
	if (str_has_prefix(type, "provider.") && !str_has_prefix(pattern, "provider."))
		return false;
	if (!strchr(pattern, '*') && !strchr(pattern, '?'))
		return strcmp(pattern, type) == 0;
	return str_glob_match(pattern, type);
}

bool
rule_target_eligible(const struct plan_change *c, const struct rule_target *t, unsigned actions)
{
	if (!(actions & (1u << c->action)))
		return false;
	switch (c->mode) {
	case PLAN_MODE_MANAGED:
		if (c->section != PLAN_SECTION_CHANGE)
			return false;
		break;
	case PLAN_MODE_DATA:
		if (!str_has_prefix(t->type, "data."))
			return false;
		if (c->section != PLAN_SECTION_CHANGE && c->section != PLAN_SECTION_CONTEXT)
			return false;
		break;
	case PLAN_MODE_PROVIDER:
		if (!str_has_prefix(t->type, "provider."))
			return false;
		break;
	case PLAN_MODE_COMPONENT:
		return false;
	}
	return true;
}

static int
add_finding(struct rule_engine *e, struct finding_builder *fb, const struct rule *r,
	    size_t rule_index, const struct rule_target *t, enum finding_status status,
	    const struct evid *ev, bool rests_on_unknown)
{
	const struct plan_change *c = plan_change_at(e->plan, t->change);
	struct finding_draft d;
	struct buf path = BUF_INIT, msg = BUF_INIT;
	int rc;

	if (t->composed) {
		/* where in the Composition, and one finding per composed resource */
		buf_addstr(&path, t->composed);
	}
	render_evid(&path, ev, 0);
	buf_addstr(&msg, r->message);
	if (t->composed)
		buf_addf(&msg, " (a resource this Composition composes: %s)", t->type);
	if (rests_on_unknown)
		buf_addf(&msg, " (depends on a value known only after apply%s%s)",
			 path.len ? ": " : "", path.len ? path.data : "");
	if (buf_failed(&path) || buf_failed(&msg)) {
		buf_release(&path);
		buf_release(&msg);
		return nomem_e(e);
	}
	memset(&d, 0, sizeof(d));
	d.status = status;
	d.change_index = t->change;
	d.address = plan_change_key(c);
	d.path = path.len ? path.data : NULL;
	d.id_extra = t->composed;
	d.message = msg.data;
	d.rests_on_unknown = rests_on_unknown;
	rc = finding_builder_add(fb, rule_index, &d);
	buf_release(&path);
	buf_release(&msg);
	if (rc < 0)
		return nomem_e(e);
	return 0;
}

static int
eval_target(struct rule_engine *e, struct finding_builder *fb, const struct rule *r,
	    size_t rule_index, const struct rule_target *t)
{
	struct ectx x;
	enum rule_tri when = RULE_TRUE, res;
	bool passed = false;
	int rc = 0;

	memset(&x, 0, sizeof(x));
	x.e = e;
	x.t = t;
	x.cur = &t->root;
	x.camel = t->camel;
	if (r->when) {
		when = eval(&x, r->when);
		if (when == RULE_FALSE && !e->failed)
			goto out;
	}
	x.ev = NULL;
	res = eval(&x, r->cond);
	if (e->failed) {
		rc = nomem_e(e);
		goto out;
	}
	if (when == RULE_UNKNOWN && res == RULE_FALSE)
		res = RULE_UNKNOWN;
	if (res == RULE_TRUE) {
		passed = true;
	} else if (res == RULE_FALSE) {
		rc = add_finding(e, fb, r, rule_index, t, FINDING_FAIL, x.ev, false);
	} else {
		switch (r->info.on_unknown) {
		case RULE_ON_UNKNOWN_PASS:
			passed = true;
			break;
		case RULE_ON_UNKNOWN_FAIL:
			rc = add_finding(e, fb, r, rule_index, t, FINDING_FAIL, x.ev, true);
			break;
		case RULE_ON_UNKNOWN_WARN:
			rc = add_finding(e, fb, r, rule_index, t, FINDING_UNKNOWN, x.ev, true);
			break;
		}
	}
	if (rc == 0 && finding_builder_evaluated(fb, rule_index, t->change, passed) < 0)
		rc = nomem_e(e);
out:
	scratch_reset(e);
	return rc;
}

static int
eval_rule(struct rule_engine *e, struct finding_builder *fb, const struct rule *r,
	  size_t rule_index, const struct checks_opts *opts)
{
	size_t ti, i, k;

	for (ti = 0; ti < e->ntypes; ti++) {
		bool match = false;

		for (k = 0; k < r->ntypes && !match; k++)
			match = rule_type_matches(r->types[k], e->types[ti]);
		if (!match)
			continue;
		for (i = e->type_start[ti]; i < e->type_start[ti + 1]; i++) {
			const struct rule_target *t = &e->targets[i];
			const struct plan_change *c = plan_change_at(e->plan, t->change);

			if (!rule_target_eligible(c, t, r->actions))
				continue;
			/* a composed resource is a base, not a resource of the plan:
			 * it has no links, no before and no action of its own */
			if (t->composed && !r->self_only)
				continue;
			if (opts && opts->cancel && *opts->cancel)
				return error_set(e->err, ERROR_INTERNAL, "cancelled");
			if (eval_target(e, fb, r, rule_index, t) < 0)
				return -1;
		}
	}
	return 0;
}

/* Does a secret rule apply to a change (through any of its views)? */
static bool
secret_applies(const struct rule_engine *e, const struct rule *r, size_t change)
{
	const struct plan_change *c = plan_change_at(e->plan, change);
	const size_t *first;
	size_t n = rule_engine_targets_of(e, change, &first), i, k;

	for (i = 0; i < n; i++) {
		const struct rule_target *t = &e->targets[first[i]];

		if (!rule_target_eligible(c, t, r->actions))
			continue;
		for (k = 0; k < r->ntypes; k++)
			if (rule_type_matches(r->types[k], t->type))
				return true;
	}
	return false;
}

/* All secret rules in one pass over each change's strings. */
static int
eval_secrets(struct rule_engine *e, struct finding_builder *fb, const struct rule **rules,
	     const size_t *indexes, size_t n, const struct checks_opts *opts)
{
	size_t nch = plan_change_count(e->plan), ch, i, m;
	const struct rule **use = mem_calloc(n + 1, sizeof(*use));
	size_t *idx = mem_calloc(n + 1, sizeof(*idx));
	bool *found = mem_calloc(n + 1, sizeof(*found));
	int rc = -1;

	if (!use || !idx || !found) {
		nomem_e(e);
		goto out;
	}
	for (ch = 0; ch < nch; ch++) {
		if (opts && opts->cancel && *opts->cancel) {
			error_set(e->err, ERROR_INTERNAL, "cancelled");
			goto out;
		}
		m = 0;
		for (i = 0; i < n; i++)
			if (secret_applies(e, rules[i], ch)) {
				use[m] = rules[i];
				idx[m] = indexes[i];
				m++;
			}
		if (!m)
			continue;
		if (rule_secret_scan(e, (const struct rule *const *)use, idx, m, ch, fb, found) < 0) {
			nomem_e(e);
			goto out;
		}
		for (i = 0; i < m; i++)
			if (finding_builder_evaluated(fb, idx[i], ch, !found[i]) < 0) {
				nomem_e(e);
				goto out;
			}
	}
	rc = 0;
out:
	mem_free(use);
	mem_free(idx);
	mem_free(found);
	return rc;
}

int
rule_set_eval(const struct rule_set *set, const struct plan *plan, struct finding_builder *fb,
	      const struct checks_opts *opts, struct error *err)
{
	struct rule_engine e;
	const struct rule **secrets = NULL;
	size_t *secret_idx = NULL;
	size_t i, total = 0, done = 0, nsecrets = 0;
	int rc = -1;

	if (engine_init(&e, set, plan, err) < 0)
		goto out;
	secrets = mem_calloc(set->nrules + 1, sizeof(*secrets));
	secret_idx = mem_calloc(set->nrules + 1, sizeof(*secret_idx));
	if (!secrets || !secret_idx) {
		nomem_e(&e);
		goto out;
	}
	for (i = 0; i < set->nrules; i++)
		total += set->rules[i]->info.enabled;
	for (i = 0; i < set->nrules; i++) {
		const struct rule *r = set->rules[i];
		struct finding_rule_decl decl;
		size_t index;

		if (!r->info.enabled)
			continue;
		if (opts && opts->cancel && *opts->cancel) {
			error_set(err, ERROR_INTERNAL, "cancelled");
			goto out;
		}
		memset(&decl, 0, sizeof(decl));
		decl.id = r->info.id;
		decl.title = r->info.title;
		decl.description = r->info.description;
		decl.remediation = r->info.remediation;
		decl.references = r->info.references;
		decl.origin = "rules";
		decl.path = r->info.path;
		decl.severity = r->info.severity;
		if (finding_builder_add_rule(fb, &decl, &index) < 0) {
			nomem_e(&e);
			goto out;
		}
		if (r->secret) {
			secrets[nsecrets] = r;
			secret_idx[nsecrets] = index;
			nsecrets++;
			continue;
		}
		if (eval_rule(&e, fb, r, index, opts) < 0)
			goto out;
		done++;
		if (opts && opts->progress)
			opts->progress(opts->progress_ctx, done, total);
	}
	if (nsecrets) {
		if (eval_secrets(&e, fb, secrets, secret_idx, nsecrets, opts) < 0)
			goto out;
		done += nsecrets;
		if (opts && opts->progress)
			opts->progress(opts->progress_ctx, done, total);
	}
	rc = 0;
out:
	mem_free(secrets);
	mem_free(secret_idx);
	engine_release(&e);
	return rc;
}
