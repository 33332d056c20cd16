/* The JSON evidence report, schema HD_REPORT_SCHEMA_VERSION (see
 * man/hardock-json.5). json-c escapes every string it writes. */
#include <inttypes.h>
#include <string.h>

#include <hardock/profile.h>
#include <hardock/report.h>

#include "core/internal.h"
#include "report/reporters.h"

static json_object *
str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

#define JSON_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)
#define OUT_MAX_DEPTH 8
#define OUT_FLUSH (64u << 10)

/*
 * Results and findings are described once, to a writer with two modes:
 * it builds a json-c tree (hd_report_json(), hd_report_finding_json()), or
 * it appends text to a print buffer in json-c's pretty layout, the bytes
 * json_object_to_json_string_ext(tree, JSON_FLAGS) gives for that tree
 * (hd_render_json()). A report of a thousand containers holds tens of
 * thousands of findings: building, printing and freeing a tree for each
 * was most of a scan's time (issue 16). json-c still escapes every string
 * and prints every evidence value.
 */
struct out {
	bool text;             /* text mode, else tree mode */
	char *buf;             /* text: what is not yet written to fp */
	size_t len, cap;
	FILE *fp;              /* text: written to past OUT_FLUSH bytes */
	int level;             /* text: json-c nesting level of the outermost */
	json_object *esc;      /* text: a string object reused for escaping */
	json_object *root;     /* tree: the outermost container */
	json_object *open[OUT_MAX_DEPTH]; /* tree: the open containers */
	bool array[OUT_MAX_DEPTH]; /* the open container is an array */
	bool any[OUT_MAX_DEPTH];   /* text: it has a member already */
	int depth;             /* containers open */
};

/* Room for n more bytes in o's buffer. */
static void
reserve(struct out *o, size_t n)
{
	o->cap = 2 * o->cap > o->len + n ? 2 * o->cap : o->len + n + 4096;
	o->buf = hd_xrealloc(o->buf, o->cap, 1);
}

/* Append n bytes of s to the text (a function call of json-c's print
 * buffer per piece cost a tenth of the report). */
static inline void
put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > o->cap)
		reserve(o, n);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* Append the indentation of json-c's level (two blanks a level). */
static void
put_indent(struct out *o, int level)
{
	static const char blanks[] = "                                ";

	for (size_t n = 2 * (size_t)level; n > 0;) {
		size_t k = n < sizeof(blanks) - 1 ? n : sizeof(blanks) - 1;

		put(o, blanks, k);
		n -= k;
	}
}

#define PUT(o, lit) put((o), (lit), sizeof(lit) - 1)

/* Write the text to fp when it is large, or all of it. */
static void
out_flush(struct out *o, bool all)
{
	if (o->fp == NULL || (!all && o->len < OUT_FLUSH))
		return;
	fwrite(o->buf, 1, o->len, o->fp);
	o->len = 0;
}

/* Start a member of the open container (text): the separator, the line
 * break and indentation json-c writes, then "key": in an object. */
static void
out_member(struct out *o, const char *key)
{
	int d = o->depth - 1;
	size_t klen, ind;
	char *w;

	if (d < 0)
		return;
	/* One of the report's most frequent pieces: room for all of it
	 * at once, then written in place. */
	klen = key ? strlen(key) : 0;
	ind = 2 * (size_t)(o->level + o->depth);
	if (o->len + klen + ind + 8 > o->cap)
		reserve(o, klen + ind + 8);
	w = o->buf + o->len;
	if (o->any[d])
		*w++ = ',';
	if (o->any[d] || !o->array[d])
		*w++ = '\n';
	o->any[d] = true;
	memset(w, ' ', ind);
	w += ind;
	if (key != NULL) {
		*w++ = '"';
		memcpy(w, key, klen);
		w += klen;
		*w++ = '"';
		*w++ = ':';
	}
	o->len = (size_t)(w - o->buf);
}

