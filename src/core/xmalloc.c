/* Allocation that aborts: an out-of-memory audit has nothing to report. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/common.h>

/* Abort with a message; allocation failure is never recoverable here. */
static void
oom(size_t n)
{
	fprintf(stderr, "hardock: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
hd_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
hd_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

/* realloc with an overflow check on nmemb * size. */
void *
hd_xrealloc(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	p = realloc(ptr, (nmemb * size) != 0 ? nmemb * size : 1);
	if (p == NULL)
		oom(nmemb * size);
	return p;
}

char *
hd_xstrdup(const char *s)
{
	return hd_xstrndup(s, strlen(s));
}

char *
hd_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = hd_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
hd_xvasprintf(const char *fmt, va_list ap)
{
	char *p = NULL;

	if (vasprintf(&p, fmt, ap) < 0)
		oom(strlen(fmt));
	return p;
}

char *
hd_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = hd_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}
