/* cmd_blast.c - `signoff blast SOURCE [ADDRESS] [--depth N]
 * [--format text|json|dot] [--order] [--top N]`.
 *
 * With ADDRESS: what depends on it, transitively, as a tree whose every
 * line says why (the edge to its parent), whether the dependent changes
 * too, and the blast score.  Without: the change set's score and its
 * riskiest changes.  With --order: the planned actions in dependency
 * order, cycles reported.  Every string from the plan is escaped; no value
 * is ever printed, only addresses and attribute names.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "mem.h"
#include <string.h>

#include "cli.h"
#include "graph.h"
#include "jsonw.h"
#include "str.h"

#define BLAST_JSON_SCHEMA "signoff.blast/v1"
#define SUMMARY_JSON_SCHEMA "signoff.blast-summary/v1"
#define ORDER_JSON_SCHEMA "signoff.order/v1"
#define TREE_MAX_INDENT 16     /* deeper lines show their depth instead */
#define FLUSH_AT (64 * 1024)

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_DIM "\033[2m"

enum blast_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_DOT };

struct out {
	struct buf b;
	FILE *f;
	bool color, ascii;
	bool failed;
};

static void
flush(struct out *o, bool force)
{
	if (buf_failed(&o->b)) {
		o->failed = true;
		return;
	}
	if (!force && o->b.len < FLUSH_AT)
		return;
	if (o->b.len && fwrite(o->b.data, 1, o->b.len, o->f) != o->b.len)
		o->failed = true;
	buf_reset(&o->b);
}

static void
esc(struct buf *b, const char *s)
{
	str_escape(b, s, strlen(s), STR_ESCAPE_CONTROLS);
}

static void
color(struct out *o, const char *code)
{
	if (o->color)
		buf_addstr(&o->b, code);
}

static const char *
action_color(const struct plan_change *c)
{
	if (!plan_change_is_actionable(c))
		return C_DIM;
	switch (c->action) {
	case PLAN_ACTION_DELETE:
	case PLAN_ACTION_REPLACE:
		return C_RED;
	case PLAN_ACTION_CREATE:
		return C_GREEN;
	default:
		return C_YELLOW;
	}
}

/* "replace", "no change" (unchanged), "drift: update"... */
static void
action_words(struct buf *b, const struct plan_change *c)
{
	if (c->section == PLAN_SECTION_DRIFT)
		buf_addstr(b, "drift, ");
	else if (c->section == PLAN_SECTION_DEFERRED)
		buf_addstr(b, "deferred, ");
	if (!plan_change_is_actionable(c) && c->section != PLAN_SECTION_DRIFT)
		buf_addstr(b, "no change");
	else
		buf_addstr(b, plan_action_key(c->action));
}

/* "reference subnet_id via var.x" / "selector (its spec.podSelector)". */
static void
why_text(struct buf *b, const struct graph_edge *e)
{
	struct buf t = BUF_INIT;

	graph_edge_describe(&t, e);
	if (buf_failed(&t))
		b->failed = true;
	else
		esc(b, t.data);
	buf_release(&t);
}

/* ---- blast of one address ---- */

static void
text_node(struct out *o, const struct plan_change *c)
{
	color(o, action_color(c));
	buf_addstr(&o->b, plan_action_marker(plan_change_is_actionable(c) ? c->action
									   : PLAN_ACTION_NOOP,
					     o->ascii));
	buf_addch(&o->b, ' ');
	esc(&o->b, plan_change_key(c));
	color(o, C_RESET);
	buf_addstr(&o->b, " (");
	action_words(&o->b, c);
	buf_addch(&o->b, ')');
}

/* When the graph left edges out (see graph.h), say so. */
static void
dropped_note(struct out *o, const struct graph *g)
{
	if (graph_dropped_edge_count(g))
		buf_addf(&o->b,
			 "Note: the graph stopped at %zu links, its limit for a plan this size, "
			 "and left out %zu or more: dependents may be missing.\n",
			 graph_edge_count(g), graph_dropped_edge_count(g));
}

