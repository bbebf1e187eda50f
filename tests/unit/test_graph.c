/* test_graph.c - the graph itself: walks, scores, ranking, apply order,
 * and a 100k-long chain (no recursion anywhere). */
#include "check.h"

#include <stdio.h>
#include <time.h>

#include "test_graph_util.h"

static struct plan *
empty_plan(void)
{
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(plan_new(&plan, PLAN_SOURCE_TERRAFORM, NULL, &err), 0);
	cr_assert_eq(plan_finish(plan, &err), 0);
	return plan;
}

Test(graph, empty_plan_has_an_empty_graph_and_no_blast)
{
	struct plan *plan = empty_plan();
	struct graph *g = tg_graph(plan);
	struct graph_blast *b = NULL;
	struct graph_order *o = NULL;
	struct graph_summary s;
	struct graph_rank_entry *r = NULL;
	struct error err = ERROR_INIT;
	size_t n = 1;

	cr_assert_eq(graph_node_count(g), 0);
	cr_assert_eq(graph_edge_count(g), 0);
	cr_assert_null(graph_edge_at(g, 0));
	cr_assert_eq(graph_out_degree(g, 0), 0);
	cr_assert_null(graph_in_edge(g, 5, 0));
	cr_assert_eq(graph_find_node(g, ""), -1);
	cr_assert_eq(graph_blast(g, 0, NULL, &b, &err), -1);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	cr_assert_null(b);
	cr_assert_eq(graph_apply_order(g, &o, &err), 0);
	cr_assert_eq(o->count, 0);
	cr_assert_eq(o->nsteps, 0);
	graph_order_free(&o);
	graph_order_free(&o);
	cr_assert_eq(graph_summarize(g, &s, &err), 0);
	cr_assert_float_eq(s.score, 0.0, 1e-12);
	cr_assert_eq(graph_rank(g, 10, &r, &n, &err), 0);
	cr_assert_eq(n, 0);
	mem_free(r);
	graph_free(&g);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph, edge_kinds_round_trip_through_their_keys)
{
	int k;

	for (k = 0; k < GRAPH_EDGE_KIND_COUNT; k++)
		cr_assert_eq(graph_edge_kind_parse(graph_edge_kind_key((enum graph_edge_kind)k)), k);
	cr_assert_eq(graph_edge_kind_parse("nonsense"), -1);
	cr_assert_str_eq(graph_edge_kind_key(GRAPH_EDGE_KIND_COUNT), "?");
	CHECK_NO_LEAKS();
}

