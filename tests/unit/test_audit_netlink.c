/*
 * The kernel's loaded audit rules as AUDIT_LIST_RULES sends them: netlink
 * buffers built here the way the kernel builds them (audit_krule_to_data:
 * one struct audit_rule_data per rule, strings packed in buf in field
 * order), decoded by the pure parser; and one live request, whose answer
 * on this machine must be a fact, never a crash or a hang.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/audit.h>
#include <linux/netlink.h>

#include "testutil.h"
#include "collect/audit.h"

/* A buffer of netlink messages under construction (4-byte aligned). */
struct nlbuf {
	uint32_t words[8192];
	size_t len; /* bytes */
};

/* Append a message of type with payload p (n bytes) and seq. */
static void
nl_add(struct nlbuf *b, uint16_t type, uint32_t seq, const void *p, size_t n)
{
	struct nlmsghdr *h = (struct nlmsghdr *)((char *)b->words + b->len);

	ck_assert_uint_lt(b->len + NLMSG_SPACE(n), sizeof(b->words));
	memset(h, 0, NLMSG_SPACE(n));
	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(n);
	h->nlmsg_type = type;
	h->nlmsg_seq = seq;
	memcpy(NLMSG_DATA(h), p, n);
	b->len += NLMSG_SPACE(n);
}

/* A rule under construction: fields in order, strings packed after. */
struct rule {
	struct audit_rule_data *d;
	size_t cap;
};

/* A new exit,always rule. */
static void
rule_new(struct rule *r, uint32_t flags, uint32_t action)
{
	r->cap = sizeof(*r->d) + 4096;
	r->d = calloc(1, r->cap);
	r->d->flags = flags;
	r->d->action = action;
}

/* Append a numeric field. */
static void
rule_num(struct rule *r, uint32_t field, uint32_t value)
{
	r->d->fields[r->d->field_count] = field;
	r->d->values[r->d->field_count] = value;
	r->d->fieldflags[r->d->field_count++] = AUDIT_EQUAL;
}

/* Append a string field (its value is its length, its text goes to buf). */
static void
rule_str(struct rule *r, uint32_t field, const char *s, size_t n)
{
	memcpy(r->d->buf + r->d->buflen, s, n);
	r->d->buflen += (uint32_t)n;
	rule_num(r, field, (uint32_t)n);
}

/* The rule's payload size. */
static size_t
rule_len(const struct rule *r)
{
	return sizeof(*r->d) + r->d->buflen;
}

/* The i-th decoded rule's member as plain JSON text. */
static const char *
member(json_object *rules, size_t i, const char *key)
{
	json_object *v = NULL;

	ck_assert_uint_lt(i, json_object_array_length(rules));
	json_object_object_get_ex(json_object_array_get_idx(rules, i), key, &v);
	return v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE) : "null";
}

