/* replay.c - runs every saved fuzz input (the files in testdata/fuzz/TARGET/)
 * its target as a plain test: a crash, a sanitizer report or a hang here
 * fails `make check`.  usage: fuzz-replay TARGET... */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define MAX_TARGETS 64
#define REPLAY_MAX_INPUT (8 * 1024 * 1024)

static struct {
	const char *name;
	fuzz_fn fn;
} targets[MAX_TARGETS];
static int ntargets;

void
fuzz_register(const char *name, fuzz_fn fn)
{
	if (ntargets < MAX_TARGETS) {
		targets[ntargets].name = name;
		targets[ntargets].fn = fn;
		ntargets++;
	}
}

static int
run_file(fuzz_fn fn, const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data;
	size_t n;

	if (!f)
		return -1;
	data = malloc(REPLAY_MAX_INPUT);
	if (!data) {
		fclose(f);
		return -1;
	}
	n = fread(data, 1, REPLAY_MAX_INPUT, f);
	fclose(f);
	fn(data, n);
	free(data);
	return 0;
}

static int
replay(const char *name, fuzz_fn fn)
{
	char dir[512], path[1024];
	struct dirent *e;
	DIR *d;
	int count = 0;

	snprintf(dir, sizeof(dir), "testdata/fuzz/%s", name);
	d = opendir(dir);
	if (!d) {
		printf("fuzz-replay: %s: no saved inputs\n", name);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (run_file(fn, path) < 0) {
			fprintf(stderr, "fuzz-replay: cannot read %s\n", path);
			closedir(d);
			return -1;
		}
		count++;
	}
	closedir(d);
	printf("fuzz-replay: %s: %d inputs\n", name, count);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, j;

	for (i = 1; i < argc; i++) {
		for (j = 0; j < ntargets; j++)
			if (strcmp(targets[j].name, argv[i]) == 0)
				break;
		if (j == ntargets) {
			fprintf(stderr, "fuzz-replay: no target '%s'\n", argv[i]);
			return 1;
		}
		if (replay(targets[j].name, targets[j].fn) < 0)
			return 1;
	}
	return 0;
}
