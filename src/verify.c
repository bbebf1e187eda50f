/* verify.c - the gate, in the order described in verify.h. */
#include "verify.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "allowed_signers.h"
#include "buf.h"
#include "dsse.h"
#include "fileio.h"
#include "mem.h"
#include "policy.h"
#include "review.h"
#include "sshkey.h"
#include "str.h"

#define MAX_REVOKED_FILE (1024 * 1024)

const char *
verify_status_word(enum verify_status s)
{
	switch (s) {
#define X(name, code, word)   \
	case VERIFY_##name:   \
		return word;
		VERIFY_STATUSES(X)
#undef X
	}
	return "?";
}

struct entry {
	struct sshkey *key;
	struct review_statement *st;
	bool counted;
};

struct gate {
	const struct verify_input *in;
	struct verify_result *res;
	struct allowed_signers *signers;
	struct sshkey **revoked;
	size_t nrevoked, crevoked;
	struct review_bundle *bundle;
	struct entry *entries;
};

static enum verify_status
fail(struct gate *g, enum verify_status s)
{
	g->res->status = s;
	return s;
}

/* err already set: record the status, keep the message. */
static enum verify_status
fail_entry(struct gate *g, enum verify_status s, size_t i)
{
	error_locate(&g->res->err, g->in->bundle_path, g->bundle->lines[i], g->bundle->cols[i]);
	error_prefix(&g->res->err, "review %zu", i + 1);
	return fail(g, s);
}

static int
load_revoked(struct gate *g, const char *path)
{
	struct buf text = BUF_INIT;
	struct error *err = &g->res->err;
	const char *p, *end;
	unsigned long line = 0;
	int rc = -1;

	if (fileio_read(path, MAX_REVOKED_FILE, &text, err) < 0)
		return -1;
	if (text.len >= 6 && memcmp(text.data, "SSHKRL", 6) == 0) {
		error_set_at(err, ERROR_FORMAT, path, 0, 0,
			     "KRL files are not supported; list revoked public keys, one a line");
		goto out;
	}
	p = text.data;
	end = text.data + text.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q = p;
		size_t n = (size_t)((nl ? nl : end) - p);

		line++;
		while (q < p + n && (*q == ' ' || *q == '\t'))
			q++;
		if (q < p + n && *q != '#' && *q != '\r') {
			struct sshkey *k = NULL;

			if (sshkey_parse_public(&k, q, (size_t)(p + n - q), err) < 0) {
				error_locate(err, path, line, (unsigned long)(q - p) + 1);
				goto out;
			}
			if (mem_grow_array((void **)&g->revoked, &g->crevoked, g->nrevoked + 1,
					   sizeof(*g->revoked)) < 0) {
				sshkey_free(&k);
				error_set(err, ERROR_NOMEM, "out of memory");
				goto out;
			}
			g->revoked[g->nrevoked++] = k;
		}
		p += n + 1;
	}
	rc = 0;
out:
	buf_release(&text);
	return rc;
}

static bool
is_revoked(const struct gate *g, const struct sshkey *k)
{
	size_t i;

	for (i = 0; i < g->nrevoked; i++)
		if (sshkey_equal(g->revoked[i], k))
			return true;
	return false;
}

/* Step 1: everything read and well-formed. */
static enum verify_status
step_read(struct gate *g)
{
	const struct policy *pol = g->in->policy;
	struct error *err = &g->res->err;

	if (allowed_signers_load(&g->signers, pol->allowed_signers, err) < 0)
		return fail(g, err->code == ERROR_NOMEM ? VERIFY_INTERNAL : VERIFY_MALFORMED);
	if (pol->revoked_keys && load_revoked(g, pol->revoked_keys) < 0)
		return fail(g, err->code == ERROR_NOMEM ? VERIFY_INTERNAL : VERIFY_MALFORMED);
	if (review_bundle_read(&g->bundle, g->in->bundle_path, err) < 0)
		return fail(g, err->code == ERROR_NOMEM ? VERIFY_INTERNAL : VERIFY_MALFORMED);
	g->res->nreviews = g->bundle->n;
	g->entries = mem_calloc(g->bundle->n, sizeof(*g->entries));
	if (!g->entries) {
		error_set(err, ERROR_NOMEM, "out of memory");
		return fail(g, VERIFY_INTERNAL);
	}
	return VERIFY_APPROVED;
}

