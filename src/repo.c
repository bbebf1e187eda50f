/* repo.c - revisions, tree diffs and blobs through libgit2. */
#include "repo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "mem.h"
#include "source.h"

struct repo {
	git_repository *git;
	char *workdir;   /* realpath of the work tree root, with a final '/'; NULL if bare */
	char *prefix;    /* the opened path below workdir: "" or "dir/sub/" */
};

struct repo_diff {
	struct repo_delta *deltas;
	size_t n;
	struct arena arena;    /* paths */
};

/* libgit2's last message for a failed call. */
static int
git_fail(struct error *err, enum error_code code, const char *what)
{
	const git_error *e = git_error_last();

	return error_set(err, code, "%s: %s", what, e && e->message ? e->message : "git error");
}

int
repo_open(struct repo **out, const char *path, struct error *err)
{
	struct repo *r;
	const char *wd;
	char *real = NULL;
	int rc = -1;

	*out = NULL;
	if (git_libgit2_init() < 0)
		return git_fail(err, ERROR_INTERNAL, "cannot start libgit2");
	r = mem_calloc(1, sizeof(*r));
	if (!r) {
		git_libgit2_shutdown();
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	if (git_repository_open_ext(&r->git, path, 0, NULL) < 0) {
		error_set_at(err, ERROR_FORMAT, path, 0, 0,
			     "not in a git work tree (--range needs one): %s",
			     git_error_last() && git_error_last()->message
				     ? git_error_last()->message
				     : "no repository found");
		goto out;
	}
	wd = git_repository_workdir(r->git);
	if (wd) {
		char *wreal = realpath(wd, NULL);
		size_t wl;

		real = realpath(path, NULL);
		if (!wreal || !real) {
			free(wreal);
			error_set_at(err, ERROR_IO, path, 0, 0, "cannot resolve path: %s",
				     strerror(errno));
			goto out;
		}
		wl = strlen(wreal);
		r->workdir = mem_alloc(wl + 2);
		if (!r->workdir) {
			free(wreal);
			error_set(err, ERROR_NOMEM, "out of memory");
			goto out;
		}
		memcpy(r->workdir, wreal, wl);
		if (wl == 0 || wreal[wl - 1] != '/')
			r->workdir[wl++] = '/';
		r->workdir[wl] = '\0';
		free(wreal);
		/* the opened path below the root */
		if (strncmp(real, r->workdir, wl) == 0) {
			size_t pl = strlen(real + wl);

			r->prefix = mem_alloc(pl + 2);
			if (r->prefix) {
				memcpy(r->prefix, real + wl, pl);
				if (pl)
					r->prefix[pl++] = '/';
				r->prefix[pl] = '\0';
			}
		} else {
			r->prefix = mem_strdup("");
		}
		if (!r->prefix) {
			error_set(err, ERROR_NOMEM, "out of memory");
			goto out;
		}
	} else {
		r->prefix = mem_strdup("");
		if (!r->prefix) {
			error_set(err, ERROR_NOMEM, "out of memory");
			goto out;
		}
	}
	*out = r;
	r = NULL;
	rc = 0;
out:
	free(real);
	repo_free(&r);
	return rc;
}

void
repo_free(struct repo **rp)
{
	struct repo *r = *rp;

	if (!r)
		return;
	git_repository_free(r->git);
	mem_free(r->workdir);
	mem_free(r->prefix);
	mem_free(r);
	git_libgit2_shutdown();
	*rp = NULL;
}

const char *
repo_workdir(const struct repo *r)
{
	return r->workdir;
}

const char *
repo_prefix(const struct repo *r)
{
	return r->prefix;
}

/* The commit a revision names (tags and the like are peeled). */
static int
peel_commit(git_object *obj, const char *spec, git_oid *out, struct error *err)
{
	git_object *c = NULL;

	if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) < 0)
		return error_set(err, ERROR_NOTFOUND, "revision '%s' does not name a commit", spec);
	git_oid_cpy(out, git_object_id(c));
	git_object_free(c);
	return 0;
}

