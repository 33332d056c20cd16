/*
 * hardock: least privilege for one run (DESIGN.md, "Phases of one run").
 *
 * hardock runs as root and parses data tenants control (labels, image
 * metadata, config files, snapshots). The sandbox makes a compromised
 * parser worthless:
 *
 *   1. hd_sandbox_begin(), once every output file is open: keep only the
 *      capabilities reading needs (the table in src/core/sandbox.c says
 *      which, why and until which collector), in the bounding set too,
 *      and set no_new_privs.
 *   2. hd_sandbox_collected() after each collector: drop what no later
 *      collector needs.
 *   3. hd_sandbox_enter() once collection is over (the engine client
 *      finished): drop every capability and load a seccomp filter that
 *      allows what evaluation and rendering need. execve and new sockets
 *      kill the process; any other syscall outside the list, opening a
 *      file among them, fails with EPERM; write(2) reaches only stdout,
 *      stderr and the descriptors passed with hd_sandbox_allow_write().
 *
 * The filter is irreversible: evaluation and rendering run inside it.
 * hardock diff and merge, which parse reports (attacker-controlled
 * files), enter it once their inputs and outputs are open (see
 * src/cli/sandboxed.c), with sb.applied and sb.since saying so.
 * Builds with AddressSanitizer also allow what the sanitizer runtime does
 * at a report and at exit (read-only opens of /proc/self, the leak
 * checker's tracer thread and its ptrace); see the table.
 */
#ifndef HARDOCK_SANDBOX_H
#define HARDOCK_SANDBOX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#define HD_SANDBOX_MAX_FDS 32

enum hd_sandbox_phase {
	HD_SANDBOX_OFF,     /* --no-sandbox: nothing is dropped */
	HD_SANDBOX_INIT,    /* before hd_sandbox_begin() */
	HD_SANDBOX_COLLECT, /* holding the collection capabilities */
	HD_SANDBOX_ENTERED, /* no capabilities, seccomp filter loaded */
};

struct hd_sandbox {
	enum hd_sandbox_phase phase;
	bool offline;          /* --snapshot: no collector runs */
	uint64_t wanted;       /* capabilities the table asks for (bits) */
	uint64_t collect_caps; /* what collection started holding */
	uint64_t held;         /* what is held now */
	bool bounding;         /* the bounding set follows held (CAP_SETPCAP) */
	int fds[HD_SANDBOX_MAX_FDS]; /* writable inside, besides 1 and 2 */
	size_t nfds;
	const char *off_reason; /* why it is off; NULL: "--no-sandbox" */
	/* Where it is entered, for a command other than scan (image, diff, merge):
	 * the report's "applied" sentence and the text header's "since ..."
	 * (NULL: scan's wording, after collection or the snapshot's read). */
	const char *applied;
	const char *since;
};

/* Prepare sb: enabled false is --no-sandbox; offline when evaluating a
 * saved snapshot (only reading that file needs a capability). */
void hd_sandbox_init(struct hd_sandbox *sb, bool enabled, bool offline);

/* Phase 1: keep only the collection capabilities hardock has (a user
 * without privileges keeps what it has: nothing) and set no_new_privs.
 * HD_ERR with the message when the kernel refuses. */
int hd_sandbox_begin(struct hd_sandbox *sb);

/* Phase 2: collector has run; drop the capabilities held until it. Fits
 * hd_collect_opts.collected (arg is the sandbox). */
void hd_sandbox_collected(const char *collector, void *arg);

/* Let the filter allow write(2), writev(2) and ftruncate(2) on fd, an
 * output already open. HD_ELIMIT past HD_SANDBOX_MAX_FDS. */
int hd_sandbox_allow_write(struct hd_sandbox *sb, int fd);

/* Phase 3: drop every capability (bounding set included when it can) and
 * load the filter. HD_ERR with the message when the kernel refuses (the
 * caller must then stop: running on unsandboxed would be a silent
 * downgrade). A no-op when disabled. */
int hd_sandbox_enter(struct hd_sandbox *sb);

/* What the sandbox did, for the report's tool block (new reference;
 * for diff and merge, collection_capabilities is what reading held):
 * {"enabled", "applied", "collection_capabilities": [name],
 *  "evaluation_capabilities": [name], "seccomp", "no_new_privs"} or
 * {"enabled": false, "reason": "--no-sandbox"}. */
json_object *hd_sandbox_json(const struct hd_sandbox *sb);

/* The same in one line for the text header (caller frees). */
char *hd_sandbox_summary(const struct hd_sandbox *sb);

/* The policy from the tables: capabilities with their reasons, the
 * syscalls allowed and refused, for `hardock version --verbose`. */
void hd_sandbox_describe(FILE *out);

/* The collectors the capability table names, for a test that each exists:
 * the i-th capability's last collector (NULL: all of collection), and the
 * number of entries. */
size_t hd_sandbox_cap_count(void);
const char *hd_sandbox_cap_until(size_t i);

#endif
