/*
 * The Engine API collector against a fake engine (fake_engine.h): a thread
 * in this process serving HTTP/1.1 on a unix socket.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <hardock/buf.h>

#include "collect/engine.h"
#include "fake_engine.h"
#include "testutil.h"
#include "transcript.h"

/* Collect from the fake engine at sock with timeout (ms) and body cap. */
static struct hd_snapshot *
collect_at(const char *sock, long timeout_ms, size_t cap, long deadline_ms,
    bool progress)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_collect_opts o = { .root = "/", .timeout_ms = timeout_ms,
	    .progress = progress };
	struct hd_engine_limits lim = { .body_cap = cap,
	    .max_inflight = HD_ENGINE_INFLIGHT, .deadline_ms = deadline_ms };
	struct hd_docker_env env = { 0 };
	char *url = hd_xasprintf("unix://%s", sock);

	o.host = url;
	hd_engine_collect(s, &o, &env, &lim);
	free(url);
	return s;
}

/* Collect from fk with the defaults. */
static struct hd_snapshot *
collect(struct fake *fk)
{
	return collect_at(fk->sock, 2000, HD_BUF_CAP_API, 0, false);
}

/* Assert fact key is an error whose reason contains text. */
static void
assert_error(const struct hd_snapshot *s, const char *key, const char *text)
{
	struct hd_fact f;

	hd_snapshot_fact(&f, s, key);
	ck_assert_msg(f.state == HD_FACT_ERROR, "%s: state %d, want error", key,
	    f.state);
	ck_assert_msg(strstr(f.reason, text) != NULL, "%s: reason '%s' lacks '%s'",
	    key, f.reason, text);
}

/* Assert fact key is a value of JSON type t; returns it. */
static json_object *
assert_value(const struct hd_snapshot *s, const char *key, enum json_type t)
{
	struct hd_fact f;

	hd_snapshot_fact(&f, s, key);
	ck_assert_msg(f.state == HD_FACT_VALUE, "%s: state %d (%s), want value",
	    key, f.state, f.reason ? f.reason : "");
	ck_assert_msg(json_object_is_type(f.value, t), "%s: wrong JSON type", key);
	return f.value;
}

/* Assert fact key is absent with a reason containing text. */
static void
assert_absent(const struct hd_snapshot *s, const char *key, const char *text)
{
	struct hd_fact f;

	hd_snapshot_fact(&f, s, key);
	ck_assert_msg(f.state == HD_FACT_ABSENT, "%s: state %d, want absent", key,
	    f.state);
	ck_assert_msg(strstr(f.reason, text) != NULL, "%s: reason '%s' lacks '%s'",
	    key, f.reason, text);
}

/* The string at path of fact key's value. */
static const char *
fact_str(const struct hd_snapshot *s, const char *key, const char *path)
{
	struct hd_fact f;
	const char *v = NULL;

	hd_snapshot_fact(&f, s, key);
	ck_assert(f.state == HD_FACT_VALUE);
	ck_assert(hd_get_str(NULL, f.value, path, NULL, &v) == 0 && v != NULL);
	return v;
}

/* Every engine fact besides the target. */
static const char *const engine_keys[] = {
	HD_F_ENGINE_CONN, HD_F_ENGINE_VERSION, HD_F_ENGINE_INFO,
	HD_F_ENGINE_CONTAINERS, HD_F_ENGINE_IMAGES, HD_F_ENGINE_NETWORKS,
	HD_F_ENGINE_VOLUMES, HD_F_ENGINE_PLUGINS, HD_F_ENGINE_SWARM,
	HD_F_ENGINE_NODES, HD_F_ENGINE_SERVICES, HD_F_ENGINE_SECRETS,
	HD_F_ENGINE_CONFIGS,
};
#define NKEYS (sizeof(engine_keys) / sizeof(engine_keys[0]))

/* ---- Fixtures ------------------------------------------------------------ */

#define ID_WEB "aaaa000000000000000000000000000000000000000000000000000000000001"
#define ID_DB "bbbb000000000000000000000000000000000000000000000000000000000002"
#define ID_API "cccc000000000000000000000000000000000000000000000000000000000003"
#define IMG_1 "1111111111111111111111111111111111111111111111111111111111111111"
#define IMG_2 "2222222222222222222222222222222222222222222222222222222222222222"
#define IMG_3 "3333333333333333333333333333333333333333333333333333333333333333"

#define VERSION_143 "{\"ApiVersion\":\"1.43\",\"Version\":\"24.0.7\"," \
	"\"Platform\":{\"Name\":\"Docker Engine - Community\"}," \
	"\"Components\":[{\"Name\":\"Engine\",\"Version\":\"24.0.7\"}]}"
#define INFO_MANAGER "{\"ID\":\"X\",\"Swarm\":{\"LocalNodeState\":\"active\"," \
	"\"ControlAvailable\":true}}"
#define INFO_INACTIVE "{\"ID\":\"X\",\"Swarm\":{\"LocalNodeState\":\"inactive\"," \
	"\"ControlAvailable\":false}}"
/* Listed in no particular order; the evil one must never reach a URL. */
#define CONTAINERS "[" \
	"{\"Id\":\"" ID_WEB "\",\"Names\":[\"/web\"]}," \
	"{\"Id\":\"../../evil\",\"Names\":[\"/evil\"]}," \
	"{\"Id\":\"" ID_DB "\",\"Names\":[\"/db\"]}," \
	"{\"Id\":\"" ID_API "\",\"Names\":[\"/api\"]}]"
#define IMAGES "[" \
	"{\"Id\":\"sha256:" IMG_3 "\",\"RepoTags\":null,\"RepoDigests\":null}," \
	"{\"Id\":\"sha256:" IMG_2 "\",\"RepoTags\":[\"<none>:<none>\"]," \
	"\"RepoDigests\":[\"busybox@sha256:" IMG_1 "\"]}," \
	"{\"Id\":\"sha256:" IMG_1 "\",\"RepoTags\":[\"nginx:1.25\"]}]"
