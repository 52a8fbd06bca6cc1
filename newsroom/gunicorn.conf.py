"""gunicorn's settings for an app server: ``gunicorn -c newsroom/gunicorn.conf.py``.

Command-line options override these. The worker count comes from ``WEB_CONCURRENCY``,
which gunicorn reads by itself and settings.py checks (README, "Settings"); give it there,
not with ``-w``. Behind a load balancer each app server listens on its own address.
"""

import os

wsgi_app = "newsroom.wsgi"
# The load balancer reaches the server on this address (all interfaces by default).
bind = [os.environ.get("NEWSROOM_BIND", "0.0.0.0:8000")]
# A deploy restarts workers with SIGHUP or stops them with SIGTERM: requests under way
# get this long to finish.
graceful_timeout = 30
