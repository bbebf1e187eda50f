/* app.c - state, input dispatch, prompts, commands and search. */
#include "app_int.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "draft.h"
#include "graph.h"
#include "review.h"
#include "str.h"
#include "term.h"
#include "xalloc.h"

static const char *const severity_names[] = {
#define X(name, key, letter) key,
	SEVERITIES(X)
#undef X
};

const char *
ui_severity_name(int s)
{
	return s >= 0 && s < SEVERITY_COUNT ? severity_names[s] : "?";
}

enum theme_role
ui_severity_role(int s)
{
	switch (s) {
	case SEVERITY_CRITICAL:
		return THEME_ROLE_SEV_CRITICAL;
	case SEVERITY_HIGH:
		return THEME_ROLE_SEV_HIGH;
	case SEVERITY_MEDIUM:
		return THEME_ROLE_SEV_MEDIUM;
	case SEVERITY_LOW:
		return THEME_ROLE_SEV_LOW;
	default:
		return THEME_ROLE_SEV_INFO;
	}
}


const struct ui_view_ops *
ui_app_view(enum ui_pane pane)
{
	switch (pane) {
	case UI_PANE_TREE:
		return &ui_view_tree;
	case UI_PANE_DETAIL:
		return &ui_view_detail;
	case UI_PANE_FINDINGS:
		return &ui_view_findings;
	case UI_PANE_BLAST:
	case UI_PANE_COUNT:
		break;
	}
	return &ui_view_blast;
}

/* ---- lists ---- */

void
ui_list_set(struct ui_list *l, size_t i, size_t n)
{
	l->cursor = n ? (i < n ? i : n - 1) : 0;
}

void
ui_list_move(struct ui_list *l, long delta, size_t n)
{
	long c = (long)l->cursor + delta;

	if (c < 0)
		c = 0;
	ui_list_set(l, (size_t)c, n);
}

void
ui_list_scroll(struct ui_list *l, size_t n, int h)
{
	if (h < 1)
		h = 1;
	if (l->cursor >= n)
		l->cursor = n ? n - 1 : 0;
	if (l->cursor < l->top)
		l->top = l->cursor;
	if (l->cursor >= l->top + (size_t)h)
		l->top = l->cursor - (size_t)h + 1;
	/* no empty space below the last row when it can be avoided */
	if (n > (size_t)h && l->top > n - (size_t)h)
		l->top = n - (size_t)h;
	if (n <= (size_t)h)
		l->top = 0;
}

/* ---- lifecycle ---- */

/* The loader's warnings (skipped files, text around the JSON, a saved
 * plan without old state...), escaped once: the help overlay lists them,
 * the status line says how many at the start, and the confirmation before
 * signing repeats the count, so that nothing left out of the review goes
 * unseen behind the alternate screen. */
static void
collect_warnings(struct ui_app *app)
{
	size_t i;

	for (i = 0; i < plan_diag_count(app->plan); i++) {
		const struct plan_diag *d = plan_diag_at(app->plan, i);
		struct buf b = BUF_INIT;

		if (strcmp(d->origin, "loader") != 0)
			continue;
		if (d->line)
			buf_addf(&b, "line %lu: ", d->line);
		ui_text_escape_str(app->cv, &b, d->message);
		xbuf_check(&b);
		app->warnings = xrealloc(app->warnings, (app->nwarnings + 1) * sizeof(*app->warnings));
		app->warnings[app->nwarnings++] = buf_detach(&b, NULL);
	}
}

struct ui_app *
ui_app_new(const struct plan *plan, struct ui_canvas *cv, const struct keymap *km,
	   const struct ui_app_opts *opts)
{
	struct ui_app *app = xcalloc(1, sizeof(*app));

	app->plan = plan;
	app->cv = cv;
	app->km = km;
	app->opts = *opts;
	app->threshold = decision_threshold(opts->policy);
	plan_count(plan, &app->counts);
	ui_tree_init(&app->tree, plan);
	ui_detail_init(&app->detail);
	ui_decide_init(app);
	app->detail_dirty = true;
	app->detail_for = (size_t)-1;
	app->blast_root = (size_t)-1;
	app->frows_for = (size_t)-2;
	app->lstate.zoom = -1;
	app->lstate.lower = UI_PANE_FINDINGS;
	app->focus = UI_PANE_TREE;
	buf_init(&app->input);
	buf_init(&app->msg);
	if (!app->tree.nrows)
		ui_app_message(app, THEME_ROLE_MESSAGE, "no changes to review in this plan");
	ui_marks_init(app);
	collect_warnings(app);
	if (app->nwarnings) {
		/* before whatever the start said (a draft resumed) */
		char *then = app->msg.len ? xstrdup(app->msg.data) : NULL;

		ui_app_message(app, THEME_ROLE_ERROR, "%zu warning%s while loading (? lists %s): %s%s%s",
			       app->nwarnings, app->nwarnings == 1 ? "" : "s",
			       app->nwarnings == 1 ? "it" : "them", app->warnings[0],
			       then ? "; " : "", then ? then : "");
		mem_free(then);
	}
	/* the tree is ready: the slow analyses go to the background */
	ui_analysis_start(&app->an, plan, opts->checks, opts->graph);
	return app;
}

void
ui_app_free(struct ui_app **pp)
{
	struct ui_app *app = *pp;
	size_t i;

	if (!app)
		return;
	ui_analysis_release(&app->an);
	ui_tree_release(&app->tree);
	ui_detail_release(&app->detail);
	ui_decide_release(app);
	ui_marks_release(app);
	search_free(&app->search);
	graph_blast_free(&app->blast);
	mem_free(app->matches);
	mem_free(app->brows);
	mem_free(app->frows);
	buf_release(&app->input);
	buf_release(&app->msg);
	mem_free(app->reveal_path);
	for (i = 0; i < app->nreveals; i++)
		mem_free(app->reveals[i].path);
	mem_free(app->reveals);
	for (i = 0; i < app->nwarnings; i++)
		mem_free(app->warnings[i]);
	mem_free(app->warnings);
	mem_free(app);
	*pp = NULL;
}

const struct finding *
ui_app_finding(const struct ui_app *app, size_t i)
{
	return finding_set_at(app->findings, i);
}

void
ui_app_error_text(const struct ui_app *app, const struct error *err, struct buf *out)
{
	struct buf raw = BUF_INIT;

	if (err->path[0]) {
		buf_addstr(&raw, err->path);
		if (err->line)
			buf_addf(&raw, ":%lu:%lu", err->line, err->col ? err->col : 1);
		buf_addstr(&raw, ": ");
	}
	buf_addstr(&raw, err->msg);
	xbuf_check(&raw);
	ui_text_escape(app->cv, out, raw.data, raw.len);
	xbuf_check(out);
	buf_release(&raw);
}

void
ui_app_error_message(struct ui_app *app, const char *what, const struct error *err)
{
	struct buf t = BUF_INIT;

	ui_app_error_text(app, err, &t);
	ui_app_message(app, THEME_ROLE_ERROR, "%s%s", what, t.data);
	buf_release(&t);
}

