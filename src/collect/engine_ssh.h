/*
 * The ssh transport of the Engine API client: each connection libcurl
 * opens is one `ssh ... docker system dial-stdio` child (as the docker CLI
 * does it), whose stdin and stdout are the far end of that connection.
 *
 * Why ssh gets the connection itself: libcurl keeps driving it with its
 * own poll loop, timeouts, keep-alive and HTTP parsing, and no bridge
 * thread or copy loop sits between curl and ssh (how curl's socket meets
 * ssh is told in engine_ssh.c). ssh's stderr goes to a memory file, so a
 * chatty ssh never blocks on a full pipe and its last words become the
 * reason of a failure.
 *
 * Every child is waited for: when curl closes the connection (the child
 * is sent SIGTERM if it still runs, then SIGKILL if it has not exited
 * within a second) and, for any left, in hd_ssh_free(). A hung ssh is
 * bounded by curl's request timeout, after which curl closes the
 * connection.
 */
#ifndef HARDOCK_COLLECT_ENGINE_SSH_H
#define HARDOCK_COLLECT_ENGINE_SSH_H

#include <stddef.h>

#include <curl/curl.h>

struct hd_ssh;

/* A transport to ssh:// url, ConnectTimeout from timeout_ms; HD_EUSAGE for
 * a malformed URL. */
int hd_ssh_new(struct hd_ssh **out, const char *url, long timeout_ms);

/* Make easy handle c open its connections through x (x must outlive
 * every connection c opens: free x after the multi handle). */
void hd_ssh_setup(struct hd_ssh *x, CURL *c);

/* Start ssh for every connection curl has made since the last call;
 * call it after each curl_multi_perform(), and when hd_ssh_listener()
 * becomes readable. */
void hd_ssh_accept(struct hd_ssh *x);

/* The listener's descriptor, to wait on with curl_multi_poll(). */
int hd_ssh_listener(const struct hd_ssh *x);

/* Why an ssh child ended on its own (its exit status and the tail of its
 * stderr, or why it could not be started), or NULL when none has. Waits
 * up to wait_ms for a child whose end of the connection is already
 * closed, so that a failed ssh's exit status is seen. */
const char *hd_ssh_failure(struct hd_ssh *x, long wait_ms);

/* Terminate and wait for every child still running, then free x; NULL is
 * accepted. */
void hd_ssh_free(struct hd_ssh *x);

#endif
