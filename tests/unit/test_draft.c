/* test_draft.c - unfinished reviews: kept per plan, resumed, and written
 * from a signal handler when the SSH connection drops. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "sshtest.h"

#include "buf.h"
#include "draft.h"
#include "review.h"

#define DIGEST "a64d884ac98705c9b41e2edb0331faadeae5d5b3b816adf001ea16f87849279b"
#define OTHER "152b28e55afd9bd7dfc8cba8cb1b7fa1c58563cbfa7827bff4d954077fcc5895"

static void
state_home(void)
{
	setenv("XDG_STATE_HOME", sshtest_path("state"), 1);
}

static struct draft *
sample(void)
{
	struct draft *d = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(draft_new(&d, DIGEST, &err), 0, "%s", err.msg);
	cr_assert_eq(draft_set_reviewed(d, "aws_instance.app[0]", true), 0);
	cr_assert_eq(draft_set_reviewed(d, "aws_db_instance.main", true), 0);
	cr_assert_eq(draft_set_reviewed(d, "aws_db_instance.main", true), 0);
	cr_assert_eq(draft_set_ack(d, "F-2", "ticket CHG-42"), 0);
	cr_assert_eq(draft_set_ack(d, "F-1", "snapshot taken"), 0);
	cr_assert_eq(draft_set_comment(d, "looks right; ünïcode ok"), 0);
	cr_assert_eq(draft_add_revealed(d, "aws_db_instance.main"), 0);
	return d;
}

Test(draft, marks_acks_and_comment_are_kept_in_sorted_sets)
{
	struct draft *d = sample();
	struct review_marks marks;

	cr_assert_eq(draft_reviewed_count(d), 2);
	cr_assert(draft_is_reviewed(d, "aws_db_instance.main"));
	cr_assert_not(draft_is_reviewed(d, "aws_s3_bucket.logs"));
	cr_assert_str_eq(draft_ack_reason(d, "F-1"), "snapshot taken");
	cr_assert_null(draft_ack_reason(d, "F-3"));
	draft_marks(d, &marks);
	cr_assert_eq(marks.nacks, 2);
	cr_assert_str_eq(marks.acks[0].id, "F-1");
	cr_assert_str_eq(marks.acks[1].id, "F-2");
	cr_assert_eq(marks.nreviewed, 2);
	cr_assert_str_eq(marks.reviewed[0], "aws_db_instance.main");
	cr_assert_not(marks.all_reviewed);
	cr_assert_eq(draft_set_ack(d, "F-1", "a better reason"), 0);
	cr_assert_str_eq(draft_ack_reason(d, "F-1"), "a better reason");
	cr_assert_eq(draft_set_ack(d, "F-1", ""), 0);
	cr_assert_null(draft_ack_reason(d, "F-1"), "an empty reason withdraws it");
	cr_assert_eq(draft_ack_count(d), 1);
	cr_assert_eq(draft_set_reviewed(d, "aws_instance.app[0]", false), 0);
	cr_assert_eq(draft_reviewed_count(d), 1);
	cr_assert(draft_was_revealed(d, "aws_db_instance.main"));
	draft_free(&d);
	cr_assert_null(d);
	CHECK_NO_LEAKS();
}

Test(draft, a_saved_draft_is_resumed_for_the_same_plan_only)
{
	struct draft *d = sample(), *back = NULL;
	struct error err = ERROR_INIT;
	struct buf path = BUF_INIT;
	struct stat st;

	state_home();
	cr_assert_eq(draft_save(d, &err), 0, "%s", err.msg);
	cr_assert_eq(draft_path(DIGEST, &path, &err), 0);
	cr_assert_str_eq(path.data, sshtest_path("state/signoff/drafts/" DIGEST ".json"));
	cr_assert_eq(stat(path.data, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600);
	cr_assert_eq(stat(sshtest_path("state/signoff/drafts"), &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0700);
	cr_assert_eq(draft_load(&back, DIGEST, &err), 0, "%s", err.msg);
	cr_assert_not_null(back);
	cr_assert_eq(draft_reviewed_count(back), 2);
	cr_assert(draft_is_reviewed(back, "aws_instance.app[0]"));
	cr_assert_str_eq(draft_ack_reason(back, "F-2"), "ticket CHG-42");
	cr_assert_str_eq(draft_comment(back), "looks right; ünïcode ok");
	cr_assert(draft_was_revealed(back, "aws_db_instance.main"));
	draft_free(&back);
	cr_assert_eq(draft_load(&back, OTHER, &err), 0);
	cr_assert_null(back, "another plan has no draft");
	cr_assert_eq(draft_discard(DIGEST, &err), 0);
	cr_assert_eq(draft_load(&back, DIGEST, &err), 0);
	cr_assert_null(back, "discarded after signing");
	cr_assert_eq(draft_discard(DIGEST, &err), 0, "discarding twice is fine");
	draft_free(&d);
	buf_release(&path);
	CHECK_NO_LEAKS();
}

Test(draft, a_corrupt_or_foreign_draft_is_an_error_naming_the_file)
{
	struct draft *d = NULL;
	struct error err = ERROR_INIT;
	const char *dir = sshtest_path("state/signoff/drafts");
	const char *path = sshtest_path("state/signoff/drafts/" DIGEST ".json");
	const char *foreign = "{\"version\": 1, \"plan_sha256\": \"" OTHER "\"}";

	state_home();
	cr_assert_eq(mkdir(sshtest_path("state"), 0700), 0);
	cr_assert_eq(mkdir(sshtest_path("state/signoff"), 0700), 0);
	cr_assert_eq(mkdir(dir, 0700), 0);
	cr_assert_eq(sshtest_write(path, "{\"version\": 1,", 14), 0);
	cr_assert_eq(draft_load(&d, DIGEST, &err), -1);
	cr_assert_null(d);
	cr_assert_str_eq(err.path, path);
	cr_assert_eq(err.code, ERROR_SYNTAX);
	cr_assert_eq(sshtest_write(path, foreign, strlen(foreign)), 0);
	cr_assert_eq(draft_load(&d, DIGEST, &err), -1);
	cr_assert_str_eq(err.msg, "draft is for another plan than its file name says");
	cr_assert_eq(draft_new(&d, "../../etc/passwd", &err), -1);
	cr_assert_eq(draft_load(&d, "ABC/../x", &err), -1);
	cr_assert_str_eq(err.msg, "not a plan digest: 'ABC/../x'");
	CHECK_NO_LEAKS();
}

/* The SSH connection drops: SIGHUP arrives while the reviewer is typing. */
static struct draft_snapshot snap;

