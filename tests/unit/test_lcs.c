/* test_lcs.c - aligning sequences: valid scripts, minimal where the budget
 * allows, linear work whatever the input, and hashes never trusted alone. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"

#include "lcs.h"
#include "mem.h"

struct seqs {
	const int *a, *b;
};

static bool
eq_ints(void *ctx, size_t i, size_t j)
{
	const struct seqs *s = ctx;

	return s->a[i] == s->b[j];
}

/* Aligns a and b (hashes: the values, or all 0 with `collide`); checks
 * that the script is a valid alignment and returns its number of pairs. */
static size_t
align(const int *a, size_t na, const int *b, size_t nb, enum lcs_fallback fb, bool collide,
      struct lcs_step **steps_out, size_t *nsteps_out)
{
	uint64_t *ha = calloc(na + 1, sizeof(*ha)), *hb = calloc(nb + 1, sizeof(*hb));
	struct seqs s = { a, b };
	struct lcs_step *st = NULL;
	size_t n = 0, i, ia = 0, ib = 0, pairs = 0;

	for (i = 0; i < na; i++)
		ha[i] = collide ? 0 : (uint64_t)a[i] * 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < nb; i++)
		hb[i] = collide ? 0 : (uint64_t)b[i] * 0x9e3779b97f4a7c15ULL;
	cr_assert_eq(lcs_align(ha, na, hb, nb, eq_ints, &s, fb, &st, &n), 0);
	cr_assert_leq(n, na + nb);
	for (i = 0; i < n; i++) {
		switch (st[i].op) {
		case LCS_PAIR:
			cr_assert_eq(st[i].a, ia, "step %zu: a[%zu] out of order", i, st[i].a);
			cr_assert_eq(st[i].b, ib, "step %zu: b[%zu] out of order", i, st[i].b);
			if (fb == LCS_FALLBACK_BLOCKS || collide)
				cr_assert_eq(a[ia], b[ib], "step %zu pairs unequal elements", i);
			if (a[ia] == b[ib])
				pairs++;
			ia++;
			ib++;
			break;
		case LCS_REMOVE:
			cr_assert_eq(st[i].a, ia, "step %zu: a[%zu] out of order", i, st[i].a);
			ia++;
			break;
		case LCS_ADD:
			cr_assert_eq(st[i].b, ib, "step %zu: b[%zu] out of order", i, st[i].b);
			ib++;
			break;
		}
	}
	cr_assert_eq(ia, na, "every element of a once");
	cr_assert_eq(ib, nb, "every element of b once");
	free(ha);
	free(hb);
	if (steps_out) {
		*steps_out = st;
		*nsteps_out = n;
	} else {
		mem_free(st);
	}
	return pairs;
}

/* The length of the LCS, the textbook way. */
static size_t
lcs_length(const int *a, size_t na, const int *b, size_t nb)
{
	size_t *row = calloc(nb + 1, sizeof(*row)), i, j, r;

	for (i = 0; i < na; i++) {
		size_t diag = 0;

		for (j = 0; j < nb; j++) {
			size_t up = row[j + 1];

			row[j + 1] = a[i] == b[j] ? diag + 1 : (up > row[j] ? up : row[j]);
			diag = up;
		}
	}
	r = row[nb];
	free(row);
	return r;
}

static const char *
script(const struct lcs_step *st, size_t n)
{
	static char out[256];
	size_t i, k = 0;

	for (i = 0; i < n && k + 2 < sizeof(out); i++)
		out[k++] = st[i].op == LCS_PAIR ? '=' : st[i].op == LCS_REMOVE ? '-' : '+';
	out[k] = '\0';
	return out;
}

Test(lcs, small_sequences_get_a_longest_common_subsequence_removals_first)
{
	static const int a[] = { 1, 2, 3, 1, 2, 2, 1 }, b[] = { 3, 2, 1, 2, 1, 3 };
	static const int c[] = { 1, 2, 3 }, d[] = { 1, 9, 8, 3 };
	struct lcs_step *st;
	size_t n;

	cr_assert_eq(align(a, 7, b, 6, LCS_FALLBACK_PAIRS, false, NULL, NULL), 4);
	cr_assert_eq(lcs_length(a, 7, b, 6), 4);
	align(c, 3, d, 4, LCS_FALLBACK_PAIRS, false, &st, &n);
	cr_assert_str_eq(script(st, n), "=-++=");
	mem_free(st);
	align(c, 3, c, 0, LCS_FALLBACK_PAIRS, false, &st, &n);
	cr_assert_str_eq(script(st, n), "---");
	mem_free(st);
	align(c, 0, c, 3, LCS_FALLBACK_BLOCKS, false, &st, &n);
	cr_assert_str_eq(script(st, n), "+++");
	mem_free(st);
	cr_assert_eq(align(c, 0, c, 0, LCS_FALLBACK_PAIRS, false, &st, &n), 0);
	cr_assert_eq(n, 0);
	mem_free(st);
	CHECK_NO_LEAKS();
}

