/* replay.c - runs every saved fuzz input (testdata/fuzz/TARGET/...)
 * through its target, so crashes found once stay fixed (sqlite's
 * fuzztest); built with gcc and run by `make check`. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "targets.h"

static int
replay_dir(const char *target, int (*fn)(const uint8_t *, size_t))
{
	char dir[512], path[1024];
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(dir, sizeof(dir), "testdata/fuzz/%s", target);
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay: %s: no saved inputs\n", dir);
		return 0;
	}
	while ((e = readdir(d))) {
		FILE *f;
		uint8_t *buf;
		long len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc(len > 0 ? (size_t)len : 1);
		if (buf && fread(buf, 1, (size_t)len, f) == (size_t)len)
			fn(buf, (size_t)len);
		free(buf);
		fclose(f);
		n++;
	}
	closedir(d);
	printf("replay: %s: %d inputs\n", target, n);
	return n;
}

int
main(int argc, char **argv)
{
	int i;

	(void)argc;
	(void)argv;
	i = 0;
#define X(name) i += replay_dir(#name, fuzz_##name);
	FUZZ_TARGETS(X)
#undef X
	printf("replay: %d inputs, no crash\n", i);
	return 0;
}
