/*
 * /etc/passwd and /etc/group of the audited host, and the members of its
 * docker group: membership of that group is root on the host, so both the
 * supplementary members and the users whose primary group it is count.
 */
#include <stdlib.h>
#include <string.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/hostcfg.h"
#include "collect/users.h"

#define MAX_FIELDS 8

/* An empty database. */
struct hd_userdb *
hd_userdb_new(void)
{
	return hd_xcalloc(1, sizeof(struct hd_userdb));
}

/* Split one line at ':' into at most MAX_FIELDS (start, length) pairs;
 * returns the number of fields. */
static size_t
split_fields(const char *line, size_t n, const char **f, size_t *fl)
{
	size_t nf = 0, start = 0;

	for (size_t i = 0; i <= n && nf < MAX_FIELDS; i++) {
		if (i == n || line[i] == ':') {
			f[nf] = line + start;
			fl[nf++] = i - start;
			start = i + 1;
		}
	}
	return nf;
}

/* Call fn for every line of text that is not blank, a comment, or an NIS
 * compat entry ("+" / "-"), with its fields. */
static void
each_entry(const char *text, size_t len, size_t min_fields, size_t *skipped,
    void (*fn)(struct hd_userdb *, const char **, size_t *), struct hd_userdb *db)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *f[MAX_FIELDS];
		size_t fl[MAX_FIELDS];

		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0 && p[0] != '#' && p[0] != '+' && p[0] != '-') {
			if (memchr(p, '\0', n) == NULL &&
			    split_fields(p, n, f, fl) >= min_fields && fl[0] > 0)
				fn(db, f, fl);
			else if (skipped != NULL)
				(*skipped)++;
		}
		p += n;
		while (p < end && (*p == '\r' || *p == '\n'))
			p++;
	}
}

/* name:passwd:uid:gid:... */
static void
add_user(struct hd_userdb *db, const char **f, size_t *fl)
{
	int64_t uid = hd_parse_dec(f[2], fl[2]), gid = hd_parse_dec(f[3], fl[3]);
	struct hd_user *u;

	if (uid < 0 || gid < 0)
		return;
	db->users = hd_xrealloc(db->users, db->nusers + 1, sizeof(*db->users));
	u = &db->users[db->nusers++];
	u->name = hd_xstrndup(f[0], fl[0]);
	u->uid = uid;
	u->gid = gid;
}

/* name:passwd:gid:member,member */
static void
add_group(struct hd_userdb *db, const char **f, size_t *fl)
{
	int64_t gid = hd_parse_dec(f[2], fl[2]);
	struct hd_group *g;
	const char *m = f[3], *end = f[3] + fl[3];

	if (gid < 0)
		return;
	db->groups = hd_xrealloc(db->groups, db->ngroups + 1, sizeof(*db->groups));
	g = &db->groups[db->ngroups++];
	memset(g, 0, sizeof(*g));
	g->name = hd_xstrndup(f[0], fl[0]);
	g->gid = gid;
	while (m < end) {
		const char *c = memchr(m, ',', (size_t)(end - m));
		size_t n = c ? (size_t)(c - m) : (size_t)(end - m);

		/* Members may carry stray spaces; an empty item is none. */
		while (n > 0 && (*m == ' ' || *m == '\t')) {
			m++;
			n--;
		}
		while (n > 0 && (m[n - 1] == ' ' || m[n - 1] == '\t'))
			n--;
		if (n > 0) {
			g->members = hd_xrealloc(g->members, g->nmembers + 1,
			    sizeof(*g->members));
			g->members[g->nmembers++] = hd_xstrndup(m, n);
		}
		m = c ? c + 1 : end;
	}
}

/* Users of a passwd buffer. */
void
hd_passwd_parse(struct hd_userdb *db, const char *text, size_t len,
    size_t *skipped)
{
	each_entry(text, len, 4, skipped, add_user, db);
}

/* Groups of a group buffer. */
void
hd_group_parse(struct hd_userdb *db, const char *text, size_t len,
    size_t *skipped)
{
	each_entry(text, len, 4, skipped, add_group, db);
}

