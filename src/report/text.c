/* The text report: by section, one line per check wrapped to the width; a
 * failing check's objects grouped by message and capped ("998 containers:
 * no memory limit", a few named, "and 993 more containers"); then the
 * summary (text_summary.c). */
#include <stdlib.h>
#include <string.h>

#include <hardock/facts.h>
#include <hardock/profile.h>
#include <hardock/report.h>

#include "report/reporters.h"
#include "report/textwrap.h"

/* Where a check's title starts, and where its objects are listed. */
#define TITLE_COL 18
#define OBJ_COL 11

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

/* A status tag padded to a fixed width, coloured when allowed. */
static void
tag(struct tw *t, enum hd_status st)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "[%-6s]", styles[st].tag);
	tw_color(t, styles[st].color);
	tw_raw(t, buf, 8);
	tw_color(t, TW_RESET);
}

/* The object as a reader finds it: its name, and for containers and
 * images the short id as docker ps shows it (JSON keeps the full id). */
static void
object_label(struct tw *t, const struct hd_finding *f, bool space)
{
	const char *id = f->object_id ? f->object_id : "";
	char shortid[13];

	tw_text(t, f->object_name && f->object_name[0] ? f->object_name : id, space);
	if (f->kind == HD_OBJ_CONTAINER || f->kind == HD_OBJ_IMAGE) {
		if (strncmp(id, "sha256:", 7) == 0)
			id += 7;
		snprintf(shortid, sizeof(shortid), "%s", id);
		/* Ids are the engine's, hence escaped like any other text. */
		tw_raw(t, " (", 2);
		tw_text(t, shortid, false);
		tw_raw(t, ")", 1);
	}
	if (f->inherited)
		tw_printf(t, true, "(inherited)");
}

/* One evidence line per observed value: field = value (source). */
static void
evidence(struct tw *t, const struct hd_finding *f, int indent)
{
	for (size_t i = 0; i < f->nevidence; i++) {
		const struct hd_evidence *e = &f->evidence[i];

		tw_line(t, indent + 4);
		tw_pad(t, indent, false);
		tw_text(t, e->field, false);
		tw_raw(t, " =", 2);
		tw_text(t, e->value ? json_object_to_json_string_ext(e->value,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) :
		    "null", true);
		tw_raw(t, " (", 2);
		tw_text(t, e->source, false);
		if (e->sha256) {
			tw_printf(t, false, ", sha256 %s", e->sha256);
		}
		tw_raw(t, ")", 1);
		tw_end(t);
	}
}

/* The objects of group g, at most cap (0: all), then how many more. */
static void
group_objects(struct tw *t, const struct hd_result *r,
    const struct hd_group *g, size_t cap)
{
	const struct hd_finding *kids = r->top.children;
	size_t shown = cap && g->n > cap ? cap : g->n;

	tw_line(t, OBJ_COL + 2);
	tw_pad(t, OBJ_COL + 2, false);
	for (size_t i = 0; i < shown; i++) {
		object_label(t, &kids[g->items[i]], i > 0);
		if (i + 1 < shown)
			tw_raw(t, ",", 1);
	}
	if (shown < g->n)
		tw_printf(t, true, "and %zu more %ss", g->n - shown,
		    hd_object_kind_name(kids[g->items[0]].kind));
	tw_end(t);
}

/* One line per group of objects with the same status and message: the
 * object itself when alone, else the count and the objects below. */
static void
groups(struct tw *t, const struct hd_report *rep, const struct hd_result *r)
{
	unsigned mask = rep->quiet ? (1u << HD_FAIL) | (1u << HD_ERROR) :
	    rep->verbose ? ~0u : (1u << HD_FAIL) | (1u << HD_ERROR) |
	    (1u << HD_WAIVED) | (1u << HD_MANUAL);
	size_t cap = rep->verbose ? 0 : rep->max_objects;
	struct hd_groups gs;

	hd_report_groups(&gs, r, mask);
	for (size_t i = 0; i < gs.n; i++) {
		const struct hd_group *g = &gs.v[i];
		const struct hd_finding *first = &r->top.children[g->items[0]];

		tw_line(t, OBJ_COL + 9);
		tw_pad(t, OBJ_COL, false);
		tag(t, g->status);
		if (g->n == 1) {
			tw_printf(t, true, "%s", hd_object_kind_name(first->kind));
			object_label(t, first, true);
			tw_raw(t, ":", 1);
		} else {
			tw_printf(t, true, "%zu %ss:", g->n,
			    hd_object_kind_name(first->kind));
		}
		tw_text(t, g->message[0] ? g->message : hd_status_name(g->status),
		    true);
		if (g->waiver) {
			tw_printf(t, true, "(waived:");
			tw_text(t, g->waiver, true);
			tw_raw(t, ")", 1);
		}
		tw_end(t);
		if (g->n > 1)
			group_objects(t, r, g, cap);
		for (size_t k = 0; rep->verbose && k < g->n; k++)
			evidence(t, &r->top.children[g->items[k]], OBJ_COL + 2);
	}
	hd_groups_release(&gs);
}