/* Steps 2 and 3: signatures, then trust at gate time. */
static enum verify_status
step_signatures(struct gate *g)
{
	const struct policy *pol = g->in->policy;
	struct error *err = &g->res->err;
	size_t i;

	for (i = 0; i < g->bundle->n; i++) {
		if (dsse_verify(&g->bundle->entries[i], pol->ns, &g->entries[i].key, err) < 0)
			return fail_entry(g, err->code == ERROR_NOMEM ? VERIFY_INTERNAL
								     : VERIFY_BAD_SIGNATURE,
					  i);
	}
	for (i = 0; i < g->bundle->n; i++) {
		const struct sshkey *k = g->entries[i].key;

		if (is_revoked(g, k)) {
			error_set(err, ERROR_CRYPTO, "key %s is revoked", sshkey_fingerprint(k));
			return fail_entry(g, VERIFY_BAD_SIGNATURE, i);
		}
		if (!allowed_signers_trusts_key(g->signers, k, pol->ns, g->in->now, err))
			return fail_entry(g, VERIFY_BAD_SIGNATURE, i);
	}
	return VERIFY_APPROVED;
}

static const struct review_subject *
subject_named(const struct review_subject *set, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(set[i].name ? set[i].name : "", name ? name : "") == 0)
			return &set[i];
	return NULL;
}

static bool
same_digest(const struct review_subject *a, const struct review_subject *b)
{
	return strcmp(a->alg, b->alg) == 0 && str_eq_nocase(a->value, b->value);
}

/* "NAME (sha256 0123456789ab)": the digest cut to 12 digits */
static void
name_subject(struct buf *b, const struct review_subject *s)
{
	const char *name = s->name ? s->name : "?";

	str_escape(b, name, strlen(name), STR_ESCAPE_CONTROLS);
	buf_addf(b, " (%s ", s->alg);
	str_escape(b, s->value, strlen(s->value) > 12 ? 12 : strlen(s->value),
		   STR_ESCAPE_CONTROLS);
	buf_addch(b, ')');
}

/* Why a statement's subjects are not the gate's: a file whose bytes
 * differ from those reviewed, a file the review does not name, or one
 * the review names that the gate was not given (--plan-file on one side
 * only). */
static void
describe_mismatch(struct buf *b, const struct review_statement *st,
		  const struct review_subject *mine, size_t nmine)
{
	const char *sep = "";
	size_t i;

	for (i = 0; i < nmine; i++) {
		const struct review_subject *t =
			subject_named(st->subjects, st->nsubjects, mine[i].name);

		if (t && same_digest(t, &mine[i]))
			continue;
		buf_addstr(b, sep);
		sep = "; ";
		if (t) {
			buf_addstr(b, "this is ");
			name_subject(b, &mine[i]);
			buf_addf(b, ", the review is of %s ", t->alg);
			str_escape(b, t->value, strlen(t->value) > 12 ? 12 : strlen(t->value),
				   STR_ESCAPE_CONTROLS);
		} else {
			buf_addstr(b, "the review does not name ");
			name_subject(b, &mine[i]);
		}
	}
	for (i = 0; i < st->nsubjects; i++)
		if (!subject_named(mine, nmine, st->subjects[i].name)) {
			buf_addf(b, "%sthe review is also bound to ", sep);
			name_subject(b, &st->subjects[i]);
			buf_addstr(b, ", not given here");
			sep = "; ";
		}
}

static bool
target_differs(struct gate *g, const char *key, const char *want, const char *got, size_t i)
{
	struct buf m = BUF_INIT;

	if (!want || (got && strcmp(want, got) == 0))
		return false;
	if (got) {
		buf_addch(&m, '\'');
		str_escape(&m, got, strlen(got), STR_ESCAPE_CONTROLS);
		buf_addch(&m, '\'');
	} else {
		buf_addstr(&m, "not given");
	}
	error_set(&g->res->err, ERROR_SCHEMA, "target %s is %s; the policy requires '%s'", key,
		  buf_failed(&m) ? "?" : m.data, want);
	buf_release(&m);
	fail_entry(g, VERIFY_WRONG_BINDING, i);
	return true;
}

