/* diff.c - structural diff of two values. */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "json_value.h"

#define LCS_MAX_CELLS 4000000u   /* beyond this, arrays are compared by position */

const char *
diff_op_name(enum diff_op op)
{
	switch (op) {
	case DIFF_SAME:
		return "same";
	case DIFF_ADD:
		return "add";
	case DIFF_REMOVE:
		return "remove";
	case DIFF_CHANGE:
		return "change";
	}
	return "?";
}

bool
diff_value_is_empty(const struct value *v)
{
	return v->kind == VALUE_ABSENT || v->kind == VALUE_NULL;
}

struct ctx {
	struct diff *d;
	const struct diff_opts *opts;
	struct error *err;
};

static int fill(struct ctx *c, struct diff_node *n, const struct value *rp, int depth);

/* A JSON number text as a non-negative index, or (size_t)-1. */
static size_t
number_index(const char *s)
{
	size_t v = 0;

	if (!*s)
		return (size_t)-1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > ((size_t)-1) / 10 - 10)
			return (size_t)-1;
		v = v * 10 + (size_t)(*s - '0');
	}
	return v;
}

static bool
is_sensitive(const struct value *v)
{
	return v->kind == VALUE_SENSITIVE ||
	       (v->kind == VALUE_UNKNOWN && (v->flags & VALUE_F_SENSITIVE));
}

/* replace_paths holds arrays of steps; returns the sub-list of paths that
 * continue below `step` (a key or an index), and whether one ends here. */
static const struct value *
rp_descend(struct ctx *c, const struct value *rp, const char *key, size_t key_len, size_t index,
	   bool *ends_here)
{
	struct value *items;
	size_t i, n = 0;

	*ends_here = false;
	if (!rp || rp->kind != VALUE_ARRAY || !rp->len)
		return NULL;
	items = arena_alloc(&c->d->arena, rp->len * sizeof(*items));
	if (!items)
		return NULL;
	for (i = 0; i < rp->len; i++) {
		const struct value *path = &rp->u.items[i];
		const struct value *step;
		bool match;

		if (path->kind != VALUE_ARRAY || !path->len)
			continue;
		step = &path->u.items[0];
		if (key)
			match = step->kind == VALUE_STRING && step->len == key_len &&
				memcmp(step->u.str, key, key_len) == 0;
		else
			match = step->kind == VALUE_NUMBER && number_index(step->u.str) == index;
		if (!match)
			continue;
		if (path->len == 1) {
			*ends_here = true;
			continue;
		}
		items[n].kind = VALUE_ARRAY;
		items[n].len = path->len - 1;
		items[n].u.items = path->u.items + 1;
		n++;
	}
	if (!n)
		return NULL;
	{
		struct value *out = arena_alloc(&c->d->arena, sizeof(*out));

		if (!out)
			return NULL;
		out->kind = VALUE_ARRAY;
		out->len = (uint32_t)n;
		out->u.items = items;
		return out;
	}
}

static bool
is_json_text(const struct value *v)
{
	size_t i;

	if (v->kind != VALUE_STRING || v->len < 2)
		return false;
	for (i = 0; i < v->len && (v->u.str[i] == ' ' || v->u.str[i] == '\n' ||
				   v->u.str[i] == '\t' || v->u.str[i] == '\r');
	     i++)
		;
	return i < v->len && (v->u.str[i] == '{' || v->u.str[i] == '[');
}

static int
node_children_alloc(struct ctx *c, struct diff_node *n, size_t count)
{
	if (!count)
		return 0;
	n->children = arena_alloc(&c->d->arena, count * sizeof(*n->children));
	if (!n->children)
		return error_set(c->err, ERROR_NOMEM, "out of memory");
	return 0;
}

static void
set_op(struct diff_node *n)
{
	bool be = diff_value_is_empty(n->before), ae = diff_value_is_empty(n->after);

	if (be && ae)
		n->op = DIFF_SAME;
	else if (be)
		n->op = DIFF_ADD;
	else if (ae)
		n->op = DIFF_REMOVE;
	else if (value_equal(n->before, n->after))
		n->op = DIFF_SAME;
	else
		n->op = DIFF_CHANGE;
	if (is_sensitive(n->before) || is_sensitive(n->after))
		n->flags |= DIFF_SENSITIVE;
	if (value_contains_unknown(n->after))
		n->flags |= DIFF_UNKNOWN_AFTER;
	/* unknown never equals anything, but an unknown on both sides of a
	 * no-op is not a change worth showing */
}

