/* Paths of the daemon's files, resolved from facts. */
#include <stdlib.h>
#include <string.h>

#include "paths.h"

#define CERTS_D "/etc/docker/certs.d"
#define CONTAINERD_SOCK "/run/containerd/containerd.sock"
#define DEFAULT_DAEMON_JSON "/etc/docker/daemon.json"
#define DEFAULT_DATA_ROOT "/var/lib/docker"

void
hd_paths_add(struct hd_paths *p, const char *path)
{
	if (path == NULL || path[0] == '\0')
		return;
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i], path) == 0)
			return;
	if (p->n == HD_MAX_PATHS) {
		p->overflow = true;
		return;
	}
	p->v[p->n++] = path;
}

int
hd_rootless_get(struct hd_rootless *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	struct hd_fact r;

	memset(out, 0, sizeof(*out));
	hd_fact(&r, ctx, HD_F_DAEMON_ROOTLESS);
	if (r.state != HD_FACT_VALUE)
		return 0;
	out->fact = r.value;
	out->source = r.source;
	if (hd_get_str(f, r.value, "user", NULL, &out->user) < 0 ||
	    hd_get_int(f, r.value, "uid", -1, &out->uid) < 0 ||
	    hd_get_int(f, r.value, "gid", -1, &out->gid) < 0 ||
	    hd_get_array(f, r.value, "subgid", &out->subgid) < 0)
		return -1;
	if (out->uid < 0) {
		hd_msg(f, "%s: the rootless daemon's uid is not recorded",
		    HD_F_DAEMON_ROOTLESS);
		return -1;
	}
	return 1;
}

const char *
hd_rootless_path(const struct hd_ctx *ctx, const char *key)
{
	struct hd_fact r;
	const char *v = NULL;

	hd_fact(&r, ctx, HD_F_DAEMON_ROOTLESS);
	if (r.state != HD_FACT_VALUE ||
	    hd_get_str(NULL, r.value, key, NULL, &v) < 0)
		return NULL;
	return v;
}

/* Whether a file fact was recorded for path (present, absent or error). */
static bool
recorded(const struct hd_ctx *ctx, const char *path)
{
	char *key = hd_xasprintf("%s%s", HD_F_FILE, path);
	bool r = hd_fact_recorded(ctx, key);

	free(key);
	return r;
}

int
hd_target_paths(struct hd_paths *out, const struct hd_target *t,
    const struct hd_ctx *ctx, struct hd_finding *f)
{
	int r;

	out->n = 0;
	out->overflow = false;
	/* Alternative locations (/usr/bin, /usr/sbin, /usr/local/bin) are
	 * collected only where found: skip the ones never recorded, unless
	 * none was, so that a missing collector still shows as an error. */
	for (size_t i = 0; i < 4 && t->fixed[i] != NULL; i++)
		if (recorded(ctx, t->fixed[i]))
			hd_paths_add(out, t->fixed[i]);
	if (out->n == 0)
		for (size_t i = 0; i < 4 && t->fixed[i] != NULL; i++)
			hd_paths_add(out, t->fixed[i]);
	if (t->more != NULL && (r = t->more(out, ctx, f)) != 0)
		return r;
	if (out->overflow) {
		hd_msg(f, "more than %d paths for %s: not all could be checked",
		    HD_MAX_PATHS, t->what);
		return -1;
	}
	return 0;
}

enum hd_status
hd_check_target(const struct hd_ctx *ctx, struct hd_finding *f,
    const struct hd_target *t, hd_file_test_arg test, const void *arg)
{
	struct hd_paths p;
	enum hd_status st;
	char *none;
	struct hd_rootless rl;
	int r;

	if (t->rootless_na != NULL && (r = hd_rootless_get(&rl, ctx, f)) != 0) {
		if (r < 0)
			return HD_ERROR;
		hd_ev_str(f, "rootless daemon of", rl.user, rl.source);
		hd_msg(f, "%s", t->rootless_na);
		return HD_NOTAPPLICABLE;
	}
	r = hd_target_paths(&p, t, ctx, f);
	if (r < 0)
		return HD_ERROR;
	if (r > 0)
		return HD_NOTAPPLICABLE;
	none = hd_xasprintf("%s does not exist on this host", t->what);
	st = hd_check_files_arg(ctx, f, p.v, p.n, test, arg, none);
	free(none);
	return st;
}

/* A systemd unit fact's file and drop-ins; no unit means no paths. */
static int
unit_paths(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f, const char *key)
{
	struct hd_fact u;
	const char *path = NULL;
	json_object *dropins = NULL;

	hd_fact(&u, ctx, key);
	if (u.state == HD_FACT_ABSENT)
		return 0;
	if (hd_require(f, ctx, key) == NULL)
		return -1;
	if (hd_get_str(f, u.value, "path", NULL, &path) < 0 ||
	    hd_get_array(f, u.value, "dropins", &dropins) < 0)
		return -1;
	hd_paths_add(out, path);
	for (size_t i = 0; dropins && i < json_object_array_length(dropins); i++) {
		json_object *d = json_object_array_get_idx(dropins, i);

		if (json_object_is_type(d, json_type_string))
			hd_paths_add(out, json_object_get_string(d));
	}
	return 0;
}

