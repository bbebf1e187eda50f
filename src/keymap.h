/* keymap.h - key names and codes, the request table, bindings, and key
 * scripts.
 *
 * Pure: no curses.  The review UI, its config file (`bind` lines) and the
 * headless key scripts all go through keymap_parse_key(), so a key that a
 * script can type is exactly a key that a config can bind (tig's rule).
 *
 * Keys are ints: a Unicode code point for a character, or one of the
 * KEYMAP_KEY_* codes above KEYMAP_KEY_BASE for keys without a character.
 * Control characters are normalised: <C-i> is <Tab>, <C-m> and <C-j> are
 * <Enter>, <C-[> is <Esc>, <C-h> and DEL are <BS>.
 *
 * Requests (what a key does) come from one X-macro table with their help
 * text; the help overlay and the README's key list are generated from it.
 */
#ifndef SIGNOFF_KEYMAP_H
#define SIGNOFF_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct buf;

#define KEYMAP_KEY_BASE 0x200000

/* X(name, key name as written between < and >) */
#define KEYMAP_SPECIAL_KEYS(X)         \
	X(UP, "Up")                    \
	X(DOWN, "Down")                \
	X(LEFT, "Left")                \
	X(RIGHT, "Right")              \
	X(HOME, "Home")                \
	X(END, "End")                  \
	X(PGUP, "PgUp")                \
	X(PGDN, "PgDn")                \
	X(ENTER, "Enter")              \
	X(ESC, "Esc")                  \
	X(TAB, "Tab")                  \
	X(BACKTAB, "S-Tab")            \
	X(BACKSPACE, "BS")             \
	X(DELETE, "Del")               \
	X(INSERT, "Ins")               \
	X(F1, "F1")                    \
	X(F2, "F2")                    \
	X(F3, "F3")                    \
	X(F4, "F4")                    \
	X(F5, "F5")                    \
	X(F6, "F6")                    \
	X(F7, "F7")                    \
	X(F8, "F8")                    \
	X(F9, "F9")                    \
	X(F10, "F10")                  \
	X(F11, "F11")                  \
	X(F12, "F12")                  \
	/* not keys: events a terminal or a script delivers */ \
	X(RESIZE, "Resize")            \
	X(CLICK, "Click")              \
	X(WHEEL_UP, "WheelUp")         \
	X(WHEEL_DOWN, "WheelDown")

enum keymap_key {
	KEYMAP_KEY_NONE = 0,
	KEYMAP_KEY_FIRST_ = KEYMAP_KEY_BASE - 1,
#define X(name, text) KEYMAP_KEY_##name,
	KEYMAP_SPECIAL_KEYS(X)
#undef X
	KEYMAP_KEY_LAST_
};

/* One input: a key, or a mouse event with its 1-based screen position. */
struct keymap_input {
	int key;
	int row, col;   /* CLICK, WHEEL_*: 1-based; 0 otherwise */
};

/* Sections of the help overlay. */
#define KEYMAP_SECTIONS(X)               \
	X(MOVE, "Moving")                \
	X(VIEW, "Folding and panes")     \
	X(FIND, "Finding")               \
	X(REVIEW, "Reviewing")           \
	X(OTHER, "Other")

enum keymap_section {
#define X(name, title) KEYMAP_SECTION_##name,
	KEYMAP_SECTIONS(X)
#undef X
	KEYMAP_SECTION_COUNT
};

