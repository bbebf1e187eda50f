/* headless.c - key-script replay on a curses screen with no terminal. */
#include "headless.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "config.h"
#include "draw.h"
#include "finding.h"
#include "keymap.h"
#include "load.h"
#include "mem.h"
#include "policy.h"
#include "setup.h"
#include "snapshot.h"
#include "str.h"
#include "term.h"
#include "xalloc.h"

struct setup {
	int cols, rows;
	const char *load, *config, *theme, *term, *locale;
	const char *rules, *waivers, *policy, *now;
	int colors;
	bool no_color, ascii, no_mouse, drafts;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const char *
joined(const struct ui_run_opts *o, const char *path, struct buf *tmp)
{
	if (!o->base_dir || path[0] == '/')
		return path;
	buf_reset(tmp);
	buf_addf(tmp, "%s/%s", o->base_dir, path);
	xbuf_check(tmp);
	return tmp->data;
}

static void
snapshot(struct ui_run_result *res, struct ui_canvas *cv, const char *arg)
{
	struct ui_snapshot *s;
	char name[256];
	const char *p = arg;
	size_t n = strcspn(arg, " \t");

	XGROW(res->snaps, &res->csnaps, res->nsnaps + 1);
	s = &res->snaps[res->nsnaps++];
	memset(s, 0, sizeof(*s));
	snprintf(name, sizeof(name), "%.*s", (int)n, arg);
	s->name = xstrdup(name);
	buf_init(&s->text);
	buf_init(&s->roles);
	buf_init(&s->palette);
	for (p = arg + n; *p;) {
		size_t w;

		while (*p == ' ' || *p == '\t')
			p++;
		w = strcspn(p, " \t");
		if (w == 5 && strncmp(p, "roles", 5) == 0)
			s->want_roles = true;
		if (w == 7 && strncmp(p, "palette", 7) == 0)
			s->want_palette = true;
		p += w;
	}
	ui_snapshot_text(cv, &s->text);
	ui_snapshot_roles(cv, &s->roles);
	ui_snapshot_palette(cv, &s->palette);
	xbuf_check(&s->text);
	xbuf_check(&s->roles);
	xbuf_check(&s->palette);
}

static bool
valid_snap_name(const char *arg)
{
	size_t n = strcspn(arg, " \t"), i;

	if (!n || n > 100)
		return false;
	for (i = 0; i < n; i++)
		if (!((arg[i] >= 'a' && arg[i] <= 'z') || (arg[i] >= 'A' && arg[i] <= 'Z') ||
		      (arg[i] >= '0' && arg[i] <= '9') || arg[i] == '-' || arg[i] == '_' ||
		      arg[i] == '.') ||
		    (i == 0 && arg[i] == '.'))
			return false;
	return true;
}

/* Waits for the background work; when it first is done, --timings says
 * how long it took. */
static void
idle_barrier(struct ui_app *app, bool timings)
{
	bool waited = false;

	while (!ui_app_idle(app)) {
		ui_app_wait(app, 50);
		waited = true;
	}
	if (timings && waited) {
		double checks, graph;

		ui_app_timings(app, &checks, &graph);
		fprintf(stderr, "signoff: in the background: checks %.1f ms, graph %.1f ms\n",
			checks, graph);
	}
}

int
ui_headless_run(const struct ui_run_opts *o, struct ui_run_result *res, struct error *err)
{
	struct keymap_script script;
	struct setup st;
	struct config cfg;
	struct keymap km;
	struct theme theme;
	struct plan *plan = NULL;
	struct ui_term *term = NULL;
	struct ui_term_opts to;
	struct ui_canvas cv;
	struct ui_app *app = NULL;
	struct ui_app_opts ao;
	struct checks_opts copts;
	struct policy *policy = NULL;
	const char **rule_dirs = NULL;
	struct buf tmp = BUF_INIT, rules_path = BUF_INIT, waivers_path = BUF_INIT;
	size_t i, first_action;
	int rc = -1;
	double t0, t_load = 0, worst = 0, sum = 0;
	size_t nkeys = 0;

	memset(res, 0, sizeof(*res));
	buf_init(&res->text);
	buf_init(&res->roles);
	if (keymap_script_load(&script, o->keys_path, err) < 0)
		return -1;
	memset(&st, 0, sizeof(st));
	/* setup directives: only before the first key or action */
	for (first_action = 0; first_action < script.count; first_action++) {
		const struct keymap_script_item *it = &script.items[first_action];

		switch (it->directive) {
		case KEYMAP_DIRECTIVE_SIZE:
			keymap_parse_size(it->arg, &st.cols, &st.rows, NULL);
			continue;
		case KEYMAP_DIRECTIVE_LOAD:
			st.load = it->arg;
			continue;
		case KEYMAP_DIRECTIVE_CONFIG:
			st.config = it->arg;
			continue;
		case KEYMAP_DIRECTIVE_THEME:
			st.theme = it->arg;
			continue;
		case KEYMAP_DIRECTIVE_TERM:
			st.term = it->arg;
			continue;
		case KEYMAP_DIRECTIVE_LOCALE:
			st.locale = it->arg;
			continue;
		case KEYMAP_DIRECTIVE_COLORS:
			st.colors = atoi(it->arg);
			if (st.colors < 0 || st.colors > 1 << 24) {
				error_set_at(err, ERROR_SYNTAX, o->keys_path, it->line, it->col,
					     "@colors takes a number");
				goto out;
			}
			continue;
		case KEYMAP_DIRECTIVE_NO_COLOR:
			st.no_color = true;
			continue;
		case KEYMAP_DIRECTIVE_ASCII:
			st.ascii = true;
			continue;
		case KEYMAP_DIRECTIVE_NO_MOUSE:
			st.no_mouse = true;
			continue;
		case KEYMAP_DIRECTIVE_RULES:
			st.rules = it->arg;
			continue;
		case KEYMAP_DIRECTIVE_WAIVERS:
			st.waivers = it->arg;
			continue;
		case KEYMAP_DIRECTIVE_POLICY:
			st.policy = it->arg;
			continue;
		case KEYMAP_DIRECTIVE_NOW:
			st.now = it->arg;
			continue;
		case KEYMAP_DIRECTIVE_DRAFTS:
			st.drafts = true;
			continue;
		default:
			break;
		}
		break;
	}
	for (i = first_action; i < script.count; i++) {
		const struct keymap_script_item *it = &script.items[i];

		if (it->directive != KEYMAP_DIRECTIVE_KEY && it->directive != KEYMAP_DIRECTIVE_RESIZE &&
		    it->directive != KEYMAP_DIRECTIVE_SNAP &&
		    it->directive != KEYMAP_DIRECTIVE_REOPEN &&
		    it->directive != KEYMAP_DIRECTIVE_EXPECT_QUIT) {
			error_set_at(err, ERROR_SYNTAX, o->keys_path, it->line, it->col,
				     "@%s must come before the first key",
				     keymap_directive_name(it->directive));
			goto out;
		}
		if (it->directive == KEYMAP_DIRECTIVE_SNAP && !valid_snap_name(it->arg)) {
			error_set_at(err, ERROR_SYNTAX, o->keys_path, it->line, it->col,
				     "@snap takes a name of letters, digits, '-', '_' and '.'");
			goto out;
		}
	}
	if (st.locale && !setlocale(LC_ALL, st.locale)) {
		error_set(err, ERROR_USAGE, "@locale: no locale '%.60s' on this system", st.locale);
		goto out;
	}
	if (ui_setup_config(&cfg, &km, st.config ? joined(o, st.config, &tmp) : o->config_path,
			    err) < 0)
		goto out;
	{
		struct load_opts lo;

		if (o->load) {
			lo = *o->load;
		} else if (st.load) {
			memset(&lo, 0, sizeof(lo));
			lo.path = joined(o, st.load, &tmp);
		} else {
			error_set_at(err, ERROR_USAGE, o->keys_path, 0, 0,
				     "no plan: give SOURCE or put @load PATH in the script");
			goto out;
		}
		t_load = now_ms();
		if (load_plan(&plan, &lo, err) < 0) {
			if (!err->path[0])
				error_locate(err, lo.path, err->line, err->col);
			goto out;
		}
		if (o->timings)
			fprintf(stderr, "signoff: loaded in %.1f ms\n", now_ms() - t_load);
	}
	/* the checks: the command line's, and the script's rules and waivers */
	if (o->checks)
		copts = *o->checks;
	else
		memset(&copts, 0, sizeof(copts));
	if (st.rules) {
		size_t n = 0;

		while (copts.rule_dirs && copts.rule_dirs[n])
			n++;
		rule_dirs = xcalloc(n + 2, sizeof(*rule_dirs));
		if (n)
			memcpy(rule_dirs, copts.rule_dirs, n * sizeof(*rule_dirs));
		rule_dirs[n] = joined(o, st.rules, &rules_path);
		copts.rule_dirs = rule_dirs;
	}
	if (st.waivers)
		copts.waivers_path = joined(o, st.waivers, &waivers_path);
	if ((st.policy || o->policy_path) &&
	    policy_load(&policy, st.policy ? joined(o, st.policy, &tmp) : o->policy_path, err) < 0)
		goto out;
	if (ui_setup_theme(st.theme ? st.theme : o->theme ? o->theme : cfg.theme, &theme, err) < 0)
		goto out;
	memset(&to, 0, sizeof(to));
	to.headless = true;
	to.cols = o->cols ? o->cols : st.cols ? st.cols : 80;
	to.rows = o->rows ? o->rows : st.rows ? st.rows : 24;
	to.term = st.term ? st.term : getenv("TERM");
	to.no_color = st.no_color || ui_setup_no_color(o->color);
	to.max_colors = st.colors;
	if (ui_term_open(&term, &to, err) < 0)
		goto out;
	ui_term_apply_theme(term, &theme);
	ui_canvas_init(&cv, term, ui_setup_ascii(st.ascii || o->ascii, &cfg, ui_term_type(term)));
	memset(&ao, 0, sizeof(ao));
	ao.show_unchanged = cfg.show_unchanged == 1;
	ao.mouse = !(st.no_mouse || o->no_mouse || cfg.mouse == 0);
	ao.checks = &copts;
	ao.graph = true;
	ao.policy = policy;
	ao.sign = o->sign;
	if (st.now)
		ao.sign.now = st.now;
	ao.drafts = st.drafts || o->drafts;
	t0 = now_ms();
	app = ui_app_new(plan, &cv, &km, &ao);
	if (o->timings)
		fprintf(stderr, "signoff: tree of %zu changes built in %.1f ms\n",
			plan_change_count(plan), now_ms() - t0);
	t0 = now_ms();
	ui_app_render(app);
	if (o->timings)
		fprintf(stderr, "signoff: first screen in %.1f ms (%.1f ms after the load began)\n",
			now_ms() - t0, now_ms() - t_load);
	for (i = first_action; i < script.count; i++) {
		const struct keymap_script_item *it = &script.items[i];

		if (it->directive == KEYMAP_DIRECTIVE_EXPECT_QUIT) {
			if (!res->quit) {
				error_set_at(err, ERROR_USAGE, o->keys_path, it->line, it->col,
					     "@expect-quit: the review is still running");
				goto out_term;
			}
			continue;
		}
		if (res->quit) {
			error_set_at(err, ERROR_USAGE, o->keys_path, it->line, it->col,
				     "the review quit before this line (use @expect-quit)");
			goto out_term;
		}
		/* the idle barrier: background work finishes before the next key,
		 * and the screen shows what it brought */
		idle_barrier(app, o->timings);
		ui_app_render(app);
		if (it->directive == KEYMAP_DIRECTIVE_SNAP) {
			snapshot(res, &cv, it->arg);
			continue;
		}
		t0 = now_ms();
		if (it->directive == KEYMAP_DIRECTIVE_REOPEN) {
			/* as a dropped connection: no quit, whatever the draft holds */
			ui_app_free(&app);
			app = ui_app_new(plan, &cv, &km, &ao);
		} else if (it->directive == KEYMAP_DIRECTIVE_RESIZE) {
			struct keymap_input in = { KEYMAP_KEY_RESIZE, 0, 0 };
			int c, r;

			keymap_parse_size(it->arg, &c, &r, NULL);
			ui_term_resize(term, r, c);
			ui_app_handle(app, &in);
		} else if (ui_app_handle(app, &it->input) == UI_APP_QUIT) {
			res->quit = true;
		}
		ui_app_render(app);
		{
			double dt = now_ms() - t0;

			sum += dt;
			if (dt > worst)
				worst = dt;
			nkeys++;
			if (o->timings && dt > 5.0)
				fprintf(stderr, "signoff: %s:%lu: %.3f ms\n", o->keys_path, it->line,
					dt);
		}
		/* after the screen is drawn, as the terminal loop does */
		if (ui_app_persist(app, err) < 0)
			goto out_term;
	}
	idle_barrier(app, o->timings);
	ui_app_render(app);
	if (o->timings && nkeys)
		fprintf(stderr, "signoff: %zu inputs, %.3f ms each on average, %.3f ms at most\n",
			nkeys, sum / (double)nkeys, worst);
	ui_snapshot_text(&cv, &res->text);
	ui_snapshot_roles(&cv, &res->roles);
	xbuf_check(&res->text);
	xbuf_check(&res->roles);
	rc = 0;
out_term:
	ui_app_free(&app);
	ui_canvas_release(&cv);
	ui_term_close(&term);
out:
	plan_free(&plan);
	policy_free(&policy);
	mem_free(rule_dirs);
	keymap_script_release(&script);
	buf_release(&tmp);
	buf_release(&rules_path);
	buf_release(&waivers_path);
	return rc;
}

void
ui_run_result_release(struct ui_run_result *res)
{
	size_t i;

	for (i = 0; i < res->nsnaps; i++) {
		mem_free(res->snaps[i].name);
		buf_release(&res->snaps[i].text);
		buf_release(&res->snaps[i].roles);
		buf_release(&res->snaps[i].palette);
	}
	mem_free(res->snaps);
	buf_release(&res->text);
	buf_release(&res->roles);
	memset(res, 0, sizeof(res[0]));
}
