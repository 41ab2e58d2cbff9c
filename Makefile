# examprep: `make run` serves the app with a demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000
MO     := examprep/translations/ur/LC_MESSAGES/messages.mo examprep/translations/ja/LC_MESSAGES/messages.mo

.PHONY: install run serve test bench translations extract-messages db clean help

help:
	@echo "make run    - install into .venv, migrate, load question_banks/, create demo accounts, serve on http://$(HOST):$(PORT)"
	@echo "make test   - the whole test suite (SQLite; set EXAMPREP_TEST_DATABASE_URL for PostgreSQL)"
	@echo "make bench  - the benchmarks (figures go to benchmarks/RESULTS.md)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(STAMP)

install: $(STAMP) translations

translations: $(MO)

examprep/translations/%/LC_MESSAGES/messages.mo: examprep/translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d examprep/translations -l $* -i $< -o $@ -f

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o examprep/translations/messages.pot .
	$(BIN)/pybabel update -i examprep/translations/messages.pot -d examprep/translations --no-fuzzy-matching

db: install
	$(BIN)/examprep db upgrade
	$(BIN)/examprep banks load question_banks/
	$(BIN)/examprep demo

run: db
	@echo "examprep is serving on http://$(HOST):$(PORT)  (Ctrl-C stops it)"
	$(BIN)/flask --app 'examprep:create_app()' run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
