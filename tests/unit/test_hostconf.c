/* The host configuration parsers (collect/hostconf.c) on buffers, and the
 * host state collector (collect/hoststate.c) on a host tree it writes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/collect.h>

#include "collect/collectors.h"
#include "collect/hostconf.h"
#include "testutil.h"

/* JSON text of o (static buffer of json-c). */
static const char *
text(json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
}

START_TEST(ini_last_assignment_in_section)
{
	static const char conf[] =
	    "# ForwardToSyslog=no\n"
	    "[Journal]\n"
	    "Storage=auto\n"
	    "ForwardToSyslog = yes\n"
	    "[Other]\n"
	    "ForwardToSyslog=no\n"
	    "[Journal]\n"
	    "ForwardToSyslogX=no\n"
	    "  ForwardToSyslog=no  \n";
	char *v = NULL;
	int line = 0;

	ck_assert_int_eq(hd_ini_get(&v, &line, conf, strlen(conf), "Journal",
	    "ForwardToSyslog"), 1);
	ck_assert_str_eq(v, "no");
	ck_assert_int_eq(line, 9);
	free(v);
	ck_assert_int_eq(hd_ini_get(&v, &line, conf, strlen(conf), "Upload",
	    "URL"), 0);
	ck_assert_ptr_null(v);
	/* No newline at the end; the length bounds the buffer. */
	ck_assert_int_eq(hd_ini_get(&v, &line, "[Upload]\nURL=https://xyz", 22,
	    "Upload", "URL"), 1);
	ck_assert_str_eq(v, "https://x");
	free(v);
}
END_TEST

START_TEST(rsyslog_forwarding_rules)
{
	static const char conf[] =
	    "module(load=\"imuxsock\")\n"
	    "module(load=\"imjournal\" StateFile=\"imjournal.state\")\n"
	    "module(load=\"omrelp\")\n"
	    "*.*;auth,authpriv.none\t-/var/log/syslog\n"
	    "# *.* @@commented.example:514\n"
	    "*.* @@logs.example:514\n"
	    "mail.* @udp.example\n"
	    "action(type=\"omfwd\" target=\"10.0.0.9\" port=\"514\")\n"
	    "*.* :omrelp:relp.example:2514\n"
	    "$ActionQueueType LinkedList\n";
	json_object *out = json_object_new_array();
	int im = 0;

	hd_syslog_forwarding(out, &im, conf, strlen(conf), "/etc/rsyslog.conf",
	    false);
	ck_assert_int_eq(im, 2);
	ck_assert_int_eq(json_object_array_length(out), 4);
	ck_assert(strstr(text(out), "@@logs.example:514") != NULL);
	ck_assert(strstr(text(out), "\"\\/etc\\/rsyslog.conf:6\"") != NULL);
	ck_assert(strstr(text(out), "commented") == NULL);
	ck_assert(strstr(text(out), "load=") == NULL);
	json_object_put(out);
}
END_TEST

START_TEST(syslog_ng_destinations)
{
	static const char conf[] =
	    "source s_net { network(ip(\"0.0.0.0\") port(514)); };\n"
	    "destination d_local { file(\"/var/log/messages\"); };\n"
	    "destination d_remote {\n"
	    "  syslog(\"logs.example\" transport(\"tls\"));\n"
	    "};\n"
	    "destination d_tcp { tcp(\"10.1.1.1\" port(514)); };\n";
	json_object *out = json_object_new_array();
	int im = 0;

	hd_syslog_forwarding(out, &im, conf, strlen(conf), "/etc/syslog-ng/syslog-ng.conf",
	    true);
	/* A network source receives logs: it does not forward any. */
	ck_assert_int_eq(json_object_array_length(out), 2);
	ck_assert(strstr(text(out), "logs.example") != NULL);
	ck_assert(strstr(text(out), "syslog-ng.conf:6") != NULL);
	ck_assert_int_eq(im, 0);
	json_object_put(out);
}
END_TEST

