/* cmd_sign.c - `signoff sign`: a signed decision without the UI.
 *
 *   signoff sign SOURCE (--approve|--reject) [--comment T] [--ack ID=REASON]...
 *       [--reviewed ADDRESS]... [--all-reviewed] [--key FILE|SHA256:FP]
 *       [--principal P] [-o REVIEW] [--policy POLICY] [--environment E]
 *       [--workspace W] [--plan-kind K] [--plan-file F] [--repo URL]
 *       [--commit SHA] [--ttl DURATION] [--now T]
 *
 * An approval needs what the UI needs: every finding at or above the
 * threshold acknowledged (or waived), and every destroy and replace
 * marked reviewed.  Without the UI the reviewer says which ones they
 * looked at with --reviewed ADDRESS (repeatable) or all of them with
 * --all-reviewed.  What is missing is listed and nothing is signed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "fileio.h"
#include "mem.h"
#include "policy.h"
#include "principal.h"
#include "review.h"
#include "signer.h"
#include "sshkey.h"
#include "str.h"

struct sign_opts {
	int decision;                 /* -1 until given */
	const char *comment;
	struct review_ack *acks;
	size_t nacks, cacks;
	const char **reviewed;
	size_t nreviewed, creviewed;
	bool all_reviewed;
	const char *key;
	const char *principal;
	const char *out;
	const char *policy;
	const char *environment, *workspace, *plan_kind, *plan_file, *repo, *commit;
	const char *ttl;
	const char *now;
};

static void
sign_opts_release(struct sign_opts *o)
{
	mem_free(o->acks);
	mem_free(o->reviewed);
}

static int
add_ack(struct sign_opts *o, char *arg)
{
	char *eq = strchr(arg, '=');

	if (!eq || eq == arg || !eq[1])
		return cli_usage_error("sign", "--ack takes ID=REASON, with a non-empty reason");
	if (o->nacks == o->cacks &&
	    mem_grow_array((void **)&o->acks, &o->cacks, o->nacks + 1, sizeof(*o->acks)) < 0)
		return cli_usage_error("sign", "out of memory");
	*eq = '\0';
	o->acks[o->nacks].id = arg;
	o->acks[o->nacks].reason = eq + 1;
	o->nacks++;
	return 0;
}

static int
add_reviewed(struct sign_opts *o, const char *arg)
{
	if (o->nreviewed == o->creviewed &&
	    mem_grow_array((void **)&o->reviewed, &o->creviewed, o->nreviewed + 1,
			   sizeof(*o->reviewed)) < 0)
		return cli_usage_error("sign", "out of memory");
	o->reviewed[o->nreviewed++] = arg;
	return 0;
}

/* SOURCE "plan.json" -> "plan.review"; NULL when there is no file name. */
static char *
default_output(const char *source)
{
	struct buf b = BUF_INIT;
	const char *base = fileio_basename(source), *dot = strrchr(base, '.');

	if (strcmp(source, "-") == 0 || !*base)
		return NULL;
	if (dot && dot != base)
		buf_add(&b, source, (size_t)(dot - source));
	else
		buf_addstr(&b, source);
	buf_addstr(&b, ".review");
	return buf_detach(&b, NULL);
}

static void
print_field(struct buf *b, const char *label, const char *value)
{
	buf_addf(b, "  %-9s ", label);
	str_escape(b, value, strlen(value), STR_ESCAPE_CONTROLS);
	buf_addch(b, '\n');
}

/* What is about to be signed: the confirmation the reviewer sees. */
static void
print_summary(const struct review_statement *st, const struct signer *s,
	      enum principal_source psrc, const char *out)
{
	struct buf b = BUF_INIT, t = BUF_INIT;
	char when[REVIEW_TIME_LEN];
	size_t i;

