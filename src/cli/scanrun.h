/*
 * What `hardock scan` and `hardock watch` share: the engine, scope and
 * output options, the profile, collecting a snapshot and writing the
 * reports. One place, so the two commands cannot drift apart.
 */
#ifndef HARDOCK_CLI_SCANRUN_H
#define HARDOCK_CLI_SCANRUN_H

#include <stdbool.h>

#include <hardock/collect.h>
#include <hardock/profile.h>
#include <hardock/report.h>
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
	const char *cmd;  /* "scan" or "watch", for messages */
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
	O_TLSKEY, O_PROFILE, O_CONTEXT, O_OWN,
};

/* The engine options, in both commands' tables. */
#define SCAN_OPTS_ENGINE                                                     \
	{ "host", 'H', "URL", "engine to audit: unix://PATH, tcp://HOST:PORT " \
	  "or ssh://[USER@]HOST[:PORT] (default: --context, then "             \
	  "$DOCKER_HOST, $DOCKER_CONTEXT, the current docker context, "        \
	  "unix:///var/run/docker.sock)" },                                     \
	{ "context", O_CONTEXT, "NAME", "the engine of docker context NAME" }, \
	{ "root", O_ROOT, "DIR", "read host files, /proc and /sys under DIR "  \
	  "instead of /" },                                                     \
	{ "timeout", O_TIMEOUT, "SECONDS", "per engine request (default 10)" },\
	{ "tlsverify", O_TLSV, NULL, "verify the engine's TLS certificate" },  \
	{ "tlscacert", O_TLSCA, "FILE", "CA certificate for a tcp:// engine" },\
	{ "tlscert", O_TLSCERT, "FILE", "client certificate for a tcp:// "    \
	  "engine" },                                                           \
	{ "tlskey", O_TLSKEY, "FILE", "client key for a tcp:// engine" }

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
