/* The scan pipeline `hardock scan` and `hardock watch` share. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hardock/facts.h>

#include "scanrun.h"

void
scan_args_init(struct scan_args *a, const char *cmd)
{
	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	hd_scan_opts_init(&a->scan);
	a->collect.root = "/";
}

/* Split a comma-separated list into the growing array *v of *n items. The
 * strings point into s, which must outlive the array. */
static void
split_list(const char ***v, size_t *n, char *s)
{
	for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		*v = hd_xrealloc(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = tok;
	}
}

int
scan_parse_opt(struct scan_args *a, int ch, char *arg)
{
	char *end, *eq;
	double secs;

	switch (ch) {
	case 'H':
		a->collect.host = arg;
		break;
	case O_CONTEXT:
		a->collect.context = arg;
		break;
	case O_ROOT:
		a->collect.root = arg;
		break;
	case 'o':
		return scan_add_output(a, arg, true);
	case 'c':
		split_list(&a->scan.select, &a->scan.nselect, arg);
		break;
	case 'e':
		split_list(&a->scan.exclude, &a->scan.nexclude, arg);
		break;
	case 'b':
		a->benchmark = arg;
		break;
	case O_PROFILE:
		a->profile = arg;
		break;
	case O_FAILON:
		if (strcmp(arg, "none") == 0)
			a->fail_on = -1;
		else if ((a->fail_on = hd_severity_from_name(arg)) < 0)
			return cli_usage_error("%s: unknown severity '%s' (info, "
			    "low, medium, high, critical, none)", a->cmd, arg);
		break;
	case O_TIMEOUT:
		secs = strtod(arg, &end);
		if (end == arg || *end || !(secs > 0 && secs <= 3600))
			return cli_usage_error("%s: --timeout wants seconds "
			    "between 0 and 3600, not '%s'", a->cmd, arg);
		a->collect.timeout_ms = (long)(secs * 1000);
		break;
	case O_PARAM:
		if ((eq = strchr(arg, '=')) == NULL || eq == arg)
			return cli_usage_error("%s: --param wants NAME=VALUE, "
			    "not '%s'", a->cmd, arg);
		a->scan.params = hd_xrealloc(a->scan.params, a->scan.nparams + 1,
		    sizeof(*a->scan.params));
		a->scan.params[a->scan.nparams].name =
		    hd_xstrndup(arg, (size_t)(eq - arg));
		a->scan.params[a->scan.nparams++].value = hd_xstrdup(eq + 1);
		break;
	case O_TLSV:
		a->collect.tls_verify = true;
		break;
	case O_TLSCA:
		a->collect.tls_ca = arg;
		break;
	case O_TLSCERT:
		a->collect.tls_cert = arg;
		break;
	case O_TLSKEY:
		a->collect.tls_key = arg;
		break;
	default:
		return SCAN_OPT_NOT_MINE;
	}
	return HD_EXIT_OK;
}

int
scan_add_output(struct scan_args *a, const char *spec, bool with_file)
{
	const char *colon = with_file ? strchr(spec, ':') : NULL;
	char name[64];
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);

	if (with_file && (colon == NULL || colon[1] == '\0'))
		return cli_usage_error("%s: --output wants FMT:FILE, got '%s'",
		    a->cmd, spec);
	if (n >= sizeof(name))
		return cli_usage_error("%s: unknown format '%s'", a->cmd, spec);
	memcpy(name, spec, n);
	name[n] = '\0';
	if (a->noutputs == SCAN_MAX_OUTPUTS)
		return cli_usage_error("%s: at most %d outputs", a->cmd,
		    SCAN_MAX_OUTPUTS);
	if ((a->outputs[a->noutputs].reporter = hd_reporter_find(name)) == NULL)
		return cli_usage_error("%s: unknown format '%s' (see 'hardock %s "
		    "--help')", a->cmd, name, a->cmd);
	a->outputs[a->noutputs++].path = colon ? colon + 1 : NULL;
	return HD_EXIT_OK;
}

/* Put the profile under what the command line said: the profile's
 * parameters first (the last one given wins), its checks only when no -c
 * was given, its excludes added to -e. */
void
scan_apply_profile(struct hd_scan_opts *o, const struct hd_profile *p)
{
	struct hd_scan_opts cli = *o;

	o->select = NULL;
	o->nselect = 0;
	o->exclude = NULL;
	o->nexclude = 0;
	o->params = NULL;
	o->nparams = 0;
	hd_profile_apply(p, o);
	if (cli.nselect) {
		free(o->select);
		o->select = cli.select;
		o->nselect = cli.nselect;
	}
	if (cli.nexclude) {
		o->exclude = hd_xrealloc(o->exclude, o->nexclude + cli.nexclude,
		    sizeof(*o->exclude));
		memcpy(o->exclude + o->nexclude, cli.exclude,
		    cli.nexclude * sizeof(*o->exclude));
		o->nexclude += cli.nexclude;
		free(cli.exclude);
	}
	o->params = hd_xrealloc(o->params, o->nparams + cli.nparams,
	    sizeof(*o->params));
	if (cli.nparams)
		memcpy(o->params + o->nparams, cli.params,
		    cli.nparams * sizeof(*o->params));
	o->nparams += cli.nparams;
	free(cli.params);
}

