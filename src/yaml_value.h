/* yaml_value.h - YAML streams -> value trees (libyaml stays inside yaml_value.c).
 *
 * A reader walks a multi-document YAML stream and builds one value per
 * document, the way Kubernetes reads manifests (sigs.k8s.io/yaml on a
 * YAML 1.1 resolver):
 *
 *   - plain scalars resolve to null (~, null, empty), booleans (true,
 *     yes, on, y and their negations, in the three cases YAML 1.1 has),
 *     numbers, or strings; quoted and block scalars are always strings,
 *     so "0" and 0 stay different.  A number keeps its text when that
 *     text is a JSON number (1.50 stays 1.50); other spellings become the
 *     JSON number Kubernetes sees (0755 -> 493, 0x1F -> 31, +1 -> 1,
 *     1_000 -> 1000, .5 -> 0.5).  .inf and .nan stay strings.
 *   - !!str, !!int, !!float, !!bool, !!null and !!binary tags are
 *     honoured; other tags are ignored.
 *   - Mapping keys must be scalars; a key given twice in one mapping is
 *     an error naming its line.  Non-string plain keys become their JSON
 *     text (yes -> "true", 0x10 -> "16"), as Kubernetes converts them.
 *   - Anchors and aliases are resolved by sharing the anchored value (no
 *     copy); the nodes and the bytes of text that aliases add when
 *     expanded are counted, and a stream whose aliases expand beyond a
 *     limit is rejected ("billion laughs", of nodes or of long strings).
 *     An alias also counts for the nesting limit: what it brings is as
 *     deep as its anchor's value.  "<<" merge keys merge a mapping or a sequence of
 *     mappings; keys written in the mapping win, then earlier merges.
 *   - Nesting deeper than a limit is an error.  Nothing recurses on the
 *     input's depth.
 *   - CRLF line ends read as LF (also inside block scalars).
 *
 * Every scalar's text is wiped from libyaml's buffers once converted, so
 * a caller that builds into a scratch arena and wipes it keeps no copy of
 * secret values.
 */
#ifndef SIGNOFF_YAML_VALUE_H
#define SIGNOFF_YAML_VALUE_H

#include <stddef.h>

#include "error.h"
#include "value.h"

#define YAML_VALUE_MAX_DEPTH 512
#define YAML_VALUE_MAX_ALIAS_NODES 1000000
#define YAML_VALUE_MAX_ALIAS_BYTES (64u * 1024 * 1024)

struct yaml_value_doc {
	struct value value;       /* VALUE_NULL for an empty document */
	unsigned index;           /* 1-based position in the stream */
	unsigned long line, col;  /* 1-based start of the document's root node */
};

struct yaml_value_limits {
	size_t max_depth;         /* 0: YAML_VALUE_MAX_DEPTH */
	size_t max_alias_nodes;   /* 0: YAML_VALUE_MAX_ALIAS_NODES (per stream) */
	size_t max_alias_bytes;   /* 0: YAML_VALUE_MAX_ALIAS_BYTES (per stream) */
};

struct yaml_value_reader;

/* A reader over text[0..len), which must stay alive and unchanged while
 * the reader is used.  `path` is copied, for messages.  `limits` may be
 * NULL. */
int yaml_value_reader_new(struct yaml_value_reader **out, const char *text, size_t len,
			  const char *path, const struct yaml_value_limits *limits,
			  struct error *err);

/* Builds the next document into `vb` (strings and keys are copied there).
 * Returns 1 with *doc filled, 0 at the end of the stream, or -1 with err
 * set (syntax, duplicate key, limits) naming path, line and column.
 * After an error the reader must not be used again. */
int yaml_value_reader_next(struct yaml_value_reader *r, struct value_builder *vb,
			   struct yaml_value_doc *doc, struct error *err);

void yaml_value_reader_free(struct yaml_value_reader **r);

enum yaml_value_scalar {
	YAML_VALUE_SCALAR_STRING,
	YAML_VALUE_SCALAR_NULL,
	YAML_VALUE_SCALAR_TRUE,
	YAML_VALUE_SCALAR_FALSE,
	YAML_VALUE_SCALAR_NUMBER,
};

struct buf;
/* How a plain (unquoted, untagged) scalar resolves; for a number, `num`
 * (if not NULL) receives its JSON text.  Exposed for tests. */
enum yaml_value_scalar yaml_value_resolve_plain(const char *s, size_t len, struct buf *num);

#endif
