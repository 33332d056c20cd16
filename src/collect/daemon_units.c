/*
 * Loading a unit along systemd's unit search path under the audit root:
 * /etc/systemd/system (the admin's), /run/systemd/system (runtime),
 * /usr/lib/systemd/system and /lib/systemd/system (the package's), or a
 * user manager's (~/.config/systemd/user first, for rootless Docker). The
 * first directory holding the unit wins; a unit linked to /dev/null there
 * is masked. Drop-ins come from all directories, the earlier directory's
 * file hiding a later one of the same name, applied by file name.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect/daemon.h"

static const char *const unit_dirs[] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	"/usr/lib/systemd/system",
	"/lib/systemd/system",
	NULL
};

/* The system manager's specifiers. */
static const struct hd_unit_spec system_spec = {
	"/root", "root", "0", "0", "/run"
};

/* Whether dir/name under root is a symlink to /dev/null (masked). */
static bool
masked(const char *root, const char *dir, const char *name)
{
	char text[PATH_MAX];
	ssize_t n;
	int dfd;

	if ((dfd = hd_root_open(root, dir, O_DIRECTORY)) < 0)
		return false;
	n = readlinkat(dfd, name, text, sizeof(text) - 1);
	close(dfd);
	if (n < 0)
		return false;
	text[n] = '\0';
	return strcmp(text, "/dev/null") == 0;
}

/* Read and apply one file; a failure is a note, not an abort. */
static int
apply_file(struct hd_unit *u, const char *root, const char *path)
{
	struct hd_buf *b;
	int r;

	if ((r = hd_root_read(&b, root, path, HD_BUF_CAP_CONFIG)) < 0)
		return r;
	r = hd_unit_apply(u, hd_buf_ptr(b), hd_buf_len(b), path);
	hd_buf_free(b);
	return r;
}

/* qsort order of drop-ins: by file name, the part after the last '/'. */
static int
by_name(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return strcmp(strrchr(x, '/') + 1, strrchr(y, '/') + 1);
}

/* Whether a drop-in of this file name is already listed. */
static bool
listed(char **list, size_t n, const char *fname)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(strrchr(list[i], '/') + 1, fname) == 0)
			return true;
	return false;
}

/* Gather NAME.d/\*.conf paths from every unit directory. */
static size_t
dropins(char ***out, const char *root, const char *const *dirs,
    const char *name)
{
	char **list = NULL;
	size_t n = 0;

	for (size_t i = 0; dirs[i] != NULL; i++) {
		char *dir = hd_xasprintf("%s/%s.d", dirs[i], name);
		struct dirent *de;
		DIR *d;
		int fd;

		if ((fd = hd_root_open(root, dir, O_DIRECTORY)) < 0 ||
		    (d = fdopendir(fd)) == NULL) {
			if (fd >= 0)
				close(fd);
			free(dir);
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);

			if (len <= 5 || strcmp(de->d_name + len - 5, ".conf") != 0 ||
			    listed(list, n, de->d_name))
				continue;
			list = hd_xrealloc(list, n + 1, sizeof(*list));
			list[n++] = hd_xasprintf("%s/%s", dir, de->d_name);
		}
		closedir(d);
		free(dir);
	}
	if (n > 1)
		qsort(list, n, sizeof(*list), by_name);
	*out = list;
	return n;
}

/* Load name along dirs (NULL-terminated), specifiers from spec. */
static int
load_in(struct hd_unit *u, char **path, json_object *notes, const char *root,
    const char *name, const char *const *dirs, const struct hd_unit_spec *spec)
{
	char **drops = NULL, *found = NULL, *where;
	size_t ndrops;
	int r = HD_ENOTFOUND;

	*path = NULL;
	hd_unit_init(u);
	u->spec = spec;
	for (size_t i = 0; dirs[i] != NULL && r == HD_ENOTFOUND; i++) {
		found = hd_xasprintf("%s/%s", dirs[i], name);
		if (masked(root, dirs[i], name)) {
			r = hd_error_set(HD_ENOTFOUND, "%s is masked (%s links to /dev/null)",
			    name, found);
			free(found);
			return r;
		}
		if ((r = apply_file(u, root, found)) == HD_ENOTFOUND) {
			free(found);
			found = NULL;
		}
	}
	if (r == HD_ENOTFOUND) {
		where = hd_xstrdup(dirs[0]);
		for (size_t i = 1; dirs[i] != NULL; i++) {
			char *w = hd_xasprintf("%s%s%s", where, dirs[i + 1] ? ", " : " or ",
			    dirs[i]);

			free(where);
			where = w;
		}
		r = hd_error_set(r, "no %s in %s", name, where);
		free(where);
		return r;
	}
	if (r < 0) {
		free(found);
		return r;
	}
	ndrops = dropins(&drops, root, dirs, name);
	for (size_t i = 0; i < ndrops; i++) {
		if (apply_file(u, root, drops[i]) < 0)
			json_object_array_add(notes, json_object_new_string(hd_error_last()));
		else
			json_object_array_add(u->dropins, json_object_new_string(drops[i]));
		free(drops[i]);
	}
	free(drops);
	*path = found;
	return HD_OK;
}

int
hd_unit_load(struct hd_unit *u, char **path, json_object *notes,
    const char *root, const char *name)
{
	return load_in(u, path, notes, root, name, unit_dirs, &system_spec);
}

int
hd_unit_load_user(struct hd_unit *u, char **path, json_object *notes,
    const char *root, const char *name, const struct hd_unit_spec *spec)
{
	char *own = hd_xasprintf("%s/.config/systemd/user", spec->home);
	const char *const dirs[] = { own, "/etc/systemd/user",
	    "/usr/local/lib/systemd/user", "/usr/lib/systemd/user",
	    "/lib/systemd/user", NULL };
	int r = load_in(u, path, notes, root, name, dirs, spec);

	free(own);
	return r;
}
