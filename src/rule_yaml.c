/* rule_yaml.c - one YAML document -> a tree of rule_ynode (libyaml inside). */
#include "rule_yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "source.h"
#include "str.h"

/* A container being built: its node and the children seen so far. */
struct frame {
	struct rule_ynode *node;
	struct rule_ynode **kids;   /* seq items, or map keys and values interleaved */
	size_t n, cap;
};

static int
nomem(struct error *err)
{
	return error_set(err, ERROR_NOMEM, "out of memory");
}

int
rule_yaml_fail(const struct rule_ydoc *doc, const struct rule_ynode *n, struct error *err,
	       const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	error_locate(err, doc ? doc->path : NULL, n ? n->line : 0, n ? n->col : 0);
	va_start(ap, fmt);
	error_setv(err, ERROR_RULE, fmt, ap);
	va_end(ap);
	return -1;
}

static int
push_kid(struct frame *f, struct rule_ynode *kid)
{
	if (f->n == f->cap &&
	    mem_grow_array((void **)&f->kids, &f->cap, f->n + 1, sizeof(*f->kids)) < 0)
		return -1;
	f->kids[f->n++] = kid;
	return 0;
}

static bool
same_key(const struct rule_ynode *a, const struct rule_ynode *b)
{
	return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

/* Moves a finished frame's children into the node (arena copies). */
static int
close_frame(struct rule_ydoc *doc, struct frame *f, struct error *err)
{
	struct rule_ynode *node = f->node;
	size_t i, j;

	if (node->kind == RULE_YNODE_SEQ) {
		node->n = f->n;
		if (f->n) {
			node->items = arena_alloc(&doc->arena, f->n * sizeof(*node->items));
			if (!node->items)
				return nomem(err);
			memcpy(node->items, f->kids, f->n * sizeof(*node->items));
		}
	} else {
		node->n = f->n / 2;
		if (node->n) {
			node->items = arena_alloc(&doc->arena, node->n * sizeof(*node->items));
			node->values = arena_alloc(&doc->arena, node->n * sizeof(*node->values));
			if (!node->items || !node->values)
				return nomem(err);
		}
		for (i = 0; i < node->n; i++) {
			node->items[i] = f->kids[2 * i];
			node->values[i] = f->kids[2 * i + 1];
			for (j = 0; j < i; j++)
				if (same_key(node->items[j], node->items[i]))
					return rule_yaml_fail(doc, node->items[i], err,
							      "duplicate key '%.*s' (first at line %lu)",
							      (int)(node->items[i]->len > 64
									    ? 64
									    : node->items[i]->len),
							      node->items[i]->str, node->items[j]->line);
		}
	}
	mem_free(f->kids);
	f->kids = NULL;
	f->n = f->cap = 0;
	return 0;
}

static struct rule_ynode *
new_node(struct rule_ydoc *doc, enum rule_ynode_kind kind, const yaml_mark_t *mark)
{
	struct rule_ynode *n = arena_alloc(&doc->arena, sizeof(*n));

	if (!n)
		return NULL;
	n->kind = kind;
	n->line = mark->line + 1;
	n->col = mark->column + 1;
	return n;
}

int
rule_yaml_parse(struct rule_ydoc **out, const char *path, const char *text, size_t len,
		struct error *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct rule_ydoc *doc;
	struct frame stack[RULE_YAML_MAX_DEPTH + 1];
	size_t depth = 0, ndocs = 0, i;
	bool done = false, have_event = false;
	int rc = -1;

	*out = NULL;
	if (len > RULE_YAML_MAX_SIZE)
		return error_set_at(err, ERROR_LIMIT, path, 0, 0,
				    "file is larger than %zu bytes", RULE_YAML_MAX_SIZE);
	if (!str_utf8_valid(text, len, NULL))
		return error_set_at(err, ERROR_ENCODING, path, 0, 0, "file is not valid UTF-8");
	doc = mem_calloc(1, sizeof(*doc));
	if (!doc)
		return nomem(err);
	doc->path = arena_strndup(&doc->arena, path, strlen(path));
	if (!doc->path) {
		mem_free(doc);
		return nomem(err);
	}
	memset(stack, 0, sizeof(stack));
	if (!yaml_parser_initialize(&parser)) {
		arena_release(&doc->arena);
		mem_free(doc);
		return nomem(err);
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done) {
		struct rule_ynode *node = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			error_set_at(err, ERROR_SYNTAX, doc->path, parser.problem_mark.line + 1,
				     parser.problem_mark.column + 1, "YAML: %s%s%s",
				     parser.problem ? parser.problem : "syntax error",
				     parser.context ? " " : "", parser.context ? parser.context : "");
			goto out;
		}
		have_event = true;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				error_set_at(err, ERROR_RULE, doc->path, ev.start_mark.line + 1,
					     ev.start_mark.column + 1,
					     "a second YAML document starts here: one rule per file");
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			error_set_at(err, ERROR_RULE, doc->path, ev.start_mark.line + 1,
				     ev.start_mark.column + 1,
				     "YAML aliases are not supported here");
			goto out;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.anchor) {
				error_set_at(err, ERROR_RULE, doc->path, ev.start_mark.line + 1,
					     ev.start_mark.column + 1,
					     "YAML anchors are not supported here");
				goto out;
			}
			node = new_node(doc, RULE_YNODE_SCALAR, &ev.start_mark);
			if (!node) {
				nomem(err);
				goto out;
			}
			node->str = arena_strndup(&doc->arena, (const char *)ev.data.scalar.value,
						  ev.data.scalar.length);
			if (!node->str) {
				nomem(err);
				goto out;
			}
			node->len = ev.data.scalar.length;
			node->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			if (memchr(node->str, '\0', node->len)) {
				rule_yaml_fail(doc, node, err, "a NUL character in a string");
				goto out;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if ((ev.type == YAML_SEQUENCE_START_EVENT && ev.data.sequence_start.anchor) ||
			    (ev.type == YAML_MAPPING_START_EVENT && ev.data.mapping_start.anchor)) {
				error_set_at(err, ERROR_RULE, doc->path, ev.start_mark.line + 1,
					     ev.start_mark.column + 1,
					     "YAML anchors are not supported here");
				goto out;
			}
			if (depth >= RULE_YAML_MAX_DEPTH) {
				error_set_at(err, ERROR_LIMIT, doc->path, ev.start_mark.line + 1,
					     ev.start_mark.column + 1,
					     "nested deeper than %d levels", RULE_YAML_MAX_DEPTH);
				goto out;
			}
			node = new_node(doc,
					ev.type == YAML_SEQUENCE_START_EVENT ? RULE_YNODE_SEQ
									    : RULE_YNODE_MAP,
					&ev.start_mark);
			if (!node) {
				nomem(err);
				goto out;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth == 0)
				break;
			depth--;
			if (close_frame(doc, &stack[depth], err) < 0)
				goto out;
			node = stack[depth].node;
			stack[depth].node = NULL;
			/* attach to the parent below */
			if (depth == 0) {
				doc->root = node;
			} else if (stack[depth - 1].node->kind == RULE_YNODE_MAP &&
				   stack[depth - 1].n % 2 == 0) {
				rule_yaml_fail(doc, node, err, "a key must be a plain value, not a %s",
					       rule_yaml_kind_name(node));
				goto out;
			} else if (push_kid(&stack[depth - 1], node) < 0) {
				nomem(err);
				goto out;
			}
			node = NULL;
			break;
		default:
			break;
		}
		if (node && node->kind == RULE_YNODE_SCALAR) {
			if (depth == 0) {
				doc->root = node;
			} else if (push_kid(&stack[depth - 1], node) < 0) {
				nomem(err);
				goto out;
			}
		} else if (node) {
			stack[depth].node = node;
			stack[depth].n = 0;
			stack[depth].cap = 0;
			stack[depth].kids = NULL;
			depth++;
		}
		yaml_event_delete(&ev);
		have_event = false;
	}
	rc = 0;
