/* Fuzz the seccomp profile analysis: the first line is the host's machine
 * name as host.info records it (uname -m, attacker-shaped in a snapshot),
 * the rest a Docker seccomp profile in JSON. */
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include <hardock/common.h>
#include <hardock/jsonparse.h>

#include "collect/collectors.h"
#include "seccomp_profile.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	const char *text = (const char *)data, *nl = memchr(text, '\n', len);
	size_t n = nl ? (size_t)(nl - text) : 0;
	char *machine = hd_xstrndup(text, n);
	struct hd_seccomp_analysis *a = NULL;
	json_object *profile = NULL;
	uint32_t arch = hd_seccomp_arch(machine);

	/* The collector's own reading of the profile file, then the analysis. */
	if (hd_seccomp_profile_parse(&profile, nl ? nl + 1 : text,
	    nl ? len - n - 1 : len) == 0 &&
	    hd_seccomp_analyze(&a, profile, arch ? arch : SCMP_ARCH_X86_64) == 0)
		hd_seccomp_analysis_free(a);
	json_object_put(profile);
	free(machine);
	return 0;
}
