/*
 * CIS 1.2.1, the host's hardening. "Hardened" as a whole is a review, but
 * some of it is a fact: a reboot the package manager is waiting for, a
 * kernel older than the site's floor, a service listening where the site
 * allows none. Those parts decide; the rest stays with a person.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* One part of the verdict. */
enum part { PART_PASS, PART_FAIL, PART_ERROR, PART_UNDECIDED };

/* A pending reboot (Debian's and Ubuntu's marker file). */
static enum part
reboot_part(const struct hd_ctx *ctx, struct hd_finding *f, char **why)
{
	struct hd_fact r;
	json_object *pkgs = NULL;
	bool required = false;

	hd_fact(&r, ctx, HD_F_REBOOT_REQUIRED);
	if (r.state != HD_FACT_VALUE) {
		*why = hd_xasprintf("pending reboot unknown: %s", r.reason);
		return PART_ERROR;
	}
	if (hd_get_bool(f, r.value, "required", false, &required) < 0 ||
	    hd_get_array(f, r.value, "packages", &pkgs) < 0) {
		*why = hd_xstrdup(f->message);
		return PART_ERROR;
	}
	hd_ev_bool(f, "reboot required", required, r.source);
	if (!required)
		return PART_PASS;
	hd_ev(f, "packages waiting for the reboot", pkgs ? json_object_get(pkgs) :
	    NULL, r.source);
	*why = hd_xasprintf("a reboot is pending (%s): updates installed are not "
	    "running yet", r.source);
	return PART_FAIL;
}

/* The running kernel against min_kernel_version. */
static enum part
kernel_part(const struct hd_ctx *ctx, struct hd_finding *f, char **why)
{
	const char *min = hd_param(ctx, "min_kernel_version"), *k = NULL;
	struct hd_fact info;
	int c;

	hd_fact(&info, ctx, HD_F_HOST_INFO);
	if (info.state == HD_FACT_VALUE &&
	    hd_get_str(NULL, info.value, "kernel", NULL, &k) == 0 && k != NULL)
		hd_ev_str(f, "kernel", k, info.source);
	if (min == NULL)
		return PART_UNDECIDED;
	hd_ev_str(f, "min_kernel_version", min, "parameter");
	if (k == NULL) {
		*why = hd_xstrdup("the running kernel's release is unknown");
		return PART_ERROR;
	}
	if ((c = hd_version_cmp(k, min)) == -2) {
		*why = hd_xasprintf("cannot compare kernel %s with %s", k, min);
		return PART_ERROR;
	}
	if (c >= 0)
		return PART_PASS;
	*why = hd_xasprintf("kernel %s is older than min_kernel_version %s", k,
	    min);
	return PART_FAIL;
}

/* Whether an address is loopback (127.0.0.0/8, ::1, ::ffff:127.x). */
static bool
loopback(const char *a)
{
	return strncmp(a, "127.", 4) == 0 || strcmp(a, "::1") == 0 ||
	    strncmp(a, "::ffff:127.", 11) == 0;
}

/* Whether allowed_listeners holds a listener: its port ("22"), or its
 * address and port ("10.0.0.5:22", "[::]:22"). */
static bool
listener_allowed(const struct hd_ctx *ctx, const char *addr, int64_t port)
{
	char p[16], ap[80];

	snprintf(p, sizeof(p), "%lld", (long long)port);
	snprintf(ap, sizeof(ap), strchr(addr, ':') ? "[%s]:%lld" : "%s:%lld",
	    addr, (long long)port);
	return hd_param_list_has(ctx, "allowed_listeners", p) ||
	    hd_param_list_has(ctx, "allowed_listeners", ap);
}

/* Listening TCP sockets reachable from the network against
 * allowed_listeners (loopback ones are shown, not judged). */
static enum part
listen_part(const struct hd_ctx *ctx, struct hd_finding *f, char **why)
{
	const char *allowed = hd_param(ctx, "allowed_listeners");
	struct hd_fact l;
	size_t bad = 0, n;

	hd_fact(&l, ctx, HD_F_LISTENING);
	if (l.state == HD_FACT_VALUE)
		hd_ev_fact(f, "listening TCP sockets", &l);
	if (allowed == NULL)
		return PART_UNDECIDED;
	hd_ev_str(f, "allowed_listeners", allowed, "parameter");
	if (l.state != HD_FACT_VALUE ||
	    !json_object_is_type(l.value, json_type_array)) {
		*why = hd_xasprintf("listening sockets unknown: %s", l.reason ?
		    l.reason : "not an array");
		return PART_ERROR;
	}
	n = json_object_array_length(l.value);
	for (size_t i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(l.value, i);
		const char *addr = NULL;
		int64_t port = 0;
		char *text;

		if (hd_get_str(f, s, "address", NULL, &addr) < 0 || addr == NULL ||
		    hd_get_int(f, s, "port", 0, &port) < 0) {
			*why = hd_xasprintf("%s[%zu]: malformed", HD_F_LISTENING, i);
			return PART_ERROR;
		}
		if (loopback(addr) || listener_allowed(ctx, addr, port))
			continue;
		text = hd_xasprintf(strchr(addr, ':') ? "[%s]:%lld" : "%s:%lld",
		    addr, (long long)port);
		hd_ev_str(f, "listener not in allowed_listeners", text, l.source);
		free(text);
		bad++;
	}
	if (bad == 0)
		return PART_PASS;
	*why = hd_xasprintf("%zu TCP listener(s) reachable from the network are "
	    "not in allowed_listeners", bad);
	return PART_FAIL;
}

