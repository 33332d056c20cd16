/* The image reader (<hardock/image.h>) on archives made by
 * tests/fixtures/images/make-fixtures.py: docker save, OCI layouts,
 * several images, whiteouts, digests that lie, and hostile archives. */
#include <stdlib.h>
#include <string.h>

#include <hardock/buf.h>
#include <hardock/image.h>

#include "collect/image_int.h"
#include "secret_detect.h"
#include "testutil.h"

#ifndef HD_IMAGE_FIXTURES
#error "HD_IMAGE_FIXTURES: the directory make-fixtures.py writes"
#endif

/* The fixture file name as a path (static buffer). */
static const char *
fx(const char *name)
{
	static char p[4096];

	snprintf(p, sizeof(p), "%s/%s", HD_IMAGE_FIXTURES, name);
	return p;
}

/* The first line of fixture file name (an image id), static buffer. */
static const char *
fx_line(const char *name, int line)
{
	static char out[128];
	struct hd_buf *b = NULL;
	const char *p;

	ck_assert_int_eq(hd_buf_load(&b, fx(name), 4096), HD_OK);
	p = hd_buf_ptr(b);
	for (int i = 0; i < line && p; i++)
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	ck_assert_ptr_nonnull(p);
	snprintf(out, sizeof(out), "%.71s", p);
	hd_buf_free(b);
	return out;
}

/* Read fixture name into a new snapshot; the read's code in *rc. */
static struct hd_snapshot *
read_fx(const char *name, const struct hd_image_limits *lim, unsigned flags,
    int *rc)
{
	struct hd_snapshot *s = hd_snapshot_new();
	int r = hd_image_read_path(s, fx(name), lim, flags);

	if (rc != NULL)
		*rc = r;
	else
		ck_assert_msg(r == HD_OK, "%s: %s", name, hd_error_last());
	return s;
}

/* Image id's content fact. */
static struct hd_fact
content(const struct hd_snapshot *s, const char *id)
{
	struct hd_fact f;
	char *key = hd_xasprintf("%s%s", HD_F_IMAGE_CONTENT, id);

	hd_snapshot_fact(&f, s, key);
	free(key);
	return f;
}

/* The content value of the only image of s (asserting it was read). */
static json_object *
only_content(const struct hd_snapshot *s)
{
	struct hd_object o;
	struct hd_fact f;

	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_IMAGE), 1);
	hd_snapshot_object(&o, s, HD_OBJ_IMAGE, 0);
	f = content(s, o.id);
	ck_assert_msg(f.state == HD_FACT_VALUE, "content: %s",
	    f.reason ? f.reason : "?");
	return f.value;
}

/* The reason of the only image's content error. */
static const char *
only_error(const struct hd_snapshot *s)
{
	struct hd_object o;
	struct hd_fact f;

	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_IMAGE), 1);
	hd_snapshot_object(&o, s, HD_OBJ_IMAGE, 0);
	f = content(s, o.id);
	ck_assert_int_eq(f.state, HD_FACT_ERROR);
	return f.reason;
}

/* The entry of array key of c whose "path" is path, or NULL. */
static json_object *
entry(json_object *c, const char *key, const char *path)
{
	json_object *arr, *p;

	ck_assert(json_object_object_get_ex(c, key, &arr));
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);

		if (json_object_object_get_ex(e, "path", &p) &&
		    strcmp(json_object_get_string(p), path) == 0)
			return e;
	}
	return NULL;
}

/* Integer member key of o. */
static int64_t
ival(json_object *o, const char *key)
{
	json_object *v;

	ck_assert_msg(json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_int), "%s is not an int", key);
	return json_object_get_int64(v);
}

/* Whether member key of o is null. */
static bool
is_null(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && v == NULL;
}

/* The whole snapshot as text. */
static char *
snapshot_text(const struct hd_snapshot *s)
{
	return hd_xstrdup(json_object_to_json_string_ext(hd_snapshot_json(s),
	    JSON_C_TO_STRING_PLAIN));
}

