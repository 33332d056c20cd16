/*
 * ssh:// engines: the URL parser and command line, and the transport
 * against a fake engine (fake_engine.h) reached through a fake ssh. The
 * fake ssh is this test program itself, run through a symlink named "ssh"
 * in a directory that is the whole $PATH: it logs its argv and, as
 * HD_FAKE_SSH_MODE says, bridges stdin/stdout to the fake engine's socket
 * (as `docker system dial-stdio` would), or fails the way ssh does.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hardock/buf.h>

#include "collect/engine.h"
#include "collect/ssh.h"
#include "fake_engine.h"
#include "testutil.h"

#define NCTR 24
#define ID_FMT "%064x"

/* ---- The fake ssh --------------------------------------------------------- */

/* Copy between stdin/stdout and the unix socket at path until the engine
 * side closes: what dial-stdio does. */
static int
bridge(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct pollfd p[2];
	char buf[16384];
	bool in_open = true;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return 1;
	for (;;) {
		ssize_t n;

		p[0] = (struct pollfd){ .fd = in_open ? 0 : -1, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = s, .events = POLLIN };
		if (poll(p, 2, -1) < 0)
			return 1;
		if (p[0].revents) {
			n = read(0, buf, sizeof(buf));
			if (n <= 0) {
				shutdown(s, SHUT_WR);
				in_open = false;
			} else if (write(s, buf, (size_t)n) != n) {
				return 1;
			}
		}
		if (p[1].revents) {
			n = read(s, buf, sizeof(buf));
			if (n <= 0)
				return 0;
			if (write(1, buf, (size_t)n) != n)
				return 1;
		}
	}
}

/* The fake ssh's main: log argv, then behave as HD_FAKE_SSH_MODE says. */
static int
fake_ssh(int argc, char **argv)
{
	const char *mode = getenv("HD_FAKE_SSH_MODE"), *log = getenv("HD_FAKE_SSH_LOG");
	FILE *fp = log ? fopen(log, "a") : NULL;
	static char noise[256 * 1024];

	for (int i = 0; fp && i < argc; i++)
		fprintf(fp, "%s%s", i ? " " : "", argv[i]);
	if (fp) {
		fputc('\n', fp);
		fclose(fp);
	}
	if (mode == NULL || strcmp(mode, "bridge") == 0)
		return bridge(getenv("HD_FAKE_SSH_SOCK"));
	if (strcmp(mode, "noisy") == 0) {
		/* More than a pipe holds: a blocked ssh would hang the scan. */
		memset(noise, 'x', sizeof(noise));
		if (write(2, noise, sizeof(noise)) < 0)
			return 1;
		return bridge(getenv("HD_FAKE_SSH_SOCK"));
	}
	if (strcmp(mode, "hostkey") == 0) {
		fputs("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
		    "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
		    "Offending ED25519 key in /x/known_hosts:1\n"
		    "Host key for [fakehost]:2222 has changed and you have requested "
		    "strict checking.\n\033[31mHost key verification failed.\n", stderr);
		return 255;
	}
	if (strcmp(mode, "nodocker") == 0) {
		fputs("bash: line 1: docker: command not found\n", stderr);
		return 127;
	}
	if (strcmp(mode, "stubborn") == 0)
		signal(SIGTERM, SIG_IGN);
	/* "hang" and "stubborn": connected, never a byte. */
	for (;;)
		pause();
}

/* ---- Fixture -------------------------------------------------------------- */

static char dir[64];        /* PATH (holds "ssh"), the log, the --root */
static char logpath[128];
static char rootdir[128];
static struct route routes[NCTR + 8];
static char *bodies[2 * NCTR + 2];

