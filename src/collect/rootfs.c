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
#include <limits.h>
#include <stdio.h>
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
			r = hd_error_set(HD_ELINK, "symlink loop at %s (more than %d "
			    "links)", first_link, MAX_LINKS);
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

int
hd_root_read(struct hd_buf **out, const char *root, const char *path,
    size_t cap)
{
	struct hd_buf *b;
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
	/* O_NONBLOCK: a FIFO planted in a hostile tree must not hang us. */
	if ((fd = hd_root_open(root, path, O_NONBLOCK)) < 0)
		return open_error(path, errno);
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
