/* RFC 3339 times as the engine and image configurations write them. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <hardock/timeparse.h>

bool
hd_time_parse(const char *s, time_t *out)
{
	struct tm tm;
	int y, mo, d, h, mi, sec, used = 0;
	const char *p;
	long off = 0;

	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h,
	    &mi, &sec, &used) != 6 || used != 19)
		return false;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60)
		return false;
	p = s + used;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p == '+' || *p == '-') {
		int oh, om, n2 = 0;

		if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n2) != 2 || n2 != 5 ||
		    p[6] != '\0')
			return false;
		off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
	} else if (strcmp(p, "Z") != 0) {
		return false;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm) - off;
	return true;
}
