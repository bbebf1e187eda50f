/* waiver.h - accepted risks: findings marked "waived", never hidden.
 *
 * A waiver file (YAML) lists waivers; each names a rule (a glob over rule
 * ids) and an address pattern (a glob over addresses), or one finding
 * id, with a reason and an expiry date:
 *
 *   waivers:
 *     - rule: AWS-S3-006
 *       address: "module.logs.*"
 *       reason: log buckets do not log to themselves
 *       expires: 2026-12-31
 *     - finding: AWS-EC2-002:3f9a1c2b7d4e
 *       reason: legacy AMI, replaced in Q3
 *       expires: 2026-09-30T00:00:00Z
 *
 * A date alone expires at the end of that day (UTC).  An expired waiver
 * stops applying; the finding shows as failing again.
 */
#ifndef SIGNOFF_WAIVER_H
#define SIGNOFF_WAIVER_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "finding.h"

struct waiver {
	const char *rule;       /* glob over rule ids, or NULL */
	const char *finding;    /* a finding id, or NULL */
	const char *address;    /* glob over addresses ("*" when not given) */
	const char *reason;
	const char *expires_text;
	long long expires;      /* seconds since the epoch (inclusive) */
	unsigned long line;     /* where it is in the file */
};

struct waiver_set;

int waiver_set_load(struct waiver_set **out, const char *path, struct error *err);
int waiver_set_parse(struct waiver_set **out, const char *name, const char *text, size_t len,
		     struct error *err);
void waiver_set_free(struct waiver_set **ws);

size_t waiver_set_count(const struct waiver_set *ws);
const struct waiver *waiver_set_at(const struct waiver_set *ws, size_t i);
const char *waiver_set_path(const struct waiver_set *ws);

/* The first waiver that covers the finding and has not expired at
 * `now`, or NULL. */
const struct waiver *waiver_set_match(const struct waiver_set *ws, const struct finding *f,
				      long long now);
bool waiver_is_expired(const struct waiver *w, long long now);

/* RFC 3339 time or a date (YYYY-MM-DD, meaning its last second, UTC)
 * -> seconds since the epoch; -1 if it is neither.  `end_of_day`
 * chooses the last second of a bare date rather than the first. */
long long waiver_parse_time(const char *s, bool end_of_day);

#endif
