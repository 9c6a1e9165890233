"""Pure analysis of documents: clean, identify, extract, reconcile. No I/O, no Textual."""
