# Only Python 3.11 and make are assumed; everything else is installed into .venv from requirements.lock.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock

.PHONY: demo test test-deep golden mutate validate bench lock clean

$(STAMP): pyproject.toml $(LOCK)
	@test -n "$(PYTHON)" || { echo "error: neither python3.11 nor python3 is on PATH" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

demo: $(STAMP)
	@bash scripts/demo.sh

# Property tests run derandomized (profile "ci", fixed examples); test-deep draws many more, randomly.
# Two processes (pytest-xdist): the suite has ~1,100 tests, a third of them starting servers, browsers or the CLI.
TEST_WORKERS ?= 2
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

test-deep: $(STAMP)
	HYPOTHESIS_PROFILE=deep $(BIN)/python -m pytest -m "not browser" tests

# Rewrite the pinned score JSON in tests/golden/ (review `git diff tests/golden` before committing; docs/testing.md).
golden: $(STAMP)
	$(BIN)/python tests/golden_values.py

# Mutation testing (mutmut) of measures/, path, plan, whatif, privacy and the server's HTTP layer: one niced run, fresh.
mutate: $(STAMP)
	@bash scripts/mutate.sh

validate: $(STAMP)
	$(BIN)/kennisgraaf validate

bench: $(STAMP)
	$(BIN)/python -m bench

# Refresh the lock after changing dependencies in pyproject.toml (needs the package registry).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --all-build-deps --extra test --extra frames \
	  --strip-extras --no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml

clean:
	rm -rf $(VENV) out .pytest_cache
