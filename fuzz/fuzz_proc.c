/* Fuzz the /proc/PID parsers: status (capability sets decoded to names,
 * seccomp, no_new_privs, uid, and the State: letter that says a daemon
 * has exited) before the first NUL byte, cgroup after it,
 * matched against a full container id and a short one. */
#include <string.h>

#include "collect/process.h"

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	const char *text = (const char *)data, *nul = memchr(text, '\0', len);
	size_t n = nul ? (size_t)(nul - text) : len;
	struct hd_proc_status st;

	(void)hd_proc_exited(hd_proc_state(text, n));
	if (hd_proc_status_parse(&st, text, n) == 0) {
		json_object_put(hd_cap_names(st.cap_eff));
		json_object_put(hd_cap_names(st.cap_prm));
		json_object_put(hd_cap_names(st.cap_bnd));
	}
	if (nul != NULL) {
		hd_cgroup_names_container(nul + 1, len - n - 1, ID);
		hd_cgroup_names_container(nul + 1, len - n - 1, "0123456789ab");
	}
	return 0;
}
