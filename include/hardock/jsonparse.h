/*
 * hardock: strict JSON parsing of a whole buffer (json-c), with the error
 * position as line and column, for configuration files, profiles, snapshots
 * and Engine API bodies.
 */
#ifndef HARDOCK_JSONPARSE_H
#define HARDOCK_JSONPARSE_H

#include <stddef.h>
#include <json-c/json.h>

/* Parse exactly one JSON value from data (trailing white space allowed).
 * On failure HD_EPARSE with "line L, column C: reason" (1-based), *out
 * NULL. An embedded NUL byte or trailing garbage is an error. */
int hd_json_parse(json_object **out, const char *data, size_t len);

#endif