/* Step 4: what the verified statements are bound to. */
static enum verify_status
step_binding(struct gate *g)
{
	const struct policy *pol = g->in->policy;
	struct error *err = &g->res->err;
	size_t i;

	for (i = 0; i < g->bundle->n; i++) {
		const struct dsse_envelope *env = &g->bundle->entries[i];
		struct entry *e = &g->entries[i];

		/* signed, and trusted, but not a statement of ours that binds
		 * anything (not JSON, another _type, a field of the wrong kind):
		 * §4.4 step 4 says 13, as for a statement about another plan */
		if (review_statement_decode(&e->st, env->payload, env->payload_len, err) < 0)
			return fail_entry(g,
					  err->code == ERROR_NOMEM ? VERIFY_INTERNAL
								   : VERIFY_WRONG_BINDING,
					  i);
	}
	for (i = 0; i < g->bundle->n; i++) {
		const struct review_statement *st = g->entries[i].st;

		if (!review_subjects_equal(st->subjects, st->nsubjects, g->in->subjects,
					   g->in->nsubjects)) {
			struct buf m = BUF_INIT;

			describe_mismatch(&m, st, g->in->subjects, g->in->nsubjects);
			error_set(err, ERROR_SCHEMA, "a review for another plan: %s",
				  buf_failed(&m) ? "?" : m.data);
			buf_release(&m);
			return fail_entry(g, VERIFY_WRONG_BINDING, i);
		}
		if (target_differs(g, "environment", pol->environment, st->environment, i) ||
		    target_differs(g, "workspace", pol->workspace, st->workspace, i) ||
		    target_differs(g, "plan_kind", pol->plan_kind, st->plan_kind, i))
			return g->res->status;
		if (!allowed_signers_proves(g->signers, g->entries[i].key, pol->ns, g->in->now,
					    st->principal)) {
			struct buf m = BUF_INIT;

			str_escape(&m, st->principal, strlen(st->principal), STR_ESCAPE_CONTROLS);
			error_set(err, ERROR_SCHEMA,
				  "reviewer '%s' is not a principal of signing key %s in "
				  "allowed_signers",
				  buf_failed(&m) ? "?" : m.data, sshkey_fingerprint(g->entries[i].key));
			buf_release(&m);
			return fail_entry(g, VERIFY_WRONG_BINDING, i);
		}
	}
	return VERIFY_APPROVED;
}

/* Step 5: in force at the gate's time. */
static enum verify_status
step_time(struct gate *g)
{
	const struct policy *pol = g->in->policy;
	struct error *err = &g->res->err;
	int64_t now = g->in->now;
	size_t i;

	for (i = 0; i < g->bundle->n; i++) {
		const struct review_statement *st = g->entries[i].st;
		char a[REVIEW_TIME_LEN], b[REVIEW_TIME_LEN];

		review_time_format(st->issued_at, a);
		review_time_format(st->expires_at, b);
		if (st->issued_at > now + pol->clock_skew_seconds) {
			error_set(err, ERROR_SCHEMA, "issued in the future (%s)", a);
			return fail_entry(g, VERIFY_TIME, i);
		}
		if (st->expires_at <= now) {
			error_set(err, ERROR_SCHEMA, "expired at %s", b);
			return fail_entry(g, VERIFY_TIME, i);
		}
		if (st->expires_at <= st->issued_at) {
			error_set(err, ERROR_SCHEMA, "expires (%s) before it is issued (%s)", b, a);
			return fail_entry(g, VERIFY_TIME, i);
		}
		if (pol->max_ttl_seconds >= 0 &&
		    st->expires_at - st->issued_at > pol->max_ttl_seconds) {
			error_set(err, ERROR_SCHEMA,
				  "valid for %lld s (%s to %s); the policy allows at most %lld s",
				  (long long)(st->expires_at - st->issued_at), a, b,
				  (long long)pol->max_ttl_seconds);
			return fail_entry(g, VERIFY_TIME, i);
		}
	}
	return VERIFY_APPROVED;
}

