/*
 * The audit rules the running kernel has loaded, read over the audit
 * netlink socket: AUDIT_GET for whether auditing is enabled, then
 * AUDIT_LIST_RULES, whose answer is one struct audit_rule_data per rule
 * and NLMSG_DONE. Both are read-only requests (what `auditctl -s` and
 * `auditctl -l` send); nothing is executed and nothing is changed. The
 * kernel answers them only to a process with CAP_AUDIT_CONTROL in the
 * initial user and PID namespaces; otherwise the refusal is the fact.
 *
 * The decoding is pure (a buffer of netlink messages in, rules out), so
 * unit tests and fuzzing drive it with constructed buffers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/netlink.h>

#include <hardock/common.h>

#include "collect/audit.h"

#define NL_BUF 65536
#define RECV_TIMEOUT_S 5
#define MAX_MESSAGES 100000 /* a kernel cannot hold more rules than this */

/* Whether a field's value is a string in buf (its value is the length). */
static bool
string_field(uint32_t field)
{
	switch (field) {
	case AUDIT_SUBJ_USER: case AUDIT_SUBJ_ROLE: case AUDIT_SUBJ_TYPE:
	case AUDIT_SUBJ_SEN: case AUDIT_SUBJ_CLR: case AUDIT_OBJ_USER:
	case AUDIT_OBJ_ROLE: case AUDIT_OBJ_TYPE: case AUDIT_OBJ_LEV_LOW:
	case AUDIT_OBJ_LEV_HIGH: case AUDIT_WATCH: case AUDIT_DIR:
	case AUDIT_FILTERKEY: case AUDIT_EXE:
		return true;
	default:
		return false;
	}
}

/* The AUDIT_PERM bits as a "rwxa" subset, in that order. */
static void
perm_text(char out[5], uint32_t perm)
{
	size_t n = 0;

	if (perm & AUDIT_PERM_READ)
		out[n++] = 'r';
	if (perm & AUDIT_PERM_WRITE)
		out[n++] = 'w';
	if (perm & AUDIT_PERM_EXEC)
		out[n++] = 'x';
	if (perm & AUDIT_PERM_ATTR)
		out[n++] = 'a';
	out[n] = '\0';
}

int
hd_audit_rule_decode(json_object *rules, const void *data, size_t len,
    size_t index)
{
	const struct audit_rule_data *d = data;
	const char *buf, *path = NULL, *form = NULL, *key = NULL;
	size_t off = 0, pathlen = 0, keylen = 0;
	char perms[5] = "rwxa", *src;
	json_object *o;

	if (len < sizeof(*d))
		return hd_error_set(HD_EPARSE, "rule %zu: %zu bytes, an audit rule "
		    "has at least %zu", index, len, sizeof(*d));
	if (d->field_count > AUDIT_MAX_FIELDS || d->buflen > len - sizeof(*d))
		return hd_error_set(HD_EPARSE, "rule %zu: %u fields, %u bytes of "
		    "strings in %zu", index, d->field_count, d->buflen,
		    len - sizeof(*d));
	buf = d->buf;
	for (uint32_t i = 0; i < d->field_count; i++) {
		uint32_t f = d->fields[i], v = d->values[i];

		if (string_field(f)) {
			if (v > d->buflen - off)
				return hd_error_set(HD_EPARSE, "rule %zu: field %u "
				    "overruns the strings", index, i);
			if (f == AUDIT_WATCH || f == AUDIT_DIR) {
				path = buf + off;
				pathlen = v;
				form = f == AUDIT_DIR ? "dir" : "watch";
			} else if (f == AUDIT_FILTERKEY && key == NULL) {
				/* Several -k are joined by \001: keep the first. */
				key = buf + off;
				while (keylen < v && key[keylen] != '\0' &&
				    key[keylen] != '\001')
					keylen++;
			}
			off += v;
		} else if (f == AUDIT_PERM) {
			perm_text(perms, v);
		}
	}
	/* Only "always" rules of the exit list watch a path. */
	if (path == NULL || (d->flags & ~AUDIT_FILTER_PREPEND) != AUDIT_FILTER_EXIT ||
	    d->action != AUDIT_ALWAYS)
		return 0;
	if (pathlen == 0 || memchr(path, '\0', pathlen) != NULL || path[0] != '/')
		return hd_error_set(HD_EPARSE, "rule %zu: watched path is not an "
		    "absolute path", index);
	o = json_object_new_object();
	src = hd_xasprintf("AUDIT_LIST_RULES:%zu", index);
	json_object_object_add(o, "path", json_object_new_string_len(path,
	    (int)pathlen));
	json_object_object_add(o, "perms", json_object_new_string(perms[0] ?
	    perms : "rwxa"));
	json_object_object_add(o, "key", key ? json_object_new_string_len(key,
	    (int)keylen) : NULL);
	json_object_object_add(o, "form", json_object_new_string(form));
	json_object_object_add(o, "source", json_object_new_string(src));
	json_object_array_add(rules, o);
	free(src);
	return 1;
}