/* Append why to the "; "-separated list *list. */
static void
add_reason(char **list, const char *why)
{
	char *t = hd_xasprintf("%s%s%s", *list ? *list : "", *list ? "; " : "",
	    why);

	free(*list);
	*list = t;
}

/* 1.2.1: fail on any part that fails, error on a part that cannot be
 * read, pass when every part is decided (both parameters set), and
 * manual otherwise, with what was read as evidence. */
static enum hd_status
host_hardened(const struct hd_ctx *ctx, struct hd_finding *f)
{
	enum part (*const parts[])(const struct hd_ctx *, struct hd_finding *,
	    char **) = { reboot_part, kernel_part, listen_part };
	char *fails = NULL, *errors = NULL;
	bool undecided = false;
	struct hd_fact fact;
	enum hd_status st;

	hd_fact(&fact, ctx, HD_F_APPARMOR);
	hd_ev_fact(f, HD_F_APPARMOR, &fact);
	hd_fact(&fact, ctx, HD_F_SELINUX);
	hd_ev_fact(f, HD_F_SELINUX, &fact);
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		char *why = NULL;
		enum part p = parts[i](ctx, f, &why);

		if (p == PART_FAIL)
			add_reason(&fails, why);
		else if (p == PART_ERROR)
			add_reason(&errors, why);
		undecided |= p == PART_UNDECIDED;
		free(why);
	}
	if (fails != NULL) {
		hd_msg(f, "%s", fails);
		st = HD_FAIL;
	} else if (errors != NULL) {
		hd_msg(f, "%s", errors);
		st = HD_ERROR;
	} else if (undecided) {
		hd_msg(f, "no reboot pending%s; review the rest of the host's "
		    "hardening (minimal packages, services, MAC, kernel options: see "
		    "the HD-HOST checks), or set min_kernel_version and "
		    "allowed_listeners to decide those parts", hd_param(ctx,
		    "min_kernel_version") ? ", kernel recent enough" : "");
		st = HD_MANUAL;
	} else {
		hd_msg(f, "no reboot pending, kernel at least %s, every listener "
		    "reachable from the network allowed", hd_param(ctx,
		    "min_kernel_version"));
		st = HD_PASS;
	}
	free(fails);
	free(errors);
	return st;
}

static const struct hd_param_def hardened_params[] = {
	{ "min_kernel_version", HD_PARAM_STRING, NULL,
	  "oldest acceptable kernel release (e.g. 6.1.0-18, compared "
	  "numerically); unset leaves that part to a person" },
	{ "allowed_listeners", HD_PARAM_LIST, NULL,
	  "TCP listeners the host may have on non-loopback addresses: ports "
	  "(\"22\") or address:port (\"10.0.0.5:2376\", \"[::]:22\"); unset "
	  "leaves that part to a person" },
	{ .name = NULL },
};

const struct hd_check hd_checks_host_baseline[] = {
	{ .key = "host.hardened",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "Containers share the host's kernel: a weak host makes every "
	      "container boundary weak.",
	  .audit_text = "\"Hardened\" as a whole is a review; three parts are facts. "
	      "A pending reboot (/var/run/reboot-required, Debian's and Ubuntu's "
	      "marker, with reboot-required.pkgs) fails. With min_kernel_version, a "
	      "running kernel older than it (compared numerically) fails. With "
	      "allowed_listeners, a TCP socket listening on a non-loopback address "
	      "(/proc/1/net/tcp and tcp6, under --root) that the list does not "
	      "name fails. A part that cannot be read is an error. When every "
	      "part is decided (both parameters set) and none fails the result is "
	      "pass; otherwise manual, with the host's LSM state, kernel and "
	      "listeners as evidence. The HD-HOST checks decide MAC, kernel "
	      "options and sysctls.",
	  .remediation = "Reboot into the installed updates; keep the kernel at or "
	      "above the floor the site sets (min_kernel_version); stop or bind to "
	      "loopback every service not in allowed_listeners; apply a hardening "
	      "baseline for the distribution and fix the HD-HOST findings.",
	  .references = "https://docs.docker.com/engine/security/",
	  .params = hardened_params, .host = host_hardened },
	{ .key = NULL },
};
