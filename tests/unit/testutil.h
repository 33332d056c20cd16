/* Helpers for the Check unit tests: fixtures, snapshots, running checks. */
#ifndef HARDOCK_TESTUTIL_H
#define HARDOCK_TESTUTIL_H

#include <stdbool.h>

#include <check.h>
#include <json-c/json.h>

#include <hardock/check.h>
#include <hardock/facts.h>
#include <hardock/scan.h>
#include <hardock/snapshot.h>

/* main() for a test file whose suite is built by fn. */
#define HD_TEST_MAIN(fn)                                              \
	int main(void)                                                \
	{                                                             \
		SRunner *sr = srunner_create(fn());                   \
		int nfail;                                            \
		tu_coverage_reset();                                  \
		srunner_run_all(sr, CK_NORMAL);                       \
		nfail = srunner_ntests_failed(sr);                    \
		srunner_free(sr);                                     \
		return nfail != 0 ? 1 : tu_skipped() ? 77 : 0;        \
	}

/*
 * Control coverage: every decided control needs a unit test that sees it
 * pass and one that sees it fail. Running a check through tu_run() records
 * the result's status (the child helpers below record the child's status
 * they hand back) in the file named by $HD_TEST_COVERAGE, one
 * "KEY STATUS" line each; test_registry then fails for any decided control
 * no test saw both pass and fail (tests/CMakeLists.txt runs it last).
 */
/* Empty this executable's coverage file (HD_TEST_MAIN does it first). */
void tu_coverage_reset(void);
/* Record that a test saw control key end in status st (pass and fail are
 * kept, other statuses ignored). */
void tu_covered(const char *key, enum hd_status st);

/*
 * Tests that need root: tu_need_root() is true as root. Otherwise it fails
 * the test when $CI is set (CI runs as root, so a skip there hides a
 * broken setup), else records the skip: the executable then exits 77,
 * which ctest reports as skipped, never as passed.
 */
bool tu_need_root(const char *what);
/* Whether a test of this executable was skipped. */
bool tu_skipped(void);

/* Parse JSON text, failing the test on a syntax error. */
json_object *tu_json(const char *text);

/* Remove a temporary tree the test made (rm -rf without a shell). */
void tu_rmtree(const char *dir);

/* Path of a fixture file under tests/fixtures (static buffer). */
const char *tu_fixture(const char *rel);

/* A snapshot loaded from tests/fixtures/REL, failing the test if it does
 * not load. */
struct hd_snapshot *tu_snapshot_fixture(const char *rel);

/* Add a container object whose inspect document is the JSON text. The
 * engine.containers list fact is set if it was not. */
void tu_add_container(struct hd_snapshot *s, const char *inspect_json);
/* Same for an image. */
void tu_add_image(struct hd_snapshot *s, const char *inspect_json);

/* Run one check (by control key, or id of the default pack) over s with optional "NAME=VALUE" params
 * (NULL-terminated); returns the results (caller frees) and sets *res to
 * that check's result. */
struct hd_results *tu_run(const struct hd_snapshot *s, const char *id,
    const char *const *params, const struct hd_result **res);

/* The status of check id (control key or id) on s (no params). */
enum hd_status tu_status(const struct hd_snapshot *s, const char *id);

/* Whether any evidence of f (or of its children) has this field; when
 * value is not NULL the value's JSON text must contain it too. */
int tu_has_evidence(const struct hd_finding *f, const char *field,
    const char *value);

/* The child finding of f for object id or name, NULL if none. */
const struct hd_finding *tu_child(const struct hd_finding *f, const char *id);

/* tu_child() of a result's top finding, recording the child's status as
 * coverage of the result's control (for tests that assert a child). */
const struct hd_finding *tu_child_of(const struct hd_result *res,
    const char *id);

#endif
