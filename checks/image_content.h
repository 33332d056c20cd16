/*
 * What `hardock image` read inside an image's layers (HD_F_IMAGE_CONTENT,
 * <hardock/facts.h>), for the image checks: the fact read with its types
 * checked, the layer an item came from as evidence, and whether a failing
 * item is the base image's (inherited) rather than the image's own.
 *
 * Inherited is decided one way for every check: a layer is the base's when
 * the content's "base" block is resolved and the layer's index is below
 * base.layers (or the layer says "base": true); a history entry when its
 * oldest-first index is below base.history. An unresolved base marks
 * nothing, and the evidence says why. A finding is inherited when it has
 * failing items and every one of them is the base's.
 */
#ifndef HARDOCK_CHECKS_IMAGE_CONTENT_H
#define HARDOCK_CHECKS_IMAGE_CONTENT_H

#include <stdbool.h>
#include <stdint.h>

#include "checks.h"

/* An image's content fact, read. */
struct hd_content {
	json_object *v;         /* the fact's value (borrowed) */
	const char *source;     /* the archive or API call it was read from */
	json_object *layers;    /* layers[], oldest first */
	bool base_known;        /* a resolved "base" block */
	int64_t base_layers;    /* the oldest this many layers are the base's */
	int64_t base_history;   /* the oldest this many history entries */
	const char *base_user;  /* the base's Config.User, NULL if unknown */
	const char *unresolved; /* why the base is not known, or NULL */
};

/* Read img's content fact: 1 with *out when the contents were read; 0 when
 * none were (a plain `scan`: HD_FACT_ABSENT); -1 with f's message set (f
 * may be NULL) when they could not be read whole, or the fact is
 * malformed. */
int hd_content_get(struct hd_content *out, const struct hd_ctx *ctx,
    const struct hd_object *img, struct hd_finding *f);

/* hd_content_get() for the image whose id is image_id (a container's
 * Image): 0 also when no id is given. */
int hd_content_get_id(struct hd_content *out, const struct hd_ctx *ctx,
    const char *image_id, struct hd_finding *f);

/* The content of img for a check that judges something else (history,
 * configuration) and needs only to know the base: out, or NULL when the
 * contents were not read or not whole (nothing is then marked). */
struct hd_content *hd_content_base(struct hd_content *out,
    const struct hd_ctx *ctx, const struct hd_object *img);

/* The array at key of the content ("setuid", "secrets", ...): 0 with *out;
 * HD_ETYPE with f's message when it is missing (not examined) or not an
 * array. */
int hd_content_array(struct hd_finding *f, const struct hd_content *c,
    const char *key, json_object **out);

/* Item i of array key as an object, with its "layer" checked to name a
 * layer of the image: 0 with *item and *layer, HD_ETYPE with f's message
 * (naming key[i]) otherwise. */
int hd_content_item(struct hd_finding *f, const struct hd_content *c,
    json_object *arr, const char *key, size_t i, json_object **item,
    int64_t *layer);

/* Whether layer (an index, oldest first) is the base image's. */
bool hd_content_layer_inherited(const struct hd_content *c, int64_t layer);

/* Whether history entry i of n in GET /images/{id}/history order (newest
 * first) is the base image's; false when c is NULL or the base unknown. */
bool hd_content_history_inherited(const struct hd_content *c, size_t i,
    size_t n);

/* Layer index as evidence: {"index", "digest", "created_by" (scrubbed),
 * "history" (the config's history index, oldest first)}. */
json_object *hd_content_layer_json(const struct hd_content *c, int64_t layer);

/* Add "inherited": bool to the evidence object o when c knows the base
 * (a plain scan, or an unresolved base, says nothing). */
void hd_content_mark(json_object *o, const struct hd_content *c,
    bool inherited);

/* History entry i of n (newest first) whose CreatedBy is created_by as
 * evidence under field: the command redacted, as a string; when c knows
 * the base, {"created_by", "history" (oldest-first index), "layer" (the
 * layer it created, null for none), "inherited"}.
 * Returns whether the entry is the base's. */
bool hd_content_ev_history(struct hd_finding *f, const char *field,
    const char *created_by, const struct hd_content *c, size_t i, size_t n);

/* The base image as evidence ("base image"): how it was named and how many
 * layers and history entries are its, or "unresolved" and why nothing is
 * marked inherited; "none named" when the content has no base. */
void hd_content_ev_base(struct hd_finding *f, const struct hd_content *c);

/* The failing items of one finding: how many are the base's, how many the
 * image's own. */
struct hd_inherit {
	size_t base;
	size_t own;
};

/* Count one failing item. */
void hd_inherit_note(struct hd_inherit *a, bool inherited);

/* Mark f inherited when it had failing items and all were the base's. */
void hd_inherit_apply(struct hd_finding *f, const struct hd_inherit *a);

#endif
