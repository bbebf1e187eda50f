/* pulumi_value.c - Pulumi property values -> value trees (see pulumi_value.h). */
#include "pulumi_value.h"

#include <string.h>

#include "buf.h"
#include "digest.h"
#include "json.h"
#include "mem.h"

#define SIG_LEN 32

static int
nomem(struct error *err)
{
	return error_set(err, ERROR_NOMEM, "out of memory");
}

static bool
str_is(const char *s, size_t len, const char *lit)
{
	size_t n = strlen(lit);

	return len == n && memcmp(s, lit, n) == 0;
}

static bool
memmem_has(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n > len)
		return false;
	for (i = 0; i + n <= len; i++) {
		const char *p = memchr(hay + i, needle[0], len - n + 1 - i);

		if (!p)
			return false;
		i = (size_t)(p - hay);
		if (memcmp(p, needle, n) == 0)
			return true;
	}
	return false;
}

void
pulumi_values_init(struct pulumi_values *pv, struct plan *plan, const char *text, size_t len,
		   const char *path, bool foreign)
{
	memset(pv, 0, sizeof(*pv));
	pv->plan = plan;
	pv->text = text;
	pv->len = len;
	pv->path = path;
	pv->foreign = foreign;
	/* A signature key written with \u escapes still has to be found, so
	 * any escape sends values through the token pass too. */
	pv->maybe_sig = memmem_has(text, len, PULUMI_SIG_KEY) || memmem_has(text, len, "\\u");
}

/* ---- pass 1: where the secrets are ---- */

struct scan_frame {
	size_t key_off;      /* this container's KEY token in its parent object (0: none) */
	size_t index;        /* its position in the parent array */
	size_t count;        /* elements so far, for arrays */
	size_t marks_base;   /* first mark of its children */
	unsigned char kind;  /* '{' or '[' */
	bool secret_sig, output_sig, secret_true, secure;
};

struct scan_mark {
	size_t key_off;
	size_t index;
	struct value mask;
};

struct scan {
	struct pulumi_values *pv;
	struct value_builder vb;   /* the masks' arena and keys */
	struct error *err;
	struct scan_frame *frames;
	size_t nframes, cframes;
	struct scan_mark *marks;
	size_t nmarks, cmarks;
};

static int
reread_key(struct scan *s, size_t key_off, const char **key, size_t *len)
{
	struct json_reader r;
	int rc = -1;

	json_reader_init(&r, s->pv->text, s->pv->len, key_off, s->pv->path);
	if (json_reader_next(&r, s->err) < 0)
		goto out;
	if (r.tok != JSON_STRING) {
		json_reader_fail(&r, s->err, ERROR_INTERNAL, key_off, "expected an object key");
		goto out;
	}
	*key = value_intern_key(&s->vb, r.str, r.str_len);
	*len = r.str_len;
	if (!*key) {
		nomem(s->err);
		goto out;
	}
	rc = 0;
out:
	json_reader_release(&r);
	return rc;
}

/* The mask of a closed container from its flags and its children's marks. */
static int
close_frame(struct scan *s, const struct scan_frame *f, struct value *mask, bool *have)
{
	size_t n = s->nmarks - f->marks_base, i;
	const struct scan_mark *m = n ? s->marks + f->marks_base : NULL;

	*have = false;
	if (f->secret_sig || (f->output_sig && f->secret_true) || f->secure) {
		memset(mask, 0, sizeof(*mask));
		mask->kind = VALUE_BOOL;
		mask->u.b = true;
		*have = true;
		return 0;
	}
	if (!n)
		return 0;
	if (f->kind == '{') {
		struct value_member *ms = arena_alloc(s->vb.arena, n * sizeof(*ms));

		if (!ms)
			return nomem(s->err);
		for (i = 0; i < n; i++) {
			size_t klen = 0;

			if (reread_key(s, m[i].key_off, &ms[i].key, &klen) < 0)
				return -1;
			ms[i].key_len = (uint32_t)klen;
			ms[i].value = m[i].mask;
		}
		if (value_make_object(&s->vb, ms, n, mask, NULL) < 0)
			return nomem(s->err);
	} else {
		size_t len = m[n - 1].index + 1;
		struct value *items = arena_alloc(s->vb.arena, len * sizeof(*items));

		if (!items || len > UINT32_MAX)
			return nomem(s->err);
		for (i = 0; i < n; i++)
			items[m[i].index] = m[i].mask;
		memset(mask, 0, sizeof(*mask));
		mask->kind = VALUE_ARRAY;
		mask->len = (uint32_t)len;
		mask->u.items = items;
	}
	*have = true;
	return 0;
}