/* What the docker save fixture must show, whatever way it was read. */
static void
check_web(const struct hd_snapshot *s)
{
	json_object *c = only_content(s), *e, *ls, *v;
	char *text;

	ck_assert_str_eq(json_object_get_string(json_object_object_get(c,
	    "format")), "docker-archive");
	ls = json_object_object_get(c, "layers");
	ck_assert_uint_eq(json_object_array_length(ls), 3);
	for (size_t i = 0; i < 3; i++) {
		e = json_object_array_get_idx(ls, i);
		ck_assert(json_object_get_boolean(json_object_object_get(e, "verified")));
		ck_assert_ptr_nonnull(strstr(json_object_get_string(
		    json_object_object_get(e, "verify")), "rootfs.diff_ids"));
	}
	/* The CMD entry is an empty layer: layer 1 was made by history 2. */
	ck_assert_int_eq(ival(json_object_array_get_idx(ls, 1), "history"), 2);
	/* setuid: su, its hard link, the setgid wall; sudo lost it later. */
	ck_assert_ptr_nonnull(e = entry(c, "setuid", "/bin/su"));
	ck_assert_int_eq(ival(e, "mode"), 04755);
	ck_assert_ptr_nonnull(e = entry(c, "setuid", "/bin/su2"));
	ck_assert_int_eq(ival(e, "mode"), 04755);
	ck_assert_ptr_nonnull(e = entry(c, "setuid", "/usr/bin/wall"));
	ck_assert_int_eq(ival(e, "gid"), 5);
	ck_assert_ptr_null(entry(c, "setuid", "/usr/bin/sudo"));
	/* The key deleted in layer 2 is still in the image. */
	ck_assert_ptr_nonnull(e = entry(c, "secrets", "/root/.ssh/id_rsa"));
	ck_assert_int_eq(ival(e, "layer"), 1);
	ck_assert_int_eq(ival(e, "deleted_in"), 2);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(e, "kind")),
	    "private key");
	ck_assert_ptr_nonnull(e = entry(c, "secrets", "/app/.npmrc"));
	ck_assert(is_null(e, "deleted_in"));
	ck_assert_ptr_nonnull(e = entry(c, "secrets", "/app/.env"));
	v = json_object_array_get_idx(json_object_object_get(e, "found"), 0);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(v, "name")),
	    "DB_PASSWORD");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(v, "value")),
	    HD_SECRET_REDACTED);
	ck_assert_ptr_null(entry(c, "secrets", "/app/.env.example"));
	ck_assert_ptr_nonnull(entry(c, "secrets", "/home/app/.bash_history"));
	/* Package configuration: the opaque apt.conf.d hides 99unauth. */
	ck_assert_ptr_nonnull(e = entry(c, "package_config",
	    "/etc/apt/sources.list.d/x.list"));
	ck_assert_str_eq(json_object_get_string(json_object_object_get(e, "why")),
	    "[trusted=yes] source");
	ck_assert_ptr_nonnull(e = entry(c, "package_config", "/etc/yum.repos.d/y.repo"));
	ck_assert_int_eq(ival(e, "line"), 2);
	ck_assert_ptr_null(entry(c, "package_config", "/etc/yum.repos.d/x.repo"));
	ck_assert_ptr_null(entry(c, "package_config",
	    "/etc/apt/apt.conf.d/99unauth"));
	ck_assert_ptr_nonnull(e = entry(c, "packages", "/var/lib/dpkg/status"));
	ck_assert_int_eq(ival(e, "count"), 2);
	e = json_object_object_get(c, "passwd");
	ck_assert_int_eq(ival(e, "layer"), 2);
	ck_assert_uint_eq(json_object_array_length(json_object_object_get(e,
	    "users")), 3);
	/* Never a secret's value, anywhere in the snapshot. */
	text = snapshot_text(s);
	ck_assert_ptr_null(strstr(text, "npm_SECRETVALUE"));
	ck_assert_ptr_null(strstr(text, "hunter2"));
	ck_assert_ptr_null(strstr(text, "b3BlbnNzaC1rZXkt"));
	ck_assert_ptr_null(strstr(text, "ghp_abcdef"));
	free(text);
}

