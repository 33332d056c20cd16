/* An OCI image layout held in a directory (as `skopeo copy oci:DIR`
 * writes it): oci-layout, index.json and every blob under blobs/sha256,
 * each file streamed as the entry of an archive would be. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/common.h>

#include "collect/image_int.h"

/* A source pulling a file descriptor. */
struct fdsrc {
	int fd;
	char buf[65536];
	const char *name;
};

/* The next block of the file. */
static ssize_t
fd_pull(void *arg, const void **buf)
{
	struct fdsrc *f = arg;
	ssize_t n;

	do
		n = read(f->fd, f->buf, sizeof(f->buf));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return hd_error_set(HD_EIO, "%s: %s", f->name, strerror(errno));
	*buf = f->buf;
	return n;
}

/* Read one file of an OCI layout directory as the entry name. */
static int
dir_file(struct img_arc *a, int dfd, const char *rel, const char *name)
{
	struct fdsrc *f = hd_xmalloc(sizeof(*f));
	struct img_src src = { fd_pull, f };
	struct stat st;
	int r = HD_OK;

	f->name = name;
	if ((f->fd = openat(dfd, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		r = errno == ENOENT ? HD_OK : hd_error_set(HD_EIO, "%s: %s: %s",
		    a->label, name, strerror(errno));
		free(f);
		return r;
	}
	if (fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode))
		r = img_arc_dispatch(a, name, &src, (int64_t)st.st_size);
	close(f->fd);
	free(f);
	return r;
}

/* Read an OCI image layout directory: oci-layout, index.json and every
 * blob under blobs/sha256 (each file streamed as an archive entry). */
int
img_read_dir(struct hd_snapshot *s, const char *path,
    const struct hd_image_limits *lim, unsigned flags)
{
	struct hd_image_limits def;
	struct img_arc a;
	char **names = NULL, *bdir;
	int dfd, r;

	if (lim == NULL) {
		hd_image_limits_init(&def);
		lim = &def;
	}
	if ((dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return hd_error_set(HD_EIO, "%s: %s", path, strerror(errno));
	img_arc_init(&a, path, lim);
	r = dir_file(&a, dfd, "oci-layout", "oci-layout");
	if (r == HD_OK)
		r = dir_file(&a, dfd, "index.json", "index.json");
	bdir = hd_xasprintf("%s/blobs/sha256", path);
	if (r == HD_OK && (r = hd_dir_names(&names, bdir, "")) == HD_ENOTFOUND)
		r = hd_error_set(HD_EPARSE, "%s: no blobs/sha256 directory: not an "
		    "OCI image layout", path);
	for (size_t i = 0; r == HD_OK && names && names[i] != NULL; i++) {
		char *rel = hd_xasprintf("blobs/sha256/%s", names[i]);

		r = dir_file(&a, dfd, rel, rel);
		free(rel);
	}
	if (r < 0)
		hd_error_wrap(r, path);
	hd_strv_free(names);
	free(bdir);
	close(dfd);
	if (r == HD_OK)
		r = img_arc_assemble(&a, s, flags);
	img_arc_clear(&a);
	return r;
}
