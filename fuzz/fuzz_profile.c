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
		for (size_t i = 0; i < o.nparams; i++) {
			free(o.params[i].name);
			free(o.params[i].value);
		}
		free(o.params);
		free(o.select);
		free(o.exclude);
		free(o.objects_include);
		free(o.objects_exclude);
		free((void *)o.waivers);
		hd_profile_free(p);
	}
	return 0;
}
