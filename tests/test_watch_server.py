"""chain watch without a browser: the server's routes, what /state says after each kind of
save, the debounce, polling, and the marks the page highlights by."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import deliverychain
from benchmarks.synthetic import synthetic_chain
from deliverychain.findings import Severity, numbered
from deliverychain.preview import PreviewApp, PreviewOptions
from deliverychain.preview.server import PreviewServer
from deliverychain.preview.snapshot import DrawOptions
from deliverychain.preview.state import PreviewState
from tests.watching import STRENGTH_LINE, WEAKER_LINE, copy_cancer, edit, get, settled, state, wait_for

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def cancer(tmp_path: Path) -> Path:
    return copy_cancer(tmp_path)


@pytest.fixture
def preview(cancer: Path) -> Iterator[tuple[PreviewApp, str]]:
    with PreviewApp(cancer, PreviewOptions()) as app:
        settled(app.url)
        yield app, app.url


def diagram(url: str) -> tuple[str, bytes]:
    status, headers, body = get(url + "diagram.svg")
    assert status == 200 and headers["Content-Type"] == "image/svg+xml"
    return headers["ETag"].strip('"'), body


# --- the routes ------------------------------------------------------------------------


def test_the_page_and_its_script_and_style_are_served_with_a_strict_policy(preview: tuple[PreviewApp, str]):
    _, url = preview
    status, headers, page = get(url)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'<script src="/app.js"' in page and b'href="/app.css"' in page
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"
    for name, kind in (("app.js", "text/javascript"), ("app.css", "text/css")):
        status, headers, body = get(url + name)
        assert status == 200 and headers["Content-Type"].startswith(kind) and len(body) > 1000


def test_state_lists_the_numbered_findings_of_the_chain(preview: tuple[PreviewApp, str], cancer: Path):
    _, url = preview
    now = state(url)
    chain = deliverychain.load(cancer)
    expected = numbered(deliverychain.audit(chain).findings, Severity.WARNING)
    assert now["status"] == "ok" and now["problems"] == []
    assert now["title"] == chain.chain.title
    assert [(f["n"], f["rule"], f["line"], f["column"]) for f in now["findings"]] == [
        (n, f.rule_id, f.location.line, f.location.column) for n, f in expected if f.location]
    assert now["counts"]["actors"] == len(chain.actors) and now["counts"]["links"] == len(chain.links)
    assert now["counts"]["accepted"] == 1  # the chain's ignore list accepts one finding
    assert now["diagram"] == {"hash": diagram(url)[0], "current": True}


def test_the_diagram_marks_actors_links_and_the_findings_about_them(preview: tuple[PreviewApp, str], cancer: Path):
    _, url = preview
    root = ET.fromstring(diagram(url)[1])
    chain = deliverychain.load(cancer)
    marked_actors = {g.get("data-actor") for g in root.iter(f"{SVG}g") if g.get("data-actor")}
    assert marked_actors == {a.id for a in chain.actors}
    marked_links = {key for g in root.iter(f"{SVG}g") for key in (g.get("data-link") or "").split()}
    assert marked_links == {link.key for link in chain.links}
    lit = {int(n) for g in root.iter(f"{SVG}g") for n in (g.get("data-findings") or "").split()}
    assert lit == {f["n"] for f in state(url)["findings"]}  # every numbered finding of this chain is drawn
    # The first finding, a numbers-only loop at the acute trust, lights the trust and its links.
    first = [g for g in root.iter(f"{SVG}g") if "1" in (g.get("data-findings") or "").split()]
    assert any(g.get("data-actor") == "trust" for g in first)
    assert any("trust" in (g.get("data-link") or "") for g in first)


def test_other_paths_methods_and_hosts_are_refused(preview: tuple[PreviewApp, str], cancer: Path):
    app, url = preview
    for path in ("nothing", "../" + cancer.name, "static/app.js", "state/../index.html"):
        assert get(url + path)[0] == 404, path
    forbidden = get(url + "state", {"Host": f"attacker.example:{app.server.port}"})
    assert forbidden[0] == 403 and b"127.0.0.1" in forbidden[2]
    assert get(url + "state", {"Host": f"localhost:{app.server.port}"})[0] == 200
    connection = http.client.HTTPConnection("127.0.0.1", app.server.port, timeout=30)
    connection.request("POST", "/state", body=b"{}")
    assert connection.getresponse().status == 501
    connection.close()


def test_the_event_stream_sends_a_message_now_and_at_each_change(preview: tuple[PreviewApp, str], cancer: Path):
    app, url = preview
    connection = http.client.HTTPConnection("127.0.0.1", app.server.port, timeout=60)
    connection.request("GET", "/events")
    response = connection.getresponse()
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/event-stream")

    def next_message() -> int:
        while True:
            line = response.readline().decode()
            if line.startswith("data: "):
                return int(line.removeprefix("data: "))

    first = next_message()
    assert first == state(url)["revision"]
    edit(cancer, STRENGTH_LINE, WEAKER_LINE)
    assert next_message() > first
    connection.close()


# --- what a save does -----------------------------------------------------------------


def test_a_changed_link_redraws_the_diagram(preview: tuple[PreviewApp, str], cancer: Path):
    _, url = preview
    before = state(url)
    edit(cancer, STRENGTH_LINE, WEAKER_LINE)
    after = settled(url, before["version"])
    assert after["status"] == "ok" and after["diagram"]["current"]
    assert after["diagram"]["hash"] != before["diagram"]["hash"]
    assert diagram(url)[0] == after["diagram"]["hash"]


def test_an_edit_that_draws_the_same_diagram_keeps_it(preview: tuple[PreviewApp, str], cancer: Path):
    _, url = preview
    before = state(url)
    # A comment above everything: every finding moves down a line, the picture stays the same.
    cancer.write_text("# a note to self\n" + cancer.read_text(encoding="utf-8"), encoding="utf-8")
    after = settled(url, before["version"])
    assert after["diagram"] == before["diagram"]
    assert [f["line"] for f in after["findings"]] == [f["line"] + 1 for f in before["findings"]]
    # A save that changes nothing at all (a touch, a comment at the end) is not even a new version.
    renders = after["renders"]
    cancer.write_text(cancer.read_text(encoding="utf-8") + "# the end\n", encoding="utf-8")
    unchanged = wait_for(url, lambda s: s["renders"] > renders and not s["busy"], "the comment to be read")
    assert unchanged["version"] == after["version"] and unchanged["diagram"] == after["diagram"]


def test_a_broken_file_shows_its_problems_and_keeps_the_last_diagram_until_fixed(
        preview: tuple[PreviewApp, str], cancer: Path):
    _, url = preview
    good = state(url)
    text = cancer.read_text(encoding="utf-8")
    line = text[: text.index(STRENGTH_LINE)].count("\n") + 1
    edit(cancer, STRENGTH_LINE, "    strength: [strong\n")
    broken = settled(url, good["version"])
    assert broken["status"] == "invalid" and broken["problem_count"] == 1
    (problem,) = broken["problems"]
    assert (problem["rule"], problem["line"], problem["column"]) == ("DC002", line, 15)
    assert "not closed" in problem["message"] and f"> {line} |" in problem["frame"] and problem["hint"]
    assert broken["diagram"] == {"hash": good["diagram"]["hash"], "current": False}
    assert diagram(url)[0] == good["diagram"]["hash"]  # the last good one is still served
    assert broken["findings"] == good["findings"] and broken["findings_current"] is False
    cancer.write_text(text, encoding="utf-8")
    fixed = settled(url, broken["version"])
    assert fixed["status"] == "ok" and fixed["diagram"] == good["diagram"] and fixed["findings_current"]


def test_a_deleted_file_is_a_problem_until_it_comes_back(preview: tuple[PreviewApp, str], cancer: Path):
    _, url = preview
    good = state(url)
    text = cancer.read_text(encoding="utf-8")
    cancer.unlink()
    gone = settled(url, good["version"])
    assert gone["status"] == "invalid" and "no such file" in gone["problems"][0]["message"]
    cancer.write_text(text, encoding="utf-8")
    back = settled(url, gone["version"])
    assert back["status"] == "ok" and back["diagram"] == good["diagram"]


def test_saves_in_quick_succession_are_drawn_once(preview: tuple[PreviewApp, str], cancer: Path):
    app, url = preview
    before = state(url)
    for _ in range(5):  # as the watcher reports an editor's burst of writes
        app.worker.changed()
    wait_for(url, lambda s: s["renders"] > before["renders"] and not s["busy"], "the burst to be drawn")
    time.sleep(0.5)  # time enough for a second drawing, if the debounce had let one through
    after = state(url)
    assert after["renders"] == before["renders"] + 1
    assert after["version"] == before["version"]  # the file had not changed: nothing new to show

    text = cancer.read_text(encoding="utf-8")
    for n in range(5):  # five real saves, each different
        cancer.write_text(text + f"# save {n}\n", encoding="utf-8")
    drawn = wait_for(url, lambda s: s["renders"] > before["renders"] + 1 and not s["busy"], "the saves")
    time.sleep(0.5)
    assert state(url)["renders"] - drawn["renders"] <= 1 and state(url)["renders"] <= before["renders"] + 3


@pytest.mark.parametrize("reason", ["--poll", "no watchfiles"])
def test_polling_sees_each_save(reason: str, cancer: Path, monkeypatch: pytest.MonkeyPatch):
    messages: list[str] = []
    if reason == "no watchfiles":
        monkeypatch.setitem(sys.modules, "watchfiles", None)  # import watchfiles raises ImportError
    with PreviewApp(cancer, PreviewOptions(poll=reason == "--poll"), messages.append) as app:
        before = settled(app.url)
        time.sleep(0.3)  # a save in the same clock tick as the first look is indistinguishable
        edit(cancer, STRENGTH_LINE, WEAKER_LINE)
        after = settled(app.url, before["version"])
    assert after["diagram"]["hash"] != before["diagram"]["hash"]
    assert any("4 times a second" in m for m in messages) == (reason == "no watchfiles")


def test_a_drawing_that_fails_is_shown_as_a_problem(cancer: Path, monkeypatch: pytest.MonkeyPatch):
    from deliverychain.drawing import RenderError
    from deliverychain.preview import snapshot

    def refuse(*_: object) -> bytes:
        raise RenderError("Graphviz could not draw the diagram", "please report this")

    monkeypatch.setattr(snapshot, "draw_svg", refuse)
    with PreviewApp(cancer) as app:
        failed = settled(app.url)
    assert failed["status"] == "failed" and failed["diagram"] is None
    assert failed["problems"][0]["message"] == "Graphviz could not draw the diagram"
    assert failed["findings"] and failed["findings_current"]  # the audit still ran


def test_a_bug_is_shown_on_the_page_and_watching_goes_on(cancer: Path, monkeypatch: pytest.MonkeyPatch):
    from deliverychain.preview import worker

    calls: list[str] = []
    real = worker.take_snapshot

    def fail_once(path: str, options: DrawOptions, keep: list[object]) -> object:
        calls.append(path)
        if len(calls) == 1:
            raise ZeroDivisionError("division by zero")
        return real(path, options, keep)

    monkeypatch.setattr(worker, "take_snapshot", fail_once)
    with PreviewApp(cancer) as app:
        failed = settled(app.url)
        assert failed["status"] == "failed"
        assert failed["problems"][0]["message"] == "internal error: ZeroDivisionError: division by zero"
        assert "bug in deliverychain" in failed["problems"][0]["hint"]
        edit(cancer, STRENGTH_LINE, WEAKER_LINE)
        assert settled(app.url, failed["version"])["status"] == "ok"


def test_stopping_releases_the_port(cancer: Path):
    with PreviewApp(cancer) as app:
        port = app.server.port
        settled(app.url)
    again = PreviewServer(PreviewState("x"), port)  # binds, or raises OSError
    assert again.port == port
    again.server_close()


def test_a_large_chain_is_drawn_collapsed_as_chain_render_draws_it(tmp_path: Path):
    path = tmp_path / "large.yaml"
    path.write_text(synthetic_chain(800, seed=3), encoding="utf-8")
    chain = deliverychain.load(path)
    rendered = deliverychain.render(chain, format="svg", style="board", min_severity="warning")
    with PreviewApp(path) as app:
        now = settled(app.url)
        drawn = diagram(app.url)[1]
    assert drawn == rendered
    boxes = [g for g in ET.fromstring(drawn).iter(f"{SVG}g") if "actor" in (g.get("class") or "").split()]
    assert now["counts"]["actors"] == len(chain.actors) > 5 * len(boxes)
    # A group box lists its first members and counts the rest.
    listed = [a for g in boxes for a in g.get("data-actor", "").split()]
    more = sum(int(g.get("data-actors-more", "0")) for g in boxes)
    assert len(listed) + more == len(chain.actors) and more > 0


def test_the_page_text_never_carries_hidden_characters(tmp_path: Path, write_chain):
    path = write_chain("""
        chain: {id: c, title: "Plan\u202e with a hidden turn", intent: i, owner: a}
        actors:
          - {id: a, name: A, tier: government, kind: department}
          - {id: b, name: "B\u200b", tier: frontline, kind: nurse, roles: [practice]}
        links:
          - {from: a, to: b, kind: mandate}
        """)
    with PreviewApp(path) as app:
        now = settled(app.url)
    assert now["title"] == "Plan<U+202E> with a hidden turn"
    assert not re.search("[\u200b\u202e]", str(now["findings"]))


def test_the_collector_waits_until_a_page_has_fetched_the_new_drawing(cancer: Path):
    from deliverychain.preview.snapshot import take_snapshot

    preview = PreviewState(str(cancer))
    preview.publish(take_snapshot(str(cancer), DrawOptions()))
    started = time.monotonic()
    preview.wait_until_fetched(0.3)  # no page: gives up after the timeout
    assert time.monotonic() - started >= 0.3
    preview.as_json()
    preview.diagram()
    started = time.monotonic()
    preview.wait_until_fetched(30)  # fetched: returns at once
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("poll", [False, True])
def test_a_save_made_before_the_watch_is_set_up_is_still_seen(poll: bool, cancer: Path):
    import threading

    from deliverychain.preview.watcher import Watcher

    seen, stop = threading.Event(), threading.Event()
    watcher = Watcher(cancer, seen.set, stop, poll=poll)  # made as the preview starts drawing
    edit(cancer, STRENGTH_LINE, WEAKER_LINE)  # saved before the system's watch exists
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    try:
        assert seen.wait(30)
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()


def test_a_save_right_after_the_start_is_drawn(cancer: Path):
    with PreviewApp(cancer) as app:
        edit(cancer, STRENGTH_LINE, WEAKER_LINE)
        from deliverychain.preview.snapshot import take_snapshot

        expected = take_snapshot(str(cancer), DrawOptions()).diagram_hash
        final = wait_for(app.url, lambda s: not s["busy"] and (s["diagram"] or {}).get("hash") == expected,
                         "the diagram of the edited file")
    assert final["status"] == "ok"


def convert(source: Path, output: str) -> None:
    from tests.watching import chain_command

    done = subprocess.run([*chain_command(), "convert", str(source), output], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_a_folder_of_csv_files_is_previewed_and_its_problems_are_at_cells(cancer: Path, tmp_path: Path):
    folder = tmp_path / "plan"
    convert(cancer, f"{folder}/")
    links = folder / "links.csv"
    with PreviewApp(folder) as app:
        good = settled(app.url)
        assert good["status"] == "ok" and good["counts"]["links"] == 52
        assert all(f["cell"] and "!" not in f["cell"] for f in good["findings"])  # 'E5': one sheet per file
        text = links.read_text(encoding="utf-8-sig")
        links.write_text(text.replace("mandate,instruction,strong,", "mandate,instruction,very strong,", 1),
                         encoding="utf-8-sig")
        broken = settled(app.url, good["version"])
        assert broken["status"] == "invalid"
        (problem,) = broken["problems"]
        assert problem["cell"] == "E2" and "very strong" in problem["message"]
        links.write_text(text.replace("mandate,instruction,strong,", "mandate,instruction,weak,", 1),
                         encoding="utf-8-sig")
        fixed = settled(app.url, broken["version"])
    assert fixed["status"] == "ok" and fixed["diagram"]["hash"] != good["diagram"]["hash"]


def test_a_workbook_is_previewed_with_cells_for_lines(cancer: Path, tmp_path: Path):
    book = tmp_path / "plan.xlsx"
    convert(cancer, str(book))
    with PreviewApp(book) as app:
        now = settled(app.url)
    assert now["status"] == "ok" and now["counts"]["actors"] == 23
    assert all(re.fullmatch(r"[A-Z][a-z]+![A-Z]+\d+", f["cell"]) for f in now["findings"])
