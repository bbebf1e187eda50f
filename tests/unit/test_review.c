/* test_review.c - statements, subjects, bundles and approval requirements. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "sshtest.h"

#include "buf.h"
#include "load.h"
#include "review.h"
#include "sshkey.h"
#include "sshsig.h"

#define PLAN_PROD TESTDATA("signing/plan-prod.json")
#define PLAN_PROD_SHA256 "a64d884ac98705c9b41e2edb0331faadeae5d5b3b816adf001ea16f87849279b"

static struct plan *
load(const char *path)
{
	struct load_opts o;
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;

	memset(&o, 0, sizeof(o));
	o.path = path;
	cr_assert_eq(load_plan(&plan, &o, &err), 0, "%s", err.msg);
	return plan;
}

Test(review, times_are_rfc3339_utc_with_seconds_and_z_only)
{
	char s[REVIEW_TIME_LEN];
	int64_t t;

	cr_assert_eq(review_time_parse("2025-06-01T10:00:00Z", &t), 0);
	cr_assert_eq(t, 1748772000);
	review_time_format(t, s);
	cr_assert_str_eq(s, "2025-06-01T10:00:00Z");
	cr_assert_eq(review_time_parse("2024-02-29T23:59:59Z", &t), 0);
	cr_assert_eq(review_time_parse("2025-02-29T00:00:00Z", &t), -1, "not a leap year");
	cr_assert_eq(review_time_parse("2025-06-01T10:00:00+00:00", &t), -1);
	cr_assert_eq(review_time_parse("2025-06-01T10:00:00.5Z", &t), -1);
	cr_assert_eq(review_time_parse("2025-06-01T10:00Z", &t), -1);
	cr_assert_eq(review_time_parse("2025-06-01t10:00:00z", &t), -1);
	cr_assert_eq(review_time_parse("2025-13-01T10:00:00Z", &t), -1);
	cr_assert_eq(review_time_parse("2025-06-01T24:00:00Z", &t), -1);
	cr_assert_eq(review_time_parse("", &t), -1);
	CHECK_NO_LEAKS();
}

Test(review, durations_take_seconds_or_a_unit)
{
	int64_t v;

	cr_assert_eq(review_duration_parse("3600", &v), 0);
	cr_assert_eq(v, 3600);
	cr_assert_eq(review_duration_parse("90m", &v), 0);
	cr_assert_eq(v, 5400);
	cr_assert_eq(review_duration_parse("8h", &v), 0);
	cr_assert_eq(v, 28800);
	cr_assert_eq(review_duration_parse("2d", &v), 0);
	cr_assert_eq(v, 172800);
	cr_assert_eq(review_duration_parse("45s", &v), 0);
	cr_assert_eq(v, 45);
	cr_assert_eq(review_duration_parse("0", &v), -1);
	cr_assert_eq(review_duration_parse("", &v), -1);
	cr_assert_eq(review_duration_parse("h", &v), -1);
	cr_assert_eq(review_duration_parse("5x", &v), -1);
	cr_assert_eq(review_duration_parse("-5", &v), -1);
	cr_assert_eq(review_duration_parse("367d", &v), -1);
	cr_assert_eq(review_duration_parse("99999999999999", &v), -1);
	CHECK_NO_LEAKS();
}

/* The bundle beside SOURCE: its extension replaced by .review; no name
 * to take for standard input, "." or a folder given with its slash. */
