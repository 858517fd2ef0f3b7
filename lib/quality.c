/*
 * quality.c - pwpol_check(): a candidate password against every quality
 * rule of the policy, with every violation reported at once, each with the
 * figure required and the figure found (pwpol.conf(5)).
 *
 * The password is decoded once into code points after NFKC (text.c) and
 * read by user-perceived characters; one pass then gathers every figure the
 * rules need. The username is looked for in the forms text.c reduces both
 * to (accents, confusables), with separators and look-alikes undone here.
 * Nothing is allocated for ASCII input, and every copy of a password is
 * wiped before returning.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* What one pass over the password finds, in user-perceived characters
 * (extended grapheme clusters, each of the class of its first code point). */
struct stats {
	long count[PWPOL__CLASS_COUNT];
	long transitions; /* neighbours of different classes */
	long longest_run; /* identical consecutive characters */
	/* Consecutive characters of one class; -1 when only same_class_pairs
	 * is known (the short path), counted only if a policy asks. */
	long longest_class_run;
	uint64_t same_class_pairs; /* bit 2j: neighbours j, j+1 of one class */
	long length;               /* characters */
};

static int same_cluster(const int32_t *a, size_t alen, const int32_t *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen * sizeof *a) == 0;
}

static void gather(const struct pwpol__text *t, struct stats *s)
{
	memset(s, 0, sizeof *s);
	enum pwpol__class prev = PWPOL__CLASS_COUNT;
	long run = 0, crun = 0;
	size_t last = 0, last_len = 0;
	for (size_t i = 0, end; i < t->n; i = end) {
		end = pwpol__text_cluster_end(t, i);
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

/* `1`, `!` and `|` stand for both i and l: a canonical form of its own that
 * matches either letter. */
#define CANON_I_OR_L (-1)

/* A code point case-folded, with its look-alike substitution undone. Any
 * other code point comes from pwpol__text_reduce, folded already. */
static inline int32_t canon(int32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c;
	if (c >= 'A' && c <= 'Z')
		return c + ('a' - 'A');
	switch (c) {
	case '0': return 'o';
	case '1':
	case '!':
	case '|': return CANON_I_OR_L;
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	case '@': return 'a';
	case '$': return 's';
	case '(': return 'c';
	}
	return c;
}

/* Separators a person puts inside a name (a.d.m.i.n, ad min): ignored in
 * the password and the username alike. In the username a `$` is dropped
 * too (a machine account's bob$ is found as bob); in the password it is an
 * s. */
static inline int separator(int32_t c)
{
	return c == '.' || c == '-' || c == '_' || c == ' ';
}

static inline int name_drops(int32_t c)
{
	return separator(c) || c == '$';
}

static int same(int32_t a, int32_t b)
{
	if (a == b)
		return 1;
	if (a == CANON_I_OR_L)
		return b == 'i' || b == 'l';
	if (b == CANON_I_OR_L)
		return a == 'i' || a == 'l';
	return 0;
}

/* Does the canonical password hold the canonical username at position i,
 * read forwards or backwards? */
static int match_at(const int32_t *pw, size_t i, const int32_t *u, size_t m, int reversed)
{
	for (size_t j = 0; j < m; j++) {
		int32_t want = reversed ? u[m - 1 - j] : u[j];
		if (!same(pw[i + j], want))
			return 0;
	}
	return 1;
}

static int holds_username(const int32_t *pw, size_t n, const int32_t *u, size_t m)
{
	if (m == 0 || m > n)
		return 0;
	/* A name of one or two characters would be found in far too many
	 * passwords: it counts only as the whole password. */
	if (m < 3 && n != m)
		return 0;
	for (size_t i = 0; i + m <= n; i++) {
		/* Most positions fail at the first character: test it once. */
		if (same(pw[i], u[0]) && match_at(pw, i, u, m, 0))
			return 1;
		if (same(pw[i], u[m - 1]) && match_at(pw, i, u, m, 1))
			return 1;
	}
	return 0;
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

static enum pwpol_status seq_push(struct canon_seq *q, int32_t c)
{
	if (q->n == q->cap) {
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
	}
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
 * confusables), with separators (and in a name, `$`) dropped and
 * look-alikes undone. Printable ASCII reduces to itself, so for it this is
 * canon() and the separators alone, as on the ASCII path. */
struct canon_into {
	struct canon_seq *q;
	int is_name;
};

static enum pwpol_status canon_emit(void *ctx, int32_t c)
{
	struct canon_into *to = ctx;
	if (to->is_name ? name_drops(c) : separator(c))
		return PWPOL_OK;
	return seq_push(to->q, canon(c));
}

static enum pwpol_status canonical(const struct pwpol__text *t, int is_name, struct canon_seq *q)
{
	struct canon_into to = {q, is_name};
	return pwpol__text_reduce(t, canon_emit, &to);
}

static int printable_ascii(const char *s, size_t len);

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
	if (n <= PWPOL_INPUT_MAX && printable_ascii(username, n)) {
		/* Printable ASCII is its own NFKC and reduction, and cannot fail
		 * to decode. */
		for (size_t j = 0; j < n && st == PWPOL_OK; j++)
			if (!name_drops((unsigned char)username[j]))
				st = seq_push(&cu, canon((unsigned char)username[j]));
	} else {
		st = pwpol__text_decode(&u, username, n, 0, r);
		if (st == PWPOL_OK)
			st = canonical(&u, 1, &cu);
	}
	if (st == PWPOL_OK)
		st = canonical(pw, 0, &cp);
	if (st == PWPOL_OK)
		*found = holds_username(cp.v, cp.n, cu.v, cu.n);
	seq_wipe(&cp);
	seq_wipe(&cu);
	pwpol__text_wipe(&u);
	return st;
}

/* ---- minimum-character-changes ----------------------------------------- */

/* Positions (user-perceived characters after NFKC) where old and new
 * differ; in a frame of its own like check_username. The old password was
 * set before invisible characters were refused, so they are dropped from
 * it, not refused. */
static __attribute__((noinline)) enum pwpol_status count_changes(const struct pwpol__text *pw,
                                                                 const char *old, size_t oldlen,
                                                                 pwpol_report *r, long *changes)
{
	struct pwpol__text o;
	enum pwpol_status st = pwpol__text_decode(&o, old, oldlen, PWPOL__TEXT_DROP_INVISIBLE, r);
	if (st == PWPOL_OK) {
		long diff = 0;
		size_t i = 0, j = 0;
		while (i < pw->n && j < o.n) {
			size_t ie = pwpol__text_cluster_end(pw, i),
			       je = pwpol__text_cluster_end(&o, j);
			diff += !same_cluster(pw->cp + i, ie - i, o.cp + j, je - j);
			i = ie;
			j = je;
		}
		/* Positions past the shorter password count as changed. */
		for (; i < pw->n; i = pwpol__text_cluster_end(pw, i))
			diff++;
		for (; j < o.n; j = pwpol__text_cluster_end(&o, j))
			diff++;
		*changes = diff;
	}
	pwpol__text_wipe(&o);
	return st;
}

/* ---- the check --------------------------------------------------------- */

struct verdict {
	pwpol_report *r;
	size_t violations;
};

static void violation(struct verdict *v, enum pwpol_rule rule, long need, long have)
{
	pwpol_report_add(v->r, rule, PWPOL_SEVERITY_ERROR, need, have);
	v->violations++;
}

static void check_minimum(struct verdict *v, enum pwpol_rule rule, long need, long have)
{
	if (need > 0 && have < need)
		violation(v, rule, need, have);
}

/* The longest run of set bits two apart (bits 0, 2, 4, ...): each step
 * keeps only the bits whose next neighbour is set. */
static long longest_pair_run(uint64_t x)
{
	long n = 0;
	for (; x; n++)
		x &= x >> 2;
	return n;
}

static void judge(const pwpol_policy *p, const struct stats *sp, int has_username, int has_old,
                  long changes, struct verdict *v)
{
	const struct stats *s = sp;
	long n = s->length;

	check_minimum(v, PWPOL_RULE_MINIMUM_LENGTH, pwpol_policy_effective_minimum_length(p), n);
	long maxlen = p->v[PWPOL_OPT_MAXIMUM_LENGTH];
	if (maxlen > 0 && n > maxlen)
		violation(v, PWPOL_RULE_MAXIMUM_LENGTH, maxlen, n);
	check_minimum(v, PWPOL_RULE_MINIMUM_UPPER_CASES, p->v[PWPOL_OPT_MINIMUM_UPPER_CASES],
	              s->count[PWPOL__CLASS_UPPER]);
	check_minimum(v, PWPOL_RULE_MINIMUM_LOWER_CASES, p->v[PWPOL_OPT_MINIMUM_LOWER_CASES],
	              s->count[PWPOL__CLASS_LOWER]);
	check_minimum(v, PWPOL_RULE_MINIMUM_NUMERICS, p->v[PWPOL_OPT_MINIMUM_NUMERICS],
	              s->count[PWPOL__CLASS_NUMERIC]);
	check_minimum(v, PWPOL_RULE_MINIMUM_PUNCTUATIONS, p->v[PWPOL_OPT_MINIMUM_PUNCTUATIONS],
	              s->count[PWPOL__CLASS_PUNCTUATION]);
	_Static_assert(PWPOL__CLASS_COUNT == 5, "every class counted below");
	long sets = (s->count[0] > 0) + (s->count[1] > 0) + (s->count[2] > 0) + (s->count[3] > 0) +
	            (s->count[4] > 0);
	check_minimum(v, PWPOL_RULE_MINIMUM_CHANGES, p->v[PWPOL_OPT_MINIMUM_CHANGES],
	              p->v[PWPOL_OPT_CHANGE_TYPE] == PWPOL_CHANGE_TYPE_SET_TRANSITIONS
	                  ? s->transitions
	                  : sets);
	long repeats = p->v[PWPOL_OPT_MAXIMUM_REPEATS];
	if (repeats > 0 && s->longest_run > repeats)
		violation(v, PWPOL_RULE_MAXIMUM_REPEATS, repeats, s->longest_run);
	long class_repeats = p->v[PWPOL_OPT_MAXIMUM_CLASS_REPEATS];
	if (class_repeats > 0) {
		long have = s->longest_class_run >= 0 ? s->longest_class_run
		                                      : longest_pair_run(s->same_class_pairs) + 1;
		if (have > class_repeats)
			violation(v, PWPOL_RULE_MAXIMUM_CLASS_REPEATS, class_repeats, have);
	}
	if (has_username)
		violation(v, PWPOL_RULE_USERNAME_CHECK, -1, -1);
	if (has_old)
		check_minimum(v, PWPOL_RULE_MINIMUM_CHARACTER_CHANGES,
		              p->v[PWPOL_OPT_MINIMUM_CHARACTER_CHANGES], changes);
}

/*
 * The old password and the username are validated like the password: an
 * invalid one is an input error (EINVAL with its finding), since a check
 * against text that cannot be read would prove nothing. A NULL or empty
 * username leaves username-check out; a NULL old password leaves
 * minimum-character-changes out.
 */
static enum pwpol_status decide(const pwpol_policy *p, const struct stats *s, int found,
                                int has_old, long changes, pwpol_report *r)
{
	struct verdict v = {r, 0};
	judge(p, s, found, has_old, changes, &v);
	return v.violations ? PWPOL_REJECTED : PWPOL_OK;
}

/* ---- the printable-ASCII path ------------------------------------------ */

/*
 * Most passwords (and nearly every username) are printable ASCII, which is
 * its own NFKC. For them the check works on the bytes, in one pass with no
 * data-dependent branch for a random password to mispredict: class counts
 * through a table, and the username looked for by shift-and over the
 * canonical bytes, so no canonical copy of the password is ever made. The
 * username is canonicalised from its bytes, never decoded nor normalised.
 * The tables are made at load time from canon(), separator(),
 * name_drops() and pwpol__char_class(), the functions the general path
 * uses, and printable ASCII reduces to itself there (the confusable
 * skeleton is for other characters only), so both paths give the same
 * verdict by construction (and test_ascii_path_equals_general and
 * test_ascii_username_lengths hold them to it). ICU is never called here.
 */
#define CLASS_BAD  PWPOL__CLASS_COUNT /* control or non-ASCII: not for this path */
#define CANON_MARK 1                  /* CANON_I_OR_L as a byte: never printable */

/* tally_of[b]: 1 in the 16-bit field of b's class (upper, lower, numeric)
 * and, for a separator, 1 in the fourth field; punctuation is what is left
 * of the length. A password holds at most PWPOL_INPUT_MAX (4096) bytes, so
 * no field overflows into the next, and the tallies fit one register. */
#define SEPARATOR_FIELD 3
_Static_assert(PWPOL_INPUT_MAX < 1 << 16, "class tallies are 16 bits");
_Static_assert(PWPOL__CLASS_PUNCTUATION == 3 && PWPOL__CLASS_OTHER == 4,
               "printable ASCII classes are 0-3, punctuation last");

/* slot_of[b]: the canonical form of byte b numbered densely (printable
 * ASCII has fewer than 64 canonical forms), so the username's masks are 64
 * words. */
#define SLOTS 64

static unsigned char class_of[256], canon_of[256], slot_of[256], canon_slot[128];
static unsigned char separator_of[256], name_drops_of[256];
static uint64_t tally_of[256];

/* For passwords of at most SHORT_MAX bytes (nearly all), tally8_of[b] is 1
 * in the byte of b's class (upper, lower, numeric: bytes 0-2), of a
 * separator (byte 3) and of a byte that is not printable ASCII (byte 4):
 * no field of 8 bits overflows in 32 bytes. */
#define SHORT_MAX 32
#define BAD_FIELD 4
static uint64_t tally8_of[256];
static unsigned char class2_of[256]; /* class_of in 2 bits (upper to punctuation) */

__attribute__((constructor)) static void make_tables(void)
{
	for (int b = 0; b < 256; b++) {
		class_of[b] = CLASS_BAD;
		tally8_of[b] = (uint64_t)1 << (8 * BAD_FIELD);
	}
	unsigned char slots = 0;
	for (int b = 0x20; b < 0x7f; b++) {
		enum pwpol__class c = pwpol__char_class(b);
		class_of[b] = (unsigned char)c;
		separator_of[b] = (unsigned char)separator(b);
		name_drops_of[b] = (unsigned char)name_drops(b);
		if (c != PWPOL__CLASS_PUNCTUATION)
			tally_of[b] = (uint64_t)1 << (16 * c);
		if (separator_of[b])
			tally_of[b] = (uint64_t)1 << (16 * SEPARATOR_FIELD);
		tally8_of[b] = 0;
		class2_of[b] = (unsigned char)(c & 3);
		if (c != PWPOL__CLASS_PUNCTUATION)
			tally8_of[b] = (uint64_t)1 << (8 * c);
		if (separator_of[b])
			tally8_of[b] = (uint64_t)1 << (8 * SEPARATOR_FIELD);
		int32_t k = canon(b);
		canon_of[b] = k == CANON_I_OR_L ? CANON_MARK : (unsigned char)k;
		if (!canon_slot[canon_of[b]])
			canon_slot[canon_of[b]] = ++slots; /* 1-based while counting */
	}
	/* More canonical forms than SLOTS would take a change to canon(): two
	 * forms would then share a slot, a search would find names that are not
	 * there, and test_ascii_path_equals_general would fail. */
	for (int c = 0; c < 128; c++)
		canon_slot[c] = canon_slot[c] ? (unsigned char)((canon_slot[c] - 1) % SLOTS) : 0;
	for (int b = 0x20; b < 0x7f; b++)
		slot_of[b] = canon_slot[canon_of[b]];
}

static int printable_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (class_of[(unsigned char)s[i]] == CLASS_BAD)
			return 0;
	return 1;
}

/*
 * The username as shift-and masks over canonical bytes: in the mask of a
 * canonical form c (bit[canon_slot[c]]), bit j is set when c matches the
 * name's j-th character, bit m + j when it matches its j-th from the end.
 * One state word then follows the name forwards (bits 0..m-1) and
 * backwards (bits m..2m-1): a bit that shifts from one half to the other
 * lands on a start bit, which is set anyway. The name's separators and `$`
 * are left out, so m counts what is left; no separator's mask has a bit
 * set, so a separator in the password breaks a match on the first pass.
 */
#define SHIFT_AND_MAX 32

struct name_masks {
	uint64_t bit[SLOTS]; /* by slot */
	uint64_t start, done;
	size_t m;
};

static void mask_add(struct name_masks *k, unsigned char c, uint64_t bits)
{
	k->bit[canon_slot[c]] |= bits;
	if (c == CANON_MARK) {
		k->bit[canon_slot['i']] |= bits;
		k->bit[canon_slot['l']] |= bits;
	} else if (c == 'i' || c == 'l') {
		k->bit[canon_slot[CANON_MARK]] |= bits;
	}
}

/*
 * The masks of a printable-ASCII name of 1 to SHIFT_AND_MAX compared
 * characters; 0 if the name is not printable ASCII, with *m its compared
 * characters (separators and `$` left out) in every case where it is. The
 * last name's masks are kept per thread: a stream of checks for one user
 * (`pwpol check --user`) builds them once. A username is no secret, so
 * neither the cache nor anything here is wiped.
 */
#define NAME_CACHE_MAX 64

static _Thread_local struct {
	char name[NAME_CACHE_MAX + 1]; /* NUL-terminated */
	size_t len, m;
	struct name_masks k;
} last_name;

static int name_masks(const char *username, size_t len, size_t *m, struct name_masks *own,
                      const struct name_masks **k)
{
	*k = NULL;
	if (len == last_name.len && memcmp(username, last_name.name, len) == 0) {
		*m = last_name.m;
		*k = *m > 0 && *m <= SHIFT_AND_MAX ? &last_name.k : NULL;
		return 1;
	}
	unsigned char u[SHIFT_AND_MAX];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)username[i];
		if (class_of[b] == CLASS_BAD)
			return 0;
		if (name_drops_of[b])
			continue;
		if (n < SHIFT_AND_MAX)
			u[n] = canon_of[b];
		n++;
	}
	*m = n;
	struct name_masks *to = own;
	if (len <= NAME_CACHE_MAX) {
		memcpy(last_name.name, username, len);
		last_name.name[len] = '\0';
		last_name.len = len;
		last_name.m = n;
		to = &last_name.k;
	}
	if (n == 0 || n > SHIFT_AND_MAX)
		return 1;
	memset(to->bit, 0, sizeof to->bit);
	for (size_t j = 0; j < n; j++)
		mask_add(to, u[j], (uint64_t)1 << j | (uint64_t)1 << (2 * n - 1 - j));
	to->start = 1 | (uint64_t)1 << n;
	to->done = (uint64_t)1 << (n - 1) | (uint64_t)1 << (2 * n - 1);
	to->m = n;
	*k = to;
	return 1;
}