#define INSPECT(id, name) "{\"Id\":\"" id "\",\"Name\":\"/" name "\"," \
	"\"Config\":{\"Labels\":{\"app\":\"" name "\"}},\"HostConfig\":{}}"
#define IMAGE_INSPECT(id) "{\"Id\":\"sha256:" id "\",\"Config\":{}}"
#define HISTORY "[{\"Id\":\"x\",\"CreatedBy\":\"/bin/sh -c true\"}]"

/* The routes of a healthy swarm manager speaking API 1.43. */
static const struct route healthy[] = {
	{ "/_ping", 200, "OK", B_OK },
	{ "/version", 200, VERSION_143, B_OK },
	{ "/info", 200, INFO_MANAGER, B_OK },
	{ "/containers/json?all=1", 200, CONTAINERS, B_OK },
	{ "/containers/" ID_WEB "/json", 200, INSPECT(ID_WEB, "web"), B_OK },
	{ "/containers/" ID_DB "/json", 200, INSPECT(ID_DB, "db"), B_OK },
	{ "/containers/" ID_API "/json", 200, INSPECT(ID_API, "api"), B_OK },
	{ "/images/json", 200, IMAGES, B_OK },
	{ "/images/" IMG_1 "/json", 200, IMAGE_INSPECT(IMG_1), B_OK },
	{ "/images/" IMG_2 "/json", 200, IMAGE_INSPECT(IMG_2), B_OK },
	{ "/images/" IMG_3 "/json", 200, IMAGE_INSPECT(IMG_3), B_OK },
	{ "/images/" IMG_1 "/history", 200, HISTORY, B_OK },
	{ "/images/" IMG_2 "/history", 200, HISTORY, B_OK },
	{ "/images/" IMG_3 "/history", 200, HISTORY, B_OK },
	{ "/networks", 200, "[{\"Name\":\"bridge\"}]", B_OK },
	{ "/volumes", 200, "{\"Volumes\":[{\"Name\":\"data\"}],\"Warnings\":null}",
	  B_OK },
	{ "/plugins", 200, "[]", B_OK },
	{ "/swarm", 200, "{\"ID\":\"S\",\"JoinTokens\":{\"Worker\":\"SWMTKN-1-w\","
	  "\"Manager\":\"SWMTKN-1-m\"}}", B_OK },
	{ "/nodes", 200, "[{\"ID\":\"N\"}]", B_OK },
	{ "/services", 200, "[]", B_OK },
	{ "/secrets", 200, "[{\"ID\":\"sec\"}]", B_OK },
	{ "/configs", 200, "[]", B_OK },
};
#define NHEALTHY (sizeof(healthy) / sizeof(healthy[0]))

/* healthy with some routes replaced (same path) or added; static storage
 * for the test's lifetime, n returned through *n. */
static const struct route *
variant(size_t *n, const struct route *over, size_t nover)
{
	static struct route r[64];

	memcpy(r, healthy, sizeof(healthy));
	*n = NHEALTHY;
	for (size_t i = 0; i < nover; i++) {
		size_t k = 0;

		while (k < *n && strcmp(r[k].path, over[i].path) != 0)
			k++;
		r[k] = over[i];
		if (k == *n)
			(*n)++;
	}
	return r;
}

/* The object of kind at i: its name, id and state. */
static void
assert_object(const struct hd_snapshot *s, enum hd_object_kind kind, size_t i,
    const char *name, const char *id, enum hd_fact_state state)
{
	struct hd_object o;

	hd_snapshot_object(&o, s, kind, i);
	ck_assert_str_eq(o.name, name);
	ck_assert_str_eq(o.id, id);
	ck_assert_msg(o.inspect.state == state, "%s: state %d (%s)", name,
	    o.inspect.state, o.inspect.reason ? o.inspect.reason : "");
}

/* ---- Tests --------------------------------------------------------------- */

