/*
 * The audited host's users and groups, parsed from its own /etc/passwd and
 * /etc/group (never this machine's NSS), so names resolve as they do on the
 * audited host even under --root.
 */
#ifndef HARDOCK_COLLECT_USERS_H
#define HARDOCK_COLLECT_USERS_H

#include <stddef.h>

struct hd_user {
	char *name;
	long uid;
	long gid;
};

struct hd_group {
	char *name;
	long gid;
	char **members;
	size_t nmembers;
};

struct hd_userdb {
	struct hd_user *users;
	size_t nusers;
	struct hd_group *groups;
	size_t ngroups;
};

/* An empty database. */
struct hd_userdb *hd_userdb_new(void);

/* Append the users of a passwd buffer; malformed lines are skipped and
 * counted in *skipped (may be NULL). */
void hd_passwd_parse(struct hd_userdb *db, const char *text, size_t len,
    size_t *skipped);

/* Append the groups of a group buffer; same rules. */
void hd_group_parse(struct hd_userdb *db, const char *text, size_t len,
    size_t *skipped);

/* root's /etc/passwd and /etc/group, best effort: a file that cannot be
 * read leaves its part empty (names then resolve to NULL). */
struct hd_userdb *hd_userdb_load(const char *root);

/* The first entry with this id or name, as getpwuid() would answer; NULL
 * when none. */
const char *hd_userdb_user_name(const struct hd_userdb *db, long uid);
const char *hd_userdb_group_name(const struct hd_userdb *db, long gid);
const struct hd_user *hd_userdb_user(const struct hd_userdb *db,
    const char *name);
const struct hd_group *hd_userdb_group(const struct hd_userdb *db,
    const char *name);

/* Free db; NULL is accepted. */
void hd_userdb_free(struct hd_userdb *db);

#endif
