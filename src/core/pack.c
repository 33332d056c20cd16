/*
 * Benchmark packs built from the data files of benchmarks/ (see
 * <hardock/pack.h>). The parser takes the files as buffers, so it is
 * tested on inconsistent data without touching the shipped set.
 */
#include <fnmatch.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/buf.h>
#include <hardock/pack.h>

#include "internal.h"

#define PACK_PREFIX "cis-docker-"
#define CONTROLS_FILE "controls.tsv"
#define BEYOND_FILE "hardock.tsv"
#define OVERRIDES_FILE "overrides.tsv"
#define MAX_COLS 8

/* One row of a TSV file split in place: fields point into line. */
struct row {
	char *col[MAX_COLS];
	size_t ncol;
	size_t lineno;
};

/* A TSV file as rows, comments (#) and blank lines skipped; the first row
 * is the header. */
struct table {
	const char *name;
	char *text; /* owned copy, split in place */
	struct row *rows;
	size_t nrows;
};

static void
table_free(struct table *t)
{
	free(t->text);
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

/* Split file f into t. HD_EPARSE when a row has more columns than fit. */
static int
table_load(struct table *t, const struct hd_pack_file *f)
{
	char *line, *next;
	size_t lineno = 0, cap = 0;

	memset(t, 0, sizeof(*t));
	t->name = f->name;
	t->text = hd_xstrndup(f->text, f->len);
	for (line = t->text; line != NULL && *line; line = next) {
		struct row *r;
		char *p;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		if (t->nrows == cap) {
			cap = cap ? cap * 2 : 64;
			t->rows = hd_xrealloc(t->rows, cap, sizeof(*t->rows));
		}
		r = &t->rows[t->nrows++];
		memset(r, 0, sizeof(*r));
		r->lineno = lineno;
		for (p = line; p != NULL; r->ncol++) {
			if (r->ncol == MAX_COLS)
				return hd_error_set(HD_EPARSE, "%s:%zu: too many "
				    "columns", f->name, lineno);
			r->col[r->ncol] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
	}
	if (t->nrows == 0)
		return hd_error_set(HD_EPARSE, "%s: no header", f->name);
	return HD_OK;
}

/* The index of header column name in t, -1 when absent. */
static int
table_col(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->rows[0].ncol; i++)
		if (strcmp(t->rows[0].col[i], name) == 0)
			return (int)i;
	return -1;
}

/* The file called name among files, NULL when absent. */
static const struct hd_pack_file *
file_named(const struct hd_pack_file *files, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(files[i].name, name) == 0)
			return &files[i];
	return NULL;
}

static int
rule_cmp(const void *x, const void *y)
{
	return hd_id_cmp(((const struct hd_rule *)x)->id,
	    ((const struct hd_rule *)y)->id);
}

static int
pack_cmp(const void *x, const void *y)
{
	return hd_id_cmp(((const struct hd_pack *)x)->version,
	    ((const struct hd_pack *)y)->version);
}

/* The control of row r's column col in the controls table, looked up for
 * pack name; NULL with the error set when missing or unknown. */
static const struct hd_check *
control_of(const struct table *controls, int col, const char *id,
    const char *where)
{
	for (size_t i = 1; i < controls->nrows; i++) {
		const struct row *r = &controls->rows[i];
		const struct hd_check *c;

		if ((size_t)col >= r->ncol || strcmp(r->col[col], id) != 0)
			continue;
		if ((c = hd_control_find(r->col[0])) == NULL)
			hd_error_set(HD_EPARSE, "%s:%zu: unknown control %s",
			    controls->name, r->lineno, r->col[0]);
		return c;
	}
	hd_error_set(HD_EPARSE, "%s: %s has no control in %s", where, id,
	    controls->name);
	return NULL;
}

/* Parse a level column ("1" or "2"). */
static bool
parse_level(const char *s, int *out)
{
	if ((s[0] == '1' || s[0] == '2') && s[1] == '\0') {
		*out = s[0] - '0';
		return true;
	}
	return false;
}

/* Fill rule r from row w of a recommendation file (id, section, title,
 * assessment, level). */
