/*
 * Audit rules: what the audited host would load (/etc/audit/audit.rules and
 * rules.d/\*.rules in lexical order, as augenrules does) and what the kernel
 * has loaded (AUDIT_LIST_RULES over netlink, live host only: no tool is
 * run). CIS asks for watches on the daemon's files; a check matches them
 * by exact path, so the parser keeps the path as written and records
 * which permissions each rule watches.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/audit.h"
#include "collect/collectors.h"
#include "collect/hostcfg.h"

#define MAX_TOKENS 128
#define MAX_RULE_FILES 1000
#define RULES_FILE "/etc/audit/audit.rules"
#define RULES_DIR "/etc/audit/rules.d"

/* Lines that configure auditd or delete rules: valid, but no watch. */
static const char *const controls[] = {
	"-D", "-b", "-f", "-e", "-r", "-i", "-c", "-s", "-l", "-q", "-t", "-W",
	"-d", "--backlog_wait_time", "--loginuid-immutable", "--reset-lost",
	"--signal", "--reset", NULL
};

/* A parsed rule before it becomes JSON. */
struct rule {
	const char *form;
	char *path;
	char *perms;
	char *key;
};

/* The perms as "rwxa" subset in canonical order, NULL when invalid. */
static char *
norm_perms(const char *p)
{
	char out[5];
	size_t n = 0;

	if (*p == '\0' || strspn(p, "rwxa") != strlen(p))
		return NULL;
	for (const char *c = "rwxa"; *c; c++)
		if (strchr(p, *c) != NULL)
			out[n++] = *c;
	out[n] = '\0';
	return hd_xstrdup(out);
}

/* A copy of path without trailing slashes ("/" stays "/"). */
static char *
norm_path(const char *p)
{
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		n--;
	return hd_xstrndup(p, n);
}

/* Replace *slot with a copy of v (the last -p wins, like auditctl). */
static void
set_str(char **slot, char *v)
{
	free(*slot);
	*slot = v;
}

/* -w PATH [-p PERMS] [-k KEY]; 1 rule, 0 garbage. */
static int
parse_watch(struct rule *r, char **t, size_t nt)
{
	if (nt < 2 || t[1][0] != '/')
		return 0;
	r->form = "watch";
	r->path = norm_path(t[1]);
	for (size_t i = 2; i < nt; i += 2) {
		if (i + 1 >= nt)
			return 0;
		if (strcmp(t[i], "-p") == 0) {
			char *p = norm_perms(t[i + 1]);

			if (p == NULL)
				return 0;
			set_str(&r->perms, p);
		} else if (strcmp(t[i], "-k") == 0) {
			if (r->key == NULL)
				r->key = hd_xstrdup(t[i + 1]);
		} else if (strcmp(t[i], "-F") == 0 && strncmp(t[i + 1], "key=", 4) == 0) {
			if (r->key == NULL)
				r->key = hd_xstrdup(t[i + 1] + 4);
		} else {
			return 0;
		}
	}
	return 1;
}

/* Whether the comma list of -a names the exit list with the always
 * action, in either order; *never set for the "never" action. */
