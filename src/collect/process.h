/* Processes from /proc: status fields and cgroup membership, parsed from
 * buffers; capability masks decoded with libcap. */
#ifndef HARDOCK_COLLECT_PROCESS_H
#define HARDOCK_COLLECT_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

struct hd_proc_status {
	uint64_t cap_eff, cap_prm, cap_bnd;
	int seccomp;      /* 0, 1, 2; -1 when the kernel does not say */
	int no_new_privs; /* 0, 1; -1 when the kernel does not say */
	long uid;         /* effective uid */
};

/* Parse /proc/PID/status; HD_EPARSE when CapEff, CapPrm, CapBnd or Uid is
 * missing or malformed. */
int hd_proc_status_parse(struct hd_proc_status *st, const char *text,
    size_t len);

/* The state letter of a /proc/PID/status buffer ('S', 'R', 'Z'...), or
 * '\0' when it has no State line. */
char hd_proc_state(const char *text, size_t len);

/* Whether a state letter is a process that has exited: a zombie (Z) or
 * dead (X), whose exe, cmdline and environ are already gone. */
bool hd_proc_exited(char state);

/* The capability names of a mask ("cap_chown", ...), lower case, in bit
 * order; bits libcap does not know appear as their number. */
json_object *hd_cap_names(uint64_t mask);

/* Whether a /proc/PID/cgroup buffer puts the process in the container
 * with this full id: some path component is exactly ID, docker-ID.scope or
 * libpod-ID.scope (cgroup v1 /docker/ID and v2 systemd scopes alike). */
bool hd_cgroup_names_container(const char *text, size_t len, const char *id);

#endif
