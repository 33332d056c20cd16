/*
 * hardock watch's evaluator process (watch_proto.h): inside the sandbox
 * from its start, it holds the state (the snapshot and its results),
 * parses what the collector hands it, evaluates, prints every line of the
 * change stream and renders the -o reports into frames for the collector
 * to write. It opens nothing and runs nothing.
 */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/frame.h>
#include <hardock/jsonparse.h>
#include <hardock/profile.h>
#include <hardock/snapshot.h>
#include <hardock/watch.h>

#include "collect/engine.h"
#include "collect/events.h"
#include "watch_proto.h"

struct evaluator {
	const struct watch_eval_cfg *cfg;
	struct scan_args *a;
	struct hd_profile *profile;
	struct hd_snapshot *snap;
	struct hd_results *res;
	unsigned long long seq;
	char scan_started[32];
	bool failed; /* the collector is gone: stop */
};

/* Send a frame of n C strings to the collector. */
static void
send_strs(struct evaluator *ev, enum watch_frame type, size_t n,
    const char *const *s)
{
	if (!ev->failed && hd_frame_send_strs(ev->cfg->out, type, n, s) < 0)
		ev->failed = true;
}

/* Print one JSON Lines object (consumed). */
static void
put_line(json_object *o)
{
	fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE), stdout);
	fputc('\n', stdout);
	fflush(stdout);
	json_object_put(o);
}

/* A line about watch itself: type "engine", "scan" or "error"; key and
 * value (the state, the reason of a scan) and reason may be NULL. */
static void
notice(struct evaluator *ev, const char *type, const char *key,
    const char *value, const char *reason)
{
	char now[32];
	json_object *o;

	scan_now(now, sizeof(now));
	ev->seq++;
	if (!ev->cfg->jsonl) {
		printf("#%llu %-11s %s", ev->seq, type, value ? value : "");
		if (reason) {
			fputs(": ", stdout);
			hd_fputs_term_n(stdout, reason, 500);
		}
		printf(" (%s)\n", now);
		fflush(stdout);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "type", json_object_new_string(type));
	json_object_object_add(o, "seq", json_object_new_int64((int64_t)ev->seq));
	json_object_object_add(o, "time", json_object_new_string(now));
	if (key && value)
		json_object_object_add(o, key, json_object_new_string(value));
	if (reason)
		json_object_object_add(o, "reason", json_object_new_string(reason));
	put_line(o);
}

/* Print the changes; a new failure at or above --fail-on goes to the
 * collector for --exec too. */
