/*
 * Files as the daemon sees them: hd_root_resolve() follows symlinks inside
 * the audit root as the kernel would for a process whose "/" it is, and
 * every section-3 check judges the target of a symlinked subject, with the
 * link and the target as evidence; a link that loops or climbs out of the
 * tree is an error naming it. The trees are built by the test.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <hardock/collect.h>

#include "checkfix.h"
#include "collect/collectors.h"

/* A fresh directory under /tmp (caller frees). */
static char *
tmpdir(void)
{
	char *d = hd_xstrdup("/tmp/hd-symlinks-XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(d));
	ck_assert_int_eq(chmod(d, 0755), 0);
	return d;
}

/* Make the parents of root/rel. */
static void
parents(const char *root, const char *rel)
{
	char *p = hd_xasprintf("%s/%s", root, rel);

	for (char *s = strchr(p + strlen(root) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) < 0)
			ck_assert_int_eq(errno, EEXIST);
		*s = '/';
	}
	free(p);
}

/* Write text to root/rel with mode. */
static void
put(const char *root, const char *rel, const char *text, mode_t mode)
{
	char *p = hd_xasprintf("%s/%s", root, rel);
	FILE *f;

	parents(root, rel);
	ck_assert_ptr_nonnull(f = fopen(p, "w"));
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(p, mode), 0);
	free(p);
}

/* root/rel becomes a symlink whose text is target. */
static void
link_(const char *root, const char *rel, const char *target)
{
	char *p = hd_xasprintf("%s/%s", root, rel);

	parents(root, rel);
	ck_assert_int_eq(symlink(target, p), 0);
	free(p);
}

/* A directory root/rel with mode. */
static void
dir_(const char *root, const char *rel, mode_t mode)
{
	char *p = hd_xasprintf("%s/%s/x", root, rel);

	parents(root, p + strlen(root) + 1);
	p[strlen(p) - 2] = '\0';
	ck_assert_int_eq(chmod(p, mode), 0);
	free(p);
}

/* A listening unix socket at root/rel with mode (closed: the node stays). */
static void
sock_(const char *root, const char *rel, mode_t mode)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	char *p = hd_xasprintf("%s/%s", root, rel);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	parents(root, rel);
	ck_assert_uint_lt(strlen(p), sizeof(a.sun_path));
	strcpy(a.sun_path, p);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	close(fd);
	ck_assert_int_eq(chmod(p, mode), 0);
	free(p);
}

/* Resolve path under root: the code, and the resolved path or message. */
static int
resolve(const char *root, const char *path, char **res, struct hd_links *l)
{
	int r = hd_root_resolve(res, l, root, path);

	if (r < 0)
		*res = hd_xstrdup(hd_error_last());
	return r;
}

