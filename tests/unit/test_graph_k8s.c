/* test_graph_k8s.c - Kubernetes and Crossplane edges (testdata/graph/k8s,
 * built into the model as doc/model.md says). */
#include "check.h"

#include "test_graph_util.h"

#define APP TESTDATA("graph/k8s/app.json")
#define CROSSPLANE TESTDATA("graph/k8s/crossplane.json")

static const char *const app_edges[] = {
	"ConfigMap/shop/web-config -> Namespace/shop namespace metadata.namespace",
	"PersistentVolumeClaim/shop/web-cache -> Namespace/shop namespace metadata.namespace",
	"Pod/shop/web-7d9f-abcde -> Namespace/shop namespace metadata.namespace",
	"Pod/shop/web-7d9f-abcde -> ServiceAccount/shop/web uses spec.serviceAccountName",
	"Pod/shop/web-7d9f-abcde -> apps/ReplicaSet/shop/web-7d9f owner metadata.ownerReferences[0]",
	"Pod/shop/web-7d9f-abcde -> networking.k8s.io/NetworkPolicy/shop/default-deny selector spec.podSelector (on target)",
	"Pod/shop/web-7d9f-abcde -> networking.k8s.io/NetworkPolicy/shop/web-ingress selector spec.podSelector (on target)",
	"Secret/shop/db-creds -> Namespace/shop namespace metadata.namespace",
	"Secret/shop/regcred -> Namespace/shop namespace metadata.namespace",
	"Secret/shop/web-tls -> Namespace/shop namespace metadata.namespace",
	"Service/shop/db -> Namespace/shop namespace metadata.namespace",
	"Service/shop/db -> apps/StatefulSet/shop/db selector spec.selector",
	"Service/shop/external -> Namespace/shop namespace metadata.namespace",
	"Service/shop/web -> Namespace/shop namespace metadata.namespace",
	"Service/shop/web -> Pod/shop/web-7d9f-abcde selector spec.selector",
	"Service/shop/web -> apps/Deployment/shop/web selector spec.selector",
	"Service/shop/web -> apps/ReplicaSet/shop/web-7d9f selector spec.selector",
	"ServiceAccount/shop/web -> Namespace/shop namespace metadata.namespace",
	"ServiceAccount/shop/web -> rbac.authorization.k8s.io/ClusterRoleBinding/web-view rbac subjects[0] (on target)",
	"ServiceAccount/shop/web -> rbac.authorization.k8s.io/RoleBinding/shop/web-reader rbac subjects[0] (on target)",
	"apps/DaemonSet/shop/agent -> Namespace/shop namespace metadata.namespace",
	"apps/DaemonSet/shop/agent -> networking.k8s.io/NetworkPolicy/shop/default-deny selector spec.podSelector (on target)",
	"apps/Deployment/shop/web -> ConfigMap/shop/web-config uses spec.template.spec.volumes[0].configMap.name",
	"apps/Deployment/shop/web -> Namespace/shop namespace metadata.namespace",
	"apps/Deployment/shop/web -> PersistentVolumeClaim/shop/web-cache uses spec.template.spec.volumes[2].persistentVolumeClaim.claimName",
	"apps/Deployment/shop/web -> Secret/shop/db-creds uses spec.template.spec.volumes[1].secret.secretName",
	"apps/Deployment/shop/web -> Secret/shop/regcred uses spec.template.spec.imagePullSecrets[0].name",
	"apps/Deployment/shop/web -> Secret/shop/web-tls uses spec.template.spec.volumes[3].projected.sources[1].secret.name",
	"apps/Deployment/shop/web -> ServiceAccount/shop/web uses spec.template.spec.serviceAccountName",
	"apps/Deployment/shop/web -> networking.k8s.io/NetworkPolicy/shop/default-deny selector spec.podSelector (on target)",
	"apps/Deployment/shop/web -> networking.k8s.io/NetworkPolicy/shop/web-ingress selector spec.podSelector (on target)",
	"apps/ReplicaSet/shop/web-7d9f -> Namespace/shop namespace metadata.namespace",
	"apps/ReplicaSet/shop/web-7d9f -> apps/Deployment/shop/web owner metadata.ownerReferences[0]",
	"apps/ReplicaSet/shop/web-7d9f -> networking.k8s.io/NetworkPolicy/shop/default-deny selector spec.podSelector (on target)",
	"apps/ReplicaSet/shop/web-7d9f -> networking.k8s.io/NetworkPolicy/shop/web-ingress selector spec.podSelector (on target)",
	"apps/StatefulSet/shop/db -> Namespace/shop namespace metadata.namespace",
	"apps/StatefulSet/shop/db -> Secret/shop/db-creds uses spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name",
	"apps/StatefulSet/shop/db -> networking.k8s.io/NetworkPolicy/shop/default-deny selector spec.podSelector (on target)",
	"apps/StatefulSet/shop/db -> policy/PodDisruptionBudget/shop/db-pdb selector spec.selector (on target)",
	"gateway.networking.k8s.io/Gateway/shop/gw -> Namespace/shop namespace metadata.namespace",
	"gateway.networking.k8s.io/Gateway/shop/gw -> Secret/shop/web-tls uses spec.listeners[0].tls.certificateRefs[0]",
	"gateway.networking.k8s.io/Gateway/shop/gw -> gateway.networking.k8s.io/GatewayClass/istio route spec.gatewayClassName",
	"gateway.networking.k8s.io/HTTPRoute/shop/web-route -> Namespace/shop namespace metadata.namespace",
	"gateway.networking.k8s.io/HTTPRoute/shop/web-route -> Service/shop/web route spec.rules[0].backendRefs[0]",
	"gateway.networking.k8s.io/HTTPRoute/shop/web-route -> gateway.networking.k8s.io/Gateway/shop/gw route spec.parentRefs[0]",
	"networking.k8s.io/Ingress/shop/web -> Namespace/shop namespace metadata.namespace",
	"networking.k8s.io/Ingress/shop/web -> Secret/shop/web-tls uses spec.tls[0].secretName",
	"networking.k8s.io/Ingress/shop/web -> Service/shop/external route spec.defaultBackend.service.name",
	"networking.k8s.io/Ingress/shop/web -> Service/shop/web route spec.rules[0].http.paths[0].backend.service.name",
	"networking.k8s.io/NetworkPolicy/shop/default-deny -> Namespace/shop namespace metadata.namespace",
	"networking.k8s.io/NetworkPolicy/shop/web-ingress -> Namespace/shop namespace metadata.namespace",
	"policy/PodDisruptionBudget/shop/db-pdb -> Namespace/shop namespace metadata.namespace",
	"policy/PodDisruptionBudget/shop/nothing-pdb -> Namespace/shop namespace metadata.namespace",
	"rbac.authorization.k8s.io/ClusterRoleBinding/web-view -> rbac.authorization.k8s.io/ClusterRole/view-all rbac roleRef",
	"rbac.authorization.k8s.io/Role/shop/reader -> Namespace/shop namespace metadata.namespace",
	"rbac.authorization.k8s.io/RoleBinding/shop/web-reader -> Namespace/shop namespace metadata.namespace",
	"rbac.authorization.k8s.io/RoleBinding/shop/web-reader -> rbac.authorization.k8s.io/Role/shop/reader rbac roleRef",
	NULL,
};

