/*
 * Where `hardock image` reads an image's contents from, opened before the
 * sandbox and read inside it: an archive file (or "-", stdin), an image
 * layout directory (collect/ocidir.h), or a stream of the engine's export
 * (collect/export.h).
 */
#ifndef HARDOCK_CLI_IMAGESRC_H
#define HARDOCK_CLI_IMAGESRC_H

#include <stdbool.h>

#include <hardock/image.h>

#include "collect/export.h"
#include "collect/ocidir.h"

struct image_src {
	const char *label;        /* the path, "-" or "GET /v1.47/images/ID/get" */
	struct hd_stream *file;   /* an archive file or stdin (owned) */
	struct hd_ocidir *dir;    /* an image layout directory (owned) */
	struct hd_stream *export; /* an engine export stream (borrowed) */
	char *own;                /* label when allocated */
};

/* Open archive path ("-": stdin) into src with the entry cap of a
 * directory; HD_ENOTFOUND, HD_EACCES, HD_EIO, HD_ELIMIT with the message. */
int image_src_open(struct image_src *src, const char *path, size_t max_entries);

/* Read src into s with the image reader; HD_EPARSE/HD_ELIMIT/HD_ECONNECT
 * (message set) when the archive as a whole cannot be read. The source is
 * closed afterwards. */
int image_src_read(struct image_src *src, struct hd_snapshot *s,
    const struct hd_image_limits *lim, unsigned flags);

/* Close what src holds; a zeroed src is accepted. */
void image_src_close(struct image_src *src);

#endif
