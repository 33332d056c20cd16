/*
 * A main() for a libFuzzer target built without libFuzzer (gcc, the
 * sanitizer build): run LLVMFuzzerTestOneInput once on every file named,
 * or on every file of every directory named, so the unit suite replays the
 * seed corpora and the crash regressions (tests/fixtures/fuzz/TARGET/) in
 * every build. No input at all is a failure: an empty corpus proves nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hardock/buf.h>
#include <hardock/common.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

/* Inputs larger than this are not fuzz inputs. */
#define INPUT_CAP (16u << 20)

/* Run the target on the file at path; -1 when it cannot be read. */
static int
run_file(const char *path)
{
	struct hd_buf *b = NULL;
	unsigned char *copy;
	size_t n;

	if (hd_buf_load(&b, path, INPUT_CAP) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, hd_error_last());
		return -1;
	}
	/* A copy of exactly the input's size, so ASan sees reads past it. */
	n = hd_buf_len(b);
	copy = hd_xmalloc(n ? n : 1);
	memcpy(copy, hd_buf_ptr(b), n);
	hd_buf_free(b);
	LLVMFuzzerTestOneInput(copy, n);
	free(copy);
	return 0;
}

/* Names in a directory, in order. */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run the target on every regular file of dir; the count, -1 on error. */
static long
run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	long count = 0;
	struct stat st;

	if (d == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = hd_xrealloc(names, n + 1, sizeof(*names));
		names[n++] = hd_xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	/* qsort's array must not be NULL, even when empty. */
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (count >= 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			count = run_file(names[i]) < 0 ? -1 : count + 1;
		free(names[i]);
	}
	free(names);
	return count;
}

int
main(int argc, char **argv)
{
	long total = 0, n;
	struct stat st;

	for (int i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			n = run_dir(argv[i]);
		else
			n = run_file(argv[i]) < 0 ? -1 : 1;
		if (n < 0)
			return 1;
		total += n;
	}
	printf("replayed %ld inputs\n", total);
	return total > 0 ? 0 : 1;
}
