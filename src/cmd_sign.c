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
#include "decision.h"
#include "fileio.h"
#include "mem.h"
#include "policy.h"
#include "review.h"
#include "finding.h"
#include "signer.h"
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
	const char *waivers;
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

	if (!eq || eq == arg || !review_reason_given(eq + 1))
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

/* Whether a change of the change set has this key: an address, or
 * "ADDRESS (deposed object KEY)" for a deposed object. */
static bool
has_change_key(const struct plan *plan, const char *key)
{
	size_t i;

	for (i = 0; i < plan_change_count(plan); i++) {
		const struct plan_change *c = plan_change_at(plan, i);

		if (c->section == PLAN_SECTION_CHANGE && strcmp(plan_change_key(c), key) == 0)
			return true;
	}
	return false;
}

static int
check_reviewed_addresses(const struct plan *plan, const struct sign_opts *o)
{
	size_t i;

	for (i = 0; i < o->nreviewed; i++)
		if (!has_change_key(plan, o->reviewed[i]))
			return cli_usage_error("sign", "--reviewed '%s': no such change in the plan",
					       o->reviewed[i]);
	return 0;
}

static int
run(struct cli_source_opts *so, struct sign_opts *o)
{
	struct decision_request req;
	struct plan *plan = NULL;
	struct policy *policy = NULL;
	struct signer *signer = NULL;
	struct decision *d = NULL;
	struct finding_set *findings = NULL;
	struct error err = ERROR_INIT;
	struct buf text = BUF_INIT;
	char *out = NULL;
	size_t count = 0;
	int rc = 2;

	memset(&req, 0, sizeof(req));
	if (o->now) {
		if (review_time_parse(o->now, &req.issued_at) < 0)
			return cli_usage_error("sign", "--now must be YYYY-MM-DDTHH:MM:SSZ");
	} else {
		req.issued_at = (int64_t)time(NULL);
	}
	if (o->ttl && review_duration_parse(o->ttl, &req.ttl) < 0)
		return cli_usage_error("sign", "--ttl must be a duration such as 3600, 90m, 8h or 2d");
	out = o->out ? mem_strdup(o->out) : review_bundle_default_path(so->load.path);
	if (!out)
		return cli_usage_error("sign", "give -o REVIEW (no file name to derive it from)");
	if (o->policy && policy_load(&policy, o->policy, &err) < 0)
		goto error;
	if (cli_load(&plan, so) < 0)
		goto out;
	if (check_reviewed_addresses(plan, o) != 0)
		goto out;
	req.plan = plan;
	req.plan_file = o->plan_file;
	req.decision = (enum review_decision)o->decision;
	req.marks.acks = o->acks;
	req.marks.nacks = o->nacks;
	req.marks.reviewed = o->reviewed;
	req.marks.nreviewed = o->nreviewed;
	req.marks.all_reviewed = o->all_reviewed;
	{
		struct checks_opts co;

		memset(&co, 0, sizeof(co));
		co.waivers_path = o->waivers;
		if (checks_run(plan, &co, &findings, &err) < 0) {
			error_prefix(&err, "cannot run the checks an approval must answer");
			goto error;
		}
	}
	req.findings = findings;
	req.policy = policy;
	req.comment = o->comment;
	req.principal = o->principal;
	req.environment = o->environment;
	req.workspace = o->workspace;
	req.plan_kind = o->plan_kind;
	req.repo = o->repo;
	req.commit = o->commit;
	if (signer_open(&signer, o->key, NULL, &err) < 0)
		goto error;
	if (decision_prepare(&d, &req, signer, &err) < 0) {
		if (err.code == ERROR_USAGE && strstr(err.msg, "cannot approve yet")) {
			struct buf m = BUF_INIT;

			buf_addf(&m, "%s; mark them with --ack ID=REASON, --reviewed ADDRESS or "
				     "--all-reviewed", err.msg);
			if (!buf_failed(&m))
				error_set(&err, ERROR_USAGE, "%s", m.data);
			buf_release(&m);
			error_locate(&err, plan_path(plan), 0, 0);
		} else if (!err.path[0]) {
			/* about an option (--principal, --ttl, --ack), not a file */
			error_prefix(&err, "sign");
		}
		goto error;
	}
	if (!so->quiet) {
		/* the confirmation, as the UI shows it; every field is escaped */
		buf_addstr(&text, "signoff: signing ");
		decision_describe(d, &text);
		buf_addf(&text, "  %-9s ", "bundle");
		str_escape(&text, out, strlen(out), STR_ESCAPE_CONTROLS);
		buf_addch(&text, '\n');
		if (!buf_failed(&text))
			fputs(text.data, stderr);
	}
	if (decision_sign(d, out, &count, &err) < 0)
		goto error;
	if (!so->quiet) {
		buf_reset(&text);
		buf_addf(&text, "signoff: review %zu appended to ", count);
		str_escape(&text, out, strlen(out), STR_ESCAPE_CONTROLS);
		buf_addch(&text, '\n');
		if (!buf_failed(&text))
			fputs(text.data, stderr);
	}
	rc = 0;
	goto out;
error:
	cli_print_error(&err);
	rc = error_exit_status(&err);
out:
	buf_release(&text);
	decision_free(&d);
	mem_free(out);
	signer_free(&signer);
	policy_free(&policy);
	finding_set_free(&findings);
	plan_free(&plan);
	return rc;
}

