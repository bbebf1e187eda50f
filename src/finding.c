/* finding.c - finding sets, their builder, and checks_run(). */
#include "finding.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "digest.h"
#include "mem.h"
#include "rule.h"
#include "str.h"
#include "waiver.h"

#ifndef SIGNOFF_DATADIR
#define SIGNOFF_DATADIR "/usr/local/share/signoff"
#endif

struct finding_set {
	struct arena arena;
	struct strtab strings;
	struct finding *items;
	size_t n;
	const struct finding **by_change;   /* sorted by change, then set order */
	const struct finding **by_id;       /* sorted by id */
	struct finding_rule *rules;
	size_t nrules;
	char rules_digest[DIGEST_SHA256_HEX];
	const struct plan *plan;
};

/* qsort that accepts an empty (NULL) array. */
static void
sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* ---- severities and statuses ---- */

static const char *const severity_keys[] = {
#define X(name, key, letter) key,
	SEVERITIES(X)
#undef X
};

const char *
severity_key(enum severity s)
{
	return (unsigned)s < SEVERITY_COUNT ? severity_keys[s] : "?";
}

int
severity_parse(const char *key)
{
	size_t i;

	for (i = 0; i < SEVERITY_COUNT; i++)
		if (key && str_eq_nocase(key, severity_keys[i]))
			return (int)i;
	return -1;
}

const char *
finding_status_key(enum finding_status s)
{
	switch (s) {
	case FINDING_FAIL:
		return "fail";
	case FINDING_UNKNOWN:
		return "unknown";
	case FINDING_WAIVED:
		return "waived";
	}
	return "?";
}

void
finding_make_id(char *out, size_t size, const char *rule_id, const char *address,
		const char *path)
{
	uint8_t h[DIGEST_SHA256_LEN];
	char hex[DIGEST_SHA256_HEX];
	char small[512];
	size_t lr = strlen(rule_id) + 1, la = strlen(address) + 1, lp = path ? strlen(path) + 1 : 0;
	size_t n = lr + la + lp;
	char *text = n <= sizeof(small) ? small : mem_alloc(n);
	int rc;

	/* sha256 over "RULE\0ADDRESS\0[PATH\0]" */
	if (!text) {
		snprintf(out, size, "%s:?", rule_id);
		return;
	}
	memcpy(text, rule_id, lr);
	memcpy(text + lr, address, la);
	if (lp)
		memcpy(text + lr + la, path, lp);
	rc = digest_sha256(text, n, h);
	if (text != small)
		mem_free(text);
	if (rc < 0) {
		snprintf(out, size, "%s:?", rule_id);
		return;
	}
	digest_hex(h, sizeof(h), hex);
	snprintf(out, size, "%s:%.12s", rule_id, hex);
}

/* ---- reading ---- */

size_t
finding_set_count(const struct finding_set *set)
{
	return set ? set->n : 0;
}

const struct finding *
finding_set_at(const struct finding_set *set, size_t i)
{
	return set && i < set->n ? &set->items[i] : NULL;
}

size_t
finding_set_for_change(const struct finding_set *set, size_t change_index,
		       const struct finding *const **out)
{
	size_t lo = 0, hi, start;

	*out = NULL;
	if (!set || !set->n)
		return 0;
	hi = set->n;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;

		if (set->by_change[m]->change_index < change_index)
			lo = m + 1;
		else
			hi = m;
	}
	start = lo;
	while (lo < set->n && set->by_change[lo]->change_index == change_index)
		lo++;
	if (lo == start)
		return 0;
	*out = set->by_change + start;
	return lo - start;
}

int
finding_set_max_severity(const struct finding_set *set, size_t change_index)
{
	const struct finding *const *fs;
	size_t n = finding_set_for_change(set, change_index, &fs), i;
	int max = -1;

	for (i = 0; i < n; i++)
		if ((int)fs[i]->severity > max)
			max = (int)fs[i]->severity;
	return max;
}

