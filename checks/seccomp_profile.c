/* Analysis of Docker seccomp profiles with libseccomp. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <seccomp.h>

#include <hardock/common.h>

#include "seccomp_profile.h"

/*
 * System calls that open a way out of the container or into the kernel,
 * each with what Docker's default profile (moby's
 * profiles/seccomp/default.json) says of it: allowed only to a container
 * holding a capability ("CAP_SYS_ADMIN"), or never (NULL). The list is
 * checked against a copy of that profile in the unit tests
 * (tests/fixtures/seccomp/), so it names nothing the default allows:
 * clock_adjtime is allowed (the kernel checks CAP_SYS_TIME before it
 * changes the clock), and so, from Engine 23 on, is name_to_handle_at
 * (harmless without open_by_handle_at, which stays here). ptrace,
 * process_vm_readv and process_vm_writev are not listed: the default
 * allows them on kernels from 4.8.
 */
static const struct {
	const char *name;
	const char *gate; /* capability the default asks for; NULL: never */
} dangerous[] = {
	{ "_sysctl", NULL }, { "acct", "CAP_SYS_PACCT" }, { "add_key", NULL },
	{ "bpf", "CAP_SYS_ADMIN" }, { "clock_settime", "CAP_SYS_TIME" },
	{ "create_module", NULL }, { "delete_module", "CAP_SYS_MODULE" },
	{ "finit_module", "CAP_SYS_MODULE" }, { "fsconfig", "CAP_SYS_ADMIN" },
	{ "fsmount", "CAP_SYS_ADMIN" }, { "fsopen", "CAP_SYS_ADMIN" },
	{ "fspick", "CAP_SYS_ADMIN" }, { "get_kernel_syms", NULL },
	{ "init_module", "CAP_SYS_MODULE" }, { "ioperm", "CAP_SYS_RAWIO" },
	{ "iopl", "CAP_SYS_RAWIO" }, { "kcmp", "CAP_SYS_PTRACE" },
	{ "kexec_file_load", NULL }, { "kexec_load", NULL }, { "keyctl", NULL },
	{ "lookup_dcookie", "CAP_SYS_ADMIN" }, { "mount", "CAP_SYS_ADMIN" },
	{ "mount_setattr", "CAP_SYS_ADMIN" }, { "move_mount", "CAP_SYS_ADMIN" },
	{ "nfsservctl", NULL }, { "open_by_handle_at", "CAP_DAC_READ_SEARCH" },
	{ "open_tree", "CAP_SYS_ADMIN" }, { "perf_event_open", "CAP_SYS_ADMIN" },
	{ "pivot_root", NULL }, { "query_module", NULL },
	{ "quotactl", "CAP_SYS_ADMIN" }, { "quotactl_fd", "CAP_SYS_ADMIN" },
	{ "reboot", "CAP_SYS_BOOT" }, { "request_key", NULL },
	{ "setns", "CAP_SYS_ADMIN" }, { "settimeofday", "CAP_SYS_TIME" },
	{ "stime", "CAP_SYS_TIME" }, { "swapoff", NULL }, { "swapon", NULL },
	{ "sysfs", NULL }, { "syslog", "CAP_SYSLOG" },
	{ "umount", "CAP_SYS_ADMIN" }, { "umount2", "CAP_SYS_ADMIN" },
	{ "unshare", "CAP_SYS_ADMIN" }, { "uselib", NULL },
	{ "userfaultfd", NULL }, { "ustat", NULL }, { "vm86", NULL },
	{ "vm86old", NULL },
};
#define NDANGEROUS (sizeof(dangerous) / sizeof(dangerous[0]))

size_t
hd_seccomp_dangerous_count(void)
{
	return NDANGEROUS;
}

const char *
hd_seccomp_dangerous(size_t i, const char **gate)
{
	if (i >= NDANGEROUS)
		return NULL;
	*gate = dangerous[i].gate;
	return dangerous[i].name;
}

/* Actions Docker accepts; the first two let the call through. */
static const char *const actions[] = {
	"SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL",
	"SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
	"SCMP_ACT_TRACE", "SCMP_ACT_NOTIFY",
};

/* Index of a known action, -1 when unknown. */
static int
action_index(const char *a)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(a, actions[i]) == 0)
			return (int)i;
	return -1;
}

/* Index of name in the dangerous table, -1 when not there. */
static int
dangerous_index(const char *name)
{
	for (size_t i = 0; i < NDANGEROUS; i++)
		if (strcmp(name, dangerous[i].name) == 0)
			return (int)i;
	return -1;
}

/* The value at key: NULL when missing or null; HD_ETYPE (message naming
 * where) when present with another type than want. */
static int
member(json_object **out, json_object *obj, const char *key, json_type want,
    const char *where)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) ||
	    json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, want))
		return hd_error_set(HD_ETYPE, "seccomp profile %s.%s: expected %s",
		    where, key, json_type_to_name(want));
	*out = v;
	return 0;
}

/* Whether a condition object (includes) holds a non-empty caps or arches
 * list, i.e. the rule does not apply to every container. */
static int
conditional(bool *out, json_object *inc, const char *where)
{
	json_object *caps, *arches;

	*out = false;
	if (inc == NULL)
		return 0;
	if (member(&caps, inc, "caps", json_type_array, where) < 0 ||
	    member(&arches, inc, "arches", json_type_array, where) < 0)
		return HD_ETYPE;
	*out = (caps && json_object_array_length(caps) > 0) ||
	    (arches && json_object_array_length(arches) > 0);
	return 0;
}

/* Append name to the array unless it is already there. */
static void
add_unique(json_object *arr, const char *name)
{
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(arr, i)),
		    name) == 0)
			return;
	json_object_array_add(arr, json_object_new_string(name));
}

