/* test_corpus.c - real plans written by others (../shared/corpus).
 *
 * Runs when the corpus exists (it does in CI) and is skipped otherwise.
 * Every Terraform plan must load; each edge case has its expected
 * outcome; for the plans written by Terraform's own test suite, `show`
 * must print the same resource headers and summary line as
 * `terraform show` does for them (derived from Terraform's renderer,
 * internal/command/jsonformat/plan.go).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "load.h"
#include "plan.h"
#include "render.h"

static const char *
corpus(void)
{
	const char *c = getenv("SIGNOFF_CORPUS");
	struct stat st;

	if (!c || !*c)
		c = "../shared/corpus";
	if (stat(c, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	return c;
}

#define NEED_CORPUS(var)                                                              \
	const char *var = corpus();                                                   \
	if (!var) {                                                                   \
		cr_skip_test("corpus not found (set SIGNOFF_CORPUS): skipped");       \
		return;                                                               \
	}

static int
load(const char *path, struct plan **plan, struct error *err)
{
	struct load_opts o = { 0 };

	o.path = path;
	return load_plan(plan, &o, err);
}

Test(corpus, every_terraform_plan_loads_and_renders)
{
	NEED_CORPUS(root);
	char dir[1024], path[2048];
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/terraform", root);
	d = opendir(dir);
	cr_assert_not_null(d);
	while ((e = readdir(d))) {
		struct plan *plan = NULL;
		struct error err = ERROR_INIT;
		struct render_opts ro = { .full = true };
		char *text = NULL;
		size_t len = 0;
		FILE *mem;

		if (!strstr(e->d_name, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		cr_assert_eq(load(path, &plan, &err), 0, "%s: %s:%lu:%lu %s", e->d_name, err.path,
			     err.line, err.col, err.msg);
		mem = open_memstream(&text, &len);
		cr_assert_eq(render_text_plan(mem, plan, &ro, &err), 0, "%s", e->d_name);
		cr_assert_eq(render_json_plan(mem, plan, &ro, &err), 0, "%s", e->d_name);
		fclose(mem);
		cr_assert(len > 0);
		free(text);
		plan_free(&plan);
		n++;
	}
	closedir(d);
	cr_assert(n >= 30, "only %d plans", n);
	CHECK_NO_LEAKS();
}

struct edge {
	const char *file;
	int loads;               /* 1: loads; 0: refused */
	size_t changes;          /* intended changes (section change) when it loads */
	const char *text;        /* a warning (if loads) or the error (if not) */
	unsigned long line, col; /* of the error */
};

static const struct edge edges[] = {
	{ "bridgecrewio__checkov__tests__terraform__runner__resources__plan_with_utf_16_encoding__tfplan.json",
	  1, 3, NULL, 0, 0 },
	{ "bridgecrewio__checkov__tests__terraform__runner__resources__plan_with_lifecycle_check__tfplan.json",
	  1, 1, NULL, 0, 0 },
	{ "bridgecrewio__checkov__tests__terraform__parser__resources__plan_encodings__tfplan_win_utf16.json",
	  1, 1, NULL, 0, 0 },
	{ "bridgecrewio__checkov__tests__terraform__parser__resources__plan_vpc_endpoint__tfplan.json",
	  1, 1, "no 'resource_changes'", 0, 0 },
	{ "bridgecrewio__checkov__tests__terraform__parser__resources__plan_multiple_providers__tfplan.json",
	  1, 0, NULL, 0, 0 },
	{ "infracost__infracost__cmd__infracost__testdata__plan_with_terraform_wrapper.json", 1, 2,
	  "CI wrapper", 0, 0 },
	{ "hashicorp__terraform-json__testdata__invalid__plan.json", 0, 0,
	  "unexpected data after the end of the JSON document", 676, 29 },
	{ "hashicorp__terraform__internal__cloud__testdata__plan-json-full__plan-redacted.json", 1, 2,
	  "redacted plan JSON", 0, 0 },
};

Test(corpus, edge_cases_have_their_expected_outcome)
{
	NEED_CORPUS(root);
	size_t i, j;
	char path[2048];

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		const struct edge *x = &edges[i];
		struct plan *plan = NULL;
		struct error err = ERROR_INIT;
		int rc;

		snprintf(path, sizeof(path), "%s/terraform-edge/%s", root, x->file);
		rc = load(path, &plan, &err);
		if (!x->loads) {
			cr_assert_eq(rc, -1, "%s loaded", x->file);
			cr_assert(strstr(err.msg, x->text), "%s: %s", x->file, err.msg);
			cr_assert_eq(err.line, x->line, "%s: line %lu", x->file, err.line);
			cr_assert_eq(err.col, x->col, "%s: col %lu", x->file, err.col);
			continue;
		}
		cr_assert_eq(rc, 0, "%s: %s", x->file, err.msg);
		{
			size_t changes = 0;
			bool warned = x->text == NULL;

			for (j = 0; j < plan_change_count(plan); j++)
				if (plan_change_at(plan, j)->section == PLAN_SECTION_CHANGE)
					changes++;
			cr_assert_eq(changes, x->changes, "%s: %zu changes", x->file, changes);
			for (j = 0; j < plan_diag_count(plan); j++)
				if (x->text && strstr(plan_diag_at(plan, j)->message, x->text))
					warned = true;
			cr_assert(warned, "%s: no warning '%s'", x->file, x->text);
		}
		plan_free(&plan);
	}
	CHECK_NO_LEAKS();
}

