/* search.c - PCRE2 search over changes. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "search.h"

#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "str.h"

#define SEARCH_MATCH_LIMIT 200000u
#define SEARCH_DEPTH_LIMIT 2000u

struct search {
	char *pattern;
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

static bool
has_upper(const char *p)
{
	/* an escape like \S or \W is not an upper-case letter to match */
	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p >= 'A' && *p <= 'Z')
			return true;
	}
	return false;
}

int
search_new(struct search **out, const char *pattern, struct error *err)
{
	struct search *s;
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	int code;
	PCRE2_SIZE off;

	*out = NULL;
	if (!*pattern)
		return error_set(err, ERROR_SYNTAX, "empty search pattern");
	if (!str_utf8_valid(pattern, strlen(pattern), NULL))
		return error_set(err, ERROR_ENCODING, "the search pattern is not UTF-8");
	s = mem_calloc(1, sizeof(*s));
	if (!s)
		return error_set(err, ERROR_NOMEM, "out of memory");
	s->pattern = mem_strdup(pattern);
	if (!s->pattern) {
		search_free(&s);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	if (!has_upper(pattern))
		opts |= PCRE2_CASELESS;
	s->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &code, &off,
				NULL);
	if (!s->code) {
		PCRE2_UCHAR msg[160];
		struct buf b = BUF_INIT;

		pcre2_get_error_message(code, msg, sizeof(msg));
		str_escape(&b, pattern, strlen(pattern) > 60 ? 60 : strlen(pattern),
			   STR_ESCAPE_CONTROLS);
		error_set(err, ERROR_SYNTAX, "bad pattern '%s' at col %zu: %s", b.data,
			  (size_t)off + 1, (const char *)msg);
		buf_release(&b);
		search_free(&s);
		return -1;
	}
	/* JIT is an optimisation only: without it the interpreter runs */
	(void)pcre2_jit_compile(s->code, PCRE2_JIT_COMPLETE);
	s->md = pcre2_match_data_create_from_pattern(s->code, NULL);
	s->mctx = pcre2_match_context_create(NULL);
	if (!s->md || !s->mctx) {
		search_free(&s);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	pcre2_set_match_limit(s->mctx, SEARCH_MATCH_LIMIT);
	pcre2_set_depth_limit(s->mctx, SEARCH_DEPTH_LIMIT);
	*out = s;
	return 0;
}

void
search_free(struct search **sp)
{
	struct search *s = *sp;

	if (!s)
		return;
	pcre2_match_context_free(s->mctx);
	pcre2_match_data_free(s->md);
	pcre2_code_free(s->code);
	mem_free(s->pattern);
	mem_free(s);
	*sp = NULL;
}

const char *
search_pattern(const struct search *s)
{
	return s->pattern;
}

bool
search_match(struct search *s, const char *text, size_t len, size_t *start, size_t *end)
{
	int rc = pcre2_match(s->code, (PCRE2_SPTR)text, len, 0, 0, s->md, s->mctx);
	PCRE2_SIZE *ov;

	if (rc < 0)
		return false;   /* no match, or a limit: both are "no" */
	ov = pcre2_get_ovector_pointer(s->md);
	if (start)
		*start = ov[0];
	if (end)
		*end = ov[1];
	return true;
}

/* ---- walking values ---- */

struct frame {
	const struct value *v;
	size_t next;          /* next child to visit */
};

struct walk {
	struct frame *stack;
	size_t n, cap;
};

static bool
push(struct walk *w, const struct value *v)
{
	void *p = w->stack;

	if (mem_grow_array(&p, &w->cap, w->n + 1, sizeof(*w->stack)) < 0)
		return false;
	w->stack = p;
	w->stack[w->n].v = v;
	w->stack[w->n].next = 0;
	w->n++;
	return true;
}

/* The path of the node the top of the stack is visiting. */
static void
path_of(const struct walk *w, size_t depth, char *out, size_t cap)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < depth && i < w->n; i++) {
		const struct frame *f = &w->stack[i];
		size_t child = f->next - 1;

		if (f->v->kind == VALUE_OBJECT) {
			const struct value_member *m = &f->v->u.members[child];

			if (b.len)
				buf_addch(&b, '.');
			str_escape(&b, m->key, m->key_len, STR_ESCAPE_CONTROLS);
		} else {
			buf_addf(&b, "[%zu]", child);
		}
	}
	if (buf_failed(&b) || b.len >= cap) {
		/* keep the end, which names the attribute */
		size_t keep = cap - 4;

		if (!buf_failed(&b) && b.len >= keep) {
			size_t from = b.len - keep;

			/* do not cut a UTF-8 sequence */
			while (from < b.len && ((unsigned char)b.data[from] & 0xC0) == 0x80)
				from++;
			snprintf(out, cap, "...%s", b.data + from);
		} else {
			snprintf(out, cap, "%s", "...");
		}
	} else {
		memcpy(out, b.data, b.len + 1);
	}
	buf_release(&b);
}

