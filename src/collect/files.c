/*
 * Metadata of the files that guard the daemon: owner and group (numeric and
 * named through the audited host's own passwd/group), full mode bits, type
 * and size, of the file as the daemon sees it: symlinks are followed inside
 * the root (hd_root_resolve), the target is what is described, and the
 * links followed are recorded beside it. A link that loops or climbs out
 * of the root is an error naming it; none is ever followed out of the
 * root. Metadata comes from fstat on an O_PATH descriptor of the resolved
 * path, so a socket is reported as what it is.
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
	add_path(l, p != NULL && p[0] == '/' ? p : hd_rootless_str(s, "daemon_json") ?
	    hd_rootless_str(s, "daemon_json") : "/etc/docker/daemon.json");
	/* A rootless daemon's own places (its socket is an endpoint). */
	add_path(l, hd_rootless_str(s, "config_dir"));
	add_path(l, hd_rootless_str(s, "certs_d"));
	add_path(l, hd_rootless_str(s, "containerd_socket"));
	add_path(l, hd_cfg_string(s, "tlscacert", NULL));
	add_path(l, hd_cfg_string(s, "tlscert", NULL));
	add_path(l, hd_cfg_string(s, "tlskey", NULL));
	add_path(l, hd_cfg_data_root(s, &src)); /* NULL when unknown */
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

/* The links followed and the resolved path, into a file fact's value. */
static void
add_links(json_object *v, const char *resolved, const struct hd_links *l)
{
	json_object *arr;

	if (l == NULL || l->n == 0)
		return;
	arr = json_object_new_array();
	for (size_t i = 0; i < l->n; i++) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, "link", json_object_new_string(l->link[i]));
		json_object_object_add(e, "target", json_object_new_string(l->target[i]));
		json_object_array_add(arr, e);
	}
	json_object_object_add(v, "resolved", json_object_new_string(resolved));
	json_object_object_add(v, "links", arr);
}

/* Record the file fact of path from its stat (of resolved, reached
 * through links l, which may be NULL). */
static void
set_file_fact(struct hd_snapshot *s, const struct hd_userdb *db,
    const char *path, const struct stat *st, const char *resolved,
    const struct hd_links *l)
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
	add_links(v, resolved, l);
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

/* Record why path could not be resolved (hd_root_resolve's code r):
 * absent when it does not exist (the dangling link named), else an
 * error naming the link that loops or leaves the root. */
static void
set_resolve_error(struct hd_snapshot *s, const char *path, int r,
    bool linked)
{
	char *key = hd_xasprintf("%s%s", HD_F_FILE, path);

	if (r == HD_ENOTFOUND && !linked)
		hd_snapshot_set_absent(s, key, path, "%s does not exist", path);
	else if (r == HD_ENOTFOUND)
		hd_snapshot_set_absent(s, key, path, "%s does not exist (%s)", path,
		    hd_error_last());
	else if (r == HD_EACCES && !linked)
		hd_snapshot_set_error(s, key, path, "permission denied");
	else
		hd_snapshot_set_error(s, key, path, "%s", hd_error_last());
	free(key);
}

/* Stat what path names inside the root, as the daemon would open it: the
 * resolved path into *resolved (caller frees) and the links followed
 * into l. 0, or an HD_E* code with the fact already recorded. */
static int
stat_resolved(struct hd_snapshot *s, const char *root, const char *path,
    struct stat *st, char **resolved, struct hd_links *l)
{
	int fd, r, err = 0;

	if ((r = hd_root_resolve(resolved, l, root, path)) < 0) {
		set_resolve_error(s, path, r, l->n > 0 || r == HD_ELINK);
		return r;
	}
	/* The resolved path holds no link; one appearing now stays unfollowed. */
	if ((fd = hd_root_open(root, *resolved, O_PATH | O_NOFOLLOW)) < 0 ||
	    fstat(fd, st) < 0) {
		/* A failure that leaves errno 0 is still no metadata. */
		err = errno;
		if (err == 0)
			err = EIO;
	}
	if (fd >= 0)
		close(fd);
	if (err != 0) {
		set_file_error(s, path, err);
		free(*resolved);
		*resolved = NULL;
		return HD_EIO;
	}
	return HD_OK;
}

