/* hardock's own checks: secrets in container environments (HD-SECRET-1),
 * in everything an image's metadata carries (HD-SECRET-2) and in files of
 * its layers (HD-SECRET-3). Detection is secret_detect.c's and the image
 * reader's; evidence never holds a secret, only its redaction. */
#include <stdlib.h>
#include <string.h>

#include "image_content.h"
#include "image_util.h"
#include "secret_detect.h"
#include "util.h"

/* Whether the array arr holds the string s. */
static bool
array_has_string(json_object *arr, const char *s)
{
	for (size_t i = 0; arr != NULL && i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);

		if (json_object_is_type(e, json_type_string) &&
		    strcmp(json_object_get_string(e), s) == 0)
			return true;
	}
	return false;
}

/* The Config.Env of the container's image, NULL when unknown. */
static json_object *
image_env(const struct hd_ctx *ctx, json_object *container)
{
	const char *id = NULL;
	struct hd_object img;
	json_object *env = NULL;

	if (hd_get_str(NULL, container, "Image", NULL, &id) < 0 ||
	    !hd_image_lookup(&img, ctx, id) ||
	    img.inspect.state != HD_FACT_VALUE ||
	    hd_get_array(NULL, img.inspect.value, "Config.Env", &env) < 0)
		return NULL;
	return env;
}

/* Emit the secrets found since from, with field and source. */
static void
emit(struct hd_finding *f, const struct hd_secrets *s, size_t from,
    const char *field, const char *src)
{
	for (size_t i = from; i < s->n; i++)
		hd_ev(f, field, hd_secret_json(&s->v[i]), src);
}

/* Scan an array of strings at path of doc; env entries or command words.
 * inherited, when given, marks entries the image already sets. */
static int
scan_array(struct hd_finding *f, json_object *doc, const char *path,
    struct hd_secrets *s, bool env, json_object *inherited)
{
	json_object *arr;
	int r;

	if ((r = hd_get_array(f, doc, path, &arr)) < 0 || arr == NULL)
		return r;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		size_t from = s->n;
		const char *v;

		if (!json_object_is_type(e, json_type_string)) {
			hd_msg(f, "%s[%zu]: expected string", path, i);
			return HD_ETYPE;
		}
		v = json_object_get_string(e);
		if (env)
			hd_secret_scan_env(s, v);
		else
			hd_secret_scan_text(s, v);
		emit(f, s, from, array_has_string(inherited, v) ?
		    "Config.Env (set by the image)" : path, SRC_INSPECT);
	}
	return 0;
}

/* HD-SECRET-1: secrets in a container's environment and arguments are
 * readable by anyone who can inspect it, and by every process in it. */
static enum hd_status
container_secrets(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	struct hd_secrets s = { NULL, 0 };
	json_object *cfg, *labels;
	const char *path;
	enum hd_status st = HD_ERROR;
	size_t from;

	if (hd_get_object(f, c->inspect.value, "Config", &cfg) < 0 ||
	    hd_get_str(f, c->inspect.value, "Path", "", &path) < 0 ||
	    hd_get_object(f, c->inspect.value, "Config.Labels", &labels) < 0)
		return HD_ERROR;
	if (scan_array(f, c->inspect.value, "Config.Env", &s, true,
	    image_env(ctx, c->inspect.value)) < 0)
		goto out;
	from = s.n;
	hd_secret_scan_text(&s, path);
	emit(f, &s, from, "Path", SRC_INSPECT);
	if (scan_array(f, c->inspect.value, "Args", &s, false, NULL) < 0)
		goto out;
	if (labels != NULL) {
		json_object_object_foreach(labels, k, v) {
			char *pair;

			if (!json_object_is_type(v, json_type_string)) {
				hd_msg(f, "Config.Labels.%s: expected string", k);
				goto out;
			}
			from = s.n;
			pair = hd_xasprintf("%s=%s", k, json_object_get_string(v));
			hd_secret_scan_env(&s, pair);
			free(pair);
			emit(f, &s, from, "Config.Labels", SRC_INSPECT);
		}
	}
	if (s.n == 0) {
		hd_msg(f, "no secret in Config.Env, arguments or labels");
		st = HD_PASS;
	} else {
		hd_msg(f, "%zu secret%s in the container's configuration (first: "
		    "%s, %s)", s.n, s.n == 1 ? "" : "s", s.v[0].name, s.v[0].why);
		st = HD_FAIL;
	}
out:
	hd_secrets_clear(&s);
	return st;
}

/* HD-SECRET-2: everything an image carries is readable by whoever can
 * pull it. */
