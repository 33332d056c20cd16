/* An image layout directory opened before the sandbox, streamed as a tar
 * inside it (see collect/ocidir.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include <hardock/common.h>

#include "collect/ocidir.h"

#define CHUNK (64u << 10)
#define FD_RESERVE 64u /* descriptors left for everything else */

/* One entry of the layout. */
struct entry {
	char *path;    /* relative to the layout, "blobs/sha256/..." */
	mode_t type;   /* S_IFREG, S_IFDIR, S_IFLNK */
	int fd;        /* regular files: open for reading */
	off_t size;
	char *target;  /* symlinks: what they say */
};

struct hd_ocidir {
	struct entry *e;
	size_t n, max;
	size_t cur;          /* entry being streamed */
	bool in_data;        /* its header is written, data follows */
	off_t left;          /* bytes of its data still to write */
	bool finished;
	struct archive *a;
	char *out;           /* what the writer produced since the last pull */
	size_t outlen, outcap;
	char chunk[CHUNK];
	char *root;          /* for messages */
};

/* Sort entries by path, so two runs stream the same tar. */
static int
entry_cmp(const void *x, const void *y)
{
	return strcmp(((const struct entry *)x)->path,
	    ((const struct entry *)y)->path);
}

/* The descriptors this process may hold beyond FD_RESERVE, raising the
 * soft limit to the hard one first. */
static size_t
fd_budget(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return 256;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	return rl.rlim_cur > (rlim_t)FD_RESERVE * 2 ? (size_t)(rl.rlim_cur - FD_RESERVE) :
	    FD_RESERVE;
}

/* Add entry rel (of type st) found in directory dfd as name. */
static int
add_entry(struct hd_ocidir *d, int dfd, const char *name, const char *rel,
    const struct stat *st)
{
	struct entry *e;
	char buf[4096];
	ssize_t k;

	if (d->n == d->max)
		return hd_error_set(HD_ELIMIT, "%s: more than %zu entries", d->root,
		    d->max);
	d->e = hd_xrealloc(d->e, d->n + 1, sizeof(*d->e));
	e = &d->e[d->n];
	memset(e, 0, sizeof(*e));
	e->fd = -1;
	e->type = st->st_mode & S_IFMT;
	if (S_ISREG(st->st_mode)) {
		if ((e->fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
		    O_NOCTTY)) < 0)
			return hd_error_set(errno == EACCES ? HD_EACCES : HD_EIO,
			    "%s/%s: %s", d->root, rel, strerror(errno));
		e->size = st->st_size;
	} else if (S_ISLNK(st->st_mode)) {
		if ((k = readlinkat(dfd, name, buf, sizeof(buf) - 1)) < 0)
			return hd_error_set(HD_EIO, "%s/%s: %s", d->root, rel,
			    strerror(errno));
		e->target = hd_xstrndup(buf, (size_t)k);
	} else if (!S_ISDIR(st->st_mode)) {
		return hd_error_set(HD_EPARSE, "%s/%s: neither a file, a directory "
		    "nor a symlink", d->root, rel);
	}
	e->path = hd_xstrdup(rel);
	d->n++;
	return HD_OK;
}

