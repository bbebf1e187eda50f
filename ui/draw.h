/* draw.h - all text output of the review UI goes through here.
 *
 * ui_draw_text() writes to curses and records the theme role of every
 * cell it covers in a shadow grid, so snapshots can show roles without
 * reverse-mapping colour pairs (style 5.11).  Text is cut to columns,
 * never bytes, and never splits a character; a wide glyph's second cell
 * carries the glyph's role.  As a last line of defence, text is escaped
 * again here (a no-op for text that already is), so no control character
 * can reach the terminal even if a caller forgot.
 */
#ifndef SIGNOFF_UI_DRAW_H
#define SIGNOFF_UI_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"
#include "theme.h"

struct buf;
struct ui_term;

struct ui_rect {
	int y, x, h, w;
};

/* Glyphs that have an ASCII fallback. */
struct ui_glyphs {
	const char *open, *closed;      /* fold markers */
	const char *ellipsis;           /* one column */
	const char *vbar, *hbar;        /* pane borders */
	const char *arrow;              /* before -> after */
	const char *check;              /* reviewed */
	const char *dot;                /* separator in headers */
	const char *branch, *last;      /* blast tree: "├─", "└─" */
	const char *pipe;               /* blast tree: "│ " */
};

extern const struct ui_glyphs ui_glyphs_unicode;
extern const struct ui_glyphs ui_glyphs_ascii;

struct ui_canvas {
	struct ui_term *term;
	int rows, cols;
	unsigned char *roles;           /* rows * cols */
	const struct ui_glyphs *g;
	bool ascii;                     /* escape every non-ASCII character */
};

void ui_canvas_init(struct ui_canvas *c, struct ui_term *term, bool ascii);
void ui_canvas_release(struct ui_canvas *c);
/* Matches the canvas to the terminal's current size and clears it. */
void ui_canvas_begin(struct ui_canvas *c);

/* Escapes untrusted text for display (controls, bidi; all non-ASCII in
 * ASCII mode) and appends it to out. */
void ui_text_escape(const struct ui_canvas *c, struct buf *out, const char *s, size_t len);
void ui_text_escape_str(const struct ui_canvas *c, struct buf *out, const char *s);

/* Draws text at (y, x) relative to the clip rectangle; draws nothing
 * outside it.  Returns the columns drawn. */
int ui_draw_text(struct ui_canvas *c, const struct ui_rect *clip, int y, int x,
		 enum theme_role role, const char *s, size_t len);
int ui_draw_str(struct ui_canvas *c, const struct ui_rect *clip, int y, int x,
		enum theme_role role, const char *s);
/* Like ui_draw_text, but ends with the ellipsis when cut at `max` columns. */
int ui_draw_fitted(struct ui_canvas *c, const struct ui_rect *clip, int y, int x, int max,
		   enum theme_role role, const char *s, size_t len);
/* Fills a row of the clip rectangle from column x to its end. */
void ui_draw_fill_row(struct ui_canvas *c, const struct ui_rect *clip, int y, int x,
		      enum theme_role role);
void ui_draw_fill(struct ui_canvas *c, const struct ui_rect *r, enum theme_role role);
/* Changes the role (and attributes) of cells already drawn. */
void ui_draw_recolor(struct ui_canvas *c, const struct ui_rect *clip, int y, int x, int w,
		     enum theme_role role);

/* Display width of already escaped text. */
int ui_text_width(const char *s, size_t len);

/* The theme role of an action. */
enum theme_role ui_action_role(enum plan_action action);

#endif
