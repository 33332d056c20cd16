/* CIS section 4: container images and build files. One finding per image
 * (4.1: per container, and per image in `hardock image`), decided from
 * inspect documents, image history and, when `hardock image` read them,
 * layer contents (image_content.h) where they can decide, left to a
 * reviewer with the facts otherwise. */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_content.h"
#include "image_util.h"
#include "util.h"

/* Package managers and the verbs that refresh their index or install. */
struct pkg_verbs {
	const char *manager;
	const char *const *update;
	const char *const *install;
};

static const char *const apt_update[] = { "update", NULL };
static const char *const apt_install[] = { "install", "upgrade", "dist-upgrade",
	"full-upgrade", "build-dep", "reinstall", NULL };
static const char *const apk_update[] = { "update", NULL };
static const char *const apk_install[] = { "add", "upgrade", "fix", NULL };
static const char *const rpm_update[] = { "update", "upgrade", "makecache",
	"check-update", "distro-sync", NULL };
static const char *const rpm_install[] = { "install", "reinstall",
	"groupinstall", NULL };
static const char *const zyp_update[] = { "refresh", "ref", "update", "up",
	"dist-upgrade", "dup", NULL };
static const char *const zyp_install[] = { "install", "in", NULL };

static const struct pkg_verbs pkg_managers[] = {
	{ "apt-get", apt_update, apt_install },
	{ "apt", apt_update, apt_install },
	{ "aptitude", apt_update, apt_install },
	{ "apk", apk_update, apk_install },
	{ "yum", rpm_update, rpm_install },
	{ "dnf", rpm_update, rpm_install },
	{ "microdnf", rpm_update, rpm_install },
	{ "tdnf", rpm_update, rpm_install },
	{ "zypper", zyp_update, zyp_install },
};

#define NMANAGERS (sizeof(pkg_managers) / sizeof(*pkg_managers))

/* What one RUN command does with package managers. */
struct pkg_use {
	bool update;  /* refreshes an index / updates */
	bool install; /* installs or upgrades packages */
};

/* Whether the word w (n bytes) is in the NULL-terminated list. */
static bool
word_in(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(w, *list, n) == 0)
			return true;
	return false;
}

/* Whether c separates shell words or commands. */
static bool
shell_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' ||
	    c == '&' || c == '|' || c == '(' || c == ')' || c == '\\' ||
	    c == '`' || c == '"' || c == '\'';
}

/* Scan a command for package-manager verbs: a manager word (or a path
 * ending in it), then its first word that is not an option. */
static void
pkg_scan(const char *cmd, size_t len, struct pkg_use *u)
{
	size_t i = 0;
	const struct pkg_verbs *pending = NULL;

	u->update = u->install = false;
	while (i < len) {
		size_t s, n;
		const char *w, *base;

		while (i < len && shell_sep(cmd[i]))
			i++;
		s = i;
		while (i < len && !shell_sep(cmd[i]))
			i++;
		if ((n = i - s) == 0)
			break;
		w = cmd + s;
		if (pending != NULL) {
			/* Options and their values (-o Dpkg::Options::=...). */
			if (w[0] == '-' || memchr(w, '=', n) != NULL ||
			    memmem(w, n, "::", 2) != NULL)
				continue;
			if (word_in(w, n, pending->update))
				u->update = true;
			if (word_in(w, n, pending->install))
				u->install = true;
			pending = NULL;
			continue;
		}
		base = memrchr(w, '/', n);
		base = base ? base + 1 : w;
		n -= (size_t)(base - w);
		for (size_t k = 0; k < NMANAGERS; k++)
			if (strlen(pkg_managers[k].manager) == n &&
			    memcmp(base, pkg_managers[k].manager, n) == 0)
				pending = &pkg_managers[k];
	}
}

/* ---- 4.1 ---------------------------------------------------------------- */

/* Whether Config.User runs as uid 0: user part empty, "root", or 0. */
static bool
user_is_root(const char *user)
{
	size_t n = strcspn(user, ":");

	if (n == 0 || (n == 4 && strncmp(user, "root", 4) == 0))
		return true;
	if (strspn(user, "0123456789") < n)
		return false;
	return strspn(user, "0") >= n;
}

/* What a Config.User comes to, with the image's /etc/passwd when read. */
enum user_verdict {
	USER_ROOT,       /* uid 0 by number or the name root */
	USER_UID,        /* a non-zero uid */
	USER_UNRESOLVED, /* a name, contents not read */
	USER_NAMED,      /* a name that /etc/passwd gives a non-zero uid */
	USER_NAMED_ROOT, /* a name that /etc/passwd gives uid 0 */
	USER_MISSING,    /* a name /etc/passwd does not have */
	USER_BAD,        /* malformed passwd fact (f's message set) */
};

/* Resolve the user part of user through the content's passwd (c NULL:
 * not read), with evidence naming the passwd entry and its layer. */
static enum user_verdict
resolve_user(struct hd_finding *f, const char *user,
    const struct hd_content *c)
{
	size_t n = strcspn(user, ":");
	json_object *pw, *users = NULL;
	int64_t layer = -1;
	char *name;
	enum user_verdict v = USER_MISSING;

	if (user_is_root(user))
		return USER_ROOT;
	if (strspn(user, "0123456789") >= n)
		return USER_UID;
	if (c == NULL)
		return USER_UNRESOLVED;
	if (hd_get_object(f, c->v, "passwd", &pw) < 0 ||
	    (pw != NULL && (hd_get_int(f, pw, "layer", -1, &layer) < 0 ||
	    hd_get_array(f, pw, "users", &users) < 0)))
		return USER_BAD;
	name = hd_xstrndup(user, n);
	for (size_t i = 0; users && i < json_object_array_length(users); i++) {
		json_object *u = json_object_array_get_idx(users, i), *o;
		const char *un = NULL;
		int64_t uid = -1;

		if (!json_object_is_type(u, json_type_object) ||
		    hd_get_str(f, u, "name", NULL, &un) < 0 ||
		    hd_get_int(f, u, "uid", -1, &uid) < 0 || un == NULL || uid < 0) {
			hd_msg(f, "image content: passwd.users[%zu]: name and uid "
			    "are required", i);
			v = USER_BAD;
			break;
		}
		if (strcmp(un, name) != 0)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(un));
		json_object_object_add(o, "uid", json_object_new_int64(uid));
		json_object_object_add(o, "layer", hd_content_layer_json(c, layer));
		hd_ev(f, "uid of user name", o, c->source);
		v = uid == 0 ? USER_NAMED_ROOT : USER_NAMED;
		break;
	}
	if (v == USER_MISSING)
		hd_ev_str(f, "uid of user name", NULL, pw == NULL ? "the image has "
		    "no /etc/passwd" : "not in the image's /etc/passwd");
	free(name);
	return v;
}

/* The message of a user that is not root by its text: a name resolved or
 * not, or a uid. Returns pass, or fail for a missing name. */
static enum hd_status
user_not_root(struct hd_finding *f, const char *user, enum user_verdict v)
{
	int n = (int)strcspn(user, ":");

	switch (v) {
	case USER_UNRESOLVED:
		/* A name is resolved by the image's /etc/passwd, which may
		 * give it uid 0; `hardock image` reads it, a scan does not. */
		hd_ev_str(f, "uid of user name", NULL, "not resolved: the image's "
		    "/etc/passwd is read by hardock image, not by scan");
		hd_msg(f, "runs as user \"%.*s\" (a name: whether the image's "
		    "/etc/passwd gives it uid 0 was not resolved)", n, user);
		return HD_PASS;
	case USER_MISSING:
		/* CIS asks that a user was created: a name the image does not
		 * define was not, and docker refuses to start with it. */
		hd_msg(f, "user \"%.*s\" is not in the image's /etc/passwd: no "
		    "user was created for it (docker refuses to start a container "
		    "as an unknown name)", n, user);
		return HD_FAIL;
	case USER_NAMED:
		hd_msg(f, "runs as user \"%.*s\" (a non-zero uid in the image's "
		    "/etc/passwd)", n, user);
		return HD_PASS;
	default:
		hd_msg(f, "runs as user \"%s\"", user);
		return HD_PASS;
	}
}

