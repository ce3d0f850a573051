# herald: see README.md. Every target runs from the project root.

GO      ?= go
BIN     ?= ./herald
DATA    ?= ./herald-data
SAMPLE  ?= testdata/archive/sample.jsonl

.PHONY: all build test test-short fuzz demo bench lint eval clean

all: lint build test

build:
	$(GO) build -o $(BIN) ./cmd/herald

# The whole suite with the race detector. Tests that need the machine's
# nats-server or PostgreSQL skip unless HERALD_TEST_NATS_URL /
# HERALD_TEST_POSTGRES are set (.ci/run sets them).
test:
	$(GO) test -race -timeout 15m ./...

# Every fuzz target for FUZZTIME each (default 10s; CI runs them for 3s).
fuzz:
	.ci/fuzz

test-short:
	$(GO) test -short ./...

# Replays the sample archive through the embedded pipeline into $(DATA),
# then prints the events the JSON Lines sink holds, one readable line each.
# Run it twice: the second replay adds nothing.
demo: build
	$(BIN) replay --data-dir $(DATA) $(SAMPLE)
	@echo
	@echo "events in $(DATA)/events.jsonl:"
	@HERALD_LOG=warn $(BIN) subscribe --data-dir $(DATA) --from all --idle 1s

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./pipeline/ ./sinks/jsonl/ ./extractors/...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Runs every evaluation `herald eval` knows of (each one says and skips
# when its corpus under ../shared/data, or HERALD_EVAL_DATA, is missing).
eval: build
	@for ev in $$($(BIN) eval -h 2>&1 | awk '/^evaluations:/{on=1;next} on&&/^$$/{exit} on{print $$1}'); do \
		echo "== herald eval $$ev"; $(BIN) eval $$ev || exit 1; \
	done

clean:
	rm -f $(BIN)
