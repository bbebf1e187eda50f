/* view_tree.c - the resource tree pane. */
#include <string.h>

#include "app_int.h"
#include "str.h"
#include "xalloc.h"

/* One badge: text (ours) and role. */
struct badge {
	const char *text;
	enum theme_role role;
};

/* Severity as a badge: shouting only from medium up. */
static const char *const sev_badge[] = { "info", "low", "MEDIUM", "HIGH", "CRITICAL" };

/* "12 deps" on a destroy or replace: what depends on it, transitively
 * (once the graph is built); deps holds the text. */
static size_t
change_badges(const struct ui_app *app, size_t i, struct badge *out, char deps[24])
{
	const struct plan_change *c = plan_change_at(app->plan, i);
	size_t n = 0;
	int sev = app->tree.severity[i];

	if (sev >= 0 && sev < SEVERITY_COUNT) {
		out[n].text = sev_badge[sev];
		out[n++].role = ui_severity_role(sev);
	}
	if (c->action == PLAN_ACTION_REPLACE) {
		out[n].text = (c->flags & PLAN_CHANGE_CREATE_FIRST) ? "replace(cbd)" : "replace";
		out[n++].role = THEME_ROLE_REPLACE;
	}
	if (app->an.dependents && app->an.dependents[i] != UI_DEPENDENTS_UNKNOWN) {
		snprintf(deps, 24, "%u dep%s", app->an.dependents[i],
			 app->an.dependents[i] == 1 ? "" : "s");
		out[n].text = deps;
		out[n++].role = app->an.dependents[i] ? ui_action_role(c->action) : THEME_ROLE_COMMENT;
	}
	if (c->flags & PLAN_CHANGE_TAINTED) {
		out[n].text = "tainted";
		out[n++].role = THEME_ROLE_BADGE;
	}
	if (app->tree.drift_of[i] >= 0 || c->section == PLAN_SECTION_DRIFT) {
		out[n].text = "drift";
		out[n++].role = THEME_ROLE_DRIFT;
	}
	if (c->flags & PLAN_CHANGE_MOVED) {
		out[n].text = "moved";
		out[n++].role = THEME_ROLE_MOVE;
	}
	if (c->flags & PLAN_CHANGE_IMPORTING) {
		out[n].text = "imported";
		out[n++].role = THEME_ROLE_IMPORT;
	}
	if (c->deposed) {
		out[n].text = "deposed";
		out[n++].role = THEME_ROLE_BADGE;
	}
	if (c->flags & PLAN_CHANGE_SENSITIVE_CHANGED) {
		out[n].text = "sensitive";
		out[n++].role = THEME_ROLE_SENSITIVE;
	}
	return n;
}

static int
badges_width(const struct badge *b, size_t n)
{
	int w = 0;
	size_t i;

	for (i = 0; i < n; i++)
		w += 1 + (int)strlen(b[i].text);
	return w;
}

static void
draw_badges(struct ui_canvas *cv, const struct ui_rect *r, int y, int x, const struct badge *b,
	    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		x += 1;
		x += ui_draw_str(cv, r, y, x, b[i].role, b[i].text);
	}
}

/* The search match inside a label, recoloured (label drawn at x). */
static void
highlight(struct ui_app *app, const struct ui_rect *r, int y, int x, int maxw, const char *esc,
	  size_t len)
{
	size_t s, e;

	if (!app->search || !search_match(app->search, esc, len, &s, &e) || e <= s)
		return;
	{
		int sx = ui_text_width(esc, s), w = ui_text_width(esc + s, e - s);

		if (sx >= maxw)
			return;
		if (sx + w > maxw)
			w = maxw - sx;
		ui_draw_recolor(app->cv, r, y, x + sx, w, THEME_ROLE_MATCH);
	}
}

