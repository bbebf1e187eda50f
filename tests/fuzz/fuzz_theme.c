/* fuzz_theme.c - any bytes through the .theme parser and back out. */
#include <string.h>

#include "buf.h"
#include "targets.h"
#include "theme.h"

int
fuzz_theme(const uint8_t *data, size_t size)
{
	struct theme t, again;
	struct error err = ERROR_INIT;
	struct buf out = BUF_INIT;

	if (theme_parse(&t, "fuzz", (const char *)data, size, "fuzz.theme", &err) == 0) {
		/* what parses dumps to text that parses to the same theme */
		theme_dump(&t, &out);
		if (theme_parse(&again, "fuzz", out.data, out.len, "dump", &err) != 0 ||
		    memcmp(t.styles, again.styles, sizeof(t.styles)) != 0)
			__builtin_trap();
	} else if (!err.msg[0] || !err.path[0]) {
		__builtin_trap();   /* every error says what and where */
	}
	buf_release(&out);
	return 0;
}

FUZZ_ENTRY(theme)
