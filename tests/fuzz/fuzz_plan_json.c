/* fuzz_plan_json.c - any bytes through detection, the loaders and show. */
#include <stdio.h>
#include <stdlib.h>

#include "load.h"
#include "plan.h"
#include "render.h"
#include "targets.h"

int
fuzz_plan_json(const uint8_t *data, size_t size)
{
	struct source *src = NULL;
	struct plan *plan = NULL;
	struct error err = ERROR_INIT;
	size_t start;
	unsigned skipped;
	int rc = -1;

	if (source_from_memory(&src, "fuzz.json", data, size, &err) < 0)
		return 0;
	switch (load_detect(src, &start, &skipped)) {
	case LOAD_FORMAT_TERRAFORM:
	case LOAD_FORMAT_TERRAFORM_REDACTED:
		rc = plan_tf_load(&plan, src, start, skipped, &err);
		break;
	default:
		source_free(&src);
		return 0;
	}
	if (rc == 0) {
		struct render_opts ro = { false, true, false };
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

FUZZ_ENTRY(plan_json)
