/*
 * Secret detection shared by 4.10, 7.4 and HD-SECRET-1/2: pure functions
 * over strings, unit-tested alone (tests/unit/test_secret_detect.c).
 *
 * A secret is found two ways: a variable whose name looks like one
 * (DB_PASSWORD=..., GITHUB_TOKEN=...), or a value in a well-known key
 * format anywhere (AKIA..., ghp_..., a PEM private key header, xoxb-...,
 * credentials in a URL). What is found is only ever reported redacted.
 */
#ifndef HARDOCK_CHECKS_SECRET_DETECT_H
#define HARDOCK_CHECKS_SECRET_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

/* One secret found. */
struct hd_secret {
	char *name;     /* the variable's name, or the key format's name */
	char *redacted; /* hd_secret_redact() of the value, never the value */
	const char *why; /* static text: "name contains PASSWORD", ... */
};

/* What a scan found, appended to by every hd_secret_scan_*(). */
struct hd_secrets {
	struct hd_secret *v;
	size_t n;
};

/* The secret-like word name (len bytes) contains, e.g. "PASSWORD", or NULL
 * when the name does not look like a secret. */
const char *hd_secret_name_word(const char *name, size_t len);

/* The first well-known key format in s (len bytes): its name, and its span
 * in *off, *mlen; NULL when there is none. */
const char *hd_secret_format(const char *s, size_t len, size_t *off,
    size_t *mlen);

/* What a secret is replaced by in evidence: nothing of the value, not its
 * first characters, not its length. */
#define HD_SECRET_REDACTED "<redacted>"

/* A value shown without revealing it: HD_SECRET_REDACTED. */
char *hd_secret_redact(const char *v, size_t len);

/* Scan one environment entry "NAME=VALUE". */
void hd_secret_scan_env(struct hd_secrets *out, const char *entry);

/* Scan a command line or build instruction (image history's CreatedBy, a
 * container's arguments): NAME=VALUE and --name=VALUE assignments, and
 * key formats anywhere. */
void hd_secret_scan_text(struct hd_secrets *out, const char *text);

/* A copy of text with every secret value found by hd_secret_scan_text()
 * replaced by its redacted form, so a command can be shown as evidence. */
char *hd_secret_scrub(const char *text);

/* One secret as evidence: {"name", "value" (redacted), "reason"}. */
json_object *hd_secret_json(const struct hd_secret *s);

/* Free what s holds and empty it. */
void hd_secrets_clear(struct hd_secrets *s);

#endif
