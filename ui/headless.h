/* headless.h - replay a key script against the real UI with no terminal
 * and collect the screens (style 5.11).
 *
 * Curses runs on /dev/null at a fixed size; each key goes through
 * ui_app_handle() and ui_app_render() exactly as in a terminal, and the
 * next key waits until the app is idle (the checks and the graph done),
 * so every screen is the same on every run.  Directives before the first
 * key set things up (@size, @load, @config, @theme, @term, @locale,
 * @colors, @no-color, @ascii, @no-mouse, @rules, @waivers, @policy, @now,
 * @drafts); later ones act (@resize, @snap NAME [roles] [palette],
 * @reopen: the review is dropped, as a lost connection drops it, and
 * opened again on the same plan, so it resumes from the draft).
 */
#ifndef SIGNOFF_UI_HEADLESS_H
#define SIGNOFF_UI_HEADLESS_H

#include <stdbool.h>

#include "app.h"
#include "buf.h"
#include "error.h"

struct load_opts;
struct ui_app;
struct plan;

struct ui_snapshot {
	char *name;
	bool want_roles, want_palette;
	struct buf text, roles, palette;
};

struct checks_opts;

struct ui_run_opts {
	const char *keys_path;
	const struct load_opts *load; /* SOURCE from the command line, or NULL (@load) */
	const char *base_dir;        /* @load and @config paths are relative to it; NULL: cwd */
	int cols, rows;              /* --size; 0: @size, else 80x24 */
	const char *theme;           /* --theme, or NULL */
	bool ascii;                  /* --ascii */
	int color;                   /* --color: -1 auto, 0 never, 1 always */
	bool no_mouse;
	const char *config_path;     /* NULL: the XDG config */
	/* --rules, --only, --skip, --waivers (@rules and @waivers add to
	 * them); NULL: the shipped rules */
	const struct checks_opts *checks;
	const char *policy_path;     /* --policy (@policy) */
	struct ui_sign_opts sign;    /* --key, --principal, --review... (@now) */
	bool drafts;                 /* load and write drafts (@drafts) */
	bool timings;                /* print per-key timings to stderr */
};

struct ui_run_result {
	struct ui_snapshot *snaps;
	size_t nsnaps, csnaps;
	struct buf text, roles;      /* the last screen */
	bool quit;                   /* the app asked to quit */
};

int ui_headless_run(const struct ui_run_opts *o, struct ui_run_result *res, struct error *err);
void ui_run_result_release(struct ui_run_result *res);

#endif
