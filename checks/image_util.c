/* Helpers shared by the image checks: lookup, history, instructions, time. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image_content.h"
#include "image_util.h"
#include "secret_detect.h"
#include "util.h"

bool
hd_image_lookup(struct hd_object *out, const struct hd_ctx *ctx,
    const char *id)
{
	const struct hd_snapshot *s = hd_ctx_snapshot(ctx);
	size_t i;

	/* By id first: only the image found is parsed, and it stays parsed
	 * for the next container that uses it (the scanner releases it). */
	if (id == NULL || id[0] == '\0' ||
	    !hd_snapshot_find(&i, s, HD_OBJ_IMAGE, id))
		return false;
	hd_snapshot_object(out, s, HD_OBJ_IMAGE, i);
	return true;
}

json_object *
hd_image_history(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f)
{
	struct hd_fact h;

	hd_fact2(&h, ctx, HD_F_IMAGE_HISTORY, img->id);
	if (h.state != HD_FACT_VALUE) {
		hd_msg(f, "image history: %s", h.reason ? h.reason :
		    "not collected");
		hd_ev_str(f, "history", NULL, h.source ? h.source :
		    SRC_IMAGE_HISTORY);
		return NULL;
	}
	if (!json_object_is_type(h.value, json_type_array)) {
		hd_msg(f, "image history: expected array");
		return NULL;
	}
	return h.value;
}

int
hd_history_created_by(struct hd_finding *f, json_object *history, size_t i,
    const char **out)
{
	json_object *e = json_object_array_get_idx(history, i);

	*out = "";
	if (!json_object_is_type(e, json_type_object)) {
		hd_msg(f, "image history entry %zu: expected object", i);
		return HD_ETYPE;
	}
	return hd_get_str(f, e, "CreatedBy", "", out);
}

/* Dockerfile instructions, as BuildKit writes them first in CreatedBy. */
static const char *const instructions[] = {
	"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
	"HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
	"STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
};

/* Whether the word at s (n bytes) is a Dockerfile instruction. */
static bool
is_instruction(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(instructions) / sizeof(*instructions); i++)
		if (strlen(instructions[i]) == n && memcmp(s, instructions[i], n) == 0)
			return true;
	return false;
}

void
hd_instruction_parse(struct hd_instruction *out, const char *cb)
{
	const char *p = strstr(cb, "#(nop)"), *w;
	size_t n, len;

	out->name[0] = '\0';
	out->args = cb;
	if (p != NULL) {
		/* Classic builder, non-RUN: "/bin/sh -c #(nop)  ADD ...". */
		p += 6;
	} else {
		p = cb;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	for (w = p; isupper((unsigned char)*w); w++)
		;
	n = (size_t)(w - p);
	if (n > 0 && n < sizeof(out->name) && (*w == ' ' || *w == '\0') &&
	    is_instruction(p, n)) {
		memcpy(out->name, p, n);
		out->name[n] = '\0';
		p = w;
	} else if (strstr(cb, "#(nop)") == NULL && (strncmp(cb, "/bin/sh -c", 10) == 0 ||
	    cb[0] == '|' || strstr(cb, " -c ") != NULL)) {
		/* Classic builder RUN: the shell command line itself. */
		strcpy(out->name, "RUN");
	}
	while (*p == ' ')
		p++;
	len = strlen(p);
	if (len >= 10 && strcmp(p + len - 10, "# buildkit") == 0)
		len -= 10;
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	out->args = p;
	out->args_len = len;
}

char *
hd_command_evidence(const char *created_by)
{
	char *s = hd_secret_scrub(created_by);
	size_t n = strlen(s);

	if (n > HD_CMD_EVIDENCE_MAX) {
		n = HD_CMD_EVIDENCE_MAX;
		/* Never cut a UTF-8 sequence in two. */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		s[n] = '\0';
		{
			char *t = hd_xasprintf("%s\u2026", s);

			free(s);
			s = t;
		}
	}
	return s;
}

json_object *
hd_command_array_evidence(json_object *arr)
{
	json_object *out;

	if (arr == NULL)
		return NULL;
	out = json_object_new_array();
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *w = json_object_array_get_idx(arr, i);
		char *e;

		if (!json_object_is_type(w, json_type_string)) {
			json_object_array_add(out, json_object_get(w));
			continue;
		}
		e = hd_command_evidence(json_object_get_string(w));
		json_object_array_add(out, json_object_new_string(e));
		free(e);
	}
	return out;
}

bool
hd_age_days(const struct hd_ctx *ctx, const char *s, long *out)
{
	const char *now = hd_snapshot_meta(hd_ctx_snapshot(ctx),
	    HD_META_COLLECTED_AT);
	time_t then, t;

	if (!hd_time_parse(s, &then) || !hd_time_parse(now, &t))
		return false;
	*out = (long)((t - then) / 86400);
	return true;
}

/* Emit secrets found since index from as evidence with source src. */
static void
secrets_evidence(struct hd_finding *f, const struct hd_secrets *s,
    size_t from, const char *field, const char *src)
{
	for (size_t i = from; i < s->n; i++)
		hd_ev(f, field, hd_secret_json(&s->v[i]), src);
}

/* Scan an array of strings at path: as env entries or as text. Returns 0,
 * or HD_ETYPE with f's message set. */
static int
scan_strings(struct hd_finding *f, json_object *doc, const char *path,
    struct hd_secrets *s, bool env)
{
	json_object *arr;
	int r;

