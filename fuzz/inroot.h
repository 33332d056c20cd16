/* The kernel's in-root resolution, as the reference the user-space walk
 * (hd_root_open_walk) is compared with by fuzz_rootwalk and test_rootfs. */
#ifndef HARDOCK_FUZZ_INROOT_H
#define HARDOCK_FUZZ_INROOT_H

/* openat2(rootfd, path, flags, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS):
 * the descriptor, or -errno; retried while the kernel answers EAGAIN (a
 * rename or mount elsewhere raced with a ".."), -EAGAIN if it kept on. */
int hd_kernel_open_in_root(int rootfd, const char *path, int flags);

#endif
