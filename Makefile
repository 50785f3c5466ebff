# The two commands README.md starts with: `make demo` and `make test`.
PORT ?= 8000
.PHONY: demo test install install-system serve worker test-postgres

install:
	scripts/install.sh

install-system:
	scripts/install.sh --system

demo: install
	.venv/bin/rathaus demo --port $(PORT)

test: install-system
	scripts/test.sh

test-postgres: install-system
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} scripts/test.sh

serve: install
	.venv/bin/rathaus serve --port $(PORT)

worker: install
	.venv/bin/rathaus worker
