/* The fleet report: many hosts' JSON reports merged by control key (see
 * <hardock/fleet.h>). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hardock/fleet.h>
#include <hardock/pack.h>
#include <hardock/report.h>

/* Checks the text report names before "and N more". */
#define TEXT_MAX_CHECKS 25

/* A failing (or undecidable) result of one host. */
struct bad {
	const char *control; /* interned: a key of fleet->checks */
	enum hd_severity severity;
	bool error;          /* status error rather than fail */
};

struct host {
	char *name, *path, *collected_at, *benchmark, *version, *error;
	time_t collected;    /* -1 when unknown */
	int score;           /* -1: not computable or absent */
	int64_t counts[HD_STATUS__COUNT];
	struct bad *bad;
	size_t nbad;
};

struct hd_fleet {
	struct host *hosts;
	size_t nhosts;
	json_object *checks;   /* control -> {title, severity, ids} */
	json_object *expected; /* host -> true */
	json_object *warnings; /* text -> true, reported once each */
	json_object *benchmarks; /* the pack names seen, as keys */
};

struct hd_fleet *
hd_fleet_new(void)
{
	struct hd_fleet *f = hd_xcalloc(1, sizeof(*f));

	f->checks = json_object_new_object();
	f->expected = json_object_new_object();
	f->warnings = json_object_new_object();
	f->benchmarks = json_object_new_object();
	return f;
}

static void
host_clear(struct host *h)
{
	free(h->name);
	free(h->path);
	free(h->collected_at);
	free(h->benchmark);
	free(h->version);
	free(h->error);
	free(h->bad);
	memset(h, 0, sizeof(*h));
}

void
hd_fleet_free(struct hd_fleet *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->nhosts; i++)
		host_clear(&f->hosts[i]);
	free(f->hosts);
	json_object_put(f->checks);
	json_object_put(f->expected);
	json_object_put(f->warnings);
	json_object_put(f->benchmarks);
	free(f);
}

/* Note a warning once. */
static void
warn(struct hd_fleet *f, char *text)
{
	json_object_object_add(f->warnings, text, json_object_new_boolean(1));
	free(text);
}

/* A string member at path, or def. */
static const char *
str(json_object *o, const char *path, const char *def)
{
	const char *v = NULL;

	return hd_get_str(NULL, o, path, def, &v) == 0 && v ? v : def;
}

/* An RFC 3339 UTC time as seconds, -1 when it is not one. */
static time_t
parse_time(const char *s)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || (end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return -1;
	while (*end == '.' || (*end >= '0' && *end <= '9'))
		end++;
	return strcmp(end, "Z") == 0 ? timegm(&tm) : -1;
}

/* A new host slot named name (for path). */
static struct host *
host_new(struct hd_fleet *f, const char *name, const char *path)
{
	struct host *h;

	f->hosts = hd_xrealloc(f->hosts, f->nhosts + 1, sizeof(*f->hosts));
	h = &f->hosts[f->nhosts++];
	memset(h, 0, sizeof(*h));
	h->name = hd_xstrdup(name);
	h->path = hd_xstrdup(path);
	h->collected = -1;
	h->score = -1;
	return h;
}

void
hd_fleet_add_error(struct hd_fleet *f, const char *path, const char *why)
{
	const char *base = strrchr(path, '/');

	host_new(f, base ? base + 1 : path, path)->error = hd_xstrdup(why);
}

/* The metadata entry of control key (created from result r), whose key
 * string lives as long as the fleet. */
