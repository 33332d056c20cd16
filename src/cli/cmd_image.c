/* hardock image: audit images of the engine, or image archives with no
 * engine, reading their layers; evaluate the checks that judge an image;
 * report as scan does. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/facts.h>
#include <hardock/image.h>
#include <hardock/report.h>
#include <hardock/sandbox.h>

#include <hardock/collect.h>

#include "cli.h"
#include "collect/engine.h"
#include "collect/export.h"
#include "imagesrc.h"
#include "scanrun.h"

#define MAX_IMAGES 64 /* operands: one pipe each on the engine */

enum { O_ARCHIVE = O_OWN, O_BASE, O_LIMIT, O_IGNINH };

static const struct cli_opt image_opts[] = {
	SCAN_OPTS_ENDPOINT,
	SCAN_OPTS_TLS,
	{ "archive", O_ARCHIVE, NULL, "the operands are image archives, read "
	  "with no engine: a docker save tarball, an OCI image layout "
	  "directory, a tar of one (skopeo copy oci-archive:), or - for "
	  "stdin" },
	{ "base", O_BASE, "REF|ARCHIVE", "the base image: findings from its "
	  "layers are marked inherited (an existing path is an archive, "
	  "anything else an image of the engine)" },
	{ "ignore-inherited", O_IGNINH, NULL, "the exit status ignores "
	  "findings inherited from the base image" },
	{ "limit", O_LIMIT, "NAME=VALUE", "cap what one image may make "
	  "hardock read (repeatable; sizes take K, M, G): files, bytes, "
	  "path, depth, link, file-size, json, images, layers; see Limits "
	  "below" },
	SCAN_OPTS_FORMAT,
	SCAN_OPTS_SELECT,
	{ "fail-on", O_FAILON, "SEV", "exit 1 when a check of severity SEV or "
	  "above fails: info (default), low, medium, high, critical, none" },
	SCAN_OPTS_REPORT,
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* Print "hardock: image: MESSAGE" on stderr, control characters escaped
 * (archive entries, image names and the engine's words are the
 * attacker's); returns code. */
static int image_say(int code, const char *fmt, ...) HD_PRINTF(2, 3);

static int
image_say(int code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = hd_xvasprintf(fmt, ap);
	va_end(ap);
	fputs("hardock: image: ", stderr);
	hd_fputs_term(stderr, msg);
	fputc('\n', stderr);
	free(msg);
	return code;
}

/* One cap of --limit: its name, where it goes, what it caps. */
struct limit_name {
	const char *name;
	size_t off;
	size_t size; /* of the field: 4 or 8 bytes */
	const char *what;
};

#define LIM(f) offsetof(struct hd_image_limits, f), \
	sizeof(((struct hd_image_limits *)0)->f)
static const struct limit_name limit_names[] = {
	{ "files", LIM(max_files), "entries in all layers of one image" },
	{ "bytes", LIM(max_bytes), "uncompressed bytes read from one archive" },
	{ "path", LIM(max_path), "bytes of one entry's path" },
	{ "depth", LIM(max_depth), "components of one entry's path" },
	{ "link", LIM(max_link), "bytes of a link's target" },
	{ "file-size", LIM(max_file_size), "declared size of one entry (a "
	  "larger one, sparse or not, is refused unread)" },
	{ "json", LIM(max_json), "bytes of a manifest, index or configuration" },
	{ "images", LIM(max_images), "images in one archive" },
	{ "layers", LIM(max_layers), "layers of one image" },
};
#undef LIM
#define NLIMITS (sizeof(limit_names) / sizeof(limit_names[0]))

/* The value of field l of lim. */
static uint64_t
limit_get(const struct hd_image_limits *lim, const struct limit_name *l)
{
	const char *p = (const char *)lim + l->off;
	uint64_t v64;
	uint32_t v32;

	if (l->size == sizeof(uint64_t)) {
		memcpy(&v64, p, sizeof(v64));
		return v64;
	}
	memcpy(&v32, p, sizeof(v32));
	return v32;
}

/* What the exit status means for image, beyond scan's table. */
static const char exit_text[] = "Exit status as for scan: 1 when a check at "
    "or above --fail-on fails (with --ignore-inherited, a check whose every "
    "failing finding is inherited from the base image does not count); 2 "
    "for an unknown image, an archive that cannot be read, or a --base "
    "that is not a base of the image; 3 when there is no engine to ask, or "
    "when an image's layers could not be read whole (a cap hit, a digest "
    "that does not match, a hostile entry: its content checks are error and "
    "the report says why), which wins over 1.";

/* Formats, the limits with their defaults and the exit status. */
static void
image_help_extra(FILE *out)
{
	struct hd_image_limits lim;

	hd_image_limits_init(&lim);
	scan_help_formats(out);
	fprintf(out, "\nLimits (--limit NAME=VALUE; a cap hit is an error "
	    "naming it):\n");
	for (size_t i = 0; i < NLIMITS; i++)
		fprintf(out, "  %-10s %-12llu %s\n", limit_names[i].name,
		    (unsigned long long)limit_get(&lim, &limit_names[i]),
		    limit_names[i].what);
	fprintf(out, "\n%s\n", exit_text);
}

/* The limits and the exit status for hardock(1). */
static void
image_man_extra(FILE *out)
{
	struct hd_image_limits lim;

	hd_image_limits_init(&lim);
	fputs(".PP\nLimits, set with \\fB\\-\\-limit\\fR \\fINAME\\fR=\\fIVALUE\\fR "
	    "(a cap hit is an error naming the cap and the entry):\n", out);
	for (size_t i = 0; i < NLIMITS; i++) {
		fputs(".TP\n\\fB", out);
		cli_roff(out, limit_names[i].name);
		fprintf(out, "\\fR (default %llu)\n",
		    (unsigned long long)limit_get(&lim, &limit_names[i]));
		cli_roff(out, limit_names[i].what);
		fputc('\n', out);
	}
	fputs(".PP\n", out);
	cli_roff(out, exit_text);
	fputc('\n', out);
}

/* What image reads besides scan's shared options. */
struct image_args {
	struct scan_args a;
	struct scan_report_args ra;
	bool archive;
	bool base_archive;      /* engine images, --base an archive */
	bool ignore_inherited;
	const char *base;
	struct hd_image_limits lim;
	char **refs;
	size_t nrefs;
};

/* Parse "NAME=VALUE" of --limit into ia->lim. */
static int
parse_limit(struct image_args *ia, const char *arg)
{
	const char *eq = strchr(arg, '=');
	unsigned long long v, mult = 1;
	char *end;

	for (size_t i = 0; eq && i < NLIMITS; i++) {
		const struct limit_name *l = &limit_names[i];
		char *p = (char *)&ia->lim + l->off;

		if (strlen(l->name) != (size_t)(eq - arg) ||
		    strncmp(l->name, arg, (size_t)(eq - arg)) != 0)
			continue;
		errno = 0;
		v = strtoull(eq + 1, &end, 10);
		if (*end == 'K' || *end == 'k')
			mult = 1ULL << 10;
		else if (*end == 'M' || *end == 'm')
			mult = 1ULL << 20;
		else if (*end == 'G' || *end == 'g')
			mult = 1ULL << 30;
		if (mult > 1)
			end++;
		if (end == eq + 1 || *end || errno || eq[1] == '-' || v == 0 ||
		    v > UINT64_MAX / mult ||
		    (l->size == sizeof(uint32_t) && v * mult > UINT32_MAX))
			return image_say(HD_EXIT_USAGE, "--limit %s wants a number above "
			    "0 (K, M, G allowed), not '%s'", l->name, eq + 1);
		v *= mult;
		if (l->size == sizeof(uint64_t)) {
			uint64_t v64 = v;

			memcpy(p, &v64, sizeof(v64));
		} else {
			uint32_t v32 = (uint32_t)v;

			memcpy(p, &v32, sizeof(v32));
		}
		return HD_EXIT_OK;
	}
	return image_say(HD_EXIT_USAGE, "--limit wants NAME=VALUE with NAME one of "
	    "files, bytes, path, depth, link, file-size, json, images, layers; "
	    "not '%s'", arg);
}

/* Parse argv; HD_EXIT_OK, the exit status to use, or -1 after --help. */
static int
parse_args(struct image_args *ia, int argc, char **argv)
{
	int ch, r;

	while ((ch = cli_getopt(&cmd_image_entry, argc, argv)) != -1) {
		if ((r = scan_parse_opt(&ia->a, ch, optarg)) != SCAN_OPT_NOT_MINE ||
		    (r = scan_parse_report_opt(&ia->a, &ia->ra, ch, optarg)) !=
		    SCAN_OPT_NOT_MINE) {
			if (r != HD_EXIT_OK)
				return r;
			continue;
		}
		switch (ch) {
		case O_ARCHIVE:
			ia->archive = true;
			break;
		case O_BASE:
			ia->base = optarg;
			break;
		case O_IGNINH:
			ia->ignore_inherited = true;
			break;
		case O_LIMIT:
			if ((r = parse_limit(ia, optarg)) != HD_EXIT_OK)
				return r;
			break;
		case 'h':
			cli_usage(stdout, &cmd_image_entry);
			return -1;
		default:
			return HD_EXIT_USAGE;
		}
	}
	ia->refs = argv + optind;
	ia->nrefs = (size_t)(argc - optind);
	if (ia->ra.snapshot_in != NULL && (ia->nrefs > 0 || ia->base))
		return image_say(HD_EXIT_USAGE, "--snapshot evaluates a saved "
		    "snapshot: no images or --base with it");
	if (ia->ra.snapshot_in == NULL && ia->nrefs == 0)
		return image_say(HD_EXIT_USAGE, "name at least one image (or archive "
		    "with --archive); see 'hardock image --help'");
	{
		size_t stdin_uses = ia->base && strcmp(ia->base, "-") == 0;

		for (size_t i = 0; i < ia->nrefs; i++)
			stdin_uses += strcmp(ia->refs[i], "-") == 0;
		if (stdin_uses > 1)
			return image_say(HD_EXIT_USAGE, "stdin (-) can be read once");
	}
	if (ia->nrefs > MAX_IMAGES)
		return image_say(HD_EXIT_USAGE, "at most %d images at once",
		    MAX_IMAGES);
	return scan_report_ready(&ia->a, &ia->ra);
}

/* Whether --base names an archive: an existing path, or "-". */
static bool
base_is_archive(const char *base)
{
	struct stat st;

	return strcmp(base, "-") == 0 || stat(base, &st) == 0;
}

/* Everything opened before the sandbox, read inside it. */
struct plan {
	struct image_src *srcs;   /* one per archive, or per engine image */
	char **ids;               /* engine: the image each src is of */
	size_t nids;
	size_t nsrcs;
	struct image_src base;    /* --base's contents */
	char *base_id;            /* engine --base: its id */
	struct hd_export *export;
	struct hd_buf *saved;     /* --snapshot */
};

/* Release what p holds. */
static void
plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->nsrcs; i++)
		image_src_close(&p->srcs[i]);
	for (size_t i = 0; i < p->nids; i++)
		free(p->ids[i]);
	free(p->srcs);
	free(p->ids);
	image_src_close(&p->base);
	free(p->base_id);
	hd_export_free(p->export);
	hd_buf_free(p->saved);
}