int
hd_audit_nl_parse(struct hd_audit_nl *st, const void *buf, size_t len)
{
	const char *at = buf;
	size_t left = len;

	/* By hand, not NLMSG_NEXT: its unsigned arithmetic wraps on a
	 * length the kernel would never send. */
	while (left > 0) {
		const struct nlmsghdr *h = (const struct nlmsghdr *)at;
		const void *p = at + NLMSG_HDRLEN;
		size_t plen, step;

		if (left < NLMSG_HDRLEN || h->nlmsg_len < NLMSG_HDRLEN ||
		    h->nlmsg_len > left)
			return hd_error_set(HD_EPARSE, "truncated netlink message");
		plen = h->nlmsg_len - NLMSG_HDRLEN;
		step = NLMSG_ALIGN(h->nlmsg_len);
		left = step < left ? left - step : 0;
		at += step;

		if (h->nlmsg_seq != st->seq)
			continue; /* an answer to an earlier request */
		if (++st->messages > MAX_MESSAGES)
			return hd_error_set(HD_ELIMIT, "more than %d audit messages",
			    MAX_MESSAGES);
		switch (h->nlmsg_type) {
		case NLMSG_DONE:
			st->done = true;
			break;
		case NLMSG_ERROR: {
			const struct nlmsgerr *e = p;

			if (plen < sizeof(*e))
				return hd_error_set(HD_EPARSE, "short netlink error");
			if (e->error == 0) {
				st->acked = true; /* the ack; answers follow */
				break;
			}
			/* A hostile or broken answer may carry INT_MIN, whose
			 * negation is undefined: any error outside errno's range
			 * is an I/O error. */
			st->err = e->error < 0 && e->error > -4096 ? -e->error : EIO;
			return hd_error_set(st->err == EPERM || st->err == EACCES ||
			    st->err == ECONNREFUSED ? HD_EACCES : HD_EIO, "%s",
			    strerror(st->err));
		}
		case AUDIT_GET: {
			struct audit_status s;

			/* Older kernels send a shorter status: take its start. */
			memset(&s, 0, sizeof(s));
			memcpy(&s, p, plen < sizeof(s) ? plen : sizeof(s));
			if (plen < sizeof(uint32_t) * 2)
				return hd_error_set(HD_EPARSE, "short audit status");
			st->enabled = (int)s.enabled;
			st->done = true;
			break;
		}
		case AUDIT_LIST_RULES:
			if (hd_audit_rule_decode(st->rules, p, plen, st->nrules++) < 0)
				return HD_EPARSE;
			break;
		default:
			break; /* other audit traffic: not ours */
		}
		if (st->done)
			return HD_OK;
	}
	return HD_OK;
}

/* Send one request of type with sequence number seq to the kernel. */
static int
request(int fd, uint16_t type, uint32_t seq)
{
	struct nlmsghdr h = { .nlmsg_len = NLMSG_LENGTH(0), .nlmsg_type = type,
	    .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = seq };
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (sendto(fd, &h, h.nlmsg_len, 0, (struct sockaddr *)&kernel,
	    sizeof(kernel)) < 0)
		return hd_error_set(errno == EPERM || errno == EACCES ? HD_EACCES :
		    HD_EIO, "sending %s: %s", type == AUDIT_GET ? "AUDIT_GET" :
		    "AUDIT_LIST_RULES", strerror(errno));
	return HD_OK;
}

/* Receive answers to st->seq until the request is complete. */
static int
receive(int fd, struct hd_audit_nl *st, char *buf)
{
	while (!st->done) {
		struct sockaddr_nl from = { 0 };
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, NL_BUF, 0, (struct sockaddr *)&from, &fl);
		int r;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return hd_error_set(HD_EIO, "receiving from the kernel: %s",
			    errno == EAGAIN ? "no answer within 5 s" : strerror(errno));
		/* Only the kernel (port 0) speaks for the kernel. */
		if (fl != sizeof(from) || from.nl_pid != 0)
			continue;
		if ((r = hd_audit_nl_parse(st, buf, (size_t)n)) < 0)
			return r;
	}
	return HD_OK;
}

int
hd_audit_nl_read(json_object **rules, int *enabled)
{
	struct hd_audit_nl st = { 0 };
	struct timeval tv = { RECV_TIMEOUT_S, 0 };
	char *buf;
	int fd, r;

	*rules = NULL;
	*enabled = -1;
	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT)) < 0)
		return hd_error_set(errno == EPROTONOSUPPORT || errno == EAFNOSUPPORT ?
		    HD_ENOTFOUND : HD_EIO, "NETLINK_AUDIT socket: %s", strerror(errno));
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	buf = hd_xmalloc(NL_BUF);
	st.rules = json_object_new_array();
	st.seq = 1;
	if ((r = request(fd, AUDIT_GET, st.seq)) < 0 ||
	    (r = receive(fd, &st, buf)) < 0) {
		hd_error_wrap(r, "AUDIT_GET");
		goto out;
	}
	*enabled = st.enabled;
	st.seq = 2;
	st.done = st.acked = false;
	if ((r = request(fd, AUDIT_LIST_RULES, st.seq)) < 0 ||
	    (r = receive(fd, &st, buf)) < 0) {
		hd_error_wrap(r, "AUDIT_LIST_RULES");
		goto out;
	}
	*rules = st.rules;
	st.rules = NULL;
out:
	json_object_put(st.rules);
	free(buf);
	close(fd);
	return r;
}
