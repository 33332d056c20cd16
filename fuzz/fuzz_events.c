/* libFuzzer target: the event stream's line splitter and event parser on
 * arbitrary bytes, with a small cap so long lines are exercised too. */
#include <stddef.h>
#include <stdint.h>

#include "collect/events.h"

/* Parse every line the splitter hands over. */
static void
on_line(void *arg, const char *line, size_t len)
{
	struct hd_event e;

	(void)arg;
	if (line != NULL)
		(void)hd_event_parse(&e, line, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hd_lines *l = hd_lines_new(512);
	size_t half = size / 2;

	/* Two chunks: a line may straddle them. */
	hd_lines_feed(l, (const char *)data, half, on_line, NULL);
	hd_lines_feed(l, (const char *)data + half, size - half, on_line, NULL);
	hd_lines_free(l);
	return 0;
}
