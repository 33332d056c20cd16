/*
 * The sandbox of one run: the capabilities collection keeps (and until
 * when), then no capability and a seccomp allowlist for evaluation and
 * rendering. Both are tables, so that `hardock version --verbose`, the
 * report and the code cannot disagree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <seccomp.h>
#include <sys/capability.h>

#include <hardock/common.h>
#include <hardock/sandbox.h>

/* Builds with AddressSanitizer (gcc defines the macro, clang answers
 * __has_feature): the runtime needs more syscalls, listed apart below. */
#if defined(__SANITIZE_ADDRESS__)
#define HD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HD_ASAN 1
#endif
#endif

#define BIT(c) (UINT64_C(1) << (c))

/* A capability collection needs: why, and the last collector needing it. */
struct cap_need {
	cap_value_t cap;
	const char *until;  /* collector name; NULL: until collection ends */
	bool offline;       /* reading a saved snapshot needs it too */
	const char *why;
};

static const struct cap_need cap_needs[] = {
	{ CAP_DAC_OVERRIDE, "engine", false,
	  "connect(2) to the engine's unix socket needs write permission on "
	  "it; a socket another user owns (rootless Docker, a Podman user "
	  "service) is closed to root by its mode bits" },
	{ CAP_DAC_READ_SEARCH, NULL, true,
	  "read and search the daemon's files and directories (/etc/docker, "
	  "/var/lib/docker, certificates, units, audit rules, a saved "
	  "snapshot) whatever their owner and mode" },
	{ CAP_SYS_PTRACE, "process", false,
	  "/proc/PID/environ, exe, root and mountinfo of dockerd, containerd and "
	  "container processes: the kernel shows them to a process without "
	  "CAP_SYS_PTRACE only when the target holds no capability it lacks" },
	{ CAP_AUDIT_CONTROL, "audit", false,
	  "the loaded audit rules are asked of the kernel with "
	  "AUDIT_LIST_RULES over netlink, which it answers only with it" },
};
#define NCAPS (sizeof(cap_needs) / sizeof(cap_needs[0]))

/* What a syscall rule tests of the arguments. */
enum arg_test {
	ARG_ANY,
	ARG_OUT_FD,  /* arg 0 is stdout, stderr or an allowed output */
	ARG_FILE_FD, /* arg 0 is an allowed output (not stdout/stderr) */
	ARG_TCGETS,  /* ioctl(fd, TCGETS): isatty(3), nothing else */
	ARG_FCNTL,   /* fcntl(fd, F_GETFD or F_GETFL) */
	ARG_SELF,    /* arg 0 is this process (tgkill for abort(3)) */
	ARG_RDONLY1, /* open(path, flags): flags open for reading only */
	ARG_RDONLY2, /* openat(dfd, path, flags): the same */
};

struct sys_rule {
	const char *name;
	enum arg_test arg;
	bool kill;       /* SCMP_ACT_KILL_PROCESS rather than allow */
	const char *why;
};

