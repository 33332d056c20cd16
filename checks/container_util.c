/* Typed views of a container's inspect document shared by the checks. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>

#include "container_util.h"

/* Docker's default capability set (moby oci/caps/defaults.go). */
static const cap_value_t docker_default_caps[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD,
	CAP_NET_RAW, CAP_SETGID, CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP,
	CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE,
};

/* Fail with f's message when the value at path exists and is not an
 * object. */
static bool
object_or_missing(struct hd_finding *f, json_object *doc, const char *path,
    bool required)
{
	json_object *v = NULL;

	if (hd_get_object(f, doc, path, &v) < 0)
		return false;
	if (v == NULL && required) {
		hd_msg(f, "%s: missing from the inspect document", path);
		return false;
	}
	return true;
}

bool
hd_ctr_ok(const struct hd_object *c, struct hd_finding *f)
{
	json_object *doc = c->inspect.value;

	if (!json_object_is_type(doc, json_type_object)) {
		hd_msg(f, "inspect document is not a JSON object");
		return false;
	}
	return object_or_missing(f, doc, "HostConfig", true) &&
	    object_or_missing(f, doc, "Config", false) &&
	    object_or_missing(f, doc, "State", false) &&
	    object_or_missing(f, doc, "NetworkSettings", false);
}

int
hd_ctr_running(const struct hd_object *c, struct hd_finding *f, bool *out)
{
	return hd_get_bool(f, c->inspect.value, "State.Running", false, out);
}

int
hd_ctr_live(struct hd_fact *fact, const struct hd_ctx *ctx,
    const struct hd_object *c, struct hd_finding *f)
{
	bool running;

	if (hd_ctr_running(c, f, &running) < 0)
		return -1;
	if (!running)
		return 0;
	hd_fact2(fact, ctx, HD_F_PROCESS_CONTAINER, c->id);
	if (fact->state == HD_FACT_VALUE &&
	    !json_object_is_type(fact->value, json_type_object)) {
		hd_msg(f, "%s%s: expected object", HD_F_PROCESS_CONTAINER, c->id);
		return -1;
	}
	return 1;
}

int
hd_ctr_live_known(struct hd_fact *fact, const struct hd_ctx *ctx,
    const struct hd_object *c, struct hd_finding *f)
{
	int r = hd_ctr_live(fact, ctx, c, f);

	if (r != 1 || fact->state == HD_FACT_VALUE)
		return r;
	hd_msg(f, "live process unknown: %s", fact->reason);
	hd_ev_str(f, HD_F_PROCESS_CONTAINER, NULL, fact->source);
	return -1;
}

/* ---- Namespaces --------------------------------------------------------- */

enum hd_status
hd_ctr_ns_not_host(const struct hd_object *c, struct hd_finding *f,
    const char *field, const char *what)
{
	char *path = hd_xasprintf("HostConfig.%s", field);
	const char *mode = NULL;
	enum hd_status st = HD_ERROR;

	if (!hd_ctr_ok(c, f) ||
	    hd_get_str(f, c->inspect.value, path, "", &mode) < 0)
		goto out;
	hd_ev_str(f, path, mode, SRC_INSPECT);
	if (strcmp(mode, "host") == 0) {
		hd_msg(f, "shares the host's %s namespace (%s=host)", what, field);
		st = HD_FAIL;
	} else {
		hd_msg(f, "own %s namespace (%s=%s)", what, field,
		    mode[0] ? mode : "default");
		st = HD_PASS;
	}
out:
	free(path);
	return st;
}

/* ---- Security options --------------------------------------------------- */

int
hd_ctr_secopts(const struct hd_object *c, struct hd_finding *f,
    json_object **out)
{
	json_object *a = NULL;

	*out = NULL;
	if (hd_get_array(f, c->inspect.value, "HostConfig.SecurityOpt", &a) < 0)
		return HD_ETYPE;
	for (size_t i = 0; a != NULL && i < json_object_array_length(a); i++) {
		if (!json_object_is_type(json_object_array_get_idx(a, i),
		    json_type_string)) {
			hd_msg(f, "HostConfig.SecurityOpt[%zu]: expected string", i);
			return hd_error_set(HD_ETYPE, "SecurityOpt item not a string");
		}
	}
	*out = a;
	return HD_OK;
}

