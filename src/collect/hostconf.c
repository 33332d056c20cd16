/* Parsers of host configuration files beyond the daemon's (hostconf.h). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/common.h>

#include "collect/daemon.h"
#include "collect/hostconf.h"

/* A buffer read line by line; each line is copied NUL-terminated. */
struct lines {
	const char *p, *end;
	int no;
	char *line;
};

/* The next line into it->line (previous one freed); false at the end. */
static bool
next_line(struct lines *it)
{
	const char *nl;

	free(it->line);
	it->line = NULL;
	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	it->line = hd_xstrndup(it->p, (size_t)((nl ? nl : it->end) - it->p));
	it->p = nl ? nl + 1 : it->end;
	it->no++;
	return true;
}

/* s without leading and trailing blanks (in place). */
static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Whether a trimmed line is a comment or empty ('#', and ';' in INI). */
static bool
comment(const char *s, bool ini)
{
	return *s == '\0' || *s == '#' || (ini && *s == ';');
}

/* "PATH:LINE". */
static json_object *
where(const char *path, int line)
{
	char *s = hd_xasprintf("%s:%d", path, line);
	json_object *o = json_object_new_string(s);

	free(s);
	return o;
}

/* Call fn for every "key=value" of section in an INI buffer. */
typedef void (*ini_fn)(const char *value, int line, void *arg);

static void
ini_each(const char *data, size_t len, const char *section, const char *key,
    ini_fn fn, void *arg)
{
	struct lines it = { data, data + len, 0, NULL };
	bool in = false;
	size_t klen = strlen(key);

	while (next_line(&it)) {
		char *s = trim(it.line), *v;

		if (comment(s, true))
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');

			in = close != NULL && (size_t)(close - s - 1) == strlen(section) &&
			    strncmp(s + 1, section, strlen(section)) == 0;
			continue;
		}
		if (!in || strncmp(s, key, klen) != 0)
			continue;
		v = trim(s + klen);
		if (*v != '=')
			continue;
		fn(trim(v + 1), it.no, arg);
	}
	free(it.line);
}

/* The last value seen by ini_each. */
struct last {
	char *value;
	int line;
};

static void
keep_last(const char *value, int line, void *arg)
{
	struct last *l = arg;

	free(l->value);
	l->value = hd_xstrdup(value);
	l->line = line;
}

int
hd_ini_get(char **value, int *line, const char *data, size_t len,
    const char *section, const char *key)
{
	struct last l = { NULL, 0 };

	ini_each(data, len, section, key, keep_last, &l);
	*value = l.value;
	*line = l.line;
	return l.value != NULL;
}

/* Whether s holds word w as a token (not inside a longer name). */
static bool
has_token(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strstr(s, w); p != NULL; p = strstr(p + 1, w)) {
		bool before = p == s || !(isalnum((unsigned char)p[-1]) ||
		    p[-1] == '_');
		bool after = !(isalnum((unsigned char)p[n]) || p[n] == '_');

		if (before && after)
			return true;
	}
	return false;
}

/* Whether an rsyslog line sends messages to another host. */
static bool
rsyslog_remote(const char *s)
{
	const char *action;

	/* RainerScript: action(type="omfwd" ...), spaces allowed. */
	if (strstr(s, "type") != NULL && (has_token(s, "omfwd") ||
	    has_token(s, "omrelp")) && strstr(s, "load") == NULL)
		return true;
	/* Legacy: SELECTOR <blanks> ACTION, ACTION "@host", "@@host",
	 * ":omfwd:..." or ":omrelp:...". */
	if (*s == '$' || strchr(s, '(') != NULL)
		return false;
	action = s + strcspn(s, " \t");
	while (*action == ' ' || *action == '\t')
		action++;
	return action[0] == '@' || strncmp(action, ":omfwd:", 7) == 0 ||
	    strncmp(action, ":omrelp:", 8) == 0;
}

/* Whether a syslog-ng line uses a driver that sends to another host. */
static bool
syslog_ng_remote(const char *s)
{
	static const char *const drivers[] = { "network", "tcp", "udp", "tcp6",
		"udp6", "syslog" };

	for (size_t i = 0; i < sizeof(drivers) / sizeof(*drivers); i++) {
		const char *p = strstr(s, drivers[i]);
		size_t n = strlen(drivers[i]);

		for (; p != NULL; p = strstr(p + 1, drivers[i])) {
			const char *q = p + n;

			if (p != s && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
				continue;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '(')
				return true;
		}
	}
	return false;
}

