/* review_ui.c - the interactive review (placeholder until the UI lands). */
#include <stdio.h>

#include "cli.h"
#include "ui.h"

int
ui_main(int argc, char **argv)
{
	(void)argv;
	if (argc < 2) {
		cli_print_help(stderr);
		return 2;
	}
	return cli_usage_error(NULL, "the review UI is not available yet; try `signoff show`");
}
