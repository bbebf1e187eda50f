/* cmd_verify.c - `signoff verify`: the pipeline gate, and what `signoff gate`
 * shares with it (cmd_verify.h).
 *
 *   signoff verify SOURCE --review REVIEW --policy POLICY [--author P] [--now T]
 *       [--plan-file F] [--require-ack ID]...
 *
 * verify hashes SOURCE (and --plan-file) and checks the bundle against
 * them; it prints a one-line JSON report on stdout and exits with the
 * gate's status (verify.h).  SOURCE is hashed as bytes, so it may be any
 * file: a `terraform show -json` rendering, or the binary plan itself.
 * With --range the subjects are the two commits of the git range.
 */
#include "cmd_verify.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fileio.h"
#include "mem.h"
#include "policy.h"

/* ---- shared ---- */

static int
add_require(struct verify_opts *o, const char *cmd, const char *id)
{
	if (!*id)
		return cli_usage_error(cmd, "--require-ack needs a finding id");
	if (o->nrequire == o->crequire &&
	    mem_grow_array((void **)&o->require, &o->crequire, o->nrequire + 1,
			   sizeof(*o->require)) < 0)
		return cli_usage_error(cmd, "out of memory");
	o->require[o->nrequire++] = id;
	return 0;
}

static const char verify_intro[] =
	"Checks the signed reviews in REVIEW against POLICY for exactly these bytes of\n"
	"SOURCE, and prints a one-line JSON report.\n";

static const char gate_intro[] =
	"Checks the signed reviews in REVIEW against POLICY for a private read-only copy\n"
	"of SOURCE (and of --plan-file), then runs COMMAND with {plan} (the --plan-file\n"
	"copy, else the SOURCE copy) and {source} replaced by the copies' paths, waits\n"
	"for it and exits with its status: nothing can change between the check and the\n"
	"use.  The one-line JSON report goes to stderr; COMMAND runs only when approved.\n";

static const char verify_help[] =
	"\n"
	"  --review REVIEW         the review bundle\n"
	"  --policy POLICY         the gate policy (trusted; never taken from the bundle)\n"
	"  --author PRINCIPAL      whoever made the plan: their approval does not count\n"
	"  --now TIME              judge validity at TIME (YYYY-MM-DDTHH:MM:SSZ)\n"
	"  --plan-file FILE        the binary plan the approvals are also bound to\n"
	"  --require-ack ID        this finding must be acknowledged by a counted approver\n"
	"                          (repeatable)\n"
	"\n"
	"Exit: 0 approved; 10 vetoed; 11 quorum or acknowledgements short; 12 bad\n"
	"signature or untrusted key; 13 bound to another plan, target or reviewer;\n"
	"14 outside the time window; 2 malformed input.\n";


int
verify_cli_parse(const char *cmd, int end, char **argv, struct cli_source_opts *so,
		 struct verify_opts *o)
{
	enum {
		OPT_REVIEW = 3000,
		OPT_POLICY,
		OPT_AUTHOR,
		OPT_NOW,
		OPT_PLAN_FILE,
		OPT_REQUIRE,
	};
	static const struct option longopts[] = {
		{ "review", required_argument, NULL, OPT_REVIEW },
		{ "bundle", required_argument, NULL, OPT_REVIEW },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "author", required_argument, NULL, OPT_AUTHOR },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "plan-file", required_argument, NULL, OPT_PLAN_FILE },
		{ "require-ack", required_argument, NULL, OPT_REQUIRE },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	optind = 1;
	while ((opt = cli_getopt(cmd, end, argv, "hq", longopts)) != -1) {
		int r = cli_source_option(so, opt, optarg);

		if (r < 0)
			return 2;
		if (r > 0)
			continue;
		switch (opt) {
		case OPT_REVIEW:
			o->review = optarg;
			break;
		case OPT_POLICY:
			o->policy = optarg;
			break;
		case OPT_AUTHOR:
			o->author = optarg;
			break;
		case OPT_NOW:
			o->now = optarg;
			break;
		case OPT_PLAN_FILE:
			o->plan_file = optarg;
			break;
		case OPT_REQUIRE:
			if (add_require(o, cmd, optarg))
				return 2;
			break;
		case 'h':
			cli_print_command_usage(cmd, stdout);
			fputs(strcmp(cmd, "gate") == 0 ? gate_intro : verify_intro, stdout);
			fputs(verify_help, stdout);
			return 0;
		default:
			return 2; /* cli_getopt said why */
		}
	}
	if (optind >= end)
		return cli_usage_error(cmd, "missing SOURCE");
	if (optind + 1 < end && !so->load.range)
		return cli_usage_error(cmd, "one SOURCE only ('%s' is extra)", argv[optind + 1]);
	if (!o->review)
		return cli_usage_error(cmd, "missing --review REVIEW");
	if (!o->policy)
		return cli_usage_error(cmd, "missing --policy POLICY");
	so->load.path = argv[optind++];
	return -1;
}

static enum verify_status
run_fail(struct verify_cli *g, enum verify_status s, const struct error *err)
{
	g->res.status = s;
	g->res.err = *err;
	return s;
}

/* The policy asks for acknowledgements by severity: run the shipped rules
 * on the very bytes being verified (the gate's private copy), and require
 * every finding at or above ack_severity that no waiver covers, as `sign`
 * did when it was approved. */
