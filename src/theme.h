/* theme.h - the roles of everything the review UI draws, and themes that
 * give each role a colour and attributes.
 *
 * Pure: no curses types.  The UI records the role of every cell it draws,
 * so screen tests assert roles (one letter per cell) and pass the same
 * with or without colour.
 *
 * A theme file (themes/NAME.theme) has one line per role:
 *
 *     # comment
 *     role      fg        bg        attrs...
 *     delete    red       default   bold
 *
 * Colours: default (the terminal's own), black, red, green, yellow, blue,
 * magenta, cyan, white, bright-black (gray) ... bright-white, or 0-255.
 * Attributes: bold, dim, underline, reverse, italic, blink (or none).
 * Roles a file does not name keep the default theme's style.
 *
 * The four shipped themes are also built in, so the binary works without
 * its data files; themes/NAME.theme must equal theme_dump() of the
 * built-in NAME (a test checks it).
 */
#ifndef SIGNOFF_THEME_H
#define SIGNOFF_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct buf;

enum theme_attr {
	THEME_ATTR_NONE = 0,
	THEME_ATTR_BOLD = 1 << 0,
	THEME_ATTR_DIM = 1 << 1,
	THEME_ATTR_UNDERLINE = 1 << 2,
	THEME_ATTR_REVERSE = 1 << 3,
	THEME_ATTR_ITALIC = 1 << 4,
	THEME_ATTR_BLINK = 1 << 5,
};

#define THEME_A_NONE THEME_ATTR_NONE
#define THEME_A_BOLD THEME_ATTR_BOLD
#define THEME_A_DIM THEME_ATTR_DIM
#define THEME_A_UL THEME_ATTR_UNDERLINE
#define THEME_A_REV THEME_ATTR_REVERSE

/* X(name, letter in role snapshots, key in .theme files, monochrome attrs) */
#define THEME_ROLES(X)                                                      \
	X(NORMAL, '.', "normal", THEME_A_NONE)                              \
	X(HEADER, 'h', "header", THEME_A_REV)                               \
	X(TITLE, 't', "title", THEME_A_BOLD)                                \
	X(STATUS, 's', "status", THEME_A_REV)                               \
	X(HINT, 'k', "hint", THEME_A_REV | THEME_A_BOLD)                    \
	X(MESSAGE, 'M', "message", THEME_A_BOLD)                            \
	X(ERROR, 'E', "error", THEME_A_BOLD | THEME_A_UL)                   \
	X(PROMPT, 'p', "prompt", THEME_A_BOLD)                              \
	X(CURSOR, 'c', "cursor", THEME_A_REV | THEME_A_BOLD)                \
	X(CURSOR_INACTIVE, 'o', "cursor-inactive", THEME_A_UL)              \
	X(BORDER, '|', "border", THEME_A_NONE)                              \
	X(PANE_TITLE, 'T', "pane-title", THEME_A_BOLD)                      \
	X(GROUP, 'g', "group", THEME_A_BOLD)                                \
	X(COUNTS, 'n', "count", THEME_A_NONE)                                \
	X(CREATE, '+', "create", THEME_A_NONE)                              \
	X(UPDATE, '~', "update", THEME_A_NONE)                              \
	X(DELETE, '-', "delete", THEME_A_BOLD)                              \
	X(REPLACE, 'r', "replace", THEME_A_BOLD)                            \
	X(READ, '<', "read", THEME_A_NONE)                                  \
	X(IMPORT, 'i', "import", THEME_A_NONE)                              \
	X(MOVE, 'm', "move", THEME_A_NONE)                                  \
	X(FORGET, '/', "forget", THEME_A_NONE)                              \
	X(NOOP, '0', "no-op", THEME_A_DIM)                                  \
	X(BADGE, 'b', "badge", THEME_A_NONE)                                \
	X(DRIFT, 'd', "drift", THEME_A_UL)                                  \
	X(SENSITIVE, 'S', "sensitive", THEME_A_UL)                          \
	X(REVEALED, 'R', "revealed", THEME_A_REV)                           \
	X(UNKNOWN, 'u', "unknown", THEME_A_DIM)                             \
	X(REVIEWED, 'v', "reviewed", THEME_A_BOLD)                          \
	X(ATTR_KEY, 'a', "attr-key", THEME_A_NONE)                          \
	X(DIFF_ADD, 'A', "diff-add", THEME_A_NONE)                          \
	X(DIFF_REMOVE, 'D', "diff-remove", THEME_A_NONE)                    \
	X(DIFF_CHANGE, 'C', "diff-change", THEME_A_NONE)                    \
	X(FORCES, 'f', "forces-replacement", THEME_A_BOLD)                  \
	X(COMMENT, '#', "comment", THEME_A_DIM)                             \
	X(MATCH, '*', "search-match", THEME_A_REV)                          \
	X(SEV_CRITICAL, '5', "critical", THEME_A_REV | THEME_A_BOLD)        \
	X(SEV_HIGH, '4', "high", THEME_A_BOLD)                              \
	X(SEV_MEDIUM, '3', "medium", THEME_A_UL)                            \
	X(SEV_LOW, '2', "low", THEME_A_NONE)                                \
	X(SEV_INFO, '1', "info", THEME_A_DIM)

