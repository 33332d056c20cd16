/*
 * CIS section 5, what a container shares with the host: namespaces
 * (network, PID, IPC, UTS, user), published ports and the default bridge.
 */
#include <stdlib.h>
#include <string.h>

#include "container_util.h"

/* 5.10: a container in the host's network namespace sees and binds every
 * host interface. */
static enum hd_status
host_network(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	(void)ctx;
	return hd_ctr_ns_not_host(c, f, "NetworkMode", "network");
}

/* 5.16: with the host's PID namespace the container sees and signals every
 * host process. */
static enum hd_status
host_pid(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	(void)ctx;
	return hd_ctr_ns_not_host(c, f, "PidMode", "PID");
}

/* 5.17: the host's IPC namespace exposes host shared memory segments. */
static enum hd_status
host_ipc(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	(void)ctx;
	return hd_ctr_ns_not_host(c, f, "IpcMode", "IPC");
}

/* 5.21: the host's UTS namespace lets the container rename the host. */
static enum hd_status
host_uts(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	(void)ctx;
	return hd_ctr_ns_not_host(c, f, "UTSMode", "UTS");
}

/* 5.31: --userns host opts a container out of userns-remap. Without
 * remapping there is no private user namespace to opt out of: every
 * container runs in the host's, and the message says so. */
static enum hd_status
host_userns(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	enum hd_status st = hd_ctr_ns_not_host(c, f, "UsernsMode", "user");
	int remap;

	if (st != HD_PASS)
		return st;
	remap = hd_userns_remap(ctx, f);
	if (remap == 1)
		hd_msg(f, "own user namespace: userns-remap maps its root to an "
		    "unprivileged host uid, and it does not opt out");
	else if (remap == 0)
		hd_msg(f, "does not opt out of userns-remap (UsernsMode is not "
		    "host), but userns-remap is off: like every container it runs "
		    "in the host's user namespace (see daemon.userns_remap)");
	else
		hd_msg(f, "does not opt out of userns-remap (UsernsMode is not "
		    "host); whether userns-remap is on is unknown");
	return HD_PASS;
}

/* The published ports of c, with the finding's error set on bad data;
 * false when the document is malformed. */
static bool
ports_of(const struct hd_object *c, struct hd_finding *f,
    struct hd_port **ports, size_t *n, const char **field)
{
	*ports = NULL;
	*n = 0;
	return hd_ctr_ok(c, f) && hd_ctr_ports(c, f, ports, n, field) == 0;
}

/* 5.8: binding a port below 1024 needs privileges the container should
 * not need, and may shadow a host service. */
static enum hd_status
privileged_ports(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	struct hd_port *p;
	size_t n, bad = 0;
	const char *field;

	(void)ctx;
	if (!ports_of(c, f, &p, &n, &field))
		return HD_ERROR;
	for (size_t i = 0; i < n; i++) {
		if (p[i].host_port > 0 && p[i].host_port < 1024) {
			hd_ev_port(f, field, &p[i]);
			bad++;
		}
	}
	free(p);
	if (bad > 0) {
		hd_msg(f, "%zu binding(s) on a privileged host port (<1024)", bad);
		return HD_FAIL;
	}
	hd_msg(f, "%zu published port(s), none below 1024", n);
	return HD_PASS;
}

/* Whether the parameter list needed_ports holds a binding's host port or
 * its container port ("8080", "80/tcp"). */
static bool
port_needed(const struct hd_ctx *ctx, const struct hd_port *p)
{
	return hd_param_list_has(ctx, "needed_ports", p->host_port_text) ||
	    hd_param_list_has(ctx, "needed_ports", p->port);
}

/* 5.9: which ports a workload needs is the operator's knowledge: with the
 * needed_ports parameter hardock decides, without it a person reviews the
 * list shown as evidence. */
