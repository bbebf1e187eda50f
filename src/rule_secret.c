/* rule_secret.c - the secrets pack: PCRE2 patterns over every string.
 *
 * Every string value of a change is scanned, except values marked
 * sensitive (never read).  Strings that hold base64 (user_data,
 * custom_data, or anything that decodes to printable text) are decoded
 * and scanned too.  A keyword pre-filter (case-insensitive substrings)
 * keeps the regexes off most strings.  A finding never holds the secret:
 * at most its first four characters and its length.
 */
#include <string.h>

#include "rule_internal.h"
#include "str.h"

#define SECRET_MAX_DEPTH 1024
#define SECRET_MAX_MATCHES 8       /* per string and rule */
#define SECRET_SHOW 4              /* characters of a secret a message may show */

/* log2 without libm: range-reduce to [1, 2), then the atanh series. */
static double
log2_of(double x)
{
	double y, y2, t, sum = 0;
	int e = 0, k;

	if (x <= 0)
		return 0;
	while (x >= 2) {
		x /= 2;
		e++;
	}
	while (x < 1) {
		x *= 2;
		e--;
	}
	y = (x - 1) / (x + 1);
	y2 = y * y;
	t = y;
	for (k = 1; k < 60; k += 2) {
		sum += t / k;
		t *= y2;
	}
	return e + 2 * sum / 0.69314718055994530942;
}

double
rule_entropy(const char *s, size_t len)
{
	size_t counts[256] = { 0 }, i;
	double h = 0;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		counts[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++) {
		double p;

		if (!counts[i])
			continue;
		p = (double)counts[i] / (double)len;
		h -= p * log2_of(p);
	}
	return h;
}

static int
b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

long
rule_base64_decode(const char *s, size_t len, char *out)
{
	unsigned long acc = 0;
	size_t i, o = 0;
	int bits = 0, pad = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];
		int v;

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad)
			return -1;     /* data after padding */
		v = b64_value(c);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xFF);
		}
	}
	if (pad > 2)
		return -1;
	return (long)o;
}

/* Worth decoding: only base64 characters, a length that fits, and
 * long enough to hold something. */
static bool
looks_base64(const char *s, size_t len)
{
	size_t i, pad = 0;
	bool digit = false, upper = false, lower = false;

	if (len < 24 || len % 4)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '=') {
			pad++;
			continue;
		}
		if (pad)
			return false;
		if (b64_value(c) < 0 || c == '-' || c == '_')
			return false;
		digit |= c >= '0' && c <= '9';
		upper |= c >= 'A' && c <= 'Z';
		lower |= c >= 'a' && c <= 'z';
	}
	return pad <= 2 && upper && lower && (digit || len > 40);
}

/* Decoded bytes that read as text (valid UTF-8, few controls). */
static bool
printable_text(const char *s, size_t len)
{
	size_t i, bad = 0;

	if (!len || !str_utf8_valid(s, len, NULL))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
			bad++;
	}
	return bad * 20 <= len;
}

static bool
key_is_user_data(const char *key, size_t len)
{
	static const char *const keys[] = { "user_data", "userData", "user_data_base64",
					     "userDataBase64", "custom_data", "customData" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == len && memcmp(keys[i], key, len) == 0)
			return true;
	return false;
}

static bool
find_nocase(const char *lower_hay, size_t hlen, const char *lower_needle)
{
	size_t n = strlen(lower_needle), i;

	if (n > hlen)
		return false;
	for (i = 0; i + n <= hlen; i++)
		if (lower_hay[i] == lower_needle[0] && memcmp(lower_hay + i, lower_needle, n) == 0)
			return true;
	return false;
}

/* Template placeholders and documentation examples are not secrets. */
static bool
is_placeholder(const char *s, size_t len)
{
	static const char *const words[] = { "${", "{{", "$(", "example", "placeholder",
					      "redacted", "changeme", "xxxxxxxx", "********",
					      "<your", "dummy" };
	char low[256];
	size_t i, n = len < sizeof(low) ? len : sizeof(low) - 1;
	bool same = true;

	for (i = 0; i < n; i++) {
		char c = s[i];

		low[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		if (i && s[i] != s[0])
			same = false;
	}
	low[n] = '\0';
	if (same && n > 1)
		return true;
	if (n >= 2 && low[0] == '<' && low[n - 1] == '>')
		return true;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(low, words[i]))
			return true;
	return false;
}

