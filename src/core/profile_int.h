/* The profile structure, shared by its parser (profile.c) and its loader,
 * applier and printer (profile_load.c). */
#ifndef HARDOCK_CORE_PROFILE_INT_H
#define HARDOCK_CORE_PROFILE_INT_H

#include <hardock/digest.h>
#include <hardock/profile.h>

#include "core/yaml.h"

struct hd_profile {
	struct hd_ynode *doc;      /* owns every borrowed string below */
	char *origin;              /* the file's path, or the caller's name */
	char sha256[HD_SHA256_HEX_LEN + 1]; /* of the bytes parsed */
	char *text;                /* those bytes, NUL-terminated */
	size_t text_len;
	struct hd_profile *parent; /* "extends", applied first */
	const char *name, *description, *extends, *benchmark;
	const struct hd_ynode *extends_node; /* where "extends" is written */
	int level;
	const char **checks, **exclude, **obj_include, **obj_exclude;
	size_t nchecks, nexclude, nobj_include, nobj_exclude;
	struct hd_param_value *params; /* owned strings */
	size_t nparams;
	struct hd_severity_override *severities;
	size_t nseverities;
	struct hd_waiver *waivers; /* objects arrays and where owned */
	size_t nwaivers;
};

#endif
