/* jsonw.c - streaming JSON writer. */
#include "jsonw.h"

#include <string.h>

#include "json.h"

void
jsonw_init(struct jsonw *w, bool pretty)
{
	memset(w, 0, sizeof(*w));
	buf_init(&w->out);
	w->pretty = pretty;
	w->first[0] = true;
}

void
jsonw_release(struct jsonw *w)
{
	buf_release(&w->out);
}

static void
newline(struct jsonw *w)
{
	if (!w->pretty)
		return;
	buf_addch(&w->out, '\n');
	buf_addchn(&w->out, ' ', (size_t)w->depth * 2);
}

/* Separator before a value or a key. */
static void
before_item(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (!w->first[w->depth])
			buf_addch(&w->out, ',');
		w->first[w->depth] = false;
		newline(w);
	}
}

static void
open_container(struct jsonw *w, char c)
{
	before_item(w);
	buf_addch(&w->out, c);
	if (w->depth + 1 < JSONW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void
close_container(struct jsonw *w, char c)
{
	bool empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty)
		newline(w);
	buf_addch(&w->out, c);
	if (w->depth == 0 && w->pretty)
		buf_addch(&w->out, '\n');
}

void
jsonw_begin_object(struct jsonw *w)
{
	open_container(w, '{');
}

void
jsonw_end_object(struct jsonw *w)
{
	close_container(w, '}');
}

void
jsonw_begin_array(struct jsonw *w)
{
	open_container(w, '[');
}

void
jsonw_end_array(struct jsonw *w)
{
	close_container(w, ']');
}

void
jsonw_keyn(struct jsonw *w, const char *key, size_t len)
{
	before_item(w);
	json_quote(&w->out, key, len);
	buf_addstr(&w->out, w->pretty ? ": " : ":");
	w->after_key = true;
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	jsonw_keyn(w, key, strlen(key));
}

void
jsonw_stringn(struct jsonw *w, const char *s, size_t len)
{
	before_item(w);
	json_quote(&w->out, s, len);
}

void
jsonw_string(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	jsonw_stringn(w, s, strlen(s));
}

void
jsonw_bool(struct jsonw *w, bool b)
{
	before_item(w);
	buf_addstr(&w->out, b ? "true" : "false");
}

void
jsonw_null(struct jsonw *w)
{
	before_item(w);
	buf_addstr(&w->out, "null");
}

void
jsonw_uint(struct jsonw *w, unsigned long long n)
{
	before_item(w);
	buf_addf(&w->out, "%llu", n);
}

void
jsonw_int(struct jsonw *w, long long n)
{
	before_item(w);
	buf_addf(&w->out, "%lld", n);
}

void
jsonw_raw(struct jsonw *w, const char *json, size_t len)
{
	before_item(w);
	buf_add(&w->out, json, len);
}

void
jsonw_kv_string(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_string(w, s);
}

void
jsonw_kv_bool(struct jsonw *w, const char *key, bool b)
{
	jsonw_key(w, key);
	jsonw_bool(w, b);
}

void
jsonw_kv_uint(struct jsonw *w, const char *key, unsigned long long n)
{
	jsonw_key(w, key);
	jsonw_uint(w, n);
}

int
jsonw_flush(struct jsonw *w, FILE *f)
{
	int rc = 0;

	if (buf_failed(&w->out))
		rc = -1;
	else if (w->out.len && fwrite(w->out.data, 1, w->out.len, f) != w->out.len)
		rc = -1;
	buf_reset(&w->out);
	return rc;
}
