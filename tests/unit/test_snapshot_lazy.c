/* Inspect documents held as text: parsed on demand and released, saved
 * exactly as the tree would print, loaded one object at a time (with the
 * whole-file parse as the fallback), and evaluated object by object with
 * the same results and waivers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/jsonparse.h>

#include "testutil.h"

/* The text of file (via hd_buf), failing the test when unreadable. */
static struct hd_buf *
load(const char *path)
{
	struct hd_buf *b = NULL;

	ck_assert_int_eq(hd_buf_load(&b, path, 64u << 20), 0);
	return b;
}

/* Save s to a temp file and return its text. */
static struct hd_buf *
saved(const struct hd_snapshot *s)
{
	char path[] = "/tmp/hardock-lazyXXXXXX";
	int fd = mkstemp(path);
	struct hd_buf *b;

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(hd_snapshot_save(s, path), 0);
	b = load(path);
	unlink(path);
	return b;
}

/* A saved snapshot is byte for byte json-c's pretty print of the whole
 * tree, as before documents were held as text. */
START_TEST(save_prints_documents_as_trees)
{
	struct hd_buf *file = load(tu_fixture("snapshots/rich.json")), *out;
	struct hd_snapshot *s = NULL;
	json_object *tree = NULL;
	char *want;

	ck_assert_int_eq(hd_snapshot_parse(&s, hd_buf_ptr(file),
	    hd_buf_len(file)), 0);
	ck_assert_int_eq(hd_json_parse(&tree, hd_buf_ptr(file), hd_buf_len(file)),
	    0);
	want = hd_xasprintf("%s\n", json_object_to_json_string_ext(tree,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	out = saved(s);
	ck_assert_uint_eq(hd_buf_len(out), strlen(want));
	ck_assert(memcmp(hd_buf_ptr(out), want, strlen(want)) == 0);
	/* The tab flavour of pretty printing indents nested documents too. */
	ck_assert_str_eq(json_object_to_json_string_ext(hd_snapshot_json(s),
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_PRETTY_TAB),
	    json_object_to_json_string_ext(tree, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_PRETTY_TAB));
	free(want);
	json_object_put(tree);
	hd_buf_free(out);
	hd_buf_free(file);
	hd_snapshot_free(s);
}
END_TEST

/* A document is parsed when shown, dropped on release, parsed again. */
START_TEST(release_and_show_again)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_object o;
	json_object *want = tu_json("{\"Id\":\"c1\",\"Name\":\"/a\",\"Config\":"
	    "{\"Labels\":{\"k\":\"v\"}},\"HostConfig\":{\"Privileged\":true,"
	    "\"Binds\":null}}");
	size_t i = 99;

	tu_add_container(s, "{\"Id\":\"c0\",\"Name\":\"/z\"}");
	tu_add_container(s, json_object_to_json_string(want));
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 1);
	ck_assert_int_eq(o.inspect.state, HD_FACT_VALUE);
	ck_assert(json_object_equal(o.inspect.value, want));
	ck_assert_ptr_nonnull(o.labels);
	hd_snapshot_release(s, HD_OBJ_CONTAINER, 1);
	/* Releasing twice, an object never shown or past the end is fine. */
	hd_snapshot_release(s, HD_OBJ_CONTAINER, 1);
	hd_snapshot_release(s, HD_OBJ_CONTAINER, 0);
	hd_snapshot_release(s, HD_OBJ_CONTAINER, 7);
	hd_snapshot_release(s, HD_OBJ_IMAGE, 0);
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 1);
	ck_assert(json_object_equal(o.inspect.value, want));
	/* JSON null members survive: they are part of the document. */
	ck_assert(json_object_object_get_ex(json_object_object_get(o.inspect.value,
	    "HostConfig"), "Binds", NULL));
	ck_assert(hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, "c1"));
	ck_assert_uint_eq(i, 1);
	ck_assert(!hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, "c2"));
	ck_assert(!hd_snapshot_find(&i, s, HD_OBJ_IMAGE, "c1"));
	ck_assert(!hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, NULL));
	json_object_put(want);
	hd_snapshot_free(s);
}
END_TEST