static enum hd_status
image_secrets(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	return hd_image_secrets(ctx, img, f, true);
}

/* What was found in a secret-bearing file, rebuilt for evidence: names
 * and reasons only, the value always HD_SECRET_REDACTED whatever the fact
 * holds. -1 on a malformed list. */
static int
found_evidence(struct hd_finding *f, json_object *item, size_t i,
    json_object **out)
{
	json_object *found;

	*out = json_object_new_array();
	if (hd_get_array(f, item, "found", &found) < 0) {
		json_object_put(*out);
		return -1;
	}
	for (size_t k = 0; found && k < json_object_array_length(found); k++) {
		json_object *e = json_object_array_get_idx(found, k), *o;
		const char *name = NULL, *why = NULL;

		if (!json_object_is_type(e, json_type_object) ||
		    hd_get_str(f, e, "name", "", &name) < 0 ||
		    hd_get_str(f, e, "reason", "", &why) < 0) {
			hd_msg(f, "image content: secrets[%zu].found[%zu]: expected "
			    "an object of strings", i, k);
			json_object_put(*out);
			return -1;
		}
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(name));
		json_object_object_add(o, "value",
		    json_object_new_string(HD_SECRET_REDACTED));
		json_object_object_add(o, "reason", json_object_new_string(why));
		json_object_array_add(*out, o);
	}
	return 0;
}

/* One secret-bearing file as evidence; its path into *first when it is
 * the first, deleted ones counted into *deleted. */
static int
file_secret_item(struct hd_finding *f, const struct hd_content *c,
    json_object *arr, size_t i, struct hd_inherit *inh, const char **first,
    size_t *deleted)
{
	json_object *it, *o, *found;
	const char *path = NULL, *kind = NULL;
	int64_t layer, del = -1;
	bool inherited;

	if (hd_content_item(f, c, arr, "secrets", i, &it, &layer) < 0 ||
	    hd_get_str(f, it, "path", NULL, &path) < 0 ||
	    hd_get_str(f, it, "kind", NULL, &kind) < 0 ||
	    hd_get_int(f, it, "deleted_in", -1, &del) < 0)
		return -1;
	if (path == NULL || kind == NULL || (del >= 0 && del <= layer)) {
		hd_msg(f, "image content: secrets[%zu]: path and kind are required, "
		    "and deleted_in must be a later layer", i);
		return -1;
	}
	if (found_evidence(f, it, i, &found) < 0)
		return -1;
	inherited = hd_content_layer_inherited(c, layer);
	o = json_object_new_object();
	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "kind", json_object_new_string(kind));
	json_object_object_add(o, "layer", hd_content_layer_json(c, layer));
	if (del >= 0) {
		char *note = hd_xasprintf("deleted in layer %lld (still in the "
		    "image: layer %lld holds it)", (long long)del, (long long)layer);

		json_object_object_add(o, "deleted_in", hd_content_layer_json(c, del));
		json_object_object_add(o, "note", json_object_new_string(note));
		free(note);
		(*deleted)++;
	} else {
		json_object_object_add(o, "deleted_in", NULL);
	}
	json_object_object_add(o, "found", found);
	hd_content_mark(o, c, inherited);
	hd_ev(f, "secret file", o, c->source);
	hd_inherit_note(inh, inherited);
	*first = *first ? *first : path;
	return 0;
}

/* HD-SECRET-3: a file with a secret in any layer ships with the image,
 * even when a later layer deletes it (the layer still holds it). */
static enum hd_status
file_secrets(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	struct hd_content c;
	struct hd_inherit inh = { 0, 0 };
	const char *first = NULL;
	json_object *arr;
	int64_t files = 0;
	size_t n, deleted = 0;
	int r = hd_content_get(&c, ctx, img, f);

	if (r < 0)
		return HD_ERROR;
	if (r == 0) {
		hd_msg(f, "layer contents were not read (hardock image reads them): "
		    "audit the image with hardock image %s",
		    img->name && img->name[0] ? img->name : img->id);
		return HD_MANUAL;
	}
	if (hd_content_array(f, &c, "secrets", &arr) < 0)
		return HD_ERROR;
	hd_content_ev_base(f, &c);
	n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++)
		if (file_secret_item(f, &c, arr, i, &inh, &first, &deleted) < 0)
			return HD_ERROR;
	(void)hd_get_int(NULL, c.v, "stats.files", 0, &files);
	hd_ev_int(f, "files read", files, c.source);
	if (n == 0) {
		hd_msg(f, "no file with a secret in the image's layers (%lld files "
		    "read)", (long long)files);
		return HD_PASS;
	}
	hd_inherit_apply(f, &inh);
	hd_msg(f, "%zu file%s with a secret in the image's layers (first: "
	    "%s)%s%s", n, n == 1 ? "" : "s", first, deleted > 0 ?
	    "; deleted in a later layer is still in the image" : "",
	    f->inherited ? "; all from the base image's layers" : "");
	return HD_FAIL;
}

