/* report_json.c - findings as signoff JSON and as SARIF 2.1.0. */
#include <string.h>

#include "jsonw.h"
#include "report.h"
#include "str.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static int
flush_maybe(struct jsonw *w, FILE *out, struct error *err, bool force)
{
	if (w->out.failed)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if ((force || w->out.len > 65536) && jsonw_flush(w, out) < 0)
		return error_set(err, ERROR_IO, "cannot write the report");
	return 0;
}

/* "CKV_AWS_21, AVD-AWS-0090" -> ["CKV_AWS_21", "AVD-AWS-0090"] */
static void
references_array(struct jsonw *w, const char *refs)
{
	const char *p = refs ? refs : "";

	jsonw_begin_array(w);
	while (*p) {
		const char *end = strstr(p, ", ");
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n)
			jsonw_stringn(w, p, n);
		if (!end)
			break;
		p = end + 2;
	}
	jsonw_end_array(w);
}

static void
source_object(struct jsonw *w, const struct plan *plan)
{
	jsonw_key(w, "source");
	if (!plan) {
		jsonw_null(w);
		return;
	}
	jsonw_begin_object(w);
	jsonw_kv_string(w, "kind", plan_source_kind_name(plan_source_kind(plan)));
	jsonw_kv_string(w, "path", plan_path(plan));
	jsonw_kv_string(w, "sha256", plan_digest_hex(plan));
	jsonw_end_object(w);
}

static const char *
address_of(const struct plan *plan, size_t change)
{
	const struct plan_change *c = plan ? plan_change_at(plan, change) : NULL;

	return c ? c->address : "";
}

int
report_json(FILE *out, const struct plan *plan, const struct finding_set *set,
	    const struct report_opts *o, struct error *err)
{
	struct jsonw w;
	size_t i, j;
	int s, rc = -1;

	jsonw_init(&w, true);
	jsonw_begin_object(&w);
	jsonw_kv_string(&w, "schema", REPORT_JSON_SCHEMA);
	source_object(&w, plan);
	jsonw_kv_string(&w, "rules_digest", finding_set_rules_digest(set));
	jsonw_kv_string(&w, "fail_on", o->fail_on >= 0 ? severity_key((enum severity)o->fail_on)
						       : "none");
	jsonw_key(&w, "summary");
	jsonw_begin_object(&w);
	jsonw_kv_uint(&w, "fail", finding_set_count_status(set, FINDING_FAIL, SEVERITY_INFO));
	jsonw_kv_uint(&w, "unknown", finding_set_count_status(set, FINDING_UNKNOWN, SEVERITY_INFO));
	jsonw_kv_uint(&w, "waived", finding_set_count_status(set, FINDING_WAIVED, SEVERITY_INFO));
	jsonw_kv_uint(&w, "blocking", report_blocking(set, o->fail_on));
	jsonw_key(&w, "fail_by_severity");
	jsonw_begin_object(&w);
	for (s = SEVERITY_COUNT - 1; s >= 0; s--) {
		size_t n = finding_set_count_status(set, FINDING_FAIL, (enum severity)s) -
			   (s + 1 < SEVERITY_COUNT
				    ? finding_set_count_status(set, FINDING_FAIL, (enum severity)(s + 1))
				    : 0);

		jsonw_kv_uint(&w, severity_key((enum severity)s), n);
	}
	jsonw_end_object(&w);
	jsonw_kv_uint(&w, "rules", finding_set_rule_count(set));
	jsonw_end_object(&w);

	jsonw_key(&w, "findings");
	jsonw_begin_array(&w);
	for (i = 0; i < finding_set_count(set); i++) {
		const struct finding *f = finding_set_at(set, i);

		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "id", f->id);
		jsonw_kv_string(&w, "rule_id", f->rule_id);
		jsonw_key(&w, "references");
		references_array(&w, f->references);
		jsonw_kv_string(&w, "severity", severity_key(f->severity));
		jsonw_kv_string(&w, "status", finding_status_key(f->status));
		jsonw_kv_string(&w, "address", f->address);
		jsonw_key(&w, "path");
		jsonw_string(&w, f->path);
		jsonw_kv_string(&w, "title", f->title);
		jsonw_kv_string(&w, "message", f->message);
		jsonw_kv_string(&w, "remediation", f->remediation);
		jsonw_kv_string(&w, "origin", f->origin);
		jsonw_kv_bool(&w, "rests_on_unknown", f->rests_on_unknown);
		jsonw_key(&w, "waiver_reason");
		jsonw_string(&w, f->status == FINDING_WAIVED ? f->waiver_reason : NULL);
		jsonw_end_object(&w);
		if (flush_maybe(&w, out, err, false) < 0)
			goto out;
	}
	jsonw_end_array(&w);

	jsonw_key(&w, "rules");
	jsonw_begin_array(&w);
	for (i = 0; i < finding_set_rule_count(set); i++) {
		const struct finding_rule *r = finding_set_rule_at(set, i);

		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "id", r->id);
		jsonw_kv_string(&w, "title", r->title);
		jsonw_kv_string(&w, "severity", severity_key(r->severity));
		jsonw_kv_string(&w, "origin", r->origin);
		jsonw_key(&w, "references");
		references_array(&w, r->references);
		jsonw_key(&w, "evaluated");
		jsonw_begin_array(&w);
		for (j = 0; j < r->nevaluated; j++)
			jsonw_string(&w, address_of(plan, r->evaluated[j]));
		jsonw_end_array(&w);
		jsonw_key(&w, "passed");
		jsonw_begin_array(&w);
		for (j = 0; j < r->npassed; j++)
			jsonw_string(&w, address_of(plan, r->passed[j]));
		jsonw_end_array(&w);
		jsonw_end_object(&w);
		if (flush_maybe(&w, out, err, false) < 0)
			goto out;
	}
	jsonw_end_array(&w);
	jsonw_end_object(&w);
	buf_addch(&w.out, '\n');
	rc = flush_maybe(&w, out, err, true);
