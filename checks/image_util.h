/* Helpers shared by the image checks (section 4, 6 and HD-SECRET): image
 * lookup, image history and the instructions it records, times. */
#ifndef HARDOCK_CHECKS_IMAGE_UTIL_H
#define HARDOCK_CHECKS_IMAGE_UTIL_H

#include <stdbool.h>
#include <time.h>

#include <hardock/timeparse.h>

#include "checks.h"

#define SRC_IMAGE_HISTORY "GET /images/{id}/history"
#define SRC_CONTAINERS "GET /containers/{id}/json (every container)"

/* Longest command shown as evidence, in bytes. */
#define HD_CMD_EVIDENCE_MAX 400

/* The image object whose id is id ("sha256:..."); false when the snapshot
 * holds no such image. */
bool hd_image_lookup(struct hd_object *out, const struct hd_ctx *ctx,
    const char *id);

/* The image's history (array, newest entry first); NULL with f's message
 * set when it was not collected or is not an array. */
json_object *hd_image_history(const struct hd_ctx *ctx,
    const struct hd_object *img, struct hd_finding *f);

/* CreatedBy of history entry i ("" when missing); HD_ETYPE with f's
 * message when the entry or the field has the wrong type. */
int hd_history_created_by(struct hd_finding *f, json_object *history,
    size_t i, const char **out);

/* The Dockerfile instruction a history CreatedBy records. */
struct hd_instruction {
	char name[16];    /* "RUN", "ADD", "ENV", ...; "" when unknown */
	const char *args; /* the rest, into CreatedBy */
	size_t args_len;  /* without a trailing " # buildkit" and blanks */
};

/* Parse CreatedBy as the classic builder ("/bin/sh -c #(nop) ADD ...",
 * "/bin/sh -c CMD") and BuildKit ("ADD x / # buildkit") write it. */
void hd_instruction_parse(struct hd_instruction *out, const char *created_by);

/* A history command fit for evidence: secrets redacted, cut at
 * HD_CMD_EVIDENCE_MAX bytes on a character boundary. */
char *hd_command_evidence(const char *created_by);

/* A copy of an array of command words (a health check's Test, an Entrypoint)
 * for evidence: every string through hd_command_evidence(), so a password
 * in `curl -u admin:secret` is redacted; NULL for NULL. */
json_object *hd_command_array_evidence(json_object *arr);

/* hd_time_parse(): <hardock/timeparse.h>. */

/* Whole days from the RFC 3339 time s to when the snapshot was collected;
 * false when either time is unknown. */
bool hd_age_days(const struct hd_ctx *ctx, const char *s, long *out);

/* Secrets an image carries, as evidence on f: in its history's commands
 * and Config.Env; with all_metadata also in its labels, Cmd, Entrypoint,
 * Comment and Author. Pass, fail or error. */
enum hd_status hd_image_secrets(const struct hd_ctx *ctx,
    const struct hd_object *img, struct hd_finding *f, bool all_metadata);

#endif
