/* render_text.c - `signoff show` as text, in Terraform's own words. */
#include <string.h>

#include "diff.h"
#include "lcs.h"
#include "pulumi_summary.h"
#include "render.h"
#include "str.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"
#define C_DIM "\033[2m"

struct tctx {
	struct buf *out;
	const struct render_opts *opts;
	struct error *err;
};

static void
color(struct tctx *t, const char *code)
{
	if (t->opts->color)
		buf_addstr(t->out, code);
}

/* Untrusted text, escaped. */
static void
put_text(struct buf *out, const char *s)
{
	str_escape(out, s, strlen(s), STR_ESCAPE_CONTROLS);
}

/* ---- headers ---- */

static void
disp_addr(struct buf *out, const struct plan_change *c)
{
	put_text(out, c->address);
	if (c->deposed) {
		buf_addstr(out, " (deposed object ");
		put_text(out, c->deposed);
		buf_addch(out, ')');
	}
}

static const char *
tool_name(enum plan_source_kind kind)
{
	switch (kind) {
	case PLAN_SOURCE_TERRAFORM:
		return "Terraform";
	case PLAN_SOURCE_PULUMI:
		return "Pulumi";
	case PLAN_SOURCE_MANIFESTS:
		return "the GitOps tooling";
	}
	return "the tool";
}

void
render_change_header(struct buf *out, const struct plan_change *c, enum plan_source_kind kind)
{
	bool drift = c->section == PLAN_SECTION_DRIFT;
	bool tf = kind == PLAN_SOURCE_TERRAFORM;
	bool printed_moved = false, printed_imported = false;

	switch (c->action) {
	case PLAN_ACTION_CREATE:
		buf_addstr(out, "  # ");
		disp_addr(out, c);
		buf_addstr(out, " will be created");
		break;
	case PLAN_ACTION_READ:
		buf_addstr(out, "  # ");
		disp_addr(out, c);
		buf_addstr(out, " will be read during apply");
		if (c->reason == PLAN_REASON_READ_CONFIG_UNKNOWN)
			buf_addstr(out, "\n  # (config refers to values not yet known)");
		else if (c->reason == PLAN_REASON_READ_DEPENDENCY_PENDING)
			buf_addstr(out,
				   "\n  # (depends on a resource or a module with changes pending)");
		else if (c->reason == PLAN_REASON_READ_CHECK_NESTED)
			buf_addstr(out, "\n  # (config will be reloaded to verify a check block)");
		break;
	case PLAN_ACTION_UPDATE:
		buf_addstr(out, "  # ");
		disp_addr(out, c);
		buf_addstr(out, drift ? " has changed" : " will be updated in-place");
		break;
	case PLAN_ACTION_REPLACE:
		if (c->flags & PLAN_CHANGE_FORGET_OLD) {
			buf_addstr(out, " # ");
			disp_addr(out, c);
			buf_addstr(out, " must be replaced, but the existing object will not be "
					"destroyed");
			if (tf)
				buf_addstr(out, "\n # (destroy = false is set in the configuration)");
			break;
		}
		buf_addstr(out, "  # ");
		disp_addr(out, c);
		switch (c->reason) {
		case PLAN_REASON_REPLACE_TAINTED:
			buf_addstr(out, " is tainted, so must be replaced");
			break;
		case PLAN_REASON_REPLACE_BY_REQUEST:
			buf_addstr(out, " will be replaced, as requested");
			break;
		case PLAN_REASON_REPLACE_BY_TRIGGERS:
			buf_addstr(out, " will be replaced due to changes in replace_triggered_by");
			break;
		default:
			buf_addstr(out, " must be replaced");
			break;
		}
		break;
	case PLAN_ACTION_FORGET:
		buf_addstr(out, " # ");
		disp_addr(out, c);
		if (c->deposed)
			buf_addf(out, " will be removed from %s state, but will not be destroyed\n # "
				      "(left over from a partially-failed replacement of this "
				      "instance)",
				 tool_name(kind));
		else
			buf_addf(out, " will no longer be managed by %s, but will not be destroyed",
				 tool_name(kind));
		if (tf)
			buf_addstr(out, "\n # (destroy = false is set in the configuration)");
		break;
	case PLAN_ACTION_DELETE:
		buf_addstr(out, "  # ");
		disp_addr(out, c);
		buf_addstr(out, drift ? " has been deleted" : " will be destroyed");
		switch (c->reason) {
		case PLAN_REASON_DELETE_NO_RESOURCE_CONFIG:
			buf_addstr(out, "\n  # (because ");
			put_text(out, c->type);
			buf_addch(out, '.');
			put_text(out, c->name);
			buf_addstr(out, " is not in configuration)");
			break;
		case PLAN_REASON_DELETE_NO_MOVE_TARGET:
			buf_addstr(out, "\n  # (because ");
			put_text(out, c->previous_address ? c->previous_address : "");
			buf_addstr(out, " was moved to ");
			put_text(out, c->address);
			buf_addstr(out, ", which is not in configuration)");
			break;
		case PLAN_REASON_DELETE_NO_MODULE:
			buf_addstr(out, "\n  # (because ");
			put_text(out, c->group);
			buf_addstr(out, " is not in configuration)");
			break;
		case PLAN_REASON_DELETE_WRONG_REPETITION:
			if (!c->index_key)
				buf_addstr(out, "\n  # (because resource uses count or for_each)");
			else if (c->index_key[0] == '"')
				buf_addstr(out, "\n  # (because resource does not use for_each)");
			else
				buf_addstr(out, "\n  # (because resource does not use count)");
			break;
		case PLAN_REASON_DELETE_COUNT_INDEX:
			buf_addstr(out, "\n  # (because index [");
			put_text(out, c->index_key ? c->index_key : "");
			buf_addstr(out, "] is out of range for count)");
			break;
		case PLAN_REASON_DELETE_EACH_KEY:
			buf_addstr(out, "\n  # (because key [");
			put_text(out, c->index_key ? c->index_key : "");
			buf_addstr(out, "] is not in for_each map)");
			break;
		default:
			break;
		}
		if (c->deposed)
			buf_addstr(out, "\n  # (left over from a partially-failed replacement of "
					"this instance)");
		break;
	case PLAN_ACTION_NOOP:
	case PLAN_ACTION_MOVE:
	case PLAN_ACTION_IMPORT:
	default:
		if (c->flags & PLAN_CHANGE_MOVED) {
			buf_addstr(out, "  # ");
			put_text(out, c->previous_address);
			buf_addstr(out, " has moved to ");
			disp_addr(out, c);
			printed_moved = true;
			break;
		}
		if (c->flags & PLAN_CHANGE_IMPORTING) {
			buf_addstr(out, "  # ");
			disp_addr(out, c);
			buf_addstr(out, " will be imported");
			if (c->flags & PLAN_CHANGE_GENERATED_CONFIG)
				buf_addstr(out, "\n  # (config will be generated)");
			printed_imported = true;
			break;
		}
		buf_addstr(out, "  # ");
		disp_addr(out, c);
		if (c->flags & PLAN_CHANGE_PLANNED_ONLY)
			buf_addstr(out, " is in planned_values only\n  # (the file has no "
					"resource_changes, so its action is not known)");
		else
			buf_addstr(out, c->section == PLAN_SECTION_CONTEXT ? " is read for context"
									   : " has no changes");
		break;
	}
	buf_addch(out, '\n');
	if ((c->flags & PLAN_CHANGE_MOVED) && !printed_moved) {
		buf_addstr(out, "  # (moved from ");
		put_text(out, c->previous_address);
		buf_addstr(out, ")\n");
	}
	if ((c->flags & PLAN_CHANGE_IMPORTING) && !printed_imported) {
		if (c->import_id && *c->import_id) {
			buf_addstr(out, "  # (imported from \"");
			put_text(out, c->import_id);
			buf_addstr(out, "\")\n");
		} else {
			buf_addstr(out, "  # (will be imported first)\n");
		}
	}
	if ((c->flags & PLAN_CHANGE_IMPORTING) && c->action == PLAN_ACTION_REPLACE)
		buf_addstr(out, "  # Warning: this will destroy the imported resource\n");
}

