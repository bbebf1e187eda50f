/* json_value.c - JSON reader -> value tree, with masks. */
#include "json_value.h"

#include <string.h>

#include "buf.h"
#include "digest.h"
#include "mem.h"

struct frame {
	unsigned char kind;            /* '{' or '[' */
	size_t base;                   /* first slot in the member stack */
	size_t count;                  /* children so far */
	size_t open_off;               /* offset of the opening bracket */
	const struct value *sens[2];   /* masks for this container */
	const struct value *unk;
};

struct mstack {
	struct value_member *m;
	size_t *offs;                  /* source offset of each key (duplicates) */
	size_t n, cap, offcap;
};

static bool
mask_true(const struct value *m)
{
	return m && m->kind == VALUE_BOOL && m->u.b;
}

/* Whether a sensitivity mask hides the whole value whose first token is
 * `tok`.  `true` does; `false`, null, an absent mask and an empty
 * container do not; a container of the value's own shape applies member
 * by member.  Any other mask (a string "true", a number, a non-empty
 * object or list over a value of another shape) is not what Terraform
 * writes, and hides the whole value rather than risk showing it: a
 * malformed mask must fail closed. */
static bool
sens_hides(const struct value *m, enum json_token tok)
{
	if (!m)
		return false;
	switch (m->kind) {
	case VALUE_ABSENT:
	case VALUE_NULL:
		return false;
	case VALUE_BOOL:
		return m->u.b;
	case VALUE_OBJECT:
		return m->len && tok != JSON_OBJECT_BEGIN && tok != JSON_NULL;
	case VALUE_ARRAY:
		return m->len && tok != JSON_ARRAY_BEGIN && tok != JSON_NULL;
	default:
		return true;
	}
}

static const struct value *
mask_child_key(const struct value *m, const char *key, size_t len)
{
	if (!m || m->kind != VALUE_OBJECT)
		return NULL;
	m = value_getn(m, key, len);
	return m->kind == VALUE_ABSENT ? NULL : m;
}

static const struct value *
mask_child_index(const struct value *m, size_t i)
{
	if (!m || m->kind != VALUE_ARRAY || i >= m->len)
		return NULL;
	return &m->u.items[i];
}

static int
mpush(struct mstack *s, const struct value_member *m, size_t off)
{
	void *p = s->m;

	if (mem_grow_array(&p, &s->cap, s->n + 1, sizeof(*s->m)) < 0)
		return -1;
	s->m = p;
	p = s->offs;
	if (mem_grow_array(&p, &s->offcap, s->n + 1, sizeof(*s->offs)) < 0)
		return -1;
	s->offs = p;
	s->m[s->n] = *m;
	s->offs[s->n] = off;
	s->n++;
	return 0;
}

static int
nomem(struct error *err)
{
	return error_set(err, ERROR_NOMEM, "out of memory");
}

/* Reads the current value into a throw-away arena and reduces it to a
 * keyed digest; the result is a SENSITIVE value. */
static int
read_secret(struct json_reader *r, const struct json_value_opts *o, struct value *out,
	    struct error *err)
{
	struct arena scratch = ARENA_INIT;
	struct strtab keys;
	struct value_builder vb = { &scratch, &keys };
	struct json_value_opts so = { 0 };
	struct value tmp;
	struct buf canon = BUF_INIT;
	struct value_secret *sec;
	size_t start = r->tok_off;
	int rc = -1;

	strtab_init(&keys, &scratch);
	so.vb = &vb;
	so.unknown_sentinel = o->unknown_sentinel;
	if (json_read_value(r, &so, &tmp, err) < 0)
		goto out;
	sec = arena_alloc(o->vb->arena, sizeof(*sec));
	if (!sec) {
		nomem(err);
		goto out;
	}
	value_to_json(&canon, &tmp, false);
	if (buf_failed(&canon)) {
		nomem(err);
		goto out;
	}
	if (digest_session_mac(canon.data, canon.len, sec->mac) == 0)
		sec->flags |= VALUE_SECRET_HAS_MAC;
	sec->inner_kind = tmp.kind;
	sec->offset = start;
	sec->length = (uint32_t)(json_reader_offset(r) - start);
	sec->flags |= VALUE_SECRET_HAS_LOCATION;
	out->kind = VALUE_SENSITIVE;
	out->flags = 0;
	out->len = 0;
	out->u.secret = sec;
	rc = 0;
out:
	buf_wipe(&canon);
	strtab_release(&keys);
	arena_wipe(&scratch);
	/* The reader's scratch may hold the last unescaped secret string. */
	if (r->scratch.cap)
		mem_wipe(r->scratch.data, r->scratch.cap);
	return rc;
}

