/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * quality.c - the general path of pwpol_check() (any UTF-8 text; the entry
 * point and the printable-ASCII path are in quality-ascii.c): a candidate
 * password against every quality rule of the policy, with every violation
 * reported at once, each with the figure required and the figure found
 * (pwpol.conf(5)), and the rules read after it (the blocklist).
 *
 * The password is decoded once into code points after NFKC (text.c) and
 * read by user-perceived characters; one pass then gathers every figure the
 * rules need. The username is looked for in the forms reduce.c reduces both
 * to (accents, confusables), with separators and look-alikes undone here.
 * Nothing is allocated for ASCII input, and every copy of a password is
 * wiped before returning.
 */
#include "quality.h"

#include <stdlib.h>
#include <string.h>

static inline int same_cluster(const int32_t *a, size_t alen, const int32_t *b, size_t blen)
{
	/* Most clusters are one code point: no memcmp call for them. */
	if (alen == 1)
		return blen == 1 && a[0] == b[0];
	return alen == blen && memcmp(a, b, alen * sizeof *a) == 0;
}

/* pwpol__text_cluster_end without its call where the answer is plain: at
 * the end, and between two ASCII code points (a break, as it says there). */
static inline size_t cluster_end(const struct pwpol__text *t, size_t i)
{
	if (i + 1 >= t->n || t->ascii || (t->cp[i] < 0x80 && t->cp[i + 1] < 0x80))
		return i + 1;
	return pwpol__text_cluster_end(t, i);
}

static void gather(const struct pwpol__text *t, struct stats *s)
{
	memset(s, 0, sizeof *s);
	enum pwpol__class prev = PWPOL__CLASS_COUNT;
	long run = 0, crun = 0;
	size_t last = 0, last_len = 0;
	for (size_t i = 0, end; i < t->n; i = end) {
		end = cluster_end(t, i);
		enum pwpol__class c = pwpol__char_class(t->cp[i]);
		s->count[c]++;
		if (s->length > 0 && c != prev)
			s->transitions++;
		crun = s->length > 0 && c == prev ? crun + 1 : 1;
		if (crun > s->longest_class_run)
			s->longest_class_run = crun;
		prev = c;
		run = s->length > 0 && same_cluster(t->cp + last, last_len, t->cp + i, end - i)
		          ? run + 1
		          : 1;
		if (run > s->longest_run)
			s->longest_run = run;
		last = i;
		last_len = end - i;
		s->length++;
	}
}

/* ---- username-check ---------------------------------------------------- */

/* A canonical code point (canon()) with what the search needs to know of
 * the one it came from, in bits no code point uses: in the password, a
 * character that may stand between the name's letters (skippable()) and
 * an ASCII letter; in the name, an ASCII letter, and a cut between two
 * parts (a separator). */
#define F_CUT    (1 << 28)
#define F_SKIP   (1 << 29)
#define F_LETTER (1 << 30)
#define VALUE(x) ((x) & (F_CUT - 1))

/* Is u[0..m) (read backwards when back) in pw[0..n), a skippable
 * character passed over or matched? reach holds m + 1 flags. */
static int find_part(const int32_t *pw, size_t n, const int32_t *u, size_t m, int back,
                     unsigned char *reach)
{
	memset(reach, 0, m + 1);
	reach[0] = 1;
	for (size_t i = 0; i < n; i++) {
		int skip = (pw[i] & F_SKIP) != 0;
		for (size_t j = m; j-- > 0;) {
			int32_t want = u[back ? m - 1 - j : j];
			reach[j + 1] =
			    (reach[j] && VALUE(pw[i]) == VALUE(want)) || (skip && reach[j + 1]);
		}
		if (reach[m])
			return 1;
	}
	return 0;
}

/* A name of one or two characters u[0..m) is the whole password, a
 * skippable character passed over or matched. */
