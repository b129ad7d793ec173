"""HTML validation with the Nu Html Checker (vnu.jar), one JVM for all files.

The jar comes from ``make npm-tools`` (:data:`helpers.tool_paths.VNU_JAR`);
java is ``RUNREPORT_JAVA`` or the one on the ``PATH``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from helpers.tool_paths import VNU_JAR, require


def run_vnu(
    paths: Sequence[Path],
    *,
    jar: Path | None = None,
    errors_only: bool = True,
    timeout: float = 600,
) -> list[dict[str, Any]]:
    """Validate files with the Nu Html Checker in a single JVM.

    ``.css`` and ``.svg`` files are checked too when present (``--also-check-css``
    / ``--also-check-svg``).  vnu writes its JSON report to *stderr*.

    Args:
        paths: Files to check (HTML, and optionally CSS/SVG).
        jar: ``vnu.jar``; defaults to :data:`VNU_JAR`.
        errors_only: Drop warnings and info messages.
        timeout: Seconds before the JVM is killed.

    Returns:
        One dict per message: ``file`` (the path as given), ``line``, ``column``
        (1-based, ``None`` when vnu gives no position), ``type``, ``message``
        and ``extract``.  Empty means valid.

    Raises:
        FileNotFoundError: If java or the jar is missing.
        RuntimeError: If vnu could not read a file or produced no JSON.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    jar = require(Path(jar) if jar else VNU_JAR, "vnu.jar", "run `make npm-tools`")
    java = os.environ.get("RUNREPORT_JAVA") or shutil.which("java")
    if not java:
        raise FileNotFoundError("java not found; install default-jre-headless (make system-test)")
    for p in paths:
        require(p, "file to validate", "build it first")
    cmd = [java, "-Xss4m", "-jar", str(jar), "--format", "json", "--exit-zero-always"]
    if errors_only:
        cmd.append("--errors-only")
    if any(p.suffix.lower() == ".css" for p in paths):
        cmd.append("--also-check-css")
    if any(p.suffix.lower() == ".svg" for p in paths):
        cmd.append("--also-check-svg")
    cmd += ["--", *(str(p) for p in paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    report = _extract_vnu_json(proc.stderr) or _extract_vnu_json(proc.stdout)
    if report is None:
        raise RuntimeError(
            f"vnu produced no JSON (exit {proc.returncode}):\n"
            f"{proc.stderr[-2000:]}{proc.stdout[-2000:]}"
        )
    by_path = {str(p.resolve()): str(p) for p in paths}
    out = []
    for msg in report.get("messages", []):
        kind = msg.get("type")
        if kind == "non-document-error":
            raise RuntimeError(f"vnu could not check {msg.get('url')}: {msg.get('message')}")
        if errors_only and kind != "error":
            continue
        file = _vnu_url_to_path(msg.get("url", ""))
        line = msg.get("lastLine", msg.get("firstLine"))
        out.append(
            {
                "file": by_path.get(file, file),
                "line": line,
                "column": msg.get("firstColumn", msg.get("lastColumn")),
                "type": kind if not msg.get("subType") else f"{kind}/{msg['subType']}",
                "message": msg.get("message", ""),
                "extract": msg.get("extract", ""),
            }
        )
    return out


def _extract_vnu_json(text: str) -> dict[str, Any] | None:
    """Find vnu's ``{"messages": ...}`` object in text that may hold JVM warnings."""
    start = text.find('{"messages"')
    if start < 0:
        return None
    try:
        obj, _end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError:
        return None
    return obj if isinstance(obj, dict) else None


def _vnu_url_to_path(url: str) -> str:
    """``file:/tmp/a%20b.html`` -> ``/tmp/a b.html`` (resolved, as vnu reports it)."""
    if url.startswith("file:"):
        path = unquote(urlsplit(url).path)
        try:
            return str(Path(path).resolve())
        except OSError:  # pragma: no cover
            return path
    return url
