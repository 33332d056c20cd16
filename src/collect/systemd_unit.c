/*
 * systemd unit files and drop-ins, read with systemd's rules for the
 * settings that shape dockerd: ExecStart=, Environment=, EnvironmentFile=
 * ([Service]) and ListenStream=, SocketMode=, SocketUser=, SocketGroup=
 * ([Socket]). A line ending in an odd number of backslashes continues on
 * the next (the backslash becomes a space, comment lines inside are
 * skipped); an empty assignment resets a list setting; each file applied
 * later overrides or extends what came before, as drop-ins do. Lines
 * systemd would ignore (no '=', unknown keys, other sections) are ignored.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "collect/daemon.h"

void
hd_unit_init(struct hd_unit *u)
{
	u->spec = NULL;
	u->dropins = json_object_new_array();
	u->exec = json_object_new_array();
	u->env = json_object_new_object();
	u->envfiles = json_object_new_array();
	u->listen = json_object_new_array();
	u->socket = json_object_new_object();
}

void
hd_unit_clear(struct hd_unit *u)
{
	if (u == NULL)
		return;
	json_object_put(u->dropins);
	json_object_put(u->exec);
	json_object_put(u->env);
	json_object_put(u->envfiles);
	json_object_put(u->listen);
	json_object_put(u->socket);
	memset(u, 0, sizeof(*u));
}

/* The character a C-style escape \c stands for (systemd's cunescape). */
static char
unescape(char c)
{
	switch (c) {
	case 'a': return '\a';
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'v': return '\v';
	case 's': return ' ';
	default: return c;
	}
}

int
hd_unit_split(json_object **out, const char *s)
{
	struct hd_buf *w = hd_buf_new(strlen(s) + 1);
	json_object *arr = json_object_new_array();
	int r = HD_OK;

	*out = NULL;
	for (;;) {
		char q = 0;

		while (*s && isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		hd_buf_reset(w);
		while (*s && (q || !isspace((unsigned char)*s))) {
			char c = *s++;

			if (c == '\\' && *s) {
				c = unescape(*s++);
			} else if (q == 0 && (c == '"' || c == '\'')) {
				q = c;
				continue;
			} else if (q != 0 && c == q) {
				q = 0;
				continue;
			}
			/* Cannot pass the cap: the word is shorter than s. */
			(void)hd_buf_append(w, &c, 1);
		}
		if (q != 0) {
			r = hd_error_set(HD_EPARSE, "unterminated %s quote",
			    q == '"' ? "double" : "single");
			goto out;
		}
		json_object_array_add(arr, json_object_new_string_len(hd_buf_ptr(w),
		    (int)hd_buf_len(w)));
	}
	*out = arr;
	arr = NULL;
out:
	json_object_put(arr);
	hd_buf_free(w);
	return r;
}

/* A {"value", "source"} pair. */
static json_object *
sourced(const char *value, const char *source)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "value", json_object_new_string(value));
	json_object_object_add(o, "source", json_object_new_string(source));
	return o;
}

/* Environment=NAME=VALUE ...: quoted assignments, later ones win. */
static void
set_environment(struct hd_unit *u, const char *value, const char *src)
{
	json_object *words;

	if (*value == '\0') {
		json_object_put(u->env);
		u->env = json_object_new_object();
		return;
	}
	if (hd_unit_split(&words, value) < 0)
		return; /* systemd ignores the whole line */
	for (size_t i = 0; i < json_object_array_length(words); i++) {
		const char *w = json_object_get_string(json_object_array_get_idx(words, i));
		const char *eq = strchr(w, '=');
		json_object *ent;
		char *name;

		if (eq == NULL || eq == w)
			continue;
		name = hd_xstrndup(w, (size_t)(eq - w));
		ent = sourced(eq + 1, src);
		json_object_object_add(ent, "origin", json_object_new_string("unit"));
		json_object_object_add(u->env, name, ent);
		free(name);
	}
	json_object_put(words);
}

/* Reset *list to empty (an empty assignment). */
static void
reset(json_object **list)
{
	json_object_put(*list);
	*list = json_object_new_array();
}

