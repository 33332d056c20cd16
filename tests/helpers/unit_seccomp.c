/*
 * unit_seccomp: run a command under the system call confinement a systemd
 * unit declares, for tests on a machine whose PID 1 is not systemd.
 *
 *   unit_seccomp [-e ERRNO] [-a FAMILY,...] [-x] [-n] [-p] [-r] [-s]
 *       [-d DENIED-FILE] SYSCALLS-FILE -- COMMAND [ARG...]
 *
 * Like NoNewPrivileges=yes it sets no_new_privs. Like SystemCallFilter= it
 * allows only the system calls named in SYSCALLS-FILE (one a line, as
 * `systemd-analyze syscall-filter` expands a set; names unknown on this
 * architecture are skipped) and those systemd always allows; any other
 * call fails with ERRNO (-e, SystemCallErrorNumber=) or, without -e, kills
 * the process as systemd does. Like RestrictAddressFamilies= (-a) socket()
 * of any other address family fails with EAFNOSUPPORT. Like
 * MemoryDenyWriteExecute=yes (-x) a mapping both writable and executable,
 * and making memory executable later, fail with EPERM. Like
 * RestrictNamespaces=yes (-n) unshare(), setns() and a clone() of a new
 * namespace fail with EPERM, and clone3() with ENOSYS (its flags are in
 * memory a filter cannot read; glibc then falls back to clone()), as
 * systemd 252 does (src/shared/seccomp-util.c). Like LockPersonality=yes
 * (-p) personality() of anything but PER_LINUX fails with EPERM; like
 * RestrictRealtime=yes (-r) sched_setscheduler() of a policy other than
 * SCHED_OTHER, SCHED_BATCH and SCHED_IDLE; like RestrictSUIDSGID=yes (-s)
 * a mode with S_ISUID or S_ISGID given to chmod(), fchmod(), fchmodat(),
 * mkdir(), mkdirat(), mknod(), mknodat(), creat(), or open()/openat()
 * with O_CREAT, and openat2() fails with ENOSYS (its mode is in memory).
 * The calls in DENIED-FILE (-d, one a line) fail with EPERM, as systemd
 * refuses ProtectClock='s @clock, ProtectKernelModules='s @module,
 * ProtectKernelLogs='s syslog, ProtectHostname='s sethostname and
 * setdomainname and PrivateDevices='s @raw-io (src/core/execute.c). Then
 * it execs COMMAND. Exit status 125 when the confinement cannot be set up.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <unistd.h>

#include <seccomp.h>

#define FAIL 125
#define MAX_FAMILY 64

/* What systemd allows whatever the filter says (systemd.exec(5)). */
static const char *const always[] = {
	"execve", "exit", "exit_group", "getrlimit", "rt_sigreturn",
	"sigreturn", "clock_gettime", "clock_gettime64", "gettimeofday",
	"time", "clock_nanosleep", "clock_nanosleep_time64", "nanosleep",
	NULL,
};

/* The address family named AF_NAME, or -1. */
static int
family(const char *name)
{
	static const struct { const char *name; int af; } fams[] = {
		{ "AF_UNIX", AF_UNIX }, { "AF_INET", AF_INET },
		{ "AF_INET6", AF_INET6 }, { "AF_NETLINK", AF_NETLINK },
		{ "AF_PACKET", AF_PACKET },
	};

	for (size_t i = 0; i < sizeof(fams) / sizeof(fams[0]); i++)
		if (strcmp(fams[i].name, name) == 0)
			return fams[i].af;
	return -1;
}

/* Allow the system call named name in ctx; unknown names are skipped. */
static int
allow(scmp_filter_ctx ctx, const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr == __NR_SCMP_ERROR)
		return 0;
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
}

/* Give every call named in path (one a line) the action act in ctx;
 * names unknown on this architecture are skipped. */
