/* view_findings.c - the findings pane: the selection's findings, or all.
 *
 * Findings come from the rule engine's set (analysis.h), sorted highest
 * severity first.  Each row: severity, status (fail, unknown, waived),
 * rule id, the resource (when all are listed) and the title; a check
 * mark when acknowledged.  Below the list, the finding under the cursor:
 * message, remediation, rule, attribute and references, and what it
 * needs (acknowledged with a reason, waived with one, or still open).
 * Enter selects its resource and, when the finding names an attribute,
 * that attribute; A acknowledges it.
 */
#include <string.h>

#include "app_int.h"
#include "xalloc.h"

#define DETAIL_ROWS 5     /* a rule, then message, fix, rule line, status */
#define SHORT_ROWS 3      /* a rule, then message and status (80x24) */

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
	if (app->fmode == UI_FINDINGS_SELECTION && sel != (size_t)-1) {
		/* the set indexes findings by change: no walk over all of them */
		const struct finding *const *mine = NULL;
		size_t n = app->findings ? finding_set_for_change(app->findings, sel, &mine) : 0;

		XGROW(app->frows, &app->cfrows, n + 1);
		for (i = 0; i < n; i++)
			app->frows[app->nfrows++] = mine[i];
	} else {
		for (i = 0; i < app->nfindings; i++) {
			const struct finding *f = ui_app_finding(app, i);
			bool take;

			if (app->fmode == UI_FINDINGS_ALL) {
				take = true;
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
			app->frows[app->nfrows++] = f;
		}
	}
	if (app->list[UI_PANE_FINDINGS].cursor >= app->nfrows)
		app->list[UI_PANE_FINDINGS].cursor = 0;
}

const struct finding *
ui_findings_selected(const struct ui_app *app)
{
	const struct ui_list *l = &app->list[UI_PANE_FINDINGS];

	if (!app->findings || l->cursor >= app->nfrows)
		return NULL;
	return app->frows[l->cursor];
}

static const char *
status_word(const struct finding *f)
{
	switch (f->status) {
	case FINDING_UNKNOWN:
		return "unknown";
	case FINDING_WAIVED:
		return "waived";
	case FINDING_FAIL:
		break;
	}
	return "fail";
}

/* "label text" on one row: the label ours, the text from the rules. */
static int
labelled(struct ui_canvas *cv, const struct ui_rect *r, int y, int x, const char *label,
	 enum theme_role role, const char *text, int max)
{
	struct buf t = BUF_INIT;
	int w = ui_draw_str(cv, r, y, x, THEME_ROLE_COMMENT, label);

	ui_text_escape_str(cv, &t, text);
	xbuf_check(&t);
	w += ui_draw_fitted(cv, r, y, x + w, max - w, role, t.data, t.len);
	buf_release(&t);
	return w;
}

/* Message, remediation, rule, attribute and references, and what the
 * finding needs; with two rows only, the message and what it needs. */
