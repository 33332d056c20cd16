/* The capped buffer's file reads: a regular file read or mapped holds
 * exactly its bytes, NUL-terminated; the cap holds at its byte and fails
 * one past it; files whose size says nothing (/proc, a FIFO, a pipe) are
 * read to their end all the same; a mapped file truncated under the
 * reader ends it with status 2 and a message naming the file. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* Load (or map) a file of n bytes with cap; compare when it must fit. */
static int
read_sized(size_t n, size_t cap, bool map)
{
	char path[64];
	char *want = pattern_file(path, n, (unsigned)n);
	struct hd_buf *b = NULL;
	int r = map ? hd_buf_map(&b, path, cap) : hd_buf_load(&b, path, cap);

	if (r == HD_OK) {
		ck_assert_uint_eq(hd_buf_len(b), n);
		ck_assert_int_eq(memcmp(hd_buf_ptr(b), want, n), 0);
		ck_assert_int_eq(hd_buf_ptr(b)[n], '\0');
		if (map && n > 0) {
			/* Read-only: it cannot grow, until reset makes it an
			 * ordinary buffer. */
			ck_assert_int_eq(hd_buf_append(b, "xyz", 3), HD_ELIMIT);
			ck_assert_uint_eq(hd_buf_len(b), n);
			hd_buf_reset(b);
			ck_assert_uint_eq(hd_buf_len(b), 0);
			ck_assert_int_eq(hd_buf_ptr(b)[0], '\0');
			ck_assert_int_eq(hd_buf_append(b, "xyz", 3),
			    cap >= 3 ? HD_OK : HD_ELIMIT);
		} else {
			/* The buffer grows on from the file's size. */
			ck_assert_int_eq(hd_buf_append(b, "xyz", 3), n + 3 <= cap ?
			    HD_OK : HD_ELIMIT);
		}
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

/* Empty, one byte, around a page and a read step, a few MB. */
static const size_t sizes[] = { 0, 1, 255, 256, 4095, 4096, 4097, 8192,
    16383, 16384, 16385, 100000, 3u << 20 };

START_TEST(regular_files_read)
{
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		ck_assert_int_eq(read_sized(sizes[i], 8u << 20, false), HD_OK);
}
END_TEST

START_TEST(regular_files_mapped)
{
	/* A page-sized file too is followed by a NUL (read_sized() checks). */
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		ck_assert_int_eq(read_sized(sizes[i], 8u << 20, true), HD_OK);
}
END_TEST

START_TEST(cap_at_the_byte)
{
	for (int map = 0; map < 2; map++) {
		ck_assert_int_eq(read_sized(4096, 4096, map), HD_OK);
		ck_assert_int_eq(read_sized(4097, 4096, map), HD_ELIMIT);
		ck_assert_int_eq(read_sized(1u << 20, 4096, map), HD_ELIMIT);
		ck_assert_int_eq(read_sized(1, 0, map), HD_ELIMIT);
		ck_assert_int_eq(read_sized(0, 0, map), HD_OK);
	}
}
END_TEST

START_TEST(size_zero_files_read_to_the_end)
{
	struct hd_buf *b = NULL;

	for (int map = 0; map < 2; map++) {
		/* /proc says 0 bytes and holds more: read, even when mapping. */
		ck_assert_int_eq(map ? hd_buf_map(&b, "/proc/self/status", 1u << 20) :
		    hd_buf_load(&b, "/proc/self/status", 1u << 20), HD_OK);
		ck_assert_uint_gt(hd_buf_len(b), 100);
		ck_assert_ptr_nonnull(strstr(hd_buf_ptr(b), "Name:"));
		ck_assert_uint_eq(strlen(hd_buf_ptr(b)), hd_buf_len(b));
		/* Read, so it grows. */
		ck_assert_int_eq(hd_buf_append(b, "x", 1), HD_OK);
		hd_buf_free(b);
		/* ... and past a small cap it fails as a regular file does. */
		b = NULL;
		ck_assert_int_eq(map ? hd_buf_map(&b, "/proc/self/status", 16) :
		    hd_buf_load(&b, "/proc/self/status", 16), HD_ELIMIT);
		ck_assert_ptr_null(b);
	}
}
END_TEST

START_TEST(missing_file)
{
	struct hd_buf *b = NULL;

	ck_assert_int_eq(hd_buf_map(&b, "/nonexistent/hardock-buf", 4096),
	    HD_ENOTFOUND);
	ck_assert_ptr_null(b);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "/nonexistent/hardock-buf"));
}
END_TEST

/* In a child: map a 3-page file, truncate it and read its second page;
 * the reading must end the child with status 2 and the message. */
START_TEST(mapped_file_truncated_under_the_reader)
{
	char path[64], msg[600] = "";
	char *want = pattern_file(path, 3 * 4096, 7);
	int err[2], status = 0;
	ssize_t n, got = 0;
	pid_t pid;

	ck_assert_int_eq(pipe(err), 0);
	if ((pid = fork()) == 0) {
		struct hd_buf *b = NULL;
		volatile char c;

		dup2(err[1], STDERR_FILENO);
		if (hd_buf_map(&b, path, 1u << 20) != HD_OK ||
		    hd_buf_ptr(b)[4096] != want[4096])
			_exit(10);
		if (truncate(path, 0) != 0)
			_exit(11);
		c = hd_buf_ptr(b)[4096 + 10];
		(void)c;
		_exit(12); /* read on: the test fails */
	}
	close(err[1]);
	while ((n = read(err[0], msg + got, sizeof(msg) - 1 - (size_t)got)) > 0)
		got += n;
	msg[got] = '\0';
	close(err[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 2,
	    "status %d, stderr: %s", status, msg);
	ck_assert_ptr_nonnull(strstr(msg, path));
	ck_assert_ptr_nonnull(strstr(msg, "changed while it was read"));
	unlink(path);
	free(want);
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
	b = NULL;
	ck_assert_int_eq(hd_buf_map(&b, path, 4096), HD_OK);
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

	tcase_add_test(tc, regular_files_read);
	tcase_add_test(tc, regular_files_mapped);
	tcase_add_test(tc, cap_at_the_byte);
	tcase_add_test(tc, size_zero_files_read_to_the_end);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, mapped_file_truncated_under_the_reader);
	tcase_add_test(tc, pipe_read_to_the_end);
	tcase_add_test(tc, fifo_without_writer_does_not_block);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
