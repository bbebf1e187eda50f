/* test_graph_pulumi.c - Pulumi edges from the engine's own facts
 * (testdata/graph/pulumi, built into the model as doc/model.md says). */
#include "check.h"

#include "test_graph_util.h"

#define STACK TESTDATA("graph/pulumi/stack.json")

static const char *const stack_edges[] = {
	"aws:route53/record:Record::www -> my:web:Site$aws:cloudfront/distribution:"
	"Distribution::cdn property aliases",
	"aws:route53/record:Record::www -> pulumi:providers:aws::default_6_0_0 provider provider",
	"aws:route53/record:Record::www -> pulumi:pulumi:Stack::shop-dev parent parent",
	"my:web:Site$aws:cloudfront/distribution:Distribution::cdn -> "
	"my:web:Site$aws:s3/bucket:Bucket::assets property origins",
	"my:web:Site$aws:cloudfront/distribution:Distribution::cdn -> "
	"my:web:Site$aws:s3/bucketPolicy:BucketPolicy::assets-policy dependency dependencies",
	"my:web:Site$aws:cloudfront/distribution:Distribution::cdn -> my:web:Site::site parent "
	"parent",
	"my:web:Site$aws:s3/bucket:Bucket::assets -> my:web:Site::site parent parent",
	"my:web:Site$aws:s3/bucket:Bucket::assets -> pulumi:providers:aws::default_6_0_0 provider "
	"provider",
	"my:web:Site$aws:s3/bucketPolicy:BucketPolicy::assets-policy -> "
	"my:web:Site$aws:s3/bucket:Bucket::assets property bucket",
	"my:web:Site$aws:s3/bucketPolicy:BucketPolicy::assets-policy -> my:web:Site::site parent "
	"parent",
	"my:web:Site$aws:s3/bucketPolicy:BucketPolicy::assets-policy -> "
	"pulumi:providers:aws::default_6_0_0 provider provider",
	"my:web:Site::site -> pulumi:pulumi:Stack::shop-dev parent parent",
	"pulumi:providers:aws::default_6_0_0 -> pulumi:pulumi:Stack::shop-dev parent parent",
	NULL,
};

Test(graph_pulumi, property_dependencies_dependencies_parent_and_provider)
{
	struct plan *plan = tg_pulumi(STACK);
	struct graph *g = tg_graph(plan);

	cr_assert_eq(graph_node_count(g), 8);
	TG_ASSERT_LINES(tg_edges(g), stack_edges);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_pulumi, urns_outside_the_preview_link_nothing)
{
	struct plan *plan = tg_pulumi(STACK);
	struct graph *g = tg_graph(plan);
	long topic = graph_find_node(g, "aws:sns/topic:Topic::alerts");

	/* its provider "eu" is not in the preview; www's certificate is gone */
	cr_assert_geq(topic, 0);
	cr_assert_eq(graph_out_degree(g, (size_t)topic), 0);
	cr_assert_eq(graph_in_degree(g, (size_t)topic), 0);
	cr_assert_eq(graph_out_degree(g, (size_t)graph_find_node(g, "aws:route53/record:Record::www")),
		     3);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_pulumi, urn_names_the_node_as_well_as_the_address)
{
	struct plan *plan = tg_pulumi(STACK);
	struct graph *g = tg_graph(plan);

	cr_assert_eq(graph_find_node(g, "urn:pulumi:dev::shop::my:web:Site$aws:s3/bucket:Bucket::assets"),
		     graph_find_node(g, "my:web:Site$aws:s3/bucket:Bucket::assets"));
	cr_assert_eq(graph_find_node(g, "urn:pulumi:dev::shop::nothing::here"), -1);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_pulumi, replacing_a_bucket_reaches_what_takes_its_outputs)
{
	struct plan *plan = tg_pulumi(STACK);
	struct graph *g = tg_graph(plan);
	struct graph_blast *b = NULL;
	struct error err = ERROR_INIT;
	const struct graph_dependent *www;

	cr_assert_eq(graph_blast(g, (size_t)graph_find_node(g, "my:web:Site$aws:s3/bucket:Bucket::assets"),
				 NULL, &b, &err),
		     0);
	cr_assert_eq(b->count, 3);
	cr_assert_eq(b->changing, 2);
	www = graph_blast_find(b, (size_t)graph_find_node(g, "aws:route53/record:Record::www"));
	cr_assert_not_null(www);
	cr_assert_eq(www->dist, 2);
	cr_assert_str_eq(graph_edge_at(g, www->edge)->attr, "aliases");
	cr_assert_str_eq(plan_change_at(plan, b->deps[www->parent].node)->address,
			 "my:web:Site$aws:cloudfront/distribution:Distribution::cdn");
	/* a replace weighs 10: 10 * (1 + 1 + 1 + 1/2) */
	cr_assert_float_eq(b->score, 35.0, 1e-9);
	graph_blast_free(&b);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_pulumi, a_provider_reaches_every_resource_it_manages)
{
	struct plan *plan = tg_pulumi(STACK);
	struct graph *g = tg_graph(plan);
	size_t n = 0;
	struct error err = ERROR_INIT;

	cr_assert_eq(graph_count_dependents(g, (size_t)graph_find_node(g, "pulumi:providers:aws::default_6_0_0"),
					    &n, &err),
		     0);
	cr_assert_eq(n, 4); /* assets, assets-policy, www; cdn through them */
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_pulumi, old_urns_of_renamed_resources_and_deleted_with)
{
	static const char *const want[] = {
		"aws:ec2/instance:Instance::web -> aws:ec2/securityGroup:SecurityGroup::sg "
		"dependency dependencies",
		"aws:ec2/instance:Instance::web -> aws:ec2/subnet:Subnet::a dependency dependencies",
		/* named by its old URN: the same node */
		"aws:ec2/securityGroup:SecurityGroup::sg -> aws:ec2/vpc:Vpc::main-v2 property vpcId",
		"aws:ec2/subnet:Subnet::a -> aws:ec2/vpc:Vpc::main-v2 dependency deletedWith",
		NULL,
	};
	struct plan *plan = tg_pulumi(TESTDATA("graph/pulumi/rename.json"));
	struct graph *g = tg_graph(plan);

	TG_ASSERT_LINES(tg_edges(g), want);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}
