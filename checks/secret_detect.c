/* Secret detection over strings: names that look like secrets and
 * well-known key formats. Pure; every value found leaves only redacted. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <hardock/common.h>

#include "secret_detect.h"

/* A secret-like word and the reason reported for it. */
struct name_kw {
	const char *word;
	const char *why;
};

static const struct name_kw name_kws[] = {
	{ "PASSWORD", "name contains PASSWORD" },
	{ "PASSWD", "name contains PASSWD" },
	{ "PASSPHRASE", "name contains PASSPHRASE" },
	{ "SECRET", "name contains SECRET" },
	{ "TOKEN", "name contains TOKEN" },
	{ "APIKEY", "name contains API_KEY" },
	{ "PRIVATEKEY", "name contains PRIVATE_KEY" },
	{ "CREDENTIAL", "name contains CREDENTIAL" },
};

/* Last name parts that make a secret-like name describe the secret rather
 * than hold it: DB_PASSWORD_FILE=/run/secrets/db is the right way. */
static const char *const name_exempt_last[] = {
	"FILE", "FILES", "PATH", "DIR", "LENGTH", "LEN", "TTL", "TIMEOUT",
	"EXPIRY", "TYPE", "NAME", "URL", "ENDPOINT",
};

/* Values that cannot be a secret: flags and references to elsewhere. */
static const char *const benign_values[] = {
	"true", "false", "yes", "no", "on", "off", "null", "none",
};

/* A key format: how it starts, what follows, and how much of it. */
struct key_format {
	const char *prefix;
	const char *charset; /* characters allowed after the prefix */
	size_t min;          /* at least this many of them */
	size_t max;          /* at most (0: unbounded) */
	const char *name;
	const char *why;
};

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define UPNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

