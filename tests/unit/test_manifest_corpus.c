/* test_manifest_corpus.c - real manifests written by others
 * ($SIGNOFF_CORPUS/k8s, default ../shared/corpus/k8s): every file loads,
 * and the files the corpus holds at two commits of one path, loaded as a
 * git range, yield the changes those commits made.  Skipped when the
 * corpus is not there. */
#include <dirent.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "manifest_fixture.h"
#include "render.h"

static const char *
corpus_k8s(void)
{
	static char dir[PATH_MAX];
	char rel[512];
	const char *c = getenv("SIGNOFF_CORPUS");
	struct stat st;

	/* absolute: the fixture commands run inside their repository */
	snprintf(rel, sizeof(rel), "%s/k8s", c && *c ? c : "../shared/corpus");
	if (stat(rel, &st) < 0 || !S_ISDIR(st.st_mode) || !realpath(rel, dir))
		return NULL;
	return dir;
}

/* What each file holds: objects (all created when the file is loaded
 * alone) and loader warnings (skipped files and documents). */
static const struct {
	const char *prefix;
	size_t objects, warnings;
} files[] = {
	{ "GoogleCloudPlatform__microservices-demo__helm-chart__templates__frontend@", 0, 1 },
	{ "GoogleCloudPlatform__microservices-demo__kubernetes-manifests__frontend@", 4, 0 },
	{ "GoogleCloudPlatform__microservices-demo__kubernetes-manifests__kustomization@", 0, 1 },
	{ "GoogleCloudPlatform__microservices-demo__kustomize__components__network-policies__"
	  "network-policy-frontend@",
	  1, 0 },
	{ "GoogleCloudPlatform__microservices-demo__release__kubernetes-manifests@6960a23139", 24,
	  0 },
	{ "GoogleCloudPlatform__microservices-demo__release__kubernetes-manifests@b84b8b7fa9", 35,
	  0 },
	{ "argoproj__argocd-example-apps__guestbook__guestbook-ui-deployment@", 1, 0 },
	{ "argoproj__argocd-example-apps__sync-waves__manifests@", 7, 0 },
	{ "crossplane-contrib__provider-upjet-aws__examples__ec2__v1beta1__routetableassociation@",
	  4, 0 },
	{ "crossplane-contrib__provider-upjet-aws__examples__ec2__v1beta1__"
	  "securitygroupingressrule@",
	  3, 0 },
	{ "crossplane-contrib__provider-upjet-aws__examples__s3__namespaced__v1beta1__"
	  "bucketpolicy@",
	  2, 0 },
	{ "crossplane-contrib__provider-upjet-aws__examples__s3__v1beta1__bucketpublicaccessblock@",
	  2, 0 },
	{ "crossplane__crossplane__", 1, 0 },
	{ "fluxcd__flux2-kustomize-helm-example__apps__base__podinfo__release@", 1, 0 },
	{ "fluxcd__flux2-kustomize-helm-example__clusters__production__flux-system__"
	  "gotk-components@",
	  0, 0 },
	{ "fluxcd__flux2-kustomize-helm-example__clusters__production__infrastructure@", 2, 0 },
	{ "fluxcd__flux2-kustomize-helm-example__infrastructure__controllers__envoy-gateway@", 5,
	  0 },
	{ "fluxcd__flux2-kustomize-helm-example__infrastructure__controllers__ingress-nginx@", 3,
	  0 },
	{ "upbound__", 1, 0 },
};