/* Per dangerous syscall: allowed or denied by an unconditional rule. */
struct verdicts {
	bool allow[NDANGEROUS];
	bool deny[NDANGEROUS];
};

/* Apply one name of a rule: resolve it, and record a verdict when it is
 * dangerous and the rule applies to every container. */
static void
apply_name(struct hd_seccomp_analysis *a, struct verdicts *v, uint32_t arch,
    const char *name, bool allows, bool uncond)
{
	int d;

	a->nnames++;
	if (seccomp_syscall_resolve_name_arch(arch, name) == __NR_SCMP_ERROR)
		add_unique(a->unknown, name);
	if ((d = dangerous_index(name)) < 0 || !uncond)
		return;
	if (allows)
		v->allow[d] = true;
	else
		v->deny[d] = true;
}

/* Analyse the i-th entry of "syscalls". */
static int
analyze_rule(struct hd_seccomp_analysis *a, struct verdicts *v, uint32_t arch,
    json_object *rule, size_t i)
{
	json_object *names, *name, *action, *args, *inc, *exc;
	char where[48];
	bool cond, uncond;
	int act;

	snprintf(where, sizeof(where), "syscalls[%zu]", i);
	if (!json_object_is_type(rule, json_type_object))
		return hd_error_set(HD_ETYPE, "seccomp profile %s: expected object",
		    where);
	if (member(&names, rule, "names", json_type_array, where) < 0 ||
	    member(&name, rule, "name", json_type_string, where) < 0 ||
	    member(&action, rule, "action", json_type_string, where) < 0 ||
	    member(&args, rule, "args", json_type_array, where) < 0 ||
	    member(&inc, rule, "includes", json_type_object, where) < 0 ||
	    member(&exc, rule, "excludes", json_type_object, where) < 0 ||
	    conditional(&cond, inc, where) < 0)
		return HD_ETYPE;
	if (action == NULL)
		return hd_error_set(HD_EPARSE, "seccomp profile %s: no action", where);
	if ((act = action_index(json_object_get_string(action))) < 0)
		return hd_error_set(HD_EPARSE, "seccomp profile %s: unknown action %s",
		    where, json_object_get_string(action));
	if (names == NULL && name == NULL)
		return hd_error_set(HD_EPARSE, "seccomp profile %s: no names", where);
	/* Argument filters and capability or architecture conditions make a
	 * rule partial: it neither fully allows nor fully denies a call. */
	uncond = !cond && (args == NULL || json_object_array_length(args) == 0);
	if (name != NULL)
		apply_name(a, v, arch, json_object_get_string(name), act < 2, uncond);
	for (size_t k = 0; names && k < json_object_array_length(names); k++) {
		json_object *n = json_object_array_get_idx(names, k);

		if (!json_object_is_type(n, json_type_string))
			return hd_error_set(HD_ETYPE, "seccomp profile %s.names[%zu]: "
			    "expected string", where, k);
		apply_name(a, v, arch, json_object_get_string(n), act < 2, uncond);
	}
	return 0;
}

int
hd_seccomp_analyze(struct hd_seccomp_analysis **out, json_object *profile,
    uint32_t arch)
{
	struct hd_seccomp_analysis *a;
	struct verdicts v;
	json_object *def, *rules;
	int act, r = 0;

	*out = NULL;
	memset(&v, 0, sizeof(v));
	if (!json_object_is_type(profile, json_type_object))
		return hd_error_set(HD_ETYPE, "seccomp profile: expected object");
	if (member(&def, profile, "defaultAction", json_type_string, "profile") < 0 ||
	    member(&rules, profile, "syscalls", json_type_array, "profile") < 0)
		return HD_ETYPE;
	if (def == NULL)
		return hd_error_set(HD_EPARSE, "seccomp profile: no defaultAction");
	if ((act = action_index(json_object_get_string(def))) < 0)
		return hd_error_set(HD_EPARSE, "seccomp profile: unknown defaultAction %s",
		    json_object_get_string(def));
	a = hd_xcalloc(1, sizeof(*a));
	a->default_action = hd_xstrdup(json_object_get_string(def));
	a->default_allows = act < 2;
	a->allowed = json_object_new_array();
	a->unknown = json_object_new_array();
	a->nrules = rules ? json_object_array_length(rules) : 0;
	for (size_t i = 0; i < a->nrules && r == 0; i++)
		r = analyze_rule(a, &v, arch, json_object_array_get_idx(rules, i), i);
	if (r < 0) {
		hd_seccomp_analysis_free(a);
		return r;
	}
	for (size_t i = 0; i < NDANGEROUS; i++)
		if (v.allow[i] || (a->default_allows && !v.deny[i]))
			json_object_array_add(a->allowed,
			    json_object_new_string(dangerous[i].name));
	*out = a;
	return 0;
}

void
hd_seccomp_analysis_free(struct hd_seccomp_analysis *a)
{
	if (a == NULL)
		return;
	free(a->default_action);
	json_object_put(a->allowed);
	json_object_put(a->unknown);
	free(a);
}

uint32_t
hd_seccomp_arch(const char *machine)
{
	const char *name = machine;
	uint32_t t;

	if (machine == NULL || machine[0] == '\0')
		return 0;
	if (strncmp(machine, "arm", 3) == 0 && strcmp(machine, "arm64") != 0)
		name = "arm";
	else if (strcmp(machine, "arm64") == 0)
		name = "aarch64";
	else if (machine[0] == 'i' && strlen(machine) == 4 &&
	    strcmp(machine + 2, "86") == 0)
		name = "x86";
	else if (strcmp(machine, "amd64") == 0)
		name = "x86_64";
	t = seccomp_arch_resolve_name(name);
	return t;
}
