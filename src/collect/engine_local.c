/*
 * Whether the audited engine runs on the host whose files, /proc and /sys
 * hardock reads (HD_F_ENGINE_LOCALITY). Host facts are evidence about the
 * engine only then; otherwise every check that reads one is notapplicable
 * (the scanner does that) and the host collectors are not run at all.
 *
 * The decision, in order:
 *   1. unix:// is a socket on this host (or in the --root tree): local.
 *   2. tcp:// to a loopback (or unspecified) address reaches this host:
 *      local. A tunnel from a loopback port to another machine is not
 *      detected; ssh:// is the way to reach another machine.
 *   3. The engine's /info ID equals <DockerRootDir>/engine-id under the
 *      audit root (Docker 23 and later keep the ID there): local.
 *   4. The engine's /info ID equals the ID of the engine answering on this
 *      host's default socket (/var/run/docker.sock, resolved inside the
 *      audit root): local. This proves `-H tcp://<own address>` or
 *      `ssh://localhost` to be this host's engine.
 *   5. Otherwise (ssh://, tcp:// elsewhere, or an engine that could not be
 *      asked its ID): remote.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/check.h> /* hd_get_str() */
#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/engine.h"
#include "collect/engine_http.h"

/* An engine ID file is one short line. */
#define ID_FILE_CAP 256

/* Whether HOST of tcp://HOST:PORT can only be this machine. */
bool
hd_tcp_url_loopback(const char *url)
{
	const char *h = strncmp(url, "tcp://", 6) == 0 ? url + 6 : url;
	const char *end;
	struct in6_addr a6;
	struct in_addr a4;
	char host[64];
	size_t n;

	if (h[0] == '[') {
		h++;
		end = strchr(h, ']');
	} else {
		end = strrchr(h, ':');
	}
	n = end ? (size_t)(end - h) : strlen(h);
	if (n == 0 || n >= sizeof(host))
		return false;
	memcpy(host, h, n);
	host[n] = '\0';
	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127 || a4.s_addr == 0;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6) || IN6_IS_ADDR_UNSPECIFIED(&a6) ||
		    (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
	return false;
}

/* A string or JSON null. */
static json_object *
str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

json_object *
hd_locality_decide(const struct hd_locality_in *in)
{
	const struct hd_engine_target *t = in->target;
	json_object *o = json_object_new_object();
	bool local = false;
	char *why;

	if (!t->tcp && !t->ssh) {
		local = true;
		why = hd_xasprintf("%s is a unix socket on this host", t->url);
	} else if (t->tcp && hd_tcp_url_loopback(t->url)) {
		local = true;
		why = hd_xasprintf("%s is a loopback address of this host", t->url);
	} else if (in->engine_id && in->id_file && strcmp(in->engine_id,
	    in->id_file) == 0) {
		local = true;
		why = hd_xasprintf("the engine's ID %s is the one in %s on this host",
		    in->engine_id, in->id_file_path);
	} else if (in->engine_id && in->local_id && strcmp(in->engine_id,
	    in->local_id) == 0) {
		local = true;
		why = hd_xasprintf("the engine's ID %s is the ID of this host's "
		    "engine at %s", in->engine_id, in->local_url);
	} else if (in->engine_id == NULL) {
		why = hd_xasprintf("%s is %s and its engine ID is unknown (%s)",
		    t->url, t->ssh ? "reached through ssh" : "not a loopback address",
		    in->id_error ? in->id_error : "not read");
	} else {
		why = hd_xasprintf("%s is %s and its engine ID %s is not this "
		    "host's (%s: %s)", t->url, t->ssh ? "reached through ssh" :
		    "not a loopback address", in->engine_id,
		    in->local_url ? in->local_url : "this host's default socket",
		    in->local_id ? in->local_id : in->local_error ?
		    in->local_error : "no answer");
	}
	json_object_object_add(o, "local", json_object_new_boolean(local));
	json_object_object_add(o, "why", json_object_new_string(why));
	json_object_object_add(o, "engine_id", str_or_null(in->engine_id));
	json_object_object_add(o, "local_engine_id", str_or_null(in->local_id));
	json_object_object_add(o, "local_engine_url", str_or_null(in->local_url));
	free(why);
	return o;
}

