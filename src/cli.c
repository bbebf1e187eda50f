/* cli.c - shared pieces of the headless commands. */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "str.h"

void
cli_source_opts_init(struct cli_source_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->color = -1;
}

int
cli_usage_error(const char *command, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	fprintf(stderr, "signoff: %s%s", command ? command : "", command ? ": " : "");
	{
		struct buf e = BUF_INIT;

		str_escape(&e, b.data, b.len, STR_ESCAPE_CONTROLS);
		if (command)
			fprintf(stderr, "%s (see: signoff %s --help)\n", e.data, command);
		else
			fprintf(stderr, "%s (see: signoff --help)\n", e.data);
		buf_release(&e);
	}
	buf_release(&b);
	return 2;
}

int
cli_getopt(const char *command, int argc, char **argv, const char *shortopts,
	   const struct option *longopts)
{
	char spec[64];
	const char *arg;
	size_t skip = shortopts[0] == '+';
	int opt;

	/* '+' (stop at the first operand) stays first; ':' asks getopt to
	 * tell a missing value (':') from an unknown option ('?') */
	snprintf(spec, sizeof(spec), "%s:%s", skip ? "+" : "", shortopts + skip);
	opterr = 0;
	opt = getopt_long(argc, argv, spec, longopts, NULL);
	if (opt != ':' && opt != '?')
		return opt;
	/* the word just read: "--format", "--bogus=x", or "-f" */
	arg = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
	if (opt == ':')
		cli_usage_error(command, "option '%s' needs a value", arg);
	else if (optopt > 0 && optopt < 128)
		cli_usage_error(command, "unknown option '-%c'", optopt);
	else
		cli_usage_error(command, "unknown option '%.*s'", (int)strcspn(arg, "="), arg);
	return '?';
}

int
cli_source_option(struct cli_source_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case 1001:
		o->load.range = arg;
		return 1;
	case 1002:
		o->load.state_path = arg;
		return 1;
	case 1003:
		o->load.default_namespace = arg;
		return 1;
	case 1004:
		if (!arg || strcmp(arg, "always") == 0 || strcmp(arg, "yes") == 0)
			o->color = 1;
		else if (strcmp(arg, "never") == 0 || strcmp(arg, "no") == 0)
			o->color = 0;
		else if (strcmp(arg, "auto") == 0)
			o->color = -1;
		else
			return cli_usage_error(NULL, "--color must be never, always or auto"), -1;
		return 1;
	case 1005:
		o->ascii = true;
		return 1;
	case 'q':
		o->quiet = true;
		return 1;
	}
	return 0;
}

bool
cli_use_color(int mode, FILE *f)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode == 0)
		return false;
	if (mode == 1)
		return true;
	if (nc && *nc)
		return false;
	if (!term || strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

void
cli_print_error(const struct error *err)
{
	error_print(err, stderr);
}

int
cli_load(struct plan **out, struct cli_source_opts *o)
{
	struct error err = ERROR_INIT;
	struct stat st;
	size_t i;

	/* PATHSPECs narrow a folder or a --range; after a file, a second
	 * word is a mistake ("signoff show a.json b.json") */
	if (o->load.pathspecs && o->load.pathspecs[0] && !o->load.range &&
	    (strcmp(o->load.path, "-") == 0 || stat(o->load.path, &st) < 0 || !S_ISDIR(st.st_mode))) {
		cli_usage_error(NULL, "one SOURCE only (extra: '%s'); PATHSPECs go with a folder or "
				      "--range",
				o->load.pathspecs[0]);
		return -1;
	}
	if (load_plan(out, &o->load, &err) < 0) {
		if (!err.path[0])
			error_locate(&err, o->load.path, err.line, err.col);
		cli_print_error(&err);
		return -1;
	}
	if (o->quiet)
		return 0;
	for (i = 0; i < plan_diag_count(*out); i++) {
		const struct plan_diag *d = plan_diag_at(*out, i);
		struct buf b = BUF_INIT;

		if (strcmp(d->origin, "loader") != 0)
			continue;
		buf_addstr(&b, "signoff: ");
		str_escape(&b, plan_path(*out), strlen(plan_path(*out)), STR_ESCAPE_CONTROLS);
		if (d->line)
			buf_addf(&b, ":%lu:%lu", d->line, d->col ? d->col : 1);
		buf_addstr(&b, d->severity == PLAN_DIAG_ERROR ? ": error: " : ": warning: ");
		str_escape(&b, d->message, strlen(d->message), STR_ESCAPE_CONTROLS);
		buf_addch(&b, '\n');
		if (!buf_failed(&b))
			fputs(b.data, stderr);
		buf_release(&b);
	}
	return 0;
}

struct command_help {
	const char *name, *synopsis, *summary;
};

static const struct command_help commands[] = {
#define X(name, synopsis, summary) { #name, synopsis, summary },
	CLI_COMMANDS(X)
#undef X
};

void
cli_print_command_usage(const char *command, FILE *out)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, command) == 0)
			fprintf(out, "usage: signoff %s\n", commands[i].synopsis);
}

