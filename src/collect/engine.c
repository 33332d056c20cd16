/*
 * The Docker Engine API collector: negotiate the API version, read the
 * engine's state and inspect every container and image, recording facts
 * (keys in <hardock/facts.h>).
 *
 * Order: /_ping alone first, so an unreachable engine costs one request;
 * then /version (the version to speak and whether it is Podman); then the
 * lists in one concurrent batch; swarm state when the node is a manager;
 * then every inspect, concurrently. Objects are added sorted by name, then
 * id, so two scans of an unchanged engine give the same report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <hardock/buf.h>
#include <hardock/check.h> /* hd_json_path() */
#include <hardock/facts.h>
#include <hardock/jsonparse.h>

#include "collect/collectors.h"
#include "collect/engine.h"
#include "collect/engine_http.h"
#include "collect/ssh.h"

/* Engine ids are hex; a longer one is not an id. */
#define MAX_ID 128
/* The progress line is redrawn at most this often. */
#define PROGRESS_MS 100

/* Every fact this collector owns besides the target. */
static const char *const engine_facts[] = {
	HD_F_ENGINE_CONN, HD_F_ENGINE_VERSION, HD_F_ENGINE_INFO,
	HD_F_ENGINE_CONTAINERS, HD_F_ENGINE_IMAGES, HD_F_ENGINE_NETWORKS,
	HD_F_ENGINE_VOLUMES, HD_F_ENGINE_PLUGINS, HD_F_ENGINE_SWARM,
	HD_F_ENGINE_NODES, HD_F_ENGINE_SERVICES, HD_F_ENGINE_SECRETS,
	HD_F_ENGINE_CONFIGS,
};
#define NFACTS (sizeof(engine_facts) / sizeof(engine_facts[0]))

struct engine {
	struct hd_snapshot *s;
	struct hd_http *http;
	const struct hd_engine_target *t;
	char prefix[24];      /* "/v1.47" */
	int api_minor;        /* negotiated 1.N */
	bool podman;
	bool progress;        /* draw the progress line on stderr */
	const char *what;     /* what the progress line counts */
	size_t per;           /* requests per counted object */
	long long drawn;      /* when the line was last drawn (ms) */
};

/* An object of a list to inspect, in report order. */
struct item {
	const char *id;       /* as listed (borrowed from the list fact) */
	const char *hex;      /* id without "sha256:", for the URL */
	char *name;
	bool valid;
	size_t req;           /* index of its first request */
	json_object *held;    /* its inspect text, held as it arrived */
};

/* Monotonic clock in milliseconds. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Every engine fact not recorded yet becomes an error with reason. */
static void
fail_rest(struct hd_snapshot *s, const char *source, const char *reason)
{
	for (size_t i = 0; i < NFACTS; i++)
		if (!hd_snapshot_has(s, engine_facts[i]))
			hd_snapshot_set_error(s, engine_facts[i], source, "%s", reason);
}

/* Record a request's outcome as fact key, wanting a JSON value of type
 * want; the parsed document is moved into the snapshot. */
static void
record(struct hd_snapshot *s, const char *key, struct hd_http_req *req,
    enum json_type want)
{
	char *src = hd_xasprintf("GET %s", req->path);

	if (req->err == HD_ECONNECT && strcmp(req->path, "/version") != 0)
		/* Every request but /version follows an answered /_ping. */
		hd_snapshot_set_error(s, key, src, "not read: the engine went away "
		    "during the scan (%s)", req->reason);
	else if (req->err != HD_OK)
		hd_snapshot_set_error(s, key, src, "%s", req->reason);
	else if (!json_object_is_type(req->doc, want))
		hd_snapshot_set_error(s, key, src, "expected a JSON %s, got %s",
		    json_type_to_name(want),
		    json_type_to_name(json_object_get_type(req->doc)));
	else {
		hd_snapshot_set_value(s, key, req->doc, src);
		req->doc = NULL;
	}
	free(src);
}