START_TEST(collects_every_fact)
{
	struct fake *fk = fake_start(healthy, NHEALTHY, "/v1.43", "1.43");
	struct hd_snapshot *s = collect(fk);
	json_object *sw;
	struct hd_object o;
	struct hd_fact f;

	ck_assert_str_eq(fact_str(s, HD_F_ENGINE_CONN, "api_version"), "1.43");
	ck_assert_str_eq(fact_str(s, HD_F_ENGINE_CONN, "kind"), "docker");
	ck_assert(strstr(fact_str(s, HD_F_ENGINE_CONN, "url"), fk->sock) != NULL);
	ck_assert_str_eq(fact_str(s, HD_F_ENGINE_VERSION, "Version"), "24.0.7");
	assert_value(s, HD_F_ENGINE_INFO, json_type_object);
	assert_value(s, HD_F_ENGINE_CONTAINERS, json_type_array);
	assert_value(s, HD_F_ENGINE_IMAGES, json_type_array);
	assert_value(s, HD_F_ENGINE_NETWORKS, json_type_array);
	ck_assert_int_eq(json_object_array_length(hd_json_path(assert_value(s,
	    HD_F_ENGINE_VOLUMES, json_type_object), "Volumes")), 1);
	assert_value(s, HD_F_ENGINE_PLUGINS, json_type_array);
	sw = assert_value(s, HD_F_ENGINE_SWARM, json_type_object);
	ck_assert_str_eq(json_object_get_string(hd_json_path(sw,
	    "JoinTokens.Worker")), "<redacted>");
	ck_assert_str_eq(json_object_get_string(hd_json_path(sw,
	    "JoinTokens.Manager")), "<redacted>");
	ck_assert_int_eq(json_object_array_length(assert_value(s, HD_F_ENGINE_NODES,
	    json_type_array)), 1);
	assert_value(s, HD_F_ENGINE_SERVICES, json_type_array);
	assert_value(s, HD_F_ENGINE_SECRETS, json_type_array);
	assert_value(s, HD_F_ENGINE_CONFIGS, json_type_array);
	hd_snapshot_fact(&f, s, HD_F_ENGINE_INFO);
	ck_assert_str_eq(f.source, "GET /v1.43/info");
	ck_assert_str_eq(hd_snapshot_meta(s, HD_META_ENGINE_URL) + 7, fk->sock);

	/* Containers sorted by name; the malformed id noted, never fetched. */
	ck_assert_int_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), 4);
	assert_object(s, HD_OBJ_CONTAINER, 0, "api", ID_API, HD_FACT_VALUE);
	assert_object(s, HD_OBJ_CONTAINER, 1, "db", ID_DB, HD_FACT_VALUE);
	assert_object(s, HD_OBJ_CONTAINER, 2, "evil", "../../evil", HD_FACT_ERROR);
	assert_object(s, HD_OBJ_CONTAINER, 3, "web", ID_WEB, HD_FACT_VALUE);
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 2);
	ck_assert(strstr(o.inspect.reason, "malformed id") != NULL);
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 3);
	ck_assert_str_eq(o.inspect.source, "GET /v1.43/containers/" ID_WEB "/json");
	ck_assert(o.labels != NULL);

	/* Images named by tag, else digest, else short id; sorted by name. */
	ck_assert_int_eq(hd_snapshot_count(s, HD_OBJ_IMAGE), 3);
	assert_object(s, HD_OBJ_IMAGE, 0, "333333333333", "sha256:" IMG_3,
	    HD_FACT_VALUE);
	assert_object(s, HD_OBJ_IMAGE, 1, "busybox@sha256:" IMG_1, "sha256:" IMG_2,
	    HD_FACT_VALUE);
	assert_object(s, HD_OBJ_IMAGE, 2, "nginx:1.25", "sha256:" IMG_1,
	    HD_FACT_VALUE);
	assert_value(s, HD_F_IMAGE_HISTORY "sha256:" IMG_1, json_type_array);
	assert_value(s, HD_F_IMAGE_HISTORY "sha256:" IMG_2, json_type_array);
	assert_value(s, HD_F_IMAGE_HISTORY "sha256:" IMG_3, json_type_array);

	/* Every request but the negotiation is versioned; nothing is odd. */
	ck_assert_str_eq(fk->log[0], "/_ping");
	ck_assert_str_eq(fk->log[1], "/version");
	for (size_t i = 2; i < fk->nlog; i++) {
		ck_assert_msg(strncmp(fk->log[i], "/v1.43/", 7) == 0, "%s",
		    fk->log[i]);
		ck_assert_msg(strstr(fk->log[i], "evil") == NULL, "%s", fk->log[i]);
	}
	ck_assert_int_eq(fk->nlog, 2 + 6 + 5 + 3 + 6);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* Many containers: inspects run concurrently, at most 16 connections. */
START_TEST(inspects_concurrently)
{
	static struct route r[64 + 8];
	static char ids[60][65], inspects[60][200], paths[60][100];
	static char list[60 * 120];
	struct fake *fk;
	struct hd_snapshot *s;
	size_t n = 0, len = 0;
	long long t0, took;

	r[n++] = (struct route){ "/_ping", 200, "OK", B_OK };
	r[n++] = (struct route){ "/version", 200, VERSION_143, B_OK };
	r[n++] = (struct route){ "/info", 200, INFO_INACTIVE, B_OK };
	len += (size_t)snprintf(list + len, sizeof(list) - len, "[");
	for (int i = 0; i < 60; i++) {
		snprintf(ids[i], sizeof(ids[i]), "%064x", i + 1);
		snprintf(inspects[i], sizeof(inspects[i]), "{\"Id\":\"%s\"}", ids[i]);
		snprintf(paths[i], sizeof(paths[i]), "/containers/%.64s/json", ids[i]);
		len += (size_t)snprintf(list + len, sizeof(list) - len,
		    "%s{\"Id\":\"%s\",\"Names\":[\"/c%02d\"]}", i ? "," : "", ids[i],
		    59 - i);
		r[n++] = (struct route){ paths[i], 200, inspects[i], B_SLOW };
	}
	snprintf(list + len, sizeof(list) - len, "]");
	r[n++] = (struct route){ "/containers/json?all=1", 200, list, B_OK };
	fk = fake_start(r, n, "/v1.43", "1.43");
	t0 = ms_now();
	s = collect(fk);
	took = ms_now() - t0;
	/* One after another, 60 answers 50 ms late would take 3 s; 16 at a
	 * time about 0.2 s (the margin is for a loaded sanitizer build). */
	ck_assert_msg(took < 2000, "took %lld ms", took);
	ck_assert_int_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), 60);
	for (size_t i = 0; i < 60; i++) {
		char name[8];

		snprintf(name, sizeof(name), "c%02zu", i);
		assert_object(s, HD_OBJ_CONTAINER, i, name, ids[59 - i], HD_FACT_VALUE);
	}
	ck_assert_msg(fk->maxopen == HD_ENGINE_INFLIGHT,
	    "max connections open at once: %d", fk->maxopen);
	/* One pool: 67 requests over no more connections than the bound. */
	ck_assert_msg(fk->accepts <= HD_ENGINE_INFLIGHT, "accepts: %d", fk->accepts);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

START_TEST(negotiates_down_to_newest_known)
{
	static const struct route over[] = {
		{ "/version", 200, "{\"ApiVersion\":\"1.50\",\"Version\":\"29.0.0\"}",
		  B_OK },
	};
	size_t n;
	const struct route *r = variant(&n, over, 1);
	struct fake *fk = fake_start(r, n, "/v1.47", "1.50");
	struct hd_snapshot *s = collect(fk);

	ck_assert_str_eq(fact_str(s, HD_F_ENGINE_CONN, "api_version"), "1.47");
	assert_value(s, HD_F_ENGINE_INFO, json_type_object);
	ck_assert_int_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), 4);
	for (size_t i = 2; i < fk->nlog; i++)
		ck_assert_msg(strncmp(fk->log[i], "/v1.47/", 7) == 0, "%s", fk->log[i]);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* /version failing: the ping's Api-Version header still decides. */