/* Is the username the one whose masks are cached? strncmp over the cached
 * length and its NUL: it stops at the end of a shorter username, and the
 * username is never measured first. */
static inline int same_as_last_name(const char *username, size_t *len)
{
	size_t n = last_name.len;
	if (n == 0 || strncmp(username, last_name.name, n + 1) != 0)
		return 0;
	*len = n;
	return 1;
}

/* The search again with the password's separators skipped (a-d-m-i-n):
 * only for passwords that hold a separator and where the first pass found
 * nothing, so the common pass keeps no branch for them. */
static uint64_t search_skipping(const unsigned char *s, size_t len, const struct name_masks *k)
{
	uint64_t state = 0, hit = 0;
	for (size_t i = 0; i < len; i++) {
		if (separator_of[s[i]])
			continue;
		state = ((state << 1) | k->start) & k->bit[slot_of[s[i]]];
		hit |= state & k->done;
	}
	return hit;
}

/* gather() over bytes, and the username search when k is not NULL; 0 if a
 * byte is not printable ASCII. */
static int gather_ascii(const unsigned char *s, size_t len, const struct name_masks *k,
                        struct stats *st, int *found)
{
	uint64_t tally = 0, state = 0, hit = 0;
	unsigned prev = class_of[s[0]];
	unsigned char last = 0; /* no password byte is NUL */
	long run = 0, longest = 0, transitions = 0, crun = 0, clongest = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char b = s[i];
		unsigned c = class_of[b];
		if (c == CLASS_BAD)
			return 0;
		tally += tally_of[b];
		transitions += c != prev;
		crun = c == prev ? crun + 1 : 1;
		clongest = crun > clongest ? crun : clongest;
		prev = c;
		run = b == last ? run + 1 : 1;
		last = b;
		longest = run > longest ? run : longest;
		if (k) {
			state = ((state << 1) | k->start) & k->bit[slot_of[b]];
			hit |= state & k->done;
		}
	}
	long letters = 0;
	for (int c = 0; c < PWPOL__CLASS_PUNCTUATION; c++) {
		st->count[c] = (long)(tally >> (16 * c) & 0xffff);
		letters += st->count[c];
	}
	st->count[PWPOL__CLASS_PUNCTUATION] = (long)len - letters;
	st->count[PWPOL__CLASS_OTHER] = 0;
	st->transitions = transitions;
	st->longest_run = longest;
	st->longest_class_run = clongest;
	st->length = (long)len;
	*found = 0;
	if (k) {
		size_t seps = (size_t)(tally >> (16 * SEPARATOR_FIELD) & 0xffff);
		if (!hit && seps)
			hit = search_skipping(s, len, k);
		/* A name of one or two characters counts only as the whole
		 * password, separators left out (holds_username). */
		*found = hit && (k->m >= 3 || len - seps == k->m);
	}
	return 1;
}