/* Walks the value at `off` and builds a mask marking every secret
 * signature object (and {"secure": ...} with PULUMI_READ_CONFIG).
 * *mask is value_absent when there is none.  Never recurses. */
static int
scan_secrets(struct scan *s, size_t off, unsigned flags, struct value *mask)
{
	enum { EXPECT_NONE, EXPECT_SIG, EXPECT_SECRET_FLAG, EXPECT_SECURE } expect = EXPECT_NONE;
	struct json_reader r;
	size_t key_off = 0;
	int rc = -1;

	*mask = value_absent;
	json_reader_init(&r, s->pv->text, s->pv->len, off, s->pv->path);
	for (;;) {
		struct scan_frame *top;

		if (json_reader_next(&r, s->err) < 0)
			goto out;
		top = s->nframes ? &s->frames[s->nframes - 1] : NULL;
		switch (r.tok) {
		case JSON_EOF:
			rc = 0;
			goto out;
		case JSON_KEY:
			key_off = r.tok_off;
			expect = EXPECT_NONE;
			if (str_is(r.str, r.str_len, PULUMI_SIG_KEY))
				expect = EXPECT_SIG;
			else if (str_is(r.str, r.str_len, "secret"))
				expect = EXPECT_SECRET_FLAG;
			else if ((flags & PULUMI_READ_CONFIG) && str_is(r.str, r.str_len, "secure"))
				expect = EXPECT_SECURE;
			continue;
		case JSON_OBJECT_BEGIN:
		case JSON_ARRAY_BEGIN: {
			struct scan_frame *f;
			void *p = s->frames;

			if (mem_grow_array(&p, &s->cframes, s->nframes + 1, sizeof(*s->frames)) < 0) {
				nomem(s->err);
				goto out;
			}
			s->frames = p;
			top = s->nframes ? &s->frames[s->nframes - 1] : NULL;
			f = &s->frames[s->nframes++];
			memset(f, 0, sizeof(*f));
			f->kind = r.tok == JSON_OBJECT_BEGIN ? '{' : '[';
			f->marks_base = s->nmarks;
			if (top && top->kind == '{')
				f->key_off = key_off;
			else if (top)
				f->index = top->count++;
			expect = EXPECT_NONE;
			continue;
		}
		case JSON_OBJECT_END:
		case JSON_ARRAY_END: {
			struct scan_frame f = s->frames[--s->nframes];
			struct value m;
			bool have;

			if (close_frame(s, &f, &m, &have) < 0)
				goto out;
			s->nmarks = f.marks_base;
			if (!have)
				continue;
			if (!s->nframes) {
				*mask = m;
				continue;
			}
			{
				void *p = s->marks;

				if (mem_grow_array(&p, &s->cmarks, s->nmarks + 1, sizeof(*s->marks)) <
				    0) {
					nomem(s->err);
					goto out;
				}
				s->marks = p;
				s->marks[s->nmarks].key_off = f.key_off;
				s->marks[s->nmarks].index = f.index;
				s->marks[s->nmarks].mask = m;
				s->nmarks++;
			}
			continue;
		}
		default:
			if (top && top->kind == '[')
				top->count++;
			if (top && expect == EXPECT_SIG && r.tok == JSON_STRING) {
				if (str_is(r.str, r.str_len, PULUMI_SIG_SECRET))
					top->secret_sig = true;
				else if (str_is(r.str, r.str_len, PULUMI_SIG_OUTPUT))
					top->output_sig = true;
			} else if (top && expect == EXPECT_SECRET_FLAG && r.tok == JSON_TRUE) {
				top->secret_true = true;
			} else if (top && expect == EXPECT_SECURE && r.tok == JSON_STRING) {
				top->secure = true;
			}
			expect = EXPECT_NONE;
			continue;
		}
	}
out:
	json_reader_release(&r);
	return rc;
}

