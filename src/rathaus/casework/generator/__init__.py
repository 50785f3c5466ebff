"""Generated cases for measuring the back office (`rathaus casework-generate`).

Many realistic cases on PostgreSQL, made quickly (rows streamed with COPY), to measure the
worklists at the size of a large city's back office. Never for a database with real work:
see `safety.py` for what is refused and why.
"""

# Every generated submission carries this owner key. A real anonymous owner key is a sha256
# hex digest, so no citizen's token ever matches it; it tells generated rows from real ones.
GENERATED_OWNER = "casework-generate"
