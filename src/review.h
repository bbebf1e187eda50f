/* review.h - signed review decisions: the in-toto statement, the review
 * bundle, and what an approval requires.
 *
 * One decision is one in-toto Statement v1 (research/signing.md 4.1):
 *
 *   subject        the artifacts reviewed, matched by digest only: the
 *                  SOURCE bytes (sha256), the binary plan file given with
 *                  --plan-file (sha256), or for a git range the two commit
 *                  ids (gitCommit)
 *   predicateType  urn:signoff:review:v1
 *   predicate      decision, reviewer {principal, key}, target {plan_kind,
 *                  environment, workspace, source {repo, commit}},
 *                  findings {threshold, rules_sha256, acknowledged[],
 *                  waived[]}, reviewed[] (destroys and replaces marked
 *                  reviewed), revealed[] (addresses whose sensitive values
 *                  were shown; never the values), comment, issued_at,
 *                  expires_at (RFC 3339 UTC), tool {name, version}
 *
 * The statement bytes are signed as they are (DSSE), so decode parses the
 * exact bytes that were verified and never re-serialises them.
 *
 * The review bundle is a JSON file of DSSE envelopes for one plan:
 *   {"mediaType": REVIEW_BUNDLE_MEDIA_TYPE, "reviews": [envelope, ...]}
 * Entries are only ever appended (under a lock, through a temporary file,
 * fsync and rename); an entry whose subjects differ from the entries
 * already there is refused.
 */
#ifndef SIGNOFF_REVIEW_H
#define SIGNOFF_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dsse.h"
#include "error.h"
#include "finding.h"
#include "mem.h"
#include "plan.h"

#define REVIEW_STATEMENT_TYPE "https://in-toto.io/Statement/v1"
#define REVIEW_PREDICATE_TYPE "urn:signoff:review:v1"
#define REVIEW_BUNDLE_MEDIA_TYPE "application/vnd.signoff.review-bundle.v1+json"
#define REVIEW_MAX_BUNDLE (1024 * 1024)
#define REVIEW_MAX_PAYLOAD (64 * 1024)
#define REVIEW_MAX_ENTRIES 64
#define REVIEW_MAX_SUBJECTS 8
#define REVIEW_DEFAULT_TTL (24 * 3600)
/* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
#define REVIEW_TIME_LEN 21

enum review_decision {
	REVIEW_APPROVE,
	REVIEW_REJECT,
};

const char *review_decision_key(enum review_decision d);

/* One artifact: digest algorithm ("sha256", "gitCommit") and value
 * (lowercase hex).  Strings are borrowed. */
struct review_subject {
	const char *name;
	const char *alg;
	const char *value;
};

/* A set of subjects with its own storage. */
struct review_subjects {
	struct review_subject items[REVIEW_MAX_SUBJECTS];
	size_t n;
	struct arena arena;
};

void review_subjects_init(struct review_subjects *s);
void review_subjects_release(struct review_subjects *s);
int review_subjects_add(struct review_subjects *s, const char *name, const char *alg,
			const char *value, struct error *err);
/* Adds {basename(path), sha256 of the file's bytes}, streaming; "-" is
 * standard input (named "stdin"). */
int review_subjects_add_file(struct review_subjects *s, const char *path, struct error *err);
/* The subjects of a loaded plan: the two commits of a git range, or the
 * source bytes' sha256; plus plan_file's sha256 when not NULL. */
int review_subjects_for_plan(struct review_subjects *s, const struct plan *plan,
			     const char *plan_file, struct error *err);
/* Same artifacts (order and names aside; hex compared without case). */
/* Whether a reason says something: not NULL, not only blanks. */
bool review_reason_given(const char *reason);
bool review_subjects_equal(const struct review_subject *a, size_t na,
			   const struct review_subject *b, size_t nb);

struct review_ack {
	const char *id;
	const char *reason;
};

/* A decision.  For encoding, the caller fills it with borrowed strings
 * (NULL leaves an optional field out).  Decoded statements own theirs. */
struct review_statement {
	const struct review_subject *subjects;
	size_t nsubjects;
	const char *review_id;            /* random UUID, for logs */
	enum review_decision decision;
	const char *principal;
	const char *key_fingerprint;      /* informational; trust comes from the gate */
	const char *plan_kind;
	const char *environment;
	const char *workspace;            /* Terraform workspace, Pulumi stack... */
	const char *repo;
	const char *commit;
	const char *threshold;            /* severity key, or NULL */
	const char *rules_sha256;         /* NULL when no checks ran */
	const struct review_ack *acks;
	size_t nacks;
	const struct review_ack *waivers;
	size_t nwaivers;
	const char *const *reviewed;
	size_t nreviewed;
	const char *const *revealed;
	size_t nrevealed;
	const char *comment;              /* may be NULL */
	int64_t issued_at, expires_at;    /* seconds since the epoch */
	const char *tool_name, *tool_version;
	struct arena arena;               /* decoded statements only */
};

/* The statement as JSON (indented, ending in a newline): the bytes that
 * get signed.  Fails on strings that are not UTF-8. */
