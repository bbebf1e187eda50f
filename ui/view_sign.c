/* view_sign.c - a and r: from the reviewer's marks to a signed entry in
 * the review bundle, through the path `signoff sign` takes (decision.h):
 *
 *   a / r          an approval is checked first: every finding at or
 *                  above the threshold acknowledged or waived, every
 *                  destroy and replace marked reviewed; what is missing is
 *                  listed in the status line and nothing goes further
 *   comment        a prompt (the draft's comment to start from)
 *   confirmation   decision_prepare(), then an overlay with what will be
 *                  signed: plan digest, target, decision, acknowledgements,
 *                  waivers, revealed addresses, the key and the principal
 *   y              decision_sign(): ssh-agent or the key file, appended to
 *                  the bundle; the draft is discarded
 *
 * Nothing is signed before y.
 */
#include <signal.h>
#include <string.h>
#include <time.h>

#include "app_int.h"
#include "decision.h"
#include "draft.h"
#include "fileio.h"
#include "review.h"
#include "signer.h"
#include "sshkey.h"
#include "xalloc.h"

void
ui_decide_init(struct ui_app *app)
{
	memset(&app->decide, 0, sizeof(app->decide));
	app->decide.decision = -1;
	buf_init(&app->decide.text);
}

void
ui_decide_release(struct ui_app *app)
{
	struct ui_decide *dc = &app->decide;

	decision_free(&dc->d);
	signer_free(&dc->signer);
	mem_free(dc->acks);
	mem_free(dc->reviewed);
	mem_free(dc->bundle);
	buf_release(&dc->text);
	ui_decide_init(app);
}

/* The marks as the request takes them: acknowledgements of findings this
 * run has (a draft may hold some of findings the rules no longer make),
 * and the destroys and replaces marked reviewed. */
static void
build_marks(struct ui_app *app, struct review_marks *out)
{
	struct ui_decide *dc = &app->decide;
	struct review_marks dm;
	size_t i, n = plan_change_count(app->plan), k = 0;

	draft_marks(app->draft, &dm);
	mem_free(dc->acks);
	mem_free(dc->reviewed);
	dc->acks = xcalloc(dm.nacks + 1, sizeof(*dc->acks));
	for (i = 0; i < dm.nacks; i++)
		if (review_set_has_finding(app->findings, dm.acks[i].id))
			dc->acks[k++] = dm.acks[i];
	memset(out, 0, sizeof(*out));
	out->acks = dc->acks;
	out->nacks = k;
	k = 0;
	dc->reviewed = xcalloc(n + 1, sizeof(*dc->reviewed));
	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(app->plan, i);

		if (c->section == PLAN_SECTION_CHANGE &&
		    (c->action == PLAN_ACTION_DELETE || c->action == PLAN_ACTION_REPLACE) &&
		    draft_is_reviewed(app->draft, plan_change_key(c)))
			dc->reviewed[k++] = plan_change_key(c);
	}
	out->reviewed = dc->reviewed;
	out->nreviewed = k;
}