START_TEST(docker_archive)
{
	struct hd_snapshot *s = read_fx("docker.tar", NULL, 0, NULL);
	const char *id = fx_line("docker.id", 0);
	struct hd_object o;
	struct hd_fact h;
	char *key;
	json_object *v;

	check_web(s);
	hd_snapshot_object(&o, s, HD_OBJ_IMAGE, 0);
	ck_assert_str_eq(o.id, id);
	ck_assert_str_eq(o.name, "web:1");
	/* The inspect shape the engine's checks read. */
	ck_assert(json_object_object_get_ex(o.inspect.value, "Config", &v));
	ck_assert_str_eq(json_object_get_string(json_object_object_get(v, "User")),
	    "app");
	ck_assert(json_object_object_get_ex(o.inspect.value, "RootFS", &v));
	ck_assert_uint_eq(json_object_array_length(json_object_object_get(v,
	    "Layers")), 3);
	/* History newest first, the image's id and tags on the newest. */
	key = hd_xasprintf("%s%s", HD_F_IMAGE_HISTORY, id);
	hd_snapshot_fact(&h, s, key);
	free(key);
	ck_assert_int_eq(h.state, HD_FACT_VALUE);
	ck_assert_uint_eq(json_object_array_length(h.value), 4);
	v = json_object_array_get_idx(h.value, 0);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(v, "Id")), id);
	ck_assert_ptr_nonnull(strstr(json_object_get_string(
	    json_object_object_get(v, "CreatedBy")), "rm /root/.ssh/id_rsa"));
	ck_assert_int_eq(ival(v, "Created"), 1704164645);
	v = json_object_array_get_idx(h.value, 3);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(v, "Id")),
	    "<missing>");
	hd_snapshot_fact(&h, s, HD_F_ENGINE_IMAGES);
	ck_assert_int_eq(h.state, HD_FACT_VALUE);
	ck_assert_uint_eq(json_object_array_length(h.value), 1);
	hd_snapshot_free(s);
}
END_TEST

/* A compressed docker save, read as a buffer and as a chunked stream. */
struct chunks {
	const char *p;
	size_t left;
};

static ssize_t
pull_chunk(void *arg, const void **buf)
{
	struct chunks *c = arg;
	size_t n = c->left < 777 ? c->left : 777;

	*buf = c->p;
	c->p += n;
	c->left -= n;
	return (ssize_t)n;
}

START_TEST(docker_archive_gzip_buf_stream)
{
	struct hd_buf *b = NULL;
	struct hd_snapshot *s;
	struct chunks ch;

	s = read_fx("docker.tar.gz", NULL, 0, NULL);
	check_web(s);
	hd_snapshot_free(s);
	ck_assert_int_eq(hd_buf_load(&b, fx("docker.tar"), 1u << 24), HD_OK);
	s = hd_snapshot_new();
	ck_assert_int_eq(hd_image_read_buf(s, "docker.tar", hd_buf_ptr(b),
	    hd_buf_len(b), NULL, 0), HD_OK);
	check_web(s);
	hd_snapshot_free(s);
	s = hd_snapshot_new();
	ch.p = hd_buf_ptr(b);
	ch.left = hd_buf_len(b);
	ck_assert_int_eq(hd_image_read_stream(s, "GET /images/web:1/get",
	    pull_chunk, &ch, NULL, 0), HD_OK);
	check_web(s);
	hd_snapshot_free(s);
	hd_buf_free(b);
}
END_TEST

START_TEST(content_only)
{
	struct hd_snapshot *s = read_fx("docker.tar", NULL, HD_IMAGE_CONTENT_ONLY,
	    NULL);
	struct hd_fact f = content(s, fx_line("docker.id", 0));

	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_IMAGE), 0);
	ck_assert_int_eq(f.state, HD_FACT_VALUE);
	ck_assert(!hd_snapshot_has(s, HD_F_ENGINE_IMAGES));
	hd_snapshot_free(s);
}
END_TEST