static const char *
intern_check(struct hd_fleet *f, const char *key, json_object *r,
    const char *pack)
{
	json_object *c, *ids;
	struct lh_entry *e;

	if (!json_object_object_get_ex(f->checks, key, &c)) {
		c = json_object_new_object();
		json_object_object_add(c, "title",
		    json_object_new_string(str(r, "title", "")));
		json_object_object_add(c, "severity",
		    json_object_new_string(str(r, "severity", "info")));
		json_object_object_add(c, "ids", json_object_new_object());
		json_object_object_add(f->checks, key, c);
	}
	ids = json_object_object_get(c, "ids");
	if (!json_object_object_get_ex(ids, pack, NULL))
		json_object_object_add(ids, pack,
		    json_object_new_string(str(r, "id", "")));
	e = lh_table_lookup_entry(json_object_get_object(f->checks), key);
	return (const char *)lh_entry_k(e);
}

/* Fill h from report r: identity, counts and the failing results. */
static void
host_fill(struct hd_fleet *f, struct host *h, json_object *r,
    const struct hd_pack *p, const char *pack)
{
	json_object *results = NULL, *score;
	size_t cap = 0;

	h->collected_at = hd_xstrdup(str(r, "collected_at",
	    str(r, "started_at", "")));
	h->collected = parse_time(h->collected_at);
	h->benchmark = hd_xstrdup(pack);
	h->version = hd_xstrdup(str(r, "tool.version", ""));
	score = hd_json_path(r, "summary.score");
	h->score = json_object_is_type(score, json_type_int) ?
	    json_object_get_int(score) : -1;
	hd_get_array(NULL, r, "results", &results);
	for (size_t i = 0; results && i < json_object_array_length(results); i++) {
		json_object *res = json_object_array_get_idx(results, i);
		int st = hd_status_from_name(str(res, "status", ""));
		int sev = hd_severity_from_name(str(res, "severity", ""));
		const char *key = hd_report_result_control(res, p);

		if (st < 0 || key == NULL)
			continue;
		h->counts[st]++;
		if (st != HD_FAIL && st != HD_ERROR)
			continue;
		if (h->nbad == cap) {
			cap = cap ? 2 * cap : 32;
			h->bad = hd_xrealloc(h->bad, cap, sizeof(*h->bad));
		}
		h->bad[h->nbad].control = intern_check(f, key, res, pack);
		h->bad[h->nbad].severity = sev < 0 ? HD_SEV_INFO :
		    (enum hd_severity)sev;
		h->bad[h->nbad].error = st == HD_ERROR;
		h->nbad++;
	}
}

void
hd_fleet_add(struct hd_fleet *f, const char *path, json_object *r)
{
	const struct hd_pack *p;
	const char *name, *pack;
	struct host *h = NULL;
	time_t when;

	if (!json_object_is_type(r, json_type_object) ||
	    !json_object_is_type(hd_json_path(r, "results"), json_type_array) ||
	    !json_object_is_type(hd_json_path(r, "benchmark"), json_type_object)) {
		hd_fleet_add_error(f, path, "not a hardock JSON report");
		return;
	}
	p = hd_report_pack(r);
	pack = p ? p->name : str(r, "benchmark.version", "unknown");
	name = str(r, "host.hostname", NULL);
	if (name == NULL || name[0] == '\0') {
		name = path;
		warn(f, hd_xasprintf("%s names no host: listed by its path", path));
	}
	when = parse_time(str(r, "collected_at", str(r, "started_at", NULL)));
	for (size_t i = 0; i < f->nhosts; i++)
		if (f->hosts[i].error == NULL && strcmp(f->hosts[i].name, name) == 0)
			h = &f->hosts[i];
	if (h != NULL) {
		warn(f, hd_xasprintf("host %s has several reports: the newest "
		    "is used", name));
		if (h->collected >= when)
			return;
		{
			char *keep = h->name; /* the host's name stays */

			h->name = NULL;
			host_clear(h);
			h->name = keep;
		}
		h->path = hd_xstrdup(path);
		h->collected = -1;
		h->score = -1;
	} else {
		h = host_new(f, name, path);
	}
	if (p == NULL)
		warn(f, hd_xasprintf("%s: benchmark %s is not one hardock ships: "
		    "results without a control key are matched by id", path, pack));
	host_fill(f, h, r, p, pack);
	if (!json_object_object_get_ex(f->benchmarks, pack, NULL))
		json_object_object_add(f->benchmarks, pack, json_object_new_int(1));
}

