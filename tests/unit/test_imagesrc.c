/* Image sources of `hardock image`: a layout directory streamed as tar
 * from descriptors opened first (collect/ocidir.h), and the streams of an
 * export's copier with their status lines (collect/export.h). */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "collect/export.h"
#include "collect/ocidir.h"
#include "testutil.h"

/* A temporary directory (caller removes it with rm -rf). */
static char *
tmpdir(void)
{
	char *d = strdup("/tmp/hd-imgsrc.XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

/* Write text to dir/rel. */
static void
put(const char *dir, const char *rel, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
}

/* nftw's callback: remove one entry, depth first. */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove dir and what it holds. */
static void
rmrf(char *dir)
{
	ck_assert_int_eq(nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(dir);
}

/* libarchive's read callback over the layout's stream. */
static la_ssize_t
pull(struct archive *a, void *arg, const void **buf)
{
	ssize_t n = hd_ocidir_read(arg, buf);

	(void)a;
	return n;
}

/* The tar the layout streams, read back: "name=content;..." sorted as
 * streamed (symlinks as name->target, directories as name/). */
static char *
read_back(struct hd_ocidir *d)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char *out = calloc(1, 1);

	archive_read_support_format_tar(a);
	ck_assert_int_eq(archive_read_open(a, d, NULL, pull, NULL), ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		char body[256] = "", *t;
		la_ssize_t n;

		if (archive_entry_filetype(e) == AE_IFREG) {
			n = archive_read_data(a, body, sizeof(body) - 1);
			ck_assert_int_ge(n, 0);
			body[n] = '\0';
			ck_assert_int_eq(archive_entry_size(e), n);
		}
		t = hd_xasprintf("%s%s%s%s%s;", out, archive_entry_pathname(e),
		    archive_entry_filetype(e) == AE_IFDIR ? "/" :
		    archive_entry_filetype(e) == AE_IFLNK ? "->" : "=",
		    archive_entry_filetype(e) == AE_IFLNK ?
		    archive_entry_symlink(e) : "", body);
		free(out);
		out = t;
	}
	ck_assert_int_eq(archive_read_free(a), ARCHIVE_OK);
	return out;
}

START_TEST(layout_as_tar)
{
	char *dir = tmpdir(), path[512], *got;
	struct hd_ocidir *d = NULL;

	put(dir, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
	put(dir, "index.json", "{}");
	snprintf(path, sizeof(path), "%s/blobs", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/blobs/sha256", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	put(dir, "blobs/sha256/aa", "layer bytes");
	snprintf(path, sizeof(path), "%s/blobs/sha256/bb", dir);
	/* A link is streamed as a link, never followed out of the layout. */
	ck_assert_int_eq(symlink("/etc/passwd", path), 0);
	ck_assert_int_eq(hd_ocidir_open(&d, dir, 100), HD_OK);
	ck_assert_uint_eq(hd_ocidir_count(d), 6);
	got = read_back(d);
	/* The tar writer ends a directory's name with "/", as tar(1) does. */
	ck_assert_str_eq(got, "blobs//;blobs/sha256//;blobs/sha256/aa=layer bytes;"
	    "blobs/sha256/bb->/etc/passwd;index.json={};"
	    "oci-layout={\"imageLayoutVersion\":\"1.0.0\"};");
	free(got);
	hd_ocidir_free(d);
	rmrf(dir);
}
END_TEST

START_TEST(layout_refused)
{
	char *dir = tmpdir(), path[512];
	struct hd_ocidir *d = (struct hd_ocidir *)1;

	put(dir, "a", "1");
	put(dir, "b", "2");
	ck_assert_int_eq(hd_ocidir_open(&d, dir, 1), HD_ELIMIT);
	ck_assert_ptr_null(d);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "more than 1 entries"));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(hd_ocidir_open(&d, dir, 100), HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "fifo"));
	unlink(path);
	static const char *const sub[] = { "1", "1/2", "1/2/3", "1/2/3/4" };

	for (size_t i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, sub[i]);
		ck_assert_int_eq(mkdir(path, 0755), 0);
	}
	ck_assert_int_eq(hd_ocidir_open(&d, dir, 100), HD_ELIMIT);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "nested deeper"));
	ck_assert_int_eq(hd_ocidir_open(&d, "/nonexistent/layout", 100),
	    HD_ENOTFOUND);
	rmrf(dir);
}
END_TEST

START_TEST(stream_status)
{
	int data[2], status[2];
	struct hd_stream *st;
	const void *buf;

	/* The copier's bytes, then its status: a failure is the reader's. */
	ck_assert_int_eq(pipe(data), 0);
	ck_assert_int_eq(pipe(status), 0);
	st = hd_stream_fd(data[0]);
	st->status = status[0];
	ck_assert_int_eq(write(data[1], "tar", 3), 3);
	close(data[1]);
	ck_assert_int_eq(write(status[1], "ERR the engine answered HTTP 500\n",
	    33), 33);
	ck_assert_int_eq(hd_stream_read(st, &buf), 3);
	ck_assert_int_eq(memcmp(buf, "tar", 3), 0);
	ck_assert_int_eq(hd_stream_read(st, &buf), -1);
	ck_assert_str_eq(hd_error_last(), "the engine answered HTTP 500");
	ck_assert_int_eq(hd_stream_close(st), HD_ERR);
	hd_stream_free(st);
	/* "STOP" (the reader closed first) and "OK" are no failure; a
	 * copier that died without a word is one. */
	ck_assert_int_eq(pipe(data), 0);
	st = hd_stream_fd(data[0]);
	st->status = status[0];
	close(data[1]);
	ck_assert_int_eq(write(status[1], "STOP\nOK\n", 8), 8);
	ck_assert_int_eq(hd_stream_read(st, &buf), 0);
	ck_assert_int_eq(hd_stream_close(st), HD_OK);
	hd_stream_free(st);
	ck_assert_int_eq(pipe(data), 0);
	st = hd_stream_fd(data[0]);
	st->status = status[0];
	close(data[1]);
	ck_assert_int_eq(hd_stream_read(st, &buf), 0);
	hd_stream_free(st);
	close(status[1]);
	ck_assert_int_eq(pipe(data), 0);
	st = hd_stream_fd(data[0]);
	st->status = status[0];
	close(data[1]);
	ck_assert_int_eq(hd_stream_read(st, &buf), -1);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "without saying why"));
	hd_stream_free(st);
	close(status[0]);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("imagesrc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, layout_as_tar);
	tcase_add_test(tc, layout_refused);
	tcase_add_test(tc, stream_status);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
