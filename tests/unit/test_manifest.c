/* test_manifest.c - manifest identity, scope, secrets and skip rules
 * (src/manifest.c), and the manifest loader on files and directories
 * (src/plan_manifest.c).  Git ranges: test_manifest_range.c. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "manifest.h"
#include "manifest_fixture.h"
#include "mem.h"
#include "plan_build.h"
#include "render.h"
#include "yaml_value.h"

/* One YAML document parsed into a test arena. */
struct doc {
	struct arena arena;
	struct strtab keys;
	struct value_builder vb;
	struct value v;
};

static void
doc_parse(struct doc *d, const char *text)
{
	struct yaml_value_reader *r = NULL;
	struct yaml_value_doc yd;
	struct error err = ERROR_INIT;

	memset(d, 0, sizeof(*d));
	strtab_init(&d->keys, &d->arena);
	d->vb.arena = &d->arena;
	d->vb.keys = &d->keys;
	cr_assert_eq(yaml_value_reader_new(&r, text, strlen(text), "t.yaml", NULL, &err), 0);
	cr_assert_eq(yaml_value_reader_next(r, &d->vb, &yd, &err), 1, "%s", err.msg);
	yaml_value_reader_free(&r);
	d->v = yd.value;
}

static void
doc_release(struct doc *d)
{
	strtab_release(&d->keys);
	arena_release(&d->arena);
}

Test(manifest, splits_groups_and_maps_historical_moves)
{
	cr_assert_eq(manifest_group_len("apps/v1"), 4);
	cr_assert_eq(manifest_group_len("v1"), 0);
	cr_assert_eq(manifest_group_len("s3.aws.upbound.io/v1beta1"), 17);
	cr_assert_str_eq(manifest_group_alias("extensions", 10, "Deployment"), "apps");
	cr_assert_str_eq(manifest_group_alias("extensions", 10, "Ingress"), "networking.k8s.io");
	cr_assert_str_eq(manifest_group_alias("extensions", 10, "NetworkPolicy"),
			 "networking.k8s.io");
	cr_assert_str_eq(manifest_group_alias("events.k8s.io", 13, "Event"), "");
	cr_assert_null(manifest_group_alias("apps", 4, "Deployment"));
	cr_assert_null(manifest_group_alias("extensions", 10, "Widget"));
	/* Crossplane v1 -> v2 managed resources are different objects */
	cr_assert_null(manifest_group_alias("s3.aws.upbound.io", 17, "Bucket"));
	CHECK_NO_LEAKS();
}

struct scope_case {
	const char *group, *kind, *yaml;
	bool namespaced;
};

