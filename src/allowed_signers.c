/* allowed_signers.c - the allowed_signers subset described in the header. */
#include "allowed_signers.h"

#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fileio.h"
#include "json.h"
#include "mem.h"
#include "sshkey.h"
#include "timefmt.h"
#include "str.h"

#define MAX_FILE (16 * 1024 * 1024) /* MAX_LINES lines of ed25519 or ECDSA keys */
#define MAX_LINES 100000

struct signer_line {
	char *principals;        /* pattern-list */
	char *namespaces;        /* pattern-list, or NULL for any */
	int64_t valid_after;     /* INT64_MIN when not set */
	int64_t valid_before;    /* INT64_MAX when not set */
	struct sshkey *key;
	unsigned long lineno;
};

struct allowed_signers {
	struct signer_line *lines;
	size_t n, cap;
};

void
allowed_signers_free(struct allowed_signers **as)
{
	size_t i;

	if (!*as)
		return;
	for (i = 0; i < (*as)->n; i++) {
		mem_free((*as)->lines[i].principals);
		mem_free((*as)->lines[i].namespaces);
		sshkey_free(&(*as)->lines[i].key);
	}
	mem_free((*as)->lines);
	mem_free(*as);
	*as = NULL;
}

size_t
allowed_signers_count(const struct allowed_signers *as)
{
	return as->n;
}

/* One pattern (no commas) against s, ssh's match_pattern: '*' and '?'. */
static bool
match_one(const char *pat, size_t plen, const char *s)
{
	char tmp[512];

	if (plen >= sizeof(tmp))
		return false;
	memcpy(tmp, pat, plen);
	tmp[plen] = '\0';
	return str_glob_match(tmp, s);
}

bool
allowed_signers_match_list(const char *list, const char *s)
{
	bool got = false;
	const char *p = list;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		bool neg = n > 0 && p[0] == '!';

		if (neg) {
			if (match_one(p + 1, n - 1, s))
				return false;
		} else if (n > 0 && match_one(p, n, s)) {
			got = true;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	return got;
}

int
allowed_signers_parse_time(const char *s, size_t len, int64_t *out)
{
	size_t n;
	int hour = 0, min = 0, sec = 0;

	if (len < 2 || s[len - 1] != 'Z')
		return -1;
	n = len - 1;
	if (n != 8 && n != 12 && n != 14)
		return -1;
	if (n >= 12) {
		hour = timefmt_digits(s + 8, 2);
		min = timefmt_digits(s + 10, 2);
	}
	if (n == 14)
		sec = timefmt_digits(s + 12, 2);
	/* a field that is not digits is -1, which timefmt_utc refuses */
	return timefmt_utc(timefmt_digits(s, 4), timefmt_digits(s + 4, 2),
			   timefmt_digits(s + 6, 2), hour, min, sec, out);
}

/* ---- parsing ---- */

struct lexer {
	const char *path;
	unsigned long lineno;
	const char *line, *p, *end;
};

static int lex_error(struct error *err, const struct lexer *lx, const char *at, const char *fmt,
		     ...) __attribute__((format(printf, 4, 5)));

static int
lex_error(struct error *err, const struct lexer *lx, const char *at, const char *fmt, ...)
{
	struct buf m = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&m, fmt, ap);
	va_end(ap);
	error_set_at(err, ERROR_SYNTAX, lx->path, lx->lineno, (unsigned long)(at - lx->line) + 1,
		     "%s", buf_failed(&m) ? "bad allowed_signers line" : m.data);
	buf_release(&m);
	return -1;
}

static void
skip_blanks(struct lexer *lx)
{
	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t'))
		lx->p++;
}

/* A field up to unquoted whitespace; quotes are kept in the field. */
static int
next_field(struct lexer *lx, const char **f, size_t *n, struct error *err)
{
	bool quoted = false;

	skip_blanks(lx);
	*f = lx->p;
	while (lx->p < lx->end) {
		if (*lx->p == '"')
			quoted = !quoted;
		else if (!quoted && (*lx->p == ' ' || *lx->p == '\t'))
			break;
		lx->p++;
	}
	if (quoted)
		return lex_error(err, lx, *f, "unterminated quote");
	*n = (size_t)(lx->p - *f);
	return 0;
}

static bool
is_key_type(const char *f, size_t n)
{
	static const char *const known[] = { "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa" };
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i]) == n && memcmp(known[i], f, n) == 0)
			return true;
	return false;
}

static bool
looks_like_key_type(const char *f, size_t n)
{
	return (n > 4 && memcmp(f, "ssh-", 4) == 0) || (n > 6 && memcmp(f, "ecdsa-", 6) == 0) ||
	       (n > 3 && memcmp(f, "sk-", 3) == 0);
}

/* Copies a field, removing the quotes (principals may be quoted). */
static char *
unquote(const char *f, size_t n)
{
	char *s = mem_alloc(n + 1), *o = s;
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < n; i++)
		if (f[i] != '"')
			*o++ = f[i];
	*o = '\0';
	return s;
}

