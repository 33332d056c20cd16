/* Fuzz the escapers every report writes tenant text through (terminal,
 * markup, CSV, Prometheus; src/report/escape.c) against properties
 * checked here, independently of escape.c's own classification:
 *
 *   - every output is valid UTF-8 (RFC 3629) with no C0 control (markup
 *     keeps tab, newline and carriage return), no DEL, no C1 control and
 *     no bidi control or line/paragraph separator;
 *   - the terminal form reads back to the input exactly (\\ is a
 *     backslash, \xNN a byte, \u20NN that character), and so does a CSV
 *     field once unquoted (its quotes doubled, its formula guard ');
 *   - markup holds no raw < > " ' and no & but the five entities;
 *   - a Prometheus label value holds no raw newline or unescaped quote,
 *     and no backslash but \\ \" \n;
 *   - hd_fputs_term_n(s, max) writes a prefix of hd_fputs_term(s).
 *
 * A property that fails aborts, which libFuzzer reports as a crash. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/report.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

/* What one escaper wrote for s; *n its length. */
static char *
run(void (*fn)(FILE *, const char *), const char *s, size_t *n)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, n);

	if (m == NULL)
		abort();
	fn(m, s);
	if (fclose(m) != 0)
		abort();
	return buf;
}

/* Length of the UTF-8 sequence at p[0..n), 0 when invalid (RFC 3629's
 * table of well-formed byte sequences). */
static size_t
seq_len(const unsigned char *p, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t k;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		k = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		k = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		k = 4;
	else
		return 0;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (n < k || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return k;
}

/* The safety property every format shares (ws: tab, newline and carriage
 * return allowed, as markup keeps them). */
static void
check_safe(const char *out, size_t n, bool ws)
{
	const unsigned char *p = (const unsigned char *)out;

	for (size_t i = 0; i < n;) {
		size_t k = seq_len(p + i, n - i);

		if (k == 0)
			abort(); /* not UTF-8 */
		if (k == 1 && (p[i] == 0x7f || (p[i] < 0x20 &&
		    !(ws && (p[i] == '\t' || p[i] == '\n' || p[i] == '\r')))))
			abort(); /* C0 or DEL */
		if (k == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0)
			abort(); /* C1 */
		if (k == 3 && p[i] == 0xe2 && ((p[i + 1] == 0x80 &&
		    (p[i + 2] == 0x8e || p[i + 2] == 0x8f ||
		    (p[i + 2] >= 0xa8 && p[i + 2] <= 0xae))) ||
		    (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)))
			abort(); /* bidi control or separator */
		i += k;
	}
}

/* The value of one hex digit, or -1. */
static int
hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read terminal-escaped out[0..n) back into the bytes it stands for;
 * aborts on an escape the terminal form does not write. */
static char *
term_decode(const char *out, size_t n, size_t *dn)
{
	char *d = malloc(n + 1);
	size_t j = 0;

	if (d == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (out[i] != '\\') {
			d[j++] = out[i];
			continue;
		}
		if (i + 1 < n && out[i + 1] == '\\') {
			d[j++] = '\\';
			i++;
		} else if (i + 3 < n && out[i + 1] == 'x' && hex(out[i + 2]) >= 0 &&
		    hex(out[i + 3]) >= 0) {
			d[j++] = (char)(hex(out[i + 2]) << 4 | hex(out[i + 3]));
			i += 3;
		} else if (i + 5 < n && out[i + 1] == 'u' && out[i + 2] == '2' &&
		    out[i + 3] == '0' && hex(out[i + 4]) >= 0 && hex(out[i + 5]) >= 0) {
			unsigned cp = 0x2000u | (unsigned)(hex(out[i + 4]) << 4 |
			    hex(out[i + 5]));

			d[j++] = (char)(0xe0 | (cp >> 12));
			d[j++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			d[j++] = (char)(0x80 | (cp & 0x3f));
			i += 5;
		} else {
			abort(); /* a lone backslash: the form is ambiguous */
		}
	}
	*dn = j;
	return d;
}

/* The terminal form reads back to s (n bytes, no NUL). */
static void
check_round_trip(const char *out, size_t on, const char *s, size_t n)
{
	size_t dn;
	char *d = term_decode(out, on, &dn);

	if (dn != n || memcmp(d, s, n) != 0)
		abort();
	free(d);
}

/* A CSV field: quoted, quotes doubled inside, the formula guard after
 * the opening quote exactly when s starts with = + - @ tab or CR, and
 * the rest the terminal form of s. */
static void
check_csv(const char *out, size_t on, const char *s, size_t n)
{
	bool guard = n > 0 && strchr("=+-@\t\r", s[0]) != NULL;
	size_t start = guard ? 2 : 1, j = 0;
	char *inner;

	if (on < 2 || out[0] != '"' || out[on - 1] != '"' ||
	    (guard && (on < 3 || out[1] != '\'')))
		abort();
	inner = malloc(on);
	if (inner == NULL)
		abort();
	for (size_t i = start; i + 1 < on; i++) {
		if (out[i] == '"') {
			if (i + 2 >= on || out[i + 1] != '"')
				abort(); /* a lone quote ends the field early */
			i++;
		}
		inner[j++] = out[i];
	}
	check_round_trip(inner, j, s, n);
	free(inner);
}

/* Markup: no raw < > " ', and & only as one of the five entities. */
static void
check_xml(const char *out, size_t on)
{
	static const char *const ent[] = { "&amp;", "&lt;", "&gt;", "&quot;",
	    "&#39;" };

	for (size_t i = 0; i < on; i++) {
		bool ok = false;

		if (strchr("<>\"'", out[i]) != NULL && out[i] != '\0')
			abort();
		if (out[i] != '&')
			continue;
		for (size_t k = 0; k < sizeof(ent) / sizeof(ent[0]); k++)
			if (on - i >= strlen(ent[k]) &&
			    memcmp(out + i, ent[k], strlen(ent[k])) == 0)
				ok = true;
		if (!ok)
			abort();
	}
}

/* A Prometheus label value: no raw newline or quote, and a backslash
 * only in \\ \" \n (the exposition format's three escapes). */
static void
check_prom(const char *out, size_t on)
{
	for (size_t i = 0; i < on; i++) {
		if (out[i] == '\n' || out[i] == '"')
			abort();
		if (out[i] != '\\')
			continue;
		if (i + 1 >= on || strchr("\\\"n", out[i + 1]) == NULL ||
		    out[i + 1] == '\0')
			abort();
		i++;
	}
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	char *s = malloc(len + 1), *full, *part, *out;
	size_t n, fn, pn, on;
	FILE *m;

	if (s == NULL)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	n = strlen(s); /* the escapers stop at a NUL, as C strings do */

	full = run(hd_fputs_term, s, &fn);
	check_safe(full, fn, false);
	check_round_trip(full, fn, s, n);

	/* A cap taken from the first byte: a prefix of the whole. */
	part = NULL;
	if ((m = open_memstream(&part, &pn)) == NULL)
		abort();
	hd_fputs_term_n(m, s, len > 0 ? data[0] % 64 : 0);
	if (fclose(m) != 0 || pn > fn || memcmp(part, full, pn) != 0)
		abort();
	free(part);
	free(full);

	out = run(hd_fputs_csv, s, &on);
	check_safe(out, on, false);
	check_csv(out, on, s, n);
	free(out);

	out = run(hd_fputs_xml, s, &on);
	check_safe(out, on, true);
	check_xml(out, on);
	free(out);

	out = run(hd_fputs_prom, s, &on);
	check_safe(out, on, false);
	check_prom(out, on);
	free(out);

	free(s);
	return 0;
}
