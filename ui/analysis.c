/* analysis.c - the checks and the graph, each on a worker thread. */
#include "analysis.h"

#include <string.h>

#include "digest.h"
#include "job.h"
#include "mem.h"
#include "xalloc.h"

static void
progress(void *ctx, size_t done, size_t total)
{
	ui_job_set_progress(ctx, done, total);
}

static int
checks_work(struct ui_job *job, void *ctx, struct error *err)
{
	struct ui_analysis *a = ctx;
	struct checks_opts co = a->copts;

	co.progress = progress;
	co.progress_ctx = job;
	co.cancel = ui_job_cancel_flag(job);
	return checks_run(a->plan, &co, &a->w_findings, err);
}

/* The graph, then how many resources depend on each destroy and replace
 * (what their tree rows show).  Counting is linear in what each reaches;
 * a cancel stops it between two counts. */
static int
graph_work(struct ui_job *job, void *ctx, struct error *err)
{
	struct ui_analysis *a = ctx;
	size_t i, n = plan_change_count(a->plan);
	volatile int *cancel = ui_job_cancel_flag(job);

	if (graph_build(&a->w_graph, a->plan, err) < 0)
		return -1;
	a->w_dependents = mem_calloc(n + 1, sizeof(*a->w_dependents));
	if (!a->w_dependents)
		return error_set(err, ERROR_NOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(a->plan, i);
		size_t count = 0;

		a->w_dependents[i] = UI_DEPENDENTS_UNKNOWN;
		if (c->section != PLAN_SECTION_CHANGE ||
		    (c->action != PLAN_ACTION_DELETE && c->action != PLAN_ACTION_REPLACE))
			continue;
		if (*cancel)
			return error_set(err, ERROR_INTERNAL, "cancelled");
		if (graph_count_dependents(a->w_graph, i, &count, err) < 0)
			return -1;
		a->w_dependents[i] = count > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)count;
	}
	return 0;
}

void
ui_analysis_start(struct ui_analysis *a, const struct plan *plan, const struct checks_opts *copts,
		  bool graph)
{
	uint8_t mac[16];

	memset(a, 0, sizeof(*a));
	a->plan = plan;
	/* the keyed digest of sensitive values sets its key on first use:
	 * set it now, before threads could race to */
	digest_session_mac("", 0, mac);
	if (copts) {
		a->copts = *copts;
		a->checks = UI_WORK_RUNNING;
		ui_job_start(&a->checks_job, checks_work, a);
	}
	if (graph) {
		a->graph = UI_WORK_RUNNING;
		ui_job_start(&a->graph_job, graph_work, a);
	}
}

unsigned
ui_analysis_poll(struct ui_analysis *a)
{
	unsigned what = 0;

	if (a->checks_job && ui_job_is_done(a->checks_job)) {
		struct error err = ERROR_INIT;

		a->checks_ms = ui_job_elapsed_ms(a->checks_job);
		if (ui_job_finish(&a->checks_job, &err) < 0) {
			finding_set_free(&a->w_findings);
			a->checks_err = err;
			a->checks = UI_WORK_FAILED;
		} else {
			a->findings = a->w_findings;
			a->w_findings = NULL;
			a->checks = UI_WORK_DONE;
		}
		what |= UI_ANALYSIS_CHECKS;
	}
	if (a->graph_job && ui_job_is_done(a->graph_job)) {
		struct error err = ERROR_INIT;

		a->graph_ms = ui_job_elapsed_ms(a->graph_job);
		if (ui_job_finish(&a->graph_job, &err) < 0) {
			graph_free(&a->w_graph);
			mem_free(a->w_dependents);
			a->w_dependents = NULL;
			a->graph_err = err;
			a->graph = UI_WORK_FAILED;
		} else {
			a->g = a->w_graph;
			a->dependents = a->w_dependents;
			a->w_graph = NULL;
			a->w_dependents = NULL;
			a->graph = UI_WORK_DONE;
		}
		what |= UI_ANALYSIS_GRAPH;
	}
	return what;
}

bool
ui_analysis_busy(const struct ui_analysis *a)
{
	return a->checks_job || a->graph_job;
}

void
ui_analysis_wait(struct ui_analysis *a, int timeout_ms)
{
	int waited = 0;

	/* in slices, on whichever is running: the first to finish returns */
	while (ui_analysis_busy(a)) {
		int slice = 10;

		if ((a->checks_job && ui_job_is_done(a->checks_job)) ||
		    (a->graph_job && ui_job_is_done(a->graph_job)))
			return;
		if (timeout_ms >= 0 && waited >= timeout_ms)
			return;
		if (timeout_ms >= 0 && timeout_ms - waited < slice)
			slice = timeout_ms - waited;
		if (ui_job_wait(a->checks_job ? a->checks_job : a->graph_job, slice))
			return;
		waited += slice;
	}
}

int
ui_analysis_checks_percent(struct ui_analysis *a)
{
	size_t done, total;

	if (!a->checks_job)
		return -1;
	ui_job_progress(a->checks_job, &done, &total);
	if (!total)
		return 0;
	return done >= total ? 99 : (int)(done * 100 / total);
}

bool
ui_analysis_stop(struct ui_analysis *a, int timeout_ms)
{
	ui_job_cancel(a->checks_job);
	ui_job_cancel(a->graph_job);
	if (a->checks_job)
		ui_job_wait(a->checks_job, timeout_ms);
	if (a->graph_job)
		ui_job_wait(a->graph_job, timeout_ms);
	ui_analysis_poll(a);
	return !ui_analysis_busy(a);
}

void
ui_analysis_release(struct ui_analysis *a)
{
	if (ui_analysis_busy(a))
		ui_analysis_stop(a, -1);
	finding_set_free(&a->findings);
	graph_free(&a->g);
	mem_free(a->dependents);
	a->dependents = NULL;
}
