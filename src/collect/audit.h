/* Audit rules (auditctl syntax), parsed from a buffer. */
#ifndef HARDOCK_COLLECT_AUDIT_H
#define HARDOCK_COLLECT_AUDIT_H

#include <stddef.h>
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

#endif
