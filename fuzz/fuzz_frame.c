/* libFuzzer target: the frames hardock watch's collector reads from its
 * evaluator (a process that parsed tenant data, so possibly compromised):
 * the bytes are written to a pipe and read back frame by frame with a
 * small cap until the stream ends or a frame is refused; every field is
 * then asked for as a C string. */
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <hardock/common.h>
#include <hardock/frame.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hd_frame f;
	int p[2];

	/* A pipe holds 64 KiB before a write blocks. */
	if (size > 65536 || pipe(p) < 0)
		return 0;
	if (write(p[1], data, size) != (ssize_t)size) {
		close(p[0]);
		close(p[1]);
		return 0;
	}
	close(p[1]);
	while (hd_frame_recv(&f, p[0], 4096) == HD_OK) {
		for (size_t i = 0; i <= f.nfields; i++)
			(void)hd_frame_str(&f, i);
		hd_frame_clear(&f);
	}
	close(p[0]);
	return 0;
}