/* X(name, config name, default keys, help text, section) */
#define KEYMAP_REQUESTS(X)                                                                   \
	X(MOVE_DOWN, "move-down", "j <Down>", "next row", MOVE)                              \
	X(MOVE_UP, "move-up", "k <Up>", "previous row", MOVE)                                \
	X(MOVE_FIRST, "move-first", "g <Home>", "first row", MOVE)                           \
	X(MOVE_LAST, "move-last", "G <End>", "last row", MOVE)                               \
	X(HALF_PAGE_DOWN, "half-page-down", "<C-d>", "half a page down", MOVE)               \
	X(HALF_PAGE_UP, "half-page-up", "<C-u>", "half a page up", MOVE)                     \
	X(PAGE_DOWN, "page-down", "<PgDn> <C-f>", "a page down", MOVE)                       \
	X(PAGE_UP, "page-up", "<PgUp> <C-b>", "a page up", MOVE)                             \
	X(NEXT_CHANGE, "next-change", "]c",                                                  \
	  "next change (tree) or changed attribute (detail)", MOVE)                          \
	X(PREV_CHANGE, "prev-change", "[c",                                                  \
	  "previous change (tree) or changed attribute (detail)", MOVE)                      \
	X(UNFOLD, "unfold", "<Enter> l <Right>",                                             \
	  "unfold; on a finding or a dependent: go to its resource", VIEW)                   \
	X(FOLD, "fold", "h <Left>", "fold, or go to the enclosing row", VIEW)                \
	X(FOLD_ALL, "fold-all", "-", "fold every group", VIEW)                               \
	X(UNFOLD_ALL, "unfold-all", "+ =", "unfold every group", VIEW)                       \
	X(NEXT_PANE, "next-pane", "<Tab>", "focus the next pane", VIEW)                      \
	X(PREV_PANE, "prev-pane", "<S-Tab>", "focus the previous pane", VIEW)                \
	X(ZOOM, "zoom", "z", "give the focused pane the whole screen, or give it back", VIEW) \
	X(TOGGLE_UNCHANGED, "toggle-unchanged", "u", "show or hide unchanged attributes",    \
	  VIEW)                                                                              \
	X(BLAST, "blast-radius", "b", "open or close the blast radius of the selection",     \
	  VIEW)                                                                              \
	X(FINDINGS, "findings", "F",                                                         \
	  "findings pane: the selection's findings, then all, then closed", VIEW)            \
	X(SEARCH, "search", "/", "search addresses, types and values (PCRE2)", FIND)         \
	X(SEARCH_NEXT, "search-next", "n", "next match", FIND)                               \
	X(SEARCH_PREV, "search-prev", "N", "previous match", FIND)                           \
	X(FILTER_MENU, "filter-menu", "f", "filter menu (actions, reviewed)", FIND)          \
	X(COMMAND, "command", ":",                                                           \
	  "command line: action, type, module, findings, clear, help, quit", FIND)           \
	X(MARK_REVIEWED, "mark-reviewed", "<Space>",                                         \
	  "mark the change, or every change in the group, reviewed", REVIEW)                 \
	X(REVEAL, "reveal", "x", "reveal one sensitive value (asks; the review records it)", \
	  REVIEW)                                                                            \
	X(ACK, "acknowledge", "A",                                                           \
	  "acknowledge the finding with a reason (again: change or remove it)", REVIEW)      \
	X(APPROVE, "approve", "a",                                                           \
	  "approve: needs findings acknowledged, destroys reviewed; asks, then signs",       \
	  REVIEW)                                                                            \
	X(REJECT, "reject", "r", "reject with a comment; asks, then signs", REVIEW)          \
	X(HELP, "help", "? <F1>", "this help", OTHER)                                        \
	X(BACK, "back", "<Esc>", "close the prompt, overlay or pane", OTHER)                 \
	X(REDRAW, "redraw", "<C-l>", "redraw the screen", OTHER)                             \
	X(QUIT, "quit", "q <C-c>", "quit (the draft keeps your review)", OTHER)

enum keymap_request {
	KEYMAP_REQ_NONE = 0,
#define X(name, cfg, keys, help, section) KEYMAP_REQ_##name,
	KEYMAP_REQUESTS(X)
#undef X
	KEYMAP_REQ_COUNT
};

#define KEYMAP_SEQ_MAX 3      /* keys in one binding, e.g. "]c" */
#define KEYMAP_BINDINGS_MAX 256

struct keymap_binding {
	int keys[KEYMAP_SEQ_MAX];
	unsigned char nkeys;
	enum keymap_request request;
};

struct keymap {
	struct keymap_binding bindings[KEYMAP_BINDINGS_MAX];
	size_t count;
};

/* ---- keys ---- */

/* Parses one key at s[0..len): a character ("j", "é"), or a name in
 * angle brackets ("<Down>", "<C-d>", "<Space>", "<lt>", "<Click 3,10>").
 * A '<' that does not start a valid name is the character '<'.
 * Returns the bytes consumed (> 0), or -1 with err set. */
