/* cmd_gate.c - `signoff gate`: verify a private copy, then run the command on it.
 *
 *   signoff gate SOURCE --review REVIEW --policy POLICY [--author P] [--now T]
 *       [--plan-file F] [--require-ack ID]... -- COMMAND ARGS...
 *
 * gate first copies SOURCE (and --plan-file) into a fresh 0700 directory
 * as 0400 files (O_EXCL|O_NOFOLLOW), verifies those copies exactly as
 * `verify` would, and then runs COMMAND with {plan} (the --plan-file copy,
 * else the SOURCE copy) and {source} (the SOURCE copy) replaced by their
 * paths: what runs is exactly what was checked, whatever happens to the
 * original files meanwhile.  gate waits for COMMAND (forwarding SIGTERM
 * and SIGHUP), removes the copies and exits with COMMAND's status; the
 * report goes to stderr so that stdout is COMMAND's.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cmd_verify.h"
#include "fileio.h"
#include "mem.h"
#include "str.h"

/* ---- private copies (gate) ---- */

struct copy_dir {
	char path[4096];        /* the private directory */
	char source_dir[4200];  /* path/source */
	char plan_dir[4200];    /* path/plan, for --plan-file ("" when none) */
	char source[4200];
	char plan_file[8400];
};

static int
copy_into(const char *from, const char *dir, char *to, size_t tosize, struct error *err)
{
	const char *base = fileio_basename(from);
	char chunk[65536];
	int in, out, rc = -1;

	if (strcmp(from, "-") == 0)
		base = "stdin";
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		base = "plan";
	if ((size_t)snprintf(to, tosize, "%s/%s", dir, base) >= tosize)
		return error_set_at(err, ERROR_IO, from, 0, 0, "path too long");
	in = strcmp(from, "-") == 0 ? dup(0) : open(from, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (in < 0)
		return error_set_at(err, errno == ENOENT ? ERROR_NOTFOUND : ERROR_IO, from, 0, 0,
				    "cannot open: %s", strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0400);
	if (out < 0) {
		error_set_at(err, ERROR_IO, to, 0, 0, "cannot create the private copy: %s",
			     strerror(errno));
		goto out;
	}
	for (;;) {
		ssize_t n = read(in, chunk, sizeof(chunk)), w = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_set_at(err, ERROR_IO, from, 0, 0, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		while (w < n) {
			ssize_t k = write(out, chunk + w, (size_t)(n - w));

			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				error_set_at(err, ERROR_IO, to, 0, 0, "cannot write: %s",
					     strerror(errno));
				goto out;
			}
			w += k;
		}
	}
	if (fsync(out) < 0) {
		error_set_at(err, ERROR_IO, to, 0, 0, "cannot sync: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close(in);
	if (out >= 0)
		close(out);
	return rc;
}

static void
copy_dir_remove(struct copy_dir *c)
{
	if (c->source[0])
		unlink(c->source);
	if (c->plan_file[0])
		unlink(c->plan_file);
	if (c->plan_dir[0])
		rmdir(c->plan_dir);
	if (c->source_dir[0])
		rmdir(c->source_dir);
	if (c->path[0])
		rmdir(c->path);
}

static int
copy_dir_make(struct copy_dir *c, const char *source, const char *plan_file, struct error *err)
{
	const char *tmp = getenv("TMPDIR");

	memset(c, 0, sizeof(*c));
	if (!tmp || tmp[0] != '/')
		tmp = "/tmp";
	if ((size_t)snprintf(c->path, sizeof(c->path), "%s/signoff-gate.XXXXXX", tmp) >=
	    sizeof(c->path))
		return error_set(err, ERROR_IO, "TMPDIR is too long");
	if (!mkdtemp(c->path)) {
		int e = errno;

		c->path[0] = '\0';
		return error_set(err, ERROR_IO, "cannot create a private directory in %s: %s", tmp,
				 strerror(e));
	}
	/* each copy in its own directory: they keep their names, which may be equal */
	snprintf(c->source_dir, sizeof(c->source_dir), "%s/source", c->path);
	if (mkdir(c->source_dir, 0700) < 0) {
		error_set(err, ERROR_IO, "cannot create %s: %s", c->source_dir, strerror(errno));
		c->source_dir[0] = '\0';
		goto fail;
	}
	if (copy_into(source, c->source_dir, c->source, sizeof(c->source), err) < 0)
		goto fail;
	if (plan_file) {
		snprintf(c->plan_dir, sizeof(c->plan_dir), "%s/plan", c->path);
		if (mkdir(c->plan_dir, 0700) < 0) {
			error_set(err, ERROR_IO, "cannot create %s: %s", c->plan_dir, strerror(errno));
			c->plan_dir[0] = '\0';
			goto fail;
		}
		if (copy_into(plan_file, c->plan_dir, c->plan_file, sizeof(c->plan_file), err) < 0)
			goto fail;
	}
	return 0;
fail:
	copy_dir_remove(c);
	return -1;
}

/* ---- gate: run COMMAND on the verified copy ---- */

static volatile sig_atomic_t child_pid;
static struct copy_dir *volatile active_copies; /* removed if a signal ends gate */

/* While COMMAND runs, SIGTERM and SIGHUP go on to it (^C and ^\ reach it
 * from the terminal already); gate waits for it and cleans up.  Before
 * COMMAND has started (copying, verifying), a signal removes the private
 * copies (unlink and rmdir only) and then ends gate as it would have. */
static void
on_signal(int sig)
{
	if (child_pid > 0) {
		if (sig == SIGTERM || sig == SIGHUP)
			kill((pid_t)child_pid, sig);
		return;
	}
	if (active_copies)
		copy_dir_remove(active_copies);
	signal(sig, SIG_DFL);
	raise(sig);
}

static struct sigaction saved_term, saved_hup, saved_int, saved_quit;

/* From before the copies are made until they are removed. */
static void
catch_signals(struct copy_dir *copies)
{
	struct sigaction sa;

	active_copies = copies;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, &saved_term);
	sigaction(SIGHUP, &sa, &saved_hup);
	sigaction(SIGINT, &sa, &saved_int);
	sigaction(SIGQUIT, &sa, &saved_quit);
}

static void
release_signals(void)
{
	sigaction(SIGTERM, &saved_term, NULL);
	sigaction(SIGHUP, &saved_hup, NULL);
	sigaction(SIGINT, &saved_int, NULL);
	sigaction(SIGQUIT, &saved_quit, NULL);
	active_copies = NULL;
}

/* argv with {plan} and {source} replaced; NULL on OOM. */
static char **
substitute(char **cmd, int n, const char *plan, const char *source, bool *used)
{
	char **out = mem_calloc((size_t)n + 1, sizeof(*out));
	int i;

	*used = false;
	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		const char *p = cmd[i];

		while (*p) {
			if (strncmp(p, "{plan}", 6) == 0) {
				buf_addstr(&b, plan);
				p += 6;
				*used = true;
			} else if (strncmp(p, "{source}", 8) == 0) {
				buf_addstr(&b, source);
				p += 8;
				*used = true;
			} else {
				buf_addch(&b, *p++);
			}
		}
		out[i] = buf_detach(&b, NULL);
		if (!out[i]) {
			while (i-- > 0)
				mem_free(out[i]);
			mem_free(out);
			return NULL;
		}
	}
	return out;
}

static void
free_argv(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		mem_free(v[i]);
	mem_free(v);
}

static int
run_command(char **cmd)
{
	sigset_t block, old;
	int status = 0;
	pid_t pid;

	fflush(NULL);
	/* no signal between fork and child_pid: it would find no child and
	 * remove the copies under it */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGQUIT);
	sigprocmask(SIG_BLOCK, &block, &old);
	pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		fprintf(stderr, "signoff: gate: cannot fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		/* COMMAND gets the signals as gate's caller would give them */
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(cmd[0], cmd);
		{
			struct buf m = BUF_INIT;

			buf_addstr(&m, "signoff: gate: cannot run '");
			str_escape(&m, cmd[0], strlen(cmd[0]), STR_ESCAPE_CONTROLS);
			buf_addf(&m, "': %s\n", strerror(errno));
			if (!buf_failed(&m) && write(2, m.data, m.len) < 0)
				_exit(127);
		}
		_exit(127);
	}
	child_pid = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	child_pid = 0;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

int
cmd_gate(int argc, char **argv)
{
	struct cli_source_opts so;
	struct verify_opts o;
	struct copy_dir copies;
	struct error err = ERROR_INIT;
	struct verify_cli g;
	char **cmd = NULL;
	int dd, ncmd, rc;
	bool used;

	for (dd = 1; dd < argc; dd++)
		if (strcmp(argv[dd], "--") == 0)
			break;
	cli_source_opts_init(&so);
	memset(&o, 0, sizeof(o));
	rc = verify_cli_parse("gate", dd, argv, &so, &o);
	if (rc >= 0) {
		mem_free(o.require);
		return rc;
	}
	ncmd = argc - dd - 1;
	if (dd >= argc || ncmd < 1) {
		mem_free(o.require);
		return cli_usage_error("gate", "missing -- COMMAND {plan}");
	}
	if (so.load.range) {
		mem_free(o.require);
		return cli_usage_error("gate", "gate runs a command on a plan file; use verify "
					       "for a git range");
	}
	catch_signals(&copies);
	if (copy_dir_make(&copies, so.load.path, o.plan_file, &err) < 0) {
		release_signals();
		cli_print_error(&err);
		mem_free(o.require);
		return error_exit_status(&err);
	}
	cmd = substitute(&argv[dd + 1], ncmd, copies.plan_file[0] ? copies.plan_file : copies.source,
			 copies.source, &used);
	if (!cmd) {
		rc = cli_usage_error("gate", "out of memory");
	} else if (!used) {
		rc = cli_usage_error("gate", "COMMAND must use {plan} (or {source}): the path of "
					     "the verified copy");
	} else {
		rc = (int)verify_cli_run(&g, &so, &o, copies.source,
				       copies.plan_file[0] ? copies.plan_file : NULL);
		verify_cli_report(&g, stderr);
		verify_cli_release(&g);
		if (rc == VERIFY_APPROVED)
			rc = run_command(cmd);
	}
	if (cmd)
		free_argv(cmd, ncmd);
	copy_dir_remove(&copies);
	release_signals();
	mem_free(o.require);
	return rc;
}