/* Evaluation and rendering: memory, clocks, writing the open reports. */
static const struct sys_rule sys_rules[] = {
	{ "execve", ARG_ANY, true, "no program runs inside the sandbox" },
	{ "execveat", ARG_ANY, true, "no program runs inside the sandbox" },
	{ "socket", ARG_ANY, true, "no network: the engine client has finished" },
	{ "socketpair", ARG_ANY, true, "no new sockets" },
	{ "write", ARG_OUT_FD, false, "the reports, stdout and stderr only" },
	{ "writev", ARG_OUT_FD, false, "the same, for stdio" },
	{ "ftruncate", ARG_FILE_FD, false, "cut a report file to what was "
	  "written (it is opened without O_TRUNC, so that a scan failing early "
	  "leaves last night's report)" },
	{ "read", ARG_ANY, false, "descriptors already open" },
	{ "lseek", ARG_ANY, false, "stdio positions, the written length" },
	{ "fstat", ARG_ANY, false, "stdio sizes its buffers" },
	{ "newfstatat", ARG_ANY, false, "glibc's fstat(2)" },
	{ "ioctl", ARG_TCGETS, false, "isatty(3) only: TIOCSTI and every "
	  "other request stay refused" },
	{ "fcntl", ARG_FCNTL, false, "stdio reads descriptor flags" },
	{ "close", ARG_ANY, false, "closing the reports" },
	{ "brk", ARG_ANY, false, "memory" },
	{ "mmap", ARG_ANY, false, "memory" },
	{ "munmap", ARG_ANY, false, "memory" },
	{ "mremap", ARG_ANY, false, "memory" },
	{ "mprotect", ARG_ANY, false, "memory (malloc arenas)" },
	{ "madvise", ARG_ANY, false, "memory (free trimming)" },
	{ "futex", ARG_ANY, false, "libc locks" },
	{ "getrandom", ARG_ANY, false, "json-c's hash seed" },
	{ "sysinfo", ARG_ANY, false, "qsort(3) sizes its buffer" },
	{ "clock_gettime", ARG_ANY, false, "report times, waiver expiry" },
	{ "gettimeofday", ARG_ANY, false, "the same" },
	{ "time", ARG_ANY, false, "the same" },
	{ "getpid", ARG_ANY, false, "abort(3) signals itself" },
	{ "gettid", ARG_ANY, false, "the same" },
	{ "tgkill", ARG_SELF, false, "the same, to this process only" },
	{ "rt_sigaction", ARG_ANY, false, "signals (abort, sanitizers)" },
	{ "rt_sigprocmask", ARG_ANY, false, "the same" },
	{ "rt_sigreturn", ARG_ANY, false, "the same" },
	{ "sigaltstack", ARG_ANY, false, "the same" },
	{ "restart_syscall", ARG_ANY, false, "an interrupted sleep resumes" },
	{ "exit", ARG_ANY, false, "the end" },
	{ "exit_group", ARG_ANY, false, "the end" },
};
#define NSYS (sizeof(sys_rules) / sizeof(sys_rules[0]))

/* AddressSanitizer's runtime: at a report it reads /proc/self/maps and
 * the binary's symbols; at exit LeakSanitizer stops the world with a
 * tracer thread (clone, ptrace, wait). Opens stay read-only. */
#ifdef HD_ASAN
static const struct sys_rule asan_rules[] = {
	{ "open", ARG_RDONLY1, false, "/proc/self/maps, the binary's symbols" },
	{ "openat", ARG_RDONLY2, false, "the same" },
	{ "readlink", ARG_ANY, false, "/proc/self/exe" },
	{ "readlinkat", ARG_ANY, false, "/proc/self/exe" },
	{ "getdents", ARG_ANY, false, "the leak checker lists /proc/self/task" },
	{ "getdents64", ARG_ANY, false, "the same" },
	{ "clone", ARG_ANY, false, "the leak checker's tracer thread" },
	{ "ptrace", ARG_ANY, false, "the tracer suspends this process's threads" },
	{ "wait4", ARG_ANY, false, "the tracer is reaped" },
	{ "prctl", ARG_ANY, false, "PR_SET_PTRACER, dumpable" },
	{ "sched_yield", ARG_ANY, false, "the tracer waits" },
	{ "nanosleep", ARG_ANY, false, "the same" },
	{ "clock_nanosleep", ARG_ANY, false, "the same" },
	{ "getppid", ARG_ANY, false, "the tracer watches its parent" },
	{ "kill", ARG_ANY, false, "the tracer is stopped" },
	{ "getrlimit", ARG_ANY, false, "stack limits" },
	{ "prlimit64", ARG_ANY, false, "stack limits" },
	{ "sched_getaffinity", ARG_ANY, false, "CPU count" },
	{ "pipe2", ARG_ANY, false, "a symbolizer's pipe (its exec is killed)" },
	{ "dup2", ARG_ANY, false, "the same" },
	{ "getuid", ARG_ANY, false, "report header" },
};
#define NASAN (sizeof(asan_rules) / sizeof(asan_rules[0]))
#endif

