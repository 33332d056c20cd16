/* Linux security modules: AppArmor's profile list, parsed from a buffer. */
#ifndef HARDOCK_COLLECT_LSM_H
#define HARDOCK_COLLECT_LSM_H

#include <stddef.h>
#include <json-c/json.h>

/* /sys/kernel/security/apparmor/profiles ("NAME (MODE)" per line) into
 * {NAME: MODE}; lines of another shape are skipped and counted in
 * *skipped (may be NULL). */
json_object *hd_apparmor_profiles_parse(const char *text, size_t len,
    size_t *skipped);

#endif