/* Set bits of a word, without the libgcc call __builtin_popcountll makes
 * when the target has no popcnt instruction. */
static inline long bits_set(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555ULL;
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (long)((x * 0x0101010101010101ULL) >> 56);
}

static inline uint64_t load8(const unsigned char *s)
{
	uint64_t w;
	memcpy(&w, s, sizeof w);
	return w;
}

/* Does any byte of s (len bytes) equal the next one? Eight pairs a step,
 * with word loads that never pass the end: a zero byte in a ^ b is an equal
 * pair (the usual test: it may misplace the zero, never miss it). */
static inline int any_pair(const unsigned char *s, size_t len)
{
	if (len < 9) {
		int eq = 0;
		for (size_t i = 1; i < len; i++)
			eq |= s[i] == s[i - 1];
		return eq;
	}
	uint64_t z = 0;
	for (size_t i = 0; i + 9 <= len; i += 8) {
		uint64_t x = load8(s + i) ^ load8(s + i + 1);
		z |= (x - 0x0101010101010101ULL) & ~x;
	}
	uint64_t x = load8(s + len - 9) ^ load8(s + len - 8);
	z |= (x - 0x0101010101010101ULL) & ~x;
	return (z & 0x8080808080808080ULL) != 0;
}

/*
 * gather_ascii() for 1 to SHORT_MAX bytes, in the fewest instructions: the
 * loop only adds each byte's tally, appends its class (2 bits) to a word
 * and steps the username's shift-and state; the transitions are then the
 * neighbouring class pairs that differ (one popcount), and runs are looked
 * for only when some byte equals the next. with_name is a constant at each
 * call, so the loop without a username has no search in it. 0 if a byte is
 * not printable ASCII.
 */
