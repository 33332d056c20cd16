/* The daemon collector end to end on fixture host trees: values and the
 * sources they came from. */
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hardock/collect.h>

#include "testutil.h"
#include "collect/collectors.h"

/* Run the collector on a tree with the engine URL the engine collector
 * would have recorded (NULL: none). */
static struct hd_snapshot *
collect(const char *root, const char *url)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_collect_opts o = { .root = root };

	if (url != NULL)
		hd_snapshot_set_meta(s, HD_META_ENGINE_URL, url);
	hd_snapshot_set_error(s, HD_F_ENGINE_VERSION, "GET /version",
	    "cannot connect to the Docker engine");
	hd_collect_daemon(s, &o);
	hd_collect_presence(s, &o);
	return s;
}

/* Plain JSON text of the value at dotted path of fact key ("" if none). */
static const char *
at(struct hd_snapshot *s, const char *key, const char *path)
{
	struct hd_fact f;
	json_object *v;

	hd_snapshot_fact(&f, s, key);
	if (f.state != HD_FACT_VALUE)
		return "";
	v = path ? hd_json_path(f.value, path) : f.value;
	return v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN) : "";
}

/* The i-th element of an array fact, as JSON text. */
static const char *
elem(struct hd_snapshot *s, const char *key, size_t i, const char *member)
{
	struct hd_fact f;
	json_object *v;

	hd_snapshot_fact(&f, s, key);
	if (f.state != HD_FACT_VALUE || i >= json_object_array_length(f.value))
		return "";
	v = hd_json_path(json_object_array_get_idx(f.value, i), member);
	return v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN) : "";
}

/* State of fact key. */
static enum hd_fact_state
state(struct hd_snapshot *s, const char *key, const char **reason, const char **source)
{
	struct hd_fact f;

	hd_snapshot_fact(&f, s, key);
	if (reason)
		*reason = f.reason;
	if (source)
		*source = f.source;
	return f.state;
}