static void
emit(struct evaluator *ev, const struct hd_change *ch, size_t n,
    json_object *cause, const char *cause_text)
{
	for (size_t i = 0; i < n; i++) {
		const struct hd_check *c = ev->res->items[ch[i].rule].check;
		bool run = ev->cfg->exec && ev->a->fail_on >= 0 &&
		    ch[i].new_status == HD_FAIL && ch[i].old_status != HD_FAIL &&
		    (int)c->severity >= ev->a->fail_on;
		json_object *o = NULL;

		ev->seq++;
		if (ev->cfg->jsonl || run)
			o = hd_change_json(&ch[i], ev->res, ev->seq, cause);
		if (run) {
			const char *line = json_object_to_json_string_ext(o,
			    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

			send_strs(ev, WF_EXEC, 1, &line);
		}
		if (ev->cfg->jsonl) {
			put_line(o);
		} else {
			hd_change_text(stdout, &ch[i], ev->res, ev->seq, cause_text);
			json_object_put(o);
		}
	}
	if (n > 0)
		fflush(stdout);
}

/* Print the changes from old to new, then drop both. */
static void
emit_diff(struct evaluator *ev, struct hd_verdicts *old, struct hd_verdicts *new,
    json_object *cause, const char *cause_text)
{
	struct hd_change *ch;
	size_t n = hd_verdicts_diff(&ch, old, new);

	emit(ev, ch, n, cause, cause_text);
	free(ch);
	hd_verdicts_clear(old);
	hd_verdicts_clear(new);
}

/* WF_SCAN: a full scan's snapshot replaces the state (the frame's text
 * is released once parsed). */
static void
on_scan(struct evaluator *ev, struct hd_frame *f)
{
	const char *fwhy = hd_frame_str(f, 0), *started = hd_frame_str(f, 1);
	struct hd_snapshot *snap = NULL;
	struct hd_results *res = NULL;
	struct hd_verdicts old = { 0 }, new = { 0 };
	json_object *cause;
	char *why, at[sizeof(ev->scan_started)];
	int r;

	if (f->nfields != 3 || fwhy == NULL || started == NULL ||
	    strlen(started) >= sizeof(ev->scan_started)) {
		notice(ev, "error", NULL, NULL, "malformed scan request");
		return;
	}
	why = hd_xstrdup(fwhy);
	snprintf(at, sizeof(at), "%s", started);
	/* The frame's buffer is this process's, cleared right after. */
	r = hd_snapshot_parse_spent(&snap, hd_buf_data(f->buf) +
	    (f->field[2] - hd_buf_ptr(f->buf)), f->len[2]);
	/* The snapshot holds what it needs of the text. */
	hd_frame_clear(f);
	malloc_trim(0);
	if (r < 0 || hd_scan_run(&res, snap, &ev->a->scan) < 0) {
		notice(ev, "error", NULL, NULL, hd_error_last());
		hd_snapshot_free(snap);
		free(why);
		return;
	}
	if (ev->res)
		hd_verdicts_collect(&old, ev->res, HD_OBJ_HOST, NULL, false);
	hd_verdicts_collect(&new, res, HD_OBJ_HOST, NULL, false);
	/* Old findings are read by the lines: free the old state after. */
	{
		struct hd_results *ores = ev->res;
		struct hd_snapshot *osnap = ev->snap;

		ev->res = res;
		ev->snap = snap;
		cause = json_object_new_object();
		json_object_object_add(cause, "type", json_object_new_string("scan"));
		json_object_object_add(cause, "reason", json_object_new_string(why));
		emit_diff(ev, &old, &new, cause, why);
		json_object_put(cause);
		hd_results_free(ores);
		hd_snapshot_free(osnap);
	}
	memcpy(ev->scan_started, at, sizeof(at));
	notice(ev, "scan", "reason", why, NULL);
	free(why);
}

/* A decimal field into *v; false when it is not one. */
static bool
field_long(long *v, const struct hd_frame *f, size_t i)
{
	const char *s = hd_frame_str(f, i);
	char *end;

	if (s == NULL || s[0] == '\0')
		return false;
	*v = strtol(s, &end, 10);
	return *end == '\0';
}

/* Whether the event behind cause removed its container. */
static bool
is_destroy(json_object *cause)
{
	json_object *a;

	return json_object_object_get_ex(cause, "action", &a) &&
	    json_object_is_type(a, json_type_string) &&
	    strcmp(json_object_get_string(a), "destroy") == 0;
}

/* WF_CONTAINER: one container inspected again; its changes. */
static void
on_container(struct evaluator *ev, const struct hd_frame *f)
{
	const char *id = hd_frame_str(f, 0), *text = hd_frame_str(f, 2);
	struct hd_verdicts old = { 0 }, new = { 0 };
	struct hd_engine_answer ans = { 0 };
	json_object *cause = NULL;
	long err, status;
	int r;

	if (f->nfields != 8 || id == NULL || text == NULL ||
	    !field_long(&err, f, 4) || !field_long(&status, f, 5) ||
	    hd_frame_str(f, 3) == NULL || hd_frame_str(f, 6) == NULL ||
	    hd_json_parse_object(&cause, f->field[1], f->len[1], "cause") < 0) {
		notice(ev, "error", NULL, NULL, "malformed container request");
		return;
	}
	if (ev->res == NULL)
		goto out;
	/* Borrowed from the frame: the answer is not cleared. */
	ans.path = (char *)f->field[3];
	ans.err = (int)err;
	ans.status = status;
	ans.reason = f->len[6] ? (char *)f->field[6] : NULL;
	ans.text = (char *)f->field[7];
	ans.text_len = f->len[7];
	hd_verdicts_collect(&old, ev->res, HD_OBJ_CONTAINER, id, true);
	r = hd_snapshot_put_container(ev->snap, id, &ans);
	if (r == HD_EUSAGE) {
		hd_verdicts_clear(&old);
		notice(ev, "error", NULL, NULL, "event for a malformed container id");
		goto out;
	}
	/* A container that came and went between its event and the inspect
	 * was never judged: a short-lived privileged container must not
	 * pass unsaid. */
	if (r == HD_ENOTFOUND && old.n == 0 && !is_destroy(cause)) {
		json_object *nm;
		const char *name = json_object_object_get_ex(cause, "name", &nm) &&
		    json_object_is_type(nm, json_type_string) ?
		    json_object_get_string(nm) : "";
		char *m = hd_xasprintf("container %s (%.12s) was removed before "
		    "it could be inspected: its configuration was not audited",
		    name[0] ? name : "without a name", id);

		notice(ev, "error", NULL, NULL, m);
		free(m);
	}
	hd_scan_update_object(ev->res, ev->snap, &ev->a->scan, HD_OBJ_CONTAINER,
	    id);
	hd_verdicts_collect(&new, ev->res, HD_OBJ_CONTAINER, id, false);
	emit_diff(ev, &old, &new, cause, text);
out:
	json_object_put(cause);
}

/* The event as the "cause" of its lines. */
static json_object *
event_json(const struct hd_event *e)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "type", json_object_new_string(e->type));
	json_object_object_add(o, "action", json_object_new_string(e->action));
	json_object_object_add(o, "id", json_object_new_string(e->id));
	json_object_object_add(o, "name", json_object_new_string(e->name));
	json_object_object_add(o, "time", json_object_new_int64(e->time));
	json_object_object_add(o, "timeNano", json_object_new_int64(e->time_nano));
	return o;
}