void
hd_fleet_expect(struct hd_fleet *f, const char *host)
{
	json_object_object_add(f->expected, host, json_object_new_boolean(1));
}

/* Severity rank of a check entry. */
static int
check_severity(json_object *c)
{
	int s = hd_severity_from_name(str(c, "severity", "info"));

	return s < 0 ? 0 : s;
}

/* Worst first: most failing hosts, then severity, then key. */
static int
check_cmp(const void *x, const void *y)
{
	json_object *a = *(json_object *const *)x, *b = *(json_object *const *)y;
	int64_t na = json_object_get_int64(json_object_object_get(a, "failing"));
	int64_t nb = json_object_get_int64(json_object_object_get(b, "failing"));

	if (na != nb)
		return na > nb ? -1 : 1;
	if (check_severity(a) != check_severity(b))
		return check_severity(a) > check_severity(b) ? -1 : 1;
	return strcmp(str(a, "control", ""), str(b, "control", ""));
}

/* Hosts by name. */
static int
host_cmp(const void *x, const void *y)
{
	return strcmp(((const struct host *)x)->name, ((const struct host *)y)->name);
}

/* The host entry of h. */
static json_object *
host_json(const struct host *h, time_t now, long max_age,
    enum hd_severity fail_on, bool *failing, bool *stale)
{
	json_object *o = json_object_new_object(), *counts;
	size_t at = 0, failed = 0;

	json_object_object_add(o, "host", json_object_new_string(h->name));
	json_object_object_add(o, "report", json_object_new_string(h->path));
	*failing = *stale = false;
	if (h->error) {
		json_object_object_add(o, "error", json_object_new_string(h->error));
		return o;
	}
	for (size_t k = 0; k < h->nbad; k++) {
		failed += !h->bad[k].error;
		at += !h->bad[k].error && h->bad[k].severity >= fail_on;
	}
	*failing = at > 0;
	*stale = h->collected < 0 || now - h->collected > max_age;
	json_object_object_add(o, "collected_at", json_object_new_string(
	    h->collected_at));
	json_object_object_add(o, "benchmark", json_object_new_string(h->benchmark));
	json_object_object_add(o, "hardock_version", json_object_new_string(
	    h->version));
	json_object_object_add(o, "score", h->score < 0 ? NULL :
	    json_object_new_int(h->score));
	counts = json_object_new_object();
	for (int st = 0; st < HD_STATUS__COUNT; st++)
		json_object_object_add(counts, hd_status_name(st),
		    json_object_new_int64(h->counts[st]));
	json_object_object_add(o, "counts", counts);
	json_object_object_add(o, "failed", json_object_new_int64((int64_t)failed));
	json_object_object_add(o, "failed_at_threshold",
	    json_object_new_int64((int64_t)at));
	json_object_object_add(o, "stale", json_object_new_boolean(*stale));
	json_object_object_add(o, "error", NULL);
	return o;
}

