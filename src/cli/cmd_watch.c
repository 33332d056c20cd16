/*
 * hardock watch: one full scan, then the engine's event stream; each
 * container event re-inspects that container and re-evaluates its checks,
 * and each change of verdict is one line (text or JSON Lines). Reports
 * given with -o are rewritten atomically, at most once per --interval.
 * The stream is reconnected with backoff and followed by a full re-scan;
 * so is every --rescan period. hardock never changes the host: --exec runs
 * the user's command with the finding on its stdin, nothing else.
 *
 * This file is the collector process: it collects (full scans, one
 * container's inspect per event), follows the stream (split into lines,
 * each handed unparsed to the evaluator, which says what it asks for),
 * writes the reports and runs --exec, holding the collection capabilities
 * and no_new_privs. Everything else happens in the sandboxed evaluator
 * (watch_proto.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/facts.h>
#include <hardock/frame.h>
#include <hardock/sandbox.h>

#include "cli.h"
#include "collect/engine.h"
#include "collect/events.h"
#include "scanrun.h"
#include "watch_proto.h"

#define MAX_EXEC_ARGS 64
#define MAX_CHILDREN 32
#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 30000
#define MAX_PENDING 8

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
	  "on its stdin; CMD is split on spaces into argv, no shell; it holds "
	  "at most the collection capabilities, with no_new_privs" },
	{ "exec-arg", O_EXECARG, "ARG", "one more argument for --exec, taken "
	  "verbatim (repeatable; for arguments with spaces)" },
	{ "no-sandbox", O_NOSANDBOX, NULL, "evaluate with every privilege and "
	  "no seccomp filter, and run --exec with every privilege (debugging; "
	  "said in the reports)" },
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

struct watch {
	struct scan_args a;
	struct hd_scan_opts cli; /* the command line's, under a reloaded profile */
	struct hd_profile *profile;
	bool jsonl;
	long interval_ms, rescan_ms;
	char *exec_argv[MAX_EXEC_ARGS + 1];
	size_t nexec;
	pid_t children[MAX_CHILDREN];
	/* Begun here (collection capabilities, no_new_privs), entered by the
	 * evaluator; --exec inherits what the collector holds. */
	struct hd_sandbox sb;
	bool no_sandbox;
	struct hd_docker_env env;
	struct hd_engine_limits lim;
	struct hd_engine_conn *conn;
	struct hd_events *ev;
	/* The evaluator: its pid, the request and answer pipes. */
	pid_t eval;
	int to_eval, from_eval;
	bool has_results; /* the evaluator holds a scan's results */
	bool eval_dead;
	bool busy;        /* a request is being answered */
	char *pending[MAX_PENDING]; /* lines raised meanwhile */
	size_t npending;
	bool dirty, down;
	long long last_write, last_scan, next_try;
	long backoff;
	char since[48];
	/* What the evaluator said the last event asks for (WF_ACTION). */
	struct {
		char what[8];
		char *id, *cause, *text;
	} action;
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
		case O_NOSANDBOX:
			w->no_sandbox = true;
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

static void notice(struct watch *w, const char *type, const char *key,
    const char *value, const char *reason);

/* The evaluator is gone: reap it (unless reaped, its status in *st) and
 * say how, once. */