static int
diff_objects(struct ctx *c, struct diff_node *n, const struct value *a, const struct value *b,
	     const struct value *rp, int depth)
{
	size_t i = 0, j = 0, k = 0, total = 0;
	size_t alen = a->kind == VALUE_OBJECT ? a->len : 0, blen = b->kind == VALUE_OBJECT ? b->len : 0;

	/* count the union of keys */
	while (i < alen || j < blen) {
		int cmp;

		if (i >= alen)
			cmp = 1;
		else if (j >= blen)
			cmp = -1;
		else
			cmp = strcmp(a->u.members[i].key, b->u.members[j].key);
		if (cmp <= 0)
			i++;
		if (cmp >= 0)
			j++;
		total++;
	}
	if (node_children_alloc(c, n, total) < 0)
		return -1;
	i = j = 0;
	while (i < alen || j < blen) {
		struct diff_node *ch = &n->children[k++];
		const struct value_member *m;
		const struct value *sub;
		bool ends = false;
		int cmp;

		if (i >= alen)
			cmp = 1;
		else if (j >= blen)
			cmp = -1;
		else
			cmp = strcmp(a->u.members[i].key, b->u.members[j].key);
		m = cmp <= 0 ? &a->u.members[i] : &b->u.members[j];
		ch->key = m->key;
		ch->key_len = m->key_len;
		ch->before = cmp <= 0 ? &a->u.members[i].value : &value_absent;
		ch->after = cmp >= 0 ? &b->u.members[j].value : &value_absent;
		if (cmp <= 0)
			i++;
		if (cmp >= 0)
			j++;
		sub = rp_descend(c, rp, ch->key, ch->key_len, 0, &ends);
		if (ends)
			ch->flags |= DIFF_FORCES_REPLACEMENT;
		if (fill(c, ch, sub, depth + 1) < 0)
			return -1;
		if (ch->op != DIFF_SAME)
			n->nchanged++;
	}
	n->nchildren = k;
	return 0;
}

static bool
all_containers(const struct value *v)
{
	size_t i;

	if (v->kind != VALUE_ARRAY)
		return false;
	for (i = 0; i < v->len; i++)
		if (v->u.items[i].kind != VALUE_OBJECT && v->u.items[i].kind != VALUE_ARRAY)
			return false;
	return true;
}

/* Lists of blocks (objects) of the same length are compared position by
 * position, so a changed attribute inside an element shows as such;
 * anything else is matched by LCS of equal elements, so an insertion
 * shows as one added element.  Too large for LCS: by position. */
static int
diff_arrays(struct ctx *c, struct diff_node *n, const struct value *a, const struct value *b,
	    const struct value *rp, int depth)
{
	size_t al = a->kind == VALUE_ARRAY ? a->len : 0, bl = b->kind == VALUE_ARRAY ? b->len : 0;
	size_t i, j, k = 0;
	bool pairwise = al == bl && all_containers(a) && all_containers(b);

	if (!pairwise && (al + 1) * (bl + 1) > LCS_MAX_CELLS)
		pairwise = true;
	if (pairwise) {
		size_t m = al > bl ? al : bl;

		if (node_children_alloc(c, n, m) < 0)
			return -1;
		for (i = 0; i < m; i++) {
			struct diff_node *ch = &n->children[k++];
			const struct value *sub;
			bool ends = false;

			ch->index = i;
			ch->before = value_at(a, i);
			ch->after = value_at(b, i);
			sub = rp_descend(c, rp, NULL, 0, i, &ends);
			if (ends)
				ch->flags |= DIFF_FORCES_REPLACEMENT;
			if (fill(c, ch, sub, depth + 1) < 0)
				return -1;
			if (ch->op != DIFF_SAME)
				n->nchanged++;
		}
		n->nchildren = k;
		return 0;
	}
	{
		/* lengths table, (al+1) x (bl+1), suffix LCS */
		uint32_t *t = mem_calloc((al + 1) * (bl + 1), sizeof(*t));

		if (!t)
			return error_set(c->err, ERROR_NOMEM, "out of memory");
#define T(x, y) t[(x) * (bl + 1) + (y)]
		for (i = al; i-- > 0;)
			for (j = bl; j-- > 0;)
				T(i, j) = value_equal(&a->u.items[i], &b->u.items[j])
						  ? T(i + 1, j + 1) + 1
						  : (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j)
									       : T(i, j + 1));
		if (node_children_alloc(c, n, al + bl) < 0) {
			mem_free(t);
			return -1;
		}
		i = j = 0;
		while (i < al || j < bl) {
			struct diff_node *ch = &n->children[k++];

			if (i < al && j < bl && value_equal(&a->u.items[i], &b->u.items[j])) {
				ch->before = &a->u.items[i];
				ch->after = &b->u.items[j];
				ch->index = j;
				i++;
				j++;
			} else if (i < al && (j >= bl || T(i + 1, j) >= T(i, j + 1))) {
				/* removals before additions, as Terraform lists them */
				ch->before = &a->u.items[i];
				ch->after = &value_absent;
				ch->index = i;
				i++;
			} else {
				ch->before = &value_absent;
				ch->after = &b->u.items[j];
				ch->index = j;
				j++;
			}
			if (fill(c, ch, NULL, depth + 1) < 0) {
				mem_free(t);
				return -1;
			}
			if (ch->op != DIFF_SAME)
				n->nchanged++;
		}
#undef T
		mem_free(t);
		n->nchildren = k;
	}
	return 0;
}