static void
blast_text(struct out *o, const struct graph *g, const struct graph_blast *b)
{
	const struct plan *plan = graph_plan(g);
	const struct plan_change *root = plan_change_at(plan, b->root);
	char score[64];
	bool *last = NULL, *open = NULL;
	uint32_t *flag_depth = NULL;
	size_t i, maxset = 0;

	graph_score_format(score, sizeof(score), b->score);
	color(o, C_BOLD);
	text_node(o, root);
	color(o, C_RESET);
	buf_addch(&o->b, '\n');
	dropped_note(o, g);
	if (!b->count) {
		buf_addf(&o->b, "Nothing depends on it; blast score %s.\n", score);
		return;
	}
	buf_addf(&o->b, "%zu resource%s depend%s on it (%zu changing, %zu unchanged", b->count,
		 b->count == 1 ? "" : "s", b->count == 1 ? "s" : "", b->changing,
		 b->count - b->changing);
	if (b->weak)
		buf_addf(&o->b, ", %zu only through a weak link", b->weak);
	buf_addf(&o->b, "), up to %u edge%s away%s; blast score %s.\n", b->max_dist,
		 b->max_dist == 1 ? "" : "s", b->truncated ? " (cut at --depth)" : "", score);
	/* last[i]: tree[i] is the last child of its parent (backward scan) */
	last = mem_calloc(b->count, sizeof(*last));
	open = mem_calloc(TREE_MAX_INDENT + 1, sizeof(*open));
	flag_depth = mem_calloc((size_t)b->max_dist + 2, sizeof(*flag_depth));
	if (!last || !open || !flag_depth) {
		o->failed = true;
		goto out;
	}
	/* flag_depth[d]: a later line at depth d shares this line's parent;
	 * a shallower line closes the deeper groups (amortised linear) */
	for (i = b->count; i-- > 0;) {
		uint32_t d = b->deps[b->tree[i]].dist;
		size_t k;

		last[i] = !flag_depth[d];
		flag_depth[d] = 1;
		for (k = (size_t)d + 1; k <= maxset; k++)
			flag_depth[k] = 0;
		maxset = d;
	}
	for (i = 0; i < b->count; i++) {
		const struct graph_dependent *d = &b->deps[b->tree[i]];
		const struct graph_edge *e = graph_edge_at(g, d->edge);
		uint32_t depth = d->dist, k;

		if (depth <= TREE_MAX_INDENT)
			open[depth] = !last[i];
		for (k = 1; k < depth && k <= TREE_MAX_INDENT; k++)
			buf_addstr(&o->b, open[k] ? (o->ascii ? "|  " : "│  ") : "   ");
		if (depth > TREE_MAX_INDENT)
			buf_addf(&o->b, "[%u] ", depth);
		buf_addstr(&o->b, o->ascii ? (last[i] ? "`- " : "|- ")
					   : (last[i] ? "└─ " : "├─ "));
		text_node(o, plan_change_at(plan, d->node));
		buf_addstr(&o->b, o->ascii ? " <- " : " ← ");
		why_text(&o->b, e);
		buf_addch(&o->b, '\n');
		flush(o, false);
	}
out:
	mem_free(last);
	mem_free(open);
	mem_free(flag_depth);
}

static void
json_change(struct jsonw *w, const struct plan_change *c)
{
	jsonw_kv_string(w, "address", plan_change_key(c));
	jsonw_kv_string(w, "type", c->type);
	jsonw_kv_string(w, "action", plan_action_key(c->action));
	jsonw_kv_string(w, "section", plan_section_name(c->section));
	jsonw_kv_bool(w, "changes", plan_change_is_actionable(c));
}

static void
json_score(struct jsonw *w, const char *key, double score)
{
	char s[64];

	graph_score_format(s, sizeof(s), score);
	jsonw_key(w, key);
	jsonw_raw(w, s, strlen(s));
}

static void
json_edge(struct jsonw *w, const struct graph *g, const struct graph_edge *e)
{
	const struct plan *plan = graph_plan(g);

	jsonw_begin_object(w);
	jsonw_kv_string(w, "from", plan_change_key(plan_change_at(plan, e->from)));
	jsonw_kv_string(w, "to", plan_change_key(plan_change_at(plan, e->to)));
	jsonw_kv_string(w, "kind", graph_edge_kind_key((enum graph_edge_kind)e->kind));
	jsonw_kv_string(w, "attr", e->attr);
	jsonw_kv_bool(w, "attr_on_target", (e->flags & GRAPH_EDGE_ATTR_ON_TARGET) != 0);
	jsonw_key(w, "via");
	jsonw_string(w, e->via);
	jsonw_kv_bool(w, "weak", (e->flags & GRAPH_EDGE_WEAK) != 0);
	jsonw_end_object(w);
}

