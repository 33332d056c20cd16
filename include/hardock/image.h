/*
 * hardock: reading images, for `hardock image`.
 *
 * An image is read from an archive: a `docker save` tarball, an OCI image
 * layout (a directory, or a tar of one as `skopeo copy oci-archive:` writes
 * it), or the engine's export stream (GET /images/{name}/get, which is a
 * `docker save` tarball). The reader (src/collect/image_archive.c, with
 * libarchive) streams the archive once: every layer is read once, its
 * digests computed while it streams, and only what the image checks need
 * is kept (setuid files, secret-bearing files, package databases and
 * package manager configuration, /etc/passwd); nothing is written to disk
 * and nothing is run. Whiteouts (".wh." files, opaque directories) are
 * applied across layers once the manifest gives their order.
 *
 * What it reads lands in a snapshot (<hardock/snapshot.h>) as for a host
 * scan, so the same checks and reporters judge it:
 *   - one HD_OBJ_IMAGE object per image, whose inspect document is built
 *     from the image's configuration in the engine's inspect shape ("Id",
 *     "RepoTags", "RepoDigests", "Created", "Author", "Architecture", "Os",
 *     "Config", "RootFS"), unless HD_IMAGE_CONTENT_ONLY;
 *   - HD_F_IMAGE_HISTORY + id: the configuration's history in the shape of
 *     GET /images/{id}/history (newest first), unless HD_IMAGE_CONTENT_ONLY;
 *   - HD_F_IMAGE_CONTENT + id: what the layers hold (<hardock/facts.h>);
 *   - HD_F_ENGINE_IMAGES: the list of images read (summaries), unless
 *     HD_IMAGE_CONTENT_ONLY.
 * Everything in an archive is attacker-controlled: a hostile archive gives
 * an error (for the archive, or in the image's content fact), never a
 * crash, a hang, or a write outside memory.
 */
#ifndef HARDOCK_IMAGE_H
#define HARDOCK_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "snapshot.h"

/* Caps on what one archive may make hardock read; a cap hit is an error
 * naming the cap and the entry: for the archive (HD_ELIMIT from the
 * reader) when the archive itself passes it, else in the content fact of
 * every image holding the layer that did. The defaults
 * (hd_image_limits_init) are in brackets. */
struct hd_image_limits {
	uint64_t max_files;     /* entries in all layers of one image, and
	                         * entries of the archive itself [1,000,000] */
	uint64_t max_bytes;     /* uncompressed bytes of the layers' tars, and
	                         * declared bytes of the archive's entries,
	                         * each for the whole archive: a gzip bomb
	                         * stops here [64 GiB] */
	size_t max_path;        /* bytes of one entry's path [4096] */
	unsigned max_depth;     /* components of one entry's path [256] */
	size_t max_link;        /* bytes of a link's target [4096] */
	uint64_t max_file_size; /* declared size of one entry of a layer (a
	                         * sparse 10 GB file is refused, not read)
	                         * [8 GiB] */
	size_t max_json;        /* bytes of a manifest, index or config, and
	                         * the most of one file's content kept to
	                         * classify it (a package database, a
	                         * credentials file; past it the file is
	                         * "truncated" or not counted) [16 MiB] */
	unsigned max_images;    /* images in one archive [64] */
	unsigned max_layers;    /* layers of one image [256] */
};
/* Two caps follow from these: the JSON files of one archive hold at most
 * 4 * max_json bytes in all, and one layer at most 65,536 setuid,
 * secret-bearing or package files (an error for the layer past it). */

/* Paths inside layers: a leading "/" or "./" is dropped and "//", "/./"
 * collapsed (tar writers differ, and docker extracts every entry below
 * the image's root, so "/etc/passwd" and "./etc/passwd" are the same
 * file); a ".." component is refused, as an unsafe path error for the
 * image, because no legitimate layer needs one and docker refuses it too.
 * Links are never followed: a symlink's target is only capped, a hard
 * link gives its path the records of its target in the same layer. Paths
 * in the content fact are absolute ("/etc/passwd"). */

/* Defaults, documented in hardock(1) (the image subcommand). */
void hd_image_limits_init(struct hd_image_limits *l);

/* Flags of the readers. */
#define HD_IMAGE_CONTENT_ONLY 0x1u /* add only HD_F_IMAGE_CONTENT facts: the
                                    * engine's own inspect and history are
                                    * already in the snapshot */

/* A pull callback in libarchive's style: point *buf at the next bytes and
 * return how many; 0 at the end; -1 on failure, with hd_error_set(). */
typedef ssize_t (*hd_image_read_fn)(void *arg, const void **buf);

/* Read the archive the callback streams into s. label names it in
 * sources and messages ("GET /images/web:1/get", "app.tar"). lim NULL:
 * the defaults. HD_EPARSE (or HD_ELIMIT) with the message when the
 * archive as a whole cannot be read (not a tar, truncated, no manifest,
 * an unsafe name in the archive itself); a problem inside one image's
 * layers is that image's HD_F_IMAGE_CONTENT error instead, and the call
 * succeeds. An image already in s (read from another archive) keeps its
 * object; its content fact is replaced. */
int hd_image_read_stream(struct hd_snapshot *s, const char *label,
    hd_image_read_fn read, void *arg, const struct hd_image_limits *lim,
    unsigned flags);

/* The same for an archive held in memory (tests and fuzzing). */
int hd_image_read_buf(struct hd_snapshot *s, const char *label,
    const void *data, size_t len, const struct hd_image_limits *lim,
    unsigned flags);

/* The same for a file the user named: a tar (compressed or not) or a
 * directory holding an OCI image layout (oci-layout, index.json, blobs/).
 * Also HD_ENOTFOUND when path does not exist, HD_EIO when it cannot be
 * opened. */
int hd_image_read_path(struct hd_snapshot *s, const char *path,
    const struct hd_image_limits *lim, unsigned flags);

/* Mark the layers of image id in s that image base_id of base holds (its
 * rootfs.diff_ids are a prefix of id's) as the base's: layers[].base and
 * the content fact's "base" block, with how ("--base REF") saying how the
 * base was named. HD_ENOTFOUND when either image or content is missing,
 * HD_EPARSE (message says so) when base is not a base of id. */
int hd_image_set_base(struct hd_snapshot *s, const char *id,
    const struct hd_snapshot *base, const char *base_id, const char *how);

/* For each image of s whose configuration names its base by the OCI
 * annotations (org.opencontainers.image.base.digest / base.name, in the
 * manifest or the labels), find that base among the images of s and mark
 * it as hd_image_set_base() does; when it is not there, record "base" with
 * "unresolved" saying so. */
void hd_image_resolve_annotated_bases(struct hd_snapshot *s);

#endif
