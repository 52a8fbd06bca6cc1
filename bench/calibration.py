"""Settings for the site benchmark: the project's, plus two calibration pages.

The issue's speed targets were set on another machine, where "a bare Django view with
8 indexed queries and a 20 kB template serves about 1,400 requests/s, and a fixed 20 kB
response about 5,000". site_bench.py serves these two pages beside the real ones, so the
figures of any run can be read against what this machine does with the bare minimum:

- /bench/bare/: 8 queries by primary key and a 20 kB template, through the whole
  middleware stack of the site;
- /bench/fixed/: a constant 20 kB response, through the same stack.

Used only by bench/site_bench.py (DJANGO_SETTINGS_MODULE=bench.calibration); the pages
are in bench/calibration_urls.py.
"""

from newsroom.settings import *  # noqa: F403 - the project's settings, unchanged

ROOT_URLCONF = "bench.calibration_urls"
