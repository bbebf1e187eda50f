/* draft.c - unfinished reviews on disk (jansson). */
#include "draft.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "json_locate.h"
#include "mem.h"
#include "review.h"

#define DRAFT_VERSION 1

/* A sorted set of owned strings (binary search: plans have 50k changes). */
struct strset {
	char **v;
	size_t n, cap;
};

struct draft {
	char digest[129];
	struct strset reviewed;
	struct strset revealed;
	struct review_ack *acks;   /* sorted by id; owned strings */
	size_t nacks, cacks;
	char *comment;
};

static size_t
set_find(const struct strset *s, const char *x, bool *found)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid], x);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static int
set_add(struct strset *s, const char *x)
{
	bool found;
	size_t at = set_find(s, x, &found);
	char *copy;

	if (found)
		return 0;
	if (s->n == s->cap && mem_grow_array((void **)&s->v, &s->cap, s->n + 1, sizeof(*s->v)) < 0)
		return -1;
	copy = mem_strdup(x);
	if (!copy)
		return -1;
	memmove(s->v + at + 1, s->v + at, (s->n - at) * sizeof(*s->v));
	s->v[at] = copy;
	s->n++;
	return 0;
}

static void
set_remove(struct strset *s, const char *x)
{
	bool found;
	size_t at = set_find(s, x, &found);

	if (!found)
		return;
	mem_free(s->v[at]);
	memmove(s->v + at, s->v + at + 1, (s->n - at - 1) * sizeof(*s->v));
	s->n--;
}

static bool
set_has(const struct strset *s, const char *x)
{
	bool found;

	set_find(s, x, &found);
	return found;
}

static void
set_release(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		mem_free(s->v[i]);
	mem_free(s->v);
	memset(s, 0, sizeof(*s));
}

static bool
valid_digest(const char *d)
{
	size_t i, n = strlen(d);

	if (n < 16 || n > 128)
		return false;
	for (i = 0; i < n; i++)
		if (!((d[i] >= '0' && d[i] <= '9') || (d[i] >= 'a' && d[i] <= 'f')))
			return false;
	return true;
}

int
draft_path(const char *digest, struct buf *out, struct error *err)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (!valid_digest(digest))
		return error_set(err, ERROR_USAGE, "not a plan digest: '%.40s'", digest);
	if (state && state[0] == '/')
		buf_addf(out, "%s/signoff/drafts/%s.json", state, digest);
	else if (home && home[0])
		buf_addf(out, "%s/.local/state/signoff/drafts/%s.json", home, digest);
	else
		return error_set(err, ERROR_NOTFOUND,
				 "neither XDG_STATE_HOME nor HOME is set: nowhere to keep drafts");
	return buf_failed(out) ? error_set(err, ERROR_NOMEM, "out of memory") : 0;
}

int
draft_new(struct draft **out, const char *digest, struct error *err)
{
	struct draft *d;

	*out = NULL;
	if (!valid_digest(digest))
		return error_set(err, ERROR_USAGE, "not a plan digest: '%.40s'", digest);
	d = mem_calloc(1, sizeof(*d));
	if (!d)
		return error_set(err, ERROR_NOMEM, "out of memory");
	memcpy(d->digest, digest, strlen(digest) + 1);
	*out = d;
	return 0;
}

void
draft_free(struct draft **d)
{
	size_t i;

	if (!*d)
		return;
	set_release(&(*d)->reviewed);
	set_release(&(*d)->revealed);
	for (i = 0; i < (*d)->nacks; i++) {
		mem_free((char *)(uintptr_t)(*d)->acks[i].id);
		mem_free((char *)(uintptr_t)(*d)->acks[i].reason);
	}
	mem_free((*d)->acks);
	mem_free((*d)->comment);
	mem_free(*d);
	*d = NULL;
}

const char *
draft_digest(const struct draft *d)
{
	return d->digest;
}

int
draft_set_reviewed(struct draft *d, const char *address, bool reviewed)
{
	if (reviewed)
		return set_add(&d->reviewed, address);
	set_remove(&d->reviewed, address);
	return 0;
}