START_TEST(environment_forms)
{
	static const char pam[] = "PATH=/usr/bin\nexport DOCKER_CONTENT_TRUST=1\n"
	    "DOCKER_CONTENT_TRUST_SERVER=x\n#DOCKER_CONTENT_TRUST=0\n";
	static const char sh[] =
	    "DOCKER_CONTENT_TRUST=1\n"
	    "export A=1 DOCKER_CONTENT_TRUST=\"true\"; echo x\n"
	    "declare DOCKER_CONTENT_TRUST=2\n"
	    "declare -x DOCKER_CONTENT_TRUST='3'\n"
	    "export DOCKER_CONTENT_TRUST\n";
	static const char sd[] = "[Manager]\n#DefaultEnvironment=DOCKER_CONTENT_TRUST=9\n"
	    "DefaultEnvironment=A=1 \"DOCKER_CONTENT_TRUST=1\"\n";
	static const char unit[] = "[Service]\nEnvironmentFile=/x\n"
	    "Environment=DOCKER_CONTENT_TRUST=0\n";
	json_object *out = json_object_new_array(), *o, *v;

	hd_env_assignments(out, pam, strlen(pam), "/etc/environment",
	    "DOCKER_CONTENT_TRUST", HD_ENV_PAM, "pam");
	ck_assert_int_eq(json_object_array_length(out), 1);
	ck_assert(strstr(text(out), "\"value\":\"1\"") != NULL);
	ck_assert(strstr(text(out), "environment:2") != NULL);
	json_object_put(out);

	out = json_object_new_array();
	hd_env_assignments(out, sh, strlen(sh), "/etc/profile.d/ct.sh",
	    "DOCKER_CONTENT_TRUST", HD_ENV_SHELL, "login shells");
	ck_assert_int_eq(json_object_array_length(out), 4);
	o = json_object_array_get_idx(out, 1);
	json_object_object_get_ex(o, "value", &v);
	ck_assert_str_eq(json_object_get_string(v), "true");
	json_object_object_get_ex(o, "exported", &v);
	ck_assert(json_object_get_boolean(v));
	o = json_object_array_get_idx(out, 3);
	json_object_object_get_ex(o, "value", &v);
	ck_assert_str_eq(json_object_get_string(v), "3");
	/* The trailing "export NAME" exports the plain assignments too. */
	o = json_object_array_get_idx(out, 0);
	json_object_object_get_ex(o, "exported", &v);
	ck_assert(json_object_get_boolean(v));
	json_object_put(out);

	out = json_object_new_array();
	hd_env_assignments(out, "DOCKER_CONTENT_TRUST=1\n", 23, "/etc/profile",
	    "DOCKER_CONTENT_TRUST", HD_ENV_SHELL, "login shells");
	o = json_object_array_get_idx(out, 0);
	json_object_object_get_ex(o, "exported", &v);
	ck_assert(!json_object_get_boolean(v));
	json_object_put(out);

	out = json_object_new_array();
	hd_env_assignments(out, sd, strlen(sd), "/etc/systemd/system.conf",
	    "DOCKER_CONTENT_TRUST", HD_ENV_SYSTEMD, "every system unit");
	hd_env_assignments(out, unit, strlen(unit), "/etc/systemd/system/ci.service",
	    "DOCKER_CONTENT_TRUST", HD_ENV_UNIT, "that unit");
	ck_assert_int_eq(json_object_array_length(out), 2);
	ck_assert(strstr(text(out), "system.conf:3") != NULL);
	ck_assert(strstr(text(out), "ci.service:3") != NULL);
	json_object_put(out);
}
END_TEST

START_TEST(proc_net_tcp)
{
	static const char v4[] =
	    "  sl  local_address rem_address   st tx_queue rx_queue\n"
	    "   0: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000\n"
	    "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000\n"
	    "   2: 0100007F:9C40 0100007F:0277 01 00000000:00000000 00:00000000\n"
	    "   3: garbage\n";
	static const char v6[] =
	    "  sl  local_address                         remote_address\n"
	    "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A\n"
	    "   1: 00000000000000000000000001000000:0CEA 00000000000000000000000000000000:0000 0A\n";
	json_object *out = json_object_new_array();

	hd_proc_net_listen(out, v4, strlen(v4), false);
	hd_proc_net_listen(out, v6, strlen(v6), true);
	ck_assert_str_eq(text(out), "[{\"proto\":\"tcp\",\"address\":\"127.0.0.1\","
	    "\"port\":631},{\"proto\":\"tcp\",\"address\":\"0.0.0.0\",\"port\":22},"
	    "{\"proto\":\"tcp6\",\"address\":\"::\",\"port\":22},{\"proto\":\"tcp6\","
	    "\"address\":\"::1\",\"port\":3306}]");
	json_object_put(out);
}
END_TEST

