"""The spaCy adapter behind EntityExtractor: loads a pipeline once and reads articles' lines in batches."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newswire.contracts import Entity
from newswire.errors import ConfigurationError
from newswire.pipeline.enrich.entities import headings, places
from newswire.pipeline.enrich.entities.consolidate import Span, consolidate
from newswire.pipeline.enrich.entities.lines import Line, corroborated, lines
from newswire.pipeline.enrich.lazy import LazyExtractor
from newswire.pipeline.normalize import dates

#: Numeric and temporal labels are not entities a newsroom tags.
SKIPPED_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
#: Tokens of one article the recognizer reads: its time is linear in tokens (about 0.1 ms each on
#: one core), and 20,000 characters of punctuation would be 20,000 tokens. English prose of
#: lines.MAX_RECOGNIZED_CHARS is about 4,000, so ordinary articles are read whole.
MAX_TOKENS = 5_000
#: WikiNER's and CoNLL's person and place labels, named as the English recognizers name them: a French
#: `PER` is a PERSON and a `LOC` goes through the same place rules as an English GPE.
_AS_ENGLISH = {"PER": "PERSON", "LOC": "GPE"}
#: Components recognition does without (fr_core_news_sm's tok2vec feeds only its morphologizer).
_UNUSED = ["parser", "lemmatizer", "tagger", "attribute_ruler", "senter", "morphologizer"]


def _named(meta: dict[str, Any], model: str) -> tuple[str, frozenset[str]]:
    """A pipeline's name as articles' producer gives it (`fr_core_news_sm-3.8.0`), and its language."""
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', model)}-{meta.get('version', '0')}"
    return name, frozenset({str(meta.get("lang", "en"))})


def lazily(model: str) -> LazyExtractor:
    """`model` (an installed spaCy package or a directory) as an extractor loaded on its first article.
    Its name and language are read from its meta.json now, so a model that is missing fails at start."""
    try:
        from spacy import util

        meta = util.get_model_meta(util.get_package_path(model) if util.is_package(model) else Path(model))
    except (OSError, ImportError, ValueError) as exc:
        raise ConfigurationError(f"cannot load spaCy model {model!r}: {exc}") from exc
    name, languages = _named(meta, model)
    return LazyExtractor(name, languages, lambda: SpacyEntityExtractor(model))


class SpacyEntityExtractor:
    """A spaCy pipeline loaded once, with only the components entity recognition needs."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        try:
            import spacy

            self._nlp: Any = spacy.load(model, exclude=_UNUSED)
        except (OSError, ImportError, ValueError) as exc:
            raise ConfigurationError(f"cannot load spaCy model {model!r}: {exc}") from exc
        if "ner" not in self._nlp.pipe_names:
            raise ConfigurationError(f"spaCy model {model!r} has no entity recognizer")
        tok2vec: Any = self._nlp.get_pipe("tok2vec") if "tok2vec" in self._nlp.pipe_names else None
        if tok2vec is not None and not tok2vec.listening_components:
            self._nlp.remove_pipe("tok2vec")  # en_core_web_sm's recognizer embeds tokens itself
        places.load()
        self.name, self.languages = _named(self._nlp.meta, model)
        self._batch_size = batch_size
        # A recognizer with CoNLL's MISC type learned from Reuters wire copy, whose headlines and
        # datelines are set in capitals: it reads them better as they are (measured on eng.testa).
        ner: Any = self._nlp.get_pipe("ner")
        self._recase_capitals = "MISC" not in ner.labels
        self._labels = _AS_ENGLISH if "PER" in ner.labels else {}

    def _within_budget(self, jobs: list[list[Line]]) -> tuple[list[Line], list[Any]]:
        """Each article's lines as tokens, in order, until it has MAX_TOKENS; later lines are not read."""
        kept, tokens = [], []
        for article_lines in jobs:
            budget = MAX_TOKENS
            for line in article_lines:
                if budget <= 0:
                    break
                doc = self._nlp.make_doc(line.model_text)
                kept.append(line)
                tokens.append(doc if len(doc) <= budget else doc[:budget].as_doc())
                budget -= len(doc)
        return kept, tokens

    def extract(self, docs: Sequence[tuple[str, str]]) -> list[list[Entity]]:
        jobs = [lines(index, title, body, self._recase_capitals) for index, (title, body) in enumerate(docs)]
        flat, tokens = self._within_budget(jobs)
        parsed = self._nlp.pipe(tokens, batch_size=self._batch_size)
        found: list[list[tuple[Span, float]]] = [[] for _ in docs]
        on_heading: list[list[bool]] = [[] for _ in docs]
        for line, doc in zip(flat, parsed, strict=True):
            datelined = dates.dateline_places(line.text)
            spans = [line.span(a, b, "GPE") for a, b in datelined] + [
                span
                for e in doc.ents
                if e.label_ not in SKIPPED_LABELS
                and not any(a < e.end_char and e.start_char < b for a, b in datelined)
                and (span := line.span(e.start_char, e.end_char, self._labels.get(e.label_, e.label_)))[4] > span[3]
            ]
            vote, heading = line.vote, line.heading
            found[line.article] += [(span, vote) for span in spans]
            on_heading[line.article] += [heading] * len(spans)
        results = []
        for (_, body), pairs, heads, article_lines in zip(docs, found, on_heading, jobs, strict=True):
            if any(heads):
                prose = "\n".join(x.text for x in article_lines if x.field == "body" and not x.heading)
                pairs = headings.checked(pairs, heads, prose)  # noqa: PLW2901
            if article_lines and article_lines[0].field == "title" and article_lines[0].recased:
                pairs = corroborated(pairs)  # noqa: PLW2901
            lead_end = body.find("\n\n") if "\n\n" in body else len(body)
            results.append(consolidate([span for span, _ in pairs], lead_end, [vote for _, vote in pairs]))
        return results