static int
parse_options(struct lexer *lx, const char *f, size_t n, struct signer_line *sl,
	      struct error *err)
{
	const char *p = f, *end = f + n;

	while (p < end) {
		const char *opt = p, *eq = NULL, *val = NULL;
		size_t olen, vlen = 0;
		bool quoted = false;

		while (p < end && (quoted || *p != ',')) {
			if (*p == '"')
				quoted = !quoted;
			else if (*p == '=' && !eq && !quoted)
				eq = p;
			p++;
		}
		olen = (size_t)((eq ? eq : p) - opt);
		if (eq) {
			val = eq + 1;
			vlen = (size_t)(p - val);
			if (vlen < 2 || val[0] != '"' || val[vlen - 1] != '"')
				return lex_error(err, lx, val, "option value must be in double quotes");
			val++;
			vlen -= 2;
		}
#define IS(name) (olen == strlen(name) && strncasecmp(opt, name, olen) == 0)
		if (IS("namespaces") && val) {
			if (sl->namespaces)
				return lex_error(err, lx, opt, "namespaces given twice");
			sl->namespaces = mem_strndup(val, vlen);
			if (!sl->namespaces)
				return error_set(err, ERROR_NOMEM, "out of memory");
		} else if ((IS("valid-after") || IS("valid-before")) && val) {
			bool after = IS("valid-after");
			int64_t *slot = after ? &sl->valid_after : &sl->valid_before;
			int64_t t;

			if (*slot != (after ? INT64_MIN : INT64_MAX))
				return lex_error(err, lx, opt, "%s given twice",
						 after ? "valid-after" : "valid-before");
			if (allowed_signers_parse_time(val, vlen, &t) < 0)
				return lex_error(err, lx, val,
						 "time must be YYYYMMDD[HHMM[SS]]Z, in UTC with the "
						 "final Z");
			*slot = t;
		} else if (IS("cert-authority")) {
			return lex_error(err, lx, opt,
					 "cert-authority is not supported: list each signer's own "
					 "key");
		} else {
			struct buf o = BUF_INIT;
			int rc;

			str_escape(&o, opt, olen > 40 ? 40 : olen, STR_ESCAPE_CONTROLS);
			rc = lex_error(err, lx, opt, "unknown or incomplete option '%s'",
				       buf_failed(&o) ? "?" : o.data);
			buf_release(&o);
			return rc;
		}
#undef IS
		if (p < end)
			p++; /* the comma */
	}
	if (sl->valid_after != INT64_MIN && sl->valid_before != INT64_MAX &&
	    sl->valid_before <= sl->valid_after)
		return lex_error(err, lx, f, "valid-before is not after valid-after");
	return 0;
}

static int
parse_line(struct allowed_signers *as, struct lexer *lx, struct error *err)
{
	struct signer_line sl;
	const char *f, *keystart;
	size_t n;

	memset(&sl, 0, sizeof(sl));
	sl.valid_after = INT64_MIN;
	sl.valid_before = INT64_MAX;
	sl.lineno = lx->lineno;
	if (next_field(lx, &f, &n, err) < 0)
		return -1;
	sl.principals = unquote(f, n);
	if (!sl.principals)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (!sl.principals[0]) {
		lex_error(err, lx, f, "empty principals");
		goto fail;
	}
	if (next_field(lx, &f, &n, err) < 0)
		goto fail;
	if (n == 0) {
		lex_error(err, lx, f, "expected options or a key type after the principals");
		goto fail;
	}
	if (!is_key_type(f, n)) {
		if (looks_like_key_type(f, n)) {
			struct buf t = BUF_INIT;

			str_escape(&t, f, n > 40 ? 40 : n, STR_ESCAPE_CONTROLS);
			lex_error(err, lx, f,
				  "key type '%s' is not supported (ssh-ed25519, "
				  "ecdsa-sha2-nistp256, ssh-rsa)",
				  buf_failed(&t) ? "?" : t.data);
			buf_release(&t);
			goto fail;
		}
		if (parse_options(lx, f, n, &sl, err) < 0)
			goto fail;
		skip_blanks(lx);
		keystart = lx->p;
		if (next_field(lx, &f, &n, err) < 0)
			goto fail;
		if (!is_key_type(f, n)) {
			struct buf t = BUF_INIT;

			str_escape(&t, f, n > 40 ? 40 : n, STR_ESCAPE_CONTROLS);
			lex_error(err, lx, f,
				  "key type '%s' is not supported (ssh-ed25519, "
				  "ecdsa-sha2-nistp256, ssh-rsa)",
				  buf_failed(&t) ? "?" : t.data);
			buf_release(&t);
			goto fail;
		}
	} else {
		keystart = f;
	}
	if (sshkey_parse_public(&sl.key, keystart, (size_t)(lx->end - keystart), err) < 0) {
		error_locate(err, lx->path, lx->lineno, (unsigned long)(keystart - lx->line) + 1);
		goto fail;
	}
	if (as->n == as->cap &&
	    mem_grow_array((void **)&as->lines, &as->cap, as->n + 1, sizeof(sl)) < 0) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto fail;
	}
	as->lines[as->n++] = sl;
	return 0;
