/*
 * Where the Docker engine is, resolved the way the docker CLI does it.
 *
 * Precedence: -H/--host, then --context NAME, then $DOCKER_HOST, then
 * $DOCKER_CONTEXT, then config.json's currentContext, then the default
 * unix:///var/run/docker.sock. The context named "default" is the
 * endpoint the flags and environment describe, as in the CLI.
 *
 * TLS for an endpoint not taken from a context follows the CLI's flags and
 * environment: --tlsverify or a non-empty $DOCKER_TLS_VERIFY turns TLS on
 * with verification; an explicit --tlscacert/--tlscert/--tlskey turns it on
 * (hardock has no separate --tls flag); missing files default to ca.pem,
 * cert.pem and key.pem in $DOCKER_CERT_PATH (else the config directory)
 * when they exist. A context's TLS material lives in
 * CONFIG/contexts/tls/<digest>/docker/{ca,cert,key}.pem, next to its
 * CONFIG/contexts/meta/<digest>/meta.json; its SkipTLSVerify turns
 * verification off. TLS applies to tcp:// endpoints only; an ssh://
 * endpoint (collect/ssh.h) is reached through the ssh client.
 *
 * Resolution reads nothing but the files under the configuration
 * directory it is given, so tests point it at a temporary tree.
 */
#ifndef HARDOCK_COLLECT_DOCKERHOST_H
#define HARDOCK_COLLECT_DOCKERHOST_H

#include <stdbool.h>
#include <stddef.h>

#include <hardock/collect.h>

#define HD_DEFAULT_ENGINE "unix:///var/run/docker.sock"

/* The environment as the docker CLI reads it; NULL for unset. */
struct hd_docker_env {
	const char *host;          /* $DOCKER_HOST */
	const char *context;       /* $DOCKER_CONTEXT */
	const char *tls_verify;    /* $DOCKER_TLS_VERIFY (non-empty = on) */
	const char *cert_path;     /* $DOCKER_CERT_PATH */
	const char *docker_config; /* $DOCKER_CONFIG */
	const char *home;          /* $HOME */
};

/* The engine endpoint to talk to, and how. */
struct hd_engine_target {
	char *url;      /* unix:///path, tcp://host:port or ssh://[user@]host[:port] */
	char *origin;   /* "-H", "--context", "DOCKER_HOST", "DOCKER_CONTEXT",
	                 * "currentContext" or "default" */
	char *context;  /* context name, NULL when none was used */
	bool tcp;       /* tcp:// */
	bool ssh;       /* ssh:// (neither: unix://) */
	bool tls;       /* https on a tcp:// endpoint */
	bool tls_verify;
	char *tls_ca;   /* PEM paths, NULL when not used */
	char *tls_cert;
	char *tls_key;
};

/* Fill env from the process environment. */
void hd_docker_env_from_environ(struct hd_docker_env *env);

/* Resolve the endpoint from the scan options and env; HD_ENOTFOUND for an
 * unknown context, HD_EUSAGE for an unsupported or malformed URL, HD_EPARSE
 * for a malformed config.json or meta.json (message names the file). */
int hd_engine_resolve(struct hd_engine_target **out,
    const struct hd_collect_opts *o, const struct hd_docker_env *env);

/* Normalise a host URL as the CLI does: "host:port" means tcp://, a tcp://
 * address without port gets 2375; unix:// needs an absolute path; ssh://
 * is kept as given once hd_ssh_dest_parse() accepts it. */
int hd_engine_url_parse(char **out, const char *url);

/* currentContext of a config.json held in a buffer; *out NULL when unset. */
int hd_docker_config_current(char **out, const char *data, size_t len);

/* Name, Endpoints.docker.Host and .SkipTLSVerify of a context's meta.json
 * held in a buffer; *host is NULL when the context has no docker
 * endpoint. */
int hd_context_meta_parse(char **name, char **host, bool *skip_verify,
    const char *data, size_t len);

/* The docker CLI's configuration directory ($DOCKER_CONFIG, else
 * $HOME/.docker), or NULL when neither is set; the caller frees it. */
char *hd_docker_config_dir(const struct hd_docker_env *env);

/* The names of the contexts under cfgdir/contexts/meta, "default" first,
 * into a NULL-terminated *out (free with hd_strv_free()). Unreadable
 * or malformed entries and names with whitespace or control characters (a
 * completion word cannot hold them) are left out; cfgdir may be NULL. */
void hd_context_names(char ***out, const char *cfgdir);

/* Free t; NULL is accepted. */
void hd_engine_target_free(struct hd_engine_target *t);

#endif
