/* principal.c - the reviewer principal and the one config key it reads. */
#include "principal.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "mem.h"
#include "sshkey.h"
#include "str.h"

#define MAX_CONFIG (256 * 1024)
#define MAX_PRINCIPAL 256

const char *
principal_source_name(enum principal_source s)
{
	switch (s) {
	case PRINCIPAL_FROM_FLAG:
		return "--principal";
	case PRINCIPAL_FROM_CONFIG:
		return "the config file";
	case PRINCIPAL_FROM_KEY_COMMENT:
		return "the key comment";
	}
	return "?";
}

int
principal_check(const char *p, struct error *err)
{
	size_t i, n = strlen(p), bad;

	if (n == 0)
		return error_set(err, ERROR_USAGE, "the principal is empty");
	if (n > MAX_PRINCIPAL)
		return error_set(err, ERROR_USAGE, "the principal is longer than %d bytes",
				 MAX_PRINCIPAL);
	if (!str_utf8_valid(p, n, &bad))
		return error_set(err, ERROR_ENCODING, "the principal is not UTF-8");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c <= ' ' || c == 0x7f || c == ',' || c == '"')
			return error_set(err, ERROR_USAGE,
					 "the principal may not hold spaces, commas, quotes or "
					 "control characters");
	}
	return 0;
}

static void
config_path(struct buf *out)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		buf_addf(out, "%s/signoff/config", xdg);
	else if (home && *home)
		buf_addf(out, "%s/.config/signoff/config", home);
}

static const char *
trim(const char *s, const char *end, const char **out_end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	*out_end = end;
	return s;
}

int
principal_from_config(char **out, struct error *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	const char *p, *end;
	unsigned long line = 0;
	int rc = 0;

	*out = NULL;
	config_path(&path);
	if (path.len == 0 || buf_failed(&path))
		goto done;
	if (fileio_read(path.data, MAX_CONFIG, &text, err) < 0) {
		if (err && err->code == ERROR_NOTFOUND) {
			error_release(err);
			goto done;
		}
		rc = -1;
		goto done;
	}
	p = text.data;
	end = text.data + text.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end;
		const char *k, *ke, *eq, *v, *ve;

		line++;
		k = trim(p, le, &ke);
		eq = memchr(k, '=', (size_t)(ke - k));
		if (k < ke && *k != '#' && eq) {
			const char *kend;

			k = trim(k, eq, &kend);
			if ((size_t)(kend - k) == 9 && memcmp(k, "principal", 9) == 0) {
				v = trim(eq + 1, ke, &ve);
				if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
					v++;
					ve--;
				}
				*out = mem_strndup(v, (size_t)(ve - v));
				if (!*out) {
					rc = error_set(err, ERROR_NOMEM, "out of memory");
				} else if (principal_check(*out, err) < 0) {
					error_locate(err, path.data, line, 1);
					mem_free(*out);
					*out = NULL;
					rc = -1;
				}
			}
		}
		p = nl ? nl + 1 : end;
	}
done:
	buf_release(&path);
	buf_release(&text);
	return rc;
}

int
principal_resolve(char **out, enum principal_source *source, const char *flag,
		  const struct sshkey *key, struct error *err)
{
	*out = NULL;
	if (flag) {
		if (principal_check(flag, err) < 0) {
			error_prefix(err, "--principal");
			return -1;
		}
		*source = PRINCIPAL_FROM_FLAG;
		*out = mem_strdup(flag);
		return *out ? 0 : error_set(err, ERROR_NOMEM, "out of memory");
	}
	if (principal_from_config(out, err) < 0)
		return -1;
	if (*out) {
		*source = PRINCIPAL_FROM_CONFIG;
		return 0;
	}
	if (key && sshkey_comment(key)[0]) {
		if (principal_check(sshkey_comment(key), err) < 0) {
			error_prefix(err, "the key comment cannot serve as principal; give --principal");
			return -1;
		}
		*source = PRINCIPAL_FROM_KEY_COMMENT;
		*out = mem_strdup(sshkey_comment(key));
		return *out ? 0 : error_set(err, ERROR_NOMEM, "out of memory");
	}
	return error_set(err, ERROR_USAGE,
			 "no reviewer principal: give --principal, set 'principal = ...' in the "
			 "config file, or use a key whose comment names you");
}
