# TehPUG community backend.
#   make run    the whole system on this machine (no AWS account, no Docker)
#   make test   every test, starting the local services it needs, and a short fuzz of each fuzz target
#   make fuzz   each fuzz target for FUZZTIME (1m)
#   make bench  cold starts, binary sizes and latencies (see docs/BENCHMARKS.md)
#   make build  every function's bootstrap, as `sam build` builds them
#   make site   the example website (site/example) against the local API
#   make match  a Battlefield match on this machine: GAME=duel|grid ROBOT=file [AGAINST=..] [SEED=..]

GOARCH ?= arm64
ARTIFACTS_DIR ?= .aws-sam/local
GO_BUILD = CGO_ENABLED=0 GOOS=linux GOARCH=$(GOARCH) go build -trimpath -tags lambda.norpc -ldflags='-s -w'

# Every function in template.yaml, by logical ID, and the folder of its main.
FUNCTIONS = PagesFunction:pages MembersFunction:members AuthFunction:auth ConsoleFunction:console PasskeysFunction:passkeys MeetupsFunction:meetups TalksFunction:talks BattlefieldFunction:battlefield LeaguesFunction:leagues MentorshipFunction:mentorship MeetupReminderFunction:meetup-reminder CallForSpeakersFunction:call-for-speakers CheckinReminderFunction:checkin-reminder OrganizerDigestFunction:organizer-digest LeagueDrawFunction:league-draw LeaguePlayFunction:league-play

# Every Python function in template.yaml, by logical ID, and the folder of
# its code. Its build copies the folder's packages (each subfolder with an
# __init__.py, the tests apart) as they are: the handler's module is one.
PYTHON_FUNCTIONS = MatchRunnerFunction:battlefield

.PHONY: run test test-unit bench build lint deploy clean-data node-tools generate chromium hugo python3 site fuzz fuzz-short match
.DEFAULT_GOAL := help

help:
	@echo "make run | test | fuzz | bench | build | lint | deploy | clean-data | site | match"

# --- build targets called by `sam build` (one per function) -----------------
define build_function
.PHONY: build-$(1)
build-$(1): generate
	$$(GO_BUILD) -o $$(ARTIFACTS_DIR)/bootstrap ./functions/$(2)
endef
$(foreach f,$(FUNCTIONS),$(eval $(call build_function,$(word 1,$(subst :, ,$(f))),$(word 2,$(subst :, ,$(f))))))

define build_python_function
.PHONY: build-$(1)
build-$(1):
	@mkdir -p $$(ARTIFACTS_DIR)
	@for init in $(2)/*/__init__.py; do pkg=$$$${init%/__init__.py}; name=$$$${pkg##*/}; \
	  [ "$$$$name" = tests ] && continue; \
	  rm -rf "$$(ARTIFACTS_DIR)/$$$$name" && cp -R "$$$$pkg" "$$(ARTIFACTS_DIR)/$$$$name" || exit 1; done
	@find $$(ARTIFACTS_DIR) -name __pycache__ -prune -exec rm -rf {} +
endef
$(foreach f,$(PYTHON_FUNCTIONS),$(eval $(call build_python_function,$(word 1,$(subst :, ,$(f))),$(word 2,$(subst :, ,$(f))))))

build: generate
	@for f in $(FUNCTIONS) $(PYTHON_FUNCTIONS); do id=$${f%%:*}; \
	  $(MAKE) --no-print-directory build-$$id ARTIFACTS_DIR=$(CURDIR)/.aws-sam/build/$$id GOARCH=$(GOARCH) || exit 1; done

# --- generated code ---------------------------------------------------------
# Pages and emails are templ components (internal/web, internal/email): the
# pinned templ (a tool line in go.mod) compiles each .templ file into a
# *_templ.go beside it. They are build outputs, not committed.
generate:
	env -u GOOS -u GOARCH go tool templ generate -path internal

# --- local tools ------------------------------------------------------------
infra/node_modules/.package-lock.json: infra/package.json infra/package-lock.json
	npm ci --prefix infra --no-audit --no-fund
	@touch $@

node-tools: infra/node_modules/.package-lock.json

# The browser tests (infra/browser) drive Chromium from the OS packages,
# headless. As root on Debian or Ubuntu (CI), this installs it; anywhere
# else it says how, once, and stops: the browser tests never skip.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "$$CHROMIUM" ] || \
	  { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "installing Chromium (apt-get install chromium) for the browser tests"; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || exit 1; \
	    else echo "make test needs Chromium for the browser tests: install the chromium package (sudo apt-get install chromium), or set CHROMIUM to its path" >&2; exit 1; fi; }