	buf_addf(&b, "signoff: signing %s\n",
		 st->decision == REVIEW_APPROVE ? "APPROVE" : "REJECT");
	for (i = 0; i < st->nsubjects; i++) {
		buf_reset(&t);
		buf_addf(&t, "%s:%s  %s", st->subjects[i].alg, st->subjects[i].value,
			 st->subjects[i].name);
		print_field(&b, i ? "" : "subject", t.data);
	}
	buf_reset(&t);
	buf_addf(&t, "environment=%s workspace=%s plan_kind=%s",
		 st->environment ? st->environment : "-", st->workspace ? st->workspace : "-",
		 st->plan_kind ? st->plan_kind : "-");
	print_field(&b, "target", t.data);
	buf_reset(&t);
	buf_addf(&t, "%s (from %s)", st->principal, principal_source_name(psrc));
	print_field(&b, "reviewer", t.data);
	buf_reset(&t);
	buf_addf(&t, "%s %s %s", sshkey_short_name(signer_key(s)),
		 sshkey_fingerprint(signer_key(s)),
		 signer_uses_agent(s) ? "via ssh-agent" : "from the key file");
	print_field(&b, "key", t.data);
	for (i = 0; i < st->nacks; i++) {
		buf_reset(&t);
		buf_addf(&t, "%s: %s", st->acks[i].id, st->acks[i].reason);
		print_field(&b, i ? "" : "acks", t.data);
	}
	if (st->nreviewed) {
		buf_reset(&t);
		buf_addf(&t, "%zu destroy/replace", st->nreviewed);
		print_field(&b, "reviewed", t.data);
	}
	if (st->comment && st->comment[0])
		print_field(&b, "comment", st->comment);
	review_time_format(st->expires_at, when);
	print_field(&b, "expires", when);
	print_field(&b, "bundle", out);
	if (!buf_failed(&b))
		fputs(b.data, stderr);
	buf_release(&b);
	buf_release(&t);
}

static int
check_reviewed_addresses(const struct plan *plan, const struct sign_opts *o)
{
	size_t i;

	for (i = 0; i < o->nreviewed; i++)
		if (!plan_find_change(plan, o->reviewed[i], PLAN_SECTION_CHANGE))
			return cli_usage_error("sign", "--reviewed '%s': no such change in the plan",
					       o->reviewed[i]);
	return 0;
}

/* The destroys and replaces that are marked reviewed, for the record. */
static const char **
reviewed_list(const struct plan *plan, const struct sign_opts *o, size_t *n)
{
	size_t i, j, count = plan_change_count(plan);
	const char **list = mem_calloc(count + 1, sizeof(*list));

	*n = 0;
	if (!list)
		return NULL;
	for (i = 0; i < count; i++) {
		const struct plan_change *c = plan_change_at(plan, i);
		bool marked = o->all_reviewed;

		if (c->section != PLAN_SECTION_CHANGE ||
		    (c->action != PLAN_ACTION_DELETE && c->action != PLAN_ACTION_REPLACE))
			continue;
		for (j = 0; j < o->nreviewed && !marked; j++)
			marked = strcmp(o->reviewed[j], c->address) == 0;
		for (j = 0; j < *n && marked; j++)
			if (strcmp(list[j], c->address) == 0)
				marked = false; /* deposed objects share the address */
		if (marked)
			list[(*n)++] = c->address;
	}
	return list;
}

