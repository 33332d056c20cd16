/* Word wrapping for the text report. A line is gathered first, then
 * broken at its spaces when it ends: escaped text can hold no control
 * character, so three of them mark what is not a break: NBSP_MARK a space
 * that must not break (padding, "name (id)"), SGR_ON..SGR_OFF a colour
 * sequence, which takes no column. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/textwrap.h"

#define SGR_ON '\001'
#define SGR_OFF '\002'
#define NBSP_MARK '\003'

/* Make sure the line buffer is open. */
static void
open_line(struct tw *t)
{
	if (t->line == NULL && (t->line = open_memstream(&t->buf, &t->len)) == NULL)
		abort();
}

void
tw_line(struct tw *t, int indent)
{
	open_line(t);
	t->col = 0;
	t->indent = indent;
}

/* Append s, counting its columns; spaces break unless nbsp. */
static void
put(struct tw *t, const char *s, bool nbsp)
{
	open_line(t);
	for (; *s; s++) {
		fputc(nbsp && *s == ' ' ? NBSP_MARK : *s, t->line);
		t->col += ((unsigned char)*s & 0xc0) != 0x80;
	}
}

void
tw_raw(struct tw *t, const char *s, int cols)
{
	(void)cols;
	put(t, s, true);
}

void
tw_rawf(struct tw *t, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = hd_xvasprintf(fmt, ap);
	va_end(ap);
	put(t, s, true);
	free(s);
}

void
tw_pad(struct tw *t, int col, bool sep)
{
	open_line(t);
	if (sep && t->col >= col) {
		fputc(NBSP_MARK, t->line);
		t->col++;
	}
	for (; t->col < col; t->col++)
		fputc(NBSP_MARK, t->line);
}

void
tw_color(struct tw *t, const char *sgr)
{
	open_line(t);
	if (t->rep->color)
		fprintf(t->line, "%c%s%c", SGR_ON, sgr, SGR_OFF);
}

void
tw_text(struct tw *t, const char *s, bool space)
{
	char *esc = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&esc, &len);

	if (m == NULL)
		abort();
	hd_fputs_term(m, s ? s : "");
	if (fclose(m) != 0)
		abort();
	if (space)
		put(t, " ", false);
	put(t, esc, false);
	free(esc);
}

void
tw_printf(struct tw *t, bool space, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = hd_xvasprintf(fmt, ap);
	va_end(ap);
	if (space)
		put(t, " ", false);
	put(t, s, false);
	free(s);
}

/* Display columns of the word w[0..n) (marks take none). */
static int
word_cols(const char *w, size_t n)
{
	int c = 0;
	bool sgr = false;

	for (size_t i = 0; i < n; i++) {
		if (w[i] == SGR_ON || w[i] == SGR_OFF)
			sgr = w[i] == SGR_ON;
		else if (!sgr)
			c += ((unsigned char)w[i] & 0xc0) != 0x80;
	}
	return c;
}

/* Write the word w[0..n) with its marks turned back into text. */
static void
put_word(FILE *out, const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i] == NBSP_MARK)
			fputc(' ', out);
		else if (w[i] != SGR_ON && w[i] != SGR_OFF)
			fputc(w[i], out);
}

void
tw_end(struct tw *t)
{
	int col = 0;
	bool first = true;

	open_line(t);
	if (fclose(t->line) != 0)
		abort();
	t->line = NULL;
	/* Break at spaces: a word that does not fit starts the next line at
	 * the indent; a word longer than a line stands alone, never cut. */
	for (const char *p = t->buf; *p;) {
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int cols = word_cols(p, n);

		if (n > 0) {
			if (!first && col + 1 + cols > t->width && col > t->indent) {
				fprintf(t->out, "\n%*s", t->indent, "");
				col = t->indent;
			} else if (!first) {
				fputc(' ', t->out);
				col++;
			}
			put_word(t->out, p, n);
			col += cols;
			first = false;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	fputc('\n', t->out);
	free(t->buf);
	t->buf = NULL;
	t->len = 0;
	t->col = 0;
}
