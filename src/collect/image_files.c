/* Which files of a layer the image checks need, and what their content
 * shows: secret-bearing files (only ever redacted, through the detectors
 * of checks/secret_detect.h), package databases (counted), package
 * manager settings that disable verification, /etc/passwd. Pure: a path
 * and a buffer in, records out. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <hardock/common.h>
#include <hardock/jsonparse.h>

#include "collect/image_int.h"
#include "secret_detect.h"

/* Longest setting line shown as evidence, in bytes. */
#define SETTING_MAX 400
/* Secrets named, and settings recorded, per file: enough to judge; a
 * file of a million secret lines must cost a pass over it, not a million
 * findings (and their de-duplication). */
#define FOUND_MAX 64

/* The binary rpm databases: their format is not read. */
static const char *const rpmdbs[] = {
	"var/lib/rpm/Packages", "var/lib/rpm/Packages.db",
	"var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/Packages.db",
	"usr/lib/sysimage/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/Packages",
	NULL,
};

/* Plain-text package lists (one package a line), rpm-based distroless
 * images (CBL-Mariner, Azure Linux). */
static const char *const rpm_lists[] = {
	"var/lib/rpmmanifest/container-manifest-2",
	"var/lib/rpmmanifest/container-manifest-1",
	NULL,
};

/* Secret-bearing files by their last name, and the kind each reports. */
struct named {
	const char *name;
	const char *kind;
};

static const struct named secret_names[] = {
	{ "id_rsa", "private key" }, { "id_dsa", "private key" },
	{ "id_ecdsa", "private key" }, { "id_ed25519", "private key" },
	{ "id_ecdsa_sk", "private key" }, { "id_ed25519_sk", "private key" },
	{ ".npmrc", "npm token" }, { ".pypirc", "PyPI password" },
	{ ".git-credentials", "git credentials" },
	{ ".env", "environment file" }, { "kubeconfig", "kubeconfig credentials" },
	{ ".bash_history", "shell history" }, { ".zsh_history", "shell history" },
	{ ".ash_history", "shell history" }, { ".sh_history", "shell history" },
	{ ".ksh_history", "shell history" }, { ".history", "shell history" },
	{ "fish_history", "shell history" }, { ".mysql_history", "shell history" },
	{ ".psql_history", "shell history" },
	{ ".python_history", "shell history" },
};

/* Secret-bearing files by the end of their path. */
static const struct named secret_tails[] = {
	{ ".aws/credentials", "AWS credentials" },
	{ ".docker/config.json", "registry auth" },
	{ ".kube/config", "kubeconfig credentials" },
	{ "etc/kubernetes/admin.conf", "kubeconfig credentials" },
};

/* Private key files by suffix; reported only with a PEM private key. */
static const char *const key_suffixes[] = { ".pem", ".key", ".p8", NULL };

/* Whether s ends with t. */
static bool
ends_with(const char *s, const char *t)
{
	size_t n = strlen(s), m = strlen(t);

	return n >= m && strcmp(s + n - m, t) == 0;
}

/* Whether path is t or ends with "/" t. */
static bool
tail_is(const char *path, const char *t)
{
	size_t n = strlen(path), m = strlen(t);

	return strcmp(path, t) == 0 ||
	    (n > m && path[n - m - 1] == '/' && strcmp(path + n - m, t) == 0);
}

/* Whether path is directly in dir (no '/' after "dir/"). */
static bool
in_dir(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && path[n] == '/' && path[n + 1] != '\0' &&
	    strchr(path + n + 1, '/') == NULL;
}

/* The last component of path. */
static const char *
base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/* The kind of secret-bearing file path is, or NULL. */
static const char *
secret_kind(const char *path)
{
	const char *b = base_name(path);

	for (size_t i = 0; i < sizeof(secret_tails) / sizeof(*secret_tails); i++)
		if (tail_is(path, secret_tails[i].name))
			return secret_tails[i].kind;
	for (size_t i = 0; i < sizeof(secret_names) / sizeof(*secret_names); i++)
		if (strcmp(b, secret_names[i].name) == 0)
			return secret_names[i].kind;
	if (strncmp(b, ".env.", 5) == 0 || (ends_with(b, ".env") && b[0] != '.'))
		return "environment file";
	if (ends_with(b, ".kubeconfig"))
		return "kubeconfig credentials";
	for (size_t i = 0; key_suffixes[i] != NULL; i++)
		if (ends_with(b, key_suffixes[i]))
			return "private key";
	return NULL;
}