/* 4.1: the user a container runs as; uid 0 fails as CIS audits it. */
static enum hd_status
container_user(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	const char *user, *image_id, *img_user = NULL, *usermode;
	json_object *cfg;
	struct hd_object img;
	struct hd_content cs;
	enum user_verdict v;
	int remap, r;

	if (hd_get_object(f, c->inspect.value, "Config", &cfg) < 0 ||
	    hd_get_str(f, c->inspect.value, "Config.User", "", &user) < 0 ||
	    hd_get_str(f, c->inspect.value, "Image", "", &image_id) < 0 ||
	    hd_get_str(f, c->inspect.value, "HostConfig.UsernsMode", "",
	    &usermode) < 0)
		return HD_ERROR;
	hd_ev_str(f, "Config.User", user, SRC_INSPECT);
	if (hd_image_lookup(&img, ctx, image_id) &&
	    img.inspect.state == HD_FACT_VALUE) {
		if (hd_get_str(f, img.inspect.value, "Config.User", "",
		    &img_user) < 0)
			return HD_ERROR;
		hd_ev_str(f, "image Config.User", img_user, SRC_IMAGE_INSPECT);
	} else {
		hd_ev_str(f, "image Config.User", NULL, "image not in the snapshot");
	}
	if ((r = hd_content_get_id(&cs, ctx, image_id, f)) < 0 &&
	    !user_is_root(user) && strspn(user, "0123456789") < strcspn(user, ":"))
		return HD_ERROR; /* a name, and what would resolve it is broken */
	if ((v = resolve_user(f, user, r == 1 ? &cs : NULL)) == USER_BAD)
		return HD_ERROR;
	if (v != USER_ROOT && v != USER_NAMED_ROOT)
		return user_not_root(f, user, v);
	remap = hd_userns_remap(ctx, f);
	if (strcmp(usermode, "host") == 0) {
		hd_ev_str(f, "HostConfig.UsernsMode", usermode, SRC_INSPECT);
		remap = 0;
	}
	hd_msg(f, "runs as root (Config.User \"%s\"%s%s%s%s)%s", user,
	    v == USER_NAMED_ROOT ? ", uid 0 in the image's /etc/passwd" : "",
	    img_user ? ", image default \"" : "", img_user ? img_user : "",
	    img_user ? "\"" : "",
	    remap == 1 ? "; userns-remap is on, so uid 0 in the container maps "
	    "to an unprivileged host uid" :
	    strcmp(usermode, "host") == 0 ? "; the container opts out of "
	    "userns-remap (--userns=host): root in it is root on the host" :
	    remap == 0 ? "; without userns-remap root in it is root on the host" :
	    "");
	return HD_FAIL;
}

/* 4.1 of an image (`hardock image`): the USER every container made from it
 * runs as unless it says otherwise; inherited when the base set it. */
static enum hd_status
image_user(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	const char *user;
	json_object *cfg;
	struct hd_content cs, *c = NULL;
	enum user_verdict v;
	enum hd_status st;
	int r;

	if (hd_get_object(f, img->inspect.value, "Config", &cfg) < 0 ||
	    hd_get_str(f, img->inspect.value, "Config.User", "", &user) < 0)
		return HD_ERROR;
	hd_ev_str(f, "Config.User", user, SRC_IMAGE_INSPECT);
	if ((r = hd_content_get(&cs, ctx, img, f)) < 0 && !user_is_root(user) &&
	    strspn(user, "0123456789") < strcspn(user, ":"))
		return HD_ERROR;
	if (r == 1)
		c = &cs;
	if ((v = resolve_user(f, user, c)) == USER_BAD)
		return HD_ERROR;
	if (v == USER_ROOT || v == USER_NAMED_ROOT) {
		hd_msg(f, "containers of the image run as root unless given "
		    "--user (Config.User \"%s\"%s)", user, v == USER_NAMED_ROOT ?
		    ", uid 0 in the image's /etc/passwd" : "");
		st = HD_FAIL;
	} else if ((st = user_not_root(f, user, v)) != HD_FAIL) {
		return st;
	}
	if (c != NULL) {
		/* The base's USER carried over: the image's build never
		 * changed it. A null base user is an unset one. */
		hd_content_ev_base(f, c);
		if (c->base_known && strcmp(user, c->base_user ? c->base_user :
		    "") == 0) {
			hd_finding_set_inherited(f, true);
			hd_ev_str(f, "inherited", "Config.User equals the base "
			    "image's", c->source);
		}
	}
	return st;
}

/* ---- Manual checks: the facts a reviewer needs ------------------------- */

/* Copy an inspect field to evidence (NULL when absent). */
static void
ev_copy(struct hd_finding *f, json_object *doc, const char *path)
{
	json_object *v = hd_json_path(doc, path), *copy = NULL;

	if (v != NULL)
		json_object_deep_copy(v, &copy, NULL);
	hd_ev(f, path, copy, SRC_IMAGE_INSPECT);
}

/* The image's identity as evidence: tags, digests, creation time. */
static void
ev_identity(struct hd_finding *f, const struct hd_object *img)
{
	ev_copy(f, img->inspect.value, "RepoTags");
	ev_copy(f, img->inspect.value, "RepoDigests");
	ev_copy(f, img->inspect.value, "Created");
}

/* A label of the image as evidence when it is set (label keys hold dots,
 * so they are looked up in Config.Labels, not by path). */
static int
ev_label(struct hd_finding *f, const struct hd_object *img, const char *key)
{
	json_object *labels, *v;
	char *field;

	if (hd_get_object(f, img->inspect.value, "Config.Labels", &labels) < 0)
		return HD_ETYPE;
	if (labels == NULL || !json_object_object_get_ex(labels, key, &v))
		return 0;
	field = hd_xasprintf("Config.Labels[%s]", key);
	hd_ev(f, field, json_object_get(v), SRC_IMAGE_INSPECT);
	free(field);
	return 0;
}

/* Commands of history entries that use a package manager, as evidence
 * (at most 10); returns how many there were, -1 on bad history. */
static int
ev_package_commands(struct hd_finding *f, json_object *hist)
{
	int n = 0;

	for (size_t i = 0; i < json_object_array_length(hist); i++) {
		const char *cb;
		struct pkg_use u;

		if (hd_history_created_by(f, hist, i, &cb) < 0)
			return -1;
		pkg_scan(cb, strlen(cb), &u);
		if (!u.install && !u.update)
			continue;
		if (n++ < 10) {
			char *e = hd_command_evidence(cb);

			hd_ev_str(f, "history.CreatedBy", e, SRC_IMAGE_HISTORY);
			free(e);
		}
	}
	return n;
}

/* The repository of an image reference with its registry host, as the
 * engine resolves it ("nginx:1" -> "docker.io/library/nginx",
 * "reg.example:5000/app@sha256:..." -> "reg.example:5000/app"); NULL for
 * "<none>". Caller frees. */
