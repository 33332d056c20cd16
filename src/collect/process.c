/*
 * The security context of dockerd, containerd and every running
 * container's processes, from the audited host's /proc: capability sets
 * (decoded with libcap), seccomp mode, no_new_privs, LSM label and user.
 * Processes are found by what they are (exe link, comm), never by a
 * substring of a command line; a container's processes by their cgroup,
 * which is how a check sees an sshd inside a container without exec.
 * Under --root, a tree without /proc has no live processes.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/capability.h>

#include <hardock/check.h>
#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/hostcfg.h"
#include "collect/process.h"
#include "collect/users.h"

#define MAX_PIDS 100000
#define SMALL_CAP 65536 /* status, cgroup, attr files are a few KiB */

/* A hex mask of at most 16 digits, or -1 (as int) on error. */
static int
parse_hex(uint64_t *out, const char *s, size_t n)
{
	uint64_t v = 0;

	if (n == 0 || n > 16)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' :
		    s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 :
		    s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 10 : -1;

		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

/* The n-th (0-based) blank-separated word of v[0..len). */
static const char *
word(const char *v, size_t len, int nth, size_t *wl)
{
	size_t i = 0;

	for (int k = 0;; k++) {
		size_t start;

		while (i < len && (v[i] == ' ' || v[i] == '\t'))
			i++;
		start = i;
		while (i < len && v[i] != ' ' && v[i] != '\t')
			i++;
		if (i == start)
			return NULL;
		if (k == nth) {
			*wl = i - start;
			return v + start;
		}
	}
}

/* Line by line, "Key:\tvalue"; the four required keys must all be seen. */
int
hd_proc_status_parse(struct hd_proc_status *st, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int seen = 0;

	st->cap_eff = st->cap_prm = st->cap_bnd = 0;
	st->seccomp = st->no_new_privs = -1;
	st->uid = -1;
	while (p < end) {
		const char *line = p, *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), wl = 0;
		const char *colon = memchr(line, ':', n), *v, *w;
		size_t kl, vl;

		p = nl ? nl + 1 : end;
		if (colon == NULL)
			continue;
		kl = (size_t)(colon - line);
		v = colon + 1;
		vl = (size_t)(line + n - v);
		w = word(v, vl, 0, &wl);
#define KEY(k) (kl == sizeof(k) - 1 && memcmp(line, k, kl) == 0)
		if (KEY("CapEff") && w && parse_hex(&st->cap_eff, w, wl) == 0)
			seen |= 1;
		else if (KEY("CapPrm") && w && parse_hex(&st->cap_prm, w, wl) == 0)
			seen |= 2;
		else if (KEY("CapBnd") && w && parse_hex(&st->cap_bnd, w, wl) == 0)
			seen |= 4;
		else if (KEY("Uid") && (w = word(v, vl, 1, &wl)) != NULL &&
		    (st->uid = hd_parse_dec(w, wl)) >= 0)
			seen |= 8;
		else if (KEY("Seccomp") && w)
			st->seccomp = (int)hd_parse_dec(w, wl);
		else if (KEY("NoNewPrivs") && w)
			st->no_new_privs = (int)hd_parse_dec(w, wl);
#undef KEY
	}
	if (seen != 15)
		return hd_error_set(HD_EPARSE,
		    "status without valid CapEff, CapPrm, CapBnd and Uid lines");
	return HD_OK;
}

char
hd_proc_state(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), i = 6;

		if (n > 6 && memcmp(p, "State:", 6) == 0) {
			while (i < n && (p[i] == ' ' || p[i] == '\t'))
				i++;
			if (i < n)
				return p[i];
			return '\0';
		}
		p = nl ? nl + 1 : end;
	}
	return '\0';
}

bool
hd_proc_exited(char state)
{
	return state == 'Z' || state == 'X' || state == 'x';
}

/* One libcap name per set bit. */
json_object *
hd_cap_names(uint64_t mask)
{
	json_object *a = json_object_new_array();

	for (unsigned bit = 0; bit < 64; bit++) {
		char *name;

		if (!(mask & ((uint64_t)1 << bit)))
			continue;
		if ((name = cap_to_name((cap_value_t)bit)) == NULL) {
			char num[8];

			snprintf(num, sizeof(num), "%u", bit);
			json_object_array_add(a, json_object_new_string(num));
			continue;
		}
		json_object_array_add(a, json_object_new_string(name));
		cap_free(name);
	}
	return a;
}

