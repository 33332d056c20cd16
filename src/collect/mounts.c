/*
 * The mount that holds the engine's data root, from the mount table of
 * the audited dockerd (/proc/PID/mountinfo): CIS wants /var/lib/docker on
 * its own partition so that a container filling it cannot fill the root
 * filesystem.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/hostcfg.h"
#include "collect/mounts.h"

#define MAX_TOKENS 64

/* Decode \ooo escapes, leave anything else as it is. */
char *
hd_unescape_octal(const char *s, size_t n)
{
	char *o = hd_xmalloc(n + 1);
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n &&
		    s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			o[j++] = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 +
			    (s[i + 3] - '0'));
			i += 3;
		} else {
			o[j++] = s[i];
		}
	}
	o[j] = '\0';
	return o;
}

/* Split a line at spaces into at most MAX_TOKENS tokens. */
static size_t
tokenize(const char *p, size_t n, const char **t, size_t *tl)
{
	size_t nt = 0, i = 0;

	while (i < n && nt < MAX_TOKENS) {
		while (i < n && p[i] == ' ')
			i++;
		if (i == n)
			break;
		t[nt] = p + i;
		while (i < n && p[i] != ' ')
			i++;
		tl[nt] = (size_t)(p + i - t[nt]);
		nt++;
	}
	return nt;
}

/* One line: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE
 * SOURCE SUPEROPTS. */
static int
parse_line(struct hd_mount *m, const char *p, size_t n)
{
	const char *t[MAX_TOKENS];
	size_t tl[MAX_TOKENS], nt = tokenize(p, n, t, tl), sep;

	for (sep = 6; sep < nt; sep++)
		if (tl[sep] == 1 && t[sep][0] == '-')
			break;
	if (sep + 2 >= nt || t[4][0] != '/')
		return HD_EPARSE;
	m->dev = hd_xstrndup(t[2], tl[2]);
	m->fs_root = hd_unescape_octal(t[3], tl[3]);
	m->mount_point = hd_unescape_octal(t[4], tl[4]);
	m->fstype = hd_unescape_octal(t[sep + 1], tl[sep + 1]);
	m->source = hd_unescape_octal(t[sep + 2], tl[sep + 2]);
	return HD_OK;
}

/* Line by line; the first malformed line fails the whole table. */
int
hd_mountinfo_parse(struct hd_mounts **out, const char *text, size_t len)
{
	struct hd_mounts *m = hd_xcalloc(1, sizeof(*m));
	const char *p = text, *end = text + len;
	size_t line = 0;

	*out = NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line++;
		if (n > 0) {
			m->v = hd_xrealloc(m->v, m->n + 1, sizeof(*m->v));
			if (memchr(p, '\0', n) != NULL ||
			    parse_line(&m->v[m->n], p, n) < 0) {
				hd_mounts_free(m);
				return hd_error_set(HD_EPARSE,
				    "line %zu: not a mountinfo entry", line);
			}
			m->n++;
		}
		p += n + 1;
	}
	*out = m;
	return HD_OK;
}

/* Whether mp is path itself or one of its parent directories. */
static bool
covers(const char *mp, const char *path)
{
	size_t n = strlen(mp);

	if (strcmp(mp, "/") == 0)
		return path[0] == '/';
	while (n > 1 && mp[n - 1] == '/')
		n--;
	return strncmp(mp, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Longest covering mount point, the later on ties. */
const struct hd_mount *
hd_mounts_find(const struct hd_mounts *m, const char *path)
{
	const struct hd_mount *best = NULL;
	size_t bestlen = 0;

	for (size_t i = 0; m != NULL && i < m->n; i++) {
		size_t n = strlen(m->v[i].mount_point);

		if (covers(m->v[i].mount_point, path) && (best == NULL || n >= bestlen)) {
			best = &m->v[i];
			bestlen = n;
		}
	}
	return best;
}

/* Free every entry, then the table. */
void
hd_mounts_free(struct hd_mounts *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].mount_point);
		free(m->v[i].fstype);
		free(m->v[i].source);
		free(m->v[i].dev);
		free(m->v[i].fs_root);
	}
	free(m->v);
	free(m);
}

/* Whether name is "<digits>.<digits>", the userns-remapped subdirectory. */
static bool
is_remap_dir(const char *name)
{
	const char *dot = strchr(name, '.');

	if (dot == NULL || dot == name || dot[1] == '\0')
		return false;
	for (const char *c = name; *c; c++)
		if (c != dot && !isdigit((unsigned char)*c))
			return false;
	return true;
}

/* The directory whose mount matters: with userns-remap the engine's root
 * dir is <data-root>/<uid>.<gid>, and the partition question is about the
 * parent. Caller frees. */
static char *
checked_dir(const struct hd_snapshot *s, const char *root_dir)
{
	const char *remap = hd_cfg_string(s, "userns-remap", NULL);
	const char *base = hd_basename(root_dir);
	size_t n;

	if (remap == NULL || remap[0] == '\0' || !is_remap_dir(base))
		return hd_xstrdup(root_dir);
	n = (size_t)(base - root_dir) - 1;
	return n == 0 ? hd_xstrdup("/") : hd_xstrndup(root_dir, n);
}