/* The ID of the engine on this host's default socket (resolved inside
 * root), or NULL with *err saying why. */
static char *
local_engine_id(char **err, const char *root, long timeout_ms)
{
	const char *path = &HD_DEFAULT_ENGINE[7]; /* after "unix://" */
	struct hd_engine_target t = { 0 };
	struct hd_http_opts ho = { .timeout_ms = timeout_ms,
	    .deadline_ms = timeout_ms, .body_cap = HD_BUF_CAP_API, .max_inflight = 1 };
	struct hd_http_req req = { .path = "/info" };
	struct hd_http *h = NULL;
	const char *id = NULL;
	char *out = NULL, *url;
	int fd;

	*err = NULL;
	/* Through an O_PATH descriptor: the socket is the one inside root. */
	if ((fd = hd_root_open(root, path, O_PATH)) < 0) {
		*err = hd_xasprintf("no socket at %s", path);
		return NULL;
	}
	url = hd_xasprintf("unix:///proc/self/fd/%d", fd);
	t.url = url;
	t.origin = (char *)"locality";
	if (hd_http_new(&h, &t, &ho) < 0) {
		*err = hd_xstrdup(hd_error_last());
		goto out;
	}
	hd_http_run(h, &req, 1, NULL, NULL);
	if (req.err != HD_OK)
		*err = hd_xstrdup(req.reason);
	else if (hd_get_str(NULL, req.doc, "ID", NULL, &id) < 0 || id == NULL ||
	    id[0] == '\0')
		*err = hd_xstrdup("its /info has no ID");
	else
		out = hd_xstrdup(id);
out:
	hd_http_req_clear(&req);
	hd_http_free(h);
	free(url);
	close(fd);
	return out;
}

/* The engine ID file under root for data root dir, or NULL. */
static char *
id_file(const char *root, const char *path)
{
	struct hd_buf *b;
	char *id = NULL;
	size_t n;

	if (hd_root_read(&b, root, path, ID_FILE_CAP) < 0)
		return NULL;
	n = hd_buf_len(b);
	while (n > 0 && strchr("\r\n \t", hd_buf_ptr(b)[n - 1]) != NULL)
		n--;
	if (n > 0)
		id = hd_xstrndup(hd_buf_ptr(b), n);
	hd_buf_free(b);
	return id;
}

void
hd_engine_record_locality(struct hd_snapshot *s,
    const struct hd_engine_target *t, const struct hd_collect_opts *o,
    long timeout_ms)
{
	struct hd_locality_in in = { .target = t };
	char *idf = NULL, *idpath = NULL, *lid = NULL, *lerr = NULL;
	const char *dir = NULL;
	struct hd_fact info;
	json_object *v;

	hd_snapshot_fact(&info, s, HD_F_ENGINE_INFO);
	if (info.state == HD_FACT_VALUE) {
		hd_get_str(NULL, info.value, "ID", NULL, &in.engine_id);
		hd_get_str(NULL, info.value, "DockerRootDir", NULL, &dir);
		if (in.engine_id && in.engine_id[0] == '\0')
			in.engine_id = NULL;
		if (in.engine_id == NULL)
			in.id_error = "GET /info has no ID";
	} else {
		in.id_error = info.reason;
	}
	/* Only an engine not local by its URL needs a proof. */
	if ((t->tcp || t->ssh) && !(t->tcp && hd_tcp_url_loopback(t->url)) &&
	    in.engine_id != NULL) {
		if (dir != NULL && dir[0] == '/') {
			idpath = hd_xasprintf("%s/engine-id", dir);
			in.id_file = idf = id_file(o->root, idpath);
			in.id_file_path = idpath;
		}
		if (in.id_file == NULL || strcmp(in.id_file, in.engine_id) != 0) {
			in.local_url = HD_DEFAULT_ENGINE;
			in.local_id = lid = local_engine_id(&lerr, o->root, timeout_ms);
			in.local_error = lerr;
		}
	}
	v = hd_locality_decide(&in);
	hd_snapshot_set_value(s, HD_F_ENGINE_LOCALITY, v, t->url);
	free(idf);
	free(idpath);
	free(lid);
	free(lerr);
}