static int
run(struct cli_source_opts *so, struct sign_opts *o)
{
	struct plan *plan = NULL;
	struct policy *policy = NULL;
	struct signer *signer = NULL;
	struct review_subjects subjects;
	struct review_statement st;
	struct review_missing missing;
	struct dsse_envelope env;
	struct error err = ERROR_INIT;
	struct buf payload = BUF_INIT;
	enum principal_source psrc = PRINCIPAL_FROM_FLAG;
	char *principal = NULL, *out = NULL, review_id[37];
	const char **reviewed = NULL;
	int64_t now, ttl = REVIEW_DEFAULT_TTL;
	int threshold = SEVERITY_HIGH, rc = 2;
	size_t count = 0;

	review_subjects_init(&subjects);
	memset(&missing, 0, sizeof(missing));
	memset(&env, 0, sizeof(env));
	memset(&st, 0, sizeof(st));
	if (o->now) {
		if (review_time_parse(o->now, &now) < 0)
			return cli_usage_error("sign", "--now must be YYYY-MM-DDTHH:MM:SSZ");
	} else {
		now = (int64_t)time(NULL);
	}
	if (o->ttl && review_duration_parse(o->ttl, &ttl) < 0)
		return cli_usage_error("sign", "--ttl must be a duration such as 3600, 90m, 8h or 2d");
	out = o->out ? mem_strdup(o->out) : default_output(so->load.path);
	if (!out)
		return cli_usage_error("sign", "give -o REVIEW (no file name to derive it from)");
	if (o->policy) {
		if (policy_load(&policy, o->policy, &err) < 0)
			goto error;
		if (policy->ack_severity >= 0)
			threshold = policy->ack_severity;
		if (policy->max_ttl_seconds >= 0 && ttl > policy->max_ttl_seconds) {
			error_set_at(&err, ERROR_USAGE, o->policy, 0, 0,
				     "--ttl %lld s is longer than the policy's max_ttl_seconds %lld",
				     (long long)ttl, (long long)policy->max_ttl_seconds);
			goto error;
		}
	}
	if (cli_load(&plan, so) < 0)
		goto out;
	if (check_reviewed_addresses(plan, o) != 0)
		goto out;
	if (o->decision == REVIEW_APPROVE) {
		struct review_marks marks = { o->acks, o->nacks, o->reviewed, o->nreviewed,
					      o->all_reviewed };

		/* checks_run is wired in by the rule engine; NULL: no findings. */
		if (review_missing_from_set(&missing, plan, NULL, threshold, &marks, &err) < 0)
			goto error;
		if (!review_missing_is_empty(&missing)) {
			struct buf m = BUF_INIT;

			review_missing_describe(&missing, review_severity_key(threshold), 5, &m);
			error_set_at(&err, ERROR_USAGE, plan_path(plan), 0, 0,
				     "cannot approve yet: %s (use --ack ID=REASON, --reviewed "
				     "ADDRESS or --all-reviewed)",
				     buf_failed(&m) ? "requirements not met" : m.data);
			buf_release(&m);
			goto error;
		}
	}
	if (review_subjects_for_plan(&subjects, plan, o->plan_file, &err) < 0)
		goto error;
	if (signer_open(&signer, o->key, NULL, &err) < 0 ||
	    principal_resolve(&principal, &psrc, o->principal, signer_key(signer), &err) < 0)
		goto error;
	if (review_new_id(review_id) < 0) {
		error_set(&err, ERROR_INTERNAL, "no random numbers for the review id");
		goto error;
	}
	reviewed = reviewed_list(plan, o, &st.nreviewed);
	if (!reviewed) {
		error_set(&err, ERROR_NOMEM, "out of memory");
		goto error;
	}
	st.subjects = subjects.items;
	st.nsubjects = subjects.n;
	st.review_id = review_id;
	st.decision = (enum review_decision)o->decision;
	st.principal = principal;
	st.key_fingerprint = sshkey_fingerprint(signer_key(signer));
	st.environment = o->environment ? o->environment : policy ? policy->environment : NULL;
	st.workspace = o->workspace     ? o->workspace
		       : policy && policy->workspace ? policy->workspace
		       : plan_target_name(plan)[0]   ? plan_target_name(plan)
						     : NULL;
	st.plan_kind = o->plan_kind ? o->plan_kind
		       : policy && policy->plan_kind ? policy->plan_kind
						     : plan_source_kind_name(plan_source_kind(plan));
	st.repo = o->repo;
	st.commit = o->commit ? o->commit : plan_revision_to(plan);
	st.threshold = review_severity_key(threshold);
	st.rules_sha256 = NULL;
	st.acks = o->acks;
	st.nacks = o->nacks;
	st.reviewed = reviewed;
	st.comment = o->comment;
	st.issued_at = now;
	st.expires_at = now + ttl;
	if (review_statement_encode(&st, &payload, &err) < 0)
		goto error;
	if (!so->quiet)
		print_summary(&st, signer, psrc, out);
	if (signer_sign(signer, payload.data, payload.len, SSHSIG_NAMESPACE, &env, &err) < 0 ||
	    review_bundle_append(out, &env, &count, &err) < 0)
		goto error;
	if (!so->quiet) {
		struct buf m = BUF_INIT;

		buf_addf(&m, "signoff: review %zu appended to ", count);
		str_escape(&m, out, strlen(out), STR_ESCAPE_CONTROLS);
		buf_addch(&m, '\n');
		if (!buf_failed(&m))
			fputs(m.data, stderr);
		buf_release(&m);
	}
	rc = 0;
	goto out;
error:
	cli_print_error(&err);
	rc = error_exit_status(&err);
out:
	review_missing_release(&missing);
	dsse_envelope_release(&env);
	review_subjects_release(&subjects);
	buf_release(&payload);
	mem_free(reviewed);
	mem_free(principal);
	mem_free(out);
	signer_free(&signer);
	policy_free(&policy);
	plan_free(&plan);
	return rc;
}