static const struct key_format formats[] = {
	{ "AKIA", UPNUM, 16, 16, "AWS access key id",
	  "value is an AWS access key id" },
	{ "ASIA", UPNUM, 16, 16, "AWS access key id",
	  "value is an AWS access key id" },
	{ "ghp_", ALNUM, 36, 0, "GitHub token", "value is a GitHub token" },
	{ "gho_", ALNUM, 36, 0, "GitHub token", "value is a GitHub token" },
	{ "ghu_", ALNUM, 36, 0, "GitHub token", "value is a GitHub token" },
	{ "ghs_", ALNUM, 36, 0, "GitHub token", "value is a GitHub token" },
	{ "ghr_", ALNUM, 36, 0, "GitHub token", "value is a GitHub token" },
	{ "github_pat_", ALNUM "_", 22, 0, "GitHub token",
	  "value is a GitHub token" },
	{ "glpat-", ALNUM "_-", 20, 0, "GitLab token", "value is a GitLab token" },
	{ "xoxa-", ALNUM "-", 10, 0, "Slack token", "value is a Slack token" },
	{ "xoxb-", ALNUM "-", 10, 0, "Slack token", "value is a Slack token" },
	{ "xoxp-", ALNUM "-", 10, 0, "Slack token", "value is a Slack token" },
	{ "xoxo-", ALNUM "-", 10, 0, "Slack token", "value is a Slack token" },
	{ "xoxr-", ALNUM "-", 10, 0, "Slack token", "value is a Slack token" },
	{ "xoxs-", ALNUM "-", 10, 0, "Slack token", "value is a Slack token" },
	{ "sk_live_", ALNUM, 16, 0, "Stripe secret key",
	  "value is a Stripe secret key" },
	{ "rk_live_", ALNUM, 16, 0, "Stripe secret key",
	  "value is a Stripe secret key" },
	{ "AIza", ALNUM "_-", 35, 35, "Google API key",
	  "value is a Google API key" },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PEM_NAME "PEM private key"
#define PEM_WHY "value holds a PEM private key"
#define URL_NAME "password in a URL"
#define URL_WHY "value is a URL with a password"

/* Whether part (n bytes, upper case) holds word as a secret-like name:
 * the word, its plural, ending in it (DBPASSWORD), or WORD+KEY. */
static bool
part_matches(const char *part, size_t n, const char *word)
{
	size_t w = strlen(word);

	if (n < w)
		return false;
	if (memcmp(part + n - w, word, w) == 0)
		return true;
	if (memcmp(part, word, w) != 0)
		return false;
	return (n == w + 1 && part[w] == 'S') ||
	    (n == w + 3 && memcmp(part + w, "KEY", 3) == 0);
}

/* The keyword a name matches, NULL when none. */
static const struct name_kw *
name_match(const char *name, size_t len)
{
	char up[256];
	size_t start[32], plen[32], np = 0, i = 0;

	if (len == 0 || len >= sizeof(up))
		return NULL;
	for (size_t k = 0; k < len; k++)
		up[k] = (char)toupper((unsigned char)name[k]);
	/* Split on separators: a part is a run of letters and digits. */
	while (i < len && np < NELEM(start)) {
		while (i < len && !isalnum((unsigned char)up[i]))
			i++;
		if (i == len)
			break;
		start[np] = i;
		while (i < len && isalnum((unsigned char)up[i]))
			i++;
		plen[np] = i - start[np];
		np++;
	}
	if (np == 0)
		return NULL;
	for (size_t e = 0; e < NELEM(name_exempt_last); e++)
		if (plen[np - 1] == strlen(name_exempt_last[e]) &&
		    memcmp(up + start[np - 1], name_exempt_last[e],
		    plen[np - 1]) == 0)
			return NULL;
	for (size_t p = 0; p < np; p++) {
		char pair[256];
		size_t pn = plen[p];

		memcpy(pair, up + start[p], plen[p]);
		if (p + 1 < np) {
			memcpy(pair + pn, up + start[p + 1], plen[p + 1]);
			pn += plen[p + 1];
		}
		for (size_t k = 0; k < NELEM(name_kws); k++) {
			/* API_KEY and PRIVATE_KEY span two parts. */
			if (part_matches(up + start[p], plen[p], name_kws[k].word) ||
			    (p + 1 < np && part_matches(pair, pn, name_kws[k].word)))
				return &name_kws[k];
		}
	}
	return NULL;
}

const char *
hd_secret_name_word(const char *name, size_t len)
{
	const struct name_kw *kw = name_match(name, len);

	return kw ? kw->word : NULL;
}

/* Whether a value cannot hold a secret (empty, a flag, a reference). */
static bool
benign_value(const char *v, size_t len)
{
	if (len == 0 || v[0] == '$')
		return true;
	if (len >= 13 && strncmp(v, "/run/secrets/", 13) == 0)
		return true;
	for (size_t i = 0; i < NELEM(benign_values); i++)
		if (strlen(benign_values[i]) == len &&
		    strncasecmp(v, benign_values[i], len) == 0)
			return true;
	return false;
}

/* Length of a key of format k at s (len bytes available), 0 if none. */
static size_t
format_at(const struct key_format *k, const char *s, size_t len)
{
	size_t p = strlen(k->prefix), n = 0;

	if (len < p || memcmp(s, k->prefix, p) != 0)
		return 0;
	while (p + n < len && strchr(k->charset, s[p + n]) != NULL &&
	    s[p + n] != '\0')
		n++;
	if (n < k->min || (k->max != 0 && n > k->max))
		return 0;
	return p + n;
}

/* Length of a PEM private key block starting at s, 0 if none: through its
 * END line when present, else to the end of the text. */
static size_t
pem_at(const char *s, size_t len)
{
	static const char begin[] = "-----BEGIN ", tail[] = "PRIVATE KEY-----";
	size_t i = sizeof(begin) - 1, tl = sizeof(tail) - 1;
	const char *end, *close;

	if (len < i || memcmp(s, begin, i) != 0)
		return 0;
	/* The label is "[ALGO ]PRIVATE KEY": upper-case words and spaces. */
	while (i < len && i < 64 && len - i >= tl && memcmp(s + i, tail, tl) != 0 &&
	    (isupper((unsigned char)s[i]) || s[i] == ' '))
		i++;
	if (len - i < tl || memcmp(s + i, tail, tl) != 0)
		return 0;
	i += tl;
	if ((end = memmem(s + i, len - i, "-----END ", 9)) != NULL &&
	    (close = memmem(end + 9, len - (size_t)(end + 9 - s), "-----", 5)) != NULL)
		return (size_t)(close + 5 - s);
	return len;
}

/* The password of a URL whose "://" is at s[0]: its offset from s and
 * length in *off and *n; false when there is none. */
static bool
url_password_at(const char *s, size_t len, size_t *off, size_t *n)
{
	size_t i = 3, colon = 0;

	if (len < 3 || memcmp(s, "://", 3) != 0)
		return false;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '/' || c == '\0' || isspace(c) || c == '"' || c == '\'')
			return false;
		if (c == ':' && colon == 0)
			colon = i;
		if (c == '@')
			break;
	}
	if (i == len || colon == 0 || i - colon < 2)
		return false;
	*off = colon + 1;
	*n = i - colon - 1;
	return true;
}

