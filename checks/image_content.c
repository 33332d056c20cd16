/* The content fact of an image for the image checks: typed reads, layer
 * evidence and the inherited decision, shared so no check repeats them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_content.h"
#include "image_util.h"

/* Read the "base" block: resolved counts, or why it is unresolved. */
static int
read_base(struct hd_content *c, struct hd_finding *f)
{
	json_object *b;

	if (hd_get_object(f, c->v, "base", &b) < 0)
		return -1;
	if (b == NULL)
		return 0;
	if (hd_get_str(f, b, "unresolved", NULL, &c->unresolved) < 0)
		return -1;
	if (c->unresolved != NULL)
		return 0;
	if (hd_get_int(f, b, "layers", -1, &c->base_layers) < 0 ||
	    hd_get_int(f, b, "history", -1, &c->base_history) < 0 ||
	    hd_get_str(f, b, "user", NULL, &c->base_user) < 0)
		return -1;
	if (c->base_layers < 0 || c->base_history < 0) {
		if (f != NULL)
			hd_msg(f, "image content: base.layers and base.history "
			    "must be counts");
		return -1;
	}
	c->base_known = true;
	return 0;
}

int
hd_content_get(struct hd_content *out, const struct hd_ctx *ctx,
    const struct hd_object *img, struct hd_finding *f)
{
	struct hd_fact fact;
	char *key = hd_xasprintf("%s%s", HD_F_IMAGE_CONTENT, img->id);
	bool recorded = hd_fact_recorded(ctx, key);

	memset(out, 0, sizeof(*out));
	free(key);
	/* Not recorded is a snapshot of a `scan` (older ones too): no
	 * contents were read, as HD_FACT_ABSENT says. */
	if (!recorded)
		return 0;
	hd_fact2(&fact, ctx, HD_F_IMAGE_CONTENT, img->id);
	if (fact.state == HD_FACT_ABSENT)
		return 0;
	if (fact.state == HD_FACT_ERROR) {
		if (f == NULL)
			return -1;
		hd_msg(f, "image content could not be read: %s",
		    fact.reason ? fact.reason : "no reason given");
		hd_ev_str(f, "image content", NULL, fact.source ? fact.source :
		    HD_F_IMAGE_CONTENT);
		return -1;
	}
	out->v = fact.value;
	out->source = fact.source ? fact.source : HD_F_IMAGE_CONTENT;
	if (!json_object_is_type(out->v, json_type_object)) {
		if (f != NULL)
			hd_msg(f, "image content: expected object");
		return -1;
	}
	if (hd_get_array(f, out->v, "layers", &out->layers) < 0 ||
	    read_base(out, f) < 0)
		return -1;
	return 1;
}

int
hd_content_get_id(struct hd_content *out, const struct hd_ctx *ctx,
    const char *image_id, struct hd_finding *f)
{
	struct hd_object img = { .kind = HD_OBJ_IMAGE, .id = image_id };

	memset(out, 0, sizeof(*out));
	if (image_id == NULL || image_id[0] == '\0')
		return 0;
	return hd_content_get(out, ctx, &img, f);
}

struct hd_content *
hd_content_base(struct hd_content *out, const struct hd_ctx *ctx,
    const struct hd_object *img)
{
	return hd_content_get(out, ctx, img, NULL) == 1 ? out : NULL;
}

int
hd_content_array(struct hd_finding *f, const struct hd_content *c,
    const char *key, json_object **out)
{
	int r = hd_get_array(f, c->v, key, out);

	if (r < 0) {
		hd_msg(f, "image content: %s: expected array", key);
		return r;
	}
	/* The reader always writes the list: without it, what it lists
	 * was not examined, which never passes. */
	if (*out == NULL) {
		hd_msg(f, "image content: no %s list: not examined", key);
		return HD_ETYPE;
	}
	return 0;
}

/* The layers[] entry whose index is layer, NULL when there is none. */
static json_object *
layer_entry(const struct hd_content *c, int64_t layer)
{
	json_object *e;
	int64_t idx = -1;

	if (c->layers == NULL || layer < 0 ||
	    (size_t)layer >= json_object_array_length(c->layers))
		return NULL;
	/* The reader writes them in order: index N at N. */
	e = json_object_array_get_idx(c->layers, (size_t)layer);
	if (!json_object_is_type(e, json_type_object) ||
	    hd_get_int(NULL, e, "index", -1, &idx) < 0 || idx != layer)
		return NULL;
	return e;
}

int
hd_content_item(struct hd_finding *f, const struct hd_content *c,
    json_object *arr, const char *key, size_t i, json_object **item,
    int64_t *layer)
{
	*item = json_object_array_get_idx(arr, i);
	if (!json_object_is_type(*item, json_type_object)) {
		hd_msg(f, "image content: %s[%zu]: expected object", key, i);
		return HD_ETYPE;
	}
	if (hd_get_int(f, *item, "layer", -1, layer) < 0)
		return HD_ETYPE;
	if (layer_entry(c, *layer) == NULL) {
		hd_msg(f, "image content: %s[%zu]: layer %lld is not one of the "
		    "image's %zu layers", key, i, (long long)*layer,
		    c->layers ? json_object_array_length(c->layers) : 0);
		return HD_ETYPE;
	}
	return 0;
}

