/*
 * AppArmor and SELinux state from the audited host's /sys: whether the
 * module is in the kernel, enabled or enforcing, and which AppArmor
 * profiles are loaded (docker-default is what containers get by default).
 */
#include <stdlib.h>
#include <string.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/hostcfg.h"
#include "collect/lsm.h"

#define AA_ENABLED "/sys/module/apparmor/parameters/enabled"
#define AA_PROFILES "/sys/kernel/security/apparmor/profiles"
#define SE_ENFORCE "/sys/fs/selinux/enforce"

/* Line by line; the mode is the last parenthesised word. */
json_object *
hd_apparmor_profiles_parse(const char *text, size_t len, size_t *skipped)
{
	json_object *profiles = json_object_new_object();
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *open = NULL;

		/* The mode is the last parenthesised word; names may hold spaces. */
		for (size_t i = n; i >= 2; i--)
			if (p[i - 2] == ' ' && p[i - 1] == '(') {
				open = p + i - 1;
				break;
			}
		if (n > 0 && memchr(p, '\0', n) == NULL && open != NULL &&
		    open - 1 > p && p[n - 1] == ')' && p + n - 1 > open + 1) {
			char *name = hd_xstrndup(p, (size_t)(open - 1 - p));
			char *mode = hd_xstrndup(open + 1, (size_t)(p + n - 2 - open));

			json_object_object_add(profiles, name, json_object_new_string(mode));
			free(name);
			free(mode);
		} else if (n > 0 && skipped != NULL) {
			(*skipped)++;
		}
		p += n + 1;
	}
	return profiles;
}

/* lsm.apparmor: absent without the module; an error when it is enabled but
 * its profile list cannot be read (a guess would decide checks wrongly). */
static void
collect_apparmor(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	json_object *v, *profiles, *dd;
	struct hd_buf *b = NULL;
	char *enabled = NULL;
	bool on;
	int r;

	if ((r = hd_root_read_line(&enabled, o->root, AA_ENABLED)) == HD_ENOTFOUND) {
		hd_snapshot_set_absent(s, HD_F_APPARMOR, AA_ENABLED,
		    "the kernel has no AppArmor (%s does not exist)", AA_ENABLED);
		return;
	}
	if (r < 0) {
		hd_fact_from_error(s, HD_F_APPARMOR, AA_ENABLED, r);
		return;
	}
	on = strcmp(enabled, "Y") == 0;
	free(enabled);
	r = hd_root_read(&b, o->root, AA_PROFILES, HD_BUF_CAP_PROC);
	if (r < 0 && (on || r != HD_ENOTFOUND)) {
		if (r == HD_EACCES)
			hd_snapshot_set_error(s, HD_F_APPARMOR, AA_PROFILES,
			    "permission denied");
		else
			hd_snapshot_set_error(s, HD_F_APPARMOR, AA_PROFILES, "%s",
			    hd_error_last());
		return;
	}
	profiles = b ? hd_apparmor_profiles_parse(hd_buf_ptr(b), hd_buf_len(b),
	    NULL) : json_object_new_object();
	hd_buf_free(b);
	v = json_object_new_object();
	json_object_object_add(v, "enabled", json_object_new_boolean(on));
	json_object_object_add(v, "docker_default", json_object_new_boolean(
	    json_object_object_get_ex(profiles, "docker-default", &dd)));
	json_object_object_add(v, "profiles", profiles);
	hd_snapshot_set_value(s, HD_F_APPARMOR, v, AA_ENABLED ", " AA_PROFILES);
}

/* lsm.selinux: selinuxfs's enforce file exists only with SELinux on. */
static void
collect_selinux(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	json_object *v;
	char *enforce = NULL;
	int r;

	if ((r = hd_root_read_line(&enforce, o->root, SE_ENFORCE)) == HD_ENOTFOUND) {
		hd_snapshot_set_absent(s, HD_F_SELINUX, SE_ENFORCE,
		    "SELinux is not enabled (%s does not exist)", SE_ENFORCE);
		return;
	}
	if (r < 0) {
		hd_fact_from_error(s, HD_F_SELINUX, SE_ENFORCE, r);
		return;
	}
	v = json_object_new_object();
	json_object_object_add(v, "enabled", json_object_new_boolean(true));
	json_object_object_add(v, "enforcing",
	    json_object_new_boolean(strcmp(enforce, "1") == 0));
	free(enforce);
	hd_snapshot_set_value(s, HD_F_SELINUX, v, SE_ENFORCE);
}

/* AppArmor, then SELinux. */
void
hd_collect_lsm(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	collect_apparmor(s, o);
	collect_selinux(s, o);
}
