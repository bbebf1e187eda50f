/* rule_parse.c - a rule file (YAML tree) -> a compiled rule.
 *
 * Every key is checked: an unknown key, operator or value of the wrong
 * kind is an error at its line and column (never a rule that silently
 * passes).  doc/rules.md describes the language.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rule_internal.h"
#include "rule_yaml.h"
#include "str.h"

struct parser {
	struct rule_set *set;
	const struct rule_ydoc *doc;
	struct error *err;
};

static const char *const op_keys[] = {
#define X(name, key, opv) key,
	RULE_OPS(X)
#undef X
};
static const enum rule_opv op_values[] = {
#define X(name, key, opv) opv,
	RULE_OPS(X)
#undef X
};

const char *
rule_op_key(enum rule_op op)
{
	return (unsigned)op < RULE_OP_COUNT ? op_keys[op] : "?";
}

static int
fail(struct parser *p, const struct rule_ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct parser *p, const struct rule_ynode *n, const char *fmt, ...)
{
	va_list ap;

	if (!p->err)
		return -1;
	error_locate(p->err, p->doc->path, n ? n->line : 0, n ? n->col : 0);
	va_start(ap, fmt);
	error_setv(p->err, ERROR_RULE, fmt, ap);
	va_end(ap);
	return -1;
}

static int
nomem(struct parser *p)
{
	return error_set(p->err, ERROR_NOMEM, "out of memory");
}

static void *
alloc(struct parser *p, size_t size)
{
	return arena_alloc(&p->set->arena, size);
}

static const char *
intern(struct parser *p, const char *s, size_t len)
{
	return strtab_intern(&p->set->strings, s, len);
}

/* A short, escaped rendering of a node's text for messages. */
static const char *
show(const struct rule_ynode *n, char *buf, size_t size)
{
	struct buf b = BUF_INIT;
	size_t len;

	if (!n || n->kind != RULE_YNODE_SCALAR)
		return rule_yaml_kind_name(n);
	str_escape(&b, n->str, n->len > 60 ? 60 : n->len, STR_ESCAPE_CONTROLS);
	len = b.len < size - 1 ? b.len : size - 1;
	memcpy(buf, b.data, len);
	buf[len] = '\0';
	buf_release(&b);
	return buf;
}

static int
expect_scalar(struct parser *p, const struct rule_ynode *n, const char *what)
{
	if (!n || n->kind != RULE_YNODE_SCALAR)
		return fail(p, n, "'%s' must be a single value, not a %s", what,
			    rule_yaml_kind_name(n));
	return 0;
}

static int
expect_string(struct parser *p, const struct rule_ynode *n, const char *what, const char **out)
{
	if (expect_scalar(p, n, what) < 0)
		return -1;
	*out = intern(p, n->str, n->len);
	return *out ? 0 : nomem(p);
}

/* A list of strings (a single string is a list of one). */
static int
expect_strings(struct parser *p, const struct rule_ynode *n, const char *what, const char ***out,
	       size_t *count)
{
	size_t i, k = n && n->kind == RULE_YNODE_SEQ ? n->n : 1;
	const char **v;

	if (!n || n->kind == RULE_YNODE_MAP)
		return fail(p, n, "'%s' must be a list of values, not a %s", what,
			    rule_yaml_kind_name(n));
	if (n->kind == RULE_YNODE_SEQ && n->n == 0)
		return fail(p, n, "'%s' must not be empty", what);
	v = alloc(p, k * sizeof(*v));
	if (!v)
		return nomem(p);
	for (i = 0; i < k; i++) {
		const struct rule_ynode *e = n->kind == RULE_YNODE_SEQ ? n->items[i] : n;

		if (expect_string(p, e, what, &v[i]) < 0)
			return -1;
	}
	*out = v;
	*count = k;
	return 0;
}

/* Keys of a mapping must all be in `allowed` (NULL-terminated). */
static int
check_keys(struct parser *p, const struct rule_ynode *map, const char *const *allowed,
	   const char *where)
{
	size_t i, j;

	for (i = 0; i < map->n; i++) {
		const struct rule_ynode *k = map->items[i];
		char b[80];

		for (j = 0; allowed[j]; j++)
			if (strlen(allowed[j]) == k->len && memcmp(allowed[j], k->str, k->len) == 0)
				break;
		if (!allowed[j])
			return fail(p, k, "unknown key '%s' in %s", show(k, b, sizeof(b)), where);
	}
	return 0;
}

/* ---- values ---- */