static void
draw_change(struct ui_app *app, const struct ui_rect *r, int y, const struct ui_row *row)
{
	struct ui_canvas *cv = app->cv;
	const struct plan_change *c = plan_change_at(app->plan, row->index);
	struct badge badges[12];
	char deps[24];
	size_t nb = change_badges(app, row->index, badges, deps), llen;
	const char *label = ui_tree_change_label(&app->tree, row->index, &llen);
	struct buf esc = BUF_INIT;
	int x = 1 + 2 * row->depth, bw = badges_width(badges, nb), avail, lw;
	const char *marker = plan_action_marker(c->action, cv->ascii);
	enum theme_role ar = ui_action_role(c->action);

	if (app->tree.reviewed[row->index])
		ui_draw_str(cv, r, y, 0, THEME_ROLE_REVIEWED, cv->g->check);
	x += ui_draw_str(cv, r, y, x, ar, marker);
	if (ui_text_width(marker, strlen(marker)) < 2)
		x++;
	x++;
	ui_text_escape(cv, &esc, label, llen);
	if (c->deposed) {
		buf_addstr(&esc, " (deposed ");
		ui_text_escape_str(cv, &esc, c->deposed);
		buf_addch(&esc, ')');
	}
	xbuf_check(&esc);
	avail = r->w - x - 1;
	lw = ui_text_width(esc.data, esc.len);
	/* badges that do not fit beside half a label go, the last first,
	 * rather than being cut */
	while (nb && bw > avail - (lw < avail / 2 ? lw : avail / 2)) {
		nb--;
		bw = badges_width(badges, nb);
	}
	/* the label gets at least half the room; badges get the rest */
	if (lw + bw > avail) {
		int keep = avail - bw;

		if (keep < avail / 2)
			keep = avail / 2;
		if (keep < lw) {
			lw = ui_draw_fitted(cv, r, y, x, keep, c->action == PLAN_ACTION_NOOP
								       ? THEME_ROLE_NOOP
								       : THEME_ROLE_NORMAL,
					    esc.data, esc.len);
		} else {
			lw = ui_draw_text(cv, r, y, x, THEME_ROLE_NORMAL, esc.data, esc.len);
		}
	} else {
		lw = ui_draw_text(cv, r, y, x,
				  c->action == PLAN_ACTION_NOOP ? THEME_ROLE_NOOP : THEME_ROLE_NORMAL,
				  esc.data, esc.len);
	}
	highlight(app, r, y, x, lw, esc.data, esc.len);
	if (nb) {
		int bx = r->w - 1 - bw;

		if (bx < x + lw)
			bx = x + lw;
		draw_badges(cv, r, y, bx, badges, nb);
	}
	buf_release(&esc);
}

static void
draw_group(struct ui_app *app, const struct ui_rect *r, int y, const struct ui_row *row)
{
	struct ui_canvas *cv = app->cv;
	const struct ui_group *g = &app->tree.groups[row->index];
	struct buf esc = BUF_INIT, counts = BUF_INIT;
	int x = 1 + 2 * row->depth, cw, a, cx;
	bool first = true;
	static const enum plan_action order[] = {
		PLAN_ACTION_CREATE, PLAN_ACTION_UPDATE, PLAN_ACTION_REPLACE, PLAN_ACTION_DELETE,
		PLAN_ACTION_READ,   PLAN_ACTION_IMPORT, PLAN_ACTION_MOVE,    PLAN_ACTION_FORGET,
		PLAN_ACTION_NOOP,
	};

	if (g->shown && g->reviewed == g->shown)
		ui_draw_str(cv, r, y, 0, THEME_ROLE_REVIEWED, cv->g->check);
	x += ui_draw_str(cv, r, y, x, THEME_ROLE_GROUP, g->folded ? cv->g->closed : cv->g->open);
	x++;
	ui_text_escape_str(cv, &esc, g->label);
	xbuf_check(&esc);
	/* counts, right-aligned: "+3 ~1 -2" */
	cw = 0;
	for (a = 0; a < (int)(sizeof(order) / sizeof(order[0])); a++)
		if (g->by_action[order[a]]) {
			const char *m = plan_action_marker(order[a], cv->ascii);

			cw += (cw ? 1 : 0) + ui_text_width(m, strlen(m)) +
			      (int)snprintf(NULL, 0, "%zu", g->by_action[order[a]]);
		}
	{
		int avail = r->w - x - 1 - (cw ? cw + 1 : 0);
		int lw;

		if (avail < (r->w - x) / 2)
			avail = (r->w - x) / 2;
		lw = ui_draw_fitted(cv, r, y, x, avail, THEME_ROLE_GROUP, esc.data, esc.len);
		highlight(app, r, y, x, lw, esc.data, esc.len);
		cx = r->w - 1 - cw;
		if (cx < x + lw + 1)
			cx = x + lw + 1;
	}
	if (g->max_severity >= 0) {
		const char *s = sev_badge[g->max_severity];
		int sx = cx - 1 - (int)strlen(s);

		if (sx > x)
			ui_draw_str(cv, r, y, sx, ui_severity_role(g->max_severity), s);
	}
	for (a = 0; a < (int)(sizeof(order) / sizeof(order[0])); a++) {
		size_t n = g->by_action[order[a]];
		char num[24];

		if (!n)
			continue;
		if (!first)
			cx++;
		first = false;
		cx += ui_draw_str(cv, r, y, cx, ui_action_role(order[a]),
				  plan_action_marker(order[a], cv->ascii));
		snprintf(num, sizeof(num), "%zu", n);
		cx += ui_draw_str(cv, r, y, cx, THEME_ROLE_COUNTS, num);
	}
	buf_release(&counts);
	buf_release(&esc);
}

