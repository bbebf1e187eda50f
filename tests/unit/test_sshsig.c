/* test_sshsig.c - SSHSIG blobs against OpenSSH's own ssh-keygen, both ways. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "sshtest.h"

#include "base64.h"
#include "buf.h"
#include "sshkey.h"
#include "sshsig.h"

static const char message[] = "{\"plan_sha256\":\"deadbeef\",\"decision\":\"approve\"}\n";

static void
need_keygen(void)
{
	if (!sshtest_have("ssh-keygen"))
		cr_skip_test("ssh-keygen is not installed");
}

static struct sshkey *
load_private(const char *path)
{
	struct sshkey *k = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(sshkey_load_private(&k, path, &err), 0, "%s", err.msg);
	return k;
}

/* Signs `message` with our code; returns the armored text. */
static char *
our_sign(const struct sshkey *k, const char *ns, enum sshsig_hash h)
{
	struct buf blob = BUF_INIT, armor = BUF_INIT;
	struct error err = ERROR_INIT;
	char *out;

	cr_assert_eq(sshsig_sign(&blob, k, sshsig_sign_with_key, NULL, ns, h, message,
				 strlen(message), &err),
		     0, "%s", err.msg);
	sshsig_armor(&armor, (const uint8_t *)blob.data, blob.len);
	out = strdup(armor.data);
	buf_release(&blob);
	buf_release(&armor);
	return out;
}

/* ssh-keygen -Y sign over `message`; returns the armored text. */
static char *
keygen_sign(const char *key, const char *ns, const char *hashalg)
{
	const char *msg = sshtest_path("message.txt"), *sig = sshtest_path("message.txt.sig");
	const char *argv[] = { "ssh-keygen", "-q", "-Y", "sign", "-n", ns, "-f", key, "-O",
			       hashalg, msg, NULL };

	unlink(sig);
	cr_assert_eq(sshtest_write(msg, message, strlen(message)), 0);
	cr_assert_eq(sshtest_run(argv, NULL, NULL), 0, "ssh-keygen -Y sign failed");
	return sshtest_read(sig, NULL);
}

/* ssh-keygen -Y verify of an armored signature over `message`. */
static int
keygen_verify(const struct sshkey *k, const char *principal, const char *ns, const char *armored)
{
	const char *msg = sshtest_path("message.txt"), *sig = sshtest_path("check.sig"),
		   *as = sshtest_path("allowed_signers");
	const char *argv[] = { "ssh-keygen", "-Y", "verify", "-f", as, "-I", principal, "-n", ns,
			       "-s", sig, NULL };
	struct buf line = BUF_INIT;

	buf_addf(&line, "%s ", principal);
	sshkey_format_public(k, &line, false);
	buf_addch(&line, '\n');
	cr_assert_eq(sshtest_write(as, line.data, line.len), 0);
	cr_assert_eq(sshtest_write(msg, message, strlen(message)), 0);
	cr_assert_eq(sshtest_write(sig, armored, strlen(armored)), 0);
	buf_release(&line);
	return sshtest_run(argv, msg, NULL);
}

static int
our_verify_armored(const char *armored, const char *ns, struct sshkey **signer)
{
	struct buf blob = BUF_INIT;
	struct error err = ERROR_INIT;
	int rc;

	cr_assert_eq(sshsig_dearmor(&blob, armored, strlen(armored), &err), 0, "%s", err.msg);
	rc = sshsig_verify((const uint8_t *)blob.data, blob.len, ns, message, strlen(message),
			   signer, &err);
	buf_release(&blob);
	return rc;
}

Test(sshsig, ed25519_signature_is_byte_identical_to_ssh_keygen)
{
	need_keygen();
	const char *path = sshtest_keygen("alice", "ed25519", "alice@example.com");
	cr_assert_not_null(path);
	struct sshkey *k = load_private(path);
	char *ours = our_sign(k, SSHSIG_NAMESPACE, SSHSIG_SHA512);
	char *theirs = keygen_sign(path, SSHSIG_NAMESPACE, "hashalg=sha512");

	cr_assert_not_null(theirs);
	cr_assert_str_eq(ours, theirs);
	free(ours);
	free(theirs);
	ours = our_sign(k, SSHSIG_NAMESPACE, SSHSIG_SHA256);
	theirs = keygen_sign(path, SSHSIG_NAMESPACE, "hashalg=sha256");
	cr_assert_str_eq(ours, theirs);
	free(ours);
	free(theirs);
	sshkey_free(&k);
	CHECK_NO_LEAKS();
}

