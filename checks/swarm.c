/* CIS section 7: Docker swarm. Decided from the swarm manager's API
 * documents (/swarm, /nodes, /networks, /services, /secrets) and the node's
 * swarm state file; notapplicable on an engine that is not a swarm
 * manager, never a block of passes. */
#include <stdlib.h>
#include <string.h>

#include "image_util.h"
#include "secret_detect.h"
#include "util.h"

#define SRC_SWARM "GET /swarm"
#define SRC_NODES "GET /nodes"
#define SRC_SERVICES "GET /services"
#define NS_PER_DAY (86400LL * 1000000000LL)
/* swarmkit's default node certificate lifetime: 90 days. */
#define DEFAULT_CERT_EXPIRY (90LL * NS_PER_DAY)

/* The /swarm document into *out when this engine is a swarm manager;
 * notapplicable when swarm is inactive here (or this node is a worker),
 * error when the fact is missing or malformed. */
static enum hd_status
swarm_doc(const struct hd_ctx *ctx, struct hd_finding *f, json_object **out)
{
	struct hd_fact sw, info;
	const char *state = NULL;

	*out = NULL;
	hd_fact(&sw, ctx, HD_F_ENGINE_SWARM);
	if (sw.state == HD_FACT_VALUE) {
		if (!json_object_is_type(sw.value, json_type_object)) {
			hd_msg(f, "%s: expected object", HD_F_ENGINE_SWARM);
			return HD_ERROR;
		}
		*out = sw.value;
		return HD_PASS;
	}
	if (sw.state == HD_FACT_ERROR) {
		hd_msg(f, "%s", sw.reason ? sw.reason : "swarm state not collected");
		hd_ev_str(f, HD_F_ENGINE_SWARM, NULL, sw.source);
		return HD_ERROR;
	}
	hd_fact(&info, ctx, HD_F_ENGINE_INFO);
	if (info.state == HD_FACT_VALUE &&
	    hd_get_str(NULL, info.value, "Swarm.LocalNodeState", NULL, &state) == 0 &&
	    state != NULL)
		hd_ev_str(f, "Swarm.LocalNodeState", state, info.source);
	hd_msg(f, "not a swarm manager (%s): swarm checks apply to managers",
	    sw.reason ? sw.reason : "swarm inactive");
	return HD_NOTAPPLICABLE;
}

/* A fact that must be an array (nodes, networks, services, secrets). */
static json_object *
require_array(struct hd_finding *f, const struct hd_ctx *ctx, const char *key)
{
	json_object *v = hd_require(f, ctx, key);

	if (v != NULL && !json_object_is_type(v, json_type_array)) {
		hd_msg(f, "%s: expected array", key);
		return NULL;
	}
	return v;
}

/* Element i of arr when it is an object, else NULL with f's message. */
static json_object *
element(struct hd_finding *f, json_object *arr, size_t i, const char *what)
{
	json_object *e = json_object_array_get_idx(arr, i);

	if (!json_object_is_type(e, json_type_object)) {
		hd_msg(f, "%s[%zu]: expected object", what, i);
		return NULL;
	}
	return e;
}

/* ---- 7.1 ---------------------------------------------------------------- */

/* 7.1: every manager holds the whole cluster state and its keys; raft
 * needs an odd count, and more than the fault tolerance needs is only
 * attack surface. */
