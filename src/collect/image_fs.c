/* An image's final filesystem, as far as the checks need it: its layers in
 * manifest order, verified against the manifest and the configuration,
 * and each layer's records kept, hidden or marked deleted by what the
 * layers above it hold (whiteouts, opaque directories, replacement). */
#include <stdlib.h>
#include <string.h>

#include <hardock/common.h>

#include "collect/image_int.h"
#include "secret_detect.h"

/* Whether layer L hides a path of a lower layer, given the hashes of
 * the path's n prefixes ("" first, the path itself last): an entry or a
 * whiteout at the path, a whiteout, opaque marker or non-directory at
 * one of its parents (the root's opaque marker empties everything). */
static bool
hides(const struct img_layer *L, const uint64_t *h, size_t n)
{
	if (img_pathset_get_h(&L->paths, h[n - 1]) &
	    (IMG_P_DIR | IMG_P_NONDIR | IMG_P_WHITEOUT))
		return true;
	if (img_pathset_get_h(&L->paths, h[0]) & IMG_P_OPAQUE)
		return true;
	for (size_t i = 1; i + 1 < n; i++)
		if (img_pathset_get_h(&L->paths, h[i]) &
		    (IMG_P_NONDIR | IMG_P_WHITEOUT | IMG_P_OPAQUE))
			return true;
	return false;
}

/* The first layer above i that hides p, or -1. Each prefix of p is
 * hashed once, then looked up in every upper layer. */
static long
hidden_by(const struct img_image *im, const struct img_read *r, size_t i,
    const char *p)
{
	size_t len = strlen(p), n = 0;
	uint64_t stack[64], *h = stack;
	long by = -1;

	for (size_t k = 0; k < len; k++)
		n += p[k] == '/';
	n += 2; /* "", each parent, p */
	if (n > sizeof(stack) / sizeof(*stack))
		h = hd_xcalloc(n, sizeof(*h));
	n = 0;
	h[n++] = img_path_hash(r->key, "", 0);
	for (size_t k = 0; k < len; k++)
		if (p[k] == '/')
			h[n++] = img_path_hash(r->key, p, k);
	h[n++] = img_path_hash(r->key, p, len);
	for (size_t j = i + 1; j < im->n_layers && by < 0; j++)
		if (hides(im->layers[j], h, n))
			by = (long)j;
	if (h != stack)
		free(h);
	return by;
}

/* Why the layers cannot be trusted or were not read whole, or NULL. */
static char *
layers_problem(const struct img_image *im, const struct img_read *r)
{
	size_t nd = json_object_array_length(im->cfg->diff_ids);
	uint64_t files = 0;

	if (im->n_layers > r->lim->max_layers)
		return hd_xasprintf("cap max_layers (%u) hit: the manifest names %zu "
		    "layers", r->lim->max_layers, im->n_layers);
	if (nd != im->n_layers)
		return hd_xasprintf("the manifest names %zu layers, the "
		    "configuration's rootfs.diff_ids %zu", im->n_layers, nd);
	for (size_t i = 0; i < im->n_layers; i++) {
		const struct img_layer *L = im->layers[i];
		const char *d = json_object_get_string(
		    json_object_array_get_idx(im->cfg->diff_ids, i));

		if (L == NULL)
			return hd_xasprintf("layer %zu (%.200s) is not in the archive",
			    i, im->names[i]);
		if (L->error != NULL)
			return hd_xasprintf("layer %zu: %s", i, L->error);
		if (im->want[i] != NULL && strcmp(im->want[i], L->digest) != 0)
			return hd_xasprintf("layer %zu (%.200s): the manifest lies: it "
			    "gives the digest %.80s, the blob's sha256 is %s", i,
			    im->names[i], im->want[i], L->digest);
		if (strcmp(d, L->diff_id) != 0)
			return hd_xasprintf("layer %zu (%.200s): the manifest lies: "
			    "rootfs.diff_ids[%zu] is %s, the uncompressed tar's sha256 "
			    "is %s", i, im->names[i], i, d, L->diff_id);
		files += L->files;
	}
	if (files > r->lim->max_files)
		return hd_xasprintf("cap max_files (%llu entries) hit: the layers "
		    "hold %llu", (unsigned long long)r->lim->max_files,
		    (unsigned long long)files);
	return NULL;
}

