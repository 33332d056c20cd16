/* CIS section 4 checks on fixture snapshots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define IMG1 "sha256:1111"
#define IMG2 "sha256:2222"

/* An image whose Config is cfg, with a RepoTags list. */
static void
add_image(struct hd_snapshot *s, const char *id, const char *tag,
    const char *cfg)
{
	char *j = NULL;

	if (asprintf(&j, "{\"Id\":\"%s\",\"RepoTags\":[\"%s\"],"
	    "\"RepoDigests\":[],\"Created\":\"2024-01-01T00:00:00.5Z\","
	    "\"Size\":1234,\"RootFS\":{\"Layers\":[\"sha256:a\"]},"
	    "\"Config\":%s}", id, tag, cfg) < 0)
		abort();
	tu_add_image(s, j);
	free(j);
}

/* Set the image's history from JSON text. */
static void
set_history(struct hd_snapshot *s, const char *id, const char *json)
{
	char *k = NULL;

	if (asprintf(&k, "%s%s", HD_F_IMAGE_HISTORY, id) < 0)
		abort();
	hd_snapshot_set_value(s, k, tu_json(json), "GET /images/x/history");
	free(k);
}

/* A history of one entry per CreatedBy, newest first. */
static void
set_history1(struct hd_snapshot *s, const char *id, const char *cb)
{
	json_object *a = json_object_new_array(), *e = json_object_new_object();
	char *k = NULL;

	json_object_object_add(e, "CreatedBy", json_object_new_string(cb));
	json_object_array_add(a, e);
	if (asprintf(&k, "%s%s", HD_F_IMAGE_HISTORY, id) < 0)
		abort();
	hd_snapshot_set_value(s, k, a, "test");
	free(k);
}

/* A container running image IMG1 as user. */
static void
add_container(struct hd_snapshot *s, const char *name, const char *user,
    const char *extra)
{
	char *j = NULL;

	if (asprintf(&j, "{\"Id\":\"id-%s\",\"Name\":\"/%s\",\"Image\":\"" IMG1
	    "\",\"Config\":{\"User\":\"%s\"},\"HostConfig\":{%s},"
	    "\"State\":{\"Status\":\"running\"}}", name, name, user,
	    extra ? extra : "") < 0)
		abort();
	tu_add_container(s, j);
	free(j);
}

/* Status of check id with params (NULL-terminated, may be NULL) for the
 * child named name; its message must hold msg_part and an evidence field
 * ev_field (holding ev_value) must be there when they are given. */
static enum hd_status
child_status_p(const struct hd_snapshot *s, const char *id, const char *name,
    const char *const *params, const char *msg_part, const char *ev_field,
    const char *ev_value)
{
	const struct hd_result *res;
	struct hd_results *r = tu_run(s, id, params, &res);
	const struct hd_finding *c = tu_child_of(res, name);
	enum hd_status st;

	ck_assert_msg(c != NULL, "%s: no finding for %s", id, name);
	st = c->status;
	if (msg_part != NULL)
		ck_assert_msg(c->message && strstr(c->message, msg_part),
		    "%s/%s: message \"%s\" lacks \"%s\"", id, name,
		    c->message ? c->message : "", msg_part);
	if (ev_field != NULL)
		ck_assert_msg(tu_has_evidence(c, ev_field, ev_value),
		    "%s/%s: no evidence %s=%s (message %s)", id, name, ev_field,
		    ev_value ? ev_value : "*", c->message ? c->message : "");
	hd_results_free(r);
	return st;
}

/* child_status_p without parameters. */
static enum hd_status
child_status(const struct hd_snapshot *s, const char *id, const char *name,
    const char *msg_part, const char *ev_field, const char *ev_value)
{
	return child_status_p(s, id, name, NULL, msg_part, ev_field, ev_value);
}

/* ---- 4.1 ---------------------------------------------------------------- */

