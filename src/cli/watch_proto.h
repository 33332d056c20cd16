/*
 * hardock watch runs as two processes (see cmd_watch.c): the collector,
 * which keeps the collection capabilities, the engine's connection and
 * event stream and runs --exec; and the evaluator (watch_eval.c), forked
 * at start, which holds no capability and runs inside the seccomp filter
 * of <hardock/sandbox.h>: every snapshot, inspect document, event line
 * and profile is parsed there, every check evaluated, every line and
 * report rendered. The collector splits the stream into lines and parses
 * no event: the evaluator tells it what an event asks for (WF_ACTION).
 *
 * They talk in frames (<hardock/frame.h>) over two pipes, one request at
 * a time: the collector sends a request and reads the evaluator's frames
 * until WF_DONE, so neither can block the other with a full pipe. The
 * collector takes what the evaluator sends for hostile (it parsed tenant
 * data): output indexes are checked, frames capped, and nothing it sends
 * is run or opened but the report files and --exec's stdin.
 */
#ifndef HARDOCK_CLI_WATCH_PROTO_H
#define HARDOCK_CLI_WATCH_PROTO_H

#include <stdbool.h>

#include <hardock/sandbox.h>

#include "scanrun.h"

/* Frame types; each request's fields, "" standing for none. */
enum watch_frame {
	/* collector -> evaluator */
	WF_SCAN = 1,  /* reason, started (RFC 3339), the snapshot's JSON */
	WF_CONTAINER, /* id, cause (event JSON), cause text, then the inspect
	               * answer: path, err, status (decimal), reason, body */
	WF_NOTICE,    /* type ("engine", "error"), key, value, reason */
	WF_WRITE,     /* render every -o report */
	WF_PROFILE,   /* origin, text, ... of a reloaded profile's chain */
	WF_EVENT,     /* one line of the event stream, as it came */
	/* evaluator -> collector */
	WF_EXEC,      /* a new failure's JSON line, for --exec's stdin */
	WF_REPORT,    /* output index (decimal): a report follows */
	WF_DATA,      /* bytes of that report */
	WF_END,       /* "0": the report is whole; "1": rendering failed */
	WF_DONE,      /* has results "1"/"0", profile taken "1"/"0" */
	WF_ACTION,    /* what a WF_EVENT asks: "inspect", "rescan" or "none";
	               * the container id, the stream position to resume from
	               * ("SECONDS[.NANOS]" or ""), the cause (event JSON) and
	               * its text, handed back verbatim in WF_CONTAINER */
};

/* The largest frame the collector reads from the evaluator (a report
 * comes in WF_DATA chunks of 64 KiB; an --exec line is one change). */
#define WATCH_FRAME_CAP (16u << 20)

/* What the evaluator is given at fork (its own copies). */
struct watch_eval_cfg {
	struct scan_args *a;   /* scope, options, -o outputs, --fail-on */
	const struct hd_scan_opts *cli; /* the command line's, for reloads */
	struct hd_profile *profile;     /* taken; a reload replaces it */
	bool jsonl;
	bool exec;             /* --exec given: send WF_EXEC lines */
	struct hd_sandbox *sb; /* entered by the evaluator at its start */
	int in, out;           /* the request and answer pipes */
};

/* The evaluator process: enter the sandbox, answer requests until the
 * collector closes the pipe; the exit status. */
int watch_evaluate(const struct watch_eval_cfg *cfg);

#endif
