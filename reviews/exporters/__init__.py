"""Turning papers into the formats people paste elsewhere: ``bibtex`` (one module per format)."""