/* ---- values ---- */

/* HCL-style quoted string: escapes quotes, backslashes and controls. */
static void
quote(struct buf *out, const char *s, size_t n)
{
	size_t i, run = 0;

	buf_addch(out, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\') {
			str_escape(out, s + run, i - run, STR_ESCAPE_CONTROLS);
			buf_addch(out, '\\');
			buf_addch(out, s[i]);
			run = i + 1;
		}
	}
	str_escape(out, s + run, n - run, STR_ESCAPE_CONTROLS);
	buf_addch(out, '"');
}

static void
key_text(struct buf *out, const char *k, size_t n)
{
	if (str_is_identifier(k, n))
		buf_add(out, k, n);
	else
		quote(out, k, n);
}

static size_t
key_width(const char *k, size_t n)
{
	struct buf tmp = BUF_INIT;
	size_t w;

	key_text(&tmp, k, n);
	w = str_width(tmp.data, tmp.len);
	buf_release(&tmp);
	return w;
}

void
render_value_inline(struct buf *out, const struct value *v, size_t max_len, bool ascii)
{
	size_t start = out->len, i;

	switch (v->kind) {
	case VALUE_ABSENT:
	case VALUE_NULL:
		buf_addstr(out, "null");
		break;
	case VALUE_BOOL:
		buf_addstr(out, v->u.b ? "true" : "false");
		break;
	case VALUE_NUMBER:
		buf_add(out, v->u.str, v->len);
		break;
	case VALUE_STRING:
		quote(out, v->u.str, v->len);
		break;
	case VALUE_UNKNOWN:
		buf_addstr(out, (v->flags & VALUE_F_SENSITIVE) ? "(sensitive value)"
							       : "(known after apply)");
		break;
	case VALUE_SENSITIVE:
		buf_addstr(out, "(sensitive value)");
		break;
	case VALUE_ARRAY:
		buf_addch(out, '[');
		for (i = 0; i < v->len && (!max_len || out->len - start < max_len); i++) {
			if (i)
				buf_addstr(out, ", ");
			render_value_inline(out, &v->u.items[i], max_len, ascii);
		}
		buf_addch(out, ']');
		break;
	case VALUE_OBJECT:
		buf_addch(out, '{');
		for (i = 0; i < v->len && (!max_len || out->len - start < max_len); i++) {
			if (i)
				buf_addstr(out, ", ");
			key_text(out, v->u.members[i].key, v->u.members[i].key_len);
			buf_addstr(out, " = ");
			render_value_inline(out, &v->u.members[i].value, max_len, ascii);
		}
		buf_addch(out, '}');
		break;
	}
	if (max_len && out->len - start > max_len) {
		size_t keep = str_fit(out->data + start, out->len - start, max_len - 1, NULL);

		buf_truncate(out, start + keep);
		buf_addstr(out, ascii ? "..." : "…");
	}
}

