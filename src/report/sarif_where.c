/* Where a finding of the SARIF report is (its locations) and what it is
 * across runs (its fingerprint); the mapping is described at the top of
 * sarif.c. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/digest.h>
#include <hardock/report.h>

#include "report/sarif.h"

#define FINGERPRINT_KEY "hardockFinding/v1"

bool
hd_sarif_reported(enum hd_status st)
{
	return st == HD_FAIL || st == HD_WAIVED || st == HD_ERROR;
}

/* The name an object is shown and known by: its name, else its id. */
const char *
hd_sarif_object_label(const struct hd_finding *f)
{
	if (f->object_name != NULL && f->object_name[0] != '\0' &&
	    strcmp(f->object_name, "<none>:<none>") != 0)
		return f->object_name;
	return f->object_id ? f->object_id : "";
}

/* ---- Locations ----------------------------------------------------------- */

/* The host file an evidence source names ("/etc/x.conf:12, /etc/y",
 * "/etc/default/docker: DOCKER_OPTS", "/proc/sys/kernel/x") into *path
 * (caller frees) and its line (0: none); false when it names none
 * ("GET /info", "default", "uname(2), /etc/os-release"). */
static bool
source_file(const char *src, char **path, long *line)
{
	size_t n;
	const char *colon;

	*path = NULL;
	*line = 0;
	if (src == NULL || src[0] != '/')
		return false;
	n = strlen(src);
	for (const char *p = src; *p; p++)
		if ((p[0] == ',' || p[0] == ':') && p[1] == ' ') {
			n = (size_t)(p - src);
			break;
		}
	*path = hd_xmalloc(n + 1);
	memcpy(*path, src, n);
	(*path)[n] = '\0';
	colon = strrchr(*path, ':');
	if (colon != NULL && colon[1] != '\0' &&
	    strspn(colon + 1, "0123456789") == strlen(colon + 1) &&
	    strlen(colon + 1) < 10) {
		*line = strtol(colon + 1, NULL, 10);
		(*path)[colon - *path] = '\0';
	}
	return (*path)[0] != '\0';
}

/* Call fn(arg, path, layer) for each file inside an image that f's
 * evidence names: an evidence "path" (its layer the evidence "layer"), an
 * evidence value with a "path" member (and "layer"), or an array of such
 * values (a list of setuid files). Returns how many. */
static size_t
each_image_file(const struct hd_finding *f,
    void (*fn)(void *, const char *, json_object *), void *arg)
{
	json_object *layer = NULL;
	size_t n = 0;

	for (size_t k = 0; k < f->nevidence; k++)
		if (strcmp(f->evidence[k].field, "layer") == 0)
			layer = f->evidence[k].value;
	for (size_t i = 0; i < f->nevidence; i++) {
		json_object *v = f->evidence[i].value, *p;
		size_t len = json_object_is_type(v, json_type_array) ?
		    json_object_array_length(v) : 1;

		if (strcmp(f->evidence[i].field, "path") == 0 &&
		    json_object_is_type(v, json_type_string)) {
			if (fn != NULL)
				fn(arg, json_object_get_string(v), layer);
			n++;
			continue;
		}
		for (size_t k = 0; k < len; k++) {
			json_object *o = json_object_is_type(v, json_type_array) ?
			    json_object_array_get_idx(v, k) : v, *l = NULL;

			if (!json_object_is_type(o, json_type_object) ||
			    !json_object_object_get_ex(o, "path", &p) ||
			    !json_object_is_type(p, json_type_string))
				continue;
			json_object_object_get_ex(o, "layer", &l);
			if (fn != NULL)
				fn(arg, json_object_get_string(p), l);
			n++;
		}
	}
	return n;
}

struct one_file {
	const char *path;
	json_object *layer;
};

/* each_image_file() callback: keep the (last) file. */
static void
keep_file(void *arg, const char *path, json_object *layer)
{
	struct one_file *o = arg;

	o->path = path;
	o->layer = layer;
}

/* The one file inside an image that f names, and its layer; NULL when it
 * names none or several (then the image is the location, and the files
 * related locations: a fingerprint must not follow the first of a list). */
static const char *
image_file(const struct hd_finding *f, json_object **layer)
{
	struct one_file o = { NULL, NULL };

	*layer = NULL;
	if (each_image_file(f, NULL, NULL) != 1)
		return NULL;
	each_image_file(f, keep_file, &o);
	*layer = o.layer;
	return o.path;
}

/* A logicalLocation {name, fullyQualifiedName, kind "resource"}. */
static json_object *
logical(const char *name, const char *fqn)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "fullyQualifiedName", json_object_new_string(fqn));
	json_object_object_add(o, "kind", json_object_new_string("resource"));
	return o;
}