/* Write content to root/rel, creating directories. */
static void
put(const char *root, const char *rel, const char *content)
{
	char *path = hd_xasprintf("%s/%s", root, rel), *p;
	FILE *fp;

	for (p = strchr(path + strlen(root) + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		ck_assert(mkdir(path, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs(content, fp);
	fclose(fp);
	free(path);
}

/* The value of fact key, which must be a value. */
static json_object *
value(struct hd_snapshot *s, const char *key)
{
	struct hd_fact f;

	hd_snapshot_fact(&f, s, key);
	ck_assert_msg(f.state == HD_FACT_VALUE, "%s: %s", key,
	    f.reason ? f.reason : "");
	return f.value;
}

START_TEST(collector_on_a_tree)
{
	char dir[] = "/tmp/hd-hoststate-XXXXXX", *cmd, *link;
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_collect_opts o = { .root = dir };
	const char *t;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	put(dir, "etc/systemd/journald.conf", "[Journal]\nForwardToSyslog=yes\n");
	put(dir, "etc/systemd/journald.conf.d/90-local.conf",
	    "[Journal]\nForwardToSyslog=no\n");
	put(dir, "etc/systemd/journal-upload.conf", "[Upload]\nURL=https://l.example\n");
	put(dir, "lib/systemd/system/systemd-journal-upload.service", "[Unit]\n");
	/* Enabled: an absolute link, resolved inside the tree. */
	put(dir, "etc/systemd/system/multi-user.target.wants/.keep", "");
	link = hd_xasprintf("%s/etc/systemd/system/multi-user.target.wants/"
	    "systemd-journal-upload.service", dir);
	ck_assert_int_eq(symlink("/lib/systemd/system/systemd-journal-upload.service",
	    link), 0);
	free(link);
	put(dir, "etc/rsyslog.d/60-fwd.conf", "*.* @@logs.example:514\n");
	put(dir, "etc/environment", "DOCKER_CONTENT_TRUST=1\n");
	put(dir, "etc/profile.d/z.sh", "export DOCKER_CONTENT_TRUST=0\n");
	put(dir, "etc/systemd/system/ci.service.d/ct.conf",
	    "[Service]\nEnvironment=DOCKER_CONTENT_TRUST=1\n");
	put(dir, "var/run/reboot-required", "*** System restart required ***\n");
	put(dir, "var/run/reboot-required.pkgs", "linux-image-6.1.0-18-amd64\n");
	put(dir, "proc/net/tcp", "  sl local\n   0: 00000000:0016 00000000:0000 0A\n");

	hd_collect_host_state(s, &o);
	t = text(value(s, HD_F_LOG_FORWARDING));
	ck_assert_msg(strstr(t, "\"ForwardToSyslog\":\"no\"") != NULL, "%s", t);
	ck_assert(strstr(t, "90-local.conf:2") != NULL);
	ck_assert(strstr(t, "\"url\":\"https:\\/\\/l.example\"") != NULL);
	ck_assert(strstr(t, "\"enabled\":true") != NULL);
	ck_assert(strstr(t, "60-fwd.conf:1") != NULL);
	t = text(value(s, HD_F_CLIENT_ENV "DOCKER_CONTENT_TRUST"));
	ck_assert_msg(strstr(t, "\"\\/etc\\/environment:1\"") != NULL, "%s", t);
	ck_assert(strstr(t, "z.sh:1") != NULL);
	ck_assert(strstr(t, "ct.conf:2") != NULL);
	t = text(value(s, HD_F_REBOOT_REQUIRED));
	ck_assert_str_eq(t, "{\"required\":true,\"packages\":[\"linux-image-6.1.0-18-amd64\"]}");
	ck_assert_str_eq(text(value(s, HD_F_LISTENING)),
	    "[{\"proto\":\"tcp\",\"address\":\"0.0.0.0\",\"port\":22}]");
	hd_snapshot_free(s);

	/* A bare tree: nothing forwards, nothing set, no reboot, no /proc. */
	ck_assert_int_ge(asprintf(&cmd, "rm -rf -- '%s'/*", dir), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	s = hd_snapshot_new();
	hd_collect_host_state(s, &o);
	ck_assert(strstr(text(value(s, HD_F_LOG_FORWARDING)),
	    "\"syslog_remote\":[]") != NULL);
	ck_assert(strstr(text(value(s, HD_F_CLIENT_ENV "DOCKER_CONTENT_TRUST")),
	    "\"settings\":[]") != NULL);
	ck_assert_str_eq(text(value(s, HD_F_REBOOT_REQUIRED)),
	    "{\"required\":false,\"packages\":[]}");
	{
		struct hd_fact f;

		hd_snapshot_fact(&f, s, HD_F_LISTENING);
		ck_assert_int_eq(f.state, HD_FACT_ABSENT);
	}
	hd_snapshot_free(s);
	ck_assert_int_ge(asprintf(&cmd, "rm -rf -- '%s'", dir), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("hostconf");
	TCase *t = tcase_create("hostconf");

	tcase_add_test(t, ini_last_assignment_in_section);
	tcase_add_test(t, rsyslog_forwarding_rules);
	tcase_add_test(t, syslog_ng_destinations);
	tcase_add_test(t, environment_forms);
	tcase_add_test(t, proc_net_tcp);
	tcase_add_test(t, collector_on_a_tree);
	suite_add_tcase(s, t);
	return s;
}

HD_TEST_MAIN(suite)
