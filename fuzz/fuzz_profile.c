/* Fuzz the profile parser: any input is refused or parsed, never a crash. */
#include <stdlib.h>

#include <hardock/profile.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct hd_profile *p = NULL;
	struct hd_scan_opts o;

	if (hd_profile_parse(&p, (const char *)data, len, "fuzz") == 0) {
		hd_scan_opts_init(&o);
		hd_profile_apply(p, &o);
		(void)hd_scan_opts_validate(&o);
		hd_scan_opts_release(&o);
		hd_profile_free(p);
	}
	return 0;
}
