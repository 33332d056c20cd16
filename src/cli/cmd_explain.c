/* hardock explain ID: everything about one check. */
#include <stdio.h>
#include <string.h>

#include <hardock/scan.h>

#include "cli.h"

/* Print a labelled paragraph when text is set. */
static void
para(const char *label, const char *text)
{
	if (text != NULL && *text)
		printf("\n%s:\n  %s\n", label, text);
}

static int
explain_exec(int argc, char **argv)
{
	const struct hd_check *c;

	if (argc != 2)
		return cli_usage_error("explain: expected one check id (see 'hardock list')");
	if ((c = hd_catalog_find(argv[1])) == NULL)
		return cli_usage_error("explain: unknown check id '%s'", argv[1]);
	printf("%s  %s\n", c->id, c->title);
	printf("section: %s\nlevel: %d   severity: %s   scope: %s   CIS assessment: %s"
	    "   hardock: %s\n", c->section, c->level, hd_severity_name(c->severity),
	    hd_scope_name(c->scope), hd_assessment_name(c->cis),
	    hd_audit_name(c->audit));
	para("Rationale", c->rationale);
	para("How hardock audits it", c->audit_text);
	para("Remediation", c->remediation);
	if (c->params && c->params[0].name) {
		printf("\nParameters (--param NAME=VALUE):\n");
		for (const struct hd_param_def *d = c->params; d->name; d++)
			printf("  %s (%s, default %s): %s\n", d->name,
			    hd_param_type_name(d->type), d->def ? d->def : "unset",
			    d->help);
	}
	para("References", c->references);
	return HD_EXIT_OK;
}

const struct cmd_entry cmd_explain_entry = {
	.name = "explain", .args = "ID", .summary = "explain one check",
	.description = "Show a check's title, section, level, severity, rationale, "
	    "how hardock audits it, the remediation, its parameters and references.",
	.exec = explain_exec,
};
