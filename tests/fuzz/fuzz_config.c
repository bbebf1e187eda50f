/* fuzz_config.c - any bytes through the config parser. */
#include "config.h"
#include "keymap.h"
#include "targets.h"

int
fuzz_config(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct keymap km;
	struct error err = ERROR_INIT;

	config_init(&cfg);
	keymap_init(&km);
	if (config_parse(&cfg, &km, (const char *)data, size, "fuzz.config", &err) < 0 &&
	    (!err.msg[0] || !err.path[0]))
		__builtin_trap();
	if (km.count > KEYMAP_BINDINGS_MAX)
		__builtin_trap();
	return 0;
}

FUZZ_ENTRY(config)