/* ---- pass 3: signature objects, __defaults, secrets' digests ---- */

struct fix {
	struct pulumi_values *pv;
	struct value_builder *vb;
	struct value *refs;
	size_t nrefs, crefs;
	struct error *err;
};

/* A secret whose ciphertext is the blinding crypter's "[secret]": every
 * such secret has the same text, so its digest says nothing. */
static bool
secret_is_blinded(const struct pulumi_values *pv, const struct value_secret *sec)
{
	struct json_reader r;
	bool blinded = false;

	if (!(sec->flags & VALUE_SECRET_HAS_LOCATION) || sec->offset + sec->length > pv->len)
		return false;
	json_reader_init(&r, pv->text, (size_t)(sec->offset + sec->length), (size_t)sec->offset,
			 pv->path);
	if (json_reader_next(&r, NULL) < 0 || r.tok != JSON_OBJECT_BEGIN)
		goto out;
	for (;;) {
		bool is_ct;

		if (json_reader_next(&r, NULL) < 0 || r.tok != JSON_KEY)
			break;
		is_ct = str_is(r.str, r.str_len, "ciphertext");
		if (json_reader_next(&r, NULL) < 0)
			break;
		if (is_ct && r.tok == JSON_STRING && str_is(r.str, r.str_len, PULUMI_SECRET_TEXT))
			blinded = true;
		if (json_reader_skip(&r, NULL) < 0)
			break;
	}
out:
	json_reader_release(&r);
	return blinded;
}

static int
fix_value(struct fix *f, const struct value *in, struct value *out, unsigned depth);

static int
add_ref(struct fix *f, const struct value *urn)
{
	void *p = f->refs;

	if (urn->kind != VALUE_STRING || !urn->len)
		return 0;
	if (mem_grow_array(&p, &f->crefs, f->nrefs + 1, sizeof(*f->refs)) < 0)
		return nomem(f->err);
	f->refs = p;
	f->refs[f->nrefs++] = *urn;
	return 0;
}

static int
member(struct fix *f, struct value_member *m, const char *key, const struct value *v)
{
	m->key = value_intern_key(f->vb, key, strlen(key));
	m->key_len = (uint32_t)strlen(key);
	m->value = *v;
	return m->key ? 0 : nomem(f->err);
}

/* {"asset": HASH, "path"|"uri": ...} or {"archive": HASH, ..., "assets": {...}} */
static int
compact_blob(struct fix *f, const struct value *in, bool archive, struct value *out,
	     unsigned depth)
{
	static const char *const keep[] = { "path", "uri" };
	struct value_member ms[4];
	const struct value *hash = value_get(in, "hash");
	size_t n = 0, i;

	if (member(f, &ms[n++], archive ? "archive" : "asset",
		   hash->kind == VALUE_STRING ? hash : &value_null) < 0)
		return -1;
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		const struct value *v = value_get(in, keep[i]);

		if (v->kind == VALUE_STRING && member(f, &ms[n++], keep[i], v) < 0)
			return -1;
	}
	if (archive && value_get(in, "assets")->kind == VALUE_OBJECT) {
		struct value assets;

		if (fix_value(f, value_get(in, "assets"), &assets, depth + 1) < 0 ||
		    member(f, &ms[n++], "assets", &assets) < 0)
			return -1;
	}
	if (value_make_object(f->vb, ms, n, out, NULL) < 0)
		return nomem(f->err);
	return 1;
}

