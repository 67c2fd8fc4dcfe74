"""`chain watch` (also `chain serve`): a live preview of a chain file in the web browser."""

from __future__ import annotations

import click

SEVERITIES = ("info", "warning", "error")


@click.command(
    epilog="""\b
Examples:
  chain watch my-plan.yaml               print the page's address; open it in a browser
  chain watch my-plan.yaml --open        open it in your browser straight away
  chain watch my-plan.yaml --port 8765   the same address every time
  chain watch my-plan.yaml --min-severity info   number the notes as well

\b
The page is served on this computer only (127.0.0.1). Ctrl-C stops it (exit 0).
""",
)
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port on 127.0.0.1; 0 takes any free port.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in your web browser.")
@click.option("--poll", is_flag=True,
              help="Look at the file 4 times a second instead of waiting for the system's notice of a save "
                   "(for network drives and other places where saves go unnoticed).")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default="warning", show_default=True,
              help="Number and draw findings at or above this severity.")
def watch(file: str, port: int, open_browser: bool, poll: bool, min_severity: str) -> None:
    """Preview the chain in FILE in your web browser, redrawn each time you save it.

    The page shows the board-style diagram (as `chain render --style board` draws it) and
    the numbered findings; click a finding to highlight its actors and links. While the
    file does not load, the page lists its problems with line and column, and keeps the
    last good diagram, dimmed. Large chains are drawn collapsed, as `chain render` draws
    them. FILE may also be a workbook or a folder of CSV files: saving any of them redraws.

    Runs until Ctrl-C, then exits 0. Exits 2 when FILE is missing or the port is taken.
    """
    import os
    import signal
    import threading
    import time
    from pathlib import Path

    from deliverychain.cli.files import fail
    from deliverychain.preview import PreviewApp, PreviewOptions
    from deliverychain.preview.snapshot import DrawOptions
    from deliverychain.sheets import is_spreadsheet

    path = Path(file)
    if path.is_dir() and not is_spreadsheet(path):
        fail(f"'{file}' is a folder, not a chain file",
             "give the path of a .yaml file or a workbook inside it, or a folder of a chain's CSV files")
    if not path.exists():
        fail(f"no such file: '{file}'", "check the path; `chain init FILE` writes a new chain")
    # The loader hands large chains to gc.freeze() in one-shot commands; this process loads
    # the file again at every save, and frozen chains would never be freed.
    os.environ.pop("DELIVERYCHAIN_ONE_SHOT", None)

    def log(message: str) -> None:
        click.echo(f"{time.strftime('%H:%M:%S')} {message}", err=True)

    options = PreviewOptions(port=port, poll=poll, draw=DrawOptions(min_severity=min_severity))
    try:
        app = PreviewApp(path, options, log)
    except OSError as error:
        _port_problem(port, error)
        return
    # Ctrl-C (SIGINT) and SIGTERM end the wait below; set here, not inherited, because a
    # shell starts background jobs with SIGINT ignored, and `kill -INT` should stop a server.
    stop = threading.Event()
    in_main = threading.current_thread() is threading.main_thread()
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in signals} if in_main else {}
    app.start()
    from deliverychain.usertext import shown_name

    click.echo(f"Previewing {shown_name(file)} at {app.url}")
    click.echo("Save the file to redraw the page; Ctrl-C to stop.", err=True)
    if open_browser:
        import webbrowser

        if not webbrowser.open(app.url):
            click.echo("No web browser could be opened from here: open the address above in yours.", err=True)
    try:
        while not stop.wait(0.25):
            pass
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a preview ends: a clean stop, exit 0
    finally:
        app.stop()  # a second Ctrl-C meanwhile only sets `stop` again
        for number, handler in previous.items():
            signal.signal(number, handler)
    click.echo("Stopped.", err=True)


def _port_problem(port: int, error: OSError) -> None:
    import errno

    from deliverychain.cli.files import fail

    if error.errno == errno.EADDRINUSE:
        fail(f"port {port} on 127.0.0.1 is in use by another program",
             "choose another with --port, or leave --port out to take any free port")
    if error.errno in (errno.EACCES, errno.EPERM):
        fail(f"no permission to use port {port} on 127.0.0.1", "choose a port above 1023, or leave --port out")
    fail(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error}", "leave --port out to take any free port")
