/* test_theme.c - roles, built-in themes, .theme files, colour reduction. */
#include <stdio.h>
#include <string.h>

#include "check.h"

#include "buf.h"
#include "theme.h"

static int
read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	fclose(f);
	return 0;
}

Test(theme, role_letters_and_keys_are_unique)
{
	int i, j;

	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		cr_assert_eq(theme_role_parse(theme_role_key((enum theme_role)i)), i);
		for (j = i + 1; j < THEME_ROLE_COUNT; j++) {
			cr_assert_neq(theme_role_letter((enum theme_role)i),
				      theme_role_letter((enum theme_role)j), "%s and %s share a letter",
				      theme_role_key((enum theme_role)i),
				      theme_role_key((enum theme_role)j));
		}
	}
	cr_assert_eq(theme_role_letter(THEME_ROLE_NORMAL), '.');
	cr_assert_eq(theme_role_parse("no-such-role"), -1);
	CHECK_NO_LEAKS();
}

Test(theme, shipped_files_equal_the_built_ins)
{
	size_t i;

	for (i = 0; theme_builtin_name(i); i++) {
		const char *name = theme_builtin_name(i);
		struct theme builtin, parsed;
		struct buf dump = BUF_INIT, file = BUF_INIT;
		struct error err = ERROR_INIT;
		char path[128];

		snprintf(path, sizeof(path), "themes/%s.theme", name);
		cr_assert(theme_builtin(name, &builtin));
		theme_dump(&builtin, &dump);
		cr_assert_eq(read_file(path, &file), 0, "%s missing", path);
		cr_assert_str_eq(file.data, dump.data, "%s differs from `signoff --dump-theme %s`",
				 path, name);
		cr_assert_eq(theme_load_file(&parsed, path, &err), 0, "%s", err.msg);
		cr_assert_str_eq(parsed.name, name);
		cr_assert_eq(memcmp(parsed.styles, builtin.styles, sizeof(parsed.styles)), 0);
		buf_release(&dump);
		buf_release(&file);
	}
	cr_assert_eq(i, 4);
	CHECK_NO_LEAKS();
}

Test(theme, monochrome_uses_attributes_only)
{
	struct theme t;
	int i;

	cr_assert(theme_builtin("monochrome", &t));
	cr_assert(t.monochrome);
	for (i = 0; i < THEME_ROLE_COUNT; i++) {
		cr_assert_eq(t.styles[i].fg, THEME_COLOR_DEFAULT);
		cr_assert_eq(t.styles[i].bg, THEME_COLOR_DEFAULT);
	}
	/* the cursor and destructive actions stay visible without colour */
	cr_assert(t.styles[THEME_ROLE_CURSOR].attrs & THEME_ATTR_REVERSE);
	cr_assert(t.styles[THEME_ROLE_DELETE].attrs & THEME_ATTR_BOLD);
	cr_assert(!theme_builtin("sepia", &t));
	CHECK_NO_LEAKS();
}

Test(theme, parses_over_the_default)
{
	static const char text[] = "# mine\n"
				   "create   bright-green  default  bold underline\n"
				   "delete   196\n"
				   "\n"
				   "cursor   black  color51  # trailing comment\n";
	struct theme t, d;
	struct error err = ERROR_INIT;

	cr_assert_eq(theme_parse(&t, "mine", text, strlen(text), "mine.theme", &err), 0, "%s",
		     err.msg);
	theme_builtin("default", &d);
	cr_assert_eq(t.styles[THEME_ROLE_CREATE].fg, 10);
	cr_assert_eq(t.styles[THEME_ROLE_CREATE].bg, THEME_COLOR_DEFAULT);
	cr_assert_eq(t.styles[THEME_ROLE_CREATE].attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);
	cr_assert_eq(t.styles[THEME_ROLE_DELETE].fg, 196);
	cr_assert_eq(t.styles[THEME_ROLE_DELETE].attrs, 0);
	cr_assert_eq(t.styles[THEME_ROLE_CURSOR].bg, 51);
	/* roles the file does not name keep the default theme's style */
	cr_assert_eq(memcmp(&t.styles[THEME_ROLE_UPDATE], &d.styles[THEME_ROLE_UPDATE],
			    sizeof(struct theme_style)),
		     0);
	CHECK_NO_LEAKS();
}