/* What an approval still needs, in the status line; false if anything. */
static bool
approval_ready(struct ui_app *app)
{
	struct review_missing m;
	struct review_marks marks;
	struct error err = ERROR_INIT;
	struct buf t = BUF_INIT;
	bool ready;

	if (app->an.checks == UI_WORK_RUNNING) {
		ui_app_message(app, THEME_ROLE_ERROR,
			       "the checks are still running (%d%%): an approval must answer them",
			       ui_analysis_checks_percent(&app->an));
		return false;
	}
	if (app->an.checks == UI_WORK_FAILED) {
		ui_app_error_message(app, "cannot approve: the checks failed: ", &app->an.checks_err);
		return false;
	}
	build_marks(app, &marks);
	if (review_missing_from_set(&m, app->plan, app->findings, app->threshold, &marks, &err) <
	    0)
		die("%s", err.msg);
	ready = review_missing_is_empty(&m);
	if (!ready) {
		const char *sev = severity_key((enum severity)app->threshold);

		review_missing_describe(&m, sev, 3, &t);
		xbuf_check(&t);
		/* narrower screens get the counts without the names, then in
		 * short, so that both parts show */
		if (ui_text_width(t.data, t.len) + 32 > app->cv->cols) {
			buf_reset(&t);
			if (m.nfindings)
				buf_addf(&t, "%zu finding%s at or above %s not acknowledged",
					 m.nfindings, m.nfindings == 1 ? "" : "s", sev);
			if (m.nchanges)
				buf_addf(&t, "%s%zu destroy/replace not marked reviewed",
					 m.nfindings ? "; " : "", m.nchanges);
			xbuf_check(&t);
		}
		if (ui_text_width(t.data, t.len) + 32 > app->cv->cols) {
			buf_reset(&t);
			if (m.nfindings)
				buf_addf(&t, "%zu %s+ not acked", m.nfindings, sev);
			if (m.nchanges)
				buf_addf(&t, "%s%zu destroy/replace not marked", m.nfindings ? ", " : "",
					 m.nchanges);
			xbuf_check(&t);
		}
		ui_app_message(app, THEME_ROLE_ERROR, "cannot approve yet: %s", t.data);
	}
	review_missing_release(&m);
	buf_release(&t);
	return ready;
}

void
ui_decide_start(struct ui_app *app, int decision)
{
	ui_decide_release(app);
	if (decision == REVIEW_APPROVE && !approval_ready(app))
		return;
	if (decision == REVIEW_REJECT && app->an.checks == UI_WORK_RUNNING) {
		ui_app_message(app, THEME_ROLE_ERROR,
			       "the checks are still running (%d%%): the record names the rules "
			       "used; a moment",
			       ui_analysis_checks_percent(&app->an));
		return;
	}
	app->decide.decision = decision;
	app->prompt = UI_PROMPT_COMMENT;
	buf_reset(&app->input);
	buf_addstr(&app->input, draft_comment(app->draft));
	xbuf_check(&app->input);
}

static void
confirm_text(struct ui_app *app)
{
	struct ui_decide *dc = &app->decide;
	struct buf raw = BUF_INIT;
	const char *const *rev;
	size_t nrev, i;
	const char *p, *e;

	decision_describe(dc->d, &raw);
	xbuf_check(&raw);
	/* the revealed addresses under the describe's count of them */
	rev = draft_revealed(app->draft, &nrev);
	if (nrev) {
		struct buf with = BUF_INIT;
		const char *at = strstr(raw.data, "\n  revealed "), *eol;

		eol = at ? strchr(at + 1, '\n') : NULL;
		if (!eol)
			eol = raw.data + raw.len - 1;
		buf_add(&with, raw.data, (size_t)(eol + 1 - raw.data));
		for (i = 0; i < nrev; i++)
			buf_addf(&with, "  %-9s %s\n", "", rev[i]);
		buf_addstr(&with, eol + 1);
		xbuf_check(&with);
		buf_release(&raw);
		raw = with;
	}
	buf_addf(&raw, "  %-9s %s\n", "bundle", dc->bundle);
	if (app->nwarnings)
		buf_addf(&raw, "  %-9s %zu while loading: not all of SOURCE may be in this review "
			       "(? lists them)\n",
			 "warnings", app->nwarnings);
	xbuf_check(&raw);
	/* escaped again for this canvas (ASCII mode); a no-op otherwise */
	buf_reset(&dc->text);
	for (p = raw.data; *p; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		ui_text_escape(app->cv, &dc->text, p, (size_t)(e - p));
		buf_addch(&dc->text, '\n');
	}
	xbuf_check(&dc->text);
	buf_release(&raw);
	dc->top = 0;
}