/* A physicalLocation of uri (owned, encoded) with a region at line. */
static json_object *
physical(char *uri, const char *base, long line)
{
	json_object *o = json_object_new_object(), *a = json_object_new_object(),
	    *reg = json_object_new_object();

	json_object_object_add(a, "uri", json_object_new_string(uri));
	if (base != NULL)
		json_object_object_add(a, "uriBaseId", json_object_new_string(base));
	json_object_object_add(o, "artifactLocation", a);
	json_object_object_add(reg, "startLine",
	    json_object_new_int64(line > 0 ? line : 1));
	json_object_object_add(o, "region", reg);
	free(uri);
	return o;
}

/* The host file finding f names: a file object's path, else the first
 * evidence source naming a file (with its line). Caller frees. */
static char *
host_file(const struct hd_finding *f, long *line)
{
	char *path = NULL;

	*line = 0;
	for (size_t i = 0; i < f->nevidence; i++) {
		if (!source_file(f->evidence[i].source, &path, line)) {
			free(path);
			path = NULL;
			continue;
		}
		if (f->kind != HD_OBJ_FILE || strcmp(path, f->object_id) == 0)
			return path;
		free(path);
		path = NULL;
	}
	*line = 0;
	if (f->kind == HD_OBJ_FILE && f->object_id != NULL)
		return hd_xstrdup(f->object_id);
	return NULL;
}

/* The location of finding f: [{physicalLocation, logicalLocations?,
 * properties?}]. */
json_object *
hd_sarif_locations(const struct hd_sarif_subjects *sa, const struct hd_finding *f)
{
	json_object *loc = json_object_new_object(), *logicals = NULL, *arr;
	const char *label = hd_sarif_object_label(f);
	long line = 0;

	if (f->kind == HD_OBJ_IMAGE) {
		json_object *layer = NULL;
		const char *file = image_file(f, &layer);
		char *ref = hd_uri_encode_path(label), *fqn, *rel;

		fqn = hd_xasprintf("image:%s%s%s", label,
		    f->object_id && strcmp(label, f->object_id) != 0 ? "@" : "",
		    f->object_id && strcmp(label, f->object_id) != 0 ?
		    f->object_id : "");
		logicals = json_object_new_array();
		json_object_array_add(logicals, logical(label, fqn));
		if (file != NULL) {
			char *ffqn = hd_xasprintf("%s:%s", fqn, file);
			json_object *props = json_object_new_object();

			rel = hd_uri_relative_path(file);
			json_object_object_add(loc, "physicalLocation",
			    physical(hd_xasprintf("%s/%s", ref, rel), NULL, 0));
			free(rel);
			json_object_array_add(logicals, logical(file, ffqn));
			free(ffqn);
			json_object_object_add(props, "path", json_object_new_string(file));
			if (layer != NULL)
				json_object_object_add(props, "layer",
				    json_object_get(layer));
			json_object_object_add(loc, "properties", props);
			free(ref);
		} else {
			json_object_object_add(loc, "physicalLocation",
			    physical(ref, NULL, 0));
		}
		free(fqn);
	} else if (f->kind == HD_OBJ_CONTAINER) {
		char *enc = hd_uri_encode_path(label), *fqn;

		json_object_object_add(loc, "physicalLocation",
		    physical(hd_xasprintf("containers/%s", enc), NULL, 0));
		free(enc);
		fqn = hd_xasprintf("container:%s", label);
		logicals = json_object_new_array();
		json_object_array_add(logicals, logical(label, fqn));
		free(fqn);
	} else {
		char *path = host_file(f, &line);

		if (path != NULL) {
			char *rel = hd_uri_relative_path(path);

			if (rel[0] != '\0') {
				json_object_object_add(loc, "physicalLocation",
				    physical(rel, "HOSTROOT", line));
				rel = NULL;
			}
			free(rel);
		}
		if (!json_object_object_get_ex(loc, "physicalLocation", NULL)) {
			char *enc = hd_uri_encode_path(sa->hostname);

			json_object_object_add(loc, "physicalLocation",
			    physical(hd_xasprintf("host%s%s", enc[0] ? "/" : "",
			    enc), NULL, 0));
			free(enc);
		}
		if (f->object_id != NULL) {
			char *fqn = hd_xasprintf("%s:%s", hd_object_kind_name(f->kind),
			    f->object_id);

			logicals = json_object_new_array();
			json_object_array_add(logicals, logical(label, fqn));
			free(fqn);
		}
		free(path);
	}
	if (logicals != NULL)
		json_object_object_add(loc, "logicalLocations", logicals);
	arr = json_object_new_array();
	json_object_array_add(arr, loc);
	return arr;
}

