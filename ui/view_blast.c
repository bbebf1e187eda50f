/* view_blast.c - the blast-radius pane: what depends on the selection,
 * transitively, from the dependency graph (src/graph.h) as a tree.
 *
 * Each row is one dependent under the resource it depends on, with the
 * link that makes it: the edge kind, the attribute, and for references
 * resolved through module variables and outputs the chain ("via ...").
 * Dependents that change too are drawn in their action's colour; the
 * title gives the counts and the blast score.  The graph's tree lists
 * every dependent once, on its strongest and then shortest path, so a
 * cycle or a diamond never repeats a row.
 */
#include <string.h>

#include "app_int.h"
#include "graph.h"
#include "xalloc.h"

#define BLAST_MAX_INDENT 16    /* deeper rows show their depth instead */

void
ui_blast_reset(struct ui_app *app)
{
	graph_blast_free(&app->blast);
	app->nbrows = 0;
	app->blast_root = (size_t)-1;
}

/* Rows in tree preorder, with for each the ancestors that are last
 * children (to draw "│ " or "  " in front). */
static void
make_rows(struct ui_app *app)
{
	const struct graph_blast *b = app->blast;
	size_t i, n = b->count;
	uint8_t *last = xcalloc(n + 1, 1);
	/* open[d]: a later row at depth d still shares the parent */
	uint8_t *open = xcalloc((size_t)b->max_dist + 2, 1);
	uint64_t *mask_at = xcalloc((size_t)b->max_dist + 2, sizeof(*mask_at));
	uint32_t maxset = 0;

	/* backward: a row is a last child if no later sibling follows before
	 * a shallower row closes its parent */
	for (i = n; i-- > 0;) {
		uint32_t d = b->deps[b->tree[i]].dist, k;

		last[i] = !open[d];
		open[d] = 1;
		for (k = d + 1; k <= maxset; k++)
			open[k] = 0;
		maxset = d;
	}
	XGROW(app->brows, &app->cbrows, n + 1);
	for (i = 0; i < n; i++) {
		struct ui_blast_row *row = &app->brows[i];
		uint32_t d = b->deps[b->tree[i]].dist;

		row->dep = b->tree[i];
		row->depth = d;
		/* the parent is the latest row one level up (preorder) */
		row->last_mask = d > 1 ? mask_at[d - 1] : 0;
		if (last[i] && d - 1 < 64)
			row->last_mask |= (uint64_t)1 << (d - 1);
		mask_at[d] = row->last_mask;
	}
	app->nbrows = n;
	mem_free(last);
	mem_free(open);
	mem_free(mask_at);
}

void
ui_blast_refresh(struct ui_app *app)
{
	size_t root = ui_app_selected_change(app);
	struct error err = ERROR_INIT;

	if (root == app->blast_root && (app->blast || app->an.graph != UI_WORK_DONE))
		return;
	graph_blast_free(&app->blast);
	app->nbrows = 0;
	app->blast_root = root;
	app->list[UI_PANE_BLAST].cursor = app->list[UI_PANE_BLAST].top = 0;
	if (root == (size_t)-1 || app->an.graph != UI_WORK_DONE)
		return;
	if (graph_blast(app->an.g, root, NULL, &app->blast, &err) < 0)
		die("%s", err.msg);
	make_rows(app);
}

/* "reference vpc_id via var.x > module.net.id", "selector (its spec.podSelector)" */
static void
link_text(const struct ui_canvas *cv, struct buf *b, const struct graph_edge *e)
{
	struct buf t = BUF_INIT;

	graph_edge_describe(&t, e);
	xbuf_check(&t);
	ui_text_escape_str(cv, b, t.data);
	buf_release(&t);
}

static void
draw_state(struct ui_app *app, const struct ui_rect *r)
{
	struct ui_canvas *cv = app->cv;
	struct buf t = BUF_INIT;
	enum theme_role role = THEME_ROLE_COMMENT;

	if (app->an.graph == UI_WORK_RUNNING) {
		buf_addstr(&t, "working out the dependency graph...");
	} else if (app->an.graph != UI_WORK_DONE) {
		buf_addstr(&t, "no dependency graph: ");
		ui_app_error_text(app, &app->an.graph_err, &t);
		role = THEME_ROLE_ERROR;
	} else if (app->blast_root == (size_t)-1) {
		buf_addstr(&t, "select a change to see what depends on it");
	} else {
		buf_addstr(&t, "nothing in the plan depends on it");
	}
	xbuf_check(&t);
	ui_draw_fitted(cv, r, 0, 1, r->w - 2, role, t.data, t.len);
	buf_release(&t);
	if (app->an.graph == UI_WORK_DONE && app->blast_root != (size_t)-1 && r->h > 1 &&
	    graph_lost_local_count(app->an.g))
		ui_draw_str(cv, r, 1, 1, THEME_ROLE_COMMENT,
			    "(links made through local values are not in the plan's JSON)");
}

