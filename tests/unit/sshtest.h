/* sshtest.h - helpers for tests that need OpenSSH: a private temporary
 * directory, running ssh-keygen, reading and writing small files. */
#ifndef SIGNOFF_TEST_SSHTEST_H
#define SIGNOFF_TEST_SSHTEST_H

#include <stdbool.h>
#include <stddef.h>

/* A fresh directory for this test (under $SIGNOFF_BUILD or /tmp); the
 * returned string is static and the directory is removed at exit. */
const char *sshtest_dir(void);
/* dir/name in a static rotating buffer. */
const char *sshtest_path(const char *name);
bool sshtest_have(const char *tool);
/* Runs argv (NULL-terminated) with stdin from in_path (or /dev/null) and
 * stdout to out_path (or /dev/null); stderr to /dev/null unless
 * SSHTEST_VERBOSE is set.  Returns the exit status, or -1. */
int sshtest_run(const char *const argv[], const char *in_path, const char *out_path);
/* ssh-keygen -t TYPE [-b BITS] -N "" -C COMMENT -f dir/name; returns the path. */
const char *sshtest_keygen(const char *name, const char *type, const char *comment);
/* Whole file into a malloc'd buffer (NUL-terminated); NULL on error. */
char *sshtest_read(const char *path, size_t *len);
int sshtest_write(const char *path, const void *data, size_t len);

#endif
