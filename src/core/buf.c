/* The capped buffer: outside data grows only up to a limit set up front. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/common.h>

struct hd_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;
};

/* A new empty buffer holding at most cap bytes. */
struct hd_buf *
hd_buf_new(size_t cap)
{
	struct hd_buf *b = hd_xcalloc(1, sizeof(*b));

	b->cap = cap;
	b->alloc = 256;
	b->data = hd_xmalloc(b->alloc);
	b->data[0] = '\0';
	return b;
}

/* Append, refusing to pass the cap; the buffer stays NUL-terminated. */
int
hd_buf_append(struct hd_buf *b, const void *data, size_t len)
{
	if (len > b->cap - b->len)
		return hd_error_set(HD_ELIMIT,
		    "input larger than its limit of %zu bytes", b->cap);
	if (b->len + len + 1 > b->alloc) {
		size_t want = b->alloc;

		while (want < b->len + len + 1)
			want *= 2;
		b->data = hd_xrealloc(b->data, want, 1);
		b->alloc = want;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return HD_OK;
}

/* Read fd to its end; stops with HD_ELIMIT one byte past the cap. */
int
hd_buf_read_fd(struct hd_buf *b, int fd)
{
	char chunk[16384];
	ssize_t n;
	int r;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return hd_error_set(HD_EIO, "read: %s", strerror(errno));
		if (n == 0)
			return HD_OK;
		if ((r = hd_buf_append(b, chunk, (size_t)n)) < 0)
			return r;
	}
}

int
hd_buf_load(struct hd_buf **out, const char *path, size_t cap)
{
	struct hd_buf *b;
	int fd, r;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return hd_error_set(errno == ENOENT ? HD_ENOTFOUND : HD_EIO, "%s: %s",
		    path, strerror(errno));
	b = hd_buf_new(cap);
	if ((r = hd_buf_read_fd(b, fd)) < 0) {
		hd_error_wrap(r, path);
		hd_buf_free(b);
	} else {
		*out = b;
	}
	close(fd);
	return r;
}

char *
hd_buf_data(struct hd_buf *b)
{
	return b->data;
}

const char *
hd_buf_ptr(const struct hd_buf *b)
{
	return b->data;
}

size_t
hd_buf_len(const struct hd_buf *b)
{
	return b->len;
}

size_t
hd_buf_cap(const struct hd_buf *b)
{
	return b->cap;
}

/* Empty the buffer; its cap is kept. */
void
hd_buf_reset(struct hd_buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
}

void
hd_buf_free(struct hd_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	free(b);
}
