/* SHA-256 through libcrypto's one-shot EVP_Digest. */
#include <stdlib.h>

#include <openssl/evp.h>

#include <hardock/common.h>
#include <hardock/digest.h>

void
hd_sha256(unsigned char md[HD_SHA256_LEN], const void *data, size_t len)
{
	unsigned int n = 0;

	/* Failure means no memory or a broken libcrypto: abort, as for
	 * allocation failures everywhere. */
	if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 ||
	    n != HD_SHA256_LEN)
		abort();
}

/* md as lower-case hex into out. */
static void
to_hex(char out[HD_SHA256_HEX_LEN + 1], const unsigned char md[HD_SHA256_LEN])
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < HD_SHA256_LEN; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[HD_SHA256_HEX_LEN] = '\0';
}

void
hd_sha256_hex(char out[HD_SHA256_HEX_LEN + 1], const void *data, size_t len)
{
	unsigned char md[HD_SHA256_LEN];

	hd_sha256(md, data, len);
	to_hex(out, md);
}

void
hd_sha256_base64(char out[45], const void *data, size_t len)
{
	unsigned char md[HD_SHA256_LEN];

	hd_sha256(md, data, len);
	if (EVP_EncodeBlock((unsigned char *)out, md, HD_SHA256_LEN) != 44)
		abort();
}

/* The stream is libcrypto's digest context itself. */
struct hd_sha256_stream {
	EVP_MD_CTX *ctx;
};

struct hd_sha256_stream *
hd_sha256_stream_new(void)
{
	struct hd_sha256_stream *d = hd_xmalloc(sizeof(*d));

	d->ctx = EVP_MD_CTX_new();
	if (d->ctx == NULL || EVP_DigestInit_ex(d->ctx, EVP_sha256(), NULL) != 1)
		abort();
	return d;
}

void
hd_sha256_stream_update(struct hd_sha256_stream *d, const void *data,
    size_t len)
{
	if (len > 0 && EVP_DigestUpdate(d->ctx, data, len) != 1)
		abort();
}

void
hd_sha256_stream_hex(struct hd_sha256_stream *d,
    char out[HD_SHA256_HEX_LEN + 1])
{
	unsigned char md[HD_SHA256_LEN];
	unsigned int n = 0;

	if (EVP_DigestFinal_ex(d->ctx, md, &n) != 1 || n != HD_SHA256_LEN)
		abort();
	to_hex(out, md);
}

void
hd_sha256_stream_free(struct hd_sha256_stream *d)
{
	if (d == NULL)
		return;
	EVP_MD_CTX_free(d->ctx);
	free(d);
}
