/* source.h - the bytes a plan was read from.
 *
 * Reads a file or standard input into memory once, hashes the exact bytes
 * (the digest a signed review binds to), and turns UTF-16 (with BOM) into
 * UTF-8 so that loaders see one encoding.  The text stays available for
 * the life of the plan so that a sensitive value can be revealed on
 * purpose without being kept anywhere else.
 */
#ifndef SIGNOFF_SOURCE_H
#define SIGNOFF_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "digest.h"
#include "error.h"

enum source_encoding {
	SOURCE_UTF8,
	SOURCE_UTF8_BOM,
	SOURCE_UTF16LE,
	SOURCE_UTF16BE,
};

struct source {
	char *path;                  /* as given; "-" for standard input */
	char *text;                  /* UTF-8, NUL-terminated */
	size_t len;                  /* bytes of text (without the NUL) */
	size_t start;                /* offset after a BOM */
	size_t raw_len;              /* bytes read from the file */
	enum source_encoding encoding;
	uint8_t digest[DIGEST_SHA256_LEN];
	char digest_hex[DIGEST_SHA256_HEX];
};

#define SOURCE_MAX_SIZE ((size_t)2 << 30)   /* 2 GiB */

/* Reads `path` ("-" = standard input). */
int source_read(struct source **out, const char *path, struct error *err);
/* Builds a source from bytes in memory (copied), e.g. a git blob. */
int source_from_memory(struct source **out, const char *name, const void *data, size_t len,
		       struct error *err);
void source_free(struct source **src);
const char *source_encoding_name(enum source_encoding enc);

#endif
