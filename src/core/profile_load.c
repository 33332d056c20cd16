/* Profiles: found by name or path, read through a capped buffer, followed
 * along "extends", applied to the scan options, and printed as the
 * effective profile (libyaml's emitter). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include <hardock/buf.h>
#include <hardock/report.h>

#include "core/profile_int.h"

#define PROFILE_CAP (1u << 20)
#define MAX_EXTENDS 8

const char *
hd_profile_dir(void)
{
	const char *env = getenv("HARDOCK_PROFILE_DIR");

	return env && env[0] ? env : HARDOCK_DATADIR "/profiles";
}

/* The endings a profile file may have, in the order names are tried. */
static const char *const exts[] = { ".yaml", ".yml", ".json" };
#define NEXTS (sizeof(exts) / sizeof(exts[0]))

/* Append the names of dir's profile files, without their ending, to v (of
 * *n) unless already there. */
static char **
add_names(char **v, size_t *n, const char *dir)
{
	for (size_t e = 0; e < NEXTS; e++) {
		char **files = NULL;

		if (hd_dir_names(&files, dir, exts[e]) < 0)
			hd_error_clear();
		for (char **f = files; f && *f; f++) {
			char *name = hd_xstrndup(*f, strlen(*f) - strlen(exts[e]));
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
	}
	return v;
}

/* qsort order of names. */
static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
	qsort(v, n, sizeof(*v), by_name);
	return v;
}

/* Whether spec names a file rather than a shipped profile. */
static bool
is_path(const char *spec)
{
	size_t n = strlen(spec);

	if (strchr(spec, '/'))
		return true;
	for (size_t i = 0; i < NEXTS; i++)
		if (n > strlen(exts[i]) &&
		    strcmp(spec + n - strlen(exts[i]), exts[i]) == 0)
			return true;
	return false;
}

/* Read path into a capped buffer and parse it. */
static int
load_path(struct hd_profile **out, const char *path)
{
	struct hd_buf *b = NULL;
	int r;

	*out = NULL;
	if ((r = hd_buf_load(&b, path, PROFILE_CAP)) < 0)
		return hd_error_wrap(r, path);
	r = hd_profile_parse(out, hd_buf_ptr(b), hd_buf_len(b), path);
	hd_buf_free(b);
	return r;
}

/* Load the shipped profile called name: NAME.yaml, NAME.yml or NAME.json
 * in the profiles directory, else (a binary of the build tree only) the
 * source tree's profiles/. */
static int
load_name(struct hd_profile **out, const char *name)
{
	const char *dirs[] = { hd_profile_dir(), HARDOCK_SOURCE_DIR "/profiles" };
	size_t ndirs = in_build_tree() ? 2 : 1;
	int r = HD_ENOTFOUND;

	for (size_t d = 0; d < ndirs && r == HD_ENOTFOUND; d++)
		for (size_t e = 0; e < NEXTS && r == HD_ENOTFOUND; e++) {
			char *path = hd_xasprintf("%s/%s%s", dirs[d], name, exts[e]);

			r = load_path(out, path);
			free(path);
		}
	if (r == HD_ENOTFOUND)
		hd_error_set(r, "unknown profile '%s' (not in %s)", name,
		    hd_profile_dir());
	return r;
}

/* The profile spec extends names, seen from the profile at origin: a
 * relative path is relative to that profile's directory. */
static char *
resolve(const char *spec, const char *origin)
{
	const char *slash = strrchr(origin, '/');

	if (!is_path(spec) || spec[0] == '/' || slash == NULL)
		return hd_xstrdup(spec);
	return hd_xasprintf("%.*s/%s", (int)(slash - origin), origin, spec);
}

/* Find and load a profile by name or path, following "extends". */
static int
load(struct hd_profile **out, const char *spec, int depth)
{
	struct hd_profile *p = NULL;
	char *parent;
	int r;

	*out = NULL;
	if ((r = is_path(spec) ? load_path(&p, spec) : load_name(&p, spec)) < 0)
		return r;
	if (p->extends != NULL) {
		const struct hd_ynode *at = p->extends_node;

		if (depth + 1 >= MAX_EXTENDS) {
			r = hd_error_set(HD_EPARSE, "%s:%u:%u: extends nests more "
			    "than %d deep (a loop?)", p->origin, at->line, at->col,
			    MAX_EXTENDS);
			goto fail;
		}
		parent = resolve(p->extends, p->origin);
		r = load(&p->parent, parent, depth + 1);
		free(parent);
		if (r < 0) {
			char *where = hd_xasprintf("%s:%u:%u: extends %s", p->origin,
			    at->line, at->col, p->extends);

			hd_error_wrap(r, where);
			free(where);
			goto fail;
		}
	}
	*out = p;
	return HD_OK;
fail:
	hd_profile_free(p);
	return r;
}

