/* plan_manifest.c - Kubernetes/Crossplane manifests -> plan.
 *
 * Three ways in:
 *   - one file or standard input (`src`): every object is new;
 *   - a directory: every *.yaml, *.yml and *.json below it (hidden
 *     directories and symbolic links are not followed): every object is new;
 *   - a git work tree with a range (opts->range): only the files the range
 *     changes are read, at both revisions, and their objects are matched by
 *     identity (group, kind, namespace, name), never by file or position.
 *
 * Matching: an object on both sides is an update when it differs (an
 * apiVersion change within a group, or a known group move, is one), and
 * context when equal, wherever it moved; an object on one side only is a
 * create or a delete, and a delete and a create of the same type whose
 * objects differ only in name or namespace are linked as a rename
 * (PLAN_CHANGE_RENAMED on both, previous_address on the create).  An
 * identity defined twice in one revision is told apart by file ("@path",
 * then "#document") and reported.  Objects with only generateName have no
 * stable identity and are keyed by file and document.
 *
 * Each document is read into a scratch arena and copied into the plan with
 * Secret values masked (manifest_copy_masked); the scratch is wiped, so no
 * secret text stays in the plan.
 *
 * What the review binds to (plan_digest): for a file, its bytes; for a
 * directory or a range, a canonical text built here:
 *
 *   signoff manifests v1\n
 *   range SPEC\n  from ID\n  to ID|WORKTREE\n  pathspec P\n...   (ranges)
 *   then per file, sorted by path:
 *   file PATH\n
 *   before LEN BLOBID\n<LEN bytes>\n      (the old side, if any)
 *   after LEN BLOBID|-\n<LEN bytes>\n     (the new side, if any)
 *
 * and rev_from/rev_to hold the two full commit ids; for a range against
 * the working tree rev_to is "WORKTREE:sha256:HEX", HEX being the SHA-256
 * of the new side of every changed file (path, NUL, length, NUL, bytes).
 */
#include "load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "digest.h"
#include "json.h"
#include "json_value.h"
#include "manifest.h"
#include "mem.h"
#include "plan_build.h"
#include "repo.h"
#include "str.h"
#include "yaml_value.h"

enum mode {
	MODE_FILE,
	MODE_DIR,
	MODE_RANGE,
};

enum side_index {
	BEFORE = 0,
	AFTER = 1,
};

struct mobj {
	struct value value;          /* masked copy in the plan */
	const char *api_version;     /* interned, like every string here */
	const char *group;           /* API group after aliases; "" for core */
	const char *kind;
	const char *name;            /* metadata.name, or generateName + "*" */
	const char *raw_ns;          /* metadata.namespace, or NULL */
	const char *path;            /* file, relative to the source */
	unsigned doc;                /* 1-based document */
	long item;                   /* index in a List, or -1 */
	unsigned long line;
	bool generated;              /* generateName: keyed by file and document */
	const char *ns, *type, *key, *address, *role;
	long peer;                   /* the other side's object, or -1 */
};

struct side {
	struct mobj *o;
	size_t n, cap;
};

struct kcache {
	int side;
	const char *dir;             /* interned "" or "a/b/" */
	const char *kpath;           /* the kustomization file, or NULL if none */
	const char **patches;        /* interned full paths */
	size_t npatches;
};

struct file_stat {
	const char *path;
	const char *status;          /* read, added, deleted, modified */
	const char *skipped[2];      /* reason per side, or NULL */
	size_t objects[2];
	bool present[2];
};

struct loader {
	struct plan *plan;
	const struct load_opts *opts;
	struct error *err;
	enum mode mode;
	const char *default_ns;
	struct side side[2];
	struct manifest_scopes *scopes;

	struct arena scratch;        /* one document at a time */
	struct strtab scratch_keys;
	struct value_builder svb;
	bool scratch_secret;         /* the scratch held a Secret: wipe it */

	struct file_stat *files;
	size_t nfiles, cfiles;
	struct file_stat *cur;       /* the file being read */

	const char *root;            /* MODE_DIR: the folder as given */
	const char *root_slash;      /* the same, ending in one '/' */
	struct repo *repo;           /* MODE_RANGE */
	struct repo_range range;

	struct kcache *kc;
	size_t nkc, ckc;

	struct buf canon;
};

static int
nomem(struct error *err)
{
	return error_set(err, ERROR_NOMEM, "out of memory");
}

/* ---- diagnostics ---- */

/* A loader warning about a file: located by line when the file is the
 * plan's own source, else "PATH:LINE: " leads the message. */
