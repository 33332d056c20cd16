/*
 * SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF viewers.
 *
 * One run. tool.driver.rules[] holds one reportingDescriptor per evaluated
 * recommendation (not notselected), in pack order: id the benchmark id,
 * name the control key, help how hardock audits and the remediation,
 * properties the benchmark, level, section, severity, tags and GitHub's
 * "security-severity" score. results[] holds one result per finding that
 * needs attention, in pack order then object order: a failing object of a
 * per-object check (or a failing child of a host check), else the result's
 * top finding:
 *   fail     kind "fail", level from the result's severity (a profile may
 *            change it);
 *   waived   the same, with suppressions [{kind "external", status
 *            "accepted", justification}]: the failure is still there, a
 *            person accepted it;
 *   error    kind "open" (the tool could not tell whether there is a
 *            problem), level "none" as SARIF requires for a kind other
 *            than "fail"; the same is an error-level
 *            toolExecutionNotification of invocations[0], so that a
 *            consumer knows the results are incomplete (SARIF appendix I)
 *            while GitHub, which shows results only, still shows it.
 * pass, manual and notapplicable give no result.
 *
 * Locations (GitHub needs one physical location per result and rejects
 * absolute file URIs outside the checkout): every uri is a relative
 * reference, percent-encoded (hd_uri_encode_path()):
 *   a file of the audited host  "etc/docker/daemon.json" with uriBaseId
 *                               HOSTROOT (originalUriBaseIds: file:///, or
 *                               the --root directory), its line when the
 *                               evidence names FILE:LINE;
 *   an image                    the image reference ("busybox%3Alatest"),
 *                               and "REF/PATH" when the evidence names one
 *                               file inside it (an evidence "path" and
 *                               "layer", or a value with such members),
 *                               the layer in the location's properties;
 *                               when it names several (a list), the image,
 *                               with each file a relatedLocation;
 *   a container                 "containers/NAME";
 *   the host itself             "host/HOSTNAME".
 * region.startLine is 1 when the finding names no line (GitHub requires a
 * line). logicalLocations name the image, container or file with kind
 * "resource".
 *
 * Locations and fingerprints are made in sarif_where.c.
 * partialFingerprints["hardockFinding/v1"] is the SHA-256 of
 *   "hardock-finding/v1" NUL control-key NUL object-kind NUL identity NUL
 *   path-in-image
 * where identity is what survives a rebuild or a re-creation: an image's
 * repository without tag or digest (its full reference when the report
 * holds several tags of one repository; its id when it has no name), a
 * container's name (never its id) or a host object's id (a path, a
 * sysctl), each prefixed by the host name, the host name for a host
 * check. The benchmark id is left out so that a renumbering by CIS keeps
 * alerts, and no observed value goes in (a secret never does).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/facts.h>
#include <hardock/profile.h>
#include <hardock/report.h>

#include "report/reporters.h"
#include "report/sarif.h"

#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
	"errata01/os/schemas/sarif-schema-2.1.0.json"
#define JSON_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)

struct sarif {
	const struct hd_report *rep;
	json_object *host;     /* the report's host block */
	struct hd_sarif_subjects subj; /* for locations and fingerprints */
	size_t *rule_index;    /* per result: its rules[] index, SIZE_MAX */
	json_object *notes;    /* toolExecutionNotifications */
};

/* A JSON string (json-c escapes it when writing). */
static json_object *
str(const char *s)
{
	return json_object_new_string(s);
}

/* A message object {"text": s}. */
static json_object *
text_msg(const char *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "text", str(s));
	return o;
}

/* A message object whose text holds names from outside (escaped so that
 * no name reads as an embedded link). */
static json_object *
outside_msg(const char *s)
{
	char *e = hd_sarif_text(s);
	json_object *o = text_msg(e);

	free(e);
	return o;
}


/* Whether some child of r gives a result (else its top finding does). */
static bool
children_reported(const struct hd_result *r)
{
	for (size_t k = 0; k < r->top.nchildren; k++)
		if (hd_sarif_reported(r->top.children[k].status))
			return true;
	return false;
}

/* ---- Rules --------------------------------------------------------------- */