Test(review, the_default_bundle_is_named_after_the_source)
{
	static const struct {
		const char *source, *want;
	} cases[] = {
		{ "plan.json", "plan.review" },
		{ "out/tfplan.json", "out/tfplan.review" },
		{ "repo", "repo.review" },
		{ ".hidden", ".hidden.review" },
		{ "v1.2/plan", "v1.2/plan.review" },
		{ "-", NULL },
		{ ".", NULL },
		{ "..", NULL },
		{ "repo/", NULL },
		{ "../", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = review_bundle_default_path(cases[i].source);

		if (cases[i].want)
			cr_expect(got && strcmp(got, cases[i].want) == 0, "%s: '%s', not '%s'",
				  cases[i].source, got ? got : "(none)", cases[i].want);
		else
			cr_expect_null(got, "%s: '%s', expected none", cases[i].source,
				       got ? got : "");
		free(got);
	}
}

Test(review, ids_are_random_uuid_v4)
{
	char a[37], b[37];

	cr_assert_eq(review_new_id(a), 0);
	cr_assert_eq(review_new_id(b), 0);
	cr_assert_eq(strlen(a), 36);
	cr_assert_eq(a[14], '4');
	cr_assert(strchr("89ab", a[19]));
	cr_assert_str_neq(a, b);
	CHECK_NO_LEAKS();
}

static const struct review_subject subjects[] = {
	{ "plan.json", "sha256", PLAN_PROD_SHA256 },
	{ "tfplan", "sha256", "50f544a2" },
};
static const struct review_ack acks[] = { { "F-DESTROY-aws_db_instance.main", "snapshot taken" } };
static const struct review_ack waivers[] = { { "F-S3-001", "waiver W-12" } };
static const char *const reviewed[] = { "aws_db_instance.main", "aws_instance.app[0]" };
static const char *const revealed[] = { "aws_db_instance.main" };

static void
fill(struct review_statement *st)
{
	memset(st, 0, sizeof(*st));
	st->subjects = subjects;
	st->nsubjects = 2;
	st->review_id = "5b1b8a52-0d8e-4d47-9d59-4a7f3f1b1e2a";
	st->decision = REVIEW_APPROVE;
	st->principal = "alice@example.com";
	st->key_fingerprint = "SHA256:abc";
	st->plan_kind = "terraform";
	st->environment = "prod";
	st->workspace = "prod-eu-west-1";
	st->repo = "git@example.com:org/infra.git";
	st->commit = "0123456789abcdef0123456789abcdef01234567";
	st->threshold = "high";
	st->acks = acks;
	st->nacks = 1;
	st->waivers = waivers;
	st->nwaivers = 1;
	st->reviewed = reviewed;
	st->nreviewed = 2;
	st->revealed = revealed;
	st->nrevealed = 1;
	st->comment = "destroy is intended";
	st->issued_at = 1748772000;
	st->expires_at = 1748772000 + 86400;
	st->tool_name = "signoff";
	st->tool_version = "0.1.0";
}

Test(review, a_statement_encodes_to_the_golden_bytes)
{
	struct review_statement st;
	struct buf out = BUF_INIT;
	struct error err = ERROR_INIT;
	size_t n;
	char *golden = sshtest_read(TESTDATA("signing/statement.golden.json"), &n);

	fill(&st);
	cr_assert_eq(review_statement_encode(&st, &out, &err), 0, "%s", err.msg);
	cr_assert_not_null(golden);
	cr_assert_str_eq(out.data, golden);
	free(golden);
	buf_release(&out);
	CHECK_NO_LEAKS();
}

Test(review, a_statement_decodes_to_what_was_encoded)
{
	struct review_statement st, *back = NULL;
	struct buf out = BUF_INIT;
	struct error err = ERROR_INIT;

	fill(&st);
	cr_assert_eq(review_statement_encode(&st, &out, &err), 0);
	cr_assert_eq(review_statement_decode(&back, out.data, out.len, &err), 0, "%s", err.msg);
	cr_assert_eq(back->nsubjects, 2);
	cr_assert_str_eq(back->subjects[1].name, "tfplan");
	cr_assert_str_eq(back->subjects[1].alg, "sha256");
	cr_assert_str_eq(back->subjects[1].value, "50f544a2");
	cr_assert_str_eq(back->review_id, st.review_id);
	cr_assert_eq(back->decision, REVIEW_APPROVE);
	cr_assert_str_eq(back->principal, "alice@example.com");
	cr_assert_str_eq(back->key_fingerprint, "SHA256:abc");
	cr_assert_str_eq(back->plan_kind, "terraform");
	cr_assert_str_eq(back->environment, "prod");
	cr_assert_str_eq(back->workspace, "prod-eu-west-1");
	cr_assert_str_eq(back->repo, st.repo);
	cr_assert_str_eq(back->commit, st.commit);
	cr_assert_str_eq(back->threshold, "high");
	cr_assert_null(back->rules_sha256);
	cr_assert_eq(back->nacks, 1);
	cr_assert_str_eq(back->acks[0].id, "F-DESTROY-aws_db_instance.main");
	cr_assert_str_eq(back->acks[0].reason, "snapshot taken");
	cr_assert_eq(back->nwaivers, 1);
	cr_assert_str_eq(back->waivers[0].reason, "waiver W-12");
	cr_assert_eq(back->nreviewed, 2);
	cr_assert_str_eq(back->reviewed[1], "aws_instance.app[0]");
	cr_assert_eq(back->nrevealed, 1);
	cr_assert_str_eq(back->comment, "destroy is intended");
	cr_assert_eq(back->issued_at, st.issued_at);
	cr_assert_eq(back->expires_at, st.expires_at);
	cr_assert_str_eq(back->tool_name, "signoff");
	review_statement_free(&back);
	cr_assert_null(back);
	buf_release(&out);
	CHECK_NO_LEAKS();
}

Test(review, text_that_is_not_utf8_is_refused_when_encoding)
{
	struct review_statement st;
	struct buf out = BUF_INIT;
	struct error err = ERROR_INIT;

	fill(&st);
	st.comment = "bad \xff byte";
	cr_assert_eq(review_statement_encode(&st, &out, &err), -1);
	cr_assert_eq(err.code, ERROR_ENCODING);
	cr_assert_str_eq(err.msg, "comment is not valid UTF-8 text");
	fill(&st);
	st.principal = "";
	cr_assert_eq(review_statement_encode(&st, &out, &err), -1);
	cr_assert_str_eq(err.msg, "the statement names no reviewer principal");
	buf_release(&out);
	CHECK_NO_LEAKS();
}

static void
decode_fails(const char *json, enum error_code code, const char *msg)
{
	struct review_statement *st = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(review_statement_decode(&st, json, strlen(json), &err), -1, "%s", json);
	cr_assert_null(st);
	cr_assert_eq(err.code, code, "%s: %s", json, err.msg);
	if (msg)
		cr_assert_str_eq(err.msg, msg);
}

#define HEAD "{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\"urn:signoff:review:v1\","
#define SUBJ "\"subject\":[{\"name\":\"p\",\"digest\":{\"sha256\":\"aa\"}}],"
#define PRED(x)                                                                          \
	"\"predicate\":{\"decision\":\"approve\",\"reviewer\":{\"principal\":\"a@b\"},"   \
	"\"target\":{},\"issued_at\":\"2025-06-01T10:00:00Z\","                          \
	"\"expires_at\":\"2025-06-01T18:00:00Z\"" x "}}"

Test(review, statements_about_something_else_or_malformed_are_told_apart)
{
	struct review_statement *st = NULL;
	struct error err = ERROR_INIT;
	const char *ok = HEAD SUBJ PRED("");

	cr_assert_eq(review_statement_decode(&st, ok, strlen(ok), &err), 0, "%s", err.msg);
	cr_assert_str_eq(st->principal, "a@b");
	cr_assert_null(st->environment);
	cr_assert_eq(st->nacks, 0);
	review_statement_free(&st);

	decode_fails("{\"_type\":\"https://in-toto.io/Statement/v0.1\"}", ERROR_FORMAT,
		     "not an in-toto Statement v1 (_type)");
	decode_fails("{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":"
		     "\"https://slsa.dev/provenance/v1\"}",
		     ERROR_FORMAT, "predicateType is not urn:signoff:review:v1");
	decode_fails(HEAD SUBJ "\"predicate\":{}, \"predicate\":{}}", ERROR_SYNTAX, NULL);
	decode_fails("[1,2]", ERROR_SCHEMA, "statement must be a JSON object");
	decode_fails("{", ERROR_SYNTAX, NULL);
	decode_fails(HEAD "\"subject\":[]," PRED(""), ERROR_SCHEMA,
		     "subject must be an array of 1 to 8 subjects");
	decode_fails(HEAD "\"subject\":[{\"name\":\"p\",\"digest\":{\"sha256\":\"aa\",\"sha512\":\"bb\"}}],"
			  PRED(""),
		     ERROR_SCHEMA, "subject[0].digest must hold exactly one digest");
	decode_fails(HEAD SUBJ
		     "\"predicate\":{\"decision\":\"maybe\",\"reviewer\":{\"principal\":\"a\"}}}",
		     ERROR_SCHEMA, "predicate.decision must be \"approve\" or \"reject\"");
	decode_fails(HEAD SUBJ "\"predicate\":{\"decision\":\"reject\",\"reviewer\":{\"principal\":\"\"}}}",
		     ERROR_SCHEMA, "predicate.reviewer.principal must be a non-empty string");
	decode_fails(HEAD SUBJ "\"predicate\":{\"decision\":\"reject\",\"reviewer\":{\"principal\":\"a\"},"
			       "\"target\":{},\"issued_at\":\"2025-06-01 10:00\"}}",
		     ERROR_SCHEMA,
		     "predicate.issued_at must be an RFC 3339 UTC time (YYYY-MM-DDTHH:MM:SSZ)");
	decode_fails(HEAD SUBJ PRED(",\"findings\":{\"acknowledged\":[{\"reason\":\"x\"}]}"),
		     ERROR_SCHEMA, "findings.acknowledged[0] has no id");
	decode_fails(HEAD SUBJ PRED(",\"target\":{\"environment\":3}"), ERROR_SYNTAX, NULL);
	decode_fails(HEAD SUBJ PRED(",\"reviewed\":[1]"), ERROR_SCHEMA,
		     "predicate.reviewed[0] must be a string");
	decode_fails(HEAD SUBJ PRED(",\"comment\":\"nul \\u0000 inside\""), ERROR_SYNTAX, NULL);
	CHECK_NO_LEAKS();
}

/* Subjects match in order (SOURCE, then --plan-file; or from, to and
 * the changes of a range), by algorithm and digest; a file's name may
 * differ (renamed in CI), a range's role names may not. */
Test(review, subjects_match_in_order_by_digest_and_role)
{
	struct review_subject a[] = { { "x", "sha256", "AB12" }, { "tfplan", "sha256", "c0ffee" } };
	struct review_subject renamed[] = { { "other", "sha256", "ab12" },
					    { "plan.bin", "sha256", "C0FFEE" } };
	struct review_subject swapped[] = { { "tfplan", "sha256", "c0ffee" },
					    { "x", "sha256", "ab12" } };
	struct review_subject fwd[] = { { "git:from", "gitCommit", "aaaa" },
					{ "git:to", "gitCommit", "bbbb" },
					{ "git:changes", "sha256", "cccc" } };
	struct review_subject back[] = { { "git:from", "gitCommit", "bbbb" },
					 { "git:to", "gitCommit", "aaaa" },
					 { "git:changes", "sha256", "cccc" } };
	struct review_subject narrower[] = { { "git:from", "gitCommit", "aaaa" },
					     { "git:to", "gitCommit", "bbbb" },
					     { "git:changes", "sha256", "dddd" } };
	struct review_subject relabelled[] = { { "git:to", "gitCommit", "aaaa" },
					       { "git:from", "gitCommit", "bbbb" },
					       { "git:changes", "sha256", "cccc" } };

	cr_assert(review_subjects_equal(a, 2, renamed, 2), "a renamed file is the same bytes");
	cr_assert_not(review_subjects_equal(a, 2, renamed, 1));
	cr_assert_not(review_subjects_equal(a, 1, renamed, 2));
	cr_assert_not(review_subjects_equal(a, 2, swapped, 2), "SOURCE and --plan-file swapped");
	cr_assert(review_subjects_equal(fwd, 3, fwd, 3));
	cr_assert_not(review_subjects_equal(fwd, 3, back, 3), "B..A is not A..B");
	cr_assert_not(review_subjects_equal(fwd, 3, narrower, 3), "other PATHSPECs");
	cr_assert_not(review_subjects_equal(fwd, 3, relabelled, 3), "roles count in a range");
	renamed[1].alg = "sha512";
	cr_assert_not(review_subjects_equal(a, 2, renamed, 2), "the algorithm counts");
	CHECK_NO_LEAKS();
}

Test(review, the_subject_of_a_plan_is_the_sha256_of_its_bytes)
{
	struct review_subjects s;
	struct error err = ERROR_INIT;
	struct plan *plan = load(PLAN_PROD);

	review_subjects_init(&s);
	cr_assert_eq(review_subjects_for_plan(&s, plan, TESTDATA("signing/plan-staging.json"), &err),
		     0);
	cr_assert_eq(s.n, 2);
	cr_assert_str_eq(s.items[0].name, "plan-prod.json");
	cr_assert_str_eq(s.items[0].alg, "sha256");
	cr_assert_str_eq(s.items[0].value, PLAN_PROD_SHA256);
	cr_assert_str_eq(s.items[1].name, "plan-staging.json");
	cr_assert_str_eq(s.items[1].value,
			 "152b28e55afd9bd7dfc8cba8cb1b7fa1c58563cbfa7827bff4d954077fcc5895");
	review_subjects_release(&s);
	cr_assert_eq(review_subjects_add_file(&s, TESTDATA("signing/none"), &err), -1);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	review_subjects_release(&s);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

/* ---- the bundle ---- */

static void
bundle_fails(const char *json, const char *msg)
{
	struct review_bundle *b = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(review_bundle_parse(&b, json, strlen(json), "b.review", &err), -1, "%s", json);
	cr_assert_null(b);
	cr_assert_str_eq(err.path, "b.review");
	if (msg)
		cr_assert_str_eq(err.msg, msg);
}

#define MT "\"mediaType\":\"application/vnd.signoff.review-bundle.v1+json\","
#define ENTRY(pt, pl, sigs) "{\"payloadType\":\"" pt "\",\"payload\":\"" pl "\",\"signatures\":" sigs "}"
#define SIG1 "[{\"keyid\":\"k\",\"sig\":\"U1NIU0lH\"}]"

Test(review, a_bundle_is_checked_before_anything_is_verified)
{
	struct review_bundle *b = NULL;
	struct error err = ERROR_INIT;
	const char *ok = "{" MT "\"reviews\":[" ENTRY("application/vnd.in-toto+json", "aGVsbG8",
						      SIG1) "," ENTRY("application/vnd.in-toto+json",
								      "-_-_", SIG1) "]}";

	cr_assert_eq(review_bundle_parse(&b, ok, strlen(ok), "b.review", &err), 0, "%s", err.msg);
	cr_assert_eq(b->n, 2);
	cr_assert_eq(b->entries[0].payload_len, 5);
	cr_assert(memcmp(b->entries[0].payload, "hello", 5) == 0, "unpadded base64");
	cr_assert_eq(b->entries[1].payload_len, 3);
	cr_assert(memcmp(b->entries[1].payload, "\xfb\xff\xbf", 3) == 0, "URL-safe base64");
	cr_assert_eq(b->entries[0].sig_len, 6);
	cr_assert_str_eq(b->entries[0].keyid, "k");
	review_bundle_free(&b);

	bundle_fails("{\"mediaType\":\"x\",\"reviews\":[]}",
		     "not a review bundle (mediaType is not "
		     "'application/vnd.signoff.review-bundle.v1+json')");
	bundle_fails("{" MT "\"reviews\":[]}", "a bundle holds 1 to 64 reviews, this one 0");
	bundle_fails("{" MT "\"reviews\":{}}", "'reviews' must be an array");
	bundle_fails("{" MT "\"reviews\":[" ENTRY("text/plain", "aGVsbG8", SIG1) "]}",
		     "review 1: payloadType must be \"application/vnd.in-toto+json\"");
	bundle_fails("{" MT "\"reviews\":[" ENTRY("application/vnd.in-toto+json", "aGVs!G8", SIG1) "]}",
		     "review 1: payload is not base64 (standard or URL-safe) of at most 64 KiB");
	bundle_fails("{" MT "\"reviews\":[" ENTRY("application/vnd.in-toto+json", "aGVsbG8",
						 "[]") "]}",
		     "review 1: must have exactly one signature");
	bundle_fails("{" MT "\"reviews\":[" ENTRY("application/vnd.in-toto+json", "aGVsbG8",
						 "[{\"sig\":\"QQ\"},{\"sig\":\"QQ\"}]") "]}",
		     "review 1: must have exactly one signature");
	bundle_fails("{" MT "\"reviews\":[" ENTRY("application/vnd.in-toto+json", "aGVsbG8",
						 "[{\"sig\":\"a+b_\"}]") "]}",
		     "review 1: signatures[0].sig is not base64");
	bundle_fails("{" MT MT "\"reviews\":[]}", NULL);
	bundle_fails("{" MT "\"reviews\":[1]}", "review 1: must be a JSON object");
	CHECK_NO_LEAKS();
}

static void
bundle_fails_at(const char *json, unsigned long line, unsigned long col, const char *msg)
{
	struct review_bundle *b = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(review_bundle_parse(&b, json, strlen(json), "b.review", &err), -1, "%s", json);
	cr_assert_null(b);
	cr_assert_str_eq(err.path, "b.review");
	cr_assert_str_eq(err.msg, msg);
	cr_assert_eq(err.line, line, "%s: line %lu, expected %lu", msg, err.line, line);
	cr_assert_eq(err.col, col, "%s: column %lu, expected %lu", msg, err.col, col);
}

/* A bundle laid out as signoff writes it, with one mistake per line. */
#define LINE_MT "  \"mediaType\": \"application/vnd.signoff.review-bundle.v1+json\",\n"
#define LINE_ENTRY(pl)                                                            \
	"    {\n"                                                                  \
	"      \"payloadType\": \"application/vnd.in-toto+json\",\n"               \
	"      \"payload\": " pl ",\n"                                             \
	"      \"signatures\": [{\"keyid\": \"k\", \"sig\": \"U1NIU0lH\"}]\n"        \
	"    }"

Test(review, bundle_errors_point_at_the_entry_and_member)
{
	struct review_bundle *b = NULL;
	struct error err = ERROR_INIT;
	const char *good = "{\n" LINE_MT "  \"reviews\": [\n" LINE_ENTRY("\"aGVsbG8\"") ",\n"
			   LINE_ENTRY("\"aGk\"") "\n  ]\n}\n";

	cr_assert_eq(review_bundle_parse(&b, good, strlen(good), "b.review", &err), 0, "%s",
		     err.msg);
	cr_assert_eq(b->n, 2);
	cr_assert_eq(b->lines[0], 4, "the first entry starts on line 4");
	cr_assert_eq(b->cols[0], 5);
	cr_assert_eq(b->lines[1], 9);
	cr_assert_eq(b->cols[1], 5);
	review_bundle_free(&b);

	bundle_fails_at("{\n" LINE_MT "  \"reviews\": [\n" LINE_ENTRY("\"aGVsbG8\"") ",\n"
			LINE_ENTRY("\"a!Gk\"") "\n  ]\n}\n",
			11, 18, "review 2: payload is not base64 (standard or URL-safe) of at most 64 KiB");
	bundle_fails_at("{\n" LINE_MT "  \"reviews\": [\n" LINE_ENTRY("7") "\n  ]\n}\n", 6, 18,
			"review 1: payload must be a base64 string");
	bundle_fails_at("{\n" LINE_MT "  \"reviews\": [\n    []\n  ]\n}\n", 4, 5,
			"review 1: must be a JSON object");
	bundle_fails_at("{\n" LINE_MT "  \"reviews\": {}\n}\n", 3, 14,
			"'reviews' must be an array");
	bundle_fails_at("{\n" LINE_MT "  \"reviews\": []\n}\n", 3, 14,
			"a bundle holds 1 to 64 reviews, this one 0");
	bundle_fails_at("{\n  \"mediaType\": 1,\n  \"reviews\": []\n}\n", 2, 16,
			"not a review bundle (mediaType is not "
			"'application/vnd.signoff.review-bundle.v1+json')");
	bundle_fails_at("\n  [\"reviews\"]\n", 2, 3, "not a review bundle (not an object)");
	CHECK_NO_LEAKS();
}

Test(review, a_bundle_of_more_than_64_reviews_is_refused)
{
	struct buf json = BUF_INIT;
	int i;

	buf_addstr(&json, "{" MT "\"reviews\":[");
	for (i = 0; i < 65; i++)
		buf_addf(&json, "%s" ENTRY("application/vnd.in-toto+json", "aGVsbG8", SIG1),
			 i ? "," : "");
	buf_addstr(&json, "]}");
	bundle_fails(json.data, "a bundle holds 1 to 64 reviews, this one 65");
	buf_release(&json);
	CHECK_NO_LEAKS();
}

/* An envelope for a statement about `sha` (signing is not needed here:
 * append checks structure and subjects, the gate checks signatures). */
static void
envelope_for(struct dsse_envelope *env, const char *sha, const char *principal)
{
	struct review_subject s = { "plan.json", "sha256", sha };
	struct review_statement st;
	struct buf out = BUF_INIT;
	struct error err = ERROR_INIT;

	fill(&st);
	st.subjects = &s;
	st.nsubjects = 1;
	st.principal = principal;
	cr_assert_eq(review_statement_encode(&st, &out, &err), 0);
	memset(env, 0, sizeof(*env));
	env->payload_type = strdup(DSSE_PAYLOAD_TYPE);
	env->payload = (uint8_t *)strdup(out.data);
	env->payload_len = out.len;
	env->keyid = strdup("SHA256:test");
	env->sig = (uint8_t *)strdup("SSHSIG-not-really");
	env->sig_len = 17;
	buf_release(&out);
}

static void
envelope_free(struct dsse_envelope *env)
{
	free(env->payload_type);
	free(env->payload);
	free(env->keyid);
	free(env->sig);
}

Test(review, decisions_are_appended_and_another_plan_is_refused)
{
	const char *path = sshtest_path("plan.review");
	struct dsse_envelope a, b, other;
	struct review_bundle *bundle = NULL;
	struct error err = ERROR_INIT;
	size_t count = 0, n1, n2;
	char *before, *after;

	envelope_for(&a, "aa11", "alice@example.com");
	envelope_for(&b, "AA11", "bob@example.com");
	envelope_for(&other, "bb22", "bob@example.com");
	cr_assert_eq(review_bundle_append(path, &a, &count, &err), 0, "%s", err.msg);
	cr_assert_eq(count, 1);
	cr_assert_eq(review_bundle_append(path, &b, &count, &err), 0, "%s", err.msg);
	cr_assert_eq(count, 2);
	before = sshtest_read(path, &n1);
	cr_assert_eq(review_bundle_append(path, &other, &count, &err), -1);
	cr_assert_eq(err.code, ERROR_USAGE);
	cr_assert(strstr(err.msg, "holds reviews of another plan (sha256:aa11)"), "%s", err.msg);
	after = sshtest_read(path, &n2);
	cr_assert_eq(n1, n2);
	cr_assert(memcmp(before, after, n1) == 0, "a refused append leaves the file as it was");
	cr_assert_eq(review_bundle_read(&bundle, path, &err), 0, "%s", err.msg);
	cr_assert_eq(bundle->n, 2);
	cr_assert_eq(bundle->entries[1].payload_len, b.payload_len);
	cr_assert(memcmp(bundle->entries[1].payload, b.payload, b.payload_len) == 0);
	cr_assert_eq(bundle->entries[0].sig_len, 17);
	review_bundle_free(&bundle);
	free(before);
	free(after);
	envelope_free(&a);
	envelope_free(&b);
	envelope_free(&other);
	CHECK_NO_LEAKS();
}

Test(review, concurrent_appends_lose_nothing)
{
	const char *path = sshtest_path("busy.review");
	struct review_bundle *bundle = NULL;
	struct error err = ERROR_INIT;
	pid_t pids[12];
	int i, status;

	for (i = 0; i < 12; i++) {
		pids[i] = fork();
		cr_assert_neq(pids[i], -1);
		if (pids[i] == 0) {
			struct dsse_envelope env;
			char who[32];
			int rc;

			snprintf(who, sizeof(who), "r%d@example.com", i);
			envelope_for(&env, "cc33", who);
			rc = review_bundle_append(path, &env, NULL, &err);
			envelope_free(&env);
			_exit(rc == 0 ? 0 : 1);
		}
	}
	for (i = 0; i < 12; i++) {
		cr_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	cr_assert_eq(review_bundle_read(&bundle, path, &err), 0, "%s", err.msg);
	cr_assert_eq(bundle->n, 12);
	review_bundle_free(&bundle);
	{
		char lock[600];

		/* the lock is given back with its file: nothing left beside the bundle */
		snprintf(lock, sizeof(lock), "%s.lock", path);
		cr_assert_eq(access(lock, F_OK), -1, "%s was left behind", lock);
	}
	CHECK_NO_LEAKS();
}

Test(review, a_full_bundle_takes_no_more)
{
	const char *path = sshtest_path("full.review");
	struct dsse_envelope env;
	struct error err = ERROR_INIT;
	int i;

	envelope_for(&env, "dd44", "alice@example.com");
	for (i = 0; i < REVIEW_MAX_ENTRIES; i++)
		cr_assert_eq(review_bundle_append(path, &env, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(review_bundle_append(path, &env, NULL, &err), -1);
	cr_assert_str_eq(err.msg, "the bundle is full (64 reviews)");
	envelope_free(&env);
	CHECK_NO_LEAKS();
}

/* ---- what an approval needs ---- */

Test(review, without_checks_only_destroys_and_replaces_must_be_reviewed)
{
	struct plan *plan = load(PLAN_PROD);
	struct review_missing m;
	struct review_marks marks;
	struct error err = ERROR_INIT;
	struct buf line = BUF_INIT;
	const char *one[] = { "aws_instance.app[0]" };

	memset(&marks, 0, sizeof(marks));
	cr_assert_eq(review_missing_from_set(&m, plan, NULL, SEVERITY_HIGH, &marks, &err), 0);
	cr_assert_eq(m.nfindings, 0);
	cr_assert_eq(m.nchanges, 2);
	cr_assert_str_eq(m.changes[0]->address, "aws_db_instance.main");
	cr_assert_str_eq(m.changes[1]->address, "aws_instance.app[0]");
	review_missing_describe(&m, "high", 5, &line);
	cr_assert_str_eq(line.data, "2 destroy/replace not marked reviewed (aws_db_instance.main, "
				    "aws_instance.app[0])");
	review_missing_release(&m);
	marks.reviewed = one;
	marks.nreviewed = 1;
	cr_assert_eq(review_missing_from_set(&m, plan, NULL, SEVERITY_HIGH, &marks, &err), 0);
	cr_assert_eq(m.nchanges, 1);
	cr_assert_str_eq(m.changes[0]->address, "aws_db_instance.main");
	review_missing_release(&m);
	marks.all_reviewed = true;
	cr_assert_eq(review_missing_from_set(&m, plan, NULL, SEVERITY_HIGH, &marks, &err), 0);
	cr_assert(review_missing_is_empty(&m));
	review_missing_release(&m);
	buf_release(&line);
	plan_free(&plan);
	CHECK_NO_LEAKS();
}

Test(review, findings_at_or_above_the_threshold_need_a_reason_or_a_waiver)
{
	struct finding f[] = {
		{ .id = "F-CRIT", .severity = SEVERITY_CRITICAL, .status = FINDING_FAIL },
		{ .id = "F-HIGH", .severity = SEVERITY_HIGH, .status = FINDING_UNKNOWN },
		{ .id = "F-WAIVED", .severity = SEVERITY_CRITICAL, .status = FINDING_WAIVED },
		{ .id = "F-MED", .severity = SEVERITY_MEDIUM, .status = FINDING_FAIL },
		{ .id = "F-\x1b[2J", .severity = SEVERITY_HIGH, .status = FINDING_FAIL },
	};
	const struct finding *list[] = { &f[0], &f[1], &f[2], &f[3], &f[4] };
	struct review_ack a[] = { { "F-HIGH", "" }, { "F-CRIT", "ticket CHG-1" } };
	struct review_marks marks = { a, 2, NULL, 0, true };
	struct review_missing m;
	struct error err = ERROR_INIT;
	struct buf line = BUF_INIT;

	cr_assert_eq(review_missing_from_list(&m, NULL, list, 5, SEVERITY_HIGH, &marks, &err), 0);
	cr_assert_eq(m.nfindings, 2);
	cr_assert_str_eq(m.findings[0]->id, "F-HIGH", "an empty reason does not count");
	cr_assert_str_eq(m.findings[1]->id, "F-\x1b[2J");
	review_missing_describe(&m, "high", 1, &line);
	cr_assert_str_eq(line.data, "2 findings at or above high not acknowledged (F-HIGH, ...)");
	buf_reset(&line);
	review_missing_describe(&m, "high", 5, &line);
	cr_assert_str_eq(line.data,
			 "2 findings at or above high not acknowledged (F-HIGH, F-\\x1b[2J)");
	review_missing_release(&m);
	cr_assert_eq(review_missing_from_list(&m, NULL, list, 5, SEVERITY_MEDIUM, &marks, &err), 0);
	cr_assert_eq(m.nfindings, 3);
	review_missing_release(&m);
	cr_assert_eq(review_missing_from_list(&m, NULL, list, 5, SEVERITY_CRITICAL, &marks, &err), 0);
	cr_assert(review_missing_is_empty(&m));
	review_missing_release(&m);
	buf_release(&line);
	CHECK_NO_LEAKS();
}

Test(review, severities_parse_in_any_case)
{
	cr_assert_eq(review_severity_parse("HIGH"), SEVERITY_HIGH);
	cr_assert_eq(review_severity_parse("info"), SEVERITY_INFO);
	cr_assert_eq(review_severity_parse("Critical"), SEVERITY_CRITICAL);
	cr_assert_eq(review_severity_parse("severe"), -1);
	cr_assert_str_eq(review_severity_key(SEVERITY_MEDIUM), "medium");
	cr_assert_str_eq(review_severity_key(99), "?");
	CHECK_NO_LEAKS();
}