bool
draft_is_reviewed(const struct draft *d, const char *address)
{
	return set_has(&d->reviewed, address);
}

size_t
draft_reviewed_count(const struct draft *d)
{
	return d->reviewed.n;
}

static size_t
ack_find(const struct draft *d, const char *id, bool *found)
{
	size_t lo = 0, hi = d->nacks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->acks[mid].id, id);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

int
draft_set_ack(struct draft *d, const char *id, const char *reason)
{
	bool found;
	size_t at = ack_find(d, id, &found);
	char *r = NULL, *i = NULL;

	if (!review_reason_given(reason)) {
		if (found) {
			mem_free((char *)(uintptr_t)d->acks[at].id);
			mem_free((char *)(uintptr_t)d->acks[at].reason);
			memmove(d->acks + at, d->acks + at + 1, (d->nacks - at - 1) * sizeof(*d->acks));
			d->nacks--;
		}
		return 0;
	}
	r = mem_strdup(reason);
	if (!r)
		return -1;
	if (found) {
		mem_free((char *)(uintptr_t)d->acks[at].reason);
		d->acks[at].reason = r;
		return 0;
	}
	i = mem_strdup(id);
	if (!i || (d->nacks == d->cacks && mem_grow_array((void **)&d->acks, &d->cacks,
							   d->nacks + 1, sizeof(*d->acks)) < 0)) {
		mem_free(i);
		mem_free(r);
		return -1;
	}
	memmove(d->acks + at + 1, d->acks + at, (d->nacks - at) * sizeof(*d->acks));
	d->acks[at].id = i;
	d->acks[at].reason = r;
	d->nacks++;
	return 0;
}

const char *
draft_ack_reason(const struct draft *d, const char *id)
{
	bool found;
	size_t at = ack_find(d, id, &found);

	return found ? d->acks[at].reason : NULL;
}

size_t
draft_ack_count(const struct draft *d)
{
	return d->nacks;
}

int
draft_set_comment(struct draft *d, const char *comment)
{
	char *c = mem_strdup(comment ? comment : "");

	if (!c)
		return -1;
	mem_free(d->comment);
	d->comment = c;
	return 0;
}

const char *
draft_comment(const struct draft *d)
{
	return d->comment ? d->comment : "";
}

int
draft_add_revealed(struct draft *d, const char *address)
{
	return set_add(&d->revealed, address);
}

bool
draft_was_revealed(const struct draft *d, const char *address)
{
	return set_has(&d->revealed, address);
}

size_t
draft_revealed_count(const struct draft *d)
{
	return d->revealed.n;
}

void
draft_marks(const struct draft *d, struct review_marks *marks)
{
	memset(marks, 0, sizeof(*marks));
	marks->acks = d->acks;
	marks->nacks = d->nacks;
	marks->reviewed = (const char *const *)d->reviewed.v;
	marks->nreviewed = d->reviewed.n;
}

const char *const *
draft_revealed(const struct draft *d, size_t *n)
{
	*n = d->revealed.n;
	return (const char *const *)d->revealed.v;
}

/* ---- on disk ---- */