static void
on_hangup(int sig)
{
	(void)sig;
	_exit(draft_snapshot_write(&snap) == 0 ? 3 : 4);
}

Test(draft, a_hangup_writes_the_last_snapshot_from_the_signal_handler)
{
	struct draft *d = NULL;
	struct error err = ERROR_INIT;
	int status, fds[2];
	pid_t pid;
	char c;

	state_home();
	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		struct draft *w = sample();

		draft_snapshot_init(&snap);
		signal(SIGHUP, on_hangup);
		if (draft_snapshot_update(&snap, w, &err) < 0)
			_exit(5);
		draft_set_comment(w, "second thoughts");
		draft_set_reviewed(w, "aws_s3_bucket.logs", true);
		if (draft_snapshot_update(&snap, w, &err) < 0)
			_exit(5);
		if (write(fds[1], "r", 1) != 1)
			_exit(6);
		for (;;)
			pause();
	}
	close(fds[1]);
	cr_assert_eq(read(fds[0], &c, 1), 1);
	close(fds[0]);
	kill(pid, SIGHUP);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 3, "the handler wrote the snapshot");
	cr_assert_eq(draft_load(&d, DIGEST, &err), 0, "%s", err.msg);
	cr_assert_not_null(d);
	cr_assert_str_eq(draft_comment(d), "second thoughts");
	cr_assert_eq(draft_reviewed_count(d), 3);
	cr_assert_str_eq(draft_ack_reason(d, "F-1"), "snapshot taken");
	draft_free(&d);
	CHECK_NO_LEAKS();
}

Test(draft, a_snapshot_before_the_first_update_writes_nothing)
{
	struct draft_snapshot s;

	draft_snapshot_init(&s);
	cr_assert_eq(draft_snapshot_write(&s), -1);
	draft_snapshot_release(&s);
	CHECK_NO_LEAKS();
}