/* The progress line: "hardock: inspecting containers [123/1000]". */
static void
on_progress(void *arg, size_t done, size_t total)
{
	struct engine *e = arg;
	long long t = now_ms();

	if (done < total && t - e->drawn < PROGRESS_MS)
		return;
	e->drawn = t;
	fprintf(stderr, "\rhardock: inspecting %s [%zu/%zu]", e->what,
	    done / e->per, total / e->per);
	if (done == total)
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/* Run n requests, drawing progress for what when asked to. */
static void
run(struct engine *e, struct hd_http_req *reqs, size_t n, const char *what,
    size_t per)
{
	e->what = what;
	e->per = per;
	e->drawn = 0;
	hd_http_run(e->http, reqs, n, e->progress && what && n > 0 ? on_progress :
	    NULL, e);
}

/* Minor number of an API version "1.N"; -1 when malformed. */
static int
api_minor(const char *v)
{
	char *end;
	long n;

	if (v == NULL || strncmp(v, "1.", 2) != 0 || v[2] < '0' || v[2] > '9')
		return -1;
	n = strtol(v + 2, &end, 10);
	return *end == '\0' && n < 1000 ? (int)n : -1;
}

/* Whether s mentions Podman, in any case. */
static bool
says_podman(json_object *s)
{
	return s != NULL && json_object_is_type(s, json_type_string) &&
	    strcasestr(json_object_get_string(s), "podman") != NULL;
}

/* Whether a /version body is Podman's: a component or the platform name. */
static bool
is_podman(json_object *version)
{
	json_object *comps = hd_json_path(version, "Components");

	if (says_podman(hd_json_path(version, "Platform.Name")))
		return true;
	for (size_t i = 0; comps && json_object_is_type(comps, json_type_array) &&
	    i < json_object_array_length(comps); i++)
		if (says_podman(hd_json_path(json_object_array_get_idx(comps, i),
		    "Name")))
			return true;
	return false;
}

/* Ping, read /version, agree on the API version and record the
 * connection; an error (engine unreachable or too old) fills every fact. */
static int
negotiate(struct engine *e)
{
	struct hd_http_req ping = { .path = "/_ping", .raw = true };
	struct hd_http_req ver = { .path = "/version" };
	json_object *conn, *v;
	struct hd_fact f;
	const char *api = NULL;
	char *why = NULL;
	int minor, r = HD_OK;

	run(e, &ping, 1, NULL, 1);
	/* No HTTP answer at all: nothing more is worth asking. */
	if (ping.status == 0) {
		hd_http_kill(e->http, "cannot connect to the Docker engine at %s: %s",
		    e->t->url, ping.reason);
		fail_rest(e->s, "GET /_ping", hd_http_down(e->http));
		r = HD_ECONNECT;
		goto out;
	}
	run(e, &ver, 1, NULL, 1);
	record(e->s, HD_F_ENGINE_VERSION, &ver, json_type_object);
	if (hd_http_down(e->http) != NULL) {
		fail_rest(e->s, "GET /version", hd_http_down(e->http));
		r = HD_ECONNECT;
		goto out;
	}
	hd_snapshot_fact(&f, e->s, HD_F_ENGINE_VERSION);
	if (f.state == HD_FACT_VALUE) {
		e->podman = is_podman(f.value);
		v = hd_json_path(f.value, "ApiVersion");
		if (v && json_object_is_type(v, json_type_string))
			api = json_object_get_string(v);
	}
	if (api == NULL)
		api = ping.api_version;
	/* Neither answer came from an Engine API: nothing to audit there. */
	if (api == NULL && (ping.err != HD_OK || ver.err != HD_OK)) {
		hd_http_kill(e->http, "cannot connect to the Docker engine at %s: "
		    "no Engine API answers there (GET %s: %s)", e->t->url,
		    ping.err != HD_OK ? ping.path : ver.path,
		    ping.err != HD_OK ? ping.reason : ver.reason);
		hd_snapshot_set_error(e->s, HD_F_ENGINE_VERSION, "GET /version", "%s",
		    hd_http_down(e->http));
		fail_rest(e->s, "GET /_ping", hd_http_down(e->http));
		r = HD_ECONNECT;
		goto out;
	}
	/* Nothing says which version: the oldest is the safest guess. */
	minor = api ? api_minor(api) : HD_ENGINE_API_OLDEST;
	if (minor < 0) {
		why = hd_xasprintf("the engine reports a malformed API version "
		    "\"%.32s\"", api);
	} else if (minor < HD_ENGINE_API_OLDEST) {
		why = hd_xasprintf("the engine speaks API %s, older than 1.%d, the "
		    "oldest hardock supports", api, HD_ENGINE_API_OLDEST);
	}
	if (why != NULL) {
		hd_http_kill(e->http, "%s", why);
		fail_rest(e->s, "GET /version", why);
		r = HD_ERR;
		goto out;
	}
	e->api_minor = minor < HD_ENGINE_API_NEWEST ? minor : HD_ENGINE_API_NEWEST;
	snprintf(e->prefix, sizeof(e->prefix), "/v1.%d", e->api_minor);
	conn = json_object_new_object();
	json_object_object_add(conn, "url", json_object_new_string(e->t->url));
	json_object_object_add(conn, "api_version",
	    json_object_new_string(e->prefix + 2));
	json_object_object_add(conn, "kind",
	    json_object_new_string(e->podman ? "podman" : "docker"));
	hd_snapshot_set_value(e->s, HD_F_ENGINE_CONN, conn,
	    "GET /_ping, GET /version");
out:
	free(why);
	hd_http_req_clear(&ping);
	hd_http_req_clear(&ver);
	return r;
}

/* What the list facts keep: the inspect documents hold the rest, and a
 * thousand containers' summaries would otherwise double the snapshot's
 * memory. list_items() reads only these members. */
static const char *const container_keep[] = { "Id", "Names", "Image",
	"ImageID", "State", "Status", NULL };
static const char *const image_keep[] = { "Id", "RepoTags", "RepoDigests",
	"Created", "Size", "Containers", NULL };

/* A list entry (owned) cut down to the members named in arg (a NULL-ended
 * array of names); anything but an object is kept as it is. */
static json_object *
slim_entry(void *arg, json_object *o)
{
	const char *const *keep = arg;
	json_object *slim, *v;

	if (!json_object_is_type(o, json_type_object))
		return o;
	slim = json_object_new_object();
	for (size_t k = 0; keep[k]; k++)
		if (json_object_object_get_ex(o, keep[k], &v))
			json_object_object_add(slim, keep[k], json_object_get(v));
	json_object_put(o);
	return slim;
}

/* A GET whose answer becomes an engine-wide fact. */
struct get {
	const char *key;
	const char *path;     /* below the version prefix */
	enum json_type want;
	const char *const *keep; /* a list: the members its entries keep */
};

/* Record a request's outcome as fact key like record(); a 404 means the
 * object went away between the list and this request. */
static void
record_gone(struct hd_snapshot *s, const char *key, struct hd_http_req *req,
    enum json_type want)
{
	char *src;

	if (req->status != 404) {
		record(s, key, req, want);
		return;
	}
	src = hd_xasprintf("GET %s", req->path);
	hd_snapshot_set_error(s, key, src, "removed during the scan: %s",
	    req->reason);
	free(src);
}

/* Fetch n engine-wide facts in one concurrent batch. */
static void
fetch(struct engine *e, const struct get *gets, size_t n)
{
	struct hd_http_req *reqs = hd_xcalloc(n, sizeof(*reqs));
	char **paths = hd_xcalloc(n, sizeof(*paths));

	for (size_t i = 0; i < n; i++) {
		paths[i] = hd_xasprintf("%s%s", e->prefix, gets[i].path);
		reqs[i].path = paths[i];
		/* A list is cut down entry by entry as it is parsed. */
		reqs[i].raw = gets[i].keep != NULL;
	}
	run(e, reqs, n, NULL, 1);
	for (size_t i = 0; i < n; i++) {
		if (gets[i].keep != NULL)
			hd_http_parse_list(e->http, &reqs[i], slim_entry,
			    (void *)gets[i].keep);
		record(e->s, gets[i].key, &reqs[i], gets[i].want);
		hd_http_req_clear(&reqs[i]);
		free(paths[i]);
	}
	free(paths);
	free(reqs);
}

/* The engine's state: info and every list the checks read. */
static void
fetch_lists(struct engine *e)
{
	static const struct get gets[] = {
		{ HD_F_ENGINE_INFO, "/info", json_type_object, NULL },
		{ HD_F_ENGINE_CONTAINERS, "/containers/json?all=1", json_type_array,
		    container_keep },
		{ HD_F_ENGINE_IMAGES, "/images/json", json_type_array, image_keep },
		{ HD_F_ENGINE_NETWORKS, "/networks", json_type_array, NULL },
		{ HD_F_ENGINE_VOLUMES, "/volumes", json_type_object, NULL },
		{ HD_F_ENGINE_PLUGINS, "/plugins", json_type_array, NULL },
	};

	fetch(e, gets, sizeof(gets) / sizeof(gets[0]));
}

/* The swarm's join tokens are credentials: whoever holds one joins the
 * swarm. Reports and snapshots keep that a token exists, not its value. */
static void
redact_join_tokens(struct hd_snapshot *s)
{
	struct hd_fact sw;
	json_object *tokens;

	hd_snapshot_fact(&sw, s, HD_F_ENGINE_SWARM);
	if (sw.state != HD_FACT_VALUE ||
	    (tokens = hd_json_path(sw.value, "JoinTokens")) == NULL ||
	    !json_object_is_type(tokens, json_type_object))
		return;
	json_object_object_foreach(tokens, k, v) {
		if (json_object_is_type(v, json_type_string))
			json_object_object_add(tokens, k,
			    json_object_new_string("<redacted>"));
	}
}

/* Swarm state, read only from a manager: elsewhere the facts are absent
 * with the reason (or errors when the state is unknown or unusable). */
static void
collect_swarm(struct engine *e)
{
	static const struct get gets[] = {
		{ HD_F_ENGINE_SWARM, "/swarm", json_type_object, NULL },
		{ HD_F_ENGINE_NODES, "/nodes", json_type_array, NULL },
		{ HD_F_ENGINE_SERVICES, "/services", json_type_array, NULL },
		{ HD_F_ENGINE_SECRETS, "/secrets", json_type_array, NULL },
		{ HD_F_ENGINE_CONFIGS, "/configs", json_type_array, NULL },
	};
	size_t n = sizeof(gets) / sizeof(gets[0]);
	struct hd_fact info;
	json_object *sw = NULL, *v;
	const char *state = NULL;
	bool control = false, absent = true;
	char *why = NULL, *src;

	hd_snapshot_fact(&info, e->s, HD_F_ENGINE_INFO);
	if (info.state == HD_FACT_VALUE) {
		sw = hd_json_path(info.value, "Swarm");
		if ((v = hd_json_path(sw, "LocalNodeState")) != NULL &&
		    json_object_is_type(v, json_type_string))
			state = json_object_get_string(v);
		if ((v = hd_json_path(sw, "ControlAvailable")) != NULL &&
		    json_object_is_type(v, json_type_boolean))
			control = json_object_get_boolean(v);
	}
	if (info.state != HD_FACT_VALUE) {
		why = hd_xasprintf("the swarm state is unknown: %s", info.reason);
		absent = false;
	} else if (e->podman) {
		why = hd_xstrdup("Podman has no swarm mode");
	} else if (state == NULL) {
		why = hd_xstrdup("the engine reports no swarm state "
		    "(no Info.Swarm.LocalNodeState)");
	} else if (strcmp(state, "inactive") == 0) {
		why = hd_xstrdup("swarm mode is inactive on this engine "
		    "(Info.Swarm.LocalNodeState=inactive)");
	} else if (strcmp(state, "active") != 0) {
		why = hd_xasprintf("the swarm cannot be read while the node is "
		    "\"%.32s\" (Info.Swarm.LocalNodeState)", state);
		absent = false;
	} else if (!control) {
		why = hd_xstrdup("this node is a swarm worker, not a manager "
		    "(Info.Swarm.ControlAvailable=false); swarm state is read on a "
		    "manager");
	}
	src = hd_xasprintf("GET %s/info", e->prefix);
	if (why == NULL && e->api_minor < 30) {
		/* /configs arrived with API 1.30. */
		hd_snapshot_set_absent(e->s, HD_F_ENGINE_CONFIGS, src, "GET /configs "
		    "needs API 1.30; the engine speaks 1.%d", e->api_minor);
		n--;
	}
	for (size_t i = 0; why != NULL && i < n; i++)
		if (absent)
			hd_snapshot_set_absent(e->s, gets[i].key, src, "%s", why);
		else
			hd_snapshot_set_error(e->s, gets[i].key, src, "%s", why);
	if (why == NULL) {
		fetch(e, gets, n);
		redact_join_tokens(e->s);
	}
	free(src);
	free(why);
}

/* The hex part of an engine id ("sha256:" dropped), NULL when the id is
 * not hex: ids go into URLs, so nothing else passes. */
static const char *
hex_id(const char *id)
{
	const char *h = strncmp(id, "sha256:", 7) == 0 ? id + 7 : id;
	size_t n = strlen(h);

	if (n == 0 || n > MAX_ID || strspn(h, "0123456789abcdefABCDEF") != n)
		return NULL;
	return h;
}

/* The string at path, NULL when missing or not a string. */
static const char *
str_at(json_object *o, const char *path)
{
	json_object *v = hd_json_path(o, path);

	return v && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

/* The first string of array member key that is not the placeholder none. */
static const char *
first_str(json_object *o, const char *key, const char *none)
{
	json_object *a = hd_json_path(o, key), *v;

	if (a == NULL || !json_object_is_type(a, json_type_array) ||
	    json_object_array_length(a) == 0)
		return NULL;
	v = json_object_array_get_idx(a, 0);
	if (!json_object_is_type(v, json_type_string) ||
	    json_object_get_string_len(v) == 0 ||
	    strcmp(json_object_get_string(v), none) == 0)
		return NULL;
	return json_object_get_string(v);
}

/* Report order: by name, then by id. */
static int
item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->id, y->id);
}

