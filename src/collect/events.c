/* The engine's event stream: line splitting, event parsing, streaming. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include <hardock/check.h> /* hd_json_path() */
#include <hardock/common.h>
#include <hardock/jsonparse.h>

#include "collect/engine_http.h"
#include "collect/events.h"

/* ---- Lines --------------------------------------------------------------- */

struct hd_lines {
	char *buf;
	size_t len, cap;
	bool skipping; /* inside a line that passed the cap */
};

struct hd_lines *
hd_lines_new(size_t cap)
{
	struct hd_lines *l = hd_xcalloc(1, sizeof(*l));

	l->cap = cap;
	l->buf = hd_xmalloc(cap ? cap : 1);
	return l;
}

void
hd_lines_feed(struct hd_lines *l, const char *data, size_t len, hd_line_fn fn,
    void *arg)
{
	while (len > 0) {
		const char *nl = memchr(data, '\n', len);
		size_t n = nl ? (size_t)(nl - data) : len;

		if (!l->skipping && l->len + n > l->cap) {
			/* Reported once, when it passes the cap; never held. */
			l->skipping = true;
			l->len = 0;
			fn(arg, NULL, l->cap);
		}
		if (!l->skipping) {
			memcpy(l->buf + l->len, data, n);
			l->len += n;
		}
		if (nl == NULL)
			return;
		if (!l->skipping && l->len > 0)
			fn(arg, l->buf, l->len);
		l->len = 0;
		l->skipping = false;
		data = nl + 1;
		len -= n + 1;
	}
}

size_t
hd_lines_pending(const struct hd_lines *l)
{
	return l->len;
}

void
hd_lines_free(struct hd_lines *l)
{
	if (l == NULL)
		return;
	free(l->buf);
	free(l);
}

/* ---- Events -------------------------------------------------------------- */

/* Copy string member path of o into dst (size n): true when it is a
 * string that fits, or absent and optional ("" then). */
static bool
copy_str(char *dst, size_t n, json_object *o, const char *path, bool optional)
{
	json_object *v = hd_json_path(o, path);
	size_t len;

	dst[0] = '\0';
	if (v == NULL)
		return optional;
	if (!json_object_is_type(v, json_type_string))
		return false;
	len = (size_t)json_object_get_string_len(v);
	if (len >= n || memchr(json_object_get_string(v), '\0', len) != NULL)
		return false;
	memcpy(dst, json_object_get_string(v), len + 1);
	return true;
}

/* An integer member, 0 when absent; false when present but no integer or
 * negative. */
static bool
get_int(long long *dst, json_object *o, const char *key)
{
	json_object *v = hd_json_path(o, key);

	*dst = 0;
	if (v == NULL)
		return true;
	if (!json_object_is_type(v, json_type_int))
		return false;
	*dst = (long long)json_object_get_int64(v);
	return *dst >= 0;
}

bool
hd_event_refreshes(const char *action)
{
	static const char *const actions[] = { "create", "start", "restart",
		"update", "rename", "die", "stop", "kill", "pause", "unpause",
		"destroy", NULL };

	for (size_t i = 0; actions[i]; i++)
		if (strcmp(action, actions[i]) == 0)
			return true;
	return false;
}

int
hd_event_parse(struct hd_event *out, const char *line, size_t len)
{
	json_object *doc = NULL;
	const char *bad = NULL;
	int r = HD_OK;

	memset(out, 0, sizeof(*out));
	if (hd_json_parse(&doc, line, len) < 0) {
		r = hd_error_set(HD_EPARSE, "event is not JSON: %s", hd_error_last());
		goto out;
	}
	if (!json_object_is_type(doc, json_type_object))
		bad = "not a JSON object";
	else if (!copy_str(out->type, sizeof(out->type), doc, "Type", false))
		bad = "Type missing, not a string or too long";
	else if (!copy_str(out->action, sizeof(out->action), doc, "Action", false))
		bad = "Action missing, not a string or too long";
	else if (!copy_str(out->id, sizeof(out->id), doc, "Actor.ID", true))
		bad = "Actor.ID not a string or too long";
	else if (!copy_str(out->name, sizeof(out->name), doc,
	    "Actor.Attributes.name", true))
		bad = "Actor.Attributes.name not a string or too long";
	else if (!get_int(&out->time, doc, "time") ||
	    !get_int(&out->time_nano, doc, "timeNano"))
		bad = "time or timeNano not a non-negative integer";
	if (bad != NULL)
		r = hd_error_set(HD_EPARSE, "malformed event: %s", bad);
out:
	json_object_put(doc);
	if (r < 0)
		memset(out, 0, sizeof(*out));
	return r;
}

/* ---- The stream ---------------------------------------------------------- */

/* A line read, waiting for hd_events_poll() to hand it over. */
struct qline {
	char *text; /* NULL: a line passed the cap */
	size_t len;
};

struct hd_events {
	CURLM *multi;
	CURL *easy;
	struct hd_lines *lines;
	struct qline *q;
	size_t nq, qbytes, peak;
	bool paused;
	bool ended;
	char *reason;
	char errbuf[CURL_ERROR_SIZE];
};