/* WF_EVENT: one line of the stream, parsed here (its names and labels are
 * tenants'); the collector is told what it asks for in a WF_ACTION. */
static void
on_event(struct evaluator *ev, const struct hd_frame *f)
{
	const char *what = "none", *s[5];
	char since[48] = "";
	struct hd_event e;
	json_object *cause;
	char *text;

	if (f->nfields != 1) {
		notice(ev, "error", NULL, NULL, "malformed event request");
		return;
	}
	if (hd_event_parse(&e, f->field[0], f->len[0]) < 0) {
		notice(ev, "error", NULL, NULL, hd_error_last());
		return;
	}
	if (e.time_nano > 0)
		snprintf(since, sizeof(since), "%lld.%09lld",
		    e.time_nano / 1000000000, e.time_nano % 1000000000);
	else if (e.time > 0)
		snprintf(since, sizeof(since), "%lld", e.time);
	if (strcmp(e.type, "container") == 0 && hd_event_refreshes(e.action))
		what = "inspect";
	else if (strcmp(e.type, "daemon") == 0 && strcmp(e.action, "reload") == 0)
		what = "rescan";
	cause = event_json(&e);
	text = hd_xasprintf("%s %s %s", e.type, e.action, e.name[0] ? e.name : e.id);
	s[0] = what;
	s[1] = e.id;
	s[2] = since;
	s[3] = json_object_to_json_string_ext(cause, JSON_C_TO_STRING_PLAIN);
	s[4] = text;
	send_strs(ev, WF_ACTION, 5, s);
	json_object_put(cause);
	free(text);
}

/* fopencookie's write: one WF_DATA frame per buffer stdio flushes. */
static ssize_t
data_write(void *arg, const char *buf, size_t len)
{
	struct evaluator *ev = arg;
	const void *d = buf;

	if (ev->failed || hd_frame_send(ev->cfg->out, WF_DATA, 1, &d, &len) < 0) {
		ev->failed = true;
		return -1;
	}
	return (ssize_t)len;
}

/* WF_WRITE: every -o report, streamed to the collector. */
static void
on_write(struct evaluator *ev)
{
	cookie_io_functions_t io = { .write = data_write };
	struct hd_report rep;
	char now[32];

	if (ev->res == NULL)
		return;
	scan_now(now, sizeof(now));
	memset(&rep, 0, sizeof(rep));
	rep.results = ev->res;
	rep.snapshot = ev->snap;
	rep.started_at = ev->scan_started;
	rep.collected_at = ev->scan_started;
	rep.finished_at = now;
	rep.profile = ev->a->scan.profile ? ev->a->scan.profile : "default";
	rep.sandbox = ev->cfg->sb;
	for (size_t i = 0; i < ev->a->noutputs && !ev->failed; i++) {
		char idx[24];
		const char *p = idx;
		FILE *fp = fopencookie(ev, "w", io);
		int r = -1;

		snprintf(idx, sizeof(idx), "%zu", i);
		send_strs(ev, WF_REPORT, 1, &p);
		if (fp != NULL) {
			setvbuf(fp, NULL, _IOFBF, 1 << 16);
			r = ev->a->outputs[i].reporter->render(fp, &rep);
			if (fclose(fp) != 0)
				r = -1;
		}
		p = r == 0 ? "0" : "1";
		send_strs(ev, WF_END, 1, &p);
	}
}

