/* graph_tf.c - edges of a Terraform plan, derived from its configuration.
 *
 * Terraform leaves its graph out of the JSON, so it is rebuilt here (see
 * ../shared/research/tfplan-format.md section 5):
 *
 *   - Module instances come from the instance addresses of the changes
 *     (module.a["k"].module.b[0]); their configuration from root_module
 *     through module_calls.  One configuration module thus has many
 *     instances, and a reference made inside one instance is resolved
 *     inside that same instance.
 *   - REFERENCE: each reference in a resource's expressions, count and
 *     for_each, resolved from its module-relative name to instances:
 *     "aws_s3_bucket.b" names every instance of b in the module instance,
 *     "aws_s3_bucket.b[0]" (a static key) names one; var.x follows the
 *     parent's module_calls.<m>.expressions.x, module.m.out follows the
 *     output's expression inside every instance of m (or the one keyed),
 *     and `via` records the chain.  local.x cannot be followed (locals are
 *     not in the JSON).  A module call's count/for_each references reach
 *     every resource inside it.
 *   - DEPENDS_ON: resource depends_on, and a module call's depends_on for
 *     every resource inside the module (nested modules too).
 *   - PROVIDER: a resource -> the provider configuration it uses
 *     (provider_config_key); the provider configuration's own references
 *     (kubernetes configured from a cluster) are REFERENCE edges.
 *   - STATE: prior_state depends_on (change->extra.depends_on), for
 *     resources whose configuration is gone or changed.
 *   - VALUE (weak): an attribute whose string equals another resource's
 *     id or arn (8 bytes or longer, and unique to one resource).
 *
 * Everything is iterative: symbol chains (var -> output -> var ...) are
 * resolved with an explicit stack and memoised per module instance, and
 * cycles in them are cut.
 *
 * Module instances and configuration modules are keyed by (parent, one
 * step), never by their whole path, and no path is stored whole: an
 * address nested 10k modules deep costs its length, not its length
 * squared.
 */
#include <string.h>

#include "graph_build.h"

/* ---- addresses and references ---- */

static bool
ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/* Length of the identifier at s, 0 if none. */
static size_t
ident(const char *s, size_t len)
{
	size_t i = 0;

	if (!len || !ident_start(s[0]))
		return 0;
	while (i < len && ident_char(s[i]))
		i++;
	return i;
}

/* Length of a static instance key at s ("[0]", "[\"k\"]"), 0 if none. */
static size_t
key_len_at(const char *s, size_t len)
{
	size_t i = 1;

	if (len < 3 || s[0] != '[')
		return 0;
	if (s[1] == '"') {
		for (i = 2; i < len && s[i] != '"'; i++)
			if (s[i] == '\\')
				i++;
		if (i + 1 >= len || s[i] != '"' || s[i + 1] != ']')
			return 0;
		return i + 2;
	}
	if (s[1] == '-')
		i++;
	if (i >= len || s[i] < '0' || s[i] > '9')
		return 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i < len && s[i] == ']' ? i + 1 : 0;
}

