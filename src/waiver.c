/* waiver.c - waiver files (see waiver.h). */
#include "waiver.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "mem.h"
#include "rule_yaml.h"
#include "source.h"
#include "str.h"
#include "timefmt.h"

struct waiver_set {
	struct arena arena;
	const char *path;
	struct waiver *items;
	size_t n;
};

long long
waiver_parse_time(const char *s, bool end_of_day)
{
	size_t len = strlen(s);
	int64_t t;
	long long off = 0;
	int year, mon, mday, hour = 0, min = 0, sec = 0;
	const char *z;

	if (len < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	year = timefmt_digits(s, 4);
	mon = timefmt_digits(s + 5, 2);
	mday = timefmt_digits(s + 8, 2);
	if (len == 10) {
		if (end_of_day) {
			hour = 23;
			min = 59;
			sec = 59;
		}
		return timefmt_utc(year, mon, mday, hour, min, sec, &t) < 0 ? -1 : (long long)t;
	}
	if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || len < 20 || s[13] != ':' ||
	    s[16] != ':')
		return -1;
	hour = timefmt_digits(s + 11, 2);
	min = timefmt_digits(s + 14, 2);
	sec = timefmt_digits(s + 17, 2);
	z = s + 19;
	if (*z == '.') {
		z++;
		if (!(*z >= '0' && *z <= '9'))
			return -1;
		while (*z >= '0' && *z <= '9')
			z++;
	}
	if ((*z == 'Z' || *z == 'z') && z[1] == '\0') {
		off = 0;
	} else if ((*z == '+' || *z == '-') && strlen(z) == 6 && z[3] == ':' &&
		   timefmt_digits(z + 1, 2) >= 0 && timefmt_digits(z + 4, 2) >= 0) {
		off = (long long)timefmt_digits(z + 1, 2) * 3600 + timefmt_digits(z + 4, 2) * 60;
		if (*z == '-')
			off = -off;
	} else {
		return -1;
	}
	if (timefmt_utc(year, mon, mday, hour, min, sec, &t) < 0)
		return -1;
	return (long long)t - off;
}

static int
fail(const struct rule_ydoc *doc, const struct rule_ynode *n, struct error *err,
     const char *what)
{
	return rule_yaml_fail(doc, n, err, "%s", what);
}

static const char *
scalar(struct waiver_set *ws, const struct rule_ynode *n)
{
	return arena_strndup(&ws->arena, n->str, n->len);
}

static int
parse_one(struct waiver_set *ws, const struct rule_ydoc *doc, const struct rule_ynode *n,
	  struct waiver *w, struct error *err)
{
	static const char *const keys[] = { "rule", "finding", "address", "reason", "expires",
					     NULL };
	const struct rule_ynode *v;
	size_t i, j;

	memset(w, 0, sizeof(*w));
	w->line = n->line;
	if (n->kind != RULE_YNODE_MAP)
		return fail(doc, n, err, "a waiver must be a mapping (rule, address, reason, expires)");
	for (i = 0; i < n->n; i++) {
		for (j = 0; keys[j]; j++)
			if (strlen(keys[j]) == n->items[i]->len &&
			    memcmp(keys[j], n->items[i]->str, n->items[i]->len) == 0)
				break;
		if (!keys[j])
			return rule_yaml_fail(doc, n->items[i], err, "unknown key '%.40s' in a waiver",
					      n->items[i]->str);
		if (n->values[i]->kind != RULE_YNODE_SCALAR)
			return rule_yaml_fail(doc, n->values[i], err,
					      "'%s' must be a single value", keys[j]);
	}
	if ((v = rule_yaml_get(n, "rule")) != NULL && !(w->rule = scalar(ws, v)))
		return error_set(err, ERROR_NOMEM, "out of memory");
	if ((v = rule_yaml_get(n, "finding")) != NULL && !(w->finding = scalar(ws, v)))
		return error_set(err, ERROR_NOMEM, "out of memory");
	if ((w->rule != NULL) == (w->finding != NULL))
		return fail(doc, n, err, "a waiver names either a 'rule' or a 'finding'");
	if ((w->rule && !*w->rule) || (w->finding && !*w->finding))
		return fail(doc, n, err, "an empty 'rule' or 'finding'");
	v = rule_yaml_get(n, "address");
	if (v) {
		if (!(w->address = scalar(ws, v)))
			return error_set(err, ERROR_NOMEM, "out of memory");
		if (!*w->address)
			return fail(doc, v, err, "an empty 'address' (use \"*\" for every resource)");
	} else if (w->rule) {
		return fail(doc, n, err,
			    "a rule waiver needs 'address' (a pattern; \"*\" for every resource)");
	} else {
		w->address = "*";
	}
	v = rule_yaml_get(n, "reason");
	if (!v || !v->len)
		return fail(doc, v ? v : n, err, "a waiver needs a 'reason'");
	if (!(w->reason = scalar(ws, v)))
		return error_set(err, ERROR_NOMEM, "out of memory");
	v = rule_yaml_get(n, "expires");
	if (!v)
		return fail(doc, n, err, "a waiver needs 'expires' (YYYY-MM-DD or an RFC 3339 time)");
	if (!(w->expires_text = scalar(ws, v)))
		return error_set(err, ERROR_NOMEM, "out of memory");
	w->expires = waiver_parse_time(w->expires_text, true);
	if (w->expires < 0)
		return rule_yaml_fail(doc, v, err,
				      "'expires' must be YYYY-MM-DD or an RFC 3339 time, not '%.40s'",
				      w->expires_text);
	return 0;
}

