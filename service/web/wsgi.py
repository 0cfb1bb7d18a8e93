"""The WSGI application for a server process; settings come from INSPECTION_KG_* variables."""

import logging

from . import create_app

if not logging.getLogger().handlers:  # module loggers' lines in the server's log, in granian's style
    logging.basicConfig(level=logging.INFO, format="[%(levelname)s] %(name)s: %(message)s")

app = create_app()
