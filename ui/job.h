/* job.h - one piece of background work on its own thread.
 *
 * The review UI draws the tree first and runs the slow analyses (the
 * rule engine, the dependency graph) on worker threads, so a key press
 * is never held up by them.  A job runs fn(job, ctx, err) once; the UI
 * thread polls ui_job_is_done() between key presses (the headless driver
 * waits with ui_job_wait() so that screens are deterministic) and then
 * collects the result with ui_job_finish().
 *
 * Whatever ctx points to belongs to the worker until the job is done;
 * the UI thread may read only the progress counters and set the cancel
 * flag meanwhile.  Workers run with every signal blocked, so SIGHUP and
 * SIGTERM reach the UI thread (whose handler saves the draft).
 *
 *   ui_job_start(&job, fn, ctx)          the thread runs fn
 *   ui_job_progress(job, &done, &total)  any time
 *   ui_job_is_done(job)                  any time, never blocks
 *   ui_job_finish(&job, &err)            joins; fn's return value, err copied
 *
 * No curses here.
 */
#ifndef SIGNOFF_UI_JOB_H
#define SIGNOFF_UI_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct ui_job;

typedef int (*ui_job_fn)(struct ui_job *job, void *ctx, struct error *err);

/* Starts fn on a new thread; when no thread can be made, runs it here
 * before returning (the result is the same, only later). */
void ui_job_start(struct ui_job **out, ui_job_fn fn, void *ctx);

bool ui_job_is_done(struct ui_job *job);
/* Waits until the job is done or timeout_ms passed (-1: no limit). */
bool ui_job_wait(struct ui_job *job, int timeout_ms);

/* For the worker: how far it got, as it last said. */
void ui_job_set_progress(struct ui_job *job, size_t done, size_t total);
void ui_job_progress(struct ui_job *job, size_t *done, size_t *total);
/* The flag a worker polls to stop early (checks_opts.cancel takes it). */
volatile int *ui_job_cancel_flag(struct ui_job *job);
void ui_job_cancel(struct ui_job *job);
/* Milliseconds the work took (once done). */
double ui_job_elapsed_ms(struct ui_job *job);

/* Joins the thread, frees the job and returns what fn returned (with
 * its error in err).  NULL-safe: a NULL job returns 0. */
int ui_job_finish(struct ui_job **job, struct error *err);

#endif
