/* test_manifest_range.c - manifests changed between two git revisions
 * (src/plan_manifest.c with src/repo.c), on the fixture repository built
 * by testdata/repos/make-scenarios.sh: one tagged commit per scenario. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "diff.h"
#include "manifest_fixture.h"
#include "plan_build.h"

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

TestSuite(manifest_range, .init = setup, .fini = teardown);

static struct plan *
scenario(const char *tag)
{
	char range[64];

	snprintf(range, sizeof(range), "%s~1..%s", tag, tag);
	return fixture_load(fx.repo, range, NULL);
}

static void
assert_actions(const struct plan *p, size_t create, size_t update, size_t del, size_t context)
{
	cr_assert_eq(count_action(p, PLAN_ACTION_CREATE), create, "creates");
	cr_assert_eq(count_action(p, PLAN_ACTION_UPDATE), update, "updates");
	cr_assert_eq(count_action(p, PLAN_ACTION_DELETE), del, "deletes");
	cr_assert_eq(count_section(p, PLAN_SECTION_CONTEXT), context, "context");
	cr_assert_eq(count_section(p, PLAN_SECTION_CHANGE), create + update + del);
}

Test(manifest_range, create_binds_to_both_commit_ids)
{
	struct plan *p = scenario("create");
	char from[41], to[41];

	assert_actions(p, 2, 0, 0, 0);
	cr_assert_str_eq(plan_change_at(p, 0)->address, "Service/shop/cache");
	cr_assert_str_eq(plan_change_at(p, 1)->address, "apps/Deployment/shop/cache");
	cr_assert_eq(plan_change_at(p, 1)->before.kind, VALUE_ABSENT);
	cr_assert_str_eq(extra_str(plan_change_at(p, 1), "path"), "apps/cache.yaml");
	fixture_rev(&fx, "create~1", from);
	fixture_rev(&fx, "create", to);
	cr_assert_str_eq(plan_revision_from(p), from);
	cr_assert_str_eq(plan_revision_to(p), to);
	cr_assert_str_eq(plan_path(p), fx.repo);
	cr_assert_eq(plan_section_value(p, "files")->len, 1);
	cr_assert_str_eq(
		value_str(value_get(value_at(plan_section_value(p, "files"), 0), "status")),
		"added");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, delete)
{
	struct plan *p = scenario("delete");
	const struct plan_change *c;

	assert_actions(p, 0, 0, 1, 0);
	c = must_find(p, "ConfigMap/shop/app-config");
	cr_assert_eq(c->action, PLAN_ACTION_DELETE);
	cr_assert_eq(c->after.kind, VALUE_ABSENT);
	cr_assert_str_eq(value_str(value_get(value_get(&c->before, "data"), "feature_flags")),
			 "search,checkout");
	cr_assert_str_eq(extra_str(c, "path"), "apps/config.yaml");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, update_diffs_containers_env_and_ports_by_name)
{
	struct plan *p = scenario("update");
	const struct plan_change *c = must_find(p, "apps/Deployment/shop/web");
	const struct plan_change *svc = must_find(p, "Service/shop/web");
	struct diff_opts o = { NULL, true, true };
	struct diff *d = NULL;
	struct error err = ERROR_INIT;
	const struct diff_node *spec, *tmpl, *pod, *cs, *app;
	size_t i;

	assert_actions(p, 0, 1, 0, 1);
	cr_assert_eq(c->action, PLAN_ACTION_UPDATE);
	cr_assert(c->flags & PLAN_CHANGE_MATCH_BY_NAME);
	cr_assert_eq(svc->section, PLAN_SECTION_CONTEXT);
	cr_assert_eq(svc->action, PLAN_ACTION_NOOP);
	cr_assert(value_equal(&svc->before, &svc->after));
	cr_assert_eq(diff_new(&d, &c->before, &c->after, &o, &err), 0, "%s", err.msg);
	/* spec.template.spec.containers */
	for (spec = NULL, i = 0; i < d->root.nchildren; i++)
		if (strcmp(d->root.children[i].key, "spec") == 0)
			spec = &d->root.children[i];
	cr_assert_not_null(spec);
	tmpl = &spec->children[spec->nchildren - 1];
	cr_assert_str_eq(tmpl->key, "template");
	pod = &tmpl->children[tmpl->nchildren - 1];
	cr_assert_str_eq(pod->key, "spec");
	cs = &pod->children[0];
	cr_assert_str_eq(cs->key, "containers");
	cr_assert_eq(cs->nchildren, 2);
	cr_assert_eq(cs->nchanged, 1);
	app = &cs->children[0];
	cr_assert_eq(app->op, DIFF_CHANGE);
	cr_assert_str_eq(value_str(value_get(app->after, "name")), "app");
	cr_assert_eq(cs->children[1].op, DIFF_SAME);
	/* env: LOG_LEVEL changed in place; ports: metrics added */
	for (i = 0; i < app->nchildren; i++) {
		const struct diff_node *ch = &app->children[i];

		if (strcmp(ch->key, "env") == 0) {
			cr_assert_eq(ch->nchildren, 2);
			cr_assert_eq(ch->children[0].op, DIFF_CHANGE);
			cr_assert_eq(ch->children[1].op, DIFF_SAME);
		} else if (strcmp(ch->key, "ports") == 0) {
			cr_assert_eq(ch->nchildren, 2);
			cr_assert_eq(ch->children[0].op, DIFF_SAME);
			cr_assert_eq(ch->children[1].op, DIFF_ADD);
			cr_assert_str_eq(value_str(value_get(ch->children[1].after, "name")),
					 "metrics");
		} else if (strcmp(ch->key, "image") == 0) {
			cr_assert_eq(ch->op, DIFF_CHANGE);
		} else {
			cr_assert_eq(ch->op, DIFF_SAME, "%s", ch->key);
		}
	}
	diff_free(&d);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, rename_links_the_delete_and_the_create)
{
	struct plan *p = scenario("rename");
	const struct plan_change *del = must_find(p, "Service/shop/cache");
	const struct plan_change *cr = must_find(p, "Service/shop/cache-svc");

	assert_actions(p, 1, 0, 1, 1);
	cr_assert_eq(del->action, PLAN_ACTION_DELETE);
	cr_assert(del->flags & PLAN_CHANGE_RENAMED);
	cr_assert_eq(cr->action, PLAN_ACTION_CREATE);
	cr_assert(cr->flags & PLAN_CHANGE_RENAMED);
	cr_assert_str_eq(cr->previous_address, "Service/shop/cache");
	cr_assert_null(del->previous_address);
	cr_assert_eq(must_find(p, "apps/Deployment/shop/cache")->section, PLAN_SECTION_CONTEXT);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, api_version_and_group_moves_are_updates)
{
	struct plan *p = scenario("apiversion");
	const struct plan_change *dep = must_find(p, "apps/Deployment/jobs/worker");
	const struct plan_change *ing = must_find(p, "networking.k8s.io/Ingress/jobs/worker");

	assert_actions(p, 0, 2, 0, 0);
	cr_assert_eq(dep->action, PLAN_ACTION_UPDATE);
	cr_assert_str_eq(extra_str(dep, "apiVersion"), "apps/v1");
	cr_assert_str_eq(extra_str(dep, "previous_apiVersion"), "apps/v1beta2");
	cr_assert_eq(ing->action, PLAN_ACTION_UPDATE);
	cr_assert_str_eq(ing->type, "networking.k8s.io/Ingress");
	cr_assert_str_eq(extra_str(ing, "previous_apiVersion"), "extensions/v1beta1");
	cr_assert_str_eq(value_str(value_get(&ing->before, "apiVersion")), "extensions/v1beta1");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, reorder_and_file_move_are_no_change)
{
	struct plan *p = scenario("reorder");
	const struct plan_change *c;
	struct plan_counts n;

	assert_actions(p, 0, 0, 0, 4);
	plan_count(p, &n);
	cr_assert_eq(n.add + n.change + n.destroy, 0);
	c = must_find(p, "apps/Deployment/shop/cache");
	cr_assert_eq(c->action, PLAN_ACTION_NOOP);
	cr_assert_str_eq(extra_str(c, "path"), "apps/cache/cache.yaml");
	cr_assert_str_eq(extra_str(c, "previous_path"), "apps/cache.yaml");
	c = must_find(p, "Service/shop/web");
	cr_assert_str_eq(value_get(&c->extra, "document")->u.str, "1");
	cr_assert_null(extra_str(c, "previous_path"));
	cr_assert_eq(plan_section_value(p, "files")->len, 3);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, secret_change_is_masked)
{
	struct plan *p = scenario("secret");
	const struct plan_change *c = must_find(p, "Secret/shop/db-credentials");
	const struct value *b = value_get(&c->before, "data"), *a = value_get(&c->after, "data");
	size_t len, i;
	const char *text;

	assert_actions(p, 0, 1, 0, 0);
	cr_assert(c->flags & PLAN_CHANGE_SENSITIVE_CHANGED);
	cr_assert_eq(value_get(b, "password")->kind, VALUE_SENSITIVE);
	cr_assert_eq(value_get(a, "password")->kind, VALUE_SENSITIVE);
	cr_assert_not(value_equal(value_get(b, "password"), value_get(a, "password")));
	cr_assert(value_equal(value_get(b, "username"), value_get(a, "username")));
	for (i = 0; i < plan_change_count(p); i++) {
		struct buf j = BUF_INIT;

		value_to_json(&j, &plan_change_at(p, i)->before, true);
		value_to_json(&j, &plan_change_at(p, i)->after, true);
		cr_assert_null(strstr(j.data, "aHVudGVyMg=="));
		cr_assert_null(strstr(j.data, "Y29ycmVjdC1ob3JzZQ=="));
		buf_release(&j);
	}
	/* the reviewed bytes (kept for plan_digest) are the blobs themselves */
	text = plan_source_text(p, &len);
	cr_assert(strstr(text, "signoff manifests v1\n") == text);
	cr_assert_not_null(strstr(text, "file apps/secret.yaml\n"));
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, files_that_are_not_manifests_are_skipped_with_the_reason)
{
	static const char *const warnings[] = {
		"apps/kustomization.yaml: skipped: kustomize build file, not a cluster object",
		"apps/replicas-patch.yaml: skipped: a kustomize patch (listed in "
		"apps/kustomization.yaml), not a cluster object",
		"charts/web/Chart.yaml: skipped: Helm chart metadata, not a cluster object",
		"charts/web/templates/deployment.yaml: skipped: Helm chart template ({{ }} "
		"actions): render it with `helm template` first",
	};
	struct plan *p = scenario("skip");
	const struct value *files = plan_section_value(p, "files");
	size_t i;

	cr_assert_eq(plan_change_count(p), 0);
	cr_assert_eq(plan_diag_count(p), 4);
	for (i = 0; i < 4; i++)
		cr_assert_str_eq(plan_diag_at(p, i)->message, warnings[i]);
	/* README.md is not a manifest file: not read at all */
	cr_assert_eq(files->len, 4);
	cr_assert_str_eq(value_str(value_get(value_at(files, 1), "skipped_before")),
			 "a kustomize patch (listed in apps/kustomization.yaml)");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, composition_change_matches_resources_by_name)
{
	struct plan *p = scenario("composition");
	const struct plan_change *c =
		must_find(p, "apiextensions.crossplane.io/Composition/xclusters-aws");
	struct diff_opts o = { NULL, true, true };
	struct diff *d = NULL;
	struct error err = ERROR_INIT;
	const struct diff_node *spec = NULL, *res = NULL;
	size_t i;

	assert_actions(p, 0, 1, 0, 0);
	cr_assert_str_eq(extra_str(c, "crossplane"), "composition");
	cr_assert_str_eq(c->group, "");
	cr_assert_eq(diff_new(&d, &c->before, &c->after, &o, &err), 0);
	for (i = 0; i < d->root.nchildren; i++)
		if (strcmp(d->root.children[i].key, "spec") == 0)
			spec = &d->root.children[i];
	cr_assert_not_null(spec);
	for (i = 0; i < spec->nchildren; i++)
		if (strcmp(spec->children[i].key, "resources") == 0)
			res = &spec->children[i];
	cr_assert_not_null(res);
	cr_assert_eq(res->nchildren, 3);
	cr_assert_eq(res->children[0].op, DIFF_SAME);   /* vpc */
	cr_assert_eq(res->children[1].op, DIFF_CHANGE); /* nodegroup: the patch fix */
	cr_assert_eq(res->children[2].op, DIFF_ADD);    /* cluster */
	cr_assert_str_eq(value_str(value_get(res->children[2].after, "name")), "cluster");
	diff_free(&d);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, three_dots_compare_with_the_merge_base)
{
	struct plan *p = fixture_load(fx.repo, "main...feature", NULL);
	char base[41], feature[41], main_id[41];

	fixture_rev(&fx, "composition", base);
	fixture_rev(&fx, "refs/heads/feature", feature);
	fixture_rev(&fx, "main", main_id);
	assert_actions(p, 1, 0, 0, 0);
	cr_assert_str_eq(plan_change_at(p, 0)->address, "ConfigMap/shop/feature-flags");
	cr_assert_str_eq(plan_revision_from(p), base);
	cr_assert_str_eq(plan_revision_to(p), feature);
	plan_free(&p);
	/* two dots: main's own change shows as a delete */
	p = fixture_load(fx.repo, "main..feature", NULL);
	assert_actions(p, 1, 0, 1, 0);
	cr_assert_eq(must_find(p, "ConfigMap/shop/main-only")->action, PLAN_ACTION_DELETE);
	cr_assert_str_eq(plan_revision_from(p), main_id);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, a_single_revision_compares_with_the_working_tree)
{
	struct plan *p;
	char head[41], first[128];

	fixture_sh(&fx, "sed -e \"s/replicas: 2/replicas: 5/\" apps/web.yaml > w && "
			"mv w apps/web.yaml; printf \"apiVersion: v1\\nkind: ConfigMap\\n"
			"metadata: {name: wip, namespace: shop}\\n\" > apps/wip.yaml");
	p = fixture_load(fx.repo, "HEAD", NULL);
	fixture_rev(&fx, "HEAD", head);
	assert_actions(p, 1, 1, 0, 1);
	cr_assert_eq(must_find(p, "apps/Deployment/shop/web")->action, PLAN_ACTION_UPDATE);
	cr_assert_eq(must_find(p, "ConfigMap/shop/wip")->action, PLAN_ACTION_CREATE);
	cr_assert_str_eq(plan_revision_from(p), head);
	cr_assert(strncmp(plan_revision_to(p), "WORKTREE:sha256:", 16) == 0, "%s",
		  plan_revision_to(p));
	cr_assert_eq(strlen(plan_revision_to(p)), 16 + 64);
	snprintf(first, sizeof(first), "%s", plan_revision_to(p));
	plan_free(&p);
	/* another edit binds to another digest; the same tree to the same */
	fixture_sh(&fx, "echo \"data: {k: v}\" >> apps/wip.yaml");
	p = fixture_load(fx.repo, "HEAD", NULL);
	cr_assert_str_neq(plan_revision_to(p), first);
	snprintf(first, sizeof(first), "%s", plan_revision_to(p));
	plan_free(&p);
	p = fixture_load(fx.repo, "HEAD", NULL);
	cr_assert_str_eq(plan_revision_to(p), first);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, the_digest_binds_to_what_was_reviewed)
{
	struct plan *a = scenario("update"), *b = scenario("update"), *c = scenario("secret");

	cr_assert_str_eq(plan_digest_hex(a), plan_digest_hex(b));
	cr_assert_str_neq(plan_digest_hex(a), plan_digest_hex(c));
	plan_free(&a);
	plan_free(&b);
	plan_free(&c);
	CHECK_NO_LEAKS();
}

