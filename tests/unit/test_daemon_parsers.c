/* The daemon collector's pure parsers: systemd units, environment files,
 * daemon.json positions, the flag/file merge and the endpoints. */
#include <string.h>

#include "testutil.h"
#include "collect/daemon.h"

/* JSON text of v, plain. */
static const char *
js(json_object *v)
{
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
}

/* Apply text to u as file path. */
static void
apply(struct hd_unit *u, const char *text, const char *path)
{
	ck_assert_int_eq(hd_unit_apply(u, text, strlen(text), path), HD_OK);
}

/* The argv texts of the unit's ExecStart expanded with env, as JSON. */
static char *
exec_argv(struct hd_unit *u, json_object *env, struct hd_argv *v)
{
	memset(v, 0, sizeof(*v));
	ck_assert_int_eq(hd_unit_exec_argv(v, u, env), HD_OK);
	{
		json_object *a = hd_argv_json(v);
		char *s = strdup(js(a));

		json_object_put(a);
		return s;
	}
}

START_TEST(unit_continuation_quotes)
{
	struct hd_unit u;
	struct hd_argv v;
	char *s;

	hd_unit_init(&u);
	apply(&u, "[Service]\n"
	    "ExecStart=/usr/bin/dockerd -H fd:// \\\n"
	    "  # dropped comment\n"
	    "  --label \"a b\" 'c d' --x=\\\"q\\\" \\\n"
	    "  --last\n", "/u");
	s = exec_argv(&u, NULL, &v);
	ck_assert_str_eq(s, "[\"\\/usr\\/bin\\/dockerd\",\"-H\",\"fd:\\/\\/\",\"--label\","
	    "\"a b\",\"c d\",\"--x=\\\"q\\\"\",\"--last\"]");
	ck_assert_str_eq(v.a[0].source, "/u:2");
	ck_assert_str_eq(v.a[0].origin, "unit");
	free(s);
	hd_argv_clear(&v);
	hd_unit_clear(&u);
}
END_TEST

START_TEST(unit_dropin_reset)
{
	struct hd_unit u;
	struct hd_argv v;
	char *s;

	hd_unit_init(&u);
	apply(&u, "[Service]\nExecStart=/usr/bin/dockerd -H fd://\n", "/lib/u");
	apply(&u, "[Service]\nExecStart=\nExecStart=-/usr/bin/dockerd --icc=false\n", "/etc/d.conf");
	ck_assert_uint_eq(json_object_array_length(u.exec), 1);
	s = exec_argv(&u, NULL, &v);
	ck_assert_str_eq(s, "[\"\\/usr\\/bin\\/dockerd\",\"--icc=false\"]");
	ck_assert_str_eq(v.a[1].source, "/etc/d.conf:3");
	free(s);
	hd_argv_clear(&v);
	hd_unit_clear(&u);
}
END_TEST

START_TEST(unit_without_reset_appends)
{
	struct hd_unit u;

	hd_unit_init(&u);
	apply(&u, "[Service]\nExecStart=/a\n", "/1");
	apply(&u, "[Service]\nExecStart=/b\n", "/2");
	/* systemd would refuse two ExecStart= for Type=notify; both are kept. */
	ck_assert_uint_eq(json_object_array_length(u.exec), 2);
	hd_unit_clear(&u);
}
END_TEST

START_TEST(unit_env_expansion)
{
	struct hd_unit u;
	struct hd_argv v;
	char *s;

	hd_unit_init(&u);
	apply(&u, "[Service]\n"
	    "Environment=\"OPTS=--icc=false  -H 'unix:///a b'\" ONE=x\\sy\n"
	    "Environment=EMPTY=\n"
	    "ExecStart=/usr/bin/dockerd $OPTS ${ONE} --p=${ONE}$$ $UNSET ${UNSET} $EMPTY\n",
	    "/u");
	s = exec_argv(&u, u.env, &v);
	/* $OPTS splits (with quotes), ${ONE} is one word, unset $VAR is no
	 * word, unset ${VAR} an empty one. */
	ck_assert_str_eq(s, "[\"\\/usr\\/bin\\/dockerd\",\"--icc=false\",\"-H\","
	    "\"unix:\\/\\/\\/a b\",\"x y\",\"--p=x y$\",\"\"]");
	ck_assert_str_eq(v.a[1].source, "/u:2");
	free(s);
	hd_argv_clear(&v);
	hd_unit_clear(&u);
}
END_TEST

