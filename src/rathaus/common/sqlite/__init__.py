"""Django's SQLite backend with queued writers (ENGINE "rathaus.common.sqlite", ADR 0023)."""