static int
warn_file(struct loader *L, const char *path, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
warn_file(struct loader *L, const char *path, unsigned long line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	size_t i;
	int rc;

	if (L->mode != MODE_FILE) {
		buf_addstr(&b, path);
		if (line)
			buf_addf(&b, ":%lu", line);
		buf_addstr(&b, ": ");
	}
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (buf_failed(&b)) {
		buf_release(&b);
		return nomem(L->err);
	}
	/* both sides of a changed file often say the same: say it once */
	for (i = L->plan->ndiags; i > 0 && i + 4 > L->plan->ndiags; i--)
		if (strcmp(L->plan->diags[i - 1].message, b.data) == 0) {
			buf_release(&b);
			return 0;
		}
	rc = plan_add_diag(L->plan, PLAN_DIAG_WARNING, "loader", NULL,
			   L->mode == MODE_FILE ? line : 0, L->mode == MODE_FILE && line ? 1 : 0,
			   "%s", b.data);
	buf_release(&b);
	return rc < 0 ? nomem(L->err) : 0;
}

/* ---- files ---- */

static bool
is_manifest_name(const char *path)
{
	return str_has_suffix(path, ".yaml") || str_has_suffix(path, ".yml") ||
	       str_has_suffix(path, ".json");
}

static struct file_stat *
file_add(struct loader *L, const char *path, const char *status)
{
	void *p = L->files;
	struct file_stat *f;

	if (mem_grow_array(&p, &L->cfiles, L->nfiles + 1, sizeof(*L->files)) < 0)
		return NULL;
	L->files = p;
	f = &L->files[L->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = plan_intern_str(L->plan, path);
	f->status = status;
	return f->path ? f : NULL;
}

/* Reads a regular file below the directory root (no symbolic links).
 * Not found (*found false) when it cannot be opened or is not a regular
 * file of at most SOURCE_MAX_SIZE bytes; *why (if given) says why, as an
 * errno value. */
static int
read_regular(const char *full, struct buf *out, bool *found, int *why, struct error *err)
{
	struct stat st;
	int fd;

	*found = false;
	if (why)
		*why = 0;
	fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (why)
			*why = errno;
		return 0;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > SOURCE_MAX_SIZE) {
		if (why)
			*why = !S_ISREG(st.st_mode) ? EINVAL : EFBIG;
		close(fd);
		return 0;
	}
	for (;;) {
		ssize_t got;

		if (buf_grow(out, out->len < (size_t)st.st_size ? (size_t)st.st_size - out->len + 1
								: 4096) < 0) {
			close(fd);
			return nomem(err);
		}
		got = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		out->len += (size_t)got;
		out->data[out->len] = '\0';
	}
	close(fd);
	*found = true;
	return 0;
}

/* A file relative to the source, on one side (kustomization lookups). */
static int
read_relative(struct loader *L, int side, const char *rel, struct buf *out, bool *found)
{
	*found = false;
	if (L->mode == MODE_DIR) {
		struct buf full = BUF_INIT;
		int rc;

		buf_addf(&full, "%s%s", L->root_slash, rel);
		if (buf_failed(&full))
			return nomem(L->err);
		rc = read_regular(full.data, out, found, NULL, L->err);
		buf_release(&full);
		return rc;
	}
	if (L->mode == MODE_RANGE)
		return repo_read_path(L->repo, side == BEFORE ? L->range.from : L->range.to, rel,
				      out, found, L->err);
	return 0;
}

/* ---- kustomize patches ---- */

static int
kcache_load(struct loader *L, int side, const char *dir, struct kcache *kc)
{
	static const char *const names[] = { "kustomization.yaml", "kustomization.yml",
					     "Kustomization" };
	struct buf text = BUF_INIT, rel = BUF_INIT, list = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct strtab keys;
	struct value_builder vb = { &a, &keys };
	struct yaml_value_reader *r = NULL;
	struct yaml_value_doc doc;
	struct error ignored = ERROR_INIT;
	bool found = false;
	size_t i;
	int rc = 0;

	strtab_init(&keys, &a);
	memset(kc, 0, sizeof(*kc));
	kc->side = side;
	kc->dir = dir;
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && !found; i++) {
		buf_reset(&rel);
		buf_addf(&rel, "%s%s", dir, names[i]);
		buf_reset(&text);
		if (buf_failed(&rel) || read_relative(L, side, rel.data, &text, &found) < 0) {
			rc = buf_failed(&rel) ? nomem(L->err) : -1;
			goto out;
		}
	}
	if (!found)
		goto out;
	kc->kpath = plan_intern(L->plan, rel.data, rel.len);
	if (!kc->kpath) {
		rc = nomem(L->err);
		goto out;
	}
	/* a kustomization that does not parse lists nothing we can use */
	if (yaml_value_reader_new(&r, text.data, text.len, rel.data, NULL, &ignored) < 0 ||
	    yaml_value_reader_next(r, &vb, &doc, &ignored) != 1)
		goto out;
	manifest_kustomize_patches(&doc.value, &list);
	if (buf_failed(&list)) {
		rc = nomem(L->err);
		goto out;
	}
	for (i = 0; i < list.len; i += strlen(list.data + i) + 1) {
		struct buf full = BUF_INIT;
		const char **p = kc->patches;
		size_t cap = kc->npatches;

		manifest_path_join(&full, dir, list.data + i);
		if (buf_failed(&full) || mem_grow_array((void **)&p, &cap, kc->npatches + 1,
							 sizeof(*p)) < 0) {
			buf_release(&full);
			rc = nomem(L->err);
			goto out;
		}
		kc->patches = p;
		if (full.len) {
			p[kc->npatches] = plan_intern(L->plan, full.data, full.len);
			if (!p[kc->npatches]) {
				buf_release(&full);
				rc = nomem(L->err);
				goto out;
			}
			kc->npatches++;
		}
		buf_release(&full);
	}
out:
	yaml_value_reader_free(&r);
	strtab_release(&keys);
	arena_release(&a);
	buf_release(&text);
	buf_release(&rel);
	buf_release(&list);
	return rc;
}

/* The kustomization (in the file's directory or above) that lists `path`
 * as a patch, or NULL. */
static int
kustomize_patch_of(struct loader *L, int side, const char *path, const char **kpath)
{
	struct buf dir = BUF_INIT;
	const char *slash;
	int rc = 0;

	*kpath = NULL;
	buf_addstr(&dir, path);
	for (;;) {
		const char *d;
		struct kcache *kc = NULL;
		size_t i;

		slash = dir.len ? strrchr(dir.data, '/') : NULL;
		buf_truncate(&dir, slash ? (size_t)(slash - dir.data) + 1 : 0);
		if (buf_failed(&dir)) {
			rc = nomem(L->err);
			break;
		}
		d = plan_intern(L->plan, dir.data, dir.len);
		if (!d) {
			rc = nomem(L->err);
			break;
		}
		for (i = 0; i < L->nkc; i++)
			if (L->kc[i].side == side && L->kc[i].dir == d) {
				kc = &L->kc[i];
				break;
			}
		if (!kc) {
			void *p = L->kc;

			if (mem_grow_array(&p, &L->ckc, L->nkc + 1, sizeof(*L->kc)) < 0) {
				rc = nomem(L->err);
				break;
			}
			L->kc = p;
			kc = &L->kc[L->nkc];
			if (kcache_load(L, side, d, kc) < 0) {
				mem_free(kc->patches);
				rc = -1;
				break;
			}
			L->nkc++;
		}
		for (i = 0; i < kc->npatches; i++)
			if (strcmp(kc->patches[i], path) == 0) {
				*kpath = kc->kpath;
				buf_release(&dir);
				return 0;
			}
		if (!dir.len)
			break;
		buf_truncate(&dir, dir.len - 1); /* drop the '/' and climb */
	}
	buf_release(&dir);
	return rc;
}

/* ---- documents -> objects ---- */

/* Empties the scratch arena; wiped when it held a Secret's values (most
 * documents hold none, and wiping every one costs more than parsing). */
static void
scratch_reset(struct loader *L)
{
	strtab_release(&L->scratch_keys);
	if (L->scratch_secret)
		arena_wipe(&L->scratch);
	else
		arena_release(&L->scratch);
	L->scratch_secret = false;
	strtab_init(&L->scratch_keys, &L->scratch);
}

static const char *
intern_value(struct loader *L, const struct value *v)
{
	return v->kind == VALUE_STRING ? plan_intern(L->plan, v->u.str, v->len) : NULL;
}