static void
draw_detail_lines(struct ui_app *app, const struct ui_rect *r, int y, const struct finding *f)
{
	struct ui_canvas *cv = app->cv;
	const char *ack = ui_marks_ack_reason(app, f);
	bool short_form = r->h - y < DETAIL_ROWS - 1;
	int x = 1;

	labelled(cv, r, y++, 1, "", THEME_ROLE_NORMAL, f->message, r->w - 2);
	if (y < r->h && !short_form)
		labelled(cv, r, y++, 1, "fix: ", THEME_ROLE_NORMAL,
			 f->remediation && *f->remediation ? f->remediation : "-", r->w - 2);
	if (y < r->h && !short_form) {
		x += labelled(cv, r, y, x, "rule ", THEME_ROLE_NORMAL, f->rule_id, r->w / 3);
		if (f->path && *f->path)
			x += labelled(cv, r, y, x, "  attribute ", THEME_ROLE_NORMAL, f->path,
				      (r->w - x) / 2);
		if (f->references && *f->references)
			labelled(cv, r, y, x, "  refs ", THEME_ROLE_NORMAL, f->references,
				 r->w - x - 1);
		y++;
	}
	if (y >= r->h)
		return;
	if (f->status == FINDING_WAIVED) {
		labelled(cv, r, y, 1, "waived: ", THEME_ROLE_REVIEWED,
			 f->waiver_reason ? f->waiver_reason : "", r->w - 2);
	} else if (ack) {
		labelled(cv, r, y, 1, "acknowledged: ", THEME_ROLE_REVIEWED, ack, r->w - 2);
	} else if ((int)f->severity >= app->threshold) {
		struct buf t = BUF_INIT;

		buf_addf(&t, "open: an approval needs it acknowledged (at or above %s); A gives "
			     "the reason",
			 severity_key((enum severity)app->threshold));
		xbuf_check(&t);
		ui_draw_fitted(cv, r, y, 1, r->w - 2, THEME_ROLE_ERROR, t.data, t.len);
		buf_release(&t);
	} else {
		struct buf t = BUF_INIT;

		buf_addf(&t, "below %s: an approval does not need it acknowledged (A still can)",
			 severity_key((enum severity)app->threshold));
		xbuf_check(&t);
		ui_draw_fitted(cv, r, y, 1, r->w - 2, THEME_ROLE_COMMENT, t.data, t.len);
		buf_release(&t);
	}
}

/* Escaped text over the pane's rows, broken at spaces where it can be. */
static void
draw_wrapped(struct ui_canvas *cv, const struct ui_rect *r, enum theme_role role, const char *s,
	     size_t len)
{
	int y, w = r->w - 2 > 1 ? r->w - 2 : 1;

	for (y = 0; y < r->h && len; y++) {
		size_t n = 0, cut = 0;

		/* the longest prefix that fits, then back to its last space */
		while (n < len && ui_text_width(s, n + 1) <= w)
			n++;
		while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		if (n < len)
			for (cut = n; cut > 0 && s[cut] != ' '; cut--)
				;
		if (n < len && cut > 0)
			n = cut;
		if (y == r->h - 1 && n < len)
			ui_draw_fitted(cv, r, y, 1, w, role, s, len);
		else
			ui_draw_text(cv, r, y, 1, role, s, n ? n : len);
		s += n ? n : len;
		len -= n ? n : len;
		while (len && *s == ' ') {
			s++;
			len--;
		}
	}
}

static void
draw_state(struct ui_app *app, const struct ui_rect *r)
{
	struct ui_canvas *cv = app->cv;
	struct buf t = BUF_INIT;

	switch (app->an.checks) {
	case UI_WORK_RUNNING:
		buf_addf(&t, "the security checks are running (%d%%); findings appear here when "
			     "they are done",
			 ui_analysis_checks_percent(&app->an));
		break;
	case UI_WORK_FAILED:
		buf_addstr(&t, "the checks failed: ");
		ui_app_error_text(app, &app->an.checks_err, &t);
		break;
	case UI_WORK_OFF:
		buf_addstr(&t, "no findings: the security checks have not run on this plan");
		break;
	case UI_WORK_DONE:
		buf_addstr(&t, app->fmode == UI_FINDINGS_ALL
				       ? "no findings in this plan"
				       : "no findings on the selection (F shows all)");
		break;
	}
	xbuf_check(&t);
	draw_wrapped(cv, r, app->an.checks == UI_WORK_FAILED ? THEME_ROLE_ERROR : THEME_ROLE_COMMENT,
		     t.data, t.len);
	buf_release(&t);
}

