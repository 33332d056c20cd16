/* Parsing JSON documents read from outside (API bodies, client configs). */
#ifndef HARDOCK_COLLECT_JSONPARSE_H
#define HARDOCK_COLLECT_JSONPARSE_H

#include <stddef.h>
#include <json-c/json.h>

/* Nesting deeper than this is refused: bodies are attacker-shaped. */
#define HD_JSON_MAX_DEPTH 64

/*
 * Parse exactly one JSON document filling data[0..len) (surrounding white
 * space allowed) with tok, which is reset first so one tokener serves many
 * documents. HD_EPARSE with "DESC at offset N" when the text is not one
 * complete document, HD_ELIMIT when len does not fit json-c's int.
 */
int hd_json_parse(json_object **out, struct json_tokener *tok,
    const char *data, size_t len);

#endif