static int
resolve_one(struct repo *r, const char *spec, git_oid *out, struct error *err)
{
	git_object *obj = NULL;
	int rc;

	if (!*spec)
		spec = "HEAD";
	if (git_revparse_single(&obj, r->git, spec) < 0)
		return git_fail(err, ERROR_NOTFOUND, "cannot resolve revision");
	rc = peel_commit(obj, spec, out, err);
	git_object_free(obj);
	return rc;
}

int
repo_resolve_range(struct repo *r, const char *spec, struct repo_range *out, struct error *err)
{
	const char *dots = strstr(spec, "..");
	git_oid from, to;

	memset(out, 0, sizeof(*out));
	if (!*spec)
		return error_set(err, ERROR_USAGE, "empty --range");
	if (!dots) {
		if (!r->workdir)
			return error_set(err, ERROR_USAGE,
					 "--range %s compares with the working tree, and this "
					 "repository has none (bare); give A..B",
					 spec);
		if (resolve_one(r, spec, &from, err) < 0)
			return -1;
		git_oid_tostr(out->from, sizeof(out->from), &from);
		out->worktree = true;
		return 0;
	}
	{
		size_t ll = (size_t)(dots - spec);
		bool three = dots[2] == '.';
		const char *right = dots + (three ? 3 : 2);
		char *left = mem_strndup(spec, ll);
		int rc;

		if (!left)
			return error_set(err, ERROR_NOMEM, "out of memory");
		if (strstr(right, "..")) {
			mem_free(left);
			return error_set(err, ERROR_USAGE,
					 "bad --range '%s': expected A..B or A...B", spec);
		}
		rc = resolve_one(r, left, &from, err);
		mem_free(left);
		if (rc < 0 || resolve_one(r, right, &to, err) < 0)
			return -1;
		if (three) {
			git_oid base;

			if (git_merge_base(&base, r->git, &from, &to) < 0)
				return git_fail(err, ERROR_NOTFOUND, "no merge base for the range");
			from = base;
			out->merge_base = true;
		}
		git_oid_tostr(out->from, sizeof(out->from), &from);
		git_oid_tostr(out->to, sizeof(out->to), &to);
	}
	return 0;
}

static int
tree_of(struct repo *r, const char *hex, git_tree **out, struct error *err)
{
	git_oid oid;
	git_commit *c = NULL;
	int rc;

	if (git_oid_fromstr(&oid, hex) < 0 || git_commit_lookup(&c, r->git, &oid) < 0)
		return git_fail(err, ERROR_NOTFOUND, "cannot read commit");
	rc = git_commit_tree(out, c);
	git_commit_free(c);
	if (rc < 0)
		return git_fail(err, ERROR_NOTFOUND, "cannot read the commit's tree");
	return 0;
}

static enum repo_file_kind
file_kind(const git_diff_file *f, bool exists)
{
	if (!exists)
		return REPO_FILE_NONE;
	switch (f->mode) {
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return REPO_FILE_REGULAR;
	case GIT_FILEMODE_LINK:
		return REPO_FILE_LINK;
	case GIT_FILEMODE_COMMIT:
		return REPO_FILE_SUBMODULE;
	default:
		return REPO_FILE_OTHER;
	}
}

/* Pathspecs relative to the opened path, as libgit2 wants them (from the
 * work tree root). */