/* The checks are done: badges, counts, the threshold's open findings. */
static void
take_findings(struct ui_app *app)
{
	size_t i, fails = 0, unknown = 0;

	if (app->an.checks == UI_WORK_FAILED) {
		ui_app_error_message(app, "the checks failed: ", &app->an.checks_err);
		return;
	}
	app->findings = app->an.findings;
	app->nfindings = finding_set_count(app->findings);
	memset(app->sev_count, 0, sizeof(app->sev_count));
	for (i = 0; i < app->nfindings; i++) {
		const struct finding *f = ui_app_finding(app, i);

		if ((unsigned)f->severity < SEVERITY_COUNT)
			app->sev_count[f->severity]++;
		if (f->status == FINDING_FAIL)
			fails++;
		else if (f->status == FINDING_UNKNOWN)
			unknown++;
	}
	for (i = 0; i < app->tree.nchanges; i++)
		app->tree.severity[i] = (int8_t)finding_set_max_severity(app->findings, i);
	ui_tree_rebuild(&app->tree);
	app->matches_stale = true;
	app->frows_for = (size_t)-2;
	app->detail_dirty = true;
	ui_marks_count(app);
	if (app->prompt == UI_PROMPT_NONE && !app->msg.len)
		ui_app_message(app, THEME_ROLE_MESSAGE,
			       "checks done: %zu failing, %zu unknown until apply; F lists them",
			       fails, unknown);
}

bool
ui_app_idle(struct ui_app *app)
{
	unsigned what = ui_analysis_poll(&app->an);

	if (what & UI_ANALYSIS_CHECKS)
		take_findings(app);
	if (what & UI_ANALYSIS_GRAPH) {
		app->detail_dirty = true;
		ui_blast_reset(app);
		if (app->an.graph == UI_WORK_FAILED)
			ui_app_error_message(app, "no dependency graph: ", &app->an.graph_err);
	}
	return !ui_analysis_busy(&app->an);
}

void
ui_app_wait(struct ui_app *app, int timeout_ms)
{
	ui_analysis_wait(&app->an, timeout_ms);
}

bool
ui_app_stop(struct ui_app *app, int timeout_ms)
{
	return ui_analysis_stop(&app->an, timeout_ms);
}

int
ui_app_persist(struct ui_app *app, struct error *err)
{
	return ui_marks_persist(app, err);
}

bool
ui_app_unsaved(const struct ui_app *app)
{
	bool work = draft_reviewed_count(app->draft) || draft_ack_count(app->draft) ||
		    draft_revealed_count(app->draft) || *draft_comment(app->draft);

	/* just signed: the review bundle holds it */
	if (app->draft_signed)
		return false;
	return work && (!app->opts.drafts || !app->draft_saved || app->draft_dirty);
}

void
ui_app_timings(const struct ui_app *app, double *checks_ms, double *graph_ms)
{
	*checks_ms = app->an.checks == UI_WORK_DONE ? app->an.checks_ms : -1;
	*graph_ms = app->an.graph == UI_WORK_DONE ? app->an.graph_ms : -1;
}

size_t
ui_app_revealed_count(const struct ui_app *app)
{
	return app->nreveals;
}

void
ui_app_revealed_at(const struct ui_app *app, size_t i, const char **address, const char **path)
{
	*address = plan_change_key(plan_change_at(app->plan, app->reveals[i].change));
	*path = app->reveals[i].path;
}

size_t
ui_app_reviewed_count(const struct ui_app *app)
{
	return app->tree.reviewed_count;
}

/* ---- helpers for the views ---- */

void
ui_app_message(struct ui_app *app, enum theme_role role, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&app->msg);
	va_start(ap, fmt);
	buf_vaddf(&app->msg, fmt, ap);
	va_end(ap);
	xbuf_check(&app->msg);
	app->msg_role = role;
}

size_t
ui_app_selected_change(const struct ui_app *app)
{
	const struct ui_tree *t = &app->tree;
	size_t cur = app->list[UI_PANE_TREE].cursor;

	if (cur >= t->nrows || t->rows[cur].kind != UI_ROW_CHANGE)
		return (size_t)-1;
	return t->rows[cur].index;
}

size_t
ui_app_selected_group(const struct ui_app *app)
{
	const struct ui_tree *t = &app->tree;
	size_t cur = app->list[UI_PANE_TREE].cursor;

	if (cur >= t->nrows || t->rows[cur].kind != UI_ROW_GROUP)
		return (size_t)-1;
	return t->rows[cur].index;
}

size_t
ui_app_selected_output(const struct ui_app *app)
{
	const struct ui_tree *t = &app->tree;
	size_t cur = app->list[UI_PANE_TREE].cursor;

	if (cur >= t->nrows || t->rows[cur].kind != UI_ROW_OUTPUT)
		return (size_t)-1;
	return t->rows[cur].index;
}

bool
ui_app_select_change(struct ui_app *app, size_t change)
{
	struct ui_tree *t = &app->tree;

	if (change >= t->nchanges || t->group_of[change] < 0)
		return false;
	if (t->row_of[change] < 0) {
		ui_tree_unfold_to(t, change);
		ui_tree_rebuild_rows(t);
	}
	if (t->row_of[change] < 0)
		return false;
	ui_list_set(&app->list[UI_PANE_TREE], (size_t)t->row_of[change], t->nrows);
	return true;
}

bool
ui_app_select_output(struct ui_app *app, size_t output)
{
	struct ui_tree *t = &app->tree;
	size_t i;

	if (t->outputs_group < 0 || !ui_tree_outputs_shown(t))
		return false;
	if (t->groups[t->outputs_group].folded) {
		ui_tree_set_folded(t, (size_t)t->outputs_group, false);
		ui_tree_rebuild_rows(t);
	}
	for (i = t->nrows; i-- > 0;)
		if (t->rows[i].kind == UI_ROW_OUTPUT && t->rows[i].index == output) {
			ui_list_set(&app->list[UI_PANE_TREE], i, t->nrows);
			return true;
		}
	return false;
}

bool
ui_app_is_revealed(const struct ui_app *app, size_t change, const char *path)
{
	size_t i;

	for (i = 0; i < app->nreveals; i++)
		if (app->reveals[i].change == change && strcmp(app->reveals[i].path, path) == 0)
			return true;
	return false;
}

static bool
is_revealed_cb(void *ctx, size_t change, const char *path)
{
	return ui_app_is_revealed(ctx, change, path);
}

/* attribute paths tried, the cursor's first, when the lines change */
#define UI_DETAIL_KEEP 32

