"""External checkers the suite drives: Debian's Chromium (Playwright), the Nu HTML Checker, axe-core.

Where a tool is missing, its tests are skipped with a reason naming the tool and the
command that installs it (pytest -rs lists them in the run's last lines); in CI (CI=true)
a missing tool fails the test instead, so a check is never silently lost.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"

# Flags for a headless Chromium on a machine with no network but the loopback.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def require(available, what, install):
    """Skip (or, in CI, fail) when a tool the test needs is not installed.

    ``what`` names the tool, ``install`` the command that installs it.
    """
    if available:
        return
    message = f"{what} is not installed; install it with: {install}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}, and CI must run this check")
    pytest.skip(message)


def chromium_available():
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def validate_html(documents):
    """Errors the Nu HTML Checker reports, as {name: [message, …]} for {name: html}.

    All documents go to one checker run: the JVM starts once.
    """
    require(
        VNU_JAR.exists() and shutil.which("java"),
        "the Nu HTML Checker (vnu-jar, run by Java)",
        "npm ci && apt-get install default-jre-headless",
    )
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, html in documents.items():
            path = Path(folder) / f"{len(paths)}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.name] = (name, path)
        result = subprocess.run(
            [
                "java",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--exit-zero-always",
                *(str(path) for _name, path in paths.values()),
            ],
            capture_output=True,
            timeout=300,
        )
    errors = {name: [] for name in documents}
    for message in json.loads(result.stderr)["messages"]:
        # "non-document-error" means the checker could not read a document: never a pass.
        if message.get("type") in ("error", "non-document-error"):
            url = message.get("url", "")
            name = paths[url.rsplit("/", 1)[-1]][0] if url else "(checker)"
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
            )
    return errors


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core violations of the given impacts on the page open in Playwright."""
    require(AXE_JS.exists(), "axe-core", "npm ci")
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page, name):
    """Save a full-page screenshot under var/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def picture_urls(page):
    """Every image address of the page's <picture> elements: src and srcset entries."""
    urls = []
    for picture in re.findall(r"<picture[^>]*>.*?</picture>", page, re.S):
        urls += re.findall(r' src="([^"]+)"', picture)
        for srcset in re.findall(r' srcset="([^"]+)"', picture):
            urls += [entry.rsplit(" ", 1)[0] for entry in srcset.split(", ")]
    return [unescape(url) for url in urls]


def pick(page, select_id, term, text):
    """Choose ``text`` in the admin's autocomplete (select2) of the select ``select_id``,
    as a person would: open it, type ``term``, wait for the answer, click the choice."""
    page.click(f"#{select_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", term)
    # The list is drawn anew when the search answers: a click on the list drawn before
    # may be lost under load. Wait for the answer, then check the choice was taken.
    page.wait_for_selector(".select2-results__option.loading-results", state="detached")
    page.click(f".select2-results__option:has-text('{text}')")
    page.wait_for_selector(f"#select2-{select_id}-container:has-text('{text}')")