Test(graph, a_strong_path_wins_over_a_shorter_weak_one)
{
	struct plan *plan = tg_load(TESTDATA("graph/tf/weak.json"));
	struct graph *g = tg_graph(plan);
	struct graph_blast *b = NULL;
	struct error err = ERROR_INIT;
	struct buf text = BUF_INIT;
	size_t i;

	cr_assert_eq(graph_blast(g, (size_t)graph_find_node(g, "aws_vpc.r"), NULL, &b, &err), 0);
	/* deps[] are by strength, then distance */
	for (i = 0; i < b->count; i++)
		buf_addf(&text, "%s %u%s\n", plan_change_at(plan, b->deps[i].node)->address,
			 b->deps[i].dist, b->deps[i].weak ? " weak" : "");
	cr_assert_str_eq(text.data,
			 "aws_subnet.a 1\n"
			 "aws_route_table.b 2\n"
			 "aws_instance.x 3\n"
			 "aws_flow_log.w 1 weak\n"
			 "aws_thing.v 2 weak\n",
			 "%s", text.data);
	cr_assert_eq(b->weak, 2);
	/* the weak edge to aws_instance.x exists but was not the way */
	cr_assert_not_null(graph_find_edge(g, (size_t)graph_find_node(g, "aws_instance.x"),
					   (size_t)graph_find_node(g, "aws_vpc.r"), GRAPH_EDGE_VALUE));
	/* 4 * (1 + 1 + 1/2 + 1/3 + 0.5/1 + 0.5/2) */
	cr_assert_float_eq(b->score, 4 * (1 + 1 + 0.5 + 1.0 / 3 + 0.5 + 0.25), 1e-9);
	buf_release(&text);
	graph_blast_free(&b);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph, weak_edges_need_a_unique_long_enough_id)
{
	struct plan *plan = tg_load(TESTDATA("graph/tf/weak.json"));
	struct graph *g = tg_graph(plan);

	/* aws_flow_log.w also holds "vpc-1", too short to be taken for an id */
	TG_ASSERT_TEXT(tg_edges_from(g, "aws_flow_log.w"),
		       "aws_flow_log.w -> aws_vpc.r value vpc[0] (weak)\n");
	TG_ASSERT_TEXT(tg_edges_from(g, "aws_instance.x"),
		       "aws_instance.x -> aws_vpc.r value tags.note (weak)\n"
		       "aws_instance.x -> aws_route_table.b reference route_table\n");
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph, change_set_score_and_ranking)
{
	struct plan *plan = tg_pulumi(TESTDATA("graph/pulumi/stack.json"));
	struct graph *g = tg_graph(plan);
	struct graph_summary s;
	struct graph_rank_entry *r = NULL;
	struct error err = ERROR_INIT;
	size_t n = 0;

	cr_assert_eq(graph_summarize(g, &s, &err), 0);
	/* weights 10 + 4 + 1 + 4; reached: assets-policy 10/1, cdn 10/1,
	 * www 10/2 (through the replaced bucket, more than 4/2) */
	cr_assert_float_eq(s.score, 19 + 10 + 10 + 5, 1e-9);
	cr_assert_eq(s.actionable, 4);
	cr_assert_eq(s.affected, 1);
	cr_assert_eq(s.edges, 13);
	cr_assert_eq(s.weak_edges, 0);
	cr_assert_eq(s.cycles, 0);
	cr_assert_eq(graph_rank(g, 3, &r, &n, &err), 0);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(plan_change_at(plan, r[0].node)->address,
			 "my:web:Site$aws:s3/bucket:Bucket::assets");
	cr_assert_float_eq(r[0].score, 35.0, 1e-9);
	cr_assert_eq(r[0].dependents, 3);
	cr_assert_eq(r[0].changing, 2);
	cr_assert_not(r[0].estimated);
	cr_assert_str_eq(plan_change_at(plan, r[1].node)->address,
			 "my:web:Site$aws:s3/bucketPolicy:BucketPolicy::assets-policy");
	cr_assert_float_eq(r[1].score, 4 * (1 + 1 + 0.5), 1e-9);
	cr_assert_str_eq(plan_change_at(plan, r[2].node)->address, "aws:sns/topic:Topic::alerts");
	cr_assert_float_eq(r[2].score, 4.0, 1e-9);
	mem_free(r);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph, apply_order_reports_a_cycle_instead_of_looping)
{
	struct plan *plan = tg_pulumi(TESTDATA("graph/pulumi/cycle.json"));
	struct graph *g = tg_graph(plan);
	struct graph_order *o = NULL;
	struct graph_blast *b = NULL;
	struct error err = ERROR_INIT;
	struct buf text = BUF_INIT;
	const struct graph_cycle *cy;
	size_t i;

	/* f depends on itself: a self-loop is no edge */
	cr_assert_eq(graph_edge_count(g), 4);
	cr_assert_eq(graph_apply_order(g, &o, &err), 0);
	for (i = 0; i < o->count; i++)
		buf_addf(&text, "%u %s %u\n", o->steps[i].step,
			 plan_change_at(plan, o->steps[i].node)->name, o->steps[i].cycle);
	cr_assert_str_eq(text.data, "1 a 1\n1 b 1\n1 c 1\n1 e 0\n1 f 0\n2 d 0\n", "%s", text.data);
	cr_assert_eq(o->nsteps, 2);
	cr_assert_eq(o->ncycles, 1);
	cy = &o->cycles[0];
	cr_assert_eq(cy->len, 3);
	/* a -> b -> c -> a: b depends on a, c on b, a on c */
	cr_assert_str_eq(plan_change_at(plan, cy->nodes[0])->name, "a");
	cr_assert_str_eq(plan_change_at(plan, cy->nodes[1])->name, "b");
	cr_assert_str_eq(plan_change_at(plan, cy->nodes[2])->name, "c");
	cr_assert_str_eq(plan_change_at(plan, graph_edge_at(g, cy->edges[0])->from)->name, "b");
	cr_assert_str_eq(plan_change_at(plan, graph_edge_at(g, cy->edges[2])->from)->name, "a");
	cr_assert_str_eq(plan_change_at(plan, graph_edge_at(g, cy->edges[2])->to)->name, "c");
	/* a blast around the cycle stops where it started */
	cr_assert_eq(graph_blast(g, 0, NULL, &b, &err), 0);
	cr_assert_eq(b->count, 3);
	cr_assert_eq(b->max_dist, 3);
	graph_blast_free(&b);
	buf_release(&text);
	graph_order_free(&o);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- a 100k-long chain ---- */

#define CHAIN 100000

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* null_resource.n<i> refers to n<i-1>; all are updated. */
static void
write_chain(const char *path)
{
	FILE *f = fopen(path, "w");
	size_t i;

	cr_assert_not_null(f, "cannot write %s", path);
	fputs("{\"format_version\":\"1.2\",\"resource_changes\":[", f);
	for (i = 0; i < CHAIN; i++)
		fprintf(f,
			"%s{\"address\":\"null_resource.n%zu\",\"mode\":\"managed\",\"type\":"
			"\"null_resource\",\"name\":\"n%zu\",\"provider_name\":"
			"\"registry.terraform.io/hashicorp/null\",\"change\":{\"actions\":[\"update\"],"
			"\"before\":{\"id\":\"%zu\"},\"after\":{\"id\":\"%zu\"},\"after_unknown\":{}}}",
			i ? "," : "", i, i, i, i);
	fputs("],\"configuration\":{\"root_module\":{\"resources\":[", f);
	for (i = 0; i < CHAIN; i++) {
		fprintf(f,
			"%s{\"address\":\"null_resource.n%zu\",\"mode\":\"managed\",\"type\":"
			"\"null_resource\",\"name\":\"n%zu\",\"provider_config_key\":\"null\"",
			i ? "," : "", i, i);
		if (i)
			fprintf(f,
				",\"expressions\":{\"triggers\":{\"references\":[\"null_resource.n%zu.id\","
				"\"null_resource.n%zu\"]}}",
				i - 1, i - 1);
		fputs("}", f);
	}
	fputs("]}}}\n", f);
	cr_assert_eq(fclose(f), 0);
}

Test(graph, hundred_thousand_long_chain, .timeout = 120)
{
	char path[512];
	const char *dir = getenv("SIGNOFF_BUILD");
	struct plan *plan;
	struct graph *g = NULL;
	struct graph_blast *b = NULL;
	struct graph_order *o = NULL;
	struct graph_rank_entry *r = NULL;
	struct graph_summary s;
	struct error err = ERROR_INIT;
	size_t n = 0, i, estimated = 0;
	double t0, t_build, h = 0;

	snprintf(path, sizeof(path), "%s/graph-chain-100k.json", dir ? dir : "build/debug");
	write_chain(path);
	plan = tg_load(path);
	t0 = seconds();
	cr_assert_eq(graph_build(&g, plan, &err), 0, "%s", err.msg);
	t_build = seconds() - t0;
	cr_assert_eq(graph_edge_count(g), CHAIN - 1);
	/* linear: well under a second in a debug build, a few under ASan */
	cr_assert_lt(t_build, 5.0, "graph_build took %.2f s", t_build);

	cr_assert_eq(graph_blast(g, (size_t)graph_find_node(g, "null_resource.n0"), NULL, &b, &err), 0);
	cr_assert_eq(b->count, CHAIN - 1);
	cr_assert_eq(b->max_dist, CHAIN - 1);
	cr_assert_eq(b->deps[b->tree[CHAIN - 2]].dist, CHAIN - 1);
	cr_assert_str_eq(plan_change_at(plan, b->deps[b->tree[CHAIN - 2]].node)->address,
			 "null_resource.n99999");
	for (i = 1; i < CHAIN; i++)
		h += 1.0 / (double)i;
	cr_assert_float_eq(b->score, 4 * (1 + h), 1e-6);
	graph_blast_free(&b);

	cr_assert_eq(graph_count_dependents(g, 50000, &n, &err), 0);
	cr_assert_eq(n, CHAIN - 1 - 50000);

	cr_assert_eq(graph_apply_order(g, &o, &err), 0);
	cr_assert_eq(o->count, CHAIN);
	cr_assert_eq(o->nsteps, CHAIN);
	cr_assert_eq(o->ncycles, 0);
	cr_assert_str_eq(plan_change_at(plan, o->steps[CHAIN - 1].node)->address,
			 "null_resource.n99999");
	graph_order_free(&o);

	/* every change is a source at distance 0: nothing else is reached */
	cr_assert_eq(graph_summarize(g, &s, &err), 0);
	cr_assert_float_eq(s.score, 4.0 * CHAIN, 1e-6);
	cr_assert_eq(s.affected, 0);

	/* exact blasts until the budget is spent, then direct dependents */
	t0 = seconds();
	cr_assert_eq(graph_rank(g, 0, &r, &n, &err), 0);
	cr_assert_lt(seconds() - t0, 5.0);
	cr_assert_eq(n, CHAIN);
	cr_assert_str_eq(plan_change_at(plan, r[0].node)->address, "null_resource.n0");
	cr_assert_not(r[0].estimated);
	cr_assert_eq(r[0].dependents, CHAIN - 1);
	cr_assert_float_eq(r[0].score, 4 * (1 + h), 1e-6);
	for (i = 0; i < n; i++)
		estimated += r[i].estimated;
	cr_assert_gt(estimated, CHAIN - 100);
	mem_free(r);
	graph_free(&g);
	plan_free(&plan);
	remove(path);
	CHECK_NO_LEAKS();
}

/* ---- out of memory: every allocation failing in turn ---- */

/* Builds and uses the graph with the n-th allocation (and all after it)
 * failing: each step either works or says ERROR_NOMEM and leaves its
 * result NULL.  Returns true once a whole run needed no failure. */
static bool
faulty_run(const struct plan *plan, const char *root, unsigned long n)
{
	struct graph *g = NULL;
	struct graph_blast *b = NULL;
	struct graph_order *o = NULL;
	struct graph_rank_entry *r = NULL;
	struct graph_summary s;
	struct error err = ERROR_INIT;
	uint32_t *nodes = NULL, *edges = NULL;
	size_t count, len;
	int fails = 0;

	mem_fail_after(n);
	if (graph_build(&g, plan, &err) < 0) {
		mem_fail_after(0);
		cr_assert_eq(err.code, ERROR_NOMEM, "step %lu: %s", n, err.msg);
		cr_assert_null(g);
		mem_failures();
		return false;
	}
#define STEP(call, out)                                                              \
	do {                                                                         \
		error_release(&err);                                                 \
		if ((call) < 0) {                                                    \
			cr_assert_eq(err.code, ERROR_NOMEM, "step %lu: %s", n, err.msg); \
			cr_assert_null(out);                                         \
			fails++;                                                     \
		}                                                                    \
	} while (0)
	STEP(graph_blast(g, (size_t)graph_find_node(g, root), NULL, &b, &err), b);
	if (b && b->count)
		STEP(graph_blast_path(g, b, b->count - 1, &nodes, &edges, &len, &err), nodes);
	STEP(graph_apply_order(g, &o, &err), o);
	STEP(graph_rank(g, 5, &r, &len, &err), r);
	error_release(&err);
	if (graph_count_dependents(g, 0, &count, &err) < 0) {
		cr_assert_eq(err.code, ERROR_NOMEM);
		fails++;
	}
	error_release(&err);
	if (graph_summarize(g, &s, &err) < 0) {
		cr_assert_eq(err.code, ERROR_NOMEM);
		fails++;
	}
#undef STEP
	mem_fail_after(0);
	mem_free(nodes);
	mem_free(edges);
	mem_free(r);
	graph_order_free(&o);
	graph_blast_free(&b);
	graph_free(&g);
	return fails == 0 && mem_failures() == 0;
}

/* The number of runs until one needed no failure (each run before it
 * failed at a different allocation). */
static unsigned long
fault_loop(const struct plan *plan, const char *root)
{
	unsigned long n;

	for (n = 1; n < 1000000; n++)
		if (faulty_run(plan, root, n))
			return n;
	cr_assert_fail("never ran without a failure");
	return 0;
}

Test(graph, out_of_memory_anywhere_is_reported_and_leaks_nothing, .timeout = 300)
{
	struct plan *tf = tg_load(TESTDATA("graph/tf/modules.json"));
	struct plan *pu = tg_pulumi(TESTDATA("graph/pulumi/stack.json"));
	struct plan *k8s = tg_manifests(TESTDATA("graph/k8s/app.json"));
	struct plan *xp = tg_manifests(TESTDATA("graph/k8s/crossplane.json"));

	cr_assert_gt(fault_loop(tf, "aws_vpc.main"), 50);
	cr_assert_gt(fault_loop(pu, "my:web:Site$aws:s3/bucket:Bucket::assets"), 50);
	cr_assert_gt(fault_loop(k8s, "ConfigMap/shop/web-config"), 50);
	cr_assert_gt(fault_loop(xp, "apiextensions.crossplane.io/Composition/network-basic"), 50);
	plan_free(&tf);
	plan_free(&pu);
	plan_free(&k8s);
	plan_free(&xp);
	CHECK_NO_LEAKS();
}

/* `services` Services and `deployments` Deployments in one namespace, every
 * selector picking every pod: services x deployments selector edges. */
static struct plan *
selecting_all(size_t services, size_t deployments)
{
	struct buf y = BUF_INIT;
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct load_opts o;
	struct error err = ERROR_INIT;
	size_t i;

	for (i = 0; i < services; i++)
		buf_addf(&y, "---\napiVersion: v1\nkind: Service\nmetadata: {name: s%zu, namespace: ns}\n"
			     "spec:\n  selector: {app: x}\n",
			 i);
	for (i = 0; i < deployments; i++)
		buf_addf(&y, "---\napiVersion: apps/v1\nkind: Deployment\n"
			     "metadata: {name: d%zu, namespace: ns}\nspec:\n"
			     "  selector: {matchLabels: {app: x}}\n"
			     "  template: {metadata: {labels: {app: x}}}\n",
			 i);
	cr_assert_not(buf_failed(&y));
	memset(&o, 0, sizeof(o));
	o.path = "all.yaml";
	cr_assert_eq(source_from_memory(&src, "all.yaml", y.data, y.len, &err), 0);
	cr_assert_eq(plan_manifest_load(&plan, &o, src, &err), 0, "%s", err.msg);
	buf_release(&y);
	return plan;
}

Test(graph, edges_that_outnumber_the_plan_stop_at_a_budget_and_say_so, .timeout = 120)
{
	struct plan *small = selecting_all(10, 20), *big = selecting_all(1200, 1000);
	struct graph *g = tg_graph(small);
	struct graph_blast *b = NULL;
	struct error err = ERROR_INIT;

	/* a plan within the budget keeps every edge */
	cr_assert_eq(graph_edge_count(g), 200);
	cr_assert_eq(graph_dropped_edge_count(g), 0);
	graph_free(&g);
	/* 1.2M selector edges for 2200 objects: the first 1M (2^20) are kept */
	g = tg_graph(big);
	cr_assert_eq(graph_edge_count(g), GRAPH_MIN_EDGES);
	cr_assert_gt(graph_dropped_edge_count(g), 0);
	/* the blast of a pod still works on what was kept */
	cr_assert_eq(graph_blast(g, (size_t)graph_find_node(g, "apps/Deployment/ns/d0"), NULL, &b,
				 &err),
		     0, "%s", err.msg);
	cr_assert_gt(b->count, 0);
	graph_blast_free(&b);
	graph_free(&g);
	plan_free(&small);
	plan_free(&big);
	CHECK_NO_LEAKS();
}