static enum hd_status
managers(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *sw, *nodes, *list;
	enum hd_status st = swarm_doc(ctx, f, &sw);
	const char *maxs = hd_param(ctx, "max_managers");
	long max = maxs ? strtol(maxs, NULL, 10) : 7;
	size_t nm = 0, nw = 0;

	if (st != HD_PASS)
		return st;
	if ((nodes = require_array(f, ctx, HD_F_ENGINE_NODES)) == NULL)
		return HD_ERROR;
	list = json_object_new_array();
	for (size_t i = 0; i < json_object_array_length(nodes); i++) {
		json_object *n = element(f, nodes, i, "nodes");
		const char *role, *host, *addr, *reach;
		bool leader;
		char *e;

		if (n == NULL ||
		    hd_get_str(f, n, "Spec.Role", "", &role) < 0 ||
		    hd_get_str(f, n, "Description.Hostname", "", &host) < 0 ||
		    hd_get_str(f, n, "ManagerStatus.Addr", "", &addr) < 0 ||
		    hd_get_str(f, n, "ManagerStatus.Reachability", "", &reach) < 0 ||
		    hd_get_bool(f, n, "ManagerStatus.Leader", false, &leader) < 0) {
			json_object_put(list);
			return HD_ERROR;
		}
		if (strcmp(role, "manager") != 0) {
			nw++;
			continue;
		}
		nm++;
		e = hd_xasprintf("%s %s %s%s", host, addr, reach,
		    leader ? " leader" : "");
		json_object_array_add(list, json_object_new_string(e));
		free(e);
	}
	hd_ev_int(f, "managers", (int64_t)nm, SRC_NODES " Spec.Role");
	hd_ev_int(f, "workers", (int64_t)nw, SRC_NODES " Spec.Role");
	hd_ev(f, "manager nodes", list, SRC_NODES " ManagerStatus");
	hd_ev_int(f, "max_managers", max, "parameter");
	if (nm == 0) {
		hd_msg(f, "the node list names no manager");
		return HD_ERROR;
	}
	if (nm % 2 == 0) {
		hd_msg(f, "%zu managers: an even count tolerates no more failures "
		    "than %zu and adds a manager to attack", nm, nm - 1);
		return HD_FAIL;
	}
	if ((long)nm > max) {
		hd_msg(f, "%zu managers, more than the %ld allowed", nm, max);
		return HD_FAIL;
	}
	hd_msg(f, "%zu manager%s (tolerates %zu failure%s)", nm,
	    nm == 1 ? "" : "s", (nm - 1) / 2, (nm - 1) / 2 == 1 ? "" : "s");
	return HD_PASS;
}

/* ---- 7.2, 7.9: the node's swarm addresses ------------------------------ */

/* The host part of an address "host:port", "[v6]:port", "host" (n bytes). */
static const char *
addr_host(const char *a, size_t *n)
{
	const char *colon;

	if (a[0] == '[') {
		const char *close = strchr(a, ']');

		*n = close ? (size_t)(close - a - 1) : strlen(a + 1);
		return a + 1;
	}
	colon = strrchr(a, ':');
	/* Several colons without brackets: a bare IPv6 address. */
	if (colon != NULL && strchr(a, ':') == colon) {
		*n = (size_t)(colon - a);
		return a;
	}
	*n = strlen(a);
	return a;
}

/* Whether the host of address a is a wildcard: empty, 0.0.0.0 or ::. */
static bool
wildcard(const char *a)
{
	size_t n;
	const char *h = addr_host(a, &n);

	return n == 0 || (n == 7 && memcmp(h, "0.0.0.0", 7) == 0) ||
	    (n == 2 && memcmp(h, "::", 2) == 0);
}

/* The node's swarm state (docker-state.json) into *out. */
static enum hd_status
swarm_state(const struct hd_ctx *ctx, struct hd_finding *f, json_object **out)
{
	json_object *sw;
	enum hd_status st = swarm_doc(ctx, f, &sw);

	if (st != HD_PASS)
		return st;
	if ((*out = hd_require(f, ctx, HD_F_SWARM_STATE)) == NULL)
		return HD_ERROR;
	if (!json_object_is_type(*out, json_type_object)) {
		hd_msg(f, "%s: expected object", HD_F_SWARM_STATE);
		return HD_ERROR;
	}
	return HD_PASS;
}

/* 7.2: the manager's cluster port (2377) on every interface is reachable
 * from every network the host is on. */
static enum hd_status
listen_addr(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *state;
	enum hd_status st = swarm_state(ctx, f, &state);
	struct hd_fact fact;
	const char *la;

	if (st != HD_PASS)
		return st;
	hd_fact(&fact, ctx, HD_F_SWARM_STATE);
	if (hd_get_str(f, state, "ListenAddr", "", &la) < 0)
		return HD_ERROR;
	hd_ev_str(f, "ListenAddr", la, fact.source);
	if (wildcard(la)) {
		hd_msg(f, "the swarm manager listens on every interface (%s)",
		    la[0] ? la : "default 0.0.0.0:2377");
		return HD_FAIL;
	}
	hd_msg(f, "the swarm manager listens on %s", la);
	return HD_PASS;
}