void
ui_app_detail_refresh(struct ui_app *app)
{
	size_t sel = ui_app_selected_change(app), out = ui_app_selected_output(app);
	size_t key = out != (size_t)-1 ? app->tree.nchanges + out : sel;
	int width = app->layout.pane[UI_PANE_DETAIL].w;
	struct ui_detail_ctx x;
	const struct finding *const *mine = NULL;
	size_t nmine = 0;
	char *keep[UI_DETAIL_KEEP];
	size_t nkeep = 0, i;

	if (!app->detail_dirty && key == app->detail_for && width == app->detail_width)
		return;
	if (key != app->detail_for) {
		app->list[UI_PANE_DETAIL].cursor = 0;
		app->list[UI_PANE_DETAIL].top = 0;
	} else {
		/* the same selection, new lines (u, a fold, a reveal, a
		 * resize): the cursor stays on its attribute, or else on the
		 * nearest one above it that is still there */
		for (i = app->list[UI_PANE_DETAIL].cursor + 1;
		     i-- > app->detail.first_attr && i < app->detail.nlines && nkeep < UI_DETAIL_KEEP;)
			if (app->detail.lines[i].flags & UI_DL_ATTR)
				keep[nkeep++] = xstrdup(ui_detail_path(&app->detail, i, NULL));
	}
	if (app->findings && sel != (size_t)-1)
		nmine = finding_set_for_change(app->findings, sel, &mine);
	memset(&x, 0, sizeof(x));
	x.plan = app->plan;
	x.tree = &app->tree;
	x.graph = app->an.graph == UI_WORK_DONE ? app->an.g : NULL;
	x.graph_pending = app->an.graph == UI_WORK_RUNNING;
	x.cv = app->cv;
	x.show_unchanged = app->opts.show_unchanged;
	x.width = width;
	x.is_revealed = is_revealed_cb;
	x.reveal_ctx = app;
	x.findings = mine;
	x.nfindings = nmine;
	if (out != (size_t)-1)
		ui_detail_build_output(&app->detail, &x, out);
	else
		ui_detail_build(&app->detail, &x, sel);
	app->detail_for = key;
	app->detail_width = width;
	app->detail_dirty = false;
	for (i = 0; i < nkeep; i++) {
		long at = ui_detail_find_path(&app->detail, keep[i]);

		if (at >= 0) {
			app->list[UI_PANE_DETAIL].cursor = (size_t)at;
			break;
		}
	}
	for (i = 0; i < nkeep; i++)
		mem_free(keep[i]);
	if (app->list[UI_PANE_DETAIL].cursor >= app->detail.nlines)
		ui_list_set(&app->list[UI_PANE_DETAIL], app->detail.nlines, app->detail.nlines);
}

void
ui_app_focus(struct ui_app *app, enum ui_pane pane)
{
	app->focus = pane;
}

void
ui_app_toggle_reviewed(struct ui_app *app, size_t change)
{
	struct ui_tree *t = &app->tree;
	bool on = !t->reviewed[change];

	ui_marks_set_reviewed(app, change, on);
	ui_marks_changed(app);
	app->matches_stale = true;
	ui_app_message(app, THEME_ROLE_MESSAGE, "%s (%zu/%zu reviewed)",
		       on ? "marked reviewed" : "mark removed", t->reviewed_count, t->reviewable);
}

void
ui_app_ask_reveal(struct ui_app *app, size_t line)
{
	const struct plan_change *c = plan_change_at(app->plan, app->detail.change);
	const char *path;
	struct buf b = BUF_INIT;
	size_t len;

	if (!c || line >= app->detail.nlines ||
	    !(app->detail.lines[line].flags & UI_DL_SENSITIVE)) {
		ui_app_message(app, THEME_ROLE_ERROR, "no sensitive value on this line");
		return;
	}
	path = ui_detail_path(&app->detail, line, &len);
	if (app->detail.lines[line].flags & UI_DL_REVEALED) {
		ui_app_message(app, THEME_ROLE_MESSAGE, "already revealed");
		return;
	}
	mem_free(app->reveal_path);
	app->reveal_path = xstrdup(path);
	app->reveal_change = c->index;
	app->prompt = UI_PROMPT_CONFIRM;
	app->confirm = UI_CONFIRM_REVEAL;
	ui_text_escape_str(app->cv, &b, path);
	buf_addstr(&b, " of ");
	ui_text_escape_str(app->cv, &b, plan_change_key(c));
	xbuf_check(&b);
	ui_app_message(app, THEME_ROLE_PROMPT,
		       "[y/n] reveal the sensitive %s? (the review records that you did)", b.data);
	buf_release(&b);
}

/* ---- search ---- */

static void
search_collect(struct ui_app *app)
{
	struct ui_tree *t = &app->tree;
	size_t i;

	app->nmatches = 0;
	app->matches_stale = false;
	/* tree order, so n and N walk down and up the tree */
	for (i = 0; i < t->norder; i++) {
		uint32_t c = t->order[i];

		if (!t->pass[c])
			continue;
		if (!search_change(app->search, plan_change_at(app->plan, c), NULL))
			continue;
		XGROW(app->matches, &app->cmatches, app->nmatches + 1);
		app->matches[app->nmatches++] = c;
	}
	/* the outputs close the tree (a sensitive value never matches) */
	for (i = 0; ui_tree_outputs_shown(t) && i < plan_output_count(app->plan); i++) {
		const struct plan_output *o = plan_output_at(app->plan, i);

		if (o->action == PLAN_ACTION_NOOP || !search_output(app->search, o, NULL))
			continue;
		XGROW(app->matches, &app->cmatches, app->nmatches + 1);
		app->matches[app->nmatches++] = (uint32_t)(t->nchanges + i);
	}
}

/* Where a match sits in tree order. */
static size_t
match_position(const struct ui_app *app, uint32_t m)
{
	const struct ui_tree *t = &app->tree;

	return m < t->nchanges ? t->order_of[m] : ui_tree_output_position(t, m - t->nchanges);
}

static void
search_jump(struct ui_app *app, bool forward, bool include_current)
{
	struct ui_tree *t = &app->tree;
	size_t i, pick = (size_t)-1, k = 0, here;
	bool exact;
	struct search_hit hit;
	const char *where = "";
	struct buf p = BUF_INIT;

	if (!app->search) {
		ui_app_message(app, THEME_ROLE_ERROR, "no search yet: press / to search");
		return;
	}
	if (app->matches_stale)
		search_collect(app);
	if (!app->nmatches) {
		ui_app_message(app, THEME_ROLE_ERROR, "no match for /%s", search_pattern(app->search));
		return;
	}
	/* relative to where the cursor sits, on any kind of row */
	here = ui_tree_row_position(t, app->list[UI_PANE_TREE].cursor, &exact);
	if (forward) {
		for (i = 0; i < app->nmatches; i++) {
			size_t o = match_position(app, app->matches[i]);

			if (o > here || (o == here && (include_current || !exact))) {
				pick = i;
				break;
			}
		}
		if (pick == (size_t)-1)
			pick = 0;   /* wrap */
	} else {
		for (i = app->nmatches; i-- > 0;) {
			size_t o = match_position(app, app->matches[i]);

			if (o < here) {
				pick = i;
				break;
			}
		}
		if (pick == (size_t)-1)
			pick = app->nmatches - 1;
	}
	k = pick;
	if (app->matches[k] < t->nchanges) {
		ui_app_select_change(app, app->matches[k]);
		search_change(app->search, plan_change_at(app->plan, app->matches[k]), &hit);
	} else {
		ui_app_select_output(app, app->matches[k] - t->nchanges);
		search_output(app->search, plan_output_at(app->plan, app->matches[k] - t->nchanges),
			      &hit);
	}
	switch (hit.where) {
	case SEARCH_IN_ADDRESS:
		where = "in the address";
		break;
	case SEARCH_IN_NAME:
		where = "in the output's name";
		break;
	case SEARCH_IN_TYPE:
		where = "in the type";
		break;
	case SEARCH_IN_KEY:
	case SEARCH_IN_VALUE:
		where = hit.where == SEARCH_IN_KEY ? "in attribute "
			: hit.path[0]		   ? "in the value of "
						   : "in the value";
		ui_text_escape_str(app->cv, &p, hit.path);
		break;
	case SEARCH_IN_NONE:
		break;
	}
	xbuf_check(&p);
	{
		struct buf pat = BUF_INIT;

		ui_text_escape_str(app->cv, &pat, search_pattern(app->search));
		xbuf_check(&pat);
		ui_app_message(app, THEME_ROLE_MESSAGE, "/%s: match %zu of %zu, %s%s", pat.data,
			       k + 1, app->nmatches, where, p.data);
		buf_release(&pat);
	}
	buf_release(&p);
	app->focus = UI_PANE_TREE;
}

