/* policy.c - the gate policy (jansson). */
#include "policy.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "json_locate.h"
#include "mem.h"
#include "review.h"
#include "sshsig.h"

void
policy_free(struct policy **p)
{
	size_t i;

	if (!*p)
		return;
	mem_free((*p)->path);
	mem_free((*p)->ns);
	mem_free((*p)->allowed_signers);
	mem_free((*p)->revoked_keys);
	mem_free((*p)->environment);
	mem_free((*p)->workspace);
	mem_free((*p)->plan_kind);
	for (i = 0; i < (*p)->nforbidden; i++)
		mem_free((*p)->forbidden_approvers[i]);
	mem_free((*p)->forbidden_approvers);
	mem_free(*p);
	*p = NULL;
}

/* The policy text, kept to locate schema errors (jansson loses positions). */
struct doc {
	const char *text;
	size_t len;
	const char *path;
};

/* A schema error at the JSON Pointer `where` (the key of the member with
 * `at_key`). */
static int
fail_at(const struct doc *d, struct error *err, const char *where, bool at_key,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
fail_at(const struct doc *d, struct error *err, const char *where, bool at_key,
	const char *fmt, ...)
{
	unsigned long line, col;
	va_list ap;

	if (!err)
		return -1;
	json_locate(d->text, d->len, where, at_key, &line, &col);
	error_locate(err, d->path, line, col);
	va_start(ap, fmt);
	error_setv(err, ERROR_SCHEMA, fmt, ap);
	va_end(ap);
	return -1;
}

/* What is wrong with the value of top-level `key` (or of element `i` of
 * it, when i >= 0). */
static int
bad(const struct doc *d, struct error *err, const char *key, long i, const char *what)
{
	char where[96];

	if (i >= 0)
		snprintf(where, sizeof(where), "/%s/%ld", key, i);
	else
		snprintf(where, sizeof(where), "/%s", key);
	return fail_at(d, err, where, false, "'%s' %s", key, what);
}

static int
take_string(const json_t *v, const struct doc *d, const char *key, long i, char **out,
	    struct error *err)
{
	if (!json_is_string(v) || json_string_length(v) == 0)
		return bad(d, err, key, i, "must be a non-empty string");
	*out = mem_strndup(json_string_value(v), json_string_length(v));
	if (!*out)
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

/* A path relative to the policy file's directory. */
static int
take_path(const json_t *v, const struct doc *d, const char *key, char **out, struct error *err)
{
	struct buf p = BUF_INIT;
	char *s;

	if (take_string(v, d, key, -1, &s, err) < 0)
		return -1;
	if (s[0] == '/') {
		*out = s;
		return 0;
	}
	fileio_dirname(d->path, &p);
	buf_addch(&p, '/');
	buf_addstr(&p, s);
	mem_free(s);
	*out = buf_detach(&p, NULL);
	if (!*out)
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

static int
take_int(const json_t *v, const struct doc *d, const char *key, int64_t min, int64_t max,
	 int64_t *out, struct error *err)
{
	char what[96];

	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		snprintf(what, sizeof(what), "must be an integer from %lld to %lld", (long long)min,
			 (long long)max);
		return bad(d, err, key, -1, what);
	}
	*out = json_integer_value(v);
	return 0;
}

static int
fill(struct policy *p, const json_t *root, const struct doc *d, struct error *err)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)(uintptr_t)root, key, v)
	{
		int64_t n;
		int rc = 0;

		if (strcmp(key, "namespace") == 0) {
			mem_free(p->ns);
			p->ns = NULL;
			rc = take_string(v, d, key, -1, &p->ns, err);
		} else if (strcmp(key, "allowed_signers") == 0) {
			rc = take_path(v, d, key, &p->allowed_signers, err);
		} else if (strcmp(key, "revoked_keys") == 0) {
			rc = take_path(v, d, key, &p->revoked_keys, err);
		} else if (strcmp(key, "environment") == 0) {
			rc = take_string(v, d, key, -1, &p->environment, err);
		} else if (strcmp(key, "workspace") == 0) {
			rc = take_string(v, d, key, -1, &p->workspace, err);
		} else if (strcmp(key, "plan_kind") == 0) {
			rc = take_string(v, d, key, -1, &p->plan_kind, err);
		} else if (strcmp(key, "required_approvals") == 0) {
			rc = take_int(v, d, key, 1, 64, &n, err);
			p->required_approvals = (unsigned)n;
		} else if (strcmp(key, "reject_is_veto") == 0) {
			if (!json_is_boolean(v))
				return bad(d, err, key, -1, "must be true or false");
			p->reject_is_veto = json_is_true(v);
		} else if (strcmp(key, "max_ttl_seconds") == 0) {
			rc = take_int(v, d, key, 1, 366LL * 86400, &p->max_ttl_seconds, err);
		} else if (strcmp(key, "clock_skew_seconds") == 0) {
			rc = take_int(v, d, key, 0, 86400, &p->clock_skew_seconds, err);
		} else if (strcmp(key, "ack_severity") == 0) {
			if (!json_is_string(v) ||
			    (p->ack_severity = review_severity_parse(json_string_value(v))) < 0)
				return bad(d, err, key, -1,
					   "must be one of info, low, medium, high, critical");
		} else if (strcmp(key, "forbidden_approvers") == 0) {
			size_t i;
			json_t *e;

			if (!json_is_array(v))
				return bad(d, err, key, -1, "must be an array of principals");
			p->forbidden_approvers = mem_calloc(json_array_size(v) + 1, sizeof(char *));
			if (!p->forbidden_approvers)
				return error_set(err, ERROR_NOMEM, "out of memory");
			json_array_foreach(v, i, e)
			{
				if (take_string(e, d, key, (long)i, &p->forbidden_approvers[i], err) < 0)
					return -1;
				p->nforbidden = i + 1;
			}
		} else {
			struct buf where = BUF_INIT;
			size_t i;

			/* the key as a JSON Pointer ("~0" is '~', "~1" is '/') */
			buf_addch(&where, '/');
			for (i = 0; key[i]; i++) {
				if (key[i] == '~' || key[i] == '/')
					buf_addstr(&where, key[i] == '~' ? "~0" : "~1");
				else
					buf_addch(&where, key[i]);
			}
			/* error_print escapes the key when it is shown */
			rc = fail_at(d, err, buf_failed(&where) ? "" : where.data, true,
				     "unknown policy key '%.60s' (a misspelt key would "
				     "silently not constrain)",
				     key);
			buf_release(&where);
		}
		if (rc < 0)
			return -1;
	}
	if (!p->allowed_signers)
		return fail_at(d, err, "", false,
			       "'allowed_signers' is required: the file of keys that may sign");
	return 0;
}

