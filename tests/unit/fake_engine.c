/* The fake engine of the unit tests (see fake_engine.h). */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include <hardock/buf.h>

#include "collect/run.h"
#include "fake_engine.h"

/* Milliseconds of the monotonic clock (the collectors' own). */
long long
ms_now(void)
{
	return hd_run_now_ms();
}

/* Send all of len bytes; false once the peer has gone. */
static bool
send_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* The route for path, NULL when none. */
static const struct route *
find_route(struct fake *fk, const char *path)
{
	size_t np = strlen(fk->prefix);

	for (size_t i = 0; i < fk->nroutes; i++) {
		const struct route *r = &fk->routes[i];

		if (strcmp(r->path, "/_ping") == 0 || strcmp(r->path, "/version") == 0) {
			if (strcmp(path, r->path) == 0)
				return r;
		} else if (strncmp(path, fk->prefix, np) == 0 &&
		    strcmp(path + np, r->path) == 0) {
			return r;
		}
	}
	return NULL;
}

/* Send route r's status and body on c. */
static bool
reply(struct fake *fk, struct conn *c, const struct route *r)
{
	char head[512];

	snprintf(head, sizeof(head), "HTTP/1.1 %d X\r\nContent-Type: "
	    "application/json\r\nApi-Version: %s\r\nContent-Length: %zu\r\n\r\n",
	    r->status, fk->api_header, strlen(r->body));
	return send_all(c->fd, head, strlen(head)) &&
	    send_all(c->fd, r->body, strlen(r->body));
}

/* Answer one request; false when the connection is to be closed. */
static bool
answer(struct fake *fk, struct conn *c, const char *path)
{
	static const struct route notfound = { "", 404,
	    "{\"message\":\"page not found\"}", B_OK };
	const struct route *r = find_route(fk, path);
	char head[512], chunk[4096];
	size_t sent = 0;

	pthread_mutex_lock(&fk->mu);
	if (fk->nlog < sizeof(fk->log) / sizeof(fk->log[0]))
		fk->log[fk->nlog++] = strdup(path);
	pthread_mutex_unlock(&fk->mu);
	if (r == NULL)
		r = &notfound;
	switch (r->how) {
	case B_HANG:
		c->hung = true;
		return true;
	case B_SLOW:
		c->later = r;
		c->due = ms_now() + SLOW_MS;
		return true;
	case B_BIGLEN:
		snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Type: "
		    "application/json\r\nContent-Length: %u\r\n\r\n[",
		    HD_BUF_CAP_API + 100u);
		send_all(c->fd, head, strlen(head));
		return false;
	case B_STREAM:
		snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Type: "
		    "application/json\r\nConnection: close\r\n\r\n[");
		send_all(c->fd, head, strlen(head));
		memset(chunk, ' ', sizeof(chunk));
		while (sent < STREAM_BYTES && send_all(c->fd, chunk, sizeof(chunk)))
			sent += sizeof(chunk);
		return false;
	case B_DIE:
		fk->dead = true;
		return false;
	case B_OK:
		break;
	}
	return reply(fk, c, r);
}

/* Serve every complete request buffered on c; false to close it. */
static bool
serve_conn(struct fake *fk, struct conn *c)
{
	char *end, path[1024];

	if (c->later != NULL) {
		if (ms_now() < c->due)
			return true;
		if (!reply(fk, c, c->later))
			return false;
		c->later = NULL;
	}
	while (!c->hung && c->later == NULL &&
	    (end = memmem(c->buf, c->len, "\r\n\r\n", 4)) != NULL) {
		size_t used = (size_t)(end - c->buf) + 4;

		if (sscanf(c->buf, "GET %1023s HTTP/1.1", path) != 1)
			return false;
		if (!answer(fk, c, path))
			return false;
		memmove(c->buf, c->buf + used, c->len - used);
		c->len -= used;
	}
	return true;
}

