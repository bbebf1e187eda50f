/* detail.c - the detail pane's lines: explainer, attribute diff, drift. */
#include "detail.h"

#include <string.h>

#include "draw.h"
#include "graph.h"
#include "str.h"
#include "tree.h"
#include "xalloc.h"

#define MAX_LINES 20000
#define MAX_DEPTH 48
#define VALUE_BUDGET 2048        /* bytes of one inline value before "…" */
#define KEY_ALIGN_MAX 24
#define LINE_DIFF_MAX_CELLS 1000000u
#define NAMES_SHOWN 4

struct bctx {
	struct ui_detail *d;
	const struct ui_detail_ctx *x;
	const struct plan_change *c;
	const struct ui_glyphs *g;
	struct buf path;
	size_t dropped;           /* lines not made (MAX_LINES) */
	long sensitive_note;      /* the header's line about sensitive values, or -1 */
};

/* ---- lines and segments ---- */

static bool
full(struct bctx *b)
{
	if (b->d->nlines >= MAX_LINES) {
		b->dropped++;
		return true;
	}
	return false;
}

static long
line_new(struct bctx *b, uint16_t indent, int32_t parent)
{
	struct ui_detail *d = b->d;
	struct ui_dline *l;

	if (full(b))
		return -1;
	XGROW(d->lines, &d->clines, d->nlines + 1);
	l = &d->lines[d->nlines];
	memset(l, 0, sizeof(*l));
	l->seg = (uint32_t)d->nsegs;
	l->indent = indent;
	l->parent = parent;
	return (long)d->nlines++;
}

/* Appends a segment of our own (trusted) text to the last line. */
static void
seg_lit(struct bctx *b, enum theme_role role, const char *s)
{
	struct ui_detail *d = b->d;
	struct ui_dseg *sg;
	size_t off = d->text.len;

	buf_addstr(&d->text, s);
	xbuf_check(&d->text);
	XGROW(d->segs, &d->csegs, d->nsegs + 1);
	sg = &d->segs[d->nsegs++];
	sg->off = (uint32_t)off;
	sg->len = (uint32_t)(d->text.len - off);
	sg->role = (uint8_t)role;
	d->lines[d->nlines - 1].nseg++;
}

/* A segment of input text, escaped. */
static void
seg_text(struct bctx *b, enum theme_role role, const char *s, size_t len)
{
	struct ui_detail *d = b->d;
	struct ui_dseg *sg;
	size_t off = d->text.len;

	ui_text_escape(b->x->cv, &d->text, s, len);
	xbuf_check(&d->text);
	XGROW(d->segs, &d->csegs, d->nsegs + 1);
	sg = &d->segs[d->nsegs++];
	sg->off = (uint32_t)off;
	sg->len = (uint32_t)(d->text.len - off);
	sg->role = (uint8_t)role;
	d->lines[d->nlines - 1].nseg++;
}

/* A segment built in a scratch buffer that is already escaped. */
static void
seg_buf(struct bctx *b, enum theme_role role, const struct buf *s)
{
	struct ui_detail *d = b->d;
	struct ui_dseg *sg;
	size_t off = d->text.len;

	buf_add(&d->text, s->data, s->len);
	xbuf_check(&d->text);
	XGROW(d->segs, &d->csegs, d->nsegs + 1);
	sg = &d->segs[d->nsegs++];
	sg->off = (uint32_t)off;
	sg->len = (uint32_t)s->len;
	sg->role = (uint8_t)role;
	d->lines[d->nlines - 1].nseg++;
}

static void
text_line(struct bctx *b, enum theme_role role, const char *s)
{
	if (line_new(b, 0, -1) >= 0)
		seg_lit(b, role, s);
}

static void
set_path(struct bctx *b, long line)
{
	struct ui_dline *l = &b->d->lines[line];

	l->path_off = (uint32_t)b->d->text.len;
	buf_add(&b->d->text, b->path.data, b->path.len);
	buf_addch(&b->d->text, '\0');
	xbuf_check(&b->d->text);
	l->path_len = (uint32_t)b->path.len;
	l->flags |= UI_DL_ATTR;
}

/* ---- values ---- */

static void
quote(const struct bctx *b, struct buf *out, const char *s, size_t n)
{
	size_t i, run = 0;

	buf_addch(out, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\') {
			ui_text_escape(b->x->cv, out, s + run, i - run);
			buf_addch(out, '\\');
			buf_addch(out, s[i]);
			run = i + 1;
		}
	}
	ui_text_escape(b->x->cv, out, s + run, n - run);
	buf_addch(out, '"');
}

static void
key_text(const struct bctx *b, struct buf *out, const struct diff_node *n)
{
	if (!n->key)
		buf_addf(out, "[%zu]", n->index);
	else if (str_is_identifier(n->key, n->key_len))
		buf_add(out, n->key, n->key_len);
	else
		quote(b, out, n->key, n->key_len);
}

static bool
is_multiline(const struct value *v)
{
	return v->kind == VALUE_STRING && v->len > 1 && memchr(v->u.str, '\n', v->len - 1);
}