static int
to_value(struct parser *p, const struct rule_ynode *n, struct value *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	switch (n->kind) {
	case RULE_YNODE_SCALAR:
		switch (rule_yaml_scalar_kind(n)) {
		case RULE_YSCALAR_NULL:
			out->kind = VALUE_NULL;
			return 0;
		case RULE_YSCALAR_BOOL:
			out->kind = VALUE_BOOL;
			out->u.b = rule_yaml_scalar_true(n);
			return 0;
		case RULE_YSCALAR_NUMBER:
			if (value_make_string(&p->set->vb, n->str, n->len, out) < 0)
				return nomem(p);
			out->kind = VALUE_NUMBER;
			return 0;
		case RULE_YSCALAR_STRING:
			return value_make_string(&p->set->vb, n->str, n->len, out) < 0 ? nomem(p) : 0;
		}
		return 0;
	case RULE_YNODE_SEQ: {
		struct value *items = n->n ? alloc(p, n->n * sizeof(*items)) : NULL;

		if (n->n && !items)
			return nomem(p);
		for (i = 0; i < n->n; i++)
			if (to_value(p, n->items[i], &items[i]) < 0)
				return -1;
		return value_make_array(&p->set->vb, items, n->n, out) < 0 ? nomem(p) : 0;
	}
	case RULE_YNODE_MAP: {
		struct value_member *ms = n->n ? alloc(p, n->n * sizeof(*ms)) : NULL;

		if (n->n && !ms)
			return nomem(p);
		for (i = 0; i < n->n; i++) {
			ms[i].key = value_intern_key(&p->set->vb, n->items[i]->str, n->items[i]->len);
			ms[i].key_len = (uint32_t)n->items[i]->len;
			if (!ms[i].key || to_value(p, n->values[i], &ms[i].value) < 0)
				return ms[i].key ? -1 : nomem(p);
		}
		return value_make_object(&p->set->vb, ms, n->n, out, NULL) < 0 ? nomem(p) : 0;
	}
	}
	return 0;
}

static bool
scalar_number(const struct rule_ynode *n, double *out)
{
	char *end;

	if (!n || n->kind != RULE_YNODE_SCALAR || !n->len)
		return false;
	if (rule_yaml_scalar_kind(n) != RULE_YSCALAR_NUMBER &&
	    rule_yaml_scalar_kind(n) != RULE_YSCALAR_STRING)
		return false;
	*out = strtod(n->str, &end);
	return *end == '\0';
}

pcre2_code *
rule_compile_regex(struct rule_set *set, const char *pattern, size_t len, bool caseless,
		   bool utf, char *errbuf, size_t errsize)
{
	int errcode = 0;
	PCRE2_SIZE erroff = 0;
	uint32_t flags = (caseless ? PCRE2_CASELESS : 0) | (utf ? PCRE2_UTF : 0);
	pcre2_code *re;

	if (set->ncodes == set->ccodes &&
	    mem_grow_array((void **)&set->codes, &set->ccodes, set->ncodes + 1,
			   sizeof(*set->codes)) < 0) {
		snprintf(errbuf, errsize, "out of memory");
		return NULL;
	}
	re = pcre2_compile((PCRE2_SPTR)pattern, len, flags, &errcode, &erroff, NULL);
	if (!re) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(errcode, msg, sizeof(msg));
		snprintf(errbuf, errsize, "%s at offset %zu", (const char *)msg, (size_t)erroff);
		return NULL;
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	set->codes[set->ncodes++] = re;
	return re;
}

/* ---- paths ---- */

static int
parse_path(struct parser *p, const struct rule_ynode *n, struct rule_path *out)
{
	const char *s, *end;
	struct rule_seg segs[RULE_MAX_PATH_SEGS];
	size_t nsegs = 0;
	char b[80];

	if (expect_scalar(p, n, "path") < 0)
		return -1;
	memset(out, 0, sizeof(*out));
	s = n->str;
	end = s + n->len;
	out->text = intern(p, n->str, n->len);
	if (!out->text)
		return nomem(p);
	if (n->len == 0)
		return fail(p, n, "an empty path (write '.' for the value itself)");
	if (n->len == 1 && *s == '.')
		return 0;
	if (*s == '$') {
		if (n->len >= 9 && memcmp(s, "$resource", 9) == 0 &&
		    (n->len == 9 || s[9] == '.' || s[9] == '[')) {
			out->root = RULE_ROOT_RESOURCE;
			s += 9;
		} else if (n->len >= 9 && memcmp(s, "$document", 9) == 0 &&
			   (n->len == 9 || s[9] == '.' || s[9] == '[')) {
			out->root = RULE_ROOT_DOCUMENT;
			s += 9;
		} else {
			return fail(p, n, "unknown path root in '%s' (use $resource or $document)",
				    show(n, b, sizeof(b)));
		}
		if (s < end && *s == '.')
			s++;
		if (s == end)
			return 0;
	}
	while (s < end) {
		struct rule_seg *g;

		if (nsegs == RULE_MAX_PATH_SEGS)
			return fail(p, n, "path '%s' has more than %d parts", show(n, b, sizeof(b)),
				    RULE_MAX_PATH_SEGS);
		g = &segs[nsegs];
		memset(g, 0, sizeof(*g));
		if (*s == '[') {
			const char *close;

			s++;
			if (s < end && (*s == '"' || *s == '\'')) {
				char q = *s++;
				const char *kend = memchr(s, q, (size_t)(end - s));

				if (!kend || kend + 1 >= end || kend[1] != ']')
					return fail(p, n, "unterminated quoted key in path '%s'",
						    show(n, b, sizeof(b)));
				g->kind = RULE_SEG_KEY;
				g->key = intern(p, s, (size_t)(kend - s));
				g->key_len = (size_t)(kend - s);
				if (!g->key)
					return nomem(p);
				s = kend + 2;
			} else {
				close = memchr(s, ']', (size_t)(end - s));
				if (!close)
					return fail(p, n, "missing ']' in path '%s'",
						    show(n, b, sizeof(b)));
				if (close - s == 1 && *s == '*') {
					g->kind = RULE_SEG_ANY;
					out->wildcard = true;
				} else {
					const char *q;

					if (close == s)
						return fail(p, n, "empty [] in path '%s'",
							    show(n, b, sizeof(b)));
					for (q = s; q < close; q++)
						if (*q < '0' || *q > '9')
							return fail(p, n,
								    "'[%.*s]' in path '%s' is not an "
								    "index, [*] or a quoted key",
								    (int)(close - s), s,
								    show(n, b, sizeof(b)));
					g->kind = RULE_SEG_INDEX;
					g->index = strtoul(s, NULL, 10);
				}
				s = close + 1;
			}
		} else {
			const char *k = s;

			if (*s == '.') {
				if (nsegs == 0)
					return fail(p, n, "path '%s' starts with '.'",
						    show(n, b, sizeof(b)));
				s++;
				k = s;
			}
			while (s < end && *s != '.' && *s != '[' && *s != ']')
				s++;
			if (s == k)
				return fail(p, n, "empty key in path '%s'", show(n, b, sizeof(b)));
			if (s < end && *s == ']')
				return fail(p, n, "unexpected ']' in path '%s'", show(n, b, sizeof(b)));
			g->kind = RULE_SEG_KEY;
			g->key = intern(p, k, (size_t)(s - k));
			g->key_len = (size_t)(s - k);
			if (!g->key)
				return nomem(p);
		}
		nsegs++;
	}
	out->segs = alloc(p, nsegs * sizeof(*out->segs));
	if (!out->segs)
		return nomem(p);
	memcpy(out->segs, segs, nsegs * sizeof(*segs));
	out->nsegs = nsegs;
	return 0;
}

