/* CIS section 6: security operations. Image and container sprawl, decided
 * from the object lists against thresholds a profile can set. */
#include <stdlib.h>
#include <string.h>

#include "image_util.h"
#include "util.h"

/* Most objects listed one by one in evidence. */
#define LIST_MAX 50

/* Whether the n strings of ids hold id. */
static bool
ids_have(const char **ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

/* A threshold parameter as a number (validated by the scanner). */
static long
param_long(const struct hd_ctx *ctx, const char *name)
{
	const char *v = hd_param(ctx, name);

	return v ? strtol(v, NULL, 10) : 0;
}

/* The engine's container list (GET /containers/json?all=1): it names
 * each container's image and state, so sprawl is counted without parsing
 * a thousand inspect documents. NULL with f's message when missing. */
static json_object *
container_list(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *list = hd_require(f, ctx, HD_F_ENGINE_CONTAINERS);

	if (list != NULL && !json_object_is_type(list, json_type_array)) {
		hd_msg(f, "%s is not an array", HD_F_ENGINE_CONTAINERS);
		return NULL;
	}
	return list;
}

/* The string member key of list entry i into *out; -1 with f's message
 * when the entry or the member is malformed. */
static int
entry_str(struct hd_finding *f, json_object *list, size_t i, const char *key,
    const char **out)
{
	json_object *e = json_object_array_get_idx(list, i);

	if (!json_object_is_type(e, json_type_object) ||
	    hd_get_str(f, e, key, NULL, out) < 0 || *out == NULL) {
		hd_msg(f, "container list entry %zu: no %s string", i, key);
		return -1;
	}
	return 0;
}

/* The image ids every container uses (borrowed from the list); NULL with
 * f's message when the list is missing or malformed (an image could then
 * look unused). */
static const char **
used_images(const struct hd_ctx *ctx, struct hd_finding *f, size_t *n)
{
	json_object *list = container_list(ctx, f);
	const char **ids;

	*n = 0;
	if (list == NULL)
		return NULL;
	ids = hd_xcalloc(json_object_array_length(list) + 1, sizeof(*ids));
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		if (entry_str(f, list, i, "ImageID", &ids[*n]) < 0) {
			free(ids);
			return NULL;
		}
		(*n)++;
	}
	return ids;
}

/* Whether an image has no tag ("<none>:<none>" or none at all). */
static int
dangling(struct hd_finding *f, json_object *img, bool *out)
{
	json_object *tags;

	*out = true;
	if (hd_get_array(f, img, "RepoTags", &tags) < 0)
		return HD_ETYPE;
	for (size_t i = 0; tags != NULL && i < json_object_array_length(tags); i++) {
		json_object *t = json_object_array_get_idx(tags, i);

		if (!json_object_is_type(t, json_type_string)) {
			hd_msg(f, "RepoTags[%zu]: expected string", i);
			return HD_ETYPE;
		}
		if (strcmp(json_object_get_string(t), "<none>:<none>") != 0)
			*out = false;
	}
	return 0;
}

/* 6.1: images no container uses are sprawl: removable, and one `docker
 * run` away from running old, unpatched code. */
static enum hd_status
image_sprawl(const struct hd_ctx *ctx, struct hd_finding *f)
{
	const struct hd_snapshot *s = hd_ctx_snapshot(ctx);
	size_t ni, nused, unused = 0, ndangling = 0;
	const char **used;
	json_object *list;
	long max = param_long(ctx, "max_unused_images");

	if (hd_require(f, ctx, HD_F_ENGINE_IMAGES) == NULL)
		return HD_ERROR;
	if ((used = used_images(ctx, f, &nused)) == NULL)
		return HD_ERROR;
	ni = hd_snapshot_count(s, HD_OBJ_IMAGE);
	list = json_object_new_array();
	for (size_t i = 0; i < ni; i++) {
		struct hd_object img;
		bool dang;

		hd_snapshot_object(&img, s, HD_OBJ_IMAGE, i);
		if (img.inspect.state != HD_FACT_VALUE) {
			hd_msg(f, "image %s: %s", img.id, img.inspect.reason);
			goto err;
		}
		if (dangling(f, img.inspect.value, &dang) < 0) {
			hd_snapshot_release(s, HD_OBJ_IMAGE, i);
			goto err;
		}
		/* id and name are the list's, not the document's. */
		hd_snapshot_release(s, HD_OBJ_IMAGE, i);
		ndangling += dang;
		if (ids_have(used, nused, img.id))
			continue;
		if (unused++ < LIST_MAX)
			json_object_array_add(list, json_object_new_string(
			    dang ? img.id : img.name));
	}
	free(used);
	hd_ev_int(f, "images", (int64_t)ni, "GET /images/json");
	hd_ev_int(f, "images used by no container", (int64_t)unused,
	    "GET /containers/json?all=1 ImageID");
	hd_ev_int(f, "untagged (dangling) images", (int64_t)ndangling,
	    SRC_IMAGE_INSPECT " RepoTags");
	hd_ev(f, "unused images", list, "GET /containers/json?all=1 ImageID");
	hd_ev_int(f, "max_unused_images", max, "parameter");
	if ((long)unused > max) {
		hd_msg(f, "%zu of %zu images are used by no container (at most "
		    "%ld allowed)", unused, ni, max);
		return HD_FAIL;
	}
	hd_msg(f, "%zu of %zu images are used by no container", unused, ni);
	return HD_PASS;
err:
	free(used);
	json_object_put(list);
	return HD_ERROR;
}

