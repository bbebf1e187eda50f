/* test_plan_tf.c - the Terraform plan loader on the project's own plans. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "load.h"
#include "plan.h"
#include "render.h"

static struct plan *
load(const char *path)
{
	struct load_opts o = { 0 };
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;

	o.path = path;
	cr_assert_eq(load_plan(&plan, &o, &err), 0, "%s:%lu:%lu: %s", err.path, err.line, err.col,
		     err.msg);
	return plan;
}

static const struct plan_change *
find(const struct plan *p, const char *address)
{
	const struct plan_change *c = plan_find_change(p, address, PLAN_SECTION_CHANGE);

	cr_assert_not_null(c, "no change %s", address);
	return c;
}

Test(plan_tf, maps_every_action_and_reason)
{
	struct plan *p = load(TESTDATA("plans/valid/all-actions.json"));
	const struct plan_change *c;

	cr_assert_eq(plan_source_kind(p), PLAN_SOURCE_TERRAFORM);
	cr_assert_str_eq(plan_format_version(p), "1.2");
	cr_assert_str_eq(plan_tool_version(p), "1.9.4");
	cr_assert_eq(plan_flags(p) & PLAN_INCOMPLETE, PLAN_INCOMPLETE);
	cr_assert_eq(plan_flags(p) & PLAN_NOT_APPLYABLE, 0);

	c = find(p, "aws_s3_bucket.logs");
	cr_assert_eq(c->action, PLAN_ACTION_CREATE);
	cr_assert_eq(c->before.kind, VALUE_ABSENT);
	cr_assert_eq(c->mode, PLAN_MODE_MANAGED);
	cr_assert_str_eq(c->provider, "registry.terraform.io/hashicorp/aws");

	c = find(p, "aws_instance.web");
	cr_assert_eq(c->action, PLAN_ACTION_UPDATE);

	c = find(p, "aws_db_instance.main");
	cr_assert_eq(c->action, PLAN_ACTION_REPLACE);
	cr_assert_eq(c->flags & PLAN_CHANGE_CREATE_FIRST, 0);
	cr_assert_eq(c->reason, PLAN_REASON_REPLACE_CANNOT_UPDATE);
	cr_assert_eq(c->replace_paths.kind, VALUE_ARRAY);
	cr_assert_eq(c->replace_paths.len, 1);
	cr_assert_str_eq(value_str(value_at(value_at(&c->replace_paths, 0), 0)), "engine_version");

	c = find(p, "aws_launch_template.app");
	cr_assert_eq(c->action, PLAN_ACTION_REPLACE);
	cr_assert_eq(c->flags & PLAN_CHANGE_CREATE_FIRST, PLAN_CHANGE_CREATE_FIRST);

	c = find(p, "aws_instance.bastion");
	cr_assert_eq(c->reason, PLAN_REASON_REPLACE_TAINTED);
	cr_assert(c->flags & PLAN_CHANGE_TAINTED);
	cr_assert_eq(find(p, "aws_instance.canary")->reason, PLAN_REASON_REPLACE_BY_REQUEST);

	c = find(p, "aws_security_group.old");
	cr_assert_eq(c->action, PLAN_ACTION_DELETE);
	cr_assert_eq(c->reason, PLAN_REASON_DELETE_NO_RESOURCE_CONFIG);
	cr_assert_eq(c->after.kind, VALUE_ABSENT);

	c = find(p, "data.aws_ami.latest");
	cr_assert_eq(c->action, PLAN_ACTION_READ);
	cr_assert_eq(c->mode, PLAN_MODE_DATA);
	cr_assert_eq(c->reason, PLAN_REASON_READ_CONFIG_UNKNOWN);

	cr_assert_eq(find(p, "aws_iam_role.ci")->action, PLAN_ACTION_NOOP);
	cr_assert_eq(find(p, "aws_s3_bucket.archive")->action, PLAN_ACTION_FORGET);

	c = find(p, "aws_s3_bucket.legacy");
	cr_assert_eq(c->action, PLAN_ACTION_REPLACE);
	cr_assert(c->flags & PLAN_CHANGE_FORGET_OLD);

	c = find(p, "aws_iam_user.imported");
	cr_assert_eq(c->action, PLAN_ACTION_IMPORT);
	cr_assert_str_eq(c->import_id, "alice");
	c = find(p, "aws_iam_user.imported_changed");
	cr_assert_eq(c->action, PLAN_ACTION_UPDATE);
	cr_assert(c->flags & PLAN_CHANGE_IMPORTING);
	cr_assert_str_eq(c->import_id, "bob");

	c = find(p, "aws_sqs_queue.renamed");
	cr_assert_eq(c->action, PLAN_ACTION_MOVE);
	cr_assert_str_eq(c->previous_address, "aws_sqs_queue.old_name");

	c = find(p, "aws_instance.cbd");
	cr_assert_eq(c->action, PLAN_ACTION_DELETE);
	cr_assert_str_eq(c->deposed, "00000001");
	cr_assert_str_eq(c->native_id, "aws_instance.cbd (deposed object 00000001)");
	/* its key in a review tells it from the live object at its address */
	cr_assert_str_eq(plan_change_key(c), "aws_instance.cbd (deposed object 00000001)");
	c = find(p, "aws_sqs_queue.renamed");
	cr_assert_str_eq(plan_change_key(c), "aws_sqs_queue.renamed");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(plan_tf, keeps_module_addresses_and_instance_keys)
{
	struct plan *p = load(TESTDATA("plans/valid/all-actions.json"));
	const struct plan_change *c = find(p, "module.net[\"eu.west\"].aws_subnet.this[\"a \\\"quoted\\\" [key]\"]");

	cr_assert_str_eq(c->group, "module.net[\"eu.west\"]");
	cr_assert_str_eq(c->index_key, "\"a \\\"quoted\\\" [key]\"");
	cr_assert_str_eq(c->type, "aws_subnet");
	cr_assert_str_eq(c->name, "this");
	c = find(p, "module.net[\"eu.west\"].aws_route.r[3]");
	cr_assert_str_eq(c->index_key, "3");
	cr_assert_str_eq(find(p, "aws_instance.web")->group, "");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(plan_tf, keeps_drift_deferred_and_outputs_apart)
{
	struct plan *p = load(TESTDATA("plans/valid/all-actions.json"));
	const struct plan_change *c;
	struct plan_counts n;
	size_t i;

	c = plan_find_change(p, "aws_instance.web", PLAN_SECTION_DRIFT);
	cr_assert_not_null(c);
	cr_assert_eq(c->action, PLAN_ACTION_UPDATE);
	cr_assert_str_eq(value_str(value_get(&c->after, "instance_type")), "t3.small");
	/* the intended change is a different entry */
	cr_assert_str_eq(value_str(value_get(&find(p, "aws_instance.web")->after, "instance_type")),
			 "t3.large");
	c = plan_find_change(p, "aws_instance.later[\"x\"]", PLAN_SECTION_DEFERRED);
	cr_assert_not_null(c);
	cr_assert_str_eq(c->deferred_reason, "instance_count_unknown");

	plan_count(p, &n);
	cr_assert_eq(n.add, 8);
	cr_assert_eq(n.change, 4);
	cr_assert_eq(n.destroy, 6);
	cr_assert_eq(n.import, 2);
	cr_assert_eq(n.forget, 2);
	cr_assert_eq(n.drift, 1);
	cr_assert_eq(n.deferred, 1);
	cr_assert_eq(n.outputs_changed, 3);

	cr_assert_eq(plan_output_count(p), 4);
	for (i = 0; i < plan_output_count(p); i++) {
		const struct plan_output *o = plan_output_at(p, i);

		if (strcmp(o->name, "db_url") == 0) {
			cr_assert_eq(o->action, PLAN_ACTION_UPDATE);
			cr_assert_eq(o->before.kind, VALUE_SENSITIVE);
			cr_assert_eq(o->after.kind, VALUE_SENSITIVE);
			cr_assert_not(value_equal(&o->before, &o->after));
		}
		if (strcmp(o->name, "bucket") == 0)
			cr_assert_str_eq(value_str(&o->after), "acme-logs");
	}
	plan_free(&p);
	CHECK_NO_LEAKS();
}

/* Nothing sensitive may survive in the model's printable values. */
static void
assert_no_text(const struct value *v, const char *needle)
{
	size_t i;

	if (v->kind == VALUE_STRING || v->kind == VALUE_NUMBER)
		cr_assert_null(strstr(v->u.str, needle), "found '%s' in the model", needle);
	if (v->kind == VALUE_ARRAY)
		for (i = 0; i < v->len; i++)
			assert_no_text(&v->u.items[i], needle);
	if (v->kind == VALUE_OBJECT)
		for (i = 0; i < v->len; i++)
			assert_no_text(&v->u.members[i].value, needle);
}

Test(plan_tf, sensitive_values_are_digests_never_text)
{
	struct plan *p = load(TESTDATA("plans/valid/all-actions.json"));
	const char *secrets[] = { "hunter2-old", "hunter2-new", "s3cr3t-old", "s3cr3t-new",
				  "var-secret-value", "default-secret", "postgres://old",
				  "AKIAEXAMPLEEXAMPLE12" };
	const struct plan_change *c = find(p, "aws_db_instance.main");
	const struct value *pw = value_get(&c->after, "password");
	size_t i, j;
	struct buf revealed = BUF_INIT;
	struct error err = ERROR_INIT;

	cr_assert_eq(pw->kind, VALUE_SENSITIVE);
	cr_assert(pw->u.secret->flags & VALUE_SECRET_HAS_LOCATION);
	cr_assert(c->flags & PLAN_CHANGE_SENSITIVE_CHANGED);
	/* the same secret on both sides is "unchanged" */
	cr_assert_eq(value_get(&find(p, "aws_ssm_parameter.token")->before, "value")->kind,
		     VALUE_SENSITIVE);
	for (i = 0; i < plan_change_count(p); i++) {
		const struct plan_change *x = plan_change_at(p, i);

		for (j = 0; j < sizeof(secrets) / sizeof(secrets[0]); j++) {
			assert_no_text(&x->before, secrets[j]);
			assert_no_text(&x->after, secrets[j]);
		}
	}
	for (j = 0; j < sizeof(secrets) / sizeof(secrets[0]); j++) {
		assert_no_text(plan_section_value(p, "variables"), secrets[j]);
		assert_no_text(plan_section_value(p, "configuration"), secrets[j]);
	}
	/* the non-sensitive variable is kept */
	cr_assert_str_eq(value_str(value_get(value_get(plan_section_value(p, "variables"), "region"),
					     "value")),
			 "eu-west-1");
	/* a deliberate reveal reads the one value back from the source */
	cr_assert_eq(plan_reveal(p, pw->u.secret, &revealed, &err), 0, "%s", err.msg);
	cr_assert_str_eq(revealed.data, "\"hunter2-new\"");
	buf_wipe(&revealed);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(plan_tf, unknown_values_follow_after_unknown_node_by_node)
{
	struct plan *p = load(TESTDATA("plans/valid/all-actions.json"));
	const struct plan_change *c = find(p, "aws_s3_bucket.logs");

	cr_assert_eq(value_get(&c->after, "arn")->kind, VALUE_UNKNOWN);
	cr_assert_eq(value_get(&c->after, "id")->kind, VALUE_UNKNOWN);
	cr_assert_eq(value_get(&c->after, "bucket")->kind, VALUE_STRING);
	cr_assert_eq(value_get(value_at(value_get(&c->after, "versioning"), 0), "enabled")->kind,
		     VALUE_BOOL);
	cr_assert(c->flags & PLAN_CHANGE_HAS_UNKNOWN);
	c = find(p, "module.net[\"eu.west\"].aws_subnet.this[\"a \\\"quoted\\\" [key]\"]");
	/* present as null in "after" and true in after_unknown */
	cr_assert_eq(value_get(&c->after, "vpc_id")->kind, VALUE_UNKNOWN);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(plan_tf, provider_configurations_are_context_with_credentials_masked)
{
	struct plan *p = load(TESTDATA("plans/valid/all-actions.json"));
	const struct plan_change *c =
		plan_find_change(p, "provider[\"registry.terraform.io/hashicorp/aws\"]", -1);

	cr_assert_not_null(c);
	cr_assert_eq(c->section, PLAN_SECTION_CONTEXT);
	cr_assert_eq(c->mode, PLAN_MODE_PROVIDER);
	cr_assert_str_eq(c->type, "provider.aws");
	cr_assert_eq(value_get(&c->after, "access_key")->kind, VALUE_SENSITIVE);
	cr_assert_eq(value_get(&c->after, "region")->kind, VALUE_UNKNOWN);
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(plan_tf, accepts_utf16_bom_and_wrapper_lines)
{
	const char *json = "{\"format_version\":\"1.0\",\"resource_changes\":[{\"address\":\"a.b\","
			   "\"type\":\"a\",\"name\":\"b\",\"change\":{\"actions\":[\"create\"],"
			   "\"before\":null,\"after\":{\"x\":\"\xc3\xa9\"}}}]}";
	struct buf u16 = BUF_INIT, wrapped = BUF_INIT;
	struct source *src = NULL;
	struct plan *p = NULL;
	struct error err = ERROR_INIT;
	size_t i, start;
	unsigned skipped;

	buf_add(&u16, "\xff\xfe", 2);
	for (i = 0; json[i]; i++) {
		/* ASCII plus one two-byte UTF-8 letter: encode by hand */
		if ((unsigned char)json[i] == 0xc3) {
			buf_add(&u16, "\xe9\x00", 2);
			i++;
			continue;
		}
		buf_addch(&u16, json[i]);
		buf_addch(&u16, '\0');
	}
	cr_assert_eq(source_from_memory(&src, "u16.json", u16.data, u16.len, &err), 0);
	cr_assert_eq(src->encoding, SOURCE_UTF16LE);
	cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
	cr_assert_eq(plan_tf_load(&p, src, start, skipped, &err), 0, "%s", err.msg);
	cr_assert_str_eq(value_str(value_get(&plan_change_at(p, 0)->after, "x")), "\xc3\xa9");
	plan_free(&p);

	buf_addstr(&wrapped, "[command]/tmp/x/terraform-bin show -json plan.tfplan\n");
	buf_addstr(&wrapped, json);
	buf_addstr(&wrapped, "%0A\n::set-output name=stderr::\n::set-output name=exitcode::0\n");
	cr_assert_eq(source_from_memory(&src, "w.json", wrapped.data, wrapped.len, &err), 0);
	cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
	cr_assert_eq(skipped, 1);
	cr_assert_eq(plan_tf_load(&p, src, start, skipped, &err), 0, "%s", err.msg);
	cr_assert_eq(plan_diag_count(p), 2, "warnings for the leading and trailing lines");
	plan_free(&p);
	buf_release(&u16);
	buf_release(&wrapped);
	CHECK_NO_LEAKS();
}

struct bad_plan {
	const char *file;
	enum error_code code;
	unsigned long line, col;
	const char *words;
};

static const struct bad_plan bad_plans[] = {
	{ "truncated.json", ERROR_SYNTAX, 1, 181, "truncated" },
	{ "not-json.txt", ERROR_FORMAT, 1, 1, "not a plan" },
	{ "empty.json", ERROR_SYNTAX, 1, 1, "empty" },
	{ "wrong-type.json", ERROR_SCHEMA, 1, 44, "must be an array" },
	{ "array.json", ERROR_FORMAT, 1, 1, "not a plan" },
	{ "future-version.json", ERROR_FORMAT, 1, 19, "unsupported format_version '2.0'" },
	{ "bad-actions.json", ERROR_SCHEMA, 1, 128, "unsupported change actions [create,update]" },
	{ "no-address.json", ERROR_SCHEMA, 1, 45, "without an 'address'" },
	{ "latin1.json", ERROR_ENCODING, 1, 175, "invalid UTF-8" },
	{ "trailing-brace.json", ERROR_SYNTAX, 1, 67, "after the end" },
	{ "deep.json", ERROR_LIMIT, 1, 1048, "nested deeper than 1000" },
	{ "bad-utf16.json", ERROR_ENCODING, 0, 0, "odd number of bytes" },
};

Test(plan_tf, bad_inputs_give_one_error_with_file_and_position)
{
	size_t i;

	for (i = 0; i < sizeof(bad_plans) / sizeof(bad_plans[0]); i++) {
		const struct bad_plan *b = &bad_plans[i];
		struct load_opts o = { 0 };
		struct plan *p = NULL;
		struct error err = ERROR_INIT;
		char path[256];

		snprintf(path, sizeof(path), "testdata/plans/invalid/%s", b->file);
		o.path = path;
		cr_assert_eq(load_plan(&p, &o, &err), -1, "%s loaded", b->file);
		cr_assert_null(p);
		cr_assert_eq(err.code, b->code, "%s: code %d: %s", b->file, err.code, err.msg);
		cr_assert_str_eq(err.path, path, "%s", b->file);
		cr_assert_eq(err.line, b->line, "%s: line %lu: %s", b->file, err.line, err.msg);
		cr_assert_eq(err.col, b->col, "%s: col %lu: %s", b->file, err.col, err.msg);
		cr_assert(strstr(err.msg, b->words), "%s: '%s'", b->file, err.msg);
		cr_assert_null(strchr(err.msg, '\n'));
	}
	CHECK_NO_LEAKS();
}

/* A configuration whose modules nest `depth` deep, each declaring a
 * sensitive variable with a default ("s3cr3t-N"). */
static struct plan *
load_nested_modules(int depth)
{
	struct buf j = BUF_INIT;
	struct source *src = NULL;
	struct plan *p = NULL;
	struct error err = ERROR_INIT;
	size_t start;
	unsigned skipped;
	int i;

	buf_addstr(&j, "{\"format_version\":\"1.2\",\"resource_changes\":[],"
		       "\"configuration\":{\"root_module\":");
	for (i = 0; i < depth; i++)
		buf_addf(&j, "{\"variables\":{\"v\":{\"sensitive\":true,\"default\":\"s3cr3t-%d\"}},"
			     "\"module_calls\":{\"m\":{\"source\":\"./m\",\"module\":", i);
	buf_addstr(&j, "{\"variables\":{\"v\":{\"sensitive\":true,\"default\":\"s3cr3t-leaf\"}}}");
	for (i = 0; i < depth; i++)
		buf_addstr(&j, "}}}");
	buf_addstr(&j, "}}");
	cr_assert_not(buf_failed(&j));
	cr_assert_eq(source_from_memory(&src, "nested.json", j.data, j.len, &err), 0);
	buf_release(&j);
	cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
	cr_assert_eq(plan_tf_load(&p, src, start, skipped, &err), 0, "%lu:%lu: %s", err.line,
		     err.col, err.msg);
	return p;
}

Test(plan_tf, sensitive_defaults_are_masked_in_modules_at_any_depth)
{
	/* 300 modules deep is 900 JSON levels, under the reader's 1000 */
	struct plan *p = load_nested_modules(300);
	const struct value *m = value_get(plan_section_value(p, "configuration"), "root_module");
	int i;

	for (i = 0; i < 300; i++) {
		const struct value *d = value_get(value_get(value_get(m, "variables"), "v"), "default");

		cr_assert_eq(d->kind, VALUE_SENSITIVE, "module depth %d: default is %s", i,
			     value_kind_name(d->kind));
		m = value_get(value_get(value_get(m, "module_calls"), "m"), "module");
	}
	cr_assert_eq(value_get(value_get(value_get(m, "variables"), "v"), "default")->kind,
		     VALUE_SENSITIVE, "the innermost module's default");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

Test(plan_tf, an_unsupported_version_is_quoted_whole_characters_only)
{
	const char *json = "{\"format_version\": \"9.0-x\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
			   "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\"}";
	struct source *src = NULL;
	struct plan *p = NULL;
	struct error err = ERROR_INIT;
	size_t start;
	unsigned skipped;

	cr_assert_eq(source_from_memory(&src, "v.json", json, strlen(json), &err), 0);
	cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
	cr_assert_eq(plan_tf_load(&p, src, start, skipped, &err), -1);
	cr_assert_str_eq(err.msg, "unsupported format_version '9.0-x\u00e9\u00e9\u00e9\u00e9\u00e9"
				  "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9': "
				  "signoff reads versions 0.x and 1.x");
	cr_assert_eq(err.line, 1);
	cr_assert_eq(err.col, 20);
	CHECK_NO_LEAKS();
}

Test(plan_tf, kubernetes_client_keys_and_datadog_app_keys_are_credentials)
{
	const char *json =
		"{\"format_version\":\"1.2\",\"resource_changes\":[],\"configuration\":{"
		"\"provider_config\":{\"kubernetes\":{\"name\":\"kubernetes\",\"expressions\":{"
		"\"host\":{\"constant_value\":\"https://k8s\"},"
		"\"client_key\":{\"constant_value\":\"-----BEGIN EC PRIVATE KEY-----\"}}},"
		"\"datadog\":{\"name\":\"datadog\",\"expressions\":{"
		"\"app_key\":{\"constant_value\":\"dd-app-key\"}}}}}}";
	struct source *src = NULL;
	struct plan *p = NULL;
	struct error err = ERROR_INIT;
	size_t start;
	unsigned skipped;
	const struct value *pc;

	cr_assert_eq(source_from_memory(&src, "k.json", json, strlen(json), &err), 0);
	cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
	cr_assert_eq(plan_tf_load(&p, src, start, skipped, &err), 0, "%s", err.msg);
	pc = value_get(plan_section_value(p, "configuration"), "provider_config");
	cr_assert_eq(value_get(value_get(value_get(value_get(pc, "kubernetes"), "expressions"),
					 "client_key"),
			       "constant_value")
			     ->kind,
		     VALUE_SENSITIVE);
	cr_assert_eq(value_get(value_get(value_get(value_get(pc, "datadog"), "expressions"),
					 "app_key"),
			       "constant_value")
			     ->kind,
		     VALUE_SENSITIVE);
	cr_assert_str_eq(value_str(value_get(value_get(value_get(value_get(pc, "kubernetes"),
								  "expressions"),
							"host"),
					      "constant_value")),
			 "https://k8s");
	plan_free(&p);
	CHECK_NO_LEAKS();
}

/* A state resource's "index" or "tainted" of an unexpected type is passed
 * over whole: its members are never read as the resource's own keys. */
Test(plan_tf, odd_state_index_and_tainted_values_are_skipped_whole)
{
	const char *json =
		"{\"format_version\":\"1.2\",\"resource_changes\":[],"
		"\"prior_state\":{\"values\":{\"root_module\":{\"resources\":["
		"{\"address\":\"data.aws_iam_policy_document.p\",\"mode\":\"data\","
		"\"type\":\"aws_iam_policy_document\",\"name\":\"p\",\"index\":{\"k\":1},"
		"\"tainted\":{\"address\":\"data.evil.e\",\"mode\":\"data\",\"type\":\"evil\","
		"\"name\":\"e\"},\"values\":{\"json\":\"{}\"}}]}}}}";
	struct source *src = NULL;
	struct plan *p = NULL;
	struct error err = ERROR_INIT;
	const struct plan_change *c;
	size_t start;
	unsigned skipped;

	cr_assert_eq(source_from_memory(&src, "odd.json", json, strlen(json), &err), 0);
	cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
	cr_assert_eq(plan_tf_load(&p, src, start, skipped, &err), 0, "%lu:%lu: %s", err.line,
		     err.col, err.msg);
	cr_assert_eq(plan_change_count(p), 1);
	c = plan_find_change(p, "data.aws_iam_policy_document.p", PLAN_SECTION_CONTEXT);
	cr_assert_not_null(c);
	cr_assert_str_eq(c->type, "aws_iam_policy_document");
	cr_assert_null(c->index_key);
	cr_assert_eq(c->flags & PLAN_CHANGE_TAINTED, 0);
	cr_assert_str_eq(value_str(value_get(&c->after, "json")), "{}");
	cr_assert_null(plan_find_change(p, "data.evil.e", -1));
	plan_free(&p);
	CHECK_NO_LEAKS();
}

/* A sensitivity mask Terraform would not write (a string "true", a
 * number, a list or object over a plain value) hides the whole value: a
 * malformed mask fails closed.  false, null and empty containers hide
 * nothing; a container of the value's own shape applies member by member. */
Test(plan_tf, a_malformed_sensitivity_mask_hides_the_value)
{
	static const struct {
		const char *before_mask, *after_mask;
		bool hidden;
	} cases[] = {
		{ "true", "true", true },     { "\"true\"", "1", true },
		{ "[true]", "[true]", true }, { "{\"a\":true}", "false", true },
		{ "\"false\"", "false", true }, { "0", "null", true },
		{ "false", "false", false },  { "[]", "{}", false },
		{ "null", "false", false },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf json = BUF_INIT, out = BUF_INIT;
		struct source *src = NULL;
		struct plan *p = NULL;
		struct error err = ERROR_INIT;
		struct render_opts ro = { .full = true };
		size_t start;
		unsigned skipped;

		buf_addf(&json,
			 "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\","
			 "\"mode\":\"managed\",\"type\":\"a\",\"name\":\"b\",\"change\":{\"actions\":"
			 "[\"update\"],\"before\":{\"x\":\"SECRET-ONE\",\"y\":[\"SECRET-TWO\"]},"
			 "\"after\":{\"x\":\"SECRET-THREE\",\"y\":[\"SECRET-TWO\"]},"
			 "\"after_unknown\":{},\"before_sensitive\":{\"x\":%s,\"y\":%s},"
			 "\"after_sensitive\":{\"x\":%s,\"y\":%s}}}]}",
			 cases[i].before_mask, cases[i].before_mask, cases[i].after_mask,
			 cases[i].after_mask);
		cr_assert_eq(source_from_memory(&src, "m.json", json.data, json.len, &err), 0);
		cr_assert_eq(load_detect(src, &start, &skipped), LOAD_FORMAT_TERRAFORM);
		cr_assert_eq(plan_tf_load(&p, src, start, skipped, &err), 0, "%s", err.msg);
		ro.source_kind = PLAN_SOURCE_TERRAFORM;
		cr_assert_eq(render_text_change(&out, plan_change_at(p, 0), &ro, &err), 0);
		cr_assert_not(buf_failed(&out));
		if (cases[i].hidden) {
			cr_expect_null(strstr(out.data, "SECRET-ONE"), "masks %s / %s showed x:\n%s",
				       cases[i].before_mask, cases[i].after_mask, out.data);
			cr_expect_null(strstr(out.data, "SECRET-THREE"), "masks %s / %s showed x",
				       cases[i].before_mask, cases[i].after_mask);
		} else {
			cr_expect_not_null(strstr(out.data, "SECRET-THREE"), "masks %s / %s hid x",
					   cases[i].before_mask, cases[i].after_mask);
			cr_expect_not_null(strstr(out.data, "SECRET-TWO"), "masks %s / %s hid y",
					   cases[i].before_mask, cases[i].after_mask);
		}
		plan_free(&p);
		buf_release(&out);
		buf_release(&json);
	}
	CHECK_NO_LEAKS();
}
