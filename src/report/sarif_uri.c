/* URI references and the severity mapping of the SARIF report. Every
 * string here may be attacker-controlled (image names, paths in image
 * layers, container names): what is not plainly safe is percent-encoded. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "report/sarif.h"

/* Whether byte c may stay as it is in a URI path segment we write. */
static bool
keep(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~' || c == '/';
}

char *
hd_uri_encode_path(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	char *out, *o;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += keep(*p) ? 1 : 3;
	o = out = hd_xmalloc(n + 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (keep(*p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 0xf];
		}
	}
	*o = '\0';
	return out;
}

char *
hd_uri_relative_path(const char *path)
{
	size_t len = strlen(path), n = 0;
	char *norm = hd_xmalloc(len + 1), *enc;

	/* Segment by segment into norm, "a/b" with no leading '/'. */
	for (const char *p = path; *p;) {
		const char *e = strchr(p, '/');
		size_t sl = e ? (size_t)(e - p) : strlen(p);

		if (sl == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && norm[n - 1] != '/')
				n--;
			if (n > 0)
				n--; /* the '/' before the removed segment */
		} else if (sl > 0 && !(sl == 1 && p[0] == '.')) {
			if (n > 0)
				norm[n++] = '/';
			memcpy(norm + n, p, sl);
			n += sl;
		}
		p += sl;
		if (*p == '/')
			p++;
	}
	norm[n] = '\0';
	enc = hd_uri_encode_path(norm);
	free(norm);
	return enc;
}

char *
hd_sarif_text(const char *s)
{
	size_t n = 0;
	char *out, *o;

	for (const char *p = s; *p; p++)
		n += strchr("\\[]", *p) ? 2 : 1;
	o = out = hd_xmalloc(n + 1);
	for (const char *p = s; *p; p++) {
		if (strchr("\\[]", *p))
			*o++ = '\\';
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

const char *
hd_sarif_level(enum hd_severity sev)
{
	switch (sev) {
	case HD_SEV_CRITICAL:
	case HD_SEV_HIGH:
		return "error";
	case HD_SEV_MEDIUM:
		return "warning";
	default:
		return "note";
	}
}

const char *
hd_sarif_security_severity(enum hd_severity sev)
{
	switch (sev) {
	case HD_SEV_CRITICAL:
		return "9.5";
	case HD_SEV_HIGH:
		return "8.0";
	case HD_SEV_MEDIUM:
		return "5.5";
	case HD_SEV_LOW:
		return "3.0";
	default:
		return "0.0";
	}
}

char *
hd_image_repository(const char *ref)
{
	size_t n = strcspn(ref, "@");
	const char *slash, *colon;
	char *out = hd_xmalloc(n + 1);

	memcpy(out, ref, n);
	out[n] = '\0';
	slash = strrchr(out, '/');
	colon = strrchr(slash ? slash : out, ':');
	if (colon != NULL)
		out[colon - out] = '\0';
	return out;
}
