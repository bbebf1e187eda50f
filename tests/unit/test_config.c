/* test_config.c - the config file: XDG path, settings, bindings, errors. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

#include "buf.h"
#include "config.h"

static int
parse(struct config *cfg, struct keymap *km, const char *text, struct error *err)
{
	config_init(cfg);
	keymap_init(km);
	return config_parse(cfg, km, text, strlen(text), "config", err);
}

Test(config, path_follows_xdg_rules)
{
	struct buf p = BUF_INIT;

	setenv("HOME", "/home/rev", 1);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	cr_assert_eq(config_default_path(&p), 0);
	cr_assert_str_eq(p.data, "/xdg/signoff/config");
	/* a relative XDG_CONFIG_HOME is ignored, as the spec says */
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	cr_assert_eq(config_default_path(&p), 0);
	cr_assert_str_eq(p.data, "/home/rev/.config/signoff/config");
	unsetenv("XDG_CONFIG_HOME");
	cr_assert_eq(config_default_path(&p), 0);
	cr_assert_str_eq(p.data, "/home/rev/.config/signoff/config");
	unsetenv("HOME");
	cr_assert_eq(config_default_path(&p), -1);
	buf_release(&p);
	CHECK_NO_LEAKS();
}

Test(config, empty_and_comments_change_nothing)
{
	struct config cfg;
	struct keymap km, dflt;
	struct error err = ERROR_INIT;

	cr_assert_eq(parse(&cfg, &km, "", &err), 0);
	cr_assert_eq(parse(&cfg, &km, "# nothing\n\n   \t\n", &err), 0);
	keymap_init(&dflt);
	cr_assert_eq(km.count, dflt.count);
	cr_assert_eq(cfg.mouse, -1);
	cr_assert_eq(cfg.theme[0], '\0');
	CHECK_NO_LEAKS();
}

Test(config, settings_and_bindings)
{
	static const char text[] = "set theme = light\n"
				   "set mouse off\n"
				   "set ascii = yes   # comment\n"
				   "set show-unchanged = on\n"
				   "bind <C-n> move-down\n"
				   "bind J next-change\n"
				   "unbind q\n"
				   "bind x none\n";
	struct config cfg;
	struct keymap km;
	struct error err = ERROR_INIT;
	enum keymap_request req;
	int k;

	cr_assert_eq(parse(&cfg, &km, text, &err), 0, "%s", err.msg);
	cr_assert_str_eq(cfg.theme, "light");
	cr_assert_eq(cfg.mouse, 0);
	cr_assert_eq(cfg.ascii, 1);
	cr_assert_eq(cfg.show_unchanged, 1);
	k = 14; /* <C-n> */
	cr_assert_eq(keymap_lookup(&km, &k, 1, &req), KEYMAP_MATCH_FOUND);
	cr_assert_eq(req, KEYMAP_REQ_MOVE_DOWN);
	k = 'J';
	cr_assert_eq(keymap_lookup(&km, &k, 1, &req), KEYMAP_MATCH_FOUND);
	cr_assert_eq(req, KEYMAP_REQ_NEXT_CHANGE);
	k = 'q';
	cr_assert_eq(keymap_lookup(&km, &k, 1, &req), KEYMAP_MATCH_NONE);
	k = 'x';
	cr_assert_eq(keymap_lookup(&km, &k, 1, &req), KEYMAP_MATCH_NONE);
	CHECK_NO_LEAKS();
}

/* The signer reads `principal = NAME` from the same file (principal.c):
 * the UI must not refuse to start on it. */
Test(config, principal_line_is_the_signers)
{
	static const char text[] = "principal = alice@example.com\n"
				   "  principal=bob\n"
				   "set mouse = off\n";
	struct config cfg;
	struct keymap km;
	struct error err = ERROR_INIT;

	cr_assert_eq(parse(&cfg, &km, text, &err), 0, "%s", err.msg);
	cr_assert_eq(cfg.mouse, 0);
	/* without a value it is not a principal line, and not a setting either */
	cr_assert_eq(parse(&cfg, &km, "principal =\n", &err), -1);
	cr_assert_eq(err.line, 1);
	cr_assert_eq(parse(&cfg, &km, "principals = x\n", &err), -1);
	CHECK_NO_LEAKS();
}

Test(config, errors_name_line_and_column)
{
	static const struct {
		const char *text;
		unsigned long line, col;
		const char *msg;
	} cases[] = {
		{ "set theme = light\nset colour = red\n", 2, 5,
		  "unknown setting (theme, mouse, ascii, show-unchanged): 'colour'" },
		{ "set mouse = maybe\n", 1, 13, "expected on or off, not 'maybe'" },
		{ "set mouse =\n", 1, 1, "expected 'set NAME = VALUE'" },
		{ "\nbind j jump\n", 2, 8, "unknown request (see signoff --help-keys): 'jump'" },
		{ "bind j\n", 1, 1, "expected 'bind KEYS REQUEST'" },
		{ "  bind ] quit\n", 1, 8,
		  "']' clashes with ']c' (next-change): one starts the other; unbind it first" },
		{ "unbind zz\n", 1, 8, "'zz' is not bound" },
		{ "bind <Nope> quit\n", 1, 6, "unknown key name '<Nope>'" },
		{ "colour red\n", 1, 1, "expected set, bind or unbind, not 'colour'" },
		{ "bind \x01 quit\n", 1, 6, "write control keys by name, e.g. <C-a>, not raw" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config cfg;
		struct keymap km;
		struct error err = ERROR_INIT;

		cr_assert_eq(parse(&cfg, &km, cases[i].text, &err), -1, "case %zu", i);
		cr_assert_str_eq(err.path, "config");
		cr_assert_eq(err.line, cases[i].line, "case %zu: line %lu", i, err.line);
		cr_assert_eq(err.col, cases[i].col, "case %zu: col %lu", i, err.col);
		cr_assert_str_eq(err.msg, cases[i].msg, "case %zu", i);
	}
	CHECK_NO_LEAKS();
}

Test(config, files)
{
	struct config cfg;
	struct keymap km;
	struct error err = ERROR_INIT;

	config_init(&cfg);
	keymap_init(&km);
	/* a missing default file is fine; a missing named file is not */
	cr_assert_eq(config_load_file(&cfg, &km, "testdata/no/config", true, &err), 0);
	cr_assert_eq(config_load_file(&cfg, &km, "testdata/no/config", false, &err), -1);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	cr_assert_str_eq(err.path, "testdata/no/config");
	cr_assert_eq(config_load_file(&cfg, &km, "testdata/screens/config/rebind.config", false,
				      &err),
		     0, "%s", err.msg);
	cr_assert_eq(cfg.show_unchanged, 1);
	cr_assert_eq(config_load_file(&cfg, &km, "testdata/fuzz/config/bad-lines.config", false,
				      &err),
		     -1);
	cr_assert_eq(err.line, 1);
	CHECK_NO_LEAKS();
}
