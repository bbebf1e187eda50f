/* review_ui.c - `signoff [OPTIONS] SOURCE`: the interactive review, and
 * its headless twin (--keys FILE --dump-screen FILE --size COLSxROWS).
 *
 * The interactive run keeps the draft of the review in a snapshot that
 * the SIGHUP, SIGTERM and SIGINT handlers write (draft_snapshot_write
 * only opens, writes, syncs and renames), so a dropped SSH connection
 * loses nothing; the handlers then put the terminal's modes back and let
 * the signal end the process.  No curses call happens in a handler.
 * Ctrl-C typed in the review is a key (quit, which asks when work would
 * be lost, ui/term.c); SIGINT comes only from elsewhere (kill -INT).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "cli.h"
#include "config.h"
#include "draft.h"
#include "draw.h"
#include "finding.h"
#include "headless.h"
#include "keymap.h"
#include "policy.h"
#include "setup.h"
#include "str.h"
#include "term.h"
#include "theme.h"
#include "ui.h"
#include "xalloc.h"

struct strv {
	const char **v;
	size_t n, cap;
};

static void
strv_push(struct strv *s, const char *x)
{
	XGROW(s->v, &s->cap, s->n + 2);
	s->v[s->n++] = x;
	s->v[s->n] = NULL;
}

struct ui_cli {
	struct cli_source_opts so;
	const char *theme;
	const char *config;
	bool no_mouse;
	const char *keys, *dump_screen, *dump_roles, *snap_dir;
	int cols, rows;
	bool timings;
	/* the checks, as `signoff check` takes them */
	struct strv rules, only, skip;
	const char *waivers;
	/* the decision, as `signoff sign` takes it */
	const char *policy;
	struct ui_sign_opts sign;
};

static void
ui_cli_release(struct ui_cli *c)
{
	mem_free(c->rules.v);
	mem_free(c->only.v);
	mem_free(c->skip.v);
}

static void
checks_opts_from(const struct ui_cli *c, struct checks_opts *co)
{
	memset(co, 0, sizeof(*co));
	co->rule_dirs = c->rules.v;
	co->only = c->only.v;
	co->skip = c->skip.v;
	co->waivers_path = c->waivers;
}

/* The UI's options are in the top-level help (one list: tests/cli/help.sh
 * checks it against the man page and the README). */
static void
usage(FILE *out)
{
	cli_print_help(out);
}

/* Writes a file atomically enough for test output: temp, then rename. */
static int
write_file(const char *path, const struct buf *b, struct error *err)
{
	struct buf tmp = BUF_INIT;
	FILE *f;
	int ok;

	buf_addf(&tmp, "%s.tmp%ld", path, (long)getpid());
	xbuf_check(&tmp);
	f = fopen(tmp.data, "wb");
	if (!f) {
		error_set_at(err, ERROR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
		buf_release(&tmp);
		return -1;
	}
	ok = fwrite(b->data, 1, b->len, f) == b->len;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp.data, path) != 0) {
		remove(tmp.data);
		error_set_at(err, ERROR_IO, path, 0, 0, "cannot write: %s", strerror(errno));
		buf_release(&tmp);
		return -1;
	}
	buf_release(&tmp);
	return 0;
}

