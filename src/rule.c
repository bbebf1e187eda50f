/* rule.c - rule sets: loading packs, selecting rules, the digest. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rule_internal.h"
#include "source.h"
#include "str.h"

#define RULE_DIR_MAX_DEPTH 16

int
rule_set_new(struct rule_set **out, struct error *err)
{
	struct rule_set *set = mem_calloc(1, sizeof(*set));

	*out = NULL;
	if (!set)
		return error_set(err, ERROR_NOMEM, "out of memory");
	strtab_init(&set->strings, &set->arena);
	set->vb.arena = &set->arena;
	set->vb.keys = &set->strings;
	if (digest_sha256_new(&set->digest) < 0) {
		strtab_release(&set->strings);
		mem_free(set);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	*out = set;
	return 0;
}

void
rule_set_free(struct rule_set **setp)
{
	struct rule_set *set = *setp;
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->ncodes; i++)
		pcre2_code_free(set->codes[i]);
	mem_free(set->codes);
	mem_free(set->rules);
	digest_sha256_free(&set->digest);
	strtab_release(&set->strings);
	arena_release(&set->arena);
	mem_free(set);
	*setp = NULL;
}

static int
digest_add(struct rule_set *set, const char *name, const char *text, size_t len,
	   struct error *err)
{
	if (set->digest_final)
		return error_set(err, ERROR_INTERNAL, "rules added after the digest was taken");
	if (digest_sha256_update(set->digest, name, strlen(name) + 1) < 0 ||
	    digest_sha256_update(set->digest, text, len) < 0)
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

int
rule_set_load_text(struct rule_set *set, const char *name, const char *text, size_t len,
		   struct error *err)
{
	if (rule_parse_doc(set, name, text, len, err) < 0)
		return -1;
	/* by the rule's id, not its path: the same rules give the same
	 * digest wherever they are installed */
	return digest_add(set, set->nrules ? set->rules[set->nrules - 1]->info.id : name, text,
			  len, err);
}

int
rule_set_load_file(struct rule_set *set, const char *path, struct error *err)
{
	struct source *src = NULL;
	int rc;

	if (source_read(&src, path, err) < 0)
		return -1;
	rc = rule_set_load_text(set, path, src->text + src->start, src->len - src->start, err);
	source_free(&src);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
is_rule_file(const char *name)
{
	return name[0] != '.' && (str_has_suffix(name, ".yaml") || str_has_suffix(name, ".yml"));
}

static int
load_dir(struct rule_set *set, const char *dir, int depth, struct error *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = -1;

	if (depth > RULE_DIR_MAX_DEPTH)
		return error_set_at(err, ERROR_LIMIT, dir, 0, 0,
				    "rule directories nested deeper than %d levels",
				    RULE_DIR_MAX_DEPTH);
	d = opendir(dir);
	if (!d)
		return error_set_at(err, errno == ENOENT ? ERROR_NOTFOUND : ERROR_IO, dir, 0, 0,
				    "cannot open rule directory: %s", strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap && mem_grow_array((void **)&names, &cap, n + 1, sizeof(*names)) < 0)
			goto nomem;
		names[n] = mem_strdup(de->d_name);
		if (!names[n])
			goto nomem;
		n++;
	}
	rule_sort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		struct buf path = BUF_INIT;
		struct stat st;

		buf_addf(&path, "%s/%s", dir, names[i]);
		if (buf_failed(&path))
			goto nomem;
		if (stat(path.data, &st) < 0) {
			buf_release(&path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (load_dir(set, path.data, depth + 1, err) < 0) {
				buf_release(&path);
				goto out;
			}
		} else if (S_ISREG(st.st_mode) && is_rule_file(names[i])) {
			if (rule_set_load_file(set, path.data, err) < 0) {
				buf_release(&path);
				goto out;
			}
		}
		buf_release(&path);
	}
	rc = 0;
	goto out;
nomem:
	error_set(err, ERROR_NOMEM, "out of memory");
out:
	for (i = 0; i < n; i++)
		mem_free(names[i]);
	mem_free(names);
	closedir(d);
	return rc;
}

int
rule_set_load_dir(struct rule_set *set, const char *dir, struct error *err)
{
	return load_dir(set, dir, 0, err);
}

size_t
rule_set_count(const struct rule_set *set)
{
	return set->nrules;
}

const struct rule_info *
rule_set_at(const struct rule_set *set, size_t i)
{
	return i < set->nrules ? &set->rules[i]->info : NULL;
}

const struct rule_info *
rule_set_find(const struct rule_set *set, const char *id)
{
	size_t i;

	for (i = 0; i < set->nrules; i++)
		if (strcmp(set->rules[i]->info.id, id) == 0)
			return &set->rules[i]->info;
	return NULL;
}

int
rule_set_select(struct rule_set *set, const char *const *only, const char *const *skip,
		struct error *err)
{
	size_t i, j;

	if (only && only[0]) {
		for (i = 0; i < set->nrules; i++)
			set->rules[i]->info.enabled = false;
		for (j = 0; only[j]; j++) {
			bool hit = false;

			for (i = 0; i < set->nrules; i++)
				if (str_glob_match(only[j], set->rules[i]->info.id)) {
					set->rules[i]->info.enabled = true;
					hit = true;
				}
			if (!hit)
				return error_set(err, ERROR_USAGE, "--only '%s' matches no rule",
						 only[j]);
		}
	}
	for (j = 0; skip && skip[j]; j++) {
		bool hit = false;

		for (i = 0; i < set->nrules; i++)
			if (str_glob_match(skip[j], set->rules[i]->info.id)) {
				set->rules[i]->info.enabled = false;
				hit = true;
			}
		if (!hit)
			return error_set(err, ERROR_USAGE, "--skip '%s' matches no rule", skip[j]);
	}
	return 0;
}

const char *
rule_set_digest(struct rule_set *set)
{
	if (!set->digest_final) {
		uint8_t d[DIGEST_SHA256_LEN];
		size_t i;
		bool first = true;

		/* the rules used, not only those loaded: the ones --only and
		 * --skip left out are named (none: the files' digest alone) */
		for (i = 0; i < set->nrules; i++) {
			const char *id = set->rules[i]->info.id;

			if (set->rules[i]->info.enabled)
				continue;
			if ((first && digest_sha256_update(set->digest, "\0not used:", 11) < 0) ||
			    digest_sha256_update(set->digest, id, strlen(id) + 1) < 0)
				return "";
			first = false;
		}
		if (digest_sha256_final(set->digest, d) < 0)
			return "";
		digest_hex(d, sizeof(d), set->digest_hex);
		set->digest_final = true;
	}
	return set->digest_hex;
}
