/* test_graph_tf.c - Terraform edges, resolved from the configuration to
 * instance addresses (testdata/graph/tf). */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#include "test_graph_util.h"

#define MODULES TESTDATA("graph/tf/modules.json")

static const char *const modules_edges[] = {
	"aws_eip.old -> aws_vpc.main state depends_on (prior state)",
	"aws_eip_association.old -> aws_eip.old state depends_on (prior state)",
	"aws_eks_cluster.k8s -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"aws_iam_role.web -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"aws_iam_role_policy_attachment.attach -> aws_iam_role.web value role (weak)",
	"aws_iam_role_policy_attachment.attach -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"aws_instance.web[0] -> aws_iam_role.web depends_on depends_on",
	"aws_instance.web[0] -> module.net[\"a\"].aws_subnet.this[0] reference subnet_id via module.net[\"a\"].first_subnet",
	"aws_instance.web[0] -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"aws_instance.web[1] -> aws_iam_role.web depends_on depends_on",
	"aws_instance.web[1] -> module.net[\"a\"].aws_subnet.this[0] reference subnet_id via module.net[\"a\"].first_subnet",
	"aws_instance.web[1] -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"aws_lb.front -> module.net[\"b\"].aws_subnet.this[0] reference subnets via module.net[\"b\"].subnet_ids",
	"aws_lb.front -> module.net[\"b\"].aws_subnet.this[1] reference subnets via module.net[\"b\"].subnet_ids",
	"aws_lb.front -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"aws_route53_record.dns[\"x\"] -> aws_lb.front reference records[0].value",
	"aws_route53_record.dns[\"x\"] -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"aws_route53_record.dns[\"y\"] -> aws_lb.front reference records[0].value",
	"aws_route53_record.dns[\"y\"] -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"aws_sns_topic.alerts -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"aws_sns_topic_subscription.sub -> aws_sns_topic.alerts value topic_arn (weak)",
	"aws_sns_topic_subscription.sub -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"aws_vpc.main -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"data.aws_availability_zones.azs -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"kubernetes_namespace.app -> provider[\"registry.terraform.io/hashicorp/kubernetes\"] provider provider",
	"module.net[\"a\"].aws_subnet.this[0] -> aws_vpc.main reference vpc_id via module.net[\"a\"].var.vpc_id",
	"module.net[\"a\"].aws_subnet.this[0] -> data.aws_availability_zones.azs reference module.net.for_each",
	"module.net[\"a\"].aws_subnet.this[0] -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"module.net[\"a\"].aws_subnet.this[1] -> aws_vpc.main reference vpc_id via module.net[\"a\"].var.vpc_id",
	"module.net[\"a\"].aws_subnet.this[1] -> data.aws_availability_zones.azs reference module.net.for_each",
	"module.net[\"a\"].aws_subnet.this[1] -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"module.net[\"a\"].module.sg.aws_security_group.this -> aws_vpc.main reference vpc_id via module.net[\"a\"].module.sg.var.vpc_id > module.net[\"a\"].var.vpc_id",
	"module.net[\"a\"].module.sg.aws_security_group.this -> data.aws_availability_zones.azs reference module.net.for_each",
	"module.net[\"a\"].module.sg.aws_security_group.this -> module.net[\"a\"].aws_subnet.this[0] depends_on module.sg.depends_on",
	"module.net[\"a\"].module.sg.aws_security_group.this -> module.net[\"a\"].aws_subnet.this[1] depends_on module.sg.depends_on",
	"module.net[\"a\"].module.sg.aws_security_group.this -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"module.net[\"b\"].aws_subnet.this[0] -> aws_vpc.main reference vpc_id via module.net[\"b\"].var.vpc_id",
	"module.net[\"b\"].aws_subnet.this[0] -> data.aws_availability_zones.azs reference module.net.for_each",
	"module.net[\"b\"].aws_subnet.this[0] -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"module.net[\"b\"].aws_subnet.this[1] -> aws_vpc.main reference vpc_id via module.net[\"b\"].var.vpc_id",
	"module.net[\"b\"].aws_subnet.this[1] -> data.aws_availability_zones.azs reference module.net.for_each",
	"module.net[\"b\"].aws_subnet.this[1] -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"module.net[\"b\"].module.sg.aws_security_group.this -> aws_vpc.main reference vpc_id via module.net[\"b\"].module.sg.var.vpc_id > module.net[\"b\"].var.vpc_id",
	"module.net[\"b\"].module.sg.aws_security_group.this -> data.aws_availability_zones.azs reference module.net.for_each",
	"module.net[\"b\"].module.sg.aws_security_group.this -> module.net[\"b\"].aws_subnet.this[0] depends_on module.sg.depends_on",
	"module.net[\"b\"].module.sg.aws_security_group.this -> module.net[\"b\"].aws_subnet.this[1] depends_on module.sg.depends_on",
	"module.net[\"b\"].module.sg.aws_security_group.this -> provider[\"registry.terraform.io/hashicorp/aws\"] provider provider",
	"provider[\"registry.terraform.io/hashicorp/kubernetes\"] -> aws_eks_cluster.k8s reference host",
	NULL,
};

Test(graph_tf, resolves_modules_count_and_for_each_to_instances)
{
	struct plan *plan = tg_load(MODULES);
	struct graph *g = tg_graph(plan);

	cr_assert_eq(graph_node_count(g), 23);
	TG_ASSERT_LINES(tg_edges(g), modules_edges);
	/* both security groups' description = local.description */
	cr_assert_eq(graph_lost_local_count(g), 2);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_tf, keyed_reference_names_one_instance_of_one_module_instance)
{
	struct plan *plan = tg_load(MODULES);
	struct graph *g = tg_graph(plan);

	/* subnet_id = module.net["a"].first_subnet, whose expression is
	 * aws_subnet.this[0].id: one subnet of one module instance */
	TG_ASSERT_TEXT(tg_edges_from(g, "aws_instance.web[1]"),
		       "aws_instance.web[1] -> aws_iam_role.web depends_on depends_on\n"
		       "aws_instance.web[1] -> module.net[\"a\"].aws_subnet.this[0] reference "
		       "subnet_id via module.net[\"a\"].first_subnet\n"
		       "aws_instance.web[1] -> provider[\"registry.terraform.io/hashicorp/aws\"] "
		       "provider provider\n");
	/* subnets = module.net["b"].subnet_ids (aws_subnet.this): both */
	TG_ASSERT_TEXT(tg_edges_from(g, "aws_lb.front"),
		       "aws_lb.front -> module.net[\"b\"].aws_subnet.this[0] reference subnets "
		       "via module.net[\"b\"].subnet_ids\n"
		       "aws_lb.front -> module.net[\"b\"].aws_subnet.this[1] reference subnets "
		       "via module.net[\"b\"].subnet_ids\n"
		       "aws_lb.front -> provider[\"registry.terraform.io/hashicorp/aws\"] "
		       "provider provider\n");
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_tf, reference_is_the_only_link_when_the_value_is_unknown_until_apply)
{
	struct plan *plan = tg_load(MODULES);
	struct graph *g = tg_graph(plan);
	long lb = graph_find_node(g, "aws_lb.front");
	long x = graph_find_node(g, "aws_route53_record.dns[\"x\"]");
	const struct plan_change *cl = plan_change_at(plan, (size_t)lb);
	const struct plan_change *cx = plan_change_at(plan, (size_t)x);
	struct graph_blast *b = NULL;
	struct error err = ERROR_INIT;
	const struct graph_dependent *d;
	size_t i, edges = 0;

	/* nothing in the values links them: the balancer's name is not known
	 * yet and neither are the records that will hold it */
	cr_assert_eq(value_get(&cl->after, "dns_name")->kind, VALUE_UNKNOWN);
	cr_assert_eq(value_get(&cl->after, "id")->kind, VALUE_UNKNOWN);
	cr_assert_eq(value_get(&cx->after, "records")->kind, VALUE_UNKNOWN);
	for (i = 0; i < graph_edge_count(g); i++) {
		const struct graph_edge *e = graph_edge_at(g, i);

		if (e->from == (uint32_t)x && e->to == (uint32_t)lb)
			edges++;
	}
	cr_assert_eq(edges, 1);
	cr_assert_not_null(graph_find_edge(g, (size_t)x, (size_t)lb, GRAPH_EDGE_REFERENCE));
	cr_assert_null(graph_find_edge(g, (size_t)x, (size_t)lb, GRAPH_EDGE_VALUE));

	cr_assert_eq(graph_blast(g, (size_t)lb, NULL, &b, &err), 0);
	cr_assert_eq(b->count, 2);
	d = graph_blast_find(b, (size_t)x);
	cr_assert_not_null(d);
	cr_assert_eq(d->dist, 1);
	cr_assert(d->changes);
	cr_assert_not(d->weak);
	cr_assert_eq(d->parent, GRAPH_ROOT);
	cr_assert_str_eq(graph_edge_at(g, d->edge)->attr, "records[0].value");
	/* a create weighs 1: 1 * (1 + 1/1 + 1/1) */
	cr_assert_float_eq(b->score, 3.0, 1e-9);
	graph_blast_free(&b);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

static const char *
dep_line(const struct graph *g, const struct graph_blast *b, const struct graph_dependent *d)
{
	static char line[512];
	const struct plan *plan = graph_plan(g);

	snprintf(line, sizeof(line), "%u %s <- %s%s%s", d->dist,
		 plan_change_at(plan, d->node)->address,
		 d->parent == GRAPH_ROOT ? plan_change_at(plan, b->root)->address
					 : plan_change_at(plan, b->deps[d->parent].node)->address,
		 d->changes ? " changes" : "", d->weak ? " weak" : "");
	return line;
}

Test(graph_tf, blast_of_a_vpc_reaches_every_instance_with_the_shortest_why)
{
	struct plan *plan = tg_load(MODULES);
	struct graph *g = tg_graph(plan);
	struct graph_blast *b = NULL;
	struct error err = ERROR_INIT;
	struct buf tree = BUF_INIT;
	uint32_t *nodes, *edges;
	size_t i, n;
	long x = graph_find_node(g, "aws_route53_record.dns[\"x\"]");

	cr_assert_eq(graph_blast(g, (size_t)graph_find_node(g, "aws_vpc.main"), NULL, &b, &err), 0);
	for (i = 0; i < b->count; i++) {
		buf_addstr(&tree, dep_line(g, b, &b->deps[b->tree[i]]));
		buf_addch(&tree, '\n');
	}
	cr_assert_str_eq(tree.data,
			 "1 aws_eip.old <- aws_vpc.main changes\n"
			 "2 aws_eip_association.old <- aws_eip.old changes\n"
			 "1 module.net[\"a\"].aws_subnet.this[0] <- aws_vpc.main\n"
			 "2 aws_instance.web[0] <- module.net[\"a\"].aws_subnet.this[0] changes\n"
			 "2 aws_instance.web[1] <- module.net[\"a\"].aws_subnet.this[0]\n"
			 "1 module.net[\"a\"].aws_subnet.this[1] <- aws_vpc.main\n"
			 "1 module.net[\"a\"].module.sg.aws_security_group.this <- aws_vpc.main\n"
			 "1 module.net[\"b\"].aws_subnet.this[0] <- aws_vpc.main\n"
			 "2 aws_lb.front <- module.net[\"b\"].aws_subnet.this[0] changes\n"
			 "3 aws_route53_record.dns[\"x\"] <- aws_lb.front changes\n"
			 "3 aws_route53_record.dns[\"y\"] <- aws_lb.front changes\n"
			 "1 module.net[\"b\"].aws_subnet.this[1] <- aws_vpc.main\n"
			 "1 module.net[\"b\"].module.sg.aws_security_group.this <- aws_vpc.main changes\n",
			 "%s", tree.data);
	cr_assert_eq(b->count, 13);
	cr_assert_eq(b->changing, 7);
	cr_assert_eq(b->weak, 0);
	cr_assert_eq(b->max_dist, 3);
	cr_assert_not(b->truncated);
	/* an update weighs 4: 4 * (1 + 7/1 + 4/2 + 2/3) */
	cr_assert_float_eq(b->score, 4.0 * (1 + 7 + 4.0 / 2 + 2.0 / 3), 1e-9);
	cr_assert_eq(graph_blast_path(g, b, (size_t)(graph_blast_find(b, (size_t)x) - b->deps),
				      &nodes, &edges, &n, &err),
		     0);
	cr_assert_eq(n, 4);
	cr_assert_str_eq(plan_change_at(plan, nodes[0])->address, "aws_route53_record.dns[\"x\"]");
	cr_assert_str_eq(plan_change_at(plan, nodes[1])->address, "aws_lb.front");
	cr_assert_str_eq(plan_change_at(plan, nodes[2])->address,
			 "module.net[\"b\"].aws_subnet.this[0]");
	cr_assert_str_eq(plan_change_at(plan, nodes[3])->address, "aws_vpc.main");
	cr_assert_str_eq(graph_edge_at(g, edges[1])->via, "module.net[\"b\"].subnet_ids");
	mem_free(nodes);
	mem_free(edges);
	buf_release(&tree);
	graph_blast_free(&b);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_tf, depth_limit_cuts_the_blast_and_says_so)
{
	struct plan *plan = tg_load(MODULES);
	struct graph *g = tg_graph(plan);
	struct graph_blast *b = NULL;
	struct error err = ERROR_INIT;
	struct graph_blast_opts o = { 1 };

	cr_assert_eq(graph_blast(g, (size_t)graph_find_node(g, "aws_vpc.main"), &o, &b, &err), 0);
	cr_assert_eq(b->count, 7);
	cr_assert_eq(b->max_dist, 1);
	cr_assert(b->truncated);
	graph_blast_free(&b);
	o.max_depth = 3;
	cr_assert_eq(graph_blast(g, (size_t)graph_find_node(g, "aws_vpc.main"), &o, &b, &err), 0);
	cr_assert_eq(b->count, 13);
	cr_assert_not(b->truncated);
	graph_blast_free(&b);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_tf, provider_configured_from_a_cluster_carries_its_blast)
{
	struct plan *plan = tg_load(MODULES);
	struct graph *g = tg_graph(plan);
	struct graph_blast *b = NULL;
	struct error err = ERROR_INIT;
	const struct graph_dependent *d;
	size_t count = 0;
	long eks = graph_find_node(g, "aws_eks_cluster.k8s");

	cr_assert_eq(graph_blast(g, (size_t)eks, NULL, &b, &err), 0);
	cr_assert_eq(b->count, 2);
	d = graph_blast_find(b, (size_t)graph_find_node(g, "kubernetes_namespace.app"));
	cr_assert_not_null(d);
	cr_assert_eq(d->dist, 2);
	cr_assert_eq(graph_edge_at(g, d->edge)->kind, GRAPH_EDGE_PROVIDER);
	cr_assert_str_eq(plan_change_at(plan, b->deps[d->parent].node)->address,
			 "provider[\"registry.terraform.io/hashicorp/kubernetes\"]");
	/* a replace weighs 10: 10 * (1 + 1 + 1/2) */
	cr_assert_float_eq(b->score, 25.0, 1e-9);
	cr_assert_eq(graph_count_dependents(g, (size_t)eks, &count, &err), 0);
	cr_assert_eq(count, 2);
	graph_blast_free(&b);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_tf, apply_order_destroys_dependents_first)
{
	struct plan *plan = tg_load(MODULES);
	struct graph *g = tg_graph(plan);
	struct graph_order *o = NULL;
	struct error err = ERROR_INIT;
	struct buf text = BUF_INIT;
	size_t i;

	cr_assert_eq(graph_apply_order(g, &o, &err), 0);
	for (i = 0; i < o->count; i++)
		buf_addf(&text, "%u %s\n", o->steps[i].step,
			 plan_change_at(plan, o->steps[i].node)->address);
	cr_assert_str_eq(text.data,
			 "1 aws_eip_association.old\n"
			 "1 aws_eks_cluster.k8s\n"
			 "1 aws_iam_role_policy_attachment.attach\n"
			 "1 aws_sns_topic_subscription.sub\n"
			 "1 aws_vpc.main\n"
			 "2 aws_eip.old\n"
			 "2 aws_instance.web[0]\n"
			 "2 aws_lb.front\n"
			 "2 module.net[\"b\"].module.sg.aws_security_group.this\n"
			 "3 aws_route53_record.dns[\"x\"]\n"
			 "3 aws_route53_record.dns[\"y\"]\n",
			 "%s", text.data);
	cr_assert_eq(o->nsteps, 3);
	cr_assert_eq(o->ncycles, 0);
	buf_release(&text);
	graph_order_free(&o);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_tf, provider_keys_of_every_terraform_version_and_providers_built_from_outputs)
{
	static const char *const want[] = {
		"aws_s3_bucket.replica -> provider[\"registry.terraform.io/hashicorp/aws\"].east "
		"provider provider",
		"aws_s3_bucket.root -> provider[\"registry.terraform.io/hashicorp/aws\"] provider "
		"provider",
		/* 0.14 wrote "db:aws" for the provider that provider_config keys
		 * "module.db:aws" */
		"module.db.aws_db_instance.main -> module.db.provider[\"registry.terraform.io/"
		"hashicorp/aws\"] provider provider",
		/* inherited from the root */
		"module.db.aws_db_subnet_group.g -> provider[\"registry.terraform.io/hashicorp/aws\"] "
		"provider provider",
		"module.db.aws_iam_role.r -> module.db.provider[\"registry.terraform.io/hashicorp/"
		"aws\"] provider provider",
		"module.db.module.inner.aws_db_parameter_group.p -> module.db.module.inner.provider["
		"\"registry.terraform.io/hashicorp/aws\"] provider provider",
		/* 0.12 keyed it "db:random" in both places */
		"module.db.random_password.pw -> db.provider[\"registry.terraform.io/hashicorp/"
		"random\"] provider provider",
		/* a provider assuming a role that a module creates */
		"provider[\"registry.terraform.io/hashicorp/aws\"].east -> module.db.aws_iam_role.r "
		"reference assume_role[0].role_arn via module.db.role_arn",
		NULL,
	};
	struct plan *plan = tg_load(TESTDATA("graph/tf/providers.json"));
	struct graph *g = tg_graph(plan);
	size_t n = 0;
	struct error err = ERROR_INIT;

	TG_ASSERT_LINES(tg_edges(g), want);
	/* replacing the role reaches the bucket through the provider */
	cr_assert_eq(graph_count_dependents(g, (size_t)graph_find_node(g, "module.db.aws_iam_role.r"),
					    &n, &err),
		     0);
	cr_assert_eq(n, 2);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_tf, hostile_configuration_terminates_with_sane_edges)
{
	static const char *const want[] = {
		/* module.a.x = [var.y, aws_thing.t.id] and var.y = module.a.x: the
		 * cycle is cut, the resource in it still found */
		"aws_thing.q -> aws_thing.k[\"a\\\"b.c[d]\"] depends_on depends_on",
		"aws_thing.q -> aws_thing.k[\"a\\\"b.c[d]\"] reference junk",
		"aws_thing.q -> aws_thing.r reference deep[0][0].x[0].y",
		/* "module.a." and "module.a[\"unterminated" are read as module.a */
		"aws_thing.q -> module.a.aws_thing.t reference junk via module.a",
		"aws_thing.q -> module.b[\"k\"].aws_thing.u depends_on depends_on via module.b",
		"aws_thing.r -> module.a.aws_thing.t reference v via module.a.x",
		NULL,
	};
	struct plan *plan = tg_load(TESTDATA("graph/tf/hostile.json"));
	struct graph *g = tg_graph(plan);
	struct graph_order *o = NULL;
	struct error err = ERROR_INIT;

	TG_ASSERT_LINES(tg_edges(g), want);
	/* addresses that are not Terraform addresses are nodes without edges */
	cr_assert_geq(graph_find_node(g, "weird address with spaces"), 0);
	cr_assert_eq(graph_out_degree(g, (size_t)graph_find_node(g, "module.a[\"k\".aws_thing.y")), 0);
	cr_assert_eq(graph_apply_order(g, &o, &err), 0);
	cr_assert_eq(o->ncycles, 0);
	cr_assert_eq(o->nsteps, 3);
	graph_order_free(&o);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* A plan whose only resource sits `depth` modules deep (module.m0.module.m1...),
 * each module call named with `width` letters; seconds to build its graph. */
static double
time_deep_address(int depth, int width)
{
	struct buf json = BUF_INIT, mod = BUF_INIT;
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct graph *g;
	struct error err = ERROR_INIT;
	struct timespec t0, t1;
	size_t start;
	unsigned skipped;
	int i;

	for (i = 0; i < depth; i++)
		buf_addf(&mod, "%smodule.m%0*d", i ? "." : "", width, i);
	buf_addf(&json,
		 "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"%s.aws_thing.x\","
		 "\"module_address\":\"%s\",\"mode\":\"managed\",\"type\":\"aws_thing\","
		 "\"name\":\"x\",\"change\":{\"actions\":[\"create\"],\"before\":null,"
		 "\"after\":{},\"after_unknown\":{},\"before_sensitive\":false,"
		 "\"after_sensitive\":{}}},{\"address\":\"aws_thing.y\",\"mode\":\"managed\","
		 "\"type\":\"aws_thing\",\"name\":\"y\",\"change\":{\"actions\":[\"delete\"],"
		 "\"before\":{},\"after\":null,\"after_unknown\":{},\"before_sensitive\":{},"
		 "\"after_sensitive\":false}}],\"prior_state\":{\"values\":{\"root_module\":{"
		 "\"resources\":[{\"address\":\"aws_thing.y\",\"mode\":\"managed\","
		 "\"type\":\"aws_thing\",\"name\":\"y\",\"values\":{},"
		 "\"depends_on\":[\"%s.aws_thing.x\"]}]}}}}",
		 mod.data, mod.data, mod.data);
	cr_assert_not(buf_failed(&json));
	cr_assert_eq(source_from_memory(&src, "deep.json", json.data, json.len, &err), 0);
	cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
	cr_assert_eq(plan_tf_load(&plan, src, start, skipped, &err), 0, "%s", err.msg);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	g = tg_graph(plan);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* the prior state's depends_on still reaches through every level */
	cr_assert_eq(graph_out_degree(g, (size_t)graph_find_node(g, "aws_thing.y")), 1);
	graph_free(&g);
	plan_free(&plan);
	buf_release(&json);
	buf_release(&mod);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

Test(graph_tf, module_nesting_costs_the_address_length_not_its_square)
{
	double small = time_deep_address(2500, 4), large = time_deep_address(10000, 5);

	/* Module instances were keyed by their whole path and each kept its
	 * static path whole: 10k levels took 2.7 s and 637 MB for a 258 KB
	 * plan.  Keyed by (parent, step), four times the depth costs about
	 * four times as much. */
	cr_assert_lt(large, 8 * small + 0.05, "2500 levels: %.3f s, 10000 levels: %.3f s", small,
		     large);
	CHECK_NO_LEAKS();
}

Test(graph_tf, long_module_paths_are_cut_in_labels_never_in_addresses)
{
	struct buf json = BUF_INIT, key = BUF_INIT, name = BUF_INIT, want = BUF_INIT;
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct graph *g;
	struct error err = ERROR_INIT;
	size_t start;
	unsigned skipped;

	/* module.c["a...a_\u00e9z...z"]: 319 bytes, the cut for the last
	 * 157 falls inside the \u00e9, so the label starts after it */
	buf_addchn(&key, 'a', 150);
	buf_addstr(&key, "_\xc3\xa9");
	buf_addchn(&key, 'z', 154);
	buf_addstr(&name, "a_long_variable_name_");
	buf_addchn(&name, 'q', 60);
	buf_addf(&json,
		 "{\"format_version\":\"1.2\",\"resource_changes\":["
		 "{\"address\":\"aws_thing.r\",\"mode\":\"managed\",\"type\":\"aws_thing\",\"name\":\"r\","
		 "\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":{},\"after_unknown\":{},"
		 "\"before_sensitive\":false,\"after_sensitive\":{}}},"
		 "{\"address\":\"module.c[\\\"%s\\\"].aws_thing.x\",\"module_address\":\"module.c[\\\"%s\\\"]\","
		 "\"mode\":\"managed\",\"type\":\"aws_thing\",\"name\":\"x\",\"change\":{\"actions\":[\"create\"],"
		 "\"before\":null,\"after\":{},\"after_unknown\":{},\"before_sensitive\":false,"
		 "\"after_sensitive\":{}}}],"
		 "\"configuration\":{\"root_module\":{\"resources\":[{\"address\":\"aws_thing.r\","
		 "\"mode\":\"managed\",\"type\":\"aws_thing\",\"name\":\"r\",\"expressions\":{}}],"
		 "\"module_calls\":{\"c\":{\"source\":\"./c\","
		 "\"expressions\":{\"%s\":{\"references\":[\"aws_thing.r.id\",\"aws_thing.r\"]}},"
		 "\"module\":{\"resources\":[{\"address\":\"aws_thing.x\",\"mode\":\"managed\","
		 "\"type\":\"aws_thing\",\"name\":\"x\",\"expressions\":{\"v\":{\"references\":"
		 "[\"var.%s\"]}}}]}}}}}}",
		 key.data, key.data, name.data, name.data);
	cr_assert_not(buf_failed(&json));
	cr_assert_eq(source_from_memory(&src, "long.json", json.data, json.len, &err), 0);
	cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
	cr_assert_eq(plan_tf_load(&plan, src, start, skipped, &err), 0, "%s", err.msg);
	g = tg_graph(plan);
	buf_addf(&want, "module.c[\"%s\"].aws_thing.x -> aws_thing.r reference v via ...", key.data);
	buf_addchn(&want, 'z', 154);
	buf_addstr(&want, "\"].var.a_long_variable_name_");
	buf_addchn(&want, 'q', 40);
	buf_addstr(&want, "...\n");
	TG_ASSERT_TEXT(tg_edges(g), want.data);
	graph_free(&g);
	plan_free(&plan);
	buf_release(&json);
	buf_release(&key);
	buf_release(&name);
	buf_release(&want);
	CHECK_NO_LEAKS();
}
