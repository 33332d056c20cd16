/*
 * Host state beyond the daemon's configuration, read under --root: where
 * logs are forwarded (journald, journal-upload, rsyslog, syslog-ng), the
 * system-wide environment docker clients inherit (DOCKER_CONTENT_TRUST), a
 * pending reboot, and the TCP sockets listening on the host. Parsing is
 * in hostconf.c; this file only reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/hostcfg.h"
#include "collect/hostconf.h"

/* Most files read from one directory. */
#define MAX_DIR_FILES 200

/* The files of one fact: what was read, what could not be. */
struct reads {
	const char *root;
	json_object *files;      /* paths read */
	json_object *unreadable; /* [{"path", "reason"}] */
};

/* Note a path that exists but could not be read. */
static void
unreadable(struct reads *rd, const char *path, const char *reason)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "reason", json_object_new_string(reason));
	json_object_array_add(rd->unreadable, o);
}

/* Read path into *b: true when read, false when missing or unreadable
 * (noted). */
static bool
read_file(struct reads *rd, const char *path, struct hd_buf **b)
{
	int r = hd_root_read(b, rd->root, path, HD_BUF_CAP_CONFIG);

	if (r == HD_ENOTFOUND)
		return false;
	if (r < 0) {
		unreadable(rd, path, r == HD_EACCES ? "permission denied" :
		    hd_error_last());
		return false;
	}
	json_object_array_add(rd->files, json_object_new_string(path));
	return true;
}

/* Call fn on path and then on every DIR/\*SUFFIX file, in order. */
typedef void (*file_fn)(struct reads *rd, const char *path,
    const struct hd_buf *b, void *arg);

static void
each_file(struct reads *rd, const char *path, const char *dir,
    const char *suffix, file_fn fn, void *arg)
{
	struct hd_buf *b = NULL;
	char **list = NULL;
	long n = 0;

	if (path != NULL && read_file(rd, path, &b))
		fn(rd, path, b, arg);
	hd_buf_free(b);
	if (dir == NULL)
		return;
	if ((n = hd_root_list(&list, rd->root, dir, suffix, MAX_DIR_FILES)) < 0)
		unreadable(rd, dir, strerror(errno));
	for (long i = 0; i < n; i++) {
		b = NULL;
		if (read_file(rd, list[i], &b))
			fn(rd, list[i], b, arg);
		hd_buf_free(b);
		free(list[i]);
	}
	free(list);
}

/* ---- Log forwarding ------------------------------------------------------ */

/* The last value of an INI key over several files. */
struct ini_key {
	const char *section, *key;
	char *value;
	char *source;
};

static void
ini_file(struct reads *rd, const char *path, const struct hd_buf *b,
    void *arg)
{
	struct ini_key *k = arg;
	char *v;
	int line;

	(void)rd;
	if (!hd_ini_get(&v, &line, hd_buf_ptr(b), hd_buf_len(b), k->section,
	    k->key))
		return;
	free(k->value);
	free(k->source);
	k->value = v;
	k->source = hd_xasprintf("%s:%d", path, line);
}

/* {"KEY": value, "source": source} of an INI key, released. */
static json_object *
ini_json(struct ini_key *k, const char *name, const char *srcname)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, name, k->value ?
	    json_object_new_string(k->value) : NULL);
	json_object_object_add(o, srcname, k->source ?
	    json_object_new_string(k->source) : NULL);
	free(k->value);
	free(k->source);
	return o;
}

/* Forwarding rules of one syslog daemon's file. */
struct fwd {
	json_object *rules;
	char *imjournal;
	bool syslog_ng;
};

static void
syslog_file(struct reads *rd, const char *path, const struct hd_buf *b,
    void *arg)
{
	struct fwd *fw = arg;
	int im = 0;

	(void)rd;
	hd_syslog_forwarding(fw->rules, &im, hd_buf_ptr(b), hd_buf_len(b), path,
	    fw->syslog_ng);
	if (im > 0 && fw->imjournal == NULL)
		fw->imjournal = hd_xasprintf("%s:%d", path, im);
}

/* Whether a unit is enabled: its symlink in a .wants directory resolves
 * (inside the root) to a unit file. */
static const char *
unit_enabled(const char *root, const char *const *links, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int fd = hd_root_open(root, links[i], O_PATH);

		if (fd >= 0) {
			close(fd);
			return links[i];
		}
	}
	return NULL;
}