static void
inline_value(const struct bctx *b, struct buf *out, const struct value *v, int depth)
{
	size_t i, start = out->len;

	switch (v->kind) {
	case VALUE_ABSENT:
	case VALUE_NULL:
		buf_addstr(out, "null");
		return;
	case VALUE_BOOL:
		buf_addstr(out, v->u.b ? "true" : "false");
		return;
	case VALUE_NUMBER:
		ui_text_escape(b->x->cv, out, v->u.str, v->len);
		return;
	case VALUE_STRING:
		quote(b, out, v->u.str, v->len > VALUE_BUDGET ? VALUE_BUDGET : v->len);
		if (v->len > VALUE_BUDGET)
			buf_addstr(out, b->g->ellipsis);
		return;
	case VALUE_UNKNOWN:
		buf_addstr(out, (v->flags & VALUE_F_SENSITIVE) ? "(sensitive, known after apply)"
							       : "(known after apply)");
		return;
	case VALUE_SENSITIVE:
		buf_addstr(out, "(sensitive value)");
		return;
	case VALUE_ARRAY:
		if (depth > 8) {
			buf_addstr(out, "[…]");
			return;
		}
		buf_addch(out, '[');
		for (i = 0; i < v->len; i++) {
			if (out->len - start > VALUE_BUDGET) {
				buf_addstr(out, b->g->ellipsis);
				break;
			}
			if (i)
				buf_addstr(out, ", ");
			inline_value(b, out, &v->u.items[i], depth + 1);
		}
		buf_addch(out, ']');
		return;
	case VALUE_OBJECT:
		if (depth > 8) {
			buf_addstr(out, "{…}");
			return;
		}
		buf_addch(out, '{');
		for (i = 0; i < v->len; i++) {
			const struct value_member *m = &v->u.members[i];

			if (out->len - start > VALUE_BUDGET) {
				buf_addstr(out, b->g->ellipsis);
				break;
			}
			if (i)
				buf_addstr(out, ", ");
			if (str_is_identifier(m->key, m->key_len))
				buf_add(out, m->key, m->key_len);
			else
				quote(b, out, m->key, m->key_len);
			buf_addstr(out, " = ");
			inline_value(b, out, &m->value, depth + 1);
		}
		buf_addch(out, '}');
		return;
	}
}

static enum theme_role
value_role(const struct value *v, enum theme_role dflt)
{
	if (v->kind == VALUE_UNKNOWN)
		return (v->flags & VALUE_F_SENSITIVE) ? THEME_ROLE_SENSITIVE : THEME_ROLE_UNKNOWN;
	if (v->kind == VALUE_SENSITIVE)
		return THEME_ROLE_SENSITIVE;
	return dflt;
}

static enum theme_role
op_role(enum diff_op op)
{
	switch (op) {
	case DIFF_ADD:
		return THEME_ROLE_DIFF_ADD;
	case DIFF_REMOVE:
		return THEME_ROLE_DIFF_REMOVE;
	case DIFF_CHANGE:
		return THEME_ROLE_DIFF_CHANGE;
	case DIFF_SAME:
		break;
	}
	return THEME_ROLE_NORMAL;
}

static const char *
op_marker(enum diff_op op)
{
	switch (op) {
	case DIFF_ADD:
		return "+";
	case DIFF_REMOVE:
		return "-";
	case DIFF_CHANGE:
		return "~";
	case DIFF_SAME:
		break;
	}
	return " ";
}

/* ---- folds ---- */

static bool
toggled(const struct ui_detail *d, const void *node)
{
	size_t i;

	for (i = 0; i < d->ntoggled; i++)
		if (d->toggled[i] == node)
			return true;
	return false;
}

void
ui_detail_toggle(struct ui_detail *d, size_t line)
{
	const void *node;
	size_t i;

	if (line >= d->nlines || !(d->lines[line].flags & UI_DL_FOLDABLE))
		return;
	node = d->lines[line].node;
	for (i = 0; i < d->ntoggled; i++)
		if (d->toggled[i] == node) {
			d->toggled[i] = d->toggled[--d->ntoggled];
			return;
		}
	XGROW(d->toggled, &d->ctoggled, d->ntoggled + 1);
	d->toggled[d->ntoggled++] = node;
}

/* ---- the diff ---- */

static bool
shown(const struct bctx *b, const struct diff_node *parent, const struct diff_node *n, int depth,
      enum diff_op ctx)
{
	if (diff_value_is_empty(n->before) && diff_value_is_empty(n->after))
		return false;
	if (ctx == DIFF_ADD || ctx == DIFF_REMOVE || ctx == DIFF_SAME)
		return true;
	if (n->op != DIFF_SAME)
		return true;
	return b->x->show_unchanged || diff_child_identifies(parent, n, depth);
}

/* The value a forced op shows. */
static const struct value *
side(const struct diff_node *n, enum diff_op op)
{
	return op == DIFF_REMOVE ? n->before : n->after;
}

static bool
is_container_value(const struct value *v)
{
	return value_is_container(v) && v->len > 0;
}

static void emit_children(struct bctx *b, const struct diff_node *n, int depth, enum diff_op ctx,
			  int32_t parent, uint16_t indent);

static size_t
path_push(struct bctx *b, const struct diff_node *n)
{
	size_t old = b->path.len;

	if (n->key) {
		if (b->path.len)
			buf_addch(&b->path, '.');
		buf_add(&b->path, n->key, n->key_len);
	} else {
		buf_addf(&b->path, "[%zu]", n->index);
	}
	xbuf_check(&b->path);
	return old;
}

/* The start of an attribute line: marker, indent, glyph, key, padding. */
static long
attr_line(struct bctx *b, const struct diff_node *n, enum diff_op op, int32_t parent,
	  uint16_t indent, const char *glyph, int keyw)
{
	struct buf k = BUF_INIT;
	long line = line_new(b, indent, parent);
	int w;

	if (line < 0)
		return -1;
	b->d->lines[line].node = n;
	set_path(b, line);
	if (op != DIFF_SAME)
		b->d->lines[line].flags |= UI_DL_CHANGED;
	seg_lit(b, op_role(op), op_marker(op));
	buf_addch(&k, ' ');
	buf_addchn(&k, ' ', indent);
	seg_buf(b, THEME_ROLE_NORMAL, &k);
	buf_reset(&k);
	if (glyph) {
		seg_lit(b, THEME_ROLE_COMMENT, glyph);
		seg_lit(b, THEME_ROLE_NORMAL, " ");
	} else {
		seg_lit(b, THEME_ROLE_NORMAL, "  ");
	}
	key_text(b, &k, n);
	xbuf_check(&k);
	w = ui_text_width(k.data, k.len);
	seg_buf(b, THEME_ROLE_ATTR_KEY, &k);
	if (keyw > w) {
		buf_reset(&k);
		buf_addchn(&k, ' ', (size_t)(keyw - w));
		seg_buf(b, THEME_ROLE_NORMAL, &k);
	}
	buf_release(&k);
	return line;
}

static bool
secret_has_mac(const struct value *v)
{
	return v->kind == VALUE_SENSITIVE && (v->u.secret->flags & VALUE_SECRET_HAS_MAC);
}

