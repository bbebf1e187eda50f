/* cmd_gate.c - `signoff gate` (not written yet). */
#include "cli.h"

int
cmd_gate(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("gate", "not available yet");
}