static char *
ref_repository(const char *ref)
{
	const char *slash = strchr(ref, '/'), *end;
	size_t hostlen = slash ? (size_t)(slash - ref) : 0;
	const char *last;
	char *repo;

	if (strncmp(ref, "<none>", 6) == 0 || ref[0] == '\0')
		return NULL;
	/* The name ends at the digest, or at the tag's colon after the last
	 * slash (a registry's port is not a tag). */
	end = strchr(ref, '@');
	end = end ? end : ref + strlen(ref);
	last = strrchr(ref, '/');
	for (const char *c = last ? last : ref; c < end; c++)
		if (*c == ':') {
			end = c;
			break;
		}
	if (slash != NULL && slash < end && (memchr(ref, '.', hostlen) ||
	    memchr(ref, ':', hostlen) || (hostlen == 9 &&
	    strncmp(ref, "localhost", 9) == 0))) {
		repo = hd_xstrndup(ref, (size_t)(end - ref));
		/* Docker Hub's other names. */
		if (strncmp(repo, "index.docker.io/", 16) == 0 ||
		    strncmp(repo, "registry-1.docker.io/", 21) == 0) {
			char *t = hd_xasprintf("docker.io/%s", strchr(repo, '/') + 1);

			free(repo);
			repo = t;
		}
		return repo;
	}
	if (slash == NULL || slash >= end)
		return hd_xasprintf("docker.io/library/%.*s", (int)(end - ref), ref);
	return hd_xasprintf("docker.io/%.*s", (int)(end - ref), ref);
}

/* Whether repo is covered by an entry of trusted_registries: its registry
 * host ("docker.io", "reg.example:5000") or a repository prefix
 * ("docker.io/library"). */
static bool
repo_trusted(const struct hd_ctx *ctx, const char *repo)
{
	const char *list = hd_param(ctx, "trusted_registries"), *p = list;

	while (p != NULL && *p) {
		size_t n = strcspn(p, ",");

		while (n > 0 && p[n - 1] == '/')
			n--;
		if (n > 0 && strncmp(repo, p, n) == 0 && repo[n] == '/')
			return true;
		p += strcspn(p, ",");
		p += *p == ',';
	}
	return false;
}

/* Judge every reference of RepoTags and RepoDigests against
 * trusted_registries: counts into *refs and *untrusted, evidence for each
 * untrusted repository. -1 on a malformed list. */
static int
judge_origins(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f, size_t *refs, size_t *untrusted)
{
	static const char *const lists[] = { "RepoTags", "RepoDigests" };
	json_object *seen = json_object_new_object();

	*refs = *untrusted = 0;
	for (size_t l = 0; l < 2; l++) {
		json_object *a = NULL;

		if (hd_get_array(f, img->inspect.value, lists[l], &a) < 0) {
			json_object_put(seen);
			return -1;
		}
		for (size_t i = 0; a && i < json_object_array_length(a); i++) {
			json_object *r = json_object_array_get_idx(a, i);
			char *repo;

			if (!json_object_is_type(r, json_type_string) ||
			    (repo = ref_repository(json_object_get_string(r))) == NULL)
				continue;
			if (!json_object_object_get_ex(seen, repo, NULL)) {
				json_object_object_add(seen, repo, NULL);
				(*refs)++;
				if (!repo_trusted(ctx, repo)) {
					(*untrusted)++;
					hd_ev_str(f, "untrusted repository", repo,
					    SRC_IMAGE_INSPECT);
				}
			}
			free(repo);
		}
	}
	hd_ev(f, "repositories", seen, SRC_IMAGE_INSPECT " RepoTags, RepoDigests");
	return 0;
}

/* 4.2: whether a base image is trusted is a judgement on its origin:
 * against trusted_registries hardock decides on the registries the image
 * came from; without it a person does, with the facts shown. */
static enum hd_status
trusted_base(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	json_object *hist = hd_image_history(ctx, img, f);
	const char *base, *param = hd_param(ctx, "trusted_registries");
	size_t n, refs, untrusted;

	if (hist == NULL)
		return HD_ERROR;
	ev_identity(f, img);
	if (ev_label(f, img, "org.opencontainers.image.base.name") < 0 ||
	    ev_label(f, img, "org.opencontainers.image.source") < 0)
		return HD_ERROR;
	if ((n = json_object_array_length(hist)) > 0) {
		char *e;

		if (hd_history_created_by(f, hist, n - 1, &base) < 0)
			return HD_ERROR;
		e = hd_command_evidence(base);
		hd_ev_str(f, "base layer CreatedBy", e, SRC_IMAGE_HISTORY);
		free(e);
	}
	if (param == NULL) {
		hd_msg(f, "review where the image and its base come from (tags, "
		    "digests, base layer), or list the trusted registries in "
		    "trusted_registries");
		return HD_MANUAL;
	}
	hd_ev_str(f, "trusted_registries", param, "parameter");
	if (judge_origins(ctx, img, f, &refs, &untrusted) < 0)
		return HD_ERROR;
	if (untrusted > 0) {
		hd_msg(f, "%zu of %zu repositories of the image are not from a "
		    "trusted registry", untrusted, refs);
		return HD_FAIL;
	}
	if (refs == 0) {
		hd_msg(f, "no registry reference (built or imported locally): "
		    "review what it was built from");
		return HD_MANUAL;
	}
	hd_msg(f, "every repository of the image (%zu) is from a trusted "
	    "registry", refs);
	return HD_PASS;
}

/* Package databases of the content as evidence: the total count into
 * *total, the first database that could not be counted into *bad_db and
 * *bad_why, whether each is the base's into inh. -1 on a malformed fact. */
static int
ev_package_dbs(struct hd_finding *f, const struct hd_content *c,
    int64_t *total, const char **bad_db, const char **bad_why,
    struct hd_inherit *inh)
{
	json_object *arr;

	*total = 0;
	if (hd_content_array(f, c, "packages", &arr) < 0)
		return -1;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *it, *o;
		const char *mgr = NULL, *path = NULL, *err = NULL;
		int64_t layer, count = -1;
		bool inherited;

		if (hd_content_item(f, c, arr, "packages", i, &it, &layer) < 0 ||
		    hd_get_str(f, it, "manager", NULL, &mgr) < 0 ||
		    hd_get_str(f, it, "path", NULL, &path) < 0 ||
		    hd_get_int(f, it, "count", -1, &count) < 0 ||
		    hd_get_str(f, it, "error", NULL, &err) < 0)
			return -1;
		if (mgr == NULL || path == NULL || (count < 0 && err == NULL)) {
			hd_msg(f, "image content: packages[%zu]: manager, path and a "
			    "count or an error are required", i);
			return -1;
		}
		inherited = hd_content_layer_inherited(c, layer);
		o = json_object_new_object();
		json_object_object_add(o, "manager", json_object_new_string(mgr));
		json_object_object_add(o, "path", json_object_new_string(path));
		json_object_object_add(o, "count", count >= 0 ?
		    json_object_new_int64(count) : NULL);
		if (err != NULL)
			json_object_object_add(o, "error", json_object_new_string(err));
		json_object_object_add(o, "layer", hd_content_layer_json(c, layer));
		hd_content_mark(o, c, inherited);
		hd_ev(f, "package database", o, c->source);
		hd_inherit_note(inh, inherited);
		if (err != NULL && *bad_db == NULL) {
			*bad_db = path;
			*bad_why = err;
		}
		if (count > 0)
			*total += count;
	}
	hd_ev_int(f, "installed packages", *total, c->source);
	return 0;
}

/* 4.3 from the package databases in the layers: counted, and against
 * max_packages decided. */
static enum hd_status
packages_counted(const struct hd_ctx *ctx, const struct hd_content *c,
    struct hd_finding *f)
{
	const char *maxs = hd_param(ctx, "max_packages"), *bad_db = NULL,
	    *bad_why = NULL;
	struct hd_inherit inh = { 0, 0 };
	int64_t total;
	long long max;
	char *end;

