/* alias.c - the type table that lets one rule run on Terraform, Pulumi
 * and Crossplane (see alias.h).
 *
 * Each row: the Terraform type (canonical), the Pulumi type tokens that
 * mean the same resource (space-separated: bridged providers renamed some
 * types between major versions), and the Crossplane (Upbound, upjet)
 * managed-resource kinds as "group/Kind" (the namespaced ".m." groups of
 * Crossplane v2 map through the same row).  Upjet and the Pulumi bridge
 * both keep Terraform's attribute names, in camelCase, which is why a row
 * needs no attribute list.
 */
#include "alias.h"

#include <string.h>

#include "str.h"

/* X(terraform type, pulumi tokens, crossplane kinds) */
#define ALIAS_TYPES(X)                                                                          \
	/* AWS: S3 and its split companions (provider v4+) */                                   \
	X("aws_s3_bucket", "aws:s3/bucket:Bucket aws:s3/bucketV2:BucketV2",                     \
	  "s3.aws.upbound.io/Bucket")                                                           \
	X("aws_s3_bucket_versioning",                                                           \
	  "aws:s3/bucketVersioningV2:BucketVersioningV2 aws:s3/bucketVersioning:BucketVersioning", \
	  "s3.aws.upbound.io/BucketVersioning")                                                 \
	X("aws_s3_bucket_server_side_encryption_configuration",                                 \
	  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2 " \
	  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", \
	  "s3.aws.upbound.io/BucketServerSideEncryptionConfiguration")                          \
	X("aws_s3_bucket_public_access_block", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", \
	  "s3.aws.upbound.io/BucketPublicAccessBlock")                                          \
	X("aws_s3_account_public_access_block",                                                 \
	  "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",                           \
	  "s3control.aws.upbound.io/AccountPublicAccessBlock")                                  \
	X("aws_s3_bucket_acl", "aws:s3/bucketAclV2:BucketAclV2 aws:s3/bucketAcl:BucketAcl",     \
	  "s3.aws.upbound.io/BucketACL")                                                        \
	X("aws_s3_bucket_policy", "aws:s3/bucketPolicy:BucketPolicy",                           \
	  "s3.aws.upbound.io/BucketPolicy")                                                     \
	X("aws_s3_bucket_logging",                                                              \
	  "aws:s3/bucketLoggingV2:BucketLoggingV2 aws:s3/bucketLogging:BucketLogging",          \
	  "s3.aws.upbound.io/BucketLogging")                                                    \
	/* AWS: compute and network */                                                          \
	X("aws_instance", "aws:ec2/instance:Instance", "ec2.aws.upbound.io/Instance")           \
	X("aws_launch_template", "aws:ec2/launchTemplate:LaunchTemplate",                       \
	  "ec2.aws.upbound.io/LaunchTemplate")                                                  \
	X("aws_launch_configuration", "aws:ec2/launchConfiguration:LaunchConfiguration",        \
	  "autoscaling.aws.upbound.io/LaunchConfiguration")                                     \
	X("aws_autoscaling_group", "aws:autoscaling/group:Group",                               \
	  "autoscaling.aws.upbound.io/AutoscalingGroup")                                        \
	X("aws_ebs_volume", "aws:ebs/volume:Volume", "ec2.aws.upbound.io/EBSVolume")            \
	X("aws_ebs_encryption_by_default", "aws:ebs/encryptionByDefault:EncryptionByDefault",   \
	  "ec2.aws.upbound.io/EBSEncryptionByDefault")                                          \
	X("aws_security_group", "aws:ec2/securityGroup:SecurityGroup",                          \
	  "ec2.aws.upbound.io/SecurityGroup")                                                   \
	X("aws_security_group_rule", "aws:ec2/securityGroupRule:SecurityGroupRule",             \
	  "ec2.aws.upbound.io/SecurityGroupRule")                                               \
	X("aws_vpc_security_group_ingress_rule",                                                \
	  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",                          \
	  "ec2.aws.upbound.io/SecurityGroupIngressRule")                                        \
	X("aws_default_security_group", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",    \
	  "ec2.aws.upbound.io/DefaultSecurityGroup")                                            \
	X("aws_subnet", "aws:ec2/subnet:Subnet", "ec2.aws.upbound.io/Subnet")                   \
	X("aws_vpc", "aws:ec2/vpc:Vpc", "ec2.aws.upbound.io/VPC")                               \
	X("aws_flow_log", "aws:ec2/flowLog:FlowLog", "ec2.aws.upbound.io/FlowLog")              \
	X("aws_route_table", "aws:ec2/routeTable:RouteTable", "ec2.aws.upbound.io/RouteTable")  \
	X("aws_route", "aws:ec2/route:Route", "ec2.aws.upbound.io/Route")                       \
	X("aws_route_table_association", "aws:ec2/routeTableAssociation:RouteTableAssociation", \
	  "ec2.aws.upbound.io/RouteTableAssociation")                                           \
	X("aws_internet_gateway", "aws:ec2/internetGateway:InternetGateway",                    \
	  "ec2.aws.upbound.io/InternetGateway")                                                 \
	X("aws_lb", "aws:lb/loadBalancer:LoadBalancer aws:alb/loadBalancer:LoadBalancer",       \
	  "elbv2.aws.upbound.io/LB")                                                            \
	/* AWS: data, identity, logging */                                                      \
	X("aws_db_instance", "aws:rds/instance:Instance", "rds.aws.upbound.io/Instance")        \
	X("aws_rds_cluster", "aws:rds/cluster:Cluster", "rds.aws.upbound.io/Cluster")           \
	X("aws_rds_cluster_instance", "aws:rds/clusterInstance:ClusterInstance",                \
	  "rds.aws.upbound.io/ClusterInstance")                                                 \
	X("aws_dynamodb_table", "aws:dynamodb/table:Table", "dynamodb.aws.upbound.io/Table")    \
	X("aws_efs_file_system", "aws:efs/fileSystem:FileSystem",                               \
	  "efs.aws.upbound.io/FileSystem")                                                      \
	X("aws_iam_policy", "aws:iam/policy:Policy", "iam.aws.upbound.io/Policy")               \
	X("aws_iam_role_policy", "aws:iam/rolePolicy:RolePolicy",                               \
	  "iam.aws.upbound.io/RolePolicy")                                                      \
	X("aws_iam_user_policy", "aws:iam/userPolicy:UserPolicy",                               \
	  "iam.aws.upbound.io/UserPolicy")                                                      \
	X("aws_iam_group_policy", "aws:iam/groupPolicy:GroupPolicy",                            \
	  "iam.aws.upbound.io/GroupPolicy")                                                     \
	X("aws_iam_role", "aws:iam/role:Role", "iam.aws.upbound.io/Role")                       \
	X("aws_kms_key", "aws:kms/key:Key", "kms.aws.upbound.io/Key")                           \
	X("aws_cloudtrail", "aws:cloudtrail/trail:Trail", "cloudtrail.aws.upbound.io/Trail")    \
	X("aws_eks_cluster", "aws:eks/cluster:Cluster", "eks.aws.upbound.io/Cluster")           \
	X("aws_lambda_function", "aws:lambda/function:Function",                                \
	  "lambda.aws.upbound.io/Function")                                                     \
	X("aws_route53_zone", "aws:route53/zone:Zone", "route53.aws.upbound.io/Zone")           \
	X("aws_secretsmanager_secret", "aws:secretsmanager/secret:Secret",                      \
	  "secretsmanager.aws.upbound.io/Secret")                                               \
	X("aws_ecr_repository", "aws:ecr/repository:Repository",                                \
	  "ecr.aws.upbound.io/Repository")                                                      \
	/* Azure (pulumi-azure mirrors azurerm) */                                              \
	X("azurerm_storage_account", "azure:storage/account:Account",                           \
	  "storage.azure.upbound.io/Account")                                                   \
	X("azurerm_storage_container", "azure:storage/container:Container",                     \
	  "storage.azure.upbound.io/Container")                                                 \
	X("azurerm_storage_account_network_rules",                                              \
	  "azure:storage/accountNetworkRules:AccountNetworkRules",                              \
	  "storage.azure.upbound.io/AccountNetworkRules")                                       \
	X("azurerm_key_vault", "azure:keyvault/keyVault:KeyVault",                              \
	  "keyvault.azure.upbound.io/Vault")                                                    \
	X("azurerm_network_security_group",                                                     \
	  "azure:network/networkSecurityGroup:NetworkSecurityGroup",                            \
	  "network.azure.upbound.io/SecurityGroup")                                             \
	X("azurerm_network_security_rule", "azure:network/networkSecurityRule:NetworkSecurityRule", \
	  "network.azure.upbound.io/SecurityRule")                                              \
	X("azurerm_mssql_server", "azure:mssql/server:Server", "sql.azure.upbound.io/MSSQLServer") \
	X("azurerm_mssql_database", "azure:mssql/database:Database",                            \
	  "sql.azure.upbound.io/MSSQLDatabase")                                                 \
	X("azurerm_mssql_server_extended_auditing_policy",                                      \
	  "azure:mssql/serverExtendedAuditingPolicy:ServerExtendedAuditingPolicy",              \
	  "sql.azure.upbound.io/MSSQLServerExtendedAuditingPolicy")                             \
	X("azurerm_mssql_firewall_rule", "azure:mssql/firewallRule:FirewallRule",               \
	  "sql.azure.upbound.io/MSSQLFirewallRule")                                             \
	X("azurerm_kubernetes_cluster", "azure:containerservice/kubernetesCluster:KubernetesCluster", \
	  "containerservice.azure.upbound.io/KubernetesCluster")                                \
	X("azurerm_linux_virtual_machine", "azure:compute/linuxVirtualMachine:LinuxVirtualMachine", \
	  "compute.azure.upbound.io/LinuxVirtualMachine")                                       \
	/* Google Cloud (pulumi-gcp mirrors google) */                                          \
	X("google_storage_bucket", "gcp:storage/bucket:Bucket", "storage.gcp.upbound.io/Bucket") \
	X("google_storage_bucket_iam_member", "gcp:storage/bucketIAMMember:BucketIAMMember",    \
	  "storage.gcp.upbound.io/BucketIAMMember")                                             \
	X("google_storage_bucket_iam_binding", "gcp:storage/bucketIAMBinding:BucketIAMBinding", \
	  "storage.gcp.upbound.io/BucketIAMBinding")                                            \
	X("google_compute_instance", "gcp:compute/instance:Instance",                           \
	  "compute.gcp.upbound.io/Instance")                                                    \
	X("google_compute_firewall", "gcp:compute/firewall:Firewall",                           \
	  "compute.gcp.upbound.io/Firewall")                                                    \
	X("google_sql_database_instance", "gcp:sql/databaseInstance:DatabaseInstance",          \
	  "sql.gcp.upbound.io/DatabaseInstance")                                                \
	X("google_container_cluster", "gcp:container/cluster:Cluster",                          \
	  "container.gcp.upbound.io/Cluster")                                                   \
	X("google_container_node_pool", "gcp:container/nodePool:NodePool",                      \
	  "container.gcp.upbound.io/NodePool")                                                  \
	X("google_kms_crypto_key", "gcp:kms/cryptoKey:CryptoKey", "kms.gcp.upbound.io/CryptoKey") \
	X("google_project_iam_member", "gcp:projects/iAMMember:IAMMember",                      \
	  "cloudplatform.gcp.upbound.io/ProjectIAMMember")                                      \
	X("google_project_iam_binding", "gcp:projects/iAMBinding:IAMBinding", "")               \
	/* Provider configurations (Pulumi provider resources) */                               \
	X("provider.aws", "pulumi:providers:aws", "")                                           \
	X("provider.azurerm", "pulumi:providers:azure", "")                                     \
	X("provider.google", "pulumi:providers:gcp", "")

struct alias_row {
	const char *canonical;
	const char *pulumi;        /* space-separated tokens */
	const char *crossplane;    /* space-separated group/Kind */
};

static const struct alias_row rows[] = {
#define X(tf, pulumi, xp) { tf, pulumi, xp },
	ALIAS_TYPES(X)
#undef X
};

/* Pod-bearing kinds and where their pod spec is. */
static const char *const spec_pod[] = { "spec", NULL };
static const char *const spec_template[] = { "spec", "template", "spec", NULL };
static const char *const spec_cronjob[] = { "spec", "jobTemplate", "spec", "template", "spec",
					    NULL };
static const char *const spec_podtemplate[] = { "template", "spec", NULL };

static const struct workload {
	const char *type;
	const char *const *path;
} workloads[] = {
	{ "Pod", spec_pod },
	{ "PodTemplate", spec_podtemplate },
	{ "ReplicationController", spec_template },
	{ "apps/Deployment", spec_template },
	{ "apps/StatefulSet", spec_template },
	{ "apps/DaemonSet", spec_template },
	{ "apps/ReplicaSet", spec_template },
	{ "extensions/Deployment", spec_template },
	{ "extensions/DaemonSet", spec_template },
	{ "extensions/ReplicaSet", spec_template },
	{ "batch/Job", spec_template },
	{ "batch/CronJob", spec_cronjob },
	{ "apps.openshift.io/DeploymentConfig", spec_template },
};

size_t
alias_table_size(void)
{
	return sizeof(rows) / sizeof(rows[0]);
}

/* True if `word` is one of the space-separated words of `list`. */
static bool
in_list(const char *list, const char *word, size_t wlen)
{
	const char *p = list;

	while (*p) {
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == wlen && memcmp(p, word, n) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/* "s3.aws.m.upbound.io/Bucket" -> "s3.aws.upbound.io/Bucket" in buf. */
static const char *
strip_m_group(const char *type, char *buf, size_t size)
{
	const char *m = strstr(type, ".m.");
	const char *slash = strchr(type, '/');
	size_t head, tail;

	if (!m || !slash || m > slash)
		return type;
	head = (size_t)(m - type);
	tail = strlen(m + 2);
	if (head + tail + 1 > size)
		return type;
	memcpy(buf, type, head);
	memcpy(buf + head, m + 2, tail + 1);
	return buf;
}

const char *
alias_canonical_type(const char *type)
{
	char buf[256];
	const char *t;
	size_t i, n;

	if (!type)
		return NULL;
	t = strip_m_group(type, buf, sizeof(buf));
	n = strlen(t);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (in_list(rows[i].pulumi, t, n) || in_list(rows[i].crossplane, t, n))
			return rows[i].canonical;
	return NULL;
}

bool
alias_camel(const char *snake, size_t len, char *out, size_t size)
{
	size_t i, o = 0;
	bool up = false, changed = false;

	for (i = 0; i < len; i++) {
		char c = snake[i];

		if (c == '_' && o > 0 && i + 1 < len) {
			up = true;
			changed = true;
			continue;
		}
		if (o + 1 >= size)
			return false;
		if (up && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		up = false;
		out[o++] = c;
	}
	out[o] = '\0';
	return changed;
}

static const struct workload *
find_workload(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof(workloads) / sizeof(workloads[0]); i++)
		if (strcmp(workloads[i].type, type) == 0)
			return &workloads[i];
	return NULL;
}

size_t
alias_views(enum plan_source_kind source, const struct plan_change *c,
	    struct alias_view out[ALIAS_MAX_VIEWS])
{
	const char *type = c->type ? c->type : "";
	const char *canon;
	const struct workload *w;
	size_t n = 0;

	memset(out, 0, ALIAS_MAX_VIEWS * sizeof(*out));
	switch (source) {
	case PLAN_SOURCE_TERRAFORM:
		out[0].prefix = c->mode == PLAN_MODE_DATA ? "data." : "";
		out[0].type = type;
		out[0].root = ALIAS_ROOT_WHOLE;
		return 1;
	case PLAN_SOURCE_PULUMI:
		canon = alias_canonical_type(type);
		out[0].prefix = "";
		out[0].type = canon ? canon : type;
		out[0].root = ALIAS_ROOT_WHOLE;
		out[0].camel = true;
		return 1;
	case PLAN_SOURCE_MANIFESTS:
		canon = alias_canonical_type(type);
		if (canon) {
			out[n].prefix = "";
			out[n].type = canon;
			out[n].root = ALIAS_ROOT_FOR_PROVIDER;
			out[n].camel = true;
			n++;
		}
		w = find_workload(type);
		if (w) {
			out[n].prefix = "";
			out[n].type = ALIAS_WORKLOAD_TYPE;
			out[n].root = ALIAS_ROOT_PATH;
			out[n].root_path = w->path;
			n++;
		}
		if (n < ALIAS_MAX_VIEWS) {
			out[n].prefix = "";
			out[n].type = type;
			out[n].root = ALIAS_ROOT_WHOLE;
			n++;
		}
		return n;
	}
	out[0].prefix = "";
	out[0].type = type;
	return 1;
}