START_TEST(user_pass)
{
	struct hd_snapshot *s = hd_snapshot_new();

	add_image(s, IMG1, "app:1", "{\"User\":\"appuser\"}");
	add_container(s, "uid", "1000", NULL);
	add_container(s, "named", "app:root", NULL);
	ck_assert_int_eq(child_status(s, "image.user", "uid", "runs as user \"1000\"",
	    "Config.User", "1000"), HD_PASS);
	ck_assert_int_eq(child_status(s, "image.user", "uid", NULL,
	    "image Config.User", "appuser"), HD_PASS);
	ck_assert_int_eq(child_status(s, "image.user", "named", NULL, "Config.User",
	    "app:root"), HD_PASS);
	/* A name is not a uid: the evidence says it was not resolved. */
	ck_assert_int_eq(child_status(s, "image.user", "named",
	    "whether the image's /etc/passwd gives it uid 0 was not resolved",
	    "uid of user name", NULL), HD_PASS);
	ck_assert_int_eq(child_status(s, "image.user", "uid", "runs as user "
	    "\"1000\"", NULL, NULL), HD_PASS);
	ck_assert_int_eq(tu_status(s, "image.user"), HD_PASS);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(user_root_forms_fail)
{
	static const char *const roots[] = { "", "root", "0", "root:root",
		"0:0", "0:1000", "000", "root:" };
	struct hd_snapshot *s = hd_snapshot_new();

	add_image(s, IMG1, "app:1", "{\"User\":\"\"}");
	hd_snapshot_set_absent(s, HD_F_USERNS, "daemon.config", "not configured");
	for (size_t i = 0; i < sizeof(roots) / sizeof(*roots); i++) {
		char name[16];

		snprintf(name, sizeof(name), "c%zu", i);
		add_container(s, name, roots[i], NULL);
	}
	for (size_t i = 0; i < sizeof(roots) / sizeof(*roots); i++) {
		char name[16];

		snprintf(name, sizeof(name), "c%zu", i);
		ck_assert_int_eq(child_status(s, "image.user", name,
		    "root in it is root on the host", "userns-remap", "off"),
		    HD_FAIL);
	}
	ck_assert_int_eq(child_status(s, "image.user", "c0", "runs as root", "image Config.User",
	    "\"\""), HD_FAIL);
	ck_assert_int_eq(tu_status(s, "image.user"), HD_FAIL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(user_root_remapped)
{
	struct hd_snapshot *s = hd_snapshot_new();

	add_image(s, IMG1, "app:1", "{}");
	hd_snapshot_set_value(s, HD_F_USERNS, tu_json("{\"user\":\"dockremap\"}"),
	    "/etc/docker/daemon.json");
	add_container(s, "r", "root", NULL);
	add_container(s, "h", "0", "\"UsernsMode\":\"host\"");
	ck_assert_int_eq(child_status(s, "image.user", "r", "userns-remap is on",
	    "userns-remap", "dockremap"), HD_FAIL);
	ck_assert_int_eq(child_status(s, "image.user", "h", "opts out of userns-remap",
	    "HostConfig.UsernsMode", "host"), HD_FAIL);
	hd_snapshot_free(s);

	/* Without the fact, /info's SecurityOptions tell. */
	s = hd_snapshot_new();
	hd_snapshot_set_error(s, HD_F_USERNS, "x", "unreadable");
	hd_snapshot_set_value(s, HD_F_ENGINE_INFO, tu_json("{\"SecurityOptions\":"
	    "[\"name=seccomp,profile=builtin\",\"name=userns\"]}"), "GET /info");
	add_container(s, "r", "", NULL);
	ck_assert_int_eq(child_status(s, "image.user", "r", "userns-remap is on",
	    "image Config.User", NULL), HD_FAIL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(user_error_and_na)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ck_assert_int_eq(tu_status(s, "image.user"), HD_ERROR); /* no container list */
	hd_snapshot_set_value(s, HD_F_ENGINE_CONTAINERS, json_object_new_array(),
	    "test");
	ck_assert_int_eq(tu_status(s, "image.user"), HD_NOTAPPLICABLE);
	tu_add_container(s, "{\"Id\":\"x\",\"Name\":\"/int\",\"Config\":{\"User\":0}}");
	tu_add_container(s, "{\"Id\":\"y\",\"Name\":\"/str\",\"Config\":\"root\"}");
	ck_assert_int_eq(child_status(s, "image.user", "int", "expected string", NULL,
	    NULL), HD_ERROR);
	ck_assert_int_eq(child_status(s, "image.user", "str", "expected object", NULL,
	    NULL), HD_ERROR);
	ck_assert_int_eq(tu_status(s, "image.user"), HD_ERROR);
	hd_snapshot_free(s);
}
END_TEST

/* ---- 4.2 - 4.5, 4.8, 4.12: manual with evidence ------------------------- */

START_TEST(manual_checks)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_meta(s, HD_META_COLLECTED_AT, "2024-01-31T00:00:00Z");
	add_image(s, IMG1, "app:1", "{\"User\":\"app\",\"Labels\":"
	    "{\"org.opencontainers.image.base.name\":\"debian:12\"}}");
	set_history(s, IMG1, "[{\"CreatedBy\":\"/bin/sh -c apt-get update && "
	    "apt-get install -y curl\"},{\"CreatedBy\":\"/bin/sh -c #(nop) ADD "
	    "file:abc in / \"}]");
	ck_assert_int_eq(child_status(s, "image.trusted_base", "app:1", "review",
	    "base layer CreatedBy", "ADD file:abc in \\/"), HD_MANUAL);
	ck_assert_int_eq(child_status(s, "image.trusted_base", "app:1", NULL,
	    "Config.Labels[org.opencontainers.image.base.name]", "debian:12"),
	    HD_MANUAL);
	ck_assert_int_eq(child_status(s, "image.packages", "app:1", "1 package command",
	    "history.CreatedBy", "apt-get install -y curl"), HD_MANUAL);
	ck_assert_int_eq(child_status(s, "image.packages", "app:1", NULL,
	    "RootFS.Layers count", "1"), HD_MANUAL);
	ck_assert_int_eq(child_status(s, "image.patched", "app:1", "built 30 days",
	    "age_days", "30"), HD_MANUAL);
	ck_assert_int_eq(child_status(s, "image.setuid", "app:1", "find app:1 /",
	    "Config.User", "app"), HD_MANUAL);
	ck_assert_int_eq(child_status(s, "image.signed_artifacts", "app:1", "no registry digest",
	    "RepoDigests", "[ ]"), HD_MANUAL);
	ck_assert_int_eq(tu_status(s, "image.trusted_base"), HD_MANUAL);
	hd_snapshot_free(s);
}
END_TEST

/* 4.2 against trusted_registries: the registry of every repository of
 * RepoTags and RepoDigests, resolved as the engine does. */
START_TEST(trusted_registries)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const char *hub[] = { "trusted_registries=docker.io,reg.example:5000", NULL };
	const char *official[] = { "trusted_registries=docker.io/library/", NULL };
	const char *none[] = { "trusted_registries=reg.example:5000", NULL };

	tu_add_image(s, "{\"Id\":\"sha256:a\",\"RepoTags\":[\"nginx:1.25\","
	    "\"reg.example:5000/team/app:2\"],\"RepoDigests\":[\"nginx@sha256:00\"],"
	    "\"Config\":{}}");
	tu_add_image(s, "{\"Id\":\"sha256:b\",\"RepoTags\":[\"bob/tool:latest\","
	    "\"index.docker.io/bob/tool:1\"],\"RepoDigests\":[],\"Config\":{}}");
	tu_add_image(s, "{\"Id\":\"sha256:c\",\"RepoTags\":[\"localhost:5000/x\","
	    "\"quay.io/org/y:3\"],\"RepoDigests\":[],\"Config\":{}}");
	tu_add_image(s, "{\"Id\":\"sha256:d\",\"RepoTags\":[],\"RepoDigests\":[],"
	    "\"Config\":{}}");
	tu_add_image(s, "{\"Id\":\"sha256:e\",\"RepoTags\":[],"
	    "\"RepoDigests\":\"nginx@sha256:00\",\"Config\":{}}");
	for (const char *const *id = (const char *const[]){ "sha256:a", "sha256:b",
	    "sha256:c", "sha256:d", "sha256:e", NULL }; *id; id++)
		set_history(s, *id, "[{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:x in / \"}]");
	/* Without the parameter a person decides. */
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "nginx:1.25", NULL,
	    "trusted_registries", NULL, NULL), HD_MANUAL);
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "nginx:1.25", hub,
	    "every repository", "repositories", "docker.io\\/library\\/nginx"),
	    HD_PASS);
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "nginx:1.25", hub,
	    NULL, "repositories", "reg.example:5000\\/team\\/app"), HD_PASS);
	/* index.docker.io is Docker Hub. */
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "bob/tool:latest",
	    hub, NULL, NULL, NULL), HD_PASS);
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "localhost:5000/x",
	    hub, "2 of 2", "untrusted repository", "quay.io\\/org\\/y"), HD_FAIL);
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "localhost:5000/x",
	    hub, NULL, "untrusted repository", "localhost:5000\\/x"), HD_FAIL);
	/* A repository prefix: only official images. */
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "bob/tool:latest",
	    official, NULL, "untrusted repository", "docker.io\\/bob\\/tool"),
	    HD_FAIL);
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "nginx:1.25",
	    official, NULL, "untrusted repository", "reg.example"), HD_FAIL);
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "nginx:1.25",
	    none, NULL, "untrusted repository", "docker.io\\/library\\/nginx"),
	    HD_FAIL);
	/* Built or imported locally: nothing to judge by registry. */
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "sha256:d", hub,
	    "built or imported locally", NULL, NULL), HD_MANUAL);
	ck_assert_int_eq(child_status_p(s, "image.trusted_base", "sha256:e", hub,
	    "expected array", NULL, NULL), HD_ERROR);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(manual_errors)
{
	struct hd_snapshot *s = hd_snapshot_new();

	/* History not collected: 4.2 and 4.3 cannot show it. */
	add_image(s, IMG1, "app:1", "{}");
	ck_assert_int_eq(child_status(s, "image.trusted_base", "app:1", "not collected", NULL,
	    NULL), HD_ERROR);
	ck_assert_int_eq(child_status(s, "image.packages", "app:1", "not collected", NULL,
	    NULL), HD_ERROR);
	hd_snapshot_free(s);
	s = hd_snapshot_new();
	tu_add_image(s, "{\"Id\":\"" IMG1 "\",\"Created\":5,\"RepoDigests\":\"x\"}");
	ck_assert_int_eq(child_status(s, "image.patched", IMG1, "Created: expected string",
	    NULL, NULL), HD_ERROR);
	ck_assert_int_eq(child_status(s, "image.signed_artifacts", IMG1, "expected array", NULL,
	    NULL), HD_ERROR);
	ck_assert_int_eq(tu_status(s, "image.content_trust"), HD_ERROR);
	hd_snapshot_free(s);
}
END_TEST

