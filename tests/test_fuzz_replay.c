/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_fuzz_replay.c - replays the fuzz seed corpus (fuzz/corpus/TARGET/)
 * and every kept crash input (tests/data/regress/TARGET/) through the fuzz
 * targets themselves, so that each input a fuzzer ever broke the library
 * with stays a regression test in the ordinary and the sanitizer builds,
 * without clang or libFuzzer. A target signals a failure by abort().
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define LLVMFuzzerTestOneInput fuzz_check_one
#include "../fuzz/fuzz_check.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_username_one
#include "../fuzz/fuzz_username.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_hash_one
#include "../fuzz/fuzz_hash.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_config_one
#include "../fuzz/fuzz_config.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_proto_one
#include "../fuzz/fuzz_proto.c"
#undef LLVMFuzzerTestOneInput

typedef int (*target_fn)(const uint8_t *, size_t);

/* Runs every file of one directory through fn; returns how many. */
static int replay_dir(const char *path, target_fn fn)
{
	DIR *d = opendir(path);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char file[1024];
		snprintf(file, sizeof file, "%s/%s", path, e->d_name);
		FILE *f = fopen(file, "rb");
		assert_non_null(f);
		static uint8_t buf[1 << 20];
		size_t len = fread(buf, 1, sizeof buf, f);
		fclose(f);
		/* An exact-size copy, so ASan sees a read past the end. */
		uint8_t *copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, buf, len);
		print_message("replay %s\n", file);
		fn(copy, len);
		free(copy);
		n++;
	}
	closedir(d);
	return n;
}

static void replay(const char *target, target_fn fn)
{
	char path[512];
	snprintf(path, sizeof path, "%s/../fuzz/corpus/%s", TESTS_DIR, target);
	int seeds = replay_dir(path, fn);
	snprintf(path, sizeof path, "%s/data/regress/%s", TESTS_DIR, target);
	replay_dir(path, fn);
	assert_true(seeds >= 3); /* the seed corpus is there: this test cannot pass empty */
}

static void replay_check(void **state)
{
	(void)state;
	replay("fuzz_check", fuzz_check_one);
}

static void replay_username(void **state)
{
	(void)state;
	replay("fuzz_username", fuzz_username_one);
}

static void replay_hash(void **state)
{
	(void)state;
	replay("fuzz_hash", fuzz_hash_one);
}

static void replay_config(void **state)
{
	(void)state;
	replay("fuzz_config", fuzz_config_one);
}

static void replay_proto(void **state)
{
	(void)state;
	replay("fuzz_proto", fuzz_proto_one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(replay_check), cmocka_unit_test(replay_username),
	    cmocka_unit_test(replay_hash),  cmocka_unit_test(replay_config),
	    cmocka_unit_test(replay_proto),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
