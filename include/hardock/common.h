/*
 * hardock: error convention and allocation helpers shared by every module.
 *
 * Error convention (one for the whole code base, as in libgit2):
 *   - a function that can fail returns int: 0 (HD_OK) on success, a negative
 *     HD_E* code on failure;
 *   - the function that detects the failure sets the message once with
 *     hd_error_set(); callers pass the code up unchanged and never overwrite
 *     the message (hd_error_last() reads it);
 *   - out-parameters come first, are set to NULL/0 on entry and assigned only
 *     on success; the caller owns what it receives through T **out;
 *   - every *_free() accepts NULL.
 *
 * Allocation failure is not an error a caller can handle: the hd_x* family
 * aborts, as OpenSSH's xmalloc does.
 */
#ifndef HARDOCK_COMMON_H
#define HARDOCK_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define HARDOCK_VERSION "0.1.0"

enum hd_error_code {
	HD_OK = 0,
	HD_ERR = -1,       /* generic failure */
	HD_ENOTFOUND = -2, /* a file, key or object does not exist */
	HD_EPARSE = -3,    /* malformed input */
	HD_ELIMIT = -4,    /* input larger than its cap */
	HD_EIO = -5,       /* read or write failed */
	HD_EUSAGE = -6,    /* bad argument from the user */
	HD_ETYPE = -7,     /* value of the wrong JSON type */
	HD_ECONNECT = -8,  /* could not reach the Docker engine */
	HD_EACCES = -9,    /* permission denied */
	HD_ELINK = -10,    /* a symlink loops or leaves the audit root */
};

#if defined(__GNUC__)
#define HD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define HD_PRINTF(f, a)
#endif

/* Set the thread's last error message; returns code so callers can
 * write `return hd_error_set(HD_EPARSE, "...")`. */
int hd_error_set(int code, const char *fmt, ...) HD_PRINTF(2, 3);

/* The last message set by hd_error_set(), or "" when none. */
const char *hd_error_last(void);

/* Prefix the last message with "prefix: " (context added by a caller that
 * knows more, e.g. the file name); returns code unchanged. */
int hd_error_wrap(int code, const char *prefix);

/* Forget the last error. */
void hd_error_clear(void);

#ifdef __clang_analyzer__
/* The static analyzer sees one file at a time: tell it that these return
 * their code, or it follows paths where an error "succeeds" (clang-tidy's
 * clang-analyzer-* checks). Never part of a build. */
#define hd_error_set(code, ...) __extension__ ({                      \
	int hd_code_ = (code);                                         \
	hd_error_set(hd_code_, __VA_ARGS__);                           \
	hd_code_; })
#define hd_error_wrap(code, prefix) __extension__ ({                  \
	int hd_code_ = (code);                                         \
	hd_error_wrap(hd_code_, (prefix));                             \
	hd_code_; })
#endif

/* Allocation that aborts on failure. */
void *hd_xmalloc(size_t n);
void *hd_xcalloc(size_t nmemb, size_t size);
void *hd_xrealloc(void *p, size_t nmemb, size_t size);
char *hd_xstrdup(const char *s);
char *hd_xstrndup(const char *s, size_t n);
char *hd_xasprintf(const char *fmt, ...) HD_PRINTF(1, 2);
char *hd_xvasprintf(const char *fmt, va_list ap) HD_PRINTF(1, 0);

/* The names of dir's entries that end in suffix ("" for any) and do not
 * start with '.', sorted, as a NULL-terminated vector in *out (at most
 * HD_DIR_NAMES_MAX). HD_ENOTFOUND when dir does not exist, HD_EIO when it
 * cannot be read; *out stays NULL then. */
#define HD_DIR_NAMES_MAX 4096
int hd_dir_names(char ***out, const char *dir, const char *suffix);

/* Free a NULL-terminated string vector; NULL is accepted. */
void hd_strv_free(char **v);

#endif
