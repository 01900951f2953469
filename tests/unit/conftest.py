"""Unit tests keep kayobe's state (run reports, the PYTHONPATH directory)
in their own temporary directory, never the user's."""

import pytest


@pytest.fixture(autouse=True)
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KAYOBE_STATE_DIR", str(tmp_path / "state"))
    return tmp_path / "state"