START_TEST(unit_at_prefix)
{
	struct hd_unit u;
	struct hd_argv v;
	char *s;

	hd_unit_init(&u);
	apply(&u, "[Service]\nExecStart=@/usr/bin/dockerd dockerd-custom -D\n", "/u");
	s = exec_argv(&u, NULL, &v);
	ck_assert_str_eq(s, "[\"dockerd-custom\",\"-D\"]");
	free(s);
	hd_argv_clear(&v);
	hd_unit_clear(&u);
}
END_TEST

START_TEST(unit_envfiles_and_socket)
{
	struct hd_unit u;

	hd_unit_init(&u);
	apply(&u, "[Service]\nEnvironmentFile=-/etc/default/docker\n"
	    "EnvironmentFile=/etc/sysconfig/docker\n"
	    "[Socket]\nListenStream=/run/docker.sock\nListenStream=2375\n"
	    "SocketMode=0660\nSocketGroup=docker\n", "/u");
	ck_assert_str_eq(js(u.envfiles), "[{\"path\":\"\\/etc\\/default\\/docker\","
	    "\"optional\":true,\"source\":\"\\/u:2\"},{\"path\":\"\\/etc\\/sysconfig\\/docker\","
	    "\"optional\":false,\"source\":\"\\/u:3\"}]");
	apply(&u, "[Socket]\nListenStream=\nListenStream=/run/other.sock\nSocketMode=0600\n", "/d");
	ck_assert_str_eq(js(u.listen), "[{\"value\":\"\\/run\\/other.sock\",\"source\":\"\\/d:3\"}]");
	ck_assert_str_eq(js(json_object_object_get(u.socket, "socket_mode")),
	    "{\"value\":\"0600\",\"source\":\"\\/d:4\"}");
	ck_assert_str_eq(js(json_object_object_get(u.socket, "socket_group")),
	    "{\"value\":\"docker\",\"source\":\"\\/u:8\"}");
	hd_unit_clear(&u);
}
END_TEST

START_TEST(unit_rejects_nul_and_bad_quotes)
{
	struct hd_unit u;
	struct hd_argv v = { 0 };
	json_object *w;

	hd_unit_init(&u);
	ck_assert_int_eq(hd_unit_apply(&u, "[Service]\0x", 11, "/u"), HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "NUL"));
	apply(&u, "[Service]\nExecStart=/usr/bin/dockerd \"unterminated\n", "/u");
	ck_assert_int_eq(hd_unit_exec_argv(&v, &u, NULL), HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "/u:2"));
	ck_assert_int_eq(hd_unit_split(&w, "a 'b"), HD_EPARSE);
	ck_assert_ptr_null(w);
	hd_argv_clear(&v);
	hd_unit_clear(&u);
}
END_TEST

START_TEST(unit_continuation_at_end_of_data)
{
	/* Found by fuzz_unit: a continuation followed by a blank last line
	 * without newline read one byte past the buffer. */
	static const char text[] = "[Service]\nExecStart=/a -b \\\n   ";
	char *exact = malloc(sizeof(text) - 1);
	struct hd_unit u;
	struct hd_argv v;
	char *s;

	memcpy(exact, text, sizeof(text) - 1);
	hd_unit_init(&u);
	ck_assert_int_eq(hd_unit_apply(&u, exact, sizeof(text) - 1, "/u"), HD_OK);
	s = exec_argv(&u, NULL, &v);
	ck_assert_str_eq(s, "[\"\\/a\",\"-b\"]");
	free(s);
	free(exact);
	hd_argv_clear(&v);
	hd_unit_clear(&u);
}
END_TEST

START_TEST(unit_no_exec)
{
	struct hd_unit u;
	struct hd_argv v = { 0 };

	hd_unit_init(&u);
	apply(&u, "[Unit]\nDescription=x\nExecStart=/not/in/service\n", "/u");
	ck_assert_int_eq(hd_unit_exec_argv(&v, &u, NULL), HD_ENOTFOUND);
	hd_unit_clear(&u);
}
END_TEST

/* Parse an environment file from text. */
static json_object *
envfile(const char *text)
{
	json_object *o = NULL;

	ck_assert_msg(hd_envfile_parse(&o, text, strlen(text)) == HD_OK, "%s",
	    hd_error_last());
	return o;
}

