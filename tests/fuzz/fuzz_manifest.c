/* fuzz_manifest.c - any bytes through the manifest loader (YAML or JSON,
 * masking, identity, skip rules) and show. */
#include <stdio.h>
#include <stdlib.h>

#include "load.h"
#include "plan.h"
#include "render.h"
#include "targets.h"

int
fuzz_manifest(const uint8_t *data, size_t size)
{
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct load_opts opts = { 0 };
	struct error err = ERROR_INIT;

	opts.path = "fuzz.yaml";
	if (source_from_memory(&src, "fuzz.yaml", data, size, &err) < 0)
		return 0;
	if (plan_manifest_load(&plan, &opts, src, &err) == 0) {
		struct render_opts ro = { .full = true };
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);

		if (mem) {
			render_text_plan(mem, plan, &ro, &err);
			render_json_plan(mem, plan, &ro, &err);
			fclose(mem);
		}
		free(text);
		plan_free(&plan);
	}
	return 0;
}

FUZZ_ENTRY(manifest)
