/* view_help.c - the help overlay (generated from the request table and
 * the bindings in effect) and the filter menu. */
#include <string.h>

#include "app_int.h"
#include "str.h"
#include "xalloc.h"

/* ---- help ---- */

static const struct {
	const char *cmd, *help;
} commands[] = {
	{ ":action delete,replace", "only these actions (create update delete replace read import "
				    "move forget no-op)" },
	{ ":type aws_iam_*", "only these types (globs, comma-separated)" },
	{ ":module network", "only this module, component or namespace (and what it holds)" },
	{ ":findings high", "only changes with findings of this severity or higher" },
	{ ":unreviewed", "only changes not marked reviewed (again: all)" },
	{ ":clear", "remove every filter" },
	{ ":help  :quit  :q!", "this help; quit; quit without asking" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

struct hline {
	enum theme_role role;
	const char *text;         /* our own text: a line, or a piece of a wrapped one */
	size_t len;
	int x;                    /* the text's column */
	enum keymap_request req;  /* the first line of a request: its keys go first */
	const char *cmd;          /* the first line of a command: it goes first */
};

/* The overlay's inner width and its key column, from the screen's width
 * (the box is at most 84 columns). */
static void
help_columns(const struct ui_canvas *cv, int *w, int *keyw)
{
	int bw = cv->cols - 2 < 84 ? cv->cols - 2 : 84;

	*w = bw - 4 > 1 ? bw - 4 : 1;
	*keyw = *w < 50 ? *w / 3 : 20;
}

/* Adds a text wrapped to the columns from x to w: long descriptions go on
 * continuation lines under their column rather than being cut. */
static size_t
add_wrapped(struct hline *out, size_t n, enum theme_role role, const char *text, int x, int w,
	    enum keymap_request req, const char *cmd)
{
	size_t len = strlen(text), at = 0;
	int width = w - x > 1 ? w - x : 1;

	do {
		size_t next, piece = str_wrap(text + at, len - at, (size_t)width, &next);

		if (out) {
			out[n].role = role;
			out[n].text = text + at;
			out[n].len = piece;
			out[n].x = x;
			out[n].req = at ? KEYMAP_REQ_NONE : req;
			out[n].cmd = at ? NULL : cmd;
		}
		n++;
		at += next;
	} while (at < len);
	return n;
}

/* Fills lines (or just counts them when out is NULL). */
static size_t
help_lines(const struct ui_app *app, struct hline *out)
{
	size_t n = 0, i;
	int s, r, w, keyw;

	help_columns(app->cv, &w, &keyw);
	if (app->nwarnings) {
		/* what the loader left out or doubted, first: not in the review */
		n = add_wrapped(out, n, THEME_ROLE_TITLE, "Warnings while loading", 0, w,
				KEYMAP_REQ_NONE, NULL);
		for (i = 0; i < app->nwarnings; i++)
			n = add_wrapped(out, n, THEME_ROLE_ERROR, app->warnings[i], 2, w,
					KEYMAP_REQ_NONE, NULL);
		n = add_wrapped(out, n, THEME_ROLE_NORMAL, "", 0, w, KEYMAP_REQ_NONE, NULL);
	}
	for (s = 0; s < KEYMAP_SECTION_COUNT; s++) {
		n = add_wrapped(out, n, THEME_ROLE_TITLE, keymap_section_title((enum keymap_section)s),
				0, w, KEYMAP_REQ_NONE, NULL);
		for (r = 1; r < KEYMAP_REQ_COUNT; r++)
			if (keymap_request_section((enum keymap_request)r) == (enum keymap_section)s)
				n = add_wrapped(out, n, THEME_ROLE_NORMAL,
						keymap_request_help((enum keymap_request)r), keyw, w,
						(enum keymap_request)r, NULL);
		n = add_wrapped(out, n, THEME_ROLE_NORMAL, "", 0, w, KEYMAP_REQ_NONE, NULL);
	}
	n = add_wrapped(out, n, THEME_ROLE_TITLE, "Commands (after :)", 0, w, KEYMAP_REQ_NONE, NULL);
	for (i = 0; i < NCOMMANDS; i++)
		n = add_wrapped(out, n, THEME_ROLE_NORMAL, commands[i].help,
				keyw + 6 < w ? keyw + 6 : keyw, w, KEYMAP_REQ_NONE, commands[i].cmd);
	n = add_wrapped(out, n, THEME_ROLE_NORMAL, "", 0, w, KEYMAP_REQ_NONE, NULL);
	n = add_wrapped(out, n, THEME_ROLE_TITLE, "Mouse", 0, w, KEYMAP_REQ_NONE, NULL);
	n = add_wrapped(out, n, THEME_ROLE_NORMAL,
			"a click selects (again: opens or folds); the wheel scrolls; "
			"--no-mouse turns it off",
			0, w, KEYMAP_REQ_NONE, NULL);
	n = add_wrapped(out, n, THEME_ROLE_NORMAL, "", 0, w, KEYMAP_REQ_NONE, NULL);
	n = add_wrapped(out, n, THEME_ROLE_COMMENT,
			"Keys can be changed in ~/.config/signoff/config (bind KEYS REQUEST)", 0, w,
			KEYMAP_REQ_NONE, NULL);
	return n;
}

size_t
ui_help_line_count(const struct ui_app *app)
{
	return help_lines(app, NULL);
}

static struct ui_rect
centered(const struct ui_canvas *cv, int w, int h)
{
	struct ui_rect r;

	if (w > cv->cols - 2)
		w = cv->cols - 2;
	if (h > cv->rows - 2)
		h = cv->rows - 2;
	r.w = w;
	r.h = h;
	r.x = (cv->cols - w) / 2;
	r.y = (cv->rows - h) / 2;
	return r;
}

static void
box(struct ui_canvas *cv, const struct ui_rect *r, const char *title, const char *foot)
{
	int x, y;

	ui_draw_fill(cv, r, THEME_ROLE_NORMAL);
	for (x = 0; x < r->w; x++) {
		ui_draw_str(cv, r, 0, x, THEME_ROLE_BORDER, cv->g->hbar);
		ui_draw_str(cv, r, r->h - 1, x, THEME_ROLE_BORDER, cv->g->hbar);
	}
	for (y = 0; y < r->h; y++) {
		ui_draw_str(cv, r, y, 0, THEME_ROLE_BORDER, cv->g->vbar);
		ui_draw_str(cv, r, y, r->w - 1, THEME_ROLE_BORDER, cv->g->vbar);
	}
	ui_draw_fitted(cv, r, 0, 2, r->w - 4, THEME_ROLE_PANE_TITLE, title, strlen(title));
	if (foot)
		ui_draw_fitted(cv, r, r->h - 1, 2, r->w - 4, THEME_ROLE_COMMENT, foot, strlen(foot));
}

void
ui_draw_help(struct ui_app *app)
{
	struct ui_canvas *cv = app->cv;
	size_t n = help_lines(app, NULL), i;
	struct hline *lines = xcalloc(n, sizeof(*lines));
	struct ui_rect r = centered(cv, 84, (int)n + 2);
	struct ui_rect in = { r.y + 1, r.x + 2, r.h - 2, r.w - 4 };
	int y, w, keyw;

	help_columns(cv, &w, &keyw);
	help_lines(app, lines);
	if (app->help_top + (size_t)in.h > n)
		app->help_top = n > (size_t)in.h ? n - (size_t)in.h : 0;
	box(cv, &r, app->nwarnings ? " Warnings, keys and commands " : " Keys and commands ",
	    n > (size_t)in.h ? " j/k scroll, any other key closes " : " any key closes ");
	for (y = 0, i = app->help_top; y < in.h && i < n; y++, i++) {
		const struct hline *h = &lines[i];

		if (h->req != KEYMAP_REQ_NONE) {
			struct buf k = BUF_INIT;

			if (!keymap_keys_of(app->km, h->req, &k))
				buf_addstr(&k, "(unbound)");
			xbuf_check(&k);
			ui_draw_fitted(cv, &in, y, 1, keyw - 2, THEME_ROLE_HINT, k.data, k.len);
			buf_release(&k);
		} else if (h->cmd) {
			ui_draw_fitted(cv, &in, y, 1, keyw + 4, THEME_ROLE_HINT, h->cmd,
				       strlen(h->cmd));
		}
		ui_draw_fitted(cv, &in, y, h->x, in.w - h->x, h->role, h->text, h->len);
	}
	mem_free(lines);
}

/* ---- filter menu ---- */

/* Items: the actions the plan has (and no-op), "unreviewed only", "clear". */
static size_t
menu_items(const struct ui_app *app, int *items)
{
	size_t n = 0;
	int a;

	for (a = 1; a < PLAN_ACTION_COUNT; a++)
		if (app->counts.by_action[a])
			items[n++] = a;
	if (app->counts.by_action[PLAN_ACTION_NOOP])
		items[n++] = PLAN_ACTION_NOOP;
	items[n++] = PLAN_ACTION_COUNT;      /* unreviewed only */
	items[n++] = PLAN_ACTION_COUNT + 1;  /* clear */
	return n;
}

void
ui_filter_menu_open(struct ui_app *app)
{
	app->overlay = UI_OVERLAY_FILTER;
	app->fm_cursor = app->fm_top = 0;
	app->fm_actions = app->tree.filter.actions;
	app->fm_unreviewed = app->tree.filter.unreviewed_only;
}

static void
menu_apply(struct ui_app *app)
{
	struct buf d = BUF_INIT;

	app->tree.filter.actions = app->fm_actions;
	app->tree.filter.unreviewed_only = app->fm_unreviewed;
	app->overlay = UI_OVERLAY_NONE;
	ui_tree_rebuild(&app->tree);
	app->matches_stale = true;
	ui_list_set(&app->list[UI_PANE_TREE], app->list[UI_PANE_TREE].cursor, app->tree.nrows);
	ui_tree_filter_describe(&app->tree, &d);
	xbuf_check(&d);
	ui_app_message(app, THEME_ROLE_MESSAGE, d.len ? "filter: %s (%zu shown)" : "%s%zu shown",
		       d.len ? d.data : "no filter: ", app->tree.shown);
	buf_release(&d);
}

void
ui_filter_menu_key(struct ui_app *app, int key, enum keymap_request req)
{
	int items[UI_FILTER_ITEMS + 2];
	size_t n = menu_items(app, items);
	int item = items[app->fm_cursor < n ? app->fm_cursor : 0];

	if (req == KEYMAP_REQ_MOVE_DOWN) {
		if (app->fm_cursor + 1 < n)
			app->fm_cursor++;
		return;
	}
	if (req == KEYMAP_REQ_MOVE_UP) {
		if (app->fm_cursor)
			app->fm_cursor--;
		return;
	}
	if (req == KEYMAP_REQ_MOVE_FIRST) {
		app->fm_cursor = 0;
		return;
	}
	if (req == KEYMAP_REQ_MOVE_LAST) {
		app->fm_cursor = n - 1;
		return;
	}
	if (key == KEYMAP_KEY_ESC || req == KEYMAP_REQ_BACK || req == KEYMAP_REQ_FILTER_MENU ||
	    req == KEYMAP_REQ_QUIT) {
		app->overlay = UI_OVERLAY_NONE;
		ui_app_message(app, THEME_ROLE_MESSAGE, "filter unchanged");
		return;
	}
	if (key == ' ' || key == 'x' || key == KEYMAP_KEY_ENTER) {
		if (item == PLAN_ACTION_COUNT + 1) {
			app->fm_actions = 0;
			app->fm_unreviewed = false;
			mem_free(app->tree.filter.types);
			mem_free(app->tree.filter.module);
			app->tree.filter.types = app->tree.filter.module = NULL;
			app->tree.filter.min_severity = -1;
			menu_apply(app);
			return;
		}
		if (key == KEYMAP_KEY_ENTER) {
			menu_apply(app);
			return;
		}
		if (item == PLAN_ACTION_COUNT)
			app->fm_unreviewed = !app->fm_unreviewed;
		else
			app->fm_actions ^= 1u << item;
		return;
	}
}

void
ui_draw_filter_menu(struct ui_app *app)
{
	struct ui_canvas *cv = app->cv;
	int items[UI_FILTER_ITEMS + 2];
	size_t n = menu_items(app, items), i;
	struct ui_rect r = centered(cv, 44, (int)n + 4);
	struct ui_rect in = { r.y + 2, r.x + 2, r.h - 3, r.w - 4 };

	const char *sub = "none ticked: every action but no-op";
	size_t h = in.h > 0 ? (size_t)in.h : 1, y;
	const char *foot = cv->ascii ? " space toggles, Enter applies, Esc " :
				       " space toggles · Enter applies · Esc ";

	if (ui_text_width(foot, strlen(foot)) > r.w - 4)
		foot = cv->ascii ? " space, Enter, Esc " : " space · Enter · Esc ";
	box(cv, &r, " Filter ", foot);
	ui_draw_fitted(cv, &r, 1, 2, r.w - 3, THEME_ROLE_COMMENT, sub, strlen(sub));
	/* a short window scrolls the items; the title row says where */
	if (app->fm_cursor >= n)
		app->fm_cursor = n - 1;
	if (app->fm_cursor < app->fm_top)
		app->fm_top = app->fm_cursor;
	if (app->fm_cursor >= app->fm_top + h)
		app->fm_top = app->fm_cursor - h + 1;
	if (n > h) {
		char pos[32];

		snprintf(pos, sizeof(pos), " %zu/%zu ", app->fm_cursor + 1, n);
		ui_draw_str(cv, &r, 0, r.w - 2 - (int)strlen(pos), THEME_ROLE_COMMENT, pos);
	}
	for (y = 0, i = app->fm_top; i < n && y < h; i++, y++) {
		int it = items[i], x = 1;
		bool on;
		char num[24];

		if (it < PLAN_ACTION_COUNT)
			on = (app->fm_actions >> it) & 1;
		else
			on = it == PLAN_ACTION_COUNT && app->fm_unreviewed;
		if (it <= PLAN_ACTION_COUNT)
			x += ui_draw_str(cv, &in, (int)y, x, THEME_ROLE_NORMAL, on ? "[x] " : "[ ] ");
		else
			x += ui_draw_str(cv, &in, (int)y, x, THEME_ROLE_NORMAL, "    ");
		if (it < PLAN_ACTION_COUNT) {
			x += ui_draw_str(cv, &in, (int)y, x, ui_action_role((enum plan_action)it),
					 plan_action_marker((enum plan_action)it, cv->ascii));
			x++;
			x += ui_draw_str(cv, &in, (int)y, x, THEME_ROLE_NORMAL,
					 plan_action_key((enum plan_action)it));
			snprintf(num, sizeof(num), "%zu", app->counts.by_action[it]);
			ui_draw_str(cv, &in, (int)y, in.w - 1 - (int)strlen(num), THEME_ROLE_COUNTS,
				    num);
		} else if (it == PLAN_ACTION_COUNT) {
			ui_draw_str(cv, &in, (int)y, x, THEME_ROLE_NORMAL, "only unreviewed changes");
		} else {
			ui_draw_str(cv, &in, (int)y, x, THEME_ROLE_NORMAL, "clear every filter");
		}
		if (i == app->fm_cursor)
			ui_draw_recolor(cv, &in, (int)y, 0, in.w, THEME_ROLE_CURSOR);
	}
}