/* The objects of list fact key, sorted; NULL and *n = 0 when the list
 * is missing. image chooses how objects are named. */
static struct item *
list_items(size_t *n, struct hd_snapshot *s, const char *key, bool image)
{
	struct hd_fact list;
	struct item *items;

	*n = 0;
	hd_snapshot_fact(&list, s, key);
	if (list.state != HD_FACT_VALUE ||
	    !json_object_is_type(list.value, json_type_array) ||
	    json_object_array_length(list.value) == 0)
		return NULL;
	*n = json_object_array_length(list.value);
	items = hd_xcalloc(*n, sizeof(*items));
	for (size_t i = 0; i < *n; i++) {
		json_object *o = json_object_array_get_idx(list.value, i);
		struct item *it = &items[i];
		const char *name;

		it->id = str_at(o, "Id") ? str_at(o, "Id") : "";
		it->hex = hex_id(it->id);
		it->valid = it->hex != NULL;
		if (!image) {
			name = first_str(o, "Names", "");
			it->name = hd_xstrdup(name ? name + (name[0] == '/') : "");
		} else if ((name = first_str(o, "RepoTags", "<none>:<none>")) ||
		    (name = first_str(o, "RepoDigests", "<none>@<none>"))) {
			it->name = hd_xstrdup(name);
		} else {
			it->name = it->valid ? hd_xstrndup(it->hex, 12) :
			    hd_xstrdup(it->id);
		}
	}
	qsort(items, *n, sizeof(*items), item_cmp);
	return items;
}