static int short_whole_cp(const int32_t *pw, size_t n, const int32_t *u, size_t m)
{
	for (int back = 0; back < 2; back++) {
		unsigned reach = 1;
		for (size_t i = 0; i < n && reach; i++) {
			unsigned next = 0;
			for (size_t j = 0; j < m; j++)
				if (reach >> j & 1 &&
				    VALUE(pw[i]) == VALUE(u[back ? m - 1 - j : j]))
					next |= 1u << (j + 1);
			reach = next | (pw[i] & F_SKIP ? reach : 0);
		}
		if (reach >> m & 1)
			return 1;
	}
	return 0;
}

/* The password's ASCII letters are the name's (u[0..m), those flagged
 * letters), forwards or backwards. */
static int short_letters_cp(const int32_t *pw, size_t n, const int32_t *u, size_t m)
{
	int32_t letter[2];
	size_t letters = 0;
	for (size_t j = 0; j < m; j++)
		if (u[j] & F_LETTER)
			letter[letters++] = u[j];
	if (letters == 0)
		return 0;
	for (int back = 0; back < 2; back++) {
		size_t j = 0;
		int same = 1;
		for (size_t i = 0; i < n && same; i++) {
			if (!(pw[i] & F_LETTER))
				continue;
			same = j < letters &&
			       VALUE(pw[i]) == VALUE(letter[back ? letters - 1 - j : j]);
			j++;
		}
		if (same && j == letters)
			return 1;
	}
	return 0;
}

/*
 * The canonical password holds the canonical username (cut into parts at
 * F_CUT): each part of three or more characters is searched for by itself,
 * forwards and backwards (john.doe: john, doe); with no part that long,
 * the whole name. A name of one or two characters would be found in far
 * too many passwords: it is found as the whole password, or as all of its
 * letters. The ASCII path and the lean pass read the same (name-search.c,
 * pwpol__name_search_bytes).
 */
static enum pwpol_status holds_username(const int32_t *pw, size_t n, const int32_t *u, size_t nu,
                                        int *found)
{
	*found = 0;
	/* A name is at most PWPOL_INPUT_MAX bytes, but NFKC may lengthen it. */
	int32_t wlocal[PWPOL_INPUT_MAX];
	unsigned char local[PWPOL_INPUT_MAX + 1];
	int32_t *whole = nu <= PWPOL_INPUT_MAX ? wlocal : malloc(nu * sizeof *whole);
	unsigned char *reach = nu < sizeof local ? local : malloc(nu + 1);
	if (!whole || !reach) {
		if (whole != wlocal)
			free(whole);
		if (reach != local)
			free(reach);
		return PWPOL_ENOMEM;
	}
	size_t m = 0, longest = 0;
	for (size_t i = 0, at = 0; i <= nu; i++) {
		if (i < nu && !(u[i] & F_CUT)) {
			whole[m++] = u[i];
			continue;
		}
		size_t len = i - at;
		if (len >= 3 && !*found)
			*found = find_part(pw, n, u + at, len, 0, reach) ||
			         find_part(pw, n, u + at, len, 1, reach);
		longest = len > longest ? len : longest;
		at = i + 1;
	}
	if (longest < 3 && m >= 3)
		*found =
		    find_part(pw, n, whole, m, 0, reach) || find_part(pw, n, whole, m, 1, reach);
	else if (m > 0 && m < 3)
		*found = short_whole_cp(pw, n, whole, m) || short_letters_cp(pw, n, whole, m);
	if (reach != local)
		free(reach);
	if (whole != wlocal)
		free(whole);
	return PWPOL_OK;
}

/* A growing array of canonical code points, on the stack up to SEQ_LOCAL
 * and on the heap beyond; wiped on growth and at the end: it holds a
 * password's letters. */
#define SEQ_LOCAL 128

struct canon_seq {
	int32_t *v;
	size_t n, cap;
	int32_t local[SEQ_LOCAL];
};

static void seq_init(struct canon_seq *q)
{
	q->v = q->local;
	q->n = 0;
	q->cap = SEQ_LOCAL;
}

