/*
 * The audited kernel: its release, its build configuration (which
 * namespaces, seccomp, LSMs and hardening options exist at all) and the
 * cgroup version with its controllers. /proc/config.gz is inflated with
 * zlib from a capped buffer into a capped buffer; no shell, no zcat.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <zlib.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/hostcfg.h"
#include "collect/kernel.h"

#define NOT_SET " is not set"

/* Call fn(arg, line, n) for every line of text. */
static void
each_line(const char *text, size_t len,
    void (*fn)(void *, const char *, size_t), void *arg)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n > 0 && p[n - 1] == '\r')
			n--;
		fn(arg, p, n);
		p = nl ? nl + 1 : end;
	}
}

/* Whether s[0..n) is a config symbol (CONFIG_ then [A-Za-z0-9_]). */
static bool
is_symbol(const char *s, size_t n)
{
	if (n <= 7 || strncmp(s, "CONFIG_", 7) != 0)
		return false;
	for (size_t i = 7; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

struct kconfig {
	json_object *o;
	size_t *skipped;
};

/* One .config line: CONFIG_X=v, "# CONFIG_X is not set", comment, blank. */
static void
kconfig_line(void *arg, const char *p, size_t n)
{
	struct kconfig *k = arg;
	const char *eq = memchr(p, '=', n);
	size_t ns = sizeof(NOT_SET) - 1;
	char *name, *val;

	if (memchr(p, '\0', n) != NULL)
		goto skip;
	if (n > 2 + ns && strncmp(p, "# ", 2) == 0 &&
	    memcmp(p + n - ns, NOT_SET, ns) == 0 && is_symbol(p + 2, n - 2 - ns)) {
		name = hd_xstrndup(p + 2, n - 2 - ns);
		json_object_object_add(k->o, name, json_object_new_string("n"));
		free(name);
		return;
	}
	if (n == 0 || p[0] == '#')
		return;
	if (eq == NULL || !is_symbol(p, (size_t)(eq - p)))
		goto skip;
	name = hd_xstrndup(p, (size_t)(eq - p));
	eq++;
	n -= (size_t)(eq - p);
	if (n >= 2 && eq[0] == '"' && eq[n - 1] == '"')
		val = hd_xstrndup(eq + 1, n - 2);
	else
		val = hd_xstrndup(eq, n);
	json_object_object_add(k->o, name, json_object_new_string(val));
	free(name);
	free(val);
	return;
skip:
	if (k->skipped != NULL)
		(*k->skipped)++;
}

/* Line by line into one object. */
json_object *
hd_kconfig_parse(const char *text, size_t len, size_t *skipped)
{
	struct kconfig k = { json_object_new_object(), skipped };

	each_line(text, len, kconfig_line, &k);
	return k.o;
}

/* Inflate chunk by chunk into the capped buffer. */
int
hd_gunzip(struct hd_buf **out, const void *data, size_t len, size_t cap)
{
	struct hd_buf *b = hd_buf_new(cap);
	unsigned char chunk[16384];
	z_stream z;
	int zr, r = HD_OK;

	*out = NULL;
	memset(&z, 0, sizeof(z));
	/* 16 + MAX_WBITS: a gzip header, not a raw zlib stream. */
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		hd_buf_free(b);
		return hd_error_set(HD_ERR, "inflateInit2 failed");
	}
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	if (len > UINT32_MAX) {
		r = hd_error_set(HD_ELIMIT, "compressed input too large");
		goto out;
	}
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END) {
			r = hd_error_set(HD_EPARSE, "not valid gzip data: %s",
			    z.msg ? z.msg : "inflate failed");
			goto out;
		}
		if ((r = hd_buf_append(b, chunk, sizeof(chunk) - z.avail_out)) < 0)
			goto out;
		/* No progress with input left means truncated data. */
		if (zr == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
			r = hd_error_set(HD_EPARSE, "not valid gzip data: truncated");
			goto out;
		}
	} while (zr != Z_STREAM_END);
out:
	inflateEnd(&z);
	if (r < 0)
		hd_buf_free(b);
	else
		*out = b;
	return r;
}

/* "#subsys_name hierarchy num_cgroups enabled" rows; enabled == 1 kept. */
static void
cgroups_line(void *arg, const char *p, size_t n)
{
	char line[256], name[64], f[3][16];

	if (n == 0 || p[0] == '#' || n >= sizeof(line))
		return;
	memcpy(line, p, n);
	line[n] = '\0';
	/* The numbers as words: a hostile tree's huge number in a %d would be
	 * undefined behaviour. */
	if (sscanf(line, "%63s %15s %15s %15s", name, f[0], f[1], f[2]) == 4 &&
	    hd_parse_dec(f[0], strlen(f[0])) >= 0 &&
	    hd_parse_dec(f[1], strlen(f[1])) >= 0 &&
	    hd_parse_dec(f[2], strlen(f[2])) == 1)
		json_object_array_add(arg, json_object_new_string(name));
}