static int
add_object(struct loader *L, int side, const char *path, const struct value *obj, unsigned doc,
	   long item, unsigned long line)
{
	const char *why = manifest_skip_object(obj);
	const struct value *md, *name;
	struct mobj *o;
	bool masked = false;
	void *p;

	if (why) {
		if (item >= 0)
			return warn_file(L, path, line, "document %u, item %ld skipped: %s", doc,
					 item, why);
		return warn_file(L, path, line, "document %u skipped: %s", doc, why);
	}
	p = L->side[side].o;
	if (mem_grow_array(&p, &L->side[side].cap, L->side[side].n + 1, sizeof(*o)) < 0)
		return nomem(L->err);
	L->side[side].o = p;
	o = &L->side[side].o[L->side[side].n];
	memset(o, 0, sizeof(*o));
	if (manifest_copy_masked(&L->plan->vb, obj, &o->value, &masked, L->err) < 0)
		return -1;
	L->scratch_secret |= masked;
	md = value_get(&o->value, "metadata");
	name = value_get(md, "name");
	o->api_version = intern_value(L, value_get(&o->value, "apiVersion"));
	o->kind = intern_value(L, value_get(&o->value, "kind"));
	if (name->kind == VALUE_STRING) {
		o->name = intern_value(L, name);
	} else {
		o->generated = true;
		o->name = plan_internf(L->plan, "%s*", value_str(value_get(md, "generateName")));
	}
	if (value_get(md, "namespace")->kind == VALUE_STRING &&
	    value_get(md, "namespace")->len)
		o->raw_ns = intern_value(L, value_get(md, "namespace"));
	o->path = plan_intern_str(L->plan, path);
	if (!o->api_version || !o->kind || !o->name || !o->path ||
	    (value_get(md, "namespace")->kind == VALUE_STRING &&
	     value_get(md, "namespace")->len && !o->raw_ns))
		return nomem(L->err);
	o->doc = doc;
	o->item = item;
	o->line = line;
	o->peer = -1;
	L->side[side].n++;
	if (L->cur)
		L->cur->objects[side]++;
	return 0;
}

static int
add_document(struct loader *L, int side, const char *path, const struct value *v, unsigned doc,
	     unsigned long line)
{
	const struct value *items;
	size_t i;

	switch (v->kind) {
	case VALUE_NULL:
		return 0; /* an empty document */
	case VALUE_ARRAY:
		if (manifest_is_json_patch(v))
			return warn_file(L, path, line,
					 "document %u skipped: a JSON patch (RFC 6902), not a "
					 "cluster object",
					 doc);
		for (i = 0; i < v->len; i++)
			if (add_object(L, side, path, &v->u.items[i], doc, (long)i, line) < 0)
				return -1;
		return 0;
	case VALUE_OBJECT:
		items = manifest_list_items(v);
		if (!items)
			return add_object(L, side, path, v, doc, -1, line);
		for (i = 0; i < items->len; i++)
			if (add_object(L, side, path, &items->u.items[i], doc, (long)i, line) < 0)
				return -1;
		return 0;
	default:
		return warn_file(L, path, line,
				 "document %u skipped: a scalar, not a Kubernetes object", doc);
	}
}