static int jflush(struct out *o, struct jsonw *w, bool force);

/* A JSON document: {"schema": ..., "source": ..., ... } */
static void
json_open(struct jsonw *w, const char *schema, const struct plan *plan)
{
	jsonw_init(w, true);
	jsonw_begin_object(w);
	jsonw_kv_string(w, "schema", schema);
	jsonw_kv_string(w, "source", plan_path(plan));
}

static void
json_close(struct out *o, struct jsonw *w)
{
	jsonw_end_object(w);
	buf_addch(&w->out, '\n');
	jflush(o, w, true);
	jsonw_release(w);
}

static int
jflush(struct out *o, struct jsonw *w, bool force)
{
	if (buf_failed(&w->out)) {
		o->failed = true;
		return -1;
	}
	if ((force || w->out.len >= FLUSH_AT) && jsonw_flush(w, o->f) < 0)
		o->failed = true;
	return o->failed ? -1 : 0;
}

static void
blast_json(struct out *o, const struct graph *g, const struct graph_blast *b)
{
	const struct plan *plan = graph_plan(g);
	struct jsonw w;
	size_t i;

	json_open(&w, BLAST_JSON_SCHEMA, plan);
	jsonw_key(&w, "root");
	jsonw_begin_object(&w);
	json_change(&w, plan_change_at(plan, b->root));
	jsonw_end_object(&w);
	json_score(&w, "score", b->score);
	jsonw_kv_uint(&w, "count", b->count);
	jsonw_kv_uint(&w, "changing", b->changing);
	jsonw_kv_uint(&w, "weak", b->weak);
	jsonw_kv_uint(&w, "max_distance", b->max_dist);
	jsonw_kv_bool(&w, "truncated", b->truncated);
	jsonw_kv_uint(&w, "dropped_edges", graph_dropped_edge_count(g));
	jsonw_key(&w, "dependents");
	jsonw_begin_array(&w);
	for (i = 0; i < b->count && !o->failed; i++) {
		const struct graph_dependent *d = &b->deps[i];

		jsonw_begin_object(&w);
		json_change(&w, plan_change_at(plan, d->node));
		jsonw_kv_uint(&w, "distance", d->dist);
		jsonw_kv_bool(&w, "weak", d->weak);
		/* the next node toward the root and the edge to it: the path
		 * is the chain of these */
		jsonw_kv_string(&w, "next",
				plan_change_key(plan_change_at(plan, graph_edge_at(g, d->edge)->to)));
		jsonw_key(&w, "why");
		json_edge(&w, g, graph_edge_at(g, d->edge));
		jsonw_end_object(&w);
		jflush(o, &w, false);
	}
	jsonw_end_array(&w);
	json_close(o, &w);
}

/* DOT: text inside a quoted string, escaped for the terminal first. */
static void
dot_chars(struct buf *b, const char *s)
{
	struct buf e = BUF_INIT;
	size_t i;

	esc(&e, s);
	for (i = 0; i < e.len; i++) {
		if (e.data[i] == '"' || e.data[i] == '\\')
			buf_addch(b, '\\');
		buf_addch(b, e.data[i]);
	}
	if (buf_failed(&e))
		b->failed = true;
	buf_release(&e);
}

static const char *
dot_fill(const struct plan_change *c)
{
	if (!plan_change_is_actionable(c))
		return "#ffffff";
	switch (c->action) {
	case PLAN_ACTION_DELETE:
	case PLAN_ACTION_REPLACE:
		return "#f4cccc";
	case PLAN_ACTION_CREATE:
		return "#d9ead3";
	default:
		return "#fff2cc";
	}
}

static void
dot_node(struct buf *b, uint32_t id, const struct plan_change *c, bool root)
{
	buf_addf(b, "  n%u [label=\"", id);
	dot_chars(b, plan_change_key(c));
	buf_addstr(b, "\\n");
	action_words(b, c);
	buf_addf(b, "\", fillcolor=\"%s\"%s];\n", dot_fill(c), root ? ", penwidth=2" : "");
}