/* Set the client environment fact for DOCKER_CONTENT_TRUST. */
static void
set_trust_env(struct hd_snapshot *s, const char *settings, const char *unreadable)
{
	char *v = hd_xasprintf("{\"settings\": %s, \"files_read\": "
	    "[\"/etc/environment\"], \"unreadable\": %s}", settings, unreadable);

	hd_snapshot_set_value(s, HD_F_CLIENT_ENV "DOCKER_CONTENT_TRUST",
	    tu_json(v), "system-wide environment files");
	free(v);
}

/* One setting of the variable as the collector records it. */
#define TRUST(v, src, exp) "{\"value\": \"" v "\", \"source\": \"" src "\", " \
	"\"scope\": \"every PAM session\", \"exported\": " exp "}"

START_TEST(content_trust)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const struct hd_result *res;
	struct hd_results *r;

	ck_assert_int_eq(tu_status(s, "image.content_trust"), HD_ERROR);
	add_image(s, IMG1, "local:1", "{}");
	tu_add_image(s, "{\"Id\":\"" IMG2 "\",\"RepoTags\":[\"debian:12\"],"
	    "\"RepoDigests\":[\"debian@sha256:ab\"]}");
	/* Set nowhere: fails, with the limit of what was read. */
	set_trust_env(s, "[]", "[]");
	r = tu_run(s, "image.content_trust", NULL, &res);
	ck_assert_int_eq(res->status, HD_FAIL);
	ck_assert_ptr_nonnull(strstr(res->top.message, "exported by no system-wide"));
	ck_assert_ptr_nonnull(strstr(res->top.message, "--disable-content-trust"));
	ck_assert(tu_has_evidence(&res->top, "files read", "environment"));
	ck_assert(tu_has_evidence(&res->top, "image without a registry digest",
	    "local:1"));
	ck_assert(!tu_has_evidence(&res->top, "image without a registry digest",
	    "debian"));
	ck_assert(tu_has_evidence(&res->top, "images without a registry digest",
	    "1"));
	hd_results_free(r);
	/* Enabled system-wide: passes, and still says where it ends. */
	set_trust_env(s, "[" TRUST("1", "/etc/environment:3", "true") "]", "[]");
	r = tu_run(s, "image.content_trust", NULL, &res);
	ck_assert_int_eq(res->status, HD_PASS);
	ck_assert_ptr_nonnull(strstr(res->top.message, "/etc/environment:3"));
	ck_assert_ptr_nonnull(strstr(res->top.message, "a user's own shell files"));
	ck_assert(tu_has_evidence(&res->top, "setting", "DOCKER_CONTENT_TRUST=1"));
	hd_results_free(r);
	/* "yes" is not a Go boolean: the CLI turns trust on for it. */
	set_trust_env(s, "[" TRUST("yes", "/etc/profile.d/t.sh:1", "true") "]", "[]");
	ck_assert_int_eq(tu_status(s, "image.content_trust"), HD_PASS);
	/* Turned off anywhere fails, whatever else turns it on. */
	set_trust_env(s, "[" TRUST("1", "/etc/environment:3", "true") ", "
	    TRUST("false", "/etc/profile.d/z.sh:2", "true") "]", "[]");
	r = tu_run(s, "image.content_trust", NULL, &res);
	ck_assert_int_eq(res->status, HD_FAIL);
	ck_assert_ptr_nonnull(strstr(res->top.message, "turned off system-wide "
	    "(/etc/profile.d/z.sh:2)"));
	hd_results_free(r);
	/* A plain shell assignment reaches no client. */
	set_trust_env(s, "[" TRUST("1", "/etc/profile:9", "false") "]", "[]");
	ck_assert_int_eq(tu_status(s, "image.content_trust"), HD_FAIL);
	/* What could not be read may hold the setting. */
	set_trust_env(s, "[" TRUST("1", "/etc/environment:3", "true") "]",
	    "[{\"path\": \"/etc/profile.d\", \"reason\": \"permission denied\"}]");
	r = tu_run(s, "image.content_trust", NULL, &res);
	ck_assert_int_eq(res->status, HD_ERROR);
	ck_assert(tu_has_evidence(&res->top, "unreadable", "permission denied"));
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