START_TEST(resolver)
{
	char *root = tmpdir(), *res;
	struct hd_links l = { 0 };

	put(root, "opt/cfg/daemon.json", "{}", 0644);
	link_(root, "etc/docker/daemon.json", "/opt/cfg/daemon.json");
	link_(root, "etc/docker/rel.json", "../../opt/cfg/daemon.json");
	link_(root, "etc/docker/chain.json", "rel.json");
	link_(root, "var/run", "../run");
	put(root, "run/docker.pid", "1", 0644);
	link_(root, "etc/loop/a", "b");
	link_(root, "etc/loop/b", "/etc/loop/a");
	link_(root, "etc/climb", "../../../outside");
	link_(root, "etc/dangling", "/nowhere/x");

	/* No link: the path itself. */
	ck_assert_int_eq(resolve(root, "/opt/cfg/daemon.json", &res, &l), 0);
	ck_assert_str_eq(res, "/opt/cfg/daemon.json");
	ck_assert_uint_eq(l.n, 0);
	free(res);
	/* Absolute target: inside the root. */
	ck_assert_int_eq(resolve(root, "/etc/docker/daemon.json", &res, &l), 0);
	ck_assert_str_eq(res, "/opt/cfg/daemon.json");
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.link[0], "/etc/docker/daemon.json");
	ck_assert_str_eq(l.target[0], "/opt/cfg/daemon.json");
	free(res);
	hd_links_clear(&l);
	/* Relative target, and a chain of two. */
	ck_assert_int_eq(resolve(root, "/etc/docker/chain.json", &res, &l), 0);
	ck_assert_str_eq(res, "/opt/cfg/daemon.json");
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.link[1], "/etc/docker/rel.json");
	free(res);
	hd_links_clear(&l);
	/* A link in the middle of the path (/var/run -> ../run). */
	ck_assert_int_eq(resolve(root, "/var/run/docker.pid", &res, &l), 0);
	ck_assert_str_eq(res, "/run/docker.pid");
	ck_assert_str_eq(l.link[0], "/var/run");
	free(res);
	hd_links_clear(&l);
	/* A loop, a climb out of the tree, a dangling link. */
	ck_assert_int_eq(resolve(root, "/etc/loop/a", &res, &l), HD_ELINK);
	ck_assert_str_eq(res, "symlink loop at /etc/loop/a: Too many levels of "
	    "symbolic links (more than 40 links)");
	free(res);
	hd_links_clear(&l);
	ck_assert_int_eq(resolve(root, "/etc/climb", &res, NULL), HD_ELINK);
	ck_assert_msg(strstr(res, "/etc/climb -> ../../../outside leaves the audit "
	    "root") != NULL, "%s", res);
	free(res);
	ck_assert_int_eq(resolve(root, "/etc/dangling", &res, NULL), HD_ENOTFOUND);
	ck_assert_str_eq(res, "/etc/dangling -> /nowhere/x: /nowhere: No such file "
	    "or directory");
	free(res);
	/* Reading never follows the climbing link either. */
	{
		struct hd_buf *b = NULL;

		ck_assert_int_eq(hd_root_read(&b, root, "/etc/climb", 4096), HD_ELINK);
		ck_assert_ptr_null(b);
	}
	tu_rmtree(root);
	free(root);
	/* On the live host "/" has no outside: ".." at "/" stays there, as
	 * the kernel has it. */
	root = tmpdir();
	res = hd_xasprintf("../../../../../../..%s/x", root);
	put(root, "x", "", 0644);
	link_(root, "l", res);
	free(res);
	res = hd_xasprintf("%s/l", root);
	{
		char *got, *want = hd_xasprintf("%s/x", root);

		ck_assert_int_eq(resolve("/", res, &got, NULL), 0);
		ck_assert_str_eq(got, want);
		free(got);
		free(want);
	}
	free(res);
	tu_rmtree(root);
	free(root);
}
END_TEST

/* A host whose every section-3 subject is a symlink (0777, and owned by
 * someone else when the test runs as root) to a target that passes, but
 * for docker.socket and the TLS key, whose targets are too open. */
static char *
linked_host(void)
{
	char *root = tmpdir();

	put(root, "opt/units/docker.service", "[Service]\nExecStart=/usr/bin/dockerd "
	    "-H unix:///var/run/docker.sock\n", 0644);
	link_(root, "lib/systemd/system/docker.service", "/opt/units/docker.service");
	put(root, "opt/units/docker.socket", "[Socket]\nListenStream=/run/docker-api.sock\n",
	    0666);
	link_(root, "lib/systemd/system/docker.socket", "../../../opt/units/docker.socket");
	dir_(root, "srv/docker-etc", 0755);
	link_(root, "etc/docker", "/srv/docker-etc");
	put(root, "opt/cfg/daemon.json", "{\"tlsverify\": true, \"tlscacert\": "
	    "\"/etc/docker/tls/ca.pem\", \"tlscert\": \"/etc/docker/tls/cert.pem\", "
	    "\"tlskey\": \"/etc/docker/tls/key.pem\"}\n", 0644);
	link_(root, "srv/docker-etc/daemon.json", "/opt/cfg/daemon.json");
	put(root, "opt/tls/ca.pem", "ca", 0444);
	put(root, "opt/tls/cert.pem", "cert", 0444);
	put(root, "opt/tls/key.pem", "key", 0644);
	link_(root, "srv/docker-etc/tls", "/opt/tls");
	put(root, "opt/certs/ca.crt", "ca", 0444);
	link_(root, "srv/docker-etc/certs.d/reg.example:5000/ca.crt", "/opt/certs/ca.crt");
	dir_(root, "run", 0755);
	link_(root, "var/run", "../run");
	sock_(root, "run/docker.sock", 0660);
	sock_(root, "run/containerd-real.sock", 0660);
	link_(root, "run/containerd/containerd.sock", "../containerd-real.sock");
	put(root, "opt/env/docker", "DOCKER_OPTS=\n", 0644);
	link_(root, "etc/default/docker", "/opt/env/docker");
	put(root, "opt/env/sysconfig", "OPTIONS=\n", 0644);
	link_(root, "etc/sysconfig/docker", "/opt/env/sysconfig");
	if (geteuid() == 0) {
		/* A link's own owner must not be what is judged. */
		static const char *const links[] = { "lib/systemd/system/docker.service",
		    "lib/systemd/system/docker.socket", "etc/docker",
		    "srv/docker-etc/daemon.json", "srv/docker-etc/tls",
		    "srv/docker-etc/certs.d/reg.example:5000/ca.crt",
		    "run/containerd/containerd.sock", "etc/default/docker",
		    "etc/sysconfig/docker", "var/run", NULL };

		for (size_t i = 0; links[i] != NULL; i++) {
			char *p = hd_xasprintf("%s/%s", root, links[i]);

			ck_assert_int_eq(lchown(p, 1000, 1000), 0);
			free(p);
		}
	}
	return root;
}

