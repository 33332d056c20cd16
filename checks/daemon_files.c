/*
 * CIS section 3: ownership and permissions of the daemon's files. Every
 * check is a row of one table (target, owner or mode, limit) run by one
 * function; the rows differ only in which paths and which limit.
 */
#include <stdlib.h>
#include <string.h>

#include "paths.h"

#define MAX_SOCKETS 16

enum rule_kind {
	OWNER_ROOT,   /* uid 0, gid 0 */
	OWNER_DOCKER, /* uid 0, the docker group's gid (root's when none) */
	MODE,         /* no bit outside max; directories against 0755 */
};

struct file_rule {
	const struct hd_target *t;
	enum rule_kind kind;
	int64_t max;
};

/* Targets only section 3 names. */
static const struct hd_target t_certs = { "registry certificates",
	{ NULL }, hd_paths_certs_d, NULL };
static const struct hd_target t_ca = { "the TLS CA certificate", { NULL },
	hd_paths_tls_ca, NULL };
static const struct hd_target t_cert = { "the TLS server certificate",
	{ NULL }, hd_paths_tls_cert, NULL };
static const struct hd_target t_key = { "the TLS server key", { NULL },
	hd_paths_tls_key, NULL };

/* Owner test: root and the rule's group, compared by number; for a
 * rootless daemon its user (its files are theirs, not root's). */
static enum hd_status
owner_test(const struct hd_ctx *ctx, json_object *file, struct hd_finding *f,
    const void *arg)
{
	const int64_t *docker_gid = arg;
	struct hd_rootless rl;
	enum hd_status st;
	char *expect;
	int r;

	if ((r = hd_rootless_get(&rl, ctx, f)) < 0)
		return HD_ERROR;
	if (r > 0) {
		expect = hd_xasprintf("%s (uid %lld), the rootless daemon's user, and "
		    "their group or one of their subordinate gids", rl.user ? rl.user :
		    "its user", (long long)rl.uid);
		hd_ev_str(f, "rootless daemon of", rl.user, rl.source);
		st = hd_file_owner_user(file, f, rl.uid, rl.gid, rl.subgid, expect);
		free(expect);
		return st;
	}
	if (docker_gid == NULL)
		return hd_file_owner_ids(file, f, 0, 0, -1, "root:root");
	return hd_file_owner_ids(file, f, 0, *docker_gid, 0, *docker_gid >= 0 ?
	    "root:docker" : "root:root (there is no docker group)");
}

/* Mode test: no bit outside the rule's limit; a directory (a registry's
 * folder under certs.d) needs its search bits, so it is held to 0755. */
static enum hd_status
mode_test(const struct hd_ctx *ctx, json_object *file, struct hd_finding *f,
    const void *arg)
{
	const struct file_rule *r = arg;
	const char *type = NULL;

	(void)ctx;
	if (hd_get_str(f, file, "type", NULL, &type) < 0)
		return HD_ERROR;
	if (type != NULL && strcmp(type, "directory") == 0)
		return hd_file_mode_within(file, f, r->max | 0755);
	return hd_file_mode_within(file, f, r->max);
}

/* Run one table row. */
static enum hd_status
file_rule(const struct hd_ctx *ctx, struct hd_finding *f,
    const struct file_rule *r)
{
	int64_t gid;

	switch (r->kind) {
	case OWNER_ROOT:
		return hd_check_target(ctx, f, r->t, owner_test, NULL);
	case OWNER_DOCKER:
		/* Without a docker group dockerd leaves the socket root's. */
		if (hd_docker_gid(ctx, f, &gid) < 0)
			return HD_ERROR;
		return hd_check_target(ctx, f, r->t, owner_test, &gid);
	case MODE:
		return hd_check_target(ctx, f, r->t, mode_test, r);
	}
	return HD_ERROR;
}

