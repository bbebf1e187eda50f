/* theme.c - roles, built-in themes and the .theme parser. */
#include "theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "str.h"

static const char role_letters[] = {
#define X(name, letter, key, mono) letter,
	THEME_ROLES(X)
#undef X
};

static const char *const role_keys[] = {
#define X(name, letter, key, mono) key,
	THEME_ROLES(X)
#undef X
};

static const uint16_t role_mono[] = {
#define X(name, letter, key, mono) (uint16_t)(mono),
	THEME_ROLES(X)
#undef X
};

static const char *const builtin_names[] = {
#define X(id, name, desc) name,
	THEME_BUILTINS(X)
#undef X
};

static const char *const builtin_desc[] = {
#define X(id, name, desc) desc,
	THEME_BUILTINS(X)
#undef X
};

enum builtin_id {
#define X(id, name, desc) BUILTIN_##id,
	THEME_BUILTINS(X)
#undef X
	BUILTIN_COUNT
};

char
theme_role_letter(enum theme_role role)
{
	return (unsigned)role < THEME_ROLE_COUNT ? role_letters[role] : '?';
}

const char *
theme_role_key(enum theme_role role)
{
	return (unsigned)role < THEME_ROLE_COUNT ? role_keys[role] : "?";
}

int
theme_role_parse(const char *key)
{
	int i;

	for (i = 0; i < THEME_ROLE_COUNT; i++)
		if (strcmp(key, role_keys[i]) == 0)
			return i;
	return -1;
}

/* ---- colours ---- */

enum {
	DEF = THEME_COLOR_DEFAULT,
	BLACK = 0, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE,
	BBLACK, BRED, BGREEN, BYELLOW, BBLUE, BMAGENTA, BCYAN, BWHITE,
};

static const char *const color_names[16] = {
	"black",        "red",        "green",        "yellow",
	"blue",         "magenta",    "cyan",         "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue",  "bright-magenta", "bright-cyan", "bright-white",
};

int
theme_color_parse(const char *s)
{
	char *end;
	long v;
	int i;

	if (strcmp(s, "default") == 0 || strcmp(s, "-1") == 0)
		return DEF;
	for (i = 0; i < 16; i++)
		if (strcmp(s, color_names[i]) == 0)
			return i;
	if (strcmp(s, "gray") == 0 || strcmp(s, "grey") == 0)
		return BBLACK;
	if (strncmp(s, "color", 5) == 0)
		s += 5;
	if (*s < '0' || *s > '9')
		return -2;
	v = strtol(s, &end, 10);
	if (*end || v < 0 || v > 255)
		return -2;
	return (int)v;
}

void
theme_color_name(int color, struct buf *out)
{
	if (color < 0)
		buf_addstr(out, "default");
	else if (color < 16)
		buf_addstr(out, color_names[color]);
	else
		buf_addf(out, "%d", color);
}

/* xterm's default palette. */
static void
color_rgb(int c, int rgb[3])
{
	static const unsigned char base[16][3] = {
		{ 0, 0, 0 },       { 205, 0, 0 },     { 0, 205, 0 },     { 205, 205, 0 },
		{ 0, 0, 238 },     { 205, 0, 205 },   { 0, 205, 205 },   { 229, 229, 229 },
		{ 127, 127, 127 }, { 255, 0, 0 },     { 0, 255, 0 },     { 255, 255, 0 },
		{ 92, 92, 255 },   { 255, 0, 255 },   { 0, 255, 255 },   { 255, 255, 255 },
	};
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 16) {
		rgb[0] = base[c][0];
		rgb[1] = base[c][1];
		rgb[2] = base[c][2];
	} else if (c < 232) {
		c -= 16;
		rgb[0] = level[c / 36];
		rgb[1] = level[(c / 6) % 6];
		rgb[2] = level[c % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	}
}