int
hd_profile_load(struct hd_profile **out, const char *name_or_path)
{
	return load(out, name_or_path, 0);
}

int
hd_profile_parse_chain(struct hd_profile **out, size_t n,
    const char *const *origins, const char *const *texts, const size_t *lens)
{
	struct hd_profile *head = NULL, **at = &head;
	int r;

	*out = NULL;
	if (n == 0 || n > MAX_EXTENDS)
		return hd_error_set(HD_EPARSE, "a chain of %zu profiles", n);
	for (size_t i = 0; i < n; i++) {
		if ((r = hd_profile_parse(at, texts[i], lens[i], origins[i])) < 0)
			goto fail;
		/* Each extends exactly the next one, the last none. */
		if (((*at)->extends != NULL) != (i + 1 < n)) {
			r = hd_error_set(HD_EPARSE, "%s: %s", origins[i],
			    (*at)->extends ? "extends a profile not given" :
			    "extends nothing, yet another follows");
			goto fail;
		}
		at = &(*at)->parent;
	}
	*out = head;
	return HD_OK;
fail:
	hd_profile_free(head);
	return r;
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

/* Append n items of size sz to the growing array *v of *nv. */
static void
append_items(const void **v, size_t *nv, const void *add, size_t n, size_t sz)
{
	void *grown;

	if (n == 0)
		return;
	grown = hd_xcalloc(*nv + n, sz);
	if (*nv)
		memcpy(grown, *v, *nv * sz);
	memcpy((char *)grown + *nv * sz, add, n * sz);
	free((void *)*v);
	*v = grown;
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
	append_items((const void **)&o->waivers, &o->nwaivers, p->waivers,
	    p->nwaivers, sizeof(*p->waivers));
	append_items((const void **)&o->severities, &o->nseverities,
	    p->severities, p->nseverities, sizeof(*p->severities));
}

/* ---- hardock profile show ------------------------------------------------ */

/* libyaml's output callback: write to a FILE. */
static int
write_file(void *data, unsigned char *buf, size_t len)
{
	return fwrite(buf, 1, len, data) == len;
}

/* Emit one event built by the caller; false once the emitter failed. */
static bool
emit(yaml_emitter_t *e, yaml_event_t *ev)
{
	return yaml_emitter_emit(e, ev) != 0;
}

/* Emit s plain (libyaml may still quote it for the syntax) or quoted. */
static bool
scalar_as(yaml_emitter_t *e, const char *s, bool plain)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
	    (int)strlen(s), plain, 1, plain ? YAML_ANY_SCALAR_STYLE :
	    YAML_SINGLE_QUOTED_SCALAR_STYLE))
		abort();
	return emit(e, &ev);
}

/* A scalar that reads back as the string s: plain when it can be (libyaml
 * quotes what would break the syntax), single-quoted when plain would
 * mean a number, a boolean or null ("5.10", "true"). */
static bool
scalar(yaml_emitter_t *e, const char *s)
{
	return scalar_as(e, s, hd_yaml_resolve(s) == HD_YS_STRING);
}

static bool
map_start(yaml_emitter_t *e)
{
	yaml_event_t ev;

	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    YAML_BLOCK_MAPPING_STYLE);
	return emit(e, &ev);
}

static bool
map_end(yaml_emitter_t *e)
{
	yaml_event_t ev;

	yaml_mapping_end_event_initialize(&ev);
	return emit(e, &ev);
}

/* key: [items] as a block list (nothing when there are none). */
static bool
string_list(yaml_emitter_t *e, const char *key, const char *const *v, size_t n)
{
	yaml_event_t ev;
	bool ok;

	if (n == 0)
		return true;
	ok = scalar(e, key);
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	    YAML_BLOCK_SEQUENCE_STYLE);
	ok = ok && emit(e, &ev);
	for (size_t i = 0; ok && i < n; i++)
		ok = scalar(e, v[i]);
	yaml_sequence_end_event_initialize(&ev);
	return ok && emit(e, &ev);
}