static int
serialise(const struct draft *d, struct buf *out, struct error *err)
{
	json_t *root = json_object(), *reviewed = json_array(), *revealed = json_array(),
	       *acks = json_array();
	char now[REVIEW_TIME_LEN];
	size_t i, n;
	int rc = -1;

	if (!root || !reviewed || !revealed || !acks) {
		json_decref(reviewed);
		json_decref(revealed);
		json_decref(acks);
		goto nomem;
	}
	review_time_format((int64_t)time(NULL), now);
	json_object_set_new(root, "version", json_integer(DRAFT_VERSION));
	json_object_set_new(root, "plan_sha256", json_string(d->digest));
	json_object_set_new(root, "updated_at", json_string(now));
	json_object_set_new(root, "reviewed", reviewed);
	json_object_set_new(root, "acknowledged", acks);
	json_object_set_new(root, "revealed", revealed);
	for (i = 0; i < d->reviewed.n; i++)
		if (json_array_append_new(reviewed, json_string(d->reviewed.v[i])) < 0)
			goto bad_text;
	for (i = 0; i < d->revealed.n; i++)
		if (json_array_append_new(revealed, json_string(d->revealed.v[i])) < 0)
			goto bad_text;
	for (i = 0; i < d->nacks; i++) {
		json_t *a = json_pack("{s:s, s:s}", "id", d->acks[i].id, "reason",
				      d->acks[i].reason);

		if (!a || json_array_append_new(acks, a) < 0)
			goto bad_text;
	}
	{
		json_t *c = json_string(draft_comment(d));

		if (!c)
			goto bad_text;
		json_object_set_new(root, "comment", c);
	}
	n = json_dumpb(root, NULL, 0, JSON_INDENT(2));
	if (n == 0 || buf_grow(out, n + 2) < 0)
		goto nomem;
	json_dumpb(root, out->data + out->len, n, JSON_INDENT(2));
	out->len += n;
	out->data[out->len] = '\0';
	buf_addch(out, '\n');
	rc = buf_failed(out) ? error_set(err, ERROR_NOMEM, "out of memory") : 0;
	json_decref(root);
	return rc;
bad_text:
	json_decref(root);
	return error_set(err, ERROR_ENCODING, "the draft holds text that is not UTF-8");
nomem:
	json_decref(root);
	return error_set(err, ERROR_NOMEM, "out of memory");
}

static int
ensure_dir(const char *path, struct error *err)
{
	struct buf dir = BUF_INIT;
	int rc;

	fileio_dirname(path, &dir);
	rc = buf_failed(&dir) ? error_set(err, ERROR_NOMEM, "out of memory")
			      : fileio_mkdirs(dir.data, err);
	buf_release(&dir);
	return rc;
}

int
draft_save(const struct draft *d, struct error *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int rc = -1;

	if (draft_path(d->digest, &path, err) < 0 || ensure_dir(path.data, err) < 0 ||
	    serialise(d, &text, err) < 0)
		goto out;
	rc = fileio_write_atomic(path.data, text.data, text.len, 0600, err);
out:
	buf_release(&path);
	buf_release(&text);
	return rc;
}

int
draft_discard(const char *digest, struct error *err)
{
	struct buf path = BUF_INIT;
	int rc = 0;

	if (draft_path(digest, &path, err) < 0) {
		buf_release(&path);
		return -1;
	}
	if (unlink(path.data) < 0 && errno != ENOENT)
		rc = error_set_at(err, ERROR_IO, path.data, 0, 0, "cannot remove the draft: %s",
				  strerror(errno));
	buf_release(&path);
	return rc;
}

/* The draft's text, kept to locate schema errors (jansson loses
 * positions). */
struct doc {
	const char *text;
	size_t len;
	const char *path;
};

static int
doc_error(const struct doc *doc, struct error *err, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
doc_error(const struct doc *doc, struct error *err, const char *where, const char *fmt, ...)
{
	unsigned long line, col;
	va_list ap;

	if (!err)
		return -1;
	json_locate(doc->text, doc->len, where, false, &line, &col);
	error_locate(err, doc->path, line, col);
	va_start(ap, fmt);
	error_setv(err, ERROR_SCHEMA, fmt, ap);
	va_end(ap);
	return -1;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An acknowledgement and its place in the file, to sort by id keeping
 * the file order among equal ids. */
struct placed_ack {
	struct review_ack a;
	size_t at;
};

static int
cmp_placed_ack(const void *a, const void *b)
{
	const struct placed_ack *x = a, *y = b;
	int c = strcmp(x->a.id, y->a.id);

	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Reads an array of strings into an empty set: copied in file order,
 * then sorted and deduplicated once (inserting one by one would move
 * the array for each element: quadratic for a file in reverse order). */
static int
load_strings(const json_t *arr, struct strset *s, const struct doc *doc, const char *what,
	     struct error *err)
{
	const json_t *v;
	size_t i, n;

	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return doc_error(doc, err, what, "draft: '%s' must be an array", what + 1);
	if (json_array_size(arr) == 0)
		return 0;
	s->v = mem_calloc(json_array_size(arr), sizeof(*s->v));
	if (!s->v)
		return error_set(err, ERROR_NOMEM, "out of memory");
	s->cap = json_array_size(arr);
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v)) {
			char where[64];

			snprintf(where, sizeof(where), "%s/%zu", what, i);
			return doc_error(doc, err, where, "draft: %s[%zu] must be a string",
					 what + 1, i);
		}
		s->v[s->n] = mem_strdup(json_string_value(v));
		if (!s->v[s->n])
			return error_set(err, ERROR_NOMEM, "out of memory");
		s->n++;
	}
	qsort(s->v, s->n, sizeof(*s->v), cmp_str);
	for (i = n = 0; i < s->n; i++) {
		if (n && strcmp(s->v[n - 1], s->v[i]) == 0)
			mem_free(s->v[i]);
		else
			s->v[n++] = s->v[i];
	}
	s->n = n;
	return 0;
}

