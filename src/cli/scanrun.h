/*
 * What `hardock scan`, `hardock watch` and `hardock image` share: the
 * engine, scope and output options, the profile, collecting a snapshot and
 * writing the reports (scanrun.c; the report side of scan and image in
 * scanout.c). One place, so the commands cannot drift apart.
 */
#ifndef HARDOCK_CLI_SCANRUN_H
#define HARDOCK_CLI_SCANRUN_H

#include <stdbool.h>

#include <hardock/collect.h>
#include <hardock/profile.h>
#include <hardock/report.h>
#include <hardock/sandbox.h>
#include <hardock/scan.h>

#include "cli.h"

#define SCAN_MAX_OUTPUTS 16
#define SCAN_OPT_NOT_MINE (-100) /* scan_parse_opt(): not a shared option */

struct scan_output {
	const struct hd_reporter *reporter;
	const char *path; /* NULL for stdout */
	FILE *fp;         /* scan: opened before the sandbox */
	bool created;     /* scan: by this run, removed when it cannot run */
};

/* The options both commands read. */
struct scan_args {
	const char *cmd;  /* "scan", "watch" or "image", for messages */
	struct hd_collect_opts collect;
	struct hd_scan_opts scan;
	struct scan_output outputs[SCAN_MAX_OUTPUTS];
	size_t noutputs;
	const char *profile;
	const char *benchmark;
	int fail_on; /* severity, or -1 for never */
};

/* Keys of the shared long options (the commands' own start at O_OWN). */
enum {
	O_ROOT = 256, O_FAILON, O_TIMEOUT, O_PARAM, O_TLSV, O_TLSCA, O_TLSCERT,
	O_TLSKEY, O_PROFILE, O_CONTEXT, O_COLOR, O_SAVE, O_SNAP, O_NOSANDBOX,
	O_MAXOBJ, O_WARNEXP, O_ASOF, O_OWN,
};

/* The engine options: where it is (scan, watch, image) and --root (scan,
 * watch). */
#define SCAN_OPTS_ENDPOINT                                                   \
	{ "host", 'H', "URL", "engine to audit: unix://PATH, tcp://HOST:PORT " \
	  "or ssh://[USER@]HOST[:PORT] (default: --context, then "             \
	  "$DOCKER_HOST, $DOCKER_CONTEXT, the current docker context, "        \
	  "unix:///var/run/docker.sock)" },                                     \
	{ "context", O_CONTEXT, "NAME", "the engine of docker context NAME" }
#define SCAN_OPTS_ROOT                                                       \
	{ "root", O_ROOT, "DIR", "read host files, /proc and /sys under DIR "  \
	  "instead of /" }
#define SCAN_OPTS_TLS                                                        \
	{ "timeout", O_TIMEOUT, "SECONDS", "per engine request (default 10)" },\
	{ "tlsverify", O_TLSV, NULL, "verify the engine's TLS certificate" },  \
	{ "tlscacert", O_TLSCA, "FILE", "CA certificate for a tcp:// engine" },\
	{ "tlscert", O_TLSCERT, "FILE", "client certificate for a tcp:// "    \
	  "engine" },                                                           \
	{ "tlskey", O_TLSKEY, "FILE", "client key for a tcp:// engine" }
#define SCAN_OPTS_ENGINE SCAN_OPTS_ENDPOINT, SCAN_OPTS_ROOT, SCAN_OPTS_TLS

/* The selection options, in both commands' tables. */
#define SCAN_OPTS_SELECT                                                     \
	CLI_OPT_BENCHMARK,                                                      \
	{ "check", 'c', "LIST", "only these check ids, sections or control "  \
	  "keys (comma-separated)" },                                           \
	{ "exclude", 'e', "LIST", "skip these check ids, sections or control " \
	  "keys" },                                                             \
	{ "profile", O_PROFILE, "NAME|FILE", "checks, severities, parameters, "\
	  "object scope and waivers from a YAML or JSON profile (shipped: "    \
	  "cis-level1, cis-level2, hardock-recommended; see hardock profile)" },\
	{ "param", O_PARAM, "NAME=VALUE", "set a parameter a check declares "  \
	  "(repeatable; see hardock explain ID)" }

/* The report options of the commands writing one report (scan, image):
 * stdout's format and the files, what the text report shows, the
 * snapshot saved or read, the sandbox. */
#define SCAN_OPTS_FORMAT                                                     \
	{ "format", 'f', "FMT", "report format on stdout (default text)" },    \
	{ "output", 'o', "FMT:FILE", "also write format FMT to FILE "          \
	  "(repeatable)" }
#define SCAN_OPTS_REPORT                                                     \
	{ "quiet", 'q', NULL, "no progress line; the text report lists only "  \
	  "failures and the summary; with -o and no -f nothing on stdout at "  \
	  "all (for cron)" },                                                   \
	{ "verbose", 'v', NULL, "text report: every object (passing ones "     \
	  "too) and the evidence of every result" },                           \
	{ "max-objects", O_MAXOBJ, "N", "text report: name at most N objects " \
	  "per group of failures (default 5, 0 for all; -v: all)" },           \
	{ "warn-expiry", O_WARNEXP, "DAYS", "warn about waivers expiring "     \
	  "within DAYS days (default 14)" },                                    \
	{ "as-of", O_ASOF, "DATE", "judge waiver expiry as of DATE "           \
	  "(YYYY-MM-DD) instead of today, e.g. to re-check a saved snapshot" }, \
	{ "color", O_COLOR, "WHEN", "auto (default), always or never; "        \
	  "NO_COLOR is honoured" },                                             \
	{ "save-snapshot", O_SAVE, "FILE", "write the collected facts to "     \
	  "FILE (a new file is mode 0600: it holds secrets unredacted)" },     \
	{ "snapshot", O_SNAP, "FILE", "evaluate a saved snapshot, touching "   \
	  "nothing on this host" },                                             \
	{ "no-sandbox", O_NOSANDBOX, NULL, "keep every privilege and skip the "\
	  "seccomp filter (debugging; said in the report; see 'hardock "       \
	  "version --verbose')" }

