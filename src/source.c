/* source.c - reading, hashing and transcoding input bytes. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "str.h"

const char *
source_encoding_name(enum source_encoding enc)
{
	switch (enc) {
	case SOURCE_UTF8:
		return "UTF-8";
	case SOURCE_UTF8_BOM:
		return "UTF-8 with BOM";
	case SOURCE_UTF16LE:
		return "UTF-16LE";
	case SOURCE_UTF16BE:
		return "UTF-16BE";
	}
	return "?";
}

void
source_free(struct source **src)
{
	if (!*src)
		return;
	mem_free((*src)->path);
	if ((*src)->text)
		mem_wipe((*src)->text, (*src)->len);
	mem_free((*src)->text);
	mem_free(*src);
	*src = NULL;
}

/* UTF-16 -> UTF-8; unpaired surrogates are an encoding error. */
static int
from_utf16(struct source *s, const unsigned char *raw, size_t len, int big, struct error *err)
{
	struct buf out = BUF_INIT;
	size_t i = 2; /* after the BOM */

	if (len % 2)
		return error_set_at(err, ERROR_ENCODING, s->path, 0, 0,
				    "UTF-16 input has an odd number of bytes (truncated?)");
	buf_grow(&out, len);
	while (i + 1 < len) {
		uint32_t u = big ? (uint32_t)(raw[i] << 8 | raw[i + 1])
				 : (uint32_t)(raw[i + 1] << 8 | raw[i]);
		char enc[4];

		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF) {
			uint32_t lo;

			if (i + 1 >= len)
				goto bad;
			lo = big ? (uint32_t)(raw[i] << 8 | raw[i + 1])
				 : (uint32_t)(raw[i + 1] << 8 | raw[i]);
			if (lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			i += 2;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			goto bad;
		}
		buf_add(&out, enc, (size_t)str_utf8_encode(u, enc));
	}
	if (buf_failed(&out))
		return error_set(err, ERROR_NOMEM, "out of memory");
	s->text = buf_detach(&out, &s->len);
	if (!s->text)
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
bad:
	buf_release(&out);
	return error_set_at(err, ERROR_ENCODING, s->path, 0, 0,
			    "invalid UTF-16 surrogate at byte offset %zu", i - 2);
}

static int
finish(struct source *s, char *raw, size_t len, struct error *err)
{
	const unsigned char *u = (const unsigned char *)raw;

	s->raw_len = len;
	if (digest_sha256(raw, len, s->digest) < 0) {
		mem_free(raw);
		return error_set(err, ERROR_INTERNAL, "cannot compute sha256");
	}
	digest_hex(s->digest, DIGEST_SHA256_LEN, s->digest_hex);
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		int big = u[0] == 0xFE;
		int rc;

		s->encoding = big ? SOURCE_UTF16BE : SOURCE_UTF16LE;
		rc = from_utf16(s, u, len, big, err);
		mem_wipe(raw, len);
		mem_free(raw);
		return rc;
	}
	s->text = raw;
	s->len = len;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		s->encoding = SOURCE_UTF8_BOM;
		s->start = 3;
	}
	return 0;
}

int
source_from_memory(struct source **out, const char *name, const void *data, size_t len,
		   struct error *err)
{
	struct source *s = mem_calloc(1, sizeof(*s));
	char *raw;

	*out = NULL;
	if (!s || !(s->path = mem_strdup(name)) || !(raw = mem_alloc(len + 1))) {
		source_free(&s);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	memcpy(raw, data, len);
	raw[len] = '\0';
	if (finish(s, raw, len, err) < 0) {
		source_free(&s);
		return -1;
	}
	*out = s;
	return 0;
}

int
source_read(struct source **out, const char *path, struct error *err)
{
	struct source *s;
	struct stat st;
	char *raw = NULL;
	size_t len = 0, cap = 0;
	int fd, is_stdin = strcmp(path, "-") == 0;

	*out = NULL;
	s = mem_calloc(1, sizeof(*s));
	if (!s || !(s->path = mem_strdup(path))) {
		mem_free(s);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		error_set_at(err, ERROR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
		goto fail;
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			error_set_at(err, ERROR_IO, path, 0, 0, "is a directory");
			goto fail_fd;
		}
		if (S_ISREG(st.st_mode)) {
			if ((unsigned long long)st.st_size > SOURCE_MAX_SIZE) {
				error_set_at(err, ERROR_LIMIT, path, 0, 0,
					     "file is too large (%lld bytes; the limit is %zu)",
					     (long long)st.st_size, SOURCE_MAX_SIZE);
				goto fail_fd;
			}
			cap = (size_t)st.st_size + 1;
		}
	}
	if (cap < 65536)
		cap = 65536;
	raw = mem_alloc(cap);
	if (!raw) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto fail_fd;
	}
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *p;

			if (cap >= SOURCE_MAX_SIZE) {
				error_set_at(err, ERROR_LIMIT, path, 0, 0,
					     "input is too large (the limit is %zu bytes)",
					     SOURCE_MAX_SIZE);
				goto fail_fd;
			}
			cap *= 2;
			p = mem_realloc(raw, cap);
			if (!p) {
				error_set(err, ERROR_NOMEM, "out of memory");
				goto fail_fd;
			}
			raw = p;
		}
		n = read(fd, raw + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error_set_at(err, ERROR_IO, path, 0, 0, "cannot read: %s", strerror(errno));
			goto fail_fd;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		/* Text in UTF-8 never holds a NUL byte, nor does any plan: past
		 * one (outside UTF-16, which starts with its BOM) the input is
		 * refused at it, so /dev/zero or a binary stream is not read to
		 * the size limit first. */
		if (!(len >= 2 && (((unsigned char)raw[0] == 0xFF && (unsigned char)raw[1] == 0xFE) ||
				   ((unsigned char)raw[0] == 0xFE && (unsigned char)raw[1] == 0xFF))) &&
		    memchr(raw + len - (size_t)n, '\0', (size_t)n))
			break;
	}
	if (!is_stdin)
		close(fd);
	raw[len] = '\0';
	if (finish(s, raw, len, err) < 0) {
		source_free(&s);
		return -1;
	}
	*out = s;
	return 0;
fail_fd:
	if (!is_stdin)
		close(fd);
fail:
	mem_free(raw);
	source_free(&s);
	return -1;
}
