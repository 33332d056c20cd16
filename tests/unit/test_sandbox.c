/*
 * The sandbox: each test forks a child that enters it and then tries
 * what a compromised parser would (write a file, exec, open a socket) or
 * what evaluation must still do (evaluate a snapshot, write the report).
 * The child answers with its exit status or the signal that killed it;
 * the parent reads the child's /proc/PID/status for what the kernel says.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hardock/collect.h>
#include <hardock/report.h>
#include <hardock/sandbox.h>

#include "report/reporters.h"
#include "testutil.h"

#if defined(__SANITIZE_ADDRESS__)
#define TU_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TU_ASAN 1
#endif
#endif

#define BIT(c) (UINT64_C(1) << (c))
/* What the online capability table asks for. */
#define ONLINE (BIT(CAP_DAC_OVERRIDE) | BIT(CAP_DAC_READ_SEARCH) | \
	BIT(CAP_SYS_PTRACE) | BIT(CAP_AUDIT_CONTROL))

/* A hex capability line ("CapEff") of /proc/PID/status; pid 0 is self. */
static uint64_t
status_hex(pid_t pid, const char *key)
{
	char path[64], line[256];
	unsigned long long v = 0;
	size_t kl = strlen(key);
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/status", pid ? (int)pid : (int)getpid());
	ck_assert_ptr_nonnull(fp = fopen(path, "re"));
	while (fgets(line, sizeof(line), fp))
		if (strncmp(line, key, kl) == 0 && line[kl] == ':')
			v = strtoull(line + kl + 1, NULL, 16);
	fclose(fp);
	return (uint64_t)v;
}

/* A decimal line ("Seccomp", "NoNewPrivs") of /proc/PID/status. */
static long
status_dec(pid_t pid, const char *key)
{
	char path[64], line[256];
	size_t kl = strlen(key);
	long v = -1;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	ck_assert_ptr_nonnull(fp = fopen(path, "re"));
	while (fgets(line, sizeof(line), fp))
		if (strncmp(line, key, kl) == 0 && line[kl] == ':')
			v = strtol(line + kl + 1, NULL, 10);
	fclose(fp);
	return v;
}