/* ---- 4.6 ---------------------------------------------------------------- */

START_TEST(healthcheck)
{
	struct hd_snapshot *s = hd_snapshot_new();

	add_image(s, IMG1, "ok:1", "{\"Healthcheck\":{\"Test\":[\"CMD-SHELL\","
	    "\"curl -f http://localhost/\"]}}");
	add_image(s, IMG2, "none:1", "{\"Healthcheck\":{\"Test\":[\"NONE\"]}}");
	add_image(s, "sha256:3", "missing:1", "{}");
	add_image(s, "sha256:4", "null:1", "null");
	add_image(s, "sha256:5", "bad:1", "{\"Healthcheck\":{\"Test\":\"CMD\"}}");
	add_image(s, "sha256:6", "bad2:1", "{\"Healthcheck\":{\"Test\":[1]}}");
	add_image(s, "sha256:7", "bad3:1", "\"x\"");
	add_image(s, "sha256:8", "cred:1", "{\"Healthcheck\":{\"Test\":[\"CMD-SHELL\","
	    "\"curl -f http://admin:s3cretpassw0rd@localhost/ && DB_PASSWORD=hunter2hunter2 "
	    "check\"]}}");
	ck_assert_int_eq(child_status(s, "image.healthcheck", "ok:1", "HEALTHCHECK CMD-SHELL",
	    "Config.Healthcheck.Test", "curl -f"), HD_PASS);
	ck_assert_int_eq(child_status(s, "image.healthcheck", "none:1", "NONE",
	    "Config.Healthcheck.Test", "NONE"), HD_FAIL);
	ck_assert_int_eq(child_status(s, "image.healthcheck", "missing:1", "no HEALTHCHECK",
	    "Config.Healthcheck.Test", NULL), HD_FAIL);
	ck_assert_int_eq(child_status(s, "image.healthcheck", "null:1", "no HEALTHCHECK",
	    NULL, NULL), HD_FAIL);
	ck_assert_int_eq(child_status(s, "image.healthcheck", "bad:1", "expected array",
	    NULL, NULL), HD_ERROR);
	ck_assert_int_eq(child_status(s, "image.healthcheck", "bad2:1", "expected string",
	    NULL, NULL), HD_ERROR);
	ck_assert_int_eq(child_status(s, "image.healthcheck", "bad3:1", "expected object",
	    NULL, NULL), HD_ERROR);
	/* The command is evidence with its credentials redacted. */
	ck_assert_int_eq(child_status(s, "image.healthcheck", "cred:1", NULL,
	    "Config.Healthcheck.Test", "DB_PASSWORD=<redacted>"), HD_PASS);
	{
		const struct hd_result *res;
		struct hd_results *r = tu_run(s, "image.healthcheck", NULL, &res);
		const struct hd_finding *c = tu_child_of(res, "cred:1");

		ck_assert(!tu_has_evidence(c, "Config.Healthcheck.Test", "s3cretpassw0rd"));
		ck_assert(!tu_has_evidence(c, "Config.Healthcheck.Test", "hunter2"));
		hd_results_free(r);
	}
	hd_snapshot_free(s);
}
END_TEST