/* Read the mount table the data root is a path of: the audited dockerd's
 * (its data root is a path in its mount namespace), else the host init's.
 * hardock's own (/proc/self) only on the live host and as a last resort:
 * run from a container with --root, or under a unit's PrivateMounts=,
 * hardock's namespace is not the engine's (a pod's /tmp tmpfs would look
 * like a partition of its own). *path gets the file read, or the first
 * tried when none could be; the first failure's code otherwise. */
static int
read_mount_table(struct hd_buf **out, char **path, const struct hd_snapshot *s,
    const struct hd_collect_opts *o)
{
	char *cand[3], *why = NULL;
	size_t n = 0;
	int pid = hd_cfg_daemon_pid(s), first = HD_OK, r;

	*out = NULL;
	*path = NULL;
	if (pid > 0)
		cand[n++] = hd_xasprintf("/proc/%d/mountinfo", pid);
	if (pid != 1)
		cand[n++] = hd_xstrdup("/proc/1/mountinfo");
	if (hd_root_is_live(o))
		cand[n++] = hd_xstrdup("/proc/self/mountinfo");
	for (size_t i = 0; i < n && *out == NULL; i++) {
		r = hd_root_read(out, o->root, cand[i], HD_BUF_CAP_PROC);
		if (r == HD_OK || first == HD_OK) {
			free(*path);
			*path = hd_xstrdup(cand[i]);
		}
		if (r != HD_OK && first == HD_OK) {
			first = r;
			why = hd_xstrdup(hd_error_last());
		}
	}
	for (size_t i = 0; i < n; i++)
		free(cand[i]);
	/* None read: the first failure (the dockerd's table) is the reason. */
	if (*out == NULL)
		hd_error_set(first, "%s", why);
	free(why);
	return *out != NULL ? HD_OK : first;
}

/* host.root_mount from mountinfo and the data root. */
void
hd_collect_root_mount(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	const char *src, *root_dir = hd_cfg_data_root(s, &src);
	const struct hd_mount *mt, *rootmt;
	struct hd_mounts *m = NULL;
	struct hd_buf *b = NULL;
	char *checked = NULL, *path = NULL;
	json_object *v;
	int r;

	if (root_dir == NULL) {
		hd_snapshot_set_error(s, HD_F_ROOT_MOUNT, "data root",
		    "the engine's data root is not known: %s", src);
		return;
	}
	checked = checked_dir(s, root_dir);

	if (!hd_root_has_dir(o->root, "/proc")) {
		hd_snapshot_set_absent(s, HD_F_ROOT_MOUNT, "/proc",
		    "no /proc under %s: no mount table to read", o->root);
		goto out;
	}
	/* A host with /proc has a mount table: none readable is an error. */
	if ((r = read_mount_table(&b, &path, s, o)) < 0) {
		hd_snapshot_set_error(s, HD_F_ROOT_MOUNT, path, "%s",
		    r == HD_EACCES ? "permission denied" : r == HD_ENOTFOUND ?
		    "no mount table: neither dockerd's nor init's is there" :
		    hd_error_last());
		goto out;
	}
	if (hd_mountinfo_parse(&m, hd_buf_ptr(b), hd_buf_len(b)) < 0) {
		hd_snapshot_set_error(s, HD_F_ROOT_MOUNT, path, "%s: %s", path,
		    hd_error_last());
		goto out;
	}
	if ((mt = hd_mounts_find(m, checked)) == NULL) {
		hd_snapshot_set_error(s, HD_F_ROOT_MOUNT, path,
		    "no mount in %s holds %s", path, checked);
		goto out;
	}
	v = json_object_new_object();
	json_object_object_add(v, "root_dir", json_object_new_string(root_dir));
	json_object_object_add(v, "checked", json_object_new_string(checked));
	json_object_object_add(v, "mount_point", json_object_new_string(mt->mount_point));
	json_object_object_add(v, "device", json_object_new_string(mt->source));
	json_object_object_add(v, "fstype", json_object_new_string(mt->fstype));
	json_object_object_add(v, "dev", json_object_new_string(mt->dev));
	json_object_object_add(v, "fs_root", json_object_new_string(mt->fs_root));
	json_object_object_add(v, "mount_table", json_object_new_string(path));
	/* dockerd bind-mounts its root dir onto itself (to make it private):
	 * such a mount point is not a partition. Separate means another
	 * filesystem than the one mounted at "/". */
	rootmt = hd_mounts_find(m, "/");
	json_object_object_add(v, "separate", json_object_new_boolean(
	    strcmp(mt->mount_point, "/") != 0 &&
	    (rootmt == NULL || strcmp(rootmt->dev, mt->dev) != 0)));
	{
		char *source = hd_xasprintf("%s (root dir: %s)", path, src);

		hd_snapshot_set_value(s, HD_F_ROOT_MOUNT, v, source);
		free(source);
	}
out:
	free(checked);
	free(path);
	hd_mounts_free(m);
	hd_buf_free(b);
}