void
ui_decide_comment(struct ui_app *app, const char *comment)
{
	struct ui_decide *dc = &app->decide;
	struct decision_request req;
	struct error err = ERROR_INIT;
	size_t nrev;

	if (dc->decision < 0)
		return;
	if (strcmp(comment, draft_comment(app->draft)) != 0) {
		if (draft_set_comment(app->draft, comment) < 0)
			die("out of memory");
		ui_marks_changed(app);
	}
	memset(&req, 0, sizeof(req));
	if (app->opts.sign.now) {
		if (review_time_parse(app->opts.sign.now, &req.issued_at) < 0) {
			ui_app_message(app, THEME_ROLE_ERROR,
				       "the issue time must be YYYY-MM-DDTHH:MM:SSZ");
			goto fail;
		}
	} else {
		req.issued_at = (int64_t)time(NULL);
	}
	dc->bundle = app->opts.sign.review_path ? xstrdup(app->opts.sign.review_path)
						: review_bundle_default_path(plan_path(app->plan));
	if (!dc->bundle) {
		ui_app_message(app, THEME_ROLE_ERROR,
			       "no file name to put the review next to: give --review FILE");
		goto fail;
	}
	if (signer_open(&dc->signer, app->opts.sign.key, NULL, &err) < 0) {
		ui_app_error_message(app, "cannot sign: ", &err);
		goto fail;
	}
	req.plan = app->plan;
	req.decision = (enum review_decision)dc->decision;
	build_marks(app, &req.marks);
	req.revealed = draft_revealed(app->draft, &nrev);
	req.nrevealed = nrev;
	req.findings = app->findings;
	req.policy = app->opts.policy;
	req.comment = *draft_comment(app->draft) ? draft_comment(app->draft) : NULL;
	req.principal = app->opts.sign.principal;
	req.environment = app->opts.sign.environment;
	req.workspace = app->opts.sign.workspace;
	if (decision_prepare(&dc->d, &req, dc->signer, &err) < 0) {
		ui_app_error_message(app, "", &err);
		goto fail;
	}
	confirm_text(app);
	app->overlay = UI_OVERLAY_SIGN;
	return;
fail:
	ui_decide_release(app);
}

/* After a signed decision: no draft is left to resume.  The comment went
 * with the decision; the marks, acknowledgements and revealed addresses
 * stay on screen, and become a new draft only if the reviewer goes on
 * (until then draft_signed: quitting loses nothing). */
static void
discard_draft(struct ui_app *app)
{
	struct error err = ERROR_INIT;
	sigset_t block, old;

	if (draft_set_comment(app->draft, "") < 0)
		die("out of memory");
	app->draft_dirty = false;
	app->draft_saved = false;
	app->draft_signed = true;
	if (!app->opts.drafts)
		return;
	if (app->opts.snapshot) {
		/* a hangup from now on must not write the signed draft back */
		sigemptyset(&block);
		sigaddset(&block, SIGHUP);
		sigaddset(&block, SIGTERM);
		sigaddset(&block, SIGINT);
		sigprocmask(SIG_BLOCK, &block, &old);
		draft_snapshot_release(app->opts.snapshot);
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (draft_discard(plan_digest_hex(app->plan), &err) < 0)
		error_release(&err);
}

static void
sign(struct ui_app *app)
{
	struct ui_decide *dc = &app->decide;
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;
	size_t count = 0;
	bool approve = dc->decision == REVIEW_APPROVE;

	app->overlay = UI_OVERLAY_NONE;
	if (decision_sign(dc->d, dc->bundle, &count, &err) < 0) {
		ui_app_error_message(app, "not signed: ", &err);
		ui_decide_release(app);
		return;
	}
	ui_text_escape_str(app->cv, &b, dc->bundle);
	xbuf_check(&b);
	ui_app_message(app, THEME_ROLE_REVIEWED, "%s signed with %s: review %zu in %s",
		       approve ? "approval" : "rejection",
		       sshkey_fingerprint(signer_key(dc->signer)), count, b.data);
	buf_release(&b);
	discard_draft(app);
	ui_decide_release(app);
}

static size_t
text_lines(const struct buf *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->len; i++)
		n += t->data[i] == '\n';
	return n;
}

