/* The secret detector shared by 4.10, 7.4 and HD-SECRET-1/2. */
#include <stdlib.h>
#include <string.h>

#include "secret_detect.h"
#include "testutil.h"

/* Whether the name is flagged. */
static int
name_flagged(const char *n)
{
	return hd_secret_name_word(n, strlen(n)) != NULL;
}

START_TEST(names_like_secrets)
{
	ck_assert_str_eq(hd_secret_name_word("DB_PASSWORD", 11), "PASSWORD");
	ck_assert(name_flagged("MYSQL_ROOT_PASSWORD"));
	ck_assert(name_flagged("db_passwd"));
	ck_assert(name_flagged("GITHUB_TOKEN"));
	ck_assert(name_flagged("AWS_SECRET_ACCESS_KEY"));
	ck_assert(name_flagged("API_KEY"));
	ck_assert(name_flagged("STRIPE_APIKEY"));
	ck_assert(name_flagged("SSH_PRIVATE_KEY"));
	ck_assert(name_flagged("SECRETKEY"));
	ck_assert(name_flagged("ADMINPASSWORD"));
	ck_assert(name_flagged("password"));
	ck_assert(name_flagged("AZURE_CREDENTIALS"));
	/* References to a secret and lookalike words are not secrets. */
	ck_assert(!name_flagged("DB_PASSWORD_FILE"));
	ck_assert(!name_flagged("TOKEN_PATH"));
	ck_assert(!name_flagged("TOKENIZERS_PARALLELISM"));
	ck_assert(!name_flagged("PATH"));
	ck_assert(!name_flagged("PWD"));
	ck_assert(!name_flagged("COMPASS"));
	ck_assert(!name_flagged("KEYBOARD"));
	ck_assert(!name_flagged(""));
}
END_TEST

/* The format name found in s, or NULL. */
static const char *
fmt(const char *s)
{
	size_t off, n;

	return hd_secret_format(s, strlen(s), &off, &n);
}

START_TEST(key_formats)
{
	size_t off, n;
	const char *t = "x AKIAIOSFODNN7EXAMPLE y";

	ck_assert_str_eq(hd_secret_format(t, strlen(t), &off, &n),
	    "AWS access key id");
	ck_assert_uint_eq(off, 2);
	ck_assert_uint_eq(n, 20);
	ck_assert_str_eq(fmt("ghp_" "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
	    "GitHub token");
	ck_assert_str_eq(fmt("xoxb-1234567890-abcdefghij"), "Slack token");
	ck_assert_str_eq(fmt("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n"
	    "-----END RSA PRIVATE KEY-----"), "PEM private key");
	ck_assert_str_eq(fmt("-----BEGIN PRIVATE KEY-----"), "PEM private key");
	ck_assert_str_eq(fmt("postgres://app:s3cr3t@db:5432/app"),
	    "password in a URL");
	ck_assert_str_eq(fmt("glpat-abcdefghij0123456789"), "GitLab token");
	/* Too short, glued into a word, or a public key: not a secret. */
	ck_assert_ptr_null(fmt("AKIA1234"));
	ck_assert_ptr_null(fmt("XAKIAIOSFODNN7EXAMPLE"));
	ck_assert_ptr_null(fmt("ghp_short"));
	ck_assert_ptr_null(fmt("-----BEGIN PUBLIC KEY-----"));
	ck_assert_ptr_null(fmt("https://example.com/path"));
	ck_assert_ptr_null(fmt("https://user@example.com/"));
	ck_assert_ptr_null(fmt(""));
}
END_TEST

START_TEST(redaction)
{
	static const char *const secrets[] = { "hunter2hunter2", "abc", "1234",
		"\xc3\xa9\xc3\xa9longsecret", "" };

	/* Neither the first characters nor the length: every value reads the
	 * same. */
	for (size_t i = 0; i < sizeof(secrets) / sizeof(*secrets); i++) {
		char *r = hd_secret_redact(secrets[i], strlen(secrets[i]));

		ck_assert_str_eq(r, "<redacted>");
		ck_assert_ptr_null(strstr(r, "hu"));
		ck_assert_ptr_null(strstr(r, "14"));
		free(r);
	}
}
END_TEST

START_TEST(env_entries)
{
	struct hd_secrets s = { NULL, 0 };

	hd_secret_scan_env(&s, "DB_PASSWORD=hunter2hunter2");
	hd_secret_scan_env(&s, "PATH=/usr/bin:/bin");
	hd_secret_scan_env(&s, "MYSQL_ALLOW_EMPTY_PASSWORD=yes");
	hd_secret_scan_env(&s, "DB_PASSWORD_FILE=/run/secrets/db");
	hd_secret_scan_env(&s, "API_TOKEN=");
	hd_secret_scan_env(&s, "HOME");
	hd_secret_scan_env(&s, "=x");
	hd_secret_scan_env(&s, "KEY_ID=AKIAIOSFODNN7EXAMPLE");
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.v[0].name, "DB_PASSWORD");
	ck_assert_str_eq(s.v[0].why, "name contains PASSWORD");
	ck_assert_ptr_null(strstr(s.v[0].redacted, "hunter2"));
	ck_assert_str_eq(s.v[1].name, "KEY_ID");
	ck_assert_str_eq(s.v[1].why, "value is an AWS access key id");
	ck_assert_ptr_null(strstr(s.v[1].redacted, "IOSFODNN"));
	hd_secrets_clear(&s);
	ck_assert_uint_eq(s.n, 0);
	hd_secrets_clear(NULL);
}
END_TEST