bool
hd_secopt_match(const char *opt, const char *key, const char **value)
{
	size_t n = strlen(key);

	if (strncmp(opt, key, n) != 0)
		return false;
	if (opt[n] == '\0') {
		*value = opt + n;
		return true;
	}
	if (opt[n] != '=' && opt[n] != ':')
		return false;
	*value = opt + n + 1;
	return true;
}

/* ---- Paths and mounts --------------------------------------------------- */

char *
hd_path_clean(const char *path)
{
	size_t len = strlen(path);
	char *out = hd_xmalloc(len + 2), *o = out;
	const char *p = path;

	if (path[0] != '/')
		goto copy; /* a volume name or relative path: nothing to clean */
	while (*p) {
		const char *seg;
		size_t n;

		while (*p == '/')
			p++;
		seg = p;
		n = strcspn(p, "/");
		p += n;
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (o > out && *--o != '/')
				;
			continue;
		}
		*o++ = '/';
		memcpy(o, seg, n);
		o += n;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	if (strncmp(out, "/var/run", 8) == 0 && (out[8] == '\0' || out[8] == '/'))
		memmove(out, out + 4, strlen(out + 4) + 1);
	return out;
copy:
	memcpy(out, path, len + 1);
	return out;
}

bool
hd_path_under(const char *path, const char *dir)
{
	char *p = hd_path_clean(path), *d = hd_path_clean(dir);
	size_t n = strlen(d);
	bool r;

	if (strcmp(d, "/") == 0)
		r = p[0] == '/';
	else
		r = strncmp(p, d, n) == 0 && (p[n] == '\0' || p[n] == '/');
	free(p);
	free(d);
	return r;
}

/* Fill m from one Mounts[] item. */
static int
mount_from_item(struct hd_ctr_mount *m, json_object *it, size_t i,
    struct hd_finding *f)
{
	const char *type = NULL, *src = NULL, *dst = NULL, *prop = NULL;
	bool rw = true;
	char path[64];

	snprintf(path, sizeof(path), "Mounts[%zu]", i);
	if (!json_object_is_type(it, json_type_object)) {
		hd_msg(f, "%s: expected object", path);
		return HD_ETYPE;
	}
	if (hd_get_str(f, it, "Type", "bind", &type) < 0 ||
	    hd_get_str(f, it, "Source", "", &src) < 0 ||
	    hd_get_str(f, it, "Destination", "", &dst) < 0 ||
	    hd_get_str(f, it, "Propagation", "", &prop) < 0 ||
	    hd_get_bool(f, it, "RW", true, &rw) < 0) {
		char *why = hd_xstrdup(f->message ? f->message : "malformed");

		hd_msg(f, "%s.%s", path, why);
		free(why);
		return HD_ETYPE;
	}
	m->type = hd_xstrdup(type);
	m->source = hd_xstrdup(src);
	m->clean = hd_path_clean(src);
	m->destination = hd_xstrdup(dst);
	m->propagation = hd_xstrdup(prop);
	m->rw = rw;
	m->field = hd_xstrdup(path);
	return HD_OK;
}

/* Fill m from one "SRC:DST[:OPTS]" bind string. */
static int
mount_from_bind(struct hd_ctr_mount *m, const char *bind, size_t i,
    struct hd_finding *f)
{
	const char *c1 = strchr(bind, ':'), *c2;
	char *opts, *tok, *save = NULL;

	if (c1 == NULL || c1 == bind) {
		hd_msg(f, "HostConfig.Binds[%zu]: not SOURCE:DESTINATION", i);
		return HD_ETYPE;
	}
	c2 = strchr(c1 + 1, ':');
	m->source = hd_xstrndup(bind, (size_t)(c1 - bind));
	m->type = hd_xstrdup(m->source[0] == '/' ? "bind" : "volume");
	m->clean = hd_path_clean(m->source);
	m->destination = c2 ? hd_xstrndup(c1 + 1, (size_t)(c2 - c1 - 1)) :
	    hd_xstrdup(c1 + 1);
	m->propagation = hd_xstrdup("");
	m->rw = true;
	m->field = hd_xasprintf("HostConfig.Binds[%zu]", i);
	opts = hd_xstrdup(c2 ? c2 + 1 : "");
	for (tok = strtok_r(opts, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "ro") == 0)
			m->rw = false;
		else if (strcmp(tok, "rw") == 0)
			m->rw = true;
		else if (strstr(tok, "shared") || strstr(tok, "slave") ||
		    strstr(tok, "private")) {
			free(m->propagation);
			m->propagation = hd_xstrdup(tok);
		}
	}
	free(opts);
	return HD_OK;
}

