/*
 * Image contents for `hardock image`, read as streams the image reader
 * (<hardock/image.h>) pulls from: an archive already open (a file, stdin,
 * or an OCI layout directory turned into a tar, collect/ocidir.h), or the
 * engine's export (GET /images/{id}/get).
 *
 * The export is copied by a child process: hd_export_start() forks it
 * before the sandbox, it connects to the engine (libcurl) and writes each
 * image's tarball into a pipe of its own, in order; the parent then
 * drops every capability, enters the seccomp filter (no socket at all)
 * and parses what the pipes bring. The child parses nothing but HTTP; it
 * holds what the parent held at the fork (cap_dac_override to reach a
 * socket another user owns, cap_dac_read_search for TLS files), has
 * no_new_privs, dies with its parent (PR_SET_PDEATHSIG) and never writes
 * anything but the pipes. Memory is bounded by the pipes: the child blocks
 * while the parent has not read.
 */
#ifndef HARDOCK_COLLECT_EXPORT_H
#define HARDOCK_COLLECT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "collect/dockerhost.h"

#define HD_STREAM_CHUNK (64u << 10) /* bytes handed to the reader at once */

/* A stream the reader pulls: hd_stream_read() fits hd_image_read_fn. */
struct hd_stream {
	int fd;       /* read end; -1 once closed */
	int status;   /* the export's status pipe, -1 for a plain file */
	bool ended;   /* EOF seen */
	bool checked; /* the export's status line read */
	char *why;    /* the export's failure, or NULL */
	char buf[HD_STREAM_CHUNK];
};

/* A stream over fd, already open (taken: hd_stream_close() closes it). */
struct hd_stream *hd_stream_fd(int fd);

/* The image reader's pull callback (arg is the stream): the next bytes,
 * 0 at the end, -1 with hd_error_set() when the read failed or the
 * export's copier said why it stopped. */
ssize_t hd_stream_read(void *arg, const void **buf);

/* Close the stream's descriptor (an export's copier moves on to the next
 * image) and, for an export, read its status: HD_OK, or HD_ERR with the
 * copier's reason (the engine's answer, a broken connection). */
int hd_stream_close(struct hd_stream *st);

/* Free st (closing it first); NULL is accepted. */
void hd_stream_free(struct hd_stream *st);

/* The copier of n images' exports. */
struct hd_export;

/* Fork the copier for the images of the engine at t whose hex ids
 * (without "sha256:") are hex[0..n), API prefix "/v1.47"; connecting has
 * timeout_ms, a transfer stalled that long (at least 60 s) fails. HD_EUSAGE
 * for an ssh:// engine (its tunnel lives in the client's loop), HD_ERR when
 * pipes or the fork fail. */
int hd_export_start(struct hd_export **out, const struct hd_engine_target *t,
    const char *prefix, const char *const *hex, size_t n, long timeout_ms);

/* Stream i of x (borrowed, valid until hd_export_free()); streams are to
 * be read in order, each closed (hd_stream_close()) before the next. */
struct hd_stream *hd_export_stream(struct hd_export *x, size_t i);

/* Free x, closing what is left (the copier then stops); NULL accepted. */
void hd_export_free(struct hd_export *x);

#endif
