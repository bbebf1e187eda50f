/* test_allowed_signers.c - the allowed_signers subset: parsing with located
 * errors, pattern lists, namespaces and validity windows at a given time. */
#include <string.h>

#include "check.h"
#include "sshtest.h"

#include "allowed_signers.h"
#include "buf.h"
#include "sshkey.h"

/* Two fixed public keys (test data only; no private half anywhere). */
#define KEY_A "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP8hz7NMjOJzoCFL8B6hnS2fY52th4Hx0yOdRLu1Fwi+"
#define KEY_B                                                                          \
	"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBDOqXTHNUzeh" \
	"lrz1IMXKhLRAURgdzYrRnCs9K++HU9sBPv1gUgOdw5cD2Sruph8VoE4Ih0b3G1PQBVU8DDlutM8="

#define T_2025_06_01 1748736000 /* 2025-06-01T00:00:00Z */

static struct sshkey *
key(const char *line)
{
	struct sshkey *k = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(sshkey_parse_public(&k, line, strlen(line), &err), 0, "%s", err.msg);
	return k;
}

static struct allowed_signers *
parse(const char *text)
{
	struct allowed_signers *as = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(allowed_signers_parse(&as, text, strlen(text), "as", &err), 0, "%s:%lu:%lu: %s",
		     err.path, err.line, err.col, err.msg);
	return as;
}

static void
parse_fails(const char *text, unsigned long line, unsigned long col, const char *msg)
{
	struct allowed_signers *as = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(allowed_signers_parse(&as, text, strlen(text), "as", &err), -1, "%s", text);
	cr_assert_null(as);
	cr_assert_str_eq(err.path, "as");
	cr_assert_eq(err.line, line, "line %lu for %s", err.line, text);
	cr_assert_eq(err.col, col, "col %lu for %s", err.col, text);
	cr_assert_str_eq(err.msg, msg);
}

Test(allowed_signers, time_stamps_need_utc)
{
	int64_t t;

	cr_assert_eq(allowed_signers_parse_time("20250601Z", 9, &t), 0);
	cr_assert_eq(t, T_2025_06_01);
	cr_assert_eq(allowed_signers_parse_time("202506011230Z", 13, &t), 0);
	cr_assert_eq(t, T_2025_06_01 + 12 * 3600 + 30 * 60);
	cr_assert_eq(allowed_signers_parse_time("20250601123005Z", 15, &t), 0);
	cr_assert_eq(t, T_2025_06_01 + 12 * 3600 + 30 * 60 + 5);
	cr_assert_eq(allowed_signers_parse_time("20250601", 8, &t), -1, "local time is refused");
	cr_assert_eq(allowed_signers_parse_time("2025060112Z", 11, &t), -1);
	cr_assert_eq(allowed_signers_parse_time("20250431Z", 9, &t), -1, "31 April");
	cr_assert_eq(allowed_signers_parse_time("20250601246000Z", 15, &t), -1);
	cr_assert_eq(allowed_signers_parse_time("2025O601Z", 9, &t), -1);
	CHECK_NO_LEAKS();
}

Test(allowed_signers, pattern_lists_match_like_ssh)
{
	cr_assert(allowed_signers_match_list("alice@example.com", "alice@example.com"));
	cr_assert_not(allowed_signers_match_list("alice@example.com", "alice@example.co"));
	cr_assert(allowed_signers_match_list("bob@x,*@example.com", "carol@example.com"));
	cr_assert_not(allowed_signers_match_list("*@example.com,!mallory@example.com",
						 "mallory@example.com"));
	cr_assert(allowed_signers_match_list("*@example.com,!mallory@example.com",
					     "alice@example.com"));
	cr_assert_not(allowed_signers_match_list("!mallory@example.com", "alice@example.com"),
		      "a negation alone matches nothing");
	cr_assert(allowed_signers_match_list("signoff-review-v?", "signoff-review-v1"));
	cr_assert_not(allowed_signers_match_list("", "x"));
	CHECK_NO_LEAKS();
}

