/* keymap.c - key names, the request table, bindings and key scripts. */
#include "keymap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "str.h"

static const char *const special_names[] = {
#define X(name, text) text,
	KEYMAP_SPECIAL_KEYS(X)
#undef X
};

#define NSPECIAL (sizeof(special_names) / sizeof(special_names[0]))

struct request_info {
	const char *name, *keys, *help;
	enum keymap_section section;
};

static const struct request_info requests[] = {
	{ "none", "", "", KEYMAP_SECTION_OTHER },
#define X(name, cfg, keys, help, section) { cfg, keys, help, KEYMAP_SECTION_##section },
	KEYMAP_REQUESTS(X)
#undef X
};

static const char *const section_titles[] = {
#define X(name, title) title,
	KEYMAP_SECTIONS(X)
#undef X
};

static const char *const directive_words[] = {
	"",
#define X(name, word, arg) word,
	KEYMAP_DIRECTIVES(X)
#undef X
};

static const bool directive_args[] = {
	false,
#define X(name, word, arg) arg,
	KEYMAP_DIRECTIVES(X)
#undef X
};

/* Names that are characters, for keys awkward to write literally. */
static const struct {
	const char *name;
	int key;
} char_names[] = {
	{ "Space", ' ' }, { "lt", '<' }, { "gt", '>' }, { "Hash", '#' },
	{ "At", '@' },    { "Bslash", '\\' }, { "Bar", '|' },
};

/* Aliases accepted on input only. */
static const struct {
	const char *name;
	int key;
} key_aliases[] = {
	{ "CR", KEYMAP_KEY_ENTER },     { "Return", KEYMAP_KEY_ENTER },
	{ "Escape", KEYMAP_KEY_ESC },   { "PageUp", KEYMAP_KEY_PGUP },
	{ "PageDown", KEYMAP_KEY_PGDN }, { "Backspace", KEYMAP_KEY_BACKSPACE },
	{ "Delete", KEYMAP_KEY_DELETE }, { "Insert", KEYMAP_KEY_INSERT },
	{ "BackTab", KEYMAP_KEY_BACKTAB },
};

int
keymap_normalize(int key)
{
	switch (key) {
	case '\t':
		return KEYMAP_KEY_TAB;
	case '\n':
	case '\r':
		return KEYMAP_KEY_ENTER;
	case 27:
		return KEYMAP_KEY_ESC;
	case 8:
	case 127:
		return KEYMAP_KEY_BACKSPACE;
	}
	return key;
}

static bool
name_eq(const char *a, size_t alen, const char *b)
{
	return strlen(b) == alen && memcmp(a, b, alen) == 0;
}

/* "R,C" with 1 <= R, C <= 10000. */
static bool
parse_position(const char *s, size_t len, int *row, int *col)
{
	long v[2] = { 0, 0 };
	size_t i = 0;
	int k;

	for (k = 0; k < 2; k++) {
		size_t start = i;

		while (i < len && s[i] >= '0' && s[i] <= '9') {
			v[k] = v[k] * 10 + (s[i] - '0');
			if (v[k] > 10000)
				return false;
			i++;
		}
		if (i == start || v[k] < 1)
			return false;
		if (k == 0) {
			if (i >= len || s[i] != ',')
				return false;
			i++;
		}
	}
	if (i != len)
		return false;
	*row = (int)v[0];
	*col = (int)v[1];
	return true;
}

/* The name between '<' and '>' (exclusive); 0 if it is not a key name. */
static int
key_from_name(const char *n, size_t len, struct keymap_input *in)
{
	size_t i;

	in->row = in->col = 0;
	for (i = 0; i < NSPECIAL; i++) {
		int key = KEYMAP_KEY_BASE + (int)i;

		if (key == KEYMAP_KEY_CLICK || key == KEYMAP_KEY_WHEEL_UP ||
		    key == KEYMAP_KEY_WHEEL_DOWN || key == KEYMAP_KEY_RESIZE)
			continue;
		if (name_eq(n, len, special_names[i]))
			return key;
	}
	for (i = 0; i < sizeof(key_aliases) / sizeof(key_aliases[0]); i++)
		if (name_eq(n, len, key_aliases[i].name))
			return key_aliases[i].key;
	for (i = 0; i < sizeof(char_names) / sizeof(char_names[0]); i++)
		if (name_eq(n, len, char_names[i].name))
			return char_names[i].key;
	/* <C-x>: a control character */
	if (len == 3 && (n[0] == 'C' || n[0] == 'c') && n[1] == '-') {
		unsigned char c = (unsigned char)n[2];

		if (c >= 'a' && c <= 'z')
			return keymap_normalize(c - 'a' + 1);
		if (c >= 'A' && c <= 'Z')
			return keymap_normalize(c - 'A' + 1);
		if (c == '[')
			return KEYMAP_KEY_ESC;
	}
	/* mouse events: <Click R,C>, <WheelUp R,C>, <WheelDown R,C> */
	{
		static const struct {
			const char *word;
			int key;
		} mouse[] = { { "Click ", KEYMAP_KEY_CLICK },
			      { "WheelUp ", KEYMAP_KEY_WHEEL_UP },
			      { "WheelDown ", KEYMAP_KEY_WHEEL_DOWN } };

		for (i = 0; i < 3; i++) {
			size_t w = strlen(mouse[i].word);

			if (len > w && memcmp(n, mouse[i].word, w) == 0 &&
			    parse_position(n + w, len - w, &in->row, &in->col))
				return mouse[i].key;
		}
	}
	return 0;
}

