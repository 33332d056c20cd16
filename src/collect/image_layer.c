/* One layer of an image, streamed once: blob bytes hashed as they arrive,
 * decompressed by libarchive (raw format, gzip/zstd/... filters) and
 * hashed again (the diff_id), then read as a tar whose entries are
 * recorded (paths, whiteouts) and whose few candidate files are captured,
 * capped, for image_files.c. Nothing is extracted and nothing is run. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <hardock/buf.h>
#include <hardock/common.h>

#include "collect/image_int.h"

/* The blob level: pulls from the caller's source, hashes the blob. */
struct blob_level {
	const struct img_src *src;
	const void *first;
	size_t first_len;
	struct hd_sha256_stream *sha;
	bool failed; /* the source failed: its message is set */
};

/* The uncompressed level: pulls from the raw archive, hashes the tar,
 * counts and caps its bytes. */
struct tar_level {
	struct archive *raw;
	struct img_layer *L;
	struct img_read *r;
	struct hd_sha256_stream *sha; /* NULL: the blob is not compressed,
	                               * its digest is the diff_id */
	bool capped; /* max_bytes hit: L->error set */
};

/* libarchive's read callback for the raw level. */
static la_ssize_t
blob_pull(struct archive *a, void *arg, const void **buf)
{
	struct blob_level *b = arg;
	ssize_t n;

	(void)a;
	if (b->first_len > 0) {
		*buf = b->first;
		n = (ssize_t)b->first_len;
		b->first_len = 0;
	} else if ((n = b->src->pull(b->src->arg, buf)) < 0) {
		b->failed = true;
		return -1;
	}
	hd_sha256_stream_update(b->sha, *buf, (size_t)n);
	return n;
}

/* libarchive's read callback for the tar level. */
static la_ssize_t
tar_pull(struct archive *a, void *arg, const void **buf)
{
	struct tar_level *t = arg;
	size_t size = 0;
	la_int64_t off = 0;
	int r;

	if (t->capped)
		return -1;
	r = archive_read_data_block(t->raw, buf, &size, &off);
	if (r == ARCHIVE_EOF)
		return 0;
	if (r < ARCHIVE_WARN) {
		if (a != NULL)
			archive_set_error(a, EIO, "%s",
		    archive_error_string(t->raw) ? archive_error_string(t->raw) :
		    "decompression failed");
		return -1;
	}
	if (t->r->bytes + size > t->r->lim->max_bytes) {
		t->capped = true;
		free(t->L->error);
		t->L->error = hd_xasprintf("cap max_bytes (%llu uncompressed "
		    "bytes) hit in layer %s", (unsigned long long)t->r->lim->max_bytes,
		    t->L->name);
		return -1;
	}
	t->r->bytes += size;
	t->L->bytes += size;
	if (t->sha != NULL)
		hd_sha256_stream_update(t->sha, *buf, size);
	return (la_ssize_t)size;
}

int
img_path_normalise(char *p)
{
	char *w = p, *s = p;

	while (*s != '\0') {
		char *e;
		size_t n;

		while (*s == '/')
			s++;
		if (*s == '\0')
			break;
		e = strchr(s, '/');
		n = e ? (size_t)(e - s) : strlen(s);
		if (n == 1 && s[0] == '.') {
			s += n;
			continue;
		}
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return hd_error_set(HD_EPARSE, "a \"..\" component");
		if (w != p)
			*w++ = '/';
		memmove(w, s, n);
		w += n;
		s += n;
	}
	*w = '\0';
	return HD_OK;
}

/* The keyed hash of a path, never 0 (0 marks an empty slot): the first 8
 * bytes of SHA-256(key, path). The digest is fetched once and its context
 * reused: a layer has up to a million paths, and OpenSSL 3 would look
 * SHA-256 up (under a lock) for every one-shot digest. */
