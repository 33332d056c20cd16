/*
 * hardock: the snapshot, every fact collected about a host, gathered once.
 *
 * A fact is a named value that a collector observed, together with where it
 * came from. Each fact is in one of three states:
 *   HD_FACT_VALUE   observed; `value` holds it (any JSON type);
 *   HD_FACT_ABSENT  looked for and known not to exist (a file that is not
 *                   there, a daemon.json that was never written); `reason`;
 *   HD_FACT_ERROR   could not be determined (permission denied, parse error
 *                   at line:column, engine unreachable); `reason`.
 * A key never set by any collector reads as HD_FACT_ERROR with the reason
 * "not collected", so a check can never mistake a missing collector for a
 * clean host.
 *
 * Fact keys and the shape of each value are the contract between collectors
 * and checks: they are listed in <hardock/facts.h>.
 *
 * Per-object facts (containers, images) live in ordered object lists, one
 * entry per object, each with kind, id, name and a fact holding the object's
 * full inspect document (or the error that prevented reading it).
 *
 * The snapshot is plain JSON underneath (json-c), so it round-trips to a file
 * without loss: `hardock scan --save-snapshot F` and `--snapshot F`.
 *
 * Ownership: setters steal the json_object passed as value. Getters return
 * borrowed pointers valid until the snapshot is freed or the fact replaced.
 *
 * Memory: inspect documents are kept as compact JSON text (a collector's,
 * deflated against the first document of their kind) and parsed when
 * hd_snapshot_object() first shows them; the tree (and every pointer into
 * it: inspect.value, labels, strings read from them) stays valid until
 * hd_snapshot_release() of that object. Code that walks every object of a
 * kind releases each one when done with it, so that one document at a
 * time is in memory, not a thousand.
 */
#ifndef HARDOCK_SNAPSHOT_H
#define HARDOCK_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <json-c/json.h>

#include "buf.h"
#include "common.h"

#define HD_SNAPSHOT_VERSION 1
#define HD_SNAPSHOT_CAP (1024u << 20) /* bytes of a saved snapshot read */

enum hd_fact_state {
	HD_FACT_VALUE = 0,
	HD_FACT_ABSENT,
	HD_FACT_ERROR,
};

/* A fact as read back: borrowed pointers into the snapshot. */
struct hd_fact {
	enum hd_fact_state state;
	json_object *value; /* NULL unless state == HD_FACT_VALUE */
	const char *source; /* e.g. "GET /v1.43/info", "/etc/docker/daemon.json" */
	const char *reason; /* NULL when state == HD_FACT_VALUE */
};

enum hd_object_kind {
	HD_OBJ_DAEMON = 0,
	HD_OBJ_CONTAINER,
	HD_OBJ_IMAGE,
	HD_OBJ_FILE,
	HD_OBJ_HOST,
	HD_OBJ__COUNT
};

/* One object of a per-object list, as the scanner hands it to a check. */
struct hd_object {
	enum hd_object_kind kind;
	const char *id;         /* full id (container/image), path (file) */
	const char *name;       /* container name without '/', image first tag */
	json_object *labels;    /* borrowed JSON object of labels, or NULL */
	struct hd_fact inspect; /* the object's inspect document */
};

struct hd_snapshot;

/* A new, empty snapshot. */
struct hd_snapshot *hd_snapshot_new(void);

/* Free s; NULL is accepted. */
void hd_snapshot_free(struct hd_snapshot *s);

/* Record a fact's value (stolen); replaces an earlier fact of that key. */
void hd_snapshot_set_value(struct hd_snapshot *s, const char *key,
    json_object *value, const char *source);

/* Record that a fact was looked for and does not exist. */
void hd_snapshot_set_absent(struct hd_snapshot *s, const char *key,
    const char *source, const char *fmt, ...) HD_PRINTF(4, 5);

/* Record that a fact could not be determined, and why. */
void hd_snapshot_set_error(struct hd_snapshot *s, const char *key,
    const char *source, const char *fmt, ...) HD_PRINTF(4, 5);

/* Read a fact; an unknown key yields HD_FACT_ERROR "not collected". */
void hd_snapshot_fact(struct hd_fact *out, const struct hd_snapshot *s,
    const char *key);

/* Whether any collector recorded key. */
bool hd_snapshot_has(const struct hd_snapshot *s, const char *key);

/* Append an object whose inspect document is value (stolen). labels is
 * looked up inside value by the caller's convention and may be NULL. */
void hd_snapshot_add_object(struct hd_snapshot *s, enum hd_object_kind kind,
    const char *id, const char *name, json_object *value, const char *source);

/* Append an object whose inspect document is the JSON text text[0..len)
 * (copied), kept as text and parsed when first shown (hd_snapshot_object):
 * a text that does not parse then is that object's error, with the
 * parser's reason. Only the text's extent is checked here: false, and
 * nothing added, unless it is one JSON object (balanced, no NUL byte,
 * nothing but white space around it); the caller then parses it for the
 * reason. */
bool hd_snapshot_add_object_text(struct hd_snapshot *s,
    enum hd_object_kind kind, const char *id, const char *name,
    const char *text, size_t len, const char *source);