struct scan {
	struct rule_engine *e;
	const struct rule *const *rules;
	const size_t *indexes;
	size_t n;
	bool *found;
	struct finding_builder *fb;
	const struct plan_change *c;
	char *lower;                  /* lower-cased copy of the current text */
	size_t lower_cap;
};

static int
report(struct scan *sc, size_t ri, const char *path, const char *secret, size_t slen,
       bool decoded)
{
	const struct rule *r = sc->rules[ri];
	struct finding_draft d;
	struct buf msg = BUF_INIT;
	size_t chars = 0, show = 0, i;
	int rc;

	/* characters, not bytes: the first SECRET_SHOW of them end at `show` */
	for (i = 0; i < slen;) {
		uint32_t cp;
		int n = str_utf8_decode(secret + i, slen - i, &cp);

		i += n > 0 ? (size_t)n : 1;
		if (++chars == SECRET_SHOW)
			show = i;
	}
	/* never the secret itself: four characters at most, and only of
	 * secrets long enough that four characters give nothing away */
	buf_addf(&msg, "%s", r->secret->what);
	if (chars > SECRET_SHOW)
		buf_addf(&msg, " '%.*s…' (%zu characters)", (int)show, secret, chars);
	else
		buf_addf(&msg, " (%zu characters)", chars);
	buf_addf(&msg, " in %s%s", *path ? path : "a value",
		 decoded ? " (base64-decoded)" : "");
	if (buf_failed(&msg)) {
		buf_release(&msg);
		return -1;
	}
	memset(&d, 0, sizeof(d));
	d.status = FINDING_FAIL;
	d.change_index = sc->c->index;
	d.address = plan_change_key(sc->c);
	d.path = *path ? path : NULL;
	d.path_in_id = true;
	d.message = msg.data;
	rc = finding_builder_add(sc->fb, sc->indexes[ri], &d);
	buf_release(&msg);
	sc->found[ri] = true;
	return rc;
}

