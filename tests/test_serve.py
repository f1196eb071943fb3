"""The preview server over raw sockets: it answers only requests addressed to this machine (no
DNS rebinding), cuts off slow and idle clients, answers malformed requests with an error status
and no traceback, reports a bad address or port in one line before building, and never follows
a symbolic link in its folder. Servers bind 127.0.0.1 on a free port; every wait is bounded."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading

import pytest
from conftest import REPO, write_site

from qasite.tools import guard, serve, server

DRAFT = "<html><head><title>Draft</title></head><body>Unpublished draft text</body></html>"
WAIT = 10  # seconds any one socket operation may take before the test fails


@pytest.fixture
def preview(tmp_path):
    """A preview serving a hand-made folder (no build needed), with short client timeouts."""
    out = tmp_path / "preview"
    (out / "questions" / "draft").mkdir(parents=True)
    (out / "questions" / "draft" / "index.html").write_text(DRAFT, encoding="utf-8")
    (out / "404.html").write_text("<html><head></head><body>Not here</body></html>")
    (out / "notes.txt").write_text("plain file\n")
    shutil.copy(REPO / "netlify.toml", tmp_path / "netlify.toml")  # the headers it sends
    live = serve.Preview(tmp_path, out)
    httpd = server.make_server(live, "127.0.0.1", 0, timeouts=server.Timeouts(head=1, idle=1))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    live.port = httpd.server_address[1]
    yield live
    httpd.shutdown()
    httpd.server_close()
    thread.join(WAIT)


def exchange(port: int, request: bytes) -> bytes:
    """Send ``request``, then read the whole answer until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as client:
        client.sendall(request)
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    return answer


def get(port: int, path: str, host: str | None) -> tuple[int, bytes]:
    head = f"GET {path} HTTP/1.1\r\n" + (f"Host: {host}\r\n" if host is not None else "")
    answer = exchange(port, (head + "Connection: close\r\n\r\n").encode())
    status = int(answer.split(b" ", 2)[1])
    return status, answer.partition(b"\r\n\r\n")[2]


@pytest.mark.parametrize("path", ["/questions/draft/", "/_preview/events", "/notes.txt"])
def test_a_request_for_another_host_is_refused_so_dns_rebinding_reads_nothing(preview, path):
    status, body = get(preview.port, path, "evil.example")
    assert status == 403
    assert b"Unpublished draft text" not in body and b"data:" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST.", "[::1]"])
def test_loopback_names_and_the_bound_address_are_answered(preview, host):
    status, body = get(preview.port, "/questions/draft/", host.format(port=preview.port))
    assert status == 200
    assert b"Unpublished draft text" in body


def test_a_request_without_host_is_a_bad_request(preview):
    status, body = get(preview.port, "/questions/draft/", None)
    assert status == 400
    assert b"Unpublished draft text" not in body


@pytest.mark.parametrize(
    ("header", "bind", "public", "allowed"),
    [
        ("localhost:8000", "127.0.0.1", False, True),
        ("app.localhost", "127.0.0.1", False, True),
        ("127.0.0.2", "127.0.0.1", False, True),
        ("[::1]:8000", "::1", False, True),
        ("preview.test:8000", "preview.test", False, True),  # the name it was asked to bind
        ("evil.example", "127.0.0.1", False, False),
        ("127.0.0.1.evil.example", "127.0.0.1", False, False),
        ("localhost.evil.example", "127.0.0.1", False, False),
        ("localhost@evil.example", "127.0.0.1", False, False),
        ("192.168.1.5:8000", "127.0.0.1", False, False),
        ("192.168.1.5:8000", "0.0.0.0", True, True),  # an address cannot be rebound
        ("evil.example", "0.0.0.0", True, False),
        ("", "127.0.0.1", False, False),
        (None, "127.0.0.1", False, False),
    ],
)
def test_host_header_is_allowed_only_for_names_no_rebinding_page_can_use(
    header, bind, public, allowed
):
    assert guard.host_allowed(header, bind, public) is allowed


@pytest.mark.parametrize(
    ("request_line", "status"),
    [
        (b"GARBAGE", 400),
        (b"GET /", 400),  # HTTP/0.9: no headers, so no Host
        (b"GET / HTTP/1.1 extra", 400),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1", 414),
        (b"GET / HTTP/9.9", 505),
        (b"GET / HTTP/x.y", 400),
    ],
)
def test_a_malformed_request_gets_an_error_status_and_no_traceback(
    preview, capfd, request_line, status
):
    answer = exchange(preview.port, request_line + b"\r\nHost: localhost\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 %d " % status)
    assert b"content-security-policy" in answer.lower()  # the error carries the headers too
    assert "Traceback" not in capfd.readouterr().err


