/*
 * hardock: the fact catalog, the contract between collectors and checks.
 *
 * Each key below names one fact in the snapshot (<hardock/snapshot.h>), with
 * the shape of its value. Collectors write exactly these shapes; checks read
 * nothing else. A key ending in ':' is a family: the full key appends an
 * object id or a path, e.g. HD_F_FILE "/etc/docker" -> "file:/etc/docker".
 *
 * Sources are short strings naming where a value came from: an API call
 * ("GET /v1.43/info"), a file ("/etc/docker/daemon.json"), a file and line
 * ("/lib/systemd/system/docker.service:12"), a process ("/proc/811/cmdline").
 */
#ifndef HARDOCK_FACTS_H
#define HARDOCK_FACTS_H

/* ---- Snapshot metadata (hd_snapshot_meta) -------------------------------- */
#define HD_META_COLLECTED_AT "collected_at" /* RFC 3339 UTC */
#define HD_META_ROOT "root"                 /* "/" or the --root DIR */
#define HD_META_ENGINE_URL "engine_url"     /* unix:///var/run/docker.sock */

/* ---- Host identity ------------------------------------------------------ */
/* {"hostname": str, "kernel": str (uname release), "os": str (os-release
 *  PRETTY_NAME), "arch": str} */
#define HD_F_HOST_INFO "host.info"

/* ---- Docker Engine API (collect/engine) --------------------------------- */
/* {"url": str, "api_version": str (negotiated), "kind": "docker"|"podman"} */
#define HD_F_ENGINE_CONN "engine.connection"
/* GET /version and GET /info bodies, verbatim. When the engine cannot be
 * reached both are HD_FACT_ERROR "cannot connect to the Docker engine at
 * URL: reason". */
#define HD_F_ENGINE_VERSION "engine.version"
#define HD_F_ENGINE_INFO "engine.info"
/* GET /containers/json?all=1 body (array of summaries), each entry reduced
 * to Id, Names, Image, ImageID, State and Status once inspected: the
 * inspect of each container is an HD_OBJ_CONTAINER object (GET
 * /containers/{id}/json) holding everything else. */
#define HD_F_ENGINE_CONTAINERS "engine.containers"
/* GET /images/json body, entries reduced to Id, RepoTags, RepoDigests,
 * Created, Size and Containers; each image's inspect is an HD_OBJ_IMAGE
 * object. */
