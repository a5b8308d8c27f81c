"""Security review (issue 7, part 4): what SECURITY.md promises, enforced.

- No unsafe YAML loader, and nothing that runs or opens things, anywhere in src/ (read from the
  source).
- No terminal control character from KB or profile text reaches the screen, the output of
  check, show and export, or an error message.
- Links in the KB are shown as text, never opened; only https: links are ever offered (in the
  exports; the app offers none).
- HTML written by the app's own export dialog, from hostile KB and profile text, is inert.
- The app, check, export and show make no network connection (sockets patched to refuse).
- Paths on the command line that are folders, FIFOs or missing give a clear error, exit 2.
- A failed profile save in the app is reported and the file is kept (section 5 of the issue,
  at the level of the interface; the store's own tests are in test_profile_store.py).

What other files already prove is not repeated here; SECURITY.md lists them.
"""

from __future__ import annotations

import ast
import errno
import json
import os
import re
import socket
import subprocess
import sys
import webbrowser
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import REPO, SHIPPED_KB
from textual.widgets import Input
from ui_helpers import (
    KB_HOSTILE,
    KB_SMALL,
    active_spans,
    column_ids,
    enter_text,
    focused_option,
    make_app,
    press,
    screen_strings,
    screen_text,
    tour,
)

from backtui import cli, safeio
from backtui.kb import yamlread
from backtui.kb.errors import KBError
from backtui.kb.loader import loads
from backtui.profile.store import ProfileStore
from backtui.ui.app import BacktuiApp
from backtui.ui.launch import open_profile
from backtui.ui.screens.decision import DecisionScreen
from backtui.ui.screens.detail import DetailScreen
from backtui.ui.screens.export import ExportScreen

SRC = REPO / "src" / "backtui"
# What must never reach a terminal: C0 and C1 controls (newline aside) and bidi overrides.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = "\x1b[2J\x1b]0;pwned\x07 [bold]x [@click=app.quit]q[/] \x9b31m \u202eevil\u202c \x00\x7f"


def controls(text: str) -> list[str]:
    return sorted({repr(c) for c in CONTROL.findall(text)})


# ============================================================================ the source


def _python_files() -> list[Path]:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 20  # the scan below read something
    return files


UNSAFE_YAML = {
    "load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all",
    "Loader", "FullLoader", "UnsafeLoader", "CLoader", "CFullLoader", "CUnsafeLoader",
}  # fmt: skip
UNSAFE_YAML_TEXT = re.compile(
    r"yaml\.load\(|yaml\.load_all|yaml\.unsafe_load|yaml\.full_load|FullLoader|UnsafeLoader"
    r"|yaml\.Loader\b|yaml\.CLoader\b"
)
# Modules and calls that run code or other programs, or open URLs and files in other programs.
RUNNERS = {"subprocess", "webbrowser", "pickle", "marshal", "shelve", "dill", "ctypes"}
RUNNER_CALLS = {
    "open_url", "open_new", "open_new_tab", "system", "popen", "startfile", "execv", "execve",
    "execvp", "execl", "spawnv", "spawnl", "import_module", "run_path", "run_module",
}  # fmt: skip
RUNNER_BUILTINS = {"eval", "exec", "compile", "__import__"}


