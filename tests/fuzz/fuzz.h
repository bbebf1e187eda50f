/* fuzz.h - one way to write a fuzz target for both drivers.
 *
 *   FUZZ_TARGET(sshsig) { ...use data, size...; return 0; }
 *
 * `make fuzz` links one target with libFuzzer, which calls
 * LLVMFuzzerTestOneInput; `make check` links every target into
 * fuzz-replay (replay.c), which finds them through fuzz_register() and
 * runs each saved input under testdata/fuzz/<target>/.  Both hooks are
 * weak so each build takes what it needs.
 */
#ifndef SIGNOFF_TEST_FUZZ_H
#define SIGNOFF_TEST_FUZZ_H

#include <stddef.h>
#include <stdint.h>

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

void fuzz_register(const char *name, fuzz_fn fn) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_TARGET(name)                                                          \
	int fuzz_##name(const uint8_t *data, size_t size);                         \
	static void fuzz_register_##name(void) __attribute__((constructor));       \
	static void fuzz_register_##name(void)                                     \
	{                                                                          \
		if (fuzz_register)                                                 \
			fuzz_register(#name, fuzz_##name);                         \
	}                                                                          \
	__attribute__((weak)) int LLVMFuzzerTestOneInput(const uint8_t *data,     \
							 size_t size)              \
	{                                                                          \
		return fuzz_##name(data, size);                                    \
	}                                                                          \
	int fuzz_##name(const uint8_t *data, size_t size)

#endif
