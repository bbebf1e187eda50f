/* test_keymap.c - key names, the request table, bindings, key scripts. */
#include <string.h>

#include "check.h"

#include "buf.h"
#include "keymap.h"
#include "str.h"

static int
key(const char *s)
{
	struct keymap_input in;
	struct error err = ERROR_INIT;
	int n = keymap_parse_key(s, strlen(s), &in, &err);

	cr_assert_eq(n, (int)strlen(s), "'%s' parses whole (%d): %s", s, n, err.msg);
	return in.key;
}

Test(keymap, rejects_degenerate_keys)
{
	struct keymap_input in;
	struct error err = ERROR_INIT;

	cr_assert_eq(keymap_parse_key("", 0, &in, &err), -1);
	cr_assert_eq(keymap_parse_key("\x01", 1, &in, &err), -1);
	cr_assert(strstr(err.msg, "<C-a>"), "%s", err.msg);
	cr_assert_eq(keymap_parse_key("\xff", 1, &in, &err), -1);
	cr_assert_eq(err.code, ERROR_ENCODING);
	cr_assert_eq(keymap_parse_key("<Dwon>", 6, &in, &err), -1);
	cr_assert_str_eq(err.msg, "unknown key name '<Dwon>'");
	/* a C1 control (U+0085) is not a key */
	cr_assert_eq(keymap_parse_key("\xc2\x85", 2, &in, &err), -1);
	CHECK_NO_LEAKS();
}

Test(keymap, parses_characters_names_and_controls)
{
	cr_assert_eq(key("j"), 'j');
	cr_assert_eq(key("é"), 0xE9);
	cr_assert_eq(key("<Down>"), KEYMAP_KEY_DOWN);
	cr_assert_eq(key("<PageDown>"), KEYMAP_KEY_PGDN);
	cr_assert_eq(key("<C-d>"), 4);
	cr_assert_eq(key("<C-D>"), 4);
	cr_assert_eq(key("<Space>"), ' ');
	cr_assert_eq(key("<lt>"), '<');
	cr_assert_eq(key("<S-Tab>"), KEYMAP_KEY_BACKTAB);
	/* control characters normalise to the named keys */
	cr_assert_eq(key("<C-i>"), KEYMAP_KEY_TAB);
	cr_assert_eq(key("<C-m>"), KEYMAP_KEY_ENTER);
	cr_assert_eq(key("<C-[>"), KEYMAP_KEY_ESC);
	cr_assert_eq(key("<C-h>"), KEYMAP_KEY_BACKSPACE);
	cr_assert_eq(keymap_normalize(127), KEYMAP_KEY_BACKSPACE);
	cr_assert_eq(keymap_normalize('\r'), KEYMAP_KEY_ENTER);
	CHECK_NO_LEAKS();
}

Test(keymap, a_lone_angle_bracket_is_a_character)
{
	struct keymap_input in;

	cr_assert_eq(keymap_parse_key("<", 1, &in, NULL), 1);
	cr_assert_eq(in.key, '<');
	cr_assert_eq(keymap_parse_key("<>", 2, &in, NULL), 1);
	cr_assert_eq(in.key, '<');
	CHECK_NO_LEAKS();
}

Test(keymap, parses_mouse_events_with_positions)
{
	struct keymap_input in;

	cr_assert_eq(keymap_parse_key("<Click 3,10>", 12, &in, NULL), 12);
	cr_assert_eq(in.key, KEYMAP_KEY_CLICK);
	cr_assert_eq(in.row, 3);
	cr_assert_eq(in.col, 10);
	cr_assert_eq(keymap_parse_key("<WheelDown 1,1>", 15, &in, NULL), 15);
	cr_assert_eq(in.key, KEYMAP_KEY_WHEEL_DOWN);
	cr_assert_eq(keymap_parse_key("<Click 0,1>", 11, &in, NULL), -1);
	cr_assert_eq(keymap_parse_key("<Click 10001,1>", 15, &in, NULL), -1);
	cr_assert_eq(keymap_parse_key("<Click 3,>", 10, &in, NULL), -1);
	CHECK_NO_LEAKS();
}

Test(keymap, names_round_trip)
{
	static const char *const names[] = { "j", "<Down>", "<C-d>", "<Space>", "<lt>", "é",
					     "<F12>", "<S-Tab>", "#", "]", "<Esc>" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct buf b = BUF_INIT;

		keymap_key_name(&b, key(names[i]));
		cr_assert_str_eq(b.data, names[i]);
		buf_release(&b);
	}
	CHECK_NO_LEAKS();
}

