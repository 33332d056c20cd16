/* Word-wrapped terminal output for the text report: escaped text broken at
 * spaces only (an id or a path is never cut, a word longer than the line
 * stands alone), continuation lines indented. */
#ifndef HARDOCK_REPORT_TEXTWRAP_H
#define HARDOCK_REPORT_TEXTWRAP_H

#include <stdbool.h>
#include <stdio.h>

#include <hardock/report.h>

struct tw {
	FILE *out;
	const struct hd_report *rep; /* colour allowed */
	int width;
	int col;    /* columns of the line so far, before wrapping */
	int indent; /* where continuation lines start */
	FILE *line; /* the line being gathered */
	char *buf;
	size_t len;
};

/* Begin a line at column 0 whose continuation lines start at indent. */
void tw_line(struct tw *t, int indent);

/* Write hardock's own s where no line may break (a tag, "(id)"). */
void tw_raw(struct tw *t, const char *s, int cols);

/* printf-formatted hardock text (ASCII) written as is, padding kept. */
void tw_rawf(struct tw *t, const char *fmt, ...) HD_PRINTF(2, 3);

/* Unbreakable spaces up to column col of the unwrapped line (one at
 * least when sep and already there). */
void tw_pad(struct tw *t, int col, bool sep);

/* Write attacker-controlled s escaped (hd_fputs_term), wrapped at its
 * spaces; space says whether a space separates it from what is before. */
void tw_text(struct tw *t, const char *s, bool space);

/* A printf-formatted piece of hardock's own text, wrapped likewise. */
void tw_printf(struct tw *t, bool space, const char *fmt, ...) HD_PRINTF(3, 4);

/* An SGR colour (when colour is allowed; it takes no column). */
void tw_color(struct tw *t, const char *sgr);

/* Wrap the line gathered to the width and write it. */
void tw_end(struct tw *t);

/* Free what the lines were gathered in (after the last tw_end). */
void tw_close(struct tw *t);

/* The summary at the end of the text report (text_summary.c). */
void hd_text_summary(struct tw *t, const struct hd_report *rep);

#define TW_RESET "\033[0m"
#define TW_BOLD "\033[1m"

#endif