static int
opaque_secret(struct value_builder *vb, struct value *out)
{
	struct value_secret *sec = arena_alloc(vb->arena, sizeof(*sec));

	if (!sec)
		return -1;
	sec->inner_kind = VALUE_STRING;
	out->kind = VALUE_SENSITIVE;
	out->flags = 0;
	out->len = 0;
	out->u.secret = sec;
	return 0;
}

static int
scalar(struct json_reader *r, const struct json_value_opts *o, struct value *out)
{
	memset(out, 0, sizeof(*out));
	switch (r->tok) {
	case JSON_NULL:
		out->kind = VALUE_NULL;
		return 0;
	case JSON_TRUE:
	case JSON_FALSE:
		out->kind = VALUE_BOOL;
		out->u.b = r->tok == JSON_TRUE;
		return 0;
	case JSON_NUMBER:
		if (value_make_string(o->vb, r->str, r->str_len, out) < 0)
			return -1;
		out->kind = VALUE_NUMBER;
		return 0;
	case JSON_STRING:
		if (o->unknown_sentinel && r->str_len == strlen(o->unknown_sentinel) &&
		    memcmp(r->str, o->unknown_sentinel, r->str_len) == 0) {
			out->kind = VALUE_UNKNOWN;
			return 0;
		}
		if (o->secret_sentinel && r->str_len == strlen(o->secret_sentinel) &&
		    memcmp(r->str, o->secret_sentinel, r->str_len) == 0)
			return opaque_secret(o->vb, out);
		return value_make_string(o->vb, r->str, r->str_len, out);
	default:
		return -1;
	}
}

/* Adds members/items that the unknown mask marks but the JSON left out. */
static int
add_missing_unknowns(struct mstack *s, const struct frame *f, const struct value_builder *vb,
		     const struct value *unk, const struct value *sens[2])
{
	size_t i;

	(void)vb;
	if (!unk)
		return 0;
	if (f->kind == '{' && unk->kind == VALUE_OBJECT) {
		for (i = 0; i < unk->len; i++) {
			const struct value_member *um = &unk->u.members[i];
			struct value_member m;
			size_t j;
			bool present = false;

			if (!mask_true(&um->value))
				continue;
			for (j = f->base; j < s->n; j++)
				if (s->m[j].key == um->key) {
					present = true;
					break;
				}
			if (present)
				continue;
			memset(&m, 0, sizeof(m));
			m.key = um->key;  /* interned in the same table */
			m.key_len = um->key_len;
			m.value.kind = VALUE_UNKNOWN;
			if (mask_true(mask_child_key(sens[0], um->key, um->key_len)) ||
			    mask_true(mask_child_key(sens[1], um->key, um->key_len)))
				m.value.flags |= VALUE_F_SENSITIVE;
			if (mpush(s, &m, f->open_off) < 0)
				return -1;
		}
	} else if (f->kind == '[' && unk->kind == VALUE_ARRAY) {
		for (i = f->count; i < unk->len; i++) {
			struct value_member m;

			memset(&m, 0, sizeof(m));
			m.value.kind = mask_true(&unk->u.items[i]) ? VALUE_UNKNOWN : VALUE_NULL;
			if (mpush(s, &m, f->open_off) < 0)
				return -1;
		}
	}
	return 0;
}

int
json_read_value(struct json_reader *r, const struct json_value_opts *o, struct value *out,
		struct error *err)
{
	struct frame *frames = NULL;
	size_t nframes = 0, fcap = 0;
	struct mstack s = { 0 };
	struct value_member pending;   /* key waiting for its value */
	size_t pending_off = 0;
	const struct value *csens[2] = { o->sensitive[0], o->sensitive[1] };
	const struct value *cunk = o->unknown;
	struct value result;
	int rc = -1;