/* The snapshot of text, loaded; fails the test when refused. */
static struct hd_snapshot *
parse_ok(const char *text)
{
	struct hd_snapshot *s = NULL;

	ck_assert_msg(hd_snapshot_parse(&s, text, strlen(text)) == 0, "%s: %s",
	    text, hd_error_last());
	return s;
}

/* The container document i of text, as JSON text (static). */
static const char *
doc_text(const char *text, size_t i)
{
	static char buf[4096];
	struct hd_snapshot *s = parse_ok(text);
	struct hd_object o;

	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, i);
	snprintf(buf, sizeof(buf), "%s", o.inspect.state == HD_FACT_VALUE ?
	    json_object_to_json_string(o.inspect.value) : o.inspect.reason);
	hd_snapshot_free(s);
	return buf;
}

/* Odd but valid texts load as one whole-file parse reads them: strings
 * holding braces, brackets and escaped quotes, "objects" first, lists
 * that are not arrays, duplicate keys, documents nested deeper than the
 * streaming reader takes. */
START_TEST(streamed_load_matches_whole_parse)
{
	char deep[1024], *p = deep;
	const char *texts[] = {
		"{\"objects\":{\"container\":[{\"id\":\"a\",\"name\":\"x\",\"fact\":"
		"{\"state\":\"value\",\"value\":{\"S\":\"}]\\\"{[\\\\\",\"N\":null,"
		"\"E\":[],\"O\":{}},\"source\":\"s\"}}]},\"snapshot_version\":1}",
		" \n{ \"snapshot_version\" : 1 , \"objects\" : { \"image\" : [ ] , "
		"\"container\" : [ { \"fact\" : { \"value\" : { \"A\" : -1.5e3 } , "
		"\"state\" : \"value\" } , \"id\" : \"b\" } ] } }\n",
		"{\"snapshot_version\":1,\"objects\":{\"container\":[{\"id\":\"a\","
		"\"fact\":{\"state\":\"value\",\"value\":{\"v\":1}}}]},\"objects\":"
		"{\"container\":[{\"id\":\"b\",\"fact\":{\"state\":\"value\","
		"\"value\":{\"v\":2}}}]}}",
		deep,
	};
	const char *want[] = {
		"{ \"S\": \"}]\\\"{[\\\\\", \"N\": null, \"E\": [ ], \"O\": { } }",
		"{ \"A\": -1.5e3 }",
		"{ \"v\": 2 }",
		NULL,
	};

	p += sprintf(p, "{\"snapshot_version\":1,\"objects\":{\"container\":[{"
	    "\"id\":\"d\",\"fact\":{\"state\":\"value\",\"value\":");
	for (int i = 0; i < 50; i++)
		*p++ = '[';
	for (int i = 0; i < 50; i++)
		*p++ = ']';
	sprintf(p, "}}]}}");
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		json_object *whole = NULL;
		struct hd_snapshot *s = parse_ok(texts[i]);

		ck_assert_int_eq(hd_json_parse(&whole, texts[i], strlen(texts[i])), 0);
		/* Loading adds the sections a snapshot always has. */
		if (!json_object_object_get_ex(whole, "meta", NULL))
			json_object_object_add(whole, "meta", json_object_new_object());
		if (!json_object_object_get_ex(whole, "facts", NULL))
			json_object_object_add(whole, "facts", json_object_new_object());
		if (want[i] != NULL)
			ck_assert_str_eq(doc_text(texts[i], 0), want[i]);
		else
			ck_assert(strncmp(doc_text(texts[i], 0), "[ [ [", 5) == 0);
		/* Printed, the loaded snapshot is the whole parse's tree. */
		ck_assert_str_eq(json_object_to_json_string(hd_snapshot_json(s)),
		    json_object_to_json_string(whole));
		json_object_put(whole);
		hd_snapshot_free(s);
	}
}
END_TEST

/* n containers with 4 KB documents as snapshot text (caller frees); the
 * last object ends in tail instead of "}]}}" when tail is not NULL. */