START_TEST(systemd_tree)
{
	struct hd_snapshot *s = collect(tu_fixture("hosts/systemd"), NULL);
	const char *reason, *src;

	/* No /proc in the tree: no live process, never this machine's. */
	ck_assert_int_eq(state(s, HD_F_DAEMON_PROCESSES, &reason, NULL), HD_FACT_ABSENT);
	ck_assert_ptr_nonnull(strstr(reason, "no live processes"));
	/* The drop-in reset ExecStart; variables expanded as systemd does. */
	ck_assert_int_eq(state(s, HD_F_DAEMON_ARGV, NULL, &src), HD_FACT_VALUE);
	ck_assert_str_eq(src, "/etc/systemd/system/docker.service.d/50-override.conf:6 ExecStart (no running dockerd)");
	ck_assert_str_eq(at(s, HD_F_DAEMON_ARGV, NULL),
	    "[\"\\/usr\\/bin\\/dockerd\",\"-H\",\"fd:\\/\\/\",\"--config-file\",\"\\/etc\\/docker\\/daemon.json\","
	    "\"--icc=false\",\"--tlsverify\",\"--tlscacert=\\/etc\\/docker\\/ca.pem\",\"--live-restore\","
	    "\"--log-opt\",\"max-size=10m\",\"--label=a b\",\"--userns-remap=default\"]");
	ck_assert_str_eq(at(s, HD_F_SYSTEMD_SERVICE, "dropins"),
	    "[\"\\/lib\\/systemd\\/system\\/docker.service.d\\/10-packaged.conf\","
	    "\"\\/etc\\/systemd\\/system\\/docker.service.d\\/50-override.conf\"]");
	ck_assert_str_eq(at(s, HD_F_SYSTEMD_SERVICE, "path"), "\"\\/lib\\/systemd\\/system\\/docker.service\"");
	ck_assert_str_eq(at(s, HD_F_SYSTEMD_SERVICE, "environment.QUOTED"), "\"a b\"");
	/* Values and where each came from. */
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "icc.value"), "false");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "icc.source"), "\"\\/etc\\/default\\/docker: DOCKER_OPTS\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "icc.origin"), "\"environment-file\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "live-restore.source"), "\"\\/etc\\/default\\/docker: EXTRA\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "log-opts.value"), "{\"max-size\":\"10m\"}");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "log-opts.source"),
	    "\"\\/etc\\/systemd\\/system\\/docker.service.d\\/50-override.conf:2\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "userns-remap.origin"), "\"unit\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "log-driver.value"), "\"journald\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "log-driver.source"), "\"\\/etc\\/docker\\/daemon.json\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "log-driver.origin"), "\"daemon.json\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "tls.value"), "true");
	/* icc is a flag and a daemon.json key: dockerd would refuse to start. */
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFLICTS, NULL),
	    "[{\"key\":\"icc\",\"flag\":false,\"file\":true,\"flag_source\":\"\\/etc\\/default\\/docker: DOCKER_OPTS\","
	    "\"file_source\":\"\\/etc\\/docker\\/daemon.json\"}]");
	/* fd:// is docker.socket's ListenStream, the drop-in adding TCP. */
	ck_assert_str_eq(at(s, HD_F_SYSTEMD_SOCKET, "listen_stream"),
	    "[\"\\/run\\/docker.sock\",\"127.0.0.1:2376\"]");
	ck_assert_str_eq(at(s, HD_F_SYSTEMD_SOCKET, "socket_mode"), "\"0600\"");
	ck_assert_str_eq(at(s, HD_F_SYSTEMD_SOCKET, "socket_group"), "\"docker\"");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 0, "path"), "\"\\/run\\/docker.sock\"");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 0, "source"), "\"\\/lib\\/systemd\\/system\\/docker.socket:5\"");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 1, "address"), "\"127.0.0.1:2376\"");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 1, "tlsverify"), "true");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 1, "tlscacert"), "\"\\/etc\\/docker\\/ca.pem\"");
	ck_assert_str_eq(at(s, HD_F_ENV_DEFAULT, "DOCKER_TMPDIR"), "\"\\/var\\/tmp\"");
	ck_assert_int_eq(state(s, HD_F_ENV_SYSCONFIG, NULL, NULL), HD_FACT_ABSENT);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(daemons_audits_the_engine)
{
	struct hd_snapshot *s = collect(tu_fixture("hosts/daemons"), "unix:///var/run/docker.sock");
	const char *src;

	/* tail -f dockerd.log (300) and a bash renamed dockerd (1500) are not
	 * daemons: their exe says so. */
	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 0, "pid"), "811");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 1, "pid"), "1207");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 2, "pid"), "");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 0, "audited"), "false");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 1, "audited"), "true");
	ck_assert_ptr_nonnull(strstr(elem(s, HD_F_DAEMON_PROCESSES, 1, "audit_reason"), "engine URL"));
	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 1, "user"), "\"root\"");
	ck_assert_int_eq(state(s, HD_F_DAEMON_ARGV, NULL, &src), HD_FACT_VALUE);
	ck_assert_str_eq(src, "/proc/1207/cmdline");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "log-level.value"), "\"debug\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "debug.flag"), "\"-Dl\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "default-ulimits.value.nofile.Hard"), "2048");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "insecure-registries.value"),
	    "[\"10.0.0.1:5000\",\"10.0.0.2:5000\"]");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "icc.source"), "\"\\/proc\\/1207\\/cmdline\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "icc.origin"), "\"flag\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "userland-proxy.source"), "\"\\/etc\\/docker\\/daemon.json\"");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_CONFLICTS, 0, "key"), "\"icc\"");
	/* --tlsverify=false still turns TLS on; the CA defaults to
	 * $DOCKER_CERT_PATH of the process. */
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 1, "address"), "\"0.0.0.0:2376\"");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 1, "tls"), "true");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 1, "tlsverify"), "false");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 1, "tlscacert"), "\"\\/etc\\/docker\\/tls\\/ca.pem\"");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(daemons_config_file_with_space)
{
	/* /run/alt.sock and /var/run/... normalise alike; 811 runs with
	 * "--config-file /etc/alt/daemon.json" as two arguments. */
	struct hd_snapshot *s = collect(tu_fixture("hosts/daemons"), "unix:///var/run/alt.sock");
	const char *src;

	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 0, "audited"), "true");
	ck_assert_int_eq(state(s, HD_F_DAEMON_JSON, NULL, &src), HD_FACT_VALUE);
	ck_assert_str_eq(src, "/etc/alt/daemon.json");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "storage-driver.value"), "\"overlay2\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "storage-driver.source"), "\"\\/etc\\/alt\\/daemon.json\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "group.value"), "\"docker-alt\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "pidfile.value"), "\"\\/run\\/alt.pid\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "data-root.value"), "\"\\/var\\/lib\\/alt\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFLICTS, NULL), "[]");
	hd_snapshot_free(s);
	/* No engine URL matches: the first is audited, and it says why. */
	s = collect(tu_fixture("hosts/daemons"), "unix:///nowhere.sock");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 0, "audited"), "true");
	ck_assert_ptr_nonnull(strstr(elem(s, HD_F_DAEMON_PROCESSES, 0, "audit_reason"), "none of the 2"));
	hd_snapshot_free(s);
}
END_TEST