static int
rule_from_row(struct hd_rule *r, const struct row *w, const char *file)
{
	memset(r, 0, sizeof(*r));
	if (w->ncol < 5 || !w->col[0][0] || !w->col[2][0])
		return hd_error_set(HD_EPARSE, "%s:%zu: expected id, section, "
		    "title, assessment and level", file, w->lineno);
	r->id = hd_xstrdup(w->col[0]);
	r->section = hd_xstrdup(w->col[1]);
	r->title = hd_xstrdup(w->col[2]);
	if (strcmp(w->col[3], "Automated") == 0)
		r->cis = HD_CIS_AUTOMATED;
	else if (strcmp(w->col[3], "Manual") == 0)
		r->cis = HD_CIS_MANUAL;
	else if (strcmp(w->col[3], "-") == 0)
		r->cis = HD_CIS_NONE;
	else
		return hd_error_set(HD_EPARSE, "%s:%zu: assessment '%s' is "
		    "neither Automated nor Manual", file, w->lineno, w->col[3]);
	if (!parse_level(w->col[4], &r->level))
		return hd_error_set(HD_EPARSE, "%s:%zu: level '%s' is not 1 or 2",
		    file, w->lineno, w->col[4]);
	return HD_OK;
}

/* Apply overrides.tsv (pack, control glob, field, value) to pack p. */
static int
apply_overrides(struct hd_pack *p, const struct table *ov)
{
	for (size_t i = 1; i < ov->nrows; i++) {
		const struct row *w = &ov->rows[i];
		bool hit = false;

		if (w->ncol != 4)
			return hd_error_set(HD_EPARSE, "%s:%zu: expected pack, "
			    "control, field and value", ov->name, w->lineno);
		if (strcmp(w->col[0], p->name) != 0)
			continue;
		for (size_t k = 0; k < p->nrules; k++) {
			struct hd_rule *r = (struct hd_rule *)&p->rules[k];

			if (fnmatch(w->col[1], r->control->key, 0) != 0)
				continue;
			hit = true;
			if (strcmp(w->col[2], "remediation") == 0) {
				free((char *)r->remediation);
				r->remediation = hd_xstrdup(w->col[3]);
			} else if (strncmp(w->col[2], "param:", 6) == 0) {
				struct hd_pack_param *pp;

				pp = hd_xrealloc((void *)r->params, r->nparams + 1,
				    sizeof(*pp));
				pp[r->nparams].name = hd_xstrdup(w->col[2] + 6);
				pp[r->nparams].value = hd_xstrdup(w->col[3]);
				r->params = pp;
				r->nparams++;
			} else {
				return hd_error_set(HD_EPARSE, "%s:%zu: unknown "
				    "field %s", ov->name, w->lineno, w->col[2]);
			}
		}
		if (!hit)
			return hd_error_set(HD_EPARSE, "%s:%zu: %s matches no "
			    "control of %s", ov->name, w->lineno, w->col[1],
			    p->name);
	}
	return HD_OK;
}

/* Build pack p from its recommendation file f, the controls table and
 * the beyond-CIS table. */
static int
pack_build(struct hd_pack *p, const struct hd_pack_file *f,
    const struct table *controls, const struct table *beyond,
    const struct table *ov)
{
	struct table t;
	struct hd_rule *rules;
	size_t n = 0;
	const char *ver = f->name + strlen(PACK_PREFIX);
	int col, r;

	memset(p, 0, sizeof(*p));
	p->version = hd_xstrndup(ver, strlen(ver) - 4); /* ".tsv" */
	p->name = hd_xasprintf("cis-%s", p->version);
	p->title = hd_xstrdup("CIS Docker Benchmark");
	if ((r = table_load(&t, f)) < 0)
		goto out;
	if ((col = table_col(controls, p->name)) < 0) {
		r = hd_error_set(HD_EPARSE, "%s: no column for %s",
		    controls->name, p->name);
		goto out;
	}
	rules = hd_xcalloc(t.nrows + beyond->nrows, sizeof(*rules));
	p->rules = rules;
	for (size_t i = 1; i < t.nrows; i++, n++) {
		char where[128];

		p->nrules = n + 1;
		if ((r = rule_from_row(&rules[n], &t.rows[i], f->name)) < 0)
			goto out;
		snprintf(where, sizeof(where), "%s:%zu", f->name, t.rows[i].lineno);
		if ((rules[n].control = control_of(controls, col, rules[n].id,
		    where)) == NULL) {
			r = HD_EPARSE;
			goto out;
		}
	}
	p->ncis = n;
	for (size_t i = 1; i < beyond->nrows; i++, n++) {
		const struct row *w = &beyond->rows[i];

		p->nrules = n + 1;
		if ((r = rule_from_row(&rules[n], w, beyond->name)) < 0)
			goto out;
		if (w->ncol < 6 ||
		    (rules[n].control = hd_control_find(w->col[5])) == NULL) {
			r = hd_error_set(HD_EPARSE, "%s:%zu: unknown control %s",
			    beyond->name, w->lineno, w->ncol < 6 ? "" : w->col[5]);
			goto out;
		}
	}
	qsort(rules, n, sizeof(*rules), rule_cmp);
	for (size_t i = 1; i < n; i++)
		if (strcmp(rules[i - 1].id, rules[i].id) == 0) {
			r = hd_error_set(HD_EPARSE, "%s: id %s listed twice",
			    p->name, rules[i].id);
			goto out;
		}
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			if (rules[i].control == rules[k].control) {
				r = hd_error_set(HD_EPARSE, "%s: %s and %s are both "
				    "decided by %s", p->name, rules[i].id,
				    rules[k].id, rules[i].control->key);
				goto out;
			}
	r = apply_overrides(p, ov);
out:
	table_free(&t);
	return r;
}

