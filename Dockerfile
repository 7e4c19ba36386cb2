# Hamyar bot and worker image. Build: docker build -t hamyar .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 10001 hamyar

# The dependencies first, exactly as locked (versions and hashes; `make lock` writes the file), so this
# layer is rebuilt only when the lock changes; then the project itself, without resolving anything again.
COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY campaigns ./campaigns
COPY storage ./storage
COPY emulator ./emulator
COPY i18n ./i18n
COPY worker ./worker
COPY runtime ./runtime
COPY dashboard ./dashboard
COPY alembic.ini ./
RUN pip install --no-deps . && pip check && rm -rf build *.egg-info && mkdir -p /app/var && chown -R hamyar /app/var

USER hamyar
# Polling by default (one container per token); MODE=webhook serves webhooks on WEBHOOK_PORT (8443) with
# /healthz, and any number of containers can serve them behind a reverse proxy (docker-compose.yml).
EXPOSE 8443 8090
CMD ["python", "-m", "bot", "run"]
