/* Which layers of an image its base image holds: the base's
 * rootfs.diff_ids are a prefix of the image's, so a finding from those
 * layers is inherited, not made by the image's own Dockerfile. The base is
 * named by the user (--base) or by the OCI annotations. */
#include <stdlib.h>
#include <string.h>

#include <hardock/common.h>
#include <hardock/facts.h>
#include <hardock/image.h>

#include "collect/image_int.h"

/* The annotations naming a base image. */
#define ANN_DIGEST "org.opencontainers.image.base.digest"
#define ANN_NAME "org.opencontainers.image.base.name"

/* A deep copy of image id's content fact in s, and its source; NULL when
 * it holds no value. */
static json_object *
content_copy(const struct hd_snapshot *s, const char *id, char **source)
{
	char *key = hd_xasprintf("%s%s", HD_F_IMAGE_CONTENT, id);
	struct hd_fact f;
	json_object *c = NULL;

	hd_snapshot_fact(&f, s, key);
	free(key);
	*source = NULL;
	if (f.state != HD_FACT_VALUE ||
	    !json_object_is_type(f.value, json_type_object))
		return NULL;
	json_object_deep_copy(f.value, &c, NULL);
	*source = hd_xstrdup(f.source ? f.source : "");
	return c;
}

/* Store c (stolen) as image id's content fact. */
static void
content_store(struct hd_snapshot *s, const char *id, json_object *c,
    const char *source)
{
	char *key = hd_xasprintf("%s%s", HD_F_IMAGE_CONTENT, id);

	hd_snapshot_set_value(s, key, c, source);
	free(key);
}

/* What the base image base_id of b shows: its diff_ids (a new array), its
 * history length, Config.User and first tag. */
struct base_info {
	json_object *diff_ids;
	long history;
	char *user, *name;
};

/* Read base_id's layers from its inspect document, else its content. */
static int
base_info(struct base_info *out, const struct hd_snapshot *b,
    const char *base_id)
{
	struct hd_object o;
	size_t i;
	json_object *v;
	char *key;
	struct hd_fact h;

	memset(out, 0, sizeof(*out));
	out->history = -1;
	if (hd_snapshot_find(&i, b, HD_OBJ_IMAGE, base_id)) {
		hd_snapshot_object(&o, b, HD_OBJ_IMAGE, i);
		if (o.inspect.state == HD_FACT_VALUE) {
			json_object *cfg = img_get(o.inspect.value, "Config", json_type_object);

			v = img_get(img_get(o.inspect.value, "RootFS", json_type_object),
			    "Layers", json_type_array);
			if (v != NULL)
				json_object_deep_copy(v, &out->diff_ids, NULL);
			if ((v = img_get(cfg, "User", json_type_string)) != NULL)
				out->user = hd_xstrdup(json_object_get_string(v));
			if ((v = img_get(o.inspect.value, "RepoTags", json_type_array)) &&
			    json_object_array_length(v) > 0 &&
			    json_object_is_type(json_object_array_get_idx(v, 0),
			    json_type_string))
				out->name = hd_xstrdup(json_object_get_string(
				    json_object_array_get_idx(v, 0)));
		}
		hd_snapshot_release(b, HD_OBJ_IMAGE, i);
	}
	if (out->diff_ids == NULL) {
		char *src;
		json_object *c = content_copy(b, base_id, &src), *ls;

		free(src);
		if ((ls = img_get(c, "layers", json_type_array)) != NULL) {
			out->diff_ids = json_object_new_array();
			for (size_t k = 0; k < json_object_array_length(ls); k++) {
				v = img_get(json_object_array_get_idx(ls, k), "diff_id",
				    json_type_string);
				json_object_array_add(out->diff_ids,
				    v ? json_object_get(v) : NULL);
			}
		}
		json_object_put(c);
	}
	key = hd_xasprintf("%s%s", HD_F_IMAGE_HISTORY, base_id);
	hd_snapshot_fact(&h, b, key);
	free(key);
	if (h.state == HD_FACT_VALUE && json_object_is_type(h.value, json_type_array))
		out->history = (long)json_object_array_length(h.value);
	if (out->diff_ids == NULL)
		return hd_error_set(HD_ENOTFOUND, "the base image %s is not in the "
		    "snapshot", base_id);
	return HD_OK;
}