/* One path or a list of paths. */
static int
parse_paths(struct parser *p, const struct rule_ynode *n, struct rule_path **out, size_t *count)
{
	size_t i, k;

	if (!n || n->kind == RULE_YNODE_MAP)
		return fail(p, n, "a path must be a value or a list of values, not a %s",
			    rule_yaml_kind_name(n));
	k = n->kind == RULE_YNODE_SEQ ? n->n : 1;
	if (k == 0)
		return fail(p, n, "an empty list of paths");
	*out = alloc(p, k * sizeof(**out));
	if (!*out)
		return nomem(p);
	for (i = 0; i < k; i++)
		if (parse_path(p, n->kind == RULE_YNODE_SEQ ? n->items[i] : n, &(*out)[i]) < 0)
			return -1;
	*count = k;
	return 0;
}

static int
parse_quant(struct parser *p, const struct rule_ynode *n, enum rule_quant *out)
{
	char b[80];

	if (expect_scalar(p, n, "match") < 0)
		return -1;
	if (strcmp(n->str, "any") == 0)
		*out = RULE_QUANT_ANY;
	else if (strcmp(n->str, "all") == 0)
		*out = RULE_QUANT_ALL;
	else if (strcmp(n->str, "none") == 0)
		*out = RULE_QUANT_NONE;
	else
		return fail(p, n, "'%s' is not a quantifier (any, all or none)",
			    show(n, b, sizeof(b)));
	return 0;
}

static int
parse_bool(struct parser *p, const struct rule_ynode *n, const char *what, bool *out)
{
	if (expect_scalar(p, n, what) < 0)
		return -1;
	if (rule_yaml_scalar_kind(n) != RULE_YSCALAR_BOOL)
		return fail(p, n, "'%s' must be true or false", what);
	*out = rule_yaml_scalar_true(n);
	return 0;
}

/* ---- operands ---- */

static int
parse_cidr_list(struct parser *p, const struct rule_ynode *n, struct rule_operand *o)
{
	size_t i, k = n->kind == RULE_YNODE_SEQ ? n->n : 1;
	char b[80];

	if (n->kind == RULE_YNODE_MAP || k == 0)
		return fail(p, n, "'value' must be a CIDR or a list of CIDRs");
	o->cidrs = alloc(p, k * sizeof(*o->cidrs));
	if (!o->cidrs)
		return nomem(p);
	for (i = 0; i < k; i++) {
		const struct rule_ynode *e = n->kind == RULE_YNODE_SEQ ? n->items[i] : n;

		if (expect_scalar(p, e, "value") < 0)
			return -1;
		if (!rule_cidr_parse(e->str, e->len, &o->cidrs[i]))
			return fail(p, e, "'%s' is not a CIDR (a.b.c.d/n or an IPv6 prefix)",
				    show(e, b, sizeof(b)));
	}
	o->ncidrs = k;
	return 0;
}

static int
parse_ports(struct parser *p, const struct rule_ynode *n, struct rule_operand *o)
{
	size_t i, k = n->kind == RULE_YNODE_SEQ ? n->n : 1;

	if (n->kind == RULE_YNODE_MAP || k == 0)
		return fail(p, n, "'value' must be a port or a list of ports");
	o->ports = alloc(p, k * sizeof(*o->ports));
	if (!o->ports)
		return nomem(p);
	for (i = 0; i < k; i++) {
		const struct rule_ynode *e = n->kind == RULE_YNODE_SEQ ? n->items[i] : n;
		double d;

		if (!scalar_number(e, &d) || d < 0 || d > 65535 || d != (double)(long)d)
			return fail(p, e, "a port must be a whole number from 0 to 65535");
		o->ports[i] = (long)d;
	}
	o->nports = k;
	return 0;
}

