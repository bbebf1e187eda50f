/* rule_net.c - CIDR and port-range helpers for the rule operators. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "rule_internal.h"
#include "str.h"

static bool
eq_nocase_n(const char *s, size_t len, const char *word)
{
	size_t i, n = strlen(word);

	if (len != n)
		return false;
	for (i = 0; i < n; i++) {
		char a = s[i], b = word[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

bool
rule_cidr_parse(const char *s, size_t len, struct rule_cidr *out)
{
	char buf[64];
	const char *slash;
	unsigned char addr[16];
	unsigned long prefix;
	size_t alen;
	bool v6;

	memset(out, 0, sizeof(*out));
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (!len || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	alen = slash ? (size_t)(slash - buf) : len;
	buf[alen] = '\0';
	v6 = strchr(buf, ':') != NULL;
	if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, addr) != 1)
		return false;
	if (slash) {
		char *end;

		if (!slash[1] || slash[1] < '0' || slash[1] > '9')
			return false;
		prefix = strtoul(slash + 1, &end, 10);
		if (*end || prefix > (v6 ? 128UL : 32UL))
			return false;
	} else {
		prefix = v6 ? 128 : 32;
	}
	out->v6 = v6;
	if (v6) {
		memcpy(out->addr, addr, 16);
		out->prefix = (unsigned)prefix;
	} else {
		memcpy(out->addr + 12, addr, 4);
		out->addr[10] = out->addr[11] = 0xff;
		out->prefix = (unsigned)prefix + 96;
	}
	return true;
}

bool
rule_cidr_is_any_text(const char *s, size_t len)
{
	struct rule_cidr c;

	if (eq_nocase_n(s, len, "*") || eq_nocase_n(s, len, "any") ||
	    eq_nocase_n(s, len, "internet") || eq_nocase_n(s, len, "0.0.0.0"))
		return true;
	if (!rule_cidr_parse(s, len, &c))
		return false;
	return c.v6 ? c.prefix == 0 : c.prefix == 96;
}

/* First `bits` bits of a and b equal. */
static bool
prefix_equal(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned full = bits / 8, rest = bits % 8;

	if (memcmp(a, b, full) != 0)
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xFF << (8 - rest));

		if ((a[full] & mask) != (b[full] & mask))
			return false;
	}
	return true;
}

bool
rule_cidr_contains(const struct rule_cidr *outer, const struct rule_cidr *inner)
{
	if (outer->v6 != inner->v6)
		return false;
	return outer->prefix <= inner->prefix &&
	       prefix_equal(outer->addr, inner->addr, outer->prefix);
}

bool
rule_cidr_overlaps(const struct rule_cidr *a, const struct rule_cidr *b)
{
	if (a->v6 != b->v6)
		return false;
	return prefix_equal(a->addr, b->addr, a->prefix < b->prefix ? a->prefix : b->prefix);
}

bool
rule_cidr_is_public(const struct rule_cidr *c)
{
	static const char *const v4[] = {
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15",
		"224.0.0.0/3",
	};
	static const char *const v6[] = {
		"::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8",
	};
	const char *const *list = c->v6 ? v6 : v4;
	size_t i, n = c->v6 ? sizeof(v6) / sizeof(v6[0]) : sizeof(v4) / sizeof(v4[0]);

	for (i = 0; i < n; i++) {
		struct rule_cidr priv;

		if (rule_cidr_parse(list[i], strlen(list[i]), &priv) &&
		    rule_cidr_contains(&priv, c))
			return false;
	}
	return true;
}

/* ---- ports ---- */