#define HD_F_ENGINE_IMAGES "engine.images"
/* GET /images/{id}/history body (array), key HD_F_IMAGE_HISTORY + full id. */
#define HD_F_IMAGE_HISTORY "image.history:"
/* What hardock read inside an image's layers (collect/image_*: `hardock
 * image`, from an image archive or the engine's GET /images/{name}/get),
 * key HD_F_IMAGE_CONTENT + the image's full id ("sha256:..."); source names
 * the archive or the API call. The value:
 * {"format": "docker-archive"|"oci-layout",
 *  "layers": [{"index": int (0 = the oldest), "digest": str (the blob as
 *     the manifest names it), "diff_id": str (the config's
 *     rootfs.diff_ids[index]), "verified": bool, "verify": str (what was
 *     compared: "sha256 of the layer blob equals the manifest's digest and
 *     of its uncompressed tar equals rootfs.diff_ids[N]"), "history": int|null
 *     (index, oldest first, of the config's history entry that created
 *     it), "created_by": str|null (scrubbed of secrets), "base": bool (a
 *     layer of the base image: hd_image_set_base())}],
 *  "base": null | {"how": str ("--base REF", "annotation
 *     org.opencontainers.image.base.digest"), "name": str|null, "digest":
 *     str|null, "layers": int (the oldest this many layers are the base's),
 *     "history": int (the oldest this many history entries are the
 *     base's), "user": str|null (the base's Config.User)}
 *     or {"how", "name", "digest", "unresolved": str (why its layers are
 *     not known: nothing is marked inherited)},
 *  "setuid": [{"path": str, "mode": int (st_mode & 07777), "uid": int,
 *     "gid": int, "layer": int}]: regular files with S_ISUID or S_ISGID in
 *     the image's final filesystem (whiteouts applied; a later layer's
 *     chmod replaces the entry; a hard link is listed with its target's
 *     mode, at its own path and layer),
 *  "secrets": [{"path": str, "kind": str ("private key", "AWS credentials",
 *     "npm token", "PyPI password", "registry auth", "environment file",
 *     "kubeconfig credentials", "shell history", "git credentials"),
 *     "layer": int,
 *     "deleted_in": int|null (the layer whose whiteout, opaque directory
 *     or replacing entry hides it, its own for a later entry of the same
 *     path in that layer: still in the image), "found": [{"name": str, "value": "<redacted>",
 *     "reason": str}], "truncated": true (only when the file was longer
 *     than max_json and only its start was read)}]: never a secret's
 *     value; a shell history is listed even with "found" empty (what was
 *     typed in the build is in the image),
 *  "package_config": [{"path": str, "line": int, "setting": str (the line,
 *     scrubbed), "why": str ("APT::Get::AllowUnauthenticated true",
 *     "[trusted=yes] source", "gpgcheck=0", ...), "layer": int}],
 *  "packages": [{"manager": "dpkg"|"apk"|"rpm", "path": str, "layer": int,
 *     "count": int|null, "error": str|null (e.g. a binary rpm database)}],
 *  "passwd": null | {"layer": int, "users": [{"name": str, "uid": int,
 *     "gid": int}]} (/etc/passwd of the final filesystem),
 *  "stats": {"files": int, "bytes": int (uncompressed bytes read)},
 *  "manifest": str|null (the OCI image manifest's digest; null for a
 *     docker save archive, which has none),
 *  "annotations": null | {"org.opencontainers.image.base.digest": str,
 *     "org.opencontainers.image.base.name": str} (those the OCI manifest
 *     holds: hd_image_resolve_annotated_bases() reads them),
 *  "limits": {"max_files": int, "max_bytes": int, "max_path": int,
 *     "max_depth": int, "max_link": int, "max_file_size": int}}
 * HD_FACT_ERROR with the reason (naming the layer and the entry) when the
 * contents could not be read whole: a cap hit, a digest that does not
 * match, a layer that is not a tar, an unsafe path. A check that needs the
 * contents is then error, never pass. HD_FACT_ABSENT when no contents
 * were read (a `scan`, which reads only the API's metadata). */
#define HD_F_IMAGE_CONTENT "image.content:"
/* Bodies of GET /networks, /volumes, /plugins, verbatim. */
#define HD_F_ENGINE_NETWORKS "engine.networks"
#define HD_F_ENGINE_VOLUMES "engine.volumes"
#define HD_F_ENGINE_PLUGINS "engine.plugins"
/* GET /swarm body; HD_FACT_ABSENT when the engine is not a swarm manager
 * (reason says so). /nodes, /services, /secrets, /configs likewise. */
#define HD_F_ENGINE_SWARM "engine.swarm"
#define HD_F_ENGINE_NODES "engine.nodes"
#define HD_F_ENGINE_SERVICES "engine.services"
#define HD_F_ENGINE_SECRETS "engine.secrets"
#define HD_F_ENGINE_CONFIGS "engine.configs"

/* ---- The daemon's configuration (collect/daemon) ------------------------ */
/* Running daemons found in /proc by exe/comm: array of
 * {"pid": int, "exe": str, "comm": str, "uid": int, "user": str,
 *  "rootless": bool, "argv": [str], "audited": bool} */
#define HD_F_DAEMON_PROCESSES "daemon.processes"
/* The audited daemon's argv (array of str): the live process, else the
 * effective systemd ExecStart. */
#define HD_F_DAEMON_ARGV "daemon.argv"
/* daemon.json as parsed (object); source is its path; HD_FACT_ABSENT when
 * the file does not exist; HD_FACT_ERROR "line L, column C: ..." when
 * malformed. */
