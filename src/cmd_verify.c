/* cmd_verify.c - `signoff verify` (not written yet). */
#include "cli.h"

int
cmd_verify(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("verify", "not available yet");
}