Test(manifest_range, pathspecs_and_a_subfolder_limit_the_range)
{
	static const char *const only_crossplane[] = { "crossplane", NULL };
	char sub[400];
	struct plan *p = fixture_load(fx.repo, "base..composition", only_crossplane);

	assert_actions(p, 0, 1, 0, 0);
	cr_assert_eq(plan_section_value(p, "files")->len, 1);
	plan_free(&p);
	snprintf(sub, sizeof(sub), "%s/crossplane", fx.repo);
	p = fixture_load(sub, "base..composition", NULL);
	assert_actions(p, 0, 1, 0, 0);
	plan_free(&p);
	p = fixture_load(fx.repo, "base..composition", NULL);
	/* cache: created then renamed (2 creates); config deleted; web, Secret,
	 * worker, Ingress, Composition updated */
	assert_actions(p, 2, 5, 1, 1);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest_range, errors_name_the_revision_and_the_file)
{
	struct load_opts o;
	struct error err = ERROR_INIT;
	struct plan *p = NULL;
	char head[41], want[80];

	memset(&o, 0, sizeof(o));
	o.path = fx.repo;
	o.range = "base..no-such-tag";
	cr_assert_eq(load_plan(&p, &o, &err), -1);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	cr_assert(strstr(err.msg, "cannot resolve revision"), "%s", err.msg);
	cr_assert_eq(error_exit_status(&err), 2);
	error_release(&err);
	o.path = TESTDATA("manifests/dir");
	o.range = "HEAD~1..HEAD";
	/* the project's own work tree is above: a folder of it is accepted,
	 * so ask for a folder outside any repository */
	o.path = "/";
	cr_assert_eq(load_plan(&p, &o, &err), -1);
	cr_assert_eq(err.code, ERROR_FORMAT, "%s", err.msg);
	cr_assert(strstr(err.msg, "not in a git work tree"), "%s", err.msg);
	error_release(&err);
	/* a broken manifest in a changed file */
	fixture_sh(&fx, "printf \"apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n"
			"  name: a\\n  name: b\\n\" > apps/broken.yaml && git add -A && "
			"git commit -q --no-gpg-sign -m broken");
	fixture_rev(&fx, "HEAD", head);
	o.path = fx.repo;
	o.range = "HEAD~1..HEAD";
	cr_assert_eq(load_plan(&p, &o, &err), -1);
	cr_assert_str_eq(err.path, "apps/broken.yaml");
	cr_assert_eq(err.line, 5);
	cr_assert_eq(err.col, 3);
	snprintf(want, sizeof(want), "duplicate key 'name' (first at line 4) (at %.12s)", head);
	cr_assert_str_eq(err.msg, want);
	cr_assert_null(p);
	CHECK_NO_LEAKS();
}
