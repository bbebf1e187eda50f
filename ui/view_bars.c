/* view_bars.c - the header (what the plan is, counts, findings, review
 * progress) and the status line (messages, prompts, key hints). */
#include <string.h>

#include "app_int.h"
#include "review.h"
#include "str.h"
#include "xalloc.h"

/* ---- header ---- */

#define MAX_PARTS 24

struct part {
	char text[64];
	enum theme_role role;
	int item;            /* parts of one item are dropped together */
};

struct item {
	int priority;        /* lower goes first when the line is too narrow */
	int width;
	bool dropped;
};

struct header {
	struct part parts[MAX_PARTS];
	size_t nparts;
	struct item items[12];
	int nitems;
};

static int
item_begin(struct header *h, int priority)
{
	h->items[h->nitems].priority = priority;
	h->items[h->nitems].width = 0;
	h->items[h->nitems].dropped = false;
	return h->nitems++;
}

static void
part(struct header *h, int item, enum theme_role role, const char *text)
{
	struct part *p;

	if (h->nparts == MAX_PARTS)
		return;
	p = &h->parts[h->nparts++];
	snprintf(p->text, sizeof(p->text), "%s", text);
	p->role = role;
	p->item = item;
	h->items[item].width += ui_text_width(p->text, strlen(p->text));
}

void
ui_draw_header(struct ui_app *app, const struct ui_rect *r)
{
	struct ui_canvas *cv = app->cv;
	struct header h;
	const struct plan_counts *n = &app->counts;
	char tmp[64];
	int it, total, x, a, i;
	size_t k;
	static const enum plan_action order[] = {
		PLAN_ACTION_CREATE, PLAN_ACTION_UPDATE, PLAN_ACTION_DELETE, PLAN_ACTION_REPLACE,
		PLAN_ACTION_READ,   PLAN_ACTION_IMPORT, PLAN_ACTION_MOVE,   PLAN_ACTION_FORGET,
	};
	const char *sep = cv->ascii ? " | " : " · ";

	memset(&h, 0, sizeof(h));
	/* priorities: what goes first when the line is too narrow */
	it = item_begin(&h, 5);
	part(&h, it, THEME_ROLE_HEADER, " signoff ");
	it = item_begin(&h, 70);
	part(&h, it, THEME_ROLE_TITLE, " ");
	part(&h, it, THEME_ROLE_TITLE, plan_source_kind_name(plan_source_kind(app->plan)));
	if (*plan_tool_version(app->plan)) {
		struct buf v = BUF_INIT;

		buf_addch(&v, ' ');
		ui_text_escape(cv, &v, plan_tool_version(app->plan),
			       strlen(plan_tool_version(app->plan)) > 20
				       ? 20
				       : strlen(plan_tool_version(app->plan)));
		xbuf_check(&v);
		it = item_begin(&h, 8);
		part(&h, it, THEME_ROLE_TITLE, v.data);
		buf_release(&v);
	}
	it = item_begin(&h, 65);
	part(&h, it, THEME_ROLE_COMMENT, sep);
	/* the plan's sha256, as a signed review will name it */
	snprintf(tmp, sizeof(tmp), "#%.8s", plan_digest_hex(app->plan));
	part(&h, it, THEME_ROLE_COMMENT, tmp);
	/* counts by action */
	it = item_begin(&h, 90);
	part(&h, it, THEME_ROLE_COMMENT, sep);
	{
		bool any = false;

		for (a = 0; a < (int)(sizeof(order) / sizeof(order[0])); a++) {
			size_t c = n->by_action[order[a]];

			if (!c)
				continue;
			snprintf(tmp, sizeof(tmp), "%s%s%zu", any ? " " : "",
				 plan_action_marker(order[a], cv->ascii), c);
			part(&h, it, ui_action_role(order[a]), tmp);
			any = true;
		}
		if (!any)
			part(&h, it, THEME_ROLE_COMMENT, "no changes");
	}
	if (n->drift) {
		it = item_begin(&h, 40);
		part(&h, it, THEME_ROLE_COMMENT, sep);
		snprintf(tmp, sizeof(tmp), "drift %zu", n->drift);
		part(&h, it, THEME_ROLE_DRIFT, tmp);
	}
	/* findings by severity */
	it = item_begin(&h, 75);
	part(&h, it, THEME_ROLE_COMMENT, sep);
	if (app->an.checks == UI_WORK_RUNNING) {
		snprintf(tmp, sizeof(tmp), "checks %d%%", ui_analysis_checks_percent(&app->an));
		part(&h, it, THEME_ROLE_COMMENT, tmp);
	} else if (app->an.checks == UI_WORK_FAILED) {
		part(&h, it, THEME_ROLE_ERROR, "checks failed");
	} else if (app->an.checks != UI_WORK_DONE) {
		part(&h, it, THEME_ROLE_COMMENT, "no checks run");
	} else if (!app->nfindings) {
		part(&h, it, THEME_ROLE_REVIEWED, "no findings");
	} else {
		bool any = false;

		part(&h, it, THEME_ROLE_NORMAL, "findings");
		for (i = SEVERITY_COUNT; i-- > 0;) {
			if (!app->sev_count[i])
				continue;
			snprintf(tmp, sizeof(tmp), " %c%zu", "ilmhc"[i] - 32, app->sev_count[i]);
			part(&h, it, ui_severity_role(i), tmp);
			any = true;
		}
		(void)any;
	}
	/* review progress */
	it = item_begin(&h, 85);
	part(&h, it, THEME_ROLE_COMMENT, sep);
	snprintf(tmp, sizeof(tmp), "reviewed %zu/%zu", app->tree.reviewed_count,
		 app->tree.reviewable);
	part(&h, it, app->tree.reviewable && app->tree.reviewed_count == app->tree.reviewable
			     ? THEME_ROLE_REVIEWED
			     : THEME_ROLE_NORMAL,
	     tmp);
	/* drop the least important items until the line fits */
	for (;;) {
		int low = -1;

		total = 0;
		for (i = 0; i < h.nitems; i++)
			if (!h.items[i].dropped)
				total += h.items[i].width;
		if (total <= r->w)
			break;
		for (i = 0; i < h.nitems; i++)
			if (!h.items[i].dropped && (low < 0 || h.items[i].priority < h.items[low].priority))
				low = i;
		if (low < 0 || h.items[low].priority >= 90)
			break;
		h.items[low].dropped = true;
	}
	x = 0;
	for (k = 0; k < h.nparts; k++) {
		const struct part *p = &h.parts[k];

		if (h.items[p->item].dropped)
			continue;
		/* no separator before the first thing shown */
		if (x == 0 && strcmp(p->text, sep) == 0)
			continue;
		x += ui_draw_str(cv, r, 0, x, p->role, p->text);
	}
}