/* Add every entry of directory dfd (at rel, "" for the top) and below. */
static int
walk(struct hd_ocidir *d, int dfd, const char *rel, unsigned depth)
{
	DIR *dir;
	struct dirent *de;
	int r = HD_OK;

	if ((dir = fdopendir(dfd)) == NULL) {
		close(dfd);
		return hd_error_set(HD_EIO, "%s/%s: %s", d->root, rel, strerror(errno));
	}
	while (r == HD_OK && (errno = 0, de = readdir(dir)) != NULL) {
		struct stat st;
		char *sub;
		int sfd;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		sub = rel[0] ? hd_xasprintf("%s/%s", rel, de->d_name) :
		    hd_xstrdup(de->d_name);
		if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			r = hd_error_set(HD_EIO, "%s/%s: %s", d->root, sub,
			    strerror(errno));
		else if (S_ISDIR(st.st_mode) && depth + 1 >= HD_OCIDIR_MAX_DEPTH)
			r = hd_error_set(HD_ELIMIT, "%s/%s: directories nested deeper "
			    "than %d levels", d->root, sub, HD_OCIDIR_MAX_DEPTH);
		else
			r = add_entry(d, dirfd(dir), de->d_name, sub, &st);
		if (r == HD_OK && S_ISDIR(st.st_mode)) {
			sfd = openat(dirfd(dir), de->d_name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			r = sfd < 0 ? hd_error_set(HD_EIO, "%s/%s: %s", d->root, sub,
			    strerror(errno)) : walk(d, sfd, sub, depth + 1);
		}
		free(sub);
	}
	if (r == HD_OK && errno != 0)
		r = hd_error_set(HD_EIO, "%s/%s: %s", d->root, rel, strerror(errno));
	closedir(dir);
	return r;
}

/* libarchive's write callback: keep what it wrote for the next pull. */
static la_ssize_t
on_write(struct archive *a, void *arg, const void *buf, size_t len)
{
	struct hd_ocidir *d = arg;

	(void)a;
	if (d->outlen + len > d->outcap) {
		d->outcap = d->outlen + len;
		d->out = hd_xrealloc(d->out, d->outcap, 1);
	}
	memcpy(d->out + d->outlen, buf, len);
	d->outlen += len;
	return (la_ssize_t)len;
}

int
hd_ocidir_open(struct hd_ocidir **out, const char *path, size_t max_entries)
{
	struct hd_ocidir *d;
	size_t budget = fd_budget();
	int fd, r;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return hd_error_set(errno == ENOENT ? HD_ENOTFOUND : errno == EACCES ?
		    HD_EACCES : HD_EIO, "%s: %s", path, strerror(errno));
	d = hd_xcalloc(1, sizeof(*d));
	d->root = hd_xstrdup(path);
	d->max = max_entries < budget ? max_entries : budget;
	if ((r = walk(d, fd, "", 0)) < 0)
		goto out;
	qsort(d->e, d->n, sizeof(*d->e), entry_cmp);
	d->a = archive_write_new();
	if (d->a == NULL || archive_write_set_format_pax_restricted(d->a) != 0 ||
	    archive_write_set_bytes_per_block(d->a, 0) != 0 ||
	    archive_write_open(d->a, d, NULL, on_write, NULL) != 0) {
		r = hd_error_set(HD_ERR, "cannot set up the tar writer: %s",
		    d->a ? archive_error_string(d->a) : "no memory");
		goto out;
	}
out:
	if (r < 0)
		hd_ocidir_free(d);
	else
		*out = d;
	return r;
}

size_t
hd_ocidir_count(const struct hd_ocidir *d)
{
	return d->n;
}

/* Write the header of entry e. */
static int
write_header(struct hd_ocidir *d, const struct entry *e)
{
	struct archive_entry *ae = archive_entry_new();
	int r;

	archive_entry_set_pathname(ae, e->path);
	archive_entry_set_filetype(ae, e->type == S_IFREG ? AE_IFREG :
	    e->type == S_IFLNK ? AE_IFLNK : AE_IFDIR);
	archive_entry_set_perm(ae, e->type == S_IFDIR ? 0755 : 0644);
	if (e->type == S_IFREG)
		archive_entry_set_size(ae, e->size);
	if (e->type == S_IFLNK)
		archive_entry_set_symlink(ae, e->target);
	r = archive_write_header(d->a, ae);
	archive_entry_free(ae);
	if (r != ARCHIVE_OK)
		return hd_error_set(HD_ERR, "%s/%s: %s", d->root, e->path,
		    archive_error_string(d->a));
	return HD_OK;
}

/* One step of the stream: a header, a chunk of data, or the end. */
static int
step(struct hd_ocidir *d)
{
	struct entry *e;
	ssize_t k;

	if (d->cur == d->n) {
		d->finished = true;
		return archive_write_close(d->a) == ARCHIVE_OK ? HD_OK :
		    hd_error_set(HD_ERR, "%s: %s", d->root, archive_error_string(d->a));
	}
	e = &d->e[d->cur];
	if (!d->in_data) {
		d->in_data = true;
		d->left = e->type == S_IFREG ? e->size : 0;
		return write_header(d, e);
	}
	if (d->left == 0) {
		d->in_data = false;
		d->cur++;
		return HD_OK;
	}
	do
		k = read(e->fd, d->chunk, d->left < (off_t)CHUNK ? (size_t)d->left :
		    CHUNK);
	while (k < 0 && errno == EINTR);
	if (k <= 0)
		return hd_error_set(HD_EIO, "%s/%s: %s", d->root, e->path,
		    k < 0 ? strerror(errno) : "shorter than when it was opened");
	if (archive_write_data(d->a, d->chunk, (size_t)k) != k)
		return hd_error_set(HD_ERR, "%s/%s: %s", d->root, e->path,
		    archive_error_string(d->a));
	d->left -= k;
	return HD_OK;
}

ssize_t
hd_ocidir_read(void *arg, const void **buf)
{
	struct hd_ocidir *d = arg;

	d->outlen = 0;
	while (d->outlen == 0 && !d->finished)
		if (step(d) < 0)
			return -1;
	*buf = d->out;
	return (ssize_t)d->outlen;
}

void
hd_ocidir_free(struct hd_ocidir *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		if (d->e[i].fd >= 0)
			close(d->e[i].fd);
		free(d->e[i].path);
		free(d->e[i].target);
	}
	free(d->e);
	if (d->a)
		archive_write_free(d->a);
	free(d->out);
	free(d->root);
	free(d);
}
