"""Watching the news: sources polled on a schedule, new articles read, alerts raised.

Stages, one module each: ``sources`` (what a user writes: URLs, kinds, schedules, sources.toml),
``fetch`` (a polite HTTP client), ``discover`` (feeds, sitemaps and folders → article URLs),
``webpage`` (HTML → ``Article``), ``poll`` (one source, once), ``runner`` (every source, forever),
``logs`` (structured logs). The state lives in the database (``rasd.store``): a watcher can be
killed at any moment and started again.
"""