static void
dot_edge(struct buf *b, uint32_t from, uint32_t to, const struct graph_edge *e)
{
	struct buf label = BUF_INIT;

	buf_addstr(&label, graph_edge_kind_key((enum graph_edge_kind)e->kind));
	if (*e->attr && strcmp(e->attr, label.data) != 0) {
		buf_addch(&label, ' ');
		buf_addstr(&label, e->attr);
	}
	buf_addf(b, "  n%u -> n%u [label=\"", from, to);
	dot_chars(b, buf_failed(&label) ? "" : label.data);
	buf_addf(b, "\"%s];\n", (e->flags & GRAPH_EDGE_WEAK) ? ", style=dashed" : "");
	buf_release(&label);
}

static void
dot_begin(struct out *o, const char *name)
{
	buf_addf(&o->b, "digraph %s {\n  rankdir=RL;\n"
			"  node [shape=box, style=filled, fontname=\"monospace\"];\n"
			"  edge [fontname=\"monospace\", fontsize=10];\n",
		 name);
}

static void
blast_dot(struct out *o, const struct graph *g, const struct graph_blast *b)
{
	const struct plan *plan = graph_plan(g);
	size_t i;

	dot_begin(o, "blast");
	dot_node(&o->b, 0, plan_change_at(plan, b->root), true);
	for (i = 0; i < b->count; i++) {
		const struct graph_dependent *d = &b->deps[i];

		dot_node(&o->b, (uint32_t)i + 1, plan_change_at(plan, d->node), false);
		dot_edge(&o->b, (uint32_t)i + 1, d->parent == GRAPH_ROOT ? 0 : d->parent + 1,
			 graph_edge_at(g, d->edge));
		flush(o, false);
	}
	buf_addstr(&o->b, "}\n");
}

/* ---- the change set ---- */

static int
summary(struct out *o, const struct graph *g, enum blast_format fmt, size_t top,
	struct error *err)
{
	const struct plan *plan = graph_plan(g);
	struct graph_summary s;
	struct graph_rank_entry *r = NULL;
	size_t n = 0, i;
	char score[64];

	if (graph_summarize(g, &s, err) < 0 || graph_rank(g, top, &r, &n, err) < 0)
		return -1;
	if (fmt == FORMAT_JSON) {
		struct jsonw w;

		json_open(&w, SUMMARY_JSON_SCHEMA, plan);
		json_score(&w, "score", s.score);
		jsonw_kv_uint(&w, "changes", s.actionable);
		jsonw_kv_uint(&w, "affected", s.affected);
		jsonw_kv_uint(&w, "resources", graph_node_count(g));
		jsonw_kv_uint(&w, "edges", s.edges);
		jsonw_kv_uint(&w, "weak_edges", s.weak_edges);
		jsonw_kv_uint(&w, "cycles", s.cycles);
		jsonw_kv_uint(&w, "lost_locals", graph_lost_local_count(g));
		jsonw_kv_uint(&w, "dropped_edges", graph_dropped_edge_count(g));
		jsonw_key(&w, "riskiest");
		jsonw_begin_array(&w);
		for (i = 0; i < n; i++) {
			jsonw_begin_object(&w);
			json_change(&w, plan_change_at(plan, r[i].node));
			json_score(&w, "score", r[i].score);
			jsonw_kv_uint(&w, "dependents", r[i].dependents);
			jsonw_kv_uint(&w, "changing", r[i].changing);
			jsonw_kv_bool(&w, "estimated", r[i].estimated);
			jsonw_end_object(&w);
		}
		jsonw_end_array(&w);
		json_close(o, &w);
		free(r);
		return 0;
	}
	graph_score_format(score, sizeof(score), s.score);
	buf_addf(&o->b, "Change set: %zu change%s, %zu other resource%s affected; blast score %s.\n",
		 s.actionable, s.actionable == 1 ? "" : "s", s.affected,
		 s.affected == 1 ? "" : "s", score);
	buf_addf(&o->b, "Graph: %zu resources, %zu edges (%zu weak), %zu cycle%s.\n",
		 graph_node_count(g), s.edges, s.weak_edges, s.cycles, s.cycles == 1 ? "" : "s");
	dropped_note(o, g);
	if (graph_lost_local_count(g))
		buf_addf(&o->b,
			 "Note: %zu resource%s refer%s to local values, which Terraform leaves out of "
			 "its JSON: links through them are missing.\n",
			 graph_lost_local_count(g), graph_lost_local_count(g) == 1 ? "" : "s",
			 graph_lost_local_count(g) == 1 ? "s" : "");
	if (n) {
		buf_addstr(&o->b, "\nRiskiest changes:\n");
		buf_addstr(&o->b, "   SCORE  DEPENDENTS  CHANGE\n");
	}
	for (i = 0; i < n; i++) {
		char dep[48];

		graph_score_format(score, sizeof(score), r[i].score);
		snprintf(dep, sizeof(dep), "%zu%s", r[i].dependents, r[i].estimated ? "+" : "");
		buf_addf(&o->b, "%8s  %10s  ", score, dep);
		text_node(o, plan_change_at(plan, r[i].node));
		buf_addch(&o->b, '\n');
	}
	if (n && r[n - 1].estimated)
		buf_addstr(&o->b, "(+: direct dependents only, the work budget was spent)\n");
	free(r);
	return 0;
}