static bool
revealable(const struct value *v)
{
	return v->kind == VALUE_SENSITIVE && (v->u.secret->flags & VALUE_SECRET_HAS_LOCATION);
}

/* The revealed text of a sensitive value, on one line, escaped. */
static void
reveal_text(struct bctx *b, struct buf *out, const struct value *v)
{
	struct buf raw = BUF_INIT, one = BUF_INIT;
	struct error err = ERROR_INIT;
	size_t i;
	bool space = false;

	if (plan_reveal(b->x->plan, v->u.secret, &raw, &err) < 0) {
		buf_addstr(out, "(cannot reveal: ");
		ui_text_escape_str(b->x->cv, out, err.msg);
		buf_addch(out, ')');
		buf_wipe(&raw);
		return;
	}
	/* pretty JSON onto one line: newline + indentation becomes one space */
	for (i = 0; i < raw.len; i++) {
		if (raw.data[i] == '\n') {
			space = true;
			continue;
		}
		if (space && raw.data[i] == ' ')
			continue;
		if (space) {
			buf_addch(&one, ' ');
			space = false;
		}
		buf_addch(&one, raw.data[i]);
	}
	xbuf_check(&one);
	ui_text_escape(b->x->cv, out, one.data, one.len);
	buf_wipe(&one);
	buf_wipe(&raw);
}

/* "old -> new" on one line, or the new value on a line of its own when
 * both do not fit. */
static void
old_new(struct bctx *b, long line, const struct diff_node *n, const struct buf *v,
	enum theme_role vr, const struct buf *w, enum theme_role wr)
{
	int used = 0;
	size_t i;

	for (i = 0; i < b->d->lines[line].nseg; i++) {
		const struct ui_dseg *sg = &b->d->segs[b->d->lines[line].seg + i];

		used += ui_text_width(b->d->text.data + sg->off, sg->len);
	}
	seg_buf(b, vr, v);
	if (b->x->width > 0 &&
	    used + ui_text_width(v->data, v->len) + 4 + ui_text_width(w->data, w->len) >
		    b->x->width) {
		long cont = line_new(b, b->d->lines[line].indent, (int32_t)line);
		struct buf pad = BUF_INIT;

		if (cont >= 0) {
			b->d->lines[cont].node = n;
			b->d->lines[cont].flags |= b->d->lines[line].flags & UI_DL_REVEALED;
			buf_addchn(&pad, ' ', (size_t)b->d->lines[line].indent + 4);
			seg_buf(b, THEME_ROLE_NORMAL, &pad);
			seg_lit(b, THEME_ROLE_DIFF_CHANGE, b->g->arrow);
			seg_lit(b, THEME_ROLE_NORMAL, " ");
			seg_buf(b, wr, w);
		}
		buf_release(&pad);
		return;
	}
	seg_lit(b, THEME_ROLE_NORMAL, " ");
	seg_lit(b, THEME_ROLE_DIFF_CHANGE, b->g->arrow);
	seg_lit(b, THEME_ROLE_NORMAL, " ");
	seg_buf(b, wr, w);
}

static void
scalar_value(struct bctx *b, long line, const struct diff_node *n, enum diff_op op)
{
	struct buf v = BUF_INIT, w = BUF_INIT;
	const struct value *a = n->before, *z = n->after;
	bool revealed = false;

	if (b->c && b->x->is_revealed && (revealable(a) || revealable(z)) &&
	    b->x->is_revealed(b->x->reveal_ctx, b->c->index, b->path.data))
		revealed = true;
	if (b->c && (revealable(a) || revealable(z)))
		b->d->lines[line].flags |= revealed ? UI_DL_SENSITIVE | UI_DL_REVEALED
						    : UI_DL_SENSITIVE;
	seg_lit(b, THEME_ROLE_NORMAL, " = ");
	if (revealed) {
		if (op == DIFF_CHANGE) {
			if (a->kind == VALUE_SENSITIVE)
				reveal_text(b, &v, a);
			else
				inline_value(b, &v, a, 0);
			if (z->kind == VALUE_SENSITIVE)
				reveal_text(b, &w, z);
			else
				inline_value(b, &w, z, 0);
			xbuf_check(&v);
			xbuf_check(&w);
			old_new(b, line, n, &v, THEME_ROLE_REVEALED, &w, THEME_ROLE_REVEALED);
		} else {
			reveal_text(b, &v, side(n, op));
			xbuf_check(&v);
			seg_buf(b, THEME_ROLE_REVEALED, &v);
		}
		buf_wipe(&v);
		buf_wipe(&w);
		return;
	}
	if (n->flags & DIFF_SENSITIVE) {
		const struct value *s = side(n, op);

		if (op == DIFF_CHANGE) {
			if (a->kind == VALUE_SENSITIVE && z->kind == VALUE_SENSITIVE &&
			    (!secret_has_mac(a) || !secret_has_mac(z)))
				seg_lit(b, THEME_ROLE_SENSITIVE, "(sensitive value, may have changed)");
			else if (z->kind == VALUE_UNKNOWN)
				seg_lit(b, THEME_ROLE_SENSITIVE,
					"(sensitive value, changes: known after apply)");
			else
				seg_lit(b, THEME_ROLE_SENSITIVE, "(sensitive value, changed)");
		} else if (op == DIFF_SAME) {
			seg_lit(b, THEME_ROLE_SENSITIVE, "(sensitive value, unchanged)");
		} else {
			inline_value(b, &v, s, 0);
			xbuf_check(&v);
			seg_buf(b, value_role(s, THEME_ROLE_NORMAL), &v);
		}
		buf_release(&v);
		return;
	}
	if (op == DIFF_CHANGE) {
		inline_value(b, &v, a, 0);
		inline_value(b, &w, z, 0);
		xbuf_check(&v);
		xbuf_check(&w);
		old_new(b, line, n, &v, value_role(a, THEME_ROLE_DIFF_REMOVE), &w,
			value_role(z, THEME_ROLE_DIFF_ADD));
		buf_release(&w);
		buf_release(&v);
		return;
	}
	inline_value(b, &v, side(n, op), 0);
	xbuf_check(&v);
	seg_buf(b, value_role(side(n, op), THEME_ROLE_NORMAL), &v);
	buf_release(&v);
}