static bool
scalar_matches(struct search *s, const struct value *v)
{
	switch (v->kind) {
	case VALUE_STRING:
	case VALUE_NUMBER:
		return search_match(s, v->u.str, v->len, NULL, NULL);
	case VALUE_BOOL:
		return v->u.b ? search_match(s, "true", 4, NULL, NULL)
			      : search_match(s, "false", 5, NULL, NULL);
	default:
		return false;   /* null, unknown, sensitive: no text */
	}
}

static bool
value_matches(struct search *s, const struct value *root, struct search_hit *hit)
{
	struct walk w = { NULL, 0, 0 };
	bool found = false;

	if (!value_is_container(root)) {
		found = scalar_matches(s, root);
		if (found && hit) {
			hit->where = SEARCH_IN_VALUE;
			hit->path[0] = '\0';
		}
		return found;
	}
	if (!push(&w, root))
		return false;
	while (w.n && !found) {
		struct frame *f = &w.stack[w.n - 1];
		const struct value *child;

		if (f->next >= f->v->len) {
			w.n--;
			continue;
		}
		if (f->v->kind == VALUE_OBJECT) {
			const struct value_member *m = &f->v->u.members[f->next++];

			child = &m->value;
			if (search_match(s, m->key, m->key_len, NULL, NULL)) {
				found = true;
				if (hit) {
					hit->where = SEARCH_IN_KEY;
					path_of(&w, w.n, hit->path, sizeof(hit->path));
				}
				break;
			}
		} else {
			child = &f->v->u.items[f->next++];
		}
		if (value_is_container(child)) {
			if (!push(&w, child))
				break;
			continue;
		}
		if (scalar_matches(s, child)) {
			found = true;
			if (hit) {
				hit->where = SEARCH_IN_VALUE;
				path_of(&w, w.n, hit->path, sizeof(hit->path));
			}
		}
	}
	mem_free(w.stack);
	return found;
}

/* Starts a hit afresh; then whether `text` matches, noting where. */
static void
hit_clear(struct search_hit *hit)
{
	if (hit) {
		hit->where = SEARCH_IN_NONE;
		hit->path[0] = '\0';
	}
}

static bool
hit_in(struct search *s, const char *text, enum search_where where, struct search_hit *hit)
{
	if (!search_match(s, text, strlen(text), NULL, NULL))
		return false;
	if (hit)
		hit->where = where;
	return true;
}

bool
search_change(struct search *s, const struct plan_change *c, struct search_hit *hit)
{
	hit_clear(hit);
	return hit_in(s, c->address, SEARCH_IN_ADDRESS, hit) ||
	       hit_in(s, c->type, SEARCH_IN_TYPE, hit) || value_matches(s, &c->after, hit) ||
	       value_matches(s, &c->before, hit);
}

bool
search_output(struct search *s, const struct plan_output *o, struct search_hit *hit)
{
	hit_clear(hit);
	return hit_in(s, o->name, SEARCH_IN_NAME, hit) || value_matches(s, &o->after, hit) ||
	       value_matches(s, &o->before, hit);
}
