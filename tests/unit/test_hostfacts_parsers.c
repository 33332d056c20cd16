/* Unit tests of the host collectors' pure parsers: passwd/group,
 * mountinfo, AppArmor profiles, kernel config (and gzip), audit rules,
 * subuid/subgid, /proc/PID/status, capability names, cgroup membership,
 * and the capped, timed runner used for auditctl -l. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "testutil.h"

#include <hardock/buf.h>
#include <hardock/common.h>

#include "collect/audit.h"
#include "collect/kernel.h"
#include "collect/lsm.h"
#include "collect/mounts.h"
#include "collect/process.h"
#include "collect/run.h"
#include "collect/users.h"
#include "collect/userns.h"

/* The string member key of o, "" when missing. */
static const char *
str_of(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	return json_object_get_string(v);
}

START_TEST(passwd_group)
{
	const char *pw = "root:x:0:0:root:/root:/bin/bash\n"
	    "# comment\n\n"
	    "alice:x:1000:1000::/home/alice:/bin/sh\r\n"
	    "short:x:5\n"
	    "badid:x:12a:0::/:/bin/sh\n"
	    "+nis::::::\n"
	    "root2:x:0:0::/:/bin/sh\n"
	    "bob:x:1001:999::/:/bin/sh";
	const char *gr = "root:x:0:\ndocker:x:999:alice, carol,,\nempty:x:5:\n"
	    "bad:x:-1:alice\n";
	struct hd_userdb *db = hd_userdb_new();
	const struct hd_group *g;
	size_t skipped = 0;

	hd_passwd_parse(db, pw, strlen(pw), &skipped);
	hd_group_parse(db, gr, strlen(gr), NULL);
	ck_assert_uint_eq(skipped, 1); /* "short:x:5" has too few fields */
	ck_assert_uint_eq(db->nusers, 4); /* root, alice, root2, bob */
	ck_assert_str_eq(hd_userdb_user_name(db, 0), "root"); /* first wins */
	ck_assert_str_eq(hd_userdb_user_name(db, 1000), "alice");
	ck_assert_ptr_null(hd_userdb_user_name(db, 12));
	ck_assert_int_eq(hd_userdb_user(db, "bob")->gid, 999);
	ck_assert_ptr_null(hd_userdb_user(db, "badid"));
	g = hd_userdb_group(db, "docker");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->gid, 999);
	ck_assert_uint_eq(g->nmembers, 2);
	ck_assert_str_eq(g->members[0], "alice");
	ck_assert_str_eq(g->members[1], "carol");
	ck_assert_uint_eq(hd_userdb_group(db, "empty")->nmembers, 0);
	ck_assert_ptr_null(hd_userdb_group(db, "bad"));
	ck_assert_str_eq(hd_userdb_group_name(db, 999), "docker");
	hd_userdb_free(db);
	hd_userdb_free(NULL);
}
END_TEST

START_TEST(mountinfo)
{
	const char *mi =
	    "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
	    "40 22 254:16 / /var/lib/docker rw shared:20 master:3 - xfs /dev/mapper/vg-d rw\n"
	    "41 22 254:17 / /var/lib/docker-old rw - ext4 /dev/vdc rw\n"
	    "42 22 8:1 / /mnt/my\\040disk\\134x rw - ext4 /dev/sdb\\0401 rw\n"
	    "43 22 8:2 / /var/lib/docker rw - tmpfs over rw\n";
	struct hd_mounts *m = NULL;
	const struct hd_mount *f;
	char *u;

	ck_assert_int_eq(hd_mountinfo_parse(&m, mi, strlen(mi)), 0);
	ck_assert_uint_eq(m->n, 5);
	ck_assert_str_eq(m->v[3].mount_point, "/mnt/my disk\\x");
	ck_assert_str_eq(m->v[3].source, "/dev/sdb 1");
	/* The last of two mounts on one point is the visible one. */
	f = hd_mounts_find(m, "/var/lib/docker");
	ck_assert_str_eq(f->fstype, "tmpfs");
	f = hd_mounts_find(m, "/var/lib/docker/overlay2");
	ck_assert_str_eq(f->mount_point, "/var/lib/docker");
	/* A sibling with a common prefix is not a parent. */
	f = hd_mounts_find(m, "/var/lib/dockerx");
	ck_assert_str_eq(f->mount_point, "/");
	f = hd_mounts_find(m, "/var/lib/docker-old/x");
	ck_assert_str_eq(f->source, "/dev/vdc");
	hd_mounts_free(m);

	m = (void *)1;
	ck_assert_int_eq(hd_mountinfo_parse(&m, "22 1 254:0 / / rw\n", 18),
	    HD_EPARSE);
	ck_assert_ptr_null(m);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "line 1"));
	ck_assert_int_eq(hd_mountinfo_parse(&m,
	    "22 1 254:0 / / rw - ext4 /dev/a rw\n1 2 3\n", 39), HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "line 2"));

	u = hd_unescape_octal("a\\040b\\0", 8);
	ck_assert_str_eq(u, "a b\\0"); /* an incomplete escape stays as is */
	free(u);
	hd_mounts_free(NULL);
}
END_TEST

