/* hardock completion: the bash completion script, generated from the
 * command and option tables like the man page (a test compares it with
 * contrib/bash-completion/hardock), and the words the script asks for at
 * completion time: check ids, parameters, profiles, docker contexts. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/profile.h>
#include <hardock/report.h>
#include <hardock/scan.h>

#include "cli.h"
#include "collect/dockerhost.h"

/* What an option's value is, for the script: a kind, then its words.
 * "@formats" stands for the reporters' names, "@severities" for the
 * severities and "@benchmarks" for the shipped packs. Kinds: words, check,
 * checks (comma-separated), param, profile, context, format-file
 * (FMT:FILE), url, file, dir, none. */
struct value_rule {
	const char *cmd; /* subcommand, NULL for any */
	const char *opt; /* long option name, NULL for any */
	const char *arg; /* its placeholder, NULL for any */
	const char *kind;
};

/* The first rule that matches an option wins. */
static const struct value_rule option_values[] = {
	{ NULL, "benchmark", NULL, "words @benchmarks" },
	{ "scan", "host", NULL, "url unix:// tcp://" },
	{ "scan", "context", NULL, "context" },
	{ "scan", "format", NULL, "words @formats" },
	{ "scan", "output", NULL, "format-file @formats" },
	{ "scan", "check", NULL, "checks" },
	{ "scan", "exclude", NULL, "checks" },
	{ "scan", "fail-on", NULL, "words @severities none" },
	{ "scan", "color", NULL, "words auto always never" },
	{ "scan", "timeout", NULL, "none" },
	{ "scan", "profile", NULL, "profile" },
	{ "scan", "param", NULL, "param" },
	{ "scan", "max-objects", NULL, "none" },
	{ "scan", "warn-expiry", NULL, "none" },
	{ "scan", "as-of", NULL, "none" },
	{ "watch", "host", NULL, "url unix:// tcp://" },
	{ "watch", "context", NULL, "context" },
	{ "watch", "format", NULL, "words text jsonl" },
	{ "watch", "output", NULL, "format-file @formats" },
	{ "watch", "check", NULL, "checks" },
	{ "watch", "exclude", NULL, "checks" },
	{ "watch", "fail-on", NULL, "words @severities none" },
	{ "watch", "timeout", NULL, "none" },
	{ "watch", "profile", NULL, "profile" },
	{ "watch", "param", NULL, "param" },
	{ "watch", "interval", NULL, "none" },
	{ "watch", "rescan", NULL, "none" },
	{ "watch", "exec", NULL, "none" },
	{ "watch", "exec-arg", NULL, "none" },
	{ "image", "host", NULL, "url unix:// tcp://" },
	{ "image", "context", NULL, "context" },
	{ "image", "format", NULL, "words @formats" },
	{ "image", "output", NULL, "format-file @formats" },
	{ "image", "check", NULL, "checks" },
	{ "image", "exclude", NULL, "checks" },
	{ "image", "fail-on", NULL, "words @severities none" },
	{ "image", "color", NULL, "words auto always never" },
	{ "image", "timeout", NULL, "none" },
	{ "image", "profile", NULL, "profile" },
	{ "image", "param", NULL, "param" },
	{ "image", "max-objects", NULL, "none" },
	{ "image", "warn-expiry", NULL, "none" },
	{ "image", "as-of", NULL, "none" },
	{ "image", "base", NULL, "file" },
	{ "image", "limit", NULL, "words files= bytes= path= depth= link= "
	  "file-size= json= images= layers=" },
	{ "merge", "format", NULL, "words text json html" },
	{ "merge", "output", NULL, "format-file text json html" },
	{ "merge", "fail-on", NULL, "words @severities" },
	{ "merge", "max-age", NULL, "none" },
	{ "merge", "now", NULL, "none" },
	{ "map", "from", NULL, "words @benchmarks" },
	{ "map", "to", NULL, "words @benchmarks" },
	{ NULL, "format", NULL, "words text json" },
	{ NULL, NULL, "FILE", "file" },
	{ NULL, NULL, "DIR", "dir" },
	{ NULL, NULL, NULL, NULL },
};

/* What a subcommand's operands are ("" none); one whose synopsis shows
 * none needs no rule. */
