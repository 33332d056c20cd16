/*
 * hardock: SHA-256 digests (OpenSSL's libcrypto) of what hardock read: the
 * profile in every report, the configuration files in their evidence, and
 * the inline script and style of the HTML report for its CSP.
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

#endif