static int
parse_yaml(struct loader *L, int side, const char *path, const char *err_path, const char *text,
	   size_t len)
{
	struct yaml_value_reader *r = NULL;
	struct yaml_value_doc doc;
	int rc;

	if (yaml_value_reader_new(&r, text, len, err_path, NULL, L->err) < 0)
		return -1;
	for (;;) {
		scratch_reset(L);
		rc = yaml_value_reader_next(r, &L->svb, &doc, L->err);
		if (rc <= 0)
			break;
		if (add_document(L, side, path, &doc.value, doc.index, doc.line) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc < 0)
		L->scratch_secret = true; /* a half-read document may be a Secret */
	scratch_reset(L);
	yaml_value_reader_free(&r);
	return rc;
}

/* JSON: one value, or several in a row (concatenated `kubectl get -o json`). */
static int
parse_json(struct loader *L, int side, const char *path, const char *err_path, const char *text,
	   size_t len)
{
	struct json_reader r;
	struct json_value_stats stats = { 0, 0 };
	struct json_value_opts o;
	struct json_pos_cursor pos = { 0, 0, 0 };
	unsigned doc = 0;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	o.vb = &L->svb;
	o.stats = &stats;
	json_reader_init(&r, text, len, 0, err_path);
	r.multi = true;
	for (;;) {
		struct value v;
		unsigned long line, col;
		size_t start;

		scratch_reset(L);
		if (json_reader_next(&r, L->err) < 0)
			goto out;
		if (r.tok == JSON_EOF)
			break;
		start = r.tok_off;
		if (json_read_value(&r, &o, &v, L->err) < 0)
			goto out;
		json_position_from(&pos, text, len, start, &line, &col);
		if (stats.duplicate_keys) {
			/* the key's text as written, up to its closing quote */
			size_t ko = stats.first_duplicate_offset + 1, ke = ko;

			while (ke < len && text[ke] != '"' && ke - ko < 80)
				ke += text[ke] == '\\' && ke + 1 < len ? 2 : 1;
			json_reader_fail(&r, L->err, ERROR_SCHEMA, stats.first_duplicate_offset,
					 "duplicate key '%.*s'", (int)(ke - ko), text + ko);
			goto out;
		}
		if (add_document(L, side, path, &v, ++doc, line) < 0)
			goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		L->scratch_secret = true; /* a half-read document may be a Secret */
	scratch_reset(L);
	if (r.scratch.cap)
		mem_wipe(r.scratch.data, r.scratch.cap); /* the last unescaped string */
	json_reader_release(&r);
	return rc;
}

static void
note_revision(struct loader *L, int side)
{
	size_t l = strlen(L->err->msg);

	if (L->mode != MODE_RANGE || l + 40 >= sizeof(L->err->msg))
		return;
	if (side == AFTER && L->range.worktree)
		snprintf(L->err->msg + l, sizeof(L->err->msg) - l, " (in the working tree)");
	else
		snprintf(L->err->msg + l, sizeof(L->err->msg) - l, " (at %.12s)",
			 side == BEFORE ? L->range.from : L->range.to);
}

/* Reads one version of a file into objects of `side`. */
static int
load_text(struct loader *L, int side, const char *path, const char *err_path, const char *text,
	  size_t len)
{
	const char *why = manifest_skip_file(path, text, len), *kpath = NULL;
	size_t mark = L->side[side].n, dmark = L->plan->ndiags, i = 0;
	int rc;

	if (why) {
		if (L->cur)
			L->cur->skipped[side] = why;
		return warn_file(L, path, 0, "skipped: %s", why);
	}
	if (L->mode != MODE_FILE) {
		if (kustomize_patch_of(L, side, path, &kpath) < 0)
			return -1;
		if (kpath) {
			const char *reason =
				plan_internf(L->plan, "a kustomize patch (listed in %s)", kpath);

			if (!reason)
				return nomem(L->err);
			if (L->cur)
				L->cur->skipped[side] = reason;
			return warn_file(L, path, 0, "skipped: %s, not a cluster object", reason);
		}
	}
	while (i < len && strchr(" \t\r\n", text[i]))
		i++;
	if (i < len && (text[i] == '{' || text[i] == '[')) {
		rc = parse_json(L, side, path, err_path, text, len);
		if (rc < 0 && L->err->code == ERROR_SYNTAX) {
			/* YAML flow style is not JSON: let the YAML reader try */
			struct error jerr = *L->err;

			L->side[side].n = mark;
			L->plan->ndiags = dmark;
			error_release(L->err);
			rc = parse_yaml(L, side, path, err_path, text, len);
			if (rc < 0 && L->err->code != ERROR_NOMEM)
				*L->err = jerr;
		}
	} else {
		rc = parse_yaml(L, side, path, err_path, text, len);
	}
	if (rc < 0 && L->err->code != ERROR_NOMEM && manifest_has_template(text, len)) {
		/* a Go/Helm template is not YAML until rendered */
		L->side[side].n = mark;
		L->plan->ndiags = dmark;
		if (L->cur) {
			L->cur->objects[side] = 0;
			L->cur->skipped[side] = "a Go/Helm template ({{ }} actions)";
		}
		error_release(L->err);
		return warn_file(L, path, 0,
				 "skipped: a Go/Helm template ({{ }} actions), not YAML until "
				 "rendered (helm template, kustomize build)");
	}
	if (rc < 0)
		note_revision(L, side);
	return rc < 0 ? -1 : 0;
}

/* Reads the text of a source (file or blob) and its canonical record. */
static int
load_source(struct loader *L, int side, const char *path, const char *err_path,
	    const char *data, size_t len, const char *blob_id)
{
	struct source *src = NULL;
	int rc;

	buf_addf(&L->canon, "%s %zu %s\n", side == BEFORE ? "before" : "after", len,
		 blob_id && *blob_id ? blob_id : "-");
	buf_add(&L->canon, data, len);
	buf_addch(&L->canon, '\n');
	if (source_from_memory(&src, err_path, data, len, L->err) < 0)
		return -1;
	rc = load_text(L, side, path, err_path, src->text + src->start, src->len - src->start);
	source_free(&src);
	return rc;
}

/* ---- sources ---- */

static bool
pathspec_match(const struct load_opts *opts, const char *rel)
{
	const char *const *p;

	if (!opts->pathspecs || !opts->pathspecs[0])
		return true;
	for (p = opts->pathspecs; *p; p++) {
		const char *s = *p;
		size_t n;

		while (s[0] == '.' && s[1] == '/')
			s += 2;
		n = strlen(s);
		while (n && s[n - 1] == '/')
			n--;
		if (!n || (strncmp(rel, s, n) == 0 && (rel[n] == '\0' || rel[n] == '/')) ||
		    str_glob_match(s, rel))
			return true;
	}
	return false;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every manifest file below the root, sorted.  Iterative: a stack of
 * directories to visit. */
static int
walk_dir(struct loader *L, char ***out, size_t *nout)
{
	char **dirs = NULL, **files = NULL;
	size_t nd = 0, cd = 0, nf = 0, cf = 0;
	int rc = -1;

	*out = NULL;
	*nout = 0;
	dirs = mem_alloc(sizeof(*dirs));
	if (!dirs || !(dirs[0] = mem_strdup("")))
		goto oom;
	nd = cd = 1;
	while (nd) {
		char *rel = dirs[--nd];
		struct buf full = BUF_INIT;
		DIR *d;
		struct dirent *e;

		buf_addf(&full, "%s%s", L->root_slash, rel);
		d = buf_failed(&full) ? NULL : opendir(full.data);
		if (!d) {
			if (!buf_failed(&full))
				error_set_at(L->err, ERROR_IO, full.data, 0, 0,
					     "cannot read directory: %s", strerror(errno));
			else
				nomem(L->err);
			buf_release(&full);
			mem_free(rel);
			goto out;
		}
		while ((e = readdir(d))) {
			struct buf child = BUF_INIT, cfull = BUF_INIT;
			struct stat st;

			if (e->d_name[0] == '.')
				continue; /* ., .., .git, .github... */
			buf_addf(&child, "%s%s", rel, e->d_name);
			buf_addf(&cfull, "%s%s", L->root_slash, child.data);
			if (buf_failed(&child) || buf_failed(&cfull)) {
				buf_release(&child);
				buf_release(&cfull);
				closedir(d);
				buf_release(&full);
				mem_free(rel);
				goto oom;
			}
			if (lstat(cfull.data, &st) == 0) {
				void *p;

				if (S_ISDIR(st.st_mode)) {
					buf_addch(&child, '/');
					p = dirs;
					if (buf_failed(&child) ||
					    mem_grow_array(&p, &cd, nd + 1, sizeof(*dirs)) < 0) {
						buf_release(&child);
						buf_release(&cfull);
						closedir(d);
						buf_release(&full);
						mem_free(rel);
						goto oom;
					}
					dirs = p;
					dirs[nd++] = buf_detach(&child, NULL);
				} else if (!S_ISREG(st.st_mode) && is_manifest_name(child.data) &&
					   pathspec_match(L->opts, child.data)) {
					/* not followed, not read: said, so nothing is left out
					 * silently */
					if (warn_file(L, child.data, 0, "skipped: %s",
						      S_ISLNK(st.st_mode) ? "a symbolic link"
									  : "not a regular file") < 0) {
						buf_release(&child);
						buf_release(&cfull);
						closedir(d);
						buf_release(&full);
						mem_free(rel);
						goto out;
					}
				} else if (S_ISREG(st.st_mode) && is_manifest_name(child.data) &&
					   pathspec_match(L->opts, child.data)) {
					p = files;
					if (mem_grow_array(&p, &cf, nf + 1, sizeof(*files)) < 0) {
						buf_release(&child);
						buf_release(&cfull);
						closedir(d);
						buf_release(&full);
						mem_free(rel);
						goto oom;
					}
					files = p;
					files[nf++] = buf_detach(&child, NULL);
				}
			}
			buf_release(&child);
			buf_release(&cfull);
		}
		closedir(d);
		buf_release(&full);
		mem_free(rel);
	}
	if (nf)
		qsort(files, nf, sizeof(*files), cmp_str);
	*out = files;
	*nout = nf;
	files = NULL;
	nf = 0;
	rc = 0;
	goto out;
oom:
	nomem(L->err);
out:
	while (nd)
		mem_free(dirs[--nd]);
	mem_free(dirs);
	while (nf)
		mem_free(files[--nf]);
	mem_free(files);
	return rc;
}

static int
load_dir(struct loader *L)
{
	char **files = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (walk_dir(L, &files, &n) < 0)
		return -1;
	buf_addstr(&L->canon, "signoff manifests v1\n");
	for (i = 0; i < n && rc == 0; i++) {
		struct buf full = BUF_INIT, text = BUF_INIT;
		bool found = false;
		int why = 0;

		buf_addf(&full, "%s%s", L->root_slash, files[i]);
		if (buf_failed(&full)) {
			rc = nomem(L->err);
		} else if (read_regular(full.data, &text, &found, &why, L->err) < 0) {
			rc = -1;
		} else if (!found) {
			/* a manifest left out would be a change never reviewed */
			rc = error_set_at(L->err, why == EFBIG ? ERROR_LIMIT : ERROR_IO, full.data, 0,
					  0, "cannot read this manifest: %s",
					  why == EFBIG ? "larger than the input limit"
					  : why == EINVAL ? "no longer a regular file"
							  : strerror(why));
		} else {
			L->cur = file_add(L, files[i], "read");
			if (!L->cur) {
				rc = nomem(L->err);
			} else {
				L->cur->present[AFTER] = true;
				buf_addf(&L->canon, "file %s\n", files[i]);
				rc = load_source(L, AFTER, files[i], full.data, text.data, text.len,
						 NULL);
			}
		}
		mem_wipe(text.data, text.len); /* the bytes read; the rest was never used */
		buf_release(&text);
		buf_release(&full);
	}
	for (i = 0; i < n; i++)
		mem_free(files[i]);
	mem_free(files);
	L->cur = NULL;
	return rc;
}

static const char *
kind_skip_reason(enum repo_file_kind k)
{
	switch (k) {
	case REPO_FILE_LINK:
		return "a symbolic link";
	case REPO_FILE_SUBMODULE:
		return "a submodule";
	default:
		return "not a regular file";
	}
}

static int
load_range(struct loader *L)
{
	struct repo_diff *diff = NULL;
	struct digest_sha256 *wt = NULL;
	struct buf data = BUF_INIT;
	const char *const *p;
	size_t i;
	int rc = -1;

	if (repo_open(&L->repo, L->opts->path, L->err) < 0)
		return -1;
	if (repo_resolve_range(L->repo, L->opts->range, &L->range, L->err) < 0 ||
	    repo_diff_new(&diff, L->repo, &L->range, L->opts->pathspecs, L->err) < 0)
		goto out;
	if (L->range.worktree && digest_sha256_new(&wt) < 0) {
		error_set(L->err, ERROR_INTERNAL, "cannot compute sha256");
		goto out;
	}
	buf_addf(&L->canon, "signoff manifests v1\nrange %s\nfrom %s\nto %s\n", L->opts->range,
		 L->range.from, L->range.worktree ? "WORKTREE" : L->range.to);
	if (*repo_prefix(L->repo))
		buf_addf(&L->canon, "prefix %s\n", repo_prefix(L->repo));
	for (p = L->opts->pathspecs; p && *p; p++)
		buf_addf(&L->canon, "pathspec %s\n", *p);
	for (i = 0; i < repo_diff_count(diff); i++) {
		const struct repo_delta *d = repo_diff_at(diff, i);
		const char *path = d->status == REPO_DELTA_DELETED ? d->old_path : d->new_path;
		static const char *const status[] = { "added", "deleted", "modified" };
		int side;

		if (!is_manifest_name(d->old_path) && !is_manifest_name(d->new_path))
			continue;
		L->cur = file_add(L, path, status[d->status]);
		if (!L->cur) {
			nomem(L->err);
			goto out;
		}
		buf_addf(&L->canon, "file %s\n", path);
		for (side = BEFORE; side <= AFTER; side++) {
			enum repo_file_kind k = side == BEFORE ? d->old_kind : d->new_kind;
			const char *sp = side == BEFORE ? d->old_path : d->new_path;
			bool found = true;

			if (k == REPO_FILE_NONE) {
				if (side == AFTER && wt) {
					digest_sha256_update(wt, sp, strlen(sp) + 1);
					digest_sha256_update(wt, "deleted", 8);
				}
				continue;
			}
			L->cur->present[side] = true;
			if (k != REPO_FILE_REGULAR) {
				L->cur->skipped[side] = kind_skip_reason(k);
				if (warn_file(L, sp, 0, "skipped: %s", kind_skip_reason(k)) < 0)
					goto out;
				continue;
			}
			buf_reset(&data);
			if (side == AFTER && L->range.worktree) {
				if (repo_read_path(L->repo, NULL, sp, &data, &found, L->err) < 0)
					goto out;
				if (wt) {
					char len[32];

					snprintf(len, sizeof(len), "%zu", data.len);
					digest_sha256_update(wt, sp, strlen(sp) + 1);
					digest_sha256_update(wt, len, strlen(len) + 1);
					digest_sha256_update(wt, data.data, data.len);
				}
			} else if (repo_read_blob(L->repo, side == BEFORE ? d->old_id : d->new_id,
						  &data, L->err) < 0) {
				error_locate(L->err, sp, 0, 0);
				goto out;
			}
			if (!found)
				continue;
			if (load_source(L, side, sp, sp, data.data, data.len,
					side == BEFORE ? d->old_id : d->new_id) < 0)
				goto out;
		}
	}
	L->plan->rev_from = plan_intern_str(L->plan, L->range.from);
	if (wt) {
		uint8_t md[DIGEST_SHA256_LEN];
		char hex[DIGEST_SHA256_HEX];

		if (digest_sha256_final(wt, md) < 0) {
			error_set(L->err, ERROR_INTERNAL, "cannot compute sha256");
			goto out;
		}
		digest_hex(md, sizeof(md), hex);
		L->plan->rev_to = plan_internf(L->plan, "WORKTREE:sha256:%s", hex);
	} else {
		L->plan->rev_to = plan_intern_str(L->plan, L->range.to);
	}
	if (!L->plan->rev_from || !L->plan->rev_to) {
		nomem(L->err);
		goto out;
	}
	rc = 0;
out:
	L->cur = NULL;
	buf_wipe(&data);
	digest_sha256_free(&wt);
	repo_diff_free(&diff);
	return rc;
}

/* ---- identity ---- */

static int
resolve_identity(struct loader *L, struct mobj *o)
{
	struct plan *plan = L->plan;
	size_t gl = manifest_group_len(o->api_version);
	const char *alias = manifest_group_alias(o->api_version, gl, o->kind);
	bool namespaced;

	o->group = alias ? plan_intern_str(plan, alias) : plan_intern(plan, o->api_version, gl);
	if (!o->group)
		return nomem(L->err);
	namespaced = manifest_is_namespaced(L->scopes, o->group, o->kind, &o->value);
	o->ns = !namespaced ? "" : o->raw_ns ? o->raw_ns : L->default_ns;
	o->type = *o->group ? plan_internf(plan, "%s/%s", o->group, o->kind) : o->kind;
	if (!o->type)
		return nomem(L->err);
	if (*o->ns)
		o->address = plan_internf(plan, "%s/%s/%s", o->type, o->ns, o->name);
	else
		o->address = plan_internf(plan, "%s/%s", o->type, o->name);
	o->key = plan_internf(plan, "%s|%s|%s|%s", o->group, o->kind, o->ns, o->name);
	o->role = manifest_crossplane_role(L->scopes, o->group, o->kind, &o->value);
	if (!o->address || !o->key)
		return nomem(L->err);
	return 0;
}

/* Appends "@path", "#doc" or ".item" to an object's key and address. */
static int
qualify(struct loader *L, struct mobj *o, int level)
{
	if (level == 0) {
		o->key = plan_internf(L->plan, "%s@%s", o->key, o->path);
		o->address = plan_internf(L->plan, "%s@%s", o->address, o->path);
	} else if (level == 1) {
		o->key = plan_internf(L->plan, "%s#%u", o->key, o->doc);
		o->address = plan_internf(L->plan, "%s#%u", o->address, o->doc);
	} else {
		o->key = plan_internf(L->plan, "%s.%ld", o->key, o->item);
		o->address = plan_internf(L->plan, "%s.%ld", o->address, o->item);
	}
	return o->key && o->address ? 0 : nomem(L->err);
}

static const struct mobj *sort_objs;

static int
cmp_by_key(const void *a, const void *b)
{
	const struct mobj *x = &sort_objs[*(const size_t *)a], *y = &sort_objs[*(const size_t *)b];
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Indices of a side's objects sorted by key (the caller frees). */
static size_t *
sorted_by_key(const struct side *s)
{
	size_t *idx = mem_alloc((s->n ? s->n : 1) * sizeof(*idx)), i;

	if (!idx)
		return NULL;
	for (i = 0; i < s->n; i++)
		idx[i] = i;
	sort_objs = s->o;
	if (s->n > 1)
		qsort(idx, s->n, sizeof(*idx), cmp_by_key);
	return idx;
}

static int
cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t) * (const char *const *)a;
	uintptr_t y = (uintptr_t) * (const char *const *)b;

	return x < y ? -1 : x > y;
}

/* One warning for an identity defined `n` times on a side (the objects
 * at idx[0..n)). */
static int
warn_duplicate(struct loader *L, int s, const size_t *idx, size_t n)
{
	const struct mobj *o = &L->side[s].o[idx[0]];
	const char *when = L->mode != MODE_RANGE ? "" : s == BEFORE ? " before" : " after";
	struct buf where = BUF_INIT;
	size_t k;
	int rc;

	for (k = 0; k < n && k < 4; k++)
		buf_addf(&where, "%s%s#%u", k ? ", " : "", L->side[s].o[idx[k]].path,
			 L->side[s].o[idx[k]].doc);
	if (n > 4)
		buf_addstr(&where, ", ...");
	rc = buf_failed(&where) ? nomem(L->err)
				: warn_file(L, o->path, 0,
					    "%s is defined %zu times%s (%s): each copy is "
					    "reviewed on its own, named by file",
					    o->address, n, when, where.data);
	buf_release(&where);
	return rc;
}

/* Keys defined more than once on a side become file-qualified on both
 * sides (then by document, then by List item), with one warning each. */
static int
qualify_duplicates(struct loader *L)
{
	int level;

	for (level = 0; level < 3; level++) {
		const char **dups = NULL;
		size_t ndups = 0, cdups = 0, s, i, j;
		int rc = 0;

		for (s = 0; s < 2 && rc == 0; s++) {
			size_t *idx = sorted_by_key(&L->side[s]);

			if (!idx) {
				rc = nomem(L->err);
				break;
			}
			for (i = 0; i < L->side[s].n; i = j) {
				const struct mobj *o = &L->side[s].o[idx[i]];
				void *p = dups;

				for (j = i + 1; j < L->side[s].n &&
						L->side[s].o[idx[j]].key == o->key;
				     j++)
					;
				if (j - i < 2)
					continue;
				if (mem_grow_array(&p, &cdups, ndups + 1, sizeof(*dups)) < 0) {
					rc = nomem(L->err);
					break;
				}
				dups = p;
				dups[ndups++] = o->key;
				if (level == 0 && (rc = warn_duplicate(L, (int)s, idx + i, j - i)) < 0)
					break;
			}
			mem_free(idx);
		}
		if (rc == 0 && ndups) {
			qsort(dups, ndups, sizeof(*dups), cmp_ptr);
			for (s = 0; s < 2 && rc == 0; s++)
				for (i = 0; i < L->side[s].n && rc == 0; i++) {
					struct mobj *o = &L->side[s].o[i];

					if (bsearch(&o->key, dups, ndups, sizeof(*dups), cmp_ptr) &&
					    (level < 2 || o->item >= 0))
						rc = qualify(L, o, level);
				}
		}
		mem_free(dups);
		if (rc < 0)
			return -1;
		if (!ndups)
			break;
	}
	return 0;
}

/* ---- changes ---- */

struct entry {
	long b, a;                   /* objects before / after, or -1 */
	enum plan_action action;
	enum plan_section section;
	unsigned flags;
	const char *address;
	const char *previous_address;
};

struct entries {
	struct entry *e;
	size_t n, cap;
};

static int
entry_add(struct loader *L, struct entries *es, long b, long a, enum plan_action action,
	  enum plan_section section)
{
	void *p = es->e;
	struct entry *e;

	if (mem_grow_array(&p, &es->cap, es->n + 1, sizeof(*es->e)) < 0)
		return nomem(L->err);
	es->e = p;
	e = &es->e[es->n++];
	memset(e, 0, sizeof(*e));
	e->b = b;
	e->a = a;
	e->action = action;
	e->section = section;
	e->address = a >= 0 ? L->side[AFTER].o[a].address : L->side[BEFORE].o[b].address;
	return 0;
}

struct rkey {
	const char *type;
	uint64_t hash;
	size_t entry;                /* index of the create in entries */
	bool used;
};

static int
cmp_rkey(const void *a, const void *b)
{
	const struct rkey *x = a, *y = b;

	if (x->type != y->type)
		return (uintptr_t)x->type < (uintptr_t)y->type ? -1 : 1;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Links a delete and a create whose objects differ only in name or
 * namespace (same type): a rename. */
static int
link_renames(struct loader *L, struct entries *es)
{
	struct rkey *keys = NULL;
	size_t n = 0, ndel = 0, i;

	for (i = 0; i < es->n; i++) {
		if (es->e[i].action == PLAN_ACTION_CREATE &&
		    !L->side[AFTER].o[es->e[i].a].generated)
			n++;
		ndel += es->e[i].action == PLAN_ACTION_DELETE;
	}
	if (!n || !ndel)
		return 0;
	keys = mem_alloc(n * sizeof(*keys));
	if (!keys)
		return nomem(L->err);
	n = 0;
	for (i = 0; i < es->n; i++) {
		const struct mobj *o;

		if (es->e[i].action != PLAN_ACTION_CREATE)
			continue;
		o = &L->side[AFTER].o[es->e[i].a];
		if (o->generated)
			continue;
		keys[n].type = o->type;
		keys[n].hash = manifest_hash_without_identity(&o->value);
		keys[n].entry = i;
		keys[n].used = false;
		n++;
	}
	qsort(keys, n, sizeof(*keys), cmp_rkey);
	for (i = 0; i < es->n; i++) {
		struct entry *del = &es->e[i];
		const struct mobj *o;
		struct rkey want, *k;

		if (del->action != PLAN_ACTION_DELETE)
			continue;
		o = &L->side[BEFORE].o[del->b];
		if (o->generated)
			continue;
		want.type = o->type;
		want.hash = manifest_hash_without_identity(&o->value);
		want.entry = 0;
		/* the first key of the run with this type and hash */
		{
			size_t lo = 0, hi = n;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (cmp_rkey(&keys[mid], &want) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			k = lo < n ? &keys[lo] : NULL;
		}
		for (; k && k < keys + n && k->type == want.type && k->hash == want.hash; k++) {
			struct entry *cr = &es->e[k->entry];

			if (k->used || !manifest_equal_without_identity(
					       &o->value, &L->side[AFTER].o[cr->a].value))
				continue;
			k->used = true;
			del->flags |= PLAN_CHANGE_RENAMED;
			cr->flags |= PLAN_CHANGE_RENAMED;
			cr->previous_address = o->address;
			break;
		}
	}
	mem_free(keys);
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->address, y->address);

	if (c)
		return c;
	/* a delete before a create of the same address (cannot happen today) */
	return (int)x->action - (int)y->action;
}

static int
member_str(struct loader *L, struct value_member *m, const char *key, const char *s)
{
	m->key = value_intern_key(&L->plan->vb, key, strlen(key));
	m->key_len = (uint32_t)strlen(key);
	if (!m->key || value_make_string(&L->plan->vb, s, strlen(s), &m->value) < 0)
		return -1;
	return 0;
}

static int
member_num(struct loader *L, struct value_member *m, const char *key, unsigned long n)
{
	char text[32];

	snprintf(text, sizeof(text), "%lu", n);
	if (member_str(L, m, key, text) < 0)
		return -1;
	m->value.kind = VALUE_NUMBER;
	return 0;
}

static int
make_extra(struct loader *L, const struct entry *e, struct value *out)
{
	const struct mobj *now = e->a >= 0 ? &L->side[AFTER].o[e->a] : &L->side[BEFORE].o[e->b];
	const struct mobj *was = e->a >= 0 && e->b >= 0 ? &L->side[BEFORE].o[e->b] : NULL;
	struct value_member ms[9];
	size_t n = 0;

	memset(ms, 0, sizeof(ms));
	if (member_str(L, &ms[n++], "apiVersion", now->api_version) < 0 ||
	    member_str(L, &ms[n++], "path", now->path) < 0 ||
	    member_num(L, &ms[n++], "document", now->doc) < 0 ||
	    member_num(L, &ms[n++], "line", now->line) < 0)
		return nomem(L->err);
	if (now->item >= 0 && member_num(L, &ms[n++], "item", (unsigned long)now->item) < 0)
		return nomem(L->err);
	if (now->role && member_str(L, &ms[n++], "crossplane", now->role) < 0)
		return nomem(L->err);
	if (was && was->api_version != now->api_version &&
	    member_str(L, &ms[n++], "previous_apiVersion", was->api_version) < 0)
		return nomem(L->err);
	if (was && was->path != now->path &&
	    member_str(L, &ms[n++], "previous_path", was->path) < 0)
		return nomem(L->err);
	if (now->generated) {
		ms[n].key = value_intern_key(&L->plan->vb, "generated_name", 14);
		ms[n].key_len = 14;
		ms[n].value.kind = VALUE_BOOL;
		ms[n].value.u.b = true;
		if (!ms[n++].key)
			return nomem(L->err);
	}
	if (value_make_object(&L->plan->vb, ms, n, out, NULL) < 0)
		return nomem(L->err);
	return 0;
}

static int
emit(struct loader *L, const struct entry *e)
{
	const struct mobj *now = e->a >= 0 ? &L->side[AFTER].o[e->a] : &L->side[BEFORE].o[e->b];
	struct plan_change *c = plan_add_change(L->plan);

	if (!c)
		return nomem(L->err);
	c->section = e->section;
	c->action = e->action;
	c->mode = PLAN_MODE_MANAGED;
	c->flags = e->flags | PLAN_CHANGE_MATCH_BY_NAME;
	c->address = now->address;
	c->native_id = now->key;
	c->type = now->type;
	c->name = now->name;
	c->group = now->ns;
	c->provider = now->group;
	c->previous_address = e->previous_address;
	c->before = e->b >= 0 ? L->side[BEFORE].o[e->b].value : value_absent;
	c->after = e->a >= 0 ? L->side[AFTER].o[e->a].value : value_absent;
	c->replace_paths = value_absent;
	return make_extra(L, e, &c->extra);
}

static int
build_changes(struct loader *L)
{
	struct entries es = { NULL, 0, 0 };
	size_t *ib = NULL, *ia = NULL, i = 0, j = 0, k;
	int rc = -1;

	ib = sorted_by_key(&L->side[BEFORE]);
	ia = sorted_by_key(&L->side[AFTER]);
	if (!ib || !ia) {
		nomem(L->err);
		goto out;
	}
	while (i < L->side[BEFORE].n || j < L->side[AFTER].n) {
		const struct mobj *b = i < L->side[BEFORE].n ? &L->side[BEFORE].o[ib[i]] : NULL;
		const struct mobj *a = j < L->side[AFTER].n ? &L->side[AFTER].o[ia[j]] : NULL;
		int c = !b ? 1 : !a ? -1 : strcmp(b->key, a->key);

		if (c == 0) {
			bool same = value_equal(&b->value, &a->value);

			if (entry_add(L, &es, (long)ib[i], (long)ia[j],
				      same ? PLAN_ACTION_NOOP : PLAN_ACTION_UPDATE,
				      same ? PLAN_SECTION_CONTEXT : PLAN_SECTION_CHANGE) < 0)
				goto out;
			i++;
			j++;
		} else if (c < 0) {
			if (entry_add(L, &es, (long)ib[i], -1, PLAN_ACTION_DELETE,
				      PLAN_SECTION_CHANGE) < 0)
				goto out;
			i++;
		} else {
			if (entry_add(L, &es, -1, (long)ia[j], PLAN_ACTION_CREATE,
				      PLAN_SECTION_CHANGE) < 0)
				goto out;
			j++;
		}
	}
	if (link_renames(L, &es) < 0)
		goto out;
	if (es.n > 1)
		qsort(es.e, es.n, sizeof(*es.e), cmp_entry);
	for (k = 0; k < es.n; k++)
		if (emit(L, &es.e[k]) < 0)
			goto out;
	rc = 0;
out:
	mem_free(ib);
	mem_free(ia);
	mem_free(es.e);
	return rc;
}

/* The "files" section: what was read, for the UI and for tests. */
static int
files_section(struct loader *L)
{
	struct value *items = L->nfiles ? arena_alloc(&L->plan->arena, L->nfiles * sizeof(*items))
					: NULL;
	struct value arr;
	size_t i;

	if (L->nfiles && !items)
		return nomem(L->err);
	for (i = 0; i < L->nfiles; i++) {
		const struct file_stat *f = &L->files[i];
		struct value_member ms[6];
		size_t n = 0;
		int s;

		memset(ms, 0, sizeof(ms));
		if (member_str(L, &ms[n++], "path", f->path) < 0 ||
		    member_str(L, &ms[n++], "status", f->status) < 0)
			return nomem(L->err);
		for (s = BEFORE; s <= AFTER; s++) {
			const char *sk = s == BEFORE ? "skipped_before" : "skipped";
			const char *ob = s == BEFORE ? "objects_before" : "objects";

			if (!f->present[s])
				continue;
			if (f->skipped[s] ? member_str(L, &ms[n++], sk, f->skipped[s]) < 0
					  : member_num(L, &ms[n++], ob, f->objects[s]) < 0)
				return nomem(L->err);
		}
		if (value_make_object(&L->plan->vb, ms, n, &items[i], NULL) < 0)
			return nomem(L->err);
	}
	arr.kind = VALUE_ARRAY;
	arr.flags = 0;
	arr.reserved_ = 0;
	arr.len = (uint32_t)L->nfiles;
	arr.u.items = items;
	return plan_set_section(L->plan, "files", &arr) < 0 ? nomem(L->err) : 0;
}

static void
loader_release(struct loader *L)
{
	size_t i;

	mem_free(L->side[0].o);
	mem_free(L->side[1].o);
	manifest_scopes_free(&L->scopes);
	strtab_release(&L->scratch_keys);
	arena_wipe(&L->scratch);
	mem_free(L->files);
	for (i = 0; i < L->nkc; i++)
		mem_free(L->kc[i].patches);
	mem_free(L->kc);
	repo_free(&L->repo);
	buf_wipe(&L->canon);
}

/* PATHSPECs without a "--" separator, in `specs` (NULL-terminated, at
 * most `cap`); an option word after "--" is an error, not a path that
 * matches nothing (which would show "no changes"). */
static int
clean_pathspecs(const struct load_opts *opts, const char **specs, size_t cap, struct error *err)
{
	size_t n = 0, i;

	for (i = 0; opts->pathspecs && opts->pathspecs[i]; i++) {
		const char *p = opts->pathspecs[i];

		if (strcmp(p, "--") == 0)
			continue;
		if (p[0] == '-' && p[1] == '-')
			return error_set(err, ERROR_USAGE,
					 "'%s' comes after '--', where only PATHSPECs go: put "
					 "options before '--'",
					 p);
		if (n + 1 >= cap)
			return error_set(err, ERROR_USAGE, "too many PATHSPECs (at most %zu)",
					 cap - 1);
		specs[n++] = p;
	}
	specs[n] = NULL;
	return 0;
}

int
plan_manifest_load(struct plan **out, const struct load_opts *opts_in, struct source *src,
		   struct error *err)
{
	struct loader L;
	struct load_opts copy = *opts_in, *opts = &copy;
	const char *specs[256];
	struct stat st;
	struct error ignored = ERROR_INIT;
	size_t i;
	int s, rc = -1;

	*out = NULL;
	/* err may be NULL, but the loader reads back what it set (a YAML
	 * reading of what failed as JSON, Helm templates): keep one */
	if (!err)
		err = &ignored;
	if (clean_pathspecs(opts_in, specs, sizeof(specs) / sizeof(specs[0]), err) < 0) {
		source_free(&src);
		return -1;
	}
	copy.pathspecs = specs[0] ? specs : NULL;
	memset(&L, 0, sizeof(L));
	L.opts = opts;
	L.err = err;
	L.default_ns = opts->default_namespace && *opts->default_namespace
			       ? opts->default_namespace
			       : "default";
	buf_init(&L.canon);
	strtab_init(&L.scratch_keys, &L.scratch);
	L.svb.arena = &L.scratch;
	L.svb.keys = &L.scratch_keys;
	if (src) {
		L.mode = MODE_FILE;
		if (opts->range) {
			error_set_at(err, ERROR_USAGE, src->path, 0, 0,
				     "--range needs a git work tree, not a file");
			source_free(&src);
			return -1;
		}
	} else if (opts->range) {
		L.mode = MODE_RANGE;
		if (stat(opts->path, &st) < 0 || !S_ISDIR(st.st_mode))
			return error_set_at(err, ERROR_USAGE, opts->path, 0, 0,
					    "--range needs a git work tree (a directory)");
	} else {
		L.mode = MODE_DIR;
		L.root = opts->path;
	}
	if (L.mode == MODE_FILE && opts->pathspecs && opts->pathspecs[0]) {
		error_set_at(err, ERROR_USAGE, src->path, 0, 0,
			     "PATHSPEC limits a directory or a --range, not a file");
		source_free(&src);
		return -1;
	}
	if (plan_new(&L.plan, PLAN_SOURCE_MANIFESTS, src, err) < 0)
		return -1;
	if (manifest_scopes_new(&L.scopes, err) < 0)
		goto out;
	if (L.mode == MODE_FILE) {
		struct source *s0 = L.plan->source;

		L.cur = file_add(&L, s0->path, "read");
		if (!L.cur) {
			nomem(err);
			goto out;
		}
		L.cur->present[AFTER] = true;
		if (load_text(&L, AFTER, s0->path, s0->path, s0->text + s0->start,
			      s0->len - s0->start) < 0)
			goto out;
		L.cur = NULL;
	} else {
		struct source *canon = NULL;

		L.plan->path = plan_intern_str(L.plan, opts->path);
		L.root_slash = str_has_suffix(opts->path, "/")
				       ? L.plan->path
				       : plan_internf(L.plan, "%s/", opts->path);
		if (!L.plan->path || !L.root_slash) {
			nomem(err);
			goto out;
		}
		if ((L.mode == MODE_DIR ? load_dir(&L) : load_range(&L)) < 0)
			goto out;
		if (buf_failed(&L.canon)) {
			nomem(err);
			goto out;
		}
		if (source_from_memory(&canon, opts->path, L.canon.data, L.canon.len, err) < 0)
			goto out;
		L.plan->source = canon;
	}
	/* what the input's own definitions say about scope, then identities */
	for (s = 0; s < 2; s++)
		for (i = 0; i < L.side[s].n; i++)
			if (manifest_scopes_learn(L.scopes, &L.side[s].o[i].value, err) < 0)
				goto out;
	for (s = 0; s < 2; s++)
		for (i = 0; i < L.side[s].n; i++) {
			struct mobj *o = &L.side[s].o[i];

			if (resolve_identity(&L, o) < 0)
				goto out;
			if (o->generated && (qualify(&L, o, 0) < 0 || qualify(&L, o, 1) < 0 ||
					     (o->item >= 0 && qualify(&L, o, 2) < 0)))
				goto out;
		}
	if (qualify_duplicates(&L) < 0 || build_changes(&L) < 0 || files_section(&L) < 0 ||
	    plan_finish(L.plan, err) < 0)
		goto out;
	*out = L.plan;
	L.plan = NULL;
	rc = 0;
out:
	loader_release(&L);
	plan_free(&L.plan);
	return rc;
}