#define HD_F_DAEMON_JSON "daemon.json"
/* The effective configuration: object keyed by daemon.json key names
 * ("icc", "hosts", "tlsverify", "userns-remap", "log-driver", "log-opts",
 *  "live-restore", "userland-proxy", "no-new-privileges", "seccomp-profile",
 *  "authorization-plugins", "insecure-registries", "default-ulimits",
 *  "selinux-enabled", "experimental", "data-root", "cgroup-parent",
 *  "storage-driver", "tls", "tlscacert", "tlscert", "tlskey", ...), each
 * {"value": any, "source": str, "origin": "flag"|"daemon.json"|
 *  "environment-file"|"unit"|"default"}. Flags map to their daemon.json
 * key (--icc -> "icc", -H/--host -> "hosts", --insecure-registry ->
 * "insecure-registries"). */
#define HD_F_DAEMON_CONFIG "daemon.config"
/* daemon.config, daemon.conflicts and daemon.endpoints are HD_FACT_ERROR
 * "the daemon's configuration could not be read: REASON" when what
 * dockerd uses is not known: daemon.json malformed, unreadable or not a
 * file; the running dockerd's cmdline unreadable; with no live process,
 * docker.service or an EnvironmentFile= (or the SysV scripts' files)
 * unreadable. Never Docker's defaults in its stead. */
/* A rootless audited dockerd (collect/daemon_rootless): {"user": str|null,
 *  "uid": int, "gid": int, "home": str|null, "runtime_dir": str,
 *  "config_dir": str (~/.config/docker), "daemon_json": str, "certs_d":
 *  str, "data_root": str (~/.local/share/docker), "socket": str
 *  ($XDG_RUNTIME_DIR/docker.sock), "exec_root": str, "containerd_socket":
 *  str, "tlscacert"|"tlscert"|"tlskey": str (dockerd's defaults under
 *  ~/.docker), "unit": str|null (~/.config/systemd/user/docker.service, with
 *  %h %U %t expanded), "rootlesskit_pid": int|null, "subgid": [{"start",
 *  "count"}], "evidence": [str]}; HD_FACT_ABSENT when the audited dockerd
 * is not rootless. Its files belong to the user, not root. */
#define HD_F_DAEMON_ROOTLESS "daemon.rootless"
/* Settings given both as flag and in daemon.json (dockerd refuses to
 * start): array of {"key": str, "flag": any, "file": any,
 *  "flag_source": str, "file_source": str}. Empty array when none. */
#define HD_F_DAEMON_CONFLICTS "daemon.conflicts"
/* Listening endpoints: array of {"url": str, "scheme": "unix"|"tcp"|"fd",
 *  "path": str (unix), "address": str (tcp host:port), "tls": bool,
 *  "tlsverify": bool, "tlscacert": str, "tlscert": str, "tlskey": str,
 *  "source": str}. fd:// is resolved to docker.socket's ListenStream
 * entries when socket-activated. */
#define HD_F_DAEMON_ENDPOINTS "daemon.endpoints"
/* docker.service after systemd's rules: {"path": str, "dropins": [str],
 *  "exec_start": [str], "environment": {str: str},
 *  "environment_files": [str]}; HD_FACT_ABSENT when no unit exists. */
#define HD_F_SYSTEMD_SERVICE "systemd.docker.service"
/* docker.socket: {"path": str, "dropins": [str], "listen_stream": [str],
 *  "socket_mode": str, "socket_user": str, "socket_group": str} */
#define HD_F_SYSTEMD_SOCKET "systemd.docker.socket"
/* Whether Docker is on the host at all (collect/presence): {"present":
 *  bool, "engine_answered": bool, "engine": str (why it did not answer),
 *  "processes": [int] (dockerd pids), "binaries": [str] (dockerd under
 *  /usr/bin, /usr/sbin, /usr/local/bin), "units": [str] (docker.service,
 *  docker.socket files), "evidence": [str] (what was found), "why": str
 *  (present false: what was looked for)}. HD_FACT_ERROR when nothing was
 * found but something could not be read (absence not proven). When
 * present is false the checks of dockerd are notapplicable (scan.h,
 * hd_dockerd_gate). */
