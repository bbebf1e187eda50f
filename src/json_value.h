/* json_value.h - build a value tree from the JSON reader, applying
 * unknown and sensitive masks node by node as the tree is read.
 *
 * A position whose sensitive mask is true is never stored: it is read
 * into a scratch arena, reduced to a keyed digest and its location in
 * the source, and the scratch memory is wiped.  Iterative (no recursion
 * on input depth).
 */
#ifndef SIGNOFF_JSON_VALUE_H
#define SIGNOFF_JSON_VALUE_H

#include "error.h"
#include "json.h"
#include "value.h"

struct json_value_opts {
	struct value_builder *vb;
	/* Masks shaped like the value: `true` marks the node (and all below
	 * it).  Either sensitive mask marking a node makes it sensitive. */
	const struct value *sensitive[2];
	const struct value *unknown;
	/* A string value equal to this becomes VALUE_UNKNOWN (Pulumi). */
	const char *unknown_sentinel;
	/* A string value equal to this becomes an opaque VALUE_SENSITIVE. */
	const char *secret_sentinel;
	/* Where to count duplicate object keys (the last value wins); the
	 * byte offset of the first one is kept.  May be NULL. */
	struct json_value_stats *stats;
};

struct json_value_stats {
	size_t duplicate_keys;
	size_t first_duplicate_offset;
};

/* Builds the value whose first token the reader has just returned.  On
 * return the reader's last token is the value's last token. */
int json_read_value(struct json_reader *r, const struct json_value_opts *o, struct value *out,
		    struct error *err);

/* Convenience: parse a whole buffer holding one JSON value. */
int json_parse_value(const char *buf, size_t len, const char *path, struct value_builder *vb,
		     struct value *out, struct error *err);

/* Applies masks to an already built value (used where the masks come
 * after the value in the file and the value is not secret yet, e.g.
 * output changes whose mask is a plain boolean). */
int json_value_mark(struct value_builder *vb, const struct value *in, const struct value *unknown,
		    const struct value *sensitive[2], struct value *out);

#endif