Test(lcs, long_sequences_with_few_changes_are_aligned_exactly)
{
	size_t n = 20000, i, k = 0, pairs;
	int *a = malloc(n * sizeof(*a)), *b = malloc((n + 2) * sizeof(*b));
	struct lcs_step *st;
	size_t ns;

	for (i = 0; i < n; i++)
		a[i] = (int)i;
	/* b: a with 7 inserted after 1000, 5000 removed, 15000 changed to -1,
	 * and 2 appended: too large for the table, a few edits for Myers */
	for (i = 0; i < n; i++) {
		if (i == 1000)
			b[k++] = 7;
		if (i == 5000)
			continue;
		b[k++] = i == 15000 ? -1 : (int)i;
	}
	b[k++] = 1;
	pairs = align(a, n, b, k, LCS_FALLBACK_PAIRS, false, &st, &ns);
	cr_assert_eq(pairs, n - 2, "all but 5000 and 15000 paired");
	cr_assert_eq(ns, n + 3, "2 removals, 3 additions, the rest pairs");
	for (i = 0; i < ns; i++)
		if (st[i].op == LCS_REMOVE)
			cr_assert(st[i].a == 5000 || st[i].a == 15000, "removed a[%zu]", st[i].a);
	cr_assert_eq(st[1000].op, LCS_ADD);
	cr_assert_eq(st[ns - 1].op, LCS_ADD);
	mem_free(st);
	free(a);
	free(b);
	CHECK_NO_LEAKS();
}

Test(lcs, random_sequences_are_valid_and_minimal_within_the_budget)
{
	size_t sizes[] = { 1, 5, 40, 300, 900, 3000 }, si, round;
	unsigned seed = 12345;

	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		for (round = 0; round < 6; round++) {
			size_t na = sizes[si], nb = na + round, i, pairs, best;
			int *a = malloc(na * sizeof(*a)), *b = malloc(nb * sizeof(*b));
			int alphabet = round < 3 ? 4 : 1000;
			unsigned edits = round % 3 == 0 ? 3 : round % 3 == 1 ? 40 : 100000;

			for (i = 0; i < na; i++)
				a[i] = (int)(rand_r(&seed) % (unsigned)alphabet);
			for (i = 0; i < nb; i++)
				b[i] = i < na && (unsigned)rand_r(&seed) % na >= edits
					       ? a[i]
					       : (int)(rand_r(&seed) % (unsigned)alphabet);
			pairs = align(a, na, b, nb, round & 1 ? LCS_FALLBACK_BLOCKS : LCS_FALLBACK_PAIRS,
				      false, NULL, NULL);
			best = lcs_length(a, na, b, nb);
			cr_assert_leq(pairs, best);
			/* within the table's budget, or few edits: minimal */
			if ((na + 1) * (nb + 1) <= LCS_CELLS_PER_ITEM * (na + nb + 2) ||
			    na + nb - 2 * best <= LCS_MAX_EDITS)
				cr_assert_eq(pairs, best, "%zu x %zu, round %zu: %zu pairs, LCS %zu", na,
					     nb, round, pairs, best);
			free(a);
			free(b);
		}
	}
	CHECK_NO_LEAKS();
}

Test(lcs, equal_hashes_never_pair_unequal_elements)
{
	static const int a[] = { 1, 2, 3, 4, 5, 6 }, b[] = { 1, 7, 3, 4, 8, 6, 9 };
	size_t n = 5000, i;
	int *x = malloc(n * sizeof(*x)), *y = malloc(n * sizeof(*y));

	/* every hash is 0: the table and Myers see equal elements everywhere */
	cr_assert_eq(align(a, 6, b, 7, LCS_FALLBACK_BLOCKS, true, NULL, NULL), 4);
	for (i = 0; i < n; i++) {
		x[i] = (int)i;
		y[i] = (int)(i % 7 ? i : i + 1);
	}
	align(x, n, y, n, LCS_FALLBACK_BLOCKS, true, NULL, NULL);
	free(x);
	free(y);
	CHECK_NO_LEAKS();
}

static double
seconds(size_t n)
{
	int *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	struct timespec t0, t1;
	size_t i;

	for (i = 0; i < n; i++) {
		a[i] = (int)i;
		b[i] = (int)(i + n); /* nothing in common: the worst case */
	}
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	align(a, n, b, n, LCS_FALLBACK_PAIRS, false, NULL, NULL);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	free(a);
	free(b);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

Test(lcs, work_grows_linearly_with_the_length)
{
	double small = seconds(2000), large = seconds(16000);

	/* a table would take 64 times as long for 8 times the length */
	cr_assert_lt(large, 16 * small + 0.05, "2000: %.4f s, 16000: %.4f s", small, large);
	CHECK_NO_LEAKS();
}