static bool
is_multiline(const struct value *v)
{
	return v->kind == VALUE_STRING && v->len > 1 && memchr(v->u.str, '\n', v->len - 1);
}

/* Nesting deeper than this many columns is not indented further, and keys
 * wider than ALIGN_MAX are not aligned with the others (nor widen them):
 * the output stays within a bound per line of input, whatever its depth
 * or its longest key (a 50k-letter key among 50k others made 2.5 GB). */
#define INDENT_MAX 160
#define ALIGN_MAX 48

static void
indent(struct buf *out, size_t n)
{
	buf_addchn(out, ' ', n < INDENT_MAX ? n : INDENT_MAX);
}

/* A heredoc for a multi-line string; `ind` is the column of the key. */
static void
heredoc(struct buf *out, const struct value *v, size_t ind)
{
	const char *s = v->u.str, *end = s + v->len;

	buf_addstr(out, "<<-EOT\n");
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;

		indent(out, ind + 4);
		str_escape(out, s, (size_t)(le - s), STR_ESCAPE_CONTROLS);
		buf_addch(out, '\n');
		s = nl ? nl + 1 : end;
	}
	indent(out, ind);
	buf_addstr(out, "EOT");
}

static void marker(struct tctx *t, enum diff_op op);

struct line {
	const char *s;
	size_t len;
};

static size_t
split_lines(const struct value *v, struct line **out)
{
	const char *s = v->u.str, *end = s + v->len;
	size_t n = 0, cap = 0;
	struct line *l = NULL;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		void *p = l;

		if (mem_grow_array(&p, &cap, n + 1, sizeof(*l)) < 0)
			break;
		l = p;
		l[n].s = s;
		l[n].len = (size_t)(le - s);
		n++;
		s = nl ? nl + 1 : end;
	}
	*out = l;
	return n;
}

static bool
line_eq(const struct line *x, const struct line *y)
{
	return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
}

static void
heredoc_line(struct tctx *t, enum diff_op op, const struct line *l, size_t ind)
{
	indent(t->out, ind + 2);
	marker(t, op);
	buf_addch(t->out, ' ');
	str_escape(t->out, l->s, l->len, STR_ESCAPE_CONTROLS);
	buf_addch(t->out, '\n');
}

static bool
lines_equal(void *ctx, size_t i, size_t j)
{
	const struct line *const *l = ctx;

	return line_eq(&l[0][i], &l[1][j]);
}

/* A multi-line string change as Terraform prints it: a heredoc whose
 * lines carry their own markers (aligned by lcs.c, removals first). */
static void
heredoc_diff(struct tctx *t, const struct value *a, const struct value *b, size_t ind)
{
	struct line *la = NULL, *lb = NULL;
	size_t na = split_lines(a, &la), nb = split_lines(b, &lb), i, nsteps = 0;
	uint64_t *ha = mem_alloc((na + 1) * sizeof(*ha)), *hb = mem_alloc((nb + 1) * sizeof(*hb));
	struct lcs_step *steps = NULL;
	const struct line *both[2] = { la, lb };

	buf_addstr(t->out, "<<-EOT\n");
	if (ha && hb) {
		for (i = 0; i < na; i++)
			ha[i] = mem_hash(la[i].s, la[i].len);
		for (i = 0; i < nb; i++)
			hb[i] = mem_hash(lb[i].s, lb[i].len);
		if (lcs_align(ha, na, hb, nb, lines_equal, both, LCS_FALLBACK_BLOCKS, &steps,
			      &nsteps) < 0)
			steps = NULL;
	}
	if (steps) {
		for (i = 0; i < nsteps; i++) {
			if (steps[i].op == LCS_PAIR)
				heredoc_line(t, DIFF_SAME, &la[steps[i].a], ind);
			else if (steps[i].op == LCS_REMOVE)
				heredoc_line(t, DIFF_REMOVE, &la[steps[i].a], ind);
			else
				heredoc_line(t, DIFF_ADD, &lb[steps[i].b], ind);
		}
	} else {
		for (i = 0; i < na; i++)
			heredoc_line(t, DIFF_REMOVE, &la[i], ind);
		for (i = 0; i < nb; i++)
			heredoc_line(t, DIFF_ADD, &lb[i], ind);
	}
	indent(t->out, ind);
	buf_addstr(t->out, "EOT");
	mem_free(steps);
	mem_free(ha);
	mem_free(hb);
	mem_free(la);
	mem_free(lb);
}

static void
scalar(struct buf *out, const struct value *v, size_t ind)
{
	if (is_multiline(v))
		heredoc(out, v, ind);
	else
		render_value_inline(out, v, 0, false);
}