static void
collect_log_forwarding(struct hd_snapshot *s, const char *root)
{
	static const char *const upload_links[] = {
		"/etc/systemd/system/multi-user.target.wants/systemd-journal-upload.service",
		"/etc/systemd/system/default.target.wants/systemd-journal-upload.service",
	};
	struct reads rd = { root, json_object_new_array(), json_object_new_array() };
	struct ini_key fts = { "Journal", "ForwardToSyslog", NULL, NULL };
	struct ini_key url = { "Upload", "URL", NULL, NULL };
	struct fwd fw = { json_object_new_array(), NULL, false };
	json_object *v = json_object_new_object(), *up;
	const char *enabled;

	/* journald.conf, then drop-ins, vendor first: the last one wins. */
	each_file(&rd, "/etc/systemd/journald.conf",
	    "/usr/lib/systemd/journald.conf.d", ".conf", ini_file, &fts);
	each_file(&rd, NULL, "/run/systemd/journald.conf.d", ".conf", ini_file,
	    &fts);
	each_file(&rd, NULL, "/etc/systemd/journald.conf.d", ".conf", ini_file,
	    &fts);
	each_file(&rd, "/etc/systemd/journal-upload.conf",
	    "/etc/systemd/journal-upload.conf.d", ".conf", ini_file, &url);
	each_file(&rd, "/etc/rsyslog.conf", "/etc/rsyslog.d", ".conf",
	    syslog_file, &fw);
	fw.syslog_ng = true;
	each_file(&rd, "/etc/syslog-ng/syslog-ng.conf", "/etc/syslog-ng/conf.d",
	    ".conf", syslog_file, &fw);
	json_object_object_add(v, "journald",
	    ini_json(&fts, "ForwardToSyslog", "source"));
	up = ini_json(&url, "url", "url_source");
	enabled = unit_enabled(root, upload_links, 2);
	json_object_object_add(up, "enabled", json_object_new_boolean(enabled != NULL));
	json_object_object_add(up, "enabled_source", enabled ?
	    json_object_new_string(enabled) : NULL);
	json_object_object_add(v, "journal_upload", up);
	json_object_object_add(v, "syslog_remote", fw.rules);
	json_object_object_add(v, "imjournal", fw.imjournal ?
	    json_object_new_string(fw.imjournal) : NULL);
	free(fw.imjournal);
	json_object_object_add(v, "files_read", rd.files);
	json_object_object_add(v, "unreadable", rd.unreadable);
	hd_snapshot_set_value(s, HD_F_LOG_FORWARDING, v,
	    "journald.conf, journal-upload.conf, rsyslog, syslog-ng");
}

/* ---- The environment clients inherit ------------------------------------- */

/* One kind of system-wide environment file. */
struct env_source {
	const char *file, *dir, *suffix;
	enum hd_env_form form;
	const char *scope;
};

static const struct env_source env_sources[] = {
	{ "/etc/environment", NULL, NULL, HD_ENV_PAM, "every PAM session" },
	{ NULL, "/etc/environment.d", ".conf", HD_ENV_PAM,
	  "systemd user sessions" },
	{ "/etc/profile", "/etc/profile.d", ".sh", HD_ENV_SHELL, "login shells" },
	{ "/etc/bash.bashrc", NULL, NULL, HD_ENV_SHELL, "interactive bash" },
	{ "/etc/systemd/system.conf", "/etc/systemd/system.conf.d", ".conf",
	  HD_ENV_SYSTEMD, "every system unit" },
	{ "/etc/systemd/user.conf", "/etc/systemd/user.conf.d", ".conf",
	  HD_ENV_SYSTEMD, "every user unit" },
	{ NULL, "/etc/systemd/system", ".service", HD_ENV_UNIT, "that unit" },
};

/* What env_file needs besides the file. */
struct env_ctx {
	json_object *settings;
	const char *name;
	const struct env_source *src;
};

static void
env_file(struct reads *rd, const char *path, const struct hd_buf *b,
    void *arg)
{
	struct env_ctx *e = arg;

	(void)rd;
	hd_env_assignments(e->settings, hd_buf_ptr(b), hd_buf_len(b), path,
	    e->name, e->src->form, e->src->scope);
}