/* WF_PROFILE: a reloaded profile's chain, put under the command line's
 * options; whether it was taken (else the reason is a line). */
static bool
on_profile(struct evaluator *ev, const struct hd_frame *f)
{
	const char *origins[HD_FRAME_MAX_FIELDS / 2], *texts[HD_FRAME_MAX_FIELDS / 2];
	size_t lens[HD_FRAME_MAX_FIELDS / 2], n = f->nfields / 2;
	struct hd_profile *p = NULL;
	struct hd_scan_opts o;

	for (size_t i = 0; i < n; i++) {
		origins[i] = hd_frame_str(f, 2 * i);
		texts[i] = f->field[2 * i + 1];
		lens[i] = f->len[2 * i + 1];
		if (origins[i] == NULL)
			n = 0;
	}
	if (f->nfields % 2 != 0 || n == 0) {
		notice(ev, "error", NULL, NULL, "malformed profile request");
		return false;
	}
	if (hd_profile_parse_chain(&p, n, origins, texts, lens) < 0) {
		notice(ev, "error", NULL, NULL, hd_error_last());
		return false;
	}
	hd_scan_opts_copy(&o, ev->cfg->cli);
	o.pack = ev->a->scan.pack;
	scan_apply_profile(&o, p);
	if (hd_scan_opts_validate(&o) < 0) {
		notice(ev, "error", NULL, NULL, hd_error_last());
		hd_scan_opts_release(&o);
		hd_profile_free(p);
		return false;
	}
	/* The old options point into the old profile: both go. */
	hd_scan_opts_release(&ev->a->scan);
	ev->a->scan = o;
	hd_profile_free(ev->profile);
	ev->profile = p;
	return true;
}

/* One request; its WF_DONE. */
static void
answer(struct evaluator *ev, struct hd_frame *f)
{
	bool taken = false;
	const char *done[2];

	switch (f->type) {
	case WF_SCAN:
		on_scan(ev, f);
		break;
	case WF_CONTAINER:
		on_container(ev, f);
		break;
	case WF_EVENT:
		on_event(ev, f);
		break;
	case WF_NOTICE: {
		const char *s[4];

		for (size_t i = 0; i < 4; i++) {
			s[i] = hd_frame_str(f, i);
			if (s[i] != NULL && s[i][0] == '\0')
				s[i] = NULL;
		}
		if (f->nfields == 4 && s[0] != NULL)
			notice(ev, s[0], s[1], s[2], s[3]);
		break;
	}
	case WF_WRITE:
		on_write(ev);
		break;
	case WF_PROFILE:
		taken = on_profile(ev, f);
		break;
	default:
		notice(ev, "error", NULL, NULL, "unknown request");
		break;
	}
	done[0] = ev->res ? "1" : "0";
	done[1] = taken ? "1" : "0";
	send_strs(ev, WF_DONE, 2, done);
}

int
watch_evaluate(const struct watch_eval_cfg *cfg)
{
	struct evaluator ev = { .cfg = cfg, .a = cfg->a, .profile = cfg->profile };
	struct hd_frame f;

	/* The collector decides when to stop; a terminal's ^C reaches both. */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	if (hd_sandbox_allow_write(cfg->sb, cfg->out) < 0 ||
	    hd_sandbox_enter(cfg->sb) < 0) {
		fprintf(stderr, "hardock: watch: the evaluator cannot enter the "
		    "sandbox: %s (--no-sandbox runs without it)\n", hd_error_last());
		return HD_EXIT_NOSCAN;
	}
	while (!ev.failed && hd_frame_recv(&f, cfg->in, HD_SNAPSHOT_CAP) == HD_OK) {
		answer(&ev, &f);
		hd_frame_clear(&f);
	}
	hd_results_free(ev.res);
	hd_snapshot_free(ev.snap);
	hd_scan_opts_release(&ev.a->scan);
	hd_profile_free(ev.profile);
	return HD_EXIT_OK;
}
