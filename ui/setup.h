/* setup.h - what the interactive and the headless runs share: config,
 * theme, ASCII and colour decisions. */
#ifndef SIGNOFF_UI_SETUP_H
#define SIGNOFF_UI_SETUP_H

#include <stdbool.h>

#include "config.h"
#include "error.h"
#include "keymap.h"
#include "theme.h"

/* Default bindings, then the config file: `path`, or the XDG one when
 * NULL (a missing XDG file is fine). */
int ui_setup_config(struct config *cfg, struct keymap *km, const char *path, struct error *err);

/* A theme by name: a path (with '/' or ending in .theme), a file in
 * $XDG_CONFIG_HOME/signoff/themes/, a built-in, or a file in the data
 * directory. NULL or "" is the default theme. */
int ui_setup_theme(const char *name, struct theme *out, struct error *err);

/* ASCII-only markers: asked for, set in the config, a locale that is not
 * UTF-8, or a terminal that cannot show UTF-8 (vt100 and the like). */
bool ui_setup_ascii(bool asked, const struct config *cfg, const char *term);

/* No colour: asked for (--color=never), NO_COLOR set and non-empty. */
bool ui_setup_no_color(int color_mode);

#endif