uint64_t
img_path_hash(const unsigned char key[16], const char *path, size_t len)
{
	static EVP_MD *sha;
	static EVP_MD_CTX *ctx;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	uint64_t h = 0;

	if (sha == NULL && ((sha = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL ||
	    (ctx = EVP_MD_CTX_new()) == NULL))
		abort();
	if (EVP_DigestInit_ex(ctx, sha, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, key, 16) != 1 ||
	    EVP_DigestUpdate(ctx, path, len) != 1 ||
	    EVP_DigestFinal_ex(ctx, md, &n) != 1 || n < 8)
		abort();
	for (int i = 0; i < 8; i++)
		h = h << 8 | md[i];
	return h ? h : 1;
}

/* The slot of hash h in ps (its own or the empty one it would take). */
static size_t
slot(const struct img_pathset *ps, uint64_t h)
{
	size_t m = ps->alloc - 1, i = (size_t)h & m;

	while (ps->h[i] != 0 && ps->h[i] != h)
		i = (i + 1) & m;
	return i;
}

unsigned
img_pathset_add(struct img_pathset *ps, const unsigned char key[16],
    const char *path, size_t len, unsigned flags)
{
	uint64_t h = img_path_hash(key, path, len);
	unsigned old;
	size_t i;

	if ((ps->n + 1) * 2 > ps->alloc) {
		struct img_pathset g = { 0 };

		g.alloc = ps->alloc ? ps->alloc * 2 : 256;
		g.h = hd_xcalloc(g.alloc, sizeof(*g.h));
		g.f = hd_xcalloc(g.alloc, 1);
		for (size_t k = 0; k < ps->alloc; k++) {
			if (ps->h[k] == 0)
				continue;
			i = slot(&g, ps->h[k]);
			g.h[i] = ps->h[k];
			g.f[i] = ps->f[k];
		}
		g.n = ps->n;
		img_pathset_clear(ps);
		*ps = g;
	}
	i = slot(ps, h);
	old = ps->f[i];
	if (ps->h[i] == 0) {
		ps->h[i] = h;
		ps->n++;
	}
	ps->f[i] = (unsigned char)(old | flags);
	return old;
}

unsigned
img_pathset_get(const struct img_pathset *ps, const unsigned char key[16],
    const char *path, size_t len)
{
	size_t i;

	if (ps->alloc == 0)
		return 0;
	i = slot(ps, img_path_hash(key, path, len));
	return ps->h[i] != 0 ? ps->f[i] : 0;
}

unsigned
img_pathset_get_h(const struct img_pathset *ps, uint64_t h)
{
	size_t i;

	if (ps->alloc == 0)
		return 0;
	i = slot(ps, h);
	return ps->h[i] != 0 ? ps->f[i] : 0;
}

void
img_pathset_clear(struct img_pathset *ps)
{
	free(ps->h);
	free(ps->f);
	memset(ps, 0, sizeof(*ps));
}

void
img_rec_add(struct img_rec **recs, size_t *n, const char *path,
    enum img_rec_kind kind, json_object *o)
{
	struct img_rec *r;

	*recs = hd_xrealloc(*recs, *n + 1, sizeof(**recs));
	r = &(*recs)[(*n)++];
	r->path = hd_xstrdup(path);
	r->kind = kind;
	r->o = o;
	r->replaced = false;
}

void
img_layer_clear(struct img_layer *L)
{
	if (L == NULL)
		return;
	free(L->name);
	free(L->error);
	img_pathset_clear(&L->paths);
	for (size_t i = 0; i < L->n_recs; i++) {
		free(L->recs[i].path);
		json_object_put(L->recs[i].o);
	}
	free(L->recs);
	memset(L, 0, sizeof(*L));
}

/* Set the layer's error (the first one wins); returns HD_ELIMIT so entry
 * handlers can `return layer_error(...)` and stop the layer. */
static int HD_PRINTF(2, 3)
layer_error(struct img_layer *L, const char *fmt, ...)
{
	va_list ap;

	if (L->error == NULL) {
		va_start(ap, fmt);
		L->error = hd_xvasprintf(fmt, ap);
		va_end(ap);
	}
	return HD_ELIMIT;
}

/* Mark the records of path in L replaced by a later entry of L. */
static void
replace_recs(struct img_layer *L, const char *path)
{
	for (size_t i = 0; i < L->n_recs; i++)
		if (strcmp(L->recs[i].path, path) == 0)
			L->recs[i].replaced = true;
}

/* A setuid record for path, a regular file (or a hard link to one). */
static void
add_setuid(struct img_layer *L, const char *path, unsigned mode,
    int64_t uid, int64_t gid)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "mode", json_object_new_int((int)mode));
	json_object_object_add(o, "uid", json_object_new_int64(uid));
	json_object_object_add(o, "gid", json_object_new_int64(gid));
	img_rec_add(&L->recs, &L->n_recs, path, IMG_REC_SETUID, o);
}