static void
eval_gone(struct watch *w, const char *why, const int *reaped)
{
	int st;

	if (w->eval_dead)
		return;
	w->eval_dead = true;
	close(w->to_eval);
	w->to_eval = -1;
	if (reaped != NULL)
		st = *reaped;
	else
		while (waitpid(w->eval, &st, 0) < 0 && errno == EINTR)
			;
	w->eval = 0;
	if (WIFSIGNALED(st))
		fprintf(stderr, "hardock: watch: the %sevaluator was killed "
		    "by signal %d (%s)%s\n", w->no_sandbox ? "" : "sandboxed ",
		    WTERMSIG(st), strsignal(WTERMSIG(st)),
		    WTERMSIG(st) == SIGSYS ? ": what it parsed made it try what the "
		    "sandbox forbids (exec, a socket)" : "");
	else
		fprintf(stderr, "hardock: watch: the evaluator stopped (%s, exit "
		    "status %d)\n", why, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* Between requests: whether the evaluator died meanwhile (an idle watch
 * must not outlive it unnoticed). */
static void
eval_check(struct watch *w)
{
	int st;

	if (w->eval > 0 && waitpid(w->eval, &st, WNOHANG) == w->eval)
		eval_gone(w, "while idle", &st);
}

/* WF_REPORT's output, being written. */
struct report_out {
	FILE *fp;
	char *tmp;
	size_t i;
	bool bad; /* a write failed: the rest is read and dropped */
};

/* One report frame from the evaluator; false when it breaks the
 * protocol (taken for a compromised evaluator). */
static bool
report_frame(struct watch *w, const struct hd_frame *f, struct report_out *ro)
{
	const char *s = hd_frame_str(f, 0);
	char *end;

	if (f->nfields != 1)
		return false;
	if (f->type == WF_REPORT) {
		unsigned long i = s ? strtoul(s, &end, 10) : 0;

		if (ro->fp != NULL || s == NULL || s[0] == '\0' || *end != '\0' ||
		    i >= w->a.noutputs || w->a.outputs[i].path == NULL)
			return false;
		ro->i = i;
		ro->bad = false;
		if ((ro->fp = scan_output_open(&w->a, i, true, &ro->tmp)) == NULL) {
			free(ro->tmp);
			ro->tmp = NULL;
			ro->bad = true;
		}
		return true;
	}
	if (f->type == WF_DATA) {
		if (ro->fp != NULL && !ro->bad &&
		    fwrite(f->field[0], 1, f->len[0], ro->fp) != f->len[0])
			ro->bad = true;
		return ro->fp != NULL || ro->bad;
	}
	/* WF_END */
	if (ro->fp != NULL) {
		if (scan_output_close(&w->a, ro->i, ro->fp, ro->tmp, ro->bad ||
		    s == NULL || strcmp(s, "0") != 0 ? -1 : 0) != HD_EXIT_OK)
			notice(w, "error", NULL, NULL, "cannot write a report (see "
			    "stderr)");
	} else if (ro->bad) {
		notice(w, "error", NULL, NULL, "cannot write a report (see stderr)");
	}
	ro->fp = NULL;
	ro->tmp = NULL;
	ro->bad = false;
	return true;
}

static void run_exec(struct watch *w, const char *line, size_t len);

/* Whether s is a stream position: "SECONDS" or "SECONDS.NANOS". */
static bool
is_since(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n > 0 && n < 20 && (s[n] == '\0' || (s[n] == '.' &&
	    strspn(s + n + 1, "0123456789") == 9 && s[n + 10] == '\0'));
}

/* Keep a WF_ACTION: checked, as everything the evaluator sends (the id
 * is checked again by the inspect; cause and text go back to it as they
 * came). False when it breaks the protocol. */
static bool
take_action(struct watch *w, const struct hd_frame *f)
{
	const char *what = hd_frame_str(f, 0), *since = hd_frame_str(f, 2);

	if (f->nfields != 5 || what == NULL || since == NULL ||
	    hd_frame_str(f, 1) == NULL || hd_frame_str(f, 3) == NULL ||
	    hd_frame_str(f, 4) == NULL ||
	    (strcmp(what, "inspect") != 0 && strcmp(what, "rescan") != 0 &&
	    strcmp(what, "none") != 0) || (since[0] != '\0' && !is_since(since)))
		return false;
	snprintf(w->action.what, sizeof(w->action.what), "%s", what);
	if (since[0] != '\0')
		snprintf(w->since, sizeof(w->since), "%s", since);
	free(w->action.id);
	free(w->action.cause);
	free(w->action.text);
	w->action.id = hd_xstrdup(hd_frame_str(f, 1));
	w->action.cause = hd_xstrdup(hd_frame_str(f, 3));
	w->action.text = hd_xstrdup(hd_frame_str(f, 4));
	return true;
}

/* Handle the evaluator's frames until the WF_DONE of the request just
 * sent (r: how sending it went); whether it took the request's profile. */
static bool
answers(struct watch *w, int r)
{
	struct report_out ro = { 0 };
	struct hd_frame f;
	bool taken = false, done = false;

	if (w->eval_dead)
		return false;
	if (r < 0) {
		eval_gone(w, hd_error_last(), NULL);
		return false;
	}
	w->busy = true;
	while (!done && (r = hd_frame_recv(&f, w->from_eval, WATCH_FRAME_CAP)) ==
	    HD_OK) {
		bool ok = true;

		switch (f.type) {
		case WF_EXEC:
			ok = f.nfields == 1;
			if (ok)
				run_exec(w, f.field[0], f.len[0]);
			break;
		case WF_REPORT:
		case WF_DATA:
		case WF_END:
			ok = report_frame(w, &f, &ro);
			break;
		case WF_ACTION:
			ok = take_action(w, &f);
			break;
		case WF_DONE:
			ok = f.nfields == 2;
			taken = ok && strcmp(f.field[1], "1") == 0;
			w->has_results = ok && strcmp(f.field[0], "1") == 0;
			done = true;
			break;
		default:
			ok = false;
		}
		hd_frame_clear(&f);
		if (!ok) {
			r = hd_error_set(HD_EPARSE, "it broke the protocol (frame %u)",
			    f.type);
			break;
		}
	}
	if (ro.fp != NULL)
		scan_output_close(&w->a, ro.i, ro.fp, ro.tmp, -1);
	w->busy = false;
	if (!done) {
		/* A confused evaluator is stopped, not trusted further. */
		if (w->eval > 0)
			kill(w->eval, SIGKILL);
		eval_gone(w, r == HD_ENOTFOUND ? "end of its pipe" : hd_error_last(),
		    NULL);
		return false;
	}
	/* Lines raised while it answered. */
	for (size_t i = 0; i < w->npending; i++) {
		notice(w, "error", NULL, NULL, w->pending[i]);
		free(w->pending[i]);
	}
	w->npending = 0;
	return taken;
}

/* Send one request of n fields and handle the answers; whether the
 * evaluator took the request's profile. */
static bool
request(struct watch *w, enum watch_frame type, size_t n,
    const void *const *data, const size_t *len)
{
	return answers(w, w->eval_dead ? HD_OK :
	    hd_frame_send(w->to_eval, type, n, data, len));
}

/* The same with n C strings. */
static bool
request_strs(struct watch *w, enum watch_frame type, size_t n,
    const char *const *s)
{
	return answers(w, w->eval_dead ? HD_OK :
	    hd_frame_send_strs(w->to_eval, type, n, s));
}

/* A line about watch itself (type "engine", "scan" or "error"), printed
 * by the evaluator so that the stream has one writer and one order;
 * raised while a request is answered, it waits for the request's end. */
static void
notice(struct watch *w, const char *type, const char *key, const char *value,
    const char *reason)
{
	const char *s[4] = { type, key ? key : "", value ? value : "",
	    reason ? reason : "" };

	if (w->busy) {
		if (w->npending < MAX_PENDING)
			w->pending[w->npending++] = hd_xstrdup(reason ? reason : type);
		return;
	}
	request_strs(w, WF_NOTICE, 4, s);
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
run_exec(struct watch *w, const char *line, size_t len)
{
	size_t slot = MAX_CHILDREN;
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

/* Write the -o reports now: the evaluator renders, this process writes
 * each to a temporary file renamed over the report. */
static void
write_reports(struct watch *w)
{
	if (!w->has_results)
		return;
	if (w->a.noutputs > 0)
		request(w, WF_WRITE, 0, NULL, NULL);
	w->dirty = false;
	w->last_write = mono_ms();
}

/* A full scan: collected here, handed over as a snapshot, evaluated and
 * compared with the old state by the evaluator. */
static void
full_scan(struct watch *w, const char *why)
{
	struct hd_snapshot *snap = NULL;
	const void *d[3];
	size_t len[3];
	char started[32];
	int r;

	scan_now(started, sizeof(started));
	if (scan_collect(&snap, &w->a, started) != HD_EXIT_OK) {
		notice(w, "error", NULL, NULL, hd_error_last());
		return;
	}
	d[0] = why;
	d[1] = started;
	d[2] = hd_snapshot_transfer(snap, &len[2]);
	len[0] = strlen(why);
	len[1] = strlen(started);
	r = w->eval_dead ? HD_OK : hd_frame_send(w->to_eval, WF_SCAN, 3, d, len);
	/* Sent whole: the evaluator holds it. The memory goes back before
	 * the evaluator's parse and evaluation take theirs. */
	hd_snapshot_free(snap);
	malloc_trim(0);
	answers(w, r);
	w->last_scan = mono_ms();
	w->dirty = true;
}

/* Inspect one container again (the last WF_ACTION's) and hand the
 * answer, unparsed, to the evaluator, which prints what changed. */
static void
container_event(struct watch *w)
{
	struct hd_engine_answer ans;
	char err[16], status[24];
	const char *s[7];
	const void *d[8];
	size_t len[8];
	int r;

	if (!w->has_results || w->conn == NULL)
		return;
	r = hd_engine_inspect_container(&ans, w->conn, w->action.id);
	if (r == HD_EUSAGE) {
		notice(w, "error", NULL, NULL, "event for a malformed container id");
		return;
	}
	if (r == HD_ECONNECT) {
		notice(w, "error", NULL, NULL, hd_error_last());
		return;
	}
	snprintf(err, sizeof(err), "%d", ans.err);
	snprintf(status, sizeof(status), "%ld", ans.status);
	s[0] = w->action.id;
	s[1] = w->action.cause;
	s[2] = w->action.text;
	s[3] = ans.path;
	s[4] = err;
	s[5] = status;
	s[6] = ans.reason ? ans.reason : "";
	for (size_t i = 0; i < 7; i++) {
		d[i] = s[i];
		len[i] = strlen(s[i]);
	}
	/* The body as it came: it may hold NUL bytes. */
	d[7] = ans.text ? ans.text : "";
	len[7] = ans.text ? ans.text_len : 0;
	request(w, WF_CONTAINER, 8, d, len);
	w->dirty = true;
	hd_engine_answer_clear(&ans);
}

/* One line of the stream (the splitter's callback): the evaluator parses
 * it and says what it asks for. */
static void
on_line(void *arg, const char *line, size_t len)
{
	struct watch *w = arg;
	const void *d[1] = { line };

	if (line == NULL) {
		char *m = hd_xasprintf("event line longer than %zu bytes skipped", len);

		notice(w, "error", NULL, NULL, m);
		free(m);
		return;
	}
	/* Left empty when the evaluator answers no WF_ACTION (a malformed
	 * event: it said so) or is gone. */
	w->action.what[0] = '\0';
	request(w, WF_EVENT, 1, d, &len);
	if (strcmp(w->action.what, "inspect") == 0)
		container_event(w);
	else if (strcmp(w->action.what, "rescan") == 0)
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

/* Reload the profile (SIGHUP): read here (following "extends"), handed
 * to the evaluator as its chain of files; a bad one keeps the current
 * options. */
static void
reload_profile(struct watch *w)
{
	struct hd_profile *p = NULL;
	const void *d[HD_FRAME_MAX_FIELDS];
	size_t len[HD_FRAME_MAX_FIELDS], n = 0;

	if (w->a.profile == NULL)
		return;
	if (hd_profile_load(&p, w->a.profile) < 0) {
		notice(w, "error", NULL, NULL, hd_error_last());
		return;
	}
	for (const struct hd_profile *q = p; q && n + 2 <= HD_FRAME_MAX_FIELDS;
	    q = hd_profile_parent(q)) {
		d[n] = hd_profile_origin(q);
		len[n] = strlen(d[n]);
		n++;
		d[n] = hd_profile_text(q, &len[n]);
		n++;
	}
	if (request(w, WF_PROFILE, n, d, len))
		full_scan(w, "profile reloaded");
	hd_profile_free(p);
}

/* Follow the stream until a signal says stop. */
static void
loop(struct watch *w)
{
	while (!got_stop && !w->eval_dead) {
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
		eval_check(w);
	}
}

/* Fork the evaluator with its two pipes; in the child, run it and
 * return its exit status through *child_r (true returned). */
static bool
start_evaluator(struct watch *w, int *child_r)
{
	int req[2], ans[2];
	pid_t pid;

	*child_r = -1;
	if (pipe2(req, O_CLOEXEC) < 0)
		goto fail;
	if (pipe2(ans, O_CLOEXEC) < 0) {
		close(req[0]);
		close(req[1]);
		goto fail;
	}
	/* Nothing buffered twice: the child inherits stdio's buffers. */
	fflush(NULL);
	if ((pid = fork()) < 0) {
		close(req[0]);
		close(req[1]);
		close(ans[0]);
		close(ans[1]);
		goto fail;
	}
	if (pid == 0) {
		struct watch_eval_cfg cfg = { .a = &w->a, .cli = &w->cli,
		    .profile = w->profile, .jsonl = w->jsonl, .exec = w->nexec > 0,
		    .sb = &w->sb, .in = req[0], .out = ans[1] };

		close(req[1]);
		close(ans[0]);
		w->profile = NULL; /* the evaluator's now */
		w->to_eval = w->from_eval = -1;
		*child_r = watch_evaluate(&cfg);
		close(req[0]);
		close(ans[1]);
		return true;
	}
	close(req[0]);
	close(ans[1]);
	w->eval = pid;
	w->to_eval = req[1];
	w->from_eval = ans[0];
	return false;
fail:
	fprintf(stderr, "hardock: watch: cannot start the evaluator: %s\n",
	    strerror(errno));
	*child_r = HD_EXIT_NOSCAN;
	return false;
}

static int
watch_exec(int argc, char **argv)
{
	struct watch *w = hd_xcalloc(1, sizeof(*w));
	struct sigaction sa;
	bool child = false;
	time_t t0;
	int r;

	scan_args_init(&w->a, "watch");
	w->interval_ms = 2000;
	w->rescan_ms = 3600000;
	w->lim.body_cap = HD_BUF_CAP_API;
	w->lim.max_inflight = 1;
	w->to_eval = w->from_eval = -1;
	hd_docker_env_from_environ(&w->env);
	if ((r = parse_args(w, argc, argv)) != HD_EXIT_OK) {
		r = r < 0 ? HD_EXIT_OK : r;
		goto out;
	}
	/* The command line's options alone, before the profile's. */
	hd_scan_opts_copy(&w->cli, &w->a.scan);
	if ((r = scan_prepare(&w->a, &w->profile)) != HD_EXIT_OK)
		goto out;
	hd_sandbox_init(&w->sb, !w->no_sandbox, false);
	w->sb.applied = "in hardock watch's evaluator process, from its start: "
	    "it parses every snapshot, inspect document and reloaded profile, "
	    "evaluates and renders every line and report; the collector "
	    "process keeps the collection capabilities (for re-scans), the "
	    "engine's connection and event stream, writes the report files "
	    "and runs --exec";
	w->sb.since = "the evaluator started";
	if ((r = cli_sandbox_begin(&w->sb, "watch")) != HD_EXIT_OK)
		goto out;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((child = start_evaluator(w, &r)) || w->eval == 0)
		goto out;
	/* Events from the scan's start on: none falls between scan and stream. */
	t0 = time(NULL);
	snprintf(w->since, sizeof(w->since), "%lld", (long long)t0);
	full_scan(w, "start");
	if (!w->has_results) {
		r = HD_EXIT_NOSCAN;
		goto out;
	}
	w->backoff = BACKOFF_MIN_MS;
	if (connect_engine(w)) {
		notice(w, "engine", "state", "up", NULL);
	} else {
		w->down = true;
		w->next_try = mono_ms() + w->backoff;
	}
	loop(w);
	/* State files complete at exit. */
	write_reports(w);
	r = w->eval_dead ? HD_EXIT_NOSCAN : HD_EXIT_OK;
out:
	if (!child) {
		if (w->eval > 0) {
			/* End of its requests: it frees its state and exits. */
			close(w->to_eval);
			w->to_eval = -1;
			while (waitpid(w->eval, NULL, 0) < 0 && errno == EINTR)
				;
		}
		for (size_t i = 0; i < MAX_CHILDREN; i++)
			if (w->children[i] > 0)
				waitpid(w->children[i], NULL, 0);
	}
	if (w->to_eval >= 0)
		close(w->to_eval);
	if (w->from_eval >= 0)
		close(w->from_eval);
	for (size_t i = 0; i < w->npending; i++)
		free(w->pending[i]);
	free(w->action.id);
	free(w->action.cause);
	free(w->action.text);
	hd_events_free(w->ev);
	hd_engine_conn_free(w->conn);
	hd_scan_opts_release(&w->a.scan);
	hd_scan_opts_release(&w->cli);
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
	    "write the reports and exit 0. Only GET requests reach the engine. "
	    "Two processes: a collector holding only the capabilities reading "
	    "needs (it also runs --exec, which inherits them and no_new_privs), "
	    "and an evaluator with no capability inside the seccomp filter, "
	    "where every document is parsed and every check evaluated; exit 3 "
	    "when the evaluator dies (SIGSYS: the filter stopped it).",
	.opts = watch_opts, .exec = watch_exec,
};
