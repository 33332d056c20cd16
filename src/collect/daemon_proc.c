/*
 * Finding running dockerd processes in /proc by what they are, never by a
 * word in some command line: the base name of the `exe` link, read as text
 * with readlinkat(2) (so a link in a fixture tree is never followed, and
 * the live link needs no resolution), and `comm` when `exe` cannot be read
 * (another user's process). A `tail -f dockerd.log` has exe tail and is
 * not a daemon. Every file is read under the audit root, capped.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect/daemon.h"
#include "collect/process.h"

bool
hd_dproc_is_dockerd(const char *exe, const char *comm)
{
	const char *base;
	size_t n;

	if (exe != NULL && *exe != '\0') {
		base = strrchr(exe, '/');
		base = base ? base + 1 : exe;
		/* The kernel appends " (deleted)" once the binary was replaced. */
		n = strcspn(base, " ");
		if (strcmp(base + n, "") != 0 && strcmp(base + n, " (deleted)") != 0)
			n = strlen(base);
		return n == 7 && memcmp(base, "dockerd", 7) == 0;
	}
	return comm != NULL && strcmp(comm, "dockerd") == 0;
}

/* Whether s is a decimal number of at most 9 digits. */
static bool
decimal(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n < 10 && strspn(s, "0123456789") == n;
}

/* Every entry of an /etc/passwd buffer with a numeric uid, in file order:
 * [{"name", "uid", "gid" (-1 when not numeric), "home"}]. */
static json_object *
passwd_entries(const char *data, size_t len)
{
	json_object *arr = json_object_new_array();
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = hd_xstrndup(p, n), *f[7] = { 0 }, *save = line;
		size_t k = 0;

		/* name:passwd:uid:gid:gecos:home:shell, empty fields allowed. */
		while (k < 7 && (f[k] = strsep(&save, ":")) != NULL)
			k++;
		if (k >= 6 && decimal(f[2])) {
			json_object *u = json_object_new_object();

			json_object_object_add(u, "name", json_object_new_string(f[0]));
			json_object_object_add(u, "uid",
			    json_object_new_int64(strtol(f[2], NULL, 10)));
			json_object_object_add(u, "gid", json_object_new_int64(
			    decimal(f[3]) ? strtol(f[3], NULL, 10) : -1));
			json_object_object_add(u, "home", json_object_new_string(f[5]));
			json_object_array_add(arr, u);
		}
		free(line);
		p += n + 1;
	}
	return arr;
}

/* Member key of a passwd entry as text / number. */
static const char *
entry_str(json_object *u, const char *key)
{
	json_object *v;

	json_object_object_get_ex(u, key, &v);
	return json_object_get_string(v);
}

static long
entry_num(json_object *u, const char *key)
{
	json_object *v;

	json_object_object_get_ex(u, key, &v);
	return (long)json_object_get_int64(v);
}

int
hd_passwd_lookup(char **name, char **home, const char *data, size_t len,
    long uid)
{
	json_object *all = passwd_entries(data, len);

	*name = NULL;
	*home = NULL;
	for (size_t i = 0; i < json_object_array_length(all); i++) {
		json_object *u = json_object_array_get_idx(all, i);

		if (entry_num(u, "uid") == uid) {
			*name = hd_xstrdup(entry_str(u, "name"));
			*home = hd_xstrdup(entry_str(u, "home"));
			json_object_put(all);
			return HD_OK;
		}
	}
	json_object_put(all);
	return hd_error_set(HD_ENOTFOUND, "uid %ld not in /etc/passwd", uid);
}

json_object *
hd_passwd_users(const char *data, size_t len, size_t max)
{
	json_object *all = passwd_entries(data, len), *arr = json_object_new_array();

	for (size_t i = 0; i < json_object_array_length(all) &&
	    json_object_array_length(arr) < max; i++) {
		json_object *u = json_object_array_get_idx(all, i);
		long uid = entry_num(u, "uid");

		if (uid >= 1000 && uid < 65534 && entry_num(u, "gid") >= 0 &&
		    entry_str(u, "home")[0] == '/')
			json_object_array_add(arr, json_object_get(u));
	}
	json_object_put(all);
	return arr;
}

/* Read /proc/PID/name under root into a new buffer, or NULL. */
static struct hd_buf *
proc_file(const char *root, int pid, const char *name)
{
	char path[64];
	struct hd_buf *b = NULL;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	if (hd_root_read(&b, root, path, HD_BUF_CAP_PROC) < 0)
		return NULL;
	return b;
}

