/* report.c - text and Markdown findings, and the format dispatch. */
#include "report.h"

#include <string.h>

#include "buf.h"
#include "str.h"

static const char *const format_keys[] = {
#define X(name, key) key,
	REPORT_FORMATS(X)
#undef X
};

int
report_format_parse(const char *key)
{
	size_t i;

	if (!key)
		return -1;
	if (strcmp(key, "md") == 0)
		return REPORT_FORMAT_MARKDOWN;
	for (i = 0; i < REPORT_FORMAT_COUNT; i++)
		if (strcmp(key, format_keys[i]) == 0)
			return (int)i;
	return -1;
}

const char *
report_format_key(enum report_format f)
{
	return (unsigned)f < REPORT_FORMAT_COUNT ? format_keys[f] : "?";
}

size_t
report_blocking(const struct finding_set *set, int fail_on)
{
	if (fail_on < 0)
		return 0;
	return finding_set_count_status(set, FINDING_FAIL, (enum severity)fail_on);
}

int
report_write(FILE *out, enum report_format format, const struct plan *plan,
	     const struct finding_set *set, const struct report_opts *opts, struct error *err)
{
	switch (format) {
	case REPORT_FORMAT_TEXT:
		return report_text(out, plan, set, opts, err);
	case REPORT_FORMAT_JSON:
		return report_json(out, plan, set, opts, err);
	case REPORT_FORMAT_SARIF:
		return report_sarif(out, plan, set, opts, err);
	case REPORT_FORMAT_MARKDOWN:
		return report_markdown(out, plan, set, opts, err);
	case REPORT_FORMAT_COUNT:
		break;
	}
	return error_set(err, ERROR_USAGE, "unknown report format");
}

static int
flush(FILE *out, struct buf *b, struct error *err)
{
	if (buf_failed(b)) {
		buf_release(b);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	if (b->len && fwrite(b->data, 1, b->len, out) != b->len) {
		buf_release(b);
		return error_set(err, ERROR_IO, "cannot write the report");
	}
	buf_reset(b);
	return 0;
}

static void
esc(struct buf *b, const char *s)
{
	if (s)
		str_escape(b, s, strlen(s), STR_ESCAPE_CONTROLS);
}

static const char *
upper_severity(enum severity s)
{
	switch (s) {
	case SEVERITY_INFO:
		return "INFO";
	case SEVERITY_LOW:
		return "LOW";
	case SEVERITY_MEDIUM:
		return "MEDIUM";
	case SEVERITY_HIGH:
		return "HIGH";
	case SEVERITY_CRITICAL:
		return "CRITICAL";
	case SEVERITY_COUNT:
		break;
	}
	return "?";
}

static const char *
severity_color(enum severity s)
{
	switch (s) {
	case SEVERITY_CRITICAL:
		return "\033[1;31m";
	case SEVERITY_HIGH:
		return "\033[31m";
	case SEVERITY_MEDIUM:
		return "\033[33m";
	case SEVERITY_LOW:
		return "\033[36m";
	default:
		return "\033[2m";
	}
}

/* Counts for the summary line. */
struct tally {
	size_t status[3];
	size_t fail_by_sev[SEVERITY_COUNT];
	size_t rules;
};

static void
tally(const struct finding_set *set, struct tally *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < finding_set_count(set); i++) {
		const struct finding *f = finding_set_at(set, i);

		t->status[f->status]++;
		if (f->status == FINDING_FAIL)
			t->fail_by_sev[f->severity]++;
	}
	t->rules = finding_set_rule_count(set);
}

static void
summary_line(struct buf *b, const struct finding_set *set, const struct report_opts *o)
{
	struct tally t;
	size_t blocking = report_blocking(set, o->fail_on);
	int s;
	bool first = true;

	tally(set, &t);
	buf_addf(b, "%zu failing", t.status[FINDING_FAIL]);
	if (t.status[FINDING_FAIL]) {
		buf_addstr(b, " (");
		for (s = SEVERITY_COUNT - 1; s >= 0; s--) {
			if (!t.fail_by_sev[s])
				continue;
			buf_addf(b, "%s%zu %s", first ? "" : ", ", t.fail_by_sev[s],
				 severity_key((enum severity)s));
			first = false;
		}
		buf_addch(b, ')');
	}
	buf_addf(b, ", %zu unknown until apply, %zu waived; %zu rule%s", t.status[FINDING_UNKNOWN],
		 t.status[FINDING_WAIVED], t.rules, t.rules == 1 ? "" : "s");
	if (o->fail_on >= 0)
		buf_addf(b, "; %zu at or above %s", blocking, severity_key((enum severity)o->fail_on));
	buf_addch(b, '\n');
}

int
report_text(FILE *out, const struct plan *plan, const struct finding_set *set,
	    const struct report_opts *o, struct error *err)
{
	struct buf b = BUF_INIT;
	size_t i;

	(void)plan;
	for (i = 0; i < finding_set_count(set); i++) {
		const struct finding *f = finding_set_at(set, i);

		if (o->color)
			buf_addstr(&b, severity_color(f->severity));
		buf_addf(&b, "%-8s", upper_severity(f->severity));
		if (o->color)
			buf_addstr(&b, "\033[0m");
		buf_addf(&b, " %-7s ", finding_status_key(f->status));
		esc(&b, f->rule_id);
		buf_addch(&b, ' ');
		if (o->color)
			buf_addstr(&b, "\033[1m");
		if (*f->address)
			esc(&b, f->address);
		else
			buf_addstr(&b, "(the whole plan)");
		if (o->color)
			buf_addstr(&b, "\033[0m");
		buf_addstr(&b, "\n        ");
		esc(&b, f->message);
		buf_addch(&b, '\n');
		if (f->path) {
			buf_addstr(&b, "        at: ");
			esc(&b, f->path);
			buf_addch(&b, '\n');
		}
		if (f->status == FINDING_WAIVED) {
			buf_addstr(&b, "        waived: ");
			esc(&b, f->waiver_reason);
			buf_addch(&b, '\n');
		}
		if (f->remediation && *f->remediation) {
			buf_addstr(&b, "        fix: ");
			esc(&b, f->remediation);
			buf_addch(&b, '\n');
		}
		buf_addstr(&b, "        id: ");
		esc(&b, f->id);
		if (f->references && *f->references) {
			buf_addstr(&b, "  (");
			esc(&b, f->references);
			buf_addch(&b, ')');
		}
		buf_addstr(&b, "\n\n");
		if (b.len > 65536 && flush(out, &b, err) < 0)
			return -1;
	}
	if (!finding_set_count(set))
		buf_addstr(&b, "No findings.\n");
	summary_line(&b, set, o);
	if (flush(out, &b, err) < 0)
		return -1;
	buf_release(&b);
	return 0;
}