Test(allowed_signers, a_key_is_trusted_only_for_its_namespaces_and_window)
{
	struct allowed_signers *as = parse(
		"# who may approve\n"
		"\n"
		"alice@example.com,*@ops.example.com namespaces=\"signoff-review-v1\" " KEY_A " alice\n"
		"bob@example.com valid-after=\"20250101Z\",valid-before=\"20250601Z\" " KEY_B "\r\n");
	struct sshkey *a = key(KEY_A), *b = key(KEY_B);
	struct error err = ERROR_INIT;

	cr_assert_eq(allowed_signers_count(as), 2);
	cr_assert(allowed_signers_trusts_key(as, a, "signoff-review-v1", T_2025_06_01, &err));
	cr_assert_not(allowed_signers_trusts_key(as, a, "git", T_2025_06_01, &err));
	cr_assert_str_eq(err.msg, "key SHA256:9TgUOUJnvkt1/8z7dqQjoaINPTaJr3FoaYDxRqlTx4A may not "
				  "sign under namespace 'git' (allowed_signers line 3)");
	cr_assert(allowed_signers_trusts_key(as, b, "anything", T_2025_06_01 - 1, &err));
	cr_assert_not(allowed_signers_trusts_key(as, b, "anything", T_2025_06_01, &err));
	cr_assert(strstr(err.msg, "is no longer valid since 2025-06-01T00:00:00Z (allowed_signers "
				  "line 4)"),
		  "%s", err.msg);
	cr_assert_not(allowed_signers_trusts_key(as, b, "anything", 1735689600 - 1, &err));
	cr_assert(strstr(err.msg, "is not valid before 2025-01-01T00:00:00Z"), "%s", err.msg);

	cr_assert(allowed_signers_proves(as, a, "signoff-review-v1", T_2025_06_01,
					 "alice@example.com"));
	cr_assert(allowed_signers_proves(as, a, "signoff-review-v1", T_2025_06_01,
					 "oncall@ops.example.com"));
	cr_assert_not(allowed_signers_proves(as, a, "signoff-review-v1", T_2025_06_01,
					     "bob@example.com"));
	cr_assert_not(allowed_signers_proves(as, b, "signoff-review-v1", T_2025_06_01,
					     "bob@example.com"),
		      "expired at gate time");
	allowed_signers_free(&as);
	cr_assert_null(as);
	sshkey_free(&a);
	sshkey_free(&b);
	CHECK_NO_LEAKS();
}

Test(allowed_signers, an_unknown_key_is_named_by_fingerprint)
{
	struct allowed_signers *as = parse("bob@example.com " KEY_B "\n");
	struct sshkey *a = key(KEY_A);
	struct error err = ERROR_INIT;

	cr_assert_not(allowed_signers_trusts_key(as, a, "signoff-review-v1", T_2025_06_01, &err));
	cr_assert_str_eq(err.msg, "ED25519 key SHA256:9TgUOUJnvkt1/8z7dqQjoaINPTaJr3FoaYDxRqlTx4A is "
				  "not in allowed_signers");
	allowed_signers_free(&as);
	sshkey_free(&a);
	CHECK_NO_LEAKS();
}

Test(allowed_signers, a_key_on_two_lines_counts_where_a_line_fully_holds)
{
	struct allowed_signers *as = parse(
		"alice@example.com namespaces=\"git\" " KEY_A "\n"
		"release@example.com namespaces=\"signoff-review-v1\" " KEY_A "\n");
	struct sshkey *a = key(KEY_A);

	cr_assert(allowed_signers_trusts_key(as, a, "signoff-review-v1", 0, NULL));
	cr_assert(allowed_signers_proves(as, a, "signoff-review-v1", 0, "release@example.com"));
	cr_assert_not(allowed_signers_proves(as, a, "signoff-review-v1", 0, "alice@example.com"),
		      "alice's line does not allow this namespace");
	allowed_signers_free(&as);
	sshkey_free(&a);
	CHECK_NO_LEAKS();
}

Test(allowed_signers, quoted_principals_and_case_insensitive_options)
{
	struct allowed_signers *as = parse("\"alice@example.com,bob@example.com\" "
					   "NAMESPACES=\"signoff-review-v1\" " KEY_A "\n");
	struct sshkey *a = key(KEY_A);

	cr_assert(allowed_signers_proves(as, a, "signoff-review-v1", 0, "bob@example.com"));
	allowed_signers_free(&as);
	sshkey_free(&a);
	CHECK_NO_LEAKS();
}

