/* app.h - the review UI as a state machine: one event in, one screen out.
 *
 * The loop is split so that a key script drives exactly the code a
 * terminal drives (style 5.11): ui_app_handle() takes one input,
 * ui_app_render() draws the whole screen (only visible rows), and
 * ui_app_idle() says whether background work is pending (a script waits
 * for it before the next key).
 *
 * The app borrows the plan, the canvas and the keymap; they must outlive
 * it.  Findings come from outside (ui_app_set_findings) so that the rule
 * engine can feed them when its branch lands; until then the findings
 * pane says that no checks have run.
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

struct ui_app_opts {
	bool show_unchanged;
	bool mouse;
};

enum ui_app_status {
	UI_APP_RUNNING,
	UI_APP_QUIT,
};

struct ui_app *ui_app_new(const struct plan *plan, struct ui_canvas *cv, const struct keymap *km,
			  const struct ui_app_opts *opts);
void ui_app_free(struct ui_app **app);

/* Processes one input (a key, a mouse event, a resize). */
enum ui_app_status ui_app_handle(struct ui_app *app, const struct keymap_input *in);
/* Draws the whole screen into the canvas (and curses). */
void ui_app_render(struct ui_app *app);
/* True while background work is pending. */
bool ui_app_idle(const struct ui_app *app);

/* Findings over the plan, sorted highest severity first (borrowed; must
 * outlive the app or be replaced).  NULL/0 means no checks have run. */
void ui_app_set_findings(struct ui_app *app, const struct finding *const *items, size_t n,
			 bool checks_ran);

/* Sensitive values the reviewer revealed, for the review record:
 * the change's address and the attribute path. */
size_t ui_app_revealed_count(const struct ui_app *app);
void ui_app_revealed_at(const struct ui_app *app, size_t i, const char **address,
			const char **path);
/* Changes marked reviewed, and whether the marks are saved. */
size_t ui_app_reviewed_count(const struct ui_app *app);

#endif