/* A hard link's path gets the records its target has in this layer: the
 * same inode, so the same mode and content. A target this layer does not
 * hold is a file of a lower layer (docker links to it on extraction):
 * the link is kept as an IMG_REC_LINK record for image_fs.c. */
static void
link_recs(struct img_layer *L, const struct img_read *r, const char *path,
    const char *target)
{
	size_t n = L->n_recs;
	unsigned tf = img_pathset_get(&L->paths, r->key, target, strlen(target));
	json_object *o;

	for (size_t i = 0; i < n && (tf & IMG_P_REC); i++) {
		const struct img_rec *t = &L->recs[i];

		if (t->replaced || t->kind == IMG_REC_LINK ||
		    strcmp(t->path, target) != 0)
			continue;
		o = NULL;
		json_object_deep_copy(t->o, &o, NULL);
		json_object_object_add(o, "path", json_object_new_string(path));
		img_rec_add(&L->recs, &L->n_recs, path, t->kind, o);
	}
	if (tf & (IMG_P_DIR | IMG_P_NONDIR))
		return;
	o = json_object_new_object();
	json_object_object_add(o, "target", json_object_new_string(target));
	img_rec_add(&L->recs, &L->n_recs, path, IMG_REC_LINK, o);
}

/* Read a wanted file's content (capped at max_json: what is past the cap
 * is not read) and classify it. */
static int
capture(struct img_layer *L, struct img_read *r, struct archive *tar,
    const char *path, enum img_want want)
{
	struct hd_buf *b = hd_buf_new(r->lim->max_json);
	char chunk[16384];
	bool truncated = false;
	la_ssize_t n;
	int rc = HD_OK;

	while ((n = archive_read_data(tar, chunk, sizeof(chunk))) > 0) {
		size_t room = hd_buf_cap(b) - hd_buf_len(b);

		if ((size_t)n > room) {
			truncated = true;
			n = (la_ssize_t)room;
		}
		if (n > 0)
			(void)hd_buf_append(b, chunk, (size_t)n);
		if (truncated)
			break;
	}
	if (n < 0)
		rc = layer_error(L, "layer %s: reading %s: %s", L->name, path,
		    archive_error_string(tar) ? archive_error_string(tar) :
		    "read failed");
	else
		img_files_classify(&L->recs, &L->n_recs, path, want,
		    hd_buf_ptr(b), hd_buf_len(b), truncated);
	hd_buf_free(b);
	return rc;
}

/* Record one entry of the layer's tar; HD_OK to go on, else the layer's
 * error is set. */
static int
entry(struct img_layer *L, struct img_read *r, struct archive *tar,
    struct archive_entry *e)
{
	const struct hd_image_limits *lim = r->lim;
	const char *raw = archive_entry_pathname(e), *base, *lt;
	char *path = NULL, *target = NULL;
	unsigned type = archive_entry_filetype(e), depth = 0;
	unsigned mode = archive_entry_mode(e) & 07777;
	la_int64_t size = archive_entry_size(e);
	size_t len, recs0 = L->n_recs;
	int rc = HD_OK;

