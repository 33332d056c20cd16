/*
 * The daemon configuration collector's internal pieces. The parsers here
 * are pure (buffer or argv in, JSON out) so that unit tests and fuzz
 * targets drive them without a host tree; daemon.c does the reading.
 *
 * An environment used for expansion is a JSON object
 *   {NAME: {"value": str, "source": str, "origin": str}}
 * so that every word an expansion produces can say where it came from.
 */
#ifndef HARDOCK_COLLECT_DAEMON_H
#define HARDOCK_COLLECT_DAEMON_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include <hardock/collect.h>
#include <hardock/jsonparse.h>

/* One argument of dockerd's command line and where it came from:
 * source is "/proc/811/cmdline", "/lib/systemd/system/docker.service:12"
 * or "/etc/default/docker: DOCKER_OPTS"; origin is a facts.h origin
 * ("flag", "unit", "environment-file"). */
struct hd_arg {
	char *text;
	char *source;
	char *origin;
};

/* A growing argument vector; zero-initialise before use. */
struct hd_argv {
	struct hd_arg *a;
	size_t n, alloc;
};

/* daemon_argv.c */
/* Append a copy of text with its source and origin. */
void hd_argv_push(struct hd_argv *v, const char *text, const char *source,
    const char *origin);
/* Release the arguments and reset v to empty; NULL is accepted. */
void hd_argv_clear(struct hd_argv *v);
/* The argument texts as a JSON array of strings. */
json_object *hd_argv_json(const struct hd_argv *v);
/* Split a NUL-separated /proc/PID/cmdline buffer into v. */
void hd_argv_from_cmdline(struct hd_argv *v, const char *data, size_t len,
    const char *source);

/* daemon_flags.c */
/* Parse dockerd's argv (v->a[0], the program, is skipped) into settings
 * keyed by daemon.json key, each {"value", "source", "origin", "flag"}
 * and a "note" when dockerd would reject or reinterpret the flag. Never
 * fails: malformed input becomes notes. */
json_object *hd_dflags_parse(const struct hd_argv *v);
/* The daemon.json key of a long flag name ("insecure-registry" ->
 * "insecure-registries"), or NULL for a flag dockerd does not have. */
const char *hd_dflags_key(const char *flag);

/* envfile.c */
/* Parse a shell-style KEY=VALUE file (/etc/default/docker, systemd
 * EnvironmentFile=) into {KEY: value}; quotes, backslashes and $VAR of
 * earlier keys are handled as sh would. HD_EPARSE "line L: ..." on an
 * unterminated quote or a NUL byte. */
int hd_envfile_parse(json_object **out, const char *data, size_t len);

/* systemd_unit.c */
/* What systemd's specifiers expand to for the manager running a unit:
 * the system manager (%h /root, %U 0, %u root, %t /run) or a user's
 * (%h their home, %U their uid, %u their name, %t $XDG_RUNTIME_DIR). */
struct hd_unit_spec {
	const char *home; /* %h */
	const char *user; /* %u */
	const char *uid;  /* %U */
	const char *gid;  /* %G */
	const char *runtime_dir; /* %t */
};
/* s with %h, %u, %U, %G, %t and %% expanded by spec (caller frees); other
 * specifiers are kept as written; spec NULL copies s. */
char *hd_unit_expand(const char *s, const struct hd_unit_spec *spec);

/* A unit after its file and drop-ins were applied, in systemd's order. */
struct hd_unit {
	const struct hd_unit_spec *spec; /* borrowed; NULL: no expansion */
	json_object *dropins;  /* array of drop-in paths applied */
	json_object *exec;     /* ExecStart=: array of {"line", "source"} */
	json_object *env;      /* Environment=: {NAME: {"value","source","origin"}} */
	json_object *envfiles; /* EnvironmentFile=: [{"path","optional","source"}] */
	json_object *listen;   /* ListenStream=: array of {"value", "source"} */
	json_object *socket;   /* {"socket_mode"|"socket_user"|"socket_group":
	                        *  {"value", "source"}} */
};

/* Start an empty unit. */
void hd_unit_init(struct hd_unit *u);
/* Release what u holds; u may then be initialised again. */
void hd_unit_clear(struct hd_unit *u);
/* Apply one unit file or drop-in held in data; later calls override
 * earlier ones as systemd's drop-ins do, values with u->spec's
 * specifiers expanded. Lines systemd ignores are ignored; HD_EPARSE only
 * for a NUL byte (nothing applied then). */
int hd_unit_apply(struct hd_unit *u, const char *data, size_t len,
    const char *path);
/* Split a command line by systemd's rules (quotes, backslash escapes)
 * into an array of strings; HD_EPARSE on an unterminated quote. */
int hd_unit_split(json_object **out, const char *s);
/* The effective ExecStart argv of u, expanded with env as systemd does
 * ("$VAR" alone splits at whitespace, "${VAR}" is one word). HD_ENOTFOUND
 * when u has no ExecStart. */