static void
search_start(struct ui_app *app, const char *pattern)
{
	struct search *s = NULL;
	struct error err = ERROR_INIT;

	if (!*pattern) {
		if (app->search)
			search_jump(app, true, false);
		return;
	}
	if (search_new(&s, pattern, &err) < 0) {
		struct buf e = BUF_INIT;

		ui_text_escape_str(app->cv, &e, err.msg);
		xbuf_check(&e);
		ui_app_message(app, THEME_ROLE_ERROR, "%s", e.data);
		buf_release(&e);
		return;
	}
	search_free(&app->search);
	app->search = s;
	search_collect(app);
	search_jump(app, true, false);
}

/* ---- commands ---- */

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = '\0';
	return s;
}

static void
after_filter(struct ui_app *app)
{
	struct buf d = BUF_INIT;
	size_t sel = ui_app_selected_change(app);

	ui_tree_rebuild(&app->tree);
	if (sel == (size_t)-1 || !ui_app_select_change(app, sel))
		ui_list_set(&app->list[UI_PANE_TREE], 0, app->tree.nrows);
	app->matches_stale = true;   /* the filter changed what can match */
	ui_tree_filter_describe(&app->tree, &d);
	xbuf_check(&d);
	if (d.len)
		ui_app_message(app, THEME_ROLE_MESSAGE, "filter: %s (%zu shown)", d.data,
			       app->tree.shown);
	else
		ui_app_message(app, THEME_ROLE_MESSAGE, "no filter (%zu shown)", app->tree.shown);
	buf_release(&d);
}

static int
parse_actions(const char *arg, unsigned *mask)
{
	char tmp[256];
	char *p, *tok, *save = NULL;

	*mask = 0;
	if (strlen(arg) >= sizeof(tmp))
		return -1;
	memcpy(tmp, arg, strlen(arg) + 1);
	for (p = tmp; (tok = strtok_r(p, ", ", &save)); p = NULL) {
		int a = plan_action_parse(tok);

		if (a < 0)
			return -1;
		*mask |= 1u << a;
	}
	return *mask ? 0 : -1;
}

static void quit_request(struct ui_app *app);

static void
run_command(struct ui_app *app, const char *line)
{
	char buf[1024];
	char *cmd, *arg;
	struct buf e = BUF_INIT;

	snprintf(buf, sizeof(buf), "%s", line);
	cmd = trim(buf);
	arg = cmd + strcspn(cmd, " ");
	if (*arg)
		*arg++ = '\0';
	arg = trim(arg);
	if (!*cmd)
		return;
	if (strcmp(cmd, "action") == 0 || strcmp(cmd, "actions") == 0) {
		unsigned mask;

		if (!*arg) {
			app->tree.filter.actions = 0;
		} else if (parse_actions(arg, &mask) < 0) {
			ui_text_escape_str(app->cv, &e, arg);
			xbuf_check(&e);
			ui_app_message(app, THEME_ROLE_ERROR,
				       "unknown action in '%s': use create, update, delete, replace, "
				       "read, import, move, forget, no-op",
				       e.data);
			buf_release(&e);
			return;
		} else {
			app->tree.filter.actions = mask;
		}
		after_filter(app);
	} else if (strcmp(cmd, "type") == 0 || strcmp(cmd, "types") == 0) {
		mem_free(app->tree.filter.types);
		app->tree.filter.types = *arg ? xstrdup(arg) : NULL;
		after_filter(app);
	} else if (strcmp(cmd, "module") == 0 || strcmp(cmd, "namespace") == 0 ||
		   strcmp(cmd, "component") == 0) {
		mem_free(app->tree.filter.module);
		app->tree.filter.module = *arg ? xstrdup(arg) : NULL;
		after_filter(app);
	} else if (strcmp(cmd, "findings") == 0) {
		int s = -1, i;

		for (i = 0; i < SEVERITY_COUNT; i++)
			if (str_eq_nocase(arg, severity_names[i]))
				s = i;
		if (*arg && s < 0) {
			ui_app_message(app, THEME_ROLE_ERROR,
				       "findings takes a severity: info, low, medium, high, critical");
			return;
		}
		if (app->an.checks == UI_WORK_RUNNING) {
			ui_app_message(app, THEME_ROLE_ERROR,
				       "the checks are still running (%d%%): no findings to filter by "
				       "yet",
				       ui_analysis_checks_percent(&app->an));
			return;
		}
		if (app->an.checks != UI_WORK_DONE) {
			ui_app_message(app, THEME_ROLE_ERROR,
				       app->an.checks == UI_WORK_FAILED
					       ? "the checks failed (F says why): no findings to filter by"
					       : "no checks have run on this plan, so there are no "
						 "findings to filter by");
			return;
		}
		app->tree.filter.min_severity = *arg ? s : SEVERITY_INFO;
		after_filter(app);
	} else if (strcmp(cmd, "unreviewed") == 0) {
		app->tree.filter.unreviewed_only = !app->tree.filter.unreviewed_only;
		after_filter(app);
	} else if (strcmp(cmd, "clear") == 0 || strcmp(cmd, "nofilter") == 0) {
		ui_tree_filter_clear(&app->tree);
		after_filter(app);
	} else if (strcmp(cmd, "help") == 0 || strcmp(cmd, "h") == 0) {
		app->overlay = UI_OVERLAY_HELP;
		app->help_top = 0;
	} else if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0) {
		quit_request(app);
	} else if (strcmp(cmd, "q!") == 0 || strcmp(cmd, "quit!") == 0) {
		app->quit = true;
	} else {
		ui_text_escape_str(app->cv, &e, cmd);
		xbuf_check(&e);
		ui_app_message(app, THEME_ROLE_ERROR,
			       "unknown command '%s': action, type, module, findings, unreviewed, "
			       "clear, help, quit",
			       e.data);
		buf_release(&e);
	}
}