	hd_content_ev_base(f, c);
	if (ev_package_dbs(f, c, &total, &bad_db, &bad_why, &inh) < 0)
		return HD_ERROR;
	if (maxs == NULL) {
		hd_msg(f, "%lld packages installed%s%s%s; review them, or set "
		    "max_packages to decide", (long long)total,
		    bad_db ? " (not counted: " : "", bad_db ? bad_db : "",
		    bad_db ? ")" : "");
		return HD_MANUAL;
	}
	max = strtoll(maxs, &end, 10);
	if (*maxs == '\0' || *end != '\0' || max < 0) {
		hd_msg(f, "max_packages: \"%s\" is not a count", maxs);
		return HD_ERROR;
	}
	hd_ev_int(f, "max_packages", max, "parameter");
	if (bad_db != NULL) {
		hd_msg(f, "the package database %s could not be counted (%s): "
		    "the total is not known", bad_db, bad_why);
		return HD_ERROR;
	}
	if (total > max) {
		/* Every database is the base's: the image's own layers
		 * installed nothing. */
		hd_inherit_apply(f, &inh);
		hd_msg(f, "%lld packages installed, more than max_packages (%lld)%s",
		    (long long)total, max, f->inherited ? "; all installed by the "
		    "base image's layers" : "");
		return HD_FAIL;
	}
	hd_msg(f, "%lld packages installed, within max_packages (%lld)",
	    (long long)total, max);
	return HD_PASS;
}

/* 4.3: which packages a workload needs is known only to its owner; how
 * many an image has is counted from its layers, and decided against
 * max_packages when that is set. */
static enum hd_status
packages(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	json_object *hist = hd_image_history(ctx, img, f), *layers;
	struct hd_content c;
	int n, r;

	if (hist == NULL)
		return HD_ERROR;
	if (hd_get_array(f, img->inspect.value, "RootFS.Layers", &layers) < 0)
		return HD_ERROR;
	ev_copy(f, img->inspect.value, "RepoTags");
	ev_copy(f, img->inspect.value, "Size");
	hd_ev_int(f, "RootFS.Layers count",
	    layers ? (int64_t)json_object_array_length(layers) : 0,
	    SRC_IMAGE_INSPECT);
	if ((n = ev_package_commands(f, hist)) < 0)
		return HD_ERROR;
	if ((r = hd_content_get(&c, ctx, img, f)) < 0)
		return HD_ERROR;
	if (r == 1)
		return packages_counted(ctx, &c, f);
	hd_msg(f, "review the packages installed (%d package command%s in "
	    "history; layer contents, which hardock image reads, were not "
	    "read)", n, n == 1 ? "" : "s");
	return HD_MANUAL;
}

/* 4.4: whether an image was scanned is not recorded; its age is. */
static enum hd_status
image_age(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	const char *created;
	long days;

	if (hd_get_str(f, img->inspect.value, "Created", NULL, &created) < 0)
		return HD_ERROR;
	ev_identity(f, img);
	if (created != NULL && hd_age_days(ctx, created, &days)) {
		hd_ev_int(f, "age_days", days, SRC_IMAGE_INSPECT " Created");
		hd_msg(f, "built %ld days before the scan; check it was scanned "
		    "and rebuilt with current patches", days);
	} else {
		hd_msg(f, "build time unknown (Created \"%s\"); check it was "
		    "scanned and rebuilt", created ? created : "");
	}
	return HD_MANUAL;
}

/* Images without a registry digest as evidence (never verified by
 * content trust: built or imported locally); -1 on a malformed document. */
static int
ev_unsigned_images(const struct hd_ctx *ctx, struct hd_finding *f)
{
	const struct hd_snapshot *s = hd_ctx_snapshot(ctx);
	size_t n = hd_snapshot_count(s, HD_OBJ_IMAGE), unsigned_n = 0;
	struct hd_fact list;

	hd_fact(&list, ctx, HD_F_ENGINE_IMAGES);
	if (list.state != HD_FACT_VALUE)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct hd_object img;
		json_object *d = NULL;
		size_t nd = 0;
		int r = 0;

		hd_snapshot_object(&img, s, HD_OBJ_IMAGE, i);
		if (img.inspect.state == HD_FACT_VALUE &&
		    (r = hd_get_array(f, img.inspect.value, "RepoDigests", &d)) == 0 &&
		    d != NULL)
			nd = json_object_array_length(d);
		/* name is the list's, not the document's. */
		hd_snapshot_release(s, HD_OBJ_IMAGE, i);
		if (r < 0)
			return -1;
		if (nd == 0) {
			unsigned_n++;
			hd_ev_str(f, "image without a registry digest", img.name,
			    SRC_IMAGE_INSPECT " RepoDigests");
		}
	}
	hd_ev_int(f, "images", (int64_t)n, "GET /images/json");
	hd_ev_int(f, "images without a registry digest", (int64_t)unsigned_n,
	    SRC_IMAGE_INSPECT " RepoDigests");
	return 0;
}

/* Whether the docker CLI turns content trust on for a value: any value
 * but empty and Go's false spellings (strconv.ParseBool errors count as
 * on, as the CLI reads them). */
static bool
trust_enabled(const char *v)
{
	static const char *const off[] = { "0", "f", "F", "false", "FALSE",
		"False" };

	if (v[0] == '\0')
		return false;
	for (size_t i = 0; i < sizeof(off) / sizeof(*off); i++)
		if (strcmp(v, off[i]) == 0)
			return false;
	return true;
}

/* What no file can show: where the guarantee ends. */
#define TRUST_LIMIT "; hardock reads only system-wide environment files: a " \
	"user's own shell files, a CI job's environment or " \
	"--disable-content-trust can still turn it off per invocation"

/* 4.5: DOCKER_CONTENT_TRUST is read by each docker client from its
 * environment; the system-wide places that environment comes from are
 * facts: it must be enabled there, and disabled nowhere. */
static enum hd_status
content_trust(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *env = hd_require(f, ctx, HD_F_CLIENT_ENV "DOCKER_CONTENT_TRUST");
	json_object *set = NULL, *unread = NULL, *files = NULL;
	const char *on = NULL, *off = NULL;
	size_t nunread;

	if (env == NULL || hd_get_array(f, env, "settings", &set) < 0 ||
	    hd_get_array(f, env, "unreadable", &unread) < 0 ||
	    hd_get_array(f, env, "files_read", &files) < 0)
		return HD_ERROR;
	if (ev_unsigned_images(ctx, f) < 0)
		return HD_ERROR;
	hd_ev(f, "files read", files ? json_object_get(files) : NULL,
	    HD_F_CLIENT_ENV "DOCKER_CONTENT_TRUST");
	for (size_t i = 0; set && i < json_object_array_length(set); i++) {
		json_object *e = json_object_array_get_idx(set, i);
		const char *v = NULL, *src = NULL, *scope = NULL;
		bool exported = true;
		char *text;

		if (hd_get_str(f, e, "value", "", &v) < 0 ||
		    hd_get_str(f, e, "source", "?", &src) < 0 ||
		    hd_get_str(f, e, "scope", "", &scope) < 0 ||
		    hd_get_bool(f, e, "exported", true, &exported) < 0)
			return HD_ERROR;
		text = hd_xasprintf("DOCKER_CONTENT_TRUST=%s (%s%s)", v, scope,
		    exported ? "" : "; not exported, so no client sees it");
		hd_ev_str(f, "setting", text, src);
		free(text);
		if (!exported)
			continue;
		if (trust_enabled(v))
			on = on ? on : src;
		else
			off = off ? off : src;
	}
	if (off != NULL) {
		hd_msg(f, "DOCKER_CONTENT_TRUST is turned off system-wide (%s)",
		    off);
		return HD_FAIL;
	}
	nunread = unread ? json_object_array_length(unread) : 0;
	if (nunread > 0) {
		hd_ev(f, "unreadable", json_object_get(unread),
		    HD_F_CLIENT_ENV "DOCKER_CONTENT_TRUST");
		hd_msg(f, "%zu environment file(s) could not be read: they may "
		    "set DOCKER_CONTENT_TRUST", nunread);
		return HD_ERROR;
	}
	if (on == NULL) {
		hd_msg(f, "DOCKER_CONTENT_TRUST is exported by no system-wide "
		    "environment (/etc/environment, /etc/profile.d, systemd "
		    "DefaultEnvironment= or a unit's Environment=)" TRUST_LIMIT);
		return HD_FAIL;
	}
	hd_msg(f, "DOCKER_CONTENT_TRUST is enabled system-wide (%s)" TRUST_LIMIT,
	    on);
	return HD_PASS;
}

