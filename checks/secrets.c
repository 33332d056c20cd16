/* hardock's own checks: secrets in container environments (HD-SECRET-1)
 * and in everything an image carries (HD-SECRET-2). Detection is
 * secret_detect.c's; evidence never holds a secret, only its redaction. */
#include <stdlib.h>
#include <string.h>

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
	      "and Author (image.secrets covers the Dockerfile part only). " DETECTION,
	  .remediation = "Rebuild without the secret (BuildKit secret mounts: "
	      "RUN --mount=type=secret,id=...), delete the old image and its tags "
	      "from every registry, and rotate the secret: deleting a layer does "
	      "not unpublish it.",
	  .references = "https://docs.docker.com/build/building/secrets/",
	  .object = image_secrets },
	{ .key = NULL },
};
