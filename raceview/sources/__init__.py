"""Where documents come from: files, folders, feeds, pages, results pages.

Bytes in, documents out.
"""