/* Index of each principal's final statement, sorted by principal. */
static int
cmp_principal(const void *a, const void *b)
{
	const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;

	return strcmp(x->st->principal, y->st->principal);
}

static int
add_name(char ***list, size_t *n, const char *s)
{
	char **grown = mem_realloc(*list, (*n + 1) * sizeof(**list));

	if (!grown)
		return -1;
	*list = grown;
	grown[*n] = mem_strdup(s);
	if (!grown[*n])
		return -1;
	(*n)++;
	return 0;
}

/* Why an approval does not count, or NULL: it is the author's, or a
 * forbidden principal's, by the principal it names or by its key (a key
 * that allowed_signers gives the author, under whatever other principal
 * the statement claims). */
static const char *
uncounted_reason(const struct gate *g, const struct entry *e)
{
	const struct policy *pol = g->in->policy;
	const char *who = e->st->principal;
	size_t k;

	if (g->in->author) {
		if (strcmp(g->in->author, who) == 0)
			return "the author";
		if (allowed_signers_proves(g->signers, e->key, pol->ns, g->in->now, g->in->author))
			return "signed with a key of the author";
	}
	for (k = 0; k < pol->nforbidden; k++) {
		if (strcmp(pol->forbidden_approvers[k], who) == 0)
			return "in the policy's forbidden_approvers";
		if (allowed_signers_proves(g->signers, e->key, pol->ns, g->in->now,
					   pol->forbidden_approvers[k]))
			return "signed with a key of a principal in forbidden_approvers";
	}
	return NULL;
}