START_TEST(envfile_forms)
{
	json_object *o = envfile(
	    "# comment\n"
	    "export DOCKER_TMPDIR=\"/mnt/bigdrive/docker-tmp\"\n"
	    "DOCKER_OPTS=\"--dns 8.8.8.8 --icc=false\"\n"
	    "SINGLE='$NOT expanded \"x\"'\n"
	    "PLAIN=a\\ b # trailing comment\n"
	    "MORE=\"$DOCKER_OPTS --live-restore\"\n"
	    "BRACED=${PLAIN}-x\n"
	    "MULTI=\"line1\n"
	    "line2\"\n"
	    "if [ -f /x ]; then echo; fi\n"
	    "EMPTY=\n");

	ck_assert_str_eq(js(o), "{\"DOCKER_TMPDIR\":\"\\/mnt\\/bigdrive\\/docker-tmp\","
	    "\"DOCKER_OPTS\":\"--dns 8.8.8.8 --icc=false\","
	    "\"SINGLE\":\"$NOT expanded \\\"x\\\"\",\"PLAIN\":\"a b\","
	    "\"MORE\":\"--dns 8.8.8.8 --icc=false --live-restore\",\"BRACED\":\"a b-x\","
	    "\"MULTI\":\"line1\\nline2\",\"EMPTY\":\"\"}");
	json_object_put(o);
}
END_TEST

START_TEST(envfile_errors)
{
	json_object *o = NULL;
	const char *t = "A=1\nB=\"open\nC=3\n";

	ck_assert_int_eq(hd_envfile_parse(&o, t, strlen(t)), HD_EPARSE);
	ck_assert_str_eq(hd_error_last(), "line 2: unterminated double quote");
	ck_assert_ptr_null(o);
	ck_assert_int_eq(hd_envfile_parse(&o, "A=1\nB=\0", 7), HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "line 2: NUL"));
}
END_TEST

START_TEST(envfile_expansion_is_capped)
{
	/* Each line doubles A: 40 lines would be a terabyte. */
	char text[2048] = "A=xxxxxxxxxxxxxxxx\n";
	json_object *o = NULL;

	for (int i = 0; i < 40; i++)
		strcat(text, "A=\"$A$A\"\n");
	ck_assert_int_eq(hd_envfile_parse(&o, text, strlen(text)), HD_ELIMIT);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "larger than"));
}
END_TEST

START_TEST(json_positions)
{
	json_object *o = NULL;
	const char *bad = "{\n  \"icc\": false,\n  \"log-driver\": \"json-file\"\n  \"live-restore\": true\n}\n";

	ck_assert_int_eq(hd_djson_parse(&o, bad, strlen(bad)), HD_EPARSE);
	ck_assert_str_eq(hd_error_last(), "daemon.json is not valid JSON: line 4, column 3: object value separator ',' expected");
	ck_assert_int_eq(hd_djson_parse(&o, "{\"a\": 1,}", 9), HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "line 1, column 9: "));
	ck_assert_int_eq(hd_djson_parse(&o, "{\"a\": 1", 7), HD_EPARSE);
	ck_assert_str_eq(hd_error_last(), "daemon.json is not valid JSON: line 1, column 8: unexpected end of input");
	ck_assert_int_eq(hd_djson_parse(&o, "{} x", 4), HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "line 1, column 4: "));
	ck_assert_int_eq(hd_djson_parse(&o, "[1]", 3), HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "not a JSON object"));
	/* Comments are not JSON: dockerd rejects them too. */
	ck_assert_int_eq(hd_djson_parse(&o, "{/* c */}", 9), HD_EPARSE);
	ck_assert_int_eq(hd_djson_parse(&o, "\xef\xbb\xbf{\"icc\": false}", 17), HD_OK);
	ck_assert_str_eq(js(o), "{\"icc\":false}");
	json_object_put(o);
	ck_assert_int_eq(hd_djson_parse(&o, " \n", 2), HD_OK);
	ck_assert_str_eq(js(o), "{}");
	json_object_put(o);
}
END_TEST

START_TEST(text_position)
{
	size_t line, col;

	hd_text_position(&line, &col, "ab\ncd", 5, 4);
	ck_assert_uint_eq(line, 2);
	ck_assert_uint_eq(col, 2);
	hd_text_position(&line, &col, "ab", 2, 99);
	ck_assert_uint_eq(line, 1);
	ck_assert_uint_eq(col, 3);
}
END_TEST

