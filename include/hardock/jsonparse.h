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

/* A strict tokener limited to HD_JSON_MAX_DEPTH, the kind hd_json_parse()
 * parses with, for hd_json_parse_tok() and the map parsers below
 * (json_tokener_free() it). */
struct json_tokener *hd_json_tokener_new(void);

/* The same with a caller's tokener (reset first), so that one tokener
 * serves many documents on a hot path. */
int hd_json_parse_tok(json_object **out, struct json_tokener *tok,
    const char *data, size_t len);

/* The end of the JSON value starting at p (no white space before it),
 * with containers nested at most max_depth deep; NULL when it does not end
 * before end, holds a NUL byte or nests deeper. Only the extent is found
 * (strings, brackets): a parser then reads and validates the text. */
const char *hd_json_skip_value(const char *p, const char *end, int max_depth);

/* Parse data like hd_json_parse_tok(), but a JSON array element by
 * element: each is handed to map (which owns it and returns the value to
 * keep, a new reference), so that a long list cut down by map is never
 * whole in memory (the engine's list of 10,000 containers is 70 MB of
 * tree, the members hardock keeps 6 MB). A document that is not an array
 * is returned whole, not mapped; a malformed one fails with the same
 * error as hd_json_parse_tok(). */
int hd_json_parse_array_map(json_object **out, struct json_tokener *tok,
    const char *data, size_t len,
    json_object *(*map)(void *arg, json_object *elem), void *arg);

/* hd_json_parse_array_map() for the array under key member of a JSON
 * object: the object is read member by member and that array element by
 * element through map, so that a report's long list of results is never
 * whole in memory beside what map keeps of it (hd_report_parse()). Every
 * other member is parsed as it is; a document that is not an object, or
 * whose member is not an array, is returned as the whole parse gives it;
 * a malformed one fails with the same error as hd_json_parse_tok(). */
int hd_json_parse_member_map(json_object **out, struct json_tokener *tok,
    const char *data, size_t len, const char *member,
    json_object *(*map)(void *arg, json_object *elem), void *arg);

#endif
