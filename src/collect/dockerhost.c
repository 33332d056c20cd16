/* The engine endpoint from flags, environment and docker contexts. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/buf.h>

#include "collect/dockerhost.h"
#include "collect/ssh.h"
#include <hardock/jsonparse.h>

/* A context directory entry is a hex digest; nothing else is looked at. */
#define MAX_DIGEST 128

/* An environment variable, NULL when unset or empty. */
static const char *
env_get(const char *name)
{
	const char *v = getenv(name);

	return v && v[0] ? v : NULL;
}

/* The variables the docker CLI reads; empty counts as unset. */
void
hd_docker_env_from_environ(struct hd_docker_env *env)
{
	env->host = env_get("DOCKER_HOST");
	env->context = env_get("DOCKER_CONTEXT");
	env->tls_verify = env_get("DOCKER_TLS_VERIFY");
	env->cert_path = env_get("DOCKER_CERT_PATH");
	env->docker_config = env_get("DOCKER_CONFIG");
	env->home = env_get("HOME");
}

/* Whether s is set and not empty. */
static bool
set(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* The docker CLI's configuration directory, or NULL (caller frees). */
static char *
config_dir(const struct hd_docker_env *env)
{
	if (set(env->docker_config))
		return hd_xstrdup(env->docker_config);
	if (set(env->home))
		return hd_xasprintf("%s/.docker", env->home);
	return NULL;
}

/* Whether path names an existing regular file. */
static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/name when that file exists, else NULL (caller frees). */
static char *
existing(const char *dir, const char *name)
{
	char *p;

	if (dir == NULL)
		return NULL;
	p = hd_xasprintf("%s/%s", dir, name);
	if (is_file(p))
		return p;
	free(p);
	return NULL;
}

/* Read a client configuration file, capped; HD_ENOTFOUND when missing. */
static int
read_file(struct hd_buf **out, const char *path)
{
	struct hd_buf *b;
	int fd, r;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return hd_error_set(errno == ENOENT ? HD_ENOTFOUND : HD_EIO,
		    "%s: %s", path, strerror(errno));
	b = hd_buf_new(HD_BUF_CAP_CONFIG);
	if ((r = hd_buf_read_fd(b, fd)) < 0) {
		hd_error_wrap(r, path);
		hd_buf_free(b);
	} else {
		*out = b;
	}
	close(fd);
	return r;
}

/* A string member of obj, NULL when missing; HD_ETYPE when not a string. */
static int
str_member(const char **out, json_object *obj, const char *key)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
		return HD_OK;
	if (!json_object_is_type(v, json_type_string))
		return hd_error_set(HD_ETYPE, "%s: expected a string", key);
	*out = json_object_get_string(v);
	return HD_OK;
}

/* Parse one JSON object from a buffer. */
static int
parse_object(json_object **out, const char *data, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(HD_JSON_MAX_DEPTH);
	json_object *doc = NULL;
	int r;

	*out = NULL;
	r = hd_json_parse_tok(&doc, tok, data, len);
	json_tokener_free(tok);
	if (r < 0)
		return r;
	if (!json_object_is_type(doc, json_type_object)) {
		json_object_put(doc);
		return hd_error_set(HD_EPARSE, "expected a JSON object");
	}
	*out = doc;
	return HD_OK;
}

/* currentContext of config.json; other keys (auths!) are not kept. */
int
hd_docker_config_current(char **out, const char *data, size_t len)
{
	json_object *doc;
	const char *cur;
	int r;

	*out = NULL;
	if ((r = parse_object(&doc, data, len)) < 0)
		return r;
	if ((r = str_member(&cur, doc, "currentContext")) == HD_OK && set(cur))
		*out = hd_xstrdup(cur);
	json_object_put(doc);
	return r;
}

/* The fields of meta.json hardock needs; the rest is ignored. */
int
hd_context_meta_parse(char **name, char **host, bool *skip_verify,
    const char *data, size_t len)
{
	json_object *doc, *ep = NULL, *v;
	const char *n, *h = NULL;
	int r;

	*name = NULL;
	*host = NULL;
	*skip_verify = false;
	if ((r = parse_object(&doc, data, len)) < 0)
		return r;
	if ((r = str_member(&n, doc, "Name")) < 0)
		goto out;
	if (!set(n)) {
		r = hd_error_set(HD_EPARSE, "no context Name");
		goto out;
	}
	if (json_object_object_get_ex(doc, "Endpoints", &v) &&
	    json_object_is_type(v, json_type_object))
		json_object_object_get_ex(v, "docker", &ep);
	if (ep != NULL && json_object_is_type(ep, json_type_object)) {
		if ((r = str_member(&h, ep, "Host")) < 0)
			goto out;
		if (json_object_object_get_ex(ep, "SkipTLSVerify", &v) &&
		    json_object_is_type(v, json_type_boolean))
			*skip_verify = json_object_get_boolean(v);
	}
	*name = hd_xstrdup(n);
	*host = set(h) ? hd_xstrdup(h) : NULL;
out:
	json_object_put(doc);
	return r;
}