static int
parse_operand(struct parser *p, struct rule_cond *c, const struct rule_ynode *opnode,
	      const struct rule_ynode *v)
{
	enum rule_opv kind = op_values[c->op];
	struct rule_operand *o = &c->val;
	char b[80], errbuf[256];
	double d;

	if (kind == RULE_OPV_NONE) {
		if (v)
			return fail(p, v, "operator '%s' takes no 'value'", op_keys[c->op]);
		return 0;
	}
	if (!v)
		return fail(p, opnode, "operator '%s' needs a 'value'", op_keys[c->op]);
	switch (kind) {
	case RULE_OPV_NONE:
		break;
	case RULE_OPV_SCALAR:
		return to_value(p, v, &o->v);
	case RULE_OPV_LIST:
		if (to_value(p, v, &o->v) < 0)
			return -1;
		if (o->v.kind != VALUE_ARRAY) {
			struct value one = o->v;

			if (o->v.kind == VALUE_OBJECT)
				return fail(p, v, "operator '%s' needs a list of values",
					    op_keys[c->op]);
			if (value_make_array(&p->set->vb, &one, 1, &o->v) < 0)
				return nomem(p);
		}
		if (c->op == RULE_OP_HAS_KEYS) {
			size_t i;

			for (i = 0; i < o->v.len; i++)
				if (o->v.u.items[i].kind != VALUE_STRING &&
				    o->v.u.items[i].kind != VALUE_NUMBER)
					return fail(p, v, "has_keys needs a list of key names");
		}
		return 0;
	case RULE_OPV_STRING:
		if (expect_scalar(p, v, "value") < 0)
			return -1;
		return to_value(p, v, &o->v);
	case RULE_OPV_REGEX:
		if (expect_scalar(p, v, "value") < 0)
			return -1;
		if (to_value(p, v, &o->v) < 0)
			return -1;
		o->re = rule_compile_regex(p->set, v->str, v->len, c->ignore_case, true, errbuf,
					   sizeof(errbuf));
		if (!o->re)
			return fail(p, v, "bad regular expression '%s': %s", show(v, b, sizeof(b)),
				    errbuf);
		return 0;
	case RULE_OPV_NUMBER:
		if (!scalar_number(v, &d))
			return fail(p, v, "operator '%s' needs a number, not '%s'", op_keys[c->op],
				    show(v, b, sizeof(b)));
		o->num = d;
		return to_value(p, v, &o->v);
	case RULE_OPV_RANGE:
		if (v->kind != RULE_YNODE_SEQ || v->n != 2 || !scalar_number(v->items[0], &o->num) ||
		    !scalar_number(v->items[1], &o->num2))
			return fail(p, v, "'between' needs [low, high]");
		if (o->num > o->num2)
			return fail(p, v, "'between' needs low <= high");
		return to_value(p, v, &o->v);
	case RULE_OPV_COUNT:
		if (!scalar_number(v, &d) || d < 0 || d != (double)(size_t)d)
			return fail(p, v, "operator '%s' needs a whole number >= 0", op_keys[c->op]);
		o->count = (size_t)d;
		return to_value(p, v, &o->v);
	case RULE_OPV_PORTS:
		if (parse_ports(p, v, o) < 0)
			return -1;
		return to_value(p, v, &o->v);
	case RULE_OPV_CIDR:
		if (parse_cidr_list(p, v, o) < 0)
			return -1;
		return to_value(p, v, &o->v);
	}
	return 0;
}

/* ---- conditions ---- */

/* Whether a condition reads more than the resource as it will be: other
 * resources (related), the value before, or the change itself (action,
 * changed, iam_widens), at any depth (recursive: parse_cond bounds
 * conditions at RULE_MAX_COND_DEPTH). */
static bool
cond_reads_beyond(const struct rule_cond *c)
{
	size_t i;

	if (!c)
		return false;
	switch (c->kind) {
	case RULE_COND_RELATED:
	case RULE_COND_BEFORE:
	case RULE_COND_CHANGED:
	case RULE_COND_IAM_WIDENS:
	case RULE_COND_ACTION:
		return true;
	default:
		break;
	}
	for (i = 0; i < c->nkids; i++)
		if (cond_reads_beyond(c->kids[i]))
			return true;
	return false;
}

static int parse_cond(struct parser *p, const struct rule_ynode *n, struct rule_cond **out,
		      int depth);

/* The one path of changed, iam_widens, json and iam_statements: no [*]. */
static int
parse_one_path(struct parser *p, const struct rule_ynode *v, struct rule_cond *c,
	       const char *head)
{
	c->paths = alloc(p, sizeof(*c->paths));
	if (!c->paths)
		return nomem(p);
	c->npaths = 1;
	if (parse_path(p, v, c->paths) < 0)
		return -1;
	if (c->paths->wildcard)
		return fail(p, v, "'%s' needs a path without [*]", head);
	return 0;
}

static const char *const heads[] = {
	"all", "any", "none", "not", "attr", "for", "related", "action", "type", "changed",
	"before", "after", "json", "iam_statements", "iam_widens", NULL,
};

static struct rule_cond *
new_cond(struct parser *p, enum rule_cond_kind kind, const struct rule_ynode *n)
{
	struct rule_cond *c = alloc(p, sizeof(*c));

	if (!c)
		return NULL;
	c->kind = kind;
	c->line = n->line;
	c->col = n->col;
	return c;
}