/* The layers array: digests, what was verified, the history entry that
 * made each (oldest first: empty_layer entries make none). Fills the
 * engine-shaped history's Size from each layer's file bytes. */
static json_object *
layers_json(const struct img_image *im)
{
	json_object *arr = json_object_new_array(), *hist = im->cfg->raw_history;
	size_t nh = json_object_array_length(hist), h = 0;
	size_t eh = json_object_array_length(im->cfg->history);

	for (size_t i = 0; i < im->n_layers; i++) {
		const struct img_layer *L = im->layers[i];
		json_object *o = json_object_new_object(), *e = NULL, *v;
		char *verify;

		/* The i-th history entry that is not an empty layer. */
		for (; h < nh; h++) {
			e = json_object_array_get_idx(hist, h);
			if (!json_object_object_get_ex(e, "empty_layer", &v) ||
			    !json_object_get_boolean(v))
				break;
		}
		json_object_object_add(o, "index", json_object_new_int64((int64_t)i));
		json_object_object_add(o, "digest", json_object_new_string(
		    im->want[i] ? im->want[i] : L->digest));
		json_object_object_add(o, "diff_id", json_object_new_string(L->diff_id));
		json_object_object_add(o, "verified", json_object_new_boolean(1));
		if (im->want[i] != NULL)
			verify = hd_xasprintf("sha256 of the layer blob (%s) equals the "
			    "manifest's digest and of its uncompressed tar equals "
			    "rootfs.diff_ids[%zu]", L->compression, i);
		else if (strcmp(L->compression, "none") == 0)
			verify = hd_xasprintf("sha256 of the layer blob (a plain tar) "
			    "equals rootfs.diff_ids[%zu]", i);
		else
			verify = hd_xasprintf("sha256 of the layer blob's uncompressed "
			    "tar (%s) equals rootfs.diff_ids[%zu]", L->compression, i);
		json_object_object_add(o, "verify", json_object_new_string(verify));
		free(verify);
		if (h < nh) {
			json_object_object_add(o, "history",
			    json_object_new_int64((int64_t)h));
			if (json_object_object_get_ex(e, "created_by", &v) &&
			    json_object_is_type(v, json_type_string)) {
				char *s = hd_secret_scrub(json_object_get_string(v));

				json_object_object_add(o, "created_by",
				    json_object_new_string(s));
				free(s);
			} else {
				json_object_object_add(o, "created_by", NULL);
			}
			if (h < eh)
				json_object_object_add(json_object_array_get_idx(
				    im->cfg->history, eh - 1 - h), "Size",
				    json_object_new_int64((int64_t)L->size));
			h++;
		} else {
			json_object_object_add(o, "history", NULL);
			json_object_object_add(o, "created_by", NULL);
		}
		json_object_object_add(o, "base", json_object_new_boolean(0));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* The record a hard link of layer i (to target, a file of a lower layer)
 * shares: the setuid or secret record of target in the highest layer
 * below i that still holds it when layer i is applied; NULL if none. */
static const struct img_rec *
link_target(const struct img_image *im, const struct img_read *r, size_t i,
    const char *target, size_t *layer)
{
	for (size_t j = i; j-- > 0;) {
		const struct img_layer *L = im->layers[j];
		long by;

		if (!(img_pathset_get(&L->paths, r->key, target, strlen(target)) &
		    IMG_P_NONDIR))
			continue;
		by = hidden_by(im, r, j, target);
		if (by >= 0 && (size_t)by < i)
			return NULL;
		for (size_t k = 0; k < L->n_recs; k++) {
			const struct img_rec *t = &L->recs[k];

			if (!t->replaced && strcmp(t->path, target) == 0 &&
			    (t->kind == IMG_REC_SETUID || t->kind == IMG_REC_SECRET)) {
				*layer = j;
				return t;
			}
		}
		return NULL;
	}
	return NULL;
}

/* A record as the fact shows it: its object with an absolute path and
 * its layer. */
static json_object *
rec_json(const struct img_rec *rec, size_t layer)
{
	json_object *o = NULL;
	char *p = hd_xasprintf("/%s", rec->path);

	json_object_deep_copy(rec->o, &o, NULL);
	json_object_object_add(o, "path", json_object_new_string(p));
	json_object_object_add(o, "layer", json_object_new_int64((int64_t)layer));
	free(p);
	return o;
}

/* The limits as the fact records them. */
static json_object *
limits_json(const struct hd_image_limits *l)
{
	const struct {
		const char *name;
		uint64_t v;
	} caps[] = {
		{ "max_files", l->max_files }, { "max_bytes", l->max_bytes },
		{ "max_path", l->max_path }, { "max_depth", l->max_depth },
		{ "max_link", l->max_link }, { "max_file_size", l->max_file_size },
	};
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < sizeof(caps) / sizeof(*caps); i++)
		json_object_object_add(o, caps[i].name,
		    json_object_new_int64((int64_t)caps[i].v));
	return o;
}

json_object *
img_fs_content(const struct img_image *im, const struct img_read *r)
{
	json_object *c, *setuid, *secrets, *pkgconf, *pkgs, *passwd = NULL, *st;
	uint64_t files = 0, bytes = 0;
	char *why;

	if ((why = layers_problem(im, r)) != NULL) {
		hd_error_set(HD_EPARSE, "%s", why);
		free(why);
		return NULL;
	}
	c = json_object_new_object();
	json_object_object_add(c, "format", json_object_new_string(im->format));
	json_object_object_add(c, "layers", layers_json(im));
	json_object_object_add(c, "base", NULL);
	setuid = json_object_new_array();
	secrets = json_object_new_array();
	pkgconf = json_object_new_array();
	pkgs = json_object_new_array();
	for (size_t i = 0; i < im->n_layers; i++) {
		const struct img_layer *L = im->layers[i];

		files += L->files;
		bytes += L->bytes;
		for (size_t k = 0; k < L->n_recs; k++) {
			const struct img_rec *rec = &L->recs[k];
			long by = rec->replaced ? (long)i : hidden_by(im, r, i, rec->path);
			json_object *o;

			if (rec->kind == IMG_REC_SECRET) {
				o = rec_json(rec, i);
				json_object_object_add(o, "deleted_in",
				    by < 0 ? NULL : json_object_new_int64(by));
				json_object_array_add(secrets, o);
				continue;
			}
			if (by >= 0)
				continue;
			if (rec->kind == IMG_REC_LINK) {
				const char *t = json_object_get_string(
				    json_object_object_get(rec->o, "target"));
				const struct img_rec *tr;
				size_t tl = 0;
				char *lp;

				if ((tr = link_target(im, r, i, t, &tl)) == NULL)
					continue;
				o = rec_json(tr, i);
				lp = hd_xasprintf("/%s", rec->path);
				json_object_object_add(o, "path", json_object_new_string(lp));
				free(lp);
				if (tr->kind == IMG_REC_SECRET)
					json_object_object_add(o, "deleted_in", NULL);
				json_object_array_add(tr->kind == IMG_REC_SECRET ? secrets :
				    setuid, o);
				continue;
			}
			switch (rec->kind) {
			case IMG_REC_SETUID:
				json_object_array_add(setuid, rec_json(rec, i));
				break;
			case IMG_REC_PKGCONF:
				json_object_array_add(pkgconf, rec_json(rec, i));
				break;
			case IMG_REC_PACKAGES:
				json_object_array_add(pkgs, rec_json(rec, i));
				break;
			case IMG_REC_PASSWD:
				json_object_put(passwd);
				passwd = rec_json(rec, i);
				json_object_object_del(passwd, "path");
				break;
			case IMG_REC_SECRET:
			case IMG_REC_LINK:
				break;
			}
		}
	}
	json_object_object_add(c, "setuid", setuid);
	json_object_object_add(c, "secrets", secrets);
	json_object_object_add(c, "package_config", pkgconf);
	json_object_object_add(c, "packages", pkgs);
	json_object_object_add(c, "passwd", passwd);
	st = json_object_new_object();
	json_object_object_add(st, "files", json_object_new_int64((int64_t)files));
	json_object_object_add(st, "bytes", json_object_new_int64((int64_t)bytes));
	json_object_object_add(c, "stats", st);
	json_object_object_add(c, "limits", limits_json(r->lim));
	return c;
}
