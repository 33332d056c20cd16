/* The subcommand table: one file per subcommand, each exports its entry.
 * Options are tables too, so --help, getopt_long and the man page are
 * generated from one description and cannot drift apart. */
#ifndef HARDOCK_CLI_H
#define HARDOCK_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>

#include <hardock/sandbox.h>

/* Exit codes, documented in hardock(1) and the README. */
#define HD_EXIT_OK 0       /* nothing at or above --fail-on failed */
#define HD_EXIT_FAILED 1   /* something did */
#define HD_EXIT_USAGE 2    /* usage or profile error */
#define HD_EXIT_NOSCAN 3   /* the scan could not run at all */

/* One command-line option. */
struct cli_opt {
	const char *name; /* long name without "--" */
	int key;          /* short letter, or a value >= 256 for long-only */
	const char *arg;  /* argument name, NULL for a flag */
	const char *help; /* one sentence */
};

struct cmd_entry {
	const char *name;
	const char *args;    /* usage synopsis after the name */
	const char *summary; /* one line for `hardock --help` */
	const char *description; /* a paragraph for --help and the man page */
	const struct cli_opt *opts; /* {NULL}-terminated, may be NULL */
	int (*exec)(int argc, char **argv);
	void (*help_extra)(FILE *out); /* more --help text, or NULL */
	void (*man_extra)(FILE *out);  /* the same for the man page, in troff
	                                * (cli_roff()), or NULL */
};

extern const struct cmd_entry cmd_scan_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_explain_entry;
extern const struct cmd_entry cmd_version_entry;
extern const struct cmd_entry cmd_manpage_entry;
extern const struct cmd_entry cmd_diff_entry;
extern const struct cmd_entry cmd_completion_entry;
extern const struct cmd_entry cmd_benchmarks_entry;
extern const struct cmd_entry cmd_map_entry;
extern const struct cmd_entry cmd_profile_entry;
extern const struct cmd_entry cmd_merge_entry;
extern const struct cmd_entry cmd_watch_entry;
extern const struct cmd_entry cmd_image_entry;

struct hd_pack;

/* The benchmark option every command that reads a pack shares. */
#define CLI_OPT_BENCHMARK                                                   \
	{ "benchmark", 'b', "NAME", "benchmark pack: cis-1.8.0 (default, the " \
	  "newest), cis-1.7.0 or cis-1.6.0; see hardock benchmarks" }

/* The pack called name (NULL: the default), or NULL after printing a
 * usage error that lists the shipped packs. */
const struct hd_pack *cli_pack(const char *cmd, const char *name);

/* The command table (NULL-terminated). */
extern const struct cmd_entry *const cli_commands[];

/* Exit codes with their meaning, for --help and the man page. */
struct cli_exit {
	int code;
	const char *meaning;
};
extern const struct cli_exit cli_exits[];

/* Print "hardock: MESSAGE" on stderr and return HD_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write s escaped for troff (backslashes, hyphens, a leading dot). */
void cli_roff(FILE *out, const char *s);

/* Print a command's --help text generated from its entry. */
void cli_usage(FILE *out, const struct cmd_entry *cmd);

/* getopt_long's tables built from cmd's options (static storage). */
const struct option *cli_longopts(const struct cmd_entry *cmd);
const char *cli_shortopts(const struct cmd_entry *cmd);

/* Run getopt_long over argv with cmd's options; returns the key, -1 at
 * the end, '?' (message printed, exit 2 expected) on an unknown option or
 * a missing argument. */
int cli_getopt(const struct cmd_entry *cmd, int argc, char **argv);

/* The option of every command that sandboxes itself. */
#define CLI_OPT_NO_SANDBOX(key)                                          \
	{ "no-sandbox", (key), NULL, "keep every privilege and skip the "  \
	  "seccomp filter while parsing the reports (debugging; said in " \
	  "the output)" }

/* The sandbox of a command parsing reports (diff, merge; src/cli/
 * sandboxed.c): offline (only cap_dac_read_search, for reading); applied
 * and since (static strings) say in the output where it was entered. */
void cli_sandbox_init(struct hd_sandbox *sb, bool enabled, const char *applied,
    const char *since);

/* hd_sandbox_begin() and hd_sandbox_enter(), saying on stderr why they
 * failed as cmd; HD_EXIT_OK or HD_EXIT_NOSCAN. */
int cli_sandbox_begin(struct hd_sandbox *sb, const char *cmd);
int cli_sandbox_enter(struct hd_sandbox *sb, const char *cmd);

/* The report's tool block (new reference): {"name", "version",
 * "sandbox": hd_sandbox_json(sb)}. */
json_object *cli_tool_json(const struct hd_sandbox *sb);

/* Run fn(arg) and return its exit status. Sandboxed, fn runs in a child
 * process (fn enters the sandbox itself, once its inputs are open), so
 * the parent, which parses nothing, can still rename finished outputs
 * into place; a child the filter killed gives HD_EXIT_NOSCAN with the
 * signal said. With the sandbox off, fn runs here. */
int cli_sandboxed(struct hd_sandbox *sb, const char *cmd, int (*fn)(void *arg),
    void *arg);

#endif
