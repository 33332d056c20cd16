/* The seccomp profile parser (collect/seccomp.c) and analyser
 * (checks/seccomp_profile.c) on real profile files. */
#include <seccomp.h>

#include <hardock/buf.h>
#include <hardock/collect.h>

#include "collect/collectors.h"
#include "seccomp_profile.h"
#include "testutil.h"

/* Parse fixture file rel; returns the parser's code, *out the profile. */
static int
parse_file(json_object **out, const char *rel)
{
	struct hd_buf *b = NULL;
	int r;

	ck_assert_int_eq(hd_root_read(&b, "/", tu_fixture(rel), 1 << 20), 0);
	r = hd_seccomp_profile_parse(out, hd_buf_ptr(b), hd_buf_len(b));
	hd_buf_free(b);
	return r;
}

/* Analyse fixture file rel for x86_64. */
static struct hd_seccomp_analysis *
analyse_file(const char *rel)
{
	json_object *p = NULL;
	struct hd_seccomp_analysis *a = NULL;

	ck_assert_int_eq(parse_file(&p, rel), 0);
	ck_assert_msg(hd_seccomp_analyze(&a, p, SCMP_ARCH_X86_64) == 0, "%s: %s",
	    rel, hd_error_last());
	json_object_put(p);
	return a;
}

/* Whether the JSON array of strings holds s. */
static bool
has(json_object *arr, const char *s)
{
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(arr, i)),
		    s) == 0)
			return true;
	return false;
}

START_TEST(permissive_profile)
{
	struct hd_seccomp_analysis *a = analyse_file("seccomp/permissive.json");

	ck_assert(a->default_allows);
	ck_assert_str_eq(a->default_action, "SCMP_ACT_ALLOW");
	/* Denied outright: not allowed. */
	ck_assert(!has(a->allowed, "kexec_load"));
	ck_assert(!has(a->allowed, "reboot"));
	/* Denied only for one argument value: still allowed. */
	ck_assert(has(a->allowed, "init_module"));
	ck_assert(has(a->allowed, "mount"));
	ck_assert(has(a->allowed, "unshare"));
	ck_assert(has(a->allowed, "keyctl"));
	ck_assert_int_eq(json_object_array_length(a->unknown), 0);
	hd_seccomp_analysis_free(a);
}
END_TEST

START_TEST(restrictive_profile)
{
	struct hd_seccomp_analysis *a = analyse_file("seccomp/restrictive.json");

	ck_assert(!a->default_allows);
	ck_assert_int_eq(a->nrules, 5);
	/* mount and friends only with CAP_SYS_ADMIN, as Docker's default. */
	ck_assert_int_eq(json_object_array_length(a->allowed), 0);
	ck_assert_msg(json_object_array_length(a->unknown) == 0, "unknown: %s",
	    json_object_to_json_string(a->unknown));
	hd_seccomp_analysis_free(a);
}
END_TEST

START_TEST(dangerous_profile)
{
	struct hd_seccomp_analysis *a = analyse_file("seccomp/dangerous.json");

	ck_assert(!a->default_allows);
	ck_assert(has(a->allowed, "mount"));
	ck_assert(has(a->allowed, "keyctl"));
	ck_assert(has(a->allowed, "unshare")); /* SCMP_ACT_LOG lets it through */
	ck_assert(!has(a->allowed, "bpf"));
	ck_assert_int_eq(json_object_array_length(a->allowed), 3);
	ck_assert(has(a->unknown, "not_a_syscall"));
	ck_assert_int_eq(json_object_array_length(a->unknown), 1);
	hd_seccomp_analysis_free(a);
}
END_TEST

/* Docker's own default profile (docker.io 20.10.24, see
 * fixtures/seccomp/README) allows no dangerous call and names no call
 * unknown for x86_64. */
START_TEST(docker_default_profile)
{
	struct hd_seccomp_analysis *a =
	    analyse_file("seccomp/docker-default-20.10.24.json");

	ck_assert(!a->default_allows);
	ck_assert_msg(json_object_array_length(a->allowed) == 0, "allowed: %s",
	    json_object_to_json_string(a->allowed));
	ck_assert_msg(json_object_array_length(a->unknown) == 0, "unknown: %s",
	    json_object_to_json_string(a->unknown));
	hd_seccomp_analysis_free(a);
}
END_TEST

/* How Docker's default profile treats a call: allowed to every container,
 * allowed only with the capability cap (when cap is given), or named by no
 * allowing rule at all. */
struct default_rules {
	bool unconditional, with_cap, named;
};