out:
	jsonw_release(&w);
	return rc;
}

/* ---- SARIF 2.1.0 ---- */

static const char *
sarif_level(const struct finding *f)
{
	/* an unknown result is kind "review", whose level SARIF fixes at
	 * "none" (§3.27.9); its severity is in properties */
	if (f->status == FINDING_UNKNOWN)
		return "none";
	switch (f->severity) {
	case SEVERITY_CRITICAL:
	case SEVERITY_HIGH:
		return "error";
	case SEVERITY_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

static const char *
rule_level(enum severity s)
{
	return s >= SEVERITY_HIGH ? "error" : s == SEVERITY_MEDIUM ? "warning" : "note";
}

/* GitHub code scanning reads this 0-10 score. */
static const char *
security_severity(enum severity s)
{
	switch (s) {
	case SEVERITY_CRITICAL:
		return "9.5";
	case SEVERITY_HIGH:
		return "8.0";
	case SEVERITY_MEDIUM:
		return "5.5";
	case SEVERITY_LOW:
		return "3.0";
	default:
		return "1.0";
	}
}

/* A path as a URI reference: unreserved characters and '/' kept, the
 * rest percent-encoded. */
static void
uri_reference(struct buf *b, const char *path)
{
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			buf_addch(b, (char)*p);
		else
			buf_addf(b, "%%%02X", *p);
	}
}

int
report_sarif(FILE *out, const struct plan *plan, const struct finding_set *set,
	     const struct report_opts *o, struct error *err)
{
	struct jsonw w;
	struct buf uri = BUF_INIT;
	size_t i, nrules = finding_set_rule_count(set);
	int rc = -1;

	(void)o;
	if (plan && strcmp(plan_path(plan), "-") != 0)
		uri_reference(&uri, plan_path(plan));
	if (buf_failed(&uri))
		return error_set(err, ERROR_NOMEM, "out of memory");
	jsonw_init(&w, true);
	jsonw_begin_object(&w);
	jsonw_kv_string(&w, "$schema", SARIF_SCHEMA);
	jsonw_kv_string(&w, "version", "2.1.0");
	jsonw_key(&w, "runs");
	jsonw_begin_array(&w);
	jsonw_begin_object(&w);

	jsonw_key(&w, "tool");
	jsonw_begin_object(&w);
	jsonw_key(&w, "driver");
	jsonw_begin_object(&w);
	jsonw_kv_string(&w, "name", "signoff");
#ifdef SIGNOFF_VERSION
	jsonw_kv_string(&w, "version", SIGNOFF_VERSION);
	jsonw_kv_string(&w, "semanticVersion", SIGNOFF_VERSION);
#endif
	jsonw_key(&w, "rules");
	jsonw_begin_array(&w);
	for (i = 0; i < nrules; i++) {
		const struct finding_rule *r = finding_set_rule_at(set, i);

		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "id", r->id);
		jsonw_kv_string(&w, "name", r->id);
		jsonw_key(&w, "shortDescription");
		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "text", r->title);
		jsonw_end_object(&w);
		jsonw_key(&w, "fullDescription");
		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "text", *r->description ? r->description : r->title);
		jsonw_end_object(&w);
		if (*r->remediation) {
			jsonw_key(&w, "help");
			jsonw_begin_object(&w);
			jsonw_kv_string(&w, "text", r->remediation);
			jsonw_end_object(&w);
		}
		jsonw_key(&w, "defaultConfiguration");
		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "level", rule_level(r->severity));
		jsonw_end_object(&w);
		jsonw_key(&w, "properties");
		jsonw_begin_object(&w);
		jsonw_key(&w, "tags");
		jsonw_begin_array(&w);
		jsonw_string(&w, "security");
		jsonw_string(&w, r->origin);
		jsonw_end_array(&w);
		jsonw_kv_string(&w, "security-severity", security_severity(r->severity));
		jsonw_kv_string(&w, "severity", severity_key(r->severity));
		jsonw_key(&w, "references");
		references_array(&w, r->references);
		jsonw_end_object(&w);
		jsonw_end_object(&w);
	}
	jsonw_end_array(&w);
	jsonw_end_object(&w);
	jsonw_end_object(&w);

	if (uri.len) {
		jsonw_key(&w, "artifacts");
		jsonw_begin_array(&w);
		jsonw_begin_object(&w);
		jsonw_key(&w, "location");
		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "uri", uri.data);
		jsonw_end_object(&w);
		jsonw_key(&w, "roles");
		jsonw_begin_array(&w);
		jsonw_string(&w, "analysisTarget");
		jsonw_end_array(&w);
		if (plan) {
			jsonw_key(&w, "hashes");
			jsonw_begin_object(&w);
			jsonw_kv_string(&w, "sha-256", plan_digest_hex(plan));
			jsonw_end_object(&w);
		}
		jsonw_end_object(&w);
		jsonw_end_array(&w);
	}

	jsonw_key(&w, "results");
	jsonw_begin_array(&w);
	for (i = 0; i < finding_set_count(set); i++) {
		const struct finding *f = finding_set_at(set, i);
		size_t ri;

		for (ri = 0; ri < nrules; ri++)
			if (finding_set_rule_at(set, ri)->id == f->rule_id ||
			    strcmp(finding_set_rule_at(set, ri)->id, f->rule_id) == 0)
				break;
		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "ruleId", f->rule_id);
		if (ri < nrules)
			jsonw_kv_uint(&w, "ruleIndex", ri);
		jsonw_kv_string(&w, "kind", f->status == FINDING_UNKNOWN ? "review" : "fail");
		jsonw_kv_string(&w, "level", sarif_level(f));
		jsonw_key(&w, "message");
		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "text", f->message);
		jsonw_end_object(&w);
		jsonw_key(&w, "locations");
		jsonw_begin_array(&w);
		if (uri.len || *f->address) {
			jsonw_begin_object(&w);
			if (uri.len) {
				jsonw_key(&w, "physicalLocation");
				jsonw_begin_object(&w);
				jsonw_key(&w, "artifactLocation");
				jsonw_begin_object(&w);
				jsonw_kv_string(&w, "uri", uri.data);
				jsonw_kv_uint(&w, "index", 0);
				jsonw_end_object(&w);
				jsonw_end_object(&w);
			}
			if (*f->address) {
				jsonw_key(&w, "logicalLocations");
				jsonw_begin_array(&w);
				jsonw_begin_object(&w);
				jsonw_kv_string(&w, "fullyQualifiedName", f->address);
				jsonw_kv_string(&w, "kind", "resource");
				jsonw_end_object(&w);
				jsonw_end_array(&w);
			}
			jsonw_end_object(&w);
		}
		jsonw_end_array(&w);
		jsonw_key(&w, "partialFingerprints");
		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "signoff/v1", f->id);
		jsonw_end_object(&w);
		if (f->status == FINDING_WAIVED) {
			jsonw_key(&w, "suppressions");
			jsonw_begin_array(&w);
			jsonw_begin_object(&w);
			jsonw_kv_string(&w, "kind", "external");
			jsonw_kv_string(&w, "status", "accepted");
			jsonw_kv_string(&w, "justification", f->waiver_reason);
			jsonw_end_object(&w);
			jsonw_end_array(&w);
		}
		jsonw_key(&w, "properties");
		jsonw_begin_object(&w);
		jsonw_kv_string(&w, "status", finding_status_key(f->status));
		jsonw_kv_string(&w, "severity", severity_key(f->severity));
		jsonw_kv_string(&w, "findingId", f->id);
		if (f->path)
			jsonw_kv_string(&w, "attributePath", f->path);
		jsonw_kv_bool(&w, "restsOnUnknown", f->rests_on_unknown);
		jsonw_end_object(&w);
		jsonw_end_object(&w);
		if (flush_maybe(&w, out, err, false) < 0)
			goto out;
	}
	jsonw_end_array(&w);
	jsonw_end_object(&w);
	jsonw_end_array(&w);
	jsonw_end_object(&w);
	buf_addch(&w.out, '\n');
	rc = flush_maybe(&w, out, err, true);
out:
	buf_release(&uri);
	jsonw_release(&w);
	return rc;
}