/* ---- prompts ---- */

static void
quit_request(struct ui_app *app)
{
	size_t marks = app->tree.reviewed_count;

	if (ui_app_unsaved(app)) {
		app->prompt = UI_PROMPT_CONFIRM;
		app->confirm = UI_CONFIRM_QUIT;
		if (app->opts.drafts)
			ui_app_message(app, THEME_ROLE_PROMPT,
				       "[y/n] quit? the draft could not be saved: your marks and "
				       "acknowledgements would be lost");
		else
			ui_app_message(app, THEME_ROLE_PROMPT,
				       "[y/n] quit and lose %zu review mark%s? (they are not saved)",
				       marks, marks == 1 ? "" : "s");
		return;
	}
	app->quit = true;
}

static void
confirm_key(struct ui_app *app, int key)
{
	bool yes = key == 'y' || key == 'Y';

	app->prompt = UI_PROMPT_NONE;
	buf_reset(&app->msg);
	if (app->confirm == UI_CONFIRM_QUIT) {
		if (yes)
			app->quit = true;
		else
			ui_app_message(app, THEME_ROLE_MESSAGE, "not quitting");
		return;
	}
	if (!yes) {
		ui_app_message(app, THEME_ROLE_MESSAGE, "not revealed");
		return;
	}
	XGROW(app->reveals, &app->creveals, app->nreveals + 1);
	app->reveals[app->nreveals].change = app->reveal_change;
	app->reveals[app->nreveals].path = app->reveal_path;
	app->nreveals++;
	app->reveal_path = NULL;
	app->detail_dirty = true;
	ui_marks_revealed(app, app->reveal_change);
	ui_app_message(app, THEME_ROLE_MESSAGE,
		       "revealed; the review will record the address (%zu revealed so far)",
		       draft_revealed_count(app->draft));
}

static void
prompt_cancelled(struct ui_app *app, enum ui_prompt p)
{
	if (p == UI_PROMPT_ACK)
		ui_app_message(app, THEME_ROLE_MESSAGE, "not acknowledged");
	else if (p == UI_PROMPT_COMMENT) {
		ui_app_message(app, THEME_ROLE_MESSAGE, "not signed; the draft is kept");
		ui_decide_release(app);
	}
}

static void
prompt_key(struct ui_app *app, int key)
{
	if (app->prompt == UI_PROMPT_CONFIRM) {
		confirm_key(app, key);
		return;
	}
	switch (key) {
	case 'c' - 'a' + 1: /* <C-c> closes a prompt, as Esc does */
	case KEYMAP_KEY_ESC: {
		enum ui_prompt p = app->prompt;

		app->prompt = UI_PROMPT_NONE;
		buf_reset(&app->input);
		prompt_cancelled(app, p);
		return;
	}
	case KEYMAP_KEY_ENTER: {
		char *line = xstrdup(app->input.data);
		enum ui_prompt p = app->prompt;

		app->prompt = UI_PROMPT_NONE;
		buf_reset(&app->input);
		if (p == UI_PROMPT_SEARCH)
			search_start(app, line);
		else if (p == UI_PROMPT_ACK)
			ui_marks_ack(app, line);
		else if (p == UI_PROMPT_COMMENT)
			ui_decide_comment(app, line);
		else
			run_command(app, line);
		mem_free(line);
		return;
	}
	case KEYMAP_KEY_BACKSPACE:
		if (!app->input.len) {
			/* an empty search or command line closes; text prompts stay */
			if (app->prompt == UI_PROMPT_SEARCH || app->prompt == UI_PROMPT_COMMAND)
				app->prompt = UI_PROMPT_NONE;
			return;
		}
		/* drop one whole UTF-8 character */
		while (app->input.len &&
		       ((unsigned char)app->input.data[app->input.len - 1] & 0xC0) == 0x80)
			buf_truncate(&app->input, app->input.len - 1);
		buf_truncate(&app->input, app->input.len - 1);
		return;
	case 'u' - 'a' + 1: /* <C-u> */
		buf_reset(&app->input);
		return;
	}
	if (key >= 0x20 && key < KEYMAP_KEY_BASE && key != 0x7F &&
	    app->input.len < (app->prompt == UI_PROMPT_COMMENT ? 2000u : 512u)) {
		char u[4];
		int n = str_utf8_encode((uint32_t)key, u);

		buf_add(&app->input, u, (size_t)n);
		xbuf_check(&app->input);
	}
}

/* ---- requests ---- */

static void
cycle_focus(struct ui_app *app, int dir)
{
	int p = (int)app->focus, i;

	for (i = 0; i < UI_PANE_COUNT; i++) {
		p = (p + dir + UI_PANE_COUNT) % UI_PANE_COUNT;
		if (app->layout.visible[p]) {
			app->focus = (enum ui_pane)p;
			return;
		}
	}
}

static void
move_request(struct ui_app *app, enum keymap_request req)
{
	const struct ui_view_ops *v = ui_app_view(app->focus);
	struct ui_list *l = &app->list[app->focus];
	size_t n = v->rows(app);
	long h = app->height[app->focus] > 0 ? app->height[app->focus] : 1;

	switch (req) {
	case KEYMAP_REQ_MOVE_DOWN:
		ui_list_move(l, 1, n);
		break;
	case KEYMAP_REQ_MOVE_UP:
		ui_list_move(l, -1, n);
		break;
	case KEYMAP_REQ_MOVE_FIRST:
		ui_list_set(l, 0, n);
		break;
	case KEYMAP_REQ_MOVE_LAST:
		ui_list_set(l, n ? n - 1 : 0, n);
		break;
	case KEYMAP_REQ_HALF_PAGE_DOWN:
		ui_list_move(l, h / 2 > 0 ? h / 2 : 1, n);
		break;
	case KEYMAP_REQ_HALF_PAGE_UP:
		ui_list_move(l, -(h / 2 > 0 ? h / 2 : 1), n);
		break;
	case KEYMAP_REQ_PAGE_DOWN:
		ui_list_move(l, h, n);
		l->top = l->cursor;
		break;
	case KEYMAP_REQ_PAGE_UP:
		ui_list_move(l, -h, n);
		break;
	default:
		break;
	}
}

static bool
is_move(enum keymap_request req)
{
	return req == KEYMAP_REQ_MOVE_DOWN || req == KEYMAP_REQ_MOVE_UP ||
	       req == KEYMAP_REQ_MOVE_FIRST || req == KEYMAP_REQ_MOVE_LAST ||
	       req == KEYMAP_REQ_HALF_PAGE_DOWN || req == KEYMAP_REQ_HALF_PAGE_UP ||
	       req == KEYMAP_REQ_PAGE_DOWN || req == KEYMAP_REQ_PAGE_UP;
}

