/* layout.c - pure pane geometry. */
#include "layout.h"

#include <string.h>

#include "buf.h"

static const char *const pane_names[UI_PANE_COUNT] = { "tree", "detail", "findings", "blast" };

const char *
ui_pane_name(enum ui_pane pane)
{
	return (unsigned)pane < UI_PANE_COUNT ? pane_names[pane] : "?";
}

static struct ui_rect
rect(int y, int x, int h, int w)
{
	struct ui_rect r = { y, x, h, w };

	return r;
}

void
ui_layout_compute(int rows, int cols, const struct ui_layout_state *st, struct ui_layout *out)
{
	int srows = st->status_rows == 2 ? 2 : 1, body_y = 1, body_h = rows - 1 - srows;
	bool lower = st->lower_open && (st->lower == UI_PANE_FINDINGS || st->lower == UI_PANE_BLAST);

	memset(out, 0, sizeof(*out));
	if (rows < UI_MIN_ROWS || cols < UI_MIN_COLS) {
		out->too_small = true;
		return;
	}
	out->header = rect(0, 0, 1, cols);
	out->status = rect(rows - srows, 0, srows, cols);
	if (st->zoom >= 0 && st->zoom < UI_PANE_COUNT &&
	    (st->zoom <= UI_PANE_DETAIL || (lower && st->zoom == (int)st->lower))) {
		out->pane[st->zoom] = rect(body_y, 0, body_h, cols);
		out->visible[st->zoom] = true;
		return;
	}
	out->visible[UI_PANE_TREE] = out->visible[UI_PANE_DETAIL] = true;
	if (lower)
		out->visible[st->lower] = true;
	if (cols >= UI_SIDE_BY_SIDE_COLS) {
		int tw = cols * 42 / 100, rx = tw + 1, rw = cols - tw - 1;

		out->side_by_side = true;
		out->pane[UI_PANE_TREE] = rect(body_y, 0, body_h, tw);
		out->divider = rect(body_y, tw, body_h, 1);
		if (lower) {
			int dh = body_h * 55 / 100;

			out->pane[UI_PANE_DETAIL] = rect(body_y, rx, dh, rw);
			out->pane[st->lower] = rect(body_y + dh, rx, body_h - dh, rw);
		} else {
			out->pane[UI_PANE_DETAIL] = rect(body_y, rx, body_h, rw);
		}
		return;
	}
	if (lower) {
		int th = body_h * 35 / 100, dh = body_h * 35 / 100;

		if (th < 3)
			th = 3;
		if (dh < 3)
			dh = 3;
		out->pane[UI_PANE_TREE] = rect(body_y, 0, th, cols);
		out->pane[UI_PANE_DETAIL] = rect(body_y + th, 0, dh, cols);
		out->pane[st->lower] = rect(body_y + th + dh, 0, body_h - th - dh, cols);
	} else {
		int th = body_h * 2 / 5;

		if (th < 3)
			th = 3;
		out->pane[UI_PANE_TREE] = rect(body_y, 0, th, cols);
		out->pane[UI_PANE_DETAIL] = rect(body_y + th, 0, body_h - th, cols);
	}
}

static void
describe(struct buf *out, const char *name, const struct ui_rect *r)
{
	if (out->len)
		buf_addch(out, ' ');
	buf_addf(out, "%s{%d,%d,%dx%d}", name, r->y, r->x, r->w, r->h);
}

void
ui_layout_describe(const struct ui_layout *l, struct buf *out)
{
	int p;

	if (l->too_small) {
		buf_addstr(out, "too-small");
		return;
	}
	describe(out, "header", &l->header);
	for (p = 0; p < UI_PANE_COUNT; p++)
		if (l->visible[p])
			describe(out, pane_names[p], &l->pane[p]);
	if (l->side_by_side)
		describe(out, "divider", &l->divider);
	describe(out, "status", &l->status);
}
