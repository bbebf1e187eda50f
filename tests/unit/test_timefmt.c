/* test_timefmt.c - calendar times shared by statements, allowed_signers
 * and waivers. */
#include "check.h"
#include "review.h"
#include "timefmt.h"
#include "waiver.h"
#include "allowed_signers.h"

Test(timefmt, converts_calendar_times_to_epoch_seconds)
{
	int64_t t;

	cr_assert_eq(timefmt_utc(1970, 1, 1, 0, 0, 0, &t), 0);
	cr_assert_eq(t, 0);
	cr_assert_eq(timefmt_utc(2000, 3, 1, 0, 0, 0, &t), 0);
	cr_assert_eq(t, 951868800);
	cr_assert_eq(timefmt_utc(2025, 6, 1, 10, 0, 0, &t), 0);
	cr_assert_eq(t, 1748772000);
	cr_assert_eq(timefmt_utc(2024, 2, 29, 23, 59, 59, &t), 0);
	cr_assert_eq(t, 1709251199);
	cr_assert_eq(timefmt_utc(9999, 12, 31, 23, 59, 59, &t), 0);
	cr_assert_eq(t, 253402300799LL);
}

Test(timefmt, refuses_days_that_do_not_exist)
{
	int64_t t = 7;

	cr_assert_eq(timefmt_utc(2026, 2, 29, 0, 0, 0, &t), -1);
	cr_assert_eq(timefmt_utc(2000, 2, 29, 0, 0, 0, &t), 0);  /* divisible by 400 */
	cr_assert_eq(timefmt_utc(2100, 2, 29, 0, 0, 0, &t), -1);
	cr_assert_eq(timefmt_utc(2025, 4, 31, 0, 0, 0, &t), -1);
	cr_assert_eq(timefmt_utc(2025, 13, 1, 0, 0, 0, &t), -1);
	cr_assert_eq(timefmt_utc(2025, 1, 1, 24, 0, 0, &t), -1);
	cr_assert_eq(timefmt_utc(1969, 12, 31, 0, 0, 0, &t), -1);
	cr_assert_eq(timefmt_utc(2025, 1, -1, 0, 0, 0, &t), -1);
	cr_assert_eq(timefmt_digits("12a4", 4), -1);
	cr_assert_eq(timefmt_digits("0042", 4), 42);
}

Test(timefmt, the_three_readers_agree)
{
	int64_t a, b;

	cr_assert_eq(review_time_parse("2025-06-01T10:00:00Z", &a), 0);
	cr_assert_eq(allowed_signers_parse_time("202506011000Z", 13, &b), 0);
	cr_assert_eq(a, b);
	cr_assert_eq(waiver_parse_time("2025-06-01T12:00:00+02:00", false), a);
	cr_assert_eq(waiver_parse_time("2025-06-01", true), 1748822399);
	cr_assert_eq(waiver_parse_time("2026-02-29", true), -1);
	cr_assert_eq(review_time_parse("2026-02-29T00:00:00Z", &a), -1);
	cr_assert_eq(allowed_signers_parse_time("20260229Z", 9, &a), -1);
	cr_assert_eq(allowed_signers_parse_time("2025060x1000Z", 13, &a), -1);
}
