/* tree.c - grouping, ordering, filtering and folding of changes. */
#include "tree.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "str.h"
#include "xalloc.h"

#define MAX_GROUP_DEPTH 256
#define FOLD_ABOVE 500           /* start folded when more changes than this */

static const char drift_label[] = "changed outside Terraform (drift)";
static const char deferred_label[] = "deferred to a later plan";
static const char outputs_label[] = "outputs";

/* ---- group map ---- */

static size_t
gmap_slot(const struct ui_tree *t, const char *key)
{
	return (size_t)(mem_hash(key, strlen(key)) & (t->gmap_cap - 1));
}

static int32_t
group_find(const struct ui_tree *t, const char *key)
{
	size_t s = gmap_slot(t, key);

	while (t->gmap[s]) {
		const struct ui_group *g = &t->groups[t->gmap[s] - 1];

		if (g->kind == UI_GROUP_PLAIN && strcmp(g->key, key) == 0)
			return (int32_t)(t->gmap[s] - 1);
		s = (s + 1) & (t->gmap_cap - 1);
	}
	return -1;
}

static void
gmap_insert(struct ui_tree *t, const char *key, size_t index)
{
	size_t s;

	if ((t->ngroups + 1) * 2 > t->gmap_cap) {
		uint32_t *old = t->gmap;
		size_t oldcap = t->gmap_cap, i;

		t->gmap_cap = t->gmap_cap ? t->gmap_cap * 2 : 64;
		t->gmap = xcalloc(t->gmap_cap, sizeof(*t->gmap));
		for (i = 0; i < oldcap; i++)
			if (old[i]) {
				s = gmap_slot(t, t->groups[old[i] - 1].key);
				while (t->gmap[s])
					s = (s + 1) & (t->gmap_cap - 1);
				t->gmap[s] = old[i];
			}
		mem_free(old);
	}
	s = gmap_slot(t, key);
	while (t->gmap[s])
		s = (s + 1) & (t->gmap_cap - 1);
	t->gmap[s] = (uint32_t)index + 1;
}

static size_t
group_add(struct ui_tree *t, const char *key, const char *label, enum ui_group_kind kind,
	  int32_t parent)
{
	struct ui_group *g;
	size_t i = t->ngroups;

	XGROW(t->groups, &t->cgroups, t->ngroups + 1);
	g = &t->groups[t->ngroups++];
	memset(g, 0, sizeof(*g));
	g->key = key;
	g->label = label;
	g->kind = kind;
	g->parent = parent;
	g->max_severity = -1;
	if (parent >= 0) {
		struct ui_group *p = &t->groups[parent];

		g->depth = (uint16_t)(p->depth + 1);
		XGROW(p->groups, &p->cgroups, p->ngroups + 1);
		p->groups[p->ngroups++] = (uint32_t)i;
	}
	if (kind == UI_GROUP_PLAIN)
		gmap_insert(t, key, i);
	return i;
}

/* ---- how each source nests groups ---- */

/* Terraform: the length of the parent module path of `key` (the part
 * before the last ".module." outside brackets and quotes), or 0. */
static size_t
tf_parent_len(const char *key)
{
	size_t i, last = 0;
	int depth = 0;
	bool quoted = false;

	for (i = 0; key[i]; i++) {
		char c = key[i];

		if (quoted) {
			if (c == '\\' && key[i + 1])
				i++;
			else if (c == '"')
				quoted = false;
			continue;
		}
		if (c == '"')
			quoted = true;
		else if (c == '[')
			depth++;
		else if (c == ']' && depth > 0)
			depth--;
		else if (c == '.' && depth == 0 && strncmp(key + i, ".module.", 8) == 0)
			last = i;
	}
	return last;
}

/* Pulumi: an address is "parent-type$type::name"; the label is from
 * the last '$' before the first "::". */
static size_t
pulumi_skip(const char *address)
{
	const char *sep = strstr(address, "::");
	size_t i, end = sep ? (size_t)(sep - address) : strlen(address), skip = 0;

	for (i = 0; i < end; i++)
		if (address[i] == '$')
			skip = i + 1;
	return skip;
}

static const char *
parent_key(struct ui_tree *t, const char *key)
{
	switch (plan_source_kind(t->plan)) {
	case PLAN_SOURCE_TERRAFORM: {
		size_t n = tf_parent_len(key);

		return n ? arena_strndup(&t->arena, key, n) : "";
	}
	case PLAN_SOURCE_PULUMI: {
		const struct plan_change *owner = plan_find_change(t->plan, key, -1);

		return owner ? owner->group : "";
	}
	case PLAN_SOURCE_MANIFESTS:
		break;
	}
	return "";
}