/* ---- 4.7 ---------------------------------------------------------------- */

START_TEST(update_alone)
{
	static const struct {
		const char *cb;
		enum hd_status st;
	} cases[] = {
		{ "/bin/sh -c apt-get update", HD_FAIL },
		{ "RUN /bin/sh -c apt-get -q update # buildkit", HD_FAIL },
		{ "/bin/sh -c apk update", HD_FAIL },
		{ "/bin/sh -c yum -y update && yum clean all", HD_FAIL },
		{ "|1 X=y /bin/sh -c /usr/bin/dnf makecache", HD_FAIL },
		{ "/bin/sh -c zypper --non-interactive refresh", HD_FAIL },
		{ "/bin/sh -c apt-get update && apt-get install -y curl", HD_PASS },
		{ "/bin/sh -c apt-get update && apt-get -o Dpkg::Options::=--force-confold "
		  "install -y curl", HD_PASS },
		{ "RUN /bin/sh -c apk update && apk add --no-cache git # buildkit", HD_PASS },
		{ "/bin/sh -c apk add --no-cache curl", HD_PASS },
		{ "/bin/sh -c #(nop)  ENV NOTE=apt-get update", HD_PASS },
		{ "/bin/sh -c echo update", HD_PASS },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct hd_snapshot *s = hd_snapshot_new();

		add_image(s, IMG1, "app:1", "{}");
		set_history1(s, IMG1, cases[i].cb);
		ck_assert_msg(child_status(s, "image.update_alone", "app:1",
		    cases[i].st == HD_FAIL ? "without installing" : "no update",
		    cases[i].st == HD_FAIL ? "history.CreatedBy" : "history entries",
		    NULL) == cases[i].st, "4.7 on \"%s\"", cases[i].cb);
		hd_snapshot_free(s);
	}
}
END_TEST