	if (raw == NULL)
		return layer_error(L, "layer %s: an entry after %llu has a name "
		    "that cannot be read", L->name, (unsigned long long)L->files);
	if (++L->files > lim->max_files) {
		rc = layer_error(L, "cap max_files (%llu entries) hit in layer %s "
		    "at %.200s", (unsigned long long)lim->max_files, L->name, raw);
		goto out;
	}
	if ((len = strlen(raw)) > lim->max_path) {
		rc = layer_error(L, "cap max_path (%zu bytes) hit in layer %s: an "
		    "entry of %zu bytes (%.200s...)", lim->max_path, L->name, len, raw);
		goto out;
	}
	path = hd_xstrdup(raw);
	if (img_path_normalise(path) < 0) {
		rc = layer_error(L, "unsafe path in layer %s: %.400s has a \"..\" "
		    "component (it would leave the image's root)", L->name, raw);
		goto out;
	}
	for (const char *c = path; *c != '\0'; c++)
		depth += *c == '/';
	if (*path != '\0' && ++depth > lim->max_depth) {
		rc = layer_error(L, "cap max_depth (%u components) hit in layer %s "
		    "at %.200s", lim->max_depth, L->name, path);
		goto out;
	}
	if (archive_entry_size_is_set(e) && size > 0 &&
	    (uint64_t)size > lim->max_file_size) {
		rc = layer_error(L, "cap max_file_size (%llu bytes) hit in layer %s: "
		    "%.400s declares %lld bytes (not read)",
		    (unsigned long long)lim->max_file_size, L->name, path,
		    (long long)size);
		goto out;
	}
	if ((lt = archive_entry_symlink(e)) != NULL && strlen(lt) > lim->max_link) {
		rc = layer_error(L, "cap max_link (%zu bytes) hit in layer %s: the "
		    "link %.400s", lim->max_link, L->name, path);
		goto out;
	}
	if ((lt = archive_entry_hardlink(e)) != NULL) {
		if (strlen(lt) > lim->max_link) {
			rc = layer_error(L, "cap max_link (%zu bytes) hit in layer %s: "
			    "the hard link %.400s", lim->max_link, L->name, path);
			goto out;
		}
		target = hd_xstrdup(lt);
		if (img_path_normalise(target) < 0) {
			rc = layer_error(L, "unsafe hard link in layer %s: %.400s -> "
			    "%.400s has a \"..\" component", L->name, path, lt);
			goto out;
		}
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strncmp(base, ".wh.", 4) == 0) {
		/* A whiteout hides what lower layers hold at its path; the
		 * opaque marker hides everything lower under its directory. */
		size_t dir = (size_t)(base - path) - (base != path);

		if (strcmp(base, ".wh..wh..opq") == 0)
			img_pathset_add(&L->paths, r->key, path, dir, IMG_P_OPAQUE);
		else if (strncmp(base, ".wh..wh.", 8) != 0 && base[4] != '\0') {
			memmove((char *)base, base + 4, strlen(base + 4) + 1);
			img_pathset_add(&L->paths, r->key, path, strlen(path),
			    IMG_P_WHITEOUT);
		}
		goto out;
	}
	if (type == AE_IFREG && size > 0)
		L->size += (uint64_t)size;
	/* A path this layer recorded before is replaced by this entry. */
	if (img_pathset_add(&L->paths, r->key, path, strlen(path),
	    type == AE_IFDIR ? IMG_P_DIR : IMG_P_NONDIR) & IMG_P_REC)
		replace_recs(L, path);
	recs0 = L->n_recs;
	if (target != NULL) {
		link_recs(L, r, path, target);
		goto out;
	}
	if (type != AE_IFREG)
		goto out;
	if (mode & 06000)
		add_setuid(L, path, mode, archive_entry_uid(e), archive_entry_gid(e));
	{
		enum img_want want = img_files_want(path);

		if (want != IMG_WANT_NONE) {
			if (img_files_rpmdb(path))
				img_files_classify(&L->recs, &L->n_recs, path, want,
				    "", 0, false);
			else
				rc = capture(L, r, tar, path, want);
		}
	}
out:
	if (path != NULL && L->n_recs > recs0) {
		r->recs += L->n_recs - recs0;
		img_pathset_add(&L->paths, r->key, path, strlen(path), IMG_P_REC);
	}
	free(path);
	free(target);
	return rc;
}

/* The name of the raw level's filter ("none" when not compressed). */
static const char *
filter_name(struct archive *raw)
{
	int n = archive_filter_count(raw);

	/* Filter 0 is the outermost decoder; the last is the client source. */
	if (n <= 1)
		return "none";
	switch (archive_filter_code(raw, 0)) {
	case ARCHIVE_FILTER_GZIP:
		return "gzip";
	case ARCHIVE_FILTER_ZSTD:
		return "zstd";
	case ARCHIVE_FILTER_BZIP2:
		return "bzip2";
	case ARCHIVE_FILTER_XZ:
		return "xz";
	default:
		return "other";
	}
}

/* Register the decompressors libarchive runs itself; one it would hand to
 * an external program is refused (hardock never runs anything). */
int
img_archive_filters(struct archive *a)
{
	if (archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
	    archive_read_support_filter_zstd(a) != ARCHIVE_OK ||
	    archive_read_support_filter_bzip2(a) != ARCHIVE_OK ||
	    archive_read_support_filter_xz(a) != ARCHIVE_OK)
		return hd_error_set(HD_ERR, "libarchive lacks a built-in "
		    "decompressor (gzip, zstd, bzip2, xz): hardock does not run "
		    "external programs");
	return HD_OK;
}

