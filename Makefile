# The whole set-up: `make serve` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: serve test lint build install clean bench bench-corpus vendor screenshots fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/inspection-kg build

serve: build
	$(BIN)/inspection-kg serve --host $(HOST) --port $(PORT)

test: lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: build $(BENCH_STAMP)
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/endpoint.py
	$(BIN)/python benchmarks/endpoint.py --unique
	$(BIN)/python benchmarks/pages.py
	$(BIN)/python benchmarks/stores.py
	$(BIN)/python benchmarks/progress.py

# The fuzz tests' long run: FUZZ_EXAMPLES inputs per test (make test runs a fixed, seeded few), with statistics.
FUZZ_EXAMPLES ?= 5000
fuzz: build $(STAMP)
	IKG_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q tests/test_fuzz_http.py tests/test_fuzz_extract.py \
		--hypothesis-show-statistics

# Front-end libraries from the npm registry, at the versions pinned in tools/vendor.py (needs Node and npm);
# the copies are committed, so serve and test never need Node.
vendor:
	$(PYTHON) tools/vendor.py

# docs/images/network.png and reader.png, taken in headless Chromium from a server over the build.
screenshots: build
	$(BIN)/python tools/screenshots.py

# The corpus build at N = 1, 10, 100 and 1,000 synthetic reports: a long run (about ten minutes on two CPUs).
# The 1,000-report corpus and its build are left in CORPUS_DIR for loading into stores.
CORPUS_DIR ?= $(or $(TMPDIR),/tmp)/corpus-1000
bench-corpus: $(STAMP)
	$(BIN)/python benchmarks/corpus.py --sizes 1,10,100,1000 --keep $(CORPUS_DIR)

clean:
	rm -rf build $(VENV)
