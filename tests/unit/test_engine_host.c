/*
 * Where the engine is: -H, --context, DOCKER_HOST, DOCKER_CONTEXT,
 * currentContext and the default, resolved over a temporary docker
 * configuration directory (never the real HOME).
 */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/dockerhost.h"
#include "collect/engine.h"
#include "testutil.h"

#define D_PROD "6754af9632a2745e85c293e5aac0863370d9bd3330b9938c00cadfd215227d77"
#define D_INSECURE "1d92dae504a70fbcae6d3721a55d7eacaf94d3133ea5f0394b7d203d64841110"
#define D_PLAIN "a116c9ed46d6207734a43317d30fd88f52ac8634c37d904bbf4e41d865f90475"
#define D_REMOTE "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

static char home[64];   /* a fake $HOME */
static char cfg[128];   /* home/.docker */

/* Write text to dir/rel, creating the directories on the way. */
static void
put(const char *dir, const char *rel, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (char *p = path + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
	ck_assert((fp = fopen(path, "w")) != NULL);
	fputs(text, fp);
	fclose(fp);
}

/* A docker config dir with contexts prod (TLS, verified), insecure
 * (SkipTLSVerify) and plain (tcp, no TLS material). */
static void
setup(void)
{
	strcpy(home, "/tmp/hd-home-XXXXXX");
	ck_assert(mkdtemp(home) != NULL);
	snprintf(cfg, sizeof(cfg), "%s/.docker", home);
	put(cfg, "contexts/meta/" D_PROD "/meta.json", "{\"Name\":\"prod\","
	    "\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":"
	    "\"tcp://prod.example:2376\",\"SkipTLSVerify\":false}}}");
	put(cfg, "contexts/tls/" D_PROD "/docker/ca.pem", "CA");
	put(cfg, "contexts/tls/" D_PROD "/docker/cert.pem", "CERT");
	put(cfg, "contexts/tls/" D_PROD "/docker/key.pem", "KEY");
	put(cfg, "contexts/meta/" D_INSECURE "/meta.json", "{\"Name\":\"insecure\","
	    "\"Endpoints\":{\"docker\":{\"Host\":\"tcp://10.0.0.9:2376\","
	    "\"SkipTLSVerify\":true}}}");
	put(cfg, "contexts/meta/" D_PLAIN "/meta.json", "{\"Name\":\"plain\","
	    "\"Endpoints\":{\"docker\":{\"Host\":\"tcp://10.0.0.8\"}}}");
	/* An ssh context; TLS material next to it must not turn TLS on. */
	put(cfg, "contexts/meta/" D_REMOTE "/meta.json", "{\"Name\":\"remote\","
	    "\"Endpoints\":{\"docker\":{\"Host\":\"ssh://ops@build-1:2222\"}}}");
	put(cfg, "contexts/tls/" D_REMOTE "/docker/ca.pem", "CA");
	put(cfg, "config.json", "{\"auths\":{},\"currentContext\":\"plain\"}");
}

/* nftw callback removing everything it visits. */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
teardown(void)
{
	nftw(home, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Resolve, asserting success. */
static struct hd_engine_target *
resolve(const struct hd_collect_opts *o, const struct hd_docker_env *env)
{
	struct hd_engine_target *t = NULL;
	int r = hd_engine_resolve(&t, o, env);

	ck_assert_msg(r == 0, "resolve failed: %s", hd_error_last());
	return t;
}

START_TEST(default_socket)
{
	struct hd_collect_opts o = { .root = "/" };
	struct hd_docker_env env = { 0 };
	struct hd_engine_target *t = resolve(&o, &env);

	ck_assert_str_eq(t->url, "unix:///var/run/docker.sock");
	ck_assert_str_eq(t->origin, "default");
	ck_assert(!t->tcp && !t->tls && t->context == NULL);
	hd_engine_target_free(t);
}
END_TEST

START_TEST(precedence)
{
	struct hd_collect_opts o = { .root = "/", .host = "unix:///run/h.sock",
	    .context = "prod" };
	struct hd_docker_env env = { .host = "tcp://envhost:2375",
	    .context = "insecure", .home = home };
	struct hd_engine_target *t;

	/* -H beats everything. */
	t = resolve(&o, &env);
	ck_assert_str_eq(t->url, "unix:///run/h.sock");
	ck_assert_str_eq(t->origin, "-H");
	hd_engine_target_free(t);
	/* then --context */
	o.host = NULL;
	t = resolve(&o, &env);
	ck_assert_str_eq(t->url, "tcp://prod.example:2376");
	ck_assert_str_eq(t->origin, "--context");
	ck_assert_str_eq(t->context, "prod");
	hd_engine_target_free(t);
	/* then DOCKER_HOST */
	o.context = NULL;
	t = resolve(&o, &env);
	ck_assert_str_eq(t->url, "tcp://envhost:2375");
	ck_assert_str_eq(t->origin, "DOCKER_HOST");
	ck_assert(t->tcp && !t->tls);
	hd_engine_target_free(t);
	/* then DOCKER_CONTEXT */
	env.host = NULL;
	t = resolve(&o, &env);
	ck_assert_str_eq(t->url, "tcp://10.0.0.9:2376");
	ck_assert_str_eq(t->origin, "DOCKER_CONTEXT");
	hd_engine_target_free(t);
	/* then config.json's currentContext (port defaulted) */
	env.context = NULL;
	t = resolve(&o, &env);
	ck_assert_str_eq(t->url, "tcp://10.0.0.8:2375");
	ck_assert_str_eq(t->origin, "currentContext");
	ck_assert_str_eq(t->context, "plain");
	hd_engine_target_free(t);
	/* DOCKER_CONFIG replaces HOME/.docker: none there, the default. */
	env.docker_config = "/nonexistent/hd-docker-config";
	t = resolve(&o, &env);
	ck_assert_str_eq(t->url, "unix:///var/run/docker.sock");
	ck_assert_str_eq(t->origin, "default");
	hd_engine_target_free(t);
	/* ... and is read when set. */
	env.docker_config = cfg;
	env.home = NULL;
	t = resolve(&o, &env);
	ck_assert_str_eq(t->context, "plain");
	hd_engine_target_free(t);
}
END_TEST

START_TEST(context_tls)
{
	struct hd_collect_opts o = { .root = "/", .context = "prod" };
	struct hd_docker_env env = { .home = home };
	struct hd_engine_target *t = resolve(&o, &env);

	ck_assert(t->tcp && t->tls && t->tls_verify);
	ck_assert(strstr(t->tls_ca, "/contexts/tls/" D_PROD "/docker/ca.pem"));
	ck_assert(strstr(t->tls_cert, "/contexts/tls/" D_PROD "/docker/cert.pem"));
	ck_assert(strstr(t->tls_key, "/contexts/tls/" D_PROD "/docker/key.pem"));
	hd_engine_target_free(t);

	o.context = "insecure";
	t = resolve(&o, &env);
	ck_assert(t->tls && !t->tls_verify);
	ck_assert(t->tls_ca == NULL && t->tls_cert == NULL);
	hd_engine_target_free(t);

	o.context = "plain";
	t = resolve(&o, &env);
	ck_assert(t->tcp && !t->tls && !t->tls_verify);
	hd_engine_target_free(t);

	o.context = "remote";
	t = resolve(&o, &env);
	ck_assert(t->ssh && !t->tcp && !t->tls && t->tls_ca == NULL);
	ck_assert_str_eq(t->url, "ssh://ops@build-1:2222");
	ck_assert_str_eq(t->context, "remote");
	hd_engine_target_free(t);
}
END_TEST

/* "default" is the endpoint the environment names, not a stored one. */
START_TEST(default_context)
{
	struct hd_collect_opts o = { .root = "/", .context = "default" };
	struct hd_docker_env env = { .home = home };
	struct hd_engine_target *t = resolve(&o, &env);

	ck_assert_str_eq(t->url, "unix:///var/run/docker.sock");
	ck_assert_str_eq(t->context, "default");
	hd_engine_target_free(t);
	put(cfg, "config.json", "{\"currentContext\":\"default\"}");
	o.context = NULL;
	env.host = NULL;
	t = resolve(&o, &env);
	ck_assert_str_eq(t->url, "unix:///var/run/docker.sock");
	ck_assert_str_eq(t->origin, "currentContext");
	hd_engine_target_free(t);
}
END_TEST

START_TEST(tls_from_environment_and_flags)
{
	struct hd_collect_opts o = { .root = "/", .host = "tcp://127.0.0.1:2376" };
	struct hd_docker_env env = { .home = home, .tls_verify = "1" };
	struct hd_engine_target *t;
	char certs[256];

	snprintf(certs, sizeof(certs), "%s/certs", home);
	put(certs, "ca.pem", "CA");
	put(certs, "cert.pem", "CERT");
	/* DOCKER_TLS_VERIFY + DOCKER_CERT_PATH: existing files are used. */
	env.cert_path = certs;
	t = resolve(&o, &env);
	ck_assert(t->tls && t->tls_verify);
	ck_assert(strstr(t->tls_ca, "/certs/ca.pem") && strstr(t->tls_cert,
	    "/certs/cert.pem"));
	ck_assert(t->tls_key == NULL);
	hd_engine_target_free(t);
	/* Flags win over the directory. */
	o.tls_ca = "/etc/hd/ca.pem";
	o.tls_key = "/etc/hd/key.pem";
	t = resolve(&o, &env);
	ck_assert_str_eq(t->tls_ca, "/etc/hd/ca.pem");
	ck_assert_str_eq(t->tls_key, "/etc/hd/key.pem");
	hd_engine_target_free(t);
	/* A CA alone turns TLS on without verification. */
	env.tls_verify = NULL;
	t = resolve(&o, &env);
	ck_assert(t->tls && !t->tls_verify);
	hd_engine_target_free(t);
	/* --tlsverify without the environment. */
	o.tls_verify = true;
	t = resolve(&o, &env);
	ck_assert(t->tls && t->tls_verify);
	hd_engine_target_free(t);
	/* Nothing set: plain TCP. */
	memset(&o, 0, sizeof(o));
	o.host = "tcp://127.0.0.1:2375";
	t = resolve(&o, &env);
	ck_assert(t->tcp && !t->tls && t->tls_ca == NULL);
	hd_engine_target_free(t);
	/* A unix socket has no TLS whatever the environment says. */
	o.host = "unix:///run/docker.sock";
	env.tls_verify = "1";
	t = resolve(&o, &env);
	ck_assert(!t->tcp && !t->tls && !t->tls_verify && t->tls_ca == NULL);
	hd_engine_target_free(t);
}
END_TEST

START_TEST(unknown_context)
{
	struct hd_collect_opts o = { .root = "/", .context = "nope" };
	struct hd_docker_env env = { .home = home };
	struct hd_engine_target *t = NULL;

	ck_assert_int_eq(hd_engine_resolve(&t, &o, &env), HD_ENOTFOUND);
	ck_assert(t == NULL);
	ck_assert(strstr(hd_error_last(), "context \"nope\" not found in "));
	/* No configuration directory at all. */
	env.home = NULL;
	ck_assert_int_eq(hd_engine_resolve(&t, &o, &env), HD_ENOTFOUND);
}
END_TEST

START_TEST(malformed_config_files)
{
	struct hd_collect_opts o = { .root = "/" };
	struct hd_docker_env env = { .home = home };
	struct hd_engine_target *t = NULL;

	put(cfg, "config.json", "{\"currentContext\": ");
	ck_assert_int_eq(hd_engine_resolve(&t, &o, &env), HD_EPARSE);
	ck_assert(strstr(hd_error_last(), "/.docker/config.json: "));
	put(cfg, "config.json", "{\"currentContext\": 7}");
	ck_assert_int_eq(hd_engine_resolve(&t, &o, &env), HD_ETYPE);
	put(cfg, "config.json", "{}");
	/* A broken context does not hide a good one... */
	put(cfg, "contexts/meta/ffff/meta.json", "[1]");
	o.context = "prod";
	t = resolve(&o, &env);
	ck_assert_str_eq(t->context, "prod");
	hd_engine_target_free(t);
	t = NULL;
	/* ... but is named when the context asked for is not found. */
	o.context = "nope";
	ck_assert_int_eq(hd_engine_resolve(&t, &o, &env), HD_EPARSE);
	ck_assert(strstr(hd_error_last(), "contexts/meta/ffff/meta.json"));
	ck_assert(t == NULL);
}
END_TEST

START_TEST(url_forms)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "tcp://h", "tcp://h:2375" },
		{ "h:1234", "tcp://h:1234" },
		{ "tcp://h:2376/", "tcp://h:2376" },
		{ "tcp://[::1]:2376", "tcp://[::1]:2376" },
		{ "tcp://[::1]", "tcp://[::1]:2375" },
		{ "unix:///var/run/docker.sock", "unix:///var/run/docker.sock" },
		{ "ssh://user@host", "ssh://user@host" },
		{ "ssh://h.example:2222/run/docker.sock",
		  "ssh://h.example:2222/run/docker.sock" },
	};
	static const char *const bad[] = {
		"ssh://-oProxyCommand=x", "ssh://u:pw@h", "ssh://h;id",
		"npipe:////./pipe/docker_engine", "unix://rel.sock",
		"tcp://", "tcp://h:2375/path", "tcp://h:", "tcp://a b:1", "fd://",
	};
	char *u;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_msg(hd_engine_url_parse(&u, ok[i].in) == 0, "%s: %s",
		    ok[i].in, hd_error_last());
		ck_assert_str_eq(u, ok[i].out);
		free(u);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(hd_engine_url_parse(&u, bad[i]) == HD_EUSAGE, "%s",
		    bad[i]);
		ck_assert(u == NULL);
	}
}
END_TEST