/* Free what b holds. */
static void
base_info_clear(struct base_info *b)
{
	json_object_put(b->diff_ids);
	free(b->user);
	free(b->name);
}

int
hd_image_set_base(struct hd_snapshot *s, const char *id,
    const struct hd_snapshot *base, const char *base_id, const char *how)
{
	struct base_info bi;
	char *src = NULL;
	json_object *c = content_copy(s, id, &src), *ls, *blk;
	size_t nb, nl;
	long hist = 0;
	int r;

	if (c == NULL || (ls = img_get(c, "layers", json_type_array)) == NULL) {
		json_object_put(c);
		free(src);
		return hd_error_set(HD_ENOTFOUND, "no content was read for image %s",
		    id);
	}
	if ((r = base_info(&bi, base, base_id)) < 0)
		goto out;
	nb = json_object_array_length(bi.diff_ids);
	nl = json_object_array_length(ls);
	if (nb > nl) {
		r = hd_error_set(HD_EPARSE, "%s is not a base of %s: it has %zu "
		    "layers, the image %zu", base_id, id, nb, nl);
		goto out;
	}
	for (size_t i = 0; i < nb; i++) {
		json_object *d = img_get(json_object_array_get_idx(ls, i), "diff_id",
		    json_type_string);
		json_object *bd = json_object_array_get_idx(bi.diff_ids, i);

		if (d == NULL || !json_object_is_type(bd, json_type_string) ||
		    strcmp(json_object_get_string(d), json_object_get_string(bd)) != 0) {
			r = hd_error_set(HD_EPARSE, "%s is not a base of %s: their "
			    "layer %zu differs", base_id, id, i);
			goto out;
		}
	}
	for (size_t i = 0; i < nb; i++) {
		json_object *l = json_object_array_get_idx(ls, i), *h;

		json_object_object_add(l, "base", json_object_new_boolean(1));
		if ((h = img_get(l, "history", json_type_int)) != NULL)
			hist = json_object_get_int64(h) + 1;
	}
	if (bi.history >= 0)
		hist = bi.history;
	blk = json_object_new_object();
	json_object_object_add(blk, "how", json_object_new_string(how));
	json_object_object_add(blk, "name",
	    bi.name ? json_object_new_string(bi.name) : NULL);
	json_object_object_add(blk, "digest", json_object_new_string(base_id));
	json_object_object_add(blk, "layers", json_object_new_int64((int64_t)nb));
	json_object_object_add(blk, "history", json_object_new_int64(hist));
	json_object_object_add(blk, "user",
	    bi.user ? json_object_new_string(bi.user) : NULL);
	json_object_object_add(c, "base", blk);
	content_store(s, id, c, src);
	c = NULL;
	r = HD_OK;
out:
	base_info_clear(&bi);
	json_object_put(c);
	free(src);
	return r;
}

/* An image reference in the short form docker shows in RepoTags:
 * "docker.io/library/alpine" and "alpine:latest" are the same image. */
static char *
ref_norm(const char *ref)
{
	const char *p = ref, *slash;

	if (strncmp(p, "docker.io/", 10) == 0)
		p += 10;
	else if (strncmp(p, "index.docker.io/", 16) == 0)
		p += 16;
	if (p != ref && strncmp(p, "library/", 8) == 0)
		p += 8;
	slash = strrchr(p, '/');
	if (strchr(p, '@') == NULL && strchr(slash ? slash : p, ':') == NULL)
		return hd_xasprintf("%s:latest", p);
	return hd_xstrdup(p);
}

/* Whether tag and the annotation's name are the same reference. */
static bool
same_ref(const char *tag, const char *name)
{
	char *a = ref_norm(tag), *b = ref_norm(name);
	bool same = strcmp(a, b) == 0;

	free(a);
	free(b);
	return same;
}

