/* review.c - review statements and bundles (jansson stays in this file). */
#include "review.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/rand.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base64.h"
#include "buf.h"
#include "digest.h"
#include "fileio.h"
#include "json_locate.h"
#include "str.h"
#include "timefmt.h"

static const char *const severity_keys[] = {
#define X(name, key, letter) key,
	SEVERITIES(X)
#undef X
};

int
review_severity_parse(const char *s)
{
	int i;

	for (i = 0; i < SEVERITY_COUNT; i++)
		if (str_eq_nocase(s, severity_keys[i]))
			return i;
	return -1;
}

const char *
review_severity_key(int severity)
{
	if (severity < 0 || severity >= SEVERITY_COUNT)
		return "?";
	return severity_keys[severity];
}

const char *
review_decision_key(enum review_decision d)
{
	return d == REVIEW_APPROVE ? "approve" : "reject";
}

/* ---- time ---- */

int
review_time_parse(const char *s, int64_t *out)
{
	if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		return -1;
	return timefmt_utc(timefmt_digits(s, 4), timefmt_digits(s + 5, 2),
			   timefmt_digits(s + 8, 2), timefmt_digits(s + 11, 2),
			   timefmt_digits(s + 14, 2), timefmt_digits(s + 17, 2), out);
}

void
review_time_format(int64_t t, char out[REVIEW_TIME_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || strftime(out, REVIEW_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		memcpy(out, "1970-01-01T00:00:00Z", REVIEW_TIME_LEN);
}

int
review_duration_parse(const char *s, int64_t *out)
{
	int64_t v = 0, mult = 1;
	size_t i, n = strlen(s);

	if (n == 0 || n > 12)
		return -1;
	switch (s[n - 1]) {
	case 's':
		n--;
		break;
	case 'm':
		mult = 60;
		n--;
		break;
	case 'h':
		mult = 3600;
		n--;
		break;
	case 'd':
		mult = 86400;
		n--;
		break;
	}
	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	v *= mult;
	if (v < 1 || v > 366 * 86400)
		return -1;
	*out = v;
	return 0;
}

int
review_new_id(char out[37])
{
	unsigned char r[16];

	if (RAND_bytes(r, sizeof(r)) != 1)
		return -1;
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0],
		 r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13],
		 r[14], r[15]);
	return 0;
}

/* ---- subjects ---- */

void
review_subjects_init(struct review_subjects *s)
{
	memset(s, 0, sizeof(*s));
}

void
review_subjects_release(struct review_subjects *s)
{
	arena_release(&s->arena);
	review_subjects_init(s);
}

int
review_subjects_add(struct review_subjects *s, const char *name, const char *alg,
		    const char *value, struct error *err)
{
	struct review_subject *it;

	if (s->n >= REVIEW_MAX_SUBJECTS)
		return error_set(err, ERROR_LIMIT, "more than %d subjects", REVIEW_MAX_SUBJECTS);
	it = &s->items[s->n];
	it->name = arena_strndup(&s->arena, name, strlen(name));
	it->alg = arena_strndup(&s->arena, alg, strlen(alg));
	it->value = arena_strndup(&s->arena, value, strlen(value));
	if (!it->name || !it->alg || !it->value)
		return error_set(err, ERROR_NOMEM, "out of memory");
	s->n++;
	return 0;
}

int
review_subjects_add_file(struct review_subjects *s, const char *path, struct error *err)
{
	struct digest_sha256 *d = NULL;
	uint8_t h[DIGEST_SHA256_LEN];
	char hex[DIGEST_SHA256_HEX];
	char chunk[65536];
	int fd, rc = -1;

	fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return error_set_at(err, errno == ENOENT ? ERROR_NOTFOUND : ERROR_IO, path, 0, 0,
				    "cannot open: %s", strerror(errno));
	if (digest_sha256_new(&d) < 0) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_set_at(err, ERROR_IO, path, 0, 0, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (digest_sha256_update(d, chunk, (size_t)n) < 0) {
			error_set(err, ERROR_INTERNAL, "sha256 failed");
			goto out;
		}
	}
	if (digest_sha256_final(d, h) < 0) {
		error_set(err, ERROR_INTERNAL, "sha256 failed");
		goto out;
	}
	digest_hex(h, sizeof(h), hex);
	rc = review_subjects_add(s, strcmp(path, "-") == 0 ? "stdin" : fileio_basename(path),
				 "sha256", hex, err);
out:
	digest_sha256_free(&d);
	close(fd);
	return rc;
}

int
review_subjects_for_plan(struct review_subjects *s, const struct plan *plan,
			 const char *plan_file, struct error *err)
{
	const char *from = plan_revision_from(plan), *to = plan_revision_to(plan);

	if (from && to) {
		/* the two commits, in their order, and what was read between them
		 * (the digest covers the changed manifests the PATHSPECs let in):
		 * a review of apps/ is not one of the whole range */
		if (review_subjects_add(s, "git:from", "gitCommit", from, err) < 0 ||
		    review_subjects_add(s, "git:to", "gitCommit", to, err) < 0 ||
		    review_subjects_add(s, "git:changes", "sha256", plan_digest_hex(plan), err) < 0)
			return -1;
	} else {
		const char *path = plan_path(plan);

		if (review_subjects_add(s, strcmp(path, "-") == 0 ? "stdin" : fileio_basename(path),
					"sha256", plan_digest_hex(plan), err) < 0)
			return -1;
	}
	if (plan_file && review_subjects_add_file(s, plan_file, err) < 0)
		return -1;
	return 0;
}

