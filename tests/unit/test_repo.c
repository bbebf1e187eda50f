/* test_repo.c - revisions, tree diffs and blobs (src/repo.c). */
#include <string.h>
#include <time.h>

#include "buf.h"
#include "check.h"
#include "manifest_fixture.h"
#include "repo.h"
#include "str.h"

static struct fixture fx;

static void
setup(void)
{
	fixture_make(&fx, "make-scenarios.sh", NULL);
}

static void
teardown(void)
{
	fixture_remove(&fx);
}

TestSuite(repo, .init = setup, .fini = teardown);

static struct repo *
open_repo(const char *path)
{
	struct repo *r = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(repo_open(&r, path, &err), 0, "%s", err.msg);
	return r;
}

Test(repo, resolves_two_dots_three_dots_and_one_revision)
{
	struct repo *r = open_repo(fx.repo);
	struct repo_range rg;
	struct error err = ERROR_INIT;
	char base[41], update[41], comp[41], feature[41];

	fixture_rev(&fx, "base", base);
	fixture_rev(&fx, "update", update);
	fixture_rev(&fx, "composition", comp);
	fixture_rev(&fx, "refs/heads/feature", feature);
	cr_assert_eq(repo_resolve_range(r, "base..update", &rg, &err), 0, "%s", err.msg);
	cr_assert_str_eq(rg.from, base);
	cr_assert_str_eq(rg.to, update);
	cr_assert_not(rg.worktree);
	cr_assert_not(rg.merge_base);
	cr_assert_eq(repo_resolve_range(r, "main...feature", &rg, &err), 0, "%s", err.msg);
	cr_assert_str_eq(rg.from, comp);
	cr_assert_str_eq(rg.to, feature);
	cr_assert(rg.merge_base);
	cr_assert_eq(repo_resolve_range(r, "update~2", &rg, &err), 0, "%s", err.msg);
	fixture_rev(&fx, "update~2", update);
	cr_assert_str_eq(rg.from, update);
	cr_assert_str_eq(rg.to, "");
	cr_assert(rg.worktree);
	/* an empty side is HEAD, as in git */
	cr_assert_eq(repo_resolve_range(r, "base..", &rg, &err), 0, "%s", err.msg);
	fixture_rev(&fx, "HEAD", update);
	cr_assert_str_eq(rg.to, update);
	cr_assert_eq(repo_resolve_range(r, "a..b..c", &rg, &err), -1);
	cr_assert_eq(err.code, ERROR_USAGE);
	cr_assert_eq(repo_resolve_range(r, "base..nope", &rg, &err), -1);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	cr_assert(strstr(err.msg, "cannot resolve revision"), "%s", err.msg);
	repo_free(&r);
	cr_assert_null(r);
	CHECK_NO_LEAKS();
}

