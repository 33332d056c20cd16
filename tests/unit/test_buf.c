/* The capped buffer's file reads: a regular file read to measure (its
 * size from fstat) holds exactly its bytes, NUL-terminated; the cap holds
 * at its byte and fails one past it; files whose size says nothing (/proc,
 * a FIFO, a pipe) are read to their end all the same. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/buf.h>

#include "testutil.h"

/* A temp file holding n bytes of a pattern (the first byte varies with
 * seed), its path in path (PATH_MAX). */
static char *
pattern_file(char *path, size_t n, unsigned seed)
{
	char *data = malloc(n + 1);
	int fd;

	ck_assert_ptr_nonnull(data);
	for (size_t i = 0; i < n; i++)
		data[i] = (char)('a' + (i * 7 + seed) % 26);
	data[n] = '\0';
	strcpy(path, "/tmp/hardock-bufXXXXXX");
	ck_assert_int_ge(fd = mkstemp(path), 0);
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, data + off, n - off);

		ck_assert_int_gt(w, 0);
		off += (size_t)w;
	}
	close(fd);
	return data;
}

/* Load a file of n bytes with cap; compare when it must fit. */
static int
load_sized(size_t n, size_t cap)
{
	char path[64];
	char *want = pattern_file(path, n, (unsigned)n);
	struct hd_buf *b = NULL;
	int r = hd_buf_load(&b, path, cap);

	if (r == HD_OK) {
		ck_assert_uint_eq(hd_buf_len(b), n);
		ck_assert_int_eq(memcmp(hd_buf_ptr(b), want, n), 0);
		ck_assert_int_eq(hd_buf_ptr(b)[n], '\0');
		/* The buffer grows on from the file's size. */
		ck_assert_int_eq(hd_buf_append(b, "xyz", 3), n + 3 <= cap ?
		    HD_OK : HD_ELIMIT);
	} else {
		ck_assert_ptr_null(b);
		ck_assert_ptr_nonnull(strstr(hd_error_last(), "limit"));
		ck_assert_ptr_nonnull(strstr(hd_error_last(), path));
	}
	hd_buf_free(b);
	unlink(path);
	free(want);
	return r;
}

START_TEST(regular_files_to_measure)
{
	/* Empty, one byte, a read step and more, a few MB. */
	const size_t sizes[] = { 0, 1, 255, 256, 16383, 16384, 16385,
	    100000, 3u << 20 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		ck_assert_int_eq(load_sized(sizes[i], 8u << 20), HD_OK);
}
END_TEST

START_TEST(cap_at_the_byte)
{
	ck_assert_int_eq(load_sized(4096, 4096), HD_OK);
	ck_assert_int_eq(load_sized(4097, 4096), HD_ELIMIT);
	ck_assert_int_eq(load_sized(1u << 20, 4096), HD_ELIMIT);
	ck_assert_int_eq(load_sized(1, 0), HD_ELIMIT);
	ck_assert_int_eq(load_sized(0, 0), HD_OK);
}
END_TEST

START_TEST(size_zero_files_read_to_the_end)
{
	struct hd_buf *b = NULL;

	/* /proc says 0 bytes and holds more. */
	ck_assert_int_eq(hd_buf_load(&b, "/proc/self/status", 1u << 20), HD_OK);
	ck_assert_uint_gt(hd_buf_len(b), 100);
	ck_assert_ptr_nonnull(strstr(hd_buf_ptr(b), "Name:"));
	ck_assert_uint_eq(strlen(hd_buf_ptr(b)), hd_buf_len(b));
	hd_buf_free(b);
	/* ... and past a small cap it fails as a regular file does. */
	b = NULL;
	ck_assert_int_eq(hd_buf_load(&b, "/proc/self/status", 16), HD_ELIMIT);
	ck_assert_ptr_null(b);
}
END_TEST

START_TEST(pipe_read_to_the_end)
{
	struct hd_buf *b = hd_buf_new(1u << 20);
	char chunk[1000];
	int p[2];

	memset(chunk, 'q', sizeof(chunk));
	ck_assert_int_eq(pipe(p), 0);
	for (int i = 0; i < 40; i++)
		ck_assert_int_eq(write(p[1], chunk, sizeof(chunk)), sizeof(chunk));
	close(p[1]);
	ck_assert_int_eq(hd_buf_read_fd(b, p[0]), HD_OK);
	close(p[0]);
	ck_assert_uint_eq(hd_buf_len(b), 40000);
	ck_assert_int_eq(hd_buf_ptr(b)[39999], 'q');
	ck_assert_int_eq(hd_buf_ptr(b)[40000], '\0');
	hd_buf_free(b);
}
END_TEST

START_TEST(fifo_without_writer_does_not_block)
{
	char dir[] = "/tmp/hardock-fifoXXXXXX", path[64];
	struct hd_buf *b = NULL;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	/* Opened without blocking; no writer reads as an empty file. */
	ck_assert_int_eq(hd_buf_load(&b, path, 4096), HD_OK);
	ck_assert_uint_eq(hd_buf_len(b), 0);
	hd_buf_free(b);
	unlink(path);
	rmdir(dir);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("read");

	tcase_add_test(tc, regular_files_to_measure);
	tcase_add_test(tc, cap_at_the_byte);
	tcase_add_test(tc, size_zero_files_read_to_the_end);
	tcase_add_test(tc, pipe_read_to_the_end);
	tcase_add_test(tc, fifo_without_writer_does_not_block);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
