/*
 * hardock watch: one full scan, then the engine's event stream; each
 * container event re-inspects that container and re-evaluates its checks,
 * and each change of verdict is one line (text or JSON Lines). Reports
 * given with -o are rewritten atomically, at most once per --interval.
 * The stream is reconnected with backoff and followed by a full re-scan;
 * so is every --rescan period. hardock never changes the host: --exec runs
 * the user's command with the finding on its stdin, nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/facts.h>
#include <hardock/sandbox.h>
#include <hardock/watch.h>

#include "cli.h"
#include "collect/engine.h"
#include "collect/events.h"
#include "scanrun.h"

#define MAX_EXEC_ARGS 64
#define MAX_CHILDREN 32
#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 30000

enum { O_INTERVAL = O_OWN, O_RESCAN, O_EXEC, O_EXECARG };

static const struct cli_opt watch_opts[] = {
	SCAN_OPTS_ENGINE,
	{ "format", 'f', "FMT", "the change stream on stdout: text (default) or "
	  "jsonl (one JSON object per line)" },
	{ "output", 'o', "FMT:FILE", "keep a report of the current state in FILE, "
	  "rewritten atomically after changes (repeatable)" },
	SCAN_OPTS_SELECT,
	{ "fail-on", O_FAILON, "SEV", "--exec runs for new failures of severity SEV "
	  "or above: info (default), low, medium, high, critical, none" },
	{ "interval", O_INTERVAL, "DURATION", "rewrite -o files at most this often "
	  "(default 2s; ms, s, m, h)" },
	{ "rescan", O_RESCAN, "DURATION", "full re-scan period (default 1h)" },
	{ "exec", O_EXEC, "CMD", "run CMD for each new failure, the change as JSON "
	  "on its stdin; CMD is split on spaces into argv, no shell" },
	{ "exec-arg", O_EXECARG, "ARG", "one more argument for --exec, taken "
	  "verbatim (repeatable; for arguments with spaces)" },
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

struct watch {
	struct scan_args a;
	struct hd_profile *profile;
	bool jsonl;
	long interval_ms, rescan_ms;
	char *exec_argv[MAX_EXEC_ARGS + 1];
	size_t nexec;
	pid_t children[MAX_CHILDREN];
	/* Off: watch keeps the engine, its stream and --exec for its whole
	 * life, and its reports say it ran without the sandbox. */
	struct hd_sandbox sb;
	struct hd_docker_env env;
	struct hd_engine_limits lim;
	struct hd_snapshot *snap;
	struct hd_results *res;
	struct hd_engine_conn *conn;
	struct hd_events *ev;
	unsigned long long seq;
	bool dirty, down;
	long long last_write, last_scan, next_try;
	long backoff;
	char scan_started[32];
	char since[48];
};

static volatile sig_atomic_t got_stop, got_hup;

/* Signals only set flags; the loop wakes within its poll period. */
static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_stop = 1;
}

/* Monotonic milliseconds. */
static long long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "500ms", "2s", "2", "30m", "1h" into *ms; false when malformed. */
static bool
parse_duration(long *ms, const char *s)
{
	char *end;
	double v, mul = 1000;

	if (s == NULL)
		return false;
	v = strtod(s, &end);
	if (end == s || !(v > 0))
		return false;
	if (strcmp(end, "ms") == 0)
		mul = 1;
	else if (strcmp(end, "m") == 0)
		mul = 60000;
	else if (strcmp(end, "h") == 0)
		mul = 3600000;
	else if (*end && strcmp(end, "s") != 0)
		return false;
	if (v * mul > 1e11 || v * mul < 1)
		return false;
	*ms = (long)(v * mul);
	return true;
}

/* Split CMD on spaces into the --exec argv. */
static int
add_exec(struct watch *w, char *cmd, bool verbatim)
{
	char *save = NULL;

	for (char *tok = verbatim ? cmd : strtok_r(cmd, " ", &save); tok;
	    tok = verbatim ? NULL : strtok_r(NULL, " ", &save)) {
		if (w->nexec == MAX_EXEC_ARGS)
			return cli_usage_error("watch: at most %d --exec arguments",
			    MAX_EXEC_ARGS);
		w->exec_argv[w->nexec++] = tok;
	}
	return HD_EXIT_OK;
}