static const char *const crossplane_edges[] = {
	"Secret/crossplane-system/eks-conn -> eks.aws.upbound.io/Cluster/eks-main ref spec.writeConnectionSecretToRef (on target)",
	"Secret/team-a/net-a-conn -> aws.platform.example.org/Network/team-a/net-a ref spec.writeConnectionSecretToRef (on target)",
	"apiextensions.crossplane.io/Composition/cluster -> apiextensions.crossplane.io/CompositeResourceDefinition/xclusters.aws.platform.example.org definition spec.compositeTypeRef",
	"apiextensions.crossplane.io/Composition/cluster -> apiextensions.crossplane.io/Composition/network-basic composition spec.resources[0].base (weak)",
	"apiextensions.crossplane.io/Composition/cluster -> apiextensions.crossplane.io/Composition/network-default composition spec.resources[0].base (weak)",
	"apiextensions.crossplane.io/Composition/network-basic -> Secret/crossplane-system/aws-creds uses spec.pipeline[0].credentials[0].secretRef",
	"apiextensions.crossplane.io/Composition/network-basic -> apiextensions.crossplane.io/CompositeResourceDefinition/xnetworks.aws.platform.example.org definition spec.compositeTypeRef",
	"apiextensions.crossplane.io/Composition/network-basic -> pkg.crossplane.io/Function/function-patch-and-transform composition spec.pipeline[0].functionRef",
	"apiextensions.crossplane.io/Composition/network-default -> apiextensions.crossplane.io/CompositeResourceDefinition/xnetworks.aws.platform.example.org definition spec.compositeTypeRef",
	"aws.platform.example.org/Network/team-a/net-a -> apiextensions.crossplane.io/CompositeResourceDefinition/xnetworks.aws.platform.example.org definition spec.claimNames.kind (on target)",
	"aws.platform.example.org/Network/team-a/net-a -> apiextensions.crossplane.io/Composition/network-basic composition spec.compositionSelector",
	"aws.platform.example.org/Network/team-a/net-a -> aws.platform.example.org/XNetwork/net-b composition spec.resourceRef",
	"aws.platform.example.org/XCluster/cl-1 -> apiextensions.crossplane.io/CompositeResourceDefinition/xclusters.aws.platform.example.org definition spec.names.kind (on target)",
	"aws.platform.example.org/XCluster/cl-1 -> apiextensions.crossplane.io/Composition/cluster composition spec.compositeTypeRef (on target)",
	"aws.platform.example.org/XNetwork/net-b -> apiextensions.crossplane.io/CompositeResourceDefinition/xnetworks.aws.platform.example.org definition spec.names.kind (on target)",
	"aws.platform.example.org/XNetwork/net-b -> apiextensions.crossplane.io/Composition/network-basic composition spec.compositionRef",
	"aws.platform.example.org/XNetwork/net-c -> apiextensions.crossplane.io/CompositeResourceDefinition/xnetworks.aws.platform.example.org definition spec.names.kind (on target)",
	"aws.platform.example.org/XNetwork/net-c -> apiextensions.crossplane.io/Composition/network-default composition compositionRef (the XRD's defaultCompositionRef)",
	"ec2.aws.upbound.io/Instance/web-1 -> aws.upbound.io/ProviderConfig/default ref spec.providerConfigRef (default)",
	"ec2.aws.upbound.io/Instance/web-1 -> ec2.aws.upbound.io/VPC/vpc-main ref spec.forProvider.thingRef (weak)",
	"ec2.aws.upbound.io/RouteTable/rt -> aws.upbound.io/ProviderConfig/default ref spec.providerConfigRef (default)",
	"ec2.aws.upbound.io/RouteTableAssociation/rta -> aws.upbound.io/ProviderConfig/default ref spec.providerConfigRef (default)",
	"ec2.aws.upbound.io/RouteTableAssociation/rta -> ec2.aws.upbound.io/RouteTable/rt ref spec.forProvider.routeTableIdRef",
	"ec2.aws.upbound.io/RouteTableAssociation/rta -> ec2.aws.upbound.io/Subnet/subnet-a ref spec.forProvider.subnetIdRef",
	"ec2.aws.upbound.io/SecurityGroup/sg-web -> ec2.aws.upbound.io/VPC/vpc-main ref spec.forProvider.vpcIdSelector",
	"ec2.aws.upbound.io/Subnet/subnet-a -> aws.upbound.io/ProviderConfig/default ref spec.providerConfigRef (default)",
	"ec2.aws.upbound.io/Subnet/subnet-a -> ec2.aws.upbound.io/VPC/vpc-main ref spec.forProvider.vpcIdRef",
	"ec2.aws.upbound.io/VPC/vpc-main -> apiextensions.k8s.io/CustomResourceDefinition/vpcs.ec2.aws.upbound.io definition spec.names.kind (on target)",
	"ec2.aws.upbound.io/VPC/vpc-main -> aws.platform.example.org/XCluster/cl-1 composition spec.crossplane.resourceRefs[0] (on target)",
	"ec2.aws.upbound.io/VPC/vpc-main -> aws.upbound.io/ProviderConfig/default ref spec.providerConfigRef (default)",
	"eks.aws.upbound.io/Cluster/eks-main -> aws.upbound.io/ProviderConfig/default ref spec.providerConfigRef (default)",
	"eks.aws.upbound.io/Cluster/eks-main -> ec2.aws.upbound.io/Subnet/subnet-a ref spec.forProvider.vpcConfig[0].subnetIdRefs[0]",
	"eks.aws.upbound.io/Cluster/eks-main -> iam.aws.upbound.io/Role/app-role ref spec.forProvider.roleArnRef",
	"iam.aws.upbound.io/Role/app-role -> aws.upbound.io/ProviderConfig/default ref spec.providerConfigRef (default)",
	"s3.aws.m.upbound.io/Bucket/team-a/logs -> aws.m.upbound.io/ClusterProviderConfig/default ref spec.providerConfigRef",
	"s3.aws.m.upbound.io/BucketPolicy/team-a/logs-policy -> s3.aws.m.upbound.io/Bucket/team-a/logs ref spec.forProvider.bucketRef",
	NULL,
};

