/* Image contents opened before the sandbox, read inside it. */
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/common.h>

#include "imagesrc.h"

int
image_src_open(struct image_src *src, const char *path, size_t max_entries)
{
	struct stat st;
	int fd;

	memset(src, 0, sizeof(*src));
	src->label = path;
	if (strcmp(path, "-") == 0) {
		if ((fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3)) < 0)
			return hd_error_set(HD_EIO, "stdin: %s", strerror(errno));
		src->file = hd_stream_fd(fd);
		return HD_OK;
	}
	if (stat(path, &st) < 0)
		return hd_error_set(errno == ENOENT ? HD_ENOTFOUND : errno == EACCES ?
		    HD_EACCES : HD_EIO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return hd_ocidir_open(&src->dir, path, max_entries);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return hd_error_set(errno == EACCES ? HD_EACCES : HD_EIO, "%s: %s",
		    path, strerror(errno));
	src->file = hd_stream_fd(fd);
	return HD_OK;
}

int
image_src_read(struct image_src *src, struct hd_snapshot *s,
    const struct hd_image_limits *lim, unsigned flags)
{
	int r, c;

	if (src->dir != NULL)
		r = hd_image_read_stream(s, src->label, hd_ocidir_read, src->dir,
		    lim, flags);
	else
		r = hd_image_read_stream(s, src->label, hd_stream_read,
		    src->export ? src->export : src->file, lim, flags);
	/* The copier's own reason beats the reader's view of a cut stream. */
	if (src->export != NULL && (c = hd_stream_close(src->export)) < 0 && r < 0)
		r = c;
	/* Done: the descriptors go (an export's copier moves on). */
	hd_stream_free(src->file);
	hd_ocidir_free(src->dir);
	src->file = NULL;
	src->dir = NULL;
	src->export = NULL;
	return r;
}

void
image_src_close(struct image_src *src)
{
	hd_stream_free(src->file);
	hd_ocidir_free(src->dir);
	free(src->own);
	src->own = NULL;
	src->file = NULL;
	src->dir = NULL;
	src->export = NULL;
}