#define DETECTION "Names like PASSWORD, PASSWD, PASSPHRASE, SECRET, TOKEN, " \
	"API_KEY, PRIVATE_KEY, CREDENTIAL (not *_FILE/*_PATH references, not " \
	"empty, boolean or $VAR values) and key formats (AWS AKIA/ASIA, GitHub " \
	"ghp_/github_pat_, GitLab glpat-, Slack xox?-, Stripe sk_live_, Google " \
	"AIza, PEM private keys, passwords in URLs). Evidence shows the name and " \
	"<redacted> in place of the value: never the secret, its first " \
	"characters or its length."

const struct hd_check hd_checks_secrets[] = {
	{ .key = "container.env_secrets",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Environment variables and arguments show in docker "
	      "inspect, in /proc/PID/environ and cmdline, in crash dumps and logs, "
	      "and are inherited by every child process: a secret there leaks to "
	      "anyone with API access or a foothold in the container.",
	  .audit_text = "Scans every container's Config.Env, Path and Args "
	      "(NAME=VALUE and --name=VALUE words) and label values. "
	      DETECTION " Variables set by the image are marked as such "
	      "(see image.history_secrets for the image itself).",
	  .remediation = "Pass secrets as files: docker secrets (swarm), a "
	      "read-only bind mount or tmpfs under /run/secrets, and the image's "
	      "*_FILE variables (e.g. POSTGRES_PASSWORD_FILE=/run/secrets/db); "
	      "recreate the container without -e NAME=secret and rotate the "
	      "exposed secret.",
	  .references = "https://docs.docker.com/engine/swarm/secrets/\n"
	      "https://docs.docker.com/compose/how-tos/use-secrets/",
	  .object = container_secrets },
	{ .key = "image.history_secrets",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "An image's history, environment, labels and default "
	      "command travel with it to every registry and host: whoever can "
	      "pull it can read them with docker history and docker inspect.",
	  .audit_text = "Scans every history CreatedBy and the image's "
	      "Config.Env, Config.Labels, Config.Cmd, Config.Entrypoint, Comment "
	      "and Author (image.secrets covers the Dockerfile part only). " DETECTION
	      " Secrets of a known base image's history are marked inherited; "
	      "files holding secrets are image.file_secrets.",
	  .remediation = "Rebuild without the secret (BuildKit secret mounts: "
	      "RUN --mount=type=secret,id=...), delete the old image and its tags "
	      "from every registry, and rotate the secret: deleting a layer does "
	      "not unpublish it.",
	  .references = "https://docs.docker.com/build/building/secrets/",
	  .object = image_secrets },
	{ .key = "image.file_secrets",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "A file copied into an image (a private key, a cloud "
	      "credentials file, an .npmrc token, an .env file, a kubeconfig, "
	      "shell history) is in its layer for good: deleting it in a later "
	      "layer only hides it, and whoever can pull the image can extract "
	      "the layer.",
	  .audit_text = "`hardock image` reads every layer and names the files "
	      "holding secrets: private keys, AWS credentials, npm/PyPI tokens "
	      "and passwords, registry auth in .docker/config.json, .env files, "
	      "kubeconfig credentials, shell history. Each is evidence with its "
	      "kind, the layer (digest and the history line) that added it and, "
	      "when a later layer deletes it, that layer: deleted files still "
	      "fail, as the earlier layer still ships them. Values are never "
	      "shown, only <redacted>. Layers that could not be read whole are "
	      "an error; a plain scan reads no contents: manual. (Secrets in the "
	      "Dockerfile's instructions are image.secrets, CIS 4.10.)",
	  .remediation = "Keep the file out of the build context (.dockerignore), "
	      "pass build credentials with RUN --mount=type=secret,id=... and "
	      "copy only build outputs into the final stage of a multi-stage "
	      "build; rebuild, delete the old image and its tags from every "
	      "registry, and rotate the secret.",
	  .references = "https://docs.docker.com/build/building/secrets/\n"
	      "https://docs.docker.com/build/concepts/context/#dockerignore-files",
	  .object = file_secrets },
	{ .key = NULL },
};