static enum hd_status
needed_ports(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	struct hd_port *p;
	size_t n, extra = 0;
	const char *field, *param = hd_param(ctx, "needed_ports");
	bool publish_all = false;

	if (!ports_of(c, f, &p, &n, &field) ||
	    hd_get_bool(f, c->inspect.value, "HostConfig.PublishAllPorts", false,
	    &publish_all) < 0) {
		free(p);
		return HD_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		if (param == NULL || !port_needed(ctx, &p[i])) {
			hd_ev_port(f, field, &p[i]);
			extra++;
		}
	}
	free(p);
	if (publish_all)
		hd_ev_bool(f, "HostConfig.PublishAllPorts", true, SRC_INSPECT);
	if (n == 0 && !publish_all) {
		hd_msg(f, "no port published on the host");
		return HD_PASS;
	}
	if (param == NULL) {
		hd_msg(f, "%zu published port(s)%s: confirm each is needed, or list "
		    "them in the needed_ports parameter", n,
		    publish_all ? " and -P (every exposed port)" : "");
		return HD_MANUAL;
	}
	hd_ev_str(f, "needed_ports", param, "parameter");
	if (extra > 0 || publish_all) {
		hd_msg(f, "%zu published port(s) not in needed_ports%s", extra,
		    publish_all ? ", and -P publishes every exposed port" : "");
		return HD_FAIL;
	}
	hd_msg(f, "every published port is in needed_ports");
	return HD_PASS;
}

/* The address dockerd binds a published port to when the binding names
 * none (an empty HostIp of a created container, and -P): its --ip / "ip"
 * setting, 0.0.0.0 when unset. Evidence names it; NULL with f's message
 * set when the configuration is unknown or "ip" is not a string. */
static const char *
default_bind_ip(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_setting ip;
	const char *why;

	if (!hd_setting_get(&ip, ctx, f, "ip")) {
		why = hd_xstrdup(f->message ? f->message : "unknown");
		hd_msg(f, "a binding without an address uses the daemon's default "
		    "address (--ip), which is unknown: %s", why);
		free((char *)why);
		return NULL;
	}
	if (ip.value != NULL && !json_object_is_type(ip.value, json_type_string)) {
		hd_msg(f, "ip (%s): expected a string", ip.source);
		return NULL;
	}
	hd_ev(f, "ip (the daemon's default binding address)",
	    ip.value ? json_object_get(ip.value) : NULL, ip.source);
	return ip.value ? json_object_get_string(ip.value) : "0.0.0.0";
}

/* 5.14: a port bound on every interface (IPv4 and IPv6 wildcards) is
 * reachable from every network the host is on. A created container's
 * binding without an address is bound when it starts, to the daemon's
 * default address; a running one's bindings say what was bound. */
static enum hd_status
host_interface(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	struct hd_port *p;
	size_t n, bad = 0;
	const char *field, *def = NULL;
	bool publish_all = false, configured, all_wild = false;

	if (!ports_of(c, f, &p, &n, &field) ||
	    hd_get_bool(f, c->inspect.value, "HostConfig.PublishAllPorts", false,
	    &publish_all) < 0) {
		free(p);
		return HD_ERROR;
	}
	configured = strcmp(field, "HostConfig.PortBindings") == 0;
	for (size_t i = 0; i < n; i++) {
		const char *ip = p[i].host_ip;

		if (ip[0] == '\0' && configured) {
			if (def == NULL && (def = default_bind_ip(ctx, f)) == NULL) {
				free(p);
				return HD_ERROR;
			}
			ip = def;
		}
		if (hd_ip_wildcard(ip)) {
			hd_ev_port(f, field, &p[i]);
			bad++;
		}
	}
	free(p);
	if (publish_all && configured) {
		if (def == NULL && (def = default_bind_ip(ctx, f)) == NULL)
			return HD_ERROR;
		all_wild = hd_ip_wildcard(def);
		if (all_wild) {
			hd_ev_bool(f, "HostConfig.PublishAllPorts", true, SRC_INSPECT);
			bad++;
		}
	}
	if (bad > 0) {
		hd_msg(f, "%zu binding(s) on every host interface%s%s", bad,
		    all_wild ? " (including -P)" : "", def != NULL &&
		    hd_ip_wildcard(def) ? "; a binding without an address takes "
		    "the daemon's default, a wildcard" : "");
		return HD_FAIL;
	}
	hd_msg(f, "%zu published port(s)%s, each bound to a specific address%s",
	    n, publish_all ? " and -P" : "", def != NULL ? " (the daemon's "
	    "default binding address for those without one)" : "");
	return HD_PASS;
}