void
hd_packs_free(struct hd_pack *packs, size_t n)
{
	for (size_t i = 0; packs != NULL && i < n; i++) {
		struct hd_pack *p = &packs[i];

		for (size_t k = 0; k < p->nrules; k++) {
			const struct hd_rule *r = &p->rules[k];

			free((char *)r->id);
			free((char *)r->title);
			free((char *)r->section);
			free((char *)r->remediation);
			for (size_t j = 0; j < r->nparams; j++) {
				free((char *)r->params[j].name);
				free((char *)r->params[j].value);
			}
			free((void *)r->params);
		}
		free((void *)p->rules);
		free((char *)p->name);
		free((char *)p->title);
		free((char *)p->version);
	}
	free(packs);
}

int
hd_packs_build(struct hd_pack **out, size_t *nout,
    const struct hd_pack_file *files, size_t nfiles)
{
	struct table controls = { 0 }, beyond = { 0 }, ov = { 0 };
	const struct hd_pack_file *f;
	struct hd_pack *packs = NULL;
	size_t n = 0;
	int r;

	*out = NULL;
	*nout = 0;
	if ((f = file_named(files, nfiles, CONTROLS_FILE)) == NULL ||
	    (r = table_load(&controls, f)) < 0) {
		r = f ? r : hd_error_set(HD_EPARSE, "no %s", CONTROLS_FILE);
		goto out;
	}
	if ((f = file_named(files, nfiles, BEYOND_FILE)) == NULL ||
	    (r = table_load(&beyond, f)) < 0) {
		r = f ? r : hd_error_set(HD_EPARSE, "no %s", BEYOND_FILE);
		goto out;
	}
	if ((f = file_named(files, nfiles, OVERRIDES_FILE)) == NULL ||
	    (r = table_load(&ov, f)) < 0) {
		r = f ? r : hd_error_set(HD_EPARSE, "no %s", OVERRIDES_FILE);
		goto out;
	}
	packs = hd_xcalloc(nfiles, sizeof(*packs));
	for (size_t i = 0; i < nfiles; i++) {
		size_t len = strlen(files[i].name);

		if (strncmp(files[i].name, PACK_PREFIX, strlen(PACK_PREFIX)) != 0 ||
		    len < strlen(PACK_PREFIX) + 5 ||
		    strcmp(files[i].name + len - 4, ".tsv") != 0)
			continue;
		n++;
		if ((r = pack_build(&packs[n - 1], &files[i], &controls, &beyond,
		    &ov)) < 0)
			goto out;
	}
	if (n == 0) {
		r = hd_error_set(HD_EPARSE, "no %s*.tsv pack", PACK_PREFIX);
		goto out;
	}
	qsort(packs, n, sizeof(*packs), pack_cmp);
	*out = packs;
	*nout = n;
	packs = NULL;
	r = HD_OK;
out:
	hd_packs_free(packs, n);
	table_free(&controls);
	table_free(&beyond);
	table_free(&ov);
	return r;
}

/* ---- The shipped packs -------------------------------------------------- */

static struct hd_pack *shipped;
static size_t nshipped;
static pthread_once_t shipped_once = PTHREAD_ONCE_INIT;

/* Build the compiled-in packs once; inconsistent shipped data is a build
 * defect the registry test catches, so it aborts here. */
static void
load_shipped(void)
{
	if (hd_packs_build(&shipped, &nshipped, hd_pack_data,
	    hd_pack_data_count) < 0) {
		fprintf(stderr, "hardock: benchmark data: %s\n", hd_error_last());
		abort();
	}
}

