/* cmd_verify.h - what `signoff verify` and `signoff gate` share: option
 * parsing, hashing the artifacts, running the gate and reporting. */
#ifndef SIGNOFF_CMD_VERIFY_H
#define SIGNOFF_CMD_VERIFY_H

#include <stddef.h>
#include <stdio.h>

#include "cli.h"
#include "review.h"
#include "finding.h"
#include "verify.h"

struct policy;

struct verify_opts {
	const char *review;
	const char *policy;
	const char *author;
	const char *now;
	const char *plan_file;
	const char **require;       /* owned array of borrowed ids */
	size_t nrequire, crequire;
};

struct verify_cli {
	struct policy *policy;
	struct review_subjects subjects;
	struct verify_input in;
	struct verify_result res;
	/* the policy's ack_severity: the checks re-run on the verified bytes,
	 * and the ids they require, with --require-ack's */
	struct plan *plan;
	struct finding_set *findings;
	const char **acks;
};

/* Parses argv[0..end) (end: the index of "--" for gate).  Returns an exit
 * status to stop with (usage printed), or -1 to go on with so->load.path
 * set and optind at the first argument after SOURCE. */
int verify_cli_parse(const char *cmd, int end, char **argv, struct cli_source_opts *so,
		     struct verify_opts *o);
/* Loads the policy, hashes source (and plan_file) or resolves the git
 * range, and runs the gate.  Always fills g (release it). */
enum verify_status verify_cli_run(struct verify_cli *g, struct cli_source_opts *so,
				  const struct verify_opts *o, const char *source,
				  const char *plan_file);
/* The JSON report to `report`, and the error (if any) to stderr. */
void verify_cli_report(struct verify_cli *g, FILE *report);
void verify_cli_release(struct verify_cli *g);

#endif
