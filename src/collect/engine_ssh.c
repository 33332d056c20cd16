/*
 * ssh children as libcurl connections. curl connects to a private listener
 * (a unix socket in a fresh 0700 directory under $TMPDIR or /tmp,
 * CURLOPT_UNIX_SOCKET_PATH); each accepted connection becomes the stdin
 * and stdout of one `ssh ... docker system dial-stdio`, so bytes go from
 * curl's socket to ssh with nothing of ours copying them. The socket curl
 * connects with is made here (CURLOPT_OPENSOCKETFUNCTION) and bound to an
 * autobind address, which is how an accepted connection is matched to it;
 * a connection from anyone else is closed.
 *
 * Why not simpler: handing curl one end of a socketpair as "already
 * connected" is the textbook way, but libcurl 7.88 (Debian 12's) connects
 * such sockets anyway (curl/curl#10626); and it never reuses a connection
 * to an abstract unix address (its peer "address" is empty, which 7.88
 * takes for a name still resolving), which would cost one ssh login per
 * request.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hardock/common.h>

#include "collect/engine_http.h"
#include "collect/engine_ssh.h"
#include "collect/run.h"
#include "collect/ssh.h"

extern char **environ;

/* How long a terminated ssh has to exit before SIGKILL. */
#define TERM_GRACE_MS 1000
/* The tail of ssh's stderr read for a reason, and the lines kept. */
#define STDERR_TAIL 4096
#define STDERR_LINES 3

struct child {
	int fd;          /* curl's socket; -1 once curl closed it */
	struct sockaddr_un name; /* its autobind address, to match accept() */
	socklen_t namelen;
	pid_t pid;       /* 0 until its connection is accepted */
	int errfd;       /* ssh's stderr (a memory file), -1 before */
	bool exited;     /* reaped; status is valid */
	int status;
};

struct hd_ssh {
	char **argv;
	int lfd;         /* the private listener curl connects to */
	char *dir;       /* the 0700 directory holding it */
	char *lpath;     /* its path */
	struct child *kids;
	size_t nkids, cap;
	char *failure;   /* why the first ssh that ended on its own ended */
};

/* Listen on a unix socket in a fresh private directory; only this
 * process connects to it (checked on accept). */
static int
listen_private(struct hd_ssh *x)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *tmp = getenv("TMPDIR");
	char *templ;

	if (tmp == NULL || tmp[0] != '/' || strlen(tmp) > 64)
		tmp = "/tmp";
	templ = hd_xasprintf("%s/hardock-ssh-XXXXXX", tmp);
	if (mkdtemp(templ) == NULL) {
		free(templ);
		return hd_error_set(HD_ERR, "cannot make a directory for the ssh "
		    "transport in %s: %s", tmp, strerror(errno));
	}
	x->dir = templ;
	x->lpath = hd_xasprintf("%s/engine.sock", x->dir);
	memcpy(sa.sun_path, x->lpath, strlen(x->lpath) + 1);
	x->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (x->lfd < 0 || bind(x->lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(x->lfd, 64) < 0)
		return hd_error_set(HD_ERR, "cannot listen on %s for the ssh "
		    "transport: %s", x->lpath, strerror(errno));
	return HD_OK;
}

int
hd_ssh_new(struct hd_ssh **out, const char *url, long timeout_ms)
{
	struct hd_ssh_dest d;
	struct hd_ssh *x;
	int r;

	*out = NULL;
	if ((r = hd_ssh_dest_parse(&d, url)) < 0)
		return r;
	x = hd_xcalloc(1, sizeof(*x));
	x->lfd = -1;
	x->argv = hd_ssh_argv(&d, timeout_ms);
	hd_ssh_dest_clear(&d);
	if ((r = listen_private(x)) < 0) {
		hd_ssh_free(x);
		return r;
	}
	*out = x;
	return HD_OK;
}

/* The first reason is kept: later ones are usually its consequences. */
static void
set_failure(struct hd_ssh *x, char *why)
{
	if (x->failure == NULL)
		x->failure = why;
	else
		free(why);
}

/* fd moved above stdin/stdout/stderr (close-on-exec), so that the child's
 * dup2 onto 0, 1 and 2 never meets its own source. */
static int
above_stdio(int fd)
{
	int nfd;

	if (fd < 0 || fd > 2)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return nfd;
}

/* The last STDERR_LINES non-blank lines of the child's stderr joined by
 * spaces, made safe for a report; NULL when it wrote nothing. */
