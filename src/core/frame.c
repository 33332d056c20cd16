/*
 * Framed messages over a pipe (<hardock/frame.h>): writing whole frames,
 * and reading them back through a capped buffer and a checked parser.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <hardock/common.h>
#include <hardock/frame.h>

/* Write all of data; HD_EIO with errno's message. */
static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return hd_error_set(HD_EIO, "write to the peer: %s",
			    n < 0 ? strerror(errno) : "nothing written");
		p += n;
		len -= (size_t)n;
	}
	return HD_OK;
}

/* Read exactly len bytes; HD_ENOTFOUND at end of file before any, HD_EIO
 * after some or on error. */
static int
read_all(int fd, void *data, size_t len)
{
	char *p = data;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, p + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return hd_error_set(HD_EIO, "read from the peer: %s",
			    strerror(errno));
		if (n == 0)
			return got == 0 ? HD_ENOTFOUND : hd_error_set(HD_EIO,
			    "the peer closed inside a frame");
		got += (size_t)n;
	}
	return HD_OK;
}

int
hd_frame_send(int fd, uint32_t type, size_t n, const void *const *data,
    const size_t *len)
{
	uint32_t head[3];
	uint64_t total = 0;
	int r;

	if (n > HD_FRAME_MAX_FIELDS)
		return hd_error_set(HD_ELIMIT, "a frame of %zu fields", n);
	for (size_t i = 0; i < n; i++)
		total += 4 + (uint64_t)len[i] + 1;
	if (total > UINT32_MAX)
		return hd_error_set(HD_ELIMIT, "a frame of %llu bytes",
		    (unsigned long long)total);
	head[0] = type;
	head[1] = (uint32_t)n;
	head[2] = (uint32_t)total;
	if ((r = write_all(fd, head, sizeof(head))) < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		uint32_t l = (uint32_t)len[i];

		if ((r = write_all(fd, &l, sizeof(l))) < 0 ||
		    (r = write_all(fd, data[i], len[i])) < 0 ||
		    (r = write_all(fd, "", 1)) < 0)
			return r;
	}
	return HD_OK;
}

int
hd_frame_send_strs(int fd, uint32_t type, size_t n, const char *const *s)
{
	const void *d[HD_FRAME_MAX_FIELDS];
	size_t len[HD_FRAME_MAX_FIELDS];

	if (n > HD_FRAME_MAX_FIELDS)
		return hd_error_set(HD_ELIMIT, "a frame of %zu fields", n);
	for (size_t i = 0; i < n; i++) {
		d[i] = s[i];
		len[i] = strlen(s[i]);
	}
	return hd_frame_send(fd, type, n, d, len);
}

int
hd_frame_parse(struct hd_frame *out, uint32_t nfields, const char *payload,
    size_t len)
{
	size_t at = 0;

	out->nfields = 0;
	if (nfields > HD_FRAME_MAX_FIELDS)
		return hd_error_set(HD_EPARSE, "frame: %u fields (at most %d)",
		    nfields, HD_FRAME_MAX_FIELDS);
	for (uint32_t i = 0; i < nfields; i++) {
		uint32_t l;

		if (len - at < sizeof(l))
			return hd_error_set(HD_EPARSE, "frame: field %u has no "
			    "length", i);
		memcpy(&l, payload + at, sizeof(l));
		at += sizeof(l);
		/* The field and its NUL within what is left. */
		if (l >= len - at || payload[at + l] != '\0')
			return hd_error_set(HD_EPARSE, "frame: field %u of %u bytes "
			    "runs past the payload or lacks its NUL", i, l);
		out->field[i] = payload + at;
		out->len[i] = l;
		at += (size_t)l + 1;
	}
	if (at != len)
		return hd_error_set(HD_EPARSE, "frame: %zu bytes after the last "
		    "field", len - at);
	out->nfields = nfields;
	return HD_OK;
}

int
hd_frame_recv(struct hd_frame *out, int fd, size_t cap)
{
	uint32_t head[3];
	char chunk[65536];
	size_t left;
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = read_all(fd, head, sizeof(head))) < 0)
		return r;
	if (head[2] > cap)
		return hd_error_set(HD_ELIMIT, "frame of %u bytes (the cap is %zu)",
		    head[2], cap);
	out->type = head[0];
	out->buf = hd_buf_new(cap);
	for (left = head[2]; left > 0;) {
		size_t n = left < sizeof(chunk) ? left : sizeof(chunk);

		if ((r = read_all(fd, chunk, n)) < 0) {
			if (r == HD_ENOTFOUND)
				r = hd_error_set(HD_EIO, "the peer closed inside a frame");
			goto fail;
		}
		if ((r = hd_buf_append(out->buf, chunk, n)) < 0)
			goto fail;
		left -= n;
	}
	if ((r = hd_frame_parse(out, head[1], hd_buf_ptr(out->buf),
	    hd_buf_len(out->buf))) < 0)
		goto fail;
	return HD_OK;
fail:
	hd_frame_clear(out);
	return r;
}

const char *
hd_frame_str(const struct hd_frame *f, size_t i)
{
	if (i >= f->nfields || memchr(f->field[i], '\0', f->len[i]) != NULL)
		return NULL;
	return f->field[i];
}

void
hd_frame_clear(struct hd_frame *f)
{
	hd_buf_free(f->buf);
	memset(f, 0, sizeof(*f));
}
