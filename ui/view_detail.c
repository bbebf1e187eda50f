/* view_detail.c - the detail pane: the selected change explained. */
#include <string.h>

#include "app_int.h"
#include "xalloc.h"

/* A group is selected: its counts instead of a diff. */
static void
draw_group_summary(struct ui_app *app, const struct ui_rect *r, size_t grp)
{
	struct ui_canvas *cv = app->cv;
	const struct ui_group *g = &app->tree.groups[grp];
	struct buf t = BUF_INIT;
	int y = 0, a;

	ui_text_escape_str(cv, &t, g->kind == UI_GROUP_PLAIN ? g->key : g->label);
	xbuf_check(&t);
	ui_draw_fitted(cv, r, y++, 1, r->w - 2, THEME_ROLE_TITLE, t.data, t.len);
	buf_reset(&t);
	buf_addf(&t, "%zu change%s shown, %zu reviewed", g->shown, g->shown == 1 ? "" : "s",
		 g->reviewed);
	xbuf_check(&t);
	ui_draw_str(cv, r, y++, 1, THEME_ROLE_COMMENT, t.data);
	y++;
	for (a = 0; a < PLAN_ACTION_COUNT; a++) {
		int x;

		if (!g->by_action[a])
			continue;
		buf_reset(&t);
		buf_addf(&t, "%4zu  ", g->by_action[a]);
		xbuf_check(&t);
		x = 1 + ui_draw_str(cv, r, y, 1, THEME_ROLE_COUNTS, t.data);
		x += ui_draw_str(cv, r, y, x, ui_action_role((enum plan_action)a),
				 plan_action_marker((enum plan_action)a, cv->ascii));
		ui_draw_str(cv, r, y, x + 2, THEME_ROLE_NORMAL,
			    plan_action_description((enum plan_action)a));
		y++;
	}
	if (g->max_severity >= 0) {
		buf_reset(&t);
		buf_addf(&t, "highest finding: %s", ui_severity_name(g->max_severity));
		xbuf_check(&t);
		ui_draw_str(cv, r, ++y, 1, ui_severity_role(g->max_severity), t.data);
	}
	y++;
	ui_draw_str(cv, r, ++y, 1, THEME_ROLE_COMMENT,
		    g->folded ? "Enter unfolds the group; Space marks every change in it reviewed"
			      : "h folds the group; Space marks every change in it reviewed");
	buf_release(&t);
}

static void
detail_draw(struct ui_app *app, const struct ui_rect *r, bool focused)
{
	struct ui_detail *d = &app->detail;
	struct ui_list *l = &app->list[UI_PANE_DETAIL];
	struct ui_canvas *cv = app->cv;
	size_t grp = ui_app_selected_group(app);
	int y;

	if (d->change == (size_t)-1 && d->output == (size_t)-1) {
		if (grp != (size_t)-1)
			draw_group_summary(app, r, grp);
		else
			ui_draw_str(cv, r, 0, 1, THEME_ROLE_COMMENT, "nothing selected");
		return;
	}
	ui_list_scroll(l, d->nlines, r->h);
	for (y = 0; y < r->h && l->top + (size_t)y < d->nlines; y++) {
		const struct ui_dline *ln = &d->lines[l->top + (size_t)y];
		int x = 0;
		uint32_t s;

		int total = 0;

		for (s = 0; s < ln->nseg; s++) {
			const struct ui_dseg *sg = &d->segs[ln->seg + s];

			total += ui_text_width(d->text.data + sg->off, sg->len);
			x += ui_draw_text(cv, r, y, x, (enum theme_role)sg->role,
					  d->text.data + sg->off, sg->len);
		}
		/* a line cut at the edge ends in an ellipsis */
		if (total > r->w)
			ui_draw_str(cv, r, y, r->w - 1, THEME_ROLE_COMMENT, cv->g->ellipsis);
		if (focused && l->top + (size_t)y == l->cursor)
			ui_draw_recolor(cv, r, y, 0, r->w, THEME_ROLE_CURSOR);
	}
}

static void
detail_title(struct ui_app *app, struct buf *out)
{
	const struct ui_detail *d = &app->detail;
	size_t grp = ui_app_selected_group(app);

	if (d->change != (size_t)-1) {
		const struct plan_change *c = plan_change_at(app->plan, d->change);

		buf_addstr(out, "Detail: ");
		ui_text_escape_str(app->cv, out, c->address);
		if (app->opts.show_unchanged)
			buf_addstr(out, " (all attributes)");
	} else if (d->output != (size_t)-1) {
		buf_addstr(out, "Detail: output ");
		ui_text_escape_str(app->cv, out, plan_output_at(app->plan, d->output)->name);
	} else if (grp != (size_t)-1) {
		buf_addstr(out, "Group");
	} else {
		buf_addstr(out, "Detail");
	}
}

