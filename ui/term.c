/* term.c - curses start, colours, input; the curses singleton lives here. */
#include "term.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "xalloc.h"

#define MAX_PAIRS 64

struct ui_term {
	SCREEN *screen;
	FILE *in, *out;
	bool headless;
	bool mouse;
	bool no_color;
	int max_colors;
	int colors;                 /* in use; 0 = monochrome */
	char type[64];
	attr_t attrs[THEME_ROLE_COUNT];
	short pair_fg[MAX_PAIRS], pair_bg[MAX_PAIRS];
	int npairs;
};

static attr_t
curses_attrs(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & THEME_ATTR_BOLD)
		r |= A_BOLD;
	if (a & THEME_ATTR_DIM)
		r |= A_DIM;
	if (a & THEME_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_ATTR_ITALIC)
		r |= A_ITALIC;
	if (a & THEME_ATTR_BLINK)
		r |= A_BLINK;
	return r;
}

/* Ctrl-C reaches the review as a key (bound to quit, which asks when
 * work would be lost) instead of raising SIGINT: the terminal's interrupt
 * character is turned off in curses' program mode only, so endwin() and
 * a suspend give the shell its Ctrl-C back.  Ctrl-Z and Ctrl-\ stay. */
static void
intr_as_key(struct ui_term *t)
{
	struct termios tio;
	int fd = fileno(t->in);

	if (tcgetattr(fd, &tio) < 0)
		return;
	tio.c_cc[VINTR] = _POSIX_VDISABLE;
	if (tcsetattr(fd, TCSANOW, &tio) == 0)
		def_prog_mode();
}

int
ui_term_open(struct ui_term **out, const struct ui_term_opts *opts, struct error *err)
{
	struct ui_term *t = xcalloc(1, sizeof(*t));
	const char *type = opts->term;
	char *cup;

	*out = NULL;
	t->headless = opts->headless;
	t->mouse = opts->mouse && !opts->headless;
	t->no_color = opts->no_color;
	t->max_colors = opts->max_colors;
	if (!type || !*type)
		type = getenv("TERM");
	if (!type || !*type)
		type = opts->headless ? "xterm-256color" : NULL;
	if (!type) {
		mem_free(t);
		return error_set(err, ERROR_USAGE,
				 "TERM is not set: the review UI needs a terminal type "
				 "(try `signoff show`)");
	}
	snprintf(t->type, sizeof(t->type), "%s", type);
	if (opts->headless) {
		t->in = fopen("/dev/null", "r");
		t->out = fopen("/dev/null", "w");
	} else {
		t->in = fopen("/dev/tty", "r");
		t->out = fopen("/dev/tty", "w");
	}
	if (!t->in || !t->out) {
		if (t->in)
			fclose(t->in);
		if (t->out)
			fclose(t->out);
		mem_free(t);
		return error_set(err, ERROR_IO,
				 "cannot open the terminal (/dev/tty): the review UI needs one; "
				 "use `signoff show` in a pipeline");
	}
	t->screen = newterm(t->type, t->out, t->in);
	if (!t->screen) {
		fclose(t->in);
		fclose(t->out);
		error_set(err, ERROR_USAGE, "unknown terminal type '%.60s' (TERM)", t->type);
		mem_free(t);
		return -1;
	}
	set_term(t->screen);
	/* a terminal that cannot move the cursor cannot hold a full-screen UI */
	cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		ui_term_close(&t);
		return error_set(err, ERROR_USAGE,
				 "terminal '%.60s' cannot move the cursor: the review UI needs "
				 "one that can (use `signoff show` for text)",
				 type);
	}
	cbreak();
	noecho();
	nonl();
	if (!opts->headless)
		intr_as_key(t);
	keypad(stdscr, TRUE);
	scrollok(stdscr, FALSE);
	leaveok(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (opts->headless)
		resizeterm(opts->rows, opts->cols);
	if (has_colors() && !t->no_color) {
		start_color();
		use_default_colors();
	}
	if (t->mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
			  NULL);
		mouseinterval(0);
	}
	*out = t;
	return 0;
}

/* Whether the terminal has a string capability (tigetstr: NULL when it
 * has not, -1 when it is not a string capability). */
static bool
has_cap(const char *cap)
{
	const char *v = tigetstr(cap);

	return v && v != (const char *)-1 && *v;
}