/* Add an inspected object, or the reason it could not be read. */
static void
add_inspect(struct hd_snapshot *s, enum hd_object_kind kind,
    const struct item *it, struct hd_http_req *req)
{
	char *src = hd_xasprintf("GET %s", req->path);

	if (req->err == HD_OK && json_object_is_type(req->doc, json_type_object)) {
		hd_snapshot_add_object(s, kind, it->id, it->name, req->doc, src);
		req->doc = NULL;
	} else if (req->err == HD_OK) {
		hd_snapshot_add_object_error(s, kind, it->id, it->name, src,
		    "expected a JSON object, got %s",
		    json_type_to_name(json_object_get_type(req->doc)));
	} else if (req->status == 404) {
		hd_snapshot_add_object_error(s, kind, it->id, it->name, src,
		    "removed during the scan: %s", req->reason);
	} else if (req->err == HD_ECONNECT) {
		/* The engine answered the lists: it went away since. */
		hd_snapshot_add_object_error(s, kind, it->id, it->name, src,
		    "not inspected: the engine went away during the scan (%s)",
		    req->reason);
	} else {
		hd_snapshot_add_object_error(s, kind, it->id, it->name, src, "%s",
		    req->reason);
	}
	free(src);
}

/* Add an inspected object whose answer is the text of one JSON object,
 * kept as it came and parsed when evaluated (a malformed one is then its
 * error): parsing it here as well, to check it, cost a fifth of a scan
 * of a thousand containers. False, nothing added, for any other answer,
 * which add_inspect() words. */
