/* CIS section 3: ownership and permissions of the daemon's files. */
#include "util.h"

#define MAX_SOCKETS 16

/* 3.15 per socket: root:docker. */
static enum hd_status
socket_owner(const struct hd_ctx *ctx, json_object *file, struct hd_finding *f)
{
	(void)ctx;
	return hd_file_owner_is(file, f, "docker");
}

/* 3.16 per socket: no bit outside 0660. */
static enum hd_status
socket_mode(const struct hd_ctx *ctx, json_object *file, struct hd_finding *f)
{
	(void)ctx;
	return hd_file_mode_within(file, f, 0660);
}

/* Run test over every unix socket the engine listens on. */
static enum hd_status
each_socket(const struct hd_ctx *ctx, struct hd_finding *f, hd_file_test test)
{
	const char *paths[MAX_SOCKETS];
	size_t n = hd_engine_sockets(ctx, paths, MAX_SOCKETS);

	return hd_check_files(ctx, f, paths, n, test,
	    "the engine listens on no unix socket that exists on this host");
}

static enum hd_status
socket_owner_check(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return each_socket(ctx, f, socket_owner);
}

static enum hd_status
socket_mode_check(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return each_socket(ctx, f, socket_mode);
}

const struct hd_check hd_checks_daemon_files[] = {
	{ .id = "3.15",
	  .title = "Ensure that the Docker socket file ownership is set to root:docker",
	  .section = SEC_3, .level = 1, .cis = HD_CIS_AUTOMATED,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "Whoever can write to the engine's socket controls the engine, "
	      "and through it the host as root. Only root and the docker group may own it.",
	  .audit_text = "For every unix socket the engine listens on (its -H/hosts "
	      "endpoints and docker.socket's ListenStream, plus the socket hardock "
	      "connected to), compares the socket's numeric owner with uid 0 and its "
	      "group name with docker.",
	  .remediation = "chown root:docker /var/run/docker.sock (use the socket path "
	      "shown); for socket activation set SocketUser=root and SocketGroup=docker "
	      "in docker.socket.",
	  .references = "https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
	  .host = socket_owner_check },
	{ .id = "3.16",
	  .title = "Ensure that the Docker socket file permissions are set to 660 or more restrictively",
	  .section = SEC_3, .level = 1, .cis = HD_CIS_AUTOMATED,
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
	  .host = socket_mode_check },
	{ .id = NULL },
};