/* Whether component c[0..n) names the container id. */
static bool
component_is(const char *c, size_t n, const char *id, size_t il)
{
	static const char *const prefixes[] = { "docker-", "libpod-", NULL };

	if (n == il && memcmp(c, id, il) == 0)
		return true;
	for (size_t i = 0; prefixes[i] != NULL; i++) {
		size_t pl = strlen(prefixes[i]);

		if (n == pl + il + 6 && memcmp(c, prefixes[i], pl) == 0 &&
		    memcmp(c + pl, id, il) == 0 && memcmp(c + pl + il, ".scope", 6) == 0)
			return true;
	}
	return false;
}

/* Match the id against each path component of each line. */
bool
hd_cgroup_names_container(const char *text, size_t len, const char *id)
{
	const char *p = text, *end = text + len;
	size_t il = strlen(id);

	/* A short id would match unrelated components; only full ids. */
	if (il < 12)
		return false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *c1 = memchr(p, ':', (size_t)(le - p)), *c2 = NULL, *c;

		if (c1 != NULL)
			c2 = memchr(c1 + 1, ':', (size_t)(le - c1 - 1));
		/* hierarchy-ID:controllers:PATH; the path may hold ':'. */
		for (c = c2 ? c2 + 1 : le; c < le;) {
			const char *slash = memchr(c, '/', (size_t)(le - c));
			const char *ce = slash ? slash : le;

			if (component_is(c, (size_t)(ce - c), id, il))
				return true;
			c = ce + 1;
		}
		p = nl ? nl + 1 : end;
	}
	return false;
}

