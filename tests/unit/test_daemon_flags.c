/* dockerd's flag parser: every flag form, mapped to daemon.json keys. */
#include <string.h>

#include "testutil.h"
#include "collect/daemon.h"

/* Parse a NULL-terminated argv (argv[0] included) with source "SRC". */
static json_object *
parse(const char *const *args)
{
	struct hd_argv v = { 0 };
	json_object *o;

	for (size_t i = 0; args[i] != NULL; i++)
		hd_argv_push(&v, args[i], "SRC", "flag");
	o = hd_dflags_parse(&v);
	hd_argv_clear(&v);
	return o;
}

/* The JSON text of member of setting key, "" when absent. */
static const char *
member(json_object *o, const char *key, const char *m)
{
	json_object *ent, *v;

	if (!json_object_object_get_ex(o, key, &ent) ||
	    !json_object_object_get_ex(ent, m, &v))
		return "";
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
}

#define VAL(o, k) member(o, k, "value")

START_TEST(long_forms)
{
	const char *a[] = { "dockerd", "--config-file", "/etc/my docker/d.json",
		"--log-driver=journald", "--data-root", "-weird", "--mtu=1400", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "config-file"), "\"\\/etc\\/my docker\\/d.json\"");
	ck_assert_str_eq(member(o, "config-file", "flag"),
	    "\"--config-file \\/etc\\/my docker\\/d.json\"");
	ck_assert_str_eq(VAL(o, "log-driver"), "\"journald\"");
	/* A value flag takes the next argument even when it starts with '-'. */
	ck_assert_str_eq(VAL(o, "data-root"), "\"-weird\"");
	ck_assert_str_eq(VAL(o, "mtu"), "1400");
	ck_assert_str_eq(member(o, "mtu", "source"), "\"SRC\"");
	ck_assert_str_eq(member(o, "mtu", "origin"), "\"flag\"");
	json_object_put(o);
}
END_TEST

START_TEST(booleans)
{
	const char *a[] = { "dockerd", "--icc=false", "--live-restore", "--tlsverify",
		"--iptables=0", "--userland-proxy=True", "--selinux-enabled=F", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "icc"), "false");
	ck_assert_str_eq(VAL(o, "live-restore"), "true");
	ck_assert_str_eq(VAL(o, "tlsverify"), "true");
	ck_assert_str_eq(VAL(o, "iptables"), "false");
	ck_assert_str_eq(VAL(o, "userland-proxy"), "true");
	ck_assert_str_eq(VAL(o, "selinux-enabled"), "false");
	json_object_put(o);
}
END_TEST

START_TEST(boolean_never_takes_next_argument)
{
	const char *a[] = { "dockerd", "--icc", "false", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "icc"), "true");
	ck_assert_str_eq(VAL(o, "(arguments)"), "[\"false\"]");
	ck_assert_ptr_nonnull(strstr(member(o, "(arguments)", "note"), "refuses to start"));
	json_object_put(o);
}
END_TEST

START_TEST(bad_boolean_noted)
{
	const char *a[] = { "dockerd", "--icc=maybe", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "icc"), "\"maybe\"");
	ck_assert_ptr_nonnull(strstr(member(o, "icc", "note"), "invalid boolean"));
	json_object_put(o);
}
END_TEST

START_TEST(short_flags)
{
	const char *a[] = { "dockerd", "-H", "unix:///a.sock", "-Htcp://0.0.0.0:2375",
		"-H=fd://", "-D", "-l", "warn", "-G", "dockergrp", "-p", "/run/d.pid",
		"-b", "br0", "-g", "/srv/docker", "-s", "overlay2", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "hosts"),
	    "[\"unix:\\/\\/\\/a.sock\",\"tcp:\\/\\/0.0.0.0:2375\",\"fd:\\/\\/\"]");
	ck_assert_str_eq(VAL(o, "debug"), "true");
	ck_assert_str_eq(VAL(o, "log-level"), "\"warn\"");
	ck_assert_str_eq(VAL(o, "group"), "\"dockergrp\"");
	ck_assert_str_eq(VAL(o, "pidfile"), "\"\\/run\\/d.pid\"");
	ck_assert_str_eq(VAL(o, "bridge"), "\"br0\"");
	ck_assert_str_eq(VAL(o, "data-root"), "\"\\/srv\\/docker\"");
	ck_assert_ptr_nonnull(strstr(member(o, "data-root", "note"), "deprecated"));
	ck_assert_str_eq(VAL(o, "storage-driver"), "\"overlay2\"");
	json_object_put(o);
}
END_TEST

