"""Container healthcheck for the web service: GET /healthz with an allowed Host header.

Django answers 400 to a Host that is not in ALLOWED_HOSTS, and production allows only the
site's own name, so the check sends that name (the first concrete entry of ALLOWED_HOSTS)
instead of 127.0.0.1. /healthz is exempt from the HTTPS redirect. Standard library only:
it runs every 30 s and must not import Django. Exit 0 when healthy, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def healthcheck_host(allowed_hosts: str) -> str:
    """The Host header to send: the first ALLOWED_HOSTS entry, wildcards made concrete."""
    for raw in allowed_hosts.split(","):
        host = raw.strip()
        if not host:
            continue
        if host == "*":
            return "localhost"
        # ".example.cn" allows example.cn and every subdomain.
        return host.lstrip(".")
    return "localhost"


def main() -> int:
    url = os.environ.get("HEALTHCHECK_URL", DEFAULT_URL)
    host = healthcheck_host(os.environ.get("ALLOWED_HOSTS", ""))
    request = urllib.request.Request(url, headers={"Host": host})  # noqa: S310 - fixed http URL
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            ok = response.status == 200
    except (urllib.error.URLError, OSError) as exc:
        print(f"healthcheck: {url} (Host: {host}) failed: {exc}", file=sys.stderr)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
