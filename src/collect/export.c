/* Image streams: open descriptors, and the engine's export copied by a
 * child process into pipes (see collect/export.h). */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <curl/curl.h>

#include <hardock/buf.h>
#include <hardock/common.h>

#include "collect/engine_http.h"
#include "collect/export.h"

#define STATUS_MAX 1024     /* one status line */
#define ERRBODY_MAX 2048    /* an error answer's body kept for the reason */
#define MIN_STALL_S 60L     /* a transfer stalled this long fails */

struct hd_stream *
hd_stream_fd(int fd)
{
	struct hd_stream *st = hd_xcalloc(1, sizeof(*st));

	st->fd = fd;
	st->status = -1;
	return st;
}

/* Read the copier's status line for the stream: "OK", "STOP" (the
 * reader closed the pipe first) or "ERR reason". */
static void
read_status(struct hd_stream *st)
{
	char line[STATUS_MAX];
	size_t n = 0;
	ssize_t k;

	if (st->checked || st->status < 0)
		return;
	st->checked = true;
	while (n < sizeof(line) - 1) {
		k = read(st->status, line + n, 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	if (strcmp(line, "OK") == 0 || strcmp(line, "STOP") == 0)
		return;
	st->why = strncmp(line, "ERR ", 4) == 0 ? hd_xstrdup(line + 4) :
	    hd_xstrdup("the export's copier ended without saying why");
}

ssize_t
hd_stream_read(void *arg, const void **buf)
{
	struct hd_stream *st = arg;
	ssize_t n;

	*buf = st->buf;
	if (st->fd < 0 || st->ended)
		return 0;
	do
		n = read(st->fd, st->buf, sizeof(st->buf));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return hd_error_set(HD_EIO, "reading the image: %s", strerror(errno)),
		    -1;
	if (n > 0)
		return n;
	st->ended = true;
	read_status(st);
	if (st->why != NULL)
		return hd_error_set(HD_ECONNECT, "%s", st->why), -1;
	return 0;
}

int
hd_stream_close(struct hd_stream *st)
{
	if (st->fd >= 0)
		close(st->fd);
	st->fd = -1;
	read_status(st);
	return st->why ? hd_error_set(HD_ERR, "%s", st->why) : HD_OK;
}

void
hd_stream_free(struct hd_stream *st)
{
	if (st == NULL)
		return;
	if (st->fd >= 0)
		close(st->fd);
	free(st->why);
	free(st);
}

/* ---- The copier ------------------------------------------------------- */

struct hd_export {
	struct hd_stream **streams;
	size_t n;
	int status;   /* read end of the status pipe (shared by the streams) */
	pid_t child;
};

/* One transfer of the child: where its body goes. */
struct copy {
	CURL *c;
	int fd;
	bool broken;   /* the reader closed its end */
	bool error;    /* not a 2xx answer: the body is the reason */
	bool checked;  /* the status was looked at */
	struct hd_buf *errbody;
};

/* libcurl write callback of the child: a 2xx body into the pipe (blocking,
 * so the parent's pace bounds memory), an error body kept for the reason. */
static size_t
copy_body(char *data, size_t size, size_t n, void *arg)
{
	struct copy *cp = arg;
	size_t len = size * n, done = 0;
	long status = 0;

	if (!cp->checked) {
		curl_easy_getinfo(cp->c, CURLINFO_RESPONSE_CODE, &status);
		cp->error = status < 200 || status > 299;
		cp->checked = true;
	}
	if (cp->error) {
		(void)hd_buf_append(cp->errbody, data, len); /* capped: cut */
		return len;
	}
	while (done < len) {
		ssize_t k = write(cp->fd, data + done, len - done);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			cp->broken = true;
			return 0;
		}
		done += (size_t)k;
	}
	return len;
}

/* Write the status line of one transfer to fd (short enough to be one
 * atomic write). */
static void
put_status(int fd, const char *fmt, ...) HD_PRINTF(2, 3);

static void
put_status(int fd, const char *fmt, ...)
{
	va_list ap;
	char *msg, *q, *line;

	va_start(ap, fmt);
	msg = hd_xvasprintf(fmt, ap);
	va_end(ap);
	q = hd_http_quote(msg, strlen(msg));
	line = hd_xasprintf("%s\n", q);
	(void)!write(fd, line, strlen(line));
	free(line);
	free(q);
	free(msg);
}

/* Close every descriptor above stderr but the n in keep: the copier holds
 * only its pipes (not the report files, archives or the parent's engine
 * connections). */
static void
close_others(int *keep, size_t n)
{
	unsigned lo = 3;

	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && keep[j] < keep[j - 1]; j--) {
			int t = keep[j];

			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		if ((unsigned)keep[i] > lo)
			(void)close_range(lo, (unsigned)keep[i] - 1, 0);
		lo = (unsigned)keep[i] + 1;
	}
	(void)close_range(lo, ~0u, 0);
}

