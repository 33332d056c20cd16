/* Fuzz the decoder of the kernel's audit netlink answers (AUDIT_GET,
 * AUDIT_LIST_RULES): a buffer as recvfrom() would fill it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect/audit.h"

/* libFuzzer entry: one received buffer per input, copied to an aligned
 * buffer as the kernel's are, parsed as the answer to request 1
 * (AUDIT_GET) and to request 2 (AUDIT_LIST_RULES). */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t *buf = malloc(size + 4);

	memcpy(buf, data, size);
	for (uint32_t seq = 1; seq <= 2; seq++) {
		struct hd_audit_nl st = { .seq = seq };

		st.rules = json_object_new_array();
		(void)hd_audit_nl_parse(&st, buf, size);
		json_object_put(st.rules);
	}
	free(buf);
	return 0;
}
