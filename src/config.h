/* config.h - the review UI's config file.
 *
 * Where: $XDG_CONFIG_HOME/signoff/config, or ~/.config/signoff/config
 * when XDG_CONFIG_HOME is unset, empty or not absolute (XDG Base
 * Directory rules).  A missing file is not an error.
 *
 *     # comment
 *     set theme = light            # a built-in name or a .theme file
 *     set mouse = off              # on | off
 *     set ascii = on               # ASCII-only markers
 *     set show-unchanged = on      # start with unchanged attributes shown
 *     principal = alice@example.com  # who signs decisions (read by principal.c)
 *     bind <C-n> move-down         # KEYS REQUEST (see --help-keys)
 *     bind ]] next-change
 *     unbind q                     # or: bind q none
 *
 * Errors name the file, line and column; the UI refuses to start on one.
 */
#ifndef SIGNOFF_CONFIG_H
#define SIGNOFF_CONFIG_H

#include <stdbool.h>

#include "error.h"
#include "keymap.h"

struct buf;

#define CONFIG_THEME_MAX 1024

struct config {
	char theme[CONFIG_THEME_MAX]; /* "" when not set */
	int mouse;                    /* -1 unset, 0 off, 1 on */
	int ascii;                    /* -1 unset, 0, 1 */
	int show_unchanged;           /* -1 unset, 0, 1 */
};

void config_init(struct config *cfg);

/* The path by XDG rules into `out` (reset first); -1 if neither
 * XDG_CONFIG_HOME nor HOME gives one. */
int config_default_path(struct buf *out);

/* Applies a config text: settings into cfg, bindings into km. */
int config_parse(struct config *cfg, struct keymap *km, const char *text, size_t len,
		 const char *path, struct error *err);
/* Reads and applies a file; with missing_ok a file that does not exist
 * is not an error. */
int config_load_file(struct config *cfg, struct keymap *km, const char *path, bool missing_ok,
		     struct error *err);

#endif
