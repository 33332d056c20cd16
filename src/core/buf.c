/* The capped buffer: outside data grows only up to a limit set up front. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/common.h>

#include "bufmap.h"

struct hd_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;
	size_t mapped; /* bytes of the file mapping data is, 0 when malloc'd */
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

/* The error of input past cap. */
static int
over_cap(size_t cap)
{
	return hd_error_set(HD_ELIMIT, "input larger than its limit of %zu bytes",
	    cap);
}

/* Append, refusing to pass the cap; the buffer stays NUL-terminated. */
int
hd_buf_append(struct hd_buf *b, const void *data, size_t len)
{
	if (b->mapped)
		return hd_error_set(HD_ELIMIT, "a mapped file cannot grow");
	if (len > b->cap - b->len)
		return over_cap(b->cap);
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

/* Map the regular file open at fd, of size bytes (0 < size <= cap), as
 * b's read-only content followed by a NUL byte: the file over the start
 * of an anonymous mapping one page longer, whose zeros follow the file's
 * last byte whatever its size. False when the file cannot be mapped. */
static bool
map_file(struct hd_buf *b, int fd, size_t size, const char *name)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), len;
	void *base, *at;

	if (size > SIZE_MAX - 2 * page)
		return false;
	len = (size + page) & ~(page - 1);
	base = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return false;
	at = mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
	if (at == MAP_FAILED || !hd_map_watch(base, len, name)) {
		munmap(base, len);
		return false;
	}
	free(b->data);
	b->data = base;
	b->len = size;
	b->alloc = len;
	b->mapped = len;
	return true;
}

/* fd read to its end into a new buffer capped at cap, into *out. */
static int
read_new(struct hd_buf **out, int fd, size_t cap)
{
	struct hd_buf *b = hd_buf_new(cap);
	int r;

	if ((r = hd_buf_read_fd(b, fd)) < 0) {
		hd_buf_free(b);
		return r;
	}
	*out = b;
	return HD_OK;
}

int
hd_buf_map_fd(struct hd_buf **out, int fd, size_t cap, const char *name)
{
	struct hd_buf *b;
	struct stat st;

	*out = NULL;
	/* Only a regular file's size is its length (a FIFO's and /proc's
	 * are 0); a file past the cap fails as a read one does. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		if ((uintmax_t)st.st_size > cap)
			return over_cap(cap);
		b = hd_buf_new(cap);
		if (map_file(b, fd, (size_t)st.st_size, name)) {
			*out = b;
			return HD_OK;
		}
		hd_buf_free(b);
	}
	return read_new(out, fd, cap);
}

/* hd_buf_load() (map false) or hd_buf_map() of the file at path. */
static int
load_path(struct hd_buf **out, const char *path, size_t cap, bool map)
{
	int fd, r;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return hd_error_set(errno == ENOENT ? HD_ENOTFOUND : HD_EIO, "%s: %s",
		    path, strerror(errno));
	if ((r = map ? hd_buf_map_fd(out, fd, cap, path) :
	    read_new(out, fd, cap)) < 0)
		hd_error_wrap(r, path);
	close(fd);
	return r;
}

int
hd_buf_map(struct hd_buf **out, const char *path, size_t cap)
{
	return load_path(out, path, cap, true);
}

int
hd_buf_load(struct hd_buf **out, const char *path, size_t cap)
{
	return load_path(out, path, cap, false);
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

/* Give back b's data, malloc'd or mapped. */
static void
release_data(struct hd_buf *b)
{
	if (b->mapped) {
		hd_map_forget(b->data);
		munmap(b->data, b->mapped);
	} else {
		free(b->data);
	}
}

/* Empty the buffer; its cap is kept (a mapped one becomes a malloc'd
 * one: the mapping is read-only). */
void
hd_buf_reset(struct hd_buf *b)
{
	if (b->mapped) {
		release_data(b);
		b->mapped = 0;
		b->alloc = 256;
		b->data = hd_xmalloc(b->alloc);
	}
	b->len = 0;
	b->data[0] = '\0';
}

void
hd_buf_free(struct hd_buf *b)
{
	if (b == NULL)
		return;
	release_data(b);
	free(b);
}