static void
open_lower(struct ui_app *app, enum ui_pane pane)
{
	app->lstate.lower = pane;
	app->lstate.lower_open = true;
	if (app->lstate.zoom >= 0)
		app->lstate.zoom = -1;
	app->focus = pane;
	app->list[pane].cursor = app->list[pane].top = 0;
}

static void
close_lower(struct ui_app *app)
{
	if (app->focus == app->lstate.lower)
		app->focus = UI_PANE_TREE;
	if (app->lstate.zoom == (int)app->lstate.lower)
		app->lstate.zoom = -1;
	app->lstate.lower_open = false;
}

/* A: on a finding, ask for the reason; elsewhere, show the selection's
 * findings (the first still open one under the cursor). */
static void
ack_request(struct ui_app *app)
{
	const struct finding *f = app->focus == UI_PANE_FINDINGS ? ui_findings_selected(app) : NULL;
	const struct finding *const *mine = NULL;
	size_t sel = ui_app_selected_change(app), n = 0, i, pick = 0;

	if (f) {
		ui_marks_ask_ack(app, f);
		return;
	}
	if (app->an.checks != UI_WORK_DONE) {
		ui_app_message(app, THEME_ROLE_ERROR,
			       app->an.checks == UI_WORK_RUNNING
				       ? "the checks are still running: no findings to acknowledge yet"
				       : "no checks have run: there is nothing to acknowledge");
		return;
	}
	if (sel != (size_t)-1)
		n = finding_set_for_change(app->findings, sel, &mine);
	if (!n) {
		ui_app_message(app, THEME_ROLE_ERROR,
			       "no finding here to acknowledge (F F lists them all)");
		return;
	}
	for (i = n; i-- > 0;)
		if ((int)mine[i]->severity >= app->threshold && mine[i]->status != FINDING_WAIVED &&
		    !ui_marks_ack_reason(app, mine[i]))
			pick = i;
	app->fmode = UI_FINDINGS_SELECTION;
	open_lower(app, UI_PANE_FINDINGS);
	app->frows_for = (size_t)-2;
	ui_findings_refresh(app);
	ui_list_set(&app->list[UI_PANE_FINDINGS], pick, app->nfrows);
	ui_app_message(app, THEME_ROLE_MESSAGE,
		       "%zu finding%s on this change: A acknowledges the one under the cursor", n,
		       n == 1 ? "" : "s");
}

static void
do_request(struct ui_app *app, enum keymap_request req)
{
	const struct ui_view_ops *v = ui_app_view(app->focus);

	switch (req) {
	case KEYMAP_REQ_HELP:
		app->overlay = UI_OVERLAY_HELP;
		app->help_top = 0;
		return;
	case KEYMAP_REQ_COMMAND:
		app->prompt = UI_PROMPT_COMMAND;
		buf_reset(&app->input);
		return;
	case KEYMAP_REQ_SEARCH:
		app->prompt = UI_PROMPT_SEARCH;
		buf_reset(&app->input);
		return;
	case KEYMAP_REQ_SEARCH_NEXT:
	case KEYMAP_REQ_SEARCH_PREV:
		search_jump(app, req == KEYMAP_REQ_SEARCH_NEXT, false);
		return;
	case KEYMAP_REQ_FILTER_MENU:
		ui_filter_menu_open(app);
		return;
	case KEYMAP_REQ_QUIT:
		quit_request(app);
		return;
	case KEYMAP_REQ_BACK:
		if (app->lstate.zoom >= 0) {
			app->lstate.zoom = -1;
		} else if (app->lstate.lower_open) {
			close_lower(app);
		} else if (app->focus != UI_PANE_TREE) {
			app->focus = UI_PANE_TREE;
		} else if (app->search) {
			search_free(&app->search);
			app->nmatches = 0;
			ui_app_message(app, THEME_ROLE_MESSAGE, "search cleared");
		}
		return;
	case KEYMAP_REQ_NEXT_PANE:
	case KEYMAP_REQ_PREV_PANE:
		if (app->lstate.zoom >= 0) {
			/* as in tmux: going to another pane gives the zoomed one
			 * its place back first */
			app->lstate.zoom = -1;
			ui_layout_compute(app->cv->rows, app->cv->cols, &app->lstate, &app->layout);
			cycle_focus(app, req == KEYMAP_REQ_NEXT_PANE ? 1 : -1);
			ui_app_message(app, THEME_ROLE_MESSAGE, "unzoomed; focus on the %s pane (z zooms it)",
				       ui_app_view(app->focus)->name);
			return;
		}
		cycle_focus(app, req == KEYMAP_REQ_NEXT_PANE ? 1 : -1);
		return;
	case KEYMAP_REQ_ZOOM:
		app->lstate.zoom = app->lstate.zoom >= 0 ? -1 : (int)app->focus;
		return;
	case KEYMAP_REQ_TOGGLE_UNCHANGED:
		app->opts.show_unchanged = !app->opts.show_unchanged;
		app->detail_dirty = true;
		ui_app_message(app, THEME_ROLE_MESSAGE, "%s unchanged attributes",
			       app->opts.show_unchanged ? "showing" : "hiding");
		return;
	case KEYMAP_REQ_BLAST:
		if (app->lstate.lower_open && app->lstate.lower == UI_PANE_BLAST)
			close_lower(app);
		else
			open_lower(app, UI_PANE_BLAST);
		return;
	case KEYMAP_REQ_FINDINGS:
		if (app->lstate.lower_open && app->lstate.lower == UI_PANE_FINDINGS) {
			if (app->fmode == UI_FINDINGS_SELECTION) {
				app->fmode = UI_FINDINGS_ALL;
				app->focus = UI_PANE_FINDINGS;
				app->list[UI_PANE_FINDINGS].cursor = 0;
			} else {
				app->fmode = UI_FINDINGS_SELECTION;
				close_lower(app);
			}
		} else {
			app->fmode = UI_FINDINGS_SELECTION;
			open_lower(app, UI_PANE_FINDINGS);
		}
		app->frows_for = (size_t)-2;
		return;
	case KEYMAP_REQ_REDRAW:
		ui_term_touch(app->cv->term);
		return;
	case KEYMAP_REQ_FOLD_ALL:
	case KEYMAP_REQ_UNFOLD_ALL: {
		size_t sel = ui_app_selected_change(app), grp = ui_app_selected_group(app), i;
		int32_t g = sel != (size_t)-1 ? app->tree.group_of[sel] : (int32_t)grp;

		ui_tree_fold_all(&app->tree, req == KEYMAP_REQ_FOLD_ALL);
		ui_tree_rebuild_rows(&app->tree);
		app->focus = UI_PANE_TREE;
		if (sel != (size_t)-1 && app->tree.row_of[sel] >= 0) {
			ui_list_set(&app->list[UI_PANE_TREE], (size_t)app->tree.row_of[sel],
				    app->tree.nrows);
			return;
		}
		/* folded away: the visible group that now holds the selection */
		if (req == KEYMAP_REQ_FOLD_ALL)
			while (g > 0 && app->tree.groups[g].parent > 0)
				g = app->tree.groups[g].parent;
		for (i = 0; g > 0 && i < app->tree.nrows; i++)
			if (app->tree.rows[i].kind == UI_ROW_GROUP &&
			    app->tree.rows[i].index == (uint32_t)g) {
				ui_list_set(&app->list[UI_PANE_TREE], i, app->tree.nrows);
				return;
			}
		ui_list_set(&app->list[UI_PANE_TREE], 0, app->tree.nrows);
		return;
	}
	case KEYMAP_REQ_APPROVE:
	case KEYMAP_REQ_REJECT:
		ui_decide_start(app, req == KEYMAP_REQ_APPROVE ? REVIEW_APPROVE : REVIEW_REJECT);
		return;
	case KEYMAP_REQ_ACK:
		ack_request(app);
		return;
	case KEYMAP_REQ_MARK_REVIEWED:
		if (app->focus != UI_PANE_TREE) {
			size_t sel = ui_app_selected_change(app);

			if (sel != (size_t)-1)
				ui_app_toggle_reviewed(app, sel);
			return;
		}
		break;
	default:
		break;
	}
	if (v->request && v->request(app, req))
		return;
	if (is_move(req)) {
		move_request(app, req);
		return;
	}
	if (req == KEYMAP_REQ_REVEAL) {
		ui_app_message(app, THEME_ROLE_ERROR,
			       "x reveals a sensitive value: select one in the detail pane");
		return;
	}
	if (req == KEYMAP_REQ_UNFOLD || req == KEYMAP_REQ_FOLD)
		return;
	ui_app_message(app, THEME_ROLE_ERROR, "%s does nothing in the %s pane",
		       keymap_request_name(req), v->name);
}

