/* Profiles: parsed from a buffer (json-c), loaded from a capped file read,
 * applied to the scan options. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/jsonparse.h>
#include <hardock/profile.h>

#define PROFILE_CAP (1u << 20)
#define MAX_EXTENDS 8

struct hd_profile {
	json_object *doc;          /* owns every string below */
	struct hd_profile *parent; /* "extends", applied first */
	const char *name;
	int level;
	const char **checks, **exclude, **obj_include, **obj_exclude;
	size_t nchecks, nexclude, nobj_include, nobj_exclude;
	struct hd_param_value *params;
	size_t nparams;
	struct hd_waiver *waivers;
	size_t nwaivers;
};

static const char *const top_keys[] = { "name", "description", "extends",
	"benchmark", "level", "checks", "exclude", "params", "objects", "waivers", NULL };
static const char *const object_keys[] = { "include", "exclude", NULL };
static const char *const waiver_keys[] = { "check", "object", "justification",
	"expires", NULL };

/* HD_EPARSE unless every key of o is in allowed. */
static int
known_keys(json_object *o, const char *const *allowed, const char *where,
    const char *origin)
{
	json_object_object_foreach(o, key, val) {
		size_t i;

		(void)val;
		for (i = 0; allowed[i] && strcmp(allowed[i], key) != 0; i++)
			;
		if (allowed[i] == NULL)
			return hd_error_set(HD_EPARSE, "%s: unknown key \"%s\" in %s",
			    origin, key, where);
	}
	return HD_OK;
}

/* An array of strings at key of o into a new array of borrowed strings. */
static int
string_list(const char ***out, size_t *n, json_object *o, const char *key,
    const char *origin)
{
	json_object *arr;

	*out = NULL;
	*n = 0;
	if (!json_object_object_get_ex(o, key, &arr))
		return HD_OK;
	if (!json_object_is_type(arr, json_type_array))
		return hd_error_set(HD_EPARSE, "%s: \"%s\" must be an array of "
		    "strings", origin, key);
	*n = json_object_array_length(arr);
	*out = hd_xcalloc(*n, sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(v, json_type_string))
			return hd_error_set(HD_EPARSE, "%s: \"%s\" must be an array "
			    "of strings", origin, key);
		(*out)[i] = json_object_get_string(v);
	}
	return HD_OK;
}

/* A string member, NULL when absent; HD_EPARSE when not a string. */
static int
string_member(const char **out, json_object *o, const char *key,
    const char *origin)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return HD_OK;
	if (!json_object_is_type(v, json_type_string))
		return hd_error_set(HD_EPARSE, "%s: \"%s\" must be a string",
		    origin, key);
	*out = json_object_get_string(v);
	return HD_OK;
}

/* "params": {NAME: string|number|bool} into p->params, as text. */
static int
parse_params(struct hd_profile *p, json_object *o, const char *origin)
{
	json_object *params;

	if (!json_object_object_get_ex(o, "params", &params))
		return HD_OK;
	if (!json_object_is_type(params, json_type_object))
		return hd_error_set(HD_EPARSE, "%s: \"params\" must be an object",
		    origin);
	p->nparams = (size_t)json_object_object_length(params);
	p->params = hd_xcalloc(p->nparams, sizeof(*p->params));
	p->nparams = 0;
	json_object_object_foreach(params, key, val) {
		if (json_object_is_type(val, json_type_object) ||
		    json_object_is_type(val, json_type_array) ||
		    json_object_is_type(val, json_type_null))
			return hd_error_set(HD_EPARSE, "%s: parameter %s must be a "
			    "string, number or boolean", origin, key);
		p->params[p->nparams].name = hd_xstrdup(key);
		p->params[p->nparams++].value =
		    hd_xstrdup(json_object_get_string(val));
	}
	return HD_OK;
}