static const struct value_rule operand_values[] = {
	{ "explain", NULL, NULL, "check" },
	{ "image", NULL, NULL, "file" },
	{ "list", NULL, NULL, "check" },
	{ "diff", NULL, NULL, "file" },
	{ "merge", NULL, NULL, "file" },
	{ "benchmarks", NULL, NULL, "" },
	{ "map", NULL, NULL, "" },
	{ "profile", NULL, NULL, "words check show" },
	{ "version", NULL, NULL, "" },
	{ "completion", NULL, NULL, "words bash checks params profiles contexts" },
	{ NULL, NULL, NULL, NULL },
};

/* The part of the script that is not generated: the completion logic. */
static const char script_body[] =
	"# Print the words of kind $1 that hardock $2 knows at completion time: the\n"
	"# check ids of a benchmark pack ($3, else the default), the parameters of\n"
	"# its controls, its profiles, the docker contexts it would find.\n"
	"_hardock_ask()\n"
	"{\n"
	"\t\"$2\" completion \"$1\" ${3:+\"$3\"} 2>/dev/null\n"
	"}\n"
	"\n"
	"# Print the benchmark pack named on the line: -b NAME, --benchmark NAME or\n"
	"# --benchmark=NAME (which bash-completion splits at the '=').\n"
	"_hardock_benchmark()\n"
	"{\n"
	"\tlocal i\n"
	"\tfor ((i = 2; i < cword; i++)); do\n"
	"\t\tcase ${words[i]} in\n"
	"\t\t-b | --benchmark)\n"
	"\t\t\t[[ ${words[i + 1]-} == = ]] && ((i++))\n"
	"\t\t\techo \"${words[i + 1]-}\"\n"
	"\t\t\treturn ;;\n"
	"\t\t--benchmark=*)\n"
	"\t\t\techo \"${words[i]#*=}\"\n"
	"\t\t\treturn ;;\n"
	"\t\tesac\n"
	"\tdone\n"
	"}\n"
	"\n"
	"# Add the file names matching $cur to COMPREPLY: directories only with\n"
	"# -d, else files ending in .$1 when given, and directories.\n"
	"_hardock_files()\n"
	"{\n"
	"\tif declare -F _filedir >/dev/null; then\n"
	"\t\t_filedir \"$@\"\n"
	"\telse\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\tcase ${1-} in\n"
	"\t\t-d) COMPREPLY+=($(compgen -d -- \"$cur\")) ;;\n"
	"\t\t'') COMPREPLY+=($(compgen -f -- \"$cur\")) ;;\n"
	"\t\t*) COMPREPLY+=($(compgen -d -- \"$cur\") $(compgen -f -X \"!*.$1\" -- \"$cur\")) ;;\n"
	"\t\tesac\n"
	"\tfi\n"
	"}\n"
	"\n"
	"# Readline breaks words at ':' (COMP_WORDBREAKS): offer only what follows\n"
	"# the last ':' of $cur.\n"
	"_hardock_ltrim_colon()\n"
	"{\n"
	"\tlocal pre i\n"
	"\t[[ $cur == *:* && $COMP_WORDBREAKS == *:* ]] || return 0\n"
	"\tpre=${cur%\"${cur##*:}\"}\n"
	"\tfor i in \"${!COMPREPLY[@]}\"; do\n"
	"\t\tCOMPREPLY[i]=${COMPREPLY[i]#\"$pre\"}\n"
	"\tdone\n"
	"}\n"
	"\n"
	"# Fill COMPREPLY with the values of kind $1 matching $cur, for hardock $2;\n"
	"# the remaining arguments are the words of the kind.\n"
	"_hardock_values()\n"
	"{\n"
	"\tlocal kind=$1 hd=$2 pre\n"
	"\tshift 2\n"
	"\tcase $kind in\n"
	"\twords)\n"
	"\t\tCOMPREPLY=($(compgen -W \"$*\" -- \"$cur\")) ;;\n"
	"\tcheck)\n"
	"\t\tCOMPREPLY=($(compgen -W \"$(_hardock_ask checks \"$hd\" \"$(_hardock_benchmark)\")\" \\\n"
	"\t\t    -- \"$cur\")) ;;\n"
	"\tchecks)\n"
	"\t\tpre=${cur%\"${cur##*,}\"}\n"
	"\t\tCOMPREPLY=($(compgen -P \"$pre\" -W \"$(_hardock_ask checks \"$hd\" \"$(_hardock_benchmark)\")\" \\\n"
	"\t\t    -- \"${cur##*,}\")) ;;\n"
	"\tparam)\n"
	"\t\tCOMPREPLY=($(compgen -S = -W \"$(_hardock_ask params \"$hd\")\" -- \"$cur\"))\n"
	"\t\tcompopt -o nospace 2>/dev/null ;;\n"
	"\tprofile)\n"
	"\t\tCOMPREPLY=($(compgen -W \"$(_hardock_ask profiles \"$hd\")\" -- \"$cur\"))\n"
	"\t\t_hardock_files json ;;\n"
	"\tcontext)\n"
	"\t\tCOMPREPLY=($(compgen -W \"$(_hardock_ask contexts \"$hd\")\" -- \"$cur\")) ;;\n"
	"\tformat-file)\n"
	"\t\tif [[ $cur == *:* ]]; then\n"
	"\t\t\tpre=${cur%%:*}:\n"
	"\t\t\tCOMPREPLY=($(compgen -P \"$pre\" -f -- \"${cur#*:}\"))\n"
	"\t\telse\n"
	"\t\t\tCOMPREPLY=($(compgen -S : -W \"$*\" -- \"$cur\"))\n"
	"\t\t\tcompopt -o nospace 2>/dev/null\n"
	"\t\tfi ;;\n"
	"\turl)\n"
	"\t\tCOMPREPLY=($(compgen -W \"$*\" -- \"$cur\"))\n"
	"\t\t[[ $cur == unix://* ]] &&\n"
	"\t\t    COMPREPLY+=($(compgen -P unix:// -f -- \"${cur#unix://}\"))\n"
	"\t\tcompopt -o nospace 2>/dev/null ;;\n"
	"\tfile)\n"
	"\t\t_hardock_files ;;\n"
	"\tdir)\n"
	"\t\t_hardock_files -d ;;\n"
	"\tesac\n"
	"\t_hardock_ltrim_colon\n"
	"}\n"
	"\n"
	"# The completion function: the subcommand, then its options, their values\n"
	"# and the subcommand's operands.\n"
	"_hardock()\n"
	"{\n"
	"\tlocal cur prev words cword split=false line kind\n"
	"\tif declare -F _init_completion >/dev/null; then\n"
	"\t\t_init_completion -s -n : || return\n"
	"\telse\n"
	"\t\t# Without bash-completion: split the line at blanks.\n"
	"\t\tline=${COMP_LINE:0:COMP_POINT}\n"
	"\t\tread -ra words <<<\"$line\"\n"
	"\t\t[[ -z $line || $line == *[[:space:]] ]] && words+=(\"\")\n"
	"\t\tcword=$((${#words[@]} - 1))\n"
	"\t\tcur=${words[cword]} prev=${words[cword - 1]}\n"
	"\t\tif [[ $cur == --*=* ]]; then\n"
	"\t\t\tprev=${cur%%=*} cur=${cur#*=} split=true\n"
	"\t\tfi\n"
	"\tfi\n"
	"\tif ((cword == 1)); then\n"
	"\t\tCOMPREPLY=($(compgen -W \"$(_hardock_commands) --help --version\" -- \"$cur\"))\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tif [[ $split == true ]]; then\n"
	"\t\tkind=$(_hardock_optarg \"${words[1]}\" \"$prev\")\n"
	"\telif [[ $cur == -* ]]; then\n"
	"\t\tCOMPREPLY=($(compgen -W \"$(_hardock_options \"${words[1]}\")\" -- \"$cur\"))\n"
	"\t\treturn\n"
	"\telse\n"
	"\t\tkind=$(_hardock_optarg \"${words[1]}\" \"$prev\")\n"
	"\t\t[[ -n $kind ]] || kind=$(_hardock_operands \"${words[1]}\")\n"
	"\tfi\n"
	"\t[[ -n $kind ]] || return 0\n"
	"\t# The kind, then its words (none holds a blank).\n"
	"\tlocal -a k\n"
	"\tread -ra k <<<\"$kind\"\n"
	"\t_hardock_values \"${k[0]}\" \"${words[0]}\" \"${k[@]:1}\"\n"
	"}\n"
	"complete -F _hardock hardock\n";

