/* sshtest.c - see sshtest.h. */
#include "sshtest.h"

#include <fcntl.h>
#include <stdint.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static char dir[512];

static void
cleanup(void)
{
	if (dir[0]) {
		const char *argv[] = { "rm", "-rf", dir, NULL };

		sshtest_run(argv, NULL, NULL);
	}
}

const char *
sshtest_dir(void)
{
	if (!dir[0]) {
		const char *base = getenv("SIGNOFF_BUILD");

		snprintf(dir, sizeof(dir), "%s/sshtest.XXXXXX", base && *base ? base : "/tmp");
		if (!mkdtemp(dir)) {
			snprintf(dir, sizeof(dir), "/tmp/sshtest.XXXXXX");
			if (!mkdtemp(dir))
				abort();
		}
		{
			/* absolute, so it can serve as XDG_STATE_HOME and the like */
			char *abs = realpath(dir, NULL);

			if (abs) {
				snprintf(dir, sizeof(dir), "%s", abs);
				free(abs);
			}
		}
		atexit(cleanup);
	}
	return dir;
}

const char *
sshtest_path(const char *name)
{
	static char bufs[8][1024];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", sshtest_dir(), name);
	return b;
}

int
sshtest_run(const char *const argv[], const char *in_path, const char *out_path)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, in_path ? in_path : "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (!getenv("SSHTEST_VERBOSE"))
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)(uintptr_t)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

bool
sshtest_have(const char *tool)
{
	const char *path = getenv("PATH");
	char buf[1024];

	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, tool);
		if (access(buf, X_OK) == 0)
			return true;
		path = colon ? colon + 1 : NULL;
	}
	return false;
}

const char *
sshtest_keygen(const char *name, const char *type, const char *comment)
{
	static char paths[16][1024];
	static int next;
	char *path = paths[next++ % 16];
	const char *bits = strcmp(type, "rsa") == 0 ? "3072" : strcmp(type, "ecdsa") == 0 ? "256"
											   : NULL;
	const char *argv[] = { "ssh-keygen", "-q", "-t", type, "-N", "", "-C", comment, "-f", path,
			       bits ? "-b" : NULL, bits, NULL };

	snprintf(path, sizeof(paths[0]), "%s/%s", sshtest_dir(), name);
	unlink(path);
	if (sshtest_run(argv, NULL, NULL) != 0)
		return NULL;
	return path;
}

char *
sshtest_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t got;

		if (n + 4097 > cap) {
			char *p;

			cap = cap ? cap * 2 : 8192;
			p = realloc(data, cap);
			if (!p) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = p;
		}
		got = fread(data + n, 1, 4096, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

int
sshtest_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}
