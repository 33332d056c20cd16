/* Host identity for the report's host block: hostname, kernel, OS. */
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

/* PRETTY_NAME from an os-release buffer, unquoted, or NULL. */
static char *
pretty_name(const char *text)
{
	const char *p = text;

	while (p != NULL && *p) {
		if (strncmp(p, "PRETTY_NAME=", 12) == 0) {
			const char *v = p + 12;
			size_t n = strcspn(v, "\n");

			if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0])
				return hd_xstrndup(v + 1, n - 2);
			return hd_xstrndup(v, n);
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return NULL;
}

/* Read a one-line file under root, trailing newline dropped, or NULL. */
static char *
read_line(const char *root, const char *path)
{
	struct hd_buf *b;
	char *v = NULL;

	if (hd_root_read(&b, root, path, 4096) == HD_OK) {
		v = hd_xstrndup(hd_buf_ptr(b), strcspn(hd_buf_ptr(b), "\n"));
		hd_buf_free(b);
	}
	return v;
}

void
hd_collect_host_info(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	json_object *info = json_object_new_object();
	bool live = strcmp(o->root, "/") == 0;
	struct hd_buf *b = NULL;
	struct utsname u;
	char *v;

	/* Under --root the tree's own files speak, never this machine's. */
	if (live && uname(&u) == 0) {
		json_object_object_add(info, "hostname", json_object_new_string(u.nodename));
		json_object_object_add(info, "kernel", json_object_new_string(u.release));
		json_object_object_add(info, "arch", json_object_new_string(u.machine));
	} else {
		if ((v = read_line(o->root, "/etc/hostname")) != NULL) {
			json_object_object_add(info, "hostname", json_object_new_string(v));
			free(v);
		}
		if ((v = read_line(o->root, "/proc/sys/kernel/osrelease")) != NULL) {
			json_object_object_add(info, "kernel", json_object_new_string(v));
			free(v);
		}
	}
	if (hd_root_read(&b, o->root, "/etc/os-release", 65536) == HD_OK ||
	    hd_root_read(&b, o->root, "/usr/lib/os-release", 65536) == HD_OK) {
		if ((v = pretty_name(hd_buf_ptr(b))) != NULL) {
			json_object_object_add(info, "os", json_object_new_string(v));
			free(v);
		}
	}
	hd_buf_free(b);
	hd_snapshot_set_value(s, HD_F_HOST_INFO, info, live ? "uname(2), /etc/os-release" :
	    "/etc/hostname, /etc/os-release under --root");
}
