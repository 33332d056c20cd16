/*
 * A fake Docker engine for the unit tests: a thread in the test process
 * serving HTTP/1.1 on a unix socket in a temporary directory, answering
 * from a table of routes (some of which misbehave on purpose), and
 * counting what it was asked and how many connections it saw.
 */
#ifndef HARDOCK_TEST_FAKE_ENGINE_H
#define HARDOCK_TEST_FAKE_ENGINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define MAXCONN 64

enum behave {
	B_OK = 0,   /* status and body as given */
	B_HANG,     /* read the request, never answer */
	B_BIGLEN,   /* announce a body larger than HD_BUF_CAP_API */
	B_STREAM,   /* stream STREAM_BYTES of body, no length, then close */
	B_SLOW,     /* like B_OK, SLOW_MS later */
	B_DIE,      /* the engine is killed: every connection and the socket go */
};
#define SLOW_MS 50
#define STREAM_BYTES ((size_t)256 * 1024)

struct route {
	const char *path;  /* after the version prefix, or "/_ping", "/version" */
	int status;
	const char *body;
	enum behave how;
};

struct conn {
	int fd;
	char buf[16384];
	size_t len;
	bool hung;
	const struct route *later; /* a B_SLOW answer due at due (ms) */
	long long due;
};

struct fake {
	char dir[64];
	char sock[128];
	const char *prefix;      /* "/v1.43": routes below it */
	const char *api_header;  /* Api-Version header on every answer */
	const struct route *routes;
	size_t nroutes;
	int lfd;
	int stop[2];
	pthread_t thr;
	pthread_mutex_t mu;
	char *log[4096];         /* request paths, in arrival order */
	size_t nlog;
	int open, maxopen, accepts;
	bool dead;               /* a B_DIE route was asked for */
};

/* Milliseconds of the monotonic clock. */
long long ms_now(void);

/* Start a fake engine serving routes (n of them) under prefix. */
struct fake *fake_start(const struct route *routes, size_t n,
    const char *prefix, const char *api_header);

/* Stop the fake engine and remove its directory. */
void fake_stop(struct fake *fk);

#endif