/* The entries an image layout directory may hold: every layer and
 * config of the images it may have, and a few more. */
static size_t
dir_entries(const struct hd_image_limits *lim)
{
	uint64_t n = (uint64_t)lim->max_images * (lim->max_layers + 4) + 16;

	return n > 100000 ? 100000 : (size_t)n;
}

/* --archive: open every operand (and an archive --base) now; the exit
 * status (2 for one that cannot be opened). */
static int
open_archives(struct plan *p, const struct image_args *ia)
{
	size_t cap = dir_entries(&ia->lim);

	p->srcs = hd_xcalloc(ia->nrefs + 1, sizeof(*p->srcs));
	for (size_t i = 0; i < ia->nrefs; i++, p->nsrcs++)
		if (image_src_open(&p->srcs[i], ia->refs[i], cap) < 0)
			return image_say(HD_EXIT_USAGE, "cannot read archive %s",
			    hd_error_last());
	if (ia->base && image_src_open(&p->base, ia->base, cap) < 0)
		return image_say(HD_EXIT_USAGE, "cannot read --base archive %s",
		    hd_error_last());
	return HD_EXIT_OK;
}

/* The engine: inspect and history of every operand (and an engine
 * --base) into s (base), then the copier of their exports forked; the
 * exit status. */
static int
open_engine(struct plan *p, struct image_args *ia, struct hd_snapshot *s,
    struct hd_snapshot *base)
{
	struct hd_engine_limits lim = { .body_cap = HD_BUF_CAP_API,
	    .max_inflight = HD_ENGINE_INFLIGHT };
	struct hd_engine_conn *c = NULL;
	struct hd_docker_env env;
	const char *hex[MAX_IMAGES + 1];
	char **why = hd_xcalloc(ia->nrefs + 1, sizeof(*why)), *bwhy = NULL;
	const char *bref = ia->base_archive ? NULL : ia->base;
	size_t n = 0, b;
	int r = HD_EXIT_OK, e;