/* Collect the daemon, its files and the docker group of root. */
static struct hd_snapshot *
collect(const char *root)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_collect_opts o = { .root = root };

	hd_snapshot_set_meta(s, HD_META_ROOT, root);
	hd_snapshot_set_error(s, HD_F_ENGINE_INFO, "GET /info", "no engine");
	hd_snapshot_set_error(s, HD_F_ENGINE_VERSION, "GET /version", "no engine");
	hd_collect_daemon(s, &o);
	hd_collect_presence(s, &o);
	hd_collect_docker_group(s, &o);
	hd_collect_files(s, &o);
	return s;
}

/* check passes or fails as want on its target, with the link as
 * evidence (field "symlink" containing link) and the message saying so. */
static void
judged_on_target(const struct hd_snapshot *s, const char *check,
    enum hd_status want, const char *link)
{
	/* Evidence values are compared as JSON text, where '/' is "\/". */
	json_object *j = json_object_new_string(link);
	char *text = hd_xstrdup(json_object_to_json_string(j));

	text[strlen(text) - 1] = '\0';
	cf_expect(s, check, want, "symlink", text + 1, "through symlinks");
	cf_expect(s, check, want, "target", NULL, NULL);
	free(text);
	json_object_put(j);
}

START_TEST(section3_judges_the_target)
{
	static const struct {
		const char *check;
		enum hd_status want;
		const char *link;
	} rows[] = {
		{ "files.docker_service.owner", HD_PASS, "docker.service -> /opt/units" },
		{ "files.docker_service.mode", HD_PASS, "docker.service -> /opt/units" },
		{ "files.docker_socket.owner", HD_PASS, "docker.socket -> ../../../opt" },
		{ "files.docker_socket.mode", HD_FAIL, "docker.socket -> ../../../opt" },
		{ "files.etc_docker.owner", HD_PASS, "/etc/docker -> /srv/docker-etc" },
		{ "files.etc_docker.mode", HD_PASS, "/etc/docker -> /srv/docker-etc" },
		{ "files.registry_certs.owner", HD_PASS, "ca.crt -> /opt/certs/ca.crt" },
		{ "files.registry_certs.mode", HD_PASS, "ca.crt -> /opt/certs/ca.crt" },
		{ "files.tls_ca.owner", HD_PASS, "/srv/docker-etc/tls -> /opt/tls" },
		{ "files.tls_ca.mode", HD_PASS, "/srv/docker-etc/tls -> /opt/tls" },
		{ "files.tls_cert.owner", HD_PASS, "/srv/docker-etc/tls -> /opt/tls" },
		{ "files.tls_cert.mode", HD_PASS, "/srv/docker-etc/tls -> /opt/tls" },
		{ "files.tls_key.owner", HD_PASS, "/srv/docker-etc/tls -> /opt/tls" },
		{ "files.tls_key.mode", HD_FAIL, "/srv/docker-etc/tls -> /opt/tls" },
		{ "files.docker_sock.owner", HD_PASS, "/var/run -> ../run" },
		{ "files.docker_sock.mode", HD_PASS, "/var/run -> ../run" },
		{ "files.daemon_json.owner", HD_PASS, "daemon.json -> /opt/cfg" },
		{ "files.daemon_json.mode", HD_PASS, "daemon.json -> /opt/cfg" },
		{ "files.etc_default_docker.owner", HD_PASS, "/etc/default/docker -> /opt" },
		{ "files.etc_default_docker.mode", HD_PASS, "/etc/default/docker -> /opt" },
		{ "files.etc_sysconfig_docker.owner", HD_PASS, "/etc/sysconfig/docker -> /opt" },
		{ "files.etc_sysconfig_docker.mode", HD_PASS, "/etc/sysconfig/docker -> /opt" },
		{ "files.containerd_sock.owner", HD_PASS, "containerd.sock -> ../containerd-real" },
		{ "files.containerd_sock.mode", HD_PASS, "containerd.sock -> ../containerd-real" },
	};
	char *root = linked_host();
	struct hd_snapshot *s = collect(root);
	size_t nrows = sizeof(rows) / sizeof(rows[0]), nfiles = 0;

	/* The configuration was read through the links. */
	ck_assert_int_eq(tu_status(s, "files.daemon_json.mode"), HD_PASS);
	for (size_t i = 0; i < nrows; i++) {
		/* Owners are only distinct from the links' as root. */
		if (geteuid() != 0 && strstr(rows[i].check, ".owner") != NULL)
			continue;
		judged_on_target(s, rows[i].check, rows[i].want, rows[i].link);
	}
	/* Every files.* control has its row. */
	for (size_t i = 0; i < hd_control_count(); i++)
		if (strncmp(hd_control_get(i)->key, "files.", 6) == 0)
			nfiles++;
	ck_assert_uint_eq(nfiles, nrows);
	hd_snapshot_free(s);
	if (geteuid() == 0) {
		/* A target owned by someone else fails, though the link is root's. */
		char *t = hd_xasprintf("%s/opt/cfg/daemon.json", root), *l;

		ck_assert_int_eq(chown(t, 1000, 1000), 0);
		l = hd_xasprintf("%s/srv/docker-etc/daemon.json", root);
		ck_assert_int_eq(lchown(l, 0, 0), 0);
		s = collect(root);
		cf_expect(s, "files.daemon_json.owner", HD_FAIL, "uid", "1000",
		    "through symlinks: /opt/cfg/daemon.json was examined");
		hd_snapshot_free(s);
		free(t);
		free(l);
	}
	tu_rmtree(root);
	free(root);
}
END_TEST

