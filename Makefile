# The README's commands, as make targets. CI runs .ci/run, which calls the same commands.
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test ci lint format messages fonts

run:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -r requirements.txt && $(PY) manage.py migrate && $(PY) manage.py load_demo && $(PY) manage.py runserver 127.0.0.1:8000

test:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -r requirements-dev.txt && $(PY) -m pytest

ci:
	bash .ci/run

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

# Refresh the Russian catalogue after changing translatable strings; commit both files.
messages:
	$(PY) manage.py makemessages -l ru --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

# Rebuild the self-hosted fonts in static/fonts/ from the @fontsource packages (see the README).
fonts:
	sh scripts/build_fonts.sh
