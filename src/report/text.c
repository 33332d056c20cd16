/* The text report: by section, one line per check, failing objects below,
 * and a summary with the score. */
#include <stdlib.h>
#include <string.h>

#include <hardock/facts.h>
#include <hardock/report.h>

#include "report/reporters.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"

/* Tag and colour of each status. */
static const struct {
	const char *tag;
	const char *color;
} styles[HD_STATUS__COUNT] = {
	[HD_PASS] = { "PASS", "\033[32m" },
	[HD_FAIL] = { "FAIL", "\033[31m" },
	[HD_MANUAL] = { "MANUAL", "\033[34m" },
	[HD_NOTAPPLICABLE] = { "N/A", "\033[2m" },
	[HD_ERROR] = { "ERROR", "\033[35m" },
	[HD_WAIVED] = { "WAIVED", "\033[36m" },
	[HD_NOTSELECTED] = { "SKIP", "\033[2m" },
};

/* Print a status tag padded to a fixed width, coloured when allowed. */
static void
tag(FILE *out, const struct hd_report *rep, enum hd_status st)
{
	fprintf(out, "%s[%-6s]%s", rep->color ? styles[st].color : "",
	    styles[st].tag, rep->color ? C_RESET : "");
}

/* The short evidence line of a finding: its message, else field=value. */
static void
evidence_line(FILE *out, const struct hd_finding *f)
{
	if (f->message) {
		hd_fputs_term(out, f->message);
		return;
	}
	for (size_t i = 0; i < f->nevidence && i < 3; i++) {
		if (i)
			fputs(", ", out);
		hd_fputs_term(out, f->evidence[i].field);
		fputc('=', out);
		hd_fputs_term(out, f->evidence[i].value ?
		    json_object_to_json_string_ext(f->evidence[i].value,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "null");
	}
}

/* One indented line per object worth showing. */
static void
findings(FILE *out, const struct hd_report *rep, const struct hd_result *r)
{
	for (size_t i = 0; i < r->top.nchildren; i++) {
		const struct hd_finding *f = &r->top.children[i];

		if (!rep->verbose && (f->status == HD_PASS ||
		    f->status == HD_NOTAPPLICABLE))
			continue;
		fputs("           ", out);
		tag(out, rep, f->status);
		fprintf(out, " %s ", hd_object_kind_name(f->kind));
		hd_fputs_term(out, f->object_name && f->object_name[0] ?
		    f->object_name : f->object_id);
		if (f->kind == HD_OBJ_CONTAINER || f->kind == HD_OBJ_IMAGE) {
			const char *id = f->object_id ? f->object_id : "";

			/* The short id, as docker ps shows it; JSON keeps the full id. */
			if (strncmp(id, "sha256:", 7) == 0)
				id += 7;
			fputs(" (", out);
			hd_fputs_term_n(out, id, 12);
			fputs(")", out);
		}
		fputs(": ", out);
		evidence_line(out, f);
		if (f->waiver) {
			fputs(" (waived: ", out);
			hd_fputs_term(out, f->waiver);
			fputc(')', out);
		}
		fputc('\n', out);
	}
}

/* The header: what was audited, where. */
static void
header(FILE *out, const struct hd_report *rep)
{
	json_object *h = hd_report_host_block(rep->snapshot), *v;
	static const char *const keys[] = { "hostname", "os", "kernel",
	    "docker_version", "engine_url", "engine_error" };

	fprintf(out, "%shardock %s%s — %s %s (%s)\n", rep->color ? C_BOLD : "",
	    HARDOCK_VERSION, rep->color ? C_RESET : "",
	    rep->results->pack->title, rep->results->pack->version,
	    rep->results->pack->name);
	/* No subject for the checks of dockerd: say so first, and what was
	 * audited instead. */
	if (json_object_object_get_ex(h, "dockerd_not_applicable", &v) && v != NULL) {
		fprintf(out, "%sNote: ", rep->color ? C_BOLD : "");
		hd_fputs_term(out, json_object_get_string(v));
		fprintf(out, ".%s\n  Audited instead: this host's own files, kernel, "
		    "LSM and audit rules (and the engine's containers and images if "
		    "one answered); the checks of dockerd are notapplicable.\n",
		    rep->color ? C_RESET : "");
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!json_object_object_get_ex(h, keys[i], &v) || v == NULL)
			continue;
		fprintf(out, "  %-15s ", keys[i]);
		hd_fputs_term(out, json_object_get_string(v));
		fputc('\n', out);
	}
	/* Plainly: most host checks say notapplicable, and this is why. */
	if (hd_snapshot_remote(rep->snapshot) != NULL) {
		fprintf(out, "  %-15s ", "remote engine");
		hd_fputs_term(out, hd_snapshot_remote(rep->snapshot));
		fprintf(out, "\n  %-15s checks of host files, processes and kernel are "
		    "notapplicable: %s\n", "", HD_REMOTE_REASON);
	}
	/* collected_at comes from the snapshot, a file anyone may craft. */
	if (rep->collected_at && strcmp(rep->collected_at, rep->started_at) != 0) {
		fprintf(out, "  %-15s ", "collected");
		hd_fputs_term(out, rep->collected_at);
		fputs(" (saved snapshot)\n", out);
	}
	fprintf(out, "  %-15s %s\n", "started", rep->started_at);
	if (rep->sandbox != NULL) {
		char *sb = hd_sandbox_summary(rep->sandbox);

		fprintf(out, "  %-15s %s\n", "sandbox", sb);
		free(sb);
	}
	json_object_put(h);
}