START_TEST(merge_conflicts_and_sources)
{
	json_object *flags = tu_json("{\"icc\": {\"value\": false, \"source\": \"/proc/1/cmdline\","
	    " \"origin\": \"flag\"}, \"hosts\": {\"value\": [\"fd://\"], \"source\": \"u:1\","
	    " \"origin\": \"unit\"}, \"runtimes\": {\"value\": {\"a\": {\"path\": \"/a\"}},"
	    " \"source\": \"u:1\", \"origin\": \"unit\"}, \"tlsverify\": {\"value\": false,"
	    " \"source\": \"u:1\", \"origin\": \"unit\"}}");
	json_object *file = tu_json("{\"icc\": true, \"hosts\": [\"unix:///x\"], \"log-driver\":"
	    " \"syslog\", \"runtimes\": {\"b\": {\"path\": \"/b\"}}}");
	json_object *cfg, *conf;

	hd_dconfig_merge(&cfg, &conf, flags, file, "/etc/docker/daemon.json");
	ck_assert_str_eq(js(conf), "[{\"key\":\"icc\",\"flag\":false,\"file\":true,"
	    "\"flag_source\":\"\\/proc\\/1\\/cmdline\",\"file_source\":\"\\/etc\\/docker\\/daemon.json\"},"
	    "{\"key\":\"hosts\",\"flag\":[\"fd:\\/\\/\"],\"file\":[\"unix:\\/\\/\\/x\"],"
	    "\"flag_source\":\"u:1\",\"file_source\":\"\\/etc\\/docker\\/daemon.json\"}]");
	/* The flag wins, marked as conflicting. */
	ck_assert_str_eq(js(json_object_object_get(cfg, "icc")), "{\"value\":false,"
	    "\"source\":\"\\/proc\\/1\\/cmdline\",\"origin\":\"flag\",\"conflict\":true}");
	ck_assert_str_eq(js(json_object_object_get(cfg, "log-driver")), "{\"value\":\"syslog\","
	    "\"source\":\"\\/etc\\/docker\\/daemon.json\",\"origin\":\"daemon.json\"}");
	/* runtimes merge rather than conflict. */
	ck_assert_str_eq(js(json_object_object_get(json_object_object_get(cfg, "runtimes"), "value")),
	    "{\"a\":{\"path\":\"\\/a\"},\"b\":{\"path\":\"\\/b\"}}");
	/* --tlsverify=false still turns TLS on. */
	ck_assert_str_eq(js(json_object_object_get(json_object_object_get(cfg, "tls"), "value")),
	    "true");
	json_object_put(cfg);
	json_object_put(conf);
	hd_dconfig_merge(&cfg, &conf, NULL, NULL, "/x");
	ck_assert_str_eq(js(cfg), "{}");
	ck_assert_str_eq(js(conf), "[]");
	json_object_put(cfg);
	json_object_put(conf);
	json_object_put(flags);
	json_object_put(file);
}
END_TEST

START_TEST(endpoints_rules)
{
	json_object *cfg = tu_json("{\"hosts\": {\"value\": [\"unix://\", \"tcp://:2376\","
	    " \"10.0.0.1\", \"fd://\", \"ssh://x\"], \"source\": \"S\"},"
	    " \"tls\": {\"value\": true}, \"tlsverify\": {\"value\": true},"
	    " \"tlscert\": {\"value\": \"/c.pem\"}}");
	json_object *listen = tu_json("[{\"value\": \"/run/docker.sock\", \"source\": \"sock:5\"},"
	    " {\"value\": \"2375\", \"source\": \"sock:6\"}]");
	struct hd_ep_defaults d = { .cacert = "/root/.docker/ca.pem" };
	json_object *eps = hd_dendpoints(cfg, listen, &d);

	ck_assert_str_eq(js(eps),
	    "[{\"url\":\"unix:\\/\\/\",\"scheme\":\"unix\",\"source\":\"S\",\"path\":\"\\/var\\/run\\/docker.sock\"},"
	    "{\"url\":\"tcp:\\/\\/:2376\",\"scheme\":\"tcp\",\"source\":\"S\",\"address\":\"localhost:2376\","
	    "\"tls\":true,\"tlsverify\":true,\"tlscacert\":\"\\/root\\/.docker\\/ca.pem\",\"tlscert\":\"\\/c.pem\"},"
	    "{\"url\":\"10.0.0.1\",\"scheme\":\"tcp\",\"source\":\"S\",\"address\":\"10.0.0.1:2375\","
	    "\"tls\":true,\"tlsverify\":true,\"tlscacert\":\"\\/root\\/.docker\\/ca.pem\",\"tlscert\":\"\\/c.pem\"},"
	    "{\"url\":\"fd:\\/\\/\",\"scheme\":\"unix\",\"source\":\"sock:5\",\"path\":\"\\/run\\/docker.sock\","
	    "\"listen_stream\":\"\\/run\\/docker.sock\",\"tls\":true,\"tlsverify\":true,"
	    "\"tlscacert\":\"\\/root\\/.docker\\/ca.pem\",\"tlscert\":\"\\/c.pem\"},"
	    "{\"url\":\"fd:\\/\\/\",\"scheme\":\"tcp\",\"source\":\"sock:6\",\"address\":\"[::]:2375\","
	    "\"listen_stream\":\"2375\",\"tls\":true,\"tlsverify\":true,"
	    "\"tlscacert\":\"\\/root\\/.docker\\/ca.pem\",\"tlscert\":\"\\/c.pem\"},"
	    "{\"url\":\"ssh:\\/\\/x\",\"scheme\":\"ssh\",\"source\":\"S\"}]");
	json_object_put(eps);
	json_object_put(cfg);
	json_object_put(listen);
}
END_TEST