/* Routes of an engine with NCTR created containers. */
static void
make_routes(void)
{
	struct hd_buf *list = hd_buf_new(1 << 20);
	size_t n = 0, nb = 0;

	routes[n++] = (struct route){ "/_ping", 200, "OK", B_OK };
	routes[n++] = (struct route){ "/version", 200, "{\"ApiVersion\":\"1.43\","
	    "\"Version\":\"24.0.7\"}", B_OK };
	routes[n++] = (struct route){ "/info", 200, "{\"ID\":\"ENGINE-FAR\","
	    "\"Name\":\"farhost\",\"OperatingSystem\":\"Far OS\",\"KernelVersion\":"
	    "\"9.9.9\",\"DockerRootDir\":\"/var/lib/docker\",\"Swarm\":"
	    "{\"LocalNodeState\":\"inactive\"}}", B_OK };
	routes[n++] = (struct route){ "/images/json", 200, "[]", B_OK };
	routes[n++] = (struct route){ "/networks", 200, "[]", B_OK };
	routes[n++] = (struct route){ "/volumes", 200, "{\"Volumes\":[]}", B_OK };
	routes[n++] = (struct route){ "/plugins", 200, "[]", B_OK };
	hd_buf_append(list, "[", 1);
	for (int i = 0; i < NCTR; i++) {
		char id[80], *e, *p;

		snprintf(id, sizeof(id), ID_FMT, i + 1);
		e = hd_xasprintf("%s{\"Id\":\"%s\",\"Names\":[\"/c%02d\"]}", i ? "," : "",
		    id, i);
		hd_buf_append(list, e, strlen(e));
		free(e);
		p = bodies[nb++] = hd_xasprintf("/containers/%s/json", id);
		routes[n++] = (struct route){ p, 200, bodies[nb++] = hd_xasprintf(
		    "{\"Id\":\"%s\",\"Name\":\"/c%02d\",\"HostConfig\":{\"Privileged\":"
		    "%s},\"Config\":{},\"State\":{\"Running\":false}}", id, i,
		    i == 0 ? "true" : "false"), B_OK };
	}
	hd_buf_append(list, "]", 1);
	routes[n++] = (struct route){ "/containers/json?all=1", 200,
	    bodies[nb++] = hd_xstrndup(hd_buf_ptr(list), hd_buf_len(list)), B_OK };
	hd_buf_free(list);
}

/* A PATH holding only "ssh" (this program), a log, an empty --root. */
static void
setup(void)
{
	char self[PATH_MAX], link[128];
	ssize_t n;

	strcpy(dir, "/tmp/hd-ssh-XXXXXX");
	ck_assert(mkdtemp(dir) != NULL);
	ck_assert((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) > 0);
	self[n] = '\0';
	snprintf(link, sizeof(link), "%s/ssh", dir);
	ck_assert(symlink(self, link) == 0);
	snprintf(logpath, sizeof(logpath), "%s/argv.log", dir);
	snprintf(rootdir, sizeof(rootdir), "%s/root", dir);
	ck_assert(mkdir(rootdir, 0700) == 0);
	setenv("PATH", dir, 1);
	setenv("HD_FAKE_SSH_LOG", logpath, 1);
	unsetenv("HD_FAKE_SSH_MODE");
	make_routes();
}

static void
teardown(void)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/ssh", dir);
	unlink(p);
	unlink(logpath);
	rmdir(rootdir);
	rmdir(dir);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		free(bodies[i]);
}

/* Collect from url with a per-request timeout. */
static struct hd_snapshot *
collect_ssh(const char *url, long timeout_ms)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_collect_opts o = { .root = rootdir, .host = url,
	    .timeout_ms = timeout_ms };
	struct hd_engine_limits lim = { .body_cap = HD_BUF_CAP_API,
	    .max_inflight = HD_ENGINE_INFLIGHT };
	struct hd_docker_env env = { 0 };

	hd_engine_collect(s, &o, &env, &lim);
	return s;
}

/* Lines of the fake ssh's argv log; the first one into first (or ""). */
static int
ssh_runs(char *first, size_t len)
{
	FILE *fp = fopen(logpath, "r");
	char line[1024];
	int n = 0;

	if (first)
		first[0] = '\0';
	while (fp && fgets(line, sizeof(line), fp)) {
		if (n++ == 0 && first) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(first, len, "%s", line);
		}
	}
	if (fp)
		fclose(fp);
	return n;
}