static int
nearest(int color, int among)
{
	int rgb[3], best = 0, i;
	long best_d = -1;

	color_rgb(color, rgb);
	for (i = 0; i < among; i++) {
		int o[3];
		long d;

		color_rgb(i, o);
		d = (long)(rgb[0] - o[0]) * (rgb[0] - o[0]) + (long)(rgb[1] - o[1]) * (rgb[1] - o[1]) +
		    (long)(rgb[2] - o[2]) * (rgb[2] - o[2]);
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

int
theme_color_reduce(int color, int ncolors)
{
	if (color < 0 || color > 255 || ncolors < 8)
		return DEF;
	if (ncolors >= 256)
		return color;
	if (ncolors >= 16)
		return color < 16 ? color : nearest(color, 16);
	if (color < 8)
		return color;
	if (color < 16)
		return color - 8;
	return nearest(color, 8);
}

bool
theme_color_needs_bold(int color, int ncolors)
{
	if (color < 0 || color > 255 || ncolors < 8 || ncolors >= 16)
		return false;
	if (color >= 8 && color < 16)
		return true;
	return color >= 16 && nearest(color, 16) >= 8;
}

/* ---- built-in themes ---- */

#define S(fg, bg, attrs) { (int16_t)(fg), (int16_t)(bg), (uint16_t)(attrs) }
#define B THEME_ATTR_BOLD
#define U THEME_ATTR_UNDERLINE
#define D THEME_ATTR_DIM
#define R THEME_ATTR_REVERSE

static const struct theme_style theme_default[THEME_ROLE_COUNT] = {
	[THEME_ROLE_NORMAL] = S(DEF, DEF, 0),
	[THEME_ROLE_HEADER] = S(BWHITE, 24, B),
	[THEME_ROLE_TITLE] = S(DEF, DEF, B),
	[THEME_ROLE_STATUS] = S(BLACK, WHITE, 0),
	[THEME_ROLE_HINT] = S(BLUE, WHITE, B),
	[THEME_ROLE_MESSAGE] = S(BLACK, WHITE, B),
	[THEME_ROLE_ERROR] = S(BWHITE, RED, B),
	[THEME_ROLE_PROMPT] = S(DEF, DEF, B),
	[THEME_ROLE_CURSOR] = S(BLACK, CYAN, 0),
	[THEME_ROLE_CURSOR_INACTIVE] = S(DEF, DEF, U),
	[THEME_ROLE_BORDER] = S(BBLACK, DEF, 0),
	[THEME_ROLE_PANE_TITLE] = S(CYAN, DEF, B),
	[THEME_ROLE_GROUP] = S(BBLUE, DEF, B),
	[THEME_ROLE_COUNTS] = S(BBLACK, DEF, 0),
	[THEME_ROLE_CREATE] = S(GREEN, DEF, 0),
	[THEME_ROLE_UPDATE] = S(YELLOW, DEF, 0),
	[THEME_ROLE_DELETE] = S(RED, DEF, B),
	[THEME_ROLE_REPLACE] = S(MAGENTA, DEF, B),
	[THEME_ROLE_READ] = S(CYAN, DEF, 0),
	[THEME_ROLE_IMPORT] = S(BCYAN, DEF, 0),
	[THEME_ROLE_MOVE] = S(BBLUE, DEF, 0),
	[THEME_ROLE_FORGET] = S(BMAGENTA, DEF, 0),
	[THEME_ROLE_NOOP] = S(BBLACK, DEF, 0),
	[THEME_ROLE_BADGE] = S(BYELLOW, DEF, 0),
	[THEME_ROLE_DRIFT] = S(214, DEF, U),
	[THEME_ROLE_SENSITIVE] = S(MAGENTA, DEF, 0),
	[THEME_ROLE_REVEALED] = S(BLACK, BYELLOW, B),
	[THEME_ROLE_UNKNOWN] = S(CYAN, DEF, 0),
	[THEME_ROLE_REVIEWED] = S(BGREEN, DEF, B),
	[THEME_ROLE_ATTR_KEY] = S(DEF, DEF, 0),
	[THEME_ROLE_DIFF_ADD] = S(GREEN, DEF, 0),
	[THEME_ROLE_DIFF_REMOVE] = S(RED, DEF, 0),
	[THEME_ROLE_DIFF_CHANGE] = S(YELLOW, DEF, 0),
	[THEME_ROLE_FORCES] = S(BRED, DEF, B),
	[THEME_ROLE_COMMENT] = S(BBLACK, DEF, 0),
	[THEME_ROLE_MATCH] = S(BLACK, YELLOW, 0),
	[THEME_ROLE_SEV_CRITICAL] = S(BWHITE, RED, B),
	[THEME_ROLE_SEV_HIGH] = S(BRED, DEF, B),
	[THEME_ROLE_SEV_MEDIUM] = S(214, DEF, 0),
	[THEME_ROLE_SEV_LOW] = S(CYAN, DEF, 0),
	[THEME_ROLE_SEV_INFO] = S(BBLACK, DEF, 0),
};

static const struct theme_style theme_light[THEME_ROLE_COUNT] = {
	[THEME_ROLE_NORMAL] = S(DEF, DEF, 0),
	[THEME_ROLE_HEADER] = S(BWHITE, 25, B),
	[THEME_ROLE_TITLE] = S(DEF, DEF, B),
	[THEME_ROLE_STATUS] = S(BWHITE, 240, 0),
	[THEME_ROLE_HINT] = S(BYELLOW, 240, B),
	[THEME_ROLE_MESSAGE] = S(BWHITE, 240, B),
	[THEME_ROLE_ERROR] = S(BWHITE, 124, B),
	[THEME_ROLE_PROMPT] = S(DEF, DEF, B),
	[THEME_ROLE_CURSOR] = S(BLACK, 153, 0),
	[THEME_ROLE_CURSOR_INACTIVE] = S(DEF, DEF, U),
	[THEME_ROLE_BORDER] = S(248, DEF, 0),
	[THEME_ROLE_PANE_TITLE] = S(25, DEF, B),
	[THEME_ROLE_GROUP] = S(19, DEF, B),
	[THEME_ROLE_COUNTS] = S(242, DEF, 0),
	[THEME_ROLE_CREATE] = S(28, DEF, 0),
	[THEME_ROLE_UPDATE] = S(130, DEF, 0),
	[THEME_ROLE_DELETE] = S(160, DEF, B),
	[THEME_ROLE_REPLACE] = S(90, DEF, B),
	[THEME_ROLE_READ] = S(30, DEF, 0),
	[THEME_ROLE_IMPORT] = S(31, DEF, 0),
	[THEME_ROLE_MOVE] = S(26, DEF, 0),
	[THEME_ROLE_FORGET] = S(127, DEF, 0),
	[THEME_ROLE_NOOP] = S(245, DEF, 0),
	[THEME_ROLE_BADGE] = S(94, DEF, 0),
	[THEME_ROLE_DRIFT] = S(166, DEF, U),
	[THEME_ROLE_SENSITIVE] = S(90, DEF, 0),
	[THEME_ROLE_REVEALED] = S(BLACK, 220, B),
	[THEME_ROLE_UNKNOWN] = S(30, DEF, 0),
	[THEME_ROLE_REVIEWED] = S(28, DEF, B),
	[THEME_ROLE_ATTR_KEY] = S(DEF, DEF, 0),
	[THEME_ROLE_DIFF_ADD] = S(28, DEF, 0),
	[THEME_ROLE_DIFF_REMOVE] = S(160, DEF, 0),
	[THEME_ROLE_DIFF_CHANGE] = S(130, DEF, 0),
	[THEME_ROLE_FORCES] = S(160, DEF, B),
	[THEME_ROLE_COMMENT] = S(244, DEF, 0),
	[THEME_ROLE_MATCH] = S(BLACK, 220, 0),
	[THEME_ROLE_SEV_CRITICAL] = S(BWHITE, 160, B),
	[THEME_ROLE_SEV_HIGH] = S(160, DEF, B),
	[THEME_ROLE_SEV_MEDIUM] = S(166, DEF, 0),
	[THEME_ROLE_SEV_LOW] = S(30, DEF, 0),
	[THEME_ROLE_SEV_INFO] = S(244, DEF, 0),
};

static const struct theme_style theme_high_contrast[THEME_ROLE_COUNT] = {
	[THEME_ROLE_NORMAL] = S(BWHITE, BLACK, 0),
	[THEME_ROLE_HEADER] = S(BLACK, BWHITE, B),
	[THEME_ROLE_TITLE] = S(BWHITE, BLACK, B),
	[THEME_ROLE_STATUS] = S(BLACK, BWHITE, 0),
	[THEME_ROLE_HINT] = S(BLACK, BWHITE, B | U),
	[THEME_ROLE_MESSAGE] = S(BLACK, BWHITE, B),
	[THEME_ROLE_ERROR] = S(BWHITE, RED, B),
	[THEME_ROLE_PROMPT] = S(BYELLOW, BLACK, B),
	[THEME_ROLE_CURSOR] = S(BLACK, BYELLOW, B),
	[THEME_ROLE_CURSOR_INACTIVE] = S(BWHITE, BLACK, U),
	[THEME_ROLE_BORDER] = S(BWHITE, BLACK, 0),
	[THEME_ROLE_PANE_TITLE] = S(BYELLOW, BLACK, B),
	[THEME_ROLE_GROUP] = S(BCYAN, BLACK, B),
	[THEME_ROLE_COUNTS] = S(BWHITE, BLACK, 0),
	[THEME_ROLE_CREATE] = S(BGREEN, BLACK, B),
	[THEME_ROLE_UPDATE] = S(BYELLOW, BLACK, B),
	[THEME_ROLE_DELETE] = S(BRED, BLACK, B),
	[THEME_ROLE_REPLACE] = S(BMAGENTA, BLACK, B),
	[THEME_ROLE_READ] = S(BCYAN, BLACK, B),
	[THEME_ROLE_IMPORT] = S(BCYAN, BLACK, B),
	[THEME_ROLE_MOVE] = S(BBLUE, BLACK, B),
	[THEME_ROLE_FORGET] = S(BMAGENTA, BLACK, B),
	[THEME_ROLE_NOOP] = S(WHITE, BLACK, 0),
	[THEME_ROLE_BADGE] = S(BLACK, BYELLOW, B),
	[THEME_ROLE_DRIFT] = S(BYELLOW, BLACK, B | U),
	[THEME_ROLE_SENSITIVE] = S(BMAGENTA, BLACK, U),
	[THEME_ROLE_REVEALED] = S(BLACK, BYELLOW, B),
	[THEME_ROLE_UNKNOWN] = S(BCYAN, BLACK, 0),
	[THEME_ROLE_REVIEWED] = S(BGREEN, BLACK, B),
	[THEME_ROLE_ATTR_KEY] = S(BWHITE, BLACK, 0),
	[THEME_ROLE_DIFF_ADD] = S(BGREEN, BLACK, B),
	[THEME_ROLE_DIFF_REMOVE] = S(BRED, BLACK, B),
	[THEME_ROLE_DIFF_CHANGE] = S(BYELLOW, BLACK, B),
	[THEME_ROLE_FORCES] = S(BWHITE, RED, B),
	[THEME_ROLE_COMMENT] = S(WHITE, BLACK, 0),
	[THEME_ROLE_MATCH] = S(BLACK, BCYAN, B),
	[THEME_ROLE_SEV_CRITICAL] = S(BWHITE, RED, B),
	[THEME_ROLE_SEV_HIGH] = S(BRED, BLACK, B | U),
	[THEME_ROLE_SEV_MEDIUM] = S(BYELLOW, BLACK, B),
	[THEME_ROLE_SEV_LOW] = S(BCYAN, BLACK, 0),
	[THEME_ROLE_SEV_INFO] = S(WHITE, BLACK, 0),
};

#undef S
#undef B
#undef U
#undef D
#undef R

const char *
theme_builtin_name(size_t i)
{
	return i < BUILTIN_COUNT ? builtin_names[i] : NULL;
}

const char *
theme_builtin_description(size_t i)
{
	return i < BUILTIN_COUNT ? builtin_desc[i] : NULL;
}

void
theme_make_monochrome(struct theme *t)
{
	int i;

	t->monochrome = true;
	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		t->styles[i].fg = DEF;
		t->styles[i].bg = DEF;
		t->styles[i].attrs = role_mono[i];
	}
}

bool
theme_builtin(const char *name, struct theme *out)
{
	const struct theme_style *styles = NULL;
	size_t i;

	for (i = 0; i < BUILTIN_COUNT; i++)
		if (strcmp(name, builtin_names[i]) == 0)
			break;
	if (i == BUILTIN_COUNT)
		return false;
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", builtin_names[i]);
	switch ((enum builtin_id)i) {
	case BUILTIN_DEFAULT:
		styles = theme_default;
		break;
	case BUILTIN_LIGHT:
		styles = theme_light;
		break;
	case BUILTIN_HIGH_CONTRAST:
		styles = theme_high_contrast;
		break;
	case BUILTIN_MONOCHROME:
	case BUILTIN_COUNT:
		theme_make_monochrome(out);
		return true;
	}
	memcpy(out->styles, styles, sizeof(out->styles));
	return true;
}

/* ---- theme files ---- */

static const struct {
	const char *name;
	uint16_t attr;
} attr_names[] = {
	{ "bold", THEME_ATTR_BOLD },           { "dim", THEME_ATTR_DIM },
	{ "underline", THEME_ATTR_UNDERLINE }, { "reverse", THEME_ATTR_REVERSE },
	{ "italic", THEME_ATTR_ITALIC },       { "blink", THEME_ATTR_BLINK },
};

#define NATTRS (sizeof(attr_names) / sizeof(attr_names[0]))

static int
fail_word(struct error *err, enum error_code code, const char *path, unsigned long line,
	  unsigned long col, const char *what, const char *word, size_t wlen)
{
	struct buf b = BUF_INIT;
	int rc;

	str_escape(&b, word, wlen > 60 ? 60 : wlen, STR_ESCAPE_CONTROLS);
	rc = error_set_at(err, code, path, line, col, "%s '%s'", what, b.data);
	buf_release(&b);
	return rc;
}

int
theme_parse(struct theme *out, const char *name, const char *text, size_t len,
	    const char *path, struct error *err)
{
	struct theme t;
	unsigned long line = 0;
	size_t pos = 0, bad;
	bool seen[THEME_ROLE_COUNT];

	memset(seen, 0, sizeof(seen));
	theme_builtin("default", &t);
	snprintf(t.name, sizeof(t.name), "%s", name ? name : "");
	if (!str_utf8_valid(text, len, &bad))
		return error_set_at(err, ERROR_ENCODING, path, 0, 0,
				    "a theme file must be UTF-8 (bad byte at offset %zu)", bad);
	while (pos < len) {
		const char *ln = text + pos;
		const char *nl = memchr(ln, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - ln) : len - pos, i = 0;
		const char *words[16];
		size_t wlen[16], wcol[16], nw = 0;
		int role, w;

		pos += n + (nl ? 1 : 0);
		line++;
		/* split into words; '#' starts a comment */
		while (i < n) {
			while (i < n && (ln[i] == ' ' || ln[i] == '\t' || ln[i] == '\r'))
				i++;
			if (i >= n || ln[i] == '#')
				break;
			if (nw == 16)
				return error_set_at(err, ERROR_SYNTAX, path, line, i + 1,
						    "too many words on the line");
			words[nw] = ln + i;
			wcol[nw] = i + 1;
			while (i < n && ln[i] != ' ' && ln[i] != '\t' && ln[i] != '\r' &&
			       ln[i] != '#')
				i++;
			wlen[nw] = (size_t)(ln + i - words[nw]);
			nw++;
		}
		if (nw == 0)
			continue;
		{
			char key[40];

			if (wlen[0] >= sizeof(key))
				return fail_word(err, ERROR_SYNTAX, path, line, 1, "unknown role",
						 words[0], wlen[0]);
			memcpy(key, words[0], wlen[0]);
			key[wlen[0]] = '\0';
			role = theme_role_parse(key);
			if (role < 0)
				return fail_word(err, ERROR_SYNTAX, path, line, 1, "unknown role",
						 words[0], wlen[0]);
		}
		if (seen[role])
			return fail_word(err, ERROR_SYNTAX, path, line, 1, "role given twice:",
					 words[0], wlen[0]);
		seen[role] = true;
		if (nw < 2)
			return error_set_at(err, ERROR_SYNTAX, path, line, wlen[0] + 1,
					    "expected a foreground colour after '%s'",
					    role_keys[role]);
		t.styles[role].bg = DEF;
		t.styles[role].attrs = 0;
		for (w = 1; w < (int)nw; w++) {
			char word[40];
			size_t a;
			int c;

			if (wlen[w] >= sizeof(word))
				return fail_word(err, ERROR_SYNTAX, path, line, wcol[w],
						 w < 3 ? "unknown colour" : "unknown attribute",
						 words[w], wlen[w]);
			memcpy(word, words[w], wlen[w]);
			word[wlen[w]] = '\0';
			if (w <= 2) {
				c = theme_color_parse(word);
				if (c != -2) {
					if (w == 1)
						t.styles[role].fg = (int16_t)c;
					else
						t.styles[role].bg = (int16_t)c;
					continue;
				}
				if (w == 1)
					return fail_word(err, ERROR_SYNTAX, path, line, wcol[w],
							 "unknown colour", words[w], wlen[w]);
			}
			if (strcmp(word, "none") == 0 || strcmp(word, "normal") == 0)
				continue;
			for (a = 0; a < NATTRS; a++)
				if (strcmp(word, attr_names[a].name) == 0)
					break;
			if (a == NATTRS)
				return fail_word(err, ERROR_SYNTAX, path, line, wcol[w],
						 w == 2 ? "unknown colour or attribute"
							: "unknown attribute",
						 words[w], wlen[w]);
			t.styles[role].attrs |= attr_names[a].attr;
		}
	}
	*out = t;
	return 0;
}

int
theme_load_file(struct theme *out, const char *path, struct error *err)
{
	struct buf b = BUF_INIT;
	char name[THEME_NAME_MAX];
	const char *base = strrchr(path, '/');
	int rc;

	if (fileio_read(path, 1u << 20, &b, err) < 0)
		return -1;
	base = base ? base + 1 : path;
	snprintf(name, sizeof(name), "%s", base);
	if (str_has_suffix(name, ".theme"))
		name[strlen(name) - 6] = '\0';
	rc = theme_parse(out, name, b.data, b.len, path, err);
	buf_release(&b);
	return rc;
}

void
theme_dump(const struct theme *t, struct buf *out)
{
	int i;
	size_t a;

	buf_addf(out, "# %s.theme - a signoff colour theme (see README: Themes)\n", t->name);
	buf_addstr(out, "# role              fg              bg              attributes\n");
	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		const struct theme_style *s = &t->styles[i];
		size_t start = out->len;
		bool any = false;

		buf_addf(out, "%-19s ", role_keys[i]);
		theme_color_name(s->fg, out);
		buf_addchn(out, ' ', start + 20 + 16 > out->len ? start + 36 - out->len : 1);
		theme_color_name(s->bg, out);
		for (a = 0; a < NATTRS; a++)
			if (s->attrs & attr_names[a].attr) {
				if (!any)
					buf_addchn(out, ' ', start + 52 > out->len
								     ? start + 52 - out->len
								     : 1);
				else
					buf_addch(out, ' ');
				buf_addstr(out, attr_names[a].name);
				any = true;
			}
		buf_addch(out, '\n');
	}
}
