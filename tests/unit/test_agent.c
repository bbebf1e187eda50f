/* test_agent.c - the ssh-agent client against a real ssh-agent and a
 * scripted one that misbehaves. */
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "sshtest.h"

#include "agent.h"
#include "buf.h"
#include "sshkey.h"
#include "sshsig.h"
#include "sshwire.h"

extern char **environ;

static const char message[] = "the plan digest goes here\n";

/* Starts `ssh-agent -D -a SOCK`; returns its pid. */
static pid_t
start_agent(const char *sock)
{
	const char *argv[] = { "ssh-agent", "-D", "-a", sock, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int i;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
	cr_assert_eq(posix_spawnp(&pid, "ssh-agent", &fa, NULL, (char *const *)(uintptr_t)argv,
				  environ),
		     0);
	posix_spawn_file_actions_destroy(&fa);
	for (i = 0; i < 200 && access(sock, F_OK) != 0; i++)
		usleep(10000);
	cr_assert_eq(access(sock, F_OK), 0, "ssh-agent did not create its socket");
	return pid;
}

static void
stop_agent(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

static struct sshkey *
load_pub(const char *priv)
{
	char pub[1100];
	struct sshkey *k = NULL;
	struct error err = ERROR_INIT;

	snprintf(pub, sizeof(pub), "%s.pub", priv);
	cr_assert_eq(sshkey_load_public(&k, pub, &err), 0, "%s", err.msg);
	return k;
}

Test(agent, signs_through_a_real_ssh_agent_after_the_key_files_are_deleted)
{
	if (!sshtest_have("ssh-agent") || !sshtest_have("ssh-add"))
		cr_skip_test("ssh-agent is not installed");
	const char *sock = sshtest_path("agent.sock");
	const char *ed = sshtest_keygen("ed", "ed25519", "alice@example.com");
	const char *ec = sshtest_keygen("ec", "ecdsa", "bob@example.com");
	const char *rsa = sshtest_keygen("rsa", "rsa", "carol@example.com");
	const char *paths[] = { ed, ec, rsa };
	struct sshkey *priv_ed = NULL, **keys = NULL;
	struct agent *agent = NULL;
	struct error err = ERROR_INIT;
	struct buf by_file = BUF_INIT;
	size_t n = 0, skipped = 9, i;
	pid_t pid = start_agent(sock);

	cr_assert_eq(sshkey_load_private(&priv_ed, ed, &err), 0);
	cr_assert_eq(sshsig_sign(&by_file, priv_ed, sshsig_sign_with_key, NULL, SSHSIG_NAMESPACE,
				 SSHSIG_SHA512, message, strlen(message), &err),
		     0);
	sshkey_free(&priv_ed);
	setenv("SSH_AUTH_SOCK", sock, 1);
	for (i = 0; i < 3; i++) {
		const char *argv[] = { "ssh-add", "-q", paths[i], NULL };

		cr_assert_eq(sshtest_run(argv, NULL, NULL), 0, "ssh-add %s", paths[i]);
		cr_assert_eq(unlink(paths[i]), 0); /* the private key file is gone */
	}
	cr_assert_eq(agent_open(&agent, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(agent_list(agent, &keys, &n, &skipped, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 3);
	cr_assert_eq(skipped, 0);
	for (i = 0; i < 3; i++) {
		struct sshkey *pub = load_pub(paths[i]), *signer = NULL;
		struct buf blob = BUF_INIT;
		size_t j, found = n;

		for (j = 0; j < n; j++)
			if (sshkey_equal(keys[j], pub))
				found = j;
		cr_assert_neq(found, n, "agent does not list %s", paths[i]);
		cr_assert_str_eq(sshkey_comment(keys[found]), sshkey_comment(pub));
		cr_assert_eq(sshsig_sign(&blob, keys[found], agent_sshsig_sign, agent,
					 SSHSIG_NAMESPACE, SSHSIG_SHA512, message, strlen(message),
					 &err),
			     0, "%s: %s", paths[i], err.msg);
		cr_assert_eq(sshsig_verify((uint8_t *)blob.data, blob.len, SSHSIG_NAMESPACE,
					   message, strlen(message), &signer, &err),
			     0);
		cr_assert(sshkey_equal(signer, pub));
		if (i == 0) {
			/* Ed25519 is deterministic: the agent's bytes equal the key file's */
			cr_assert_eq(blob.len, by_file.len);
			cr_assert(memcmp(blob.data, by_file.data, blob.len) == 0);
		}
		sshkey_free(&signer);
		sshkey_free(&pub);
		buf_release(&blob);
	}
	agent_keys_free(&keys, n);
	agent_free(&agent);
	buf_release(&by_file);
	stop_agent(pid);
	CHECK_NO_LEAKS();
}

Test(agent, no_agent_is_a_clear_error)
{
	struct agent *agent = NULL;
	struct error err = ERROR_INIT;

	unsetenv("SSH_AUTH_SOCK");
	cr_assert_eq(agent_open(&agent, NULL, &err), -1);
	cr_assert_null(agent);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	cr_assert(strstr(err.msg, "SSH_AUTH_SOCK is not set"));
	cr_assert_eq(agent_open(&agent, sshtest_path("nothing-here"), &err), -1);
	cr_assert_eq(err.code, ERROR_NOTFOUND);
	CHECK_NO_LEAKS();
}

/*
 * A scripted agent: answers each request, in order, with the given
 * replies (raw bodies; framing added here).  A reply of length
 * (size_t)-1 closes the connection instead; "raw:" sends the bytes as
 * they are (for broken framing); "none" never answers.
 */
struct reply {
	const char *data;
	size_t len;
};

static pid_t
mock_agent(const char *path, const struct reply *replies, size_t n)
{
	struct sockaddr_un sa;
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t pid;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	unlink(path);
	cr_assert_eq(bind(s, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(s, 1), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		int c = accept(s, NULL, NULL);
		size_t i;

		for (i = 0; i < n; i++) {
			unsigned char hdr[4];
			char body[65536];
			size_t len;

			if (read(c, hdr, 4) != 4)
				_exit(1);
			len = (size_t)hdr[0] << 24 | hdr[1] << 16 | hdr[2] << 8 | hdr[3];
			if (len > sizeof(body) || read(c, body, len) != (ssize_t)len)
				_exit(1);
			if (replies[i].len == (size_t)-1)
				_exit(0);
			if (replies[i].len == (size_t)-2) {
				pause();
				_exit(0);
			}
			if (replies[i].len == (size_t)-3) { /* bogus length header */
				if (write(c, "\x7f\xff\xff\xff", 4) != 4)
					_exit(1);
				continue;
			}
			hdr[0] = (unsigned char)(replies[i].len >> 24);
			hdr[1] = (unsigned char)(replies[i].len >> 16);
			hdr[2] = (unsigned char)(replies[i].len >> 8);
			hdr[3] = (unsigned char)replies[i].len;
			if (write(c, hdr, 4) != 4 ||
			    write(c, replies[i].data, replies[i].len) != (ssize_t)replies[i].len)
				_exit(1);
		}
		_exit(0);
	}
	close(s);
	return pid;
}

/* An RSA public key to ask for (generated, never signs). */
static struct sshkey *
rsa_pub(void)
{
	const char *p = sshtest_keygen("mock_rsa", "rsa", "carol@example.com");

	cr_assert_not_null(p);
	return load_pub(p);
}

static int
sign_with_mock(const struct reply *replies, size_t n, int timeout_ms, struct error *err)
{
	const char *sock = sshtest_path("mock.sock");
	struct sshkey *key = rsa_pub();
	struct agent *agent = NULL;
	struct buf sig = BUF_INIT;
	pid_t pid = mock_agent(sock, replies, n);
	int rc;

	cr_assert_eq(agent_open(&agent, sock, err), 0);
	agent_set_timeout(agent, timeout_ms);
	rc = sshsig_sign(&sig, key, agent_sshsig_sign, agent, SSHSIG_NAMESPACE, SSHSIG_SHA512,
			 message, strlen(message), err);
	agent_free(&agent);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	sshkey_free(&key);
	buf_release(&sig);
	return rc;
}

Test(agent, an_agent_answering_with_ssh_rsa_sha1_is_refused)
{
	if (!sshtest_have("ssh-keygen"))
		cr_skip_test("ssh-keygen is not installed");
	struct buf r = BUF_INIT, inner = BUF_INIT;
	struct error err = ERROR_INIT;

	sshwire_put_text(&inner, "ssh-rsa");
	sshwire_put_string(&inner, "0123456789", 10);
	sshwire_put_u8(&r, 14); /* SSH_AGENT_SIGN_RESPONSE */
	sshwire_put_string(&r, inner.data, inner.len);
	struct reply replies[] = { { r.data, r.len } };

	cr_assert_eq(sign_with_mock(replies, 1, 5000, &err), -1);
	cr_assert_eq(err.code, ERROR_CRYPTO);
	cr_assert(strstr(err.msg, "ssh-agent signed with 'ssh-rsa', not the 'rsa-sha2-512' asked "
				  "for"),
		  "%s", err.msg);
	buf_release(&r);
	buf_release(&inner);
	CHECK_NO_LEAKS();
}

Test(agent, an_agent_that_refuses_is_reported)
{
	if (!sshtest_have("ssh-keygen"))
		cr_skip_test("ssh-keygen is not installed");
	struct error err = ERROR_INIT;
	struct reply replies[] = { { "\x05", 1 } }; /* SSH_AGENT_FAILURE */

	cr_assert_eq(sign_with_mock(replies, 1, 5000, &err), -1);
	cr_assert(strstr(err.msg, "ssh-agent refused to sign with RSA key SHA256:"), "%s", err.msg);
	CHECK_NO_LEAKS();
}

Test(agent, a_signature_that_does_not_verify_is_refused)
{
	if (!sshtest_have("ssh-keygen"))
		cr_skip_test("ssh-keygen is not installed");
	struct buf r = BUF_INIT, inner = BUF_INIT;
	struct error err = ERROR_INIT;
	char junk[384];

	memset(junk, 0x41, sizeof(junk));
	sshwire_put_text(&inner, "rsa-sha2-512");
	sshwire_put_string(&inner, junk, sizeof(junk));
	sshwire_put_u8(&r, 14);
	sshwire_put_string(&r, inner.data, inner.len);
	struct reply replies[] = { { r.data, r.len } };

	cr_assert_eq(sign_with_mock(replies, 1, 5000, &err), -1);
	cr_assert(strstr(err.msg, "the new signature does not check out"), "%s", err.msg);
	buf_release(&r);
	buf_release(&inner);
	CHECK_NO_LEAKS();
}

Test(agent, broken_framing_hangups_and_silence_are_errors_not_hangs)
{
	if (!sshtest_have("ssh-keygen"))
		cr_skip_test("ssh-keygen is not installed");
	struct error err = ERROR_INIT;
	struct reply closes[] = { { NULL, (size_t)-1 } };
	struct reply silent[] = { { NULL, (size_t)-2 } };
	struct reply huge[] = { { NULL, (size_t)-3 } };
	struct reply truncated[] = { { "\x0e\x00\x00\x00\x50", 5 } };

	cr_assert_eq(sign_with_mock(closes, 1, 5000, &err), -1);
	cr_assert(strstr(err.msg, "ssh-agent closed the connection"), "%s", err.msg);
	cr_assert_eq(sign_with_mock(silent, 1, 300, &err), -1);
	cr_assert(strstr(err.msg, "ssh-agent did not answer within"), "%s", err.msg);
	cr_assert_eq(sign_with_mock(huge, 1, 5000, &err), -1);
	cr_assert(strstr(err.msg, "at most 262144 allowed"), "%s", err.msg);
	cr_assert_eq(sign_with_mock(truncated, 1, 5000, &err), -1);
	cr_assert(strstr(err.msg, "malformed signature reply"), "%s", err.msg);
	CHECK_NO_LEAKS();
}

Test(agent, identities_of_unsupported_types_are_skipped)
{
	struct buf r = BUF_INIT, blob = BUF_INIT;
	struct error err = ERROR_INIT;
	struct sshkey **keys = NULL;
	struct agent *agent = NULL;
	size_t n = 9, skipped = 0;
	const char *sock = sshtest_path("list.sock");

	sshwire_put_text(&blob, "ssh-dss");
	sshwire_put_string(&blob, "xxxx", 4);
	sshwire_put_u8(&r, 12);
	sshwire_put_u32(&r, 1);
	sshwire_put_string(&r, blob.data, blob.len);
	sshwire_put_text(&r, "old key");
	struct reply replies[] = { { r.data, r.len } };
	pid_t pid = mock_agent(sock, replies, 1);

	cr_assert_eq(agent_open(&agent, sock, &err), 0);
	cr_assert_eq(agent_list(agent, &keys, &n, &skipped, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 0);
	cr_assert_eq(skipped, 1);
	agent_keys_free(&keys, n);
	agent_free(&agent);
	waitpid(pid, NULL, 0);
	buf_release(&r);
	buf_release(&blob);
	CHECK_NO_LEAKS();
}
