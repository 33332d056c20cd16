/* Helpers shared by check modules, so that two checks never repeat logic. */
#ifndef HARDOCK_CHECKS_UTIL_H
#define HARDOCK_CHECKS_UTIL_H

#include <stdbool.h>

#include "checks.h"

/* Section names, exactly as CIS 1.6.0 writes them. */
#define SEC_1_1 "1.1 Linux Hosts Specific Configuration"
#define SEC_1_2 "1.2 General Configuration"
#define SEC_2 "2 Docker daemon configuration"
#define SEC_3 "3 Docker daemon configuration files"
#define SEC_4 "4 Container Images and Build File Configuration"
#define SEC_5 "5 Container Runtime Configuration"
#define SEC_6 "6 Docker Security Operations"
#define SEC_7 "7 Docker Swarm Configuration"
/* hardock's own checks (ids HD-<AREA>-<n>). */
#define SEC_HD_ENGINE "Beyond CIS: engine access"
#define SEC_HD_HOST "Beyond CIS: host"
#define SEC_HD_CONTAINER "Beyond CIS: containers"
#define SEC_HD_IMAGE "Beyond CIS: images and secrets"

/* Source string of an object's inspect document. */
#define SRC_INSPECT "GET /containers/{id}/json"
#define SRC_IMAGE_INSPECT "GET /images/{id}/json"

/* A setting of the daemon's effective configuration. */
struct hd_setting {
	json_object *value; /* NULL when the daemon uses its default */
	const char *source; /* where it was set, or "default" */
};

/* Look up key in the effective configuration (daemon.config). Returns
 * false, with f's message set, when the configuration is not known. */
bool hd_setting_get(struct hd_setting *out, const struct hd_ctx *ctx,
    struct hd_finding *f, const char *key);

/* Whether mode has no permission bit outside max (e.g. 0644): "644 or more
 * restrictive", compared as bits, so 0606 is not within 0644. */
bool hd_mode_within(int64_t mode, int64_t max);

/* Per-file check body: every path in paths (n of them) becomes a child
 * finding; a missing file is notapplicable, an unreadable one error, and
 * test decides the rest from the file fact's value. Returns the merged
 * status, or notapplicable with none_msg when no path exists. */
typedef enum hd_status (*hd_file_test)(const struct hd_ctx *ctx,
    json_object *file, struct hd_finding *f);
enum hd_status hd_check_files(const struct hd_ctx *ctx, struct hd_finding *f,
    const char *const *paths, size_t n, hd_file_test test,
    const char *none_msg);

/* The engine's unix socket paths: unix endpoints of daemon.endpoints, and
 * the socket hardock talked to. Returns the count (at most max), each a
 * borrowed string. */
size_t hd_engine_sockets(const struct hd_ctx *ctx, const char **out,
    size_t max);

/* Owner check shared by section 3: uid 0 and group named group (or gid
 * given). Adds evidence; returns pass or fail. */
enum hd_status hd_file_owner_is(json_object *file, struct hd_finding *f,
    const char *group);

/* Mode check shared by section 3: no bit outside max. */
enum hd_status hd_file_mode_within(json_object *file, struct hd_finding *f,
    int64_t max);

/* Per-file check body with an argument for test (a table entry, a mode):
 * the same contract as hd_check_files. */
typedef enum hd_status (*hd_file_test_arg)(const struct hd_ctx *ctx,
    json_object *file, struct hd_finding *f, const void *arg);
enum hd_status hd_check_files_arg(const struct hd_ctx *ctx,
    struct hd_finding *f, const char *const *paths, size_t n,
    hd_file_test_arg test, const void *arg, const char *none_msg);

/* Owner check by number: uid and gid must equal want_uid and want_gid
 * (alt_gid, when >= 0, is accepted as well). Names are evidence only, since
 * two names can map to one id. expect is the text shown ("root:root"). */
enum hd_status hd_file_owner_ids(json_object *file, struct hd_finding *f,
    int64_t want_uid, int64_t want_gid, int64_t alt_gid, const char *expect);

/* Owner check of a rootless daemon's file: uid must be uid, and the gid
 * gid or one of the ranges ([{"start", "count"}], a gid mapped into the
 * user's namespace: the user's own). expect names the user. */
enum hd_status hd_file_owner_user(json_object *file, struct hd_finding *f,
    int64_t uid, int64_t gid, json_object *ranges, const char *expect);

/* The docker group's gid (host.docker_group): 1 with *gid set when the group
 * exists, 0 when there is none, -1 with f's message set when unknown. */
int hd_docker_gid(const struct hd_ctx *ctx, struct hd_finding *f,
    int64_t *gid);

/* A setting's value read as a boolean: JSON true/false or the strings
 * "true"/"false" (flags); def when value is NULL. -1 on any other value. */
int hd_setting_bool(const struct hd_setting *s, bool def, bool *out);

/* A field of the engine's GET /info body: 1 with *out (borrowed) when the
 * engine answered and the field is present and not null, 0 otherwise. */
int hd_info_field(const struct hd_ctx *ctx, const char *path,
    json_object **out, const char **source);

/* Whether the daemon remaps container root to an unprivileged host uid
 * (userns-remap): 1 on, 0 off, -1 unknown, from name=userns in GET /info
 * SecurityOptions, else the userns.remap fact; evidence "userns-remap"
 * names the source. */
int hd_userns_remap(const struct hd_ctx *ctx, struct hd_finding *f);

/* The engine's default bridge network (docker0): 1 when it exists, with
 * *bridge (borrowed) when GET /networks lists it, NULL when only the
 * daemon's "bridge" setting (not "none") says so; 0 when the engine has
 * none (--bridge=none), from either; -1 when neither is known. *source
 * names which. */
int hd_default_bridge(const struct hd_ctx *ctx, json_object **bridge,
    const char **source);

/* Compare two dotted version strings numerically ("20.10.24+dfsg1" <
 * "24.0.5", "6.1.0-18-amd64" > "5.15"): -1, 0, 1; a leading 'v' and any
 * suffix after the numbers are ignored; -2 when either has no number. */
int hd_version_cmp(const char *a, const char *b);

/* Whether a JSON array of strings contains s (NULL array: false). */
bool hd_json_array_has(json_object *arr, const char *s);

/* Define the entry point `name` of one row of a table-driven module: it
 * calls run(ctx, f, &table[idx]), so each row's check stays one line. */
#define HD_ROW_CHECK(name, run, table, idx)                               \
	static enum hd_status name(const struct hd_ctx *ctx,             \
	    struct hd_finding *f)                                        \
	{                                                                \
		return run(ctx, f, &(table)[idx]);                       \
	}

/* Per-endpoint test for hd_each_tcp_endpoint: judges one TCP endpoint of
 * daemon.endpoints (src is the endpoint's source) into its finding c. */
typedef enum hd_status (*hd_endpoint_test)(json_object *ep,
    struct hd_finding *c, const char *src);

/* Run test over every TCP endpoint of daemon.endpoints, one child finding
 * per endpoint; notapplicable when the engine listens on none, error when
 * the endpoints are unknown. */
enum hd_status hd_each_tcp_endpoint(const struct hd_ctx *ctx,
    struct hd_finding *f, hd_endpoint_test test);

#endif
