/*
 * fork + execve of a read-only tool (auditctl -l): no shell parses
 * anything, the output is capped and a stuck tool is killed, so a broken
 * or hostile binary can slow a scan by the timeout at most.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hardock/common.h>

#include "collect/run.h"

/* Milliseconds on the monotonic clock. */
long long
hd_run_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child: wire stdio and exec; only async-signal-safe calls. */
static void
child(int wfd, const char *path, char *const argv[])
{
	static char *const envp[] = {
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL
	};
	int null = open("/dev/null", O_RDWR);

	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 2) < 0 ||
	    dup2(wfd, 1) < 0)
		_exit(127);
	execve(path, argv, envp);
	_exit(127);
}

/* Read from fd until EOF, the deadline or the cap. */
static int
pump(struct hd_buf *b, int fd, long long deadline, long timeout_ms,
    const char *path)
{
	char chunk[4096];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	for (;;) {
		long long left = deadline - hd_run_now_ms();
		ssize_t n;
		int pr, r;

		if (left <= 0)
			return hd_error_set(HD_ERR, "%s timed out after %ld ms",
			    path, timeout_ms);
		pr = poll(&pfd, 1, (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			return hd_error_set(HD_EIO, "poll: %s", strerror(errno));
		if (pr == 0)
			continue;
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return hd_error_set(HD_EIO, "%s: read: %s", path, strerror(errno));
		if (n == 0)
			return HD_OK;
		if ((r = hd_buf_append(b, chunk, (size_t)n)) < 0)
			return hd_error_wrap(r, path);
	}
}

/* Wait for the child until the deadline, then kill it: a tool that closes
 * stdout and lingers must not hold the scan. 0, or HD_ERR on timeout. */
int
hd_run_reap(pid_t pid, int *status, long long deadline)
{
	struct timespec tick = { 0, 10L * 1000 * 1000 };
	pid_t w;

	for (;;) {
		w = waitpid(pid, status, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			return HD_OK;
		if (hd_run_now_ms() >= deadline)
			break;
		nanosleep(&tick, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, status, 0) < 0 && errno == EINTR)
		;
	return HD_ERR;
}

/* fork, exec, pump with a deadline, reap. */
int
hd_run_capture(struct hd_buf **out, const char *path, char *const argv[],
    long timeout_ms, size_t cap)
{
	struct hd_buf *b = NULL;
	int p[2], status = 0, r;
	long long deadline;
	pid_t pid;

	*out = NULL;
	if (pipe2(p, O_CLOEXEC) < 0)
		return hd_error_set(HD_EIO, "pipe: %s", strerror(errno));
	if ((pid = fork()) < 0) {
		r = hd_error_set(HD_EIO, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return r;
	}
	if (pid == 0)
		child(p[1], path, argv);
	close(p[1]);
	b = hd_buf_new(cap);
	deadline = hd_run_now_ms() + timeout_ms;
	r = pump(b, p[0], deadline, timeout_ms, path);
	close(p[0]);
	/* Whatever happened, the child does not outlive this call. */
	if (r < 0)
		kill(pid, SIGKILL);
	if (hd_run_reap(pid, &status, r < 0 ? 0 : deadline) < 0 && r == HD_OK)
		r = hd_error_set(HD_ERR, "%s timed out after %ld ms", path,
		    timeout_ms);
	if (r == HD_OK && WIFEXITED(status) && WEXITSTATUS(status) == 127)
		r = hd_error_set(HD_EIO, "%s: could not be executed", path);
	else if (r == HD_OK && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		r = hd_error_set(HD_EIO, "%s exited with status %d", path,
		    WEXITSTATUS(status));
	else if (r == HD_OK && WIFSIGNALED(status))
		r = hd_error_set(HD_EIO, "%s killed by signal %d", path,
		    WTERMSIG(status));
	if (r < 0)
		hd_buf_free(b);
	else
		*out = b;
	return r;
}
