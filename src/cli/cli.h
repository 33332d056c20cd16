/* The subcommand table: one file per subcommand, each exports its entry. */
#ifndef HARDOCK_CLI_H
#define HARDOCK_CLI_H

#include <stdio.h>

/* Exit codes, documented in hardock(1) and the README. */
#define HD_EXIT_OK 0       /* nothing at or above --fail-on failed */
#define HD_EXIT_FAILED 1   /* something did */
#define HD_EXIT_USAGE 2    /* usage or profile error */
#define HD_EXIT_NOSCAN 3   /* the scan could not run at all */

struct cmd_entry {
	const char *name;
	const char *args;    /* usage synopsis after the name */
	const char *summary; /* one line for `hardock --help` */
	int (*exec)(int argc, char **argv);
	void (*usage)(FILE *out);
};

extern const struct cmd_entry cmd_scan_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_explain_entry;
extern const struct cmd_entry cmd_version_entry;

/* Print "hardock: MESSAGE" on stderr and return HD_EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
