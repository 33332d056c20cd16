/* Where the audited engine is, as the snapshot records it. */
#include <string.h>

#include <hardock/check.h> /* hd_get_str(), hd_get_bool() */
#include <hardock/facts.h>
#include <hardock/snapshot.h>

const char *
hd_snapshot_remote(const struct hd_snapshot *s)
{
	struct hd_fact f;
	const char *why = NULL;
	bool local = true;

	hd_snapshot_fact(&f, s, HD_F_ENGINE_LOCALITY);
	if (f.state != HD_FACT_VALUE)
		return NULL;
	/* A tampered fact that does not say "local" clearly is remote: host
	 * facts are then never taken for the engine's. */
	if (hd_get_bool(NULL, f.value, "local", false, &local) < 0)
		local = false;
	if (local)
		return NULL;
	if (hd_get_str(NULL, f.value, "why", NULL, &why) < 0 || why == NULL)
		why = "the engine is not on this host";
	return why;
}

bool
hd_fact_is_host(const char *key)
{
	return strncmp(key, HD_F_ENGINE_PREFIX, strlen(HD_F_ENGINE_PREFIX)) != 0 &&
	    strncmp(key, HD_F_IMAGE_HISTORY, strlen(HD_F_IMAGE_HISTORY)) != 0 &&
	    strncmp(key, HD_F_IMAGE_CONTENT, strlen(HD_F_IMAGE_CONTENT)) != 0;
}