int
cmd_sign(int argc, char **argv)
{
	enum {
		OPT_APPROVE = 2000,
		OPT_REJECT,
		OPT_COMMENT,
		OPT_ACK,
		OPT_REVIEWED,
		OPT_ALL_REVIEWED,
		OPT_KEY,
		OPT_PRINCIPAL,
		OPT_POLICY,
		OPT_ENVIRONMENT,
		OPT_WORKSPACE,
		OPT_PLAN_KIND,
		OPT_PLAN_FILE,
		OPT_REPO,
		OPT_COMMIT,
		OPT_TTL,
		OPT_NOW,
	};
	static const struct option longopts[] = {
		{ "approve", no_argument, NULL, OPT_APPROVE },
		{ "reject", no_argument, NULL, OPT_REJECT },
		{ "comment", required_argument, NULL, OPT_COMMENT },
		{ "ack", required_argument, NULL, OPT_ACK },
		{ "reviewed", required_argument, NULL, OPT_REVIEWED },
		{ "all-reviewed", no_argument, NULL, OPT_ALL_REVIEWED },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "principal", required_argument, NULL, OPT_PRINCIPAL },
		{ "output", required_argument, NULL, 'o' },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "environment", required_argument, NULL, OPT_ENVIRONMENT },
		{ "workspace", required_argument, NULL, OPT_WORKSPACE },
		{ "stack", required_argument, NULL, OPT_WORKSPACE },
		{ "plan-kind", required_argument, NULL, OPT_PLAN_KIND },
		{ "plan-file", required_argument, NULL, OPT_PLAN_FILE },
		{ "repo", required_argument, NULL, OPT_REPO },
		{ "commit", required_argument, NULL, OPT_COMMIT },
		{ "ttl", required_argument, NULL, OPT_TTL },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_source_opts so;
	struct sign_opts o;
	int opt, rc;

	cli_source_opts_init(&so);
	memset(&o, 0, sizeof(o));
	o.decision = -1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:hq", longopts, NULL)) != -1) {
		int r = cli_source_option(&so, opt, optarg);

		if (r < 0) {
			sign_opts_release(&o);
			return 2;
		}
		if (r > 0)
			continue;
		rc = 0;
		switch (opt) {
		case OPT_APPROVE:
		case OPT_REJECT: {
			int d = opt == OPT_APPROVE ? REVIEW_APPROVE : REVIEW_REJECT;

			if (o.decision >= 0 && o.decision != d)
				rc = cli_usage_error("sign", "give --approve or --reject, not both");
			o.decision = d;
			break;
		}
		case OPT_COMMENT:
			o.comment = optarg;
			break;
		case OPT_ACK:
			rc = add_ack(&o, optarg);
			break;
		case OPT_REVIEWED:
			rc = add_reviewed(&o, optarg);
			break;
		case OPT_ALL_REVIEWED:
			o.all_reviewed = true;
			break;
		case OPT_KEY:
			o.key = optarg;
			break;
		case OPT_PRINCIPAL:
			o.principal = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case OPT_POLICY:
			o.policy = optarg;
			break;
		case OPT_ENVIRONMENT:
			o.environment = optarg;
			break;
		case OPT_WORKSPACE:
			o.workspace = optarg;
			break;
		case OPT_PLAN_KIND:
			o.plan_kind = optarg;
			break;
		case OPT_PLAN_FILE:
			o.plan_file = optarg;
			break;
		case OPT_REPO:
			o.repo = optarg;
			break;
		case OPT_COMMIT:
			o.commit = optarg;
			break;
		case OPT_TTL:
			o.ttl = optarg;
			break;
		case OPT_NOW:
			o.now = optarg;
			break;
		case 'h':
			cli_print_command_usage("sign", stdout);
			sign_opts_release(&o);
			return 0;
		default:
			rc = cli_usage_error("sign", "unknown option");
		}
		if (rc) {
			sign_opts_release(&o);
			return 2;
		}
	}
	if (o.decision < 0)
		rc = cli_usage_error("sign", "give --approve or --reject");
	else if (optind >= argc)
		rc = cli_usage_error("sign", "missing SOURCE");
	else if (optind + 1 < argc && !so.load.range)
		rc = cli_usage_error("sign", "one SOURCE only ('%s' is extra)", argv[optind + 1]);
	else
		rc = -1;
	if (rc >= 0) {
		sign_opts_release(&o);
		return rc;
	}
	so.load.path = argv[optind++];
	if (optind < argc)
		so.load.pathspecs = (const char *const *)&argv[optind];
	rc = run(&so, &o);
	sign_opts_release(&o);
	return rc;
}
