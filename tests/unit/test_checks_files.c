/* Section 3: ownership and permissions of the daemon's files. */
#include "checkfix.h"

#define SERVICE "/lib/systemd/system/docker.service"
#define DROPIN "/etc/systemd/system/docker.service.d/override.conf"
#define SOCKET_UNIT "/lib/systemd/system/docker.socket"
#define CERTS "/etc/docker/certs.d"

/* A host with systemd units, /etc/docker and an empty configuration. */
static struct hd_snapshot *
base(void)
{
	struct hd_snapshot *s = hd_snapshot_new();

	cf_set(s, HD_F_SYSTEMD_SERVICE, "{\"path\": \"" SERVICE "\", "
	    "\"dropins\": [\"" DROPIN "\"], \"exec_start\": [], "
	    "\"environment\": {}, \"environment_files\": []}");
	cf_file(s, SERVICE, "file", 0644, 0, 0, "root", "root");
	cf_file(s, DROPIN, "file", 0644, 0, 0, "root", "root");
	cf_set(s, HD_F_SYSTEMD_SOCKET, "{\"path\": \"" SOCKET_UNIT "\", "
	    "\"dropins\": [], \"listen_stream\": [\"/run/docker.sock\"]}");
	cf_file(s, SOCKET_UNIT, "file", 0644, 0, 0, "root", "root");
	cf_file(s, "/etc/docker", "directory", 0755, 0, 0, "root", "root");
	cf_set(s, HD_F_DAEMON_CONFIG, "{}");
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"unix:///run/docker.sock\", "
	    "\"scheme\": \"unix\", \"path\": \"/run/docker.sock\", "
	    "\"source\": \"" SOCKET_UNIT "\"}]");
	cf_set(s, HD_F_DOCKER_GROUP, "{\"gid\": 998, \"members\": [], "
	    "\"primary\": []}");
	return s;
}

