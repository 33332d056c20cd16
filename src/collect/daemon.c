/*
 * The daemon's effective configuration, from every source: the running
 * dockerd processes (their argv is what they use), else the argv systemd
 * would start (docker.service's ExecStart after drop-ins, with the
 * variables of Environment= and EnvironmentFile= expanded), else the
 * options of /etc/default/docker and /etc/sysconfig/docker as the SysV
 * scripts pass them; then daemon.json (the --config-file path, else the
 * default, the user's for a rootless daemon), merged by dockerd's rules,
 * and the endpoints it listens on. With several daemons the one behind
 * the engine URL hardock used is audited, else the first; the choice and
 * why are recorded. Everything is read under the audit root.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/daemon.h"

/* Sources every candidate daemon shares. */
struct shared {
	struct hd_snapshot *s;      /* where digests of files read go, or NULL */
	const char *root;
	json_object *env_default;   /* /etc/default/docker, or NULL */
	json_object *env_sysconfig; /* /etc/sysconfig/docker, or NULL */
	struct hd_unit svc, sock;
	char *svc_path, *sock_path; /* NULL when the unit does not exist */
	json_object *svc_notes, *sock_notes;
	json_object *unit_env;      /* {NAME: {"value","source","origin"}} */
	char *flags_unread;         /* why the unit's flags are unknown */
	char *sysv_unread;          /* why the SysV scripts' options are */
	/* A user manager's scope (rootless): its specifiers, else NULL. */
	const struct hd_unit_spec *spec;
	struct hd_unit_spec user_spec;
	char *spec_home, *spec_user, *spec_uid, *spec_gid, *spec_rt;
};

/* One daemon under analysis: a live process or the configured one. */
struct daemon {
	const struct hd_dproc *proc; /* NULL: from the unit or env files */
	struct hd_argv argv;
	char *argv_source;
	json_object *env;            /* {NAME: value} it runs with */
	bool rootless;
	long uid;
	const char *home;
	const char *user;            /* the rootless daemon's user, or NULL */
	long gid;
	const char *unit;            /* its user unit file, or NULL */
	json_object *flags;
	char *cfg_path;
	enum hd_fact_state cfg_state;
	char *cfg_reason;
	json_object *file;
	json_object *config, *conflicts, *endpoints;
	char *unknown;               /* why the configuration is not known */
};

/* Keep the first reason something could not be read (fmt formats it). */
static void HD_PRINTF(2, 3)
note_unread(char **slot, const char *fmt, ...)
{
	va_list ap;

	if (*slot != NULL)
		return;
	va_start(ap, fmt);
	*slot = hd_xvasprintf(fmt, ap);
	va_end(ap);
}

