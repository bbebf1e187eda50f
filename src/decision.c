/* decision.c - prepare, describe and sign one review decision. */
#include "decision.h"

#include <string.h>

#include "buf.h"
#include "mem.h"
#include "policy.h"
#include "principal.h"
#include "signer.h"
#include "sshkey.h"
#include "sshsig.h"
#include "str.h"

struct decision {
	struct review_statement st;
	struct review_subjects subjects;
	struct signer *signer;            /* borrowed */
	enum principal_source psrc;
	char *principal;
	char review_id[37];
	char *ns;                         /* the SSHSIG namespace: the policy's, or ours */
	const char **reviewed;
	struct review_ack *waivers;
	struct buf payload;
};

int
decision_threshold(const struct policy *policy)
{
	return policy && policy->ack_severity >= 0 ? policy->ack_severity : SEVERITY_HIGH;
}

void
decision_free(struct decision **d)
{
	if (!*d)
		return;
	review_subjects_release(&(*d)->subjects);
	mem_free((*d)->principal);
	mem_free((*d)->ns);
	mem_free((*d)->reviewed);
	review_waivers_free(&(*d)->waivers);
	buf_release(&(*d)->payload);
	mem_free(*d);
	*d = NULL;
}

const struct review_statement *
decision_statement(const struct decision *d)
{
	return &d->st;
}

const char *
decision_payload(const struct decision *d, size_t *len)
{
	*len = d->payload.len;
	return d->payload.data;
}

/* The destroys and replaces marked reviewed, once each, in plan order. */
static const char **
reviewed_list(const struct plan *plan, const struct review_marks *m, size_t *n)
{
	size_t i, j, count = plan_change_count(plan);
	const char **list = mem_calloc(count + 1, sizeof(*list));

	*n = 0;
	if (!list)
		return NULL;
	for (i = 0; i < count; i++) {
		const struct plan_change *c = plan_change_at(plan, i);
		bool marked = m->all_reviewed;

		if (c->section != PLAN_SECTION_CHANGE ||
		    (c->action != PLAN_ACTION_DELETE && c->action != PLAN_ACTION_REPLACE))
			continue;
		/* by key: a deposed object's destroy is marked on its own */
		for (j = 0; j < m->nreviewed && !marked; j++)
			marked = strcmp(m->reviewed[j], plan_change_key(c)) == 0;
		if (marked)
			list[(*n)++] = plan_change_key(c);
	}
	return list;
}

static int
check_requirements(const struct decision_request *req, int threshold, struct error *err)
{
	struct review_missing missing;
	struct buf m = BUF_INIT;
	int rc;

	if (req->decision != REVIEW_APPROVE)
		return 0;
	if (review_missing_from_set(&missing, req->plan, req->findings, threshold, &req->marks,
				    err) < 0)
		return -1;
	if (review_missing_is_empty(&missing)) {
		review_missing_release(&missing);
		return 0;
	}
	review_missing_describe(&missing, review_severity_key(threshold), 5, &m);
	rc = error_set(err, ERROR_USAGE, "cannot approve yet: %s",
		       buf_failed(&m) ? "requirements not met" : m.data);
	buf_release(&m);
	review_missing_release(&missing);
	return rc;
}

int
decision_prepare(struct decision **out, const struct decision_request *req, struct signer *signer,
		 struct error *err)
{
	const struct policy *pol = req->policy;
	const struct plan *plan = req->plan;
	int threshold = decision_threshold(pol);
	int64_t ttl = req->ttl ? req->ttl : REVIEW_DEFAULT_TTL;
	struct decision *d;
	size_t i;