	memset(&pending, 0, sizeof(pending));
	memset(&result, 0, sizeof(result));
	for (;;) {
		struct value v;
		bool have_value = false;

		/* r->tok is the first token of a value at the position whose
		 * masks are csens/cunk. */
		if (mask_true(cunk)) {
			if (json_reader_skip(r, err) < 0)
				goto out;
			memset(&v, 0, sizeof(v));
			v.kind = VALUE_UNKNOWN;
			if (sens_hides(csens[0], r->tok) || sens_hides(csens[1], r->tok))
				v.flags |= VALUE_F_SENSITIVE;
			have_value = true;
		} else if (sens_hides(csens[0], r->tok) || sens_hides(csens[1], r->tok)) {
			if (read_secret(r, o, &v, err) < 0)
				goto out;
			have_value = true;
		} else if (r->tok == JSON_OBJECT_BEGIN || r->tok == JSON_ARRAY_BEGIN) {
			struct frame *f;
			void *p = frames;

			if (mem_grow_array(&p, &fcap, nframes + 1, sizeof(*frames)) < 0) {
				nomem(err);
				goto out;
			}
			frames = p;
			f = &frames[nframes++];
			f->kind = r->tok == JSON_OBJECT_BEGIN ? '{' : '[';
			f->open_off = r->tok_off;
			f->count = 0;
			f->sens[0] = csens[0];
			f->sens[1] = csens[1];
			f->unk = cunk;
			if (nframes > 1) {
				/* remember the parent's pending key on the stack */
				if (mpush(&s, &pending, pending_off) < 0) {
					nomem(err);
					goto out;
				}
			}
			f->base = s.n;
		} else {
			if (scalar(r, o, &v) < 0) {
				nomem(err);
				goto out;
			}
			have_value = true;
		}

		/* Close containers and attach values until we need a new token. */
		for (;;) {
			struct frame *f;

			if (have_value) {
				if (nframes == 0) {
					result = v;
					rc = 0;
					goto out;
				}
				f = &frames[nframes - 1];
				pending.value = v;
				if (f->kind == '[') {
					pending.key = NULL;
					pending.key_len = 0;
				}
				if (mpush(&s, &pending, pending_off) < 0) {
					nomem(err);
					goto out;
				}
				f->count++;
				have_value = false;
			}
			f = &frames[nframes - 1];
			if (json_reader_next(r, err) < 0)
				goto out;
			if (r->tok == JSON_KEY) {
				if (memchr(r->str, '\0', r->str_len)) {
					json_reader_fail(r, err, ERROR_SYNTAX, r->tok_off,
							 "object key contains a NUL character");
					goto out;
				}
				memset(&pending, 0, sizeof(pending));
				pending.key = value_intern_key(o->vb, r->str, r->str_len);
				if (!pending.key) {
					nomem(err);
					goto out;
				}
				pending.key_len = (uint32_t)r->str_len;
				pending_off = r->tok_off;
				csens[0] = mask_child_key(f->sens[0], r->str, r->str_len);
				csens[1] = mask_child_key(f->sens[1], r->str, r->str_len);
				cunk = mask_child_key(f->unk, r->str, r->str_len);
				if (json_reader_next(r, err) < 0)
					goto out;
				break; /* a value starts */
			}
			if (r->tok == JSON_OBJECT_END || r->tok == JSON_ARRAY_END) {
				size_t n, dup = 0;
				int mrc;

				if (add_missing_unknowns(&s, f, o->vb, f->unk, f->sens) < 0) {
					nomem(err);
					goto out;
				}
				n = s.n - f->base;
				memset(&v, 0, sizeof(v));
				if (f->kind == '{') {
					mrc = value_make_object(o->vb, n ? s.m + f->base : NULL, n, &v, &dup);
					if (mrc == 1) {
						if (o->stats) {
							if (!o->stats->duplicate_keys++)
								o->stats->first_duplicate_offset =
									s.offs[f->base + dup];
						}
						mrc = 0;
					}
				} else {
					struct value *items = NULL;
					size_t i;

					mrc = 0;
					if (n) {
						items = arena_alloc(o->vb->arena, n * sizeof(*items));
						if (!items)
							mrc = -1;
						for (i = 0; items && i < n; i++)
							items[i] = s.m[f->base + i].value;
					}
					v.kind = VALUE_ARRAY;
					v.len = (uint32_t)n;
					v.u.items = items;
				}
				if (mrc < 0) {
					nomem(err);
					goto out;
				}
				s.n = f->base;
				nframes--;
				if (nframes > 0) {
					/* restore the parent's pending key */
					s.n--;
					pending = s.m[s.n];
					pending_off = s.offs[s.n];
				}
				have_value = true;
				continue;
			}
			/* an array element starts */
			csens[0] = mask_child_index(f->sens[0], f->count);
			csens[1] = mask_child_index(f->sens[1], f->count);
			cunk = mask_child_index(f->unk, f->count);
			break;
		}
	}
out:
	mem_free(frames);
	mem_free(s.m);
	mem_free(s.offs);
	if (rc == 0)
		*out = result;
	return rc;
}