/* The acknowledgements into the draft's empty list, the same way: in
 * file order, then sorted once; for an id given twice the last wins, as
 * with draft_set_ack. */
static int
load_acks(struct draft *d, const json_t *acks, const struct doc *doc, struct error *err)
{
	struct placed_ack *p;
	const json_t *v;
	size_t i, n = 0, k;
	int rc = -1;

	if (!acks)
		return 0;
	if (!json_is_array(acks))
		return doc_error(doc, err, "/acknowledged", "draft: 'acknowledged' must be an array");
	if (json_array_size(acks) == 0)
		return 0;
	p = mem_calloc(json_array_size(acks), sizeof(*p));
	d->acks = mem_calloc(json_array_size(acks), sizeof(*d->acks));
	if (!p || !d->acks) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	d->cacks = json_array_size(acks);
	json_array_foreach(acks, i, v)
	{
		const json_t *id = json_object_get(v, "id"), *reason = json_object_get(v, "reason");

		if (!json_is_string(id) || !json_is_string(reason)) {
			char where[64];

			snprintf(where, sizeof(where), "/acknowledged/%zu", i);
			doc_error(doc, err, where, "draft: acknowledged[%zu] needs an id and a reason",
				  i);
			goto out;
		}
		p[n].a.id = json_string_value(id); /* borrowed from the DOM until copied */
		p[n].a.reason = json_string_value(reason);
		p[n].at = i;
		n++;
	}
	qsort(p, n, sizeof(*p), cmp_placed_ack);
	for (i = 0; i < n; i = k) {
		char *id, *reason;

		for (k = i + 1; k < n && strcmp(p[k].a.id, p[i].a.id) == 0; k++)
			;
		/* the last of the run is the one the file gives last */
		if (!p[k - 1].a.reason[0])
			continue; /* an empty reason removes the acknowledgement */
		id = mem_strdup(p[k - 1].a.id);
		reason = mem_strdup(p[k - 1].a.reason);
		if (!id || !reason) {
			mem_free(id);
			mem_free(reason);
			error_set(err, ERROR_NOMEM, "out of memory");
			goto out;
		}
		d->acks[d->nacks].id = id;
		d->acks[d->nacks].reason = reason;
		d->nacks++;
	}
	rc = 0;
out:
	mem_free(p);
	return rc;
}

