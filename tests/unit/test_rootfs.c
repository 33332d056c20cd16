/*
 * Reading under the audit root without openat2: the user-space walk
 * (hd_root_open_walk) must resolve every path exactly as the kernel's
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) does, escapes included,
 * so a kernel before 5.6 (or valgrind) reads the same files and no others.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "collect/collectors.h"
#include "inroot.h"
#include "testutil.h"

/* root/rel as a malloc'd path. */
static char *
in(const char *root, const char *rel)
{
	return hd_xasprintf("%s/%s", root, rel);
}

/* A file at root/rel holding text. */
static void
file(const char *root, const char *rel, const char *text)
{
	char *p = in(root, rel);
	FILE *fp = fopen(p, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	free(p);
}

/* A directory root/rel. */
static void
dir(const char *root, const char *rel)
{
	char *p = in(root, rel);

	ck_assert_int_eq(mkdir(p, 0755), 0);
	free(p);
}

/* A symlink root/rel -> target. */
static void
link_(const char *root, const char *rel, const char *target)
{
	char *p = in(root, rel);

	ck_assert_int_eq(symlink(target, p), 0);
	free(p);
}

/* The walk's answer: fd or -errno. */
static int
walk_open(int rootfd, const char *path, int flags)
{
	int fd = hd_root_open_walk(rootfd, path, flags);

	return fd >= 0 ? fd : -errno;
}

/* Both open the same inode, or both fail with the same errno. */
static void
same(int rootfd, const char *path, int flags)
{
	int k = hd_kernel_open_in_root(rootfd, path, flags);
	int w = walk_open(rootfd, path, flags);
	struct stat ks, ws;

	if (k < 0 || w < 0) {
		ck_assert_msg(k == w, "%s (flags %#x): kernel %s, walk %s", path, flags,
		    k < 0 ? strerror(-k) : "opens", w < 0 ? strerror(-w) : "opens");
	} else {
		ck_assert_int_eq(fstat(k, &ks), 0);
		ck_assert_int_eq(fstat(w, &ws), 0);
		ck_assert_msg(ks.st_dev == ws.st_dev && ks.st_ino == ws.st_ino,
		    "%s (flags %#x): kernel and walk open different files", path, flags);
	}
	if (k >= 0)
		close(k);
	if (w >= 0)
		close(w);
}

START_TEST(walk_resolves_as_openat2)
{
	static const char *const paths[] = {
		"", ".", "..", "/", "etc", "/etc/docker/daemon.json",
		"etc/abs/daemon.json", "etc/abs", "etc/rel", "etc/up/daemon.json",
		"etc/out", "etc/outrel", "loop1", "chain", "etc/docker/daemon.json/x",
		"dangling", "../../etc/docker", "selfdir/selfdir/etc/./docker/",
		"etc//docker///daemon.json", "etc/docker/../../../etc/rel",
		"deep/l0", "deep/l30", "nothere", "etc/docker/daemon.json/",
		"proc/self", "procmagic", "etc/rel/", "etc/abs/", "chain/",
		"dangling/", "etc/abs/../docker/daemon.json", "selfdir/",
	};
	static const int flags[] = {
		O_RDONLY | O_CLOEXEC, O_RDONLY | O_DIRECTORY | O_CLOEXEC,
		O_PATH | O_NOFOLLOW | O_CLOEXEC, O_PATH | O_CLOEXEC,
		O_RDONLY | O_NOFOLLOW | O_CLOEXEC, O_RDONLY | O_NONBLOCK | O_CLOEXEC,
	};
	char outside[] = "/tmp/rootfs-out-XXXXXX", root[] = "/tmp/rootfs-XXXXXX";
	char name[32], target[32], *t;
	int rootfd;

	ck_assert_ptr_nonnull(mkdtemp(outside));
	ck_assert_ptr_nonnull(mkdtemp(root));
	file(outside, "secret", "outside\n");
	dir(root, "etc");
	dir(root, "etc/docker");
	dir(root, "deep");
	dir(root, "proc");
	file(root, "etc/docker/daemon.json", "{}\n");
	link_(root, "etc/abs", "/etc/docker");
	link_(root, "etc/rel", "../etc/docker/daemon.json");
	link_(root, "etc/up", "../../../../../../../etc/docker");
	t = in(outside, "secret");
	link_(root, "etc/out", t);
	free(t);
	t = hd_xasprintf("../../../../../../..%s/secret", outside);
	link_(root, "etc/outrel", t);
	free(t);
	link_(root, "loop1", "loop2");
	link_(root, "loop2", "loop1");
	link_(root, "chain", "etc/abs/daemon.json");
	link_(root, "dangling", "/nonexistent");
	link_(root, "selfdir", ".");
	/* A magic link's text names a path outside: resolved inside. */
	link_(root, "procmagic", "/proc/self/root/etc");
	link_(root, "proc/self", "/proc/1");
	/* 45 links in a row: past the kernel's 40 from l0, within from l30. */
	for (int i = 0; i < 45; i++) {
		snprintf(name, sizeof(name), "deep/l%d", i);
		snprintf(target, sizeof(target), "l%d", i + 1);
		link_(root, name, target);
	}
	file(root, "deep/l45", "end\n");

	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(rootfd, 0);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			same(rootfd, paths[i], flags[k]);
	/* And what that means: nothing outside is ever opened. */
	ck_assert_int_eq(walk_open(rootfd, "etc/out", O_RDONLY), -ENOENT);
	ck_assert_int_eq(walk_open(rootfd, "etc/outrel", O_RDONLY), -ENOENT);
	ck_assert_int_eq(walk_open(rootfd, "loop1", O_RDONLY), -ELOOP);
	close(rootfd);
	tu_rmtree(root);
	tu_rmtree(outside);
}
END_TEST

/* openat2 answers EAGAIN when a rename anywhere on the host races with a
 * ".." of the path; hd_root_open() calls it again (then falls back to the
 * walk), so a file is never unreadable because another process renamed
 * something. A child renames a file elsewhere without pause while the
 * same ".." path is opened both ways: the raw openat2 must have said
 * EAGAIN (the race happened) and hd_root_open() never failed. Found by
 * fuzz_rootwalk's differential campaign on a busy machine. */
START_TEST(openat2_eagain_retried)
{
	char root[] = "/tmp/hd-eagain-XXXXXX", *busy;
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC,
	    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	int rfd, fd, raw_eagain = 0, failed = 0, tries = 0;
	bool have_openat2 = true;
	time_t end;
	pid_t pid;

	ck_assert_ptr_nonnull(mkdtemp(root));
	dir(root, "etc");
	file(root, "etc/f", "x");
	dir(root, "busy");
	file(root, "busy/a", "");
	busy = in(root, "busy");
	if ((pid = fork()) == 0) {
		char a[256], b[256];

		snprintf(a, sizeof(a), "%s/a", busy);
		snprintf(b, sizeof(b), "%s/b", busy);
		for (;;) {
			(void)rename(a, b);
			(void)rename(b, a);
		}
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_ge(rfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC), 0);
	/* Until the race was seen a few times (or 10 s, a very idle kernel). */
	end = time(NULL) + 10;
	while ((raw_eagain < 20 || tries < 20000) && time(NULL) < end) {
		fd = (int)syscall(SYS_openat2, rfd, "etc/../etc/../etc/f", &how,
		    sizeof(how));
		if (fd >= 0)
			close(fd);
		else if (errno == EAGAIN)
			raw_eagain++;
		else if (errno == ENOSYS)
			have_openat2 = false;
		if ((fd = hd_root_open(root, "/etc/../etc/../etc/f", 0)) >= 0)
			close(fd);
		else
			failed++;
		tries++;
		if (!have_openat2 && tries >= 20000)
			break;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(rfd);
	ck_assert_int_eq(failed, 0);
	if (have_openat2)
		ck_assert_int_gt(raw_eagain, 0);
	for (size_t i = 0; i < 4; i++) {
		static const char *const made[] = { "etc/f", "busy/a", "busy/b" };
		char *p = in(root, i < 3 ? made[i] : "etc");

		(void)(i < 3 ? unlink(p) : rmdir(p));
		free(p);
	}
	rmdir(busy);
	rmdir(root);
	free(busy);
}
END_TEST

static Suite *
rootfs_suite(void)
{
	Suite *s = suite_create("rootfs");
	TCase *tc = tcase_create("walk");

	tcase_add_test(tc, walk_resolves_as_openat2);
	tcase_add_test(tc, openat2_eagain_retried);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(rootfs_suite)