/* "waivers": [{check, object?, justification, expires}]. */
static int
parse_waivers(struct hd_profile *p, json_object *o, const char *origin)
{
	json_object *arr;
	int r;

	if (!json_object_object_get_ex(o, "waivers", &arr))
		return HD_OK;
	if (!json_object_is_type(arr, json_type_array))
		return hd_error_set(HD_EPARSE, "%s: \"waivers\" must be an array",
		    origin);
	p->nwaivers = json_object_array_length(arr);
	p->waivers = hd_xcalloc(p->nwaivers, sizeof(*p->waivers));
	for (size_t i = 0; i < p->nwaivers; i++) {
		json_object *w = json_object_array_get_idx(arr, i);
		struct hd_waiver *d = &p->waivers[i];

		if (!json_object_is_type(w, json_type_object))
			return hd_error_set(HD_EPARSE, "%s: waiver %zu must be an "
			    "object", origin, i + 1);
		if ((r = known_keys(w, waiver_keys, "a waiver", origin)) < 0 ||
		    (r = string_member(&d->check, w, "check", origin)) < 0 ||
		    (r = string_member(&d->object, w, "object", origin)) < 0 ||
		    (r = string_member(&d->justification, w, "justification",
		    origin)) < 0 ||
		    (r = string_member(&d->expires, w, "expires", origin)) < 0)
			return r;
		if (!d->check || !d->justification || !d->expires)
			return hd_error_set(HD_EPARSE, "%s: waiver %zu needs \"check\", "
			    "\"justification\" and \"expires\"", origin, i + 1);
	}
	return HD_OK;
}

/* Rewrite selector *sel, written against pack b, into the control key
 * it names when it is one of b's ids, so that it keeps meaning the same
 * recommendation in whichever benchmark is scanned (1.6.0's 2.14 is
 * 1.8.0's 2.15). Section prefixes and control keys stay as they are;
 * anything b does not know is an error naming it. */
static int
to_control(const char **sel, const struct hd_pack *b, const char *origin)
{
	const struct hd_rule *r = hd_pack_rule(b, *sel);

	if (r != NULL) {
		*sel = r->control->key;
		return HD_OK;
	}
	for (size_t i = 0; i < b->nrules; i++)
		if (hd_rule_matches(*sel, &b->rules[i]))
			return HD_OK;
	return hd_error_set(HD_EPARSE, "%s: \"%s\" is not a check id, section "
	    "or control key of %s", origin, *sel, b->name);
}

/* With "benchmark" set, express every check selector of p as control keys
 * (to_control()). */
static int
translate_ids(struct hd_profile *p, const char *origin)
{
	const char *name = NULL;
	const struct hd_pack *b;
	int r;

	if ((r = string_member(&name, p->doc, "benchmark", origin)) < 0)
		return r;
	if (name == NULL)
		return HD_OK;
	if ((b = hd_pack_find(name)) == NULL)
		return hd_error_set(HD_EPARSE, "%s: unknown benchmark \"%s\" (see "
		    "hardock benchmarks)", origin, name);
	for (size_t i = 0; i < p->nchecks; i++)
		if ((r = to_control(&p->checks[i], b, origin)) < 0)
			return r;
	for (size_t i = 0; i < p->nexclude; i++)
		if ((r = to_control(&p->exclude[i], b, origin)) < 0)
			return r;
	for (size_t i = 0; i < p->nwaivers; i++)
		if ((r = to_control(&p->waivers[i].check, b, origin)) < 0)
			return r;
	return HD_OK;
}

