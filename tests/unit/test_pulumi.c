/* test_pulumi.c - Pulumi previews, event streams, saved plans and stack
 * exports loaded into the change model (testdata/pulumi, made by
 * testdata/pulumi/gen-fixtures.py), and the real files of the shared
 * corpus when it is there. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "load.h"
#include "mem.h"
#include "plan.h"
#include "pulumi_summary.h"
#include "render.h"

#define P "urn:pulumi:prod::shop::"
#define PD TESTDATA("pulumi/")

static struct plan *
load_with(const char *path, const char *state)
{
	struct load_opts o;
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;

	memset(&o, 0, sizeof(o));
	o.path = path;
	o.state_path = state;
	cr_assert_eq(load_plan(&plan, &o, &err), 0, "%s: %s:%lu:%lu: %s", path, err.path, err.line,
		     err.col, err.msg);
	cr_assert_not_null(plan);
	cr_assert_eq(plan_source_kind(plan), PLAN_SOURCE_PULUMI);
	return plan;
}

static struct plan *
load(const char *path)
{
	return load_with(path, NULL);
}

static const struct plan_change *
change_in(const struct plan *plan, const char *address, int section)
{
	const struct plan_change *c = plan_find_change(plan, address, section);

	cr_assert_not_null(c, "no change '%s'", address);
	return c;
}

static const struct plan_change *
change(const struct plan *plan, const char *address)
{
	return change_in(plan, address, PLAN_SECTION_CHANGE);
}

/* A member or element by a dotted path ("settings.apiKey", "tokens.0"). */
static const struct value *
at(const struct value *v, const char *path)
{
	char buf[128], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
		if (v->kind == VALUE_ARRAY)
			v = value_at(v, (size_t)strtoul(tok, NULL, 10));
		else
			v = value_get(v, tok);
	}
	return v;
}

/* Canonical JSON with the unknown and sensitive markers. */
static void
assert_json(const struct value *v, const char *want)
{
	struct buf b = BUF_INIT;

	value_to_json(&b, v, true);
	cr_assert(!buf_failed(&b));
	cr_assert_str_eq(b.data, want);
	buf_release(&b);
}

static void
assert_str(const struct value *v, const char *want)
{
	cr_assert_eq(v->kind, VALUE_STRING, "kind %s, want string '%s'", value_kind_name(v->kind),
		     want);
	cr_assert_str_eq(v->u.str, want);
}

static size_t
count_diags(const struct plan *plan, const char *origin)
{
	size_t i, n = 0;

	for (i = 0; i < plan_diag_count(plan); i++)
		if (strcmp(plan_diag_at(plan, i)->origin, origin) == 0)
			n++;
	return n;
}

static const struct plan_diag *
diag_with(const struct plan *plan, const char *origin, size_t nth)
{
	size_t i;

	for (i = 0; i < plan_diag_count(plan); i++)
		if (strcmp(plan_diag_at(plan, i)->origin, origin) == 0 && !nth--)
			return plan_diag_at(plan, i);
	cr_assert_fail("no diagnostic from '%s'", origin);
	return NULL;
}

/* ---- every op ---- */

