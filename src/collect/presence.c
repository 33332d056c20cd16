/*
 * Whether Docker is on the audited host at all: an engine that answered,
 * a dockerd process, a dockerd binary, a docker.service or docker.socket
 * unit. Read from the facts the engine and daemon collectors recorded,
 * plus the binaries' presence under the root. Without any of them the
 * checks of dockerd have no subject (the scanner's dockerd gate); with
 * one of them unreadable, absence is not proven and the fact says so.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/facts.h>

#include "collect/collectors.h"

static const char *const dockerd_paths[] = {
	"/usr/bin/dockerd", "/usr/sbin/dockerd", "/usr/local/bin/dockerd", NULL
};

/* What was looked at and what was found or could not be read. */
struct look {
	json_object *found;   /* array of "what: evidence" */
	json_object *unknown; /* array of "what: why unreadable" */
};

/* Append the formatted text to arr. */
static void HD_PRINTF(2, 3)
add(json_object *arr, const char *fmt, ...)
{
	va_list ap;
	char *t;

	va_start(ap, fmt);
	t = hd_xvasprintf(fmt, ap);
	va_end(ap);
	json_object_array_add(arr, json_object_new_string(t));
	free(t);
}

/* The engine: answered, or why not (it may simply not be installed). */
static void
look_engine(struct look *l, const struct hd_snapshot *s, json_object *v)
{
	const char *url = hd_snapshot_meta(s, HD_META_ENGINE_URL);
	struct hd_fact ver;

	hd_snapshot_fact(&ver, s, HD_F_ENGINE_VERSION);
	json_object_object_add(v, "engine_answered",
	    json_object_new_boolean(ver.state == HD_FACT_VALUE));
	if (ver.state == HD_FACT_VALUE)
		add(l->found, "an engine answered at %s", url ? url : "its URL");
	else
		json_object_object_add(v, "engine", json_object_new_string(
		    ver.reason ? ver.reason : "not collected"));
}

/* Running dockerd processes (daemon.processes). */
static void
look_processes(struct look *l, const struct hd_snapshot *s, json_object *v)
{
	struct hd_fact p;
	json_object *pids = json_object_new_array(), *pid;

	hd_snapshot_fact(&p, s, HD_F_DAEMON_PROCESSES);
	if (p.state == HD_FACT_ERROR)
		add(l->unknown, "dockerd processes: %s", p.reason);
	for (size_t i = 0; p.state == HD_FACT_VALUE &&
	    json_object_is_type(p.value, json_type_array) &&
	    i < json_object_array_length(p.value); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(p.value, i),
		    "pid", &pid))
			json_object_array_add(pids, json_object_get(pid));
	if (json_object_array_length(pids) > 0)
		add(l->found, "%zu running dockerd process(es)",
		    json_object_array_length(pids));
	json_object_object_add(v, "processes", pids);
}

/* dockerd binaries under the root (a symlink counts: it is installed). */
static void
look_binaries(struct look *l, const struct hd_collect_opts *o, json_object *v)
{
	json_object *bins = json_object_new_array();

	for (size_t i = 0; dockerd_paths[i] != NULL; i++) {
		int fd = hd_root_open(o->root, dockerd_paths[i], O_PATH | O_NOFOLLOW);

		if (fd >= 0) {
			close(fd);
			json_object_array_add(bins, json_object_new_string(dockerd_paths[i]));
			add(l->found, "the binary %s", dockerd_paths[i]);
		} else if (errno != ENOENT && errno != ENOTDIR) {
			add(l->unknown, "%s: %s", dockerd_paths[i], strerror(errno));
		}
	}
	json_object_object_add(v, "binaries", bins);
}

/* docker.service and docker.socket as the daemon collector found them. */
static void
look_units(struct look *l, const struct hd_snapshot *s, json_object *v)
{
	static const char *const keys[] = { HD_F_SYSTEMD_SERVICE,
	    HD_F_SYSTEMD_SOCKET, NULL };
	json_object *units = json_object_new_array(), *path;

	for (size_t i = 0; keys[i] != NULL; i++) {
		struct hd_fact u;

		hd_snapshot_fact(&u, s, keys[i]);
		if (u.state == HD_FACT_ERROR) {
			add(l->unknown, "%s: %s", keys[i], u.reason);
		} else if (u.state == HD_FACT_VALUE &&
		    json_object_object_get_ex(u.value, "path", &path) &&
		    json_object_is_type(path, json_type_string)) {
			json_object_array_add(units, json_object_get(path));
			add(l->found, "the unit %s", json_object_get_string(path));
		}
	}
	json_object_object_add(v, "units", units);
}

/* daemon.presence (facts.h). */
void
hd_collect_presence(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	struct look l = { json_object_new_array(), json_object_new_array() };
	const char *url = hd_snapshot_meta(s, HD_META_ENGINE_URL);
	const char *src = "engine.version, daemon.processes, dockerd binaries, "
	    "systemd.docker.service, systemd.docker.socket";
	json_object *v = json_object_new_object();
	bool present;

	look_engine(&l, s, v);
	look_processes(&l, s, v);
	look_binaries(&l, o, v);
	look_units(&l, s, v);
	present = json_object_array_length(l.found) > 0;
	json_object_object_add(v, "present", json_object_new_boolean(present));
	json_object_object_add(v, "evidence", json_object_get(l.found));
	if (!present && json_object_array_length(l.unknown) > 0) {
		/* Nothing found, but not everything could be looked at. */
		hd_snapshot_set_error(s, HD_F_DOCKER_PRESENCE, src, "no Docker "
		    "found, but absence is not proven: %s", json_object_to_json_string_ext(
		    l.unknown, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(v);
	} else {
		if (!present) {
			char *why = hd_xasprintf("no engine answered at %s, no dockerd "
			    "process, no dockerd binary (/usr/bin, /usr/sbin, "
			    "/usr/local/bin) and no docker.service or docker.socket "
			    "unit", url ? url : "the default socket");

			json_object_object_add(v, "why", json_object_new_string(why));
			free(why);
		}
		hd_snapshot_set_value(s, HD_F_DOCKER_PRESENCE, v, src);
	}
	json_object_put(l.found);
	json_object_put(l.unknown);
}