Test(sshsig, rsa_signature_is_byte_identical_to_ssh_keygen)
{
	need_keygen();
	const char *path = sshtest_keygen("carol", "rsa", "carol@example.com");
	cr_assert_not_null(path);
	struct sshkey *k = load_private(path);
	char *ours = our_sign(k, SSHSIG_NAMESPACE, SSHSIG_SHA512);
	char *theirs = keygen_sign(path, SSHSIG_NAMESPACE, "hashalg=sha512");

	cr_assert_eq(sshkey_bits(k), 3072);
	cr_assert_str_eq(ours, theirs);
	free(ours);
	free(theirs);
	sshkey_free(&k);
	CHECK_NO_LEAKS();
}

static void
both_ways(const char *type, const char *name)
{
	need_keygen();
	const char *path = sshtest_keygen(name, type, "someone@example.com");
	cr_assert_not_null(path);
	struct sshkey *k = load_private(path), *signer = NULL;
	char *ours = our_sign(k, SSHSIG_NAMESPACE, SSHSIG_SHA512);
	char *theirs = keygen_sign(path, SSHSIG_NAMESPACE, "hashalg=sha512");

	/* ours passes stock ssh-keygen -Y verify */
	cr_assert_eq(keygen_verify(k, "someone@example.com", SSHSIG_NAMESPACE, ours), 0);
	/* ...under its namespace only */
	cr_assert_neq(keygen_verify(k, "someone@example.com", "file", ours), 0);
	/* theirs passes ours, and names the same key */
	cr_assert_eq(our_verify_armored(theirs, SSHSIG_NAMESPACE, &signer), 0);
	cr_assert(sshkey_equal(signer, k));
	cr_assert_str_eq(sshkey_fingerprint(signer), sshkey_fingerprint(k));
	sshkey_free(&signer);
	cr_assert_eq(our_verify_armored(theirs, "git", NULL), -1);
	free(ours);
	free(theirs);
	theirs = keygen_sign(path, SSHSIG_NAMESPACE, "hashalg=sha256");
	cr_assert_eq(our_verify_armored(theirs, SSHSIG_NAMESPACE, NULL), 0);
	free(theirs);
	sshkey_free(&k);
	CHECK_NO_LEAKS();
}

Test(sshsig, ed25519_interoperates_both_ways)
{
	both_ways("ed25519", "ed");
}

Test(sshsig, ecdsa_p256_interoperates_both_ways)
{
	both_ways("ecdsa", "ec");
}

Test(sshsig, rsa_interoperates_both_ways)
{
	both_ways("rsa", "rsa");
}

Test(sshsig, fingerprint_matches_ssh_keygen_l)
{
	need_keygen();
	const char *path = sshtest_keygen("fp", "ecdsa", "fp@example.com");
	struct sshkey *k = load_private(path);
	char pub[1100];
	const char *argv[] = { "ssh-keygen", "-l", "-E", "sha256", "-f", pub, NULL };
	char *out;

	snprintf(pub, sizeof(pub), "%s.pub", path);
	cr_assert_eq(sshtest_run(argv, NULL, sshtest_path("fp.out")), 0);
	out = sshtest_read(sshtest_path("fp.out"), NULL);
	/* "256 SHA256:... fp@example.com (ECDSA)" */
	cr_assert_not_null(strstr(out, sshkey_fingerprint(k)), "%s vs %s", out,
			   sshkey_fingerprint(k));
	cr_assert_str_eq(sshkey_comment(k), "fp@example.com");
	free(out);
	sshkey_free(&k);
	CHECK_NO_LEAKS();
}