Test(manifest, decides_scope_from_definitions_tables_and_shapes)
{
	static const struct scope_case cases[] = {
		{ "", "Namespace", "metadata: {name: a}", false },
		{ "", "ConfigMap", "metadata: {name: a}", true },
		{ "rbac.authorization.k8s.io", "ClusterRole", "metadata: {name: a}", false },
		/* a namespace written on a cluster-scoped built-in does not make it namespaced */
		{ "storage.k8s.io", "StorageClass", "metadata: {name: a, namespace: x}", false },
		{ "apiextensions.crossplane.io", "Composition", "metadata: {name: a}", false },
		{ "ec2.aws.upbound.io", "VPC", "spec: {forProvider: {region: x}}", false },
		{ "ec2.aws.m.upbound.io", "VPC", "spec: {forProvider: {region: x}}", true },
		{ "aws.upbound.io", "ProviderConfig", "spec: {credentials: {}}", false },
		{ "aws.m.upbound.io", "ProviderConfig", "spec: {credentials: {}}", true },
		{ "aws.m.upbound.io", "ClusterProviderConfig", "spec: {}", false },
		{ "cert-manager.io", "ClusterIssuer", "spec: {}", false },
		{ "external-secrets.io", "ClusterSecretStore", "spec: {}", false },
		{ "operators.coreos.com", "ClusterServiceVersion", "spec: {}", true },
		{ "example.org", "Widget", "spec: {}", true },
		{ "example.org", "Widget", "metadata: {namespace: team}", true },
		/* learned from the definitions below */
		{ "stable.example.com", "CronTab", "spec: {}", false },
		{ "platform.example.org", "XNetwork", "metadata: {namespace: x}", false },
		{ "platform.example.org", "Network", "spec: {}", true },
		{ "platform.example.org", "Cluster", "spec: {}", true },
		{ "legacy.example.org", "XDatabase", "spec: {}", false },
	};
	static const char *const defs[] = {
		"apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
		"spec: {group: stable.example.com, scope: Cluster, names: {kind: CronTab}}\n",
		"apiVersion: apiextensions.crossplane.io/v1\nkind: CompositeResourceDefinition\n"
		"spec: {group: platform.example.org, names: {kind: XNetwork},"
		" claimNames: {kind: Network}}\n",
		"apiVersion: apiextensions.crossplane.io/v2\nkind: CompositeResourceDefinition\n"
		"spec: {group: platform.example.org, names: {kind: Cluster}}\n",
		"apiVersion: apiextensions.crossplane.io/v2\nkind: CompositeResourceDefinition\n"
		"spec: {group: legacy.example.org, scope: LegacyCluster,"
		" names: {kind: XDatabase}}\n",
	};
	struct manifest_scopes *s = NULL;
	struct error err = ERROR_INIT;
	size_t i;

	cr_assert_eq(manifest_scopes_new(&s, &err), 0);
	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		struct doc d;

		doc_parse(&d, defs[i]);
		cr_assert_eq(manifest_scopes_learn(s, &d.v, &err), 0);
		doc_release(&d);
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct doc d;

		doc_parse(&d, cases[i].yaml);
		cr_assert_eq(manifest_is_namespaced(s, cases[i].group, cases[i].kind, &d.v),
			     cases[i].namespaced, "%s/%s (%s)", cases[i].group, cases[i].kind,
			     cases[i].yaml);
		doc_release(&d);
	}
	manifest_scopes_free(&s);
	cr_assert_null(s);
	CHECK_NO_LEAKS();
}

