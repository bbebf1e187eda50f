/* setup.c - config, theme, ASCII and colour decisions. */
#include "setup.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "str.h"

int
ui_setup_config(struct config *cfg, struct keymap *km, const char *path, struct error *err)
{
	struct buf p = BUF_INIT;
	int rc = 0;

	config_init(cfg);
	keymap_init(km);
	if (path)
		return config_load_file(cfg, km, path, false, err);
	if (config_default_path(&p) == 0)
		rc = config_load_file(cfg, km, p.data, true, err);
	buf_release(&p);
	return rc;
}

static bool
readable(const char *path)
{
	return access(path, R_OK) == 0;
}

int
ui_setup_theme(const char *name, struct theme *out, struct error *err)
{
	struct buf p = BUF_INIT;
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	size_t i;
	int rc;

	if (!name || !*name)
		name = "default";
	if (strchr(name, '/') || str_has_suffix(name, ".theme"))
		return theme_load_file(out, name, err);
	for (i = 0; name[i]; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '-' || name[i] == '_'))
			return error_set(err, ERROR_USAGE,
					 "bad theme name (letters, digits, - and _; or a path to a "
					 ".theme file)");
	if (xdg && xdg[0] == '/')
		buf_addf(&p, "%s/signoff/themes/%s.theme", xdg, name);
	else if (home && *home)
		buf_addf(&p, "%s/.config/signoff/themes/%s.theme", home, name);
	if (!buf_failed(&p) && p.len && readable(p.data)) {
		rc = theme_load_file(out, p.data, err);
		buf_release(&p);
		return rc;
	}
	buf_release(&p);
	if (theme_builtin(name, out))
		return 0;
	buf_addf(&p, "%s/themes/%s.theme", SIGNOFF_DATADIR, name);
	if (!buf_failed(&p) && readable(p.data)) {
		rc = theme_load_file(out, p.data, err);
		buf_release(&p);
		return rc;
	}
	buf_release(&p);
	return error_set(err, ERROR_NOTFOUND,
			 "no theme '%s' (built in: default, light, high-contrast, monochrome)",
			 name);
}

bool
ui_setup_ascii(bool asked, const struct config *cfg, const char *term)
{
	const char *cs = nl_langinfo(CODESET);

	if (asked || cfg->ascii == 1)
		return true;
	if (!cs || (strcmp(cs, "UTF-8") != 0 && strcmp(cs, "utf-8") != 0 &&
		    strcmp(cs, "utf8") != 0))
		return true;
	if (term && (strncmp(term, "vt", 2) == 0 || strcmp(term, "dumb") == 0))
		return true;
	return false;
}

bool
ui_setup_no_color(int color_mode)
{
	const char *nc = getenv("NO_COLOR");

	if (color_mode == 0)
		return true;
	if (color_mode == 1)
		return false;
	return nc && *nc;
}
