"""A raw-TCP label printer for the tests (the port-9100 socket Zebra-type printers listen on)."""
import socket
import threading
import time


class FakePrinter:
    """A raw-TCP label printer: accepts connections on a free loopback port and keeps what it was sent."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _addr = self.server.accept()
            except OSError:
                return
            with conn:
                chunks = []
                while data := conn.recv(65536):
                    chunks.append(data)
                self.jobs.append(b"".join(chunks))

    def wait_for(self, count, timeout=5):
        deadline = time.monotonic() + timeout
        while len(self.jobs) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.jobs

    def close(self):
        self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
