/* lcs.h - aligning two sequences for a diff, in time linear in their length.
 *
 * Used for array elements (diff.c) and for the lines of multi-line
 * strings (render_text.c).  The caller gives a 64-bit hash per element
 * and an equality test; the alignment is a list of steps in output order:
 * PAIR (an element of each side, shown as the same or as a change), REMOVE
 * (only in a) and ADD (only in b), removals before additions as
 * Terraform lists them.
 *
 * The common prefix and suffix are paired first.  What lies between is
 * aligned by longest common subsequence when its table stays within a
 * budget proportional to its length (LCS_CELLS_PER_ITEM cells per
 * element, LCS_MAX_CELLS at most); a longer middle with few changes (at
 * most LCS_MAX_EDITS removals and additions) by Myers' algorithm; beyond
 * that it falls back to pairing by position (LCS_FALLBACK_PAIRS) or to
 * removing all of a's middle and adding all of b's (LCS_FALLBACK_BLOCKS).  The table compares hashes; a
 * step is only ever a PAIR of equal elements when `eq` says they are, so
 * a hash collision cannot hide a change.  The work is thus bounded by
 * max(LCS_CELLS_PER_ITEM, LCS_MAX_EDITS) times the elements, whatever
 * the input.
 */
#ifndef SIGNOFF_LCS_H
#define SIGNOFF_LCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LCS_CELLS_PER_ITEM 256
#define LCS_MAX_CELLS 4000000u
#define LCS_MAX_EDITS 128     /* beyond the table's budget: Myers up to this D */

enum lcs_op {
	LCS_PAIR,
	LCS_REMOVE,
	LCS_ADD,
};

enum lcs_fallback {
	LCS_FALLBACK_PAIRS,   /* pair the middles by position, then the rest */
	LCS_FALLBACK_BLOCKS,  /* remove a's middle, then add b's */
};

struct lcs_step {
	enum lcs_op op;
	size_t a, b;          /* indexes into a (PAIR, REMOVE) and b (PAIR, ADD) */
};

/* Aligns a[0..na) with b[0..nb), given their hashes ha/hb and eq(ctx, i, j)
 * telling whether a[i] equals b[j].  *out (owned, mem_free) gets *nout
 * steps (at most na + nb).  Returns 0, or -1 on OOM. */
int lcs_align(const uint64_t *ha, size_t na, const uint64_t *hb, size_t nb,
	      bool (*eq)(void *ctx, size_t i, size_t j), void *ctx, enum lcs_fallback fallback,
	      struct lcs_step **out, size_t *nout);

#endif