Test(graph_k8s, owners_selectors_pod_templates_routes_rbac_and_namespaces)
{
	struct plan *plan = tg_manifests(APP);
	struct graph *g = tg_graph(plan);

	TG_ASSERT_LINES(tg_edges(g), app_edges);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_k8s, crossplane_refs_selectors_claims_xrs_compositions_and_xrds)
{
	struct plan *plan = tg_manifests(CROSSPLANE);
	struct graph *g = tg_graph(plan);

	TG_ASSERT_LINES(tg_edges(g), crossplane_edges);
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

static char *
blast_lines(const struct graph *g, const char *address)
{
	const struct plan *plan = graph_plan(g);
	struct graph_blast *b = NULL;
	struct error err = ERROR_INIT;
	struct buf text = BUF_INIT;
	size_t i;
	char *out;

	cr_assert_eq(graph_blast(g, (size_t)graph_find_node(g, address), NULL, &b, &err), 0);
	for (i = 0; i < b->count; i++)
		buf_addf(&text, "%u %s%s%s\n", b->deps[i].dist,
			 plan_change_at(plan, b->deps[i].node)->address,
			 b->deps[i].changes ? " changes" : "", b->deps[i].weak ? " weak" : "");
	graph_blast_free(&b);
	out = buf_detach(&text, NULL);
	cr_assert_not_null(out);
	return out;
}

Test(graph_k8s, a_configmap_change_reaches_pods_services_and_routes)
{
	struct plan *plan = tg_manifests(APP);
	struct graph *g = tg_graph(plan);

	TG_ASSERT_TEXT(blast_lines(g, "ConfigMap/shop/web-config"),
		       "1 apps/Deployment/shop/web changes\n"
		       "2 apps/ReplicaSet/shop/web-7d9f\n"
		       "2 Service/shop/web\n"
		       "3 Pod/shop/web-7d9f-abcde\n"
		       "3 networking.k8s.io/Ingress/shop/web\n"
		       "3 gateway.networking.k8s.io/HTTPRoute/shop/web-route changes\n");
	/* a Role change reaches the pods running as its subjects */
	TG_ASSERT_TEXT(blast_lines(g, "rbac.authorization.k8s.io/Role/shop/reader"),
		       "1 rbac.authorization.k8s.io/RoleBinding/shop/web-reader\n"
		       "2 ServiceAccount/shop/web\n"
		       "3 apps/Deployment/shop/web changes\n"
		       "3 Pod/shop/web-7d9f-abcde\n"
		       "4 apps/ReplicaSet/shop/web-7d9f\n"
		       "4 Service/shop/web\n"
		       "5 networking.k8s.io/Ingress/shop/web\n"
		       "5 gateway.networking.k8s.io/HTTPRoute/shop/web-route changes\n");
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(graph_k8s, a_composition_change_rolls_to_every_composite_using_it)
{
	struct plan *plan = tg_manifests(CROSSPLANE);
	struct graph *g = tg_graph(plan);

	/* strong first: the claim selecting it, the XR naming it, the claim's
	 * connection secret; then through the nested-XR guess (two
	 * compositions render XNetwork) down to the cluster's resources */
	TG_ASSERT_TEXT(blast_lines(g, "apiextensions.crossplane.io/Composition/network-basic"),
		       "1 aws.platform.example.org/Network/team-a/net-a changes\n"
		       "1 aws.platform.example.org/XNetwork/net-b\n"
		       "2 Secret/team-a/net-a-conn\n"
		       "1 apiextensions.crossplane.io/Composition/cluster weak\n"
		       "2 aws.platform.example.org/XCluster/cl-1 weak\n"
		       "3 ec2.aws.upbound.io/VPC/vpc-main weak\n"
		       "4 ec2.aws.upbound.io/Subnet/subnet-a weak\n"
		       "4 ec2.aws.upbound.io/SecurityGroup/sg-web changes weak\n"
		       "5 ec2.aws.upbound.io/RouteTableAssociation/rta weak\n"
		       "5 eks.aws.upbound.io/Cluster/eks-main changes weak\n"
		       "6 Secret/crossplane-system/eks-conn weak\n"
		       "4 ec2.aws.upbound.io/Instance/web-1 weak\n");
	graph_free(&g);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}