/* Add v (stolen) to the open container of the tree under key. */
static void
out_add(struct out *o, const char *key, json_object *v)
{
	if (o->depth == 0)
		o->root = v;
	else if (o->array[o->depth - 1])
		json_object_array_add(o->open[o->depth - 1], v);
	else
		json_object_object_add(o->open[o->depth - 1], key, v);
}

/* Open an object (array when array) as member key of the open one. */
static void
out_open(struct out *o, const char *key, bool array)
{
	json_object *c = NULL;

	if (o->text) {
		out_member(o, key);
		put(o, array ? "[\n" : "{", array ? 2 : 1);
	} else {
		c = array ? json_object_new_array() : json_object_new_object();
		out_add(o, key, c);
	}
	o->open[o->depth] = c;
	o->array[o->depth] = array;
	o->any[o->depth++] = false;
}

/* Close the innermost open container. */
static void
out_close(struct out *o)
{
	int d = --o->depth;

	if (!o->text)
		return;
	if (o->any[d])
		PUT(o, "\n");
	if (o->any[d] || o->array[d])
		put_indent(o, o->level + d);
	put(o, o->array[d] ? "]" : "}", 1);
	out_flush(o, false);
}

/* Append text of json-c's, each line break followed by the
 * indentation of the member's level (json-c prints a value at level 0). */
static void
out_indented(struct out *o, const char *text, size_t len)
{
	for (const char *p = text, *end = text + len, *nl; p < end; p = nl) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl ? nl + 1 : end;
		put(o, p, (size_t)(nl - p));
		if (nl[-1] == '\n')
			put_indent(o, o->level + o->depth);
	}
}

/* Whether json-c's printing of a string is s in quotes: it escapes the
 * quote, the backslash and control characters (not '/', with
 * JSON_C_TO_STRING_NOSLASHESCAPE), nothing else. Most strings of a report
 * (ids, names, statuses, sources) need no escape, and json-c's printing
 * costs a call through its print buffer per string. */
static bool
plain(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '"' || s[i] == '\\')
			return false;
	return true;
}

/* The string value s[0..len) (text mode): quoted as json-c quotes it. */
static void
out_quoted(struct out *o, const char *s, size_t len)
{
	const char *text;

	if (plain(s, len)) {
		PUT(o, "\"");
		put(o, s, len);
		PUT(o, "\"");
		return;
	}
	json_object_set_string_len(o->esc, s, (int)len);
	text = json_object_to_json_string_length(o->esc, JSON_FLAGS, &len);
	put(o, text, len);
}

/* The integer n in decimal (text mode), as json-c prints it. */
static void
put_int(struct out *o, int64_t n)
{
	char num[24];
	int len = snprintf(num, sizeof(num), "%" PRId64, n);

	put(o, num, (size_t)len);
}

/* Member key with value v (borrowed; NULL for JSON null). */
static void
out_json(struct out *o, const char *key, json_object *v)
{
	size_t len;
	const char *text;

	if (!o->text) {
		out_add(o, key, json_object_get(v));
		return;
	}
	out_member(o, key);
	switch (json_object_get_type(v)) {
	case json_type_null:
		PUT(o, "null");
		return;
	case json_type_boolean:
		if (json_object_get_boolean(v))
			PUT(o, "true");
		else
			PUT(o, "false");
		return;
	case json_type_int:
		/* json-c prints an integer in decimal; INT64_MAX may stand for a
		 * larger unsigned one, which json-c prints itself. Printing
		 * through json-c also left a print buffer in every value. */
		if (json_object_get_int64(v) != INT64_MAX) {
			put_int(o, json_object_get_int64(v));
			return;
		}
		break;
	case json_type_string:
		/* A string of json-c's own printing (no serializer of ours). */
		if (json_object_get_userdata(v) == NULL) {
			out_quoted(o, json_object_get_string(v),
			    (size_t)json_object_get_string_len(v));
			return;
		}
		break;
	default:
		break;
	}
	text = json_object_to_json_string_length(v, JSON_FLAGS, &len);
	if (json_object_is_type(v, json_type_object) ||
	    json_object_is_type(v, json_type_array))
		out_indented(o, text, len);
	else
		put(o, text, len);
}