int
waiver_set_parse(struct waiver_set **out, const char *name, const char *text, size_t len,
		 struct error *err)
{
	struct rule_ydoc *doc = NULL;
	struct waiver_set *ws;
	const struct rule_ynode *list;
	size_t i;
	int rc = -1;

	*out = NULL;
	if (rule_yaml_parse(&doc, name, text, len, err) < 0)
		return -1;
	ws = mem_calloc(1, sizeof(*ws));
	if (!ws) {
		rule_yaml_free(&doc);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	ws->path = arena_strndup(&ws->arena, name, strlen(name));
	if (!ws->path) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	if (!doc->root) {
		rc = 0;     /* an empty file waives nothing */
		goto out;
	}
	if (doc->root->kind != RULE_YNODE_MAP || doc->root->n != 1 ||
	    !(list = rule_yaml_get(doc->root, "waivers"))) {
		fail(doc, doc->root, err, "a waiver file holds one key, 'waivers', with a list");
		goto out;
	}
	if (list->kind != RULE_YNODE_SEQ) {
		fail(doc, list, err, "'waivers' must be a list");
		goto out;
	}
	ws->items = list->n ? arena_alloc(&ws->arena, list->n * sizeof(*ws->items)) : NULL;
	if (list->n && !ws->items) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < list->n; i++)
		if (parse_one(ws, doc, list->items[i], &ws->items[i], err) < 0)
			goto out;
	ws->n = list->n;
	rc = 0;
out:
	rule_yaml_free(&doc);
	if (rc < 0)
		waiver_set_free(&ws);
	*out = ws;
	return rc;
}

int
waiver_set_load(struct waiver_set **out, const char *path, struct error *err)
{
	struct source *src = NULL;
	int rc;

	*out = NULL;
	if (source_read(&src, path, err) < 0)
		return -1;
	rc = waiver_set_parse(out, path, src->text + src->start, src->len - src->start, err);
	source_free(&src);
	return rc;
}

void
waiver_set_free(struct waiver_set **wsp)
{
	struct waiver_set *ws = *wsp;

	if (!ws)
		return;
	arena_release(&ws->arena);
	mem_free(ws);
	*wsp = NULL;
}

size_t
waiver_set_count(const struct waiver_set *ws)
{
	return ws ? ws->n : 0;
}

const struct waiver *
waiver_set_at(const struct waiver_set *ws, size_t i)
{
	return ws && i < ws->n ? &ws->items[i] : NULL;
}

const char *
waiver_set_path(const struct waiver_set *ws)
{
	return ws ? ws->path : "";
}

bool
waiver_is_expired(const struct waiver *w, long long now)
{
	return now > w->expires;
}

const struct waiver *
waiver_set_match(const struct waiver_set *ws, const struct finding *f, long long now)
{
	size_t i;

	if (!ws)
		return NULL;
	for (i = 0; i < ws->n; i++) {
		const struct waiver *w = &ws->items[i];

		if (waiver_is_expired(w, now))
			continue;
		if (w->finding ? strcmp(w->finding, f->id) != 0
			       : !str_glob_match(w->rule, f->rule_id))
			continue;
		if (!str_glob_match(w->address, f->address))
			continue;
		return w;
	}
	return NULL;
}