START_TEST(negotiates_from_ping_header)
{
	static const struct route over[] = {
		{ "/version", 500, "{\"message\":\"version is broken\"}", B_OK },
	};
	size_t n;
	const struct route *r = variant(&n, over, 1);
	struct fake *fk = fake_start(r, n, "/v1.40", "1.40");
	struct hd_snapshot *s = collect(fk);

	assert_error(s, HD_F_ENGINE_VERSION, "HTTP 500: version is broken");
	ck_assert_str_eq(fact_str(s, HD_F_ENGINE_CONN, "api_version"), "1.40");
	assert_value(s, HD_F_ENGINE_INFO, json_type_object);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

START_TEST(refuses_engine_older_than_1_24)
{
	static const struct route over[] = {
		{ "/version", 200, "{\"ApiVersion\":\"1.12\"}", B_OK },
	};
	size_t n;
	const struct route *r = variant(&n, over, 1);
	struct fake *fk = fake_start(r, n, "/v1.12", "1.12");
	struct hd_snapshot *s = collect(fk);

	assert_error(s, HD_F_ENGINE_CONN, "older than 1.24");
	assert_error(s, HD_F_ENGINE_INFO, "older than 1.24");
	ck_assert_int_eq(fk->nlog, 2);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

START_TEST(recognises_podman)
{
	static const struct route over[] = {
		{ "/version", 200, "{\"ApiVersion\":\"1.41\",\"Version\":\"4.3.1\","
		  "\"Components\":[{\"Name\":\"Podman Engine\",\"Version\":\"4.3.1\"}]}",
		  B_OK },
		{ "/info", 200, "{\"ID\":\"P\"}", B_OK },
	};
	size_t n;
	const struct route *r = variant(&n, over, 2);
	struct fake *fk = fake_start(r, n, "/v1.41", "1.41");
	struct hd_snapshot *s = collect(fk);

	ck_assert_str_eq(fact_str(s, HD_F_ENGINE_CONN, "kind"), "podman");
	ck_assert_str_eq(fact_str(s, HD_F_ENGINE_CONN, "api_version"), "1.41");
	assert_absent(s, HD_F_ENGINE_SWARM, "Podman has no swarm mode");
	assert_absent(s, HD_F_ENGINE_SECRETS, "Podman");
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

START_TEST(swarm_absent_when_inactive_or_worker)
{
	static const struct route inactive[] = {
		{ "/info", 200, INFO_INACTIVE, B_OK },
	};
	static const struct route worker[] = {
		{ "/info", 200, "{\"Swarm\":{\"LocalNodeState\":\"active\","
		  "\"ControlAvailable\":false}}", B_OK },
	};
	size_t n;
	const struct route *r = variant(&n, inactive, 1);
	struct fake *fk = fake_start(r, n, "/v1.43", "1.43");
	struct hd_snapshot *s = collect(fk);

	for (size_t i = 8; i < NKEYS; i++)
		assert_absent(s, engine_keys[i], "LocalNodeState=inactive");
	for (size_t i = 0; i < fk->nlog; i++)
		ck_assert_msg(strstr(fk->log[i], "/swarm") == NULL, "%s", fk->log[i]);
	hd_snapshot_free(s);
	fake_stop(fk);

	r = variant(&n, worker, 1);
	fk = fake_start(r, n, "/v1.43", "1.43");
	s = collect(fk);
	assert_absent(s, HD_F_ENGINE_SWARM, "not a manager");
	assert_absent(s, HD_F_ENGINE_NODES, "ControlAvailable=false");
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* A container gone between list and inspect is noted and skipped. */
START_TEST(container_removed_during_scan)
{
	static const struct route over[] = {
		{ "/containers/" ID_DB "/json", 404,
		  "{\"message\":\"No such container: " ID_DB "\"}", B_OK },
		{ "/images/" IMG_2 "/history", 404,
		  "{\"message\":\"No such image\"}", B_OK },
	};
	size_t n;
	const struct route *r = variant(&n, over, 2);
	struct fake *fk = fake_start(r, n, "/v1.43", "1.43");
	struct hd_snapshot *s = collect(fk);
	struct hd_object o;

	assert_object(s, HD_OBJ_CONTAINER, 1, "db", ID_DB, HD_FACT_ERROR);
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 1);
	ck_assert_msg(strstr(o.inspect.reason, "removed during the scan") &&
	    strstr(o.inspect.reason, "No such container"), "%s", o.inspect.reason);
	assert_object(s, HD_OBJ_CONTAINER, 0, "api", ID_API, HD_FACT_VALUE);
	assert_object(s, HD_OBJ_CONTAINER, 3, "web", ID_WEB, HD_FACT_VALUE);
	assert_error(s, HD_F_IMAGE_HISTORY "sha256:" IMG_2, "removed during the scan");
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* Inspect answers are kept as the text received and parsed when
 * evaluated: a malformed object is that container's error then, with
 * the parser's reason; an answer that is not one object is refused at
 * once, as before, with why. */
START_TEST(malformed_inspect_answers)
{
	static const struct route over[] = {
		{ "/containers/" ID_DB "/json", 200, "{\"Id\": tru}", B_OK },
		{ "/containers/" ID_API "/json", 200, "[1, 2]", B_OK },
		{ "/containers/" ID_WEB "/json", 200, "{\"a\":1} {", B_OK },
	};
	size_t n;
	const struct route *r = variant(&n, over, 3);
	struct fake *fk = fake_start(r, n, "/v1.43", "1.43");
	struct hd_snapshot *s = collect(fk);
	struct hd_object o;

	/* Shown, the kept text is parsed and its error is the object's. */
	assert_object(s, HD_OBJ_CONTAINER, 1, "db", ID_DB, HD_FACT_ERROR);
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 1);
	ck_assert_msg(strstr(o.inspect.reason, "malformed inspect document: "
	    "line 1, column") != NULL, "%s", o.inspect.reason);
	assert_object(s, HD_OBJ_CONTAINER, 0, "api", ID_API, HD_FACT_ERROR);
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 0);
	ck_assert_msg(strstr(o.inspect.reason, "expected a JSON object, got array"),
	    "%s", o.inspect.reason);
	assert_object(s, HD_OBJ_CONTAINER, 3, "web", ID_WEB, HD_FACT_ERROR);
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 3);
	ck_assert_msg(strstr(o.inspect.reason, "is not JSON"), "%s",
	    o.inspect.reason);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

START_TEST(non_2xx_carries_engine_message)
{
	static const struct route over[] = {
		{ "/info", 500, "{\"message\":\"daemon is \\u001b[31msick\"}", B_OK },
		{ "/networks", 503, "upstream down", B_OK },
	};
	size_t n;
	const struct route *r = variant(&n, over, 2);
	struct fake *fk = fake_start(r, n, "/v1.43", "1.43");
	struct hd_snapshot *s = collect(fk);
	struct hd_fact f;

	/* The escape character is defused, the message kept. */
	assert_error(s, HD_F_ENGINE_INFO, "the engine answered HTTP 500: daemon is "
	    "?[31msick");
	assert_error(s, HD_F_ENGINE_NETWORKS, "HTTP 503: upstream down");
	assert_error(s, HD_F_ENGINE_SWARM, "the swarm state is unknown");
	hd_snapshot_fact(&f, s, HD_F_ENGINE_INFO);
	ck_assert_str_eq(f.source, "GET /v1.43/info");
	assert_value(s, HD_F_ENGINE_CONTAINERS, json_type_array);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

START_TEST(oversize_body_refused)
{
	static const struct route over[] = {
		{ "/networks", 200, "", B_BIGLEN },
	};
	size_t n;
	const struct route *r = variant(&n, over, 1);
	struct fake *fk = fake_start(r, n, "/v1.43", "1.43");
	struct hd_snapshot *s = collect(fk);
	char want[64];

	snprintf(want, sizeof(want), "response larger than %u bytes",
	    HD_BUF_CAP_API);
	assert_error(s, HD_F_ENGINE_NETWORKS, want);
	assert_value(s, HD_F_ENGINE_INFO, json_type_object);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* A body without a length is cut at the cap while it streams. */
START_TEST(oversize_stream_refused)
{
	static const struct route over[] = {
		{ "/plugins", 200, "", B_STREAM },
	};
	size_t n;
	const struct route *r = variant(&n, over, 1);
	struct fake *fk = fake_start(r, n, "/v1.43", "1.43");
	struct hd_snapshot *s = collect_at(fk->sock, 2000, 8192, 0, false);

	assert_error(s, HD_F_ENGINE_PLUGINS, "response larger than 8192 bytes");
	assert_value(s, HD_F_ENGINE_NETWORKS, json_type_array);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

START_TEST(non_json_body)
{
	static const struct route over[] = {
		{ "/info", 200, "<html>hello</html>", B_OK },
		{ "/networks", 200, "[1, 2", B_OK },
	};
	size_t n;
	const struct route *r = variant(&n, over, 2);
	struct fake *fk = fake_start(r, n, "/v1.43", "1.43");
	struct hd_snapshot *s = collect(fk);

	assert_error(s, HD_F_ENGINE_INFO, "answer to GET /v1.43/info is not JSON");
	assert_error(s, HD_F_ENGINE_NETWORKS, "unexpected end of input");
	assert_value(s, HD_F_ENGINE_CONTAINERS, json_type_array);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* Something else answers HTTP there: nothing is audited. */
START_TEST(not_an_engine)
{
	static const struct route r[] = {
		{ "/_ping", 400, "Client sent an HTTP request to an HTTPS server.\n",
		  B_OK },
		{ "/version", 400, "Client sent an HTTP request to an HTTPS server.\n",
		  B_OK },
	};
	struct fake *fk = fake_start(r, 2, "/v1.43", "");
	struct hd_snapshot *s = collect(fk);

	for (size_t i = 0; i < NKEYS; i++)
		assert_error(s, engine_keys[i], "cannot connect to the Docker engine at "
		    "unix://");
	assert_error(s, HD_F_ENGINE_VERSION, "no Engine API answers there (GET "
	    "/_ping: the engine answered HTTP 400: Client sent an HTTP request to "
	    "an HTTPS server.)");
	ck_assert_int_eq(fk->nlog, 2);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* Accepts the connection, never answers: given up within the timeout. */
START_TEST(silent_engine_abandoned)
{
	static const struct route r[] = { { "/_ping", 200, "", B_HANG } };
	struct fake *fk = fake_start(r, 1, "/v1.43", "1.43");
	long long t0 = ms_now(), took;
	struct hd_snapshot *s = collect_at(fk->sock, 500, HD_BUF_CAP_API, 0, false);

	took = ms_now() - t0;
	/* The engine never answers: without the timeout this never ends. */
	ck_assert_msg(took >= 400 && took < 3000, "took %lld ms", took);
	for (size_t i = 0; i < NKEYS; i++) {
		assert_error(s, engine_keys[i], "cannot connect to the Docker engine at "
		    "unix://");
		assert_error(s, engine_keys[i], "no answer to GET /_ping within 500 ms");
	}
	ck_assert_int_eq(fk->nlog, 1);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* One inspect hangs: that container times out, the others are read. */
START_TEST(hung_inspect_times_out_alone)
{
	static const struct route over[] = {
		{ "/containers/" ID_WEB "/json", 200, "", B_HANG },
	};
	size_t n;
	const struct route *r = variant(&n, over, 1);
	struct fake *fk = fake_start(r, n, "/v1.43", "1.43");
	long long t0 = ms_now(), took;
	struct hd_snapshot *s = collect_at(fk->sock, 500, HD_BUF_CAP_API, 0, false);
	struct hd_object o;

	took = ms_now() - t0;
	ck_assert_msg(took < 3000, "took %lld ms", took);
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 3);
	ck_assert_str_eq(o.name, "web");
	ck_assert_msg(o.inspect.state == HD_FACT_ERROR &&
	    strstr(o.inspect.reason, "no answer to GET /v1.43/containers/" ID_WEB
	    "/json within 500 ms"), "%s", o.inspect.reason);
	assert_object(s, HD_OBJ_CONTAINER, 0, "api", ID_API, HD_FACT_VALUE);
	assert_object(s, HD_OBJ_IMAGE, 2, "nginx:1.25", "sha256:" IMG_1,
	    HD_FACT_VALUE);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* An engine that stops answering is bounded by the whole deadline. */
START_TEST(deadline_bounds_collection)
{
	static const struct route over[] = {
		{ "/containers/" ID_WEB "/json", 200, "", B_HANG },
		{ "/containers/" ID_DB "/json", 200, "", B_HANG },
		{ "/containers/" ID_API "/json", 200, "", B_HANG },
	};
	size_t n;
	const struct route *r = variant(&n, over, 3);
	struct fake *fk = fake_start(r, n, "/v1.43", "1.43");
	long long t0 = ms_now(), took;
	struct hd_snapshot *s = collect_at(fk->sock, 3000, HD_BUF_CAP_API, 300,
	    false);

	took = ms_now() - t0;
	/* Each hung request alone would last its 3 s timeout: the 300 ms
	 * deadline ends them all (the margin is for a loaded machine). */
	ck_assert_msg(took < 2000, "took %lld ms", took);
	assert_object(s, HD_OBJ_CONTAINER, 0, "api", ID_API, HD_FACT_ERROR);
	assert_error(s, HD_F_IMAGE_HISTORY "sha256:" IMG_1, "deadline of 300 ms");
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

START_TEST(unreachable_engine)
{
	long long t0 = ms_now();
	struct hd_snapshot *s = collect_at("/nonexistent/hd/engine.sock", 500,
	    HD_BUF_CAP_API, 0, false);

	ck_assert(ms_now() - t0 < 400);
	for (size_t i = 0; i < NKEYS; i++)
		assert_error(s, engine_keys[i], "cannot connect to the Docker engine "
		    "at unix:///nonexistent/hd/engine.sock: No such file or directory");
	/* Where hardock looked is known even so. */
	ck_assert_str_eq(fact_str(s, HD_F_ENGINE_TARGET, "scheme"), "unix");
	ck_assert_int_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), 0);
	hd_snapshot_free(s);
}
END_TEST

/* ---- The engine killed in the middle of the inspects -------------------- */

#define NMANY 30
#define DIE_AT 10

/* healthy, with NMANY containers c00..c29 whose DIE_AT-th inspect kills
 * the engine (static storage). */
static const struct route *
many_then_die(size_t *n)
{
	static struct route r[NHEALTHY + NMANY + 1];
	static char ids[NMANY][65], paths[NMANY][96], bodies[NMANY][256];
	static char list[NMANY * 128 + 8];
	size_t len = 0;

	*n = 0;
	for (size_t i = 0; i < NHEALTHY; i++)
		if (strncmp(healthy[i].path, "/containers/", 12) != 0)
			r[(*n)++] = healthy[i];
	len += (size_t)snprintf(list + len, sizeof(list) - len, "[");
	for (size_t i = 0; i < NMANY; i++) {
		char name[8];

		snprintf(name, sizeof(name), "c%02zu", i);
		snprintf(ids[i], sizeof(ids[i]), "dd%062zx", i);
		snprintf(paths[i], sizeof(paths[i]), "/containers/%.64s/json", ids[i]);
		snprintf(bodies[i], sizeof(bodies[i]), "{\"Id\":\"%.64s\",\"Name\":"
		    "\"/%s\",\"Config\":{},\"HostConfig\":{},\"State\":{\"Running\":"
		    "false}}", ids[i], name);
		len += (size_t)snprintf(list + len, sizeof(list) - len,
		    "%s{\"Id\":\"%.64s\",\"Names\":[\"/%s\"],\"State\":\"created\"}",
		    i ? "," : "", ids[i], name);
		r[(*n)++] = (struct route){ paths[i], 200, bodies[i],
		    i == DIE_AT ? B_DIE : B_OK };
	}
	snprintf(list + len, sizeof(list) - len, "]");
	r[(*n)++] = (struct route){ "/containers/json?all=1", 200, list, B_OK };
	return r;
}

/* The engine dies during the inspects (one at a time, then sixteen at
 * once): every listed container is an object, inspected or an error that
 * says why it was not; none is missing, and no container check passes on
 * one that was not read. */
START_TEST(engine_killed_mid_inspects)
{
	int inflight = _i == 0 ? 1 : HD_ENGINE_INFLIGHT;
	size_t n, values = 0, errors = 0, skipped = 0;
	bool died_failed = false;
	const struct route *r = many_then_die(&n);
	struct fake *fk = fake_start(r, n, "/v1.43", "1.43");
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_collect_opts o = { .root = "/", .timeout_ms = 2000 };
	struct hd_engine_limits lim = { .body_cap = HD_BUF_CAP_API,
	    .max_inflight = inflight };
	struct hd_docker_env env = { 0 };
	struct hd_results *res = NULL;
	struct hd_scan_opts so;
	char *url = hd_xasprintf("unix://%s", fk->sock);

	o.host = url;
	hd_engine_collect(s, &o, &env, &lim);
	free(url);
	ck_assert(fk->dead);
	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), NMANY);
	for (size_t i = 0; i < NMANY; i++) {
		struct hd_object ob;
		char name[8];

		snprintf(name, sizeof(name), "c%02zu", i);
		hd_snapshot_object(&ob, s, HD_OBJ_CONTAINER, i);
		ck_assert_str_eq(ob.name, name);
		if (i == DIE_AT)
			died_failed = ob.inspect.state == HD_FACT_ERROR;
		if (ob.inspect.state == HD_FACT_VALUE) {
			values++;
		} else {
			ck_assert_int_eq(ob.inspect.state, HD_FACT_ERROR);
			/* In flight when it died: that request failed; sent after:
			 * not inspected, and the report says so. */
			if (strstr(ob.inspect.reason, "not inspected: the engine went "
			    "away during the scan (cannot connect to the Docker engine "
			    "at unix://"))
				skipped++;
			else
				ck_assert_msg(strstr(ob.inspect.reason, "GET /v1.43/"
				    "containers/dd") && strstr(ob.inspect.reason,
				    "/json failed: "), "%s: %s", name, ob.inspect.reason);
			errors++;
		}
		hd_snapshot_release(s, HD_OBJ_CONTAINER, i);
	}
	/* One at a time, what follows the death is exact. Sixteen at once,
	 * the requests sent alongside the fatal one may be answered before
	 * the engine dies, as slots free up (how many depends on how the
	 * fake's threads are scheduled): only the fatal one must fail, and
	 * every container is still a value or an error saying why. */
	if (inflight == 1) {
		ck_assert_uint_eq(values, DIE_AT);
		ck_assert_uint_ge(skipped, NMANY - DIE_AT - 1);
		ck_assert_uint_ge(errors, NMANY - DIE_AT);
	}
	ck_assert(died_failed);
	ck_assert_uint_ge(errors, 1);
	ck_assert_uint_eq(values + errors, NMANY);
	/* Images come after the containers: none was read. */
	for (size_t i = 0; i < hd_snapshot_count(s, HD_OBJ_IMAGE); i++) {
		struct hd_object ob;

		hd_snapshot_object(&ob, s, HD_OBJ_IMAGE, i);
		ck_assert_int_eq(ob.inspect.state, HD_FACT_ERROR);
		ck_assert_ptr_nonnull(strstr(ob.inspect.reason, "not inspected"));
	}
	hd_scan_opts_init(&so);
	ck_assert_int_eq(hd_scan_run(&res, s, &so), 0);
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_result *rr = &res->items[i];

		for (size_t k = 0; k < rr->top.nchildren; k++) {
			const struct hd_finding *f = &rr->top.children[k];
			struct hd_object ob;
			size_t at;

			if (f->kind != HD_OBJ_CONTAINER && f->kind != HD_OBJ_IMAGE)
				continue;
			ck_assert(hd_snapshot_find(&at, s, f->kind, f->object_id));
			hd_snapshot_object(&ob, s, f->kind, at);
			ck_assert_msg(ob.inspect.state == HD_FACT_VALUE ||
			    f->status == HD_ERROR, "%s on unread %s %s: %s",
			    rr->check->key, hd_object_kind_name(f->kind), ob.name,
			    hd_status_name(f->status));
			hd_snapshot_release(s, f->kind, at);
		}
	}
	hd_results_free(res);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* The progress line appears while inspecting and is cleared after. */
START_TEST(progress_line)
{
	struct fake *fk = fake_start(healthy, NHEALTHY, "/v1.43", "1.43");
	char path[] = "/tmp/hd-progress-XXXXXX";
	int fd = mkstemp(path), saved = dup(STDERR_FILENO);
	struct hd_snapshot *s;
	struct hd_buf *b = hd_buf_new(65536);

	ck_assert(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, STDERR_FILENO);
	s = collect_at(fk->sock, 2000, HD_BUF_CAP_API, 0, true);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	ck_assert(hd_buf_read_fd(b, fd) == 0);
	ck_assert_msg(strstr(hd_buf_ptr(b), "\rhardock: inspecting containers [3/3]"),
	    "%s", hd_buf_ptr(b));
	ck_assert(strstr(hd_buf_ptr(b), "\rhardock: inspecting images [3/3]"));
	ck_assert(hd_buf_len(b) > 4 &&
	    strcmp(hd_buf_ptr(b) + hd_buf_len(b) - 4, "\r\033[K") == 0);
	hd_buf_free(b);
	close(fd);
	unlink(path);
	hd_snapshot_free(s);
	fake_stop(fk);
}
END_TEST

/* The transcript (fuzz/transcript.h) answering like the fake engine
 * serving routes with Api-Version api. */
static char *
transcript_of(const struct route *r, size_t n, const char *api)
{
	char *t = hd_xstrdup(""), *next;

	for (size_t i = 0; i < n; i++) {
		ck_assert(r[i].how == B_OK);
		next = hd_xasprintf("%sGET %s %d Api-Version: %s\n%s\n", t, r[i].path,
		    r[i].status, api, r[i].body);
		free(t);
		t = next;
	}
	return t;
}

/* The facts and objects of s as JSON text (no times). */
static char *
facts_text(const struct hd_snapshot *s)
{
	json_object *root = hd_snapshot_json(s), *o = json_object_new_object(), *v;

	if (json_object_object_get_ex(root, "facts", &v))
		json_object_object_add(o, "facts", json_object_get(v));
	if (json_object_object_get_ex(root, "objects", &v))
		json_object_object_add(o, "objects", json_object_get(v));
	v = (json_object *)hd_xstrdup(json_object_to_json_string(o));
	json_object_put(o);
	return (char *)v;
}

/* A replaying client builds, from the same answers, the very snapshot a
 * client on the wire builds: the fuzzer's target is the real client. */
START_TEST(replay_equals_wire)
{
	static const struct route broken[] = {
		{ "/info", 500, "{\"message\":\"daemon is \\u001b[31msick\"}", B_OK },
		{ "/networks", 200, "[1, 2", B_OK },
		{ "/containers/" ID_DB "/json", 404,
		  "{\"message\":\"No such container: " ID_DB "\"}", B_OK },
		{ "/images/" IMG_2 "/history", 200, "{}", B_OK },
	};
	static const struct route podman[] = {
		{ "/version", 200, "{\"ApiVersion\":\"1.41\",\"Components\":"
		  "[{\"Name\":\"Podman Engine\",\"Version\":\"4.3.1\"}]}", B_OK },
	};
	struct { const struct route *over; size_t n; const char *api; } cases[] = {
		{ NULL, 0, "1.43" }, { broken, 4, "1.43" }, { podman, 1, "1.41" },
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		size_t n;
		const struct route *r = variant(&n, cases[c].over, cases[c].n);
		char prefix[16], *text, *url, *a, *b;
		struct fake *fk;
		struct hd_snapshot *wire, *replayed = hd_snapshot_new();
		struct hd_transcript *t;
		struct hd_collect_opts o = { .root = "/", .timeout_ms = 2000 };
		struct hd_engine_limits lim = { .body_cap = HD_BUF_CAP_API,
		    .max_inflight = HD_ENGINE_INFLIGHT, .replay = hd_transcript_answer };
		struct hd_docker_env env = { 0 };

		snprintf(prefix, sizeof(prefix), "/v%s", cases[c].api);
		fk = fake_start(r, n, prefix, cases[c].api);
		wire = collect(fk);
		text = transcript_of(r, n, cases[c].api);
		t = hd_transcript_parse(text, strlen(text));
		lim.replay_arg = t;
		url = hd_xasprintf("unix://%s", fk->sock);
		o.host = url;
		hd_engine_collect(replayed, &o, &env, &lim);
		a = facts_text(wire);
		b = facts_text(replayed);
		ck_assert_str_eq(b, a);
		/* As many requests as the engine saw. */
		ck_assert_int_eq(hd_transcript_requests(t), fk->nlog);
		free(a);
		free(b);
		free(url);
		hd_transcript_free(t);
		free(text);
		hd_snapshot_free(replayed);
		hd_snapshot_free(wire);
		fake_stop(fk);
	}
}
END_TEST

/* Transcript records: wildcards, answers in turn, connection refused,
 * 404 for what no record matches. */
START_TEST(transcript_answers)
{
	static const char text[] =
	    "GET /containers/*/json 200 Api-Version: 1.43\r\n"
	    "{\"n\":1}\n"
	    "GET /containers/*/json 404\n"
	    "{\"message\":\"gone\"}\n"
	    "GET /info 0\n"
	    "GET /version 200\n"
	    "line one\nGET-not-a-record\nline three";
	struct hd_transcript *t = hd_transcript_parse(text, sizeof(text) - 1);
	struct hd_http_answer a;

	memset(&a, 0, sizeof(a));
	hd_transcript_answer(t, "/v1.43/containers/abc/json", &a);
	ck_assert_int_eq(a.status, 200);
	ck_assert_int_eq(a.len, 7);
	ck_assert(memcmp(a.body, "{\"n\":1}", 7) == 0);
	ck_assert(a.header_len == 18 && memcmp(a.header, "Api-Version: 1.43\r", 18) == 0);
	memset(&a, 0, sizeof(a));
	hd_transcript_answer(t, "/v1.43/containers/def/json", &a);
	ck_assert_int_eq(a.status, 404);
	ck_assert(a.header == NULL);
	memset(&a, 0, sizeof(a));
	hd_transcript_answer(t, "/v1.43/containers/ghi/json", &a);
	ck_assert_int_eq(a.status, 200);
	memset(&a, 0, sizeof(a));
	hd_transcript_answer(t, "/v1.43/info", &a);
	ck_assert_int_eq(a.status, 0);
	ck_assert_int_eq(a.len, 0);
	memset(&a, 0, sizeof(a));
	hd_transcript_answer(t, "/version", &a);
	ck_assert_int_eq(a.len, 36);
	ck_assert(memcmp(a.body, "line one\nGET-not-a-record\nline three", 36) == 0);
	memset(&a, 0, sizeof(a));
	/* A wildcard is one segment, and the version prefix only a prefix. */
	hd_transcript_answer(t, "/v1.43/containers/a/b/json", &a);
	ck_assert_int_eq(a.status, 404);
	ck_assert(strstr(a.body, "page not found") != NULL);
	hd_transcript_answer(t, "/v1.43/containers//json", &a);
	ck_assert_int_eq(a.status, 404);
	ck_assert_int_eq(hd_transcript_requests(t), 7);
	hd_transcript_free(t);
}
END_TEST

static Suite *
engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("fake engine");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, collects_every_fact);
	tcase_add_loop_test(tc, engine_killed_mid_inspects, 0, 2);
	tcase_add_test(tc, inspects_concurrently);
	tcase_add_test(tc, negotiates_down_to_newest_known);
	tcase_add_test(tc, negotiates_from_ping_header);
	tcase_add_test(tc, refuses_engine_older_than_1_24);
	tcase_add_test(tc, recognises_podman);
	tcase_add_test(tc, swarm_absent_when_inactive_or_worker);
	tcase_add_test(tc, container_removed_during_scan);
	tcase_add_test(tc, malformed_inspect_answers);
	tcase_add_test(tc, non_2xx_carries_engine_message);
	tcase_add_test(tc, oversize_body_refused);
	tcase_add_test(tc, oversize_stream_refused);
	tcase_add_test(tc, non_json_body);
	tcase_add_test(tc, not_an_engine);
	tcase_add_test(tc, silent_engine_abandoned);
	tcase_add_test(tc, hung_inspect_times_out_alone);
	tcase_add_test(tc, deadline_bounds_collection);
	tcase_add_test(tc, unreachable_engine);
	tcase_add_test(tc, progress_line);
	tcase_add_test(tc, replay_equals_wire);
	tcase_add_test(tc, transcript_answers);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(engine_suite)
