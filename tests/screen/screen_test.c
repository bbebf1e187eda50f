/* screen_test.c - replays every key script in tests/screen/ through the
 * real UI (headless curses) and compares each @snap with
 * testdata/screens/NAME.screen (and NAME.roles / NAME.palette when the
 * snap asks for them).
 *
 * On a mismatch NAME.screen.actual (etc.) is written beside the golden
 * file and the failure names the first differing line.
 * UPDATE_SCREENS=1 make check rewrites the goldens; review them with
 * `git diff testdata/screens` before committing.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit/check.h"

#include "app.h"
#include "buf.h"
#include "headless.h"
#include "plan.h"

#define SCREENS_DIR "testdata/screens"

/* ---- what each script runs with ---- */

#define KEY_FIXTURE "testdata/screens/keys/test-reviewer"
#define REVIEWS_DIR "build/screen-reviews"

struct screen_env {
	char dir[512];       /* private: the drafts and the key */
	char key[600];
	char review[600];
};

static int
copy_file(const char *from, const char *to, mode_t mode)
{
	struct buf b = BUF_INIT;
	FILE *f = fopen(from, "rb");
	char chunk[4096];
	size_t n;
	int fd, rc = -1;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	fd = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd >= 0) {
		rc = write(fd, b.data, b.len) == (ssize_t)b.len ? 0 : -1;
		close(fd);
	}
	buf_release(&b);
	return rc;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A private directory (drafts go to its state/, the signing key is copied
 * there with mode 0600) and a review bundle named after the script under
 * build/ (the confirmation screen shows that path, so it must be the same
 * on every run and in every build). */
static int
screen_env_setup(struct screen_env *env, const char *keys, struct error *err)
{
	const char *build = getenv("SIGNOFF_BUILD");
	const char *base = strrchr(keys, '/') ? strrchr(keys, '/') + 1 : keys;
	char state[600];

	snprintf(env->dir, sizeof(env->dir), "%s/screen-XXXXXX", build && *build ? build : "/tmp");
	if (!mkdtemp(env->dir))
		return error_set(err, ERROR_IO, "cannot make %s: %s", env->dir, strerror(errno));
	snprintf(state, sizeof(state), "%s/state", env->dir);
	setenv("XDG_STATE_HOME", state, 1);
	snprintf(env->key, sizeof(env->key), "%s/test-reviewer", env->dir);
	if (copy_file(KEY_FIXTURE, env->key, 0600) < 0)
		return error_set(err, ERROR_IO, "cannot copy %s", KEY_FIXTURE);
	{
		char pub[sizeof(env->key) + 4];

		snprintf(pub, sizeof(pub), "%s.pub", env->key);
		if (copy_file(KEY_FIXTURE ".pub", pub, 0644) < 0)
			return error_set(err, ERROR_IO, "cannot copy %s.pub", KEY_FIXTURE);
	}
	mkdir("build", 0755);
	mkdir(REVIEWS_DIR, 0755);
	snprintf(env->review, sizeof(env->review), REVIEWS_DIR "/%.*s.review",
		 (int)(strlen(base) - (strlen(base) > 5 ? 5 : 0)), base);
	remove(env->review);
	return 0;
}

static void
screen_env_release(struct screen_env *env)
{
	if (env->dir[0])
		nftw(env->dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* ---- comparing ---- */

static int
read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	fclose(f);
	return 0;
}

static int
write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	fwrite(b->data, 1, b->len, f);
	return fclose(f);
}

/* Finds the first differing line and describes it in err. */
static void
describe_diff(const struct buf *want, const struct buf *got, const char *path,
	      struct error *err)
{
	size_t a = 0, b = 0;
	unsigned long line = 1;

	while (a < want->len || b < got->len) {
		size_t ae = a, be = b;

		while (ae < want->len && want->data[ae] != '\n')
			ae++;
		while (be < got->len && got->data[be] != '\n')
			be++;
		if (ae - a != be - b || memcmp(want->data + a, got->data + b, ae - a) != 0) {
			error_set_at(err, ERROR_INTERNAL, path, line, 0,
				     "screen differs:\n  want |%.*s|\n  got  |%.*s|\n(see %s.actual; "
				     "UPDATE_SCREENS=1 rewrites)",
				     (int)(ae - a > 150 ? 150 : ae - a), want->data + a,
				     (int)(be - b > 150 ? 150 : be - b), got->data + b, path);
			return;
		}
		a = ae + 1;
		b = be + 1;
		line++;
	}
}

