/* job.c - background work on POSIX threads. */
#include "job.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "mem.h"
#include "xalloc.h"

struct ui_job {
	pthread_t thread;
	bool threaded;
	ui_job_fn fn;
	void *ctx;
	/* under lock */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
	size_t done_units, total_units;
	int rc;
	struct error err;
	double start_ms, end_ms;
	volatile int cancel;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
run(struct ui_job *job)
{
	struct error err = ERROR_INIT;
	int rc = job->fn(job, job->ctx, &err);

	pthread_mutex_lock(&job->lock);
	job->rc = rc;
	job->err = err;
	job->end_ms = now_ms();
	job->done = true;
	pthread_cond_broadcast(&job->cond);
	pthread_mutex_unlock(&job->lock);
}

static void *
thread_main(void *arg)
{
	/* behind the UI thread when they compete for a CPU: a key press is
	 * drawn first (on Linux the nice value is per thread; elsewhere this
	 * may lower the whole process, which does no harm) */
	setpriority(PRIO_PROCESS, 0, 10);
	run(arg);
	return NULL;
}

void
ui_job_start(struct ui_job **out, ui_job_fn fn, void *ctx)
{
	struct ui_job *job = xcalloc(1, sizeof(*job));
	sigset_t all, old;

	job->fn = fn;
	job->ctx = ctx;
	pthread_mutex_init(&job->lock, NULL);
	pthread_cond_init(&job->cond, NULL);
	job->start_ms = now_ms();
	*out = job;
	/* the new thread inherits this mask: signals stay with the UI thread */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	job->threaded = pthread_create(&job->thread, NULL, thread_main, job) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!job->threaded)
		run(job);
}

bool
ui_job_is_done(struct ui_job *job)
{
	struct ui_job *j = job;
	bool done;

	pthread_mutex_lock(&j->lock);
	done = j->done;
	pthread_mutex_unlock(&j->lock);
	return done;
}

bool
ui_job_wait(struct ui_job *job, int timeout_ms)
{
	struct ui_job *j = job;
	struct timespec until;
	bool done;

	clock_gettime(CLOCK_REALTIME, &until);
	if (timeout_ms > 0) {
		until.tv_sec += timeout_ms / 1000;
		until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
	}
	pthread_mutex_lock(&j->lock);
	while (!j->done && timeout_ms != 0) {
		int rc = timeout_ms < 0 ? pthread_cond_wait(&j->cond, &j->lock)
					: pthread_cond_timedwait(&j->cond, &j->lock, &until);

		if (rc == ETIMEDOUT)
			break;
	}
	done = j->done;
	pthread_mutex_unlock(&j->lock);
	return done;
}

void
ui_job_set_progress(struct ui_job *job, size_t done, size_t total)
{
	pthread_mutex_lock(&job->lock);
	job->done_units = done;
	job->total_units = total;
	pthread_mutex_unlock(&job->lock);
}

void
ui_job_progress(struct ui_job *job, size_t *done, size_t *total)
{
	struct ui_job *j = job;

	pthread_mutex_lock(&j->lock);
	*done = j->done_units;
	*total = j->total_units;
	pthread_mutex_unlock(&j->lock);
}

volatile int *
ui_job_cancel_flag(struct ui_job *job)
{
	return &job->cancel;
}

void
ui_job_cancel(struct ui_job *job)
{
	if (job)
		job->cancel = 1;
}

double
ui_job_elapsed_ms(struct ui_job *job)
{
	struct ui_job *j = job;
	double ms;

	pthread_mutex_lock(&j->lock);
	ms = (j->done ? j->end_ms : now_ms()) - j->start_ms;
	pthread_mutex_unlock(&j->lock);
	return ms;
}

int
ui_job_finish(struct ui_job **pp, struct error *err)
{
	struct ui_job *job = *pp;
	int rc;

	if (!job)
		return 0;
	if (job->threaded)
		pthread_join(job->thread, NULL);
	rc = job->rc;
	if (err)
		*err = job->err;
	pthread_cond_destroy(&job->cond);
	pthread_mutex_destroy(&job->lock);
	mem_free(job);
	*pp = NULL;
	return rc;
}
