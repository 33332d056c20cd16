/* Names of the enums, one table each, shared by the CLI and reporters. */
#include <string.h>

#include <hardock/check.h>

static const char *const status_names[HD_STATUS__COUNT] = {
	"pass", "fail", "manual", "notapplicable", "error", "waived",
	"notselected",
};

static const char *const severity_names[HD_SEV__COUNT] = {
	"info", "low", "medium", "high", "critical",
};

const char *
hd_status_name(enum hd_status st)
{
	return st < HD_STATUS__COUNT ? status_names[st] : "unknown";
}

const char *
hd_severity_name(enum hd_severity sev)
{
	return sev < HD_SEV__COUNT ? severity_names[sev] : "unknown";
}

const char *
hd_scope_name(enum hd_scope scope)
{
	switch (scope) {
	case HD_SCOPE_HOST:
		return "host";
	case HD_SCOPE_CONTAINER:
		return "container";
	case HD_SCOPE_IMAGE:
		return "image";
	}
	return "unknown";
}

const char *
hd_assessment_name(enum hd_assessment a)
{
	switch (a) {
	case HD_CIS_NONE:
		return "none";
	case HD_CIS_AUTOMATED:
		return "Automated";
	case HD_CIS_MANUAL:
		return "Manual";
	}
	return "unknown";
}

const char *
hd_audit_name(enum hd_audit a)
{
	return a == HD_AUDIT_MANUAL ? "manual" : "decided";
}

const char *
hd_param_type_name(enum hd_param_type t)
{
	switch (t) {
	case HD_PARAM_STRING:
		return "string";
	case HD_PARAM_INT:
		return "int";
	case HD_PARAM_BOOL:
		return "bool";
	case HD_PARAM_LIST:
		return "list";
	}
	return "unknown";
}

/* Index of name in a table of n names, -1 when absent. */
static int
lookup(const char *const *table, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(table[i], name) == 0)
			return i;
	return -1;
}

int
hd_status_from_name(const char *name)
{
	return lookup(status_names, HD_STATUS__COUNT, name);
}

int
hd_severity_from_name(const char *name)
{
	return lookup(severity_names, HD_SEV__COUNT, name);
}
