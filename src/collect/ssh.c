/* ssh:// engine URLs and the ssh command line that reaches them. */
#include <stdlib.h>
#include <string.h>

#include <hardock/common.h>

#include "collect/ssh.h"

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
	"0123456789._-"
#define V6_CHARS "0123456789abcdefABCDEF:."
#define PATH_CHARS NAME_CHARS "/+"
/* Longer names are not what ssh or a unix socket path accept anyway. */
#define MAX_PART 255

/* Whether s[0..n) is non-empty, made of chars, and not an option. */
static bool
part_ok(const char *s, size_t n, const char *chars)
{
	if (n == 0 || n > MAX_PART || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(chars, s[i]) == NULL)
			return false;
	return true;
}

/* Whether p[0..n) is a decimal port 1-65535. */
static bool
port_ok(const char *p, size_t n)
{
	long v = 0;

	if (n == 0 || n > 5)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	return v >= 1 && v <= 65535;
}

/* HOST[:PORT] or [V6][:PORT] of a[0..n) into d. */
static int
host_port(struct hd_ssh_dest *d, const char *url, const char *a, size_t n)
{
	const char *h = a, *colon, *close;
	size_t hn;

	if (n > 0 && a[0] == '[') {
		if ((close = memchr(a, ']', n)) == NULL)
			return hd_error_set(HD_EUSAGE, "%s: unclosed [ in the ssh "
			    "host", url);
		h = a + 1;
		hn = (size_t)(close - h);
		colon = close + 1 < a + n ? close + 1 : NULL;
		if (colon != NULL && *colon != ':')
			return hd_error_set(HD_EUSAGE, "%s: junk after ]", url);
		if (!part_ok(h, hn, V6_CHARS))
			return hd_error_set(HD_EUSAGE, "%s: malformed IPv6 address",
			    url);
	} else {
		colon = memchr(a, ':', n);
		hn = colon ? (size_t)(colon - a) : n;
		if (!part_ok(h, hn, NAME_CHARS))
			return hd_error_set(HD_EUSAGE, "%s: the ssh host must be a "
			    "name or address of letters, digits and .-_ (not starting "
			    "with -)", url);
	}
	if (colon != NULL && !port_ok(colon + 1, (size_t)(a + n - colon - 1)))
		return hd_error_set(HD_EUSAGE, "%s: the ssh port must be a number "
		    "from 1 to 65535", url);
	d->host = hd_xstrndup(h, hn);
	if (colon != NULL)
		d->port = hd_xstrndup(colon + 1, (size_t)(a + n - colon - 1));
	return HD_OK;
}

/* The docker CLI's ssh://[USER@]HOST[:PORT][/PATH], strictly. */
int
hd_ssh_dest_parse(struct hd_ssh_dest *d, const char *url)
{
	const char *a, *end, *at;
	int r;

	memset(d, 0, sizeof(*d));
	if (strncmp(url, "ssh://", 6) != 0)
		return hd_error_set(HD_EUSAGE, "%s: not an ssh:// URL", url);
	a = url + 6;
	end = a + strcspn(a, "/?#");
	if (strpbrk(a, "?#") != NULL)
		return hd_error_set(HD_EUSAGE, "%s: an ssh:// engine URL has no "
		    "query or fragment", url);
	if ((at = memrchr(a, '@', (size_t)(end - a))) != NULL) {
		if (memchr(a, ':', (size_t)(at - a)) != NULL)
			return hd_error_set(HD_EUSAGE, "%s: a password in the URL is "
			    "not supported; use keys or the ssh agent", url);
		if (!part_ok(a, (size_t)(at - a), NAME_CHARS))
			return hd_error_set(HD_EUSAGE, "%s: the ssh user must be "
			    "letters, digits and .-_ (not starting with -)", url);
		d->user = hd_xstrndup(a, (size_t)(at - a));
		a = at + 1;
	}
	if ((r = host_port(d, url, a, (size_t)(end - a))) < 0)
		goto out;
	if (end[0] == '/' && end[1] != '\0') {
		if (!part_ok(end, strlen(end), PATH_CHARS) ||
		    strstr(end, "/../") != NULL) {
			r = hd_error_set(HD_EUSAGE, "%s: the remote socket path must be "
			    "absolute, of letters, digits and /._-+", url);
			goto out;
		}
		d->path = hd_xstrdup(end);
	}
out:
	if (r < 0)
		hd_ssh_dest_clear(d);
	return r;
}

/* The argument list as the docker CLI builds it, plus BatchMode. */
char **
hd_ssh_argv(const struct hd_ssh_dest *d, long timeout_ms)
{
	char **v = hd_xcalloc(20, sizeof(*v));
	long secs = timeout_ms > 0 ? (timeout_ms + 999) / 1000 : 30;
	size_t n = 0;

	v[n++] = hd_xstrdup("ssh");
	v[n++] = hd_xstrdup("-o");
	v[n++] = hd_xstrdup("BatchMode=yes");
	v[n++] = hd_xstrdup("-o");
	v[n++] = hd_xasprintf("ConnectTimeout=%ld", secs);
	v[n++] = hd_xstrdup("-T");
	if (d->user) {
		v[n++] = hd_xstrdup("-l");
		v[n++] = hd_xstrdup(d->user);
	}
	if (d->port) {
		v[n++] = hd_xstrdup("-p");
		v[n++] = hd_xstrdup(d->port);
	}
	v[n++] = hd_xstrdup("--");
	v[n++] = hd_xstrdup(d->host);
	v[n++] = hd_xstrdup("docker");
	if (d->path) {
		v[n++] = hd_xstrdup("--host");
		v[n++] = hd_xasprintf("unix://%s", d->path);
	}
	v[n++] = hd_xstrdup("system");
	v[n++] = hd_xstrdup("dial-stdio");
	v[n] = NULL;
	return v;
}

void
hd_ssh_argv_free(char **argv)
{
	for (size_t i = 0; argv != NULL && argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

void
hd_ssh_dest_clear(struct hd_ssh_dest *d)
{
	free(d->user);
	free(d->host);
	free(d->port);
	free(d->path);
	memset(d, 0, sizeof(*d));
}
