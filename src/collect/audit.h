/* Audit rules (auditctl syntax), parsed from a buffer. */
#ifndef HARDOCK_COLLECT_AUDIT_H
#define HARDOCK_COLLECT_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

/*
 * Append to rules (an array) every file watch in text, in either form:
 *   -w PATH [-p PERMS] [-k KEY]                        form "watch"
 *   -a always,exit [-F arch=..] [-S ..] -F path=PATH [-F perm=P] [-k KEY]
 *                                                      form "path"
 *   the same with -F dir=PATH                          form "dir"
 * (also "exit,always", -A, and -F key=KEY). Each rule is {"path", "perms"
 * (subset of "rwxa" in that order; all four when not restricted), "key"
 * (str or null), "form", "source": "SOURCE:LINE"}. Paths are kept exactly,
 * only trailing slashes dropped. Comments, blank lines, control lines
 * (-D, -b, -e, ...), syscall rules without a path and "never" rules add
 * nothing; any other line is garbage: skipped, counted in the result and,
 * when unparsed is not NULL, its "SOURCE:LINE" appended there (while that
 * array holds fewer than HD_AUDIT_MAX_UNPARSED entries).
 */
#define HD_AUDIT_MAX_UNPARSED 100
size_t hd_audit_parse(json_object *rules, json_object *unparsed,
    const char *source, const char *text, size_t len);

/* ---- The kernel's loaded rules (audit_netlink.c) ------------------------ */

/* Decode one AUDIT_LIST_RULES payload (struct audit_rule_data, len bytes)
 * and append it to rules in the shape above when it watches a path (an
 * "always" rule of the exit list with a watch or dir field; "form" is
 * "watch" or "dir", "source" "AUDIT_LIST_RULES:index"). 1 appended, 0 a
 * rule that watches no path, HD_EPARSE when malformed (counts or string
 * lengths that overrun the buffer, a path that is not absolute). */
int hd_audit_rule_decode(json_object *rules, const void *data, size_t len,
    size_t index);

/* Progress of one request over the audit netlink socket. */
struct hd_audit_nl {
	json_object *rules; /* decoded watch rules are appended here */
	uint32_t seq;       /* the request whose answers count */
	size_t nrules;      /* AUDIT_LIST_RULES payloads seen */
	size_t messages;
	int enabled;        /* AUDIT_GET: 0 off, 1 on, 2 locked */
	int err;            /* errno the kernel answered with, or 0 */
	bool acked, done;
};

/* Parse one buffer of netlink messages as received (several messages,
 * possibly of other sequence numbers, which are skipped): rules and
 * status into st, done set at NLMSG_DONE or the AUDIT_GET status. A
 * netlink error answer is HD_EACCES (EPERM, ECONNREFUSED: not allowed
 * here) or HD_EIO with its strerror; HD_EPARSE on malformed input. */
int hd_audit_nl_parse(struct hd_audit_nl *st, const void *buf, size_t len);

/* Ask the running kernel (AUDIT_GET, AUDIT_LIST_RULES): *rules a new
 * array of watch rules, *enabled the audit_status enabled flag.
 * HD_ENOTFOUND when the kernel has no audit support (no NETLINK_AUDIT),
 * HD_EACCES when it refuses, HD_EIO otherwise, with the message set. */
int hd_audit_nl_read(json_object **rules, int *enabled);

#endif