/* Fill p from its document. */
static int
parse_doc(struct hd_profile *p, const char *origin)
{
	json_object *o = p->doc, *v, *objs;
	int r;

	if (!json_object_is_type(o, json_type_object))
		return hd_error_set(HD_EPARSE, "%s: a profile is a JSON object", origin);
	if ((r = known_keys(o, top_keys, "the profile", origin)) < 0 ||
	    (r = string_member(&p->name, o, "name", origin)) < 0)
		return r;
	if (p->name == NULL || p->name[0] == '\0')
		return hd_error_set(HD_EPARSE, "%s: the profile has no \"name\"", origin);
	if (json_object_object_get_ex(o, "level", &v)) {
		if (!json_object_is_type(v, json_type_int) ||
		    json_object_get_int(v) < 1 || json_object_get_int(v) > 2)
			return hd_error_set(HD_EPARSE, "%s: \"level\" must be 1 or 2",
			    origin);
		p->level = json_object_get_int(v);
	}
	if ((r = string_list(&p->checks, &p->nchecks, o, "checks", origin)) < 0 ||
	    (r = string_list(&p->exclude, &p->nexclude, o, "exclude", origin)) < 0 ||
	    (r = parse_params(p, o, origin)) < 0 ||
	    (r = parse_waivers(p, o, origin)) < 0 ||
	    (r = translate_ids(p, origin)) < 0)
		return r;
	if (json_object_object_get_ex(o, "objects", &objs)) {
		if (!json_object_is_type(objs, json_type_object))
			return hd_error_set(HD_EPARSE, "%s: \"objects\" must be an "
			    "object", origin);
		if ((r = known_keys(objs, object_keys, "\"objects\"", origin)) < 0 ||
		    (r = string_list(&p->obj_include, &p->nobj_include, objs,
		    "include", origin)) < 0 ||
		    (r = string_list(&p->obj_exclude, &p->nobj_exclude, objs,
		    "exclude", origin)) < 0)
			return r;
	}
	return HD_OK;
}

int
hd_profile_parse(struct hd_profile **out, const char *data, size_t len,
    const char *origin)
{
	struct hd_profile *p = hd_xcalloc(1, sizeof(*p));
	int r;

	*out = NULL;
	if ((r = hd_json_parse(&p->doc, data, len)) < 0) {
		hd_error_wrap(r, origin);
		goto out;
	}
	if ((r = parse_doc(p, origin)) < 0)
		goto out;
	*out = p;
	p = NULL;
out:
	hd_profile_free(p);
	return r;
}

void
hd_profile_free(struct hd_profile *p)
{
	if (p == NULL)
		return;
	hd_profile_free(p->parent);
	for (size_t i = 0; i < p->nparams; i++) {
		free(p->params[i].name);
		free(p->params[i].value);
	}
	free(p->params);
	free(p->waivers);
	free(p->checks);
	free(p->exclude);
	free(p->obj_include);
	free(p->obj_exclude);
	json_object_put(p->doc);
	free(p);
}

const char *
hd_profile_dir(void)
{
	const char *env = getenv("HARDOCK_PROFILE_DIR");

	return env && env[0] ? env : HARDOCK_DATADIR "/profiles";
}

/* Append the names of dir's *.json files, without ".json", to v (of *n)
 * unless already there. */
static char **
add_names(char **v, size_t *n, const char *dir)
{
	char **files = NULL;

	if (hd_dir_names(&files, dir, ".json") < 0)
		hd_error_clear();
	for (char **f = files; f && *f; f++) {
		char *name = hd_xstrndup(*f, strlen(*f) - 5);
		bool dup = false;

		for (size_t i = 0; i < *n && !dup; i++)
			dup = strcmp(v[i], name) == 0;
		if (dup || name[0] == '\0') {
			free(name);
			continue;
		}
		v = hd_xrealloc(v, *n + 2, sizeof(*v));
		v[(*n)++] = name;
		v[*n] = NULL;
	}
	hd_strv_free(files);
	return v;
}

/* Whether this process runs a binary of the build directory: only then
 * does the source tree's profiles/ count. An installed hardock must never
 * read profiles from the path its package was built in, which anyone may
 * create on the audited host. */
static bool
in_build_tree(void)
{
	static const char dir[] = HARDOCK_BINARY_DIR "/";
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return false;
	exe[n] = '\0';
	return strncmp(exe, dir, sizeof(dir) - 1) == 0;
}

char **
hd_profile_names(void)
{
	char **v = hd_xcalloc(1, sizeof(*v));
	size_t n = 0;

	v = add_names(v, &n, hd_profile_dir());
	if (in_build_tree())
		v = add_names(v, &n, HARDOCK_SOURCE_DIR "/profiles");
	return v;
}