/* Whether position i of s starts a word (no letter or digit before). */
static bool
word_start(const char *s, size_t i)
{
	return i == 0 || !isalnum((unsigned char)s[i - 1]);
}

/* Find the first key format in s: name and why, span in *off and *mlen. */
static const char *
format_find(const char *s, size_t len, size_t *off, size_t *mlen,
    const char **why)
{
	for (size_t i = 0; i < len; i++) {
		size_t n, o;

		if (s[i] == ':' && url_password_at(s + i, len - i, &o, &n)) {
			*off = i + o;
			*mlen = n;
			*why = URL_WHY;
			return URL_NAME;
		}
		if (s[i] == '-' && (n = pem_at(s + i, len - i)) > 0) {
			*off = i;
			*mlen = n;
			*why = PEM_WHY;
			return PEM_NAME;
		}
		if (!word_start(s, i))
			continue;
		for (size_t k = 0; k < NELEM(formats); k++) {
			if ((n = format_at(&formats[k], s + i, len - i)) == 0)
				continue;
			/* A key glued to more letters is another word. */
			if (i + n < len && isalnum((unsigned char)s[i + n]))
				continue;
			*off = i;
			*mlen = n;
			*why = formats[k].why;
			return formats[k].name;
		}
	}
	return NULL;
}

const char *
hd_secret_format(const char *s, size_t len, size_t *off, size_t *mlen)
{
	const char *why;

	return format_find(s, len, off, mlen, &why);
}

char *
hd_secret_redact(const char *v, size_t len)
{
	/* Neither its first characters nor its length: both narrow a search
	 * (a known prefix, a PIN's four digits) and a report travels far. */
	(void)v;
	(void)len;
	return hd_xstrdup(HD_SECRET_REDACTED);
}

/* Append one secret to out. */
static void
add(struct hd_secrets *out, const char *name, size_t nlen, const char *val,
    size_t vlen, const char *why)
{
	struct hd_secret *s;

	/* One finding per name is enough; the same ENV shows in many layers. */
	for (size_t i = 0; i < out->n; i++)
		if (strlen(out->v[i].name) == nlen &&
		    memcmp(out->v[i].name, name, nlen) == 0)
			return;
	out->v = hd_xrealloc(out->v, out->n + 1, sizeof(*out->v));
	s = &out->v[out->n++];
	s->name = hd_xstrndup(name, nlen);
	s->redacted = hd_secret_redact(val, vlen);
	s->why = why;
}

/* Why a NAME=VALUE pair is a secret, NULL when it is not. */
static const char *
pair_why(const char *name, size_t nlen, const char *val, size_t vlen)
{
	const struct name_kw *kw = name_match(name, nlen);
	size_t off, mlen;
	const char *why;

	if (kw != NULL && !benign_value(val, vlen))
		return kw->why;
	if (format_find(val, vlen, &off, &mlen, &why) != NULL)
		return why;
	return NULL;
}

void
hd_secret_scan_env(struct hd_secrets *out, const char *entry)
{
	const char *eq = strchr(entry, '=');
	const char *why;

	if (eq == NULL || eq == entry)
		return;
	if ((why = pair_why(entry, (size_t)(eq - entry), eq + 1,
	    strlen(eq + 1))) != NULL)
		add(out, entry, (size_t)(eq - entry), eq + 1, strlen(eq + 1), why);
}

/* A secret's place in a text: the name and the value. */
struct span {
	size_t name_off, name_len, val_off, val_len;
	const char *why;
	const char *fmt; /* the format's name when found by format alone */
};

struct spans {
	struct span *v;
	size_t n;
};

/* Append a span. */
static void
span_add(struct spans *sp, const struct span *s)
{
	sp->v = hd_xrealloc(sp->v, sp->n + 1, sizeof(*sp->v));
	sp->v[sp->n++] = *s;
}

/* Whether c ends an unquoted shell word. */
static bool
word_end(char c)
{
	return c == '\0' || isspace((unsigned char)c) || strchr(";|&)`'\"", c);
}

/* Parse an assignment NAME=VALUE or --name=VALUE at t[i]; on success set
 * the span and return the offset after it, else return 0. */
