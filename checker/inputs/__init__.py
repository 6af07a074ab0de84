"""Inputs: articles read into documents with their prose view (`documents`, `prose`), and
reference sets read from YAML (`references`)."""