static inline __attribute__((always_inline)) int gather_short(const unsigned char *s, size_t len,
                                                              const struct name_masks *k,
                                                              int with_name, struct stats *st,
                                                              int *found)
{
	uint64_t tally = 0, classes = 0, state = 0, seen = 0;
	/* Unrolled: the loop's own compare and jump are a fifth of it. */
#pragma GCC unroll 4
	for (size_t i = 0; i < len; i++) {
		unsigned char b = s[i];
		tally += tally8_of[b];
		classes = classes << 2 | class2_of[b];
		if (with_name) {
			state = ((state << 1) | k->start) & k->bit[slot_of[b]];
			/* Every state is kept; the done bits are read once after. */
			seen |= state;
		}
	}
	if (tally >> (8 * BAD_FIELD) & 0xff)
		return 0;
	long upper = (long)(tally & 0xff), lower = (long)(tally >> 8 & 0xff);
	long numeric = (long)(tally >> 16 & 0xff);
	st->count[PWPOL__CLASS_UPPER] = upper;
	st->count[PWPOL__CLASS_LOWER] = lower;
	st->count[PWPOL__CLASS_NUMERIC] = numeric;
	st->count[PWPOL__CLASS_PUNCTUATION] = (long)len - upper - lower - numeric;
	st->count[PWPOL__CLASS_OTHER] = 0;
	/* Pair j (bits 2j, 2j+1 of diff) compares the classes of two
	 * neighbours; len - 1 pairs. */
	uint64_t diff = classes ^ (classes >> 2);
	uint64_t pairs = len > 1 ? ~(uint64_t)0 >> (64 - 2 * (len - 1)) : 0;
	st->transitions = bits_set((diff | diff >> 1) & 0x5555555555555555ULL & pairs);
	st->same_class_pairs = ~(diff | diff >> 1) & 0x5555555555555555ULL & pairs;
	st->longest_class_run = -1;
	long longest = 1;
	if (any_pair(s, len)) {
		long run = 1;
		for (size_t i = 1; i < len; i++) {
			run = s[i] == s[i - 1] ? run + 1 : 1;
			longest = run > longest ? run : longest;
		}
	}
	st->longest_run = longest;
	st->length = (long)len;
	*found = 0;
	if (with_name) {
		uint64_t hit = seen & k->done;
		size_t seps = (size_t)(tally >> (8 * SEPARATOR_FIELD) & 0xff);
		if (!hit && seps)
			hit = search_skipping(s, len, k);
		/* A name of one or two characters counts only as the whole
		 * password, separators left out (holds_username). */
		*found = hit && (k->m >= 3 || len - seps == k->m);
	}
	return 1;
}