static int
add_listed(scmp_filter_ctx ctx, const char *path, uint32_t act)
{
	char line[256];
	FILE *fp;
	int r = 0;

	if ((fp = fopen(path, "re")) == NULL) {
		fprintf(stderr, "unit_seccomp: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (r == 0 && fgets(line, sizeof(line), fp) != NULL) {
		int nr;

		line[strcspn(line, " \t\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#' ||
		    (nr = seccomp_syscall_resolve_name(line)) == __NR_SCMP_ERROR)
			continue;
		r = seccomp_rule_add(ctx, act, nr, 0);
	}
	fclose(fp);
	return r;
}

/* Load ctx (what names its setting in errors) and release it. */
static int
load(scmp_filter_ctx ctx, const char *what)
{
	int r = seccomp_load(ctx);

	if (r != 0)
		fprintf(stderr, "unit_seccomp: cannot load the %s filter: %s\n",
		    what, strerror(-r));
	seccomp_release(ctx);
	return r;
}

/* Load the allow-list filter of the calls in path. */
static int
load_syscalls(const char *path, uint32_t deny)
{
	scmp_filter_ctx ctx = seccomp_init(deny);
	int r;

	if (ctx == NULL)
		return -1;
	r = add_listed(ctx, path, SCMP_ACT_ALLOW);
	for (size_t i = 0; always[i] && r == 0; i++)
		r = allow(ctx, always[i]);
	if (r != 0) {
		seccomp_release(ctx);
		return -1;
	}
	return load(ctx, "SystemCallFilter=");
}

/* A filter allowing all but what add() refuses, for the setting what. */
static int
load_rules(const char *what, int (*add)(scmp_filter_ctx, void *), void *arg)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);

	if (ctx == NULL)
		return -1;
	if (add(ctx, arg) != 0) {
		fprintf(stderr, "unit_seccomp: cannot build the %s filter\n", what);
		seccomp_release(ctx);
		return -1;
	}
	return load(ctx, what);
}

/* The calls listed in the file arg fail with EPERM (ProtectClock= and
 * the others, as systemd refuses them). */
static int
add_denied(scmp_filter_ctx ctx, void *arg)
{
	return add_listed(ctx, arg, SCMP_ACT_ERRNO(EPERM));
}

/* A comparison of argument arg. (The libseccomp SCMP_A0() macros leave
 * a field to the compiler, which clang's -Wmissing-field-initializers
 * refuses.) */
static struct scmp_arg_cmp
arg_cmp(unsigned arg, enum scmp_compare op, scmp_datum_t a, scmp_datum_t b)
{
	struct scmp_arg_cmp c = { .arg = arg, .op = op, .datum_a = a,
	    .datum_b = b };

	return c;
}

/* Make socket() with first argument op datum fail with EAFNOSUPPORT. */
static int
refuse_socket(scmp_filter_ctx ctx, enum scmp_compare op, scmp_datum_t datum)
{
	struct scmp_arg_cmp cmp = arg_cmp(0, op, datum, 0);

	return seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT),
	    SCMP_SYS(socket), 1, &cmp);
}

/* Add: the call nr fails with action when its argument arg has every bit
 * of mask set. */
static int
refuse_bits(scmp_filter_ctx ctx, uint32_t action, int nr, unsigned arg,
    scmp_datum_t mask)
{
	struct scmp_arg_cmp cmp = arg_cmp(arg, SCMP_CMP_MASKED_EQ, mask, mask);

	return seccomp_rule_add_array(ctx, action, nr, 1, &cmp);
}

/* LockPersonality=yes: personality() only keeps PER_LINUX. */
static int
add_personality(scmp_filter_ctx ctx, void *arg)
{
	struct scmp_arg_cmp ne = arg_cmp(0, SCMP_CMP_NE, PER_LINUX, 0);

	(void)arg;
	return seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(EPERM),
	    SCMP_SYS(personality), 1, &ne);
}