/* ---- Decided from the image ------------------------------------------- */

/* 4.6: the image's HEALTHCHECK; a "NONE" test disables it. */
static enum hd_status
healthcheck(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	json_object *hc, *test, *t0;

	(void)ctx;
	if (hd_get_object(f, img->inspect.value, "Config", &hc) < 0 ||
	    hd_get_object(f, img->inspect.value, "Config.Healthcheck", &hc) < 0 ||
	    hd_get_array(f, img->inspect.value, "Config.Healthcheck.Test",
	    &test) < 0)
		return HD_ERROR;
	for (size_t i = 0; test != NULL && i < json_object_array_length(test); i++)
		if (!json_object_is_type(json_object_array_get_idx(test, i),
		    json_type_string)) {
			hd_msg(f, "Config.Healthcheck.Test[%zu]: expected string", i);
			return HD_ERROR;
		}
	/* Health commands carry credentials (curl -u, DB URLs): redacted. */
	hd_ev(f, "Config.Healthcheck.Test", hd_command_array_evidence(test),
	    SRC_IMAGE_INSPECT);
	if (test == NULL || json_object_array_length(test) == 0) {
		hd_msg(f, "no HEALTHCHECK instruction");
		return HD_FAIL;
	}
	t0 = json_object_array_get_idx(test, 0);
	if (strcmp(json_object_get_string(t0), "NONE") == 0) {
		hd_msg(f, "HEALTHCHECK NONE disables the health check");
		return HD_FAIL;
	}
	hd_msg(f, "HEALTHCHECK %s", json_object_get_string(t0));
	return HD_PASS;
}

/* What a history test makes of one entry. */
enum entry_verdict {
	ENTRY_OK,    /* nothing to report */
	ENTRY_BAD,   /* a finding: counted, shown as history.CreatedBy */
	ENTRY_NOTED, /* shown as evidence under noted_field, not counted */
};

typedef enum entry_verdict (*entry_judge)(const struct hd_instruction *ins,
    bool oldest);

/* Judge every history entry of img: bad entries are counted into *bad and
 * shown (redacted) as evidence, as are noted ones under noted_field; when
 * `hardock image` knows the base, f is marked inherited if every bad entry
 * is the base's. The number of entries, or -1 with f's message when the
 * history is missing or malformed. */
static long
judge_history(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f, entry_judge judge, const char *noted_field,
    size_t *bad)
{
	json_object *hist = hd_image_history(ctx, img, f);
	struct hd_content cs, *c = hd_content_base(&cs, ctx, img);
	struct hd_inherit inh = { 0, 0 };
	size_t n;

	*bad = 0;
	if (hist == NULL)
		return -1;
	n = json_object_array_length(hist);
	for (size_t i = 0; i < n; i++) {
		const char *cb;
		struct hd_instruction ins;
		enum entry_verdict v;
		bool inherited;

		if (hd_history_created_by(f, hist, i, &cb) < 0)
			return -1;
		hd_instruction_parse(&ins, cb);
		if ((v = judge(&ins, i == n - 1)) == ENTRY_OK)
			continue;
		inherited = hd_content_ev_history(f, v == ENTRY_BAD ?
		    "history.CreatedBy" : noted_field, cb, c, i, n);
		if (v == ENTRY_BAD) {
			(*bad)++;
			hd_inherit_note(&inh, inherited);
		}
	}
	if (*bad > 0 && c != NULL) {
		hd_content_ev_base(f, c);
		hd_inherit_apply(f, &inh);
	}
	if (n == 0)
		hd_msg(f, "the image has no history to audit");
	return (long)n;
}

/* 4.7's test: a RUN that updates the package index and installs nothing. */
static enum entry_verdict
update_without_install(const struct hd_instruction *ins, bool oldest)
{
	struct pkg_use u;

	(void)oldest;
	if (strcmp(ins->name, "RUN") != 0)
		return ENTRY_OK;
	pkg_scan(ins->args, ins->args_len, &u);
	return u.update && !u.install ? ENTRY_BAD : ENTRY_OK;
}

/* 4.7: a layer that refreshes the package index without installing in
 * the same RUN leaves a cached, stale index for later builds. */
static enum hd_status
update_alone(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	size_t bad;
	long n = judge_history(ctx, img, f, update_without_install, NULL, &bad);

	if (n < 0)
		return HD_ERROR;
	if (n == 0)
		return HD_NOTAPPLICABLE;
	if (bad > 0) {
		hd_msg(f, "%zu layer%s update%s the package index without "
		    "installing in the same RUN", bad, bad == 1 ? "" : "s",
		    bad == 1 ? "s" : "");
		return HD_FAIL;
	}
	hd_ev_int(f, "history entries", (int64_t)n, SRC_IMAGE_HISTORY);
	hd_msg(f, "no update instruction alone in %ld history entries", n);
	return HD_PASS;
}

/* 4.8 without contents (a plain `scan`): the command a person runs. */
static enum hd_status
setuid_manual(const struct hd_object *img, struct hd_finding *f)
{
	ev_copy(f, img->inspect.value, "RepoTags");
	ev_copy(f, img->inspect.value, "Config.User");
	hd_msg(f, "layer contents were not read (hardock image reads them); "
	    "list setuid/setgid files with: docker run --rm --entrypoint find "
	    "%s / -xdev -perm /6000 -type f",
	    img->name && img->name[0] ? img->name : img->id);
	return HD_MANUAL;
}

/* Whether path is allowed by allowed_setuid (paths or fnmatch(3) patterns,
 * '*' not crossing '/'). */
static bool
setuid_allowed(const struct hd_ctx *ctx, const char *path)
{
	const char *p = hd_param(ctx, "allowed_setuid");

	while (p != NULL && *p) {
		size_t n, len;
		char *pat;
		bool ok;

		p += strspn(p, " \t");
		n = len = strcspn(p, ",");
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		pat = hd_xstrndup(p, len);
		ok = len > 0 && fnmatch(pat, path, FNM_PATHNAME) == 0;
		free(pat);
		if (ok)
			return true;
		p += n;
		p += *p == ',';
	}
	return false;
}

/* One setuid/setgid file as evidence; whether it fails into *bad. */
static int
setuid_item(const struct hd_ctx *ctx, const struct hd_content *c,
    json_object *arr, size_t i, struct hd_finding *f, struct hd_inherit *inh,
    const char **bad)
{
	json_object *it, *o;
	const char *path = NULL;
	int64_t layer, mode, uid, gid;
	bool allowed, inherited;
	char modes[16];

	if (hd_content_item(f, c, arr, "setuid", i, &it, &layer) < 0 ||
	    hd_get_str(f, it, "path", NULL, &path) < 0 ||
	    hd_get_int(f, it, "mode", -1, &mode) < 0 ||
	    hd_get_int(f, it, "uid", -1, &uid) < 0 ||
	    hd_get_int(f, it, "gid", -1, &gid) < 0)
		return -1;
	if (path == NULL || mode < 0) {
		hd_msg(f, "image content: setuid[%zu]: path and mode are required",
		    i);
		return -1;
	}
	allowed = setuid_allowed(ctx, path);
	inherited = hd_content_layer_inherited(c, layer);
	snprintf(modes, sizeof(modes), "%04llo", (unsigned long long)(mode & 07777));
	o = json_object_new_object();
	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "mode", json_object_new_string(modes));
	json_object_object_add(o, "setuid",
	    json_object_new_boolean((mode & 04000) != 0));
	json_object_object_add(o, "setgid",
	    json_object_new_boolean((mode & 02000) != 0));
	json_object_object_add(o, "uid", json_object_new_int64(uid));
	json_object_object_add(o, "gid", json_object_new_int64(gid));
	json_object_object_add(o, "layer", hd_content_layer_json(c, layer));
	json_object_object_add(o, "allowed", json_object_new_boolean(allowed));
	hd_content_mark(o, c, inherited);
	hd_ev(f, allowed ? "setuid file (allowed)" : "setuid file", o, c->source);
	if (!allowed) {
		hd_inherit_note(inh, inherited);
		*bad = *bad ? *bad : path;
	}
	return 0;
}