static inline int same_byte(unsigned char a, unsigned char b)
{
	return a == b || (a == CANON_MARK && (b == 'i' || b == 'l')) ||
	       (b == CANON_MARK && (a == 'i' || a == 'l'));
}

/* holds_username() over canonical bytes, for names too long for one
 * shift-and word. */
static int holds_username_ascii(const unsigned char *pw, size_t n, const unsigned char *u, size_t m)
{
	if (m == 0 || m > n || (m < 3 && n != m))
		return 0;
	for (size_t i = 0; i + m <= n; i++) {
		size_t j = 0;
		if (same_byte(pw[i], u[0]))
			for (j = 1; j < m && same_byte(pw[i + j], u[j]); j++)
				;
		if (j == m)
			return 1;
		j = 0;
		if (same_byte(pw[i], u[m - 1]))
			for (j = 1; j < m && same_byte(pw[i + j], u[m - 1 - j]); j++)
				;
		if (j == m)
			return 1;
	}
	return 0;
}

/* A long username (above SHIFT_AND_MAX) in a frame of its own: the
 * password's canonical copy is on the stack only here, and wiped. Both are
 * printable ASCII. */
static __attribute__((noinline)) int long_name_ascii(const unsigned char *s, size_t len,
                                                     const char *username, size_t ulen)
{
	unsigned char u[PWPOL_INPUT_MAX], c[PWPOL_INPUT_MAX];
	size_t m = 0, n = 0;
	for (size_t j = 0; j < ulen; j++)
		if (!name_drops_of[(unsigned char)username[j]])
			u[m++] = canon_of[(unsigned char)username[j]];
	for (size_t i = 0; i < len; i++)
		if (!separator_of[s[i]])
			c[n++] = canon_of[s[i]];
	int found = holds_username_ascii(c, n, u, m);
	pwpol_wipe(c, n);
	return found;
}

