/*
 * hardock: strict JSON parsing of a whole buffer (json-c), with the error
 * position as line and column, for configuration files, profiles, snapshots,
 * client configs and Engine API bodies.
 */
#ifndef HARDOCK_JSONPARSE_H
#define HARDOCK_JSONPARSE_H

#include <stddef.h>
#include <json-c/json.h>

/* Nesting deeper than this is refused: documents are attacker-shaped. */
#define HD_JSON_MAX_DEPTH 64

/* The 1-based line and column of byte offset off in data[0..len) (offsets
 * past the end count as the end), for error messages of text parsers. */
void hd_text_position(size_t *line, size_t *col, const char *data,
    size_t len, size_t off);

/* Parse exactly one JSON value from data (surrounding white space
 * allowed). On failure HD_EPARSE with "line L, column C: reason" (1-based)
 * and *out NULL; an embedded NUL byte, an incomplete document or trailing
 * garbage is an error; HD_ELIMIT when len does not fit json-c's int. */
int hd_json_parse(json_object **out, const char *data, size_t len);

/* hd_json_parse() of a document that must be a JSON object: HD_EPARSE
 * "WHAT is not valid JSON: line L, column C: ..." or "WHAT is not a JSON
 * object but TYPE". */
int hd_json_parse_object(json_object **out, const char *data, size_t len,
    const char *what);

/* The same with a caller's tokener (reset first), so that one tokener
 * serves many documents on a hot path. */
int hd_json_parse_tok(json_object **out, struct json_tokener *tok,
    const char *data, size_t len);

#endif