/* 4.8: the setuid/setgid files of the image's final filesystem, from its
 * layers; allowed_setuid lists those a workload needs. */
static enum hd_status
setuid_files(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	struct hd_content c;
	struct hd_inherit inh = { 0, 0 };
	const char *bad = NULL, *allowed = hd_param(ctx, "allowed_setuid");
	json_object *arr;
	int64_t files = 0;
	size_t n;
	int r = hd_content_get(&c, ctx, img, f);

	if (r < 0)
		return HD_ERROR;
	if (r == 0)
		return setuid_manual(img, f);
	if (hd_content_array(f, &c, "setuid", &arr) < 0)
		return HD_ERROR;
	hd_content_ev_base(f, &c);
	hd_ev_str(f, "allowed_setuid", allowed, "parameter");
	n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++)
		if (setuid_item(ctx, &c, arr, i, f, &inh, &bad) < 0)
			return HD_ERROR;
	if (bad != NULL) {
		hd_inherit_apply(f, &inh);
		hd_msg(f, "%zu setuid/setgid file%s not in allowed_setuid (first: "
		    "%s)%s", inh.base + inh.own, inh.base + inh.own == 1 ? "" : "s",
		    bad, f->inherited ? "; all from the base image's layers" : "");
		return HD_FAIL;
	}
	(void)hd_get_int(NULL, c.v, "stats.files", 0, &files);
	hd_ev_int(f, "files read", files, c.source);
	if (n == 0)
		hd_msg(f, "no setuid/setgid file in the image's layers (%lld "
		    "files read)", (long long)files);
	else
		hd_msg(f, "every setuid/setgid file (%zu) is in allowed_setuid", n);
	return HD_PASS;
}

/* Whether an ADD puts the root filesystem of a base image in place: the
 * image's oldest layer, added to "/" (classic "file:<hash> in /", or
 * BuildKit "x.tar /"). */
static bool
add_is_base_rootfs(const struct hd_instruction *ins, bool oldest)
{
	const char *a = ins->args;
	size_t n = ins->args_len;

	if (!oldest)
		return false;
	if (n >= 5 && memcmp(a + n - 5, " in /", 5) == 0)
		return true;
	return n >= 2 && memcmp(a + n - 2, " /", 2) == 0;
}

/* 4.9's test: an ADD other than the base image's root filesystem. */
static enum entry_verdict
add_instruction(const struct hd_instruction *ins, bool oldest)
{
	if (strcmp(ins->name, "ADD") != 0)
		return ENTRY_OK;
	return add_is_base_rootfs(ins, oldest) ? ENTRY_NOTED : ENTRY_BAD;
}

/* 4.9: ADD fetches URLs and unpacks archives; COPY does neither. */
static enum hd_status
add_used(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	size_t bad;
	long n = judge_history(ctx, img, f, add_instruction,
	    "base root filesystem ADD (not counted)", &bad);

	if (n < 0)
		return HD_ERROR;
	if (n == 0)
		return HD_NOTAPPLICABLE;
	if (bad > 0) {
		hd_msg(f, "%zu ADD instruction%s besides the base root filesystem",
		    bad, bad == 1 ? "" : "s");
		return HD_FAIL;
	}
	hd_ev_int(f, "history entries", (int64_t)n, SRC_IMAGE_HISTORY);
	hd_msg(f, "no ADD instruction in %ld history entries", n);
	return HD_PASS;
}

/* 4.10: secrets written into the build show in history and Config.Env. */
static enum hd_status
dockerfile_secrets(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	return hd_image_secrets(ctx, img, f, false);
}

/* Options that turn package signature verification off. */
static const char *const unverified_opts[] = {
	"--allow-unauthenticated", "--allow-insecure-repositories",
	"AllowUnauthenticated", "AllowInsecureRepositories", "--force-yes",
	"[trusted=yes]", "--nogpgcheck", "--no-gpg-checks", "gpgcheck=0",
	"--allow-untrusted", "--nosignature", "--trusted-host",
};

/* Settings of the package managers' configuration files in the layers
 * that turn verification off, as evidence, counted into *bad and inh. -1
 * on a malformed fact. */
static int
ev_package_config(struct hd_finding *f, const struct hd_content *c,
    size_t *bad, struct hd_inherit *inh)
{
	json_object *arr;

	if (hd_content_array(f, c, "package_config", &arr) < 0)
		return -1;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *it, *o;
		const char *path = NULL, *setting = NULL, *why = NULL;
		int64_t layer, line = 0;
		bool inherited;
		char *e;

		if (hd_content_item(f, c, arr, "package_config", i, &it,
		    &layer) < 0 ||
		    hd_get_str(f, it, "path", NULL, &path) < 0 ||
		    hd_get_int(f, it, "line", 0, &line) < 0 ||
		    hd_get_str(f, it, "setting", "", &setting) < 0 ||
		    hd_get_str(f, it, "why", NULL, &why) < 0)
			return -1;
		if (path == NULL || why == NULL) {
			hd_msg(f, "image content: package_config[%zu]: path and why "
			    "are required", i);
			return -1;
		}
		inherited = hd_content_layer_inherited(c, layer);
		o = json_object_new_object();
		json_object_object_add(o, "path", json_object_new_string(path));
		json_object_object_add(o, "line", json_object_new_int64(line));
		e = hd_command_evidence(setting);
		json_object_object_add(o, "setting", json_object_new_string(e));
		free(e);
		json_object_object_add(o, "why", json_object_new_string(why));
		json_object_object_add(o, "layer", hd_content_layer_json(c, layer));
		hd_content_mark(o, c, inherited);
		hd_ev(f, "verification disabled in configuration", o, c->source);
		hd_inherit_note(inh, inherited);
		(*bad)++;
	}
	return 0;
}

/* 4.11: installs with verification turned off (history) and package
 * managers configured so (layer contents) fail; with the contents read
 * and neither found it passes; without them whether the packages were
 * verified is for a reviewer to confirm. */
static enum hd_status
verified_packages(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	json_object *hist = hd_image_history(ctx, img, f);
	struct hd_content cs, *c = NULL;
	struct hd_inherit inh = { 0, 0 };
	size_t bad = 0, nh;
	int n, r;

	if (hist == NULL)
		return HD_ERROR;
	if ((r = hd_content_get(&cs, ctx, img, f)) == 1)
		c = &cs;
	nh = json_object_array_length(hist);
	for (size_t i = 0; i < nh; i++) {
		const char *cb, *hit = NULL;

		if (hd_history_created_by(f, hist, i, &cb) < 0)
			return HD_ERROR;
		for (size_t k = 0; k < sizeof(unverified_opts) /
		    sizeof(*unverified_opts) && hit == NULL; k++)
			if (strstr(cb, unverified_opts[k]) != NULL)
				hit = unverified_opts[k];
		if (hit == NULL)
			continue;
		bad++;
		hd_ev_str(f, "verification disabled", hit, SRC_IMAGE_HISTORY);
		hd_inherit_note(&inh, hd_content_ev_history(f, "history.CreatedBy",
		    cb, c, i, nh));
	}
	if (c != NULL && ev_package_config(f, c, &bad, &inh) < 0)
		return HD_ERROR;
	if (bad > 0) {
		if (c != NULL) {
			hd_content_ev_base(f, c);
			hd_inherit_apply(f, &inh);
		}
		hd_msg(f, "%zu place%s disable%s package signature verification "
		    "(install commands in history, package manager "
		    "configuration)%s", bad, bad == 1 ? "" : "s",
		    bad == 1 ? "s" : "", f->inherited ? "; all from the base "
		    "image" : "");
		return HD_FAIL;
	}
	if (r < 0)
		return HD_ERROR; /* the message says why the contents were not read */
	if ((n = ev_package_commands(f, hist)) < 0)
		return HD_ERROR;
	if (c != NULL) {
		hd_msg(f, "no install command in history and no package manager "
		    "setting in the layers disables verification (%d package "
		    "command%s)", n, n == 1 ? "" : "s");
		return HD_PASS;
	}
	hd_msg(f, "no install disables verification; review the package "
	    "sources of the %d package command%s (layer contents, which "
	    "hardock image reads, were not read)", n, n == 1 ? "" : "s");
	return HD_MANUAL;
}