/* The text of /proc/PID/exe, "" when it cannot be read. */
static char *
exe_link(const char *root, int pid)
{
	char path[64], text[PATH_MAX];
	ssize_t n;
	int dfd;

	snprintf(path, sizeof(path), "/proc/%d", pid);
	if ((dfd = hd_root_open(root, path, O_DIRECTORY)) < 0)
		return hd_xstrdup("");
	n = readlinkat(dfd, "exe", text, sizeof(text) - 1);
	close(dfd);
	if (n < 0)
		return hd_xstrdup("");
	return hd_xstrndup(text, (size_t)n);
}

/* The first number on the line "\nKEY" of a status buffer, -1 if none
 * ("Uid:", "Gid:": the real id; "PPid:"). */
static long
status_num(const char *status, const char *key)
{
	const char *p = strstr(status, key);
	size_t kl = strlen(key);
	char *end;
	long v;

	if (p == NULL)
		return -1;
	v = strtol(p + kl, &end, 10);
	return end == p + kl || v < 0 ? -1 : v;
}

/* Whether pid is rootlesskit, by its exe link's base name or its comm. */
static bool
is_rootlesskit(const char *root, int pid)
{
	char *exe = exe_link(root, pid), *comm;
	const char *base = strrchr(exe, '/');
	struct hd_buf *b;
	bool yes;

	base = base ? base + 1 : exe;
	yes = strcmp(base, "rootlesskit") == 0;
	if (!yes && exe[0] == '\0' && (b = proc_file(root, pid, "comm")) != NULL) {
		comm = hd_xstrndup(hd_buf_ptr(b), strcspn(hd_buf_ptr(b), "\n"));
		yes = strcmp(comm, "rootlesskit") == 0;
		free(comm);
		hd_buf_free(b);
	}
	free(exe);
	return yes;
}

/* The rootlesskit among pid's first ancestors, or 0: dockerd-rootless.sh
 * runs rootlesskit, whose child (in the new namespaces) runs dockerd. */
static int
rootlesskit_ancestor(const char *root, int pid)
{
	for (int depth = 0; depth < 4 && pid > 1; depth++) {
		struct hd_buf *b = proc_file(root, pid, "status");
		long ppid = b ? status_num(hd_buf_ptr(b), "\nPPid:") : -1;

		hd_buf_free(b);
		if (ppid <= 1 || ppid > INT_MAX)
			return 0;
		pid = (int)ppid;
		if (is_rootlesskit(root, pid))
			return pid;
	}
	return 0;
}

/* Append a reason to *why ("; "-separated). */
static void
add_why(char **why, char *reason)
{
	char *t;

	if (*why == NULL) {
		*why = reason;
		return;
	}
	t = hd_xasprintf("%s; %s", *why, reason);
	free(*why);
	free(reason);
	*why = t;
}

/* NUL-separated NAME=VALUE pairs as an object. */
static json_object *
parse_environ(const struct hd_buf *b)
{
	json_object *env = json_object_new_object();
	const char *p = b ? hd_buf_ptr(b) : "", *end = p + (b ? hd_buf_len(b) : 0);

	while (p < end) {
		size_t n = strnlen(p, (size_t)(end - p));
		const char *eq = memchr(p, '=', n);

		if (eq != NULL && eq > p) {
			char *k = hd_xstrndup(p, (size_t)(eq - p));

			json_object_object_add(env, k, json_object_new_string_len(eq + 1,
			    (int)(p + n - eq - 1)));
			free(k);
		}
		p += n + 1;
	}
	return env;
}

/* A string from env, or NULL. */
static const char *
env_get(json_object *env, const char *name)
{
	json_object *v;

	return json_object_object_get_ex(env, name, &v) ? json_object_get_string(v) : NULL;
}

/* Decide whether p is a rootless daemon, and say why (every sign). */
static void
detect_rootless(struct hd_dproc *p, const char *root)
{
	const char *xdg = env_get(p->environ, "XDG_RUNTIME_DIR");

	if ((p->rootlesskit_pid = rootlesskit_ancestor(root, p->pid)) > 0)
		add_why(&p->rootless_why, hd_xasprintf("runs under rootlesskit "
		    "(pid %d, an ancestor)", p->rootlesskit_pid));
	if (p->uid > 0) {
		add_why(&p->rootless_why, hd_xasprintf("runs as uid %ld", p->uid));
	} else if (env_get(p->environ, "ROOTLESSKIT_STATE_DIR") != NULL) {
		add_why(&p->rootless_why, hd_xstrdup("runs under RootlessKit "
		    "(ROOTLESSKIT_STATE_DIR is set)"));
	} else if (xdg != NULL && strncmp(xdg, "/run/user/", 10) == 0 &&
	    strcmp(xdg, "/run/user/0") != 0) {
		add_why(&p->rootless_why, hd_xasprintf("runs with a user's "
		    "XDG_RUNTIME_DIR=%s", xdg));
	} else if (p->rootless_why == NULL) {
		for (size_t i = 1; i < p->argv.n; i++) {
			const char *a = p->argv.a[i].text;

			if (strcmp(a, "--rootless") == 0 || strcmp(a, "--rootless=true") == 0) {
				p->rootless_why = hd_xasprintf("started with %s", a);
				break;
			}
		}
	}
	p->rootless = p->rootless_why != NULL;
}

