/* YAML documents as position-keeping trees (libyaml's event parser). */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include <hardock/common.h>

#include "core/yaml.h"

struct yparse {
	yaml_parser_t parser;
	const char *origin;
};

/* HD_EPARSE "ORIGIN:LINE:COLUMN: what" at a libyaml mark (0-based). */
static int
error_at(const struct yparse *y, yaml_mark_t m, const char *what)
{
	return hd_error_set(HD_EPARSE, "%s:%zu:%zu: %s", y->origin, m.line + 1,
	    m.column + 1, what);
}

/* The next event into ev, or the parser's own error. */
static int
next(struct yparse *y, yaml_event_t *ev)
{
	if (yaml_parser_parse(&y->parser, ev))
		return HD_OK;
	return hd_error_set(HD_EPARSE, "%s:%zu:%zu: %s%s%s", y->origin,
	    y->parser.problem_mark.line + 1, y->parser.problem_mark.column + 1,
	    y->parser.problem ? y->parser.problem : "malformed YAML",
	    y->parser.context ? " " : "",
	    y->parser.context ? y->parser.context : "");
}

/* Whether s fully matches the extended regular expression re. */
static bool
matches(const char *re, const char *s)
{
	regex_t rx;
	bool hit;

	if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB) != 0)
		abort();
	hit = regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return hit;
}

enum hd_yscalar
hd_yaml_resolve(const char *s)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	static const char *const bools[] = { "true", "True", "TRUE", "false",
		"False", "FALSE" };

	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(s, nulls[i]) == 0)
			return HD_YS_NULL;
	for (size_t i = 0; i < sizeof(bools) / sizeof(bools[0]); i++)
		if (strcmp(s, bools[i]) == 0)
			return HD_YS_BOOL;
	if (matches("^[-+]?[0-9]+$", s))
		return HD_YS_INT;
	if (matches("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$", s))
		return HD_YS_FLOAT;
	return HD_YS_STRING;
}

/* A new node of type t at the event's start. */
static struct hd_ynode *
node_new(enum hd_ytype t, const yaml_event_t *ev)
{
	struct hd_ynode *n = hd_xcalloc(1, sizeof(*n));

	n->type = t;
	n->line = (unsigned)ev->start_mark.line + 1;
	n->col = (unsigned)ev->start_mark.column + 1;
	return n;
}

/* Append kid to n's children. */
static void
add_kid(struct hd_ynode *n, struct hd_ynode *kid)
{
	n->kids = hd_xrealloc(n->kids, n->nkids + 1, sizeof(*n->kids));
	n->kids[n->nkids++] = kid;
}

static int parse_node(struct hd_ynode **out, struct yparse *y,
    yaml_event_t *ev, int depth);

/* Whether mapping m (keys at even indices) already has scalar key k. */
static bool
has_key(const struct hd_ynode *m, const char *k)
{
	for (size_t i = 0; i + 1 < m->nkids; i += 2)
		if (strcmp(m->kids[i]->text, k) == 0)
			return true;
	return false;
}

/* The items of a sequence or mapping whose start event was just read,
 * up to its end event. */
static int
parse_children(struct hd_ynode *n, struct yparse *y, int depth)
{
	yaml_event_type_t end = n->type == HD_Y_SEQ ? YAML_SEQUENCE_END_EVENT :
	    YAML_MAPPING_END_EVENT;
	int r;

	for (;;) {
		yaml_event_t ev;
		struct hd_ynode *kid = NULL;

		if ((r = next(y, &ev)) < 0)
			return r;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return HD_OK;
		}
		if (n->type == HD_Y_MAP && n->nkids % 2 == 0 &&
		    ev.type != YAML_SCALAR_EVENT) {
			r = error_at(y, ev.start_mark, "a mapping key must be a "
			    "plain string");
			yaml_event_delete(&ev);
			return r;
		}
		r = parse_node(&kid, y, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (r < 0)
			return r;
		if (n->type == HD_Y_MAP && n->nkids % 2 == 0 &&
		    has_key(n, kid->text)) {
			r = hd_error_set(HD_EPARSE, "%s:%u:%u: key \"%s\" given twice",
			    y->origin, kid->line, kid->col, kid->text);
			hd_ynode_free(kid);
			return r;
		}
		add_kid(n, kid);
	}
}

/* The node that starts with event ev (already read; the caller deletes
 * it). */
