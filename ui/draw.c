/* draw.c - text output with a shadow grid of roles. */
#include "draw.h"

#include <curses.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "str.h"
#include "term.h"
#include "xalloc.h"

const struct ui_glyphs ui_glyphs_unicode = {
	.open = "▾", .closed = "▸", .ellipsis = "…", .vbar = "│", .hbar = "─",
	.arrow = "→", .check = "✓", .dot = "·", .branch = "├─", .last = "└─", .pipe = "│ ",
};

const struct ui_glyphs ui_glyphs_ascii = {
	.open = "v", .closed = ">", .ellipsis = "~", .vbar = "|", .hbar = "-",
	.arrow = "->", .check = "*", .dot = "|", .branch = "|-", .last = "`-", .pipe = "| ",
};

void
ui_canvas_init(struct ui_canvas *c, struct ui_term *term, bool ascii)
{
	memset(c, 0, sizeof(*c));
	c->term = term;
	c->ascii = ascii;
	c->g = ascii ? &ui_glyphs_ascii : &ui_glyphs_unicode;
}

void
ui_canvas_release(struct ui_canvas *c)
{
	mem_free(c->roles);
	c->roles = NULL;
	c->rows = c->cols = 0;
}

void
ui_canvas_begin(struct ui_canvas *c)
{
	int rows, cols;

	ui_term_size(c->term, &rows, &cols);
	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	if (rows != c->rows || cols != c->cols) {
		mem_free(c->roles);
		c->roles = xmalloc((size_t)rows * (size_t)cols);
		c->rows = rows;
		c->cols = cols;
	}
	memset(c->roles, THEME_ROLE_NORMAL, (size_t)rows * (size_t)cols);
	wattr_set(stdscr, (attr_t)ui_term_role_attrs(c->term, THEME_ROLE_NORMAL),
		  (short)PAIR_NUMBER(ui_term_role_attrs(c->term, THEME_ROLE_NORMAL)), NULL);
	wbkgdset(stdscr, ' ' | (chtype)ui_term_role_attrs(c->term, THEME_ROLE_NORMAL));
	werase(stdscr);
}

void
ui_text_escape(const struct ui_canvas *c, struct buf *out, const char *s, size_t len)
{
	str_escape(out, s, len, STR_ESCAPE_CONTROLS | (c->ascii ? STR_ESCAPE_ASCII : 0));
}

void
ui_text_escape_str(const struct ui_canvas *c, struct buf *out, const char *s)
{
	ui_text_escape(c, out, s, strlen(s));
}

int
ui_text_width(const char *s, size_t len)
{
	size_t w = str_width(s, len);

	return w > 100000 ? 100000 : (int)w;
}

/* Controls need escaping; non-ASCII text may hold bidi or format
 * characters (or must become ASCII), so it goes through str_escape too. */
static bool
needs_escape(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char u = (unsigned char)s[i];

		if (u < 0x20 || u >= 0x7F)
			return true;
	}
	return false;
}

/* Clip rectangle intersected with the canvas. */
static bool
clip_ok(const struct ui_canvas *c, const struct ui_rect *clip, int y, int x)
{
	if (!clip || y < 0 || x < 0 || y >= clip->h || x >= clip->w)
		return false;
	if (clip->y + y >= c->rows || clip->x + x >= c->cols)
		return false;
	return true;
}

static void
set_attrs(const struct ui_canvas *c, enum theme_role role)
{
	unsigned long a = ui_term_role_attrs(c->term, role);

	wattr_set(stdscr, (attr_t)(a & ~(unsigned long)A_COLOR), (short)PAIR_NUMBER(a), NULL);
}

int
ui_draw_text(struct ui_canvas *c, const struct ui_rect *clip, int y, int x,
	     enum theme_role role, const char *s, size_t len)
{
	struct buf tmp = BUF_INIT;
	int avail, maxc;
	size_t n, cols;

