/* test_ui_analysis.c - background work: a job on its thread (progress,
 * cancel, errors), and the review's analyses on the demo plan (the same
 * findings as checks_run, the graph's dependents on destroys and
 * replaces, a broken rule pack reported with its position). */
#include <criterion/criterion.h>
#include <string.h>
#include <time.h>

#include "unit/check.h"

#include "analysis.h"
#include "job.h"
#include "load.h"
#include "plan.h"

static struct plan *
load(const char *path)
{
	struct plan *plan = NULL;
	struct load_opts o;
	struct error err = ERROR_INIT;

	memset(&o, 0, sizeof(o));
	o.path = path;
	cr_assert_eq(load_plan(&plan, &o, &err), 0, "%s: %s", path, err.msg);
	return plan;
}

/* ---- jobs ---- */

/* Says how far it got, then waits to be cancelled. */
static int
patient(struct ui_job *job, void *ctx, struct error *err)
{
	volatile int *cancel = ui_job_cancel_flag(job);
	struct timespec nap = { 0, 1000000 };
	int i;

	(void)ctx;
	ui_job_set_progress(job, 3, 10);
	for (i = 0; i < 10000 && !*cancel; i++)
		nanosleep(&nap, NULL);
	return *cancel ? error_set(err, ERROR_INTERNAL, "cancelled") : 0;
}

Test(job, progress_while_running_then_cancelled)
{
	struct ui_job *job = NULL;
	struct error err = ERROR_INIT;
	size_t done = 0, total = 0;
	int i;

	ui_job_start(&job, patient, NULL);
	for (i = 0; i < 5000 && total == 0; i++) {
		struct timespec nap = { 0, 1000000 };

		ui_job_progress(job, &done, &total);
		if (!total)
			nanosleep(&nap, NULL);
	}
	cr_assert_eq(done, 3);
	cr_assert_eq(total, 10);
	cr_assert(!ui_job_is_done(job), "it waits to be cancelled");
	cr_assert(!ui_job_wait(job, 5), "a short wait times out");
	ui_job_cancel(job);
	cr_assert(ui_job_wait(job, -1));
	cr_assert(ui_job_is_done(job));
	cr_assert_eq(ui_job_finish(&job, &err), -1);
	cr_assert_null(job);
	cr_assert_str_eq(err.msg, "cancelled");
	cr_assert_eq(ui_job_finish(&job, &err), 0, "NULL-safe");
	CHECK_NO_LEAKS();
}

static int
fails(struct ui_job *job, void *ctx, struct error *err)
{
	(void)job;
	return error_set_at(err, ERROR_SYNTAX, ctx, 4, 2, "bad thing");
}

Test(job, error_and_location_come_back)
{
	struct ui_job *job = NULL;
	struct error err = ERROR_INIT;
	char path[] = "rules/x.yaml";

	ui_job_start(&job, fails, path);
	cr_assert_eq(ui_job_finish(&job, &err), -1);
	cr_assert_eq(err.code, ERROR_SYNTAX);
	cr_assert_str_eq(err.path, "rules/x.yaml");
	cr_assert_eq(err.line, 4);
	cr_assert_eq(err.col, 2);
	CHECK_NO_LEAKS();
}

/* ---- the review's analyses ---- */

static size_t
change(const struct plan *plan, const char *address)
{
	const struct plan_change *c = plan_find_change(plan, address, PLAN_SECTION_CHANGE);

	cr_assert_not_null(c, "%s", address);
	return c->index;
}

static void
finish(struct ui_analysis *a)
{
	unsigned what = 0;

	while (ui_analysis_busy(a)) {
		ui_analysis_wait(a, 100);
		what |= ui_analysis_poll(a);
	}
	what |= ui_analysis_poll(a);
	cr_assert_eq(what & (UI_ANALYSIS_CHECKS | UI_ANALYSIS_GRAPH),
		     UI_ANALYSIS_CHECKS | UI_ANALYSIS_GRAPH, "both reported once done");
}