/* Wait for pid; its exit status, or 1000 + the signal that killed it. */
static int
reap(pid_t pid)
{
	int st;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	if (WIFSIGNALED(st))
		return 1000 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

/* In a child: enter an online sandbox allowing writes to fd (or none). */
static void
child_enter(struct hd_sandbox *sb, int fd)
{
	hd_sandbox_init(sb, true, false);
	if (fd >= 0 && hd_sandbox_allow_write(sb, fd) < 0)
		_exit(90);
	if (hd_sandbox_begin(sb) < 0 || hd_sandbox_enter(sb) < 0) {
		fprintf(stderr, "sandbox: %s\n", hd_error_last());
		_exit(91);
	}
}

/* Collection holds only the table's capabilities, drops them collector by
 * collector; inside, the kernel reports none at all, seccomp filter mode
 * and no_new_privs. */
START_TEST(phases_as_the_kernel_sees_them)
{
	uint64_t had = status_hex(0, "CapPrm"), want = had & ONLINE;
	int go[2], ready[2];
	char c = 0;
	pid_t pid;

	ck_assert(pipe(go) == 0 && pipe(ready) == 0);
	if ((pid = fork()) == 0) {
		struct hd_sandbox sb;
		int bad = 0;

		hd_sandbox_init(&sb, true, false);
		hd_sandbox_allow_write(&sb, ready[1]);
		if (hd_sandbox_begin(&sb) < 0)
			_exit(91);
		if (status_hex(0, "CapEff") != want)
			bad |= 1;
		if ((had & BIT(CAP_SETPCAP)) && (status_hex(0, "CapBnd") !=
		    (want | BIT(CAP_SETPCAP)) || status_hex(0, "CapPrm") !=
		    (want | BIT(CAP_SETPCAP))))
			bad |= 2;
		hd_sandbox_collected("engine", &sb);
		if (status_hex(0, "CapEff") != (want & ~BIT(CAP_DAC_OVERRIDE)))
			bad |= 4;
		if ((had & BIT(CAP_SETPCAP)) &&
		    (status_hex(0, "CapBnd") & BIT(CAP_DAC_OVERRIDE)))
			bad |= 8;
		hd_sandbox_collected("audit", &sb);
		hd_sandbox_collected("process", &sb);
		if (status_hex(0, "CapEff") != (want & BIT(CAP_DAC_READ_SEARCH)))
			bad |= 16;
		if (hd_sandbox_enter(&sb) < 0)
			_exit(92);
		if (write(ready[1], "x", 1) != 1)
			_exit(93);
		if (read(go[0], &c, 1) != 1)
			_exit(94);
		_exit(bad);
	}
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	ck_assert_uint_eq(status_hex(pid, "CapEff"), 0);
	ck_assert_uint_eq(status_hex(pid, "CapPrm"), 0);
	ck_assert_uint_eq(status_hex(pid, "CapInh"), 0);
	ck_assert_uint_eq(status_hex(pid, "CapAmb"), 0);
	if (had & BIT(CAP_SETPCAP))
		ck_assert_uint_eq(status_hex(pid, "CapBnd"), 0);
	ck_assert_int_eq(status_dec(pid, "Seccomp"), 2);
	ck_assert_int_eq(status_dec(pid, "NoNewPrivs"), 1);
	ck_assert_int_eq(write(go[1], "x", 1), 1);
	ck_assert_int_eq(reap(pid), 0);
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
}
END_TEST

/* Inside, no file can be created, opened for writing, written through a
 * descriptor not given, removed or renamed: each fails with EPERM. */
START_TEST(writes_refused)
{
	char dir[] = "/tmp/hd-sandbox-XXXXXX", path[64], victim[64];
	struct stat st;
	pid_t pid;
	int fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/new", dir);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	ck_assert((fd = open(victim, O_WRONLY | O_CREAT, 0600)) >= 0);
	if ((pid = fork()) == 0) {
		struct hd_sandbox sb;
		int bad = 0;

		child_enter(&sb, -1);
		errno = 0;
		if (open(path, O_WRONLY | O_CREAT, 0600) >= 0 || errno != EPERM)
			bad |= 1;
		if (openat(AT_FDCWD, victim, O_RDWR) >= 0 || errno != EPERM)
			bad |= 2;
		if (openat(AT_FDCWD, victim, O_RDONLY | O_TRUNC) >= 0)
			bad |= 4;
		if (write(fd, "owned", 5) >= 0 || errno != EPERM)
			bad |= 8;
		if (unlink(victim) == 0 || rename(victim, path) == 0 ||
		    mkdir(path, 0700) == 0 || chmod(victim, 0777) == 0)
			bad |= 16;
#ifndef TU_ASAN
		/* Not even reading: what would the report leak? */
		if (open("/etc/hostname", O_RDONLY) >= 0 || errno != EPERM)
			bad |= 32;
#endif
		_exit(bad);
	}
	ck_assert_int_eq(reap(pid), 0);
	close(fd);
	ck_assert_int_eq(stat(victim, &st), 0);
	ck_assert_int_eq(st.st_size, 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(stat(path, &st), -1);
	unlink(victim);
	rmdir(dir);
}
END_TEST

/* An exec kills the process: nothing runs, not even /bin/true. */
START_TEST(exec_kills)
{
	pid_t pid;

	if ((pid = fork()) == 0) {
		struct hd_sandbox sb;
		char *const argv[] = { "true", NULL };

		child_enter(&sb, -1);
		execv("/bin/true", argv);
		_exit(95);
	}
	ck_assert_int_eq(reap(pid), 1000 + SIGSYS);
}
END_TEST

/* A new socket kills the process: no network, no way to reach the engine. */
START_TEST(socket_kills)
{
	pid_t pid;

	if ((pid = fork()) == 0) {
		struct hd_sandbox sb;

		child_enter(&sb, -1);
		(void)socket(AF_INET, SOCK_STREAM, 0);
		_exit(95);
	}
	ck_assert_int_eq(reap(pid), 1000 + SIGSYS);
}
END_TEST

/* Evaluation and rendering work inside: a saved snapshot parsed there,
 * every check run, JSON and text written to a file opened before. */
START_TEST(evaluation_and_reports_inside)
{
	char path[] = "/tmp/hd-sandbox-report-XXXXXX";
	struct hd_buf *saved = NULL;
	json_object *doc, *tool, *sbj, *v;
	pid_t pid;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(hd_snapshot_read(&saved, tu_fixture("snapshots/rich.json")), 0);
	if ((pid = fork()) == 0) {
		struct hd_sandbox sb;
		struct hd_snapshot *s = NULL;
		struct hd_results *res = NULL;
		struct hd_scan_opts o;
		struct hd_report rep;
		FILE *fp = fdopen(fd, "w");

		child_enter(&sb, fd);
		if (hd_snapshot_parse(&s, hd_buf_ptr(saved), hd_buf_len(saved)) < 0)
			_exit(1);
		hd_scan_opts_init(&o);
		if (hd_scan_run(&res, s, &o) < 0)
			_exit(2);
		memset(&rep, 0, sizeof(rep));
		rep.results = res;
		rep.snapshot = s;
		rep.started_at = rep.collected_at = rep.finished_at = "2026-01-01T00:00:00Z";
		rep.profile = "default";
		rep.sandbox = &sb;
		if (hd_render_json(fp, &rep) < 0 || fclose(fp) != 0)
			_exit(3);
		hd_results_free(res);
		hd_snapshot_free(s);
		hd_buf_free(saved);
		/* exit(), not _exit(): atexit handlers and, in an ASan build, the
		 * leak checker run inside the filter too. */
		exit(0);
	}
	close(fd);
	hd_buf_free(saved);
	ck_assert_int_eq(reap(pid), 0);
	ck_assert_ptr_nonnull(doc = json_object_from_file(path));
	ck_assert(json_object_object_get_ex(doc, "results", &v) &&
	    json_object_array_length(v) == hd_pack_default()->nrules);
	ck_assert(json_object_object_get_ex(doc, "tool", &tool) &&
	    json_object_object_get_ex(tool, "sandbox", &sbj));
	ck_assert(json_object_object_get_ex(sbj, "enabled", &v) &&
	    json_object_get_boolean(v));
	ck_assert(json_object_object_get_ex(sbj, "evaluation_capabilities", &v) &&
	    json_object_array_length(v) == 0);
	ck_assert(json_object_object_get_ex(sbj, "seccomp", &v) &&
	    strstr(json_object_get_string(v), "execve and socket kill"));
	json_object_put(doc);
	unlink(path);
}
END_TEST

/* A user without privileges enters the same sandbox (no capability to
 * drop, no bounding set to shrink) and is confined the same way. */
START_TEST(unprivileged_user)
{
	pid_t pid;

	if (!tu_need_root("becoming nobody"))
		return;
	if ((pid = fork()) == 0) {
		struct hd_sandbox sb;
		char *const argv[] = { "true", NULL };

		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(96);
		child_enter(&sb, -1);
		if (sb.collect_caps != 0)
			_exit(97);
		if (write(2, "", 0) != 0)
			_exit(98);
		execv("/bin/true", argv);
		_exit(95);
	}
	ck_assert_int_eq(reap(pid), 1000 + SIGSYS);
}
END_TEST

/* A filter already on the process that refuses seccomp() itself (a
 * systemd unit's SystemCallFilter= without seccomp): entering fails with
 * the reason and the setting to add, not libseccomp's "Invalid argument".
 * The outer filter is raw BPF: loading it through libseccomp would let
 * libseccomp learn what the kernel supports before the refusal. */
START_TEST(seccomp_refused_by_an_outer_filter)
{
	pid_t pid;

	if ((pid = fork()) == 0) {
		struct sock_filter f[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			    offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_seccomp, 0, 1),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]),
		    .filter = f };
		struct hd_sandbox sb;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
			_exit(90);
		hd_sandbox_init(&sb, true, false);
		if (hd_sandbox_begin(&sb) < 0)
			_exit(91);
		if (hd_sandbox_enter(&sb) == 0)
			_exit(92);
		if (strstr(hd_error_last(), "refuses seccomp() itself") == NULL ||
		    strstr(hd_error_last(), "SystemCallFilter=seccomp") == NULL) {
			fprintf(stderr, "sandbox: %s\n", hd_error_last());
			_exit(93);
		}
		_exit(0);
	}
	ck_assert_int_eq(reap(pid), 0);
}
END_TEST

