"""PostgreSQL without installing PostgreSQL: the `pgserver` wheel, for `make run` and `make test`.

Used only when DATABASE_URL is unset. Every process that opens the same data directory
shares one server; pgserver stops it when the last of them exits. Its socket lives in the
data directory (or a short runtime directory when that path is too long for a Unix socket).
"""

from __future__ import annotations

from pathlib import Path

_server = None


def database_url(data_dir: Path) -> str:
    global _server
    if _server is None:
        import warnings

        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
        warnings.filterwarnings("ignore", module="platformdirs")
        import pgserver

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        _server = pgserver.get_server(data_dir, cleanup_mode="stop")
        _server.psql(
            "SELECT 'CREATE DATABASE shlawyers' "
            "WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'shlawyers')\\gexec"
        )
    # get_uri() gives postgresql://postgres:@/postgres?host=<socket dir>
    return _server.get_uri("shlawyers")
