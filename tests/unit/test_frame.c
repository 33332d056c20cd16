/*
 * What hardock watch's two processes hand each other: frames over a pipe
 * (whole, capped, every length checked), one container's inspect answer
 * applied to a snapshot, and a reloaded profile rebuilt from its chain.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/check.h>
#include <hardock/frame.h>
#include <hardock/profile.h>

#include "collect/engine.h"
#include "testutil.h"

/* A frame's bytes as hd_frame_send() writes them, built by hand. */
static size_t
put_u32(char *at, uint32_t v)
{
	memcpy(at, &v, sizeof(v));
	return sizeof(v);
}

START_TEST(frames_round_trip_through_a_pipe)
{
	const char bin[] = { 'a', '\0', 'b' };
	const void *d[3] = { "scan", "", bin };
	size_t len[3] = { 4, 0, sizeof(bin) };
	struct hd_frame f;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(hd_frame_send(p[1], 7, 3, d, len), HD_OK);
	ck_assert_int_eq(hd_frame_send(p[1], 9, 0, NULL, NULL), HD_OK);
	close(p[1]);
	ck_assert_int_eq(hd_frame_recv(&f, p[0], 1024), HD_OK);
	ck_assert_uint_eq(f.type, 7);
	ck_assert_uint_eq(f.nfields, 3);
	ck_assert_str_eq(hd_frame_str(&f, 0), "scan");
	ck_assert_str_eq(hd_frame_str(&f, 1), "");
	/* A field holding a NUL is bytes, never a C string. */
	ck_assert_ptr_null(hd_frame_str(&f, 2));
	ck_assert_ptr_null(hd_frame_str(&f, 3));
	ck_assert_uint_eq(f.len[2], 3);
	ck_assert_mem_eq(f.field[2], bin, 3);
	hd_frame_clear(&f);
	ck_assert_int_eq(hd_frame_recv(&f, p[0], 1024), HD_OK);
	ck_assert_uint_eq(f.type, 9);
	ck_assert_uint_eq(f.nfields, 0);
	hd_frame_clear(&f);
	/* End of the stream between frames. */
	ck_assert_int_eq(hd_frame_recv(&f, p[0], 1024), HD_ENOTFOUND);
	close(p[0]);
}
END_TEST

START_TEST(frame_past_its_cap_or_cut_is_refused)
{
	const void *d[1] = { "0123456789" };
	size_t len[1] = { 10 };
	struct hd_frame f;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(hd_frame_send(p[1], 1, 1, d, len), HD_OK);
	ck_assert_int_eq(hd_frame_recv(&f, p[0], 8), HD_ELIMIT);
	ck_assert_ptr_null(f.buf);
	close(p[0]);
	close(p[1]);
	/* The writer gone inside a frame. */
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(hd_frame_send(p[1], 1, 1, d, len), HD_OK);
	{
		char head[HD_FRAME_HEADER + 6];

		ck_assert_int_eq(read(p[0], head, sizeof(head)), sizeof(head));
		close(p[0]);
		ck_assert_int_eq(pipe(p), 0);
		ck_assert_int_eq(write(p[1], head, sizeof(head)), sizeof(head));
	}
	close(p[1]);
	ck_assert_int_eq(hd_frame_recv(&f, p[0], 1024), HD_EIO);
	ck_assert_ptr_null(f.buf);
	close(p[0]);
	/* Too many fields to send. */
	{
		const void *many[HD_FRAME_MAX_FIELDS + 1] = { 0 };
		size_t lens[HD_FRAME_MAX_FIELDS + 1] = { 0 };

		ck_assert_int_eq(hd_frame_send(1, 1, HD_FRAME_MAX_FIELDS + 1, many,
		    lens), HD_ELIMIT);
	}
}
END_TEST

START_TEST(frame_parser_checks_every_length)
{
	char b[64];
	size_t n;
	struct hd_frame f = { 0 };

	/* Good: two fields "ab" and "". */
	n = put_u32(b, 2);
	memcpy(b + n, "ab", 3);
	n += 3;
	n += put_u32(b + n, 0);
	b[n++] = '\0';
	ck_assert_int_eq(hd_frame_parse(&f, 2, b, n), HD_OK);
	ck_assert_uint_eq(f.nfields, 2);
	ck_assert_str_eq(f.field[0], "ab");
	ck_assert_uint_eq(f.len[1], 0);
	/* One field fewer said than there are bytes: left over. */
	ck_assert_int_eq(hd_frame_parse(&f, 1, b, n), HD_EPARSE);
	ck_assert_uint_eq(f.nfields, 0);
	/* One more said than there are. */
	ck_assert_int_eq(hd_frame_parse(&f, 3, b, n), HD_EPARSE);
	/* A length past the payload. */
	put_u32(b, 60);
	ck_assert_int_eq(hd_frame_parse(&f, 2, b, n), HD_EPARSE);
	/* A length of the whole rest, leaving no room for the NUL. */
	put_u32(b, (uint32_t)(n - 4));
	ck_assert_int_eq(hd_frame_parse(&f, 1, b, n), HD_EPARSE);
	/* The NUL missing. */
	put_u32(b, 2);
	b[6] = 'x';
	ck_assert_int_eq(hd_frame_parse(&f, 2, b, n), HD_EPARSE);
	/* A length without its four bytes, and too many fields. */
	ck_assert_int_eq(hd_frame_parse(&f, 1, b, 3), HD_EPARSE);
	ck_assert_int_eq(hd_frame_parse(&f, HD_FRAME_MAX_FIELDS + 1, b, n),
	    HD_EPARSE);
	ck_assert_int_eq(hd_frame_parse(&f, 0, b, 0), HD_OK);
}
END_TEST