int keymap_parse_key(const char *s, size_t len, struct keymap_input *out, struct error *err);
/* Parses a sequence of up to KEYMAP_SEQ_MAX keys with no spaces ("]c"). */
int keymap_parse_seq(const char *s, int keys[KEYMAP_SEQ_MAX], struct error *err);
/* Appends the canonical name of a key ("j", "<Down>", "<C-d>"). */
void keymap_key_name(struct buf *out, int key);
/* Maps a raw control character to its normalised key (see top). */
int keymap_normalize(int key);

/* ---- requests ---- */

const char *keymap_request_name(enum keymap_request req);
const char *keymap_request_help(enum keymap_request req);
enum keymap_section keymap_request_section(enum keymap_request req);
const char *keymap_section_title(enum keymap_section section);
/* KEYMAP_REQ_NONE if unknown ("none" is also NONE, and returns true). */
bool keymap_request_parse(const char *name, enum keymap_request *out);

/* ---- bindings ---- */

/* The default bindings from the request table. */
void keymap_init(struct keymap *km);
/* Binds a sequence ("]c", "<C-n>") to a request; replaces a binding of
 * the same sequence.  Fails when the sequence is a prefix of another
 * binding or the other way round (say which), or when full. */
int keymap_bind(struct keymap *km, const char *seq, enum keymap_request req, struct error *err);
/* Removes the binding of a sequence; fails if there is none. */
int keymap_unbind(struct keymap *km, const char *seq, struct error *err);

enum keymap_match {
	KEYMAP_MATCH_NONE,     /* no binding starts with these keys */
	KEYMAP_MATCH_PREFIX,   /* a longer binding starts with them: wait */
	KEYMAP_MATCH_FOUND,
};

enum keymap_match keymap_lookup(const struct keymap *km, const int *keys, size_t n,
				enum keymap_request *req);
/* Appends the bindings of a request, space-separated ("j <Down>"), or
 * nothing.  Returns how many. */
size_t keymap_keys_of(const struct keymap *km, enum keymap_request req, struct buf *out);

/* ---- key scripts (headless replay) ----
 *
 * One item per line: keys as written in the config ("j", "/public<Enter>"
 * is eight keys), `#` comments, and directives starting with '@':
 */

/* X(name, word, takes an argument) */
#define KEYMAP_DIRECTIVES(X)            \
	X(SIZE, "size", true)           \
	X(RESIZE, "resize", true)       \
	X(LOAD, "load", true)           \
	X(SNAP, "snap", true)           \
	X(CONFIG, "config", true)       \
	X(THEME, "theme", true)         \
	X(TERM, "term", true)           \
	X(LOCALE, "locale", true)       \
	X(COLORS, "colors", true)       \
	X(NO_COLOR, "no-color", false)  \
	X(ASCII, "ascii", false)        \
	X(NO_MOUSE, "no-mouse", false)  \
	X(RULES, "rules", true)         \
	X(WAIVERS, "waivers", true)     \
	X(POLICY, "policy", true)       \
	X(NOW, "now", true)             \
	X(DRAFTS, "drafts", false)      \
	X(REOPEN, "reopen", false)      \
	X(EXPECT_QUIT, "expect-quit", false)

enum keymap_directive {
	KEYMAP_DIRECTIVE_KEY = 0,   /* not a directive: the item is a key */
#define X(name, word, arg) KEYMAP_DIRECTIVE_##name,
	KEYMAP_DIRECTIVES(X)
#undef X
	KEYMAP_DIRECTIVE_COUNT
};

struct keymap_script_item {
	enum keymap_directive directive;
	struct keymap_input input;   /* when directive == KEY */
	const char *arg;             /* directive argument, "" when none */
	unsigned long line, col;
};

struct keymap_script {
	struct keymap_script_item *items;
	size_t count, cap;
	char *strings;               /* owns every arg */
	size_t strings_len, strings_cap;
};

/* Parses a whole script; `path` names it in errors ("FILE:LINE:COL: ...").
 * On failure *out is left empty. */
int keymap_script_parse(struct keymap_script *out, const char *text, size_t len,
			const char *path, struct error *err);
int keymap_script_load(struct keymap_script *out, const char *path, struct error *err);
void keymap_script_release(struct keymap_script *s);
const char *keymap_directive_name(enum keymap_directive d);

/* "COLSxROWS" (e.g. "100x30") with 1 <= each <= 10000. */
int keymap_parse_size(const char *s, int *cols, int *rows, struct error *err);

#endif