void
ui_decide_key(struct ui_app *app, int key, enum keymap_request req)
{
	struct ui_decide *dc = &app->decide;
	size_t n = text_lines(&dc->text);
	int h = app->cv->rows - 6;

	if (key == 'y' || key == 'Y') {
		sign(app);
		return;
	}
	switch (req) {
	case KEYMAP_REQ_MOVE_DOWN:
		if (dc->top + (size_t)(h > 0 ? h : 1) < n)
			dc->top++;
		return;
	case KEYMAP_REQ_MOVE_UP:
		if (dc->top)
			dc->top--;
		return;
	default:
		break;
	}
	if (key == 'n' || key == 'N' || key == KEYMAP_KEY_ESC || req == KEYMAP_REQ_BACK ||
	    req == KEYMAP_REQ_QUIT) {
		app->overlay = UI_OVERLAY_NONE;
		ui_app_message(app, THEME_ROLE_MESSAGE, "not signed; the draft is kept");
		ui_decide_release(app);
		return;
	}
	ui_app_message(app, THEME_ROLE_PROMPT, "y signs; n or Esc goes back without signing");
}

void
ui_draw_sign(struct ui_app *app)
{
	struct ui_canvas *cv = app->cv;
	struct ui_decide *dc = &app->decide;
	size_t n = text_lines(&dc->text), i = 0;
	int w = cv->cols - 4 > 110 ? 110 : cv->cols - 4, h = (int)n + 4, y = 0, x;
	struct ui_rect r, in;
	const char *p = dc->text.data, *title, *foot;

	if (h > cv->rows - 2)
		h = cv->rows - 2;
	r.w = w;
	r.h = h;
	r.x = (cv->cols - w) / 2;
	r.y = (cv->rows - 1 - h) / 2;
	in.y = r.y + 2;
	in.x = r.x + 2;
	in.h = r.h - 3;
	in.w = r.w - 4;
	ui_draw_fill(cv, &r, THEME_ROLE_NORMAL);
	for (x = 0; x < r.w; x++) {
		ui_draw_str(cv, &r, 0, x, THEME_ROLE_BORDER, cv->g->hbar);
		ui_draw_str(cv, &r, r.h - 1, x, THEME_ROLE_BORDER, cv->g->hbar);
	}
	for (y = 0; y < r.h; y++) {
		ui_draw_str(cv, &r, y, 0, THEME_ROLE_BORDER, cv->g->vbar);
		ui_draw_str(cv, &r, y, r.w - 1, THEME_ROLE_BORDER, cv->g->vbar);
	}
	title = dc->decision == REVIEW_APPROVE ? " Sign this approval? " : " Sign this rejection? ";
	ui_draw_str(cv, &r, 0, 2, THEME_ROLE_PANE_TITLE, title);
	foot = n > (size_t)in.h ? " y signs, n goes back, j/k scroll " : " y signs, n or Esc goes back ";
	ui_draw_fitted(cv, &r, r.h - 1, 2, r.w - 4, THEME_ROLE_COMMENT, foot, strlen(foot));
	for (y = 0; p && *p && y < in.h; i++) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (i >= dc->top) {
			/* the first line (APPROVE/REJECT this plan) stands out */
			ui_draw_fitted(cv, &in, y, 0, in.w,
				       i == 0 ? (dc->decision == REVIEW_APPROVE ? THEME_ROLE_REVIEWED
										: THEME_ROLE_ERROR)
					      : THEME_ROLE_NORMAL,
				       p, len);
			y++;
		}
		p = e ? e + 1 : NULL;
	}
}