START_TEST(rootless_tree)
{
	struct hd_snapshot *s = collect(tu_fixture("hosts/rootless"), NULL);
	const char *src;

	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 0, "rootless"), "true");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 0, "user"), "\"alice\"");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_PROCESSES, 0, "audit_reason"), "\"the only running dockerd\"");
	/* The user's daemon.json, not /etc/docker's. */
	ck_assert_int_eq(state(s, HD_F_DAEMON_JSON, NULL, &src), HD_FACT_VALUE);
	ck_assert_str_eq(src, "/home/alice/.config/docker/daemon.json");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "experimental.value"), "true");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "icc"), "");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 0, "path"), "\"\\/run\\/user\\/1000\\/docker.sock\"");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(malformed_tree)
{
	struct hd_snapshot *s = collect(tu_fixture("hosts/malformed"), NULL);
	const char *reason;

	ck_assert_int_eq(state(s, HD_F_DAEMON_JSON, &reason, NULL), HD_FACT_ERROR);
	ck_assert_str_eq(reason, "/etc/docker/daemon.json: daemon.json is not valid JSON: line 4, column 3: object value separator ',' expected");
	ck_assert_int_eq(state(s, HD_F_DAEMON_ARGV, &reason, NULL), HD_FACT_ABSENT);
	ck_assert_ptr_nonnull(strstr(reason, "no running dockerd"));
	/* Not Docker's defaults: the configuration is unknown, and so are
	 * what it sets (the endpoints, conflicts). */
	ck_assert_int_eq(state(s, HD_F_DAEMON_CONFIG, &reason, NULL), HD_FACT_ERROR);
	ck_assert_str_eq(reason, "the daemon's configuration could not be read: "
	    "/etc/docker/daemon.json: daemon.json is not valid JSON: line 4, column 3: "
	    "object value separator ',' expected");
	ck_assert_int_eq(state(s, HD_F_DAEMON_ENDPOINTS, &reason, NULL), HD_FACT_ERROR);
	ck_assert_ptr_nonnull(strstr(reason, "line 4, column 3"));
	ck_assert_int_eq(state(s, HD_F_DAEMON_CONFLICTS, NULL, NULL), HD_FACT_ERROR);
	ck_assert_int_eq(state(s, HD_F_SYSTEMD_SERVICE, NULL, NULL), HD_FACT_ABSENT);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(sysv_tree)
{
	struct hd_snapshot *s = collect(tu_fixture("hosts/sysv"), NULL);
	const char *reason, *src;

	ck_assert_int_eq(state(s, HD_F_SYSTEMD_SERVICE, &reason, NULL), HD_FACT_ABSENT);
	ck_assert_ptr_nonnull(strstr(reason, "masked"));
	ck_assert_int_eq(state(s, HD_F_DAEMON_ARGV, NULL, &src), HD_FACT_VALUE);
	ck_assert_ptr_nonnull(strstr(src, "no docker.service"));
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "selinux-enabled.source"), "\"\\/etc\\/default\\/docker: DOCKER_OPTS\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "no-new-privileges.source"), "\"\\/etc\\/sysconfig\\/docker: OPTIONS\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "no-new-privileges.origin"), "\"environment-file\"");
	ck_assert_str_eq(at(s, HD_F_ENV_SYSCONFIG, "OPTIONS"), "\"--no-new-privileges --log-level=info\"");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 0, "address"), "\"127.0.0.1:2375\"");
	ck_assert_str_eq(elem(s, HD_F_DAEMON_ENDPOINTS, 0, "tls"), "false");
	hd_snapshot_free(s);
}
END_TEST

