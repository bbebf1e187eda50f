/* test_draft.c - unfinished reviews: kept per plan, resumed, and written
 * from a signal handler when the SSH connection drops. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

static void
draft_fails_at(const char *json, unsigned long line, unsigned long col, const char *msg)
{
	struct draft *d = NULL;
	struct error err = ERROR_INIT;

	cr_assert_eq(draft_parse(&d, DIGEST, json, strlen(json), "d.json", &err), -1, "%s", json);
	cr_assert_null(d);
	cr_assert_str_eq(err.path, "d.json");
	cr_assert_str_eq(err.msg, msg);
	cr_assert_eq(err.line, line, "%s: line %lu, expected %lu", msg, err.line, line);
	cr_assert_eq(err.col, col, "%s: column %lu, expected %lu", msg, err.col, col);
}

Test(draft, schema_errors_point_at_the_value)
{
	draft_fails_at("{\n \"version\": 1,\n \"plan_sha256\": \"" DIGEST "\",\n"
		       " \"reviewed\": [\"a\",\n   7]\n}",
		       5, 4, "draft: reviewed[1] must be a string");
	draft_fails_at("{\"version\": 1, \"plan_sha256\": \"" DIGEST "\", \"revealed\": {}}", 1, 111,
		       "draft: 'revealed' must be an array");
	draft_fails_at("{\"version\": 1, \"plan_sha256\": \"" DIGEST "\",\n"
		       "\"acknowledged\": [{\"id\": \"F-1\", \"reason\": \"r\"}, {\"id\": \"F-2\"}]}",
		       2, 48, "draft: acknowledged[1] needs an id and a reason");
	draft_fails_at("{\"version\": 1, \"plan_sha256\": \"" DIGEST "\",\n\"comment\": 1}", 2, 12,
		       "draft: 'comment' must be a string");
	draft_fails_at("{\"version\": 2}", 1, 13, "not a signoff draft (version 1)");
	draft_fails_at("[]", 1, 1, "not a signoff draft (version 1)");
	draft_fails_at("{\"version\": 1,\n \"plan_sha256\": \"" OTHER "\"}", 2, 17,
		       "draft is for another plan than its file name says");
	CHECK_NO_LEAKS();
}

Test(draft, repeated_marks_read_as_draft_set_would_leave_them)
{
	const char *json = "{\"version\": 1, \"plan_sha256\": \"" DIGEST "\","
			   "\"reviewed\": [\"b\", \"a\", \"b\", \"c\", \"a\"],"
			   "\"acknowledged\": [{\"id\": \"F-2\", \"reason\": \"first\"},"
			   "{\"id\": \"F-1\", \"reason\": \"one\"},"
			   "{\"id\": \"F-2\", \"reason\": \"second\"},"
			   "{\"id\": \"F-3\", \"reason\": \"x\"}, {\"id\": \"F-3\", \"reason\": \"\"}]}";
	struct draft *d = NULL;
	struct error err = ERROR_INIT;
	struct review_marks marks;

	cr_assert_eq(draft_parse(&d, DIGEST, json, strlen(json), "d.json", &err), 0, "%s",
		     err.msg);
	draft_marks(d, &marks);
	cr_assert_eq(marks.nreviewed, 3);
	cr_assert_str_eq(marks.reviewed[0], "a");
	cr_assert_str_eq(marks.reviewed[1], "b");
	cr_assert_str_eq(marks.reviewed[2], "c");
	cr_assert_eq(marks.nacks, 2, "F-3's last reason is empty: not acknowledged");
	cr_assert_str_eq(marks.acks[0].id, "F-1");
	cr_assert_str_eq(marks.acks[1].id, "F-2");
	cr_assert_str_eq(marks.acks[1].reason, "second", "the last one wins");
	cr_assert_eq(draft_set_reviewed(d, "0", true), 0, "still a sorted set afterwards");
	cr_assert(draft_is_reviewed(d, "0"));
	cr_assert(draft_is_reviewed(d, "c"));
	draft_free(&d);
	CHECK_NO_LEAKS();
}

/* Seconds draft_parse takes on n reviewed addresses and n/4
 * acknowledgements, all in reverse order. */
static double
time_reverse_draft(int n)
{
	struct buf json = BUF_INIT;
	struct draft *d = NULL;
	struct error err = ERROR_INIT;
	struct timespec t0, t1;
	int i;

	buf_addstr(&json, "{\"version\": 1, \"plan_sha256\": \"" DIGEST "\", \"reviewed\": [");
	for (i = n; i > 0; i--)
		buf_addf(&json, "%s\"aws_instance.web[%07d]\"", i == n ? "" : ",", i);
	buf_addstr(&json, "], \"acknowledged\": [");
	for (i = n / 4; i > 0; i--)
		buf_addf(&json, "%s{\"id\": \"F-%07d\", \"reason\": \"r\"}", i == n / 4 ? "" : ",", i);
	buf_addstr(&json, "]}");
	cr_assert_not(buf_failed(&json));
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	cr_assert_eq(draft_parse(&d, DIGEST, json.data, json.len, "d.json", &err), 0, "%s",
		     err.msg);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	cr_assert_eq(draft_reviewed_count(d), (size_t)n);
	cr_assert_eq(draft_ack_count(d), (size_t)n / 4);
	cr_assert(draft_is_reviewed(d, "aws_instance.web[0000001]"));
	cr_assert_str_eq(draft_ack_reason(d, "F-0000007"), "r");
	draft_free(&d);
	buf_release(&json);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

Test(draft, a_large_draft_in_reverse_order_loads_in_linearithmic_time)
{
	double small = time_reverse_draft(50000), large = time_reverse_draft(200000);

	/* Inserting one by one moved the whole array for each mark: four
	 * times the marks took 15 times as long (0.11 s, then 1.7 s; 600k
	 * marks fit in a draft).  Sorted once, it is about four times. */
	cr_assert_lt(large, 8 * small + 0.05, "50k marks: %.3f s, 200k marks: %.3f s", small,
		     large);
	CHECK_NO_LEAKS();
}