/* ---- status line ---- */

static const struct {
	enum keymap_request req;
	const char *label;
} hint_labels[] = {
	{ KEYMAP_REQ_UNFOLD, "open" },
	{ KEYMAP_REQ_FOLD, "fold" },
	{ KEYMAP_REQ_NEXT_CHANGE, "next change" },
	{ KEYMAP_REQ_MARK_REVIEWED, "reviewed" },
	{ KEYMAP_REQ_SEARCH, "search" },
	{ KEYMAP_REQ_FILTER_MENU, "filter" },
	{ KEYMAP_REQ_BLAST, "blast" },
	{ KEYMAP_REQ_HELP, "help" },
	{ KEYMAP_REQ_QUIT, "quit" },
	{ KEYMAP_REQ_TOGGLE_UNCHANGED, "unchanged" },
	{ KEYMAP_REQ_REVEAL, "reveal" },
	{ KEYMAP_REQ_NEXT_PANE, "pane" },
	{ KEYMAP_REQ_FINDINGS, "all/close" },
	{ KEYMAP_REQ_BACK, "close" },
	{ KEYMAP_REQ_ACK, "acknowledge" },
	{ KEYMAP_REQ_APPROVE, "approve" },
	{ KEYMAP_REQ_REJECT, "reject" },
};

static const char *
hint_label(enum keymap_request req)
{
	size_t i;

	for (i = 0; i < sizeof(hint_labels) / sizeof(hint_labels[0]); i++)
		if (hint_labels[i].req == req)
			return hint_labels[i].label;
	return keymap_request_name(req);
}

/* The first key bound to a request ("" if none), short: "Enter", not
 * "<Enter>", when the key is alone. */
static void
first_key(const struct keymap *km, enum keymap_request req, struct buf *out)
{
	size_t i, j;

	for (i = 0; i < km->count; i++)
		if (km->bindings[i].request == req) {
			size_t start = out->len;

			for (j = 0; j < km->bindings[i].nkeys; j++)
				keymap_key_name(out, km->bindings[i].keys[j]);
			if (km->bindings[i].nkeys == 1 && out->len - start > 2 &&
			    out->data[start] == '<' && out->data[out->len - 1] == '>') {
				memmove(out->data + start, out->data + start + 1, out->len - start - 2);
				buf_truncate(out, out->len - 2);
			}
			return;
		}
}

