/*
 * Reading host files under the audit root. With --root DIR every path is
 * resolved as if DIR were "/": openat2(RESOLVE_IN_ROOT) makes absolute
 * symlinks and ".." stay inside DIR, so a hostile tree cannot point a
 * collector at the live host's files. Where openat2 does not exist (kernels
 * before 5.6, valgrind) the same resolution is done component by component.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <hardock/collect.h>

#include "collect/collectors.h"

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

/* Pop the directory stack down to depth keep, closing what it held. */
static void
walk_pop(int *stack, size_t *depth, size_t keep)
{
	while (*depth > keep)
		close(stack[--*depth]);
}

/* Splice link target t in front of the rest of the path, next (rest is
 * owned and freed); a link that was not the last component keeps the
 * slash after it. Returns the new path. */
static char *
walk_splice(char *rest, const char *next, const char *t, bool last)
{
	char *p = last ? hd_xstrdup(t) : hd_xasprintf("%s/%s", t, next);

	free(rest);
	return p;
}

/*
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) done in user space, for
 * kernels before 5.6 and for valgrind, neither of which knows openat2.
 * Each component is opened with O_NOFOLLOW below the directory before it,
 * held open (".." pops it, never above the root: no ".." reaches the
 * kernel); a symlink's target is read as text and resolved the same way,
 * an absolute one from the root, at most WALK_MAX_LINKS of them (ELOOP).
 */