/* The whole check for printable-ASCII input; 0 to take the general path
 * (which also reports every input error). */
static int check_ascii(const pwpol_policy *p, const char *pw, size_t len, const char *username,
                       const char *old, size_t oldlen, pwpol_report *r, enum pwpol_status *out)
{
	const unsigned char *s = (const unsigned char *)pw;
	if (len == 0 || len > PWPOL_INPUT_MAX)
		return 0;
	long changes = 0;
	if (old) {
		if (oldlen == 0 || oldlen > PWPOL_INPUT_MAX || !printable_ascii(old, oldlen))
			return 0;
		size_t shorter = len < oldlen ? len : oldlen;
		changes = (long)((len < oldlen ? oldlen : len) - shorter);
		for (size_t i = 0; i < shorter; i++)
			changes += pw[i] != old[i];
	}
	struct name_masks masks;
	const struct name_masks *k = NULL;
	size_t ulen = 0, m = 0;
	if (username && *username && p->v[PWPOL_OPT_USERNAME_CHECK]) {
		if (same_as_last_name(username, &ulen)) {
			m = last_name.m;
			k = m > 0 && m <= SHIFT_AND_MAX ? &last_name.k : NULL;
		} else {
			ulen = strnlen(username, PWPOL_INPUT_MAX + 1);
			if (ulen > PWPOL_INPUT_MAX || !name_masks(username, ulen, &m, &masks, &k))
				return 0;
		}
	}
	struct stats st;
	int found = 0;
	int ok = len > SHORT_MAX ? gather_ascii(s, len, k, &st, &found)
	         : k             ? gather_short(s, len, k, 1, &st, &found)
	                         : gather_short(s, len, NULL, 0, &st, &found);
	if (!ok)
		return 0;
	if (m > SHIFT_AND_MAX)
		found = long_name_ascii(s, len, username, ulen);
	*out = decide(p, &st, found, old != NULL, changes, r);
	return 1;
}