/* Release what one mount owns. */
static void
mount_clear(struct hd_ctr_mount *m)
{
	free(m->type);
	free(m->source);
	free(m->clean);
	free(m->destination);
	free(m->propagation);
	free(m->field);
	memset(m, 0, sizeof(*m));
}

void
hd_ctr_mounts_free(struct hd_ctr_mount *m, size_t n)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		mount_clear(&m[i]);
	free(m);
}

/* Whether one of the n mounts has destination dst. */
static bool
has_destination(const struct hd_ctr_mount *m, size_t n, const char *dst)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(m[i].destination, dst) == 0)
			return true;
	return false;
}

int
hd_ctr_mounts(const struct hd_object *c, struct hd_finding *f,
    struct hd_ctr_mount **out, size_t *n)
{
	json_object *mounts = NULL, *binds = NULL;
	struct hd_ctr_mount *m = NULL;
	size_t cnt = 0, max;
	int r = HD_ETYPE;

	*out = NULL;
	*n = 0;
	if (hd_get_array(f, c->inspect.value, "Mounts", &mounts) < 0 ||
	    hd_get_array(f, c->inspect.value, "HostConfig.Binds", &binds) < 0)
		return HD_ETYPE;
	max = (mounts ? json_object_array_length(mounts) : 0) +
	    (binds ? json_object_array_length(binds) : 0);
	m = hd_xcalloc(max + 1, sizeof(*m));
	for (size_t i = 0; mounts && i < json_object_array_length(mounts); i++) {
		if (mount_from_item(&m[cnt], json_object_array_get_idx(mounts, i),
		    i, f) < 0)
			goto out;
		cnt++;
	}
	for (size_t i = 0; binds && i < json_object_array_length(binds); i++) {
		json_object *b = json_object_array_get_idx(binds, i);

		if (!json_object_is_type(b, json_type_string)) {
			hd_msg(f, "HostConfig.Binds[%zu]: expected string", i);
			goto out;
		}
		if (mount_from_bind(&m[cnt], json_object_get_string(b), i, f) < 0)
			goto out;
		/* Mounts[] already holds what the engine made of this bind. */
		if (has_destination(m, cnt, m[cnt].destination))
			mount_clear(&m[cnt]);
		else
			cnt++;
	}
	r = HD_OK;
out:
	if (r < 0) {
		mount_clear(&m[cnt]);
		hd_ctr_mounts_free(m, cnt);
		return hd_error_set(r, "malformed mounts in the inspect document");
	}
	*out = m;
	*n = cnt;
	return r;
}

void
hd_ev_mount(struct hd_finding *f, const struct hd_ctr_mount *m)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "source", json_object_new_string(m->source));
	json_object_object_add(o, "destination",
	    json_object_new_string(m->destination));
	json_object_object_add(o, "mode", json_object_new_string(m->rw ? "rw" : "ro"));
	json_object_object_add(o, "type", json_object_new_string(m->type));
	if (m->propagation[0])
		json_object_object_add(o, "propagation",
		    json_object_new_string(m->propagation));
	hd_ev(f, m->field, o, SRC_INSPECT);
}

/* ---- Port bindings ------------------------------------------------------ */

/* Parse a HostPort string: "" is ephemeral (0), "8000-8010" its first
 * port. -1 when it is not a port. */
static int64_t
parse_host_port(const char *s)
{
	char *end;
	long v;

	if (s[0] == '\0')
		return 0;
	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || v < 0 || v > 65535 || (*end != '\0' && *end != '-'))
		return -1;
	return v;
}

