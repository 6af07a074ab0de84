# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install browser demo test lint typecheck layers bench bench-precommit fuzz clean

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

# The HTML report's tests drive Debian's Chromium. As root (CI) it is installed here; otherwise
# those tests skip without it (and fail under CI=true).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; } || \
		echo "make: Chromium is not installed and this is not root: the browser tests will skip" >&2

test: $(STAMP) browser
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
	$(BIN)/python -m benchmarks.hostile
	$(BIN)/python -m benchmarks.lsp

# The pre-commit hook for real: builds its environment twice (a few minutes) and prints its size,
# whether any nvidia-* package got in, and the hook's times on an unchanged repository.
bench-precommit: $(STAMP)
	$(BIN)/python -m benchmarks.precommit

# A longer property-based run over every reader of untrusted input (tests/test_properties.py):
# 2,500 examples per property, 500 through the whole library; prints how many ran.
fuzz: $(STAMP)
	@log=$$(mktemp); HYPOTHESIS_PROFILE=fuzz HYPOTHESIS_API_EXAMPLES=500 $(BIN)/python -m pytest -q \
		-p no:cacheprovider tests/test_properties.py --hypothesis-show-statistics > $$log 2>&1; status=$$?; \
		awk '/ passing, / {n += $$2; f += $$4} / passed| failed|Falsifying/ {print} \
		END {print n " examples passed, " f " failed"}' $$log; \
		[ $$status -eq 0 ] || cat $$log; rm -f $$log; exit $$status