bool
hd_content_layer_inherited(const struct hd_content *c, int64_t layer)
{
	json_object *e;
	bool base = false;

	if (c == NULL || !c->base_known)
		return false;
	if (layer >= 0 && layer < c->base_layers)
		return true;
	e = layer_entry(c, layer);
	return e != NULL && hd_get_bool(NULL, e, "base", false, &base) == 0 &&
	    base;
}

bool
hd_content_history_inherited(const struct hd_content *c, size_t i, size_t n)
{
	/* GET /images/{id}/history is newest first; base.history counts
	 * from the oldest. */
	if (c == NULL || !c->base_known || i >= n)
		return false;
	return (int64_t)(n - 1 - i) < c->base_history;
}

void
hd_content_mark(json_object *o, const struct hd_content *c, bool inherited)
{
	if (c != NULL && c->base_known)
		json_object_object_add(o, "inherited",
		    json_object_new_boolean(inherited));
}

json_object *
hd_content_layer_json(const struct hd_content *c, int64_t layer)
{
	json_object *o = json_object_new_object(), *e = layer_entry(c, layer);
	const char *digest = NULL, *cb = NULL;
	int64_t hist = -1;

	json_object_object_add(o, "index", json_object_new_int64(layer));
	if (e != NULL) {
		/* Types were not checked by the reader's consumer yet: a
		 * wrong one shows as null rather than as its text. */
		(void)hd_get_str(NULL, e, "digest", NULL, &digest);
		(void)hd_get_str(NULL, e, "created_by", NULL, &cb);
		(void)hd_get_int(NULL, e, "history", -1, &hist);
	}
	json_object_object_add(o, "digest", digest ?
	    json_object_new_string(digest) : NULL);
	if (cb != NULL) {
		/* The reader scrubs it; scrubbed again, never trusted. */
		char *ev = hd_command_evidence(cb);

		json_object_object_add(o, "created_by", json_object_new_string(ev));
		free(ev);
	} else {
		json_object_object_add(o, "created_by", NULL);
	}
	json_object_object_add(o, "history", hist >= 0 ?
	    json_object_new_int64(hist) : NULL);
	return o;
}

/* The layer history entry hist (oldest first) created, -1 for none. */
static int64_t
history_layer(const struct hd_content *c, int64_t hist)
{
	for (size_t k = 0; c->layers && k < json_object_array_length(c->layers);
	    k++) {
		json_object *e = json_object_array_get_idx(c->layers, k);
		int64_t h = -1;

		if (json_object_is_type(e, json_type_object) &&
		    hd_get_int(NULL, e, "history", -1, &h) == 0 && h == hist)
			return (int64_t)k;
	}
	return -1;
}

bool
hd_content_ev_history(struct hd_finding *f, const char *field,
    const char *created_by, const struct hd_content *c, size_t i, size_t n)
{
	char *e = hd_command_evidence(created_by);
	bool inherited = hd_content_history_inherited(c, i, n);
	json_object *o;
	int64_t layer;

	if (c == NULL || !c->base_known) {
		hd_ev_str(f, field, e, SRC_IMAGE_HISTORY);
		free(e);
		return false;
	}
	o = json_object_new_object();
	json_object_object_add(o, "created_by", json_object_new_string(e));
	json_object_object_add(o, "history", json_object_new_int64(
	    (int64_t)(n - 1 - i)));
	layer = history_layer(c, (int64_t)(n - 1 - i));
	/* An entry that made no layer (ENV, CMD, USER) names none. */
	json_object_object_add(o, "layer", layer >= 0 ?
	    hd_content_layer_json(c, layer) : NULL);
	json_object_object_add(o, "inherited", json_object_new_boolean(inherited));
	hd_ev(f, field, o, SRC_IMAGE_HISTORY);
	free(e);
	return inherited;
}

void
hd_content_ev_base(struct hd_finding *f, const struct hd_content *c)
{
	json_object *b = NULL, *copy = NULL;
	char *text;

	(void)hd_get_object(NULL, c->v, "base", &b);
	if (b == NULL) {
		hd_ev_str(f, "base image", "none named (--base, or the OCI "
		    "annotation org.opencontainers.image.base.digest): nothing "
		    "is marked inherited", c->source);
		return;
	}
	if (c->unresolved != NULL) {
		text = hd_xasprintf("unresolved: %s; nothing is marked inherited",
		    c->unresolved);
		hd_ev_str(f, "base image", text, c->source);
		free(text);
		return;
	}
	json_object_deep_copy(b, &copy, NULL);
	hd_ev(f, "base image", copy, c->source);
}

void
hd_inherit_note(struct hd_inherit *a, bool inherited)
{
	if (inherited)
		a->base++;
	else
		a->own++;
}

void
hd_inherit_apply(struct hd_finding *f, const struct hd_inherit *a)
{
	hd_finding_set_inherited(f, a->base > 0 && a->own == 0);
}