/* Write text to dir/rel (parents created) with mode. */
static void
put(const char *dir, const char *rel, const char *text, mode_t mode)
{
	char path[4096], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

/* daemon.json that is a directory, and one that is unreadable at the
 * unit's EnvironmentFile: nothing read, nothing assumed. */
START_TEST(unreadable_config_tree)
{
	char dir[] = "/tmp/hd-daemon-XXXXXX", path[512];
	struct hd_snapshot *s;
	const char *reason;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/etc/docker/daemon.json", dir);
	put(dir, "etc/docker/.keep", "", 0644);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	put(dir, "lib/systemd/system/docker.service", "[Service]\n"
	    "ExecStart=/usr/bin/dockerd --icc=false\n", 0644);
	s = collect(dir, NULL);
	ck_assert_int_eq(state(s, HD_F_DAEMON_JSON, &reason, NULL), HD_FACT_ERROR);
	ck_assert_int_eq(state(s, HD_F_DAEMON_CONFIG, &reason, NULL), HD_FACT_ERROR);
	ck_assert_msg(strstr(reason, "/etc/docker/daemon.json") != NULL &&
	    strstr(reason, "directory") != NULL, "reason: %s", reason);
	hd_snapshot_free(s);
	/* The unit's flags come through a file that cannot be read. */
	tu_rmtree(dir);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put(dir, "lib/systemd/system/docker.service", "[Service]\n"
	    "EnvironmentFile=/etc/default/docker\n"
	    "ExecStart=/usr/bin/dockerd $DOCKER_OPTS\n", 0644);
	snprintf(path, sizeof(path), "%s/etc/default/docker", dir);
	put(dir, "etc/default/.keep", "", 0644);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	s = collect(dir, NULL);
	ck_assert_int_eq(state(s, HD_F_DAEMON_JSON, NULL, NULL), HD_FACT_ABSENT);
	ck_assert_int_eq(state(s, HD_F_DAEMON_CONFIG, &reason, NULL), HD_FACT_ERROR);
	ck_assert_msg(strstr(reason, "EnvironmentFile=/etc/default/docker") != NULL &&
	    strstr(reason, "flags dockerd would be started with are unknown") != NULL,
	    "reason: %s", reason);
	hd_snapshot_free(s);
	/* A missing optional EnvironmentFile is no gap: systemd skips it. */
	tu_rmtree(dir);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put(dir, "lib/systemd/system/docker.service", "[Service]\n"
	    "EnvironmentFile=-/etc/default/docker\n"
	    "ExecStart=/usr/bin/dockerd $DOCKER_OPTS --icc=false\n", 0644);
	s = collect(dir, NULL);
	ck_assert_int_eq(state(s, HD_F_DAEMON_CONFIG, NULL, NULL), HD_FACT_VALUE);
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "icc.value"), "false");
	hd_snapshot_free(s);
	tu_rmtree(dir);
}
END_TEST