	hd_docker_env_from_environ(&env);
	if ((e = hd_engine_open(&c, &ia->a.collect, &env, &lim)) < 0) {
		(void)image_say(0, "%s", hd_error_last());
		r = e == HD_EUSAGE ? HD_EXIT_USAGE : HD_EXIT_NOSCAN;
		goto out;
	}
	p->ids = hd_xcalloc(ia->nrefs + 1, sizeof(*p->ids));
	p->nids = ia->nrefs;
	if (hd_engine_conn_images(c, s, &ia->a.collect,
	    (const char *const *)ia->refs, ia->nrefs, p->ids, why) < 0 ||
	    (bref && hd_engine_conn_images(c, base, &ia->a.collect, &bref, 1,
	    &p->base_id, &bwhy) < 0)) {
		r = image_say(HD_EXIT_USAGE, "%s", hd_error_last());
		for (size_t i = 0; i < ia->nrefs; i++)
			if (base_is_archive(ia->refs[i]))
				(void)image_say(0, "%s is a file: audit archives with "
				    "--archive", ia->refs[i]);
		goto out;
	}
	for (size_t i = 0; i < ia->nrefs; i++)
		if (why[i] != NULL)
			r = image_say(HD_EXIT_USAGE, "%s: %s%s", ia->refs[i], why[i],
			    base_is_archive(ia->refs[i]) ? " (a file: audit an archive "
			    "with --archive)" : "");
	if (bwhy != NULL)
		r = image_say(HD_EXIT_USAGE, "--base %s: %s", bref, bwhy);
	if (r != HD_EXIT_OK)
		goto out;
	/* One stream per distinct image, then the base's. */
	p->srcs = hd_xcalloc(ia->nrefs + 1, sizeof(*p->srcs));
	for (size_t i = 0; i < ia->nrefs; i++) {
		bool dup = false;

		for (size_t j = 0; j < n; j++)
			dup = dup || strcmp(p->ids[j], p->ids[i]) == 0;
		if (dup) {
			free(p->ids[i]);
			p->ids[i] = NULL;
			continue;
		}
		if (n != i) {
			p->ids[n] = p->ids[i];
			p->ids[i] = NULL;
		}
		n++;
	}
	for (size_t i = n; i < ia->nrefs; i++) {
		free(p->ids[i]);
		p->ids[i] = NULL;
	}
	p->nsrcs = n;
	/* The base is read first (read_all()): its stream comes first. */
	b = p->base_id != NULL;
	if (b)
		hex[0] = p->base_id + (strncmp(p->base_id, "sha256:", 7) ? 0 : 7);
	for (size_t i = 0; i < n; i++)
		hex[b + i] = p->ids[i] + (strncmp(p->ids[i], "sha256:", 7) ? 0 : 7);
	if ((e = hd_export_start(&p->export, hd_engine_conn_target(c),
	    hd_engine_conn_prefix(c), hex, n + b,
	    ia->a.collect.timeout_ms > 0 ? ia->a.collect.timeout_ms :
	    HD_ENGINE_TIMEOUT_MS)) < 0) {
		(void)image_say(0, "%s", hd_error_last());
		r = e == HD_EUSAGE ? HD_EXIT_USAGE : HD_EXIT_NOSCAN;
		goto out;
	}
	for (size_t i = 0; i < n + b; i++) {
		struct image_src *src = b && i == 0 ? &p->base : &p->srcs[i - b];

		src->export = hd_export_stream(p->export, i);
		src->label = src->own = hd_xasprintf("GET %s/images/%s/get",
		    hd_engine_conn_prefix(c), hex[i]);
	}
out:
	for (size_t i = 0; i < ia->nrefs; i++)
		free(why[i]);
	free(why);
	free(bwhy);
	hd_engine_conn_free(c);
	return r;
}

