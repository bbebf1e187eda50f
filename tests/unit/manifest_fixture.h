/* manifest_fixture.h - helpers for the manifest, repo and corpus tests:
 * fixture git repositories built by testdata/repos/make-*.sh in a fresh
 * temporary folder, and loading them.  Static functions: each test file
 * that includes this uses what it needs. */
#ifndef SIGNOFF_TEST_MANIFEST_FIXTURE_H
#define SIGNOFF_TEST_MANIFEST_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "load.h"
#include "plan.h"

struct fixture {
	char dir[256];    /* the temporary folder */
	char repo[300];   /* dir/repo */
};

/* Runs `sh testdata/repos/SCRIPT DIR/repo ARGS` in a new temporary folder. */
static inline void
fixture_make(struct fixture *f, const char *script, const char *args)
{
	const char *tmp = getenv("TMPDIR");
	char cmd[1200];

	snprintf(f->dir, sizeof(f->dir), "%s/signoff-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	cr_assert_not_null(mkdtemp(f->dir), "mkdtemp");
	snprintf(f->repo, sizeof(f->repo), "%s/repo", f->dir);
	snprintf(cmd, sizeof(cmd), "sh testdata/repos/%s '%s' %s >/dev/null", script, f->repo,
		 args ? args : "");
	cr_assert_eq(system(cmd), 0, "%s failed", cmd);
}

/* Runs a shell command inside the fixture repository. */
static inline void
fixture_sh(const struct fixture *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline void
fixture_sh(const struct fixture *f, const char *fmt, ...)
{
	char cmd[2400], body[1700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null sh -ec '%s' "
		 ">/dev/null",
		 f->repo, body);
	cr_assert_eq(system(cmd), 0, "%s failed", cmd);
}

/* The full commit id of a revision of the fixture repository. */
static inline void
fixture_rev(const struct fixture *f, const char *rev, char out[41])
{
	char cmd[600];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "git -C '%s' rev-parse '%s^{commit}'", f->repo, rev);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	cr_assert_not_null(fgets(out, 41, p));
	pclose(p);
	cr_assert_eq(strlen(out), 40, "rev-parse %s: '%s'", rev, out);
}

static inline void
fixture_remove(struct fixture *f)
{
	char cmd[600];

	if (!f->dir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	cr_assert_eq(system(cmd), 0);
	f->dir[0] = '\0';
}

/* Loads SOURCE with a range (NULL for none); fails the test on error. */
static inline struct plan *
fixture_load(const char *path, const char *range, const char *const *pathspecs)
{
	struct load_opts o;
	struct error err = ERROR_INIT;
	struct plan *p = NULL;

	memset(&o, 0, sizeof(o));
	o.path = path;
	o.range = range;
	o.pathspecs = pathspecs;
	cr_assert_eq(load_plan(&p, &o, &err), 0, "%s: %s:%lu:%lu: %s", path, err.path, err.line,
		     err.col, err.msg);
	cr_assert_not_null(p);
	return p;
}

/* Intended changes with this action (section "change"). */
static inline size_t
count_action(const struct plan *p, enum plan_action a)
{
	size_t i, n = 0;

	for (i = 0; i < plan_change_count(p); i++) {
		const struct plan_change *c = plan_change_at(p, i);

		if (c->section == PLAN_SECTION_CHANGE && c->action == a)
			n++;
	}
	return n;
}

static inline size_t
count_section(const struct plan *p, enum plan_section s)
{
	size_t i, n = 0;

	for (i = 0; i < plan_change_count(p); i++)
		if (plan_change_at(p, i)->section == s)
			n++;
	return n;
}

/* The change with this address; fails the test when there is none. */
static inline const struct plan_change *
must_find(const struct plan *p, const char *address)
{
	const struct plan_change *c = plan_find_change(p, address, -1);

	cr_assert_not_null(c, "no change '%s'", address);
	return c;
}

static inline const char *
extra_str(const struct plan_change *c, const char *key)
{
	return value_str(value_get(&c->extra, key));
}

#endif