/* Ascending pids. */
static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The pids under root's /proc, ascending, at most MAX_PIDS. */
static int *
list_pids(const char *root, size_t *n, int *err)
{
	struct dirent *de;
	int *pids = NULL, fd;
	DIR *d;

	*n = 0;
	*err = 0;
	if ((fd = hd_root_open(root, "/proc", O_DIRECTORY)) < 0 ||
	    (d = fdopendir(fd)) == NULL) {
		*err = errno;
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((de = readdir(d)) != NULL && *n < MAX_PIDS) {
		long pid = hd_parse_dec(de->d_name, strlen(de->d_name));

		if (pid <= 0)
			continue;
		pids = hd_xrealloc(pids, *n + 1, sizeof(*pids));
		pids[(*n)++] = (int)pid;
	}
	closedir(d);
	if (*n > 0)
		qsort(pids, *n, sizeof(*pids), cmp_int);
	return pids ? pids : hd_xcalloc(1, sizeof(*pids));
}

/* /proc/PID/NAME under root, capped; NULL when unreadable. */
static struct hd_buf *
read_pid_file(const char *root, int pid, const char *name)
{
	char *path = hd_xasprintf("/proc/%d/%s", pid, name);
	struct hd_buf *b = NULL;

	if (hd_root_read(&b, root, path, SMALL_CAP) < 0)
		b = NULL;
	free(path);
	return b;
}

/* A small /proc file as a trimmed string (trailing newlines and NULs
 * dropped); NULL when unreadable or empty. */
static char *
read_pid_string(const char *root, int pid, const char *name)
{
	struct hd_buf *b = read_pid_file(root, pid, name);
	char *v = NULL;
	size_t n;

	if (b == NULL)
		return NULL;
	n = strnlen(hd_buf_ptr(b), hd_buf_len(b));
	while (n > 0 && (hd_buf_ptr(b)[n - 1] == '\n' || hd_buf_ptr(b)[n - 1] == ' '))
		n--;
	if (n > 0)
		v = hd_xstrndup(hd_buf_ptr(b), n);
	hd_buf_free(b);
	return v;
}

/* The basename of /proc/PID/exe's target (" (deleted)" dropped), without
 * following it; NULL when unreadable. */
static char *
exe_name(const char *root, int pid)
{
	char *path = hd_xasprintf("/proc/%d/exe", pid);
	char *target = hd_root_readlink(root, path), *name;
	const char *del = " (deleted)";
	size_t n, dl = strlen(del);

	free(path);
	if (target == NULL)
		return NULL;
	n = strlen(target);
	if (n > dl && strcmp(target + n - dl, del) == 0)
		target[n - dl] = '\0';
	name = hd_xstrdup(hd_basename(target));
	free(target);
	return name;
}

/* Whether pid still runs: its status is readable and not a zombie's. */
static bool
alive(const char *root, int pid)
{
	struct hd_buf *b = read_pid_file(root, pid, "status");
	bool yes = b != NULL && !hd_proc_exited(hd_proc_state(hd_buf_ptr(b),
	    hd_buf_len(b)));

	hd_buf_free(b);
	return yes;
}

/* Whether pid is the program named prog and still runs: its exe, or its
 * comm when the exe link cannot be read (another user's process without
 * privileges, or one that exited: a zombie keeps its comm). */
static bool
is_program(const char *root, int pid, const char *prog)
{
	char *exe = exe_name(root, pid), *comm;
	bool yes;

	if (exe != NULL) {
		yes = strcmp(exe, prog) == 0;
		free(exe);
		return yes && alive(root, pid);
	}
	comm = read_pid_string(root, pid, "comm");
	yes = comm != NULL && strcmp(comm, prog) == 0;
	free(comm);
	return yes && alive(root, pid);
}

/* "userns": the process's user namespace as its uid_map shows it from
 * hardock's: {"uid_map": str, "initial": bool} (the identity map of the
 * whole range is the initial namespace, where capabilities are the
 * host's); null when uid_map cannot be read. */
static void
userns_json(json_object *v, const char *root, int pid)
{
	char *map = read_pid_string(root, pid, "uid_map"), *norm;
	json_object *u;
	size_t n = 0;

	if (map == NULL) {
		json_object_object_add(v, "userns", NULL);
		return;
	}
	/* Collapse the columns' padding: "0 1000 1\n1 100000 65536". */
	norm = hd_xmalloc(strlen(map) + 1);
	for (const char *p = map; *p; p++) {
		if (*p == ' ' || *p == '\t') {
			if (n > 0 && norm[n - 1] != ' ' && norm[n - 1] != '\n')
				norm[n++] = ' ';
			continue;
		}
		if (*p == '\n' && n > 0 && norm[n - 1] == ' ')
			n--;
		if (*p == '\n' && n == 0)
			continue;
		norm[n++] = *p;
	}
	while (n > 0 && (norm[n - 1] == ' ' || norm[n - 1] == '\n'))
		n--;
	norm[n] = '\0';
	u = json_object_new_object();
	json_object_object_add(u, "uid_map", json_object_new_string(norm));
	json_object_object_add(u, "initial", json_object_new_boolean(
	    strcmp(norm, "0 0 4294967295") == 0));
	json_object_object_add(v, "userns", u);
	free(norm);
	free(map);
}

/* The process fact of pid (without "processes"); NULL with *why set when
 * its status cannot be read. */
static json_object *
process_json(const char *root, const struct hd_userdb *db, int pid, char **why)
{
	struct hd_buf *b = read_pid_file(root, pid, "status");
	struct hd_proc_status st;
	const char *user;
	json_object *v;
	char *label;

	*why = NULL;
	if (b == NULL) {
		*why = hd_xasprintf("/proc/%d/status: %s", pid, hd_error_last());
		return NULL;
	}
	if (hd_proc_exited(hd_proc_state(hd_buf_ptr(b), hd_buf_len(b)))) {
		*why = hd_xasprintf("/proc/%d: the process exited while being read "
		    "(state %c)", pid, hd_proc_state(hd_buf_ptr(b), hd_buf_len(b)));
		hd_buf_free(b);
		return NULL;
	}
	if (hd_proc_status_parse(&st, hd_buf_ptr(b), hd_buf_len(b)) < 0) {
		*why = hd_xasprintf("/proc/%d/status: %s", pid, hd_error_last());
		hd_buf_free(b);
		return NULL;
	}
	hd_buf_free(b);
	/* SELinux and the first LSM speak in attr/current; AppArmor stacked
	 * behind another LSM only in attr/apparmor/current. */
	if ((label = read_pid_string(root, pid, "attr/current")) == NULL)
		label = read_pid_string(root, pid, "attr/apparmor/current");
	user = hd_userdb_user_name(db, st.uid);
	v = json_object_new_object();
	json_object_object_add(v, "pid", json_object_new_int(pid));
	json_object_object_add(v, "uid", json_object_new_int64(st.uid));
	json_object_object_add(v, "user", user ? json_object_new_string(user) : NULL);
	json_object_object_add(v, "cap_eff", hd_cap_names(st.cap_eff));
	json_object_object_add(v, "cap_prm", hd_cap_names(st.cap_prm));
	json_object_object_add(v, "cap_bnd", hd_cap_names(st.cap_bnd));
	json_object_object_add(v, "seccomp",
	    st.seccomp >= 0 ? json_object_new_int(st.seccomp) : NULL);
	json_object_object_add(v, "no_new_privs", st.no_new_privs >= 0 ?
	    json_object_new_boolean(st.no_new_privs == 1) : NULL);
	json_object_object_add(v, "label", label ? json_object_new_string(label) : NULL);
	free(label);
	userns_json(v, root, pid);
	return v;
}

/* Set key to pid's process fact, or the reason it has none. */
static json_object *
set_process(struct hd_snapshot *s, const char *root, const struct hd_userdb *db,
    const char *key, int pid)
{
	char *src = hd_xasprintf("/proc/%d/status, /proc/%d/attr/current", pid, pid);
	char *why;
	json_object *v = process_json(root, db, pid, &why);

	if (v == NULL)
		hd_snapshot_set_error(s, key, src, "%s", why);
	else
		hd_snapshot_set_value(s, key, v, src);
	free(why);
	free(src);
	return v;
}

/* process:PROG for the audited (or else the lowest-pid) instance. */
static void
collect_program(struct hd_snapshot *s, const char *root,
    const struct hd_userdb *db, const int *pids, size_t n, const char *prog,
    int preferred)
{
	char *key = hd_xasprintf("%s%s", HD_F_PROCESS, prog);
	int found = 0;

	for (size_t i = 0; i < n && found == 0; i++)
		if (pids[i] == preferred && is_program(root, pids[i], prog))
			found = pids[i];
	for (size_t i = 0; i < n && found == 0; i++)
		if (is_program(root, pids[i], prog))
			found = pids[i];
	if (found == 0)
		hd_snapshot_set_absent(s, key, "/proc", "no running %s process "
		    "(by exe link or comm) among %zu processes", prog, n);
	else
		set_process(s, root, db, key, found);
	free(key);
}

/* A running container: id, init pid, and its process fact once set. */
struct running {
	const char *id;
	int pid;
	json_object *fact; /* borrowed from the snapshot */
};

/* Mark container id as not running: an absent process fact. */
static void
not_running(struct hd_snapshot *s, const char *id, const char *source)
{
	char *key = hd_xasprintf("%s%s", HD_F_PROCESS_CONTAINER, id);

	hd_snapshot_set_absent(s, key, source, "the container is not running");
	free(key);
}

/* Whether the i-th container's inspect says it runs; its pid into *pid.
 * The document is parsed and released here. */
static bool
live_pid(struct hd_snapshot *s, size_t i, const char **id, int *pid)
{
	struct hd_object obj;
	json_object *run, *p;
	bool live;

	hd_snapshot_object(&obj, s, HD_OBJ_CONTAINER, i);
	*id = obj.id; /* the list's id, not the document's */
	if (obj.inspect.state != HD_FACT_VALUE || obj.id == NULL ||
	    obj.id[0] == '\0') {
		hd_snapshot_release(s, HD_OBJ_CONTAINER, i);
		*id = NULL;
		return false;
	}
	run = hd_json_path(obj.inspect.value, "State.Running");
	p = hd_json_path(obj.inspect.value, "State.Pid");
	live = run && json_object_is_type(run, json_type_boolean) &&
	    json_object_get_boolean(run) && p &&
	    json_object_is_type(p, json_type_int) &&
	    json_object_get_int64(p) > 0 && json_object_get_int64(p) <= 0x7fffffff;
	if (live)
		*pid = (int)json_object_get_int64(p);
	/* One container's document at a time is in memory. */
	hd_snapshot_release(s, HD_OBJ_CONTAINER, i);
	return live;
}

/* Running containers from the snapshot; the others get an absent fact.
 * The engine's list says which containers run, so only their documents
 * are parsed for the pid (a thousand created containers cost nothing);
 * without a usable list every document is looked at. */
static struct running *
running_containers(struct hd_snapshot *s, size_t *n)
{
	size_t count = hd_snapshot_count(s, HD_OBJ_CONTAINER), k;
	struct running *r = hd_xcalloc(count + 1, sizeof(*r));
	struct hd_fact list;
	bool by_list;

	*n = 0;
	hd_snapshot_fact(&list, s, HD_F_ENGINE_CONTAINERS);
	by_list = list.state == HD_FACT_VALUE &&
	    json_object_is_type(list.value, json_type_array) &&
	    json_object_array_length(list.value) == count;
	for (size_t i = 0; i < count; i++) {
		const char *id = NULL, *st = NULL;
		int pid = 0;

		if (by_list) {
			json_object *e = json_object_array_get_idx(list.value, i);

			/* An entry without a usable id is an object whose
			 * inspect already records the error. */
			if (hd_get_str(NULL, e, "Id", NULL, &id) < 0 || id == NULL ||
			    !hd_snapshot_find(&k, s, HD_OBJ_CONTAINER, id))
				continue;
			if (hd_get_str(NULL, e, "State", NULL, &st) == 0 && st != NULL &&
			    strcmp(st, "running") != 0) {
				not_running(s, id, "GET /containers/json?all=1 State");
				continue;
			}
		} else {
			k = i;
		}
		if (live_pid(s, k, &id, &pid)) {
			r[*n].id = id;
			r[*n].pid = pid;
			(*n)++;
		} else if (id != NULL) {
			not_running(s, id, "State.Running, State.Pid");
		}
	}
	return r;
}

/* Add {pid, comm, exe} of every process in each container's cgroup. */
static void
add_members(const char *root, const int *pids, size_t n, struct running *rc,
    size_t nrc)
{
	json_object **lists = hd_xcalloc(nrc + 1, sizeof(*lists));

	for (size_t i = 0; i < nrc; i++)
		lists[i] = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		struct hd_buf *cg = read_pid_file(root, pids[i], "cgroup");

		if (cg == NULL)
			continue;
		for (size_t c = 0; c < nrc; c++) {
			json_object *e;
			char *comm, *exe;

			if (!hd_cgroup_names_container(hd_buf_ptr(cg), hd_buf_len(cg),
			    rc[c].id))
				continue;
			comm = read_pid_string(root, pids[i], "comm");
			exe = exe_name(root, pids[i]);
			e = json_object_new_object();
			json_object_object_add(e, "pid", json_object_new_int(pids[i]));
			json_object_object_add(e, "comm",
			    comm ? json_object_new_string(comm) : NULL);
			json_object_object_add(e, "exe",
			    exe ? json_object_new_string(exe) : NULL);
			json_object_array_add(lists[c], e);
			free(comm);
			free(exe);
		}
		hd_buf_free(cg);
	}
	for (size_t i = 0; i < nrc; i++) {
		if (rc[i].fact != NULL)
			json_object_object_add(rc[i].fact, "processes", lists[i]);
		else
			json_object_put(lists[i]);
	}
	free(lists);
}

