/* A recommendation's metadata as JSON: the one rendering `list -f json`,
 * `explain -f json`, the JSON report and the man page generator share. */
#include <stdlib.h>
#include <string.h>

#include <hardock/scan.h>

/* Add key: string, or null when s is NULL. */
static void
add_str(json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, s ? json_object_new_string(s) : NULL);
}

json_object *
hd_rule_json(const struct hd_rule *r)
{
	json_object *o = json_object_new_object(), *params, *refs;
	const struct hd_check *c = r->control;
	const char *p, *nl;
	char *fix = hd_rule_remediation(r, NULL, NULL);

	add_str(o, "id", r->id);
	add_str(o, "control", c->key);
	add_str(o, "title", r->title);
	add_str(o, "section", r->section);
	json_object_object_add(o, "level", json_object_new_int(r->level));
	add_str(o, "cis_assessment", hd_assessment_name(r->cis));
	add_str(o, "audit", hd_audit_name(c->audit));
	add_str(o, "severity", hd_severity_name(c->severity));
	add_str(o, "scope", hd_scope_name(c->scope));
	add_str(o, "rationale", c->rationale);
	add_str(o, "how_audited", c->audit_text);
	add_str(o, "remediation", fix);
	free(fix);
	refs = json_object_new_array();
	for (p = c->references; p != NULL && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		json_object_array_add(refs, nl ? json_object_new_string_len(p,
		    (int)(nl - p)) : json_object_new_string(p));
	}
	json_object_object_add(o, "references", refs);
	params = json_object_new_array();
	for (const struct hd_param_def *d = c->params; d && d->name; d++) {
		json_object *pd = json_object_new_object();

		add_str(pd, "name", d->name);
		add_str(pd, "type", hd_param_type_name(d->type));
		add_str(pd, "default", hd_rule_param(r, d->name) ?
		    hd_rule_param(r, d->name) : d->def);
		add_str(pd, "help", d->help);
		json_object_array_add(params, pd);
	}
	json_object_object_add(o, "params", params);
	return o;
}
