/*
 * The sandbox for commands that parse reports (diff, merge): reports are
 * files a tenant may have shaped, so their parsing runs with no capability
 * and the seccomp filter of <hardock/sandbox.h>, as scan's evaluation does.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hardock/common.h>

#include "cli.h"

void
cli_sandbox_init(struct hd_sandbox *sb, bool enabled, const char *applied,
    const char *since)
{
	hd_sandbox_init(sb, enabled, true);
	sb->applied = applied;
	sb->since = since;
}

/* Say why a step of the sandbox failed; the exit status. */
static int
failed(const char *cmd, const char *step)
{
	fprintf(stderr, "hardock: %s: cannot %s: %s (--no-sandbox runs without "
	    "the sandbox)\n", cmd, step, hd_error_last());
	return HD_EXIT_NOSCAN;
}

int
cli_sandbox_begin(struct hd_sandbox *sb, const char *cmd)
{
	return hd_sandbox_begin(sb) < 0 ? failed(cmd, "drop privileges") :
	    HD_EXIT_OK;
}

int
cli_sandbox_enter(struct hd_sandbox *sb, const char *cmd)
{
	return hd_sandbox_enter(sb) < 0 ? failed(cmd, "enter the sandbox") :
	    HD_EXIT_OK;
}

json_object *
cli_tool_json(const struct hd_sandbox *sb)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string("hardock"));
	json_object_object_add(o, "version", json_object_new_string(HARDOCK_VERSION));
	json_object_object_add(o, "sandbox", hd_sandbox_json(sb));
	return o;
}

int
cli_sandboxed(struct hd_sandbox *sb, const char *cmd, int (*fn)(void *arg),
    void *arg)
{
	pid_t pid;
	int st;

	if (sb->phase == HD_SANDBOX_OFF)
		return fn(arg);
	/* Nothing buffered twice: the child inherits stdio's buffers. */
	fflush(NULL);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "hardock: %s: cannot fork: %s\n", cmd, strerror(errno));
		return HD_EXIT_NOSCAN;
	}
	if (pid == 0) {
		int r = fn(arg);

		/* exit(3), not _exit: stdio is flushed (and a sanitizer's leak
		 * check runs, inside the filter). */
		fflush(NULL);
		exit(r);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "hardock: %s: waiting for the sandboxed parser: "
			    "%s\n", cmd, strerror(errno));
			return HD_EXIT_NOSCAN;
		}
	if (WIFSIGNALED(st)) {
		fprintf(stderr, "hardock: %s: the sandboxed parser was killed by "
		    "signal %d (%s)%s\n", cmd, WTERMSIG(st), strsignal(WTERMSIG(st)),
		    WTERMSIG(st) == SIGSYS ? ": a report made it try what the "
		    "sandbox forbids (exec, a socket)" : "");
		return HD_EXIT_NOSCAN;
	}
	return WEXITSTATUS(st);
}
