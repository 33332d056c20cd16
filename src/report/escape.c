/* Escaping attacker-controlled text for terminals. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/report.h>

/* Length of a valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0 && p[0] >= 0xc2)
		n = 2;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 3;
	else if ((p[0] & 0xf8) == 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, UTF-16 surrogates and code points past U+10FFFF
	 * are not UTF-8 either. */
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return n;
}

/* Whether the 3-byte sequence at p is a bidi control or a line/paragraph
 * separator (U+200E-200F, U+2028-202E, U+2066-2069): they can reorder or
 * split what a reader sees on a line. */
static bool
invisible_format(const unsigned char *p)
{
	if (p[0] != 0xe2)
		return false;
	if (p[1] == 0x80)
		return p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xa8 && p[2] <= 0xae);
	return p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9;
}

/* What to do with the character at p. */
enum esc {
	ESC_KEEP,   /* a printable character of n bytes */
	ESC_BYTES,  /* invalid UTF-8, C0/C1 control or DEL: each byte \xNN */
	ESC_FORMAT, /* a bidi control or separator: \u20NN */
};

/* Classify the character at p (keep_ws: tab, newline and carriage return
 * are kept, as markup allows them); *n is its length in bytes. */
static enum esc
classify(const unsigned char *p, bool keep_ws, size_t *n)
{
	*n = utf8_len(p);
	if (*n == 0) {
		*n = 1;
		return ESC_BYTES;
	}
	if ((*p < 0x20 && !(keep_ws && (*p == '\t' || *p == '\n' ||
	    *p == '\r'))) || *p == 0x7f || (*n == 2 && p[0] == 0xc2 &&
	    p[1] < 0xa0))
		return ESC_BYTES;
	if (*n == 3 && invisible_format(p))
		return ESC_FORMAT;
	return ESC_KEEP;
}

/* Write the escape for a character classified as kind, each escape led
 * by the text lead ("\\" where a lone backslash is itself an escape). */
static void
put_escape(FILE *out, const unsigned char *p, size_t n, enum esc kind,
    const char *lead)
{
	if (kind == ESC_FORMAT) {
		fprintf(out, "%su20%02x", lead,
		    (unsigned)(((p[1] & 0x3f) << 6 | (p[2] & 0x3f)) & 0xff));
		return;
	}
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%sx%02x", lead, p[i]);
}

/* One escaping: which characters are kept as whitespace, what leads an
 * escape, and how the format spells its own special ASCII characters. */
struct escaper {
	bool keep_ws;
	const char *lead;
	const char *(*special)(unsigned char c); /* NULL: written as is */
};

/* Write up to max bytes of s escaped by e. Kept characters are written in
 * runs, one fwrite each: a call per character was a third of the CSV
 * and SARIF reports' cost. */
static void
escape_with(FILE *out, const char *s, size_t max, const struct escaper *e)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *start = p, *run = p;

	while (*p && (size_t)(p - start) < max) {
		const char *sp = *p < 0x80 ? e->special(*p) : NULL;
		size_t n = 1;
		enum esc kind = sp ? ESC_KEEP : classify(p, e->keep_ws, &n);

		if (sp == NULL && kind == ESC_KEEP) {
			p += n;
			continue;
		}
		fwrite(run, 1, (size_t)(p - run), out);
		if (sp != NULL)
			fputs(sp, out);
		else
			put_escape(out, p, n, kind, e->lead);
		p += n;
		run = p;
	}
	fwrite(run, 1, (size_t)(p - run), out);
}

/* A terminal's one special character: the backslash that leads escapes. */
static const char *
term_special(unsigned char c)
{
	return c == '\\' ? "\\\\" : NULL;
}

static const struct escaper term_esc = { false, "\\", term_special };

/* C0 and C1 controls, DEL and invalid UTF-8 are written as \xNN, bidi
 * controls as \u20NN, so a container name cannot move the cursor,
 * retitle the terminal, reorder or hide a line of the report. */
void
hd_fputs_term(FILE *out, const char *s)
{
	escape_with(out, s, (size_t)-1, &term_esc);
}

void
hd_fputs_term_n(FILE *out, const char *s, size_t max)
{
	escape_with(out, s, max, &term_esc);
}

/* Markup's five special characters, as entities. */
static const char *
xml_special(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

static const struct escaper xml_esc = { true, "\\", xml_special };

/* Markup escaping shared by XML and HTML: the five special characters as
 * entities; characters XML 1.0 forbids (C0 controls but tab, newline and
 * carriage return, DEL, C1), invalid UTF-8 and bidi controls (which
 * reorder what a browser shows) as visible \xNN / \u20NN text. */
void
hd_fputs_xml(FILE *out, const char *s)
{
	escape_with(out, s, (size_t)-1, &xml_esc);
}

/* Inside a quoted CSV field: the terminal's backslash, and a double
 * quote doubled (RFC 4180). */
static const char *
csv_special(unsigned char c)
{
	return c == '"' ? "\"\"" : term_special(c);
}

static const struct escaper csv_esc = { false, "\\", csv_special };

/* A CSV field per RFC 4180, always quoted; a leading = + - @ or tab is
 * prefixed with ' so spreadsheets never evaluate a container name as a
 * formula, and control characters are written as \xNN as on a terminal
 * (a CSV file is often just cat). */
void
hd_fputs_csv(FILE *out, const char *s)
{
	const char *p = s ? s : "";

	fputc('"', out);
	if (*p && strchr("=+-@\t\r", *p) != NULL)
		fputc('\'', out);
	escape_with(out, p, (size_t)-1, &csv_esc);
	fputc('"', out);
}

/* The exposition format's escapes: backslash, double quote, newline. */
static const char *
prom_special(unsigned char c)
{
	switch (c) {
	case '\\':
		return "\\\\";
	case '"':
		return "\\\"";
	case '\n':
		return "\\n";
	default:
		return NULL;
	}
}

static const struct escaper prom_esc = { false, "\\\\", prom_special };

/* A Prometheus label value: backslash, double quote and newline escaped as
 * the text exposition format requires; the format wants valid UTF-8, so
 * invalid bytes, other controls (C0, DEL, C1) and bidi controls become
 * \xNN / \u20NN text (its backslash escaped, so it reads back as such). */
void
hd_fputs_prom(FILE *out, const char *s)
{
	escape_with(out, s, (size_t)-1, &prom_esc);
}
