/*
 * The engine's event stream (GET /events) for `hardock watch`: a line
 * splitter and an event parser that take buffers (fuzzed by
 * fuzz/fuzz_events.c), and a streaming request over the engine's
 * transport (collect/engine_http.h).
 *
 * Everything the engine sends is hostile: a line longer than the cap is
 * reported once and skipped to its end, never buffered; a line that is not
 * an event is reported with the reason; a stream that floods faster than
 * it is read is paused, so memory is bounded by the cap and one queue.
 */
#ifndef HARDOCK_COLLECT_EVENTS_H
#define HARDOCK_COLLECT_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "collect/dockerhost.h"

#define HD_EVENT_LINE_MAX (64u << 10) /* one event line (dockerd's are < 2 KiB) */
#define HD_EVENT_QUEUE_MAX (1u << 20) /* lines read but not handled yet */

/* One event, fields copied (truncated fields are refused, not cut). */
struct hd_event {
	char type[16];       /* "container", "image", "network", "daemon" */
	char action[64];     /* "create", "destroy", "health_status: healthy" */
	char id[136];        /* Actor.ID: a container or image id, "" if none */
	char name[256];      /* Actor.Attributes.name, "" when none */
	long long time;      /* seconds since the epoch */
	long long time_nano; /* nanoseconds since the epoch; 0 when absent */
};

/* Parse one event line (a JSON object) from a buffer: HD_OK, or HD_EPARSE
 * with the reason in hd_error_last() (not JSON, not an object, Type or
 * Action missing or not strings, a field too long, a bad time). */
int hd_event_parse(struct hd_event *out, const char *line, size_t len);

/* Whether a container event's action can change what its checks see (so
 * that hardock watch inspects the container again). */
bool hd_event_refreshes(const char *action);

/* Called for each line: the line without its '\n' (may hold NUL bytes),
 * or line NULL and len the cap when a line passed the cap (its rest is
 * skipped). */
typedef void (*hd_line_fn)(void *arg, const char *line, size_t len);

/* A line splitter over a byte stream, lines at most cap bytes. */
struct hd_lines;
struct hd_lines *hd_lines_new(size_t cap);

/* Feed len bytes; fn is called for every line they complete. */
void hd_lines_feed(struct hd_lines *l, const char *data, size_t len,
    hd_line_fn fn, void *arg);

/* Bytes of an unfinished line held (at most cap). */
size_t hd_lines_pending(const struct hd_lines *l);

/* Free l; NULL is accepted. */
void hd_lines_free(struct hd_lines *l);

/* An open GET /events stream. */
struct hd_events;

/* Start streaming PREFIX/events filtered to container, image, network and
 * daemon events, from since ("SECONDS.NANOS", or NULL for now). Only the
 * connection has a timeout (connect_ms). The request is under way when
 * this returns; a failure shows in hd_events_poll(). */
int hd_events_open(struct hd_events **out, const struct hd_engine_target *t,
    const char *prefix, const char *since, long connect_ms);

/* Wait at most wait_ms for data, then hand every line received to fn.
 * HD_OK while the stream is open; HD_ECONNECT once it ended (the engine
 * went away, answered an error, or closed the stream), the reason in
 * hd_error_last(). Lines received before the end are handed first. */
int hd_events_poll(struct hd_events *ev, int wait_ms, hd_line_fn fn, void *arg);

/* Peak bytes the stream held at once (queue plus partial line). */
size_t hd_events_peak(const struct hd_events *ev);

/* Free ev; NULL is accepted. */
void hd_events_free(struct hd_events *ev);

#endif
