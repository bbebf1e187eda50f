/* app.h - the review UI as a state machine: one event in, one screen out.
 *
 * The loop is split so that a key script drives exactly the code a
 * terminal drives (style 5.11): ui_app_handle() takes one input,
 * ui_app_render() draws the whole screen (only visible rows), and
 * ui_app_idle() takes in finished background work and says whether more
 * is pending (a script waits for it before the next key, so screens are
 * deterministic; a terminal redraws with the progress meanwhile).
 *
 * Background work: the security checks and the dependency graph run on
 * worker threads from ui_app_new() on (analysis.h); the tree is on screen
 * before either is done.
 *
 * Review state (marks, acknowledgements, the comment, revealed
 * addresses) lives in a draft keyed by the plan's digest (src/draft.h):
 * with opts.drafts it is loaded at start, and ui_app_persist() writes it
 * after every change (the loops call it after drawing, so the key press
 * is on screen first).  A signed decision discards it.
 *
 * The app borrows the plan, the canvas, the keymap and everything the
 * options point to; they must outlive it.
 */
#ifndef SIGNOFF_UI_APP_H
#define SIGNOFF_UI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "keymap.h"
#include "plan.h"

struct ui_canvas;
struct ui_app;

/* How a decision is signed (as `signoff sign` takes them); every field
 * may be NULL. */
struct ui_sign_opts {
	const char *key;              /* --key FILE|SHA256:FP; NULL: the agent's only key */
	const char *principal;        /* --principal */
	const char *environment;      /* --environment; NULL: the policy's */
	const char *workspace;        /* --workspace; NULL: the policy's, else the plan's */
	const char *review_path;      /* --review; NULL: SOURCE with .review */
	const char *now;              /* issue time (RFC 3339 UTC); NULL: the clock */
};

struct policy;
struct draft_snapshot;

struct ui_app_opts {
	bool show_unchanged;
	bool mouse;
	/* the checks to run (borrowed until they are done); NULL: none */
	const struct checks_opts *checks;
	bool graph;                   /* build the dependency graph */
	const struct policy *policy;  /* its ack_severity is the threshold; NULL: high */
	struct ui_sign_opts sign;
	/* load the draft at start and write it after each change */
	bool drafts;
	/* kept up to date for a signal handler to write (may be NULL) */
	struct draft_snapshot *snapshot;
};

enum ui_app_status {
	UI_APP_RUNNING,
	UI_APP_QUIT,
};

struct ui_app *ui_app_new(const struct plan *plan, struct ui_canvas *cv, const struct keymap *km,
			  const struct ui_app_opts *opts);
/* Stops the background work (waiting for it) and frees everything. */
void ui_app_free(struct ui_app **app);

/* Processes one input (a key, a mouse event, a resize). */
enum ui_app_status ui_app_handle(struct ui_app *app, const struct keymap_input *in);
/* Draws the whole screen into the canvas (and curses). */
void ui_app_render(struct ui_app *app);
/* Takes in finished background work; true when none is pending. */
bool ui_app_idle(struct ui_app *app);
/* Blocks until some background work finishes, or timeout_ms (-1: no limit). */
void ui_app_wait(struct ui_app *app, int timeout_ms);
/* Asks the background work to stop; true once it has (within timeout_ms,
 * -1: no limit).  The graph cannot be interrupted. */
bool ui_app_stop(struct ui_app *app, int timeout_ms);
/* Writes the draft if the review state changed since it was last
 * written (with opts.drafts); -1 with err set when that failed. */
int ui_app_persist(struct ui_app *app, struct error *err);
/* Whether review work exists that no draft holds (quitting loses it). */
bool ui_app_unsaved(const struct ui_app *app);

/* Sensitive values the reviewer revealed in this session: the change's
 * address and the attribute path. */
size_t ui_app_revealed_count(const struct ui_app *app);
void ui_app_revealed_at(const struct ui_app *app, size_t i, const char **address,
			const char **path);
/* Changes marked reviewed. */
size_t ui_app_reviewed_count(const struct ui_app *app);
/* Times of the background work for --timings: -1 when not done. */
void ui_app_timings(const struct ui_app *app, double *checks_ms, double *graph_ms);

#endif
