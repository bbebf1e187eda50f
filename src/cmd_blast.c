/* cmd_blast.c - `signoff blast` (not written yet). */
#include "cli.h"

int
cmd_blast(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("blast", "not available yet");
}