/* seq_push when full: twice the room, the old copy wiped. */
static __attribute__((noinline)) enum pwpol_status seq_grow(struct canon_seq *q, int32_t c)
{
	size_t cap = 2 * q->cap;
	int32_t *v = malloc(cap * sizeof *v);
	if (!v)
		return PWPOL_ENOMEM;
	memcpy(v, q->v, q->n * sizeof *v);
	pwpol_wipe(q->v, q->n * sizeof *v);
	if (q->v != q->local)
		free(q->v);
	q->v = v;
	q->cap = cap;
	q->v[q->n++] = c;
	return PWPOL_OK;
}

static inline enum pwpol_status seq_push(struct canon_seq *q, int32_t c)
{
	if (q->n == q->cap)
		return seq_grow(q, c);
	q->v[q->n++] = c;
	return PWPOL_OK;
}

static void seq_wipe(struct canon_seq *q)
{
	pwpol_wipe(q->v, q->n * sizeof *q->v);
	if (q->v != q->local)
		free(q->v);
	seq_init(q);
}

/* What the username search compares (pwpol__text_reduce: accents,
 * confusables), look-alikes undone, with the flags holds_username reads;
 * in a name, separators (and `$`) become one cut. Printable ASCII reduces
 * to itself, so for it this is canon() alone, as on the ASCII path. */
struct canon_into {
	struct canon_seq *q;
	int is_name;
};

static enum pwpol_status canon_emit(void *ctx, int32_t c)
{
	struct canon_into *to = ctx;
	int32_t letter = ascii_letter(c) ? F_LETTER : 0;
	if (!to->is_name)
		return seq_push(to->q, canon(c) | letter | (skippable(c) ? F_SKIP : 0));
	if (!name_drops(c))
		return seq_push(to->q, canon(c) | letter);
	if (to->q->n == 0 || (to->q->v[to->q->n - 1] & F_CUT))
		return PWPOL_OK; /* nothing to cut off yet, or cut already */
	return seq_push(to->q, F_CUT);
}

static enum pwpol_status canonical(const struct pwpol__text *t, int is_name, struct canon_seq *q)
{
	struct canon_into to = {q, is_name};
	return pwpol__text_reduce(t, canon_emit, &to);
}

static enum pwpol_status raw_emit(void *ctx, int32_t c)
{
	return seq_push(ctx, c);
}

/* Printable ASCII is its own NFKC and reduction. */
static int printable_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

/* Its own frame (never inlined), so the username's buffer is on the stack
 * only here. */
static __attribute__((noinline)) enum pwpol_status
check_username(const struct pwpol__text *pw, const char *username, pwpol_report *r, int *found)
{
	struct pwpol__text u;
	struct canon_seq cu, cp;
	seq_init(&cu);
	seq_init(&cp);
	u.cp = u.buf;
	u.n = 0;
	size_t n = strnlen(username, PWPOL_INPUT_MAX + 1);
	enum pwpol_status st = PWPOL_OK;
	int ascii_name = n <= PWPOL_INPUT_MAX && printable_ascii(username, n);
	if (ascii_name && !pw->ascii) {
		/* The ASCII path's search over the reduced password: no
		 * canonical copy of either is made. Not for an ASCII password
		 * (only test_ascii_path_equals_general brings one here): that
		 * test holds the ASCII path to the search below. */
		st = pwpol__text_reduce(pw, raw_emit, &cp);
		int handled = st == PWPOL_OK && pwpol__name_in_reduced(username, cp.v, cp.n, found);
		seq_wipe(&cp);
		if (st != PWPOL_OK || handled)
			return st;
	}
	if (ascii_name) {
		/* Printable ASCII is its own NFKC and reduction, and cannot fail
		 * to decode. */
		struct canon_into to = {&cu, 1};
		for (size_t j = 0; j < n && st == PWPOL_OK; j++)
			st = canon_emit(&to, (unsigned char)username[j]);
	} else {
		st = pwpol__text_decode(&u, username, n, 0, r);
		if (st == PWPOL_OK)
			st = canonical(&u, 1, &cu);
	}
	if (st == PWPOL_OK)
		st = canonical(pw, 0, &cp);
	if (st == PWPOL_OK)
		st = holds_username(cp.v, cp.n, cu.v, cu.n, found);
	seq_wipe(&cp);
	seq_wipe(&cu);
	pwpol__text_wipe(&u);
	return st;
}