/* 5.30: on docker0 every container can reach every other one and ARP-spoof
 * them; user-defined networks isolate and resolve names. */
static enum hd_status
default_bridge(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	const char *mode = NULL, *src;
	json_object *nets = NULL, *v, *bridge;
	int have;

	if (!hd_ctr_ok(c, f) ||
	    hd_get_str(f, c->inspect.value, "HostConfig.NetworkMode", "", &mode) < 0 ||
	    hd_get_object(f, c->inspect.value, "NetworkSettings.Networks", &nets) < 0)
		return HD_ERROR;
	hd_ev_str(f, "HostConfig.NetworkMode", mode, SRC_INSPECT);
	/* With --bridge=none there is no docker0: the default network mode
	 * is then no network, not docker0. */
	if ((have = hd_default_bridge(ctx, &bridge, &src)) == 0) {
		hd_ev_str(f, "default bridge network", NULL, src);
		hd_msg(f, "the engine has no default bridge (bridge=none): no "
		    "container can use docker0");
		return HD_NOTAPPLICABLE;
	}
	if (have < 0) {
		hd_msg(f, "whether the engine has a default bridge is unknown (GET "
		    "/networks and the daemon's bridge setting were not read)");
		return HD_ERROR;
	}
	if (mode[0] == '\0' || strcmp(mode, "default") == 0 ||
	    strcmp(mode, "bridge") == 0) {
		hd_msg(f, "attached to the default bridge (NetworkMode=%s)",
		    mode[0] ? mode : "empty");
		return HD_FAIL;
	}
	if (nets != NULL && json_object_object_get_ex(nets, "bridge", &v)) {
		hd_ev_str(f, "NetworkSettings.Networks", "bridge", SRC_INSPECT);
		hd_msg(f, "also connected to the default bridge");
		return HD_FAIL;
	}
	hd_msg(f, "not on the default bridge (NetworkMode=%s)", mode);
	return HD_PASS;
}

static const struct hd_param_def ports_params[] = {
	{ "needed_ports", HD_PARAM_LIST, NULL,
	  "ports a container may publish: host ports (\"8080\") or container "
	  "ports (\"80/tcp\"); unset leaves the check to a person" },
	{ NULL, 0, NULL, NULL },
};

