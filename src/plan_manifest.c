/* plan_manifest.c - Kubernetes/Crossplane manifests -> plan (issue 7: not written yet). */
#include "load.h"

int
plan_manifest_load(struct plan **out, const struct load_opts *opts, struct source *src,
		   struct error *err)
{
	*out = NULL;
	error_set_at(err, ERROR_FORMAT, opts->path, 1, 1, "manifest input is not supported yet");
	source_free(&src);
	return -1;
}