Test(pulumi, maps_every_step_op_to_one_action)
{
	static const struct {
		const char *address;
		int section;
		enum plan_action action;
		enum plan_mode mode;
		unsigned flags;   /* exactly these of the ones below */
	} want[] = {
		{ "pulumi:pulumi:Stack::shop-prod", PLAN_SECTION_CHANGE, PLAN_ACTION_NOOP,
		  PLAN_MODE_COMPONENT, 0 },
		{ "aws:s3/bucket:Bucket::logs", PLAN_SECTION_CHANGE, PLAN_ACTION_CREATE,
		  PLAN_MODE_MANAGED, 0 },
		{ "aws:s3/bucket:Bucket::assets", PLAN_SECTION_CHANGE, PLAN_ACTION_UPDATE,
		  PLAN_MODE_MANAGED, 0 },
		{ "aws:sqs/queue:Queue::old-jobs", PLAN_SECTION_CHANGE, PLAN_ACTION_DELETE,
		  PLAN_MODE_MANAGED, 0 },
		{ "aws:ec2/instance:Instance::web", PLAN_SECTION_CHANGE, PLAN_ACTION_REPLACE,
		  PLAN_MODE_MANAGED, PLAN_CHANGE_CREATE_FIRST },
		{ "aws:rds/instance:Instance::db", PLAN_SECTION_CHANGE, PLAN_ACTION_REPLACE,
		  PLAN_MODE_MANAGED, 0 },
		{ "aws:iam/role:Role::deployer", PLAN_SECTION_CHANGE, PLAN_ACTION_REPLACE,
		  PLAN_MODE_MANAGED, PLAN_CHANGE_CREATE_FIRST },
		{ "aws:ec2/vpc:Vpc::default-vpc", PLAN_SECTION_CHANGE, PLAN_ACTION_READ,
		  PLAN_MODE_DATA, 0 },
		{ "aws:ec2/subnet:Subnet::shared", PLAN_SECTION_CHANGE, PLAN_ACTION_REPLACE,
		  PLAN_MODE_DATA, PLAN_CHANGE_CREATE_FIRST | PLAN_CHANGE_FORGET_OLD },
		{ "aws:s3/bucket:Bucket::drifted", PLAN_SECTION_DRIFT, PLAN_ACTION_UPDATE,
		  PLAN_MODE_MANAGED, 0 },
		{ "aws:ec2/securityGroup:SecurityGroup::looked-up", PLAN_SECTION_CHANGE,
		  PLAN_ACTION_FORGET, PLAN_MODE_DATA, 0 },
		{ "aws:ecs/service:Service::api", PLAN_SECTION_CHANGE, PLAN_ACTION_REPLACE,
		  PLAN_MODE_MANAGED, PLAN_CHANGE_FORGET_OLD },
		{ "aws:s3/bucket:Bucket::legacy", PLAN_SECTION_CHANGE, PLAN_ACTION_IMPORT,
		  PLAN_MODE_MANAGED, PLAN_CHANGE_IMPORTING },
		{ "aws:dynamodb/table:Table::sessions", PLAN_SECTION_CHANGE, PLAN_ACTION_REPLACE,
		  PLAN_MODE_MANAGED, PLAN_CHANGE_CREATE_FIRST | PLAN_CHANGE_IMPORTING },
		{ "aws:kms/key:Key::main", PLAN_SECTION_CHANGE, PLAN_ACTION_NOOP, PLAN_MODE_MANAGED,
		  0 },
		{ "pulumi:providers:terraform-provider::tfp", PLAN_SECTION_CHANGE, PLAN_ACTION_NOOP,
		  PLAN_MODE_PROVIDER, 0 },
		{ "aws:sns/topic:Topic::alerts", PLAN_SECTION_CHANGE, PLAN_ACTION_UPDATE,
		  PLAN_MODE_MANAGED, 0 },
	};
	const unsigned checked = PLAN_CHANGE_CREATE_FIRST | PLAN_CHANGE_FORGET_OLD |
				 PLAN_CHANGE_IMPORTING | PLAN_CHANGE_MOVED | PLAN_CHANGE_RENAMED;
	struct plan *plan = load(PD "ops-digest.json");
	size_t i;

	/* 26 steps fold into one change per resource */
	cr_assert_eq(plan_change_count(plan), sizeof(want) / sizeof(want[0]));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct plan_change *c = change_in(plan, want[i].address, want[i].section);

		cr_assert_eq(c->index, i, "'%s' is change %zu, want %zu (engine order)",
			     want[i].address, c->index, i);
		cr_assert_eq(c->action, want[i].action, "'%s': %s, want %s", want[i].address,
			     plan_action_key(c->action), plan_action_key(want[i].action));
		cr_assert_eq(c->mode, want[i].mode, "'%s': mode %s", want[i].address,
			     plan_mode_name(c->mode));
		cr_assert_eq(c->flags & checked, want[i].flags, "'%s': flags %#x", want[i].address,
			     c->flags & checked);
	}
	cr_assert_str_eq(plan_target_name(plan), "prod");
	cr_assert_eq(plan_flags(plan) & PLAN_ERRORED, 0);
	plan_free(&plan);
	cr_assert_null(plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, keeps_the_ops_and_the_facts_of_each_change)
{
	struct plan *plan = load(PD "ops-digest.json");
	const struct plan_change *c;

	c = change(plan, "aws:ec2/instance:Instance::web");
	assert_json(at(&c->extra, "ops"), "[\"create-replacement\",\"replace\",\"delete-replaced\"]");
	assert_str(at(&c->extra, "urn"), P "aws:ec2/instance:Instance::web");
	assert_str(at(&c->extra, "id"), "i-0aa");
	assert_str(at(&c->extra, "parent"), P "pulumi:pulumi:Stack::shop-prod");
	cr_assert_str_eq(c->native_id, P "aws:ec2/instance:Instance::web");
	cr_assert_str_eq(c->provider, P "pulumi:providers:aws::default_6_63_0::"
				      "04da6b54-80e4-46f7-96ec-b56ff0331ba9");
	cr_assert_str_eq(c->group, "");
	cr_assert_str_eq(c->type, "aws:ec2/instance:Instance");
	cr_assert_str_eq(c->name, "web");
	c = change(plan, "aws:s3/bucket:Bucket::legacy");
	cr_assert_str_eq(c->import_id, "legacy-bucket");
	cr_assert_eq(c->before.kind, VALUE_ABSENT);
	assert_json(&c->after, "{\"bucket\":\"legacy-bucket\"}");
	c = change(plan, "aws:dynamodb/table:Table::sessions");
	cr_assert_str_eq(c->import_id, "sessions-2");
	c = change(plan, "aws:sns/topic:Topic::alerts");
	cr_assert_eq(c->reason, PLAN_REASON_OTHER);
	cr_assert_str_eq(c->reason_text, "unknown Pulumi op: frobnicate");
	c = change(plan, "aws:ec2/vpc:Vpc::default-vpc");
	/* a read resource shows what was read */
	assert_json(&c->after, "{\"cidrBlock\":\"172.31.0.0/16\",\"id\":\"vpc-1\"}");
	c = change_in(plan, "aws:s3/bucket:Bucket::drifted", PLAN_SECTION_DRIFT);
	assert_json(&c->before, "{\"bucket\":\"drifted\",\"versioning\":{\"enabled\":true}}");
	assert_json(&c->after, "{\"bucket\":\"drifted\",\"versioning\":{\"enabled\":false}}");
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, folds_a_create_first_replacement)
{
	struct plan *plan = load(PD "ops-digest.json");
	const struct plan_change *c = change(plan, "aws:ec2/instance:Instance::web");

	cr_assert_eq(c->action, PLAN_ACTION_REPLACE);
	cr_assert(c->flags & PLAN_CHANGE_CREATE_FIRST);
	cr_assert_eq(c->reason, PLAN_REASON_REPLACE_CANNOT_UPDATE);
	assert_json(&c->before, "{\"ami\":\"ami-111\",\"instanceType\":\"t3.micro\"}");
	assert_json(&c->after, "{\"ami\":\"ami-222\",\"instanceType\":\"t3.micro\"}");
	assert_json(&c->replace_paths, "[[\"ami\"]]");
	assert_json(at(&c->extra, "outputs_before"),
		    "{\"ami\":\"ami-111\",\"instanceType\":\"t3.micro\",\"publicIp\":\"203.0.113.7\"}");
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, folds_a_delete_first_replacement)
{
	struct plan *plan = load(PD "ops-digest.json");
	const struct plan_change *c = change(plan, "aws:rds/instance:Instance::db");

	cr_assert_eq(c->action, PLAN_ACTION_REPLACE);
	cr_assert_eq(c->flags & PLAN_CHANGE_CREATE_FIRST, 0);
	assert_json(at(&c->extra, "ops"), "[\"delete-replaced\",\"replace\",\"create-replacement\"]");
	assert_json(&c->before, "{\"engine\":\"postgres\",\"engineVersion\":\"15.4\"}");
	assert_json(&c->after, "{\"engine\":\"postgres\",\"engineVersion\":\"16.1\"}");
	assert_json(&c->replace_paths, "[[\"engineVersion\"]]");
	/* only the logical step, as a default preview prints it: create first */
	c = change(plan, "aws:iam/role:Role::deployer");
	cr_assert(c->flags & PLAN_CHANGE_CREATE_FIRST);
	assert_json(&c->replace_paths, "[[\"name\"]]");
	/* remove-pending-replace came first: the old object only leaves the state */
	c = change(plan, "aws:ecs/service:Service::api");
	cr_assert_eq(c->flags & (PLAN_CHANGE_CREATE_FIRST | PLAN_CHANGE_FORGET_OLD),
		     PLAN_CHANGE_FORGET_OLD);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, counts_folded_changes_like_pulumi)
{
	struct plan *plan = load(PD "ops-digest.json");
	struct plan_counts n;
	struct pulumi_counts pc;
	struct buf b = BUF_INIT;

	plan_count(plan, &n);
	cr_assert_eq(n.by_action[PLAN_ACTION_REPLACE], 6);
	cr_assert_eq(n.replace_create_first, 3);
	cr_assert_eq(n.replace_delete_first, 1);
	cr_assert_eq(n.forget, 3); /* two replacements forget their old object, one discard */
	cr_assert_eq(n.drift, 1);
	pulumi_count(plan, &pc);
	cr_assert_eq(pc.create, 1);
	cr_assert_eq(pc.update, 2);
	cr_assert_eq(pc.replace, 6);
	cr_assert_eq(pc.del, 1);
	cr_assert_eq(pc.import, 1);
	cr_assert_eq(pc.read, 1);
	cr_assert_eq(pc.forget, 1);
	cr_assert_eq(pc.changes, 13);
	cr_assert_eq(pc.unchanged, 12, "from the preview's own changeSummary");
	render_pulumi_summary(&b, plan);
	cr_assert_str_eq(b.data, "\nResources:\n"
				 "    + 1 to create\n"
				 "    ~ 2 to update\n"
				 "    +-6 to replace\n"
				 "    - 1 to delete\n"
				 "    = 1 to import\n"
				 "    > 1 to read\n"
				 "    / 1 to forget\n"
				 "    13 changes. 12 unchanged\n");
	buf_release(&b);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, drops_defaults_at_every_level)
{
	struct plan *plan = load(PD "ops-digest.json");
	const struct plan_change *c = change(plan, "aws:s3/bucket:Bucket::logs");

	assert_json(&c->after, "{\"acl\":\"private\",\"bucket\":\"logs-1234\",\"forceDestroy\":false,"
			       "\"tags\":{\"team\":\"web\"}}");
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, unknown_ops_are_reviewed_and_reported)
{
	struct plan *plan = load(PD "ops-digest.json");
	const struct plan_diag *d = diag_with(plan, "loader", 0);

	cr_assert_eq(count_diags(plan, "loader"), 1);
	cr_assert_eq(d->severity, PLAN_DIAG_WARNING);
	cr_assert_str_eq(d->message, "unknown step op 'frobnicate': shown as an update so that it is "
				     "reviewed");
	cr_assert_eq(d->line, 701);
	cr_assert_eq(d->col, 9);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, diagnostics_keep_their_resource_and_drop_debug)
{
	struct plan *plan = load(PD "ops-digest.json");
	const struct plan_diag *d;

	cr_assert_eq(count_diags(plan, "pulumi"), 2);
	d = diag_with(plan, "pulumi", 0);
	cr_assert_eq(d->severity, PLAN_DIAG_WARNING);
	cr_assert_str_eq(d->message, "warning: bucket names are global");
	cr_assert_str_eq(d->address, "aws:s3/bucket:Bucket::logs");
	d = diag_with(plan, "pulumi", 1);
	cr_assert_eq(d->severity, PLAN_DIAG_INFO);
	cr_assert_str_eq(d->message, "Installing plugin aws");
	cr_assert_null(d->address);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- secrets and unknowns ---- */

static bool
has_location(const struct value *v)
{
	return v->kind == VALUE_SENSITIVE && (v->u.secret->flags & VALUE_SECRET_HAS_LOCATION);
}

Test(pulumi, secret_strings_are_sensitive_and_never_kept)
{
	struct plan *plan = load(PD "secrets-digest.json");
	const struct plan_change *c = change(plan, "aws:rds/instance:Instance::db2");
	const char *paths[] = { "password", "settings.apiKey", "tokens.0" };
	size_t i;

	for (i = 0; i < 3; i++) {
		cr_assert_eq(at(&c->before, paths[i])->kind, VALUE_SENSITIVE, "before.%s", paths[i]);
		cr_assert_eq(at(&c->after, paths[i])->kind, VALUE_SENSITIVE, "after.%s", paths[i]);
	}
	assert_str(at(&c->before, "tokens.1"), "plain");
	assert_str(at(&c->before, "username"), "admin");
	c = change(plan, "aws:ec2/instance:Instance::worker");
	cr_assert_eq(at(&c->after, "userData")->kind, VALUE_SENSITIVE);
	cr_assert(!has_location(at(&c->after, "userData")), "\"[secret]\" has nothing to reveal");
	cr_assert_eq(value_get(plan_section_value(plan, "config"), "shop:apiKey")->kind,
		     VALUE_SENSITIVE);
	assert_str(value_get(plan_section_value(plan, "config"), "shop:env"), "prod");
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, secrets_pulumi_says_did_not_change_compare_equal)
{
	struct plan *plan = load(PD "secrets-digest.json");
	const struct plan_change *c = change(plan, "aws:rds/instance:Instance::db2");

	/* detailedDiff names settings.level and tokens[0], not the others */
	cr_assert(value_equal(at(&c->before, "password"), at(&c->after, "password")));
	cr_assert(value_equal(at(&c->before, "settings.apiKey"), at(&c->after, "settings.apiKey")));
	cr_assert(!value_equal(at(&c->before, "tokens.0"), at(&c->after, "tokens.0")));
	cr_assert(!value_equal(at(&c->before, "password"), at(&c->before, "settings.apiKey")),
		  "two different secrets are not equal");
	cr_assert(c->flags & PLAN_CHANGE_SENSITIVE_CHANGED);
	/* only a plain attribute changed */
	c = change(plan, "aws:ssm/parameter:Parameter::flag2");
	cr_assert(value_equal(at(&c->before, "value"), at(&c->after, "value")));
	cr_assert_eq(c->flags & PLAN_CHANGE_SENSITIVE_CHANGED, 0);
	/* diffReasons name the secret */
	c = change(plan, "aws:secretsmanager/secretVersion:SecretVersion::api");
	cr_assert(c->flags & PLAN_CHANGE_SENSITIVE_CHANGED);
	/* no diff at all: it may have changed */
	c = change(plan, "aws:ssm/parameter:Parameter::flag");
	cr_assert(!value_equal(at(&c->before, "value"), at(&c->after, "value")));
	cr_assert(c->flags & PLAN_CHANGE_SENSITIVE_CHANGED);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, unknown_sentinel_is_known_after_apply)
{
	struct plan *plan = load(PD "secrets-digest.json");
	const struct plan_change *c = change(plan, "aws:rds/instance:Instance::db2");

	cr_assert_eq(at(&c->after, "allocatedStorage")->kind, VALUE_UNKNOWN);
	cr_assert_eq(at(&c->before, "allocatedStorage")->kind, VALUE_NUMBER);
	cr_assert(c->flags & PLAN_CHANGE_HAS_UNKNOWN);
	c = change(plan, "aws:ec2/instance:Instance::worker");
	assert_str(at(&c->after, "subnets.0"), "subnet-1");
	cr_assert_eq(at(&c->after, "subnets.1")->kind, VALUE_UNKNOWN);
	cr_assert(c->flags & PLAN_CHANGE_HAS_UNKNOWN);
	/* an unknown ID is not an ID */
	cr_assert_eq(value_get(&c->extra, "id")->kind, VALUE_ABSENT);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, additional_secret_outputs_are_sensitive)
{
	struct plan *plan = load(PD "secrets-digest.json");
	const struct plan_change *c = change(plan, "aws:rds/instance:Instance::db2");
	const struct value *out = value_get(&c->extra, "outputs_before");

	cr_assert_eq(value_get(out, "masterUserSecret")->kind, VALUE_SENSITIVE);
	cr_assert_eq(value_get(out, "password")->kind, VALUE_SENSITIVE);
	assert_str(value_get(out, "endpoint"), "db2.example:5432");
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- URNs ---- */

Test(pulumi, type_chains_name_the_change_and_parents_group_it)
{
	static const struct {
		const char *address, *type, *name, *group;
		enum plan_mode mode;
	} want[] = {
		{ "my:web:Site::site", "my:web:Site", "site", "", PLAN_MODE_COMPONENT },
		{ "my:web:Site$aws:s3/bucket:Bucket::site-bucket", "aws:s3/bucket:Bucket",
		  "site-bucket", "my:web:Site::site", PLAN_MODE_MANAGED },
		{ "my:web:Site$my:web:Cdn::cdn", "my:web:Cdn", "cdn", "my:web:Site::site",
		  PLAN_MODE_COMPONENT },
		{ "my:web:Site$my:web:Cdn$aws:cloudfront/distribution:Distribution::cdn::edge",
		  "aws:cloudfront/distribution:Distribution", "cdn::edge", "my:web:Site$my:web:Cdn::cdn",
		  PLAN_MODE_MANAGED },
		{ "aws:ssm/parameter:Parameter::price$tag::v2", "aws:ssm/parameter:Parameter",
		  "price$tag::v2", "", PLAN_MODE_MANAGED },
		{ "aws:s3/bucket:Bucket::b\xc3\xbc" "cket \x1b[31mred", "aws:s3/bucket:Bucket",
		  "b\xc3\xbc" "cket \x1b[31mred", "", PLAN_MODE_MANAGED },
	};
	struct plan *plan = load(PD "urns.json");
	size_t i;

	cr_assert_eq(plan_change_count(plan), 6);
	for (i = 0; i < 6; i++) {
		const struct plan_change *c = plan_change_at(plan, i);

		cr_assert_str_eq(c->address, want[i].address);
		cr_assert_str_eq(c->type, want[i].type);
		cr_assert_str_eq(c->name, want[i].name);
		cr_assert_str_eq(c->group, want[i].group, "group of '%s'", c->address);
		cr_assert_eq(c->mode, want[i].mode, "mode of '%s'", c->address);
		cr_assert_eq(c->action, PLAN_ACTION_CREATE);
	}
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, untrusted_names_are_escaped_in_show)
{
	struct plan *plan = load(PD "urns.json");
	struct render_opts ro = { .color = false };
	struct error err = ERROR_INIT;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	cr_assert_not_null(f);
	cr_assert_eq(render_text_plan(f, plan, &ro, &err), 0);
	fclose(f);
	cr_assert_null(memchr(out, '\x1b', len), "an escape character reached the output");
	cr_assert_not_null(strstr(out, "# aws:s3/bucket:Bucket::b\xc3\xbc" "cket \\x1b[31mred will be "
				       "created"));
	free(out);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- text around the JSON ---- */

Test(pulumi, tolerates_text_before_and_after_the_json)
{
	struct plan *plan = load(PD "surrounding-text.json");
	struct plan *clean = load(PD "default-digest.json");
	const struct plan_diag *d;
	const struct plan_change *c;

	cr_assert_eq(plan_change_count(plan), plan_change_count(clean));
	c = change(plan, "aws:s3/bucket:Bucket::site");
	cr_assert_eq(c->action, PLAN_ACTION_UPDATE);
	cr_assert(value_equal(&c->after, &change(clean, "aws:s3/bucket:Bucket::site")->after));
	cr_assert_eq(count_diags(plan, "loader"), 2);
	d = diag_with(plan, "loader", 0);
	cr_assert_str_eq(d->message, "skipped 2 line(s) of text before the JSON (e.g. policy pack "
				     "installation messages)");
	cr_assert_eq(d->line, 1);
	d = diag_with(plan, "loader", 1);
	cr_assert_str_eq(d->message, "ignored 1 line(s) of text after the JSON document (e.g. a "
				     "\"plan written\" message)");
	cr_assert_eq(d->line, 55);
	cr_assert_eq(d->col, 1);
	cr_assert_eq(count_diags(clean, "loader"), 0);
	plan_free(&plan);
	plan_free(&clean);
	CHECK_NO_LEAKS();
}

/* ---- the event stream ---- */

Test(pulumi, event_lines_and_glued_pretty_objects_load_alike)
{
	struct plan *a = load(PD "events.jsonl");
	struct plan *b = load(PD "events-pretty.json");
	size_t i;

	cr_assert_eq(plan_change_count(a), 5);
	cr_assert_eq(plan_change_count(b), 5);
	for (i = 0; i < 5; i++) {
		const struct plan_change *x = plan_change_at(a, i), *y = plan_change_at(b, i);

		cr_assert_str_eq(x->address, y->address);
		cr_assert_eq(x->action, y->action);
		cr_assert_eq(x->flags, y->flags);
		cr_assert_str_eq(x->group, y->group);
	}
	cr_assert_eq(plan_output_count(a), plan_output_count(b));
	/* the stream's text lines are reported, the pretty file has none */
	cr_assert_eq(count_diags(a, "loader"), 2);
	cr_assert_str_eq(diag_with(a, "loader", 1)->message,
			 "skipped 2 line(s) of text that are not engine events, the first here");
	cr_assert_eq(diag_with(a, "loader", 1)->line, 10);
	cr_assert_eq(count_diags(b, "loader"), 0);
	cr_assert_str_eq(plan_timestamp(a), "2023-11-14T22:13:43Z");
	cr_assert_str_eq(plan_timestamp(b), plan_timestamp(a));
	plan_free(&a);
	plan_free(&b);
	CHECK_NO_LEAKS();
}

Test(pulumi, event_stream_folds_replacements_in_both_orders)
{
	struct plan *plan = load(PD "events.jsonl");
	const struct plan_change *c;

	c = change(plan, "aws:lb/loadBalancer:LoadBalancer::front");
	cr_assert_eq(c->action, PLAN_ACTION_REPLACE);
	cr_assert_eq(c->flags & PLAN_CHANGE_CREATE_FIRST, 0, "delete-replaced came first");
	assert_json(at(&c->extra, "ops"), "[\"delete-replaced\",\"replace\",\"create-replacement\"]");
	assert_json(&c->replace_paths, "[[\"name\"]]");
	/* an alias: the delete side has the old URN and still joins */
	c = change(plan, "aws:ecs/taskDefinition:TaskDefinition::api-new");
	cr_assert_eq(c->action, PLAN_ACTION_REPLACE);
	cr_assert(c->flags & PLAN_CHANGE_CREATE_FIRST);
	cr_assert(c->flags & PLAN_CHANGE_RENAMED);
	cr_assert_str_eq(c->previous_address, "aws:ecs/taskDefinition:TaskDefinition::api-old");
	assert_str(at(&c->extra, "old_urn"), P "aws:ecs/taskDefinition:TaskDefinition::api-old");
	assert_json(at(&c->extra, "ops"), "[\"create-replacement\",\"replace\",\"delete-replaced\"]");
	assert_json(&c->before, "{\"cpu\":\"256\",\"family\":\"api\"}");
	assert_json(&c->after, "{\"cpu\":\"512\",\"family\":\"api\"}");
	cr_assert_null(plan_find_change(plan, "aws:ecs/taskDefinition:TaskDefinition::api-old", -1));
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, blinded_event_secrets_keep_no_digest)
{
	struct plan *plan = load(PD "events.jsonl");
	const struct plan_change *c = change(plan, "aws:lambda/function:Function::worker");
	const struct value *a = at(&c->before, "environment.variables.TOKEN");
	const struct value *b = at(&c->after, "environment.variables.TOKEN");

	cr_assert_eq(a->kind, VALUE_SENSITIVE);
	cr_assert_eq(a->u.secret->flags, 0, "no digest and nothing to reveal");
	cr_assert(!value_equal(a, b), "all blinded secrets look alike: unknown whether it changed");
	cr_assert(c->flags & PLAN_CHANGE_SENSITIVE_CHANGED);
	/* here Pulumi's diff names only "name": the token did not change */
	c = change(plan, "aws:lb/loadBalancer:LoadBalancer::front");
	cr_assert(value_equal(value_get(&c->before, "accessLogsToken"),
			      value_get(&c->after, "accessLogsToken")));
	cr_assert_eq(c->flags & PLAN_CHANGE_SENSITIVE_CHANGED, 0);
	cr_assert_eq(value_get(plan_section_value(plan, "config"), "shop:apiToken")->kind,
		     VALUE_SENSITIVE);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, references_assets_and_output_values_are_compact)
{
	struct plan *plan = load(PD "events.jsonl");
	const struct plan_change *c = change(plan, "aws:s3/bucket:Bucket::site");

	assert_str(at(&c->after, "kmsKey"), P "aws:kms/key:Key::main");
	assert_json(at(&c->extra, "dependencies"), "[\"" P "aws:kms/key:Key::main\"]");
	assert_json(at(&c->before, "index"), "{\"asset\":\"aaa111\"}");
	assert_json(at(&c->after, "index"), "{\"asset\":\"bbb222\"}");
	cr_assert_eq(at(&c->after, "logging")->kind, VALUE_UNKNOWN);
	assert_json(at(&c->extra, "diffReasons"), "[\"website\",\"index\",\"logging\"]");
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, stack_outputs_become_output_changes)
{
	struct plan *plan = load(PD "events.jsonl");
	const struct plan_output *o;

	cr_assert_eq(plan_output_count(plan), 2);
	o = plan_output_at(plan, 0);
	cr_assert_str_eq(o->name, "bucket");
	cr_assert_eq(o->action, PLAN_ACTION_NOOP);
	o = plan_output_at(plan, 1);
	cr_assert_str_eq(o->name, "url");
	cr_assert_eq(o->action, PLAN_ACTION_UPDATE);
	assert_str(&o->before, "https://old.example");
	cr_assert_eq(o->after.kind, VALUE_UNKNOWN);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, policy_violations_are_diagnostics_of_their_pack)
{
	struct plan *plan = load(PD "events.jsonl");
	const struct plan_diag *d;

	cr_assert_eq(count_diags(plan, "policy pack aws-guard"), 1);
	d = diag_with(plan, "policy pack aws-guard", 0);
	cr_assert_eq(d->severity, PLAN_DIAG_ERROR);
	cr_assert_str_eq(d->message, "[s3-no-public-website] Buckets must not serve public websites "
				     "(mandatory)");
	cr_assert_str_eq(d->address, "aws:s3/bucket:Bucket::site");
	/* the warning diagnostic; the ephemeral one and stdout are left out */
	cr_assert_eq(count_diags(plan, "pulumi"), 1);
	d = diag_with(plan, "pulumi", 0);
	cr_assert_str_eq(d->message, "website hosting is deprecated");
	cr_assert_eq(plan_flags(plan) & PLAN_ERRORED, 0, "a violation is not a failed preview");
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- --state, saved plans, summaries, exports ---- */

Test(pulumi, state_file_adds_the_unchanged_resources_as_context)
{
	struct plan *plan = load_with(PD "default-digest.json", PD "export.json");
	const struct plan_change *c;
	struct plan_counts n;
	struct buf b = BUF_INIT;
	struct error err = ERROR_INIT;

	plan_count(plan, &n);
	cr_assert_eq(plan_change_count(plan), 6);
	cr_assert_eq(n.context, 5);
	cr_assert_eq(n.by_action[PLAN_ACTION_UPDATE], 1);
	c = change_in(plan, "aws:s3/bucketPolicy:BucketPolicy::site-policy", PLAN_SECTION_CONTEXT);
	cr_assert_eq(c->action, PLAN_ACTION_NOOP);
	assert_json(at(&c->extra, "dependencies"), "[\"" P "aws:s3/bucket:Bucket::site\"]");
	assert_json(at(&c->extra, "propertyDependencies"),
		    "{\"bucket\":[\"" P "aws:s3/bucket:Bucket::site\"]}");
	c = change_in(plan, "pulumi:providers:aws::default_6_63_0", PLAN_SECTION_CONTEXT);
	cr_assert_eq(c->mode, PLAN_MODE_PROVIDER);
	/* the preview's step had no dependencies: the state gives them */
	c = change(plan, "aws:s3/bucket:Bucket::site");
	assert_json(at(&c->extra, "dependencies"), "[\"" P "aws:kms/key:Key::main\"]");
	/* secrets of the state are sensitive and cannot be revealed from the preview */
	c = change_in(plan, "aws:rds/instance:Instance::db", PLAN_SECTION_CONTEXT);
	cr_assert_str_eq(value_str(at(&c->extra, "id")), "db",
			 "the copy pending deletion is not the resource");
	cr_assert_eq(value_get(&c->after, "password")->kind, VALUE_SENSITIVE);
	cr_assert_eq(value_get(&c->after, "masterPassword")->kind, VALUE_SENSITIVE);
	cr_assert(!has_location(value_get(&c->after, "password")));
	cr_assert_eq(plan_reveal(plan, value_get(&c->after, "password")->u.secret, &b, &err), -1);
	cr_assert_eq(b.len, 0);
	/* a plaintext secret compares by its value */
	cr_assert(value_get(&c->after, "password")->u.secret->flags & VALUE_SECRET_HAS_MAC);
	cr_assert_eq(count_diags(plan, "loader"), 0);
	buf_release(&b);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, state_file_of_another_stack_is_ignored_with_a_warning)
{
	struct plan *plan = load_with(PD "default-digest.json", PD "export-staging.json");

	cr_assert_eq(plan_change_count(plan), 1);
	cr_assert_eq(count_diags(plan, "loader"), 1);
	cr_assert_str_eq(diag_with(plan, "loader", 0)->message,
			 "ignored 6 resource(s) of --state that belong to stack 'staging', not 'prod'");
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, secrets_of_any_source_never_reach_the_output)
{
	static const char *const secrets[] = { "hunter2-plaintext", "c2VjcmV0LWNpcGhlcnRleHQ",
					       "c2VjcmV0LWNpcGhlcg", "output-plain-but-secret" };
	static const char *const inputs[][2] = {
		{ PD "default-digest.json", PD "export.json" },
		{ PD "plan.json", PD "export.json" },
		{ PD "export.json", NULL },
		{ PD "secrets-digest.json", NULL },
	};
	size_t i, j, k;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct plan *plan = load_with(inputs[i][0], inputs[i][1]);

		for (k = 0; k < 2; k++) {
			struct render_opts ro = { .full = true };
			struct error err = ERROR_INIT;
			char *out = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&out, &len);

			cr_assert_not_null(f);
			cr_assert_eq(k ? render_json_plan(f, plan, &ro, &err)
				       : render_text_plan(f, plan, &ro, &err),
				     0);
			fclose(f);
			for (j = 0; j < sizeof(secrets) / sizeof(secrets[0]); j++)
				cr_assert_null(strstr(out, secrets[j]), "'%s' in the %s of %s",
					       secrets[j], k ? "JSON" : "text", inputs[i][0]);
			free(out);
		}
		plan_free(&plan);
	}
	CHECK_NO_LEAKS();
}

Test(pulumi, saved_plan_loads_with_and_without_state)
{
	struct plan *plan = load(PD "plan.json");
	const struct plan_change *c;

	cr_assert_str_eq(plan_tool_version(plan), "v3.140.0");
	cr_assert_str_eq(plan_timestamp(plan), "2026-01-02T03:04:05Z");
	cr_assert_eq(plan_change_count(plan), 5);
	cr_assert_eq(change(plan, "aws:sns/topic:Topic::events")->action, PLAN_ACTION_CREATE);
	cr_assert_eq(change(plan, "aws:kms/key:Key::main")->action, PLAN_ACTION_DELETE);
	c = change(plan, "aws:rds/instance:Instance::db");
	cr_assert_eq(c->action, PLAN_ACTION_REPLACE);
	cr_assert_eq(c->flags & PLAN_CHANGE_CREATE_FIRST, 0);
	cr_assert(value_bool(value_get(&c->extra, "deleteBeforeReplace"), false));
	c = change(plan, "aws:s3/bucket:Bucket::site");
	cr_assert_eq(c->action, PLAN_ACTION_UPDATE);
	cr_assert_eq(c->before.kind, VALUE_ABSENT);
	assert_json(&c->after, "{\"website\":{\"indexDocument\":\"index.html\"}}");
	assert_json(value_get(&c->extra, "outputs_after"),
		    "{\"arn\":\"(known after apply)\",\"bucket\":\"site\"}");
	cr_assert_eq(value_get(plan_section_value(plan, "config"), "shop:dbPassword")->kind,
		     VALUE_SENSITIVE);
	cr_assert_str_eq(diag_with(plan, "loader", 0)->message,
			 "a saved plan holds no old state: updates show only the changed inputs "
			 "(give a `pulumi stack export` with --state)");
	plan_free(&plan);

	plan = load_with(PD "plan.json", PD "export.json");
	c = change(plan, "aws:s3/bucket:Bucket::site");
	assert_json(&c->before, "{\"bucket\":\"site\",\"website\":{\"indexDocument\":\"index.htm\"}}");
	assert_json(&c->after, "{\"bucket\":\"site\",\"website\":{\"indexDocument\":\"index.html\"}}");
	c = change(plan, "aws:kms/key:Key::main");
	assert_json(&c->before, "{\"description\":\"main\"}");
	cr_assert_eq(count_diags(plan, "loader"), 0);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, summary_json_gives_the_operations_only)
{
	struct plan *plan = load(PD "summary.json");
	const struct plan_change *c;

	cr_assert_eq(plan_change_count(plan), 3);
	c = change(plan, "my:web:Site$aws:s3/bucket:Bucket::site");
	cr_assert_eq(c->action, PLAN_ACTION_UPDATE);
	cr_assert_str_eq(c->group, "my:web:Site::web");
	cr_assert_eq(c->before.kind, VALUE_ABSENT);
	cr_assert_eq(c->after.kind, VALUE_ABSENT);
	cr_assert_eq(change(plan, "aws:sns/topic:Topic::events")->action, PLAN_ACTION_CREATE);
	cr_assert_eq(change(plan, "aws:kms/key:Key::main")->action, PLAN_ACTION_DELETE);
	cr_assert_eq(count_diags(plan, "loader"), 1);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(pulumi, stack_export_alone_is_context)
{
	struct plan *plan = load(PD "export.json");
	struct plan_counts n;

	plan_count(plan, &n);
	cr_assert_eq(plan_change_count(plan), 6);
	cr_assert_eq(n.context, 6);
	cr_assert_str_eq(plan_format_version(plan), "3");
	cr_assert_str_eq(plan_tool_version(plan), "v3.140.0");
	cr_assert_str_eq(plan_target_name(plan), "prod");
	cr_assert_eq(count_diags(plan, "pulumi"), 1, "the pending operation");
	cr_assert_eq(count_diags(plan, "loader"), 1);
	/* a secret of the main source can be revealed on purpose */
	{
		const struct plan_change *c =
			change_in(plan, "aws:rds/instance:Instance::db", PLAN_SECTION_CONTEXT);
		const struct value *pw = value_get(&c->after, "password");
		struct buf b = BUF_INIT;
		struct error err = ERROR_INIT;

		cr_assert(has_location(pw));
		cr_assert_eq(plan_reveal(plan, pw->u.secret, &b, &err), 0, "%s", err.msg);
		cr_assert_not_null(strstr(b.data, "hunter2-plaintext"));
		buf_wipe(&b);
	}
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- bad input ---- */

Test(pulumi, bad_input_fails_with_file_line_and_column)
{
	static const struct {
		const char *file, *state, *msg;
		unsigned long line, col;
		enum error_code code;
	} cases[] = {
		{ "invalid/truncated.json", NULL, "unterminated string (truncated JSON?)", 22, 24,
		  ERROR_SYNTAX },
		{ "invalid/bad-urn.json", NULL,
		  "'arn:aws:s3:::site' is not a Pulumi URN (urn:pulumi:STACK::PROJECT::TYPE::NAME)",
		  3, 9, ERROR_SCHEMA },
		{ "invalid/no-op.json", NULL, "a step without an 'op'", 3, 9, ERROR_SCHEMA },
		{ "invalid/steps-object.json", NULL, "'steps' must be an array, not object", 2, 14,
		  ERROR_SCHEMA },
		{ "invalid/detailed-diff.json", NULL, "'detailedDiff' must be an object, not string",
		  38, 29, ERROR_SCHEMA },
		{ "invalid/events-truncated.jsonl", NULL, "control character 0x0a inside a string",
		  7, 41, ERROR_SYNTAX },
		{ "invalid/export-version.json", NULL,
		  "unsupported stack export version 9: signoff reads 1 to 3", 2, 16, ERROR_FORMAT },
		{ "invalid/deep.json", NULL, "JSON nested deeper than 1000 levels", 1, 1101,
		  ERROR_LIMIT },
		{ "invalid/bad-utf8.json", NULL, "invalid UTF-8 byte 0xff in a string", 1, 113,
		  ERROR_ENCODING },
		{ "default-digest.json", "default-digest.json",
		  "not a `pulumi stack export` file: no 'deployment'", 1, 1, ERROR_FORMAT },
		{ "default-digest.json", "invalid/export-version.json",
		  "unsupported stack export version 9: signoff reads 1 to 3", 2, 16, ERROR_FORMAT },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[256], state[256];
		struct load_opts o;
		struct plan *plan = NULL;
		struct error err = ERROR_INIT;

		snprintf(path, sizeof(path), PD "%s", cases[i].file);
		memset(&o, 0, sizeof(o));
		o.path = path;
		if (cases[i].state) {
			snprintf(state, sizeof(state), PD "%s", cases[i].state);
			o.state_path = state;
		}
		cr_assert_eq(load_plan(&plan, &o, &err), -1, "%s loaded", path);
		cr_assert_null(plan);
		cr_assert_str_eq(err.msg, cases[i].msg, "%s", path);
		cr_assert_str_eq(err.path, cases[i].state ? state : path);
		cr_assert_eq(err.line, cases[i].line, "%s: line %lu", path, err.line);
		cr_assert_eq(err.col, cases[i].col, "%s: col %lu", path, err.col);
		cr_assert_eq(err.code, cases[i].code, "%s: %s", path, error_code_name(err.code));
		cr_assert_eq(error_exit_status(&err), 2);
	}
	CHECK_NO_LEAKS();
}

/* sqlite's loop: fail the n-th allocation until a load succeeds. */
Test(pulumi, out_of_memory_fails_cleanly_at_every_allocation)
{
	static const char *const inputs[][2] = {
		{ PD "events.jsonl", NULL },
		{ PD "plan.json", PD "export.json" },
		{ PD "secrets-digest.json", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		unsigned long n;

		for (n = 1; n < 100000; n++) {
			struct load_opts o;
			struct plan *plan = NULL;
			struct error err = ERROR_INIT;
			int rc;

			memset(&o, 0, sizeof(o));
			o.path = inputs[i][0];
			o.state_path = inputs[i][1];
			mem_fail_after(n);
			rc = load_plan(&plan, &o, &err);
			mem_fail_after(0);
			if (rc == 0 && !mem_failures()) {
				plan_free(&plan);
				break;
			}
			if (rc == 0) {
				/* the failure hit something optional */
				plan_free(&plan);
				continue;
			}
			cr_assert_null(plan);
			cr_assert_eq(err.code, ERROR_NOMEM, "%s, allocation %lu: %s", inputs[i][0], n,
				     err.msg);
		}
		cr_assert_lt(n, 100000);
	}
	CHECK_NO_LEAKS();
}

/* ---- the shared corpus (real files by others) ---- */

static const char *
corpus_dir(char *buf, size_t size)
{
	const char *c = getenv("SIGNOFF_CORPUS");
	DIR *d;

	snprintf(buf, size, "%s/pulumi", c && *c ? c : "../shared/corpus");
	d = opendir(buf);
	if (!d)
		return NULL;
	closedir(d);
	return buf;
}

/* A count from the file's own changeSummary, or 0. */
static long
summary_count(const struct plan *plan, const char *op)
{
	const struct value *v = value_get(plan_section_value(plan, "changeSummary"), op);

	return v->kind == VALUE_NUMBER ? strtol(v->u.str, NULL, 10) : 0;
}

Test(pulumi, corpus_files_load_and_show)
{
	/* files whose counts differ from their own summary (or that have none), and why */
	static const struct {
		const char *suffix;
		long create, update, del, replace, same;
	} own[] = {
		/* an `up` cut short: the summary counts only finished steps */
		{ "up-interrupted.json", 3, 1, 0, 0, 1 },
		/* the failed update and a leftover delete-replaced are not counted */
		{ "failed-stacks-dont-rewrite-operations.json", 0, 1, 1, 0, 1 },
		/* a stack export: everything is context, nothing changes */
		{ "sample-export.json", 0, 0, 0, 0, 0 },
		/* a saved plan has no summary: its three creates */
		{ "README.md.plan.json", 3, 0, 0, 0, 0 },
	};
	char dir[512];
	DIR *d;
	struct dirent *e;
	size_t files = 0, i;

	if (!corpus_dir(dir, sizeof(dir)))
		cr_skip_test("no shared corpus at %s", dir);
	d = opendir(dir);
	cr_assert_not_null(d);
	while ((e = readdir(d))) {
		char path[1024];
		struct plan *plan;
		struct plan_counts n;
		struct pulumi_counts pc;
		struct render_opts ro = { .full = true };
		struct error err = ERROR_INIT;
		long want[5];
		bool special = false;
		FILE *null;

		if (!strstr(e->d_name, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		plan = load(path);
		plan_count(plan, &n);
		pulumi_count(plan, &pc);
		want[0] = summary_count(plan, "create");
		want[1] = summary_count(plan, "update");
		want[2] = summary_count(plan, "delete");
		want[3] = summary_count(plan, "replace");
		want[4] = summary_count(plan, "same");
		for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
			if (strstr(e->d_name, own[i].suffix)) {
				want[0] = own[i].create;
				want[1] = own[i].update;
				want[2] = own[i].del;
				want[3] = own[i].replace;
				want[4] = own[i].same;
				special = true;
			}
		cr_assert(special || plan_section_value(plan, "changeSummary")->kind == VALUE_OBJECT,
			  "%s has no changeSummary", e->d_name);
		cr_assert_eq((long)pc.create, want[0], "%s: create", e->d_name);
		cr_assert_eq((long)pc.update, want[1], "%s: update", e->d_name);
		cr_assert_eq((long)pc.del, want[2], "%s: delete", e->d_name);
		cr_assert_eq((long)pc.replace, want[3], "%s: replace", e->d_name);
		cr_assert_eq((long)(n.by_action[PLAN_ACTION_NOOP] + n.by_action[PLAN_ACTION_MOVE]),
			     want[4], "%s: same", e->d_name);
		cr_assert_str_neq(plan_target_name(plan), "", "%s: no stack", e->d_name);
		null = fopen("/dev/null", "w");
		cr_assert_not_null(null);
		cr_assert_eq(render_text_plan(null, plan, &ro, &err), 0, "%s: %s", e->d_name, err.msg);
		cr_assert_eq(render_json_plan(null, plan, &ro, &err), 0, "%s: %s", e->d_name, err.msg);
		fclose(null);
		plan_free(&plan);
		files++;
	}
	closedir(d);
	cr_assert_eq(files, 14, "%zu Pulumi files in the corpus", files);
	CHECK_NO_LEAKS();
}

Test(pulumi, corpus_export_completes_a_default_preview)
{
	char dir[512], digest[1024], state[1024];
	struct plan *plan;
	struct plan_counts n;
	const struct plan_change *c;

	if (!corpus_dir(dir, sizeof(dir)))
		cr_skip_test("no shared corpus at %s", dir);
	snprintf(digest, sizeof(digest),
		 "%s/dundalek__stratify__test__resources__pulumi__sample-preview-creates.json", dir);
	snprintf(state, sizeof(state),
		 "%s/dundalek__stratify__test__resources__pulumi__sample-export.json", dir);
	plan = load_with(digest, state);
	plan_count(plan, &n);
	/* all 16 are created in the preview; the export adds its provider */
	cr_assert_eq(n.by_action[PLAN_ACTION_CREATE], 16);
	cr_assert_eq(n.context, 1);
	c = change_in(plan, "pulumi:providers:aws::default_6_63_0", PLAN_SECTION_CONTEXT);
	cr_assert_eq(c->mode, PLAN_MODE_PROVIDER);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- provider credentials ---- */

static struct plan *
load_text(const char *json)
{
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;
	size_t start;
	unsigned skipped;
	enum load_format f;

	cr_assert_eq(source_from_memory(&src, "p.json", json, strlen(json), &err), 0);
	f = load_detect(src, &start, &skipped);
	cr_assert_eq(plan_pulumi_load(&plan, src, f, start, skipped, NULL, &err), 0, "%lu:%lu: %s",
		     err.line, err.col, err.msg);
	return plan;
}

Test(pulumi, provider_credentials_and_credential_config_are_always_masked)
{
	struct plan *plan = load_text(
		"{\"config\": {\"aws:region\": \"eu-west-1\", \"aws:secretKey\": \"AKIA-plain\","
		" \"shop:apiToken\": \"tok-plain\", \"shop:tokenCount\": \"3\"},"
		" \"steps\": [{\"op\": \"update\", \"urn\": \"" P "pulumi:providers:aws::prov\","
		" \"oldState\": {\"urn\": \"" P "pulumi:providers:aws::prov\","
		" \"type\": \"pulumi:providers:aws\", \"custom\": true,"
		" \"inputs\": {\"region\": \"eu-west-1\", \"accessKey\": \"AKIA-old\","
		" \"secretKey\": \"sk-old\", \"assumeRole\": {\"roleArn\": \"arn:x\"}},"
		" \"outputs\": {\"token\": \"tok-old\", \"version\": \"6.0.0\"}},"
		" \"newState\": {\"urn\": \"" P "pulumi:providers:aws::prov\","
		" \"type\": \"pulumi:providers:aws\", \"custom\": true,"
		" \"inputs\": {\"region\": \"eu-west-2\", \"accessKey\": \"AKIA-new\","
		" \"secretKey\": \"sk-old\", \"assumeRole\": {\"roleArn\": \"arn:x\"}},"
		" \"outputs\": {}}},"
		" {\"op\": \"create\", \"urn\": \"" P "aws:rds/instance:Instance::db\","
		" \"newState\": {\"urn\": \"" P "aws:rds/instance:Instance::db\","
		" \"type\": \"aws:rds/instance:Instance\", \"custom\": true,"
		" \"inputs\": {\"password\": \"not-a-provider\"}}}]}");
	const struct plan_change *c = change(plan, "pulumi:providers:aws::prov");
	const struct value *cfg = plan_section_value(plan, "config");

	cr_assert_eq(value_get(&c->before, "accessKey")->kind, VALUE_SENSITIVE);
	cr_assert_eq(value_get(&c->after, "accessKey")->kind, VALUE_SENSITIVE);
	cr_assert_not(value_equal(value_get(&c->before, "accessKey"),
				  value_get(&c->after, "accessKey")),
		      "a changed credential shows as changed");
	cr_assert(value_equal(value_get(&c->before, "secretKey"), value_get(&c->after, "secretKey")),
		  "an unchanged one as unchanged");
	assert_str(value_get(&c->after, "region"), "eu-west-2");
	assert_str(at(&c->after, "assumeRole.roleArn"), "arn:x");
	cr_assert_eq(value_get(value_get(&c->extra, "outputs_before"), "token")->kind,
		     VALUE_SENSITIVE);
	/* config: by the name after the package */
	cr_assert_eq(value_get(cfg, "aws:secretKey")->kind, VALUE_SENSITIVE);
	cr_assert_eq(value_get(cfg, "shop:apiToken")->kind, VALUE_SENSITIVE);
	assert_str(value_get(cfg, "shop:tokenCount"), "3");
	assert_str(value_get(cfg, "aws:region"), "eu-west-1");
	/* a resource's own arguments are Pulumi's to mark */
	assert_str(value_get(&change(plan, "aws:rds/instance:Instance::db")->after, "password"),
		   "not-a-provider");
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* "maybeCorrupt" of any other type than true is passed over whole: an
 * object there neither hides the steps after it nor gives its own. */
Test(pulumi, an_odd_maybe_corrupt_value_is_skipped_whole)
{
	struct plan *plan = load_text(
		"{\"maybeCorrupt\": {}, \"steps\": [{\"op\": \"create\", \"urn\": \"" P
		"aws:s3/bucket:Bucket::logs\", \"newState\": {\"urn\": \"" P
		"aws:s3/bucket:Bucket::logs\", \"custom\": true, \"type\": \"aws:s3/bucket:Bucket\", "
		"\"inputs\": {\"acl\": \"private\"}}}]}");

	cr_assert_eq(plan_change_count(plan), 1);
	cr_assert_eq(change(plan, "aws:s3/bucket:Bucket::logs")->action, PLAN_ACTION_CREATE);
	cr_assert_eq(plan_diag_count(plan), 0);
	plan_free(&plan);

	plan = load_text("{\"steps\": [], \"maybeCorrupt\": {\"steps\": [{\"op\": \"create\", "
			 "\"urn\": \"" P "aws:s3/bucket:Bucket::logs\"}]}}");
	cr_assert_eq(plan_change_count(plan), 0);
	cr_assert_eq(plan_diag_count(plan), 0);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}