/* ---- Markdown (a pull-request comment) ---- */

/* Text for a table cell: controls escaped, Markdown and HTML inert. */
static void
md_cell(struct buf *b, const char *s)
{
	struct buf e = BUF_INIT;
	size_t i;

	if (!s)
		return;
	str_escape(&e, s, strlen(s), STR_ESCAPE_CONTROLS);
	for (i = 0; i < e.len; i++) {
		char c = e.data[i];

		switch (c) {
		case '|':
			buf_addstr(b, "\\|");
			break;
		case '<':
			buf_addstr(b, "&lt;");
			break;
		case '>':
			buf_addstr(b, "&gt;");
			break;
		case '&':
			buf_addstr(b, "&amp;");
			break;
		case '`':
		case '*':
		case '_':
		case '[':
		case ']':
		case '\\':
		case '#':
		case '~':
			buf_addch(b, '\\');
			buf_addch(b, c);
			break;
		default:
			buf_addch(b, c);
		}
	}
	buf_release(&e);
}

/* Inline code: backticks cannot be escaped inside, so they become '. */
static void
md_code(struct buf *b, const char *s)
{
	struct buf e = BUF_INIT;
	size_t i;

	str_escape(&e, s ? s : "", s ? strlen(s) : 0, STR_ESCAPE_CONTROLS);
	buf_addch(b, '`');
	for (i = 0; i < e.len; i++) {
		if (e.data[i] == '`')
			buf_addch(b, '\'');
		else if (e.data[i] == '|')
			buf_addstr(b, "\\|");
		else
			buf_addch(b, e.data[i]);
	}
	buf_addch(b, '`');
	buf_release(&e);
}

int
report_markdown(FILE *out, const struct plan *plan, const struct finding_set *set,
		const struct report_opts *o, struct error *err)
{
	struct buf b = BUF_INIT;
	struct tally t;
	size_t i, blocking = report_blocking(set, o->fail_on);
	int s;

	tally(set, &t);
	buf_addf(&b, "### signoff check: %s\n\n",
		 blocking ? "changes requested" : t.status[FINDING_FAIL] ? "findings below the threshold"
									  : "no failing findings");
	buf_addstr(&b, "Plan ");
	md_code(&b, plan ? plan_path(plan) : "");
	if (plan)
		buf_addf(&b, " (sha256 `%.12s`)", plan_digest_hex(plan));
	buf_addf(&b, ": **%zu failing**, %zu unknown until apply, %zu waived, %zu rule%s.",
		 t.status[FINDING_FAIL], t.status[FINDING_UNKNOWN], t.status[FINDING_WAIVED], t.rules,
		 t.rules == 1 ? "" : "s");
	if (o->fail_on >= 0)
		buf_addf(&b, " %zu at or above `%s`.", blocking, severity_key((enum severity)o->fail_on));
	buf_addstr(&b, "\n\n");
	if (t.status[FINDING_FAIL]) {
		buf_addstr(&b, "| Severity | Failing |\n|---|---:|\n");
		for (s = SEVERITY_COUNT - 1; s >= 0; s--)
			if (t.fail_by_sev[s])
				buf_addf(&b, "| %s | %zu |\n", severity_key((enum severity)s),
					 t.fail_by_sev[s]);
		buf_addch(&b, '\n');
	}
	if (finding_set_count(set)) {
		/* the finding id (RULE:hash) is what `sign --ack` takes */
		buf_addstr(&b, "| Severity | Status | Id | Resource | Finding |\n"
			       "|---|---|---|---|---|\n");
		for (i = 0; i < finding_set_count(set); i++) {
			const struct finding *f = finding_set_at(set, i);

			buf_addf(&b, "| %s | %s | ", severity_key(f->severity),
				 finding_status_key(f->status));
			md_code(&b, f->id);
			buf_addstr(&b, " | ");
			if (*f->address)
				md_code(&b, f->address);
			else
				buf_addstr(&b, "(plan)");
			buf_addstr(&b, " | ");
			md_cell(&b, f->message);
			if (f->path) {
				buf_addstr(&b, " (at ");
				md_code(&b, f->path);
				buf_addch(&b, ')');
			}
			if (f->status == FINDING_WAIVED) {
				buf_addstr(&b, "<br>waived: ");
				md_cell(&b, f->waiver_reason);
			}
			buf_addstr(&b, " |\n");
			if (b.len > 65536 && flush(out, &b, err) < 0)
				return -1;
		}
		buf_addch(&b, '\n');
	}
	buf_addstr(&b, "<sub>Rules digest `");
	md_cell(&b, finding_set_rules_digest(set));
	buf_addstr(&b, "`</sub>\n");
	if (flush(out, &b, err) < 0)
		return -1;
	buf_release(&b);
	return 0;
}