/* Both files under root, whatever can be read. */
struct hd_userdb *
hd_userdb_load(const char *root)
{
	struct hd_userdb *db = hd_userdb_new();
	struct hd_buf *b;

	if (hd_root_read(&b, root, "/etc/passwd", HD_BUF_CAP_CONFIG) == HD_OK) {
		hd_passwd_parse(db, hd_buf_ptr(b), hd_buf_len(b), NULL);
		hd_buf_free(b);
	}
	if (hd_root_read(&b, root, "/etc/group", HD_BUF_CAP_CONFIG) == HD_OK) {
		hd_group_parse(db, hd_buf_ptr(b), hd_buf_len(b), NULL);
		hd_buf_free(b);
	}
	return db;
}

/* First user with this uid. */
const char *
hd_userdb_user_name(const struct hd_userdb *db, long uid)
{
	for (size_t i = 0; db != NULL && i < db->nusers; i++)
		if (db->users[i].uid == uid)
			return db->users[i].name;
	return NULL;
}

/* First group with this gid. */
const char *
hd_userdb_group_name(const struct hd_userdb *db, long gid)
{
	for (size_t i = 0; db != NULL && i < db->ngroups; i++)
		if (db->groups[i].gid == gid)
			return db->groups[i].name;
	return NULL;
}

/* First user with this name. */
const struct hd_user *
hd_userdb_user(const struct hd_userdb *db, const char *name)
{
	for (size_t i = 0; db != NULL && i < db->nusers; i++)
		if (strcmp(db->users[i].name, name) == 0)
			return &db->users[i];
	return NULL;
}

/* First group with this name. */
const struct hd_group *
hd_userdb_group(const struct hd_userdb *db, const char *name)
{
	for (size_t i = 0; db != NULL && i < db->ngroups; i++)
		if (strcmp(db->groups[i].name, name) == 0)
			return &db->groups[i];
	return NULL;
}

/* Free users, groups and members. */
void
hd_userdb_free(struct hd_userdb *db)
{
	if (db == NULL)
		return;
	for (size_t i = 0; i < db->nusers; i++)
		free(db->users[i].name);
	for (size_t i = 0; i < db->ngroups; i++) {
		for (size_t j = 0; j < db->groups[i].nmembers; j++)
			free(db->groups[i].members[j]);
		free(db->groups[i].members);
		free(db->groups[i].name);
	}
	free(db->users);
	free(db->groups);
	free(db);
}

/* host.docker_group from /etc/group (supplementary) and /etc/passwd
 * (primary); absent when the host has no docker group. */
void
hd_collect_docker_group(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	struct hd_userdb *db = hd_userdb_new();
	const struct hd_group *g;
	json_object *v, *members, *primary;
	struct hd_buf *b;
	int r;

	if ((r = hd_root_read(&b, o->root, "/etc/group", HD_BUF_CAP_CONFIG)) < 0) {
		hd_fact_from_error(s, HD_F_DOCKER_GROUP, "/etc/group", r);
		goto out;
	}
	hd_group_parse(db, hd_buf_ptr(b), hd_buf_len(b), NULL);
	hd_buf_free(b);
	if ((g = hd_userdb_group(db, "docker")) == NULL) {
		hd_snapshot_set_absent(s, HD_F_DOCKER_GROUP, "/etc/group",
		    "no group named docker in /etc/group");
		goto out;
	}
	/* Without /etc/passwd the primary members are unknown, not none. */
	if ((r = hd_root_read(&b, o->root, "/etc/passwd", HD_BUF_CAP_CONFIG)) < 0) {
		hd_fact_from_error(s, HD_F_DOCKER_GROUP, "/etc/passwd", r);
		goto out;
	}
	hd_passwd_parse(db, hd_buf_ptr(b), hd_buf_len(b), NULL);
	hd_buf_free(b);
	v = json_object_new_object();
	members = json_object_new_array();
	primary = json_object_new_array();
	for (size_t i = 0; i < g->nmembers; i++)
		json_object_array_add(members, json_object_new_string(g->members[i]));
	for (size_t i = 0; i < db->nusers; i++)
		if (db->users[i].gid == g->gid)
			json_object_array_add(primary,
			    json_object_new_string(db->users[i].name));
	json_object_object_add(v, "gid", json_object_new_int64(g->gid));
	json_object_object_add(v, "members", members);
	json_object_object_add(v, "primary", primary);
	hd_snapshot_set_value(s, HD_F_DOCKER_GROUP, v, "/etc/group, /etc/passwd");
out:
	hd_userdb_free(db);
}