const struct hd_check hd_checks_runtime_ns[] = {
	{ .key = "container.privileged_ports",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Ports below 1024 are reserved for privileged services; a "
	      "container publishing one can impersonate a host service (ssh, dns, "
	      "http) to the network.",
	  .audit_text = "Reads the port bindings (NetworkSettings.Ports of a running "
	      "container, HostConfig.PortBindings otherwise; IPv4 and IPv6 alike): "
	      "a host port from 1 to 1023 fails.",
	  .remediation = "Recreate the container publishing a host port of 1024 or "
	      "above (-p 8443:443) and put a load balancer in front if the service "
	      "must be on a low port.",
	  .references = "https://docs.docker.com/engine/network/#published-ports",
	  .object = privileged_ports },
	{ .key = "container.open_ports",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Every published port is reachable attack surface; only the "
	      "ports the service needs should be.",
	  .audit_text = "Lists every published port binding and -P (PublishAllPorts). "
	      "With the needed_ports parameter a port outside it (or -P) fails; "
	      "without it the list is evidence for a person and the result is manual. "
	      "A container publishing nothing passes.",
	  .remediation = "Recreate the container with only the needed -p mappings and "
	      "without -P; set needed_ports in the profile to let hardock decide.",
	  .references = "https://docs.docker.com/engine/network/#published-ports",
	  .params = ports_params, .object = needed_ports },
	{ .key = "container.host_network",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "With --network host the container shares the host's interfaces, "
	      "can bind any port, reach services on localhost and sniff traffic.",
	  .audit_text = "Reads HostConfig.NetworkMode of every container; \"host\" fails.",
	  .remediation = "Recreate the container without --network host; publish the "
	      "ports it needs with -p on a specific address.",
	  .references = "https://docs.docker.com/engine/network/drivers/host/",
	  .object = host_network },
	{ .key = "container.port_bind_address",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A port published on 0.0.0.0 or :: is reachable on every "
	      "interface, including public ones, and Docker's iptables rules bypass "
	      "the host firewall's INPUT chain.",
	  .audit_text = "Reads the port bindings: 0.0.0.0 or :: (IPv4 and IPv6 "
	      "wildcards) fails. A running container's NetworkSettings.Ports say "
	      "what is bound; a created one's HostConfig.PortBindings with an empty "
	      "HostIp, and -P (PublishAllPorts), bind to the daemon's default "
	      "address when it starts: its --ip / \"ip\" setting, 0.0.0.0 when "
	      "unset, so those fail only when that default is a wildcard (and are "
	      "an error when the daemon's configuration is unknown).",
	  .remediation = "Recreate the container with the address in the mapping: "
	      "-p 10.0.0.5:8080:80 (or 127.0.0.1 for local-only services); or set "
	      "\"ip\" in /etc/docker/daemon.json as the default binding address.",
	  .references = "https://docs.docker.com/engine/network/#published-ports",
	  .object = host_interface },
	{ .key = "container.host_pid",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "With --pid host the container sees every host process, their "
	      "command lines and environments, and root in it can signal or ptrace them.",
	  .audit_text = "Reads HostConfig.PidMode of every container; \"host\" fails.",
	  .remediation = "Recreate the container without --pid host.",
	  .references = "https://docs.docker.com/engine/containers/run/#pid-settings---pid",
	  .object = host_pid },
	{ .key = "container.host_ipc",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "With --ipc host the container reads and writes the host's "
	      "System V shared memory, semaphores and message queues.",
	  .audit_text = "Reads HostConfig.IpcMode of every container; \"host\" fails.",
	  .remediation = "Recreate the container without --ipc host (use --ipc "
	      "shareable / container:NAME between cooperating containers).",
	  .references = "https://docs.docker.com/engine/containers/run/#ipc-settings---ipc",
	  .object = host_ipc },
	{ .key = "container.host_uts",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "With --uts host the container can change the host's hostname "
	      "and domain name.",
	  .audit_text = "Reads HostConfig.UTSMode of every container; \"host\" fails.",
	  .remediation = "Recreate the container without --uts host.",
	  .references = "https://docs.docker.com/engine/containers/run/#uts-settings---uts",
	  .object = host_uts },
	{ .key = "container.default_bridge",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "On docker0 every container can reach every other one and is "
	      "exposed to ARP and MAC spoofing between them; user-defined networks "
	      "isolate groups of containers.",
	  .audit_text = "Fails a container whose HostConfig.NetworkMode is default, "
	      "bridge or empty, or whose NetworkSettings.Networks includes \"bridge\". "
	      "When the engine has no default bridge (GET /networks lists no "
	      "\"bridge\" network, or dockerd runs with --bridge=none) there is no "
	      "docker0 and every container is notapplicable; when neither is known "
	      "the result is an error.",
	  .remediation = "Create a user-defined network (docker network create app-net) "
	      "and recreate the container with --network app-net; consider "
	      "--bridge=none on dockerd.",
	  .references = "https://docs.docker.com/engine/network/drivers/bridge/",
	  .object = default_bridge },
	{ .key = "container.host_userns",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "--userns host opts a container out of userns-remap, so root in "
	      "it is root on the host again.",
	  .audit_text = "Reads HostConfig.UsernsMode of every container; \"host\" fails. "
	      "Any other value passes, and the message says whether userns-remap "
	      "(userns.remap, /info SecurityOptions) gives the container a private "
	      "user namespace or is off, in which case every container shares the "
	      "host's (daemon.userns_remap decides that).",
	  .remediation = "Recreate the container without --userns host.",
	  .references = "https://docs.docker.com/engine/security/userns-remap/",
	  .object = host_userns },
	{ .key = NULL },
};