static const char *
group_label(struct ui_tree *t, const char *key)
{
	switch (plan_source_kind(t->plan)) {
	case PLAN_SOURCE_TERRAFORM: {
		size_t n = tf_parent_len(key);

		return n ? key + n + 1 : key;
	}
	case PLAN_SOURCE_PULUMI: {
		const struct plan_change *owner = plan_find_change(t->plan, key, -1);

		return owner ? owner->address + pulumi_skip(owner->address)
			     : key + pulumi_skip(key);
	}
	case PLAN_SOURCE_MANIFESTS:
		break;
	}
	return key;
}

/* The group for a key, creating it and its ancestors. */
static size_t
group_get(struct ui_tree *t, const char *key)
{
	const char *chain[MAX_GROUP_DEPTH];
	size_t n = 0, i;
	int32_t found, parent = 0;

	if (!*key)
		return 0;
	found = group_find(t, key);
	if (found >= 0)
		return (size_t)found;
	/* walk up until a known group (or the root) */
	chain[n++] = key;
	for (;;) {
		const char *p = parent_key(t, chain[n - 1]);
		bool loop = false;

		if (!p)
			die("out of memory");
		if (!*p)
			break;
		found = group_find(t, p);
		if (found >= 0) {
			parent = found;
			break;
		}
		for (i = 0; i < n; i++)
			if (strcmp(chain[i], p) == 0)
				loop = true;
		if (loop || n == MAX_GROUP_DEPTH)
			break;      /* a cycle, or absurdly deep: hang it off the root */
		chain[n++] = p;
	}
	while (n--) {
		found = group_find(t, chain[n]);
		if (found >= 0) {
			parent = found;
			continue;
		}
		parent = (int32_t)group_add(t, chain[n], group_label(t, chain[n]), UI_GROUP_PLAIN,
					    parent);
	}
	return (size_t)parent;
}

/* ---- building ---- */

struct keyed {
	const char *key;
	uint32_t index;
	int synthetic;
};

/* Natural order: runs of digits compare as numbers, so module.m2 comes
 * before module.m10 (then plain byte order breaks ties). */
static int
natural_cmp(const char *a, const char *b)
{
	const char *x = a, *y = b;

	while (*x && *y) {
		if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
			const char *xs = x, *ys = y;
			size_t xl, yl;

			while (*xs == '0' && xs[1] >= '0' && xs[1] <= '9')
				xs++;
			while (*ys == '0' && ys[1] >= '0' && ys[1] <= '9')
				ys++;
			for (x = xs; *x >= '0' && *x <= '9'; x++)
				;
			for (y = ys; *y >= '0' && *y <= '9'; y++)
				;
			xl = (size_t)(x - xs);
			yl = (size_t)(y - ys);
			if (xl != yl)
				return xl < yl ? -1 : 1;
			if (memcmp(xs, ys, xl) != 0)
				return memcmp(xs, ys, xl);
			continue;
		}
		if (*x != *y)
			return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
		x++;
		y++;
	}
	if (*x || *y)
		return *x ? 1 : -1;
	return strcmp(a, b);
}

static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->synthetic != y->synthetic)
		return x->synthetic - y->synthetic;
	return natural_cmp(x->key, y->key);
}

static void
sort_subgroups(struct ui_tree *t)
{
	struct keyed *tmp = NULL;
	size_t cap = 0, g, i;

	for (g = 0; g < t->ngroups; g++) {
		struct ui_group *grp = &t->groups[g];

		if (grp->ngroups < 2)
			continue;
		XGROW(tmp, &cap, grp->ngroups);
		for (i = 0; i < grp->ngroups; i++) {
			const struct ui_group *c = &t->groups[grp->groups[i]];

			tmp[i].key = c->key;
			tmp[i].index = grp->groups[i];
			tmp[i].synthetic = (int)c->kind;
		}
		qsort(tmp, grp->ngroups, sizeof(*tmp), keyed_cmp);
		for (i = 0; i < grp->ngroups; i++)
			grp->groups[i] = tmp[i].index;
	}
	mem_free(tmp);
}

