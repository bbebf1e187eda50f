/* view_blast.c - the blast-radius pane: what depends on the selection,
 * transitively, as a tree; each row says through what it depends, and
 * dependents that change too are drawn in their action's colour.
 */
#include <string.h>

#include "app_int.h"
#include "xalloc.h"

#define BLAST_MAX_ROWS 5000
#define BLAST_MAX_DEPTH 60

struct bframe {
	uint32_t change;
	size_t first, count;   /* its dependents, in the hits pool */
	size_t next;           /* next one to visit */
	size_t row;            /* its row */
};

void
ui_blast_refresh(struct ui_app *app)
{
	size_t root = ui_app_selected_change(app);
	struct ui_deps *d = &app->deps;
	struct ui_dep_hits pool = { NULL, 0, 0 };
	struct bframe *stack = NULL;
	size_t cap = 0, n = 0;
	uint8_t *seen, *onpath;

	if (root == app->blast_root)
		return;
	app->blast_root = root;
	app->nblast = 0;
	app->blast_truncated = false;
	app->list[UI_PANE_BLAST].cursor = app->list[UI_PANE_BLAST].top = 0;
	if (root == (size_t)-1)
		return;
	seen = xcalloc(app->tree.nchanges + 1, 1);
	onpath = xcalloc(app->tree.nchanges + 1, 1);
	XGROW(stack, &cap, 1);
	stack[0].change = (uint32_t)root;
	stack[0].first = pool.n;
	stack[0].count = ui_deps_dependents(d, root, &pool);
	stack[0].next = 0;
	stack[0].row = (size_t)-1;
	n = 1;
	seen[root] = onpath[root] = 1;
	while (n) {
		struct bframe *f = &stack[n - 1];
		const struct ui_dep_hit *e;
		struct ui_blast_row *row;
		uint64_t mask;
		size_t first, count;

		if (f->next >= f->count || n > BLAST_MAX_DEPTH) {
			onpath[f->change] = 0;
			n--;
			continue;
		}
		if (app->nblast >= BLAST_MAX_ROWS) {
			app->blast_truncated = true;
			break;
		}
		e = &pool.items[f->first + f->next++];
		mask = f->row == (size_t)-1 ? 0 : app->blast[f->row].last_mask;
		if (f->next == f->count && n - 1 < 64)
			mask |= (uint64_t)1 << (n - 1);
		XGROW(app->blast, &app->cblast, app->nblast + 1);
		row = &app->blast[app->nblast++];
		memset(row, 0, sizeof(*row));
		row->change = e->change;
		row->depth = (uint16_t)(n - 1);
		row->via = e->via;
		row->last_mask = mask;
		if (onpath[e->change]) {
			row->cycle = true;
			continue;
		}
		if (seen[e->change]) {
			row->repeat = true;
			continue;
		}
		seen[e->change] = onpath[e->change] = 1;
		/* e points into the pool, which may move as it grows */
		first = pool.n;
		count = ui_deps_dependents(d, row->change, &pool);
		XGROW(stack, &cap, n + 1);
		stack[n].change = row->change;
		stack[n].first = first;
		stack[n].count = count;
		stack[n].next = 0;
		stack[n].row = app->nblast - 1;
		n++;
	}
	mem_free(stack);
	mem_free(seen);
	mem_free(onpath);
	ui_dep_hits_release(&pool);
}

static void
blast_draw(struct ui_app *app, const struct ui_rect *r, bool focused)
{
	struct ui_canvas *cv = app->cv;
	struct ui_list *l = &app->list[UI_PANE_BLAST];
	int y;

	if (app->blast_root == (size_t)-1) {
		ui_draw_str(cv, r, 0, 1, THEME_ROLE_COMMENT, "select a change to see what depends on it");
		return;
	}
	if (!app->nblast) {
		ui_draw_str(cv, r, 0, 1, THEME_ROLE_COMMENT, "nothing in the plan depends on it");
		if (r->h > 1)
			ui_draw_str(cv, r, 1, 1, THEME_ROLE_COMMENT,
				    plan_source_kind(app->plan) == PLAN_SOURCE_TERRAFORM
					    ? "(from prior-state depends_on and configuration references)"
					    : "(dependencies are read from Terraform plans for now)");
		return;
	}
	ui_list_scroll(l, app->nblast, r->h);
	for (y = 0; y < r->h && l->top + (size_t)y < app->nblast; y++) {
		const struct ui_blast_row *row = &app->blast[l->top + (size_t)y];
		const struct plan_change *c = plan_change_at(app->plan, row->change);
		bool changes = plan_change_is_actionable(c);
		struct buf t = BUF_INIT;
		int x = 1, k;

		for (k = 0; k < row->depth; k++)
			x += ui_draw_str(cv, r, y, x, THEME_ROLE_BORDER,
					 (row->last_mask >> k) & 1 ? "  " : cv->g->pipe);
		x += ui_draw_str(cv, r, y, x, THEME_ROLE_BORDER,
				 (row->last_mask >> row->depth) & 1 ? cv->g->last : cv->g->branch);
		x++;
		x += ui_draw_str(cv, r, y, x, ui_action_role(c->action),
				 plan_action_marker(c->action, cv->ascii));
		x++;
		ui_text_escape_str(cv, &t, c->address);
		xbuf_check(&t);
		x += ui_draw_fitted(cv, r, y, x, r->w - x - 1,
				    changes ? THEME_ROLE_TITLE : THEME_ROLE_NOOP, t.data, t.len);
		buf_reset(&t);
		if (row->cycle)
			buf_addstr(&t, "  (cycle)");
		else if (row->repeat)
			buf_addstr(&t, "  (listed above)");
		buf_addstr(&t, "  via ");
		ui_text_escape_str(cv, &t, row->via && *row->via ? row->via : "reference");
		if (!changes)
			buf_addstr(&t, ", unchanged");
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
	size_t i, changing = 0, unique = 0;

	if (app->blast_root == (size_t)-1) {
		buf_addstr(out, "Blast radius");
		return;
	}
	for (i = 0; i < app->nblast; i++) {
		if (app->blast[i].repeat || app->blast[i].cycle)
			continue;
		unique++;
		if (plan_change_is_actionable(plan_change_at(app->plan, app->blast[i].change)))
			changing++;
	}
	buf_addf(out, "Blast radius: %zu dependent%s, %zu changing%s", unique,
		 unique == 1 ? "" : "s", changing, app->blast_truncated ? " (cut)" : "");
}

static size_t
blast_rows(struct ui_app *app)
{
	return app->nblast;
}

static void
jump(struct ui_app *app)
{
	struct ui_list *l = &app->list[UI_PANE_BLAST];
	const struct plan_change *c;
	struct buf t = BUF_INIT;

	if (l->cursor >= app->nblast)
		return;
	c = plan_change_at(app->plan, app->blast[l->cursor].change);
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