/* Member key with boolean value b. */
static void
out_bool(struct out *o, const char *key, bool b)
{
	json_object *v = json_object_new_boolean(b);

	out_json(o, key, v);
	json_object_put(v);
}

/* Member key with string value s (NULL for JSON null). */
static void
out_str(struct out *o, const char *key, const char *s)
{
	if (!o->text) {
		out_add(o, key, str_or_null(s));
		return;
	}
	out_member(o, key);
	if (s == NULL)
		PUT(o, "null");
	else
		out_quoted(o, s, strlen(s));
}

/* Member key with shared string value s (struct hd_finding), or NULL:
 * its length and whether it needs escaping are known already. */
static void
out_shared(struct out *o, const char *key, const char *s)
{
	size_t len;

	if (!o->text || s == NULL) {
		out_str(o, key, s);
		return;
	}
	out_member(o, key);
	if (hd_shared_plain(s, &len)) {
		PUT(o, "\"");
		put(o, s, len);
		PUT(o, "\"");
	} else {
		out_quoted(o, s, len);
	}
}

/* Member key with integer value n. */
static void
out_int(struct out *o, const char *key, int64_t n)
{
	if (!o->text) {
		out_add(o, key, json_object_new_int64(n));
		return;
	}
	out_member(o, key);
	put_int(o, n);
}

/* A text-mode writer at level, writing to fp; end it with
 * out_text_end(), which writes the rest. */
static void
out_text(struct out *o, FILE *fp, int level)
{
	memset(o, 0, sizeof(*o));
	o->text = true;
	o->fp = fp;
	o->level = level;
	o->esc = json_object_new_string("");
}

static void
out_text_end(struct out *o)
{
	out_flush(o, true);
	free(o->buf);
	json_object_put(o->esc);
}

/* "evidence": [{"field", "value", "source", "sha256"}] of a finding. */
static void
evidence_out(struct out *o, const struct hd_finding *f)
{
	out_open(o, "evidence", true);
	for (size_t i = 0; i < f->nevidence; i++) {
		const struct hd_evidence *e = &f->evidence[i];

		out_open(o, NULL, false);
		out_shared(o, "field", e->field);
		out_json(o, "value", e->value);
		out_shared(o, "source", e->source);
		if (e->sha256)
			out_str(o, "sha256", e->sha256);
		out_close(o);
	}
	out_close(o);
}

/* One per-object finding, as a member (key NULL in an array). */
static void
finding_out(struct out *o, const char *key, const struct hd_finding *f)
{
	out_open(o, key, false);
	out_open(o, "object", false);
	out_str(o, "kind", hd_object_kind_name(f->kind));
	out_shared(o, "id", f->object_id);
	out_shared(o, "name", f->object_name);
	out_close(o);
	out_str(o, "status", hd_status_name(f->status));
	out_shared(o, "message", f->message);
	evidence_out(o, f);
	if (f->waiver)
		out_str(o, "waiver", f->waiver);
	/* Schema 1.3: only when true, so other findings keep their bytes. */
	if (f->inherited)
		out_bool(o, "inherited", true);
	out_close(o);
}

json_object *
hd_report_finding_json(const struct hd_finding *f)
{
	struct out o = { 0 };

	finding_out(&o, NULL, f);
	return o.root;
}

/* One result with its findings, as an element of the open array. */
static void
result_out(struct out *o, const struct hd_result *r)
{
	const struct hd_check *c = r->check;

	out_open(o, NULL, false);
	out_str(o, "id", r->rule->id);
	out_str(o, "control", c->key);
	out_str(o, "title", r->rule->title);
	out_str(o, "section", r->rule->section);
	out_int(o, "level", r->rule->level);
	out_str(o, "severity", hd_severity_name(r->severity));
	if (r->severity != c->severity)
		out_str(o, "control_severity", hd_severity_name(c->severity));
	out_str(o, "status", hd_status_name(r->status));
	out_shared(o, "message", r->top.message);
	evidence_out(o, &r->top);
	out_open(o, "findings", true);
	for (size_t i = 0; i < r->top.nchildren; i++)
		finding_out(o, NULL, &r->top.children[i]);
	out_close(o);
	out_str(o, "remediation", r->remediation);
	out_close(o);
}