int
keymap_parse_key(const char *s, size_t len, struct keymap_input *out, struct error *err)
{
	uint32_t cp;
	int n;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return error_set(err, ERROR_SYNTAX, "expected a key");
	if (s[0] == '<' && len > 2) {
		const char *close = memchr(s + 1, '>', len - 1);

		/* "<>" is never a name; a name never holds '<' */
		if (close && close > s + 1 && !memchr(s + 1, '<', (size_t)(close - s - 1))) {
			int key = key_from_name(s + 1, (size_t)(close - s - 1), out);

			if (key) {
				out->key = key;
				return (int)(close - s + 1);
			}
			/* Looks like a name but is not one: say so rather than
			 * typing the letters one by one. */
			if (close - s - 1 <= 24) {
				struct buf b = BUF_INIT;

				str_escape(&b, s, (size_t)(close - s + 1), STR_ESCAPE_CONTROLS);
				error_set(err, ERROR_SYNTAX, "unknown key name '%s'", b.data);
				buf_release(&b);
				return -1;
			}
		}
	}
	n = str_utf8_decode(s, len, &cp);
	if (n < 0)
		return error_set(err, ERROR_ENCODING, "a key must be valid UTF-8");
	if (cp < 0x20 || cp == 0x7F) {
		int k = keymap_normalize((int)cp);

		if (k == (int)cp)
			return error_set(err, ERROR_SYNTAX,
					 "write control keys by name, e.g. <C-a>, not raw");
		cp = (uint32_t)k;
	} else if (str_cp_is_control(cp)) {
		return error_set(err, ERROR_SYNTAX, "U+%04X is a control character, not a key",
				 (unsigned)cp);
	}
	out->key = (int)cp;
	return n;
}

int
keymap_parse_seq(const char *s, int keys[KEYMAP_SEQ_MAX], struct error *err)
{
	size_t len = strlen(s), off = 0;
	int n = 0;

	if (len == 0)
		return error_set(err, ERROR_SYNTAX, "expected a key");
	while (off < len) {
		struct keymap_input in;
		int used = keymap_parse_key(s + off, len - off, &in, err);

		if (used < 0)
			return -1;
		if (in.key == ' ' && used == 1)
			return error_set(err, ERROR_SYNTAX, "write the space key as <Space>");
		if (in.key == KEYMAP_KEY_CLICK || in.key == KEYMAP_KEY_WHEEL_UP ||
		    in.key == KEYMAP_KEY_WHEEL_DOWN)
			return error_set(err, ERROR_SYNTAX, "mouse events cannot be bound");
		if (n == KEYMAP_SEQ_MAX)
			return error_set(err, ERROR_LIMIT, "a binding has at most %d keys",
					 KEYMAP_SEQ_MAX);
		keys[n++] = in.key;
		off += (size_t)used;
	}
	return n;
}

void
keymap_key_name(struct buf *out, int key)
{
	size_t i;

	if (key >= KEYMAP_KEY_BASE && key < KEYMAP_KEY_LAST_) {
		buf_addch(out, '<');
		buf_addstr(out, special_names[key - KEYMAP_KEY_BASE]);
		buf_addch(out, '>');
		return;
	}
	for (i = 0; i < sizeof(char_names) / sizeof(char_names[0]); i++)
		if (char_names[i].key == key && key != '>' && key != '#' && key != '@' &&
		    key != '\\' && key != '|') {
			buf_addch(out, '<');
			buf_addstr(out, char_names[i].name);
			buf_addch(out, '>');
			return;
		}
	if (key > 0 && key < 0x20) {
		buf_addf(out, "<C-%c>", 'a' + key - 1);
		return;
	}
	if (key > 0 && key < 0x110000 && !(key >= 0xD800 && key <= 0xDFFF)) {
		char u[4];
		int n = str_utf8_encode((uint32_t)key, u);

		str_escape(out, u, (size_t)n, STR_ESCAPE_CONTROLS);
		return;
	}
	buf_addstr(out, "<?>");
}

