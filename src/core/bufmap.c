/* SIGBUS on a shrunk mapped file: an error exit naming it (bufmap.h). */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bufmap.h"

/* At once: a scan maps its snapshot, diff two reports, merge one at a
 * time. More fall back to reading. */
#define MAX_WATCHED 16

struct watched {
	uintptr_t start, end; /* 0, 0: a free slot */
	char msg[512];        /* written as is by the handler */
	size_t msglen;
};

/* Read by the handler: each slot is made whole before its range is set
 * and its range cleared before it is reused (hardock has one thread). */
static struct watched watched[MAX_WATCHED];
static volatile sig_atomic_t installed;

/* The SIGBUS handler: a watched file's error and exit, else the default
 * action (the faulting read runs again, under it). */
static void
on_sigbus(int sig, siginfo_t *si, void *uctx)
{
	uintptr_t a = (uintptr_t)si->si_addr;
	struct sigaction dfl;

	(void)uctx;
	for (size_t i = 0; i < MAX_WATCHED; i++) {
		if (a >= watched[i].start && a < watched[i].end) {
			/* With stderr gone, the status still says it. */
			if (write(STDERR_FILENO, watched[i].msg, watched[i].msglen) < 0) {
				/* nothing more to do */
			}
			_exit(2);
		}
	}
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
}

/* Install on_sigbus once. */
static bool
install(void)
{
	struct sigaction sa;

	if (installed)
		return true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, NULL) != 0)
		return false;
	installed = 1;
	return true;
}

bool
hd_map_watch(void *base, size_t len, const char *name)
{
	if (!install())
		return false;
	for (size_t i = 0; i < MAX_WATCHED; i++) {
		struct watched *w = &watched[i];
		int n;

		if (w->end != 0)
			continue;
		n = snprintf(w->msg, sizeof(w->msg), "hardock: %s changed while "
		    "it was read (it shrank: the bytes being read are gone)\n",
		    name ? name : "a mapped file");
		w->msglen = n < 0 ? 0 : (size_t)n < sizeof(w->msg) ? (size_t)n :
		    sizeof(w->msg) - 1;
		w->start = (uintptr_t)base;
		w->end = (uintptr_t)base + len;
		return true;
	}
	return false;
}

void
hd_map_forget(void *base)
{
	for (size_t i = 0; i < MAX_WATCHED; i++)
		if (watched[i].start == (uintptr_t)base && watched[i].end != 0) {
			watched[i].end = 0;
			watched[i].start = 0;
		}
}
