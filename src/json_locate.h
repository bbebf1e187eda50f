/* json_locate.h - where a member or element sits in a JSON text.
 *
 * Documents read through a DOM (jansson: policies, review bundles) lose
 * the position of each value, so their schema errors could only name the
 * file.  json_locate() finds it again, on the error path only, by walking
 * the text with the pull reader (json.h): no DOM, no recursion, linear in
 * the text before the value.
 *
 * A location is a JSON Pointer (RFC 6901): "" is the whole document,
 * "/reviews/1/payload" the member "payload" of the second element of
 * "reviews"; "~1" stands for '/' and "~0" for '~' in a key.
 */
#ifndef SIGNOFF_JSON_LOCATE_H
#define SIGNOFF_JSON_LOCATE_H

#include <stdbool.h>
#include <stddef.h>

/* Sets *line and *col (1-based, columns in code points) to where the
 * value at `pointer` starts, or with `key` set, where the member's key
 * starts (for an array element, the element).  When the pointer leads
 * nowhere (a missing member, an index past the end, a text that is not
 * JSON) they get the start of the deepest value that exists, so the
 * message still points near the trouble.  Returns true when the pointer
 * was found exactly. */
bool json_locate(const char *text, size_t len, const char *pointer, bool key,
		 unsigned long *line, unsigned long *col);

/* For the array at `pointer`: the line and column where each of its
 * first `n` elements starts, in one pass (elements beyond the array's end
 * get 0, 0).  Returns the number of elements found (at most n). */
size_t json_locate_elements(const char *text, size_t len, const char *pointer, size_t n,
			    unsigned long *lines, unsigned long *cols);

#endif
