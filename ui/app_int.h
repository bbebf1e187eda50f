/* app_int.h - the inside of struct ui_app, shared by app.c and the views.
 *
 * Each pane is a view with its own file (view_tree.c, view_detail.c,
 * view_findings.c, view_blast.c) behind struct ui_view_ops, so panes fed
 * by other parts of signoff plug in the same way.  The review state
 * (marks, acknowledgements, the draft) is marks.c; decisions and their
 * confirmation screen are view_sign.c; the background work is analysis.c.
 */
#ifndef SIGNOFF_UI_APP_INT_H
#define SIGNOFF_UI_APP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "app.h"
#include "buf.h"
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

/* A row of the blast pane: one dependent, in tree preorder. */
struct ui_blast_row {
	uint32_t dep;            /* index in the blast's deps[] */
	uint32_t depth;          /* edges from the root (>= 1) */
	uint64_t last_mask;      /* bit d: the ancestor at depth d+1 is a last child */
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
	UI_PROMPT_ACK,           /* the reason for acknowledging app->ack_id */
	UI_PROMPT_COMMENT,       /* the comment of app->decide */
};

enum ui_confirm {
	UI_CONFIRM_QUIT,
	UI_CONFIRM_REVEAL,
};

enum ui_overlay {
	UI_OVERLAY_NONE,
	UI_OVERLAY_HELP,
	UI_OVERLAY_FILTER,
	UI_OVERLAY_SIGN,         /* the confirmation before a decision is signed */
};

enum ui_findings_mode {
	UI_FINDINGS_SELECTION,
	UI_FINDINGS_ALL,
};

#define UI_FILTER_ITEMS (PLAN_ACTION_COUNT + 2)

struct decision;
struct draft;
struct graph_blast;
struct review_ack;
struct signer;

/* A decision on its way to being signed (view_sign.c). */
struct ui_decide {
	int decision;             /* enum review_decision, -1 when none */
	struct signer *signer;
	struct decision *d;
	/* what the request borrows until it is signed */
	struct review_ack *acks;
	const char **reviewed;
	char *bundle;             /* the review bundle to append to */
	struct buf text;          /* the confirmation screen's lines (escaped) */
	size_t top;
};

struct ui_app {
	const struct plan *plan;
	struct ui_canvas *cv;
	const struct keymap *km;
	struct ui_app_opts opts;
	struct plan_counts counts;

	struct ui_tree tree;
	struct ui_detail detail;
	bool detail_dirty;
	int detail_width;
	size_t detail_for;        /* the change the detail list was built for */

	struct ui_layout layout;
	struct ui_layout_state lstate;
	enum ui_pane focus;
	struct ui_list list[UI_PANE_COUNT];
	int height[UI_PANE_COUNT];   /* content rows at the last render */

	/* background work: findings and the graph (analysis.h) */
	struct ui_analysis an;
	const struct finding_set *findings;   /* an.findings once the checks are done */
	size_t nfindings;
	size_t sev_count[SEVERITY_COUNT];
	int threshold;            /* enum severity an approval is held to */

	struct graph_blast *blast;
	struct ui_blast_row *brows;
	size_t nbrows, cbrows;
	size_t blast_root;        /* SIZE_MAX: none */

	const struct finding **frows;   /* findings listed in the pane */
	size_t nfrows, cfrows;
	size_t frows_for;         /* change the list was made for (SIZE_MAX: all) */
	enum ui_findings_mode fmode;

	/* review state (marks.c): the draft holds marks by address,
	 * acknowledgements by finding id, the comment and revealed addresses */
	struct draft *draft;
	bool draft_dirty;         /* changed since it was last written */
	bool draft_saved;         /* a draft file holds the current state */
	bool draft_signed;        /* the last signed decision recorded the current state */
	size_t open_findings;     /* at or above the threshold, neither waived nor acked */
	size_t open_changes;      /* destroys and replaces not marked reviewed */
	char *ack_id;             /* the finding the ACK prompt is about */
	struct ui_decide decide;

	enum ui_prompt prompt;
	struct buf input;
	enum ui_confirm confirm;
	size_t reveal_change;
	char *reveal_path;

	enum ui_overlay overlay;
	size_t help_top;
	size_t fm_cursor, fm_top;
	unsigned fm_actions;
	bool fm_unreviewed;