/* ---- apply order ---- */

static int
order(struct out *o, const struct graph *g, enum blast_format fmt, struct error *err)
{
	const struct plan *plan = graph_plan(g);
	struct graph_order *ord = NULL;
	size_t i, j;

	if (graph_apply_order(g, &ord, err) < 0)
		return -1;
	if (fmt == FORMAT_JSON) {
		struct jsonw w;

		json_open(&w, ORDER_JSON_SCHEMA, plan);
		jsonw_kv_uint(&w, "steps", ord->nsteps);
		jsonw_key(&w, "changes");
		jsonw_begin_array(&w);
		for (i = 0; i < ord->count && !o->failed; i++) {
			jsonw_begin_object(&w);
			json_change(&w, plan_change_at(plan, ord->steps[i].node));
			jsonw_kv_uint(&w, "step", ord->steps[i].step);
			jsonw_key(&w, "cycle");
			if (ord->steps[i].cycle)
				jsonw_uint(&w, ord->steps[i].cycle);
			else
				jsonw_null(&w);
			jsonw_end_object(&w);
			jflush(o, &w, false);
		}
		jsonw_end_array(&w);
		jsonw_key(&w, "cycles");
		jsonw_begin_array(&w);
		for (i = 0; i < ord->ncycles; i++) {
			jsonw_begin_object(&w);
			jsonw_key(&w, "nodes");
			jsonw_begin_array(&w);
			for (j = 0; j < ord->cycles[i].len; j++)
				jsonw_string(&w, plan_change_key(plan_change_at(plan, ord->cycles[i].nodes[j])));
			jsonw_end_array(&w);
			jsonw_key(&w, "edges");
			jsonw_begin_array(&w);
			for (j = 0; j < ord->cycles[i].len; j++)
				json_edge(&w, g, graph_edge_at(g, ord->cycles[i].edges[j]));
			jsonw_end_array(&w);
			jsonw_end_object(&w);
		}
		jsonw_end_array(&w);
		json_close(o, &w);
	} else if (fmt == FORMAT_DOT) {
		dot_begin(o, "order");
		for (i = 0; i < ord->count; i++)
			dot_node(&o->b, ord->steps[i].node, plan_change_at(plan, ord->steps[i].node),
				 false);
		for (i = 0; i < graph_edge_count(g); i++) {
			const struct graph_edge *e = graph_edge_at(g, i);

			if ((e->flags & GRAPH_EDGE_WEAK) ||
			    !plan_change_is_actionable(plan_change_at(plan, e->from)) ||
			    !plan_change_is_actionable(plan_change_at(plan, e->to)))
				continue;
			dot_edge(&o->b, e->from, e->to, e);
			flush(o, false);
		}
		buf_addstr(&o->b, "}\n");
	} else {
		uint32_t step = 0;

		buf_addf(&o->b, "Apply order: %zu change%s in %u step%s", ord->count,
			 ord->count == 1 ? "" : "s", ord->nsteps, ord->nsteps == 1 ? "" : "s");
		buf_addstr(&o->b, " (what a change depends on first; destroys of dependents before "
				  "what they depended on).\n");
		for (i = 0; i < ord->count; i++) {
			const struct graph_step *s = &ord->steps[i];

			if (s->step != step) {
				step = s->step;
				buf_addf(&o->b, "step %u\n", step);
			}
			buf_addstr(&o->b, "  ");
			text_node(o, plan_change_at(plan, s->node));
			if (s->cycle)
				buf_addf(&o->b, "  [cycle %u]", s->cycle);
			buf_addch(&o->b, '\n');
			flush(o, false);
		}
		if (ord->ncycles)
			buf_addf(&o->b, "\n%zu dependency cycle%s (%s cannot be ordered; shown as "
					"one step):\n",
				 ord->ncycles, ord->ncycles == 1 ? "" : "s",
				 ord->ncycles == 1 ? "its members" : "their members");
		for (i = 0; i < ord->ncycles; i++) {
			const struct graph_cycle *cy = &ord->cycles[i];

			buf_addf(&o->b, "cycle %zu: ", i + 1);
			for (j = 0; j < cy->len; j++) {
				esc(&o->b, plan_change_key(plan_change_at(plan, cy->nodes[j])));
				buf_addstr(&o->b, o->ascii ? " -> " : " → ");
			}
			esc(&o->b, plan_change_key(plan_change_at(plan, cy->nodes[0])));
			buf_addch(&o->b, '\n');
			for (j = 0; j < cy->len; j++) {
				const struct graph_edge *e = graph_edge_at(g, cy->edges[j]);

				buf_addstr(&o->b, "  ");
				esc(&o->b, plan_change_key(plan_change_at(plan, e->from)));
				buf_addstr(&o->b, o->ascii ? " <- " : " ← ");
				why_text(&o->b, e);
				buf_addstr(&o->b, " of ");
				esc(&o->b, plan_change_key(plan_change_at(plan, e->to)));
				buf_addch(&o->b, '\n');
			}
		}
	}
	graph_order_free(&ord);
	return 0;
}

