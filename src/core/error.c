/* The one error convention: a negative code returned, a message set once. */
#include <stdio.h>
#include <string.h>

#include <hardock/common.h>

/* The analyzer's stand-ins (common.h) are not for the definitions. */
#undef hd_error_set
#undef hd_error_wrap

static _Thread_local char last_error[1024];

/* Format the message into the thread's slot and return code unchanged. */
int
hd_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return code;
}

/* The message of the last failure, "" when none was set. */
const char *
hd_error_last(void)
{
	return last_error;
}

/* Add context in front of the last message without reading and writing the
 * same buffer in one call. */
int
hd_error_wrap(int code, const char *prefix)
{
	char old[sizeof(last_error)];

	memcpy(old, last_error, sizeof(old));
	/* Truncation is acceptable: the message is for people. */
	if (snprintf(last_error, sizeof(last_error), "%s: %.*s", prefix,
	    (int)(sizeof(old) - 2), old) < 0)
		last_error[0] = '\0';
	return code;
}

/* Forget the last failure. */
void
hd_error_clear(void)
{
	last_error[0] = '\0';
}
