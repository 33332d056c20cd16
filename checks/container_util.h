/*
 * Helpers shared by the container checks (CIS section 5 and hardock's own
 * container checks): typed views of an inspect document's mounts, port
 * bindings, security options, namespaces and capabilities, so that no two
 * checks parse the same field twice.
 *
 * Every helper treats the inspect document as hostile: a value of the wrong
 * JSON type sets the finding's message and makes the helper fail, so the
 * check returns HD_ERROR instead of passing on data it did not understand.
 */
#ifndef HARDOCK_CHECKS_CONTAINER_UTIL_H
#define HARDOCK_CHECKS_CONTAINER_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Source string of the live process facts of a container. */
#define SRC_PROCESS "/proc/PID/status, attr/current, cgroup"

/* Whether the parts of an inspect document the checks read have the
 * shapes the Engine API gives them (HostConfig an object; Config, State,
 * NetworkSettings objects when present). False with f's message set. */
bool hd_ctr_ok(const struct hd_object *c, struct hd_finding *f);

/* State.Running: 0 and *out, or HD_ETYPE with f's message set. */
int hd_ctr_running(const struct hd_object *c, struct hd_finding *f,
    bool *out);

/* The live process fact (process.container:ID) of a container: -1 when the
 * inspect document is malformed (f's message set); 0 when the container is
 * not running (fact untouched); 1 when it runs, with *fact read in
 * whatever state the collector left it. */
int hd_ctr_live(struct hd_fact *fact, const struct hd_ctx *ctx,
    const struct hd_object *c, struct hd_finding *f);

/* hd_ctr_live() for a check that needs the live process known: a
 * running container whose process fact is absent or failed is -1 with
 * f's message ("live process unknown: REASON") and evidence set, as
 * nothing about its process can pass unread. 0 not running, 1 known. */
int hd_ctr_live_known(struct hd_fact *fact, const struct hd_ctx *ctx,
    const struct hd_object *c, struct hd_finding *f);

/* ---- Namespaces (5.10, 5.16, 5.17, 5.21, 5.31) ------------------------- */

/* The whole check for "HostConfig.<field> is not host": evidence, message
 * naming what namespace, fail on "host", error on a wrong type. */
enum hd_status hd_ctr_ns_not_host(const struct hd_object *c,
    struct hd_finding *f, const char *field, const char *what);

/* ---- Security options ---------------------------------------------------- */

/* HostConfig.SecurityOpt as an array (NULL when unset): 0, or HD_ETYPE
 * with f's message when it or one of its items is not a string. */
int hd_ctr_secopts(const struct hd_object *c, struct hd_finding *f,
    json_object **out);

/* Whether the security option opt is named key ("seccomp", "label",
 * "apparmor", "no-new-privileges"); *value then points after the '=' or
 * ':' separator (the docker CLI accepted both), or at "" when there is
 * none. */
bool hd_secopt_match(const char *opt, const char *key, const char **value);

/* ---- Mounts (5.6, 5.20, 5.32, HD-CTR) ------------------------------------ */

struct hd_ctr_mount {
	char *type;        /* "bind", "volume", "tmpfs", ... */
	char *source;      /* host path as the engine reports it */
	char *clean;       /* source, lexically cleaned; /var/run as /run */
	char *destination; /* path in the container */
	char *propagation; /* "" when unset */
	bool rw;
	char *field;       /* where it was read: "Mounts[1]", "HostConfig.Binds[0]" */
};

/* Every mount of the container: Mounts[] (what the engine set up), plus
 * HostConfig.Binds entries whose destination Mounts[] does not hold (older
 * engines, hand-written snapshots). 0 with an array the caller frees with
 * hd_ctr_mounts_free(), or HD_ETYPE with f's message set. */
int hd_ctr_mounts(const struct hd_object *c, struct hd_finding *f,
    struct hd_ctr_mount **out, size_t *n);
void hd_ctr_mounts_free(struct hd_ctr_mount *m, size_t n);

/* Add m as one evidence item {source, destination, mode, type,
 * propagation} named by its field. */
void hd_ev_mount(struct hd_finding *f, const struct hd_ctr_mount *m);

/* A host path cleaned lexically: duplicate and trailing slashes, "." and
 * ".." removed, and /var/run mapped to /run (a symlink on every
 * distribution docker supports) so that one comparison covers both. */
char *hd_path_clean(const char *path);

/* Whether path is dir or lies below it (both cleaned). */
bool hd_path_under(const char *path, const char *dir);

/* ---- Port bindings (5.8, 5.9, 5.14) -------------------------------------- */

struct hd_port {
	const char *port;    /* container side, "80/tcp" */
	const char *host_ip; /* "" when the engine picks (every interface) */
	const char *host_port_text;
	int64_t host_port;   /* first port of a range; 0 when ephemeral */
};

/* The container's published ports: NetworkSettings.Ports when the
 * container runs (what is really bound), else HostConfig.PortBindings
 * (what starting it will bind). Strings are borrowed from the document.
 * 0 with an array the caller frees with free(), or HD_ETYPE. *field names
 * where they were read. */
int hd_ctr_ports(const struct hd_object *c, struct hd_finding *f,
    struct hd_port **out, size_t *n, const char **field);

/* Whether an address binds every interface: "", 0.0.0.0, ::, [::]. */
bool hd_ip_wildcard(const char *ip);

/* One port binding as evidence {port, host_ip, host_port}. */
void hd_ev_port(struct hd_finding *f, const char *field,
    const struct hd_port *p);

/* ---- Capabilities (5.4, HD-CTR-1) --------------------------------------- */

#define HD_CAP_ALL 1000

/* A capability name in any of the spellings Docker accepts ("CAP_SYS_ADMIN",
 * "sys_admin", "Sys_Admin"), resolved with libcap: its number, HD_CAP_ALL
 * for "ALL", -1 when unknown. */
int hd_cap_parse(const char *name);

/* Whether cap is in Docker's default capability set. */
bool hd_cap_docker_default(int cap);

/* The display name of cap ("SYS_ADMIN", "ALL") into buf. */
const char *hd_cap_name(int cap, char *buf, size_t len);

#endif