/* ---- rules after the one pass ----------------------------------------- */

/* The rules that read the password again after either path has judged it
 * (so both paths share them): the blocklist file, looked up last because
 * it is the one that reads a file. */
static enum pwpol_status later_rules(const pwpol_policy *p, const char *pw, size_t len,
                                     const char *username, enum pwpol_status st, pwpol_report *r)
{
	if (st != PWPOL_OK && st != PWPOL_REJECTED)
		return st;
	const char *list = pwpol_policy_get_string(p, PWPOL_OPT_BLOCKLIST);
	if (list) {
		int listed = 0;
		enum pwpol_status bl = pwpol__blocklist_check(list, pw, len, username, &listed);
		if (bl != PWPOL_OK)
			return bl;
		if (listed) {
			pwpol_report_add(r, PWPOL_RULE_BLOCKLIST, PWPOL_SEVERITY_ERROR, -1, -1);
			st = PWPOL_REJECTED;
		}
	}
	return st;
}

enum pwpol_status pwpol_check(const pwpol_policy *p, const char *pw, size_t len,
                              const char *username, const char *old, size_t oldlen, pwpol_report *r)
{
	pwpol_report_clear(r);
	if (!p)
		return PWPOL_EINVAL;
	enum pwpol_status st;
	if (!pw || !check_ascii(p, pw, len, username, old, oldlen, r, &st))
		st = pwpol__check_general(p, pw, len, username, old, oldlen, r);
	return later_rules(p, pw, len, username, st, r);
}

enum pwpol_status pwpol__check_general(const pwpol_policy *p, const char *pw, size_t len,
                                       const char *username, const char *old, size_t oldlen,
                                       pwpol_report *r)
{
	struct pwpol__text t;
	enum pwpol_status st = pwpol__text_decode(&t, pw, len, 0, r);
	int found = 0;
	long changes = 0;
	if (st == PWPOL_OK && old)
		st = count_changes(&t, old, oldlen, r, &changes);
	if (st == PWPOL_OK && username && *username && p->v[PWPOL_OPT_USERNAME_CHECK])
		st = check_username(&t, username, r, &found);
	if (st == PWPOL_OK) {
		struct stats s;
		gather(&t, &s);
		st = decide(p, &s, found, old != NULL, changes, r);
	}
	pwpol__text_wipe(&t);
	return st;
}