#define SCAN_DEFAULT_MAX_OBJECTS 5

/* What the report options say (SCAN_OPTS_FORMAT, SCAN_OPTS_REPORT). */
struct scan_report_args {
	const char *format;
	const char *snapshot_in;
	const char *snapshot_out;
	struct scan_output save; /* --save-snapshot, opened before the sandbox */
	const char *color;
	bool quiet;
	bool verbose;
	bool format_given; /* -f on the command line */
	long max_objects;  /* -1 until --max-objects */
	int width;         /* of the terminal on stdout, 0 when none */
	bool no_sandbox;
};

/* Defaults: text, colour auto, --max-objects unset. */
void scan_report_args_init(struct scan_report_args *ra);

/* Handle report option ch: HD_EXIT_OK, an exit status on a usage error,
 * or SCAN_OPT_NOT_MINE. */
int scan_parse_report_opt(struct scan_args *a, struct scan_report_args *ra,
    int ch, char *arg);

/* After the options: add stdout's output (none for -q with -o and no
 * -f), check --snapshot against --save-snapshot, ask the terminal's width
 * (the sandbox allows no ioctl but isatty's); an exit status. */
int scan_report_ready(struct scan_args *a, struct scan_report_args *ra);

/* Open every output and the --save-snapshot file before the sandbox,
 * letting the sandbox write them; the exit status. */
int scan_open_outputs(struct scan_args *a, struct scan_report_args *ra,
    struct hd_sandbox *sb);

/* Flush o and cut a regular file to what was written; -1 on failure. */
int scan_finish_output(struct scan_output *o);

/* Close o unwritten: a file this run created goes away (before the
 * sandbox; inside it, the empty file stays). */
void scan_abandon_output(struct scan_output *o);

/* Close every output and the saved snapshot left unwritten. */
void scan_abandon_outputs(struct scan_args *a, struct scan_report_args *ra);

/* Write snapshot s to the --save-snapshot file when asked; the exit
 * status. */
int scan_save_snapshot(const struct scan_report_args *ra,
    const struct hd_snapshot *s);

/* Fill rep for results res of snapshot snap; the exit status after
 * rendering every output into its open file. */
int scan_render(struct scan_args *a, const struct scan_report_args *ra,
    const struct hd_results *res, const struct hd_snapshot *snap,
    const struct hd_profile *profile, const struct hd_sandbox *sb,
    const char *started);

/* Say why a step of the sandbox failed; the exit status. */
int scan_sandbox_failed(const struct scan_args *a, const char *step);

/* The formats part of --help, from the reporter table. */
void scan_help_formats(FILE *out);

/* The progress line of evaluation on a terminal, for hd_scan_opts. */
void scan_progress(void *arg, size_t done, size_t total);

/* Defaults: root "/", never fail... (fail_on info as scan documents). */
void scan_args_init(struct scan_args *a, const char *cmd);

/* Handle shared option ch: HD_EXIT_OK, an exit status on a usage error,
 * or SCAN_OPT_NOT_MINE. */
int scan_parse_opt(struct scan_args *a, int ch, char *arg);

/* Add FMT or FMT:FILE to the outputs; usage error on an unknown format. */
int scan_add_output(struct scan_args *a, const char *spec, bool with_file);

/* Load the pack and the profile (kept in *profile, freed by the caller)
 * and put the profile under the command line; an exit status. */
int scan_prepare(struct scan_args *a, struct hd_profile **profile);

/* Collect a live snapshot of the host (exit status on no --root). */
int scan_collect(struct hd_snapshot **out, const struct scan_args *a,
    const char *started);

/* Put the profile under what the command line said in o: the profile's
 * parameters first (the last one given wins), its checks only when no -c
 * was given, its excludes added to -e. */
void scan_apply_profile(struct hd_scan_opts *o, const struct hd_profile *p);

/* The two halves of writing output i: where it goes (stdout, the file,
 * or when atomic a temporary file beside it, its name in *tmp), NULL
 * with the reason on stderr; then closing fp after a render that returned
 * r, renaming the temporary file over the output (or removing it on
 * failure) and freeing tmp: the exit status, the reason on stderr. */
FILE *scan_output_open(const struct scan_args *a, size_t i, bool atomic,
    char **tmp);
int scan_output_close(const struct scan_args *a, size_t i, FILE *fp, char *tmp,
    int r);

/* Render every output; a file is written to a temporary file in its
 * directory and renamed over it when atomic, so readers never see half a
 * report. The exit status on a write failure. */
int scan_write_outputs(const struct scan_args *a, struct hd_report *rep,
    bool atomic);

/* The current time as RFC 3339 UTC into buf. */
void scan_now(char *buf, size_t len);

/* Whether to colour stdout: WHEN, NO_COLOR, and whether it is a tty. */
bool scan_want_color(const char *when);

#endif