static void
draw_output(struct ui_app *app, const struct ui_rect *r, int y, const struct ui_row *row)
{
	struct ui_canvas *cv = app->cv;
	const struct plan_output *o = plan_output_at(app->plan, row->index);
	struct buf esc = BUF_INIT;
	int x = 1 + 2 * row->depth, w;
	const char *marker = plan_action_marker(o->action, cv->ascii);

	x += ui_draw_str(cv, r, y, x, ui_action_role(o->action), marker);
	if (ui_text_width(marker, strlen(marker)) < 2)
		x++;
	x++;
	ui_text_escape_str(cv, &esc, o->name);
	xbuf_check(&esc);
	w = ui_draw_fitted(cv, r, y, x, r->w - x - 12, THEME_ROLE_NORMAL, esc.data, esc.len);
	highlight(app, r, y, x, w, esc.data, esc.len);
	x += w;
	if (value_contains_sensitive(&o->before) || value_contains_sensitive(&o->after) ||
	    (o->after.kind == VALUE_UNKNOWN && (o->after.flags & VALUE_F_SENSITIVE)))
		ui_draw_str(cv, r, y, r->w - 10, THEME_ROLE_SENSITIVE, "sensitive");
	buf_release(&esc);
}

static void
tree_draw(struct ui_app *app, const struct ui_rect *r, bool focused)
{
	struct ui_tree *t = &app->tree;
	struct ui_list *l = &app->list[UI_PANE_TREE];
	int y;

	ui_list_scroll(l, t->nrows, r->h);
	if (!t->nrows) {
		ui_draw_str(app->cv, r, 0, 1, THEME_ROLE_COMMENT,
			    t->filter.actions || t->filter.types || t->filter.module ||
					    t->filter.min_severity >= 0 || t->filter.unreviewed_only
				    ? "nothing matches the filter (:clear removes it)"
				    : "no changes");
		return;
	}
	for (y = 0; y < r->h && l->top + (size_t)y < t->nrows; y++) {
		const struct ui_row *row = &t->rows[l->top + (size_t)y];

		if (row->kind == UI_ROW_GROUP)
			draw_group(app, r, y, row);
		else if (row->kind == UI_ROW_OUTPUT)
			draw_output(app, r, y, row);
		else
			draw_change(app, r, y, row);
		if (l->top + (size_t)y == l->cursor)
			ui_draw_recolor(app->cv, r, y, 0, r->w,
					focused ? THEME_ROLE_CURSOR : THEME_ROLE_CURSOR_INACTIVE);
	}
}

static void
tree_title(struct ui_app *app, struct buf *out)
{
	const struct ui_tree *t = &app->tree;
	struct buf f = BUF_INIT;

	ui_tree_filter_describe(t, &f);
	xbuf_check(&f);
	if (f.len)
		buf_addf(out, "Changes %zu of %zu, filter: %s", t->shown, t->reviewable, f.data);
	else
		buf_addf(out, "Changes %zu", t->shown);
	buf_release(&f);
}

static size_t
tree_rows(struct ui_app *app)
{
	return app->tree.nrows;
}

/* The row of the group enclosing row i, or i itself when at the top. */
static size_t
parent_row(const struct ui_tree *t, size_t i)
{
	int32_t g;

	if (i >= t->nrows)
		return i;
	if (t->rows[i].kind == UI_ROW_CHANGE)
		g = t->group_of[t->rows[i].index];
	else if (t->rows[i].kind == UI_ROW_OUTPUT)
		g = t->outputs_group;
	else
		g = t->groups[t->rows[i].index].parent;
	if (g <= 0)
		return i;
	while (i-- > 0)
		if (t->rows[i].kind == UI_ROW_GROUP && t->rows[i].index == (uint32_t)g)
			return i;
	return 0;
}

static void
step_change(struct ui_app *app, bool forward)
{
	struct ui_tree *t = &app->tree;
	bool exact;
	size_t pos = ui_tree_row_position(t, app->list[UI_PANE_TREE].cursor, &exact), i;

	/* from a group or an output row too: relative to where it sits */
	if (pos > t->norder)
		pos = t->norder;
	if (forward) {
		for (i = exact ? pos + 1 : pos; i < t->norder; i++) {
			uint32_t c = t->order[i];

			if (t->pass[c] && ui_tree_is_reviewable(t, c)) {
				ui_app_select_change(app, c);
				return;
			}
		}
	} else {
		for (i = pos; i-- > 0;) {
			uint32_t c = t->order[i];

			if (t->pass[c] && ui_tree_is_reviewable(t, c)) {
				ui_app_select_change(app, c);
				return;
			}
		}
	}
	ui_app_message(app, THEME_ROLE_MESSAGE, forward ? "no more changes below"
							: "no more changes above");
}