void
hd_sandbox_init(struct hd_sandbox *sb, bool enabled, bool offline)
{
	memset(sb, 0, sizeof(*sb));
	sb->phase = enabled ? HD_SANDBOX_INIT : HD_SANDBOX_OFF;
	sb->offline = offline;
	for (size_t i = 0; i < NCAPS; i++)
		if (!offline || cap_needs[i].offline)
			sb->wanted |= BIT(cap_needs[i].cap);
}

/* Whether the process has cap in flag's set. */
static bool
has_cap(cap_t c, cap_value_t cap, cap_flag_t flag)
{
	cap_flag_value_t v = CAP_CLEAR;

	return cap_get_flag(c, cap, flag, &v) == 0 && v == CAP_SET;
}

/* Hold exactly held (effective and permitted), plus CAP_SETPCAP in the
 * permitted set when keep_setpcap; nothing inheritable, so nothing
 * ambient. The bounding set follows first while CAP_SETPCAP allows. */
static int
hold(struct hd_sandbox *sb, uint64_t held, bool keep_setpcap)
{
	cap_value_t setpcap = CAP_SETPCAP;
	cap_t c;
	int r = HD_OK;

	if (sb->bounding) {
		if ((c = cap_get_proc()) == NULL ||
		    cap_set_flag(c, CAP_EFFECTIVE, 1, &setpcap, CAP_SET) < 0 ||
		    cap_set_proc(c) < 0)
			r = hd_error_set(HD_ERR, "raising CAP_SETPCAP: %s",
			    strerror(errno));
		cap_free(c);
		for (cap_value_t v = 0; r == HD_OK && v < cap_max_bits(); v++) {
			if ((held & BIT(v)) || (keep_setpcap && v == CAP_SETPCAP))
				continue;
			if (cap_drop_bound(v) < 0 && errno != EINVAL)
				r = hd_error_set(HD_ERR, "dropping %d from the bounding "
				    "set: %s", (int)v, strerror(errno));
		}
		if (r < 0)
			return r;
	}
	c = cap_init();
	for (cap_value_t v = 0; v < 64; v++) {
		if (!(held & BIT(v)))
			continue;
		cap_set_flag(c, CAP_EFFECTIVE, 1, &v, CAP_SET);
		cap_set_flag(c, CAP_PERMITTED, 1, &v, CAP_SET);
	}
	if (keep_setpcap)
		cap_set_flag(c, CAP_PERMITTED, 1, &setpcap, CAP_SET);
	if (cap_set_proc(c) < 0)
		r = hd_error_set(HD_ERR, "setting capabilities: %s", strerror(errno));
	cap_free(c);
	if (r == HD_OK) {
		sb->held = held;
		sb->bounding = sb->bounding && keep_setpcap;
	}
	return r;
}

int
hd_sandbox_begin(struct hd_sandbox *sb)
{
	cap_t c;
	uint64_t have = 0;

	if (sb->phase != HD_SANDBOX_INIT)
		return HD_OK;
	if ((c = cap_get_proc()) == NULL)
		return hd_error_set(HD_ERR, "reading capabilities: %s", strerror(errno));
	for (size_t i = 0; i < NCAPS; i++)
		if (has_cap(c, cap_needs[i].cap, CAP_PERMITTED))
			have |= BIT(cap_needs[i].cap);
	sb->bounding = has_cap(c, CAP_SETPCAP, CAP_PERMITTED);
	cap_free(c);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return hd_error_set(HD_ERR, "no_new_privs: %s", strerror(errno));
	if (hold(sb, have & sb->wanted, sb->bounding) < 0)
		return HD_ERR;
	sb->collect_caps = sb->held;
	sb->phase = HD_SANDBOX_COLLECT;
	return HD_OK;
}

void
hd_sandbox_collected(const char *collector, void *arg)
{
	struct hd_sandbox *sb = arg;
	uint64_t drop = 0;

	if (sb == NULL || sb->phase != HD_SANDBOX_COLLECT)
		return;
	for (size_t i = 0; i < NCAPS; i++)
		if (cap_needs[i].until && strcmp(cap_needs[i].until, collector) == 0)
			drop |= BIT(cap_needs[i].cap);
	/* Failing to drop early is not fatal: hd_sandbox_enter() drops all. */
	if (sb->held & drop)
		(void)hold(sb, sb->held & ~drop, sb->bounding);
}

