/*
 * The Docker Engine API client (libcurl over the engine's unix socket):
 * GET /version, /info, /networks, /containers/json?all=1 and every
 * container's inspect, recorded as facts. Minimal and sequential; the
 * engine issue replaces the loop with the curl multi interface.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#define DEFAULT_TIMEOUT_MS 10000L

struct engine {
	CURL *curl;
	const char *url;      /* as the user gave it */
	char *base;           /* http://localhost or https://host:port */
	char errbuf[CURL_ERROR_SIZE];
	struct hd_buf *body;
};

/* libcurl write callback: append into the capped buffer, stop past cap. */
static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct hd_buf *b = arg;

	if (hd_buf_append(b, data, size * n) < 0)
		return 0;
	return size * n;
}

/* Prepare a handle for the engine at url; HD_EUSAGE for a bad scheme. */
static int
engine_open(struct engine *e, const struct hd_collect_opts *o)
{
	long timeout = o->timeout_ms > 0 ? o->timeout_ms : DEFAULT_TIMEOUT_MS;

	memset(e, 0, sizeof(*e));
	e->url = o->host;
	e->curl = curl_easy_init();
	e->body = hd_buf_new(HD_BUF_CAP_API);
	if (e->curl == NULL)
		return hd_error_set(HD_ERR, "curl_easy_init failed");
	if (strncmp(o->host, "unix://", 7) == 0) {
		curl_easy_setopt(e->curl, CURLOPT_UNIX_SOCKET_PATH, o->host + 7);
		e->base = hd_xstrdup("http://localhost");
	} else if (strncmp(o->host, "tcp://", 6) == 0) {
		bool tls = o->tls_ca || o->tls_cert || o->tls_verify;

		e->base = hd_xasprintf("%s://%s", tls ? "https" : "http", o->host + 6);
		if (o->tls_ca)
			curl_easy_setopt(e->curl, CURLOPT_CAINFO, o->tls_ca);
		if (o->tls_cert)
			curl_easy_setopt(e->curl, CURLOPT_SSLCERT, o->tls_cert);
		if (o->tls_key)
			curl_easy_setopt(e->curl, CURLOPT_SSLKEY, o->tls_key);
		curl_easy_setopt(e->curl, CURLOPT_SSL_VERIFYPEER, o->tls_verify ? 1L : 0L);
		curl_easy_setopt(e->curl, CURLOPT_SSL_VERIFYHOST, o->tls_verify ? 2L : 0L);
	} else {
		return hd_error_set(HD_EUSAGE, "unsupported engine URL scheme: %s",
		    o->host);
	}
	curl_easy_setopt(e->curl, CURLOPT_CONNECTTIMEOUT_MS, timeout);
	curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(e->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e->curl, CURLOPT_ERRORBUFFER, e->errbuf);
	curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e->curl, CURLOPT_WRITEDATA, e->body);
	curl_easy_setopt(e->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	return HD_OK;
}

static void
engine_close(struct engine *e)
{
	if (e->curl)
		curl_easy_cleanup(e->curl);
	hd_buf_free(e->body);
	free(e->base);
}

/* GET path and parse the JSON body into *out. HD_ECONNECT when the engine
 * cannot be reached, HD_ERR with the engine's message on a non-2xx answer,
 * HD_EPARSE on a body that is not JSON. */