/* Steps 6 and 7. */
static enum verify_status
step_decide(struct gate *g)
{
	const struct policy *pol = g->in->policy;
	struct verify_result *res = g->res;
	struct error *err = &res->err;
	struct entry **final = NULL;
	const char **keys_used = NULL;
	size_t nfinal = 0, nkeys = 0, i, j;
	enum verify_status s = VERIFY_APPROVED;
	struct buf uncounted = BUF_INIT; /* approvals that do not count, and why */
	struct buf low_threshold = BUF_INIT; /* the first approval below ack_severity */
	const char *why;

	final = mem_calloc(g->bundle->n, sizeof(*final));
	keys_used = mem_calloc(g->bundle->n, sizeof(*keys_used));
	if (!final || !keys_used) {
		error_set(err, ERROR_NOMEM, "out of memory");
		s = fail(g, VERIFY_INTERNAL);
		goto out;
	}
	for (i = 0; i < g->bundle->n; i++) {
		struct entry *e = &g->entries[i];

		for (j = 0; j < nfinal; j++)
			if (strcmp(final[j]->st->principal, e->st->principal) == 0)
				break;
		if (j == nfinal) {
			final[nfinal++] = e;
		} else if (e->st->issued_at > final[j]->st->issued_at ||
			   (e->st->issued_at == final[j]->st->issued_at &&
			    e->st->decision == REVIEW_REJECT)) {
			final[j] = e;
		}
	}
	qsort(final, nfinal, sizeof(*final), cmp_principal);
	for (i = 0; i < nfinal; i++) {
		const struct review_statement *st = final[i]->st;
		const char *fp = sshkey_fingerprint(final[i]->key);

		if (st->decision == REVIEW_REJECT) {
			if (add_name(&res->rejecters, &res->nrejecters, st->principal) < 0)
				goto nomem;
			continue;
		}
		why = uncounted_reason(g, final[i]);
		if (why) {
			buf_addstr(&uncounted, uncounted.len ? "; " : "");
			str_escape(&uncounted, st->principal, strlen(st->principal),
				   STR_ESCAPE_CONTROLS);
			buf_addf(&uncounted, ", %s", why);
			continue;
		}
		if (pol->ack_severity >= 0 &&
		    (!st->threshold || review_severity_parse(st->threshold) < 0 ||
		     review_severity_parse(st->threshold) > pol->ack_severity)) {
			/* said after the vetoes (step 6 before 7): a rejection wins */
			if (!low_threshold.len) {
				str_escape(&low_threshold, st->principal, strlen(st->principal),
					   STR_ESCAPE_CONTROLS);
				buf_addf(&low_threshold,
					 " approved with findings acknowledged from '%s' up; the "
					 "policy requires them from '%s' up",
					 st->threshold && review_severity_parse(st->threshold) >= 0
						 ? st->threshold
						 : "(none)",
					 review_severity_key(pol->ack_severity));
			}
			continue;
		}
		for (j = 0; j < nkeys; j++)
			if (strcmp(keys_used[j], fp) == 0)
				break;
		if (j < nkeys)
			continue; /* one key shared by two principals counts once */
		keys_used[nkeys++] = fp;
		final[i]->counted = true;
		if (add_name(&res->approvers, &res->napprovers, st->principal) < 0)
			goto nomem;
	}
	if (res->nrejecters && pol->reject_is_veto) {
		struct buf m = BUF_INIT;

		for (i = 0; i < res->nrejecters; i++) {
			if (i)
				buf_addstr(&m, ", ");
			str_escape(&m, res->rejecters[i], strlen(res->rejecters[i]),
				   STR_ESCAPE_CONTROLS);
		}
		error_set_at(err, ERROR_SCHEMA, g->in->bundle_path, 0, 0, "rejected by %s",
			     buf_failed(&m) ? "?" : m.data);
		buf_release(&m);
		s = fail(g, VERIFY_VETOED);
		goto out;
	}
	if (low_threshold.len) {
		error_set_at(err, ERROR_SCHEMA, g->in->bundle_path, 0, 0, "%s",
			     buf_failed(&low_threshold) ? "an approval below the policy's ack_severity"
							: low_threshold.data);
		s = fail(g, VERIFY_SHORT);
		goto out;
	}
	for (i = 0; i < g->in->nrequire; i++) {
		const char *id = g->in->require_acks[i];
		bool found = false;

		for (j = 0; j < nfinal && !found; j++) {
			const struct review_statement *st = final[j]->st;
			size_t k;

			if (!final[j]->counted)
				continue;
			for (k = 0; k < st->nacks; k++)
				if (strcmp(st->acks[k].id, id) == 0 && review_reason_given(st->acks[k].reason))
					found = true;
			/* a waiver the approver applied, with its reason, answers
			 * the finding as an acknowledgement does (as for sign) */
			for (k = 0; k < st->nwaivers && !found; k++)
				if (strcmp(st->waivers[k].id, id) == 0 &&
				    review_reason_given(st->waivers[k].reason))
					found = true;
		}
		if (!found) {
			struct buf m = BUF_INIT;

			str_escape(&m, id, strlen(id), STR_ESCAPE_CONTROLS);
			error_set_at(err, ERROR_SCHEMA, g->in->bundle_path, 0, 0,
				     "finding %s is not acknowledged with a reason by a counted "
				     "approver",
				     buf_failed(&m) ? "?" : m.data);
			buf_release(&m);
			s = fail(g, VERIFY_SHORT);
			goto out;
		}
	}
	if (res->napprovers < pol->required_approvals) {
		error_set_at(err, ERROR_SCHEMA, g->in->bundle_path, 0, 0,
			     "%zu of %u required approvals%s%s%s", res->napprovers,
			     pol->required_approvals, uncounted.len ? " (not counted: " : "",
			     uncounted.len && !buf_failed(&uncounted) ? uncounted.data : "",
			     uncounted.len ? ")" : "");
		s = fail(g, VERIFY_SHORT);
	}
	goto out;
nomem:
	error_set(err, ERROR_NOMEM, "out of memory");
	s = fail(g, VERIFY_INTERNAL);
out:
	buf_release(&uncounted);
	buf_release(&low_threshold);
	mem_free(final);
	mem_free(keys_used);
	return s;
}