Test(repo, lists_the_files_a_range_changes)
{
	struct repo *r = open_repo(fx.repo);
	struct repo_range rg;
	struct repo_diff *d = NULL;
	struct error err = ERROR_INIT;
	const struct repo_delta *x;
	struct buf b = BUF_INIT;

	cr_assert_eq(repo_resolve_range(r, "reorder~1..reorder", &rg, &err), 0);
	cr_assert_eq(repo_diff_new(&d, r, &rg, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(repo_diff_count(d), 3);
	x = repo_diff_at(d, 0);
	cr_assert_str_eq(x->old_path, "apps/cache.yaml");
	cr_assert_eq(x->status, REPO_DELTA_DELETED);
	cr_assert_eq(x->old_kind, REPO_FILE_REGULAR);
	cr_assert_eq(x->new_kind, REPO_FILE_NONE);
	cr_assert_eq(strlen(x->old_id), 40);
	cr_assert_eq(repo_read_blob(r, x->old_id, &b, &err), 0, "%s", err.msg);
	cr_assert(strstr(b.data, "name: cache-svc"));
	x = repo_diff_at(d, 1);
	cr_assert_str_eq(x->new_path, "apps/cache/cache.yaml");
	cr_assert_eq(x->status, REPO_DELTA_ADDED);
	/* moved without a change: the same blob */
	cr_assert_str_eq(x->new_id, repo_diff_at(d, 0)->old_id);
	x = repo_diff_at(d, 2);
	cr_assert_str_eq(x->new_path, "apps/web.yaml");
	cr_assert_eq(x->status, REPO_DELTA_MODIFIED);
	cr_assert_str_neq(x->old_id, x->new_id);
	cr_assert_null(repo_diff_at(d, 3));
	repo_diff_free(&d);
	cr_assert_null(d);
	buf_release(&b);
	repo_free(&r);
	CHECK_NO_LEAKS();
}

Test(repo, pathspecs_and_the_opened_folder_limit_a_diff)
{
	static const char *const specs[] = { "legacy", "apps/config.yaml", NULL };
	struct repo *r = open_repo(fx.repo);
	struct repo_range rg;
	struct repo_diff *d = NULL;
	struct error err = ERROR_INIT;
	char sub[400];

	cr_assert_str_eq(repo_prefix(r), "");
	cr_assert(str_has_suffix(repo_workdir(r), "/repo/"));
	cr_assert_eq(repo_resolve_range(r, "base..composition", &rg, &err), 0);
	cr_assert_eq(repo_diff_new(&d, r, &rg, specs, &err), 0, "%s", err.msg);
	cr_assert_eq(repo_diff_count(d), 2);
	cr_assert_str_eq(repo_diff_at(d, 0)->old_path, "apps/config.yaml");
	cr_assert_str_eq(repo_diff_at(d, 1)->new_path, "legacy/worker.yaml");
	repo_diff_free(&d);
	repo_free(&r);
	snprintf(sub, sizeof(sub), "%s/crossplane", fx.repo);
	r = open_repo(sub);
	cr_assert_str_eq(repo_prefix(r), "crossplane/");
	cr_assert_eq(repo_resolve_range(r, "base..composition", &rg, &err), 0);
	cr_assert_eq(repo_diff_new(&d, r, &rg, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(repo_diff_count(d), 1);
	cr_assert_str_eq(repo_diff_at(d, 0)->new_path, "crossplane/composition.yaml");
	repo_diff_free(&d);
	repo_free(&r);
	CHECK_NO_LEAKS();
}

Test(repo, reads_files_at_a_commit_and_in_the_working_tree)
{
	struct repo *r = open_repo(fx.repo);
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;
	char base[41], del[41];
	bool found;

	fixture_rev(&fx, "base", base);
	fixture_rev(&fx, "delete", del);
	cr_assert_eq(repo_read_path(r, base, "apps/config.yaml", &b, &found, &err), 0);
	cr_assert(found);
	cr_assert(strstr(b.data, "name: app-config"));
	buf_reset(&b);
	cr_assert_eq(repo_read_path(r, del, "apps/config.yaml", &b, &found, &err), 0);
	cr_assert_not(found);
	cr_assert_eq(repo_read_path(r, base, "apps", &b, &found, &err), 0);
	cr_assert_not(found); /* a tree, not a file */
	fixture_sh(&fx, "echo changed > apps/new.txt && ln -s ../README.md apps/link.yaml");
	cr_assert_eq(repo_read_path(r, NULL, "apps/new.txt", &b, &found, &err), 0);
	cr_assert(found);
	cr_assert_str_eq(b.data, "changed\n");
	buf_reset(&b);
	cr_assert_eq(repo_read_path(r, "", "apps/link.yaml", &b, &found, &err), 0);
	cr_assert_not(found); /* symbolic links are not followed */
	cr_assert_eq(b.len, 0);
	buf_release(&b);
	repo_free(&r);
	CHECK_NO_LEAKS();
}

Test(repo, working_tree_diff_includes_untracked_files)
{
	struct repo *r = open_repo(fx.repo);
	struct repo_range rg;
	struct repo_diff *d = NULL;
	struct error err = ERROR_INIT;

	fixture_sh(&fx, "echo \"# x\" >> apps/web.yaml && mkdir -p new/deep && "
			"echo \"a: 1\" > new/deep/x.yaml && git rm -q apps/secret.yaml");
	cr_assert_eq(repo_resolve_range(r, "HEAD", &rg, &err), 0);
	cr_assert_eq(repo_diff_new(&d, r, &rg, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(repo_diff_count(d), 3);
	cr_assert_eq(repo_diff_at(d, 0)->status, REPO_DELTA_DELETED);
	cr_assert_str_eq(repo_diff_at(d, 0)->old_path, "apps/secret.yaml");
	cr_assert_eq(repo_diff_at(d, 1)->status, REPO_DELTA_MODIFIED);
	cr_assert_str_eq(repo_diff_at(d, 1)->new_path, "apps/web.yaml");
	cr_assert_str_eq(repo_diff_at(d, 1)->new_id, ""); /* read from disk */
	cr_assert_eq(repo_diff_at(d, 2)->status, REPO_DELTA_ADDED);
	cr_assert_str_eq(repo_diff_at(d, 2)->new_path, "new/deep/x.yaml");
	repo_diff_free(&d);
	repo_free(&r);
	CHECK_NO_LEAKS();
}

Test(repo, a_bare_repository_has_no_working_tree)
{
	struct repo *r = NULL;
	struct repo_range rg;
	struct error err = ERROR_INIT;
	char bare[400];

	fixture_sh(&fx, "git clone -q --bare . ../bare.git");
	snprintf(bare, sizeof(bare), "%s/bare.git", fx.dir);
	r = open_repo(bare);
	cr_assert_null(repo_workdir(r));
	cr_assert_eq(repo_resolve_range(r, "HEAD", &rg, &err), -1);
	cr_assert_eq(err.code, ERROR_USAGE);
	cr_assert(strstr(err.msg, "bare"), "%s", err.msg);
	cr_assert_eq(repo_resolve_range(r, "base..update", &rg, &err), 0, "%s", err.msg);
	repo_free(&r);
	cr_assert_eq(repo_open(&r, "/", &err), -1);
	cr_assert_eq(err.code, ERROR_FORMAT);
	cr_assert_null(r);
	CHECK_NO_LEAKS();
}

/* "Only changed blobs are parsed": a repository of 2000 manifests with one
 * changed reads one file, and loads in a fraction of the time that reading
 * every file takes. */
Test(repo, a_large_repository_with_a_small_change_reads_only_that_change)
{
	struct fixture big;
	struct plan *p;
	struct timespec t0, t1, t2;
	double range_s, all_s;

	fixture_make(&big, "make-big.sh", "2000");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	p = fixture_load(big.repo, "base..change", NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_eq(plan_change_count(p), 1);
	cr_assert_str_eq(plan_change_at(p, 0)->address, "apps/Deployment/team-000/svc-00042");
	cr_assert_eq(plan_change_at(p, 0)->action, PLAN_ACTION_UPDATE);
	cr_assert_eq(plan_section_value(p, "files")->len, 1);
	plan_free(&p);
	p = fixture_load(big.repo, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	cr_assert_eq(plan_change_count(p), 2000);
	cr_assert_eq(plan_section_value(p, "files")->len, 2000);
	plan_free(&p);
	range_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	all_s = (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) / 1e9;
	cr_log_info("2000 files: range %.4fs, every file %.4fs", range_s, all_s);
	cr_assert_lt(range_s, all_s, "range %.4fs, every file %.4fs", range_s, all_s);
	fixture_remove(&big);
	CHECK_NO_LEAKS();
}
