/* What an image archive's JSON says once it has been streamed: the
 * manifest.json of a docker save, or the index.json (and nested indexes)
 * and image manifests of an OCI layout, checked against the digests of
 * what they name; each image found is added to the snapshot with its
 * inspect document, history and content (image_fs.c). */
#include <stdlib.h>
#include <string.h>

#include <hardock/buf.h>
#include <hardock/common.h>
#include <hardock/facts.h>
#include <hardock/jsonparse.h>

#include "collect/image_int.h"

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
	const struct img_kept *config;
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
add_image(struct img_arc *a, struct hd_snapshot *s, const struct found *f,
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
		im.layers[i] = img_arc_layer(a, im.names[i]);
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
config_id(const struct img_kept *k, const char *named, char **why)
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
docker_manifest(struct img_arc *a, const struct img_kept *m, struct found **out,
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
		const struct img_kept *k;
		char *named;

		if ((v = img_get(e, "Config", json_type_string)) == NULL ||
		    (ls = img_get(e, "Layers", json_type_array)) == NULL) {
			r = hd_error_set(HD_EPARSE, "manifest.json[%zu] has no Config "
			    "or Layers", i);
			goto out;
		}
		if ((k = img_arc_kept(a, json_object_get_string(v))) == NULL) {
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
			char *d = name_digest(img_arc_resolve(a, ln));

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
static const struct img_kept *
blob_json(const struct img_arc *a, const char *d, const char *what)
{
	char *name;
	const struct img_kept *k;

	if (!img_digest_valid(d)) {
		hd_error_set(HD_EPARSE, "%s has a malformed digest %.80s", what, d);
		return NULL;
	}
	name = hd_xasprintf("blobs/sha256/%s", d + 7);
	k = img_arc_kept(a, name);
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
oci_image(struct img_arc *a, const char *d, json_object *desc_ann,
    struct found **out, size_t *n, size_t *alloc)
{
	const struct img_kept *k = blob_json(a, d, "the image manifest");
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
		const struct img_kept *c = img_arc_kept(a, name);

		free(name);
		if (c == NULL) {
			/* v lives in m: the message first. */
			r = hd_error_set(HD_EPARSE, "the configuration %.80s of the "
			    "image manifest %s is not in the archive",
			    json_object_get_string(v), d);
			json_object_put(m);
			return r;
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
oci_index(struct img_arc *a, json_object *idx, int depth, struct found **out,
    size_t *n, size_t *alloc)
{
	json_object *ms = img_get(idx, "manifests", json_type_array);
	int r;

	if (ms == NULL)
		return hd_error_set(HD_EPARSE, "the index has no manifests array");
	for (size_t i = 0; i < json_object_array_length(ms); i++) {
		json_object *desc = json_object_array_get_idx(ms, i), *dv, *sub = NULL;
		const char *d;
		const struct img_kept *k;

		if ((dv = img_get(desc, "digest", json_type_string)) == NULL)
			return hd_error_set(HD_EPARSE, "manifests[%zu] has no digest", i);
		d = json_object_get_string(dv);
		if (!is_index(desc)) {
			char *name = hd_xasprintf("blobs/sha256/%s",
			    img_digest_valid(d) ? d + 7 : "");
			bool present = img_arc_kept(a, name) != NULL ||
			    img_arc_layer(a, name) != NULL;

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
int
img_arc_assemble(struct img_arc *a, struct hd_snapshot *s, unsigned flags)
{
	const struct img_kept *m = img_arc_kept(a, "manifest.json");
	const struct img_kept *idx = img_arc_kept(a, "index.json");
	const struct img_kept *lay = img_arc_kept(a, "oci-layout");
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
