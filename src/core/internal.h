/* Functions shared inside the core library, not part of the public API. */
#ifndef HARDOCK_CORE_INTERNAL_H
#define HARDOCK_CORE_INTERNAL_H

#include <hardock/scan.h>

/* Release what a finding owns (not the struct itself). */
void hd_finding_clear(struct hd_finding *f);

/* Drop f's message, evidence, children and waiver; keep its object. */
void hd_finding_forget(struct hd_finding *f);

/* The registered check tables, each terminated by an entry with id NULL
 * (defined in checks/catalog.c). */
extern const struct hd_check *const hd_check_tables[];

/* Whether any catalog id is matched by selector. */
bool hd_selector_known(const char *selector);

#endif