int
hd_sandbox_allow_write(struct hd_sandbox *sb, int fd)
{
	if (sb->nfds == HD_SANDBOX_MAX_FDS)
		return hd_error_set(HD_ELIMIT, "more than %d outputs",
		    HD_SANDBOX_MAX_FDS);
	sb->fds[sb->nfds++] = fd;
	return HD_OK;
}

/* A comparison of argument arg, every field set (libseccomp's SCMP_A0
 * macros leave datum_b out, which clang's -Wextra refuses). */
static struct scmp_arg_cmp
cmp(unsigned arg, enum scmp_compare op, scmp_datum_t a, scmp_datum_t b)
{
	struct scmp_arg_cmp c = { .arg = arg, .op = op, .datum_a = a, .datum_b = b };

	return c;
}

/* Add rule r to ctx, one rule per allowed descriptor when it tests one. */
static int
add_rule(scmp_filter_ctx ctx, const struct sys_rule *r,
    const struct hd_sandbox *sb)
{
	/* O_TMPFILE needs write access, so O_ACCMODE covers it. */
	const scmp_datum_t rdonly = O_ACCMODE | O_CREAT | O_TRUNC;
	uint32_t act = r->kill ? SCMP_ACT_KILL_PROCESS : SCMP_ACT_ALLOW;
	int nr = seccomp_syscall_resolve_name(r->name), e = 0;

	/* Not a syscall of this architecture (open on arm64): nothing to do. */
	if (nr == __NR_SCMP_ERROR)
		return 0;
	switch (r->arg) {
	case ARG_ANY:
		return seccomp_rule_add(ctx, act, nr, 0);
	case ARG_OUT_FD:
		e = seccomp_rule_add(ctx, act, nr, 1, cmp(0, SCMP_CMP_EQ, 1, 0));
		if (e == 0)
			e = seccomp_rule_add(ctx, act, nr, 1, cmp(0, SCMP_CMP_EQ, 2, 0));
		__attribute__((fallthrough));
	case ARG_FILE_FD:
		for (size_t i = 0; e == 0 && i < sb->nfds; i++)
			e = seccomp_rule_add(ctx, act, nr, 1,
			    cmp(0, SCMP_CMP_EQ, (scmp_datum_t)sb->fds[i], 0));
		return e;
	case ARG_TCGETS:
		return seccomp_rule_add(ctx, act, nr, 1, cmp(1, SCMP_CMP_EQ, TCGETS, 0));
	case ARG_FCNTL:
		e = seccomp_rule_add(ctx, act, nr, 1, cmp(1, SCMP_CMP_EQ, F_GETFD, 0));
		return e ? e : seccomp_rule_add(ctx, act, nr, 1,
		    cmp(1, SCMP_CMP_EQ, F_GETFL, 0));
	case ARG_SELF:
		return seccomp_rule_add(ctx, act, nr, 1,
		    cmp(0, SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0));
	case ARG_RDONLY1:
		return seccomp_rule_add(ctx, act, nr, 1,
		    cmp(1, SCMP_CMP_MASKED_EQ, rdonly, O_RDONLY));
	case ARG_RDONLY2:
		return seccomp_rule_add(ctx, act, nr, 1,
		    cmp(2, SCMP_CMP_MASKED_EQ, rdonly, O_RDONLY));
	}
	return -EINVAL;
}

/* Add n rules to ctx; 0 or the first failure (message set). */
static int
add_rules(scmp_filter_ctx ctx, const struct sys_rule *rules, size_t n,
    const struct hd_sandbox *sb)
{
	int e = 0;

	for (size_t i = 0; e == 0 && i < n; i++)
		if ((e = add_rule(ctx, &rules[i], sb)) != 0)
			hd_error_set(HD_ERR, "seccomp rule for %s: %s", rules[i].name,
			    strerror(-e));
	return e;
}

/* Build and load the filter: every syscall not listed fails with EPERM,
 * so that a library call hardock did not foresee degrades instead of
 * killing a nightly report; exec and sockets kill. */