static void
default_treatment(struct default_rules *out, json_object *profile,
    const char *name, const char *cap)
{
	json_object *rules = NULL;

	memset(out, 0, sizeof(*out));
	ck_assert(json_object_object_get_ex(profile, "syscalls", &rules));
	for (size_t i = 0; i < json_object_array_length(rules); i++) {
		json_object *r = json_object_array_get_idx(rules, i), *names, *v;
		json_object *inc = NULL, *caps = NULL, *arches = NULL, *args = NULL;
		bool listed = false;

		ck_assert(json_object_object_get_ex(r, "names", &names));
		for (size_t k = 0; k < json_object_array_length(names); k++)
			listed |= strcmp(json_object_get_string(
			    json_object_array_get_idx(names, k)), name) == 0;
		ck_assert(json_object_object_get_ex(r, "action", &v));
		if (!listed || strcmp(json_object_get_string(v), "SCMP_ACT_ALLOW") != 0)
			continue;
		out->named = true;
		json_object_object_get_ex(r, "includes", &inc);
		if (inc != NULL) {
			json_object_object_get_ex(inc, "caps", &caps);
			json_object_object_get_ex(inc, "arches", &arches);
		}
		json_object_object_get_ex(r, "args", &args);
		if ((caps == NULL || json_object_array_length(caps) == 0) &&
		    (arches == NULL || json_object_array_length(arches) == 0) &&
		    (args == NULL || json_object_array_length(args) == 0))
			out->unconditional = true;
		for (size_t k = 0; cap && caps && k < json_object_array_length(caps); k++)
			out->with_cap |= strcmp(json_object_get_string(
			    json_object_array_get_idx(caps, k)), cap) == 0;
	}
}

/* The dangerous list is Docker's default read back: each call is one the
 * default allows only with the capability the list names, or never; and
 * every call the default gates behind a capability is either listed or
 * one of the few that open no way out. */
START_TEST(dangerous_list_follows_docker_default)
{
	static const char *const not_escapes[] = {
		"clone", "clone3",       /* namespace flags filtered by args */
		"fanotify_init",         /* watches the container's own mounts */
		"setdomainname", "sethostname", /* the container's UTS namespace */
		"name_to_handle_at",     /* allowed outright from Engine 23 */
		"chroot",                /* CAP_SYS_CHROOT is a default cap */
		"pidfd_getfd", "process_madvise",
		"process_vm_readv", "process_vm_writev", "ptrace", /* >= 4.8 */
		"vhangup", "get_mempolicy", "mbind", "set_mempolicy",
		"set_mempolicy_home_node",
	};
	json_object *p = NULL, *rules;
	size_t n = hd_seccomp_dangerous_count();

	ck_assert_int_eq(parse_file(&p, "seccomp/docker-default-20.10.24.json"), 0);
	ck_assert_int_ge(n, 40);
	for (size_t i = 0; i < n; i++) {
		const char *gate, *name = hd_seccomp_dangerous(i, &gate);
		struct default_rules d;

		default_treatment(&d, p, name, gate);
		ck_assert_msg(!d.unconditional, "%s: Docker's default allows it", name);
		if (gate != NULL)
			ck_assert_msg(d.with_cap, "%s: the default does not allow it "
			    "with %s", name, gate);
		else
			ck_assert_msg(!d.named, "%s: the default allows it under a "
			    "condition, not never", name);
	}
	ck_assert_ptr_null(hd_seccomp_dangerous(n, &(const char *){ NULL }));
	/* The other way round: calls the default gates behind a capability. */
	ck_assert(json_object_object_get_ex(p, "syscalls", &rules));
	for (size_t i = 0; i < json_object_array_length(rules); i++) {
		json_object *r = json_object_array_get_idx(rules, i), *inc, *caps,
		    *names;

		if (!json_object_object_get_ex(r, "includes", &inc) ||
		    !json_object_object_get_ex(inc, "caps", &caps) ||
		    json_object_array_length(caps) == 0)
			continue;
		ck_assert(json_object_object_get_ex(r, "names", &names));
		for (size_t k = 0; k < json_object_array_length(names); k++) {
			const char *name = json_object_get_string(
			    json_object_array_get_idx(names, k)), *g;
			bool known = false;

			for (size_t j = 0; j < n && !known; j++)
				known = strcmp(hd_seccomp_dangerous(j, &g), name) == 0;
			for (size_t j = 0; j < sizeof(not_escapes) /
			    sizeof(*not_escapes) && !known; j++)
				known = strcmp(not_escapes[j], name) == 0;
			ck_assert_msg(known, "%s: gated by Docker's default but "
			    "neither dangerous nor known harmless", name);
		}
	}
	json_object_put(p);
}
END_TEST