struct golden {
	const char *name;        /* show-json__NAME__output.json */
	const char *expected;    /* header comment lines and the summary line */
};

static const struct golden goldens[] = {
	{ "basic-delete", "  # test_instance.test will be updated in-place\n"
			  "  # test_instance.test-delete will be destroyed\n"
			  "  # (because test_instance.test-delete is not in configuration)\n"
			  "Plan: 0 to add, 1 to change, 1 to destroy.\n" },
	{ "conditions", "  # test_instance.bar will be created\n"
			"  # test_instance.foo will be created\n"
			"Plan: 2 to add, 0 to change, 0 to destroy.\n" },
	{ "drift", "  # test_instance.no_refresh will be updated in-place\n"
		   "  # test_instance.should_refresh will be updated in-place\n"
		   "Plan: 0 to add, 2 to change, 0 to destroy.\n" },
	{ "moved-drift", "  # test_instance.no_refresh will be updated in-place\n"
			 "  # test_instance.should_refresh_with_move will be updated in-place\n"
			 "  # (moved from test_instance.should_refresh)\n"
			 "Plan: 0 to add, 2 to change, 0 to destroy.\n" },
	{ "multi-resource-update", "  # test_instance.test has moved to test_instance.test[0]\n"
				   "  # test_instance.test[1] will be created\n"
				   "Plan: 1 to add, 0 to change, 0 to destroy.\n" },
	{ "plan-error", "" },
	{ "provider-aliasing",
	  "  # test_instance.test will be created\n"
	  "  # test_instance.test_backup will be created\n"
	  "  # module.child.test_instance.test_primary will be created\n"
	  "  # module.child.test_instance.test_secondary will be created\n"
	  "  # module.sibling.test_instance.test_primary will be created\n"
	  "  # module.sibling.test_instance.test_secondary will be created\n"
	  "  # module.child.module.grandchild.test_instance.test_alternate will be created\n"
	  "  # module.child.module.grandchild.test_instance.test_main will be created\n"
	  "  # module.sibling.module.grandchild.test_instance.test_alternate will be created\n"
	  "  # module.sibling.module.grandchild.test_instance.test_main will be created\n"
	  "Plan: 10 to add, 0 to change, 0 to destroy.\n" },
	{ "requires-replace", "  # test_instance.test must be replaced\n"
			      "Plan: 1 to add, 0 to change, 1 to destroy.\n" },
	{ "sensitive-values", "  # test_instance.test will be created\n"
			      "Plan: 1 to add, 0 to change, 0 to destroy.\n" },
};

/* Keeps the lines a Terraform user scans: "  # ..." headers (not the
 * "# (N unchanged ...)" notes inside bodies) and "Plan:"/"No changes.". */
static char *
headers(const char *text)
{
	size_t cap = strlen(text) + 1, n = 0;
	char *out = malloc(cap);
	const char *s = text;

	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);

		if ((len > 4 && (strncmp(s, "  # ", 4) == 0 || strncmp(s, " # ", 3) == 0)) ||
		    strncmp(s, "Plan: ", 6) == 0 || strncmp(s, "No changes.", 11) == 0) {
			memcpy(out + n, s, len);
			n += len;
			out[n++] = '\n';
		}
		s += len + (nl ? 1 : 0);
	}
	out[n] = '\0';
	return out;
}

Test(corpus, show_prints_terraform_headers_and_summary)
{
	NEED_CORPUS(root);
	size_t i;
	char path[2048];

	for (i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++) {
		struct plan *plan = NULL;
		struct error err = ERROR_INIT;
		struct render_opts ro = { .color = false };
		char *text = NULL, *got;
		size_t len = 0;
		FILE *mem;

		snprintf(path, sizeof(path),
			 "%s/terraform/hashicorp__terraform__internal__command__testdata__show-json__"
			 "%s__output.json",
			 root, goldens[i].name);
		cr_assert_eq(load(path, &plan, &err), 0, "%s: %s", goldens[i].name, err.msg);
		mem = open_memstream(&text, &len);
		cr_assert_eq(render_text_plan(mem, plan, &ro, &err), 0);
		fclose(mem);
		got = headers(text);
		cr_assert_str_eq(got, goldens[i].expected, "%s:\n%s", goldens[i].name, text);
		if (strcmp(goldens[i].name, "plan-error") == 0)
			cr_assert(strstr(text, "Planning failed. Terraform encountered an error while "
					       "generating this plan."));
		free(got);
		free(text);
		plan_free(&plan);
	}
	CHECK_NO_LEAKS();
}
