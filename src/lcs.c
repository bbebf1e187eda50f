/* lcs.c - aligning two sequences for a diff (see the header). */
#include "lcs.h"

#include <string.h>

#include "mem.h"

struct run {
	const uint64_t *ha, *hb;
	bool (*eq)(void *ctx, size_t i, size_t j);
	void *ctx;
	struct lcs_step *s;
	size_t n;
};

static bool
same(const struct run *r, size_t i, size_t j)
{
	return r->ha[i] == r->hb[j] && r->eq(r->ctx, i, j);
}

static void
push(struct run *r, enum lcs_op op, size_t a, size_t b)
{
	r->s[r->n].op = op;
	r->s[r->n].a = a;
	r->s[r->n].b = b;
	r->n++;
}

/* The middle a[a0..a1) and b[b0..b1) by the LCS table, or -1 on OOM. */
static int
middle_lcs(struct run *r, size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t na = a1 - a0, nb = b1 - b0, i, j;
	uint32_t *t = mem_calloc((na + 1) * (nb + 1), sizeof(*t));

	if (!t)
		return -1;
#define T(x, y) t[(x) * (nb + 1) + (y)]
	/* suffix lengths over hashes only: O(1) a cell */
	for (i = na; i-- > 0;)
		for (j = nb; j-- > 0;)
			T(i, j) = r->ha[a0 + i] == r->hb[b0 + j]
					  ? T(i + 1, j + 1) + 1
					  : (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1));
	i = j = 0;
	while (i < na || j < nb) {
		if (i < na && j < nb && same(r, a0 + i, b0 + j)) {
			push(r, LCS_PAIR, a0 + i, b0 + j);
			i++;
			j++;
		} else if (i < na && (j >= nb || T(i + 1, j) >= T(i, j + 1))) {
			push(r, LCS_REMOVE, a0 + i, 0);
			i++;
		} else {
			push(r, LCS_ADD, 0, b0 + j);
			j++;
		}
	}
#undef T
	mem_free(t);
	return 0;
}

/* Myers' furthest-reaching paths: row d of the history holds, for each
 * diagonal k = x - y in -d..d, the furthest x reached with d removals and
 * additions, or -1 where no path stays inside the n x m grid. */
struct myers {
	long *hist;
	long n, m;
};

#define MYERS_AT(my, d, k) ((my)->hist[(d) * (d) + ((k) + (d))])

/* The move that reaches diagonal k at step d >= 1: from k + 1 downwards
 * (b[y] added) or from k - 1 rightwards (a[x] removed), whichever goes
 * further; false when neither stays inside the grid. */
static bool
myers_from(const struct myers *my, long d, long k, bool *down, long *px)
{
	long xd = k < d ? MYERS_AT(my, d - 1, k + 1) : -1;
	long xr = k > -d ? MYERS_AT(my, d - 1, k - 1) : -1;

	if (xd >= 0 && xd - k > my->m)
		xd = -1; /* down would leave the grid */
	if (xr >= 0 && xr + 1 > my->n)
		xr = -1;
	if (xd < 0 && xr < 0)
		return false;
	*down = xd >= 0 && (xr < 0 || xd > xr);
	*px = *down ? xd : xr;
	return true;
}

/* The middle by Myers' greedy O((N+M)D) algorithm, for D (removals plus
 * additions) up to LCS_MAX_EDITS: long sequences with few changes.
 * Returns 1 when aligned, 0 when D is larger (nothing pushed), -1 on
 * OOM. */