static int
from_json(struct draft *d, const json_t *root, const struct doc *doc, struct error *err)
{
	const json_t *v, *c;

	if (!json_is_object(root) || json_integer_value(json_object_get(root, "version")) !=
					     DRAFT_VERSION)
		return doc_error(doc, err, json_is_object(root) ? "/version" : "",
				 "not a signoff draft (version %d)", DRAFT_VERSION);
	v = json_object_get(root, "plan_sha256");
	if (!json_is_string(v) || strcmp(json_string_value(v), d->digest) != 0)
		return doc_error(doc, err, "/plan_sha256",
				 "draft is for another plan than its file name says");
	if (load_strings(json_object_get(root, "reviewed"), &d->reviewed, doc, "/reviewed", err) <
		    0 ||
	    load_strings(json_object_get(root, "revealed"), &d->revealed, doc, "/revealed", err) <
		    0 ||
	    load_acks(d, json_object_get(root, "acknowledged"), doc, err) < 0)
		return -1;
	c = json_object_get(root, "comment");
	if (c && !json_is_string(c))
		return doc_error(doc, err, "/comment", "draft: 'comment' must be a string");
	if (c && draft_set_comment(d, json_string_value(c)) < 0)
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

int
draft_parse(struct draft **out, const char *digest, const char *text, size_t len,
	    const char *path, struct error *err)
{
	struct doc doc = { text, len, path };
	struct draft *d = NULL;
	json_error_t je;
	json_t *root;
	int rc = -1;

	*out = NULL;
	if (len > DRAFT_MAX_SIZE)
		return error_set_at(err, ERROR_LIMIT, path, 0, 0, "draft is larger than %d bytes",
				    DRAFT_MAX_SIZE);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return error_set_at(err, ERROR_SYNTAX, path,
				    (unsigned long)(je.line > 0 ? je.line : 0),
				    (unsigned long)(je.column > 0 ? je.column : 0), "draft: %s",
				    je.text);
	if (draft_new(&d, digest, err) == 0 && from_json(d, root, &doc, err) == 0) {
		*out = d;
		d = NULL;
		rc = 0;
	}
	draft_free(&d);
	json_decref(root);
	return rc;
}

int
draft_load(struct draft **out, const char *digest, struct error *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int rc = -1;

	*out = NULL;
	if (draft_path(digest, &path, err) < 0)
		goto out;
	if (fileio_read(path.data, DRAFT_MAX_SIZE, &text, err) < 0) {
		if (err && err->code == ERROR_NOTFOUND) {
			error_release(err);
			rc = 0;
		}
		goto out;
	}
	rc = draft_parse(out, digest, text.data, text.len, path.data, err);
out:
	buf_release(&path);
	buf_release(&text);
	return rc;
}

/* ---- snapshots for signal handlers ---- */

void
draft_snapshot_init(struct draft_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->current = -1;
}

void
draft_snapshot_release(struct draft_snapshot *s)
{
	mem_free(s->data[0]);
	mem_free(s->data[1]);
	draft_snapshot_init(s);
}

int
draft_snapshot_update(struct draft_snapshot *s, const struct draft *d, struct error *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	int idle = s->current == 0 ? 1 : 0, rc = -1;
	size_t len;

	if (draft_path(d->digest, &path, err) < 0 || ensure_dir(path.data, err) < 0 ||
	    serialise(d, &text, err) < 0)
		goto out;
	if (path.len >= sizeof(s->path)) {
		error_set(err, ERROR_LIMIT, "draft path is too long");
		goto out;
	}
	if (s->current < 0 || strcmp(s->path, path.data) != 0) {
		s->current = -1; /* no handler may write while the paths change */
		memcpy(s->path, path.data, path.len + 1);
		snprintf(s->tmp, sizeof(s->tmp), "%s.%ld.tmp", path.data, (long)getpid());
	}
	mem_free(s->data[idle]);
	s->data[idle] = buf_detach(&text, &len);
	s->len[idle] = len;
	s->current = idle;
	rc = 0;
out:
	buf_release(&path);
	buf_release(&text);
	return rc;
}

int
draft_snapshot_write(const struct draft_snapshot *s)
{
	int cur = s->current, fd, saved;
	const char *p;
	size_t left;

	if (cur < 0 || !s->data[cur]) {
		errno = ENOENT;
		return -1;
	}
	p = s->data[cur];
	left = s->len[cur];
	fd = open(s->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (left > 0) {
		ssize_t n = write(fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		p += n;
		left -= (size_t)n;
	}
	if (fsync(fd) < 0)
		goto fail;
	close(fd);
	return rename(s->tmp, s->path);
fail:
	saved = errno;
	close(fd);
	unlink(s->tmp);
	errno = saved;
	return -1;
}