const struct finding *
finding_set_find(const struct finding_set *set, const char *id)
{
	size_t lo = 0, hi;

	if (!set || !id)
		return NULL;
	hi = set->n;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		int c = strcmp(set->by_id[m]->id, id);

		if (c == 0)
			return set->by_id[m];
		if (c < 0)
			lo = m + 1;
		else
			hi = m;
	}
	return NULL;
}

void
finding_set_free(struct finding_set **setp)
{
	struct finding_set *set = *setp;
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->nrules; i++) {
		mem_free((void *)(uintptr_t)set->rules[i].evaluated);
		mem_free((void *)(uintptr_t)set->rules[i].passed);
	}
	mem_free(set->rules);
	mem_free(set->items);
	mem_free(set->by_change);
	mem_free(set->by_id);
	strtab_release(&set->strings);
	arena_release(&set->arena);
	mem_free(set);
	*setp = NULL;
}

const char *
finding_set_rules_digest(const struct finding_set *set)
{
	return set ? set->rules_digest : "";
}

size_t
finding_set_rule_count(const struct finding_set *set)
{
	return set ? set->nrules : 0;
}

const struct finding_rule *
finding_set_rule_at(const struct finding_set *set, size_t i)
{
	return set && i < set->nrules ? &set->rules[i] : NULL;
}

const struct finding_rule *
finding_set_rule_find(const struct finding_set *set, const char *id)
{
	size_t i;

	for (i = 0; set && i < set->nrules; i++)
		if (strcmp(set->rules[i].id, id) == 0)
			return &set->rules[i];
	return NULL;
}

size_t
finding_set_count_status(const struct finding_set *set, enum finding_status status,
			 enum severity min)
{
	size_t i, n = 0;

	for (i = 0; set && i < set->n; i++)
		if (set->items[i].status == status && set->items[i].severity >= min)
			n++;
	return n;
}

const struct plan *
finding_set_plan(const struct finding_set *set)
{
	return set ? set->plan : NULL;
}

/* ---- building ---- */

struct eval_rec {
	uint32_t change;            /* a change index (plans hold fewer than 2^32) */
	uint32_t passed;
};

struct rule_acc {
	struct eval_rec *recs;
	size_t n, cap;
};

struct finding_builder {
	struct finding_set *set;
	size_t cap;                 /* of set->items */
	size_t crules;
	struct rule_acc *acc;       /* per rule */
	size_t nacc;
	uint32_t *slots;            /* id pointer -> finding index + 1 */
	size_t nslots;
};

int
finding_builder_new(struct finding_builder **out, const struct plan *plan, struct error *err)
{
	struct finding_builder *fb = mem_calloc(1, sizeof(*fb));

	*out = NULL;
	if (!fb)
		return error_set(err, ERROR_NOMEM, "out of memory");
	fb->set = mem_calloc(1, sizeof(*fb->set));
	if (!fb->set) {
		mem_free(fb);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	strtab_init(&fb->set->strings, &fb->set->arena);
	fb->set->plan = plan;
	*out = fb;
	return 0;
}

void
finding_builder_free(struct finding_builder **fbp)
{
	struct finding_builder *fb = *fbp;
	size_t i;

	if (!fb)
		return;
	for (i = 0; i < fb->nacc; i++)
		mem_free(fb->acc[i].recs);
	mem_free(fb->acc);
	mem_free(fb->slots);
	finding_set_free(&fb->set);
	mem_free(fb);
	*fbp = NULL;
}

static const char *
copy(struct finding_set *set, const char *s)
{
	return strtab_intern(&set->strings, s ? s : "", s ? strlen(s) : 0);
}

int
finding_builder_add_rule(struct finding_builder *fb, const struct finding_rule_decl *d,
			 size_t *index)
{
	struct finding_set *set = fb->set;
	struct finding_rule *r;
	size_t cap = fb->crules;

	if (set->nrules == fb->crules) {
		if (mem_grow_array((void **)&set->rules, &cap, set->nrules + 1, sizeof(*set->rules)) <
		    0)
			return -1;
		cap = fb->crules;
		if (mem_grow_array((void **)&fb->acc, &cap, set->nrules + 1, sizeof(*fb->acc)) < 0)
			return -1;
		fb->crules = cap;
	}
	r = &set->rules[set->nrules];
	memset(r, 0, sizeof(*r));
	memset(&fb->acc[set->nrules], 0, sizeof(fb->acc[0]));
	fb->nacc = set->nrules + 1;
	r->id = copy(set, d->id);
	r->title = copy(set, d->title);
	r->description = copy(set, d->description);
	r->remediation = copy(set, d->remediation);
	r->references = copy(set, d->references);
	r->origin = copy(set, d->origin ? d->origin : "rules");
	r->path = copy(set, d->path);
	r->severity = d->severity;
	if (!r->id || !r->title || !r->description || !r->remediation || !r->references ||
	    !r->origin || !r->path)
		return -1;
	*index = set->nrules++;
	return 0;
}

int
finding_builder_evaluated(struct finding_builder *fb, size_t rule, size_t change_index,
			  bool passed)
{
	struct rule_acc *a = &fb->acc[rule];

	if (change_index >= UINT32_MAX)
		return -1;
	if (a->n && a->recs[a->n - 1].change == change_index) {
		a->recs[a->n - 1].passed &= passed;
		return 0;
	}
	if (a->n == a->cap &&
	    mem_grow_array((void **)&a->recs, &a->cap, a->n + 1, sizeof(*a->recs)) < 0)
		return -1;
	a->recs[a->n].change = (uint32_t)change_index;
	a->recs[a->n].passed = passed;
	a->n++;
	return 0;
}

static size_t
slot_of(const struct finding_builder *fb, const char *id)
{
	uintptr_t h = (uintptr_t)id;

	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 7) & (fb->nslots - 1);
}

