/* Option tables to getopt_long and --help text. */
#include <stdarg.h>
#include <string.h>

#include <hardock/common.h>
#include <hardock/pack.h>

#include "cli.h"

#define MAX_OPTS 64

const struct cli_exit cli_exits[] = {
	{ HD_EXIT_OK, "nothing at or above the --fail-on severity failed" },
	{ HD_EXIT_FAILED, "a check at or above the --fail-on severity failed" },
	{ HD_EXIT_USAGE, "usage error: unknown option, check id, parameter, "
	  "image or unreadable file (image: an archive that cannot be read, a "
	  "--base that is not a base of the image)" },
	{ HD_EXIT_NOSCAN, "the scan could not run at all (no host to audit, "
	  "a remote engine that cannot be reached, report not writable; image: "
	  "an image whose layers could not be read whole)" },
	{ -1, NULL },
};

int
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("hardock: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return HD_EXIT_USAGE;
}

const struct option *
cli_longopts(const struct cmd_entry *cmd)
{
	static struct option longopts[MAX_OPTS + 1];
	size_t n = 0;

	for (const struct cli_opt *o = cmd->opts; o && o->name && n < MAX_OPTS; o++) {
		longopts[n].name = o->name;
		longopts[n].has_arg = o->arg ? required_argument : no_argument;
		longopts[n].flag = NULL;
		longopts[n].val = o->key;
		n++;
	}
	memset(&longopts[n], 0, sizeof(longopts[n]));
	return longopts;
}

const char *
cli_shortopts(const struct cmd_entry *cmd)
{
	static char shortopts[2 * MAX_OPTS + 2];
	size_t n = 0;

	shortopts[n++] = ':'; /* report a missing argument as ':' */
	for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
		if (o->key >= 256)
			continue;
		shortopts[n++] = (char)o->key;
		if (o->arg)
			shortopts[n++] = ':';
	}
	shortopts[n] = '\0';
	return shortopts;
}

int
cli_getopt(const struct cmd_entry *cmd, int argc, char **argv)
{
	int ch;

	opterr = 0;
	ch = getopt_long(argc, argv, cli_shortopts(cmd), cli_longopts(cmd), NULL);
	if (ch == ':') {
		cli_usage_error("%s: option '%s' needs a value", cmd->name,
		    argv[optind - 1]);
		return '?';
	}
	if (ch == '?') {
		cli_usage_error("%s: unknown option '%s' (see 'hardock %s --help')",
		    cmd->name, argv[optind - 1], cmd->name);
		return '?';
	}
	return ch;
}

void
cli_usage(FILE *out, const struct cmd_entry *cmd)
{
	fprintf(out, "usage: hardock %s %s\n\n%s\n", cmd->name, cmd->args,
	    cmd->description);
	if (cmd->opts && cmd->opts[0].name)
		fputs("\nOptions:\n", out);
	for (const struct cli_opt *o = cmd->opts; o && o->name; o++) {
		char left[64];

		if (o->key < 256)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->key, o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name,
			    o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(out, "  %-26s %s\n", left, o->help);
	}
	if (cmd->help_extra)
		cmd->help_extra(out);
}

const struct hd_pack *
cli_pack(const char *cmd, const char *name)
{
	const struct hd_pack *p = name ? hd_pack_find(name) : hd_pack_default();

	if (p == NULL) {
		fprintf(stderr, "hardock: %s: unknown benchmark '%s' (", cmd, name);
		for (size_t i = 0; i < hd_pack_count(); i++)
			fprintf(stderr, "%s%s", i ? ", " : "", hd_pack_get(i)->name);
		fputs(")\n", stderr);
	}
	return p;
}
