/* fuzz_keyscript.c - any bytes through the key-script parser, and every
 * key it yields back through its name. */
#include <string.h>

#include "buf.h"
#include "keymap.h"
#include "targets.h"

int
fuzz_keyscript(const uint8_t *data, size_t size)
{
	struct keymap_script s;
	struct error err = ERROR_INIT;
	size_t i;

	if (keymap_script_parse(&s, (const char *)data, size, "fuzz.keys", &err) < 0) {
		if (!err.msg[0] || !err.line)
			__builtin_trap();   /* errors name a line */
		return 0;
	}
	for (i = 0; i < s.count; i++) {
		const struct keymap_script_item *it = &s.items[i];
		struct keymap_input in;
		struct buf name = BUF_INIT;

		if (it->directive != KEYMAP_DIRECTIVE_KEY || it->input.key == KEYMAP_KEY_CLICK ||
		    it->input.key == KEYMAP_KEY_WHEEL_UP || it->input.key == KEYMAP_KEY_WHEEL_DOWN)
			continue;
		keymap_key_name(&name, it->input.key);
		/* the canonical name parses back to the same key */
		if (keymap_parse_key(name.data, name.len, &in, NULL) != (int)name.len ||
		    in.key != it->input.key)
			__builtin_trap();
		buf_release(&name);
	}
	keymap_script_release(&s);
	return 0;
}

FUZZ_ENTRY(keyscript)
