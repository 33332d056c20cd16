/* The outer archive of an image: a `docker save` tarball (manifest.json,
 * <id>.json configs, <id>/layer.tar) or an OCI image layout (oci-layout,
 * index.json, blobs/sha256/<hex>) as a tar, streamed once. Layer blobs
 * are read as they come (image_layer.c), small JSON files are kept
 * (capped), and once the stream ends the manifest or index assigns layers
 * to images in order (image_manifest.c). A layout in a directory is read
 * by image_dir.c through the same entry handling. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include <hardock/buf.h>
#include <hardock/common.h>
#include <hardock/facts.h>
#include <hardock/jsonparse.h>

#include "collect/image_int.h"

/* How many link hops an archive name may take to its file. */
#define ALIAS_HOPS 8
/* Bytes of a blob looked at to tell JSON from a layer. */
#define SNIFF 512
/* The JSON files of one archive may hold this many times max_json in all:
 * a configuration and a manifest per image are a few KiB each, and
 * thousands of 16 MiB "configs" must not fill the memory. */
#define KEPT_TIMES 4

void
hd_image_limits_init(struct hd_image_limits *l)
{
	l->max_files = 1000000;
	l->max_bytes = 64ull << 30;
	l->max_path = 4096;
	l->max_depth = 256;
	l->max_link = 4096;
	l->max_file_size = 8ull << 30;
	l->max_json = 16u << 20;
	l->max_images = 64;
	l->max_layers = 256;
}

/* The kept file or layer named name, after the archive's links. */
const char *
img_arc_resolve(const struct img_arc *a, const char *name)
{
	for (int hop = 0; hop < ALIAS_HOPS; hop++) {
		size_t i;

		for (i = 0; i < a->n_alias; i++)
			if (strcmp(a->alias[i].name, name) == 0)
				break;
		if (i == a->n_alias)
			return name;
		name = a->alias[i].target;
	}
	return name;
}

/* The kept file named name, or NULL. */
const struct img_kept *
img_arc_kept(const struct img_arc *a, const char *name)
{
	name = img_arc_resolve(a, name);
	for (size_t i = 0; i < a->n_kept; i++)
		if (strcmp(a->kept[i].name, name) == 0)
			return &a->kept[i];
	return NULL;
}

/* The layer named name, or NULL. */
struct img_layer *
img_arc_layer(const struct img_arc *a, const char *name)
{
	name = img_arc_resolve(a, name);
	for (size_t i = 0; i < a->n_layers; i++)
		if (strcmp(a->layers[i]->name, name) == 0)
			return a->layers[i];
	return NULL;
}

/* Keep the whole of src (at most max_json bytes) as a kept file. */
static int
keep(struct img_arc *a, const char *name, const struct img_src *src,
    const void *first, size_t first_len)
{
	struct hd_buf *b = hd_buf_new(a->r.lim->max_json);
	char hex[HD_SHA256_HEX_LEN + 1];
	const void *p = first;
	ssize_t n = (ssize_t)first_len;
	struct img_kept *k;

	for (;;) {
		if (n > 0 && hd_buf_append(b, p, (size_t)n) < 0) {
			hd_buf_free(b);
			return hd_error_set(HD_ELIMIT, "cap max_json (%zu bytes) hit "
			    "by %.400s", a->r.lim->max_json, name);
		}
		if ((n = src->pull(src->arg, &p)) <= 0)
			break;
	}
	if (n < 0) {
		hd_buf_free(b);
		return HD_EPARSE;
	}
	if ((a->kept_bytes += hd_buf_len(b)) > (uint64_t)KEPT_TIMES *
	    a->r.lim->max_json) {
		hd_buf_free(b);
		return hd_error_set(HD_ELIMIT, "cap max_json hit: the archive's JSON "
		    "files hold more than %d times %zu bytes at %.400s", KEPT_TIMES,
		    a->r.lim->max_json, name);
	}
	a->kept = hd_xrealloc(a->kept, a->n_kept + 1, sizeof(*a->kept));
	k = &a->kept[a->n_kept++];
	k->name = hd_xstrdup(name);
	k->b = b;
	hd_sha256_hex(hex, hd_buf_ptr(b), hd_buf_len(b));
	memcpy(k->digest, "sha256:", 7);
	memcpy(k->digest + 7, hex, sizeof(hex));
	return HD_OK;
}