json_object *
hd_fleet_json(const struct hd_fleet *f, time_t now, long max_age,
    enum hd_severity fail_on)
{
	json_object *doc = json_object_new_object(), *hosts, *checks, *sum;
	json_object *missing = json_object_new_array(), *warnings, *benches;
	json_object **sorted;
	struct host *order = hd_xcalloc(f->nhosts + 1, sizeof(*order));
	size_t nfail = 0, nstale = 0, nbad = 0, nchecks = 0, k = 0;
	char when[32];
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_object_add(doc, "schema_version",
	    json_object_new_string(HD_FLEET_SCHEMA_VERSION));
	json_object_object_add(doc, "generated_at", json_object_new_string(when));
	json_object_object_add(doc, "max_age_seconds", json_object_new_int64(max_age));
	json_object_object_add(doc, "fail_on",
	    json_object_new_string(hd_severity_name(fail_on)));
	if (f->nhosts)
		memcpy(order, f->hosts, f->nhosts * sizeof(*order));
	qsort(order, f->nhosts, sizeof(*order), host_cmp);
	hosts = json_object_new_array();
	/* Per control: the hosts that fail it, in host order. */
	checks = json_object_new_object();
	json_object_object_foreach(f->checks, key, meta) {
		json_object *c = json_object_new_object();

		json_object_object_add(c, "control", json_object_new_string(key));
		json_object_object_add(c, "ids", json_object_get(
		    json_object_object_get(meta, "ids")));
		json_object_object_add(c, "title", json_object_get(
		    json_object_object_get(meta, "title")));
		json_object_object_add(c, "severity", json_object_get(
		    json_object_object_get(meta, "severity")));
		json_object_object_add(c, "failing", json_object_new_int64(0));
		json_object_object_add(c, "hosts", json_object_new_array());
		json_object_object_add(c, "errors", json_object_new_int64(0));
		json_object_object_add(checks, key, c);
		nchecks++;
	}
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct host *h = &order[i];
		bool failing, stale;

		json_object_array_add(hosts, host_json(h, now, max_age, fail_on,
		    &failing, &stale));
		nfail += failing;
		nstale += stale;
		nbad += h->error != NULL;
		for (size_t b = 0; b < h->nbad; b++) {
			json_object *c = json_object_object_get(checks, h->bad[b].control);
			const char *field = h->bad[b].error ? "errors" : "failing";

			json_object_int_inc(json_object_object_get(c, field), 1);
			if (!h->bad[b].error)
				json_object_array_add(json_object_object_get(c, "hosts"),
				    json_object_new_string(h->name));
		}
	}
	json_object_object_foreach(f->expected, name, v) {
		bool seen = false;

		(void)v;
		for (size_t i = 0; i < f->nhosts && !seen; i++)
			seen = f->hosts[i].error == NULL &&
			    strcmp(f->hosts[i].name, name) == 0;
		if (!seen)
			json_object_array_add(missing, json_object_new_string(name));
	}
	sorted = hd_xcalloc(nchecks + 1, sizeof(*sorted));
	json_object_object_foreach(checks, key2, c2) {
		(void)key2;
		sorted[k++] = c2;
	}
	qsort(sorted, nchecks, sizeof(*sorted), check_cmp);
	{
		json_object *arr = json_object_new_array();

		for (size_t i = 0; i < nchecks; i++)
			json_object_array_add(arr, json_object_get(sorted[i]));
		json_object_put(checks);
		checks = arr;
	}
	free(sorted);
	warnings = json_object_new_array();
	benches = json_object_new_array();
	json_object_object_foreach(f->benchmarks, bname, bv) {
		(void)bv;
		json_object_array_add(benches, json_object_new_string(bname));
	}
	if (json_object_array_length(benches) > 1)
		json_object_array_add(warnings, json_object_new_string("hosts were "
		    "audited against different benchmark versions: results are "
		    "merged by control key, and the same id may name different "
		    "recommendations (see each check's ids)"));
	json_object_object_foreach(f->warnings, text, wv) {
		(void)wv;
		json_object_array_add(warnings, json_object_new_string(text));
	}
	sum = json_object_new_object();
	json_object_object_add(sum, "hosts", json_object_new_int64((int64_t)f->nhosts));
	json_object_object_add(sum, "hosts_failing", json_object_new_int64((int64_t)nfail));
	json_object_object_add(sum, "stale", json_object_new_int64((int64_t)nstale));
	json_object_object_add(sum, "missing", json_object_new_int64((int64_t)
	    json_object_array_length(missing)));
	json_object_object_add(sum, "unreadable", json_object_new_int64((int64_t)nbad));
	json_object_object_add(sum, "benchmarks", benches);
	json_object_object_add(sum, "warnings", warnings);
	json_object_object_add(doc, "summary", sum);
	json_object_object_add(doc, "hosts", hosts);
	json_object_object_add(doc, "checks", checks);
	json_object_object_add(doc, "missing", missing);
	free(order);
	return doc;
}

