/* test_ui_model.c - the UI's pure parts, without curses: layout, the
 * resource tree, the detail lines (with the dependency graph's links),
 * the background jobs. */
#include <criterion/criterion.h>
#include <glob.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit/check.h"

#include "buf.h"
#include "detail.h"
#include "draw.h"
#include "graph.h"
#include "headless.h"
#include "layout.h"
#include "load.h"
#include "plan.h"
#include "str.h"
#include "tree.h"

static struct plan *
load(const char *path)
{
	struct plan *plan = NULL;
	struct load_opts o;
	struct error err = ERROR_INIT;

	memset(&o, 0, sizeof(o));
	o.path = path;
	cr_assert_eq(load_plan(&plan, &o, &err), 0, "%s: %s", path, err.msg);
	return plan;
}

static size_t
change(const struct plan *plan, const char *address)
{
	const struct plan_change *c = plan_find_change(plan, address, PLAN_SECTION_CHANGE);

	cr_assert_not_null(c, "%s", address);
	return c->index;
}

/* ---- layout ---- */

static void
layout_is(int rows, int cols, bool lower, int zoom, const char *want)
{
	struct ui_layout_state st = { UI_PANE_BLAST, lower, zoom, 1 };
	struct ui_layout l;
	struct buf b = BUF_INIT;

	ui_layout_compute(rows, cols, &st, &l);
	ui_layout_describe(&l, &b);
	cr_assert_str_eq(b.data, want, "%dx%d", cols, rows);
	buf_release(&b);
}

Test(layout, stacked_side_by_side_zoomed_and_too_small)
{
	layout_is(24, 80, false, -1,
		  "header{0,0,80x1} tree{1,0,80x8} detail{9,0,80x14} status{23,0,80x1}");
	layout_is(24, 80, true, -1,
		  "header{0,0,80x1} tree{1,0,80x7} detail{8,0,80x7} blast{15,0,80x8} "
		  "status{23,0,80x1}");
	layout_is(30, 100, false, -1,
		  "header{0,0,100x1} tree{1,0,42x28} detail{1,43,57x28} divider{1,42,1x28} "
		  "status{29,0,100x1}");
	layout_is(40, 120, true, -1,
		  "header{0,0,120x1} tree{1,0,50x38} detail{1,51,69x20} blast{21,51,69x18} "
		  "divider{1,50,1x38} status{39,0,120x1}");
	layout_is(24, 80, false, UI_PANE_DETAIL,
		  "header{0,0,80x1} detail{1,0,80x22} status{23,0,80x1}");
	/* zooming a lower pane that is closed zooms nothing */
	layout_is(24, 80, false, UI_PANE_BLAST,
		  "header{0,0,80x1} tree{1,0,80x8} detail{9,0,80x14} status{23,0,80x1}");
	layout_is(10, 40, false, -1,
		  "header{0,0,40x1} tree{1,0,40x3} detail{4,0,40x5} status{9,0,40x1}");
	layout_is(10, 39, false, -1, "too-small");
	{
		/* a long message takes a second status row from the body */
		struct ui_layout_state st = { UI_PANE_BLAST, false, -1, 2 };
		struct ui_layout l;
		struct buf b = BUF_INIT;

		ui_layout_compute(24, 80, &st, &l);
		ui_layout_describe(&l, &b);
		cr_assert_str_eq(b.data,
				 "header{0,0,80x1} tree{1,0,80x8} detail{9,0,80x13} status{22,0,80x2}");
		buf_release(&b);
	}
	layout_is(9, 40, false, -1, "too-small");
	CHECK_NO_LEAKS();
}

/* ---- tree ---- */

/* The visible rows as text: "  ▾ module.a" / "    x.y". */
static void
rows_text(const struct ui_tree *t, struct buf *out)
{
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		const struct ui_row *r = &t->rows[i];

		buf_addchn(out, ' ', 2u * r->depth);
		if (r->kind == UI_ROW_GROUP) {
			buf_addstr(out, t->groups[r->index].folded ? "> " : "v ");
			buf_addstr(out, t->groups[r->index].label);
		} else {
			buf_addstr(out, ui_tree_change_label(t, r->index, NULL));
		}
		buf_addch(out, '\n');
	}
}

