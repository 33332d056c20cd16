/*
 * Where the daemon's files are on this host: paths resolved from facts
 * (unit files, --config-file, data root, TLS settings, certs.d), shared by
 * the audit-rule checks (section 1) and the file checks (section 3).
 */
#ifndef HARDOCK_CHECKS_PATHS_H
#define HARDOCK_CHECKS_PATHS_H

#include "util.h"

#define HD_MAX_PATHS 512

/* A set of borrowed path strings, without duplicates; overflow is
 * remembered so that a check can say it did not see everything. */
struct hd_paths {
	const char *v[HD_MAX_PATHS];
	size_t n;
	bool overflow;
};

/* Add path unless it is NULL, empty, already there, or the set is full. */
void hd_paths_add(struct hd_paths *p, const char *path);

/* Resolve paths from facts into out. Returns 0 on success, > 0 when the
 * subject is not configured on this host (f's message says why: no TLS),
 * < 0 when a fact could not be read (f's message set). */
typedef int (*hd_paths_fn)(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);

/* A file subject of a check: fixed candidate paths and/or paths from facts.
 * Candidates that do not exist on the host are skipped. */
struct hd_target {
	const char *what;     /* "docker.service", for messages */
	const char *fixed[4]; /* NULL-terminated */
	hd_paths_fn more;     /* NULL or a resolver */
	const char *rootless_na; /* why a rootless daemon has no such file,
	                          * or NULL: its checks are notapplicable */
};

/* The audited daemon when it is rootless (daemon.rootless). */
struct hd_rootless {
	const char *user;    /* may be NULL */
	int64_t uid, gid;
	json_object *subgid; /* [{"start", "count"}] or NULL */
	json_object *fact;   /* the whole value (borrowed) */
	const char *source;
};

/* 1 with *out when the audited dockerd is rootless, 0 when it is not (or
 * the fact was never collected), -1 with f's message when malformed. */
int hd_rootless_get(struct hd_rootless *out, const struct hd_ctx *ctx,
    struct hd_finding *f);

/* A string member of daemon.rootless, or NULL when not rootless. */
const char *hd_rootless_path(const struct hd_ctx *ctx, const char *key);

/* The target's paths; same return convention as hd_paths_fn. */
int hd_target_paths(struct hd_paths *out, const struct hd_target *t,
    const struct hd_ctx *ctx, struct hd_finding *f);

/* Run test over every existing path of t, one child finding each;
 * notapplicable when none exists or the subject is not configured. */
enum hd_status hd_check_target(const struct hd_ctx *ctx, struct hd_finding *f,
    const struct hd_target *t, hd_file_test_arg test, const void *arg);

/* Resolvers. */
int hd_paths_service_unit(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);
int hd_paths_socket_unit(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);
int hd_paths_daemon_json(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);
int hd_paths_data_root(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);
int hd_paths_certs_d(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);
int hd_paths_tls_ca(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);
int hd_paths_tls_cert(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);
int hd_paths_tls_key(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);
int hd_paths_etc_docker(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);
int hd_paths_containerd_sock(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f);

/* Whether TLS is configured: tls or tlsverify on in the effective
 * configuration, or any endpoint with TLS. 1 yes, 0 no, -1 unknown. */
int hd_tls_configured(const struct hd_ctx *ctx, struct hd_finding *f);

/* Targets named by both section 1 (audit rules) and section 3 (files). */
extern const struct hd_target hd_t_service;        /* docker.service */
extern const struct hd_target hd_t_socket_unit;    /* docker.socket */
extern const struct hd_target hd_t_etc_docker;     /* /etc/docker */
extern const struct hd_target hd_t_daemon_json;    /* daemon.json */
extern const struct hd_target hd_t_env_default;    /* /etc/default/docker */
extern const struct hd_target hd_t_env_sysconfig;  /* /etc/sysconfig/docker */
extern const struct hd_target hd_t_containerd_sock;

#endif
