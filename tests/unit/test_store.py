import json
import re
from pathlib import Path

import pytest

from mktsync_core.models import ConfirmationId, Edition, utcnow
from mktsync_core.progress import Progress
from mktsync_core.store import (
    ENV_DATA_DIR,
    ProgressStore,
    StoreProblem,
    default_data_dir,
    is_valid_setup_id,
    new_setup_id,
)

SECRET_WORDS = re.compile(r"password|token|secret|credential", re.IGNORECASE)


@pytest.fixture
def store(tmp_path) -> ProgressStore:
    return ProgressStore(tmp_path / "store")


def sample() -> Progress:
    return Progress(
        setup_id=new_setup_id(),
        language="ja",
        edition=Edition.ENTERPRISE,
        confirmations={ConfirmationId.HOME_STARTED: utcnow()},
    )


def test_round_trip(store):
    progress = sample()
    assert store.save(progress) is None
    loaded = store.load(progress.setup_id)
    assert loaded.restored and loaded.problem is None
    assert loaded.progress.model_dump(exclude={"updated_at"}) == progress.model_dump(
        exclude={"updated_at"}
    )


def test_unknown_setup_starts_fresh_without_a_problem(store):
    result = store.load("never-saved-1")
    assert not result.restored and result.problem is None
    assert result.progress == Progress(
        setup_id="never-saved-1", updated_at=result.progress.updated_at
    )


def test_save_leaves_no_temporary_files(store):
    progress = sample()
    store.save(progress)
    store.save(progress)
    assert [p.name for p in store.root.iterdir()] == [f"{progress.setup_id}.json"]


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b"\xff\xfe\x00garbage",
        json.dumps({"setup_id": "x"}).encode(),
        json.dumps({"schema_version": 99, "setup_id": "damaged-01"}).encode(),
        json.dumps({"setup_id": "damaged-01", "password": "hunter2"}).encode(),
        json.dumps({"setup_id": "someone-else"}).encode(),
    ],
)
def test_damaged_file_gives_a_fresh_start_and_is_kept_aside(store, content):
    store.root.mkdir(parents=True)
    path = store.root / "damaged-01.json"
    path.write_bytes(content)
    result = store.load("damaged-01")
    assert result.problem is StoreProblem.DAMAGED
    assert result.progress.confirmations == {}
    assert not path.exists()
    kept = list(store.root.glob("damaged-01.damaged-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == content


def test_unreadable_store_is_reported(store):
    store.root.mkdir(parents=True)
    (store.root / "is-a-dir-1.json").mkdir()
    result = store.load("is-a-dir-1")
    assert result.problem is StoreProblem.UNREADABLE
    assert not result.restored


def test_unwritable_store_is_reported_not_raised(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert ProgressStore(blocker / "store").save(sample()) is StoreProblem.UNWRITABLE


@pytest.mark.parametrize("bad", ["../../etc/passwd", "short", "has space in it", "", "a/b/c/d/e/f"])
def test_setup_ids_cannot_escape_the_data_directory(store, bad):
    assert not is_valid_setup_id(bad)
    with pytest.raises(ValueError):
        store.path(bad)


def test_new_setup_ids_are_valid_and_distinct():
    ids = {new_setup_id() for _ in range(100)}
    assert len(ids) == 100 and all(is_valid_setup_id(i) for i in ids)


def test_delete(store):
    progress = sample()
    store.save(progress)
    store.delete(progress.setup_id)
    assert not store.load(progress.setup_id).restored
    store.delete(progress.setup_id)  # deleting twice is fine


def test_data_dir_is_configurable(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "custom"))
    assert default_data_dir() == tmp_path / "custom"
    assert ProgressStore().root == tmp_path / "custom"


def test_default_data_dir_is_per_user(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DATA_DIR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "mktsync"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_data_dir() == Path.home() / ".local" / "share" / "mktsync"


def _property_names(schema: dict) -> set[str]:
    names: set[str] = set()
    for key, value in schema.items():
        if key == "properties":
            names |= set(value)
        if isinstance(value, dict):
            names |= _property_names(value)
    return names


def test_the_saved_schema_has_no_place_for_secrets():
    names = _property_names(Progress.model_json_schema())
    assert names and not [n for n in names if SECRET_WORDS.search(n)]
    with pytest.raises(ValueError):
        Progress(setup_id="abcdefgh", password="x")  # extra keys are refused
