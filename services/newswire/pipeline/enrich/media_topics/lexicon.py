"""IPTC top-level topics from a weighted keyword lexicon: transparent, fast, and needs no training data."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from newswire.contracts import Topic
from newswire.pipeline.enrich.media_topics.iptc import listed, terms
from newswire.pipeline.words import LEXICON_WORD

#: Stems that signal each top-level topic (lexicon.json); a word matches when it starts with a stem.
LEXICON = terms("lexicon.json")
MAX_CHARS = 20_000
#: Words whose topics are remembered; a bound, since every new word in the stream would add one.
MAX_WORDS = 200_000
#: Scores are a softmax of hits over this temperature (hits capped at MAX_HITS): five politics words
#: against one technology word give politics 0.98.
TEMPERATURE, MAX_HITS = 1.0, 50.0
#: A stem shorter than this must be the whole word ("war" is not "warm", "ai" not "aid").
WHOLE_WORD_BELOW = 4


class LexiconMediaTopicClassifier:
    """Scores each top-level topic by stem hits (title counts triple), softmax-normalized.

    Each word counts once for every topic one of its stems signals ("game" for technology and sport);
    a two-word stem ("labour party") is matched on a pair of words and takes both, so neither word
    also counts alone.
    """

    name = "lexicon-2"
    languages = frozenset({"en"})

    def __init__(self, top_n: int = 3) -> None:
        self._top_n = top_n
        index: defaultdict[str, set[str]] = defaultdict(set)
        pairs: defaultdict[str, set[str]] = defaultdict(set)
        for code, stems in LEXICON.items():
            for stem in stems:
                (pairs if " " in stem else index)[stem].add(code)
        self._index = {stem: tuple(sorted(codes)) for stem, codes in index.items()}
        self._pairs = {stem: tuple(sorted(codes)) for stem, codes in pairs.items()}
        self._first_words = {stem.split()[0] for stem in self._pairs}
        self._prefixes = sorted({len(s) for s in self._index})
        self._codes: dict[str, tuple[str, ...]] = {}  # word -> topics it signals, filled as words are met

    def _codes_of(self, word: str) -> tuple[str, ...]:
        """Topics whose stems start the word, each once (a stem shorter than WHOLE_WORD_BELOW letters
        must be the whole word)."""
        word = word[: self._prefixes[-1]]  # longer words match like this prefix; keeps the memo small
        codes = self._codes.get(word)
        if codes is None:
            found: dict[str, None] = {}
            for size in self._prefixes:
                if size > len(word) or (size < WHOLE_WORD_BELOW and size != len(word)):
                    continue
                found |= dict.fromkeys(self._index.get(word[:size], ()))
            codes = tuple(found)
            if len(self._codes) < MAX_WORDS:
                self._codes[word] = codes
        return codes

    def _pair_codes(self, first: str, second: str) -> tuple[str, ...]:
        """Topics of a two-word stem this pair of words starts with ("labour parties": "labour party")."""
        if first not in self._first_words:
            return ()
        found: dict[str, None] = {}
        for stem, codes in self._pairs.items():
            a, b = stem.split()
            if first == a and second.startswith(b) and (len(b) >= WHOLE_WORD_BELOW or second == b):
                found |= dict.fromkeys(codes)
        return tuple(found)

    def _hits(self, text: str, weight: float, into: defaultdict[str, float]) -> None:
        words = LEXICON_WORD.findall(text.lower())
        index = 0
        while index < len(words):
            pair = self._pair_codes(words[index], words[index + 1]) if index + 1 < len(words) else ()
            for code in pair or self._codes_of(words[index]):
                into[code] += weight
            index += 2 if pair else 1

    def hits(self, title: str, body: str) -> dict[str, float]:
        """Weighted stem hits per topic code."""
        hits: defaultdict[str, float] = defaultdict(float)
        self._hits(title, 3.0, hits)
        self._hits(body[:MAX_CHARS], 1.0, hits)
        return hits

    def classify(self, docs: Sequence[tuple[str, str]]) -> list[list[Topic]]:
        results: list[list[Topic]] = []
        for title, body in docs:
            hits = self.hits(title, body)
            if not hits:
                results.append([])
                continue
            total = sum(math.exp(min(v, MAX_HITS) / TEMPERATURE) for v in hits.values())
            scored = [(c, round(math.exp(min(v, MAX_HITS) / TEMPERATURE) / total, 4)) for c, v in hits.items()]
            results.append(listed(sorted(scored, key=lambda kv: -kv[1]), self._top_n))
        return results