/* Fill p for pid if it is dockerd; false otherwise. */
static bool
probe(struct hd_dproc *p, const char *root, int pid, const struct hd_buf *passwd)
{
	struct hd_buf *b;
	char path[64];

	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->exe = exe_link(root, pid);
	b = proc_file(root, pid, "comm");
	p->comm = hd_xstrndup(b ? hd_buf_ptr(b) : "", b ? strcspn(hd_buf_ptr(b), "\n") : 0);
	hd_buf_free(b);
	if (!hd_dproc_is_dockerd(p->exe, p->comm)) {
		free(p->exe);
		free(p->comm);
		return false;
	}
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	if ((b = proc_file(root, pid, "cmdline")) != NULL)
		hd_argv_from_cmdline(&p->argv, hd_buf_ptr(b), hd_buf_len(b), path);
	hd_buf_free(b);
	b = proc_file(root, pid, "environ");
	p->environ = parse_environ(b);
	hd_buf_free(b);
	/* Status last: a daemon that exited during these reads (gone, or a
	 * zombie with an empty cmdline) is no daemon to audit, rather than
	 * one configured by an empty command line. */
	b = proc_file(root, pid, "status");
	p->uid = b ? status_num(hd_buf_ptr(b), "\nUid:") : -1;
	p->gid = b ? status_num(hd_buf_ptr(b), "\nGid:") : -1;
	if (b == NULL || hd_proc_exited(hd_proc_state(hd_buf_ptr(b),
	    hd_buf_len(b))) || p->argv.n == 0) {
		hd_buf_free(b);
		free(p->exe);
		free(p->comm);
		hd_argv_clear(&p->argv);
		json_object_put(p->environ);
		return false;
	}
	hd_buf_free(b);
	if (passwd != NULL && p->uid >= 0)
		(void)hd_passwd_lookup(&p->user, &p->home, hd_buf_ptr(passwd),
		    hd_buf_len(passwd), p->uid);
	detect_rootless(p, root);
	return true;
}

/* qsort order: ascending pid. */
static int
by_pid(const void *a, const void *b)
{
	const struct hd_dproc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int
hd_dproc_scan(struct hd_dproc **out, size_t *n, const char *root)
{
	struct hd_dproc *list = NULL;
	struct hd_buf *passwd = NULL;
	size_t cnt = 0, alloc = 0;
	struct dirent *de;
	DIR *d;
	int fd;

	*out = NULL;
	*n = 0;
	if ((fd = hd_root_open(root, "/proc", O_DIRECTORY)) < 0)
		return hd_error_set(errno == ENOENT || errno == ENOTDIR ? HD_ENOTFOUND :
		    HD_EIO, "/proc: %s", strerror(errno));
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return hd_error_set(HD_EIO, "/proc: %s", strerror(errno));
	}
	(void)hd_root_read(&passwd, root, "/etc/passwd", HD_BUF_CAP_CONFIG);
	while ((de = readdir(d)) != NULL) {
		long pid;
		char *end;

		if (strspn(de->d_name, "0123456789") != strlen(de->d_name))
			continue;
		pid = strtol(de->d_name, &end, 10);
		if (*de->d_name == '\0' || *end != '\0' || pid <= 0 || pid > INT_MAX)
			continue;
		if (cnt == alloc) {
			alloc = alloc ? alloc * 2 : 4;
			list = hd_xrealloc(list, alloc, sizeof(*list));
		}
		if (probe(&list[cnt], root, (int)pid, passwd))
			cnt++;
	}
	closedir(d);
	hd_buf_free(passwd);
	if (cnt > 0)
		qsort(list, cnt, sizeof(*list), by_pid);
	*out = list;
	*n = cnt;
	return HD_OK;
}

void
hd_dproc_free(struct hd_dproc *p, size_t n)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free(p[i].exe);
		free(p[i].comm);
		free(p[i].user);
		free(p[i].home);
		free(p[i].rootless_why);
		hd_argv_clear(&p[i].argv);
		json_object_put(p[i].environ);
	}
	free(p);
}
