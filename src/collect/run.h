/* Running a read-only tool of the audited host without a shell. */
#ifndef HARDOCK_COLLECT_RUN_H
#define HARDOCK_COLLECT_RUN_H

#include <sys/types.h>

#include <hardock/buf.h>

/* Run path with argv (NULL-terminated) and a minimal environment, stdin
 * and stderr on /dev/null, stdout into a buffer of at most cap bytes. The
 * child is killed after timeout_ms (HD_ERR "timed out") or when its output
 * passes cap (HD_ELIMIT); a non-zero exit is HD_EIO. */
int hd_run_capture(struct hd_buf **out, const char *path, char *const argv[],
    long timeout_ms, size_t cap);

/* Milliseconds on the monotonic clock (deadlines for hd_run_reap). */
long long hd_run_now_ms(void);

/* Wait for child pid until deadline (hd_run_now_ms() time), then SIGKILL
 * it and wait: the child is gone when this returns. *status is its wait
 * status (0 when it was already reaped elsewhere); HD_ERR when it had to
 * be killed. */
int hd_run_reap(pid_t pid, int *status, long long deadline);

#endif