bool
img_files_rpmdb(const char *path)
{
	for (size_t i = 0; rpmdbs[i] != NULL; i++)
		if (strcmp(path, rpmdbs[i]) == 0)
			return true;
	return false;
}

enum img_want
img_files_want(const char *path)
{
	if (strcmp(path, "etc/passwd") == 0)
		return IMG_WANT_PASSWD;
	if (strcmp(path, "var/lib/dpkg/status") == 0 ||
	    strcmp(path, "lib/apk/db/installed") == 0 || img_files_rpmdb(path))
		return IMG_WANT_PACKAGES;
	for (size_t i = 0; rpm_lists[i] != NULL; i++)
		if (strcmp(path, rpm_lists[i]) == 0)
			return IMG_WANT_PACKAGES;
	if (strcmp(path, "etc/apt/apt.conf") == 0 ||
	    in_dir(path, "etc/apt/apt.conf.d") ||
	    strcmp(path, "etc/apt/sources.list") == 0 ||
	    (in_dir(path, "etc/apt/sources.list.d") &&
	    (ends_with(path, ".list") || ends_with(path, ".sources"))) ||
	    strcmp(path, "etc/yum.conf") == 0 ||
	    strcmp(path, "etc/dnf/dnf.conf") == 0 ||
	    (in_dir(path, "etc/yum.repos.d") && ends_with(path, ".repo")))
		return IMG_WANT_PKGCONF;
	if (secret_kind(path) != NULL)
		return IMG_WANT_SECRET;
	return IMG_WANT_NONE;
}

/* One line of a buffer: [s, s + n), without its newline. */
struct line {
	const char *s;
	size_t n;
	size_t no; /* 1-based */
};

/* The next line of data[*off..len) into *l; false at the end. */
static bool
next_line(struct line *l, const char *data, size_t len, size_t *off)
{
	const char *nl;

	if (*off >= len)
		return false;
	l->s = data + *off;
	nl = memchr(l->s, '\n', len - *off);
	l->n = nl ? (size_t)(nl - l->s) : len - *off;
	*off += l->n + (nl != NULL);
	if (l->n > 0 && l->s[l->n - 1] == '\r')
		l->n--;
	l->no++;
	return true;
}

/* Skip blanks from s[*i]. */
static void
blanks(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
}

/* A "key SEP value" line (SEP '=' or ':'), blanks and quotes around them
 * dropped, "export " and "- " dropped: key and value as NUL-terminated
 * copies; false when the line is not one. */
static bool
key_value(const struct line *l, char **key, char **val)
{
	size_t i = 0, k0, k1, v0, v1;

	blanks(l->s, l->n, &i);
	if (i + 2 <= l->n && l->s[i] == '-' && l->s[i + 1] == ' ')
		i += 2;
	if (i + 7 <= l->n && strncmp(l->s + i, "export ", 7) == 0)
		i += 7;
	blanks(l->s, l->n, &i);
	if (i >= l->n || l->s[i] == '#' || l->s[i] == ';')
		return false;
	k0 = i;
	while (i < l->n && l->s[i] != '=' && l->s[i] != ':' && l->s[i] != ' ' &&
	    l->s[i] != '\t')
		i++;
	/* npm keys hold ':' themselves: //registry/:_authToken=... */
	if (i < l->n && l->s[i] == ':' && memchr(l->s + i, '=', l->n - i) != NULL &&
	    l->s[k0] == '/') {
		while (i < l->n && l->s[i] != '=')
			i++;
	}
	k1 = i;
	blanks(l->s, l->n, &i);
	if (k1 == k0 || i >= l->n || (l->s[i] != '=' && l->s[i] != ':'))
		return false;
	i++;
	blanks(l->s, l->n, &i);
	v0 = i;
	v1 = l->n;
	while (v1 > v0 && (l->s[v1 - 1] == ' ' || l->s[v1 - 1] == '\t'))
		v1--;
	if (v1 - v0 >= 2 && (l->s[v0] == '"' || l->s[v0] == '\'') &&
	    l->s[v1 - 1] == l->s[v0]) {
		v0++;
		v1--;
	}
	*key = hd_xstrndup(l->s + k0, k1 - k0);
	*val = hd_xstrndup(l->s + v0, v1 - v0);
	return true;
}