char *
hd_unit_expand(const char *s, const struct hd_unit_spec *spec)
{
	struct hd_buf *b;
	char *out;

	if (spec == NULL || strchr(s, '%') == NULL)
		return hd_xstrdup(s);
	b = hd_buf_new(strlen(s) * 4 + 4096);
	for (const char *p = s; *p; p++) {
		const char *v = NULL;

		if (*p == '%' && p[1] != '\0') {
			switch (p[1]) {
			case 'h': v = spec->home; break;
			case 'u': v = spec->user; break;
			case 'U': v = spec->uid; break;
			case 'G': v = spec->gid; break;
			case 't': v = spec->runtime_dir; break;
			case '%': v = "%"; break;
			default: break;
			}
		}
		if (v != NULL) {
			(void)hd_buf_append(b, v, strlen(v));
			p++;
		} else {
			(void)hd_buf_append(b, p, 1);
		}
	}
	out = hd_xstrndup(hd_buf_ptr(b), hd_buf_len(b));
	hd_buf_free(b);
	return out;
}

/* One "Key=value" of section sect, specifiers expanded (systemd expands
 * them in every setting hardock reads). */
static void assign_expanded(struct hd_unit *u, const char *sect,
    const char *key, const char *value, const char *src);

static void
assign(struct hd_unit *u, const char *sect, const char *key, const char *value,
    const char *src)
{
	char *v = hd_unit_expand(value, u->spec);

	assign_expanded(u, sect, key, v, src);
	free(v);
}

/* assign() once the value is expanded. */
static void
assign_expanded(struct hd_unit *u, const char *sect, const char *key,
    const char *value, const char *src)
{
	if (strcmp(sect, "Service") == 0) {
		if (strcmp(key, "ExecStart") == 0) {
			size_t n = strspn(value, "-@:+!");
			json_object *e;

			if (*value == '\0') {
				reset(&u->exec);
				return;
			}
			e = sourced(value + n, src);
			json_object_object_add(e, "prefix", json_object_new_string_len(value,
			    (int)n));
			json_object_array_add(u->exec, e);
		} else if (strcmp(key, "Environment") == 0) {
			set_environment(u, value, src);
		} else if (strcmp(key, "EnvironmentFile") == 0) {
			json_object *e;

			if (*value == '\0') {
				reset(&u->envfiles);
				return;
			}
			e = json_object_new_object();
			json_object_object_add(e, "path", json_object_new_string(value +
			    (*value == '-')));
			json_object_object_add(e, "optional", json_object_new_boolean(*value == '-'));
			json_object_object_add(e, "source", json_object_new_string(src));
			json_object_array_add(u->envfiles, e);
		}
	} else if (strcmp(sect, "Socket") == 0) {
		static const struct {
			const char *key, *field;
		} scalars[] = {
			{ "SocketMode", "socket_mode" },
			{ "SocketUser", "socket_user" },
			{ "SocketGroup", "socket_group" },
		};

		if (strcmp(key, "ListenStream") == 0) {
			if (*value == '\0')
				reset(&u->listen);
			else
				json_object_array_add(u->listen, sourced(value, src));
			return;
		}
		for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++) {
			if (strcmp(key, scalars[i].key) != 0)
				continue;
			if (*value == '\0')
				json_object_object_del(u->socket, scalars[i].field);
			else
				json_object_object_add(u->socket, scalars[i].field,
				    sourced(value, src));
		}
	}
}