/* Docker's presence: an engine, a process, a binary or a unit shows it;
 * none of them is "no Docker on this host", with what was looked for. */
START_TEST(presence)
{
	char dir[] = "/tmp/hd-daemon-XXXXXX", link[512];
	struct hd_snapshot *s;
	const char *reason;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	s = collect(dir, "unix:///run/docker.sock");
	ck_assert_str_eq(at(s, HD_F_DOCKER_PRESENCE, "present"), "false");
	ck_assert_str_eq(at(s, HD_F_DOCKER_PRESENCE, "why"), "\"no engine answered at "
	    "unix:\\/\\/\\/run\\/docker.sock, no dockerd process, no dockerd binary "
	    "(\\/usr\\/bin, \\/usr\\/sbin, \\/usr\\/local\\/bin) and no "
	    "docker.service or docker.socket unit\"");
	hd_snapshot_free(s);
	/* A binary alone (even a dangling link: it is installed). */
	put(dir, "usr/local/.keep", "", 0644);
	ck_assert_int_eq(mkdir(strcat(strcpy(link, dir), "/usr/local/bin"), 0755), 0);
	strcat(link, "/dockerd");
	ck_assert_int_eq(symlink("/opt/docker/dockerd", link), 0);
	s = collect(dir, NULL);
	ck_assert_str_eq(at(s, HD_F_DOCKER_PRESENCE, "present"), "true");
	ck_assert_str_eq(at(s, HD_F_DOCKER_PRESENCE, "binaries"),
	    "[\"\\/usr\\/local\\/bin\\/dockerd\"]");
	hd_snapshot_free(s);
	/* A unit, and an engine that answered, each suffice. */
	s = collect(tu_fixture("hosts/systemd"), NULL);
	ck_assert_str_eq(at(s, HD_F_DOCKER_PRESENCE, "present"), "true");
	ck_assert_ptr_nonnull(strstr(at(s, HD_F_DOCKER_PRESENCE, "units"), "docker.service"));
	hd_snapshot_free(s);
	tu_rmtree(dir);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	s = hd_snapshot_new();
	hd_snapshot_set_value(s, HD_F_ENGINE_VERSION, tu_json("{\"Version\": \"26.1\"}"),
	    "GET /version");
	{
		struct hd_collect_opts o = { .root = dir };

		hd_collect_daemon(s, &o);
		hd_collect_presence(s, &o);
	}
	ck_assert_int_eq(state(s, HD_F_DOCKER_PRESENCE, &reason, NULL), HD_FACT_VALUE);
	ck_assert_str_eq(at(s, HD_F_DOCKER_PRESENCE, "present"), "true");
	ck_assert_str_eq(at(s, HD_F_DOCKER_PRESENCE, "engine_answered"), "true");
	hd_snapshot_free(s);
	tu_rmtree(dir);
}
END_TEST