Test(keymap, sequences)
{
	int keys[KEYMAP_SEQ_MAX];
	struct error err = ERROR_INIT;

	cr_assert_eq(keymap_parse_seq("]c", keys, &err), 2);
	cr_assert_eq(keys[0], ']');
	cr_assert_eq(keys[1], 'c');
	cr_assert_eq(keymap_parse_seq("<C-w>j", keys, &err), 2);
	cr_assert_eq(keys[0], 23);
	cr_assert_eq(keymap_parse_seq("abcd", keys, &err), -1);
	cr_assert_eq(err.code, ERROR_LIMIT);
	cr_assert_eq(keymap_parse_seq(" ", keys, &err), -1);
	cr_assert_str_eq(err.msg, "write the space key as <Space>");
	cr_assert_eq(keymap_parse_seq("<Click 1,1>", keys, &err), -1);
	CHECK_NO_LEAKS();
}

Test(keymap, request_table_is_sound)
{
	struct keymap km;
	int r;
	size_t i, j;

	keymap_init(&km);
	for (r = 1; r < KEYMAP_REQ_COUNT; r++) {
		struct buf b = BUF_INIT;
		enum keymap_request back;

		/* every request has a key, a name that parses back, and help */
		cr_assert_gt(keymap_keys_of(&km, (enum keymap_request)r, &b), 0, "%s unbound",
			     keymap_request_name((enum keymap_request)r));
		cr_assert(keymap_request_parse(keymap_request_name((enum keymap_request)r), &back));
		cr_assert_eq((int)back, r);
		cr_assert_gt(strlen(keymap_request_help((enum keymap_request)r)), 5);
		buf_release(&b);
	}
	/* no default binding is a prefix of another (]c vs ] would never fire) */
	for (i = 0; i < km.count; i++)
		for (j = 0; j < km.count; j++) {
			const struct keymap_binding *a = &km.bindings[i], *b = &km.bindings[j];

			if (i == j || a->nkeys > b->nkeys)
				continue;
			cr_assert(memcmp(a->keys, b->keys, a->nkeys * sizeof(int)) != 0,
				  "binding %zu is a prefix of %zu", i, j);
		}
	CHECK_NO_LEAKS();
}

Test(keymap, lookup_waits_on_a_prefix)
{
	struct keymap km;
	enum keymap_request req;
	int keys[2] = { ']', 'c' };

	keymap_init(&km);
	cr_assert_eq(keymap_lookup(&km, keys, 1, &req), KEYMAP_MATCH_PREFIX);
	cr_assert_eq(keymap_lookup(&km, keys, 2, &req), KEYMAP_MATCH_FOUND);
	cr_assert_eq(req, KEYMAP_REQ_NEXT_CHANGE);
	keys[1] = 'x';
	cr_assert_eq(keymap_lookup(&km, keys, 2, &req), KEYMAP_MATCH_NONE);
	keys[0] = 'j';
	cr_assert_eq(keymap_lookup(&km, keys, 1, &req), KEYMAP_MATCH_FOUND);
	cr_assert_eq(req, KEYMAP_REQ_MOVE_DOWN);
	CHECK_NO_LEAKS();
}

Test(keymap, bind_and_unbind)
{
	struct keymap km;
	struct error err = ERROR_INIT;
	enum keymap_request req;
	int k[2] = { 'J', 0 };
	size_t before;

	keymap_init(&km);
	before = km.count;
	cr_assert_eq(keymap_bind(&km, "J", KEYMAP_REQ_NEXT_CHANGE, &err), 0);
	cr_assert_eq(km.count, before + 1);
	cr_assert_eq(keymap_lookup(&km, k, 1, &req), KEYMAP_MATCH_FOUND);
	cr_assert_eq(req, KEYMAP_REQ_NEXT_CHANGE);
	/* rebinding replaces */
	cr_assert_eq(keymap_bind(&km, "J", KEYMAP_REQ_MOVE_DOWN, &err), 0);
	cr_assert_eq(km.count, before + 1);
	/* a clash with ]c is refused, saying which */
	cr_assert_eq(keymap_bind(&km, "]", KEYMAP_REQ_QUIT, &err), -1);
	cr_assert_str_eq(err.msg, "']' clashes with ']c' (next-change): one starts the other; "
				  "unbind it first");
	cr_assert_eq(keymap_unbind(&km, "]c", &err), 0);
	cr_assert_eq(keymap_bind(&km, "]", KEYMAP_REQ_QUIT, &err), 0);
	cr_assert_eq(keymap_unbind(&km, "zz", &err), -1);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	/* "none" unbinds */
	cr_assert_eq(keymap_bind(&km, "q", KEYMAP_REQ_NONE, &err), 0);
	k[0] = 'q';
	cr_assert_eq(keymap_lookup(&km, k, 1, &req), KEYMAP_MATCH_NONE);
	CHECK_NO_LEAKS();
}

Test(keymap, binds_until_full)
{
	struct keymap km;
	struct error err = ERROR_INIT;
	int i, rc = 0;

	keymap_init(&km);
	for (i = 0; i < 2 * KEYMAP_BINDINGS_MAX && rc == 0; i++) {
		char seq[8] = "Q";
		int n = str_utf8_encode((uint32_t)(0x100 + i), seq + 1);

		seq[1 + n] = '\0';
		rc = keymap_bind(&km, seq, KEYMAP_REQ_HELP, &err);
	}
	cr_assert_eq(rc, -1);
	cr_assert_eq(err.code, ERROR_LIMIT);
	cr_assert_eq(km.count, KEYMAP_BINDINGS_MAX);
	CHECK_NO_LEAKS();
}