bool
hd_fleet_failed(json_object *fleet)
{
	static const char *const keys[] = { "summary.hosts_failing",
	    "summary.stale", "summary.missing", "summary.unreadable" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_get_int64(hd_json_path(fleet, keys[i])) > 0)
			return true;
	return false;
}

/* A string of o (borrowed), "" when absent. */
static const char *
s_of(json_object *o, const char *path)
{
	return str(o, path, "");
}

/* " (5.5)" when every benchmark gives a check the same id, else
 * " (cis-1.6.0 2.14, cis-1.8.0 2.15)". */
static void
print_ids(FILE *out, json_object *ids)
{
	const char *first = NULL;
	bool same = true;
	int k = 0;

	json_object_object_foreach(ids, p0, id0) {
		(void)p0;
		if (first == NULL)
			first = json_object_get_string(id0);
		same = same && strcmp(first, json_object_get_string(id0)) == 0;
	}
	fputs(" (", out);
	json_object_object_foreach(ids, pack, id) {
		if (same && k > 0)
			break;
		fputs(k++ ? ", " : "", out);
		if (!same) {
			hd_fputs_term(out, pack);
			fputc(' ', out);
		}
		hd_fputs_term(out, json_object_get_string(id));
	}
	fputs(")  ", out);
}

/* How the merge that made fleet confined itself (its tool.sandbox), in
 * one line after prefix, escaped by esc; nothing when it does not say. */
static void
print_sandbox(FILE *out, json_object *fleet, const char *prefix,
    void (*esc)(FILE *, const char *))
{
	json_object *sb = hd_json_path(fleet, "tool.sandbox");

	if (sb == NULL)
		return;
	fputs(prefix, out);
	if (json_object_get_boolean(hd_json_path(sb, "enabled"))) {
		fputs("seccomp, no capabilities, ", out);
		esc(out, s_of(sb, "applied"));
	} else {
		fputs("off (", out);
		esc(out, s_of(sb, "reason"));
		fputs("): every privilege kept, no seccomp filter", out);
	}
}

