/* Sorted directory listings, for the few places that offer names to a
 * person (shipped profiles, docker contexts). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/common.h>

/* qsort order of names. */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
hd_dir_names(char ***out, const char *dir, const char *suffix)
{
	size_t n = 0, sl = strlen(suffix);
	struct dirent *de;
	char **v;
	DIR *d;

	*out = NULL;
	if ((d = opendir(dir)) == NULL)
		return hd_error_set(errno == ENOENT ? HD_ENOTFOUND : HD_EIO,
		    "%s: %s", dir, strerror(errno));
	v = hd_xcalloc(1, sizeof(*v));
	while ((de = readdir(d)) != NULL && n < HD_DIR_NAMES_MAX) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || l < sl ||
		    strcmp(de->d_name + l - sl, suffix) != 0)
			continue;
		v = hd_xrealloc(v, n + 2, sizeof(*v));
		v[n++] = hd_xstrdup(de->d_name);
		v[n] = NULL;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), cmp_names);
	*out = v;
	return HD_OK;
}

void
hd_strv_free(char **v)
{
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}