static int
run_headless(struct ui_cli *c, const char *source)
{
	struct ui_run_opts o;
	struct checks_opts co;
	struct ui_run_result res;
	struct error err = ERROR_INIT;
	size_t i;
	int rc = 0;

	memset(&o, 0, sizeof(o));
	checks_opts_from(c, &co);
	o.checks = &co;
	o.policy_path = c->policy;
	o.sign = c->sign;
	o.keys_path = c->keys;
	o.load = source ? &c->so.load : NULL;
	o.cols = c->cols;
	o.rows = c->rows;
	o.theme = c->theme;
	o.ascii = c->so.ascii;
	o.color = c->so.color;
	o.no_mouse = c->no_mouse;
	o.config_path = c->config;
	o.timings = c->timings || getenv("SIGNOFF_UI_TIMINGS");
	if (ui_headless_run(&o, &res, &err) < 0) {
		cli_print_error(&err);
		return error_exit_status(&err);
	}
	if (c->dump_screen && write_file(c->dump_screen, &res.text, &err) < 0)
		goto fail;
	if (c->dump_roles && write_file(c->dump_roles, &res.roles, &err) < 0)
		goto fail;
	for (i = 0; c->snap_dir && i < res.nsnaps; i++) {
		const struct ui_snapshot *s = &res.snaps[i];
		struct buf p = BUF_INIT;
		int r = 0;

		buf_addf(&p, "%s/%s.screen", c->snap_dir, s->name);
		xbuf_check(&p);
		r = write_file(p.data, &s->text, &err);
		if (!r && s->want_roles) {
			buf_reset(&p);
			buf_addf(&p, "%s/%s.roles", c->snap_dir, s->name);
			xbuf_check(&p);
			r = write_file(p.data, &s->roles, &err);
		}
		if (!r && s->want_palette) {
			buf_reset(&p);
			buf_addf(&p, "%s/%s.palette", c->snap_dir, s->name);
			xbuf_check(&p);
			r = write_file(p.data, &s->palette, &err);
		}
		buf_release(&p);
		if (r < 0)
			goto fail;
	}
	ui_run_result_release(&res);
	return rc;
fail:
	ui_run_result_release(&res);
	cli_print_error(&err);
	return 2;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static struct ui_term *die_term;

static void
restore_terminal(void *ctx)
{
	(void)ctx;
	ui_term_close(&die_term);
}

/* What the hangup handler may touch: the draft snapshot, and the
 * terminal's modes from before curses changed them. */
static struct draft_snapshot hangup_snapshot;
static int hangup_tty = -1;
static struct termios hangup_modes;
static volatile sig_atomic_t hangup_modes_saved;
static char hangup_reset[256];             /* ui_term_reset_sequence */
static volatile sig_atomic_t hangup_reset_len;

static void
on_hangup(int sig)
{
	int saved = errno;

	draft_snapshot_write(&hangup_snapshot);
	/* after a hangup the terminal is gone and these fail, harmlessly */
	if (hangup_reset_len > 0 && hangup_tty >= 0 &&
	    write(hangup_tty, hangup_reset, (size_t)hangup_reset_len) < 0)
		hangup_reset_len = 0;
	if (hangup_modes_saved && hangup_tty >= 0)
		tcsetattr(hangup_tty, TCSANOW, &hangup_modes);
	errno = saved;
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Before curses starts (so that it leaves these signals to us). */
static void
catch_hangups(void)
{
	struct sigaction sa;

	hangup_tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (hangup_tty >= 0 && tcgetattr(hangup_tty, &hangup_modes) == 0)
		hangup_modes_saved = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* before curses starts, so that ncurses' own SIGINT handler (which
	 * exits with status 1 and writes no draft) stays out */
	sigaction(SIGINT, &sa, NULL);
}

static void
release_hangups(void)
{
	sigset_t block, old;

	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	signal(SIGHUP, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	hangup_reset_len = 0;
	draft_snapshot_release(&hangup_snapshot);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (hangup_tty >= 0)
		close(hangup_tty);
	hangup_tty = -1;
}

static int
run_interactive(struct ui_cli *c)
{
	struct config cfg;
	struct keymap km;
	struct theme theme;
	struct plan *plan = NULL;
	struct policy *policy = NULL;
	struct checks_opts co;
	struct ui_term_opts to;
	struct ui_canvas cv;
	struct ui_app *app;
	struct ui_app_opts ao;
	struct error err = ERROR_INIT;
	bool stopped;
	double t0, sum = 0, worst = 0;
	size_t nkeys = 0;

	if (ui_setup_config(&cfg, &km, c->config, &err) < 0) {
		cli_print_error(&err);
		return error_exit_status(&err);
	}
	if (c->policy && policy_load(&policy, c->policy, &err) < 0) {
		cli_print_error(&err);
		return error_exit_status(&err);
	}
	/* a big plan takes seconds to read: say so before the screen appears */
	{
		struct stat st;
		bool note = c->so.load.path && strcmp(c->so.load.path, "-") != 0 &&
			    stat(c->so.load.path, &st) == 0 && st.st_size > (10 << 20) &&
			    isatty(STDERR_FILENO);

		if (note) {
			struct buf p = BUF_INIT;

			str_escape(&p, c->so.load.path, strlen(c->so.load.path), STR_ESCAPE_CONTROLS);
			fprintf(stderr, "signoff: reading %s (%lld MB)...", p.data,
				(long long)(st.st_size >> 20));
			fflush(stderr);
			buf_release(&p);
		}
		if (cli_load(&plan, &c->so) < 0) {
			policy_free(&policy);
			return 2;
		}
		if (note)
			fputs("\r\033[K", stderr);
	}
	if (ui_setup_theme(c->theme ? c->theme : cfg.theme, &theme, &err) < 0) {
		plan_free(&plan);
		policy_free(&policy);
		cli_print_error(&err);
		return error_exit_status(&err);
	}
	memset(&to, 0, sizeof(to));
	to.mouse = !(c->no_mouse || cfg.mouse == 0);
	to.no_color = ui_setup_no_color(c->so.color);
	draft_snapshot_init(&hangup_snapshot);
	catch_hangups();
	if (ui_term_open(&die_term, &to, &err) < 0) {
		release_hangups();
		plan_free(&plan);
		policy_free(&policy);
		cli_print_error(&err);
		return error_exit_status(&err);
	}
	die_set_hook(restore_terminal, NULL);
	ui_term_reset_sequence(die_term, hangup_reset, sizeof(hangup_reset));
	hangup_reset_len = (sig_atomic_t)strlen(hangup_reset);
	ui_term_apply_theme(die_term, &theme);
	ui_canvas_init(&cv, die_term, ui_setup_ascii(c->so.ascii, &cfg, ui_term_type(die_term)));
	memset(&ao, 0, sizeof(ao));
	ao.show_unchanged = cfg.show_unchanged == 1;
	ao.mouse = to.mouse;
	checks_opts_from(c, &co);
	ao.checks = &co;
	ao.graph = true;
	ao.policy = policy;
	ao.sign = c->sign;
	ao.drafts = true;
	ao.snapshot = &hangup_snapshot;
	app = ui_app_new(plan, &cv, &km, &ao);
	for (;;) {
		struct keymap_input in;
		/* what finished in the background goes on this screen; while
		 * work is pending, the screen is drawn again every 100 ms */
		bool idle = ui_app_idle(app);
		int r;

		ui_app_render(app);
		/* after the key's screen is out: the draft, with an fsync */
		if (ui_app_persist(app, &err) < 0) {
			error_release(&err);
			ui_app_render(app);
		}
		r = ui_term_read(die_term, &in, idle ? -1 : 100);
		if (r < 0)
			break;
		if (r == 0)
			continue;
		t0 = now_ms();
		if (ui_app_handle(app, &in) == UI_APP_QUIT)
			break;
		if (c->timings) {
			/* the key's screen, timed (stderr must not be the terminal) */
			double dt;

			ui_app_render(app);
			dt = now_ms() - t0;
			nkeys++;
			sum += dt;
			if (dt > worst)
				worst = dt;
			fprintf(stderr, "signoff: key %d: %.3f ms%s\n", in.key, dt,
				ui_app_idle(app) ? "" : " (background work running)");
		}
	}
	if (c->timings && nkeys)
		fprintf(stderr, "signoff: %zu keys, %.3f ms each on average, %.3f ms at most\n", nkeys,
			sum / (double)nkeys, worst);
	ui_app_persist(app, &err);
	/* the checks stop when asked; the graph cannot be interrupted, and a
	 * reviewer who quits does not wait for it */
	stopped = ui_app_stop(app, 200);
	if (!stopped) {
		die_set_hook(NULL, NULL);
		ui_term_close(&die_term);
		release_hangups();
		fflush(NULL);
		_exit(0);
	}
	ui_app_free(&app);
	ui_canvas_release(&cv);
	die_set_hook(NULL, NULL);
	ui_term_close(&die_term);
	release_hangups();
	plan_free(&plan);
	policy_free(&policy);
	return 0;
}

static void
help_keys(void)
{
	struct keymap km;
	int s, r;

	keymap_init(&km);
	for (s = 0; s < KEYMAP_SECTION_COUNT; s++) {
		printf("%s:\n", keymap_section_title((enum keymap_section)s));
		for (r = 1; r < KEYMAP_REQ_COUNT; r++) {
			struct buf k = BUF_INIT;

			if (keymap_request_section((enum keymap_request)r) != (enum keymap_section)s)
				continue;
			keymap_keys_of(&km, (enum keymap_request)r, &k);
			printf("  %-18s %-18s %s\n", k.data, keymap_request_name((enum keymap_request)r),
			       keymap_request_help((enum keymap_request)r));
			buf_release(&k);
		}
	}
}

static int
dump_theme(const char *name)
{
	struct theme t;
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;

	if (ui_setup_theme(name, &t, &err) < 0) {
		cli_print_error(&err);
		return error_exit_status(&err);
	}
	theme_dump(&t, &b);
	xbuf_check(&b);
	fwrite(b.data, 1, b.len, stdout);
	buf_release(&b);
	return 0;
}

int
ui_main(int argc, char **argv)
{
	enum {
		OPT_RULES = 2000,
		OPT_ONLY,
		OPT_SKIP,
		OPT_WAIVERS,
		OPT_KEY,
		OPT_PRINCIPAL,
		OPT_ENVIRONMENT,
		OPT_WORKSPACE,
	};
	static const struct option longopts[] = {
		{ "theme", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'C' },
		{ "no-mouse", no_argument, NULL, 'M' },
		{ "keys", required_argument, NULL, 'k' },
		{ "dump-screen", required_argument, NULL, 'd' },
		{ "dump-roles", required_argument, NULL, 'R' },
		{ "snap-dir", required_argument, NULL, 'S' },
		{ "size", required_argument, NULL, 's' },
		{ "dump-theme", required_argument, NULL, 'T' },
		{ "help-keys", no_argument, NULL, 'K' },
		{ "policy", required_argument, NULL, 'P' },
		{ "review", required_argument, NULL, 'V' },
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "only", required_argument, NULL, OPT_ONLY },
		{ "skip", required_argument, NULL, OPT_SKIP },
		{ "waivers", required_argument, NULL, OPT_WAIVERS },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "principal", required_argument, NULL, OPT_PRINCIPAL },
		{ "environment", required_argument, NULL, OPT_ENVIRONMENT },
		{ "workspace", required_argument, NULL, OPT_WORKSPACE },
		{ "stack", required_argument, NULL, OPT_WORKSPACE },
		{ "timings", no_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct ui_cli c;
	struct error err = ERROR_INIT;
	int opt, rc = -1;

	memset(&c, 0, sizeof(c));
	cli_source_opts_init(&c.so);
	optind = 1;
	while (rc < 0 && (opt = cli_getopt(NULL, argc, argv, "hq", longopts)) != -1) {
		int r = cli_source_option(&c.so, opt, optarg);

		if (r < 0) {
			rc = 2;
			break;
		}
		if (r > 0)
			continue;
		switch (opt) {
		case 't':
			c.theme = optarg;
			break;
		case 'C':
			c.config = optarg;
			break;
		case 'M':
			c.no_mouse = true;
			break;
		case 'k':
			c.keys = optarg;
			break;
		case 'd':
			c.dump_screen = optarg;
			break;
		case 'R':
			c.dump_roles = optarg;
			break;
		case 'S':
			c.snap_dir = optarg;
			break;
		case 's':
			if (keymap_parse_size(optarg, &c.cols, &c.rows, &err) < 0) {
				cli_print_error(&err);
				rc = 2;
			}
			break;
		case 'T':
			rc = dump_theme(optarg);
			break;
		case 'K':
			help_keys();
			rc = 0;
			break;
		case 'P':
			c.policy = optarg;
			break;
		case 'V':
			c.sign.review_path = optarg;
			break;
		case OPT_RULES:
			strv_push(&c.rules, optarg);
			break;
		case OPT_ONLY:
			strv_push(&c.only, optarg);
			break;
		case OPT_SKIP:
			strv_push(&c.skip, optarg);
			break;
		case OPT_WAIVERS:
			c.waivers = optarg;
			break;
		case OPT_KEY:
			c.sign.key = optarg;
			break;
		case OPT_PRINCIPAL:
			c.sign.principal = optarg;
			break;
		case OPT_ENVIRONMENT:
			c.sign.environment = optarg;
			break;
		case OPT_WORKSPACE:
			c.sign.workspace = optarg;
			break;
		case 'X':
			c.timings = true;
			break;
		case 'h':
			usage(stdout);
			rc = 0;
			break;
		default:
			rc = 2; /* cli_getopt said why */
			break;
		}
	}
	if (rc >= 0)
		goto out;
	if ((c.dump_screen || c.dump_roles || c.snap_dir || c.cols) && !c.keys) {
		rc = cli_usage_error(NULL, "--dump-screen, --dump-roles, --snap-dir and --size "
					   "need --keys FILE");
		goto out;
	}
	if (c.snap_dir) {
		struct stat st;

		/* before the script runs: it may sign, and that is not undone */
		if (stat(c.snap_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			rc = cli_usage_error(NULL, "--snap-dir %s: not a folder", c.snap_dir);
			goto out;
		}
	}
	if (optind < argc)
		c.so.load.path = argv[optind++];
	if (optind < argc && !c.so.load.range) {
		struct stat st;

		/* `signoff frobnicate x`: a mistyped command, not two sources */
		if (stat(c.so.load.path, &st) < 0 && !strchr(c.so.load.path, '/') &&
		    !strchr(c.so.load.path, '.'))
			rc = cli_usage_error(NULL, "unknown command '%s'", c.so.load.path);
		else
			rc = cli_usage_error(NULL, "one SOURCE only (extra: '%s')", argv[optind]);
		goto out;
	}
	if (optind < argc)
		c.so.load.pathspecs = (const char *const *)&argv[optind];
	if (c.keys) {
		rc = run_headless(&c, c.so.load.path);
	} else if (!c.so.load.path) {
		cli_print_help(stderr);
		rc = 2;
	} else {
		rc = run_interactive(&c);
	}
out:
	ui_cli_release(&c);
	return rc;
}
