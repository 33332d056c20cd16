/*
 * dockerd's command line, parsed as dockerd's flag library (spf13/pflag)
 * does, into settings named by their daemon.json keys.
 *
 * Forms: --flag=value, --flag value (any next argument, even one starting
 * with '-'), boolean --flag and --flag=true|false (never consuming the next
 * argument), shorthand -H value, -Hvalue, -H=value and groups such as -Dl
 * debug, repeated flags (lists append, maps merge, scalars: the last wins),
 * and "--" ending the flags. Anything dockerd would refuse (an unknown flag,
 * a missing value, a bad boolean, a positional argument) is kept with a
 * "note" so that a check can say why the daemon would not start.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect/daemon.h"

enum kind {
	K_BOOL,    /* true/false */
	K_STR,     /* one string, the last occurrence wins */
	K_QSTR,    /* string whose surrounding quotes dockerd strips */
	K_INT,     /* integer */
	K_LIST,    /* each occurrence appends to an array */
	K_MAP,     /* key=value occurrences fill an object */
	K_ULIMIT,  /* name=soft[:hard] -> {name: {Name, Soft, Hard}} */
	K_RUNTIME, /* name=path -> {name: {"path": path}} */
	K_POOL,    /* base=CIDR,size=N -> [{"base", "size"}] */
	K_FEATURE, /* name[=bool] -> {name: bool} */
	K_PROXY,   /* --http-proxy etc. -> "proxies": {flag: value} */
};

/*
 * Flag -> daemon.json key. Most keys equal the flag name; the exceptions
 * are the plural keys of repeatable flags (--host -> hosts, --label ->
 * labels, --log-opt -> log-opts, --storage-opt -> storage-opts,
 * --exec-opt -> exec-opts, --dns-opt -> dns-opts, --default-ulimit ->
 * default-ulimits, --insecure-registry -> insecure-registries,
 * --registry-mirror -> registry-mirrors, --authorization-plugin ->
 * authorization-plugins, --add-runtime -> runtimes, --default-address-pool
 * -> default-address-pools, --node-generic-resource ->
 * node-generic-resources, --cluster-store-opt -> cluster-store-opts,
 * --feature -> features), the proxy flags (-> "proxies") and the deprecated
 * -g/--graph (-> data-root). "config-file" is a flag only.
 */