/* Every single-bit flip of a good blob must be refused. */
static void
flip_every_bit(const char *type)
{
	need_keygen();
	const char *path = sshtest_keygen("flip", type, "flip@example.com");
	struct sshkey *k = load_private(path);
	struct buf blob = BUF_INIT;
	struct error err = ERROR_INIT;
	size_t i, accepted = 0, tried = 0;
	uint8_t *b;

	cr_assert_eq(sshsig_sign(&blob, k, sshsig_sign_with_key, NULL, SSHSIG_NAMESPACE,
				 SSHSIG_SHA512, message, strlen(message), &err),
		     0);
	b = (uint8_t *)blob.data;
	cr_assert_eq(sshsig_verify(b, blob.len, SSHSIG_NAMESPACE, message, strlen(message), NULL,
				   &err),
		     0);
	for (i = 0; i < blob.len * 8; i++) {
		b[i / 8] ^= (uint8_t)(1u << (i % 8));
		if (sshsig_verify(b, blob.len, SSHSIG_NAMESPACE, message, strlen(message), NULL,
				  &err) == 0)
			accepted++;
		b[i / 8] ^= (uint8_t)(1u << (i % 8));
		tried++;
	}
	cr_assert_eq(tried, blob.len * 8);
	cr_assert_eq(accepted, 0, "%zu of %zu bit flips accepted", accepted, tried);
	buf_release(&blob);
	sshkey_free(&k);
	CHECK_NO_LEAKS();
}

Test(sshsig, every_bit_flip_of_an_ed25519_blob_is_refused)
{
	flip_every_bit("ed25519");
}

Test(sshsig, every_bit_flip_of_an_ecdsa_blob_is_refused)
{
	flip_every_bit("ecdsa");
}

Test(sshsig, every_bit_flip_of_an_rsa_blob_is_refused)
{
	flip_every_bit("rsa");
}

/* Offsets in a blob: magic 0..5, version 6..9, then string publickey. */
static struct buf
signed_blob(struct sshkey **k)
{
	struct buf blob = BUF_INIT;
	struct error err = ERROR_INIT;

	need_keygen();
	*k = load_private(sshtest_keygen("strict", "ed25519", "s@example.com"));
	cr_assert_eq(sshsig_sign(&blob, *k, sshsig_sign_with_key, NULL, SSHSIG_NAMESPACE,
				 SSHSIG_SHA512, message, strlen(message), &err),
		     0);
	return blob;
}

