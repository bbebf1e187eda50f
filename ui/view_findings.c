/* view_findings.c - the findings pane: the selection's findings, or all.
 *
 * Findings come from ui_app_set_findings() (the rule engine's set,
 * sorted highest severity first).  Enter on a finding selects its
 * resource and, when the finding names an attribute, that attribute.
 */
#include <string.h>

#include "app_int.h"
#include "xalloc.h"

void
ui_findings_refresh(struct ui_app *app)
{
	size_t sel = ui_app_selected_change(app), grp = ui_app_selected_group(app), i;
	size_t want = app->fmode == UI_FINDINGS_ALL ? (size_t)-1 : sel;
	const struct ui_tree *t = &app->tree;

	if (app->fmode == UI_FINDINGS_SELECTION && sel == (size_t)-1)
		want = (size_t)-3 - grp;   /* a group: a value no change index takes */
	if (want == app->frows_for)
		return;
	app->frows_for = want;
	app->nfrows = 0;
	for (i = 0; i < app->nfindings; i++) {
		const struct finding *f = app->findings[i];
		bool take;

		if (app->fmode == UI_FINDINGS_ALL) {
			take = true;
		} else if (sel != (size_t)-1) {
			take = f->change_index == sel;
		} else if (grp != (size_t)-1 && f->change_index < t->nchanges) {
			int32_t g = t->group_of[f->change_index];

			while (g > 0 && (size_t)g != grp)
				g = t->groups[g].parent;
			take = g > 0 && (size_t)g == grp;
		} else {
			take = false;
		}
		if (!take)
			continue;
		XGROW(app->frows, &app->cfrows, app->nfrows + 1);
		app->frows[app->nfrows++] = (uint32_t)i;
	}
	if (app->list[UI_PANE_FINDINGS].cursor >= app->nfrows)
		app->list[UI_PANE_FINDINGS].cursor = 0;
}

static void
draw_detail_lines(struct ui_app *app, const struct ui_rect *r, int y0, const struct finding *f)
{
	struct ui_canvas *cv = app->cv;
	struct buf t = BUF_INIT;
	int y = y0;

	ui_draw_fill_row(cv, r, y, 0, THEME_ROLE_NORMAL);
	ui_draw_fitted(cv, r, y++, 1, r->w - 2, THEME_ROLE_NORMAL, f->message, strlen(f->message));
	if (f->remediation && *f->remediation && y < r->h) {
		int x = 1 + ui_draw_str(cv, r, y, 1, THEME_ROLE_COMMENT, "fix: ");

		ui_draw_fitted(cv, r, y++, x, r->w - x - 1, THEME_ROLE_NORMAL, f->remediation,
			       strlen(f->remediation));
	}
	if (y < r->h) {
		int x = 1;

		x += ui_draw_str(cv, r, y, x, THEME_ROLE_COMMENT, "rule ");
		x += ui_draw_fitted(cv, r, y, x, r->w / 2, THEME_ROLE_NORMAL, f->rule_id,
				    strlen(f->rule_id));
		if (f->path && *f->path) {
			x += ui_draw_str(cv, r, y, x, THEME_ROLE_COMMENT, "  attribute ");
			ui_draw_fitted(cv, r, y, x, r->w - x - 1, THEME_ROLE_NORMAL, f->path,
				       strlen(f->path));
		}
	}
	buf_release(&t);
}