Test(analysis, findings_and_dependents_of_the_demo)
{
	struct plan *plan = load("testdata/demo/plan.json");
	struct checks_opts co;
	struct ui_analysis a;
	struct finding_set *direct = NULL;
	struct error err = ERROR_INIT;
	size_t i, n;

	memset(&co, 0, sizeof(co));
	ui_analysis_start(&a, plan, &co, true);
	finish(&a);
	cr_assert_eq(a.checks, UI_WORK_DONE, "%s", a.checks_err.msg);
	cr_assert_eq(a.graph, UI_WORK_DONE, "%s", a.graph_err.msg);
	/* the same findings, in the same order, as the engine gives headless */
	cr_assert_eq(checks_run(plan, &co, &direct, &err), 0, "%s", err.msg);
	n = finding_set_count(direct);
	cr_assert_eq(n, 34);
	cr_assert_eq(finding_set_count(a.findings), n);
	for (i = 0; i < n; i++)
		cr_assert_str_eq(finding_set_at(a.findings, i)->id, finding_set_at(direct, i)->id);
	/* what depends on destroys and replaces, as `signoff blast` counts it */
	cr_assert_eq(a.dependents[change(plan, "module.app.aws_lb_target_group.web")], 2);
	cr_assert_eq(a.dependents[change(plan, "module.network.aws_nat_gateway.main")], 1);
	cr_assert_eq(a.dependents[change(plan, "aws_instance.bastion")], 0);
	cr_assert_eq(a.dependents[change(plan, "aws_cloudwatch_log_group.legacy")], 0);
	/* not counted for anything else */
	cr_assert_eq(a.dependents[change(plan, "module.network.aws_vpc.main")],
		     UI_DEPENDENTS_UNKNOWN);
	cr_assert_eq(a.dependents[change(plan, "aws_s3_bucket.logs")], UI_DEPENDENTS_UNKNOWN);
	for (i = 0; i < plan_change_count(plan); i++) {
		const struct plan_change *c = plan_change_at(plan, i);
		size_t count = 0;

		if (a.dependents[i] == UI_DEPENDENTS_UNKNOWN)
			continue;
		cr_assert_eq(graph_count_dependents(a.g, i, &count, &err), 0);
		cr_assert_eq(a.dependents[i], count, "%s", c->address);
	}
	ui_analysis_release(&a);
	finding_set_free(&direct);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(analysis, a_broken_rule_pack_fails_with_its_position)
{
	struct plan *plan = load("testdata/demo/plan.json");
	const char *dirs[] = { "testdata/screens/review/bad-rules", NULL };
	struct checks_opts co;
	struct ui_analysis a;

	memset(&co, 0, sizeof(co));
	co.rule_dirs = dirs;
	ui_analysis_start(&a, plan, &co, false);
	cr_assert_eq(a.graph, UI_WORK_OFF);
	while (ui_analysis_busy(&a)) {
		ui_analysis_wait(&a, 100);
		ui_analysis_poll(&a);
	}
	cr_assert_eq(a.checks, UI_WORK_FAILED);
	cr_assert_null(a.findings);
	cr_assert_str_eq(a.checks_err.path, "testdata/screens/review/bad-rules/broken.yaml");
	cr_assert_eq(a.checks_err.line, 5);
	cr_assert(ui_analysis_stop(&a, 0), "nothing left to stop");
	ui_analysis_release(&a);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(analysis, nothing_asked_nothing_runs)
{
	struct plan *plan = load("testdata/demo/plan.json");
	struct ui_analysis a;

	ui_analysis_start(&a, plan, NULL, false);
	cr_assert(!ui_analysis_busy(&a));
	cr_assert_eq(ui_analysis_poll(&a), 0);
	cr_assert_eq(a.checks, UI_WORK_OFF);
	cr_assert_eq(ui_analysis_checks_percent(&a), -1);
	ui_analysis_release(&a);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}
