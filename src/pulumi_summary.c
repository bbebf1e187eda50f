/* pulumi_summary.c - the change counts the way `pulumi preview` prints them. */
#include "pulumi_summary.h"

#include <stdlib.h>
#include <string.h>

#include "value.h"

/* A count from the preview's own changeSummary ({"same": 15, ...}). */
static bool
summary_count(const struct plan *plan, const char *op, size_t *out)
{
	const struct value *v = value_get(plan_section_value(plan, "changeSummary"), op);
	char *end;
	unsigned long long n;

	if (v->kind != VALUE_NUMBER || !v->len || v->u.str[0] == '-')
		return false;
	n = strtoull(v->u.str, &end, 10);
	if (*end)
		return false;
	*out = (size_t)n;
	return true;
}

void
pulumi_count(const struct plan *plan, struct pulumi_counts *n)
{
	size_t i, same = 0, *slots[7];

	memset(n, 0, sizeof(*n));
	for (i = 0; i < plan_change_count(plan); i++) {
		const struct plan_change *c = plan_change_at(plan, i);

		if (c->section == PLAN_SECTION_CONTEXT) {
			same++;
			continue;
		}
		if (c->section != PLAN_SECTION_CHANGE)
			continue;
		switch (c->action) {
		case PLAN_ACTION_CREATE:
			n->create++;
			break;
		case PLAN_ACTION_UPDATE:
			n->update++;
			break;
		case PLAN_ACTION_REPLACE:
			n->replace++;
			break;
		case PLAN_ACTION_DELETE:
			n->del++;
			break;
		case PLAN_ACTION_IMPORT:
			n->import++;
			break;
		case PLAN_ACTION_READ:
			n->read++;
			break;
		case PLAN_ACTION_FORGET:
			n->forget++;
			break;
		case PLAN_ACTION_NOOP:
		case PLAN_ACTION_MOVE:
			same++;
			break;
		default:
			n->other++;
			break;
		}
	}
	slots[0] = &n->create;
	slots[1] = &n->update;
	slots[2] = &n->replace;
	slots[3] = &n->del;
	slots[4] = &n->import;
	slots[5] = &n->read;
	slots[6] = &n->forget;
	for (i = 0; i < 7; i++) {
		n->changes += *slots[i];
		n->kinds += *slots[i] != 0;
	}
	n->changes += n->other;
	n->kinds += n->other != 0;
	if (!summary_count(plan, "same", &n->unchanged))
		n->unchanged = same;
}

void
render_pulumi_summary(struct buf *out, const struct plan *plan)
{
	static const struct {
		const char *marker, *words;
	} lines[] = {
		{ "+ ", "to create" }, { "~ ", "to update" }, { "+-", "to replace" },
		{ "- ", "to delete" }, { "= ", "to import" }, { "> ", "to read" },
		{ "/ ", "to forget" }, { "? ", "other changes" },
	};
	struct pulumi_counts n;
	size_t counts[8], i;

	pulumi_count(plan, &n);
	counts[0] = n.create;
	counts[1] = n.update;
	counts[2] = n.replace;
	counts[3] = n.del;
	counts[4] = n.import;
	counts[5] = n.read;
	counts[6] = n.forget;
	counts[7] = n.other;
	buf_addstr(out, "\nResources:\n");
	for (i = 0; i < 8; i++)
		if (counts[i])
			buf_addf(out, "    %s%zu %s\n", lines[i].marker, counts[i], lines[i].words);
	if (n.kinds > 1 && n.unchanged)
		buf_addf(out, "    %zu changes. %zu unchanged\n", n.changes, n.unchanged);
	else if (n.kinds > 1)
		buf_addf(out, "    %zu changes\n", n.changes);
	else if (n.unchanged)
		buf_addf(out, "    %zu unchanged\n", n.unchanged);
	else if (!n.changes)
		buf_addstr(out, "    no changes\n");
}