static void
findings_draw(struct ui_app *app, const struct ui_rect *r, bool focused)
{
	struct ui_canvas *cv = app->cv;
	struct ui_list *l = &app->list[UI_PANE_FINDINGS];
	int list_h = r->h >= DETAIL_ROWS + 4   ? r->h - DETAIL_ROWS
		     : r->h >= SHORT_ROWS + 3 ? r->h - SHORT_ROWS
					      : r->h,
	    y;

	if (!app->nfrows) {
		draw_state(app, r);
		return;
	}
	ui_list_scroll(l, app->nfrows, list_h);
	for (y = 0; y < list_h && l->top + (size_t)y < app->nfrows; y++) {
		const struct finding *f = app->frows[l->top + (size_t)y];
		int x = 1, sev = (int)f->severity;
		char name[16];
		struct buf t = BUF_INIT;

		if (f->status != FINDING_WAIVED && ui_marks_ack_reason(app, f))
			ui_draw_str(cv, r, y, 0, THEME_ROLE_REVIEWED, cv->g->check);
		snprintf(name, sizeof(name), "%-8s", ui_severity_name(sev));
		x += ui_draw_str(cv, r, y, x, ui_severity_role(sev), name) + 1;
		snprintf(name, sizeof(name), "%-7s", status_word(f));
		x += ui_draw_str(cv, r, y, x,
				 f->status == FINDING_WAIVED	? THEME_ROLE_REVIEWED
				 : f->status == FINDING_UNKNOWN ? THEME_ROLE_UNKNOWN
								: THEME_ROLE_NORMAL,
				 name) +
		     1;
		ui_text_escape_str(cv, &t, f->rule_id);
		xbuf_check(&t);
		x += ui_draw_fitted(cv, r, y, x, 12, THEME_ROLE_COMMENT, t.data, t.len);
		x = x < 33 ? 33 : x + 1;
		if (app->fmode == UI_FINDINGS_ALL) {
			buf_reset(&t);
			ui_text_escape_str(cv, &t, *f->address ? f->address : "(the plan)");
			xbuf_check(&t);
			x += ui_draw_fitted(cv, r, y, x, (r->w - x) / 2, THEME_ROLE_TITLE, t.data,
					    t.len);
			x += 1;
		}
		buf_reset(&t);
		ui_text_escape_str(cv, &t, f->title);
		xbuf_check(&t);
		ui_draw_fitted(cv, r, y, x, r->w - x - 1, THEME_ROLE_NORMAL, t.data, t.len);
		buf_release(&t);
		if (focused && l->top + (size_t)y == l->cursor)
			ui_draw_recolor(cv, r, y, 0, r->w, THEME_ROLE_CURSOR);
	}
	if (list_h < r->h && l->cursor < app->nfrows) {
		struct ui_rect rule = { r->y + list_h, r->x, 1, r->w };
		int x;

		for (y = list_h; y < r->h; y++)
			ui_draw_fill_row(cv, r, y, 0, THEME_ROLE_NORMAL);
		for (x = 0; x < r->w; x++)
			ui_draw_str(cv, &rule, 0, x, THEME_ROLE_BORDER, cv->g->hbar);
		draw_detail_lines(app, r, list_h + 1, app->frows[l->cursor]);
	}
}

static void
findings_title(struct ui_app *app, struct buf *out)
{
	if (app->fmode == UI_FINDINGS_ALL)
		buf_addf(out, "Findings: all %zu, %zu open at or above %s", app->nfindings,
			 app->open_findings, severity_key((enum severity)app->threshold));
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
	const struct finding *f = ui_findings_selected(app);

	if (!f)
		return;
	if (f->change_index == FINDING_NO_CHANGE) {
		ui_app_message(app, THEME_ROLE_MESSAGE,
			       "this finding is about the whole plan, not one resource");
		return;
	}
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
	KEYMAP_REQ_UNFOLD, KEYMAP_REQ_ACK,  KEYMAP_REQ_FINDINGS, KEYMAP_REQ_BACK,
	KEYMAP_REQ_NEXT_PANE, KEYMAP_REQ_HELP, KEYMAP_REQ_NONE,
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