static char *
big_snapshot(size_t n, size_t *len, const char *tail)
{
	size_t cap = n * 4300 + 256, at = 0;
	char *t = malloc(cap), pad[4001];

	memset(pad, 'p', 4000);
	pad[4000] = '\0';
	at += (size_t)snprintf(t + at, cap - at, "{\"snapshot_version\":1,"
	    "\"objects\":{\"container\":[");
	for (size_t i = 0; i < n; i++)
		at += (size_t)snprintf(t + at, cap - at, "%s{\"id\":\"%064zx\","
		    "\"name\":\"c%zu\",\"fact\":{\"state\":\"value\",\"value\":"
		    "{\"Id\":\"%064zx\",\"Pad\":\"%s\",\"HostConfig\":"
		    "{\"Privileged\":%s}},\"source\":\"s\"}}", i ? "," : "", i + 1,
		    i, i + 1, pad, i % 2 ? "true" : "false");
	at += (size_t)snprintf(t + at, cap - at, "%s", tail ? tail : "]}}");
	*len = at;
	return t;
}

/* A large text given up is handed back behind the reader: what it
 * parses into is the same, and a fault past the released part is said by
 * its byte, since json-c can no longer see the text before it. */
START_TEST(spent_parse_of_a_large_snapshot)
{
	size_t len, n = 6000;
	char *t = big_snapshot(n, &len, NULL);
	struct hd_snapshot *s = NULL, *c = NULL;
	struct hd_object o;

	ck_assert_uint_gt(len, 24u << 20);
	ck_assert_int_eq(hd_snapshot_parse(&c, t, len), HD_OK);
	ck_assert_int_eq(hd_snapshot_parse_spent(&s, t, len), HD_OK);
	/* The start of the text is gone (zeros): it was handed back. */
	ck_assert_int_eq(t[8192], '\0');
	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), n);
	for (size_t i = 0; i < n; i += n - 1) {
		struct hd_object want;

		hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, i);
		hd_snapshot_object(&want, c, HD_OBJ_CONTAINER, i);
		ck_assert_int_eq(o.inspect.state, HD_FACT_VALUE);
		ck_assert_str_eq(o.name, want.name);
		ck_assert_str_eq(json_object_to_json_string(o.inspect.value),
		    json_object_to_json_string(want.inspect.value));
	}
	hd_snapshot_free(s);
	hd_snapshot_free(c);
	free(t);
	/* Broken at its end: refused, with the byte. */
	t = big_snapshot(n, &len, "]},}");
	ck_assert_int_eq(hd_snapshot_parse_spent(&s, t, len), HD_EPARSE);
	ck_assert_ptr_null(s);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "near byte"));
	free(t);
	/* A small text is never spent: json-c still words its error. */
	t = strdup("{\"snapshot_version\":1,\"objects\":{\"container\":[1,]}}");
	ck_assert_int_eq(hd_snapshot_parse_spent(&s, t, strlen(t)), HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "line 1, column"));
	ck_assert_int_eq(t[0], '{');
	free(t);
}
END_TEST

/* Texts the streaming reader stops on are still refused with a position:
 * the whole-file parse words the error. */
START_TEST(streamed_load_refuses_what_whole_parse_refuses)
{
	static const char *const bad[] = {
		"{\"snapshot_version\":1,\"objects\":{\"container\":[{\"id\":\"a\"]}}",
		"{\"snapshot_version\":1,\"objects\":{\"container\":[{\"id\":\"a\"},]}}",
		"{\"snapshot_version\":1,\"objects\":{\"container\":[{\"id\":\"a\"}}}",
		"{\"snapshot_version\":1,\"objects\":{\"container\":[\"a\" \"b\"]}}",
		"{\"snapshot_version\":1,\"objects\":{\"container\":[tru]}}",
		"{\"snapshot_version\":1,\"objects\":{\"container\":[{\"id\":\"a\\",
		"{\"snapshot_version\":1,\"objects\":{5:[]}}",
		"{\"snapshot_version\":1,\"facts\":{}}}",
		"{\"snapshot_version\":1,\"objects\":{\"container\":[{\"s\":'x'}]}}",
	};
	struct hd_snapshot *s;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s = (struct hd_snapshot *)0x1;
		ck_assert_msg(hd_snapshot_parse(&s, bad[i], strlen(bad[i])) ==
		    HD_EPARSE, "accepted: %s", bad[i]);
		ck_assert_ptr_null(s);
		ck_assert_msg(strstr(hd_error_last(), "line 1, column") != NULL,
		    "%s", hd_error_last());
	}
	/* A NUL byte inside a document. */
	s = (struct hd_snapshot *)0x1;
	ck_assert_int_eq(hd_snapshot_parse(&s, "{\"snapshot_version\":1,\"x\":\"a\0\"}",
	    31), HD_EPARSE);
	ck_assert_ptr_null(s);
	ck_assert(strstr(hd_error_last(), "NUL byte") != NULL);
}
END_TEST