static void
group_add_change(struct ui_tree *t, size_t g, size_t change)
{
	struct ui_group *grp = &t->groups[g];

	XGROW(grp->changes, &grp->cchanges, grp->nchanges + 1);
	grp->changes[grp->nchanges++] = (uint32_t)change;
	t->group_of[change] = (int32_t)g;
}

struct frame {
	uint32_t group;
	size_t next;      /* position: changes first, then subgroups */
};

static void
compute_order(struct ui_tree *t)
{
	struct frame *stack = NULL;
	size_t cap = 0, n = 0;

	t->norder = 0;
	t->groups[0].first_order = 0;
	XGROW(stack, &cap, 1);
	stack[n].group = 0;
	stack[n].next = 0;
	n++;
	while (n) {
		struct frame *f = &stack[n - 1];
		const struct ui_group *g = &t->groups[f->group];

		if (f->next < g->nchanges) {
			uint32_t c = g->changes[f->next++];

			t->order_of[c] = (uint32_t)t->norder;
			t->order[t->norder++] = c;
		} else if (f->next < g->nchanges + g->ngroups) {
			uint32_t sub = g->groups[f->next++ - g->nchanges];

			/* preorder: a group's changes are the next ones */
			t->groups[sub].first_order = (uint32_t)t->norder;
			XGROW(stack, &cap, n + 1);
			stack[n].group = sub;
			stack[n].next = 0;
			n++;
		} else {
			n--;
		}
	}
	mem_free(stack);
}

void
ui_tree_init(struct ui_tree *t, const struct plan *plan)
{
	size_t i, n = plan_change_count(plan);
	int32_t drift_group = -1, deferred_group = -1;

	memset(t, 0, sizeof(*t));
	t->plan = plan;
	t->nchanges = n;
	t->filter.min_severity = -1;
	t->group_of = xmalloc((n + 1) * sizeof(*t->group_of));
	t->drift_of = xmalloc((n + 1) * sizeof(*t->drift_of));
	t->order_of = xcalloc(n + 1, sizeof(*t->order_of));
	t->row_of = xmalloc((n + 1) * sizeof(*t->row_of));
	t->pass = xcalloc(n + 1, 1);
	t->reviewed = xcalloc(n + 1, 1);
	t->severity = xmalloc(n + 1);
	t->order = xmalloc((n + 1) * sizeof(*t->order));
	for (i = 0; i < n; i++) {
		t->group_of[i] = -1;
		t->drift_of[i] = -1;
		t->row_of[i] = -1;
		t->severity[i] = -1;
	}
	group_add(t, "", "", UI_GROUP_PLAIN, -1);
	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(plan, i);

		if (c->section == PLAN_SECTION_CHANGE)
			group_add_change(t, group_get(t, c->group), i);
	}
	/* drift: a badge on the change with the same address, else its own group */
	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(plan, i);
		const struct plan_change *twin;

		if (c->section != PLAN_SECTION_DRIFT || c->action == PLAN_ACTION_NOOP)
			continue;
		twin = plan_find_change(plan, c->address, PLAN_SECTION_CHANGE);
		if (twin && twin->action != PLAN_ACTION_NOOP && t->drift_of[twin->index] < 0) {
			t->drift_of[twin->index] = (int32_t)i;
			continue;
		}
		if (drift_group < 0)
			drift_group = (int32_t)group_add(t, "\001drift", drift_label,
							 UI_GROUP_DRIFT, 0);
		group_add_change(t, (size_t)drift_group, i);
	}
	for (i = 0; i < n; i++) {
		const struct plan_change *c = plan_change_at(plan, i);

		if (c->section != PLAN_SECTION_DEFERRED)
			continue;
		if (deferred_group < 0)
			deferred_group = (int32_t)group_add(t, "\001deferred", deferred_label,
							    UI_GROUP_DEFERRED, 0);
		group_add_change(t, (size_t)deferred_group, i);
	}
	t->outputs_group = -1;
	for (i = 0; i < plan_output_count(plan); i++)
		if (plan_output_at(plan, i)->action != PLAN_ACTION_NOOP)
			t->outputs_changed++;
	if (t->outputs_changed)
		t->outputs_group = (int32_t)group_add(t, "\001outputs", outputs_label,
						      UI_GROUP_OUTPUTS, 0);
	sort_subgroups(t);
	compute_order(t);
	for (i = 0; i < n; i++)
		if (ui_tree_is_reviewable(t, i))
			t->reviewable++;
	ui_tree_rebuild(t);
	if (t->shown > FOLD_ABOVE) {
		ui_tree_fold_all(t, true);
		ui_tree_rebuild_rows(t);
	}
}

