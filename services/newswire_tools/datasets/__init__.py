"""Readers of the labelled data sets that the evaluations (`newswire_tools.eval`) and the model builds
(`newswire_tools.train`) share: CoNLL-2003, BBC News, AG News, HuffPost's News Category, the IPTC Media
Topics vocabulary. The data is read where it lies (research use), never copied into the repository.
"""