static void
findings_draw(struct ui_app *app, const struct ui_rect *r, bool focused)
{
	struct ui_canvas *cv = app->cv;
	struct ui_list *l = &app->list[UI_PANE_FINDINGS];
	int list_h = r->h >= 7 ? r->h - 4 : r->h, y;

	if (!app->checks_ran) {
		ui_draw_str(cv, r, 0, 1, THEME_ROLE_COMMENT,
			    "no findings: the security checks have not run on this plan");
		if (r->h > 1)
			ui_draw_str(cv, r, 1, 1, THEME_ROLE_COMMENT,
				    "(`signoff check` runs them; this pane will list them here)");
		return;
	}
	if (!app->nfrows) {
		ui_draw_str(cv, r, 0, 1, THEME_ROLE_COMMENT,
			    app->fmode == UI_FINDINGS_ALL ? "no findings in this plan"
							  : "no findings on the selection (F shows all)");
		return;
	}
	ui_list_scroll(l, app->nfrows, list_h);
	for (y = 0; y < list_h && l->top + (size_t)y < app->nfrows; y++) {
		const struct finding *f = app->findings[app->frows[l->top + (size_t)y]];
		int x = 1, sev = (int)f->severity;
		char name[16];

		snprintf(name, sizeof(name), "%-8s", ui_severity_name(sev));
		x += ui_draw_str(cv, r, y, x, ui_severity_role(sev), name) + 1;
		x += ui_draw_fitted(cv, r, y, x, 16, THEME_ROLE_COMMENT, f->rule_id,
				    strlen(f->rule_id));
		x += 1;
		if (app->fmode == UI_FINDINGS_ALL) {
			x += ui_draw_fitted(cv, r, y, x, (r->w - x) / 2, THEME_ROLE_TITLE, f->address,
					    strlen(f->address));
			x += 1;
		}
		ui_draw_fitted(cv, r, y, x, r->w - x - 1, THEME_ROLE_NORMAL, f->title,
			       strlen(f->title));
		if (focused && l->top + (size_t)y == l->cursor)
			ui_draw_recolor(cv, r, y, 0, r->w, THEME_ROLE_CURSOR);
	}
	if (list_h < r->h && l->cursor < app->nfrows) {
		for (y = list_h; y < r->h; y++)
			ui_draw_fill_row(cv, r, y, 0, THEME_ROLE_NORMAL);
		{
			struct ui_rect rule = { r->y + list_h, r->x, 1, r->w };
			int x;

			for (x = 0; x < r->w; x++)
				ui_draw_str(cv, &rule, 0, x, THEME_ROLE_BORDER, cv->g->hbar);
		}
		draw_detail_lines(app, r, list_h + 1, app->findings[app->frows[l->cursor]]);
	}
}

static void
findings_title(struct ui_app *app, struct buf *out)
{
	if (app->fmode == UI_FINDINGS_ALL)
		buf_addf(out, "Findings: all %zu", app->nfindings);
	else
		buf_addf(out, "Findings on the selection: %zu", app->nfrows);
}

static size_t
findings_rows(struct ui_app *app)
{
	return app->nfrows;
}

static void
jump(struct ui_app *app)
{
	struct ui_list *l = &app->list[UI_PANE_FINDINGS];
	const struct finding *f;

	if (l->cursor >= app->nfrows)
		return;
	f = app->findings[app->frows[l->cursor]];
	if (!ui_app_select_change(app, f->change_index)) {
		ui_app_message(app, THEME_ROLE_ERROR,
			       "the resource of this finding is hidden by the filter (:clear)");
		return;
	}
	ui_app_detail_refresh(app);
	if (f->path && *f->path) {
		long line = ui_detail_find_path(&app->detail, f->path);

		if (line < 0 && !app->opts.show_unchanged) {
			/* the attribute does not change: show unchanged ones to reach it */
			app->opts.show_unchanged = true;
			app->detail_dirty = true;
			ui_app_detail_refresh(app);
			line = ui_detail_find_path(&app->detail, f->path);
			if (line >= 0)
				ui_app_message(app, THEME_ROLE_MESSAGE,
					       "showing unchanged attributes: the finding is on one "
					       "(u hides them)");
		}
		if (line >= 0)
			ui_list_set(&app->list[UI_PANE_DETAIL], (size_t)line, app->detail.nlines);
	}
	ui_app_focus(app, UI_PANE_DETAIL);
}

static bool
findings_request(struct ui_app *app, enum keymap_request req)
{
	if (req == KEYMAP_REQ_UNFOLD) {
		jump(app);
		return true;
	}
	return false;
}

static void
findings_click(struct ui_app *app, size_t row, bool again)
{
	(void)row;
	if (again)
		jump(app);
}

static const enum keymap_request findings_hints[] = {
	KEYMAP_REQ_UNFOLD, KEYMAP_REQ_FINDINGS, KEYMAP_REQ_BACK, KEYMAP_REQ_NEXT_PANE,
	KEYMAP_REQ_HELP,   KEYMAP_REQ_NONE,
};

const struct ui_view_ops ui_view_findings = {
	.name = "findings",
	.draw = findings_draw,
	.title = findings_title,
	.rows = findings_rows,
	.request = findings_request,
	.click = findings_click,
	.hints = findings_hints,
};