static size_t
detail_rows(struct ui_app *app)
{
	return app->detail.change == (size_t)-1 && app->detail.output == (size_t)-1
		       ? 0
		       : app->detail.nlines;
}

static void
step_changed(struct ui_app *app, bool forward)
{
	struct ui_detail *d = &app->detail;
	struct ui_list *l = &app->list[UI_PANE_DETAIL];
	long i;

	for (i = (long)l->cursor + (forward ? 1 : -1); i >= 0 && i < (long)d->nlines;
	     i += forward ? 1 : -1) {
		const struct ui_dline *ln = &d->lines[i];

		/* the first line of each changed attribute */
		if ((ln->flags & UI_DL_CHANGED) && (ln->flags & UI_DL_ATTR)) {
			ui_list_set(l, (size_t)i, d->nlines);
			return;
		}
	}
	ui_app_message(app, THEME_ROLE_MESSAGE,
		       forward ? "no more changed attributes below (Tab goes back to the tree)"
			       : "no more changed attributes above");
}

static bool
detail_request(struct ui_app *app, enum keymap_request req)
{
	struct ui_detail *d = &app->detail;
	struct ui_list *l = &app->list[UI_PANE_DETAIL];
	size_t cur = l->cursor;
	const struct ui_dline *ln = cur < d->nlines ? &d->lines[cur] : NULL;

	switch (req) {
	case KEYMAP_REQ_UNFOLD:
		if (ln && (ln->flags & UI_DL_FOLDABLE)) {
			if (ln->flags & UI_DL_FOLDED) {
				ui_detail_toggle(d, cur);
				app->detail_dirty = true;
			} else {
				ui_list_move(l, 1, d->nlines);
			}
		}
		return true;
	case KEYMAP_REQ_FOLD:
		if (ln && (ln->flags & UI_DL_FOLDABLE) && !(ln->flags & UI_DL_FOLDED)) {
			ui_detail_toggle(d, cur);
			app->detail_dirty = true;
		} else if (ln && ln->parent >= 0) {
			ui_list_set(l, (size_t)ln->parent, d->nlines);
		} else {
			ui_app_focus(app, UI_PANE_TREE);
		}
		return true;
	case KEYMAP_REQ_NEXT_CHANGE:
	case KEYMAP_REQ_PREV_CHANGE:
		step_changed(app, req == KEYMAP_REQ_NEXT_CHANGE);
		return true;
	case KEYMAP_REQ_REVEAL: {
		size_t i, n = d->nlines;

		if (ln && (ln->flags & UI_DL_SENSITIVE)) {
			ui_app_ask_reveal(app, cur);
			return true;
		}
		/* the next sensitive line from here, wrapping */
		for (i = 1; i <= n; i++) {
			size_t k = (cur + i) % (n ? n : 1);

			if (n && (d->lines[k].flags & UI_DL_SENSITIVE) &&
			    !(d->lines[k].flags & UI_DL_REVEALED)) {
				ui_list_set(l, k, n);
				ui_app_ask_reveal(app, k);
				return true;
			}
		}
		ui_app_message(app, THEME_ROLE_ERROR, "no sensitive value to reveal here");
		return true;
	}
	default:
		return false;
	}
}

static void
detail_click(struct ui_app *app, size_t row, bool again)
{
	struct ui_detail *d = &app->detail;

	if (again && row < d->nlines && (d->lines[row].flags & UI_DL_FOLDABLE)) {
		ui_detail_toggle(d, row);
		app->detail_dirty = true;
	}
}

static const enum keymap_request detail_hints[] = {
	KEYMAP_REQ_UNFOLD, KEYMAP_REQ_FOLD,           KEYMAP_REQ_NEXT_CHANGE,
	KEYMAP_REQ_TOGGLE_UNCHANGED, KEYMAP_REQ_REVEAL, KEYMAP_REQ_NEXT_PANE,
	KEYMAP_REQ_HELP,   KEYMAP_REQ_NONE,
};

const struct ui_view_ops ui_view_detail = {
	.name = "detail",
	.draw = detail_draw,
	.title = detail_title,
	.rows = detail_rows,
	.request = detail_request,
	.click = detail_click,
	.hints = detail_hints,
};