#define WALK_MAX_LINKS 40
#define WALK_MAX_DEPTH 256
int
hd_root_open_walk(int rootfd, const char *path, int flags)
{
	int stack[WALK_MAX_DEPTH], fd = -1, cur, links = 0, saved;
	size_t depth = 0;
	char *rest = hd_xstrdup(path), *p = rest, target[4096];
	struct stat st;

	for (;;) {
		char *comp, *next;
		bool last;
		ssize_t n;

		cur = depth > 0 ? stack[depth - 1] : rootfd;
		while (*p == '/')
			p++;
		if (*p == '\0') {
			fd = openat(cur, ".", flags);
			break;
		}
		comp = p;
		next = p + strcspn(p, "/");
		/* "dir/" is not the last component: it must be a directory, and
		 * is followed even with O_NOFOLLOW, as the kernel does. */
		last = *next == '\0';
		if (!last)
			*next++ = '\0';
		p = next;
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			walk_pop(stack, &depth, depth > 0 ? depth - 1 : 0);
			continue;
		}
		/* The final component itself, not followed, as asked. */
		if (last && (flags & O_NOFOLLOW)) {
			fd = openat(cur, comp, flags);
			break;
		}
		if ((fd = openat(cur, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
			break;
		if (fstat(fd, &st) < 0) {
			saved = errno;
			close(fd);
			fd = -1;
			errno = saved;
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			n = readlinkat(fd, "", target, sizeof(target) - 1);
			close(fd);
			fd = -1;
			if (n < 0)
				break;
			if (++links > WALK_MAX_LINKS) {
				errno = ELOOP;
				break;
			}
			target[n] = '\0';
			if (target[0] == '/')
				walk_pop(stack, &depth, 0);
			rest = walk_splice(rest, p, target, last);
			p = rest;
			continue;
		}
		if (last) {
			close(fd);
			/* O_NOFOLLOW: a symlink swapped in since is refused. */
			fd = openat(cur, comp, flags | O_NOFOLLOW);
			break;
		}
		if (!S_ISDIR(st.st_mode) || depth == WALK_MAX_DEPTH) {
			close(fd);
			fd = -1;
			errno = S_ISDIR(st.st_mode) ? ENAMETOOLONG : ENOTDIR;
			break;
		}
		stack[depth++] = fd;
	}
	saved = errno;
	walk_pop(stack, &depth, 0);
	free(rest);
	errno = saved;
	return fd;
}

#define OPENAT2_TRIES 16

/* Open path under root read-only; -1 with errno set on failure. */
int
hd_root_open(const char *root, const char *path, int flags)
{
	static bool no_openat2; /* the kernel said ENOSYS once */
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
	errno = ENOSYS;
	fd = -1;
	/* EAGAIN: a rename or mount anywhere on the host raced with a ".."
	 * of the path, so the kernel could not prove the lookup stayed in the
	 * root; openat2(2) says to call again. A busy Docker host mounts all
	 * the time: without the retry a file read now and then failed. */
	for (int i = 0; !no_openat2 && i < OPENAT2_TRIES; i++) {
		fd = (int)syscall(SYS_openat2, dfd, *path ? path : ".", &how,
		    sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	if (fd < 0 && errno == ENOSYS)
		no_openat2 = true;
	/* Without openat2, or still racing: the user-space walk, which holds
	 * a descriptor for every directory it passes, has no such race. */
	if (fd < 0 && (errno == ENOSYS || errno == EAGAIN))
		fd = hd_root_open_walk(dfd, path, (int)how.flags);
	saved = errno;
	close(dfd);
	errno = saved;
	return fd;
}

/* ---- Resolving symlinks as the daemon would ------------------------------ */

#define MAX_LINKS 40 /* the kernel's limit (MAXSYMLINKS) */

/* The components resolved so far: none of them is a symlink. */
struct comps {
	char **v;
	size_t n;
};

/* The host path of the first n components ("/" for none). */
static char *
comps_path(const struct comps *c, size_t n)
{
	size_t len = 1;
	char *p, *q;

	for (size_t i = 0; i < n; i++)
		len += strlen(c->v[i]) + 1;
	p = q = hd_xmalloc(len + 1);
	for (size_t i = 0; i < n; i++)
		q += sprintf(q, "/%s", c->v[i]);
	if (n == 0)
		*q++ = '/';
	*q = '\0';
	return p;
}

/* Drop every component. */
static void
comps_clear(struct comps *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	c->n = 0;
}

/* Open the resolved directory under rootfd; it holds no symlink, so any
 * link there now (a tree changing under us) fails instead of leading
 * elsewhere. -1 with errno. */
static int
open_comps(int rootfd, const struct comps *c)
{
	struct open_how how = { 0 };
	char *p = comps_path(c, c->n);
	int fd, saved;

	how.flags = (uint64_t)(O_PATH | O_DIRECTORY | O_CLOEXEC);
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	fd = (int)syscall(SYS_openat2, rootfd, p[1] ? p + 1 : ".", &how, sizeof(how));
	/* No openat2 (old kernels, valgrind): the same resolution in user
	 * space, which keeps to the root as well. */
	if (fd < 0 && errno == ENOSYS)
		fd = hd_root_open_walk(rootfd, p[1] ? p + 1 : ".",
		    O_PATH | O_DIRECTORY | O_CLOEXEC);
	saved = errno;
	free(p);
	errno = saved;
	return fd;
}

/* Record link -> target in l (when given). */
static void
links_add(struct hd_links *l, const char *link, const char *target)
{
	if (l == NULL)
		return;
	l->link = hd_xrealloc(l->link, l->n + 1, sizeof(*l->link));
	l->target = hd_xrealloc(l->target, l->n + 1, sizeof(*l->target));
	l->link[l->n] = hd_xstrdup(link);
	l->target[l->n] = hd_xstrdup(target);
	l->n++;
}

void
hd_links_clear(struct hd_links *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->link[i]);
		free(l->target[i]);
	}
	free(l->link);
	free(l->target);
	memset(l, 0, sizeof(*l));
}

/* The error of a failed step at host path p, naming the first link
 * followed (what makes the path dangle) when there was one. */
static int
step_error(const char *p, int err, const char *first_link,
    const char *first_target)
{
	int code = err == ENOENT || err == ENOTDIR ? HD_ENOTFOUND :
	    err == EACCES || err == EPERM ? HD_EACCES : HD_EIO;

	if (first_link != NULL)
		return hd_error_set(code, "%s -> %s: %s: %s", first_link,
		    first_target, p, strerror(err));
	return hd_error_set(code, "%s: %s", p, strerror(err));
}

int
hd_root_resolve(char **out, struct hd_links *links, const char *root,
    const char *path)
{
	struct comps c = { 0 };
	char *rest = hd_xstrdup(path), *cur, *p = NULL;
	char *first_link = NULL, *first_target = NULL;
	char *last_link = NULL, *last_target = NULL;
	bool live = strcmp(root, "/") == 0;
	size_t nlinks = 0, alloc = 0;
	int rootfd, r = HD_OK;

	*out = NULL;
	if ((rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		free(rest);
		return step_error(root, errno, NULL, NULL);
	}
	cur = rest;
	while (r == HD_OK && *cur != '\0') {
		size_t n = strcspn(cur, "/");
		char *name = hd_xstrndup(cur, n), target[PATH_MAX];
		struct stat st;
		ssize_t tl;
		int dfd;

		cur += n + (cur[n] == '/');
		if (n == 0 || strcmp(name, ".") == 0) {
			free(name);
			continue;
		}
		if (strcmp(name, "..") == 0) {
			if (c.n > 0)
				free(c.v[--c.n]);
			else if (nlinks > 0 && !live)
				r = hd_error_set(HD_ELINK, "%s -> %s leaves the audit "
				    "root %s", last_link, last_target, root);
			free(name);
			continue;
		}
		free(p);
		if (c.n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			c.v = hd_xrealloc(c.v, alloc, sizeof(*c.v));
		}
		c.v[c.n] = name;
		p = comps_path(&c, c.n + 1);
		if ((dfd = open_comps(rootfd, &c)) < 0 ||
		    fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			r = step_error(p, errno, first_link, first_target);
			if (dfd >= 0)
				close(dfd);
			free(name);
			break;
		}
		if (!S_ISLNK(st.st_mode)) {
			close(dfd);
			c.n++;
			continue;
		}
		tl = readlinkat(dfd, name, target, sizeof(target) - 1);
		close(dfd);
		free(name);
		if (tl <= 0) {
			r = tl < 0 ? step_error(p, errno, first_link, first_target) :
			    hd_error_set(HD_ENOTFOUND, "%s: empty symlink", p);
			break;
		}
		target[tl] = '\0';
		if (++nlinks > MAX_LINKS) {
			r = hd_error_set(HD_ELINK, "symlink loop at %s: %s (more than "
			    "%d links)", first_link, strerror(ELOOP), MAX_LINKS);
			break;
		}
		links_add(links, p, target);
		if (first_link == NULL) {
			first_link = hd_xstrdup(p);
			first_target = hd_xstrdup(target);
		}
		free(last_link);
		free(last_target);
		last_link = hd_xstrdup(p);
		last_target = hd_xstrdup(target);
		/* Continue with the target, then what followed the link. */
		cur = hd_xasprintf("%s/%s", target, cur);
		free(rest);
		rest = cur;
		if (target[0] == '/')
			comps_clear(&c);
	}
	if (r == HD_OK)
		*out = comps_path(&c, c.n);
	comps_clear(&c);
	free(c.v);
	free(p);
	free(rest);
	free(first_link);
	free(first_target);
	free(last_link);
	free(last_target);
	close(rootfd);
	return r;
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
	/* Under a mounted tree, a link climbing above it has no known target
	 * (the kernel would stop at the tree's top). /proc and /sys are the
	 * kernel's own: their links need no such judgement. */
	if (strcmp(root, "/") != 0 && strncmp(path, "/proc/", 6) != 0 &&
	    strncmp(path, "/sys/", 5) != 0) {
		char *real = NULL;

		r = hd_root_resolve(&real, NULL, root, path);
		free(real);
		if (r == HD_ELINK)
			return r;
	}
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