/* --snapshot needs only to read the file: one capability, then none. */
START_TEST(offline_holds_only_read_search)
{
	uint64_t had = status_hex(0, "CapPrm");
	pid_t pid;

	if ((pid = fork()) == 0) {
		struct hd_sandbox sb;

		hd_sandbox_init(&sb, true, true);
		if (hd_sandbox_begin(&sb) < 0)
			_exit(91);
		_exit(status_hex(0, "CapEff") == (had & BIT(CAP_DAC_READ_SEARCH)) ?
		    0 : 1);
	}
	ck_assert_int_eq(reap(pid), 0);
}
END_TEST

/* --no-sandbox changes nothing and says so. */
START_TEST(disabled_keeps_everything)
{
	uint64_t had = status_hex(0, "CapEff");
	struct hd_sandbox sb;
	json_object *j, *v;
	char *line;
	pid_t pid;

	hd_sandbox_init(&sb, false, false);
	if ((pid = fork()) == 0) {
		char *const argv[] = { "true", NULL };

		if (hd_sandbox_begin(&sb) < 0 || hd_sandbox_enter(&sb) < 0 ||
		    status_hex(0, "CapEff") != had)
			_exit(1);
		execv("/bin/true", argv);
		_exit(95);
	}
	ck_assert_int_eq(reap(pid), 0);
	j = hd_sandbox_json(&sb);
	ck_assert(json_object_object_get_ex(j, "enabled", &v) &&
	    !json_object_get_boolean(v));
	ck_assert(json_object_object_get_ex(j, "reason", &v));
	ck_assert_str_eq(json_object_get_string(v), "--no-sandbox");
	json_object_put(j);
	line = hd_sandbox_summary(&sb);
	ck_assert_ptr_nonnull(strstr(line, "off (--no-sandbox)"));
	free(line);
}
END_TEST