static int
parse_list(struct parser *p, struct rule_cond *c, const struct rule_ynode *v, const char *key,
	   int depth)
{
	size_t i;

	if (!v || v->kind != RULE_YNODE_SEQ)
		return fail(p, v, "'%s' needs a list of conditions, not a %s", key,
			    rule_yaml_kind_name(v));
	if (v->n == 0)
		return fail(p, v, "'%s' needs at least one condition", key);
	c->kids = alloc(p, v->n * sizeof(*c->kids));
	if (!c->kids)
		return nomem(p);
	for (i = 0; i < v->n; i++)
		if (parse_cond(p, v->items[i], &c->kids[i], depth + 1) < 0)
			return -1;
	c->nkids = v->n;
	return 0;
}

static int
parse_sub(struct parser *p, struct rule_cond *c, const struct rule_ynode *v, int depth)
{
	c->kids = alloc(p, sizeof(*c->kids));
	if (!c->kids)
		return nomem(p);
	c->nkids = 1;
	if (!v)
		return 0;
	return parse_cond(p, v, &c->kids[0], depth + 1);
}

static int
parse_attr(struct parser *p, struct rule_cond *c, const struct rule_ynode *n)
{
	static const char *const keys[] = { "attr", "op", "value", "match", "ignore_case", NULL };
	const struct rule_ynode *opn = rule_yaml_get(n, "op"), *m = rule_yaml_get(n, "match");
	const struct rule_ynode *ic = rule_yaml_get(n, "ignore_case");
	size_t i;
	bool wild = false;
	char b[80];

	if (check_keys(p, n, keys, "an attribute condition") < 0)
		return -1;
	if (parse_paths(p, rule_yaml_get(n, "attr"), &c->paths, &c->npaths) < 0)
		return -1;
	if (!opn)
		return fail(p, n, "an attribute condition needs 'op'");
	if (expect_scalar(p, opn, "op") < 0)
		return -1;
	for (i = 0; i < RULE_OP_COUNT; i++)
		if (strlen(op_keys[i]) == opn->len && memcmp(op_keys[i], opn->str, opn->len) == 0)
			break;
	if (i == RULE_OP_COUNT)
		return fail(p, opn, "unknown operator '%s'", show(opn, b, sizeof(b)));
	c->op = (enum rule_op)i;
	if (ic && parse_bool(p, ic, "ignore_case", &c->ignore_case) < 0)
		return -1;
	for (i = 0; i < c->npaths; i++)
		wild |= c->paths[i].wildcard;
	if (wild && !m)
		return fail(p, n,
			    "path '%s' selects several values: say which must match with "
			    "'match: any', 'match: all' or 'match: none'",
			    c->paths[0].text);
	if (m && !wild)
		return fail(p, m, "'match' needs a path with [*]");
	if (m && parse_quant(p, m, &c->quant) < 0)
		return -1;
	if (c->op == RULE_OP_CONFIGURED && (wild || c->npaths != 1))
		return fail(p, opn, "'configured' needs one path without [*]");
	return parse_operand(p, c, opn, rule_yaml_get(n, "value"));
}

static int
parse_related(struct parser *p, struct rule_cond *c, const struct rule_ynode *n, int depth)
{
	static const char *const keys[] = { "related", NULL };
	static const char *const rkeys[] = { "types", "referenced_by", "refers_to", "anywhere",
					     "match", "where", NULL };
	const struct rule_ynode *r = rule_yaml_get(n, "related");
	const struct rule_ynode *by, *to, *any, *m;
	int ways;

	if (check_keys(p, n, keys, "a related condition") < 0)
		return -1;
	if (!r || r->kind != RULE_YNODE_MAP)
		return fail(p, r ? r : n, "'related' needs a mapping (types, referenced_by or "
					  "refers_to, match, where)");
	if (check_keys(p, r, rkeys, "'related'") < 0)
		return -1;
	if (!rule_yaml_get(r, "types"))
		return fail(p, r, "'related' needs 'types'");
	if (expect_strings(p, rule_yaml_get(r, "types"), "types", &c->types, &c->ntypes) < 0)
		return -1;
	by = rule_yaml_get(r, "referenced_by");
	to = rule_yaml_get(r, "refers_to");
	any = rule_yaml_get(r, "anywhere");
	ways = (by != NULL) + (to != NULL) + (any != NULL);
	if (ways != 1)
		return fail(p, r, "'related' needs exactly one of referenced_by, refers_to or "
				  "anywhere");
	if (by || to) {
		c->incoming = by != NULL;
		if (expect_string(p, by ? by : to, by ? "referenced_by" : "refers_to", &c->via) < 0)
			return -1;
	} else {
		if (parse_bool(p, any, "anywhere", &c->anywhere) < 0)
			return -1;
		if (!c->anywhere)
			return fail(p, any, "'anywhere' can only be true");
	}
	m = rule_yaml_get(r, "match");
	c->quant = RULE_QUANT_ANY;
	if (m && parse_quant(p, m, &c->quant) < 0)
		return -1;
	return parse_sub(p, c, rule_yaml_get(r, "where"), depth);
}