int
hd_fleet_render_text(FILE *out, json_object *fleet)
{
	json_object *hosts = hd_json_path(fleet, "hosts");
	json_object *checks = hd_json_path(fleet, "checks");
	json_object *warnings = hd_json_path(fleet, "summary.warnings");
	json_object *missing = hd_json_path(fleet, "missing");

	fprintf(out, "hardock fleet report, %s: %" PRId64 " hosts, %" PRId64
	    " failing at %s or above, %" PRId64 " stale, %" PRId64 " missing, %"
	    PRId64 " unreadable\n", s_of(fleet, "generated_at"),
	    json_object_get_int64(hd_json_path(fleet, "summary.hosts")),
	    json_object_get_int64(hd_json_path(fleet, "summary.hosts_failing")),
	    s_of(fleet, "fail_on"),
	    json_object_get_int64(hd_json_path(fleet, "summary.stale")),
	    json_object_get_int64(hd_json_path(fleet, "summary.missing")),
	    json_object_get_int64(hd_json_path(fleet, "summary.unreadable")));
	print_sandbox(out, fleet, "sandbox: ", hd_fputs_term);
	if (hd_json_path(fleet, "tool.sandbox"))
		fputc('\n', out);
	for (size_t i = 0; i < json_object_array_length(warnings); i++) {
		fputs("warning: ", out);
		hd_fputs_term(out, json_object_get_string(
		    json_object_array_get_idx(warnings, i)));
		fputc('\n', out);
	}
	fputs("\nWorst checks across the fleet:\n", out);
	for (size_t i = 0, shown = 0; i < json_object_array_length(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		json_object *hs = json_object_object_get(c, "hosts");
		size_t n = json_object_array_length(hs), more = 0;

		if (n == 0)
			continue;
		if (shown == TEXT_MAX_CHECKS) {
			for (size_t k = i; k < json_object_array_length(checks); k++)
				more += json_object_array_length(json_object_object_get(
				    json_object_array_get_idx(checks, k), "hosts")) > 0;
			fprintf(out, "  ... and %zu more failing checks (-f json or "
			    "html lists all)\n", more);
			break;
		}
		fprintf(out, "  %4zu host%s  %-8s ", n, n == 1 ? " " : "s",
		    s_of(c, "severity"));
		hd_fputs_term(out, s_of(c, "control"));
		print_ids(out, json_object_object_get(c, "ids"));
		hd_fputs_term(out, s_of(c, "title"));
		fputs("\n        ", out);
		for (size_t k = 0; k < n && k < 8; k++) {
			fputs(k ? ", " : "", out);
			hd_fputs_term(out, json_object_get_string(
			    json_object_array_get_idx(hs, k)));
		}
		if (n > 8)
			fprintf(out, " and %zu more", n - 8);
		fputc('\n', out);
		shown++;
	}
	fputs("\nHosts:\n", out);
	for (size_t i = 0; i < json_object_array_length(hosts); i++) {
		json_object *h = json_object_array_get_idx(hosts, i), *sc;

		fputs("  ", out);
		hd_fputs_term(out, s_of(h, "host"));
		if (hd_json_path(h, "error") != NULL) {
			fputs("  UNREADABLE: ", out);
			hd_fputs_term(out, s_of(h, "error"));
			fputs(" (", out);
			hd_fputs_term(out, s_of(h, "report"));
			fputs(")\n", out);
			continue;
		}
		sc = hd_json_path(h, "score");
		fprintf(out, "  score %s%s  %" PRId64 " fail  %" PRId64 " error  ",
		    sc ? json_object_get_string(sc) : "n/a", sc ? "%" : "",
		    json_object_get_int64(hd_json_path(h, "counts.fail")),
		    json_object_get_int64(hd_json_path(h, "counts.error")));
		hd_fputs_term(out, s_of(h, "benchmark"));
		fputs("  collected ", out);
		hd_fputs_term(out, s_of(h, "collected_at"));
		if (json_object_get_boolean(hd_json_path(h, "stale")))
			fputs("  STALE", out);
		fputc('\n', out);
	}
	for (size_t i = 0; i < json_object_array_length(missing); i++) {
		fputs("  ", out);
		hd_fputs_term(out, json_object_get_string(
		    json_object_array_get_idx(missing, i)));
		fputs("  MISSING: no report\n", out);
	}
	return ferror(out) ? HD_EIO : HD_OK;
}

int
hd_fleet_render_html(FILE *out, json_object *fleet)
{
	json_object *hosts = hd_json_path(fleet, "hosts");
	json_object *checks = hd_json_path(fleet, "checks");
	json_object *warnings = hd_json_path(fleet, "summary.warnings");
	json_object *missing = hd_json_path(fleet, "missing");

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	    "'none'; style-src 'unsafe-inline'\"><title>hardock fleet report"
	    "</title><style>body{font-family:sans-serif;margin:2em}"
	    "table{border-collapse:collapse;margin-bottom:2em}"
	    "td,th{border:1px solid #ccc;padding:4px;vertical-align:top}"
	    ".bad{color:#b00}.warn{color:#850}</style></head><body>\n"
	    "<h1>hardock fleet report</h1>\n<p>", out);
	hd_fputs_xml(out, s_of(fleet, "generated_at"));
	fprintf(out, ": %" PRId64 " hosts, <b class=\"bad\">%" PRId64 " failing</b>"
	    " at ", json_object_get_int64(hd_json_path(fleet, "summary.hosts")),
	    json_object_get_int64(hd_json_path(fleet, "summary.hosts_failing")));
	hd_fputs_xml(out, s_of(fleet, "fail_on"));
	fprintf(out, " or above, %" PRId64 " stale, %" PRId64 " missing, %" PRId64
	    " unreadable</p>\n",
	    json_object_get_int64(hd_json_path(fleet, "summary.stale")),
	    json_object_get_int64(hd_json_path(fleet, "summary.missing")),
	    json_object_get_int64(hd_json_path(fleet, "summary.unreadable")));
	if (hd_json_path(fleet, "tool.sandbox")) {
		print_sandbox(out, fleet, "<p>sandbox: ", hd_fputs_xml);
		fputs("</p>\n", out);
	}
	for (size_t i = 0; i < json_object_array_length(warnings); i++) {
		fputs("<p class=\"warn\">", out);
		hd_fputs_xml(out, json_object_get_string(
		    json_object_array_get_idx(warnings, i)));
		fputs("</p>\n", out);
	}
	fputs("<h2>Worst checks</h2>\n<table><tr><th>hosts failing</th>"
	    "<th>severity</th><th>control</th><th>title</th><th>hosts</th></tr>\n",
	    out);
	for (size_t i = 0; i < json_object_array_length(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		json_object *hs = json_object_object_get(c, "hosts");

		if (json_object_array_length(hs) == 0)
			continue;
		fprintf(out, "<tr><td>%zu</td><td>", json_object_array_length(hs));
		hd_fputs_xml(out, s_of(c, "severity"));
		fputs("</td><td>", out);
		hd_fputs_xml(out, s_of(c, "control"));
		fputs("</td><td>", out);
		hd_fputs_xml(out, s_of(c, "title"));
		fputs("</td><td>", out);
		for (size_t k = 0; k < json_object_array_length(hs); k++) {
			fputs(k ? ", " : "", out);
			hd_fputs_xml(out, json_object_get_string(
			    json_object_array_get_idx(hs, k)));
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</table>\n<h2>Hosts</h2>\n<table><tr><th>host</th><th>score</th>"
	    "<th>fail</th><th>error</th><th>benchmark</th><th>collected</th>"
	    "<th>state</th></tr>\n", out);
	for (size_t i = 0; i < json_object_array_length(hosts); i++) {
		json_object *h = json_object_array_get_idx(hosts, i);
		bool err = hd_json_path(h, "error") != NULL;

		fputs("<tr><td>", out);
		hd_fputs_xml(out, s_of(h, "host"));
		fputs("</td><td>", out);
		hd_fputs_xml(out, err || !hd_json_path(h, "score") ? "n/a" :
		    json_object_get_string(hd_json_path(h, "score")));
		fprintf(out, "</td><td>%" PRId64 "</td><td>%" PRId64 "</td><td>",
		    json_object_get_int64(hd_json_path(h, "counts.fail")),
		    json_object_get_int64(hd_json_path(h, "counts.error")));
		hd_fputs_xml(out, s_of(h, "benchmark"));
		fputs("</td><td>", out);
		hd_fputs_xml(out, s_of(h, "collected_at"));
		fputs("</td><td class=\"bad\">", out);
		if (err) {
			fputs("unreadable: ", out);
			hd_fputs_xml(out, s_of(h, "error"));
		} else if (json_object_get_boolean(hd_json_path(h, "stale"))) {
			fputs("stale", out);
		}
		fputs("</td></tr>\n", out);
	}
	for (size_t i = 0; i < json_object_array_length(missing); i++) {
		fputs("<tr><td>", out);
		hd_fputs_xml(out, json_object_get_string(
		    json_object_array_get_idx(missing, i)));
		fputs("</td><td colspan=\"5\"></td><td class=\"bad\">missing: no "
		    "report</td></tr>\n", out);
	}
	fputs("</table>\n</body></html>\n", out);
	return ferror(out) ? HD_EIO : HD_OK;
}