static bool
take_text(struct hd_snapshot *s, enum hd_object_kind kind,
    struct item *it, const struct hd_http_req *req)
{
	char *src;

	if (req->err != HD_OK || it->held == NULL)
		return false;
	src = hd_xasprintf("GET %s", req->path);
	hd_snapshot_add_object_held(s, kind, it->id, it->name, it->held, src);
	it->held = NULL;
	free(src);
	return true;
}

/* hd_http_req.on_text of an inspect: hold the answer's text as the
 * snapshot will (compact) and free the copy received, so that 10,000
 * answers are not in memory twice. An answer that is not one JSON object
 * keeps its text, for add_inspect() to word. */
static void
hold_text(void *arg, struct hd_http_req *req)
{
	struct item *it = arg;

	if ((it->held = hd_snapshot_text_hold(req->text, req->text_len)) == NULL)
		return;
	free(req->text);
	req->text = NULL;
	req->text_len = 0;
}

/* Inspect every object of list fact key: per valid object, one request
 * per suffix (KIND/ID/SUFFIX), all of them concurrently. */
static void
inspect_all(struct engine *e, const char *key, bool image,
    const char *const *suffixes, size_t per, const char *what)
{
	enum hd_object_kind kind = image ? HD_OBJ_IMAGE : HD_OBJ_CONTAINER;
	const char *base = image ? "images" : "containers";
	size_t n, m = 0;
	struct item *items = list_items(&n, e->s, key, image);
	struct hd_http_req *reqs = hd_xcalloc(n * per + 1, sizeof(*reqs));
	char **paths = hd_xcalloc(n * per + 1, sizeof(*paths));
	char *src = hd_xasprintf("GET %s%s", e->prefix,
	    image ? "/images/json" : "/containers/json?all=1");

	for (size_t i = 0; i < n; i++) {
		if (!items[i].valid)
			continue;
		items[i].req = m;
		for (size_t k = 0; k < per; k++, m++) {
			paths[m] = hd_xasprintf("%s/%s/%s/%s", e->prefix, base,
			    items[i].hex, suffixes[k]);
			reqs[m].path = paths[m];
			/* The inspect documents are kept as the text received. */
			reqs[m].raw = k == 0;
			if (k == 0) {
				reqs[m].on_text = hold_text;
				reqs[m].on_text_arg = &items[i];
			}
		}
	}
	run(e, reqs, m, what, per);
	for (size_t i = 0; i < n; i++) {
		struct item *it = &items[i];
		char *hkey;

		if (!it->valid) {
			hd_snapshot_add_object_error(e->s, kind, it->id, it->name, src,
			    "the engine listed %s with a malformed id",
			    image ? "an image" : "a container");
		} else {
			if (!take_text(e->s, kind, it, &reqs[it->req])) {
				hd_http_parse(e->http, &reqs[it->req]);
				add_inspect(e->s, kind, it, &reqs[it->req]);
			}
			hd_http_req_clear(&reqs[it->req]);
			if (image) {
				hkey = hd_xasprintf("%s%s", HD_F_IMAGE_HISTORY, it->id);
				record_gone(e->s, hkey, &reqs[it->req + 1],
				    json_type_array);
				free(hkey);
			}
		}
		free(it->name);
		json_object_put(it->held);
	}
	for (size_t i = 0; i < m; i++) {
		hd_http_req_clear(&reqs[i]);
		free(paths[i]);
	}
	free(src);
	free(paths);
	free(reqs);
	free(items);
}

/* The ssh command line an ssh:// target is reached with, as evidence of
 * how (BatchMode, no weakened host key checking). */
static json_object *
ssh_command(const struct hd_engine_target *t, long timeout_ms)
{
	json_object *a = json_object_new_array();
	struct hd_ssh_dest d;
	char **argv;

	if (hd_ssh_dest_parse(&d, t->url) < 0)
		return a;
	argv = hd_ssh_argv(&d, timeout_ms);
	for (size_t i = 0; argv[i] != NULL; i++)
		json_object_array_add(a, json_object_new_string(argv[i]));
	hd_ssh_argv_free(argv);
	hd_ssh_dest_clear(&d);
	return a;
}