/* Writes a capability without its padding ("$<50>"): after endwin() the
 * screen's own output is done with, and no terminal of today needs the
 * delays. */
static void
put_cap(FILE *out, const char *v)
{
	while (*v) {
		if (v[0] == '$' && v[1] == '<' && strchr(v, '>')) {
			v = strchr(v, '>') + 1;
			continue;
		}
		putc(*v++, out);
	}
	fflush(out);
}

void
ui_term_close(struct ui_term **tp)
{
	struct ui_term *t = *tp;

	if (!t)
		return;
	if (t->screen) {
		bool clear_after = !t->headless && !has_cap("smcup");

		set_term(t->screen);
		if (t->mouse)
			mousemask(0, NULL);
		endwin();
		/* no alternate screen (vt100): the review would stay under the
		 * shell's prompt; clear it and home the cursor */
		if (clear_after && has_cap("clear"))
			put_cap(t->out, tigetstr("clear"));
		delscreen(t->screen);
	}
	if (t->in)
		fclose(t->in);
	if (t->out)
		fclose(t->out);
	mem_free(t);
	*tp = NULL;
}

/* Appends terminfo capability `cap` (when the terminal has it) to out. */
static void
append_cap(char *out, size_t size, const char *cap)
{
	const char *v = tigetstr(cap);
	size_t have = strlen(out);

	if (v && v != (char *)-1 && have + strlen(v) < size)
		memcpy(out + have, v, strlen(v) + 1);
}

void
ui_term_reset_sequence(const struct ui_term *t, char *out, size_t size)
{
	if (!size)
		return;
	out[0] = '\0';
	if (!t || !t->screen)
		return;
	set_term(t->screen);
	/* xterm mouse tracking, in every encoding ncurses may have asked for */
	if (t->mouse && strlen("\033[?1006l\033[?1002l\033[?1000l") < size)
		snprintf(out, size, "%s", "\033[?1006l\033[?1002l\033[?1000l");
	append_cap(out, size, "rmkx");
	append_cap(out, size, "sgr0");
	append_cap(out, size, "cnorm");
	append_cap(out, size, "rmcup");
}

static short
pair_for(struct ui_term *t, int fg, int bg)
{
	int i;

	if (fg < 0 && bg < 0)
		return 0;
	for (i = 0; i < t->npairs; i++)
		if (t->pair_fg[i] == fg && t->pair_bg[i] == bg)
			return (short)(i + 1);
	if (t->npairs >= MAX_PAIRS || t->npairs + 1 >= COLOR_PAIRS)
		return 0;
	t->pair_fg[t->npairs] = (short)fg;
	t->pair_bg[t->npairs] = (short)bg;
	t->npairs++;
	init_pair((short)t->npairs, (short)fg, (short)bg);
	return (short)t->npairs;
}

void
ui_term_apply_theme(struct ui_term *t, const struct theme *theme)
{
	struct theme mono;
	const struct theme *use = theme;
	int i;

	t->npairs = 0;
	t->colors = (!t->no_color && has_colors() && !theme->monochrome) ? COLORS : 0;
	if (t->max_colors > 0 && t->colors > t->max_colors)
		t->colors = t->max_colors;
	if (t->colors < 8) {
		t->colors = 0;
		mono = *theme;
		theme_make_monochrome(&mono);
		use = &mono;
	}
	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		const struct theme_style *s = &use->styles[i];
		attr_t a = curses_attrs(s->attrs);

		if (t->colors) {
			int fg = theme_color_reduce(s->fg, t->colors);
			int bg = theme_color_reduce(s->bg, t->colors);

			a |= COLOR_PAIR(pair_for(t, fg, bg));
			if (theme_color_needs_bold(s->fg, t->colors))
				a |= A_BOLD;
		}
		t->attrs[i] = a;
	}
}

unsigned long
ui_term_role_attrs(const struct ui_term *t, enum theme_role role)
{
	return (unsigned)role < THEME_ROLE_COUNT ? (unsigned long)t->attrs[role] : A_NORMAL;
}

int
ui_term_colors(const struct ui_term *t)
{
	return t->colors;
}

bool
ui_term_is_headless(const struct ui_term *t)
{
	return t->headless;
}

const char *
ui_term_type(const struct ui_term *t)
{
	return t->type;
}