/* What a text prompt asks, escaped. */
static void
prompt_label(struct ui_app *app, struct buf *out)
{
	const struct finding *f;

	switch (app->prompt) {
	case UI_PROMPT_SEARCH:
		buf_addch(out, '/');
		break;
	case UI_PROMPT_ACK:
		f = app->findings && app->ack_id ? finding_set_find(app->findings, app->ack_id) : NULL;
		buf_addstr(out, "acknowledge ");
		if (f)
			ui_text_escape_str(app->cv, out, f->rule_id);
		buf_addstr(out, " because: ");
		break;
	case UI_PROMPT_COMMENT:
		buf_addstr(out, app->decide.decision == REVIEW_APPROVE ? "approve" : "reject");
		buf_addstr(out, " with comment (Esc stops): ");
		break;
	default:
		buf_addch(out, ':');
		break;
	}
	xbuf_check(out);
}

static void
draw_prompt(struct ui_app *app, const struct ui_rect *r)
{
	struct ui_canvas *cv = app->cv;
	struct buf t = BUF_INIT, label = BUF_INIT;
	int x, w;

	ui_draw_fill_row(cv, r, 0, 0, THEME_ROLE_NORMAL);
	prompt_label(app, &label);
	/* a long label gives way to the text being typed */
	x = ui_draw_fitted(cv, r, 0, 0, r->w / 2 > 1 ? r->w / 2 : 1, THEME_ROLE_PROMPT, label.data,
			   label.len);
	buf_release(&label);
	ui_text_escape(cv, &t, app->input.data, app->input.len);
	xbuf_check(&t);
	w = ui_text_width(t.data, t.len);
	/* keep the end of a long input in view */
	if (w > r->w - x - 2) {
		size_t skip = 0;
		int drop = w - (r->w - x - 2);

		while (skip < t.len && ui_text_width(t.data, skip) < drop)
			skip++;
		while (skip < t.len && ((unsigned char)t.data[skip] & 0xC0) == 0x80)
			skip++;
		x += ui_draw_text(cv, r, 0, x, THEME_ROLE_NORMAL, t.data + skip, t.len - skip);
	} else {
		x += ui_draw_text(cv, r, 0, x, THEME_ROLE_NORMAL, t.data, t.len);
	}
	ui_draw_str(cv, r, 0, x, THEME_ROLE_CURSOR, " ");
	buf_release(&t);
}

static bool
text_prompt(const struct ui_app *app)
{
	return app->prompt == UI_PROMPT_SEARCH || app->prompt == UI_PROMPT_COMMAND ||
	       app->prompt == UI_PROMPT_ACK || app->prompt == UI_PROMPT_COMMENT;
}

/* " tree 3/38 " at the right of the status line. */
static int
status_position(struct ui_app *app, char *pos, size_t size)
{
	const struct ui_view_ops *v = ui_app_view(app->focus);
	size_t rows = v->rows(app);

	if (rows)
		snprintf(pos, size, " %s %zu/%zu ", v->name, app->list[app->focus].cursor + 1, rows);
	else
		snprintf(pos, size, " %s ", v->name);
	return (int)strlen(pos);
}

/* The room for a message on the status line (a y/n question has it all). */
static int
message_room(struct ui_app *app, int cols, char *pos, size_t size)
{
	int pw = status_position(app, pos, size);

	return app->prompt ? cols : cols - pw;
}

int
ui_status_rows(struct ui_app *app, int cols)
{
	char pos[48];

	if (!app->msg.len || text_prompt(app))
		return 1;
	return ui_text_width(app->msg.data, app->msg.len) > message_room(app, cols, pos, sizeof(pos))
		       ? 2
		       : 1;
}

/* A message: on two rows when the status area has them (the first is
 * filled up to its last word), cut only if it is longer still. */
