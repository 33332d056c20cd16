/*
 * What the host collectors need from earlier collectors, with the engine's
 * own defaults when a fact is missing, so that a host without a readable
 * daemon configuration is still audited at the usual places.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/facts.h>

#include "collect/hostcfg.h"

/* The live host is audited only when the root is "/" itself. */
bool
hd_root_is_live(const struct hd_collect_opts *o)
{
	return o->root == NULL || strcmp(o->root, "/") == 0;
}

/* Open the directory under root and close it again. */
bool
hd_root_has_dir(const char *root, const char *path)
{
	int fd = hd_root_open(root, path, O_PATH | O_DIRECTORY);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* daemon.config[key].value when it is a string. */
const char *
hd_cfg_string(const struct hd_snapshot *s, const char *key,
    const char **source)
{
	struct hd_fact f;
	json_object *ent, *v, *src;

	if (source != NULL)
		*source = NULL;
	hd_snapshot_fact(&f, s, HD_F_DAEMON_CONFIG);
	if (f.state != HD_FACT_VALUE || !json_object_is_type(f.value, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(f.value, key, &ent) ||
	    !json_object_is_type(ent, json_type_object) ||
	    !json_object_object_get_ex(ent, "value", &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	if (source != NULL && json_object_object_get_ex(ent, "source", &src) &&
	    json_object_is_type(src, json_type_string))
		*source = json_object_get_string(src);
	return json_object_get_string(v);
}

const char *
hd_rootless_str(const struct hd_snapshot *s, const char *key)
{
	struct hd_fact f;
	json_object *v;

	hd_snapshot_fact(&f, s, HD_F_DAEMON_ROOTLESS);
	if (f.state != HD_FACT_VALUE || !json_object_object_get_ex(f.value, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

bool
hd_cfg_known(const struct hd_snapshot *s, const char **reason)
{
	struct hd_fact f;

	/* Not collected at all (a host collector run on its own): the
	 * defaults are where to look. Recorded as unreadable: unknown. */
	*reason = NULL;
	if (!hd_snapshot_has(s, HD_F_DAEMON_CONFIG))
		return true;
	hd_snapshot_fact(&f, s, HD_F_DAEMON_CONFIG);
	*reason = f.reason;
	return f.state == HD_FACT_VALUE;
}

/* DockerRootDir as the engine reports it wins: it is what the daemon uses. */
const char *
hd_cfg_data_root(const struct hd_snapshot *s, const char **source)
{
	struct hd_fact f;
	json_object *v;
	const char *dr, *src;

	hd_snapshot_fact(&f, s, HD_F_ENGINE_INFO);
	if (f.state == HD_FACT_VALUE &&
	    json_object_is_type(f.value, json_type_object) &&
	    json_object_object_get_ex(f.value, "DockerRootDir", &v) &&
	    json_object_is_type(v, json_type_string) &&
	    json_object_get_string(v)[0] == '/') {
		*source = "GET /info DockerRootDir";
		return json_object_get_string(v);
	}
	if (!hd_cfg_known(s, source))
		return NULL;
	if ((dr = hd_cfg_string(s, "data-root", &src)) != NULL && dr[0] == '/') {
		*source = src ? src : "daemon.config data-root";
		return dr;
	}
	/* A rootless daemon's default is the user's, not /var/lib/docker. */
	if ((dr = hd_rootless_str(s, "data_root")) != NULL) {
		*source = "daemon.rootless data_root (the rootless default)";
		return dr;
	}
	*source = "default";
	return HD_DEFAULT_DATA_ROOT;
}

char *
hd_root_readlink(const char *root, const char *path)
{
	char target[4096];
	ssize_t n = -1;
	int fd;

	if ((fd = hd_root_open(root, path, O_PATH | O_NOFOLLOW)) >= 0) {
		n = readlinkat(fd, "", target, sizeof(target) - 1);
		close(fd);
	}
	if (n <= 0)
		return NULL;
	target[n] = '\0';
	return hd_xstrdup(target);
}

/* The pid the daemon-config collector audits, or 0. */
int
hd_cfg_daemon_pid(const struct hd_snapshot *s)
{
	struct hd_fact f;
	json_object *a, *pid;

	hd_snapshot_fact(&f, s, HD_F_DAEMON_PROCESSES);
	if (f.state != HD_FACT_VALUE || !json_object_is_type(f.value, json_type_array))
		return 0;
	for (size_t i = 0; i < json_object_array_length(f.value); i++) {
		json_object *e = json_object_array_get_idx(f.value, i);

		if (json_object_object_get_ex(e, "audited", &a) &&
		    json_object_get_boolean(a) &&
		    json_object_object_get_ex(e, "pid", &pid) &&
		    json_object_is_type(pid, json_type_int))
			return json_object_get_int(pid);
	}
	return 0;
}

/* Read capped, keep the first line, trim the end. */
int
hd_root_read_line(char **out, const char *root, const char *path)
{
	struct hd_buf *b;
	const char *p;
	size_t n;
	int r;

	*out = NULL;
	if ((r = hd_root_read(&b, root, path, 65536)) < 0)
		return r;
	p = hd_buf_ptr(b);
	n = strcspn(p, "\n");
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
	    p[n - 1] == '\r' || p[n - 1] == '\0'))
		n--;
	*out = hd_xstrndup(p, n);
	hd_buf_free(b);
	return HD_OK;
}

/* Map a read error to absent or error, with the reason checks show. */
void
hd_fact_from_error(struct hd_snapshot *s, const char *key, const char *source,
    int code)
{
	if (code == HD_ENOTFOUND)
		hd_snapshot_set_absent(s, key, source, "%s does not exist", source);
	else if (code == HD_EACCES)
		hd_snapshot_set_error(s, key, source, "permission denied");
	else
		hd_snapshot_set_error(s, key, source, "%s", hd_error_last());
}

/* Sort paths by name, as systemd and run-parts order their directories. */
static int
by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

long
hd_root_list(char ***out, const char *root, const char *dir,
    const char *suffix, size_t max)
{
	size_t n = 0, slen = strlen(suffix);
	struct dirent *de;
	char **list = NULL;
	DIR *d;
	int fd;

	*out = NULL;
	if ((fd = hd_root_open(root, dir, O_DIRECTORY)) < 0 ||
	    (d = fdopendir(fd)) == NULL) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		errno = e;
		return e == ENOENT || e == ENOTDIR ? 0 : -1;
	}
	while ((de = readdir(d)) != NULL && n < max) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len <= slen ||
		    strcmp(de->d_name + len - slen, suffix) != 0)
			continue;
		list = hd_xrealloc(list, n + 1, sizeof(*list));
		list[n++] = hd_xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(list, n, sizeof(*list), by_path);
	*out = list;
	return (long)n;
}

/* What follows the last slash. */
const char *
hd_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int64_t
hd_parse_dec(const char *s, size_t n)
{
	int64_t v = 0;

	if (n == 0 || n > 10)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}
