/* The kernel's in-root resolution, for comparisons. */
#include <errno.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "inroot.h"

int
hd_kernel_open_in_root(int rootfd, const char *path, int flags)
{
	struct open_how how = { 0 };
	int fd;

	how.flags = (unsigned long long)flags;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	/* EAGAIN: a rename or mount elsewhere raced with a ".." (other
	 * processes on the machine); the kernel asks to be called again. */
	for (int i = 0; i < 16; i++) {
		fd = (int)syscall(SYS_openat2, rootfd, *path ? path : ".", &how,
		    sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	return fd >= 0 ? fd : -errno;
}
