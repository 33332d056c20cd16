/* Fuzz `hardock diff`'s input: two JSON reports, OLD before the first NUL
 * byte and NEW after it (one report against itself when there is none),
 * through the report loader and the comparison, whose result is printed
 * as JSON as `diff -f json` does. */
#include <stdio.h>
#include <string.h>

#include <hardock/report.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	const char *text = (const char *)data, *nul = memchr(text, '\0', len);
	size_t n_old = nul ? (size_t)(nul - text) : len;
	const char *new_text = nul ? nul + 1 : text;
	size_t n_new = nul ? len - n_old - 1 : len;
	json_object *old = NULL, *new = NULL, *d;

	if (hd_report_parse(&old, text, n_old) == 0 &&
	    hd_report_parse(&new, new_text, n_new) == 0) {
		d = hd_report_diff(old, new);
		json_object_to_json_string_ext(d, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_NOSLASHESCAPE);
		json_object_put(d);
	}
	json_object_put(old);
	json_object_put(new);
	return 0;
}
