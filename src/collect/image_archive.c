/* The outer archive of an image: a `docker save` tarball (manifest.json,
 * <id>.json configs, <id>/layer.tar), an OCI image layout (oci-layout,
 * index.json, blobs/sha256/<hex>) as a tar or a directory, streamed once.
 * Layer blobs are read as they come (image_layer.c), small JSON files are
 * kept (capped), and once the stream ends the manifest or index assigns
 * layers to images in order; each image is added to the snapshot. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* A small JSON file kept whole: manifest.json, index.json, oci-layout, a
 * configuration, an OCI manifest. */
struct kept {
	char *name;
	char digest[IMG_DIGEST_LEN + 1];
	struct hd_buf *b;
};

/* A link in the archive (docker save links a layer another image also
 * has): name resolves to target. */
struct alias {
	char *name, *target;
};

/* The state of reading one archive. */
struct arc {
	struct img_read r;
	const char *label;
	struct img_layer **layers;
	size_t n_layers;
	struct kept *kept;
	size_t n_kept;
	struct alias *alias;
	size_t n_alias;
	uint64_t entries;
	uint64_t outer_bytes; /* the declared sizes of the archive's entries */
	uint64_t kept_bytes;  /* the JSON files kept */
};

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
static const char *
resolve(const struct arc *a, const char *name)
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
static const struct kept *
kept_named(const struct arc *a, const char *name)
{
	name = resolve(a, name);
	for (size_t i = 0; i < a->n_kept; i++)
		if (strcmp(a->kept[i].name, name) == 0)
			return &a->kept[i];
	return NULL;
}

/* The layer named name, or NULL. */
static struct img_layer *
layer_named(const struct arc *a, const char *name)
{
	name = resolve(a, name);
	for (size_t i = 0; i < a->n_layers; i++)
		if (strcmp(a->layers[i]->name, name) == 0)
			return a->layers[i];
	return NULL;
}