/* Normalise as dockerd's ParseHost does, refusing what curl cannot reach. */
int
hd_engine_url_parse(char **out, const char *url)
{
	const char *sep = strstr(url, "://"), *addr, *end, *port;
	char *full;
	int r;

	*out = NULL;
	if (sep == NULL) {
		full = hd_xasprintf("tcp://%s", url);
		r = hd_engine_url_parse(out, full);
		free(full);
		return r;
	}
	addr = sep + 3;
	if (strncmp(url, "unix://", 7) == 0) {
		if (addr[0] != '/')
			return hd_error_set(HD_EUSAGE, "%s: a unix:// engine needs an "
			    "absolute socket path", url);
		*out = hd_xstrdup(url);
		return HD_OK;
	}
	if (strncmp(url, "ssh://", 6) == 0) {
		struct hd_ssh_dest d;

		if ((r = hd_ssh_dest_parse(&d, url)) < 0)
			return r;
		hd_ssh_dest_clear(&d);
		*out = hd_xstrdup(url);
		return HD_OK;
	}
	if (strncmp(url, "tcp://", 6) != 0)
		return hd_error_set(HD_EUSAGE, "%s: unsupported engine URL scheme "
		    "(hardock speaks unix://, tcp:// and ssh://)", url);
	/* HOST[:PORT] or [V6]:PORT, optionally followed by a lone "/". */
	end = addr + strcspn(addr, "/?#");
	/* The port's colon comes after a bracketed IPv6 address. */
	port = addr[0] == '[' ? memchr(addr, ']', (size_t)(end - addr)) : addr;
	if (port == NULL)
		port = end;
	port = memchr(port, ':', (size_t)(end - port));
	if (end == addr || (*end != '\0' && strcmp(end, "/") != 0) ||
	    strpbrk(addr, " \t\r\n@") != NULL || (port && port + 1 == end))
		return hd_error_set(HD_EUSAGE, "%s: malformed tcp:// engine "
		    "address (want tcp://HOST:PORT)", url);
	/* No port: the CLI's default plain-HTTP port. */
	*out = hd_xasprintf("tcp://%.*s%s", (int)(end - addr), addr,
	    port ? "" : ":2375");
	return HD_OK;
}

/* The default endpoint's TLS: flags first, then the environment. */
static void
tls_from_flags(struct hd_engine_target *t, const struct hd_collect_opts *o,
    const struct hd_docker_env *env, const char *cfgdir)
{
	const char *dir = set(env->cert_path) ? env->cert_path : cfgdir;

	t->tls_verify = o->tls_verify || set(env->tls_verify);
	t->tls = t->tls_verify || set(o->tls_ca) || set(o->tls_cert) ||
	    set(o->tls_key);
	if (!t->tls)
		return;
	t->tls_ca = set(o->tls_ca) ? hd_xstrdup(o->tls_ca) : existing(dir, "ca.pem");
	t->tls_cert = set(o->tls_cert) ? hd_xstrdup(o->tls_cert) :
	    existing(dir, "cert.pem");
	t->tls_key = set(o->tls_key) ? hd_xstrdup(o->tls_key) :
	    existing(dir, "key.pem");
}

/* Find context name under cfgdir/contexts/meta; on success *host is its
 * docker endpoint and *digest the directory holding it (caller frees). A
 * meta.json that cannot be read is skipped, but reported if the context
 * is not found elsewhere: it may have been the one asked for. */
static int
find_context(char **host, char **digest, bool *skip_verify, const char *cfgdir,
    const char *name)
{
	char *metadir = hd_xasprintf("%s/contexts/meta", cfgdir ? cfgdir : "");
	DIR *d = cfgdir ? opendir(metadir) : NULL;
	struct dirent *de;
	char *bad = NULL;
	int r = HD_ENOTFOUND, rbad = HD_OK;

	*host = NULL;
	*digest = NULL;
	while (d != NULL && r == HD_ENOTFOUND && (de = readdir(d)) != NULL) {
		char *path, *n = NULL, *h = NULL;
		struct hd_buf *b;
		bool skip = false;
		int rr;

		if (de->d_name[0] == '.' || strlen(de->d_name) > MAX_DIGEST)
			continue;
		path = hd_xasprintf("%s/%s/meta.json", metadir, de->d_name);
		if ((rr = read_file(&b, path)) == HD_OK) {
			rr = hd_context_meta_parse(&n, &h, &skip, hd_buf_ptr(b),
			    hd_buf_len(b));
			hd_buf_free(b);
			if (rr < 0)
				hd_error_wrap(rr, path);
		}
		if (rr < 0 && rr != HD_ENOTFOUND && bad == NULL) {
			rbad = rr;
			bad = hd_xstrdup(hd_error_last());
		} else if (rr == HD_OK && strcmp(n, name) == 0) {
			if (h == NULL) {
				r = hd_error_set(HD_EUSAGE, "context \"%s\" (%s) has no "
				    "docker endpoint", name, path);
			} else {
				*host = h;
				*digest = hd_xstrdup(de->d_name);
				*skip_verify = skip;
				h = NULL;
				r = HD_OK;
			}
		}
		free(n);
		free(h);
		free(path);
	}
	if (r == HD_ENOTFOUND && bad != NULL)
		r = hd_error_set(rbad, "context \"%s\" not found; %s", name, bad);
	else if (r == HD_ENOTFOUND)
		hd_error_set(HD_ENOTFOUND, "context \"%s\" not found in %s", name,
		    metadir);
	if (d != NULL)
		closedir(d);
	free(bad);
	free(metadir);
	return r;
}

