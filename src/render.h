/* render.h - headless presentation of a plan (`signoff show`).
 *
 * Text follows what `terraform show` prints, so that Terraform users read
 * it without effort: the same header for each action and reason, the same
 * markers, "(known after apply)", "(sensitive value)", "# forces
 * replacement", and the same "Plan:" line.  JSON is signoff's own
 * versioned schema (doc/json-schema.md); it never holds a sensitive value.
 *
 * Every string from the input is escaped before it is written.
 */
#ifndef SIGNOFF_RENDER_H
#define SIGNOFF_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "error.h"
#include "plan.h"

#define RENDER_JSON_SCHEMA "signoff.plan/v1"

struct render_opts {
	bool color;      /* ANSI colours */
	bool full;       /* show unchanged attributes too */
	bool ascii;      /* only ASCII markers */
	enum plan_source_kind source_kind;  /* wording; render_text_plan sets it */
};

/* Writes the whole change set. */
int render_text_plan(FILE *out, const struct plan *plan, const struct render_opts *opts,
		     struct error *err);
int render_json_plan(FILE *out, const struct plan *plan, const struct render_opts *opts,
		     struct error *err);

/* One change as Terraform prints it (header comment lines and body). */
int render_text_change(struct buf *out, const struct plan_change *c,
		       const struct render_opts *opts, struct error *err);
/* The "# ADDR will be created" comment lines of a change (with their
 * trailing newlines), uncoloured, worded for the source kind. */
void render_change_header(struct buf *out, const struct plan_change *c,
			  enum plan_source_kind kind);
/* "Plan: 1 to add, 0 to change, 0 to destroy." or "No changes." */
void render_summary_line(struct buf *out, const struct plan_counts *counts);
/* A value in Terraform's notation on one line (strings quoted, escaped). */
void render_value_inline(struct buf *out, const struct value *v, size_t max_len, bool ascii);

#endif
