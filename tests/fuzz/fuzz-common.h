/* fuzz-common.h — what the fuzz targets share: libFuzzer's entry points
 * (declared here, so they build warning-free with the project's flags)
 * and a private temporary folder.
 *
 * Each fuzz-*.c is built twice (tests/fuzz/meson.build): with clang and
 * -fsanitize=fuzzer,address,undefined as a libFuzzer target (option
 * 'fuzzing', build-aux/fuzz), and with gcc and replay.c as a program that
 * feeds each file of its corpus to the same LLVMFuzzerTestOneInput: the
 * corpus, and every input that once crashed, is a regression test of
 * `meson test` (suite core). */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

G_BEGIN_DECLS

int         LLVMFuzzerInitialize    (int            *argc,
                                     char         ***argv);
int         LLVMFuzzerTestOneInput  (const uint8_t  *data,
                                     size_t          size);

/* A folder for the target's files, made once and removed at exit
 * (under /dev/shm when there is one: the database target writes a file
 * per input). */
const char *fuzz_tmpdir             (void);

/* Aborts (a finding) with the message when cond is false: g_assert is
 * compiled out with G_DISABLE_ASSERT, this never is. */
#define fuzz_check(cond, ...) \
  G_STMT_START { if (G_UNLIKELY (!(cond))) fuzz_fail (G_STRLOC, #cond, __VA_ARGS__); } G_STMT_END
G_NORETURN void fuzz_fail           (const char     *where,
                                     const char     *cond,
                                     const char     *format,
                                     ...) G_GNUC_PRINTF (3, 4);

/* Makes GLib messages of these levels a finding: printed, then abort()
 * (GLib's own fatal path raises SIGTRAP, which libFuzzer does not catch:
 * no input would be saved). */
void        fuzz_fatal_log_levels   (GLogLevelFlags  levels);

/* With FUZZ_VERBOSE set: one line per input on stderr (what it did). */
void        fuzz_note               (const char     *format,
                                     ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
