# Set-up and checks for escalade. Two entry points, see README.md:
#   make demo   creates the virtual environment, installs, runs the main job on examples/
#   make test   the same set-up, then the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ESCALADE := $(VENV)/bin/escalade
DATE_DEMO := 2026-06-30
# Debian packages the project needs: Pango and HarfBuzz (with its subset library) for
# WeasyPrint, fonts, PostgreSQL for the store tests, poppler (pdftotext) and LibreOffice
# Writer to read the letters back in the tests (DOCX laid out as a user opens them),
# chromium for the worklist's browser test.
PAQUETS_SYSTEME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
	postgresql poppler-utils libreoffice-writer-nogui chromium

.PHONY: demo test systeme installer lint benchmarks propre

systeme:
	@manquants=""; for p in $(PAQUETS_SYSTEME); do \
		dpkg -s $$p >/dev/null 2>&1 || manquants="$$manquants $$p"; done; \
	if [ -n "$$manquants" ]; then \
		echo "Installation des paquets système :$$manquants"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$manquants >/dev/null; \
	fi

$(VENV)/.installe: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Byte-compiled once here so that the first command a user runs starts as fast as the next ones
# (compileall only rewrites the .pyc of modules changed since; a no-op otherwise).
installer: systeme $(VENV)/.installe
	$(PY) -m compileall -q escalade

DEMO_DB := demo/escalade.sqlite

demo: installer
	@echo "== Décomptes des dossiers d'exemple au $(DATE_DEMO) =="
	$(ESCALADE) decompte examples/*.yaml examples/portefeuille.csv --date $(DATE_DEMO)
	@echo "== Import des exemples dans le dépôt SQLite $(DEMO_DB), puis plan du jour =="
	rm -rf demo && mkdir -p demo
	$(ESCALADE) importer --db $(DEMO_DB) examples/*.yaml examples/portefeuille.csv
	$(ESCALADE) plan --db $(DEMO_DB) --date $(DATE_DEMO)
	@echo "== Lettres du jour des dossiers d'exemple au $(DATE_DEMO) (plan d'escalade et contrôle de conformité) =="
	$(ESCALADE) lot examples/*.yaml examples/portefeuille.csv --date $(DATE_DEMO) --sortie demo/lettres_du_jour
	@echo "Lettres PDF/A, PDF à imprimer et manifeste.csv dans le dossier : demo/lettres_du_jour/"
	@echo "== Aujourd'hui : décomptes « à parfaire » tant qu'un taux du semestre n'est pas publié =="
	$(ESCALADE) decompte examples/01_b2b_paiements_partiels.yaml examples/02_b2c_mise_en_demeure.yaml
	$(ESCALADE) plan --db $(DEMO_DB)
	$(ESCALADE) lot examples/*.yaml examples/portefeuille.csv --sortie demo/lettres_aujourdhui
	$(ESCALADE) lettre examples/01_b2b_paiements_partiels.yaml --modele mise_en_demeure --sortie demo/lettres_aujourdhui
	@pdftotext -layout demo/lettres_aujourdhui/D-2026-001_mise_en_demeure_*.pdf - | grep -A3 "arrêtée" || true
	@echo "Lettres du jour dans le dossier : demo/lettres_aujourdhui/ ; taux manquants : $(ESCALADE) taux"

test: installer
	tests/pg_local.sh $(PY) -m pytest

lint: installer
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy escalade

benchmarks: installer
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

propre:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
