/* test_faults.c - sqlite's fault loop: fail the n-th allocation, for
 * n = 1, 2, ..., while loading and rendering a plan.  Every run must end in
 * ERROR_NOMEM (or success once n is past the last allocation), never a
 * crash or a leak. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "load.h"
#include "mem.h"
#include "render.h"

static void
fault_loop(const char *path)
{
	unsigned long n;
	int succeeded = 0;

	for (n = 1; n < 20000 && !succeeded; n++) {
		struct load_opts o = { 0 };
		struct plan *plan = NULL;
		struct error err = ERROR_INIT;
		int rc;

		o.path = path;
		mem_fail_after(n);
		rc = load_plan(&plan, &o, &err);
		if (rc == 0) {
			struct render_opts ro = { .full = true };
			FILE *null = fopen("/dev/null", "w");
			int r1 = render_text_plan(null, plan, &ro, &err);
			int r2 = r1 == 0 ? render_json_plan(null, plan, &ro, &err) : -1;

			fclose(null);
			plan_free(&plan);
			if (r1 == 0 && r2 == 0 && mem_failures() == 0)
				succeeded = 1;
			else
				cr_assert_eq(err.code, ERROR_NOMEM, "n=%lu: %s", n, err.msg);
		} else {
			cr_assert_null(plan);
			cr_assert_eq(err.code, ERROR_NOMEM, "n=%lu: code %d: %s", n, err.code,
				     err.msg);
		}
		mem_fail_after(0);
	}
	cr_assert(succeeded, "never succeeded");
}

Test(faults, loading_survives_every_failed_allocation)
{
	fault_loop(TESTDATA("plans/valid/all-actions.json"));
	CHECK_NO_LEAKS();
}

Test(faults, loading_nested_sensitive_values_survives_every_failed_allocation)
{
	fault_loop(TESTDATA("plans/valid/diffs.json"));
	CHECK_NO_LEAKS();
}
