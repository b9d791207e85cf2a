# auditrack: build, test, demo. `make help` lists the targets.
CC      ?= cc
PKGS    := sqlite3 libsodium libmicrohttpd jansson libzip expat xlsxwriter cairo pangocairo libcurl \
           libcrypto libqrencode
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Werror
BASE    := -std=c11 -D_GNU_SOURCE $(WARN) -Isrc
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm -lpthread

SRC     := $(sort $(wildcard src/*.c))
LIBSRC  := $(filter-out src/main.c,$(SRC))
HDR     := $(wildcard src/*.h)
UNITSRC := $(sort $(wildcard test/unit/*.c))

REL_OBJ  := $(patsubst src/%.c,build/rel/%.o,$(SRC)) build/rel/gen_assets.o build/rel/gen_passwords.o
ASAN_OBJ := $(patsubst src/%.c,build/asan/%.o,$(SRC)) build/asan/gen_assets.o \
            build/asan/gen_passwords.o
ASAN_LIBOBJ := $(filter-out build/asan/main.o,$(ASAN_OBJ))
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

.PHONY: tsan all golden golden-update check check-run demo demo-run deps bench bench-run bench-http bench-xlsx bench-pdf bench-notify bench-refresh fuzz reliability clean help format
all: auditrack

help:
	@echo "make            build ./auditrack"
	@echo "make demo       install missing packages, build, load the seed trackers, print the summaries"
	@echo "make check      install missing packages, build with ASan+UBSan, run every test"
	@echo "make golden     every report in every format, compared with test/golden.sha256"
	@echo "make fuzz       run each fuzz target for FUZZ_SECONDS (default 60)"
	@echo "make reliability  kill -9, full and read-only disk, a 10-minute soak, every fuzz target (about 35 minutes, root; docs/reliability.md)"
	@echo "make bench      run the benchmarks in bench/ (see docs/BENCHMARKS.md)"
	@echo "make bench-http the web application under wrk against nginx and Fossil (about 2 minutes)"
	@echo "make bench-xlsx XLSX export of 100,000 recommendations against plain libxlsxwriter"
	@echo "make bench-pdf  PDF reports and the committee pack against plain pango typesetting of the same text (about 4 minutes)"
	@echo "make bench-notify  planning e-mail notifications at 10,000 and 100,000 recommendations"
	@echo "make deb        build the Debian package and test it: install, use, purge (root; build/deb/)"
	@echo "make install    the binary, manual pages, bash completion, example configuration (PREFIX, DESTDIR); make uninstall"
	@echo "make tsan       build with ThreadSanitizer (build/tsan/auditrack, build/tsan/unit) and run readers against a writer for RACE_SECONDS (default 10)"

deps:
	@sh scripts/deps.sh

# Web assets: GOV.UK Frontend's built CSS and JavaScript from npm (pinned in
# package-lock.json), without the GDS Transport font (licensed for GOV.UK only:
# a system font stack instead), and auditrack's own assets/, embedded in the binary.
GOVUK   := node_modules/govuk-frontend/dist/govuk
ASSETS  := build/gen/govuk-frontend.min.css $(GOVUK)/govuk-frontend.min.js \
           assets/auditrack.css assets/auditrack.js
FONTS   := system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif

# The common-password list (MIT) that the binary embeds, from the same npm install.
PASSWORDS := node_modules/@zxcvbn-ts/language-common/src/passwords.json
$(GOVUK)/govuk-frontend.min.css $(GOVUK)/govuk-frontend.min.js $(PASSWORDS) &: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(GOVUK)/govuk-frontend.min.css $(GOVUK)/govuk-frontend.min.js $(PASSWORDS)

build/gen/govuk-frontend.min.css: $(GOVUK)/govuk-frontend.min.css
	@mkdir -p $(@D)
	sed -e 's/@font-face{[^}]*}//g' -e 's/font-family:GDS Transport,arial,sans-serif/font-family:$(FONTS)/g' \
	    -e 's/font-family:GDS Transport/font-family:$(FONTS)/g' $< >$@.tmp
	@! grep -q "GDS Transport" $@.tmp || { echo "GDS Transport still referenced in $@" >&2; exit 1; }
	mv $@.tmp $@

build/embed: scripts/embed.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $<

build/gen/assets.c: build/embed $(ASSETS)
	build/embed $@ $(ASSETS)

build/rel/gen_assets.o: build/gen/assets.c src/assets.h
	$(CC) $(BASE) -O2 -c $< -o $@

build/asan/gen_assets.o: build/gen/assets.c src/assets.h
	@mkdir -p $(@D)
	$(CC) $(BASE) -O1 -c $< -o $@

# The common-password list auth.c refuses: zxcvbn-ts's (MIT, from npm, pinned in
# package-lock.json), lower case and sorted for a binary search.

build/gen/passwords.c: scripts/passwords.js $(PASSWORDS)
	@mkdir -p $(@D)
	node scripts/passwords.js $(PASSWORDS) $@

build/rel/gen_passwords.o: build/gen/passwords.c src/auth.h
	@mkdir -p $(@D)
	$(CC) $(BASE) -O2 -c $< -o $@

build/asan/gen_passwords.o: build/gen/passwords.c src/auth.h
	@mkdir -p $(@D)
	$(CC) $(BASE) -O1 -c $< -o $@

# CPPFLAGS, CFLAGS and LDFLAGS (empty unless given) carry a packager's hardening flags.
build/rel/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(BASE) -O2 -g $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

build/asan/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(BASE) -O1 -g $(SAN) $(PKG_CFLAGS) -c $< -o $@

auditrack: $(REL_OBJ)
	$(CC) $(LDFLAGS) -o $@ $(REL_OBJ) $(PKG_LIBS)

build/asan/auditrack: $(ASAN_OBJ)
	$(CC) $(SAN) -o $@ $(ASAN_OBJ) $(PKG_LIBS)

build/asan/unit: $(ASAN_LIBOBJ) $(UNITSRC) test/unit/t.h $(HDR)
	$(CC) $(BASE) -O1 -g $(SAN) $(PKG_CFLAGS) -Itest/unit -o $@ $(UNITSRC) $(ASAN_LIBOBJ) $(PKG_LIBS)

# ThreadSanitizer: the same sources, for the threads that share the web's register.
# test/tsan.supp lists what it may not report, each line with its reason.
TSAN_FLAGS := -fsanitize=thread -fno-omit-frame-pointer
TSAN_OBJ := $(patsubst src/%.c,build/tsan/%.o,$(SRC)) build/tsan/gen_assets.o \
            build/tsan/gen_passwords.o
TSAN_LIBOBJ := $(filter-out build/tsan/main.o,$(TSAN_OBJ))
RACE_SECONDS ?= 10
build/tsan/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(BASE) -O1 -g $(TSAN_FLAGS) $(PKG_CFLAGS) -c $< -o $@
build/tsan/gen_assets.o: build/gen/assets.c src/assets.h
	@mkdir -p $(@D)
	$(CC) $(BASE) -O1 -c $< -o $@
build/tsan/gen_passwords.o: build/gen/passwords.c src/auth.h
	@mkdir -p $(@D)
	$(CC) $(BASE) -O1 -c $< -o $@
build/tsan/auditrack: $(TSAN_OBJ)
	$(CC) $(TSAN_FLAGS) -o $@ $(TSAN_OBJ) $(PKG_LIBS)
build/tsan/unit: $(TSAN_LIBOBJ) $(UNITSRC) test/unit/t.h $(HDR)
	$(CC) $(BASE) -O1 -g $(TSAN_FLAGS) $(PKG_CFLAGS) -Itest/unit -o $@ $(UNITSRC) $(TSAN_LIBOBJ) $(PKG_LIBS)
tsan: auditrack build/bench-gen build/tsan/auditrack build/tsan/unit
	AUDITRACK_RACE_SECONDS=$(RACE_SECONDS) TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/test/tsan.supp" \
	  build/tsan/unit register_readers_and_a_writer
	RACE_SECONDS=$(RACE_SECONDS) sh test/tsan_serve.sh

# Fuzz targets: clang's libFuzzer over the same sources.
# The library is compiled once for all targets (fuzzer-no-link), each target links it.
FUZZ_TARGETS := $(patsubst test/fuzz/%.c,build/fuzz/%,$(wildcard test/fuzz/fuzz_*.c))
FUZZ_OBJ := $(patsubst src/%.c,build/fuzz/obj/%.o,$(LIBSRC)) build/fuzz/obj/gen_assets.o \
            build/fuzz/obj/gen_passwords.o
FUZZ_SAN := -fsanitize=address,undefined
build/fuzz/obj/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	clang $(BASE) -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) $(PKG_CFLAGS) -c $< -o $@
build/fuzz/obj/gen_assets.o: build/gen/assets.c src/assets.h
	@mkdir -p $(@D)
	clang $(BASE) -O1 -c $< -o $@
build/fuzz/obj/gen_passwords.o: build/gen/passwords.c src/auth.h
	@mkdir -p $(@D)
	clang $(BASE) -O1 -c $< -o $@
build/fuzz/%: test/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(@D)
	clang $(BASE) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) $(PKG_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)
# Kept between runs: make would otherwise delete them as intermediates.
.SECONDARY: $(FUZZ_OBJ) build/gen/assets.c build/gen/passwords.c build/gen/govuk-frontend.min.css

check:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory check-run

# Test tools: csv2xlsx writes tracker workbooks for the xlsx import tests.
build/tools/csv2xlsx: test/tools/csv2xlsx.c src/csv.c src/buf.c src/csv.h src/buf.h
	@mkdir -p $(@D)
	$(CC) $(BASE) -O1 -g $$(pkg-config --cflags xlsxwriter libsodium) -o $@ test/tools/csv2xlsx.c \
	  src/csv.c src/buf.c $$(pkg-config --libs xlsxwriter libsodium)

check-run: auditrack build/asan/auditrack build/asan/unit $(FUZZ_TARGETS) build/tools/csv2xlsx \
           build/bench-gen build/tsan/auditrack build/tsan/unit
	@sh test/run.sh

# The synthetic tracker generator of the benchmarks, also used by test/golden.sh.
build/bench-gen: bench/gen.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# Every report kind in every format, compared with test/golden.sha256;
# golden-update records the outputs anew when a change is meant to alter them.
golden: auditrack build/bench-gen
	@sh test/golden.sh check ./auditrack
golden-update: auditrack build/bench-gen
	@sh test/golden.sh update ./auditrack

FUZZ_SECONDS ?= 60
fuzz: $(FUZZ_TARGETS)
	@for t in $(FUZZ_TARGETS); do n=$$(basename $$t); mkdir -p build/corpus/$$n; \
	  $$t -max_total_time=$(FUZZ_SECONDS) build/corpus/$$n test/fuzz/corpus/$$n || exit 1; done

# The reliability suite (docs/reliability.md): RELIABILITY_ARGS passes options
# to test/reliability/reliability.py (--trials N, --only kill,disk,soak,fuzz...).
reliability: auditrack build/asan/auditrack build/bench-gen $(FUZZ_TARGETS)
	@sh scripts/deps.sh
	@python3 test/reliability/reliability.py --json build/reliability.json $(RELIABILITY_ARGS)

demo:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory demo-run

demo-run: auditrack
	@sh scripts/demo.sh

bench:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory bench-run

bench-run: auditrack
	@sh bench/run.sh

# PDF reports against bench/pdf_ref.c (pango setting the same text line by line).
bench-pdf:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory auditrack
	@sh bench/pdf.sh

bench-notify: auditrack
	@sh bench/notify.sh

# Refreshing a register from next quarter's tracker against importing it fresh.
bench-refresh: auditrack
	@sh bench/refresh.sh

# The HTTP benchmark also needs wrk, and nginx and Fossil as its references.
bench-http:
	@sh scripts/deps.sh
	@missing=""; for p in wrk nginx-light fossil; do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	  command -v nginx >/dev/null && missing=$$(echo "$$missing" | sed 's/ nginx-light//'); \
	  if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	    if [ "$$(id -u)" = 0 ]; then s=""; elif command -v sudo >/dev/null; then s=sudo; \
	    else echo "please install:$$missing" >&2; exit 1; fi; \
	    $$s apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	      $$s apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi
	@$(MAKE) --no-print-directory auditrack
	@sh bench/http.sh

bench-xlsx:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory auditrack
	@sh bench/xlsx.sh

format:
	clang-format -i src/*.c src/*.h test/unit/*.c test/unit/*.h test/fuzz/*.c

clean:
	rm -rf build auditrack demo

# ---- installing ----
# make install [PREFIX=/usr/local] [DESTDIR=]: the binary, its manual pages and bash
# completion (written by the binary from its command table, so they say what --help
# says), and the example configuration as /etc/auditrack/auditrack.conf unless one is
# there. make uninstall removes them (the configuration only if unchanged).
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSCONFDIR  ?= /etc
DOCS_GEN    := build/man/auditrack.1 build/man/auditrack-serve.8 build/auditrack.bash

build/man/auditrack.1: auditrack
	@mkdir -p $(@D)
	AUDITRACK_CONFIG= ./auditrack manual auditrack.1 >$@.tmp && mv $@.tmp $@
build/man/auditrack-serve.8: auditrack
	@mkdir -p $(@D)
	AUDITRACK_CONFIG= ./auditrack manual auditrack-serve.8 >$@.tmp && mv $@.tmp $@
build/auditrack.bash: auditrack
	AUDITRACK_CONFIG= ./auditrack completion bash >$@.tmp && mv $@.tmp $@

# The Debian package (debian/), built, linted, installed, used and purged by
# test/deb.sh (root; about 4 minutes): build/deb/auditrack_VERSION_amd64.deb.
.PHONY: install uninstall deb
deb:
	@sh scripts/deps.sh deb
	@sh test/deb.sh

install: auditrack $(DOCS_GEN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(SYSCONFDIR)/auditrack
	install -m 0755 auditrack $(DESTDIR)$(BINDIR)/auditrack
	install -m 0644 build/man/auditrack.1 $(DESTDIR)$(MANDIR)/man1/auditrack.1
	install -m 0644 build/man/auditrack-serve.8 $(DESTDIR)$(MANDIR)/man8/auditrack-serve.8
	install -m 0644 build/auditrack.bash $(DESTDIR)$(BASHCOMPDIR)/auditrack
	[ -e $(DESTDIR)$(SYSCONFDIR)/auditrack/auditrack.conf ] || \
	  install -m 0640 examples/auditrack.conf $(DESTDIR)$(SYSCONFDIR)/auditrack/auditrack.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/auditrack $(DESTDIR)$(MANDIR)/man1/auditrack.1 \
	  $(DESTDIR)$(MANDIR)/man8/auditrack-serve.8 $(DESTDIR)$(BASHCOMPDIR)/auditrack
	! cmp -s examples/auditrack.conf $(DESTDIR)$(SYSCONFDIR)/auditrack/auditrack.conf || \
	  rm -f $(DESTDIR)$(SYSCONFDIR)/auditrack/auditrack.conf
	-rmdir $(DESTDIR)$(SYSCONFDIR)/auditrack 2>/dev/null