/* ---- minimum-character-changes ----------------------------------------- */

long pwpol__edit_distance(size_t n, size_t m, long cap,
                          int (*eq)(size_t i, size_t j, const void *ctx), const void *ctx)
{
	if (cap <= 0)
		return 0;
	size_t c = cap < EDIT_CAP_MAX ? (size_t)cap : EDIT_CAP_MAX;
	if ((n > m ? n - m : m - n) >= c)
		return (long)c;
	/* Two rows of the band: cell (i, j) at 1 + j - i + c, with a cell
	 * held at c on either side. A cell is held to c, which changes no
	 * answer (min(distance, c) is all we give). */
	uint16_t band[2][2 * EDIT_CAP_MAX + 3];
	uint16_t *prev = band[0], *cur = band[1];
	size_t w = 2 * c + 3;
	for (size_t k = 0; k < w; k++) /* row 0: cell (0, j) is j */
		prev[k] = (uint16_t)(k >= c + 1 && k - (c + 1) < c ? k - (c + 1) : c);
	for (size_t i = 1; i <= n; i++) {
		cur[0] = cur[w - 1] = (uint16_t)c;
		for (size_t k = 1; k + 1 < w; k++) {
			/* j = i + k - 1 - c, out of the table when negative or past m */
			if (i + k - 1 < c || i + k - 1 - c > m) {
				cur[k] = (uint16_t)c;
				continue;
			}
			size_t j = i + k - 1 - c;
			if (j == 0) {
				cur[k] = (uint16_t)(i < c ? i : c);
				continue;
			}
			unsigned v = prev[k] + !eq(i - 1, j - 1, ctx);
			if (prev[k + 1] + 1u < v)
				v = prev[k + 1] + 1u;
			if (cur[k - 1] + 1u < v)
				v = cur[k - 1] + 1u;
			cur[k] = (uint16_t)(v < c ? v : c);
		}
		uint16_t *t = prev;
		prev = cur;
		cur = t;
	}
	long d = prev[1 + m - n + c];
	pwpol__wipe_array(band); /* its figures say where the two differ */
	return d;
}

/* Two texts by their user-perceived characters (cluster starts). */
struct cluster_pair {
	const struct pwpol__text *a, *b;
	const uint32_t *as, *bs; /* starts, one past the last cluster's too */
};

static int same_cluster_at(size_t i, size_t j, const void *ctx)
{
	const struct cluster_pair *c = ctx;
	return same_cluster(c->a->cp + c->as[i], c->as[i + 1] - c->as[i], c->b->cp + c->bs[j],
	                    c->bs[j + 1] - c->bs[j]);
}

/* The starts of t's clusters, and one past the last: in local (room for
 * PWPOL_INPUT_MAX + 1) or, for a text NFKC made longer, on the heap; NULL
 * without memory. *k gets the clusters. */
static uint32_t *cluster_starts(const struct pwpol__text *t, uint32_t *local, size_t *k)
{
	uint32_t *s = t->n < PWPOL_INPUT_MAX ? local : malloc((t->n + 1) * sizeof *s);
	if (!s)
		return NULL;
	size_t n = 0;
	for (size_t i = 0; i < t->n; i = cluster_end(t, i))
		s[n++] = (uint32_t)i;
	s[n] = (uint32_t)t->n;
	*k = n;
	return s;
}

/* The edits (user-perceived characters after NFKC) from old to new, held
 * to cap; in a frame of its own like check_username. The old password was
 * set before invisible characters were refused, so they are dropped from
 * it, not refused. */