static int
fix_signature(struct fix *f, const struct value *in, const struct value *sig, struct value *out,
	      unsigned depth)
{
	if (str_is(sig->u.str, sig->len, PULUMI_SIG_ASSET))
		return compact_blob(f, in, false, out, depth);
	if (str_is(sig->u.str, sig->len, PULUMI_SIG_ARCHIVE))
		return compact_blob(f, in, true, out, depth);
	if (str_is(sig->u.str, sig->len, PULUMI_SIG_RESOURCE)) {
		const struct value *urn = value_get(in, "urn");

		if (urn->kind != VALUE_STRING)
			return -2; /* not a usable reference: keep the object */
		if (add_ref(f, urn) < 0)
			return -1;
		*out = *urn;
		return 1;
	}
	if (str_is(sig->u.str, sig->len, PULUMI_SIG_OUTPUT)) {
		const struct value *deps = value_get(in, "dependencies"), *v = value_get(in, "value");
		size_t i;

		for (i = 0; deps->kind == VALUE_ARRAY && i < deps->len; i++)
			if (add_ref(f, &deps->u.items[i]) < 0)
				return -1;
		if (v->kind == VALUE_ABSENT || !value_bool(value_get(in, "known"), true)) {
			*out = value_unknown;
			return 1;
		}
		if (fix_value(f, v, out, depth + 1) < 0)
			return -1;
		return 1;
	}
	if (str_is(sig->u.str, sig->len, PULUMI_SIG_BYTES)) {
		struct value_member m;

		if (member(f, &m, "bytes", value_get(in, "value")) < 0)
			return -1;
		if (value_make_object(f->vb, &m, 1, out, NULL) < 0)
			return nomem(f->err);
		return 1;
	}
	if (str_is(sig->u.str, sig->len, PULUMI_SIG_SECRET)) {
		/* The token pass masks these; should one get here, hide it. */
		struct value_secret *sec = arena_alloc(f->vb->arena, sizeof(*sec));

		if (!sec)
			return nomem(f->err);
		sec->inner_kind = VALUE_STRING;
		memset(out, 0, sizeof(*out));
		out->kind = VALUE_SENSITIVE;
		out->u.secret = sec;
		return 1;
	}
	return -2; /* a signature from the future: an ordinary object */
}

/* Returns 1 when *out differs from *in, 0 when *out == *in, -1 on error. */
static int
fix_value(struct fix *f, const struct value *in, struct value *out, unsigned depth)
{
	size_t i, n = 0;
	int rc;

	*out = *in;
	if (depth > JSON_MAX_DEPTH_DEFAULT + 8)
		return 0; /* cannot happen: the reader bounds the depth */
	switch (in->kind) {
	case VALUE_SENSITIVE: {
		const struct value_secret *sec = in->u.secret;
		bool blinded = secret_is_blinded(f->pv, sec);
		struct value_secret *copy;

		if (!blinded && !(f->pv->foreign && (sec->flags & VALUE_SECRET_HAS_LOCATION)))
			return 0;
		copy = arena_alloc(f->vb->arena, sizeof(*copy));
		if (!copy)
			return nomem(f->err);
		*copy = *sec;
		copy->flags &= (uint8_t)~VALUE_SECRET_HAS_LOCATION;
		copy->offset = 0;
		copy->length = 0;
		if (blinded) {
			copy->flags &= (uint8_t)~VALUE_SECRET_HAS_MAC;
			memset(copy->mac, 0, sizeof(copy->mac));
		}
		out->u.secret = copy;
		return 1;
	}
	case VALUE_ARRAY: {
		struct value *items = NULL;

		for (i = 0; i < in->len; i++) {
			struct value v;

			rc = fix_value(f, &in->u.items[i], &v, depth + 1);
			if (rc < 0)
				return -1;
			if (rc && !items) {
				items = arena_alloc(f->vb->arena, in->len * sizeof(*items));
				if (!items)
					return nomem(f->err);
				memcpy(items, in->u.items, i * sizeof(*items));
			}
			if (items)
				items[i] = v;
		}
		if (!items)
			return 0;
		out->u.items = items;
		return 1;
	}
	case VALUE_OBJECT: {
		const struct value *sig = value_getn(in, PULUMI_SIG_KEY, SIG_LEN);
		struct value_member *ms = NULL;

		if (sig->kind == VALUE_STRING) {
			rc = fix_signature(f, in, sig, out, depth);
			if (rc != -2)
				return rc;
			*out = *in;
		}
		for (i = 0; i < in->len; i++) {
			const struct value_member *m = &in->u.members[i];
			struct value v;

			if (str_is(m->key, m->key_len, "__defaults")) {
				rc = 1;
			} else {
				rc = fix_value(f, &m->value, &v, depth + 1);
				if (rc < 0)
					return -1;
			}
			if (rc && !ms) {
				ms = arena_alloc(f->vb->arena, in->len * sizeof(*ms));
				if (!ms)
					return nomem(f->err);
				memcpy(ms, in->u.members, i * sizeof(*ms));
				n = i;
			}
			if (!ms)
				continue;
			if (str_is(m->key, m->key_len, "__defaults"))
				continue;
			ms[n] = *m;
			ms[n].value = v;
			n++;
		}
		if (!ms)
			return 0;
		/* members stay in key order: build the object in place */
		out->len = (uint32_t)n;
		out->u.members = ms;
		return 1;
	}
	default:
		return 0;
	}
}