int hd_unit_exec_argv(struct hd_argv *out, const struct hd_unit *u,
    json_object *env);

/* daemon_json.c */
/* Parse daemon.json; HD_EPARSE "line L, column C: <json-c error>" when
 * malformed, HD_ETYPE when the document is not an object. */
int hd_djson_parse(json_object **out, const char *data, size_t len);
/* daemon_merge.c */
/* Merge flag settings (winning) with daemon.json (file, may be NULL) into
 * the effective configuration; conflicts get every key set in both, as
 * dockerd refuses to start then. Both outputs are new objects. */
void hd_dconfig_merge(json_object **config, json_object **conflicts,
    json_object *flags, json_object *file, const char *file_path);

/* daemon_endpoints.c */
/* What dockerd assumes when the configuration is silent. */
struct hd_ep_defaults {
	bool rootless;
	const char *runtime_dir; /* $XDG_RUNTIME_DIR of a rootless daemon */
	const char *cacert;      /* dockerd's default TLS paths, or NULL */
	const char *cert;
	const char *key;
};
/* The listening endpoints of a configuration (HD_F_DAEMON_ENDPOINTS);
 * listen is docker.socket's ListenStream list (may be NULL) for fd://. */
json_object *hd_dendpoints(json_object *config, json_object *listen,
    const struct hd_ep_defaults *d);

/* daemon_proc.c */
/* A dockerd process found in /proc under the audit root. */
struct hd_dproc {
	int pid;
	char *exe;           /* text of the exe link, "" when unreadable */
	char *comm;
	long uid;            /* real uid from status, -1 when unknown */
	long gid;            /* real gid from status, -1 when unknown */
	int rootlesskit_pid; /* the rootlesskit it runs under, or 0 */
	char *user;          /* from the root's /etc/passwd, or NULL */
	char *home;          /* the user's home directory, or NULL */
	bool rootless;
	char *rootless_why;  /* what showed it, or NULL */
	struct hd_argv argv; /* from cmdline */
	json_object *environ; /* {NAME: value}; empty when unreadable */
};

/* Whether a process with this exe link text and comm is dockerd: the
 * exe's base name decides when readable, else comm. */
bool hd_dproc_is_dockerd(const char *exe, const char *comm);
/* The dockerd processes under root's /proc, by ascending pid; HD_ENOTFOUND
 * (message set) when root has no /proc directory. */
int hd_dproc_scan(struct hd_dproc **out, size_t *n, const char *root);
/* Free n processes; NULL is accepted. */
void hd_dproc_free(struct hd_dproc *p, size_t n);
/* Look uid up in an /etc/passwd buffer: name and home (caller frees), or
 * HD_ENOTFOUND. */
int hd_passwd_lookup(char **name, char **home, const char *data, size_t len,
    long uid);
/* The ordinary users of an /etc/passwd buffer (uid 1000 to 65533, a home
 * given), in file order, at most max: [{"name", "uid", "gid", "home"}]. */
json_object *hd_passwd_users(const char *data, size_t len, size_t max);

/* daemon_rootless.c */
/* Who a rootless daemon is and what showed it. */
struct hd_rootless_who {
	const char *user;  /* may be NULL (uid not in /etc/passwd) */
	long uid, gid;
	const char *home;  /* may be NULL */
	json_object *env;  /* {NAME: value} it runs with (XDG_*), may be NULL */
	const char *unit;  /* its user unit file, or NULL */
	int kit_pid;       /* its rootlesskit, or 0 */
	const char *why;   /* "; "-separated signs from its process, or NULL */
};
/* The daemon.rootless fact's value (facts.h): the places a rootless
 * dockerd uses, as dockerd-rootless.sh and dockerd derive them from
 * $XDG_RUNTIME_DIR, $XDG_CONFIG_HOME, $XDG_DATA_HOME and the home, and
 * the user's subordinate gids from root's /etc/subgid. */
json_object *hd_rootless_layout(const char *root, const struct hd_rootless_who *w);

/* daemon_units.c */
/* Load unit name ("docker.service") from the first directory of systemd's
 * unit path under root that has it, then its drop-ins NAME.d/\*.conf from
 * every directory (a name in an earlier directory hides a later one),
 * applied in lexical order of file name. *path gets the unit file; a
 * drop-in that cannot be read is appended to notes. HD_ENOTFOUND when
 * there is no unit or it is masked, other codes when it cannot be read;
 * the message says which. u is initialised here either way. */
int hd_unit_load(struct hd_unit *u, char **path, json_object *notes,
    const char *root, const char *name);
/* The same along a user manager's unit path for the user whose home is
 * spec->home (~/.config/systemd/user, /etc/systemd/user,
 * /usr/local/lib/systemd/user, /usr/lib/systemd/user, /lib/systemd/user),
 * specifiers expanded with spec (kept by u: it must outlive u's use). */
int hd_unit_load_user(struct hd_unit *u, char **path, json_object *notes,
    const char *root, const char *name, const struct hd_unit_spec *spec);

#endif