START_TEST(apparmor_profiles)
{
	const char *t = "docker-default (enforce)\n"
	    "/usr/sbin/cupsd (complain)\n"
	    "name with (parens) inside (enforce)\n"
	    "no mode here\n"
	    "() \n"
	    "x (kill)";
	size_t skipped = 0;
	json_object *p = hd_apparmor_profiles_parse(t, strlen(t), &skipped);

	ck_assert_int_eq(json_object_object_length(p), 4);
	ck_assert_str_eq(str_of(p, "docker-default"), "enforce");
	ck_assert_str_eq(str_of(p, "/usr/sbin/cupsd"), "complain");
	ck_assert_str_eq(str_of(p, "name with (parens) inside"), "enforce");
	ck_assert_str_eq(str_of(p, "x"), "kill");
	ck_assert_uint_eq(skipped, 2);
	json_object_put(p);
}
END_TEST

/* gzip text with zlib (deflateInit2 with a gzip header). */
static size_t
gzip_text(unsigned char *out, size_t cap, const char *text)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	ck_assert_int_eq(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)text;
	z.avail_in = (uInt)strlen(text);
	z.next_out = out;
	z.avail_out = (uInt)cap;
	ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	return cap - z.avail_out;
}

START_TEST(kernel_config)
{
	const char *cfg = "#\n# Linux/x86 5.15 Kernel Configuration\n#\n"
	    "CONFIG_CC_VERSION_TEXT=\"gcc 12\"\n"
	    "CONFIG_USER_NS=y\n"
	    "CONFIG_OVERLAY_FS=m\n"
	    "# CONFIG_STRICT_DEVMEM is not set\n"
	    "# CONFIG_lower is not set\n"
	    "CONFIG_NR_CPUS=64\r\n"
	    "# just a comment\n"
	    "NOT_CONFIG=y\n"
	    "CONFIG_=y\n";
	unsigned char gz[4096];
	struct hd_buf *b = NULL;
	size_t skipped = 0, n;
	json_object *o = hd_kconfig_parse(cfg, strlen(cfg), &skipped);

	ck_assert_str_eq(str_of(o, "CONFIG_CC_VERSION_TEXT"), "gcc 12");
	ck_assert_str_eq(str_of(o, "CONFIG_USER_NS"), "y");
	ck_assert_str_eq(str_of(o, "CONFIG_OVERLAY_FS"), "m");
	ck_assert_str_eq(str_of(o, "CONFIG_STRICT_DEVMEM"), "n");
	ck_assert_str_eq(str_of(o, "CONFIG_lower"), "n");
	ck_assert_str_eq(str_of(o, "CONFIG_NR_CPUS"), "64");
	ck_assert_int_eq(json_object_object_length(o), 6);
	ck_assert_uint_eq(skipped, 2);
	json_object_put(o);

	n = gzip_text(gz, sizeof(gz), cfg);
	ck_assert_int_eq(hd_gunzip(&b, gz, n, 1 << 20), 0);
	ck_assert_uint_eq(hd_buf_len(b), strlen(cfg));
	ck_assert_str_eq(hd_buf_ptr(b), cfg);
	hd_buf_free(b);
	/* Output cap: a bomb stops at the cap. */
	ck_assert_int_eq(hd_gunzip(&b, gz, n, 16), HD_ELIMIT);
	ck_assert_ptr_null(b);
	/* Truncated and corrupt data are parse errors, not hangs. */
	ck_assert_int_eq(hd_gunzip(&b, gz, n / 2, 1 << 20), HD_EPARSE);
	ck_assert_int_eq(hd_gunzip(&b, "not gzip at all", 15, 1 << 20), HD_EPARSE);
	ck_assert_int_eq(hd_gunzip(&b, "", 0, 1 << 20), HD_EPARSE);
}
END_TEST