/* Read path into a capped buffer and parse it. */
static int
load_path(struct hd_profile **out, const char *path)
{
	struct hd_buf *b = NULL;
	int r;

	*out = NULL;
	if ((r = hd_buf_load(&b, path, PROFILE_CAP)) < 0)
		return hd_error_wrap(r, "profile");
	r = hd_profile_parse(out, hd_buf_ptr(b), hd_buf_len(b), path);
	hd_buf_free(b);
	return r;
}

/* Find and load a profile by name or path, following "extends". */
static int
load(struct hd_profile **out, const char *spec, int depth)
{
	struct hd_profile *p = NULL;
	const char *parent;
	char *path;
	int r;

	*out = NULL;
	if (depth > MAX_EXTENDS)
		return hd_error_set(HD_EPARSE, "profile %s: \"extends\" nests more "
		    "than %d deep (a loop?)", spec, MAX_EXTENDS);
	if (strchr(spec, '/') || (strlen(spec) > 5 &&
	    strcmp(spec + strlen(spec) - 5, ".json") == 0)) {
		r = load_path(&p, spec);
	} else {
		path = hd_xasprintf("%s/%s.json", hd_profile_dir(), spec);
		r = load_path(&p, path);
		free(path);
		if (r == HD_ENOTFOUND && in_build_tree()) {
			/* Run from a build tree: the source tree's profiles. */
			path = hd_xasprintf("%s/profiles/%s.json", HARDOCK_SOURCE_DIR, spec);
			r = load_path(&p, path);
			free(path);
		}
		if (r == HD_ENOTFOUND)
			hd_error_set(r, "unknown profile '%s' (not in %s)", spec,
			    hd_profile_dir());
	}
	if (r < 0)
		return r;
	if ((r = string_member(&parent, p->doc, "extends", spec)) < 0 ||
	    (parent && (r = load(&p->parent, parent, depth + 1)) < 0)) {
		hd_profile_free(p);
		return r;
	}
	*out = p;
	return HD_OK;
}

int
hd_profile_load(struct hd_profile **out, const char *name_or_path)
{
	return load(out, name_or_path, 0);
}

const char *
hd_profile_name(const struct hd_profile *p)
{
	return p->name;
}

/* Append n borrowed strings to a growing array. */
static void
append(const char ***v, size_t *nv, const char *const *add, size_t n)
{
	if (n == 0)
		return;
	*v = hd_xrealloc(*v, *nv + n, sizeof(**v));
	memcpy(*v + *nv, add, n * sizeof(**v));
	*nv += n;
}

void
hd_profile_apply(const struct hd_profile *p, struct hd_scan_opts *o)
{
	if (p->parent)
		hd_profile_apply(p->parent, o);
	o->profile = p->name;
	if (p->level)
		o->max_level = p->level;
	append(&o->select, &o->nselect, p->checks, p->nchecks);
	append(&o->exclude, &o->nexclude, p->exclude, p->nexclude);
	append(&o->objects_include, &o->nobjects_include, p->obj_include,
	    p->nobj_include);
	append(&o->objects_exclude, &o->nobjects_exclude, p->obj_exclude,
	    p->nobj_exclude);
	if (p->nparams) {
		o->params = hd_xrealloc(o->params, o->nparams + p->nparams,
		    sizeof(*o->params));
		for (size_t i = 0; i < p->nparams; i++) {
			o->params[o->nparams].name = hd_xstrdup(p->params[i].name);
			o->params[o->nparams++].value = hd_xstrdup(p->params[i].value);
		}
	}
	if (p->nwaivers) {
		struct hd_waiver *w = hd_xcalloc(o->nwaivers + p->nwaivers, sizeof(*w));

		if (o->nwaivers)
			memcpy(w, o->waivers, o->nwaivers * sizeof(*w));
		memcpy(w + o->nwaivers, p->waivers, p->nwaivers * sizeof(*w));
		free((void *)o->waivers);
		o->waivers = w;
		o->nwaivers += p->nwaivers;
	}
}
