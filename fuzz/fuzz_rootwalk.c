/*
 * Differential fuzzing of the in-root path walk (hd_root_open_walk, used
 * where the kernel lacks openat2) against the kernel's own
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): a hostile tree is made
 * of symlinks, and both must open the same file or fail alike, and neither
 * may ever open the file kept outside the root.
 *
 * Input, line by line: "L D NAME TARGET" makes symlink NAME (one path
 * component) -> TARGET in directory D (0 the root, 1 etc, 2 etc/docker,
 * 3 deep), at most 16; after a line "--", each line is "F PATH" with F
 * choosing the open flags. The links live in a fixed temporary tree made
 * once per process, and are removed after each input. Links are made with
 * symlinkat() below directories opened once, which follows no link, so the
 * input cannot write outside the tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/collectors.h"
#include "inroot.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

#define MAX_LINKS 16
#define NDIRS 4

static const char *const dirs[NDIRS] = { ".", "etc", "etc/docker", "deep" };
static const int flag_sets[] = {
	O_RDONLY | O_CLOEXEC, O_RDONLY | O_DIRECTORY | O_CLOEXEC,
	O_PATH | O_NOFOLLOW | O_CLOEXEC, O_PATH | O_CLOEXEC,
	O_RDONLY | O_NOFOLLOW | O_CLOEXEC, O_PATH | O_DIRECTORY | O_CLOEXEC,
};

static int rootfd = -1, dirfd_[NDIRS];
static struct stat outside_st;
static char base[] = "/tmp/hd-rootwalk-XXXXXX";

/* Remove the fixed tree when the process ends. */
static void
teardown(void)
{
	char path[256];

	unlinkat(dirfd_[0], "base", 0);
	unlinkat(rootfd, "etc/docker/daemon.json", 0);
	unlinkat(rootfd, "etc/docker", AT_REMOVEDIR);
	unlinkat(rootfd, "etc", AT_REMOVEDIR);
	unlinkat(rootfd, "deep", AT_REMOVEDIR);
	snprintf(path, sizeof(path), "%s/root", base);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/outside", base);
	unlink(path);
	rmdir(base);
}

/* The fixed tree: root/{etc/docker/daemon.json, deep/, file}, and a file
 * outside the root. Aborts when it cannot be made. */
static void
setup(void)
{
	char path[256];
	int fd;

	if (mkdtemp(base) == NULL)
		abort();
	snprintf(path, sizeof(path), "%s/outside", base);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0 ||
	    fstat(fd, &outside_st) < 0)
		abort();
	close(fd);
	snprintf(path, sizeof(path), "%s/root", base);
	if (mkdir(path, 0755) < 0 ||
	    (rootfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    mkdirat(rootfd, "etc", 0755) < 0 ||
	    mkdirat(rootfd, "etc/docker", 0755) < 0 ||
	    mkdirat(rootfd, "deep", 0755) < 0)
		abort();
	if ((fd = openat(rootfd, "etc/docker/daemon.json", O_WRONLY | O_CREAT,
	    0644)) < 0)
		abort();
	close(fd);
	for (int i = 0; i < NDIRS; i++)
		if ((dirfd_[i] = openat(rootfd, dirs[i], O_PATH | O_DIRECTORY |
		    O_CLOEXEC | O_NOFOLLOW)) < 0)
			abort();
	/* Links may name the outside file by its real path. */
	if (symlinkat(base, dirfd_[0], "base") < 0)
		abort();
	atexit(teardown);
}

/* Whether fd is the file outside the root. */
static int
is_outside(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && st.st_dev == outside_st.st_dev &&
	    st.st_ino == outside_st.st_ino;
}

/* Open path both ways and compare; aborts on a difference or an escape. */
static void
compare(const char *path, int flags)
{
	int k = hd_kernel_open_in_root(rootfd, path, flags);
	int w = hd_root_open_walk(rootfd, path, flags);
	struct stat ks, ws;

	if (w < 0)
		w = -errno;
	if (w >= 0 && is_outside(w)) {
		fprintf(stderr, "walk escaped the root: %s\n", path);
		abort();
	}
	if (k == -ENOSYS || k == -EAGAIN) {
		/* No openat2 here, or no answer from it (it kept racing with
		 * renames elsewhere): the walk must still not escape (above). */
	} else if (k < 0 || w < 0) {
		if (k != w) {
			fprintf(stderr, "%s (flags %#x): kernel %d, walk %d\n", path,
			    flags, k, w);
			abort();
		}
	} else if (fstat(k, &ks) < 0 || fstat(w, &ws) < 0 ||
	    ks.st_dev != ws.st_dev || ks.st_ino != ws.st_ino) {
		fprintf(stderr, "%s (flags %#x): different files\n", path, flags);
		abort();
	}
	if (k >= 0)
		close(k);
	if (w >= 0)
		close(w);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	const char *p = (const char *)data, *end = p + len;
	char made[MAX_LINKS][256], line[4096];
	int made_dir[MAX_LINKS], nmade = 0, opens = 0;
	int paths = 0;

	if (rootfd < 0)
		setup();
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n >= sizeof(line) || memchr(p, '\0', n) != NULL)
			break;
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (nl != NULL);
		if (!paths && strcmp(line, "--") == 0) {
			paths = 1;
		} else if (!paths && n > 4 && line[0] == 'L' && line[1] == ' ' &&
		    line[2] >= '0' && line[2] < '0' + NDIRS && line[3] == ' ' &&
		    nmade < MAX_LINKS) {
			char *name = line + 4, *target = strchr(name, ' ');
			int d = line[2] - '0';

			if (target == NULL || (size_t)(target - name) >= sizeof(made[0]))
				continue;
			*target++ = '\0';
			/* One component, not a dot entry: made in place. */
			if (*name == '\0' || strchr(name, '/') != NULL ||
			    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
				continue;
			if (symlinkat(target, dirfd_[d], name) == 0) {
				memcpy(made[nmade], name, strlen(name) + 1);
				made_dir[nmade++] = d;
			}
		} else if (paths && n >= 2 && line[1] == ' ' && opens < 32) {
			int flags = flag_sets[(unsigned char)line[0] %
			    (sizeof(flag_sets) / sizeof(flag_sets[0]))];

			compare(line + 2, flags);
			opens++;
		}
	}
	for (int i = 0; i < nmade; i++)
		unlinkat(dirfd_[made_dir[i]], made[i], 0);
	return 0;
}
