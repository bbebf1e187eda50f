/* fuzz_draft.c - a saved draft (unfinished review) read back, then
 * serialised into a snapshot as the signal handler would write it. */
#include "draft.h"
#include "targets.h"

#define DIGEST "a64d884ac98705c9b41e2edb0331faadeae5d5b3b816adf001ea16f87849279b"

int
fuzz_draft(const uint8_t *data, size_t size)
{
	struct draft *d = NULL;
	struct draft_snapshot snap;

	if (draft_parse(&d, DIGEST, (const char *)data, size, "fuzz.json", NULL) == 0) {
		draft_snapshot_init(&snap);
		draft_snapshot_update(&snap, d, NULL);
		draft_snapshot_release(&snap);
		draft_free(&d);
	}
	return 0;
}

FUZZ_ENTRY(draft)
