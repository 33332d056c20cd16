/* The Engine API transport: a bounded pool of GETs on one curl multi. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include <hardock/buf.h>

#include "collect/engine_http.h"
#include "collect/engine_ssh.h"
#include <hardock/jsonparse.h>

/* Engine text quoted into a reason is cut here. */
#define MAX_QUOTE 512
/* How long a failed request waits for its ssh's exit status. */
#define SSH_EXIT_WAIT_MS 1000

struct slot {
	struct hd_http *h;
	CURL *easy;
	struct hd_http_req *req; /* NULL while the slot is free */
	struct hd_buf *body;
	bool overflow;           /* the body passed the cap */
	long budget_ms;          /* this request's timeout */
	char api_version[32];
	char errbuf[CURL_ERROR_SIZE];
};

struct hd_http {
	const struct hd_engine_target *t;
	struct hd_http_opts o;
	CURLM *multi;
	CURLSH *share;
	struct slot *slots;
	struct json_tokener *tok;
	struct hd_ssh *ssh;      /* the ssh transport of an ssh:// engine */
	char *base;              /* http://localhost or http(s)://HOST:PORT */
	char *down;              /* why the client gave up, or NULL */
	long long deadline;      /* CLOCK_MONOTONIC ms */
};

/* Monotonic clock in milliseconds. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Engine-supplied text made safe for a report: at most MAX_QUOTE bytes,
 * control characters (terminal escapes) replaced by '?'. */
char *
hd_http_quote(const char *s, size_t n)
{
	char *q;

	if (n > MAX_QUOTE)
		n = MAX_QUOTE;
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	q = hd_xstrndup(s, n);
	for (char *p = q; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return q;
}

/* libcurl write callback: into the slot's capped buffer, stop past cap. */
static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct slot *sl = arg;

	if (hd_buf_append(sl->body, data, size * n) < 0) {
		sl->overflow = true;
		return 0;
	}
	return size * n;
}

/* libcurl header callback: keep Api-Version, ignore the rest. A replayed
 * answer's header line goes through it too. */
static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	static const char name[] = "Api-Version:";
	struct slot *sl = arg;
	size_t len = size * n, k = sizeof(name) - 1;

	if (len > k && strncasecmp(data, name, k) == 0) {
		while (k < len && (data[k] == ' ' || data[k] == '\t'))
			k++;
		len -= k;
		while (len > 0 && (data[k + len - 1] == '\r' ||
		    data[k + len - 1] == '\n' || data[k + len - 1] == ' '))
			len--;
		if (len >= sizeof(sl->api_version))
			len = sizeof(sl->api_version) - 1;
		memcpy(sl->api_version, data + k, len);
		sl->api_version[len] = '\0';
	}
	return size * n;
}

void
hd_http_easy_transport(CURL *c, const struct hd_engine_target *t,
    struct hd_ssh *ssh)
{
	if (ssh != NULL)
		hd_ssh_setup(ssh, c);
	else if (!t->tcp)
		curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, t->url + 7);
	if (t->tls) {
		if (t->tls_ca)
			curl_easy_setopt(c, CURLOPT_CAINFO, t->tls_ca);
		if (t->tls_cert)
			curl_easy_setopt(c, CURLOPT_SSLCERT, t->tls_cert);
		if (t->tls_key)
			curl_easy_setopt(c, CURLOPT_SSLKEY, t->tls_key);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, t->tls_verify ? 1L : 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, t->tls_verify ? 2L : 0L);
	}
	/* The engine is talked to directly, never through a proxy. */
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "hardock/" HARDOCK_VERSION);
}

char *
hd_http_base_url(const struct hd_engine_target *t)
{
	return t->tcp ? hd_xasprintf("%s://%s", t->tls ? "https" : "http",
	    t->url + 6) : hd_xstrdup("http://localhost");
}