/* ---- lists of named items (match_by_name) ---- */

struct named {
	const char *name;
	size_t len;
	size_t index;
};

static int
named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, n);

	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Whether every element of `v` (an array, or nothing) is an object with a
 * string member `key`, all distinct. */
static bool
all_named(const struct value *v, const char *key)
{
	struct named *ns;
	size_t i;
	bool ok = true;

	if (v->kind != VALUE_ARRAY)
		return diff_value_is_empty(v);
	if (!v->len)
		return true;
	ns = mem_alloc(v->len * sizeof(*ns));
	if (!ns)
		return false;
	for (i = 0; i < v->len && ok; i++) {
		const struct value *m = value_get(&v->u.items[i], key);

		ok = m->kind == VALUE_STRING;
		if (ok) {
			ns[i].name = m->u.str;
			ns[i].len = m->len;
			ns[i].index = i;
		}
	}
	if (ok) {
		qsort(ns, v->len, sizeof(*ns), named_cmp);
		for (i = 1; i < v->len && ok; i++)
			ok = named_cmp(&ns[i - 1], &ns[i]) != 0;
	}
	mem_free(ns);
	return ok;
}

/* The member that names the items of both arrays, or NULL. */
static const char *
named_key(const struct value *a, const struct value *b)
{
	static const char *const keys[] = { "name", "step" };
	size_t i;

	if ((a->kind != VALUE_ARRAY || !a->len) && (b->kind != VALUE_ARRAY || !b->len))
		return NULL;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (all_named(a, keys[i]) && all_named(b, keys[i]))
			return keys[i];
	return NULL;
}

/* Pairs elements by name, in the after order; an element only before is
 * shown where it stood: before the first paired element that followed it. */