static const struct dflag {
	const char *name;
	char shorthand;
	const char *key;
	enum kind kind;
	const char *note;
} flags[] = {
	{ "add-runtime", 0, "runtimes", K_RUNTIME, NULL },
	{ "allow-nondistributable-artifacts", 0, "allow-nondistributable-artifacts", K_LIST, NULL },
	{ "api-cors-header", 0, "api-cors-header", K_STR, NULL },
	{ "authorization-plugin", 0, "authorization-plugins", K_LIST, NULL },
	{ "bip", 0, "bip", K_STR, NULL },
	{ "bridge", 'b', "bridge", K_STR, NULL },
	{ "cgroup-parent", 0, "cgroup-parent", K_STR, NULL },
	{ "cluster-advertise", 0, "cluster-advertise", K_STR, "deprecated flag" },
	{ "cluster-store", 0, "cluster-store", K_STR, "deprecated flag" },
	{ "cluster-store-opt", 0, "cluster-store-opts", K_MAP, "deprecated flag" },
	{ "config-file", 0, "config-file", K_STR, NULL },
	{ "containerd", 0, "containerd", K_STR, NULL },
	{ "containerd-namespace", 0, "containerd-namespace", K_STR, NULL },
	{ "containerd-plugins-namespace", 0, "containerd-plugins-namespace", K_STR, NULL },
	{ "cpu-rt-period", 0, "cpu-rt-period", K_INT, NULL },
	{ "cpu-rt-runtime", 0, "cpu-rt-runtime", K_INT, NULL },
	{ "cri-containerd", 0, "cri-containerd", K_BOOL, NULL },
	{ "data-root", 0, "data-root", K_STR, NULL },
	{ "debug", 'D', "debug", K_BOOL, NULL },
	{ "default-address-pool", 0, "default-address-pools", K_POOL, NULL },
	{ "default-cgroupns-mode", 0, "default-cgroupns-mode", K_STR, NULL },
	{ "default-gateway", 0, "default-gateway", K_STR, NULL },
	{ "default-gateway-v6", 0, "default-gateway-v6", K_STR, NULL },
	{ "default-ipc-mode", 0, "default-ipc-mode", K_STR, NULL },
	{ "default-network-opt", 0, "default-network-opts", K_LIST, NULL },
	{ "default-runtime", 0, "default-runtime", K_STR, NULL },
	{ "default-shm-size", 0, "default-shm-size", K_STR, NULL },
	{ "default-ulimit", 0, "default-ulimits", K_ULIMIT, NULL },
	{ "disable-legacy-registry", 0, "disable-legacy-registry", K_BOOL, "deprecated flag" },
	{ "dns", 0, "dns", K_LIST, NULL },
	{ "dns-opt", 0, "dns-opts", K_LIST, NULL },
	{ "dns-search", 0, "dns-search", K_LIST, NULL },
	{ "exec-opt", 0, "exec-opts", K_LIST, NULL },
	{ "exec-root", 0, "exec-root", K_STR, NULL },
	{ "experimental", 0, "experimental", K_BOOL, NULL },
	{ "feature", 0, "features", K_FEATURE, NULL },
	{ "fixed-cidr", 0, "fixed-cidr", K_STR, NULL },
	{ "fixed-cidr-v6", 0, "fixed-cidr-v6", K_STR, NULL },
	{ "graph", 'g', "data-root", K_STR, "deprecated flag, replaced by --data-root" },
	{ "group", 'G', "group", K_STR, NULL },
	{ "help", 'h', "help", K_BOOL, "prints usage; dockerd does not start" },
	{ "host", 'H', "hosts", K_LIST, NULL },
	{ "host-gateway-ip", 0, "host-gateway-ip", K_STR, NULL },
	{ "http-proxy", 0, "proxies", K_PROXY, NULL },
	{ "https-proxy", 0, "proxies", K_PROXY, NULL },
	{ "icc", 0, "icc", K_BOOL, NULL },
	{ "init", 0, "init", K_BOOL, NULL },
	{ "init-path", 0, "init-path", K_STR, NULL },
	{ "insecure-registry", 0, "insecure-registries", K_LIST, NULL },
	{ "ip", 0, "ip", K_STR, NULL },
	{ "ip-forward", 0, "ip-forward", K_BOOL, NULL },
	{ "ip-masq", 0, "ip-masq", K_BOOL, NULL },
	{ "ip6tables", 0, "ip6tables", K_BOOL, NULL },
	{ "iptables", 0, "iptables", K_BOOL, NULL },
	{ "ipv6", 0, "ipv6", K_BOOL, NULL },
	{ "label", 0, "labels", K_LIST, NULL },
	{ "live-restore", 0, "live-restore", K_BOOL, NULL },
	{ "log-driver", 0, "log-driver", K_STR, NULL },
	{ "log-format", 0, "log-format", K_STR, NULL },
	{ "log-level", 'l', "log-level", K_STR, NULL },
	{ "log-opt", 0, "log-opts", K_MAP, NULL },
	{ "max-concurrent-downloads", 0, "max-concurrent-downloads", K_INT, NULL },
	{ "max-concurrent-uploads", 0, "max-concurrent-uploads", K_INT, NULL },
	{ "max-download-attempts", 0, "max-download-attempts", K_INT, NULL },
	{ "metrics-addr", 0, "metrics-addr", K_STR, NULL },
	{ "mtu", 0, "mtu", K_INT, NULL },
	{ "network-control-plane-mtu", 0, "network-control-plane-mtu", K_INT, NULL },
	{ "no-new-privileges", 0, "no-new-privileges", K_BOOL, NULL },
	{ "no-proxy", 0, "proxies", K_PROXY, NULL },
	{ "node-generic-resource", 0, "node-generic-resources", K_LIST, NULL },
	{ "oom-score-adjust", 0, "oom-score-adjust", K_INT, NULL },
	{ "pidfile", 'p', "pidfile", K_STR, NULL },
	{ "raw-logs", 0, "raw-logs", K_BOOL, NULL },
	{ "registry-mirror", 0, "registry-mirrors", K_LIST, NULL },
	{ "rootless", 0, "rootless", K_BOOL, NULL },
	{ "seccomp-profile", 0, "seccomp-profile", K_STR, NULL },
	{ "selinux-enabled", 0, "selinux-enabled", K_BOOL, NULL },
	{ "shutdown-timeout", 0, "shutdown-timeout", K_INT, NULL },
	{ "storage-driver", 's', "storage-driver", K_STR, NULL },
	{ "storage-opt", 0, "storage-opts", K_LIST, NULL },
	{ "swarm-default-advertise-addr", 0, "swarm-default-advertise-addr", K_STR, NULL },
	{ "tls", 0, "tls", K_BOOL, NULL },
	{ "tlscacert", 0, "tlscacert", K_QSTR, NULL },
	{ "tlscert", 0, "tlscert", K_QSTR, NULL },
	{ "tlskey", 0, "tlskey", K_QSTR, NULL },
	{ "tlsverify", 0, "tlsverify", K_BOOL, NULL },
	{ "userland-proxy", 0, "userland-proxy", K_BOOL, NULL },
	{ "userland-proxy-path", 0, "userland-proxy-path", K_STR, NULL },
	{ "userns-remap", 0, "userns-remap", K_STR, NULL },
	{ "validate", 0, "validate", K_BOOL, "validates the configuration and exits" },
	{ "version", 'v', "version", K_BOOL, "prints the version; dockerd does not start" },
};