START_TEST(multi_image_and_base)
{
	struct hd_snapshot *s = read_fx("multi.tar", NULL, 0, NULL);
	char base[80], web[80];
	struct hd_fact f;
	json_object *b, *l0, *l1;
	struct hd_image_limits lim;
	int rc;

	snprintf(base, sizeof(base), "%s", fx_line("multi.ids", 0));
	snprintf(web, sizeof(web), "%s", fx_line("multi.ids", 1));
	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_IMAGE), 3);
	ck_assert_int_eq(content(s, base).state, HD_FACT_VALUE);
	ck_assert_int_eq(content(s, web).state, HD_FACT_VALUE);
	/* apponly's layer is a link to web's second layer.tar. */
	f = content(s, fx_line("multi.ids", 2));
	ck_assert_int_eq(f.state, HD_FACT_VALUE);
	ck_assert_ptr_nonnull(entry(f.value, "secrets", "/app/.npmrc"));
	ck_assert_int_eq(hd_image_set_base(s, web, s, base, "--base base:1"), HD_OK);
	f = content(s, web);
	b = json_object_object_get(f.value, "base");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(b, "how")),
	    "--base base:1");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(b, "name")),
	    "base:1");
	ck_assert_int_eq(ival(b, "layers"), 1);
	ck_assert_int_eq(ival(b, "history"), 2);
	l0 = json_object_array_get_idx(json_object_object_get(f.value, "layers"), 0);
	l1 = json_object_array_get_idx(json_object_object_get(f.value, "layers"), 1);
	ck_assert(json_object_get_boolean(json_object_object_get(l0, "base")));
	ck_assert(!json_object_get_boolean(json_object_object_get(l1, "base")));
	/* web is not a base of base. */
	ck_assert_int_eq(hd_image_set_base(s, base, s, web, "--base web:1"),
	    HD_EPARSE);
	ck_assert_int_eq(hd_image_set_base(s, "sha256:nope", s, base, "x"),
	    HD_ENOTFOUND);
	hd_snapshot_free(s);
	/* More images than max_images. */
	hd_image_limits_init(&lim);
	lim.max_images = 1;
	s = read_fx("multi.tar", &lim, 0, &rc);
	ck_assert_int_eq(rc, HD_ELIMIT);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "max_images"));
	hd_snapshot_free(s);
}
END_TEST

/* The OCI fixture's content, however it was read. */
static void
check_oci(const struct hd_snapshot *s)
{
	struct hd_object o;
	json_object *c = only_content(s), *l;

	hd_snapshot_object(&o, s, HD_OBJ_IMAGE, 0);
	ck_assert_str_eq(o.id, fx_line("oci.id", 0));
	ck_assert_str_eq(o.name, "web:oci");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(c,
	    "format")), "oci-layout");
	l = json_object_array_get_idx(json_object_object_get(c, "layers"), 1);
	ck_assert_ptr_nonnull(strstr(json_object_get_string(
	    json_object_object_get(l, "verify")), "manifest's digest"));
	ck_assert_ptr_nonnull(strstr(json_object_get_string(
	    json_object_object_get(l, "verify")), "gzip"));
	ck_assert_ptr_nonnull(entry(c, "secrets", "/root/.ssh/id_rsa"));
	ck_assert(is_null(entry(c, "secrets", "/root/.ssh/id_rsa"), "deleted_in"));
	ck_assert_ptr_nonnull(entry(c, "setuid", "/usr/bin/sudo"));
	ck_assert_ptr_nonnull(entry(c, "package_config",
	    "/etc/apt/apt.conf.d/99unauth"));
	ck_assert_ptr_nonnull(json_object_object_get(c, "manifest"));
}

START_TEST(oci_layout_dir_and_tar)
{
	struct hd_snapshot *s = read_fx("oci", NULL, 0, NULL);
	json_object *b;

	check_oci(s);
	/* Its annotation names base:1, which is not among the images read. */
	hd_image_resolve_annotated_bases(s);
	b = json_object_object_get(only_content(s), "base");
	ck_assert_ptr_nonnull(json_object_object_get(b, "unresolved"));
	hd_snapshot_free(s);
	s = read_fx("oci.tar", NULL, 0, NULL);
	check_oci(s);
	/* With base:1 read too, the annotation resolves to it by name. */
	ck_assert_int_eq(hd_image_read_path(s, fx("multi.tar"), NULL, 0), HD_OK);
	hd_image_resolve_annotated_bases(s);
	b = json_object_object_get(content(s, fx_line("oci.id", 0)).value, "base");
	ck_assert_ptr_null(json_object_object_get(b, "unresolved"));
	ck_assert_int_eq(ival(b, "layers"), 1);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(b, "how")),
	    "annotation org.opencontainers.image.base.digest");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(oci_nested_index)
{
	struct hd_snapshot *s = read_fx("oci-multiarch.tar", NULL, 0, NULL);
	struct hd_object o;
	int rc;

	(void)only_content(s);
	hd_snapshot_object(&o, s, HD_OBJ_IMAGE, 0);
	ck_assert_str_eq(o.id, fx_line("oci-multiarch.id", 0));
	hd_snapshot_free(s);
	/* A manifest the top index names must be there. */
	s = read_fx("oci-missing.tar", NULL, 0, &rc);
	ck_assert_int_eq(rc, HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "not in the archive"));
	hd_snapshot_free(s);
}
END_TEST