/* Keys that hold a credential in these files although no secret-like
 * word is in their name. */
static const char *const cred_keys[] = {
	"_auth", "_authToken", "_password", "client-key-data", "id-token",
	"refresh-token", "auth", NULL,
};

/* Whether key (or its last ':'-part, npm's //host/:_authToken) is one of
 * cred_keys. */
static bool
cred_key(const char *key)
{
	const char *k = strrchr(key, ':');

	k = k ? k + 1 : key;
	for (size_t i = 0; cred_keys[i] != NULL; i++)
		if (strcmp(k, cred_keys[i]) == 0)
			return true;
	return false;
}

/* Add one secret found under name to found (once per name). */
static void
found_add(struct hd_secrets *found, const char *name, const char *why)
{
	struct hd_secret *s;

	for (size_t i = 0; i < found->n; i++)
		if (strcmp(found->v[i].name, name) == 0)
			return;
	found->v = hd_xrealloc(found->v, found->n + 1, sizeof(*found->v));
	s = &found->v[found->n++];
	s->name = hd_xstrdup(name);
	s->redacted = hd_secret_redact(name, 0);
	s->why = why;
}

/* Scan "key = value" lines: secret-like names, credential keys, and key
 * formats in values; a value that only references the environment
 * (${NPM_TOKEN}) is not a secret. */
static void
scan_kv(struct hd_secrets *found, const char *data, size_t len)
{
	struct line l = { 0 };
	size_t off = 0;
	char *k, *v;

	while (found->n < FOUND_MAX && next_line(&l, data, len, &off)) {
		if (!key_value(&l, &k, &v))
			continue;
		if (*v != '\0' && strncmp(v, "${", 2) != 0) {
			if (cred_key(k)) {
				found_add(found, k, "a credential setting");
			} else {
				char *entry = hd_xasprintf("%s=%s", k, v);

				hd_secret_scan_env(found, entry);
				free(entry);
			}
		}
		free(k);
		free(v);
	}
}

/* Scan each line as free text (shell history, git credentials). */
static void
scan_text_lines(struct hd_secrets *found, const char *data, size_t len)
{
	struct line l = { 0 };
	size_t off = 0;

	while (found->n < FOUND_MAX && next_line(&l, data, len, &off)) {
		char *t = hd_xstrndup(l.s, l.n);

		hd_secret_scan_text(found, t);
		free(t);
	}
}

/* A PEM private key anywhere in data. */
static void
scan_pem(struct hd_secrets *found, const char *data, size_t len)
{
	const char *p = data;
	size_t off, mlen, left = len;
	const char *name;

	while (left > 0 && (name = hd_secret_format(p, left, &off, &mlen)) != NULL) {
		if (mlen > 0 && p[off] == '-') {
			found_add(found, name, "a PEM private key block");
			return;
		}
		p += off + (mlen ? mlen : 1);
		left = len - (size_t)(p - data);
	}
}

/* Registry credentials of a docker client config: auths.*.auth,
 * identitytoken, registrytoken, password. */
static void
scan_docker_config(struct hd_secrets *found, const char *data, size_t len)
{
	static const char *const keys[] = { "auth", "identitytoken",
		"registrytoken", "password", NULL };
	json_object *o = NULL, *auths;

	if (hd_json_parse(&o, data, len) < 0)
		return;
	if (json_object_object_get_ex(o, "auths", &auths) &&
	    json_object_is_type(auths, json_type_object)) {
		json_object_object_foreach(auths, reg, a) {
			json_object *v;

			if (found->n >= FOUND_MAX)
				break;
			if (!json_object_is_type(a, json_type_object))
				continue;
			for (size_t i = 0; keys[i] != NULL; i++) {
				char *name;

				if (!json_object_object_get_ex(a, keys[i], &v) ||
				    !json_object_is_type(v, json_type_string) ||
				    json_object_get_string_len(v) == 0)
					continue;
				name = hd_xasprintf("auths.%.200s.%s", reg, keys[i]);
				found_add(found, name, "registry credentials");
				free(name);
			}
		}
	}
	json_object_put(o);
}

