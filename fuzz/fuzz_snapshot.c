/* Fuzz the snapshot parser and then evaluate every check and render both
 * reports over whatever it accepted: a hostile snapshot must never crash
 * the scanner, a check or a reporter. */
#include <stdio.h>

#include <hardock/report.h>
#include <hardock/scan.h>
#include <hardock/snapshot.h>

#include "report/reporters.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct hd_snapshot *s = NULL;
	struct hd_results *res = NULL;
	struct hd_scan_opts o;
	struct hd_report rep = { 0 };
	FILE *null;

	if (hd_snapshot_parse(&s, (const char *)data, len) < 0)
		return 0;
	hd_scan_opts_init(&o);
	if (hd_scan_run(&res, s, &o) == 0) {
		null = fopen("/dev/null", "w");
		rep.results = res;
		rep.snapshot = s;
		rep.started_at = rep.finished_at = "2026-01-01T00:00:00Z";
		rep.profile = "fuzz";
		rep.verbose = true;
		hd_render_text(null, &rep);
		hd_render_json(null, &rep);
		fclose(null);
	}
	hd_results_free(res);
	hd_snapshot_free(s);
	return 0;
}
