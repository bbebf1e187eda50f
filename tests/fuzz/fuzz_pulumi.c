/* fuzz_pulumi.c - any bytes through detection, the Pulumi loader and show. */
#include <stdio.h>
#include <stdlib.h>

#include "load.h"
#include "plan.h"
#include "render.h"
#include "targets.h"

int
fuzz_pulumi(const uint8_t *data, size_t size)
{
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;
	size_t start;
	unsigned skipped;
	int rc = -1;
	enum load_format f;

	if (source_from_memory(&src, "fuzz.json", data, size, &err) < 0)
		return 0;
	f = load_detect(src, &start, &skipped);
	switch (f) {
	case LOAD_FORMAT_PULUMI_PREVIEW:
	case LOAD_FORMAT_PULUMI_EVENTS:
	case LOAD_FORMAT_PULUMI_PLAN:
	case LOAD_FORMAT_PULUMI_EXPORT:
	case LOAD_FORMAT_PULUMI_SUMMARY:
		rc = plan_pulumi_load(&plan, src, f, start, skipped, NULL, &err);
		break;
	default:
		source_free(&src);
		return 0;
	}
	if (rc == 0) {
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

FUZZ_ENTRY(pulumi)