/* The engine's unix sockets, from its endpoints and hardock's connection. */
static int
engine_sockets(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	const char *paths[MAX_SOCKETS];
	size_t n = hd_engine_sockets(ctx, paths, MAX_SOCKETS);

	/* The socket hardock used is one; unread endpoints may hold more. */
	if (hd_require(f, ctx, HD_F_DAEMON_ENDPOINTS) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		hd_paths_add(out, paths[i]);
	return 0;
}

static const struct hd_target t_engine_sock = { "an engine unix socket",
	{ NULL }, engine_sockets, NULL };

enum {
	R_3_1, R_3_2, R_3_3, R_3_4, R_3_5, R_3_6, R_3_7, R_3_8, R_3_9, R_3_10,
	R_3_11, R_3_12, R_3_13, R_3_14, R_3_15, R_3_16, R_3_17, R_3_18, R_3_19,
	R_3_20, R_3_21, R_3_22, R_3_23, R_3_24,
};

static const struct file_rule rules[] = {
	[R_3_1] = { &hd_t_service, OWNER_ROOT, 0 },
	[R_3_2] = { &hd_t_service, MODE, 0644 },
	[R_3_3] = { &hd_t_socket_unit, OWNER_ROOT, 0 },
	[R_3_4] = { &hd_t_socket_unit, MODE, 0644 },
	[R_3_5] = { &hd_t_etc_docker, OWNER_ROOT, 0 },
	[R_3_6] = { &hd_t_etc_docker, MODE, 0755 },
	[R_3_7] = { &t_certs, OWNER_ROOT, 0 },
	[R_3_8] = { &t_certs, MODE, 0444 },
	[R_3_9] = { &t_ca, OWNER_ROOT, 0 },
	[R_3_10] = { &t_ca, MODE, 0444 },
	[R_3_11] = { &t_cert, OWNER_ROOT, 0 },
	[R_3_12] = { &t_cert, MODE, 0444 },
	[R_3_13] = { &t_key, OWNER_ROOT, 0 },
	[R_3_14] = { &t_key, MODE, 0400 },
	[R_3_15] = { &t_engine_sock, OWNER_DOCKER, 0 },
	[R_3_16] = { &t_engine_sock, MODE, 0660 },
	[R_3_17] = { &hd_t_daemon_json, OWNER_ROOT, 0 },
	[R_3_18] = { &hd_t_daemon_json, MODE, 0644 },
	[R_3_19] = { &hd_t_env_default, OWNER_ROOT, 0 },
	[R_3_20] = { &hd_t_env_default, MODE, 0644 },
	[R_3_21] = { &hd_t_env_sysconfig, MODE, 0644 },
	[R_3_22] = { &hd_t_env_sysconfig, OWNER_ROOT, 0 },
	[R_3_23] = { &hd_t_containerd_sock, OWNER_ROOT, 0 },
	[R_3_24] = { &hd_t_containerd_sock, MODE, 0660 },
};

/* The table's entry points: one line each, naming their row. */
#define RULE(n) HD_ROW_CHECK(rule_##n, file_rule, rules, R_##n)
RULE(3_1) RULE(3_2) RULE(3_3) RULE(3_4) RULE(3_5) RULE(3_6) RULE(3_7)
RULE(3_8) RULE(3_9) RULE(3_10) RULE(3_11) RULE(3_12) RULE(3_13) RULE(3_14)
RULE(3_15) RULE(3_16) RULE(3_17) RULE(3_18) RULE(3_19) RULE(3_20)
RULE(3_21) RULE(3_22) RULE(3_23) RULE(3_24)
#undef RULE

#define OWN_AUDIT(what) "Compares the numeric owner (uid) and group (gid) of " what \
	" with 0:0 (root:root); names are shown as evidence only. For a " \
	"rootless daemon (daemon.rootless) the owner expected is its user, with " \
	"their group or one of their subordinate gids. A path that does not " \
	"exist is notapplicable."
#define MODE_AUDIT(what, max) "Compares the mode bits of " what " with " max \
	" as bits: any bit outside it fails (so 0606 fails against 0644 while " \
	"0600 passes). A path that does not exist is notapplicable."
#define UNIT_REF "https://docs.docker.com/engine/daemon/proxy/#systemd-unit-file"
#define SEC_REF "https://docs.docker.com/engine/security/"
#define TLS_REF "https://docs.docker.com/engine/security/protect-access/"
#define CERTS_REF "https://docs.docker.com/engine/security/certificates/"

const struct hd_check hd_checks_daemon_files[] = {
	{ .key = "files.docker_service.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "docker.service decides how dockerd starts (its flags, its "
	      "environment). Whoever owns it can add -H tcp://0.0.0.0:2375 or "
	      "--userns-remap= at the next restart.",
	  .audit_text = OWN_AUDIT("docker.service as systemd resolves it (the unit "
	      "file and every drop-in, each a finding)"),
	  .remediation = "chown root:root <unit path shown> (e.g. "
	      "/lib/systemd/system/docker.service and its drop-ins under "
	      "/etc/systemd/system/docker.service.d/).",
	  .references = UNIT_REF, .host = rule_3_1 },
	{ .key = "files.docker_service.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "A docker.service writable by a group or by everyone lets "
	      "those users change dockerd's flags, and so become root.",
	  .audit_text = MODE_AUDIT("docker.service and each drop-in", "0644"),
	  .remediation = "chmod 644 <unit path shown>; then systemctl daemon-reload.",
	  .references = UNIT_REF, .host = rule_3_2 },
	{ .key = "files.docker_socket.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "docker.socket sets the socket's owner, mode and listen "
	      "address; its owner can open the engine to everyone.",
	  .audit_text = OWN_AUDIT("docker.socket and each drop-in"),
	  .remediation = "chown root:root <unit path shown> (e.g. "
	      "/lib/systemd/system/docker.socket).",
	  .references = UNIT_REF, .host = rule_3_3 },
	{ .key = "files.docker_socket.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "A writable docker.socket lets its writers set SocketMode=0666 "
	      "or a TCP ListenStream.",
	  .audit_text = MODE_AUDIT("docker.socket and each drop-in", "0644"),
	  .remediation = "chmod 644 <unit path shown>; then systemctl daemon-reload.",
	  .references = UNIT_REF, .host = rule_3_4 },
	{ .key = "files.etc_docker.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "/etc/docker holds daemon.json, TLS keys and registry "
	      "certificates; its owner can replace any of them.",
	  .audit_text = OWN_AUDIT("/etc/docker"),
	  .remediation = "chown root:root /etc/docker",
	  .references = SEC_REF, .host = rule_3_5 },
	{ .key = "files.etc_docker.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "A group- or world-writable /etc/docker lets its writers "
	      "create or swap daemon.json and certificates.",
	  .audit_text = MODE_AUDIT("/etc/docker", "0755"),
	  .remediation = "chmod 755 /etc/docker",
	  .references = SEC_REF, .host = rule_3_6 },
	{ .key = "files.registry_certs.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "Files under /etc/docker/certs.d decide which registries the "
	      "engine trusts and which client key it presents; their owner can make "
	      "the engine pull from an impostor.",
	  .audit_text = OWN_AUDIT("every path under /etc/docker/certs.d (recursively, "
	      "whatever its name: *.crt, *.cert, *.key and the per-registry folders), "
	      "each a finding; notapplicable when certs.d does not exist or is empty"),
	  .remediation = "chown -R root:root /etc/docker/certs.d",
	  .references = CERTS_REF, .host = rule_3_7 },
	{ .key = "files.registry_certs.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "A writable registry certificate can be replaced by one for an "
	      "attacker's registry.",
	  .audit_text = MODE_AUDIT("every file under /etc/docker/certs.d", "0444") " "
	      "Folders under certs.d need their search bit and are held to 0755.",
	  .remediation = "find /etc/docker/certs.d -type f -exec chmod 444 {} + "
	      "(client keys may be 400).",
	  .references = CERTS_REF, .host = rule_3_8 },
	{ .key = "files.tls_ca.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "The CA file decides which client certificates the engine "
	      "accepts; its owner can admit any client.",
	  .audit_text = OWN_AUDIT("the CA file of the effective configuration "
	      "(--tlscacert or daemon.json \"tlscacert\", and every TLS endpoint's), "
	      "each a finding; notapplicable when TLS is not configured"),
	  .remediation = "chown root:root <CA path shown>",
	  .references = TLS_REF, .host = rule_3_9 },
	{ .key = "files.tls_ca.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "A writable CA file lets its writers add their own CA and "
	      "authenticate to the engine.",
	  .audit_text = MODE_AUDIT("the CA file(s) of the effective configuration", "0444"),
	  .remediation = "chmod 444 <CA path shown>",
	  .references = TLS_REF, .host = rule_3_10 },
	{ .key = "files.tls_cert.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "The server certificate identifies the engine to clients; its "
	      "owner can swap it.",
	  .audit_text = OWN_AUDIT("the server certificate(s) of the effective "
	      "configuration (--tlscert / \"tlscert\")"),
	  .remediation = "chown root:root <certificate path shown>",
	  .references = TLS_REF, .host = rule_3_11 },
	{ .key = "files.tls_cert.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "A writable server certificate can be replaced.",
	  .audit_text = MODE_AUDIT("the server certificate(s)", "0444"),
	  .remediation = "chmod 444 <certificate path shown>",
	  .references = TLS_REF, .host = rule_3_12 },
	{ .key = "files.tls_key.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "The owner of the server key can read it and impersonate the "
	      "engine to its clients.",
	  .audit_text = OWN_AUDIT("the server key(s) of the effective configuration "
	      "(--tlskey / \"tlskey\")"),
	  .remediation = "chown root:root <key path shown>",
	  .references = TLS_REF, .host = rule_3_13 },
	{ .key = "files.tls_key.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "Anyone who can read the server key can impersonate the engine.",
	  .audit_text = MODE_AUDIT("the server key(s)", "0400"),
	  .remediation = "chmod 400 <key path shown>",
	  .references = TLS_REF, .host = rule_3_14 },
	{ .key = "files.docker_sock.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "Whoever can write to the engine's socket controls the engine, "
	      "and through it the host as root. Only root and the docker group may own it.",
	  .audit_text = "For every unix socket the engine listens on (its -H/hosts "
	      "endpoints and docker.socket's ListenStream, plus the socket hardock "
	      "connected to), compares the socket's numeric uid with 0 and its gid with "
	      "the docker group's gid (host.docker_group); root's group (gid 0) is "
	      "accepted too, being stricter. Names are evidence only.",
	  .remediation = "chown root:docker /var/run/docker.sock (use the socket path "
	      "shown); for socket activation set SocketUser=root and SocketGroup=docker "
	      "in docker.socket.",
	  .references = "https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
	  .host = rule_3_15 },
	{ .key = "files.docker_sock.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "A socket writable by other users hands them root on the host "
	      "through the engine API.",
	  .audit_text = "For every unix socket the engine listens on, compares the mode "
	      "bits with 0660: any bit outside it (e.g. world read or write, 0666, "
	      "0606) fails.",
	  .remediation = "chmod 660 /var/run/docker.sock (use the socket path shown); "
	      "for socket activation set SocketMode=0660 in docker.socket.",
	  .references = "https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
	  .host = rule_3_16 },
	{ .key = "files.daemon_json.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "daemon.json configures the engine; its owner can open a TCP "
	      "listener or turn confinement off at the next restart.",
	  .audit_text = OWN_AUDIT("the daemon's configuration file (the "
	      "--config-file path when dockerd is started with one, else "
	      "/etc/docker/daemon.json)"),
	  .remediation = "chown root:root /etc/docker/daemon.json (or the "
	      "--config-file path shown)",
	  .references = "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file",
	  .host = rule_3_17 },
	{ .key = "files.daemon_json.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "A writable daemon.json lets its writers reconfigure the engine.",
	  .audit_text = MODE_AUDIT("the daemon's configuration file (--config-file "
	      "or /etc/docker/daemon.json)", "0644"),
	  .remediation = "chmod 644 /etc/docker/daemon.json (or the --config-file "
	      "path shown)",
	  .references = "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file",
	  .host = rule_3_18 },
	{ .key = "files.etc_default_docker.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "/etc/default/docker feeds DOCKER_OPTS and the environment "
	      "into the service; its owner controls dockerd's flags.",
	  .audit_text = OWN_AUDIT("/etc/default/docker"),
	  .remediation = "chown root:root /etc/default/docker",
	  .references = SEC_REF, .host = rule_3_19 },
	{ .key = "files.etc_default_docker.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "A writable /etc/default/docker lets its writers add flags.",
	  .audit_text = MODE_AUDIT("/etc/default/docker", "0644"),
	  .remediation = "chmod 644 /etc/default/docker",
	  .references = SEC_REF, .host = rule_3_20 },
	{ .key = "files.etc_sysconfig_docker.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "On Red Hat-style hosts /etc/sysconfig/docker holds dockerd's "
	      "OPTIONS; its writers control the daemon.",
	  .audit_text = MODE_AUDIT("/etc/sysconfig/docker", "0644"),
	  .remediation = "chmod 644 /etc/sysconfig/docker",
	  .references = SEC_REF, .host = rule_3_21 },
	{ .key = "files.etc_sysconfig_docker.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "The owner of /etc/sysconfig/docker controls dockerd's flags.",
	  .audit_text = OWN_AUDIT("/etc/sysconfig/docker"),
	  .remediation = "chown root:root /etc/sysconfig/docker",
	  .references = SEC_REF, .host = rule_3_22 },
	{ .key = "files.containerd_sock.owner",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "containerd's API starts processes as root with any "
	      "configuration; only root may reach its socket.",
	  .audit_text = OWN_AUDIT("/run/containerd/containerd.sock"),
	  .remediation = "chown root:root /run/containerd/containerd.sock (set "
	      "[grpc] uid = 0 and gid = 0 in /etc/containerd/config.toml to keep it).",
	  .references = "https://github.com/containerd/containerd/blob/main/docs/man/containerd-config.toml.5.md",
	  .host = rule_3_23 },
	{ .key = "files.containerd_sock.mode",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "A world-accessible containerd socket is root for everyone, "
	      "bypassing the Docker engine and its authorization plugins.",
	  .audit_text = MODE_AUDIT("/run/containerd/containerd.sock", "0660"),
	  .remediation = "chmod 660 /run/containerd/containerd.sock",
	  .references = "https://github.com/containerd/containerd/blob/main/docs/man/containerd-config.toml.5.md",
	  .host = rule_3_24 },
	{ .key = NULL },
};