/* HD_F_ENGINE_IMAGES from the image objects of s, in the /images/json
 * shape: several archives' images are one list. */
static void
list_images(struct hd_snapshot *s, const char *source)
{
	static const char *const keep[] = { "Id", "RepoTags", "RepoDigests",
		"Created", "Size", NULL };
	json_object *list = json_object_new_array(), *v;
	struct hd_object obj;

	for (size_t i = 0; i < hd_snapshot_count(s, HD_OBJ_IMAGE); i++) {
		json_object *o = json_object_new_object();

		hd_snapshot_object(&obj, s, HD_OBJ_IMAGE, i);
		json_object_object_add(o, "Id", json_object_new_string(obj.id));
		for (size_t k = 1; keep[k] && obj.inspect.state == HD_FACT_VALUE; k++)
			if (json_object_object_get_ex(obj.inspect.value, keep[k], &v))
				json_object_object_add(o, keep[k], json_object_get(v));
		hd_snapshot_release(s, HD_OBJ_IMAGE, i);
		json_object_array_add(list, o);
	}
	hd_snapshot_set_value(s, HD_F_ENGINE_IMAGES, list, source);
}

/* The number of layers in the content fact of image id of s, 0 when
 * unknown. */
static size_t
layer_count(const struct hd_snapshot *s, const char *id)
{
	char *key = hd_xasprintf("%s%s", HD_F_IMAGE_CONTENT, id);
	struct hd_fact f;
	json_object *l;
	size_t n = 0;

	hd_snapshot_fact(&f, s, key);
	if (f.state == HD_FACT_VALUE && json_object_object_get_ex(f.value,
	    "layers", &l) && json_object_is_type(l, json_type_array))
		n = json_object_array_length(l);
	free(key);
	return n;
}

