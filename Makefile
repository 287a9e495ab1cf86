# The two commands of the README: `make run` and `make test`. Everything else is for developers.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test lint install migrate seed serve translations format bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# XStatic-Bootstrap's sdist still imports pkg_resources: build it with a setuptools that has it.
	$(PY) -m pip install --quiet "setuptools<81" wheel
	$(PY) -m pip install --quiet --no-build-isolation -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

translations: install
	$(PY) manage.py compile_translations

migrate: install translations
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo ""
	@echo "  Khoa giáo đang chạy tại: http://127.0.0.1:$(PORT)/   (dừng: Ctrl+C)"
	@echo ""
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py run_jobs & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install translations
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy khoagiao config
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install translations
	$(PY) bench/foundation.py
	$(PY) bench/reporting.py
	$(PY) bench/consolidation.py
	$(PY) bench/register.py
	$(PY) bench/tasks.py
	$(PY) bench/opinion.py

clean:
	rm -rf $(VENV) var/staticfiles
