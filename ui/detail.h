/* detail.h - the lines of the detail pane for one change: a header that
 * explains the change (action, reason, what forces a replace and in which
 * order, moves, imports, deposed objects, drift, dependencies), then the
 * attribute diff (src/diff.h) as foldable lines, then drift.
 *
 * Lines are built once per selection (and again after a fold, `u`, a
 * reveal or a resize), each as segments of escaped text with a role; the
 * view draws only the visible ones.  Sensitive values show whether they
 * changed without showing them; a revealed value (the reviewer asked and
 * confirmed) is read back from the source, shown, and its text wiped
 * when the lines are rebuilt.
 */
#ifndef SIGNOFF_UI_DETAIL_H
#define SIGNOFF_UI_DETAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diff.h"
#include "finding.h"
#include "plan.h"
#include "theme.h"

struct graph;
struct ui_canvas;
struct ui_tree;

enum ui_dline_flags {
	UI_DL_FOLDABLE = 1 << 0,
	UI_DL_FOLDED = 1 << 1,
	UI_DL_CHANGED = 1 << 2,     /* an attribute that changes (for ]c) */
	UI_DL_SENSITIVE = 1 << 3,   /* a masked value that can be revealed */
	UI_DL_REVEALED = 1 << 4,
	UI_DL_ATTR = 1 << 5,        /* an attribute line (has a path) */
};

struct ui_dseg {
	uint32_t off, len;          /* in ui_detail.text */
	uint8_t role;
};

struct ui_dline {
	uint32_t seg, nseg;
	int32_t parent;             /* enclosing foldable line, -1 */
	uint16_t flags;
	uint16_t indent;
	const struct diff_node *node;
	uint32_t path_off, path_len; /* attribute path, in text */
};

struct ui_detail_ctx {
	const struct plan *plan;
	const struct ui_tree *tree;
	const struct graph *graph;         /* may be NULL */
	bool graph_pending;                /* NULL because it is being built */
	const struct ui_canvas *cv;
	bool show_unchanged;
	int width;
	/* whether (change, path) was revealed */
	bool (*is_revealed)(void *ctx, size_t change, const char *path);
	void *reveal_ctx;
	/* findings on this change, highest first (may be none) */
	const struct finding *const *findings;
	size_t nfindings;
};

struct ui_detail {
	size_t change;              /* SIZE_MAX: nothing selected */
	size_t output;              /* an output instead of a change, or SIZE_MAX */
	struct diff *diff, *drift;
	struct buf text;
	struct ui_dseg *segs;
	size_t nsegs, csegs;
	struct ui_dline *lines;
	size_t nlines, clines;
	const void **toggled;       /* diff nodes whose fold state is not the default */
	size_t ntoggled, ctoggled;
	size_t first_attr;          /* first line of the attribute diff */
};

void ui_detail_init(struct ui_detail *d);
void ui_detail_release(struct ui_detail *d);

/* Builds the lines of a change (SIZE_MAX for none).  Fold toggles are
 * kept while the change stays the same. */
void ui_detail_build(struct ui_detail *d, const struct ui_detail_ctx *ctx, size_t change);
/* Builds the lines of a root output that changes. */
void ui_detail_build_output(struct ui_detail *d, const struct ui_detail_ctx *ctx, size_t output);
/* Flips the fold of a foldable line (rebuild afterwards). */
void ui_detail_toggle(struct ui_detail *d, size_t line);
/* The attribute path of a line ("" for none). */
const char *ui_detail_path(const struct ui_detail *d, size_t line, size_t *len);
/* The first line whose path is `path`, or -1. */
long ui_detail_find_path(const struct ui_detail *d, const char *path);

#endif