static int
parse_cond(struct parser *p, const struct rule_ynode *n, struct rule_cond **out, int depth)
{
	const struct rule_ynode *v;
	struct rule_cond *c;
	const char *head = NULL;
	size_t i, found = 0;
	char b[80];

	*out = NULL;
	if (depth > RULE_MAX_COND_DEPTH)
		return fail(p, n, "conditions nested deeper than %d levels", RULE_MAX_COND_DEPTH);
	if (!n || n->kind != RULE_YNODE_MAP)
		return fail(p, n, "a condition must be a mapping, not a %s", rule_yaml_kind_name(n));
	for (i = 0; heads[i]; i++)
		if (rule_yaml_get(n, heads[i])) {
			if (!head)
				head = heads[i];
			found++;
		}
	if (found != 1) {
		if (found == 0 && n->n)
			return fail(p, n->items[0], "unknown key '%s' in a condition",
				    show(n->items[0], b, sizeof(b)));
		return fail(p, n, "a condition needs exactly one of all, any, none, not, attr, "
				  "for, related, action, changed, before, after, json, "
				  "iam_statements or iam_widens");
	}
	v = rule_yaml_get(n, head);
#define ONLY(...)                                                                     \
	do {                                                                          \
		static const char *const k_[] = { __VA_ARGS__, NULL };                \
		if (check_keys(p, n, k_, "this condition") < 0)                       \
			return -1;                                                    \
	} while (0)
	if (strcmp(head, "all") == 0 || strcmp(head, "any") == 0 || strcmp(head, "none") == 0) {
		ONLY("all", "any", "none");
		c = new_cond(p, head[1] == 'l' ? RULE_COND_ALL
				: head[1] == 'n' ? RULE_COND_ANY
						 : RULE_COND_NONE,
			     n);
		if (!c)
			return nomem(p);
		if (parse_list(p, c, v, head, depth) < 0)
			return -1;
	} else if (strcmp(head, "not") == 0 || strcmp(head, "before") == 0 ||
		   strcmp(head, "after") == 0) {
		ONLY("not", "before", "after");
		c = new_cond(p, head[0] == 'n' ? RULE_COND_NOT
				: head[0] == 'b' ? RULE_COND_BEFORE
						 : RULE_COND_AFTER,
			     n);
		if (!c)
			return nomem(p);
		if (!v || v->kind != RULE_YNODE_MAP)
			return fail(p, v ? v : n, "'%s' needs a condition", head);
		if (parse_sub(p, c, v, depth) < 0)
			return -1;
	} else if (strcmp(head, "attr") == 0) {
		c = new_cond(p, RULE_COND_ATTR, n);
		if (!c)
			return nomem(p);
		if (parse_attr(p, c, n) < 0)
			return -1;
	} else if (strcmp(head, "for") == 0) {
		ONLY("for", "in", "where");
		c = new_cond(p, RULE_COND_FOR, n);
		if (!c)
			return nomem(p);
		if (parse_quant(p, v, &c->quant) < 0)
			return -1;
		if (!rule_yaml_get(n, "in"))
			return fail(p, n, "'for' needs 'in' (the list to go through)");
		if (parse_paths(p, rule_yaml_get(n, "in"), &c->paths, &c->npaths) < 0)
			return -1;
		if (!rule_yaml_get(n, "where"))
			return fail(p, n, "'for' needs 'where'");
		if (parse_sub(p, c, rule_yaml_get(n, "where"), depth) < 0)
			return -1;
	} else if (strcmp(head, "related") == 0) {
		c = new_cond(p, RULE_COND_RELATED, n);
		if (!c)
			return nomem(p);
		if (parse_related(p, c, n, depth) < 0)
			return -1;
	} else if (strcmp(head, "action") == 0) {
		const char **names;
		size_t k;

		ONLY("action");
		c = new_cond(p, RULE_COND_ACTION, n);
		if (!c)
			return nomem(p);
		if (expect_strings(p, v, "action", &names, &k) < 0)
			return -1;
		for (i = 0; i < k; i++) {
			int a = plan_action_parse(names[i]);

			if (a < 0)
				return fail(p, v, "unknown action '%s'", names[i]);
			c->actions |= 1u << a;
		}
	} else if (strcmp(head, "type") == 0) {
		ONLY("type");
		c = new_cond(p, RULE_COND_TYPE, n);
		if (!c)
			return nomem(p);
		if (expect_strings(p, v, "type", &c->types, &c->ntypes) < 0)
			return -1;
	} else if (strcmp(head, "changed") == 0 || strcmp(head, "iam_widens") == 0) {
		ONLY("changed", "iam_widens");
		c = new_cond(p, head[0] == 'c' ? RULE_COND_CHANGED : RULE_COND_IAM_WIDENS, n);
		if (!c)
			return nomem(p);
		if (parse_one_path(p, v, c, head) < 0)
			return -1;
	} else {
		/* json / iam_statements */
		bool iam = strcmp(head, "iam_statements") == 0;
		const struct rule_ynode *m = rule_yaml_get(n, "match");

		if (iam)
			ONLY("iam_statements", "match", "where");
		else
			ONLY("json", "where");
		c = new_cond(p, iam ? RULE_COND_IAM : RULE_COND_JSON, n);
		if (!c)
			return nomem(p);
		if (parse_one_path(p, v, c, head) < 0)
			return -1;
		if (iam) {
			if (!m)
				return fail(p, n, "'iam_statements' needs 'match' (any, all or none)");
			if (parse_quant(p, m, &c->quant) < 0)
				return -1;
		}
		if (!rule_yaml_get(n, "where"))
			return fail(p, n, "'%s' needs 'where'", head);
		if (parse_sub(p, c, rule_yaml_get(n, "where"), depth) < 0)
			return -1;
	}
#undef ONLY
	*out = c;
	return 0;
}

/* ---- secret rules ---- */