static void
marker(struct tctx *t, enum diff_op op)
{
	switch (op) {
	case DIFF_ADD:
		color(t, C_GREEN);
		buf_addch(t->out, '+');
		break;
	case DIFF_REMOVE:
		color(t, C_RED);
		buf_addch(t->out, '-');
		break;
	case DIFF_CHANGE:
		color(t, C_YELLOW);
		buf_addch(t->out, '~');
		break;
	case DIFF_SAME:
		buf_addch(t->out, ' ');
		return;
	}
	color(t, C_RESET);
}

/* A value printed over several lines. */
static bool
is_block(const struct value *v)
{
	return (v->kind == VALUE_OBJECT || v->kind == VALUE_ARRAY) && v->len;
}

/* Whether a child is printed: in a whole-object create or delete every
 * non-null member is; in an update only changed ones (and id/name/tags at
 * the top, and the name of an object in a list, which says which element
 * changed: a container's env var, a named port), unless --full. */
static bool
shown(const struct tctx *t, const struct diff_node *parent, const struct diff_node *n, int depth,
      enum diff_op ctx)
{
	if (diff_value_is_empty(n->before) && diff_value_is_empty(n->after))
		return t->opts->full && ctx == DIFF_CHANGE;
	if (ctx == DIFF_ADD || ctx == DIFF_REMOVE || ctx == DIFF_SAME)
		return true;
	if (n->op != DIFF_SAME)
		return true;
	return t->opts->full || diff_child_identifies(parent, n, depth);
}

static void node_body(struct tctx *t, const struct diff_node *n, size_t ind, int depth,
		      enum diff_op ctx);

/* Children of a container node, one per line, aligned. */
static void
children(struct tctx *t, const struct diff_node *n, size_t ind, int depth, enum diff_op ctx)
{
	size_t i, width = 0, hidden = 0;
	bool is_array = n->nchildren && !n->children[0].key;

	for (i = 0; i < n->nchildren; i++) {
		const struct diff_node *ch = &n->children[i];

		if (!ch->key || !shown(t, n, ch, depth, ctx))
			continue;
		/* Terraform aligns only attributes whose values are one line */
		if (!is_block(ch->after) && !is_block(ch->before)) {
			size_t w = key_width(ch->key, ch->key_len);

			if (w > width && w <= ALIGN_MAX)
				width = w;
		}
	}
	for (i = 0; i < n->nchildren; i++) {
		const struct diff_node *ch = &n->children[i];
		enum diff_op op = ctx == DIFF_CHANGE ? ch->op : ctx;

		if (!shown(t, n, ch, depth, ctx)) {
			if (!(diff_value_is_empty(ch->before) && diff_value_is_empty(ch->after)))
				hidden++;
			continue;
		}
		indent(t->out, ind);
		marker(t, op);
		buf_addch(t->out, ' ');
		if (ch->key) {
			size_t w = key_width(ch->key, ch->key_len);
			bool container = is_block(ch->after) || is_block(ch->before);

			key_text(t->out, ch->key, ch->key_len);
			if (!container && w < width)
				indent(t->out, width - w);
			buf_addstr(t->out, " = ");
		}
		node_body(t, ch, ind, depth + 1, op);
		if (op == DIFF_REMOVE && ch->key)
			buf_addstr(t->out, " -> null");
		if (is_array)
			buf_addch(t->out, ',');
		if (ch->flags & DIFF_FORCES_REPLACEMENT) {
			color(t, C_RED);
			buf_addstr(t->out, " # forces replacement");
			color(t, C_RESET);
		}
		buf_addch(t->out, '\n');
	}
	if (hidden) {
		indent(t->out, ind + 2);
		color(t, C_DIM);
		buf_addf(t->out, "# (%zu unchanged %s%s hidden)", hidden,
			 is_array ? "element" : "attribute", hidden == 1 ? "" : "s");
		color(t, C_RESET);
		buf_addch(t->out, '\n');
	}
}

/* A container whose children are printed as a whole (create or delete of
 * the container itself).  The diff already holds them when `n` is that
 * node diffed that way; only otherwise is `v` diffed here (diffing again
 * at every level would cost the depth times the size). */
static void
whole(struct tctx *t, const struct diff_node *n, const struct value *v, size_t ind,
      enum diff_op op, int depth)
{
	struct diff *d = NULL;
	struct diff_opts dopts = { NULL, false, false };
	bool have = n->op == op && n->nchildren && !(n->flags & DIFF_JSON_DECODED) &&
		    (op == DIFF_REMOVE ? n->before : n->after) == v;

	if (!have && diff_new(&d, op == DIFF_ADD ? &value_absent : v,
			      op == DIFF_REMOVE ? &value_absent : v, &dopts, t->err) < 0) {
		buf_addstr(t->out, "(out of memory)");
		return;
	}
	buf_addch(t->out, v->kind == VALUE_OBJECT ? '{' : '[');
	buf_addch(t->out, '\n');
	children(t, have ? n : &d->root, ind + 4, depth, op);
	indent(t->out, ind + 2);
	buf_addch(t->out, v->kind == VALUE_OBJECT ? '}' : ']');
	diff_free(&d);
}

