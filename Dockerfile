FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var
WORKDIR /app
# WeasyPrint's PDFs of printed papers need Pango and a CJK font (core/printing.py).
RUN apt-get update && apt-get install -y --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY . .
# The project installs only its pinned dependencies; the code runs from /app.
RUN pip install --no-cache-dir . \
 && python manage.py compiletranslations \
 && SECRET_KEY=build-only \
    FIELD_ENCRYPTION_KEY="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    python manage.py collectstatic --noinput -v0 \
 && useradd --system --home /app xinfang && mkdir -p /app/var/uploads && chown -R xinfang /app/var
USER xinfang
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
