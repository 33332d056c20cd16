/* The report side `hardock scan` and `hardock image` share: the report
 * options, opening the outputs before the sandbox, rendering into them. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/facts.h>

#include "scanrun.h"

void
scan_report_args_init(struct scan_report_args *ra)
{
	memset(ra, 0, sizeof(*ra));
	ra->format = "text";
	ra->color = "auto";
	ra->max_objects = -1;
}

int
scan_parse_report_opt(struct scan_args *a, struct scan_report_args *ra,
    int ch, char *arg)
{
	char *end;
	long v;

	switch (ch) {
	case 'f':
		ra->format = arg;
		ra->format_given = true;
		break;
	case 'q':
		ra->quiet = true;
		break;
	case 'v':
		ra->verbose = true;
		break;
	case O_MAXOBJ:
	case O_WARNEXP:
		v = strtol(arg, &end, 10);
		if (end == arg || *end || v < 0 || v > 1000000)
			return cli_usage_error("%s: --%s wants a number from 0, not "
			    "'%s'", a->cmd, ch == O_MAXOBJ ? "max-objects" :
			    "warn-expiry", arg);
		if (ch == O_MAXOBJ)
			ra->max_objects = v;
		else
			a->scan.warn_expiry_days = (int)v;
		break;
	case O_ASOF:
		a->scan.today = arg;
		break;
	case O_COLOR:
		if (strcmp(arg, "auto") != 0 && strcmp(arg, "always") != 0 &&
		    strcmp(arg, "never") != 0)
			return cli_usage_error("%s: --color takes auto, always or "
			    "never, not '%s'", a->cmd, arg);
		ra->color = arg;
		break;
	case O_SAVE:
		ra->snapshot_out = arg;
		break;
	case O_SNAP:
		ra->snapshot_in = arg;
		break;
	case O_NOSANDBOX:
		ra->no_sandbox = true;
		break;
	default:
		return SCAN_OPT_NOT_MINE;
	}
	return HD_EXIT_OK;
}

/* The width of the terminal on stdout, 0 (80 columns) when it is none. */
static int
terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 40)
		return ws.ws_col;
	return 0;
}

int
scan_report_ready(struct scan_args *a, struct scan_report_args *ra)
{
	int r;

	if (ra->snapshot_in && ra->snapshot_out)
		return cli_usage_error("%s: --snapshot and --save-snapshot exclude "
		    "each other", a->cmd);
	/* -q with -o writes files only: nothing on stdout, for cron. */
	if ((!ra->quiet || ra->format_given || a->noutputs == 0) &&
	    (r = scan_add_output(a, ra->format, false)) != HD_EXIT_OK)
		return r;
	ra->width = terminal_width();
	return HD_EXIT_OK;
}

/* Open o->path for writing before the sandbox, keeping what it holds
 * until the report replaces it (truncated then, see scan_finish_output()),
 * so that a run failing early leaves last night's report. A new file
 * gets mode (less the umask). */