/* Read a layer blob named name from src. */
static int
read_layer(struct img_arc *a, const char *name, const struct img_src *src,
    const void *first, size_t first_len)
{
	struct img_layer *L = hd_xcalloc(1, sizeof(*L));
	int r;

	L->name = hd_xstrdup(name);
	a->layers = hd_xrealloc(a->layers, a->n_layers + 1, sizeof(*a->layers));
	a->layers[a->n_layers++] = L;
	r = img_layer_read(L, &a->r, src, first, first_len);
	return r;
}

/* Whether name is blobs/<alg>/<hex>. */
static bool
is_blob(const char *name)
{
	return strncmp(name, "blobs/", 6) == 0 && strchr(name + 6, '/') != NULL &&
	    strchr(strchr(name + 6, '/') + 1, '/') == NULL;
}

/* Whether the archive already had an entry (file or link) named name. */
static bool
seen_name(const struct img_arc *a, const char *name)
{
	for (size_t i = 0; i < a->n_layers; i++)
		if (strcmp(a->layers[i]->name, name) == 0)
			return true;
	for (size_t i = 0; i < a->n_kept; i++)
		if (strcmp(a->kept[i].name, name) == 0)
			return true;
	for (size_t i = 0; i < a->n_alias; i++)
		if (strcmp(a->alias[i].name, name) == 0)
			return true;
	return false;
}

/* What to do with a regular file of the archive named name (normalised),
 * of size bytes, whose data src streams. An entry whose name came before
 * is refused: which one `docker load` would take is not what to guess. */
int
img_arc_dispatch(struct img_arc *a, const char *name,
    const struct img_src *src, int64_t size)
{
	const char *b = strrchr(name, '/');
	const void *head = NULL;
	ssize_t n;
	size_t i;

	if (seen_name(a, name))
		return hd_error_set(HD_EPARSE, "the archive holds %.400s twice",
		    name);

	b = b ? b + 1 : name;
	if (strcmp(b, "layer.tar") == 0)
		return read_layer(a, name, src, NULL, 0);
	if (strchr(name, '/') == NULL &&
	    (strcmp(name, "manifest.json") == 0 || strcmp(name, "index.json") == 0 ||
	    strcmp(name, "oci-layout") == 0 || (strlen(name) > 5 &&
	    strcmp(name + strlen(name) - 5, ".json") == 0)))
		return keep(a, name, src, NULL, 0);
	if (!is_blob(name))
		return HD_OK;
	/* A blob is JSON (a manifest, an index, a config) or a layer: look
	 * at its first bytes. */
	if ((n = src->pull(src->arg, &head)) < 0)
		return HD_EPARSE;
	for (i = 0; i < (size_t)n && i < SNIFF; i++) {
		char c = ((const char *)head)[i];

		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			break;
	}
	if (n > 0 && i < (size_t)n && ((const char *)head)[i] == '{' &&
	    size >= 0 && (uint64_t)size <= a->r.lim->max_json)
		return keep(a, name, src, head, (size_t)n);
	return read_layer(a, name, src, head, (size_t)(n > 0 ? n : 0));
}

/* Resolve the ".." components of path in place (a link's target joined
 * to its directory); HD_EPARSE when one climbs above the archive's root. */
static int
resolve_dots(char *path)
{
	char *w = path, *s = path;

	while (*s != '\0') {
		char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n == 2 && s[0] == '.' && s[1] == '.') {
			if (w == path)
				return hd_error_set(HD_EPARSE, "climbs above the root");
			/* Drop the last component written. */
			while (w > path && w[-1] != '/')
				w--;
			if (w > path)
				w--;
		} else if (n > 0 && !(n == 1 && s[0] == '.')) {
			if (w != path)
				*w++ = '/';
			memmove(w, s, n);
			w += n;
		}
		s += n + (e != NULL);
	}
	*w = '\0';
	return HD_OK;
}

/* Record a link of the archive; its target is relative to the link's
 * directory (symlink) or to the archive's root (hard link). */
