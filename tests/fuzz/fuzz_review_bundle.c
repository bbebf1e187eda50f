/* fuzz_review_bundle.c - the review bundle and the statements inside it. */
#include "review.h"
#include "targets.h"

int
fuzz_review_bundle(const uint8_t *data, size_t size)
{
	struct review_bundle *b = NULL;
	struct review_statement *st = NULL;
	size_t i;

	if (review_statement_decode(&st, data, size, NULL) == 0)
		review_statement_free(&st);
	if (review_bundle_parse(&b, (const char *)data, size, "fuzz", NULL) == 0) {
		for (i = 0; i < b->n; i++)
			if (review_statement_decode(&st, b->entries[i].payload,
						    b->entries[i].payload_len, NULL) == 0)
				review_statement_free(&st);
		review_bundle_free(&b);
	}
	return 0;
}

FUZZ_ENTRY(review_bundle)
