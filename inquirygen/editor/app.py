"""The editor's web application (Starlette): its pages, the changes they send, and the guards before them."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, Router

from ..errors import InquirygenError, ProblemsFound
from ..i18n import _
from . import actions
from .changes import Change
from .form import version_of
from .pages import render
from .session import EditorSession

PACKAGE = Path(__file__).parent
ANSWER_SUFFIXES = (".yaml", ".yml")
LETTER_SUFFIXES = (".docx", ".pdf")
STATIC = {"editor.js": "text/javascript", "editor.css": "text/css", "favicon.svg": "image/svg+xml"}
# No script, style or picture from anywhere but this server; the page may not be framed.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                               "base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class Guard(BaseHTTPMiddleware):
    """Refuses with 403 what does not come from the editor's own page: a wrong address token, a Host
    other than the editor's (a web page reaching 127.0.0.1 through its own name), an Origin of another
    site, and a change without the session's form token."""

    def __init__(self, app: Any, session: EditorSession):
        super().__init__(app)
        self.session = session

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        session = self.session
        hosts = {f"127.0.0.1:{session.port}", f"localhost:{session.port}"}
        origins = {f"http://{host}" for host in hosts}
        first, _slash, _rest = request.url.path.lstrip("/").partition("/")
        refused = (not secrets.compare_digest(first.encode(), session.token.encode())
                   or request.headers.get("host") not in hosts
                   or request.headers.get("origin", next(iter(origins))) not in origins)
        if not refused and request.method not in ("GET", "HEAD"):
            given = request.headers.get("x-csrf-token", "")
            refused = not secrets.compare_digest(given.encode(), session.csrf.encode()) or \
                request.headers.get("content-type", "").split(";")[0] != "application/json"
        if refused:
            response: Response = PlainTextResponse(_("Access refused."), status_code=403)
        else:
            response = await call_next(request)
        response.headers.update(HEADERS)
        return response


def create_app(session: EditorSession) -> Starlette:
    """The application of one editor run; every address starts with the session's token."""

    def start(request: Request) -> Response:
        return HTMLResponse(render("start.html", session, rows=actions.open_inquiries(session)))

    def edit(request: Request) -> Response:
        path = session.inside(request.query_params.get("file", ""), ANSWER_SUFFIXES)
        checked = actions.check(session, path)
        workspace = session.workspace()
        return HTMLResponse(render(
            "edit.html", session, file=session.relative(path), checked=checked,
            data=checked.document.data if checked.document is not None else None,
            signatories=sorted(workspace.config.signatories), templates=workspace.template_names(),
            snippets=actions.snippets(session)))

    def state(request: Request) -> Response:
        path = session.inside(request.query_params.get("file", ""), ANSWER_SUFFIXES)
        return JSONResponse({"version": version_of(path.read_bytes())})

    async def change(request: Request) -> Response:
        body = await _json(request)
        path = session.inside(str(body.get("file", "")), ANSWER_SUFFIXES)
        raw_path = body.get("path")
        value = body.get("value")
        if not isinstance(raw_path, list) or not all(isinstance(s, (str, int)) for s in raw_path) \
                or not (value is None or isinstance(value, str) or
                        (isinstance(value, list) and all(isinstance(v, str) for v in value))):
            return _bad()
        to = body.get("to")
        wanted = Change(str(body.get("op", "")), tuple(raw_path), value, to if isinstance(to, int) else None)
        checked = await _threaded(actions.save, session, path, str(body.get("version", "")), wanted)
        if checked is None:
            return JSONResponse({"changed": True, "message": _(
                "The file was changed outside the editor; it is read again and your last change was "
                "not saved.")}, status_code=409)
        return JSONResponse(checked.as_json())

    async def check(request: Request) -> Response:
        body = await _json(request)
        path = session.inside(str(body.get("file", "")), ANSWER_SUFFIXES)
        checked = await _threaded(actions.check, session, path)
        return JSONResponse(checked.as_json())

    async def build(request: Request) -> Response:
        body = await _json(request)
        path = session.inside(str(body.get("file", "")), ANSWER_SUFFIXES)
        written, problems = await _threaded(actions.build, session, path, bool(body.get("pdf")))
        return JSONResponse({
            "files": [{"name": p.name, "url": f"/{session.token}/download?file={quote(session.relative(p))}"}
                      for p in written],
            "problems": [{"message": p.message, "hint": p.hint, "line": p.line, "severity": p.severity}
                         for p in problems]})

    async def archive(request: Request) -> Response:
        body = await _json(request)
        path = session.inside(str(body.get("file", "")), ANSWER_SUFFIXES)
        entry = await _threaded(actions.archive, session, path)
        return JSONResponse({"entry": entry})

    def download(request: Request) -> Response:
        path = session.inside(request.query_params.get("file", ""), LETTER_SUFFIXES)
        return FileResponse(path, filename=path.name)

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return PlainTextResponse(_("Not found."), status_code=404)
        return Response((PACKAGE / "static" / name).read_bytes(), media_type=STATIC[name])

    routes = Router([
        Route("/", start), Route("/edit", edit), Route("/state", state),
        Route("/change", change, methods=["POST"]), Route("/check", check, methods=["POST"]),
        Route("/build", build, methods=["POST"]), Route("/archive", archive, methods=["POST"]),
        Route("/download", download), Route("/static/{name}", static),
    ])
    return Starlette(routes=[Mount(f"/{session.token}", app=routes)],
                     middleware=[Middleware(Guard, session=session)],
                     exception_handlers={InquirygenError: _refused, OSError: _failed})


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.body())
    except ValueError:
        body = None
    return body if isinstance(body, dict) else {}


async def _threaded(function: Any, *args: Any) -> Any:
    """A library call (it reads and writes files) in a worker thread, so the server stays responsive."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args)


def _bad() -> Response:
    return JSONResponse({"message": _("The request cannot be understood.")}, status_code=400)


def _failed(request: Request, error: Exception) -> Response:
    """What the operating system refused (a file that may not be read or written, a full disk), said
    as the command line says it, never as a traceback."""
    from ..errors import describe_os_error

    assert isinstance(error, OSError)
    message = describe_os_error(error)
    if request.method == "GET":
        return PlainTextResponse(message, status_code=500)
    return JSONResponse({"message": message, "problems": []}, status_code=500)


def _refused(request: Request, error: Exception) -> Response:
    """An error of inquirygen's (problems in the file, a file outside the workspace, LibreOffice …)
    shown on the page as ``check`` prints it, never as a server error."""
    assert isinstance(error, InquirygenError)
    status = 422 if isinstance(error, ProblemsFound) else 400
    if request.method == "GET":  # a page: the problems as check prints them (a broken inquirygen.yaml)
        shown = [str(error), *(problem.format() for problem in getattr(error, "problems", []))]
        return PlainTextResponse("\n".join(shown), status_code=404 if status == 400 else status)
    return JSONResponse(actions.message_of(error), status_code=status)
