/*
 * Where a rootless dockerd keeps its files. dockerd-rootless.sh starts it
 * under rootlesskit as the user, and dockerd then uses the user's places:
 * $XDG_RUNTIME_DIR/docker.sock and $XDG_RUNTIME_DIR/docker (exec root,
 * containerd's socket below it), $XDG_CONFIG_HOME/docker (daemon.json,
 * certs.d), $XDG_DATA_HOME/docker (the data root); the XDG defaults are
 * /run/user/UID, ~/.config and ~/.local/share. Its files are the user's:
 * the section-3 checks expect that owner, and a group among the user's
 * subordinate gids (a gid mapped into its namespace) is the user's too.
 */
#include <stdlib.h>
#include <string.h>

#include "collect/daemon.h"
#include "collect/userns.h"

/* A string from a {NAME: value} object when it is an absolute path. */
static const char *
env_dir(json_object *env, const char *name)
{
	json_object *v;

	if (env == NULL || !json_object_object_get_ex(env, name, &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    json_object_get_string(v)[0] != '/')
		return NULL;
	return json_object_get_string(v);
}

/* Add key: the XDG variable's dir + tail, else home + fallback + tail. */
static char *
xdg(json_object *env, const char *var, const char *home, const char *fallback,
    const char *tail)
{
	const char *d = env_dir(env, var);

	if (d != NULL)
		return hd_xasprintf("%s%s", d, tail);
	return hd_xasprintf("%s%s%s", home ? home : "~", fallback, tail);
}

/* Add a string member (stolen s). */
static void
put(json_object *o, const char *key, char *s)
{
	json_object_object_add(o, key, json_object_new_string(s));
	free(s);
}

/* The user's subordinate gids from root's /etc/subgid ([] if none). */
static json_object *
subgids(const char *root, const struct hd_rootless_who *w)
{
	struct hd_buf *b = NULL;
	json_object *a;
	char *id = hd_xasprintf("%ld", w->uid);

	if (hd_root_read(&b, root, "/etc/subgid", HD_BUF_CAP_CONFIG) < 0) {
		free(id);
		return json_object_new_array();
	}
	a = hd_subid_parse(hd_buf_ptr(b), hd_buf_len(b), w->user ? w->user : "",
	    id);
	hd_buf_free(b);
	free(id);
	return a;
}

json_object *
hd_rootless_layout(const char *root, const struct hd_rootless_who *w)
{
	json_object *o = json_object_new_object(), *ev = json_object_new_array();
	const char *rt = env_dir(w->env, "XDG_RUNTIME_DIR");
	char *runtime = rt ? hd_xstrdup(rt) : hd_xasprintf("/run/user/%ld", w->uid);
	char *conf = xdg(w->env, "XDG_CONFIG_HOME", w->home, "/.config", "/docker");

	json_object_object_add(o, "user", w->user ? json_object_new_string(w->user) :
	    NULL);
	json_object_object_add(o, "uid", json_object_new_int64(w->uid));
	json_object_object_add(o, "gid", json_object_new_int64(w->gid));
	json_object_object_add(o, "home", w->home ? json_object_new_string(w->home) :
	    NULL);
	json_object_object_add(o, "runtime_dir", json_object_new_string(runtime));
	json_object_object_add(o, "config_dir", json_object_new_string(conf));
	put(o, "daemon_json", hd_xasprintf("%s/daemon.json", conf));
	put(o, "certs_d", hd_xasprintf("%s/certs.d", conf));
	put(o, "data_root", xdg(w->env, "XDG_DATA_HOME", w->home, "/.local/share",
	    "/docker"));
	put(o, "socket", hd_xasprintf("%s/docker.sock", runtime));
	put(o, "exec_root", hd_xasprintf("%s/docker", runtime));
	put(o, "containerd_socket", hd_xasprintf("%s/docker/containerd/"
	    "containerd.sock", runtime));
	/* dockerd's TLS defaults: $DOCKER_CERT_PATH, else ~/.docker. */
	{
		const char *cp = env_dir(w->env, "DOCKER_CERT_PATH");
		char *dir = cp ? hd_xstrdup(cp) : hd_xasprintf("%s/.docker",
		    w->home ? w->home : "~");

		put(o, "tlscacert", hd_xasprintf("%s/ca.pem", dir));
		put(o, "tlscert", hd_xasprintf("%s/cert.pem", dir));
		put(o, "tlskey", hd_xasprintf("%s/key.pem", dir));
		free(dir);
	}
	json_object_object_add(o, "unit", w->unit ? json_object_new_string(w->unit) :
	    NULL);
	json_object_object_add(o, "rootlesskit_pid", w->kit_pid > 0 ?
	    json_object_new_int(w->kit_pid) : NULL);
	json_object_object_add(o, "subgid", subgids(root, w));
	/* Each sign that showed it, then the unit that starts it. */
	for (const char *p = w->why ? w->why : ""; *p;) {
		size_t n = strcspn(p, ";");

		json_object_array_add(ev, json_object_new_string_len(p, (int)n));
		p += n;
		while (*p == ';' || *p == ' ')
			p++;
	}
	if (w->unit != NULL) {
		char *t = hd_xasprintf("the user's systemd unit %s", w->unit);

		json_object_array_add(ev, json_object_new_string(t));
		free(t);
	}
	json_object_object_add(o, "evidence", ev);
	free(runtime);
	free(conf);
	return o;
}
