/* check.h - shared by every unit test file. */
#ifndef SIGNOFF_TEST_CHECK_H
#define SIGNOFF_TEST_CHECK_H

#include <criterion/criterion.h>

#if defined(__SANITIZE_ADDRESS__)
#define TEST_HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_HAVE_ASAN 1
#endif
#endif

#ifdef TEST_HAVE_ASAN
#include <sanitizer/lsan_interface.h>
/* Criterion counts a leaking test as passed; check inside the body.  The
 * log grep in `make asan` is the real gate. */
#define CHECK_NO_LEAKS() cr_assert_eq(__lsan_do_recoverable_leak_check(), 0, "memory leaked")
#else
#define CHECK_NO_LEAKS() ((void)0)
#endif

/* Test data paths are relative to the repository root (make runs there). */
#define TESTDATA(p) "testdata/" p

#endif