START_TEST(digest_mismatch)
{
	struct hd_snapshot *s = read_fx("oci-lie.tar", NULL, 0, NULL);
	const char *why = only_error(s);

	ck_assert_ptr_nonnull(strstr(why, "the manifest lies"));
	ck_assert_ptr_nonnull(strstr(why, "layer 0"));
	hd_snapshot_free(s);
	s = read_fx("diffid-lie.tar", NULL, 0, NULL);
	why = only_error(s);
	ck_assert_ptr_nonnull(strstr(why, "the manifest lies"));
	ck_assert_ptr_nonnull(strstr(why, "rootfs.diff_ids[1]"));
	hd_snapshot_free(s);
}
END_TEST

/* The content error of fixture name (with lim) contains want. */
static void
expect_error(const char *name, const struct hd_image_limits *lim,
    const char *want)
{
	struct hd_snapshot *s = read_fx(name, lim, 0, NULL);
	const char *why = only_error(s);

	ck_assert_msg(strstr(why, want) != NULL, "%s: %s", name, why);
	hd_snapshot_free(s);
}

START_TEST(hostile_layers)
{
	struct hd_image_limits lim;

	expect_error("traversal.tar", NULL, "\"..\"");
	expect_error("hardlink-out.tar", NULL, "unsafe hard link");
	expect_error("notgzip.tar", NULL, "is not a layer");
	expect_error("notatar.tar", NULL, "is not a tar");
	expect_error("sparse.tar", NULL, "max_file_size");
	expect_error("sparse.tar", NULL, "not read");
	expect_error("longpath.tar", NULL, "max_depth");
	hd_image_limits_init(&lim);
	lim.max_bytes = 16u << 20;
	expect_error("bomb.tar", &lim, "max_bytes");
	hd_image_limits_init(&lim);
	lim.max_path = 100;
	expect_error("longpath.tar", &lim, "max_path");
	hd_image_limits_init(&lim);
	lim.max_files = 20;
	expect_error("docker.tar", &lim, "max_files");
	hd_image_limits_init(&lim);
	lim.max_layers = 2;
	expect_error("docker.tar", &lim, "max_layers");
}
END_TEST