/* A subject that loops or climbs out of the tree is an error naming the
 * link; a dangling one is absent (dockerd sees no file either). */
START_TEST(section3_loops_and_climbs_are_errors)
{
	char *root = linked_host(), *p;
	struct hd_snapshot *s;

	p = hd_xasprintf("%s/etc/default/docker", root);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(symlink("../../../../../../../../../etc/shadow", p), 0);
	free(p);
	p = hd_xasprintf("%s/etc/sysconfig/docker", root);
	ck_assert_int_eq(unlink(p), 0);
	ck_assert_int_eq(symlink("docker", p), 0);
	free(p);
	p = hd_xasprintf("%s/opt/tls/key.pem", root);
	ck_assert_int_eq(unlink(p), 0);
	free(p);
	s = collect(root);
	cf_expect(s, "files.etc_default_docker.mode", HD_ERROR, NULL, NULL,
	    "/etc/default/docker -> ../../../../../../../../../etc/shadow leaves the "
	    "audit root");
	cf_expect(s, "files.etc_default_docker.owner", HD_ERROR, NULL, NULL,
	    "leaves the audit root");
	cf_expect(s, "files.etc_sysconfig_docker.mode", HD_ERROR, NULL, NULL,
	    "symlink loop at /etc/sysconfig/docker");
	/* The key's link now dangles: there is no key file to judge. */
	cf_expect(s, "files.tls_key.mode", HD_NOTAPPLICABLE, NULL, NULL, NULL);
	hd_snapshot_free(s);
	tu_rmtree(root);
	free(root);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("symlinks");
	TCase *tc = tcase_create("resolve");

	tcase_add_test(tc, resolver);
	tcase_add_test(tc, section3_judges_the_target);
	tcase_add_test(tc, section3_loops_and_climbs_are_errors);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
