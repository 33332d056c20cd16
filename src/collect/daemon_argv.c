/* Argument vectors that remember where each argument came from. */
#include <stdlib.h>
#include <string.h>

#include "collect/daemon.h"

void
hd_argv_push(struct hd_argv *v, const char *text, const char *source,
    const char *origin)
{
	if (v->n == v->alloc) {
		v->alloc = v->alloc ? v->alloc * 2 : 8;
		v->a = hd_xrealloc(v->a, v->alloc, sizeof(*v->a));
	}
	v->a[v->n].text = hd_xstrdup(text);
	v->a[v->n].source = hd_xstrdup(source);
	v->a[v->n].origin = hd_xstrdup(origin);
	v->n++;
}

void
hd_argv_clear(struct hd_argv *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free(v->a[i].text);
		free(v->a[i].source);
		free(v->a[i].origin);
	}
	free(v->a);
	memset(v, 0, sizeof(*v));
}

json_object *
hd_argv_json(const struct hd_argv *v)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < v->n; i++)
		json_object_array_add(arr, json_object_new_string(v->a[i].text));
	return arr;
}

/* The kernel separates arguments with NUL and ends the last with one; a
 * process that rewrote its title may leave no final NUL, so take what
 * remains as the last argument. */
void
hd_argv_from_cmdline(struct hd_argv *v, const char *data, size_t len,
    const char *source)
{
	size_t i = 0;

	while (i < len) {
		size_t n = strnlen(data + i, len - i);
		char *arg = hd_xstrndup(data + i, n);

		hd_argv_push(v, arg, source, "flag");
		free(arg);
		i += n + 1;
	}
}
