/* cmd_check.c - `signoff check` (not written yet). */
#include "cli.h"

int
cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("check", "not available yet");
}