/* Whether `a` is what the user may have meant by `x`: an instance of it
 * (X[0], X.y) or the same resource inside a module (module.m.X). */
static bool
near_miss(const char *a, const char *x, size_t len)
{
	size_t alen = strlen(a);

	if (!len)
		return false;
	if (strncmp(a, x, len) == 0 && (a[len] == '[' || a[len] == '.'))
		return true;
	return alen > len && strcmp(a + alen - len, x) == 0 && a[alen - len - 1] == '.';
}

/* "no resource 'X' in this plan", with up to three addresses it may have
 * meant (the instances of a counted resource, the same resource in a
 * module). */
static void
not_found(struct error *err, const struct plan *plan, const char *address)
{
	struct buf hint = BUF_INIT;
	const char *seen[3] = { NULL, NULL, NULL };
	size_t i, j, n = 0, len = strlen(address);

	for (i = 0; i < plan_change_count(plan) && n < 4; i++) {
		const char *a = plan_change_at(plan, i)->address;
		bool again = false;

		/* an address in the change set and the drift: said once */
		for (j = 0; j < n && j < 3; j++)
			again = again || strcmp(seen[j], a) == 0;
		if (!again && near_miss(a, address, len)) {
			if (n < 3)
				seen[n] = a;
			if (n < 3)
				buf_addf(&hint, "%s%.100s", n ? ", " : " (did you mean ", a);
			n++;
		}
	}
	if (n)
		buf_addstr(&hint, n > 3 ? ", ...?)" : "?)");
	error_set_at(err, ERROR_NOTFOUND, plan_path(plan), 0, 0,
		     "no resource '%.200s' in this plan%s", address,
		     buf_failed(&hint) ? "" : hint.data);
	buf_release(&hint);
}

static int
parse_count(const char *arg, const char *what, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-' || v > max)
		return cli_usage_error("blast", "%s must be a number from 0 to %lu, not '%s'", what,
				       max, arg);
	*out = v;
	return 0;
}