/* No child of this process is left, running or zombie. */
static void
assert_no_children(void)
{
	int st;

	errno = 0;
	ck_assert_msg(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD,
	    "an ssh child is left behind");
}

/* The reason of an error fact. */
static const char *
error_of(const struct hd_snapshot *s, const char *key)
{
	struct hd_fact f;

	hd_snapshot_fact(&f, s, key);
	ck_assert_msg(f.state == HD_FACT_ERROR, "%s: not an error", key);
	return f.reason;
}

/* ---- URL and command line ------------------------------------------------- */

/* The command line, word by word, for a URL. */
static char *
argv_of(const char *url, long timeout_ms)
{
	struct hd_ssh_dest d;
	struct hd_buf *b = hd_buf_new(4096);
	char **v, *out;

	ck_assert_msg(hd_ssh_dest_parse(&d, url) == 0, "%s: %s", url,
	    hd_error_last());
	v = hd_ssh_argv(&d, timeout_ms);
	for (size_t i = 0; v[i]; i++) {
		if (i)
			hd_buf_append(b, "|", 1);
		hd_buf_append(b, v[i], strlen(v[i]));
	}
	out = hd_xstrndup(hd_buf_ptr(b), hd_buf_len(b));
	hd_buf_free(b);
	hd_ssh_argv_free(v);
	hd_ssh_dest_clear(&d);
	return out;
}

START_TEST(command_lines)
{
	static const struct {
		const char *url;
		long ms;
		const char *argv;
	} ok[] = {
		{ "ssh://h", 10000, "ssh|-o|BatchMode=yes|-o|ConnectTimeout=10|-T|--|h|"
		  "docker|system|dial-stdio" },
		{ "ssh://root@127.0.0.1:2222", 1500, "ssh|-o|BatchMode=yes|-o|"
		  "ConnectTimeout=2|-T|-l|root|-p|2222|--|127.0.0.1|docker|system|"
		  "dial-stdio" },
		{ "ssh://ops.team@[::1]:22/run/user/1000/docker.sock", 0,
		  "ssh|-o|BatchMode=yes|-o|ConnectTimeout=30|-T|-l|ops.team|-p|22|--|"
		  "::1|docker|--host|unix:///run/user/1000/docker.sock|system|"
		  "dial-stdio" },
		{ "ssh://h/", 1000, "ssh|-o|BatchMode=yes|-o|ConnectTimeout=1|-T|--|h|"
		  "docker|system|dial-stdio" },
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char *got = argv_of(ok[i].url, ok[i].ms);

		ck_assert_str_eq(got, ok[i].argv);
		free(got);
	}
}
END_TEST

/* Nothing from the URL can become an ssh option or remote shell syntax. */
START_TEST(hostile_urls)
{
	static const char *const bad[] = {
		"ssh://", "ssh://@h", "ssh://-oProxyCommand=id", "ssh://-l@h",
		"ssh://u@-h", "ssh://u:secret@h", "ssh://h:0", "ssh://h:65536",
		"ssh://h:22x", "ssh://h:", "ssh://h;id", "ssh://h$(id)", "ssh://h/x;id",
		"ssh://h/rel/../../etc", "ssh://h/a b", "ssh://h/`id`", "ssh://h?x=1",
		"ssh://h#f", "ssh://[::1", "ssh://[::1]x", "ssh://[zz::1]:22",
		"ssh://u\n@h", "tcp://h",
	};
	struct hd_ssh_dest d;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(hd_ssh_dest_parse(&d, bad[i]) == HD_EUSAGE, "%s", bad[i]);
		ck_assert(d.host == NULL && d.user == NULL);
	}
	ck_assert(hd_ssh_dest_parse(&d, "ssh://u:pw@h") == HD_EUSAGE);
	ck_assert(strstr(hd_error_last(), "password") != NULL);
}
END_TEST

/* ---- The transport ------------------------------------------------------ */

