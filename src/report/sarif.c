/*
 * SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF viewers.
 *
 * One run. tool.driver.rules[] holds one reportingDescriptor per evaluated
 * recommendation (not notselected), in pack order: id the benchmark id,
 * name the control key, help how hardock audits and the remediation,
 * properties the benchmark, level, section, severity, tags and GitHub's
 * "security-severity" score. results[] holds one result per finding that
 * needs attention, in pack order then object order: a failing object of a
 * per-object check (or a failing child of a host check), else the result's
 * top finding:
 *   fail     kind "fail", level from the result's severity (a profile may
 *            change it);
 *   waived   the same, with suppressions [{kind "external", status
 *            "accepted", justification}]: the failure is still there, a
 *            person accepted it;
 *   error    kind "open" (the tool could not tell whether there is a
 *            problem), level "none" as SARIF requires for a kind other
 *            than "fail"; the same is an error-level
 *            toolExecutionNotification of invocations[0], so that a
 *            consumer knows the results are incomplete (SARIF appendix I)
 *            while GitHub, which shows results only, still shows it.
 * pass, manual and notapplicable give no result.
 *
 * Locations (GitHub needs one physical location per result and rejects
 * absolute file URIs outside the checkout): every uri is a relative
 * reference, percent-encoded (hd_uri_encode_path()):
 *   a file of the audited host  "etc/docker/daemon.json" with uriBaseId
 *                               HOSTROOT (originalUriBaseIds: file:///, or
 *                               the --root directory), its line when the
 *                               evidence names FILE:LINE;
 *   an image                    the image reference ("busybox%3Alatest"),
 *                               and "REF/PATH" when the evidence names one
 *                               file inside it (an evidence "path" and
 *                               "layer", or a value with such members),
 *                               the layer in the location's properties;
 *                               when it names several (a list), the image,
 *                               with each file a relatedLocation;
 *   a container                 "containers/NAME";
 *   the host itself             "host/HOSTNAME".
 * region.startLine is 1 when the finding names no line (GitHub requires a
 * line). logicalLocations name the image, container or file with kind
 * "resource".
 *
 * partialFingerprints["hardockFinding/v1"] is the SHA-256 of
 *   "hardock-finding/v1" NUL control-key NUL object-kind NUL identity NUL
 *   path-in-image
 * where identity is what survives a rebuild or a re-creation: an image's
 * repository without tag or digest (its full reference when the report
 * holds several tags of one repository; its id when it has no name), a
 * container's name (never its id) or a host object's id (a path, a
 * sysctl), each prefixed by the host name, the host name for a host
 * check. The benchmark id is left out so that a renumbering by CIS keeps
 * alerts, and no observed value goes in (a secret never does).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/digest.h>
#include <hardock/facts.h>
#include <hardock/profile.h>
#include <hardock/report.h>

#include "report/reporters.h"
#include "report/sarif.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
	"errata01/os/schemas/sarif-schema-2.1.0.json"
#define FINGERPRINT_KEY "hardockFinding/v1"
#define JSON_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)

struct sarif {
	const struct hd_report *rep;
	const char *hostname;  /* "" when unknown; borrowed from host */
	json_object *host;     /* the report's host block */
	size_t *rule_index;    /* per result: its rules[] index, SIZE_MAX */
	json_object *repos;    /* image repository -> {ref: true} */
	json_object *notes;    /* toolExecutionNotifications */
};

/* A JSON string (json-c escapes it when writing). */
static json_object *
str(const char *s)
{
	return json_object_new_string(s);
}

/* A message object {"text": s}. */
static json_object *
text_msg(const char *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "text", str(s));
	return o;
}

/* A message object whose text holds names from outside (escaped so that
 * no name reads as an embedded link). */
static json_object *
outside_msg(const char *s)
{
	char *e = hd_sarif_text(s);
	json_object *o = text_msg(e);

	free(e);
	return o;
}

/* Whether a finding of status st gives a result. */
static bool
reported(enum hd_status st)
{
	return st == HD_FAIL || st == HD_WAIVED || st == HD_ERROR;
}