static char *
stderr_tail(const struct child *k)
{
	char buf[STDERR_TAIL], out[STDERR_TAIL + STDERR_LINES];
	const char *line[STDERR_LINES], *p, *eol;
	size_t len[STDERR_LINES], nl = 0, o = 0;
	struct stat st;
	off_t from;
	ssize_t n;

	if (k->errfd < 0 || fstat(k->errfd, &st) < 0 || st.st_size == 0)
		return NULL;
	from = st.st_size > STDERR_TAIL ? st.st_size - STDERR_TAIL : 0;
	if ((n = pread(k->errfd, buf, sizeof(buf), from)) <= 0)
		return NULL;
	for (p = buf; p < buf + n; p = eol + 1) {
		size_t l;

		const char *b = p;

		if ((eol = memchr(p, '\n', (size_t)(buf + n - p))) == NULL)
			eol = buf + n;
		while (b < eol && (*b == ' ' || *b == '\t'))
			b++;
		for (l = (size_t)(eol - b); l > 0 && strchr("\r \t", b[l - 1]); l--)
			;
		if (l == 0)
			continue;
		if (nl == STDERR_LINES) {
			memmove(line, line + 1, sizeof(line[0]) * (STDERR_LINES - 1));
			memmove(len, len + 1, sizeof(len[0]) * (STDERR_LINES - 1));
			nl--;
		}
		line[nl] = b;
		len[nl++] = l;
	}
	for (size_t i = 0; i < nl; i++) {
		if (i > 0)
			out[o++] = ' ';
		memcpy(out + o, line[i], len[i]);
		o += len[i];
	}
	return o > 0 ? hd_http_quote(out, o) : NULL;
}

/* Record why child k, which ended by itself, ended. */
static void
note_exit(struct hd_ssh *x, const struct child *k)
{
	char *tail = stderr_tail(k), *why;

	if (WIFEXITED(k->status) && WEXITSTATUS(k->status) == 0 && tail == NULL)
		return;
	if (WIFSIGNALED(k->status))
		why = hd_xasprintf("ssh was killed by signal %d%s%s",
		    WTERMSIG(k->status), tail ? ": " : "", tail ? tail : "");
	else
		why = hd_xasprintf("ssh exited with status %d%s%s",
		    WEXITSTATUS(k->status), tail ? ": " : "", tail ? tail : "");
	free(tail);
	set_failure(x, why);
}

/* Reap k if it has exited, without waiting; whether it is gone. */
static bool
poll_exit(struct hd_ssh *x, struct child *k)
{
	pid_t w;

	if (k->exited || k->pid == 0)
		return true;
	do
		w = waitpid(k->pid, &k->status, WNOHANG);
	while (w < 0 && errno == EINTR);
	if (w == 0)
		return false;
	/* ECHILD (someone ignores SIGCHLD): gone, status unknown. */
	if (w < 0)
		k->status = 0;
	k->exited = true;
	note_exit(x, k);
	return true;
}

/* Whether ssh has closed its end: it is exiting by itself. */
static bool
peer_closed(const struct child *k)
{
	char c;

	return k->pid != 0 && k->fd >= 0 &&
	    recv(k->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* Remove kids[i], closing what it holds. */
static void
drop(struct hd_ssh *x, size_t i)
{
	struct child *k = &x->kids[i];

	if (k->fd >= 0)
		close(k->fd);
	if (k->errfd >= 0)
		close(k->errfd);
	x->kids[i] = x->kids[--x->nkids];
}

/* End child i: let it finish if it is already on its way out (its exit
 * status is the reason of a failure), else SIGTERM it; wait bounded, then
 * SIGKILL; never leave a zombie. */
static void
finish(struct hd_ssh *x, size_t i)
{
	struct child *k = &x->kids[i];
	bool leaving = peer_closed(k);

	if (k->fd >= 0) {
		close(k->fd);
		k->fd = -1;
	}
	if (!poll_exit(x, k)) {
		if (!leaving)
			kill(k->pid, SIGTERM);
		hd_run_reap(k->pid, &k->status, hd_run_now_ms() + TERM_GRACE_MS);
		k->exited = true;
		if (leaving)
			note_exit(x, k);
	}
	drop(x, i);
}

/* Start ssh for child k on conn, the accepted end of its connection. */
static void
spawn(struct hd_ssh *x, struct child *k, int conn)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	int efd, r;
	pid_t pid;

	conn = above_stdio(conn);
	efd = above_stdio(memfd_create("hardock-ssh-stderr", MFD_CLOEXEC));
	if (conn < 0 || efd < 0) {
		set_failure(x, hd_xasprintf("cannot set up ssh's stdio: %s",
		    strerror(errno)));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, conn, 0);
	posix_spawn_file_actions_adddup2(&fa, conn, 1);
	posix_spawn_file_actions_adddup2(&fa, efd, 2);
	/* Nothing else of hardock's (other connections!) leaks into ssh. */
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigfillset(&dfl);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF);
	r = posix_spawnp(&pid, x->argv[0], &fa, &at, x->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (r != 0) {
		set_failure(x, hd_xasprintf("cannot run ssh: %s", strerror(r)));
		goto out;
	}
	k->pid = pid;
	k->errfd = efd;
	efd = -1;
out:
	/* ssh holds its own copy; curl sees EOF when ssh goes. */
	if (conn >= 0)
		close(conn);
	if (efd >= 0)
		close(efd);
}

/* The child whose socket has address sa, or NULL. */
static struct child *
by_name(struct hd_ssh *x, const struct sockaddr_un *sa, socklen_t len)
{
	for (size_t i = 0; i < x->nkids; i++) {
		struct child *k = &x->kids[i];

		if (k->pid == 0 && k->fd >= 0 && k->namelen == len &&
		    memcmp(&k->name, sa, len) == 0)
			return k;
	}
	return NULL;
}

void
hd_ssh_accept(struct hd_ssh *x)
{
	for (;;) {
		struct sockaddr_un sa;
		socklen_t len = sizeof(sa), clen = sizeof(struct ucred);
		struct ucred cred;
		struct child *k;
		int conn;

		conn = accept4(x->lfd, (struct sockaddr *)&sa, &len, SOCK_CLOEXEC);
		if (conn < 0 && errno == EINTR)
			continue;
		if (conn < 0)
			return;
		/* Only our own sockets: same process, a name we bound. */
		if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0 ||
		    cred.pid != getpid() || (k = by_name(x, &sa, len)) == NULL) {
			close(conn);
			continue;
		}
		spawn(x, k, conn);
	}
}