#define HD_F_DOCKER_PRESENCE "daemon.presence"
/* /etc/default/docker and /etc/sysconfig/docker variables: {str: str} */
#define HD_F_ENV_DEFAULT "envfile.default"
#define HD_F_ENV_SYSCONFIG "envfile.sysconfig"

/* ---- Files (collect/files) ---------------------------------------------- */
/* One per path of interest, key HD_F_FILE + absolute path (as on the host,
 * without the --root prefix): {"path": str, "type": "file"|"directory"|
 *  "socket"|"char"|"block"|"fifo", "mode": int (st_mode & 07777),
 *  "uid": int, "gid": int, "user": str|null, "group": str|null,
 *  "size": int} of the file as the daemon opens it: symlinks (in any
 * component) are followed inside the root, and then "resolved": str (the
 * target's host path) and "links": [{"link": str, "target": str (its
 * text)}] say how. HD_FACT_ABSENT when the path (or a link's target) does
 * not exist; HD_FACT_ERROR naming the link when one loops or climbs out
 * of a --root tree.
 * Collected for: docker.service/docker.socket unit files and drop-ins, every
 * unix socket endpoint, containerd's socket (/run/containerd/containerd.sock),
 * /etc/docker, daemon.json, /etc/default/docker, /etc/sysconfig/docker, the
 * TLS CA/cert/key, everything under /etc/docker/certs.d, /etc/containerd/
 * config.toml, /var/lib/docker (the data root), /run/containerd, and the
 * binaries /usr/bin/dockerd, /usr/bin/containerd, /usr/bin/containerd-shim,
 * /usr/bin/containerd-shim-runc-v1, /usr/bin/containerd-shim-runc-v2,
 * /usr/bin/runc (also /usr/sbin and /usr/local/bin when found there). */
#define HD_F_FILE "file:"
/* Every path below a directory, recursively (array of str), key HD_F_DIR +
 * path; each listed path also has an HD_F_FILE fact. */
#define HD_F_DIR "dir:"
/* The docker group: {"gid": int, "members": [str] (supplementary, from
 *  /etc/group), "primary": [str] (users whose primary gid it is)};
 * HD_FACT_ABSENT when no such group exists. */
#define HD_F_DOCKER_GROUP "host.docker_group"
/* The mount holding the engine's root dir: {"root_dir": str, "checked":
 *  str (the parent of a userns-remapped subdirectory when remapping is on),
 *  "mount_point": str, "device": str, "fstype": str, "separate": bool,
 *  "mount_table": str (the mountinfo read: the audited dockerd's, else
 *  init's; absent in snapshots before it was recorded)} */
#define HD_F_ROOT_MOUNT "host.root_mount"

/* ---- LSM, kernel, audit, userns (collect/lsm, kernel, audit, userns) ---- */
/* {"enabled": bool, "profiles": {name: mode}, "docker_default": bool};
 * HD_FACT_ABSENT when the kernel has no AppArmor. */
#define HD_F_APPARMOR "lsm.apparmor"
/* {"enabled": bool, "enforcing": bool}; HD_FACT_ABSENT without SELinux. */
#define HD_F_SELINUX "lsm.selinux"
/* Kernel build config: {"CONFIG_X": "y"|"m"|"n"|str}, source names
 * /boot/config-RELEASE or /proc/config.gz. */
#define HD_F_KERNEL_CONFIG "kernel.config"
/* {"version": 1|2, "controllers": [str]} */
#define HD_F_CGROUP "kernel.cgroup"
/* One per sysctl, key HD_F_SYSCTL + dotted name: the value as a string. */
#define HD_F_SYSCTL "sysctl:"
/* Audit rules from audit.rules and rules.d/\*.rules: array of
 * {"path": str, "perms": str ("rwxa" subset), "key": str|null,
 *  "form": "watch"|"path"|"dir", "source": "FILE:LINE"}. */