static __attribute__((noinline)) enum pwpol_status count_changes(const struct pwpol__text *pw,
                                                                 const char *old, size_t oldlen,
                                                                 long cap, pwpol_report *r,
                                                                 long *changes)
{
	struct pwpol__text o;
	enum pwpol_status st = pwpol__text_decode(&o, old, oldlen, PWPOL__TEXT_DROP_INVISIBLE, r);
	uint32_t la[PWPOL_INPUT_MAX + 1], lb[PWPOL_INPUT_MAX + 1];
	uint32_t *as = NULL, *bs = NULL;
	size_t n = 0, m = 0;
	if (st == PWPOL_OK) {
		as = cluster_starts(pw, la, &n);
		bs = cluster_starts(&o, lb, &m);
		st = as && bs ? PWPOL_OK : PWPOL_ENOMEM;
	}
	if (st == PWPOL_OK) {
		struct cluster_pair c = {pw, &o, as, bs};
		*changes = pwpol__edit_distance(n, m, cap, same_cluster_at, &c);
	}
	if (as != la)
		free(as);
	if (bs != lb)
		free(bs);
	pwpol__text_wipe(&o);
	return st;
}

/* ---- rules after the one pass ----------------------------------------- */

/* The rules that read the password again after either path has judged it
 * (so both paths share them): the blocklist file, looked up last because
 * it is the one that reads a file. */
enum pwpol_status pwpol__later_rules(const pwpol_policy *p, const char *pw, size_t len,
                                     const char *username, enum pwpol_status st, pwpol_report *r)
{
	if (st != PWPOL_OK && st != PWPOL_REJECTED)
		return st;
	long min_score = p->v[PWPOL_OPT_MINIMUM_SCORE];
	if (min_score) {
		struct pwpol_score sc = PWPOL_SCORE_INIT();
		enum pwpol_status zs = pwpol_score(pw, len, username, &sc);
		if (zs != PWPOL_OK)
			return zs;
		if (sc.score < min_score) {
			pwpol__report_add(r, PWPOL_RULE_MINIMUM_SCORE, PWPOL_SEVERITY_ERROR,
			                  min_score, sc.score);
			st = PWPOL_REJECTED;
		}
	}
	const char *list = p->str[PWPOL_OPT_BLOCKLIST]; /* pwpol_policy_get_string */
	if (list) {
		int listed = 0;
		enum pwpol_status bl = pwpol__blocklist_check(list, pw, len, username, &listed);
		if (bl != PWPOL_OK)
			return bl;
		if (listed) {
			pwpol__report_add(r, PWPOL_RULE_BLOCKLIST, PWPOL_SEVERITY_ERROR, -1, -1);
			st = PWPOL_REJECTED;
		}
	}
	return st;
}

/*
 * The old password and the username are validated like the password: an
 * invalid one is an input error (EINVAL with its finding), since a check
 * against text that cannot be read would prove nothing. A NULL or empty
 * username leaves username-check out; a NULL old password leaves
 * minimum-character-changes out.
 */
enum pwpol_status pwpol__check_general(const pwpol_policy *p, const char *pw, size_t len,
                                       const char *username, const char *old, size_t oldlen,
                                       pwpol_report *r)
{
	struct pwpol__text t;
	enum pwpol_status st = pwpol__text_decode(&t, pw, len, 0, r);
	int found = 0;
	long changes = 0;
	if (st == PWPOL_OK && old)
		st = count_changes(&t, old, oldlen, p->v[PWPOL_OPT_MINIMUM_CHARACTER_CHANGES], r,
		                   &changes);
	if (st == PWPOL_OK && username && *username && p->v[PWPOL_OPT_USERNAME_CHECK])
		st = check_username(&t, username, r, &found);
	if (st == PWPOL_OK) {
		struct stats s;
		gather(&t, &s);
		st = judge(p, &s, found, old != NULL, changes, r);
	}
	pwpol__text_wipe(&t);
	return st;
}