/* RestrictRealtime=yes: sched_setscheduler() refuses every policy but
 * SCHED_OTHER, SCHED_BATCH and SCHED_IDLE (the highest of them). */
static int
add_realtime(scmp_filter_ctx ctx, void *arg)
{
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	struct scmp_arg_cmp c;
	int r = 0;

	(void)arg;
	for (int p = 0; p < SCHED_IDLE && r == 0; p++) {
		if (p == SCHED_OTHER || p == SCHED_BATCH)
			continue;
		c = arg_cmp(1, SCMP_CMP_EQ, (scmp_datum_t)p, 0);
		r = seccomp_rule_add_array(ctx, eperm, SCMP_SYS(sched_setscheduler), 1, &c);
	}
	c = arg_cmp(1, SCMP_CMP_GT, SCHED_IDLE, 0);
	return r != 0 ? r :
	    seccomp_rule_add_array(ctx, eperm, SCMP_SYS(sched_setscheduler), 1, &c);
}

/* RestrictSUIDSGID='s rules for the mode bit m: the mode argument of each
 * call that sets one, and open()/openat() only when they create. */
static int
refuse_sxid(scmp_filter_ctx ctx, scmp_datum_t m)
{
	static const struct { int nr; unsigned mode_arg; } modes[] = {
		{ SCMP_SYS(chmod), 1 }, { SCMP_SYS(fchmod), 1 },
		{ SCMP_SYS(fchmodat), 2 }, { SCMP_SYS(mkdir), 1 },
		{ SCMP_SYS(mkdirat), 2 }, { SCMP_SYS(mknod), 1 },
		{ SCMP_SYS(mknodat), 2 }, { SCMP_SYS(creat), 1 },
	};
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	struct scmp_arg_cmp c[2];
	int r = 0;

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]) && r == 0; i++)
		r = refuse_bits(ctx, eperm, modes[i].nr, modes[i].mode_arg, m);
	c[0] = arg_cmp(1, SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT);
	c[1] = arg_cmp(2, SCMP_CMP_MASKED_EQ, m, m);
	if (r == 0)
		r = seccomp_rule_add_array(ctx, eperm, SCMP_SYS(open), 2, c);
	c[0] = arg_cmp(2, SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT);
	c[1] = arg_cmp(3, SCMP_CMP_MASKED_EQ, m, m);
	if (r == 0)
		r = seccomp_rule_add_array(ctx, eperm, SCMP_SYS(openat), 2, c);
	return r;
}

/* RestrictSUIDSGID=yes; openat2() fails with ENOSYS (its mode is in
 * memory a filter cannot read; callers fall back to openat()). */
static int
add_sxid(scmp_filter_ctx ctx, void *arg)
{
	int r;

	(void)arg;
	r = refuse_sxid(ctx, S_ISUID);
	if (r == 0)
		r = refuse_sxid(ctx, S_ISGID);
	return r != 0 ? r :
	    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(openat2), 0);
}

/* MemoryDenyWriteExecute=yes: no memory writable and executable, none
 * made executable after its mapping. */
static int
add_wx(scmp_filter_ctx ctx, void *arg)
{
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	int r;

	(void)arg;
	r = refuse_bits(ctx, eperm, SCMP_SYS(mmap), 2, PROT_WRITE | PROT_EXEC);
	if (r == 0)
		r = refuse_bits(ctx, eperm, SCMP_SYS(mprotect), 2, PROT_EXEC);
	if (r == 0)
		r = refuse_bits(ctx, eperm, SCMP_SYS(pkey_mprotect), 2, PROT_EXEC);
	if (r == 0)
		r = refuse_bits(ctx, eperm, SCMP_SYS(shmat), 2, SHM_EXEC);
	return r;
}

