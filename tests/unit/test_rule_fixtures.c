/* test_rule_fixtures.c - fixture loading and the golden runner for rules.
 *
 * See test_rule_fixtures.h.  Fixtures load through the real loaders.
 */
#include "test_rule_fixtures.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"
#include "json_value.h"
#include "load.h"
#include "mem.h"
#include "plan_build.h"
#include "source.h"
#include "str.h"

/* ---- loading ---- */

int
fixture_load(struct plan **out, const char *path, struct error *err)
{
	struct load_opts lo;

	*out = NULL;
	memset(&lo, 0, sizeof(lo));
	lo.path = path;
	return load_plan(out, &lo, err);
}

int
fixture_run(struct rule_set *set, const struct plan *plan, struct finding_set **out,
	    struct error *err)
{
	struct finding_builder *fb = NULL;

	*out = NULL;
	if (finding_builder_new(&fb, plan, err) < 0)
		return -1;
	if (rule_set_eval(set, plan, fb, NULL, err) < 0) {
		finding_builder_free(&fb);
		return -1;
	}
	return finding_builder_finish(&fb, "", out, err);
}

static int
cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the lines of b in place. */
static void
sort_lines(struct buf *b)
{
	char **lines = NULL;
	size_t n = 0, cap = 0, i;
	char *p = b->data, *nl;
	struct buf out = BUF_INIT;

	while (*p) {
		nl = strchr(p, '\n');
		if (mem_grow_array((void **)&lines, &cap, n + 1, sizeof(*lines)) < 0)
			break;
		lines[n++] = mem_strndup(p, nl ? (size_t)(nl - p) : strlen(p));
		if (!nl)
			break;
		p = nl + 1;
	}
	if (n > 1)
		qsort(lines, n, sizeof(*lines), cmp_line);
	for (i = 0; i < n; i++) {
		if (lines[i] && *lines[i])
			buf_addf(&out, "%s\n", lines[i]);
		mem_free(lines[i]);
	}
	mem_free(lines);
	buf_reset(b);
	buf_add(b, out.data, out.len);
	buf_release(&out);
}

void
fixture_results(const struct finding_set *set, const struct plan *plan, const char *rule_id,
		struct buf *out)
{
	const struct finding_rule *r = finding_set_rule_find(set, rule_id);
	size_t i;

	buf_reset(out);
	for (i = 0; i < finding_set_count(set); i++) {
		const struct finding *f = finding_set_at(set, i);

		if (strcmp(f->rule_id, rule_id) != 0)
			continue;
		buf_addf(out, "%s %s%s%s\n", finding_status_key(f->status), f->address,
			 f->path ? " " : "", f->path ? f->path : "");
	}
	for (i = 0; r && i < r->npassed; i++)
		buf_addf(out, "pass %s\n", plan_change_at(plan, r->passed[i])->address);
	sort_lines(out);
}

static int
read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	buf_reset(out);
	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	fclose(f);
	return 0;
}

/* Expected lines without comments and blank lines, sorted. */
static void
clean_expect(struct buf *b)
{
	struct buf out = BUF_INIT;
	char *p = b->data, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		if (*p != '#' && *p != '\n')
			buf_add(&out, p, nl ? (size_t)(nl - p + 1) : strlen(p));
		if (!nl)
			break;
		p = nl + 1;
	}
	if (out.len && out.data[out.len - 1] != '\n')
		buf_addch(&out, '\n');
	buf_reset(b);
	buf_add(b, out.data, out.len);
	buf_release(&out);
	sort_lines(b);
}

int
fixture_check(struct rule_set *set, const char *rule_id, const char *fixture, const char *expect,
	      struct buf *report)
{
	const char *only[2] = { rule_id, NULL };
	struct plan *plan = NULL;
	struct finding_set *fs = NULL;
	struct error err = ERROR_INIT;
	struct buf want = BUF_INIT, got = BUF_INIT;
	int problems = 0;

