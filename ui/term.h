/* term.h - the terminal: the only file that starts and stops curses.
 *
 * Two modes: interactive (curses on /dev/tty, so a plan can come from a
 * pipe on standard input) and headless (newterm on /dev/null with a fixed
 * size, for key scripts and screen tests; no tty needed).
 *
 * Colours: one curses pair per distinct (fg, bg) of the theme, allocated
 * when the theme is applied; colours a terminal cannot show are reduced
 * (theme_color_reduce).  With NO_COLOR, a terminal without colours, or
 * the monochrome theme, only attributes are used.
 */
#ifndef SIGNOFF_UI_TERM_H
#define SIGNOFF_UI_TERM_H

#include <stdbool.h>

#include "error.h"
#include "keymap.h"
#include "theme.h"

struct buf;

struct ui_term_opts {
	bool headless;
	int rows, cols;          /* headless size */
	const char *term;        /* headless terminal type; NULL: $TERM, else xterm-256color */
	bool mouse;
	bool no_color;           /* NO_COLOR, --color=never */
	int max_colors;          /* 0: what the terminal has; else at most this many */
};

struct ui_term;

int ui_term_open(struct ui_term **out, const struct ui_term_opts *opts, struct error *err);
/* Restores the terminal; NULL-safe. */
void ui_term_close(struct ui_term **t);
/* The bytes that put the terminal back as ui_term_close would (mouse
 * reports off, keypad off, attributes off, cursor shown, the main screen
 * back), from terminfo, into out (NUL-terminated; cut short rather than
 * overflow).  For a signal handler to write(2) where no curses call may
 * run. */
void ui_term_reset_sequence(const struct ui_term *t, char *out, size_t size);

/* Allocates the colour pairs for a theme (or none, in monochrome). */
void ui_term_apply_theme(struct ui_term *t, const struct theme *theme);
/* The curses attributes (colour pair included) of a role. */
unsigned long ui_term_role_attrs(const struct ui_term *t, enum theme_role role);
/* Colours in use: 0 when monochrome. */
int ui_term_colors(const struct ui_term *t);
bool ui_term_is_headless(const struct ui_term *t);
/* The terminal type curses was started with. */
const char *ui_term_type(const struct ui_term *t);
/* One line per role: the attributes and colours curses really holds. */
void ui_term_describe_palette(const struct ui_term *t, struct buf *out);

/* Current size. */
void ui_term_size(const struct ui_term *t, int *rows, int *cols);
/* Headless: changes the size as a terminal would (resizeterm). */
void ui_term_resize(struct ui_term *t, int rows, int cols);
/* Sends what was drawn to the terminal (nothing headless). */
void ui_term_flush(struct ui_term *t);
/* Forces a full repaint on the next flush (after <C-l>). */
void ui_term_touch(struct ui_term *t);

/* Interactive input: waits up to timeout_ms (-1: forever) and returns 1
 * with *in set, 0 on timeout, -1 when input is gone. */
int ui_term_read(struct ui_term *t, struct keymap_input *in, int timeout_ms);

#endif
