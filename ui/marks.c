/* marks.c - the review state: marks, acknowledgements, the comment and
 * revealed addresses, kept in a draft (src/draft.h) so that a dropped
 * connection loses nothing.
 *
 * The tree's reviewed[] flags are what the screen shows; the draft holds
 * the same marks by each change's key (plan_change_key: the address, or
 * "ADDRESS (deposed object KEY)" for a deposed object, which shares its
 * address), as the signed record does.
 * Every change sets draft_dirty; ui_marks_persist() writes the draft
 * after the screen is drawn.  A signed decision records the state (its
 * draft is discarded, view_sign.c): until the next change, quitting loses
 * nothing (draft_signed).
 */
#include <errno.h>
#include <string.h>

#include "app_int.h"
#include "draft.h"
#include "xalloc.h"

static bool
is_destroy(const struct plan_change *c)
{
	return c->section == PLAN_SECTION_CHANGE &&
	       (c->action == PLAN_ACTION_DELETE || c->action == PLAN_ACTION_REPLACE);
}

void
ui_marks_init(struct ui_app *app)
{
	const char *digest = plan_digest_hex(app->plan);
	struct error err = ERROR_INIT;
	struct ui_tree *t = &app->tree;
	size_t i, marked = 0;

	if (app->opts.drafts && draft_load(&app->draft, digest, &err) < 0) {
		struct buf e = BUF_INIT;

		ui_app_error_text(app, &err, &e);
		ui_app_message(app, THEME_ROLE_ERROR,
			       "the saved draft cannot be read (%s); starting afresh", e.data);
		buf_release(&e);
		error_release(&err);
	}
	if (!app->draft) {
		if (draft_new(&app->draft, digest, &err) < 0) {
			/* no digest to key a draft by: review on, without drafts */
			error_release(&err);
			app->opts.drafts = false;
			if (draft_new(&app->draft, "0000000000000000", &err) < 0)
				die("cannot start a review: %s", err.msg);
		}
		ui_marks_count(app);
		return;
	}
	for (i = 0; i < t->nchanges; i++)
		if (t->group_of[i] >= 0 &&
		    draft_is_reviewed(app->draft, plan_change_key(plan_change_at(app->plan, i)))) {
			ui_tree_set_reviewed(t, i, true);
			marked++;
		}
	ui_tree_rebuild(t);
	app->draft_saved = true;
	ui_marks_count(app);
	/* a hangup before the next change still writes what was resumed */
	if (app->opts.snapshot && draft_snapshot_update(app->opts.snapshot, app->draft, &err) < 0)
		error_release(&err);
	{
		size_t acks = draft_ack_count(app->draft), rev = draft_revealed_count(app->draft);

		ui_app_message(app, THEME_ROLE_MESSAGE,
			       "draft resumed: %zu marked reviewed, %zu acknowledgement%s%s, %zu "
			       "revealed",
			       marked, acks, acks == 1 ? "" : "s",
			       *draft_comment(app->draft) ? ", a comment" : "", rev);
	}
}

void
ui_marks_release(struct ui_app *app)
{
	draft_free(&app->draft);
	mem_free(app->ack_id);
	app->ack_id = NULL;
}

/* The review state changed: it is no longer what was saved or signed. */
static void
touched(struct ui_app *app)
{
	app->draft_dirty = true;
	app->draft_signed = false;
}

void
ui_marks_set_reviewed(struct ui_app *app, size_t change, bool on)
{
	const struct plan_change *c = plan_change_at(app->plan, change);

	ui_tree_mark(&app->tree, change, on);
	if (draft_set_reviewed(app->draft, plan_change_key(c), on) < 0)
		die("out of memory");
	touched(app);
}

void
ui_marks_changed(struct ui_app *app)
{
	touched(app);
	ui_marks_count(app);
}

