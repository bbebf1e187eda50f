/* timefmt.h - calendar times as the signing code and waivers read them.
 *
 * One place for the arithmetic that review statements (RFC 3339),
 * allowed_signers (YYYYMMDD[HHMM[SS]]Z) and waiver expiries (a date or an
 * RFC 3339 time) share.  All times are UTC.
 */
#ifndef SIGNOFF_TIMEFMT_H
#define SIGNOFF_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* The n decimal digits at s as a number, or -1 if one is not a digit. */
int timefmt_digits(const char *s, size_t n);

/* Seconds since the epoch of a UTC calendar time (month 1-12), or -1 when
 * a field is out of range: 31 April, 29 February of a common year, hour
 * 24, a year before 1970.  sec may be 60 (a leap second, counted as the
 * next minute's first second). */
int timefmt_utc(int year, int mon, int mday, int hour, int min, int sec, int64_t *out);

#endif
