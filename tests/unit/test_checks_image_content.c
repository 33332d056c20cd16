/* The image checks decided from layer contents (HD_F_IMAGE_CONTENT, what
 * `hardock image` reads): 4.1, 4.3, 4.8, 4.11, HD-SECRET-3, inherited
 * marking from base layers and base history, and every reporter showing
 * it with hostile paths escaped and secrets never revealed. The fixture
 * tests/fixtures/snapshots/image-content.json holds three images: app:1
 * (a resolved base: 2 layers, 3 history entries), unres:1 (an unresolved
 * base) and broken:1 (contents that could not be read). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/report.h>

#include "report/reporters.h"
#include "testutil.h"

#define IMG_A "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define IMG_B "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define IMG_C "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define FIXTURE "snapshots/image-content.json"
#define LEAK "sup3r-s3cret-VALUE-42"
#define HOSTILE "/app/<script>alert(1)</script>\033[2J\"q'\n.env"

/* A copy of fact key of s (caller owns it). */
static json_object *
fact_copy(const struct hd_snapshot *s, const char *prefix, const char *id)
{
	struct hd_fact f;
	json_object *copy = NULL;
	char *key = hd_xasprintf("%s%s", prefix, id);

	hd_snapshot_fact(&f, s, key);
	free(key);
	ck_assert_int_eq(f.state, HD_FACT_VALUE);
	ck_assert_int_eq(json_object_deep_copy(f.value, &copy, NULL), 0);
	return copy;
}

/* Replace fact prefix+id of s with v (stolen). */
static void
fact_set(struct hd_snapshot *s, const char *prefix, const char *id,
    json_object *v)
{
	char *key = hd_xasprintf("%s%s", prefix, id);

	hd_snapshot_set_value(s, key, v, "app.tar");
	free(key);
}

/* Replace member key of image id's content with the JSON text. */
static void
content_set(struct hd_snapshot *s, const char *id, const char *key,
    const char *json)
{
	json_object *c = fact_copy(s, HD_F_IMAGE_CONTENT, id);

	json_object_object_add(c, key, strcmp(json, "null") == 0 ? NULL :
	    tu_json(json));
	fact_set(s, HD_F_IMAGE_CONTENT, id, c);
}

/* Replace image id's history (newest first) with the JSON text. */
static void
history_set(struct hd_snapshot *s, const char *id, const char *json)
{
	fact_set(s, HD_F_IMAGE_HISTORY, id, tu_json(json));
}

/* Run check id over s, as `hardock image` (images) or `scan`. */
static struct hd_results *
run(const struct hd_snapshot *s, const char *id, bool images,
    const char *param, const struct hd_result **res)
{
	struct hd_scan_opts o;
	struct hd_results *r = NULL;
	struct hd_param_value pv;
	const char *sel[1] = { id };
	char *eq;

	memset(&pv, 0, sizeof(pv));
	if (!images)
		return tu_run(s, id, (const char *const[]){ param, NULL }, res);
	hd_scan_opts_init(&o);
	o.select = sel;
	o.nselect = 1;
	o.images = true;
	if (param != NULL) {
		eq = strchr(param, '=');
		pv.name = strndup(param, (size_t)(eq - param));
		pv.value = strdup(eq + 1);
		o.params = &pv;
		o.nparams = 1;
	}
	ck_assert_int_eq(hd_scan_run(&r, s, &o), 0);
	if (param != NULL) {
		free(pv.name);
		free(pv.value);
	}
	*res = NULL;
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->items[i].check->key, id) == 0 ||
		    strcmp(r->items[i].rule->id, id) == 0)
			*res = &r->items[i];
	ck_assert_ptr_nonnull(*res);
	tu_covered((*res)->check->key, (*res)->status);
	return r;
}

/* What one image's finding came to. */
struct seen {
	enum hd_status status;
	bool inherited;
	bool has_msg; /* message contains the text asked for */
	bool has_ev;  /* evidence field (holding the text asked for) */
};

/* Run check id and look at image name's finding: its status, inherited
 * mark, whether its message holds msg and its evidence field ev holds
 * evval (each when given). */
static struct seen
look(const struct hd_snapshot *s, const char *id, const char *name,
    bool images, const char *param, const char *msg, const char *ev,
    const char *evval)
{
	const struct hd_result *res;
	struct hd_results *r = run(s, id, images, param, &res);
	const struct hd_finding *c = tu_child_of(res, name);
	struct seen out;

	ck_assert_msg(c != NULL, "%s: no finding for %s", id, name);
	out.status = c->status;
	out.inherited = c->inherited;
	out.has_msg = msg == NULL || (c->message && strstr(c->message, msg));
	out.has_ev = ev == NULL || tu_has_evidence(c, ev, evval);
	if (!out.has_msg || !out.has_ev)
		fprintf(stderr, "%s/%s: message \"%s\"\n", id, name,
		    c->message ? c->message : "");
	hd_results_free(r);
	return out;
}