/* An answer as the collector hands it: status, body (or error). */
static struct hd_engine_answer
answer(long status, int err, const char *reason, const char *body)
{
	struct hd_engine_answer a = { 0 };

	a.path = (char *)"/v1.47/containers/abc123/json";
	a.status = status;
	a.err = err;
	a.reason = (char *)reason;
	a.text = (char *)body;
	a.text_len = body ? strlen(body) : 0;
	return a;
}

START_TEST(container_answer_replaces_the_object)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_engine_answer a;
	struct hd_object o;
	size_t i;

	tu_add_container(s, "{\"Id\": \"abc123\", \"Name\": \"/old\"}");
	a = answer(200, HD_OK, NULL, "{\"Id\": \"abc123\", \"Name\": \"/new\", "
	    "\"HostConfig\": {\"Privileged\": true}}");
	ck_assert_int_eq(hd_snapshot_put_container(s, "abc123", &a), HD_OK);
	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), 1);
	ck_assert(hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, "abc123"));
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, i);
	ck_assert_str_eq(o.name, "new");
	ck_assert_int_eq(o.inspect.state, HD_FACT_VALUE);
	ck_assert_str_eq(o.inspect.source, "GET /v1.47/containers/abc123/json");

	/* A body that is not JSON: the object stays, as an error. */
	a = answer(200, HD_OK, NULL, "{\"Id\": \"abc123\", \"Na");
	ck_assert_int_eq(hd_snapshot_put_container(s, "abc123", &a), HD_OK);
	ck_assert(hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, "abc123"));
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, i);
	ck_assert_int_eq(o.inspect.state, HD_FACT_ERROR);
	ck_assert_ptr_nonnull(strstr(o.inspect.reason, "not valid JSON"));
	/* One that is JSON but not an object. */
	a = answer(200, HD_OK, NULL, "[1, 2]");
	ck_assert_int_eq(hd_snapshot_put_container(s, "abc123", &a), HD_OK);
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 0);
	ck_assert_int_eq(o.inspect.state, HD_FACT_ERROR);
	ck_assert_ptr_nonnull(strstr(o.inspect.reason, "expected a JSON object"));
	/* An engine error is the object's error, with its reason. */
	a = answer(500, HD_ERR, "HTTP 500: boom", NULL);
	ck_assert_int_eq(hd_snapshot_put_container(s, "abc123", &a), HD_OK);
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 0);
	ck_assert_int_eq(o.inspect.state, HD_FACT_ERROR);
	ck_assert_ptr_nonnull(strstr(o.inspect.reason, "boom"));
	/* A malformed id leaves s alone; 404 removes the container. */
	ck_assert_int_eq(hd_snapshot_put_container(s, "../x", &a), HD_EUSAGE);
	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), 1);
	a = answer(404, HD_ERR, "No such container", NULL);
	ck_assert_int_eq(hd_snapshot_put_container(s, "abc123", &a), HD_ENOTFOUND);
	ck_assert_uint_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), 0);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(snapshot_transfer_keeps_held_documents_as_held)
{
	const char *good = "{\"Id\": \"aa11\", \"HostConfig\": {\"Privileged\": true}}";
	const char *bad = "{\"Id\" \"bb22\", \"x\": [1 2]}"; /* balanced, not JSON */
	struct hd_snapshot *s = hd_snapshot_new(), *t = NULL;
	struct hd_object o;
	const char *text;
	size_t len;

	hd_snapshot_set_value(s, "engine.version", json_object_new_string("28.2"),
	    "GET /version");
	ck_assert(hd_snapshot_add_object_text(s, HD_OBJ_CONTAINER, "aa11", "good",
	    good, strlen(good), "GET /containers/aa11/json"));
	ck_assert(hd_snapshot_add_object_text(s, HD_OBJ_CONTAINER, "bb22", "bad",
	    bad, strlen(bad), "GET /containers/bb22/json"));
	text = hd_snapshot_transfer(s, &len);
	ck_assert_uint_eq(strlen(text), len);
	/* The malformed one is in the text as held, not turned into a string. */
	ck_assert_ptr_nonnull(strstr(text, "{\"Id\"\"bb22\""));
	ck_assert_int_eq(hd_snapshot_parse(&t, text, len), HD_OK);
	ck_assert_uint_eq(hd_snapshot_count(t, HD_OBJ_CONTAINER), 2);
	hd_snapshot_object(&o, t, HD_OBJ_CONTAINER, 0);
	ck_assert_str_eq(o.name, "good");
	ck_assert_int_eq(o.inspect.state, HD_FACT_VALUE);
	ck_assert(json_object_get_boolean(hd_json_path(o.inspect.value,
	    "HostConfig.Privileged")));
	/* Over there, as here, the malformed one is that object's error. */
	hd_snapshot_object(&o, t, HD_OBJ_CONTAINER, 1);
	ck_assert_int_eq(o.inspect.state, HD_FACT_ERROR);
	ck_assert_ptr_nonnull(strstr(o.inspect.reason, "malformed inspect document"));
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 1);
	ck_assert_int_eq(o.inspect.state, HD_FACT_ERROR);
	hd_snapshot_free(t);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(profile_rebuilt_from_its_chain)
{
	const char *site = "name: site\nextends: base.yaml\nexclude: [4.1]\n";
	const char *base = "name: base\nparams:\n  max_stopped_containers: 3\n";
	const char *origins[2] = { "/etc/hardock/site.yaml",
	    "/etc/hardock/base.yaml" };
	const char *texts[2] = { site, base };
	size_t lens[2] = { strlen(site), strlen(base) }, len;
	struct hd_profile *p = NULL, *q = NULL;

	ck_assert_int_eq(hd_profile_parse_chain(&p, 2, origins, texts, lens),
	    HD_OK);
	ck_assert_str_eq(hd_profile_name(p), "site");
	ck_assert_str_eq(hd_profile_origin(p), origins[0]);
	ck_assert_str_eq(hd_profile_name(hd_profile_parent(p)), "base");
	ck_assert_ptr_null(hd_profile_parent(hd_profile_parent(p)));
	ck_assert_str_eq(hd_profile_text(p, &len), site);
	ck_assert_uint_eq(len, lens[0]);
	/* Rebuilt from what it holds: the same bytes, the same hash. */
	ck_assert_int_eq(hd_profile_parse_chain(&q, 1, origins + 1, texts + 1,
	    lens + 1), HD_OK);
	ck_assert_str_eq(hd_profile_sha256(q), hd_profile_sha256(hd_profile_parent(p)));
	hd_profile_free(q);
	/* The chain must line up: extends without its parent, or a parent
	 * after one that extends nothing. */
	ck_assert_int_eq(hd_profile_parse_chain(&q, 1, origins, texts, lens),
	    HD_EPARSE);
	ck_assert_ptr_null(q);
	texts[0] = base;
	ck_assert_int_eq(hd_profile_parse_chain(&q, 2, origins, texts, lens),
	    HD_EPARSE);
	ck_assert_int_eq(hd_profile_parse_chain(&q, 0, origins, texts, lens),
	    HD_EPARSE);
	/* A chain member that does not parse. */
	texts[0] = "name: [";
	lens[0] = strlen(texts[0]);
	ck_assert_int_eq(hd_profile_parse_chain(&q, 1, origins, texts, lens),
	    HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), origins[0]));
	hd_profile_free(p);
}
END_TEST