/* ---- mouse ---- */

static void
mouse(struct ui_app *app, const struct keymap_input *in)
{
	int y = in->row - 1, x = in->col - 1, p;

	if (!app->opts.mouse || app->overlay != UI_OVERLAY_NONE || app->prompt != UI_PROMPT_NONE)
		return;
	for (p = 0; p < UI_PANE_COUNT; p++) {
		const struct ui_rect *r = &app->layout.pane[p];
		const struct ui_view_ops *v = ui_app_view((enum ui_pane)p);
		struct ui_list *l = &app->list[p];
		size_t n, row;

		if (!app->layout.visible[p] || y < r->y || y >= r->y + r->h || x < r->x ||
		    x >= r->x + r->w)
			continue;
		app->focus = (enum ui_pane)p;
		n = v->rows(app);
		if (in->key == KEYMAP_KEY_WHEEL_UP || in->key == KEYMAP_KEY_WHEEL_DOWN) {
			ui_list_move(l, in->key == KEYMAP_KEY_WHEEL_UP ? -3 : 3, n);
			return;
		}
		if (y == r->y)
			return;   /* the title row */
		row = l->top + (size_t)(y - r->y - 1);
		if (row >= n)
			return;
		{
			bool again = row == l->cursor;

			l->cursor = row;
			if (v->click)
				v->click(app, row, again);
		}
		return;
	}
}

static bool
is_too_small(const struct ui_app *app)
{
	return app->cv->rows < UI_MIN_ROWS || app->cv->cols < UI_MIN_COLS;
}

/* Below the minimum size nothing of the review is on screen, so no key
 * acts on it: only quitting (and the answer to its question). */
static void
too_small_key(struct ui_app *app, int key)
{
	enum keymap_request req;

	app->npending = 0;
	if (app->prompt == UI_PROMPT_CONFIRM) {
		prompt_key(app, key);
		return;
	}
	if (keymap_lookup(app->km, &key, 1, &req) == KEYMAP_MATCH_FOUND && req == KEYMAP_REQ_QUIT) {
		app->prompt = UI_PROMPT_NONE;
		app->overlay = UI_OVERLAY_NONE;
		quit_request(app);
	}
}

enum ui_app_status
ui_app_handle(struct ui_app *app, const struct keymap_input *in)
{
	enum keymap_request req;
	enum keymap_match m;

	if (in->key == KEYMAP_KEY_RESIZE) {
		app->detail_dirty = true;
		return app->quit ? UI_APP_QUIT : UI_APP_RUNNING;
	}
	if (is_too_small(app)) {
		if (in->key != KEYMAP_KEY_CLICK && in->key != KEYMAP_KEY_WHEEL_UP &&
		    in->key != KEYMAP_KEY_WHEEL_DOWN)
			too_small_key(app, in->key);
		return app->quit ? UI_APP_QUIT : UI_APP_RUNNING;
	}
	if (app->prompt != UI_PROMPT_CONFIRM)
		buf_reset(&app->msg);
	if (in->key == KEYMAP_KEY_CLICK || in->key == KEYMAP_KEY_WHEEL_UP ||
	    in->key == KEYMAP_KEY_WHEEL_DOWN) {
		mouse(app, in);
		return UI_APP_RUNNING;
	}
	if (app->prompt != UI_PROMPT_NONE) {
		prompt_key(app, in->key);
		return app->quit ? UI_APP_QUIT : UI_APP_RUNNING;
	}
	if (app->npending < KEYMAP_SEQ_MAX)
		app->pending[app->npending++] = in->key;
	m = keymap_lookup(app->km, app->pending, app->npending, &req);
	if (m == KEYMAP_MATCH_PREFIX && app->npending < KEYMAP_SEQ_MAX)
		return UI_APP_RUNNING;
	if (app->overlay == UI_OVERLAY_FILTER) {
		app->npending = 0;
		ui_filter_menu_key(app, in->key, m == KEYMAP_MATCH_FOUND ? req : KEYMAP_REQ_NONE);
		return app->quit ? UI_APP_QUIT : UI_APP_RUNNING;
	}
	if (app->overlay == UI_OVERLAY_SIGN) {
		app->npending = 0;
		ui_decide_key(app, in->key, m == KEYMAP_MATCH_FOUND ? req : KEYMAP_REQ_NONE);
		return app->quit ? UI_APP_QUIT : UI_APP_RUNNING;
	}
	if (m != KEYMAP_MATCH_FOUND) {
		struct buf k = BUF_INIT;
		size_t i;

		for (i = 0; i < app->npending; i++)
			keymap_key_name(&k, app->pending[i]);
		xbuf_check(&k);
		app->npending = 0;
		if (app->overlay == UI_OVERLAY_HELP) {
			app->overlay = UI_OVERLAY_NONE;
		} else {
			ui_app_message(app, THEME_ROLE_ERROR, "%s is not bound to anything (? for help)",
				       k.data);
		}
		buf_release(&k);
		return UI_APP_RUNNING;
	}
	app->npending = 0;
	if (app->overlay == UI_OVERLAY_HELP) {
		size_t n = ui_help_line_count(app);
		int h = app->cv->rows - 4;

		switch (req) {
		case KEYMAP_REQ_MOVE_DOWN:
			if (app->help_top + (size_t)(h > 0 ? h : 1) < n)
				app->help_top++;
			break;
		case KEYMAP_REQ_MOVE_UP:
			if (app->help_top)
				app->help_top--;
			break;
		case KEYMAP_REQ_PAGE_DOWN:
		case KEYMAP_REQ_HALF_PAGE_DOWN:
			app->help_top += (size_t)(h > 2 ? h / 2 : 1);
			if (app->help_top + (size_t)(h > 0 ? h : 1) > n)
				app->help_top = n > (size_t)h ? n - (size_t)h : 0;
			break;
		case KEYMAP_REQ_PAGE_UP:
		case KEYMAP_REQ_HALF_PAGE_UP:
			app->help_top = app->help_top > (size_t)(h / 2) ? app->help_top - (size_t)(h / 2)
								     : 0;
			break;
		case KEYMAP_REQ_MOVE_FIRST:
			app->help_top = 0;
			break;
		case KEYMAP_REQ_MOVE_LAST:
			app->help_top = n > (size_t)h ? n - (size_t)h : 0;
			break;
		default:
			/* ?, Esc, q and anything else close the help */
			app->overlay = UI_OVERLAY_NONE;
			break;
		}
		return UI_APP_RUNNING;
	}
	do_request(app, req);
	return app->quit ? UI_APP_QUIT : UI_APP_RUNNING;
}