/* A snapshot's documents are kept as text when loaded and parsed when
 * evaluated: white space between tokens goes, but never so that a
 * malformed document reads as another, valid one ("1 2" stays two
 * tokens); a malformed one is that object's error with the parser's
 * reason, its checks never pass, and saved it is the string of its text. */
START_TEST(loaded_documents_parsed_when_evaluated)
{
	static const char *const docs[] = {
		"[1 2]", "{\"a\" : tru e}", "{\"a\":1 .5}", "{\"a\":- 1}",
		"{\"a\":\"x\" \"y\"}", "{\"a\":\n  {\"b\": [\n 1, 2 ]\n}}",
		"{ \"s\" : \"two  spaces, \\\" { [ \\\\\" }",
	};
	static const char *const want[] = {
		NULL, NULL, NULL, NULL, NULL, "{ \"a\": { \"b\": [ 1, 2 ] } }",
		"{ \"s\": \"two  spaces, \\\" { [ \\\\\" }",
	};
	char text[512];

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		snprintf(text, sizeof(text), "{\"snapshot_version\":1,\"objects\":"
		    "{\"container\":[{\"id\":\"c%zu\",\"name\":\"n\",\"fact\":{"
		    "\"state\":\"value\",\"value\":%s,\"source\":\"GET /x\"}}]}}",
		    i, docs[i]);
		if (want[i] != NULL) {
			ck_assert_str_eq(doc_text(text, 0), want[i]);
			continue;
		}
		ck_assert_msg(strncmp(doc_text(text, 0), "malformed inspect document: "
		    "line 1, column ", 43) == 0, "%s: %s", docs[i], doc_text(text, 0));
	}
}
END_TEST

/* A scan of a snapshot with a malformed document: that container's
 * findings are errors, the other container is judged. */
START_TEST(malformed_document_is_an_error_of_its_object)
{
	const char *text = "{\"snapshot_version\":1,\"facts\":{"
	    "\"engine.containers\":{\"state\":\"value\",\"value\":[],\"source\":\"s\"}},"
	    "\"objects\":{\"container\":["
	    "{\"id\":\"a\",\"name\":\"bad\",\"fact\":{\"state\":\"value\","
	    "\"value\":{\"HostConfig\":{\"Privileged\":fals}},\"source\":\"s\"}},"
	    "{\"id\":\"b\",\"name\":\"good\",\"fact\":{\"state\":\"value\","
	    "\"value\":{\"HostConfig\":{\"Privileged\":false}},\"source\":\"s\"}}]}}";
	struct hd_snapshot *s = parse_ok(text);
	struct hd_results *res = NULL;
	struct hd_scan_opts o;
	size_t judged = 0, len = 0;
	char *text2 = NULL;
	struct hd_object obj;
	FILE *null = fopen("/dev/null", "w");

	hd_scan_opts_init(&o);
	ck_assert_int_eq(hd_scan_run(&res, s, &o), 0);
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_finding *top = &res->items[i].top;

		for (size_t k = 0; k < top->nchildren; k++) {
			const struct hd_finding *c = &top->children[k];

			if (strcmp(c->object_id, "a") != 0)
				continue;
			judged++;
			ck_assert_int_eq(c->status, HD_ERROR);
			ck_assert(strstr(c->message, "malformed inspect document") != NULL);
		}
	}
	ck_assert_uint_gt(judged, 10);
	/* Saved, the malformed document is the string of its text; loaded
	 * again it is still that object's error. */
	fclose(null);
	null = open_memstream(&text2, &len);
	ck_assert_int_eq(hd_snapshot_write(s, null), 0);
	fclose(null);
	ck_assert(strstr(text2, "\"value\":\"{\\\"HostConfig\\\":{\\\"Privileged\\\":fals}}\"")
	    != NULL);
	hd_results_free(res);
	hd_snapshot_free(s);
	s = parse_ok(text2);
	hd_snapshot_object(&obj, s, HD_OBJ_CONTAINER, 0);
	ck_assert_int_eq(obj.inspect.state, HD_FACT_VALUE);
	ck_assert(json_object_is_type(obj.inspect.value, json_type_string));
	ck_assert_int_eq(hd_scan_run(&res, s, &o), 0);
	for (size_t i = 0; i < res->count; i++)
		for (size_t k = 0; k < res->items[i].top.nchildren; k++)
			if (strcmp(res->items[i].top.children[k].object_id, "a") == 0)
				ck_assert_int_ne(res->items[i].top.children[k].status,
				    HD_PASS);
	free(text2);
	hd_results_free(res);
	hd_snapshot_free(s);
}
END_TEST