START_TEST(endpoints_defaults)
{
	json_object *none = tu_json("{}"), *tls = tu_json("{\"tls\": {\"value\": true}}");
	struct hd_ep_defaults d = { 0 }, rl = { .rootless = true, .runtime_dir = "/run/user/1000" };
	json_object *eps;

	eps = hd_dendpoints(none, NULL, &d);
	ck_assert_str_eq(js(eps), "[{\"url\":\"unix:\\/\\/\\/var\\/run\\/docker.sock\",\"scheme\":\"unix\","
	    "\"source\":\"default (dockerd without -H or hosts)\",\"path\":\"\\/var\\/run\\/docker.sock\"}]");
	json_object_put(eps);
	eps = hd_dendpoints(none, NULL, &rl);
	ck_assert_ptr_nonnull(strstr(js(eps), "\"path\":\"\\/run\\/user\\/1000\\/docker.sock\""));
	json_object_put(eps);
	eps = hd_dendpoints(tls, NULL, &d);
	ck_assert_ptr_nonnull(strstr(js(eps), "\"address\":\"localhost:2376\""));
	ck_assert_ptr_nonnull(strstr(js(eps), "\"tlsverify\":false"));
	json_object_put(eps);
	json_object_put(none);
	json_object_put(tls);
}
END_TEST

START_TEST(passwd_and_identity)
{
	const char *pw = "root:x:0:0:root:/root:/bin/sh\nbad line\nalice:x:1000:1000::/home/alice:/bin/sh";
	char *name, *home;

	ck_assert_int_eq(hd_passwd_lookup(&name, &home, pw, strlen(pw), 1000), HD_OK);
	ck_assert_str_eq(name, "alice");
	ck_assert_str_eq(home, "/home/alice");
	free(name);
	free(home);
	ck_assert_int_eq(hd_passwd_lookup(&name, &home, pw, strlen(pw), 7), HD_ENOTFOUND);
	ck_assert(hd_dproc_is_dockerd("/usr/bin/dockerd", "x"));
	ck_assert(hd_dproc_is_dockerd("/usr/bin/dockerd (deleted)", "x"));
	ck_assert(!hd_dproc_is_dockerd("/usr/bin/tail", "dockerd"));
	ck_assert(!hd_dproc_is_dockerd("/usr/bin/dockerd-rootless.sh", "dockerd"));
	ck_assert(hd_dproc_is_dockerd("", "dockerd"));
	ck_assert(!hd_dproc_is_dockerd("", "tail"));
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("daemon_parsers");
	TCase *tc = tcase_create("parsers");

	tcase_add_test(tc, unit_continuation_quotes);
	tcase_add_test(tc, unit_dropin_reset);
	tcase_add_test(tc, unit_without_reset_appends);
	tcase_add_test(tc, unit_env_expansion);
	tcase_add_test(tc, unit_at_prefix);
	tcase_add_test(tc, unit_envfiles_and_socket);
	tcase_add_test(tc, unit_rejects_nul_and_bad_quotes);
	tcase_add_test(tc, unit_continuation_at_end_of_data);
	tcase_add_test(tc, unit_no_exec);
	tcase_add_test(tc, envfile_forms);
	tcase_add_test(tc, envfile_errors);
	tcase_add_test(tc, envfile_expansion_is_capped);
	tcase_add_test(tc, json_positions);
	tcase_add_test(tc, text_position);
	tcase_add_test(tc, merge_conflicts_and_sources);
	tcase_add_test(tc, endpoints_rules);
	tcase_add_test(tc, endpoints_defaults);
	tcase_add_test(tc, passwd_and_identity);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
