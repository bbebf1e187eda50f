/* targets.h - every fuzz target: X(name).  Each tests/fuzz/fuzz_NAME.c
 * defines `int fuzz_NAME(const uint8_t *data, size_t size)`; built with
 * -DFUZZ_LIBFUZZER it also defines LLVMFuzzerTestOneInput (make fuzz), and
 * tests/fuzz/replay.c runs every saved input in testdata/fuzz/NAME/
 * through it in `make check`. */
#include <stddef.h>
#include <stdint.h>

#define FUZZ_TARGETS(X)                                                                   \
	X(allowed_signers) X(config) X(draft) X(graph) X(keyscript) X(manifest) X(plan_json)     \
		X(policy) X(pulumi) X(pulumi_urn) X(review_bundle) X(rule_pack) X(sshsig)        \
		X(theme) X(yaml)

#define X(name) int fuzz_##name(const uint8_t *data, size_t size);
FUZZ_TARGETS(X)
#undef X

#ifdef FUZZ_LIBFUZZER
#define FUZZ_ENTRY(name)                                                   \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);      \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)       \
	{                                                                  \
		return fuzz_##name(data, size);                            \
	}
#else
#define FUZZ_ENTRY(name)
#endif
