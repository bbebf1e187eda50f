/* yaml_value.c - YAML streams -> value trees, on libyaml's event parser. */
#include "yaml_value.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "json.h"
#include "mem.h"

/* One built node waiting on the stack for its container to close. */
struct item {
	struct value v;            /* for a key: STRING whose text is interned */
	size_t nodes;              /* nodes once aliases are expanded */
	size_t bytes;              /* text (scalars and keys) once expanded */
	size_t height;             /* containers nested in it, itself included */
	unsigned long line, col;   /* 1-based start */
	bool merge;                /* the plain key "<<" */
};

struct frame {
	char kind;                 /* 'M' mapping, 'S' sequence */
	size_t base;               /* first item of this container */
	char *anchor;              /* owned; registered when the container closes */
	unsigned long line, col;
};

struct anchor {
	char *name;                /* owned */
	struct value v;
	size_t nodes, bytes, height;
};

struct yaml_value_reader {
	yaml_parser_t parser;
	const char *text;
	size_t len;
	char *path;
	size_t max_depth, max_alias_nodes, alias_nodes, max_alias_bytes, alias_bytes;
	unsigned ndocs;
	bool done;

	struct item *items;
	size_t nitems, citems;
	struct frame *frames;
	size_t nframes, cframes;
	struct anchor *anchors;
	size_t nanchors, canchors;
	uint32_t *slots;           /* open addressing: anchor index by name */
	size_t nslots;
	struct item root;
	bool have_root;
};

static int
nomem(struct error *err)
{
	return error_set(err, ERROR_NOMEM, "out of memory");
}

/* ---- scalar resolution (YAML 1.1, as Kubernetes' go-yaml v2 does) ---- */

static bool
text_in(const char *s, size_t len, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == len && memcmp(s, *list, len) == 0)
			return true;
	return false;
}

static const char *const null_words[] = { "~", "null", "Null", "NULL", NULL };
static const char *const true_words[] = { "y",	  "Y",	  "yes", "Yes", "YES", "true",
					  "True", "TRUE", "on",	 "On",	"ON",  NULL };
static const char *const false_words[] = { "n",	    "N",     "no",  "No",  "NO",  "false",
					   "False", "FALSE", "off", "Off", "OFF", NULL };

static int
digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Parses digits s[0..len) in `base` into *v; false if empty, a bad digit,
 * or more than 64 bits. */
static bool
parse_uint(const char *s, size_t len, unsigned base, uint64_t *v)
{
	size_t i;

	*v = 0;
	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		int d = digit_value(s[i]);

		if (d >= (int)base)
			return false;
		if (*v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		*v = *v * base + (uint64_t)d;
	}
	return true;
}