static int
parse_node(struct hd_ynode **out, struct yparse *y, yaml_event_t *ev,
    int depth)
{
	struct hd_ynode *n;
	int r;

	*out = NULL;
	if (depth > HD_YAML_MAX_DEPTH)
		return error_at(y, ev->start_mark, "nested too deep");
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return error_at(y, ev->start_mark, "aliases (*name) are not "
		    "allowed in profiles");
	case YAML_SCALAR_EVENT:
		n = node_new(HD_Y_SCALAR, ev);
		n->text = hd_xstrndup((const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		if (strlen(n->text) != ev->data.scalar.length) {
			hd_ynode_free(n);
			return error_at(y, ev->start_mark, "a NUL character in a "
			    "string");
		}
		/* Quoted or tagged !!str: a string whatever it looks like. */
		n->kind = ev->data.scalar.plain_implicit && ev->data.scalar.style ==
		    YAML_PLAIN_SCALAR_STYLE ? hd_yaml_resolve(n->text) : HD_YS_STRING;
		*out = n;
		return HD_OK;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		n = node_new(ev->type == YAML_SEQUENCE_START_EVENT ? HD_Y_SEQ :
		    HD_Y_MAP, ev);
		if ((r = parse_children(n, y, depth)) < 0) {
			hd_ynode_free(n);
			return r;
		}
		*out = n;
		return HD_OK;
	default:
		return error_at(y, ev->start_mark, "unexpected YAML event");
	}
}

/* Read the next event and require type t. */
static int
expect(struct yparse *y, yaml_event_type_t t, const char *what)
{
	yaml_event_t ev;
	int r;

	if ((r = next(y, &ev)) < 0)
		return r;
	if (ev.type != t)
		r = error_at(y, ev.start_mark, what);
	yaml_event_delete(&ev);
	return r;
}

int
hd_yaml_parse(struct hd_ynode **out, const char *data, size_t len,
    const char *origin)
{
	struct yparse y = { .origin = origin };
	struct hd_ynode *root = NULL;
	yaml_event_t ev;
	int r;

	*out = NULL;
	if (memchr(data, '\0', len) != NULL) {
		size_t off = (size_t)((const char *)memchr(data, '\0', len) - data);
		size_t line = 1, col = 1;

		for (size_t i = 0; i < off; i++, col++)
			if (data[i] == '\n') {
				line++;
				col = 0;
			}
		return hd_error_set(HD_EPARSE, "%s:%zu:%zu: a NUL byte", origin,
		    line, col);
	}
	if (!yaml_parser_initialize(&y.parser))
		abort();
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)data, len);
	if ((r = expect(&y, YAML_STREAM_START_EVENT, "not a YAML stream")) < 0 ||
	    (r = next(&y, &ev)) < 0)
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		/* Nothing at all: a null document. */
		yaml_event_delete(&ev);
		root = hd_xcalloc(1, sizeof(*root));
		root->line = root->col = 1;
		root->text = hd_xstrdup("");
		root->kind = HD_YS_NULL;
		goto done;
	}
	if (ev.type != YAML_DOCUMENT_START_EVENT) {
		r = error_at(&y, ev.start_mark, "not a YAML document");
		yaml_event_delete(&ev);
		goto out;
	}
	yaml_event_delete(&ev);
	if ((r = next(&y, &ev)) < 0)
		goto out;
	r = parse_node(&root, &y, &ev, 0);
	yaml_event_delete(&ev);
	if (r < 0 ||
	    (r = expect(&y, YAML_DOCUMENT_END_EVENT, "unexpected content")) < 0 ||
	    (r = expect(&y, YAML_STREAM_END_EVENT, "a profile is one YAML "
	    "document, not several")) < 0)
		goto out;
done:
	*out = root;
	root = NULL;
	r = HD_OK;
out:
	hd_ynode_free(root);
	yaml_parser_delete(&y.parser);
	return r;
}

void
hd_ynode_free(struct hd_ynode *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		hd_ynode_free(n->kids[i]);
	free(n->kids);
	free(n->text);
	free(n);
}

const struct hd_ynode *
hd_ymap_get(const struct hd_ynode *m, const char *key)
{
	if (m == NULL || m->type != HD_Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->nkids; i += 2)
		if (strcmp(m->kids[i]->text, key) == 0)
			return m->kids[i + 1];
	return NULL;
}

const char *
hd_ynode_what(const struct hd_ynode *n)
{
	static const char *const kinds[] = { "a string", "null", "a boolean",
		"a number", "a number" };

	if (n->type == HD_Y_SEQ)
		return "a list";
	if (n->type == HD_Y_MAP)
		return "a mapping";
	return kinds[n->kind];
}
