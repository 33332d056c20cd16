/* /proc/PID/mountinfo, parsed from a buffer (see proc(5)). */
#ifndef HARDOCK_COLLECT_MOUNTS_H
#define HARDOCK_COLLECT_MOUNTS_H

#include <stddef.h>

struct hd_mount {
	char *mount_point; /* unescaped (\040 -> ' ') */
	char *fstype;
	char *source;      /* the mount source, e.g. /dev/sda1 */
	char *dev;         /* MAJ:MIN of the filesystem */
	char *fs_root;     /* the directory of that filesystem mounted here;
	                    * not "/" for a bind mount of a subdirectory */
};

struct hd_mounts {
	struct hd_mount *v;
	size_t n;
};

/* Parse mountinfo text; HD_EPARSE "line N: ..." on a malformed line. */
int hd_mountinfo_parse(struct hd_mounts **out, const char *text, size_t len);

/* The mount holding path: the longest mount point that is path or a
 * parent directory of it, the later one on ties (over-mounts); NULL when
 * none. */
const struct hd_mount *hd_mounts_find(const struct hd_mounts *m,
    const char *path);

/* Free m; NULL is accepted. */
void hd_mounts_free(struct hd_mounts *m);

/* Copy n bytes of s with the kernel's octal escapes (\040, \011, \012,
 * \134) decoded. */
char *hd_unescape_octal(const char *s, size_t n);

#endif
