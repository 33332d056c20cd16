/* Fuzz `hardock merge`: up to 8 JSON reports separated by NUL bytes are
 * added to one fleet (an unparsable one recorded as unreadable), a host is
 * expected, and the fleet report is built and rendered as text and HTML. */
#include <stdio.h>
#include <string.h>

#include <hardock/fleet.h>
#include <hardock/jsonparse.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

#define MAX_REPORTS 8

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	const char *p = (const char *)data, *end = p + len;
	struct hd_fleet *f = hd_fleet_new();
	json_object *fleet;
	FILE *null;

	hd_fleet_expect(f, "web-1");
	for (int i = 0; i < MAX_REPORTS && p <= end; i++) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
		json_object *doc = NULL;
		char path[32];

		snprintf(path, sizeof(path), "reports/%d.json", i);
		if (hd_json_parse(&doc, p, n) < 0)
			hd_fleet_add_error(f, path, hd_error_last());
		else
			hd_fleet_add(f, path, doc);
		json_object_put(doc);
		if (nul == NULL)
			break;
		p = nul + 1;
	}
	fleet = hd_fleet_json(f, 1767225600 /* 2026-01-01 */, 86400,
	    HD_SEV_MEDIUM);
	hd_fleet_failed(fleet);
	null = fopen("/dev/null", "w");
	hd_fleet_render_text(null, fleet);
	hd_fleet_render_html(null, fleet);
	fclose(null);
	json_object_put(fleet);
	hd_fleet_free(f);
	return 0;
}
