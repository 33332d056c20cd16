/* hardock's own checks on how the engine's API is reached. */
#include <string.h>

#include "util.h"

/* HD-ENGINE-1: the API hardock audited through is as exposed as the
 * transport: plain tcp:// (or TLS that trusts any certificate) hands the
 * engine, and so root on the host, to whoever is on the network path. */
static enum hd_status
engine_transport(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_fact tf;
	json_object *target;
	const char *url = NULL, *scheme = NULL;
	bool tls = false, verify = false;

	if ((target = hd_require(f, ctx, HD_F_ENGINE_TARGET)) == NULL ||
	    hd_require(f, ctx, HD_F_ENGINE_CONN) == NULL)
		return HD_ERROR;
	hd_fact(&tf, ctx, HD_F_ENGINE_TARGET);
	if (hd_get_str(f, target, "url", NULL, &url) < 0 ||
	    hd_get_str(f, target, "scheme", NULL, &scheme) < 0 ||
	    hd_get_bool(f, target, "tls", false, &tls) < 0 ||
	    hd_get_bool(f, target, "tls_verify", false, &verify) < 0)
		return HD_ERROR;
	if (url == NULL || scheme == NULL) {
		hd_msg(f, "%s: no url or scheme recorded", HD_F_ENGINE_TARGET);
		return HD_ERROR;
	}
	hd_ev_str(f, "url", url, tf.source);
	if (strcmp(scheme, "unix") == 0) {
		hd_msg(f, "the engine was reached over its unix socket %s", url);
		return HD_PASS;
	}
	/* ssh encrypts and authenticates both ends; hardock runs it with
	 * BatchMode=yes, so an unknown or changed host key stops the scan. */
	if (strcmp(scheme, "ssh") == 0) {
		hd_msg(f, "the engine was reached through ssh (%s), its host key "
		    "checked; the API stays on the remote host's socket", url);
		return HD_PASS;
	}
	hd_ev_bool(f, "tls", tls, tf.source);
	hd_ev_bool(f, "tls_verify", verify, tf.source);
	if (!tls) {
		hd_msg(f, "the engine was reached over %s without TLS: its API is "
		    "open to anyone on the network path", url);
		return HD_FAIL;
	}
	if (!verify) {
		hd_msg(f, "the engine was reached over %s with TLS but without "
		    "verifying its certificate", url);
		return HD_FAIL;
	}
	hd_msg(f, "the engine was reached over %s with verified TLS", url);
	return HD_PASS;
}

const struct hd_check hd_checks_engine[] = {
	{ .key = "engine.transport",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "The Engine API has no authorization of its own: whoever can "
	      "send it requests can start a privileged container and own the "
	      "host. Over plain tcp:// every request, including registry "
	      "credentials, crosses the network in clear text and anyone who can "
	      "reach the port drives the engine; TLS without certificate "
	      "verification lets a machine in the middle impersonate the engine.",
	  .audit_text = "Reads the endpoint hardock itself resolved and used "
	      "(engine.target: -H, --context, DOCKER_HOST, DOCKER_CONTEXT, the "
	      "current docker context or the default socket). A unix:// socket "
	      "or ssh:// (host key checked, BatchMode=yes) passes; tcp:// passes "
	      "only with TLS and certificate verification "
	      "(--tlsverify or DOCKER_TLS_VERIFY, or a context without "
	      "SkipTLSVerify). Errors when the engine could not be reached.",
	  .remediation = "Talk to the engine over its unix socket "
	      "(unix:///var/run/docker.sock, or ssh:// with the docker CLI). If "
	      "it must listen on TCP, run dockerd with --tlsverify --tlscacert "
	      "--tlscert --tlskey (daemon.json \"tlsverify\": true, \"tlscacert\", "
	      "\"tlscert\", \"tlskey\") on port 2376 and connect with "
	      "DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH holding ca.pem, cert.pem "
	      "and key.pem; remove SkipTLSVerify from docker contexts.",
	  .references = "https://docs.docker.com/engine/security/protect-access/",
	  .host = engine_transport },
	{ .key = NULL },
};