Test(allowed_signers, errors_name_the_line_and_column)
{
	parse_fails("alice@example.com cert-authority " KEY_A "\n", 1, 19,
		    "cert-authority is not supported: list each signer's own key");
	parse_fails("\n\nalice@example.com valid-before=\"20260101\" " KEY_A "\n", 3, 33,
		    "time must be YYYYMMDD[HHMM[SS]]Z, in UTC with the final Z");
	parse_fails("a valid-after=\"20260101Z\",valid-after=\"20270101Z\" " KEY_A, 1, 27,
		    "valid-after given twice");
	parse_fails("a valid-after=\"20260101Z\",valid-before=\"20250101Z\" " KEY_A, 1, 3,
		    "valid-before is not after valid-after");
	parse_fails("a namespaces=git " KEY_A, 1, 14, "option value must be in double quotes");
	parse_fails("a namespaces=\"git " KEY_A, 1, 3, "unterminated quote");
	parse_fails("a no-touch-required " KEY_A, 1, 3,
		    "unknown or incomplete option 'no-touch-required'");
	parse_fails("a sk-ssh-ed25519@openssh.com AAAA", 1, 3,
		    "key type 'sk-ssh-ed25519@openssh.com' is not supported (ssh-ed25519, "
		    "ecdsa-sha2-nistp256, ssh-rsa)");
	parse_fails("a ssh-dss AAAA", 1, 3,
		    "key type 'ssh-dss' is not supported (ssh-ed25519, ecdsa-sha2-nistp256, "
		    "ssh-rsa)");
	parse_fails("alice@example.com\n", 1, 18, "expected options or a key type after the "
						  "principals");
	parse_fails("a ssh-ed25519 AAAA!!!!\n", 1, 3, "public key is not valid base64");
	parse_fails("a ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIP8hz7NMjOJzoCFL8B6hnS2fY52th4Hx0yOdRLu1Fwi+",
		    1, 3, "key type word does not match the key blob");
	parse_fails("a ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP8hz7NMjOJzoCFL8B6hnS2fY52th4Hx0yOdRLu1Fw==",
		    1, 3, "malformed ssh-ed25519 public key");
	parse_fails("a \x1b[31mbad=\"x\" " KEY_A, 1, 3,
		    "unknown or incomplete option '\\x1b[31mbad'");
	CHECK_NO_LEAKS();
}

Test(allowed_signers, text_that_is_not_utf8_is_refused)
{
	struct allowed_signers *as = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(allowed_signers_parse(&as, "a\xff b", 5, "as", &err), -1);
	cr_assert_eq(err.code, ERROR_ENCODING);
	cr_assert_str_eq(err.msg, "invalid UTF-8 byte 0xff: allowed_signers is UTF-8 text");
	cr_assert_eq(err.line, 1);
	cr_assert_eq(err.col, 2);
	cr_assert_eq(allowed_signers_parse(&as, "# \xc3\xa9t\xc3\xa9\n\n  x \xc0\xaf", 15, "as", &err),
		     -1);
	cr_assert_str_eq(err.msg, "invalid UTF-8 byte 0xc0: allowed_signers is UTF-8 text");
	cr_assert_eq(err.line, 3, "line %lu", err.line);
	cr_assert_eq(err.col, 5, "col %lu", err.col);
	cr_assert_eq(allowed_signers_load(&as, TESTDATA("signing/none"), &err), -1);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	CHECK_NO_LEAKS();
}

Test(allowed_signers, an_empty_file_trusts_nobody)
{
	struct allowed_signers *as = parse("# nobody yet\n\n   \n");
	struct sshkey *a = key(KEY_A);

	cr_assert_eq(allowed_signers_count(as), 0);
	cr_assert_not(allowed_signers_trusts_key(as, a, "signoff-review-v1", 0, NULL));
	allowed_signers_free(&as);
	sshkey_free(&a);
	CHECK_NO_LEAKS();
}

/* 100k lines of keys (the line limit) is about 12 MB of ed25519 keys. */
Test(allowed_signers, a_file_of_100k_keys_loads_and_one_more_line_is_refused)
{
	struct buf text = BUF_INIT;
	struct allowed_signers *as = NULL;
	struct error err = ERROR_INIT;
	struct sshkey *b = key(KEY_B);
	const char *path = sshtest_path("allowed_signers");
	int i;

	for (i = 0; i < 99999; i++)
		buf_addf(&text, "user%d@example.com,ci-%d@example.com namespaces=\"signoff-review-v1\" "
				"%s\n", i, i, KEY_A);
	buf_addf(&text, "last@example.com %s\n", KEY_B);
	cr_assert_not(buf_failed(&text));
	cr_assert_gt(text.len, 12 * 1000 * 1000);
	cr_assert_eq(sshtest_write(path, text.data, text.len), 0);
	cr_assert_eq(allowed_signers_load(&as, path, &err), 0, "%s:%lu: %s", err.path, err.line,
		     err.msg);
	cr_assert_eq(allowed_signers_count(as), 100000);
	cr_assert(allowed_signers_proves(as, b, "signoff-review-v1", T_2025_06_01,
					 "last@example.com"));
	allowed_signers_free(&as);

	buf_addstr(&text, "# one line too many\n");
	cr_assert_eq(sshtest_write(path, text.data, text.len), 0);
	cr_assert_eq(allowed_signers_load(&as, path, &err), -1);
	cr_assert_eq(err.code, ERROR_LIMIT);
	cr_assert_eq(err.line, 100001);
	cr_assert_str_eq(err.msg, "too many lines");
	buf_release(&text);
	sshkey_free(&b);
	CHECK_NO_LEAKS();
}
