# Production images, built by docker-compose.yml:
#   app   — gunicorn serving Django; the same image runs the Celery worker and beat;
#   proxy — Caddy (deploy/Caddyfile) with this build's collected static files.
# The last stage is the app again, so a plain `docker build .` gives the app image.
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DEBUG=false

# fonts-noto-cjk: PDFs reports embed a real CJK font; gettext: compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk gettext libpq5 \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock .

COPY --chown=app:app . .
# collectstatic needs a (throwaway) secret to import settings; the real one comes at run time.
RUN SECRET_KEY=build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(64))') \
    DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput

RUN mkdir -p /app/.data/media /app/.data/private && chown -R app:app /app/.data
USER app
EXPOSE 8000
CMD ["gunicorn", "shlawyers.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

FROM caddy:2.10-alpine AS proxy
COPY deploy/Caddyfile /etc/caddy/Caddyfile
COPY --from=app /app/staticfiles /srv/static
RUN mkdir -p /srv/media

FROM app
