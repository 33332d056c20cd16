/* Fuzz the Engine API client from the answers' bytes on: a transcript
 * (fuzz/transcript.h) answers /_ping, /version, /info, the lists, every
 * inspect and history, and the client's own code (status, Api-Version
 * header, body cap, JSON, negotiation, the container and image lists,
 * swarm state, redaction) builds the snapshot, which must then save and
 * load again. The checks and reports over hostile documents are
 * fuzz_snapshot's part: here they would cost 20 times the client. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/snapshot.h>

#include "collect/engine.h"
#include "transcript.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	struct hd_transcript *t = hd_transcript_parse((const char *)data, len);
	struct hd_snapshot *s = hd_snapshot_new(), *back = NULL;
	struct hd_collect_opts o = { .root = "/", .host =
	    "unix:///nonexistent/fuzz.sock", .timeout_ms = 1000 };
	/* A small cap, so that the oversize path is reachable. */
	struct hd_engine_limits lim = { .body_cap = (size_t)64 * 1024,
	    .max_inflight = 4, .replay = hd_transcript_answer, .replay_arg = t };
	struct hd_docker_env env = { 0 };
	const char *text;

	hd_engine_collect(s, &o, &env, &lim);
	/* What the collector recorded must survive --save-snapshot. */
	text = json_object_to_json_string_ext(hd_snapshot_json(s),
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (hd_snapshot_parse(&back, text, strlen(text)) < 0) {
		fprintf(stderr, "collected snapshot does not load: %s\n",
		    hd_error_last());
		abort();
	}
	hd_snapshot_free(back);
	hd_snapshot_free(s);
	hd_transcript_free(t);
	return 0;
}
