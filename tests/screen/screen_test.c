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
#include <glob.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit/check.h"

#include "app.h"
#include "buf.h"
#include "headless.h"
#include "plan.h"

#define SCREENS_DIR "testdata/screens"

/* ---- fixtures a script can ask for ---- */

/* Findings for the demo plan, shaped as the rule engine will give them
 * (highest severity first). */
static struct finding demo_findings[] = {
	{ "f1", "AWS-IAM-004", "IAM policy lets the role pass any role",
	  "the policy allows iam:PassRole on Resource \"*\"",
	  "name the roles this role may pass in Resource", "CKV_AWS_110", "rules",
	  SEVERITY_CRITICAL, FINDING_FAIL, 0, "aws_iam_role_policy.deploy", "policy", NULL, false, "" },
	{ "f2", "AWS-S3-001", "S3 bucket is publicly readable", "acl is public-read",
	  "use a private ACL and a bucket policy for the readers that need it", "CKV_AWS_20",
	  "rules", SEVERITY_HIGH, FINDING_FAIL, 0, "aws_s3_bucket.logs", "acl", NULL, false, "" },
	{ "f3", "AWS-EC2-002", "SSH open to the internet",
	  "ingress allows port 22 from 0.0.0.0/0",
	  "allow SSH only from the VPN or bastion range", "CKV_AWS_24", "rules", SEVERITY_HIGH,
	  FINDING_FAIL, 0, "module.network.aws_security_group.ssh", "ingress[0].cidr_blocks[0]",
	  NULL, false, "" },
	{ "f4", "AWS-RDS-003", "RDS storage is not encrypted", "storage_encrypted is false",
	  "set storage_encrypted = true (needs a new instance)", "CKV_AWS_16", "rules",
	  SEVERITY_MEDIUM, FINDING_FAIL, 0, "module.database.aws_db_instance.main",
	  "storage_encrypted", NULL, false, "" },
	{ "f5", "AWS-KMS-005", "KMS key rotation is off", "enable_key_rotation is false",
	  "set enable_key_rotation = true", "CKV_AWS_7", "rules", SEVERITY_LOW, FINDING_FAIL, 0,
	  "aws_kms_key.data", "enable_key_rotation", NULL, false, "" },
};

#define NDEMO (sizeof(demo_findings) / sizeof(demo_findings[0]))

static const struct finding *demo_ptrs[NDEMO];

static int
fixture(void *ctx, const char *name, struct ui_app *app, const struct plan *plan,
	struct error *err)
{
	size_t i;

	(void)ctx;
	if (strcmp(name, "findings-demo") == 0) {
		for (i = 0; i < NDEMO; i++) {
			const struct plan_change *c =
				plan_find_change(plan, demo_findings[i].address, PLAN_SECTION_CHANGE);

			if (!c)
				return error_set(err, ERROR_NOTFOUND, "findings-demo: no '%s' in the plan",
						 demo_findings[i].address);
			demo_findings[i].change_index = c->index;
			demo_ptrs[i] = &demo_findings[i];
		}
		ui_app_set_findings(app, demo_ptrs, NDEMO, true);
		return 0;
	}
	if (strcmp(name, "no-findings") == 0) {
		ui_app_set_findings(app, NULL, 0, true);
		return 0;
	}
	return error_set(err, ERROR_NOTFOUND, "unknown fixture '%s'", name);
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
	size_t i;
	int rc = 0;

	memset(&o, 0, sizeof(o));
	o.keys_path = keys;
	o.color = -1;
	o.fixture = fixture;
	if (ui_headless_run(&o, &res, err) < 0)
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