static int
middle_myers(struct run *r, size_t a0, size_t a1, size_t b0, size_t b1)
{
	struct myers my = { NULL, (long)(a1 - a0), (long)(b1 - b0) };
	long dmax = LCS_MAX_EDITS, d, k = 0, x = 0, y, px;
	size_t first, i;
	bool found = false, down;

	if (dmax > my.n + my.m)
		dmax = my.n + my.m;
	my.hist = mem_alloc((size_t)(dmax + 1) * (size_t)(dmax + 1) * sizeof(*my.hist));
	if (!my.hist)
		return -1;
	for (d = 0; d <= dmax && !found; d++) {
		for (k = -d; k <= d; k += 2) {
			if (d == 0) {
				x = 0;
			} else if (!myers_from(&my, d, k, &down, &px)) {
				MYERS_AT(&my, d, k) = -1;
				continue;
			} else {
				x = down ? px : px + 1;
			}
			y = x - k;
			while (x < my.n && y < my.m && r->ha[a0 + (size_t)x] == r->hb[b0 + (size_t)y]) {
				x++;
				y++;
			}
			MYERS_AT(&my, d, k) = x;
			if (x == my.n && y == my.m) {
				found = true;
				break;
			}
		}
	}
	if (!found) {
		mem_free(my.hist);
		return 0;
	}
	/* walk back from (n, m), pushing the steps in reverse */
	first = r->n;
	d--;
	x = my.n;
	for (;;) {
		long sx = 0;

		y = x - k;
		if (d > 0) {
			myers_from(&my, d, k, &down, &px);
			sx = down ? px : px + 1; /* where the snake starts */
		}
		/* the snake: equal by hash; a pair only if eq agrees */
		while (x > sx) {
			x--;
			y--;
			if (r->eq(r->ctx, a0 + (size_t)x, b0 + (size_t)y)) {
				push(r, LCS_PAIR, a0 + (size_t)x, b0 + (size_t)y);
			} else {
				push(r, LCS_ADD, 0, b0 + (size_t)y);
				push(r, LCS_REMOVE, a0 + (size_t)x, 0);
			}
		}
		if (d == 0)
			break;
		if (down) {
			push(r, LCS_ADD, 0, b0 + (size_t)(px - (k + 1)));
			k++;
		} else {
			push(r, LCS_REMOVE, a0 + (size_t)px, 0);
			k--;
		}
		x = px;
		d--;
	}
	/* forward order */
	for (i = 0; i < (r->n - first) / 2; i++) {
		struct lcs_step t = r->s[first + i];

		r->s[first + i] = r->s[r->n - 1 - i];
		r->s[r->n - 1 - i] = t;
	}
	mem_free(my.hist);
	return 1;
}

/* Within each run of changes between two pairs, removals first (as
 * Terraform lists them): stable, in place. */
static void
removals_first(struct lcs_step *s, size_t n)
{
	size_t i = 0, j, w, q;

	while (i < n) {
		if (s[i].op == LCS_PAIR) {
			i++;
			continue;
		}
		for (j = i; j < n && s[j].op != LCS_PAIR; j++)
			;
		/* s[i..j): move the removals up, keeping each kind in order */
		for (w = i; w < j && s[w].op == LCS_REMOVE; w++)
			;
		for (q = w + 1; q < j; q++) {
			if (s[q].op == LCS_REMOVE) {
				struct lcs_step t = s[q];

				memmove(s + w + 1, s + w, (q - w) * sizeof(*s));
				s[w++] = t;
			}
		}
		i = j;
	}
}

int
lcs_align(const uint64_t *ha, size_t na, const uint64_t *hb, size_t nb,
	  bool (*eq)(void *ctx, size_t i, size_t j), void *ctx, enum lcs_fallback fallback,
	  struct lcs_step **out, size_t *nout)
{
	struct run r = { ha, hb, eq, ctx, NULL, 0 };
	size_t pre = 0, suf = 0, ma, mb, k;
	int rc;

	*out = NULL;
	*nout = 0;
	r.s = mem_alloc((na + nb ? na + nb : 1) * sizeof(*r.s));
	if (!r.s)
		return -1;
	while (pre < na && pre < nb && same(&r, pre, pre))
		pre++;
	while (suf < na - pre && suf < nb - pre && same(&r, na - 1 - suf, nb - 1 - suf))
		suf++;
	for (k = 0; k < pre; k++)
		push(&r, LCS_PAIR, k, k);
	ma = na - pre - suf;
	mb = nb - pre - suf;
	if (ma && mb && (uint64_t)(ma + 1) * (mb + 1) <= LCS_MAX_CELLS &&
	    (uint64_t)(ma + 1) * (mb + 1) <= (uint64_t)LCS_CELLS_PER_ITEM * (ma + mb + 2)) {
		if (middle_lcs(&r, pre, pre + ma, pre, pre + mb) < 0) {
			mem_free(r.s);
			return -1;
		}
	} else if (ma && mb && (rc = middle_myers(&r, pre, pre + ma, pre, pre + mb)) != 0) {
		if (rc < 0) {
			mem_free(r.s);
			return -1;
		}
		removals_first(r.s, r.n);
	} else if (fallback == LCS_FALLBACK_PAIRS) {
		for (k = 0; k < ma || k < mb; k++) {
			if (k < ma && k < mb)
				push(&r, LCS_PAIR, pre + k, pre + k);
			else if (k < ma)
				push(&r, LCS_REMOVE, pre + k, 0);
			else
				push(&r, LCS_ADD, 0, pre + k);
		}
	} else {
		for (k = 0; k < ma; k++)
			push(&r, LCS_REMOVE, pre + k, 0);
		for (k = 0; k < mb; k++)
			push(&r, LCS_ADD, 0, pre + k);
	}
	for (k = 0; k < suf; k++)
		push(&r, LCS_PAIR, na - suf + k, nb - suf + k);
	*out = r.s;
	*nout = r.n;
	return 0;
}
