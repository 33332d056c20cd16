/*
 * hardock: the capped buffer every read of outside data goes through.
 *
 * API bodies, /proc files and configuration files are attacker-influenced:
 * they are appended into an hd_buf created with a byte cap, and an append
 * past the cap fails with HD_ELIMIT instead of growing. Parsers take a
 * (pointer, length) pair from an hd_buf, never a FILE or fd, so they can be
 * unit-tested and fuzzed on buffers alone. The content is always followed
 * by a NUL byte (not counted in the length) so text parsers may use it as a
 * C string, after checking it holds no embedded NUL if that matters.
 */
#ifndef HARDOCK_BUF_H
#define HARDOCK_BUF_H

#include <stddef.h>

/* Default caps, in bytes. */
#define HD_BUF_CAP_CONFIG (4u << 20)  /* a configuration file */
#define HD_BUF_CAP_API (64u << 20)    /* one Engine API response */
#define HD_BUF_CAP_PROC (1u << 20)    /* one /proc or /sys file */

struct hd_buf;

/* Create an empty buffer that refuses to hold more than cap bytes. */
struct hd_buf *hd_buf_new(size_t cap);

/* Append len bytes; HD_ELIMIT (message set) when the cap would be passed,
 * in which case the buffer is unchanged. */
int hd_buf_append(struct hd_buf *b, const void *data, size_t len);

/* Read fd to end of file into b; HD_ELIMIT past the cap, HD_EIO on error. */
int hd_buf_read_fd(struct hd_buf *b, int fd);

/* Read the file at path (a file the user named: report, profile,
 * snapshot) into a new buffer capped at cap. HD_ENOTFOUND, HD_EIO or
 * HD_ELIMIT with the path in the message. Host files under audit go
 * through hd_root_read() instead, which confines symlinks to the root. */
int hd_buf_load(struct hd_buf **out, const char *path, size_t cap);

/* hd_buf_load(), but a regular file is mapped (read-only, private), not
 * copied: on a virtual machine fresh pages are the dearest memory a
 * process touches, and the kernel's cached pages of the file cost none
 * (a 7.7 MB snapshot took 35 to 52 ms to read into memory, 5 to 6 ms to
 * map and read through). The buffer cannot grow (hd_buf_append() fails)
 * and its bytes must not be written; hd_buf_reset() makes it an ordinary
 * one. A file truncated while mapped makes reading its lost bytes exit
 * the process with status 2 and a message naming it (src/core/bufmap.h),
 * never read on. Other files (a FIFO, /proc, an empty file) are read as
 * hd_buf_load() reads them. */
int hd_buf_map(struct hd_buf **out, const char *path, size_t cap);

/* hd_buf_map() of a descriptor open for reading (left open); name is
 * what the truncation message calls the file. */
int hd_buf_map_fd(struct hd_buf **out, int fd, size_t cap, const char *name);

/* Content and its length; the content is NUL-terminated. */
const char *hd_buf_ptr(const struct hd_buf *b);
size_t hd_buf_len(const struct hd_buf *b);

/* The content, for a consumer that spends it in place
 * (hd_snapshot_parse_spent(), which hands its pages back to the kernel);
 * the buffer is then only to be freed. Writable, but for a mapped
 * buffer's (hd_buf_map()). */
char *hd_buf_data(struct hd_buf *b);
size_t hd_buf_cap(const struct hd_buf *b);

/* Drop the content, keep the cap. */
void hd_buf_reset(struct hd_buf *b);

/* Free b; NULL is accepted. */
void hd_buf_free(struct hd_buf *b);

#endif