/* The header: what was audited, where, with which profile. */
static void
header(struct tw *t, const struct hd_report *rep)
{
	json_object *h = hd_report_host_block(rep->snapshot), *v;
	static const char *const keys[] = { "hostname", "os", "kernel",
	    "docker_version", "engine_url", "engine_error" };
	const struct hd_pack *pack = rep->results->pack;

	tw_line(t, 2);
	tw_color(t, TW_BOLD);
	tw_printf(t, false, "hardock %s", HARDOCK_VERSION);
	tw_color(t, TW_RESET);
	tw_printf(t, true, "— %s %s (%s)", pack->title, pack->version, pack->name);
	tw_end(t);
	/* No subject for the checks of dockerd: say so first, and what was
	 * audited instead. */
	if (json_object_object_get_ex(h, "dockerd_not_applicable", &v) && v != NULL) {
		tw_line(t, 2);
		tw_color(t, TW_BOLD);
		tw_raw(t, "Note:", 5);
		tw_text(t, json_object_get_string(v), true);
		tw_raw(t, ".", 1);
		tw_color(t, TW_RESET);
		tw_end(t);
		tw_line(t, 4);
		tw_raw(t, "  ", 2);
		tw_printf(t, false, "Audited instead: this host's own files, kernel, "
		    "LSM and audit rules (and the engine's containers and images if "
		    "one answered); the checks of dockerd are notapplicable.");
		tw_end(t);
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!json_object_object_get_ex(h, keys[i], &v) || v == NULL)
			continue;
		tw_line(t, 18);
		tw_rawf(t, "  %-15s", keys[i]);
		tw_text(t, json_object_get_string(v), true);
		tw_end(t);
	}
	tw_line(t, 18);
	tw_rawf(t, "  %-15s", "profile");
	tw_text(t, rep->profile, true);
	if (rep->profile_file) {
		tw_raw(t, " (", 2);
		tw_text(t, hd_profile_origin(rep->profile_file), false);
		tw_printf(t, false, ", sha256 %.12s…)",
		    hd_profile_sha256(rep->profile_file));
	}
	tw_end(t);
	/* Plainly: most host checks say notapplicable, and this is why. */
	if (hd_snapshot_remote(rep->snapshot) != NULL) {
		tw_line(t, 18);
		tw_rawf(t, "  %-15s", "remote engine");
		tw_text(t, hd_snapshot_remote(rep->snapshot), true);
		tw_end(t);
		tw_line(t, 18);
		tw_pad(t, 17, false);
		tw_printf(t, true, "checks of host files, processes and kernel are "
		    "notapplicable: %s", HD_REMOTE_REASON);
		tw_end(t);
	}
	/* collected_at comes from the snapshot, a file anyone may craft:
	 * tw_text escapes it. */
	if (rep->collected_at && strcmp(rep->collected_at, rep->started_at) != 0) {
		tw_line(t, 18);
		tw_rawf(t, "  %-15s", "collected");
		tw_text(t, rep->collected_at, true);
		tw_printf(t, true, "(saved snapshot)");
		tw_end(t);
	}
	tw_line(t, 18);
	tw_rawf(t, "  %-15s", "started");
	tw_text(t, rep->started_at, true);
	tw_end(t);
	if (rep->sandbox != NULL) {
		char *sb = hd_sandbox_summary(rep->sandbox);

		tw_line(t, 18);
		tw_rawf(t, "  %-15s", "sandbox");
		tw_printf(t, true, "%s", sb);
		tw_end(t);
		free(sb);
	}
	json_object_put(h);
}

/* One result: its line, its objects, its fix, and with -v its evidence. */
static void
result(struct tw *t, const struct hd_report *rep, const struct hd_result *r)
{
	tw_line(t, TITLE_COL);
	tag(t, r->status);
	tw_rawf(t, " %s", r->rule->id);
	tw_pad(t, TITLE_COL, true);
	tw_text(t, r->rule->title, false);
	if (r->status != HD_PASS && r->top.message && r->top.nchildren == 0) {
		tw_raw(t, ":", 1);
		tw_text(t, r->top.message, true);
	}
	if (r->top.waiver) {
		tw_printf(t, true, "(waived:");
		tw_text(t, r->top.waiver, true);
		tw_raw(t, ")", 1);
	}
	tw_end(t);
	if (rep->verbose)
		evidence(t, &r->top, OBJ_COL);
	groups(t, rep, r);
	if (r->status == HD_FAIL && r->remediation) {
		tw_line(t, OBJ_COL + 5);
		tw_pad(t, OBJ_COL, false);
		tw_raw(t, "fix:", 4);
		tw_text(t, r->remediation, true);
		tw_end(t);
	}
}

int
hd_render_text(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;
	const char *section = NULL;
	struct tw t = { .out = out, .rep = rep,
	    .width = rep->width > 0 ? rep->width : 80 };

	if (!rep->quiet)
		header(&t, rep);
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_result *r = &res->items[i];

		if (r->status == HD_NOTSELECTED || (rep->quiet &&
		    r->status != HD_FAIL && r->status != HD_ERROR))
			continue;
		if (section == NULL || strcmp(section, r->rule->section) != 0) {
			section = r->rule->section;
			fputc('\n', out);
			tw_line(&t, 0);
			tw_color(&t, TW_BOLD);
			tw_text(&t, section, false);
			tw_color(&t, TW_RESET);
			tw_end(&t);
		}
		result(&t, rep, r);
	}
	hd_text_summary(&t, rep);
	tw_close(&t);
	return ferror(out) ? HD_EIO : HD_OK;
}