def unsafe_uses(source: str) -> list[str]:
    """Unsafe YAML loading, code execution and URL opening in one module's source."""
    found = [f"text: {m.group()}" for m in UNSAFE_YAML_TEXT.finditer(source)]
    tree = ast.parse(source)
    yaml_names = {"yaml"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "yaml":
                    yaml_names.add(alias.asname or "yaml")
                if alias.name.split(".")[0] in RUNNERS:
                    found.append(f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            if root == "yaml":
                found += [f"from yaml import {a.name}" for a in node.names if a.name in UNSAFE_YAML]
            if root in RUNNERS:
                found.append(f"from {node.module} import ...")
            found += [f"import {a.name}" for a in node.names if a.name in RUNNER_CALLS]
        elif isinstance(node, ast.Attribute):
            if (
                isinstance(node.value, ast.Name)
                and node.value.id in yaml_names
                and node.attr in UNSAFE_YAML
            ):
                found.append(f"{node.value.id}.{node.attr}")
            if node.attr in RUNNER_CALLS:
                found.append(f".{node.attr}")
        elif isinstance(node, ast.Name) and node.id in RUNNER_BUILTINS | RUNNER_CALLS:
            found.append(node.id)
    return found


def test_the_scan_finds_what_it_looks_for() -> None:
    bad = {
        "import yaml\nyaml.load(s)\n": "yaml.load",
        "import yaml as y\ny.load_all(s, Loader=y.FullLoader)\n": "y.load_all",
        "from yaml import unsafe_load\n": "from yaml import unsafe_load",
        "import yaml\nyaml.safe_load(s, Loader=yaml.Loader)\n": "yaml.Loader",
        "from yaml import CLoader as L\n": "from yaml import CLoader",
        "import webbrowser\nwebbrowser.open(u)\n": "import webbrowser",
        "self.app.open_url(u)\n": ".open_url",
        "eval(s)\n": "eval",
        "exec(compile(s, 'f', 'exec'))\n": "compile",
        "import pickle\n": "import pickle",
        "import os\nos.system(c)\n": ".system",
        "from subprocess import run\n": "from subprocess import ...",
    }
    for source, expected in bad.items():
        assert any(expected in f for f in unsafe_uses(source)), (source, unsafe_uses(source))
    assert unsafe_uses("import yaml\nyaml.parse(t, Loader=SafeLoader)\nyaml.safe_dump(d)\n") == []
    assert unsafe_uses("import re\nre.compile(p)\n") == []


def test_no_unsafe_yaml_loading_or_code_running_anywhere_in_src() -> None:
    found = {
        str(path.relative_to(REPO)): uses
        for path in _python_files()
        if (uses := unsafe_uses(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_one_yaml_parser_is_the_safe_one() -> None:
    import yaml

    assert issubclass(yamlread._Loader, yaml.SafeLoader) or yamlread._Loader.__name__ in (
        "CSafeLoader",
        "SafeLoader",
    )
    calls = [
        line.strip()
        for path in _python_files()
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"\byaml\.\w+\(", line)
    ]
    assert calls and all(
        re.search(r"yaml\.(parse|safe_dump|Scalar\w*|resolver)\b", c) for c in calls
    )


# ============================================================================ the screen


def hostile_profile(path: Path) -> Path:
    """A valid profile for kb_hostile.yaml whose every free text is hostile."""
    document = {
        "format": "backtui-profile",
        "version": 1,
        "kb_id": "fixture-hostile",
        "ratings": {"cost\x1b[2J": 3},
        "shortlist": ["markup", "escapes"],
        "notes": {"markup": "note " + HOSTILE, "escapes": HOSTILE},
        "ticked_prompts": [],
        "own_questions": [{"id": "q-1", "text": "Question " + HOSTILE, "ticked": True}],
        "sure": {"sure": True},
        "updated": "",
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.slow
async def test_hostile_kb_and_profile_text_never_reach_the_screen_raw(sandbox: Path) -> None:
    profile = hostile_profile(sandbox / "profile.json")
    saved = profile.read_bytes()
    store = ProfileStore(profile)
    store.load()
    app = make_app(KB_HOSTILE, store=store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        for visit in await tour(pilot, search_terms=("click", "red")):
            assert controls(visit.text) == [] and controls(visit.strings) == [], visit.screen
        await press(pilot, "m")
        assert isinstance(app.screen, DecisionScreen)
        text, strings = screen_text(app), screen_strings(app)
        assert controls(text) == [] and controls(strings) == []
        notes = {i.id: i.value for i in app.screen.query(Input) if (i.id or "").startswith("note-")}
        assert notes["note-markup"] == "note [2J]0;pwned [bold]x [@click=app.quit]q[/] 31m evil "
        assert "Question [2J]0;pwned [bold]x [@click=app.quit]q[/] 31m evil   (mine)" in strings
        assert active_spans(app.screen) == []
        await pilot.pause(0.6)  # longer than the note's save delay
        await press(pilot, "escape")
        assert profile.read_bytes() == saved  # looked at, not rewritten (nor "cleaned")
        # A notice with a KB name in it (s: shortlist) is cleaned too.
        app.main.focus_column(column_ids(app).index("escapes"))
        assert focused_option(app) == "escapes"
        await press(pilot, "s")
        await pilot.pause(0.1)
        text = screen_text(app)
        assert "Escapes [31mred[0m [/x] removed from your shortlist" in text
        assert controls(text) == []


async def test_a_hostile_unreadable_profile_is_reported_without_its_controls(
    sandbox: Path,
) -> None:
    path = sandbox / "profile.json"
    doc = {"format": "backtui-profile", "version": 1, "\x1b]0;pwned\x07\u202e": 1}
    path.write_text(json.dumps(doc), "utf-8")
    store, notice = open_profile(str(path))
    assert notice is not None and "could not be read" in notice
    app = make_app(KB_HOSTILE, store=store, profile_notice=notice)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause(0.1)
        text = screen_text(app)
        assert "could not be" in "".join(text.split()).replace("couldnotbe", "could not be")
        assert controls(text) == []
    assert_moved_aside(path)


def assert_moved_aside(path: Path) -> None:
    assert not path.exists() and len(list(path.parent.glob("profile.json.corrupt-*"))) == 1


def _hostile_invalid_kbs(folder: Path) -> dict[str, Path]:
    """Broken KBs whose error messages would quote KB text: keys, tags, values, ids."""
    base = (REPO / "tests" / "fixtures" / "bad" / "valid-base.yaml").read_text("utf-8")
    texts = {
        "unknown key": base.replace("  funding: None.\n", '  funding: None.\n  "k\\e]0;t\\a": 1\n'),
        "tag": base.replace("funding: None.", "funding: !%1B%5D0;t%07 x"),
        "enum value": base.replace("kind: rct", 'kind: "rct\\e[2J\\u202e"'),
        "duplicate key": base.replace(
            "  funding: None.\n", '  funding: None.\n  "f\\e[2J": 1\n  "f\\e[2J": 2\n'
        ),
        "dangling id": base.replace("mid_source: trial-a", 'mid_source: "trial\\e[2J"'),
        "title": base.replace(
            "title: Broken-input corpus (test data)", 'title: "T\\e]0;t\\a"\n  bogus: 1'
        ),
    }
    paths = {}
    for name, text in texts.items():
        assert text != base, name
        paths[name] = folder / f"{name.replace(' ', '-')}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_check_show_and_export_print_no_controls_even_in_error_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, path in _hostile_invalid_kbs(tmp_path).items():
        for command in (["check", str(path)], ["show", "--data", str(path)]):
            assert cli.main(command) == 2, (name, command)
            out, err = capsys.readouterr()
            assert err and controls(out + err.replace("\n", "")) == [], (name, err)
    for args in (["--width", "120"], ["--width", "60", "--stacked"]):
        assert cli.main(["show", "--data", str(KB_HOSTILE), *args]) == 0
        out, err = capsys.readouterr()
        assert "[@click=app.quit]click[/]" in out and controls(out.replace("\n", "")) == []
    profile = hostile_profile(tmp_path / "p.json")
    for fmt in ("md", "html", "txt", "json", "csl-json", "ris"):
        command = ["export", "--format", fmt, "--data", str(KB_HOSTILE), "--profile", str(profile)]
        assert cli.main(command) == 0, fmt
        out, err = capsys.readouterr()
        assert controls(out.replace("\n", "")) == [], fmt


# A file name that would retitle and clear the terminal if printed as is (issue 15).
ESCAPING_NAME = "x\x1b]0;pwned\x07\x1b[2J\u202e"


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("BACKTUI_", "TEXT"))}
    environment.update(HOME=str(cwd), XDG_DATA_HOME=str(cwd / "d"), XDG_CACHE_HOME=str(cwd / "c"))
    environment.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "backtui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env=environment,
        cwd=cwd,
    )
    return result.returncode, result.stdout + result.stderr


def test_file_names_are_printed_without_their_controls(tmp_path: Path) -> None:
    bad = tmp_path / f"{ESCAPING_NAME}.yaml"
    bad.write_text("meta: 1\n", encoding="utf-8")
    good = tmp_path / f"{ESCAPING_NAME}-good.yaml"
    good.write_bytes(KB_SMALL.read_bytes())
    notes = tmp_path / f"{ESCAPING_NAME}.txt"
    notes.write_text("my notes", encoding="utf-8")
    broken = tmp_path / f"{ESCAPING_NAME}.json"
    broken.write_text("{not json", encoding="utf-8")
    runs = {
        "check: is not valid": (["check", str(bad)], None, 2),
        "check: valid": (["check", str(good)], None, 0),
        "show: is not valid": (["show", "--data", str(bad)], None, 2),
        "BACKTUI_DATA": (["show"], {"BACKTUI_DATA": str(bad)}, 2),
        "the app: is not valid": (["--data", str(bad)], None, 2),
        "the app: not a profile": (["--data", str(good), "--profile", str(notes)], None, 2),
        "export: wrote": (["export", "--data", str(good), "--out", f"{ESCAPING_NAME}.md"], None, 0),
        "export: exists": (
            ["export", "--data", str(good), "--out", f"{ESCAPING_NAME}.md"],
            None,
            2,
        ),
        "export: profile": (["export", "--data", str(good), "--profile", str(broken)], None, 2),
    }
    for name, (args, env, status) in runs.items():
        code, output = _run(args, tmp_path, env)
        assert code == status, (name, output)
        assert "x]0;pwned" in output, (name, output)  # the name is there, cleaned
        assert controls(output.replace("\n", "")) == [], (name, output)


async def test_a_profile_notice_in_the_app_shows_the_file_name_without_controls(
    sandbox: Path,
) -> None:
    path = sandbox / f"{ESCAPING_NAME}.json"
    path.write_text('{"format": "backtui-profile", "version": 1}', "utf-8")
    store, notice = open_profile(str(path))
    assert notice is not None and "\x1b" in notice  # the store's own words quote the name
    app = make_app(KB_SMALL, store=store, profile_notice=notice)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause(0.1)
        notes = [n.message for n in app._notifications]
        assert notes and all(controls(m.replace("\n", "")) == [] for m in notes), notes
        await pilot.press("m")
        await pilot.pause(0.1)
        assert controls(screen_text(app).replace("\n", "")) == []


# ============================================================================ links


async def test_links_are_shown_as_text_and_never_opened(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    monkeypatch.setattr(BacktuiApp, "open_url", lambda self, url, **k: opened.append(url))
    app = make_app(KB_HOSTILE)
    async with app.run_test(size=(160, 50)) as pilot:
        await press(pilot, "7")  # Sources: each source item opens its record, with its URLs
        main = app.main
        column = main.columns()[0]
        index = next(
            n for n, item in enumerate(column.items) if item.target and item.target.kind == "source"
        )
        main.focus_column(0)
        main.comparison.set_highlight(0, index)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        lines = screen_text(app).splitlines()
        hits = [(line.index("https://"), y) for y, line in enumerate(lines) if "https://" in line]
        assert hits and "Figures read at: https://example.org/[bold]x" in screen_strings(app)
        assert active_spans(app.screen) == []  # no link style, no @click on any text
        for x, y in hits:
            for dx in (0, 8, 20):
                await pilot.click(offset=(x + dx, y))
                await pilot.pause()
        await press(pilot, "enter", "space", "tab", "enter")
        assert app.is_running
    assert opened == []


def test_the_kb_may_only_hold_web_addresses_and_exports_link_only_https() -> None:
    base = (REPO / "tests" / "fixtures" / "bad" / "valid-base.yaml").read_text("utf-8")
    for url in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x.org/"):
        text = base.replace('"https://example.org/trial-a"', json.dumps(url))
        with pytest.raises(KBError, match=r"sources\[0\]\.urls\[0\]: expected a web address"):
            loads(text)
    from backtui.citations import safe_url

    assert safe_url("http://example.org/") is None  # shown as text in exports, never a link
    assert safe_url("https://example.org/a") == "https://example.org/a"


# ============================================================================ HTML export


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert_html(document: str) -> str:
    parser = _Tags()
    parser.feed(document)
    names = {tag for tag, _ in parser.tags}
    for active in ("script", "iframe", "object", "embed", "form", "base", "link", "img", "svg"):
        assert active not in names, active
    metas = [attrs for tag, attrs in parser.tags if tag == "meta"]
    policy = [
        m["content"] for m in metas if m.get("http-equiv", "").lower() == "content-security-policy"
    ]
    assert policy and "default-src 'none'" in policy[0]
    assert not any(m.get("http-equiv", "").lower() == "refresh" for m in metas)
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in value.lower(), (tag, name, value)
            if name in ("href", "src", "action"):
                assert value.startswith("https://"), (tag, name, value)
    assert controls(document.replace("\n", "")) == []
    return "".join(parser.text)


async def test_the_apps_export_of_hostile_text_is_inert_html(sandbox: Path) -> None:
    """test_export.py proves this for the renderer and `backtui export`; this is the path
    through the app's own dialog (e), with the profile the app has open."""
    store = ProfileStore(hostile_profile(sandbox / "profile.json"))
    store.load()
    app = make_app(KB_HOSTILE, store=store)
    out = sandbox / "summary.html"
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "e")
        assert isinstance(app.screen, ExportScreen)
        await enter_text(pilot, str(out))
        await press(pilot, "enter")
        assert not isinstance(app.screen, ExportScreen)
    text = assert_inert_html(out.read_text(encoding="utf-8"))
    assert "[@click=app.quit]click[/]" in text  # the KB's text, as text
    assert "note [2J]0;pwned [bold]x" in text  # the profile's note, as text


# ============================================================================ the network


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Internet sockets and name lookups refused and recorded (local socket pairs, which
    asyncio uses to wake its loop, still work)."""
    attempts: list[str] = []
    real_socket = socket.socket

    def refuse(what: str) -> OSError:
        attempts.append(what)
        return OSError(errno.ENETUNREACH, f"no network in this test ({what})")

    class GuardedSocket(real_socket):
        def __init__(self, family: Any = -1, type: Any = -1, proto: int = -1, fileno: Any = None):
            inet = family in (-1, socket.AF_INET, socket.AF_INET6)
            if fileno is None and inet:
                raise refuse(f"socket({family!r}, {type!r})")
            super().__init__(family, type, proto, fileno)

        def connect(self, address: Any) -> None:
            raise refuse(f"connect({address!r})")

        def connect_ex(self, address: Any) -> int:
            raise refuse(f"connect_ex({address!r})")

    def refusing(name: str) -> Any:
        def call(*args: object, **kwargs: object) -> Any:
            raise refuse(f"{name}{args!r}")

        return call

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refusing(name))
    return attempts


def test_the_network_guard_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 443), timeout=1)
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    import urllib.request

    with pytest.raises(OSError):
        urllib.request.urlopen("https://example.org/", timeout=1)
    assert len(no_network) == 3
    left, right = socket.socketpair()  # local: allowed
    left.close()
    right.close()


@pytest.mark.slow
async def test_the_app_makes_no_network_connection(no_network: list[str], sandbox: Path) -> None:
    store = ProfileStore(sandbox / "profile.json")
    store.load()
    app = make_app(KB_SMALL, store=store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await tour(pilot, search_terms=("stretch",))
        await press(pilot, "m", "escape", "s", "e")
        await enter_text(pilot, str(sandbox / "out.md"))
        await press(pilot, "enter")
        await press(pilot, "ctrl+p")
        await press(pilot, "escape")
        app.theme = "textual-light"
        await pilot.pause()
    assert (sandbox / "out.md").is_file()
    assert no_network == []


def test_check_show_and_export_make_no_network_connection(
    no_network: list[str], sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(SHIPPED_KB)]) == 0
    assert cli.main(["show", "--data", str(SHIPPED_KB), "--width", "100"]) == 0
    for fmt in ("md", "html", "txt", "json", "csl-json", "ris"):
        assert cli.main(["export", "--format", fmt, "--data", str(SHIPPED_KB)]) == 0
    assert cli.main(["export", "--data", str(SHIPPED_KB), "--out", str(sandbox / "s.html")]) == 0
    capsys.readouterr()
    assert no_network == []


# ============================================================================ paths


@pytest.fixture
def odd_paths(tmp_path: Path) -> SimpleNamespace:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep me", encoding="utf-8")
    fifo = tmp_path / "a-fifo"
    os.mkfifo(fifo)
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    link = tmp_path / "link-to-notes"
    link.symlink_to(notes)
    return SimpleNamespace(
        folder=folder, fifo=fifo, missing=tmp_path / "missing.yaml", notes=notes, link=link
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["check", "{folder}"], "is a directory, not a knowledge-base file"),
        (["check", "--data", "{fifo}"], "is not a regular file"),
        (["check", "--data", "{missing}"], "file not found"),
        (["show", "--data", "{folder}"], "is a directory, not a knowledge-base file"),
        (["show", "--data", "{fifo}"], "is not a regular file"),
        (["show", "--data", "{missing}"], "file not found"),
        (["export", "--data", "{folder}"], "is a directory, not a knowledge-base file"),
        (["export", "--data", "{fifo}"], "is not a regular file"),
        (["export", "--data", "{missing}"], "file not found"),
        (["export", "--data", "{kb}", "--profile", "{folder}"], "is not a regular file"),
        (["export", "--data", "{kb}", "--profile", "{fifo}"], "is not a regular file"),
        (["export", "--data", "{kb}", "--no-profile", "--out", "{folder}"], "is a folder"),
        (["export", "--data", "{kb}", "--no-profile", "--out", "{fifo}"], "nothing is reading"),
        (["export", "--data", "{kb}", "--no-profile", "--out", "{missing}/x.md"], "does not exist"),
    ],
)
def test_odd_paths_on_the_command_line_are_refused_clearly(
    args: list[str],
    fragment: str,
    odd_paths: SimpleNamespace,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [a.format(kb=KB_SMALL, **vars(odd_paths)) for a in args]
    assert cli.main(argv) == 2
    out, err = capsys.readouterr()
    assert fragment in err and "Traceback" not in out + err
    assert out == ""
    assert (odd_paths.folder / "keep.txt").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--data", "{folder}"], "is a directory, not a knowledge-base file"),
        (["--data", "{fifo}"], "is not a regular file"),
        (["--data", "{missing}"], "file not found"),
        (["--data", "{kb}", "--profile", "{folder}"], "is a folder; give a file name"),
        (["--data", "{kb}", "--profile", "{notes}"], "is not a backtui profile (it is not JSON)"),
        (["--data", "{kb}", "--profile", "{link}"], "is not a backtui profile (it is not JSON)"),
        (["--data", "{kb}", "--profile", "{kb}"], "is not a backtui profile (it is not JSON)"),
        (["--data", "{kb}", "--profile", "{fifo}"], "is not a backtui profile (it is not a"),
    ],
)
def test_the_app_refuses_odd_paths_before_taking_the_terminal(
    args: list[str], fragment: str, odd_paths: SimpleNamespace, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BACKTUI_", "TEXTUAL"))}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"))
    argv = [a.format(kb=KB_SMALL, **vars(odd_paths)) for a in args]
    kb_before = KB_SMALL.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "backtui", *argv],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert "\x1b" not in result.stdout  # the terminal was never taken
    # A folder, notes or a KB given as --profile are left exactly as they were (they used to
    # be moved aside, and the KB then replaced by profile JSON).
    assert (odd_paths.folder / "keep.txt").read_text(encoding="utf-8") == "keep me"
    assert odd_paths.notes.read_text(encoding="utf-8") == "my notes"
    assert odd_paths.link.is_symlink() and KB_SMALL.read_bytes() == kb_before
    assert list(tmp_path.glob("*.corrupt-*")) == list(tmp_path.glob("*.lock")) == []


@pytest.mark.parametrize("missing", ["input", "error"])
def test_without_a_terminal_the_app_exits_at_once_pointing_to_show(
    tmp_path: Path, missing: str
) -> None:
    # `backtui </dev/null` never exited, and wrote escape codes into a redirected stderr.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BACKTUI_", "TEXTUAL"))}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "d"))
    env.update(XDG_CACHE_HOME=str(tmp_path / "c"), TERM="xterm-256color")
    leader, follower = os.openpty()
    errors = tmp_path / "stderr.txt"
    try:
        with open(errors, "wb") as error_file:
            result = subprocess.run(
                [sys.executable, "-m", "backtui", "--data", str(KB_SMALL)],
                stdin=subprocess.DEVNULL if missing == "input" else follower,
                stdout=subprocess.PIPE,
                stderr=error_file if missing == "error" else follower,
                timeout=30,
                env=env,
                cwd=tmp_path,
            )
        os.close(follower)
        follower = -1
        err = errors.read_bytes() if missing == "error" else _drain(leader)
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert result.returncode == 2
    assert f"standard {missing} is not a terminal".encode() in err
    assert b"'backtui show'" in err
    assert b"\x1b" not in err + result.stdout
    assert list((tmp_path / "d").rglob("*")) == []  # the profile was not touched either


def _drain(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


# ============================================================================ nothing lost


class _FailingOs:
    """The os module as the profile store's writer (backtui.safeio) sees it, with writes
    failing (disk full or a read-only file system); everything else is the real os."""

    def __init__(self, code: int) -> None:
        self.code = code

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def write(self, fd: int, data: bytes) -> int:
        raise OSError(self.code, os.strerror(self.code))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
async def test_a_failed_save_in_the_app_is_reported_and_the_file_kept(
    code: int, sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sandbox / "profile.json"
    store = ProfileStore(path)
    store.load()
    store.update(lambda profile: profile.shortlist.append("rest"))
    saved = path.read_bytes()
    app = make_app(KB_SMALL, store=store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        monkeypatch.setattr(safeio, "os", _FailingOs(code))
        await press(pilot, "s")  # shortlist the focused option: the save fails
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        # The toast, unwrapped, without the borders it is drawn over.
        text = " ".join(re.sub("[▌\u2500-\u257f]", " ", screen_text(app)).split())
        assert "Could not save your profile to" in text
        assert "Could not save your profile: Could not" not in text and ".." not in text
        assert {errno.ENOSPC: "the disk is full", errno.EROFS: "read-only"}[code] in text
        assert "The previous copy on disk is unchanged" in text
        option = focused_option(app)
        assert option is not None and option in app.profile.shortlist  # kept on screen
        assert "★ shortlisted" in screen_text(app)
    assert_kept(path, saved)


def assert_kept(path: Path, saved: bytes) -> None:
    assert path.read_bytes() == saved
    assert [p.name for p in path.parent.iterdir() if ".tmp-" in p.name] == []