static bool
has(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

/* One "module.NAME[KEY]." step at s; returns the bytes it takes with the
 * dot (0 if s does not start with one). */
struct step {
	const char *call, *key;
	size_t call_len, key_len;
};

static size_t
module_step(const char *s, size_t len, struct step *st, bool need_dot)
{
	size_t n, k;

	if (!has(s, len, "module."))
		return 0;
	n = ident(s + 7, len - 7);
	if (!n)
		return 0;
	st->call = s + 7;
	st->call_len = n;
	k = key_len_at(s + 7 + n, len - 7 - n);
	st->key = k ? s + 7 + n : NULL;
	st->key_len = k;
	n += 7 + k;
	if (n < len && s[n] == '.')
		return n + 1;
	return need_dot ? 0 : n;
}

/* "[data.]TYPE.NAME" at s: its length, 0 if none. */
static size_t
resource_head(const char *s, size_t len)
{
	size_t p = 0, n;

	if (has(s, len, "data."))
		p = 5;
	n = ident(s + p, len - p);
	if (!n || p + n >= len || s[p + n] != '.')
		return 0;
	p += n + 1;
	n = ident(s + p, len - p);
	return n ? p + n : 0;
}

enum ref_kind {
	REF_NONE,
	REF_RESOURCE,   /* head = "[data.]TYPE.NAME", key optional */
	REF_VAR,        /* head = variable name */
	REF_MODULE,     /* head = call name, key optional, out optional */
};

struct ref {
	enum ref_kind kind;
	const char *head, *key, *out;
	size_t head_len, key_len, out_len;
};

static void
parse_ref(const char *s, size_t len, struct ref *r)
{
	static const char *const ignored[] = { "local.", "count.", "each.", "path.", "self.",
					       "terraform.", "ephemeral.", "resource." };
	size_t i, n;

	memset(r, 0, sizeof(*r));
	if (has(s, len, "var.")) {
		n = ident(s + 4, len - 4);
		if (n) {
			r->kind = REF_VAR;
			r->head = s + 4;
			r->head_len = n;
		}
		return;
	}
	if (has(s, len, "module.")) {
		struct step st;

		if (!module_step(s, len, &st, false))
			return;
		r->kind = REF_MODULE;
		r->head = st.call;
		r->head_len = st.call_len;
		r->key = st.key;
		r->key_len = st.key_len;
		n = (size_t)(st.call - s) + st.call_len + st.key_len;
		if (n < len && s[n] == '.') {
			r->out = s + n + 1;
			r->out_len = ident(r->out, len - n - 1);
			if (!r->out_len)
				r->out = NULL;
		}
		return;
	}
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		if (has(s, len, ignored[i]))
			return;
	n = resource_head(s, len);
	if (!n)
		return;
	r->kind = REF_RESOURCE;
	r->head = s;
	r->head_len = n;
	r->key_len = key_len_at(s + n, len - n);
	r->key = r->key_len ? s + n : NULL;
}

/* ---- state ---- */

struct mod {
	const char *path;              /* instance path (borrowed, not NUL-terminated) */
	size_t path_len;
	uint32_t smod;                 /* its configuration module (struct smod) */
	uint32_t parent;
	const char *call;              /* call name in the parent (borrowed) */
	size_t call_len;
	const char *key;               /* instance key with brackets, or NULL */
	size_t key_len;
	const struct value *config;    /* the module's configuration */
	const struct value *call_config; /* parent's module_calls.<call> */
	uint32_t first_child, next_sibling, next_static;
	uint32_t first_node;           /* resource nodes directly inside; node.next_in_mod */
	uint32_t inh_start, inh_count; /* own inherited targets (module call) in pool */
};

/* A configuration module ("module.a.module.b", whatever the instance
 * keys): its parent and call name, and its instances. */
struct smod {
	uint32_t parent;               /* GRAPH_NONE at the root */
	const char *call;              /* borrowed; "" at the root */
	size_t call_len;
	uint32_t first_mod;            /* instances, through mod.next_static */
};

struct tnode {
	uint32_t mod;                  /* GRAPH_NONE: not a resource instance we parsed */
	const char *rel, *key;         /* borrowed from the address */
	size_t rel_len, key_len;
	uint32_t next_same;            /* next node with the same (mod, rel) */
	uint32_t next_in_mod;
};

struct target {
	uint32_t node;
	uint8_t kind;                  /* for module-call targets */
	const char *via;
	const char *attr;
};


enum { SYM_NEW, SYM_BUSY, SYM_DONE };

struct sym {
	uint32_t mod;                  /* where its expression is evaluated */
	const char *label;             /* "var.x", "module.m.out" */
	const struct value *expr;
	const struct value *deps;      /* output depends_on, or absent */
	uint8_t state;
	bool local;                    /* its expression refers to local.* */
	uint32_t *subs;
	size_t nsubs, cursor;
	uint32_t res_start, res_count; /* in pool */
};

struct tf {
	struct graph *g;
	const struct value *root_config;
	const struct value *provider_config;
	struct mod *mods;
	size_t nmods, cmods;
	struct smod *smods;
	size_t nsmods, csmods;
	struct tnode *nodes;
	struct graph_smap mod_by_step;   /* (parent mod, "call[key]") -> mod */
	struct graph_smap smod_by_step;  /* (parent smod, "call") -> smod */
	struct graph_smap res;         /* (mod, rel) -> first node */
	struct graph_smap cfgres;      /* (config ptr, rel) -> index in resources[] */
	struct graph_smap syms_by_key; /* (mod, 'v'|'o', name) -> sym */
	struct sym *syms;
	size_t nsyms, csyms;
	struct target *pool;           /* sym results and module-call targets */
	size_t npool, cpool;
	struct target *tmp;            /* one expression's targets */
	size_t ntmp, ctmp;
	uint32_t *mark;                /* per node: stamp of the last gather */
	uint32_t stamp;
	uint32_t *stack;               /* syms being resolved */
	size_t cstack;
	uint32_t *mstack;              /* module instances to visit (nmods) */
	struct graph_walker walker;
	struct graph_imap attr_of;     /* expression (its address) -> attrs[] */
	const char **attrs;
	size_t nattrs, cattrs;
	struct buf key, path, via;
	bool saw_local;                /* the last gathers met local.* */
};

/* ---- module instances ---- */

static const struct value *
call_config(const struct value *module_config, const char *call, size_t len)
{
	return value_getn(value_get(module_config, "module_calls"), call, len);
}

/* Key of (mod, bytes) maps: 4 bytes of mod then the bytes. */
static void
mod_key(struct buf *b, uint32_t mod, char tag, const char *s, size_t len)
{
	buf_reset(b);
	buf_add(b, &mod, sizeof(mod));
	if (tag)
		buf_addch(b, tag);
	buf_add(b, s, len);
}

/* The value of (id, s) in map, or GRAPH_NONE; with `make`, added as
 * `next` when missing (*added says so).  GRAPH_NONE - 1 on OOM. */
static uint32_t
step_slot(struct tf *t, struct graph_smap *map, uint32_t id, const char *s, size_t len,
	  bool make, uint32_t next, bool *added)
{
	const uint32_t *v;
	const char *kk;
	uint32_t *slot;

	*added = false;
	mod_key(&t->key, id, 0, s, len);
	if (buf_failed(&t->key))
		return GRAPH_NONE - 1;
	v = graph_smap_get(map, t->key.data, t->key.len);
	if (v || !make)
		return v ? *v : GRAPH_NONE;
	kk = graph_intern_buf(t->g, &t->key);
	slot = kk ? graph_smap_slot(map, kk, t->key.len, next, added) : NULL;
	return slot ? *slot : GRAPH_NONE - 1;
}

/* The configuration module `call` under `parent` (GRAPH_NONE and "" for
 * the root), created once.  GRAPH_NONE - 1 on OOM. */
static uint32_t
smod_make(struct tf *t, uint32_t parent, const char *call, size_t call_len)
{
	bool added;
	uint32_t sm = step_slot(t, &t->smod_by_step, parent, call, call_len, true,
				(uint32_t)t->nsmods, &added);
	void *p = t->smods;

	if (!added)
		return sm;
	if (mem_grow_array(&p, &t->csmods, t->nsmods + 1, sizeof(*t->smods)) < 0)
		return GRAPH_NONE - 1;
	t->smods = p;
	t->smods[t->nsmods].parent = parent;
	t->smods[t->nsmods].call = call;
	t->smods[t->nsmods].call_len = call_len;
	t->smods[t->nsmods].first_mod = GRAPH_NONE;
	return (uint32_t)t->nsmods++;
}

/* The configuration module a static address names ("module.a.module.b",
 * or "" for the root; instance keys are not part of it), or GRAPH_NONE. */
static uint32_t
smod_find(struct tf *t, const char *s, size_t len)
{
	uint32_t sm = t->nsmods ? 0 : GRAPH_NONE;
	size_t pos = 0, n;
	struct step st;
	bool added;

	while (pos < len && sm != GRAPH_NONE) {
		n = module_step(s + pos, len - pos, &st, false);
		if (!n || st.key || (pos + n == len && s[len - 1] == '.'))
			return GRAPH_NONE;
		sm = step_slot(t, &t->smod_by_step, sm, st.call, st.call_len, false, 0, &added);
		pos += n;
	}
	return sm >= GRAPH_NONE - 1 ? GRAPH_NONE : sm;
}

/* Appends the static address of configuration module sm
 * ("module.a.module.b"; nothing for the root), walking up once to size
 * it and once to write it backwards. */
static void
smod_path(const struct tf *t, uint32_t sm, struct buf *out)
{
	size_t len = 0, at;
	uint32_t x;

	for (x = sm; x != GRAPH_NONE && t->smods[x].parent != GRAPH_NONE; x = t->smods[x].parent)
		len += (len ? 1 : 0) + 7 + t->smods[x].call_len;
	if (!len || buf_grow(out, len) < 0)
		return;
	at = out->len + len;
	for (x = sm; x != GRAPH_NONE && t->smods[x].parent != GRAPH_NONE; x = t->smods[x].parent) {
		at -= t->smods[x].call_len;
		memcpy(out->data + at, t->smods[x].call, t->smods[x].call_len);
		at -= 7;
		memcpy(out->data + at, "module.", 7);
		if (at > out->len)
			out->data[--at] = '.';
	}
	out->len += len;
	out->data[out->len] = '\0';
}

/* The instance `path` (its last step `st`, under `parent`), created once. */
static uint32_t
mod_make(struct tf *t, const char *path, size_t len, uint32_t parent, const struct step *st)
{
	bool added;
	struct mod *m;
	void *p = t->mods;
	uint32_t id, sm;

	/* the step "call[key]" is contiguous in the address */
	id = step_slot(t, &t->mod_by_step, parent, st->call, st->call_len + st->key_len, true,
		       (uint32_t)t->nmods, &added);
	if (!added)
		return id;
	sm = smod_make(t, parent == GRAPH_NONE ? GRAPH_NONE : t->mods[parent].smod, st->call,
		       st->call_len);
	if (sm >= GRAPH_NONE - 1 || mem_grow_array(&p, &t->cmods, t->nmods + 1, sizeof(*t->mods)) < 0)
		return GRAPH_NONE - 1;
	t->mods = p;
	m = &t->mods[t->nmods];
	memset(m, 0, sizeof(*m));
	m->path = path;
	m->path_len = len;
	m->parent = parent;
	m->smod = sm;
	m->first_child = m->next_sibling = m->first_node = GRAPH_NONE;
	if (parent == GRAPH_NONE) {
		m->config = t->root_config;
		m->call_config = &value_absent;
	} else {
		struct mod *pm = &t->mods[parent];

		m->call = st->call;
		m->call_len = st->call_len;
		m->key = st->key;
		m->key_len = st->key_len;
		m->call_config = call_config(pm->config, st->call, st->call_len);
		m->config = value_get(m->call_config, "module");
		m->next_sibling = pm->first_child;
		pm->first_child = (uint32_t)t->nmods;
	}
	m->next_static = t->smods[sm].first_mod;
	t->smods[sm].first_mod = (uint32_t)t->nmods;
	return (uint32_t)t->nmods++;
}


static uint32_t
res_first(struct tf *t, uint32_t mod, const char *rel, size_t len)
{
	const uint32_t *v;

	mod_key(&t->key, mod, 0, rel, len);
	if (buf_failed(&t->key))
		return GRAPH_NONE;
	v = graph_smap_get(&t->res, t->key.data, t->key.len);
	return v ? *v : GRAPH_NONE;
}

/* Parses every resource instance address into its module instance and
 * relative address. */
static int
index_nodes(struct tf *t)
{
	struct graph *g = t->g;
	size_t i;
	const struct step none = { "", NULL, 0, 0 };

	if (mod_make(t, "", 0, GRAPH_NONE, &none) != 0)
		return -1;
	for (i = 0; i < g->n; i++) {
		const struct plan_change *c = plan_change_at(g->plan, i);
		const char *a = c->address;
		size_t len = strlen(a), pos = 0, n, head;
		uint32_t mod = 0, *slot;
		struct tnode *tn = &t->nodes[i];
		const char *kk;
		bool added;

		tn->mod = tn->next_same = tn->next_in_mod = GRAPH_NONE;
		if (g->primary[i] != i || c->mode == PLAN_MODE_PROVIDER)
			continue;
		for (;;) {
			struct step st;

			n = module_step(a + pos, len - pos, &st, true);
			if (!n)
				break;
			pos += n;
			mod = mod_make(t, a, pos - 1, mod, &st);
			if (mod >= GRAPH_NONE - 1)
				return -1;
		}
		head = resource_head(a + pos, len - pos);
		if (!head)
			continue;
		tn->key_len = key_len_at(a + pos + head, len - pos - head);
		if (pos + head + tn->key_len != len)
			continue;
		tn->mod = mod;
		tn->rel = a + pos;
		tn->rel_len = head;
		tn->key = tn->key_len ? a + pos + head : NULL;
		mod_key(&t->key, mod, 0, tn->rel, head);
		kk = graph_intern_buf(g, &t->key);
		if (!kk)
			return -1;
		slot = graph_smap_slot(&t->res, kk, t->key.len, (uint32_t)i, &added);
		if (!slot)
			return -1;
		if (!added) {
			/* keep plan order within the list: append */
			uint32_t x = *slot;

			while (t->nodes[x].next_same != GRAPH_NONE)
				x = t->nodes[x].next_same;
			t->nodes[x].next_same = (uint32_t)i;
		}
		tn->next_in_mod = t->mods[mod].first_node;
		t->mods[mod].first_node = (uint32_t)i;
	}
	return 0;
}

/* The configuration block of a resource node, or NULL.  Each
 * configuration module's resources are indexed on first use (the key of
 * the pointer alone marks it indexed). */
static const struct value *
node_config(struct tf *t, uint32_t node)
{
	const struct tnode *tn = &t->nodes[node];
	const struct value *cfg = t->mods[tn->mod].config;
	const struct value *list = value_get(cfg, "resources");
	const uint32_t *v;
	size_t i;

	if (list->kind != VALUE_ARRAY)
		return NULL;
	if (!graph_smap_get(&t->cfgres, (const char *)&cfg, sizeof(cfg))) {
		for (i = 0; i <= list->len; i++) {
			const char *addr = "", *kk;

			if (i < list->len) {
				addr = value_str(value_get(&list->u.items[i], "address"));
				if (!addr)
					continue;
			}
			/* i == len: the marker, keyed by the pointer alone */
			buf_reset(&t->key);
			buf_add(&t->key, &cfg, sizeof(cfg));
			buf_addstr(&t->key, addr);
			kk = graph_intern_buf(t->g, &t->key);
			if (!kk || !graph_smap_slot(&t->cfgres, kk, t->key.len, (uint32_t)i, NULL))
				return NULL;
		}
	}
	buf_reset(&t->key);
	buf_add(&t->key, &cfg, sizeof(cfg));
	buf_add(&t->key, tn->rel, tn->rel_len);
	if (buf_failed(&t->key))
		return NULL;
	v = graph_smap_get(&t->cfgres, t->key.data, t->key.len);
	return v && *v < list->len ? &list->u.items[*v] : NULL;
}

/* ---- collecting targets ---- */

static int
tmp_add(struct tf *t, uint32_t node, uint8_t kind, const char *via, const char *attr)
{
	void *p = t->tmp;

	if (t->mark[node] == t->stamp)
		return 0;
	if (mem_grow_array(&p, &t->ctmp, t->ntmp + 1, sizeof(*t->tmp)) < 0)
		return -1;
	t->tmp = p;
	t->mark[node] = t->stamp;
	t->tmp[t->ntmp].node = node;
	t->tmp[t->ntmp].kind = kind;
	t->tmp[t->ntmp].via = via;
	t->tmp[t->ntmp].attr = attr;
	t->ntmp++;
	return 0;
}

static void
gather_begin(struct tf *t)
{
	t->ntmp = 0;
	if (++t->stamp == 0) {
		memset(t->mark, 0, t->g->n * sizeof(*t->mark));
		t->stamp = 1;
	}
}

/* Whether the reference string is only the prefix listing of a longer
 * one in the same list ("aws_s3_bucket.b" beside "aws_s3_bucket.b[0].id",
 * "module.m" beside "module.m.out"): Terraform lists every step. */
static bool
is_prefix_listing(const struct value *refs, size_t i)
{
	const struct value *r = &refs->u.items[i];
	size_t j;

	if (refs->len > 256)
		return false; /* bound the pairwise check; over-approximate */
	for (j = 0; j < refs->len; j++) {
		const struct value *o = &refs->u.items[j];

		if (j == i || o->kind != VALUE_STRING || o->len <= r->len)
			continue;
		if (memcmp(o->u.str, r->u.str, r->len) == 0 &&
		    (o->u.str[r->len] == '.' || o->u.str[r->len] == '['))
			return true;
	}
	return false;
}

/* Chain label "a > b", capped. */
static const char *
via_join(struct tf *t, const char *a, const char *b)
{
	if (!b)
		return a;
	if (!a)
		return b;
	buf_reset(&t->via);
	buf_addstr(&t->via, a);
	buf_addstr(&t->via, " > ");
	if (strlen(b) > 200)
		buf_addstr(&t->via, "...");
	else
		buf_addstr(&t->via, b);
	return graph_intern_buf(t->g, &t->via);
}

static uint32_t sym_get(struct tf *t, uint32_t mod, char tag, const char *name, size_t len);

/* Appends s[0..len) to a label, at most `max` bytes of it: its end
 * (after "...") with `tail`, else its start (before "..."); never half a
 * UTF-8 character.  Labels are read by people, and one is made per
 * module instance and symbol: whole paths would cost the depth squared. */
static void
label_add(struct buf *b, const char *s, size_t len, size_t max, bool tail)
{
	size_t n;

	if (len <= max) {
		buf_add(b, s, len);
		return;
	}
	if (tail) {
		n = len - (max - 3);
		while (n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
			n++;
		buf_addstr(b, "...");
		buf_add(b, s + n, len - n);
	} else {
		n = max - 3;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		buf_add(b, s, n);
		buf_addstr(b, "...");
	}
}

/* Every resource node inside the child instances of `mod` called `call`
 * (and keyed `key` if given), nested modules included. */
static int
module_nodes(struct tf *t, uint32_t mod, const char *call, size_t call_len, const char *key,
	     size_t key_len, uint8_t kind, const char *via, const char *attr)
{
	uint32_t c;
	size_t top = 0;

	for (c = t->mods[mod].first_child; c != GRAPH_NONE; c = t->mods[c].next_sibling) {
		if (t->mods[c].call_len != call_len || memcmp(t->mods[c].call, call, call_len) != 0)
			continue;
		if (key && (t->mods[c].key_len != key_len || memcmp(t->mods[c].key, key, key_len)))
			continue;
		t->mstack[top++] = c;
		while (top) {
			uint32_t m = t->mstack[--top], x;

			if (graph_is_full(t->g))
				return 0;

			for (x = t->mods[m].first_node; x != GRAPH_NONE; x = t->nodes[x].next_in_mod)
				if (tmp_add(t, x, kind, via, attr) < 0)
					return -1;
			for (x = t->mods[m].first_child; x != GRAPH_NONE; x = t->mods[x].next_sibling)
				t->mstack[top++] = x;
		}
	}
	return 0;
}

/* The syms a reference leads to (var: one; module output: one per
 * matching child instance), via callback on each. */
typedef int (*sym_fn)(struct tf *t, uint32_t sym, void *ctx);

static int
ref_syms(struct tf *t, uint32_t mod, const struct ref *r, sym_fn fn, void *ctx)
{
	uint32_t c, s;

	if (r->kind == REF_VAR) {
		if (t->mods[mod].parent == GRAPH_NONE)
			return 0; /* a root variable: an input, not a resource */
		s = sym_get(t, mod, 'v', r->head, r->head_len);
		return s == GRAPH_NONE ? -1 : fn(t, s, ctx);
	}
	if (r->kind != REF_MODULE || !r->out)
		return 0;
	for (c = t->mods[mod].first_child; c != GRAPH_NONE; c = t->mods[c].next_sibling) {
		if (t->mods[c].call_len != r->head_len ||
		    memcmp(t->mods[c].call, r->head, r->head_len) != 0)
			continue;
		if (r->key && (t->mods[c].key_len != r->key_len ||
			       memcmp(t->mods[c].key, r->key, r->key_len) != 0))
			continue;
		s = sym_get(t, c, 'o', r->out, r->out_len);
		if (s == GRAPH_NONE || fn(t, s, ctx) < 0)
			return -1;
	}
	return 0;
}

struct gather_ctx {
	uint8_t kind;
	const char *attr;
	const char *prefix;   /* label of the sym being gathered, or NULL */
};

static int
gather_sym(struct tf *t, uint32_t s, void *vctx)
{
	const struct gather_ctx *ctx = vctx;
	const struct sym *sym = &t->syms[s];
	size_t i;

	if (sym->state != SYM_DONE)
		return 0; /* a cycle: cut here */
	if (sym->local)
		t->saw_local = true;
	for (i = 0; i < sym->res_count; i++) {
		const struct target *r = &t->pool[sym->res_start + i];
		const char *via;

		if (t->mark[r->node] == t->stamp)
			continue;
		via = via_join(t, ctx->prefix, r->via);
		if (!via || tmp_add(t, r->node, ctx->kind, via, ctx->attr) < 0)
			return -1;
	}
	return 0;
}

/* Adds the targets of one reference (resolved in `mod`) to tmp. */
static int
gather_ref(struct tf *t, uint32_t mod, const char *s, size_t len, struct gather_ctx *ctx)
{
	struct ref r;
	uint32_t x;

	parse_ref(s, len, &r);
	switch (r.kind) {
	case REF_RESOURCE:
		for (x = res_first(t, mod, r.head, r.head_len); x != GRAPH_NONE;
		     x = t->nodes[x].next_same) {
			if (r.key && (t->nodes[x].key_len != r.key_len ||
				      memcmp(t->nodes[x].key, r.key, r.key_len) != 0))
				continue;
			if (tmp_add(t, x, ctx->kind, ctx->prefix, ctx->attr) < 0)
				return -1;
		}
		return 0;
	case REF_MODULE:
		if (!r.out) {
			const char *via;

			buf_reset(&t->via);
			buf_addf(&t->via, "module.%.*s", (int)r.head_len, r.head);
			via = graph_intern_buf(t->g, &t->via);
			if (!via)
				return -1;
			via = via_join(t, ctx->prefix, via);
			return via ? module_nodes(t, mod, r.head, r.head_len, r.key, r.key_len,
						  ctx->kind, via, ctx->attr)
				   : -1;
		}
		return ref_syms(t, mod, &r, gather_sym, ctx);
	case REF_VAR:
		return ref_syms(t, mod, &r, gather_sym, ctx);
	case REF_NONE:
		if (has(s, len, "local."))
			t->saw_local = true;
		return 0;
	}
	return 0;
}

/* Adds the targets of a list of reference strings (an expression's
 * "references", or a depends_on list). */
static int
gather_list(struct tf *t, uint32_t mod, const struct value *refs, bool filter,
	    struct gather_ctx *ctx)
{
	size_t i;

	if (refs->kind != VALUE_ARRAY)
		return 0;
	for (i = 0; i < refs->len; i++) {
		const struct value *s = &refs->u.items[i];

		if (s->kind != VALUE_STRING || (filter && is_prefix_listing(refs, i)))
			continue;
		if (gather_ref(t, mod, s->u.str, s->len, ctx) < 0)
			return -1;
	}
	return 0;
}

/* Calls fn on every "references" array in an expression tree, with the
 * attribute path in t->path (iteratively, members in key order). */
typedef int (*expr_fn)(struct tf *t, const struct value *refs, void *ctx);


static bool
is_expression(const struct value *v)
{
	const struct value *r = value_get(v, "references");

	if (r->kind == VALUE_ARRAY)
		return true;
	return v->len <= 2 && value_find_member(v, "constant_value", 14) >= 0;
}

/* Depth-first, members in key order, with a cursor per open container so
 * that t->path always spells the way down to the current node. */
struct expr_walk {
	struct tf *t;
	expr_fn fn;
	void *ctx;
};

static int
expr_step(void *vctx, const struct value *parent, size_t j, const struct value *child,
	  struct buf *path)
{
	struct expr_walk *w = vctx;

	if (child->kind == VALUE_OBJECT && is_expression(child)) {
		graph_path_step(path, parent, j);
		return w->fn(w->t, value_get(child, "references"), w->ctx) < 0 ? -1
									  : GRAPH_WALK_NEXT;
	}
	return GRAPH_WALK_DESCEND;
}

/* Every expression below root, with its attribute path in t->path
 * (starting from `base`). */
static int
walk_expressions(struct tf *t, const struct value *root, const char *base, expr_fn fn,
		 void *ctx)
{
	struct expr_walk w = { t, fn, ctx };

	buf_reset(&t->path);
	buf_addstr(&t->path, base);
	if (root->kind == VALUE_OBJECT && is_expression(root))
		return fn(t, value_get(root, "references"), ctx);
	return graph_walk(&t->walker, root, &t->path, expr_step, &w);
}

/* ---- symbols: var.x of a module instance, outputs of an instance ---- */

static uint32_t
sym_get(struct tf *t, uint32_t mod, char tag, const char *name, size_t len)
{
	uint32_t *slot;
	bool added;
	const char *kk;
	struct sym *s;
	void *p = t->syms;

	mod_key(&t->key, mod, tag, name, len);
	if (buf_failed(&t->key))
		return GRAPH_NONE;
	slot = (uint32_t *)graph_smap_get(&t->syms_by_key, t->key.data, t->key.len);
	if (slot)
		return *slot;
	kk = graph_intern_buf(t->g, &t->key);
	if (!kk || mem_grow_array(&p, &t->csyms, t->nsyms + 1, sizeof(*t->syms)) < 0)
		return GRAPH_NONE;
	t->syms = p;
	slot = graph_smap_slot(&t->syms_by_key, kk, t->key.len, (uint32_t)t->nsyms, &added);
	if (!slot)
		return GRAPH_NONE;
	s = &t->syms[t->nsyms];
	memset(s, 0, sizeof(*s));
	s->deps = &value_absent;
	buf_reset(&t->via);
	if (tag == 'v') {
		/* evaluated in the parent, from the call's arguments */
		s->mod = t->mods[mod].parent;
		s->expr = value_getn(value_get(t->mods[mod].call_config, "expressions"), name, len);
		label_add(&t->via, t->mods[mod].path, t->mods[mod].path_len, 160, true);
		buf_addstr(&t->via, ".var.");
		label_add(&t->via, name, len, 64, false);
	} else {
		const struct value *o = value_getn(value_get(t->mods[mod].config, "outputs"), name,
						   len);

		s->mod = mod;
		s->expr = value_get(o, "expression");
		s->deps = value_get(o, "depends_on");
		label_add(&t->via, t->mods[mod].path, t->mods[mod].path_len, 160, true);
		buf_addch(&t->via, '.');
		label_add(&t->via, name, len, 64, false);
	}
	s->label = graph_intern_buf(t->g, &t->via);
	if (!s->label)
		return GRAPH_NONE;
	return (uint32_t)t->nsyms++;
}

/* Listing the syms an expression leads to. */
struct subs_ctx {
	uint32_t *list;
	size_t n, cap;
};

static int
add_sub(struct tf *t, uint32_t s, void *vctx)
{
	struct subs_ctx *c = vctx;
	void *p = c->list;

	(void)t;
	if (mem_grow_array(&p, &c->cap, c->n + 1, sizeof(*c->list)) < 0)
		return -1;
	c->list = p;
	c->list[c->n++] = s;
	return 0;
}

static int
subs_of_list(struct tf *t, uint32_t mod, const struct value *refs, struct subs_ctx *c)
{
	size_t i;

	if (refs->kind != VALUE_ARRAY)
		return 0;
	for (i = 0; i < refs->len; i++) {
		struct ref r;

		if (refs->u.items[i].kind != VALUE_STRING)
			continue;
		parse_ref(refs->u.items[i].u.str, refs->u.items[i].len, &r);
		if ((r.kind == REF_VAR || (r.kind == REF_MODULE && r.out)) &&
		    ref_syms(t, mod, &r, add_sub, c) < 0)
			return -1;
	}
	return 0;
}

struct expr_subs {
	uint32_t mod;
	struct subs_ctx *c;
};

static int
expr_subs_fn(struct tf *t, const struct value *refs, void *vctx)
{
	struct expr_subs *e = vctx;

	return subs_of_list(t, e->mod, refs, e->c);
}

/* The syms an expression tree (and a depends_on list) lead to. */
static int
list_subs(struct tf *t, uint32_t mod, const struct value *expr, const struct value *deps,
	  uint32_t **out, size_t *n)
{
	struct subs_ctx c = { NULL, 0, 0 };
	struct expr_subs e = { mod, &c };

	*out = NULL;
	*n = 0;
	if (walk_expressions(t, expr, "", expr_subs_fn, &e) < 0 ||
	    subs_of_list(t, mod, deps, &c) < 0) {
		mem_free(c.list);
		return -1;
	}
	*out = c.list;
	*n = c.n;
	return 0;
}

struct expr_gather {
	uint32_t mod;
	struct gather_ctx *g;
};

static int
expr_gather_fn(struct tf *t, const struct value *refs, void *vctx)
{
	struct expr_gather *e = vctx;

	return gather_list(t, e->mod, refs, true, e->g);
}

/* Pushes a new sym on the resolution stack, listing what it leads to. */
static int
sym_push(struct tf *t, size_t *top, uint32_t sub)
{
	struct sym *ss = &t->syms[sub];
	void *p = t->stack;
	uint32_t *subs;
	size_t nsubs;

	if (mem_grow_array(&p, &t->cstack, *top + 1, sizeof(*t->stack)) < 0)
		return -1;
	t->stack = p;
	ss->state = SYM_BUSY;
	if (list_subs(t, ss->mod, ss->expr, ss->deps, &subs, &nsubs) < 0)
		return -1;
	/* list_subs may have grown (moved) t->syms: look the sym up again */
	ss = &t->syms[sub];
	ss->subs = subs;
	ss->nsubs = nsubs;
	t->stack[(*top)++] = sub;
	return 0;
}

/* Resolves the sym on top of the stack once all it leads to is. */
static int
sym_finish(struct tf *t, uint32_t id)
{
	struct gather_ctx ctx;
	struct expr_gather eg;
	struct sym *s = &t->syms[id];
	size_t k;
	void *p;

	gather_begin(t);
	t->saw_local = false;
	ctx.kind = GRAPH_EDGE_REFERENCE;
	ctx.attr = NULL;
	ctx.prefix = s->label;
	eg.mod = s->mod;
	eg.g = &ctx;
	if (s->mod != GRAPH_NONE &&
	    (walk_expressions(t, s->expr, "", expr_gather_fn, &eg) < 0 ||
	     gather_list(t, s->mod, s->deps, false, &ctx) < 0))
		return -1;
	s = &t->syms[id];
	s->local = t->saw_local;
	p = t->pool;
	if (mem_grow_array(&p, &t->cpool, t->npool + t->ntmp + 1, sizeof(*t->pool)) < 0)
		return -1;
	t->pool = p;
	s->res_start = (uint32_t)t->npool;
	s->res_count = (uint32_t)t->ntmp;
	for (k = 0; k < t->ntmp; k++)
		t->pool[t->npool++] = t->tmp[k];
	s->state = SYM_DONE;
	mem_free(s->subs);
	s->subs = NULL;
	s->nsubs = 0;
	return 0;
}

/* Makes sure the syms are resolved: depth first with an explicit stack;
 * a sym met again while on the stack is a cycle and is cut there. */
static int
ensure_syms(struct tf *t, const uint32_t *subs, size_t nsubs)
{
	size_t i, top = 0;

	for (i = 0; i < nsubs; i++) {
		if (t->syms[subs[i]].state != SYM_NEW)
			continue;
		if (sym_push(t, &top, subs[i]) < 0)
			return -1;
		while (top) {
			uint32_t id = t->stack[top - 1];
			struct sym *s = &t->syms[id];

			if (s->cursor < s->nsubs) {
				uint32_t sub = s->subs[s->cursor++];

				if (t->syms[sub].state == SYM_NEW && sym_push(t, &top, sub) < 0)
					return -1;
				continue;
			}
			if (sym_finish(t, id) < 0)
				return -1;
			top--;
		}
	}
	return 0;
}

/* ---- edges of one configuration block ---- */

struct block {
	uint32_t from;          /* the dependent node */
	uint32_t mod;           /* where its references resolve */
	const struct value *expressions, *count, *for_each, *depends_on;
	const char *prefix;     /* attribute prefix ("module.m." for a call), or "" */
};

static void
block_init(struct block *b, uint32_t from, uint32_t mod, const struct value *cfg,
	   const char *exprs_key, const char *prefix)
{
	b->from = from;
	b->mod = mod;
	b->expressions = exprs_key ? value_get(cfg, exprs_key) : &value_absent;
	b->count = value_get(cfg, "count_expression");
	b->for_each = value_get(cfg, "for_each_expression");
	b->depends_on = value_get(cfg, "depends_on");
	b->prefix = prefix;
}

/* Resolves every sym a block leads to. */
static int
block_ensure(struct tf *t, const struct block *b)
{
	const struct value *parts[3] = { b->expressions, b->count, b->for_each };
	uint32_t *subs;
	size_t n, i;
	int rc;

	for (i = 0; i < 3; i++) {
		if (list_subs(t, b->mod, parts[i], i == 0 ? b->depends_on : &value_absent, &subs,
			      &n) < 0)
			return -1;
		rc = ensure_syms(t, subs, n);
		mem_free(subs);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Where one block's targets go: edges from a node, or a module's pool. */
struct sink {
	uint32_t from;          /* GRAPH_NONE: to the pool */
};

static int
flush_tmp(struct tf *t, const struct sink *sk)
{
	size_t k;
	void *p;

	if (sk->from != GRAPH_NONE) {
		for (k = 0; k < t->ntmp; k++)
			if (graph_add_edge(t->g, sk->from, t->tmp[k].node, t->tmp[k].kind, 0,
					   t->tmp[k].attr, t->tmp[k].via) < 0)
				return -1;
		return 0;
	}
	p = t->pool;
	if (mem_grow_array(&p, &t->cpool, t->npool + t->ntmp + 1, sizeof(*t->pool)) < 0)
		return -1;
	t->pool = p;
	for (k = 0; k < t->ntmp; k++)
		t->pool[t->npool++] = t->tmp[k];
	return 0;
}

/* The attribute name of an expression: prefix + t->path, made once per
 * expression of the configuration (whose instances all share it). */
static const char *
expr_attr(struct tf *t, const struct value *refs, const char *prefix)
{
	bool added;
	uint32_t *slot = graph_imap_slot(&t->attr_of, (uint64_t)(uintptr_t)refs,
					 (uint32_t)t->nattrs, &added);
	void *p = t->attrs;

	if (!slot)
		return NULL;
	if (!added)
		return t->attrs[*slot];
	if (mem_grow_array(&p, &t->cattrs, t->nattrs + 1, sizeof(*t->attrs)) < 0)
		return NULL;
	t->attrs = p;
	buf_reset(&t->via);
	buf_addstr(&t->via, prefix);
	buf_add(&t->via, t->path.data, t->path.len);
	t->attrs[t->nattrs] = graph_intern_buf(t->g, &t->via);
	return t->attrs[t->nattrs++];
}

struct block_walk {
	const struct block *b;
	const struct sink *sk;
	uint8_t kind;
};

static int
block_expr_fn(struct tf *t, const struct value *refs, void *vctx)
{
	struct block_walk *w = vctx;
	struct gather_ctx ctx;

	if (refs->kind != VALUE_ARRAY || !refs->len)
		return 0;
	gather_begin(t);
	ctx.kind = w->kind;
	ctx.prefix = NULL;
	ctx.attr = expr_attr(t, refs, w->b->prefix);
	if (!ctx.attr || gather_list(t, w->b->mod, refs, true, &ctx) < 0)
		return -1;
	return flush_tmp(t, w->sk);
}

/* Adds a block's REFERENCE and DEPENDS_ON targets to the sink. */
static int
block_edges(struct tf *t, const struct block *b, const struct sink *sk)
{
	struct block_walk w = { b, sk, GRAPH_EDGE_REFERENCE };
	struct gather_ctx ctx;

	if (block_ensure(t, b) < 0)
		return -1;
	if (walk_expressions(t, b->expressions, "", block_expr_fn, &w) < 0 ||
	    walk_expressions(t, b->count, "count", block_expr_fn, &w) < 0 ||
	    walk_expressions(t, b->for_each, "for_each", block_expr_fn, &w) < 0)
		return -1;
	if (b->depends_on->kind != VALUE_ARRAY || !b->depends_on->len)
		return 0;
	gather_begin(t);
	ctx.kind = GRAPH_EDGE_DEPENDS_ON;
	ctx.prefix = NULL;
	buf_reset(&t->path);
	buf_addstr(&t->path, "depends_on");
	ctx.attr = expr_attr(t, b->depends_on, b->prefix);
	if (!ctx.attr || gather_list(t, b->mod, b->depends_on, false, &ctx) < 0)
		return -1;
	return flush_tmp(t, sk);
}

/* A module call's count, for_each and depends_on reach everything inside
 * the module: resolved once per instance (in its parent) into the pool. */
static int
module_calls(struct tf *t)
{
	size_t m;

	for (m = 1; m < t->nmods; m++) {
		struct mod *md = &t->mods[m];
		struct block b;
		struct sink sk = { GRAPH_NONE };
		const char *prefix;

		buf_reset(&t->via);
		buf_addf(&t->via, "module.%.*s.", (int)md->call_len, md->call);
		prefix = graph_intern_buf(t->g, &t->via);
		if (!prefix)
			return -1;
		block_init(&b, GRAPH_NONE, md->parent, md->call_config, NULL, prefix);
		t->mods[m].inh_start = (uint32_t)t->npool;
		if (block_edges(t, &b, &sk) < 0)
			return -1;
		md = &t->mods[m];
		md->inh_count = (uint32_t)(t->npool - md->inh_start);
	}
	return 0;
}

static int
inherited_edges(struct tf *t, uint32_t node)
{
	uint32_t m;

	for (m = t->nodes[node].mod; m != GRAPH_NONE && m != 0; m = t->mods[m].parent) {
		size_t k;

		for (k = 0; k < t->mods[m].inh_count; k++) {
			const struct target *tg = &t->pool[t->mods[m].inh_start + k];

			if (graph_add_edge(t->g, node, tg->node, tg->kind, 0, tg->attr, tg->via) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- providers ---- */

static uint32_t
provider_node(struct tf *t, const char *key, size_t len)
{
	const uint32_t *v = graph_smap_get(&t->g->by_native, key, len);

	if (v && plan_change_at(t->g->plan, *v)->mode == PLAN_MODE_PROVIDER)
		return *v;
	v = graph_smap_get(&t->g->by_address, key, len);
	if (v && plan_change_at(t->g->plan, *v)->mode == PLAN_MODE_PROVIDER)
		return *v;
	return GRAPH_NONE;
}

/* A resource -> the provider configuration it uses.  Terraform 0.12/0.13
 * wrote keys as "<call>:<name>"; the configuration map has them under
 * the module's full static path. */
static int
provider_edge(struct tf *t, uint32_t node, const struct value *cfg)
{
	const struct value *k = value_get(cfg, "provider_config_key");
	const char *colon;
	uint32_t p;

	if (k->kind != VALUE_STRING)
		return 0;
	p = provider_node(t, k->u.str, k->len);
	colon = strrchr(k->u.str, ':');
	if (p == GRAPH_NONE && colon && !has(k->u.str, k->len, "module.")) {
		buf_reset(&t->via);
		smod_path(t, t->mods[t->nodes[node].mod].smod, &t->via);
		buf_addf(&t->via, ":%s", colon + 1);
		if (buf_failed(&t->via))
			return -1;
		p = provider_node(t, t->via.data, t->via.len);
	}
	if (p == GRAPH_NONE)
		return 0;
	return graph_add_edge(t->g, node, p, GRAPH_EDGE_PROVIDER, 0, "provider", NULL);
}

/* A provider configuration's own references, resolved in every instance
 * of the module that declares it. */
static int
provider_refs(struct tf *t)
{
	size_t i;

	for (i = 0; i < t->g->n; i++) {
		const struct plan_change *c = plan_change_at(t->g->plan, i);
		const struct value *cfg;
		const char *maddr;
		uint32_t sm, m;

		if (c->mode != PLAN_MODE_PROVIDER || t->g->primary[i] != i)
			continue;
		cfg = value_get(t->provider_config, c->native_id);
		if (cfg->kind != VALUE_OBJECT)
			continue;
		maddr = value_str(value_get(cfg, "module_address"));
		if (!maddr)
			maddr = "";
		sm = smod_find(t, maddr, strlen(maddr));
		if (sm == GRAPH_NONE && *maddr && !has(maddr, strlen(maddr), "module.")) {
			buf_reset(&t->via);
			buf_addf(&t->via, "module.%s", maddr);
			if (buf_failed(&t->via))
				return -1;
			sm = smod_find(t, t->via.data, t->via.len);
		}
		for (m = sm != GRAPH_NONE ? t->smods[sm].first_mod : GRAPH_NONE; m != GRAPH_NONE;
		     m = t->mods[m].next_static) {
			struct block b;
			struct sink sk = { (uint32_t)i };

			block_init(&b, (uint32_t)i, m, cfg, "expressions", "");
			if (block_edges(t, &b, &sk) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- prior state ---- */

/* "module.a.aws_x.y" (static, keys optional) -> nodes; within the
 * dependent's own module instance when the module is the same. */
static int
state_dep(struct tf *t, uint32_t from, const char *s, size_t len)
{
	size_t pos = 0, n, head, klen;
	const char *key;
	uint32_t m, sm = t->nsmods ? 0 : GRAPH_NONE, own = t->nodes[from].mod;
	struct step st;
	struct gather_ctx ctx;
	bool added;

	/* the configuration module, instance keys left out */
	while (sm != GRAPH_NONE && (n = module_step(s + pos, len - pos, &st, true)) != 0) {
		sm = step_slot(t, &t->smod_by_step, sm, st.call, st.call_len, false, 0, &added);
		if (sm == GRAPH_NONE - 1)
			return -1;
		pos += n;
	}
	head = sm != GRAPH_NONE ? resource_head(s + pos, len - pos) : 0;
	if (!head)
		return 0;
	klen = key_len_at(s + pos + head, len - pos - head);
	key = klen ? s + pos + head : NULL;
	gather_begin(t);
	ctx.kind = GRAPH_EDGE_STATE;
	ctx.attr = "depends_on (prior state)";
	ctx.prefix = NULL;
	for (m = t->smods[sm].first_mod; m != GRAPH_NONE; m = t->mods[m].next_static) {
		uint32_t x;

		/* within the dependent's own instance when it is the same module */
		if (own != GRAPH_NONE && t->mods[own].smod == sm && m != own)
			continue;
		for (x = res_first(t, m, s + pos, head); x != GRAPH_NONE; x = t->nodes[x].next_same) {
			if (key && (t->nodes[x].key_len != klen || memcmp(t->nodes[x].key, key, klen)))
				continue;
			if (!graph_has_pair(t->g, from, x) && tmp_add(t, x, ctx.kind, NULL, ctx.attr) < 0)
				return -1;
		}
	}
	{
		struct sink sk = { from };

		return flush_tmp(t, &sk);
	}
}

static int
state_edges(struct tf *t)
{
	size_t i, j;

	for (i = 0; i < t->g->n; i++) {
		const struct plan_change *c = plan_change_at(t->g->plan, i);
		const struct value *deps = value_get(&c->extra, "depends_on");
		uint32_t from = t->g->primary[i];

		if (deps->kind != VALUE_ARRAY || t->nodes[from].mod == GRAPH_NONE)
			continue;
		for (j = 0; j < deps->len; j++)
			if (deps->u.items[j].kind == VALUE_STRING &&
			    state_dep(t, from, deps->u.items[j].u.str, deps->u.items[j].len) < 0)
				return -1;
	}
	return 0;
}

/* ---- weak edges: an attribute equal to another resource's id or ARN ---- */

#define WEAK_MIN_LEN 8
#define WEAK_AMBIGUOUS (GRAPH_NONE - 1)
#define WEAK_BLOOM_BITS (1u << 16)

/* Most attribute strings are not ids: a bit per (length, first, middle
 * and last byte) of the ids rules them out before hashing. */
static uint32_t
bloom_bit(const char *s, size_t len)
{
	return (uint32_t)(len * 131 + (unsigned char)s[0] * 31 + (unsigned char)s[len / 2] * 17 +
			  (unsigned char)s[len - 1]) &
	       (WEAK_BLOOM_BITS - 1);
}

struct ids {
	struct graph_smap map;        /* id or ARN -> node, or WEAK_AMBIGUOUS */
	uint64_t bloom[WEAK_BLOOM_BITS / 64];
};

static int
index_ids(struct tf *t, struct ids *ids)
{
	static const char *const keys[] = { "id", "arn" };
	size_t i, k, side;

	if (graph_smap_reserve(&ids->map, t->g->n * 2) < 0)
		return -1;
	for (i = 0; i < t->g->n; i++) {
		const struct plan_change *c = plan_change_at(t->g->plan, i);
		const struct value *sides[2] = { &c->before, &c->after };

		if (t->g->primary[i] != i || c->mode != PLAN_MODE_MANAGED ||
		    t->nodes[i].mod == GRAPH_NONE)
			continue;
		for (side = 0; side < 2; side++)
			for (k = 0; k < 2; k++) {
				const struct value *v = value_get(sides[side], keys[k]);
				uint32_t *slot, bit;
				bool added;

				if (v->kind != VALUE_STRING || v->len < WEAK_MIN_LEN)
					continue;
				slot = graph_smap_slot(&ids->map, v->u.str, v->len, (uint32_t)i, &added);
				if (!slot)
					return -1;
				if (!added && *slot != i)
					*slot = WEAK_AMBIGUOUS;
				bit = bloom_bit(v->u.str, v->len);
				ids->bloom[bit / 64] |= (uint64_t)1 << (bit % 64);
			}
	}
	return 0;
}

static uint32_t
id_node(const struct ids *ids, const struct value *s)
{
	const uint32_t *hit;
	uint32_t bit;

	if (s->len < WEAK_MIN_LEN)
		return GRAPH_NONE;
	bit = bloom_bit(s->u.str, s->len);
	if (!(ids->bloom[bit / 64] & ((uint64_t)1 << (bit % 64))))
		return GRAPH_NONE;
	hit = graph_smap_get(&ids->map, s->u.str, s->len);
	return hit && *hit != WEAK_AMBIGUOUS ? *hit : GRAPH_NONE;
}

struct weak_walk {
	struct tf *t;
	const struct ids *ids;
	uint32_t from;
};

static int
weak_step(void *vctx, const struct value *parent, size_t j, const struct value *child,
	  struct buf *path)
{
	struct weak_walk *w = vctx;
	const char *attr;
	uint32_t hit;

	if (child->kind != VALUE_STRING)
		return GRAPH_WALK_DESCEND;
	hit = id_node(w->ids, child);
	if (hit == GRAPH_NONE || hit == w->from)
		return GRAPH_WALK_NEXT;
	graph_path_step(path, parent, j);
	attr = graph_intern_buf(w->t->g, path);
	if (!attr || graph_add_edge(w->t->g, w->from, hit, GRAPH_EDGE_VALUE, GRAPH_EDGE_WEAK, attr,
				    NULL) < 0)
		return -1;
	return GRAPH_WALK_NEXT;
}

static int
weak_scan(struct tf *t, const struct ids *ids, uint32_t from, const struct value *root)
{
	struct weak_walk w = { t, ids, from };

	buf_reset(&t->path);
	return graph_walk(&t->walker, root, &t->path, weak_step, &w);
}

static int
weak_edges(struct tf *t)
{
	struct ids *ids = mem_calloc(1, sizeof(*ids));
	size_t i;
	int rc = -1;

	if (!ids || index_ids(t, ids) < 0)
		goto out;
	if (ids->map.count)
		for (i = 0; i < t->g->n; i++) {
			const struct plan_change *c = plan_change_at(t->g->plan, i);

			if (t->g->primary[i] != i || t->nodes[i].mod == GRAPH_NONE ||
			    c->mode == PLAN_MODE_PROVIDER)
				continue;
			if (weak_scan(t, ids, (uint32_t)i, graph_change_object(c)) < 0)
				goto out;
		}
	rc = 0;
out:
	if (ids)
		graph_smap_release(&ids->map);
	mem_free(ids);
	return rc;
}

/* ---- entry point ---- */

static int
resource_edges(struct tf *t)
{
	size_t i;

	for (i = 0; i < t->g->n; i++) {
		const struct value *cfg;
		struct block b;
		struct sink sk = { (uint32_t)i };

		if (t->nodes[i].mod == GRAPH_NONE)
			continue;
		if (inherited_edges(t, (uint32_t)i) < 0)
			return -1;
		cfg = node_config(t, (uint32_t)i);
		if (!cfg)
			continue;
		block_init(&b, (uint32_t)i, t->nodes[i].mod, cfg, "expressions", "");
		if (block_ensure(t, &b) < 0)
			return -1;
		t->saw_local = false;
		if (block_edges(t, &b, &sk) < 0 || provider_edge(t, (uint32_t)i, cfg) < 0)
			return -1;
		if (t->saw_local)
			t->g->lost_locals++;
	}
	return 0;
}

int
graph_tf_extract(struct graph *g, struct error *err)
{
	struct tf t;
	const struct value *config = plan_section_value(g->plan, "configuration");
	size_t i;
	int rc = -1;

	memset(&t, 0, sizeof(t));
	t.g = g;
	t.root_config = value_get(config, "root_module");
	t.provider_config = value_get(config, "provider_config");
	buf_init(&t.key);
	buf_init(&t.path);
	buf_init(&t.via);
	t.nodes = mem_calloc(g->n ? g->n : 1, sizeof(*t.nodes));
	t.mark = mem_calloc(g->n ? g->n : 1, sizeof(*t.mark));
	if (!t.nodes || !t.mark || index_nodes(&t) < 0)
		goto out;
	t.mstack = mem_alloc((t.nmods ? t.nmods : 1) * sizeof(*t.mstack));
	if (!t.mstack)
		goto out;
	if (module_calls(&t) < 0 || resource_edges(&t) < 0 || provider_refs(&t) < 0 ||
	    state_edges(&t) < 0 || weak_edges(&t) < 0)
		goto out;
	rc = 0;
out:
	for (i = 0; i < t.nsyms; i++)
		mem_free(t.syms[i].subs);
	mem_free(t.syms);
	mem_free(t.mods);
	mem_free(t.nodes);
	mem_free(t.mark);
	mem_free(t.pool);
	mem_free(t.tmp);
	mem_free(t.stack);
	mem_free(t.mstack);
	graph_walker_release(&t.walker);
	mem_free(t.attrs);
	graph_imap_release(&t.attr_of);
	mem_free(t.smods);
	graph_smap_release(&t.mod_by_step);
	graph_smap_release(&t.smod_by_step);
	graph_smap_release(&t.res);
	graph_smap_release(&t.cfgres);
	graph_smap_release(&t.syms_by_key);
	buf_release(&t.key);
	buf_release(&t.path);
	buf_release(&t.via);
	return rc < 0 ? error_set(err, ERROR_NOMEM, "out of memory") : 0;
}
