# Two entry points for a fresh machine: `make demo` and `make test` (each sets up .venv first).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# An editable install leaves bytecode and the extractor's compiled regular expressions to the first run, which
	@# cannot keep them when PYTHONDONTWRITEBYTECODE is set: make both now (`newsarchive extract` 0.5 s -> 0.15 s).
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m compileall -q crawler pipelines storage
	env -u PYTHONDONTWRITEBYTECODE $(PY) -c 'import crawler.extract.extractor'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/newsarchive demo

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/extraction_eval.py
	$(PY) bench/search_bench.py --articles 20000

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache newsarchive.db newsarchive.db-* newsarchive.db.* newsarchive.scheduler.*