void
ui_tree_release(struct ui_tree *t)
{
	size_t g;

	for (g = 0; g < t->ngroups; g++) {
		mem_free(t->groups[g].changes);
		mem_free(t->groups[g].groups);
	}
	mem_free(t->groups);
	mem_free(t->gmap);
	mem_free(t->group_of);
	mem_free(t->drift_of);
	mem_free(t->order_of);
	mem_free(t->row_of);
	mem_free(t->pass);
	mem_free(t->reviewed);
	mem_free(t->severity);
	mem_free(t->order);
	mem_free(t->rows);
	mem_free(t->filter.types);
	mem_free(t->filter.module);
	arena_release(&t->arena);
	memset(t, 0, sizeof(*t));
}

/* ---- filters ---- */

bool
ui_tree_is_reviewable(const struct ui_tree *t, size_t change)
{
	const struct plan_change *c = plan_change_at(t->plan, change);

	if (!c || t->group_of[change] < 0)
		return false;
	return c->action != PLAN_ACTION_NOOP || (c->flags & PLAN_CHANGE_PLANNED_ONLY);
}

static bool
types_match(const char *list, const char *type)
{
	const char *p = list;

	while (*p) {
		char pat[256];
		size_t n = strcspn(p, ", ");

		if (n && n < sizeof(pat)) {
			memcpy(pat, p, n);
			pat[n] = '\0';
			if (str_glob_match(pat, type))
				return true;
		}
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return false;
}

/* "module.network[\"k\"]" -> "network" */
static void
segment_name(const char *label, const char **name, size_t *len)
{
	const char *s = label, *e;

	if (strncmp(s, "module.", 7) == 0)
		s += 7;
	e = s;
	while (*e && *e != '[')
		e++;
	*name = s;
	*len = (size_t)(e - s);
}

static bool
group_self_matches(const struct ui_group *g, const char *pattern)
{
	const char *name;
	size_t len;
	bool glob = strpbrk(pattern, "*?") != NULL;

	if (g->kind != UI_GROUP_PLAIN || !*g->key)
		return false;
	segment_name(g->label, &name, &len);
	if (glob) {
		char tmp[512];

		if (str_glob_match(pattern, g->key) || str_glob_match(pattern, g->label))
			return true;
		if (len < sizeof(tmp)) {
			memcpy(tmp, name, len);
			tmp[len] = '\0';
			return str_glob_match(pattern, tmp);
		}
		return false;
	}
	if (strcmp(pattern, g->key) == 0 || strcmp(pattern, g->label) == 0)
		return true;
	if (strlen(pattern) == len && memcmp(pattern, name, len) == 0)
		return true;
	/* the name after the last "::" (Pulumi) */
	{
		const char *sep = strstr(g->label, "::");

		return sep && strcmp(sep + 2, pattern) == 0;
	}
}

bool
ui_tree_passes(const struct ui_tree *t, size_t change)
{
	const struct plan_change *c = plan_change_at(t->plan, change);
	const struct ui_filter *f = &t->filter;

	if (!c || t->group_of[change] < 0)
		return false;
	if (f->actions) {
		if (!(f->actions & (1u << c->action)))
			return false;
	} else if (c->action == PLAN_ACTION_NOOP && !(c->flags & PLAN_CHANGE_PLANNED_ONLY)) {
		return false;
	}
	if (f->types && !types_match(f->types, c->type))
		return false;
	if (f->min_severity >= 0 && t->severity[change] < f->min_severity)
		return false;
	if (f->unreviewed_only && t->reviewed[change])
		return false;
	return true;
}

void
ui_tree_filter_clear(struct ui_tree *t)
{
	mem_free(t->filter.types);
	mem_free(t->filter.module);
	memset(&t->filter, 0, sizeof(t->filter));
	t->filter.min_severity = -1;
}

void
ui_tree_filter_describe(const struct ui_tree *t, struct buf *out)
{
	const struct ui_filter *f = &t->filter;
	size_t start = out->len;
	int a;

	if (f->actions) {
		bool first = true;

		buf_addstr(out, "action ");
		for (a = 0; a < PLAN_ACTION_COUNT; a++)
			if (f->actions & (1u << a)) {
				if (!first)
					buf_addch(out, ',');
				buf_addstr(out, plan_action_key((enum plan_action)a));
				first = false;
			}
	}
	if (f->types) {
		if (out->len > start)
			buf_addstr(out, "; ");
		buf_addstr(out, "type ");
		str_escape(out, f->types, strlen(f->types), STR_ESCAPE_CONTROLS);
	}
	if (f->module) {
		if (out->len > start)
			buf_addstr(out, "; ");
		buf_addstr(out, "module ");
		str_escape(out, f->module, strlen(f->module), STR_ESCAPE_CONTROLS);
	}
	if (f->min_severity >= 0) {
		static const char *const sev[] = { "info", "low", "medium", "high", "critical" };

		if (out->len > start)
			buf_addstr(out, "; ");
		buf_addf(out, "findings %s+", f->min_severity < 5 ? sev[f->min_severity] : "?");
	}
	if (f->unreviewed_only) {
		if (out->len > start)
			buf_addstr(out, "; ");
		buf_addstr(out, "unreviewed");
	}
}

/* ---- rebuilding ---- */

void
ui_tree_rebuild(struct ui_tree *t)
{
	bool *module_ok = NULL;
	size_t g, i;

	if (t->filter.module) {
		module_ok = xcalloc(t->ngroups, sizeof(*module_ok));
		/* parents come before children in creation order */
		for (g = 1; g < t->ngroups; g++) {
			const struct ui_group *grp = &t->groups[g];

			module_ok[g] = group_self_matches(grp, t->filter.module) ||
				       (grp->parent > 0 && module_ok[grp->parent]);
		}
	}
	for (g = 0; g < t->ngroups; g++) {
		struct ui_group *grp = &t->groups[g];

		grp->shown = grp->reviewed = 0;
		grp->max_severity = -1;
		memset(grp->by_action, 0, sizeof(grp->by_action));
	}
	t->shown = 0;
	t->reviewed_count = 0;
	for (i = 0; i < t->nchanges; i++) {
		const struct plan_change *c;
		struct ui_group *grp;

		t->pass[i] = 0;
		if (t->group_of[i] < 0)
			continue;
		if (t->reviewed[i] && ui_tree_is_reviewable(t, i))
			t->reviewed_count++;
		if (!ui_tree_passes(t, i))
			continue;
		if (module_ok && !module_ok[t->group_of[i]])
			continue;
		t->pass[i] = 1;
		c = plan_change_at(t->plan, i);
		grp = &t->groups[t->group_of[i]];
		grp->shown++;
		grp->by_action[c->action]++;
		if (t->reviewed[i])
			grp->reviewed++;
		if (t->severity[i] > grp->max_severity)
			grp->max_severity = t->severity[i];
		t->shown++;
	}
	/* children after parents: fold the counts upwards */
	for (g = t->ngroups; g-- > 1;) {
		struct ui_group *grp = &t->groups[g], *p = &t->groups[grp->parent];
		int a;

		p->shown += grp->shown;
		p->reviewed += grp->reviewed;
		for (a = 0; a < PLAN_ACTION_COUNT; a++)
			p->by_action[a] += grp->by_action[a];
		if (grp->max_severity > p->max_severity)
			p->max_severity = grp->max_severity;
	}
	mem_free(module_ok);
	ui_tree_rebuild_rows(t);
}

bool
ui_tree_outputs_shown(const struct ui_tree *t)
{
	const struct ui_filter *f = &t->filter;

	return t->outputs_changed && !f->actions && !f->types && !f->module &&
	       f->min_severity < 0 && !f->unreviewed_only;
}

void
ui_tree_rebuild_rows(struct ui_tree *t)
{
	struct frame *stack = NULL;
	size_t cap = 0, n = 0, i;

	t->nrows = 0;
	for (i = 0; i < t->nchanges; i++)
		t->row_of[i] = -1;
	XGROW(stack, &cap, 1);
	stack[n].group = 0;
	stack[n].next = 0;
	n++;
	while (n) {
		struct frame *f = &stack[n - 1];
		const struct ui_group *grp = &t->groups[f->group];

		if (f->next < grp->nchanges) {
			uint32_t c = grp->changes[f->next++];
			struct ui_row *r;

			if (!t->pass[c])
				continue;
			XGROW(t->rows, &t->crows, t->nrows + 1);
			r = &t->rows[t->nrows];
			r->kind = UI_ROW_CHANGE;
			r->depth = grp->depth;
			r->index = c;
			t->row_of[c] = (int32_t)t->nrows++;
		} else if (f->next < grp->nchanges + grp->ngroups) {
			uint32_t sub = grp->groups[f->next++ - grp->nchanges];
			const struct ui_group *sg = &t->groups[sub];
			struct ui_row *r;

			if (!sg->shown && !(sg->kind == UI_GROUP_OUTPUTS && ui_tree_outputs_shown(t)))
				continue;
			XGROW(t->rows, &t->crows, t->nrows + 1);
			r = &t->rows[t->nrows++];
			r->kind = UI_ROW_GROUP;
			r->depth = (uint16_t)(sg->depth - 1);
			r->index = sub;
			if (sg->folded)
				continue;
			if (sg->kind == UI_GROUP_OUTPUTS) {
				size_t o;

				for (o = 0; o < plan_output_count(t->plan); o++) {
					if (plan_output_at(t->plan, o)->action == PLAN_ACTION_NOOP)
						continue;
					XGROW(t->rows, &t->crows, t->nrows + 1);
					r = &t->rows[t->nrows++];
					r->kind = UI_ROW_OUTPUT;
					r->depth = sg->depth;
					r->index = (uint32_t)o;
				}
				continue;
			}
			XGROW(stack, &cap, n + 1);
			stack[n].group = sub;
			stack[n].next = 0;
			n++;
		} else {
			n--;
		}
	}
	mem_free(stack);
}

/* ---- labels, folds, marks ---- */

const char *
ui_tree_change_label(const struct ui_tree *t, size_t change, size_t *len)
{
	const struct plan_change *c = plan_change_at(t->plan, change);
	const char *a = c->address;
	size_t skip = 0, gl = strlen(c->group);

	switch (plan_source_kind(t->plan)) {
	case PLAN_SOURCE_TERRAFORM:
		if (gl && strncmp(a, c->group, gl) == 0 && a[gl] == '.')
			skip = gl + 1;
		break;
	case PLAN_SOURCE_PULUMI:
		skip = pulumi_skip(a);
		break;
	case PLAN_SOURCE_MANIFESTS:
		break;
	}
	if (len)
		*len = strlen(a + skip);
	return a + skip;
}

size_t
ui_tree_output_position(const struct ui_tree *t, size_t output)
{
	return t->norder + output;
}

size_t
ui_tree_row_position(const struct ui_tree *t, size_t row, bool *exact)
{
	const struct ui_row *r;

	*exact = false;
	if (row >= t->nrows)
		return t->nrows ? ui_tree_output_position(t, plan_output_count(t->plan)) : 0;
	r = &t->rows[row];
	switch ((enum ui_row_kind)r->kind) {
	case UI_ROW_CHANGE:
		*exact = true;
		return t->order_of[r->index];
	case UI_ROW_OUTPUT:
		*exact = true;
		return ui_tree_output_position(t, r->index);
	case UI_ROW_GROUP:
		break;
	}
	return t->groups[r->index].first_order;
}

void
ui_tree_set_folded(struct ui_tree *t, size_t group, bool folded)
{
	if (group > 0 && group < t->ngroups)
		t->groups[group].folded = folded;
}

void
ui_tree_fold_all(struct ui_tree *t, bool folded)
{
	size_t g;

	for (g = 1; g < t->ngroups; g++)
		t->groups[g].folded = folded;
}

void
ui_tree_unfold_to(struct ui_tree *t, size_t change)
{
	int32_t g;

	if (change >= t->nchanges)
		return;
	for (g = t->group_of[change]; g > 0; g = t->groups[g].parent)
		t->groups[g].folded = false;
}

void
ui_tree_set_reviewed(struct ui_tree *t, size_t change, bool on)
{
	if (change < t->nchanges)
		t->reviewed[change] = on;
}

void
ui_tree_mark(struct ui_tree *t, size_t change, bool on)
{
	int32_t g;

	if (change >= t->nchanges || t->group_of[change] < 0 || !t->reviewed[change] == !on)
		return;
	t->reviewed[change] = on;
	if (t->filter.unreviewed_only) {
		ui_tree_rebuild(t);
		return;
	}
	if (ui_tree_is_reviewable(t, change)) {
		if (on)
			t->reviewed_count++;
		else
			t->reviewed_count--;
	}
	if (!t->pass[change])
		return;
	for (g = t->group_of[change]; g >= 0; g = t->groups[g].parent) {
		if (on)
			t->groups[g].reviewed++;
		else
			t->groups[g].reviewed--;
	}
}
