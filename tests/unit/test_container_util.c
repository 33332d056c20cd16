/* The container helpers shared by the checks (checks/container_util.c). */
#include "container_util.h"
#include <sys/capability.h>

#include "testutil.h"

START_TEST(path_clean)
{
	static const char *const cases[][2] = {
		{ "/", "/" }, { "//", "/" }, { "/etc/", "/etc" },
		{ "/usr/local/../lib//x/.", "/usr/lib/x" }, { "/..", "/" },
		{ "/var/run/docker.sock", "/run/docker.sock" }, { "/var/run", "/run" },
		{ "/var/running", "/var/running" }, { "myvolume", "myvolume" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *c = hd_path_clean(cases[i][0]);

		ck_assert_msg(strcmp(c, cases[i][1]) == 0, "%s -> %s, expected %s",
		    cases[i][0], c, cases[i][1]);
		free(c);
	}
	ck_assert(hd_path_under("/etc/docker", "/etc"));
	ck_assert(hd_path_under("/etc", "/etc/"));
	ck_assert(!hd_path_under("/etcetera", "/etc"));
	ck_assert(hd_path_under("/anything", "/"));
	ck_assert(hd_path_under("/var/run/docker.sock", "/run"));
}
END_TEST

START_TEST(capabilities)
{
	char buf[32];

	ck_assert_int_eq(hd_cap_parse("CAP_SYS_ADMIN"), CAP_SYS_ADMIN);
	ck_assert_int_eq(hd_cap_parse("sys_admin"), CAP_SYS_ADMIN);
	ck_assert_int_eq(hd_cap_parse("Cap_Net_Raw"), CAP_NET_RAW);
	ck_assert_int_eq(hd_cap_parse("all"), HD_CAP_ALL);
	ck_assert_int_eq(hd_cap_parse("CAP_ALL"), HD_CAP_ALL);
	ck_assert_int_eq(hd_cap_parse("12"), -1);
	ck_assert_int_eq(hd_cap_parse("CAP_"), -1);
	ck_assert_int_eq(hd_cap_parse("fly"), -1);
	ck_assert(hd_cap_docker_default(CAP_NET_RAW));
	ck_assert(!hd_cap_docker_default(CAP_SYS_ADMIN));
	ck_assert_str_eq(hd_cap_name(CAP_SYS_ADMIN, buf, sizeof(buf)), "SYS_ADMIN");
	ck_assert_str_eq(hd_cap_name(HD_CAP_ALL, buf, sizeof(buf)), "ALL");
}
END_TEST

START_TEST(secopts)
{
	const char *v = NULL;

	ck_assert(hd_secopt_match("seccomp=unconfined", "seccomp", &v));
	ck_assert_str_eq(v, "unconfined");
	ck_assert(hd_secopt_match("seccomp:{\"a\":1}", "seccomp", &v));
	ck_assert_str_eq(v, "{\"a\":1}");
	ck_assert(hd_secopt_match("no-new-privileges", "no-new-privileges", &v));
	ck_assert_str_eq(v, "");
	ck_assert(!hd_secopt_match("seccompx=1", "seccomp", &v));
	ck_assert(!hd_secopt_match("label=disable", "seccomp", &v));
	ck_assert(hd_ip_wildcard(""));
	ck_assert(hd_ip_wildcard("0.0.0.0"));
	ck_assert(hd_ip_wildcard("::"));
	ck_assert(!hd_ip_wildcard("::1"));
	ck_assert(!hd_ip_wildcard("127.0.0.1"));
}
END_TEST

/* Mounts[] and Binds merged: a bind already in Mounts[] is not repeated. */
START_TEST(mounts)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_object obj;
	struct hd_finding f;
	struct hd_ctr_mount *m;
	size_t n;

	tu_add_container(s, "{\"Id\": \"c\", \"Name\": \"/c\", \"HostConfig\": "
	    "{\"Binds\": [\"/a:/a:ro,rshared\", \"vol:/v\", \"/b:/b\"]}, "
	    "\"Mounts\": [{\"Type\": \"bind\", \"Source\": \"/a\", "
	    "\"Destination\": \"/a\", \"RW\": false, \"Propagation\": \"rshared\"}]}");
	hd_snapshot_object(&obj, s, HD_OBJ_CONTAINER, 0);
	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(hd_ctr_mounts(&obj, &f, &m, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(m[0].field, "Mounts[0]");
	ck_assert(!m[0].rw);
	ck_assert_str_eq(m[1].type, "volume");
	ck_assert_str_eq(m[1].field, "HostConfig.Binds[1]");
	ck_assert_str_eq(m[2].source, "/b");
	ck_assert(m[2].rw);
	hd_ctr_mounts_free(m, n);
	hd_ctr_mounts_free(NULL, 0);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("container_util");
	TCase *t = tcase_create("container_util");

	tcase_add_test(t, path_clean);
	tcase_add_test(t, capabilities);
	tcase_add_test(t, secopts);
	tcase_add_test(t, mounts);
	suite_add_tcase(s, t);
	return s;
}

HD_TEST_MAIN(suite)