	struct search *search;
	uint32_t *matches;        /* changes, then nchanges + output, in tree order */
	size_t nmatches, cmatches;
	bool matches_stale;       /* the filter changed since they were collected */

	int pending[KEYMAP_SEQ_MAX];
	size_t npending;

	struct buf msg;
	char **warnings;              /* the loader's warnings, escaped for the screen */
	size_t nwarnings;
	enum theme_role msg_role;

	struct ui_reveal *reveals;
	size_t nreveals, creveals;
	bool quit;
};

/* ---- shared helpers (app.c) ---- */

void ui_app_message(struct ui_app *app, enum theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An error as "PATH:LINE:COL: message", escaped, appended to out. */
void ui_app_error_text(const struct ui_app *app, const struct error *err, struct buf *out);
/* The status line says what failed: what (ours) and the error. */
void ui_app_error_message(struct ui_app *app, const char *what, const struct error *err);
/* The change the tree's cursor is on, or SIZE_MAX for a group row. */
size_t ui_app_selected_change(const struct ui_app *app);
/* The group the tree's cursor is on, or SIZE_MAX for a change row. */
size_t ui_app_selected_group(const struct ui_app *app);
/* The output the tree's cursor is on, or SIZE_MAX. */
size_t ui_app_selected_output(const struct ui_app *app);
/* Moves the tree's cursor to a change, unfolding its groups; false if the
 * filter hides it. */
bool ui_app_select_change(struct ui_app *app, size_t change);
/* Moves the tree's cursor to a root output, unfolding the outputs; false
 * if the tree does not list it. */
bool ui_app_select_output(struct ui_app *app, size_t output);
/* Makes sure the detail lines are those of the selection. */
void ui_app_detail_refresh(struct ui_app *app);
bool ui_app_is_revealed(const struct ui_app *app, size_t change, const char *path);
/* Starts the reveal confirmation for a detail line. */
void ui_app_ask_reveal(struct ui_app *app, size_t line);
void ui_app_toggle_reviewed(struct ui_app *app, size_t change);
void ui_app_focus(struct ui_app *app, enum ui_pane pane);

const struct ui_view_ops *ui_app_view(enum ui_pane pane);
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
/* Rows the status area needs at this width: 2 while a message is longer
 * than the line, else 1. */
int ui_status_rows(struct ui_app *app, int cols);
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
/* The blast pane's tree is made again for the next render. */
void ui_blast_reset(struct ui_app *app);
const struct finding *ui_app_finding(const struct ui_app *app, size_t i);
/* The finding under the findings pane's cursor, or NULL. */
const struct finding *ui_findings_selected(const struct ui_app *app);

/* ---- review state (marks.c) ---- */

/* The draft for this plan: loaded (with opts.drafts) and applied to the
 * tree, or a new one; says so in the status line. */
void ui_marks_init(struct ui_app *app);
void ui_marks_release(struct ui_app *app);
/* Marks a change reviewed or not, in the tree and the draft (call
 * ui_marks_changed after a batch). */
void ui_marks_set_reviewed(struct ui_app *app, size_t change, bool on);
/* After marks were set: counts again and says the draft changed. */
void ui_marks_changed(struct ui_app *app);
void ui_marks_revealed(struct ui_app *app, size_t change);
/* The reason a finding was acknowledged with, or NULL. */
const char *ui_marks_ack_reason(const struct ui_app *app, const struct finding *f);
/* Asks for the reason to acknowledge a finding (the ACK prompt). */
void ui_marks_ask_ack(struct ui_app *app, const struct finding *f);
/* The reason typed at the ACK prompt ("" removes the acknowledgement). */
void ui_marks_ack(struct ui_app *app, const char *reason);
/* Counts what an approval still needs (open_findings, open_changes). */
void ui_marks_count(struct ui_app *app);
int ui_marks_persist(struct ui_app *app, struct error *err);

/* ---- decisions (view_sign.c) ---- */

void ui_decide_init(struct ui_app *app);
void ui_decide_release(struct ui_app *app);
/* a or r: checks what an approval needs, then asks for the comment. */
void ui_decide_start(struct ui_app *app, int decision);
/* The comment typed: prepares the decision and shows the confirmation. */
void ui_decide_comment(struct ui_app *app, const char *comment);
/* A key while the confirmation is shown: y signs, n or Esc goes back. */
void ui_decide_key(struct ui_app *app, int key, enum keymap_request req);
void ui_draw_sign(struct ui_app *app);

#endif
