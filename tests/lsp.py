"""A small client of pyright's language server (the engine of VS Code's Pylance): what an editor asks it
while a user types, asked the same way (JSON-RPC over stdin/stdout)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SERVER = Path(sys.executable).with_name("pyright-langserver")
CAPABILITIES = {
    "textDocument": {
        "completion": {"completionItem": {"documentationFormat": ["plaintext"]}},
        "signatureHelp": {
            "signatureInformation": {
                "documentationFormat": ["plaintext"],
                "parameterInformation": {"labelOffsetSupport": True},
            }
        },
        "hover": {"contentFormat": ["plaintext"]},
    }
}


class LanguageServer:
    def __init__(self, root: Path) -> None:
        self.root = root.as_uri()
        self._next = 0
        self._process = subprocess.Popen(
            [str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
        )
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": self.root,
                "capabilities": CAPABILITIES,
                "workspaceFolders": [{"uri": self.root, "name": root.name}],
            },
        )
        self._send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def open(self, name: str, text: str) -> str:
        """A document as an editor has it open (it need not be saved); its URI."""
        uri = f"{self.root}/{name}"
        document = {"uri": uri, "languageId": "python", "version": 1, "text": text}
        self._send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": document}})
        return uri

    def at(self, method: str, uri: str, text: str) -> Any:
        """`method` (completion, signatureHelp, hover) with the cursor at the end of `text`'s last line."""
        lines = text.split("\n")
        position = {"line": len(lines) - 1, "character": len(lines[-1])}
        return self.request(f"textDocument/{method}", {"textDocument": {"uri": uri}, "position": position})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self._next += 1
        ident = self._next
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        while True:
            message = self._receive()
            if "method" in message and "id" in message:  # the server asks (configuration, progress)
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": _answer(message)})
            elif message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result")

    def close(self) -> None:
        self._process.kill()
        self._process.wait()

    def _send(self, message: dict[str, Any]) -> None:
        assert self._process.stdin is not None
        body = json.dumps(message).encode()
        self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._process.stdin.flush()

    def _receive(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        length = 0
        while line := self._process.stdout.readline():
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        if not length:
            raise RuntimeError("pyright-langserver closed its output")
        return json.loads(self._process.stdout.read(length))


def _answer(message: dict[str, Any]) -> Any:
    if message["method"] == "workspace/configuration":
        return [{} for _ in message["params"]["items"]]
    return None
