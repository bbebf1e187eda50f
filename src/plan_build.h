/* plan_build.h - the inside of struct plan, for loaders only.
 *
 * Loaders (plan_tf.c, plan_pulumi.c, plan_manifest.c) fill a plan through
 * these calls; everyone else uses the read-only accessors in plan.h.
 */
#ifndef SIGNOFF_PLAN_BUILD_H
#define SIGNOFF_PLAN_BUILD_H

#include "plan.h"
#include "source.h"

struct plan_section_entry {
	const char *name;
	struct value value;
};

struct plan {
	enum plan_source_kind kind;
	struct arena arena;
	struct strtab strings;
	struct value_builder vb;
	struct source *source;          /* owned */
	const char *path;
	const char *format_version;
	const char *tool_version;
	const char *timestamp;
	const char *target;
	const char *rev_from, *rev_to;
	unsigned flags;

	struct plan_change **changes;
	size_t nchanges, cchanges;
	struct plan_output *outputs;
	size_t noutputs, coutputs;
	struct plan_diag *diags;
	size_t ndiags, cdiags;
	struct plan_section_entry *sections;
	size_t nsections, csections;

	/* address index (open addressing over changes), built by plan_finish */
	uint32_t *index;
	size_t index_cap;
};

/* A new empty plan; takes ownership of `src` (may be NULL) even on failure. */
int plan_new(struct plan **out, enum plan_source_kind kind, struct source *src,
	     struct error *err);

/* Interned copy of s[0..len) in the plan (NULL on OOM). */
const char *plan_intern(struct plan *plan, const char *s, size_t len);
const char *plan_intern_str(struct plan *plan, const char *s);
/* printf into an interned string. */
const char *plan_internf(struct plan *plan, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A zeroed change appended to the plan (NULL on OOM).  The caller fills
 * at least address and type; strings default to "" where documented. */
struct plan_change *plan_add_change(struct plan *plan);
struct plan_output *plan_add_output(struct plan *plan);
int plan_add_diag(struct plan *plan, enum plan_diag_severity sev, const char *origin,
		  const char *address, unsigned long line, unsigned long col, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
int plan_set_section(struct plan *plan, const char *name, const struct value *v);

/* Fills defaults, derives flags (HAS_UNKNOWN, SENSITIVE_CHANGED), and
 * builds the address index.  Call once after loading. */
int plan_finish(struct plan *plan, struct error *err);

#endif
