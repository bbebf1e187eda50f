/* test_str.c - word wrapping by display columns. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

#include "str.h"

/* The lines str_wrap makes of s at width w, joined with '|'. */
static void
wrapped(const char *s, size_t w, char *out, size_t cap)
{
	size_t len = strlen(s), at = 0, o = 0;

	out[0] = '\0';
	while (at < len) {
		size_t next, n = str_wrap(s + at, len - at, w, &next);

		cr_assert_gt(next, 0, "no progress at %zu", at);
		o += (size_t)snprintf(out + o, cap - o, "%s%.*s", o ? "|" : "", (int)n, s + at);
		at += next;
	}
}

Test(str, wraps_at_spaces_within_the_width)
{
	char out[256];

	wrapped("next change (tree) or changed attribute", 16, out, sizeof(out));
	cr_assert_str_eq(out, "next change|(tree) or|changed|attribute");
	wrapped("fits", 10, out, sizeof(out));
	cr_assert_str_eq(out, "fits");
	wrapped("two  spaces between", 4, out, sizeof(out));
	cr_assert_str_eq(out, "two|spac|es|betw|een");
}

Test(str, wraps_by_columns_not_bytes)
{
	char out[256];

	/* widths come from the locale's tables, as in the UI */
	cr_assert_not_null(setlocale(LC_CTYPE, "C.UTF-8"));
	/* é is two bytes, one column; 漢 is two columns */
	wrapped("été été", 3, out, sizeof(out));
	cr_assert_str_eq(out, "été|été");
	wrapped("漢字漢字", 5, out, sizeof(out));
	cr_assert_str_eq(out, "漢字|漢字");
	/* a line narrower than one wide character still makes progress */
	wrapped("漢字", 1, out, sizeof(out));
	cr_assert_str_eq(out, "漢|字");
}