/* ---- requests ---- */

const char *
keymap_request_name(enum keymap_request req)
{
	return (unsigned)req < KEYMAP_REQ_COUNT ? requests[req].name : "?";
}

const char *
keymap_request_help(enum keymap_request req)
{
	return (unsigned)req < KEYMAP_REQ_COUNT ? requests[req].help : "";
}

enum keymap_section
keymap_request_section(enum keymap_request req)
{
	return (unsigned)req < KEYMAP_REQ_COUNT ? requests[req].section : KEYMAP_SECTION_OTHER;
}

const char *
keymap_section_title(enum keymap_section section)
{
	return (unsigned)section < KEYMAP_SECTION_COUNT ? section_titles[section] : "";
}

bool
keymap_request_parse(const char *name, enum keymap_request *out)
{
	int i;

	for (i = 0; i < KEYMAP_REQ_COUNT; i++)
		if (strcmp(name, requests[i].name) == 0) {
			*out = (enum keymap_request)i;
			return true;
		}
	*out = KEYMAP_REQ_NONE;
	return false;
}

/* ---- bindings ---- */

static bool
is_prefix(const int *a, size_t an, const int *b, size_t bn)
{
	size_t i;

	if (an > bn)
		return false;
	for (i = 0; i < an; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

void
keymap_init(struct keymap *km)
{
	int r;

	memset(km, 0, sizeof(*km));
	for (r = 1; r < KEYMAP_REQ_COUNT; r++) {
		const char *p = requests[r].keys;

		while (*p) {
			char word[32];
			size_t n = strcspn(p, " ");
			int keys[KEYMAP_SEQ_MAX], nk;

			if (n >= sizeof(word))
				n = sizeof(word) - 1;
			memcpy(word, p, n);
			word[n] = '\0';
			nk = keymap_parse_seq(word, keys, NULL);
			/* the table is ours: a bad entry is a bug caught by the tests */
			if (nk > 0 && km->count < KEYMAP_BINDINGS_MAX) {
				struct keymap_binding *b = &km->bindings[km->count++];

				memcpy(b->keys, keys, (size_t)nk * sizeof(int));
				b->nkeys = (unsigned char)nk;
				b->request = (enum keymap_request)r;
			}
			p += n;
			while (*p == ' ')
				p++;
		}
	}
}

static void
describe_seq(struct buf *out, const int *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		keymap_key_name(out, keys[i]);
}

int
keymap_bind(struct keymap *km, const char *seq, enum keymap_request req, struct error *err)
{
	int keys[KEYMAP_SEQ_MAX];
	int nk = keymap_parse_seq(seq, keys, err);
	size_t i;

	if (nk < 0)
		return -1;
	if (req == KEYMAP_REQ_NONE) {
		keymap_unbind(km, seq, NULL);
		return 0;
	}
	for (i = 0; i < km->count; i++) {
		struct keymap_binding *b = &km->bindings[i];

		if (b->nkeys == (unsigned)nk && is_prefix(keys, (size_t)nk, b->keys, b->nkeys)) {
			b->request = req;
			return 0;
		}
		if (is_prefix(keys, (size_t)nk, b->keys, b->nkeys) ||
		    is_prefix(b->keys, b->nkeys, keys, (size_t)nk)) {
			struct buf a = BUF_INIT, o = BUF_INIT;

			describe_seq(&a, keys, (size_t)nk);
			describe_seq(&o, b->keys, b->nkeys);
			error_set(err, ERROR_USAGE,
				  "'%s' clashes with '%s' (%s): one starts the other; unbind it "
				  "first",
				  a.data, o.data, keymap_request_name(b->request));
			buf_release(&a);
			buf_release(&o);
			return -1;
		}
	}
	if (km->count == KEYMAP_BINDINGS_MAX)
		return error_set(err, ERROR_LIMIT, "too many key bindings (at most %d)",
				 KEYMAP_BINDINGS_MAX);
	memcpy(km->bindings[km->count].keys, keys, (size_t)nk * sizeof(int));
	km->bindings[km->count].nkeys = (unsigned char)nk;
	km->bindings[km->count].request = req;
	km->count++;
	return 0;
}

int
keymap_unbind(struct keymap *km, const char *seq, struct error *err)
{
	int keys[KEYMAP_SEQ_MAX];
	int nk = keymap_parse_seq(seq, keys, err);
	size_t i;

	if (nk < 0)
		return -1;
	for (i = 0; i < km->count; i++) {
		struct keymap_binding *b = &km->bindings[i];

		if (b->nkeys == (unsigned)nk && is_prefix(keys, (size_t)nk, b->keys, b->nkeys)) {
			memmove(b, b + 1, (km->count - i - 1) * sizeof(*b));
			km->count--;
			return 0;
		}
	}
	return error_set(err, ERROR_NOTFOUND, "'%s' is not bound", seq);
}

enum keymap_match
keymap_lookup(const struct keymap *km, const int *keys, size_t n, enum keymap_request *req)
{
	enum keymap_match m = KEYMAP_MATCH_NONE;
	size_t i;

	*req = KEYMAP_REQ_NONE;
	for (i = 0; i < km->count; i++) {
		const struct keymap_binding *b = &km->bindings[i];

		if (!is_prefix(keys, n, b->keys, b->nkeys))
			continue;
		if (b->nkeys == n) {
			*req = b->request;
			return KEYMAP_MATCH_FOUND;
		}
		m = KEYMAP_MATCH_PREFIX;
	}
	return m;
}

size_t
keymap_keys_of(const struct keymap *km, enum keymap_request req, struct buf *out)
{
	size_t i, n = 0;

	for (i = 0; i < km->count; i++) {
		if (km->bindings[i].request != req)
			continue;
		if (n++)
			buf_addch(out, ' ');
		describe_seq(out, km->bindings[i].keys, km->bindings[i].nkeys);
	}
	return n;
}

/* ---- sizes ---- */

int
keymap_parse_size(const char *s, int *cols, int *rows, struct error *err)
{
	long v[2] = { 0, 0 };
	const char *p = s;
	int k;

	for (k = 0; k < 2; k++) {
		const char *start = p;

		while (*p >= '0' && *p <= '9') {
			v[k] = v[k] * 10 + (*p - '0');
			if (v[k] > 10000)
				break;
			p++;
		}
		if (p == start || v[k] < 1 || v[k] > 10000)
			goto bad;
		if (k == 0) {
			if (*p != 'x' && *p != 'X')
				goto bad;
			p++;
		}
	}
	if (*p)
		goto bad;
	*cols = (int)v[0];
	*rows = (int)v[1];
	return 0;
bad: {
	struct buf b = BUF_INIT;
	int rc;

	str_escape(&b, s, strlen(s), STR_ESCAPE_CONTROLS);
	rc = error_set(err, ERROR_USAGE,
		       "bad size '%.40s': expected COLSxROWS such as 100x30 (1 to 10000 each)",
		       b.data);
	buf_release(&b);
	return rc;
}
}

/* ---- key scripts ---- */

const char *
keymap_directive_name(enum keymap_directive d)
{
	return (unsigned)d < KEYMAP_DIRECTIVE_COUNT ? directive_words[d] : "?";
}

void
keymap_script_release(struct keymap_script *s)
{
	mem_free(s->items);
	mem_free(s->strings);
	memset(s, 0, sizeof(*s));
}

static struct keymap_script_item *
script_add(struct keymap_script *s)
{
	void *p = s->items;

	if (mem_grow_array(&p, &s->cap, s->count + 1, sizeof(*s->items)) < 0)
		return NULL;
	s->items = p;
	memset(&s->items[s->count], 0, sizeof(*s->items));
	return &s->items[s->count++];
}

/* Stores a string; returns its offset + 1 (0 on OOM). */
static size_t
script_string(struct keymap_script *s, const char *str, size_t len)
{
	void *p = s->strings;
	size_t off = s->strings_len;

	if (mem_grow_array(&p, &s->strings_cap, s->strings_len + len + 1, 1) < 0)
		return 0;
	s->strings = p;
	memcpy(s->strings + off, str, len);
	s->strings[off + len] = '\0';
	s->strings_len += len + 1;
	return off + 1;
}

int
keymap_script_parse(struct keymap_script *out, const char *text, size_t len, const char *path,
		    struct error *err)
{
	struct keymap_script s;
	unsigned long line = 0;
	size_t pos = 0, i;
	size_t bad;

	memset(&s, 0, sizeof(s));
	memset(out, 0, sizeof(*out));
	if (!str_utf8_valid(text, len, &bad)) {
		unsigned long l = 1, c = 1;

		for (i = 0; i < bad; i++, c++)
			if (text[i] == '\n') {
				l++;
				c = 0;
			}
		return error_set_at(err, ERROR_ENCODING, path, l, c, "a key script must be UTF-8");
	}
	while (pos < len) {
		const char *ln = text + pos;
		const char *nl = memchr(ln, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - ln) : len - pos;

		pos += n + (nl ? 1 : 0);
		line++;
		if (n && ln[n - 1] == '\r')
			n--;
		if (n == 0 || ln[0] == '#')
			continue;
		if (ln[0] == '@') {
			size_t w = 1, d;
			struct keymap_script_item *it;
			const char *arg;
			size_t arglen;

			while (w < n && ln[w] != ' ' && ln[w] != '\t')
				w++;
			for (d = 1; d < KEYMAP_DIRECTIVE_COUNT; d++)
				if (name_eq(ln + 1, w - 1, directive_words[d]))
					break;
			if (d == KEYMAP_DIRECTIVE_COUNT) {
				struct buf b = BUF_INIT;

				str_escape(&b, ln, w, STR_ESCAPE_CONTROLS);
				error_set_at(err, ERROR_SYNTAX, path, line, 1,
					     "unknown directive '%.60s'", b.data);
				buf_release(&b);
				goto fail;
			}
			arg = ln + w;
			arglen = n - w;
			while (arglen && (*arg == ' ' || *arg == '\t')) {
				arg++;
				arglen--;
			}
			while (arglen && (arg[arglen - 1] == ' ' || arg[arglen - 1] == '\t'))
				arglen--;
			if (directive_args[d] && !arglen) {
				error_set_at(err, ERROR_SYNTAX, path, line, (unsigned long)w + 1,
					     "@%s needs an argument", directive_words[d]);
				goto fail;
			}
			if (!directive_args[d] && arglen) {
				error_set_at(err, ERROR_SYNTAX, path, line, (unsigned long)w + 2,
					     "@%s takes no argument", directive_words[d]);
				goto fail;
			}
			if (d == KEYMAP_DIRECTIVE_SIZE || d == KEYMAP_DIRECTIVE_RESIZE) {
				char tmp[32];
				int c, r;

				if (arglen >= sizeof(tmp))
					arglen = sizeof(tmp) - 1;
				memcpy(tmp, arg, arglen);
				tmp[arglen] = '\0';
				if (keymap_parse_size(tmp, &c, &r, err) < 0) {
					error_locate(err, path, line, (unsigned long)(arg - ln) + 1);
					goto fail;
				}
			}
			it = script_add(&s);
			if (!it)
				goto nomem;
			it->directive = (enum keymap_directive)d;
			it->line = line;
			it->col = 1;
			it->arg = (const char *)(uintptr_t)script_string(&s, arg, arglen);
			if (!it->arg)
				goto nomem;
			continue;
		}
		for (i = 0; i < n;) {
			struct keymap_script_item *it;
			struct keymap_input in;
			int used = keymap_parse_key(ln + i, n - i, &in, err);

			if (used < 0) {
				error_locate(err, path, line, (unsigned long)i + 1);
				goto fail;
			}
			it = script_add(&s);
			if (!it)
				goto nomem;
			it->directive = KEYMAP_DIRECTIVE_KEY;
			it->input = in;
			it->line = line;
			it->col = (unsigned long)i + 1;
			i += (size_t)used;
		}
	}
	/* strings may have moved while growing: turn offsets into pointers */
	for (i = 0; i < s.count; i++) {
		uintptr_t off = (uintptr_t)s.items[i].arg;

		s.items[i].arg = off ? s.strings + off - 1 : "";
	}
	*out = s;
	return 0;
nomem:
	error_set_at(err, ERROR_NOMEM, path, line, 0, "out of memory");
fail:
	keymap_script_release(&s);
	return -1;
}

int
keymap_script_load(struct keymap_script *out, const char *path, struct error *err)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!f)
		return error_set_at(err, ERROR_IO, path, 0, 0, "cannot open the key script");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > (16u << 20)) {
			fclose(f);
			buf_release(&b);
			return error_set_at(err, ERROR_LIMIT, path, 0, 0,
					    "key script larger than 16 MiB");
		}
	}
	if (ferror(f)) {
		fclose(f);
		buf_release(&b);
		return error_set_at(err, ERROR_IO, path, 0, 0, "cannot read the key script");
	}
	fclose(f);
	if (buf_failed(&b)) {
		buf_release(&b);
		return error_set_at(err, ERROR_NOMEM, path, 0, 0, "out of memory");
	}
	if (memchr(b.data, '\0', b.len)) {
		buf_release(&b);
		return error_set_at(err, ERROR_ENCODING, path, 0, 0,
				    "a key script must be text (it holds a NUL byte)");
	}
	rc = keymap_script_parse(out, b.data, b.len, path, err);
	buf_release(&b);
	return rc;
}