/* Every system-wide setting of the client variable name. */
static void
collect_client_env(struct hd_snapshot *s, const char *root, const char *name)
{
	struct reads rd = { root, json_object_new_array(), json_object_new_array() };
	struct env_ctx e = { json_object_new_array(), name, NULL };
	json_object *v = json_object_new_object();
	char *key = hd_xasprintf("%s%s", HD_F_CLIENT_ENV, name);
	char **dropins = NULL;
	long n;

	for (size_t i = 0; i < sizeof(env_sources) / sizeof(*env_sources); i++) {
		e.src = &env_sources[i];
		each_file(&rd, e.src->file, e.src->dir, e.src->suffix, env_file, &e);
	}
	/* Units' drop-ins: /etc/systemd/system/NAME.service.d/\*.conf. */
	n = hd_root_list(&dropins, root, "/etc/systemd/system", ".service.d",
	    MAX_DIR_FILES);
	e.src = &env_sources[sizeof(env_sources) / sizeof(*env_sources) - 1];
	for (long i = 0; i < n; i++) {
		each_file(&rd, NULL, dropins[i], ".conf", env_file, &e);
		free(dropins[i]);
	}
	free(dropins);
	json_object_object_add(v, "settings", e.settings);
	json_object_object_add(v, "files_read", rd.files);
	json_object_object_add(v, "unreadable", rd.unreadable);
	hd_snapshot_set_value(s, key, v, "system-wide environment files");
	free(key);
}

/* ---- Pending reboot and listening sockets --------------------------------- */

static void
collect_reboot(struct hd_snapshot *s, const char *root)
{
	static const char path[] = "/var/run/reboot-required";
	json_object *v, *pkgs = json_object_new_array();
	struct hd_buf *b = NULL;
	int r = hd_root_read(&b, root, path, HD_BUF_CAP_CONFIG);

	hd_buf_free(b);
	if (r < 0 && r != HD_ENOTFOUND) {
		json_object_put(pkgs);
		hd_fact_from_error(s, HD_F_REBOOT_REQUIRED, path, r);
		return;
	}
	b = NULL;
	if (r == 0 && hd_root_read(&b, root, "/var/run/reboot-required.pkgs",
	    HD_BUF_CAP_CONFIG) == 0) {
		const char *p = hd_buf_ptr(b), *end = p + hd_buf_len(b);

		while (p < end && json_object_array_length(pkgs) < HD_HOSTCONF_MAX) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = (size_t)((nl ? nl : end) - p);

			if (len > 0)
				json_object_array_add(pkgs,
				    json_object_new_string_len(p, (int)len));
			p = nl ? nl + 1 : end;
		}
	}
	hd_buf_free(b);
	v = json_object_new_object();
	json_object_object_add(v, "required", json_object_new_boolean(r == 0));
	json_object_object_add(v, "packages", pkgs);
	hd_snapshot_set_value(s, HD_F_REBOOT_REQUIRED, v, path);
}

static void
collect_listening(struct hd_snapshot *s, const char *root)
{
	/* init's view is the host's network namespace even when hardock
	 * itself runs in another one. */
	static const char *const dirs[] = { "/proc/1/net", "/proc/net" };
	json_object *list = json_object_new_array();
	struct hd_buf *b = NULL;
	int r = HD_ENOTFOUND;
	const char *dir = NULL;
	char *src;

	if (!hd_root_has_dir(root, "/proc")) {
		json_object_put(list);
		hd_snapshot_set_absent(s, HD_F_LISTENING, "/proc",
		    "the audited tree has no /proc: no live sockets to list");
		return;
	}
	for (size_t i = 0; i < 2 && r < 0; i++) {
		char *p = hd_xasprintf("%s/tcp", dirs[i]);

		if ((r = hd_root_read(&b, root, p, HD_BUF_CAP_PROC)) == 0)
			dir = dirs[i];
		free(p);
	}
	if (r < 0) {
		json_object_put(list);
		hd_fact_from_error(s, HD_F_LISTENING, "/proc/net/tcp", r);
		return;
	}
	hd_proc_net_listen(list, hd_buf_ptr(b), hd_buf_len(b), false);
	hd_buf_free(b);
	b = NULL;
	src = hd_xasprintf("%s/tcp6", dir);
	/* No tcp6 file: a kernel without IPv6, nothing listens there. */
	if (hd_root_read(&b, root, src, HD_BUF_CAP_PROC) == 0)
		hd_proc_net_listen(list, hd_buf_ptr(b), hd_buf_len(b), true);
	hd_buf_free(b);
	free(src);
	src = hd_xasprintf("%s/tcp, %s/tcp6", dir, dir);
	hd_snapshot_set_value(s, HD_F_LISTENING, list, src);
	free(src);
}

void
hd_collect_host_state(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	collect_log_forwarding(s, o->root);
	collect_client_env(s, o->root, "DOCKER_CONTENT_TRUST");
	collect_reboot(s, o->root);
	collect_listening(s, o->root);
}
