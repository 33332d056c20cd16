/* hardock watch's pure parts: the event line splitter and parser, the
 * one-object re-evaluation and the change computation. */
#include <stdlib.h>
#include <string.h>

#include <hardock/facts.h>
#include <hardock/watch.h>

#include "collect/events.h"
#include "testutil.h"

/* Lines the splitter handed over, "<long>" for one past the cap. */
struct seen {
	char text[16][64];
	size_t n;
};

static void
collect_line(void *arg, const char *line, size_t len)
{
	struct seen *s = arg;

	ck_assert_uint_lt(s->n, 16);
	if (line == NULL)
		snprintf(s->text[s->n++], 64, "<long %zu>", len);
	else
		snprintf(s->text[s->n++], 64, "%.*s", (int)len, line);
}

START_TEST(lines_split_across_chunks)
{
	struct hd_lines *l = hd_lines_new(8);
	struct seen s = { .n = 0 };
	const char *data = "ab\ncdef\n\n0123456789abc\nxy\nparti";

	/* One byte at a time: every boundary is a chunk boundary. */
	for (size_t i = 0; i < strlen(data); i++)
		hd_lines_feed(l, data + i, 1, collect_line, &s);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_str_eq(s.text[0], "ab");
	ck_assert_str_eq(s.text[1], "cdef");
	ck_assert_str_eq(s.text[2], "<long 8>");
	ck_assert_str_eq(s.text[3], "xy");
	ck_assert_uint_eq(hd_lines_pending(l), 5);
	hd_lines_free(l);
	hd_lines_free(NULL);
}
END_TEST

START_TEST(endless_line_is_bounded)
{
	struct hd_lines *l = hd_lines_new(1024);
	struct seen s = { .n = 0 };
	char chunk[4096];

	memset(chunk, 'x', sizeof(chunk));
	for (int i = 0; i < 1000; i++) {
		hd_lines_feed(l, chunk, sizeof(chunk), collect_line, &s);
		ck_assert_uint_le(hd_lines_pending(l), 1024);
	}
	/* Reported once, however long it goes on. */
	ck_assert_uint_eq(s.n, 1);
	hd_lines_feed(l, "\n{}\n", 4, collect_line, &s);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.text[1], "{}");
	hd_lines_free(l);
}
END_TEST

START_TEST(event_parses)
{
	static const char line[] = "{\"status\":\"create\",\"id\":\"abc\","
	    "\"Type\":\"container\",\"Action\":\"create\",\"Actor\":{\"ID\":"
	    "\"0123abcd\",\"Attributes\":{\"image\":\"x\",\"name\":\"web\"}},"
	    "\"scope\":\"local\",\"time\":1700000000,\"timeNano\":"
	    "1700000000123456789}";
	struct hd_event e;

	ck_assert_int_eq(hd_event_parse(&e, line, strlen(line)), HD_OK);
	ck_assert_str_eq(e.type, "container");
	ck_assert_str_eq(e.action, "create");
	ck_assert_str_eq(e.id, "0123abcd");
	ck_assert_str_eq(e.name, "web");
	ck_assert_int_eq(e.time, 1700000000LL);
	ck_assert_int_eq(e.time_nano, 1700000000123456789LL);
}
END_TEST

START_TEST(event_malformed)
{
	static const char *const bad[] = {
		"", "not json", "[1,2]", "{\"Type\":\"container\"}",
		"{\"Type\":1,\"Action\":\"x\"}",
		"{\"Type\":\"container\",\"Action\":[]}",
		"{\"Type\":\"container\",\"Action\":\"x\",\"time\":-1}",
		"{\"Type\":\"container\",\"Action\":\"x\",\"time\":\"now\"}",
		"{\"Type\":\"container\",\"Action\":\"x\",\"Actor\":{\"ID\":7}}",
		"{\"Type\":\"contain\\u0000er\",\"Action\":\"x\"}",
		"{\"Type\":\"containercontainercontainer\",\"Action\":\"x\"}",
		"{\"Type\":\"container\",\"Action\":\"x\"",
	};
	struct hd_event e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(hd_event_parse(&e, bad[i], strlen(bad[i])) == HD_EPARSE,
		    "accepted: %s", bad[i]);
		ck_assert_str_eq(e.type, "");
		ck_assert_ptr_nonnull(strstr(hd_error_last(), "event"));
	}
}
END_TEST

