/* pulumi_summary.h - the change counts the way `pulumi preview` prints them.
 *
 *   Resources:
 *       + 3 to create
 *       ~ 1 to update
 *       +-1 to replace
 *       - 2 to delete
 *       7 changes. 15 unchanged
 *
 * Counts are of the intended changes in the plan (the steps of one
 * resource folded into one change, as Pulumi counts them); "unchanged"
 * is the `same` count the preview itself reported when it has one (a
 * default preview leaves its unchanged resources out), else the number
 * of unchanged resources in the plan.
 */
#ifndef SIGNOFF_PULUMI_SUMMARY_H
#define SIGNOFF_PULUMI_SUMMARY_H

#include <stddef.h>

#include "buf.h"
#include "plan.h"

struct pulumi_counts {
	size_t create, update, replace, del, import, read, forget, other;
	size_t changes;     /* all of the above */
	size_t kinds;       /* how many of them are not zero */
	size_t unchanged;
};

void pulumi_count(const struct plan *plan, struct pulumi_counts *n);

/* Appends "\nResources:\n..." for the plan (any source; meant for Pulumi). */
void render_pulumi_summary(struct buf *out, const struct plan *plan);

#endif