/* RestrictNamespaces=yes: no new namespace, none joined. */
static int
add_nons(scmp_filter_ctx ctx, void *arg)
{
	static const scmp_datum_t ns[] = { CLONE_NEWNS, CLONE_NEWUTS,
	    CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
	    CLONE_NEWCGROUP };
	uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	int r;

	(void)arg;
	r = seccomp_rule_add(ctx, eperm, SCMP_SYS(setns), 0);
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]) && r == 0; i++) {
		r = refuse_bits(ctx, eperm, SCMP_SYS(unshare), 0, ns[i]);
		/* x86_64 and arm64 take clone()'s flags first. */
		if (r == 0)
			r = refuse_bits(ctx, eperm, SCMP_SYS(clone), 0, ns[i]);
	}
	return r;
}

/* RestrictAddressFamilies=: socket() of a family not in the
 * comma-separated list arg fails. */
static int
add_families(scmp_filter_ctx ctx, void *arg)
{
	bool keep[MAX_FAMILY] = { false };
	int r = 0;

	for (char *tok = strtok(arg, ","); tok; tok = strtok(NULL, ",")) {
		int af = family(tok);

		if (af < 0 || af >= MAX_FAMILY) {
			fprintf(stderr, "unit_seccomp: unknown family %s\n", tok);
			return -1;
		}
		keep[af] = true;
	}
	for (int af = 0; af < MAX_FAMILY && r == 0; af++)
		if (!keep[af])
			r = refuse_socket(ctx, SCMP_CMP_EQ, (scmp_datum_t)af);
	/* Families beyond the table are refused too. */
	return r != 0 ? r : refuse_socket(ctx, SCMP_CMP_GE, MAX_FAMILY);
}

int
main(int argc, char **argv)
{
	uint32_t deny = SCMP_ACT_KILL_PROCESS;
	char *families = NULL;
	char *denied = NULL;
	bool wx = false, nons = false, pers = false, rt = false, sxid = false;
	int ch;

	while ((ch = getopt(argc, argv, "+e:a:xnprsd:")) != -1) {
		switch (ch) {
		case 'e':
			deny = SCMP_ACT_ERRNO((uint16_t)atoi(optarg));
			break;
		case 'a':
			families = optarg;
			break;
		case 'x':
			wx = true;
			break;
		case 'n':
			nons = true;
			break;
		case 'p':
			pers = true;
			break;
		case 'r':
			rt = true;
			break;
		case 's':
			sxid = true;
			break;
		case 'd':
			denied = optarg;
			break;
		default:
			return FAIL;
		}
	}
	if (argc - optind < 3 || strcmp(argv[optind + 1], "--") != 0) {
		fprintf(stderr, "usage: unit_seccomp [-e ERRNO] [-a FAMILY,...] "
		    "[-x] [-n] [-p] [-r] [-s] [-d DENIED-FILE] SYSCALLS-FILE -- "
		    "COMMAND [ARG...]\n");
		return FAIL;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		perror("unit_seccomp: no_new_privs");
		return FAIL;
	}
	/* The argument filters first: the allow-list must already permit
	 * the seccomp() calls that load them. */
	if ((families && load_rules("RestrictAddressFamilies=", add_families,
	    families) != 0) ||
	    (wx && load_rules("MemoryDenyWriteExecute=", add_wx, NULL) != 0) ||
	    (nons && load_rules("RestrictNamespaces=", add_nons, NULL) != 0) ||
	    (pers && load_rules("LockPersonality=", add_personality, NULL) != 0) ||
	    (rt && load_rules("RestrictRealtime=", add_realtime, NULL) != 0) ||
	    (sxid && load_rules("RestrictSUIDSGID=", add_sxid, NULL) != 0) ||
	    (denied && load_rules("denied calls", add_denied, denied) != 0) ||
	    load_syscalls(argv[optind], deny) != 0)
		return FAIL;
	execv(argv[optind + 2], argv + optind + 2);
	fprintf(stderr, "unit_seccomp: %s: %s\n", argv[optind + 2], strerror(errno));
	return FAIL;
}
