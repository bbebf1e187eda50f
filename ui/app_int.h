/* app_int.h - the inside of struct ui_app, shared by app.c and the views.
 *
 * Each pane is a view with its own file (view_tree.c, view_detail.c,
 * view_findings.c, view_blast.c) behind struct ui_view_ops, so panes fed
 * by other parts of signoff plug in the same way.
 */
#ifndef SIGNOFF_UI_APP_INT_H
#define SIGNOFF_UI_APP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "buf.h"
#include "deps.h"
#include "detail.h"
#include "draw.h"
#include "keymap.h"
#include "layout.h"
#include "search.h"
#include "theme.h"
#include "tree.h"

struct ui_list {
	size_t cursor, top;
};

struct ui_view_ops {
	const char *name;
	/* draws the pane's content below its title row */
	void (*draw)(struct ui_app *app, const struct ui_rect *r, bool focused);
	/* the title row's text (escaped), e.g. "Changes 25" */
	void (*title)(struct ui_app *app, struct buf *out);
	/* rows in the pane, for moving the cursor */
	size_t (*rows)(struct ui_app *app);
	/* handles a request; false if the view has nothing to do with it */
	bool (*request)(struct ui_app *app, enum keymap_request req);
	/* a click on a row (already the cursor) */
	void (*click)(struct ui_app *app, size_t row, bool again);
	/* requests to show as hints in the status line, KEYMAP_REQ_NONE ends */
	const enum keymap_request *hints;
};

extern const struct ui_view_ops ui_view_tree;
extern const struct ui_view_ops ui_view_detail;
extern const struct ui_view_ops ui_view_findings;
extern const struct ui_view_ops ui_view_blast;

struct ui_blast_row {
	uint32_t change;
	uint16_t depth;
	bool repeat;             /* already listed above: not expanded again */
	bool cycle;              /* points back at an ancestor row */
	const char *via;
	uint64_t last_mask;      /* bit d: the ancestor at depth d is a last child */
};

struct ui_reveal {
	size_t change;
	char *path;
};

enum ui_prompt {
	UI_PROMPT_NONE,
	UI_PROMPT_SEARCH,
	UI_PROMPT_COMMAND,
	UI_PROMPT_CONFIRM,
};

enum ui_confirm {
	UI_CONFIRM_QUIT,
	UI_CONFIRM_REVEAL,
};

enum ui_overlay {
	UI_OVERLAY_NONE,
	UI_OVERLAY_HELP,
	UI_OVERLAY_FILTER,
};

enum ui_findings_mode {
	UI_FINDINGS_SELECTION,
	UI_FINDINGS_ALL,
};

#define UI_FILTER_ITEMS (PLAN_ACTION_COUNT + 2)

struct ui_app {
	const struct plan *plan;
	struct ui_canvas *cv;
	const struct keymap *km;
	struct ui_app_opts opts;
	struct plan_counts counts;

	struct ui_tree tree;
	struct ui_deps deps;
	struct ui_detail detail;
	bool detail_dirty;
	int detail_width;
	size_t detail_for;        /* the change the detail list was built for */

	struct ui_layout layout;
	struct ui_layout_state lstate;
	enum ui_pane focus;
	struct ui_list list[UI_PANE_COUNT];
	int height[UI_PANE_COUNT];   /* content rows at the last render */

	struct ui_blast_row *blast;
	size_t nblast, cblast;
	size_t blast_root;
	bool blast_truncated;

	const struct finding *const *findings;
	size_t nfindings;
	bool checks_ran;
	size_t sev_count[SEVERITY_COUNT];
	uint32_t *frows;          /* findings listed in the pane */
	size_t nfrows, cfrows;
	size_t frows_for;         /* change the list was made for (SIZE_MAX: all) */
	enum ui_findings_mode fmode;

	enum ui_prompt prompt;
	struct buf input;
	enum ui_confirm confirm;
	size_t reveal_change;
	char *reveal_path;

	enum ui_overlay overlay;
	size_t help_top;
	size_t fm_cursor;
	unsigned fm_actions;
	bool fm_unreviewed;

	struct search *search;
	uint32_t *matches;        /* changes, in tree order */
	size_t nmatches, cmatches;
	bool matches_stale;       /* the filter changed since they were collected */

	int pending[KEYMAP_SEQ_MAX];
	size_t npending;

	struct buf msg;
	enum theme_role msg_role;

	struct ui_reveal *reveals;
	size_t nreveals, creveals;
	bool quit;
};

/* ---- shared helpers (app.c) ---- */

void ui_app_message(struct ui_app *app, enum theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The change the tree's cursor is on, or SIZE_MAX for a group row. */
size_t ui_app_selected_change(const struct ui_app *app);
/* The group the tree's cursor is on, or SIZE_MAX for a change row. */
size_t ui_app_selected_group(const struct ui_app *app);
/* The output the tree's cursor is on, or SIZE_MAX. */
size_t ui_app_selected_output(const struct ui_app *app);
/* Moves the tree's cursor to a change, unfolding its groups; false if the
 * filter hides it. */
bool ui_app_select_change(struct ui_app *app, size_t change);
/* Makes sure the detail lines are those of the selection. */
void ui_app_detail_refresh(struct ui_app *app);
bool ui_app_is_revealed(const struct ui_app *app, size_t change, const char *path);
/* Starts the reveal confirmation for a detail line. */
void ui_app_ask_reveal(struct ui_app *app, size_t line);
void ui_app_toggle_reviewed(struct ui_app *app, size_t change);
void ui_app_focus(struct ui_app *app, enum ui_pane pane);

const struct ui_view_ops *ui_app_view(enum ui_pane pane);
enum theme_role ui_action_role(enum plan_action action);
enum theme_role ui_severity_role(int severity);
const char *ui_severity_name(int severity);

/* Lists. */
void ui_list_move(struct ui_list *l, long delta, size_t n);
void ui_list_set(struct ui_list *l, size_t i, size_t n);
/* Keeps the cursor on screen for a height of h rows. */
void ui_list_scroll(struct ui_list *l, size_t n, int h);

/* Bars and overlays (view_bars.c, view_help.c). */
void ui_draw_header(struct ui_app *app, const struct ui_rect *r);
void ui_draw_status(struct ui_app *app, const struct ui_rect *r);
void ui_draw_help(struct ui_app *app);
void ui_draw_filter_menu(struct ui_app *app);
/* Lines of the help overlay (for scrolling). */
size_t ui_help_line_count(const struct ui_app *app);
void ui_filter_menu_open(struct ui_app *app);
/* Handles a key while the filter menu is open. */
void ui_filter_menu_key(struct ui_app *app, int key, enum keymap_request req);
/* Findings pane rows (view_findings.c) and blast rows (view_blast.c). */
void ui_findings_refresh(struct ui_app *app);
void ui_blast_refresh(struct ui_app *app);

#endif
