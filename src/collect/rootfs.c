/*
 * Reading host files under the audit root. With --root DIR every path is
 * resolved as if DIR were "/": openat2(RESOLVE_IN_ROOT) makes absolute
 * symlinks and ".." stay inside DIR, so a hostile tree cannot point a
 * collector at the live host's files.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <hardock/collect.h>

char *
hd_root_join(const char *root, const char *path)
{
	size_t n = strlen(root);

	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 1 && root[0] == '/')
		return hd_xstrdup(path);
	return hd_xasprintf("%.*s%s%s", (int)n, root, path[0] == '/' ? "" : "/",
	    path);
}

/* Map errno to the error convention with a message naming path. */
static int
open_error(const char *path, int err)
{
	int code = err == ENOENT || err == ENOTDIR ? HD_ENOTFOUND :
	    err == EACCES || err == EPERM ? HD_EACCES : HD_EIO;

	return hd_error_set(code, "%s: %s", path, strerror(err));
}

/* Open path under root read-only; -1 with errno set on failure. */
int
hd_root_open(const char *root, const char *path, int flags)
{
	struct open_how how = { 0 };
	int dfd, fd, saved;

	how.flags = (uint64_t)(flags | O_RDONLY | O_CLOEXEC | O_NOCTTY);
	/* openat2 refuses O_PATH with any flag beyond these (EINVAL). */
	if (flags & O_PATH)
		how.flags &= (uint64_t)(O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	if ((dfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	while (*path == '/')
		path++;
	fd = (int)syscall(SYS_openat2, dfd, *path ? path : ".", &how, sizeof(how));
	saved = errno;
	close(dfd);
	errno = saved;
	return fd;
}

/* What a file that is not regular is, for the error message. */
static const char *
file_kind(mode_t mode)
{
	return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" :
	    S_ISSOCK(mode) ? "a socket" : S_ISCHR(mode) ? "a character device" :
	    S_ISBLK(mode) ? "a block device" : "of unknown type";
}

int
hd_root_read(struct hd_buf **out, const char *root, const char *path,
    size_t cap)
{
	struct hd_buf *b;
	struct stat st;
	int fd, r;

	*out = NULL;
	/* O_NONBLOCK: opening a FIFO planted in a hostile tree must not hang
	 * us; it is then refused below, as everything but a regular file is
	 * (an empty read of a FIFO would pass for an empty file). */
	if ((fd = hd_root_open(root, path, O_NONBLOCK)) < 0)
		return open_error(path, errno);
	if (fstat(fd, &st) < 0)
		r = hd_error_set(HD_EIO, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		r = hd_error_set(HD_EIO, "%s: not a regular file (%s)", path,
		    file_kind(st.st_mode));
	else if ((uintmax_t)st.st_size > cap)
		r = hd_error_set(HD_ELIMIT, "%s: input larger than its limit of %zu "
		    "bytes (%jd bytes)", path, cap, (intmax_t)st.st_size);
	else
		r = HD_OK;
	if (r < 0) {
		close(fd);
		return r;
	}
	b = hd_buf_new(cap);
	if ((r = hd_buf_read_fd(b, fd)) < 0) {
		hd_error_wrap(r, path);
		hd_buf_free(b);
	} else {
		*out = b;
	}
	close(fd);
	return r;
}