/* Options every request of the client shares: transport, TLS, limits. */
static int
slot_init(struct slot *sl, struct hd_http *h)
{
	CURL *c;

	sl->h = h;
	sl->body = hd_buf_new(h->o.body_cap);
	/* A replaying client never touches libcurl. */
	if (h->o.replay != NULL)
		return HD_OK;
	if ((sl->easy = c = curl_easy_init()) == NULL)
		return hd_error_set(HD_ERR, "curl_easy_init failed");
	hd_http_easy_transport(c, h->t, h->ssh);
	curl_easy_setopt(c, CURLOPT_SHARE, h->share);
	curl_easy_setopt(c, CURLOPT_PRIVATE, sl);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, sl->errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, sl);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, sl);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->o.body_cap);
	return HD_OK;
}

/* One multi handle, one share, max_inflight reusable easy handles. */
int
hd_http_new(struct hd_http **out, const struct hd_engine_target *t,
    const struct hd_http_opts *o)
{
	struct hd_http *h;
	int r = HD_OK;

	*out = NULL;
	if (o->replay == NULL && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return hd_error_set(HD_ERR, "curl_global_init failed");
	h = hd_xcalloc(1, sizeof(*h));
	h->t = t;
	h->o = *o;
	h->deadline = now_ms() + o->deadline_ms;
	h->base = hd_http_base_url(t);
	/* A replaying client (fuzzing, tests) starts no ssh. */
	if (t->ssh && o->replay == NULL &&
	    (r = hd_ssh_new(&h->ssh, t->url, o->timeout_ms)) < 0)
		goto out;
	h->tok = json_tokener_new_ex(HD_JSON_MAX_DEPTH);
	h->slots = hd_xcalloc((size_t)o->max_inflight, sizeof(*h->slots));
	if (o->replay != NULL) {
		if (h->tok == NULL)
			r = hd_error_set(HD_ERR, "cannot set up the JSON parser");
		for (int i = 0; i < o->max_inflight && r == HD_OK; i++)
			r = slot_init(&h->slots[i], h);
		goto out;
	}
	h->multi = curl_multi_init();
	h->share = curl_share_init();
	if (h->multi == NULL || h->share == NULL || h->tok == NULL) {
		r = hd_error_set(HD_ERR, "cannot set up libcurl");
		goto out;
	}
	/* Single-threaded: the share needs no lock callbacks. */
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)o->max_inflight);
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)o->max_inflight);
	/* HTTP/1.1 cannot multiplex: open parallel connections at once rather
	 * than wait to learn whether the first one could. */
	if (!t->tls)
		curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, CURLPIPE_NOTHING);
	for (int i = 0; i < o->max_inflight && r == HD_OK; i++)
		r = slot_init(&h->slots[i], h);
out:
	if (r < 0)
		hd_http_free(h);
	else
		*out = h;
	return r;
}

/* The first reason wins: later failures are its consequences. */
void
hd_http_kill(struct hd_http *h, const char *fmt, ...)
{
	va_list ap;

	if (h->down != NULL)
		return;
	va_start(ap, fmt);
	h->down = hd_xvasprintf(fmt, ap);
	va_end(ap);
}

/* NULL while the engine is still worth asking. */
const char *
hd_http_down(const struct hd_http *h)
{
	return h->down;
}

static void fail(struct hd_http_req *req, int err, const char *fmt, ...)
    HD_PRINTF(3, 4);

/* Set err and the printf-style reason, replacing an earlier one. */
static void
fail(struct hd_http_req *req, int err, const char *fmt, ...)
{
	va_list ap;

	req->err = err;
	va_start(ap, fmt);
	free(req->reason);
	req->reason = hd_xvasprintf(fmt, ap);
	va_end(ap);
}

/* Parse a 2xx answer's body into req->doc (its elements through map when
 * map is not NULL), or fail req with why. */
static void
parse_body(struct hd_http *h, struct hd_http_req *req, const char *data,
    size_t len, json_object *(*map)(void *arg, json_object *elem), void *arg)
{
	if ((map ? hd_json_parse_array_map(&req->doc, h->tok, data, len, map,
	    arg) : hd_json_parse_tok(&req->doc, h->tok, data, len)) < 0)
		fail(req, HD_EPARSE, "the engine's answer to GET %s is not JSON: %s",
		    req->path, hd_error_last());
}