static size_t
assignment_at(const char *t, size_t len, size_t i, struct span *sp)
{
	size_t j = i, name, v, vend;

	while (j < len && j - i < 2 && t[j] == '-')
		j++;
	name = j;
	if (j >= len || !(isalpha((unsigned char)t[j]) || t[j] == '_'))
		return 0;
	while (j < len && (isalnum((unsigned char)t[j]) || t[j] == '_' ||
	    t[j] == '.' || t[j] == '-'))
		j++;
	if (j >= len || t[j] != '=')
		return 0;
	v = j + 1;
	if (v < len && (t[v] == '"' || t[v] == '\'')) {
		const char *q = memchr(t + v + 1, t[v], len - v - 1);

		vend = q ? (size_t)(q - t) : len;
		sp->val_off = v + 1;
		sp->val_len = vend - v - 1;
		vend = q ? vend + 1 : len;
	} else {
		for (vend = v; vend < len && !word_end(t[vend]); vend++)
			;
		sp->val_off = v;
		sp->val_len = vend - v;
	}
	sp->name_off = name;
	sp->name_len = j - name;
	return vend > i ? vend : i + 1;
}

/* Order spans by where their value starts. */
static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->val_off < y->val_off ? -1 : x->val_off > y->val_off;
}

/* Every secret in text, as spans sorted by offset, never overlapping. */
static void
find_spans(struct spans *out, const char *t, size_t len)
{
	size_t i = 0, nassign;

	/* Assignments first: they give secrets their names. */
	while (i < len) {
		struct span sp;
		size_t next;

		/* A name starts a word, or follows a scope or URL part:
		 * .npmrc's "//registry/:_authToken=", "?access_token=". */
		if ((i == 0 || word_end(t[i - 1]) || strchr("(:?", t[i - 1])) &&
		    (next = assignment_at(t, len, i, &sp)) > 0) {
			sp.why = pair_why(t + sp.name_off, sp.name_len,
			    t + sp.val_off, sp.val_len);
			sp.fmt = NULL;
			if (sp.why != NULL)
				span_add(out, &sp);
			i = next;
			continue;
		}
		i++;
	}
	/* Then key formats outside them, named by their format. */
	nassign = out->n;
	for (i = 0; i < len;) {
		size_t off, mlen;
		const char *why, *name = format_find(t + i, len - i, &off,
		    &mlen, &why);
		bool inside = false;

		if (name == NULL)
			break;
		off += i;
		for (size_t k = 0; k < nassign && !inside; k++)
			inside = off < out->v[k].val_off + out->v[k].val_len &&
			    off + mlen > out->v[k].val_off;
		if (!inside) {
			struct span sp = { 0, 0, off, mlen, why, name };

			span_add(out, &sp);
		}
		i = off + (mlen > 0 ? mlen : 1);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), span_cmp);
}

void
hd_secret_scan_text(struct hd_secrets *out, const char *text)
{
	struct spans sp = { NULL, 0 };
	size_t len = strlen(text);

	find_spans(&sp, text, len);
	for (size_t i = 0; i < sp.n; i++) {
		const struct span *s = &sp.v[i];

		if (s->fmt == NULL)
			add(out, text + s->name_off, s->name_len,
			    text + s->val_off, s->val_len, s->why);
		else
			add(out, s->fmt, strlen(s->fmt), text + s->val_off,
			    s->val_len, s->why);
	}
	free(sp.v);
}

char *
hd_secret_scrub(const char *text)
{
	struct spans sp = { NULL, 0 };
	size_t len = strlen(text), at = 0, olen = 0;
	char *out;

	find_spans(&sp, text, len);
	/* A redaction is at most 2 + 3 + 27 bytes longer than its value. */
	out = hd_xmalloc(len + 1 + sp.n * 48);
	for (size_t i = 0; i < sp.n; i++) {
		char *r = hd_secret_redact(text + sp.v[i].val_off,
		    sp.v[i].val_len);
		size_t rl = strlen(r);

		memcpy(out + olen, text + at, sp.v[i].val_off - at);
		olen += sp.v[i].val_off - at;
		memcpy(out + olen, r, rl);
		olen += rl;
		at = sp.v[i].val_off + sp.v[i].val_len;
		free(r);
	}
	memcpy(out + olen, text + at, len - at);
	olen += len - at;
	out[olen] = '\0';
	free(sp.v);
	return out;
}

json_object *
hd_secret_json(const struct hd_secret *s)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(s->name));
	json_object_object_add(o, "value", json_object_new_string(s->redacted));
	json_object_object_add(o, "reason", json_object_new_string(s->why));
	return o;
}

void
hd_secrets_clear(struct hd_secrets *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].redacted);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
