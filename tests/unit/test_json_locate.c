/* test_json_locate.c - JSON Pointers to line and column. */
#include <string.h>

#include "check.h"

#include "json_locate.h"

static void
at(const char *text, const char *pointer, bool key, bool found, unsigned long line,
   unsigned long col)
{
	unsigned long l = 0, c = 0;

	cr_assert_eq(json_locate(text, strlen(text), pointer, key, &l, &c), found, "%s", pointer);
	cr_assert_eq(l, line, "%s: line %lu, expected %lu", pointer, l, line);
	cr_assert_eq(c, col, "%s: column %lu, expected %lu", pointer, c, col);
}

static const char doc[] = "{\n"
			  "  \"a\": 1,\n"
			  "  \"list\": [10, {\"x\": [true, null]}, \"é\"],\n"
			  "  \"k/~\": \"slash and tilde\",\n"
			  "  \"é\": {\"\": 5}\n"
			  "}\n";

Test(json_locate, pointers_name_values_and_keys)
{
	at(doc, "", false, true, 1, 1);
	at(doc, "/a", false, true, 2, 8);
	at(doc, "/a", true, true, 2, 3);
	at(doc, "/list", false, true, 3, 11);
	at(doc, "/list/0", false, true, 3, 12);
	at(doc, "/list/1/x/1", false, true, 3, 29);
	at(doc, "/list/2", false, true, 3, 37);
	at(doc, "/list/2", true, true, 3, 37);
	at(doc, "/k~1~0", false, true, 4, 10);
	at(doc, "/é/", false, true, 5, 13);
	at(doc, "/é/", true, true, 5, 9);
	CHECK_NO_LEAKS();
}

Test(json_locate, a_pointer_that_leads_nowhere_stops_at_the_deepest_value)
{
	at(doc, "/missing", false, false, 1, 1);
	at(doc, "/list/3", false, false, 3, 11);
	at(doc, "/list/01", false, false, 3, 11);
	at(doc, "/list/1/x/7", false, false, 3, 22);
	at(doc, "/a/b", false, false, 2, 8);
	at(doc, "a", false, false, 1, 1);
	at("  \n  [1, 2", "/1", false, true, 2, 7);
	at("  \n  [1, 2", "/2", false, false, 2, 3);
	at("", "/a", false, false, 1, 1);
	at("not json", "", false, false, 1, 1);
	CHECK_NO_LEAKS();
}

Test(json_locate, every_element_of_an_array_in_one_pass)
{
	unsigned long lines[5], cols[5];
	const char *text = "{\"r\": [\n  {\"a\": [1,\n 2]},\n\t\"é\", 3,\n  4]}";

	cr_assert_eq(json_locate_elements(doc, strlen(doc), "/list", 5, lines, cols), 3);
	cr_assert_eq(lines[0], 3);
	cr_assert_eq(cols[0], 12);
	cr_assert_eq(cols[1], 16);
	cr_assert_eq(cols[2], 37);
	cr_assert_eq(lines[3], 0, "past the end");
	cr_assert_eq(json_locate_elements(text, strlen(text), "/r", 3, lines, cols), 3);
	cr_assert_eq(lines[0], 2);
	cr_assert_eq(cols[0], 3);
	cr_assert_eq(lines[1], 4);
	cr_assert_eq(cols[1], 2);
	cr_assert_eq(lines[2], 4);
	cr_assert_eq(cols[2], 7);
	cr_assert_eq(json_locate_elements(text, strlen(text), "/r/0", 3, lines, cols), 0,
		     "not an array");
	cr_assert_eq(lines[0], 0);
	cr_assert_eq(json_locate_elements(text, 20, "/r", 3, lines, cols), 1, "truncated");
	cr_assert_eq(lines[0], 2);
	CHECK_NO_LEAKS();
}