/* The secret record of path, when it holds one (a shell history always
 * counts: it records what was typed in the build). */
static void
classify_secret(struct img_rec **recs, size_t *n, const char *path,
    const char *data, size_t len, bool truncated)
{
	const char *kind = secret_kind(path);
	struct hd_secrets found = { 0 };
	json_object *o, *arr;

	if (strcmp(kind, "private key") == 0)
		scan_pem(&found, data, len);
	else if (strcmp(kind, "registry auth") == 0)
		scan_docker_config(&found, data, len);
	else if (strcmp(kind, "shell history") == 0 ||
	    strcmp(kind, "git credentials") == 0)
		scan_text_lines(&found, data, len);
	else
		scan_kv(&found, data, len);
	if (found.n == 0 && strcmp(kind, "shell history") != 0) {
		hd_secrets_clear(&found);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "kind", json_object_new_string(kind));
	arr = json_object_new_array();
	for (size_t i = 0; i < found.n; i++)
		json_object_array_add(arr, hd_secret_json(&found.v[i]));
	json_object_object_add(o, "found", arr);
	if (truncated)
		json_object_object_add(o, "truncated", json_object_new_boolean(1));
	hd_secrets_clear(&found);
	img_rec_add(recs, n, path, IMG_REC_SECRET, o);
}

/* Whether the line starts (after blanks) with word, case-insensitively;
 * then *rest points after it. */
static bool
starts_word(const struct line *l, const char *word, size_t *rest)
{
	size_t i = 0, m = strlen(word);

	blanks(l->s, l->n, &i);
	if (l->n - i < m || strncasecmp(l->s + i, word, m) != 0)
		return false;
	*rest = i + m;
	return true;
}

/* Whether a setting's value text (quotes, ';' allowed) says true. */
static bool
truthy(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '"' || s[i] == '=' ||
	    s[i] == '\''))
		i++;
	return (n - i >= 4 && strncasecmp(s + i, "true", 4) == 0) ||
	    (n - i >= 3 && strncasecmp(s + i, "yes", 3) == 0) ||
	    (n - i >= 2 && strncasecmp(s + i, "on", 2) == 0) ||
	    (n - i >= 1 && s[i] == '1');
}

/* Add a package_config record for line l. */
static void
add_setting(struct img_rec **recs, size_t *n, const char *path,
    const struct line *l, const char *why)
{
	json_object *o = json_object_new_object();
	char *t = hd_xstrndup(l->s, l->n > SETTING_MAX ? SETTING_MAX : l->n);
	char *scrubbed = hd_secret_scrub(t);

	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "line", json_object_new_int64((int64_t)l->no));
	json_object_object_add(o, "setting", json_object_new_string(scrubbed));
	json_object_object_add(o, "why", json_object_new_string(why));
	free(scrubbed);
	free(t);
	img_rec_add(recs, n, path, IMG_REC_PKGCONF, o);
}

/* APT options that turn verification off, in apt.conf's flat syntax. */
static const char *const apt_opts[] = {
	"APT::Get::AllowUnauthenticated", "Acquire::AllowInsecureRepositories",
	"Acquire::AllowDowngradeToInsecureRepositories", NULL,
};

/* The line of data holding offset off, 1-based number no. */
static struct line
line_at(const char *data, size_t len, size_t off, size_t no)
{
	struct line l;
	size_t b = off, e = off;

	while (b > 0 && data[b - 1] != '\n')
		b--;
	while (e < len && data[e] != '\n')
		e++;
	l.s = data + b;
	l.n = e - b;
	l.no = no;
	return l;
}

/* Record key = value of apt.conf when key is one of apt_opts and value
 * is true. */
static void
apt_value(struct img_rec **recs, size_t *n, const char *path,
    const char *key, const char *v, size_t vn, const struct line *l)
{
	for (size_t i = 0; apt_opts[i] != NULL; i++) {
		char *why;

		if (strcasecmp(key, apt_opts[i]) != 0 || !truthy(v, vn))
			continue;
		why = hd_xasprintf("%s true", apt_opts[i]);
		add_setting(recs, n, path, l, why);
		free(why);
	}
}

/* apt.conf's syntax: "A::B::C value;" and the nested "A { B { C value;
 * }; };" with // # and C comments, so that neither form hides an option. */
