"""Offline evaluations of newswire's pipeline against labelled data sets."""
