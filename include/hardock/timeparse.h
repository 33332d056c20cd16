/*
 * hardock: RFC 3339 times ("2024-01-02T03:04:05.123Z", "+01:00"), as the
 * Engine API and image configurations write them; shared by the checks
 * (image ages) and the image reader (history times).
 */
#ifndef HARDOCK_TIMEPARSE_H
#define HARDOCK_TIMEPARSE_H

#include <stdbool.h>
#include <time.h>

/* Parse an RFC 3339 time to UTC seconds; false when s is not one (no
 * zone, a field out of range, trailing text). */
bool hd_time_parse(const char *s, time_t *out);

#endif
