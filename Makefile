# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test lint typecheck layers bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the pins or the project metadata change.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt torch==2.13.0
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/checker check examples/ukraine-talks.txt --references references/ || [ $$? -eq 1 ]

test: $(STAMP)
	$(BIN)/ruff check checker tests benchmarks training
	$(BIN)/mypy checker
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check checker tests benchmarks training

typecheck: $(STAMP)
	$(BIN)/mypy checker

# The layers of the package (import-linter contracts in pyproject.toml).
layers: $(STAMP)
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Speed and memory figures (help, cold and warm check, corpus throughput, reference-set scaling).
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