START_TEST(shorthand_groups)
{
	const char *a[] = { "dockerd", "-Dl", "debug", "-D=false", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "log-level"), "\"debug\"");
	/* The later -D=false wins, and the repetition is noted. */
	ck_assert_str_eq(VAL(o, "debug"), "false");
	ck_assert_ptr_nonnull(strstr(member(o, "debug", "note"), "more than once"));
	json_object_put(o);
}
END_TEST

START_TEST(repeated_lists)
{
	const char *a[] = { "dockerd", "--host", "unix:///x", "--host=tcp://h:1",
		"--insecure-registry", "r1:5000", "--insecure-registry=r2:5000",
		"--registry-mirror=https://m", "--authorization-plugin=authz",
		"--label", "a=b", "--storage-opt", "dm.basesize=20G", "--exec-opt",
		"native.cgroupdriver=systemd", "--dns", "1.1.1.1", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "hosts"), "[\"unix:\\/\\/\\/x\",\"tcp:\\/\\/h:1\"]");
	ck_assert_str_eq(member(o, "hosts", "flag"),
	    "\"--host unix:\\/\\/\\/x --host=tcp:\\/\\/h:1\"");
	ck_assert_str_eq(VAL(o, "insecure-registries"), "[\"r1:5000\",\"r2:5000\"]");
	ck_assert_str_eq(VAL(o, "registry-mirrors"), "[\"https:\\/\\/m\"]");
	ck_assert_str_eq(VAL(o, "authorization-plugins"), "[\"authz\"]");
	ck_assert_str_eq(VAL(o, "labels"), "[\"a=b\"]");
	ck_assert_str_eq(VAL(o, "storage-opts"), "[\"dm.basesize=20G\"]");
	ck_assert_str_eq(VAL(o, "exec-opts"), "[\"native.cgroupdriver=systemd\"]");
	ck_assert_str_eq(VAL(o, "dns"), "[\"1.1.1.1\"]");
	json_object_put(o);
}
END_TEST

START_TEST(maps)
{
	const char *a[] = { "dockerd", "--log-opt", "max-size=10m", "--log-opt=max-file=3",
		"--default-ulimit", "nofile=1024:2048", "--default-ulimit=nproc=512",
		"--add-runtime", "crun=/usr/bin/crun", "--default-address-pool",
		"base=10.10.0.0/16,size=24", "--log-opt", "broken", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "log-opts"), "{\"max-size\":\"10m\",\"max-file\":\"3\"}");
	ck_assert_ptr_nonnull(strstr(member(o, "log-opts", "note"), "malformed --log-opt 'broken'"));
	ck_assert_str_eq(VAL(o, "default-ulimits"),
	    "{\"nofile\":{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024},"
	    "\"nproc\":{\"Name\":\"nproc\",\"Hard\":512,\"Soft\":512}}");
	ck_assert_str_eq(VAL(o, "runtimes"), "{\"crun\":{\"path\":\"\\/usr\\/bin\\/crun\"}}");
	ck_assert_str_eq(VAL(o, "default-address-pools"),
	    "[{\"base\":\"10.10.0.0\\/16\",\"size\":24}]");
	json_object_put(o);
}
END_TEST

