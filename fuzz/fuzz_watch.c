/* Fuzz hardock watch's per-event path: a transcript of Engine API answers
 * (fuzz/transcript.h) up to a line "EVENTS", then the event stream's
 * bytes. The engine collector builds the snapshot from the transcript and
 * it is evaluated once; then, as watch does, the stream is split into
 * lines (two chunks, a small line cap), each event parsed, and a
 * container event re-inspects that container over the same replaying
 * connection, replaces it in the snapshot, re-evaluates its checks and
 * prints each change of verdict as text and as a JSON Lines object. Host
 * collectors do not run and only sections 4 and 5 (images, containers:
 * what a container event changes) are selected; fuzz_snapshot covers
 * every check over every fact, at a tenth of the speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/scan.h>
#include <hardock/snapshot.h>
#include <hardock/watch.h>

#include "collect/engine.h"
#include "collect/events.h"
#include "transcript.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

struct run {
	struct hd_engine_conn *conn;
	struct hd_snapshot *s;
	struct hd_results *res;
	struct hd_scan_opts *o;
	FILE *null;
	unsigned long long seq;
};

/* One line of the stream: parse it, re-inspect and re-evaluate. */
static void
on_line(void *arg, const char *line, size_t len)
{
	struct run *r = arg;
	struct hd_verdicts old = { 0 }, new = { 0 };
	struct hd_change *ch;
	struct hd_event e;
	size_t n;

	if (line == NULL || hd_event_parse(&e, line, len) < 0 ||
	    strcmp(e.type, "container") != 0 || !hd_event_refreshes(e.action))
		return;
	if (hd_engine_refresh_container(r->conn, r->s, e.id) == HD_EUSAGE)
		return;
	hd_verdicts_collect(&old, r->res, HD_OBJ_CONTAINER, e.id, true);
	hd_scan_update_object(r->res, r->s, r->o, HD_OBJ_CONTAINER, e.id);
	hd_verdicts_collect(&new, r->res, HD_OBJ_CONTAINER, e.id, false);
	n = hd_verdicts_diff(&ch, &old, &new);
	for (size_t i = 0; i < n; i++) {
		json_object *cause = json_object_new_string(e.action);
		json_object *o = hd_change_json(&ch[i], r->res, ++r->seq, cause);

		fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
		    r->null);
		json_object_put(o);
		json_object_put(cause);
		hd_change_text(r->null, &ch[i], r->res, r->seq, e.name);
	}
	free(ch);
	hd_verdicts_clear(&old);
	hd_verdicts_clear(&new);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	const char *text = (const char *)data, *split = NULL, *events;
	struct hd_collect_opts co = { .root = "/", .host =
	    "unix:///nonexistent/fuzz.sock", .timeout_ms = 1000 };
	struct hd_engine_limits lim = { .body_cap = (size_t)64 * 1024,
	    .max_inflight = 1, .replay = hd_transcript_answer };
	struct hd_docker_env env = { 0 };
	struct hd_transcript *t;
	struct hd_scan_opts o;
	struct hd_lines *l;
	struct run r = { 0 };
	size_t tlen = len, elen = 0, half;

	/* The transcript ends at a line "EVENTS". */
	for (const char *p = text; p + 7 <= text + len; p++) {
		p = memchr(p, 'E', (size_t)(text + len - p));
		if (p == NULL || p + 7 > text + len)
			break;
		if ((p == text || p[-1] == '\n') && memcmp(p, "EVENTS\n", 7) == 0) {
			split = p;
			break;
		}
	}
	if (split != NULL) {
		tlen = (size_t)(split - text);
		events = split + 7;
		elen = len - tlen - 7;
	} else {
		events = text + len;
	}
	t = hd_transcript_parse(text, tlen);
	lim.replay_arg = t;
	r.s = hd_snapshot_new();
	hd_engine_collect(r.s, &co, &env, &lim);
	hd_scan_opts_init(&o);
	/* Owned by o (hd_scan_opts_release frees the array). */
	o.select = hd_xcalloc(2, sizeof(*o.select));
	o.select[0] = "4";
	o.select[1] = "5";
	o.nselect = 2;
	r.o = &o;
	if (hd_scan_run(&r.res, r.s, &o) == 0 &&
	    hd_engine_open(&r.conn, &co, &env, &lim) == 0) {
		r.null = fopen("/dev/null", "w");
		l = hd_lines_new(4096);
		half = elen / 2;
		/* Two chunks: a line may straddle them. */
		hd_lines_feed(l, events, half, on_line, &r);
		hd_lines_feed(l, events + half, elen - half, on_line, &r);
		hd_lines_free(l);
		fclose(r.null);
	}
	hd_engine_conn_free(r.conn);
	hd_results_free(r.res);
	hd_scan_opts_release(&o);
	hd_snapshot_free(r.s);
	hd_transcript_free(t);
	return 0;
}