/* Append the bindings of one port map ({"80/tcp": [{HostIp, HostPort}]}). */
static int
ports_from_map(json_object *map, const char *field, struct hd_finding *f,
    struct hd_port **out, size_t *n)
{
	json_object_object_foreach(map, key, list) {
		if (list == NULL || json_object_is_type(list, json_type_null))
			continue; /* exposed, not published */
		if (!json_object_is_type(list, json_type_array)) {
			hd_msg(f, "%s.%s: expected array", field, key);
			return hd_error_set(HD_ETYPE, "malformed port map");
		}
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			json_object *b = json_object_array_get_idx(list, i);
			struct hd_port p = { .port = key };

			if (!json_object_is_type(b, json_type_object) ||
			    hd_get_str(NULL, b, "HostIp", "", &p.host_ip) < 0 ||
			    hd_get_str(NULL, b, "HostPort", "", &p.host_port_text) < 0 ||
			    (p.host_port = parse_host_port(p.host_port_text)) < 0) {
				hd_msg(f, "%s.%s[%zu]: malformed binding", field, key, i);
				return hd_error_set(HD_ETYPE, "malformed port binding");
			}
			*out = hd_xrealloc(*out, *n + 1, sizeof(**out));
			(*out)[(*n)++] = p;
		}
	}
	return HD_OK;
}

int
hd_ctr_ports(const struct hd_object *c, struct hd_finding *f,
    struct hd_port **out, size_t *n, const char **field)
{
	json_object *map = NULL;
	bool running;
	int r;

	*out = NULL;
	*n = 0;
	*field = "HostConfig.PortBindings";
	if (hd_ctr_running(c, f, &running) < 0)
		return HD_ETYPE;
	if (running) {
		if (hd_get_object(f, c->inspect.value, "NetworkSettings.Ports",
		    &map) < 0)
			return HD_ETYPE;
		if (map != NULL)
			*field = "NetworkSettings.Ports";
	}
	if (map == NULL &&
	    hd_get_object(f, c->inspect.value, "HostConfig.PortBindings", &map) < 0)
		return HD_ETYPE;
	if (map == NULL)
		return HD_OK;
	if ((r = ports_from_map(map, *field, f, out, n)) < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return r;
}

bool
hd_ip_wildcard(const char *ip)
{
	return ip[0] == '\0' || strcmp(ip, "0.0.0.0") == 0 ||
	    strcmp(ip, "::") == 0 || strcmp(ip, "[::]") == 0;
}

void
hd_ev_port(struct hd_finding *f, const char *field, const struct hd_port *p)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "port", json_object_new_string(p->port));
	json_object_object_add(o, "host_ip", json_object_new_string(p->host_ip));
	json_object_object_add(o, "host_port",
	    json_object_new_string(p->host_port_text));
	hd_ev(f, field, o, SRC_INSPECT);
}

/* ---- Capabilities ------------------------------------------------------- */

int
hd_cap_parse(const char *name)
{
	char buf[64];
	const char *p = name;
	size_t i = 0;
	cap_value_t v;

	if (strncasecmp(p, "CAP_", 4) == 0)
		p += 4;
	if (strcasecmp(p, "ALL") == 0)
		return HD_CAP_ALL;
	/* libcap also takes numbers; Docker does not. */
	if (!isalpha((unsigned char)p[0]) || strlen(p) + 5 > sizeof(buf))
		return -1;
	memcpy(buf, "cap_", 4);
	for (i = 0; p[i]; i++)
		buf[4 + i] = (char)tolower((unsigned char)p[i]);
	buf[4 + i] = '\0';
	if (cap_from_name(buf, &v) != 0)
		return -1;
	return (int)v;
}

bool
hd_cap_docker_default(int cap)
{
	for (size_t i = 0; i < sizeof(docker_default_caps) /
	    sizeof(docker_default_caps[0]); i++)
		if (docker_default_caps[i] == cap)
			return true;
	return false;
}

const char *
hd_cap_name(int cap, char *buf, size_t len)
{
	char *n;

	if (cap == HD_CAP_ALL) {
		snprintf(buf, len, "ALL");
		return buf;
	}
	n = cap_to_name((cap_value_t)cap);
	if (n == NULL) {
		snprintf(buf, len, "%d", cap);
		return buf;
	}
	snprintf(buf, len, "%s", strncmp(n, "cap_", 4) == 0 ? n + 4 : n);
	cap_free(n);
	for (char *q = buf; *q; q++)
		*q = (char)toupper((unsigned char)*q);
	return buf;
}
