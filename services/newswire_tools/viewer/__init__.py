"""`newswire inspect`: a small self-contained web page over the output and dead-letter topics.

Pure rendering (articles, dead letters, the page) apart from the HTTP server; every piece of text
from a record is escaped, and the page loads nothing from any network.
"""
