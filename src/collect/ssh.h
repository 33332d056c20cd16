/*
 * Remote engines the docker CLI's way: ssh://[USER@]HOST[:PORT][/SOCKET].
 *
 * hardock runs the OpenSSH client found in $PATH, so the user's
 * ~/.ssh/config, agent and known_hosts apply as they do for `docker -H
 * ssh://...`, and asks the remote side for `docker system dial-stdio`,
 * whose stdin and stdout are a connection to the remote engine. The only
 * options hardock adds make ssh fail instead of asking: BatchMode=yes (an
 * unknown or changed host key, or a password prompt, is an error, never a
 * question on the terminal), ConnectTimeout= from --timeout, and -T (no
 * terminal). Nothing weakens host key checking.
 *
 * The parser takes a string and builds argv without running anything, so
 * tests and fuzzers can drive it.
 */
#ifndef HARDOCK_COLLECT_SSH_H
#define HARDOCK_COLLECT_SSH_H

#include <stdbool.h>

/* Where an ssh:// engine is. */
struct hd_ssh_dest {
	char *user;  /* -l USER, NULL: ssh's own choice (config, login name) */
	char *host;  /* the destination; an IPv6 address without brackets */
	char *port;  /* -p PORT, NULL: ssh's own choice (config, 22) */
	char *path;  /* the remote engine's socket, NULL: the remote docker
	              * CLI's default (its DOCKER_HOST, else its default) */
};

/* Parse an ssh:// URL into d. User and host are letters, digits and
 * ".-_" (host also an [IPv6] literal) and never start with '-', so
 * neither can become an ssh option; the socket path is absolute and
 * made of letters, digits and "/._-+", because the remote command passes
 * through the remote user's shell. HD_EUSAGE with the reason otherwise
 * (a password in the URL is refused, as the docker CLI does). */
int hd_ssh_dest_parse(struct hd_ssh_dest *d, const char *url);

/* The ssh command line for d, NULL-terminated (free with
 * hd_ssh_argv_free): ssh -o BatchMode=yes -o ConnectTimeout=S -T
 * [-l USER] [-p PORT] -- HOST docker [--host unix://PATH] system
 * dial-stdio. S is timeout_ms rounded up to whole seconds. */
char **hd_ssh_argv(const struct hd_ssh_dest *d, long timeout_ms);

/* Free an argv from hd_ssh_argv(); NULL is accepted. */
void hd_ssh_argv_free(char **argv);

/* Release what d holds; d itself may be reused. */
void hd_ssh_dest_clear(struct hd_ssh_dest *d);

#endif