	if (!clip_ok(c, clip, y, x) || !len)
		return 0;
	if (needs_escape(s, len)) {
		/* already-escaped text passes through unchanged */
		ui_text_escape(c, &tmp, s, len);
		xbuf_check(&tmp);
		s = tmp.data;
		len = tmp.len;
	}
	avail = clip->w - x;
	maxc = c->cols - (clip->x + x);
	if (maxc < avail)
		avail = maxc;
	n = str_fit(s, len, (size_t)avail, &cols);
	if (n) {
		int i;

		set_attrs(c, role);
		mvwaddnstr(stdscr, clip->y + y, clip->x + x, s, (int)n);
		for (i = 0; i < (int)cols; i++)
			c->roles[(size_t)(clip->y + y) * (size_t)c->cols + (size_t)(clip->x + x + i)] =
				(unsigned char)role;
	}
	buf_release(&tmp);
	return (int)cols;
}

int
ui_draw_str(struct ui_canvas *c, const struct ui_rect *clip, int y, int x, enum theme_role role,
	    const char *s)
{
	return ui_draw_text(c, clip, y, x, role, s, strlen(s));
}

int
ui_draw_fitted(struct ui_canvas *c, const struct ui_rect *clip, int y, int x, int max,
	       enum theme_role role, const char *s, size_t len)
{
	struct buf tmp = BUF_INIT, fit = BUF_INIT;
	int w;

	if (max <= 0)
		return 0;
	if (needs_escape(s, len)) {
		ui_text_escape(c, &tmp, s, len);
		xbuf_check(&tmp);
		s = tmp.data;
		len = tmp.len;
	}
	str_append_fitted(&fit, s, len, (size_t)max, c->g->ellipsis);
	xbuf_check(&fit);
	w = ui_draw_text(c, clip, y, x, role, fit.data, fit.len);
	buf_release(&fit);
	buf_release(&tmp);
	return w;
}

void
ui_draw_fill_row(struct ui_canvas *c, const struct ui_rect *clip, int y, int x,
		 enum theme_role role)
{
	int w, i, ay, ax;

	if (!clip_ok(c, clip, y, x))
		return;
	w = clip->w - x;
	ay = clip->y + y;
	ax = clip->x + x;
	if (ax + w > c->cols)
		w = c->cols - ax;
	set_attrs(c, role);
	for (i = 0; i < w; i++)
		mvwaddch(stdscr, ay, ax + i, ' ');
	memset(&c->roles[(size_t)ay * (size_t)c->cols + (size_t)ax], role, (size_t)w);
}

void
ui_draw_fill(struct ui_canvas *c, const struct ui_rect *r, enum theme_role role)
{
	int y;

	for (y = 0; y < r->h; y++)
		ui_draw_fill_row(c, r, y, 0, role);
}

void
ui_draw_recolor(struct ui_canvas *c, const struct ui_rect *clip, int y, int x, int w,
		enum theme_role role)
{
	unsigned long a;
	int ay, ax;

	if (!clip_ok(c, clip, y, x) || w <= 0)
		return;
	if (x + w > clip->w)
		w = clip->w - x;
	ay = clip->y + y;
	ax = clip->x + x;
	if (ax + w > c->cols)
		w = c->cols - ax;
	a = ui_term_role_attrs(c->term, role);
	mvwchgat(stdscr, ay, ax, w, (attr_t)(a & ~(unsigned long)A_COLOR), (short)PAIR_NUMBER(a),
		 NULL);
	memset(&c->roles[(size_t)ay * (size_t)c->cols + (size_t)ax], role, (size_t)w);
}

/* The theme role of an action (its colour in the tree, the header, the
 * detail and the blast pane). */
enum theme_role
ui_action_role(enum plan_action a)
{
	switch (a) {
	case PLAN_ACTION_CREATE:
		return THEME_ROLE_CREATE;
	case PLAN_ACTION_UPDATE:
		return THEME_ROLE_UPDATE;
	case PLAN_ACTION_DELETE:
		return THEME_ROLE_DELETE;
	case PLAN_ACTION_REPLACE:
		return THEME_ROLE_REPLACE;
	case PLAN_ACTION_READ:
		return THEME_ROLE_READ;
	case PLAN_ACTION_IMPORT:
		return THEME_ROLE_IMPORT;
	case PLAN_ACTION_MOVE:
		return THEME_ROLE_MOVE;
	case PLAN_ACTION_FORGET:
		return THEME_ROLE_FORGET;
	default:
		return THEME_ROLE_NOOP;
	}
}
