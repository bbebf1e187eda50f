/* analysis.h - what the review works out in the background: the security
 * checks (a finding set) and the dependency graph (with the number of
 * resources that depend on every destroy and replace).
 *
 * Both start when the review opens, each on its own thread (job.h), so
 * the tree is on screen before either is done.  The UI thread calls
 * ui_analysis_poll() between inputs; it returns what finished since the
 * last call, and from then on the results below are the UI's to read.
 *
 * The plan is borrowed by the workers: it must not change or be freed
 * until ui_analysis_stop() returned true.  No curses here.
 */
#ifndef SIGNOFF_UI_ANALYSIS_H
#define SIGNOFF_UI_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "finding.h"
#include "graph.h"
#include "plan.h"

struct ui_job;

enum ui_work {
	UI_WORK_OFF,        /* not asked for */
	UI_WORK_RUNNING,
	UI_WORK_DONE,
	UI_WORK_FAILED,     /* the error says why */
};

enum ui_analysis_what {
	UI_ANALYSIS_CHECKS = 1 << 0,
	UI_ANALYSIS_GRAPH = 1 << 1,
};

#define UI_DEPENDENTS_UNKNOWN UINT32_MAX

struct ui_analysis {
	const struct plan *plan;

	enum ui_work checks;
	struct finding_set *findings;  /* when checks == DONE */
	struct error checks_err;       /* when checks == FAILED */
	double checks_ms;

	enum ui_work graph;
	struct graph *g;               /* when graph == DONE */
	/* per change: transitive dependents of a destroy or replace, else
	 * UI_DEPENDENTS_UNKNOWN (when graph == DONE) */
	uint32_t *dependents;
	struct error graph_err;
	double graph_ms;

	/* the workers' side: theirs until their job is done */
	struct checks_opts copts;
	struct ui_job *checks_job, *graph_job;
	struct finding_set *w_findings;
	struct graph *w_graph;
	uint32_t *w_dependents;
};

/* Starts the checks (when copts is not NULL; borrowed, with everything it
 * points to, until the checks are done) and the graph. */
void ui_analysis_start(struct ui_analysis *a, const struct plan *plan,
		       const struct checks_opts *copts, bool graph);
/* Takes in finished work; returns the UI_ANALYSIS_* bits of what finished
 * since the last call. */
unsigned ui_analysis_poll(struct ui_analysis *a);
bool ui_analysis_busy(const struct ui_analysis *a);
/* Blocks until some work finishes or timeout_ms passed (-1: no limit). */
void ui_analysis_wait(struct ui_analysis *a, int timeout_ms);
/* Checks progress in percent, or -1 when not running. */
int ui_analysis_checks_percent(struct ui_analysis *a);
/* Asks the work to stop and waits up to timeout_ms (-1: until it has).
 * The graph cannot be interrupted; false while it still builds. */
bool ui_analysis_stop(struct ui_analysis *a, int timeout_ms);
/* Frees the results; the work must have stopped. */
void ui_analysis_release(struct ui_analysis *a);

#endif
