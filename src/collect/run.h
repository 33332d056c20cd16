/* Running a read-only tool of the audited host without a shell. */
#ifndef HARDOCK_COLLECT_RUN_H
#define HARDOCK_COLLECT_RUN_H

#include <hardock/buf.h>

/* Run path with argv (NULL-terminated) and a minimal environment, stdin
 * and stderr on /dev/null, stdout into a buffer of at most cap bytes. The
 * child is killed after timeout_ms (HD_ERR "timed out") or when its output
 * passes cap (HD_ELIMIT); a non-zero exit is HD_EIO. */
int hd_run_capture(struct hd_buf **out, const char *path, char *const argv[],
    long timeout_ms, size_t cap);

#endif