START_TEST(hostile_archives)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_image_limits lim;

	ck_assert_int_eq(hd_image_read_path(s, fx("truncated.tar"), NULL, 0),
	    HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "runcated"));
	ck_assert_int_eq(hd_image_read_path(s, fx("notatar.bin"), NULL, 0),
	    HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "not a tar"));
	ck_assert_int_eq(hd_image_read_buf(s, "empty", "", 0, NULL, 0), HD_EPARSE);
	ck_assert_int_eq(hd_image_read_path(s, fx("outer-dup.tar"), NULL, 0),
	    HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "twice"));
	ck_assert_int_eq(hd_image_read_path(s, fx("no-such-file"), NULL, 0),
	    HD_ENOTFOUND);
	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_IMAGE), 0);
	/* The archive's own entries declare more than max_bytes. */
	hd_image_limits_init(&lim);
	lim.max_bytes = 4096;
	ck_assert_int_eq(hd_image_read_path(s, fx("docker.tar"), &lim, 0),
	    HD_ELIMIT);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "max_bytes"));
	/* Read twice into one snapshot: one image. */
	ck_assert_int_eq(hd_image_read_path(s, fx("docker.tar"), NULL, 0), HD_OK);
	ck_assert_int_eq(hd_image_read_path(s, fx("docker.tar.gz"), NULL, 0), HD_OK);
	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_IMAGE), 1);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(whiteouts_and_duplicates)
{
	struct hd_snapshot *s = read_fx("whiteouts.tar", NULL, 0, NULL);
	json_object *c = only_content(s), *e;

	/* Deleted and added again in the same layer: the new one is there. */
	ck_assert_ptr_nonnull(e = entry(c, "setuid", "/opt/tool"));
	ck_assert_int_eq(ival(e, "layer"), 1);
	ck_assert_int_eq(ival(e, "mode"), 04711);
	/* The parent directory whited out: the key is gone, still in layer 0. */
	ck_assert_ptr_nonnull(e = entry(c, "secrets", "/srv/keys/id_rsa"));
	ck_assert_int_eq(ival(e, "deleted_in"), 1);
	/* A hard link to a lower layer's setuid file outlives its name. */
	ck_assert_ptr_null(entry(c, "setuid", "/bin/su"));
	ck_assert_ptr_nonnull(e = entry(c, "setuid", "/usr/lib/hidden"));
	ck_assert_int_eq(ival(e, "layer"), 1);
	ck_assert_int_eq(ival(e, "mode"), 04755);
	hd_snapshot_free(s);
	/* A path twice in one layer: the later entry wins, as extracted. */
	s = read_fx("dup.tar", NULL, 0, NULL);
	c = only_content(s);
	ck_assert_ptr_null(entry(c, "setuid", "/usr/bin/x"));
	ck_assert_ptr_nonnull(e = entry(c, "secrets", "/root/.ssh/id_ed25519"));
	ck_assert_int_eq(ival(e, "deleted_in"), 0);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(package_counts)
{
	struct hd_snapshot *s = read_fx("apk.tar", NULL, 0, NULL);
	json_object *c = only_content(s), *e;

	ck_assert_ptr_nonnull(e = entry(c, "packages", "/lib/apk/db/installed"));
	ck_assert_str_eq(json_object_get_string(json_object_object_get(e,
	    "manager")), "apk");
	ck_assert_int_eq(ival(e, "count"), 3);
	ck_assert_ptr_nonnull(e = entry(c, "packages", "/var/lib/rpm/rpmdb.sqlite"));
	ck_assert(is_null(e, "count"));
	ck_assert_ptr_nonnull(strstr(json_object_get_string(json_object_object_get(e,
	    "error")), "binary rpm database"));
	ck_assert(is_null(c, "passwd"));
	hd_snapshot_free(s);
}
END_TEST

START_TEST(config_shapes)
{
	static const char good[] = "{\"architecture\":\"arm64\",\"os\":\"linux\","
	    "\"created\":\"2024-01-02T04:04:05+01:00\",\"config\":{\"User\":\"1000\"},"
	    "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
	    "0000000000000000000000000000000000000000000000000000000000000000\"]},"
	    "\"history\":[{\"created_by\":\"ADD x /\",\"created\":"
	    "\"2024-01-02T03:04:05Z\"},{\"created_by\":\"USER 1000\","
	    "\"empty_layer\":true}]}";
	struct img_config c;
	json_object *h;

	ck_assert_int_eq(img_config_parse(&c, good, strlen(good), "sha256:x",
	    NULL, NULL), HD_OK);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(
	    json_object_object_get(c.inspect, "Config"), "User")), "1000");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(c.inspect,
	    "Architecture")), "arm64");
	ck_assert_uint_eq(json_object_array_length(c.diff_ids), 1);
	ck_assert_uint_eq(json_object_array_length(c.history), 2);
	h = json_object_array_get_idx(c.history, 0);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(h,
	    "CreatedBy")), "USER 1000");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(h, "Id")),
	    "sha256:x");
	h = json_object_array_get_idx(c.history, 1);
	ck_assert_int_eq(ival(h, "Created"), 1704164645);
	ck_assert_int_eq(img_unix_time("2024-01-02T04:04:05+01:00"), 1704164645);
	img_config_clear(&c);
	ck_assert_int_eq(img_config_parse(&c, "{}", 2, "sha256:x", NULL, NULL),
	    HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "rootfs.diff_ids"));
	ck_assert_int_eq(img_config_parse(&c, "{\"rootfs\":{\"diff_ids\":[\"x\"]}}",
	    30, "sha256:x", NULL, NULL), HD_EPARSE);
	ck_assert_int_eq(img_config_parse(&c, "[1]", 3, "sha256:x", NULL, NULL),
	    HD_EPARSE);
	ck_assert_ptr_null(c.inspect);
}
END_TEST