static int
diff_named(struct ctx *c, struct diff_node *n, const struct value *a, const struct value *b,
	   const char *key, int depth)
{
	size_t al = a->kind == VALUE_ARRAY ? a->len : 0, bl = b->kind == VALUE_ARRAY ? b->len : 0;
	struct named *idx = al ? mem_alloc(al * sizeof(*idx)) : NULL;
	bool *matched = al ? mem_calloc(al, sizeof(*matched)) : NULL;
	size_t *pair = bl ? mem_alloc(bl * sizeof(*pair)) : NULL;
	size_t i, j, k = 0, next = 0;
	int rc = -1;

	if ((al && (!idx || !matched)) || (bl && !pair)) {
		error_set(c->err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < al; i++) {
		const struct value *m = value_get(&a->u.items[i], key);

		idx[i].name = m->u.str;
		idx[i].len = m->len;
		idx[i].index = i;
	}
	if (al > 1)
		qsort(idx, al, sizeof(*idx), named_cmp);
	for (j = 0; j < bl; j++) {
		const struct value *m = value_get(&b->u.items[j], key);
		struct named want = { m->u.str, m->len, 0 };
		const struct named *hit = al ? bsearch(&want, idx, al, sizeof(*idx), named_cmp) : NULL;

		pair[j] = hit ? hit->index : (size_t)-1;
		if (hit)
			matched[hit->index] = true;
	}
	if (node_children_alloc(c, n, al + bl) < 0)
		goto out;
	for (j = 0; j <= bl; j++) {
		size_t upto = j == bl ? al : pair[j] == (size_t)-1 ? 0 : pair[j];

		/* removed elements that stood before this one */
		for (; next < upto; next++) {
			struct diff_node *ch;

			if (matched[next])
				continue;
			ch = &n->children[k++];
			ch->index = next;
			ch->before = &a->u.items[next];
			ch->after = &value_absent;
			if (fill(c, ch, NULL, depth + 1) < 0)
				goto out;
			n->nchanged++;
		}
		if (j == bl)
			break;
		{
			struct diff_node *ch = &n->children[k++];

			ch->index = j;
			ch->before = pair[j] == (size_t)-1 ? &value_absent : &a->u.items[pair[j]];
			ch->after = &b->u.items[j];
			if (fill(c, ch, NULL, depth + 1) < 0)
				goto out;
			if (ch->op != DIFF_SAME)
				n->nchanged++;
		}
	}
	n->nchildren = k;
	rc = 0;
out:
	mem_free(idx);
	mem_free(matched);
	mem_free(pair);
	return rc;
}

static int
fill(struct ctx *c, struct diff_node *n, const struct value *rp, int depth)
{
	const struct value *a = n->before, *b = n->after;

	set_op(n);
	if (depth > JSON_MAX_DEPTH_DEFAULT + 8)
		return 0;
	if (a->kind == VALUE_OBJECT || b->kind == VALUE_OBJECT) {
		if ((a->kind == VALUE_OBJECT || diff_value_is_empty(a)) &&
		    (b->kind == VALUE_OBJECT || diff_value_is_empty(b)))
			return diff_objects(c, n, a, b, rp, depth);
		return 0;
	}
	if (a->kind == VALUE_ARRAY || b->kind == VALUE_ARRAY) {
		if ((a->kind == VALUE_ARRAY || diff_value_is_empty(a)) &&
		    (b->kind == VALUE_ARRAY || diff_value_is_empty(b))) {
			const char *nk = c->opts && c->opts->match_by_name ? named_key(a, b) : NULL;

			if (nk)
				return diff_named(c, n, a, b, nk, depth);
			return diff_arrays(c, n, a, b, rp, depth);
		}
		return 0;
	}
	if (c->opts && c->opts->decode_json && n->op == DIFF_CHANGE && is_json_text(a) &&
	    is_json_text(b)) {
		struct value_builder vb = { &c->d->arena, &c->d->keys };
		struct value *da = arena_alloc(&c->d->arena, sizeof(*da));
		struct value *db = arena_alloc(&c->d->arena, sizeof(*db));
		struct diff_node inner;

		if (!da || !db)
			return error_set(c->err, ERROR_NOMEM, "out of memory");
		if (json_parse_value(a->u.str, a->len, "", &vb, da, NULL) < 0 ||
		    json_parse_value(b->u.str, b->len, "", &vb, db, NULL) < 0)
			return 0; /* not JSON after all: a plain string change */
		memset(&inner, 0, sizeof(inner));
		inner.before = da;
		inner.after = db;
		if (fill(c, &inner, NULL, depth + 1) < 0)
			return -1;
		if (inner.op == DIFF_SAME) {
			/* same document, different text (key order, spaces) */
			n->op = DIFF_SAME;
		}
		n->flags |= DIFF_JSON_DECODED;
		n->children = inner.children;
		n->nchildren = inner.nchildren;
		n->nchanged = inner.nchanged;
		/* keep the decoded values reachable for renderers */
		n->before = da;
		n->after = db;
	}
	return 0;
}

int
diff_new(struct diff **out, const struct value *before, const struct value *after,
	 const struct diff_opts *opts, struct error *err)
{
	struct diff *d = mem_calloc(1, sizeof(*d));
	struct ctx c;

	*out = NULL;
	if (!d)
		return error_set(err, ERROR_NOMEM, "out of memory");
	strtab_init(&d->keys, &d->arena);
	c.d = d;
	c.opts = opts;
	c.err = err;
	d->root.before = before;
	d->root.after = after;
	if (fill(&c, &d->root, opts ? opts->replace_paths : NULL, 0) < 0) {
		diff_free(&d);
		return -1;
	}
	*out = d;
	return 0;
}

void
diff_free(struct diff **d)
{
	if (!*d)
		return;
	strtab_release(&(*d)->keys);
	arena_release(&(*d)->arena);
	mem_free(*d);
	*d = NULL;
}