/* Parse argv into w; HD_EXIT_OK, an exit status, or -1 after --help. */
static int
parse_args(struct watch *w, int argc, char **argv)
{
	const char *format = "text";
	char *exec_cmd = NULL, *extra[MAX_EXEC_ARGS];
	size_t nextra = 0;
	int ch, r;

	while ((ch = cli_getopt(&cmd_watch_entry, argc, argv)) != -1) {
		if ((r = scan_parse_opt(&w->a, ch, optarg)) != SCAN_OPT_NOT_MINE) {
			if (r != HD_EXIT_OK)
				return r;
			continue;
		}
		switch (ch) {
		case 'f':
			format = optarg;
			break;
		case O_INTERVAL:
		case O_RESCAN:
			if (!parse_duration(ch == O_INTERVAL ? &w->interval_ms :
			    &w->rescan_ms, optarg))
				return cli_usage_error("watch: --%s wants a duration "
				    "(500ms, 2s, 30m, 1h), not '%s'", ch == O_INTERVAL ?
				    "interval" : "rescan", optarg);
			break;
		case O_EXEC:
			if (exec_cmd != NULL)
				return cli_usage_error("watch: --exec given twice (use "
				    "--exec-arg for more arguments)");
			exec_cmd = optarg;
			break;
		case O_EXECARG:
			if (nextra == MAX_EXEC_ARGS)
				return cli_usage_error("watch: at most %d --exec "
				    "arguments", MAX_EXEC_ARGS);
			extra[nextra++] = optarg;
			break;
		case 'h':
			cli_usage(stdout, &cmd_watch_entry);
			return -1;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("watch: unexpected argument '%s'", argv[optind]);
	if (format == NULL)
		format = "text";
	if (strcmp(format, "jsonl") == 0)
		w->jsonl = true;
	else if (strcmp(format, "text") != 0)
		return cli_usage_error("watch: -f takes text or jsonl, not '%s'", format);
	if (nextra > 0 && exec_cmd == NULL)
		return cli_usage_error("watch: --exec-arg without --exec");
	/* The command's words first, then each --exec-arg whole. */
	if (exec_cmd && (r = add_exec(w, exec_cmd, false)) != HD_EXIT_OK)
		return r;
	for (size_t i = 0; i < nextra; i++)
		if ((r = add_exec(w, extra[i], true)) != HD_EXIT_OK)
			return r;
	if (exec_cmd && w->exec_argv[0] == NULL)
		return cli_usage_error("watch: --exec wants a command");
	return HD_EXIT_OK;
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

/* A line about watch itself: type "engine", "scan" or "error". */
static void
notice(struct watch *w, const char *type, const char *key, const char *value,
    const char *reason)
{
	char now[32];
	json_object *o;

	scan_now(now, sizeof(now));
	w->seq++;
	if (!w->jsonl) {
		printf("#%llu %-11s %s", w->seq, type, value ? value : "");
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
	json_object_object_add(o, "seq", json_object_new_int64((int64_t)w->seq));
	json_object_object_add(o, "time", json_object_new_string(now));
	if (key)
		json_object_object_add(o, key, json_object_new_string(value));
	if (reason)
		json_object_object_add(o, "reason", json_object_new_string(reason));
	put_line(o);
}

/* Reap --exec children that have finished (never blocks). */
static void
reap(struct watch *w)
{
	for (size_t i = 0; i < MAX_CHILDREN; i++)
		if (w->children[i] > 0 &&
		    waitpid(w->children[i], NULL, WNOHANG) == w->children[i])
			w->children[i] = 0;
}

/* Run --exec with line on stdin (an unlinked temporary file: a command
 * that does not read cannot block watch). */
static void
run_exec(struct watch *w, const char *line)
{
	size_t slot = MAX_CHILDREN, len = strlen(line);
	char tmpl[] = "/tmp/hardock-exec.XXXXXX";
	pid_t pid;
	int fd;

	reap(w);
	for (size_t i = 0; i < MAX_CHILDREN && slot == MAX_CHILDREN; i++)
		if (w->children[i] == 0)
			slot = i;
	if (slot == MAX_CHILDREN) {
		notice(w, "error", NULL, NULL, "--exec skipped: 32 commands are still "
		    "running");
		return;
	}
	if ((fd = mkostemp(tmpl, O_CLOEXEC)) < 0) {
		notice(w, "error", NULL, NULL, "--exec skipped: no temporary file");
		return;
	}
	unlink(tmpl);
	if (write(fd, line, len) != (ssize_t)len || write(fd, "\n", 1) != 1 ||
	    lseek(fd, 0, SEEK_SET) < 0 || (pid = fork()) < 0) {
		close(fd);
		notice(w, "error", NULL, NULL, "--exec failed to start");
		return;
	}
	if (pid == 0) {
		dup2(fd, STDIN_FILENO);
		dup2(STDERR_FILENO, STDOUT_FILENO); /* keep the stream clean */
		execvp(w->exec_argv[0], w->exec_argv);
		_exit(127);
	}
	close(fd);
	w->children[slot] = pid;
}

/* Print the changes (and run --exec for new failures). */
static void
emit(struct watch *w, const struct hd_change *ch, size_t n, json_object *cause,
    const char *cause_text)
{
	for (size_t i = 0; i < n; i++) {
		const struct hd_check *c = w->res->items[ch[i].rule].check;
		bool run = w->nexec > 0 && w->a.fail_on >= 0 &&
		    ch[i].new_status == HD_FAIL && ch[i].old_status != HD_FAIL &&
		    (int)c->severity >= w->a.fail_on;
		json_object *o = NULL;

		w->seq++;
		if (w->jsonl || run)
			o = hd_change_json(&ch[i], w->res, w->seq, cause);
		if (run)
			run_exec(w, json_object_to_json_string_ext(o,
			    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		if (w->jsonl) {
			put_line(o);
		} else {
			hd_change_text(stdout, &ch[i], w->res, w->seq, cause_text);
			json_object_put(o);
		}
	}
	if (n > 0) {
		fflush(stdout);
		w->dirty = true;
	}
}

/* Write the -o reports now. */
static void
write_reports(struct watch *w)
{
	struct hd_report rep;
	char now[32];

	if (w->res == NULL)
		return;
	scan_now(now, sizeof(now));
	memset(&rep, 0, sizeof(rep));
	rep.results = w->res;
	rep.snapshot = w->snap;
	rep.started_at = w->scan_started;
	rep.collected_at = w->scan_started;
	rep.finished_at = now;
	rep.profile = w->a.scan.profile ? w->a.scan.profile : "default";
	rep.sandbox = &w->sb;
	if (scan_write_outputs(&w->a, &rep, true) != HD_EXIT_OK)
		notice(w, "error", NULL, NULL, "cannot write a report (see stderr)");
	w->dirty = false;
	w->last_write = mono_ms();
}

/* A full scan replacing the state; the changes against the old state. */
static void
full_scan(struct watch *w, const char *why)
{
	struct hd_snapshot *snap = NULL;
	struct hd_results *res = NULL;
	struct hd_verdicts old = { 0 }, new = { 0 };
	struct hd_change *ch;
	json_object *cause;
	size_t n;
	char started[32];

	scan_now(started, sizeof(started));
	if (scan_collect(&snap, &w->a, started) != HD_EXIT_OK ||
	    hd_scan_run(&res, snap, &w->a.scan) < 0) {
		notice(w, "error", NULL, NULL, hd_error_last());
		hd_snapshot_free(snap);
		return;
	}
	if (w->res)
		hd_verdicts_collect(&old, w->res, HD_OBJ_HOST, NULL, false);
	hd_verdicts_collect(&new, res, HD_OBJ_HOST, NULL, false);
	n = hd_verdicts_diff(&ch, &old, &new);
	/* Old findings are read by the lines: free the old state after. */
	{
		struct hd_results *ores = w->res;
		struct hd_snapshot *osnap = w->snap;

		w->res = res;
		w->snap = snap;
		cause = json_object_new_object();
		json_object_object_add(cause, "type", json_object_new_string("scan"));
		json_object_object_add(cause, "reason", json_object_new_string(why));
		emit(w, ch, n, cause, why);
		json_object_put(cause);
		free(ch);
		hd_verdicts_clear(&old);
		hd_verdicts_clear(&new);
		hd_results_free(ores);
		hd_snapshot_free(osnap);
	}
	memcpy(w->scan_started, started, sizeof(started));
	w->last_scan = mono_ms();
	w->dirty = true;
	notice(w, "scan", "reason", why, NULL);
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

/* Re-inspect one container and print what changed. */
static void
container_event(struct watch *w, const struct hd_event *e)
{
	struct hd_verdicts old = { 0 }, new = { 0 };
	struct hd_change *ch;
	json_object *cause;
	char *text;
	size_t n;
	int r;

	if (w->res == NULL || w->conn == NULL)
		return;
	r = hd_engine_refresh_container(w->conn, w->snap, e->id);
	if (r == HD_EUSAGE) {
		notice(w, "error", NULL, NULL, "event for a malformed container id");
		return;
	}
	if (r == HD_ECONNECT) {
		notice(w, "error", NULL, NULL, hd_error_last());
		return;
	}
	hd_verdicts_collect(&old, w->res, HD_OBJ_CONTAINER, e->id, true);
	hd_scan_update_object(w->res, w->snap, &w->a.scan, HD_OBJ_CONTAINER, e->id);
	hd_verdicts_collect(&new, w->res, HD_OBJ_CONTAINER, e->id, false);
	n = hd_verdicts_diff(&ch, &old, &new);
	cause = event_json(e);
	text = hd_xasprintf("%s %s %s", e->type, e->action,
	    e->name[0] ? e->name : e->id);
	emit(w, ch, n, cause, text);
	free(text);
	json_object_put(cause);
	free(ch);
	hd_verdicts_clear(&old);
	hd_verdicts_clear(&new);
}

/* One line of the stream (the splitter's callback). */
static void
on_line(void *arg, const char *line, size_t len)
{
	struct watch *w = arg;
	struct hd_event e;

	if (line == NULL) {
		char *m = hd_xasprintf("event line longer than %zu bytes skipped", len);

		notice(w, "error", NULL, NULL, m);
		free(m);
		return;
	}
	if (hd_event_parse(&e, line, len) < 0) {
		notice(w, "error", NULL, NULL, hd_error_last());
		return;
	}
	if (e.time_nano > 0)
		snprintf(w->since, sizeof(w->since), "%lld.%09lld",
		    e.time_nano / 1000000000, e.time_nano % 1000000000);
	else if (e.time > 0)
		snprintf(w->since, sizeof(w->since), "%lld", e.time);
	if (strcmp(e.type, "container") == 0 && hd_event_refreshes(e.action))
		container_event(w, &e);
	else if (strcmp(e.type, "daemon") == 0 && strcmp(e.action, "reload") == 0)
		full_scan(w, "daemon reload");
}

/* Open the engine and its stream; false (with a line when it was up)
 * when the engine cannot be reached. */
static bool
connect_engine(struct watch *w)
{
	const char *since = w->since[0] ? w->since : NULL;

	if (hd_engine_open(&w->conn, &w->a.collect, &w->env, &w->lim) < 0) {
		if (!w->down)
			notice(w, "engine", "state", "down", hd_error_last());
		return false;
	}
	if (hd_events_open(&w->ev, hd_engine_conn_target(w->conn),
	    hd_engine_conn_prefix(w->conn), since, w->a.collect.timeout_ms > 0 ?
	    w->a.collect.timeout_ms : HD_ENGINE_TIMEOUT_MS) < 0) {
		notice(w, "error", NULL, NULL, hd_error_last());
		hd_engine_conn_free(w->conn);
		w->conn = NULL;
		return false;
	}
	return true;
}

/* The engine went away: say so once, then retry with backoff. */
static void
lost(struct watch *w, const char *why)
{
	hd_events_free(w->ev);
	hd_engine_conn_free(w->conn);
	w->ev = NULL;
	w->conn = NULL;
	if (!w->down)
		notice(w, "engine", "state", "down", why);
	w->down = true;
	w->backoff = BACKOFF_MIN_MS;
	w->next_try = mono_ms() + w->backoff;
}

/* Reload the profile (SIGHUP): a bad one keeps the current options. */
static void
reload_profile(struct watch *w)
{
	struct hd_profile *p = NULL;

	if (w->a.profile == NULL)
		return;
	if (hd_profile_load(&p, w->a.profile) < 0) {
		notice(w, "error", NULL, NULL, hd_error_last());
		return;
	}
	/* The profile's options replace the old profile's wholesale. */
	hd_scan_opts_release(&w->a.scan);
	hd_scan_opts_init(&w->a.scan);
	w->a.scan.pack = cli_pack("watch", w->a.benchmark);
	hd_profile_apply(p, &w->a.scan);
	if (hd_scan_opts_validate(&w->a.scan) < 0) {
		notice(w, "error", NULL, NULL, hd_error_last());
		hd_profile_free(p);
		return;
	}
	hd_profile_free(w->profile);
	w->profile = p;
	full_scan(w, "profile reloaded");
}

/* Follow the stream until a signal says stop. */
static void
loop(struct watch *w)
{
	while (!got_stop) {
		long long now;

		if (w->ev != NULL) {
			if (hd_events_poll(w->ev, 200, on_line, w) < 0) {
				char *why = hd_xstrdup(hd_error_last());

				lost(w, why);
				free(why);
				/* Engine checks say error while it is down. */
				full_scan(w, "engine down");
			}
		} else {
			struct timespec ts = { 0, 200 * 1000000L };

			nanosleep(&ts, NULL);
		}
		now = mono_ms();
		if (w->ev == NULL && now >= w->next_try) {
			if (connect_engine(w)) {
				if (w->down)
					notice(w, "engine", "state", "up", NULL);
				w->down = false;
				full_scan(w, "reconnect");
			} else {
				w->down = true;
				w->backoff = w->backoff * 2 > BACKOFF_MAX_MS ?
				    BACKOFF_MAX_MS : w->backoff * 2;
				w->next_try = now + w->backoff;
			}
		}
		if (got_hup) {
			got_hup = 0;
			reload_profile(w);
		}
		if (now - w->last_scan >= w->rescan_ms)
			full_scan(w, "periodic");
		if (w->dirty && now - w->last_write >= w->interval_ms)
			write_reports(w);
		reap(w);
	}
}

static int
watch_exec(int argc, char **argv)
{
	struct watch *w = hd_xcalloc(1, sizeof(*w));
	struct sigaction sa;
	char now[32];
	time_t t0;
	int r;

	scan_args_init(&w->a, "watch");
	w->interval_ms = 2000;
	w->rescan_ms = 3600000;
	w->lim.body_cap = HD_BUF_CAP_API;
	w->lim.max_inflight = 1;
	hd_docker_env_from_environ(&w->env);
	hd_sandbox_init(&w->sb, false, false);
	w->sb.off_reason = "hardock watch: not sandboxed yet (it keeps the "
	    "engine, its event stream and --exec for its whole life)";
	if ((r = parse_args(w, argc, argv)) != HD_EXIT_OK) {
		r = r < 0 ? HD_EXIT_OK : r;
		goto out;
	}
	if ((r = scan_prepare(&w->a, &w->profile)) != HD_EXIT_OK)
		goto out;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Events from the scan's start on: none falls between scan and stream. */
	t0 = time(NULL);
	snprintf(w->since, sizeof(w->since), "%lld", (long long)t0);
	full_scan(w, "start");
	if (w->res == NULL) {
		r = HD_EXIT_NOSCAN;
		goto out;
	}
	w->backoff = BACKOFF_MIN_MS;
	if (connect_engine(w)) {
		scan_now(now, sizeof(now));
		notice(w, "engine", "state", "up", NULL);
	} else {
		w->down = true;
		w->next_try = mono_ms() + w->backoff;
	}
	loop(w);
	/* State files complete at exit. */
	write_reports(w);
	r = HD_EXIT_OK;
out:
	for (size_t i = 0; i < MAX_CHILDREN; i++)
		if (w->children[i] > 0)
			waitpid(w->children[i], NULL, 0);
	hd_events_free(w->ev);
	hd_engine_conn_free(w->conn);
	hd_results_free(w->res);
	hd_snapshot_free(w->snap);
	hd_scan_opts_release(&w->a.scan);
	hd_profile_free(w->profile);
	free(w);
	return r;
}

const struct cmd_entry cmd_watch_entry = {
	.name = "watch", .args = "[OPTIONS]",
	.summary = "audit continuously, from the engine's event stream",
	.description = "Scan once, then follow the engine's events: each "
	    "container created, started, updated, renamed or removed is inspected "
	    "again and its checks re-evaluated, and every change of verdict (a new "
	    "failure, a failure resolved, a container gone) is one line on stdout. "
	    "Reports given with -o always hold the current state. The stream is "
	    "resumed after an outage, followed by a full re-scan, as is every "
	    "--rescan period. SIGHUP reloads the profile; SIGTERM and SIGINT "
	    "write the reports and exit 0. Only GET requests reach the engine.",
	.opts = watch_opts, .exec = watch_exec,
};