#define HD_F_AUDIT_RULES "audit.rules"
/* What the running kernel has loaded, asked over the audit netlink socket
 * (AUDIT_GET, AUDIT_LIST_RULES; collect/audit_netlink.c): {"available":
 *  bool (false: the kernel has no audit support, so nothing is loaded),
 *  "enabled": int (audit_status.enabled: 0 off, 1 on, 2 locked), "rules":
 *  [the shape above, "source": "AUDIT_LIST_RULES:N"], "note": str}.
 * HD_FACT_ERROR when the kernel refused or did not answer (it answers only
 * CAP_AUDIT_CONTROL in the initial user and PID namespaces); HD_FACT_ABSENT
 * under --root: a mounted tree's loaded state is not observable. */
#define HD_F_AUDIT_LOADED "audit.loaded"
/* userns-remap: {"user": str, "group": str, "subuid": [{"start": int,
 *  "count": int}], "subgid": [...]}; HD_FACT_ABSENT when not configured. */
#define HD_F_USERNS "userns.remap"

/* ---- Processes (collect/process, libcap) -------------------------------- */
/* Key HD_F_PROCESS + "dockerd", "containerd", or HD_F_PROCESS_CONTAINER +
 * container id: {"pid": int, "uid": int, "user": str|null,
 *  "cap_eff": [str], "cap_prm": [str], "cap_bnd": [str] (libcap names,
 *  lower case, e.g. "cap_sys_admin"), "seccomp": 0|1|2, "no_new_privs":
 *  bool, "label": str (attr/current), "userns": {"uid_map": str (as
 *  seen from hardock's namespace, columns single-spaced), "initial":
 *  bool (the identity map: capabilities are the host's)}|null,
 *  "processes": [{"pid": int, "comm":
 *  str, "exe": str}] (containers only: every host process whose cgroup
 *  names the container id)}. */
#define HD_F_PROCESS "process:"
#define HD_F_PROCESS_CONTAINER "process.container:"

/* ---- Swarm node state (collect/swarmstate) ------------------------------ */
/* <data-root>/swarm/docker-state.json as parsed, the node's own swarm
 * addresses the API does not report: {"ListenAddr": str, "AdvertiseAddr":
 *  str, "DataPathAddr": str, "LocalAddr": str, "RemoteAddr": str,
 *  "DataPathPort": int, ...}; source is its path; HD_FACT_ABSENT when the
 * file does not exist (the node never joined a swarm). */
#define HD_F_SWARM_STATE "swarm.state"
/* ---- Added by the host collectors (collect/audit) ----------------------- */
/* Lines of the audit rules files that are neither a rule, a comment nor a
 * control line (-D, -b, -e, ...): {"count": int, "sources": ["FILE:LINE"]
 * (the first 100)}; set together with HD_F_AUDIT_RULES (not set when that
 * fact is absent or an error). */
#define HD_F_AUDIT_UNPARSED "audit.rules.unparsed"
/* ---- Seccomp (collect/seccomp) ------------------------------------------ */
/* The daemon-wide profile named by daemon.config "seccomp-profile":
 * {"path": str (as configured), "profile": object (the file parsed as
 * JSON)}; source is the path. HD_FACT_ABSENT when no file is configured
 * (the built-in default, or "unconfined"); HD_FACT_ERROR when the
 * configuration is unknown or the file is unreadable or malformed. */
#define HD_F_SECCOMP_DAEMON_PROFILE "seccomp.daemon_profile"
/* ---- Digests of the configuration files read (collect/digest) ---------- */
/* The sha256 of a configuration file as a collector read it (daemon.json,
 * systemd unit files and drop-ins, environment files, audit rules files,
 * the daemon's seccomp profile), key HD_F_DIGEST + path as on the host:
 * {"sha256": str (64 hex digits), "size": int}. The scanner gives evidence
 * whose source is that file (or "FILE:LINE") the digest. */