int
hd_paths_service_unit(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	return unit_paths(out, ctx, f, HD_F_SYSTEMD_SERVICE);
}

int
hd_paths_socket_unit(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	return unit_paths(out, ctx, f, HD_F_SYSTEMD_SOCKET);
}

/* The value of --config-file in the daemon's argv, NULL when not given. */
static const char *
config_file_flag(const struct hd_ctx *ctx)
{
	struct hd_fact argv;
	const char *found = NULL;
	size_t n;

	hd_fact(&argv, ctx, HD_F_DAEMON_ARGV);
	if (argv.state != HD_FACT_VALUE ||
	    !json_object_is_type(argv.value, json_type_array))
		return NULL;
	n = json_object_array_length(argv.value);
	for (size_t i = 0; i < n; i++) {
		json_object *a = json_object_array_get_idx(argv.value, i);
		const char *s;

		if (!json_object_is_type(a, json_type_string))
			continue;
		s = json_object_get_string(a);
		/* The last occurrence wins, as with Go's flag parsing. */
		if (strncmp(s, "--config-file=", 14) == 0)
			found = s + 14;
		else if (strcmp(s, "--config-file") == 0 && i + 1 < n &&
		    json_object_is_type(json_object_array_get_idx(argv.value,
		    i + 1), json_type_string))
			found = json_object_get_string(
			    json_object_array_get_idx(argv.value, ++i));
	}
	return found;
}

int
hd_paths_daemon_json(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	const char *flag = config_file_flag(ctx);
	struct hd_fact dj;

	(void)f;
	if (flag != NULL) {
		hd_paths_add(out, flag);
		return 0;
	}
	/* The daemon.json collector names the file it read as the source. */
	hd_fact(&dj, ctx, HD_F_DAEMON_JSON);
	if (dj.state != HD_FACT_ERROR && dj.source != NULL && dj.source[0] == '/' &&
	    strchr(dj.source, ':') == NULL)
		hd_paths_add(out, dj.source);
	else
		hd_paths_add(out, DEFAULT_DAEMON_JSON);
	return 0;
}

int
hd_paths_data_root(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	struct hd_fact cfg, mnt;
	json_object *ent, *v;
	const char *checked = NULL;

	/* The configured root, not /info's DockerRootDir, which points into
	 * the remapped subdirectory when userns-remap is on. */
	hd_fact(&cfg, ctx, HD_F_DAEMON_CONFIG);
	if (cfg.state != HD_FACT_VALUE) {
		/* Never the default in the stead of what was not read. */
		hd_require(f, ctx, HD_F_DAEMON_CONFIG);
		return -1;
	}
	if (
	    json_object_object_get_ex(cfg.value, "data-root", &ent) &&
	    json_object_object_get_ex(ent, "value", &v) &&
	    json_object_is_type(v, json_type_string)) {
		hd_paths_add(out, json_object_get_string(v));
		return 0;
	}
	hd_fact(&mnt, ctx, HD_F_ROOT_MOUNT);
	if (mnt.state == HD_FACT_VALUE &&
	    hd_get_str(NULL, mnt.value, "checked", NULL, &checked) == 0 &&
	    checked != NULL) {
		hd_paths_add(out, checked);
		return 0;
	}
	if (hd_rootless_path(ctx, "data_root") != NULL) {
		hd_paths_add(out, hd_rootless_path(ctx, "data_root"));
		return 0;
	}
	hd_paths_add(out, DEFAULT_DATA_ROOT);
	return 0;
}

int
hd_paths_certs_d(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	const char *own = hd_rootless_path(ctx, "certs_d");
	const char *certs = own ? own : CERTS_D;
	struct hd_fact d;

	hd_fact2(&d, ctx, HD_F_DIR, certs);
	if (d.state == HD_FACT_ABSENT) {
		hd_msg(f, "%s does not exist: no registry certificates", certs);
		return 1;
	}
	if (d.state == HD_FACT_ERROR ||
	    !json_object_is_type(d.value, json_type_array)) {
		hd_msg(f, "%s: %s", certs, d.reason ? d.reason :
		    "listing is not an array");
		hd_ev_str(f, HD_F_DIR, certs, d.source);
		return -1;
	}
	for (size_t i = 0; i < json_object_array_length(d.value); i++) {
		json_object *p = json_object_array_get_idx(d.value, i);

		if (json_object_is_type(p, json_type_string))
			hd_paths_add(out, json_object_get_string(p));
	}
	if (out->n == 0) {
		hd_msg(f, "%s is empty: no registry certificates", certs);
		return 1;
	}
	return 0;
}

