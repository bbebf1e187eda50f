/* load.h - open any SOURCE into a plan: detect the format from content
 * (never from the file name) and dispatch to the loader.
 */
#ifndef SIGNOFF_LOAD_H
#define SIGNOFF_LOAD_H

#include <stdbool.h>

#include "error.h"
#include "plan.h"
#include "source.h"

enum load_format {
	LOAD_FORMAT_UNKNOWN,
	LOAD_FORMAT_TERRAFORM,         /* terraform show -json */
	LOAD_FORMAT_TERRAFORM_REDACTED,/* HCP Terraform redacted plan JSON */
	LOAD_FORMAT_PULUMI_PREVIEW,    /* pulumi preview --json */
	LOAD_FORMAT_PULUMI_EVENTS,     /* engine event stream */
	LOAD_FORMAT_PULUMI_PLAN,       /* --save-plan */
	LOAD_FORMAT_PULUMI_EXPORT,     /* pulumi stack export */
	LOAD_FORMAT_PULUMI_SUMMARY,    /* pulumi preview --output json */
	LOAD_FORMAT_MANIFESTS,         /* Kubernetes/Crossplane YAML or JSON */
};

struct load_opts {
	const char *path;            /* file, directory, git work tree, or "-" */
	const char *range;           /* "A..B", "A...B" or "A" for a git work tree */
	const char *const *pathspecs;/* NULL-terminated, may be NULL */
	const char *state_path;      /* Pulumi stack export to complete a preview */
	const char *default_namespace; /* for namespaced kinds without one */
};

const char *load_format_name(enum load_format f);

/* Looks at the text and says what it is; *json_start gets the offset of
 * the first JSON value after any leading non-JSON lines (counted in
 * *skipped_lines). */
enum load_format load_detect(const struct source *src, size_t *json_start,
			     unsigned *skipped_lines);

/* Loads SOURCE; on failure *out stays NULL and err says what and where. */
int load_plan(struct plan **out, const struct load_opts *opts, struct error *err);

/* Loaders, one per source kind.  Each takes ownership of src. */
int plan_tf_load(struct plan **out, struct source *src, size_t json_start,
		 unsigned skipped_lines, struct error *err);
int plan_pulumi_load(struct plan **out, struct source *src, enum load_format format,
		     size_t json_start, unsigned skipped_lines, const char *state_path,
		     struct error *err);
/* Manifests: `src` is the already read file or standard input (owned),
 * or NULL when opts->path is a directory or a git work tree (opts->range). */
int plan_manifest_load(struct plan **out, const struct load_opts *opts, struct source *src,
		       struct error *err);

#endif
