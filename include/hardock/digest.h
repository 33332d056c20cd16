/*
 * hardock: SHA-256 digests (OpenSSL's libcrypto) of what hardock read: the
 * profile in every report, the configuration files in their evidence, and
 * the inline script and style of the HTML report for its CSP, and the
 * layers of an image archive as they stream (hd_sha256_stream).
 */
#ifndef HARDOCK_DIGEST_H
#define HARDOCK_DIGEST_H

#include <stddef.h>

#define HD_SHA256_LEN 32
#define HD_SHA256_HEX_LEN 64

/* The digest of data[0..len) into md. */
void hd_sha256(unsigned char md[HD_SHA256_LEN], const void *data, size_t len);

/* The same as 64 lower-case hex digits and a NUL into out. */
void hd_sha256_hex(char out[HD_SHA256_HEX_LEN + 1], const void *data,
    size_t len);

/* The same in base64 (44 characters and a NUL), as CSP hashes write it. */
void hd_sha256_base64(char out[45], const void *data, size_t len);

/* A digest computed over data that arrives in pieces (an image layer as
 * it streams): new, update any number of times, then hex, which ends it. */
struct hd_sha256_stream;

/* A new stream digest; allocation failure aborts. */
struct hd_sha256_stream *hd_sha256_stream_new(void);

/* Feed len bytes of data. */
void hd_sha256_stream_update(struct hd_sha256_stream *d, const void *data,
    size_t len);

/* The digest of everything fed, as hex into out; d may then only be
 * freed. */
void hd_sha256_stream_hex(struct hd_sha256_stream *d,
    char out[HD_SHA256_HEX_LEN + 1]);

/* Free d; NULL is accepted. */
void hd_sha256_stream_free(struct hd_sha256_stream *d);

#endif
