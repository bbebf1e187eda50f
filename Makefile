# signoff - one plain Makefile (see README.md).
#
#   make              debug build of ./signoff (warnings are errors)
#   make check        build and run every test: unit, golden, screen, CLI, corpus, fuzz replay
#   make asan         the whole check under ASan+UBSan; fails on any sanitizer report
#   make demo         open the review UI on the bundled example plan
#   make bench        speed and memory on a generated 50k-resource plan
#   make install      PREFIX=/usr/local DESTDIR= (binary, man page, checks/, themes/)
#   make deps         install the Debian packages (as root)
#   make lint         layering rules, cppcheck
#   make fuzz         libFuzzer targets (clang)

O          ?= build/debug
CC         ?= cc
PKG_CONFIG ?= pkg-config
PREFIX     ?= /usr/local
DESTDIR    ?=
VERSION    := 0.1.0

CORE_PKGS  := jansson yaml-0.1 libpcre2-8 libgit2 libcrypto
UI_PKGS    := ncursesw
TEST_PKGS  := criterion

STD        := -std=c11
WARN       := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wold-style-definition -Wpointer-arith -Wwrite-strings -Wcast-qual \
              -Wformat=2 -Wundef -Wvla -Wimplicit-fallthrough -Werror
CFLAGS     ?= -O0 -g3
ALL_CFLAGS  = $(STD) $(WARN) $(CFLAGS) $(EXTRA_CFLAGS)
DEFS       := -D_DEFAULT_SOURCE -DSIGNOFF_VERSION='"$(VERSION)"' \
              -DSIGNOFF_DATADIR='"$(PREFIX)/share/signoff"'
pc          = $(shell $(PKG_CONFIG) $(1) $(2) 2>/dev/null)

CORE_CPPFLAGS := -Isrc -D_XOPEN_SOURCE=700 $(DEFS) $(call pc,--cflags,$(CORE_PKGS))
# the review UI runs the checks and the graph on threads (ui/job.c)
THREADS       := -pthread
UI_CPPFLAGS   := -Isrc -Iui $(DEFS) $(THREADS) $(call pc,--cflags,$(UI_PKGS) $(CORE_PKGS))
TEST_CPPFLAGS := -Isrc -Iui -Itests $(DEFS) $(THREADS) $(call pc,--cflags,$(TEST_PKGS) $(UI_PKGS) $(CORE_PKGS))
CORE_LIBS     := $(call pc,--libs,$(CORE_PKGS))
UI_LIBS       := $(call pc,--libs,$(UI_PKGS))
TEST_LIBS     := $(call pc,--libs,$(TEST_PKGS))