static void
draw_message(struct ui_app *app, const struct ui_rect *r)
{
	struct ui_canvas *cv = app->cv;
	char pos[48];
	int room = message_room(app, r->w, pos, sizeof(pos)), y = 0;
	const char *m = app->msg.data;
	size_t len = app->msg.len;

	if (r->h > 1) {
		size_t next, n = str_wrap(m, len, (size_t)r->w, &next);

		ui_draw_fill_row(cv, r, 0, 0, THEME_ROLE_STATUS);
		ui_draw_text(cv, r, 0, 0, app->msg_role, m, n);
		m += next;
		len -= next;
		y = 1;
	}
	ui_draw_fill_row(cv, r, y, 0, THEME_ROLE_STATUS);
	ui_draw_fitted(cv, r, y, 0, room, app->msg_role, m, len);
	if (!app->prompt)
		ui_draw_str(cv, r, y, r->w - (int)strlen(pos), THEME_ROLE_STATUS, pos);
}

void
ui_draw_status(struct ui_app *app, const struct ui_rect *r)
{
	struct ui_canvas *cv = app->cv;
	const struct ui_view_ops *v = ui_app_view(app->focus);
	char pos[48];
	int pw, x = 0, i;

	if (text_prompt(app)) {
		draw_prompt(app, r);
		return;
	}
	if (app->msg.len) {
		draw_message(app, r);
		return;
	}
	ui_draw_fill_row(cv, r, 0, 0, THEME_ROLE_STATUS);
	pw = status_position(app, pos, sizeof(pos));
	if (app->npending) {
		struct buf k = BUF_INIT;
		size_t j;

		for (j = 0; j < app->npending; j++)
			keymap_key_name(&k, app->pending[j]);
		buf_addstr(&k, " …");
		xbuf_check(&k);
		ui_draw_str(cv, r, 0, 1, THEME_ROLE_HINT, k.data);
		buf_release(&k);
		ui_draw_str(cv, r, 0, r->w - pw, THEME_ROLE_STATUS, pos);
		return;
	}
	/* what an approval still needs, right-aligned before the position */
	{
		char need[96];
		enum theme_role role = THEME_ROLE_STATUS;

		need[0] = '\0';
		if (app->an.checks == UI_WORK_RUNNING)
			snprintf(need, sizeof(need), "to approve: checks running");
		else if (app->an.checks == UI_WORK_FAILED)
			snprintf(need, sizeof(need), "cannot approve: checks failed");
		else if (!app->open_findings && !app->open_changes)
			snprintf(need, sizeof(need), "ready to approve");
		else if (app->open_findings && app->open_changes)
			snprintf(need, sizeof(need), "to approve: %zu %s+ ack%s, %zu mark%s",
				 app->open_findings, severity_key((enum severity)app->threshold),
				 app->open_findings == 1 ? "" : "s", app->open_changes,
				 app->open_changes == 1 ? "" : "s");
		else if (app->open_findings)
			snprintf(need, sizeof(need), "to approve: %zu %s+ ack%s", app->open_findings,
				 severity_key((enum severity)app->threshold),
				 app->open_findings == 1 ? "" : "s");
		else
			snprintf(need, sizeof(need), "to approve: %zu mark%s", app->open_changes,
				 app->open_changes == 1 ? "" : "s");
		if (!app->open_findings && !app->open_changes && app->an.checks == UI_WORK_DONE)
			role = THEME_ROLE_REVIEWED;
		if (need[0] && (int)strlen(need) + pw + 22 <= r->w) {
			pw += (int)strlen(need) + 1;
			ui_draw_str(cv, r, 0, r->w - pw, role, need);
		}
	}
	x = 1;
	/* "? help" first, wherever the focus is: the way to everything else */
	for (i = -1; i < 0 || v->hints[i] != KEYMAP_REQ_NONE; i++) {
		enum keymap_request req = i < 0 ? KEYMAP_REQ_HELP : v->hints[i];
		struct buf k = BUF_INIT;
		const char *label = hint_label(req);
		int need;

		if (i >= 0 && req == KEYMAP_REQ_HELP)
			continue;
		first_key(app->km, req, &k);
		xbuf_check(&k);
		if (!k.len) {
			buf_release(&k);
			continue;
		}
		need = ui_text_width(k.data, k.len) + 1 + (int)strlen(label) + 2;
		if (x + need > r->w - pw) {
			buf_release(&k);
			break;
		}
		x += ui_draw_text(cv, r, 0, x, THEME_ROLE_HINT, k.data, k.len);
		x += 1;
		x += ui_draw_str(cv, r, 0, x, THEME_ROLE_STATUS, label);
		x += 2;
		buf_release(&k);
	}
	ui_draw_str(cv, r, 0, r->w - (int)strlen(pos), THEME_ROLE_STATUS, pos);
}
