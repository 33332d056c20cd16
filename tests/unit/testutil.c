/* Helpers for the Check unit tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

/* The file skips are recorded in ($HD_TEST_COVERAGE.skipped): tests run
 * in forked children, so a flag in memory would not reach main(). */
static const char *
skip_file(void)
{
	static char path[4096];
	const char *cov = getenv("HD_TEST_COVERAGE");

	if (cov == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s.skipped", cov);
	return path;
}

static bool skipped_here; /* for runs without $HD_TEST_COVERAGE (no fork) */

bool
tu_need_root(const char *what)
{
	const char *ci = getenv("CI"), *path = skip_file();
	FILE *fp;

	if (geteuid() == 0)
		return true;
	ck_assert_msg(ci == NULL || ci[0] == '\0', "%s needs root, and CI must "
	    "run as root: a skip here would hide it", what);
	fprintf(stderr, "%s: SKIPPED, needs root\n", what);
	skipped_here = true;
	if (path != NULL && (fp = fopen(path, "a")) != NULL) {
		fprintf(fp, "%s\n", what);
		fclose(fp);
	}
	return false;
}

bool
tu_skipped(void)
{
	const char *path = skip_file();

	return skipped_here || (path != NULL && access(path, F_OK) == 0);
}

void
tu_coverage_reset(void)
{
	const char *path = getenv("HD_TEST_COVERAGE");
	FILE *fp;

	if (path != NULL && (fp = fopen(path, "w")) != NULL)
		fclose(fp);
	if ((path = skip_file()) != NULL)
		(void)unlink(path);
}

void
tu_covered(const char *key, enum hd_status st)
{
	const char *path = getenv("HD_TEST_COVERAGE");
	FILE *fp;

	if (path == NULL || (st != HD_PASS && st != HD_FAIL))
		return;
	/* Check forks per test: each line is one append, so children of one
	 * executable never interleave within a line. */
	ck_assert_msg((fp = fopen(path, "a")) != NULL, "cannot append to %s",
	    path);
	fprintf(fp, "%s %s\n", key, hd_status_name(st));
	fclose(fp);
}

json_object *
tu_json(const char *text)
{
	json_object *o = json_tokener_parse(text);

	ck_assert_msg(o != NULL, "fixture JSON does not parse: %s", text);
	return o;
}

const char *
tu_fixture(const char *rel)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", HD_FIXTURES, rel);
	return path;
}

struct hd_snapshot *
tu_snapshot_fixture(const char *rel)
{
	struct hd_snapshot *s = NULL;
	int r = hd_snapshot_load(&s, tu_fixture(rel));

	ck_assert_msg(r == 0, "cannot load %s: %s", rel, hd_error_last());
	return s;
}

/* A summary as GET /containers/json or /images/json gives it, from an
 * inspect document (only the members the list facts keep). */
static json_object *
list_entry(enum hd_object_kind kind, json_object *doc, const char *id,
    const char *name)
{
	json_object *e = json_object_new_object(), *v, *names;
	char *slashed;

	json_object_object_add(e, "Id", json_object_new_string(id));
	if (kind == HD_OBJ_CONTAINER) {
		names = json_object_new_array();
		slashed = hd_xasprintf("/%s", name);
		json_object_array_add(names, json_object_new_string(slashed));
		free(slashed);
		json_object_object_add(e, "Names", names);
		if ((v = hd_json_path(doc, "Config.Image")) != NULL)
			json_object_object_add(e, "Image", json_object_get(v));
		if ((v = hd_json_path(doc, "Image")) != NULL)
			json_object_object_add(e, "ImageID", json_object_get(v));
		if ((v = hd_json_path(doc, "State.Status")) != NULL)
			json_object_object_add(e, "State", json_object_get(v));
	} else if ((v = hd_json_path(doc, "RepoTags")) != NULL) {
		json_object_object_add(e, "RepoTags", json_object_get(v));
	}
	return e;
}

