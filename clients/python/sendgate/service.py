"""The service's jar, started for a test session (the pytest fixture's engine; usable without pytest too)."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
import urllib.error
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from .client import Sendgate
from .errors import SendgateError

# The line the service logs once Tomcat answers, with the port it really took.
_READY = re.compile(r"sendgate is ready: (http://\S+?)/ ")


class ServiceStartError(RuntimeError):
    """The jar could not be found, or did not become healthy: the message says why, with its last log lines."""


def find_jar() -> Path:
    """``$SENDGATE_JAR``, else the one ``target/sendgate-<version>.jar`` of this source tree or of the working directory."""
    given = os.environ.get("SENDGATE_JAR")
    if given:
        if not Path(given).is_file():
            raise ServiceStartError(f"SENDGATE_JAR={given} is not a file")
        return Path(given)
    package = Path(__file__).resolve().parent
    roots = [package.parents[2]] if len(package.parents) > 2 else []
    for root in dict.fromkeys([*roots, Path.cwd()]):
        # A digit after the dash: the service's jar, not sendgate-testcontainers-*.jar.
        jars = sorted((root / "target").glob("sendgate-[0-9]*.jar"))
        if len(jars) > 1:
            raise ServiceStartError(f"several jars in {root / 'target'} ({', '.join(j.name for j in jars)}): set SENDGATE_JAR")
        if jars:
            return jars[0]
    raise ServiceStartError("no target/sendgate-<version>.jar: run ./mvnw package -DskipTests first, or set SENDGATE_JAR "
                            "to the jar (or SENDGATE_URL to a service that runs already)")


class JarService:
    """``java -jar`` on the service with ``--server.port=0``, stopped on ``stop()`` or at the end of a ``with``.

    Port 0 lets Tomcat take a free port, which the ready line then names: no window in which another
    process could take a port picked beforehand. Ready means ``/actuator/health`` says UP, not just that a
    port answers. The JVM's output goes to a log file, whose last lines a start that fails shows.
    """

    def __init__(self, jar: Path, args: Sequence[str] = (), start_timeout: float = 120.0) -> None:
        self.jar = jar
        self.args = list(args)
        self.start_timeout = start_timeout
        self.url = ""
        """The service's base URL, once started (``http://127.0.0.1:<port>``)."""
        self.log_path: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        java = Path(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else Path("java")
        fd, log = tempfile.mkstemp(prefix="sendgate-", suffix=".log")
        self.log_path = Path(log)
        with os.fdopen(fd, "wb") as out:
            self._process = subprocess.Popen([str(java), "-jar", str(self.jar), "--server.port=0", *self.args],
                                             stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        try:
            return self._wait_until_healthy()
        except BaseException:
            self.stop(keep_log=True)  # the log stays for whoever reads the error
            raise

    def _wait_until_healthy(self) -> str:
        assert self._process is not None and self.log_path is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            code = self._process.poll()
            if code is not None:
                raise ServiceStartError(f"{self.jar} exited with code {code} before it was ready.\n{self.last_lines()}")
            if not self.url:
                found = _READY.search(self.log_path.read_text("utf-8", "replace"))
                self.url = found.group(1) if found else ""
            if self.url and _healthy(self.url):
                return self.url
            time.sleep(0.2)
        waited = "health UP" if self.url else "its ready line"
        raise ServiceStartError(f"{self.jar} was not ready within {self.start_timeout:g} s (waited for {waited}).\n"
                                f"{self.last_lines()}")

    def stop(self, keep_log: bool = False) -> None:
        """SIGTERM first: the service ends its operations and event streams in order, within seconds."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self.log_path is not None and not keep_log:
            self.log_path.unlink(missing_ok=True)

    def last_lines(self, count: int = 30) -> str:
        """The log's tail; a Java stack trace's innermost cause first, which the tail alone may have cut off."""
        if self.log_path is None or not self.log_path.exists():
            return "no log"
        lines = self.log_path.read_text("utf-8", "replace").splitlines()
        if not lines:
            return f"{self.log_path} is empty"
        causes = [line for line in lines if line.startswith("Caused by: ")]
        return (f"{causes[-1]}\n" if causes else "") + f"last lines of {self.log_path}:\n" + "\n".join(lines[-count:])

    def __enter__(self) -> JarService:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.stop()


def _healthy(url: str) -> bool:
    try:
        return Sendgate(url, timeout=5).health().get("status") == "UP"
    except (SendgateError, urllib.error.URLError, OSError):
        return False  # not answering yet, or answering 503 while a component is still DOWN