START_TEST(tls_and_security_keys)
{
	const char *a[] = { "dockerd", "--tls", "--tlscacert='/etc/ca.pem'",
		"--tlscert", "/etc/cert.pem", "--tlskey=/etc/key.pem", "--userns-remap=default",
		"--no-new-privileges", "--seccomp-profile=/etc/seccomp.json",
		"--cgroup-parent", "/docker", "--exec-root=/run/x", "--ip-forward=false",
		"--ip-masq=false", "--experimental", "--bip=10.1.0.1/24",
		"--default-runtime=runc", "--containerd=/run/c.sock",
		"--max-concurrent-downloads=2", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "tls"), "true");
	/* dockerd strips the quotes of its quoted-string TLS flags. */
	ck_assert_str_eq(VAL(o, "tlscacert"), "\"\\/etc\\/ca.pem\"");
	ck_assert_str_eq(VAL(o, "tlscert"), "\"\\/etc\\/cert.pem\"");
	ck_assert_str_eq(VAL(o, "tlskey"), "\"\\/etc\\/key.pem\"");
	ck_assert_str_eq(VAL(o, "userns-remap"), "\"default\"");
	ck_assert_str_eq(VAL(o, "no-new-privileges"), "true");
	ck_assert_str_eq(VAL(o, "seccomp-profile"), "\"\\/etc\\/seccomp.json\"");
	ck_assert_str_eq(VAL(o, "cgroup-parent"), "\"\\/docker\"");
	ck_assert_str_eq(VAL(o, "exec-root"), "\"\\/run\\/x\"");
	ck_assert_str_eq(VAL(o, "ip-forward"), "false");
	ck_assert_str_eq(VAL(o, "ip-masq"), "false");
	ck_assert_str_eq(VAL(o, "experimental"), "true");
	ck_assert_str_eq(VAL(o, "bip"), "\"10.1.0.1\\/24\"");
	ck_assert_str_eq(VAL(o, "default-runtime"), "\"runc\"");
	ck_assert_str_eq(VAL(o, "containerd"), "\"\\/run\\/c.sock\"");
	ck_assert_str_eq(VAL(o, "max-concurrent-downloads"), "2");
	json_object_put(o);
}
END_TEST

START_TEST(unknown_and_missing)
{
	const char *a[] = { "dockerd", "--frobnicate=yes", "-icc=false", "--pidfile", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "frobnicate"), "\"yes\"");
	ck_assert_ptr_nonnull(strstr(member(o, "frobnicate", "note"), "unknown flag"));
	/* Old single-dash long flags are pflag shorthand: -i is unknown. */
	ck_assert_ptr_nonnull(strstr(member(o, "-i", "note"), "unknown flag"));
	ck_assert_str_eq(VAL(o, "pidfile"), "null");
	ck_assert_ptr_nonnull(strstr(member(o, "pidfile", "note"), "needs an argument"));
	json_object_put(o);
}
END_TEST

START_TEST(double_dash_ends_flags)
{
	const char *a[] = { "dockerd", "--debug", "--", "--icc=false", NULL };
	json_object *o = parse(a);

	ck_assert_str_eq(VAL(o, "debug"), "true");
	ck_assert_str_eq(VAL(o, "icc"), "");
	ck_assert_str_eq(VAL(o, "(arguments)"), "[\"--icc=false\"]");
	json_object_put(o);
}
END_TEST

START_TEST(key_table)
{
	ck_assert_str_eq(hd_dflags_key("insecure-registry"), "insecure-registries");
	ck_assert_str_eq(hd_dflags_key("host"), "hosts");
	ck_assert_str_eq(hd_dflags_key("log-opt"), "log-opts");
	ck_assert_str_eq(hd_dflags_key("graph"), "data-root");
	ck_assert_ptr_null(hd_dflags_key("no-such-flag"));
}
END_TEST

