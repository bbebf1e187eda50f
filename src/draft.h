/* draft.h - an unfinished review, kept until the decision is signed.
 *
 * What a reviewer has done so far on one plan: the destroys and replaces
 * marked reviewed, findings acknowledged with reasons, the comment, and
 * the addresses whose sensitive values were revealed (addresses only;
 * never a value).  A draft is keyed by the plan's digest, so opening the
 * same plan again resumes it and a changed plan starts afresh.
 *
 * Drafts live in $XDG_STATE_HOME/signoff/drafts/DIGEST.json (else
 * ~/.local/state/signoff/drafts/), directory 0700, files 0600, written
 * atomically.  The UI calls:
 *
 *   draft_load(&d, digest, &err)         at start (NULL: nothing saved)
 *   draft_set_*()                        as the reviewer works
 *   draft_snapshot_update(&snap, d, ..)  after each change, in the main loop
 *   draft_snapshot_write(&snap)          in the SIGHUP/SIGTERM handler: only
 *                                        open/write/fsync/rename, so it is
 *                                        async-signal-safe
 *   draft_save(d, &err)                  on quit
 *   draft_discard(digest, &err)          once the decision is signed
 *
 * Lifetime: strings returned by accessors are borrowed until the next
 * change to the draft or draft_free().
 */
#ifndef SIGNOFF_DRAFT_H
#define SIGNOFF_DRAFT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct buf;
struct review_marks;
struct review_ack;

#define DRAFT_MAX_SIZE (16 * 1024 * 1024)

struct draft;

/* An empty draft for the plan with this digest (lowercase hex). */
int draft_new(struct draft **out, const char *digest_hex, struct error *err);
/* The saved draft for this digest, or *out NULL (and 0) when none. */
int draft_load(struct draft **out, const char *digest_hex, struct error *err);
int draft_save(const struct draft *d, struct error *err);
/* The draft in text[0..len) (what draft_load reads from `path`), for the
 * plan with this digest; errors name path, line and column.  Linear-
 * logarithmic in the number of marks, whatever their order. */
int draft_parse(struct draft **out, const char *digest_hex, const char *text, size_t len,
		const char *path, struct error *err);
/* Removes the saved draft (no error when there is none). */
int draft_discard(const char *digest_hex, struct error *err);
void draft_free(struct draft **d);

/* Where the draft for digest_hex is kept (appended to out). */
int draft_path(const char *digest_hex, struct buf *out, struct error *err);

const char *draft_digest(const struct draft *d);

int draft_set_reviewed(struct draft *d, const char *address, bool reviewed);
bool draft_is_reviewed(const struct draft *d, const char *address);
size_t draft_reviewed_count(const struct draft *d);

/* reason NULL or "" removes the acknowledgement. */
int draft_set_ack(struct draft *d, const char *id, const char *reason);
/* The reason, or NULL when not acknowledged. */
const char *draft_ack_reason(const struct draft *d, const char *id);
size_t draft_ack_count(const struct draft *d);

int draft_set_comment(struct draft *d, const char *comment);
const char *draft_comment(const struct draft *d);   /* "" when none */

int draft_add_revealed(struct draft *d, const char *address);
bool draft_was_revealed(const struct draft *d, const char *address);
size_t draft_revealed_count(const struct draft *d);

/* The marks for review_missing_*() and the statement: *marks points into
 * the draft (borrowed until its next change).  acks/reviewed/revealed
 * arrays are sorted. */
void draft_marks(const struct draft *d, struct review_marks *marks);
const char *const *draft_revealed(const struct draft *d, size_t *n);

/* A draft serialised ahead of time, so that a signal handler can write it
 * without allocating.  Two buffers: update fills the idle one and then
 * switches, so a handler always sees a complete snapshot. */
struct draft_snapshot {
	char *data[2];
	size_t len[2];
	volatile sig_atomic_t current;   /* -1 before the first update */
	char path[4096];
	char tmp[4200];
};

void draft_snapshot_init(struct draft_snapshot *s);
int draft_snapshot_update(struct draft_snapshot *s, const struct draft *d, struct error *err);
/* Async-signal-safe.  Returns 0, or -1 (errno set) when nothing could be
 * written. */
int draft_snapshot_write(const struct draft_snapshot *s);
void draft_snapshot_release(struct draft_snapshot *s);

#endif