/* Every process fact absent: there are no processes to look at. */
static void
set_all_absent(struct hd_snapshot *s, const struct running *rc, size_t nrc,
    const char *reason)
{
	static const char *const progs[] = { "dockerd", "containerd", NULL };
	char *key;

	for (size_t i = 0; progs[i] != NULL; i++) {
		key = hd_xasprintf("%s%s", HD_F_PROCESS, progs[i]);
		hd_snapshot_set_absent(s, key, "/proc", "%s", reason);
		free(key);
	}
	for (size_t i = 0; i < nrc; i++) {
		key = hd_xasprintf("%s%s", HD_F_PROCESS_CONTAINER, rc[i].id);
		hd_snapshot_set_absent(s, key, "/proc", "%s", reason);
		free(key);
	}
}

/* process:dockerd, process:containerd and process.container:ID. */
void
hd_collect_processes(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	struct hd_userdb *db = NULL;
	struct running *rc;
	size_t npids = 0, nrc = 0;
	int *pids = NULL, err;
	char *why;

	rc = running_containers(s, &nrc);
	if (!hd_root_has_dir(o->root, "/proc")) {
		why = hd_xasprintf("no /proc under %s: no live processes", o->root);
		set_all_absent(s, rc, nrc, why);
		free(why);
		goto out;
	}
	if ((pids = list_pids(o->root, &npids, &err)) == NULL) {
		why = hd_xasprintf("/proc cannot be listed: %s", strerror(err));
		set_all_absent(s, rc, nrc, why);
		free(why);
		goto out;
	}
	db = hd_userdb_load(o->root);
	collect_program(s, o->root, db, pids, npids, "dockerd",
	    hd_cfg_daemon_pid(s));
	collect_program(s, o->root, db, pids, npids, "containerd", 0);
	for (size_t i = 0; i < nrc; i++) {
		char *key = hd_xasprintf("%s%s", HD_F_PROCESS_CONTAINER, rc[i].id);

		rc[i].fact = set_process(s, o->root, db, key, rc[i].pid);
		free(key);
	}
	if (nrc > 0)
		add_members(o->root, pids, npids, rc, nrc);
out:
	hd_userdb_free(db);
	free(pids);
	free(rc);
}
