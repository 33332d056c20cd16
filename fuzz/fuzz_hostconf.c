/* Fuzz the host configuration parsers: systemd INI files, syslog
 * forwarding rules (rsyslog and syslog-ng), environment files in every
 * form, and /proc/net/tcp{,6}. One input goes through all of them. */
#include <stdint.h>
#include <stdlib.h>

#include "collect/hostconf.h"

/* libFuzzer entry: one file per input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	json_object *out = json_object_new_array();
	char *v = NULL;
	int line, im = 0;

	if (hd_ini_get(&v, &line, d, size, "Journal", "ForwardToSyslog"))
		free(v);
	hd_syslog_forwarding(out, &im, d, size, "f", false);
	hd_syslog_forwarding(out, &im, d, size, "f", true);
	for (int form = HD_ENV_PAM; form <= HD_ENV_UNIT; form++)
		hd_env_assignments(out, d, size, "f", "DOCKER_CONTENT_TRUST",
		    (enum hd_env_form)form, "s");
	hd_proc_net_listen(out, d, size, false);
	hd_proc_net_listen(out, d, size, true);
	json_object_put(out);
	return 0;
}