/* Lines of a string, without the final empty one. */
static size_t
split_lines(const struct value *v, const char ***starts, size_t **lens)
{
	const char *s, *end;
	size_t n = 0, cap = 0, lcap = 0;

	*starts = NULL;
	*lens = NULL;
	if (v->kind != VALUE_STRING)
		return 0;
	s = v->u.str;
	end = s + v->len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;

		XGROW(*starts, &cap, n + 1);
		XGROW(*lens, &lcap, n + 1);
		(*starts)[n] = s;
		(*lens)[n] = (size_t)(le - s);
		n++;
		s = nl ? nl + 1 : end;
	}
	return n;
}

static void
text_line_diff(struct bctx *b, const struct diff_node *n, enum diff_op op, int32_t parent,
	       uint16_t indent, size_t *added, size_t *removed)
{
	const char **as = NULL, **bs = NULL;
	size_t *al = NULL, *bl = NULL, na = 0, nb = 0, i, j;
	uint32_t *t = NULL;

	if (op != DIFF_ADD)
		na = split_lines(n->before, &as, &al);
	if (op != DIFF_REMOVE)
		nb = split_lines(n->after, &bs, &bl);
	*added = *removed = 0;
	if (na && nb && (na + 1) * (nb + 1) <= LINE_DIFF_MAX_CELLS) {
		t = xcalloc((na + 1) * (nb + 1), sizeof(*t));
#define T(x, y) t[(x) * (nb + 1) + (y)]
		for (i = na; i-- > 0;)
			for (j = nb; j-- > 0;)
				T(i, j) = (al[i] == bl[j] && memcmp(as[i], bs[j], al[i]) == 0)
						  ? T(i + 1, j + 1) + 1
						  : (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j)
									       : T(i, j + 1));
	}
	i = j = 0;
	while (i < na || j < nb) {
		enum diff_op lop;
		const char *s;
		size_t len;
		long line;
		struct buf pad = BUF_INIT;

		if (i < na && j < nb && al[i] == bl[j] && memcmp(as[i], bs[j], al[i]) == 0) {
			lop = op == DIFF_CHANGE ? DIFF_SAME : op;
			s = bs[j];
			len = bl[j];
			i++;
			j++;
		} else if (i < na && (j >= nb || (t && T(i + 1, j) >= T(i, j + 1)) ||
				      (!t && j < nb))) {
			/* removals before additions, as diff(1) prints them */
			lop = DIFF_REMOVE;
			s = as[i];
			len = al[i];
			i++;
			(*removed)++;
		} else {
			lop = DIFF_ADD;
			s = bs[j];
			len = bl[j];
			j++;
			(*added)++;
		}
		line = line_new(b, indent, parent);
		if (line < 0)
			break;
		b->d->lines[line].node = n;
		if (lop != DIFF_SAME && op == DIFF_CHANGE)
			b->d->lines[line].flags |= UI_DL_CHANGED;
		seg_lit(b, op_role(lop), op_marker(lop));
		buf_addchn(&pad, ' ', (size_t)indent + 5);
		seg_buf(b, THEME_ROLE_NORMAL, &pad);
		buf_release(&pad);
		seg_text(b, lop == DIFF_SAME ? THEME_ROLE_NORMAL : op_role(lop), s, len);
	}
#undef T
	mem_free(t);
	mem_free(as);
	mem_free(al);
	mem_free(bs);
	mem_free(bl);
}

static void
emit_node(struct bctx *b, const struct diff_node *n, int depth, enum diff_op ctx, int32_t parent,
	  uint16_t indent, int keyw)
{
	enum diff_op op = ctx == DIFF_CHANGE ? n->op : ctx;
	const struct value *v = side(n, op == DIFF_CHANGE ? DIFF_ADD : op);
	bool json = (n->flags & DIFF_JSON_DECODED) && n->nchildren;
	bool text = !json && (is_multiline(n->before) || is_multiline(n->after)) &&
		    (n->before->kind == VALUE_STRING || diff_value_is_empty(n->before)) &&
		    (n->after->kind == VALUE_STRING || diff_value_is_empty(n->after)) &&
		    !(n->flags & DIFF_SENSITIVE);
	bool container;
	size_t saved = path_push(b, n);
	long line;

	if (op == DIFF_CHANGE)
		container = json || (n->nchildren > 0 && n->before->kind == n->after->kind &&
				     value_is_container(n->before));
	else
		container = json || (is_container_value(v) && n->nchildren > 0);
	if (depth > MAX_DEPTH) {
		line = line_new(b, indent, parent);
		if (line >= 0)
			seg_lit(b, THEME_ROLE_COMMENT, "  … (nested too deep to show)");
		buf_truncate(&b->path, saved);
		return;
	}
	if (container || text) {
		bool folded = op == DIFF_SAME;
		struct buf sum = BUF_INIT;

		if (toggled(b->d, n))
			folded = !folded;
		line = attr_line(b, n, op, parent, indent,
				 folded ? b->g->closed : b->g->open, 0);
		if (line < 0) {
			buf_truncate(&b->path, saved);
			return;
		}
		b->d->lines[line].flags |= UI_DL_FOLDABLE | (folded ? UI_DL_FOLDED : 0);
		if (folded) {
			struct buf val = BUF_INIT;

			inline_value(b, &val, v, 0);
			xbuf_check(&val);
			seg_lit(b, THEME_ROLE_NORMAL, " = ");
			seg_buf(b, THEME_ROLE_NORMAL, &val);
			buf_release(&val);
		} else if (text) {
			size_t added, removed, sumseg;

			seg_lit(b, THEME_ROLE_COMMENT, "");
			sumseg = b->d->nsegs - 1;
			text_line_diff(b, n, op, (int32_t)line, indent, &added, &removed);
			if (op == DIFF_CHANGE)
				buf_addf(&sum, "  (text: +%zu -%zu lines)", added, removed);
			else
				buf_addf(&sum, "  (text, %zu lines)", op == DIFF_REMOVE ? removed : added);
			/* fill in the summary segment now that the counts are known */
			{
				struct ui_dseg *sg = &b->d->segs[sumseg];

				sg->off = (uint32_t)b->d->text.len;
				buf_add(&b->d->text, sum.data, sum.len);
				xbuf_check(&b->d->text);
				sg->len = (uint32_t)sum.len;
			}
		} else {
			if (json)
				buf_addf(&sum, "  (JSON: %zu changed)", n->nchanged);
			else if (op == DIFF_CHANGE)
				buf_addf(&sum, "  (%zu changed)", n->nchanged);
			else
				buf_addf(&sum, "  (%u)", v->len);
			xbuf_check(&sum);
			seg_buf(b, THEME_ROLE_COMMENT, &sum);
			if (n->flags & DIFF_FORCES_REPLACEMENT)
				seg_lit(b, THEME_ROLE_FORCES, "  # forces replacement");
			emit_children(b, n, depth + 1, op == DIFF_CHANGE ? DIFF_CHANGE : op,
				      (int32_t)line, (uint16_t)(indent + 2));
		}
		buf_release(&sum);
		buf_truncate(&b->path, saved);
		return;
	}
	line = attr_line(b, n, op, parent, indent, NULL, keyw);
	if (line >= 0) {
		scalar_value(b, line, n, op);
		if (n->flags & DIFF_FORCES_REPLACEMENT)
			seg_lit(b, THEME_ROLE_FORCES, "  # forces replacement");
	}
	buf_truncate(&b->path, saved);
}