START_TEST(cgroup_lists)
{
	const char *pc = "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
	    "cpuset\t7\t4\t1\nnet_prio\t0\t1\t0\npids\t5\t90\t1\ngarbage\n"
	    /* Numbers no int holds, or not numbers: not an enabled row. */
	    "huge\t99999999999999999999\t1\t1\nneg\t-1\t1\t1\nx\t1\t1\t1x\n";
	json_object *a = hd_proc_cgroups_parse(pc, strlen(pc));

	ck_assert_str_eq(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN),
	    "[\"cpuset\",\"pids\"]");
	json_object_put(a);
	a = hd_words_parse(" cpu  io\tmemory\n", 16);
	ck_assert_str_eq(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN),
	    "[\"cpu\",\"io\",\"memory\"]");
	json_object_put(a);
}
END_TEST

/* Rule i of a as "path perms key form source". */
static char *
rule_text(json_object *a, size_t i)
{
	json_object *r = json_object_array_get_idx(a, i), *k;
	const char *key = "null";

	if (json_object_object_get_ex(r, "key", &k) && k != NULL)
		key = json_object_get_string(k);
	return hd_xasprintf("%s %s %s %s %s", str_of(r, "path"), str_of(r, "perms"),
	    key, str_of(r, "form"), str_of(r, "source"));
}

/* Assert rule i of a reads as want. */
static void
assert_rule(json_object *a, size_t i, const char *want)
{
	char *t = rule_text(a, i);

	ck_assert_str_eq(t, want);
	free(t);
}

START_TEST(audit_rules)
{
	const char *t =
	    "## comment\n"
	    "-D\n"
	    "-b 8192\n"
	    "\n"
	    "-w /usr/bin/dockerd -p rwxa -k docker\n"
	    "-w /var/lib/docker/ -k docker\n"
	    "-w /etc/docker -p aw\n"
	    "-a always,exit -F arch=b64 -S all -F path=/run/containerd -F perm=wa -k containerd\n"
	    "-a exit,always -F dir=/etc/docker/certs.d -F perm=r -F key=certs\n"
	    "-A always,exit -F path=/usr/bin/runc\n"
	    "-a never,exit -F path=/usr/bin/containerd\n"
	    "-a always,exit -F arch=b64 -S adjtimex -k time\n"
	    "-a always,task\n"
	    "this is garbage\n"
	    "-w /etc/docker -p bogus\n"
	    "-w relative/path\n"
	    "-a sometimes,exit -F path=/x\n"
	    "-a always,exit -F path=/x -Z\n"
	    "-e 2\n";
	json_object *a = json_object_new_array(), *u = json_object_new_array();
	size_t garbage = hd_audit_parse(a, u, "/etc/audit/audit.rules", t, strlen(t));

	ck_assert_uint_eq(json_object_array_length(a), 6);
	assert_rule(a, 0, "/usr/bin/dockerd rwxa docker watch /etc/audit/audit.rules:5");
	assert_rule(a, 1, "/var/lib/docker rwxa docker watch /etc/audit/audit.rules:6");
	assert_rule(a, 2, "/etc/docker wa null watch /etc/audit/audit.rules:7");
	assert_rule(a, 3, "/run/containerd wa containerd path /etc/audit/audit.rules:8");
	assert_rule(a, 4, "/etc/docker/certs.d r certs dir /etc/audit/audit.rules:9");
	assert_rule(a, 5, "/usr/bin/runc rwxa null path /etc/audit/audit.rules:10");
	ck_assert_uint_eq(garbage, 5);
	ck_assert_str_eq(json_object_to_json_string_ext(u, JSON_C_TO_STRING_PLAIN),
	    "[\"\\/etc\\/audit\\/audit.rules:14\",\"\\/etc\\/audit\\/audit.rules:15\","
	    "\"\\/etc\\/audit\\/audit.rules:16\",\"\\/etc\\/audit\\/audit.rules:17\","
	    "\"\\/etc\\/audit\\/audit.rules:18\"]");
	json_object_put(a);
	json_object_put(u);
}
END_TEST

/* auditctl -l prints watches in the syscall form on newer versions; paths
 * are kept exactly, so a longer path never stands in for a shorter one. */
