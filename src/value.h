/* value.h - attribute values of the plan model.
 *
 * One tree shape for all three sources (Terraform, Pulumi, manifests).
 * Values live in the plan's arena and are immutable once built.  Numbers
 * are kept as their source text (arbitrary precision).  Objects keep
 * their members sorted by key (byte order), so lookups are binary
 * searches and diffs are linear merges.
 *
 * Two kinds carry no value:
 *   VALUE_UNKNOWN   - known only after apply;
 *   VALUE_SENSITIVE - masked; holds a keyed digest (to tell whether it
 *                     changed) and where the value sits in the source
 *                     text, never the value itself.
 */
#ifndef SIGNOFF_VALUE_H
#define SIGNOFF_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem.h"

enum value_kind {
	VALUE_ABSENT = 0,   /* no value at all (used by lookups and diffs) */
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_NUMBER,
	VALUE_STRING,
	VALUE_ARRAY,
	VALUE_OBJECT,
	VALUE_UNKNOWN,
	VALUE_SENSITIVE,
};

enum value_flags {
	VALUE_F_SENSITIVE = 1 << 0,  /* on UNKNOWN: the future value is sensitive too */
};

enum value_secret_flags {
	VALUE_SECRET_HAS_MAC = 1 << 0,  /* mac is meaningful (comparable) */
	VALUE_SECRET_HAS_LOCATION = 1 << 1,
};

struct value_secret {
	uint8_t mac[16];       /* keyed hash of the canonical value */
	uint8_t flags;         /* enum value_secret_flags */
	uint8_t inner_kind;    /* the kind of the masked value */
	uint32_t length;       /* bytes of source text */
	uint64_t offset;       /* byte offset in the plan's source text */
};

struct value_member;

struct value {
	uint8_t kind;          /* enum value_kind */
	uint8_t flags;         /* enum value_flags */
	uint16_t reserved_;
	uint32_t len;          /* bytes for STRING/NUMBER, count for ARRAY/OBJECT */
	union {
		const char *str;                     /* STRING, NUMBER (NUL-terminated) */
		const struct value *items;           /* ARRAY */
		const struct value_member *members;  /* OBJECT, sorted by key */
		const struct value_secret *secret;   /* SENSITIVE */
		bool b;                              /* BOOL */
	} u;
};

struct value_member {
	const char *key;       /* interned */
	uint32_t key_len;
	struct value value;
};

extern const struct value value_absent;
extern const struct value value_null;
extern const struct value value_unknown;

static inline bool
value_is(const struct value *v, enum value_kind k)
{
	return v && v->kind == k;
}

static inline bool
value_is_container(const struct value *v)
{
	return v && (v->kind == VALUE_ARRAY || v->kind == VALUE_OBJECT);
}

const char *value_kind_name(enum value_kind kind);

/* Member lookup; returns &value_absent when missing or not an object. */
const struct value *value_get(const struct value *obj, const char *key);
const struct value *value_getn(const struct value *obj, const char *key, size_t key_len);
/* Element i of an array, or &value_absent. */
const struct value *value_at(const struct value *arr, size_t i);
/* Index of the member with that key, or -1. */
long value_find_member(const struct value *obj, const char *key, size_t key_len);

/* Deep equality; sensitive values compare by digest (unequal when either
 * has no digest), unknowns are never equal to anything. */
bool value_equal(const struct value *a, const struct value *b);
/* True if anything in the tree is unknown / sensitive. */
bool value_contains_unknown(const struct value *v);
bool value_contains_sensitive(const struct value *v);

/* String value as a C string, or NULL if not a string. */
const char *value_str(const struct value *v);
/* Truthiness for BOOL; `dflt` otherwise. */
bool value_bool(const struct value *v, bool dflt);

/* ---- building ---- */

struct value_builder {
	struct arena *arena;   /* where values go */
	struct strtab *keys;   /* interning for object keys */
};

/* Makes an object from members (copied into the arena, sorted).  A key
 * given twice keeps its last value, as Go's encoding/json does; then the
 * return is 1 and *dup (if not NULL) gets the source index of the first
 * repeated occurrence.  -1 on OOM, 0 otherwise. */
int value_make_object(struct value_builder *vb, struct value_member *members, size_t n,
		      struct value *out, size_t *dup);
int value_make_array(struct value_builder *vb, const struct value *items, size_t n,
		     struct value *out);
int value_make_string(struct value_builder *vb, const char *s, size_t len, struct value *out);
/* Interns a key for a member. */
const char *value_intern_key(struct value_builder *vb, const char *s, size_t len);

/* Appends a canonical, compact JSON rendering (sorted keys, numbers as
 * written).  UNKNOWN and SENSITIVE render as null, or with `markers` as
 * the strings "(known after apply)" and "(sensitive value)". */
struct buf;
void value_to_json(struct buf *out, const struct value *v, bool markers);

#endif
