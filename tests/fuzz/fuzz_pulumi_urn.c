/* fuzz_pulumi_urn.c - Pulumi URNs, provider references and property
 * paths.  The input is split at its first NUL byte (or in half): the
 * first part is parsed as a URN, a provider reference and a path, the
 * second as another path, and the two paths are checked for overlap. */
#include <string.h>

#include "mem.h"
#include "pulumi_urn.h"
#include "targets.h"
#include "value.h"

int
fuzz_pulumi_urn(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *id;
	const uint8_t *nul = memchr(data, '\0', size);
	size_t n1 = nul ? (size_t)(nul - data) : size / 2, urn_len, id_len;
	const char *s2 = nul ? s + n1 + 1 : s + n1;
	size_t n2 = size - (size_t)(s2 - s);
	struct arena a = ARENA_INIT;
	struct strtab keys;
	struct value_builder vb = { &a, &keys };
	struct pulumi_urn u;
	struct value p1, p2;
	int r1, r2;

	strtab_init(&keys, &a);
	if (pulumi_urn_parse(s, n1, &u)) {
		pulumi_urn_is_stack(&u);
		pulumi_type_is_provider(u.type, u.type_len);
		/* every part lies inside the input */
		if (u.name + u.name_len > s + n1 || u.type < s || u.address + u.address_len > s + n1)
			__builtin_trap();
	}
	if (pulumi_provider_ref_split(s, n1, &urn_len, &id, &id_len) &&
	    (urn_len > n1 || id + id_len > s + n1))
		__builtin_trap();
	r1 = pulumi_path_parse(s, n1, &vb, &p1);
	r2 = pulumi_path_parse(s2, n2, &vb, &p2);
	if (r1 == 0 && r2 == 0) {
		/* overlap is symmetric, and a path overlaps itself */
		if (pulumi_paths_overlap(&p1, &p2) != pulumi_paths_overlap(&p2, &p1) ||
		    !pulumi_paths_overlap(&p1, &p1))
			__builtin_trap();
	}
	strtab_release(&keys);
	arena_release(&a);
	return 0;
}

FUZZ_ENTRY(pulumi_urn)
