/* test_dsse.c - the DSSE pre-authentication encoding and base64 forms. */
#include <string.h>

#include "check.h"

#include "base64.h"
#include "buf.h"
#include "dsse.h"

Test(dsse, pae_matches_the_spec_vector)
{
	struct buf b = BUF_INIT;

	dsse_pae(&b, "http://example.com/HelloWorld", "hello world", 11);
	cr_assert_str_eq(b.data, "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
	buf_reset(&b);
	dsse_pae(&b, DSSE_PAYLOAD_TYPE, "", 0);
	cr_assert_str_eq(b.data, "DSSEv1 28 application/vnd.in-toto+json 0 ");
	buf_release(&b);
	CHECK_NO_LEAKS();
}

static const char *
dec(const char *s, unsigned flags, size_t *n)
{
	static struct buf b = BUF_INIT;

	buf_release(&b);
	if (base64_decode(&b, s, strlen(s), flags) < 0) {
		buf_release(&b);
		return NULL;
	}
	*n = b.len;
	return b.data;
}

Test(dsse, base64_in_every_form_dsse_allows_and_nothing_else)
{
	const unsigned dsse = BASE64_URLSAFE | BASE64_UNPADDED;
	struct buf e = BUF_INIT;
	const char *p;
	size_t n;

	base64_encode(&e, "\xfb\xff\xbf" "a", 4);
	cr_assert_str_eq(e.data, "+/+/YQ==");
	p = dec("+/+/YQ==", 0, &n);
	cr_assert(p && n == 4 && memcmp(p, "\xfb\xff\xbf" "a", 4) == 0);
	p = dec("-_-_YQ", dsse, &n);
	cr_assert(p && n == 4 && memcmp(p, "\xfb\xff\xbf" "a", 4) == 0, "URL-safe, unpadded");
	p = dec("+/+/YQ", dsse, &n);
	cr_assert(p && n == 4, "standard, unpadded");
	cr_assert_null(dec("+/+/YQ", 0, &n), "padding required unless allowed");
	cr_assert_null(dec("-_-_YQ==", 0, &n), "URL-safe refused unless allowed");
	cr_assert_null(dec("+/-_YQ==", dsse, &n), "never both alphabets");
	cr_assert_null(dec("YQ=", dsse, &n), "wrong padding");
	cr_assert_null(dec("Y===", dsse, &n));
	cr_assert_null(dec("YQ==YQ==", dsse, &n), "data after padding");
	cr_assert_null(dec("Y", dsse, &n), "one char is never a quantum");
	cr_assert_null(dec("YQ ==", dsse, &n), "no whitespace unless allowed");
	p = dec(" Y Q\n= =\r\n", BASE64_SKIP_SPACE, &n);
	cr_assert(p && n == 1 && p[0] == 'a');
	p = dec("", dsse, &n);
	cr_assert(p && n == 0);
	cr_assert_null(dec("YQ\0==", 0, &n));
	buf_release(&e);
	dec("", 0, &n);
	CHECK_NO_LEAKS();
}