START_TEST(list_rules_answer)
{
	static struct nlbuf b;
	struct nlmsgerr ack = { 0 };
	struct hd_audit_nl st = { 0 };
	struct rule w, d, sys, never, other;

	b.len = 0;
	/* -w /usr/bin/dockerd -p wa -k docker -k cis */
	rule_new(&w, AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	rule_str(&w, AUDIT_WATCH, "/usr/bin/dockerd", 16);
	rule_num(&w, AUDIT_PERM, AUDIT_PERM_WRITE | AUDIT_PERM_ATTR);
	rule_str(&w, AUDIT_FILTERKEY, "docker\001cis", 10);
	/* -w /etc/docker (a directory: auditctl sends a dir field), no -p */
	rule_new(&d, AUDIT_FILTER_EXIT | AUDIT_FILTER_PREPEND, AUDIT_ALWAYS);
	rule_str(&d, AUDIT_DIR, "/etc/docker", 11);
	/* -a always,exit -S mount -F auid>=1000: no path */
	rule_new(&sys, AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	rule_num(&sys, AUDIT_LOGINUID, 1000);
	/* -a never,exit -F path=/tmp/x: excludes, watches nothing */
	rule_new(&never, AUDIT_FILTER_EXIT, AUDIT_NEVER);
	rule_str(&never, AUDIT_WATCH, "/tmp/x", 6);
	/* An answer to another request is skipped. */
	rule_new(&other, AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	rule_str(&other, AUDIT_WATCH, "/other", 6);
	nl_add(&b, NLMSG_ERROR, 2, &ack, sizeof(ack));
	nl_add(&b, AUDIT_LIST_RULES, 1, other.d, rule_len(&other));
	nl_add(&b, AUDIT_LIST_RULES, 2, w.d, rule_len(&w));
	nl_add(&b, AUDIT_LIST_RULES, 2, d.d, rule_len(&d));
	nl_add(&b, AUDIT_LIST_RULES, 2, sys.d, rule_len(&sys));
	nl_add(&b, AUDIT_LIST_RULES, 2, never.d, rule_len(&never));
	st.rules = json_object_new_array();
	st.seq = 2;
	/* The answer may arrive in pieces: first the ack and two rules. */
	ck_assert_int_eq(hd_audit_nl_parse(&st, b.words, b.len), 0);
	ck_assert(!st.done);
	ck_assert(st.acked);
	b.len = 0;
	nl_add(&b, NLMSG_DONE, 2, &ack, sizeof(int));
	ck_assert_int_eq(hd_audit_nl_parse(&st, b.words, b.len), 0);
	ck_assert(st.done);
	ck_assert_uint_eq(st.nrules, 4);
	ck_assert_uint_eq(json_object_array_length(st.rules), 2);
	ck_assert_str_eq(member(st.rules, 0, "path"), "\"/usr/bin/dockerd\"");
	ck_assert_str_eq(member(st.rules, 0, "perms"), "\"wa\"");
	ck_assert_str_eq(member(st.rules, 0, "key"), "\"docker\"");
	ck_assert_str_eq(member(st.rules, 0, "form"), "\"watch\"");
	ck_assert_str_eq(member(st.rules, 0, "source"), "\"AUDIT_LIST_RULES:0\"");
	ck_assert_str_eq(member(st.rules, 1, "path"), "\"/etc/docker\"");
	ck_assert_str_eq(member(st.rules, 1, "perms"), "\"rwxa\"");
	ck_assert_str_eq(member(st.rules, 1, "key"), "null");
	ck_assert_str_eq(member(st.rules, 1, "form"), "\"dir\"");
	json_object_put(st.rules);
	free(w.d);
	free(d.d);
	free(sys.d);
	free(never.d);
	free(other.d);
}
END_TEST

START_TEST(status_and_refusal)
{
	static struct nlbuf b;
	struct audit_status s = { .mask = 0, .enabled = 1, .pid = 812 };
	struct nlmsgerr err = { .error = -EPERM };
	struct hd_audit_nl st = { .seq = 1 };

	b.len = 0;
	nl_add(&b, AUDIT_GET, 1, &s, sizeof(s));
	st.rules = json_object_new_array();
	ck_assert_int_eq(hd_audit_nl_parse(&st, b.words, b.len), 0);
	ck_assert(st.done);
	ck_assert_int_eq(st.enabled, 1);
	/* A short status of an older kernel still gives enabled. */
	b.len = 0;
	st.done = false;
	s.enabled = 0;
	nl_add(&b, AUDIT_GET, 1, &s, 3 * sizeof(uint32_t));
	ck_assert_int_eq(hd_audit_nl_parse(&st, b.words, b.len), 0);
	ck_assert_int_eq(st.enabled, 0);
	/* The kernel's refusal: not allowed here, with its reason. */
	b.len = 0;
	st.done = false;
	nl_add(&b, NLMSG_ERROR, 1, &err, sizeof(err));
	ck_assert_int_eq(hd_audit_nl_parse(&st, b.words, b.len), HD_EACCES);
	ck_assert_str_eq(hd_error_last(), "Operation not permitted");
	err.error = -EINVAL;
	b.len = 0;
	nl_add(&b, NLMSG_ERROR, 1, &err, sizeof(err));
	ck_assert_int_eq(hd_audit_nl_parse(&st, b.words, b.len), HD_EIO);
	json_object_put(st.rules);
}
END_TEST

/* Hostile or broken answers: an error, never a read past the buffer. */
START_TEST(malformed_rules)
{
	static struct nlbuf b;
	json_object *rules = json_object_new_array();
	struct hd_audit_nl st = { .seq = 3 };
	struct rule r;

	rule_new(&r, AUDIT_FILTER_EXIT, AUDIT_ALWAYS);
	rule_str(&r, AUDIT_WATCH, "/etc/docker", 11);
	/* Shorter than the fixed part. */
	ck_assert_int_eq(hd_audit_rule_decode(rules, r.d, 100, 0), HD_EPARSE);
	/* More strings announced than sent. */
	ck_assert_int_eq(hd_audit_rule_decode(rules, r.d, rule_len(&r) - 1, 0),
	    HD_EPARSE);
	/* A field's length past the strings. */
	r.d->values[0] = 4000;
	ck_assert_int_eq(hd_audit_rule_decode(rules, r.d, rule_len(&r), 0), HD_EPARSE);
	r.d->values[0] = 11;
	/* Too many fields. */
	r.d->field_count = AUDIT_MAX_FIELDS + 1;
	ck_assert_int_eq(hd_audit_rule_decode(rules, r.d, rule_len(&r), 0), HD_EPARSE);
	r.d->field_count = 1;
	/* A path that is not absolute, or holds a NUL. */
	memcpy(r.d->buf, "etc/docker\0", 11);
	ck_assert_int_eq(hd_audit_rule_decode(rules, r.d, rule_len(&r), 0), HD_EPARSE);
	memcpy(r.d->buf, "/etc/docker", 11);
	ck_assert_int_eq(hd_audit_rule_decode(rules, r.d, rule_len(&r), 0), 1);
	ck_assert_uint_eq(json_object_array_length(rules), 1);
	/* A message claiming more bytes than the buffer holds. */
	b.len = 0;
	nl_add(&b, AUDIT_LIST_RULES, 3, r.d, rule_len(&r));
	st.rules = rules;
	ck_assert_int_eq(hd_audit_nl_parse(&st, b.words, b.len - 8), HD_EPARSE);
	json_object_put(rules);
	free(r.d);
}
END_TEST

/* The live kernel: whatever it answers is a fact (rules and status, no
 * audit support, or the refusal with its reason), within the timeout. */
START_TEST(live_request)
{
	json_object *rules = NULL;
	int enabled = -1;
	int r = hd_audit_nl_read(&rules, &enabled);

	if (r == HD_OK) {
		ck_assert(json_object_is_type(rules, json_type_array));
		ck_assert_int_ge(enabled, 0);
		ck_assert_int_le(enabled, 2);
	} else {
		ck_assert_ptr_null(rules);
		ck_assert_msg(r == HD_ENOTFOUND || r == HD_EACCES || r == HD_EIO,
		    "code %d", r);
		ck_assert(hd_error_last()[0] != '\0');
	}
	json_object_put(rules);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("audit_netlink");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, list_rules_answer);
	tcase_add_test(tc, status_and_refusal);
	tcase_add_test(tc, malformed_rules);
	tcase_add_test(tc, live_request);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
