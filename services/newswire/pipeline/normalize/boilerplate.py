"""Lines that are about the page or the publisher rather than the story, in any site's markup."""

from __future__ import annotations

import re

#: Only lines up to this long are tested: boilerplate is short, and it bounds regex time.
MAX_LINE_CHARS = 400
_FLAGS = re.IGNORECASE

_LINE = re.compile(
    r"^(?:"
    r"(?:related|see also|see more|read more|read also|also read|more on this"
    r"|more from [\w .'’-]{1,40}"
    r"|don['’]?t miss|must read|recommended|trending|watch|listen)(?: [\w'’]+){0,3}\s*[:|»›].*"
    r"|(?:related(?: stories| articles| coverage| content| links| reading)?"
    r"|read more|more stories|don['’]?t miss"
    r"|recommended(?: for you)?|advertisement|sponsored(?: content)?|trending(?: now)?"
    r"|most (?:read|popular)"
    r"|share (?:this )?(?:article|story|post)?|comments|\d+ comments?|leave a (?:comment|reply)"
    r"|comments are closed|tell us what you think|join the (?:conversation|discussion))\W*"
    r"|(?:got|have) a (?:news )?tip\b.*"
    r"|(?:copyright|©|\(c\))\s.*|.*\ball rights reserved\b.*"
    r"|filed under\s*:.*|(?:tags|topics|categories)\s*:.*"
    r"|(?:updated|last updated|posted)(?: at| on)?\s*:?\s*[\w ,:.]{1,40}"
    r"|\[\w+\b[^\]]*\].*\[/\w+\]"
    r"|.*\[[A-Z]{3,12}\]\W*"
    r")$",
    _FLAGS,
)
_ANYWHERE = re.compile(
    r"\bfollow (?:us|me|him|her|them|[\w.'’-]+(?: [\w.'’-]+){0,3})"
    r" on (?:twitter|facebook|instagram|linkedin|youtube|tiktok|x)\b"
    r"|\b(?:sign up|subscribe)\b.{0,80}\b(?:newsletters?|inbox|alerts)\b"
    r"|\bnewsletters?\b.{0,60}\b(?:sign up|subscribe)\b"
    r"|\bclick here to (?:subscribe|sign up|register)\b"
    r"|\blisten (?:to|back)\b.{0,60}\blive\b"
    r"|\b(?:for (?:as little as|just|only)|\d+ issues for) (?:[$£€₹]|rs\.? ?)\d"
    r"|\buse (?:the )?(?:promo |coupon )?code\b",
    _FLAGS,
)
_NEWSLETTER_TITLE = re.compile(r"^[\w'’ &+-]{0,40}\bnewsletters?$", _FLAGS)
#: A closing note about the publisher or the author, recognised only near the end of the body.
_ABOUT = re.compile(
    r"^about (?:the author|us|[A-Z][\w&.'’ -]{0,40})$"
    r"|^about (?:the (?:author|authors|publisher|newsroom)|us)\s*[:.–—-]\s.*",
    _FLAGS,
)
#: The site's own closing sections, cut wherever one opens in the tail.
_ABOUT_SITE = re.compile(r"^about (?:the (?:author|authors|publisher|newsroom)|us)\b", _FLAGS)
_BLURB = re.compile(
    r"^(?:[A-Z][\w&.'’-]*)(?: [A-Z][\w&.'’-]*){0,4} (?:is|are) (?:a|an|the)\b.{0,120}"
    r"\b(?:provider|company|publisher|organi[sz]ation|leader|group|firm|agency|network|reporter|writer"
    r"|correspondent|editor|journalist|columnist|contributor)\b",
)
#: The publisher speaking of itself: "our newsroom operates in 200 markets", "founded in 1998 by ...".
_PUBLISHER = re.compile(
    r"\b(?:our|we)\b.{0,80}\b(?:newsroom|journalis[mt]s?|reporters|editors|readers|coverage|audiences?)\b"
    r"|\b(?:founded|established|launched) (?:in \d{4}|by)\b.{0,200}"
    r"\b(?:news|newsroom|media|publication|publisher|journalism|readers|markets)\b"
    r"|\bnewsroom (?:operates|serves|covers|reaches)\b",
    _FLAGS,
)
_QUOTE = re.compile(r"[\"“”]")
_CONTACT = re.compile(r"\S+@\S+\.\w+|\b(?:headquartered|employs)\b", _FLAGS)
TAIL_PARAGRAPHS = 4