static int
add_alias(struct img_arc *a, const char *name, const char *target, bool sym)
{
	char *t;
	const char *slash = strrchr(name, '/');

	if (seen_name(a, name))
		return hd_error_set(HD_EPARSE, "the archive holds %.400s twice",
		    name);
	if (strlen(target) > a->r.lim->max_link)
		return hd_error_set(HD_ELIMIT, "cap max_link (%zu bytes) hit by the "
		    "link %.400s", a->r.lim->max_link, name);
	if (sym && slash != NULL && target[0] != '/')
		t = hd_xasprintf("%.*s/%s", (int)(slash - name), name, target);
	else
		t = hd_xstrdup(target);
	if (resolve_dots(t) < 0) {
		free(t);
		return hd_error_set(HD_EPARSE, "unsafe link in the archive: "
		    "%.400s -> %.400s leaves it", name, target);
	}
	a->alias = hd_xrealloc(a->alias, a->n_alias + 1, sizeof(*a->alias));
	a->alias[a->n_alias].name = hd_xstrdup(name);
	a->alias[a->n_alias++].target = t;
	return HD_OK;
}

/* A source pulling one entry of the outer archive. */
struct outer {
	struct archive *ar;
	la_int64_t off;
	const char *name;
};

/* The next block of the outer entry; a sparse entry (a hole) is refused. */
static ssize_t
outer_pull(void *arg, const void **buf)
{
	struct outer *o = arg;
	size_t size = 0;
	la_int64_t off = 0;
	int r = archive_read_data_block(o->ar, buf, &size, &off);

	if (r == ARCHIVE_EOF)
		return 0;
	if (r < ARCHIVE_WARN) {
		hd_error_set(HD_EPARSE, "%.400s: %s", o->name,
		    archive_error_string(o->ar) ? archive_error_string(o->ar) :
		    "read failed");
		return -1;
	}
	if (off != o->off) {
		hd_error_set(HD_EPARSE, "%.400s is a sparse entry: not a blob", o->name);
		return -1;
	}
	o->off += (la_int64_t)size;
	return (ssize_t)size;
}

/* Read every entry of the outer archive ar. */
static int
read_outer(struct img_arc *a, struct archive *ar)
{
	struct archive_entry *e;
	char *name = NULL;
	int r = HD_OK, ar_r;

	for (;;) {
		struct outer o = { ar, 0, NULL };
		struct img_src src = { outer_pull, &o };
		const char *raw;
		unsigned type;

		ar_r = archive_read_next_header(ar, &e);
		if (ar_r == ARCHIVE_EOF)
			break;
		if (ar_r < ARCHIVE_WARN) {
			r = hd_error_set(HD_EPARSE, "%s: not a readable tar%s%.400s: %s",
			    a->label, name ? " after " : "", name ? name : "",
			    archive_error_string(ar) ? archive_error_string(ar) :
			    "read failed");
			break;
		}
		free(name);
		name = NULL;
		if (++a->entries > a->r.lim->max_files) {
			r = hd_error_set(HD_ELIMIT, "%s: cap max_files (%llu entries) "
			    "hit by the archive itself", a->label,
			    (unsigned long long)a->r.lim->max_files);
			break;
		}
		if ((raw = archive_entry_pathname(e)) == NULL ||
		    strlen(raw) > a->r.lim->max_path) {
			r = hd_error_set(HD_EPARSE, "%s: an entry's name cannot be read "
			    "or is longer than max_path", a->label);
			break;
		}
		name = hd_xstrdup(raw);
		if (img_path_normalise(name) < 0) {
			r = hd_error_set(HD_EPARSE, "%s: unsafe path in the archive: "
			    "%.400s", a->label, raw);
			break;
		}
		o.name = name;
		/* Every entry's data is read or skipped, inflated when the
		 * archive is compressed: the declared sizes are capped. */
		if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0 &&
		    (a->outer_bytes += (uint64_t)archive_entry_size(e)) >
		    a->r.lim->max_bytes) {
			r = hd_error_set(HD_ELIMIT, "%s: cap max_bytes (%llu bytes) hit "
			    "by the archive's entries at %.400s", a->label,
			    (unsigned long long)a->r.lim->max_bytes, name);
			break;
		}
		type = archive_entry_filetype(e);
		if (archive_entry_hardlink(e) != NULL)
			r = add_alias(a, name, archive_entry_hardlink(e), false);
		else if (type == AE_IFLNK && archive_entry_symlink(e) != NULL)
			r = add_alias(a, name, archive_entry_symlink(e), true);
		else if (type == AE_IFREG)
			r = img_arc_dispatch(a, name, &src, archive_entry_size_is_set(e) ?
			    archive_entry_size(e) : -1);
		if (r < 0) {
			hd_error_wrap(r, a->label);
			break;
		}
	}
	free(name);
	return r;
}