static int
check_one(const char *name, const char *ext, const struct buf *got, bool update,
	  struct error *err)
{
	char path[512], actual[540];
	struct buf want = BUF_INIT;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s.%s", SCREENS_DIR, name, ext);
	snprintf(actual, sizeof(actual), "%s.actual", path);
	if (update) {
		if (write_file(path, got) != 0)
			return error_set(err, ERROR_IO, "cannot write %s: %s", path, strerror(errno));
		remove(actual);
		return 0;
	}
	if (read_file(path, &want) < 0) {
		write_file(actual, got);
		buf_release(&want);
		return error_set(err, ERROR_NOTFOUND,
				 "no golden %s (wrote %s; UPDATE_SCREENS=1 makes it)", path, actual);
	}
	if (want.len != got->len || memcmp(want.data, got->data, got->len) != 0) {
		write_file(actual, got);
		describe_diff(&want, got, path, err);
		rc = -1;
	} else {
		remove(actual);
	}
	buf_release(&want);
	return rc;
}

int screen_run(const char *keys, bool update, struct error *err);

int
screen_run(const char *keys, bool update, struct error *err)
{
	struct ui_run_opts o;
	struct ui_run_result res;
	struct screen_env env;
	size_t i;
	int rc = 0;

	memset(&env, 0, sizeof(env));
	if (screen_env_setup(&env, keys, err) < 0) {
		screen_env_release(&env);
		return -1;
	}
	memset(&o, 0, sizeof(o));
	o.keys_path = keys;
	o.color = -1;
	o.sign.key = env.key;
	o.sign.review_path = env.review;
	rc = ui_headless_run(&o, &res, err);
	screen_env_release(&env);
	if (rc < 0)
		return -1;
	if (!res.nsnaps) {
		ui_run_result_release(&res);
		return error_set_at(err, ERROR_USAGE, keys, 0, 0,
				    "a screen test must @snap at least once");
	}
	for (i = 0; i < res.nsnaps && rc == 0; i++) {
		const struct ui_snapshot *s = &res.snaps[i];

		rc = check_one(s->name, "screen", &s->text, update, err);
		if (rc == 0 && s->want_roles)
			rc = check_one(s->name, "roles", &s->roles, update, err);
		if (rc == 0 && s->want_palette)
			rc = check_one(s->name, "palette", &s->palette, update, err);
	}
	ui_run_result_release(&res);
	return rc;
}

/* ---- Criterion glue ---- */

struct screen_case {
	char *path;
};

static void
free_cases(struct criterion_test_params *p)
{
	struct screen_case *cases = p->params;
	size_t i;

	for (i = 0; i < p->length; i++)
		cr_free(cases[i].path);
	cr_free(cases);
}

ParameterizedTestParameters(screen, replay)
{
	glob_t g;
	struct screen_case *cases;
	size_t i;

	if (glob("tests/screen/*.keys", 0, NULL, &g) != 0 || !g.gl_pathc)
		return cr_make_param_array(struct screen_case, NULL, 0, NULL);
	cases = cr_malloc(g.gl_pathc * sizeof(*cases));
	for (i = 0; i < g.gl_pathc; i++) {
		size_t n = strlen(g.gl_pathv[i]) + 1;

		cases[i].path = cr_malloc(n);
		memcpy(cases[i].path, g.gl_pathv[i], n);
	}
	i = g.gl_pathc;
	globfree(&g);
	return cr_make_param_array(struct screen_case, cases, i, free_cases);
}

ParameterizedTest(struct screen_case *sc, screen, replay)
{
	struct error err = ERROR_INIT;
	const char *update = getenv("UPDATE_SCREENS");
	int rc;

	setlocale(LC_ALL, "");
	rc = screen_run(sc->path, update && *update && strcmp(update, "0") != 0, &err);
	cr_assert_eq(rc, 0, "%s: %s:%lu: %s", sc->path, err.path, err.line, err.msg);
	CHECK_NO_LEAKS();
}

/* Every golden file belongs to a snap of some script (no stale goldens). */
Test(screen, no_orphan_goldens)
{
	glob_t g, k;
	size_t i, j;

	cr_assert_eq(glob(SCREENS_DIR "/*.screen", 0, NULL, &g), 0);
	cr_assert_eq(glob("tests/screen/*.keys", 0, NULL, &k), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;
		size_t n = strlen(base) - strlen(".screen");
		bool found = false;

		for (j = 0; j < k.gl_pathc && !found; j++) {
			struct buf text = BUF_INIT, pat = BUF_INIT;

			const char *p;

			read_file(k.gl_pathv[j], &text);
			buf_addf(&pat, "@snap %.*s", (int)n, base);
			for (p = text.data; (p = strstr(p, pat.data)); p += pat.len)
				if (p[pat.len] == '\n' || p[pat.len] == ' ' || p[pat.len] == '\0')
					found = true;
			buf_release(&text);
			buf_release(&pat);
		}
		cr_assert(found, "%s is not made by any tests/screen/*.keys", g.gl_pathv[i]);
	}
	globfree(&g);
	globfree(&k);
	CHECK_NO_LEAKS();
}
