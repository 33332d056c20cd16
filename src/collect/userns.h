/* userns-remap: the remap setting and /etc/subuid, /etc/subgid ranges. */
#ifndef HARDOCK_COLLECT_USERNS_H
#define HARDOCK_COLLECT_USERNS_H

#include <stddef.h>
#include <json-c/json.h>

/* The user and group a "userns-remap" value names: "default" is
 * dockremap:dockremap, "USER:GROUP" both, "USER" the same name for the
 * group. HD_EPARSE for an empty part. */
int hd_userns_spec(char **user, char **group, const char *spec);

/* The ranges of a subuid/subgid buffer ("NAME:START:COUNT" lines) whose
 * first field is name, or id when id is not NULL (decimal text): array of
 * {"start": int, "count": int}. Malformed lines are skipped. */
json_object *hd_subid_parse(const char *text, size_t len, const char *name,
    const char *id);

#endif