/* 4.12: signatures are validated by the pipeline that pushes and pulls;
 * the engine keeps only the digests. */
static enum hd_status
signed_artifacts(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	json_object *d;

	(void)ctx;
	if (hd_get_array(f, img->inspect.value, "RepoDigests", &d) < 0)
		return HD_ERROR;
	ev_identity(f, img);
	if (d == NULL || json_object_array_length(d) == 0)
		hd_msg(f, "no registry digest: built or imported locally, no "
		    "signature to validate; check the build inputs were");
	else
		hd_msg(f, "verify the signature of the digest (e.g. cosign "
		    "verify / docker trust inspect) in the pipeline");
	return HD_MANUAL;
}

#define REF_CIS "CIS Docker Benchmark"

static const struct hd_param_def packages_params[] = {
	{ "max_packages", HD_PARAM_INT, NULL,
	  "most packages an image may have installed (all package databases "
	  "together); unset leaves 4.3 to a person" },
	{ NULL, 0, NULL, NULL },
};

static const struct hd_param_def setuid_params[] = {
	{ "allowed_setuid", HD_PARAM_LIST, NULL,
	  "paths (or fnmatch patterns, \"/usr/bin/*\") of setuid/setgid files "
	  "an image may keep, e.g. /usr/bin/passwd; any other fails 4.8" },
	{ NULL, 0, NULL, NULL },
};

static const struct hd_param_def trusted_params[] = {
	{ "trusted_registries", HD_PARAM_LIST, NULL,
	  "registries (\"docker.io\", \"reg.example:5000\") or repository "
	  "prefixes (\"docker.io/library\") images may come from; unset leaves "
	  "4.2 to a person" },
	{ NULL, 0, NULL, NULL },
};