bool
review_reason_given(const char *reason)
{
	if (!reason)
		return false;
	for (; *reason; reason++)
		if (*reason != ' ' && *reason != '\t' && *reason != '\n' && *reason != '\r')
			return true;
	return false;
}

bool
review_subjects_equal(const struct review_subject *a, size_t na, const struct review_subject *b,
		      size_t nb)
{
	size_t i;

	/* in order: the first is SOURCE, the next its --plan-file, or the
	 * range's from, to and changes; a file's name may differ (a plan
	 * renamed on its way through CI), a role may not */
	if (na != nb || na > REVIEW_MAX_SUBJECTS)
		return false;
	for (i = 0; i < na; i++) {
		bool git = str_has_prefix(a[i].name ? a[i].name : "", "git:") ||
			   str_has_prefix(b[i].name ? b[i].name : "", "git:");

		if (strcmp(a[i].alg, b[i].alg) != 0 || !str_eq_nocase(a[i].value, b[i].value))
			return false;
		if (git && strcmp(a[i].name ? a[i].name : "", b[i].name ? b[i].name : "") != 0)
			return false;
	}
	return true;
}

/* ---- encoding ---- */

/* jansson refuses strings that are not UTF-8; say which field. */
static int
set_str(json_t *obj, const char *key, const char *value, struct error *err)
{
	json_t *s;

	if (!value)
		return 0;
	s = json_string(value);
	if (!s)
		return error_set(err, ERROR_ENCODING, "%s is not valid UTF-8 text", key);
	if (json_object_set_new(obj, key, s) < 0)
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

static int
set_new(json_t *obj, const char *key, json_t *v, struct error *err)
{
	if (!v || json_object_set_new(obj, key, v) < 0)
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

static json_t *
acks_json(const struct review_ack *acks, size_t n, const char *what, struct error *err)
{
	json_t *arr = json_array();
	size_t i;

	if (!arr) {
		error_set(err, ERROR_NOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		json_t *o = json_object();

		if (!o || json_array_append_new(arr, o) < 0 || set_str(o, "id", acks[i].id, err) < 0 ||
		    set_str(o, "reason", acks[i].reason ? acks[i].reason : "", err) < 0) {
			if (!err || err->code == ERROR_NONE)
				error_set(err, ERROR_NOMEM, "out of memory");
			error_prefix(err, "%s %zu", what, i + 1);
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *
strings_json(const char *const *v, size_t n, const char *what, struct error *err)
{
	json_t *arr = json_array();
	size_t i;

	if (!arr) {
		error_set(err, ERROR_NOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		json_t *s = json_string(v[i]);

		if (!s || json_array_append_new(arr, s) < 0) {
			error_set(err, s ? ERROR_NOMEM : ERROR_ENCODING,
				  "%s %zu is not valid UTF-8 text", what, i + 1);
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static int
dump(const json_t *root, struct buf *out, size_t flags, struct error *err)
{
	size_t n = json_dumpb(root, NULL, 0, flags);

	if (n == 0 || buf_grow(out, n + 1) < 0)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (json_dumpb(root, out->data + out->len, n, flags) != n)
		return error_set(err, ERROR_INTERNAL, "cannot write JSON");
	out->len += n;
	out->data[out->len] = '\0';
	buf_addch(out, '\n');
	return buf_failed(out) ? error_set(err, ERROR_NOMEM, "out of memory") : 0;
}

static int
build_statement(json_t *root, const struct review_statement *st, struct error *err)
{
	json_t *subjects, *pred, *reviewer, *target, *findings, *tool;
	char issued[REVIEW_TIME_LEN], expires[REVIEW_TIME_LEN];
	size_t i;

	if (set_str(root, "_type", REVIEW_STATEMENT_TYPE, err) < 0 ||
	    set_new(root, "subject", subjects = json_array(), err) < 0)
		return -1;
	for (i = 0; i < st->nsubjects; i++) {
		json_t *o = json_object(), *d = json_object();

		if (!o || !d || json_array_append_new(subjects, o) < 0) {
			json_decref(d);
			return error_set(err, ERROR_NOMEM, "out of memory");
		}
		if (set_str(o, "name", st->subjects[i].name, err) < 0 ||
		    set_new(o, "digest", d, err) < 0 ||
		    set_str(d, st->subjects[i].alg, st->subjects[i].value, err) < 0)
			return -1;
	}
	if (set_str(root, "predicateType", REVIEW_PREDICATE_TYPE, err) < 0 ||
	    set_new(root, "predicate", pred = json_object(), err) < 0 ||
	    set_str(pred, "review_id", st->review_id, err) < 0 ||
	    set_str(pred, "decision", review_decision_key(st->decision), err) < 0 ||
	    set_new(pred, "reviewer", reviewer = json_object(), err) < 0 ||
	    set_str(reviewer, "principal", st->principal, err) < 0 ||
	    set_str(reviewer, "key", st->key_fingerprint, err) < 0 ||
	    set_new(pred, "target", target = json_object(), err) < 0 ||
	    set_str(target, "plan_kind", st->plan_kind, err) < 0 ||
	    set_str(target, "environment", st->environment, err) < 0 ||
	    set_str(target, "workspace", st->workspace, err) < 0)
		return -1;
	if (st->repo || st->commit) {
		json_t *src;

		if (set_new(target, "source", src = json_object(), err) < 0 ||
		    set_str(src, "repo", st->repo, err) < 0 ||
		    set_str(src, "commit", st->commit, err) < 0)
			return -1;
	}
	if (set_new(pred, "findings", findings = json_object(), err) < 0 ||
	    set_new(findings, "threshold", st->threshold ? json_string(st->threshold) : json_null(),
		    err) < 0 ||
	    set_new(findings, "rules_sha256",
		    st->rules_sha256 ? json_string(st->rules_sha256) : json_null(), err) < 0 ||
	    set_new(findings, "acknowledged", acks_json(st->acks, st->nacks, "--ack", err), err) < 0 ||
	    set_new(findings, "waived", acks_json(st->waivers, st->nwaivers, "waiver", err), err) < 0 ||
	    set_new(pred, "reviewed", strings_json(st->reviewed, st->nreviewed, "reviewed", err),
		    err) < 0 ||
	    set_new(pred, "revealed", strings_json(st->revealed, st->nrevealed, "revealed", err),
		    err) < 0 ||
	    set_str(pred, "comment", st->comment ? st->comment : "", err) < 0)
		return -1;
	review_time_format(st->issued_at, issued);
	review_time_format(st->expires_at, expires);
	if (set_str(pred, "issued_at", issued, err) < 0 ||
	    set_str(pred, "expires_at", expires, err) < 0 ||
	    set_new(pred, "tool", tool = json_object(), err) < 0 ||
	    set_str(tool, "name", st->tool_name ? st->tool_name : "signoff", err) < 0 ||
	    set_str(tool, "version", st->tool_version ? st->tool_version : SIGNOFF_VERSION, err) < 0)
		return -1;
	return 0;
}

int
review_statement_encode(const struct review_statement *st, struct buf *out, struct error *err)
{
	json_t *root = json_object();
	int rc;

	if (!root)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (!st->principal || !st->principal[0]) {
		json_decref(root);
		return error_set(err, ERROR_USAGE, "the statement names no reviewer principal");
	}
	if (st->nsubjects == 0 || st->nsubjects > REVIEW_MAX_SUBJECTS) {
		json_decref(root);
		return error_set(err, ERROR_USAGE, "the statement needs 1 to %d subjects",
				 REVIEW_MAX_SUBJECTS);
	}
	rc = build_statement(root, st, err);
	if (rc == 0)
		rc = dump(root, out, JSON_INDENT(2), err);
	json_decref(root);
	return rc;
}

/* ---- decoding ---- */

struct decoder {
	struct review_statement *st;
	struct error *err;
};

static int schema(struct decoder *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
schema(struct decoder *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_setv(d->err, ERROR_SCHEMA, fmt, ap);
	va_end(ap);
	return -1;
}

/* An optional string member (NULL when absent); -1 if present but not a string. */
static int
get_str(struct decoder *d, const json_t *obj, const char *key, const char *where,
	const char **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_string(v))
		return error_set(d->err, ERROR_SCHEMA, "%s.%s must be a string", where, key);
	*out = arena_strndup(&d->st->arena, json_string_value(v), json_string_length(v));
	if (!*out)
		return error_set(d->err, ERROR_NOMEM, "out of memory");
	return 0;
}

static int
get_obj(struct decoder *d, const json_t *obj, const char *key, const char *where, bool required,
	const json_t **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v) {
		if (required)
			return error_set(d->err, ERROR_SCHEMA, "%s.%s is missing", where, key);
		return 0;
	}
	if (!json_is_object(v))
		return error_set(d->err, ERROR_SCHEMA, "%s.%s must be an object", where, key);
	*out = v;
	return 0;
}

static int
get_acks(struct decoder *d, const json_t *obj, const char *key, const struct review_ack **out,
	 size_t *n)
{
	const json_t *arr = json_object_get(obj, key), *v;
	struct review_ack *acks;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return error_set(d->err, ERROR_SCHEMA, "findings.%s must be an array", key);
	if (json_array_size(arr) == 0)
		return 0;
	acks = arena_alloc(&d->st->arena, json_array_size(arr) * sizeof(*acks));
	if (!acks)
		return error_set(d->err, ERROR_NOMEM, "out of memory");
	json_array_foreach(arr, i, v)
	{
		if (!json_is_object(v))
			return error_set(d->err, ERROR_SCHEMA, "findings.%s[%zu] must be an object",
					 key, i);
		if (get_str(d, v, "id", "finding", &acks[i].id) < 0 ||
		    get_str(d, v, "reason", "finding", &acks[i].reason) < 0)
			return -1;
		if (!acks[i].id || !acks[i].id[0])
			return error_set(d->err, ERROR_SCHEMA, "findings.%s[%zu] has no id", key, i);
		if (!acks[i].reason)
			acks[i].reason = "";
	}
	*out = acks;
	*n = json_array_size(arr);
	return 0;
}

static int
get_strings(struct decoder *d, const json_t *obj, const char *key, const char *const **out,
	    size_t *n)
{
	const json_t *arr = json_object_get(obj, key), *v;
	const char **list;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return error_set(d->err, ERROR_SCHEMA, "predicate.%s must be an array", key);
	if (json_array_size(arr) == 0)
		return 0;
	list = arena_alloc(&d->st->arena, json_array_size(arr) * sizeof(*list));
	if (!list)
		return error_set(d->err, ERROR_NOMEM, "out of memory");
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v))
			return error_set(d->err, ERROR_SCHEMA, "predicate.%s[%zu] must be a string",
					 key, i);
		list[i] = arena_strndup(&d->st->arena, json_string_value(v), json_string_length(v));
		if (!list[i])
			return error_set(d->err, ERROR_NOMEM, "out of memory");
	}
	*out = list;
	*n = json_array_size(arr);
	return 0;
}

static int
get_time(struct decoder *d, const json_t *obj, const char *key, int64_t *out)
{
	const json_t *v = json_object_get(obj, key);

	if (!json_is_string(v) || review_time_parse(json_string_value(v), out) < 0)
		return schema(d, "predicate.%s must be an RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SSZ)",
			      key);
	return 0;
}

static int
decode_subjects(struct decoder *d, const json_t *root)
{
	const json_t *arr = json_object_get(root, "subject"), *v;
	struct review_subject *subjects;
	size_t i;

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > REVIEW_MAX_SUBJECTS)
		return error_set(d->err, ERROR_SCHEMA, "subject must be an array of 1 to %d subjects",
				 REVIEW_MAX_SUBJECTS);
	subjects = arena_alloc(&d->st->arena, json_array_size(arr) * sizeof(*subjects));
	if (!subjects)
		return error_set(d->err, ERROR_NOMEM, "out of memory");
	json_array_foreach(arr, i, v)
	{
		const json_t *digest;
		const char *alg;
		json_t *value;

		if (!json_is_object(v))
			return error_set(d->err, ERROR_SCHEMA, "subject[%zu] must be an object", i);
		if (get_str(d, v, "name", "subject", &subjects[i].name) < 0 ||
		    get_obj(d, v, "digest", "subject", true, &digest) < 0)
			return -1;
		if (json_object_size(digest) != 1)
			return error_set(d->err, ERROR_SCHEMA,
					 "subject[%zu].digest must hold exactly one digest", i);
		json_object_foreach((json_t *)(uintptr_t)digest, alg, value)
		{
			if (!json_is_string(value))
				return error_set(d->err, ERROR_SCHEMA,
						 "subject[%zu].digest.%s must be a string", i, alg);
			subjects[i].alg = arena_strndup(&d->st->arena, alg, strlen(alg));
			subjects[i].value = arena_strndup(&d->st->arena, json_string_value(value),
							  json_string_length(value));
			if (!subjects[i].alg || !subjects[i].value)
				return error_set(d->err, ERROR_NOMEM, "out of memory");
		}
		if (!subjects[i].name)
			subjects[i].name = "";
	}
	d->st->subjects = subjects;
	d->st->nsubjects = json_array_size(arr);
	return 0;
}

static int
decode_predicate(struct decoder *d, const json_t *pred)
{
	struct review_statement *st = d->st;
	const json_t *reviewer, *target, *source, *findings, *tool, *v;
	const char *decision;

	if (get_str(d, pred, "review_id", "predicate", &st->review_id) < 0 ||
	    get_str(d, pred, "decision", "predicate", &decision) < 0)
		return -1;
	if (decision && strcmp(decision, "approve") == 0)
		st->decision = REVIEW_APPROVE;
	else if (decision && strcmp(decision, "reject") == 0)
		st->decision = REVIEW_REJECT;
	else
		return schema(d, "predicate.decision must be %s", "\"approve\" or \"reject\"");
	if (get_obj(d, pred, "reviewer", "predicate", true, &reviewer) < 0 ||
	    get_str(d, reviewer, "principal", "reviewer", &st->principal) < 0 ||
	    get_str(d, reviewer, "key", "reviewer", &st->key_fingerprint) < 0)
		return -1;
	if (!st->principal || !st->principal[0])
		return schema(d, "%s must be a non-empty string", "predicate.reviewer.principal");
	if (get_obj(d, pred, "target", "predicate", true, &target) < 0 ||
	    get_str(d, target, "plan_kind", "target", &st->plan_kind) < 0 ||
	    get_str(d, target, "environment", "target", &st->environment) < 0 ||
	    get_str(d, target, "workspace", "target", &st->workspace) < 0 ||
	    get_obj(d, target, "source", "target", false, &source) < 0)
		return -1;
	if (source && (get_str(d, source, "repo", "source", &st->repo) < 0 ||
		       get_str(d, source, "commit", "source", &st->commit) < 0))
		return -1;
	if (get_obj(d, pred, "findings", "predicate", false, &findings) < 0)
		return -1;
	if (findings) {
		v = json_object_get(findings, "threshold");
		if (v && !json_is_null(v) && get_str(d, findings, "threshold", "findings",
						     &st->threshold) < 0)
			return -1;
		v = json_object_get(findings, "rules_sha256");
		if (v && !json_is_null(v) &&
		    get_str(d, findings, "rules_sha256", "findings", &st->rules_sha256) < 0)
			return -1;
		if (get_acks(d, findings, "acknowledged", &st->acks, &st->nacks) < 0 ||
		    get_acks(d, findings, "waived", &st->waivers, &st->nwaivers) < 0)
			return -1;
	}
	if (get_strings(d, pred, "reviewed", &st->reviewed, &st->nreviewed) < 0 ||
	    get_strings(d, pred, "revealed", &st->revealed, &st->nrevealed) < 0 ||
	    get_str(d, pred, "comment", "predicate", &st->comment) < 0 ||
	    get_time(d, pred, "issued_at", &st->issued_at) < 0 ||
	    get_time(d, pred, "expires_at", &st->expires_at) < 0 ||
	    get_obj(d, pred, "tool", "predicate", false, &tool) < 0)
		return -1;
	if (tool && (get_str(d, tool, "name", "tool", &st->tool_name) < 0 ||
		     get_str(d, tool, "version", "tool", &st->tool_version) < 0))
		return -1;
	return 0;
}

int
review_statement_decode(struct review_statement **out, const void *bytes, size_t len,
			struct error *err)
{
	struct review_statement *st;
	struct decoder d;
	json_error_t je;
	json_t *root;
	const json_t *pred, *type, *ptype;
	int rc = -1;

	*out = NULL;
	root = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return error_set_at(err, ERROR_SYNTAX, "", (unsigned long)je.line,
				    (unsigned long)je.column, "statement: %s", je.text);
	st = mem_calloc(1, sizeof(*st));
	if (!st) {
		json_decref(root);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	d.st = st;
	d.err = err;
	if (!json_is_object(root)) {
		schema(&d, "%s", "statement must be a JSON object");
		goto out;
	}
	type = json_object_get(root, "_type");
	ptype = json_object_get(root, "predicateType");
	if (!json_is_string(type) || strcmp(json_string_value(type), REVIEW_STATEMENT_TYPE) != 0) {
		error_set(err, ERROR_FORMAT, "not an in-toto Statement v1 (_type)");
		goto out;
	}
	if (!json_is_string(ptype) || strcmp(json_string_value(ptype), REVIEW_PREDICATE_TYPE) != 0) {
		error_set(err, ERROR_FORMAT, "predicateType is not " REVIEW_PREDICATE_TYPE);
		goto out;
	}
	if (decode_subjects(&d, root) < 0 ||
	    get_obj(&d, root, "predicate", "statement", true, &pred) < 0 ||
	    decode_predicate(&d, pred) < 0)
		goto out;
	*out = st;
	st = NULL;
	rc = 0;
out:
	review_statement_free(&st);
	json_decref(root);
	return rc;
}

void
review_statement_free(struct review_statement **st)
{
	if (!*st)
		return;
	arena_release(&(*st)->arena);
	mem_free(*st);
	*st = NULL;
}

/* ---- the bundle ---- */

void
review_bundle_free(struct review_bundle **b)
{
	size_t i;

	if (!*b)
		return;
	for (i = 0; i < (*b)->n; i++)
		dsse_envelope_release(&(*b)->entries[i]);
	mem_free((*b)->entries);
	mem_free((*b)->lines);
	mem_free((*b)->cols);
	mem_free(*b);
	*b = NULL;
}

/* The bundle's text, kept to locate schema errors (jansson loses
 * positions). */
struct doc {
	const char *text;
	size_t len;
	const char *path;
};

/* A schema error located at the JSON Pointer `where`. */
static int
doc_error(const struct doc *d, struct error *err, enum error_code code, const char *where,
	  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
doc_error(const struct doc *d, struct error *err, enum error_code code, const char *where,
	  const char *fmt, ...)
{
	unsigned long line, col;
	va_list ap;

	if (!err)
		return -1;
	json_locate(d->text, d->len, where, false, &line, &col);
	error_locate(err, d->path, line, col);
	va_start(ap, fmt);
	error_setv(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

/* What is wrong with entry i, at its member `field` ("" for the entry). */
static int
entry_error(const struct doc *d, struct error *err, size_t i, const char *field,
	    const char *what)
{
	char where[96];

	snprintf(where, sizeof(where), "/reviews/%zu%s", i, field);
	return doc_error(d, err, ERROR_SCHEMA, where, "review %zu: %s", i + 1, what);
}

static uint8_t *
decode_b64(const char *s, size_t len, size_t max, size_t *n)
{
	struct buf b = BUF_INIT;
	uint8_t *p;

	if (base64_decode(&b, s, len, BASE64_URLSAFE | BASE64_UNPADDED) < 0 || b.len > max) {
		buf_release(&b);
		return NULL;
	}
	*n = b.len;
	p = (uint8_t *)buf_detach(&b, NULL);
	return p;
}

static int
parse_entry(const json_t *e, size_t i, const struct doc *d, struct dsse_envelope *env,
	    struct error *err)
{
	const json_t *pt = json_object_get(e, "payloadType"), *pl = json_object_get(e, "payload");
	const json_t *sigs = json_object_get(e, "signatures"), *s0, *sig, *kid;

	if (!json_is_object(e))
		return entry_error(d, err, i, "", "must be a JSON object");
	if (!json_is_string(pt) || strcmp(json_string_value(pt), DSSE_PAYLOAD_TYPE) != 0)
		return entry_error(d, err, i, "/payloadType", "payloadType must be \"" DSSE_PAYLOAD_TYPE "\"");
	if (!json_is_string(pl))
		return entry_error(d, err, i, "/payload", "payload must be a base64 string");
	if (json_string_length(pl) > REVIEW_MAX_PAYLOAD / 3 * 4 + 8)
		return entry_error(d, err, i, "/payload", "payload is larger than 64 KiB");
	if (!json_is_array(sigs) || json_array_size(sigs) != 1)
		return entry_error(d, err, i, "/signatures", "must have exactly one signature");
	s0 = json_array_get(sigs, 0);
	sig = json_object_get(s0, "sig");
	kid = json_object_get(s0, "keyid");
	if (!json_is_object(s0) || !json_is_string(sig))
		return entry_error(d, err, i, "/signatures/0/sig",
				   "signatures[0].sig must be a base64 string");
	if (kid && !json_is_string(kid))
		return entry_error(d, err, i, "/signatures/0/keyid",
				   "signatures[0].keyid must be a string");
	env->payload_type = mem_strdup(DSSE_PAYLOAD_TYPE);
	env->keyid = kid ? mem_strdup(json_string_value(kid)) : NULL;
	if (!env->payload_type || (kid && !env->keyid))
		return error_set(err, ERROR_NOMEM, "out of memory");
	env->payload = decode_b64(json_string_value(pl), json_string_length(pl), REVIEW_MAX_PAYLOAD,
				  &env->payload_len);
	if (!env->payload)
		return entry_error(d, err, i, "/payload",
				   "payload is not base64 (standard or URL-safe) of at most 64 KiB");
	env->sig = decode_b64(json_string_value(sig), json_string_length(sig), SSHSIG_MAX_BLOB,
			      &env->sig_len);
	if (!env->sig)
		return entry_error(d, err, i, "/signatures/0/sig", "signatures[0].sig is not base64");
	return 0;
}

/* Checks a parsed bundle document and converts its entries. */
static int
bundle_from_json(struct review_bundle **out, const json_t *root, const struct doc *d,
		 bool allow_empty, struct error *err)
{
	const json_t *mt, *reviews, *e;
	struct review_bundle *b;
	size_t i;

	*out = NULL;
	if (!json_is_object(root))
		return doc_error(d, err, ERROR_SCHEMA, "", "not a review bundle (not an object)");
	mt = json_object_get(root, "mediaType");
	if (!json_is_string(mt) || strcmp(json_string_value(mt), REVIEW_BUNDLE_MEDIA_TYPE) != 0)
		return doc_error(d, err, ERROR_SCHEMA, "/mediaType",
				 "not a review bundle (mediaType is not '%s')",
				 REVIEW_BUNDLE_MEDIA_TYPE);
	reviews = json_object_get(root, "reviews");
	if (!json_is_array(reviews))
		return doc_error(d, err, ERROR_SCHEMA, "/reviews", "'reviews' must be an array");
	if ((!allow_empty && json_array_size(reviews) == 0) ||
	    json_array_size(reviews) > REVIEW_MAX_ENTRIES)
		return doc_error(d, err, ERROR_SCHEMA, "/reviews",
				 "a bundle holds 1 to %d reviews, this one %zu", REVIEW_MAX_ENTRIES,
				 json_array_size(reviews));
	b = mem_calloc(1, sizeof(*b));
	if (!b)
		return error_set(err, ERROR_NOMEM, "out of memory");
	b->entries = mem_calloc(json_array_size(reviews) + 1, sizeof(*b->entries));
	b->lines = mem_calloc(json_array_size(reviews) + 1, sizeof(*b->lines));
	b->cols = mem_calloc(json_array_size(reviews) + 1, sizeof(*b->cols));
	if (!b->entries || !b->lines || !b->cols) {
		review_bundle_free(&b);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	json_locate_elements(d->text, d->len, "/reviews", json_array_size(reviews), b->lines,
			     b->cols);
	json_array_foreach(reviews, i, e)
	{
		b->n = i + 1;
		if (parse_entry(e, i, d, &b->entries[i], err) < 0) {
			review_bundle_free(&b);
			return -1;
		}
	}
	*out = b;
	return 0;
}

static json_t *
load_json(const char *text, size_t len, const char *path, const char *what, struct error *err)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);

	if (!root)
		error_set_at(err, ERROR_SYNTAX, path, (unsigned long)(je.line > 0 ? je.line : 0),
			     (unsigned long)(je.column > 0 ? je.column : 0), "%s: %s", what,
			     je.text);
	return root;
}

int
review_bundle_parse(struct review_bundle **out, const char *text, size_t len, const char *path,
		    struct error *err)
{
	struct doc d = { text, len, path };
	json_t *root;
	int rc;

	*out = NULL;
	if (len > REVIEW_MAX_BUNDLE)
		return error_set_at(err, ERROR_LIMIT, path, 0, 0,
				    "review bundle is larger than %d bytes", REVIEW_MAX_BUNDLE);
	root = load_json(text, len, path, "review bundle", err);
	if (!root)
		return -1;
	rc = bundle_from_json(out, root, &d, false, err);
	json_decref(root);
	return rc;
}

int
review_bundle_read(struct review_bundle **out, const char *path, struct error *err)
{
	struct buf text = BUF_INIT;
	int rc;

	*out = NULL;
	if (fileio_read(path, REVIEW_MAX_BUNDLE, &text, err) < 0)
		return -1;
	rc = review_bundle_parse(out, text.data, text.len, path, err);
	buf_release(&text);
	return rc;
}

static json_t *
envelope_json(const struct dsse_envelope *env)
{
	struct buf payload = BUF_INIT, sig = BUF_INIT;
	json_t *o = NULL, *sigs, *s;

	base64_encode(&payload, env->payload, env->payload_len);
	base64_encode(&sig, env->sig, env->sig_len);
	if (buf_failed(&payload) || buf_failed(&sig))
		goto out;
	o = json_pack("{s:s, s:s, s:[{s:s, s:s}]}", "payloadType", env->payload_type, "payload",
		      payload.data, "signatures", "keyid", env->keyid ? env->keyid : "", "sig",
		      sig.data);
	if (o && !env->keyid) {
		sigs = json_object_get(o, "signatures");
		s = json_array_get(sigs, 0);
		json_object_del(s, "keyid");
	}
out:
	buf_release(&payload);
	buf_release(&sig);
	return o;
}

/* The subjects of an entry, read from its (not yet verified) payload. */
static int
entry_subjects(const struct dsse_envelope *env, struct review_statement **st, struct error *err)
{
	return review_statement_decode(st, env->payload, env->payload_len, err);
}

static void
describe_subjects(const struct review_statement *st, struct buf *out)
{
	size_t i;

	for (i = 0; i < st->nsubjects; i++) {
		const char *v = st->subjects[i].value;

		buf_addf(out, "%s%s:", i ? ", " : "", st->subjects[i].alg);
		str_escape(out, v, strlen(v) > 16 ? 16 : strlen(v), STR_ESCAPE_CONTROLS);
		if (strlen(v) > 16)
			buf_addstr(out, "...");
	}
}

static int
append_locked(const char *path, const struct dsse_envelope *env, size_t *count,
	      struct error *err)
{
	struct buf text = BUF_INIT, out = BUF_INIT;
	struct review_statement *mine = NULL, *theirs = NULL;
	struct review_bundle *b = NULL;
	json_t *root = NULL, *entry;
	size_t i;
	int rc = -1;

	if (entry_subjects(env, &mine, err) < 0) {
		error_prefix(err, "the new review");
		goto out;
	}
	if (fileio_read(path, REVIEW_MAX_BUNDLE, &text, err) < 0) {
		if (err && err->code != ERROR_NOTFOUND)
			goto out;
		error_release(err);
		root = json_pack("{s:s, s:[]}", "mediaType", REVIEW_BUNDLE_MEDIA_TYPE, "reviews");
		if (!root) {
			error_set(err, ERROR_NOMEM, "out of memory");
			goto out;
		}
	} else {
		struct doc d = { text.data, text.len, path };

		root = load_json(text.data, text.len, path, "review bundle", err);
		if (!root || bundle_from_json(&b, root, &d, true, err) < 0)
			goto out;
		if (b->n >= REVIEW_MAX_ENTRIES) {
			error_set_at(err, ERROR_LIMIT, path, 0, 0, "the bundle is full (%d reviews)",
				     REVIEW_MAX_ENTRIES);
			goto out;
		}
		for (i = 0; i < b->n; i++) {
			if (entry_subjects(&b->entries[i], &theirs, err) < 0) {
				error_locate(err, path, b->lines[i], b->cols[i]);
				error_prefix(err, "review %zu", i + 1);
				goto out;
			}
			if (!review_subjects_equal(mine->subjects, mine->nsubjects, theirs->subjects,
						   theirs->nsubjects)) {
				struct buf m = BUF_INIT;

				describe_subjects(theirs, &m);
				error_set_at(err, ERROR_USAGE, path, b->lines[i], b->cols[i],
					     "holds reviews of another plan (%s); write this "
					     "decision to another bundle",
					     buf_failed(&m) ? "?" : m.data);
				buf_release(&m);
				goto out;
			}
			review_statement_free(&theirs);
		}
	}
	entry = envelope_json(env);
	if (!entry || json_array_append_new(json_object_get(root, "reviews"), entry) < 0) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	if (dump(root, &out, JSON_INDENT(2), err) < 0 ||
	    fileio_write_atomic(path, out.data, out.len, 0644, err) < 0)
		goto out;
	if (count)
		*count = json_array_size(json_object_get(root, "reviews"));
	rc = 0;
out:
	review_statement_free(&mine);
	review_statement_free(&theirs);
	review_bundle_free(&b);
	json_decref(root);
	buf_release(&text);
	buf_release(&out);
	return rc;
}

int
review_bundle_append(const char *path, const struct dsse_envelope *env, size_t *count,
		     struct error *err)
{
	struct fileio_lock lock;
	int rc;

	if (fileio_lock(path, 10000, &lock, err) < 0)
		return -1;
	rc = append_locked(path, env, count, err);
	fileio_unlock(&lock);
	return rc;
}

/* ---- requirements ---- */

void
review_missing_release(struct review_missing *m)
{
	mem_free(m->findings);
	mem_free(m->changes);
	memset(m, 0, sizeof(*m));
}

bool
review_missing_is_empty(const struct review_missing *m)
{
	return m->nfindings == 0 && m->nchanges == 0;
}

static bool
acked(const struct review_marks *marks, const char *id)
{
	size_t i;

	for (i = 0; i < marks->nacks; i++)
		if (strcmp(marks->acks[i].id, id) == 0 && review_reason_given(marks->acks[i].reason))
			return true;
	return false;
}

static bool
marked_reviewed(const struct review_marks *marks, const char *key)
{
	size_t i;

	if (marks->all_reviewed)
		return true;
	for (i = 0; i < marks->nreviewed; i++)
		if (strcmp(marks->reviewed[i], key) == 0)
			return true;
	return false;
}

int
review_missing_from_list(struct review_missing *out, const struct plan *plan,
			 const struct finding *const *findings, size_t nfindings, int threshold,
			 const struct review_marks *marks, struct error *err)
{
	size_t i, nchanges = plan ? plan_change_count(plan) : 0;

	memset(out, 0, sizeof(*out));
	out->findings = mem_calloc(nfindings + 1, sizeof(*out->findings));
	out->changes = mem_calloc(nchanges + 1, sizeof(*out->changes));
	if (!out->findings || !out->changes) {
		review_missing_release(out);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	for (i = 0; i < nfindings; i++) {
		const struct finding *f = findings[i];

		if ((int)f->severity < threshold || f->status == FINDING_WAIVED)
			continue;
		if (!acked(marks, f->id))
			out->findings[out->nfindings++] = f;
	}
	for (i = 0; i < nchanges; i++) {
		const struct plan_change *c = plan_change_at(plan, i);

		if (c->section != PLAN_SECTION_CHANGE ||
		    (c->action != PLAN_ACTION_DELETE && c->action != PLAN_ACTION_REPLACE))
			continue;
		if (!marked_reviewed(marks, plan_change_key(c)))
			out->changes[out->nchanges++] = c;
	}
	return 0;
}

int
review_missing_from_set(struct review_missing *out, const struct plan *plan,
			const struct finding_set *set, int threshold,
			const struct review_marks *marks, struct error *err)
{
	const struct finding **list = NULL;
	size_t n = 0, i;
	int rc;

	if (set) {
		n = finding_set_count(set);
		list = mem_calloc(n + 1, sizeof(*list));
		if (!list)
			return error_set(err, ERROR_NOMEM, "out of memory");
		for (i = 0; i < n; i++)
			list[i] = finding_set_at(set, i);
	}
	rc = review_missing_from_list(out, plan, list, n, threshold, marks, err);
	mem_free(list);
	return rc;
}

void
review_missing_describe(const struct review_missing *m, const char *threshold,
			size_t max_items, struct buf *out)
{
	size_t i;

	if (m->nfindings) {
		buf_addf(out, "%zu finding%s at or above %s not acknowledged (", m->nfindings,
			 m->nfindings == 1 ? "" : "s", threshold);
		for (i = 0; i < m->nfindings && i < max_items; i++) {
			if (i)
				buf_addstr(out, ", ");
			str_escape(out, m->findings[i]->id, strlen(m->findings[i]->id),
				   STR_ESCAPE_CONTROLS);
		}
		buf_addstr(out, i < m->nfindings ? ", ...)" : ")");
	}
	if (m->nchanges) {
		buf_addf(out, "%s%zu destroy/replace not marked reviewed (", m->nfindings ? "; " : "",
			 m->nchanges);
		for (i = 0; i < m->nchanges && i < max_items; i++) {
			if (i)
				buf_addstr(out, ", ");
			str_escape(out, plan_change_key(m->changes[i]),
				   strlen(plan_change_key(m->changes[i])), STR_ESCAPE_CONTROLS);
		}
		buf_addstr(out, i < m->nchanges ? ", ...)" : ")");
	}
}

int
review_waivers_from_set(const struct finding_set *set, struct review_ack **out, size_t *n,
			struct error *err)
{
	size_t i, count;

	*out = NULL;
	*n = 0;
	if (!set)
		return 0;
	count = finding_set_count(set);
	*out = mem_calloc(count + 1, sizeof(**out));
	if (!*out)
		return error_set(err, ERROR_NOMEM, "out of memory");
	for (i = 0; i < count; i++) {
		const struct finding *f = finding_set_at(set, i);

		if (f->status != FINDING_WAIVED)
			continue;
		(*out)[*n].id = f->id;
		(*out)[*n].reason = f->waiver_reason ? f->waiver_reason : "";
		(*n)++;
	}
	return 0;
}

void
review_waivers_free(struct review_ack **w)
{
	mem_free(*w);
	*w = NULL;
}

const char *
review_rules_digest(const struct finding_set *set)
{
	if (!set)
		return NULL;
	return finding_set_rules_digest(set);
}

bool
review_set_has_finding(const struct finding_set *set, const char *id)
{
	size_t i, n;

	if (!set)
		return false;
	n = finding_set_count(set);
	for (i = 0; i < n; i++)
		if (strcmp(finding_set_at(set, i)->id, id) == 0)
			return true;
	return false;
}

char *
review_bundle_default_path(const char *source)
{
	struct buf b = BUF_INIT;
	const char *base = fileio_basename(source), *dot = strrchr(base, '.');

	/* standard input, a folder given as "dir/", "." or "..": no name to
	 * put .review on (not "..review"), so the caller asks for -o */
	if (strcmp(source, "-") == 0 || !*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return NULL;
	if (dot && dot != base)
		buf_add(&b, source, (size_t)(dot - source));
	else
		buf_addstr(&b, source);
	buf_addstr(&b, ".review");
	return buf_detach(&b, NULL);
}
