/* rule_yaml.h - a small YAML document tree for rule and waiver files.
 *
 * libyaml stays inside rule_yaml.c: it turns one YAML document into a
 * tree of our own nodes (mappings, sequences, scalars) with the line and
 * column of each, so that the rule parser and the waiver parser can say
 * exactly where a file is wrong.  Built without recursion; nesting deeper
 * than RULE_YAML_MAX_DEPTH, anchors and aliases, several documents,
 * duplicate keys and non-scalar keys are errors.
 *
 * Lifetime: a document owns its nodes (arena); rule_yaml_free() frees
 * them all.
 */
#ifndef SIGNOFF_RULE_YAML_H
#define SIGNOFF_RULE_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "mem.h"

#define RULE_YAML_MAX_DEPTH 64
#define RULE_YAML_MAX_SIZE ((size_t)1 << 20)   /* 1 MiB per file */

enum rule_ynode_kind {
	RULE_YNODE_SCALAR,
	RULE_YNODE_SEQ,
	RULE_YNODE_MAP,
};

/* What a scalar means (YAML 1.2 core schema); quoted scalars are strings. */
enum rule_yscalar {
	RULE_YSCALAR_NULL,
	RULE_YSCALAR_BOOL,
	RULE_YSCALAR_NUMBER,
	RULE_YSCALAR_STRING,
};

struct rule_ynode {
	enum rule_ynode_kind kind;
	unsigned long line, col;      /* 1-based */
	bool quoted;                  /* scalar written in quotes or as a block */
	const char *str;              /* scalar text (NUL-terminated) */
	size_t len;
	struct rule_ynode **items;    /* SEQ: n items; MAP: n keys followed by... */
	struct rule_ynode **values;   /* MAP: n values (keys are scalars in items) */
	size_t n;
};

struct rule_ydoc {
	struct arena arena;
	const char *path;
	struct rule_ynode *root;      /* NULL for an empty document */
};

/* Parses text[0..len) holding one YAML document.  `path` names the file
 * in errors (copied). */
int rule_yaml_parse(struct rule_ydoc **out, const char *path, const char *text, size_t len,
		    struct error *err);
/* Reads and parses a file. */
int rule_yaml_load(struct rule_ydoc **out, const char *path, struct error *err);
void rule_yaml_free(struct rule_ydoc **doc);

/* Value of `key` in a mapping, or NULL. */
const struct rule_ynode *rule_yaml_get(const struct rule_ynode *map, const char *key);
enum rule_yscalar rule_yaml_scalar_kind(const struct rule_ynode *n);
/* For BOOL scalars. */
bool rule_yaml_scalar_true(const struct rule_ynode *n);
const char *rule_yaml_kind_name(const struct rule_ynode *n);

/* Error helper: sets err located at the node. */
int rule_yaml_fail(const struct rule_ydoc *doc, const struct rule_ynode *n, struct error *err,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
