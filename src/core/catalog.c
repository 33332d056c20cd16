/* The controls: every registered check table, sorted once by key. */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/pack.h>

#include "internal.h"

static const struct hd_check **sorted;
static size_t nsorted;
static pthread_once_t sorted_once = PTHREAD_ONCE_INIT;

/* Compare ids so that numeric parts compare as numbers (1.1.2 < 1.1.10)
 * and CIS ids sort before hardock's own (digits before letters). */
int
hd_id_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			char *ea, *eb;
			unsigned long na = strtoul(a, &ea, 10);
			unsigned long nb = strtoul(b, &eb, 10);

			if (na != nb)
				return na < nb ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : (*b ? -1 : 0);
}

static int
check_ptr_cmp(const void *x, const void *y)
{
	const struct hd_check *a = *(const struct hd_check *const *)x;
	const struct hd_check *b = *(const struct hd_check *const *)y;

	return strcmp(a->key, b->key);
}

/* Flatten the tables into one array sorted by key (once, thread-safe). */
static void
build(void)
{
	size_t n = 0, k = 0;

	for (size_t t = 0; hd_check_tables[t] != NULL; t++)
		for (const struct hd_check *c = hd_check_tables[t]; c->key; c++)
			n++;
	sorted = hd_xcalloc(n, sizeof(*sorted));
	for (size_t t = 0; hd_check_tables[t] != NULL; t++)
		for (const struct hd_check *c = hd_check_tables[t]; c->key; c++)
			sorted[k++] = c;
	nsorted = n;
	qsort(sorted, nsorted, sizeof(*sorted), check_ptr_cmp);
}

size_t
hd_control_count(void)
{
	pthread_once(&sorted_once, build);
	return nsorted;
}

const struct hd_check *
hd_control_get(size_t i)
{
	pthread_once(&sorted_once, build);
	return i < nsorted ? sorted[i] : NULL;
}

const struct hd_check *
hd_control_find(const char *key)
{
	size_t lo = 0, hi = hd_control_count();

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, sorted[mid]->key);

		if (c == 0)
			return sorted[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

bool
hd_id_matches(const char *selector, const char *id)
{
	size_t n = strlen(selector);

	if (strcmp(selector, id) == 0)
		return true;
	return n > 0 && strncmp(selector, id, n) == 0 &&
	    (id[n] == '.' || id[n] == '-');
}

bool
hd_selector_known(const struct hd_pack *p, const char *selector)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (hd_rule_matches(selector, &p->rules[i]))
			return true;
	return false;
}
