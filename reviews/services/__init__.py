"""Writes that touch several rows or models, one module per concern.

Plain functions with keyword-only arguments, ``@transaction.atomic``, ``full_clean()`` before
``save()``: ``curation`` (merging topics, venues and papers; reading status), ``papers`` (finding or
creating a paper from imported metadata), ``reviews`` (writing and publishing reviews with slides).
"""
