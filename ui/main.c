/* main.c - argument parsing and dispatch: a command, or the review UI. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ui.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct command commands[] = {
#define X(name, synopsis, summary) { #name, cmd_##name },
	CLI_COMMANDS(X)
#undef X
};

int
main(int argc, char **argv)
{
	size_t i;

	setlocale(LC_ALL, "");
	if (argc >= 2) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
		    strcmp(argv[1], "help") == 0) {
			cli_print_help(stdout);
			return 0;
		}
		if (strcmp(argv[1], "--version") == 0) {
			printf("signoff %s\n", SIGNOFF_VERSION);
			return 0;
		}
		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].fn(argc - 1, argv + 1);
	}
	return ui_main(argc, argv);
}