static void
emit_children(struct bctx *b, const struct diff_node *n, int depth, enum diff_op ctx,
	      int32_t parent, uint16_t indent)
{
	size_t i, hidden = 0;
	int keyw = 0;

	for (i = 0; i < n->nchildren; i++) {
		const struct diff_node *ch = &n->children[i];
		struct buf k = BUF_INIT;
		int w;

		if (!shown(b, n, ch, depth, ctx))
			continue;
		if (value_is_container(ch->after) || value_is_container(ch->before))
			continue;
		key_text(b, &k, ch);
		w = ui_text_width(k.data, k.len);
		buf_release(&k);
		if (w > keyw && w <= KEY_ALIGN_MAX)
			keyw = w;
	}
	for (i = 0; i < n->nchildren; i++) {
		const struct diff_node *ch = &n->children[i];

		if (!shown(b, n, ch, depth, ctx)) {
			if (!(diff_value_is_empty(ch->before) && diff_value_is_empty(ch->after)))
				hidden++;
			continue;
		}
		emit_node(b, ch, depth, ctx, parent, indent, keyw);
	}
	if (hidden) {
		long line = line_new(b, indent, parent);
		struct buf t = BUF_INIT;

		if (line >= 0) {
			bool is_array = n->nchildren && !n->children[0].key;

			buf_addchn(&t, ' ', (size_t)indent + 4);
			buf_addf(&t, "# %zu unchanged %s%s hidden", hidden,
				 is_array ? "element" : "attribute", hidden == 1 ? "" : "s");
			seg_buf(b, THEME_ROLE_COMMENT, &t);
		}
		buf_release(&t);
	}
}

/* ---- the header: what this change is and why ---- */

static void
names_line(struct bctx *b, const char *label, const uint32_t *ids, size_t n, size_t total)
{
	struct buf t = BUF_INIT;
	size_t i;

	if (line_new(b, 0, -1) < 0)
		return;
	seg_lit(b, THEME_ROLE_COMMENT, label);
	for (i = 0; i < n && i < NAMES_SHOWN; i++) {
		const struct plan_change *o = plan_change_at(b->x->plan, ids[i]);

		if (i)
			seg_lit(b, THEME_ROLE_COMMENT, ", ");
		buf_reset(&t);
		ui_text_escape_str(b->x->cv, &t, o->address);
		xbuf_check(&t);
		seg_buf(b, o->action == PLAN_ACTION_NOOP ? THEME_ROLE_NORMAL : THEME_ROLE_TITLE, &t);
	}
	if (total > NAMES_SHOWN) {
		buf_reset(&t);
		buf_addf(&t, " and %zu more (b shows them)", total - NAMES_SHOWN);
		seg_buf(b, THEME_ROLE_COMMENT, &t);
	}
	buf_release(&t);
}

/* The other ends of a node's edges, each once (edges are sorted by the
 * other end, so repeats are adjacent); the first NAMES_SHOWN go to ids. */
static size_t
ends(const struct graph *g, size_t node, bool out, uint32_t *ids)
{
	size_t i, n = out ? graph_out_degree(g, node) : graph_in_degree(g, node), k = 0;
	uint32_t prev = UINT32_MAX;

	for (i = 0; i < n; i++) {
		const struct graph_edge *e = out ? graph_out_edge(g, node, i) : graph_in_edge(g, node, i);
		uint32_t other = out ? e->to : e->from;

		/* every resource is managed through its provider: not news */
		if (other == prev || other == node || e->kind == GRAPH_EDGE_PROVIDER)
			continue;
		prev = other;
		if (k < NAMES_SHOWN)
			ids[k] = other;
		k++;
	}
	return k;
}

/* What the change depends on and what depends on it directly, from the
 * dependency graph (b shows the whole blast radius). */
static void
dependencies(struct bctx *b)
{
	const struct graph *g = b->x->graph;
	uint32_t ids[NAMES_SHOWN];
	size_t n;

	if (!g) {
		if (b->x->graph_pending)
			text_line(b, THEME_ROLE_COMMENT, "dependencies: being worked out...");
		return;
	}
	n = ends(g, b->c->index, true, ids);
	if (n)
		names_line(b, "depends on: ", ids, n < NAMES_SHOWN ? n : NAMES_SHOWN, n);
	n = ends(g, b->c->index, false, ids);
	if (n)
		names_line(b, "depended on by: ", ids, n < NAMES_SHOWN ? n : NAMES_SHOWN, n);
	else if (b->c->action == PLAN_ACTION_REPLACE || b->c->action == PLAN_ACTION_DELETE)
		text_line(b, THEME_ROLE_COMMENT, "depended on by: nothing in the plan");
}

