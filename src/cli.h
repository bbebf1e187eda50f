/* cli.h - the headless commands and what they share.
 *
 * The command table is the single source for dispatch, `--help` and the
 * man page's synopsis (tests/cli/help.sh checks that they agree).
 * Exit codes: 0 success; 1 findings at or above the threshold (check);
 * 2 bad input or usage; 10-14 the gate's verdicts (verify, gate).
 */
#ifndef SIGNOFF_CLI_H
#define SIGNOFF_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "load.h"
#include "plan.h"

/* X(name, synopsis, summary) */
#define CLI_COMMANDS(X)                                                                       \
	X(show, "show SOURCE [--format text|json] [--full]",                                  \
	  "print the whole change set, as terraform show does")                               \
	X(check,                                                                              \
	  "check SOURCE [--format text|json|sarif|markdown] [--fail-on SEVERITY] "            \
	  "[--rules DIR] [--only ID] [--skip ID] [--waivers FILE]",                           \
	  "security findings; exit 1 if any is at or above --fail-on")                        \
	X(blast, "blast SOURCE [ADDRESS] [--depth N] [--format text|json|dot] [--order] [--top N]", \
	  "what depends on ADDRESS, transitively, and why; the change set's riskiest changes; " \
	  "apply order")                                                                      \
	X(sign,                                                                               \
	  "sign SOURCE (--approve|--reject) [--comment T] [--ack ID=REASON]... "              \
	  "[--reviewed ADDRESS]... [--all-reviewed] [--key FILE|SHA256:FP] [--principal P] "  \
	  "[--policy POLICY] [--environment E] [--workspace W] [--plan-kind K] [--repo URL] " \
	  "[--commit SHA] [--plan-file F] [--ttl DURATION] [--waivers FILE] [--now T] "       \
	  "[-o REVIEW]",                                                                      \
	  "record a signed decision without the UI")                                          \
	X(verify,                                                                             \
	  "verify SOURCE --review REVIEW --policy POLICY [--author P] [--now T] "             \
	  "[--plan-file F] [--require-ack ID]...",                                            \
	  "the pipeline gate: exit 0 only with valid approvals for this exact plan")          \
	X(gate,                                                                               \
	  "gate SOURCE --review REVIEW --policy POLICY [--author P] [--now T] [--plan-file F] " \
	  "[--require-ack ID]... -- COMMAND {plan}",                                          \
	  "verify a private copy of SOURCE, then run COMMAND on that same copy")

#define X(name, synopsis, summary) int cmd_##name(int argc, char **argv);
CLI_COMMANDS(X)
#undef X

/* Options every command that reads a SOURCE understands. */
struct cli_source_opts {
	struct load_opts load;
	int color;            /* -1 auto, 0 never, 1 always */
	bool ascii;
	bool quiet;           /* no warnings on stderr */
};

void cli_source_opts_init(struct cli_source_opts *o);
/* Handles --range, --state, --namespace, --color, --ascii, --quiet and a
 * trailing "-- PATHSPEC..." list.  Returns 1 if the option was one of
 * these, 0 if not, -1 on a bad value (message printed). */
int cli_source_option(struct cli_source_opts *o, int opt, const char *arg);

/* Long options for cli_source_option, to append to a command's table. */
#define CLI_SOURCE_LONGOPTS                                   \
	{ "range", required_argument, NULL, 1001 },           \
	{ "state", required_argument, NULL, 1002 },           \
	{ "namespace", required_argument, NULL, 1003 },       \
	{ "color", optional_argument, NULL, 1004 },           \
	{ "colour", optional_argument, NULL, 1004 },          \
	{ "ascii", no_argument, NULL, 1005 },                 \
	{ "quiet", no_argument, NULL, 'q' }

/* Loads the plan, printing the error (and returning -1) or the loader's
 * warnings to stderr. */
int cli_load(struct plan **out, struct cli_source_opts *o);
/* Colour decision: --color, NO_COLOR, TERM=dumb, and whether f is a tty. */
bool cli_use_color(int mode, FILE *f);
/* getopt_long for `command` (NULL: the review UI) without getopt's own
 * messages: a value missing or an option unknown is reported here, in
 * one line naming it, and '?' returned for the caller to return 2. */
struct option;
int cli_getopt(const char *command, int argc, char **argv, const char *shortopts,
	       const struct option *longopts);
/* Prints "signoff: <command>: <message> (see: signoff <command> --help)"
 * as one line, and returns 2. */
int cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_print_error(const struct error *err);
/* Top-level help. */
void cli_print_help(FILE *out);
/* Prints a command's synopsis as "usage: signoff ...". */
void cli_print_command_usage(const char *command, FILE *out);

#endif