# The website's Hugo module (site/module) and its example site (site/example)
# are built with Hugo from the OS packages, at least HUGO_MIN (Debian's is
# 0.111.3). As root on Debian or Ubuntu (CI), this installs it; anywhere else
# it says how, once, and stops. An older Hugo stops it too.
HUGO_MIN = 0.111.0
hugo:
	@command -v hugo >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "installing Hugo (apt-get install hugo) for the website"; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null || exit 1; \
	    else echo "the website needs Hugo $(HUGO_MIN) or newer: install the hugo package (sudo apt-get install hugo), or see https://gohugo.io/installation/" >&2; exit 1; fi; }
	@v=$$(hugo version | sed -n 's/^hugo v\([0-9][0-9.]*\).*/\1/p'); \
	  printf '%s\n%s\n' "$(HUGO_MIN)" "$$v" | sort -V -C || \
	  { echo "the website needs Hugo $(HUGO_MIN) or newer; this is $$v" >&2; exit 1; }

# Battlefield's match runner (battlefield/) is Python: its tests, make match,
# and the local stack (whose runtime for it is infra/local/pyruntime) run it
# with python3, at least 3.11. As root the robots run as nobody, who cannot
# reach a Python installed under /root, so root needs /usr/bin/python3 too.
# As root on Debian or Ubuntu (CI), this installs it; anywhere else it says
# how, once, and stops.
python3:
	@{ command -v python3 >/dev/null 2>&1 && { [ "$$(id -u)" != 0 ] || [ -x /usr/bin/python3 ]; }; } || \
	  { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "installing Python (apt-get install python3) for Battlefield's match runner"; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null || exit 1; \
	    else echo "Battlefield's match runner needs Python 3.11 or newer: install the python3 package (sudo apt-get install python3)" >&2; exit 1; fi; }
	@python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Battlefield's match runner needs Python 3.11 or newer; this is $$(python3 --version)" >&2; exit 1; }

# The example website, built against the API at SITE_API (make run builds
# and serves it itself, against the API it runs). Without the API the build
# warns and its pages fetch the meetups in the browser.
SITE_API ?= http://127.0.0.1:3000
site: hugo
	HUGO_PARAMS_TEHPUG_API=$(SITE_API) hugo --source site/example --destination $(CURDIR)/.local/site --cleanDestinationDir

# --- everyday targets -------------------------------------------------------
# Built and run directly (not with go run), so a signal to make reaches the
# stack itself and it stops every process it started.
run: node-tools generate hugo python3
	go build -o .local/bin/tehpug-local ./infra/local/cmd/tehpug-local
	exec .local/bin/tehpug-local $(RUN_FLAGS)

test: node-tools generate chromium hugo python3
	go vet ./...
	go tool staticcheck ./...
	cd battlefield && python3 -m unittest discover -s tests -t .
	go test -count=1 -timeout 15m ./...
	@$(MAKE) --no-print-directory fuzz-short

# --- fuzzing ----------------------------------------------------------------
# Every fuzz target, as package:name (infra/contract fails if one is missing).
# Their seeds run in every go test; fuzz-short, the last step of make test,
# fuzzes each for FUZZTIME_SHORT, and make fuzz for FUZZTIME. A crash is
# written to the package's testdata/fuzz/<target>/: fix it and commit the
# file, which then runs as a seed. FUZZMINIMIZETIME bounds how long a new
# input is shrunk: composing an email takes milliseconds, and the default
# minute of shrinking would leave a run fuzzing nothing.
FUZZ_TARGETS = \
	./internal/httpapi:FuzzDecode \
	./internal/httpapi:FuzzHoneypot \
	./internal/httpapi:FuzzPathParams \
	./internal/httpapi:FuzzDecodeUpload \
	./internal/dynamo:FuzzCursor \
	./internal/email:FuzzCompose \
	./internal/meetups:FuzzRegistrationsCSV \
	./internal/calendar:FuzzInvite
FUZZTIME ?= 1m
FUZZTIME_SHORT ?= 4s
FUZZMINIMIZETIME ?= 10s

fuzz: generate
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; name=$${t#*:}; \
	  echo "go test -run '^\$$' -fuzz '^$$name\$$' -fuzztime $(FUZZTIME) $$pkg"; \
	  go test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) $$pkg || exit 1; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME_SHORT) FUZZMINIMIZETIME=1s

bench: node-tools generate python3
	go run ./infra/bench

# One Battlefield match on this machine, turn by turn (docs/BATTLEFIELD.md):
#   make match GAME=grid ROBOT=battlefield/starters/grid.py AGAINST=flood SEED=7 [OUTPUT=1: what the robots print]
GAME ?= duel
match: python3
	@[ -n "$(ROBOT)" ] || { echo "usage: make match GAME=duel|grid ROBOT=path/to/robot.py [AGAINST=house robot or file] [SEED=n] [OUTPUT=1]" >&2; exit 1; }
	python3 battlefield/match.py $(GAME) $(ROBOT) $(if $(AGAINST),--against $(AGAINST)) $(if $(SEED),--seed $(SEED)) $(if $(OUTPUT),--output)

lint: generate
	go vet ./...
	go tool staticcheck ./...

deploy:
	sam build && sam deploy --guided

clean-data:
	rm -rf .local
