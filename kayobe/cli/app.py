"""The kayobe cliff application."""

import signal
import sys
import threading

from cliff import app

import kayobe
from kayobe.cli import command


class KayobeApp(app.App):

    NAME = "kayobe"

    def __init__(self):
        super().__init__(
            description="Kayobe: deploy containerised OpenStack to bare metal.",
            version=kayobe.__version__,
            command_manager=command.TableCommandManager(),
            deferred_help=True,
        )

    def clean_up(self, cmd, result, err):
        """Called by cliff after each command; errors already reported."""



def _terminated(signum, frame):
    # As for Ctrl-C: unwind, so that files being staged are removed and the
    # ansible-playbook child is stopped, rather than dying mid-write.
    raise KeyboardInterrupt


def main(argv=None):
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    return KayobeApp().run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
