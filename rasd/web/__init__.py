"""rasd's dashboard and JSON API: ``create_app(settings, store)`` builds the FastAPI app."""

from rasd.web.app import create_app

__all__ = ["create_app"]
