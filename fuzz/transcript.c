/* Engine API transcripts: canned answers for the replaying client. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/common.h>

#include "transcript.h"

struct record {
	const char *pat;
	size_t pat_len;
	long status;
	const char *header;   /* rest of the header line, or NULL */
	size_t header_len;
	const char *body;
	size_t len;
	size_t used;          /* requests it answered */
};

struct hd_transcript {
	struct record *v;
	size_t n, cap;
	size_t requests;
};

static const char not_found[] = "{\"message\":\"page not found\"}";

/* Whether line p[0..n) is a record header; fills r's pattern, status and
 * header when it is. */
static bool
header_line(struct record *r, const char *p, size_t n)
{
	size_t i = 4, k;

	if (n < 4 || memcmp(p, "GET ", 4) != 0 || n == 4 || p[4] != '/')
		return false;
	r->pat = p + i;
	while (i < n && p[i] != ' ')
		i++;
	r->pat_len = (size_t)(p + i - r->pat);
	if (i >= n || p[i] != ' ')
		return false;
	i++;
	r->status = 0;
	for (k = 0; i < n && k < 3 && p[i] >= '0' && p[i] <= '9'; i++, k++)
		r->status = r->status * 10 + (p[i] - '0');
	if (k == 0 || (i < n && p[i] != ' ' && p[i] != '\r'))
		return false;
	while (i < n && p[i] == ' ')
		i++;
	r->header = i < n ? p + i : NULL;
	r->header_len = i < n ? n - i : 0;
	return true;
}

struct hd_transcript *
hd_transcript_parse(const char *text, size_t len)
{
	struct hd_transcript *t = hd_xcalloc(1, sizeof(*t));
	struct record *cur = NULL, r;
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		memset(&r, 0, sizeof(r));
		if (header_line(&r, text + pos, end - pos)) {
			/* The newline ending the previous body is the separator. */
			if (cur != NULL && cur->len > 0 && cur->body[cur->len - 1] == '\n')
				cur->len--;
			if (t->n == t->cap) {
				t->cap = t->cap ? t->cap * 2 : 8;
				t->v = hd_xrealloc(t->v, t->cap, sizeof(*t->v));
			}
			cur = &t->v[t->n++];
			*cur = r;
			cur->body = nl ? nl + 1 : text + len;
		} else if (cur != NULL) {
			cur->len = (size_t)((nl ? nl + 1 : text + len) - cur->body);
		}
		pos = nl ? end + 1 : len;
	}
	return t;
}

/* The path with its "/v1.N" version prefix dropped. */
static const char *
unversioned(const char *path)
{
	const char *p = path;

	if (strncmp(p, "/v", 2) != 0)
		return path;
	p += 2;
	if (*p < '0' || *p > '9')
		return path;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p++ != '.' || *p < '0' || *p > '9')
		return path;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '/' ? p : path;
}

/* Whether pattern pat[0..n) matches path, "*" standing for one segment. */
static bool
matches(const char *pat, size_t n, const char *path)
{
	size_t i = 0;

	while (i < n) {
		if (pat[i] == '*' && (i + 1 == n || pat[i + 1] == '/') &&
		    i > 0 && pat[i - 1] == '/') {
			size_t seg = strcspn(path, "/");

			if (seg == 0)
				return false;
			path += seg;
			i++;
			continue;
		}
		if (*path == '\0' || *path != pat[i])
			return false;
		path++;
		i++;
	}
	return *path == '\0';
}

void
hd_transcript_answer(void *arg, const char *path, struct hd_http_answer *a)
{
	struct hd_transcript *t = arg;
	const char *p = unversioned(path);
	struct record *best = NULL;

	t->requests++;
	for (size_t i = 0; i < t->n; i++) {
		struct record *r = &t->v[i];

		if (matches(r->pat, r->pat_len, p) && (best == NULL ||
		    r->used < best->used))
			best = r;
	}
	if (best == NULL) {
		a->status = 404;
		a->body = not_found;
		a->len = sizeof(not_found) - 1;
		return;
	}
	best->used++;
	a->status = best->status;
	a->header = best->header;
	a->header_len = best->header_len;
	a->body = best->body;
	a->len = best->len;
}

size_t
hd_transcript_requests(const struct hd_transcript *t)
{
	return t->requests;
}

void
hd_transcript_free(struct hd_transcript *t)
{
	if (t == NULL)
		return;
	free(t->v);
	free(t);
}