START_TEST(command_text)
{
	struct hd_secrets s = { NULL, 0 };

	hd_secret_scan_text(&s, "/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2hunter2");
	hd_secret_scan_text(&s, "RUN |2 GH_TOKEN=abcdefghijkl X=1 /bin/sh -c make "
	    "# buildkit");
	hd_secret_scan_text(&s, "/bin/sh -c curl --password=\"pa ss word\" x");
	hd_secret_scan_text(&s, "/bin/sh -c echo AKIAIOSFODNN7EXAMPLE > /k");
	hd_secret_scan_text(&s, "/bin/sh -c curl -H \"$TOKEN\" --token=$TOKEN x");
	hd_secret_scan_text(&s, "ENV DB_PASSWORD=again-and-again");
	ck_assert_uint_eq(s.n, 4);
	ck_assert_str_eq(s.v[0].name, "DB_PASSWORD");
	ck_assert_str_eq(s.v[1].name, "GH_TOKEN");
	ck_assert_str_eq(s.v[2].name, "password");
	ck_assert_str_eq(s.v[2].redacted, "<redacted>");
	ck_assert_str_eq(s.v[3].name, "AWS access key id");
	hd_secrets_clear(&s);
}
END_TEST

START_TEST(scrub_commands)
{
	char *o = hd_secret_scrub("/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2hunter2 "
	    "A=b && echo AKIAIOSFODNN7EXAMPLE");

	ck_assert_str_eq(o, "/bin/sh -c #(nop)  ENV DB_PASSWORD=<redacted> "
	    "A=b && echo <redacted>");
	free(o);
	o = hd_secret_scrub("apt-get update && apt-get install -y curl");
	ck_assert_str_eq(o, "apt-get update && apt-get install -y curl");
	free(o);
	o = hd_secret_scrub("");
	ck_assert_str_eq(o, "");
	free(o);
	/* Short values grow when redacted: the buffer must hold that. */
	o = hd_secret_scrub("P_TOKEN=a P_TOKEN=b P_TOKEN=c P_TOKEN=d");
	ck_assert_str_eq(o, "P_TOKEN=<redacted> P_TOKEN=<redacted> "
	    "P_TOKEN=<redacted> P_TOKEN=<redacted>");
	free(o);
	/* Names after a scope or a URL part: an .npmrc written by a RUN
	 * line, a token in a query string. A path is not a name. */
	o = hd_secret_scrub("echo //registry.npmjs.org/:_authToken=npmtok123456 "
	    "> ~/.npmrc && curl https://x/api?access_token=qs123456 "
	    "-o /etc/token=file");
	ck_assert_str_eq(o, "echo //registry.npmjs.org/:_authToken=<redacted> "
	    "> ~/.npmrc && curl https://x/api?access_token=<redacted> "
	    "-o /etc/token=file");
	free(o);
}
END_TEST

START_TEST(hostile_text)
{
	struct hd_secrets s = { NULL, 0 };
	size_t n = 200000;
	char *big = malloc(n + 1);
	char *o;

	/* Long runs of near-matches stay linear and never overrun. */
	for (size_t i = 0; i < n; i++)
		big[i] = "-=:/@A"[i % 6];
	big[n] = '\0';
	hd_secret_scan_text(&s, big);
	o = hd_secret_scrub(big);
	ck_assert_uint_eq(strlen(o), n);
	free(o);
	hd_secrets_clear(&s);
	hd_secret_scan_text(&s, "TOKEN=\"unterminated");
	ck_assert_uint_eq(s.n, 1);
	hd_secrets_clear(&s);
	hd_secret_scan_text(&s, "-----BEGIN RSA PRIVATE KEY-----");
	ck_assert_uint_eq(s.n, 1);
	hd_secrets_clear(&s);
	free(big);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("secret_detect");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, names_like_secrets);
	tcase_add_test(tc, key_formats);
	tcase_add_test(tc, redaction);
	tcase_add_test(tc, env_entries);
	tcase_add_test(tc, command_text);
	tcase_add_test(tc, scrub_commands);
	tcase_add_test(tc, hostile_text);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