/* Counts per status (statuses no check has are left out, but for pass and
 * fail), failed checks per severity, and the score. */
static void
summary(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;
	size_t sev[HD_SEV__COUNT] = { 0 };
	bool first = true;

	for (size_t i = 0; i < res->count; i++)
		if (res->items[i].status == HD_FAIL)
			sev[res->items[i].check->severity]++;
	fprintf(out, "\n%sSummary:%s ", rep->color ? C_BOLD : "",
	    rep->color ? C_RESET : "");
	for (int st = 0; st < HD_STATUS__COUNT; st++) {
		if (res->by_status[st] == 0 && st != HD_PASS && st != HD_FAIL)
			continue;
		fprintf(out, "%s%zu %s", first ? "" : ", ", res->by_status[st],
		    hd_status_name(st));
		first = false;
		if (st != HD_FAIL || res->by_status[st] == 0)
			continue;
		fputs(" (", out);
		for (int v = HD_SEV__COUNT - 1, n = 0; v >= 0; v--)
			if (sev[v])
				fprintf(out, "%s%zu %s", n++ ? ", " : "", sev[v],
				    hd_severity_name(v));
		fputc(')', out);
	}
	if (res->score < 0)
		fprintf(out, "\n%sScore: not computable%s (nothing passed, failed "
		    "or errored)\n", rep->color ? C_BOLD : "",
		    rep->color ? C_RESET : "");
	else
		fprintf(out, "\n%sScore: %d%%%s (pass / (pass + fail + error))\n",
		    rep->color ? C_BOLD : "", res->score, rep->color ? C_RESET : "");
}

int
hd_render_text(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;
	const char *section = NULL;

	header(out, rep);
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_result *r = &res->items[i];

		if (r->status == HD_NOTSELECTED)
			continue;
		if (section == NULL || strcmp(section, r->rule->section) != 0) {
			section = r->rule->section;
			fprintf(out, "\n%s%s%s\n", rep->color ? C_BOLD : "", section,
			    rep->color ? C_RESET : "");
		}
		tag(out, rep, r->status);
		fprintf(out, " %-8s %s", r->rule->id, r->rule->title);
		if (r->status != HD_PASS && r->top.message && r->top.nchildren == 0) {
			fputs(": ", out);
			hd_fputs_term(out, r->top.message);
		}
		fputc('\n', out);
		findings(out, rep, r);
		if (r->status == HD_FAIL && r->remediation)
			fprintf(out, "           fix: %s\n", r->remediation);
	}
	summary(out, rep);
	return ferror(out) ? HD_EIO : HD_OK;
}
