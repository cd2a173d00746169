# Mektep — two commands on a fresh machine: `make run` and `make test`.
# Go 1.27 is required; the go command fetches it from the module proxy.
export GOTOOLCHAIN := go1.27.3
export GOFLAGS := -buildvcs=false

GO       ?= go
BIN      := bin
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
PG_BIN    = $(lastword $(sort $(wildcard /usr/lib/postgresql/*/bin)))

TEMPORAL_CLI_VERSION := v1.5.1
WORKFLOWCHECK_VERSION := v0.6.0

.PHONY: all build run reset test vet check tools assets postgres-package chromium-package dovecot-package bench clean fuzz

all: build

## assets: browser assets from npm (package-lock.json) bundled into frontend/dist, embedded by `build`
ASSET_SOURCES := $(wildcard frontend/src/*) frontend/build.mjs frontend/package.json frontend/package-lock.json
assets: frontend/dist/manifest.json

frontend/dist/manifest.json: $(ASSET_SOURCES)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && node build.mjs

## build: the mektep binary
build: assets
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $(BIN)/mektep ./cmd/mektep

## tools: the dev-stack programs, built once and cached under ./bin
tools: $(BIN)/temporal $(BIN)/mektep-ferretdb $(BIN)/workflowcheck

$(BIN)/temporal:
	GOBIN=$(CURDIR)/$(BIN) $(GO) install github.com/temporalio/cli/cmd/temporal@$(TEMPORAL_CLI_VERSION)

$(BIN)/mektep-ferretdb: $(wildcard deploy/ferretdb/*.go) deploy/ferretdb/go.mod deploy/ferretdb/go.sum
	cd deploy/ferretdb && $(GO) build -trimpath -o $(CURDIR)/$(BIN)/mektep-ferretdb .

$(BIN)/workflowcheck:
	GOBIN=$(CURDIR)/$(BIN) $(GO) install go.temporal.io/sdk/contrib/tools/workflowcheck@$(WORKFLOWCHECK_VERSION)

## postgres-package: install Debian's PostgreSQL server if missing (used when none answers)
postgres-package:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "installing the postgresql package"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	fi

## chromium-package: install Debian's chromium for the browser tests if missing
chromium-package:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing the chromium package"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

## dovecot-package: install Debian's Dovecot (IMAP, quota plugin) for the mailbox tests if missing
dovecot-package:
	@if ! command -v dovecot >/dev/null || ! command -v doveadm >/dev/null; then \
		echo "installing the dovecot-imapd package"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd; \
	fi

## run: the whole platform with a demo school (Ctrl-C stops it; data stays in ./var)
run: build tools postgres-package
	$(BIN)/mektep dev

## reset: forget the dev stack's data: everything under ./var except the tests' var/test
## (stop `make run` first; an explicitly set DATABASE_URL is not touched)
reset:
	@if [ -f var/pg/data/postmaster.pid ] && kill -0 "$$(head -n1 var/pg/data/postmaster.pid)" 2>/dev/null; then \
		echo "the dev stack's PostgreSQL is running: stop \`make run\` (Ctrl-C) first,"; \
		echo "or stop a leftover one with: runuser -u postgres -- $(PG_BIN)/pg_ctl -D var/pg/data stop"; exit 1; \
	fi
	@if [ -d var ]; then find var -mindepth 1 -maxdepth 1 ! -name test -exec rm -rf {} +; fi
	@echo "./var emptied (var/test kept): the next \`make run\` starts a fresh demo"

## vet, check: static checks, including workflow determinism
vet:
	$(GO) vet ./...
	cd deploy/ferretdb && $(GO) vet ./...

check: vet $(BIN)/workflowcheck
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(BIN)/workflowcheck ./...

## test: every test against the real stack (PostgreSQL, FerretDB, Temporal, SMTP sink);
## internal/app's end-to-end tests in TEST_SHARDS (4) parallel processes, see scripts/test-shards.sh
TEST_SHARDS ?= 4
export TEST_SHARDS
test: tools assets postgres-package chromium-package dovecot-package check
	@status=0; \
	export MEKTEP_TEST_DATABASE_URL="$${MEKTEP_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5434/postgres?sslmode=disable}"; \
	GO=$(GO) scripts/test-shards.sh || status=$$?; \
	if [ -f var/test/pg/data/postmaster.pid ]; then \
		if [ "$$(id -u)" = 0 ]; then runuser -u postgres -- $(PG_BIN)/pg_ctl -D var/test/pg/data -m fast -w stop >/dev/null; \
		else $(PG_BIN)/pg_ctl -D var/test/pg/data -m fast -w stop >/dev/null; fi; \
	fi; exit $$status

## bench: Go benchmarks (load tests are described in docs/benchmarks.md)
bench: tools
	$(GO) test -run '^$$' -bench . -benchmem ./...

## fuzz: every fuzz target (func FuzzXxx in a _test.go file) for FUZZTIME each; `make test`
## runs their seed corpora (testdata/fuzz/ and f.Add) as ordinary tests. A failing input is
## written to the package's testdata/fuzz/FuzzXxx/: fix the bug and commit the file.
FUZZTIME  ?= 20s
# Minimizing each new input may otherwise take a minute of a slow target's time (Excel).
FUZZFLAGS ?= -fuzzminimizetime 10s
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' --exclude-dir=var --exclude-dir=bin --exclude-dir=.git '^func Fuzz' . | sort); do \
		pkg=$$(dirname $$f); \
		for fn in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
			echo "== $$pkg $$fn ($(FUZZTIME))"; \
			$(GO) test $$pkg -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) $(FUZZFLAGS); \
		done; \
	done

clean:
	rm -rf $(BIN) var/test
