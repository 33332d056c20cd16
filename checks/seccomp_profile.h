/*
 * Analysis of a Docker seccomp profile (the JSON format of moby's
 * profiles/seccomp/default.json): which dangerous system calls it lets
 * through that Docker's default profile blocks, whether its default
 * action allows, and which syscall names libseccomp cannot resolve for
 * the host's architecture (rules the runtime silently drops). A pure
 * function of the parsed profile, so it is tested on profile files alone.
 */
#ifndef HARDOCK_CHECKS_SECCOMP_PROFILE_H
#define HARDOCK_CHECKS_SECCOMP_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

struct hd_seccomp_analysis {
	char *default_action;
	bool default_allows;  /* SCMP_ACT_ALLOW or SCMP_ACT_LOG */
	size_t nrules;        /* entries of "syscalls" */
	size_t nnames;        /* syscall names over all entries */
	json_object *allowed; /* array: dangerous syscalls allowed */
	json_object *unknown; /* array: names unknown for the architecture */
};

/* Analyse profile for the architecture token arch (libseccomp's
 * SCMP_ARCH_*). HD_EPARSE / HD_ETYPE with the message naming the field
 * when the profile is not a valid Docker profile. */
int hd_seccomp_analyze(struct hd_seccomp_analysis **out, json_object *profile,
    uint32_t arch);

void hd_seccomp_analysis_free(struct hd_seccomp_analysis *a);

/* The dangerous system calls the analysis looks for: the i-th name (NULL
 * past the end) and in *gate the capability Docker's default profile
 * allows it with, or NULL when that profile never allows it. */
size_t hd_seccomp_dangerous_count(void);
const char *hd_seccomp_dangerous(size_t i, const char **gate);

/* libseccomp's token for a uname(2) machine name ("x86_64", "aarch64",
 * "armv7l", "i686"); 0 when unknown. */
uint32_t hd_seccomp_arch(const char *machine);

#endif