static void
apt_conf(struct img_rec **recs, size_t *n, const char *path,
    const char *data, size_t len)
{
	char scope[1024] = "", *pending = NULL;
	size_t depth_len[32], depth = 0, over = 0, i = 0, no = 1, n0 = *n;

	while (i < len && *n - n0 < FOUND_MAX) {
		char c = data[i];

		if (c == '\n') {
			no++;
			i++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\0') {
			i++;
		} else if (c == '#' || (c == '/' && i + 1 < len && data[i + 1] == '/')) {
			while (i < len && data[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < len && data[i + 1] == '*') {
			for (i += 2; i < len && !(data[i] == '*' && i + 1 < len &&
			    data[i + 1] == '/'); i++)
				no += data[i] == '\n';
			i += 2;
		} else if (c == '{') {
			size_t sl = strlen(scope);

			if (depth < 32 && pending != NULL &&
			    sl + strlen(pending) + 3 < sizeof(scope)) {
				depth_len[depth++] = sl;
				snprintf(scope + sl, sizeof(scope) - sl, "%s%s",
				    sl ? "::" : "", pending);
			} else if (depth < 32) {
				depth_len[depth++] = sl;
			} else {
				/* Too deep to name: count it, so '}' pops the right one. */
				over++;
			}
			free(pending);
			pending = NULL;
			i++;
		} else if (c == '}') {
			if (over > 0)
				over--;
			else if (depth > 0)
				scope[depth_len[--depth]] = '\0';
			free(pending);
			pending = NULL;
			i++;
		} else if (c == ';') {
			free(pending);
			pending = NULL;
			i++;
		} else {
			/* A word, or a quoted value. */
			size_t b = i, e;
			bool quoted = c == '"';

			if (quoted) {
				for (e = ++b; e < len && data[e] != '"' && data[e] != '\n'; e++)
					;
			} else {
				/* strchr() would match the NUL byte too: look at it first. */
				for (e = b; e < len && data[e] != '\0' &&
				    !strchr(" \t\r\n{};\"", data[e]); e++)
					;
			}
			if (pending == NULL && !quoted) {
				pending = hd_xstrndup(data + b, e - b);
			} else if (pending != NULL) {
				struct line l = line_at(data, len, b, no);
				char *key = *scope ? hd_xasprintf("%s::%s", scope, pending) :
				    hd_xstrdup(pending);

				apt_value(recs, n, path, key, data + b, e - b, &l);
				free(key);
				free(pending);
				pending = NULL;
			}
			/* Always forward, whatever the byte. */
			i = e > i ? e + (quoted && e < len && data[e] == '"') : i + 1;
		}
	}
	free(pending);
}

/* Package manager settings that disable verification. */
static void
classify_pkgconf(struct img_rec **recs, size_t *n, const char *path,
    const char *data, size_t len)
{
	bool apt = strncmp(path, "etc/apt/apt.conf", 16) == 0;
	bool list = !apt && strncmp(path, "etc/apt/", 8) == 0 &&
	    !ends_with(path, ".sources");
	bool deb822 = strncmp(path, "etc/apt/", 8) == 0 && ends_with(path, ".sources");
	struct line l = { 0 };
	size_t off = 0, rest, n0 = *n;

	if (apt) {
		apt_conf(recs, n, path, data, len);
		return;
	}
	while (*n - n0 < FOUND_MAX && next_line(&l, data, len, &off)) {
		if (list) {
			size_t i = 0;
			const char *ob, *cb;

			if (!starts_word(&l, "deb", &i) || (ob = memchr(l.s, '[', l.n)) == NULL ||
			    (cb = memchr(ob, ']', l.n - (size_t)(ob - l.s))) == NULL)
				continue;
			if (memmem(ob, (size_t)(cb - ob), "trusted=yes", 11) != NULL)
				add_setting(recs, n, path, &l, "[trusted=yes] source");
		} else if (deb822) {
			if (starts_word(&l, "Trusted:", &rest) &&
			    truthy(l.s + rest, l.n - rest))
				add_setting(recs, n, path, &l, "Trusted: yes source");
		} else {
			size_t i = 0;

			blanks(l.s, l.n, &i);
			if (starts_word(&l, "gpgcheck", &rest)) {
				blanks(l.s, l.n, &rest);
				if (rest < l.n && l.s[rest] == '=') {
					rest++;
					blanks(l.s, l.n, &rest);
					if (rest < l.n && (l.s[rest] == '0' ||
					    strncasecmp(l.s + rest, "false", 5) == 0 ||
					    strncasecmp(l.s + rest, "no", 2) == 0 ||
					    strncasecmp(l.s + rest, "off", 3) == 0))
						add_setting(recs, n, path, &l, "gpgcheck=0");
				}
			}
		}
	}
}

/* Count a package database: dpkg stanzas installed, apk P: records, rpm
 * list lines; a binary rpm database is not read. */
static void
classify_packages(struct img_rec **recs, size_t *n, const char *path,
    const char *data, size_t len, bool truncated)
{
	json_object *o = json_object_new_object();
	const char *mgr = strncmp(path, "var/lib/dpkg", 12) == 0 ? "dpkg" :
	    strncmp(path, "lib/apk", 7) == 0 ? "apk" : "rpm";
	struct line l = { 0 };
	size_t off = 0, count = 0, rest;
	char *err = NULL;

	if (img_files_rpmdb(path))
		err = hd_xasprintf("binary rpm database (%s) not read", path);
	else if (truncated)
		err = hd_xasprintf("%s is larger than the capture cap (max_json, "
		    "%zu bytes): not counted", path, len);
	while (err == NULL && next_line(&l, data, len, &off)) {
		if (strcmp(mgr, "dpkg") == 0)
			count += starts_word(&l, "Status: install ok installed", &rest) &&
			    rest == l.n;
		else if (strcmp(mgr, "apk") == 0)
			count += l.n >= 2 && l.s[0] == 'P' && l.s[1] == ':';
		else
			count += l.n > 0;
	}
	json_object_object_add(o, "manager", json_object_new_string(mgr));
	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "count",
	    err ? NULL : json_object_new_int64((int64_t)count));
	json_object_object_add(o, "error", err ? json_object_new_string(err) : NULL);
	free(err);
	img_rec_add(recs, n, path, IMG_REC_PACKAGES, o);
}

/* The users of /etc/passwd: name, uid, gid of each well-formed line. */
static void
classify_passwd(struct img_rec **recs, size_t *n, const char *path,
    const char *data, size_t len)
{
	json_object *o = json_object_new_object(), *users = json_object_new_array();
	struct line l = { 0 };
	size_t off = 0;

	while (next_line(&l, data, len, &off)) {
		char *t = hd_xstrndup(l.s, l.n), *f[4], *p = t, *e1, *e2;
		long uid, gid;
		int k;

		for (k = 0; k < 4 && p != NULL; k++) {
			f[k] = p;
			if ((p = strchr(p, ':')) != NULL)
				*p++ = '\0';
		}
		if (k == 4 && *f[0] != '\0') {
			uid = strtol(f[2], &e1, 10);
			gid = strtol(f[3], &e2, 10);
			if (e1 != f[2] && *e1 == '\0' && e2 != f[3] && *e2 == '\0' &&
			    uid >= 0 && gid >= 0) {
				json_object *u = json_object_new_object();

				json_object_object_add(u, "name", json_object_new_string(f[0]));
				json_object_object_add(u, "uid", json_object_new_int64(uid));
				json_object_object_add(u, "gid", json_object_new_int64(gid));
				json_object_array_add(users, u);
			}
		}
		free(t);
	}
	json_object_object_add(o, "users", users);
	img_rec_add(recs, n, path, IMG_REC_PASSWD, o);
}

void
img_files_classify(struct img_rec **recs, size_t *n, const char *path,
    enum img_want want, const char *data, size_t len, bool truncated)
{
	switch (want) {
	case IMG_WANT_SECRET:
		classify_secret(recs, n, path, data, len, truncated);
		break;
	case IMG_WANT_PKGCONF:
		classify_pkgconf(recs, n, path, data, len);
		break;
	case IMG_WANT_PACKAGES:
		classify_packages(recs, n, path, data, len, truncated);
		break;
	case IMG_WANT_PASSWD:
		classify_passwd(recs, n, path, data, len);
		break;
	case IMG_WANT_NONE:
		break;
	}
}
