/* Fuzz the systemd unit parser and ExecStart expansion: the input is a
 * unit file, applied twice (as unit and drop-in) with its own
 * Environment= for expansion. */
#include <stdint.h>

#include "collect/daemon.h"

/* libFuzzer entry: one unit file per input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hd_unit u;
	struct hd_argv v = { 0 };

	hd_unit_init(&u);
	(void)hd_unit_apply(&u, (const char *)data, size, "/fuzz.service");
	(void)hd_unit_apply(&u, (const char *)data, size, "/fuzz.service.d/x.conf");
	(void)hd_unit_exec_argv(&v, &u, u.env);
	hd_argv_clear(&v);
	hd_unit_clear(&u);
	return 0;
}