/* The image of s a base annotation names: by id or manifest digest
 * (digest), else by tag (name); its id into *out. */
static bool
find_named(const struct hd_snapshot *s, const char *digest, const char *name,
    char **out)
{
	size_t n = hd_snapshot_count(s, HD_OBJ_IMAGE);

	*out = NULL;
	for (size_t i = 0; i < n && *out == NULL; i++) {
		struct hd_object o;
		char *src;
		json_object *c, *m, *tags;

		hd_snapshot_object(&o, s, HD_OBJ_IMAGE, i);
		c = content_copy(s, o.id, &src);
		free(src);
		m = img_get(c, "manifest", json_type_string);
		if (digest != NULL && (strcmp(o.id, digest) == 0 ||
		    (m != NULL && strcmp(json_object_get_string(m), digest) == 0)))
			*out = hd_xstrdup(o.id);
		if (*out == NULL && name != NULL && o.inspect.state == HD_FACT_VALUE &&
		    (tags = img_get(o.inspect.value, "RepoTags", json_type_array)) != NULL)
			for (size_t k = 0; k < json_object_array_length(tags); k++) {
				json_object *t = json_object_array_get_idx(tags, k);

				if (json_object_is_type(t, json_type_string) &&
				    same_ref(json_object_get_string(t), name)) {
					*out = hd_xstrdup(o.id);
					break;
				}
			}
		json_object_put(c);
		hd_snapshot_release(s, HD_OBJ_IMAGE, i);
	}
	return *out != NULL;
}

/* The annotation key of the manifest's (content "annotations") or the
 * image's labels, copied, or NULL. */
static char *
annotation(json_object *content, json_object *labels, const char *key)
{
	json_object *v = img_get(img_get(content, "annotations", json_type_object), key,
	    json_type_string);

	if (v == NULL)
		v = img_get(labels, key, json_type_string);
	return v && json_object_get_string_len(v) > 0 ?
	    hd_xstrdup(json_object_get_string(v)) : NULL;
}

void
hd_image_resolve_annotated_bases(struct hd_snapshot *s)
{
	size_t n = hd_snapshot_count(s, HD_OBJ_IMAGE);

	for (size_t i = 0; i < n; i++) {
		struct hd_object o;
		char *src = NULL, *id, *digest, *name, *bid = NULL;
		json_object *c, *labels = NULL, *blk;
		const char *how;

		hd_snapshot_object(&o, s, HD_OBJ_IMAGE, i);
		id = hd_xstrdup(o.id);
		if (o.labels != NULL)
			json_object_deep_copy(o.labels, &labels, NULL);
		hd_snapshot_release(s, HD_OBJ_IMAGE, i);
		c = content_copy(s, id, &src);
		digest = annotation(c, labels, ANN_DIGEST);
		name = annotation(c, labels, ANN_NAME);
		how = digest ? "annotation " ANN_DIGEST : "annotation " ANN_NAME;
		if (c != NULL && (digest != NULL || name != NULL) &&
		    img_get(c, "base", json_type_object) == NULL) {
			if (find_named(s, digest, name, &bid) && strcmp(bid, id) != 0 &&
			    hd_image_set_base(s, id, s, bid, how) == HD_OK) {
				/* marked */
			} else {
				blk = json_object_new_object();
				json_object_object_add(blk, "how", json_object_new_string(how));
				json_object_object_add(blk, "name",
				    name ? json_object_new_string(name) : NULL);
				json_object_object_add(blk, "digest",
				    digest ? json_object_new_string(digest) : NULL);
				json_object_object_add(blk, "unresolved", json_object_new_string(
				    bid == NULL ? "the base image the annotation names is not "
				    "among the images read" : "the image the annotation names "
				    "is not a base of this image (its layers differ)"));
				json_object_object_add(c, "base", blk);
				content_store(s, id, c, src);
				c = NULL;
			}
		}
		json_object_put(c);
		json_object_put(labels);
		free(src);
		free(id);
		free(digest);
		free(name);
		free(bid);
	}
}
