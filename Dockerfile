# Returnflow's one image for every role: web (gunicorn), worker, beat, migrations.
#   docker build -t returnflow .
#   docker run --env-file prod.env returnflow                      # web on :8000
#   docker run --env-file prod.env returnflow celery -A returnflow worker -c 2
#   docker run --env-file prod.env returnflow celery -A returnflow beat
#   docker run --env-file prod.env returnflow python manage.py migrate   # with DATABASE_OWNER_URL set
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=returnflow.settings LOG_FORMAT=json GUNICORN_BIND=0.0.0.0:8000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus

# WeasyPrint/reportlab fonts and the libraries Pillow's wheels do not bundle; nothing else.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core libpq5 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --require-hashes -r requirements.txt
COPY . .
# Static files are baked into the image (served by WhiteNoise); a throwaway key is enough for collectstatic.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input -v0

# Never root; no writable state in the image (media in S3, sessions and cache in PostgreSQL/Redis).
RUN useradd --system --uid 10001 returnflow
USER 10001
EXPOSE 8000
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
