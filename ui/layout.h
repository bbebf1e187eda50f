/* layout.h - where each pane goes; pure (no curses), so it is tested as
 * a string: "header{0,0,80x1} tree{1,0,80x9} ...".
 *
 * From 100 columns the tree sits left of the detail pane; below that
 * they are stacked.  The findings or blast-radius pane, when open, takes
 * the lower part of the detail column (or a third of the stack).  A
 * zoomed pane takes the whole body.  The status line takes a second row
 * while a message does not fit on one.  Below UI_MIN_COLS x UI_MIN_ROWS the
 * layout says too_small and nothing else is drawn.
 */
#ifndef SIGNOFF_UI_LAYOUT_H
#define SIGNOFF_UI_LAYOUT_H

#include <stdbool.h>

#include "draw.h"

#define UI_MIN_COLS 40
#define UI_MIN_ROWS 10
#define UI_SIDE_BY_SIDE_COLS 100

enum ui_pane {
	UI_PANE_TREE,
	UI_PANE_DETAIL,
	UI_PANE_FINDINGS,
	UI_PANE_BLAST,
	UI_PANE_COUNT
};

struct ui_layout_state {
	enum ui_pane lower;       /* UI_PANE_FINDINGS or UI_PANE_BLAST */
	bool lower_open;
	int zoom;                 /* a pane, or -1 */
	int status_rows;          /* 2 for a message longer than the line (0 and 1: one) */
};

struct ui_layout {
	bool too_small;
	bool side_by_side;
	struct ui_rect header, status;
	struct ui_rect pane[UI_PANE_COUNT];   /* the first row is the pane's title */
	bool visible[UI_PANE_COUNT];
	struct ui_rect divider;               /* the vertical line, side by side */
};

void ui_layout_compute(int rows, int cols, const struct ui_layout_state *st,
		       struct ui_layout *out);
const char *ui_pane_name(enum ui_pane pane);
/* "header{y,x,WxH} tree{...} ..." for tests. */
void ui_layout_describe(const struct ui_layout *l, struct buf *out);

#endif