static int
engine_get(json_object **out, struct engine *e, const char *path)
{
	char *url = hd_xasprintf("%s%s", e->base, path);
	json_object *doc = NULL, *msg;
	CURLcode cc;
	long status = 0;
	int r = HD_OK;

	*out = NULL;
	hd_buf_reset(e->body);
	e->errbuf[0] = '\0';
	curl_easy_setopt(e->curl, CURLOPT_URL, url);
	cc = curl_easy_perform(e->curl);
	if (cc != CURLE_OK) {
		r = hd_error_set(cc == CURLE_WRITE_ERROR ? HD_ELIMIT : HD_ECONNECT,
		    "%s", cc == CURLE_WRITE_ERROR ? "response larger than its limit" :
		    e->errbuf[0] ? e->errbuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(e->curl, CURLINFO_RESPONSE_CODE, &status);
	doc = json_tokener_parse(hd_buf_ptr(e->body));
	if (status < 200 || status > 299) {
		r = hd_error_set(HD_ERR, "HTTP %ld: %s", status,
		    doc && json_object_object_get_ex(doc, "message", &msg) ?
		    json_object_get_string(msg) : "no message");
		goto out;
	}
	if (doc == NULL) {
		r = hd_error_set(HD_EPARSE, "GET %s: the engine's answer is not JSON",
		    path);
		goto out;
	}
	*out = doc;
	doc = NULL;
out:
	json_object_put(doc);
	free(url);
	return r;
}

/* GET path into fact key; on failure the fact records why. */
static int
fetch_fact(struct hd_snapshot *s, struct engine *e, const char *key,
    const char *path)
{
	char *src = hd_xasprintf("GET %s", path);
	json_object *doc;
	int r;

	if ((r = engine_get(&doc, e, path)) == HD_OK)
		hd_snapshot_set_value(s, key, doc, src);
	else if (r == HD_ECONNECT)
		hd_snapshot_set_error(s, key, src,
		    "cannot connect to the Docker engine at %s: %s", e->url,
		    hd_error_last());
	else
		hd_snapshot_set_error(s, key, src, "%s", hd_error_last());
	free(src);
	return r;
}

/* Inspect every container of the list; one vanished is noted and skipped. */
static void
inspect_containers(struct hd_snapshot *s, struct engine *e)
{
	struct hd_fact list;

	hd_snapshot_fact(&list, s, HD_F_ENGINE_CONTAINERS);
	if (list.state != HD_FACT_VALUE ||
	    !json_object_is_type(list.value, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(list.value); i++) {
		json_object *c = json_object_array_get_idx(list.value, i), *v, *doc;
		const char *id = "", *name = "";
		char *path, *src;
		int r;

		if (json_object_object_get_ex(c, "Id", &v) &&
		    json_object_is_type(v, json_type_string))
			id = json_object_get_string(v);
		if (json_object_object_get_ex(c, "Names", &v) &&
		    json_object_is_type(v, json_type_array) &&
		    json_object_array_length(v) > 0)
			name = json_object_get_string(json_object_array_get_idx(v, 0));
		if (name[0] == '/')
			name++;
		path = hd_xasprintf("/containers/%s/json", id);
		src = hd_xasprintf("GET %s", path);
		if (strspn(id, "0123456789abcdef") != strlen(id) || id[0] == '\0')
			hd_snapshot_add_object_error(s, HD_OBJ_CONTAINER, id, name, src,
			    "the engine listed a container with a malformed id");
		else if ((r = engine_get(&doc, e, path)) == HD_OK)
			hd_snapshot_add_object(s, HD_OBJ_CONTAINER, id, name, doc, src);
		else
			hd_snapshot_add_object_error(s, HD_OBJ_CONTAINER, id, name, src,
			    "%s", hd_error_last());
		free(path);
		free(src);
	}
}

void
hd_collect_engine(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	static const struct {
		const char *key, *path;
	} gets[] = {
		{ HD_F_ENGINE_VERSION, "/version" },
		{ HD_F_ENGINE_INFO, "/info" },
		{ HD_F_ENGINE_NETWORKS, "/networks" },
		{ HD_F_ENGINE_CONTAINERS, "/containers/json?all=1" },
	};
	struct engine e;
	bool down = false;

	hd_snapshot_set_meta(s, HD_META_ENGINE_URL, o->host);
	if (engine_open(&e, o) < 0) {
		for (size_t i = 0; i < sizeof(gets) / sizeof(gets[0]); i++)
			hd_snapshot_set_error(s, gets[i].key, o->host,
			    "cannot connect to the Docker engine at %s: %s", o->host,
			    hd_error_last());
		engine_close(&e);
		return;
	}
	for (size_t i = 0; i < sizeof(gets) / sizeof(gets[0]); i++) {
		if (down) {
			hd_snapshot_set_error(s, gets[i].key, o->host,
			    "cannot connect to the Docker engine at %s: %s", o->host,
			    e.errbuf);
			continue;
		}
		/* Once the engine is unreachable, do not wait for it again. */
		down = fetch_fact(s, &e, gets[i].key, gets[i].path) == HD_ECONNECT;
	}
	inspect_containers(s, &e);
	engine_close(&e);
}