/* The two halves of hd_snapshot_add_object_text(), for a collector that
 * holds each answer's text as it arrives (before the next ones) and adds
 * the objects later, in order: a text-held document of text[0..len)
 * (copied), or NULL when it is not one JSON object; and appending an
 * object whose document is held (stolen). */
json_object *hd_snapshot_text_hold(const char *text, size_t len);
void hd_snapshot_add_object_held(struct hd_snapshot *s,
    enum hd_object_kind kind, const char *id, const char *name,
    json_object *held, const char *source);

/* Append an object whose inspect failed, with the reason. */
void hd_snapshot_add_object_error(struct hd_snapshot *s,
    enum hd_object_kind kind, const char *id, const char *name,
    const char *source, const char *fmt, ...) HD_PRINTF(6, 7);

/* Number of objects of a kind, and the i-th one (borrowed view). */
size_t hd_snapshot_count(const struct hd_snapshot *s, enum hd_object_kind kind);
void hd_snapshot_object(struct hd_object *out, const struct hd_snapshot *s,
    enum hd_object_kind kind, size_t i);

/* Drop the parsed inspect document of the i-th object of kind (views of
 * it become invalid; the next hd_snapshot_object() parses it again). An
 * object never shown, or out of range, is left alone. */
void hd_snapshot_release(const struct hd_snapshot *s, enum hd_object_kind kind,
    size_t i);

/* Drop the i-th object of kind for good, its record and document freed:
 * for a scan whose caller needs no object after it (hd_scan_opts
 * .consume). It still counts; shown, it is an error without id or name,
 * and a snapshot saved after it is not one hd_snapshot_parse() reads. */
void hd_snapshot_drop(struct hd_snapshot *s, enum hd_object_kind kind,
    size_t i);

/* The index of the object of kind whose id is id into *out; false when
 * there is none. Compares ids only: no document is parsed. */
bool hd_snapshot_find(size_t *out, const struct hd_snapshot *s,
    enum hd_object_kind kind, const char *id);

/* Remove the object of kind whose id is id (its views become invalid);
 * false when there is none. Watch replaces one container this way. */
bool hd_snapshot_remove(struct hd_snapshot *s, enum hd_object_kind kind,
    const char *id);

/* Why the audited engine is not on the host whose files the snapshot
 * holds (HD_F_ENGINE_LOCALITY's "why" when "local" is false), or NULL when
 * it is, or when nothing says (snapshots older than that fact). */
const char *hd_snapshot_remote(const struct hd_snapshot *s);

/* Whether fact key describes the host hardock ran on rather than the
 * engine (see "Where facts come from" in <hardock/facts.h>). */
bool hd_fact_is_host(const char *key);

/* Top-level metadata: when and where the snapshot was taken. */
void hd_snapshot_set_meta(struct hd_snapshot *s, const char *key,
    const char *value);
const char *hd_snapshot_meta(const struct hd_snapshot *s, const char *key);

/* The whole snapshot as a JSON document (borrowed). In it, an object's
 * inspect document is a JSON string of its compact text that prints (and
 * saves) as the document itself. */
json_object *hd_snapshot_json(const struct hd_snapshot *s);

/* The snapshot as compact text for another process of this run, which
 * reads it with hd_snapshot_parse() (hardock watch's collector to its
 * evaluator): each text-held inspect document is copied as it is held,
 * never parsed here, so that the process collecting parses no tenant
 * document. Such a text is one balanced JSON object that may be malformed
 * inside: over there, as here, it is then that object's error. Not for
 * files other tools read (the text is then not JSON): hd_snapshot_save().
 * *len is the length; the text is borrowed, valid until s changes. */
const char *hd_snapshot_transfer(const struct hd_snapshot *s, size_t *len);

/* Build a snapshot from a JSON document held in a buffer; HD_EPARSE with
 * the position on malformed JSON or a document that is not a snapshot. */
int hd_snapshot_parse(struct hd_snapshot **out, const char *data, size_t len);

/* hd_snapshot_parse() of a text the caller gives up (a buffer it owns
 * and frees after, unread): past 16 MB read, the pages the parser has
 * passed are handed back to the kernel as it goes (they read as zeros,
 * or a mapped file's bytes, then), so that a large snapshot's text and what it parses into are not
 * in memory together. A malformed one past that point is said by byte
 * offset ("near byte N of LEN"), not by json-c's line and column. */
int hd_snapshot_parse_spent(struct hd_snapshot **out, char *data, size_t len);

/* Read a snapshot file into a buffer, capped, without parsing it (the
 * scan parses it inside the sandbox): mapped, not copied (hd_buf_map()). */
int hd_snapshot_read(struct hd_buf **out, const char *path);

/* Read a snapshot file (capped) and parse it. */
int hd_snapshot_load(struct hd_snapshot **out, const char *path);

/* Write the snapshot as pretty JSON to fp and flush it; HD_EIO. */
int hd_snapshot_write(const struct hd_snapshot *s, FILE *fp);

/* Write the snapshot as pretty JSON; collectors add facts in a fixed order,
 * so two snapshots of an unchanged host differ only in times. */
int hd_snapshot_save(const struct hd_snapshot *s, const char *path);

/* Name of an object kind: "container", "image", "file", "daemon", "host". */
const char *hd_object_kind_name(enum hd_object_kind kind);

#endif