enum verify_status
verify_run(const struct verify_input *in, struct verify_result *res)
{
	struct gate g;
	size_t i;

	memset(res, 0, sizeof(*res));
	memset(&g, 0, sizeof(g));
	g.in = in;
	g.res = res;
	res->status = VERIFY_APPROVED;
	if (step_read(&g) == VERIFY_APPROVED && step_signatures(&g) == VERIFY_APPROVED &&
	    step_binding(&g) == VERIFY_APPROVED && step_time(&g) == VERIFY_APPROVED)
		step_decide(&g);
	if (res->status == VERIFY_APPROVED)
		error_release(&res->err);
	allowed_signers_free(&g.signers);
	for (i = 0; i < g.nrevoked; i++)
		sshkey_free(&g.revoked[i]);
	mem_free(g.revoked);
	if (g.entries) {
		for (i = 0; i < g.bundle->n; i++) {
			sshkey_free(&g.entries[i].key);
			review_statement_free(&g.entries[i].st);
		}
		mem_free(g.entries);
	}
	review_bundle_free(&g.bundle);
	return res->status;
}

void
verify_result_release(struct verify_result *res)
{
	size_t i;

	for (i = 0; i < res->napprovers; i++)
		mem_free(res->approvers[i]);
	for (i = 0; i < res->nrejecters; i++)
		mem_free(res->rejecters[i]);
	mem_free(res->approvers);
	mem_free(res->rejecters);
	memset(res, 0, sizeof(*res));
}

static json_t *
names_json(char **v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++) {
		json_t *s = json_string(v[i]);

		json_array_append_new(a, s ? s : json_string("?"));
	}
	return a;
}

void
verify_report_json(const struct verify_input *in, const struct verify_result *res,
		   struct buf *out)
{
	json_t *root = json_object(), *subjects = json_array();
	size_t i, n;

	if (!root || !subjects) {
		json_decref(root);
		json_decref(subjects);
		out->failed = true;
		return;
	}
	json_object_set_new(root, "decision",
			    json_string(res->status == VERIFY_APPROVED ? "approved" : "blocked"));
	json_object_set_new(root, "exit", json_integer(res->status));
	json_object_set_new(root, "reason", json_string(verify_status_word(res->status)));
	json_object_set_new(root, "approvers", names_json(res->approvers, res->napprovers));
	json_object_set_new(root, "rejecters", names_json(res->rejecters, res->nrejecters));
	json_object_set_new(root, "required_approvals",
			    json_integer(in->policy ? (json_int_t)in->policy->required_approvals : 0));
	json_object_set_new(root, "reviews", json_integer((json_int_t)res->nreviews));
	for (i = 0; i < in->nsubjects; i++) {
		json_t *d = json_object(), *name = json_string(in->subjects[i].name);

		json_object_set_new(d, in->subjects[i].alg, json_string(in->subjects[i].value));
		json_array_append_new(subjects, json_pack("{s:o, s:o}", "name",
							  name ? name : json_string("?"), "digest",
							  d));
	}
	json_object_set_new(root, "subjects", subjects);
	if (res->status != VERIFY_APPROVED) {
		struct buf e = BUF_INIT;

		if (res->err.path[0]) {
			str_escape(&e, res->err.path, strlen(res->err.path), STR_ESCAPE_CONTROLS);
			if (res->err.line) {
				buf_addf(&e, ":%lu", res->err.line);
				if (res->err.col)
					buf_addf(&e, ":%lu", res->err.col);
			}
			buf_addstr(&e, ": ");
		}
		buf_addstr(&e, res->err.msg[0] ? res->err.msg : verify_status_word(res->status));
		json_object_set_new(root, "error", json_string(buf_failed(&e) ? "?" : e.data));
		buf_release(&e);
	}
	n = json_dumpb(root, NULL, 0, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (n && buf_grow(out, n + 2) == 0) {
		size_t start = out->len;

		json_dumpb(root, out->data + out->len, n, JSON_COMPACT | JSON_ENSURE_ASCII);
		out->len += n;
		out->data[out->len] = '\0';
		/* DEL is the one control character jansson leaves as it is */
		for (i = start; i < out->len; i++)
			if (out->data[i] == 0x7f) {
				struct buf tail = BUF_INIT;

				buf_addstr(&tail, out->data + i + 1);
				buf_truncate(out, i);
				buf_addstr(out, "\\u007f");
				buf_addstr(out, tail.data);
				buf_release(&tail);
				i += 5;
			}
		buf_addch(out, '\n');
	} else {
		out->failed = true;
	}
	json_decref(root);
}