size_t
hd_pack_count(void)
{
	pthread_once(&shipped_once, load_shipped);
	return nshipped;
}

const struct hd_pack *
hd_pack_get(size_t i)
{
	pthread_once(&shipped_once, load_shipped);
	return i < nshipped ? &shipped[i] : NULL;
}

const struct hd_pack *
hd_pack_default(void)
{
	return hd_pack_get(hd_pack_count() - 1);
}

const struct hd_pack *
hd_pack_find(const char *name)
{
	for (size_t i = 0; i < hd_pack_count(); i++) {
		const struct hd_pack *p = &shipped[i];

		if (strcmp(name, p->name) == 0 || strcmp(name, p->version) == 0 ||
		    (strncmp(name, PACK_PREFIX, strlen(PACK_PREFIX)) == 0 &&
		    strcmp(name + strlen(PACK_PREFIX), p->version) == 0))
			return p;
	}
	return NULL;
}

const struct hd_rule *
hd_pack_rule(const struct hd_pack *p, const char *id)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (strcmp(p->rules[i].id, id) == 0)
			return &p->rules[i];
	return NULL;
}

const struct hd_rule *
hd_pack_rule_for(const struct hd_pack *p, const char *control)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (strcmp(p->rules[i].control->key, control) == 0)
			return &p->rules[i];
	return NULL;
}

bool
hd_rule_matches(const char *sel, const struct hd_rule *r)
{
	size_t n = strlen(sel);
	const char *key = r->control->key;

	if (hd_id_matches(sel, r->id) || strcmp(sel, key) == 0)
		return true;
	return n > 0 && strncmp(sel, key, n) == 0 && key[n] == '.';
}

const char *
hd_rule_param(const struct hd_rule *r, const char *name)
{
	/* The last value given wins, as with repeated flags elsewhere. */
	for (size_t i = r->nparams; i-- > 0;)
		if (strcmp(r->params[i].name, name) == 0)
			return r->params[i].value;
	return NULL;
}

char *
hd_rule_remediation(const struct hd_rule *r,
    const char *(*value)(const char *name, void *arg), void *arg)
{
	const char *text = r->remediation ? r->remediation :
	    r->control->remediation;
	struct hd_buf *b;
	char *out;

	if (text == NULL)
		return NULL;
	/* Most texts name no parameter: a copy. The others are built in a
	 * buffer with no cap of its own (the text and the values are ours or
	 * already capped), not a stream: open_memstream's zeroed 8 KiB and a
	 * call per character were a sixth of a scan's CPU, as this runs for
	 * every result. */
	if (strstr(text, "${") == NULL)
		return hd_xstrdup(text);
	b = hd_buf_new(SIZE_MAX);
	while (*text) {
		const char *v = NULL, *end, *dflt;
		const struct hd_param_def *d;
		const char *next = strstr(text, "${");
		char *name;

		/* The text up to the next "${" in one append. */
		if (next != text) {
			size_t run = next ? (size_t)(next - text) : strlen(text);

			(void)hd_buf_append(b, text, run);
			text += run;
			continue;
		}
		if ((end = strchr(text + 2, '}')) == NULL) {
			(void)hd_buf_append(b, text++, 1);
			continue;
		}
		/* ${NAME} or ${NAME:-DEFAULT}, as in the shell. */
		dflt = memmem(text + 2, (size_t)(end - text - 2), ":-", 2);
		name = hd_xstrndup(text + 2, (size_t)((dflt ? dflt : end) - text - 2));
		for (d = r->control->params; d && d->name; d++)
			if (strcmp(d->name, name) == 0)
				break;
		if (d != NULL && d->name == NULL)
			d = NULL;
		if (value)
			v = value(name, arg);
		if (v == NULL && d != NULL)
			v = hd_rule_param(r, d->name);
		if (v == NULL && d != NULL && d->def != NULL)
			v = d->def;
		free(name);
		if (v != NULL) {
			(void)hd_buf_append(b, v, strlen(v));
		} else if (dflt != NULL) {
			(void)hd_buf_append(b, dflt + 2, (size_t)(end - dflt - 2));
		} else if (d == NULL) {
			/* Not ours: leave it as written. */
			(void)hd_buf_append(b, text++, 1);
			continue;
		}
		text = end + 1;
	}
	out = hd_xstrdup(hd_buf_ptr(b));
	hd_buf_free(b);
	return out;
}
