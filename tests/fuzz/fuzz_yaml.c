/* fuzz_yaml.c - the YAML reader alone: every document of a stream into a
 * value tree (anchors, merges, tags, limits), then its canonical JSON;
 * and plain-scalar resolution on the raw bytes. */
#include "buf.h"
#include "mem.h"
#include "targets.h"
#include "value.h"
#include "yaml_value.h"

int
fuzz_yaml(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct strtab keys;
	struct value_builder vb = { &a, &keys };
	struct yaml_value_reader *r = NULL;
	struct yaml_value_limits lim = { 64, 10000, 1 << 20 };
	struct yaml_value_doc doc;
	struct error err = ERROR_INIT;
	struct buf out = BUF_INIT;
	int docs = 0;

	strtab_init(&keys, &a);
	if (yaml_value_reader_new(&r, (const char *)data, size, "fuzz.yaml", &lim, &err) == 0) {
		while (docs++ < 1000 && yaml_value_reader_next(r, &vb, &doc, &err) == 1) {
			buf_reset(&out);
			value_to_json(&out, &doc.value, true);
		}
		yaml_value_reader_free(&r);
	}
	buf_reset(&out);
	yaml_value_resolve_plain((const char *)data, size, &out);
	buf_release(&out);
	strtab_release(&keys);
	arena_release(&a);
	return 0;
}

FUZZ_ENTRY(yaml)