int
hd_paths_etc_docker(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	const char *own = hd_rootless_path(ctx, "config_dir");

	(void)f;
	hd_paths_add(out, own ? own : "/etc/docker");
	return 0;
}

int
hd_paths_containerd_sock(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	const char *own = hd_rootless_path(ctx, "containerd_socket");

	(void)f;
	hd_paths_add(out, own ? own : CONTAINERD_SOCK);
	return 0;
}

int
hd_tls_configured(const struct hd_ctx *ctx, struct hd_finding *f)
{
	static const char *const keys[] = { "tls", "tlsverify" };
	struct hd_fact eps;

	for (size_t i = 0; i < 2; i++) {
		struct hd_setting s;
		bool on;

		if (!hd_setting_get(&s, ctx, f, keys[i]))
			return -1;
		if (hd_setting_bool(&s, false, &on) < 0) {
			hd_msg(f, "%s: not a boolean (%s)", keys[i], s.source);
			return -1;
		}
		if (on)
			return 1;
	}
	hd_fact(&eps, ctx, HD_F_DAEMON_ENDPOINTS);
	if (eps.state == HD_FACT_VALUE &&
	    json_object_is_type(eps.value, json_type_array))
		for (size_t i = 0; i < json_object_array_length(eps.value); i++) {
			json_object *ep = json_object_array_get_idx(eps.value, i);
			bool tls = false, verify = false;

			if (hd_get_bool(NULL, ep, "tls", false, &tls) == 0 &&
			    hd_get_bool(NULL, ep, "tlsverify", false, &verify) == 0 &&
			    (tls || verify))
				return 1;
		}
	return 0;
}

/* TLS file paths for one setting (tlscacert, tlscert, tlskey): the
 * effective configuration's value and every endpoint's; dockerd's default
 * (~/.docker/NAME of root) when TLS is on and no path is given. */
static int
tls_paths(struct hd_paths *out, const struct hd_ctx *ctx, struct hd_finding *f,
    const char *key, const char *def)
{
	struct hd_setting s;
	struct hd_fact eps;
	int on;

	if (!hd_setting_get(&s, ctx, f, key))
		return -1;
	if (s.value != NULL && json_object_is_type(s.value, json_type_string))
		hd_paths_add(out, json_object_get_string(s.value));
	hd_fact(&eps, ctx, HD_F_DAEMON_ENDPOINTS);
	if (eps.state == HD_FACT_VALUE &&
	    json_object_is_type(eps.value, json_type_array))
		for (size_t i = 0; i < json_object_array_length(eps.value); i++) {
			const char *p = NULL;

			if (hd_get_str(NULL, json_object_array_get_idx(eps.value, i),
			    key, NULL, &p) == 0)
				hd_paths_add(out, p);
		}
	if ((on = hd_tls_configured(ctx, f)) < 0)
		return -1;
	if (out->n > 0)
		return 0;
	if (on == 0) {
		hd_msg(f, "TLS is not configured: no tls/tlsverify setting, no "
		    "endpoint with TLS and no %s path", key);
		return 1;
	}
	/* A rootless dockerd's default is its user's ~/.docker, not root's. */
	hd_paths_add(out, hd_rootless_path(ctx, key) ? hd_rootless_path(ctx, key) :
	    def);
	return 0;
}

int
hd_paths_tls_ca(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	return tls_paths(out, ctx, f, "tlscacert", "/root/.docker/ca.pem");
}

int
hd_paths_tls_cert(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	return tls_paths(out, ctx, f, "tlscert", "/root/.docker/cert.pem");
}

int
hd_paths_tls_key(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	return tls_paths(out, ctx, f, "tlskey", "/root/.docker/key.pem");
}

const struct hd_target hd_t_service = { "docker.service", { NULL },
	hd_paths_service_unit, NULL };
const struct hd_target hd_t_socket_unit = { "docker.socket", { NULL },
	hd_paths_socket_unit, NULL };
const struct hd_target hd_t_etc_docker = { "/etc/docker", { NULL },
	hd_paths_etc_docker, NULL };
const struct hd_target hd_t_daemon_json = { "daemon.json", { NULL },
	hd_paths_daemon_json, NULL };
#define SYSV_ROOTLESS(f) "a rootless dockerd is started by its user (their " \
	"systemd unit or dockerd-rootless.sh), which reads no " f ": not " \
	"applicable to it"
const struct hd_target hd_t_env_default = { "/etc/default/docker",
	{ "/etc/default/docker" }, NULL, SYSV_ROOTLESS("/etc/default/docker") };
const struct hd_target hd_t_env_sysconfig = { "/etc/sysconfig/docker",
	{ "/etc/sysconfig/docker" }, NULL, SYSV_ROOTLESS("/etc/sysconfig/docker") };
const struct hd_target hd_t_containerd_sock = { "containerd's socket",
	{ NULL }, hd_paths_containerd_sock, NULL };
