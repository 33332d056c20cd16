/*
 * hardock's own checks of what the daemon exposes to and takes from the
 * network, beyond CIS: TCP endpoints bound to every interface, registry
 * mirrors reached over plain HTTP.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* The host part of a "host:port" address ("[::]:2376" gives "::"), into
 * buf; "" for ":2376". */
static const char *
address_host(const char *addr, char *buf, size_t len)
{
	const char *colon;
	size_t n;

	if (addr[0] == '[') {
		const char *close = strchr(addr, ']');

		n = close ? (size_t)(close - addr - 1) : strlen(addr + 1);
		addr++;
	} else {
		colon = strrchr(addr, ':');
		n = colon ? (size_t)(colon - addr) : strlen(addr);
	}
	if (n >= len)
		n = len - 1;
	memcpy(buf, addr, n);
	buf[n] = '\0';
	return buf;
}

/* Whether a host binds every interface: empty, 0.0.0.0 or ::. */
static bool
wildcard_host(const char *h)
{
	return h[0] == '\0' || strcmp(h, "0.0.0.0") == 0 || strcmp(h, "::") == 0;
}

/* Per TCP endpoint: bound to one address, not every interface. */
static enum hd_status
endpoint_bound(json_object *ep, struct hd_finding *c, const char *src)
{
	const char *addr = NULL;
	char host[256];

	if (hd_get_str(c, ep, "address", NULL, &addr) < 0)
		return HD_ERROR;
	if (addr == NULL) {
		hd_msg(c, "TCP endpoint without an address");
		return HD_ERROR;
	}
	hd_ev_str(c, "address", addr, src);
	address_host(addr, host, sizeof(host));
	if (wildcard_host(host)) {
		hd_msg(c, "the daemon listens on %s: every interface of the host, "
		    "including public ones", addr);
		return HD_FAIL;
	}
	hd_msg(c, "the daemon listens on %s only", host);
	return HD_PASS;
}

/* HD-ENGINE-4: every TCP endpoint is bound to a specific address. */
static enum hd_status
tcp_bind_address(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return hd_each_tcp_endpoint(ctx, f, endpoint_bound);
}

/* Whether a mirror URL is plain HTTP to a host that is not loopback
 * (the engine trusts 127.0.0.0/8 as insecure already). */
static bool
http_mirror(const char *url, bool *loopback)
{
	const char *h;

	*loopback = false;
	if (strncasecmp(url, "http://", 7) != 0)
		return false;
	h = url + 7;
	*loopback = strncmp(h, "127.", 4) == 0 || strncmp(h, "localhost", 9) == 0 ||
	    strncmp(h, "[::1]", 5) == 0;
	return !*loopback;
}

/* HD-ENGINE-5: registry mirrors over HTTPS. The engine's answer (GET
 * /info RegistryConfig.Mirrors) is what it uses; the configuration
 * ("registry-mirrors", --registry-mirror) decides without it. */
static enum hd_status
mirrors_https(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_setting set;
	json_object *list;
	const char *src, *field = "RegistryConfig.Mirrors";
	size_t bad = 0, n;

	if (!hd_info_field(ctx, "RegistryConfig.Mirrors", &list, &src)) {
		struct hd_fact info;

		hd_fact(&info, ctx, HD_F_ENGINE_INFO);
		/* An engine that answered without mirrors has none. */
		if (info.state == HD_FACT_VALUE) {
			list = NULL;
		} else {
			if (!hd_setting_get(&set, ctx, f, "registry-mirrors"))
				return HD_ERROR;
			list = set.value;
			src = set.source;
			field = "registry-mirrors";
		}
	}
	if (list != NULL && !json_object_is_type(list, json_type_array)) {
		hd_msg(f, "%s (%s): expected an array", field, src);
		return HD_ERROR;
	}
	hd_ev(f, field, list ? json_object_get(list) : NULL, src);
	n = list ? json_object_array_length(list) : 0;
	for (size_t i = 0; i < n; i++) {
		json_object *m = json_object_array_get_idx(list, i);
		bool lo;

		if (!json_object_is_type(m, json_type_string)) {
			hd_msg(f, "%s[%zu]: expected a string", field, i);
			return HD_ERROR;
		}
		if (http_mirror(json_object_get_string(m), &lo)) {
			hd_ev_str(f, "mirror over plain HTTP", json_object_get_string(m),
			    src);
			bad++;
		}
	}
	if (bad > 0) {
		hd_msg(f, "%zu registry mirror(s) over plain HTTP: anyone on the "
		    "path can substitute the images pulled through them", bad);
		return HD_FAIL;
	}
	if (n == 0) {
		hd_msg(f, "no registry mirror");
		return HD_NOTAPPLICABLE;
	}
	hd_msg(f, "%zu registry mirror(s), all over HTTPS (or on loopback)", n);
	return HD_PASS;
}

const struct hd_check hd_checks_daemon_net[] = {
	{ .key = "daemon.tcp_bind_address", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "An engine API bound to 0.0.0.0 or :: answers on every "
	      "interface, public ones included: a mistake in its TLS setup, or a "
	      "stolen client certificate, is then usable from anywhere.",
	  .audit_text = "For every TCP endpoint of daemon.endpoints (-H/hosts and "
	      "docker.socket's ListenStream), reads the address: an empty host "
	      "(tcp://:2376), 0.0.0.0 or :: fails; each endpoint is a finding. "
	      "Notapplicable when the engine listens on no TCP endpoint.",
	  .remediation = "Bind the endpoint to the management interface's address "
	      "(\"hosts\": [\"tcp://10.0.0.5:2376\"] in /etc/docker/daemon.json, or "
	      "-H tcp://10.0.0.5:2376), or remove it and use the unix socket or ssh.",
	  .references = "https://docs.docker.com/engine/security/protect-access/",
	  .host = tcp_bind_address },
	{ .key = "daemon.registry_mirrors_https", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "A registry mirror over plain HTTP serves every pull of "
	      "Docker Hub images without authentication of the mirror or "
	      "integrity of the transfer of tags: whoever is on the path chooses "
	      "the images the engine runs.",
	  .audit_text = "GET /info RegistryConfig.Mirrors (the mirrors the engine "
	      "uses), else \"registry-mirrors\" of the merged configuration "
	      "(--registry-mirror). An http:// mirror fails, unless it is on "
	      "loopback (127.0.0.0/8, localhost, [::1]); https:// passes. "
	      "Notapplicable without mirrors.",
	  .remediation = "Serve the mirror over HTTPS with a certificate the host "
	      "trusts (/etc/docker/certs.d/HOST:PORT/ca.crt) and list it as "
	      "https://HOST:PORT in \"registry-mirrors\".",
	  .references = "https://docs.docker.com/docker-hub/image-library/mirror/",
	  .host = mirrors_https },
	{ .key = NULL },
};