/* The kind of cmd's option o's value, NULL when no rule says. */
static const char *
option_kind(const struct cmd_entry *cmd, const struct cli_opt *o)
{
	for (const struct value_rule *r = option_values; r->kind; r++)
		if ((r->cmd == NULL || strcmp(r->cmd, cmd->name) == 0) &&
		    (r->opt == NULL || strcmp(r->opt, o->name) == 0) &&
		    (r->arg == NULL || strcmp(r->arg, o->arg) == 0))
			return r->kind;
	return NULL;
}

/* The operand rule of cmd, "" when it takes none, NULL when unknown. */
static const char *
operand_kind(const struct cmd_entry *cmd)
{
	for (const struct value_rule *r = operand_values; r->cmd; r++)
		if (strcmp(r->cmd, cmd->name) == 0)
			return r->kind;
	if (cmd->args[0] == '\0' || strcmp(cmd->args, "[OPTIONS]") == 0)
		return "";
	return NULL;
}

/* Whether s can stand unquoted in the generated script. */
static bool
plain(const char *s)
{
	return s[0] != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/=@-") == strlen(s);
}

/* Print kind with its @-words expanded. */
static void
print_kind(FILE *out, const char *kind)
{
	char *copy = hd_xstrdup(kind), *save = NULL;
	const char *sep = "";

	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "@formats") == 0) {
			for (size_t i = 0; i < hd_reporter_count(); i++, sep = " ")
				fprintf(out, "%s%s", sep, hd_reporter_get(i)->name);
		} else if (strcmp(w, "@severities") == 0) {
			for (int s = 0; s < HD_SEV__COUNT; s++, sep = " ")
				fprintf(out, "%s%s", sep, hd_severity_name(s));
		} else if (strcmp(w, "@benchmarks") == 0) {
			for (size_t i = 0; i < hd_pack_count(); i++, sep = " ")
				fprintf(out, "%s%s", sep, hd_pack_get(i)->name);
		} else {
			fprintf(out, "%s%s", sep, w);
		}
		sep = " ";
	}
	free(copy);
}