static int
parse_secret(struct parser *p, struct rule *r, const struct rule_ynode *n)
{
	static const char *const keys[] = { "what", "pattern", "group", "keywords", "key_pattern",
					    "min_entropy", "min_length", NULL };
	struct rule_secret *s = alloc(p, sizeof(*s));
	const struct rule_ynode *v;
	char errbuf[256], b[80];
	double d;
	size_t i;

	if (!s)
		return nomem(p);
	if (!n || n->kind != RULE_YNODE_MAP)
		return fail(p, n, "'secret' must be a mapping");
	if (check_keys(p, n, keys, "'secret'") < 0)
		return -1;
	v = rule_yaml_get(n, "what");
	if (!v)
		return fail(p, n, "'secret' needs 'what' (the kind of secret, for messages)");
	if (expect_string(p, v, "what", &s->what) < 0)
		return -1;
	v = rule_yaml_get(n, "pattern");
	if (!v)
		return fail(p, n, "'secret' needs 'pattern'");
	if (expect_scalar(p, v, "pattern") < 0)
		return -1;
	s->re = rule_compile_regex(p->set, v->str, v->len, false, false, errbuf, sizeof(errbuf));
	if (!s->re)
		return fail(p, v, "bad regular expression '%s': %s", show(v, b, sizeof(b)), errbuf);
	v = rule_yaml_get(n, "group");
	if (v) {
		uint32_t groups = 0;

		if (!scalar_number(v, &d) || d < 0 || d != (double)(uint32_t)d)
			return fail(p, v, "'group' must be a capture group number");
		pcre2_pattern_info(s->re, PCRE2_INFO_CAPTURECOUNT, &groups);
		if ((uint32_t)d > groups)
			return fail(p, v, "'group' %u but the pattern has %u capture group(s)",
				    (unsigned)d, (unsigned)groups);
		s->group = (uint32_t)d;
	}
	v = rule_yaml_get(n, "keywords");
	if (v) {
		if (expect_strings(p, v, "keywords", &s->keywords, &s->nkeywords) < 0)
			return -1;
		for (i = 0; i < s->nkeywords; i++) {
			char *lower = arena_strndup(&p->set->arena, s->keywords[i],
						    strlen(s->keywords[i]));
			char *q;

			if (!lower)
				return nomem(p);
			for (q = lower; *q; q++)
				if (*q >= 'A' && *q <= 'Z')
					*q = (char)(*q - 'A' + 'a');
			if (!*lower)
				return fail(p, v, "an empty keyword");
			s->keywords[i] = lower;
		}
	}
	v = rule_yaml_get(n, "key_pattern");
	if (v) {
		if (expect_scalar(p, v, "key_pattern") < 0)
			return -1;
		s->key_re = rule_compile_regex(p->set, v->str, v->len, false, false, errbuf,
					       sizeof(errbuf));
		if (!s->key_re)
			return fail(p, v, "bad regular expression '%s': %s", show(v, b, sizeof(b)),
				    errbuf);
	}
	if (!s->nkeywords && !s->key_re)
		return fail(p, n, "'secret' needs 'keywords' or 'key_pattern' (so that not every "
				  "string runs the pattern)");
	v = rule_yaml_get(n, "min_entropy");
	if (v && (!scalar_number(v, &s->min_entropy) || s->min_entropy < 0 ||
		  s->min_entropy > 8))
		return fail(p, v, "'min_entropy' must be a number from 0 to 8 (bits per character)");
	s->min_length = 8;
	v = rule_yaml_get(n, "min_length");
	if (v) {
		if (!scalar_number(v, &d) || d < 1 || d > 4096 || d != (double)(size_t)d)
			return fail(p, v, "'min_length' must be a whole number from 1 to 4096");
		s->min_length = (size_t)d;
	}
	r->secret = s;
	return 0;
}

/* ---- the rule ---- */

