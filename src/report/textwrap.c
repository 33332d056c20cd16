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

/* Make sure the line buffer is open: one stream for the whole report,
 * rewound after each line (a stream per line and per piece of text was
 * a fifth of the text report's cost in its allocations and zeroing). */
static void
open_line(struct tw *t)
{
	if (t->line == NULL && (t->line = open_memstream(&t->buf, &t->len)) == NULL)
		abort();
}

/* Bytes gathered so far; t->buf holds them (not NUL-terminated: the
 * stream is rewound, not reopened, so older bytes may follow). */
static size_t
gathered(struct tw *t)
{
	long pos;

	if (fflush(t->line) != 0 || (pos = ftell(t->line)) < 0)
		abort();
	return (size_t)pos;
}

/* Display columns of s[0..n) that hold no mark: UTF-8 lead bytes. */
static int
cols_of(const char *s, size_t n)
{
	int c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

void
tw_line(struct tw *t, int indent)
{
	open_line(t);
	t->col = 0;
	t->indent = indent;
}

/* Append s, counting its columns; spaces break unless nbsp. Runs
 * between the spaces to mark go in one fwrite each (a call per character
 * was a sixth of a text report's CPU). */
static void
put(struct tw *t, const char *s, bool nbsp)
{
	size_t len = strlen(s), run;

	open_line(t);
	t->col += cols_of(s, len);
	if (!nbsp) {
		fwrite(s, 1, len, t->line);
		return;
	}
	while (*s) {
		run = strcspn(s, " ");
		fwrite(s, 1, run, t->line);
		s += run;
		for (; *s == ' '; s++)
			fputc(NBSP_MARK, t->line);
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
	size_t start, end;

	open_line(t);
	if (space)
		put(t, " ", false);
	/* Escaped straight into the line: the escapes hold no control
	 * character, so nothing written can be taken for a mark. */
	start = gathered(t);
	hd_fputs_term(t->line, s ? s : "");
	end = gathered(t); /* before t->buf is read: the flush may move it */
	t->col += cols_of(t->buf + start, end - start);
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

/* Whether c is one of the marks. */
static bool
is_mark(char c)
{
	return c == SGR_ON || c == SGR_OFF || c == NBSP_MARK;
}

/* Write the word w[0..n) with its marks turned back into text: the runs
 * between marks in one write each (the caller holds out's lock). */
static void
put_word(FILE *out, const char *w, size_t n)
{
	size_t i = 0, run;

	while (i < n) {
		for (run = i; run < n && !is_mark(w[run]); run++)
			;
		fwrite_unlocked(w + i, 1, run - i, out);
		if (run < n && w[run] == NBSP_MARK)
			putc_unlocked(' ', out);
		i = run + 1;
	}
}

void
tw_end(struct tw *t)
{
	int col = 0;
	bool first = true;
	const char *p, *stop;
	size_t len;

	open_line(t);
	len = gathered(t); /* before t->buf is read: the flush sets it */
	p = t->buf;
	stop = p + len;
	/* Break at spaces: a word that does not fit starts the next line at
	 * the indent; a word longer than a line stands alone, never cut.
	 * The stream is locked once for the line, not once per word. */
	flockfile(t->out);
	while (p < stop) {
		const char *end = memchr(p, ' ', (size_t)(stop - p));
		size_t n = end ? (size_t)(end - p) : (size_t)(stop - p);
		int cols = word_cols(p, n);

		if (n > 0) {
			if (!first && col + 1 + cols > t->width && col > t->indent) {
				putc_unlocked('\n', t->out);
				for (col = 0; col < t->indent; col++)
					putc_unlocked(' ', t->out);
			} else if (!first) {
				putc_unlocked(' ', t->out);
				col++;
			}
			put_word(t->out, p, n);
			col += cols;
			first = false;
		}
		p += n;
		while (p < stop && *p == ' ')
			p++;
	}
	putc_unlocked('\n', t->out);
	funlockfile(t->out);
	if (fseek(t->line, 0, SEEK_SET) != 0)
		abort();
	t->col = 0;
}

void
tw_close(struct tw *t)
{
	if (t->line != NULL && fclose(t->line) != 0)
		abort();
	t->line = NULL;
	free(t->buf);
	t->buf = NULL;
	t->len = 0;
}