/* Trim leading and trailing whitespace of s in place. */
static char *
trim(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Process one logical line (continuations joined) that began at lineno. */
static void
logical_line(struct hd_unit *u, char *line, char **sect, const char *path,
    size_t lineno)
{
	char *l = trim(line), *eq, *src;

	if (*l == '\0' || *l == '#' || *l == ';')
		return;
	if (*l == '[') {
		char *close = strchr(l, ']');

		free(*sect);
		*sect = hd_xstrndup(l + 1, close ? (size_t)(close - l - 1) : 0);
		return;
	}
	if ((eq = strchr(l, '=')) == NULL)
		return;
	*eq = '\0';
	src = hd_xasprintf("%s:%zu", path, lineno);
	assign(u, *sect, trim(l), trim(eq + 1), src);
	free(src);
}

/* Process the logical line gathered in b and empty b. */
static void
flush(struct hd_unit *u, struct hd_buf *b, char **sect, const char *path,
    size_t lineno)
{
	char *line = hd_xstrndup(hd_buf_ptr(b), hd_buf_len(b));

	logical_line(u, line, sect, path, lineno);
	free(line);
	hd_buf_reset(b);
}

/* Whether the line (len bytes) ends in an unescaped backslash. */
static bool
continues(const char *line, size_t len)
{
	size_t n = 0;

	while (len > 0 && isspace((unsigned char)line[len - 1]))
		len--;
	while (n < len && line[len - 1 - n] == '\\')
		n++;
	return n % 2 == 1;
}

int
hd_unit_apply(struct hd_unit *u, const char *data, size_t len,
    const char *path)
{
	struct hd_buf *logical = hd_buf_new(len + 1);
	const char *p = data, *end = data + len;
	char *sect = hd_xstrdup("");
	size_t lineno = 0, start = 0;
	bool cont = false;

	if (memchr(data, '\0', len) != NULL) {
		hd_buf_free(logical);
		free(sect);
		return hd_error_set(HD_EPARSE, "%s: NUL byte in a unit file", path);
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *t = p;

		lineno++;
		while (t < p + n && isspace((unsigned char)*t))
			t++;
		/* Comment lines inside a continuation are dropped. */
		if (cont && t < p + n && (*t == '#' || *t == ';')) {
			p += n + (nl != NULL);
			continue;
		}
		if (!cont)
			start = lineno;
		if (continues(p, n)) {
			size_t k = n;

			while (k > 0 && isspace((unsigned char)p[k - 1]))
				k--;
			(void)hd_buf_append(logical, p, k - 1);
			(void)hd_buf_append(logical, " ", 1);
			cont = true;
		} else {
			(void)hd_buf_append(logical, p, n);
			flush(u, logical, &sect, path, start);
			cont = false;
		}
		p += n + (nl != NULL);
	}
	if (cont)
		flush(u, logical, &sect, path, start);
	hd_buf_free(logical);
	free(sect);
	return HD_OK;
}

/* Replace ${NAME} and $$ inside word as systemd does; *whole is set to the
 * variable's entry when the word is exactly one ${NAME}. */
static char *
replace_braced(const char *word, json_object *env, json_object **whole)
{
	struct hd_buf *b = hd_buf_new(HD_BUF_CAP_CONFIG);
	const char *p = word;
	char *res;

	*whole = NULL;
	while (*p) {
		const char *close;

		if (p[0] == '$' && p[1] == '$') {
			(void)hd_buf_append(b, "$", 1);
			p += 2;
		} else if (p[0] == '$' && p[1] == '{' && (close = strchr(p + 2, '}'))) {
			char *name = hd_xstrndup(p + 2, (size_t)(close - p - 2));
			json_object *ent, *v;

			if (json_object_object_get_ex(env, name, &ent) &&
			    json_object_object_get_ex(ent, "value", &v)) {
				(void)hd_buf_append(b, json_object_get_string(v),
				    (size_t)json_object_get_string_len(v));
				if (p == word && close[1] == '\0')
					*whole = ent;
			}
			free(name);
			p = close + 1;
		} else {
			(void)hd_buf_append(b, p, 1);
			p++;
		}
	}
	res = hd_xstrndup(hd_buf_ptr(b), hd_buf_len(b));
	hd_buf_free(b);
	return res;
}

/* A string member of an object, "" when missing. */
static const char *
member(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

int
hd_unit_exec_argv(struct hd_argv *out, const struct hd_unit *u,
    json_object *env)
{
	json_object *cmd, *words;
	const char *src;
	size_t i = 0;
	int r;

	if (json_object_array_length(u->exec) == 0)
		return hd_error_set(HD_ENOTFOUND, "the unit has no ExecStart=");
	cmd = json_object_array_get_idx(u->exec, 0);
	src = member(cmd, "source");
	if ((r = hd_unit_split(&words, member(cmd, "value"))) < 0)
		return hd_error_wrap(r, src);
	/* With '@' the first word is the binary and the second its argv[0]. */
	if (strchr(member(cmd, "prefix"), '@') != NULL)
		i = 1;
	for (; i < json_object_array_length(words); i++) {
		const char *w = json_object_get_string(json_object_array_get_idx(words, i));
		json_object *ent, *split;

		if (w[0] == '$' && w[1] != '{' && w[1] != '$' && w[1] != '\0') {
			/* "$VAR" alone: the value split into words, none if unset. */
			if (!json_object_object_get_ex(env, w + 1, &ent))
				continue;
			if (hd_unit_split(&split, member(ent, "value")) < 0)
				continue;
			for (size_t k = 0; k < json_object_array_length(split); k++)
				hd_argv_push(out, json_object_get_string(
				    json_object_array_get_idx(split, k)), member(ent, "source"),
				    member(ent, "origin"));
			json_object_put(split);
		} else {
			char *x = replace_braced(w, env, &ent);

			if (ent != NULL)
				hd_argv_push(out, x, member(ent, "source"), member(ent, "origin"));
			else
				hd_argv_push(out, x, src, "unit");
			free(x);
		}
	}
	json_object_put(words);
	return HD_OK;
}