void
ui_marks_revealed(struct ui_app *app, size_t change)
{
	if (draft_add_revealed(app->draft, plan_change_key(plan_change_at(app->plan, change))) < 0)
		die("out of memory");
	touched(app);
}

const char *
ui_marks_ack_reason(const struct ui_app *app, const struct finding *f)
{
	return draft_ack_reason(app->draft, f->id);
}

void
ui_marks_count(struct ui_app *app)
{
	size_t i, n = plan_change_count(app->plan);

	app->open_changes = 0;
	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(app->plan, i);

		/* the tree's flag is the draft's mark for its key */
		if (is_destroy(c) && !(i < app->tree.nchanges && app->tree.reviewed[i]) &&
		    !draft_is_reviewed(app->draft, plan_change_key(c)))
			app->open_changes++;
	}
	app->open_findings = 0;
	for (i = 0; i < app->nfindings; i++) {
		const struct finding *f = ui_app_finding(app, i);

		/* sorted highest severity first */
		if ((int)f->severity < app->threshold)
			break;
		if (f->status != FINDING_WAIVED && !ui_marks_ack_reason(app, f))
			app->open_findings++;
	}
}

void
ui_marks_ask_ack(struct ui_app *app, const struct finding *f)
{
	const char *reason = ui_marks_ack_reason(app, f);
	struct buf t = BUF_INIT;

	if (f->status == FINDING_WAIVED) {
		ui_text_escape_str(app->cv, &t, f->waiver_reason ? f->waiver_reason : "");
		xbuf_check(&t);
		ui_app_message(app, THEME_ROLE_MESSAGE,
			       "waived (%s): a waived finding needs no acknowledgement", t.data);
		buf_release(&t);
		return;
	}
	mem_free(app->ack_id);
	app->ack_id = xstrdup(f->id);
	app->prompt = UI_PROMPT_ACK;
	buf_reset(&app->input);
	if (reason)
		buf_addstr(&app->input, reason);
	xbuf_check(&app->input);
}

void
ui_marks_ack(struct ui_app *app, const char *reason)
{
	const struct finding *f = app->findings ? finding_set_find(app->findings, app->ack_id) : NULL;
	bool had = f && ui_marks_ack_reason(app, f);
	struct buf id = BUF_INIT;

	if (!f)
		return;
	while (*reason == ' ')
		reason++;
	if (!*reason && !had) {
		ui_app_message(app, THEME_ROLE_ERROR,
			       "not acknowledged: an acknowledgement needs a reason");
		return;
	}
	if (draft_set_ack(app->draft, f->id, *reason ? reason : NULL) < 0)
		die("out of memory");
	ui_marks_changed(app);
	ui_text_escape_str(app->cv, &id, f->rule_id);
	xbuf_check(&id);
	if (*reason)
		ui_app_message(app, THEME_ROLE_MESSAGE,
			       "acknowledged %s; %zu at or above %s still open", id.data,
			       app->open_findings, severity_key((enum severity)app->threshold));
	else
		ui_app_message(app, THEME_ROLE_MESSAGE,
			       "acknowledgement of %s removed; %zu at or above %s open", id.data,
			       app->open_findings, severity_key((enum severity)app->threshold));
	buf_release(&id);
}

int
ui_marks_persist(struct ui_app *app, struct error *err)
{
	int rc;

	if (!app->opts.drafts || !app->draft_dirty)
		return 0;
	app->draft_dirty = false;
	if (app->opts.snapshot) {
		rc = draft_snapshot_update(app->opts.snapshot, app->draft, err);
		if (rc == 0 && draft_snapshot_write(app->opts.snapshot) < 0)
			rc = error_set_at(err, ERROR_IO, app->opts.snapshot->path, 0, 0,
					  "cannot write the draft: %s", strerror(errno));
	} else {
		rc = draft_save(app->draft, err);
	}
	app->draft_saved = rc == 0;
	if (rc < 0)
		ui_app_error_message(app, "the draft cannot be saved: ", err);
	return rc;
}