	if (read_file(expect, &want) < 0) {
		buf_addf(report, "%s: cannot read\n", expect);
		return 1;
	}
	clean_expect(&want);
	if (rule_set_select(set, only, NULL, &err) < 0) {
		buf_addf(report, "%s: %s\n", fixture, err.msg);
		problems++;
		goto out;
	}
	if (fixture_load(&plan, fixture, &err) < 0) {
		buf_addf(report, "%s: cannot load: %s:%lu:%lu: %s\n", fixture, err.path, err.line,
			 err.col, err.msg);
		problems++;
		goto out;
	}
	if (fixture_run(set, plan, &fs, &err) < 0) {
		buf_addf(report, "%s: %s\n", fixture, err.msg);
		problems++;
		goto out;
	}
	fixture_results(fs, plan, rule_id, &got);
	if (strcmp(got.data, want.data) != 0) {
		buf_addf(report, "%s (%s): expected\n%s  got\n%s", fixture, rule_id, want.data,
			 got.data);
		problems++;
	}
out:
	finding_set_free(&fs);
	plan_free(&plan);
	buf_release(&want);
	buf_release(&got);
	return problems;
}

static bool
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in a directory (caller frees each and the array). */
static size_t
list_dir(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (mem_grow_array((void **)&v, &cap, n + 1, sizeof(*v)) < 0)
			break;
		v[n++] = mem_strdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mem_free(v[i]);
	mem_free(v);
}

int
fixture_check_area(const char *area, struct buf *report, size_t *nrules, size_t *nfixtures)
{
	struct rule_set *set = NULL;
	struct error err = ERROR_INIT;
	struct buf dir = BUF_INIT, path = BUF_INIT, fx = BUF_INIT;
	char **rules = NULL, **files = NULL;
	size_t nr, nf, i, j;
	int problems = 0;

	*nrules = *nfixtures = 0;
	if (rule_set_new(&set, &err) < 0 || rule_set_load_dir(set, "checks", &err) < 0) {
		buf_addf(report, "checks: %s:%lu: %s\n", err.path, err.line, err.msg);
		rule_set_free(&set);
		return 1;
	}
	buf_addf(&dir, "testdata/checks/%s", area);
	nr = list_dir(dir.data, &rules);
	for (i = 0; i < nr; i++) {
		bool have_fail = false, have_pass = false;

		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir.data, rules[i]);
		if (!rule_set_find(set, rules[i])) {
			buf_addf(report, "%s: no rule '%s' in checks/\n", path.data, rules[i]);
			problems++;
			continue;
		}
		(*nrules)++;
		nf = list_dir(path.data, &files);
		for (j = 0; j < nf; j++) {
			const char *exts[] = { ".json", ".yaml", ".yml" };
			size_t stem, k;

			if (!str_has_suffix(files[j], ".expect"))
				continue;
			stem = strlen(files[j]) - 7;
			for (k = 0; k < 3; k++) {
				buf_reset(&fx);
				buf_addf(&fx, "%s/%.*s%s", path.data, (int)stem, files[j], exts[k]);
				if (exists(fx.data))
					break;
			}
			if (k == 3) {
				buf_addf(report, "%s/%s: no fixture beside it\n", path.data, files[j]);
				problems++;
				continue;
			}
			{
				struct buf ex = BUF_INIT, want = BUF_INIT;
				bool is_pass = strncmp(files[j], "pass", 4) == 0;
				bool is_fail = strncmp(files[j], "fail", 4) == 0;

				buf_addf(&ex, "%s/%s", path.data, files[j]);
				problems += fixture_check(set, rules[i], fx.data, ex.data, report);
				/* a passing fixture passes and fails nothing; a failing
				 * one fails something */
				if (read_file(ex.data, &want) == 0) {
					clean_expect(&want);
					if (is_pass && (strstr(want.data, "fail ") ||
							strstr(want.data, "unknown ") ||
							!strstr(want.data, "pass "))) {
						buf_addf(report, "%s: a pass fixture must only pass\n",
							 ex.data);
						problems++;
					}
					if (is_fail && !strstr(want.data, "fail ")) {
						buf_addf(report, "%s: a fail fixture must fail\n",
							 ex.data);
						problems++;
					}
				}
				buf_release(&want);
				buf_release(&ex);
			}
			(*nfixtures)++;
			have_fail |= strncmp(files[j], "fail", 4) == 0;
			have_pass |= strncmp(files[j], "pass", 4) == 0;
		}
		free_list(files, nf);
		if (!have_fail || !have_pass) {
			buf_addf(report, "%s: needs a failing and a passing fixture (fail*.expect, "
					 "pass*.expect)\n",
				 path.data);
			problems++;
		}
	}
	free_list(rules, nr);
	buf_release(&dir);
	buf_release(&path);
	buf_release(&fx);
	rule_set_free(&set);
	return problems;
}