/* hd_http_parse() and hd_http_parse_list(): the text goes once read. */
static void
parse_text(struct hd_http *h, struct hd_http_req *req,
    json_object *(*map)(void *arg, json_object *elem), void *arg)
{
	if (req->err != HD_OK || req->text == NULL)
		return;
	parse_body(h, req, req->text, req->text_len, map, arg);
	free(req->text);
	req->text = NULL;
	req->text_len = 0;
}

void
hd_http_parse(struct hd_http *h, struct hd_http_req *req)
{
	parse_text(h, req, NULL, NULL);
}

void
hd_http_parse_list(struct hd_http *h, struct hd_http_req *req,
    json_object *(*map)(void *arg, json_object *elem), void *arg)
{
	parse_text(h, req, map, arg);
}

/* The engine's {"message": ...} of an error body, else the body text. */
static char *
engine_message(struct hd_http *h, const struct hd_buf *b)
{
	json_object *doc = NULL, *m;
	char *msg;

	if (hd_json_parse_tok(&doc, h->tok, hd_buf_ptr(b), hd_buf_len(b)) == HD_OK &&
	    json_object_is_type(doc, json_type_object) &&
	    json_object_object_get_ex(doc, "message", &m) &&
	    json_object_is_type(m, json_type_string))
		msg = hd_http_quote(json_object_get_string(m),
		    (size_t)json_object_get_string_len(m));
	else if (hd_buf_len(b) > 0)
		msg = hd_http_quote(hd_buf_ptr(b), hd_buf_len(b));
	else
		msg = hd_xstrdup("no message");
	json_object_put(doc);
	return msg;
}

/* Whether a curl failure means the engine cannot be reached at all. */
static bool
is_connect_error(CURLcode cc)
{
	switch (cc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		return true;
	default:
		return false;
	}
}

/* The collection deadline has passed: no request is sent after it. */
static void
deadline_reached(struct hd_http *h)
{
	hd_http_kill(h, "the engine did not answer within the collection "
	    "deadline of %ld ms", h->o.deadline_ms);
}

/* Turn a transfer's result (curl's code, the HTTP status, the bytes sent
 * and the socket's errno) into the request's outcome. */
static void
slot_finish(struct slot *sl, CURLcode cc, long status, long sent, long oserr)
{
	struct hd_http *h = sl->h;
	struct hd_http_req *req = sl->req;
	const struct hd_buf *b = sl->body;
	const char *ssh_why = NULL;
	char *msg;

	req->status = status;
	if (sl->api_version[0])
		req->api_version = hd_xstrdup(sl->api_version);
	/* No HTTP answer through ssh: an ssh that died says why. */
	if (h->ssh != NULL && cc != CURLE_OK && req->status == 0)
		ssh_why = hd_ssh_failure(h->ssh, SSH_EXIT_WAIT_MS);
	if ((cc == CURLE_WRITE_ERROR && sl->overflow) ||
	    cc == CURLE_FILESIZE_EXCEEDED) {
		fail(req, HD_ELIMIT, "response larger than %zu bytes", h->o.body_cap);
	} else if (ssh_why != NULL) {
		hd_http_kill(h, "cannot connect to the Docker engine at %s: %s",
		    h->t->url, ssh_why);
		fail(req, HD_ECONNECT, "%s", h->down);
	} else if (is_connect_error(cc) ||
	    (cc == CURLE_OPERATION_TIMEDOUT && sent == 0)) {
		/* A unix socket's errno says more than curl's localhost:80. */
		if (!h->t->tcp && cc == CURLE_COULDNT_CONNECT && oserr != 0)
			hd_http_kill(h, "cannot connect to the Docker engine at %s: %s",
			    h->t->url, strerror((int)oserr));
		else
			hd_http_kill(h, "cannot connect to the Docker engine at %s: %s",
			    h->t->url, sl->errbuf[0] ? sl->errbuf : curl_easy_strerror(cc));
		fail(req, HD_ECONNECT, "%s", h->down);
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		fail(req, HD_ERR, "no answer to GET %s within %ld ms", req->path,
		    sl->budget_ms);
		/* Its budget was what was left of the collection deadline: the
		 * deadline is reached, though libcurl's clock may fire a few ms
		 * before ours says so; nothing is sent after it. */
		if (sl->budget_ms < h->o.timeout_ms)
			deadline_reached(h);
	} else if (cc != CURLE_OK) {
		fail(req, HD_ERR, "GET %s failed: %s", req->path,
		    sl->errbuf[0] ? sl->errbuf : curl_easy_strerror(cc));
	} else if (req->status < 200 || req->status > 299) {
		msg = engine_message(h, b);
		fail(req, HD_ERR, "the engine answered HTTP %ld: %s", req->status, msg);
		free(msg);
	} else if (req->raw) {
		req->text_len = hd_buf_len(b);
		req->text = hd_xmalloc(req->text_len + 1);
		memcpy(req->text, hd_buf_ptr(b), req->text_len);
		req->text[req->text_len] = '\0';
		if (req->on_text != NULL)
			req->on_text(req->on_text_arg, req);
	} else {
		parse_body(h, req, hd_buf_ptr(b), hd_buf_len(b), NULL, NULL);
	}
	/* The body is parsed; its memory is reused by the next request. */
	hd_buf_reset(sl->body);
	sl->req = NULL;
}