START_TEST(audit_exact_paths)
{
	const char *t =
	    "-w /usr/bin/dockerd-wrapper -p x -k w\n"
	    "-a always,exit -F arch=b64 -S all -F path=/usr/bin/dockerd.bak -F perm=wa -F key=k\n"
	    "-w /etc/docker/daemon.json.d -p wa\n"
	    "No rules\n";
	json_object *a = json_object_new_array();
	size_t garbage = hd_audit_parse(a, NULL, "auditctl -l", t, strlen(t));

	ck_assert_uint_eq(garbage, 0);
	ck_assert_uint_eq(json_object_array_length(a), 3);
	for (size_t i = 0; i < 3; i++) {
		const char *p = str_of(json_object_array_get_idx(a, i), "path");

		ck_assert_str_ne(p, "/usr/bin/dockerd");
		ck_assert_str_ne(p, "/etc/docker/daemon.json");
	}
	assert_rule(a, 1, "/usr/bin/dockerd.bak wa k path auditctl -l:2");
	json_object_put(a);
}
END_TEST

START_TEST(subids)
{
	const char *t = "alice:100000:65536\n"
	    "dockremap:165536:65536\n"
	    "dockremap:231072:bogus\n"
	    "996:300000:1000\r\n"
	    "dockremapx:400000:65536\n"
	    "dockremap:500000:0\n"
	    "dockremap\n"
	    "dockremap:600000:10";
	json_object *a = hd_subid_parse(t, strlen(t), "dockremap", "996");
	char *u, *g;

	ck_assert_str_eq(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN),
	    "[{\"start\":165536,\"count\":65536},{\"start\":300000,\"count\":1000},"
	    "{\"start\":600000,\"count\":10}]");
	json_object_put(a);
	a = hd_subid_parse(t, strlen(t), "nobody", NULL);
	ck_assert_uint_eq(json_object_array_length(a), 0);
	json_object_put(a);

	ck_assert_int_eq(hd_userns_spec(&u, &g, "default"), 0);
	ck_assert_str_eq(u, "dockremap");
	ck_assert_str_eq(g, "dockremap");
	free(u);
	free(g);
	ck_assert_int_eq(hd_userns_spec(&u, &g, "alice:staff"), 0);
	ck_assert_str_eq(u, "alice");
	ck_assert_str_eq(g, "staff");
	free(u);
	free(g);
	ck_assert_int_eq(hd_userns_spec(&u, &g, "alice"), 0);
	ck_assert_str_eq(g, "alice");
	free(u);
	free(g);
	ck_assert_int_eq(hd_userns_spec(&u, &g, "alice:"), HD_EPARSE);
	ck_assert_ptr_null(u);
	ck_assert_int_eq(hd_userns_spec(&u, &g, ":x"), HD_EPARSE);
	ck_assert_int_eq(hd_userns_spec(&u, &g, "a:b:c"), HD_EPARSE);
}
END_TEST

START_TEST(proc_status)
{
	const char *t = "Name:\tsh\nUid:\t1000\t165536\t0\t0\n"
	    "CapPrm:\t00000000a80425fb\nCapEff:\t00000000a80425fb\n"
	    "CapBnd:\t000001ffffffffff\nNoNewPrivs:\t1\nSeccomp:\t2\n";
	struct hd_proc_status st;
	json_object *a;

	ck_assert_int_eq(hd_proc_status_parse(&st, t, strlen(t)), 0);
	ck_assert_int_eq(st.uid, 165536); /* the effective uid */
	ck_assert_int_eq(st.seccomp, 2);
	ck_assert_int_eq(st.no_new_privs, 1);
	ck_assert(st.cap_eff == 0xa80425fbULL);
	a = hd_cap_names(st.cap_eff);
	ck_assert_str_eq(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN),
	    "[\"cap_chown\",\"cap_dac_override\",\"cap_fowner\",\"cap_fsetid\","
	    "\"cap_kill\",\"cap_setgid\",\"cap_setuid\",\"cap_setpcap\","
	    "\"cap_net_bind_service\",\"cap_net_raw\",\"cap_sys_chroot\","
	    "\"cap_mknod\",\"cap_audit_write\",\"cap_setfcap\"]");
	json_object_put(a);
	a = hd_cap_names((uint64_t)1 << 21);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(a, 0)),
	    "cap_sys_admin");
	json_object_put(a);
	a = hd_cap_names((uint64_t)1 << 63);
	ck_assert_uint_eq(json_object_array_length(a), 1);
	json_object_put(a);

	/* An old kernel without Seccomp/NoNewPrivs lines: unknown, not 0. */
	t = "Uid:\t0\t0\t0\t0\nCapPrm:\t0\nCapEff:\t0\nCapBnd:\t1\n";
	ck_assert_int_eq(hd_proc_status_parse(&st, t, strlen(t)), 0);
	ck_assert_int_eq(st.seccomp, -1);
	ck_assert_int_eq(st.no_new_privs, -1);
	t = "CapEff:\tzz\n";
	ck_assert_int_eq(hd_proc_status_parse(&st, t, strlen(t)), HD_EPARSE);
	/* 17 hex digits do not fit a mask. */
	t = "Uid:\t0\t0\t0\t0\nCapPrm:\t0\nCapEff:\t00000000000000000\nCapBnd:\t1\n";
	ck_assert_int_eq(hd_proc_status_parse(&st, t, strlen(t)), HD_EPARSE);
}
END_TEST