static bool
valid_id(const char *s)
{
	const char *q;

	if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z')))
		return false;
	for (q = s; *q; q++)
		if (!((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
		      (*q >= '0' && *q <= '9') || *q == '-' || *q == '_' || *q == '.'))
			return false;
	return q - s <= 64;
}

static int
parse_rule(struct parser *p, const struct rule_ynode *root, struct rule **out)
{
	static const char *const keys[] = {
		"id", "title", "severity", "description", "remediation", "references",
		"resource_types", "actions", "on_unknown", "message", "when", "condition",
		"secret", NULL,
	};
	struct rule *r = alloc(p, sizeof(*r));
	const struct rule_ynode *v;
	char b[80];
	size_t i;
	int sev;

	if (!r)
		return nomem(p);
	if (!root)
		return fail(p, NULL, "empty rule file");
	if (root->kind != RULE_YNODE_MAP)
		return fail(p, root, "a rule file must be a mapping, not a %s",
			    rule_yaml_kind_name(root));
	if (check_keys(p, root, keys, "a rule") < 0)
		return -1;
	r->info.path = intern(p, p->doc->path, strlen(p->doc->path));
	if (!r->info.path)
		return nomem(p);
	r->info.enabled = true;

	v = rule_yaml_get(root, "id");
	if (!v)
		return fail(p, root, "a rule needs 'id'");
	if (expect_string(p, v, "id", &r->info.id) < 0)
		return -1;
	if (!valid_id(r->info.id))
		return fail(p, v, "rule id '%s' must be letters, digits, '-', '_' or '.' (at most 64)",
			    show(v, b, sizeof(b)));
	v = rule_yaml_get(root, "title");
	if (!v)
		return fail(p, root, "a rule needs 'title'");
	if (expect_string(p, v, "title", &r->info.title) < 0)
		return -1;
	v = rule_yaml_get(root, "severity");
	if (!v)
		return fail(p, root, "a rule needs 'severity' (info, low, medium, high, critical)");
	if (expect_scalar(p, v, "severity") < 0)
		return -1;
	sev = severity_parse(v->str);
	if (sev < 0)
		return fail(p, v, "unknown severity '%s' (info, low, medium, high, critical)",
			    show(v, b, sizeof(b)));
	r->info.severity = (enum severity)sev;
	r->info.description = "";
	r->info.remediation = "";
	r->info.references = "";
	v = rule_yaml_get(root, "description");
	if (v && expect_string(p, v, "description", &r->info.description) < 0)
		return -1;
	v = rule_yaml_get(root, "remediation");
	if (v && expect_string(p, v, "remediation", &r->info.remediation) < 0)
		return -1;
	v = rule_yaml_get(root, "references");
	if (v) {
		const char **refs = NULL;
		size_t k;
		struct buf joined = BUF_INIT;

		if (v->kind == RULE_YNODE_SEQ && v->n == 0)
			k = 0;
		else if (expect_strings(p, v, "references", &refs, &k) < 0)
			return -1;
		for (i = 0; i < k; i++)
			buf_addf(&joined, "%s%s", i ? ", " : "", refs[i]);
		if (buf_failed(&joined))
			return nomem(p);
		r->info.references = intern(p, joined.data, joined.len);
		buf_release(&joined);
		if (!r->info.references)
			return nomem(p);
	}
	r->message = r->info.title;
	v = rule_yaml_get(root, "message");
	if (v && expect_string(p, v, "message", &r->message) < 0)
		return -1;
	v = rule_yaml_get(root, "resource_types");
	if (!v)
		return fail(p, root, "a rule needs 'resource_types'");
	if (expect_strings(p, v, "resource_types", &r->types, &r->ntypes) < 0)
		return -1;
	/* default: everything that will exist after the change */
	r->actions = ~0u & ~(1u << PLAN_ACTION_DELETE) & ~(1u << PLAN_ACTION_FORGET);
	v = rule_yaml_get(root, "actions");
	if (v) {
		const char **names;
		size_t k;

		if (expect_strings(p, v, "actions", &names, &k) < 0)
			return -1;
		r->actions = 0;
		for (i = 0; i < k; i++) {
			int a = plan_action_parse(names[i]);

			if (a < 0)
				return fail(p, v, "unknown action '%s'", names[i]);
			r->actions |= 1u << a;
		}
	}
	r->info.on_unknown = RULE_ON_UNKNOWN_WARN;
	v = rule_yaml_get(root, "on_unknown");
	if (v) {
		if (expect_scalar(p, v, "on_unknown") < 0)
			return -1;
		if (strcmp(v->str, "pass") == 0)
			r->info.on_unknown = RULE_ON_UNKNOWN_PASS;
		else if (strcmp(v->str, "fail") == 0)
			r->info.on_unknown = RULE_ON_UNKNOWN_FAIL;
		else if (strcmp(v->str, "warn") == 0)
			r->info.on_unknown = RULE_ON_UNKNOWN_WARN;
		else
			return fail(p, v, "'on_unknown' must be pass, fail or warn, not '%s'",
				    show(v, b, sizeof(b)));
	}
	v = rule_yaml_get(root, "secret");
	if (v) {
		if (rule_yaml_get(root, "condition") || rule_yaml_get(root, "when"))
			return fail(p, v, "a secret rule has no 'condition' or 'when'");
		if (parse_secret(p, r, v) < 0)
			return -1;
		r->info.is_secret = true;
	} else {
		v = rule_yaml_get(root, "condition");
		if (!v)
			return fail(p, root, "a rule needs 'condition' (or 'secret')");
		if (parse_cond(p, v, &r->cond, 0) < 0)
			return -1;
		v = rule_yaml_get(root, "when");
		if (v && parse_cond(p, v, &r->when, 0) < 0)
			return -1;
		r->self_only = !cond_reads_beyond(r->cond) && !cond_reads_beyond(r->when);
	}
	*out = r;
	return 0;
}

int
rule_parse_doc(struct rule_set *set, const char *path, const char *text, size_t len,
	       struct error *err)
{
	struct rule_ydoc *doc = NULL;
	struct parser p;
	struct rule *r = NULL;
	size_t i;
	int rc = -1;

	if (rule_yaml_parse(&doc, path, text, len, err) < 0)
		return -1;
	p.set = set;
	p.doc = doc;
	p.err = err;
	if (parse_rule(&p, doc->root, &r) < 0)
		goto out;
	for (i = 0; i < set->nrules; i++)
		if (strcmp(set->rules[i]->info.id, r->info.id) == 0) {
			fail(&p, rule_yaml_get(doc->root, "id"),
			     "rule id '%s' is already defined in %s", r->info.id,
			     set->rules[i]->info.path);
			goto out;
		}
	if (set->nrules == set->crules &&
	    mem_grow_array((void **)&set->rules, &set->crules, set->nrules + 1,
			   sizeof(*set->rules)) < 0) {
		nomem(&p);
		goto out;
	}
	set->rules[set->nrules++] = r;
	rc = 0;
out:
	rule_yaml_free(&doc);
	return rc;
}
