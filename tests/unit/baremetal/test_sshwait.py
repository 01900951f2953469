"""kayobe.baremetal.sshwait: many hosts' SSH banners waited for at once."""

import socket
import threading

from kayobe.baremetal import sshwait
from tests.unit import base


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class TestWaitOne(base.TestCase):

    def test_answers_after_some_probes_or_times_out(self):
        for answers_after, timeout, expected in (
                (0, 10, None), (3, 10, None),
                (99, 5, "no SSH banner from 10.0.0.1 port 22 within 5 s")):
            with self.subTest(answers_after=answers_after):
                clock, probes = FakeClock(), []

                def probe(address, port, limit, probes=probes, after=answers_after):
                    probes.append(limit)
                    return len(probes) > after
                result = sshwait.wait_one("10.0.0.1", 22, timeout, 1.0, probe,
                                          clock, clock.sleep)
                self.assertEqual(expected, result)
                self.assertLessEqual(clock.now, timeout + 1)


class TestBanner(base.TestCase):

    def serve(self, banner):
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        self.addCleanup(server.close)

        def answer():
            conn, _ = server.accept()
            with conn:
                conn.sendall(banner)
        threading.Thread(target=answer, daemon=True).start()
        return server.getsockname()[1]

    def test_only_an_openssh_banner_counts(self):
        for banner, seen in ((b"SSH-2.0-OpenSSH_9.2p1\r\n", True),
                             (b"HTTP/1.0 200 OK\r\n", False)):
            with self.subTest(banner=banner):
                port = self.serve(banner)
                self.assertEqual(seen, sshwait.banner_seen("127.0.0.1", port, 10))

    def test_closed_port_is_not_seen(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.assertFalse(sshwait.banner_seen("127.0.0.1", port, 1))


class TestWaitMany(base.TestCase):

    def test_each_host_gets_its_own_result(self):
        up = {"10.0.0.1"}
        result = sshwait.wait_many(
            {"a": "10.0.0.1", "b": "10.0.0.2"}, timeout=0, workers=2,
            probe=lambda address, port, limit: address in up,
            sleep=lambda s: None)
        self.assertEqual({"a": None, "b": "no SSH banner from 10.0.0.2 port 22 "
                          "within 0 s"}, result)
        self.assertEqual({}, sshwait.wait_many({}))