/* 7.9: container (VXLAN) traffic on the management address shares its
 * bandwidth and exposure with the control plane. */
static enum hd_status
data_path(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *state;
	enum hd_status st = swarm_state(ctx, f, &state);
	struct hd_fact fact;
	const char *adv, *dp, *ah, *dh;
	size_t an, dn;

	if (st != HD_PASS)
		return st;
	hd_fact(&fact, ctx, HD_F_SWARM_STATE);
	if (hd_get_str(f, state, "AdvertiseAddr", "", &adv) < 0 ||
	    hd_get_str(f, state, "DataPathAddr", "", &dp) < 0)
		return HD_ERROR;
	hd_ev_str(f, "AdvertiseAddr", adv, fact.source);
	hd_ev_str(f, "DataPathAddr", dp, fact.source);
	if (dp[0] == '\0') {
		hd_msg(f, "no --data-path-addr: container traffic shares the "
		    "management address");
		return HD_FAIL;
	}
	ah = addr_host(adv, &an);
	dh = addr_host(dp, &dn);
	if (an == dn && memcmp(ah, dh, an) == 0) {
		hd_msg(f, "data path address %s is the management address", dp);
		return HD_FAIL;
	}
	hd_msg(f, "data path on %s, management on %s", dp, adv[0] ? adv :
	    "the default address");
	return HD_PASS;
}

/* ---- 7.3 ---------------------------------------------------------------- */

/* 7.3: overlay traffic crosses the hosts' networks; without "encrypted"
 * it is plain VXLAN anyone on the path can read and inject into. */
static enum hd_status
overlay_encrypted(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *sw, *nets;
	enum hd_status st = swarm_doc(ctx, f, &sw);
	size_t overlays = 0;

	if (st != HD_PASS)
		return st;
	if ((nets = require_array(f, ctx, HD_F_ENGINE_NETWORKS)) == NULL)
		return HD_ERROR;
	for (size_t i = 0; i < json_object_array_length(nets); i++) {
		json_object *n = element(f, nets, i, "networks"), *opts;
		bool enc;
		const char *drv, *id, *name;
		struct hd_finding *c;

		if (n == NULL || hd_get_str(f, n, "Driver", "", &drv) < 0 ||
		    hd_get_str(f, n, "Id", "", &id) < 0 ||
		    hd_get_str(f, n, "Name", "", &name) < 0 ||
		    hd_get_object(f, n, "Options", &opts) < 0)
			return HD_ERROR;
		if (strcmp(drv, "overlay") != 0)
			continue;
		overlays++;
		c = hd_finding_add(f, HD_OBJ_HOST, id, name);
		/* The overlay driver encrypts when the option is present,
		 * whatever its value (--opt encrypted gives ""). */
		enc = opts != NULL &&
		    json_object_object_get_ex(opts, "encrypted", NULL);
		hd_ev_bool(c, "Options.encrypted", enc, "GET /networks");
		if (enc) {
			hd_msg(c, "overlay network %s is encrypted", name);
			c->status = HD_PASS;
		} else {
			hd_msg(c, "overlay network %s is not encrypted%s", name,
			    strcmp(name, "ingress") == 0 ? " (the routing mesh "
			    "network)" : "");
			c->status = HD_FAIL;
		}
	}
	if (overlays == 0) {
		hd_msg(f, "no overlay network");
		return HD_NOTAPPLICABLE;
	}
	st = hd_finding_children_status(f, HD_NOTAPPLICABLE);
	hd_msg(f, st == HD_PASS ? "all %zu overlay networks are encrypted" :
	    "unencrypted overlay networks among %zu", overlays);
	return st;
}

/* ---- 7.4 ---------------------------------------------------------------- */

/* 7.4: a secret handed to a service as an environment variable is stored
 * in the service spec for every manager and API client to read; swarm
 * secrets are encrypted in the raft log and mounted as files. */