	*out = NULL;
	/* no --ttl: a policy that allows less than the default gets its most */
	if (!req->ttl && pol && pol->max_ttl_seconds > 0 && ttl > pol->max_ttl_seconds)
		ttl = pol->max_ttl_seconds;
	if (pol && pol->max_ttl_seconds >= 0 && ttl > pol->max_ttl_seconds)
		return error_set(err, ERROR_USAGE,
				 "a lifetime of %lld s is longer than the policy's "
				 "max_ttl_seconds %lld",
				 (long long)ttl, (long long)pol->max_ttl_seconds);
	for (i = 0; i < req->marks.nacks; i++) {
		if (!review_reason_given(req->marks.acks[i].reason))
			return error_set(err, ERROR_USAGE,
					 "acknowledgement of '%.80s' needs a reason",
					 req->marks.acks[i].id);
		/* with findings at hand, an unknown id is a typo, not an ack */
		if (req->findings && !review_set_has_finding(req->findings, req->marks.acks[i].id))
			return error_set(err, ERROR_USAGE, "no finding '%.80s' in this plan",
					 req->marks.acks[i].id);
	}
	if (check_requirements(req, threshold, err) < 0)
		return -1;
	d = mem_calloc(1, sizeof(*d));
	if (!d)
		return error_set(err, ERROR_NOMEM, "out of memory");
	review_subjects_init(&d->subjects);
	d->signer = signer;
	/* signed under the namespace the gate will ask for */
	if (pol && pol->ns && !(d->ns = mem_strdup(pol->ns))) {
		decision_free(&d);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	if (review_subjects_for_plan(&d->subjects, plan, req->plan_file, err) < 0 ||
	    principal_resolve(&d->principal, &d->psrc, req->principal, signer_key(signer), err) <
		    0 ||
	    review_waivers_from_set(req->findings, &d->waivers, &d->st.nwaivers, err) < 0)
		goto fail;
	if (review_new_id(d->review_id) < 0) {
		error_set(err, ERROR_INTERNAL, "no random numbers for the review id");
		goto fail;
	}
	d->reviewed = reviewed_list(plan, &req->marks, &d->st.nreviewed);
	if (!d->reviewed) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto fail;
	}
	d->st.subjects = d->subjects.items;
	d->st.nsubjects = d->subjects.n;
	d->st.review_id = d->review_id;
	d->st.decision = req->decision;
	d->st.principal = d->principal;
	d->st.key_fingerprint = sshkey_fingerprint(signer_key(signer));
	d->st.environment = req->environment ? req->environment : pol ? pol->environment : NULL;
	d->st.workspace = req->workspace		 ? req->workspace
			  : pol && pol->workspace	 ? pol->workspace
			  : plan_target_name(plan)[0] ? plan_target_name(plan)
						     : NULL;
	d->st.plan_kind = req->plan_kind	   ? req->plan_kind
			  : pol && pol->plan_kind ? pol->plan_kind
						 : plan_source_kind_name(plan_source_kind(plan));
	d->st.repo = req->repo;
	d->st.commit = req->commit ? req->commit : plan_revision_to(plan);
	d->st.threshold = review_severity_key(threshold);
	d->st.rules_sha256 = review_rules_digest(req->findings);
	d->st.acks = req->marks.acks;
	d->st.nacks = req->marks.nacks;
	d->st.waivers = d->waivers;
	d->st.reviewed = d->reviewed;
	d->st.revealed = req->revealed;
	d->st.nrevealed = req->nrevealed;
	d->st.comment = req->comment;
	d->st.issued_at = req->issued_at;
	d->st.expires_at = req->issued_at + ttl;
	if (review_statement_encode(&d->st, &d->payload, err) < 0)
		goto fail;
	*out = d;
	return 0;
fail:
	decision_free(&d);
	return -1;
}

static void
field(struct buf *b, const char *label, const char *value)
{
	buf_addf(b, "  %-9s ", label);
	str_escape(b, value, strlen(value), STR_ESCAPE_CONTROLS);
	buf_addch(b, '\n');
}

void
decision_describe(const struct decision *d, struct buf *out)
{
	const struct review_statement *st = &d->st;
	const struct sshkey *key = signer_key(d->signer);
	struct buf t = BUF_INIT;
	char when[REVIEW_TIME_LEN];
	size_t i;

	buf_addf(out, "%s this plan\n", st->decision == REVIEW_APPROVE ? "APPROVE" : "REJECT");
	for (i = 0; i < st->nsubjects; i++) {
		buf_reset(&t);
		buf_addf(&t, "%s:%s  %s", st->subjects[i].alg, st->subjects[i].value,
			 st->subjects[i].name);
		field(out, i ? "" : "subject", t.data);
	}
	buf_reset(&t);
	buf_addf(&t, "environment=%s workspace=%s plan_kind=%s",
		 st->environment ? st->environment : "-", st->workspace ? st->workspace : "-",
		 st->plan_kind ? st->plan_kind : "-");
	field(out, "target", t.data);
	buf_reset(&t);
	buf_addf(&t, "%s (from %s)", st->principal, principal_source_name(d->psrc));
	field(out, "reviewer", t.data);
	buf_reset(&t);
	buf_addf(&t, "%s %s %s", sshkey_short_name(key), sshkey_fingerprint(key),
		 signer_uses_agent(d->signer) ? "via ssh-agent" : "from the key file");
	field(out, "key", t.data);
	for (i = 0; i < st->nacks; i++) {
		buf_reset(&t);
		buf_addf(&t, "%s: %s", st->acks[i].id, st->acks[i].reason);
		field(out, i ? "" : "acks", t.data);
	}
	for (i = 0; i < st->nwaivers; i++) {
		buf_reset(&t);
		buf_addf(&t, "%s: %s", st->waivers[i].id, st->waivers[i].reason);
		field(out, i ? "" : "waived", t.data);
	}
	if (st->nreviewed) {
		buf_reset(&t);
		buf_addf(&t, "%zu destroy/replace", st->nreviewed);
		field(out, "reviewed", t.data);
	}
	if (st->nrevealed) {
		buf_reset(&t);
		buf_addf(&t, "%zu sensitive value%s shown (recorded, not the values)",
			 st->nrevealed, st->nrevealed == 1 ? "" : "s");
		field(out, "revealed", t.data);
	}
	if (st->comment && st->comment[0])
		field(out, "comment", st->comment);
	review_time_format(st->expires_at, when);
	field(out, "expires", when);
	buf_release(&t);
}

int
decision_sign(struct decision *d, const char *bundle_path, size_t *count, struct error *err)
{
	struct dsse_envelope env;
	int rc;

	memset(&env, 0, sizeof(env));
	if (signer_sign(d->signer, d->payload.data, d->payload.len, d->ns ? d->ns : SSHSIG_NAMESPACE,
			&env, err) < 0)
		return -1;
	rc = review_bundle_append(bundle_path, &env, count, err);
	dsse_envelope_release(&env);
	return rc;
}
