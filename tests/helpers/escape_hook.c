/*
 * A compromised parser, for the sandbox tests of hardock diff and merge
 * (tests/cli/test_sandbox_reports.sh): preloaded (LD_PRELOAD), it wraps
 * json-c's json_tokener_parse_ex(), the parser every report goes through.
 * When the text being parsed holds the marker HD-ESCAPE, it does what
 * $HD_ESCAPE says before parsing on, as an exploit in the parser would:
 *   write:PATH  create PATH and write "escaped" into it
 *   exec:PATH   run /bin/sh -c 'echo escaped > PATH'
 *   socket      open a TCP socket
 * and says on stderr what the kernel answered ("hook: write: ..."). A
 * report without the marker (or another parse) is left alone, so that the
 * hook fires inside the parsing of the hostile report only.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>

typedef struct json_object *(*parse_fn)(struct json_tokener *, const char *, int);

/* Do what $HD_ESCAPE says; report the outcome on stderr. */
static void
escape(void)
{
	const char *what = getenv("HD_ESCAPE");
	int fd;

	if (what == NULL)
		return;
	if (strncmp(what, "write:", 6) == 0) {
		fd = open(what + 6, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, "escaped\n", 8) != 8)
			fprintf(stderr, "hook: write: refused: %s\n", strerror(errno));
		else
			fprintf(stderr, "hook: write: done\n");
		if (fd >= 0)
			close(fd);
	} else if (strncmp(what, "exec:", 5) == 0) {
		char cmd[4200];

		snprintf(cmd, sizeof(cmd), "echo escaped > '%s'", what + 5);
		fprintf(stderr, "hook: exec: trying\n");
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		fprintf(stderr, "hook: exec: refused: %s\n", strerror(errno));
	} else if (strcmp(what, "socket") == 0) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		fprintf(stderr, "hook: socket: %s\n", fd < 0 ? strerror(errno) : "done");
		if (fd >= 0)
			close(fd);
	}
}

struct json_object *
json_tokener_parse_ex(struct json_tokener *tok, const char *str, int len)
{
	static parse_fn real;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "json_tokener_parse_ex");
	if (len > 0 && memmem(str, (size_t)len, "HD-ESCAPE", 9) != NULL)
		escape();
	return real(tok, str, len);
}