#: Quick tests that spare most lines the patterns above, run on the line lowered: _LINE can match
#: only a line that starts with one of _LINE_STARTS or a digit, or holds "[" or "reserved";
#: _ANYWHERE only one that holds one of _ANYWHERE_NEEDS; _NEWSLETTER_TITLE only one that holds
#: "newsletter". Lowering finds every case-insensitive match except through three letters the
#: patterns also take for i and s (U+0130, U+0131, U+017F): a line with one goes to the patterns directly.
_LINE_STARTS = (
    "related", "see ", "read ", "also read", "more ", "don", "must read", "recommended", "trending", "watch",
    "listen", "advertisement", "sponsored", "most ", "share", "comment", "leave a", "tell us", "join the",
    "got a", "have a", "copyright", "©", "(c)", "filed under", "tags", "topics", "categories", "updated",
    "last updated", "posted", "[",
)  # fmt: skip
_ANYWHERE_NEEDS = (
    "follow", "sign up", "subscribe", "click here", "listen", "for as little as", "for just", "for only",
    "issues for", "code",
)  # fmt: skip
_NOT_LOWERED_AS_MATCHED = ("\u0130", "\u0131", "\u017f")


def is_boilerplate(line: str) -> bool:
    """True for a navigation, sharing, subscription, comment or copyright line."""
    if len(line) > MAX_LINE_CHARS:
        return False
    text = line.strip(" \t-•*")
    if any(map(text.__contains__, _NOT_LOWERED_AS_MATCHED)):
        return bool(_LINE.match(text) or _ANYWHERE.search(text) or _NEWSLETTER_TITLE.match(text))
    low = text.lower()
    line_may = low.startswith(_LINE_STARTS) or low[:1].isdigit() or "[" in low or "reserved" in low
    return bool(
        (line_may and _LINE.match(text))
        or (any(map(low.__contains__, _ANYWHERE_NEEDS)) and _ANYWHERE.search(text))
        or ("newsletter" in low and _NEWSLETTER_TITLE.match(text))
    )


def is_closing_note(paragraph: str) -> bool:
    """A note about the publisher or the author, which may close a body (never a quoted line)."""
    if len(paragraph) > 2 * MAX_LINE_CHARS:
        return False
    publisher = _PUBLISHER.search(paragraph) and not _QUOTE.search(paragraph)
    return bool(_ABOUT.match(paragraph) or _BLURB.match(paragraph) or _CONTACT.search(paragraph) or publisher)


def trim_tail(paragraphs: list[str], *, named_sections: bool = True) -> list[str]:
    """Drop publisher blurbs and author notes that close the body; the story's own end stays.

    With `named_sections` False, a closing section headed "About <name>" stays whole: in a page's
    main text it is a press release's note on the company, part of what the release says (a text
    dump's tail is the site's own furniture, cut). "About the author" and "About us" go either way."""
    about = _ABOUT if named_sections else _ABOUT_SITE
    end = len(paragraphs)
    floor = max(1, end - TAIL_PARAGRAPHS)
    named = not named_sections and any(_ABOUT.match(p) and not about.match(p) for p in paragraphs[floor:])
    while end > floor and not named and is_closing_note(paragraphs[end - 1]):
        end -= 1
    for index in range(end - 1, floor - 1, -1):
        if about.match(paragraphs[index]):
            end = index
    return paragraphs[:end]


def keep_mask(paragraphs: list[str]) -> list[bool]:
    """False for boilerplate lines, and for the short pitch that follows a newsletter's name."""
    mask: list[bool] = []
    after_newsletter = False
    for paragraph in paragraphs:
        pitch = after_newsletter and len(paragraph) <= MAX_LINE_CHARS // 2
        after_newsletter = bool(_NEWSLETTER_TITLE.match(paragraph.strip()))
        mask.append(not (pitch or is_boilerplate(paragraph)))
    return mask


def clean(paragraphs: list[str], *, named_sections: bool = True) -> list[str]:
    """Boilerplate lines removed, then the closing notes (see trim_tail for `named_sections`)."""
    kept = [p for p, keep in zip(paragraphs, keep_mask(paragraphs), strict=True) if keep]
    return trim_tail(kept, named_sections=named_sections)