/* Assert a finding's status, inherited mark, message and evidence (the
 * caller's line in every failure). */
static void
expect_at(int line, const struct hd_snapshot *s, const char *id,
    const char *name, bool images, const char *param, enum hd_status st,
    bool inh, const char *msg, const char *ev, const char *evval)
{
	struct seen w = look(s, id, name, images, param, msg, ev, evval);

	ck_assert_msg(w.status == st, "line %d: %s/%s: status %s, expected %s",
	    line, id, name, hd_status_name(w.status), hd_status_name(st));
	ck_assert_msg(w.inherited == inh, "line %d: %s/%s: inherited %d", line,
	    id, name, w.inherited);
	ck_assert_msg(w.has_msg, "line %d: %s/%s: no message \"%s\"", line, id,
	    name, msg ? msg : "");
	ck_assert_msg(w.has_ev, "line %d: %s/%s: no evidence %s=%s", line, id,
	    name, ev ? ev : "", evval ? evval : "*");
}

#define EXPECT(...) expect_at(__LINE__, __VA_ARGS__)

/* An image with no content fact at all: a plain scan's snapshot. */
static struct hd_snapshot *
plain_snapshot(const char *user)
{
	struct hd_snapshot *s = hd_snapshot_new();
	char *j = hd_xasprintf("{\"Id\":\"" IMG_A "\",\"RepoTags\":[\"app:1\"],"
	    "\"Config\":{\"User\":\"%s\"},\"RootFS\":{\"Layers\":[\"sha256:e0\"]}}",
	    user);

	tu_add_image(s, j);
	free(j);
	history_set(s, IMG_A, "[{\"CreatedBy\":\"/bin/sh -c apk add curl\"}]");
	return s;
}

/* ---- 4.8 ---------------------------------------------------------------- */

START_TEST(setuid_decided)
{
	struct hd_snapshot *s = tu_snapshot_fixture(FIXTURE);

	/* /bin/su is the base's, /usr/local/bin/tool the image's own. */
	EXPECT(s, "image.setuid", "app:1", false, NULL, HD_FAIL, false,
	    "2 setuid/setgid files", "setuid file", "6755");
	EXPECT(s, "image.setuid", "app:1", false, NULL, HD_FAIL, false, NULL,
	    "setuid file", "\"inherited\": true");
	EXPECT(s, "image.setuid", "app:1", false, NULL, HD_FAIL, false, NULL,
	    "setuid file", "chmod u+s");
	EXPECT(s, "image.setuid", "app:1", false, NULL, HD_FAIL, false, NULL,
	    "setuid file", "sha256:00000000000000000000000000000000000000000000"
	    "000000000000000000d2");
	/* Allowing the image's own file leaves the base's: inherited. */
	EXPECT(s, "image.setuid", "app:1", false,
	    "allowed_setuid=/usr/local/bin/*", HD_FAIL, true,
	    "all from the base image's layers", "setuid file (allowed)", "tool");
	EXPECT(s, "image.setuid", "app:1", false,
	    "allowed_setuid=/bin/su, /usr/local/bin/tool", HD_PASS, false,
	    "every setuid/setgid file (2)", "allowed_setuid", "\\/bin\\/su");
	/* A pattern does not cross '/'. */
	EXPECT(s, "image.setuid", "app:1", false, "allowed_setuid=/*,/usr/*",
	    HD_FAIL, false, NULL, NULL, NULL);
	EXPECT(s, "image.setuid", "unres:1", false, NULL, HD_PASS, false,
	    "no setuid/setgid file in the image's layers (12 files read)",
	    "base image", "unresolved");
	EXPECT(s, "image.setuid", "broken:1", false, NULL, HD_ERROR, false,
	    "digest mismatch", NULL, NULL);
	/* Malformed: a layer the image does not have, no list at all. */
	content_set(s, IMG_A, "setuid", "[{\"path\":\"/x\",\"mode\":2048,"
	    "\"uid\":0,\"gid\":0,\"layer\":9}]");
	EXPECT(s, "image.setuid", "app:1", false, NULL, HD_ERROR, false,
	    "layer 9 is not one of the image's 5 layers", NULL, NULL);
	content_set(s, IMG_A, "setuid", "null");
	EXPECT(s, "image.setuid", "app:1", false, NULL, HD_ERROR, false,
	    "no setuid list", NULL, NULL);
	content_set(s, IMG_A, "setuid", "{}");
	EXPECT(s, "image.setuid", "app:1", false, NULL, HD_ERROR, false,
	    "expected array", NULL, NULL);
	hd_snapshot_free(s);
	/* No contents read: manual, with the command to run. */
	s = plain_snapshot("app");
	EXPECT(s, "image.setuid", "app:1", false, NULL, HD_MANUAL, false,
	    "-perm /6000", "Config.User", "app");
	hd_snapshot_free(s);
}
END_TEST