static void
node_body(struct tctx *t, const struct diff_node *n, size_t ind, int depth, enum diff_op ctx)
{
	const struct value *a = n->before, *b = n->after;

	if (ctx == DIFF_ADD) {
		if ((b->kind == VALUE_OBJECT || b->kind == VALUE_ARRAY) && b->len)
			whole(t, n, b, ind, DIFF_ADD, depth);
		else
			scalar(t->out, b, ind + 2);
		return;
	}
	if (ctx == DIFF_REMOVE) {
		if ((a->kind == VALUE_OBJECT || a->kind == VALUE_ARRAY) && a->len)
			whole(t, n, a, ind, DIFF_REMOVE, depth);
		else
			scalar(t->out, a, ind + 2);
		return;
	}
	if (ctx == DIFF_SAME) {
		if (is_block(b))
			whole(t, n, b, ind, DIFF_SAME, depth);
		else
			scalar(t->out, b, ind + 2);
		return;
	}
	/* DIFF_CHANGE */
	if (n->flags & DIFF_JSON_DECODED) {
		buf_addstr(t->out, "jsonencode(\n");
		indent(t->out, ind + 4);
		marker(t, DIFF_CHANGE);
		buf_addch(t->out, ' ');
		buf_addch(t->out, a->kind == VALUE_ARRAY ? '[' : '{');
		buf_addch(t->out, '\n');
		children(t, n, ind + 8, 1, DIFF_CHANGE);
		indent(t->out, ind + 6);
		buf_addch(t->out, a->kind == VALUE_ARRAY ? ']' : '}');
		buf_addch(t->out, '\n');
		indent(t->out, ind + 2);
		buf_addch(t->out, ')');
		return;
	}
	if (a->kind == b->kind && (a->kind == VALUE_OBJECT || a->kind == VALUE_ARRAY)) {
		buf_addch(t->out, a->kind == VALUE_OBJECT ? '{' : '[');
		buf_addch(t->out, '\n');
		children(t, n, ind + 4, depth, DIFF_CHANGE);
		indent(t->out, ind + 2);
		buf_addch(t->out, a->kind == VALUE_OBJECT ? '}' : ']');
		return;
	}
	if (is_multiline(a) && is_multiline(b)) {
		heredoc_diff(t, a, b, ind + 2);
		return;
	}
	if ((n->flags & DIFF_SENSITIVE) && !diff_value_is_empty(a) && !diff_value_is_empty(b) &&
	    (a->kind == VALUE_SENSITIVE || b->kind == VALUE_SENSITIVE)) {
		/* as Terraform: the marker says it changed, the value stays hidden */
		buf_addstr(t->out, "(sensitive value)");
		return;
	}
	scalar(t->out, a, ind + 2);
	buf_addstr(t->out, " -> ");
	scalar(t->out, b, ind + 2);
}

/* ---- one change ---- */

static const char *
action_symbol(const struct plan_change *c, bool colored, struct buf *tmp)
{
	const char *g = colored ? C_GREEN : "", *r = colored ? C_RED : "",
		   *y = colored ? C_YELLOW : "", *cy = colored ? C_CYAN : "",
		   *z = colored ? C_RESET : "";

	buf_reset(tmp);
	switch (c->action) {
	case PLAN_ACTION_CREATE:
		buf_addf(tmp, "  %s+%s", g, z);
		break;
	case PLAN_ACTION_DELETE:
		buf_addf(tmp, "  %s-%s", r, z);
		break;
	case PLAN_ACTION_UPDATE:
		buf_addf(tmp, "  %s~%s", y, z);
		break;
	case PLAN_ACTION_REPLACE:
		if (c->flags & PLAN_CHANGE_FORGET_OLD)
			buf_addf(tmp, " %s+%s/%s.%s", g, z, r, z);
		else if (c->flags & PLAN_CHANGE_CREATE_FIRST)
			buf_addf(tmp, "%s+%s/%s-%s", g, z, r, z);
		else
			buf_addf(tmp, "%s-%s/%s+%s", r, z, g, z);
		break;
	case PLAN_ACTION_READ:
		buf_addf(tmp, " %s<=%s", cy, z);
		break;
	case PLAN_ACTION_FORGET:
		buf_addf(tmp, " %s.%s", r, z);
		break;
	default:
		buf_addstr(tmp, "   ");
		break;
	}
	return tmp->data;
}

int
render_text_change(struct buf *out, const struct plan_change *c, const struct render_opts *opts,
		   struct error *err)
{
	struct tctx t = { out, opts, err };
	struct diff *d = NULL;
	struct diff_opts dopts;
	struct buf sym = BUF_INIT;
	enum diff_op ctx;