static int
grow_slots(struct finding_builder *fb)
{
	size_t n = fb->nslots ? fb->nslots * 2 : 1024, i;
	uint32_t *old = fb->slots;
	size_t oldn = fb->nslots;

	fb->slots = mem_calloc(n, sizeof(*fb->slots));
	if (!fb->slots) {
		fb->slots = old;
		return -1;
	}
	fb->nslots = n;
	for (i = 0; i < oldn; i++)
		if (old[i]) {
			size_t s = slot_of(fb, fb->set->items[old[i] - 1].id);

			while (fb->slots[s])
				s = (s + 1) & (n - 1);
			fb->slots[s] = old[i];
		}
	mem_free(old);
	return 0;
}

int
finding_builder_add(struct finding_builder *fb, size_t rule, const struct finding_draft *d)
{
	struct finding_set *set = fb->set;
	const struct finding_rule *r = &set->rules[rule];
	struct finding *f;
	char id[128];
	struct buf idsrc = BUF_INIT;
	const char *idp;
	size_t s;

	if (d->path_in_id || d->id_extra) {
		buf_addf(&idsrc, "%s%s%s", d->path_in_id && d->path ? d->path : "",
			 d->id_extra ? "\x1f" : "", d->id_extra ? d->id_extra : "");
		if (buf_failed(&idsrc))
			return -1;
	}
	finding_make_id(id, sizeof(id), r->id, d->address ? d->address : "",
			(d->path_in_id || d->id_extra) ? idsrc.data : NULL);
	buf_release(&idsrc);
	idp = copy(set, id);
	if (!idp)
		return -1;
	if ((set->n + 1) * 2 > fb->nslots && grow_slots(fb) < 0)
		return -1;
	for (s = slot_of(fb, idp); fb->slots[s]; s = (s + 1) & (fb->nslots - 1)) {
		f = &set->items[fb->slots[s] - 1];
		if (f->id == idp) {
			/* seen through another view: a failure outranks an unknown */
			if (f->status == FINDING_UNKNOWN && d->status == FINDING_FAIL) {
				f->status = FINDING_FAIL;
				f->message = copy(set, d->message);
				f->path = d->path ? copy(set, d->path) : NULL;
				f->rests_on_unknown = d->rests_on_unknown;
				if (!f->message)
					return -1;
			}
			return 0;
		}
	}
	if (set->n == fb->cap &&
	    mem_grow_array((void **)&set->items, &fb->cap, set->n + 1, sizeof(*set->items)) < 0)
		return -1;
	f = &set->items[set->n];
	memset(f, 0, sizeof(*f));
	f->id = idp;
	f->rule_id = r->id;
	f->title = r->title;
	f->remediation = r->remediation;
	f->references = r->references;
	f->origin = r->origin;
	f->rule_path = r->path;
	f->severity = r->severity;
	f->status = d->status;
	f->change_index = d->change_index;
	f->address = copy(set, d->address);
	f->path = d->path ? copy(set, d->path) : NULL;
	f->message = copy(set, d->message);
	f->rests_on_unknown = d->rests_on_unknown;
	if (!f->address || !f->message || (d->path && !f->path))
		return -1;
	fb->slots[s] = (uint32_t)(set->n + 1);
	set->n++;
	return 0;
}