/* Every "until" of the capability table is a collector that runs. */
START_TEST(cap_table_names_collectors)
{
	for (size_t i = 0; i < hd_sandbox_cap_count(); i++) {
		const char *until = hd_sandbox_cap_until(i);
		bool found = until == NULL;

		for (size_t k = 0; !found && k < hd_collector_count(); k++)
			found = strcmp(hd_collector_get(k)->name, until) == 0;
		ck_assert_msg(found, "capability %zu held until '%s', no such "
		    "collector", i, until);
	}
}
END_TEST

#ifdef TU_ASAN
/* Run fn in a sandboxed child with stderr into buf; its reap() status. */
static int
asan_child(void (*fn)(void), char *buf, size_t size)
{
	int err[2];
	ssize_t n = 0;
	size_t len = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(err), 0);
	if ((pid = fork()) == 0) {
		struct hd_sandbox sb;

		dup2(err[1], 2);
		child_enter(&sb, -1);
		fn();
		exit(0);
	}
	close(err[1]);
	for (; len < size - 1; len += (size_t)n)
		if ((n = read(err[0], buf + len, size - 1 - len)) <= 0)
			break;
	buf[len] = '\0';
	close(err[0]);
	return reap(pid);
}

/* Lose 4242 bytes. */
static void
leak(void)
{
	void *volatile p = malloc(4242);

	p = NULL;
	(void)p;
}

/* Read one byte past a heap block. */
static void
overflow(void)
{
	char *volatile p = malloc(8);

	fprintf(stderr, "%d\n", p[8]);
	free(p);
}

/* ASan's reports still come out inside the filter, symbolized. */
START_TEST(asan_reports_inside)
{
	char buf[16384];

	ck_assert_int_eq(asan_child(overflow, buf, sizeof(buf)), 1);
	ck_assert_msg(strstr(buf, "heap-buffer-overflow") &&
	    strstr(buf, "in overflow "), "%s", buf);
}
END_TEST

/* The leak checker still works inside the filter: a leak is reported. */
START_TEST(leak_checker_works_inside)
{
	char buf[16384];
	int st = asan_child(leak, buf, sizeof(buf));

	/* ASan's exit code (1) for a leak, where the child would exit 0. */
	ck_assert_int_eq(st, 1);
	ck_assert_msg(strstr(buf, "detected memory leaks") &&
	    strstr(buf, "4242 byte(s)"), "%s", buf);
}
END_TEST
#endif

static Suite *
sandbox_suite(void)
{
	Suite *s = suite_create("sandbox");
	TCase *tc = tcase_create("sandbox");

	tcase_add_test(tc, phases_as_the_kernel_sees_them);
	tcase_add_test(tc, writes_refused);
	tcase_add_test(tc, exec_kills);
	tcase_add_test(tc, socket_kills);
	tcase_add_test(tc, evaluation_and_reports_inside);
	tcase_add_test(tc, unprivileged_user);
	tcase_add_test(tc, seccomp_refused_by_an_outer_filter);
	tcase_add_test(tc, offline_holds_only_read_search);
	tcase_add_test(tc, disabled_keeps_everything);
	tcase_add_test(tc, cap_table_names_collectors);
#ifdef TU_ASAN
	tcase_add_test(tc, leak_checker_works_inside);
	tcase_add_test(tc, asan_reports_inside);
#endif
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(sandbox_suite)
