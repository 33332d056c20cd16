/* Fuzz the small parsers of host files and client configuration, one
 * target for all: the first line names the parser, the rest is the file.
 *   kconfig     /boot/config-*          gunzip   /proc/config.gz
 *   cgroups     /proc/cgroups           words    cgroup.controllers
 *   apparmor    apparmor/profiles       subid    /etc/subuid, /etc/subgid
 *   passwd      /etc/passwd (the user database, and the rootless
 *               daemons' owner lookup and user list)
 *   group       /etc/group
 *   userns      daemon.json userns-remap value
 *   url         -H / DOCKER_HOST value  config   ~/.docker/config.json
 *   context     a context's meta.json   swarm    docker-state.json */
#include <stdlib.h>
#include <string.h>

#include <hardock/buf.h>

#include "collect/collectors.h"
#include "collect/daemon.h"
#include "collect/dockerhost.h"
#include "collect/kernel.h"
#include "collect/lsm.h"
#include "collect/userns.h"
#include "collect/users.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

/* Look up names and ids in a parsed user database. */
static void
query(const struct hd_userdb *db)
{
	hd_userdb_user_name(db, 0);
	hd_userdb_group_name(db, 999);
	hd_userdb_user(db, "root");
	hd_userdb_group(db, "docker");
}

/* The parsers that take a NUL-terminated string. */
static void
string_parsers(const char *which, const char *s)
{
	char *a = NULL, *b = NULL;

	if (strcmp(which, "userns") == 0) {
		if (hd_userns_spec(&a, &b, s) == 0) {
			free(a);
			free(b);
		}
	} else if (strcmp(which, "url") == 0) {
		if (hd_engine_url_parse(&a, s) == 0)
			free(a);
	}
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	const char *text = (const char *)data, *nl = memchr(text, '\n', len);
	size_t wl = nl ? (size_t)(nl - text) : len, n = nl ? len - wl - 1 : 0;
	const char *p = nl ? nl + 1 : text + len;
	char which[16], *s, *name = NULL, *host = NULL;
	struct hd_userdb *db;
	struct hd_buf *b = NULL;
	json_object *o = NULL;
	size_t skipped = 0;
	bool skip;

	if (wl >= sizeof(which))
		return 0;
	memcpy(which, text, wl);
	which[wl] = '\0';
	if (strcmp(which, "kconfig") == 0) {
		o = hd_kconfig_parse(p, n, &skipped);
	} else if (strcmp(which, "gunzip") == 0) {
		if (hd_gunzip(&b, p, n, 1u << 20) == 0)
			o = hd_kconfig_parse(hd_buf_ptr(b), hd_buf_len(b), NULL);
		hd_buf_free(b);
	} else if (strcmp(which, "cgroups") == 0) {
		o = hd_proc_cgroups_parse(p, n);
	} else if (strcmp(which, "words") == 0) {
		o = hd_words_parse(p, n);
	} else if (strcmp(which, "apparmor") == 0) {
		o = hd_apparmor_profiles_parse(p, n, &skipped);
	} else if (strcmp(which, "subid") == 0) {
		o = hd_subid_parse(p, n, "dockremap", NULL);
		json_object_put(o);
		o = hd_subid_parse(p, n, "nobody", "1000");
	} else if (strcmp(which, "passwd") == 0 || strcmp(which, "group") == 0) {
		db = hd_userdb_new();
		if (which[0] == 'p')
			hd_passwd_parse(db, p, n, &skipped);
		else
			hd_group_parse(db, p, n, &skipped);
		query(db);
		hd_userdb_free(db);
		if (which[0] == 'p') {
			/* daemon_proc.c reads /etc/passwd on its own too. */
			if (hd_passwd_lookup(&name, &host, p, n, 1000) == 0) {
				free(name);
				free(host);
			}
			o = hd_passwd_users(p, n, 1000);
		}
	} else if (strcmp(which, "config") == 0) {
		if (hd_docker_config_current(&name, p, n) == 0)
			free(name);
	} else if (strcmp(which, "context") == 0) {
		if (hd_context_meta_parse(&name, &host, &skip, p, n) == 0) {
			free(name);
			free(host);
		}
	} else if (strcmp(which, "swarm") == 0) {
		hd_swarm_state_parse(&o, p, n);
	} else {
		/* The rest take a string: NUL-terminate a copy. */
		s = hd_xstrndup(p, n);
		string_parsers(which, s);
		free(s);
	}
	if (o != NULL)
		json_object_to_json_string(o);
	json_object_put(o);
	return 0;
}