/* {"pass": n, ...} for every status. */
static json_object *
counts_json(const size_t by_status[HD_STATUS__COUNT])
{
	json_object *counts = json_object_new_object();

	for (int st = 0; st < HD_STATUS__COUNT; st++)
		json_object_object_add(counts, hd_status_name(st),
		    json_object_new_int64((int64_t)by_status[st]));
	return counts;
}

/* The summary: counts, score, and both per section. */
static json_object *
summary_json(const struct hd_results *res)
{
	json_object *o = json_object_new_object(), *secs = json_object_new_array();

	json_object_object_add(o, "counts", counts_json(res->by_status));
	json_object_object_add(o, "total", json_object_new_int64((int64_t)res->count));
	json_object_object_add(o, "score", res->score < 0 ? NULL :
	    json_object_new_int(res->score));
	json_object_object_add(o, "score_formula", json_object_new_string(
	    "floor(100 * pass / (pass + fail + error)); null when that sum is 0"));
	for (size_t i = 0; i < res->nsections; i++) {
		const struct hd_section_stats *sec = &res->sections[i];
		json_object *so = json_object_new_object();

		json_object_object_add(so, "name", json_object_new_string(sec->name));
		json_object_object_add(so, "total",
		    json_object_new_int64((int64_t)sec->count));
		json_object_object_add(so, "counts", counts_json(sec->by_status));
		json_object_object_add(so, "score", sec->score < 0 ? NULL :
		    json_object_new_int(sec->score));
		json_object_array_add(secs, so);
	}
	json_object_object_add(o, "sections", secs);
	return o;
}

/* The profile files read, the profile first, then what it extends. */
static json_object *
profile_files_json(const struct hd_profile *p)
{
	json_object *arr = json_object_new_array();

	for (; p; p = hd_profile_parent(p)) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "name",
		    json_object_new_string(hd_profile_name(p)));
		json_object_object_add(o, "path",
		    json_object_new_string(hd_profile_origin(p)));
		json_object_object_add(o, "sha256",
		    json_object_new_string(hd_profile_sha256(p)));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* Every waiver with how the scan used it. */
static json_object *
waivers_json(const struct hd_results *res)
{
	static const char *const states[] = { "active", "expiring", "expired" };
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < res->nwaivers; i++) {
		const struct hd_waiver_use *u = &res->waivers[i];
		const struct hd_waiver *w = &u->waiver;
		json_object *o = json_object_new_object(), *objs;

		json_object_object_add(o, "check", json_object_new_string(w->check));
		objs = json_object_new_array();
		for (size_t k = 0; k < w->nobjects; k++)
			json_object_array_add(objs, json_object_new_string(w->objects[k]));
		json_object_object_add(o, "objects", objs);
		json_object_object_add(o, "justification",
		    str_or_null(w->justification));
		json_object_object_add(o, "approved_by", str_or_null(w->approved_by));
		json_object_object_add(o, "expires", str_or_null(w->expires));
		json_object_object_add(o, "ticket", str_or_null(w->ticket));
		json_object_object_add(o, "where", str_or_null(w->where));
		json_object_object_add(o, "state",
		    json_object_new_string(states[u->state]));
		json_object_object_add(o, "days_left",
		    json_object_new_int64(u->days_left));
		json_object_object_add(o, "matched",
		    json_object_new_int64((int64_t)u->matched));
		json_object_object_add(o, "stale",
		    json_object_new_boolean(hd_waiver_stale(u)));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* The warnings every format carries (stale, expiring, expired waivers). */
static json_object *
warnings_json(const struct hd_results *res)
{
	json_object *arr = json_object_new_array();
	struct hd_warning *w = NULL;
	size_t n = hd_report_warnings(&w, res);

	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "kind",
		    json_object_new_string(hd_warning_kind_name(w[i].kind)));
		json_object_object_add(o, "check",
		    json_object_new_string(w[i].use->waiver.check));
		json_object_object_add(o, "where", str_or_null(w[i].use->waiver.where));
		json_object_object_add(o, "message",
		    json_object_new_string(w[i].message));
		json_object_array_add(arr, o);
	}
	hd_warnings_free(w, n);
	return arr;
}