int
pulumi_values_read(struct pulumi_values *pv, size_t off, unsigned flags,
		   const struct value *extra_sensitive, struct value *out, struct value *refs,
		   struct error *err)
{
	struct arena scratch = ARENA_INIT;
	struct strtab keys;
	struct scan s;
	struct json_reader r;
	struct json_value_opts o;
	struct value mask = value_absent, v;
	struct fix f;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	memset(&f, 0, sizeof(f));
	strtab_init(&keys, &scratch);
	s.pv = pv;
	s.vb.arena = &scratch;
	s.vb.keys = &keys;
	s.err = err;
	json_reader_init(&r, pv->text, pv->len, off, pv->path);
	if (refs)
		*refs = value_absent;
	if ((pv->maybe_sig || (flags & PULUMI_READ_CONFIG)) && scan_secrets(&s, off, flags, &mask) < 0)
		goto out;
	memset(&o, 0, sizeof(o));
	o.vb = &pv->plan->vb;
	o.sensitive[0] = mask.kind != VALUE_ABSENT ? &mask : NULL;
	o.sensitive[1] = extra_sensitive && extra_sensitive->kind != VALUE_ABSENT ? extra_sensitive
										  : NULL;
	o.unknown_sentinel = PULUMI_UNKNOWN;
	o.secret_sentinel = PULUMI_SECRET_TEXT;
	o.stats = &pv->stats;
	if (json_reader_next(&r, err) < 0 || json_read_value(&r, &o, &v, err) < 0)
		goto out;
	f.pv = pv;
	f.vb = &pv->plan->vb;
	f.err = err;
	if (fix_value(&f, &v, out, 0) < 0)
		goto out;
	if (refs && f.nrefs && value_make_array(&pv->plan->vb, f.refs, f.nrefs, refs) < 0) {
		nomem(err);
		goto out;
	}
	rc = 0;
out:
	json_reader_release(&r);
	mem_free(s.frames);
	mem_free(s.marks);
	mem_free(f.refs);
	strtab_release(&keys);
	arena_release(&scratch);
	return rc;
}

int
pulumi_value_with_member(struct value_builder *vb, const struct value *obj, const char *key,
			 size_t key_len, const struct value *v, struct value *out)
{
	size_t n = obj->kind == VALUE_OBJECT ? obj->len : 0, i, k = 0;
	struct value_member *ms = mem_alloc((n + 1) * sizeof(*ms));
	int rc = -1;

	if (!ms)
		return -1;
	for (i = 0; i < n; i++) {
		const struct value_member *m = &obj->u.members[i];

		if (m->key_len == key_len && memcmp(m->key, key, key_len) == 0)
			continue;
		ms[k++] = *m;
	}
	if (v) {
		ms[k].key = value_intern_key(vb, key, key_len);
		ms[k].key_len = (uint32_t)key_len;
		ms[k].value = *v;
		if (!ms[k].key)
			goto out;
		k++;
	}
	rc = value_make_object(vb, ms, k, out, NULL) < 0 ? -1 : 0;
out:
	mem_free(ms);
	return rc;
}