static bool
exit_always(const char *spec, bool *never, bool *valid)
{
	char *dup = hd_xstrdup(spec), *save = NULL;
	bool exitl = false, always = false;
	int n = 0;

	*never = false;
	*valid = true;
	for (char *w = strtok_r(dup, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		n++;
		if (strcmp(w, "exit") == 0)
			exitl = true;
		else if (strcmp(w, "always") == 0)
			always = true;
		else if (strcmp(w, "never") == 0)
			*never = true;
		else if (strcmp(w, "task") != 0 && strcmp(w, "user") != 0 &&
		    strcmp(w, "exclude") != 0 && strcmp(w, "filesystem") != 0 &&
		    strcmp(w, "io_uring") != 0)
			*valid = false;
	}
	free(dup);
	*valid = *valid && n == 2;
	return exitl && always;
}

/* -a LIST,ACTION ...; 1 rule, 0 garbage, -1 valid but no watch. */
static int
parse_append(struct rule *r, char **t, size_t nt)
{
	bool never, valid, watch;

	if (nt < 2)
		return 0;
	watch = exit_always(t[1], &never, &valid);
	if (!valid)
		return 0;
	for (size_t i = 2; i < nt; i += 2) {
		const char *f;

		if (i + 1 >= nt)
			return 0;
		f = t[i + 1];
		if (strcmp(t[i], "-k") == 0) {
			if (r->key == NULL)
				r->key = hd_xstrdup(f);
		} else if (strcmp(t[i], "-S") == 0 || strcmp(t[i], "-C") == 0) {
			continue; /* syscalls and field comparisons: not the path */
		} else if (strcmp(t[i], "-F") != 0 || strchr(f, '=') == NULL) {
			return 0;
		} else if (strncmp(f, "path=", 5) == 0 || strncmp(f, "dir=", 4) == 0) {
			const char *p = strchr(f, '=') + 1;

			if (p[0] != '/')
				return 0;
			r->form = f[0] == 'p' ? "path" : "dir";
			set_str(&r->path, norm_path(p));
		} else if (strncmp(f, "perm=", 5) == 0) {
			char *p = norm_perms(f + 5);

			if (p == NULL)
				return 0;
			set_str(&r->perms, p);
		} else if (strncmp(f, "key=", 4) == 0) {
			if (r->key == NULL)
				r->key = hd_xstrdup(f + 4);
		}
		/* Other fields (arch=, auid>=, success=) narrow what is
		 * recorded, not which path is watched. */
	}
	return watch && !never && r->path != NULL ? 1 : -1;
}

/* Whether t is a control option. */
static bool
is_control(const char *t)
{
	for (size_t i = 0; controls[i] != NULL; i++)
		if (strcmp(t, controls[i]) == 0)
			return true;
	return false;
}

/* Split a line (copied into buf) at blanks. */
static size_t
tokenize(char *buf, char **t)
{
	size_t nt = 0;
	char *save = NULL;

	for (char *w = strtok_r(buf, " \t\r", &save); w && nt < MAX_TOKENS;
	    w = strtok_r(NULL, " \t\r", &save))
		t[nt++] = w;
	return nt;
}

/* The rule as JSON. */
static json_object *
rule_json(const struct rule *r, const char *source, size_t line)
{
	json_object *o = json_object_new_object();
	char *src = hd_xasprintf("%s:%zu", source, line);

	json_object_object_add(o, "path", json_object_new_string(r->path));
	json_object_object_add(o, "perms",
	    json_object_new_string(r->perms ? r->perms : "rwxa"));
	json_object_object_add(o, "key", r->key ? json_object_new_string(r->key) : NULL);
	json_object_object_add(o, "form", json_object_new_string(r->form));
	json_object_object_add(o, "source", json_object_new_string(src));
	free(src);
	return o;
}

/* One line: 1 rule appended, 0 garbage, -1 nothing to record. */
static int
parse_line(json_object *rules, const char *source, size_t lineno,
    const char *p, size_t n)
{
	char *buf, *t[MAX_TOKENS];
	struct rule r = { 0 };
	size_t nt;
	int res;

	if (memchr(p, '\0', n) != NULL)
		return 0;
	buf = hd_xstrndup(p, n);
	nt = tokenize(buf, t);
	if (nt == 0 || t[0][0] == '#')
		res = -1;
	else if (nt == 2 && strcmp(t[0], "No") == 0 && strcmp(t[1], "rules") == 0)
		res = -1; /* what auditctl -l prints with nothing loaded */
	else if (strcmp(t[0], "-w") == 0)
		res = parse_watch(&r, t, nt);
	else if (strcmp(t[0], "-a") == 0 || strcmp(t[0], "-A") == 0)
		res = parse_append(&r, t, nt);
	else
		res = is_control(t[0]) ? -1 : 0;
	if (res == 1)
		json_object_array_add(rules, rule_json(&r, source, lineno));
	free(r.path);
	free(r.perms);
	free(r.key);
	free(buf);
	return res;
}

/* Every line of text, see audit.h for the forms. */
size_t
hd_audit_parse(json_object *rules, json_object *unparsed, const char *source,
    const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t line = 0, garbage = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line++;
		if (parse_line(rules, source, line, p, n) == 0) {
			garbage++;
			if (unparsed != NULL &&
			    json_object_array_length(unparsed) < HD_AUDIT_MAX_UNPARSED) {
				char *src = hd_xasprintf("%s:%zu", source, line);

				json_object_array_add(unparsed, json_object_new_string(src));
				free(src);
			}
		}
		p = nl ? nl + 1 : end;
	}
	return garbage;
}

/* Sort names lexically, as augenrules orders rules.d. */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.rules names in rules.d, sorted; NULL with *err set when the
 * directory cannot be listed (ENOENT when it does not exist). */
