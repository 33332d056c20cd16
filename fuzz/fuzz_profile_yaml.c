/* Fuzz the YAML profile parser: any input is refused or parsed, never a
 * crash; and what hardock profile show prints of a parsed profile must
 * parse again (the printer quotes what would change meaning). */
#include <stdio.h>
#include <stdlib.h>

#include <hardock/profile.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct hd_profile *p = NULL, *again = NULL;
	char *shown = NULL;
	size_t n = 0;
	FILE *fp;

	if (hd_profile_parse(&p, (const char *)data, len, "fuzz.yaml") < 0)
		return 0;
	if ((fp = open_memstream(&shown, &n)) == NULL)
		abort();
	if (hd_profile_show(fp, p) < 0)
		abort();
	fclose(fp);
	if (hd_profile_parse(&again, shown, n, "shown") < 0) {
		fprintf(stderr, "reprinted profile does not parse: %s\n%s\n",
		    hd_error_last(), shown);
		abort();
	}
	hd_profile_free(again);
	hd_profile_free(p);
	free(shown);
	return 0;
}