#define NFLAGS (sizeof(flags) / sizeof(flags[0]))

/* The table entry of a long flag name (name_len bytes), or NULL. */
static const struct dflag *
find_long(const char *name, size_t name_len)
{
	for (size_t i = 0; i < NFLAGS; i++)
		if (strlen(flags[i].name) == name_len &&
		    memcmp(flags[i].name, name, name_len) == 0)
			return &flags[i];
	return NULL;
}

/* The table entry of a shorthand letter, or NULL. */
static const struct dflag *
find_short(char c)
{
	for (size_t i = 0; i < NFLAGS; i++)
		if (flags[i].shorthand != 0 && flags[i].shorthand == c)
			return &flags[i];
	return NULL;
}

const char *
hd_dflags_key(const char *flag)
{
	const struct dflag *f = find_long(flag, strlen(flag));

	return f ? f->key : NULL;
}

/* Go's strconv.ParseBool, which pflag uses; -1 when s is not a boolean. */
static int
parse_bool(const char *s)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };

	for (size_t i = 0; i < 6; i++) {
		if (strcmp(s, yes[i]) == 0)
			return 1;
		if (strcmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* A decimal integer filling all of s. */
static bool
parse_int(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return *s != '\0' && *end == '\0' && errno == 0;
}

/* A joined member (flag texts, notes) longer than this stops growing and
 * ends with MORE: a command line repeating a flag 100,000 times must cost
 * neither quadratic time (each append copies the member) nor a report of
 * gigabytes. */
#define JOINED_MAX 4096
#define MORE "(more not shown)"

/* Append " sep text" to a string member, or set it when absent; unique:
 * text already in it is not repeated. */
static void
append_str(json_object *ent, const char *member, const char *sep,
    const char *text, bool unique)
{
	json_object *old;
	const char *s;
	size_t len;
	char *joined;

	if (!json_object_object_get_ex(ent, member, &old)) {
		json_object_object_add(ent, member, json_object_new_string(text));
		return;
	}
	s = json_object_get_string(old);
	len = strlen(s);
	/* The same source listed twice says nothing new. */
	if (strcmp(sep, ", ") == 0 && strcmp(s, text) == 0)
		return;
	if ((unique && strstr(s, text) != NULL) || (len >= sizeof(MORE) - 1 &&
	    strcmp(s + len - (sizeof(MORE) - 1), MORE) == 0))
		return;
	joined = len + strlen(text) > JOINED_MAX ?
	    hd_xasprintf("%s%s%s", s, sep, MORE) :
	    hd_xasprintf("%s%s%s", s, sep, text);
	json_object_object_add(ent, member, json_object_new_string(joined));
	free(joined);
}

/* Append text to the setting's "note", separated by "; ", once. */
static void
add_note(json_object *ent, const char *text)
{
	append_str(ent, "note", "; ", text, true);
}

/* The setting object for key, created with source and origin if new. */
static json_object *
entry(json_object *out, const char *key, const struct hd_arg *arg,
    bool *fresh)
{
	json_object *ent;

	*fresh = !json_object_object_get_ex(out, key, &ent);
	if (*fresh) {
		ent = json_object_new_object();
		json_object_object_add(ent, "value", NULL);
		json_object_object_add(ent, "source", json_object_new_string(arg->source));
		json_object_object_add(ent, "origin", json_object_new_string(arg->origin));
		json_object_object_add(out, key, ent);
	}
	return ent;
}

/* The setting's value as a container of type t, replacing anything else. */
static json_object *
container(json_object *ent, json_type t)
{
	json_object *v = NULL;

	json_object_object_get_ex(ent, "value", &v);
	if (v == NULL || !json_object_is_type(v, t)) {
		v = t == json_type_array ? json_object_new_array() :
		    json_object_new_object();
		json_object_object_add(ent, "value", v);
	}
	return v;
}

/* Split "k=v" at the first '='; false when there is none. */
static bool
split_kv(const char *s, char **k, const char **v)
{
	const char *eq = strchr(s, '=');

	if (eq == NULL)
		return false;
	*k = hd_xstrndup(s, (size_t)(eq - s));
	*v = eq + 1;
	return true;
}

/* "nofile=1024:2048" as dockerd's ulimit object; NULL if malformed. */
static json_object *
parse_ulimit(const char *name, const char *v)
{
	json_object *u;
	long long soft, hard;
	const char *colon = strchr(v, ':');
	char *s = colon ? hd_xstrndup(v, (size_t)(colon - v)) : hd_xstrdup(v);
	bool ok = parse_int(s, &soft);

	hard = soft;
	if (ok && colon)
		ok = parse_int(colon + 1, &hard);
	free(s);
	if (!ok)
		return NULL;
	u = json_object_new_object();
	json_object_object_add(u, "Name", json_object_new_string(name));
	json_object_object_add(u, "Hard", json_object_new_int64(hard));
	json_object_object_add(u, "Soft", json_object_new_int64(soft));
	return u;
}

/* "base=172.30.0.0/16,size=24" as a pool object; NULL if malformed. */
static json_object *
parse_pool(const char *v)
{
	json_object *p = json_object_new_object();
	char *copy = hd_xstrdup(v), *save = NULL, *tok;
	bool ok = true;

	for (tok = strtok_r(copy, ",", &save); tok && ok;
	    tok = strtok_r(NULL, ",", &save)) {
		long long n;

		if (strncmp(tok, "base=", 5) == 0)
			json_object_object_add(p, "base", json_object_new_string(tok + 5));
		else if (strncmp(tok, "size=", 5) == 0 && parse_int(tok + 5, &n))
			json_object_object_add(p, "size", json_object_new_int64(n));
		else
			ok = false;
	}
	free(copy);
	if (!ok || !json_object_object_get_ex(p, "base", NULL)) {
		json_object_put(p);
		return NULL;
	}
	return p;
}

/* Record one occurrence of flag f with value text (NULL: a boolean given
 * without a value) written as flagtext, from arg. */
static void
set_flag(json_object *out, const struct dflag *f, const char *val,
    const char *flagtext, const struct hd_arg *arg)
{
	/* Read once: the analyzer cannot tell that the calls below leave the
	 * const table alone, and follows K_BOOL's NULL val into other kinds. */
	const enum kind kind = f->kind;
	bool fresh;
	json_object *ent = entry(out, f->key, arg, &fresh), *v = NULL, *c;
	char *k = NULL, *note = NULL;
	const char *mv;
	long long n;
	int b;

	if (!fresh)
		append_str(ent, "source", ", ", arg->source, false);
	switch (kind) {
	case K_BOOL:
		if (val == NULL) {
			v = json_object_new_boolean(1);
		} else if ((b = parse_bool(val)) >= 0) {
			v = json_object_new_boolean(b);
		} else {
			v = json_object_new_string(val);
			note = hd_xasprintf("invalid boolean '%s' for --%s: dockerd refuses to start",
			    val, f->name);
		}
		break;
	case K_STR:
	case K_QSTR: {
		size_t len = strlen(val);

		if (kind == K_QSTR && len >= 2 && (val[0] == '"' || val[0] == '\'') &&
		    val[len - 1] == val[0])
			v = json_object_new_string_len(val + 1, (int)len - 2);
		else
			v = json_object_new_string(val);
		break;
	}
	case K_INT:
		if (parse_int(val, &n)) {
			v = json_object_new_int64(n);
		} else {
			v = json_object_new_string(val);
			note = hd_xasprintf("invalid integer '%s' for --%s: dockerd refuses to start",
			    val, f->name);
		}
		break;
	case K_LIST:
		json_object_array_add(container(ent, json_type_array),
		    json_object_new_string(val));
		break;
	case K_POOL:
		c = container(ent, json_type_array);
		if ((v = parse_pool(val)) == NULL) {
			v = json_object_new_string(val);
			note = hd_xasprintf("malformed --%s '%s' (expected base=CIDR,size=N)",
			    f->name, val);
		}
		json_object_array_add(c, v);
		v = NULL;
		break;
	case K_PROXY:
		json_object_object_add(container(ent, json_type_object), f->name,
		    json_object_new_string(val));
		break;
	case K_MAP:
	case K_ULIMIT:
	case K_RUNTIME:
	case K_FEATURE:
		c = container(ent, json_type_object);
		if (kind == K_FEATURE && strchr(val, '=') == NULL) {
			json_object_object_add(c, val, json_object_new_boolean(1));
			break;
		}
		if (!split_kv(val, &k, &mv) || *k == '\0') {
			note = hd_xasprintf("malformed --%s '%s' (expected key=value): dockerd refuses to start",
			    f->name, val);
			break;
		}
		if (kind == K_MAP) {
			v = json_object_new_string(mv);
		} else if (kind == K_ULIMIT) {
			if ((v = parse_ulimit(k, mv)) == NULL)
				note = hd_xasprintf("malformed --%s '%s' (expected name=soft[:hard])",
				    f->name, val);
		} else if (kind == K_RUNTIME) {
			v = json_object_new_object();
			json_object_object_add(v, "path", json_object_new_string(mv));
		} else if ((b = parse_bool(mv)) >= 0) {
			v = json_object_new_boolean(b);
		} else {
			note = hd_xasprintf("invalid boolean in --%s '%s'", f->name, val);
		}
		if (v != NULL)
			json_object_object_add(c, k, v);
		v = NULL;
		break;
	}
	if (v != NULL) {
		if (!fresh)
			add_note(ent, "given more than once; dockerd uses the last");
		json_object_object_add(ent, "value", v);
	}
	append_str(ent, "flag", " ", flagtext, false);
	if (f->note != NULL && fresh)
		add_note(ent, f->note);
	if (note != NULL)
		add_note(ent, note);
	free(note);
	free(k);
}

/* A flag dockerd does not know: kept under its own name, value as given. */
static void
set_unknown(json_object *out, const char *name, const char *val,
    const struct hd_arg *arg)
{
	bool fresh;
	json_object *ent = entry(out, name, arg, &fresh);

	json_object_object_add(ent, "value", val ? json_object_new_string(val) :
	    json_object_new_boolean(1));
	append_str(ent, "flag", " ", arg->text, false);
	add_note(ent, "unknown flag: dockerd refuses to start with it");
}

/* An argument that is not a flag: dockerd takes no positional arguments. */
static void
set_positional(json_object *out, const struct hd_arg *arg)
{
	bool fresh;
	json_object *ent = entry(out, "(arguments)", arg, &fresh);
	char *note;

	json_object_array_add(container(ent, json_type_array),
	    json_object_new_string(arg->text));
	note = hd_xasprintf("positional argument '%s': dockerd accepts none and refuses to start",
	    arg->text);
	add_note(ent, note);
	free(note);
}

/* A flag that needs a value came last: dockerd refuses to start. */
static void
set_missing(json_object *out, const struct dflag *f, const struct hd_arg *arg)
{
	bool fresh;
	json_object *ent = entry(out, f->key, arg, &fresh);

	append_str(ent, "flag", " ", arg->text, false);
	add_note(ent, "flag needs an argument: dockerd refuses to start");
}

/* One shorthand group (-D, -Hvalue, -Dl debug); returns how many extra
 * arguments were consumed. */
static size_t
parse_short(json_object *out, const struct hd_argv *v, size_t i)
{
	const struct hd_arg *arg = &v->a[i];
	const char *p = arg->text + 1;

	while (*p) {
		const struct dflag *f = find_short(*p);
		char *text;

		if (f == NULL) {
			char name[3] = { '-', *p, '\0' };

			set_unknown(out, name, NULL, arg);
			return 0;
		}
		if (f->kind == K_BOOL) {
			if (p[1] == '=') {
				set_flag(out, f, p + 2, arg->text, arg);
				return 0;
			}
			set_flag(out, f, NULL, arg->text, arg);
			p++;
			continue;
		}
		if (p[1] != '\0') {
			set_flag(out, f, p[1] == '=' ? p + 2 : p + 1, arg->text, arg);
			return 0;
		}
		if (i + 1 >= v->n) {
			set_missing(out, f, arg);
			return 0;
		}
		text = hd_xasprintf("%s %s", arg->text, v->a[i + 1].text);
		set_flag(out, f, v->a[i + 1].text, text, arg);
		free(text);
		return 1;
	}
	return 0;
}

/* One --long flag; returns how many extra arguments were consumed. */
static size_t
parse_long(json_object *out, const struct hd_argv *v, size_t i)
{
	const struct hd_arg *arg = &v->a[i];
	const char *name = arg->text + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct dflag *f = find_long(name, len);
	char *text;

	if (f == NULL) {
		char *n = hd_xstrndup(name, len);

		set_unknown(out, n, eq ? eq + 1 : NULL, arg);
		free(n);
		return 0;
	}
	if (eq != NULL || f->kind == K_BOOL) {
		set_flag(out, f, eq ? eq + 1 : NULL, arg->text, arg);
		return 0;
	}
	if (i + 1 >= v->n) {
		set_missing(out, f, arg);
		return 0;
	}
	text = hd_xasprintf("%s %s", arg->text, v->a[i + 1].text);
	set_flag(out, f, v->a[i + 1].text, text, arg);
	free(text);
	return 1;
}

json_object *
hd_dflags_parse(const struct hd_argv *v)
{
	json_object *out = json_object_new_object();
	bool flags_done = false;

	for (size_t i = 1; i < v->n; i++) {
		const char *t = v->a[i].text;

		if (flags_done || t[0] != '-' || t[1] == '\0')
			set_positional(out, &v->a[i]);
		else if (strcmp(t, "--") == 0)
			flags_done = true;
		else if (t[1] == '-')
			i += parse_long(out, v, i);
		else
			i += parse_short(out, v, i);
	}
	return out;
}