out:
	if (have_event)
		yaml_event_delete(&ev);
	yaml_parser_delete(&parser);
	for (i = 0; i <= RULE_YAML_MAX_DEPTH; i++)
		mem_free(stack[i].kids);
	if (rc < 0) {
		arena_release(&doc->arena);
		mem_free(doc);
		return -1;
	}
	*out = doc;
	return 0;
}

int
rule_yaml_load(struct rule_ydoc **out, const char *path, struct error *err)
{
	struct source *src = NULL;
	int rc;

	*out = NULL;
	if (source_read(&src, path, err) < 0)
		return -1;
	rc = rule_yaml_parse(out, path, src->text + src->start, src->len - src->start, err);
	source_free(&src);
	return rc;
}

void
rule_yaml_free(struct rule_ydoc **doc)
{
	if (!*doc)
		return;
	arena_release(&(*doc)->arena);
	mem_free(*doc);
	*doc = NULL;
}

const struct rule_ynode *
rule_yaml_get(const struct rule_ynode *map, const char *key)
{
	size_t i, klen = strlen(key);

	if (!map || map->kind != RULE_YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->items[i]->len == klen && memcmp(map->items[i]->str, key, klen) == 0)
			return map->values[i];
	return NULL;
}

static bool
is_number(const char *s)
{
	const char *p = s;
	bool digits = false;

	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9') {
		p++;
		digits = true;
	}
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			p++;
			digits = true;
		}
	}
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

enum rule_yscalar
rule_yaml_scalar_kind(const struct rule_ynode *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	static const char *const bools[] = { "true", "True", "TRUE", "false", "False", "FALSE" };
	size_t i;

	if (!n || n->kind != RULE_YNODE_SCALAR || n->quoted)
		return RULE_YSCALAR_STRING;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->str, nulls[i]) == 0)
			return RULE_YSCALAR_NULL;
	for (i = 0; i < sizeof(bools) / sizeof(bools[0]); i++)
		if (strcmp(n->str, bools[i]) == 0)
			return RULE_YSCALAR_BOOL;
	if (is_number(n->str))
		return RULE_YSCALAR_NUMBER;
	return RULE_YSCALAR_STRING;
}

bool
rule_yaml_scalar_true(const struct rule_ynode *n)
{
	return n && n->kind == RULE_YNODE_SCALAR && !n->quoted &&
	       (strcmp(n->str, "true") == 0 || strcmp(n->str, "True") == 0 ||
		strcmp(n->str, "TRUE") == 0);
}

const char *
rule_yaml_kind_name(const struct rule_ynode *n)
{
	if (!n)
		return "nothing";
	switch (n->kind) {
	case RULE_YNODE_SCALAR:
		return "value";
	case RULE_YNODE_SEQ:
		return "list";
	case RULE_YNODE_MAP:
		return "mapping";
	}
	return "?";
}