static int
load_filter(const struct hd_sandbox *sb)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	int e = 0;

	if (ctx == NULL)
		return hd_error_set(HD_ERR, "seccomp_init failed");
	/* libseccomp learns what the kernel supports by calling seccomp(): a
	 * filter already on this process that refuses the call (a unit's
	 * SystemCallFilter= without seccomp) makes every kill rule look
	 * unsupported, which it would report as "Invalid argument". */
	if (seccomp_api_get() < 3) {
		seccomp_release(ctx);
		if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2)
			return hd_error_set(HD_ERR, "a seccomp filter already on "
			    "this process refuses seccomp() itself (under systemd: "
			    "SystemCallFilter=seccomp)");
		return hd_error_set(HD_ERR, "the kernel cannot kill a process "
		    "from a seccomp filter (SECCOMP_RET_KILL_PROCESS, Linux 4.14)");
	}
	e = add_rules(ctx, sys_rules, NSYS, sb);
#ifdef HD_ASAN
	if (e == 0)
		e = add_rules(ctx, asan_rules, NASAN, sb);
#endif
	if (e == 0 && (e = seccomp_load(ctx)) != 0)
		hd_error_set(HD_ERR, "loading the seccomp filter: %s", strerror(-e));
	seccomp_release(ctx);
	return e == 0 ? HD_OK : HD_ERR;
}

int
hd_sandbox_enter(struct hd_sandbox *sb)
{
	if (sb->phase == HD_SANDBOX_OFF || sb->phase == HD_SANDBOX_ENTERED)
		return HD_OK;
	if (sb->phase == HD_SANDBOX_INIT && hd_sandbox_begin(sb) < 0)
		return HD_ERR;
	if (hold(sb, 0, false) < 0 || load_filter(sb) < 0)
		return HD_ERR;
	sb->phase = HD_SANDBOX_ENTERED;
	return HD_OK;
}

/* The libcap name of cap ("cap_sys_ptrace"), as a JSON string. */
static json_object *
cap_json(cap_value_t cap)
{
	char *name = cap_to_name(cap);
	json_object *s = json_object_new_string(name ? name : "?");

	cap_free(name);
	return s;
}

/* Names of the capabilities in mask, in table order, then CAP_SETPCAP. */
static json_object *
caps_json(uint64_t mask)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < NCAPS; i++)
		if (mask & BIT(cap_needs[i].cap))
			json_object_array_add(a, cap_json(cap_needs[i].cap));
	return a;
}

#define SECCOMP_SUMMARY "allowlist: write(2) only to stdout, stderr and the " \
	"report files opened before; execve and socket kill the process; " \
	"open and every syscall not listed fail with EPERM"

json_object *
hd_sandbox_json(const struct hd_sandbox *sb)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "enabled",
	    json_object_new_boolean(sb->phase != HD_SANDBOX_OFF));
	if (sb->phase == HD_SANDBOX_OFF) {
		json_object_object_add(o, "reason", json_object_new_string(
		    sb->off_reason ? sb->off_reason : "--no-sandbox"));
		return o;
	}
	json_object_object_add(o, "applied", json_object_new_string(sb->applied ?
	    sb->applied : sb->offline ? "after the snapshot file was opened and "
	    "mapped read-only (read, if not a regular file), before its bytes "
	    "were parsed, evaluated and reported" : "after collection (host "
	    "files, /proc, the engine), before evaluation and reporting"));
	json_object_object_add(o, "collection_capabilities",
	    caps_json(sb->collect_caps));
	json_object_object_add(o, "evaluation_capabilities", caps_json(sb->held));
	json_object_object_add(o, "seccomp", sb->phase == HD_SANDBOX_ENTERED ?
	    json_object_new_string(SECCOMP_SUMMARY) : NULL);
	json_object_object_add(o, "no_new_privs", json_object_new_boolean(true));
	return o;
}

