/*
 * Where dockerd listens, from its effective configuration, by dockerd's own
 * rules: each -H/hosts entry ("host:port" without a scheme is tcp; an empty
 * unix:// path is /var/run/docker.sock; tcp:// without host or port takes
 * localhost and 2375), fd:// stands for the sockets systemd passes in
 * (docker.socket's ListenStream= entries), and no hosts at all means
 * tcp://localhost:2376 with TLS, else $XDG_RUNTIME_DIR/docker.sock for a
 * rootless daemon, else unix:///var/run/docker.sock. TLS applies to tcp
 * and to systemd-passed sockets, never to a unix socket dockerd creates.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "collect/daemon.h"

#define DEFAULT_UNIX "/var/run/docker.sock"

/* Member key of o, or NULL. */
static json_object *
get(json_object *o, const char *key)
{
	json_object *v = NULL;

	return o != NULL && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* The boolean value of setting key, def when unset or not a boolean. */
static bool
setting_bool(json_object *config, const char *key, bool def)
{
	json_object *v = get(get(config, key), "value");

	return json_object_is_type(v, json_type_boolean) ? json_object_get_boolean(v) : def;
}

/* The string value of setting key, def when unset or empty. */
static const char *
setting_str(json_object *config, const char *key, const char *def)
{
	json_object *v = get(get(config, key), "value");

	if (json_object_is_type(v, json_type_string) && json_object_get_string_len(v) > 0)
		return json_object_get_string(v);
	return def;
}

/* Add the TLS view of the configuration to a tcp or fd endpoint. */
static void
add_tls(json_object *ep, json_object *config, const struct hd_ep_defaults *d)
{
	bool tls = setting_bool(config, "tls", false);
	const char *ca = setting_str(config, "tlscacert", d->cacert);
	const char *cert = setting_str(config, "tlscert", d->cert);
	const char *key = setting_str(config, "tlskey", d->key);

	json_object_object_add(ep, "tls", json_object_new_boolean(tls));
	json_object_object_add(ep, "tlsverify", json_object_new_boolean(tls &&
	    setting_bool(config, "tlsverify", false)));
	if (!tls)
		return;
	if (ca)
		json_object_object_add(ep, "tlscacert", json_object_new_string(ca));
	if (cert)
		json_object_object_add(ep, "tlscert", json_object_new_string(cert));
	if (key)
		json_object_object_add(ep, "tlskey", json_object_new_string(key));
}

/* "host:port" with dockerd's defaults for an empty host or port. */
static char *
tcp_address(const char *addr)
{
	size_t n = strcspn(addr, "/");
	const char *colon = NULL;

	/* The port follows the last colon outside an IPv6 bracket. */
	for (size_t i = 0; i < n; i++) {
		if (addr[i] == ']')
			colon = NULL;
		else if (addr[i] == ':')
			colon = addr + i;
	}
	size_t hlen = colon ? (size_t)(colon - addr) : n;
	size_t plen = colon ? (size_t)(addr + n - colon - 1) : 0;
	char *host = hlen ? hd_xstrndup(addr, hlen) : hd_xstrdup("localhost");
	char *port = plen ? hd_xstrndup(colon + 1, plen) : hd_xstrdup("2375");
	char *res = hd_xasprintf("%s:%s", host, port);

	free(host);
	free(port);
	return res;
}

/* A new endpoint object. */
static json_object *
endpoint(const char *url, const char *scheme, const char *source)
{
	json_object *ep = json_object_new_object();

	json_object_object_add(ep, "url", json_object_new_string(url));
	json_object_object_add(ep, "scheme", json_object_new_string(scheme));
	json_object_object_add(ep, "source", json_object_new_string(source));
	return ep;
}

/* Endpoints for the sockets systemd passes in place of fd://. */
static void
add_listen(json_object *out, const char *url, json_object *listen,
    json_object *config, const struct hd_ep_defaults *d)
{
	for (size_t i = 0; i < json_object_array_length(listen); i++) {
		json_object *l = json_object_array_get_idx(listen, i), *ep;
		const char *v = json_object_get_string(get(l, "value"));
		const char *src = json_object_get_string(get(l, "source"));

		if (v == NULL)
			continue;
		if (v[0] == '/' || v[0] == '@') {
			ep = endpoint(url, "unix", src);
			json_object_object_add(ep, "path", json_object_new_string(v));
		} else {
			char *addr = strspn(v, "0123456789") == strlen(v) ?
			    hd_xasprintf("[::]:%s", v) : hd_xstrdup(v);

			ep = endpoint(url, "tcp", src);
			json_object_object_add(ep, "address", json_object_new_string(addr));
			free(addr);
		}
		json_object_object_add(ep, "listen_stream", json_object_new_string(v));
		add_tls(ep, config, d);
		json_object_array_add(out, ep);
	}
}

/* One -H/hosts entry. */
static void
add_host(json_object *out, const char *host, const char *src,
    json_object *config, json_object *listen, const struct hd_ep_defaults *d)
{
	const char *sep;
	json_object *ep;

	while (isspace((unsigned char)*host))
		host++;
	sep = strstr(host, "://");
	if (sep == NULL || strncmp(host, "tcp://", 6) == 0) {
		char *addr = tcp_address(sep ? host + 6 : host);

		ep = endpoint(host, "tcp", src);
		json_object_object_add(ep, "address", json_object_new_string(addr));
		add_tls(ep, config, d);
		free(addr);
	} else if (strncmp(host, "unix://", 7) == 0) {
		ep = endpoint(host, "unix", src);
		json_object_object_add(ep, "path", json_object_new_string(
		    host[7] ? host + 7 : DEFAULT_UNIX));
	} else if (strncmp(host, "fd://", 5) == 0 && listen != NULL &&
	    json_object_array_length(listen) > 0) {
		add_listen(out, host, listen, config, d);
		return;
	} else {
		char *scheme = hd_xstrndup(host, (size_t)(sep - host));

		ep = endpoint(host, scheme, src);
		free(scheme);
	}
	json_object_array_add(out, ep);
}

json_object *
hd_dendpoints(json_object *config, json_object *listen,
    const struct hd_ep_defaults *d)
{
	json_object *out = json_object_new_array();
	json_object *hosts = get(config, "hosts"), *v = get(hosts, "value");
	const char *src = json_object_get_string(get(hosts, "source"));
	char *def;

	if (listen == NULL || !json_object_is_type(listen, json_type_array))
		listen = NULL;
	if (json_object_is_type(v, json_type_string)) {
		add_host(out, json_object_get_string(v), src, config, listen, d);
		return out;
	}
	if (json_object_is_type(v, json_type_array) && json_object_array_length(v) > 0) {
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			json_object *h = json_object_array_get_idx(v, i);

			if (json_object_is_type(h, json_type_string))
				add_host(out, json_object_get_string(h), src, config, listen, d);
		}
		return out;
	}
	if (setting_bool(config, "tls", false))
		def = hd_xstrdup("tcp://localhost:2376");
	else if (d->rootless && d->runtime_dir != NULL)
		def = hd_xasprintf("unix://%s/docker.sock", d->runtime_dir);
	else
		def = hd_xstrdup("unix://" DEFAULT_UNIX);
	add_host(out, def, "default (dockerd without -H or hosts)", config, listen, d);
	free(def);
	return out;
}
