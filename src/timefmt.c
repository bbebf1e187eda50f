/* timefmt.c - calendar times, UTC. */
#include "timefmt.h"

#include <stdbool.h>

int
timefmt_digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to the first of the month (a civil-calendar count,
 * so no struct tm or time zone is involved). */
static int64_t
days_before(int year, int mon)
{
	static const int cum[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	int64_t y = year - 1, days;

	days = (int64_t)(year - 1970) * 365 + (y / 4 - y / 100 + y / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400);
	days += cum[mon - 1];
	if (mon > 2 && leap(year))
		days++;
	return days;
}

int
timefmt_utc(int year, int mon, int mday, int hour, int min, int sec, int64_t *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (year < 1970 || year > 9999 || mon < 1 || mon > 12 || mday < 1)
		return -1;
	if (mday > mdays[mon - 1] + (mon == 2 && leap(year)))
		return -1;
	if (hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 60)
		return -1;
	*out = (days_before(year, mon) + mday - 1) * 86400 + (int64_t)hour * 3600 + min * 60 + sec;
	return 0;
}