/* The waivers as a block list of mappings. */
static bool
waivers(yaml_emitter_t *e, const struct hd_scan_opts *o)
{
	yaml_event_t ev;
	bool ok = true;

	if (o->nwaivers == 0)
		return true;
	ok = scalar(e, "waivers");
	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	    YAML_BLOCK_SEQUENCE_STYLE);
	ok = ok && emit(e, &ev);
	for (size_t i = 0; ok && i < o->nwaivers; i++) {
		const struct hd_waiver *w = &o->waivers[i];

		ok = map_start(e) && scalar(e, "check") && scalar(e, w->check) &&
		    string_list(e, "objects", w->objects, w->nobjects) &&
		    scalar(e, "justification") && scalar(e, w->justification) &&
		    scalar(e, "approved_by") && scalar(e, w->approved_by) &&
		    scalar(e, "expires") && scalar(e, w->expires) &&
		    (w->ticket == NULL || (scalar(e, "ticket") &&
		    scalar(e, w->ticket))) && map_end(e);
	}
	yaml_sequence_end_event_initialize(&ev);
	return ok && emit(e, &ev);
}

/* The body of the effective profile: what applying p gives. */
static bool
body(yaml_emitter_t *e, const struct hd_profile *p, const struct hd_scan_opts *o)
{
	char level[4];
	bool ok;

	snprintf(level, sizeof(level), "%d", o->max_level);
	ok = map_start(e) && scalar(e, "name") && scalar(e, p->name) &&
	    (p->description == NULL || (scalar(e, "description") &&
	    scalar(e, p->description))) &&
	    (o->max_level == 0 || (scalar(e, "level") && scalar_as(e, level, true))) &&
	    string_list(e, "checks", o->select, o->nselect) &&
	    string_list(e, "exclude", o->exclude, o->nexclude);
	if (ok && o->nseverities) {
		ok = scalar(e, "severity") && map_start(e);
		for (size_t i = 0; ok && i < o->nseverities; i++)
			ok = scalar(e, o->severities[i].check) &&
			    scalar(e, hd_severity_name(o->severities[i].severity));
		ok = ok && map_end(e);
	}
	if (ok && o->nparams) {
		ok = scalar(e, "params") && map_start(e);
		/* The last value of a name wins: print that one, once. */
		for (size_t i = 0; ok && i < o->nparams; i++) {
			bool later = false;

			for (size_t k = i + 1; k < o->nparams && !later; k++)
				later = strcmp(o->params[k].name, o->params[i].name) == 0;
			if (!later)
				ok = scalar(e, o->params[i].name) &&
				    scalar(e, o->params[i].value);
		}
		ok = ok && map_end(e);
	}
	if (ok && (o->nobjects_include || o->nobjects_exclude))
		ok = scalar(e, "objects") && map_start(e) &&
		    string_list(e, "include", o->objects_include,
		    o->nobjects_include) &&
		    string_list(e, "exclude", o->objects_exclude,
		    o->nobjects_exclude) && map_end(e);
	return ok && waivers(e, o) && map_end(e);
}

int
hd_profile_show(FILE *out, const struct hd_profile *p)
{
	struct hd_scan_opts o;
	yaml_emitter_t e;
	yaml_event_t ev;
	bool ok;

	/* Where each part came from, as comments: the file, its digest. */
	fputs("# The effective profile ", out);
	hd_fputs_term(out, p->name);
	fputs(", after extends; ids of a \"benchmark\" are\n# written as "
	    "the control keys they name.\n", out);
	for (const struct hd_profile *q = p; q; q = q->parent) {
		fputs(q == p ? "# from    " : "# extends ", out);
		hd_fputs_term(out, q->origin);
		fprintf(out, " (sha256 %s)\n", q->sha256);
	}
	hd_scan_opts_init(&o);
	hd_profile_apply(p, &o);
	if (!yaml_emitter_initialize(&e))
		abort();
	yaml_emitter_set_output(&e, write_file, out);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, 78);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	ok = emit(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	ok = ok && emit(&e, &ev) && body(&e, p, &o);
	yaml_document_end_event_initialize(&ev, 1);
	ok = ok && emit(&e, &ev);
	yaml_stream_end_event_initialize(&ev);
	ok = ok && emit(&e, &ev) && yaml_emitter_flush(&e);
	yaml_emitter_delete(&e);
	hd_scan_opts_release(&o);
	return ok && !ferror(out) ? HD_OK : HD_EIO;
}
