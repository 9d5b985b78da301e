"""Duplicate detection (finding, scan) and merging of companies and persons."""
