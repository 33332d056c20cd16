/*
 * Parsers of host configuration beyond the daemon's own: systemd's INI
 * configuration files (journald.conf, journal-upload.conf, system.conf),
 * syslog daemons' forwarding rules, system-wide environment files, and
 * /proc/net/tcp{,6}. Pure functions of a buffer (the collector in
 * hoststate.c reads the files), so tests and fuzzing need no host tree.
 * Every input is hostile: lines are bounded by the buffer, results capped.
 */
#ifndef HARDOCK_COLLECT_HOSTCONF_H
#define HARDOCK_COLLECT_HOSTCONF_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

/* Most entries one parser appends to its output array. */
#define HD_HOSTCONF_MAX 100

/* The last assignment of key in section [section] of a systemd INI file
 * ("ForwardToSyslog" in [Journal]): 1 with *value (caller frees, quotes
 * kept, blanks trimmed) and *line (1-based), 0 when not assigned. */
int hd_ini_get(char **value, int *line, const char *data, size_t len,
    const char *section, const char *key);

/* Rules of a syslog daemon's configuration that send messages to another
 * host, appended to out as {"rule": str, "source": "PATH:LINE"}: rsyslog's
 * "@host" / "@@host" actions and omfwd / omrelp actions (syslog_ng false),
 * or syslog-ng destinations using network(), tcp(), udp(), tcp6(), udp6()
 * or syslog() (syslog_ng true). *imjournal is set to the line that loads
 * rsyslog's imjournal (which reads the journal itself), else left alone. */
void hd_syslog_forwarding(json_object *out, int *imjournal, const char *data,
    size_t len, const char *path, bool syslog_ng);

/* How a system-wide environment file assigns variables. */
enum hd_env_form {
	HD_ENV_PAM,     /* /etc/environment, environment.d: NAME=VALUE */
	HD_ENV_SHELL,   /* profile scripts: [export|declare -x] NAME=VALUE */
	HD_ENV_SYSTEMD, /* system.conf [Manager] DefaultEnvironment=A=1 "B=2" */
	HD_ENV_UNIT,    /* a unit's [Service] Environment=A=1 "B=2" */
};

/* Assignments of variable name in one file, appended to out as
 * {"value": str (unquoted), "source": "PATH:LINE", "scope": scope}. */
void hd_env_assignments(json_object *out, const char *data, size_t len,
    const char *path, const char *name, enum hd_env_form form,
    const char *scope);

/* Listening TCP sockets of a /proc/net/tcp (v6 false) or tcp6 buffer,
 * appended to out as {"proto": "tcp"|"tcp6", "address": str, "port": int};
 * the header and malformed lines are skipped. */
void hd_proc_net_listen(json_object *out, const char *data, size_t len,
    bool v6);

#endif