Test(keymap, sizes)
{
	struct error err = ERROR_INIT;
	int c = 0, r = 0;

	cr_assert_eq(keymap_parse_size("100x30", &c, &r, &err), 0);
	cr_assert_eq(c, 100);
	cr_assert_eq(r, 30);
	cr_assert_eq(keymap_parse_size("0x30", &c, &r, &err), -1);
	cr_assert_eq(keymap_parse_size("100x", &c, &r, &err), -1);
	cr_assert_eq(keymap_parse_size("100x30x2", &c, &r, &err), -1);
	cr_assert_eq(keymap_parse_size("99999999999999999999x3", &c, &r, &err), -1);
	cr_assert_str_eq(err.msg, "bad size '99999999999999999999x3': expected COLSxROWS such as "
				  "100x30 (1 to 10000 each)");
	CHECK_NO_LEAKS();
}

Test(keymap, script_items_and_positions)
{
	static const char text[] = "# comment\n"
				   "@size 100x30\n"
				   "@load plans/x.json  \n"
				   "\n"
				   "/ab<Enter>\n"
				   "@snap first roles\n"
				   "<Click 2,3>\r\n";
	struct keymap_script s;
	struct error err = ERROR_INIT;

	cr_assert_eq(keymap_script_parse(&s, text, strlen(text), "t.keys", &err), 0, "%s", err.msg);
	cr_assert_eq(s.count, 8);
	cr_assert_eq(s.items[0].directive, KEYMAP_DIRECTIVE_SIZE);
	cr_assert_str_eq(s.items[0].arg, "100x30");
	cr_assert_str_eq(s.items[1].arg, "plans/x.json");
	cr_assert_eq(s.items[2].input.key, '/');
	cr_assert_eq(s.items[2].line, 5);
	cr_assert_eq(s.items[4].input.key, 'b');
	cr_assert_eq(s.items[4].col, 3);
	cr_assert_eq(s.items[5].input.key, KEYMAP_KEY_ENTER);
	cr_assert_eq(s.items[5].col, 4);
	cr_assert_eq(s.items[6].directive, KEYMAP_DIRECTIVE_SNAP);
	cr_assert_str_eq(s.items[6].arg, "first roles");
	cr_assert_eq(s.items[7].input.key, KEYMAP_KEY_CLICK);
	cr_assert_eq(s.items[7].input.row, 2);
	keymap_script_release(&s);
	CHECK_NO_LEAKS();
}

Test(keymap, script_errors_name_line_and_column)
{
	struct keymap_script s;
	struct error err = ERROR_INIT;

	cr_assert_eq(keymap_script_parse(&s, "j\nab<Nope>\n", 10, "t.keys", &err), -1);
	cr_assert_str_eq(err.path, "t.keys");
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.col, 3);
	cr_assert_eq(s.count, 0);
	cr_assert_eq(keymap_script_parse(&s, "@frob x\n", 8, "t.keys", &err), -1);
	cr_assert_str_eq(err.msg, "unknown directive '@frob'");
	cr_assert_eq(keymap_script_parse(&s, "@snap\n", 6, "t.keys", &err), -1);
	cr_assert_str_eq(err.msg, "@snap needs an argument");
	cr_assert_eq(keymap_script_parse(&s, "@ascii yes\n", 11, "t.keys", &err), -1);
	cr_assert_str_eq(err.msg, "@ascii takes no argument");
	cr_assert_eq(keymap_script_parse(&s, "j\n@resize 80by24\n", 17, "t.keys", &err), -1);
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.col, 9);
	cr_assert_eq(keymap_script_parse(&s, "j\n\xc3\x28\n", 4, "t.keys", &err), -1);
	cr_assert_eq(err.code, ERROR_ENCODING);
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.col, 1);
	CHECK_NO_LEAKS();
}

Test(keymap, script_file_that_is_not_text)
{
	struct keymap_script s;
	struct error err = ERROR_INIT;

	cr_assert_eq(keymap_script_load(&s, "testdata/no/such.keys", &err), -1);
	cr_assert_eq(err.code, ERROR_IO);
	cr_assert_str_eq(err.path, "testdata/no/such.keys");
	/* the encoding is checked first: line 8 holds bytes that are not UTF-8 */
	cr_assert_eq(keymap_script_load(&s, "testdata/fuzz/keyscript/odd-keys.keys", &err), -1);
	cr_assert_eq(err.code, ERROR_ENCODING);
	cr_assert_eq(err.line, 8);
	cr_assert_eq(err.col, 1);
	CHECK_NO_LEAKS();
}