START_TEST(parsers_on_buffers)
{
	static const char meta[] = "{\"Name\":\"x\",\"Endpoints\":{}}";
	static const char cfgj[] = "{\"currentContext\":\"\"}";
	static const char badhost[] = "{\"Name\":\"x\",\"Endpoints\":"
	    "{\"docker\":{\"Host\":[]}}}";
	char *name, *host, *cur;
	bool skip = true;

	ck_assert_int_eq(hd_context_meta_parse(&name, &host, &skip, meta,
	    sizeof(meta) - 1), 0);
	ck_assert_str_eq(name, "x");
	ck_assert(host == NULL && !skip);
	free(name);
	ck_assert_int_eq(hd_context_meta_parse(&name, &host, &skip, "{}", 2),
	    HD_EPARSE);
	ck_assert_int_eq(hd_context_meta_parse(&name, &host, &skip, badhost,
	    sizeof(badhost) - 1), HD_ETYPE);
	ck_assert(name == NULL && host == NULL);
	ck_assert_int_eq(hd_docker_config_current(&cur, cfgj, sizeof(cfgj) - 1), 0);
	ck_assert(cur == NULL);
	ck_assert_int_eq(hd_docker_config_current(&cur, "[]", 2), HD_EPARSE);
	ck_assert_int_eq(hd_docker_config_current(&cur, "{\"a\":1} x", 9),
	    HD_EPARSE);
}
END_TEST