void
cli_print_help(FILE *out)
{
	size_t i;

	fputs("usage: signoff [OPTIONS] SOURCE                  review the change in the terminal UI\n"
	      "       signoff COMMAND ...\n"
	      "\n"
	      "SOURCE is `terraform show -json` output, `pulumi preview --json` output, a\n"
	      "Kubernetes/Crossplane YAML file or directory, a git work tree with --range A..B,\n"
	      "or - for standard input.  The format is detected from the content.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  signoff %s\n      %s\n", commands[i].synopsis, commands[i].summary);
	fputs("\n"
	      "Source options (every command):\n"
	      "  --range A..B     compare two git revisions of SOURCE (A...B: from the merge base;\n"
	      "                   A alone: A against the working tree); -- PATHSPEC... limits paths\n"
	      "  --state FILE     a `pulumi stack export` completing a Pulumi preview\n"
	      "  --namespace NS   namespace for namespaced manifests that name none\n"
	      "  --color[=WHEN]   never, always or auto (default; NO_COLOR is honoured)\n"
	      "  --ascii          ASCII-only markers\n"
	      "  -q, --quiet      no loader warnings\n"
	      "\n"
	      "Review UI options:\n"
	      "  --rules DIR      also run the rule pack in DIR (repeatable), as check does\n"
	      "  --only ID        run only these rules (globs, repeatable)\n"
	      "  --skip ID        leave these rules out (globs, repeatable)\n"
	      "  --waivers FILE   accepted risks: waived findings need no acknowledgement\n"
	      "  --policy FILE    the gate policy: its ack_severity is what an approval must\n"
	      "                   acknowledge (default high); its target goes in the record\n"
	      "  --review FILE    the review bundle decisions go to (default: SOURCE.review)\n"
	      "  --key FILE|SHA256:FP  the signing key (default: the ssh-agent's only key)\n"
	      "  --principal NAME the reviewer (default: principal = in the config, then the\n"
	      "                   key's comment)\n"
	      "  --environment E  --workspace W   the target recorded in a decision\n"
	      "  --theme NAME|FILE  default, light, high-contrast, monochrome, or a .theme file\n"
	      "  --config FILE    read FILE instead of $XDG_CONFIG_HOME/signoff/config\n"
	      "  --no-mouse       do not capture the mouse\n"
	      "  --keys FILE --dump-screen FILE [--dump-roles FILE] [--snap-dir DIR]\n"
	      "      [--size COLSxROWS]\n"
	      "                   replay a key script headless and write the screen as text\n"
	      "  --dump-theme NAME  print a theme as a .theme file\n"
	      "  --help-keys      every request of the UI with its keys\n"
	      "\n"
	      "  -h, --help       this help      --version   the version\n"
	      "\n"
	      "Exit codes: 0 success; 1 findings at or above --fail-on (check); 2 bad input or\n"
	      "usage; verify and gate: 10 vetoed, 11 quorum or acknowledgements short, 12 bad\n"
	      "signature or untrusted key, 13 bound to another plan or target, 14 outside the\n"
	      "time window.\n",
	      out);
}
