/*
 * hardock: collectors, the only code that does I/O on the audited host.
 *
 * Each collector fills facts of the snapshot (keys in <hardock/facts.h>).
 * A collector that cannot read something records why as an absent or error
 * fact and returns normally: one unreadable file never aborts a scan.
 * Collectors run in the order of the table in src/collect/collectors.c;
 * a later collector may read facts of an earlier one (the file collector
 * reads the daemon's endpoints to know which sockets to stat).
 *
 * hardock never modifies the host it audits: collectors open files
 * read-only, send only GET requests to the engine (and only read-only
 * requests to the kernel: AUDIT_GET, AUDIT_LIST_RULES) and fork nothing
 * but read-only tools without a shell.
 */
#ifndef HARDOCK_COLLECT_H
#define HARDOCK_COLLECT_H

#include <stdbool.h>

#include "buf.h"
#include "snapshot.h"

struct hd_collect_opts {
	const char *root;      /* host files are read under this dir ("/") */
	const char *host;      /* -H: unix:///..., tcp://host:port, or NULL */
	const char *context;   /* --context NAME, or NULL */
	bool tls_verify;       /* verify the engine's certificate */
	const char *tls_ca;    /* PEM paths for tcp:// with TLS, or NULL */
	const char *tls_cert;
	const char *tls_key;
	long timeout_ms;       /* per engine request; 0 = default (10 s) */
	bool progress;         /* progress line on stderr (a terminal) */
	/* Called after each collector with its name, or NULL: the sandbox
	 * drops there what no later collector needs. */
	void (*collected)(const char *collector, void *arg);
	void *collected_arg;
};

struct hd_collector {
	const char *name;
	const char *description;
	void (*collect)(struct hd_snapshot *s, const struct hd_collect_opts *o);
	bool host;             /* reads this host (files, /proc, /sys): not run
	                        * when the engine is remote */
};

/* Run every collector in order, calling o->collected after each. */
void hd_collect_all(struct hd_snapshot *s, const struct hd_collect_opts *o);

/* The collector table, for `hardock version -v` and tests. */
size_t hd_collector_count(void);
const struct hd_collector *hd_collector_get(size_t i);

/*
 * Safe reading under the audit root. path is absolute as seen on the host
 * ("/etc/docker/daemon.json"); it is resolved as if root were "/"
 * (openat2 RESOLVE_IN_ROOT): absolute symlinks and ".." are resolved inside
 * root, so a hostile tree can never point a read at the live host's files.
 * Under a root other than "/", a link that climbs above it is HD_ELINK
 * (hd_root_resolve). Reads are capped (HD_ELIMIT past cap). HD_ENOTFOUND
 * when missing, HD_EACCES when permission is denied.
 */
int hd_root_read(struct hd_buf **out, const char *root, const char *path,
    size_t cap);

/* Open path under root (flags added to O_RDONLY|O_CLOEXEC), resolving
 * symlinks and ".." inside root; -1 with errno on failure. */
int hd_root_open(const char *root, const char *path, int flags);

/* The symlinks followed while resolving a path, as the daemon would. */
struct hd_links {
	char **link;   /* each link's path, as on the host */
	char **target; /* its text (readlink) */
	size_t n;
};

/* Resolve path under root component by component, following symlinks as
 * the kernel does for a process whose "/" is root (absolute targets start
 * again at root): *out is the host path of what path names (caller
 * frees), links (may be NULL) gets every link followed, in order. A
 * ".." that would climb above "/" while following a link under a root
 * other than "/" is HD_ELINK ("LINK -> TARGET leaves the audit root"):
 * what it means on the mounted tree is not known; more than 40 links is
 * HD_ELINK ("symlink loop at LINK"). HD_ENOTFOUND when a component does
 * not exist (the message names the dangling link), HD_EACCES, HD_EIO. */
int hd_root_resolve(char **out, struct hd_links *links, const char *root,
    const char *path);

/* Release the links; NULL is accepted. */
void hd_links_clear(struct hd_links *l);

/* The host path joined under root ("/" + "/etc" = "/etc"). Caller frees. */
char *hd_root_join(const char *root, const char *path);

#endif