enum theme_role {
#define X(name, letter, key, mono) THEME_ROLE_##name,
	THEME_ROLES(X)
#undef X
	THEME_ROLE_COUNT
};

#define THEME_COLOR_DEFAULT (-1)

struct theme_style {
	int16_t fg, bg;      /* THEME_COLOR_DEFAULT or 0..255 */
	uint16_t attrs;      /* enum theme_attr */
};

#define THEME_NAME_MAX 64

struct theme {
	char name[THEME_NAME_MAX];
	bool monochrome;     /* attributes only: colours are ignored */
	struct theme_style styles[THEME_ROLE_COUNT];
};

/* X(id, name, description) - the built-in themes, in this order */
#define THEME_BUILTINS(X)                                                         \
	X(DEFAULT, "default", "colours on the terminal's own background")         \
	X(LIGHT, "light", "for light backgrounds")                                \
	X(HIGH_CONTRAST, "high-contrast", "bright and bold on black")             \
	X(MONOCHROME, "monochrome", "attributes only (also used with NO_COLOR)")

char theme_role_letter(enum theme_role role);
const char *theme_role_key(enum theme_role role);
/* -1 if unknown. */
int theme_role_parse(const char *key);

/* Fills *out with a built-in theme; false if there is none by that name. */
bool theme_builtin(const char *name, struct theme *out);
/* Name and description of the i-th built-in, NULL after the last. */
const char *theme_builtin_name(size_t i);
const char *theme_builtin_description(size_t i);
/* Turns a theme into its monochrome form (each role's mono attrs). */
void theme_make_monochrome(struct theme *t);

/* Parses a theme file's text over the default theme; `path` names it in
 * errors ("FILE:LINE:COL: ..."). */
int theme_parse(struct theme *out, const char *name, const char *text, size_t len,
		const char *path, struct error *err);
int theme_load_file(struct theme *out, const char *path, struct error *err);
/* Writes a theme as a theme file (the canonical form of the shipped theme files). */
void theme_dump(const struct theme *t, struct buf *out);

/* Colour names: "red", "bright-red", "default", "196".  -2 if unknown. */
int theme_color_parse(const char *s);
void theme_color_name(int color, struct buf *out);
/* The nearest colour a terminal with `ncolors` colours can show: 256 and
 * more keep everything; 16 keep 0-15 and map 16-255 to the nearest of
 * 16; 8 map 8-15 to 0-7 and the rest to the nearest of 8; fewer than 8
 * give THEME_COLOR_DEFAULT. */
int theme_color_reduce(int color, int ncolors);
/* On terminals with fewer than 16 colours a bright colour is shown as its
 * base colour in bold (bright-black as bold black is the usual dark grey):
 * true when the reduced colour needs that bold. */
bool theme_color_needs_bold(int color, int ncolors);

#endif
