/* repo.h - the git side of a review: revisions, the files a range
 * changes, and their bytes (libgit2 stays inside repo.c).
 *
 * A range names what is reviewed:
 *   "A..B"   the tree of B against the tree of A;
 *   "A...B"  B against the merge base of A and B (what a pull request
 *            from B into A changes);
 *   "A"      the working tree (index, unstaged changes and untracked,
 *            not ignored files) against A.
 * A and B are any revision libgit2 resolves (branch, tag, HEAD~2, a
 * commit id prefix...), peeled to commits; a range binds to their full
 * commit ids.
 *
 * Only trees are compared: identical subtrees are skipped by id, so the
 * cost of a diff follows the size of the change, not of the repository.
 * Blobs are read only when asked for.
 *
 * Errors carry ERROR_GIT-like codes (ERROR_NOTFOUND for unknown
 * revisions, ERROR_FORMAT when SOURCE is not a work tree) and libgit2's
 * own message.
 */
#ifndef SIGNOFF_REPO_H
#define SIGNOFF_REPO_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

#define REPO_OID_HEX 41   /* 40 hex digits and a NUL */

struct repo;

struct repo_range {
	char from[REPO_OID_HEX];   /* full commit id */
	char to[REPO_OID_HEX];     /* full commit id; "" for the working tree */
	bool worktree;             /* "A": compare with the working tree */
	bool merge_base;           /* "A...B": `from` is the merge base */
};

enum repo_delta_status {
	REPO_DELTA_ADDED,          /* also untracked files in the working tree */
	REPO_DELTA_DELETED,
	REPO_DELTA_MODIFIED,       /* also a change of file type */
};

enum repo_file_kind {
	REPO_FILE_NONE,            /* not on this side */
	REPO_FILE_REGULAR,         /* a file (executable or not) */
	REPO_FILE_LINK,            /* a symbolic link */
	REPO_FILE_SUBMODULE,       /* a commit of another repository */
	REPO_FILE_OTHER,
};

struct repo_delta {
	enum repo_delta_status status;
	const char *old_path, *new_path;       /* equal unless one side is missing */
	enum repo_file_kind old_kind, new_kind;
	char old_id[REPO_OID_HEX], new_id[REPO_OID_HEX];  /* blob ids; "" if none/unknown */
};

struct repo_diff;

/* Opens the repository whose work tree holds `path` (a directory; the
 * work tree may be an ancestor).  The part of `path` below the work
 * tree's root becomes the default restriction of every diff. */
int repo_open(struct repo **out, const char *path, struct error *err);
void repo_free(struct repo **repo);
/* The work tree's root (ending in '/'), or NULL for a bare repository. */
const char *repo_workdir(const struct repo *repo);
/* `path` relative to the work tree root ("" for the root, else "dir/"). */
const char *repo_prefix(const struct repo *repo);

/* Resolves a range (see above). */
int repo_resolve_range(struct repo *repo, const char *spec, struct repo_range *out,
		       struct error *err);

/* The files that differ over the range, sorted by path.  `pathspecs`
 * (NULL-terminated, may be NULL) are git pathspecs relative to the
 * opened path; without them the opened path itself limits the diff. */
int repo_diff_new(struct repo_diff **out, struct repo *repo, const struct repo_range *range,
		  const char *const *pathspecs, struct error *err);
size_t repo_diff_count(const struct repo_diff *diff);
/* Borrowed; valid until repo_diff_free(). */
const struct repo_delta *repo_diff_at(const struct repo_diff *diff, size_t i);
void repo_diff_free(struct repo_diff **diff);

/* Appends the bytes of blob `id` (40 hex digits) to `out`. */
int repo_read_blob(struct repo *repo, const char *id, struct buf *out, struct error *err);
/* Appends the bytes of `path` (relative to the work tree root) at commit
 * `commit`, or in the working tree when `commit` is NULL or "".  *found
 * is false (and 0 returned) when there is no regular file there. */
int repo_read_path(struct repo *repo, const char *commit, const char *path, struct buf *out,
		   bool *found, struct error *err);

#endif