/* Check every name the script will hold and that every option with a
 * value and every subcommand with operands has a rule, so a new option
 * cannot silently complete nothing. */
static int
validate(void)
{
	for (size_t i = 0; cli_commands[i]; i++) {
		const struct cmd_entry *c = cli_commands[i];

		if (!plain(c->name))
			return cli_usage_error("completion: command name '%s' needs "
			    "quoting", c->name);
		if (operand_kind(c) == NULL)
			return cli_usage_error("completion: no operand rule for "
			    "'%s %s'; add one to src/cli/cmd_completion.c", c->name,
			    c->args);
		for (const struct cli_opt *o = c->opts; o && o->name; o++) {
			if (!plain(o->name))
				return cli_usage_error("completion: option '%s' needs "
				    "quoting", o->name);
			if (o->arg && option_kind(c, o) == NULL)
				return cli_usage_error("completion: no value rule for "
				    "'%s --%s %s'; add one to src/cli/cmd_completion.c",
				    c->name, o->name, o->arg);
		}
	}
	for (size_t i = 0; i < hd_reporter_count(); i++)
		if (!plain(hd_reporter_get(i)->name))
			return cli_usage_error("completion: format name needs quoting");
	for (size_t i = 0; i < hd_pack_count(); i++)
		if (!plain(hd_pack_get(i)->name))
			return cli_usage_error("completion: benchmark name needs quoting");
	return HD_EXIT_OK;
}

/* One "pattern) echo WORDS ;;" case per option of cmd with a value. */
static void
print_optarg_cases(FILE *out, const struct cmd_entry *c)
{
	for (const struct cli_opt *o = c->opts; o && o->name; o++) {
		const char *kind = o->arg ? option_kind(c, o) : NULL;

		if (kind == NULL || strcmp(kind, "none") == 0)
			continue;
		fputs("\t", out);
		if (o->key < 256)
			fprintf(out, "\"%s -%c\" | ", c->name, o->key);
		fprintf(out, "\"%s --%s\")\n\t\techo \"", c->name, o->name);
		print_kind(out, kind);
		fputs("\" ;;\n", out);
	}
}