Test(tree, nests_modules_and_orders_changes_before_groups)
{
	struct plan *plan = load("testdata/screens/plans/nav.json");
	struct ui_tree t;
	struct buf b = BUF_INIT;

	ui_tree_init(&t, plan);
	rows_text(&t, &b);
	cr_assert_str_eq(b.data, "aws_sqs_queue.q[0]\n"
				 "aws_sqs_queue.q[1]\n"
				 "aws_sqs_queue.q[2]\n"
				 "aws_sqs_queue.q[3]\n"
				 "aws_sns_topic.t\n"
				 "v module.a\n"
				 "  aws_ebs_volume.x\n"
				 "  aws_ebs_volume.y\n"
				 "  v module.b\n"
				 "    aws_ebs_volume.z\n"
				 "v module.c\n"
				 "  aws_ebs_volume.u\n"
				 "  aws_ebs_volume.v\n"
				 "  aws_ebs_volume.w\n"
				 "  aws_iam_user.ops\n");
	cr_assert_eq(t.reviewable, 12);
	/* counts fold upwards: module.a holds x, y and module.b's z */
	cr_assert_eq(t.groups[t.group_of[change(plan, "module.a.aws_ebs_volume.x")]].shown, 3);
	ui_tree_release(&t);
	buf_release(&b);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(tree, sorts_groups_in_natural_order)
{
	struct plan *plan = load("testdata/screens/plans/natural.json");
	struct ui_tree t;
	struct buf b = BUF_INIT;

	ui_tree_init(&t, plan);
	rows_text(&t, &b);
	cr_assert_str_eq(b.data, "v module.m1\n  null_resource.x\n"
				 "v module.m2\n  null_resource.x\n"
				 "v module.m2[\"a9\"]\n  null_resource.x\n"
				 "v module.m2[\"a10\"]\n  null_resource.x\n"
				 "v module.m2[\"b\"]\n  null_resource.x\n"
				 "v module.m10\n  null_resource.x\n");
	ui_tree_release(&t);
	buf_release(&b);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(tree, folds_and_filters)
{
	struct plan *plan = load("testdata/screens/plans/nav.json");
	struct ui_tree t;
	struct buf b = BUF_INIT;
	size_t z = change(plan, "module.a.module.b.aws_ebs_volume.z");

	ui_tree_init(&t, plan);
	ui_tree_fold_all(&t, true);
	ui_tree_rebuild_rows(&t);
	rows_text(&t, &b);
	cr_assert_str_eq(b.data, "aws_sqs_queue.q[0]\naws_sqs_queue.q[1]\naws_sqs_queue.q[2]\n"
				 "aws_sqs_queue.q[3]\naws_sns_topic.t\n> module.a\n> module.c\n");
	cr_assert_eq(t.row_of[z], -1);
	ui_tree_unfold_to(&t, z);
	ui_tree_rebuild_rows(&t);
	cr_assert_eq(t.row_of[z], 9);

	t.filter.actions = 1u << PLAN_ACTION_DELETE;
	ui_tree_rebuild(&t);
	buf_reset(&b);
	rows_text(&t, &b);
	/* module.c is still folded; its count still holds w */
	cr_assert_str_eq(b.data, "v module.a\n  aws_ebs_volume.y\n> module.c\n");
	cr_assert_eq(t.shown, 2);

	ui_tree_filter_clear(&t);
	t.filter.module = strdup("b");
	ui_tree_rebuild(&t);
	buf_reset(&b);
	rows_text(&t, &b);
	cr_assert_str_eq(b.data, "v module.a\n  v module.b\n    aws_ebs_volume.z\n");

	ui_tree_filter_clear(&t);
	t.filter.types = strdup("aws_iam_*, aws_sns_*");
	ui_tree_rebuild(&t);
	cr_assert_eq(t.shown, 2);
	ui_tree_filter_describe(&t, &b);
	cr_assert(strstr(b.data, "type aws_iam_*, aws_sns_*"), "%s", b.data);
	ui_tree_release(&t);
	buf_release(&b);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(tree, marks_count_in_place)
{
	struct plan *plan = load("testdata/screens/plans/nav.json");
	struct ui_tree t;
	size_t z = change(plan, "module.a.module.b.aws_ebs_volume.z");
	int32_t b_group, a_group;

	ui_tree_init(&t, plan);
	b_group = t.group_of[z];
	a_group = t.groups[b_group].parent;
	ui_tree_mark(&t, z, true);
	cr_assert_eq(t.reviewed_count, 1);
	cr_assert_eq(t.groups[b_group].reviewed, 1);
	cr_assert_eq(t.groups[a_group].reviewed, 1);
	ui_tree_mark(&t, z, true);   /* twice is once */
	cr_assert_eq(t.reviewed_count, 1);
	ui_tree_rebuild(&t);         /* a full recount agrees */
	cr_assert_eq(t.groups[a_group].reviewed, 1);
	t.filter.unreviewed_only = true;
	ui_tree_rebuild(&t);
	cr_assert_eq(t.shown, 11);
	cr_assert_eq(t.row_of[z], -1);
	ui_tree_mark(&t, z, false);
	cr_assert_eq(t.shown, 12);
	ui_tree_release(&t);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(tree, drift_badges_a_change_or_gets_its_own_group)
{
	struct plan *plan = load("testdata/demo/plan.json");
	struct ui_tree t;
	size_t vpc = change(plan, "module.network.aws_vpc.main");
	size_t i, drift_groups = 0;

	ui_tree_init(&t, plan);
	cr_assert_geq(t.drift_of[vpc], 0);
	cr_assert_eq(plan_change_at(plan, (size_t)t.drift_of[vpc])->section, PLAN_SECTION_DRIFT);
	for (i = 0; i < t.ngroups; i++)
		if (t.groups[i].kind == UI_GROUP_DRIFT)
			drift_groups++;
	cr_assert_eq(drift_groups, 0, "the only drift matches a change");
	/* no-ops are in the tree but hidden; context entries are not in it */
	cr_assert_geq(t.group_of[change(plan, "aws_iam_role.deploy")], 0);
	cr_assert(!ui_tree_passes(&t, change(plan, "aws_iam_role.deploy")));
	cr_assert_eq(t.reviewable, 29);
	ui_tree_release(&t);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- detail lines ---- */

static void
detail_text(const struct ui_detail *d, struct buf *out)
{
	size_t i, s;

	for (i = 0; i < d->nlines; i++) {
		const struct ui_dline *l = &d->lines[i];

		for (s = 0; s < l->nseg; s++)
			buf_add(out, d->text.data + d->segs[l->seg + s].off, d->segs[l->seg + s].len);
		buf_addch(out, '\n');
	}
}

struct reveal_ctx {
	size_t change;
	const char *path;
};

static bool
revealed(void *ctx, size_t change, const char *path)
{
	const struct reveal_ctx *r = ctx;

	return r->change == change && strcmp(r->path, path) == 0;
}

Test(detail, replace_explainer_and_diff)
{
	struct plan *plan = load("testdata/demo/plan.json");
	struct ui_tree t;
	struct graph *g = NULL;
	struct error err = ERROR_INIT;
	struct ui_detail det;
	struct ui_detail_ctx x;
	struct ui_canvas cv;
	struct buf b = BUF_INIT;
	size_t nat = change(plan, "module.network.aws_nat_gateway.main");

	ui_tree_init(&t, plan);
	cr_assert_eq(graph_build(&g, plan, &err), 0, "%s", err.msg);
	ui_detail_init(&det);
	memset(&cv, 0, sizeof(cv));
	cv.g = &ui_glyphs_ascii;
	cv.ascii = true;
	memset(&x, 0, sizeof(x));
	x.plan = plan;
	x.tree = &t;
	x.graph = g;
	x.cv = &cv;
	x.width = 200;
	ui_detail_build(&det, &x, nat);
	detail_text(&det, &b);
	cr_assert_str_eq(b.data,
			 "module.network.aws_nat_gateway.main\n"
			 "resource aws_nat_gateway from hashicorp/aws\n"
			 "! replace: create the new object first, then destroy the old one\n"
			 "why: an attribute cannot be changed in place\n"
			 "forced by: subnet_id\n"
			 "order: both objects exist for a while; unique names must not clash\n"
			 /* from the graph: module.subnets["a"].subnet_id names that
			  * instance only, and the provider link is left out */
			 "depends on: module.network.aws_vpc.main, "
			 "module.network.module.subnets[\"a\"].aws_subnet.this, "
			 "module.network.aws_eip.nat[0]\n"
			 "depended on by: module.network.aws_route_table.private\n"
			 "\n"
			 "~   id         = \"nat-0old\" -> (known after apply)\n"
			 "+   private_ip = (known after apply)\n"
			 "+   public_ip  = (known after apply)\n"
			 "~   subnet_id  = \"subnet-0old\" -> (known after apply)  # forces "
			 "replacement\n"
			 "  > tags = {Environment = \"prod\", ManagedBy = \"terraform\", Name = "
			 "\"prod-nat\"}\n"
			 "    # 2 unchanged attributes hidden\n");
	cr_assert_eq(ui_detail_find_path(&det, "subnet_id"), 12);
	/* unfold the unchanged tags */
	ui_detail_toggle(&det, 13);
	ui_detail_build(&det, &x, nat);
	buf_reset(&b);
	detail_text(&det, &b);
	cr_assert(strstr(b.data, "  v tags  (3)\n      Environment = \"prod\"\n"), "%s", b.data);
	ui_detail_release(&det);
	graph_free(&g);
	ui_tree_release(&t);
	buf_release(&b);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(detail, sensitive_changed_without_the_value_then_revealed)
{
	struct plan *plan = load("testdata/demo/plan.json");
	struct ui_tree t;
	struct ui_detail det;
	struct ui_detail_ctx x;
	struct ui_canvas cv;
	struct buf b = BUF_INIT;
	struct reveal_ctx rc;
	size_t db = change(plan, "module.database.aws_db_instance.main");
	long line;

	ui_tree_init(&t, plan);
	ui_detail_init(&det);
	memset(&cv, 0, sizeof(cv));
	cv.g = &ui_glyphs_unicode;
	memset(&x, 0, sizeof(x));
	x.plan = plan;
	x.tree = &t;
	x.cv = &cv;
	x.width = 200;
	ui_detail_build(&det, &x, db);
	detail_text(&det, &b);
	cr_assert(strstr(b.data, "~   password          = (sensitive value, changed)\n"), "%s",
		  b.data);
	cr_assert(!strstr(b.data, "correct-horse"), "the value never appears unrevealed");
	line = ui_detail_find_path(&det, "password");
	cr_assert_geq(line, 0);
	cr_assert(det.lines[line].flags & UI_DL_SENSITIVE);
	rc.change = db;
	rc.path = "password";
	x.is_revealed = revealed;
	x.reveal_ctx = &rc;
	ui_detail_build(&det, &x, db);
	buf_reset(&b);
	detail_text(&det, &b);
	cr_assert(strstr(b.data, "~   password          = \"correct-horse-battery-staple\" → "
				 "\"Tr0ub4dor&3-rotated\"\n"),
		  "%s", b.data);
	ui_detail_release(&det);
	ui_tree_release(&t);
	buf_release(&b);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- the shared corpus: every real plan renders, nothing raw on screen ---- */

Test(corpus, real_plans_render_escaped)
{
	const char *dir = getenv("SIGNOFF_CORPUS");
	char pattern[1024], keys[1024];
	glob_t g;
	size_t i, n = 0;
	FILE *f;

	if (!dir || !*dir)
		dir = "../shared/corpus";
	snprintf(pattern, sizeof(pattern), "%s/terraform/*.json", dir);
	if (glob(pattern, 0, NULL, &g) != 0 || !g.gl_pathc)
		cr_skip_test("no corpus at %s", dir);
	setlocale(LC_ALL, "");
	snprintf(keys, sizeof(keys), "%s/corpus.keys", getenv("SIGNOFF_BUILD") ? getenv("SIGNOFF_BUILD") : ".");
	f = fopen(keys, "w");
	cr_assert_not_null(f);
	fputs("@size 100x30\n<Enter>\nu\nj\nj\n]c\nb\n@snap a\n<Tab>\nG\n-\n+\nF\n@snap b\n", f);
	fclose(f);
	for (i = 0; i < g.gl_pathc; i++) {
		struct ui_run_opts o;
		struct ui_run_result res;
		struct error err = ERROR_INIT;
		struct load_opts lo;
		size_t s, k;

		memset(&lo, 0, sizeof(lo));
		lo.path = g.gl_pathv[i];
		memset(&o, 0, sizeof(o));
		o.keys_path = keys;
		o.load = &lo;
		o.color = -1;
		if (ui_headless_run(&o, &res, &err) < 0) {
			/* a file the loader refuses is refused with a located error */
			cr_assert(err.msg[0] && err.path[0], "%s: no message", g.gl_pathv[i]);
			continue;
		}
		n++;
		for (s = 0; s < res.nsnaps; s++)
			for (k = 0; k < res.snaps[s].text.len; k++) {
				unsigned char c = (unsigned char)res.snaps[s].text.data[k];

				cr_assert(c >= 0x20 || c == '\n', "%s: byte 0x%02x on screen",
					  g.gl_pathv[i], c);
			}
		ui_run_result_release(&res);
	}
	globfree(&g);
	cr_assert_gt(n, 10, "most corpus plans load");
	CHECK_NO_LEAKS();
}