def test_an_idle_client_is_disconnected(preview):
    with socket.create_connection(("127.0.0.1", preview.port), timeout=WAIT) as client:
        assert client.recv(1024) == b""  # closed by the server, well before WAIT


def test_a_client_trickling_its_request_head_is_cut_off(preview):
    """Slowloris: each byte comes before the idle timeout, the whole head never does."""
    cut_off = False
    with socket.create_connection(("127.0.0.1", preview.port), timeout=WAIT) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        for _ in range(100):  # at most 100 * 0.3 s; the head timeout is 1 s
            try:
                client.sendall(b"X")
                client.settimeout(0.3)
                if client.recv(1024) == b"":
                    cut_off = True
                    break
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError):
                cut_off = True
                break
    assert cut_off


def test_a_client_that_hangs_up_leaves_no_traceback(capsys):
    httpd = server.Server(("127.0.0.1", 0), server.http.server.BaseHTTPRequestHandler)
    try:
        for error in (BrokenPipeError(), ConnectionResetError(), TimeoutError()):
            try:
                raise error
            except OSError:
                httpd.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("a real bug")
        except ValueError:
            httpd.handle_error(None, ("127.0.0.1", 1))
        assert "ValueError: a real bug" in capsys.readouterr().err  # real errors still show
    finally:
        httpd.server_close()


def test_a_symbolic_link_in_the_preview_folder_is_not_followed(preview, tmp_path, capfd):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("SECRET-KEY\n")
    (secret / "page.html").write_text("<html><head></head><body>SECRET-PAGE</body></html>")
    (preview.out / "key.txt").symlink_to(secret / "key.txt")
    (preview.out / "page.html").symlink_to(secret / "page.html")
    (preview.out / "linked").symlink_to(secret, target_is_directory=True)
    for path in ("/key.txt", "/page.html", "/linked/key.txt", "/linked/page.html"):
        status, body = get(preview.port, path, "localhost")
        assert status == 404, path
        assert b"SECRET" not in body and b"Not here" in body
    assert f"not serving {preview.out / 'key.txt'}: a symbolic link" in capfd.readouterr().err


def test_a_symbolic_link_in_place_of_the_404_page_or_headers_is_not_followed(preview, tmp_path):
    (tmp_path / "secret.html").write_text("<html><head></head><body>SECRET-PAGE</body></html>")
    (tmp_path / "secret.txt").write_text("/*\n  X-Secret: SECRET-HEADER\n")
    (preview.out / "404.html").unlink()
    (preview.out / "404.html").symlink_to(tmp_path / "secret.html")
    (preview.out / "_headers").symlink_to(tmp_path / "secret.txt")
    with socket.create_connection(("127.0.0.1", preview.port), timeout=WAIT) as client:
        client.sendall(b"GET /nowhere/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 404 ") and b"Waiting for a good build" in answer
    assert b"SECRET" not in answer


def run_serve(root, *args) -> subprocess.CompletedProcess:
    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "99999"], "cannot serve on port 99999: a port is a number from 0 to 65535"),
        (["--port", "-1"], "cannot serve on port -1: a port is a number from 0 to 65535"),
        (["--bind", "nowhere.invalid", "--public"], "'nowhere.invalid' is not an address"),
        (["--bind", "192.0.2.1", "--public"], "'192.0.2.1' is not an address of this machine"),
        (["--bind", "0.0.0.0"], "refusing to serve on '0.0.0.0': add --public"),
        (["--bind", "localhost."], "refusing to serve on 'localhost.': add --public"),
    ],
)
def test_a_bad_address_or_port_is_one_line_before_any_build(tmp_path, cli, args, message):
    root = write_site(tmp_path / "project")
    with pytest.raises(guard.BindError) as refused:
        cli("--root", root, "serve", *args)
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert not (root / ".cache").exists()  # nothing was built


def test_a_busy_port_is_one_line_before_any_build(tmp_path):
    root = write_site(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_serve(root, "--port", str(port))
    assert result.returncode == 1
    assert result.stderr == (
        f"cannot serve on 127.0.0.1 port {port}: the port is already in use "
        "(choose another with --port N, or --port 0)\n"
    )
    assert not (root / ".cache").exists()


def test_an_ipv6_loopback_address_is_served(tmp_path):
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    live = serve.Preview(tmp_path, tmp_path)
    (tmp_path / "index.html").write_text("<html><head></head><body>IPv6 page</body></html>")
    httpd = server.make_server(live, "::1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("::1", httpd.server_address[1]), timeout=WAIT) as client:
            client.sendall(b"GET / HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.0 200 ") and b"IPv6 page" in answer
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(WAIT)