/* Record where hardock looked for the engine, reachable or not. */
static void
record_target(struct hd_snapshot *s, const struct hd_engine_target *t,
    long timeout_ms)
{
	json_object *o = json_object_new_object();
	char *src = t->context ? hd_xasprintf("%s (context %s)", t->origin,
	    t->context) : hd_xstrdup(t->origin);

#define STR_OR_NULL(v) ((v) ? json_object_new_string(v) : NULL)
	json_object_object_add(o, "url", json_object_new_string(t->url));
	json_object_object_add(o, "scheme", json_object_new_string(t->ssh ?
	    "ssh" : t->tcp ? "tcp" : "unix"));
	json_object_object_add(o, "tls", json_object_new_boolean(t->tls));
	json_object_object_add(o, "tls_verify",
	    json_object_new_boolean(t->tls_verify));
	json_object_object_add(o, "tls_ca", STR_OR_NULL(t->tls_ca));
	json_object_object_add(o, "tls_cert", STR_OR_NULL(t->tls_cert));
	json_object_object_add(o, "tls_key", STR_OR_NULL(t->tls_key));
	json_object_object_add(o, "origin", json_object_new_string(t->origin));
	json_object_object_add(o, "context", STR_OR_NULL(t->context));
#undef STR_OR_NULL
	if (t->ssh)
		json_object_object_add(o, "ssh_command", ssh_command(t, timeout_ms));
	hd_snapshot_set_value(s, HD_F_ENGINE_TARGET, o, src);
	free(src);
}

/* Resolve, connect, negotiate, then read everything in batches. */
void
hd_engine_collect(struct hd_snapshot *s, const struct hd_collect_opts *o,
    const struct hd_docker_env *env, const struct hd_engine_limits *lim)
{
	static const char *const container_sfx[] = { "json" };
	static const char *const image_sfx[] = { "json", "history" };
	long timeout = o->timeout_ms > 0 ? o->timeout_ms : HD_ENGINE_TIMEOUT_MS;
	struct hd_engine_target *t = NULL;
	struct hd_http_opts ho;
	struct engine e;
	char *why, *msg;

	memset(&e, 0, sizeof(e));
	e.s = s;
	e.progress = o->progress;
	if (hd_engine_resolve(&t, o, env) < 0) {
		msg = hd_xstrdup(hd_error_last());
		why = hd_xasprintf("cannot connect to the Docker engine: %s", msg);
		hd_snapshot_set_error(s, HD_F_ENGINE_TARGET, "-H, --context, "
		    "DOCKER_HOST, DOCKER_CONTEXT, config.json", "%s", msg);
		fail_rest(s, "engine resolution", why);
		free(why);
		free(msg);
		return;
	}
	e.t = t;
	hd_snapshot_set_meta(s, HD_META_ENGINE_URL, t->url);
	record_target(s, t, timeout);
	ho.timeout_ms = timeout;
	ho.deadline_ms = lim->deadline_ms > 0 ? lim->deadline_ms :
	    timeout * HD_ENGINE_DEADLINE_FACTOR;
	ho.body_cap = lim->body_cap;
	ho.max_inflight = lim->max_inflight > 0 ? lim->max_inflight : 1;
	ho.replay = lim->replay;
	ho.replay_arg = lim->replay_arg;
	if (t->ssh && ho.max_inflight > HD_ENGINE_SSH_POOL)
		ho.max_inflight = HD_ENGINE_SSH_POOL;
	if (hd_http_new(&e.http, t, &ho) < 0) {
		why = hd_xasprintf("cannot connect to the Docker engine at %s: %s",
		    t->url, hd_error_last());
		fail_rest(s, t->url, why);
		free(why);
		goto out;
	}
	if (negotiate(&e) == HD_OK) {
		fetch_lists(&e);
		collect_swarm(&e);
		inspect_all(&e, HD_F_ENGINE_CONTAINERS, false, container_sfx, 1,
		    "containers");
		inspect_all(&e, HD_F_ENGINE_IMAGES, true, image_sfx, 2, "images");
	}
out:
	/* The ssh children end here, before the local engine is asked. */
	hd_http_free(e.http);
	hd_engine_record_locality(s, t, o, timeout);
	hd_engine_target_free(t);
}

/* The collector table's entry: the process environment, default limits. */
void
hd_collect_engine(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	struct hd_engine_limits lim = { .body_cap = HD_BUF_CAP_API,
	    .max_inflight = HD_ENGINE_INFLIGHT };
	struct hd_docker_env env;

	hd_docker_env_from_environ(&env);
	hd_engine_collect(s, o, &env, &lim);
}

struct hd_engine_conn {
	struct engine e;
	struct hd_engine_target *t;
	struct hd_snapshot *scratch; /* negotiate() records its facts here */
};

/* One inspect at a time, no deadline but the request timeout: watch
 * lives for months. */