/* Line by line into the enabled controllers. */
json_object *
hd_proc_cgroups_parse(const char *text, size_t len)
{
	json_object *a = json_object_new_array();

	each_line(text, len, cgroups_line, a);
	return a;
}

/* Whitespace as cgroup.controllers separates words. */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Split at blanks. */
json_object *
hd_words_parse(const char *text, size_t len)
{
	json_object *a = json_object_new_array();
	size_t i = 0;

	while (i < len) {
		size_t start;

		while (i < len && is_space(text[i]))
			i++;
		start = i;
		while (i < len && !is_space(text[i]))
			i++;
		if (i > start) {
			char *w = hd_xstrndup(text + start, i - start);

			json_object_array_add(a, json_object_new_string(w));
			free(w);
		}
	}
	return a;
}

/* The audited kernel's release: uname on the live host, the tree's
 * /proc/sys/kernel/osrelease under --root. NULL when unknown. */
static char *
kernel_release(const struct hd_collect_opts *o)
{
	struct utsname u;
	char *rel = NULL;

	if (hd_root_is_live(o))
		return uname(&u) == 0 ? hd_xstrdup(u.release) : NULL;
	if (hd_root_read_line(&rel, o->root, "/proc/sys/kernel/osrelease") < 0)
		return NULL;
	return rel;
}

/* kernel.config from /boot/config-RELEASE, else /proc/config.gz. */
static void
collect_config(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	char *rel = kernel_release(o), *boot = NULL;
	struct hd_buf *b = NULL, *plain = NULL;
	int r = HD_ENOTFOUND;

	/* A release with a '/' would let the tree pick any file as config. */
	if (rel != NULL && rel[0] != '\0' && strchr(rel, '/') == NULL) {
		boot = hd_xasprintf("/boot/config-%s", rel);
		if ((r = hd_root_read(&b, o->root, boot, HD_BUF_CAP_CONFIG)) == HD_OK) {
			hd_snapshot_set_value(s, HD_F_KERNEL_CONFIG,
			    hd_kconfig_parse(hd_buf_ptr(b), hd_buf_len(b), NULL), boot);
			goto out;
		}
		if (r != HD_ENOTFOUND) {
			hd_fact_from_error(s, HD_F_KERNEL_CONFIG, boot, r);
			goto out;
		}
	}
	if ((r = hd_root_read(&b, o->root, "/proc/config.gz", HD_BUF_CAP_CONFIG)) < 0) {
		if (r == HD_ENOTFOUND)
			hd_snapshot_set_absent(s, HD_F_KERNEL_CONFIG, "/proc/config.gz",
			    "no kernel config: neither /boot/config-%s nor "
			    "/proc/config.gz exists", rel ? rel : "(release unknown)");
		else
			hd_fact_from_error(s, HD_F_KERNEL_CONFIG, "/proc/config.gz", r);
		goto out;
	}
	if (hd_gunzip(&plain, hd_buf_ptr(b), hd_buf_len(b), HD_BUF_CAP_CONFIG) < 0) {
		hd_snapshot_set_error(s, HD_F_KERNEL_CONFIG, "/proc/config.gz",
		    "/proc/config.gz: %s", hd_error_last());
		goto out;
	}
	hd_snapshot_set_value(s, HD_F_KERNEL_CONFIG,
	    hd_kconfig_parse(hd_buf_ptr(plain), hd_buf_len(plain), NULL),
	    "/proc/config.gz");
out:
	hd_buf_free(plain);
	hd_buf_free(b);
	free(boot);
	free(rel);
}

/* kernel.cgroup: v2 when the unified hierarchy is mounted at
 * /sys/fs/cgroup, else v1 with /proc/cgroups' enabled controllers. */
static void
collect_cgroup(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	const char *v2 = "/sys/fs/cgroup/cgroup.controllers";
	struct hd_buf *b = NULL;
	json_object *v;
	int r, version = 2;
	const char *src = v2;

	if ((r = hd_root_read(&b, o->root, v2, HD_BUF_CAP_PROC)) == HD_ENOTFOUND) {
		version = 1;
		src = "/proc/cgroups";
		r = hd_root_read(&b, o->root, src, HD_BUF_CAP_PROC);
	}
	if (r < 0) {
		hd_fact_from_error(s, HD_F_CGROUP, src, r);
		return;
	}
	v = json_object_new_object();
	json_object_object_add(v, "version", json_object_new_int(version));
	json_object_object_add(v, "controllers", version == 2 ?
	    hd_words_parse(hd_buf_ptr(b), hd_buf_len(b)) :
	    hd_proc_cgroups_parse(hd_buf_ptr(b), hd_buf_len(b)));
	hd_buf_free(b);
	hd_snapshot_set_value(s, HD_F_CGROUP, v, src);
}

/* Kernel config, then cgroups. */
void
hd_collect_kernel(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	collect_config(s, o);
	collect_cgroup(s, o);
}
