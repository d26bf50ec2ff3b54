"""gunicorn settings for `make serve` (production): https://docs.gunicorn.org/en/stable/settings.html

Every value can be changed from the environment without editing this file. Reload the code
gracefully with `make reload` (SIGHUP: new workers start, old ones finish their requests).
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"

# Two workers per core plus one, each with a few threads for requests that wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 2)

# A request that takes longer than this is a bug or an attack: the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so that memory a request took is given back.
max_requests = 2000
max_requests_jitter = 200

# Behind the TLS proxy (which buffers request bodies, see the README): trust its
# X-Forwarded-* headers only when it connects from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

# Access log on stdout: client, request, status, size, duration in milliseconds, user agent.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'

proc_name = "papershelf"
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
