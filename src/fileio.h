/* fileio.h - small files read whole, written atomically, and locked.
 *
 * For the review bundle, drafts, keys, policies and allowed_signers:
 * documents of at most a few MiB.  Writes follow design.md section 4:
 * a temporary file in the same directory, fsync, rename over the
 * target, fsync of the directory; a reader never sees half a file.
 */
#ifndef SIGNOFF_FILEIO_H
#define SIGNOFF_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

struct buf;

/* Reads the whole regular file at path ("-" is not special) into out
 * (appended).  Fails with ERROR_LIMIT when it is larger than max bytes,
 * ERROR_NOTFOUND when it does not exist, ERROR_IO otherwise; err names
 * the path. */
int fileio_read(const char *path, size_t max, struct buf *out, struct error *err);
/* The same from an open descriptor (not closed). */
int fileio_read_fd(int fd, const char *path, size_t max, struct buf *out, struct error *err);

/* Replaces path with data[0..len) atomically, with the given mode for a
 * new file (an existing file keeps its mode).  Never follows a symlink
 * at path's last component. */
int fileio_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
			struct error *err);

/* An exclusive lock on "<path>.lock": the file is created (0600) when the
 * lock is taken and removed when it is given back, so nothing is left
 * beside PATH.  A lock file removed or replaced while we waited for it is
 * opened again, so two holders never hold two different files. */
struct fileio_lock {
	int fd;
	char *path;
};

/* Waits up to timeout_ms for it; 0, or -1 with err set. */
int fileio_lock(const char *path, int timeout_ms, struct fileio_lock *lock, struct error *err);
void fileio_unlock(struct fileio_lock *lock);

/* Creates dir and its parents with mode 0700 where missing. */
int fileio_mkdirs(const char *dir, struct error *err);

/* The directory part of path ("." when none), into out. */
void fileio_dirname(const char *path, struct buf *out);
/* The last component of path. */
const char *fileio_basename(const char *path);

#endif