static int
open_output(const char *cmd, struct scan_output *o, mode_t mode)
{
	int fd;

	o->created = false;
	if (o->path == NULL) {
		o->fp = stdout;
		return HD_EXIT_OK;
	}
	if ((fd = open(o->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) >= 0)
		o->created = true;
	else if (errno == EEXIST)
		fd = open(o->path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "hardock: %s: cannot write %s: %s\n", cmd, o->path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return HD_EXIT_NOSCAN;
	}
	return HD_EXIT_OK;
}

int
scan_finish_output(struct scan_output *o)
{
	struct stat st;
	off_t len;
	int r = 0;

	if (fflush(o->fp) != 0)
		r = -1;
	if (o->path != NULL && r == 0 && fstat(fileno(o->fp), &st) == 0 &&
	    S_ISREG(st.st_mode) && ((len = ftello(o->fp)) < 0 ||
	    ftruncate(fileno(o->fp), len) < 0))
		r = -1;
	if (o->path != NULL && fclose(o->fp) != 0)
		r = -1;
	o->fp = NULL;
	o->created = false;
	return r;
}

void
scan_abandon_output(struct scan_output *o)
{
	if (o->fp == NULL || o->path == NULL)
		return;
	fclose(o->fp);
	o->fp = NULL;
	if (o->created)
		(void)unlink(o->path);
}

void
scan_abandon_outputs(struct scan_args *a, struct scan_report_args *ra)
{
	for (size_t i = 0; i < a->noutputs; i++)
		scan_abandon_output(&a->outputs[i]);
	scan_abandon_output(&ra->save);
}

int
scan_open_outputs(struct scan_args *a, struct scan_report_args *ra,
    struct hd_sandbox *sb)
{
	int r;

	for (size_t i = 0; i < a->noutputs; i++) {
		if ((r = open_output(a->cmd, &a->outputs[i], 0666)) != HD_EXIT_OK)
			return r;
		if (a->outputs[i].path != NULL &&
		    hd_sandbox_allow_write(sb, fileno(a->outputs[i].fp)) < 0)
			return cli_usage_error("%s: %s", a->cmd, hd_error_last());
	}
	ra->save.path = ra->snapshot_out;
	if (ra->snapshot_out == NULL)
		return HD_EXIT_OK;
	/* A snapshot holds the engine's answers verbatim: containers'
	 * environments and images' history, where secrets are. Reports show
	 * them redacted; the snapshot is for its owner only. */
	if ((r = open_output(a->cmd, &ra->save, 0600)) != HD_EXIT_OK)
		return r;
	/* image saves inside the sandbox: the file must be writable there. */
	if (hd_sandbox_allow_write(sb, fileno(ra->save.fp)) < 0)
		return cli_usage_error("%s: %s", a->cmd, hd_error_last());
	return HD_EXIT_OK;
}

int
scan_save_snapshot(const struct scan_report_args *ra, const struct hd_snapshot *s)
{
	struct scan_output *save = (struct scan_output *)&ra->save;

	if (ra->snapshot_out == NULL)
		return HD_EXIT_OK;
	if (hd_snapshot_write(s, save->fp) < 0 || scan_finish_output(save) < 0) {
		fprintf(stderr, "hardock: cannot save snapshot to %s: %s\n",
		    ra->snapshot_out, hd_error_last());
		return HD_EXIT_NOSCAN;
	}
	return HD_EXIT_OK;
}

int
scan_render(struct scan_args *a, const struct scan_report_args *ra,
    const struct hd_results *res, const struct hd_snapshot *snap,
    const struct hd_profile *profile, const struct hd_sandbox *sb,
    const char *started)
{
	struct hd_report rep;
	char finished[32];
	bool color;

	scan_now(finished, sizeof(finished));
	memset(&rep, 0, sizeof(rep));
	rep.results = res;
	rep.snapshot = snap;
	rep.started_at = started;
	rep.collected_at = hd_snapshot_meta(snap, HD_META_COLLECTED_AT) ?
	    hd_snapshot_meta(snap, HD_META_COLLECTED_AT) : started;
	rep.finished_at = finished;
	rep.profile = a->scan.profile ? a->scan.profile : "default";
	rep.profile_file = profile;
	rep.sandbox = sb;
	rep.verbose = ra->verbose;
	rep.quiet = ra->quiet;
	rep.max_objects = ra->max_objects >= 0 ? (size_t)ra->max_objects :
	    ra->verbose ? 0 : SCAN_DEFAULT_MAX_OBJECTS;
	color = scan_want_color(ra->color);
	for (size_t i = 0; i < a->noutputs; i++) {
		struct scan_output *o = &a->outputs[i];
		int r;

		rep.color = o->path == NULL && color;
		rep.width = o->path == NULL ? ra->width : 0;
		r = o->reporter->render(o->fp, &rep);
		if (scan_finish_output(o) < 0)
			r = -1;
		if (r < 0) {
			fprintf(stderr, "hardock: %s: cannot write %s report to %s\n",
			    a->cmd, o->reporter->name, o->path ? o->path : "stdout");
			return HD_EXIT_NOSCAN;
		}
	}
	return HD_EXIT_OK;
}

int
scan_sandbox_failed(const struct scan_args *a, const char *step)
{
	fprintf(stderr, "hardock: %s: cannot %s: %s (--no-sandbox runs without "
	    "the sandbox)\n", a->cmd, step, hd_error_last());
	return HD_EXIT_NOSCAN;
}

void
scan_progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	fprintf(stderr, "\rhardock: evaluating checks [%3zu/%zu]", done, total);
	if (done == total)
		fputs("\r\033[K", stderr);
}

void
scan_help_formats(FILE *out)
{
	fprintf(out, "\nFormats:\n");
	for (size_t i = 0; i < hd_reporter_count(); i++)
		fprintf(out, "  %-8s %s\n", hd_reporter_get(i)->name,
		    hd_reporter_get(i)->description);
}
