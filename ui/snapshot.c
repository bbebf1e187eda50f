/* snapshot.c - read the screen back from curses. */
#include "snapshot.h"

#include <curses.h>
#include <wchar.h>

#include "buf.h"
#include "draw.h"
#include "str.h"
#include "term.h"

void
ui_snapshot_text(const struct ui_canvas *c, struct buf *out)
{
	int y, x;

	for (y = 0; y < c->rows; y++) {
		size_t start = out->len, keep = out->len;

		for (x = 0; x < c->cols; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			int i, width = 1;

			if (mvwin_wch(stdscr, y, x, &cc) == ERR ||
			    getcchar(&cc, wch, &attrs, &pair, NULL) == ERR || !wch[0]) {
				buf_addch(out, ' ');
				continue;
			}
			for (i = 0; wch[i] && i < CCHARW_MAX; i++) {
				char u[4];
				uint32_t cp = (uint32_t)wch[i];
				int n;

				if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
					cp = 0xFFFD;
				n = str_utf8_encode(cp, u);
				buf_add(out, u, (size_t)n);
				if (i == 0)
					width = str_cp_width(cp);
			}
			if (wch[0] != L' ')
				keep = out->len;
			/* curses repeats a wide glyph in its second cell */
			if (width == 2)
				x++;
		}
		buf_truncate(out, keep > start ? keep : start);
		buf_addch(out, '\n');
	}
}

void
ui_snapshot_roles(const struct ui_canvas *c, struct buf *out)
{
	int y, x;

	for (y = 0; y < c->rows; y++) {
		for (x = 0; x < c->cols; x++)
			buf_addch(out, theme_role_letter(
					       (enum theme_role)c->roles[(size_t)y * (size_t)c->cols +
									 (size_t)x]));
		buf_addch(out, '\n');
	}
}

void
ui_snapshot_palette(const struct ui_canvas *c, struct buf *out)
{
	ui_term_describe_palette(c->term, out);
}