/* Shared body: ensure the list fact exists, then append the object. */
static void
add_object(struct hd_snapshot *s, enum hd_object_kind kind,
    const char *list_key, const char *inspect_json)
{
	json_object *doc = tu_json(inspect_json), *v;
	const char *id = "", *name = "";

	if (!hd_snapshot_has(s, list_key))
		hd_snapshot_set_value(s, list_key, json_object_new_array(),
		    "test fixture");
	if (json_object_object_get_ex(doc, "Id", &v))
		id = json_object_get_string(v);
	if (json_object_object_get_ex(doc, "Name", &v))
		name = json_object_get_string(v);
	if (name[0] == '/')
		name++;
	if (kind == HD_OBJ_IMAGE && json_object_object_get_ex(doc, "RepoTags", &v) &&
	    json_object_array_length(v) > 0)
		name = json_object_get_string(json_object_array_get_idx(v, 0));
	{
		char *idc = strdup(id), *namec = strdup(name);
		struct hd_fact list;

		/* The engine's list names what the inspect says, as it would. */
		hd_snapshot_fact(&list, s, list_key);
		if (list.state == HD_FACT_VALUE &&
		    json_object_is_type(list.value, json_type_array))
			json_object_array_add(list.value,
			    list_entry(kind, doc, idc, namec));
		hd_snapshot_add_object(s, kind, idc, namec, doc, "test fixture");
		free(idc);
		free(namec);
	}
}

void
tu_add_container(struct hd_snapshot *s, const char *inspect_json)
{
	add_object(s, HD_OBJ_CONTAINER, HD_F_ENGINE_CONTAINERS, inspect_json);
}

void
tu_add_image(struct hd_snapshot *s, const char *inspect_json)
{
	add_object(s, HD_OBJ_IMAGE, HD_F_ENGINE_IMAGES, inspect_json);
}

struct hd_results *
tu_run(const struct hd_snapshot *s, const char *id, const char *const *params,
    const struct hd_result **res)
{
	struct hd_scan_opts o;
	struct hd_results *r = NULL;
	struct hd_param_value pv[16];
	size_t np = 0;
	const char *sel[1] = { id };

	hd_scan_opts_init(&o);
	o.select = sel;
	o.nselect = 1;
	for (; params != NULL && params[np] != NULL && np < 16; np++) {
		const char *eq = strchr(params[np], '=');

		ck_assert(eq != NULL);
		pv[np].name = strndup(params[np], (size_t)(eq - params[np]));
		pv[np].value = strdup(eq + 1);
	}
	o.params = pv;
	o.nparams = np;
	ck_assert_msg(hd_scan_run(&r, s, &o) == 0, "scan failed: %s",
	    hd_error_last());
	for (size_t i = 0; i < np; i++) {
		free(pv[i].name);
		free(pv[i].value);
	}
	*res = NULL;
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->items[i].check->key, id) == 0 ||
		    strcmp(r->items[i].rule->id, id) == 0)
			*res = &r->items[i];
	ck_assert_msg(*res != NULL, "check %s is not in the default pack", id);
	tu_covered((*res)->check->key, (*res)->status);
	return r;
}

enum hd_status
tu_status(const struct hd_snapshot *s, const char *id)
{
	const struct hd_result *res;
	struct hd_results *r = tu_run(s, id, NULL, &res);
	enum hd_status st = res->status;

	hd_results_free(r);
	return st;
}

int
tu_has_evidence(const struct hd_finding *f, const char *field,
    const char *value)
{
	for (size_t i = 0; i < f->nevidence; i++) {
		const char *text;

		if (strcmp(f->evidence[i].field, field) != 0)
			continue;
		if (value == NULL)
			return 1;
		text = f->evidence[i].value ?
		    json_object_to_json_string(f->evidence[i].value) : "null";
		if (strstr(text, value) != NULL)
			return 1;
	}
	for (size_t i = 0; i < f->nchildren; i++)
		if (tu_has_evidence(&f->children[i], field, value))
			return 1;
	return 0;
}

const struct hd_finding *
tu_child(const struct hd_finding *f, const char *id)
{
	for (size_t i = 0; i < f->nchildren; i++)
		if (strcmp(f->children[i].object_id, id) == 0 ||
		    strcmp(f->children[i].object_name, id) == 0)
			return &f->children[i];
	return NULL;
}

const struct hd_finding *
tu_child_of(const struct hd_result *res, const char *id)
{
	const struct hd_finding *c = tu_child(&res->top, id);

	if (c != NULL)
		tu_covered(res->check->key, c->status);
	return c;
}

void
tu_rmtree(const char *dir)
{
	pid_t pid = fork();
	int status = 0;

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		execl("/bin/rm", "rm", "-rf", "--", dir, (char *)NULL);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "rm -rf %s failed", dir);
}
