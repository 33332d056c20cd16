/* An image configuration (the OCI / Docker image config JSON) as the
 * engine would show it: the inspect document of GET /images/{id}/json and
 * the history of GET /images/{id}/history, so the same checks read an
 * archive's images and an engine's. A parser on a buffer (fuzzed alone:
 * fuzz/fuzz_image_config.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hardock/common.h>
#include <hardock/jsonparse.h>
#include <hardock/timeparse.h>

#include "collect/image_int.h"

json_object *
img_get(json_object *o, const char *key, json_type t)
{
	json_object *v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, t))
		return NULL;
	return v;
}

/* A string member copied into dst under another name, when present. */
static void
copy_str(json_object *dst, const char *name, json_object *src, const char *key)
{
	json_object *v = img_get(src, key, json_type_string);

	json_object_object_add(dst, name,
	    json_object_new_string(v ? json_object_get_string(v) : ""));
}

int64_t
img_unix_time(const char *s)
{
	time_t t;

	return hd_time_parse(s, &t) && t > 0 ? (int64_t)t : 0;
}

/* Whether s is "sha256:" and 64 lower-case hex digits. */
bool
img_digest_valid(const char *s)
{
	if (s == NULL || strncmp(s, "sha256:", 7) != 0 ||
	    strlen(s) != IMG_DIGEST_LEN)
		return false;
	for (size_t i = 7; i < IMG_DIGEST_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The history in the engine's shape, newest first: the newest entry
 * carries the image id and tags, the others "<missing>" as for a pulled
 * image; Size is filled once the layers are read. */
static json_object *
engine_history(json_object *hist, const char *id, json_object *tags)
{
	json_object *out = json_object_new_array();
	size_t n = hist ? json_object_array_length(hist) : 0;

	for (size_t k = n; k-- > 0;) {
		json_object *h = json_object_array_get_idx(hist, k), *e, *v;

		e = json_object_new_object();
		json_object_object_add(e, "Id",
		    json_object_new_string(k == n - 1 ? id : "<missing>"));
		v = img_get(h, "created", json_type_string);
		json_object_object_add(e, "Created", json_object_new_int64(
		    img_unix_time(v ? json_object_get_string(v) : NULL)));
		copy_str(e, "CreatedBy", h, "created_by");
		json_object_object_add(e, "Tags", k == n - 1 && tags ?
		    json_object_get(tags) : NULL);
		json_object_object_add(e, "Size", json_object_new_int64(0));
		copy_str(e, "Comment", h, "comment");
		json_object_array_add(out, e);
	}
	return out;
}

int
img_config_parse(struct img_config *out, const char *data, size_t len,
    const char *id, json_object *repo_tags, json_object *repo_digests)
{
	json_object *c = NULL, *rootfs, *ids, *hist, *cfg, *ins, *v, *rf;
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = hd_json_parse_object(&c, data, len, "the image configuration")) < 0)
		return r;
	if ((rootfs = img_get(c, "rootfs", json_type_object)) == NULL ||
	    (ids = img_get(rootfs, "diff_ids", json_type_array)) == NULL) {
		r = hd_error_set(HD_EPARSE, "the image configuration has no "
		    "rootfs.diff_ids array");
		goto out;
	}
	for (size_t i = 0; i < json_object_array_length(ids); i++) {
		v = json_object_array_get_idx(ids, i);
		if (!json_object_is_type(v, json_type_string) ||
		    !img_digest_valid(json_object_get_string(v))) {
			r = hd_error_set(HD_EPARSE, "the image configuration's "
			    "rootfs.diff_ids[%zu] is not a sha256 digest", i);
			goto out;
		}
	}
	hist = NULL;
	if (json_object_object_get_ex(c, "history", &hist) && hist != NULL) {
		if (!json_object_is_type(hist, json_type_array)) {
			r = hd_error_set(HD_EPARSE, "the image configuration's history "
			    "is not an array");
			goto out;
		}
		for (size_t i = 0; i < json_object_array_length(hist); i++)
			if (!json_object_is_type(json_object_array_get_idx(hist, i),
			    json_type_object)) {
				r = hd_error_set(HD_EPARSE, "the image configuration's "
				    "history[%zu] is not an object", i);
				goto out;
			}
	}
	if (json_object_object_get_ex(c, "config", &cfg) && cfg != NULL &&
	    !json_object_is_type(cfg, json_type_object)) {
		r = hd_error_set(HD_EPARSE, "the image configuration's config is "
		    "not an object");
		goto out;
	}
	ins = json_object_new_object();
	json_object_object_add(ins, "Id", json_object_new_string(id));
	json_object_object_add(ins, "RepoTags",
	    repo_tags ? json_object_get(repo_tags) : json_object_new_array());
	json_object_object_add(ins, "RepoDigests",
	    repo_digests ? json_object_get(repo_digests) : json_object_new_array());
	json_object_object_add(ins, "Parent", json_object_new_string(""));
	copy_str(ins, "Comment", c, "comment");
	copy_str(ins, "Created", c, "created");
	copy_str(ins, "DockerVersion", c, "docker_version");
	copy_str(ins, "Author", c, "author");
	json_object_object_add(ins, "Config",
	    cfg ? json_object_get(cfg) : json_object_new_object());
	copy_str(ins, "Architecture", c, "architecture");
	if ((v = img_get(c, "variant", json_type_string)) != NULL)
		json_object_object_add(ins, "Variant", json_object_get(v));
	copy_str(ins, "Os", c, "os");
	json_object_object_add(ins, "Size", json_object_new_int64(0));
	rf = json_object_new_object();
	json_object_object_add(rf, "Type", json_object_new_string("layers"));
	json_object_object_add(rf, "Layers", json_object_get(ids));
	json_object_object_add(ins, "RootFS", rf);
	out->inspect = ins;
	out->history = engine_history(hist, id, repo_tags);
	out->raw_history = hist ? json_object_get(hist) : json_object_new_array();
	out->diff_ids = ids;
	r = HD_OK;
out:
	json_object_put(c);
	return r;
}

void
img_config_clear(struct img_config *c)
{
	json_object_put(c->inspect);
	json_object_put(c->history);
	json_object_put(c->raw_history);
	memset(c, 0, sizeof(*c));
}