/* Free what a holds. */
void
img_arc_clear(struct img_arc *a)
{
	for (size_t i = 0; i < a->n_layers; i++) {
		img_layer_clear(a->layers[i]);
		free(a->layers[i]);
	}
	free(a->layers);
	for (size_t i = 0; i < a->n_kept; i++) {
		free(a->kept[i].name);
		hd_buf_free(a->kept[i].b);
	}
	free(a->kept);
	for (size_t i = 0; i < a->n_alias; i++) {
		free(a->alias[i].name);
		free(a->alias[i].target);
	}
	free(a->alias);
}

/* A new reading state; the path hash key is fresh for every archive. */
void
img_arc_init(struct img_arc *a, const char *label,
    const struct hd_image_limits *lim)
{
	memset(a, 0, sizeof(*a));
	a->label = label;
	a->r.lim = lim;
	if (getrandom(a->r.key, sizeof(a->r.key), 0) != (ssize_t)sizeof(a->r.key))
		abort();
}

/* Read the outer archive opened as ar (tar, any built-in compression)
 * into s. */
static int
read_archive(struct hd_snapshot *s, const char *label, struct archive *ar,
    const struct hd_image_limits *lim, unsigned flags)
{
	struct hd_image_limits def;
	struct img_arc a;
	int r;

	if (lim == NULL) {
		hd_image_limits_init(&def);
		lim = &def;
	}
	img_arc_init(&a, label, lim);
	r = read_outer(&a, ar);
	if (r == HD_OK)
		r = img_arc_assemble(&a, s, flags);
	img_arc_clear(&a);
	return r;
}

/* A new outer reader: tar, the built-in decompressors. */
static int
outer_new(struct archive **out)
{
	struct archive *ar = archive_read_new();
	int r;

	*out = NULL;
	if ((r = img_archive_filters(ar)) < 0) {
		archive_read_free(ar);
		return r;
	}
	archive_read_support_format_tar(ar);
	*out = ar;
	return HD_OK;
}

/* Open failure of the outer archive as an error. */
static int
open_failed(struct archive *ar, const char *label)
{
	int r = hd_error_set(HD_EPARSE, "%s: not a tar archive: %s", label,
	    archive_error_string(ar) ? archive_error_string(ar) : "unreadable");

	archive_read_free(ar);
	return r;
}

/* The caller's pull callback under libarchive's. */
struct stream {
	hd_image_read_fn read;
	void *arg;
};

/* libarchive's read callback over the caller's. */
static la_ssize_t
stream_pull(struct archive *ar, void *arg, const void **buf)
{
	struct stream *st = arg;
	ssize_t n = st->read(st->arg, buf);

	if (n < 0)
		archive_set_error(ar, EIO, "%s", hd_error_last());
	return n;
}

int
hd_image_read_stream(struct hd_snapshot *s, const char *label,
    hd_image_read_fn read, void *arg, const struct hd_image_limits *lim,
    unsigned flags)
{
	struct stream st = { read, arg };
	struct archive *ar;
	int r;

	if ((r = outer_new(&ar)) < 0)
		return r;
	if (archive_read_open(ar, &st, NULL, stream_pull, NULL) != ARCHIVE_OK)
		return open_failed(ar, label);
	r = read_archive(s, label, ar, lim, flags);
	archive_read_free(ar);
	return r;
}

int
hd_image_read_buf(struct hd_snapshot *s, const char *label, const void *data,
    size_t len, const struct hd_image_limits *lim, unsigned flags)
{
	struct archive *ar;
	int r;

	if ((r = outer_new(&ar)) < 0)
		return r;
	if (archive_read_open_memory(ar, data, len) != ARCHIVE_OK)
		return open_failed(ar, label);
	r = read_archive(s, label, ar, lim, flags);
	archive_read_free(ar);
	return r;
}

int
hd_image_read_path(struct hd_snapshot *s, const char *path,
    const struct hd_image_limits *lim, unsigned flags)
{
	struct archive *ar;
	struct stat st;
	int r;

	if (stat(path, &st) < 0)
		return hd_error_set(errno == ENOENT ? HD_ENOTFOUND : HD_EIO,
		    "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return img_read_dir(s, path, lim, flags);
	if ((r = outer_new(&ar)) < 0)
		return r;
	if (archive_read_open_filename(ar, path, 65536) != ARCHIVE_OK)
		return open_failed(ar, path);
	r = read_archive(s, path, ar, lim, flags);
	archive_read_free(ar);
	return r;
}
