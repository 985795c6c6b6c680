"""Gives every HttpUser request a client timeout, without touching the
locustfile under test: pass it as a second locustfile,

    locust -f fixtures/locust/estimator_locustfile.py,scripts/fixture_runs/client_timeout.py ...

FIXTURE_CLIENT_TIMEOUT is the timeout in seconds (unset or 0: none, Locust's
default). A request that waits longer fails with a ReadTimeout after that many
seconds, like requests behind a proxy or pool timeout. It defines no User
class, so it adds nothing to the load.
"""

import os

from locust.clients import HttpSession

TIMEOUT = float(os.getenv("FIXTURE_CLIENT_TIMEOUT", "0") or 0)

if TIMEOUT > 0:
    _request = HttpSession.request

    def _request_with_timeout(self, method, url, *args, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = TIMEOUT
        return _request(self, method, url, *args, **kwargs)

    HttpSession.request = _request_with_timeout