int
scan_prepare(struct scan_args *a, struct hd_profile **profile)
{
	*profile = NULL;
	if ((a->scan.pack = cli_pack(a->cmd, a->benchmark)) == NULL)
		return HD_EXIT_USAGE;
	if (a->profile && hd_profile_load(profile, a->profile) < 0)
		return cli_usage_error("%s: %s", a->cmd, hd_error_last());
	if (*profile)
		scan_apply_profile(&a->scan, *profile);
	if (hd_scan_opts_validate(&a->scan) < 0)
		return cli_usage_error("%s: %s", a->cmd, hd_error_last());
	return HD_EXIT_OK;
}

int
scan_collect(struct hd_snapshot **out, const struct scan_args *a,
    const char *started)
{
	struct hd_snapshot *s;
	struct stat st;

	*out = NULL;
	if (stat(a->collect.root, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "hardock: %s: no host to audit at --root %s: %s\n",
		    a->cmd, a->collect.root, errno ? strerror(errno) :
		    "not a directory");
		return HD_EXIT_NOSCAN;
	}
	s = hd_snapshot_new();
	hd_snapshot_set_meta(s, HD_META_COLLECTED_AT, started);
	hd_snapshot_set_meta(s, HD_META_ROOT, a->collect.root);
	hd_collect_all(s, &a->collect);
	*out = s;
	return HD_EXIT_OK;
}

/* Open where output o goes: stdout, path itself, or a temporary file
 * beside it (its name into *tmp) when atomic. */
static FILE *
open_output(const struct scan_output *o, bool atomic, char **tmp)
{
	char *dup, *dir;
	int fd;
	FILE *fp;

	*tmp = NULL;
	if (o->path == NULL)
		return stdout;
	if (!atomic)
		return fopen(o->path, "we");
	dup = hd_xstrdup(o->path);
	dir = dirname(dup);
	*tmp = hd_xasprintf("%s/.hardock.XXXXXX", dir);
	free(dup);
	if ((fd = mkostemp(*tmp, O_CLOEXEC)) < 0) {
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	/* Reports are read by other tools (node_exporter, a web server). */
	fchmod(fd, 0644);
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(*tmp);
	}
	return fp;
}

FILE *
scan_output_open(const struct scan_args *a, size_t i, bool atomic, char **tmp)
{
	const struct scan_output *o = &a->outputs[i];
	FILE *fp = open_output(o, atomic, tmp);

	if (fp == NULL)
		fprintf(stderr, "hardock: %s: cannot write %s: %s\n", a->cmd,
		    o->path, strerror(errno));
	return fp;
}

int
scan_output_close(const struct scan_args *a, size_t i, FILE *fp, char *tmp,
    int r)
{
	const struct scan_output *o = &a->outputs[i];

	/* A file is closed, stdout flushed: either way its errors show. */
	if (o->path != NULL) {
		if (fclose(fp) != 0)
			r = -1;
	} else if (fflush(fp) != 0) {
		r = -1;
	}
	if (r == 0 && tmp && rename(tmp, o->path) < 0)
		r = -1;
	if (r < 0 && tmp)
		unlink(tmp);
	free(tmp);
	if (r < 0) {
		fprintf(stderr, "hardock: %s: cannot write %s report to %s\n",
		    a->cmd, o->reporter->name, o->path ? o->path : "stdout");
		return HD_EXIT_NOSCAN;
	}
	return HD_EXIT_OK;
}

int
scan_write_outputs(const struct scan_args *a, struct hd_report *rep,
    bool atomic)
{
	bool color = rep->color;

	for (size_t i = 0; i < a->noutputs; i++) {
		char *tmp;
		FILE *fp = scan_output_open(a, i, atomic, &tmp);

		if (fp == NULL) {
			free(tmp);
			return HD_EXIT_NOSCAN;
		}
		rep->color = a->outputs[i].path == NULL && color;
		if (scan_output_close(a, i, fp, tmp,
		    a->outputs[i].reporter->render(fp, rep)) != HD_EXIT_OK)
			return HD_EXIT_NOSCAN;
	}
	rep->color = color;
	return HD_EXIT_OK;
}

void
scan_now(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool
scan_want_color(const char *when)
{
	const char *term = getenv("TERM"), *no_color = getenv("NO_COLOR");

	if (strcmp(when, "always") == 0)
		return true;
	if (strcmp(when, "never") == 0)
		return false;
	if (no_color && no_color[0])
		return false;
	return isatty(STDOUT_FILENO) && !(term && strcmp(term, "dumb") == 0);
}
