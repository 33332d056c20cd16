/*
 * The effective configuration: flags and daemon.json merged by dockerd's
 * rules. dockerd refuses to start when a setting is given both as a flag
 * and in the file ("the following directives are specified both as a flag
 * and in the configuration file"), for every key except "runtimes", which
 * it merges; such a pair is a conflict. A daemon that runs despite one was
 * started before the file changed: its flags are what it uses, so the flag
 * wins here and the next restart would fail. Setting tlsverify at all, by
 * flag or file, turns TLS on.
 */
#include <stdlib.h>
#include <string.h>

#include "collect/daemon.h"

/* A deep copy of v (NULL stays NULL). */
static json_object *
copy(json_object *v)
{
	json_object *dst = NULL;

	if (v != NULL && json_object_deep_copy(v, &dst, NULL) != 0)
		return NULL;
	return dst;
}

/* Member key of o, or NULL. */
static json_object *
get(json_object *o, const char *key)
{
	json_object *v = NULL;

	return o != NULL && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* Runtimes from the file join the flags' ones; a name in both is the
 * flag's (dockerd rejects a duplicate name, noted). */
static void
merge_runtimes(json_object *ent, json_object *file_val, const char *path)
{
	json_object *v = get(ent, "value");
	char *src;

	if (!json_object_is_type(v, json_type_object) ||
	    !json_object_is_type(file_val, json_type_object))
		return;
	json_object_object_foreach(file_val, name, rt) {
		if (get(v, name) != NULL) {
			json_object_object_add(ent, "note", json_object_new_string(
			    "a runtime is defined both by flag and in daemon.json: dockerd refuses to start"));
			continue;
		}
		json_object_object_add(v, name, copy(rt));
	}
	src = hd_xasprintf("%s, %s", json_object_get_string(get(ent, "source")), path);
	json_object_object_add(ent, "source", json_object_new_string(src));
	free(src);
}

/* Record a conflict for key and mark the setting. */
static void
add_conflict(json_object *conflicts, const char *key, json_object *ent,
    json_object *file_val, const char *path)
{
	json_object *c = json_object_new_object();

	json_object_object_add(c, "key", json_object_new_string(key));
	json_object_object_add(c, "flag", copy(get(ent, "value")));
	json_object_object_add(c, "file", copy(file_val));
	json_object_object_add(c, "flag_source", copy(get(ent, "source")));
	json_object_object_add(c, "file_source", json_object_new_string(path));
	json_object_array_add(conflicts, c);
	json_object_object_add(ent, "conflict", json_object_new_boolean(1));
}

/* tlsverify given at all implies tls, whatever tls says. */
static void
imply_tls(json_object *config)
{
	json_object *verify = get(config, "tlsverify"), *tls = get(config, "tls"), *ent;

	if (verify == NULL)
		return;
	if (tls != NULL && json_object_is_type(get(tls, "value"), json_type_boolean) &&
	    json_object_get_boolean(get(tls, "value")))
		return;
	ent = json_object_new_object();
	json_object_object_add(ent, "value", json_object_new_boolean(1));
	json_object_object_add(ent, "source", copy(get(verify, "source")));
	json_object_object_add(ent, "origin", copy(get(verify, "origin")));
	json_object_object_add(ent, "note", json_object_new_string(
	    "implied by tlsverify (dockerd turns TLS on whenever tlsverify is set)"));
	json_object_object_add(config, "tls", ent);
}

void
hd_dconfig_merge(json_object **config, json_object **conflicts,
    json_object *flags, json_object *file, const char *file_path)
{
	json_object *cfg = flags ? copy(flags) : json_object_new_object();
	json_object *conf = json_object_new_array();

	if (file != NULL && json_object_is_type(file, json_type_object)) {
		json_object_object_foreach(file, key, val) {
			json_object *ent = get(cfg, key);

			if (ent != NULL && strcmp(key, "runtimes") == 0) {
				merge_runtimes(ent, val, file_path);
				continue;
			}
			if (ent != NULL) {
				add_conflict(conf, key, ent, val, file_path);
				continue;
			}
			ent = json_object_new_object();
			json_object_object_add(ent, "value", copy(val));
			json_object_object_add(ent, "source", json_object_new_string(file_path));
			json_object_object_add(ent, "origin", json_object_new_string("daemon.json"));
			json_object_object_add(cfg, key, ent);
		}
	}
	imply_tls(cfg);
	*config = cfg;
	*conflicts = conf;
}