Test(manifest, loads_crossplane_v1_and_v2_shapes_with_roles_and_scopes)
{
	static const struct {
		const char *address, *ns, *role;
	} want[] = {
		{ "apiextensions.crossplane.io/CompositeResourceDefinition/"
		  "clusters.platform.example.org",
		  "", "xrd" },
		{ "apiextensions.crossplane.io/CompositeResourceDefinition/"
		  "xnetworks.platform.example.org",
		  "", "xrd" },
		{ "apiextensions.crossplane.io/Composition/clusters-pipeline", "", "composition" },
		{ "apiextensions.crossplane.io/Composition/xnetworks-aws", "", "composition" },
		{ "aws.m.upbound.io/ClusterProviderConfig/default", "", "provider-config" },
		{ "aws.upbound.io/ProviderConfig/default", "", "provider-config" },
		{ "platform.example.org/Cluster/default/prod", "default", "composite" },
		{ "platform.example.org/Network/team-a/team-a", "team-a", "claim" },
		{ "platform.example.org/XNetwork/shared", "", "composite" },
		{ "s3.aws.m.upbound.io/Bucket/team-a/logs", "team-a", "managed" },
		{ "s3.aws.upbound.io/Bucket/logs", "", "managed" },
	};
	struct plan *p = fixture_load(TESTDATA("manifests/valid/crossplane.yaml"), NULL, NULL);
	size_t i;

	cr_assert_eq(plan_change_count(p), sizeof(want) / sizeof(want[0]));
	for (i = 0; i < plan_change_count(p); i++) {
		const struct plan_change *c = plan_change_at(p, i);

		cr_assert_str_eq(c->address, want[i].address);
		cr_assert_eq(c->action, PLAN_ACTION_CREATE);
		cr_assert_eq(c->section, PLAN_SECTION_CHANGE);
		cr_assert_str_eq(c->group, want[i].ns, "%s", c->address);
		cr_assert_str_eq(extra_str(c, "crossplane"), want[i].role, "%s", c->address);
		cr_assert_eq(c->before.kind, VALUE_ABSENT);
		cr_assert_eq(c->after.kind, VALUE_OBJECT);
	}
	{
		const struct plan_change *c = must_find(p, "s3.aws.upbound.io/Bucket/logs");

		cr_assert_str_eq(c->type, "s3.aws.upbound.io/Bucket");
		cr_assert_str_eq(c->provider, "s3.aws.upbound.io");
		cr_assert_str_eq(c->native_id, "s3.aws.upbound.io|Bucket||logs");
		cr_assert_str_eq(c->name, "logs");
		cr_assert_str_eq(extra_str(c, "apiVersion"), "s3.aws.upbound.io/v1beta1");
		cr_assert_str_eq(extra_str(c, "path"), "testdata/manifests/valid/crossplane.yaml");
		cr_assert_str_eq(value_get(&c->extra, "document")->u.str, "8");
		cr_assert_str_eq(value_get(&c->extra, "line")->u.str, "90");
	}
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest, reads_every_object_of_a_stream_with_exact_addresses)
{
	static const char *const want[] = {
		"ConfigMap/default/listed-b",
		"ConfigMap/shop/listed-a",
		"Namespace/shop",
		"batch/Job/shop/migrate-*@testdata/manifests/valid/stream.yaml#6",
		"rbac.authorization.k8s.io/ClusterRole/reader",
	};
	struct plan *p = fixture_load(TESTDATA("manifests/valid/stream.yaml"), NULL, NULL);
	const struct plan_change *c;
	size_t i;

	cr_assert_eq(plan_change_count(p), 5);
	for (i = 0; i < 5; i++)
		cr_assert_str_eq(plan_change_at(p, i)->address, want[i]);
	c = must_find(p, "ConfigMap/shop/listed-a");
	cr_assert_str_eq(value_get(&c->extra, "document")->u.str, "4");
	cr_assert_str_eq(value_get(&c->extra, "item")->u.str, "0");
	cr_assert_str_eq(c->native_id, "|ConfigMap|shop|listed-a");
	c = must_find(p, "batch/Job/shop/migrate-*@testdata/manifests/valid/stream.yaml#6");
	cr_assert_str_eq(c->name, "migrate-*");
	cr_assert(value_bool(value_get(&c->extra, "generated_name"), false));
	cr_assert_eq(plan_diag_count(p), 0);
	cr_assert_null(plan_revision_from(p));
	cr_assert_str_eq(plan_source_kind_name(plan_source_kind(p)), "manifests");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest, namespace_option_names_the_default_namespace)
{
	struct load_opts o;
	struct error err = ERROR_INIT;
	struct plan *p = NULL;

	memset(&o, 0, sizeof(o));
	o.path = TESTDATA("manifests/valid/stream.yaml");
	o.default_namespace = "staging";
	cr_assert_eq(load_plan(&p, &o, &err), 0, "%s", err.msg);
	cr_assert_not_null(plan_find_change(p, "ConfigMap/staging/listed-b", -1));
	cr_assert_not_null(plan_find_change(p, "ConfigMap/shop/listed-a", -1));
	cr_assert_null(plan_find_change(p, "ConfigMap/default/listed-b", -1));
	plan_free(&p);
	CHECK_NO_LEAKS();
}

static const char *const secret_texts[] = {
	"hunter2", "aHVudGVyMg==", "YWRtaW4=", "postgres://", "s3cr3t-t0ken",
};