Test(theme, reports_errors_with_positions)
{
	static const struct {
		const char *text;
		unsigned long line, col;
		const char *msg;
	} cases[] = {
		{ "create green\nnope red\n", 2, 1, "unknown role 'nope'" },
		{ "create\n", 1, 7, "expected a foreground colour after 'create'" },
		{ "create 256\n", 1, 8, "unknown colour '256'" },
		{ "create green pink\n", 1, 14, "unknown colour or attribute 'pink'" },
		{ "create green default shiny\n", 1, 22, "unknown attribute 'shiny'" },
		{ "create green\ncreate red\n", 2, 1, "role given twice: 'create'" },
		{ "  delete  \x1b[31m\n", 1, 11, "unknown colour '\\x1b[31m'" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct theme t;
		struct error err = ERROR_INIT;

		cr_assert_eq(theme_parse(&t, "x", cases[i].text, strlen(cases[i].text), "x.theme",
					 &err),
			     -1);
		cr_assert_str_eq(err.path, "x.theme");
		cr_assert_eq(err.line, cases[i].line, "case %zu: line %lu", i, err.line);
		cr_assert_eq(err.col, cases[i].col, "case %zu: col %lu", i, err.col);
		cr_assert_str_eq(err.msg, cases[i].msg);
	}
	CHECK_NO_LEAKS();
}

Test(theme, rejects_files_that_are_not_themes)
{
	struct theme t;
	struct error err = ERROR_INIT;

	cr_assert_eq(theme_parse(&t, "x", "create \xff\n", 9, "x.theme", &err), -1);
	cr_assert_eq(err.code, ERROR_ENCODING);
	cr_assert_eq(theme_load_file(&t, "testdata/no-such.theme", &err), -1);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	CHECK_NO_LEAKS();
}

Test(theme, colour_names)
{
	struct buf b = BUF_INIT;

	cr_assert_eq(theme_color_parse("default"), THEME_COLOR_DEFAULT);
	cr_assert_eq(theme_color_parse("red"), 1);
	cr_assert_eq(theme_color_parse("bright-white"), 15);
	cr_assert_eq(theme_color_parse("grey"), 8);
	cr_assert_eq(theme_color_parse("color214"), 214);
	cr_assert_eq(theme_color_parse("255"), 255);
	cr_assert_eq(theme_color_parse("256"), -2);
	cr_assert_eq(theme_color_parse("-3"), -2);
	cr_assert_eq(theme_color_parse("12abc"), -2);
	theme_color_name(9, &b);
	buf_addch(&b, ' ');
	theme_color_name(214, &b);
	buf_addch(&b, ' ');
	theme_color_name(-1, &b);
	cr_assert_str_eq(b.data, "bright-red 214 default");
	buf_release(&b);
	CHECK_NO_LEAKS();
}

Test(theme, reduces_colours_to_what_the_terminal_has)
{
	/* 256 colours keep everything */
	cr_assert_eq(theme_color_reduce(214, 256), 214);
	/* 16: the base 16 stay, the rest go to the nearest of 16 */
	cr_assert_eq(theme_color_reduce(12, 16), 12);
	cr_assert_eq(theme_color_reduce(196, 16), 9);   /* pure red -> bright red */
	cr_assert_eq(theme_color_reduce(244, 16), 8);   /* grey -> bright black */
	cr_assert_eq(theme_color_reduce(231, 16), 15);  /* white */
	/* 8: bright colours become their base colour, shown bold */
	cr_assert_eq(theme_color_reduce(9, 8), 1);
	cr_assert(theme_color_needs_bold(9, 8));
	cr_assert_eq(theme_color_reduce(8, 8), 0);
	cr_assert(theme_color_needs_bold(8, 8));
	cr_assert(!theme_color_needs_bold(1, 8));
	cr_assert(!theme_color_needs_bold(9, 16));
	cr_assert_eq(theme_color_reduce(214, 8), 3);    /* orange -> yellow */
	cr_assert_eq(theme_color_reduce(24, 8), 6);     /* deep blue-green -> cyan */
	cr_assert_eq(theme_color_reduce(28, 8), 2);     /* green (0,135,0) -> green */
	cr_assert_eq(theme_color_reduce(22, 8), 0);     /* (0,95,0) is nearer black */
	cr_assert_eq(theme_color_reduce(16, 8), 0);     /* black */
	/* fewer than 8: no colour at all */
	cr_assert_eq(theme_color_reduce(2, 2), THEME_COLOR_DEFAULT);
	cr_assert_eq(theme_color_reduce(THEME_COLOR_DEFAULT, 8), THEME_COLOR_DEFAULT);
	CHECK_NO_LEAKS();
}
