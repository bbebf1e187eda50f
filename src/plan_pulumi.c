/* plan_pulumi.c - Pulumi previews -> plan (issue 6: not written yet). */
#include "load.h"

int
plan_pulumi_load(struct plan **out, struct source *src, enum load_format format,
		 size_t json_start, unsigned skipped_lines, const char *state_path,
		 struct error *err)
{
	(void)json_start;
	(void)skipped_lines;
	(void)state_path;
	*out = NULL;
	error_set_at(err, ERROR_FORMAT, src->path, 1, 1, "%s input is not supported yet",
		     load_format_name(format));
	source_free(&src);
	return -1;
}