SRC_OBJS   := $(patsubst %.c,$(O)/%.o,$(wildcard src/*.c))
UI_OBJS    := $(patsubst %.c,$(O)/%.o,$(filter-out ui/main.c,$(wildcard ui/*.c)))
MAIN_OBJ   := $(O)/ui/main.o
UNIT_OBJS  := $(patsubst %.c,$(O)/%.o,$(wildcard tests/unit/*.c))
SCREEN_OBJS:= $(patsubst %.c,$(O)/%.o,$(wildcard tests/screen/*.c))
FUZZ_SRCS  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))

BIN        := $(O)/signoff

# Quiet by default; V=1 shows the commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif
DEPS_OK    := $(O)/.deps-ok

.PHONY: all check unit screen cli corpus fuzz-replay asan demo bench install uninstall \
        deps lint fuzz clean release valgrind format format-check
.DEFAULT_GOAL := all

all: signoff

signoff: $(BIN)
	@if [ "$(O)" = "build/debug" ]; then cp $(BIN) signoff; fi

$(DEPS_OK): scripts/deps.sh
	@mkdir -p $(@D)
	@sh scripts/deps.sh --check
	@touch $@

$(O)/src/%.o: src/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CORE_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/ui/%.o: ui/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(UI_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/tests/%.o: tests/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(TEST_CPPFLAGS) $(ALL_CFLAGS) -Wno-missing-prototypes -MMD -MP -c -o $@ $<

$(BIN): $(SRC_OBJS) $(UI_OBJS) $(MAIN_OBJ)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(THREADS) -o $@ $^ $(UI_LIBS) $(CORE_LIBS) $(LDFLAGS)

$(O)/unit-tests: $(UNIT_OBJS) $(SRC_OBJS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(TEST_LIBS) $(CORE_LIBS) $(LDFLAGS)

$(O)/screen-tests: $(SCREEN_OBJS) $(SRC_OBJS) $(UI_OBJS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(THREADS) -o $@ $^ $(TEST_LIBS) $(UI_LIBS) $(CORE_LIBS) $(LDFLAGS)

$(O)/fuzz-replay: $(O)/tests/fuzz/replay.o $(patsubst %.c,$(O)/%.o,$(FUZZ_SRCS)) $(SRC_OBJS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(CORE_LIBS) $(LDFLAGS)

# Every test, with a fixed environment (tests/env.sh).
# (exported first: "VAR=x . file" keeps VAR only while the file is read)
TEST_ENV = export SIGNOFF_BIN=$(abspath $(BIN)) SIGNOFF_BUILD=$(abspath $(O)); . tests/env.sh &&

check: $(BIN) unit screen cli fuzz-replay
	@echo "check: all tests passed ($(O))"

unit: $(O)/unit-tests
	$(TEST_ENV) $(O)/unit-tests --jobs 2 $(CRITERION_OPTS)

screen: $(O)/screen-tests
	@if [ -n "$(SCREEN_OBJS)" ]; then $(TEST_ENV) $(O)/screen-tests --jobs 2 $(CRITERION_OPTS); fi

cli: $(BIN)
	@set -e; for t in $(filter-out tests/cli/lib.sh,$(wildcard tests/cli/*.sh)); do \
	  echo "== $$t"; $(TEST_ENV) sh $$t || exit 1; done

fuzz-replay: $(O)/fuzz-replay
	$(TEST_ENV) $(O)/fuzz-replay

SHELL := /bin/bash
SAN   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
asan:
	@mkdir -p build
	set -o pipefail; ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MAKE) --no-print-directory O=build/asan EXTRA_CFLAGS='$(SAN)' check 2>&1 | tee build/asan.log
	@! grep -q 'Sanitizer' build/asan.log || { echo 'asan: sanitizer reports in build/asan.log'; exit 1; }
	@echo "asan: clean"

release:
	$(MAKE) O=build/release CFLAGS='-O2 -g -DNDEBUG' build/release/signoff

valgrind: $(BIN)
	$(TEST_ENV) SIGNOFF_VALGRIND=1 sh tests/cli/show.sh

demo: signoff
	./signoff testdata/demo/plan.json

bench: release
	sh tests/bench/bench.sh build/release/signoff

deps:
	sh scripts/deps.sh --install

lint:
	@! grep -rnE '#include [<"](n?curses|ui/)' src/ || { echo 'lint: src/ must not include curses or ui/'; exit 1; }
	@! grep -rnE '#include [<"](jansson|yaml|pcre2|git2|openssl)' ui/ || { echo 'lint: third-party headers stay in src/'; exit 1; }
	@! grep -rnE '\b(strcpy|strcat|strncpy|sprintf|vsprintf|strtok|gets)[[:space:]]*\(' src/ ui/ tests/ || \
	  { echo 'lint: banned function (use buf_*, snprintf, memcpy with a length)'; exit 1; }
	cppcheck --quiet --error-exitcode=1 --std=c11 -Isrc --suppress=missingIncludeSystem \
	  --suppress=unusedFunction --inline-suppr src ui

FUZZ_TIME ?= 60
fuzz:
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$t && \
	  clang -g -O1 -fsanitize=fuzzer,address,undefined -DFUZZ_LIBFUZZER -Isrc -Itests/fuzz \
	    -D_XOPEN_SOURCE=700 $(DEFS) $(call pc,--cflags,$(CORE_PKGS)) \
	    -o build/fuzz/fuzz-$$t tests/fuzz/fuzz_$$t.c src/*.c $(CORE_LIBS) && \
	  build/fuzz/fuzz-$$t -max_total_time=$(FUZZ_TIME) build/fuzz/corpus/$$t testdata/fuzz/$$t || exit 1; \
	done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/signoff
	install -m 0755 signoff $(DESTDIR)$(PREFIX)/bin/signoff
	install -m 0644 doc/signoff.1 $(DESTDIR)$(PREFIX)/share/man/man1/signoff.1
	cp -R checks themes $(DESTDIR)$(PREFIX)/share/signoff/
	@echo "installed into $(DESTDIR)$(PREFIX)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/signoff $(DESTDIR)$(PREFIX)/share/man/man1/signoff.1
	rm -rf $(DESTDIR)$(PREFIX)/share/signoff

format:
	clang-format -i src/*.[ch] ui/*.[ch]

format-check:
	clang-format --dry-run --Werror src/*.[ch] ui/*.[ch]

clean:
	rm -rf build signoff

-include $(wildcard $(O)/src/*.d $(O)/ui/*.d $(O)/tests/*/*.d)