/* Whether some child of r gives a result (else its top finding does). */
static bool
children_reported(const struct hd_result *r)
{
	for (size_t k = 0; k < r->top.nchildren; k++)
		if (reported(r->top.children[k].status))
			return true;
	return false;
}

/* The name an object is shown and known by: its name, else its id. */
static const char *
object_label(const struct hd_finding *f)
{
	if (f->object_name != NULL && f->object_name[0] != '\0' &&
	    strcmp(f->object_name, "<none>:<none>") != 0)
		return f->object_name;
	return f->object_id ? f->object_id : "";
}

/* ---- Rules --------------------------------------------------------------- */

/* The first http(s) URL of a control's references, or NULL (caller frees). */
static char *
help_uri(const char *refs)
{
	for (const char *p = refs; p != NULL && *p;) {
		size_t n = strcspn(p, "\n");

		if (strncmp(p, "https://", 8) == 0 || strncmp(p, "http://", 7) == 0) {
			char *u = hd_xmalloc(n + 1);

			memcpy(u, p, n);
			u[n] = '\0';
			/* A space or a quote would not be a URI. */
			if (strcspn(u, " \t\"<>") == n)
				return u;
			free(u);
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	return NULL;
}

/* Newline-separated lines as a Markdown list ("- LINE" each), NULL for
 * NULL. Caller frees. */
static char *
markdown_list(const char *lines)
{
	char *out, *o;
	size_t n = 0;

	if (lines == NULL)
		return NULL;
	for (const char *p = lines; *p; p++)
		n += *p == '\n' ? 3 : 1;
	o = out = hd_xmalloc(n + 3);
	*o++ = '-';
	*o++ = ' ';
	for (const char *p = lines; *p; p++) {
		*o++ = *p;
		if (*p == '\n' && p[1] != '\0') {
			*o++ = '-';
			*o++ = ' ';
		}
	}
	*o = '\0';
	return out;
}

/* help: {text, markdown}: how hardock audits, then the fix. */
static json_object *
rule_help(const struct hd_result *r)
{
	const struct hd_check *c = r->check;
	char *fix = hd_rule_remediation(r->rule, NULL, NULL);
	const char *how = c->audit_text ? c->audit_text : "";
	json_object *o = json_object_new_object();
	char *t, *refs;

	t = hd_xasprintf("How hardock audits: %s\n\nRemediation: %s%s%s", how,
	    fix ? fix : "", c->references ? "\n\nReferences:\n" : "",
	    c->references ? c->references : "");
	json_object_object_add(o, "text", str(t));
	free(t);
	refs = markdown_list(c->references);
	t = hd_xasprintf("**How hardock audits**\n\n%s\n\n**Remediation**\n\n%s%s%s",
	    how, fix ? fix : "", refs ? "\n\n**References**\n\n" : "",
	    refs ? refs : "");
	json_object_object_add(o, "markdown", str(t));
	free(t);
	free(refs);
	free(fix);
	return o;
}

/* One reportingDescriptor for recommendation r. */
static json_object *
rule_json(const struct hd_result *r, const struct hd_pack *pack)
{
	const struct hd_rule *rule = r->rule;
	const struct hd_check *c = r->check;
	json_object *o = json_object_new_object(), *p, *tags, *cfg;
	char *uri = help_uri(c->references);

	json_object_object_add(o, "id", str(rule->id));
	json_object_object_add(o, "name", str(c->key));
	json_object_object_add(o, "shortDescription", text_msg(rule->title));
	json_object_object_add(o, "fullDescription",
	    text_msg(c->rationale ? c->rationale : rule->title));
	json_object_object_add(o, "help", rule_help(r));
	if (uri != NULL)
		json_object_object_add(o, "helpUri", str(uri));
	free(uri);
	cfg = json_object_new_object();
	json_object_object_add(cfg, "level", str(hd_sarif_level(r->severity)));
	json_object_object_add(o, "defaultConfiguration", cfg);
	p = json_object_new_object();
	json_object_object_add(p, "control", str(c->key));
	json_object_object_add(p, "benchmark", str(pack->name));
	json_object_object_add(p, "benchmarkVersion", str(pack->version));
	json_object_object_add(p, "cisLevel", json_object_new_int(rule->level));
	json_object_object_add(p, "cisAssessment",
	    str(hd_assessment_name(rule->cis)));
	json_object_object_add(p, "section", str(rule->section));
	json_object_object_add(p, "scope", str(hd_scope_name(c->scope)));
	json_object_object_add(p, "audit", str(hd_audit_name(c->audit)));
	json_object_object_add(p, "severity", str(hd_severity_name(r->severity)));
	if (r->severity != c->severity)
		json_object_object_add(p, "controlSeverity",
		    str(hd_severity_name(c->severity)));
	json_object_object_add(p, "security-severity",
	    str(hd_sarif_security_severity(r->severity)));
	tags = json_object_new_array();
	json_object_array_add(tags, str("security"));
	json_object_array_add(tags, str("docker"));
	json_object_array_add(tags, str(rule->cis != HD_CIS_NONE ? "CIS" : "hardock"));
	json_object_array_add(tags, str(hd_scope_name(c->scope)));
	json_object_object_add(p, "tags", tags);
	json_object_object_add(o, "properties", p);
	return o;
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

	json_object_object_add(o, "name", str(name));
	json_object_object_add(o, "fullyQualifiedName", str(fqn));
	json_object_object_add(o, "kind", str("resource"));
	return o;
}

/* A physicalLocation of uri (owned, encoded) with a region at line. */
static json_object *
physical(char *uri, const char *base, long line)
{
	json_object *o = json_object_new_object(), *a = json_object_new_object(),
	    *reg = json_object_new_object();

	json_object_object_add(a, "uri", str(uri));
	if (base != NULL)
		json_object_object_add(a, "uriBaseId", str(base));
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
static json_object *
location_json(const struct sarif *sa, const struct hd_finding *f)
{
	json_object *loc = json_object_new_object(), *logicals = NULL, *arr;
	const char *label = object_label(f);
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
			json_object_object_add(props, "path", str(file));
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
	json_object_object_add(props, "path", str(path));
	if (layer != NULL)
		json_object_object_add(props, "layer", json_object_get(layer));
	json_object_object_add(loc, "properties", props);
	json_object_array_add(r->arr, loc);
	free(rel);
}

/* relatedLocations of an image finding naming several files, else NULL. */
static json_object *
related_json(const struct hd_finding *f)
{
	struct related r;

	if (f->kind != HD_OBJ_IMAGE || each_image_file(f, NULL, NULL) < 2)
		return NULL;
	r.arr = json_object_new_array();
	r.ref = hd_uri_encode_path(object_label(f));
	each_image_file(f, add_related, &r);
	free(r.ref);
	return r.arr;
}

/* ---- Fingerprints -------------------------------------------------------- */

/* Note the repository of every image that gets a result, so that several
 * tags of one repository keep their tag in the fingerprint. */
static void
note_images(struct sarif *sa)
{
	const struct hd_results *res = sa->rep->results;

	sa->repos = json_object_new_object();
	for (size_t i = 0; i < res->count; i++)
		for (size_t k = 0; k < res->items[i].top.nchildren; k++) {
			const struct hd_finding *f = &res->items[i].top.children[k];
			json_object *refs;
			char *repo;

			if (f->kind != HD_OBJ_IMAGE || !reported(f->status))
				continue;
			repo = hd_image_repository(object_label(f));
			if (!json_object_object_get_ex(sa->repos, repo, &refs)) {
				refs = json_object_new_object();
				json_object_object_add(sa->repos, repo, refs);
			}
			json_object_object_add(refs, object_label(f),
			    json_object_new_boolean(1));
			free(repo);
		}
}

/* What identifies f's subject across runs (see the top of this file).
 * Caller frees. */
static char *
identity(const struct sarif *sa, const struct hd_finding *f)
{
	const char *label = object_label(f);

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
static json_object *
fingerprint(const struct sarif *sa, const char *key, const struct hd_finding *f)
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
	json_object_object_add(o, FINGERPRINT_KEY, str(hex));
	return o;
}

/* ---- Results ------------------------------------------------------------- */

/* The message of f (status st) of result r: "container 'web': MESSAGE", or
 * "could not be evaluated ..." for an error. Caller frees. */
static char *
message(const struct hd_result *r, const struct hd_finding *f,
    enum hd_status st)
{
	const char *m = f->message && f->message[0] ? f->message : r->rule->title;
	bool obj = f->object_id != NULL;

	if (st == HD_ERROR)
		return obj ? hd_xasprintf("Could not be evaluated for %s '%s': %s",
		    hd_object_kind_name(f->kind), object_label(f), m) :
		    hd_xasprintf("Could not be evaluated: %s", m);
	return obj ? hd_xasprintf("%s '%s': %s", hd_object_kind_name(f->kind),
	    object_label(f), m) : hd_xstrdup(m);
}

/* An error-level notification for the errored finding f. */
static void
note_error(struct sarif *sa, const struct hd_result *r, size_t ri,
    const char *msg, json_object *locations)
{
	json_object *n = json_object_new_object(), *rule = json_object_new_object();
	char *t = hd_xasprintf("%s (%s): %s", r->rule->id, r->check->key, msg);

	json_object_object_add(n, "level", str("error"));
	json_object_object_add(n, "message", outside_msg(t));
	free(t);
	json_object_object_add(rule, "id", str(r->rule->id));
	json_object_object_add(rule, "index", json_object_new_int64((int64_t)ri));
	json_object_object_add(n, "associatedRule", rule);
	json_object_object_add(n, "locations", json_object_get(locations));
	json_object_array_add(sa->notes, n);
}

/* The SARIF result for finding f (status st, waiver w) of result r. */
static json_object *
result_json(struct sarif *sa, const struct hd_result *r,
    const struct hd_finding *f, enum hd_status st, const char *w)
{
	json_object *o = json_object_new_object(), *p, *locs, *rel, *fj, *v;
	size_t ri = sa->rule_index[r - sa->rep->results->items];
	char *msg = message(r, f, st);

	json_object_object_add(o, "ruleId", str(r->rule->id));
	json_object_object_add(o, "ruleIndex", json_object_new_int64((int64_t)ri));
	json_object_object_add(o, "kind", str(st == HD_ERROR ? "open" : "fail"));
	json_object_object_add(o, "level",
	    str(st == HD_ERROR ? "none" : hd_sarif_level(r->severity)));
	json_object_object_add(o, "message", outside_msg(msg));
	locs = location_json(sa, f);
	json_object_object_add(o, "locations", locs);
	rel = related_json(f);
	if (rel != NULL)
		json_object_object_add(o, "relatedLocations", rel);
	json_object_object_add(o, "partialFingerprints",
	    fingerprint(sa, r->check->key, f));
	if (st == HD_WAIVED) {
		json_object *sup = json_object_new_object(),
		    *arr = json_object_new_array();

		json_object_object_add(sup, "kind", str("external"));
		json_object_object_add(sup, "status", str("accepted"));
		json_object_object_add(sup, "justification", str(w ? w : ""));
		json_object_array_add(arr, sup);
		json_object_object_add(o, "suppressions", arr);
	}
	p = json_object_new_object();
	json_object_object_add(p, "status", str(hd_status_name(st)));
	json_object_object_add(p, "control", str(r->check->key));
	json_object_object_add(p, "severity", str(hd_severity_name(r->severity)));
	/* The object and the evidence as the JSON report writes them. */
	fj = hd_report_finding_json(f);
	if (json_object_object_get_ex(fj, "object", &v))
		json_object_object_add(p, "object", json_object_get(v));
	if (f->inherited)
		json_object_object_add(p, "inherited", json_object_new_boolean(1));
	if (json_object_object_get_ex(fj, "evidence", &v))
		json_object_object_add(p, "evidence", json_object_get(v));
	json_object_put(fj);
	if (r->remediation != NULL)
		json_object_object_add(p, "remediation", str(r->remediation));
	json_object_object_add(o, "properties", p);
	if (st == HD_ERROR)
		note_error(sa, r, ri, msg, locs);
	free(msg);
	return o;
}

/* ---- The document -------------------------------------------------------- */

/* tool: {driver: {name, version, rules}}, numbering sa->rule_index. */
static json_object *
tool_json(struct sarif *sa)
{
	const struct hd_results *res = sa->rep->results;
	json_object *tool = json_object_new_object(), *d = json_object_new_object(),
	    *rules = json_object_new_array();
	size_t n = 0;

	json_object_object_add(d, "name", str("hardock"));
	json_object_object_add(d, "fullName",
	    str("hardock Docker host hardening audit"));
	json_object_object_add(d, "version", str(HARDOCK_VERSION));
	json_object_object_add(d, "semanticVersion", str(HARDOCK_VERSION));
	for (size_t i = 0; i < res->count; i++) {
		sa->rule_index[i] = SIZE_MAX;
		if (res->items[i].status == HD_NOTSELECTED)
			continue;
		sa->rule_index[i] = n++;
		json_object_array_add(rules, rule_json(&res->items[i], res->pack));
	}
	json_object_object_add(d, "rules", rules);
	json_object_object_add(tool, "driver", d);
	return tool;
}

/* originalUriBaseIds: HOSTROOT, the root the host's files were read
 * under. */
static json_object *
bases_json(const struct hd_report *rep)
{
	const char *root = hd_snapshot_meta(rep->snapshot, HD_META_ROOT);
	char *enc = hd_uri_relative_path(root ? root : "/"), *uri;
	json_object *o = json_object_new_object(), *b = json_object_new_object();

	uri = hd_xasprintf("file:///%s%s", enc, enc[0] ? "/" : "");
	json_object_object_add(b, "uri", str(uri));
	json_object_object_add(b, "description", text_msg(
	    "The root directory of the audited host's files (--root)."));
	json_object_object_add(o, "HOSTROOT", b);
	free(uri);
	free(enc);
	return o;
}

/* run.properties: the benchmark, the score, the host, the profile. */
static json_object *
run_props(const struct sarif *sa)
{
	const struct hd_report *rep = sa->rep;
	const struct hd_results *res = rep->results;
	json_object *p = json_object_new_object(), *b = json_object_new_object(),
	    *counts = json_object_new_object();

	json_object_object_add(b, "id", str(res->pack->name));
	json_object_object_add(b, "name", str(res->pack->title));
	json_object_object_add(b, "version", str(res->pack->version));
	json_object_object_add(p, "benchmark", b);
	json_object_object_add(p, "score",
	    res->score < 0 ? NULL : json_object_new_int(res->score));
	for (int st = 0; st < HD_STATUS__COUNT; st++)
		json_object_object_add(counts, hd_status_name(st),
		    json_object_new_int64((int64_t)res->by_status[st]));
	json_object_object_add(p, "counts", counts);
	json_object_object_add(p, "host", json_object_get(sa->host));
	json_object_object_add(p, "collectedAt",
	    rep->collected_at ? str(rep->collected_at) : NULL);
	json_object_object_add(p, "profile", rep->profile ? str(rep->profile) : NULL);
	json_object_object_add(p, "profileSha256", rep->profile_file ?
	    str(hd_profile_sha256(rep->profile_file)) : NULL);
	json_object_object_add(p, "waiversAsOf", str(res->today));
	return p;
}

/* invocations: [{executionSuccessful, times, notifications}]. The run
 * completed (a check that could not be evaluated is a notification, see
 * above); the waiver warnings are configuration notifications. */
static json_object *
invocations_json(const struct sarif *sa)
{
	const struct hd_report *rep = sa->rep;
	json_object *inv = json_object_new_object(), *arr = json_object_new_array(),
	    *cfg = json_object_new_array();
	struct hd_warning *w = NULL;
	size_t n = hd_report_warnings(&w, rep->results);

	json_object_object_add(inv, "executionSuccessful",
	    json_object_new_boolean(1));
	if (rep->started_at != NULL)
		json_object_object_add(inv, "startTimeUtc", str(rep->started_at));
	if (rep->finished_at != NULL)
		json_object_object_add(inv, "endTimeUtc", str(rep->finished_at));
	json_object_object_add(inv, "toolExecutionNotifications",
	    json_object_get(sa->notes));
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_new_object(),
		    *p = json_object_new_object();

		json_object_object_add(c, "level", str("warning"));
		json_object_object_add(c, "message", outside_msg(w[i].message));
		json_object_object_add(p, "kind",
		    str(hd_warning_kind_name(w[i].kind)));
		json_object_object_add(p, "check", str(w[i].use->waiver.check));
		json_object_object_add(c, "properties", p);
		json_object_array_add(cfg, c);
	}
	hd_warnings_free(w, n);
	json_object_object_add(inv, "toolConfigurationNotifications", cfg);
	if (rep->sandbox != NULL) {
		json_object *p = json_object_new_object();

		json_object_object_add(p, "sandbox", hd_sandbox_json(rep->sandbox));
		json_object_object_add(inv, "properties", p);
	}
	json_object_array_add(arr, inv);
	return arr;
}

/* Write "  \"key\": VALUE" of the run at indent 6, then release value. */
static void
put_member(FILE *out, const char *key, json_object *value, bool first)
{
	fprintf(out, "%s      \"%s\": ", first ? "" : ",\n", key);
	hd_fputs_indented(out, json_object_to_json_string_ext(value, JSON_FLAGS), 6);
	json_object_put(value);
}

/* Write the results of r, one JSON piece at a time. */
static void
put_results(FILE *out, struct sarif *sa, const struct hd_result *r,
    size_t *count)
{
	const struct hd_finding *kids = r->top.children;
	bool each = children_reported(r);
	size_t n = each ? r->top.nchildren : 1;

	if (r->status == HD_NOTSELECTED || (!each && !reported(r->status)))
		return;
	for (size_t k = 0; k < n; k++) {
		const struct hd_finding *f = each ? &kids[k] : &r->top;
		enum hd_status st = each ? f->status : r->status;
		json_object *o;

		if (!reported(st))
			continue;
		o = result_json(sa, r, f, st, f->waiver);
		fputs((*count)++ ? ",\n        " : "\n        ", out);
		hd_fputs_indented(out, json_object_to_json_string_ext(o, JSON_FLAGS), 8);
		json_object_put(o);
	}
}

/* Stream the log: the tool and the run's context, then one result at a
 * time (a host of a thousand containers), then the invocation, which
 * holds the notifications the results gave. */
int
hd_render_sarif(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;
	struct sarif sa = { .rep = rep };
	json_object *hn = NULL;
	size_t count = 0;

	sa.host = hd_report_host_block(rep->snapshot);
	sa.hostname = json_object_object_get_ex(sa.host, "hostname", &hn) &&
	    json_object_is_type(hn, json_type_string) ?
	    json_object_get_string(hn) : "";
	sa.rule_index = hd_xcalloc(res->count + 1, sizeof(*sa.rule_index));
	sa.notes = json_object_new_array();
	note_images(&sa);
	fputs("{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n  \"version\": \"2.1.0\",\n"
	    "  \"runs\": [\n    {\n", out);
	put_member(out, "tool", tool_json(&sa), true);
	put_member(out, "originalUriBaseIds", bases_json(rep), false);
	put_member(out, "properties", run_props(&sa), false);
	fputs(",\n      \"results\": [", out);
	for (size_t i = 0; i < res->count; i++)
		put_results(out, &sa, &res->items[i], &count);
	fputs(count ? "\n      ]" : "]", out);
	put_member(out, "invocations", invocations_json(&sa), false);
	fputs("\n    }\n  ]\n}\n", out);
	json_object_put(sa.notes);
	json_object_put(sa.repos);
	json_object_put(sa.host);
	free(sa.rule_index);
	return ferror(out) ? HD_EIO : HD_OK;
}