START_TEST(scan_opts_copy_owns_its_arrays)
{
	struct hd_scan_opts a, b;
	const char *sel[] = { "5.5", "container." };

	hd_scan_opts_init(&a);
	a.select = malloc(sizeof(sel));
	memcpy(a.select, sel, sizeof(sel));
	a.nselect = 2;
	a.params = calloc(1, sizeof(*a.params));
	a.params[0].name = strdup("max_stopped_containers");
	a.params[0].value = strdup("3");
	a.nparams = 1;
	hd_scan_opts_copy(&b, &a);
	ck_assert_ptr_ne(b.select, a.select);
	ck_assert_ptr_ne(b.params, a.params);
	ck_assert_ptr_ne(b.params[0].name, a.params[0].name);
	hd_scan_opts_release(&a);
	/* b still holds everything after a is gone. */
	ck_assert_uint_eq(b.nselect, 2);
	ck_assert_str_eq(b.select[1], "container.");
	ck_assert_str_eq(b.params[0].value, "3");
	hd_scan_opts_release(&b);
}
END_TEST

static Suite *
frame_suite(void)
{
	Suite *s = suite_create("frame");
	TCase *tc = tcase_create("frame");

	tcase_add_test(tc, frames_round_trip_through_a_pipe);
	tcase_add_test(tc, frame_past_its_cap_or_cut_is_refused);
	tcase_add_test(tc, frame_parser_checks_every_length);
	tcase_add_test(tc, container_answer_replaces_the_object);
	tcase_add_test(tc, snapshot_transfer_keeps_held_documents_as_held);
	tcase_add_test(tc, profile_rebuilt_from_its_chain);
	tcase_add_test(tc, scan_opts_copy_owns_its_arrays);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(frame_suite)