static bool
is_yaml(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

Test(manifest_corpus, every_file_loads)
{
	const char *dir = corpus_k8s();
	DIR *d;
	struct dirent *e;
	size_t n = 0;

	if (!dir)
		cr_skip_test("no corpus at $SIGNOFF_CORPUS/k8s");
	d = opendir(dir);
	cr_assert_not_null(d);
	while ((e = readdir(d))) {
		char path[1024];
		struct plan *p;
		size_t i, k;
		FILE *sink;
		struct render_opts ro;
		struct error err = ERROR_INIT;

		if (!is_yaml(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		p = fixture_load(path, NULL, NULL);
		for (k = 0; k < sizeof(files) / sizeof(files[0]); k++)
			if (strncmp(e->d_name, files[k].prefix, strlen(files[k].prefix)) == 0)
				break;
		cr_assert_lt(k, sizeof(files) / sizeof(files[0]), "no expectation for %s",
			     e->d_name);
		cr_assert_eq(plan_change_count(p), files[k].objects, "%s: %zu objects", e->d_name,
			     plan_change_count(p));
		cr_assert_eq(count_action(p, PLAN_ACTION_CREATE), files[k].objects);
		cr_assert_eq(plan_diag_count(p), files[k].warnings, "%s: %zu warnings", e->d_name,
			     plan_diag_count(p));
		for (i = 0; i < plan_change_count(p); i++) {
			const struct plan_change *c = plan_change_at(p, i);

			cr_assert_gt(strlen(c->address), 0);
			cr_assert_eq(c->after.kind, VALUE_OBJECT);
		}
		/* and renders */
		sink = fopen("/dev/null", "w");
		memset(&ro, 0, sizeof(ro));
		cr_assert_eq(render_text_plan(sink, p, &ro, &err), 0, "%s", err.msg);
		cr_assert_eq(render_json_plan(sink, p, &ro, &err), 0, "%s", err.msg);
		fclose(sink);
		plan_free(&p);
		n++;
	}
	closedir(d);
	cr_assert_geq(n, 40, "only %zu files", n);
	cr_log_info("%zu corpus manifests loaded", n);
	CHECK_NO_LEAKS();
}

/* The same path at two commits: what the later commit changed. */
struct pair_want {
	const char *repo, *path, *before, *after; /* commit prefixes */
	size_t creates, updates, deletes;
	const char *updated;                      /* one address that must be updated */
	const char *create_type;                  /* the type of every create, or NULL */
	const char *previous_api;                 /* extra.previous_apiVersion of `updated` */
};

static const struct pair_want pairs[] = {
	{ "upbound/platform-ref-aws", "package/cluster/eks/composition.yaml", "7948f69575",
	  "0d53ce8fef", 0, 1, 0,
	  "apiextensions.crossplane.io/Composition/xeks.aws.platformref.upbound.io", NULL, NULL },
	{ "upbound/configuration-aws-network", "apis/basic/composition.yaml", "009bd4b979",
	  "c833a3424a", 0, 1, 0, NULL, NULL, NULL },
	{ "GoogleCloudPlatform/microservices-demo", "release/kubernetes-manifests.yaml",
	  "6960a23139", "b84b8b7fa9", 11, 24, 0, "apps/Deployment/default/frontend",
	  "ServiceAccount", NULL },
	{ "argoproj/argocd-example-apps", "guestbook/guestbook-ui-deployment.yaml", "b4ebe0049d",
	  "5c2d89b897", 0, 1, 0, "apps/Deployment/default/guestbook-ui", NULL, "apps/v1beta2" },
};

struct row {
	char file[256], repo[128], commit[48], path[256];
};

static size_t
read_manifest_tsv(const char *dir, struct row *rows, size_t cap)
{
	char path[600], line[2048];
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/MANIFEST.tsv", dir);
	f = fopen(path, "r");
	cr_assert_not_null(f, "%s", path);
	while (fgets(line, sizeof(line), f) && n < cap) {
		char *fields[5], *s = line;
		int k;

		for (k = 0; k < 5; k++) {
			fields[k] = s;
			s = s ? strchr(s, '\t') : NULL;
			if (s)
				*s++ = '\0';
		}
		if (!fields[3] || strcmp(fields[0], "file") == 0)
			continue;
		snprintf(rows[n].file, sizeof(rows[n].file), "%s", fields[0]);
		snprintf(rows[n].repo, sizeof(rows[n].repo), "%s", fields[1]);
		snprintf(rows[n].commit, sizeof(rows[n].commit), "%s", fields[2]);
		snprintf(rows[n].path, sizeof(rows[n].path), "%s", fields[3]);
		n++;
	}
	fclose(f);
	return n;
}

static const struct row *
find_row(const struct row *rows, size_t n, const char *repo, const char *path, const char *commit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].repo, repo) == 0 && strcmp(rows[i].path, path) == 0 &&
		    strncmp(rows[i].commit, commit, strlen(commit)) == 0)
			return &rows[i];
	return NULL;
}