static enum hd_status
secret_management(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *sw, *services, *secrets, *names;
	enum hd_status st = swarm_doc(ctx, f, &sw);
	struct hd_secrets found = { NULL, 0 };
	size_t nsvc, using = 0;

	if (st != HD_PASS)
		return st;
	if ((services = require_array(f, ctx, HD_F_ENGINE_SERVICES)) == NULL ||
	    (secrets = require_array(f, ctx, HD_F_ENGINE_SECRETS)) == NULL)
		return HD_ERROR;
	nsvc = json_object_array_length(services);
	names = json_object_new_array();
	for (size_t i = 0; i < json_object_array_length(secrets); i++) {
		json_object *s = element(f, secrets, i, "secrets");
		const char *name;

		if (s == NULL || hd_get_str(f, s, "Spec.Name", "", &name) < 0)
			goto err;
		json_object_array_add(names, json_object_new_string(name));
	}
	for (size_t i = 0; i < nsvc; i++) {
		json_object *svc = element(f, services, i, "services"), *env, *refs;
		const char *name;
		size_t from = found.n;

		if (svc == NULL ||
		    hd_get_str(f, svc, "Spec.Name", "", &name) < 0 ||
		    hd_get_array(f, svc, "Spec.TaskTemplate.ContainerSpec.Env",
		    &env) < 0 ||
		    hd_get_array(f, svc, "Spec.TaskTemplate.ContainerSpec.Secrets",
		    &refs) < 0)
			goto err;
		using += refs != NULL && json_object_array_length(refs) > 0;
		for (size_t k = 0; env != NULL && k < json_object_array_length(env); k++) {
			json_object *e = json_object_array_get_idx(env, k);

			if (!json_object_is_type(e, json_type_string)) {
				hd_msg(f, "service %s Env[%zu]: expected string",
				    name, k);
				goto err;
			}
			hd_secret_scan_env(&found, json_object_get_string(e));
		}
		for (size_t k = from; k < found.n; k++) {
			char *field = hd_xasprintf("service %s Env", name);

			hd_ev(f, field, hd_secret_json(&found.v[k]), SRC_SERVICES);
			free(field);
		}
	}
	hd_ev_int(f, "services", (int64_t)nsvc, SRC_SERVICES);
	hd_ev_int(f, "services using swarm secrets", (int64_t)using, SRC_SERVICES);
	hd_ev(f, "swarm secrets", names, "GET /secrets");
	names = NULL;
	if (nsvc == 0) {
		hd_msg(f, "no services are deployed");
		st = HD_NOTAPPLICABLE;
	} else if (found.n > 0) {
		hd_msg(f, "%zu secret%s passed to services as environment "
		    "variables (first: %s, %s)", found.n, found.n == 1 ? "" : "s",
		    found.v[0].name, found.v[0].why);
		st = HD_FAIL;
	} else {
		hd_msg(f, "no service environment holds a secret; %zu of %zu "
		    "services use swarm secrets", using, nsvc);
		st = HD_PASS;
	}
	hd_secrets_clear(&found);
	return st;
err:
	json_object_put(names);
	hd_secrets_clear(&found);
	return HD_ERROR;
}

/* ---- 7.5, 7.6 ----------------------------------------------------------- */

/* Spec.EncryptionConfig.AutoLockManagers: 0 and *on, or HD_ETYPE. */
static int
autolock(struct hd_finding *f, json_object *sw, bool *on)
{
	return hd_get_bool(f, sw, "Spec.EncryptionConfig.AutoLockManagers",
	    false, on);
}

/* 7.5: without auto-lock the raft encryption key sits on the manager's
 * disk, so a stolen disk or backup yields every swarm secret. */
static enum hd_status
autolock_on(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *sw;
	enum hd_status st = swarm_doc(ctx, f, &sw);
	bool on;

	if (st != HD_PASS)
		return st;
	if (autolock(f, sw, &on) < 0)
		return HD_ERROR;
	hd_ev_bool(f, "Spec.EncryptionConfig.AutoLockManagers", on, SRC_SWARM);
	hd_msg(f, on ? "managers are auto-locked" : "auto-lock is off");
	return on ? HD_PASS : HD_FAIL;
}

