/*
 * An image layout directory (OCI: oci-layout, index.json, blobs/ALG/HEX;
 * or an unpacked `docker save`) as a tar stream, for `hardock image
 * --archive DIR` inside the sandbox: every entry is opened (files) or read
 * (symlinks, never followed) before the sandbox, and the stream is made
 * from those descriptors afterwards with libarchive's tar writer, so the
 * image reader (<hardock/image.h>) sees what `tar -C DIR -c .` would give
 * it and no file needs to be opened once the seccomp filter refuses it.
 */
#ifndef HARDOCK_COLLECT_OCIDIR_H
#define HARDOCK_COLLECT_OCIDIR_H

#include <stddef.h>
#include <sys/types.h>

#define HD_OCIDIR_MAX_DEPTH 4 /* blobs/sha256/HEX is 3 */

struct hd_ocidir;

/* Open the layout at path: regular files, directories and symlinks down
 * to HD_OCIDIR_MAX_DEPTH levels, at most max_entries of them (and what
 * the descriptor limit allows). HD_ENOTFOUND / HD_EACCES for path,
 * HD_ELIMIT past a cap, HD_EPARSE for a device, fifo or socket in it. */
int hd_ocidir_open(struct hd_ocidir **out, const char *path,
    size_t max_entries);

/* Entries opened. */
size_t hd_ocidir_count(const struct hd_ocidir *d);

/* The tar stream, as a hd_image_read_fn (arg is the layout). */
ssize_t hd_ocidir_read(void *arg, const void **buf);

/* Free d, closing what it holds; NULL is accepted. */
void hd_ocidir_free(struct hd_ocidir *d);

#endif
