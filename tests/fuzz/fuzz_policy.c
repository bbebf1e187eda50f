/* fuzz_policy.c - the gate policy, and json_locate on the same text (the
 * policy's error path) with a pointer taken from its last line. */
#include <string.h>

#include "json_locate.h"
#include "policy.h"
#include "targets.h"

int
fuzz_policy(const uint8_t *data, size_t size)
{
	struct policy *p = NULL;
	struct error err = ERROR_INIT;
	const char *s = (const char *)data;
	const char *nl = size ? memchr(s, '\n', size) : NULL;
	char pointer[256];
	unsigned long line, col;

	if (policy_parse(&p, s, size, "fuzz/policy.json", &err) == 0)
		policy_free(&p);
	else if (err.line == 0 && err.code != ERROR_NOMEM && err.code != ERROR_ENCODING)
		__builtin_trap(); /* every bad policy names a line */
	if (nl && (size_t)(nl - s) < sizeof(pointer)) {
		memcpy(pointer, s, (size_t)(nl - s));
		pointer[nl - s] = '\0';
		json_locate(nl + 1, size - (size_t)(nl + 1 - s), pointer, false, &line, &col);
		json_locate(nl + 1, size - (size_t)(nl + 1 - s), pointer, true, &line, &col);
		if (line == 0 || col == 0)
			__builtin_trap();
	}
	return 0;
}

FUZZ_ENTRY(policy)