/* 7.6: the engine keeps no date of the last unlock-key rotation. */
static enum hd_status
unlock_key_rotation(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *sw;
	enum hd_status st = swarm_doc(ctx, f, &sw);
	const char *updated;
	bool on;

	if (st != HD_PASS)
		return st;
	if (autolock(f, sw, &on) < 0 ||
	    hd_get_str(f, sw, "UpdatedAt", "", &updated) < 0)
		return HD_ERROR;
	hd_ev_bool(f, "Spec.EncryptionConfig.AutoLockManagers", on, SRC_SWARM);
	if (!on) {
		hd_msg(f, "auto-lock is off, there is no unlock key to rotate "
		    "(see swarm.autolock)");
		return HD_NOTAPPLICABLE;
	}
	hd_ev_str(f, "UpdatedAt", updated, SRC_SWARM);
	hd_msg(f, "the engine does not record when the unlock key was last "
	    "rotated; check the rotation log against your policy");
	return HD_MANUAL;
}

/* ---- 7.7, 7.8 ----------------------------------------------------------- */

/* 7.7: short-lived node certificates limit how long a stolen node
 * identity stays valid; swarmkit renews them automatically. */
static enum hd_status
node_cert_expiry(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *sw;
	enum hd_status st = swarm_doc(ctx, f, &sw);
	const char *maxs = hd_param(ctx, "max_node_cert_expiry_days");
	long max = maxs ? strtol(maxs, NULL, 10) : 90;
	int64_t exp;

	if (st != HD_PASS)
		return st;
	if (hd_get_int(f, sw, "Spec.CAConfig.NodeCertExpiry", 0, &exp) < 0)
		return HD_ERROR;
	if (exp < 0) {
		hd_msg(f, "Spec.CAConfig.NodeCertExpiry is negative");
		return HD_ERROR;
	}
	hd_ev_int(f, "Spec.CAConfig.NodeCertExpiry (hours)",
	    (exp ? exp : DEFAULT_CERT_EXPIRY) / (3600LL * 1000000000LL),
	    exp ? SRC_SWARM : "swarmkit default");
	hd_ev_int(f, "max_node_cert_expiry_days", max, "parameter");
	if (exp == 0)
		exp = DEFAULT_CERT_EXPIRY;
	if (exp > (int64_t)max * NS_PER_DAY) {
		hd_msg(f, "node certificates live %lld days, more than %ld",
		    (long long)(exp / NS_PER_DAY), max);
		return HD_FAIL;
	}
	hd_msg(f, "node certificates are renewed every %lld hours",
	    (long long)(exp / (3600LL * 1000000000LL)));
	return HD_PASS;
}

/* 7.8: a CA rotation leaves no dated record in the API; show what does. */
static enum hd_status
ca_rotation(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *sw, *ext;
	enum hd_status st = swarm_doc(ctx, f, &sw);
	const char *created, *subject, *signing;
	int64_t force;
	bool rotating;
	long days;

	if (st != HD_PASS)
		return st;
	if (hd_get_str(f, sw, "CreatedAt", "", &created) < 0 ||
	    hd_get_int(f, sw, "Spec.CAConfig.ForceRotate", 0, &force) < 0 ||
	    hd_get_str(f, sw, "Spec.CAConfig.SigningCACert", "", &signing) < 0 ||
	    hd_get_array(f, sw, "Spec.CAConfig.ExternalCAs", &ext) < 0 ||
	    hd_get_str(f, sw, "TLSInfo.CertIssuerSubject", "", &subject) < 0 ||
	    hd_get_bool(f, sw, "RootRotationInProgress", false, &rotating) < 0)
		return HD_ERROR;
	hd_ev_str(f, "CreatedAt", created, SRC_SWARM);
	if (hd_age_days(ctx, created, &days))
		hd_ev_int(f, "swarm age (days)", days, SRC_SWARM " CreatedAt");
	hd_ev_int(f, "Spec.CAConfig.ForceRotate", force, SRC_SWARM);
	hd_ev_bool(f, "Spec.CAConfig.SigningCACert set", signing[0] != '\0',
	    SRC_SWARM);
	hd_ev_int(f, "Spec.CAConfig.ExternalCAs",
	    ext ? (int64_t)json_object_array_length(ext) : 0, SRC_SWARM);
	hd_ev_str(f, "TLSInfo.CertIssuerSubject", subject, SRC_SWARM);
	hd_ev_bool(f, "RootRotationInProgress", rotating, SRC_SWARM);
	if (force == 0 && signing[0] == '\0')
		hd_msg(f, "the root CA was never rotated with docker swarm ca "
		    "--rotate since the swarm was created (%s); decide against "
		    "your policy", created);
	else
		hd_msg(f, "the root CA was rotated (ForceRotate %lld); the API "
		    "records no date: check it against your policy",
		    (long long)force);
	return HD_MANUAL;
}

