/* diff.c - structural diff of two values.
 *
 * Linear in the two trees: a container's op (same or changed) and whether
 * its after side holds an unknown are derived from its children once they
 * are diffed, not by comparing or scanning its whole subtree again at each
 * level; replace_paths are indexed once per container, not scanned per
 * member; arrays are aligned by lcs.c within a budget per element.
 */
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "json_value.h"
#include "lcs.h"

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

static bool
key_is(const struct diff_node *n, const char *key)
{
	return n->key && n->key_len == strlen(key) && memcmp(n->key, key, n->key_len) == 0;
}

bool
diff_child_identifies(const struct diff_node *parent, const struct diff_node *child, int depth)
{
	if (depth == 0)
		return key_is(child, "id") || key_is(child, "name") || key_is(child, "tags");
	/* parent is an element of a list: its own key is an index */
	return !parent->key && key_is(child, "name");
}

/* Hashes of containers already hashed, by their items or members
 * pointer: each subtree is hashed once however deep the arrays that
 * align it are nested. */
struct hash_memo {
	struct {
		const void *key;
		uint64_t hash;
	} *e;
	size_t cap, count;
};

struct ctx {
	struct diff *d;
	const struct diff_opts *opts;
	struct error *err;
	struct hash_memo memo;
};

static int fill(struct ctx *c, struct diff_node *n, const struct value *rp, int depth);

/* A child's before and after are the same value (not only both empty, and
 * not two texts of one JSON document): what value_equal says of them. */
static bool
strictly_same(const struct diff_node *ch)
{
	return ch->op == DIFF_SAME && ch->before->kind == ch->after->kind &&
	       !(ch->flags & DIFF_JSON_DECODED);
}

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

/* replace_paths holds arrays of steps.  At a container they are indexed
 * once by their first step (struct rp_index), and each child takes the
 * tails of the paths that go through it. */
struct rp_entry {
	const struct value *path;
	const char *key;             /* a key step, or NULL */
	size_t key_len;
	size_t index;                /* an index step */
};

struct rp_index {
	struct rp_entry *e;
	size_t n;
};

static int
rp_entry_cmp(const void *x, const void *y)
{
	const struct rp_entry *a = x, *b = y;

	if (!a->key != !b->key)
		return a->key ? -1 : 1;
	if (a->key) {
		size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
		int c = memcmp(a->key, b->key, n);

		return c ? c : (a->key_len > b->key_len) - (a->key_len < b->key_len);
	}
	return (a->index > b->index) - (a->index < b->index);
}

/* Indexes the paths of rp by their first step; an empty index for none.
 * -1 on OOM.  Release with mem_free(idx->e). */
static int
rp_index_build(struct ctx *c, const struct value *rp, struct rp_index *idx)
{
	size_t i;

	idx->e = NULL;
	idx->n = 0;
	if (!rp || rp->kind != VALUE_ARRAY || !rp->len)
		return 0;
	idx->e = mem_alloc(rp->len * sizeof(*idx->e));
	if (!idx->e)
		return error_set(c->err, ERROR_NOMEM, "out of memory");
	for (i = 0; i < rp->len; i++) {
		const struct value *path = &rp->u.items[i], *step;
		struct rp_entry *e = &idx->e[idx->n];

		if (path->kind != VALUE_ARRAY || !path->len)
			continue;
		step = &path->u.items[0];
		e->path = path;
		e->key = NULL;
		e->key_len = 0;
		e->index = 0;
		if (step->kind == VALUE_STRING) {
			e->key = step->u.str;
			e->key_len = step->len;
		} else if (step->kind == VALUE_NUMBER) {
			e->index = number_index(step->u.str);
			if (e->index == (size_t)-1)
				continue;
		} else {
			continue;
		}
		idx->n++;
	}
	if (idx->n > 1)
		qsort(idx->e, idx->n, sizeof(*idx->e), rp_entry_cmp);
	return 0;
}

/* The sub-list of paths that continue below the step `key` (or `index`
 * when key is NULL), and whether one ends there.  NULL for none (or on
 * OOM, which only loses "forces replacement" marks). */