/* The fake engine's event loop, until the stop pipe is written. */
static void *
serve(void *arg)
{
	struct fake *fk = arg;
	struct conn *conns = calloc(MAXCONN, sizeof(*conns));
	struct pollfd pf[MAXCONN + 2];
	size_t nc = 0;
	int wait;

	for (;;) {
		/* Wake up for the earliest slow answer due. */
		wait = -1;
		for (size_t i = 0; i < nc; i++)
			if (conns[i].later != NULL) {
				long long d = conns[i].due - ms_now();

				d = d < 0 ? 0 : d;
				if (wait < 0 || d < wait)
					wait = (int)d;
			}
		pf[0] = (struct pollfd){ .fd = fk->stop[0], .events = POLLIN };
		/* A negative fd (the killed engine's listener) is ignored. */
		pf[1] = (struct pollfd){ .fd = fk->lfd, .events = POLLIN };
		for (size_t i = 0; i < nc; i++)
			pf[i + 2] = (struct pollfd){ .fd = conns[i].fd, .events = POLLIN };
		if (poll(pf, nc + 2, wait) < 0 && errno != EINTR)
			break;
		if (pf[0].revents)
			break;
		for (size_t i = 0; i < nc; i++) {
			struct conn *c = &conns[i];
			ssize_t n;

			if (!pf[i + 2].revents) {
				if (c->later != NULL && !serve_conn(fk, c)) {
					close(c->fd);
					c->fd = -1;
					fk->open--;
				}
				continue;
			}
			n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len - 1);
			if (n > 0) {
				c->len += (size_t)n;
				c->buf[c->len] = '\0';
			}
			if (n <= 0 || !serve_conn(fk, c)) {
				close(c->fd);
				c->fd = -1;
				fk->open--;
			}
		}
		for (size_t i = 0; i < nc;) {
			if (conns[i].fd < 0)
				conns[i] = conns[--nc];
			else
				i++;
		}
		/* Killed: nothing answers any more, nothing accepts. */
		if (fk->dead && fk->lfd >= 0) {
			for (size_t i = 0; i < nc; i++)
				if (conns[i].fd >= 0)
					close(conns[i].fd);
			nc = 0;
			close(fk->lfd);
			fk->lfd = -1;
			unlink(fk->sock);
		}
		if (fk->lfd >= 0 && (pf[1].revents & POLLIN)) {
			int fd = accept(fk->lfd, NULL, NULL);

			if (fd >= 0 && nc == MAXCONN) {
				close(fd);
			} else if (fd >= 0) {
				memset(&conns[nc], 0, sizeof(conns[nc]));
				conns[nc++].fd = fd;
				fk->accepts++;
				if (++fk->open > fk->maxopen)
					fk->maxopen = fk->open;
			}
		}
	}
	for (size_t i = 0; i < nc; i++)
		close(conns[i].fd);
	free(conns);
	return NULL;
}

/* Start a fake engine serving routes (n of them) under prefix. */
struct fake *
fake_start(const struct route *routes, size_t n, const char *prefix,
    const char *api_header)
{
	struct fake *fk = calloc(1, sizeof(*fk));
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	strcpy(fk->dir, "/tmp/hd-engine-XXXXXX");
	ck_assert(mkdtemp(fk->dir) != NULL);
	snprintf(fk->sock, sizeof(fk->sock), "%s/engine.sock", fk->dir);
	ck_assert(strlen(fk->sock) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, fk->sock, strlen(fk->sock) + 1);
	fk->routes = routes;
	fk->nroutes = n;
	fk->prefix = prefix;
	fk->api_header = api_header;
	pthread_mutex_init(&fk->mu, NULL);
	ck_assert((fk->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0);
	ck_assert(bind(fk->lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	ck_assert(listen(fk->lfd, 64) == 0);
	ck_assert(pipe(fk->stop) == 0);
	ck_assert(pthread_create(&fk->thr, NULL, serve, fk) == 0);
	return fk;
}

/* Stop the fake engine and remove its directory. */
void
fake_stop(struct fake *fk)
{
	ck_assert(write(fk->stop[1], "x", 1) == 1);
	pthread_join(fk->thr, NULL);
	if (fk->lfd >= 0)
		close(fk->lfd);
	close(fk->stop[0]);
	close(fk->stop[1]);
	unlink(fk->sock);
	rmdir(fk->dir);
	for (size_t i = 0; i < fk->nlog; i++)
		free(fk->log[i]);
	pthread_mutex_destroy(&fk->mu);
	free(fk);
}