static int
build_pathspecs(struct repo *r, const char *const *specs, git_strarray *out, struct error *err)
{
	size_t n = 0, i;

	memset(out, 0, sizeof(*out));
	if (specs)
		while (specs[n])
			n++;
	if (!n && !*r->prefix)
		return 0;
	out->strings = mem_calloc(n ? n : 1, sizeof(char *));
	if (!out->strings)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (!n) {
		out->strings[0] = mem_strdup(r->prefix);
		out->count = 1;
		return out->strings[0] ? 0 : error_set(err, ERROR_NOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		const char *s = specs[i];
		size_t pl = strlen(r->prefix), sl;
		char *p;

		while (s[0] == '.' && s[1] == '/')
			s += 2;
		if (strcmp(s, ".") == 0)
			s = "";
		sl = strlen(s);
		p = mem_alloc(pl + sl + 1);
		if (!p)
			return error_set(err, ERROR_NOMEM, "out of memory");
		memcpy(p, r->prefix, pl);
		memcpy(p + pl, s, sl + 1);
		out->strings[out->count++] = p;
	}
	return 0;
}

static void
free_pathspecs(git_strarray *a)
{
	size_t i;

	for (i = 0; i < a->count; i++)
		mem_free(a->strings[i]);
	mem_free(a->strings);
	memset(a, 0, sizeof(*a));
}

int
repo_diff_new(struct repo_diff **out, struct repo *r, const struct repo_range *range,
	      const char *const *pathspecs, struct error *err)
{
	git_diff_options o;
	git_tree *old = NULL, *new = NULL;
	git_diff *gd = NULL;
	struct repo_diff *d = NULL;
	size_t i, n;
	int rc = -1;

	*out = NULL;
	memset(&o.pathspec, 0, sizeof(o.pathspec));
	if (git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION) < 0)
		return git_fail(err, ERROR_INTERNAL, "cannot set up a diff");
	o.flags = GIT_DIFF_INCLUDE_TYPECHANGE | GIT_DIFF_SKIP_BINARY_CHECK;
	if (build_pathspecs(r, pathspecs, &o.pathspec, err) < 0)
		goto out;
	if (tree_of(r, range->from, &old, err) < 0)
		goto out;
	if (range->worktree) {
		o.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		if (git_diff_tree_to_workdir_with_index(&gd, r->git, old, &o) < 0) {
			git_fail(err, ERROR_IO, "cannot compare with the working tree");
			goto out;
		}
	} else {
		if (tree_of(r, range->to, &new, err) < 0)
			goto out;
		if (git_diff_tree_to_tree(&gd, r->git, old, new, &o) < 0) {
			git_fail(err, ERROR_IO, "cannot compare the revisions");
			goto out;
		}
	}
	d = mem_calloc(1, sizeof(*d));
	n = git_diff_num_deltas(gd);
	if (!d || (n && !(d->deltas = mem_calloc(n, sizeof(*d->deltas))))) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		const git_diff_delta *gdd = git_diff_get_delta(gd, i);
		struct repo_delta *rd = &d->deltas[d->n];
		bool has_old, has_new;

		switch (gdd->status) {
		case GIT_DELTA_ADDED:
		case GIT_DELTA_UNTRACKED:
			rd->status = REPO_DELTA_ADDED;
			has_old = false;
			has_new = true;
			break;
		case GIT_DELTA_DELETED:
			rd->status = REPO_DELTA_DELETED;
			has_old = true;
			has_new = false;
			break;
		case GIT_DELTA_MODIFIED:
		case GIT_DELTA_TYPECHANGE:
		case GIT_DELTA_RENAMED:
		case GIT_DELTA_COPIED:
			rd->status = REPO_DELTA_MODIFIED;
			has_old = has_new = true;
			break;
		default:
			continue; /* unmodified, ignored, unreadable */
		}
		rd->old_path =
			arena_strndup(&d->arena, gdd->old_file.path, strlen(gdd->old_file.path));
		rd->new_path =
			arena_strndup(&d->arena, gdd->new_file.path, strlen(gdd->new_file.path));
		if (!rd->old_path || !rd->new_path) {
			error_set(err, ERROR_NOMEM, "out of memory");
			goto out;
		}
		rd->old_kind = file_kind(&gdd->old_file, has_old);
		rd->new_kind = file_kind(&gdd->new_file, has_new);
		if (has_old)
			git_oid_tostr(rd->old_id, sizeof(rd->old_id), &gdd->old_file.id);
		/* working tree files have no blob id until hashed: read them from disk */
		if (has_new && !range->worktree)
			git_oid_tostr(rd->new_id, sizeof(rd->new_id), &gdd->new_file.id);
		d->n++;
	}
	*out = d;
	d = NULL;
	rc = 0;
out:
	repo_diff_free(&d);
	git_diff_free(gd);
	git_tree_free(old);
	git_tree_free(new);
	free_pathspecs(&o.pathspec);
	return rc;
}

