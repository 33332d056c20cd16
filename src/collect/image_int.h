/*
 * The image reader's parts (src/collect/image_*.c), shared between them:
 * the archive (image_archive.c) hands each layer blob to image_layer.c,
 * which streams it once and keeps, per layer, the paths it holds (keyed
 * hashes, for whiteouts and replacement across layers), its whiteouts and
 * the records image_files.c classified; image_fs.c then builds each
 * image's final view once the manifest gives the layers' order, and
 * image_config.c turns a configuration into the engine's shapes.
 */
#ifndef HARDOCK_COLLECT_IMAGE_INT_H
#define HARDOCK_COLLECT_IMAGE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

#include <hardock/digest.h>
#include <hardock/image.h>

/* "sha256:" and 64 hex digits. */
#define IMG_DIGEST_LEN (7 + HD_SHA256_HEX_LEN)

/* A pull source of bytes (an archive entry's data, a file): point *buf at
 * the next bytes and return how many, 0 at the end, -1 with hd_error_set. */
struct img_src {
	ssize_t (*pull)(void *arg, const void **buf);
	void *arg;
};

/* Records (setuid, secret-bearing, package files) one archive may hold:
 * real images have tens; each costs a lookup per upper layer and parent
 * directory when the final view is built, so a hostile layer of a million
 * ".env" files must stop here (an error for the layer). */
#define IMG_MAX_RECS 16384

/* Flags of a path in one layer's path set. */
#define IMG_P_DIR 0x1u      /* a directory entry */
#define IMG_P_NONDIR 0x2u   /* any other entry */
#define IMG_P_WHITEOUT 0x4u /* .wh.NAME: the path is deleted below */
#define IMG_P_OPAQUE 0x8u   /* DIR/.wh..wh..opq: DIR is emptied below */
#define IMG_P_REC 0x10u     /* the layer has records for the path */

/* Every path of one layer as a keyed 64-bit hash (SHA-256 of a per-run
 * random key and the path): bounded memory per entry, and collisions an
 * archive's author cannot aim for. */
struct img_pathset {
	uint64_t *h;
	unsigned char *f;
	size_t n, alloc;
};

/* What a record of a layer is. */
enum img_rec_kind {
	IMG_REC_SETUID,
	IMG_REC_SECRET,
	IMG_REC_PKGCONF,
	IMG_REC_PACKAGES,
	IMG_REC_PASSWD,
	IMG_REC_LINK, /* a hard link to a file of a lower layer: {"target"} */
};

/* One thing a layer's file showed (image_files.c), still without its
 * layer index: the image's view adds it. */
struct img_rec {
	char *path;
	enum img_rec_kind kind;
	json_object *o;
	bool replaced; /* a later entry of the same layer has its path */
};

/* One layer blob as read (keyed by its blob digest). */
struct img_layer {
	char *name;                      /* its path in the archive */
	char digest[IMG_DIGEST_LEN + 1]; /* sha256 of the blob bytes */
	char diff_id[IMG_DIGEST_LEN + 1]; /* sha256 of the uncompressed tar */
	const char *compression;         /* "gzip", "zstd", "none", ... */
	char *error;                     /* why it was not read whole */
	uint64_t files, bytes, size;     /* entries, tar bytes, file bytes */
	struct img_pathset paths;
	struct img_rec *recs;
	size_t n_recs;
};

/* Reading state shared by the layers of one archive. */
struct img_read {
	const struct hd_image_limits *lim;
	unsigned char key[16]; /* the path hash key */
	uint64_t bytes;        /* uncompressed bytes read so far */
	size_t recs;           /* records of all layers (IMG_MAX_RECS) */
};

/* Read one layer blob from src into L (L->name set by the caller); the
 * blob is drained to its end so its digest covers every byte. A problem
 * of the layer (not a tar, a cap, an unsafe path) is L->error and HD_OK;
 * a failure of the source itself (a truncated archive) is HD_EPARSE with
 * the source's message. first/first_len: bytes already pulled from src
 * (a sniffed head), fed first. */
int img_layer_read(struct img_layer *L, struct img_read *r,
    const struct img_src *src, const void *first, size_t first_len);

/* Register on a libarchive reader the decompressors it runs itself
 * (gzip, zstd, bzip2, xz); HD_ERR when one would be an external program. */
struct archive;
int img_archive_filters(struct archive *a);

/* Free what L holds (not L). */
void img_layer_clear(struct img_layer *L);

/* Normalise an entry's path in place: leading "/" and "./" dropped (an
 * archive's paths are relative to its root; docker writes either), "//"
 * and "/./" collapsed, a trailing "/" dropped. HD_EPARSE when a component
 * is ".." (the entry would leave the root). "" is the root itself. */
int img_path_normalise(char *p);

/* The path set: add path with flags (or'ed into an existing entry), and
 * the flags of path (0 when absent). */
unsigned img_pathset_add(struct img_pathset *ps, const unsigned char key[16],
    const char *path, size_t len, unsigned flags);
unsigned img_pathset_get(const struct img_pathset *ps,
    const unsigned char key[16], const char *path, size_t len);
/* The keyed hash of a path, and the flags of a path by that hash: a path
 * looked up in many layers is hashed once. */
uint64_t img_path_hash(const unsigned char key[16], const char *path,
    size_t len);
unsigned img_pathset_get_h(const struct img_pathset *ps, uint64_t h);
void img_pathset_clear(struct img_pathset *ps);