static size_t
u32_at(const struct buf *b, size_t off)
{
	const uint8_t *p = (const uint8_t *)b->data + off;

	return (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
}

Test(sshsig, version_zero_is_refused_although_ssh_keygen_accepts_it)
{
	struct sshkey *k;
	struct buf blob = signed_blob(&k);
	struct error err = ERROR_INIT;

	blob.data[9] = 0;
	cr_assert_eq(sshsig_verify((uint8_t *)blob.data, blob.len, SSHSIG_NAMESPACE, message,
				   strlen(message), NULL, &err),
		     -1);
	cr_assert_str_eq(err.msg, "SSHSIG: version 0, only version 1 is accepted");
	cr_assert_eq(err.code, ERROR_CRYPTO);
	buf_release(&blob);
	sshkey_free(&k);
	CHECK_NO_LEAKS();
}

Test(sshsig, junk_in_the_reserved_field_is_refused)
{
	struct sshkey *k;
	struct buf blob = signed_blob(&k), junk = BUF_INIT;
	struct error err = ERROR_INIT;
	size_t off = 10;

	off += 4 + u32_at(&blob, off); /* publickey */
	off += 4 + u32_at(&blob, off); /* namespace */
	cr_assert_eq(u32_at(&blob, off), 0);
	buf_add(&junk, blob.data, off);
	buf_add(&junk, "\0\0\0\4junk", 8);
	buf_add(&junk, blob.data + off + 4, blob.len - off - 4);
	cr_assert_eq(sshsig_verify((uint8_t *)junk.data, junk.len, SSHSIG_NAMESPACE, message,
				   strlen(message), NULL, &err),
		     -1);
	cr_assert_str_eq(err.msg, "SSHSIG: the reserved field is not empty");
	buf_release(&junk);
	buf_release(&blob);
	sshkey_free(&k);
	CHECK_NO_LEAKS();
}

Test(sshsig, trailing_bytes_and_truncation_are_refused)
{
	struct sshkey *k;
	struct buf blob = signed_blob(&k);
	struct error err = ERROR_INIT;
	size_t n;

	buf_addch(&blob, 0);
	cr_assert_eq(sshsig_verify((uint8_t *)blob.data, blob.len, SSHSIG_NAMESPACE, message,
				   strlen(message), NULL, &err),
		     -1);
	cr_assert_str_eq(err.msg, "SSHSIG: trailing bytes after the signature");
	for (n = 0; n < blob.len - 1; n++) {
		cr_assert_eq(sshsig_verify((uint8_t *)blob.data, n, SSHSIG_NAMESPACE, message,
					   strlen(message), NULL, &err),
			     -1, "accepted a blob cut to %zu bytes", n);
	}
	buf_release(&blob);
	sshkey_free(&k);
	CHECK_NO_LEAKS();
}

Test(sshsig, a_message_changed_by_one_byte_is_refused)
{
	struct sshkey *k;
	struct buf blob = signed_blob(&k);
	struct error err = ERROR_INIT;
	char other[sizeof(message)];

	memcpy(other, message, sizeof(message));
	other[3] ^= 1;
	cr_assert_eq(sshsig_verify((uint8_t *)blob.data, blob.len, SSHSIG_NAMESPACE, other,
				   strlen(other), NULL, &err),
		     -1);
	cr_assert_eq(err.code, ERROR_CRYPTO);
	cr_assert(strstr(err.msg, "signature does not verify"), "%s", err.msg);
	buf_release(&blob);
	sshkey_free(&k);
	CHECK_NO_LEAKS();
}

Test(sshsig, armor_is_accepted_in_any_line_width)
{
	struct sshkey *k;
	struct buf blob = signed_blob(&k), armor = BUF_INIT, b64 = BUF_INIT, text = BUF_INIT,
		   back = BUF_INIT;
	struct error err = ERROR_INIT;

	sshsig_armor(&armor, (uint8_t *)blob.data, blob.len);
	cr_assert(strncmp(armor.data, "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH", 38) == 0);
	cr_assert(strcmp(armor.data + armor.len - 28, "-----END SSH SIGNATURE-----\n") == 0);
	base64_encode(&b64, blob.data, blob.len);
	/* one long line, no final newline */
	buf_addf(&text, "-----BEGIN SSH SIGNATURE-----\n%s\n-----END SSH SIGNATURE-----", b64.data);
	cr_assert_eq(sshsig_dearmor(&back, text.data, text.len, &err), 0, "%s", err.msg);
	cr_assert_eq(back.len, blob.len);
	cr_assert(memcmp(back.data, blob.data, blob.len) == 0);
	/* no END line */
	buf_reset(&back);
	cr_assert_eq(sshsig_dearmor(&back, armor.data, armor.len - 29, &err), -1);
	cr_assert(strstr(err.msg, "truncated"));
	/* something before BEGIN */
	cr_assert_eq(sshsig_dearmor(&back, "x", 1, &err), -1);
	buf_release(&blob);
	buf_release(&armor);
	buf_release(&b64);
	buf_release(&text);
	buf_release(&back);
	sshkey_free(&k);
	CHECK_NO_LEAKS();
}

/* The research vectors (ssh-keygen 9.2 output), when the shared tree is there. */
static const char *
vectors(const char *name)
{
	static char buf[1024];
	const char *base = getenv("SIGNOFF_SIGNING_VECTORS");

	snprintf(buf, sizeof(buf), "%s/sshsig/%s", base && *base ? base : "../shared/signing-vectors",
		 name);
	return buf;
}

Test(sshsig, shared_vectors_are_reproduced_and_verified)
{
	static const char *const sigs[] = { "msg.ed25519.sig", "msg.ed25519-sha256.sig",
					    "msg.ecdsa_p256.sig", "msg.rsa3072.sig" };
	struct sshkey *k = NULL;
	struct error err = ERROR_INIT;
	char *key, *expect, *ours;
	size_t i, len;

	key = sshtest_read(vectors("test_ed25519"), &len);
	if (!key)
		cr_skip_test("the shared signing vectors are not present");
	cr_assert_eq(sshkey_parse_private(&k, key, len, "test_ed25519", &err), 0, "%s", err.msg);
	free(key);
	ours = our_sign(k, "iac-review@example.com", SSHSIG_SHA512);
	expect = sshtest_read(vectors("msg.ed25519.sig"), NULL);
	cr_assert_str_eq(ours, expect);
	free(ours);
	free(expect);
	ours = our_sign(k, "iac-review@example.com", SSHSIG_SHA256);
	expect = sshtest_read(vectors("msg.ed25519-sha256.sig"), NULL);
	cr_assert_str_eq(ours, expect);
	free(ours);
	free(expect);
	sshkey_free(&k);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		expect = sshtest_read(vectors(sigs[i]), NULL);
		cr_assert_not_null(expect);
		cr_assert_eq(our_verify_armored(expect, "iac-review@example.com", NULL), 0, "%s",
			     sigs[i]);
		free(expect);
	}
	CHECK_NO_LEAKS();
}