static void
blast_draw(struct ui_app *app, const struct ui_rect *r, bool focused)
{
	struct ui_canvas *cv = app->cv;
	struct ui_list *l = &app->list[UI_PANE_BLAST];
	const struct graph_blast *b = app->blast;
	int y;

	if (!b || !app->nbrows) {
		draw_state(app, r);
		return;
	}
	ui_list_scroll(l, app->nbrows, r->h);
	for (y = 0; y < r->h && l->top + (size_t)y < app->nbrows; y++) {
		const struct ui_blast_row *row = &app->brows[l->top + (size_t)y];
		const struct graph_dependent *dep = &b->deps[row->dep];
		const struct plan_change *c = plan_change_at(app->plan, dep->node);
		struct buf t = BUF_INIT;
		int x = 1;
		uint32_t k, shown = row->depth > BLAST_MAX_INDENT ? BLAST_MAX_INDENT : row->depth;

		for (k = 1; k < shown; k++)
			x += ui_draw_str(cv, r, y, x, THEME_ROLE_BORDER,
					 k - 1 < 64 && ((row->last_mask >> (k - 1)) & 1) ? "  "
											  : cv->g->pipe);
		x += ui_draw_str(cv, r, y, x, THEME_ROLE_BORDER,
				 row->depth - 1 < 64 && ((row->last_mask >> (row->depth - 1)) & 1)
					 ? cv->g->last
					 : cv->g->branch);
		if (row->depth > BLAST_MAX_INDENT) {
			buf_addf(&t, "[%u] ", row->depth);
			x += ui_draw_str(cv, r, y, x, THEME_ROLE_COMMENT, t.data);
			buf_reset(&t);
		}
		x++;
		x += ui_draw_str(cv, r, y, x,
				 dep->changes ? ui_action_role(c->action) : THEME_ROLE_NOOP,
				 plan_action_marker(dep->changes ? c->action : PLAN_ACTION_NOOP,
						    cv->ascii));
		x++;
		ui_text_escape_str(cv, &t, c->address);
		xbuf_check(&t);
		x += ui_draw_fitted(cv, r, y, x, r->w - x - 1,
				    dep->changes ? THEME_ROLE_TITLE : THEME_ROLE_NOOP, t.data, t.len);
		buf_reset(&t);
		buf_addstr(&t, dep->changes ? "  " : "  unchanged, ");
		link_text(cv, &t, graph_edge_at(app->an.g, dep->edge));
		xbuf_check(&t);
		ui_draw_fitted(cv, r, y, x, r->w - x - 1, THEME_ROLE_COMMENT, t.data, t.len);
		buf_release(&t);
		if (focused && l->top + (size_t)y == l->cursor)
			ui_draw_recolor(cv, r, y, 0, r->w, THEME_ROLE_CURSOR);
	}
}

static void
blast_title(struct ui_app *app, struct buf *out)
{
	const struct graph_blast *b = app->blast;
	char score[48];

	if (!b) {
		buf_addstr(out, "Blast radius");
		return;
	}
	graph_score_format(score, sizeof(score), b->score);
	buf_addf(out, "Blast radius: %zu dependent%s, %zu changing", b->count,
		 b->count == 1 ? "" : "s", b->changing);
	if (b->weak)
		buf_addf(out, ", %zu weak", b->weak);
	buf_addf(out, "; score %s", score);
}

static size_t
blast_rows(struct ui_app *app)
{
	return app->nbrows;
}

static void
jump(struct ui_app *app)
{
	struct ui_list *l = &app->list[UI_PANE_BLAST];
	const struct plan_change *c;
	struct buf t = BUF_INIT;

	if (!app->blast || l->cursor >= app->nbrows)
		return;
	c = plan_change_at(app->plan, app->blast->deps[app->brows[l->cursor].dep].node);
	if (!ui_app_select_change(app, c->index)) {
		ui_app_message(app, THEME_ROLE_ERROR,
			       "that resource is not in the tree (unchanged, or hidden by the filter)");
		return;
	}
	ui_text_escape_str(app->cv, &t, c->address);
	xbuf_check(&t);
	ui_app_message(app, THEME_ROLE_MESSAGE, "selected %s; the blast radius now starts there",
		       t.data);
	buf_release(&t);
}

static bool
blast_request(struct ui_app *app, enum keymap_request req)
{
	if (req == KEYMAP_REQ_UNFOLD) {
		jump(app);
		return true;
	}
	return false;
}

static void
blast_click(struct ui_app *app, size_t row, bool again)
{
	(void)row;
	if (again)
		jump(app);
}

static const enum keymap_request blast_hints[] = {
	KEYMAP_REQ_UNFOLD, KEYMAP_REQ_BLAST, KEYMAP_REQ_NEXT_PANE, KEYMAP_REQ_HELP,
	KEYMAP_REQ_NONE,
};

const struct ui_view_ops ui_view_blast = {
	.name = "blast radius",
	.draw = blast_draw,
	.title = blast_title,
	.rows = blast_rows,
	.request = blast_request,
	.click = blast_click,
	.hints = blast_hints,
};
