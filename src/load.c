/* load.c - detect the format of SOURCE from its content and load it. */
#include "load.h"

#include <string.h>
#include <sys/stat.h>

#include "json.h"
#include "mem.h"
#include "plan_build.h"

const char *
load_format_name(enum load_format f)
{
	switch (f) {
	case LOAD_FORMAT_UNKNOWN:
		return "unknown";
	case LOAD_FORMAT_TERRAFORM:
		return "terraform plan";
	case LOAD_FORMAT_TERRAFORM_REDACTED:
		return "HCP Terraform redacted plan";
	case LOAD_FORMAT_PULUMI_PREVIEW:
		return "pulumi preview";
	case LOAD_FORMAT_PULUMI_EVENTS:
		return "pulumi engine events";
	case LOAD_FORMAT_PULUMI_PLAN:
		return "pulumi saved plan";
	case LOAD_FORMAT_PULUMI_EXPORT:
		return "pulumi stack export";
	case LOAD_FORMAT_PULUMI_SUMMARY:
		return "pulumi preview summary";
	case LOAD_FORMAT_MANIFESTS:
		return "manifests";
	}
	return "?";
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* "[command]..." (a CI wrapper's line) is not a JSON array: after '['
 * must come a JSON value or ']'. */
static bool
array_starts_json(const char *text, size_t len, size_t q)
{
	q++;
	while (q < len && is_ws(text[q]))
		q++;
	if (q >= len)
		return true; /* truncated: let the parser say so */
	return text[q] != '\0' && strchr("{[]\"-0123456789tfn", text[q]) != NULL;
}

/* Offset of the first line that starts (after blanks) with '{' or '[',
 * within the first 64 lines; counts the lines skipped. */
static bool
find_json_start(const char *text, size_t len, size_t start, size_t *json_start,
		unsigned *skipped)
{
	size_t p = start;
	unsigned lines = 0;

	while (p < len && lines < 64) {
		size_t q = p;

		while (q < len && (text[q] == ' ' || text[q] == '\t'))
			q++;
		if (q < len && (text[q] == '{' || (text[q] == '[' && array_starts_json(text, len, q)))) {
			*json_start = q;
			*skipped = lines;
			return true;
		}
		while (q < len && text[q] != '\n')
			q++;
		if (q < len)
			q++;
		/* blank lines before the JSON are not "skipped text" */
		{
			size_t k = p;
			bool blank = true;

			for (; k < q; k++)
				if (!is_ws(text[k]))
					blank = false;
			if (!blank)
				lines++;
		}
		p = q;
	}
	return false;
}

static bool
key_is(const struct json_reader *r, const char *k)
{
	size_t n = strlen(k);

	return r->str_len == n && memcmp(r->str, k, n) == 0;
}

static bool
key_ends_with_event(const struct json_reader *r)
{
	return r->str_len > 5 && memcmp(r->str + r->str_len - 5, "Event", 5) == 0;
}

static enum load_format
classify_json(const struct source *src, size_t start, struct error *err, bool *syntax_error)
{
	struct json_reader r;
	enum load_format f = LOAD_FORMAT_UNKNOWN;
	bool have_deployment = false, have_version = false, have_manifest = false;
	bool have_result = false, have_summary = false, have_config = false;
	bool have_diags = false, have_api = false, have_kind = false;

	*syntax_error = false;
	json_reader_init(&r, src->text, src->len, start, src->path);
	if (json_reader_next(&r, err) < 0) {
		*syntax_error = true;
		goto out;
	}
	if (r.tok == JSON_ARRAY_BEGIN) {
		/* a JSON array of manifests ("kind: List" without the wrapper) */
		if (json_reader_next(&r, err) < 0) {
			*syntax_error = true;
			goto out;
		}
		if (r.tok != JSON_OBJECT_BEGIN)
			goto out;
	} else if (r.tok != JSON_OBJECT_BEGIN) {
		goto out;
	}
	for (;;) {
		if (json_reader_next(&r, err) < 0) {
			*syntax_error = true;
			break;
		}
		if (r.tok == JSON_OBJECT_END)
			break;
		if (key_is(&r, "format_version") || key_is(&r, "resource_changes") ||
		    key_is(&r, "planned_values") || key_is(&r, "terraform_version")) {
			f = LOAD_FORMAT_TERRAFORM;
			break;
		}
		if (key_is(&r, "plan_format_version")) {
			f = LOAD_FORMAT_TERRAFORM_REDACTED;
			break;
		}
		if (key_is(&r, "steps") || key_is(&r, "changeSummary")) {
			f = LOAD_FORMAT_PULUMI_PREVIEW;
			break;
		}
		if (key_is(&r, "sequence") || key_ends_with_event(&r)) {
			f = LOAD_FORMAT_PULUMI_EVENTS;
			break;
		}
		if (key_is(&r, "resourcePlans")) {
			f = LOAD_FORMAT_PULUMI_PLAN;
			break;
		}
		have_deployment |= key_is(&r, "deployment");
		have_version |= key_is(&r, "version");
		have_manifest |= key_is(&r, "manifest");
		have_result |= key_is(&r, "result");
		have_summary |= key_is(&r, "summary");
		have_config |= key_is(&r, "config");
		have_diags |= key_is(&r, "diagnostics") || key_is(&r, "duration");
		have_api |= key_is(&r, "apiVersion");
		have_kind |= key_is(&r, "kind");
		if (json_reader_next(&r, err) < 0 || json_reader_skip(&r, err) < 0) {
			*syntax_error = true;
			break;
		}
	}
	if (f == LOAD_FORMAT_UNKNOWN) {
		if (have_deployment && have_version)
			f = LOAD_FORMAT_PULUMI_EXPORT;
		else if (have_manifest)
			f = LOAD_FORMAT_PULUMI_PLAN;
		else if (have_result && have_summary)
			f = LOAD_FORMAT_PULUMI_SUMMARY;
		else if (have_api && have_kind)
			f = LOAD_FORMAT_MANIFESTS;
		else if (have_config || have_diags)
			f = LOAD_FORMAT_PULUMI_PREVIEW;
	}
	if (f != LOAD_FORMAT_UNKNOWN)
		*syntax_error = false;
out:
	json_reader_release(&r);
	return f;
}

/* YAML manifests: a line starting with apiVersion: or kind: in the first
 * 400 lines, or nothing but comments and document markers (a stream of
 * zero documents, e.g. a placeholder file). */
static bool
looks_like_yaml_manifest(const char *text, size_t len)
{
	size_t p = 0;
	unsigned lines = 0;
	bool only_comments = true;

	while (p < len && lines < 400) {
		size_t q = p, k = p;

		if ((len - p >= 11 && memcmp(text + p, "apiVersion:", 11) == 0) ||
		    (len - p >= 5 && memcmp(text + p, "kind:", 5) == 0))
			return true;
		while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
			k++;
		if (k < len && text[k] != '\n' && text[k] != '#' &&
		    !(len - k >= 3 && (memcmp(text + k, "---", 3) == 0 || memcmp(text + k, "...", 3) == 0)))
			only_comments = false;
		while (q < len && text[q] != '\n')
			q++;
		p = q + 1;
		lines++;
	}
	return only_comments && p >= len;
}

enum load_format
load_detect(const struct source *src, size_t *json_start, unsigned *skipped_lines)
{
	struct error err = ERROR_INIT;
	bool syn;
	enum load_format f = LOAD_FORMAT_UNKNOWN;

	*json_start = src->start;
	*skipped_lines = 0;
	if (find_json_start(src->text, src->len, src->start, json_start, skipped_lines))
		f = classify_json(src, *json_start, &err, &syn);
	if (f == LOAD_FORMAT_UNKNOWN && looks_like_yaml_manifest(src->text + src->start,
								  src->len - src->start))
		f = LOAD_FORMAT_MANIFESTS;
	return f;
}

static bool
is_blank(const struct source *src)
{
	size_t i;

	for (i = src->start; i < src->len; i++)
		if (!is_ws(src->text[i]))
			return false;
	return true;
}

/* --state completes a Pulumi preview; with another source it would be
 * silently ignored, so it is refused. */
static int
state_misused(const char *what, struct error *err)
{
	return error_set(err, ERROR_USAGE,
			 "--state (a `pulumi stack export`) goes with a Pulumi preview, not %s", what);
}

int
load_plan(struct plan **out, const struct load_opts *opts, struct error *err)
{
	struct source *src = NULL;
	enum load_format f;
	size_t start = 0;
	unsigned skipped = 0;
	struct stat st;
	bool syn = false;

	*out = NULL;
	if (opts->range || (strcmp(opts->path, "-") != 0 && stat(opts->path, &st) == 0 &&
			    S_ISDIR(st.st_mode))) {
		if (opts->state_path)
			return state_misused("manifests", err);
		return plan_manifest_load(out, opts, NULL, err);
	}
	if (source_read(&src, opts->path, err) < 0)
		return -1;
	if (is_blank(src)) {
		error_set_at(err, ERROR_SYNTAX, src->path, 1, 1, "the input is empty");
		source_free(&src);
		return -1;
	}
	if (find_json_start(src->text, src->len, src->start, &start, &skipped)) {
		f = classify_json(src, start, err, &syn);
		if (syn && !looks_like_yaml_manifest(src->text + src->start, src->len - src->start)) {
			/* the syntax error says more than "unknown format" */
			source_free(&src);
			return -1;
		}
		error_release(err);
	} else {
		f = LOAD_FORMAT_UNKNOWN;
	}
	if (f == LOAD_FORMAT_UNKNOWN &&
	    looks_like_yaml_manifest(src->text + src->start, src->len - src->start))
		f = LOAD_FORMAT_MANIFESTS;
	if (opts->state_path && (f == LOAD_FORMAT_TERRAFORM || f == LOAD_FORMAT_TERRAFORM_REDACTED ||
				 f == LOAD_FORMAT_MANIFESTS)) {
		source_free(&src);
		return state_misused(f == LOAD_FORMAT_MANIFESTS ? "manifests" : "a Terraform plan", err);
	}
	switch (f) {
	case LOAD_FORMAT_TERRAFORM:
		return plan_tf_load(out, src, start, skipped, err);
	case LOAD_FORMAT_TERRAFORM_REDACTED: {
		int rc = plan_tf_load(out, src, start, skipped, err);

		if (rc == 0 &&
		    plan_add_diag(*out, PLAN_DIAG_WARNING, "loader", NULL, 0, 0,
				  "this is HCP Terraform's redacted plan JSON, not `terraform show "
				  "-json` output: it has no configuration or prior state, so "
				  "dependencies are limited") < 0) {
			plan_free(out);
			return error_set(err, ERROR_NOMEM, "out of memory");
		}
		return rc;
	}
	case LOAD_FORMAT_PULUMI_PREVIEW:
	case LOAD_FORMAT_PULUMI_EVENTS:
	case LOAD_FORMAT_PULUMI_PLAN:
	case LOAD_FORMAT_PULUMI_EXPORT:
	case LOAD_FORMAT_PULUMI_SUMMARY:
		return plan_pulumi_load(out, src, f, start, skipped, opts->state_path, err);
	case LOAD_FORMAT_MANIFESTS:
		/* plain YAML (or JSON manifest) file or standard input */
		return plan_manifest_load(out, opts, src, err);
	case LOAD_FORMAT_UNKNOWN:
	default:
		error_set_at(err, ERROR_FORMAT, src->path, 1, 1,
			     "not a plan signoff can read: expected `terraform show -json` output, "
			     "a Pulumi preview (`pulumi preview --json`) or Kubernetes/Crossplane "
			     "manifests");
		source_free(&src);
		return -1;
	}
}
