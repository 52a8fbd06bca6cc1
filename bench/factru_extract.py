"""The newsroom's analysis as a factRuEval-2016 system, for the shared scorer.

    python PATH/TO/evaluate.py bench/factru_extract.py:extract PATH/TO/factRuEval-2016/testset

``extract(text)`` returns ``(start, end, type, normal)`` tuples: persons (PER) with their
nominative full name, organizations (ORG) and places (LOC). It runs on plain text with no
database: no known persons are consulted (Django is set up only because the pipeline's
modules import the project's models; nothing is queried).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from articles.textformat.entities import entities  # noqa: E402


def extract(text):
    return [(found.start, found.end, found.type, found.normal) for found in entities(text)]