START_TEST(path_normalise)
{
	char a[] = "/./etc//passwd/", b[] = "./", c[] = "a/../b", d[] = "..",
	    e[] = "a/..x/./b";

	ck_assert_int_eq(img_path_normalise(a), HD_OK);
	ck_assert_str_eq(a, "etc/passwd");
	ck_assert_int_eq(img_path_normalise(b), HD_OK);
	ck_assert_str_eq(b, "");
	ck_assert_int_eq(img_path_normalise(c), HD_EPARSE);
	ck_assert_int_eq(img_path_normalise(d), HD_EPARSE);
	ck_assert_int_eq(img_path_normalise(e), HD_OK);
	ck_assert_str_eq(e, "a/..x/b");
}
END_TEST

START_TEST(classifiers)
{
	static const char apt[] = "Acquire::AllowInsecureRepositories \"1\";\n"
	    "APT::Get::AllowUnauthenticated \"false\";\n";
	static const char deb822[] = "Types: deb\nURIs: http://x/\nTrusted: yes\n";
	static const char kube[] = "users:\n- name: a\n  user:\n"
	    "    client-key-data: QUJDREVGR0g=\n    token: abcdefghijkl\n";
	static const char docker[] = "{\"auths\":{\"r.example\":{\"auth\":"
	    "\"dXNlcjpwYXNz\"}}}";
	struct img_rec *recs = NULL;
	size_t n = 0;

	ck_assert_int_eq(img_files_want("etc/apt/apt.conf.d/99x"), IMG_WANT_PKGCONF);
	ck_assert_int_eq(img_files_want("etc/apt/apt.conf.d/sub/99x"), IMG_WANT_NONE);
	ck_assert_int_eq(img_files_want("home/u/.kube/config"), IMG_WANT_SECRET);
	ck_assert_int_eq(img_files_want("root/.docker/config.json"), IMG_WANT_SECRET);
	ck_assert_int_eq(img_files_want("usr/bin/ls"), IMG_WANT_NONE);
	img_files_classify(&recs, &n, "etc/apt/apt.conf.d/99x", IMG_WANT_PKGCONF,
	    apt, strlen(apt), false);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ival(recs[0].o, "line"), 1);
	{
		/* The nested form, comments around it; a commented-out option and
		 * a false one are not settings. */
		static const char nested[] = "/* a\n comment */ APT {\n"
		    "  // Get::AllowUnauthenticated \"true\";\n"
		    "  Get { AllowUnauthenticated \"true\"; Assume-Yes \"true\"; };\n"
		    "};\nacquire { AllowInsecureRepositories \"false\"; };\n";
		struct img_rec *r2 = NULL;
		size_t n2 = 0;

		img_files_classify(&r2, &n2, "etc/apt/apt.conf", IMG_WANT_PKGCONF,
		    nested, strlen(nested), false);
		ck_assert_uint_eq(n2, 1);
		ck_assert_int_eq(ival(r2[0].o, "line"), 4);
		ck_assert_str_eq(json_object_get_string(json_object_object_get(r2[0].o,
		    "why")), "APT::Get::AllowUnauthenticated true");
		free(r2[0].path);
		json_object_put(r2[0].o);
		free(r2);
		/* A NUL byte ends the parse of nothing: it once looped forever. */
		r2 = NULL;
		n2 = 0;
		static const char nul[] = "APT\0{ Get::AllowUnauthenticated \"1\"; }";

		img_files_classify(&r2, &n2, "etc/apt/apt.conf", IMG_WANT_PKGCONF,
		    nul, sizeof(nul) - 1, false);
		ck_assert_uint_le(n2, 1);
		for (size_t i = 0; i < n2; i++) {
			free(r2[i].path);
			json_object_put(r2[i].o);
		}
		free(r2);
	}
	img_files_classify(&recs, &n, "etc/apt/sources.list.d/x.sources",
	    IMG_WANT_PKGCONF, deb822, strlen(deb822), false);
	ck_assert_uint_eq(n, 2);
	img_files_classify(&recs, &n, "root/.kube/config", IMG_WANT_SECRET, kube,
	    strlen(kube), false);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(json_object_array_length(json_object_object_get(
	    recs[2].o, "found")), 2);
	img_files_classify(&recs, &n, "root/.docker/config.json", IMG_WANT_SECRET,
	    docker, strlen(docker), false);
	ck_assert_uint_eq(n, 4);
	ck_assert_ptr_null(strstr(json_object_to_json_string(recs[3].o),
	    "dXNlcjpwYXNz"));
	{
		static const char pypirc[] = "[pypi]\nusername = u\npassword = pw12345678\n";
		static const char aws[] = "[default]\naws_access_key_id = AKIAABCDEFGHIJKLMNOP\n"
		    "aws_secret_access_key = abcdefghijklmnopqrstuvwxyz0123456789ABCD\n";
		static const char gitc[] = "https://user:tok3nvalue@git.example.com\n";
		static const char rpml[] = "bash-5.1-1.x86_64\nzlib-1.2-1.x86_64\n\n";

		img_files_classify(&recs, &n, "root/.pypirc", IMG_WANT_SECRET, pypirc,
		    strlen(pypirc), false);
		img_files_classify(&recs, &n, "root/.aws/credentials", IMG_WANT_SECRET,
		    aws, strlen(aws), false);
		img_files_classify(&recs, &n, "root/.git-credentials", IMG_WANT_SECRET,
		    gitc, strlen(gitc), false);
		ck_assert_uint_eq(n, 7);
		ck_assert_str_eq(json_object_get_string(json_object_object_get(recs[4].o,
		    "kind")), "PyPI password");
		ck_assert_uint_eq(json_object_array_length(json_object_object_get(
		    recs[5].o, "found")), 2);
		ck_assert_str_eq(json_object_get_string(json_object_object_get(recs[6].o,
		    "kind")), "git credentials");
		for (size_t i = 4; i < 7; i++) {
			const char *t = json_object_to_json_string(recs[i].o);

			ck_assert_ptr_null(strstr(t, "pw12345678"));
			ck_assert_ptr_null(strstr(t, "AKIAABCD"));
			ck_assert_ptr_null(strstr(t, "tok3nvalue"));
		}
		ck_assert_int_eq(img_files_want(
		    "var/lib/rpmmanifest/container-manifest-2"), IMG_WANT_PACKAGES);
		img_files_classify(&recs, &n, "var/lib/rpmmanifest/container-manifest-2",
		    IMG_WANT_PACKAGES, rpml, strlen(rpml), false);
		ck_assert_uint_eq(n, 8);
		ck_assert_int_eq(ival(recs[7].o, "count"), 2);
	}
	/* A file with nothing secret in it is no record. */
	img_files_classify(&recs, &n, "app/.env", IMG_WANT_SECRET, "A=1\n", 4,
	    false);
	ck_assert_uint_eq(n, 8);
	for (size_t i = 0; i < n; i++) {
		free(recs[i].path);
		json_object_put(recs[i].o);
	}
	free(recs);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("image_archive");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, docker_archive);
	tcase_add_test(tc, docker_archive_gzip_buf_stream);
	tcase_add_test(tc, content_only);
	tcase_add_test(tc, multi_image_and_base);
	tcase_add_test(tc, oci_layout_dir_and_tar);
	tcase_add_test(tc, oci_nested_index);
	tcase_add_test(tc, digest_mismatch);
	tcase_add_test(tc, hostile_layers);
	tcase_add_test(tc, hostile_archives);
	tcase_add_test(tc, whiteouts_and_duplicates);
	tcase_add_test(tc, package_counts);
	tcase_add_test(tc, config_shapes);
	tcase_add_test(tc, path_normalise);
	tcase_add_test(tc, classifiers);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