int
cmd_blast(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "depth", required_argument, NULL, 'd' },
		{ "order", no_argument, NULL, 'o' },
		{ "top", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		CLI_SOURCE_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_source_opts so;
	struct plan *plan = NULL;
	struct graph *g = NULL;
	struct graph_blast *b = NULL;
	struct error err = ERROR_INIT;
	const char *format = "text", *address = NULL, *pos[2];
	const char *const *pathspecs = NULL;
	int npos = 0;
	enum blast_format fmt;
	unsigned long depth = 0, top = 10;
	bool want_order = false;
	struct out o;
	int opt, rc = 0;

	cli_source_opts_init(&so);
	optind = 1;
	/* options may come before, between or after SOURCE and ADDRESS; after
	 * "--" come pathspecs (with --range) */
	for (;;) {
		int prev = optind, r;

		opt = cli_getopt("blast", argc, argv, "+f:d:t:hq", longopts);
		if (opt == -1) {
			if (optind >= argc)
				break;
			if (optind == prev + 1 && strcmp(argv[prev], "--") == 0) {
				pathspecs = (const char *const *)&argv[optind];
				break;
			}
			if (npos >= 2)
				return cli_usage_error("blast", "unexpected argument '%s'", argv[optind]);
			pos[npos++] = argv[optind++];
			continue;
		}
		r = cli_source_option(&so, opt, optarg);
		if (r < 0)
			return 2;
		if (r > 0)
			continue;
		switch (opt) {
		case 'f':
			format = optarg;
			break;
		case 'd':
			if (parse_count(optarg, "--depth", 1000000, &depth))
				return 2;
			break;
		case 't':
			if (parse_count(optarg, "--top", 1000000, &top))
				return 2;
			break;
		case 'o':
			want_order = true;
			break;
		case 'h':
			cli_print_command_usage("blast", stdout);
			return 0;
		default:
			return 2; /* cli_getopt said why */
		}
	}
	if (strcmp(format, "text") == 0)
		fmt = FORMAT_TEXT;
	else if (strcmp(format, "json") == 0)
		fmt = FORMAT_JSON;
	else if (strcmp(format, "dot") == 0)
		fmt = FORMAT_DOT;
	else
		return cli_usage_error("blast", "--format must be text, json or dot, not '%s'", format);
	if (!npos)
		return cli_usage_error("blast", "missing SOURCE");
	so.load.path = pos[0];
	address = npos > 1 ? pos[1] : NULL;
	if (pathspecs && *pathspecs)
		so.load.pathspecs = pathspecs;
	if (want_order && address)
		return cli_usage_error("blast", "--order shows the whole change set: give no ADDRESS");
	if (!address && !want_order && fmt == FORMAT_DOT)
		return cli_usage_error("blast", "--format dot needs an ADDRESS or --order");
	if (cli_load(&plan, &so) < 0)
		return 2;
	memset(&o, 0, sizeof(o));
	buf_init(&o.b);
	o.f = stdout;
	o.color = fmt == FORMAT_TEXT && cli_use_color(so.color, stdout);
	o.ascii = so.ascii;
	if (graph_build(&g, plan, &err) < 0) {
		rc = -1;
	} else if (want_order) {
		rc = order(&o, g, fmt, &err);
	} else if (!address) {
		rc = summary(&o, g, fmt, top, &err);
	} else {
		long node = graph_find_node(g, address);
		struct graph_blast_opts bo = { (uint32_t)depth };

		if (node < 0) {
			not_found(&err, plan, address);
			rc = -1;
		} else if (graph_blast(g, (size_t)node, &bo, &b, &err) < 0) {
			rc = -1;
		} else if (fmt == FORMAT_JSON) {
			blast_json(&o, g, b);
		} else if (fmt == FORMAT_DOT) {
			blast_dot(&o, g, b);
		} else {
			blast_text(&o, g, b);
		}
	}
	flush(&o, true);
	if (rc == 0 && (o.failed || fflush(stdout) != 0)) {
		error_set(&err, ERROR_IO, "cannot write the output");
		rc = -1;
	}
	buf_release(&o.b);
	graph_blast_free(&b);
	graph_free(&g);
	plan_free(&plan);
	if (rc < 0) {
		cli_print_error(&err);
		return error_exit_status(&err);
	}
	return 0;
}