static int
cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if ((c = strcmp(x->address, y->address)) != 0)
		return c;
	if ((c = strcmp(x->rule_id, y->rule_id)) != 0)
		return c;
	if ((c = strcmp(x->path ? x->path : "", y->path ? y->path : "")) != 0)
		return c;
	return strcmp(x->id, y->id);
}

static int
cmp_by_change(const void *a, const void *b)
{
	const struct finding *x = *(const struct finding *const *)a;
	const struct finding *y = *(const struct finding *const *)b;

	if (x->change_index != y->change_index)
		return x->change_index < y->change_index ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int
cmp_by_id(const void *a, const void *b)
{
	return strcmp((*(const struct finding *const *)a)->id,
		      (*(const struct finding *const *)b)->id);
}

static int
cmp_rec(const void *a, const void *b)
{
	const struct eval_rec *x = a, *y = b;

	return x->change < y->change ? -1 : x->change > y->change;
}

int
finding_builder_finish(struct finding_builder **fbp, const char *rules_digest,
		       struct finding_set **out, struct error *err)
{
	struct finding_builder *fb = *fbp;
	struct finding_set *set = fb->set;
	size_t i, j;

	*out = NULL;
	sort_array(set->items, set->n, sizeof(*set->items), cmp_finding);
	set->by_change = mem_calloc(set->n + 1, sizeof(*set->by_change));
	set->by_id = mem_calloc(set->n + 1, sizeof(*set->by_id));
	if (!set->by_change || !set->by_id)
		goto nomem;
	for (i = 0; i < set->n; i++)
		set->by_change[i] = set->by_id[i] = &set->items[i];
	sort_array(set->by_change, set->n, sizeof(*set->by_change), cmp_by_change);
	sort_array(set->by_id, set->n, sizeof(*set->by_id), cmp_by_id);
	for (i = 0; i < set->nrules; i++) {
		struct rule_acc *a = &fb->acc[i];
		struct finding_rule *r = &set->rules[i];
		size_t *ev, *pass, ne = 0, np = 0;

		sort_array(a->recs, a->n, sizeof(*a->recs), cmp_rec);
		ev = mem_calloc(a->n + 1, sizeof(*ev));
		pass = mem_calloc(a->n + 1, sizeof(*pass));
		if (!ev || !pass) {
			mem_free(ev);
			mem_free(pass);
			goto nomem;
		}
		for (j = 0; j < a->n; j++) {
			bool passed = a->recs[j].passed;

			/* one change seen twice: it passes only if both passed */
			while (j + 1 < a->n && a->recs[j + 1].change == a->recs[j].change)
				passed &= a->recs[++j].passed;
			ev[ne++] = a->recs[j].change;
			if (passed)
				pass[np++] = a->recs[j].change;
		}
		r->evaluated = ev;
		r->nevaluated = ne;
		/* most changes pass most rules, or fail them: give back the rest */
		if (np + 1 < a->n + 1) {
			size_t *fit = mem_realloc(pass, (np + 1) * sizeof(*pass));

			if (fit)
				pass = fit;
		}
		r->passed = pass;
		r->npassed = np;
		/* the records are read: freed now, not with the builder */
		mem_free(a->recs);
		a->recs = NULL;
		a->n = a->cap = 0;
	}
	snprintf(set->rules_digest, sizeof(set->rules_digest), "%s", rules_digest ? rules_digest : "");
	fb->set = NULL;
	finding_builder_free(fbp);
	*out = set;
	return 0;
nomem:
	finding_builder_free(fbp);
	return error_set(err, ERROR_NOMEM, "out of memory");
}

int
finding_set_apply_waivers(struct finding_set *set, const struct waiver_set *ws, long long now,
			  struct error *err)
{
	size_t i;

	for (i = 0; ws && i < set->n; i++) {
		struct finding *f = &set->items[i];
		const struct waiver *w;

		if (f->status == FINDING_WAIVED)
			continue;
		w = waiver_set_match(ws, f, now);
		if (!w)
			continue;
		f->status = FINDING_WAIVED;
		f->waiver_reason = copy(set, w->reason);
		if (!f->waiver_reason)
			return error_set(err, ERROR_NOMEM, "out of memory");
	}
	return 0;
}

/* ---- checks_run ---- */

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* opts->builtin_dir, $SIGNOFF_CHECKS_DIR, a checks/ dir near the binary
 * (the repository it was built in), then the installed data dir. */
static int
locate_checks(const struct checks_opts *opts, struct buf *out, struct error *err)
{
	const char *env = getenv("SIGNOFF_CHECKS_DIR");
	char exe[PATH_MAX];
	ssize_t n;

	buf_reset(out);
	if (opts && opts->builtin_dir) {
		if (!is_dir(opts->builtin_dir))
			return error_set_at(err, ERROR_NOTFOUND, opts->builtin_dir, 0, 0,
					    "the shipped checks directory does not exist");
		buf_addstr(out, opts->builtin_dir);
		return buf_failed(out) ? error_set(err, ERROR_NOMEM, "out of memory") : 0;
	}
	if (env && *env) {
		if (!is_dir(env))
			return error_set_at(err, ERROR_NOTFOUND, env, 0, 0,
					    "SIGNOFF_CHECKS_DIR is not a directory");
		buf_addstr(out, env);
		return buf_failed(out) ? error_set(err, ERROR_NOMEM, "out of memory") : 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		int up;

		exe[n] = '\0';
		for (up = 0; up < 4; up++) {
			char *slash = strrchr(exe, '/');

			if (!slash)
				break;
			*slash = '\0';
			buf_reset(out);
			buf_addf(out, "%s/checks", exe);
			if (!buf_failed(out) && is_dir(out->data))
				return 0;
			buf_reset(out);
			buf_addf(out, "%s/share/signoff/checks", exe);
			if (!buf_failed(out) && is_dir(out->data))
				return 0;
		}
	}
	buf_reset(out);
	buf_addstr(out, SIGNOFF_DATADIR "/checks");
	if (!buf_failed(out) && is_dir(out->data))
		return 0;
	return error_set(err, ERROR_NOTFOUND,
			 "cannot find the shipped checks (looked near the program and in %s; set "
			 "SIGNOFF_CHECKS_DIR)",
			 SIGNOFF_DATADIR "/checks");
}

static enum severity
diag_severity(enum plan_diag_severity s)
{
	switch (s) {
	case PLAN_DIAG_ERROR:
		return SEVERITY_HIGH;
	case PLAN_DIAG_WARNING:
		return SEVERITY_MEDIUM;
	case PLAN_DIAG_INFO:
		return SEVERITY_INFO;
	}
	return SEVERITY_INFO;
}

/* Diagnostics from the tool that made the plan (Terraform checks, Pulumi
 * policy packs) become findings with that origin. */
static int
add_diagnostics(struct finding_builder *fb, const struct plan *plan, struct error *err)
{
	size_t i, j;
	struct {
		const char *origin;
		enum severity sev;
		size_t index;
	} seen[32];
	size_t nseen = 0;

	for (i = 0; i < plan_diag_count(plan); i++) {
		const struct plan_diag *d = plan_diag_at(plan, i);
		struct finding_draft dr;
		const struct plan_change *c = NULL;
		size_t rule = (size_t)-1;
		enum severity sev = diag_severity(d->severity);
		char extra[32];

		if (!d->origin || strcmp(d->origin, "loader") == 0)
			continue;
		for (j = 0; j < nseen; j++)
			if (strcmp(seen[j].origin, d->origin) == 0 && seen[j].sev == sev)
				rule = seen[j].index;
		if (rule == (size_t)-1) {
			struct finding_rule_decl decl;
			struct buf id = BUF_INIT, title = BUF_INIT;
			const char *p;
			int rc;

			buf_addstr(&id, "DIAG-");
			for (p = d->origin; *p; p++)
				buf_addch(&id, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
						       (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'
					       ? *p
					       : '-');
			if (sev != SEVERITY_HIGH)
				buf_addf(&id, "-%s", severity_key(sev));
			buf_addf(&title, "Reported by %s", d->origin);
			memset(&decl, 0, sizeof(decl));
			decl.id = id.data;
			decl.title = title.data;
			decl.description = "A diagnostic reported by the tool that made the plan.";
			decl.remediation = "";
			decl.references = "";
			decl.origin = d->origin;
			decl.path = "";
			decl.severity = sev;
			rc = buf_failed(&id) || buf_failed(&title)
				     ? -1
				     : finding_builder_add_rule(fb, &decl, &rule);
			buf_release(&id);
			buf_release(&title);
			if (rc < 0)
				return error_set(err, ERROR_NOMEM, "out of memory");
			if (nseen < sizeof(seen) / sizeof(seen[0])) {
				seen[nseen].origin = d->origin;
				seen[nseen].sev = sev;
				seen[nseen].index = rule;
				nseen++;
			}
		}
		if (d->address) {
			c = plan_find_change(plan, d->address, PLAN_SECTION_CHANGE);
			if (!c)
				c = plan_find_change(plan, d->address, -1);
		}
		memset(&dr, 0, sizeof(dr));
		dr.status = FINDING_FAIL;
		dr.change_index = c ? c->index : FINDING_NO_CHANGE;
		dr.address = c ? plan_change_key(c) : "";
		dr.message = d->message ? d->message : "";
		snprintf(extra, sizeof(extra), "%zu", i);
		dr.id_extra = extra;
		if (finding_builder_add(fb, rule, &dr) < 0)
			return error_set(err, ERROR_NOMEM, "out of memory");
	}
	return 0;
}

int
checks_run(const struct plan *plan, const struct checks_opts *opts, struct finding_set **out,
	   struct error *err)
{
	struct rule_set *rules = NULL;
	struct finding_builder *fb = NULL;
	struct waiver_set *ws = NULL;
	struct buf dir = BUF_INIT;
	long long now;
	size_t i;
	int rc = -1;

	*out = NULL;
	if (opts && opts->now) {
		now = waiver_parse_time(opts->now, false);
		if (now < 0)
			return error_set(err, ERROR_USAGE, "'%s' is not an RFC 3339 time", opts->now);
	} else {
		now = (long long)time(NULL);
	}
	if (rule_set_new(&rules, err) < 0)
		return -1;
	if (locate_checks(opts, &dir, err) < 0 || rule_set_load_dir(rules, dir.data, err) < 0)
		goto out;
	for (i = 0; opts && opts->rule_dirs && opts->rule_dirs[i]; i++)
		if (rule_set_load_dir(rules, opts->rule_dirs[i], err) < 0)
			goto out;
	if (rule_set_select(rules, opts ? opts->only : NULL, opts ? opts->skip : NULL, err) < 0)
		goto out;
	if (opts && opts->waivers_path && waiver_set_load(&ws, opts->waivers_path, err) < 0)
		goto out;
	if (finding_builder_new(&fb, plan, err) < 0)
		goto out;
	if (rule_set_eval(rules, plan, fb, opts, err) < 0)
		goto out;
	if (add_diagnostics(fb, plan, err) < 0)
		goto out;
	if (finding_builder_finish(&fb, rule_set_digest(rules), out, err) < 0)
		goto out;
	if (finding_set_apply_waivers(*out, ws, now, err) < 0) {
		finding_set_free(out);
		goto out;
	}
	rc = 0;
out:
	buf_release(&dir);
	finding_builder_free(&fb);
	waiver_set_free(&ws);
	rule_set_free(&rules);
	return rc;
}
