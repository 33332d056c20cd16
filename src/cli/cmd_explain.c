/* hardock explain ID: everything about one recommendation and its control. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/scan.h>

#include "cli.h"

static const struct cli_opt explain_opts[] = {
	CLI_OPT_BENCHMARK,
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* Print a labelled paragraph when text is set. */
static void
para(const char *label, const char *text)
{
	if (text != NULL && *text)
		printf("\n%s:\n  %s\n", label, text);
}

/* The same control's id in every shipped pack, on one line. */
static void
other_ids(const struct hd_check *c)
{
	fputs("ids: ", stdout);
	for (size_t i = 0; i < hd_pack_count(); i++) {
		const struct hd_rule *o = hd_pack_rule_for(hd_pack_get(i), c->key);

		printf("%s%s %s", i ? ", " : "", hd_pack_get(i)->name,
		    o ? o->id : "-");
	}
	fputc('\n', stdout);
}

static int
explain_exec(int argc, char **argv)
{
	const char *bench = NULL;
	const struct hd_pack *p;
	const struct hd_rule *r;
	const struct hd_check *c;
	char *fix;
	int ch;

	while ((ch = cli_getopt(&cmd_explain_entry, argc, argv)) != -1) {
		switch (ch) {
		case 'b':
			bench = optarg;
			break;
		case 'h':
			return cli_usage(stdout, &cmd_explain_entry), HD_EXIT_OK;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if ((p = cli_pack("explain", bench)) == NULL)
		return HD_EXIT_USAGE;
	if (argc - optind != 1)
		return cli_usage_error("explain: expected one check id or control "
		    "key (see 'hardock list')");
	if ((r = hd_pack_rule(p, argv[optind])) == NULL &&
	    (r = hd_pack_rule_for(p, argv[optind])) == NULL)
		return cli_usage_error("explain: unknown check id '%s' in %s",
		    argv[optind], p->name);
	c = r->control;
	printf("%s  %s\n", r->id, r->title);
	printf("benchmark: %s %s (%s)\ncontrol: %s\n", p->title, p->version,
	    p->name, c->key);
	other_ids(c);
	printf("section: %s\nlevel: %d   severity: %s   scope: %s   CIS assessment: %s"
	    "   hardock: %s\n", r->section, r->level, hd_severity_name(c->severity),
	    hd_scope_name(c->scope), hd_assessment_name(r->cis),
	    hd_audit_name(c->audit));
	para("Rationale", c->rationale);
	para("How hardock audits it", c->audit_text);
	fix = hd_rule_remediation(r, NULL, NULL);
	para("Remediation", fix);
	free(fix);
	if (c->params && c->params[0].name) {
		printf("\nParameters (--param NAME=VALUE):\n");
		for (const struct hd_param_def *d = c->params; d->name; d++) {
			const char *def = hd_rule_param(r, d->name) ?
			    hd_rule_param(r, d->name) : d->def;

			printf("  %s (%s, default %s%s): %s\n", d->name,
			    hd_param_type_name(d->type), def ? def : "unset",
			    hd_rule_param(r, d->name) ? " in this benchmark" : "",
			    d->help);
		}
	}
	para("References", c->references);
	return HD_EXIT_OK;
}

const struct cmd_entry cmd_explain_entry = {
	.name = "explain", .args = "[-b NAME] ID|CONTROL",
	.summary = "explain one check",
	.description = "Show a recommendation's title, section, level, severity, "
	    "the control that decides it and its id in every benchmark version, "
	    "the rationale, how hardock audits it, the remediation, its "
	    "parameters and references.",
	.opts = explain_opts, .exec = explain_exec,
};
