/*
 * Metadata of the files that guard the daemon: owner and group (numeric and
 * named through the audited host's own passwd/group), full mode bits, type
 * and size. Metadata comes from fstat on an O_PATH|O_NOFOLLOW descriptor
 * opened inside the root, so a socket or a symlink is reported as what it
 * is and no symlink is ever followed out of the root.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/hostcfg.h"
#include "collect/users.h"

#define CERTS_D "/etc/docker/certs.d"
#define WALK_MAX_DEPTH 16
#define WALK_MAX_ENTRIES 10000

/* Paths of interest, deduplicated, in the order first seen. */
struct pathlist {
	char **v;
	size_t n;
};

static const char *const binaries[] = {
	"dockerd", "containerd", "containerd-shim", "containerd-shim-runc-v1",
	"containerd-shim-runc-v2", "runc", NULL
};

static const char *const fixed_paths[] = {
	HD_CONTAINERD_SOCKET, "/etc/docker", CERTS_D, "/etc/default/docker",
	"/etc/sysconfig/docker", "/etc/containerd/config.toml", "/run/containerd",
	NULL
};

/* Add an absolute path once; anything else (relative, empty) is ignored. */
static void
add_path(struct pathlist *l, const char *p)
{
	if (p == NULL || p[0] != '/')
		return;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], p) == 0)
			return;
	l->v = hd_xrealloc(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = hd_xstrdup(p);
}

/* Add o[key] when it is a string. */
static void
add_member(struct pathlist *l, json_object *o, const char *key)
{
	json_object *v;

	if (json_object_is_type(o, json_type_object) &&
	    json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_string))
		add_path(l, json_object_get_string(v));
}

/* A unit fact's file and its drop-ins. */
static void
add_unit(struct pathlist *l, const struct hd_snapshot *s, const char *key)
{
	struct hd_fact f;
	json_object *d;

	hd_snapshot_fact(&f, s, key);
	if (f.state != HD_FACT_VALUE)
		return;
	add_member(l, f.value, "path");
	if (json_object_object_get_ex(f.value, "dropins", &d) &&
	    json_object_is_type(d, json_type_array))
		for (size_t i = 0; i < json_object_array_length(d); i++) {
			json_object *e = json_object_array_get_idx(d, i);

			if (json_object_is_type(e, json_type_string))
				add_path(l, json_object_get_string(e));
		}
}

/* Unix socket endpoints and TLS files of every endpoint; the default
 * socket when the daemon's endpoints are unknown. */
static void
add_endpoints(struct pathlist *l, const struct hd_snapshot *s)
{
	const char *url = hd_snapshot_meta(s, HD_META_ENGINE_URL);
	struct hd_fact f;
	json_object *sch;

	hd_snapshot_fact(&f, s, HD_F_DAEMON_ENDPOINTS);
	if (f.state == HD_FACT_VALUE && json_object_is_type(f.value, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(f.value); i++) {
			json_object *e = json_object_array_get_idx(f.value, i);

			if (json_object_is_type(e, json_type_object) &&
			    json_object_object_get_ex(e, "scheme", &sch) &&
			    json_object_is_type(sch, json_type_string) &&
			    strcmp(json_object_get_string(sch), "unix") == 0)
				add_member(l, e, "path");
			add_member(l, e, "tlscacert");
			add_member(l, e, "tlscert");
			add_member(l, e, "tlskey");
		}
	} else {
		add_path(l, HD_DEFAULT_SOCKET);
	}
	if (url != NULL && strncmp(url, "unix://", 7) == 0)
		add_path(l, url + 7);
}

