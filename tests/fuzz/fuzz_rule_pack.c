/* fuzz_rule_pack.c - any bytes as a rule file: the YAML reader, the rule
 * parser and compiler (regexes, CIDRs, paths), then, for a rule that
 * loads, an evaluation over a small plan with every kind of value. */
#include <string.h>

#include "finding.h"
#include "load.h"
#include "rule.h"
#include "source.h"
#include "targets.h"

static const char plan_json[] =
	"{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"aws_s3_bucket.b\","
	"\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"b\",\"change\":{\"actions\":["
	"\"update\"],\"before\":{\"acl\":\"private\",\"tags\":{\"a\":\"1\"}},\"after\":{\"acl\":"
	"\"public-read\",\"n\":7,\"cidr\":\"0.0.0.0/0\",\"list\":[{\"from_port\":22,\"to_port\":22,"
	"\"protocol\":\"tcp\"}],\"policy\":\"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\","
	"\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":\\\"*\\\",\\\"Principal\\\":\\\"*\\\"}]}\","
	"\"user_data\":\"QUtJQVFZTFBNTjVIRklRUjdYWVo=\"},\"after_unknown\":{\"later\":true},"
	"\"after_sensitive\":{\"tags\":true}}},{\"address\":\"aws_s3_bucket_versioning.v\",\"mode\":"
	"\"managed\",\"type\":\"aws_s3_bucket_versioning\",\"name\":\"v\",\"change\":{\"actions\":["
	"\"create\"],\"before\":null,\"after\":{\"bucket\":\"b\"}}}],\"configuration\":{"
	"\"root_module\":{\"resources\":[{\"address\":\"aws_s3_bucket_versioning.v\",\"mode\":"
	"\"managed\",\"type\":\"aws_s3_bucket_versioning\",\"name\":\"v\",\"expressions\":{"
	"\"bucket\":{\"references\":[\"aws_s3_bucket.b.id\",\"aws_s3_bucket.b\"]}}}]}}}";

int
fuzz_rule_pack(const uint8_t *data, size_t size)
{
	struct rule_set *set = NULL;
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct finding_builder *fb = NULL;
	struct finding_set *fs = NULL;
	struct error err = ERROR_INIT;

	if (rule_set_new(&set, &err) < 0)
		return 0;
	if (rule_set_load_text(set, "fuzz.yaml", (const char *)data, size, &err) == 0 &&
	    source_from_memory(&src, "plan.json", plan_json, strlen(plan_json), &err) == 0 &&
	    plan_tf_load(&plan, src, 0, 0, &err) == 0 && finding_builder_new(&fb, plan, &err) == 0 &&
	    rule_set_eval(set, plan, fb, NULL, &err) == 0)
		finding_builder_finish(&fb, rule_set_digest(set), &fs, &err);
	finding_set_free(&fs);
	finding_builder_free(&fb);
	plan_free(&plan);
	rule_set_free(&set);
	return 0;
}

FUZZ_ENTRY(rule_pack)
