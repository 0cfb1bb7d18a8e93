"""The WSGI application for a server process; settings come from INSPECTION_KG_* variables."""

from . import create_app

app = create_app()