/* The generated tables, as shell functions, then the logic. */
static int
print_bash(FILE *out)
{
	int r;

	if ((r = validate()) != HD_EXIT_OK)
		return r;
	fputs("# bash completion for hardock(1).\n"
	    "# Generated by `hardock completion bash` from hardock's command and "
	    "option\n# tables; do not edit (a test fails when it is stale).\n\n"
	    "# The subcommands.\n_hardock_commands()\n{\n\techo \"", out);
	for (size_t i = 0; cli_commands[i]; i++)
		fprintf(out, "%s%s", i ? " " : "", cli_commands[i]->name);
	fputs("\"\n}\n\n# The options of subcommand $1.\n_hardock_options()\n{\n"
	    "\tcase $1 in\n", out);
	for (size_t i = 0; cli_commands[i]; i++) {
		const struct cmd_entry *c = cli_commands[i];
		const char *sep = "";

		fprintf(out, "\t%s)\n\t\techo \"", c->name);
		for (const struct cli_opt *o = c->opts; o && o->name; o++, sep = " ") {
			if (o->key < 256)
				fprintf(out, "%s-%c", sep, o->key), sep = " ";
			fprintf(out, "%s--%s", sep, o->name);
		}
		if (c->opts == NULL || c->opts[0].name == NULL)
			fputs("--help", out);
		fputs("\" ;;\n", out);
	}
	fputs("\tesac\n}\n\n# The value of option $2 of subcommand $1: a kind, "
	    "then its words;\n# nothing for a flag.\n_hardock_optarg()\n{\n"
	    "\tcase \"$1 $2\" in\n", out);
	for (size_t i = 0; cli_commands[i]; i++)
		print_optarg_cases(out, cli_commands[i]);
	fputs("\tesac\n}\n\n# The operands of subcommand $1: a kind, then its "
	    "words.\n_hardock_operands()\n{\n\tcase $1 in\n", out);
	for (size_t i = 0; cli_commands[i]; i++) {
		const char *kind = operand_kind(cli_commands[i]);

		if (kind[0] == '\0')
			continue;
		fprintf(out, "\t%s)\n\t\techo \"", cli_commands[i]->name);
		print_kind(out, kind);
		fputs("\" ;;\n", out);
	}
	fputs("\tesac\n}\n\n", out);
	fputs(script_body, out);
	return HD_EXIT_OK;
}

/* Print the words of v one a line. */
static void
print_words(char **v)
{
	for (char **p = v; p && *p; p++)
		puts(*p);
}

/* The parameters the controls declare, each once. */
static void
print_params(void)
{
	for (size_t i = 0; i < hd_control_count(); i++) {
		for (const struct hd_param_def *p = hd_control_get(i)->params;
		    p && p->name; p++) {
			bool seen = false;

			for (size_t k = 0; k <= i && !seen; k++)
				for (const struct hd_param_def *q =
				    hd_control_get(k)->params; q && q->name && q != p &&
				    !seen; q++)
					seen = strcmp(q->name, p->name) == 0;
			if (!seen)
				puts(p->name);
		}
	}
}

static int
completion_exec(int argc, char **argv)
{
	struct hd_docker_env env;
	char **v = NULL, *cfg;

	const struct hd_pack *pack;

	if (argc == 3 && strcmp(argv[1], "checks") == 0) {
		/* The ids of the pack a -b/--benchmark on the line names. */
		if ((pack = cli_pack("completion", argv[2])) == NULL)
			return HD_EXIT_USAGE;
	} else if (argc != 2) {
		return cli_usage_error("completion: want one of bash, checks "
		    "[BENCHMARK], params, profiles, contexts (see 'hardock "
		    "completion --help')");
	} else {
		pack = hd_pack_default();
	}
	if (strcmp(argv[1], "bash") == 0)
		return print_bash(stdout);
	if (strcmp(argv[1], "checks") == 0) {
		for (size_t i = 0; i < pack->nrules; i++)
			puts(pack->rules[i].id);
	} else if (strcmp(argv[1], "params") == 0) {
		print_params();
	} else if (strcmp(argv[1], "profiles") == 0) {
		print_words(v = hd_profile_names());
	} else if (strcmp(argv[1], "contexts") == 0) {
		hd_docker_env_from_environ(&env);
		cfg = hd_docker_config_dir(&env);
		hd_context_names(&v, cfg);
		print_words(v);
		free(cfg);
	} else {
		return cli_usage_error("completion: unknown word list '%s'", argv[1]);
	}
	hd_strv_free(v);
	return fflush(stdout) == 0 ? HD_EXIT_OK : HD_EXIT_NOSCAN;
}

const struct cmd_entry cmd_completion_entry = {
	.name = "completion", .args = "bash|checks [BENCHMARK]|params|profiles|contexts",
	.summary = "print the bash completion script, or words it completes",
	.description = "With bash, print the bash completion script for hardock, "
	    "generated from the same tables as --help (the package installs it in "
	    "/usr/share/bash-completion/completions). With checks, params, "
	    "profiles or contexts, print the check ids of the default benchmark "
	    "pack (or of BENCHMARK), the parameters controls declare, the "
	    "profiles --profile finds by name, or the docker contexts --context "
	    "finds, one a line: the script asks for them while completing.",
	.exec = completion_exec,
};