/* Put req on the wire through slot sl with a timeout of budget ms. */
static void
slot_start(struct slot *sl, struct hd_http_req *req, long budget)
{
	char *url = hd_xasprintf("%s%s", sl->h->base, req->path);

	sl->req = req;
	sl->overflow = false;
	sl->api_version[0] = '\0';
	sl->errbuf[0] = '\0';
	sl->budget_ms = budget;
	hd_buf_reset(sl->body);
	curl_easy_setopt(sl->easy, CURLOPT_URL, url);
	curl_easy_setopt(sl->easy, CURLOPT_CONNECTTIMEOUT_MS, budget);
	curl_easy_setopt(sl->easy, CURLOPT_TIMEOUT_MS, budget);
	curl_multi_add_handle(sl->h->multi, sl->easy);
	free(url);
}

/* A transfer's result as curl reports it. */
static void
slot_done(struct slot *sl, CURLcode cc)
{
	long status = 0, sent = 0, oserr = 0;

	curl_easy_getinfo(sl->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(sl->easy, CURLINFO_REQUEST_SIZE, &sent);
	curl_easy_getinfo(sl->easy, CURLINFO_OS_ERRNO, &oserr);
	slot_finish(sl, cc, status, sent, oserr);
}

/* Answer req through slot sl from the replay callback instead of the wire:
 * the header and the body take curl's callbacks, the outcome the same
 * slot_finish(), so everything after the socket is the code that runs. */
static void
slot_replay(struct slot *sl, struct hd_http_req *req)
{
	struct hd_http_answer a = { 0 };
	CURLcode cc = CURLE_OK;

	sl->req = req;
	sl->overflow = false;
	sl->api_version[0] = '\0';
	sl->errbuf[0] = '\0';
	sl->budget_ms = sl->h->o.timeout_ms;
	hd_buf_reset(sl->body);
	sl->h->o.replay(sl->h->o.replay_arg, req->path, &a);
	if (a.status == 0) {
		cc = CURLE_COULDNT_CONNECT;
	} else {
		if (a.header != NULL)
			on_header((char *)a.header, 1, a.header_len, sl);
		if (a.len > 0 && on_body((char *)a.body, 1, a.len, sl) != a.len)
			cc = CURLE_WRITE_ERROR;
	}
	slot_finish(sl, cc, a.status, 1, 0);
}

/* A free slot, or NULL when max_inflight requests are on the wire. */
static struct slot *
free_slot(struct hd_http *h)
{
	for (int i = 0; i < h->o.max_inflight; i++)
		if (h->slots[i].req == NULL)
			return &h->slots[i];
	return NULL;
}

/* Take every request off the wire, failing each with the down reason. */
static size_t
abort_inflight(struct hd_http *h)
{
	size_t n = 0;

	for (int i = 0; i < h->o.max_inflight; i++) {
		struct slot *sl = &h->slots[i];

		if (sl->req == NULL)
			continue;
		curl_multi_remove_handle(h->multi, sl->easy);
		fail(sl->req, HD_ECONNECT, "%s", h->down);
		hd_buf_reset(sl->body);
		sl->req = NULL;
		n++;
	}
	return n;
}

/* Keep up to max_inflight requests on the wire until all have answers. */
void
hd_http_run(struct hd_http *h, struct hd_http_req *reqs, size_t n,
    void (*progress)(void *arg, size_t done, size_t total), void *arg)
{
	size_t next = 0, done = 0, running = 0, k;
	struct slot *sl;
	CURLMsg *m;
	char *priv;
	int still, q;

	for (size_t i = 0; i < n; i++) {
		hd_http_req_clear(&reqs[i]);
		reqs[i].err = HD_OK;
		reqs[i].status = 0;
	}
	while (done < n) {
		while (next < n && (sl = free_slot(h)) != NULL) {
			struct hd_http_req *req = &reqs[next++];
			long long left = h->deadline - now_ms();

			if (h->down == NULL && left <= 0)
				deadline_reached(h);
			if (h->down != NULL) {
				fail(req, HD_ECONNECT, "%s", h->down);
				done++;
				if (progress)
					progress(arg, done, n);
				continue;
			}
			if (h->o.replay != NULL) {
				slot_replay(sl, req);
				done++;
				if (progress)
					progress(arg, done, n);
				continue;
			}
			slot_start(sl, req, left < h->o.timeout_ms ? (long)left :
			    h->o.timeout_ms);
			running++;
		}
		if (running == 0)
			continue;
		curl_multi_perform(h->multi, &still);
		if (h->ssh != NULL)
			hd_ssh_accept(h->ssh);
		while ((m = curl_multi_info_read(h->multi, &q)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
			sl = (struct slot *)(void *)priv;
			curl_multi_remove_handle(h->multi, sl->easy);
			slot_done(sl, m->data.result);
			running--;
			done++;
			if (progress)
				progress(arg, done, n);
		}
		/* An engine found unreachable is not waited for again. */
		if (h->down != NULL && running > 0) {
			k = abort_inflight(h);
			running -= k;
			done += k;
			if (progress && k > 0)
				progress(arg, done, n);
		}
		if (running > 0 && h->ssh != NULL) {
			struct curl_waitfd lw = { hd_ssh_listener(h->ssh),
			    CURL_WAIT_POLLIN, 0 };

			curl_multi_poll(h->multi, &lw, 1, 100, NULL);
		} else if (running > 0) {
			curl_multi_poll(h->multi, NULL, 0, 100, NULL);
		}
	}
}

/* Free an outcome so the request can be run again. */
void
hd_http_req_clear(struct hd_http_req *r)
{
	free(r->reason);
	free(r->text);
	free(r->api_version);
	json_object_put(r->doc);
	r->reason = r->text = r->api_version = NULL;
	r->text_len = 0;
	r->doc = NULL;
}

/* Easy handles go first: they hold references to the share. */
void
hd_http_free(struct hd_http *h)
{
	if (h == NULL)
		return;
	for (int i = 0; h->slots != NULL && i < h->o.max_inflight; i++) {
		struct slot *sl = &h->slots[i];

		if (sl->easy && sl->req)
			curl_multi_remove_handle(h->multi, sl->easy);
		if (sl->easy)
			curl_easy_cleanup(sl->easy);
		hd_buf_free(sl->body);
	}
	free(h->slots);
	if (h->multi)
		curl_multi_cleanup(h->multi);
	if (h->share)
		curl_share_cleanup(h->share);
	/* After the multi: closing its connections ends their ssh children. */
	hd_ssh_free(h->ssh);
	if (h->tok)
		json_tokener_free(h->tok);
	free(h->base);
	free(h->down);
	if (h->o.replay == NULL)
		curl_global_cleanup();
	free(h);
}
