/* str.h - UTF-8 decoding, display width, and escaping of untrusted text.
 *
 * Every string that came from an input goes through str_escape() before
 * it reaches a terminal or a one-line message: C0 and C1 controls, DEL,
 * bidi and other invisible format characters become visible escapes
 * (\x1b, \u{202e}), and bytes that are not UTF-8 become \xNN.
 */
#ifndef SIGNOFF_STR_H
#define SIGNOFF_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

enum str_escape_flags {
	STR_ESCAPE_CONTROLS = 1 << 0,  /* always on in practice */
	STR_ESCAPE_NEWLINES_KEEP = 1 << 1, /* leave '\n' as is (multi-line text) */
	STR_ESCAPE_ASCII = 1 << 2,     /* also escape every non-ASCII code point */
};

/* Decodes one UTF-8 sequence; returns its length (1..4) and sets *cp, or
 * returns -1 for an invalid or truncated sequence (overlongs and
 * surrogates are invalid). */
int str_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp (<= 0x10FFFF) into out[4]; returns the length. */
int str_utf8_encode(uint32_t cp, char out[4]);
bool str_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* True for code points that must never be sent to a terminal raw. */
bool str_cp_is_control(uint32_t cp);

/* Appends s[0..len) to out with controls escaped (see the flags). */
void str_escape(struct buf *out, const char *s, size_t len, unsigned flags);

/* Display width of one code point (0 for combining marks, 2 for wide). */
int str_cp_width(uint32_t cp);
/* Display width of an already escaped string (invalid bytes count 1). */
size_t str_width(const char *s, size_t len);
/* Number of bytes of s that fit in max_cols columns; *cols gets their
 * width.  Never splits a code point. */
size_t str_fit(const char *s, size_t len, size_t max_cols, size_t *cols);
/* Word wrap: the bytes of s that go on a line of max_cols columns, broken
 * after the last space that fits (a word wider than the line is cut by
 * columns; at least one character is taken, so wrapping always ends).
 * Trailing spaces are not counted; *next is where the following line
 * starts, its leading spaces skipped (len when nothing is left). */
size_t str_wrap(const char *s, size_t len, size_t max_cols, size_t *next);
/* Appends s (already escaped) cut to max_cols, ending in `ellipsis`
 * (one column wide, e.g. "…" or "~") when cut.  Returns the width used. */
size_t str_append_fitted(struct buf *out, const char *s, size_t len, size_t max_cols,
			 const char *ellipsis);

/* Shell-style glob: '*' any run, '?' one byte, no classes. */
bool str_glob_match(const char *pattern, const char *s);

/* A key that HCL (and Terraform's rendering) writes bare: a letter or
 * '_', then letters, digits, '_' or '-'. */
bool str_is_identifier(const char *s, size_t n);
bool str_has_prefix(const char *s, const char *prefix);
bool str_has_suffix(const char *s, const char *suffix);
/* Case-insensitive ASCII comparison of NUL-terminated strings. */
bool str_eq_nocase(const char *a, const char *b);

#endif