void
ui_term_describe_palette(const struct ui_term *t, struct buf *out)
{
	int i;

	buf_addf(out, "# terminal %s, %d colours in use\n", t->type, t->colors);
	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		attr_t a = t->attrs[i];
		short pair = (short)PAIR_NUMBER(a), fg = -1, bg = -1;
		size_t start = out->len;

		if (pair > 0)
			pair_content(pair, &fg, &bg);
		buf_addf(out, "%-19s ", theme_role_key((enum theme_role)i));
		theme_color_name(fg, out);
		buf_addchn(out, ' ', out->len < start + 36 ? start + 36 - out->len : 1);
		theme_color_name(bg, out);
		if (a & A_BOLD)
			buf_addstr(out, " bold");
		if (a & A_DIM)
			buf_addstr(out, " dim");
		if (a & A_UNDERLINE)
			buf_addstr(out, " underline");
		if (a & A_REVERSE)
			buf_addstr(out, " reverse");
		if (a & A_ITALIC)
			buf_addstr(out, " italic");
		if (a & A_BLINK)
			buf_addstr(out, " blink");
		buf_addch(out, '\n');
	}
}

void
ui_term_size(const struct ui_term *t, int *rows, int *cols)
{
	(void)t;
	*rows = LINES;
	*cols = COLS;
}

void
ui_term_resize(struct ui_term *t, int rows, int cols)
{
	(void)t;
	resizeterm(rows, cols);
}

void
ui_term_flush(struct ui_term *t)
{
	if (t->headless)
		return;
	wnoutrefresh(stdscr);
	doupdate();
}

void
ui_term_touch(struct ui_term *t)
{
	(void)t;
	clearok(curscr, TRUE);
}

static int
translate_code(int code)
{
	switch (code) {
	case KEY_UP:
		return KEYMAP_KEY_UP;
	case KEY_DOWN:
		return KEYMAP_KEY_DOWN;
	case KEY_LEFT:
		return KEYMAP_KEY_LEFT;
	case KEY_RIGHT:
		return KEYMAP_KEY_RIGHT;
	case KEY_HOME:
	case KEY_A1:
		return KEYMAP_KEY_HOME;
	case KEY_END:
	case KEY_C1:
		return KEYMAP_KEY_END;
	case KEY_PPAGE:
	case KEY_A3:
		return KEYMAP_KEY_PGUP;
	case KEY_NPAGE:
	case KEY_C3:
		return KEYMAP_KEY_PGDN;
	case KEY_ENTER:
		return KEYMAP_KEY_ENTER;
	case KEY_BTAB:
		return KEYMAP_KEY_BACKTAB;
	case KEY_BACKSPACE:
		return KEYMAP_KEY_BACKSPACE;
	case KEY_DC:
		return KEYMAP_KEY_DELETE;
	case KEY_IC:
		return KEYMAP_KEY_INSERT;
	case KEY_RESIZE:
		return KEYMAP_KEY_RESIZE;
	}
	if (code >= KEY_F(1) && code <= KEY_F(12))
		return KEYMAP_KEY_F1 + (code - KEY_F(1));
	return KEYMAP_KEY_NONE;
}

/* One function turns mouse events into inputs; nothing else sees them. */
static int
translate_mouse(struct keymap_input *in)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return 0;
	in->row = ev.y + 1;
	in->col = ev.x + 1;
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		in->key = KEYMAP_KEY_CLICK;
	else if (ev.bstate & BUTTON4_PRESSED)
		in->key = KEYMAP_KEY_WHEEL_UP;
	else if (ev.bstate & BUTTON5_PRESSED)
		in->key = KEYMAP_KEY_WHEEL_DOWN;
	else
		return 0;
	return 1;
}

int
ui_term_read(struct ui_term *t, struct keymap_input *in, int timeout_ms)
{
	wint_t ch;
	int rc;

	(void)t;
	memset(in, 0, sizeof(*in));
	for (;;) {
		wtimeout(stdscr, timeout_ms);
		rc = wget_wch(stdscr, &ch);
		if (rc == ERR)
			return timeout_ms < 0 ? -1 : 0;
		if (rc == KEY_CODE_YES) {
			if ((int)ch == KEY_MOUSE) {
				if (translate_mouse(in))
					return 1;
				continue;
			}
			in->key = translate_code((int)ch);
			if (in->key == KEYMAP_KEY_NONE)
				continue;
			return 1;
		}
		in->key = keymap_normalize((int)ch);
		/* a stray control character that is not a key we know */
		if (in->key == 0)
			continue;
		return 1;
	}
}