#define HD_F_DIGEST "digest:"
/* ---- How hardock reached the engine (collect/engine) ---------------------- */
/* The endpoint hardock resolved and used, set even when the engine cannot
 * be reached (it describes hardock's side): {"url": str, "scheme":
 *  "unix"|"tcp", "tls": bool, "tls_verify": bool, "tls_ca": str|null,
 *  "tls_cert": str|null, "tls_key": str|null, "origin": "-H"|"--context"|
 *  "DOCKER_HOST"|"DOCKER_CONTEXT"|"currentContext"|"default",
 *  "context": str|null}; source names the origin. HD_FACT_ERROR when the
 * endpoint could not be resolved (unknown context, bad URL). */
#define HD_F_ENGINE_TARGET "engine.target"
/* Whether the engine runs on the host whose facts hardock read (rules in
 * src/collect/engine_local.c): {"local": bool, "why": str, "engine_id":
 *  str|null (GET /info ID), "local_engine_id": str|null, "local_engine_url":
 *  str|null (this host's engine asked for its ID, when that proof was
 *  needed)}; source is the engine URL. Set whenever the endpoint resolved.
 * When local is false the host collectors do not run, and every check that
 * reads a host fact is notapplicable (see "Where facts come from"). */
#define HD_F_ENGINE_LOCALITY "engine.locality"

/* ---- Where facts come from ----------------------------------------------- */
/* Facts whose key starts with HD_F_ENGINE_PREFIX, HD_F_IMAGE_HISTORY or
 * HD_F_IMAGE_CONTENT come from the Engine API or an image archive (or
 * describe hardock's side of the connection): they
 * are true wherever the engine runs. Every other fact was read on the host
 * running hardock (files, /proc, /sys, the kernel) and is evidence about
 * the engine only when HD_F_ENGINE_LOCALITY says local. */
#define HD_F_ENGINE_PREFIX "engine."
/* The message of a check that read a host fact about a remote engine. */
#define HD_REMOTE_REASON "remote engine: host files are not reachable; run " \
	"hardock on the host or through the Ansible role"

/* ---- Host state beyond the daemon (collect/hoststate) -------------------- */
/* Where the host's logs can leave it: {"journald": {"ForwardToSyslog":
 *  str|null, "source": "FILE:LINE"|null}, "journal_upload": {"url": str|null,
 *  "url_source": str|null, "enabled": bool, "enabled_source": str|null},
 *  "syslog_remote": [{"rule": str, "source": "FILE:LINE"}] (rsyslog omfwd /
 *  omrelp / @host actions, syslog-ng network destinations), "imjournal":
 *  "FILE:LINE"|null (rsyslog reads the journal itself), "files_read": [str],
 *  "unreadable": [{"path": str, "reason": str}]}. */
#define HD_F_LOG_FORWARDING "host.log_forwarding"
/* System-wide settings of an environment variable docker clients read, key
 * HD_F_CLIENT_ENV + name ("DOCKER_CONTENT_TRUST"): {"settings": [{"value":
 *  str, "source": "FILE:LINE", "scope": str, "exported": bool}],
 *  "files_read": [str], "unreadable": [{"path": str, "reason": str}]} from
 * /etc/environment, /etc/environment.d, /etc/profile, /etc/profile.d/\*.sh,
 * /etc/bash.bashrc, systemd's system.conf / user.conf DefaultEnvironment=
 * and the Environment= of units in /etc/systemd/system. */
#define HD_F_CLIENT_ENV "host.client_env:"
/* A pending reboot: {"required": bool, "packages": [str]} from
 * /var/run/reboot-required and reboot-required.pkgs (Debian, Ubuntu);
 * source names the file. */
#define HD_F_REBOOT_REQUIRED "host.reboot_required"
/* Listening TCP sockets of the host's network namespace: array of
 * {"proto": "tcp"|"tcp6", "address": str, "port": int} from
 * /proc/1/net/tcp{,6} (else /proc/net/tcp{,6}), under --root; HD_FACT_ABSENT
 * when the tree has no /proc, HD_FACT_ERROR when it cannot be read. */
#define HD_F_LISTENING "host.listening"

#endif
