/*
 * Files hd_buf_map() mapped, watched for SIGBUS: a mapped file that
 * shrinks (truncated by another process while hardock reads it) makes a
 * read of its lost pages raise SIGBUS. Such a read is not a crash: the
 * handler says which file changed on standard error and exits with status
 * 2 (the CLI's status for a file that cannot be read), at once, since the
 * bytes hardock was reading are gone. A SIGBUS outside every watched
 * mapping gets the default action, as before.
 */
#ifndef HARDOCK_CORE_BUFMAP_H
#define HARDOCK_CORE_BUFMAP_H

#include <stdbool.h>
#include <stddef.h>

/* Watch the mapping [base, base + len) of the file called name; false
 * (nothing watched) when too many are. */
bool hd_map_watch(void *base, size_t len, const char *name);

/* Stop watching the mapping at base, before it is unmapped. */
void hd_map_forget(void *base);

#endif