/* Object by object, per-object checks still see every object, and a
 * label: waiver covers the failures of the objects it names. */
START_TEST(object_major_results_and_label_waivers)
{
	struct hd_snapshot *s = hd_snapshot_new();
	static const char *const sel[] = { "label:team=ci" };
	struct hd_waiver w = { .check = "5.5", .objects = sel, .nobjects = 1,
	    .justification = "CI runners need it", .expires = "2027-01-31" };
	struct hd_scan_opts o;
	struct hd_results *r = NULL;
	const struct hd_result *res = NULL;
	const struct hd_finding *c;

	tu_add_container(s, "{\"Id\":\"aaaa\",\"Name\":\"/web\",\"Config\":{\"Labels\":"
	    "{\"team\":\"web\"}},\"HostConfig\":{\"Privileged\":true}}");
	tu_add_container(s, "{\"Id\":\"bbbb\",\"Name\":\"/ci\",\"Config\":{\"Labels\":"
	    "{\"team\":\"ci\"}},\"HostConfig\":{\"Privileged\":true}}");
	tu_add_container(s, "{\"Id\":\"cccc\",\"Name\":\"/ok\",\"HostConfig\":"
	    "{\"Privileged\":false}}");
	hd_scan_opts_init(&o);
	o.waivers = &w;
	o.nwaivers = 1;
	o.today = "2027-01-01";
	ck_assert_int_eq(hd_scan_run(&r, s, &o), 0);
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->items[i].check->key, "container.privileged") == 0)
			res = &r->items[i];
	ck_assert_ptr_nonnull(res);
	ck_assert_int_eq(res->top.nchildren, 3);
	ck_assert_int_eq(tu_child(&res->top, "web")->status, HD_FAIL);
	c = tu_child(&res->top, "ci");
	ck_assert_int_eq(c->status, HD_WAIVED);
	ck_assert(strstr(c->waiver, "CI runners need it") != NULL);
	ck_assert_int_eq(tu_child(&res->top, "ok")->status, HD_PASS);
	ck_assert_int_eq(res->status, HD_FAIL);
	ck_assert(strstr(res->top.message, "1 of 3 containers fails") != NULL);
	hd_results_free(r);
	o.waivers = NULL;
	o.nwaivers = 0;
	hd_scan_opts_release(&o);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
lazy_suite(void)
{
	Suite *s = suite_create("snapshot_lazy");
	TCase *tc = tcase_create("snapshot_lazy");

	tcase_add_test(tc, save_prints_documents_as_trees);
	tcase_add_test(tc, release_and_show_again);
	tcase_add_test(tc, streamed_load_matches_whole_parse);
	tcase_add_test(tc, streamed_load_refuses_what_whole_parse_refuses);
	tcase_add_test(tc, object_major_results_and_label_waivers);
	tcase_add_test(tc, loaded_documents_parsed_when_evaluated);
	tcase_add_test(tc, spent_parse_of_a_large_snapshot);
	tcase_add_test(tc, malformed_document_is_an_error_of_its_object);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(lazy_suite)
