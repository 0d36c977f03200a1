"""What counts as a word, one pattern per meaning: each step that splits text into words uses one of these.

They differ on purpose, and each says why; each is applied to lowered or case-folded text as it says.
"""

from __future__ import annotations

import re

#: Words of any script (letters, digits, underscore), on case-folded text: what content fingerprints
#: and learned boilerplate compare, so that texts differing only in case, punctuation or spacing are
#: one text, in any language.
WORD = re.compile(r"\w+")
#: The trained topic model's words, on lowered text: ASCII letters and digits, an apostrophe's ending
#: kept ("don't", "company's"). The shipped models' hashed features and vocabulary are these words, so
#: changing this pattern means training them again.
TOPIC_FEATURE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
#: The keyword lexicon's words, on lowered text: ASCII letters only, as its stems are; a digit ends a
#: word, so "tv2" meets the stem "tv", which a longer word ("tvs") would not.
LEXICON_WORD = re.compile(r"[a-z]+")
#: The IPTC vocabulary's words, on lowered text: ASCII letters and digits, as its labels name things
#: with digits in them ("3x3 basketball", "football 5-a-side").
TERM_WORD = re.compile(r"[a-z0-9]+")