/* A string from a {NAME: value} object, or NULL. */
static const char *
env_get(json_object *env, const char *name)
{
	json_object *v;

	if (env == NULL || !json_object_object_get_ex(env, name, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Read and parse an environment file into fact key; the variables are
 * returned (caller owns) when the file was read. */
static json_object *
read_envfile(struct hd_snapshot *s, struct shared *sh, const char *path,
    const char *key)
{
	const char *root = sh->root;
	struct hd_buf *b = NULL;
	json_object *vars = NULL;
	int r;

	if ((r = hd_root_read(&b, root, path, HD_BUF_CAP_CONFIG)) == HD_OK)
		hd_collect_digest(s, path, b);
	if (r == HD_ENOTFOUND)
		hd_snapshot_set_absent(s, key, path, "%s does not exist", path);
	else if (r < 0 || hd_envfile_parse(&vars, hd_buf_ptr(b), hd_buf_len(b)) < 0) {
		char *why = r < 0 ? hd_xstrdup(hd_error_last()) :
		    hd_xasprintf("%s: %s", path, hd_error_last());

		hd_snapshot_set_error(s, key, path, "%s", why);
		/* The SysV scripts would pass its options to dockerd. */
		note_unread(&sh->sysv_unread, "%s", why);
		free(why);
	} else
		hd_snapshot_set_value(s, key, json_object_get(vars), path);
	hd_buf_free(b);
	return vars;
}

/* The unit's environment: Environment= first, then each EnvironmentFile=
 * overriding it, as systemd orders them. */
static json_object *
unit_environment(struct shared *sh)
{
	json_object *env = NULL;

	json_object_deep_copy(sh->svc.env, &env, NULL);
	for (size_t i = 0; i < json_object_array_length(sh->svc.envfiles); i++) {
		json_object *ef = json_object_array_get_idx(sh->svc.envfiles, i), *v;
		json_object *vars = NULL;
		const char *path = "", *src = "";
		bool optional = false;
		struct hd_buf *b = NULL;
		int r;

		if (json_object_object_get_ex(ef, "path", &v))
			path = json_object_get_string(v);
		if (json_object_object_get_ex(ef, "source", &v))
			src = json_object_get_string(v);
		if (json_object_object_get_ex(ef, "optional", &v))
			optional = json_object_get_boolean(v);
		r = hd_root_read(&b, sh->root, path, HD_BUF_CAP_CONFIG);
		if (r == HD_OK) {
			hd_collect_digest(sh->s, path, b);
			r = hd_envfile_parse(&vars, hd_buf_ptr(b), hd_buf_len(b));
		}
		hd_buf_free(b);
		if (r < 0) {
			if (r != HD_ENOTFOUND)
				note_unread(&sh->flags_unread, "EnvironmentFile=%s (%s): %s",
				    path, src, hd_error_last());
			if (r != HD_ENOTFOUND || !optional) {
				char *note = hd_xasprintf("EnvironmentFile=%s (%s): %s%s", path, src,
				    hd_error_last(), r == HD_ENOTFOUND ?
				    " (not optional: systemd refuses to start the unit)" : "");

				json_object_array_add(sh->svc_notes, json_object_new_string(note));
				free(note);
			}
			continue;
		}
		json_object_object_foreach(vars, name, val) {
			json_object *ent = json_object_new_object();
			char *vsrc = hd_xasprintf("%s: %s", path, name);

			json_object_object_add(ent, "value", json_object_get(val));
			json_object_object_add(ent, "source", json_object_new_string(vsrc));
			json_object_object_add(ent, "origin", json_object_new_string("environment-file"));
			json_object_object_add(env, name, ent);
			free(vsrc);
		}
		json_object_put(vars);
	}
	return env;
}

/* Strings of an array of {"value": str} entries. */
static json_object *
values(json_object *list)
{
	json_object *arr = json_object_new_array(), *v;

	for (size_t i = 0; i < json_object_array_length(list); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(list, i), "value", &v))
			json_object_array_add(arr, json_object_get(v));
	return arr;
}

/* Load docker.service and docker.socket and record their facts. */
static void
load_units(struct hd_snapshot *s, struct shared *sh)
{
	struct hd_argv argv = { 0 };
	json_object *o, *env, *files;
	int r;

	if ((r = sh->spec ? hd_unit_load_user(&sh->svc, &sh->svc_path, sh->svc_notes,
	    sh->root, "docker.service", sh->spec, s) : hd_unit_load(&sh->svc,
	    &sh->svc_path, sh->svc_notes, sh->root, "docker.service", s)) < 0) {
		if (r == HD_ENOTFOUND) {
			hd_snapshot_set_absent(s, HD_F_SYSTEMD_SERVICE, "systemd unit path",
			    "%s", hd_error_last());
		} else {
			hd_snapshot_set_error(s, HD_F_SYSTEMD_SERVICE, "systemd unit path",
			    "%s", hd_error_last());
			note_unread(&sh->flags_unread, "%s", hd_error_last());
		}
	} else {
		sh->unit_env = unit_environment(sh);
		if (hd_unit_exec_argv(&argv, &sh->svc, sh->unit_env) < 0)
			json_object_array_add(sh->svc_notes, json_object_new_string(hd_error_last()));
		if (json_object_array_length(sh->svc.exec) > 1)
			json_object_array_add(sh->svc_notes, json_object_new_string(
			    "more than one ExecStart=: systemd refuses to start a non-oneshot service"));
		o = json_object_new_object();
		json_object_object_add(o, "path", json_object_new_string(sh->svc_path));
		json_object_object_add(o, "dropins", json_object_get(sh->svc.dropins));
		json_object_object_add(o, "exec_start", hd_argv_json(&argv));
		env = json_object_new_object();
		json_object_object_foreach(sh->svc.env, name, ent) {
			json_object *v;

			if (json_object_object_get_ex(ent, "value", &v))
				json_object_object_add(env, name, json_object_get(v));
		}
		json_object_object_add(o, "environment", env);
		files = json_object_new_array();
		for (size_t i = 0; i < json_object_array_length(sh->svc.envfiles); i++) {
			json_object *v;

			if (json_object_object_get_ex(json_object_array_get_idx(sh->svc.envfiles, i),
			    "path", &v))
				json_object_array_add(files, json_object_get(v));
		}
		json_object_object_add(o, "environment_files", files);
		if (json_object_array_length(sh->svc_notes) > 0)
			json_object_object_add(o, "notes", json_object_get(sh->svc_notes));
		hd_snapshot_set_value(s, HD_F_SYSTEMD_SERVICE, o, sh->svc_path);
		hd_argv_clear(&argv);
	}
	if ((r = sh->spec ? hd_unit_load_user(&sh->sock, &sh->sock_path,
	    sh->sock_notes, sh->root, "docker.socket", sh->spec, s) :
	    hd_unit_load(&sh->sock, &sh->sock_path, sh->sock_notes, sh->root,
	    "docker.socket", s)) < 0) {
		if (r == HD_ENOTFOUND)
			hd_snapshot_set_absent(s, HD_F_SYSTEMD_SOCKET, "systemd unit path",
			    "%s", hd_error_last());
		else
			hd_snapshot_set_error(s, HD_F_SYSTEMD_SOCKET, "systemd unit path",
			    "%s", hd_error_last());
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "path", json_object_new_string(sh->sock_path));
	json_object_object_add(o, "dropins", json_object_get(sh->sock.dropins));
	json_object_object_add(o, "listen_stream", values(sh->sock.listen));
	json_object_object_foreach(sh->sock.socket, field, ent) {
		json_object *v;

		if (json_object_object_get_ex(ent, "value", &v))
			json_object_object_add(o, field, json_object_get(v));
	}
	if (json_object_array_length(sh->sock_notes) > 0)
		json_object_object_add(o, "notes", json_object_get(sh->sock_notes));
	hd_snapshot_set_value(s, HD_F_SYSTEMD_SOCKET, o, sh->sock_path);
}

/* Append the whitespace-separated words of an env file variable, as
 * sh's unquoted $VAR expansion splits them. */
static void
push_words(struct hd_argv *argv, json_object *vars, const char *path,
    const char *name)
{
	const char *p = env_get(vars, name);
	char *src = hd_xasprintf("%s: %s", path, name);

	while (p != NULL && *p) {
		size_t n;
		char *w;

		while (isspace((unsigned char)*p))
			p++;
		if ((n = strcspn(p, " \t\n")) == 0)
			break;
		w = hd_xstrndup(p, n);
		hd_argv_push(argv, w, src, "environment-file");
		free(w);
		p += n;
	}
	free(src);
}

/* The argv of the daemon as configured (no live process). */
static void
configured_argv(struct daemon *d, struct shared *sh)
{
	json_object *v;

	const char *unread = sh->flags_unread ? sh->flags_unread :
	    sh->svc_path == NULL ? sh->sysv_unread : NULL;

	if (unread != NULL)
		note_unread(&d->unknown, "%s: the flags dockerd would be started "
		    "with are unknown", unread);

	if (sh->svc_path != NULL) {
		if (hd_unit_exec_argv(&d->argv, &sh->svc, sh->unit_env) == HD_OK &&
		    json_object_object_get_ex(json_object_array_get_idx(sh->svc.exec, 0),
		    "source", &v))
			d->argv_source = hd_xasprintf("%s ExecStart (no running dockerd)",
			    json_object_get_string(v));
		json_object_object_foreach(sh->unit_env, name, ent) {
			json_object *val;

			if (json_object_object_get_ex(ent, "value", &val))
				json_object_object_add(d->env, name, json_object_get(val));
		}
		return;
	}
	/* No unit: the SysV init scripts append these to dockerd's argv. */
	hd_argv_push(&d->argv, "dockerd", "no docker.service: SysV init", "default");
	push_words(&d->argv, sh->env_default, "/etc/default/docker", "DOCKER_OPTS");
	push_words(&d->argv, sh->env_sysconfig, "/etc/sysconfig/docker", "OPTIONS");
	if (d->argv.n == 1)
		hd_argv_clear(&d->argv);
	else
		d->argv_source = hd_xstrdup("/etc/default/docker DOCKER_OPTS, "
		    "/etc/sysconfig/docker OPTIONS (no docker.service, no running dockerd)");
}

/* The string value of flag setting key, or NULL. */
static const char *
flag_str(json_object *flags, const char *key)
{
	json_object *ent, *v;

	if (!json_object_object_get_ex(flags, key, &ent) ||
	    !json_object_object_get_ex(ent, "value", &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Read and parse the daemon's daemon.json. */
static void
read_daemon_json(struct daemon *d, const char *root, struct hd_snapshot *s)
{
	const char *given = flag_str(d->flags, "config-file");
	const char *xdg = env_get(d->env, "XDG_CONFIG_HOME");
	struct hd_buf *b = NULL;
	int r;

	if (given != NULL)
		d->cfg_path = hd_xstrdup(given);
	else if (!d->rootless)
		d->cfg_path = hd_xstrdup("/etc/docker/daemon.json");
	else if (xdg != NULL && xdg[0] == '/')
		d->cfg_path = hd_xasprintf("%s/docker/daemon.json", xdg);
	else if (d->home != NULL)
		d->cfg_path = hd_xasprintf("%s/.config/docker/daemon.json", d->home);
	if (d->cfg_path == NULL) {
		d->cfg_path = hd_xstrdup("~/.config/docker/daemon.json");
		d->cfg_state = HD_FACT_ERROR;
		d->cfg_reason = hd_xasprintf("rootless daemon of uid %ld: its home is not in /etc/passwd",
		    d->uid);
		note_unread(&d->unknown, "%s", d->cfg_reason);
		return;
	}
	if ((r = hd_root_read(&b, root, d->cfg_path, HD_BUF_CAP_CONFIG)) == HD_OK)
		hd_collect_digest(s, d->cfg_path, b);
	if (r == HD_ENOTFOUND) {
		d->cfg_state = HD_FACT_ABSENT;
		d->cfg_reason = hd_xasprintf("%s does not exist", d->cfg_path);
	} else if (r < 0) {
		d->cfg_state = HD_FACT_ERROR;
		d->cfg_reason = hd_xstrdup(hd_error_last());
	} else if (hd_djson_parse(&d->file, hd_buf_ptr(b), hd_buf_len(b)) < 0) {
		d->cfg_state = HD_FACT_ERROR;
		d->cfg_reason = hd_xasprintf("%s: %s", d->cfg_path, hd_error_last());
	} else {
		d->cfg_state = HD_FACT_VALUE;
	}
	if (d->cfg_state == HD_FACT_ERROR)
		note_unread(&d->unknown, "%s", d->cfg_reason);
	hd_buf_free(b);
}

/* Whether path exists under root (for dockerd's default TLS files). */
static bool
exists(const char *root, const char *path)
{
	int fd = hd_root_open(root, path, 0);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Parse flags, read daemon.json, merge, and find the endpoints. */
static void
analyse(struct daemon *d, struct shared *sh)
{
	struct hd_ep_defaults def = { 0 };
	char *certdir, *ca, *cert, *key, *rundir;
	const char *v;

	d->flags = hd_dflags_parse(&d->argv);
	read_daemon_json(d, sh->root, sh->s);
	hd_dconfig_merge(&d->config, &d->conflicts, d->flags, d->file, d->cfg_path);
	/* dockerd's TLS defaults: $DOCKER_CERT_PATH, else the config dir. */
	if ((v = env_get(d->env, "DOCKER_CERT_PATH")) != NULL)
		certdir = hd_xstrdup(v);
	else if ((v = env_get(d->env, "DOCKER_CONFIG")) != NULL)
		certdir = hd_xstrdup(v);
	else
		certdir = hd_xasprintf("%s/.docker", d->home ? d->home : "/root");
	ca = hd_xasprintf("%s/ca.pem", certdir);
	cert = hd_xasprintf("%s/cert.pem", certdir);
	key = hd_xasprintf("%s/key.pem", certdir);
	rundir = (v = env_get(d->env, "XDG_RUNTIME_DIR")) != NULL ? hd_xstrdup(v) :
	    hd_xasprintf("/run/user/%ld", d->uid);
	def.rootless = d->rootless;
	def.runtime_dir = rundir;
	def.cacert = ca;
	/* Without the flag dockerd drops a default cert or key that is missing. */
	def.cert = exists(sh->root, cert) ? cert : NULL;
	def.key = exists(sh->root, key) ? key : NULL;
	d->endpoints = hd_dendpoints(d->config, sh->sock_path ? sh->sock.listen : NULL,
	    &def);
	free(certdir);
	free(ca);
	free(cert);
	free(key);
	free(rundir);
}

/* "/var/run/x" and "/run/x" are one path on every systemd host. */
static const char *
run_path(const char *p)
{
	return strncmp(p, "/var/run/", 9) == 0 ? p + 4 : p;
}

/* Whether one of d's endpoints is the engine URL hardock used. */
static bool
serves(const struct daemon *d, const char *url)
{
	for (size_t i = 0; url && i < json_object_array_length(d->endpoints); i++) {
		json_object *ep = json_object_array_get_idx(d->endpoints, i), *v;

		if (strncmp(url, "unix://", 7) == 0 &&
		    json_object_object_get_ex(ep, "path", &v) &&
		    strcmp(run_path(json_object_get_string(v)), run_path(url + 7)) == 0)
			return true;
		if (strncmp(url, "tcp://", 6) == 0 &&
		    json_object_object_get_ex(ep, "address", &v) &&
		    strcmp(json_object_get_string(v), url + 6) == 0)
			return true;
	}
	return false;
}

/* One entry of HD_F_DAEMON_PROCESSES. */
static json_object *
process_json(const struct daemon *d, bool audited, const char *why)
{
	const struct hd_dproc *p = d->proc;
	json_object *o = json_object_new_object();

	json_object_object_add(o, "pid", json_object_new_int(p->pid));
	json_object_object_add(o, "exe", json_object_new_string(p->exe));
	json_object_object_add(o, "comm", json_object_new_string(p->comm));
	json_object_object_add(o, "uid", json_object_new_int64(p->uid));
	json_object_object_add(o, "user", p->user ? json_object_new_string(p->user) : NULL);
	json_object_object_add(o, "rootless", json_object_new_boolean(p->rootless));
	if (p->rootless_why)
		json_object_object_add(o, "rootless_reason",
		    json_object_new_string(p->rootless_why));
	json_object_object_add(o, "argv", hd_argv_json(&p->argv));
	json_object_object_add(o, "audited", json_object_new_boolean(audited));
	if (audited)
		json_object_object_add(o, "audit_reason", json_object_new_string(why));
	return o;
}

/* Record the audited daemon's facts. */
static void
emit(struct hd_snapshot *s, struct daemon *d)
{
	char *src;

	if (d->argv.n > 0)
		hd_snapshot_set_value(s, HD_F_DAEMON_ARGV, hd_argv_json(&d->argv),
		    d->argv_source);
	else
		hd_snapshot_set_absent(s, HD_F_DAEMON_ARGV, "/proc, docker.service",
		    "no running dockerd, no docker.service ExecStart and no "
		    "DOCKER_OPTS/OPTIONS environment file");
	if (d->cfg_state == HD_FACT_VALUE)
		hd_snapshot_set_value(s, HD_F_DAEMON_JSON, json_object_get(d->file),
		    d->cfg_path);
	else if (d->cfg_state == HD_FACT_ABSENT)
		hd_snapshot_set_absent(s, HD_F_DAEMON_JSON, d->cfg_path, "%s", d->cfg_reason);
	else
		hd_snapshot_set_error(s, HD_F_DAEMON_JSON, d->cfg_path, "%s", d->cfg_reason);
	src = hd_xasprintf("%s; %s", d->argv.n ? d->argv_source : "no flags", d->cfg_path);
	if (d->unknown != NULL) {
		/* What was read is not the configuration dockerd uses: no
		 * setting can be judged on Docker's defaults. */
		hd_snapshot_set_error(s, HD_F_DAEMON_CONFIG, src, "the daemon's "
		    "configuration could not be read: %s", d->unknown);
		hd_snapshot_set_error(s, HD_F_DAEMON_CONFLICTS, src, "the daemon's "
		    "configuration could not be read: %s", d->unknown);
		hd_snapshot_set_error(s, HD_F_DAEMON_ENDPOINTS, src, "the daemon's "
		    "configuration could not be read: %s", d->unknown);
	} else {
		hd_snapshot_set_value(s, HD_F_DAEMON_CONFIG, json_object_get(d->config), src);
		hd_snapshot_set_value(s, HD_F_DAEMON_CONFLICTS,
		    json_object_get(d->conflicts), src);
		hd_snapshot_set_value(s, HD_F_DAEMON_ENDPOINTS,
		    json_object_get(d->endpoints),
		    "daemon.config hosts, docker.socket ListenStream");
	}
	free(src);
}

/* Release what d holds. */
static void
daemon_clear(struct daemon *d)
{
	hd_argv_clear(&d->argv);
	free(d->argv_source);
	json_object_put(d->env);
	json_object_put(d->flags);
	free(d->cfg_path);
	free(d->cfg_reason);
	json_object_put(d->file);
	json_object_put(d->config);
	json_object_put(d->conflicts);
	json_object_put(d->endpoints);
	free(d->unknown);
}

/* daemon.rootless: the rootless daemon's user and the places it uses,
 * or absent when the audited daemon is not rootless. */
static void
emit_rootless(struct hd_snapshot *s, const struct daemon *d,
    const struct hd_dproc *p, const char *root)
{
	struct hd_rootless_who w = { 0 };

	if (!d->rootless) {
		hd_snapshot_set_absent(s, HD_F_DAEMON_ROOTLESS, "daemon.processes",
		    "the audited dockerd is not rootless");
		return;
	}
	w.user = d->user;
	w.uid = d->uid;
	w.gid = d->gid;
	w.home = d->home;
	w.env = d->env;
	w.unit = d->unit;
	w.kit_pid = p ? p->rootlesskit_pid : 0;
	w.why = p ? p->rootless_why : NULL;
	hd_snapshot_set_value(s, HD_F_DAEMON_ROOTLESS, hd_rootless_layout(root, &w),
	    p ? "/proc (rootless dockerd), the user's units and files" :
	    "the user's systemd unit (no running dockerd)");
}

/* Release what a shared scope holds. */
static void
shared_clear(struct shared *sh)
{
	json_object_put(sh->env_default);
	json_object_put(sh->env_sysconfig);
	json_object_put(sh->unit_env);
	json_object_put(sh->svc_notes);
	json_object_put(sh->sock_notes);
	hd_unit_clear(&sh->svc);
	hd_unit_clear(&sh->sock);
	free(sh->svc_path);
	free(sh->sock_path);
	free(sh->flags_unread);
	free(sh->sysv_unread);
	free(sh->spec_home);
	free(sh->spec_user);
	free(sh->spec_uid);
	free(sh->spec_gid);
	free(sh->spec_rt);
}

/* Set up sh as the user manager's scope of user (uid, gid, home), with
 * runtime_dir its $XDG_RUNTIME_DIR (NULL: /run/user/UID). */
static void
user_scope(struct shared *sh, const char *root, const char *user, long uid,
    long gid, const char *home, const char *runtime_dir)
{
	memset(sh, 0, sizeof(*sh));
	sh->root = root;
	sh->svc_notes = json_object_new_array();
	sh->sock_notes = json_object_new_array();
	sh->spec_home = hd_xstrdup(home);
	sh->spec_user = hd_xstrdup(user ? user : "");
	sh->spec_uid = hd_xasprintf("%ld", uid);
	sh->spec_gid = hd_xasprintf("%ld", gid);
	sh->spec_rt = runtime_dir ? hd_xstrdup(runtime_dir) :
	    hd_xasprintf("/run/user/%ld", uid);
	sh->user_spec.home = sh->spec_home;
	sh->user_spec.user = sh->spec_user;
	sh->user_spec.uid = sh->spec_uid;
	sh->user_spec.gid = sh->spec_gid;
	sh->user_spec.runtime_dir = sh->spec_rt;
	sh->spec = &sh->user_spec;
}

/* Whether user (an hd_passwd_users entry) has a docker.service of their
 * own; *why notes a unit that exists but cannot be read. */
static bool
has_user_unit(const char *root, json_object *u)
{
	struct shared probe;
	json_object *v;
	bool yes;
	int r;

	json_object_object_get_ex(u, "home", &v);
	user_scope(&probe, root, NULL, 0, 0, json_object_get_string(v), NULL);
	r = hd_unit_load_user(&probe.svc, &probe.svc_path, probe.svc_notes, root,
	    "docker.service", probe.spec, NULL);
	yes = r != HD_ENOTFOUND;
	shared_clear(&probe);
	return yes;
}

/* With no live dockerd: the user whose rootless daemon is the configured
 * one, or NULL (caller releases users). The engine URL's
 * /run/user/UID/docker.sock names its user; without one, a system
 * docker.service (or SysV options) is the configured daemon; else the
 * first user with a docker.service of their own. */
static json_object *
configured_rootless(struct hd_snapshot *s, const struct shared *sh,
    json_object **users)
{
	const char *url = hd_snapshot_meta(s, HD_META_ENGINE_URL);
	struct hd_buf *b = NULL;
	long url_uid = -1;
	json_object *v;

	*users = NULL;
	if (url != NULL && sscanf(url, "unix:///run/user/%ld/docker.sock", &url_uid) != 1)
		url_uid = -1;
	if (hd_root_read(&b, sh->root, "/etc/passwd", HD_BUF_CAP_CONFIG) < 0)
		return NULL;
	*users = hd_passwd_users(hd_buf_ptr(b), hd_buf_len(b), 1000);
	hd_buf_free(b);
	for (size_t i = 0; i < json_object_array_length(*users); i++) {
		json_object *u = json_object_array_get_idx(*users, i);

		json_object_object_get_ex(u, "uid", &v);
		if (json_object_get_int64(v) == url_uid && has_user_unit(sh->root, u))
			return u;
	}
	if (sh->svc_path != NULL || sh->env_default != NULL || sh->env_sysconfig != NULL)
		return NULL;
	for (size_t i = 0; i < json_object_array_length(*users); i++)
		if (has_user_unit(sh->root, json_object_array_get_idx(*users, i)))
			return json_object_array_get_idx(*users, i);
	return NULL;
}

/* Pick the daemon to audit; *why says how it was chosen. */
static size_t
choose(const struct daemon *ds, size_t n, const char *url, char **why)
{
	for (size_t i = 0; i < n; i++) {
		if (serves(&ds[i], url)) {
			*why = hd_xasprintf("it listens on the engine URL hardock used (%s)", url);
			return i;
		}
	}
	if (n == 1)
		*why = hd_xstrdup("the only running dockerd");
	else
		*why = hd_xasprintf("none of the %zu running dockerd listens on the engine "
		    "URL %s: the first (lowest pid) is audited", n, url ? url : "(unknown)");
	return 0;
}

void
hd_collect_daemon(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	struct shared sh = { .s = s, .root = o->root }, ush;
	json_object *users = NULL, *ru;
	bool scoped = false;
	struct hd_dproc *procs = NULL;
	struct daemon *ds = NULL;
	size_t nprocs = 0, nd, pick;
	char *why = NULL;
	int r;

	sh.svc_notes = json_object_new_array();
	sh.sock_notes = json_object_new_array();
	sh.env_default = read_envfile(s, &sh, "/etc/default/docker", HD_F_ENV_DEFAULT);
	sh.env_sysconfig = read_envfile(s, &sh, "/etc/sysconfig/docker",
	    HD_F_ENV_SYSCONFIG);
	load_units(s, &sh);
	r = hd_dproc_scan(&procs, &nprocs, o->root);
	nd = nprocs > 0 ? nprocs : 1;
	ds = hd_xcalloc(nd, sizeof(*ds));
	for (size_t i = 0; i < nprocs; i++) {
		struct daemon *d = &ds[i];

		d->proc = &procs[i];
		for (size_t k = 0; k < procs[i].argv.n; k++)
			hd_argv_push(&d->argv, procs[i].argv.a[k].text, procs[i].argv.a[k].source,
			    procs[i].argv.a[k].origin);
		d->argv_source = hd_xasprintf("/proc/%d/cmdline", procs[i].pid);
		/* A live process always has argv[0]: empty means unread. */
		if (procs[i].argv.n == 0)
			note_unread(&d->unknown, "/proc/%d/cmdline could not be read: "
			    "the running dockerd's flags are unknown", procs[i].pid);
		json_object_deep_copy(procs[i].environ, &d->env, NULL);
		d->rootless = procs[i].rootless;
		d->uid = procs[i].uid;
		d->home = procs[i].home;
		analyse(d, &sh);
	}
	if (nprocs == 0 && (ru = configured_rootless(s, &sh, &users)) != NULL) {
		/* A user's own docker.service: a rootless daemon, configured. */
		json_object *v;
		long uid, gid;

		json_object_object_get_ex(ru, "uid", &v);
		uid = (long)json_object_get_int64(v);
		json_object_object_get_ex(ru, "gid", &v);
		gid = (long)json_object_get_int64(v);
		json_object_object_get_ex(ru, "home", &v);
		ds[0].home = json_object_get_string(v);
		json_object_object_get_ex(ru, "name", &v);
		ds[0].user = json_object_get_string(v);
		user_scope(&ush, o->root, ds[0].user, uid, gid, ds[0].home, NULL);
		ush.s = s;
		load_units(s, &ush);
		scoped = true;
		ds[0].env = json_object_new_object();
		ds[0].rootless = true;
		ds[0].uid = uid;
		ds[0].gid = gid;
		ds[0].unit = ush.svc_path;
		configured_argv(&ds[0], &ush);
		analyse(&ds[0], &ush);
	} else if (nprocs == 0) {
		ds[0].env = json_object_new_object();
		ds[0].home = "/root";
		configured_argv(&ds[0], &sh);
		analyse(&ds[0], &sh);
	}
	pick = nprocs > 0 ? choose(ds, nprocs, hd_snapshot_meta(s, HD_META_ENGINE_URL),
	    &why) : 0;
	if (nprocs > 0 && ds[pick].rootless && ds[pick].home != NULL) {
		/* The audited daemon is a user's: its units are the user's. */
		user_scope(&ush, o->root, procs[pick].user, procs[pick].uid,
		    procs[pick].gid, ds[pick].home, env_get(ds[pick].env, "XDG_RUNTIME_DIR"));
		load_units(s, &ush);
		scoped = true;
		ds[pick].user = procs[pick].user;
		ds[pick].gid = procs[pick].gid;
		ds[pick].unit = ush.svc_path;
	}
	if (r == HD_ENOTFOUND) {
		hd_snapshot_set_absent(s, HD_F_DAEMON_PROCESSES, "/proc",
		    "no /proc under the audit root %s: no live processes; the configuration "
		    "comes from unit and configuration files", o->root);
	} else if (r < 0) {
		hd_snapshot_set_error(s, HD_F_DAEMON_PROCESSES, "/proc", "%s", hd_error_last());
	} else {
		json_object *arr = json_object_new_array();

		for (size_t i = 0; i < nprocs; i++)
			json_object_array_add(arr, process_json(&ds[i], i == pick, why));
		hd_snapshot_set_value(s, HD_F_DAEMON_PROCESSES, arr, "/proc/*/exe, comm");
	}
	emit(s, &ds[pick]);
	emit_rootless(s, &ds[pick], nprocs > 0 ? &procs[pick] : NULL, o->root);
	for (size_t i = 0; i < nd; i++)
		daemon_clear(&ds[i]);
	free(ds);
	free(why);
	hd_dproc_free(procs, nprocs);
	json_object_put(users);
	shared_clear(&sh);
	if (scoped)
		shared_clear(&ush);
}