/* Whether a container state counts as stopped (not running, paused or
 * restarting): exited, created, dead, removing. */
static bool
stopped_state(const char *st)
{
	return strcmp(st, "running") != 0 && strcmp(st, "paused") != 0 &&
	    strcmp(st, "restarting") != 0;
}

/* Count state st of container name into by_state and, when stopped, into
 * list (the first LIST_MAX), *stopped and *created. */
static void
tally(const char *name, const char *st, json_object *by_state,
    json_object *list, size_t *stopped, size_t *created)
{
	json_object *cnt = json_object_object_get(by_state, st);

	json_object_object_add(by_state, st, json_object_new_int64(
	    (cnt ? json_object_get_int64(cnt) : 0) + 1));
	if (!stopped_state(st))
		return;
	*created += strcmp(st, "created") == 0;
	if ((*stopped)++ < LIST_MAX) {
		char *e = hd_xasprintf("%s (%s)", name, st);

		json_object_array_add(list, json_object_new_string(e));
		free(e);
	}
}

/* 6.2: stopped and never-started containers keep their configuration,
 * volumes and writable layers, and start again with one command. */
static enum hd_status
container_sprawl(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *containers = container_list(ctx, f), *list, *by_state;
	size_t n, stopped = 0, created = 0;
	long max = param_long(ctx, "max_stopped_containers");
	const char *src = "GET /containers/json?all=1";

	if (containers == NULL)
		return HD_ERROR;
	n = json_object_array_length(containers);
	list = json_object_new_array();
	by_state = json_object_new_object();
	for (size_t i = 0; i < n; i++) {
		json_object *names = hd_json_path(json_object_array_get_idx(
		    containers, i), "Names");
		const char *st, *name = NULL;

		if (entry_str(f, containers, i, "State", &st) < 0) {
			json_object_put(list);
			json_object_put(by_state);
			return HD_ERROR;
		}
		if (json_object_is_type(names, json_type_array) &&
		    json_object_is_type(json_object_array_get_idx(names, 0),
		    json_type_string))
			name = json_object_get_string(json_object_array_get_idx(names, 0));
		name = name ? name + (name[0] == '/') : "?";
		tally(name, st, by_state, list, &stopped, &created);
	}
	hd_ev_int(f, "containers", (int64_t)n, src);
	hd_ev(f, "containers by State", by_state, src);
	hd_ev_int(f, "stopped or never started", (int64_t)stopped, src);
	hd_ev(f, "stopped containers", list, src);
	hd_ev_int(f, "max_stopped_containers", max, "parameter");
	if ((long)stopped > max) {
		hd_msg(f, "%zu of %zu containers are not running (%zu never "
		    "started; at most %ld allowed)", stopped, n, created, max);
		return HD_FAIL;
	}
	hd_msg(f, "%zu of %zu containers are not running", stopped, n);
	return HD_PASS;
}

static const struct hd_param_def image_sprawl_params[] = {
	{ "max_unused_images", HD_PARAM_INT, "0",
	  "images used by no container tolerated before the check fails" },
	{ .name = NULL },
};

static const struct hd_param_def container_sprawl_params[] = {
	{ "max_stopped_containers", HD_PARAM_INT, "0",
	  "stopped or never-started containers tolerated before the check fails" },
	{ .name = NULL },
};

const struct hd_check hd_checks_operations[] = {
	{ .key = "ops.image_sprawl",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "Images nobody runs still take disk space and keep old, "
	      "unpatched software one `docker run` away; a long list also hides "
	      "the images that matter.",
	  .audit_text = "Counts the images (GET /images/json and each inspect), "
	      "the images no container references (Image of every container, "
	      "running, stopped or created) and the untagged ones. CIS leaves the "
	      "limit to judgement: hardock fails when more images are unused than "
	      "the parameter max_unused_images allows (default 0), and lists them "
	      "(up to 50). A container that could not be inspected makes the "
	      "result an error, since its image would look unused.",
	  .remediation = "Remove unused images: docker image prune -a (or docker "
	      "rmi IMAGE for each listed one); raise max_unused_images in the "
	      "profile for build hosts that keep a cache on purpose.",
	  .references = "CIS Docker Benchmark\n"
	      "https://docs.docker.com/reference/cli/docker/image/prune/",
	  .params = image_sprawl_params,
	  .host = image_sprawl },
	{ .key = "ops.container_sprawl",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "Stopped and never-started containers keep their "
	      "configuration, writable layer and volumes; a forgotten privileged "
	      "one is one `docker start` away, and many of them hide what runs.",
	  .audit_text = "Counts every container by State.Status; exited, created, "
	      "dead and removing ones are not running. CIS leaves the limit to "
	      "judgement: hardock fails when more are not running than the "
	      "parameter max_stopped_containers allows (default 0), and lists them "
	      "(up to 50).",
	  .remediation = "Remove containers you no longer need: docker container "
	      "prune (or docker rm NAME); run short-lived containers with --rm.",
	  .references = "CIS Docker Benchmark\n"
	      "https://docs.docker.com/reference/cli/docker/container/prune/",
	  .params = container_sprawl_params,
	  .host = container_sprawl },
	{ .key = NULL },
};