static bool
all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* go-yaml v2: strip '_', try ParseInt/ParseUint with base prefixes, then
 * a float of the form [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?. */
static bool
resolve_number(const char *in, size_t inlen, struct buf *num)
{
	char stackbuf[64];
	char *s = inlen < sizeof(stackbuf) ? stackbuf : mem_alloc(inlen + 1);
	size_t len = 0, i, p = 0;
	bool neg = false, ok = false;
	uint64_t v;

	if (!s)
		return false;
	for (i = 0; i < inlen; i++)
		if (in[i] != '_')
			s[len++] = in[i];
	s[len] = '\0';
	if (p < len && (s[p] == '+' || s[p] == '-'))
		neg = s[p++] == '-';
	if (p >= len)
		goto out;
	/* integers with a base prefix, or a leading zero (octal) */
	if (len - p > 2 && s[p] == '0' && strchr("xXoObB", s[p + 1])) {
		unsigned base = (s[p + 1] == 'x' || s[p + 1] == 'X')	 ? 16
				: (s[p + 1] == 'o' || s[p + 1] == 'O') ? 8
								       : 2;

		if (parse_uint(s + p + 2, len - p - 2, base, &v) &&
		    (!neg || v <= (uint64_t)INT64_MAX + 1)) {
			if (num)
				buf_addf(num, "%s%llu", neg && v ? "-" : "", (unsigned long long)v);
			ok = true;
		}
		goto out;
	}
	if (len - p > 1 && s[p] == '0' && parse_uint(s + p + 1, len - p - 1, 8, &v) &&
	    (!neg || v <= (uint64_t)INT64_MAX + 1)) {
		if (num)
			buf_addf(num, "%s%llu", neg && v ? "-" : "", (unsigned long long)v);
		ok = true;
		goto out;
	}
	/* decimal integer or float */
	{
		size_t ip = p, ie, fp = 0, fe = 0, ep = 0;
		bool has_dot = false;

		while (p < len && s[p] >= '0' && s[p] <= '9')
			p++;
		ie = p;
		if (p < len && s[p] == '.') {
			has_dot = true;
			fp = ++p;
			while (p < len && s[p] >= '0' && s[p] <= '9')
				p++;
			fe = p;
		}
		if (ie == ip && (!has_dot || fe == fp))
			goto out; /* no digits at all */
		if (p < len && (s[p] == 'e' || s[p] == 'E')) {
			ep = p++;
			if (p < len && (s[p] == '+' || s[p] == '-'))
				p++;
			if (p >= len || !all_digits(s + p, len - p))
				goto out;
			p = len;
		}
		if (p != len)
			goto out;
		if (num) {
			/* JSON: no '+', no leading zeros, digits on both sides of '.' */
			size_t z = ip;

			if (neg)
				buf_addch(num, '-');
			while (z + 1 < ie && s[z] == '0')
				z++;
			if (z == ie)
				buf_addch(num, '0');
			else
				buf_add(num, s + z, ie - z);
			if (has_dot && fe > fp) {
				buf_addch(num, '.');
				buf_add(num, s + fp, fe - fp);
			}
			if (ep)
				buf_add(num, s + ep, len - ep);
		}
		ok = true;
	}
out:
	if (s != stackbuf)
		mem_free(s);
	return ok;
}

enum yaml_value_scalar
yaml_value_resolve_plain(const char *s, size_t len, struct buf *num)
{
	if (len == 0)
		return YAML_VALUE_SCALAR_NULL;
	if (len <= 5) { /* the longest word is "FALSE" */
		if (text_in(s, len, null_words))
			return YAML_VALUE_SCALAR_NULL;
		if (text_in(s, len, true_words))
			return YAML_VALUE_SCALAR_TRUE;
		if (text_in(s, len, false_words))
			return YAML_VALUE_SCALAR_FALSE;
	}
	if (strchr("+-.0123456789", s[0]) && resolve_number(s, len, num))
		return YAML_VALUE_SCALAR_NUMBER;
	return YAML_VALUE_SCALAR_STRING;
}

/* ---- errors ---- */

static int
fail_at(struct yaml_value_reader *r, struct error *err, enum error_code code, unsigned long line,
	unsigned long col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int
fail_at(struct yaml_value_reader *r, struct error *err, enum error_code code, unsigned long line,
	unsigned long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_setv(err, code, fmt, ap);
	va_end(ap);
	error_locate(err, r->path, line, col);
	return -1;
}

static int
parser_error(struct yaml_value_reader *r, struct error *err)
{
	yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "invalid YAML";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return nomem(err);
	case YAML_READER_ERROR: {
		unsigned long line, col;

		json_position(r->text, r->len, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			return fail_at(r, err, ERROR_ENCODING, line, col, "%s: byte 0x%02X", problem,
				       (unsigned)p->problem_value);
		return fail_at(r, err, ERROR_ENCODING, line, col, "%s", problem);
	}
	default:
		if (p->context)
			return fail_at(r, err, ERROR_SYNTAX, p->problem_mark.line + 1,
				       p->problem_mark.column + 1, "%s %s (line %lu)", problem,
				       p->context, (unsigned long)p->context_mark.line + 1);
		return fail_at(r, err, ERROR_SYNTAX, p->problem_mark.line + 1,
			       p->problem_mark.column + 1, "%s", problem);
	}
}

/* ---- anchors ---- */

static void
anchors_clear(struct yaml_value_reader *r)
{
	size_t i;

	for (i = 0; i < r->nanchors; i++)
		mem_free(r->anchors[i].name);
	r->nanchors = 0;
	if (r->slots)
		memset(r->slots, 0xFF, r->nslots * sizeof(*r->slots));
}

static size_t
slot_of(const struct yaml_value_reader *r, const char *name)
{
	return (size_t)(mem_hash(name, strlen(name)) & (r->nslots - 1));
}

static long
anchor_find(const struct yaml_value_reader *r, const char *name)
{
	size_t s;

	if (!r->nslots)
		return -1;
	for (s = slot_of(r, name); r->slots[s] != UINT32_MAX; s = (s + 1) & (r->nslots - 1))
		if (strcmp(r->anchors[r->slots[s]].name, name) == 0)
			return (long)r->slots[s];
	return -1;
}

/* Registers (or redefines: the last definition wins) an anchor. */
static int
anchor_add(struct yaml_value_reader *r, char *name, const struct item *it)
{
	long old = anchor_find(r, name);
	size_t i, s;
	void *p;

	if (old >= 0) {
		mem_free(name);
		r->anchors[old].v = it->v;
		r->anchors[old].nodes = it->nodes;
		r->anchors[old].bytes = it->bytes;
		r->anchors[old].height = it->height;
		return 0;
	}
	if (r->nanchors >= UINT32_MAX - 1) {
		mem_free(name);
		return -1;
	}
	p = r->anchors;
	if (mem_grow_array(&p, &r->canchors, r->nanchors + 1, sizeof(*r->anchors)) < 0) {
		mem_free(name);
		return -1;
	}
	r->anchors = p;
	r->anchors[r->nanchors].name = name;
	r->anchors[r->nanchors].v = it->v;
	r->anchors[r->nanchors].nodes = it->nodes;
	r->anchors[r->nanchors].bytes = it->bytes;
	r->anchors[r->nanchors].height = it->height;
	r->nanchors++;
	if (r->nanchors * 2 > r->nslots) {
		size_t n = r->nslots ? r->nslots * 2 : 64;
		uint32_t *slots = mem_alloc(n * sizeof(*slots));

		if (!slots)
			return -1;
		mem_free(r->slots);
		r->slots = slots;
		r->nslots = n;
		memset(r->slots, 0xFF, n * sizeof(*r->slots));
		for (i = 0; i < r->nanchors; i++) {
			for (s = slot_of(r, r->anchors[i].name); r->slots[s] != UINT32_MAX;
			     s = (s + 1) & (n - 1))
				;
			r->slots[s] = (uint32_t)i;
		}
		return 0;
	}
	for (s = slot_of(r, name); r->slots[s] != UINT32_MAX; s = (s + 1) & (r->nslots - 1))
		;
	r->slots[s] = (uint32_t)(r->nanchors - 1);
	return 0;
}

/* ---- building ---- */

static bool
in_key_position(const struct yaml_value_reader *r)
{
	const struct frame *f;

	if (!r->nframes)
		return false;
	f = &r->frames[r->nframes - 1];
	return f->kind == 'M' && (r->nitems - f->base) % 2 == 0;
}

/* The key text a scalar value stands for (Kubernetes' YAML-to-JSON). */
static int
key_item(struct yaml_value_reader *r, struct value_builder *vb, struct item *it, struct error *err)
{
	const char *s;
	size_t len;
	const char *k;

	switch (it->v.kind) {
	case VALUE_STRING:
	case VALUE_NUMBER:
		s = it->v.u.str;
		len = it->v.len;
		break;
	case VALUE_BOOL:
		s = it->v.u.b ? "true" : "false";
		len = strlen(s);
		break;
	case VALUE_NULL:
		s = "null";
		len = 4;
		break;
	default:
		return fail_at(r, err, ERROR_SCHEMA, it->line, it->col,
			       "a mapping key must be a scalar, not a %s",
			       it->v.kind == VALUE_ARRAY ? "sequence" : "mapping");
	}
	if (memchr(s, '\0', len))
		return fail_at(r, err, ERROR_SYNTAX, it->line, it->col,
			       "mapping key contains a NUL character");
	k = value_intern_key(vb, s, len);
	if (!k)
		return nomem(err);
	it->v.kind = VALUE_STRING;
	it->v.u.str = k;
	it->v.len = (uint32_t)len;
	return 0;
}

/* Places a finished node: the document root, or the next item of the
 * open container (a key is converted to its text). */
static int
push_item(struct yaml_value_reader *r, struct value_builder *vb, struct item *it, struct error *err)
{
	void *p;

	if (!r->nframes) {
		r->root = *it;
		r->have_root = true;
		return 0;
	}
	if (in_key_position(r) && !it->merge && key_item(r, vb, it, err) < 0)
		return -1;
	p = r->items;
	if (mem_grow_array(&p, &r->citems, r->nitems + 1, sizeof(*r->items)) < 0)
		return nomem(err);
	r->items = p;
	r->items[r->nitems++] = *it;
	return 0;
}

static bool
tag_is(const yaml_char_t *tag, const char *name)
{
	static const char prefix[] = "tag:yaml.org,2002:";

	return tag && strncmp((const char *)tag, prefix, sizeof(prefix) - 1) == 0 &&
	       strcmp((const char *)tag + sizeof(prefix) - 1, name) == 0;
}

static int
scalar_event(struct yaml_value_reader *r, struct value_builder *vb, yaml_event_t *ev,
	     struct error *err)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const yaml_char_t *tag = ev->data.scalar.tag;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	struct item it;
	struct buf num = BUF_INIT;
	enum yaml_value_scalar kind = YAML_VALUE_SCALAR_STRING;
	int rc = 0;

	memset(&it, 0, sizeof(it));
	it.line = ev->start_mark.line + 1;
	it.col = ev->start_mark.column + 1;
	it.nodes = 1;
	it.bytes = len;
	if (tag && (tag_is(tag, "str") || tag_is(tag, "binary") ||
		    strcmp((const char *)tag, "!") == 0)) {
		kind = YAML_VALUE_SCALAR_STRING;
	} else if (tag && (tag_is(tag, "int") || tag_is(tag, "float"))) {
		kind = yaml_value_resolve_plain(s, len, &num);
		if (kind != YAML_VALUE_SCALAR_NUMBER) {
			buf_release(&num);
			return fail_at(r, err, ERROR_SCHEMA, it.line, it.col,
				       "a %s scalar must be a number", (const char *)tag + 18);
		}
	} else if (tag && tag_is(tag, "bool")) {
		kind = yaml_value_resolve_plain(s, len, NULL);
		if (kind != YAML_VALUE_SCALAR_TRUE && kind != YAML_VALUE_SCALAR_FALSE)
			return fail_at(r, err, ERROR_SCHEMA, it.line, it.col,
				       "a !!bool scalar must be true or false");
	} else if (tag && tag_is(tag, "null")) {
		kind = YAML_VALUE_SCALAR_NULL;
	} else if (tag && tag_is(tag, "merge")) {
		it.merge = in_key_position(r);
	} else if (plain) {
		if (len == 2 && memcmp(s, "<<", 2) == 0 && in_key_position(r))
			it.merge = true;
		else
			kind = yaml_value_resolve_plain(s, len, &num);
	}
	if (buf_failed(&num))
		return nomem(err);
	switch (kind) {
	case YAML_VALUE_SCALAR_NULL:
		it.v.kind = VALUE_NULL;
		break;
	case YAML_VALUE_SCALAR_TRUE:
	case YAML_VALUE_SCALAR_FALSE:
		it.v.kind = VALUE_BOOL;
		it.v.u.b = kind == YAML_VALUE_SCALAR_TRUE;
		break;
	case YAML_VALUE_SCALAR_NUMBER:
		if (value_make_string(vb, num.data, num.len, &it.v) < 0)
			rc = nomem(err);
		it.v.kind = VALUE_NUMBER;
		break;
	case YAML_VALUE_SCALAR_STRING:
		if (in_key_position(r)) {
			/* interned directly by key_item(); keep the text here */
			it.v.kind = VALUE_STRING;
			it.v.u.str = s;
			it.v.len = (uint32_t)len;
			if (len > UINT32_MAX)
				rc = nomem(err);
		} else if (value_make_string(vb, s, len, &it.v) < 0) {
			rc = nomem(err);
		}
		break;
	}
	buf_release(&num);
	if (rc < 0)
		return -1;
	if (ev->data.scalar.anchor) {
		char *name = mem_strdup((const char *)ev->data.scalar.anchor);

		if (in_key_position(r)) {
			/* an anchored key: keep a copy that outlives the event */
			struct item copy = it;

			if (copy.v.kind == VALUE_STRING &&
			    value_make_string(vb, s, len, &copy.v) < 0) {
				mem_free(name);
				return nomem(err);
			}
			if (!name || anchor_add(r, name, &copy) < 0)
				return nomem(err);
		} else if (!name || anchor_add(r, name, &it) < 0) {
			return nomem(err);
		}
	}
	return push_item(r, vb, &it, err);
}

static int
alias_event(struct yaml_value_reader *r, struct value_builder *vb, yaml_event_t *ev,
	    struct error *err)
{
	const char *name = (const char *)ev->data.alias.anchor;
	long i = anchor_find(r, name);
	struct item it;

	memset(&it, 0, sizeof(it));
	it.line = ev->start_mark.line + 1;
	it.col = ev->start_mark.column + 1;
	if (i < 0)
		return fail_at(r, err, ERROR_SCHEMA, it.line, it.col, "unknown anchor '%s'", name);
	it.v = r->anchors[i].v;
	it.nodes = r->anchors[i].nodes;
	it.bytes = r->anchors[i].bytes;
	it.height = r->anchors[i].height;
	r->alias_nodes += it.nodes;
	r->alias_bytes += it.bytes;
	if (r->alias_nodes > r->max_alias_nodes)
		return fail_at(r, err, ERROR_LIMIT, it.line, it.col,
			       "aliases expand to more than %zu nodes", r->max_alias_nodes);
	if (r->alias_bytes > r->max_alias_bytes)
		return fail_at(r, err, ERROR_LIMIT, it.line, it.col,
			       "aliases expand to more than %zu bytes of text", r->max_alias_bytes);
	if (r->nframes + it.height > r->max_depth)
		return fail_at(r, err, ERROR_LIMIT, it.line, it.col,
			       "nesting deeper than %zu levels (through the alias '%s')",
			       r->max_depth, name);
	return push_item(r, vb, &it, err);
}

static int
start_container(struct yaml_value_reader *r, yaml_event_t *ev, char kind, struct error *err)
{
	const yaml_char_t *anchor = kind == 'M' ? ev->data.mapping_start.anchor
						: ev->data.sequence_start.anchor;
	struct frame *f;
	void *p = r->frames;

	if (r->nframes >= r->max_depth)
		return fail_at(r, err, ERROR_LIMIT, ev->start_mark.line + 1,
			       ev->start_mark.column + 1, "nesting deeper than %zu levels",
			       r->max_depth);
	if (mem_grow_array(&p, &r->cframes, r->nframes + 1, sizeof(*r->frames)) < 0)
		return nomem(err);
	r->frames = p;
	f = &r->frames[r->nframes];
	f->kind = kind;
	f->base = r->nitems;
	f->line = ev->start_mark.line + 1;
	f->col = ev->start_mark.column + 1;
	f->anchor = NULL;
	if (anchor && !(f->anchor = mem_strdup((const char *)anchor)))
		return nomem(err);
	r->nframes++;
	return 0;
}

/* Appends to `out` the members a "<<" value brings (mappings listed
 * first win, so they are appended last: value_make_object keeps the last
 * of equal keys). */
static int
merge_sources(struct yaml_value_reader *r, const struct item *it, struct value_member **out,
	      size_t *n, size_t *cap, struct error *err)
{
	const struct value *v = &it->v;
	size_t i, k;

	if (v->kind != VALUE_OBJECT && v->kind != VALUE_ARRAY)
		return fail_at(r, err, ERROR_SCHEMA, it->line, it->col,
			       "a '<<' merge needs a mapping or a sequence of mappings");
	for (i = v->kind == VALUE_ARRAY ? v->len : 1; i-- > 0;) {
		const struct value *m = v->kind == VALUE_ARRAY ? &v->u.items[i] : v;
		void *p = *out;

		if (m->kind != VALUE_OBJECT)
			return fail_at(r, err, ERROR_SCHEMA, it->line, it->col,
				       "a '<<' merge needs a mapping or a sequence of mappings");
		if (mem_grow_array(&p, cap, *n + m->len, sizeof(**out)) < 0)
			return nomem(err);
		*out = p;
		for (k = 0; k < m->len; k++)
			(*out)[(*n)++] = m->u.members[k];
	}
	return 0;
}

static int
close_mapping(struct yaml_value_reader *r, struct value_builder *vb, const struct frame *f,
	      struct item *res, struct error *err)
{
	size_t n = r->nitems - f->base, i, nm = 0, nmerge = 0, cmerge = 0, dup = 0;
	struct value_member *ms = NULL, *merged = NULL;
	size_t *src = NULL;
	const struct item *merge_item = NULL;
	int rc = -1, mrc;

	res->nodes = 1;
	res->height = 1;
	if (n % 2)
		return error_set(err, ERROR_INTERNAL, "unbalanced YAML mapping");
	if (n && (!(ms = mem_alloc((n / 2) * sizeof(*ms))) ||
		  !(src = mem_alloc((n / 2) * sizeof(*src))))) {
		nomem(err);
		goto out;
	}
	for (i = f->base; i < r->nitems; i += 2) {
		const struct item *k = &r->items[i], *v = &r->items[i + 1];

		res->nodes += 1 + v->nodes;
		res->bytes += k->bytes + v->bytes;
		if (v->height + 1 > res->height)
			res->height = v->height + 1;
		if (k->merge) {
			if (merge_item) {
				fail_at(r, err, ERROR_SCHEMA, k->line, k->col,
					"duplicate key '<<' (first at line %lu)", merge_item->line);
				goto out;
			}
			merge_item = v;
			if (merge_sources(r, v, &merged, &nmerge, &cmerge, err) < 0)
				goto out;
			continue;
		}
		ms[nm].key = k->v.u.str;
		ms[nm].key_len = k->v.len;
		ms[nm].value = v->v;
		src[nm] = i;
		nm++;
	}
	mrc = value_make_object(vb, ms, nm, &res->v, &dup);
	if (mrc < 0) {
		nomem(err);
		goto out;
	}
	if (mrc == 1) {
		const struct item *k = &r->items[src[dup]];
		unsigned long first = 0;

		for (i = 0; i < dup; i++)
			if (ms[i].key_len == ms[dup].key_len &&
			    memcmp(ms[i].key, ms[dup].key, ms[i].key_len) == 0) {
				first = r->items[src[i]].line;
				break;
			}
		fail_at(r, err, ERROR_SCHEMA, k->line, k->col,
			"duplicate key '%.*s' (first at line %lu)",
			(int)(ms[dup].key_len > 80 ? 80 : ms[dup].key_len), ms[dup].key, first);
		goto out;
	}
	if (nmerge) {
		/* merged members first, explicit ones last: the last one wins */
		void *p = merged;

		if (mem_grow_array(&p, &cmerge, nmerge + nm, sizeof(*merged)) < 0) {
			nomem(err);
			goto out;
		}
		merged = p;
		memcpy(merged + nmerge, ms, nm * sizeof(*ms));
		if (value_make_object(vb, merged, nmerge + nm, &res->v, NULL) < 0) {
			nomem(err);
			goto out;
		}
	}
	rc = 0;
out:
	mem_free(ms);
	mem_free(src);
	mem_free(merged);
	return rc;
}

static int
end_container(struct yaml_value_reader *r, struct value_builder *vb, struct error *err)
{
	struct frame f = r->frames[r->nframes - 1];
	struct item it;
	size_t i;
	int rc;

	memset(&it, 0, sizeof(it));
	it.line = f.line;
	it.col = f.col;
	if (f.kind == 'M') {
		rc = close_mapping(r, vb, &f, &it, err);
	} else {
		size_t n = r->nitems - f.base;
		struct value *items = n ? arena_alloc(vb->arena, n * sizeof(*items)) : NULL;

		rc = 0;
		it.nodes = 1;
		it.height = 1;
		if (n && !items) {
			rc = nomem(err);
		} else {
			for (i = 0; i < n; i++) {
				const struct item *c = &r->items[f.base + i];

				items[i] = c->v;
				it.nodes += c->nodes;
				it.bytes += c->bytes;
				if (c->height + 1 > it.height)
					it.height = c->height + 1;
			}
			it.v.kind = VALUE_ARRAY;
			it.v.len = (uint32_t)n;
			it.v.u.items = items;
		}
	}
	r->nframes--;
	r->nitems = f.base;
	if (rc < 0) {
		mem_free(f.anchor);
		return -1;
	}
	if (f.anchor && anchor_add(r, f.anchor, &it) < 0)
		return nomem(err);
	return push_item(r, vb, &it, err);
}

static void
reset_document(struct yaml_value_reader *r)
{
	size_t i;

	for (i = 0; i < r->nframes; i++)
		mem_free(r->frames[i].anchor);
	r->nframes = 0;
	r->nitems = 0;
	r->have_root = false;
	anchors_clear(r);
}

int
yaml_value_reader_new(struct yaml_value_reader **out, const char *text, size_t len,
		      const char *path, const struct yaml_value_limits *limits, struct error *err)
{
	struct yaml_value_reader *r = mem_calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return nomem(err);
	r->path = mem_strdup(path ? path : "");
	if (!r->path || !yaml_parser_initialize(&r->parser)) {
		mem_free(r->path);
		mem_free(r);
		return nomem(err);
	}
	r->text = text;
	r->len = len;
	r->max_depth = limits && limits->max_depth ? limits->max_depth : YAML_VALUE_MAX_DEPTH;
	r->max_alias_nodes = limits && limits->max_alias_nodes ? limits->max_alias_nodes
							       : YAML_VALUE_MAX_ALIAS_NODES;
	r->max_alias_bytes = limits && limits->max_alias_bytes ? limits->max_alias_bytes
							       : YAML_VALUE_MAX_ALIAS_BYTES;
	yaml_parser_set_input_string(&r->parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
	*out = r;
	return 0;
}

void
yaml_value_reader_free(struct yaml_value_reader **rp)
{
	struct yaml_value_reader *r = *rp;

	if (!r)
		return;
	reset_document(r);
	yaml_parser_delete(&r->parser);
	mem_free(r->items);
	mem_free(r->frames);
	mem_free(r->anchors);
	mem_free(r->slots);
	mem_free(r->path);
	mem_free(r);
	*rp = NULL;
}

static void
event_wipe_delete(yaml_event_t *ev)
{
	if (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.value)
		mem_wipe(ev->data.scalar.value, ev->data.scalar.length);
	yaml_event_delete(ev);
}

int
yaml_value_reader_next(struct yaml_value_reader *r, struct value_builder *vb,
		       struct yaml_value_doc *doc, struct error *err)
{
	if (r->done)
		return 0;
	for (;;) {
		yaml_event_t ev;
		int rc = 0;

		if (!yaml_parser_parse(&r->parser, &ev)) {
			reset_document(r);
			r->done = true;
			return parser_error(r, err);
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			r->done = true;
			yaml_event_delete(&ev);
			return 0;
		case YAML_DOCUMENT_START_EVENT:
			reset_document(r);
			break;
		case YAML_DOCUMENT_END_EVENT:
			memset(doc, 0, sizeof(*doc));
			doc->index = ++r->ndocs;
			if (r->have_root) {
				doc->value = r->root.v;
				doc->line = r->root.line;
				doc->col = r->root.col;
			} else {
				doc->value.kind = VALUE_NULL;
				doc->line = ev.start_mark.line + 1;
				doc->col = ev.start_mark.column + 1;
			}
			reset_document(r);
			yaml_event_delete(&ev);
			return 1;
		case YAML_SCALAR_EVENT:
			rc = scalar_event(r, vb, &ev, err);
			break;
		case YAML_ALIAS_EVENT:
			rc = alias_event(r, vb, &ev, err);
			break;
		case YAML_SEQUENCE_START_EVENT:
			rc = start_container(r, &ev, 'S', err);
			break;
		case YAML_MAPPING_START_EVENT:
			rc = start_container(r, &ev, 'M', err);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			rc = end_container(r, vb, err);
			break;
		default:
			break;
		}
		event_wipe_delete(&ev);
		if (rc < 0) {
			reset_document(r);
			r->done = true;
			return -1;
		}
	}
}
