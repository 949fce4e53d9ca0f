import pytest

from mktsync_core.store import ENV_DATA_DIR


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Every test gets its own progress store, so tests never see each other's setups."""
    folder = tmp_path / "data"
    monkeypatch.setenv(ENV_DATA_DIR, str(folder))
    return folder