START_TEST(update_alone_errors)
{
	struct hd_snapshot *s = hd_snapshot_new();

	add_image(s, IMG1, "a:1", "{}");
	add_image(s, IMG2, "b:1", "{}");
	add_image(s, "sha256:3", "c:1", "{}");
	add_image(s, "sha256:4", "d:1", "{}");
	set_history(s, IMG1, "[]");
	set_history(s, IMG2, "[{\"CreatedBy\":5}]");
	set_history(s, "sha256:3", "{\"CreatedBy\":\"x\"}");
	ck_assert_int_eq(child_status(s, "image.update_alone", "a:1", "no history", NULL, NULL),
	    HD_NOTAPPLICABLE);
	ck_assert_int_eq(child_status(s, "image.update_alone", "b:1", "CreatedBy: expected string",
	    NULL, NULL), HD_ERROR);
	ck_assert_int_eq(child_status(s, "image.update_alone", "c:1", "expected array", NULL,
	    NULL), HD_ERROR);
	ck_assert_int_eq(child_status(s, "image.update_alone", "d:1", "not collected", NULL,
	    NULL), HD_ERROR);
	hd_snapshot_free(s);
}
END_TEST

/* ---- 4.9 ---------------------------------------------------------------- */

START_TEST(add_instead_of_copy)
{
	struct hd_snapshot *s = hd_snapshot_new();

	add_image(s, IMG1, "base:1", "{}");
	add_image(s, IMG2, "app:1", "{}");
	add_image(s, "sha256:3", "bk:1", "{}");
	add_image(s, "sha256:4", "imp:1", "{}");
	set_history(s, IMG1, "[{\"CreatedBy\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) COPY file:1 in /app \"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:abc in / \"}]");
	set_history(s, IMG2, "[{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:def in / \"},"
	    "{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:abc in / \"}]");
	set_history(s, "sha256:3", "[{\"CreatedBy\":\"ADD https://example.com/x.tgz "
	    "/opt/ # buildkit\"},{\"CreatedBy\":\"ADD rootfs.tar.xz / # buildkit\"}]");
	set_history(s, "sha256:4", "[{\"CreatedBy\":\"\",\"Comment\":\"Imported from -\"}]");
	ck_assert_int_eq(child_status(s, "image.add_instruction", "base:1", "no ADD",
	    "base root filesystem ADD (not counted)", "file:abc in \\/"), HD_PASS);
	ck_assert_int_eq(child_status(s, "image.add_instruction", "app:1", "1 ADD instruction",
	    "history.CreatedBy", "ADD file:def in \\/"), HD_FAIL);
	ck_assert_int_eq(child_status(s, "image.add_instruction", "bk:1", "1 ADD",
	    "history.CreatedBy", "https:\\/\\/example.com\\/x.tgz"), HD_FAIL);
	ck_assert_int_eq(child_status(s, "image.add_instruction", "imp:1", "no ADD", NULL, NULL),
	    HD_PASS);
	hd_snapshot_free(s);
}
END_TEST