/* Queue a line (the splitter's callback). */
static void
enqueue(void *arg, const char *line, size_t len)
{
	struct hd_events *ev = arg;
	struct qline *ql;

	ev->q = hd_xrealloc(ev->q, ev->nq + 1, sizeof(*ev->q));
	ql = &ev->q[ev->nq++];
	ql->text = line ? hd_xmalloc(len + 1) : NULL;
	ql->len = len;
	if (line) {
		memcpy(ql->text, line, len);
		ql->text[len] = '\0';
		ev->qbytes += len;
	}
}

/* libcurl write callback: split into the queue; pause while it is full
 * (libcurl hands the same bytes again on resume). */
static size_t
on_data(char *data, size_t size, size_t n, void *arg)
{
	struct hd_events *ev = arg;
	size_t held;

	if (ev->qbytes >= HD_EVENT_QUEUE_MAX) {
		ev->paused = true;
		return CURL_WRITEFUNC_PAUSE;
	}
	hd_lines_feed(ev->lines, data, size * n, enqueue, ev);
	held = ev->qbytes + hd_lines_pending(ev->lines);
	if (held > ev->peak)
		ev->peak = held;
	return size * n;
}

/* "{"type":["container",...]}" URL-encoded. */
#define EVENT_FILTERS "%7B%22type%22%3A%5B%22container%22%2C%22image%22%2C" \
	"%22network%22%2C%22daemon%22%5D%7D"

int
hd_events_open(struct hd_events **out, const struct hd_engine_target *t,
    const char *prefix, const char *since, long connect_ms)
{
	struct hd_events *ev;
	char *base, *url;

	*out = NULL;
	/* An ssh tunnel is driven by the client's own loop (engine_ssh.h). */
	if (t->ssh)
		return hd_error_set(HD_EUSAGE, "hardock watch cannot follow the "
		    "events of an ssh:// engine yet");
	ev = hd_xcalloc(1, sizeof(*ev));
	base = hd_http_base_url(t);
	url = hd_xasprintf("%s%s/events?filters=%s%s%s", base, prefix,
	    EVENT_FILTERS, since ? "&since=" : "", since ? since : "");
	free(base);
	ev->lines = hd_lines_new(HD_EVENT_LINE_MAX);
	ev->multi = curl_multi_init();
	ev->easy = curl_easy_init();
	if (ev->multi == NULL || ev->easy == NULL) {
		free(url);
		hd_events_free(ev);
		return hd_error_set(HD_ERR, "cannot set up libcurl");
	}
	hd_http_easy_transport(ev->easy, t, NULL);
	curl_easy_setopt(ev->easy, CURLOPT_URL, url);
	curl_easy_setopt(ev->easy, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	curl_easy_setopt(ev->easy, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(ev->easy, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(ev->easy, CURLOPT_ERRORBUFFER, ev->errbuf);
	curl_easy_setopt(ev->easy, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(ev->easy, CURLOPT_WRITEDATA, ev);
	curl_multi_add_handle(ev->multi, ev->easy);
	free(url);
	*out = ev;
	return HD_OK;
}

/* Hand the queued lines to fn and empty the queue. */
static void
drain(struct hd_events *ev, hd_line_fn fn, void *arg)
{
	for (size_t i = 0; i < ev->nq; i++) {
		fn(arg, ev->q[i].text, ev->q[i].len);
		free(ev->q[i].text);
	}
	free(ev->q);
	ev->q = NULL;
	ev->nq = ev->qbytes = 0;
}

int
hd_events_poll(struct hd_events *ev, int wait_ms, hd_line_fn fn, void *arg)
{
	CURLMsg *m;
	long status = 0;
	int still, q;

	if (!ev->ended) {
		curl_multi_poll(ev->multi, NULL, 0, wait_ms, NULL);
		curl_multi_perform(ev->multi, &still);
		while ((m = curl_multi_info_read(ev->multi, &q)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(ev->easy, CURLINFO_RESPONSE_CODE, &status);
			ev->ended = true;
			if (m->data.result == CURLE_OK)
				ev->reason = hd_xstrdup("the engine closed the event stream");
			else
				ev->reason = hd_xasprintf("the event stream broke: %s",
				    ev->errbuf[0] ? ev->errbuf :
				    curl_easy_strerror(m->data.result));
		}
	}
	drain(ev, fn, arg);
	if (ev->paused && !ev->ended) {
		ev->paused = false;
		curl_easy_pause(ev->easy, CURLPAUSE_CONT);
	}
	if (ev->ended)
		return hd_error_set(HD_ECONNECT, "%s", ev->reason);
	return HD_OK;
}

size_t
hd_events_peak(const struct hd_events *ev)
{
	return ev->peak;
}

void
hd_events_free(struct hd_events *ev)
{
	if (ev == NULL)
		return;
	if (ev->multi && ev->easy)
		curl_multi_remove_handle(ev->multi, ev->easy);
	if (ev->easy)
		curl_easy_cleanup(ev->easy);
	if (ev->multi)
		curl_multi_cleanup(ev->multi);
	for (size_t i = 0; i < ev->nq; i++)
		free(ev->q[i].text);
	free(ev->q);
	hd_lines_free(ev->lines);
	free(ev->reason);
	free(ev);
}