	if ((r = hd_get_array(f, doc, path, &arr)) < 0 || arr == NULL)
		return r;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *e = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(e, json_type_string)) {
			hd_msg(f, "%s[%zu]: expected string", path, i);
			return HD_ETYPE;
		}
		if (env)
			hd_secret_scan_env(s, json_object_get_string(e));
		else
			hd_secret_scan_text(s, json_object_get_string(e));
	}
	return 0;
}

/* Scan Config.Labels as NAME=VALUE pairs. */
static int
scan_labels(struct hd_finding *f, json_object *doc, struct hd_secrets *s)
{
	json_object *labels;
	int r;

	if ((r = hd_get_object(f, doc, "Config.Labels", &labels)) < 0 ||
	    labels == NULL)
		return r;
	json_object_object_foreach(labels, k, v) {
		char *pair;

		if (!json_object_is_type(v, json_type_string)) {
			hd_msg(f, "Config.Labels.%s: expected string", k);
			return HD_ETYPE;
		}
		pair = hd_xasprintf("%s=%s", k, json_object_get_string(v));
		hd_secret_scan_env(s, pair);
		free(pair);
	}
	return 0;
}

/* Scan the history for secrets, as evidence, each marked inherited when c
 * knows the base. A name is reported once (secret_detect.c), at its
 * newest entry: an image that sets its base's secret again owns it. */
static int
scan_history(struct hd_finding *f, json_object *hist,
    const struct hd_content *c, struct hd_secrets *s, struct hd_inherit *inh)
{
	size_t n = json_object_array_length(hist);

	for (size_t i = 0; i < n; i++) {
		const char *cb;
		size_t from = s->n;
		bool inherited = hd_content_history_inherited(c, i, n);

		if (hd_history_created_by(f, hist, i, &cb) < 0)
			return HD_ETYPE;
		hd_secret_scan_text(s, cb);
		for (size_t k = from; k < s->n; k++) {
			json_object *o = hd_secret_json(&s->v[k]);

			if (c != NULL && c->base_known)
				json_object_object_add(o, "history",
				    json_object_new_int64((int64_t)(n - 1 - i)));
			hd_content_mark(o, c, inherited);
			hd_ev(f, "history.CreatedBy", o, SRC_IMAGE_HISTORY);
			hd_inherit_note(inh, inherited);
		}
	}
	return 0;
}

enum hd_status
hd_image_secrets(const struct hd_ctx *ctx, const struct hd_object *img,
    struct hd_finding *f, bool all)
{
	struct hd_secrets s = { NULL, 0 };
	json_object *hist = hd_image_history(ctx, img, f), *cfg;
	struct hd_content cs, *c = hd_content_base(&cs, ctx, img);
	struct hd_inherit inh = { 0, 0 };
	enum hd_status st = HD_ERROR;
	size_t from;

	if (hist == NULL)
		return HD_ERROR;
	if (hd_get_object(f, img->inspect.value, "Config", &cfg) < 0 ||
	    scan_history(f, hist, c, &s, &inh) < 0)
		goto out;
	from = s.n;
	if (scan_strings(f, img->inspect.value, "Config.Env", &s, true) < 0)
		goto out;
	/* Variables no history entry names (those it names were reported
	 * there): nothing ties them to the base. */
	for (size_t k = from; k < s.n; k++) {
		json_object *o = hd_secret_json(&s.v[k]);

		hd_content_mark(o, c, false);
		hd_ev(f, "Config.Env", o, SRC_IMAGE_INSPECT);
		hd_inherit_note(&inh, false);
	}
	if (all) {
		static const char *const texts[] = { "Comment", "Author" };

		/* The image's own metadata: never marked inherited. */
		size_t meta = from = s.n;

		if (scan_labels(f, img->inspect.value, &s) < 0)
			goto out;
		secrets_evidence(f, &s, from, "Config.Labels", SRC_IMAGE_INSPECT);
		from = s.n;
		if (scan_strings(f, img->inspect.value, "Config.Cmd", &s, false) < 0 ||
		    scan_strings(f, img->inspect.value, "Config.Entrypoint", &s,
		    false) < 0)
			goto out;
		secrets_evidence(f, &s, from, "Config.Cmd/Entrypoint",
		    SRC_IMAGE_INSPECT);
		for (size_t i = 0; i < 2; i++) {
			const char *t;

			if (hd_get_str(f, img->inspect.value, texts[i], "", &t) < 0)
				goto out;
			from = s.n;
			hd_secret_scan_text(&s, t);
			secrets_evidence(f, &s, from, texts[i], SRC_IMAGE_INSPECT);
		}
		inh.own += s.n - meta;
	}
	if (s.n == 0) {
		hd_ev_int(f, "history entries scanned",
		    (int64_t)json_object_array_length(hist), SRC_IMAGE_HISTORY);
		hd_msg(f, "no secret found in %zu history entries and Config.Env%s",
		    json_object_array_length(hist), all ? " or metadata" : "");
		st = HD_PASS;
	} else {
		if (c != NULL) {
			hd_content_ev_base(f, c);
			hd_inherit_apply(f, &inh);
		}
		hd_msg(f, "%zu secret%s in the image (first: %s, %s)%s", s.n,
		    s.n == 1 ? "" : "s", s.v[0].name, s.v[0].why, f->inherited ?
		    "; all from the base image's history" : "");
		st = HD_FAIL;
	}
out:
	hd_secrets_clear(&s);
	return st;
}
