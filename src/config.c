/* config.c - ~/.config/signoff/config: settings and key bindings. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "str.h"

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mouse = -1;
	cfg->ascii = -1;
	cfg->show_unchanged = -1;
}

int
config_default_path(struct buf *out)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	buf_reset(out);
	if (xdg && xdg[0] == '/') {
		buf_addstr(out, xdg);
		buf_addstr(out, "/signoff/config");
	} else if (home && *home) {
		buf_addstr(out, home);
		buf_addstr(out, "/.config/signoff/config");
	} else {
		return -1;
	}
	return buf_failed(out) ? -1 : 0;
}

struct word {
	const char *s;
	size_t len;
	size_t col;
};

static int
word_fail(struct error *err, enum error_code code, const char *path, unsigned long line,
	  const struct word *w, const char *what)
{
	struct buf b = BUF_INIT;
	int rc;

	str_escape(&b, w->s, w->len > 80 ? 80 : w->len, STR_ESCAPE_CONTROLS);
	rc = error_set_at(err, code, path, line, w->col, "%s '%s'", what, b.data);
	buf_release(&b);
	return rc;
}

static bool
word_is(const struct word *w, const char *s)
{
	return strlen(s) == w->len && memcmp(w->s, s, w->len) == 0;
}

/* on/off, yes/no, true/false, 1/0; -1 if none of these. */
static int
parse_bool(const struct word *w)
{
	if (word_is(w, "on") || word_is(w, "yes") || word_is(w, "true") || word_is(w, "1"))
		return 1;
	if (word_is(w, "off") || word_is(w, "no") || word_is(w, "false") || word_is(w, "0"))
		return 0;
	return -1;
}

static int
apply_set(struct config *cfg, const struct word *w, size_t nw, const char *path,
	  unsigned long line, struct error *err)
{
	const struct word *name = &w[1], *value;
	int b;

	/* set NAME = VALUE, or set NAME VALUE */
	if (nw == 4 && word_is(&w[2], "="))
		value = &w[3];
	else if (nw == 3 && !word_is(&w[2], "="))
		value = &w[2];
	else
		return error_set_at(err, ERROR_SYNTAX, path, line, w[0].col,
				    "expected 'set NAME = VALUE'");
	if (word_is(name, "theme")) {
		if (value->len >= sizeof(cfg->theme))
			return word_fail(err, ERROR_LIMIT, path, line, value, "theme name too long:");
		memcpy(cfg->theme, value->s, value->len);
		cfg->theme[value->len] = '\0';
		return 0;
	}
	b = parse_bool(value);
	if (word_is(name, "mouse") || word_is(name, "ascii") || word_is(name, "show-unchanged")) {
		if (b < 0)
			return word_fail(err, ERROR_SYNTAX, path, line, value,
					 "expected on or off, not");
		if (word_is(name, "mouse"))
			cfg->mouse = b;
		else if (word_is(name, "ascii"))
			cfg->ascii = b;
		else
			cfg->show_unchanged = b;
		return 0;
	}
	return word_fail(err, ERROR_SYNTAX, path, line, name,
			 "unknown setting (theme, mouse, ascii, show-unchanged):");
}

/* "principal = NAME" (spaces optional, NAME not empty): the reviewer
 * principal that `signoff sign` and the UI's decisions read through
 * principal.c; this parser accepts the line and leaves it to that one. */
static bool
is_principal_line(const char *ln, size_t n)
{
	size_t i = 0;

	while (i < n && (ln[i] == ' ' || ln[i] == '\t'))
		i++;
	if (n - i < 9 || memcmp(ln + i, "principal", 9) != 0)
		return false;
	i += 9;
	while (i < n && (ln[i] == ' ' || ln[i] == '\t'))
		i++;
	if (i >= n || ln[i] != '=')
		return false;
	for (i++; i < n; i++)
		if (ln[i] != ' ' && ln[i] != '\t' && ln[i] != '\r')
			return true;
	return false;
}

int
config_parse(struct config *cfg, struct keymap *km, const char *text, size_t len,
	     const char *path, struct error *err)
{
	unsigned long line = 0;
	size_t pos = 0, bad;

	if (!str_utf8_valid(text, len, &bad))
		return error_set_at(err, ERROR_ENCODING, path, 0, 0,
				    "the config file must be UTF-8 (bad byte at offset %zu)", bad);
	while (pos < len) {
		const char *ln = text + pos;
		const char *nl = memchr(ln, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - ln) : len - pos, i = 0, nw = 0;
		struct word w[8];

		pos += n + (nl ? 1 : 0);
		line++;
		while (i < n) {
			while (i < n && (ln[i] == ' ' || ln[i] == '\t' || ln[i] == '\r'))
				i++;
			if (i >= n || ln[i] == '#')
				break;
			if (nw == 8)
				return error_set_at(err, ERROR_SYNTAX, path, line, i + 1,
						    "too many words on the line");
			w[nw].s = ln + i;
			w[nw].col = i + 1;
			/* '#' inside a word is part of it (a key such as <Hash> or '#') */
			while (i < n && ln[i] != ' ' && ln[i] != '\t' && ln[i] != '\r')
				i++;
			w[nw].len = (size_t)(ln + i - w[nw].s);
			nw++;
		}
		if (nw == 0)
			continue;
		if (is_principal_line(ln, n)) {
			/* `principal = NAME` is the signer's (principal.c reads it) */
			continue;
		}
		if (word_is(&w[0], "set")) {
			if (apply_set(cfg, w, nw, path, line, err) < 0)
				return -1;
		} else if (word_is(&w[0], "bind") || word_is(&w[0], "unbind")) {
			bool bind = word_is(&w[0], "bind");
			char seq[64], req[64];
			enum keymap_request r = KEYMAP_REQ_NONE;

			if ((bind && nw != 3) || (!bind && nw != 2))
				return error_set_at(err, ERROR_SYNTAX, path, line, w[0].col,
						    bind ? "expected 'bind KEYS REQUEST'"
							 : "expected 'unbind KEYS'");
			if (w[1].len >= sizeof(seq))
				return word_fail(err, ERROR_LIMIT, path, line, &w[1],
						 "key sequence too long:");
			memcpy(seq, w[1].s, w[1].len);
			seq[w[1].len] = '\0';
			if (bind) {
				if (w[2].len >= sizeof(req))
					return word_fail(err, ERROR_SYNTAX, path, line, &w[2],
							 "unknown request");
				memcpy(req, w[2].s, w[2].len);
				req[w[2].len] = '\0';
				if (!keymap_request_parse(req, &r))
					return word_fail(err, ERROR_SYNTAX, path, line, &w[2],
							 "unknown request (see signoff "
							 "--help-keys):");
			}
			if ((bind ? keymap_bind(km, seq, r, err) : keymap_unbind(km, seq, err)) < 0) {
				error_locate(err, path, line, w[1].col);
				return -1;
			}
		} else {
			return word_fail(err, ERROR_SYNTAX, path, line, &w[0],
					 "expected set, bind or unbind, not");
		}
	}
	return 0;
}

int
config_load_file(struct config *cfg, struct keymap *km, const char *path, bool missing_ok,
		 struct error *err)
{
	struct buf b = BUF_INIT;
	int rc;

	if (fileio_read(path, 1u << 20, &b, err) < 0) {
		if (!missing_ok || err->code != ERROR_NOTFOUND)
			return -1;
		error_release(err); /* no config file: the defaults */
		return 0;
	}
	rc = config_parse(cfg, km, b.data, b.len, path, err);
	buf_release(&b);
	return rc;
}
