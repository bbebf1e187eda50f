/* cmd_check.c - `signoff check SOURCE`: security findings, headless.
 *
 *   --format text|json|sarif|markdown   (default text)
 *   --fail-on SEVERITY|none             exit 1 if a failing finding is at or
 *                                       above it (default high)
 *   --rules DIR                         add a rule pack (repeatable)
 *   --only ID / --skip ID               select rules (globs, repeatable)
 *   --waivers FILE                      accepted risks (waiver.h)
 *
 * Exit: 0 nothing at or above --fail-on; 1 something is; 2 bad input,
 * bad rules, bad waivers or usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "finding.h"
#include "mem.h"
#include "report.h"
#include "str.h"
#include "waiver.h"


struct strv {
	const char **v;
	size_t n, cap;
};

static int
strv_push(struct strv *s, const char *x)
{
	if (s->n + 1 >= s->cap &&
	    mem_grow_array((void **)&s->v, &s->cap, s->n + 2, sizeof(*s->v)) < 0)
		return -1;
	s->v[s->n++] = x;
	s->v[s->n] = NULL;
	return 0;
}

/* Expired waivers no longer apply: say so, once each. */
static void
warn_expired(const char *path)
{
	struct waiver_set *ws = NULL;
	struct error err = ERROR_INIT;
	long long now = (long long)time(NULL);
	size_t i;

	if (waiver_set_load(&ws, path, &err) < 0)
		return;
	for (i = 0; i < waiver_set_count(ws); i++) {
		const struct waiver *w = waiver_set_at(ws, i);
		struct buf b = BUF_INIT;

		if (!waiver_is_expired(w, now))
			continue;
		buf_addstr(&b, "signoff: ");
		str_escape(&b, path, strlen(path), STR_ESCAPE_CONTROLS);
		buf_addf(&b, ":%lu: warning: the waiver for '", w->line);
		str_escape(&b, w->rule ? w->rule : w->finding,
			   strlen(w->rule ? w->rule : w->finding), STR_ESCAPE_CONTROLS);
		buf_addstr(&b, "' expired on ");
		str_escape(&b, w->expires_text, strlen(w->expires_text), STR_ESCAPE_CONTROLS);
		buf_addstr(&b, ": it no longer applies\n");
		if (!buf_failed(&b))
			fputs(b.data, stderr);
		buf_release(&b);
	}
	waiver_set_free(&ws);
}

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "rules", required_argument, NULL, 'r' },
		{ "only", required_argument, NULL, 'o' },
		{ "skip", required_argument, NULL, 's' },
		{ "waivers", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_source_opts so;
	struct strv rules = { 0 }, only = { 0 }, skip = { 0 };
	struct checks_opts co;
	struct report_opts ro;
	struct plan *plan = NULL;
	struct finding_set *set = NULL;
	struct error err = ERROR_INIT;
	const char *format = "text", *waivers = NULL;
	int opt, fmt, rc = 2;

	cli_source_opts_init(&so);
	memset(&ro, 0, sizeof(ro));
	ro.fail_on = SEVERITY_HIGH;
	optind = 1;
	while ((opt = cli_getopt("check", argc, argv, "f:hq", longopts)) != -1) {
		int r = cli_source_option(&so, opt, optarg);

		if (r < 0)
			goto out;
		if (r > 0)
			continue;
		switch (opt) {
		case 'f':
			format = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "none") == 0) {
				ro.fail_on = -1;
			} else {
				ro.fail_on = severity_parse(optarg);
				if (ro.fail_on < 0) {
					rc = cli_usage_error("check",
							     "--fail-on must be info, low, medium, high, "
							     "critical or none, not '%s'",
							     optarg);
					goto out;
				}
			}
			break;
		case 'r':
			if (strv_push(&rules, optarg) < 0)
				goto nomem;
			break;
		case 'o':
			if (strv_push(&only, optarg) < 0)
				goto nomem;
			break;
		case 's':
			if (strv_push(&skip, optarg) < 0)
				goto nomem;
			break;
		case 'w':
			waivers = optarg;
			break;
		case 'h':
			cli_print_command_usage("check", stdout);
			rc = 0;
			goto out;
		default:
			rc = 2; /* cli_getopt said why */
			goto out;
		}
	}
	fmt = report_format_parse(format);
	if (fmt < 0) {
		rc = cli_usage_error("check", "--format must be text, json, sarif or markdown, not '%s'",
				     format);
		goto out;
	}
	if (optind >= argc) {
		rc = cli_usage_error("check", "missing SOURCE");
		goto out;
	}
	so.load.path = argv[optind++];
	if (optind < argc)
		so.load.pathspecs = (const char *const *)&argv[optind];
	if (cli_load(&plan, &so) < 0)
		goto out;
	memset(&co, 0, sizeof(co));
	co.rule_dirs = rules.v;
	co.only = only.v;
	co.skip = skip.v;
	co.waivers_path = waivers;
	if (checks_run(plan, &co, &set, &err) < 0) {
		cli_print_error(&err);
		rc = 2;    /* never 1: that means "findings" */
		goto out;
	}
	if (waivers && !so.quiet)
		warn_expired(waivers);
	ro.color = fmt == REPORT_FORMAT_TEXT && cli_use_color(so.color, stdout);
	if (report_write(stdout, (enum report_format)fmt, plan, set, &ro, &err) < 0 ||
	    fflush(stdout) != 0) {
		if (!err.code)
			error_set(&err, ERROR_IO, "cannot write to standard output");
		cli_print_error(&err);
		rc = 2;
		goto out;
	}
	rc = report_blocking(set, ro.fail_on) ? 1 : 0;
	goto out;
nomem:
	error_set(&err, ERROR_NOMEM, "out of memory");
	cli_print_error(&err);
	rc = 2;
out:
	finding_set_free(&set);
	plan_free(&plan);
	mem_free(rules.v);
	mem_free(only.v);
	mem_free(skip.v);
	return rc;
}