Test(manifest, secret_values_are_masked_and_never_rendered)
{
	struct plan *p = fixture_load(TESTDATA("manifests/valid/secret.yaml"), NULL, NULL);
	const struct plan_change *c = must_find(p, "Secret/shop/db-credentials");
	const struct value *data = value_get(&c->after, "data");
	const struct value *ann = value_get(value_get(&c->after, "metadata"), "annotations");
	struct render_opts ro;
	struct error err = ERROR_INIT;
	char *text = NULL;
	size_t len = 0, i, k;
	int pass;

	cr_assert_eq(value_get(data, "password")->kind, VALUE_SENSITIVE);
	cr_assert_eq(value_get(data, "username")->kind, VALUE_SENSITIVE);
	cr_assert(value_get(data, "password")->u.secret->flags & VALUE_SECRET_HAS_MAC);
	cr_assert_eq(value_get(value_get(&c->after, "stringData"), "dsn")->kind, VALUE_SENSITIVE);
	cr_assert_eq(value_get(ann, "kubectl.kubernetes.io/last-applied-configuration")->kind,
		     VALUE_SENSITIVE);
	cr_assert_str_eq(value_str(value_get(ann, "owner")), "team-db");
	cr_assert_str_eq(value_str(value_get(&c->after, "type")), "Opaque");
	c = must_find(p, "kubernetes.crossplane.io/Object/embedded-secret");
	cr_assert_eq(value_get(value_get(value_get(value_get(value_get(&c->after, "spec"),
								  "forProvider"),
						  "manifest"),
					"stringData"),
			       "token")
			     ->kind,
		     VALUE_SENSITIVE);
	/* neither the values nor the rendered plan hold a secret */
	for (pass = 0; pass < 3; pass++) {
		FILE *f = open_memstream(&text, &len);
		struct buf b = BUF_INIT;

		memset(&ro, 0, sizeof(ro));
		ro.full = true;
		if (pass == 0) {
			for (i = 0; i < plan_change_count(p); i++)
				value_to_json(&b, &plan_change_at(p, i)->after, true);
			fwrite(b.data, 1, b.len, f);
		} else if (pass == 1) {
			cr_assert_eq(render_text_plan(f, p, &ro, &err), 0, "%s", err.msg);
		} else {
			cr_assert_eq(render_json_plan(f, p, &ro, &err), 0, "%s", err.msg);
		}
		fclose(f);
		cr_assert_gt(len, 100);
		for (k = 0; k < sizeof(secret_texts) / sizeof(secret_texts[0]); k++)
			cr_assert_null(strstr(text, secret_texts[k]), "pass %d shows '%s'", pass,
				       secret_texts[k]);
		free(text);
		text = NULL;
		buf_release(&b);
	}
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest, masked_copies_compare_by_digest)
{
	struct doc a, b, c;
	struct arena arena = ARENA_INIT;
	struct strtab keys;
	struct value_builder vb = { &arena, &keys };
	struct value ma, mb, mc;
	struct error err = ERROR_INIT;
	bool masked = false;

	strtab_init(&keys, &arena);
	doc_parse(&a, "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: djE=}\n");
	doc_parse(&b, "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: djE=}\n");
	doc_parse(&c, "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: djI=}\n");
	cr_assert_eq(manifest_copy_masked(&vb, &a.v, &ma, &masked, &err), 0);
	cr_assert_eq(manifest_copy_masked(&vb, &b.v, &mb, NULL, &err), 0);
	cr_assert_eq(manifest_copy_masked(&vb, &c.v, &mc, &masked, &err), 0);
	cr_assert(masked);
	cr_assert(value_equal(&ma, &mb));
	cr_assert_not(value_equal(&ma, &mc));
	cr_assert_eq(value_get(value_get(&ma, "data"), "k")->kind, VALUE_SENSITIVE);
	/* not a Secret: copied as is */
	doc_release(&c);
	doc_parse(&c, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\ndata: {k: djE=}\n");
	cr_assert_eq(manifest_copy_masked(&vb, &c.v, &mc, &masked, &err), 0);
	cr_assert_not(masked);
	cr_assert(value_equal(&mc, &c.v));
	cr_assert_str_eq(value_str(value_get(value_get(&mc, "data"), "k")), "djE=");
	/* a Secret of another API group is not the core Secret */
	doc_release(&c);
	doc_parse(&c, "apiVersion: example.org/v1\nkind: Secret\nmetadata: {name: s}\n"
		      "data: {k: plain}\n");
	cr_assert_eq(manifest_copy_masked(&vb, &c.v, &mc, &masked, &err), 0);
	cr_assert_eq(value_get(value_get(&mc, "data"), "k")->kind, VALUE_STRING);
	doc_release(&a);
	doc_release(&b);
	doc_release(&c);
	strtab_release(&keys);
	arena_release(&arena);
	CHECK_NO_LEAKS();
}

Test(manifest, reads_a_directory_and_says_why_files_are_skipped)
{
	static const char *const warnings[] = {
		"apps/kustomization.yaml: skipped: kustomize build file, not a cluster object",
		"apps/replicas-patch.yaml: skipped: a kustomize patch (listed in "
		"apps/kustomization.yaml), not a cluster object",
		"base/values.yaml:1: document 1 skipped: no 'kind': not a Kubernetes object",
		"charts/web/Chart.yaml: skipped: Helm chart metadata, not a cluster object",
		"charts/web/templates/deployment.yaml: skipped: Helm chart template ({{ }} "
		"actions): render it with `helm template` first",
		"apps/web.yaml: apps/Deployment/shop/web is defined 2 times (apps/web.yaml#1, "
		"base/web-copy.yaml#1): each copy is reviewed on its own, named by file",
	};
	static const char *const files[] = {
		"apps/kustomization.yaml", "apps/replicas-patch.yaml", "apps/web.yaml",
		"base/values.yaml",	   "base/web-copy.yaml",       "charts/web/Chart.yaml",
		"charts/web/templates/deployment.yaml",
	};
	struct plan *p = fixture_load(TESTDATA("manifests/dir"), NULL, NULL);
	const struct value *fs = plan_section_value(p, "files");
	size_t i;

	cr_assert_eq(plan_change_count(p), 2);
	cr_assert_str_eq(plan_change_at(p, 0)->address, "apps/Deployment/shop/web@apps/web.yaml");
	cr_assert_str_eq(plan_change_at(p, 1)->address,
			 "apps/Deployment/shop/web@base/web-copy.yaml");
	cr_assert_str_eq(plan_change_at(p, 1)->native_id,
			 "apps|Deployment|shop|web@base/web-copy.yaml");
	cr_assert_eq(plan_diag_count(p), sizeof(warnings) / sizeof(warnings[0]));
	for (i = 0; i < plan_diag_count(p); i++) {
		cr_assert_str_eq(plan_diag_at(p, i)->message, warnings[i]);
		cr_assert_eq(plan_diag_at(p, i)->severity, PLAN_DIAG_WARNING);
		cr_assert_str_eq(plan_diag_at(p, i)->origin, "loader");
	}
	cr_assert_eq(fs->kind, VALUE_ARRAY);
	cr_assert_eq(fs->len, sizeof(files) / sizeof(files[0]));
	for (i = 0; i < fs->len; i++)
		cr_assert_str_eq(value_str(value_get(&fs->u.items[i], "path")), files[i]);
	cr_assert_str_eq(value_get(&fs->u.items[2], "objects")->u.str, "1");
	cr_assert_str_eq(value_get(&fs->u.items[3], "objects")->u.str, "0");
	cr_assert_str_eq(value_str(value_get(&fs->u.items[0], "skipped")),
			 "kustomize build file, not a cluster object");
	/* the digest covers the files read, so it is stable */
	cr_assert_eq(strlen(plan_digest_hex(p)), 64);
	{
		struct plan *q = fixture_load(TESTDATA("manifests/dir"), NULL, NULL);

		cr_assert_str_eq(plan_digest_hex(p), plan_digest_hex(q));
		plan_free(&q);
	}
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest, pathspecs_limit_a_directory)
{
	static const char *const only_base[] = { "base", NULL };
	struct plan *p = fixture_load(TESTDATA("manifests/dir"), NULL, only_base);

	cr_assert_eq(plan_change_count(p), 1);
	cr_assert_str_eq(plan_change_at(p, 0)->address, "apps/Deployment/shop/web");
	cr_assert_eq(plan_section_value(p, "files")->len, 2);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest, reads_json_lists)
{
	struct plan *p = fixture_load(TESTDATA("manifests/valid/list.json"), NULL, NULL);

	cr_assert_eq(plan_change_count(p), 2);
	cr_assert_str_eq(plan_change_at(p, 0)->address, "ServiceAccount/ci/builder");
	cr_assert_str_eq(plan_change_at(p, 1)->address, "apps/Deployment/ci/runner");
	cr_assert_str_eq(value_get(value_get(&plan_change_at(p, 1)->after, "spec"), "replicas")
				 ->u.str,
			 "2");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest, crlf_and_lf_files_hold_the_same_object)
{
	struct plan *a = fixture_load(TESTDATA("manifests/valid/crlf.yaml"), NULL, NULL);
	struct plan *b = fixture_load(TESTDATA("manifests/valid/lf.yaml"), NULL, NULL);

	cr_assert_eq(plan_change_count(a), 1);
	cr_assert(value_equal(&plan_change_at(a, 0)->after, &plan_change_at(b, 0)->after));
	cr_assert_str_neq(plan_digest_hex(a), plan_digest_hex(b));
	plan_free(&a);
	plan_free(&b);
	CHECK_NO_LEAKS();
}

Test(manifest, comment_only_and_template_files_load_without_objects)
{
	struct plan *p = fixture_load(TESTDATA("manifests/valid/comments-only.yaml"), NULL, NULL);

	cr_assert_eq(plan_change_count(p), 0);
	cr_assert_eq(plan_diag_count(p), 0);
	plan_free(&p);
	p = fixture_load(TESTDATA("manifests/dir/charts/web/templates/deployment.yaml"), NULL,
			 NULL);
	cr_assert_eq(plan_change_count(p), 0);
	cr_assert_eq(plan_diag_count(p), 1);
	cr_assert_str_eq(plan_diag_at(p, 0)->message,
			 "skipped: Helm chart template ({{ }} actions): render it with `helm "
			 "template` first");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(manifest, bad_files_fail_with_file_line_and_column)
{
	static const struct {
		const char *file;
		unsigned long line, col;
		const char *msg;
	} cases[] = {
		{ "testdata/manifests/invalid/duplicate-key.yaml", 8, 3,
		  "duplicate key 'a' (first at line 6)" },
		{ "testdata/manifests/invalid/duplicate-key.json", 3, 21, "duplicate key 'a'" },
		{ "testdata/manifests/invalid/billion-laughs.yaml", 10, 38,
		  "aliases expand to more than 1000000 nodes" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct load_opts o;
		struct error err = ERROR_INIT;
		struct plan *p = NULL;

		memset(&o, 0, sizeof(o));
		o.path = cases[i].file;
		cr_assert_eq(load_plan(&p, &o, &err), -1, "%s", cases[i].file);
		cr_assert_null(p);
		cr_assert_str_eq(err.path, cases[i].file);
		cr_assert_eq(err.line, cases[i].line, "%s: %lu", cases[i].file, err.line);
		cr_assert_eq(err.col, cases[i].col, "%s: %lu", cases[i].file, err.col);
		cr_assert_str_eq(err.msg, cases[i].msg);
		cr_assert_eq(error_exit_status(&err), 2);
	}
	CHECK_NO_LEAKS();
}

Test(manifest, skip_rules_name_the_reason)
{
	static const struct {
		const char *yaml, *why;
	} objs[] = {
		{ "a: 1", "no 'kind': not a Kubernetes object" },
		{ "kind: X\nmetadata: {name: a}", "no 'apiVersion': not a Kubernetes object" },
		{ "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n",
		  "kustomize build file, not a cluster object" },
		{ "apiVersion: kuttl.dev/v1beta1\nkind: TestStep\nmetadata: {name: a}",
		  "build or test tool configuration, not a cluster object" },
		{ "apiVersion: v1\nkind: ConfigMap\n", "no 'metadata' mapping" },
		{ "apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {}}", "no metadata.name" },
		{ "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: 5}",
		  "metadata.name is not a non-empty string" },
		{ "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: [x]}",
		  "metadata.namespace is not a string" },
		{ "apiVersion: v1\nkind: [x]\nmetadata: {name: a}",
		  "'kind' is not a non-empty string" },
		{ "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\n"
		  "metadata: {name: apps}",
		  NULL },
		{ "apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: a-}", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(objs) / sizeof(objs[0]); i++) {
		struct doc d;
		const char *why;

		doc_parse(&d, objs[i].yaml);
		why = manifest_skip_object(&d.v);
		if (objs[i].why)
			cr_assert_str_eq(why ? why : "(null)", objs[i].why, "%s", objs[i].yaml);
		else
			cr_assert_null(why, "%s: %s", objs[i].yaml, why);
		doc_release(&d);
	}
	cr_assert_str_eq(manifest_skip_file("a/kustomization.yaml", "", 0),
			 "kustomize build file, not a cluster object");
	cr_assert_str_eq(manifest_skip_file("Chart.yaml", "", 0),
			 "Helm chart metadata, not a cluster object");
	cr_assert_not_null(manifest_skip_file("chart/templates/svc.yaml", "name: {{ .x }}\n", 15));
	/* {{ }} outside a chart's templates/ is data (e.g. alert templates) */
	cr_assert_null(manifest_skip_file("rules/alerts.yaml", "msg: '{{ $value }}'\n", 20));
	cr_assert_null(manifest_skip_file("chart/templates/svc.yaml", "name: x\n", 8));
	cr_assert(manifest_has_template("a: {{ .Values.x }}\n", 19));
	cr_assert_not(manifest_has_template("a: {{\nb: }}\n", 12));
	CHECK_NO_LEAKS();
}

Test(manifest, lists_and_json_patches_are_recognised)
{
	struct doc d;

	doc_parse(&d, "apiVersion: v1\nkind: ConfigMapList\nitems: [{a: 1}, {b: 2}]\n");
	cr_assert_not_null(manifest_list_items(&d.v));
	cr_assert_eq(manifest_list_items(&d.v)->len, 2);
	doc_release(&d);
	doc_parse(&d, "apiVersion: x/v1\nkind: PriceList\nmetadata: {name: a}\nitems: []\n");
	cr_assert_null(manifest_list_items(&d.v));
	doc_release(&d);
	doc_parse(&d, "- {op: replace, path: /spec/replicas, value: 3}\n");
	cr_assert(manifest_is_json_patch(&d.v));
	doc_release(&d);
	doc_parse(&d, "- {apiVersion: v1, kind: ConfigMap}\n");
	cr_assert_not(manifest_is_json_patch(&d.v));
	doc_release(&d);
	CHECK_NO_LEAKS();
}

Test(manifest, finds_kustomize_patch_files)
{
	static const struct {
		const char *dir, *rel, *want;
	} joins[] = {
		{ "", "a.yaml", "a.yaml" },
		{ "apps/", "./patch.yaml", "apps/patch.yaml" },
		{ "overlays/prod/", "../../base/p.yaml", "base/p.yaml" },
		{ "apps/", "../../escape.yaml", "" },
		{ "apps/", "/abs.yaml", "" },
	};
	struct doc d;
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(joins) / sizeof(joins[0]); i++) {
		buf_reset(&b);
		manifest_path_join(&b, joins[i].dir, joins[i].rel);
		cr_assert_str_eq(b.data, joins[i].want, "%s + %s", joins[i].dir, joins[i].rel);
	}
	doc_parse(&d, "patches:\n- path: a.yaml\n- patch: |\n    inline: yes\n"
		      "patchesStrategicMerge:\n- b.yaml\n- |\n  kind: X\n"
		      "patchesJson6902:\n- {path: c.yaml, target: {kind: X}}\n");
	buf_reset(&b);
	manifest_kustomize_patches(&d.v, &b);
	cr_assert_eq(b.len, strlen("a.yaml") + strlen("c.yaml") + strlen("b.yaml") + 3);
	cr_assert_str_eq(b.data, "a.yaml");
	cr_assert_str_eq(b.data + 7, "c.yaml");
	cr_assert_str_eq(b.data + 14, "b.yaml");
	doc_release(&d);
	buf_release(&b);
	CHECK_NO_LEAKS();
}

Test(manifest, objects_equal_but_for_name_hash_alike)
{
	struct doc a, b, c;

	doc_parse(&a, "apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: x, labels: "
		      "{k: v}}\nspec: {port: 80}\n");
	doc_parse(&b, "apiVersion: v1\nkind: Service\nmetadata: {name: b, labels: {k: v}}\n"
		      "spec: {port: 80}\n");
	doc_parse(&c, "apiVersion: v1\nkind: Service\nmetadata: {name: a, labels: {k: w}}\n"
		      "spec: {port: 80}\n");
	cr_assert_eq(manifest_hash_without_identity(&a.v), manifest_hash_without_identity(&b.v));
	cr_assert(manifest_equal_without_identity(&a.v, &b.v));
	cr_assert_neq(manifest_hash_without_identity(&a.v), manifest_hash_without_identity(&c.v));
	cr_assert_not(manifest_equal_without_identity(&a.v, &c.v));
	doc_release(&a);
	doc_release(&b);
	doc_release(&c);
	CHECK_NO_LEAKS();
}

Test(manifest, survives_allocation_failures)
{
	unsigned long n;

	for (n = 1; n < 3000; n++) {
		struct load_opts o;
		struct error err = ERROR_INIT;
		struct plan *p = NULL;
		int rc;

		memset(&o, 0, sizeof(o));
		o.path = TESTDATA("manifests/valid/crossplane.yaml");
		mem_fail_after(n);
		rc = load_plan(&p, &o, &err);
		mem_fail_after(0);
		if (rc < 0) {
			cr_assert_null(p);
			cr_assert_eq(err.code, ERROR_NOMEM, "n=%lu: %s", n, err.msg);
		} else {
			plan_free(&p);
		}
		if (!mem_failures())
			break;
	}
	cr_assert_lt(n, 3000);
	CHECK_NO_LEAKS();
}