char *
hd_sandbox_summary(const struct hd_sandbox *sb)
{
	char *names, *s;

	if (sb->phase == HD_SANDBOX_OFF)
		return hd_xasprintf("off (%s): every privilege kept, no seccomp "
		    "filter", sb->off_reason ? sb->off_reason : "--no-sandbox");
	names = hd_xstrdup("");
	for (size_t i = 0; i < NCAPS; i++) {
		char *name;

		if (!(sb->collect_caps & BIT(cap_needs[i].cap)))
			continue;
		name = cap_to_name(cap_needs[i].cap);
		s = hd_xasprintf("%s%s%s", names, names[0] ? ", " : "", name);
		cap_free(name);
		free(names);
		names = s;
	}
	s = hd_xasprintf("%s, no capabilities since %s (%s held: %s)",
	    sb->phase == HD_SANDBOX_ENTERED ? "seccomp" : "no seccomp",
	    sb->since ? sb->since : sb->offline ? "the snapshot was opened" :
	    "collection ended", sb->since ? "reading" : "collection",
	    names[0] ? names : "none");
	free(names);
	return s;
}

/* One table of syscall rules as "  name  why" lines. */
static void
describe_rules(FILE *out, const struct sys_rule *rules, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "    %-18s %s%s\n", rules[i].name,
		    rules[i].kill ? "KILL: " : "", rules[i].why);
}

void
hd_sandbox_describe(FILE *out)
{
	fputs("sandbox (hardock scan, image, watch, diff and merge; --no-sandbox "
	    "turns it off):\n"
	    "  1. at start, keep only these capabilities (bounding set too), "
	    "set no_new_privs:\n", out);
	for (size_t i = 0; i < NCAPS; i++) {
		char *name = cap_to_name(cap_needs[i].cap);

		fprintf(out, "    %-20s until %s%s: %s\n", name,
		    cap_needs[i].until ? "the collector " : "collection ends",
		    cap_needs[i].until ? cap_needs[i].until : "",
		    cap_needs[i].why);
		cap_free(name);
	}
	fputs("    cap_setpcap          permitted only, raised just to shrink "
	    "the bounding set\n"
	    "    (--snapshot: only cap_dac_read_search, to open the file; diff "
	    "and merge:\n"
	    "    only cap_dac_read_search, to open and read the reports)\n"
	    "  2. after collection: no capability at all, and a seccomp filter "
	    "(default EPERM):\n", out);
	describe_rules(out, sys_rules, NSYS);
	fputs("  hardock image: the same filter, entered before any image byte "
	    "is parsed:\n"
	    "    --archive   each archive is opened (a directory: every file "
	    "of it, symlinks read,\n"
	    "                never followed) with cap_dac_read_search only; "
	    "then the filter, and the\n"
	    "                archives are read from those descriptors\n"
	    "    engine      inspect and history are read as a scan reads them; "
	    "the export\n"
	    "                (GET /images/{id}/get) is copied into pipes by a "
	    "child process forked\n"
	    "                then, holding cap_dac_override and "
	    "cap_dac_read_search, no_new_privs,\n"
	    "                no seccomp filter (it needs its socket): it parses "
	    "nothing but HTTP\n"
	    "                (libcurl); the parent parses the tarballs inside "
	    "the filter\n"
	    "  hardock watch: two processes from the start, talking in capped "
	    "frames over pipes:\n"
	    "    collector   step 1 for its whole life (re-scans need the "
	    "capabilities), no filter:\n"
	    "                it collects, splits the event stream into lines "
	    "(unparsed), asks\n"
	    "                the engine one inspect per event (unparsed), "
	    "writes the report\n"
	    "                files and runs --exec (which inherits those "
	    "capabilities and\n"
	    "                no_new_privs)\n"
	    "    evaluator   step 2 at once: it parses every snapshot, inspect "
	    "document, event\n"
	    "                and reloaded profile, tells the collector what "
	    "each event asks\n"
	    "                for, evaluates, prints the change stream and "
	    "renders the reports\n"
	    "                into frames; its death ends watch (exit 3)\n", out);
#ifdef HD_ASAN
	fputs("    this AddressSanitizer build also allows:\n", out);
	describe_rules(out, asan_rules, NASAN);
#endif
}

size_t
hd_sandbox_cap_count(void)
{
	return NCAPS;
}

const char *
hd_sandbox_cap_until(size_t i)
{
	return i < NCAPS ? cap_needs[i].until : NULL;
}