	dopts.replace_paths = c->replace_paths.kind == VALUE_ARRAY ? &c->replace_paths : NULL;
	dopts.decode_json = true;
	dopts.match_by_name = (c->flags & PLAN_CHANGE_MATCH_BY_NAME) != 0;
	color(&t, C_BOLD);
	render_change_header(out, c, opts->source_kind);
	color(&t, C_RESET);
	buf_addstr(out, action_symbol(c, opts->color, &sym));
	buf_release(&sym);
	buf_addch(out, ' ');
	if (opts->source_kind == PLAN_SOURCE_MANIFESTS)
		buf_addstr(out, "object ");
	else if (c->mode == PLAN_MODE_DATA)
		buf_addstr(out, "data ");
	else if (c->mode == PLAN_MODE_PROVIDER)
		buf_addstr(out, "provider ");
	else
		buf_addstr(out, "resource ");
	quote(out, c->type, strlen(c->type));
	buf_addch(out, ' ');
	quote(out, c->name, strlen(c->name));
	buf_addstr(out, " {\n");
	switch (c->action) {
	case PLAN_ACTION_CREATE:
	case PLAN_ACTION_READ:
		ctx = DIFF_ADD;
		break;
	case PLAN_ACTION_DELETE:
	case PLAN_ACTION_FORGET:
		ctx = DIFF_REMOVE;
		break;
	default:
		ctx = DIFF_CHANGE;
		break;
	}
	if (c->flags & PLAN_CHANGE_PLANNED_ONLY)
		ctx = DIFF_SAME;
	if (diff_new(&d, ctx == DIFF_ADD ? &value_absent : ctx == DIFF_SAME ? &c->after : &c->before,
		     ctx == DIFF_REMOVE ? &value_absent : &c->after, &dopts, err) < 0)
		return -1;
	if (c->after.kind == VALUE_UNKNOWN && ctx != DIFF_REMOVE) {
		indent(out, 6);
		buf_addstr(out, "# (all attributes known after apply)\n");
	} else if (c->before.kind == VALUE_SENSITIVE || c->after.kind == VALUE_SENSITIVE) {
		indent(out, 6);
		buf_addstr(out, "# (the whole object is sensitive)\n");
	} else {
		children(&t, &d->root, 6, 0, ctx);
	}
	indent(out, 4);
	buf_addstr(out, "}\n");
	diff_free(&d);
	if (buf_failed(out))
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

/* ---- the whole plan ---- */

void
render_summary_line(struct buf *out, const struct plan_counts *n)
{
	size_t changes = n->add + n->change + n->destroy + n->import + n->forget;

	if (!changes && !n->by_action[PLAN_ACTION_READ] && !n->by_action[PLAN_ACTION_MOVE]) {
		buf_addstr(out, "No changes.");
		return;
	}
	buf_addstr(out, "Plan: ");
	if (n->import)
		buf_addf(out, "%zu to import, ", n->import);
	buf_addf(out, "%zu to add, %zu to change, %zu to destroy", n->add, n->change, n->destroy);
	if (n->forget)
		buf_addf(out, ", %zu to forget", n->forget);
	buf_addch(out, '.');
}

static bool
printable(const struct plan_change *c)
{
	if (c->section != PLAN_SECTION_CHANGE)
		return false;
	if (c->action == PLAN_ACTION_NOOP &&
	    !(c->flags & (PLAN_CHANGE_MOVED | PLAN_CHANGE_IMPORTING | PLAN_CHANGE_PLANNED_ONLY)))
		return false;
	/* Terraform does not render deleted data sources */
	if (c->action == PLAN_ACTION_DELETE && c->mode == PLAN_MODE_DATA)
		return false;
	return true;
}

/* Terraform shows a drifted resource only when an attribute that changed
 * outside of Terraform is one the plan depends on (relevant_attributes). */
static bool
drift_is_relevant(const struct plan *plan, const struct plan_change *c)
{
	const struct value *rel = plan_section_value(plan, "relevant_attributes");
	struct diff *d = NULL;
	struct diff_opts o = { .replace_paths = NULL };
	bool relevant = false;
	size_t i, k;

	if (plan_source_kind(plan) != PLAN_SOURCE_TERRAFORM)
		return true; /* Pulumi refresh drift, manifests: always worth showing */
	if (rel->kind != VALUE_ARRAY)
		return false;
	if (diff_new(&d, &c->before, &c->after, &o, NULL) < 0)
		return true; /* out of memory: err on showing it */
	for (i = 0; i < rel->len && !relevant; i++) {
		const struct value *r = &rel->u.items[i];
		const char *res = value_str(value_get(r, "resource"));
		const struct value *attr = value_get(r, "attribute");
		const char *head = value_str(value_at(attr, 0));

		if (!res || strcmp(res, c->address) != 0)
			continue;
		if (!head)
			relevant = d->root.op != DIFF_SAME;
		for (k = 0; head && k < d->root.nchildren; k++) {
			const struct diff_node *ch = &d->root.children[k];

			if (ch->op != DIFF_SAME && ch->key_len == strlen(head) &&
			    memcmp(ch->key, head, ch->key_len) == 0)
				relevant = true;
		}
	}
	diff_free(&d);
	return relevant;
}

static bool
planned_only(const struct plan *plan)
{
	size_t i;

	for (i = 0; i < plan_change_count(plan); i++)
		if (plan_change_at(plan, i)->flags & PLAN_CHANGE_PLANNED_ONLY)
			return true;
	return false;
}

static const char *
deferred_words(const char *reason)
{
	if (!reason)
		return "for an unknown reason";
	if (strcmp(reason, "instance_count_unknown") == 0)
		return "because the number of resource instances is unknown";
	if (strcmp(reason, "resource_config_unknown") == 0)
		return "because the resource configuration is unknown";
	if (strcmp(reason, "provider_config_unknown") == 0)
		return "because the provider configuration is unknown";
	if (strcmp(reason, "deferred_prereq") == 0)
		return "because a prerequisite for this resource is deferred";
	if (strcmp(reason, "absent_prereq") == 0)
		return "because a prerequisite for this resource has not yet been created";
	return "for an unknown reason";
}

struct module_count {
	const char *group;
	size_t add, change, destroy;
};

static void
module_counts(struct buf *out, const struct plan *plan, struct tctx *t)
{
	struct module_count *mc = NULL;
	size_t n = 0, cap = 0, i, j, width = 6;

	for (i = 0; i < plan_change_count(plan); i++) {
		const struct plan_change *c = plan_change_at(plan, i);
		void *p = mc;

		if (!printable(c) || c->action == PLAN_ACTION_READ)
			continue;
		for (j = 0; j < n; j++)
			if (mc[j].group == c->group)
				break;
		if (j == n) {
			if (mem_grow_array(&p, &cap, n + 1, sizeof(*mc)) < 0) {
				out->failed = true;
				break;
			}
			mc = p;
			memset(&mc[n], 0, sizeof(*mc));
			mc[n].group = c->group;
			n++;
		}
		if (c->action == PLAN_ACTION_CREATE || c->action == PLAN_ACTION_REPLACE)
			mc[j].add++;
		if (c->action == PLAN_ACTION_UPDATE)
			mc[j].change++;
		if (c->action == PLAN_ACTION_DELETE ||
		    (c->action == PLAN_ACTION_REPLACE && !(c->flags & PLAN_CHANGE_FORGET_OLD)))
			mc[j].destroy++;
	}
	if (n > 1) {
		for (j = 0; j < n; j++) {
			struct buf tmp = BUF_INIT;
			size_t w = 6;

			if (*mc[j].group) {
				put_text(&tmp, mc[j].group);
				w = str_width(tmp.data, tmp.len);
			}
			buf_release(&tmp);

			if (w > width)
				width = w;
		}
		color(t, C_BOLD);
		buf_addstr(out, "\nChanges by module:\n");
		color(t, C_RESET);
		for (j = 0; j < n; j++) {
			size_t start;

			buf_addstr(out, "  ");
			start = out->len;
			if (*mc[j].group)
				put_text(out, mc[j].group);
			else
				buf_addstr(out, "(root)");
			indent(out, width + 2 - str_width(out->data + start, out->len - start));
			buf_addf(out, "%zu to add, %zu to change, %zu to destroy\n", mc[j].add,
				 mc[j].change, mc[j].destroy);
		}
	}
	mem_free(mc);
}

int
render_text_plan(FILE *fp, const struct plan *plan, const struct render_opts *opts,
		 struct error *err)
{
	struct buf out = BUF_INIT;
	struct render_opts ro = *opts;
	struct tctx t = { &out, &ro, err };
	struct plan_counts n;
	size_t i, printed = 0, drift = 0, drift_other = 0, deferred = 0;
	enum plan_source_kind kind = plan_source_kind(plan);
	const char *tool = tool_name(kind);
	bool tf = kind == PLAN_SOURCE_TERRAFORM;
	bool errored = plan_flags(plan) & PLAN_ERRORED;
	int rc = 0;

