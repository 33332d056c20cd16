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

/* C0 and C1 controls, DEL and invalid UTF-8 are written as \xNN, so a
 * container name cannot move the cursor, retitle the terminal or hide a
 * line of the report. */
void
hd_fputs_term(FILE *out, const char *s)
{
	hd_fputs_term_n(out, s, (size_t)-1);
}

void
hd_fputs_term_n(FILE *out, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *start = p;

	while (*p && (size_t)(p - start) < max) {
		size_t n = utf8_len(p);

		if (n == 0 || *p < 0x20 || *p == 0x7f ||
		    (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)) {
			/* invalid byte, control, or a C1 control U+0080..U+009F */
			size_t k = n ? n : 1;

			for (size_t i = 0; i < k; i++)
				fprintf(out, "\\x%02x", p[i]);
			p += k;
			continue;
		}
		if (n == 3 && invisible_format(p)) {
			fprintf(out, "\\u%02x%02x", 0x20,
			    (unsigned)(((p[1] & 0x3f) << 6 | (p[2] & 0x3f)) & 0xff));
			p += 3;
			continue;
		}
		if (*p == '\\') {
			fputs("\\\\", out);
			p++;
			continue;
		}
		fwrite(p, 1, n, out);
		p += n;
	}
}

/* Markup escaping shared by XML and HTML: the five special characters as
 * entities; characters XML 1.0 forbids (C0 controls but tab, newline and
 * carriage return, DEL, C1) and invalid UTF-8 as visible \xNN text. */
void
hd_fputs_xml(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		size_t n = utf8_len(p);

		if (n == 0 || (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7f || (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)) {
			size_t k = n ? n : 1;

			for (size_t i = 0; i < k; i++)
				fprintf(out, "\\x%02x", p[i]);
			p += k;
			continue;
		}
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fwrite(p, 1, n, out);
		}
		p += n;
	}
}

/* A CSV field per RFC 4180, always quoted; a leading = + - @ or tab is
 * prefixed with ' so spreadsheets never evaluate a container name as a
 * formula, and control characters are written as \xNN as on a terminal
 * (a CSV file is often just cat). */
void
hd_fputs_csv(FILE *out, const char *s)
{
	const char *p = s ? s : "";
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	fputc('"', out);
	if (*p && strchr("=+-@\t\r", *p) != NULL)
		fputc('\'', out);
	if ((mem = open_memstream(&buf, &len)) == NULL)
		abort();
	hd_fputs_term(mem, p);
	fclose(mem);
	for (const char *q = buf; *q; q++) {
		if (*q == '"')
			fputc('"', out);
		fputc(*q, out);
	}
	free(buf);
	fputc('"', out);
}

/* A Prometheus label value: backslash, double quote and newline escaped as
 * the text exposition format requires; other controls as \xNN text. */
void
hd_fputs_prom(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	for (; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", out);
		else if (*p == '"')
			fputs("\\\"", out);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\\\x%02x", *p);
		else
			fputc(*p, out);
	}
}