int review_statement_encode(const struct review_statement *st, struct buf *out,
			    struct error *err);
/* Parses statement bytes.  ERROR_FORMAT when _type or predicateType is
 * not ours (a statement about something else); ERROR_SYNTAX/SCHEMA when
 * malformed. */
int review_statement_decode(struct review_statement **out, const void *bytes, size_t len,
			    struct error *err);
void review_statement_free(struct review_statement **st);

/* A random UUIDv4 (libcrypto RAND) into out[37]. */
int review_new_id(char out[37]);

/* RFC 3339 UTC with seconds and 'Z' only ("2025-06-01T10:00:00Z"). */
int review_time_parse(const char *s, int64_t *out);
void review_time_format(int64_t t, char out[REVIEW_TIME_LEN]);
/* Durations for --ttl: "3600", "90m", "8h", "2d" (1 s .. 366 d). */
int review_duration_parse(const char *s, int64_t *out);

/* ---- the bundle ---- */

struct review_bundle {
	struct dsse_envelope *entries;
	size_t n;
	unsigned long *lines, *cols;  /* where each entry starts in the text; 0 unknown */
};

/* Reads and checks a bundle: at most REVIEW_MAX_BUNDLE bytes, strict JSON
 * (duplicate keys refused), the media type, 1 to REVIEW_MAX_ENTRIES
 * reviews, each an envelope with payloadType DSSE_PAYLOAD_TYPE, a base64
 * payload (standard or URL-safe, padded or not) of at most
 * REVIEW_MAX_PAYLOAD bytes and exactly one signature.  Nothing is
 * verified here.  Errors name the file and the review (1-based). */
/* The bundle a decision on SOURCE goes to by default: "plan.json" ->
 * "plan.review" (beside it).  NULL for standard input or on OOM; the
 * caller frees with mem_free. */
char *review_bundle_default_path(const char *source);
int review_bundle_read(struct review_bundle **out, const char *path, struct error *err);
int review_bundle_parse(struct review_bundle **out, const char *text, size_t len,
			const char *path, struct error *err);
void review_bundle_free(struct review_bundle **b);

/* Appends env to the bundle at path (created if missing), atomically and
 * under path.lock.  Refuses a bundle that is malformed, full, or whose
 * entries are about other subjects than env's statement.  *count (may be
 * NULL) gets the number of reviews now in the bundle. */
int review_bundle_append(const char *path, const struct dsse_envelope *env, size_t *count,
			 struct error *err);

/* ---- what an approval needs ---- */

/* The reviewer's marks: acknowledged findings (id + non-empty reason) and
 * the destroys and replaces looked at (by address, or all of them). */
struct review_marks {
	const struct review_ack *acks;
	size_t nacks;
	const char *const *reviewed;
	size_t nreviewed;
	bool all_reviewed;
};

/* What is still missing before an approval may be signed.  Pointers are
 * borrowed from the plan and the findings. */
struct review_missing {
	const struct finding **findings;     /* at/above threshold, not acked or waived */
	size_t nfindings;
	const struct plan_change **changes;  /* destroys and replaces not marked reviewed */
	size_t nchanges;
};

/* Fills out (zeroed by the caller) from a list of findings: every finding
 * at or above threshold (enum severity) must be waived or acknowledged
 * with a reason; every intended delete and replace must be reviewed. */
int review_missing_from_list(struct review_missing *out, const struct plan *plan,
			     const struct finding *const *findings, size_t nfindings,
			     int threshold, const struct review_marks *marks, struct error *err);
/* The same from a finding set; NULL means no checks are available (then
 * only destroys and replaces count). */
int review_missing_from_set(struct review_missing *out, const struct plan *plan,
			    const struct finding_set *set, int threshold,
			    const struct review_marks *marks, struct error *err);
bool review_missing_is_empty(const struct review_missing *m);
/* One line for a status bar or an error: "2 findings at or above high
 * not acknowledged (F1, F2); 1 destroy/replace not reviewed (aws_x.y)",
 * strings escaped for a terminal, at most `max_items` names per part. */
void review_missing_describe(const struct review_missing *m, const char *threshold,
			     size_t max_items, struct buf *out);
void review_missing_release(struct review_missing *m);

/* The waivers the rule engine applied (FINDING_WAIVED findings with
 * their reasons), for the statement: *out is an owned array of borrowed
 * strings (they live as long as the set); NULL set gives none. */
int review_waivers_from_set(const struct finding_set *set, struct review_ack **out, size_t *n,
			    struct error *err);
void review_waivers_free(struct review_ack **w);
/* Whether the set holds a finding with this id (false for a NULL set). */
bool review_set_has_finding(const struct finding_set *set, const char *id);
/* sha256 of the rules used, or NULL when no checks ran. */
const char *review_rules_digest(const struct finding_set *set);

/* Parses a severity key ("info".."critical", any case); -1 if unknown. */
int review_severity_parse(const char *s);
const char *review_severity_key(int severity);

#endif
