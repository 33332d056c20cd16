/*
 * /proc entries that vanish while hardock reads them. A process can exit
 * between the readdir of /proc and each file read: its directory is gone,
 * or some files are (cmdline after exe), or it is a zombie (exe unreadable,
 * cmdline empty, status still there with State Z). Trees built by the test
 * freeze each moment; a real zombie named dockerd is the live case. A
 * vanished process is never audited as a daemon with an empty command
 * line, and a fact read from one is an error, never a value.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hardock/collect.h>

#include "collect/collectors.h"
#include "collect/daemon.h"
#include "testutil.h"

#define CID "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
#define CID2 "deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef"

/* A status file of a process in state st ("S (sleeping)", "Z (zombie)"). */
static char *
status_text(const char *name, const char *st)
{
	char *s = NULL;

	ck_assert_int_ge(asprintf(&s, "Name:\t%s\nState:\t%s\nUid:\t0\t0\t0\t0\n"
	    "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
	    "CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n"
	    "NoNewPrivs:\t0\nSeccomp:\t0\n", name, st), 0);
	return s;
}

/* Write len bytes of data to root/rel, creating the parents. */
static void
put(const char *root, const char *rel, const char *data, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = strchr(path + strlen(root) + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	ck_assert_int_ge(fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644), 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* An exe link of /proc/PID pointing at target. */
static void
exe(const char *root, int pid, const char *target)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/proc/%d/exe", root, pid);
	ck_assert_int_eq(symlink(target, path), 0);
}

/* A process directory: comm, and status, cmdline and exe when given. */
static void
process(const char *root, int pid, const char *name, const char *state,
    const char *cmdline, size_t cmdlen, bool with_exe)
{
	char rel[64], *st = status_text(name, state);

	snprintf(rel, sizeof(rel), "proc/%d/comm", pid);
	put(root, rel, name, strlen(name));
	if (state != NULL) {
		snprintf(rel, sizeof(rel), "proc/%d/status", pid);
		put(root, rel, st, strlen(st));
	}
	if (cmdline != NULL) {
		snprintf(rel, sizeof(rel), "proc/%d/cmdline", pid);
		put(root, rel, cmdline, cmdlen);
	}
	if (with_exe)
		exe(root, pid, "/usr/sbin/dockerd");
	free(st);
}

/* A temporary root holding one of each moment of a vanishing dockerd and
 * one healthy dockerd (pid 900). */
static char *
vanishing_tree(void)
{
	static const char live[] = "/usr/sbin/dockerd\0--icc=false\0";
	char *root = strdup("/tmp/hd-vanish-XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(root));
	put(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 30);
	/* 100: gone after exe and comm were read: no cmdline, no status. */
	process(root, 100, "dockerd", NULL, NULL, 0, true);
	/* 200: a zombie: exe unreadable, cmdline empty, State Z. */
	process(root, 200, "dockerd", "Z (zombie)", "", 0, false);
	/* 300: exited between cmdline and status (X: dead). */
	process(root, 300, "dockerd", "X (dead)", live, sizeof(live) - 1, true);
	/* 400: a directory that emptied right after readdir. */
	put(root, "proc/400/.keep", "", 0);
	/* 900: a dockerd that stays. */
	process(root, 900, "dockerd", "S (sleeping)", live, sizeof(live) - 1, true);
	return root;
}

/* Only the dockerd that stays is a daemon process; none with no argv. */
START_TEST(vanished_daemons_are_not_audited)
{
	char *root = vanishing_tree();
	struct hd_dproc *p = NULL;
	size_t n = 0;

	ck_assert_int_eq(hd_dproc_scan(&p, &n, root), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(p[0].pid, 900);
	ck_assert_uint_eq(p[0].argv.n, 2);
	ck_assert_str_eq(p[0].argv.a[1].text, "--icc=false");
	hd_dproc_free(p, n);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* The process collector picks the dockerd that stays, not the lowest pid
 * of a dead one; a container whose init vanished has an error fact. */
START_TEST(vanished_processes_in_facts)
{
	char *root = vanishing_tree(), *st = status_text("sleep", "Z (zombie)");
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_collect_opts o = { .root = root };
	struct hd_fact f;
	json_object *v;

	put(root, "proc/700/status", st, strlen(st));
	put(root, "proc/700/cgroup", "0::/docker/" CID2 "\n", 76);
	free(st);
	tu_add_container(s, "{\"Id\": \"" CID "\", \"Name\": \"/gone\", "
	    "\"State\": {\"Status\": \"running\", \"Running\": true, \"Pid\": 650}}");
	tu_add_container(s, "{\"Id\": \"" CID2 "\", \"Name\": \"/zombie\", "
	    "\"State\": {\"Status\": \"running\", \"Running\": true, \"Pid\": 700}}");
	hd_collect_processes(s, &o);
	hd_snapshot_fact(&f, s, HD_F_PROCESS "dockerd");
	ck_assert_int_eq(f.state, HD_FACT_VALUE);
	ck_assert(json_object_object_get_ex(f.value, "pid", &v));
	ck_assert_int_eq(json_object_get_int(v), 900);
	hd_snapshot_fact(&f, s, HD_F_PROCESS_CONTAINER CID);
	ck_assert_int_eq(f.state, HD_FACT_ERROR);
	ck_assert_msg(strstr(f.reason, "/proc/650/status"), "%s", f.reason);
	hd_snapshot_fact(&f, s, HD_F_PROCESS_CONTAINER CID2);
	ck_assert_int_eq(f.state, HD_FACT_ERROR);
	ck_assert_msg(strstr(f.reason, "exited while being read"), "%s", f.reason);
	hd_snapshot_free(s);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* A real zombie named dockerd in this machine's /proc is no daemon. */
START_TEST(live_zombie_dockerd)
{
	struct hd_dproc *p = NULL;
	size_t n = 0;
	pid_t z;

	if ((z = fork()) == 0) {
		prctl(PR_SET_NAME, "dockerd");
		_exit(0);
	}
	/* Not reaped: wait until the kernel shows it as a zombie. */
	for (int i = 0; i < 500; i++) {
		char path[64], buf[256] = "";
		FILE *fp;

		snprintf(path, sizeof(path), "/proc/%d/status", (int)z);
		if ((fp = fopen(path, "re")) != NULL) {
			size_t k = fread(buf, 1, sizeof(buf) - 1, fp);

			buf[k] = '\0';
			fclose(fp);
		}
		if (strstr(buf, "Name:\tdockerd") && strstr(buf, "State:\tZ"))
			break;
		usleep(10000);
	}
	ck_assert_int_eq(hd_dproc_scan(&p, &n, "/"), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(p[i].pid != z, "zombie %d audited as dockerd", (int)z);
	hd_dproc_free(p, n);
	ck_assert_int_eq(waitpid(z, NULL, 0), z);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("proc_vanish");
	TCase *tc = tcase_create("vanish");

	tcase_add_test(tc, vanished_daemons_are_not_audited);
	tcase_add_test(tc, vanished_processes_in_facts);
	tcase_add_test(tc, live_zombie_dockerd);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