/* What image_files.c wants of a regular file at path (normalised):
 * IMG_WANT_NONE, or a classifier to run on its content. */
enum img_want {
	IMG_WANT_NONE = 0,
	IMG_WANT_SECRET,   /* a file that may hold a secret */
	IMG_WANT_PKGCONF,  /* package manager configuration */
	IMG_WANT_PACKAGES, /* a package database */
	IMG_WANT_PASSWD,   /* /etc/passwd */
};
enum img_want img_files_want(const char *path);

/* Classify the content of a wanted file (data[0..len), NUL-terminated;
 * truncated when it was longer than the capture cap): zero or more
 * records appended to *recs (n *n). */
void img_files_classify(struct img_rec **recs, size_t *n, const char *path,
    enum img_want want, const char *data, size_t len, bool truncated);

/* Whether path is a binary rpm database, which is counted as unreadable
 * with no content read. */
bool img_files_rpmdb(const char *path);

/* Append a record (o stolen). */
void img_rec_add(struct img_rec **recs, size_t *n, const char *path,
    enum img_rec_kind kind, json_object *o);

/* Whether s is "sha256:" and 64 lower-case hex digits. */
bool img_digest_valid(const char *s);

/* The member key of o (NULL accepted) when it has type t, else NULL. */
json_object *img_get(json_object *o, const char *key, json_type t);

/* RFC 3339 time s as UTC seconds, 0 when it is not one (the engine's
 * history and image list show seconds). */
int64_t img_unix_time(const char *s);

/* An image configuration as the engine shows it. */
struct img_config {
	json_object *inspect;     /* GET /images/{id}/json shape */
	json_object *history;     /* GET /images/{id}/history shape, newest
	                           * first, Size 0 until the layers are known */
	json_object *raw_history; /* the config's own history, oldest first */
	json_object *diff_ids;    /* rootfs.diff_ids (borrowed from inspect) */
};

/* Parse the config JSON in data[0..len) for image id (tags and digests
 * given, may be NULL; referenced, not stolen) into *out. HD_EPARSE with
 * the reason when it is not an image configuration; *out is then empty. */
int img_config_parse(struct img_config *out, const char *data, size_t len,
    const char *id, json_object *repo_tags, json_object *repo_digests);

/* Free what c holds. */
void img_config_clear(struct img_config *c);

/* One image to build from its layers (image_fs.c). */
struct img_image {
	const char *id;     /* "sha256:..." of the config */
	const char *format; /* "docker-archive" | "oci-layout" */
	struct img_config *cfg;
	struct img_layer **layers; /* in manifest order; NULL: not in the archive */
	const char **names;        /* how the manifest names each layer */
	const char **want;         /* the digest the manifest gives each blob,
	                            * NULL entries when it gives none */
	size_t n_layers;
};

/* The image's HD_F_IMAGE_CONTENT value, or NULL with hd_error_set (the
 * reason for the error fact) when its layers were not read whole or do
 * not match the manifest. Fills the Size of im->cfg's history entries. */
json_object *img_fs_content(const struct img_image *im,
    const struct img_read *r);

/* ---- The archive being read (image_archive.c, image_manifest.c,
 * image_dir.c) ---- */
struct hd_buf;

/* A small JSON file kept whole: manifest.json, index.json, oci-layout, a
 * configuration, an OCI manifest. */
struct img_kept {
	char *name;
	char digest[IMG_DIGEST_LEN + 1];
	struct hd_buf *b;
};

/* A link in the archive (docker save links a layer another image also
 * has): name resolves to target. */
struct img_alias {
	char *name, *target;
};

/* The state of reading one archive. */
struct img_arc {
	struct img_read r;
	const char *label;
	struct img_layer **layers;
	size_t n_layers;
	struct img_kept *kept;
	size_t n_kept;
	struct img_alias *alias;
	size_t n_alias;
	uint64_t entries;
	uint64_t outer_bytes; /* the declared sizes of the archive's entries */
	uint64_t kept_bytes;  /* the JSON files kept */
};

/* A new reading state for the archive label; the path hash key is fresh
 * for every archive. */
void img_arc_init(struct img_arc *a, const char *label,
    const struct hd_image_limits *lim);

/* Free what a holds. */
void img_arc_clear(struct img_arc *a);

/* Handle a regular file of the archive named name (normalised) of size
 * bytes (-1: unknown) whose data src streams: a layer blob is read, a
 * small JSON file kept, anything else skipped. HD_EPARSE or HD_ELIMIT
 * for the archive. */
int img_arc_dispatch(struct img_arc *a, const char *name,
    const struct img_src *src, int64_t size);

/* The name a name of the archive leads to through its links. */
const char *img_arc_resolve(const struct img_arc *a, const char *name);

/* The kept file, or the layer, named name (after links), or NULL. */
const struct img_kept *img_arc_kept(const struct img_arc *a,
    const char *name);
struct img_layer *img_arc_layer(const struct img_arc *a, const char *name);

/* Interpret what was kept once the stream has ended (manifest.json, else
 * index.json) and add every image to s. HD_EPARSE / HD_ELIMIT with the
 * archive's label when no image can be found. */
int img_arc_assemble(struct img_arc *a, struct hd_snapshot *s,
    unsigned flags);

/* hd_image_read_path() of a directory holding an OCI image layout. */
int img_read_dir(struct hd_snapshot *s, const char *path,
    const struct hd_image_limits *lim, unsigned flags);

#endif