START_TEST(permission_denied)
{
	char dir[] = "/tmp/hd-daemon-XXXXXX";
	pid_t pid;
	int st;

	if (!tu_need_root("permission_denied (drops to an unprivileged user)"))
		return;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	chmod(dir, 0755);
	put(dir, "etc/docker/daemon.json", "{\"icc\": false}\n", 0600);
	put(dir, "lib/systemd/system/docker.service", "[Service]\nExecStart=/usr/bin/dockerd\n", 0600);
	put(dir, "etc/default/docker", "DOCKER_OPTS=--icc=false\n", 0644);
	if ((pid = fork()) == 0) {
		struct hd_snapshot *s;
		const char *reason;
		int ok;

		/* An unprivileged user, as hardock may run. */
		if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
		    setresuid(65534, 65534, 65534) != 0)
			_exit(2);
		s = collect(dir, NULL);
		ok = state(s, HD_F_DAEMON_JSON, &reason, NULL) == HD_FACT_ERROR &&
		    strstr(reason, "/etc/docker/daemon.json: Permission denied") != NULL &&
		    state(s, HD_F_SYSTEMD_SERVICE, &reason, NULL) == HD_FACT_ERROR &&
		    strstr(reason, "docker.service: Permission denied") != NULL &&
		    state(s, HD_F_ENV_DEFAULT, NULL, NULL) == HD_FACT_VALUE &&
		    /* Never Docker's defaults in the stead of what was denied. */
		    state(s, HD_F_DAEMON_CONFIG, &reason, NULL) == HD_FACT_ERROR &&
		    strstr(reason, "Permission denied") != NULL &&
		    /* An unreadable unit: Docker's absence is not proven. */
		    state(s, HD_F_DOCKER_PRESENCE, &reason, NULL) == HD_FACT_ERROR &&
		    strstr(reason, "absence is not proven") != NULL;
		hd_snapshot_free(s);
		_exit(ok ? 0 : 1);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	tu_rmtree(dir);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "unprivileged collection did not record permission denied (status %d)", st);
}
END_TEST

START_TEST(symlink_out_of_root_refused)
{
	char dir[] = "/tmp/hd-daemon-XXXXXX", root[256], outside[256], link[512];
	struct hd_snapshot *s;
	const char *reason;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(root, sizeof(root), "%s/root", dir);
	snprintf(outside, sizeof(outside), "%s/outside.json", dir);
	put(dir, "outside.json", "{\"icc\": false, \"secret\": \"outside\"}\n", 0644);
	put(dir, "outside-env", "DOCKER_OPTS=--secret\n", 0644);
	ck_assert_int_eq(mkdir(root, 0755), 0);
	put(root, "etc/docker/.keep", "", 0644);
	put(root, "etc/default/.keep", "", 0644);
	/* One relative link climbing out, one absolute link to the real file. */
	snprintf(link, sizeof(link), "%s/etc/docker/daemon.json", root);
	ck_assert_int_eq(symlink("../../../outside.json", link), 0);
	snprintf(link, sizeof(link), "%s/etc/default/docker", root);
	snprintf(outside, sizeof(outside), "%s/outside-env", dir);
	ck_assert_int_eq(symlink(outside, link), 0);
	s = collect(root, NULL);
	/* The climbing link has no known target on a mounted tree: an error
	 * naming it (never "no daemon.json", never the outside file). */
	ck_assert_int_eq(state(s, HD_F_DAEMON_JSON, &reason, NULL), HD_FACT_ERROR);
	ck_assert_msg(strstr(reason, "/etc/docker/daemon.json -> ../../../outside.json "
	    "leaves the audit root") != NULL, "reason: %s", reason);
	ck_assert_int_eq(state(s, HD_F_DAEMON_CONFIG, NULL, NULL), HD_FACT_ERROR);
	ck_assert_ptr_null(strstr(json_object_to_json_string(hd_snapshot_json(s)),
	    "outside\\\"}"));
	/* The absolute link means the tree's own file, which is not there. */
	ck_assert_int_eq(state(s, HD_F_ENV_DEFAULT, NULL, NULL), HD_FACT_ABSENT);
	hd_snapshot_free(s);
	tu_rmtree(dir);
}
END_TEST

/* Milliseconds of the monotonic clock. */
static long long
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The kinds of daemon.json that are no configuration file. */
enum odd { ODD_DIR, ODD_FIFO, ODD_FIFO_WRITER, ODD_LOOP, ODD_HUGE, ODD__COUNT };

/* A daemon.json that is a directory, a FIFO (alone, or held open by a
 * writer that never writes), a symlink loop or 100 MB: an error fact with
 * the reason, quickly; never a hang, never an empty configuration. */
