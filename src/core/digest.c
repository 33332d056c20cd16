/* SHA-256 through libcrypto's one-shot EVP_Digest. */
#include <stdlib.h>

#include <openssl/evp.h>

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

void
hd_sha256_hex(char out[HD_SHA256_HEX_LEN + 1], const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[HD_SHA256_LEN];

	hd_sha256(md, data, len);
	for (size_t i = 0; i < HD_SHA256_LEN; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[HD_SHA256_HEX_LEN] = '\0';
}

void
hd_sha256_base64(char out[45], const void *data, size_t len)
{
	unsigned char md[HD_SHA256_LEN];

	hd_sha256(md, data, len);
	if (EVP_EncodeBlock((unsigned char *)out, md, HD_SHA256_LEN) != 44)
		abort();
}
