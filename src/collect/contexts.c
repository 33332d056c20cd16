/* The names of the docker contexts, offered by shell completion. */
#include <stdlib.h>
#include <string.h>

#include <hardock/buf.h>

#include "collect/dockerhost.h"

/* Whether a completion word can hold name: no whitespace or controls. */
static bool
plain_word(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return name[0] != '\0';
}

void
hd_context_names(char ***out, const char *cfgdir)
{
	char *metadir = hd_xasprintf("%s/contexts/meta", cfgdir ? cfgdir : "");
	char **digests = NULL, **v = hd_xcalloc(2, sizeof(*v));
	size_t n = 1;

	v[0] = hd_xstrdup("default");
	if (cfgdir != NULL && hd_dir_names(&digests, metadir, "") < 0)
		hd_error_clear();
	for (char **dg = digests; dg && *dg; dg++) {
		char *path = hd_xasprintf("%s/%s/meta.json", metadir, *dg);
		char *name = NULL, *host = NULL;
		struct hd_buf *b = NULL;
		bool skip;

		if (hd_buf_load(&b, path, HD_BUF_CAP_CONFIG) == HD_OK &&
		    hd_context_meta_parse(&name, &host, &skip, hd_buf_ptr(b),
		    hd_buf_len(b)) == HD_OK && plain_word(name) &&
		    strcmp(name, "default") != 0) {
			v = hd_xrealloc(v, n + 2, sizeof(*v));
			v[n++] = name;
			name = NULL;
		}
		hd_error_clear();
		v[n] = NULL;
		free(name);
		free(host);
		hd_buf_free(b);
		free(path);
	}
	hd_strv_free(digests);
	free(metadir);
	*out = v;
}