START_TEST(daemon_json_not_a_config_file)
{
	static const char *const want[ODD__COUNT] = {
		[ODD_DIR] = "not a regular file (a directory)",
		[ODD_FIFO] = "not a regular file (a FIFO)",
		[ODD_FIFO_WRITER] = "not a regular file (a FIFO)",
		[ODD_LOOP] = "Too many levels of symbolic links",
		[ODD_HUGE] = "larger than its limit",
	};
	enum odd odd = (enum odd)_i;
	char dir[] = "/tmp/hd-daemon-XXXXXX", path[512], loop[512];
	struct hd_snapshot *s;
	const char *reason;
	long long t0;
	int wfd = -1, fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	put(dir, "etc/docker/.keep", "", 0644);
	snprintf(path, sizeof(path), "%s/etc/docker/daemon.json", dir);
	snprintf(loop, sizeof(loop), "%s/etc/docker/loop", dir);
	switch (odd) {
	case ODD_DIR:
		ck_assert_int_eq(mkdir(path, 0755), 0);
		break;
	case ODD_FIFO:
	case ODD_FIFO_WRITER:
		ck_assert_int_eq(mkfifo(path, 0644), 0);
		/* A writer that keeps it open: reads would wait for data. */
		if (odd == ODD_FIFO_WRITER) {
			ck_assert_int_ge(open(path, O_RDONLY | O_NONBLOCK), 0);
			ck_assert_int_ge(wfd = open(path, O_WRONLY | O_NONBLOCK), 0);
		}
		break;
	case ODD_LOOP:
		ck_assert_int_eq(symlink("loop", path), 0);
		ck_assert_int_eq(symlink("daemon.json", loop), 0);
		break;
	case ODD_HUGE:
		/* 100 MB of JSON whitespace: "blank" if it were ever read whole. */
		ck_assert_int_ge(fd = open(path, O_WRONLY | O_CREAT, 0644), 0);
		for (int i = 0; i < 100; i++) {
			static char mb[1 << 20];

			memset(mb, ' ', sizeof(mb));
			ck_assert_int_eq(write(fd, mb, sizeof(mb)), (ssize_t)sizeof(mb));
		}
		close(fd);
		break;
	default:
		ck_abort();
	}
	t0 = ms_now();
	s = collect(dir, NULL);
	ck_assert_msg(ms_now() - t0 < 3000, "collection took %lld ms",
	    ms_now() - t0);
	ck_assert_int_eq(state(s, HD_F_DAEMON_JSON, &reason, NULL), HD_FACT_ERROR);
	ck_assert_msg(strstr(reason, "/etc/docker/daemon.json") &&
	    strstr(reason, want[odd]), "reason: %s", reason);
	hd_snapshot_free(s);
	if (wfd >= 0)
		close(wfd);
	tu_rmtree(dir);
}
END_TEST

START_TEST(registered_after_engine)
{
	size_t engine = SIZE_MAX, daemon = SIZE_MAX;

	for (size_t i = 0; i < hd_collector_count(); i++) {
		if (strcmp(hd_collector_get(i)->name, "engine") == 0)
			engine = i;
		if (strcmp(hd_collector_get(i)->name, "daemon") == 0)
			daemon = i;
	}
	ck_assert_uint_ne(daemon, SIZE_MAX);
	ck_assert_uint_gt(daemon, engine);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("daemon_collect");
	TCase *tc = tcase_create("trees");

	tcase_add_test(tc, systemd_tree);
	tcase_add_test(tc, daemons_audits_the_engine);
	tcase_add_test(tc, daemons_config_file_with_space);
	tcase_add_test(tc, rootless_tree);
	tcase_add_test(tc, malformed_tree);
	tcase_add_test(tc, unreadable_config_tree);
	tcase_add_test(tc, sysv_tree);
	tcase_add_test(tc, permission_denied);
	tcase_add_test(tc, presence);
	tcase_add_test(tc, symlink_out_of_root_refused);
	tcase_add_test(tc, registered_after_engine);
	tcase_add_loop_test(tc, daemon_json_not_a_config_file, 0, ODD__COUNT);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