/* Keep the whole of src (at most max_json bytes) as a kept file. */
static int
keep(struct arc *a, const char *name, const struct img_src *src,
    const void *first, size_t first_len)
{
	struct hd_buf *b = hd_buf_new(a->r.lim->max_json);
	char hex[HD_SHA256_HEX_LEN + 1];
	const void *p = first;
	ssize_t n = (ssize_t)first_len;
	struct kept *k;

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
read_layer(struct arc *a, const char *name, const struct img_src *src,
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
seen_name(const struct arc *a, const char *name)
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
static int
dispatch(struct arc *a, const char *name, const struct img_src *src,
    int64_t size)
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
	for (i = 0; i < (size_t)n && i < SNIFF && strchr(" \t\r\n", ((const char *)head)[i]) &&
	    ((const char *)head)[i] != '\0'; i++)
		;
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
add_alias(struct arc *a, const char *name, const char *target, bool sym)
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
read_outer(struct arc *a, struct archive *ar)
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
			r = dispatch(a, name, &src, archive_entry_size_is_set(e) ?
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
static void
arc_clear(struct arc *a)
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
static void
arc_init(struct arc *a, const char *label, const struct hd_image_limits *lim)
{
	memset(a, 0, sizeof(*a));
	a->label = label;
	a->r.lim = lim;
	if (getrandom(a->r.key, sizeof(a->r.key), 0) != (ssize_t)sizeof(a->r.key))
		abort();
}

/* Add image id's summary to HD_F_ENGINE_IMAGES' list. */
static void
add_summary(json_object *list, json_object *inspect, const char *id)
{
	json_object *o = json_object_new_object(), *v;

	json_object_object_add(o, "Id", json_object_new_string(id));
	v = img_get(inspect, "RepoTags", json_type_array);
	json_object_object_add(o, "RepoTags", v ? json_object_get(v) :
	    json_object_new_array());
	v = img_get(inspect, "RepoDigests", json_type_array);
	json_object_object_add(o, "RepoDigests", v ? json_object_get(v) :
	    json_object_new_array());
	v = img_get(inspect, "Created", json_type_string);
	json_object_object_add(o, "Created", json_object_new_int64(
	    img_unix_time(v ? json_object_get_string(v) : NULL)));
	v = img_get(inspect, "Size", json_type_int);
	json_object_object_add(o, "Size", json_object_new_int64(
	    v ? json_object_get_int64(v) : 0));
	json_object_object_add(o, "Containers", json_object_new_int64(0));
	json_object_array_add(list, o);
}

/* One image found by the manifest or the index, still to be added. */
struct found {
	char *id;
	const struct kept *config;
	char *config_error; /* the config does not match its digest */
	json_object *tags, *digests;
	json_object *layer_names; /* array of str: archive names of layers */
	json_object *layer_digests; /* OCI: array of str, else NULL */
	json_object *annotations;   /* the manifest's, or NULL */
	char *manifest;             /* OCI: the image manifest's digest */
};

/* The content with what the OCI manifest says of the image: its digest
 * ("manifest") and the base image annotations ("annotations"), which
 * hd_image_resolve_annotated_bases() reads. */
static json_object *
with_manifest(json_object *c, const struct found *f)
{
	static const char *const keys[] = {
		"org.opencontainers.image.base.digest",
		"org.opencontainers.image.base.name", NULL,
	};
	json_object *ann = NULL, *v;

	json_object_object_add(c, "manifest",
	    f->manifest ? json_object_new_string(f->manifest) : NULL);
	for (size_t i = 0; keys[i] != NULL; i++) {
		if ((v = img_get(f->annotations, keys[i], json_type_string)) == NULL)
			continue;
		if (ann == NULL)
			ann = json_object_new_object();
		json_object_object_add(ann, keys[i], json_object_get(v));
	}
	json_object_object_add(c, "annotations", ann);
	return c;
}

/* Add one image to s: its object, history and content. */
static void
add_image(struct arc *a, struct hd_snapshot *s, const struct found *f,
    const char *format, unsigned flags, json_object *list)
{
	struct img_config cfg;
	struct img_image im = { 0 };
	json_object *content, *v;
	char *key = hd_xasprintf("%s%s", HD_F_IMAGE_CONTENT, f->id);
	const char *name = NULL;
	size_t n, seen;

	if (img_config_parse(&cfg, hd_buf_ptr(f->config->b),
	    hd_buf_len(f->config->b), f->id, f->tags, f->digests) < 0) {
		hd_error_wrap(HD_EPARSE, f->config->name);
		if (!(flags & HD_IMAGE_CONTENT_ONLY))
			hd_snapshot_add_object_error(s, HD_OBJ_IMAGE, f->id, NULL,
			    a->label, "%s", hd_error_last());
		hd_snapshot_set_error(s, key, a->label, "%s", hd_error_last());
		free(key);
		return;
	}
	n = json_object_array_length(f->layer_names);
	im.id = f->id;
	im.format = format;
	im.cfg = &cfg;
	im.n_layers = n;
	im.layers = hd_xcalloc(n + 1, sizeof(*im.layers));
	im.names = hd_xcalloc(n + 1, sizeof(*im.names));
	im.want = hd_xcalloc(n + 1, sizeof(*im.want));
	for (size_t i = 0; i < n; i++) {
		im.names[i] = json_object_get_string(
		    json_object_array_get_idx(f->layer_names, i));
		im.layers[i] = layer_named(a, im.names[i]);
		if (f->layer_digests != NULL)
			im.want[i] = json_object_get_string(
			    json_object_array_get_idx(f->layer_digests, i));
	}
	content = f->config_error ? NULL : img_fs_content(&im, &a->r);
	if (f->config_error != NULL)
		hd_snapshot_set_error(s, key, a->label, "%s", f->config_error);
	else if (content == NULL)
		hd_snapshot_set_error(s, key, a->label, "%s", hd_error_last());
	else
		hd_snapshot_set_value(s, key, with_manifest(content, f), a->label);
	/* The same image read twice (two archives, one snapshot) is listed
	 * once; its content is the last read. */
	if (!(flags & HD_IMAGE_CONTENT_ONLY) &&
	    !hd_snapshot_find(&seen, s, HD_OBJ_IMAGE, f->id)) {
		char *hkey = hd_xasprintf("%s%s", HD_F_IMAGE_HISTORY, f->id);
		uint64_t size = 0;

		for (size_t i = 0; i < n; i++)
			size += im.layers[i] ? im.layers[i]->size : 0;
		json_object_object_add(cfg.inspect, "Size",
		    json_object_new_int64((int64_t)size));
		if ((v = img_get(cfg.inspect, "RepoTags", json_type_array)) != NULL &&
		    json_object_array_length(v) > 0)
			name = json_object_get_string(json_object_array_get_idx(v, 0));
		add_summary(list, cfg.inspect, f->id);
		hd_snapshot_add_object(s, HD_OBJ_IMAGE, f->id, name,
		    json_object_get(cfg.inspect), a->label);
		hd_snapshot_set_value(s, hkey, json_object_get(cfg.history), a->label);
		free(hkey);
	}
	free(im.layers);
	free(im.names);
	free(im.want);
	img_config_clear(&cfg);
	free(key);
}

/* The image id a configuration's archive name or digest gives, checked
 * against its content: *why says when they differ. */
static char *
config_id(const struct kept *k, const char *named, char **why)
{
	*why = NULL;
	if (named != NULL && strcmp(named, k->digest) != 0)
		*why = hd_xasprintf("the manifest lies: it names the configuration "
		    "%.200s with the digest %.80s, its sha256 is %s", k->name, named,
		    k->digest);
	return hd_xstrdup(k->digest);
}

/* The digest an archive name gives ("blobs/sha256/<hex>",
 * "<hex>.json"), or NULL. */
static char *
name_digest(const char *name)
{
	char *d;

	if (strncmp(name, "blobs/sha256/", 13) == 0)
		d = hd_xasprintf("sha256:%s", name + 13);
	else if (strlen(name) == HD_SHA256_HEX_LEN + 5 &&
	    strcmp(name + HD_SHA256_HEX_LEN, ".json") == 0)
		d = hd_xasprintf("sha256:%.*s", HD_SHA256_HEX_LEN, name);
	else
		return NULL;
	if (!img_digest_valid(d)) {
		free(d);
		return NULL;
	}
	return d;
}

/* Free what f holds. */
static void
found_clear(struct found *f)
{
	free(f->id);
	free(f->config_error);
	free(f->manifest);
	json_object_put(f->tags);
	json_object_put(f->digests);
	json_object_put(f->layer_names);
	json_object_put(f->layer_digests);
	json_object_put(f->annotations);
	memset(f, 0, sizeof(*f));
}

/* The images manifest.json (docker save) names, into *out (*n). */
static int
docker_manifest(struct arc *a, const struct kept *m, struct found **out,
    size_t *n)
{
	json_object *doc = NULL;
	size_t len;
	int r;

	if ((r = hd_json_parse(&doc, hd_buf_ptr(m->b), hd_buf_len(m->b))) < 0)
		return hd_error_wrap(r, "manifest.json is not valid JSON");
	if (!json_object_is_type(doc, json_type_array)) {
		json_object_put(doc);
		return hd_error_set(HD_EPARSE, "manifest.json is not an array");
	}
	if ((len = json_object_array_length(doc)) > a->r.lim->max_images) {
		json_object_put(doc);
		return hd_error_set(HD_ELIMIT, "cap max_images (%u) hit: manifest.json "
		    "names %zu images", a->r.lim->max_images, len);
	}
	*out = hd_xcalloc(len + 1, sizeof(**out));
	for (size_t i = 0; i < len; i++) {
		json_object *e = json_object_array_get_idx(doc, i), *v, *ls;
		struct found *f = &(*out)[*n];
		const struct kept *k;
		char *named;

		if ((v = img_get(e, "Config", json_type_string)) == NULL ||
		    (ls = img_get(e, "Layers", json_type_array)) == NULL) {
			r = hd_error_set(HD_EPARSE, "manifest.json[%zu] has no Config "
			    "or Layers", i);
			goto out;
		}
		if ((k = kept_named(a, json_object_get_string(v))) == NULL) {
			r = hd_error_set(HD_EPARSE, "manifest.json[%zu] names the "
			    "configuration %.200s, which is not in the archive", i,
			    json_object_get_string(v));
			goto out;
		}
		for (size_t j = 0; j < json_object_array_length(ls); j++)
			if (!json_object_is_type(json_object_array_get_idx(ls, j),
			    json_type_string)) {
				r = hd_error_set(HD_EPARSE, "manifest.json[%zu].Layers[%zu] "
				    "is not a string", i, j);
				goto out;
			}
		named = name_digest(k->name);
		f->id = config_id(k, named, &f->config_error);
		free(named);
		f->config = k;
		f->tags = json_object_new_array();
		if ((v = img_get(e, "RepoTags", json_type_array)) != NULL)
			for (size_t j = 0; j < json_object_array_length(v); j++) {
				json_object *t = json_object_array_get_idx(v, j);

				if (json_object_is_type(t, json_type_string))
					json_object_array_add(f->tags, json_object_get(t));
			}
		f->layer_names = json_object_get(ls);
		/* Blobs named by digest (docker 25's OCI save) are checked
		 * against the name too. */
		for (size_t j = 0; j < json_object_array_length(ls); j++) {
			const char *ln = json_object_get_string(
			    json_object_array_get_idx(ls, j));
			char *d = name_digest(resolve(a, ln));

			if (d == NULL)
				continue;
			if (f->layer_digests == NULL) {
				f->layer_digests = json_object_new_array();
				for (size_t q = 0; q < j; q++)
					json_object_array_add(f->layer_digests, NULL);
			}
			json_object_array_put_idx(f->layer_digests, j,
			    json_object_new_string(d));
			free(d);
		}
		(*n)++;
	}
	r = HD_OK;
out:
	json_object_put(doc);
	return r;
}

/* The kept blob of digest d ("sha256:<hex>"), checked against its
 * content; NULL with the error set when absent or not matching. */
static const struct kept *
blob_json(const struct arc *a, const char *d, const char *what)
{
	char *name;
	const struct kept *k;

	if (!img_digest_valid(d)) {
		hd_error_set(HD_EPARSE, "%s has a malformed digest %.80s", what, d);
		return NULL;
	}
	name = hd_xasprintf("blobs/sha256/%s", d + 7);
	k = kept_named(a, name);
	free(name);
	if (k == NULL) {
		hd_error_set(HD_ENOTFOUND, "%s %s is not in the archive (or is not "
		    "JSON)", what, d);
		return NULL;
	}
	if (strcmp(k->digest, d) != 0) {
		hd_error_set(HD_EPARSE, "the manifest lies: %s %s has the sha256 %s",
		    what, d, k->digest);
		return NULL;
	}
	return k;
}

/* Add the image of one OCI image manifest (digest d) to *out. */
static int
oci_image(struct arc *a, const char *d, json_object *desc_ann,
    struct found **out, size_t *n, size_t *alloc)
{
	const struct kept *k = blob_json(a, d, "the image manifest");
	json_object *m = NULL, *cfg, *ls, *v;
	struct found *f;
	int r;

	if (k == NULL)
		return HD_EPARSE;
	if ((r = hd_json_parse_object(&m, hd_buf_ptr(k->b), hd_buf_len(k->b),
	    "the image manifest")) < 0)
		return r;
	if ((cfg = img_get(m, "config", json_type_object)) == NULL ||
	    (v = img_get(cfg, "digest", json_type_string)) == NULL ||
	    (ls = img_get(m, "layers", json_type_array)) == NULL) {
		json_object_put(m);
		return hd_error_set(HD_EPARSE, "the image manifest %s has no config "
		    "digest or layers", d);
	}
	if (*n >= a->r.lim->max_images) {
		json_object_put(m);
		return hd_error_set(HD_ELIMIT, "cap max_images (%u) hit",
		    a->r.lim->max_images);
	}
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 4;
		*out = hd_xrealloc(*out, *alloc, sizeof(**out));
	}
	f = &(*out)[*n];
	memset(f, 0, sizeof(*f));
	{
		char *name = hd_xasprintf("blobs/sha256/%s",
		    img_digest_valid(json_object_get_string(v)) ?
		    json_object_get_string(v) + 7 : "");
		const struct kept *c = kept_named(a, name);

		free(name);
		if (c == NULL) {
			json_object_put(m);
			return hd_error_set(HD_EPARSE, "the configuration %.80s of the "
			    "image manifest %s is not in the archive",
			    json_object_get_string(v), d);
		}
		f->config = c;
		f->id = config_id(c, json_object_get_string(v), &f->config_error);
	}
	f->tags = json_object_new_array();
	f->digests = json_object_new_array();
	if (desc_ann != NULL) {
		json_object *t = img_get(desc_ann, "io.containerd.image.name",
		    json_type_string);

		if (t == NULL)
			t = img_get(desc_ann, "org.opencontainers.image.ref.name",
			    json_type_string);
		if (t != NULL)
			json_object_array_add(f->tags, json_object_get(t));
	}
	f->layer_names = json_object_new_array();
	f->layer_digests = json_object_new_array();
	for (size_t i = 0; i < json_object_array_length(ls); i++) {
		json_object *ld = img_get(json_object_array_get_idx(ls, i), "digest",
		    json_type_string);
		const char *s = ld ? json_object_get_string(ld) : "";

		json_object_array_add(f->layer_names, json_object_new_string_len(
		    "blobs/sha256/", 13));
		if (img_digest_valid(s)) {
			char *nm = hd_xasprintf("blobs/sha256/%s", s + 7);

			json_object_array_put_idx(f->layer_names, i,
			    json_object_new_string(nm));
			free(nm);
		}
		json_object_array_add(f->layer_digests, json_object_new_string(s));
	}
	if ((v = img_get(m, "annotations", json_type_object)) != NULL)
		f->annotations = json_object_get(v);
	f->manifest = hd_xstrdup(d);
	(*n)++;
	json_object_put(m);
	return HD_OK;
}

/* Whether a descriptor's media type is an index (OCI or Docker list). */
static bool
is_index(json_object *desc)
{
	json_object *mt = img_get(desc, "mediaType", json_type_string);
	const char *s = mt ? json_object_get_string(mt) : "";

	return strstr(s, "image.index") != NULL ||
	    strstr(s, "manifest.list") != NULL;
}

/* The images an OCI index names (one level of nested indexes: a
 * multi-platform image; a platform whose manifest is not in the archive
 * is skipped, as skopeo copies one platform). */
static int
oci_index(struct arc *a, json_object *idx, int depth, struct found **out,
    size_t *n, size_t *alloc)
{
	json_object *ms = img_get(idx, "manifests", json_type_array);
	int r;

	if (ms == NULL)
		return hd_error_set(HD_EPARSE, "the index has no manifests array");
	for (size_t i = 0; i < json_object_array_length(ms); i++) {
		json_object *desc = json_object_array_get_idx(ms, i), *dv, *sub = NULL;
		const char *d;
		const struct kept *k;

		if ((dv = img_get(desc, "digest", json_type_string)) == NULL)
			return hd_error_set(HD_EPARSE, "manifests[%zu] has no digest", i);
		d = json_object_get_string(dv);
		if (!is_index(desc)) {
			char *name = hd_xasprintf("blobs/sha256/%s",
			    img_digest_valid(d) ? d + 7 : "");
			bool present = kept_named(a, name) != NULL ||
			    layer_named(a, name) != NULL;

			free(name);
			/* A platform of a multi-platform index may be left out. */
			if (depth > 0 && !present)
				continue;
			r = oci_image(a, d, img_get(desc, "annotations", json_type_object),
			    out, n, alloc);
			if (r < 0)
				return r;
			continue;
		}
		if (depth > 0)
			return hd_error_set(HD_EPARSE, "indexes nested deeper than two");
		if ((k = blob_json(a, d, "the index")) == NULL)
			return HD_EPARSE;
		if ((r = hd_json_parse_object(&sub, hd_buf_ptr(k->b),
		    hd_buf_len(k->b), "the index")) < 0)
			return r;
		r = oci_index(a, sub, depth + 1, out, n, alloc);
		json_object_put(sub);
		if (r < 0)
			return r;
	}
	return HD_OK;
}

/* Interpret what was kept once the stream has ended: add every image. */
static int
assemble(struct arc *a, struct hd_snapshot *s, unsigned flags)
{
	const struct kept *m = kept_named(a, "manifest.json");
	const struct kept *idx = kept_named(a, "index.json");
	const struct kept *lay = kept_named(a, "oci-layout");
	struct found *found = NULL;
	size_t n = 0, alloc = 0;
	const char *format = "docker-archive";
	json_object *list = NULL, *doc = NULL;
	struct hd_fact old;
	int r;

	if (m != NULL) {
		r = docker_manifest(a, m, &found, &n);
	} else if (idx != NULL) {
		format = "oci-layout";
		if (lay == NULL) {
			r = hd_error_set(HD_EPARSE, "an index.json without an "
			    "oci-layout file: not an OCI image layout");
		} else if ((r = hd_json_parse_object(&doc, hd_buf_ptr(idx->b),
		    hd_buf_len(idx->b), "index.json")) == HD_OK) {
			r = oci_index(a, doc, 0, &found, &n, &alloc);
		}
	} else {
		r = hd_error_set(HD_EPARSE, "no manifest.json or index.json: not a "
		    "docker save archive or an OCI image layout");
	}
	json_object_put(doc);
	if (r == HD_OK && n == 0)
		r = hd_error_set(HD_EPARSE, "the archive holds no image");
	if (r < 0) {
		hd_error_wrap(r, a->label);
		goto out;
	}
	list = json_object_new_array();
	hd_snapshot_fact(&old, s, HD_F_ENGINE_IMAGES);
	if (old.state == HD_FACT_VALUE && json_object_is_type(old.value,
	    json_type_array))
		for (size_t i = 0; i < json_object_array_length(old.value); i++)
			json_object_array_add(list, json_object_get(
			    json_object_array_get_idx(old.value, i)));
	for (size_t i = 0; i < n; i++)
		add_image(a, s, &found[i], format, flags, list);
	if (!(flags & HD_IMAGE_CONTENT_ONLY))
		hd_snapshot_set_value(s, HD_F_ENGINE_IMAGES, list, a->label);
	else
		json_object_put(list);
out:
	for (size_t i = 0; i < n; i++)
		found_clear(&found[i]);
	free(found);
	return r;
}

/* Read the outer archive opened as ar (tar, any built-in compression)
 * into s. */
static int
read_archive(struct hd_snapshot *s, const char *label, struct archive *ar,
    const struct hd_image_limits *lim, unsigned flags)
{
	struct hd_image_limits def;
	struct arc a;
	int r;

	if (lim == NULL) {
		hd_image_limits_init(&def);
		lim = &def;
	}
	arc_init(&a, label, lim);
	r = read_outer(&a, ar);
	if (r == HD_OK)
		r = assemble(&a, s, flags);
	arc_clear(&a);
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
dir_file(struct arc *a, int dfd, const char *rel, const char *name)
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
		r = dispatch(a, name, &src, (int64_t)st.st_size);
	close(f->fd);
	free(f);
	return r;
}

/* Read an OCI image layout directory: oci-layout, index.json and every
 * blob under blobs/sha256 (each file streamed as an archive entry). */
static int
read_dir(struct hd_snapshot *s, const char *path,
    const struct hd_image_limits *lim, unsigned flags)
{
	struct hd_image_limits def;
	struct arc a;
	char **names = NULL, *bdir;
	int dfd, r;

	if (lim == NULL) {
		hd_image_limits_init(&def);
		lim = &def;
	}
	if ((dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return hd_error_set(HD_EIO, "%s: %s", path, strerror(errno));
	arc_init(&a, path, lim);
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
		r = assemble(&a, s, flags);
	arc_clear(&a);
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
		return read_dir(s, path, lim, flags);
	if ((r = outer_new(&ar)) < 0)
		return r;
	if (archive_read_open_filename(ar, path, 65536) != ARCHIVE_OK)
		return open_failed(ar, path);
	r = read_archive(s, path, ar, lim, flags);
	archive_read_free(ar);
	return r;
}