/* The document without its results: everything but the per-check part. */
static json_object *
report_head(const struct hd_report *rep)
{
	json_object *doc = json_object_new_object(), *o;
	const struct hd_results *res = rep->results;

	json_object_object_add(doc, "schema_version",
	    json_object_new_string(HD_REPORT_SCHEMA_VERSION));
	o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string("hardock"));
	json_object_object_add(o, "version", json_object_new_string(HARDOCK_VERSION));
	if (rep->sandbox != NULL)
		json_object_object_add(o, "sandbox", hd_sandbox_json(rep->sandbox));
	json_object_object_add(doc, "tool", o);
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(res->pack->name));
	json_object_object_add(o, "name", json_object_new_string(res->pack->title));
	json_object_object_add(o, "version",
	    json_object_new_string(res->pack->version));
	json_object_object_add(doc, "benchmark", o);
	json_object_object_add(doc, "host", hd_report_host_block(rep->snapshot));
	json_object_object_add(doc, "collected_at", str_or_null(rep->collected_at));
	json_object_object_add(doc, "started_at", str_or_null(rep->started_at));
	json_object_object_add(doc, "finished_at", str_or_null(rep->finished_at));
	json_object_object_add(doc, "profile", str_or_null(rep->profile));
	json_object_object_add(doc, "profile_sha256", rep->profile_file ?
	    json_object_new_string(hd_profile_sha256(rep->profile_file)) : NULL);
	json_object_object_add(doc, "profile_files",
	    profile_files_json(rep->profile_file));
	json_object_object_add(doc, "waivers_as_of",
	    json_object_new_string(res->today));
	json_object_object_add(doc, "summary", summary_json(res));
	json_object_object_add(doc, "waivers", waivers_json(res));
	json_object_object_add(doc, "warnings", warnings_json(res));
	return doc;
}

json_object *
hd_report_json(const struct hd_report *rep)
{
	json_object *doc = report_head(rep);
	struct out o = { 0 };

	out_open(&o, NULL, true);
	for (size_t i = 0; i < rep->results->count; i++)
		result_out(&o, &rep->results->items[i]);
	out_close(&o);
	json_object_object_add(doc, "results", o.root);
	return doc;
}

/* Stream the report: the head, then one result at a time written
 * straight to out as text, so that memory holds neither the whole
 * document of a host with a thousand containers nor a tree per result
 * (the same bytes as hd_report_json() gives, modulo indentation; the
 * unit tests compare them). */
int
hd_render_json(FILE *out, const struct hd_report *rep)
{
	json_object *head = report_head(rep);
	const char *text = json_object_to_json_string_ext(head, JSON_FLAGS);
	size_t n = strlen(text);
	struct out o;

	/* The head without its closing brace, then "results". */
	while (n > 0 && text[n - 1] != '}')
		n--;
	fwrite(text, 1, n > 0 ? n - 1 : 0, out);
	json_object_put(head);
	fputs(",\n  \"results\": [", out);
	/* Each result an element at level 2, as json-c would print it. */
	out_text(&o, out, 2);
	for (size_t i = 0; i < rep->results->count; i++) {
		if (i > 0)
			PUT(&o, ",");
		PUT(&o, "\n    ");
		result_out(&o, &rep->results->items[i]);
	}
	PUT(&o, "\n  ]\n}\n");
	out_text_end(&o);
	return ferror(out) ? HD_EIO : HD_OK;
}