START_TEST(sources_per_argument)
{
	struct hd_argv v = { 0 };
	json_object *o;

	hd_argv_push(&v, "dockerd", "unit:3", "unit");
	hd_argv_push(&v, "-H", "unit:3", "unit");
	hd_argv_push(&v, "fd://", "unit:3", "unit");
	hd_argv_push(&v, "--icc=false", "/etc/default/docker: DOCKER_OPTS",
	    "environment-file");
	o = hd_dflags_parse(&v);
	ck_assert_str_eq(member(o, "icc", "source"), "\"\\/etc\\/default\\/docker: DOCKER_OPTS\"");
	ck_assert_str_eq(member(o, "icc", "origin"), "\"environment-file\"");
	ck_assert_str_eq(member(o, "hosts", "origin"), "\"unit\"");
	json_object_put(o);
	hd_argv_clear(&v);
}
END_TEST

START_TEST(cmdline_split)
{
	static const char data[] = "dockerd\0-H\0fd://\0--icc=false";
	struct hd_argv v = { 0 };

	hd_argv_from_cmdline(&v, data, sizeof(data) - 1, "/proc/1/cmdline");
	ck_assert_uint_eq(v.n, 4);
	ck_assert_str_eq(v.a[3].text, "--icc=false");
	ck_assert_str_eq(v.a[3].source, "/proc/1/cmdline");
	hd_argv_clear(&v);
}
END_TEST

/* A flag repeated 100,000 times (a hostile or broken command line):
 * the value is the last, the note says so once, the flag texts stop at a
 * few kilobytes with "(more not shown)", and distinct malformed values do
 * not grow the note without bound either. Before, each repeat copied the
 * joined strings: quadratic (40,000 repeats took 20 s of CPU). Found
 * profiling fuzz_dflags; regression input tests/fixtures/fuzz/fuzz_dflags/. */
START_TEST(repeated_flag_bounded)
{
	struct hd_argv v = { 0 };
	json_object *o, *ent, *x;
	const char *note, *flag;
	char buf[64];

	hd_argv_push(&v, "dockerd", "SRC", "flag");
	for (int i = 0; i < 100000; i++) {
		hd_argv_push(&v, i == 99999 ? "--icc=false" : "--icc", "SRC", "flag");
		snprintf(buf, sizeof(buf), "--default-ulimit=bad%d", i);
		hd_argv_push(&v, buf, "SRC", "flag");
	}
	o = hd_dflags_parse(&v);
	hd_argv_clear(&v);
	ck_assert_str_eq(VAL(o, "icc"), "false");
	ck_assert(json_object_object_get_ex(o, "icc", &ent));
	ck_assert(json_object_object_get_ex(ent, "note", &x));
	note = json_object_get_string(x);
	ck_assert_ptr_nonnull(strstr(note, "given more than once"));
	ck_assert_ptr_null(strstr(strstr(note, "given more than once") + 1,
	    "given more than once"));
	ck_assert(json_object_object_get_ex(ent, "flag", &x));
	flag = json_object_get_string(x);
	ck_assert_uint_lt(strlen(flag), 8192);
	ck_assert_ptr_nonnull(strstr(flag, "(more not shown)"));
	ck_assert(json_object_object_get_ex(o, "default-ulimits", &ent));
	ck_assert(json_object_object_get_ex(ent, "note", &x));
	ck_assert_uint_lt(strlen(json_object_get_string(x)), 8192);
	ck_assert_ptr_nonnull(strstr(json_object_get_string(x), "(more not shown)"));
	json_object_put(o);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("daemon_flags");
	TCase *tc = tcase_create("flags");

	tcase_add_test(tc, long_forms);
	tcase_add_test(tc, booleans);
	tcase_add_test(tc, boolean_never_takes_next_argument);
	tcase_add_test(tc, bad_boolean_noted);
	tcase_add_test(tc, short_flags);
	tcase_add_test(tc, shorthand_groups);
	tcase_add_test(tc, repeated_lists);
	tcase_add_test(tc, maps);
	tcase_add_test(tc, tls_and_security_keys);
	tcase_add_test(tc, unknown_and_missing);
	tcase_add_test(tc, double_dash_ends_flags);
	tcase_add_test(tc, key_table);
	tcase_add_test(tc, sources_per_argument);
	tcase_add_test(tc, cmdline_split);
	tcase_add_test(tc, repeated_flag_bounded);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
