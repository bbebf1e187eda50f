/* fileio.c - whole-file reads, atomic writes, lock files. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"

static int
io_error(struct error *err, const char *path, const char *what)
{
	int e = errno;

	return error_set_at(err, e == ENOENT ? ERROR_NOTFOUND : ERROR_IO, path, 0, 0,
			    "cannot %s: %s", what, strerror(e));
}

/* Undoes a failed read into `out`: what it held before stays; a buffer
 * that was empty is freed, so that a caller that gives up on the error
 * leaks nothing. */
static int
read_failed(struct buf *out, size_t start, int rc)
{
	if (start == 0)
		buf_release(out);
	else
		buf_truncate(out, start);
	return rc;
}

int
fileio_read_fd(int fd, const char *path, size_t max, struct buf *out, struct error *err)
{
	struct stat st;
	size_t start = out->len;

	if (fstat(fd, &st) < 0)
		return io_error(err, path, "stat");
	if (S_ISDIR(st.st_mode))
		return error_set_at(err, ERROR_IO, path, 0, 0, "is a directory, not a file");
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max)
		return error_set_at(err, ERROR_LIMIT, path, 0, 0,
				    "file is larger than %zu bytes", max);
	for (;;) {
		ssize_t n;

		if (buf_grow(out, 8192) < 0)
			return read_failed(out, start, error_set(err, ERROR_NOMEM, "out of memory"));
		n = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return read_failed(out, start, io_error(err, path, "read"));
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		if (out->len - start > max)
			return read_failed(out, start,
					   error_set_at(err, ERROR_LIMIT, path, 0, 0,
							"file is larger than %zu bytes", max));
	}
	return 0;
}

int
fileio_read(const char *path, size_t max, struct buf *out, struct error *err)
{
	int fd, rc;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return io_error(err, path, "open");
	rc = fileio_read_fd(fd, path, max, out, err);
	close(fd);
	return rc;
}

void
fileio_dirname(const char *path, struct buf *out)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		buf_addch(out, '.');
	else if (slash == path)
		buf_addch(out, '/');
	else
		buf_add(out, path, (size_t)(slash - path));
}

const char *
fileio_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
fileio_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		    struct error *err)
{
	struct buf tmp = BUF_INIT, dir = BUF_INIT;
	struct stat st;
	int fd = -1, dfd, rc = -1;

	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return error_set_at(err, ERROR_IO, path, 0, 0,
					    "refusing to replace a symbolic link");
		if (!S_ISREG(st.st_mode))
			return error_set_at(err, ERROR_IO, path, 0, 0, "not a regular file");
		mode = st.st_mode & 07777;
	}
	buf_addf(&tmp, "%s.XXXXXX", path);
	fileio_dirname(path, &dir);
	if (buf_failed(&tmp) || buf_failed(&dir)) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		io_error(err, path, "create a temporary file beside it");
		goto out;
	}
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		io_error(err, tmp.data, "write");
		goto unlink;
	}
	if (close(fd) < 0) {
		fd = -1;
		io_error(err, tmp.data, "close");
		goto unlink;
	}
	fd = -1;
	if (rename(tmp.data, path) < 0) {
		io_error(err, path, "rename the temporary file over");
		goto unlink;
	}
	dfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd); /* best effort: some file systems refuse */
		close(dfd);
	}
	rc = 0;
	goto out;
unlink:
	unlink(tmp.data);
out:
	if (fd >= 0)
		close(fd);
	buf_release(&tmp);
	buf_release(&dir);
	return rc;
}

int
fileio_lock(const char *path, int timeout_ms, struct fileio_lock *lock, struct error *err)
{
	struct buf lp = BUF_INIT;
	int fd = -1, waited = 0;

	lock->fd = -1;
	lock->path = NULL;
	buf_addf(&lp, "%s.lock", path);
	if (buf_failed(&lp))
		return error_set(err, ERROR_NOMEM, "out of memory");
	for (;;) {
		struct stat held, named;

		fd = open(lp.data, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			io_error(err, lp.data, "open the lock file");
			goto fail;
		}
		while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			struct timespec ts = { 0, 50 * 1000 * 1000 };

			if (errno != EWOULDBLOCK && errno != EINTR) {
				io_error(err, lp.data, "lock");
				goto fail;
			}
			if (waited >= timeout_ms) {
				error_set_at(err, ERROR_IO, lp.data, 0, 0,
					     "another signoff holds this lock (waited %d ms)", waited);
				goto fail;
			}
			nanosleep(&ts, NULL);
			waited += 50;
		}
		/* the holder before us removed the file we waited on: ours is
		 * the file at the path now, not that one */
		if (fstat(fd, &held) == 0 && stat(lp.data, &named) == 0 &&
		    held.st_dev == named.st_dev && held.st_ino == named.st_ino)
			break;
		close(fd);
		fd = -1;
	}
	lock->fd = fd;
	lock->path = buf_detach(&lp, NULL);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	buf_release(&lp);
	return -1;
}

void
fileio_unlock(struct fileio_lock *lock)
{
	if (lock->fd < 0)
		return;
	/* removed while still held: whoever waits on it opens the path anew */
	if (lock->path)
		unlink(lock->path);
	flock(lock->fd, LOCK_UN);
	close(lock->fd);
	lock->fd = -1;
	mem_free(lock->path);
	lock->path = NULL;
}

int
fileio_mkdirs(const char *dir, struct error *err)
{
	struct buf p = BUF_INIT;
	size_t i;
	int rc = 0;

	buf_addstr(&p, dir);
	if (buf_failed(&p))
		return error_set(err, ERROR_NOMEM, "out of memory");
	for (i = 1; i <= p.len; i++) {
		if (p.data[i] != '/' && p.data[i] != '\0')
			continue;
		p.data[i] = '\0';
		if (mkdir(p.data, 0700) < 0 && errno != EEXIST) {
			rc = io_error(err, p.data, "create directory");
			break;
		}
		if (i < p.len)
			p.data[i] = '/';
	}
	buf_release(&p);
	return rc;
}
