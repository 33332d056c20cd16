/*
 * A YAML document (libyaml) as a small tree whose every node keeps its
 * line and column, so that a profile's errors can name FILE:LINE:COLUMN.
 * JSON is read the same way (a JSON document is YAML's flow style).
 *
 * Profiles are written by hand and read from anywhere: aliases are refused
 * (no billion laughs), nesting is capped, and a key given twice in one
 * mapping is an error instead of the last one silently winning.
 */
#ifndef HARDOCK_CORE_YAML_H
#define HARDOCK_CORE_YAML_H

#include <stdbool.h>
#include <stddef.h>

#define HD_YAML_MAX_DEPTH 32

enum hd_ytype {
	HD_Y_SCALAR = 0,
	HD_Y_SEQ,
	HD_Y_MAP,
};

/* What a scalar means under YAML 1.2's core schema (quoted: a string). */
enum hd_yscalar {
	HD_YS_STRING = 0,
	HD_YS_NULL,
	HD_YS_BOOL,
	HD_YS_INT,
	HD_YS_FLOAT,
};

struct hd_ynode {
	enum hd_ytype type;
	unsigned line, col;     /* 1-based */
	char *text;             /* a scalar's text as written */
	enum hd_yscalar kind;   /* a scalar's resolved type */
	struct hd_ynode **kids; /* sequence items, or keys and values in turn */
	size_t nkids;
};

/* Parse one document from data[0..len) into *out (NULL on entry). An empty
 * document is a null scalar. HD_EPARSE "ORIGIN:LINE:COLUMN: problem" on a
 * syntax error, an alias, a second document, a duplicate key, a mapping
 * key that is not a scalar, or nesting deeper than HD_YAML_MAX_DEPTH. */
int hd_yaml_parse(struct hd_ynode **out, const char *data, size_t len,
    const char *origin);

void hd_ynode_free(struct hd_ynode *n);

/* What s written as a plain (unquoted) scalar would mean: writers quote
 * it when that is not a string. */
enum hd_yscalar hd_yaml_resolve(const char *s);

/* The value of key in mapping m, NULL when absent (or m is not a map). */
const struct hd_ynode *hd_ymap_get(const struct hd_ynode *m, const char *key);

/* The name of a node's type for messages: "a mapping", "a list", "a
 * string", "a number", "a boolean", "null". */
const char *hd_ynode_what(const struct hd_ynode *n);

#endif