static const char *
reason_words(const struct plan_change *c)
{
	switch (c->reason) {
	case PLAN_REASON_REPLACE_TAINTED:
		return "why: the object is tainted (a create or a provisioner failed)";
	case PLAN_REASON_REPLACE_CANNOT_UPDATE:
		return "why: an attribute cannot be changed in place";
	case PLAN_REASON_REPLACE_BY_REQUEST:
		return "why: a replace was requested (-replace)";
	case PLAN_REASON_REPLACE_BY_TRIGGERS:
		return "why: something in replace_triggered_by changed";
	case PLAN_REASON_DELETE_NO_RESOURCE_CONFIG:
		return "why: the resource is no longer in the configuration";
	case PLAN_REASON_DELETE_NO_MODULE:
		return "why: its module is no longer in the configuration";
	case PLAN_REASON_DELETE_WRONG_REPETITION:
		return "why: count or for_each changed how the resource repeats";
	case PLAN_REASON_DELETE_COUNT_INDEX:
		return "why: its index is out of range for count";
	case PLAN_REASON_DELETE_EACH_KEY:
		return "why: its key is no longer in for_each";
	case PLAN_REASON_DELETE_NO_MOVE_TARGET:
		return "why: it was moved to an address that is not in the configuration";
	case PLAN_REASON_READ_CONFIG_UNKNOWN:
		return "why: its configuration refers to values not known yet";
	case PLAN_REASON_READ_DEPENDENCY_PENDING:
		return "why: it depends on a resource with changes pending";
	case PLAN_REASON_READ_CHECK_NESTED:
		return "why: a check block reads it";
	case PLAN_REASON_NONE:
	case PLAN_REASON_OTHER:
	case PLAN_REASON_COUNT:
		break;
	}
	return NULL;
}

/* "ami, subnet_id, set[1].id" from replace_paths. */
static void
forced_by(struct bctx *b, struct buf *out)
{
	const struct value *rp = &b->c->replace_paths;
	size_t i, j;

	for (i = 0; rp->kind == VALUE_ARRAY && i < rp->len; i++) {
		const struct value *p = &rp->u.items[i];

		if (i)
			buf_addstr(out, ", ");
		for (j = 0; p->kind == VALUE_ARRAY && j < p->len; j++) {
			const struct value *s = &p->u.items[j];

			if (s->kind == VALUE_STRING) {
				if (j)
					buf_addch(out, '.');
				ui_text_escape(b->x->cv, out, s->u.str, s->len);
			} else if (s->kind == VALUE_NUMBER) {
				buf_addch(out, '[');
				ui_text_escape(b->x->cv, out, s->u.str, s->len);
				buf_addch(out, ']');
			}
		}
	}
}


static void
kv_line(struct bctx *b, enum theme_role role, const char *label, const char *raw)
{
	if (line_new(b, 0, -1) < 0)
		return;
	seg_lit(b, THEME_ROLE_COMMENT, label);
	seg_text(b, role, raw, strlen(raw));
}