/* ---- HD-SECRET-3 -------------------------------------------------------- */

START_TEST(file_secrets)
{
	struct hd_snapshot *s = tu_snapshot_fixture(FIXTURE);
	const struct hd_result *res;
	struct hd_results *r;

	EXPECT(s, "image.file_secrets", "app:1", false, NULL, HD_FAIL, false,
	    "3 files with a secret", "secret file", "deleted in layer 4 (still "
	    "in the image");
	EXPECT(s, "image.file_secrets", "app:1", false, NULL, HD_FAIL, false,
	    "deleted in a later layer is still in the image", "secret file",
	    "private key");
	EXPECT(s, "HD-SECRET-3", "unres:1", false, NULL, HD_PASS, false,
	    "no file with a secret", "files read", "12");
	EXPECT(s, "HD-SECRET-3", "broken:1", false, NULL, HD_ERROR, false,
	    "could not be read: layer 0", "image content", NULL);
	/* Only the deleted key, the image's own: it still fails. */
	content_set(s, IMG_A, "secrets", "[{\"path\":\"/app/id_rsa\",\"kind\":"
	    "\"private key\",\"layer\":3,\"deleted_in\":4,\"found\":[]}]");
	EXPECT(s, "image.file_secrets", "app:1", false, NULL, HD_FAIL, false,
	    "1 file with a secret", "secret file", "\"inherited\": false");
	/* Only the base's shell history: inherited. */
	content_set(s, IMG_A, "secrets", "[{\"path\":\"/root/.bash_history\","
	    "\"kind\":\"shell history\",\"layer\":0,\"deleted_in\":null,"
	    "\"found\":[]}]");
	EXPECT(s, "image.file_secrets", "app:1", false, NULL, HD_FAIL, true,
	    "all from the base image's layers", "secret file", "\"inherited\": true");
	/* A fact holding a value (a reader's bug) is never shown. */
	content_set(s, IMG_A, "secrets", "[{\"path\":\"/app/.npmrc\",\"kind\":"
	    "\"npm token\",\"layer\":3,\"deleted_in\":null,\"found\":[{\"name\":"
	    "\"_authToken\",\"value\":\"" LEAK "\",\"reason\":\"npm token\"}]}]");
	r = tu_run(s, "image.file_secrets", NULL, &res);
	ck_assert(tu_has_evidence(&res->top, "secret file", "<redacted>"));
	ck_assert(!tu_has_evidence(&res->top, "secret file", LEAK));
	hd_results_free(r);
	/* deleted_in must be a later layer. */
	content_set(s, IMG_A, "secrets", "[{\"path\":\"/k\",\"kind\":\"private "
	    "key\",\"layer\":3,\"deleted_in\":2,\"found\":[]}]");
	EXPECT(s, "image.file_secrets", "app:1", false, NULL, HD_ERROR, false,
	    "deleted_in must be a later layer", NULL, NULL);
	hd_snapshot_free(s);
	s = plain_snapshot("app");
	EXPECT(s, "image.file_secrets", "app:1", false, NULL, HD_MANUAL, false,
	    "audit the image with hardock image app:1", NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

/* ---- 4.11 --------------------------------------------------------------- */

START_TEST(verified_packages_content)
{
	struct hd_snapshot *s = tu_snapshot_fixture(FIXTURE);

	/* The base's apt.conf.d setting, nothing in history: inherited. */
	EXPECT(s, "image.verified_packages", "app:1", false, NULL, HD_FAIL, true,
	    "1 place disables", "verification disabled in configuration",
	    "99unauth");
	EXPECT(s, "image.verified_packages", "app:1", false, NULL, HD_FAIL, true,
	    NULL, "verification disabled in configuration", "\"line\": 1");
	EXPECT(s, "image.verified_packages", "unres:1", false, NULL, HD_PASS,
	    false, "no install command in history and no package manager "
	    "setting", NULL, NULL);
	EXPECT(s, "image.verified_packages", "broken:1", false, NULL, HD_ERROR,
	    false, "digest mismatch", NULL, NULL);
	/* The image's own RUN disables it too: no longer only the base. */
	history_set(s, IMG_A, "[{\"CreatedBy\":\"/bin/sh -c apt-get install -y "
	    "--allow-unauthenticated curl\"},{\"CreatedBy\":\"/bin/sh -c x\"},"
	    "{\"CreatedBy\":\"/bin/sh -c x\"},{\"CreatedBy\":\"/bin/sh -c x\"}]");
	EXPECT(s, "image.verified_packages", "app:1", false, NULL, HD_FAIL, false,
	    "2 places disable", "history.CreatedBy", "\"inherited\": false");
	/* What history shows fails even when the contents are broken. */
	history_set(s, IMG_C, "[{\"CreatedBy\":\"/bin/sh -c apk add "
	    "--allow-untrusted x\"}]");
	EXPECT(s, "image.verified_packages", "broken:1", false, NULL, HD_FAIL,
	    false, NULL, "verification disabled", "--allow-untrusted");
	content_set(s, IMG_B, "package_config", "[{\"path\":\"/etc/yum.repos.d/"
	    "x.repo\",\"line\":4,\"why\":\"gpgcheck=0\",\"layer\":0}]");
	EXPECT(s, "image.verified_packages", "unres:1", false, NULL, HD_FAIL,
	    false, NULL, "verification disabled in configuration", "gpgcheck=0");
	content_set(s, IMG_B, "package_config", "[{\"path\":\"/x\",\"layer\":0}]");
	EXPECT(s, "image.verified_packages", "unres:1", false, NULL, HD_ERROR,
	    false, "path and why are required", NULL, NULL);
	hd_snapshot_free(s);
	/* No contents: only history, and a person confirms the rest. */
	s = plain_snapshot("app");
	EXPECT(s, "image.verified_packages", "app:1", false, NULL, HD_MANUAL,
	    false, "were not read", "history.CreatedBy", "apk add");
	hd_snapshot_free(s);
}
END_TEST

/* ---- 4.3 ---------------------------------------------------------------- */

START_TEST(packages_counted)
{
	struct hd_snapshot *s = tu_snapshot_fixture(FIXTURE);

	EXPECT(s, "image.packages", "app:1", false, NULL, HD_MANUAL, false,
	    "120 packages installed", "installed packages", "120");
	EXPECT(s, "image.packages", "app:1", false, NULL, HD_MANUAL, false, NULL,
	    "package database", "dpkg");
	EXPECT(s, "image.packages", "app:1", false, "max_packages=200", HD_PASS,
	    false, "within max_packages (200)", "max_packages", "200");
	EXPECT(s, "image.packages", "app:1", false, "max_packages=120", HD_PASS,
	    false, NULL, NULL, NULL);
	EXPECT(s, "image.packages", "app:1", false, "max_packages=100", HD_FAIL,
	    false, "more than max_packages (100)", NULL, NULL);
	/* The binary rpm database: an error once a count decides. */
	EXPECT(s, "image.packages", "unres:1", false, "max_packages=100",
	    HD_ERROR, false, "rpmdb.sqlite could not be counted", NULL, NULL);
	EXPECT(s, "image.packages", "unres:1", false, NULL, HD_MANUAL, false,
	    "not counted: /var/lib/rpm/rpmdb.sqlite", NULL, NULL);
	EXPECT(s, "image.packages", "broken:1", false, "max_packages=100",
	    HD_ERROR, false, "digest mismatch", NULL, NULL);
	/* The database only the base's layers wrote: inherited. */
	content_set(s, IMG_A, "packages", "[{\"manager\":\"dpkg\",\"path\":"
	    "\"/var/lib/dpkg/status\",\"layer\":1,\"count\":90,\"error\":null},"
	    "{\"manager\":\"apk\",\"path\":\"/lib/apk/db/installed\",\"layer\":0,"
	    "\"count\":30,\"error\":null}]");
	EXPECT(s, "image.packages", "app:1", false, "max_packages=100", HD_FAIL,
	    true, "all installed by the base image's layers", "installed packages",
	    "120");
	/* No database at all (distroless, busybox): none installed. */
	content_set(s, IMG_A, "packages", "[]");
	EXPECT(s, "image.packages", "app:1", false, "max_packages=0", HD_PASS,
	    false, "0 packages installed", NULL, NULL);
	content_set(s, IMG_A, "packages", "[{\"manager\":\"dpkg\",\"path\":"
	    "\"/var/lib/dpkg/status\",\"layer\":1}]");
	EXPECT(s, "image.packages", "app:1", false, "max_packages=1", HD_ERROR,
	    false, "a count or an error are required", NULL, NULL);
	hd_snapshot_free(s);
	s = plain_snapshot("app");
	EXPECT(s, "image.packages", "app:1", false, "max_packages=10", HD_MANUAL,
	    false, "were not read", "history.CreatedBy", "apk add");
	hd_snapshot_free(s);
}
END_TEST

/* ---- 4.1 ---------------------------------------------------------------- */

/* A snapshot of image app:1 alone with Config.User user, the fixture's
 * contents, base.user base_user and, when given, passwd (JSON text). */
static struct hd_snapshot *
user_snapshot(const char *user, const char *base_user, const char *passwd)
{
	struct hd_snapshot *f = tu_snapshot_fixture(FIXTURE);
	json_object *c = fact_copy(f, HD_F_IMAGE_CONTENT, IMG_A), *b;
	struct hd_snapshot *s = hd_snapshot_new();
	char *j = hd_xasprintf("{\"Id\":\"" IMG_A "\",\"RepoTags\":[\"app:1\"],"
	    "\"Config\":{\"User\":\"%s\"}}", user);

	tu_add_image(s, j);
	free(j);
	json_object_object_get_ex(c, "base", &b);
	json_object_object_add(b, "user", base_user ?
	    json_object_new_string(base_user) : NULL);
	if (passwd != NULL)
		json_object_object_add(c, "passwd", strcmp(passwd, "null") == 0 ?
		    NULL : tu_json(passwd));
	fact_set(s, HD_F_IMAGE_CONTENT, IMG_A, c);
	hd_snapshot_free(f);
	return s;
}

START_TEST(user_of_images)
{
	struct hd_snapshot *s = tu_snapshot_fixture(FIXTURE);

	/* In `hardock image` 4.1 judges each image's USER. */
	EXPECT(s, "image.user", "app:1", true, NULL, HD_PASS, false,
	    "a non-zero uid in the image's /etc/passwd", "uid of user name",
	    "1000");
	/* toor is uid 0 there; the base is unresolved: nothing inherited. */
	EXPECT(s, "image.user", "unres:1", true, NULL, HD_FAIL, false,
	    "uid 0 in the image's /etc/passwd", "base image", "unresolved");
	/* A name, and the contents that would resolve it are broken. */
	EXPECT(s, "image.user", "broken:1", true, NULL, HD_ERROR, false,
	    "digest mismatch", NULL, NULL);
	hd_snapshot_free(s);
	/* No USER, and the base had none either: inherited. */
	s = user_snapshot("", NULL, NULL);
	EXPECT(s, "image.user", "app:1", true, NULL, HD_FAIL, true,
	    "run as root unless given --user", "inherited", "base image");
	hd_snapshot_free(s);
	/* USER root where the base ran as app: the image's own doing. */
	s = user_snapshot("root", "app", NULL);
	EXPECT(s, "image.user", "app:1", true, NULL, HD_FAIL, false,
	    "Config.User \"root\"", NULL, NULL);
	hd_snapshot_free(s);
	s = user_snapshot("0:0", "0:0", NULL);
	EXPECT(s, "image.user", "app:1", true, NULL, HD_FAIL, true, NULL, NULL,
	    NULL);
	hd_snapshot_free(s);
	/* A name no /etc/passwd holds: no user was created. */
	s = user_snapshot("ghost", NULL, NULL);
	EXPECT(s, "image.user", "app:1", true, NULL, HD_FAIL, false,
	    "is not in the image's /etc/passwd", "uid of user name", NULL);
	hd_snapshot_free(s);
	s = user_snapshot("appuser", NULL, "null");
	EXPECT(s, "image.user", "app:1", true, NULL, HD_FAIL, false,
	    "no user was created", NULL, NULL);
	hd_snapshot_free(s);
	s = user_snapshot("appuser", NULL, "{\"layer\":2,\"users\":[{\"name\":"
	    "\"appuser\"}]}");
	EXPECT(s, "image.user", "app:1", true, NULL, HD_ERROR, false,
	    "name and uid are required", NULL, NULL);
	hd_snapshot_free(s);
	/* A uid needs no /etc/passwd. */
	s = user_snapshot("10001:10001", NULL, "null");
	EXPECT(s, "image.user", "app:1", true, NULL, HD_PASS, false,
	    "runs as user \"10001:10001\"", NULL, NULL);
	hd_snapshot_free(s);
	/* Without contents a name stays unresolved. */
	s = plain_snapshot("app");
	EXPECT(s, "image.user", "app:1", true, NULL, HD_PASS, false,
	    "was not resolved", "uid of user name", NULL);
	hd_snapshot_free(s);
}
END_TEST

/* The container check resolves names through its image's contents. */
START_TEST(user_of_containers)
{
	struct hd_snapshot *s = tu_snapshot_fixture(FIXTURE);

	hd_snapshot_set_absent(s, HD_F_USERNS, "daemon.config", "not configured");
	tu_add_container(s, "{\"Id\":\"c1\",\"Name\":\"/toor\",\"Image\":\""
	    IMG_B "\",\"Config\":{\"User\":\"toor\"},\"HostConfig\":{}}");
	tu_add_container(s, "{\"Id\":\"c2\",\"Name\":\"/app\",\"Image\":\""
	    IMG_A "\",\"Config\":{\"User\":\"appuser:appuser\"},\"HostConfig\":{}}");
	tu_add_container(s, "{\"Id\":\"c3\",\"Name\":\"/ghost\",\"Image\":\""
	    IMG_A "\",\"Config\":{\"User\":\"ghost\"},\"HostConfig\":{}}");
	tu_add_container(s, "{\"Id\":\"c4\",\"Name\":\"/svc\",\"Image\":\""
	    IMG_C "\",\"Config\":{\"User\":\"svc\"},\"HostConfig\":{}}");
	tu_add_container(s, "{\"Id\":\"c5\",\"Name\":\"/uid\",\"Image\":\""
	    IMG_C "\",\"Config\":{\"User\":\"1000\"},\"HostConfig\":{}}");
	EXPECT(s, "image.user", "toor", false, NULL, HD_FAIL, false,
	    "uid 0 in the image's /etc/passwd", "uid of user name", "toor");
	EXPECT(s, "image.user", "toor", false, NULL, HD_FAIL, false,
	    "root in it is root on the host", NULL, NULL);
	EXPECT(s, "image.user", "app", false, NULL, HD_PASS, false,
	    "non-zero uid", "uid of user name", "appuser");
	EXPECT(s, "image.user", "ghost", false, NULL, HD_FAIL, false,
	    "not in the image's /etc/passwd", NULL, NULL);
	EXPECT(s, "image.user", "svc", false, NULL, HD_ERROR, false,
	    "digest mismatch", NULL, NULL);
	EXPECT(s, "image.user", "uid", false, NULL, HD_PASS, false,
	    "runs as user \"1000\"", NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

/* ---- Inherited from history: 4.7, 4.9, 4.10 ----------------------------- */

START_TEST(history_inherited)
{
	struct hd_snapshot *s = tu_snapshot_fixture(FIXTURE);
	const struct hd_result *res;
	struct hd_results *r;

	/* apt-get update is history entry 2 of the oldest 3 (the base's):
	 * newest first it is index 4 of 7. */
	EXPECT(s, "image.update_alone", "app:1", false, NULL, HD_FAIL, true,
	    "1 layer updates", "history.CreatedBy", "\"history\": 2");
	EXPECT(s, "image.update_alone", "app:1", false, NULL, HD_FAIL, true,
	    NULL, "history.CreatedBy", "\"index\": 1, \"digest\": "
	    "\"sha256:00000000000000000000000000000000000000000000000000000000000000d1");
	r = tu_run(s, "image.update_alone", NULL, &res);
	ck_assert(hd_result_inherited(res));
	ck_assert(hd_results_failed_at(r, HD_SEV_INFO, false));
	ck_assert(!hd_results_failed_at(r, HD_SEV_INFO, true));
	hd_results_free(r);
	/* The same entry when the base has only 2 history entries. */
	content_set(s, IMG_A, "base", "{\"how\":\"--base b\",\"name\":\"b\","
	    "\"digest\":null,\"layers\":1,\"history\":2,\"user\":null}");
	EXPECT(s, "image.update_alone", "app:1", false, NULL, HD_FAIL, false,
	    NULL, "history.CreatedBy", "\"inherited\": false");
	r = tu_run(s, "image.update_alone", NULL, &res);
	ck_assert(!hd_result_inherited(res));
	ck_assert(hd_results_failed_at(r, HD_SEV_INFO, true));
	hd_results_free(r);
	/* An unresolved base marks nothing, and says so. */
	history_set(s, IMG_B, "[{\"CreatedBy\":\"RUN apk update # buildkit\"},"
	    "{\"CreatedBy\":\"ADD rootfs.tar / # buildkit\"}]");
	EXPECT(s, "image.update_alone", "unres:1", false, NULL, HD_FAIL, false,
	    NULL, "base image", "nothing is marked inherited");
	/* 4.9: an ADD of the base's (not its root filesystem) and one of
	 * the image's own. */
	content_set(s, IMG_A, "base", "{\"how\":\"--base b\",\"name\":\"b\","
	    "\"digest\":null,\"layers\":2,\"history\":3,\"user\":null}");
	history_set(s, IMG_A, "[{\"CreatedBy\":\"/bin/sh -c #(nop) COPY x in /\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) COPY y in /\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:b in /opt \"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:r in / \"}]");
	EXPECT(s, "image.add_instruction", "app:1", false, NULL, HD_FAIL, true,
	    "1 ADD instruction", "history.CreatedBy", "file:b");
	history_set(s, IMG_A, "[{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:o in "
	    "/srv \"},{\"CreatedBy\":\"/bin/sh -c #(nop) COPY y in /\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:b in /opt \"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:r in / \"}]");
	EXPECT(s, "image.add_instruction", "app:1", false, NULL, HD_FAIL, false,
	    "2 ADD instructions", NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

/* 4.10 and HD-SECRET-2 on an image whose base set a secret ENV. */
START_TEST(history_secrets_inherited)
{
	struct hd_snapshot *f = tu_snapshot_fixture(FIXTURE);
	struct hd_snapshot *s = hd_snapshot_new();
	json_object *c = fact_copy(f, HD_F_IMAGE_CONTENT, IMG_A);
	const struct hd_result *res;
	struct hd_results *r;

	hd_snapshot_free(f);
	tu_add_image(s, "{\"Id\":\"" IMG_A "\",\"RepoTags\":[\"app:1\"],"
	    "\"Config\":{\"Env\":[\"DB_PASSWORD=hunter2hunter2\"]}}");
	fact_set(s, HD_F_IMAGE_CONTENT, IMG_A, c);
	/* Newest first: two of the image's own, then the base's three. */
	history_set(s, IMG_A, "[{\"CreatedBy\":\"/bin/sh -c make\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2hunter2\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop)  CMD [\\\"x\\\"]\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:r in / \"}]");
	EXPECT(s, "image.secrets", "app:1", false, NULL, HD_FAIL, true,
	    "all from the base image's history", "history.CreatedBy",
	    "\"inherited\": true");
	EXPECT(s, "image.history_secrets", "app:1", false, NULL, HD_FAIL, true,
	    NULL, "history.CreatedBy", "\"history\": 2");
	/* The image's own RUN adds a token: not only the base's. */
	history_set(s, IMG_A, "[{\"CreatedBy\":\"RUN |1 GH_TOKEN=ghp_aBcDeFgHiJk"
	    "LmNoPqRsTuVwXyZ0123456789 /bin/sh -c make\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2hunter2\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop)  CMD [\\\"x\\\"]\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:r in / \"}]");
	EXPECT(s, "image.secrets", "app:1", false, NULL, HD_FAIL, false,
	    "2 secrets", "history.CreatedBy", "\"inherited\": false");
	r = tu_run(s, "image.secrets", NULL, &res);
	ck_assert(!tu_has_evidence(&res->top, "history.CreatedBy", "hunter2"));
	ck_assert(!tu_has_evidence(&res->top, "Config.Env", "hunter2"));
	ck_assert(!tu_has_evidence(&res->top, "history.CreatedBy", "JkLmNo"));
	hd_results_free(r);
	/* An Env secret no history entry sets is the image's own. */
	history_set(s, IMG_A, "[{\"CreatedBy\":\"/bin/sh -c make\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:r in / \"}]");
	EXPECT(s, "image.secrets", "app:1", false, NULL, HD_FAIL, false,
	    "1 secret", "Config.Env", "\"inherited\": false");
	hd_snapshot_free(s);
}
END_TEST

/* 4.6, 4.7, 4.9 judge the inspect document and history the archive reader
 * builds (Id, RepoTags, Created, Config, RootFS: no Size, no
 * ContainerConfig) as they judge the engine's, in `hardock image`. */
START_TEST(archive_documents)
{
	struct hd_snapshot *s = tu_snapshot_fixture(FIXTURE);
	const struct hd_result *res;
	struct hd_results *r;

	EXPECT(s, "image.healthcheck", "app:1", true, NULL, HD_FAIL, false,
	    "no HEALTHCHECK", "Config.Healthcheck.Test", NULL);
	EXPECT(s, "image.update_alone", "app:1", true, NULL, HD_FAIL, true,
	    NULL, NULL, NULL);
	EXPECT(s, "image.update_alone", "unres:1", true, NULL, HD_PASS, false,
	    "in 2 history entries", NULL, NULL);
	EXPECT(s, "image.add_instruction", "app:1", true, NULL, HD_PASS, false,
	    "no ADD instruction in 7 history entries",
	    "base root filesystem ADD (not counted)", "file:0123abcd");
	/* The BuildKit root filesystem of an OCI image is not counted. */
	EXPECT(s, "image.add_instruction", "unres:1", true, NULL, HD_PASS, false,
	    NULL, "base root filesystem ADD (not counted)", "rootfs.tar");
	/* Nothing about the host is judged in an image audit. */
	r = run(s, "daemon.icc", true, NULL, &res);
	ck_assert_int_eq(res->status, HD_NOTSELECTED);
	hd_results_free(r);
	r = run(s, "container.privileged", true, NULL, &res);
	ck_assert_int_eq(res->status, HD_NOTSELECTED);
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

/* ---- Reporters ---------------------------------------------------------- */

/* Render format fn of a scan of s into a string (caller frees). */
static char *
render(int (*fn)(FILE *, const struct hd_report *),
    const struct hd_results *res, const struct hd_snapshot *s)
{
	struct hd_report rep;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	memset(&rep, 0, sizeof(rep));
	rep.results = res;
	rep.snapshot = s;
	rep.collected_at = "2026-12-01T00:00:00Z";
	rep.started_at = "2026-12-01T00:00:01Z";
	rep.finished_at = "2026-12-01T00:00:02Z";
	rep.profile = "default";
	rep.verbose = true;
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(fn(out, &rep), 0);
	fclose(out);
	return buf;
}

/* Every format shows inherited, escapes a hostile path and never shows a
 * secret's value, even one a (buggy) fact would hold. */
START_TEST(reporters)
{
	static const struct {
		const char *name;
		int (*fn)(FILE *, const struct hd_report *);
		const char *inherited; /* how the format shows it */
		bool markup;           /* HTML/XML: no raw '<script' */
	} formats[] = {
		{ "json", hd_render_json, "\"inherited\":true", false },
		{ "text", hd_render_text, "(inherited)", false },
		{ "csv", hd_render_csv, ",\"true\"\r\n", false },
		{ "junit", hd_render_junit, "(inherited from the base image)", true },
		{ "html", hd_render_html, "<span class=\"inh\"", true },
	};
	struct hd_snapshot *s = tu_snapshot_fixture(FIXTURE);
	struct hd_scan_opts o;
	struct hd_results *res;
	json_object *c = fact_copy(s, HD_F_IMAGE_CONTENT, IMG_A), *sec, *doc;
	json_object *it = tu_json("{\"kind\":\"environment file\",\"layer\":3,"
	    "\"deleted_in\":null,\"found\":[{\"name\":\"DB_PASSWORD\",\"value\":\""
	    LEAK "\",\"reason\":\"r\"}]}");

	/* The hostile path first, so every format's message names it. */
	json_object_object_add(it, "path", json_object_new_string(HOSTILE));
	json_object_object_get_ex(c, "secrets", &sec);
	json_object_array_put_idx(sec, 0, it);
	fact_set(s, HD_F_IMAGE_CONTENT, IMG_A, c);
	hd_scan_opts_init(&o);
	ck_assert_int_eq(hd_scan_run(&res, s, &o), 0);
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++) {
		char *out = render(formats[i].fn, res, s);

		ck_assert_msg(strstr(out, LEAK) == NULL, "%s shows the secret",
		    formats[i].name);
		ck_assert_msg(strchr(out, '\033') == NULL, "%s: raw escape",
		    formats[i].name);
		ck_assert_msg(strstr(out, formats[i].inherited) != NULL,
		    "%s does not show inherited (%s)", formats[i].name,
		    formats[i].inherited);
		if (formats[i].markup)
			ck_assert_msg(strstr(out, "<script>alert") == NULL &&
			    strstr(out, "&lt;script&gt;alert") != NULL,
			    "%s: the path is not escaped", formats[i].name);
		free(out);
	}
	/* JSON keeps the path exactly, escaped by the encoder. */
	{
		char *out = render(hd_render_json, res, s);

		doc = json_tokener_parse(out);
		ck_assert_ptr_nonnull(doc);
		ck_assert_ptr_nonnull(strstr(out, "\\u001b[2J\\\"q'\\n.env"));
		json_object_put(doc);
		free(out);
	}
	/* The text summary counts failures that are only inherited. */
	{
		char *out = render(hd_render_text, res, s);

		const char *p = strstr(out, "failed only");

		/* Wrapped at the width: the words, not the line. */
		ck_assert_ptr_nonnull(p);
		ck_assert_ptr_nonnull(strstr(p, "base image (inherited)"));
		free(out);
	}
	hd_results_free(res);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("checks_image_content");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, setuid_decided);
	tcase_add_test(tc, file_secrets);
	tcase_add_test(tc, verified_packages_content);
	tcase_add_test(tc, packages_counted);
	tcase_add_test(tc, user_of_images);
	tcase_add_test(tc, user_of_containers);
	tcase_add_test(tc, history_inherited);
	tcase_add_test(tc, history_secrets_inherited);
	tcase_add_test(tc, archive_documents);
	tcase_add_test(tc, reporters);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