	ro.source_kind = kind;

	plan_count(plan, &n);
	/* drift: as Terraform, only what is relevant to the plan */
	for (i = 0; i < plan_change_count(plan); i++) {
		const struct plan_change *c = plan_change_at(plan, i);

		if (c->section == PLAN_SECTION_DRIFT && c->action != PLAN_ACTION_NOOP) {
			if (drift_is_relevant(plan, c))
				drift++;
			else
				drift_other++;
		}
		if (c->section == PLAN_SECTION_DEFERRED)
			deferred++;
		if (printable(c))
			printed++;
	}
	if (drift) {
		color(&t, C_BOLD);
		buf_addf(&out, "\nNote: Objects have changed outside of %s\n\n", tool);
		color(&t, C_RESET);
		if (tf)
			buf_addstr(&out, "Terraform detected the following changes made outside of "
					 "Terraform since the last\n\"terraform apply\" which may have "
					 "affected this plan:\n");
		else
			buf_addf(&out, "%s detected the following changes made outside of %s:\n",
				 tool, tool);
		for (i = 0; i < plan_change_count(plan); i++) {
			const struct plan_change *c = plan_change_at(plan, i);

			if (c->section != PLAN_SECTION_DRIFT || c->action == PLAN_ACTION_NOOP ||
			    !drift_is_relevant(plan, c))
				continue;
			buf_addch(&out, '\n');
			if (render_text_change(&out, c, &ro, err) < 0)
				goto fail;
		}
		buf_addch(&out, '\n');
		for (i = 0; i < 77; i++)
			buf_addstr(&out, ro.ascii ? "-" : "─");
		buf_addch(&out, '\n');
	}
	if (drift_other) {
		buf_addf(&out, "\nNote: %zu resource%s changed outside of %s in ways that do "
			       "not affect this plan (`signoff show --format json` lists %s as "
			       "\"section\": \"drift\").\n",
			 drift_other, drift_other == 1 ? "" : "s", tool, drift_other == 1 ? "it" : "them");
	}
	if (deferred) {
		color(&t, C_BOLD);
		buf_addstr(&out, "\nNote: This is a partial plan, parts can only be known in the next "
				 "plan / apply cycle.\n");
		color(&t, C_RESET);
		for (i = 0; i < plan_change_count(plan); i++) {
			const struct plan_change *c = plan_change_at(plan, i);

			if (c->section != PLAN_SECTION_DEFERRED)
				continue;
			buf_addstr(&out, "\n  # ");
			put_text(&out, c->address);
			buf_addstr(&out, " was deferred\n  # (");
			buf_addstr(&out, deferred_words(c->deferred_reason));
			buf_addstr(&out, ")\n");
		}
	}
	if (printed) {
		if (kind == PLAN_SOURCE_MANIFESTS)
			buf_addstr(&out, "\nThe following objects change:\n");
		else if (errored)
			buf_addf(&out, "\n%s planned the following actions, but then encountered a "
				       "problem:\n",
				 tool);
		else
			buf_addf(&out, "\n%s will perform the following actions:\n", tool);
		for (i = 0; i < plan_change_count(plan); i++) {
			const struct plan_change *c = plan_change_at(plan, i);

			if (!printable(c))
				continue;
			buf_addch(&out, '\n');
			if (render_text_change(&out, c, &ro, err) < 0)
				goto fail;
			if (out.len > 1 << 20) {
				if (fwrite(out.data, 1, out.len, fp) != out.len)
					goto io;
				buf_reset(&out);
			}
		}
		buf_addch(&out, '\n');
		color(&t, C_BOLD);
		if (n.by_action[PLAN_ACTION_NOOP] && !n.add && !n.change && !n.destroy &&
		    planned_only(plan))
			buf_addstr(&out, "Actions unknown: the file has no resource_changes.");
		else
			render_summary_line(&out, &n);
		color(&t, C_RESET);
		buf_addch(&out, '\n');
		module_counts(&out, plan, &t);
	} else if (errored) {
		color(&t, C_BOLD);
		buf_addf(&out, "\nPlanning failed. %s encountered an error while generating this "
			       "plan.\n",
			 tool);
		color(&t, C_RESET);
	} else if (deferred) {
		color(&t, C_BOLD);
		buf_addstr(&out, "\nNo current changes. This plan requires another plan to be "
				 "applied first.\n");
		color(&t, C_RESET);
	} else if (!n.outputs_changed) {
		color(&t, C_BOLD);
		buf_addstr(&out, "\nNo changes.");
		color(&t, C_RESET);
		buf_addstr(&out, tf ? " Your infrastructure matches the configuration.\n" : "\n");
	}
	if (plan_source_kind(plan) == PLAN_SOURCE_PULUMI)
		render_pulumi_summary(&out, plan);
	if (n.outputs_changed) {
		size_t width = 0;

		buf_addstr(&out, "\nChanges to Outputs:\n");
		for (i = 0; i < plan_output_count(plan); i++) {
			const struct plan_output *o = plan_output_at(plan, i);
			size_t w = key_width(o->name, strlen(o->name));

			if (o->action != PLAN_ACTION_NOOP && w > width && w <= ALIGN_MAX)
				width = w;
		}
		for (i = 0; i < plan_output_count(plan); i++) {
			const struct plan_output *o = plan_output_at(plan, i);
			enum diff_op op;

			if (o->action == PLAN_ACTION_NOOP)
				continue;
			op = o->action == PLAN_ACTION_CREATE   ? DIFF_ADD
			     : o->action == PLAN_ACTION_DELETE ? DIFF_REMOVE
							       : DIFF_CHANGE;
			buf_addstr(&out, "  ");
			marker(&t, op);
			buf_addch(&out, ' ');
			key_text(&out, o->name, strlen(o->name));
			if (key_width(o->name, strlen(o->name)) < width)
				indent(&out, width - key_width(o->name, strlen(o->name)));
			buf_addstr(&out, " = ");
			if (op == DIFF_ADD) {
				render_value_inline(&out, &o->after, 400, ro.ascii);
			} else if (op == DIFF_REMOVE) {
				render_value_inline(&out, &o->before, 400, ro.ascii);
				buf_addstr(&out, " -> null");
			} else if (value_contains_sensitive(&o->before) ||
				   value_contains_sensitive(&o->after)) {
				buf_addstr(&out, "(sensitive value)");
			} else {
				render_value_inline(&out, &o->before, 200, ro.ascii);
				buf_addstr(&out, " -> ");
				render_value_inline(&out, &o->after, 200, ro.ascii);
			}
			buf_addch(&out, '\n');
		}
		if (!printed)
			buf_addstr(&out, "\nYou can apply this plan to save these new output values to "
					 "the Terraform state, without changing any real "
					 "infrastructure.\n");
	}
	if (buf_failed(&out)) {
		rc = error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	if (fwrite(out.data, 1, out.len, fp) != out.len || fflush(fp) != 0)
		goto io;
	goto out;
io:
	rc = error_set(err, ERROR_IO, "cannot write the output");
	goto out;
fail:
	rc = -1;
out:
	buf_release(&out);
	return rc;
}
