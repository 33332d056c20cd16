/* Fuzz the ssh:// engine URL parser and the command line built from it:
 * whatever it accepts must not put an option or shell syntax on ssh's
 * command line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/ssh.h"

/* Abort unless s is safe to hand ssh as the argument after "--" or -l/-p. */
static void
must_be_plain(const char *s)
{
	if (s == NULL)
		return;
	if (s[0] == '-' || strpbrk(s, " \t\r\n;&|`$<>()'\"\\*?!{}[]#~") != NULL)
		abort();
}

/* libFuzzer entry: the input is the URL (NUL bytes end it). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = malloc(size + 1);
	struct hd_ssh_dest d;
	char **argv;

	memcpy(url, data, size);
	url[size] = '\0';
	if (hd_ssh_dest_parse(&d, url) == 0) {
		must_be_plain(d.user);
		must_be_plain(d.host);
		must_be_plain(d.port);
		must_be_plain(d.path);
		argv = hd_ssh_argv(&d, 1000);
		hd_ssh_argv_free(argv);
		hd_ssh_dest_clear(&d);
	}
	free(url);
	return 0;
}
