/* cmd_sign.c - `signoff sign` (not written yet). */
#include "cli.h"

int
cmd_sign(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("sign", "not available yet");
}