static int
require_from_checks(struct verify_cli *g, struct cli_source_opts *so, const struct verify_opts *o,
		    const char *source, struct error *err)
{
	struct load_opts lo = so->load;
	struct checks_opts co;
	size_t i, n, k;

	memset(&co, 0, sizeof(co));
	if (!so->load.range)
		lo.path = source;
	if (load_plan(&g->plan, &lo, err) < 0 || checks_run(g->plan, &co, &g->findings, err) < 0) {
		error_prefix(err, "cannot run the checks the policy's ack_severity asks for");
		return -1;
	}
	n = finding_set_count(g->findings);
	g->acks = mem_calloc(o->nrequire + n + 1, sizeof(*g->acks));
	if (!g->acks)
		return error_set(err, ERROR_NOMEM, "out of memory");
	for (k = 0; k < o->nrequire; k++)
		g->acks[k] = o->require[k];
	for (i = 0; i < n; i++) {
		const struct finding *f = finding_set_at(g->findings, i);

		if ((int)f->severity >= g->policy->ack_severity && f->status != FINDING_WAIVED)
			g->acks[k++] = f->id;
	}
	g->in.require_acks = g->acks;
	g->in.nrequire = k;
	return 0;
}

enum verify_status
verify_cli_run(struct verify_cli *g, struct cli_source_opts *so, const struct verify_opts *o,
	     const char *source, const char *plan_file)
{
	struct error err = ERROR_INIT;

	review_subjects_init(&g->subjects);
	g->plan = NULL;
	g->findings = NULL;
	g->acks = NULL;
	memset(&g->in, 0, sizeof(g->in));
	memset(&g->res, 0, sizeof(g->res));
	g->policy = NULL;
	if (o->now) {
		if (review_time_parse(o->now, &g->in.now) < 0) {
			error_set(&err, ERROR_USAGE, "--now must be YYYY-MM-DDTHH:MM:SSZ");
			return run_fail(g, VERIFY_MALFORMED, &err);
		}
	} else {
		g->in.now = (int64_t)time(NULL);
	}
	if (policy_load(&g->policy, o->policy, &err) < 0)
		return run_fail(g, err.code == ERROR_NOMEM ? VERIFY_INTERNAL : VERIFY_MALFORMED,
				 &err);
	if (so->load.range) {
		struct plan *plan = NULL;

		if (load_plan(&plan, &so->load, &err) < 0 ||
		    review_subjects_for_plan(&g->subjects, plan, plan_file, &err) < 0) {
			plan_free(&plan);
			return run_fail(g, VERIFY_MALFORMED, &err);
		}
		plan_free(&plan);
	} else if (review_subjects_add_file(&g->subjects, source, &err) < 0 ||
		   (plan_file && review_subjects_add_file(&g->subjects, plan_file, &err) < 0)) {
		return run_fail(g, VERIFY_MALFORMED, &err);
	}
	/* the subject is named after what the user gave, not the private copy */
	if (!so->load.range) {
		g->subjects.items[0].name = strcmp(so->load.path, "-") == 0
						    ? "stdin"
						    : fileio_basename(so->load.path);
		if (plan_file && o->plan_file)
			g->subjects.items[1].name = fileio_basename(o->plan_file);
	}
	g->in.policy = g->policy;
	g->in.subjects = g->subjects.items;
	g->in.nsubjects = g->subjects.n;
	g->in.bundle_path = o->review;
	g->in.author = o->author;
	g->in.require_acks = o->require;
	g->in.nrequire = o->nrequire;
	if (g->policy->ack_severity >= 0 && require_from_checks(g, so, o, source, &err) < 0)
		return run_fail(g, err.code == ERROR_NOMEM ? VERIFY_INTERNAL : VERIFY_MALFORMED,
				&err);
	return verify_run(&g->in, &g->res);
}

void
verify_cli_report(struct verify_cli *g, FILE *report)
{
	struct buf line = BUF_INIT;

	verify_report_json(&g->in, &g->res, &line);
	if (!buf_failed(&line))
		fputs(line.data, report);
	fflush(report);
	buf_release(&line);
	if (g->res.status != VERIFY_APPROVED)
		cli_print_error(&g->res.err);
}

void
verify_cli_release(struct verify_cli *g)
{
	verify_result_release(&g->res);
	review_subjects_release(&g->subjects);
	policy_free(&g->policy);
	mem_free(g->acks);
	g->acks = NULL;
	finding_set_free(&g->findings);
	plan_free(&g->plan);
}

int
cmd_verify(int argc, char **argv)
{
	struct cli_source_opts so;
	struct verify_opts o;
	struct verify_cli g;
	int rc;

	cli_source_opts_init(&so);
	memset(&o, 0, sizeof(o));
	rc = verify_cli_parse("verify", argc, argv, &so, &o);
	if (rc >= 0) {
		mem_free(o.require);
		return rc;
	}
	if (optind < argc)
		so.load.pathspecs = (const char *const *)&argv[optind];
	rc = (int)verify_cli_run(&g, &so, &o, so.load.path, o.plan_file);
	verify_cli_report(&g, stdout);
	verify_cli_release(&g);
	mem_free(o.require);
	return rc;
}

