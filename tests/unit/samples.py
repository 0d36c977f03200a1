"""Sample pages and text dumps written for these tests."""

from __future__ import annotations

STORY = [
    "The harbour council voted on Wednesday evening to rebuild the ferry pier that storms damaged "
    "last winter, ending months of debate over how to pay for it.",
    "Councillors approved the plan by seven votes to two after a three-hour session that drew dozens "
    "of residents, many of whom rely on the ferry to reach work on the mainland.",
    "The rebuild is expected to cost about 4.2 million, most of it from a regional infrastructure "
    "fund, with the rest raised through a temporary increase in mooring fees.",
    "Work is due to begin in the spring and take about a year, the council said, during which a "
    "temporary landing stage will be used by the morning and evening crossings.",
]

PAGE = """<!doctype html>
<html lang="en-GB"><head>
<title>Harbour council votes to rebuild the ferry pier | Northshore Ledger</title>
<link rel="canonical" href="/story/harbour-pier-rebuild">
<meta property="og:title" content="Harbour council votes to rebuild the ferry pier">
<meta property="og:site_name" content="Northshore Ledger">
<meta property="article:section" content="Local">
<meta property="article:tag" content="Harbour">
<meta property="article:tag" content="Transport">
<meta name="author" content="https://social.example.com/mara">
<meta property="article:published_time" content="2024-01-17T21:30:00+00:00">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Northshore Ledger"},
 {"@type": "NewsArticle", "headline": "Harbour council votes to rebuild the ferry pier",
  "author": [{"@type": "Person", "name": "Mara Lindqvist"}, {"@type": "Organization", "name": "Coast Press"}],
  "datePublished": "2024-01-17T16:30:00-05:00", "dateModified": "2024-01-17T18:00:00-05:00",
  "keywords": "harbour, ferries, council", "inLanguage": "en-GB"}]}
</script></head>
<body><nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article>
<h1>Harbour council votes to rebuild the ferry pier</h1>
<p class="byline">By Mara Lindqvist</p>
<p>@0@</p>
<p>@1@ <span class="rollover-card"><a href="/people/mayor">Mayor profile</a> Latest stories</span></p>
<h2>Costs and funding</h2>
<p>@2@</p>
<p>@3@</p>
<p>Follow us on Twitter for more local news.</p>
<p>Sign up for our morning newsletter to get the day's stories in your inbox.</p>
<ul><li><a href="/story/2">Ferry timetable changes for the winter season</a></li>
<li><a href="/story/3">Council approves new cycle lanes along the front</a></li></ul>
</article>
<footer><p>Copyright 2024 Northshore Ledger. All rights reserved.</p></footer>
</body></html>
"""
for _index, _paragraph in enumerate(STORY):
    PAGE = PAGE.replace(f"@{_index}@", _paragraph)

DUMP = "\n".join(
    [
        "date 2024-01-18 en English",
        "Politics",
        "Harbour council votes to rebuild the ferry pier",
        "author",
        "By: Mara Lindqvist",
        "Published: January 18, 2024 at 3:47 am EST | Updated: Jan 18, 2024 at 4:21 am EST",
        STORY[0],
        STORY[1],
        "Costs and funding",
        STORY[2],
        STORY[3],
        "Politics Harbour Affairs United States",
        "Mara Lindqvist",
        "Northshore Ledger is an independent publisher of local news for the northern coast.",
    ]
)