/* A context that does not resolve: every engine fact says why. */
START_TEST(unresolved_engine_facts)
{
	struct hd_collect_opts o = { .root = "/", .context = "nope" };
	struct hd_docker_env env = { .home = home };
	struct hd_engine_limits lim = { .body_cap = HD_BUF_CAP_API,
	    .max_inflight = HD_ENGINE_INFLIGHT };
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_fact f;

	hd_engine_collect(s, &o, &env, &lim);
	hd_snapshot_fact(&f, s, HD_F_ENGINE_INFO);
	ck_assert(f.state == HD_FACT_ERROR);
	ck_assert(strstr(f.reason, "cannot connect to the Docker engine: context "
	    "\"nope\" not found"));
	hd_snapshot_fact(&f, s, HD_F_ENGINE_CONN);
	ck_assert(f.state == HD_FACT_ERROR);
	hd_snapshot_fact(&f, s, HD_F_ENGINE_TARGET);
	ck_assert(f.state == HD_FACT_ERROR && strstr(f.reason, "\"nope\""));
	hd_snapshot_free(s);
}
END_TEST

static Suite *
host_suite(void)
{
	Suite *s = suite_create("engine host");
	TCase *tc = tcase_create("resolution");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, default_socket);
	tcase_add_test(tc, precedence);
	tcase_add_test(tc, context_tls);
	tcase_add_test(tc, default_context);
	tcase_add_test(tc, tls_from_environment_and_flags);
	tcase_add_test(tc, unknown_context);
	tcase_add_test(tc, malformed_config_files);
	tcase_add_test(tc, url_forms);
	tcase_add_test(tc, parsers_on_buffers);
	tcase_add_test(tc, unresolved_engine_facts);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(host_suite)