/* Runs the rules over one text; `key` is the attribute it sits under. */
static int
scan_text(struct scan *sc, const char *key, size_t klen, const char *path, const char *text,
	  size_t len, bool decoded)
{
	size_t i, ri;

	if (len > sc->lower_cap) {
		char *l = mem_realloc(sc->lower, len + 1);

		if (!l)
			return -1;
		sc->lower = l;
		sc->lower_cap = len;
	}
	for (i = 0; i < len; i++) {
		char ch = text[i];

		sc->lower[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
	}
	for (ri = 0; ri < sc->n; ri++) {
		const struct rule_secret *s = sc->rules[ri]->secret;
		size_t off = 0, m;
		bool kw = s->nkeywords == 0;

		if (len < s->min_length)
			continue;
		if (s->key_re) {
			if (!key ||
			    rule_regex_match(sc->e, s->key_re, key, klen, NULL, NULL, 0) != RULE_TRUE)
				continue;
		}
		for (i = 0; i < s->nkeywords && !kw; i++)
			kw = find_nocase(sc->lower, len, s->keywords[i]);
		if (!kw)
			continue;
		for (m = 0; m < SECRET_MAX_MATCHES && off < len; m++) {
			size_t a, b;
			int rc = pcre2_match(s->re, (PCRE2_SPTR)text, len, off, 0, sc->e->md,
					     sc->e->mctx);
			PCRE2_SIZE *ov;

			if (rc < 0) {
				if (rc != PCRE2_ERROR_NOMATCH)
					sc->e->regex_errors++;
				break;
			}
			ov = pcre2_get_ovector_pointer(sc->e->md);
			a = ov[0];
			b = ov[1];
			if (s->group && s->group < (uint32_t)rc && ov[2 * s->group] != PCRE2_UNSET) {
				a = ov[2 * s->group];
				b = ov[2 * s->group + 1];
			}
			off = ov[1] > off ? ov[1] : off + 1;
			if (b <= a || b - a < s->min_length)
				continue;
			if (s->min_entropy > 0 && rule_entropy(text + a, b - a) < s->min_entropy)
				continue;
			if (is_placeholder(text + a, b - a))
				continue;
			if (report(sc, ri, path, text + a, b - a, decoded) < 0)
				return -1;
			break;   /* one finding per rule and value */
		}
	}
	return 0;
}

static int
scan_string(struct scan *sc, const char *key, size_t klen, const char *path,
	    const struct value *v)
{
	const char *s = v->u.str;
	size_t len = v->len;
	bool ud = key && key_is_user_data(key, klen);

	if (scan_text(sc, key, klen, path, s, len, false) < 0)
		return -1;
	if ((ud && len >= 8) || looks_base64(s, len)) {
		char *dec = mem_alloc(len + 1);
		long n;
		int rc = 0;

		if (!dec)
			return -1;
		n = rule_base64_decode(s, len, dec);
		if (n > 0 && printable_text(dec, (size_t)n))
			rc = scan_text(sc, key, klen, path, dec, (size_t)n, true);
		mem_wipe(dec, len + 1);
		mem_free(dec);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Iterates every string in the document without recursion. */
static int
walk_document(struct scan *sc, const struct value *doc)
{
	struct frame {
		const struct value *v;
		size_t next;
		size_t path_len;
	} *stack;
	struct buf path = BUF_INIT;
	size_t depth = 0;
	int rc = -1;

	stack = mem_alloc(SECRET_MAX_DEPTH * sizeof(*stack));
	if (!stack)
		return -1;
	if (doc->kind == VALUE_STRING) {
		rc = scan_string(sc, NULL, 0, "", doc);
		goto out;
	}
	if (doc->kind != VALUE_OBJECT && doc->kind != VALUE_ARRAY) {
		rc = 0;
		goto out;
	}
	stack[0].v = doc;
	stack[0].next = 0;
	stack[0].path_len = 0;
	depth = 1;
	while (depth) {
		struct frame *f = &stack[depth - 1];
		const struct value *child;
		const char *key = NULL;
		size_t klen = 0;

		if (f->next >= f->v->len) {
			depth--;
			continue;
		}
		buf_truncate(&path, f->path_len);
		if (f->v->kind == VALUE_OBJECT) {
			const struct value_member *m = &f->v->u.members[f->next];

			child = &m->value;
			key = m->key;
			klen = m->key_len;
			if (path.len)
				buf_addch(&path, '.');
			buf_add(&path, m->key, m->key_len);
		} else {
			child = &f->v->u.items[f->next];
			buf_addf(&path, "[%zu]", f->next);
			/* elements of a list sit under the list's key */
			if (depth >= 2 && stack[depth - 2].v->kind == VALUE_OBJECT) {
				const struct value_member *pm =
					&stack[depth - 2].v->u.members[stack[depth - 2].next - 1];

				key = pm->key;
				klen = pm->key_len;
			}
		}
		f->next++;
		if (buf_failed(&path))
			goto out;
		if (child->kind == VALUE_STRING) {
			if (scan_string(sc, key, klen, path.data, child) < 0)
				goto out;
		} else if ((child->kind == VALUE_OBJECT || child->kind == VALUE_ARRAY) &&
			   child->len && depth < SECRET_MAX_DEPTH) {
			stack[depth].v = child;
			stack[depth].next = 0;
			stack[depth].path_len = path.len;
			depth++;
		}
	}
	rc = 0;
out:
	buf_release(&path);
	mem_free(stack);
	return rc;
}

int
rule_secret_scan(struct rule_engine *e, const struct rule *const *rules, const size_t *indexes,
		 size_t n, size_t change, struct finding_builder *fb, bool *found)
{
	struct scan sc;
	int rc;

	memset(&sc, 0, sizeof(sc));
	sc.e = e;
	sc.rules = rules;
	sc.indexes = indexes;
	sc.n = n;
	sc.found = found;
	sc.fb = fb;
	sc.c = plan_change_at(e->plan, change);
	memset(found, 0, n * sizeof(*found));
	rc = walk_document(&sc, &sc.c->after);
	if (sc.lower)
		mem_wipe(sc.lower, sc.lower_cap);
	mem_free(sc.lower);
	return rc;
}
