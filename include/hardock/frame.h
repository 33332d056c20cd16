/*
 * hardock: framed messages between two processes of one run, over a pipe
 * (`hardock watch`'s collector and its sandboxed evaluator).
 *
 * A frame is a type and up to HD_FRAME_MAX_FIELDS fields of bytes:
 *
 *   u32 type, u32 field count, u32 payload length    (host byte order)
 *   payload: per field, u32 length, the bytes, one NUL byte
 *
 * The NUL after each field (not counted in its length) lets a field be
 * read as a C string once the reader has checked it holds none inside
 * (hd_frame_str()). Each side takes the other for hostile: the evaluator
 * may have been compromised by what it parsed, so the collector reads its
 * frames through a capped buffer (hd_frame_recv()) and a parser that
 * checks every length against the payload (hd_frame_parse(), apart from
 * reading, so it is tested and fuzzed alone).
 */
#ifndef HARDOCK_FRAME_H
#define HARDOCK_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define HD_FRAME_MAX_FIELDS 16
#define HD_FRAME_HEADER 12 /* bytes before the payload */

/* A frame as read: fields point into buf (owned). */
struct hd_frame {
	uint32_t type;
	size_t nfields;
	const char *field[HD_FRAME_MAX_FIELDS];
	size_t len[HD_FRAME_MAX_FIELDS];
	struct hd_buf *buf;
};

/* Send one frame of n fields (data[i], len[i]) on fd, whole (retrying
 * short writes and EINTR): HD_OK, HD_EIO with errno's message (the peer
 * gone: EPIPE), HD_ELIMIT for more than HD_FRAME_MAX_FIELDS fields or a
 * payload past 4 GiB. */
int hd_frame_send(int fd, uint32_t type, size_t n, const void *const *data,
    const size_t *len);

/* hd_frame_send() of n C strings. */
int hd_frame_send_strs(int fd, uint32_t type, size_t n, const char *const *s);

/* Split payload[0..len) of a frame with nfields fields into out's fields
 * (pointers into payload; out->buf untouched): HD_EPARSE when a length
 * runs past the payload, a field lacks its NUL, bytes are left over or
 * nfields is past HD_FRAME_MAX_FIELDS. */
int hd_frame_parse(struct hd_frame *out, uint32_t nfields, const char *payload,
    size_t len);

/* Read one frame from fd into *out (cleared first), its payload capped at
 * cap bytes: HD_OK, HD_ENOTFOUND at end of file before a frame began,
 * HD_EIO (a read failed, or end of file inside a frame), HD_ELIMIT (the
 * header announces more than cap) or HD_EPARSE (hd_frame_parse()). */
int hd_frame_recv(struct hd_frame *out, int fd, size_t cap);

/* Field i as a C string: NULL when i is past the fields or the field holds
 * a NUL byte. */
const char *hd_frame_str(const struct hd_frame *f, size_t i);

/* Release what out holds; a cleared frame is accepted. */
void hd_frame_clear(struct hd_frame *f);

#endif