int
hd_engine_open(struct hd_engine_conn **out, const struct hd_collect_opts *o,
    const struct hd_docker_env *env, const struct hd_engine_limits *lim)
{
	long timeout = o->timeout_ms > 0 ? o->timeout_ms : HD_ENGINE_TIMEOUT_MS;
	struct hd_engine_conn *c;
	struct hd_http_opts ho;
	int r;

	*out = NULL;
	c = hd_xcalloc(1, sizeof(*c));
	if ((r = hd_engine_resolve(&c->t, o, env)) < 0)
		goto out;
	c->scratch = hd_snapshot_new();
	c->e.s = c->scratch;
	c->e.t = c->t;
	memset(&ho, 0, sizeof(ho));
	ho.timeout_ms = timeout;
	ho.deadline_ms = 1000L * 3600 * 24 * 365 * 10;
	ho.body_cap = lim->body_cap;
	ho.max_inflight = 1;
	ho.replay = lim->replay;
	ho.replay_arg = lim->replay_arg;
	if ((r = hd_http_new(&c->e.http, c->t, &ho)) < 0)
		goto out;
	if (negotiate(&c->e) != HD_OK) {
		r = hd_error_set(HD_ECONNECT, "%s", hd_http_down(c->e.http) ?
		    hd_http_down(c->e.http) : "cannot negotiate the API version");
		goto out;
	}
	*out = c;
	c = NULL;
out:
	hd_engine_conn_free(c);
	return r;
}

const struct hd_engine_target *
hd_engine_conn_target(const struct hd_engine_conn *c)
{
	return c->t;
}

const char *
hd_engine_conn_prefix(const struct hd_engine_conn *c)
{
	return c->e.prefix;
}

int
hd_engine_inspect_container(struct hd_engine_answer *out,
    struct hd_engine_conn *c, const char *id)
{
	struct hd_http_req req = { .raw = true };
	const char *hex = hex_id(id);
	int r = HD_OK;

	memset(out, 0, sizeof(*out));
	if (hex == NULL || hex != id)
		return hd_error_set(HD_EUSAGE, "not a container id");
	out->path = hd_xasprintf("%s/containers/%s/json", c->e.prefix, id);
	req.path = out->path;
	run(&c->e, &req, 1, NULL, 1);
	if (req.err == HD_ECONNECT) {
		r = hd_error_set(HD_ECONNECT, "%s", req.reason);
		hd_engine_answer_clear(out);
		goto out;
	}
	out->err = req.err;
	out->status = req.status;
	out->reason = req.reason;
	req.reason = NULL;
	out->text = req.text;
	out->text_len = req.text_len;
	req.text = NULL;
out:
	hd_http_req_clear(&req);
	return r;
}

int
hd_snapshot_put_container(struct hd_snapshot *s, const char *id,
    const struct hd_engine_answer *a)
{
	struct hd_http_req req = { .path = a->path, .err = a->err,
	    .status = a->status, .reason = a->reason };
	struct item it = { .id = id, .hex = hex_id(id), .valid = true };
	char *why = NULL;
	const char *name;

	if (it.hex == NULL || it.hex != id || a->path == NULL)
		return hd_error_set(HD_EUSAGE, "not a container id");
	hd_snapshot_remove(s, HD_OBJ_CONTAINER, id);
	if (a->status == 404)
		return HD_ENOTFOUND;
	/* Parsed here, in the evaluator: its name is in it. */
	if (req.err == HD_OK && a->text == NULL) {
		req.err = HD_ERR;
		req.reason = "no body";
	} else if (req.err == HD_OK &&
	    hd_json_parse(&req.doc, a->text, a->text_len) < 0) {
		why = hd_xasprintf("not valid JSON: %s", hd_error_last());
		req.err = HD_EPARSE;
		req.reason = why;
	} else if (req.err != HD_OK && req.reason == NULL) {
		req.reason = "no reason given";
	}
	name = req.doc ? str_at(req.doc, "Name") : NULL;
	it.name = hd_xstrdup(name ? name + (name[0] == '/') : "");
	add_inspect(s, HD_OBJ_CONTAINER, &it, &req);
	json_object_put(req.doc);
	free(it.name);
	free(why);
	return HD_OK;
}

void
hd_engine_answer_clear(struct hd_engine_answer *a)
{
	free(a->path);
	free(a->reason);
	free(a->text);
	memset(a, 0, sizeof(*a));
}

int
hd_engine_refresh_container(struct hd_engine_conn *c, struct hd_snapshot *s,
    const char *id)
{
	struct hd_engine_answer a;
	int r;

	if ((r = hd_engine_inspect_container(&a, c, id)) < 0)
		return r;
	r = hd_snapshot_put_container(s, id, &a);
	hd_engine_answer_clear(&a);
	return r;
}

/* Whether ref can be an image reference or id: it goes into a URL path,
 * so only a reference's characters pass (dockerd routes the rest of the
 * path, '/' included, as the name). */