/* The first http(s) URL of a control's references, or NULL (caller frees). */
static char *
help_uri(const char *refs)
{
	for (const char *p = refs; p != NULL && *p;) {
		size_t n = strcspn(p, "\n");

		if (strncmp(p, "https://", 8) == 0 || strncmp(p, "http://", 7) == 0) {
			char *u = hd_xmalloc(n + 1);

			memcpy(u, p, n);
			u[n] = '\0';
			/* A space or a quote would not be a URI. */
			if (strcspn(u, " \t\"<>") == n)
				return u;
			free(u);
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	return NULL;
}

/* Newline-separated lines as a Markdown list ("- LINE" each), NULL for
 * NULL. Caller frees. */
static char *
markdown_list(const char *lines)
{
	char *out, *o;
	size_t n = 0;

	if (lines == NULL)
		return NULL;
	for (const char *p = lines; *p; p++)
		n += *p == '\n' ? 3 : 1;
	o = out = hd_xmalloc(n + 3);
	*o++ = '-';
	*o++ = ' ';
	for (const char *p = lines; *p; p++) {
		*o++ = *p;
		if (*p == '\n' && p[1] != '\0') {
			*o++ = '-';
			*o++ = ' ';
		}
	}
	*o = '\0';
	return out;
}

/* help: {text, markdown}: how hardock audits, then the fix. */
static json_object *
rule_help(const struct hd_result *r)
{
	const struct hd_check *c = r->check;
	char *fix = hd_rule_remediation(r->rule, NULL, NULL);
	const char *how = c->audit_text ? c->audit_text : "";
	json_object *o = json_object_new_object();
	char *t, *refs;

	t = hd_xasprintf("How hardock audits: %s\n\nRemediation: %s%s%s", how,
	    fix ? fix : "", c->references ? "\n\nReferences:\n" : "",
	    c->references ? c->references : "");
	json_object_object_add(o, "text", str(t));
	free(t);
	refs = markdown_list(c->references);
	t = hd_xasprintf("**How hardock audits**\n\n%s\n\n**Remediation**\n\n%s%s%s",
	    how, fix ? fix : "", refs ? "\n\n**References**\n\n" : "",
	    refs ? refs : "");
	json_object_object_add(o, "markdown", str(t));
	free(t);
	free(refs);
	free(fix);
	return o;
}

/* One reportingDescriptor for recommendation r. */
static json_object *
rule_json(const struct hd_result *r, const struct hd_pack *pack)
{
	const struct hd_rule *rule = r->rule;
	const struct hd_check *c = r->check;
	json_object *o = json_object_new_object(), *p, *tags, *cfg;
	char *uri = help_uri(c->references);

	json_object_object_add(o, "id", str(rule->id));
	json_object_object_add(o, "name", str(c->key));
	json_object_object_add(o, "shortDescription", text_msg(rule->title));
	json_object_object_add(o, "fullDescription",
	    text_msg(c->rationale ? c->rationale : rule->title));
	json_object_object_add(o, "help", rule_help(r));
	if (uri != NULL)
		json_object_object_add(o, "helpUri", str(uri));
	free(uri);
	cfg = json_object_new_object();
	json_object_object_add(cfg, "level", str(hd_sarif_level(r->severity)));
	json_object_object_add(o, "defaultConfiguration", cfg);
	p = json_object_new_object();
	json_object_object_add(p, "control", str(c->key));
	json_object_object_add(p, "benchmark", str(pack->name));
	json_object_object_add(p, "benchmarkVersion", str(pack->version));
	json_object_object_add(p, "cisLevel", json_object_new_int(rule->level));
	json_object_object_add(p, "cisAssessment",
	    str(hd_assessment_name(rule->cis)));
	json_object_object_add(p, "section", str(rule->section));
	json_object_object_add(p, "scope", str(hd_scope_name(c->scope)));
	json_object_object_add(p, "audit", str(hd_audit_name(c->audit)));
	json_object_object_add(p, "severity", str(hd_severity_name(r->severity)));
	if (r->severity != c->severity)
		json_object_object_add(p, "controlSeverity",
		    str(hd_severity_name(c->severity)));
	json_object_object_add(p, "security-severity",
	    str(hd_sarif_security_severity(r->severity)));
	tags = json_object_new_array();
	json_object_array_add(tags, str("security"));
	json_object_array_add(tags, str("docker"));
	json_object_array_add(tags, str(rule->cis != HD_CIS_NONE ? "CIS" : "hardock"));
	json_object_array_add(tags, str(hd_scope_name(c->scope)));
	json_object_object_add(p, "tags", tags);
	json_object_object_add(o, "properties", p);
	return o;
}

/* ---- Results ------------------------------------------------------------- */

/* The message of f (status st) of result r: "container 'web': MESSAGE", or
 * "could not be evaluated ..." for an error. Caller frees. */
static char *
message(const struct hd_result *r, const struct hd_finding *f,
    enum hd_status st)
{
	const char *m = f->message && f->message[0] ? f->message : r->rule->title;
	bool obj = f->object_id != NULL;

	if (st == HD_ERROR)
		return obj ? hd_xasprintf("Could not be evaluated for %s '%s': %s",
		    hd_object_kind_name(f->kind), hd_sarif_object_label(f), m) :
		    hd_xasprintf("Could not be evaluated: %s", m);
	return obj ? hd_xasprintf("%s '%s': %s", hd_object_kind_name(f->kind),
	    hd_sarif_object_label(f), m) : hd_xstrdup(m);
}

/* An error-level notification for the errored finding f. */
static void
note_error(struct sarif *sa, const struct hd_result *r, size_t ri,
    const char *msg, json_object *locations)
{
	json_object *n = json_object_new_object(), *rule = json_object_new_object();
	char *t = hd_xasprintf("%s (%s): %s", r->rule->id, r->check->key, msg);

	json_object_object_add(n, "level", str("error"));
	json_object_object_add(n, "message", outside_msg(t));
	free(t);
	json_object_object_add(rule, "id", str(r->rule->id));
	json_object_object_add(rule, "index", json_object_new_int64((int64_t)ri));
	json_object_object_add(n, "associatedRule", rule);
	json_object_object_add(n, "locations", json_object_get(locations));
	json_object_array_add(sa->notes, n);
}

/* The SARIF result for finding f (status st, waiver w) of result r. */
static json_object *
result_json(struct sarif *sa, const struct hd_result *r,
    const struct hd_finding *f, enum hd_status st, const char *w)
{
	json_object *o = json_object_new_object(), *p, *locs, *rel, *fj, *v;
	size_t ri = sa->rule_index[r - sa->rep->results->items];
	char *msg = message(r, f, st);

	json_object_object_add(o, "ruleId", str(r->rule->id));
	json_object_object_add(o, "ruleIndex", json_object_new_int64((int64_t)ri));
	json_object_object_add(o, "kind", str(st == HD_ERROR ? "open" : "fail"));
	json_object_object_add(o, "level",
	    str(st == HD_ERROR ? "none" : hd_sarif_level(r->severity)));
	json_object_object_add(o, "message", outside_msg(msg));
	locs = hd_sarif_locations(&sa->subj, f);
	json_object_object_add(o, "locations", locs);
	rel = hd_sarif_related(f);
	if (rel != NULL)
		json_object_object_add(o, "relatedLocations", rel);
	json_object_object_add(o, "partialFingerprints",
	    hd_sarif_fingerprint(&sa->subj, r->check->key, f));
	if (st == HD_WAIVED) {
		json_object *sup = json_object_new_object(),
		    *arr = json_object_new_array();

		json_object_object_add(sup, "kind", str("external"));
		json_object_object_add(sup, "status", str("accepted"));
		json_object_object_add(sup, "justification", str(w ? w : ""));
		json_object_array_add(arr, sup);
		json_object_object_add(o, "suppressions", arr);
	}
	p = json_object_new_object();
	json_object_object_add(p, "status", str(hd_status_name(st)));
	json_object_object_add(p, "control", str(r->check->key));
	json_object_object_add(p, "severity", str(hd_severity_name(r->severity)));
	/* The object and the evidence as the JSON report writes them. */
	fj = hd_report_finding_json(f);
	if (json_object_object_get_ex(fj, "object", &v))
		json_object_object_add(p, "object", json_object_get(v));
	if (f->inherited)
		json_object_object_add(p, "inherited", json_object_new_boolean(1));
	if (json_object_object_get_ex(fj, "evidence", &v))
		json_object_object_add(p, "evidence", json_object_get(v));
	json_object_put(fj);
	if (r->remediation != NULL)
		json_object_object_add(p, "remediation", str(r->remediation));
	json_object_object_add(o, "properties", p);
	if (st == HD_ERROR)
		note_error(sa, r, ri, msg, locs);
	free(msg);
	return o;
}

/* ---- The document -------------------------------------------------------- */

/* tool: {driver: {name, version, rules}}, numbering sa->rule_index. */
static json_object *
tool_json(struct sarif *sa)
{
	const struct hd_results *res = sa->rep->results;
	json_object *tool = json_object_new_object(), *d = json_object_new_object(),
	    *rules = json_object_new_array();
	size_t n = 0;

	json_object_object_add(d, "name", str("hardock"));
	json_object_object_add(d, "fullName",
	    str("hardock Docker host hardening audit"));
	json_object_object_add(d, "version", str(HARDOCK_VERSION));
	json_object_object_add(d, "semanticVersion", str(HARDOCK_VERSION));
	for (size_t i = 0; i < res->count; i++) {
		sa->rule_index[i] = SIZE_MAX;
		if (res->items[i].status == HD_NOTSELECTED)
			continue;
		sa->rule_index[i] = n++;
		json_object_array_add(rules, rule_json(&res->items[i], res->pack));
	}
	json_object_object_add(d, "rules", rules);
	json_object_object_add(tool, "driver", d);
	return tool;
}

/* originalUriBaseIds: HOSTROOT, the root the host's files were read
 * under. */
static json_object *
bases_json(const struct hd_report *rep)
{
	const char *root = hd_snapshot_meta(rep->snapshot, HD_META_ROOT);
	char *enc = hd_uri_relative_path(root ? root : "/"), *uri;
	json_object *o = json_object_new_object(), *b = json_object_new_object();

	uri = hd_xasprintf("file:///%s%s", enc, enc[0] ? "/" : "");
	json_object_object_add(b, "uri", str(uri));
	json_object_object_add(b, "description", text_msg(
	    "The root directory of the audited host's files (--root)."));
	json_object_object_add(o, "HOSTROOT", b);
	free(uri);
	free(enc);
	return o;
}

/* run.properties: the benchmark, the score, the host, the profile. */
static json_object *
run_props(const struct sarif *sa)
{
	const struct hd_report *rep = sa->rep;
	const struct hd_results *res = rep->results;
	json_object *p = json_object_new_object(), *b = json_object_new_object(),
	    *counts = json_object_new_object();

	json_object_object_add(b, "id", str(res->pack->name));
	json_object_object_add(b, "name", str(res->pack->title));
	json_object_object_add(b, "version", str(res->pack->version));
	json_object_object_add(p, "benchmark", b);
	json_object_object_add(p, "score",
	    res->score < 0 ? NULL : json_object_new_int(res->score));
	for (int st = 0; st < HD_STATUS__COUNT; st++)
		json_object_object_add(counts, hd_status_name(st),
		    json_object_new_int64((int64_t)res->by_status[st]));
	json_object_object_add(p, "counts", counts);
	json_object_object_add(p, "host", json_object_get(sa->host));
	json_object_object_add(p, "collectedAt",
	    rep->collected_at ? str(rep->collected_at) : NULL);
	json_object_object_add(p, "profile", rep->profile ? str(rep->profile) : NULL);
	json_object_object_add(p, "profileSha256", rep->profile_file ?
	    str(hd_profile_sha256(rep->profile_file)) : NULL);
	json_object_object_add(p, "waiversAsOf", str(res->today));
	return p;
}

/* invocations: [{executionSuccessful, times, notifications}]. The run
 * completed (a check that could not be evaluated is a notification, see
 * above); the waiver warnings are configuration notifications. */
static json_object *
invocations_json(const struct sarif *sa)
{
	const struct hd_report *rep = sa->rep;
	json_object *inv = json_object_new_object(), *arr = json_object_new_array(),
	    *cfg = json_object_new_array();
	struct hd_warning *w = NULL;
	size_t n = hd_report_warnings(&w, rep->results);

	json_object_object_add(inv, "executionSuccessful",
	    json_object_new_boolean(1));
	if (rep->started_at != NULL)
		json_object_object_add(inv, "startTimeUtc", str(rep->started_at));
	if (rep->finished_at != NULL)
		json_object_object_add(inv, "endTimeUtc", str(rep->finished_at));
	json_object_object_add(inv, "toolExecutionNotifications",
	    json_object_get(sa->notes));
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_new_object(),
		    *p = json_object_new_object();

		json_object_object_add(c, "level", str("warning"));
		json_object_object_add(c, "message", outside_msg(w[i].message));
		json_object_object_add(p, "kind",
		    str(hd_warning_kind_name(w[i].kind)));
		json_object_object_add(p, "check", str(w[i].use->waiver.check));
		json_object_object_add(c, "properties", p);
		json_object_array_add(cfg, c);
	}
	hd_warnings_free(w, n);
	json_object_object_add(inv, "toolConfigurationNotifications", cfg);
	if (rep->sandbox != NULL) {
		json_object *p = json_object_new_object();

		json_object_object_add(p, "sandbox", hd_sandbox_json(rep->sandbox));
		json_object_object_add(inv, "properties", p);
	}
	json_object_array_add(arr, inv);
	return arr;
}

/* Write "  \"key\": VALUE" of the run at indent 6, then release value. */
static void
put_member(FILE *out, const char *key, json_object *value, bool first)
{
	fprintf(out, "%s      \"%s\": ", first ? "" : ",\n", key);
	hd_fputs_indented(out, json_object_to_json_string_ext(value, JSON_FLAGS), 6);
	json_object_put(value);
}

/* Write the results of r, one JSON piece at a time. */
static void
put_results(FILE *out, struct sarif *sa, const struct hd_result *r,
    size_t *count)
{
	const struct hd_finding *kids = r->top.children;
	bool each = children_reported(r);
	size_t n = each ? r->top.nchildren : 1;

	if (r->status == HD_NOTSELECTED || (!each && !hd_sarif_reported(r->status)))
		return;
	for (size_t k = 0; k < n; k++) {
		const struct hd_finding *f = each ? &kids[k] : &r->top;
		enum hd_status st = each ? f->status : r->status;
		json_object *o;

		if (!hd_sarif_reported(st))
			continue;
		o = result_json(sa, r, f, st, f->waiver);
		fputs((*count)++ ? ",\n        " : "\n        ", out);
		hd_fputs_indented(out, json_object_to_json_string_ext(o, JSON_FLAGS), 8);
		json_object_put(o);
	}
}

/* Stream the log: the tool and the run's context, then one result at a
 * time (a host of a thousand containers), then the invocation, which
 * holds the notifications the results gave. */
int
hd_render_sarif(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;
	struct sarif sa = { .rep = rep };
	json_object *hn = NULL;
	size_t count = 0;

	sa.host = hd_report_host_block(rep->snapshot);
	hd_sarif_subjects_init(&sa.subj, res,
	    json_object_object_get_ex(sa.host, "hostname", &hn) &&
	    json_object_is_type(hn, json_type_string) ?
	    json_object_get_string(hn) : "");
	sa.rule_index = hd_xcalloc(res->count + 1, sizeof(*sa.rule_index));
	sa.notes = json_object_new_array();
	fputs("{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n  \"version\": \"2.1.0\",\n"
	    "  \"runs\": [\n    {\n", out);
	put_member(out, "tool", tool_json(&sa), true);
	put_member(out, "originalUriBaseIds", bases_json(rep), false);
	put_member(out, "properties", run_props(&sa), false);
	fputs(",\n      \"results\": [", out);
	for (size_t i = 0; i < res->count; i++)
		put_results(out, &sa, &res->items[i], &count);
	fputs(count ? "\n      ]" : "]", out);
	put_member(out, "invocations", invocations_json(&sa), false);
	fputs("\n    }\n  ]\n}\n", out);
	json_object_put(sa.notes);
	hd_sarif_subjects_release(&sa.subj);
	json_object_put(sa.host);
	free(sa.rule_index);
	return ferror(out) ? HD_EIO : HD_OK;
}