/* ---- rendering ---- */

static void
draw_pane(struct ui_app *app, enum ui_pane p)
{
	const struct ui_view_ops *v = ui_app_view(p);
	const struct ui_rect *r = &app->layout.pane[p];
	struct ui_canvas *cv = app->cv;
	struct ui_rect body = { r->y + 1, r->x, r->h - 1, r->w };
	struct ui_rect title = { r->y, r->x, 1, r->w };
	struct buf t = BUF_INIT;
	bool focused = app->focus == p;
	int x, w;

	app->height[p] = body.h;
	/* title row: " Title " on a rule */
	ui_draw_fill_row(cv, &title, 0, 0, THEME_ROLE_BORDER);
	for (x = 0; x < title.w; x++)
		ui_draw_str(cv, &title, 0, x, THEME_ROLE_BORDER, cv->g->hbar);
	v->title(app, &t);
	xbuf_check(&t);
	w = ui_draw_str(cv, &title, 0, 1, focused ? THEME_ROLE_PANE_TITLE : THEME_ROLE_BORDER,
			focused ? "[" : " ");
	w += ui_draw_fitted(cv, &title, 0, 1 + w, title.w - 4,
			    focused ? THEME_ROLE_PANE_TITLE : THEME_ROLE_BORDER, t.data, t.len);
	ui_draw_str(cv, &title, 0, 1 + w, focused ? THEME_ROLE_PANE_TITLE : THEME_ROLE_BORDER,
		    focused ? "]" : " ");
	buf_release(&t);
	if (body.h > 0)
		v->draw(app, &body, focused);
}

/* Lines text takes wrapped at cols; drawn from row y when draw. */
static int
wrapped_lines(struct ui_canvas *cv, const char *text, int y, bool draw, enum theme_role role)
{
	struct ui_rect all = { 0, 0, cv->rows, cv->cols };
	size_t len = strlen(text), at = 0;
	int n = 0;

	while (at < len) {
		size_t next, piece = str_wrap(text + at, len - at, (size_t)cv->cols, &next);

		if (draw)
			ui_draw_text(cv, &all, y + n, 0, role, text + at, piece);
		n++;
		at += next;
	}
	return n;
}

/* Below the minimum size: what is wrong and that q quits, in the longest
 * form that fits (wrapped over the rows there are), or the question of a
 * y/n prompt that was open. */
static void
too_small(struct ui_app *app)
{
	struct ui_canvas *cv = app->cv;
	char forms[4][128];
	size_t i;
	int n = 0;

	if (app->prompt == UI_PROMPT_CONFIRM && app->msg.len) {
		n = wrapped_lines(cv, app->msg.data, 0, false, app->msg_role);
		wrapped_lines(cv, app->msg.data, n < cv->rows ? (cv->rows - n) / 2 : 0, true,
			      app->msg_role);
		return;
	}
	snprintf(forms[0], sizeof(forms[0]), "terminal too small: %dx%d (need %dx%d); q quits",
		 cv->cols, cv->rows, UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(forms[1], sizeof(forms[1]), "too small: %dx%d, need %dx%d; q quits", cv->cols,
		 cv->rows, UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(forms[2], sizeof(forms[2]), "need %dx%d", UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(forms[3], sizeof(forms[3]), "too small");
	/* the first form that fits (no word cut, the lines there), else the last */
	for (i = 0; i + 1 < sizeof(forms) / sizeof(forms[0]); i++) {
		bool whole = true;
		const char *p;

		for (p = forms[i]; *p; p += strcspn(p, " "), p += strspn(p, " "))
			if ((int)strcspn(p, " ") > cv->cols)
				whole = false;
		if (whole && wrapped_lines(cv, forms[i], 0, false, THEME_ROLE_ERROR) <= cv->rows)
			break;
	}
	n = wrapped_lines(cv, forms[i], 0, false, THEME_ROLE_ERROR);
	wrapped_lines(cv, forms[i], n < cv->rows ? (cv->rows - n) / 2 : 0, true, THEME_ROLE_ERROR);
}

void
ui_app_render(struct ui_app *app)
{
	struct ui_canvas *cv = app->cv;
	int p, y;

	ui_canvas_begin(cv);
	app->lstate.status_rows = ui_status_rows(app, cv->cols);
	ui_layout_compute(cv->rows, cv->cols, &app->lstate, &app->layout);
	if (app->layout.too_small) {
		too_small(app);
		ui_term_flush(cv->term);
		return;
	}
	if (!app->layout.visible[app->focus])
		app->focus = app->lstate.zoom >= 0 ? (enum ui_pane)app->lstate.zoom : UI_PANE_TREE;
	/* the detail follows the selection */
	ui_app_detail_refresh(app);
	if (app->lstate.lower_open && app->lstate.lower == UI_PANE_BLAST)
		ui_blast_refresh(app);
	if (app->lstate.lower_open && app->lstate.lower == UI_PANE_FINDINGS)
		ui_findings_refresh(app);
	ui_draw_header(app, &app->layout.header);
	for (p = 0; p < UI_PANE_COUNT; p++)
		if (app->layout.visible[p])
			draw_pane(app, (enum ui_pane)p);
	if (app->layout.side_by_side && !(app->lstate.zoom >= 0))
		for (y = 0; y < app->layout.divider.h; y++)
			ui_draw_str(cv, &app->layout.divider, y, 0, THEME_ROLE_BORDER, cv->g->vbar);
	ui_draw_status(app, &app->layout.status);
	if (app->overlay == UI_OVERLAY_HELP)
		ui_draw_help(app);
	else if (app->overlay == UI_OVERLAY_FILTER)
		ui_draw_filter_menu(app);
	else if (app->overlay == UI_OVERLAY_SIGN)
		ui_draw_sign(app);
	ui_term_flush(cv->term);
}
