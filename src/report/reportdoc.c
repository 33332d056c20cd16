/* Reading a JSON report back (diff, merge): which benchmark it was
 * evaluated against and which control each result is. */
#include <string.h>

#include <hardock/check.h>
#include <hardock/pack.h>
#include <hardock/report.h>

const struct hd_pack *
hd_report_pack(json_object *report)
{
	const char *id = NULL, *ver = NULL;

	if (hd_get_str(NULL, report, "benchmark.id", NULL, &id) == 0 && id)
		return hd_pack_find(id);
	if (hd_get_str(NULL, report, "benchmark.version", NULL, &ver) == 0 && ver)
		return hd_pack_find(ver);
	return NULL;
}

const char *
hd_report_result_control(json_object *r, const struct hd_pack *p)
{
	const char *id = NULL, *key = NULL;
	const struct hd_rule *rule;

	if (hd_get_str(NULL, r, "control", NULL, &key) == 0 && key && key[0])
		return key;
	if (p && hd_get_str(NULL, r, "id", NULL, &id) == 0 && id &&
	    (rule = hd_pack_rule(p, id)) != NULL)
		return rule->control->key;
	return NULL;
}