START_TEST(service_owner_and_mode)
{
	struct hd_snapshot *s = base();

	cf_expect(s, "files.docker_service.owner", HD_PASS, "uid", "0", "owned by root:root");
	cf_expect(s, "files.docker_service.mode", HD_PASS, "mode", "0644", NULL);
	/* The drop-in is a finding of its own. */
	cf_file(s, DROPIN, "file", 0664, 1000, 1000, "alice", "alice");
	ck_assert_int_eq(cf_child_status(s, "files.docker_service.owner", SERVICE), HD_PASS);
	ck_assert_int_eq(cf_child_status(s, "files.docker_service.owner", DROPIN), HD_FAIL);
	cf_expect(s, "files.docker_service.owner", HD_FAIL, "user", "alice", "expected root:root");
	cf_expect(s, "files.docker_service.mode", HD_FAIL, "mode", "0664", "outside 0644");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(mode_compared_as_bits)
{
	struct hd_snapshot *s = base();

	/* 0606 is numerically below 0644 but gives world write: fail. */
	cf_file(s, SERVICE, "file", 0606, 0, 0, "root", "root");
	cf_expect(s, "files.docker_service.mode", HD_FAIL, "mode", "0606", "allows bits outside 0644");
	cf_file(s, SERVICE, "file", 0600, 0, 0, "root", "root");
	cf_expect(s, "files.docker_service.mode", HD_PASS, "mode", "0600", NULL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(owner_compared_by_number)
{
	struct hd_snapshot *s = base();

	/* A group that is also named "root" but has gid 5 is not root's. */
	cf_file(s, "/etc/docker", "directory", 0755, 0, 5, "root", "root");
	cf_expect(s, "files.etc_docker.owner", HD_FAIL, "gid", "5", "gid 5");
	cf_file(s, "/etc/docker", "directory", 0775, 0, 0, "root", "root");
	cf_expect(s, "files.etc_docker.owner", HD_PASS, "group", "root", NULL);
	cf_expect(s, "files.etc_docker.mode", HD_FAIL, "mode", "0775", "outside 0755");
	cf_file(s, "/etc/docker", "directory", 0700, 0, 0, "root", "root");
	cf_expect(s, "files.etc_docker.mode", HD_PASS, "mode", "0700", NULL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(units_absent_or_unknown)
{
	struct hd_snapshot *s = base();

	hd_snapshot_set_absent(s, HD_F_SYSTEMD_SERVICE, "systemd", "no unit");
	hd_snapshot_set_absent(s, HD_F_SYSTEMD_SOCKET, "systemd", "no unit");
	cf_expect(s, "files.docker_service.owner", HD_NOTAPPLICABLE, NULL, NULL,
	    "docker.service does not exist");
	cf_expect(s, "files.docker_socket.mode", HD_NOTAPPLICABLE, NULL, NULL,
	    "docker.socket does not exist");
	hd_snapshot_set_error(s, HD_F_SYSTEMD_SERVICE, "systemd",
	    "permission denied");
	cf_expect(s, "files.docker_service.mode", HD_ERROR, NULL, NULL, "permission denied");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(socket_unit_checks)
{
	struct hd_snapshot *s = base();

	cf_expect(s, "files.docker_socket.owner", HD_PASS, NULL, NULL, NULL);
	cf_expect(s, "files.docker_socket.mode", HD_PASS, NULL, NULL, NULL);
	cf_file(s, SOCKET_UNIT, "file", 0646, 0, 1000, "root", "staff");
	cf_expect(s, "files.docker_socket.owner", HD_FAIL, "group", "staff", "expected root:root");
	cf_expect(s, "files.docker_socket.mode", HD_FAIL, "mode", "0646", NULL);
	/* A file fact that could not be read is an error, never a pass. */
	cf_file_error(s, SOCKET_UNIT, "permission denied");
	cf_expect(s, "files.docker_socket.owner", HD_ERROR, NULL, NULL, "permission denied");
	hd_snapshot_free(s);
}
END_TEST

/* certs.d with a registry folder, a CA and a client key. */
static void
add_certs(struct hd_snapshot *s, int key_mode)
{
	cf_set(s, HD_F_DIR CERTS, "[\"" CERTS "/reg:5000\", \"" CERTS
	    "/reg:5000/ca.crt\", \"" CERTS "/reg:5000/client.key\"]");
	cf_file(s, CERTS "/reg:5000", "directory", 0755, 0, 0, "root", "root");
	cf_file(s, CERTS "/reg:5000/ca.crt", "file", 0444, 0, 0, "root", "root");
	cf_file(s, CERTS "/reg:5000/client.key", "file", key_mode, 0, 0, "root",
	    "root");
}

START_TEST(registry_certificates)
{
	struct hd_snapshot *s = base();

	hd_snapshot_set_absent(s, HD_F_DIR CERTS, CERTS, "no such directory");
	cf_expect(s, "files.registry_certs.owner", HD_NOTAPPLICABLE, NULL, NULL, "does not exist");
	cf_expect(s, "files.registry_certs.mode", HD_NOTAPPLICABLE, NULL, NULL, "does not exist");
	add_certs(s, 0400);
	cf_expect(s, "files.registry_certs.owner", HD_PASS, NULL, NULL, NULL);
	/* The folder is held to 0755, the files to 0444. */
	cf_expect(s, "files.registry_certs.mode", HD_PASS, NULL, NULL, NULL);
	add_certs(s, 0644);
	cf_expect(s, "files.registry_certs.mode", HD_FAIL, "mode", "0644", "outside 0444");
	ck_assert_int_eq(cf_child_status(s, "files.registry_certs.mode", CERTS "/reg:5000/ca.crt"),
	    HD_PASS);
	ck_assert_int_eq(cf_child_status(s, "files.registry_certs.mode", CERTS "/reg:5000/client.key"),
	    HD_FAIL);
	cf_file(s, CERTS "/reg:5000/ca.crt", "file", 0444, 1000, 0, "bob", "root");
	cf_expect(s, "files.registry_certs.owner", HD_FAIL, "user", "bob", NULL);
	hd_snapshot_set_error(s, HD_F_DIR CERTS, CERTS, "permission denied");
	cf_expect(s, "files.registry_certs.owner", HD_ERROR, NULL, NULL, "permission denied");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(tls_files)
{
	struct hd_snapshot *s = base();

	/* Without TLS there is nothing to check. */
	cf_expect(s, "files.tls_ca.owner", HD_NOTAPPLICABLE, NULL, NULL, "TLS is not configured");
	cf_expect(s, "files.tls_key.mode", HD_NOTAPPLICABLE, NULL, NULL, "TLS is not configured");
	cf_set(s, HD_F_DAEMON_CONFIG, "{\"tlsverify\": {\"value\": true, "
	    "\"source\": \"/etc/docker/daemon.json\", \"origin\": \"daemon.json\"}, "
	    "\"tlscacert\": {\"value\": \"/etc/docker/tls/ca.pem\", \"source\": "
	    "\"/etc/docker/daemon.json\", \"origin\": \"daemon.json\"}, "
	    "\"tlscert\": {\"value\": \"/etc/docker/tls/cert.pem\", \"source\": "
	    "\"/etc/docker/daemon.json\", \"origin\": \"daemon.json\"}, "
	    "\"tlskey\": {\"value\": \"/etc/docker/tls/key.pem\", \"source\": "
	    "\"/etc/docker/daemon.json\", \"origin\": \"daemon.json\"}}");
	cf_file(s, "/etc/docker/tls/ca.pem", "file", 0444, 0, 0, "root", "root");
	cf_file(s, "/etc/docker/tls/cert.pem", "file", 0644, 0, 0, "root", "root");
	cf_file(s, "/etc/docker/tls/key.pem", "file", 0400, 0, 0, "root", "root");
	cf_expect(s, "files.tls_ca.owner", HD_PASS, NULL, NULL, NULL);
	cf_expect(s, "files.tls_ca.mode", HD_PASS, "mode", "0444", NULL);
	cf_expect(s, "files.tls_cert.owner", HD_PASS, NULL, NULL, NULL);
	cf_expect(s, "files.tls_cert.mode", HD_FAIL, "mode", "0644", "outside 0444");
	cf_expect(s, "files.tls_key.owner", HD_PASS, NULL, NULL, NULL);
	cf_expect(s, "files.tls_key.mode", HD_PASS, "mode", "0400", NULL);
	cf_file(s, "/etc/docker/tls/key.pem", "file", 0440, 0, 0, "root", "root");
	cf_expect(s, "files.tls_key.mode", HD_FAIL, "mode", "0440", "outside 0400");
	/* The other side of each: a writable CA, a 0444 certificate, and
	 * certificate and key owned by another user or group. */
	cf_file(s, "/etc/docker/tls/ca.pem", "file", 0644, 0, 0, "root", "root");
	cf_expect(s, "files.tls_ca.mode", HD_FAIL, "mode", "0644", "outside 0444");
	cf_file(s, "/etc/docker/tls/cert.pem", "file", 0444, 1000, 0, "ops", "root");
	cf_expect(s, "files.tls_cert.mode", HD_PASS, "mode", "0444", NULL);
	cf_expect(s, "files.tls_cert.owner", HD_FAIL, "uid", "1000", NULL);
	cf_file(s, "/etc/docker/tls/key.pem", "file", 0400, 0, 1000, "root", "ops");
	cf_expect(s, "files.tls_key.owner", HD_FAIL, "gid", "1000", NULL);
	cf_file(s, "/etc/docker/tls/ca.pem", "file", 0444, 0, 0, "root", "root");
	/* An endpoint's own CA is a finding of its own. */
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"tcp://0.0.0.0:2376\", "
	    "\"scheme\": \"tcp\", \"address\": \"0.0.0.0:2376\", \"tls\": true, "
	    "\"tlsverify\": true, \"tlscacert\": \"/srv/ca.pem\", \"source\": "
	    "\"unit\"}]");
	cf_file(s, "/srv/ca.pem", "file", 0444, 0, 1000, "root", "ops");
	ck_assert_int_eq(cf_child_status(s, "files.tls_ca.owner", "/etc/docker/tls/ca.pem"),
	    HD_PASS);
	ck_assert_int_eq(cf_child_status(s, "files.tls_ca.owner", "/srv/ca.pem"), HD_FAIL);
	hd_snapshot_set_error(s, HD_F_DAEMON_CONFIG, "dockerd", "cannot read");
	cf_expect(s, "files.tls_ca.owner", HD_ERROR, NULL, NULL, "cannot read");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(engine_sockets)
{
	struct hd_snapshot *s = base();

	cf_file(s, "/run/docker.sock", "socket", 0660, 0, 998, "root", "docker");
	cf_expect(s, "files.docker_sock.owner", HD_PASS, "gid", "998", NULL);
	cf_expect(s, "files.docker_sock.mode", HD_PASS, "mode", "0660", NULL);
	/* Named docker but not the docker group's gid. */
	cf_file(s, "/run/docker.sock", "socket", 0666, 0, 999, "root", "docker");
	cf_expect(s, "files.docker_sock.owner", HD_FAIL, "gid", "999", "expected root:docker");
	cf_expect(s, "files.docker_sock.mode", HD_FAIL, "mode", "0666", "outside 0660");
	/* Without a docker group, root's group is what dockerd leaves. */
	hd_snapshot_set_absent(s, HD_F_DOCKER_GROUP, "/etc/group", "no group");
	cf_file(s, "/run/docker.sock", "socket", 0660, 0, 0, "root", "root");
	cf_expect(s, "files.docker_sock.owner", HD_PASS, NULL, NULL, NULL);
	hd_snapshot_set_error(s, HD_F_DOCKER_GROUP, "/etc/group", "unreadable");
	cf_expect(s, "files.docker_sock.owner", HD_ERROR, NULL, NULL, "unreadable");
	cf_file_absent(s, "/run/docker.sock");
	cf_expect(s, "files.docker_sock.mode", HD_NOTAPPLICABLE, NULL, NULL, "does not exist");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(daemon_json_path)
{
	struct hd_snapshot *s = base();

	cf_file(s, "/etc/docker/daemon.json", "file", 0644, 0, 0, "root", "root");
	cf_expect(s, "files.daemon_json.owner", HD_PASS, NULL, NULL, NULL);
	cf_expect(s, "files.daemon_json.mode", HD_PASS, NULL, NULL, NULL);
	/* --config-file moves the file: the default path is not the subject. */
	cf_set(s, HD_F_DAEMON_ARGV, "[\"/usr/bin/dockerd\", \"--config-file\", "
	    "\"/srv/docker.json\"]");
	cf_file(s, "/srv/docker.json", "file", 0666, 1000, 1000, "alice", "alice");
	cf_expect(s, "files.daemon_json.owner", HD_FAIL, "user", "alice", NULL);
	cf_expect(s, "files.daemon_json.mode", HD_FAIL, "mode", "0666", NULL);
	cf_set(s, HD_F_DAEMON_ARGV, "[\"/usr/bin/dockerd\", "
	    "\"--config-file=/srv/none.json\"]");
	cf_file_absent(s, "/srv/none.json");
	cf_expect(s, "files.daemon_json.owner", HD_NOTAPPLICABLE, NULL, NULL,
	    "daemon.json does not exist");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(env_files_and_containerd)
{
	struct hd_snapshot *s = base();

	cf_file(s, "/etc/default/docker", "file", 0644, 0, 0, "root", "root");
	cf_file_absent(s, "/etc/sysconfig/docker");
	cf_expect(s, "files.etc_default_docker.owner", HD_PASS, NULL, NULL, NULL);
	cf_expect(s, "files.etc_default_docker.mode", HD_PASS, NULL, NULL, NULL);
	cf_expect(s, "files.etc_sysconfig_docker.mode", HD_NOTAPPLICABLE, NULL, NULL,
	    "/etc/sysconfig/docker does not exist");
	cf_expect(s, "files.etc_sysconfig_docker.owner", HD_NOTAPPLICABLE, NULL, NULL, NULL);
	cf_file(s, "/etc/sysconfig/docker", "file", 0664, 0, 0, "root", "root");
	cf_expect(s, "files.etc_sysconfig_docker.mode", HD_FAIL, "mode", "0664", NULL);
	cf_expect(s, "files.etc_sysconfig_docker.owner", HD_PASS, NULL, NULL, NULL);
	cf_file(s, "/etc/sysconfig/docker", "file", 0640, 0, 1000, "root", "ops");
	cf_expect(s, "files.etc_sysconfig_docker.mode", HD_PASS, "mode", "0640", NULL);
	cf_expect(s, "files.etc_sysconfig_docker.owner", HD_FAIL, "gid", "1000", NULL);
	cf_file(s, "/etc/default/docker", "file", 0646, 0, 0, "root", "root");
	cf_expect(s, "files.etc_default_docker.mode", HD_FAIL, "mode", "0646", NULL);
	cf_file(s, "/etc/default/docker", "file", 0600, 0, 4, "root", "adm");
	cf_expect(s, "files.etc_default_docker.owner", HD_FAIL, "group", "adm", NULL);
	cf_expect(s, "files.etc_default_docker.mode", HD_PASS, NULL, NULL, NULL);

	cf_file(s, "/run/containerd/containerd.sock", "socket", 0660, 0, 0, "root",
	    "root");
	cf_expect(s, "files.containerd_sock.owner", HD_PASS, NULL, NULL, NULL);
	cf_expect(s, "files.containerd_sock.mode", HD_PASS, NULL, NULL, NULL);
	cf_file(s, "/run/containerd/containerd.sock", "socket", 0666, 0, 998,
	    "root", "docker");
	cf_expect(s, "files.containerd_sock.owner", HD_FAIL, "gid", "998", NULL);
	cf_expect(s, "files.containerd_sock.mode", HD_FAIL, "mode", "0666", NULL);
	cf_file_error(s, "/run/containerd/containerd.sock", "EACCES");
	cf_expect(s, "files.containerd_sock.mode", HD_ERROR, NULL, NULL, "EACCES");
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("checks_files");
	TCase *tc = tcase_create("section3");

	tcase_add_test(tc, service_owner_and_mode);
	tcase_add_test(tc, mode_compared_as_bits);
	tcase_add_test(tc, owner_compared_by_number);
	tcase_add_test(tc, units_absent_or_unknown);
	tcase_add_test(tc, socket_unit_checks);
	tcase_add_test(tc, registry_certificates);
	tcase_add_test(tc, tls_files);
	tcase_add_test(tc, engine_sockets);
	tcase_add_test(tc, daemon_json_path);
	tcase_add_test(tc, env_files_and_containerd);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