/* Read what remains of the uncompressed tar (its end blocks), for its
 * digest. */
static void
drain(struct tar_level *t)
{
	const void *buf;

	while (tar_pull(NULL, t, &buf) > 0)
		;
}

int
img_layer_read(struct img_layer *L, struct img_read *r,
    const struct img_src *src, const void *first, size_t first_len)
{
	struct blob_level b = { src, first, first_len, hd_sha256_stream_new(),
		false };
	struct tar_level t = { NULL, L, r, hd_sha256_stream_new(), false };
	struct archive *tar = NULL;
	struct archive_entry *e;
	char hex[HD_SHA256_HEX_LEN + 1];
	const void *buf;
	ssize_t n;
	int rc = HD_OK, ar;

	L->compression = "none";
	t.raw = archive_read_new();
	if (img_archive_filters(t.raw) < 0) {
		rc = HD_ERR;
		goto out;
	}
	archive_read_support_format_raw(t.raw);
	if (archive_read_open(t.raw, &b, NULL, blob_pull, NULL) != ARCHIVE_OK ||
	    archive_read_next_header(t.raw, &e) != ARCHIVE_OK) {
		if (!b.failed)
			layer_error(L, "layer %s is not a layer (gzip, zstd or plain "
			    "tar): %s", L->name, archive_error_string(t.raw) ?
			    archive_error_string(t.raw) : "empty");
		goto drain;
	}
	L->compression = filter_name(t.raw);
	/* An uncompressed blob is its tar: hash it once. */
	if (strcmp(L->compression, "none") == 0) {
		hd_sha256_stream_free(t.sha);
		t.sha = NULL;
	}
	tar = archive_read_new();
	archive_read_support_format_tar(tar);
	if (archive_read_open(tar, &t, NULL, tar_pull, NULL) != ARCHIVE_OK) {
		layer_error(L, "layer %s (%s) is not a tar: %s", L->name,
		    L->compression, archive_error_string(tar) ?
		    archive_error_string(tar) : "unreadable");
		goto drain;
	}
	for (;;) {
		ar = archive_read_next_header(tar, &e);
		if (ar == ARCHIVE_EOF)
			break;
		if (ar < ARCHIVE_WARN || b.failed || t.capped) {
			if (!b.failed && !t.capped)
				layer_error(L, "layer %s (%s) is not a readable tar "
				    "after %llu entries: %s", L->name, L->compression,
				    (unsigned long long)L->files,
				    archive_error_string(tar) ? archive_error_string(tar) :
				    "read failed");
			break;
		}
		if (entry(L, r, tar, e) < 0 || b.failed || t.capped)
			break;
		if (r->recs > IMG_MAX_RECS) {
			layer_error(L, "layer %s takes the archive past %d setuid, "
			    "secret-bearing or package files: refused", L->name,
			    IMG_MAX_RECS);
			break;
		}
	}
drain:
	if (b.failed) {
		rc = HD_EPARSE;
		goto out;
	}
	/* The digests cover every byte: the tar's end blocks, and the blob's
	 * tail when the tar stopped early. */
	if (L->error == NULL)
		drain(&t);
	while (b.first_len > 0 || !b.failed) {
		if (b.first_len > 0) {
			hd_sha256_stream_update(b.sha, b.first, b.first_len);
			b.first_len = 0;
			continue;
		}
		if ((n = src->pull(src->arg, &buf)) <= 0) {
			if (n < 0)
				rc = HD_EPARSE;
			break;
		}
		hd_sha256_stream_update(b.sha, buf, (size_t)n);
	}
	memcpy(L->digest, "sha256:", 7);
	hd_sha256_stream_hex(b.sha, hex);
	memcpy(L->digest + 7, hex, sizeof(hex));
	if (t.sha != NULL) {
		memcpy(L->diff_id, "sha256:", 7);
		hd_sha256_stream_hex(t.sha, hex);
		memcpy(L->diff_id + 7, hex, sizeof(hex));
	} else {
		memcpy(L->diff_id, L->digest, sizeof(L->diff_id));
	}
out:
	archive_read_free(tar);
	archive_read_free(t.raw);
	hd_sha256_stream_free(b.sha);
	hd_sha256_stream_free(t.sha);
	return rc;
}