size_t
repo_diff_count(const struct repo_diff *d)
{
	return d->n;
}

const struct repo_delta *
repo_diff_at(const struct repo_diff *d, size_t i)
{
	return i < d->n ? &d->deltas[i] : NULL;
}

void
repo_diff_free(struct repo_diff **dp)
{
	struct repo_diff *d = *dp;

	if (!d)
		return;
	mem_free(d->deltas);
	arena_release(&d->arena);
	mem_free(d);
	*dp = NULL;
}

static int
add_blob(git_blob *b, struct buf *out, struct error *err)
{
	git_object_size_t size = git_blob_rawsize(b);

	if ((unsigned long long)size > SOURCE_MAX_SIZE)
		return error_set(err, ERROR_LIMIT, "file larger than %zu bytes",
				 (size_t)SOURCE_MAX_SIZE);
	buf_add(out, git_blob_rawcontent(b), (size_t)size);
	if (buf_failed(out))
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

int
repo_read_blob(struct repo *r, const char *id, struct buf *out, struct error *err)
{
	git_oid oid;
	git_blob *b = NULL;
	int rc;

	if (git_oid_fromstr(&oid, id) < 0 || git_blob_lookup(&b, r->git, &oid) < 0)
		return git_fail(err, ERROR_NOTFOUND, "cannot read blob");
	rc = add_blob(b, out, err);
	git_blob_free(b);
	return rc;
}

/* A regular file of the working tree (symbolic links are not followed). */
static int
read_worktree(struct repo *r, const char *path, struct buf *out, bool *found, struct error *err)
{
	struct buf full = BUF_INIT;
	struct stat st;
	int fd = -1, rc = -1;

	*found = false;
	if (!r->workdir)
		return 0;
	buf_addstr(&full, r->workdir);
	buf_addstr(&full, path);
	if (buf_failed(&full))
		return error_set(err, ERROR_NOMEM, "out of memory");
	fd = open(full.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rc = (errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
			     ? 0
			     : error_set_at(err, ERROR_IO, path, 0, 0, "cannot open: %s",
					    strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = 0;
		goto out;
	}
	if ((unsigned long long)st.st_size > SOURCE_MAX_SIZE) {
		rc = error_set_at(err, ERROR_LIMIT, path, 0, 0, "file larger than %zu bytes",
				  (size_t)SOURCE_MAX_SIZE);
		goto out;
	}
	for (;;) {
		ssize_t got;

		if (buf_grow(out, 65536) < 0) {
			rc = error_set(err, ERROR_NOMEM, "out of memory");
			goto out;
		}
		got = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = error_set_at(err, ERROR_IO, path, 0, 0, "cannot read: %s",
					  strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		out->len += (size_t)got;
		out->data[out->len] = '\0';
		if (out->len > SOURCE_MAX_SIZE) {
			rc = error_set_at(err, ERROR_LIMIT, path, 0, 0,
					  "file larger than %zu bytes", (size_t)SOURCE_MAX_SIZE);
			goto out;
		}
	}
	*found = true;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	buf_release(&full);
	return rc;
}

int
repo_read_path(struct repo *r, const char *commit, const char *path, struct buf *out,
	       bool *found, struct error *err)
{
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	int rc = 0;

	*found = false;
	if (!commit || !*commit)
		return read_worktree(r, path, out, found, err);
	if (tree_of(r, commit, &tree, err) < 0)
		return -1;
	if (git_tree_entry_bypath(&e, tree, path) < 0)
		goto out; /* not there */
	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB &&
	    git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB_EXECUTABLE)
		goto out;
	if (git_blob_lookup(&b, r->git, git_tree_entry_id(e)) < 0) {
		rc = git_fail(err, ERROR_NOTFOUND, "cannot read blob");
		goto out;
	}
	rc = add_blob(b, out, err);
	if (rc == 0)
		*found = true;
out:
	git_blob_free(b);
	git_tree_entry_free(e);
	git_tree_free(tree);
	return rc;
}