START_TEST(malformed_profile)
{
	json_object *p = (json_object *)1;

	ck_assert_int_eq(parse_file(&p, "seccomp/malformed.json"), HD_EPARSE);
	ck_assert_ptr_null(p);
	ck_assert_msg(strstr(hd_error_last(), "not valid JSON") != NULL, "%s",
	    hd_error_last());
	ck_assert_int_eq(hd_seccomp_profile_parse(&p, "[1]", 3), HD_EPARSE);
	ck_assert_int_eq(hd_seccomp_profile_parse(&p, "{} x", 4), HD_EPARSE);
	ck_assert(strstr(hd_error_last(), "line 1, column 4") != NULL);
	ck_assert_int_eq(hd_seccomp_profile_parse(&p, "{\"a\":\0}", 7), HD_EPARSE);
	ck_assert_int_eq(hd_seccomp_profile_parse(&p, "{} \n", 4), 0);
	json_object_put(p);
}
END_TEST

/* Profiles of the right syntax but the wrong shapes: an error naming the
 * field, never an analysis. */
START_TEST(wrong_shapes)
{
	static const struct {
		const char *json, *msg;
	} bad[] = {
		{ "{}", "no defaultAction" },
		{ "{\"defaultAction\": 1}", "defaultAction: expected string" },
		{ "{\"defaultAction\": \"SCMP_ACT_MAYBE\"}", "unknown defaultAction" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": {}}",
		  "syscalls: expected array" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [1]}",
		  "syscalls[0]: expected object" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		  "[{\"names\": [\"read\"]}]}", "no action" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		  "[{\"action\": \"SCMP_ACT_ALLOW\"}]}", "no names" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		  "[{\"names\": [\"read\", 2], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		  "names[1]: expected string" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		  "[{\"names\": \"read\", \"action\": \"SCMP_ACT_ALLOW\"}]}",
		  "names: expected array" },
		{ "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		  "[{\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\", "
		  "\"includes\": {\"caps\": \"CAP_SYS_ADMIN\"}}]}", "caps: expected array" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_object *p = tu_json(bad[i].json);
		struct hd_seccomp_analysis *a = (struct hd_seccomp_analysis *)1;

		ck_assert_msg(hd_seccomp_analyze(&a, p, SCMP_ARCH_X86_64) < 0, "%s",
		    bad[i].json);
		ck_assert_ptr_null(a);
		ck_assert_msg(strstr(hd_error_last(), bad[i].msg) != NULL,
		    "%s: error \"%s\" lacks \"%s\"", bad[i].json, hd_error_last(),
		    bad[i].msg);
		json_object_put(p);
	}
}
END_TEST

/* Names resolve per architecture: arch_prctl exists on x86_64 only, but
 * libseccomp knows it everywhere, so it is never "unknown". */
START_TEST(architectures)
{
	json_object *p = tu_json("{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	    "\"syscalls\": [{\"names\": [\"arch_prctl\", \"open\"], "
	    "\"action\": \"SCMP_ACT_ALLOW\"}]}");
	struct hd_seccomp_analysis *a;

	ck_assert_uint_eq(hd_seccomp_arch("x86_64"), SCMP_ARCH_X86_64);
	ck_assert_uint_eq(hd_seccomp_arch("aarch64"), SCMP_ARCH_AARCH64);
	ck_assert_uint_eq(hd_seccomp_arch("armv7l"), SCMP_ARCH_ARM);
	ck_assert_uint_eq(hd_seccomp_arch("i686"), SCMP_ARCH_X86);
	ck_assert_uint_eq(hd_seccomp_arch("i386"), SCMP_ARCH_X86);
	ck_assert_uint_eq(hd_seccomp_arch("vax"), 0);
	/* Reproduced by fuzz_seccomp: "i" was compared past its end (host.info's
	 * arch comes from a snapshot, so it is anyone's string). */
	ck_assert_uint_eq(hd_seccomp_arch("i"), 0);
	ck_assert_uint_eq(hd_seccomp_arch("i8"), 0);
	ck_assert_uint_eq(hd_seccomp_arch(NULL), 0);
	ck_assert_int_eq(hd_seccomp_analyze(&a, p, SCMP_ARCH_AARCH64), 0);
	ck_assert_int_eq(json_object_array_length(a->unknown), 0);
	hd_seccomp_analysis_free(a);
	json_object_put(p);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("seccomp_profile");
	TCase *t = tcase_create("seccomp_profile");

	tcase_add_test(t, permissive_profile);
	tcase_add_test(t, restrictive_profile);
	tcase_add_test(t, dangerous_profile);
	tcase_add_test(t, docker_default_profile);
	tcase_add_test(t, dangerous_list_follows_docker_default);
	tcase_add_test(t, malformed_profile);
	tcase_add_test(t, wrong_shapes);
	tcase_add_test(t, architectures);
	suite_add_tcase(s, t);
	return s;
}

HD_TEST_MAIN(suite)