/* Every path the file facts cover, in a fixed order. */
static void
gather_paths(struct pathlist *l, const struct hd_snapshot *s,
    const struct hd_collect_opts *o)
{
	const char *src, *p;
	char *bin;

	add_unit(l, s, HD_F_SYSTEMD_SERVICE);
	add_unit(l, s, HD_F_SYSTEMD_SOCKET);
	add_endpoints(l, s);
	for (size_t i = 0; fixed_paths[i] != NULL; i++)
		add_path(l, fixed_paths[i]);
	p = hd_cfg_string(s, "config-file", NULL);
	add_path(l, p != NULL && p[0] == '/' ? p : "/etc/docker/daemon.json");
	add_path(l, hd_cfg_string(s, "tlscacert", NULL));
	add_path(l, hd_cfg_string(s, "tlscert", NULL));
	add_path(l, hd_cfg_string(s, "tlskey", NULL));
	add_path(l, hd_cfg_data_root(s, &src));
	for (size_t i = 0; binaries[i] != NULL; i++) {
		bin = hd_xasprintf("/usr/bin/%s", binaries[i]);
		add_path(l, bin);
		free(bin);
	}
	/* The other binary directories only where a binary is installed. */
	for (size_t i = 0; binaries[i] != NULL; i++) {
		static const char *const dirs[] = { "/usr/sbin", "/usr/local/bin" };

		for (size_t d = 0; d < 2; d++) {
			int fd;

			bin = hd_xasprintf("%s/%s", dirs[d], binaries[i]);
			if ((fd = hd_root_open(o->root, bin, O_PATH | O_NOFOLLOW)) >= 0) {
				close(fd);
				add_path(l, bin);
			}
			free(bin);
		}
	}
}

/* The type word of a st_mode. */
static const char *
type_name(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG: return "file";
	case S_IFDIR: return "directory";
	case S_IFSOCK: return "socket";
	case S_IFLNK: return "symlink";
	case S_IFCHR: return "char";
	case S_IFBLK: return "block";
	case S_IFIFO: return "fifo";
	default: return "unknown";
	}
}

/* A name or JSON null. */
static json_object *
str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* Record the file fact of path from its stat. */
static void
set_file_fact(struct hd_snapshot *s, const struct hd_userdb *db,
    const char *path, const struct stat *st)
{
	json_object *v = json_object_new_object();
	char *key = hd_xasprintf("%s%s", HD_F_FILE, path);

	json_object_object_add(v, "path", json_object_new_string(path));
	json_object_object_add(v, "type", json_object_new_string(type_name(st->st_mode)));
	json_object_object_add(v, "mode", json_object_new_int((int)(st->st_mode & 07777)));
	json_object_object_add(v, "uid", json_object_new_int64((int64_t)st->st_uid));
	json_object_object_add(v, "gid", json_object_new_int64((int64_t)st->st_gid));
	json_object_object_add(v, "user", str_or_null(hd_userdb_user_name(db, (long)st->st_uid)));
	json_object_object_add(v, "group", str_or_null(hd_userdb_group_name(db, (long)st->st_gid)));
	json_object_object_add(v, "size", json_object_new_int64((int64_t)st->st_size));
	hd_snapshot_set_value(s, key, v, path);
	free(key);
}

/* Record why path has no metadata. */
static void
set_file_error(struct hd_snapshot *s, const char *path, int err)
{
	char *key = hd_xasprintf("%s%s", HD_F_FILE, path);

	if (err == ENOENT || err == ENOTDIR)
		hd_snapshot_set_absent(s, key, path, "%s does not exist", path);
	else if (err == EACCES || err == EPERM)
		hd_snapshot_set_error(s, key, path, "permission denied");
	else
		hd_snapshot_set_error(s, key, path, "%s: %s", path, strerror(err));
	free(key);
}

/* Record path's fact with lstat semantics inside the root. */
static void
stat_path(struct hd_snapshot *s, const struct hd_collect_opts *o,
    const struct hd_userdb *db, const char *path)
{
	struct stat st;
	int fd, err = 0;

	if ((fd = hd_root_open(o->root, path, O_PATH | O_NOFOLLOW)) < 0 ||
	    fstat(fd, &st) < 0) {
		/* A failure that leaves errno 0 is still no metadata. */
		err = errno;
		if (err == 0)
			err = EIO;
	}
	if (fd >= 0)
		close(fd);
	if (err != 0)
		set_file_error(s, path, err);
	else
		set_file_fact(s, db, path, &st);
}

/* Walk state below one directory. */
struct walk {
	struct hd_snapshot *s;
	const struct hd_userdb *db;
	json_object *list;
	size_t count;
	char *error; /* first reason the listing is incomplete */
};

/* Sort names so the snapshot does not depend on readdir order. */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of d's entries, sorted, at most WALK_MAX_ENTRIES + 1. */
static char **
read_names(DIR *d, size_t *n)
{
	struct dirent *de;
	char **names = NULL;

	*n = 0;
	while ((de = readdir(d)) != NULL && *n <= WALK_MAX_ENTRIES) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		names = hd_xrealloc(names, *n + 1, sizeof(*names));
		names[(*n)++] = hd_xstrdup(de->d_name);
	}
	if (*n > 0)
		qsort(names, *n, sizeof(*names), cmp_names);
	return names;
}