int
policy_parse(struct policy **out, const char *text, size_t len, const char *path,
	     struct error *err)
{
	struct doc d = { text, len, path };
	struct policy *p;
	json_error_t je;
	json_t *root;
	int rc;

	*out = NULL;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return error_set_at(err, ERROR_SYNTAX, path, (unsigned long)(je.line > 0 ? je.line : 0),
				    (unsigned long)(je.column > 0 ? je.column : 0), "policy: %s",
				    je.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return fail_at(&d, err, "", false, "policy must be a JSON object");
	}
	p = mem_calloc(1, sizeof(*p));
	if (!p) {
		json_decref(root);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	p->path = mem_strdup(path);
	p->ns = mem_strdup(SSHSIG_NAMESPACE);
	p->required_approvals = 1;
	p->reject_is_veto = true;
	p->max_ttl_seconds = -1;
	p->clock_skew_seconds = 300;
	p->ack_severity = -1;
	if (!p->path || !p->ns)
		rc = error_set(err, ERROR_NOMEM, "out of memory");
	else
		rc = fill(p, root, &d, err);
	json_decref(root);
	if (rc < 0) {
		policy_free(&p);
		return -1;
	}
	*out = p;
	return 0;
}

int
policy_load(struct policy **out, const char *path, struct error *err)
{
	struct buf text = BUF_INIT;
	int rc;

	*out = NULL;
	if (fileio_read(path, POLICY_MAX_SIZE, &text, err) < 0)
		return -1;
	rc = policy_parse(out, text.data, text.len, path, err);
	buf_release(&text);
	return rc;
}