static bool
parse_long(const char *s, size_t len, long *out)
{
	char buf[32];
	char *end;

	while (len && *s == ' ') {
		s++;
		len--;
	}
	while (len && s[len - 1] == ' ')
		len--;
	if (!len || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (!((buf[0] >= '0' && buf[0] <= '9') || buf[0] == '-'))
		return false;
	*out = strtol(buf, &end, 10);
	return *end == '\0';
}

static bool
text_of(const struct value *v, const char **s, size_t *len)
{
	if (v->kind == VALUE_STRING || v->kind == VALUE_NUMBER) {
		*s = v->u.str;
		*len = v->len;
		return true;
	}
	return false;
}

static bool
is_all_text(const char *s, size_t len)
{
	return eq_nocase_n(s, len, "*") || eq_nocase_n(s, len, "all") ||
	       eq_nocase_n(s, len, "any") || eq_nocase_n(s, len, "-1");
}

static bool
is_portless_protocol(const char *s, size_t len)
{
	return eq_nocase_n(s, len, "icmp") || eq_nocase_n(s, len, "icmpv6") ||
	       eq_nocase_n(s, len, "1") || eq_nocase_n(s, len, "58") ||
	       eq_nocase_n(s, len, "esp") || eq_nocase_n(s, len, "ah") ||
	       eq_nocase_n(s, len, "50") || eq_nocase_n(s, len, "51");
}

static bool
add_range(struct rule_port_range *out, size_t max, size_t *n, long lo, long hi)
{
	if (*n < max) {
		out[*n].lo = lo;
		out[*n].hi = hi;
		(*n)++;
	}
	return true;
}

/* A scalar: "22", 22, "20-25", "*". */
static enum rule_tri
scalar_ports(const struct value *v, struct rule_port_range *out, size_t max, size_t *n)
{
	const char *s, *dash;
	size_t len;
	long lo, hi;

	if (!text_of(v, &s, &len))
		return RULE_FALSE;
	if (is_all_text(s, len)) {
		add_range(out, max, n, RULE_PORT_ALL_LO, RULE_PORT_ALL_HI);
		return RULE_TRUE;
	}
	dash = len > 1 ? memchr(s + 1, '-', len - 1) : NULL;
	if (dash) {
		if (!parse_long(s, (size_t)(dash - s), &lo) ||
		    !parse_long(dash + 1, len - (size_t)(dash + 1 - s), &hi))
			return RULE_FALSE;
	} else {
		if (!parse_long(s, len, &lo))
			return RULE_FALSE;
		hi = lo;
	}
	add_range(out, max, n, lo, hi);
	return RULE_TRUE;
}

static enum rule_tri
object_ports(const struct value *v, bool camel, struct rule_port_range *out, size_t max,
	     size_t *n)
{
	const struct value *proto = rule_lookup(v, "protocol", 8, camel);
	const struct value *from, *to, *ports;
	const char *s;
	size_t len;
	long lo, hi;

	if (proto->kind == VALUE_ABSENT)
		proto = rule_lookup(v, "ip_protocol", 11, camel);
	if (proto->kind == VALUE_UNKNOWN)
		return RULE_UNKNOWN;
	if (text_of(proto, &s, &len)) {
		if (is_all_text(s, len)) {
			add_range(out, max, n, RULE_PORT_ALL_LO, RULE_PORT_ALL_HI);
			return RULE_TRUE;
		}
		if (is_portless_protocol(s, len))
			return RULE_FALSE;
	}
	ports = rule_lookup(v, "ports", 5, camel);
	if (ports->kind != VALUE_ABSENT) {
		size_t i;
		bool unknown = false, any = false;

		if (ports->kind == VALUE_UNKNOWN)
			return RULE_UNKNOWN;
		if (ports->kind == VALUE_NULL || (ports->kind == VALUE_ARRAY && ports->len == 0)) {
			add_range(out, max, n, RULE_PORT_ALL_LO, RULE_PORT_ALL_HI);
			return RULE_TRUE;
		}
		if (ports->kind != VALUE_ARRAY)
			return scalar_ports(ports, out, max, n);
		for (i = 0; i < ports->len; i++) {
			enum rule_tri r = scalar_ports(&ports->u.items[i], out, max, n);

			if (ports->u.items[i].kind == VALUE_UNKNOWN)
				unknown = true;
			if (r == RULE_TRUE)
				any = true;
		}
		return unknown ? RULE_UNKNOWN : any ? RULE_TRUE : RULE_FALSE;
	}
	from = rule_lookup(v, "from_port", 9, camel);
	to = rule_lookup(v, "to_port", 7, camel);
	if (from->kind == VALUE_UNKNOWN || to->kind == VALUE_UNKNOWN)
		return RULE_UNKNOWN;
	if (!text_of(from, &s, &len) || !parse_long(s, len, &lo))
		return RULE_FALSE;
	if (!text_of(to, &s, &len) || !parse_long(s, len, &hi))
		hi = lo;
	/* 0-0 (and -1) mean every port in security-group rules */
	if ((lo == 0 && hi == 0) || lo < 0 || hi < 0) {
		lo = RULE_PORT_ALL_LO;
		hi = RULE_PORT_ALL_HI;
	}
	add_range(out, max, n, lo, hi);
	return RULE_TRUE;
}

enum rule_tri
rule_ports_of(const struct value *v, bool camel, struct rule_port_range *out, size_t max,
	      size_t *n)
{
	size_t i;
	bool unknown = false, any = false;

	*n = 0;
	switch (v->kind) {
	case VALUE_UNKNOWN:
	case VALUE_SENSITIVE:
		return RULE_UNKNOWN;
	case VALUE_NUMBER:
	case VALUE_STRING:
		return scalar_ports(v, out, max, n);
	case VALUE_OBJECT:
		return object_ports(v, camel, out, max, n);
	case VALUE_ARRAY:
		for (i = 0; i < v->len; i++) {
			const struct value *e = &v->u.items[i];
			enum rule_tri r;
			size_t k = 0;

			if (*n >= max)
				break;
			r = e->kind == VALUE_OBJECT ? object_ports(e, camel, out + *n, max - *n, &k)
						    : scalar_ports(e, out + *n, max - *n, &k);
			if (e->kind == VALUE_UNKNOWN)
				r = RULE_UNKNOWN;
			*n += k;
			if (r == RULE_TRUE)
				any = true;
			else if (r == RULE_UNKNOWN)
				unknown = true;
		}
		return unknown ? RULE_UNKNOWN : any ? RULE_TRUE : RULE_FALSE;
	default:
		return RULE_FALSE;
	}
}
