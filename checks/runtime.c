/* CIS section 5: how containers run. One finding per container. */
#include <string.h>

#include "util.h"

/* 5.5: privileged containers get every capability and every device. */
static enum hd_status
privileged(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	bool priv;

	(void)ctx;
	if (hd_get_bool(f, c->inspect.value, "HostConfig.Privileged", false,
	    &priv) < 0)
		return HD_ERROR;
	hd_ev_bool(f, "HostConfig.Privileged", priv, SRC_INSPECT);
	hd_msg(f, priv ? "privileged" : "not privileged");
	return priv ? HD_FAIL : HD_PASS;
}

/* 5.10: a container in the host's network namespace sees and binds every
 * host interface. */
static enum hd_status
host_network(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	const char *mode = NULL;

	(void)ctx;
	if (hd_get_str(f, c->inspect.value, "HostConfig.NetworkMode", "", &mode) < 0)
		return HD_ERROR;
	hd_ev_str(f, "HostConfig.NetworkMode", mode, SRC_INSPECT);
	if (strcmp(mode, "host") == 0) {
		hd_msg(f, "NetworkMode=host");
		return HD_FAIL;
	}
	hd_msg(f, "NetworkMode=%s", mode[0] ? mode : "default");
	return HD_PASS;
}

const struct hd_check hd_checks_runtime[] = {
	{ .id = "5.5", .title = "Ensure that privileged containers are not used",
	  .section = SEC_5, .level = 1, .cis = HD_CIS_MANUAL,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_CRITICAL,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "--privileged gives the container every capability, every host "
	      "device and no seccomp or LSM confinement: root in it is root on the host.",
	  .audit_text = "Reads HostConfig.Privileged of every container, running, "
	      "stopped and created (a created one is one `docker start` away).",
	  .remediation = "Recreate the container without --privileged; grant only the "
	      "capabilities (--cap-add) and devices (--device) it needs.",
	  .references = "https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities",
	  .object = privileged },
	{ .id = "5.10", .title = "Ensure that the host's network namespace is not shared",
	  .section = SEC_5, .level = 1, .cis = HD_CIS_MANUAL,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "With --network host the container shares the host's interfaces, "
	      "can bind any port, reach services on localhost and sniff traffic.",
	  .audit_text = "Reads HostConfig.NetworkMode of every container; \"host\" fails.",
	  .remediation = "Recreate the container without --network host; publish the "
	      "ports it needs with -p on a specific address.",
	  .references = "https://docs.docker.com/engine/network/drivers/host/",
	  .object = host_network },
	{ .id = NULL },
};