static const char sign_help[] =
	"Records a signed approve or reject of SOURCE in the review bundle.\n"
	"\n"
	"  --approve | --reject    the decision\n"
	"  --comment TEXT          a comment for the record\n"
	"  --ack ID=REASON         acknowledge a finding (repeatable; the reason is required)\n"
	"  --reviewed ADDRESS      mark a destroy or replace as reviewed (repeatable; a\n"
	"                          deposed object: 'ADDRESS (deposed object KEY)')\n"
	"  --all-reviewed          mark every destroy and replace as reviewed\n"
	"  --key FILE|SHA256:FP    the key: a .pub or private key file, or a fingerprint in\n"
	"                          ssh-agent (default: the agent's only key); the agent signs\n"
	"                          whenever it holds the key\n"
	"  --principal NAME        the reviewer (default: principal = in the config file, then\n"
	"                          the key's comment)\n"
	"  -o, --output REVIEW     the bundle to append to (default: SOURCE with .review)\n"
	"  --policy POLICY         hold the approval to the gate policy's ack_severity and\n"
	"                          max_ttl_seconds, and take its environment, workspace and\n"
	"                          namespace\n"
	"  --environment E  --workspace W (or --stack S)  --plan-kind K\n"
	"  --repo URL  --commit SHA      the target recorded in the statement\n"
	"  --plan-file FILE        also bind the binary plan that will be applied\n"
	"  --ttl DURATION          lifetime of the approval (default 24h, or the policy's\n"
	"                          max_ttl_seconds if less; 3600, 90m, 8h, 2d)\n"
	"  --waivers FILE          accepted risks (as for check): waived findings need no ack\n"
	"  --now TIME              issue time (YYYY-MM-DDTHH:MM:SSZ; default: the clock)\n"
	"\n"
	"An approval needs every finding at or above the threshold (the policy's\n"
	"ack_severity, else high) acknowledged or waived, and every destroy and replace\n"
	"marked reviewed; otherwise nothing is signed and what is missing is listed.\n";

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
		OPT_WAIVERS,
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
		{ "waivers", required_argument, NULL, OPT_WAIVERS },
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
	while ((opt = cli_getopt("sign", argc, argv, "o:hq", longopts)) != -1) {
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
		case OPT_WAIVERS:
			o.waivers = optarg;
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
			fputs(sign_help, stdout);
			sign_opts_release(&o);
			return 0;
		default:
			rc = 2; /* cli_getopt said why */
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