static void
header(struct bctx *b)
{
	const struct plan_change *c = b->c;
	bool ascii = b->x->cv->ascii;
	struct buf t = BUF_INIT;
	const char *provider = c->provider;
	const char *action = plan_action_marker(c->action, ascii);
	enum theme_role ar = ui_action_role(c->action);

	/* what it is */
	if (line_new(b, 0, -1) >= 0) {
		seg_text(b, THEME_ROLE_TITLE, c->address, strlen(c->address));
		if (c->deposed) {
			seg_lit(b, THEME_ROLE_COMMENT, " (deposed object ");
			seg_text(b, THEME_ROLE_COMMENT, c->deposed, strlen(c->deposed));
			seg_lit(b, THEME_ROLE_COMMENT, ")");
		}
	}
	if (str_has_prefix(provider, "registry.terraform.io/"))
		provider += strlen("registry.terraform.io/");
	if (line_new(b, 0, -1) >= 0) {
		seg_lit(b, THEME_ROLE_COMMENT, c->mode == PLAN_MODE_DATA       ? "data source "
					       : c->mode == PLAN_MODE_PROVIDER ? "provider "
					       : c->mode == PLAN_MODE_COMPONENT ? "component "
										: "resource ");
		seg_text(b, THEME_ROLE_NORMAL, c->type, strlen(c->type));
		if (*provider) {
			seg_lit(b, THEME_ROLE_COMMENT, " from ");
			seg_text(b, THEME_ROLE_COMMENT, provider, strlen(provider));
		}
	}
	/* what happens */
	if (line_new(b, 0, -1) >= 0) {
		seg_lit(b, ar, action);
		seg_lit(b, ar, " ");
		if (c->section == PLAN_SECTION_DRIFT) {
			seg_lit(b, ar, c->action == PLAN_ACTION_DELETE
					       ? "deleted outside Terraform (drift)"
					       : "changed outside Terraform (drift)");
		} else if (c->section == PLAN_SECTION_DEFERRED) {
			seg_lit(b, ar, "deferred: ");
			seg_text(b, ar, c->deferred_reason ? c->deferred_reason : "unknown reason",
				 strlen(c->deferred_reason ? c->deferred_reason : "unknown reason"));
		} else if (c->action == PLAN_ACTION_REPLACE) {
			if (c->flags & PLAN_CHANGE_FORGET_OLD)
				seg_lit(b, ar, "replace: create the new object; the old one is "
					       "forgotten, not destroyed");
			else if (c->flags & PLAN_CHANGE_CREATE_FIRST)
				seg_lit(b, ar, "replace: create the new object first, then destroy "
					       "the old one");
			else
				seg_lit(b, ar, "replace: destroy the old object, then create the "
					       "new one");
		} else if (c->action == PLAN_ACTION_DELETE && c->deposed) {
			seg_lit(b, ar, "destroy a deposed object left by a failed "
				       "create-before-destroy");
		} else {
			seg_lit(b, ar, plan_action_description(c->action));
		}
	}
	if (reason_words(c))
		text_line(b, THEME_ROLE_NORMAL, reason_words(c));
	if (c->action == PLAN_ACTION_REPLACE && !(c->flags & PLAN_CHANGE_FORGET_OLD)) {
		forced_by(b, &t);
		xbuf_check(&t);
		if (t.len && line_new(b, 0, -1) >= 0) {
			seg_lit(b, THEME_ROLE_COMMENT, "forced by: ");
			seg_buf(b, THEME_ROLE_FORCES, &t);
		}
		text_line(b, THEME_ROLE_COMMENT,
			  (c->flags & PLAN_CHANGE_CREATE_FIRST)
				  ? "order: both objects exist for a while; unique names must not clash"
				  : "order: the old object is gone before the new one exists (downtime)");
	}
	if (c->flags & PLAN_CHANGE_MOVED)
		kv_line(b, THEME_ROLE_MOVE, "moved from: ", c->previous_address);
	if (c->flags & PLAN_CHANGE_IMPORTING)
		kv_line(b, THEME_ROLE_IMPORT, "imported from: ",
			c->import_id && *c->import_id ? c->import_id : "(an id known at apply)");
	if (c->flags & PLAN_CHANGE_TAINTED && c->reason != PLAN_REASON_REPLACE_TAINTED)
		text_line(b, THEME_ROLE_DELETE, "tainted in the prior state");
	if (b->x->tree->drift_of[c->index] >= 0)
		text_line(b, THEME_ROLE_DRIFT,
			  "drift: changed outside Terraform since the last apply (below)");
	if (c->flags & PLAN_CHANGE_SENSITIVE_CHANGED) {
		/* said again by sensitive_note() once the lines show what is revealed */
		b->sensitive_note = (long)b->d->nlines;
		text_line(b, THEME_ROLE_SENSITIVE,
			  "a sensitive value changes (select it and press x to reveal it)");
	}
	if (b->x->nfindings) {
		size_t i;

		buf_reset(&t);
		buf_addf(&t, "findings: %zu", b->x->nfindings);
		text_line(b, THEME_ROLE_TITLE, t.data);
		for (i = 0; i < b->x->nfindings && i < 5; i++) {
			const struct finding *f = b->x->findings[i];
			static const char *const sev[] = { "INFO", "LOW", "MEDIUM", "HIGH",
							   "CRITICAL" };
			static const enum theme_role role[] = {
				THEME_ROLE_SEV_INFO, THEME_ROLE_SEV_LOW, THEME_ROLE_SEV_MEDIUM,
				THEME_ROLE_SEV_HIGH, THEME_ROLE_SEV_CRITICAL
			};
			int s = (int)f->severity < 5 && (int)f->severity >= 0 ? (int)f->severity : 0;

			if (line_new(b, 0, -1) < 0)
				break;
			seg_lit(b, THEME_ROLE_NORMAL, "  ");
			seg_lit(b, role[s], sev[s]);
			seg_lit(b, THEME_ROLE_NORMAL, " ");
			seg_text(b, THEME_ROLE_COMMENT, f->rule_id, strlen(f->rule_id));
			seg_lit(b, THEME_ROLE_NORMAL, " ");
			seg_text(b, THEME_ROLE_NORMAL, f->title, strlen(f->title));
		}
	}
	dependencies(b);
	buf_release(&t);
}

/* ---- building ---- */

void
ui_detail_init(struct ui_detail *d)
{
	memset(d, 0, sizeof(*d));
	d->change = (size_t)-1;
	d->output = (size_t)-1;
	buf_init(&d->text);
}

static void
reset_lines(struct ui_detail *d)
{
	/* the text may hold a revealed secret */
	buf_wipe(&d->text);
	buf_init(&d->text);
	d->nsegs = 0;
	d->nlines = 0;
	d->first_attr = 0;
}

void
ui_detail_release(struct ui_detail *d)
{
	reset_lines(d);
	diff_free(&d->diff);
	diff_free(&d->drift);
	mem_free(d->segs);
	mem_free(d->lines);
	mem_free(d->toggled);
	memset(d, 0, sizeof(*d));
	d->change = (size_t)-1;
	d->output = (size_t)-1;
}

static struct diff *
make_diff(const struct plan_change *c, bool whole)
{
	struct diff *d = NULL;
	struct diff_opts o;
	struct error err = ERROR_INIT;
	const struct value *before = &c->before, *after = &c->after;

	memset(&o, 0, sizeof(o));
	o.replace_paths = c->replace_paths.kind == VALUE_ARRAY ? &c->replace_paths : NULL;
	o.decode_json = true;
	o.match_by_name = (c->flags & PLAN_CHANGE_MATCH_BY_NAME) != 0;
	if (whole) {
		if (c->action == PLAN_ACTION_CREATE || c->action == PLAN_ACTION_READ)
			before = &value_absent;
		if (c->action == PLAN_ACTION_DELETE || c->action == PLAN_ACTION_FORGET)
			after = &value_absent;
	}
	if (diff_new(&d, before, after, &o, &err) < 0)
		die("cannot compare the values: %s", err.msg);
	return d;
}

static enum diff_op
root_ctx(const struct plan_change *c)
{
	switch (c->action) {
	case PLAN_ACTION_CREATE:
	case PLAN_ACTION_READ:
		return DIFF_ADD;
	case PLAN_ACTION_DELETE:
	case PLAN_ACTION_FORGET:
		return DIFF_REMOVE;
	default:
		return DIFF_CHANGE;
	}
}

static void
body(struct bctx *b, const struct plan_change *c, const struct diff *d)
{
	enum diff_op ctx = root_ctx(c);

	if (c->after.kind == VALUE_UNKNOWN && ctx != DIFF_REMOVE) {
		text_line(b, THEME_ROLE_UNKNOWN, "  (all attributes known after apply)");
		return;
	}
	if (c->before.kind == VALUE_SENSITIVE || c->after.kind == VALUE_SENSITIVE) {
		text_line(b, THEME_ROLE_SENSITIVE, "  (the whole object is sensitive)");
		return;
	}
	if (!d->root.nchildren) {
		text_line(b, THEME_ROLE_COMMENT, "  (no attributes)");
		return;
	}
	emit_children(b, &d->root, 0, ctx, -1, 0);
}

