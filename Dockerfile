# sitrep production image: slim Python, locked dependencies, non-root, data in a volume.
FROM python:3.11-slim AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY bot ./bot
COPY summaries ./summaries
COPY config ./config
RUN uv sync --frozen --no-dev \
 # story matching reads only wordfreq's small English list: drop the 57 MB of other lists
 && find .venv/lib/python3.11/site-packages/wordfreq/data -type f ! -name 'small_en.*' -delete

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 sitrep && mkdir /data && chown sitrep:sitrep /data
WORKDIR /app
COPY --from=build --chown=sitrep:sitrep /app /app
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    SITREP_DATA_DIR=/data \
    SITREP_HTTP__PORT=8080 \
    SITREP_HTTP__HOST=0.0.0.0
USER sitrep
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys,urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status == 200 else 1)"]
CMD ["sitrep", "run"]
