"""The review desk's domain rules: which corrections are valid (``fields``), what the extractor
reads in a sentence a reviewer selects (``prefill``), and reviewed documents as gold (``gold``).
Decisions themselves are stored by ``rasd.store`` (``Store.review``), each with its audit record."""