/* Record path's fact: the file the daemon would see, links followed. */
static void
stat_path(struct hd_snapshot *s, const struct hd_collect_opts *o,
    const struct hd_userdb *db, const char *path)
{
	struct hd_links l = { 0 };
	struct stat st;
	char *resolved = NULL;

	if (stat_resolved(s, o->root, path, &st, &resolved, &l) == HD_OK)
		set_file_fact(s, db, path, &st, resolved, &l);
	free(resolved);
	hd_links_clear(&l);
}

/* Walk state below one directory. */
struct walk {
	struct hd_snapshot *s;
	const char *root;
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

static void walk_dir(struct walk *w, int dfd, const char *dir, int depth);

/* A symlinked entry (host path path): its target's fact, and the target
 * directory's entries under path's name. */
static void
walk_link(struct walk *w, const char *path, int depth)
{
	struct hd_links l = { 0 };
	struct stat st;
	char *resolved = NULL;
	int fd;

	if (stat_resolved(w->s, w->root, path, &st, &resolved, &l) == HD_OK) {
		set_file_fact(w->s, w->db, path, &st, resolved, &l);
		if (S_ISDIR(st.st_mode) && depth >= WALK_MAX_DEPTH)
			walk_fail(w, "%s: deeper than %d levels", path, WALK_MAX_DEPTH);
		else if (S_ISDIR(st.st_mode) &&
		    (fd = hd_root_open(w->root, resolved, O_DIRECTORY | O_NOFOLLOW)) < 0)
			walk_fail(w, "%s: %s", path, errno == EACCES ?
			    "permission denied" : strerror(errno));
		else if (S_ISDIR(st.st_mode))
			walk_dir(w, fd, path, depth + 1);
	}
	free(resolved);
	hd_links_clear(&l);
}

/* Record every entry below the directory open at dfd (host path dir),
 * one component at a time with O_NOFOLLOW; a symlinked entry is followed
 * inside the root as dockerd would (hd_root_resolve) and described by its
 * target, a directory target walked too (depth and entry caps bound a
 * cycle); dfd is consumed. */
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
		} else if (S_ISLNK(st.st_mode)) {
			walk_link(w, path, depth);
		} else {
			set_file_fact(w->s, w->db, path, &st, NULL, NULL);
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

/* dir:CERTS (/etc/docker/certs.d, a rootless daemon's own), after its
 * own file fact told what it is. */
static void
collect_certs_d(struct hd_snapshot *s, const struct hd_collect_opts *o,
    const struct hd_userdb *db, const char *certs)
{
	char *key = hd_xasprintf("%s%s", HD_F_DIR, certs), *fkey;
	const char *dir = certs;
	struct walk w = { .s = s, .root = o->root, .db = db };
	struct hd_fact f;
	json_object *t, *res;
	int fd;

	fkey = hd_xasprintf("%s%s", HD_F_FILE, certs);
	hd_snapshot_fact(&f, s, fkey);
	free(fkey);
	if (f.state == HD_FACT_ABSENT) {
		hd_snapshot_set_absent(s, key, certs, "%s does not exist", certs);
		goto out;
	}
	if (f.state == HD_FACT_ERROR) {
		hd_snapshot_set_error(s, key, certs, "%s", f.reason);
		goto out;
	}
	json_object_object_get_ex(f.value, "type", &t);
	if (strcmp(json_object_get_string(t), "directory") != 0) {
		hd_snapshot_set_error(s, key, certs, "%s is a %s, not a directory",
		    certs, json_object_get_string(t));
		goto out;
	}
	/* A symlinked certs.d is walked at its target, under its own name. */
	if (json_object_object_get_ex(f.value, "resolved", &res))
		dir = json_object_get_string(res);
	if ((fd = hd_root_open(o->root, dir, O_DIRECTORY | O_NOFOLLOW)) < 0) {
		hd_snapshot_set_error(s, key, certs, "%s", errno == EACCES ?
		    "permission denied" : strerror(errno));
		goto out;
	}
	w.list = json_object_new_array();
	walk_dir(&w, fd, certs, 1);
	if (w.error != NULL) {
		hd_snapshot_set_error(s, key, certs, "listing incomplete: %s",
		    w.error);
		json_object_put(w.list);
	} else {
		hd_snapshot_set_value(s, key, w.list, certs);
	}
	free(w.error);
out:
	free(key);
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
	collect_certs_d(s, o, db, CERTS_D);
	if (hd_rootless_str(s, "certs_d") != NULL)
		collect_certs_d(s, o, db, hd_rootless_str(s, "certs_d"));
	hd_userdb_free(db);
}