void
hd_syslog_forwarding(json_object *out, int *imjournal, const char *data,
    size_t len, const char *path, bool syslog_ng)
{
	struct lines it = { data, data + len, 0, NULL };
	bool in_dest = false;

	while (next_line(&it)) {
		char *s = trim(it.line);
		bool remote;

		if (comment(s, false))
			continue;
		if (syslog_ng) {
			/* A destination block runs to its closing "};". */
			if (strncmp(s, "destination", 11) == 0 &&
			    (s[11] == ' ' || s[11] == '\t'))
				in_dest = true;
			remote = in_dest && syslog_ng_remote(s);
			if (strstr(s, "};") != NULL)
				in_dest = false;
		} else {
			if (has_token(s, "imjournal") && (strstr(s, "ModLoad") ||
			    strstr(s, "module")))
				*imjournal = it.no;
			remote = rsyslog_remote(s);
		}
		if (remote && json_object_array_length(out) < HD_HOSTCONF_MAX) {
			json_object *r = json_object_new_object();

			json_object_object_add(r, "rule", json_object_new_string(s));
			json_object_object_add(r, "source", where(path, it.no));
			json_object_array_add(out, r);
		}
	}
	free(it.line);
}

/* Append one assignment found. */
static void
add_setting(json_object *out, const char *value, size_t n, const char *path,
    int line, const char *scope, bool exported)
{
	json_object *o;

	if (json_object_array_length(out) >= HD_HOSTCONF_MAX)
		return;
	/* One level of matching quotes, as every one of these forms allows. */
	if (n >= 2 && (value[0] == '"' || value[0] == '\'') &&
	    value[n - 1] == value[0]) {
		value++;
		n -= 2;
	}
	o = json_object_new_object();
	json_object_object_add(o, "value", json_object_new_string_len(value,
	    (int)n));
	json_object_object_add(o, "source", where(path, line));
	json_object_object_add(o, "scope", json_object_new_string(scope));
	json_object_object_add(o, "exported", json_object_new_boolean(exported));
	json_object_array_add(out, o);
}

/* The length of a shell word starting at s: up to unquoted blanks, ';',
 * '&' or '|'. */
static size_t
shell_word(const char *s)
{
	size_t i = 0;
	char q = 0;

	for (; s[i]; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
		} else if (s[i] == '\\' && s[i + 1]) {
			i++;
		} else if (isspace((unsigned char)s[i]) || s[i] == ';' ||
		    s[i] == '&' || s[i] == '|') {
			break;
		}
	}
	return i;
}

/* Shell forms on one line: "[export|declare -x|typeset -x|readonly]
 * NAME=V", several words each, and "export NAME" alone (which exports an
 * earlier plain assignment of the same file). */
static void
shell_line(json_object *out, const char *s, const char *path, int line,
    const char *name, const char *scope)
{
	size_t nlen = strlen(name);
	bool exported = false;

	while (*s) {
		size_t w;

		while (isspace((unsigned char)*s) || *s == ';' || *s == '&' ||
		    *s == '|')
			s++;
		if (*s == '#' || *s == '\0')
			break;
		w = shell_word(s);
		if (w == 6 && strncmp(s, "export", 6) == 0) {
			exported = true;
		} else if ((w == 7 && strncmp(s, "declare", 7) == 0) ||
		    (w == 7 && strncmp(s, "typeset", 7) == 0) ||
		    (w == 8 && strncmp(s, "readonly", 8) == 0)) {
			exported = false;
		} else if (w >= 2 && s[0] == '-') {
			/* declare -x, -gx: exported only with x. */
			exported = memchr(s, 'x', w) != NULL;
		} else if (w > nlen && strncmp(s, name, nlen) == 0 && s[nlen] == '=') {
			add_setting(out, s + nlen + 1, w - nlen - 1, path, line, scope,
			    exported);
		} else if (w == nlen && strncmp(s, name, nlen) == 0 && exported) {
			/* "export NAME": the file's earlier assignments are exported. */
			for (size_t i = 0; i < json_object_array_length(out); i++) {
				json_object *o = json_object_array_get_idx(out, i), *src;

				if (json_object_object_get_ex(o, "source", &src) &&
				    strncmp(json_object_get_string(src), path,
				    strlen(path)) == 0 &&
				    json_object_get_string(src)[strlen(path)] == ':')
					json_object_object_add(o, "exported",
					    json_object_new_boolean(true));
			}
		}
		s += w;
	}
}