Test(manifest_corpus, same_path_pairs_as_ranges_yield_their_changes)
{
	const char *dir = corpus_k8s();
	static struct row rows[256];
	size_t n, i, j, k, npairs = 0;

	if (!dir)
		cr_skip_test("no corpus at $SIGNOFF_CORPUS/k8s");
	n = read_manifest_tsv(dir, rows, 256);
	cr_assert_geq(n, 40);
	/* every path the corpus holds twice has its expectation below */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(rows[i].repo, rows[j].repo) == 0 &&
			    strcmp(rows[i].path, rows[j].path) == 0) {
				for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++)
					if (strcmp(pairs[k].repo, rows[i].repo) == 0 &&
					    strcmp(pairs[k].path, rows[i].path) == 0)
						break;
				cr_assert_lt(k, sizeof(pairs) / sizeof(pairs[0]),
					     "no expectation for %s %s", rows[i].repo,
					     rows[i].path);
				npairs++;
			}
	cr_assert_eq(npairs, sizeof(pairs) / sizeof(pairs[0]));
	for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
		const struct pair_want *w = &pairs[k];
		const struct row *b = find_row(rows, n, w->repo, w->path, w->before);
		const struct row *a = find_row(rows, n, w->repo, w->path, w->after);
		struct fixture fx;
		char args[2048];
		struct plan *p;

		cr_assert_not_null(b, "%s@%s", w->path, w->before);
		cr_assert_not_null(a, "%s@%s", w->path, w->after);
		snprintf(args, sizeof(args), "'%s' '%s/%s' '%s/%s'", w->path, dir, b->file, dir,
			 a->file);
		fixture_make(&fx, "make-pair.sh", args);
		p = fixture_load(fx.repo, "before..after", NULL);
		cr_assert_eq(count_action(p, PLAN_ACTION_CREATE), w->creates, "%s creates",
			     w->path);
		cr_assert_eq(count_action(p, PLAN_ACTION_UPDATE), w->updates, "%s updates",
			     w->path);
		cr_assert_eq(count_action(p, PLAN_ACTION_DELETE), w->deletes, "%s deletes",
			     w->path);
		if (w->updated) {
			const struct plan_change *c = must_find(p, w->updated);

			cr_assert_eq(c->action, PLAN_ACTION_UPDATE, "%s", w->updated);
			if (w->previous_api)
				cr_assert_str_eq(extra_str(c, "previous_apiVersion"),
						 w->previous_api);
		}
		for (i = 0; w->create_type && i < plan_change_count(p); i++) {
			const struct plan_change *c = plan_change_at(p, i);

			if (c->action == PLAN_ACTION_CREATE)
				cr_assert_str_eq(c->type, w->create_type, "%s", c->address);
		}
		plan_free(&p);
		fixture_remove(&fx);
	}
	CHECK_NO_LEAKS();
}

/* Two more changes the corpus documents across paths: a renamed example
 * whose kind changed (Crossplane v2 migration) and a controller replaced. */
Test(manifest_corpus, renamed_and_replaced_files_as_ranges)
{
	const char *dir = corpus_k8s();
	struct fixture fx;
	char args[2048];
	struct plan *p;

	if (!dir)
		cr_skip_test("no corpus at $SIGNOFF_CORPUS/k8s");
	snprintf(args, sizeof(args),
		 "examples/xcluster.yaml '%s/upbound__platform-ref-aws__examples__xcluster@"
		 "10a9e3c895.yaml' -",
		 dir);
	fixture_make(&fx, "make-pair.sh", args);
	fixture_sh(&fx,
		   "mkdir -p examples && cp \"%s/upbound__platform-ref-aws__examples__"
		   "cluster-xr@57fa3b0127.yaml\" examples/cluster-xr.yaml && git add -A && "
		   "git commit -q --no-gpg-sign -m v2",
		   dir);
	p = fixture_load(fx.repo, "before..HEAD", NULL);
	/* kind XCluster -> Cluster: another object, not an update or a rename */
	cr_assert_eq(count_action(p, PLAN_ACTION_DELETE), 1);
	cr_assert_eq(count_action(p, PLAN_ACTION_CREATE), 1);
	cr_assert_eq(must_find(p, "aws.platformref.upbound.io/XCluster/default/platform-ref-aws")
			     ->action,
		     PLAN_ACTION_DELETE);
	cr_assert_eq(must_find(p, "aws.platformref.upbound.io/Cluster/default/platform-ref-aws")
			     ->action,
		     PLAN_ACTION_CREATE);
	cr_assert_eq(must_find(p, "aws.platformref.upbound.io/Cluster/default/platform-ref-aws")
			     ->flags & PLAN_CHANGE_RENAMED,
		     0);
	plan_free(&p);
	fixture_remove(&fx);

	snprintf(args, sizeof(args),
		 "infrastructure/controllers/ingress-nginx.yaml "
		 "'%s/fluxcd__flux2-kustomize-helm-example__infrastructure__controllers__"
		 "ingress-nginx@1556b4265c.yaml' -",
		 dir);
	fixture_make(&fx, "make-pair.sh", args);
	fixture_sh(&fx,
		   "mkdir -p infrastructure/controllers && cp \"%s/fluxcd__flux2-kustomize-helm-"
		   "example__infrastructure__controllers__envoy-gateway@7c6e245ac4.yaml\" "
		   "infrastructure/controllers/envoy-gateway.yaml && git add -A && "
		   "git commit -q --no-gpg-sign -m envoy",
		   dir);
	p = fixture_load(fx.repo, "before..HEAD", NULL);
	cr_assert_eq(count_action(p, PLAN_ACTION_DELETE), 3);
	cr_assert_eq(count_action(p, PLAN_ACTION_CREATE), 5);
	cr_assert_eq(count_action(p, PLAN_ACTION_UPDATE), 0);
	plan_free(&p);
	fixture_remove(&fx);
	CHECK_NO_LEAKS();
}