/* Note the first reason the listing is incomplete. */
static void HD_PRINTF(2, 3)
walk_fail(struct walk *w, const char *fmt, ...)
{
	va_list ap;

	if (w->error != NULL)
		return;
	va_start(ap, fmt);
	w->error = hd_xvasprintf(fmt, ap);
	va_end(ap);
}

/* Record every entry below the directory open at dfd (host path dir),
 * one component at a time with O_NOFOLLOW, so no symlink is followed;
 * dfd is consumed. */
static void
walk_dir(struct walk *w, int dfd, const char *dir, int depth)
{
	DIR *d = fdopendir(dfd);
	char **names;
	size_t n;

	if (d == NULL) {
		walk_fail(w, "%s: %s", dir, strerror(errno));
		close(dfd);
		return;
	}
	names = read_names(d, &n);
	for (size_t i = 0; i < n; i++) {
		char *path = hd_xasprintf("%s/%s", dir, names[i]);
		struct stat st;
		int fd;

		if (w->count++ >= WALK_MAX_ENTRIES) {
			walk_fail(w, "more than %d entries below %s",
			    WALK_MAX_ENTRIES, CERTS_D);
			free(path);
			break;
		}
		json_object_array_add(w->list, json_object_new_string(path));
		if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			set_file_error(w->s, path, errno);
		} else {
			set_file_fact(w->s, w->db, path, &st);
			if (S_ISDIR(st.st_mode) && depth >= WALK_MAX_DEPTH)
				walk_fail(w, "%s: deeper than %d levels", path,
				    WALK_MAX_DEPTH);
			else if (S_ISDIR(st.st_mode) &&
			    (fd = openat(dirfd(d), names[i], O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC)) < 0)
				walk_fail(w, "%s: %s", path, errno == EACCES ?
				    "permission denied" : strerror(errno));
			else if (S_ISDIR(st.st_mode))
				walk_dir(w, fd, path, depth + 1);
		}
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
}

/* dir:/etc/docker/certs.d, after its own file fact told what it is. */
static void
collect_certs_d(struct hd_snapshot *s, const struct hd_collect_opts *o,
    const struct hd_userdb *db)
{
	const char *key = HD_F_DIR CERTS_D;
	struct walk w = { .s = s, .db = db };
	struct hd_fact f;
	json_object *t;
	int fd;

	hd_snapshot_fact(&f, s, HD_F_FILE CERTS_D);
	if (f.state == HD_FACT_ABSENT) {
		hd_snapshot_set_absent(s, key, CERTS_D, "%s does not exist", CERTS_D);
		return;
	}
	if (f.state == HD_FACT_ERROR) {
		hd_snapshot_set_error(s, key, CERTS_D, "%s", f.reason);
		return;
	}
	json_object_object_get_ex(f.value, "type", &t);
	if (strcmp(json_object_get_string(t), "directory") != 0) {
		hd_snapshot_set_error(s, key, CERTS_D, "%s is a %s, not a directory "
		    "(not followed)", CERTS_D, json_object_get_string(t));
		return;
	}
	if ((fd = hd_root_open(o->root, CERTS_D, O_DIRECTORY | O_NOFOLLOW)) < 0) {
		hd_snapshot_set_error(s, key, CERTS_D, "%s", errno == EACCES ?
		    "permission denied" : strerror(errno));
		return;
	}
	w.list = json_object_new_array();
	walk_dir(&w, fd, CERTS_D, 1);
	if (w.error != NULL) {
		hd_snapshot_set_error(s, key, CERTS_D, "listing incomplete: %s",
		    w.error);
		json_object_put(w.list);
	} else {
		hd_snapshot_set_value(s, key, w.list, CERTS_D);
	}
	free(w.error);
}

/* file:PATH for every path of interest, and dir:/etc/docker/certs.d. */
void
hd_collect_files(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	struct hd_userdb *db = hd_userdb_load(o->root);
	struct pathlist l = { 0 };

	gather_paths(&l, s, o);
	for (size_t i = 0; i < l.n; i++) {
		stat_path(s, o, db, l.v[i]);
		free(l.v[i]);
	}
	free(l.v);
	collect_certs_d(s, o, db);
	hd_userdb_free(db);
}