#define PRIV "{\"Id\":\"%s\",\"Name\":\"/%s\",\"HostConfig\":{\"Privileged\":%s}}"

/* Add container id named name, privileged or not. */
static void
add_ctr(struct hd_snapshot *s, const char *id, const char *name, bool priv)
{
	char text[256];

	snprintf(text, sizeof(text), PRIV, id, name, priv ? "true" : "false");
	tu_add_container(s, text);
}

/* Scan options selecting the privileged control only. */
static void
opts(struct hd_scan_opts *o, const char **sel)
{
	hd_scan_opts_init(o);
	sel[0] = "container.privileged";
	o->select = sel;
	o->nselect = 1;
}

/* The result of container.privileged in res. */
static const struct hd_result *
priv_result(const struct hd_results *res)
{
	for (size_t i = 0; i < res->count; i++)
		if (strcmp(res->items[i].check->key, "container.privileged") == 0)
			return &res->items[i];
	ck_abort_msg("no container.privileged result");
	return NULL;
}

START_TEST(update_object_and_changes)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_results *res = NULL, *fresh = NULL;
	struct hd_verdicts old = { 0 }, new = { 0 };
	struct hd_scan_opts o;
	struct hd_change *ch;
	const char *sel[1];
	json_object *j;

	opts(&o, sel);
	add_ctr(s, "aa", "web", false);
	add_ctr(s, "bb", "db", true);
	ck_assert_int_eq(hd_scan_run(&res, s, &o), HD_OK);
	ck_assert_int_eq(priv_result(res)->status, HD_FAIL);

	/* bb loses --privileged: one line, fail -> pass, resolved. */
	hd_verdicts_collect(&old, res, HD_OBJ_CONTAINER, "bb", true);
	ck_assert_uint_eq(old.n, 1);
	ck_assert_ptr_nonnull(old.v[0].json);
	ck_assert(hd_snapshot_remove(s, HD_OBJ_CONTAINER, "bb"));
	add_ctr(s, "bb", "db", false);
	hd_scan_update_object(res, s, &o, HD_OBJ_CONTAINER, "bb");
	hd_verdicts_collect(&new, res, HD_OBJ_CONTAINER, "bb", false);
	ck_assert_uint_eq(hd_verdicts_diff(&ch, &old, &new), 1);
	ck_assert_int_eq(ch[0].old_status, HD_FAIL);
	ck_assert_int_eq(ch[0].new_status, HD_PASS);
	ck_assert_str_eq(hd_change_kind(&ch[0]), "resolved");
	j = hd_change_json(&ch[0], res, 7, NULL);
	ck_assert_str_eq(json_object_get_string(hd_json_path(j, "control")),
	    "container.privileged");
	ck_assert_str_eq(json_object_get_string(hd_json_path(j, "id")), "5.5");
	ck_assert_str_eq(json_object_get_string(hd_json_path(j,
	    "finding.object.name")), "db");
	ck_assert_int_eq(json_object_get_int(hd_json_path(j, "seq")), 7);
	json_object_put(j);
	free(ch);
	/* The updated state is what a fresh scan says. */
	ck_assert_int_eq(priv_result(res)->status, HD_PASS);
	ck_assert_int_eq(hd_scan_run(&fresh, s, &o), HD_OK);
	ck_assert_int_eq(priv_result(fresh)->status, HD_PASS);
	ck_assert_uint_eq(priv_result(fresh)->top.nchildren,
	    priv_result(res)->top.nchildren);
	ck_assert_int_eq(res->score, fresh->score);
	hd_results_free(fresh);

	/* A new privileged container: a new failure from none. */
	add_ctr(s, "cc", "evil", true);
	hd_verdicts_collect(&old, res, HD_OBJ_CONTAINER, "cc", true);
	ck_assert_uint_eq(old.n, 0);
	hd_scan_update_object(res, s, &o, HD_OBJ_CONTAINER, "cc");
	hd_verdicts_collect(&new, res, HD_OBJ_CONTAINER, "cc", false);
	ck_assert_uint_eq(hd_verdicts_diff(&ch, &old, &new), 1);
	ck_assert_int_eq(ch[0].old_status, HD_STATUS_NONE);
	ck_assert_str_eq(hd_change_kind(&ch[0]), "new_failure");
	free(ch);
	ck_assert_int_eq(priv_result(res)->status, HD_FAIL);

	/* It is removed: gone, the finding still shown from before. */
	hd_verdicts_collect(&old, res, HD_OBJ_CONTAINER, "cc", true);
	ck_assert(hd_snapshot_remove(s, HD_OBJ_CONTAINER, "cc"));
	ck_assert(!hd_snapshot_remove(s, HD_OBJ_CONTAINER, "cc"));
	hd_scan_update_object(res, s, &o, HD_OBJ_CONTAINER, "cc");
	hd_verdicts_collect(&new, res, HD_OBJ_CONTAINER, "cc", false);
	ck_assert_uint_eq(hd_verdicts_diff(&ch, &old, &new), 1);
	ck_assert_int_eq(ch[0].new_status, HD_STATUS_NONE);
	ck_assert_str_eq(hd_change_kind(&ch[0]), "gone");
	j = hd_change_json(&ch[0], res, 8, NULL);
	ck_assert_str_eq(json_object_get_string(hd_json_path(j,
	    "finding.object.name")), "evil");
	ck_assert_ptr_null(hd_json_path(j, "new_status"));
	json_object_put(j);
	free(ch);
	ck_assert_int_eq(priv_result(res)->status, HD_PASS);

	/* A passing container changing nothing prints nothing. */
	hd_verdicts_collect(&old, res, HD_OBJ_CONTAINER, "aa", true);
	hd_scan_update_object(res, s, &o, HD_OBJ_CONTAINER, "aa");
	hd_verdicts_collect(&new, res, HD_OBJ_CONTAINER, "aa", false);
	ck_assert_uint_eq(hd_verdicts_diff(&ch, &old, &new), 0);
	ck_assert_ptr_null(ch);
	hd_verdicts_clear(&old);
	hd_verdicts_clear(&new);
	hd_results_free(res);
	hd_snapshot_free(s);
	hd_scan_opts_init(&o);
}
END_TEST