int
json_parse_value(const char *buf, size_t len, const char *path, struct value_builder *vb,
		 struct value *out, struct error *err)
{
	struct json_reader r;
	struct json_value_opts o = { 0 };
	int rc = -1;

	o.vb = vb;
	json_reader_init(&r, buf, len, 0, path);
	if (json_reader_next(&r, err) < 0)
		goto out;
	if (json_read_value(&r, &o, out, err) < 0)
		goto out;
	if (json_reader_next(&r, err) < 0 || json_reader_expect_end(&r, err) < 0)
		goto out;
	rc = 0;
out:
	json_reader_release(&r);
	return rc;
}

int
json_value_mark(struct value_builder *vb, const struct value *in, const struct value *unknown,
		const struct value *sensitive[2], struct value *out)
{
	struct buf canon = BUF_INIT;
	size_t i;

	if (mask_true(unknown)) {
		memset(out, 0, sizeof(*out));
		out->kind = VALUE_UNKNOWN;
		if (mask_true(sensitive[0]) || mask_true(sensitive[1]))
			out->flags |= VALUE_F_SENSITIVE;
		return 0;
	}
	if (mask_true(sensitive[0]) || mask_true(sensitive[1])) {
		struct value_secret *sec = arena_alloc(vb->arena, sizeof(*sec));

		if (!sec)
			return -1;
		value_to_json(&canon, in, false);
		if (buf_failed(&canon))
			return -1;
		if (digest_session_mac(canon.data, canon.len, sec->mac) == 0)
			sec->flags |= VALUE_SECRET_HAS_MAC;
		buf_wipe(&canon);
		sec->inner_kind = in->kind;
		memset(out, 0, sizeof(*out));
		out->kind = VALUE_SENSITIVE;
		out->u.secret = sec;
		return 0;
	}
	if (in->kind == VALUE_ARRAY && (unknown || sensitive[0] || sensitive[1])) {
		struct value *items = in->len ? arena_alloc(vb->arena, in->len * sizeof(*items)) : NULL;

		if (in->len && !items)
			return -1;
		for (i = 0; i < in->len; i++) {
			const struct value *cs[2] = { mask_child_index(sensitive[0], i),
						      mask_child_index(sensitive[1], i) };

			if (json_value_mark(vb, &in->u.items[i], mask_child_index(unknown, i), cs,
					    &items[i]) < 0)
				return -1;
		}
		*out = *in;
		out->u.items = items;
		return 0;
	}
	if (in->kind == VALUE_OBJECT && (unknown || sensitive[0] || sensitive[1])) {
		struct value_member *ms =
			in->len ? arena_alloc(vb->arena, in->len * sizeof(*ms)) : NULL;

		if (in->len && !ms)
			return -1;
		for (i = 0; i < in->len; i++) {
			const struct value_member *m = &in->u.members[i];
			const struct value *cs[2] = {
				mask_child_key(sensitive[0], m->key, m->key_len),
				mask_child_key(sensitive[1], m->key, m->key_len)
			};

			ms[i] = *m;
			if (json_value_mark(vb, &m->value,
					    mask_child_key(unknown, m->key, m->key_len), cs,
					    &ms[i].value) < 0)
				return -1;
		}
		*out = *in;
		out->u.members = ms;
		return 0;
	}
	*out = *in;
	return 0;
}