static const struct hd_param_def managers_params[] = {
	{ "max_managers", HD_PARAM_INT, "7",
	  "most swarm managers tolerated (Docker recommends at most 7)" },
	{ .name = NULL },
};

static const struct hd_param_def cert_params[] = {
	{ "max_node_cert_expiry_days", HD_PARAM_INT, "90",
	  "longest node certificate lifetime tolerated, in days" },
	{ .name = NULL },
};

#define REF_CIS "CIS Docker Benchmark"
#define NA_TEXT " Notapplicable when the engine is not a swarm manager " \
	"(GET /swarm refused)."

const struct hd_check hd_checks_swarm[] = {
	{ .key = "swarm.managers",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "Every manager holds the full cluster state, the raft "
	      "keys and the swarm secrets; each one more is one more host whose "
	      "compromise owns the cluster. Raft needs an odd count: an even one "
	      "adds risk without adding fault tolerance.",
	  .audit_text = "Counts the nodes whose Spec.Role is manager in GET "
	      "/nodes: an even count fails, and so does one above the parameter "
	      "max_managers (default 7, Docker's recommended maximum). The "
	      "managers' host, address, reachability and leader are evidence." NA_TEXT,
	  .remediation = "Keep 1, 3 or 5 managers as your fault tolerance "
	      "requires; demote the rest with docker node demote NODE.",
	  .references = REF_CIS "\nhttps://docs.docker.com/engine/swarm/admin_guide/",
	  .params = managers_params, .host = managers },
	{ .key = "swarm.service_bind",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "By default a manager listens for cluster traffic on "
	      "0.0.0.0:2377, reachable from every network the host is attached "
	      "to.",
	  .audit_text = "Reads ListenAddr from the node's swarm state file "
	      "(<data-root>/swarm/docker-state.json, fact swarm.state; the API "
	      "does not report it): empty, 0.0.0.0 or :: fails." NA_TEXT,
	  .remediation = "Re-initialise or re-join with --listen-addr "
	      "10.0.0.5:2377 (the management interface's address), e.g. docker "
	      "swarm init --listen-addr 10.0.0.5:2377 --advertise-addr 10.0.0.5.",
	  .references = REF_CIS "\nhttps://docs.docker.com/reference/cli/docker/swarm/init/",
	  .host = listen_addr },
	{ .key = "swarm.overlay_encryption",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "Overlay traffic between nodes is plain VXLAN unless the "
	      "network is encrypted: anyone on the path can read it and inject "
	      "packets.",
	  .audit_text = "Every network with Driver overlay in GET /networks "
	      "(ingress included) is one finding; it passes when its Options "
	      "hold the key \"encrypted\" (the driver checks presence, not value)."
	      NA_TEXT,
	  .remediation = "Create overlay networks with docker network create -d "
	      "overlay --opt encrypted NAME, move services to them, and recreate "
	      "ingress with --ingress --opt encrypted if the routing mesh is used.",
	  .references = REF_CIS "\nhttps://docs.docker.com/engine/network/drivers/overlay/#encrypt-traffic-on-an-overlay-network",
	  .host = overlay_encrypted },
	{ .key = "swarm.secrets",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "A secret put into a service's environment is stored in "
	      "the service spec, readable by every API client and visible in the "
	      "containers' environment; swarm secrets are encrypted in the raft "
	      "log and reach only the tasks granted them, as files.",
	  .audit_text = "Scans every service's Spec.TaskTemplate.ContainerSpec.Env "
	      "(GET /services) with the secret detector of image.secrets: a secret-like "
	      "variable fails (evidence: name and redacted value). The swarm "
	      "secrets (GET /secrets names) and the services using them are "
	      "evidence. Notapplicable with no service." NA_TEXT,
	  .remediation = "printf '%s' \"$VALUE\" | docker secret create NAME -; "
	      "docker service update --secret-add NAME --env-rm VAR SERVICE, and "
	      "read /run/secrets/NAME in the container (e.g. VAR_FILE).",
	  .references = REF_CIS "\nhttps://docs.docker.com/engine/swarm/secrets/",
	  .host = secret_management },
	{ .key = "swarm.autolock",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "Without auto-lock the keys that decrypt the raft log are "
	      "stored on the manager's disk: a stolen disk or backup yields every "
	      "swarm secret.",
	  .audit_text = "Reads Spec.EncryptionConfig.AutoLockManagers from GET "
	      "/swarm; false or missing fails." NA_TEXT,
	  .remediation = "docker swarm update --autolock=true, and store the "
	      "printed unlock key in a password manager.",
	  .references = REF_CIS "\nhttps://docs.docker.com/engine/swarm/swarm_manager_locking/",
	  .host = autolock_on },
	{ .key = "swarm.autolock_rotation",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "An unlock key that never changes stays valid for anyone "
	      "who ever saw it.",
	  .audit_text = "The API reports neither the unlock key's age nor its "
	      "rotations, so no fact decides this: manual, with auto-lock's "
	      "state and the swarm's last update time. Notapplicable when "
	      "auto-lock is off (swarm.autolock fails then)." NA_TEXT,
	  .remediation = "docker swarm unlock-key --rotate on a schedule, and "
	      "record the date and the new key in the password manager.",
	  .references = REF_CIS "\nhttps://docs.docker.com/engine/swarm/swarm_manager_locking/",
	  .host = unlock_key_rotation },
	{ .key = "swarm.node_cert_rotation",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "Node certificates are renewed automatically before they "
	      "expire; a long lifetime keeps a stolen node identity valid for "
	      "long.",
	  .audit_text = "Reads Spec.CAConfig.NodeCertExpiry (nanoseconds; unset "
	      "means swarmkit's 90 days) from GET /swarm and fails above the "
	      "parameter max_node_cert_expiry_days (default 90)." NA_TEXT,
	  .remediation = "docker swarm update --cert-expiry 720h (30 days), or "
	      "whatever your policy requires.",
	  .references = REF_CIS "\nhttps://docs.docker.com/reference/cli/docker/swarm/update/",
	  .params = cert_params, .host = node_cert_expiry },
	{ .key = "swarm.ca_rotation",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "A root CA used for years gives a leaked CA key years of "
	      "value; rotating it invalidates every certificate it signed.",
	  .audit_text = "The API records no rotation date: manual, with the "
	      "swarm's creation time and age, Spec.CAConfig.ForceRotate (raised "
	      "by each docker swarm ca --rotate), whether a custom signing CA or "
	      "external CAs are set, the issuer subject and "
	      "RootRotationInProgress." NA_TEXT,
	  .remediation = "docker swarm ca --rotate on the schedule your policy "
	      "sets (or with --ca-cert/--ca-key for your own CA).",
	  .references = REF_CIS "\nhttps://docs.docker.com/engine/swarm/how-swarm-mode-works/pki/",
	  .host = ca_rotation },
	{ .key = "swarm.plane_separation",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "Container traffic on the management interface competes "
	      "with and exposes the control plane; separate interfaces let each "
	      "be firewalled on its own.",
	  .audit_text = "Reads AdvertiseAddr and DataPathAddr from the node's "
	      "swarm state file (fact swarm.state): an empty DataPathAddr, or one "
	      "on the same host address as AdvertiseAddr, fails." NA_TEXT,
	  .remediation = "Join or initialise with --data-path-addr on a separate "
	      "interface, e.g. docker swarm init --advertise-addr 10.0.0.5 "
	      "--data-path-addr 10.1.0.5.",
	  .references = REF_CIS "\nhttps://docs.docker.com/engine/swarm/networking/",
	  .host = data_path },
	{ .key = NULL },
};
