/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * gen_corpus.c - the benchmark corpus: N candidate passwords, one a line,
 * from a fixed seed, so every run and every machine checks the same bytes.
 *
 * Usage: gen_corpus [N [SEED]]   (defaults 1000000 and 20240607)
 *
 * Six kinds, in a fixed rotation weighted by a seeded generator: short (1-8),
 * long (21-64), dictionary-like (a word, capitals, leet, digits, symbols),
 * random printable ASCII (8-20), holding the username `alice` in some form,
 * and non-ASCII (accents, Cyrillic, Greek, CJK, full-width forms that NFKC
 * folds). No line holds a control character, so every library sees text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* splitmix64: small, seedable and the same everywhere (rand() is not). */
static uint64_t state;

static uint64_t next(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
	return (unsigned)(next() % n);
}

static const char *const words[] = {
    "password", "dragon",  "monkey",  "sunshine", "princess", "football", "shadow",
    "master",   "letmein", "welcome", "freedom",  "summer",   "winter",   "juniper",
    "router",   "network", "secret",  "flower",   "orange",   "purple",   "trustno1",
    "baseball", "qwerty",  "admin",   "login",    "starwars", "computer", "michael",
    "jennifer", "hunter",  "ranger",  "thunder",  "silver",   "pepper",   "coffee",
};
#define NWORDS (sizeof words / sizeof words[0])

/* UTF-8 pieces: accented Latin, Greek, Cyrillic, CJK, full-width letters
 * and digits (NFKC maps them to ASCII), a ligature, an emoji. */
static const char *const uni[] = {
    "\xc3\xa9",     "\xc3\xbc",     "\xc3\x9f",         "\xc3\xb1",
    "\xce\xb1",     "\xce\xa9",     "\xd0\x96",         "\xd0\xb4",
    "\xe6\x97\xa5", "\xe6\x9c\xac", "\xef\xbc\xa1",     "\xef\xbd\x82",
    "\xef\xbc\x93", "\xef\xac\x81", "\xf0\x9f\x94\x91", "\xe2\x82\xac",
};
#define NUNI (sizeof uni / sizeof uni[0])

static const char punct[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
static const char *const user_forms[] = {"alice", "Alice", "ALICE", "4l1c3",
                                         "@lice", "ecila", "AL1CE", "3c1la"};
#define NFORMS (sizeof user_forms / sizeof user_forms[0])

static char printable(void)
{
	return (char)(' ' + 1 + pick(94)); /* '!'..'~' */
}

static void emit_random(char *b, size_t *n, unsigned len)
{
	for (unsigned i = 0; i < len; i++)
		b[(*n)++] = printable();
}

static void emit_str(char *b, size_t *n, const char *s)
{
	size_t l = strlen(s);
	memcpy(b + *n, s, l);
	*n += l;
}

static void emit_word(char *b, size_t *n)
{
	const char *w = words[pick(NWORDS)];
	size_t start = *n;
	emit_str(b, n, w);
	if (pick(2))
		b[start] = (char)(b[start] - 'a' + 'A');
	for (size_t i = start; i < *n; i++) {
		if (pick(6))
			continue;
		switch (b[i]) {
		case 'a': b[i] = '@'; break;
		case 'e': b[i] = '3'; break;
		case 'o': b[i] = '0'; break;
		case 's': b[i] = '$'; break;
		case 'i': b[i] = '1'; break;
		}
	}
}

static void emit_digits(char *b, size_t *n, unsigned k)
{
	for (unsigned i = 0; i < k; i++)
		b[(*n)++] = (char)('0' + pick(10));
}

static size_t make_line(char *b)
{
	size_t n = 0;
	unsigned kind = pick(100);
	if (kind < 15) { /* short */
		emit_random(b, &n, 1 + pick(8));
	} else if (kind < 25) { /* long */
		emit_random(b, &n, 21 + pick(44));
	} else if (kind < 50) { /* dictionary-like */
		emit_word(b, &n);
		if (pick(2))
			emit_word(b, &n);
		emit_digits(b, &n, pick(5));
		if (pick(2))
			b[n++] = punct[pick(sizeof punct - 1)];
	} else if (kind < 75) { /* random */
		emit_random(b, &n, 8 + pick(13));
	} else if (kind < 87) { /* with the username */
		emit_random(b, &n, pick(5));
		emit_str(b, &n, user_forms[pick(NFORMS)]);
		emit_random(b, &n, 1 + pick(6));
	} else { /* non-ASCII */
		unsigned k = 4 + pick(12);
		for (unsigned i = 0; i < k; i++) {
			if (pick(2))
				emit_str(b, &n, uni[pick(NUNI)]);
			else
				b[n++] = printable();
		}
	}
	return n;
}

int main(int argc, char **argv)
{
	unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000UL;
	state = argc > 2 ? strtoull(argv[2], NULL, 10) : 20240607ULL;
	static char out[1 << 16];
	setvbuf(stdout, out, _IOFBF, sizeof out);
	char line[512];
	for (unsigned long i = 0; i < count; i++) {
		size_t n = make_line(line);
		line[n++] = '\n';
		fwrite(line, 1, n, stdout);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
