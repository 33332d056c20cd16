/* The kernel's build configuration and cgroup setup, parsed from buffers. */
#ifndef HARDOCK_COLLECT_KERNEL_H
#define HARDOCK_COLLECT_KERNEL_H

#include <stddef.h>
#include <json-c/json.h>

#include <hardock/buf.h>

/* A kernel .config into {"CONFIG_X": value}: "y", "m", "n" for "# CONFIG_X
 * is not set", numbers as text, strings without their quotes. Other lines
 * are skipped and counted in *skipped (may be NULL). */
json_object *hd_kconfig_parse(const char *text, size_t len, size_t *skipped);

/* Inflate gzip data (as /proc/config.gz) into a new buffer of at most cap
 * bytes: HD_ELIMIT past cap, HD_EPARSE when the data is not valid gzip. */
int hd_gunzip(struct hd_buf **out, const void *data, size_t len, size_t cap);

/* /proc/cgroups into the names of the enabled controllers (array). */
json_object *hd_proc_cgroups_parse(const char *text, size_t len);

/* Whitespace-separated words (cgroup.controllers) into an array. */
json_object *hd_words_parse(const char *text, size_t len);

#endif