static const struct value *
rp_child(struct ctx *c, const struct rp_index *idx, const char *key, size_t key_len,
	 size_t index, bool *ends_here)
{
	struct rp_entry want = { NULL, key, key_len, index };
	size_t lo = 0, hi = idx->n, first, k, n = 0;
	struct value *items, *out;

	*ends_here = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rp_entry_cmp(&idx->e[mid], &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	for (k = first; k < idx->n && rp_entry_cmp(&idx->e[k], &want) == 0; k++) {
		if (idx->e[k].path->len == 1)
			*ends_here = true;
		else
			n++;
	}
	if (!n)
		return NULL;
	items = arena_alloc(&c->d->arena, n * sizeof(*items));
	out = arena_alloc(&c->d->arena, sizeof(*out));
	if (!items || !out)
		return NULL;
	for (n = 0, k = first; k < idx->n && rp_entry_cmp(&idx->e[k], &want) == 0; k++) {
		const struct value *path = idx->e[k].path;

		if (path->len == 1)
			continue;
		items[n].kind = VALUE_ARRAY;
		items[n].len = path->len - 1;
		items[n].u.items = path->u.items + 1;
		n++;
	}
	out->kind = VALUE_ARRAY;
	out->len = (uint32_t)n;
	out->u.items = items;
	return out;
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

/* The op of a node whose sides are `equal` (as value_equal says). */
static void
set_op(struct diff_node *n, bool equal)
{
	bool be = diff_value_is_empty(n->before), ae = diff_value_is_empty(n->after);

	if (be && ae)
		n->op = DIFF_SAME;
	else if (be)
		n->op = DIFF_ADD;
	else if (ae)
		n->op = DIFF_REMOVE;
	else if (equal)
		n->op = DIFF_SAME;
	else
		n->op = DIFF_CHANGE;
	if (is_sensitive(n->before) || is_sensitive(n->after))
		n->flags |= DIFF_SENSITIVE;
	/* unknown never equals anything, but an unknown on both sides of a
	 * no-op is not a change worth showing */
}

/* After a child is filled: counts it and folds it into the parent's
 * equality and unknown flag. */
static void
child_done(struct diff_node *n, const struct diff_node *ch, bool *equal)
{
	if (ch->op != DIFF_SAME)
		n->nchanged++;
	if (!strictly_same(ch))
		*equal = false;
	if (ch->flags & DIFF_UNKNOWN_AFTER)
		n->flags |= DIFF_UNKNOWN_AFTER;
}

static int
diff_objects(struct ctx *c, struct diff_node *n, const struct value *a, const struct value *b,
	     const struct value *rp, int depth, bool *equal)
{
	size_t i = 0, j = 0, k = 0, total = 0;
	size_t alen = a->kind == VALUE_OBJECT ? a->len : 0, blen = b->kind == VALUE_OBJECT ? b->len : 0;
	struct rp_index idx;
	int rc = -1;

	*equal = a->kind == b->kind && alen == blen;
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
	if (node_children_alloc(c, n, total) < 0 || rp_index_build(c, rp, &idx) < 0)
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
		sub = rp_child(c, &idx, ch->key, ch->key_len, 0, &ends);
		if (ends)
			ch->flags |= DIFF_FORCES_REPLACEMENT;
		if (fill(c, ch, sub, depth + 1) < 0)
			goto out;
		child_done(n, ch, equal);
	}
	n->nchildren = k;
	rc = 0;
out:
	mem_free(idx.e);
	return rc;
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

static uint64_t *
memo_find(struct hash_memo *m, const void *key)
{
	size_t j;

	if (!m->cap)
		return NULL;
	for (j = ((uintptr_t)key >> 4) & (m->cap - 1); m->e[j].key; j = (j + 1) & (m->cap - 1))
		if (m->e[j].key == key)
			return &m->e[j].hash;
	return NULL;
}

/* Remembers key's hash; on OOM it is merely not remembered. */
static void
memo_add(struct hash_memo *m, const void *key, uint64_t hash)
{
	size_t j;

	if ((m->count + 1) * 2 > m->cap) {
		struct hash_memo bigger = { NULL, m->cap ? m->cap * 2 : 256, 0 };

		bigger.e = mem_calloc(bigger.cap, sizeof(*bigger.e));
		if (!bigger.e)
			return;
		for (j = 0; j < m->cap; j++)
			if (m->e[j].key)
				memo_add(&bigger, m->e[j].key, m->e[j].hash);
		mem_free(m->e);
		*m = bigger;
	}
	for (j = ((uintptr_t)key >> 4) & (m->cap - 1); m->e[j].key; j = (j + 1) & (m->cap - 1))
		;
	m->e[j].key = key;
	m->e[j].hash = hash;
	m->count++;
}

/* A 64-bit hash of a value, equal for values that value_equal says are
 * equal (unknowns hash alike but are never equal: lcs.c checks).  The
 * recursion is as deep as the value (bounded by the loaders). */
static uint64_t
value_hash(struct hash_memo *m, const struct value *v)
{
	uint64_t h = 1469598103934665603ULL ^ v->kind, *known;
	size_t i;

	switch (v->kind) {
	case VALUE_BOOL:
		h ^= v->u.b ? 0x9e37 : 0x7f4a;
		break;
	case VALUE_NUMBER:
	case VALUE_STRING:
		h ^= mem_hash(v->u.str, v->len);
		break;
	case VALUE_ARRAY:
	case VALUE_OBJECT:
		if (v->len && (known = memo_find(m, v->u.items)))
			return *known;
		for (i = 0; i < v->len; i++) {
			if (v->kind == VALUE_OBJECT)
				h = (h ^ mem_hash(v->u.members[i].key, v->u.members[i].key_len)) *
				    1099511628211ULL;
			h = (h ^ value_hash(m, v->kind == VALUE_OBJECT ? &v->u.members[i].value
								      : &v->u.items[i])) *
			    1099511628211ULL;
		}
		h *= 1099511628211ULL;
		if (v->len)
			memo_add(m, v->u.items, h);
		return h;
	case VALUE_SENSITIVE:
		if (v->u.secret->flags & VALUE_SECRET_HAS_MAC)
			h ^= mem_hash(v->u.secret->mac, sizeof(v->u.secret->mac));
		break;
	default:
		break;
	}
	return h * 1099511628211ULL;
}

/* Elements with equal hashes are taken as equal: a pair is diffed like
 * any child, so two unequal elements paired by a collision still show
 * their differences; comparing them here would walk each subtree again
 * at every level of nesting. */
static bool
items_equal(void *ctx, size_t i, size_t j)
{
	(void)ctx;
	(void)i;
	(void)j;
	return true;
}

/* Lists of blocks (objects) of the same length are compared position by
 * position, so a changed attribute inside an element shows as such;
 * anything else is aligned by lcs.c (equal elements paired, so an
 * insertion shows as one added element; by position when too large). */
static int
diff_arrays(struct ctx *c, struct diff_node *n, const struct value *a, const struct value *b,
	    const struct value *rp, int depth, bool *equal)
{
	size_t al = a->kind == VALUE_ARRAY ? a->len : 0, bl = b->kind == VALUE_ARRAY ? b->len : 0;
	size_t i, k = 0, nsteps = 0;
	bool pairwise = al == bl && all_containers(a) && all_containers(b);
	struct lcs_step *steps = NULL;
	uint64_t *ha = NULL, *hb = NULL;
	struct rp_index idx;
	size_t count;
	int rc = -1;

	*equal = a->kind == b->kind && al == bl;
	if (rp_index_build(c, rp, &idx) < 0)
		return -1;
	if (!pairwise && al && bl) {
		ha = mem_alloc((al ? al : 1) * sizeof(*ha));
		hb = mem_alloc((bl ? bl : 1) * sizeof(*hb));
		if (!ha || !hb) {
			error_set(c->err, ERROR_NOMEM, "out of memory");
			goto out;
		}
		for (i = 0; i < al; i++)
			ha[i] = value_hash(&c->memo, &a->u.items[i]);
		for (i = 0; i < bl; i++)
			hb[i] = value_hash(&c->memo, &b->u.items[i]);
		if (lcs_align(ha, al, hb, bl, items_equal, NULL, LCS_FALLBACK_PAIRS, &steps, &nsteps) <
		    0) {
			error_set(c->err, ERROR_NOMEM, "out of memory");
			goto out;
		}
	}
	/* by position, aligned, or one side only (nothing to align) */
	count = pairwise ? al : steps ? nsteps : al + bl;
	if (node_children_alloc(c, n, count) < 0)
		goto out;
	for (i = 0; i < count; i++) {
		struct diff_node *ch = &n->children[k++];
		const struct value *sub;
		bool ends = false;
		enum lcs_op op = pairwise ? LCS_PAIR : steps ? steps[i].op : al ? LCS_REMOVE : LCS_ADD;
		size_t ai = pairwise || !steps ? i : steps[i].a, bi = pairwise || !steps ? i : steps[i].b;

		ch->before = op == LCS_ADD ? &value_absent : &a->u.items[ai];
		ch->after = op == LCS_REMOVE ? &value_absent : &b->u.items[bi];
		ch->index = op == LCS_REMOVE ? ai : bi;
		if (op != LCS_PAIR || ai != bi)
			*equal = false;
		sub = op == LCS_REMOVE ? NULL : rp_child(c, &idx, NULL, 0, bi, &ends);
		if (ends)
			ch->flags |= DIFF_FORCES_REPLACEMENT;
		if (fill(c, ch, sub, depth + 1) < 0)
			goto out;
		child_done(n, ch, equal);
	}
	n->nchildren = k;
	rc = 0;
out:
	mem_free(idx.e);
	mem_free(steps);
	mem_free(ha);
	mem_free(hb);
	return rc;
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
	   const char *key, int depth, bool *equal)
{
	size_t al = a->kind == VALUE_ARRAY ? a->len : 0, bl = b->kind == VALUE_ARRAY ? b->len : 0;
	struct named *idx = al ? mem_alloc(al * sizeof(*idx)) : NULL;
	bool *matched = al ? mem_calloc(al, sizeof(*matched)) : NULL;
	size_t *pair = bl ? mem_alloc(bl * sizeof(*pair)) : NULL;
	size_t i, j, k = 0, next = 0;
	int rc = -1;

	*equal = a->kind == b->kind && al == bl;
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
			*equal = false;
		}
		if (j == bl)
			break;
		{
			struct diff_node *ch = &n->children[k++];

			ch->index = j;
			ch->before = pair[j] == (size_t)-1 ? &value_absent : &a->u.items[pair[j]];
			ch->after = &b->u.items[j];
			if (pair[j] != j)
				*equal = false;
			if (fill(c, ch, NULL, depth + 1) < 0)
				goto out;
			child_done(n, ch, equal);
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
	bool objects = (a->kind == VALUE_OBJECT || b->kind == VALUE_OBJECT) &&
		       (a->kind == VALUE_OBJECT || diff_value_is_empty(a)) &&
		       (b->kind == VALUE_OBJECT || diff_value_is_empty(b));
	bool arrays = !objects && (a->kind == VALUE_ARRAY || b->kind == VALUE_ARRAY) &&
		      (a->kind == VALUE_ARRAY || diff_value_is_empty(a)) &&
		      (b->kind == VALUE_ARRAY || diff_value_is_empty(b));
	bool equal = true;
	int rc;

	if ((objects || arrays) && depth <= JSON_MAX_DEPTH_DEFAULT + 8) {
		/* op and unknown flag from the children, once they are known */
		if (b->kind == VALUE_UNKNOWN)
			n->flags |= DIFF_UNKNOWN_AFTER;
		if (objects) {
			rc = diff_objects(c, n, a, b, rp, depth, &equal);
		} else {
			const char *nk =
				c->opts && c->opts->match_by_name ? named_key(a, b) : NULL;

			rc = nk ? diff_named(c, n, a, b, nk, depth, &equal)
				: diff_arrays(c, n, a, b, rp, depth, &equal);
		}
		set_op(n, equal);
		return rc;
	}
	/* a leaf of the diff: its subtree is compared and scanned once */
	set_op(n, !diff_value_is_empty(a) && !diff_value_is_empty(b) && value_equal(a, b));
	if (value_contains_unknown(b))
		n->flags |= DIFF_UNKNOWN_AFTER;
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
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.opts = opts;
	c.err = err;
	d->root.before = before;
	d->root.after = after;
	if (fill(&c, &d->root, opts ? opts->replace_paths : NULL, 0) < 0) {
		mem_free(c.memo.e);
		diff_free(&d);
		return -1;
	}
	mem_free(c.memo.e);
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