/* The ids of base's images, most layers first (the closest base wins
 * when an archive holds several). */
static char **
base_candidates(size_t *n, const struct hd_snapshot *base, const char *id)
{
	size_t m = hd_snapshot_count(base, HD_OBJ_IMAGE);
	char **ids = hd_xcalloc(m + 2, sizeof(*ids));
	struct hd_object obj;

	*n = 0;
	if (id != NULL) {
		ids[(*n)++] = hd_xstrdup(id);
		return ids;
	}
	for (size_t i = 0; i < m; i++) {
		hd_snapshot_object(&obj, base, HD_OBJ_IMAGE, i);
		ids[(*n)++] = hd_xstrdup(obj.id);
	}
	for (size_t i = 1; i < *n; i++)
		for (size_t j = i; j > 0 && layer_count(base, ids[j]) >
		    layer_count(base, ids[j - 1]); j--) {
			char *t = ids[j];

			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	return ids;
}

/* Mark each image of s with the base read into base; the exit status (2
 * when the base is not a base of an image). */
static int
apply_base(struct hd_snapshot *s, const struct hd_snapshot *base,
    const char *base_id, const char *name)
{
	char *how = hd_xasprintf("--base %s", name);
	size_t nc;
	char **cand = base_candidates(&nc, base, base_id);
	struct hd_object obj;
	int r = HD_EXIT_OK;

	if (nc == 0)
		r = image_say(HD_EXIT_USAGE, "--base %s holds no image", name);
	for (size_t i = 0; r == HD_EXIT_OK && i < hd_snapshot_count(s,
	    HD_OBJ_IMAGE); i++) {
		char *id, *why = NULL;
		int e = HD_ERR;

		hd_snapshot_object(&obj, s, HD_OBJ_IMAGE, i);
		id = hd_xstrdup(obj.id);
		hd_snapshot_release(s, HD_OBJ_IMAGE, i);
		for (size_t k = 0; k < nc && e < 0; k++) {
			if ((e = hd_image_set_base(s, id, base, cand[k], how)) < 0 &&
			    why == NULL)
				why = hd_xstrdup(hd_error_last());
		}
		if (e < 0)
			r = image_say(HD_EXIT_USAGE, "--base %s is not a base of %s: %s",
			    name, id, why ? why : "no image to compare");
		free(why);
		free(id);
	}
	for (size_t k = 0; k < nc; k++)
		free(cand[k]);
	free(cand);
	free(how);
	return r;
}

/* Read every source inside the sandbox into s (and base); the exit
 * status: an archive that cannot be read is 2, an engine image whose
 * export broke has its content fact in error instead. */
static int
read_all(struct plan *p, struct image_args *ia, struct hd_snapshot *s,
    struct hd_snapshot *base)
{
	unsigned engine = ia->archive ? 0 : HD_IMAGE_CONTENT_ONLY;

	if ((p->base.file || p->base.dir || p->base.export) &&
	    image_src_read(&p->base, base, &ia->lim, p->base.export ?
	    HD_IMAGE_CONTENT_ONLY : 0) < 0)
		return image_say(HD_EXIT_USAGE, "cannot read --base %s: %s", ia->base,
		    hd_error_last());
	for (size_t i = 0; i < p->nsrcs; i++) {
		struct image_src *src = &p->srcs[i];

		if (image_src_read(src, s, &ia->lim, engine) == HD_OK)
			continue;
		if (ia->archive)
			return image_say(HD_EXIT_USAGE, "cannot read archive %s: %s",
			    src->label, hd_error_last());
		{
			char *key = hd_xasprintf("%s%s", HD_F_IMAGE_CONTENT, p->ids[i]);

			hd_snapshot_set_error(s, key, src->label, "%s", hd_error_last());
			free(key);
		}
	}
	if (ia->archive) {
		hd_snapshot_set_absent(s, HD_F_ENGINE_VERSION, "hardock image "
		    "--archive", "no engine: the images were read from archives");
		list_images(s, "hardock image --archive");
	}
	hd_image_resolve_annotated_bases(s);
	if (ia->base)
		return apply_base(s, base, p->base_id, ia->base);
	return HD_EXIT_OK;
}

/* Say which audited images' layers could not be read whole; true when
 * any (exit status 3). */
static bool
content_errors(const struct hd_snapshot *s)
{
	struct hd_object obj;
	bool any = false;

	for (size_t i = 0; i < hd_snapshot_count(s, HD_OBJ_IMAGE); i++) {
		char *key;
		struct hd_fact f;

		hd_snapshot_object(&obj, s, HD_OBJ_IMAGE, i);
		key = hd_xasprintf("%s%s", HD_F_IMAGE_CONTENT, obj.id);
		hd_snapshot_fact(&f, s, key);
		if (f.state != HD_FACT_VALUE) {
			(void)image_say(0, "%s: its layers were not read whole: %s",
			    obj.name, f.reason ? f.reason : "unknown");
			any = true;
		}
		free(key);
		hd_snapshot_release(s, HD_OBJ_IMAGE, i);
	}
	return any;
}

/* Open what the run reads, with the privileges it needs; the exit
 * status. */
static int
open_sources(struct plan *p, struct image_args *ia, struct hd_snapshot *s,
    struct hd_snapshot *base)
{
	if (ia->ra.snapshot_in != NULL) {
		if (hd_snapshot_read(&p->saved, ia->ra.snapshot_in) < 0)
			return image_say(HD_EXIT_USAGE, "cannot read snapshot %s",
			    hd_error_last());
		return HD_EXIT_OK;
	}
	if (ia->archive) {
		if (ia->base && !base_is_archive(ia->base))
			return image_say(HD_EXIT_USAGE, "--base %s: no such archive (with "
			    "--archive, the base is an archive too)", ia->base);
		return open_archives(p, ia);
	}
	if (ia->base && base_is_archive(ia->base)) {
		size_t cap = dir_entries(&ia->lim);

		if (image_src_open(&p->base, ia->base, cap) < 0)
			return image_say(HD_EXIT_USAGE, "cannot read --base archive %s",
			    hd_error_last());
		ia->base_archive = true;
	}
	return open_engine(p, ia, s, base);
}

static int
image_exec(int argc, char **argv)
{
	struct image_args ia;
	struct plan p;
	struct hd_snapshot *snap = hd_snapshot_new(), *base = hd_snapshot_new();
	struct hd_results *res = NULL;
	struct hd_profile *profile = NULL;
	struct hd_sandbox sb;
	char started[32];
	bool unread = false;
	int r;

	memset(&ia, 0, sizeof(ia));
	memset(&p, 0, sizeof(p));
	scan_args_init(&ia.a, "image");
	scan_report_args_init(&ia.ra);
	hd_image_limits_init(&ia.lim);
	if ((r = parse_args(&ia, argc, argv)) != HD_EXIT_OK) {
		r = r < 0 ? HD_EXIT_OK : r;
		goto out;
	}
	if ((r = scan_prepare(&ia.a, &profile)) != HD_EXIT_OK)
		goto out;
	ia.a.scan.images = true;
	if (!ia.ra.quiet && isatty(STDERR_FILENO))
		ia.a.scan.progress = scan_progress;
	/* An archive needs no engine: only reading it needs a capability. */
	hd_sandbox_init(&sb, !ia.ra.no_sandbox, ia.archive ||
	    ia.ra.snapshot_in != NULL);
	if (ia.ra.snapshot_in == NULL) {
		sb.applied = ia.archive ? "after the archives were opened, before "
		    "any byte of them was parsed" : "after the engine's inspect and "
		    "history answers, before any byte of the images' export was "
		    "parsed (a child process without the filter copies the export "
		    "from the engine into pipes)";
		sb.since = ia.archive ? "the archives were opened" :
		    "the engine's export was under way";
	}
	if ((r = scan_open_outputs(&ia.a, &ia.ra, &sb)) != HD_EXIT_OK)
		goto out;
	if (hd_sandbox_begin(&sb) < 0) {
		r = scan_sandbox_failed(&ia.a, "drop privileges");
		goto out;
	}
	/* No collector of a scan runs: what only they needed goes now. */
	for (size_t i = 0; i < hd_collector_count(); i++)
		if (strcmp(hd_collector_get(i)->name, "engine") != 0)
			hd_sandbox_collected(hd_collector_get(i)->name, &sb);
	scan_now(started, sizeof(started));
	hd_snapshot_set_meta(snap, HD_META_COLLECTED_AT, started);
	if ((r = open_sources(&p, &ia, snap, base)) != HD_EXIT_OK)
		goto out;
	hd_sandbox_collected("engine", &sb);
	if (hd_sandbox_enter(&sb) < 0) {
		r = scan_sandbox_failed(&ia.a, "enter the sandbox");
		goto out;
	}
	if (p.saved != NULL) {
		hd_snapshot_free(snap);
		snap = NULL;
		if ((r = hd_snapshot_parse(&snap, hd_buf_ptr(p.saved),
		    hd_buf_len(p.saved))) < 0) {
			hd_error_wrap(r, ia.ra.snapshot_in);
			r = image_say(HD_EXIT_USAGE, "cannot read snapshot %s",
			    hd_error_last());
			goto out;
		}
	} else if ((r = read_all(&p, &ia, snap, base)) != HD_EXIT_OK) {
		goto out;
	}
	if ((r = scan_save_snapshot(&ia.ra, snap)) != HD_EXIT_OK)
		goto out;
	if (hd_scan_run(&res, snap, &ia.a.scan) < 0) {
		r = image_say(HD_EXIT_USAGE, "%s", hd_error_last());
		goto out;
	}
	if ((r = scan_render(&ia.a, &ia.ra, res, snap, profile, &sb, started)) !=
	    HD_EXIT_OK)
		goto out;
	unread = content_errors(snap);
	r = ia.a.fail_on >= 0 && hd_results_failed_at(res,
	    (enum hd_severity)ia.a.fail_on, ia.ignore_inherited) ?
	    HD_EXIT_FAILED : HD_EXIT_OK;
	if (unread)
		r = HD_EXIT_NOSCAN;
out:
	scan_abandon_outputs(&ia.a, &ia.ra);
	plan_free(&p);
	hd_results_free(res);
	hd_snapshot_free(snap);
	hd_snapshot_free(base);
	hd_scan_opts_release(&ia.a.scan);
	hd_profile_free(profile);
	return r;
}

const struct cmd_entry cmd_image_entry = {
	.name = "image", .args = "[OPTIONS] IMAGE... | --archive FILE...",
	.summary = "audit images of the engine, or image archives with no engine",
	.description = "Read each image's configuration, history and layer "
	    "contents, evaluate the checks that judge an image (setuid files, "
	    "secrets in files and in the history, package verification, "
	    "installed packages, the user, ...), and report as scan does. "
	    "IMAGE names an image of the engine (name, name:tag, name@digest or "
	    "id): its inspect and history are read as a scan reads them, its "
	    "layers through the engine's export (GET /images/{id}/get) as a "
	    "stream, nothing written to disk, nothing run. With --archive the "
	    "operands are archives (docker save, an OCI image layout or a tar "
	    "of one) and no engine is asked; several images in one archive are "
	    "each audited. Layers are read once, streaming, their digests "
	    "verified against the manifest, whiteouts applied; what one image "
	    "may make hardock read is capped (--limit). With --base, or the "
	    "OCI annotations org.opencontainers.image.base.digest/name, "
	    "findings that come from the base image's layers are marked "
	    "inherited in every format; --ignore-inherited leaves them out of "
	    "the exit status.",
	.opts = image_opts, .exec = image_exec, .help_extra = image_help_extra,
	.man_extra = image_man_extra,
};