struct related {
	json_object *arr;
	char *ref; /* the image reference, encoded */
};

/* each_image_file() callback: a related location for the file. */
static void
add_related(void *arg, const char *path, json_object *layer)
{
	struct related *r = arg;
	json_object *loc = json_object_new_object(), *props = json_object_new_object();
	char *rel = hd_uri_relative_path(path);

	json_object_object_add(loc, "id", json_object_new_int64(
	    (int64_t)json_object_array_length(r->arr)));
	json_object_object_add(loc, "physicalLocation",
	    physical(hd_xasprintf("%s/%s", r->ref, rel), NULL, 0));
	json_object_object_add(props, "path", json_object_new_string(path));
	if (layer != NULL)
		json_object_object_add(props, "layer", json_object_get(layer));
	json_object_object_add(loc, "properties", props);
	json_object_array_add(r->arr, loc);
	free(rel);
}

/* relatedLocations of an image finding naming several files, else NULL. */
json_object *
hd_sarif_related(const struct hd_finding *f)
{
	struct related r;

	if (f->kind != HD_OBJ_IMAGE || each_image_file(f, NULL, NULL) < 2)
		return NULL;
	r.arr = json_object_new_array();
	r.ref = hd_uri_encode_path(hd_sarif_object_label(f));
	each_image_file(f, add_related, &r);
	free(r.ref);
	return r.arr;
}

/* ---- Fingerprints -------------------------------------------------------- */

void
hd_sarif_subjects_init(struct hd_sarif_subjects *out,
    const struct hd_results *res, const char *hostname)
{
	out->hostname = hostname;
	out->repos = json_object_new_object();
	for (size_t i = 0; i < res->count; i++)
		for (size_t k = 0; k < res->items[i].top.nchildren; k++) {
			const struct hd_finding *f = &res->items[i].top.children[k];
			json_object *refs;
			char *repo;

			if (f->kind != HD_OBJ_IMAGE || !hd_sarif_reported(f->status))
				continue;
			repo = hd_image_repository(hd_sarif_object_label(f));
			if (!json_object_object_get_ex(out->repos, repo, &refs)) {
				refs = json_object_new_object();
				json_object_object_add(out->repos, repo, refs);
			}
			json_object_object_add(refs, hd_sarif_object_label(f),
			    json_object_new_boolean(1));
			free(repo);
		}
}

void
hd_sarif_subjects_release(struct hd_sarif_subjects *s)
{
	json_object_put(s->repos);
	s->repos = NULL;
}

/* What identifies f's subject across runs (see the top of this file).
 * Caller frees. */
static char *
identity(const struct hd_sarif_subjects *sa, const struct hd_finding *f)
{
	const char *label = hd_sarif_object_label(f);

	switch (f->kind) {
	case HD_OBJ_IMAGE: {
		json_object *refs = NULL;
		char *repo;

		if (f->object_id != NULL && strcmp(label, f->object_id) == 0)
			return hd_xstrdup(label); /* no name: only the id */
		repo = hd_image_repository(label);
		if (json_object_object_get_ex(sa->repos, repo, &refs) &&
		    json_object_object_length(refs) > 1) {
			free(repo);
			return hd_xstrdup(label);
		}
		return repo;
	}
	case HD_OBJ_CONTAINER:
		return hd_xasprintf("%s/%s", sa->hostname, label);
	default:
		return f->object_id == NULL ? hd_xstrdup(sa->hostname) :
		    hd_xasprintf("%s/%s", sa->hostname, f->object_id);
	}
}

/* {"hardockFinding/v1": sha256 hex} of f under control key. */
json_object *
hd_sarif_fingerprint(const struct hd_sarif_subjects *sa, const char *key,
    const struct hd_finding *f)
{
	json_object *layer, *o = json_object_new_object();
	const char *file = f->kind == HD_OBJ_IMAGE ? image_file(f, &layer) : NULL;
	const char *kind = hd_object_kind_name(f->kind);
	char *id = identity(sa, f), hex[HD_SHA256_HEX_LEN + 1];
	const char *parts[] = { "hardock-finding/v1", key, kind, id,
	    file ? file : "" };
	size_t len = 0, off = 0;
	char *buf;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		len += strlen(parts[i]) + 1;
	buf = hd_xmalloc(len);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		size_t n = strlen(parts[i]) + 1; /* with its NUL separator */

		memcpy(buf + off, parts[i], n);
		off += n;
	}
	hd_sha256_hex(hex, buf, len);
	free(buf);
	free(id);
	json_object_object_add(o, FINGERPRINT_KEY, json_object_new_string(hex));
	return o;
}

