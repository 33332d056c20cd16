/*
 * Shell-style environment files: /etc/default/docker (sourced by the SysV
 * init script), /etc/sysconfig/docker and systemd's EnvironmentFile=.
 * Only assignments are read (an optional "export " before them); other
 * shell lines are skipped, as they set nothing dockerd sees. Values follow
 * sh: '...' is literal, "..." honours \\ \" \$ \` and $VAR, an unquoted
 * backslash escapes the next character, $VAR and ${VAR} expand to earlier
 * assignments of the same file (unset: empty). Expansion is capped, so a
 * file doubling a variable on every line cannot exhaust memory.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "collect/daemon.h"

struct lexer {
	const char *p, *end;
	size_t line;
	json_object *vars;
	struct hd_buf *val;
};

/* Whether c may appear in a shell variable name. */
static bool
name_char(int c)
{
	return isalnum(c) || c == '_';
}

/* Append one byte to the value being built. */
static int
put(struct lexer *lx, char c)
{
	return hd_buf_append(lx->val, &c, 1);
}

/* Expand $NAME or ${NAME} at lx->p (just past the '$'); a '$' not
 * followed by a name stays literal. */
static int
expand(struct lexer *lx)
{
	const char *name, *stop;
	json_object *v;
	char *key;
	int r = HD_OK;

	if (lx->p < lx->end && *lx->p == '{') {
		name = lx->p + 1;
		for (stop = name; stop < lx->end && name_char((unsigned char)*stop); stop++)
			;
		if (stop == lx->end || *stop != '}' || stop == name)
			return put(lx, '$');
		lx->p = stop + 1;
	} else {
		name = lx->p;
		for (stop = name; stop < lx->end && name_char((unsigned char)*stop); stop++)
			;
		if (stop == name || isdigit((unsigned char)*name))
			return put(lx, '$');
		lx->p = stop;
	}
	key = hd_xstrndup(name, (size_t)(stop - name));
	if (json_object_object_get_ex(lx->vars, key, &v))
		r = hd_buf_append(lx->val, json_object_get_string(v),
		    (size_t)json_object_get_string_len(v));
	free(key);
	return r;
}

/* A quoted or unquoted part of a value until the closing quote; errors
 * name the line where the quote opened. */
static int
quoted(struct lexer *lx, char q)
{
	size_t opened = lx->line;
	int r;

	while (lx->p < lx->end && *lx->p != q) {
		char c = *lx->p++;

		if (c == '\n')
			lx->line++;
		if (q == '"' && c == '\\' && lx->p < lx->end &&
		    strchr("\\\"$`\n", *lx->p) != NULL) {
			c = *lx->p++;
			if (c == '\n') {
				lx->line++;
				continue;
			}
		} else if (q == '"' && c == '$') {
			if ((r = expand(lx)) < 0)
				return r;
			continue;
		}
		if ((r = put(lx, c)) < 0)
			return r;
	}
	if (lx->p == lx->end)
		return hd_error_set(HD_EPARSE, "line %zu: unterminated %s quote",
		    opened, q == '"' ? "double" : "single");
	lx->p++;
	return HD_OK;
}

/* The value after "NAME=", up to unquoted whitespace or end of line. */
static int
value(struct lexer *lx)
{
	int r = HD_OK;

	while (r == HD_OK && lx->p < lx->end && !isspace((unsigned char)*lx->p) &&
	    *lx->p != ';') {
		char c = *lx->p++;

		if (c == '\'' || c == '"') {
			r = quoted(lx, c);
		} else if (c == '$') {
			r = expand(lx);
		} else if (c == '\\' && lx->p < lx->end) {
			c = *lx->p++;
			if (c == '\n')
				lx->line++;
			else
				r = put(lx, c);
		} else {
			r = put(lx, c);
		}
	}
	return r;
}

/* Skip to the start of the next line. */
static void
skip_line(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p != '\n')
		lx->p++;
}

/* Try one assignment at lx->p; a line that is not one is skipped. */
static int
statement(struct lexer *lx)
{
	const char *name = lx->p;
	size_t n;
	char *key;
	int r;

	while (lx->p < lx->end && name_char((unsigned char)*lx->p))
		lx->p++;
	n = (size_t)(lx->p - name);
	if (n == 6 && memcmp(name, "export", 6) == 0 && lx->p < lx->end &&
	    (*lx->p == ' ' || *lx->p == '\t')) {
		while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t'))
			lx->p++;
		return statement(lx);
	}
	if (n == 0 || isdigit((unsigned char)*name) || lx->p == lx->end ||
	    *lx->p != '=') {
		skip_line(lx);
		return HD_OK;
	}
	lx->p++;
	hd_buf_reset(lx->val);
	if ((r = value(lx)) < 0)
		return r;
	key = hd_xstrndup(name, n);
	json_object_object_add(lx->vars, key,
	    json_object_new_string_len(hd_buf_ptr(lx->val), (int)hd_buf_len(lx->val)));
	free(key);
	return HD_OK;
}

int
hd_envfile_parse(json_object **out, const char *data, size_t len)
{
	struct lexer lx = { data, data + len, 1, json_object_new_object(),
		hd_buf_new(HD_BUF_CAP_CONFIG) };
	const char *nul;
	int r = HD_OK;

	*out = NULL;
	if ((nul = memchr(data, '\0', len)) != NULL) {
		size_t line, col;

		hd_text_position(&line, &col, data, len, (size_t)(nul - data));
		r = hd_error_set(HD_EPARSE, "line %zu: NUL byte in an environment file",
		    line);
		goto out;
	}
	while (lx.p < lx.end) {
		char c = *lx.p;

		if (c == '\n') {
			lx.line++;
			lx.p++;
		} else if (isspace((unsigned char)c) || c == ';') {
			lx.p++;
		} else if (c == '#') {
			skip_line(&lx);
		} else if ((r = statement(&lx)) < 0) {
			if (r == HD_ELIMIT)
				hd_error_set(r, "line %zu: value larger than %u bytes",
				    lx.line, HD_BUF_CAP_CONFIG);
			goto out;
		}
	}
	*out = lx.vars;
	lx.vars = NULL;
out:
	json_object_put(lx.vars);
	hd_buf_free(lx.val);
	return r;
}
