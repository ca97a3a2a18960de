# Payband. `make chat` and `make test` are all a newcomer needs; every target
# skips work already done and is safe to re-run.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPACY_PIPELINE := build/spacy-en-payband/meta.json
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml')
# Payband's own NLU components and their word lists: Rasa's fingerprint does not see a change
# in them, so a newer one forces the training.
NLU_CODE := $(wildcard nlu/*.py nlu/*.txt nlu/*.yml nlu/gazetteer/*.csv nlu/gazetteer/*.yml)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: install services browser-tools screenshots train chat serve web slack cluster forget lint test test-unit test-e2e validate test-stories fuzz simulate nlu-eval benchmark bench bench-cluster lock clean

install: $(VENV)/.installed $(SPACY_PIPELINE)

# rasa 3.6.21 / rasa-sdk 3.6.2 declare Python <3.11: their dependencies come pinned
# from the lock file, then the two packages themselves go in with --no-deps.
$(VENV)/.installed: requirements/lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --ignore-requires-python rasa==3.6.21 rasa-sdk==3.6.2
	touch $@

$(SPACY_PIPELINE): $(VENV)/.installed nlu/build_spacy_pipeline.py $(wildcard nlu/patterns/*) $(wildcard data/nlu/entities/*.yml)
	$(BIN)/python nlu/build_spacy_pipeline.py

MODEL := models/payband.tar.gz

# Rasa's fingerprint skips retraining an unchanged model; touch keeps make quiet too.
$(MODEL): $(VENV)/.installed $(SPACY_PIPELINE) $(TRAINING_INPUTS) $(NLU_CODE)
	$(BIN)/rasa train --fixed-model-name payband --out models $(if $(filter $(NLU_CODE),$?),--force)
	touch $@

train: $(MODEL)

# Payband's terminal client over the REST channel; `scripts/chat.sh --rasa-shell` gives Rasa's own shell.
chat: train
	scripts/chat.sh

serve: train
	scripts/serve.sh

# The same servers as `make serve`, on WEB_HOST:WEB_PORT (default 127.0.0.1:5005); prints the chat page's address.
web: train
	scripts/web.sh

# The scaled-out topology on loopback (README: Scaling out): PostgreSQL, Redis, REPLICAS Rasa
# servers (default 2, SANIC_WORKERS each), the action server, nginx on 8080. Ctrl-C stops it all.
cluster: services train
	scripts/cluster.sh

# Erase one conversation's stored events (README: Privacy): make forget ID=rest:alice
forget: install
	@test -n "$(ID)" || { echo 'usage: make forget ID=<conversation id>  (e.g. rest:alice)' >&2; exit 2; }
	TRACKER_DB="$${TRACKER_DB:-$$PWD/var/conversations.db}" DB_URL="$${DB_URL:-}" $(BIN)/python -m scripts.forget "$(ID)"

# Needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (optional SLACK_CHANNEL, SLACK_API_URL).
slack: train
	scripts/slack.sh

# PostgreSQL's server, Redis and nginx, for the tests and `make cluster`; Chromium, chromedriver and
# npm for the chat page's browser tests (Debian packages; root).
services:
	scripts/install-services.sh

# axe-core (npm, pinned in tests/browser/package-lock.json): the browser tests inject it into the page.
AXE := tests/browser/node_modules/axe-core/axe.min.js
browser-tools: $(AXE)
$(AXE): tests/browser/package-lock.json | services
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

# Style: ruff's checks and its formatter, configured in pyproject.toml (CI runs this first).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: services browser-tools train test-unit test-e2e validate test-stories

# The fast tier: no model, no servers. PAYBAND_FAST_TIER=1 fails a test that loads the model
# or starts a process without being marked slow (tests/conftest.py).
test-unit: install
	PAYBAND_FAST_TIER=1 $(BIN)/pytest -m "not slow"

# The property tests (hypothesis) with new examples: `make test` draws the same ones every run, this
# draws 3,000 a test from a seed it prints first. A failure prints the falsifying example and a
# @reproduce_failure line; `make fuzz SEED=N` replays a run. Not part of `make test`.
SEED ?= $(shell echo $$RANDOM)
fuzz: install
	@echo "fuzz seed $(SEED) (replay: make fuzz SEED=$(SEED))"
	HYPOTHESIS_PROFILE=fuzz PAYBAND_FAST_TIER=1 $(BIN)/pytest -m "hypothesis and not slow" --hypothesis-seed=$(SEED) --hypothesis-show-statistics -q

# 2,000 generated conversations over REST (tests/simulator.py): the pass rate per ask and per phenomenon,
# and the failing seeds (`python -m tests.simulator --seed N` prints one). `make test` runs them too.
simulate: services train
	SIM_CONVERSATIONS=2000 $(BIN)/pytest -m slow tests/test_simulator.py -s -q

# The chat page's browser tests, writing their 360 px and 1280 px screenshots to docs/ (shown in the README).
screenshots: services browser-tools train
	WEB_SCREENSHOTS=docs $(BIN)/pytest -m slow tests/test_web_page.py -q

# Tests marked slow: the trained model, real Rasa and action servers, PostgreSQL, a real browser.
test-e2e: services browser-tools train
	$(BIN)/pytest -m slow

validate: install
	$(BIN)/rasa data validate --quiet

test-stories: train
	$(BIN)/rasa test core --stories tests/test_stories.yml --model $(MODEL) \
	  --fail-on-prediction-errors --out results/stories

# Intent and entity scores (not part of `make test`): on the two held-out, annotated sets
# (tests/nlu_holdout.yml; tests/nlu_holdout_messy.yml with typos and informal phrasing),
# then intents by 3-fold cross-validation of the training data. Each results folder gets
# Rasa's confusion matrix PNG; nlu_report.py prints F1 and the most-confused pairs.
HOLDOUTS := tests/nlu_holdout.yml tests/nlu_holdout_messy.yml
nlu-eval: train
	$(BIN)/rasa test nlu --nlu tests/nlu_holdout.yml --model $(MODEL) --out results/nlu-holdout
	$(BIN)/rasa test nlu --nlu tests/nlu_holdout_messy.yml --model $(MODEL) --out results/nlu-holdout-messy
	$(BIN)/python scripts/entity_eval.py $(MODEL) $(HOLDOUTS)
	$(BIN)/rasa test nlu --nlu data/nlu --cross-validation --folds 3 --out results/nlu-cv
	$(BIN)/python scripts/nlu_report.py results/nlu-holdout results/nlu-holdout-messy results/nlu-cv

# Prints training time and the time from server start to first REST reply.
benchmark: train
	$(BIN)/python scripts/benchmark.py

# Payband against Rasa's starter bot (`rasa init`, built and trained in a temporary folder),
# one at a time, same harness (not part of `make test`; under 15 min): cold start, 1 and 8
# concurrent clients, latency by turn over one 1,000-turn conversation, memory. Prints the
# side-by-side table with targets; writes bench/results.md, results.json, latency-by-turn.png.
bench: train
	$(BIN)/python scripts/bench.py

# `make cluster` through nginx with REPLICAS 1, 2 and 3, beside the starter bot and the one-process
# Payband, in one run with make bench's harness (README: Scaling out). Writes bench/cluster.md, .json.
bench-cluster: services train
	$(BIN)/python scripts/bench_cluster.py

# Re-pin after changing requirements/*.in (run in a fresh venv).
lock:
	$(BIN)/pip freeze --all --exclude pip --exclude rasa --exclude rasa-sdk > requirements/lock.txt.new
	{ head -n 3 requirements/lock.txt; cat requirements/lock.txt.new; } > requirements/lock.txt.tmp && rm requirements/lock.txt.new && mv requirements/lock.txt.tmp requirements/lock.txt

clean:
	rm -rf build results models/*.tar.gz .pytest_cache