/* The header's note on sensitive values, once the attribute lines say
 * how many are revealed: no longer "press x" for what already is. */
static void
sensitive_note(struct bctx *b)
{
	struct ui_detail *d = b->d;
	size_t i, masked = 0, shown = 0;
	struct ui_dseg *sg;
	struct buf t = BUF_INIT;

	if (b->sensitive_note < 0 || (size_t)b->sensitive_note >= d->nlines ||
	    !d->lines[b->sensitive_note].nseg)
		return;
	for (i = d->first_attr; i < d->nlines; i++)
		if (d->lines[i].flags & UI_DL_SENSITIVE) {
			masked++;
			shown += (d->lines[i].flags & UI_DL_REVEALED) != 0;
		}
	if (!shown)
		return;
	if (shown == masked)
		buf_addf(&t, "%s revealed below (the review records it)",
			 shown == 1 ? "a sensitive value changes:" : "sensitive values change: all");
	else
		buf_addf(&t, "sensitive values change: %zu of %zu revealed (x reveals another)", shown,
			 masked);
	xbuf_check(&t);
	sg = &d->segs[d->lines[b->sensitive_note].seg];
	sg->off = (uint32_t)d->text.len;
	sg->len = (uint32_t)t.len;
	buf_add(&d->text, t.data, t.len);
	xbuf_check(&d->text);
	buf_release(&t);
}

/* Starts the lines of a change or an output (the other one (size_t)-1):
 * the diffs and folds are kept while the subject stays the same. */
static void
start_build(struct ui_detail *d, const struct ui_detail_ctx *x, struct bctx *b, size_t change,
	    size_t output)
{
	reset_lines(d);
	if (change != d->change || output != d->output) {
		diff_free(&d->diff);
		diff_free(&d->drift);
		d->ntoggled = 0;
		d->change = change;
		d->output = output;
	}
	memset(b, 0, sizeof(*b));
	b->d = d;
	b->x = x;
	b->g = x->cv->g;
}

void
ui_detail_build(struct ui_detail *d, const struct ui_detail_ctx *x, size_t change)
{
	struct bctx b;
	const struct plan_change *c = plan_change_at(x->plan, change);
	int32_t drift;

	start_build(d, x, &b, change, (size_t)-1);
	if (!c)
		return;
	b.c = c;
	b.sensitive_note = -1;
	if (!d->diff)
		d->diff = make_diff(c, true);
	drift = x->tree->drift_of[change];
	if (drift >= 0 && !d->drift)
		d->drift = make_diff(plan_change_at(x->plan, (size_t)drift), true);
	header(&b);
	text_line(&b, THEME_ROLE_NORMAL, "");
	d->first_attr = d->nlines;
	body(&b, c, d->diff);
	if (drift >= 0) {
		text_line(&b, THEME_ROLE_NORMAL, "");
		text_line(&b, THEME_ROLE_DRIFT, "changed outside Terraform since the last apply:");
		body(&b, plan_change_at(x->plan, (size_t)drift), d->drift);
	}
	if (b.dropped) {
		struct buf t = BUF_INIT;

		d->nlines--;   /* make room for the note */
		buf_addf(&t, "  … %zu more lines not shown", b.dropped + 1);
		xbuf_check(&t);
		b.dropped = 0;
		text_line(&b, THEME_ROLE_COMMENT, t.data);
		buf_release(&t);
	}
	sensitive_note(&b);
	buf_release(&b.path);
}

void
ui_detail_build_output(struct ui_detail *d, const struct ui_detail_ctx *x, size_t output)
{
	const struct plan_output *o = plan_output_at(x->plan, output);
	struct bctx b;
	struct diff_opts dopts = { .decode_json = true };
	struct error err = ERROR_INIT;
	enum diff_op op;
	enum theme_role ar;

	start_build(d, x, &b, (size_t)-1, output);
	if (!o)
		return;
	ar = o->action == PLAN_ACTION_CREATE   ? THEME_ROLE_CREATE
	     : o->action == PLAN_ACTION_DELETE ? THEME_ROLE_DELETE
					       : THEME_ROLE_UPDATE;
	if (line_new(&b, 0, -1) >= 0) {
		seg_lit(&b, THEME_ROLE_COMMENT, "output ");
		seg_text(&b, THEME_ROLE_TITLE, o->name, strlen(o->name));
	}
	if (line_new(&b, 0, -1) >= 0) {
		seg_lit(&b, ar, plan_action_marker(o->action, x->cv->ascii));
		seg_lit(&b, ar, " ");
		seg_lit(&b, ar, plan_action_description(o->action));
	}
	text_line(&b, THEME_ROLE_NORMAL, "");
	d->first_attr = d->nlines;
	op = o->action == PLAN_ACTION_CREATE ? DIFF_ADD
	     : o->action == PLAN_ACTION_DELETE ? DIFF_REMOVE
					       : DIFF_CHANGE;
	if (!d->diff && diff_new(&d->diff, op == DIFF_ADD ? &value_absent : &o->before,
				 op == DIFF_REMOVE ? &value_absent : &o->after, &dopts, &err) < 0)
		die("cannot compare the values: %s", err.msg);
	{
		/* the output is one value: show it as an attribute named "value" */
		struct diff_node root = d->diff->root;

		root.key = "value";
		root.key_len = 5;
		b.c = NULL;
		emit_node(&b, &root, 0, op == DIFF_CHANGE ? DIFF_CHANGE : op, -1, 0, 0);
	}
	buf_release(&b.path);
}

const char *
ui_detail_path(const struct ui_detail *d, size_t line, size_t *len)
{
	if (line >= d->nlines || !(d->lines[line].flags & UI_DL_ATTR)) {
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = d->lines[line].path_len;
	return d->text.data + d->lines[line].path_off;
}

long
ui_detail_find_path(const struct ui_detail *d, const char *path)
{
	size_t i;

	for (i = 0; i < d->nlines; i++)
		if ((d->lines[i].flags & UI_DL_ATTR) &&
		    strcmp(d->text.data + d->lines[i].path_off, path) == 0)
			return (long)i;
	return -1;
}