const struct hd_check hd_checks_images[] = {
	{ .key = "image.user",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A container process running as uid 0 is root in the "
	      "container and, without user namespace remapping, root on the host "
	      "for any file or kernel interface that leaks in; a break-out starts "
	      "from full privileges.",
	  .audit_text = "Reads Config.User of every container (running, stopped, "
	      "created); `hardock image` reads the image's Config.User instead. An "
	      "empty value, \"root\", \"0\" (any number of zeros) or any "
	      "\"root:...\"/\"0:...\" form fails; a non-zero uid passes. A name is "
	      "resolved through the image's /etc/passwd when its layers were read "
	      "(hardock image): uid 0 there is root and fails; a name the file "
	      "does not hold fails too, since no user was created for it (docker "
	      "refuses to start as an unknown name); contents that could not be "
	      "read make a name an error. Without contents (scan) a name passes "
	      "and the evidence says it was not resolved. The evidence names the "
	      "image's default user and whether userns-remap (userns.remap fact, "
	      "or name=userns in /info SecurityOptions) maps root to an "
	      "unprivileged host uid; CIS fails root either way. An image whose "
	      "USER equals its base image's is marked inherited.",
	  .remediation = "Add a user in the Dockerfile (RUN useradd -r -u 10001 app) "
	      "and switch to it with USER 10001, or run the container with "
	      "--user 10001:10001; additionally set \"userns-remap\": \"default\" "
	      "in /etc/docker/daemon.json.",
	  .references = REF_CIS "\nhttps://docs.docker.com/reference/dockerfile/#user",
	  .object = container_user, .image = image_user },
	{ .key = "image.trusted_base",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "An image from an unknown publisher can carry malware, "
	      "backdoors or unpatched software into every container built on it.",
	  .audit_text = "Whether a publisher is trusted is the site's policy: "
	      "hardock lists each image's tags, registry digests, creation time, "
	      "OCI base/source labels and the base layer's CreatedBy. With the "
	      "trusted_registries parameter it decides on the registry of every "
	      "repository in RepoTags and RepoDigests (resolved as the engine does: "
	      "nginx is docker.io/library/nginx): one outside the list fails, all "
	      "inside pass; an image with no registry reference (built or imported "
	      "locally) stays manual. Without the parameter the result is manual.",
	  .remediation = "Build only FROM images of vetted publishers (Docker "
	      "Official Images, your own registry), pin them by digest "
	      "(FROM debian@sha256:...), and mirror them into a registry you "
	      "control; list it in trusted_registries.",
	  .references = REF_CIS "\nhttps://docs.docker.com/docker-hub/image-library/trusted-content/",
	  .params = trusted_params, .object = trusted_base },
	{ .key = "image.packages",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "Every package is attack surface and patch burden; tools "
	      "such as compilers, shells or curl help an intruder.",
	  .audit_text = "Which packages a workload needs is known only to its "
	      "owner: hardock shows the image size, layer count and the package "
	      "manager commands from its history (secrets redacted). `hardock "
	      "image` also counts the installed packages from the package "
	      "databases in the layers (dpkg status, apk installed, an rpm "
	      "database readable as a file list), each with its file and layer; "
	      "with max_packages set, more than that many fails, that many or "
	      "fewer passes, and a database that could not be counted (a binary "
	      "rpm database) is an error naming it. Without max_packages, or "
	      "without contents (scan), the result is manual.",
	  .remediation = "Start from a minimal base (distroless, alpine, "
	      "debian-slim), install with apt-get install --no-install-recommends, "
	      "and build tools in a separate stage of a multi-stage build.",
	  .references = REF_CIS,
	  .params = packages_params, .object = packages },
	{ .key = "image.patched",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "Images are frozen at build time: without regular scans "
	      "and rebuilds they keep the vulnerabilities of that day.",
	  .audit_text = "The engine records no scan results: hardock shows each "
	      "image's tags, digests and age in days (Created against the "
	      "snapshot time) so a reviewer can match them with the scanner's "
	      "reports.",
	  .remediation = "Scan images in CI and in the registry (e.g. trivy image, "
	      "docker scout cves), rebuild with --pull --no-cache on a schedule "
	      "and when fixes are published, then recreate the containers.",
	  .references = REF_CIS,
	  .object = image_age },
	{ .key = "image.content_trust",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "With content trust the docker client refuses to pull, "
	      "run or build from image tags that are not signed, so a tampered "
	      "registry cannot substitute an image.",
	  .audit_text = "DOCKER_CONTENT_TRUST is read by each docker client from its "
	      "environment; dockerd neither enforces nor records it. hardock reads "
	      "the system-wide places that environment comes from "
	      "(host.client_env): /etc/environment, /etc/environment.d, /etc/profile, "
	      "/etc/profile.d/*.sh, /etc/bash.bashrc, systemd's DefaultEnvironment= "
	      "(system.conf, user.conf) and the Environment= of units in "
	      "/etc/systemd/system. An exported setting the CLI reads as off (0, "
	      "false, empty) fails; none that turns it on fails; one that turns it "
	      "on passes. An unreadable file is an error unless a setting already "
	      "fails. The message states the limit: a user's own files, a CI job's "
	      "environment or --disable-content-trust are beyond what hardock can "
	      "read. Images without a registry digest are listed as evidence.",
	  .remediation = "Add DOCKER_CONTENT_TRUST=1 to /etc/environment (and export "
	      "it in /etc/profile.d/docker-content-trust.sh), set it in every CI "
	      "job that runs docker pull/run/build, and sign pushed images with "
	      "docker trust sign.",
	  .references = REF_CIS "\nhttps://docs.docker.com/engine/security/trust/",
	  .host = content_trust },
	{ .key = "image.healthcheck",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "Without a health check the engine (and an orchestrator) "
	      "cannot tell a hung or compromised service from a healthy one.",
	  .audit_text = "Reads Config.Healthcheck.Test of every image; missing, "
	      "empty or [\"NONE\"] fails.",
	  .remediation = "Add a HEALTHCHECK instruction to the Dockerfile, e.g. "
	      "HEALTHCHECK --interval=30s CMD wget -qO- http://localhost:8080/health "
	      "|| exit 1, and rebuild.",
	  .references = REF_CIS "\nhttps://docs.docker.com/reference/dockerfile/#healthcheck",
	  .object = healthcheck },
	{ .key = "image.update_alone",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "A RUN that only refreshes the package index is cached as "
	      "its own layer; later builds reuse the stale index and install "
	      "outdated packages.",
	  .audit_text = "Reads the image history (GET /images/{id}/history): a RUN "
	      "whose command refreshes or updates with a package manager "
	      "(apt-get/apt update, apk update, yum/dnf/microdnf update, makecache, "
	      "zypper refresh) without an install (apt-get install, apk add, "
	      "yum/dnf install, zypper install) in the same command fails. In "
	      "`hardock image` with a known base image, entries of the base's "
	      "history are marked inherited.",
	  .remediation = "Combine the update with the install in one RUN: RUN "
	      "apt-get update && apt-get install -y --no-install-recommends "
	      "pkg=version && rm -rf /var/lib/apt/lists/*; or build with --no-cache.",
	  .references = REF_CIS "\nhttps://docs.docker.com/build/building/best-practices/#apt-get",
	  .object = update_alone },
	{ .key = "image.setuid",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "setuid/setgid binaries let a process in the container "
	      "raise its privileges; few workloads need them.",
	  .audit_text = "`hardock image` reads the image's layers (whiteouts "
	      "applied, so a file deleted or chmod-ed later is judged as the "
	      "image ships it) and lists every regular file with the setuid or "
	      "setgid bit: path, mode, owner, and the layer (digest and the "
	      "history line) that created it. A file not in allowed_setuid (paths "
	      "or fnmatch patterns) fails; none, or only allowed ones, passes. "
	      "Layers that could not be read whole are an error. A plain scan "
	      "reads no image contents (hardock never runs, exports or mounts "
	      "images on the host it audits): manual, with the image's user and "
	      "the exact command listing the files.",
	  .remediation = "Strip the bits in the Dockerfile: RUN find / -xdev -perm "
	      "/6000 -type f -exec chmod a-s {} + || true; and run containers with "
	      "--security-opt no-new-privileges.",
	  .references = REF_CIS,
	  .params = setuid_params, .object = setuid_files },
	{ .key = "image.add_instruction",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "ADD downloads remote URLs and unpacks local archives, so "
	      "a build can pull unverified content or unpack a malicious archive; "
	      "COPY only copies.",
	  .audit_text = "Reads the image history: every ADD instruction fails, "
	      "except the image's oldest layer when it adds to \"/\" (\"ADD file:<hash> "
	      "in /\", the root filesystem tarball of a base image built FROM "
	      "scratch, which only ADD can unpack). That layer is shown as evidence. "
	      "The classic builder records sources only as file:/dir: hashes, so a "
	      "URL and a local file look alike; both fail. In `hardock image` "
	      "with a known base image, entries of the base's history are marked "
	      "inherited.",
	  .remediation = "Replace ADD with COPY in the Dockerfile; download with "
	      "RUN curl and verify a checksum, or use ADD --checksum=sha256:... for "
	      "remote sources.",
	  .references = REF_CIS "\nhttps://docs.docker.com/reference/dockerfile/#add",
	  .object = add_used },
	{ .key = "image.secrets",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "ENV, ARG and RUN values are kept in the image's history "
	      "and configuration: everyone who can pull the image can read them.",
	  .audit_text = "Scans every history CreatedBy (ENV, ARG, RUN build "
	      "arguments, NAME=VALUE and --name=VALUE words) and Config.Env for "
	      "variables named like secrets (PASSWORD, PASSWD, PASSPHRASE, SECRET, "
	      "TOKEN, API_KEY, PRIVATE_KEY, CREDENTIAL; not *_FILE/*_PATH "
	      "references, not empty or boolean values) and for well-known key "
	      "formats (AWS AKIA/ASIA ids, GitHub ghp_/github_pat_, GitLab glpat-, "
	      "Slack xox?-, Stripe sk_live_, Google AIza, PEM private keys, "
	      "passwords in URLs). Evidence shows the name and <redacted> in place "
	      "of the value: never the secret, its first characters or its length. "
	      "In `hardock image` with a known base image, secrets only the base's "
	      "history sets are marked inherited (a variable shows once, at the "
	      "newest entry setting it). Files in the layers holding secrets are "
	      "image.file_secrets (HD-SECRET-3).",
	  .remediation = "Remove the secret from the Dockerfile and rebuild; pass "
	      "build secrets with RUN --mount=type=secret,id=... (docker build "
	      "--secret) and runtime secrets with docker secrets or a mounted file "
	      "(*_FILE variables); rotate every secret that was in the image.",
	  .references = REF_CIS "\nhttps://docs.docker.com/build/building/secrets/",
	  .object = dockerfile_secrets },
	{ .key = "image.verified_packages",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "Packages installed without signature checks can be "
	      "replaced in transit or on a mirror.",
	  .audit_text = "Reads the image history: a command that turns signature "
	      "verification off (--allow-unauthenticated, --force-yes, "
	      "[trusted=yes], --nogpgcheck, --no-gpg-checks, gpgcheck=0, apk "
	      "--allow-untrusted, rpm --nosignature, pip --trusted-host) fails. "
	      "`hardock image` also reads the package managers' configuration in "
	      "the layers (APT::Get::AllowUnauthenticated, [trusted=yes] sources, "
	      "gpgcheck=0 in yum/dnf repositories, ...): each such setting fails, "
	      "with its file, line and layer; with neither found it passes, and "
	      "layers that could not be read whole are an error. Without contents "
	      "(scan) the repositories' configuration is not seen: manual, with "
	      "the package commands as evidence.",
	  .remediation = "Install only from repositories whose signing keys are "
	      "installed (apt signed-by=, gpgcheck=1), remove the options above, "
	      "and verify checksums of anything downloaded directly.",
	  .references = REF_CIS,
	  .object = verified_packages },
	{ .key = "image.signed_artifacts",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_IMAGE,
	  .rationale = "Unvalidated artifacts let a compromised build or registry "
	      "ship altered images.",
	  .audit_text = "Signatures are checked by the pipeline that pushes and "
	      "pulls; the engine stores only registry digests, so no collected "
	      "fact decides this. hardock shows each image's tags, digests and "
	      "creation time, and says when there is no digest at all.",
	  .remediation = "Sign images when pushing (cosign sign, docker trust "
	      "sign) and verify before deploying (cosign verify, an admission "
	      "policy, DOCKER_CONTENT_TRUST=1); pull by verified digest.",
	  .references = REF_CIS,
	  .object = signed_artifacts },
	{ .key = NULL },
};
