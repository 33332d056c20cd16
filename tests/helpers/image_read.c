/*
 * image_read: run the image reader (<hardock/image.h>) on an archive or an
 * OCI layout directory, with no CLI around it, for the benchmark
 * (bench/image.sh) and for looking at what the reader records:
 *   image_read [-q] PATH...
 * prints the snapshot as JSON (-q: one line per image, its content fact's
 * state and the files and bytes read). Exit 0, or 1 when an archive could
 * not be read (the message on stderr).
 */
#include <stdio.h>
#include <string.h>

#include <hardock/facts.h>
#include <hardock/image.h>
#include <hardock/snapshot.h>

/* One summary line per image of s. */
static void
summary(const struct hd_snapshot *s)
{
	size_t n = hd_snapshot_count(s, HD_OBJ_IMAGE);

	for (size_t i = 0; i < n; i++) {
		struct hd_object o;
		struct hd_fact f;
		json_object *st = NULL;
		char key[256];

		hd_snapshot_object(&o, s, HD_OBJ_IMAGE, i);
		snprintf(key, sizeof(key), "%s%s", HD_F_IMAGE_CONTENT, o.id);
		hd_snapshot_fact(&f, s, key);
		if (f.state == HD_FACT_VALUE)
			json_object_object_get_ex(f.value, "stats", &st);
		printf("%s %s %s\n", o.id, f.state == HD_FACT_VALUE ? "read" : "error",
		    f.state == HD_FACT_VALUE ?
		    json_object_to_json_string_ext(st, JSON_C_TO_STRING_PLAIN) :
		    f.reason);
		hd_snapshot_release(s, HD_OBJ_IMAGE, i);
	}
}

int
main(int argc, char **argv)
{
	struct hd_snapshot *s = hd_snapshot_new();
	bool quiet = argc > 1 && strcmp(argv[1], "-q") == 0;
	int rc = 0;

	for (int i = 1 + quiet; i < argc; i++) {
		if (hd_image_read_path(s, argv[i], NULL, 0) < 0) {
			fprintf(stderr, "image_read: %s\n", hd_error_last());
			rc = 1;
		}
	}
	if (quiet)
		summary(s);
	else
		hd_snapshot_write(s, stdout);
	hd_snapshot_free(s);
	return rc;
}