int
pulumi_value_name_mask(struct value_builder *vb, const struct value *names, struct value *out)
{
	struct value_member *ms;
	size_t i, n = 0;
	int rc;

	*out = value_absent;
	if (names->kind != VALUE_ARRAY || !names->len)
		return 0;
	ms = mem_alloc(names->len * sizeof(*ms));
	if (!ms)
		return -1;
	for (i = 0; i < names->len; i++) {
		const struct value *s = &names->u.items[i];

		if (s->kind != VALUE_STRING)
			continue;
		memset(&ms[n], 0, sizeof(ms[n]));
		ms[n].key = value_intern_key(vb, s->u.str, s->len);
		ms[n].key_len = s->len;
		ms[n].value.kind = VALUE_BOOL;
		ms[n].value.u.b = true;
		if (!ms[n].key) {
			mem_free(ms);
			return -1;
		}
		n++;
	}
	rc = n ? (value_make_object(vb, ms, n, out, NULL) < 0 ? -1 : 0) : 0;
	mem_free(ms);
	return rc;
}

/* Both spellings: Pulumi's own providers use camelCase, bridged ones keep
 * some Terraform names. */
static const char *const credential_names[] = {
	"accessKey", "access_key", "accessToken", "access_token", "apiKey", "api_key",
	"apiToken", "api_token", "appKey", "app_key", "clientCertificatePassword",
	"client_certificate_password",
	"clientKey", "client_key", "clientSecret", "client_secret", "credentials", "kubeconfig",
	"password", "privateKey", "private_key", "sasToken", "sas_token", "secret", "secretKey",
	"secret_key", "token",
};

#define NCREDENTIALS (sizeof(credential_names) / sizeof(credential_names[0]))

bool
pulumi_value_is_credential(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NCREDENTIALS; i++)
		if (strlen(credential_names[i]) == len && memcmp(credential_names[i], name, len) == 0)
			return true;
	return false;
}

int
pulumi_value_credential_mask(struct value_builder *vb, const struct value *names,
			     struct value *out)
{
	size_t n = names->kind == VALUE_ARRAY ? names->len : 0, i, k = 0;
	struct value_member *ms = mem_alloc((n + NCREDENTIALS) * sizeof(*ms));
	int rc;

	*out = value_absent;
	if (!ms)
		return -1;
	for (i = 0; i < n + NCREDENTIALS; i++) {
		const char *s = i < n ? names->u.items[i].u.str : credential_names[i - n];
		size_t len = i < n ? names->u.items[i].len : strlen(s);

		if (i < n && names->u.items[i].kind != VALUE_STRING)
			continue;
		memset(&ms[k], 0, sizeof(ms[k]));
		ms[k].key = value_intern_key(vb, s, len);
		ms[k].key_len = (uint32_t)len;
		ms[k].value.kind = VALUE_BOOL;
		ms[k].value.u.b = true;
		if (!ms[k].key) {
			mem_free(ms);
			return -1;
		}
		k++;
	}
	/* a name both listed and a credential: value_make_object keeps one */
	rc = value_make_object(vb, ms, k, out, NULL) < 0 ? -1 : 0;
	mem_free(ms);
	return rc;
}

int
pulumi_value_unchanged_secret(struct value_builder *vb, const char *urn, const char *path,
			      uint8_t inner_kind, struct value *out)
{
	struct value_secret *sec = arena_alloc(vb->arena, sizeof(*sec));
	struct buf label = BUF_INIT;
	int rc = 0;

	if (!sec)
		return -1;
	buf_addstr(&label, "signoff pulumi unchanged secret");
	buf_add(&label, "", 1);
	buf_addstr(&label, urn);
	buf_add(&label, "", 1);
	buf_addstr(&label, path);
	if (buf_failed(&label)) {
		rc = -1;
	} else if (digest_session_mac(label.data, label.len, sec->mac) == 0) {
		sec->flags |= VALUE_SECRET_HAS_MAC;
	}
	buf_release(&label);
	sec->inner_kind = inner_kind;
	memset(out, 0, sizeof(*out));
	out->kind = VALUE_SENSITIVE;
	out->u.secret = sec;
	return rc;
}