/* Fill t from the named context (not "default"). */
static int
from_context(struct hd_engine_target *t, const char *cfgdir, const char *name)
{
	char *host, *digest, *tlsdir;
	bool skip = false;
	int r;

	if ((r = find_context(&host, &digest, &skip, cfgdir, name)) < 0)
		return r;
	r = hd_engine_url_parse(&t->url, host);
	if (r < 0)
		hd_error_wrap(r, "context endpoint");
	t->context = hd_xstrdup(name);
	tlsdir = hd_xasprintf("%s/contexts/tls/%s/docker", cfgdir, digest);
	t->tls_ca = existing(tlsdir, "ca.pem");
	t->tls_cert = existing(tlsdir, "cert.pem");
	t->tls_key = existing(tlsdir, "key.pem");
	/* As in the CLI: TLS material or SkipTLSVerify means https. */
	t->tls = t->tls_ca || t->tls_cert || t->tls_key || skip;
	t->tls_verify = t->tls && !skip;
	free(tlsdir);
	free(digest);
	free(host);
	return r;
}

/* The context named in cfgdir/config.json's currentContext, or NULL. */
static int
current_context(char **out, const char *cfgdir)
{
	char *path;
	struct hd_buf *b;
	int r;

	*out = NULL;
	if (cfgdir == NULL)
		return HD_OK;
	path = hd_xasprintf("%s/config.json", cfgdir);
	if ((r = read_file(&b, path)) == HD_OK) {
		if ((r = hd_docker_config_current(out, hd_buf_ptr(b),
		    hd_buf_len(b))) < 0)
			hd_error_wrap(r, path);
		hd_buf_free(b);
	} else if (r == HD_ENOTFOUND) {
		r = HD_OK;
	}
	free(path);
	return r;
}

/* The CLI's precedence, then the endpoint's TLS settings. */
int
hd_engine_resolve(struct hd_engine_target **out,
    const struct hd_collect_opts *o, const struct hd_docker_env *env)
{
	struct hd_engine_target *t = hd_xcalloc(1, sizeof(*t));
	char *cfgdir = config_dir(env), *cur = NULL;
	const char *ctx = NULL, *host = NULL;
	int r = HD_OK;

	*out = NULL;
	if (set(o->host)) {
		host = o->host;
		t->origin = hd_xstrdup("-H");
	} else if (set(o->context)) {
		ctx = o->context;
		t->origin = hd_xstrdup("--context");
	} else if (set(env->host)) {
		host = env->host;
		t->origin = hd_xstrdup("DOCKER_HOST");
	} else if (set(env->context)) {
		ctx = env->context;
		t->origin = hd_xstrdup("DOCKER_CONTEXT");
	} else {
		if ((r = current_context(&cur, cfgdir)) < 0)
			goto out;
		ctx = cur;
		t->origin = hd_xstrdup(cur ? "currentContext" : "default");
	}
	/* The "default" context is what the flags and environment say. */
	if (ctx != NULL && strcmp(ctx, "default") == 0) {
		host = set(env->host) ? env->host : NULL;
		t->context = hd_xstrdup("default");
		ctx = NULL;
	}
	if (ctx != NULL) {
		r = from_context(t, cfgdir, ctx);
	} else {
		r = hd_engine_url_parse(&t->url, host ? host : HD_DEFAULT_ENGINE);
		if (r == HD_OK)
			tls_from_flags(t, o, env, cfgdir);
	}
	if (r < 0)
		goto out;
	t->tcp = strncmp(t->url, "tcp://", 6) == 0;
	t->ssh = strncmp(t->url, "ssh://", 6) == 0;
	if (!t->tcp) {
		/* A unix socket or ssh has no TLS; the CLI ignores it too. */
		t->tls = t->tls_verify = false;
		free(t->tls_ca);
		free(t->tls_cert);
		free(t->tls_key);
		t->tls_ca = t->tls_cert = t->tls_key = NULL;
	}
	*out = t;
	t = NULL;
out:
	hd_engine_target_free(t);
	free(cfgdir);
	free(cur);
	return r;
}

/* Free t and its strings. */
void
hd_engine_target_free(struct hd_engine_target *t)
{
	if (t == NULL)
		return;
	free(t->url);
	free(t->origin);
	free(t->context);
	free(t->tls_ca);
	free(t->tls_cert);
	free(t->tls_key);
	free(t);
}

/* The docker CLI's configuration directory for env, or NULL. */
char *
hd_docker_config_dir(const struct hd_docker_env *env)
{
	return config_dir(env);
}