START_TEST(cgroup_membership)
{
	char id[65], cg[512];

	memset(id, 'a', 64);
	id[64] = '\0';
	snprintf(cg, sizeof(cg), "0::/system.slice/docker-%s.scope\n", id);
	ck_assert(hd_cgroup_names_container(cg, strlen(cg), id));
	snprintf(cg, sizeof(cg), "12:pids:/docker/%s\n", id);
	ck_assert(hd_cgroup_names_container(cg, strlen(cg), id));
	snprintf(cg, sizeof(cg), "0::/system.slice/docker-%s.scope/init", id);
	ck_assert(hd_cgroup_names_container(cg, strlen(cg), id));
	snprintf(cg, sizeof(cg), "1:name=systemd:/machine.slice/libpod-%s.scope\n", id);
	ck_assert(hd_cgroup_names_container(cg, strlen(cg), id));
	/* Near misses never count. */
	snprintf(cg, sizeof(cg), "0::/system.slice/docker-%sx.scope\n", id);
	ck_assert(!hd_cgroup_names_container(cg, strlen(cg), id));
	snprintf(cg, sizeof(cg), "0::/tmp/%s-suffix\n0::/x%s\n", id, id);
	ck_assert(!hd_cgroup_names_container(cg, strlen(cg), id));
	snprintf(cg, sizeof(cg), "0::/docker/%.63s\n", id);
	ck_assert(!hd_cgroup_names_container(cg, strlen(cg), id));
	/* The controllers field is not a path. */
	snprintf(cg, sizeof(cg), "3:%s:/\n", id);
	ck_assert(!hd_cgroup_names_container(cg, strlen(cg), id));
	ck_assert(!hd_cgroup_names_container("0::/docker/abc\n", 15, "abc"));
}
END_TEST

START_TEST(run_capture)
{
	char *echo[] = { "echo", "-n", "hello", NULL };
	char *sleep[] = { "sleep", "10", NULL };
	char *yes[] = { "yes", NULL };
	char *f[] = { "false", NULL };
	struct hd_buf *b = NULL;
	time_t t0;

	ck_assert_int_eq(hd_run_capture(&b, "/bin/echo", echo, 5000, 1024), 0);
	ck_assert_str_eq(hd_buf_ptr(b), "hello");
	hd_buf_free(b);
	t0 = time(NULL);
	ck_assert_int_eq(hd_run_capture(&b, "/bin/sleep", sleep, 200, 1024), HD_ERR);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "timed out"));
	ck_assert_int_le(time(NULL) - t0, 3);
	ck_assert_int_eq(hd_run_capture(&b, "/usr/bin/yes", yes, 5000, 4096),
	    HD_ELIMIT);
	ck_assert_int_eq(hd_run_capture(&b, "/bin/false", f, 5000, 1024), HD_EIO);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "status 1"));
	ck_assert_int_eq(hd_run_capture(&b, "/nonexistent/tool", f, 5000, 1024),
	    HD_EIO);
	ck_assert_ptr_null(b);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("hostfacts_parsers");
	TCase *tc = tcase_create("parsers");

	tcase_add_test(tc, passwd_group);
	tcase_add_test(tc, mountinfo);
	tcase_add_test(tc, apparmor_profiles);
	tcase_add_test(tc, kernel_config);
	tcase_add_test(tc, cgroup_lists);
	tcase_add_test(tc, audit_rules);
	tcase_add_test(tc, audit_exact_paths);
	tcase_add_test(tc, subids);
	tcase_add_test(tc, proc_status);
	tcase_add_test(tc, cgroup_membership);
	tcase_add_test(tc, run_capture);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