fail:
	mem_free(sl.principals);
	mem_free(sl.namespaces);
	sshkey_free(&sl.key);
	return -1;
}

int
allowed_signers_parse(struct allowed_signers **out, const char *text, size_t len,
		      const char *path, struct error *err)
{
	struct allowed_signers *as;
	struct lexer lx;
	const char *p = text, *end = text + len;
	size_t bad;

	*out = NULL;
	if (!str_utf8_valid(text, len, &bad)) {
		unsigned long line, col;

		json_position(text, len, bad, &line, &col);
		return error_set_at(err, ERROR_ENCODING, path, line, col,
				    "invalid UTF-8 byte 0x%02x: allowed_signers is UTF-8 text",
				    (unsigned)(unsigned char)text[bad]);
	}
	as = mem_calloc(1, sizeof(*as));
	if (!as)
		return error_set(err, ERROR_NOMEM, "out of memory");
	memset(&lx, 0, sizeof(lx));
	lx.path = path;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		lx.lineno++;
		if (lx.lineno > MAX_LINES) {
			error_set_at(err, ERROR_LIMIT, path, lx.lineno, 0, "too many lines");
			goto fail;
		}
		if (e > p && e[-1] == '\r')
			e--;
		lx.line = lx.p = p;
		lx.end = e;
		skip_blanks(&lx);
		if (lx.p < e && *lx.p != '#') {
			if (memchr(lx.p, '\0', (size_t)(e - lx.p))) {
				error_set_at(err, ERROR_ENCODING, path, lx.lineno, 0,
					     "NUL byte in the line");
				goto fail;
			}
			if (parse_line(as, &lx, err) < 0)
				goto fail;
		}
		p = nl ? nl + 1 : end;
	}
	*out = as;
	return 0;
fail:
	allowed_signers_free(&as);
	return -1;
}

int
allowed_signers_load(struct allowed_signers **out, const char *path, struct error *err)
{
	struct buf text = BUF_INIT;
	int rc;

	*out = NULL;
	if (fileio_read(path, MAX_FILE, &text, err) < 0)
		return -1;
	rc = allowed_signers_parse(out, text.data, text.len, path, err);
	buf_release(&text);
	return rc;
}

/* ---- matching ---- */

enum line_fit {
	FIT_OK,
	FIT_NAMESPACE,
	FIT_NOT_YET,
	FIT_EXPIRED,
};

static enum line_fit
line_fits(const struct signer_line *l, const char *ns, int64_t now)
{
	if (l->namespaces && !allowed_signers_match_list(l->namespaces, ns))
		return FIT_NAMESPACE;
	if (now < l->valid_after)
		return FIT_NOT_YET;
	if (now >= l->valid_before)
		return FIT_EXPIRED;
	return FIT_OK;
}

static void
format_time(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		memcpy(out, "?", 2);
}

bool
allowed_signers_trusts_key(const struct allowed_signers *as, const struct sshkey *key,
			   const char *ns, int64_t now, struct error *err)
{
	const struct signer_line *why = NULL;
	enum line_fit fit = FIT_OK;
	size_t i;

	for (i = 0; i < as->n; i++) {
		enum line_fit f;

		if (!sshkey_equal(as->lines[i].key, key))
			continue;
		f = line_fits(&as->lines[i], ns, now);
		if (f == FIT_OK)
			return true;
		if (!why) {
			why = &as->lines[i];
			fit = f;
		}
	}
	if (!why) {
		error_set(err, ERROR_CRYPTO, "%s key %s is not in allowed_signers",
			  sshkey_short_name(key), sshkey_fingerprint(key));
	} else if (fit == FIT_NAMESPACE) {
		error_set(err, ERROR_CRYPTO,
			  "key %s may not sign under namespace '%s' (allowed_signers line %lu)",
			  sshkey_fingerprint(key), ns, why->lineno);
	} else {
		char t[32];

		format_time(fit == FIT_NOT_YET ? why->valid_after : why->valid_before, t);
		error_set(err, ERROR_CRYPTO, "key %s is %s %s (allowed_signers line %lu)",
			  sshkey_fingerprint(key),
			  fit == FIT_NOT_YET ? "not valid before" : "no longer valid since", t,
			  why->lineno);
	}
	return false;
}

bool
allowed_signers_proves(const struct allowed_signers *as, const struct sshkey *key,
		       const char *ns, int64_t now, const char *principal)
{
	size_t i;

	for (i = 0; i < as->n; i++) {
		const struct signer_line *l = &as->lines[i];

		if (sshkey_equal(l->key, key) && line_fits(l, ns, now) == FIT_OK &&
		    allowed_signers_match_list(l->principals, principal))
			return true;
	}
	return false;
}