static char **
rules_d_names(const char *root, size_t *n, int *err)
{
	struct dirent *de;
	char **names = NULL;
	DIR *d;
	int fd;

	*n = 0;
	*err = 0;
	if ((fd = hd_root_open(root, RULES_DIR, O_DIRECTORY)) < 0 ||
	    (d = fdopendir(fd)) == NULL) {
		*err = errno;
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((de = readdir(d)) != NULL && *n < MAX_RULE_FILES) {
		size_t l = strlen(de->d_name);

		if (l <= 6 || strcmp(de->d_name + l - 6, ".rules") != 0)
			continue;
		names = hd_xrealloc(names, *n + 1, sizeof(*names));
		names[(*n)++] = hd_xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(names, *n, sizeof(*names), cmp_names);
	return names;
}

/* Rules files and the garbage found in them. */
struct ruleset {
	json_object *rules;
	json_object *unparsed; /* "FILE:LINE" of garbage lines */
	size_t nunparsed;
	int nfiles;            /* files read */
};

/* Parse one rules file; 0, or the read error (message set). */
static int
parse_file(struct ruleset *rs, const char *root, const char *path)
{
	struct hd_buf *b;
	int r;

	if ((r = hd_root_read(&b, root, path, HD_BUF_CAP_CONFIG)) < 0)
		return r;
	rs->nunparsed += hd_audit_parse(rs->rules, rs->unparsed, path,
	    hd_buf_ptr(b), hd_buf_len(b));
	rs->nfiles++;
	hd_buf_free(b);
	return HD_OK;
}

/* Record the failure of path as the rules' error. */
static void
set_rules_error(struct hd_snapshot *s, const char *path, int r)
{
	if (r == HD_EACCES)
		hd_snapshot_set_error(s, HD_F_AUDIT_RULES, path,
		    "%s: permission denied", path);
	else
		hd_snapshot_set_error(s, HD_F_AUDIT_RULES, path, "%s",
		    hd_error_last());
}

/* audit.rules and audit.rules.unparsed from the rules files. */
static void
collect_files(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	struct ruleset rs = { json_object_new_array(), json_object_new_array(), 0, 0 };
	const char *src = RULES_FILE ", " RULES_DIR "/*.rules";
	char **names = NULL, *path;
	size_t n = 0;
	int r, err;
	json_object *u;

	if ((r = parse_file(&rs, o->root, RULES_FILE)) < 0 && r != HD_ENOTFOUND) {
		set_rules_error(s, RULES_FILE, r);
		goto out;
	}
	names = rules_d_names(o->root, &n, &err);
	if (names == NULL && err != 0 && err != ENOENT && err != ENOTDIR) {
		hd_snapshot_set_error(s, HD_F_AUDIT_RULES, RULES_DIR, "%s: %s",
		    RULES_DIR, err == EACCES ? "permission denied" : strerror(err));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		path = hd_xasprintf("%s/%s", RULES_DIR, names[i]);
		r = parse_file(&rs, o->root, path);
		if (r < 0 && r != HD_ENOTFOUND) {
			set_rules_error(s, path, r);
			free(path);
			goto out;
		}
		free(path);
	}
	if (rs.nfiles == 0) {
		hd_snapshot_set_absent(s, HD_F_AUDIT_RULES, src,
		    "no audit rules files: neither %s nor %s/*.rules exist",
		    RULES_FILE, RULES_DIR);
		goto out;
	}
	hd_snapshot_set_value(s, HD_F_AUDIT_RULES, rs.rules, src);
	rs.rules = NULL;
	u = json_object_new_object();
	json_object_object_add(u, "count", json_object_new_int64((int64_t)rs.nunparsed));
	json_object_object_add(u, "sources", rs.unparsed);
	rs.unparsed = NULL;
	hd_snapshot_set_value(s, HD_F_AUDIT_UNPARSED, u, src);
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	json_object_put(rs.rules);
	json_object_put(rs.unparsed);
}

/* audit.loaded from the running kernel over the audit netlink socket
 * (audit_netlink.c): the live host only, since a mounted tree's kernel
 * state is not the running kernel's. */
static void
collect_loaded(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	const char *src = "netlink AUDIT_GET, AUDIT_LIST_RULES";
	json_object *rules = NULL, *v;
	int enabled, r;

	if (!hd_root_is_live(o)) {
		hd_snapshot_set_absent(s, HD_F_AUDIT_LOADED, src,
		    "not observable under --root %s: the loaded rules are the "
		    "running kernel's, not a mounted tree's", o->root);
		return;
	}
	r = hd_audit_nl_read(&rules, &enabled);
	if (r < 0 && r != HD_ENOTFOUND) {
		hd_snapshot_set_error(s, HD_F_AUDIT_LOADED, src, "%s%s",
		    hd_error_last(), r == HD_EACCES ? " (the kernel answers only "
		    "CAP_AUDIT_CONTROL in the initial user and PID namespaces)" : "");
		return;
	}
	v = json_object_new_object();
	/* No audit in the kernel: nothing can be loaded, which is a fact. */
	json_object_object_add(v, "available", json_object_new_boolean(r == HD_OK));
	json_object_object_add(v, "enabled", json_object_new_int(r == HD_OK ? enabled : 0));
	json_object_object_add(v, "rules", r == HD_OK ? rules : json_object_new_array());
	if (r == HD_ENOTFOUND)
		json_object_object_add(v, "note", json_object_new_string(hd_error_last()));
	hd_snapshot_set_value(s, HD_F_AUDIT_LOADED, v, src);
}

/* Rules files, then the loaded rules. */
void
hd_collect_audit(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	collect_files(s, o);
	collect_loaded(s, o);
}
