/* cmd_show.c - `signoff show SOURCE [--format text|json] [--full]`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "render.h"

int
cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "full", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_source_opts so;
	struct render_opts ro;
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;
	const char *format = "text";
	int opt, rc;

	cli_source_opts_init(&so);
	memset(&ro, 0, sizeof(ro));
	optind = 1;
	while ((opt = cli_getopt("show", argc, argv, "f:hq", longopts)) != -1) {
		int r = cli_source_option(&so, opt, optarg);

		if (r < 0)
			return 2;
		if (r > 0)
			continue;
		switch (opt) {
		case 'f':
			format = optarg;
			break;
		case 'F':
			ro.full = true;
			break;
		case 'h':
			cli_print_command_usage("show", stdout);
			return 0;
		default:
			return 2; /* cli_getopt said why */
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("show", "--format must be text or json, not '%s'", format);
	if (optind >= argc)
		return cli_usage_error("show", "missing SOURCE");
	so.load.path = argv[optind++];
	if (optind < argc)
		so.load.pathspecs = (const char *const *)&argv[optind];
	if (cli_load(&plan, &so) < 0)
		return 2;
	ro.color = cli_use_color(so.color, stdout);
	ro.ascii = so.ascii;
	rc = strcmp(format, "json") == 0 ? render_json_plan(stdout, plan, &ro, &err)
					 : render_text_plan(stdout, plan, &ro, &err);
	plan_free(&plan);
	if (rc < 0) {
		cli_print_error(&err);
		return error_exit_status(&err);
	}
	return 0;
}