/* ---- 4.10 and 4.11 ------------------------------------------------------ */

START_TEST(dockerfile_secrets)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const struct hd_result *res;
	struct hd_results *r;
	char *all;

	add_image(s, IMG1, "leaky:1", "{\"Env\":[\"PATH=/bin\","
	    "\"API_KEY=abcdefghijklmnop\"]}");
	add_image(s, IMG2, "clean:1", "{\"Env\":[\"PATH=/bin\","
	    "\"DB_PASSWORD_FILE=/run/secrets/db\"]}");
	add_image(s, "sha256:3", "bad:1", "{\"Env\":[1]}");
	set_history(s, IMG1, "[{\"CreatedBy\":\"/bin/sh -c #(nop)  ENV "
	    "DB_PASSWORD=hunter2hunter2\"},{\"CreatedBy\":\"RUN |1 "
	    "GH_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 /bin/sh -c make\"}]");
	set_history(s, IMG2, "[{\"CreatedBy\":\"/bin/sh -c #(nop)  ENV "
	    "DB_PASSWORD_FILE=/run/secrets/db\"}]");
	set_history(s, "sha256:3", "[]");
	ck_assert_int_eq(child_status(s, "image.secrets", "leaky:1", "3 secrets",
	    "history.CreatedBy", "DB_PASSWORD"), HD_FAIL);
	ck_assert_int_eq(child_status(s, "image.secrets", "leaky:1", NULL,
	    "history.CreatedBy", "<redacted>"), HD_FAIL);
	ck_assert_int_eq(child_status(s, "image.secrets", "leaky:1", NULL, "Config.Env",
	    "API_KEY"), HD_FAIL);
	ck_assert_int_eq(child_status(s, "image.secrets", "clean:1", "no secret",
	    "history entries scanned", "1"), HD_PASS);
	ck_assert_int_eq(child_status(s, "image.secrets", "bad:1", "expected string", NULL,
	    NULL), HD_ERROR);
	/* The secret itself never appears in the result. */
	r = tu_run(s, "image.secrets", NULL, &res);
	all = NULL;
	for (size_t i = 0; i < res->top.nchildren; i++)
		for (size_t k = 0; k < res->top.children[i].nevidence; k++) {
			const char *t = json_object_to_json_string(
			    res->top.children[i].evidence[k].value);

			ck_assert_ptr_null(strstr(t, "hunter2"));
			ck_assert_ptr_null(strstr(t, "JkLmNoP"));
			ck_assert_ptr_null(strstr(t, "ijklmnop"));
		}
	free(all);
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(verified_packages)
{
	struct hd_snapshot *s = hd_snapshot_new();

	add_image(s, IMG1, "bad:1", "{}");
	add_image(s, IMG2, "ok:1", "{}");
	set_history1(s, IMG1, "/bin/sh -c apt-get update && apt-get install -y "
	    "--allow-unauthenticated curl");
	set_history1(s, IMG2, "/bin/sh -c apk add --no-cache curl");
	ck_assert_int_eq(child_status(s, "image.verified_packages", "bad:1", "disables package signature verification",
	    "verification disabled", "--allow-unauthenticated"), HD_FAIL);
	ck_assert_int_eq(child_status(s, "image.verified_packages", "ok:1", "1 package command",
	    "history.CreatedBy", "apk add"), HD_MANUAL);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("checks_images");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, user_pass);
	tcase_add_test(tc, user_root_forms_fail);
	tcase_add_test(tc, user_root_remapped);
	tcase_add_test(tc, user_error_and_na);
	tcase_add_test(tc, manual_checks);
	tcase_add_test(tc, manual_errors);
	tcase_add_test(tc, trusted_registries);
	tcase_add_test(tc, content_trust);
	tcase_add_test(tc, healthcheck);
	tcase_add_test(tc, update_alone);
	tcase_add_test(tc, update_alone_errors);
	tcase_add_test(tc, add_instead_of_copy);
	tcase_add_test(tc, dockerfile_secrets);
	tcase_add_test(tc, verified_packages);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