START_TEST(unreadable_list_is_error_not_gone)
{
	struct hd_snapshot *s = hd_snapshot_new(), *down = hd_snapshot_new();
	struct hd_results *res = NULL, *res2 = NULL;
	struct hd_verdicts old = { 0 }, new = { 0 };
	struct hd_scan_opts o;
	struct hd_change *ch;
	const char *sel[1];
	json_object *j;
	size_t n;

	opts(&o, sel);
	add_ctr(s, "bb", "db", true);
	add_ctr(s, "aa", "web", false);
	hd_snapshot_set_error(down, HD_F_ENGINE_CONTAINERS, "GET /containers/json",
	    "cannot connect to the Docker engine");
	ck_assert_int_eq(hd_scan_run(&res, s, &o), HD_OK);
	ck_assert_int_eq(hd_scan_run(&res2, down, &o), HD_OK);
	hd_verdicts_collect(&old, res, HD_OBJ_HOST, NULL, false);
	hd_verdicts_collect(&new, res2, HD_OBJ_HOST, NULL, false);
	n = hd_verdicts_diff(&ch, &old, &new);
	/* Both containers now err, with the reason; no separate line for the
	 * whole check, no "gone". */
	ck_assert_uint_eq(n, 2);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(ch[i].new_status, HD_ERROR);
		ck_assert(ch[i].unseen);
		j = hd_change_json(&ch[i], res2, i, NULL);
		ck_assert_ptr_nonnull(strstr(json_object_get_string(hd_json_path(j,
		    "finding.message")), "cannot connect"));
		ck_assert_str_eq(json_object_get_string(hd_json_path(j,
		    "finding.object.kind")), "container");
		json_object_put(j);
	}
	/* Sorted by id: aa passed, bb failed. */
	ck_assert_str_eq(hd_change_kind(&ch[0]), "new_failure");
	ck_assert_str_eq(hd_change_kind(&ch[1]), "changed");
	free(ch);
	hd_verdicts_clear(&old);
	hd_verdicts_clear(&new);
	hd_results_free(res);
	hd_results_free(res2);
	hd_snapshot_free(s);
	hd_snapshot_free(down);
}
END_TEST

static Suite *
watch_suite(void)
{
	Suite *s = suite_create("watch");
	TCase *tc = tcase_create("watch");

	tcase_add_test(tc, lines_split_across_chunks);
	tcase_add_test(tc, endless_line_is_bounded);
	tcase_add_test(tc, event_parses);
	tcase_add_test(tc, event_malformed);
	tcase_add_test(tc, update_object_and_changes);
	tcase_add_test(tc, unreadable_list_is_error_not_gone);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(watch_suite)