int
hd_ssh_listener(const struct hd_ssh *x)
{
	return x->lfd;
}

/* CURLOPT_OPENSOCKETFUNCTION: a socket with an address of its own, so that
 * the listener knows which connection is which. */
static curl_socket_t
on_open(void *arg, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct hd_ssh *x = arg;
	struct child k = { .fd = -1, .errfd = -1 };
	sa_family_t fam = AF_UNIX;

	if (purpose != CURLSOCKTYPE_IPCXN || addr->family != AF_UNIX)
		return CURL_SOCKET_BAD;
	k.fd = above_stdio(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
	k.namelen = sizeof(k.name);
	/* Binding just the family autobinds a unique abstract name. */
	if (k.fd < 0 || bind(k.fd, (struct sockaddr *)&fam, sizeof(fam)) < 0 ||
	    getsockname(k.fd, (struct sockaddr *)&k.name, &k.namelen) < 0) {
		set_failure(x, hd_xasprintf("cannot make a socket for ssh: %s",
		    strerror(errno)));
		if (k.fd >= 0)
			close(k.fd);
		return CURL_SOCKET_BAD;
	}
	if (x->nkids == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 4;
		x->kids = hd_xrealloc(x->kids, x->cap, sizeof(*x->kids));
	}
	x->kids[x->nkids++] = k;
	return k.fd;
}

/* CURLOPT_CLOSESOCKETFUNCTION: a connection's end is its ssh's end. */
static int
on_close(void *arg, curl_socket_t fd)
{
	struct hd_ssh *x = arg;

	for (size_t i = 0; i < x->nkids; i++)
		if (x->kids[i].fd == fd) {
			finish(x, i);
			return 0;
		}
	return close(fd);
}

void
hd_ssh_setup(struct hd_ssh *x, CURL *c)
{
	curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, x->lpath);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, x);
	curl_easy_setopt(c, CURLOPT_CLOSESOCKETFUNCTION, on_close);
	curl_easy_setopt(c, CURLOPT_CLOSESOCKETDATA, x);
}

const char *
hd_ssh_failure(struct hd_ssh *x, long wait_ms)
{
	long long deadline = hd_run_now_ms() + wait_ms;
	struct timespec tick = { 0, 5000000L }; /* 5 ms */
	bool waiting;

	for (;;) {
		waiting = false;
		for (size_t i = 0; i < x->nkids; i++) {
			struct child *k = &x->kids[i];

			if (!poll_exit(x, k) && peer_closed(k))
				waiting = true;
		}
		if (x->failure != NULL || !waiting || hd_run_now_ms() >= deadline)
			return x->failure;
		nanosleep(&tick, NULL);
	}
}

/* Every child at once: SIGTERM all, then one shared grace period. */
void
hd_ssh_free(struct hd_ssh *x)
{
	long long deadline;

	if (x == NULL)
		return;
	for (size_t i = 0; i < x->nkids; i++)
		if (!poll_exit(x, &x->kids[i]))
			kill(x->kids[i].pid, SIGTERM);
	deadline = hd_run_now_ms() + TERM_GRACE_MS;
	while (x->nkids > 0) {
		struct child *k = &x->kids[x->nkids - 1];

		if (!k->exited && k->pid != 0)
			hd_run_reap(k->pid, &k->status, deadline);
		drop(x, x->nkids - 1);
	}
	if (x->lfd >= 0)
		close(x->lfd);
	if (x->lpath != NULL)
		unlink(x->lpath);
	if (x->dir != NULL)
		rmdir(x->dir);
	free(x->lpath);
	free(x->dir);
	free(x->kids);
	hd_ssh_argv_free(x->argv);
	free(x->failure);
	free(x);
}
