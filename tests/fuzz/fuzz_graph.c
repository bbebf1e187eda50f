/* fuzz_graph.c - any bytes through detection and the loaders, then the
 * dependency graph: edges for each source kind, the change set's summary
 * and ranking, the apply order, and the blast radius (with its paths) of
 * the first few changes. */
#include "graph.h"
#include "load.h"
#include "mem.h"
#include "plan.h"
#include "targets.h"

static void
explore(const struct plan *plan)
{
	struct graph *g = NULL;
	struct graph_summary sum;
	struct graph_rank_entry *rank = NULL;
	struct graph_order *order = NULL;
	size_t i, n;

	if (graph_build(&g, plan, NULL) < 0)
		return;
	graph_summarize(g, &sum, NULL);
	if (graph_rank(g, 5, &rank, &n, NULL) == 0)
		mem_free(rank);
	if (graph_apply_order(g, &order, NULL) == 0)
		graph_order_free(&order);
	for (i = 0; i < graph_node_count(g) && i < 4; i++) {
		struct graph_blast *b = NULL;
		struct graph_blast_opts o = { (uint32_t)i };
		size_t count;

		graph_count_dependents(g, i, &count, NULL);
		if (graph_blast(g, i, &o, &b, NULL) == 0) {
			if (b->count) {
				uint32_t *nodes = NULL, *edges = NULL;
				size_t len;

				if (graph_blast_path(g, b, b->count - 1, &nodes, &edges, &len, NULL) ==
				    0) {
					mem_free(nodes);
					mem_free(edges);
				}
			}
			graph_blast_free(&b);
		}
	}
	graph_free(&g);
}

int
fuzz_graph(const uint8_t *data, size_t size)
{
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct load_opts opts = { 0 };
	size_t start;
	unsigned skipped;
	int rc = -1;
	enum load_format f;

	opts.path = "fuzz";
	if (source_from_memory(&src, "fuzz", data, size, NULL) < 0)
		return 0;
	f = load_detect(src, &start, &skipped);
	switch (f) {
	case LOAD_FORMAT_TERRAFORM:
	case LOAD_FORMAT_TERRAFORM_REDACTED:
		rc = plan_tf_load(&plan, src, start, skipped, NULL);
		break;
	case LOAD_FORMAT_PULUMI_PREVIEW:
	case LOAD_FORMAT_PULUMI_EVENTS:
	case LOAD_FORMAT_PULUMI_PLAN:
	case LOAD_FORMAT_PULUMI_EXPORT:
	case LOAD_FORMAT_PULUMI_SUMMARY:
		rc = plan_pulumi_load(&plan, src, f, start, skipped, NULL, NULL);
		break;
	default:
		rc = plan_manifest_load(&plan, &opts, src, NULL);
		break;
	}
	if (rc == 0) {
		explore(plan);
		plan_free(&plan);
	}
	return 0;
}

FUZZ_ENTRY(graph)