static bool
valid_ref(const char *ref)
{
	size_t n = strlen(ref);

	return n > 0 && n <= 512 && ref[0] != '/' && ref[0] != '.' &&
	    strstr(ref, "..") == NULL && strspn(ref, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:/@") == n;
}

/* The /images/json summary of an inspect document (new reference). */
static json_object *
image_summary(json_object *doc)
{
	json_object *o = json_object_new_object(), *v;

	for (size_t k = 0; image_keep[k]; k++)
		if (json_object_object_get_ex(doc, image_keep[k], &v))
			json_object_object_add(o, image_keep[k], json_object_get(v));
	return o;
}

/* Copy fact key of c's negotiation into s. */
static void
copy_fact(struct hd_snapshot *s, const struct hd_snapshot *from, const char *key)
{
	struct hd_fact f;

	hd_snapshot_fact(&f, from, key);
	if (f.state == HD_FACT_VALUE)
		hd_snapshot_set_value(s, key, json_object_get(f.value), f.source);
	else if (f.state == HD_FACT_ABSENT)
		hd_snapshot_set_absent(s, key, f.source, "%s", f.reason);
	else
		hd_snapshot_set_error(s, key, f.source, "%s", f.reason);
}

int
hd_engine_conn_images(struct hd_engine_conn *c, struct hd_snapshot *s,
    const struct hd_collect_opts *o, const char *const *refs, size_t n,
    char **ids, char **why)
{
	struct hd_http_req *reqs;
	char **paths;
	json_object *list = json_object_new_array();
	char *src;

	for (size_t i = 0; i < n; i++) {
		ids[i] = why[i] = NULL;
		if (!valid_ref(refs[i])) {
			json_object_put(list);
			return hd_error_set(HD_EUSAGE, "'%s' is not an image reference",
			    refs[i]);
		}
	}
	hd_snapshot_set_meta(s, HD_META_ENGINE_URL, c->t->url);
	record_target(s, c->t, o->timeout_ms > 0 ? o->timeout_ms :
	    HD_ENGINE_TIMEOUT_MS);
	copy_fact(s, c->scratch, HD_F_ENGINE_CONN);
	copy_fact(s, c->scratch, HD_F_ENGINE_VERSION);
	reqs = hd_xcalloc(2 * n + 1, sizeof(*reqs));
	paths = hd_xcalloc(2 * n + 1, sizeof(*paths));
	for (size_t i = 0; i < n; i++) {
		paths[i] = hd_xasprintf("%s/images/%s/json", c->e.prefix, refs[i]);
		reqs[i].path = paths[i];
	}
	run(&c->e, reqs, n, NULL, 1);
	/* Then the history of each image found, by its id. */
	for (size_t i = 0; i < n; i++) {
		const char *id = reqs[i].doc ? str_at(reqs[i].doc, "Id") : NULL;
		const char *hex = id ? hex_id(id) : NULL;

		if (reqs[i].err != HD_OK) {
			why[i] = reqs[i].status == 404 ? hd_xasprintf("the engine has no "
			    "image '%s'", refs[i]) : hd_xstrdup(reqs[i].reason);
			continue;
		}
		if (hex == NULL) {
			why[i] = hd_xasprintf("the engine's inspect of '%s' has no valid "
			    "Id", refs[i]);
			continue;
		}
		ids[i] = hd_xstrdup(id);
		paths[n + i] = hd_xasprintf("%s/images/%s/history", c->e.prefix, hex);
	}
	/* The history requests, packed: only images found have one. */
	{
		struct hd_http_req *h = hd_xcalloc(n + 1, sizeof(*h));
		size_t m = 0, k = 0;

		for (size_t i = 0; i < n; i++)
			if (paths[n + i] != NULL)
				h[m++].path = paths[n + i];
		run(&c->e, h, m, NULL, 1);
		for (size_t i = 0; i < n; i++) {
			struct item it = { 0 };
			const char *name;
			bool dup = false;
			char *hkey;

			if (ids[i] == NULL)
				continue;
			for (size_t j = 0; j < i; j++)
				dup = dup || (ids[j] && strcmp(ids[j], ids[i]) == 0);
			if (dup) {
				k++;
				continue;
			}
			it.id = ids[i];
			it.hex = hex_id(ids[i]);
			it.valid = true;
			if ((name = first_str(reqs[i].doc, "RepoTags", "<none>:<none>")) ||
			    (name = first_str(reqs[i].doc, "RepoDigests", "<none>@<none>")))
				it.name = hd_xstrdup(name);
			else
				it.name = hd_xstrndup(it.hex, 12);
			json_object_array_add(list, image_summary(reqs[i].doc));
			add_inspect(s, HD_OBJ_IMAGE, &it, &reqs[i]);
			hkey = hd_xasprintf("%s%s", HD_F_IMAGE_HISTORY, ids[i]);
			record_gone(s, hkey, &h[k++], json_type_array);
			free(hkey);
			free(it.name);
		}
		for (size_t i = 0; i < m; i++)
			hd_http_req_clear(&h[i]);
		free(h);
	}
	src = hd_xasprintf("GET %s/images/{name}/json (hardock image)", c->e.prefix);
	hd_snapshot_set_value(s, HD_F_ENGINE_IMAGES, list, src);
	free(src);
	for (size_t i = 0; i < 2 * n; i++) {
		hd_http_req_clear(&reqs[i]);
		free(paths[i]);
	}
	free(paths);
	free(reqs);
	return HD_OK;
}

void
hd_engine_conn_free(struct hd_engine_conn *c)
{
	if (c == NULL)
		return;
	hd_http_free(c->e.http);
	hd_engine_target_free(c->t);
	hd_snapshot_free(c->scratch);
	free(c);
}