/* Context of one DefaultEnvironment= line for systemd_value. */
struct sd_env {
	json_object *out;
	const char *path, *name, *scope;
};

/* Split one DefaultEnvironment= value into its NAME=VALUE words. */
static void
systemd_value(const char *value, int line, void *arg)
{
	struct sd_env *e = arg;
	json_object *words = NULL;
	size_t nlen = strlen(e->name);

	if (hd_unit_split(&words, value) < 0)
		return;
	for (size_t i = 0; i < json_object_array_length(words); i++) {
		const char *w = json_object_get_string(
		    json_object_array_get_idx(words, i));

		if (strncmp(w, e->name, nlen) == 0 && w[nlen] == '=')
			add_setting(e->out, w + nlen + 1, strlen(w + nlen + 1), e->path,
			    line, e->scope, true);
	}
	json_object_put(words);
}

void
hd_env_assignments(json_object *out, const char *data, size_t len,
    const char *path, const char *name, enum hd_env_form form,
    const char *scope)
{
	struct lines it = { data, data + len, 0, NULL };
	size_t nlen = strlen(name);

	if (form == HD_ENV_SYSTEMD || form == HD_ENV_UNIT) {
		struct sd_env e = { out, path, name, scope };

		ini_each(data, len, form == HD_ENV_UNIT ? "Service" : "Manager",
		    form == HD_ENV_UNIT ? "Environment" : "DefaultEnvironment",
		    systemd_value, &e);
		return;
	}
	while (next_line(&it)) {
		char *s = trim(it.line);

		if (comment(s, false))
			continue;
		if (form == HD_ENV_SHELL) {
			shell_line(out, s, path, it.no, name, scope);
			continue;
		}
		/* pam_env tolerates a leading "export ". */
		if (strncmp(s, "export ", 7) == 0)
			s = trim(s + 7);
		if (strncmp(s, name, nlen) == 0 && s[nlen] == '=')
			add_setting(out, s + nlen + 1, strlen(s + nlen + 1), path,
			    it.no, scope, true);
	}
	free(it.line);
}

/* A /proc/net/tcp address ("0100007F" or 32 hex digits for IPv6: 32-bit
 * words as the kernel prints them, in host byte order) as text. */
static bool
net_address(char *out, size_t len, const char *hex, bool v6)
{
	unsigned char addr[16];
	size_t words = v6 ? 4 : 1;

	if (strlen(hex) != words * 8)
		return false;
	for (size_t i = 0; i < words; i++) {
		char part[9];
		unsigned int w;

		memcpy(part, hex + 8 * i, 8);
		part[8] = '\0';
		if (sscanf(part, "%8x", &w) != 1)
			return false;
		memcpy(addr + 4 * i, &w, 4);
	}
	return inet_ntop(v6 ? AF_INET6 : AF_INET, addr, out, (socklen_t)len) != NULL;
}

void
hd_proc_net_listen(json_object *out, const char *data, size_t len, bool v6)
{
	struct lines it = { data, data + len, 0, NULL };

	while (next_line(&it)) {
		char local[40], text[INET6_ADDRSTRLEN];
		unsigned int port, state;
		json_object *o;

		/* "  0: 0100007F:0277 00000000:0000 0A ...": LISTEN is 0A. The
		 * widths keep a hostile tree's long numbers defined. */
		if (sscanf(it.line, " %*u: %39[0-9A-Fa-f]:%4x %*[0-9A-Fa-f]:%*x %2x",
		    local, &port, &state) != 3 || state != 0x0A || port > 65535 ||
		    !net_address(text, sizeof(text), local, v6))
			continue;
		if (json_object_array_length(out) >= (size_t)4 * HD_HOSTCONF_MAX)
			break;
		o = json_object_new_object();
		json_object_object_add(o, "proto", json_object_new_string(v6 ?
		    "tcp6" : "tcp"));
		json_object_object_add(o, "address", json_object_new_string(text));
		json_object_object_add(o, "port", json_object_new_int((int)port));
		json_object_array_add(out, o);
	}
	free(it.line);
}