static void
mark_reviewed(struct ui_app *app)
{
	struct ui_tree *t = &app->tree;
	struct ui_list *l = &app->list[UI_PANE_TREE];
	size_t sel = ui_app_selected_change(app), grp = ui_app_selected_group(app), i;

	if (sel != (size_t)-1) {
		ui_app_toggle_reviewed(app, sel);
	} else if (grp != (size_t)-1) {
		const struct ui_group *g = &t->groups[grp];
		bool on = g->reviewed < g->shown;
		size_t n = 0;

		for (i = 0; i < t->nchanges; i++) {
			int32_t k = t->group_of[i];

			if (!t->pass[i])
				continue;
			while (k > 0 && (size_t)k != grp)
				k = t->groups[k].parent;
			if ((size_t)k != grp)
				continue;
			ui_marks_set_reviewed(app, i, on);
			n++;
		}
		ui_marks_changed(app);
		ui_app_message(app, THEME_ROLE_MESSAGE, "%s %zu change%s (%zu/%zu reviewed)",
			       on ? "marked reviewed:" : "marks removed:", n, n == 1 ? "" : "s",
			       t->reviewed_count, t->reviewable);
	} else {
		ui_app_message(app, THEME_ROLE_ERROR, "outputs are not marked; review the resources");
		return;
	}
	ui_list_move(l, 1, t->nrows);
}

static bool
tree_request(struct ui_app *app, enum keymap_request req)
{
	struct ui_tree *t = &app->tree;
	struct ui_list *l = &app->list[UI_PANE_TREE];
	size_t grp = ui_app_selected_group(app), sel = ui_app_selected_change(app);

	switch (req) {
	case KEYMAP_REQ_UNFOLD:
		if (grp != (size_t)-1) {
			if (t->groups[grp].folded) {
				ui_tree_set_folded(t, grp, false);
				ui_tree_rebuild_rows(t);
			} else {
				ui_list_move(l, 1, t->nrows);
			}
		} else if (sel != (size_t)-1) {
			ui_app_focus(app, UI_PANE_DETAIL);
		}
		return true;
	case KEYMAP_REQ_FOLD:
		if (grp != (size_t)-1 && !t->groups[grp].folded) {
			ui_tree_set_folded(t, grp, true);
			ui_tree_rebuild_rows(t);
		} else {
			ui_list_set(l, parent_row(t, l->cursor), t->nrows);
		}
		return true;
	case KEYMAP_REQ_NEXT_CHANGE:
	case KEYMAP_REQ_PREV_CHANGE:
		step_change(app, req == KEYMAP_REQ_NEXT_CHANGE);
		return true;
	case KEYMAP_REQ_MARK_REVIEWED:
		mark_reviewed(app);
		return true;
	case KEYMAP_REQ_REVEAL: {
		size_t i;

		if (sel == (size_t)-1)
			return false;
		ui_app_detail_refresh(app);
		for (i = 0; i < app->detail.nlines; i++)
			if (app->detail.lines[i].flags & UI_DL_SENSITIVE) {
				ui_app_focus(app, UI_PANE_DETAIL);
				ui_list_set(&app->list[UI_PANE_DETAIL], i, app->detail.nlines);
				ui_app_ask_reveal(app, i);
				return true;
			}
		ui_app_message(app, THEME_ROLE_ERROR, "this change has no sensitive value to reveal");
		return true;
	}
	default:
		return false;
	}
}

static void
tree_click(struct ui_app *app, size_t row, bool again)
{
	struct ui_tree *t = &app->tree;

	if (!again || row >= t->nrows)
		return;
	if (t->rows[row].kind == UI_ROW_GROUP) {
		ui_tree_set_folded(t, t->rows[row].index, !t->groups[t->rows[row].index].folded);
		ui_tree_rebuild_rows(t);
	} else {
		ui_app_focus(app, UI_PANE_DETAIL);
	}
}

static const enum keymap_request tree_hints[] = {
	KEYMAP_REQ_UNFOLD,        KEYMAP_REQ_FOLD,   KEYMAP_REQ_NEXT_CHANGE,
	KEYMAP_REQ_MARK_REVIEWED, KEYMAP_REQ_SEARCH, KEYMAP_REQ_FILTER_MENU,
	KEYMAP_REQ_BLAST,         KEYMAP_REQ_APPROVE, KEYMAP_REQ_HELP,
	KEYMAP_REQ_QUIT,          KEYMAP_REQ_NONE,
};

const struct ui_view_ops ui_view_tree = {
	.name = "tree",
	.draw = tree_draw,
	.title = tree_title,
	.rows = tree_rows,
	.request = tree_request,
	.click = tree_click,
	.hints = tree_hints,
};