/* The child: copy each export into its pipe, say how it ended, exit. */
static void
copier(const struct hd_engine_target *t, const char *prefix,
    const char *const *hex, size_t n, const int *fds, int status,
    long timeout_ms)
{
	char *base = hd_http_base_url(t);
	char errbuf[CURL_ERROR_SIZE];

	for (size_t i = 0; i < n; i++) {
		struct copy cp = { .fd = fds[i], .errbody = hd_buf_new(ERRBODY_MAX) };
		char *url = hd_xasprintf("%s%s/images/%s/get", base, prefix, hex[i]);
		long stall = timeout_ms / 1000 > MIN_STALL_S ? timeout_ms / 1000 :
		    MIN_STALL_S, code = 0;
		CURLcode cc;

		errbuf[0] = '\0';
		cp.c = curl_easy_init();
		if (cp.c == NULL) {
			put_status(status, "ERR cannot set up libcurl");
		} else {
			hd_http_easy_transport(cp.c, t, NULL);
			curl_easy_setopt(cp.c, CURLOPT_URL, url);
			curl_easy_setopt(cp.c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
			curl_easy_setopt(cp.c, CURLOPT_LOW_SPEED_LIMIT, 1L);
			curl_easy_setopt(cp.c, CURLOPT_LOW_SPEED_TIME, stall);
			curl_easy_setopt(cp.c, CURLOPT_ERRORBUFFER, errbuf);
			curl_easy_setopt(cp.c, CURLOPT_WRITEFUNCTION, copy_body);
			curl_easy_setopt(cp.c, CURLOPT_WRITEDATA, &cp);
			cc = curl_easy_perform(cp.c);
			curl_easy_getinfo(cp.c, CURLINFO_RESPONSE_CODE, &code);
			if (cp.broken)
				put_status(status, "STOP");
			else if (cc != CURLE_OK)
				put_status(status, "ERR GET %s/images/%s/get failed: %s",
				    prefix, hex[i], errbuf[0] ? errbuf : curl_easy_strerror(cc));
			else if (cp.error)
				put_status(status, "ERR GET %s/images/%s/get: the engine "
				    "answered HTTP %ld: %.*s", prefix, hex[i], code,
				    (int)hd_buf_len(cp.errbody), hd_buf_ptr(cp.errbody));
			else
				put_status(status, "OK");
			curl_easy_cleanup(cp.c);
		}
		close(fds[i]);
		hd_buf_free(cp.errbody);
		free(url);
	}
	free(base);
}

int
hd_export_start(struct hd_export **out, const struct hd_engine_target *t,
    const char *prefix, const char *const *hex, size_t n, long timeout_ms)
{
	struct hd_export *x;
	int *wfd, sp[2], r = HD_OK;
	pid_t parent = getpid(), pid;

	*out = NULL;
	if (t->ssh)
		return hd_error_set(HD_EUSAGE, "the contents of an ssh:// engine's "
		    "images cannot be streamed yet: run 'docker -H %s save IMAGE | "
		    "hardock image --archive -'", t->url);
	x = hd_xcalloc(1, sizeof(*x));
	x->streams = hd_xcalloc(n + 1, sizeof(*x->streams));
	x->status = -1;
	x->child = -1;
	wfd = hd_xcalloc(n + 1, sizeof(*wfd));
	for (size_t i = 0; i < n; i++) {
		int p[2];

		if (pipe2(p, O_CLOEXEC) < 0) {
			r = hd_error_set(HD_ERR, "pipe: %s", strerror(errno));
			goto out;
		}
		x->streams[x->n++] = hd_stream_fd(p[0]);
		wfd[i] = p[1];
	}
	if (pipe2(sp, O_CLOEXEC) < 0) {
		r = hd_error_set(HD_ERR, "pipe: %s", strerror(errno));
		goto out;
	}
	x->status = sp[0];
	for (size_t i = 0; i < n; i++)
		x->streams[i]->status = sp[0];
	fflush(NULL);
	if ((pid = fork()) < 0) {
		close(sp[1]);
		r = hd_error_set(HD_ERR, "fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		/* The copier: dies with its parent, never by SIGPIPE. */
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		signal(SIGPIPE, SIG_IGN);
		{
			int *keep = hd_xcalloc(n + 1, sizeof(*keep));

			memcpy(keep, wfd, n * sizeof(*keep));
			keep[n] = sp[1];
			close_others(keep, n + 1);
			free(keep);
		}
		copier(t, prefix, hex, n, wfd, sp[1], timeout_ms);
		/* The parent's side was closed above: free its memory only,
		 * so that memcheck sees the copier end clean. */
		for (size_t i = 0; i < x->n; i++)
			x->streams[i]->fd = -1;
		x->status = -1;
		hd_export_free(x);
		free(wfd);
		_exit(0);
	}
	x->child = pid;
	close(sp[1]);
out:
	for (size_t i = 0; i < x->n; i++)
		close(wfd[i]);
	free(wfd);
	if (r < 0)
		hd_export_free(x);
	else
		*out = x;
	return r;
}

struct hd_stream *
hd_export_stream(struct hd_export *x, size_t i)
{
	return i < x->n ? x->streams[i] : NULL;
}

/* The child is not waited for: inside the sandbox wait4 is refused; it
 * ends once its pipes are closed, and init reaps it after us. */
void
hd_export_free(struct hd_export *x)
{
	if (x == NULL)
		return;
	for (size_t i = 0; i < x->n; i++) {
		x->streams[i]->status = -1;
		hd_stream_free(x->streams[i]);
	}
	if (x->status >= 0)
		close(x->status);
	free(x->streams);
	free(x);
}