/* A whole collection through ssh: a few ssh processes carry every request,
 * each started as the docker CLI starts it, and none is left behind. */
START_TEST(collects_through_ssh)
{
	struct fake *fk = fake_start(routes, NCTR + 8, "/v1.43", "1.43");
	struct hd_snapshot *s;
	struct hd_fact f;
	char first[1024];
	int runs;

	setenv("HD_FAKE_SSH_SOCK", fk->sock, 1);
	s = collect_ssh("ssh://tester@fakehost:2222", 2000);
	hd_snapshot_fact(&f, s, HD_F_ENGINE_CONN);
	ck_assert_msg(f.state == HD_FACT_VALUE, "%s", f.reason);
	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), NCTR);
	for (size_t i = 0; i < NCTR; i++) {
		struct hd_object o;

		hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, i);
		ck_assert_msg(o.inspect.state == HD_FACT_VALUE, "%s: %s", o.name,
		    o.inspect.reason);
		hd_snapshot_release(s, HD_OBJ_CONTAINER, i);
	}
	runs = ssh_runs(first, sizeof(first));
	ck_assert_str_eq(first, "ssh -o BatchMode=yes -o ConnectTimeout=2 -T -l "
	    "tester -p 2222 -- fakehost docker system dial-stdio");
	/* 2 + 7 + NCTR requests over at most the pool's connections. */
	ck_assert_msg(runs >= 1 && runs <= HD_ENGINE_SSH_POOL, "%d ssh runs", runs);
	ck_assert_int_eq(fk->accepts, runs);
	ck_assert_int_le(fk->maxopen, HD_ENGINE_SSH_POOL);
	assert_no_children();
	/* The evidence says how the engine was reached. */
	hd_snapshot_fact(&f, s, HD_F_ENGINE_TARGET);
	ck_assert_str_eq(json_object_get_string(hd_json_path(f.value, "scheme")),
	    "ssh");
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(
	    hd_json_path(f.value, "ssh_command"), 2)), "BatchMode=yes");
	/* Remote by its URL; the ID proof found no engine under the root. */
	hd_snapshot_fact(&f, s, HD_F_ENGINE_LOCALITY);
	ck_assert(!json_object_get_boolean(hd_json_path(f.value, "local")));
	ck_assert_str_eq(json_object_get_string(hd_json_path(f.value, "why")),
	    "ssh://tester@fakehost:2222 is reached through ssh and its engine ID "
	    "ENGINE-FAR is not this host's (unix:///var/run/docker.sock: no "
	    "socket at /var/run/docker.sock)");
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* ssh's stderr is never a pipe to fill: 256 KiB of it do not stall. */
START_TEST(chatty_ssh_does_not_block)
{
	struct fake *fk = fake_start(routes, NCTR + 8, "/v1.43", "1.43");
	struct hd_snapshot *s;
	struct hd_fact f;
	long long t0 = ms_now();

	setenv("HD_FAKE_SSH_SOCK", fk->sock, 1);
	setenv("HD_FAKE_SSH_MODE", "noisy", 1);
	s = collect_ssh("ssh://fakehost", 3000);
	hd_snapshot_fact(&f, s, HD_F_ENGINE_CONN);
	ck_assert_msg(f.state == HD_FACT_VALUE, "%s", f.reason);
	ck_assert_int_lt(ms_now() - t0, 2500);
	assert_no_children();
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* Collect from url through a fake ssh in mode; the snapshot, and in *why
 * the reason every engine fact gives. */
static struct hd_snapshot *
failing(const char *mode, const char *url, const char **why)
{
	struct hd_snapshot *s;

	setenv("HD_FAKE_SSH_MODE", mode, 1);
	s = collect_ssh(url, 2000);
	*why = error_of(s, HD_F_ENGINE_VERSION);
	ck_assert_str_eq(error_of(s, HD_F_ENGINE_CONTAINERS), *why);
	assert_no_children();
	return s;
}

/* A changed host key: ssh's own words, its status, one attempt. */
START_TEST(host_key_failure_is_the_reason)
{
	const char *why;
	struct hd_snapshot *s = failing("hostkey", "ssh://root@fakehost:2222", &why);

	ck_assert_msg(strstr(why, "cannot connect to the Docker engine at "
	    "ssh://root@fakehost:2222: ssh exited with status 255: ") != NULL, "%s",
	    why);
	ck_assert_msg(strstr(why, "has changed and you have requested strict "
	    "checking. ?[31mHost key verification failed.") != NULL, "%s", why);
	/* The banner is not the reason; escapes are neutralised. */
	ck_assert(strstr(why, "@@@@") == NULL && strchr(why, '\033') == NULL);
	ck_assert_int_le(ssh_runs(NULL, 0), 2);
	hd_snapshot_free(s);
}
END_TEST

/* The remote side has no docker: its shell's message is the reason. */
START_TEST(remote_without_docker)
{
	const char *why;
	struct hd_snapshot *s = failing("nodocker", "ssh://fakehost", &why);

	ck_assert_msg(strstr(why, "ssh exited with status 127: bash: line 1: "
	    "docker: command not found") != NULL, "%s", why);
	hd_snapshot_free(s);
}
END_TEST

/* No ssh client installed. */
START_TEST(no_ssh_client)
{
	struct hd_snapshot *s;
	const char *why;

	setenv("PATH", rootdir, 1);
	s = collect_ssh("ssh://fakehost", 2000);
	why = error_of(s, HD_F_ENGINE_VERSION);
	ck_assert_msg(strstr(why, "cannot run ssh: No such file or directory") !=
	    NULL, "%s", why);
	ck_assert_int_eq(ssh_runs(NULL, 0), 0);
	hd_snapshot_free(s);
}
END_TEST

/* An ssh that never answers costs the request timeout, then is ended;
 * one that ignores SIGTERM is killed after the grace second. */
START_TEST(hung_ssh_is_bounded)
{
	static const char *const modes[] = { "hang", "stubborn" };

	for (size_t i = 0; i < 2; i++) {
		struct hd_snapshot *s;
		long long t0 = ms_now(), took;
		const char *why;

		unlink(logpath);
		setenv("HD_FAKE_SSH_MODE", modes[i], 1);
		s = collect_ssh("ssh://fakehost", 400);
		took = ms_now() - t0;
		why = error_of(s, HD_F_ENGINE_VERSION);
		ck_assert_msg(strstr(why, "400 ms") != NULL, "%s: %s", modes[i], why);
		ck_assert_msg(took >= 350 && took < 400 + 1000 + 800, "%s: %lld ms",
		    modes[i], took);
		ck_assert_int_eq(ssh_runs(NULL, 0), 1);
		assert_no_children();
		hd_snapshot_free(s);
	}
}
END_TEST

static Suite *
ssh_suite(void)
{
	Suite *s = suite_create("ssh");
	TCase *url = tcase_create("url");
	TCase *tr = tcase_create("transport");

	tcase_add_test(url, command_lines);
	tcase_add_test(url, hostile_urls);
	suite_add_tcase(s, url);
	tcase_add_checked_fixture(tr, setup, teardown);
	tcase_set_timeout(tr, 30);
	tcase_add_test(tr, collects_through_ssh);
	tcase_add_test(tr, chatty_ssh_does_not_block);
	tcase_add_test(tr, host_key_failure_is_the_reason);
	tcase_add_test(tr, remote_without_docker);
	tcase_add_test(tr, no_ssh_client);
	tcase_add_test(tr, hung_ssh_is_bounded);
	suite_add_tcase(s, tr);
	return s;
}

/* Run as "ssh" (the symlink on PATH): be the fake ssh; else the suite. */
int
main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	SRunner *sr;
	int nfail;

	base = base ? base + 1 : argv[0];
	if (strcmp(base, "ssh") == 0)
		return fake_ssh(argc, argv);
	sr = srunner_create(ssh_suite());
	srunner_run_all(sr, CK_NORMAL);
	nfail = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nfail == 0 ? 0 : 1;
}
