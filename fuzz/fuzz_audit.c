/* Fuzz the audit rules parser (auditctl syntax, audit.rules and rules.d)
 * and render what it records. */
#include <stddef.h>

#include "collect/audit.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	json_object *rules = json_object_new_array();
	json_object *unparsed = json_object_new_array();

	hd_audit_parse(rules, unparsed, "/etc/audit/rules.d/fuzz.rules",
	    (const char *)data, len);
	json_object_to_json_string(rules);
	json_object_to_json_string(unparsed);
	json_object_put(rules);
	json_object_put(unparsed);
	return 0;
}
