"""Pseudonymous child_ids: where the key comes from, and what happens without one."""

from __future__ import annotations

import json
import logging

import pytest

from exceed_analysis import cli
from exceed_analysis.intake import pipeline as intake
from exceed_analysis.store import parquet as store
from exceed_analysis.intake import pseudonym
from exceed_analysis.config import paths

SECRET = "a-long-random-secret-for-tests-7f3c"


@pytest.fixture
def registers(small_registers, monkeypatch):
    monkeypatch.delenv(pseudonym.KEY_ENV, raising=False)
    monkeypatch.delenv(pseudonym.MODE_ENV, raising=False)
    return small_registers


def stored_ids() -> set[str]:
    return set(store.ingest().tables["children"]["child_id"])


def test_format_is_partner_prefix_and_ten_hex_digits(registers):
    ids = stored_ids()
    assert ids and all(len(i.split("-", 1)[1]) == 10 for i in ids)
    assert {i.split("-", 1)[0] for i in ids} == {"CCC", "LAdA"}
    assert all(int(i.split("-", 1)[1], 16) >= 0 for i in ids)


def test_services_link_to_children_through_the_pseudonym(registers):
    result = store.ingest()
    assert set(result.tables["services"]["child_id"]) <= set(result.tables["children"]["child_id"])
    key = pseudonym.Key(pseudonym.TEST_KEY, "test")
    assert pseudonym.pseudonymise("CCC", "CCC-0001", key) in set(result.tables["services"]["child_id"])


def test_env_key_wins_and_no_warning(registers, monkeypatch, caplog):
    test_ids = stored_ids()
    monkeypatch.setenv(pseudonym.KEY_ENV, SECRET)
    (registers / pseudonym.KEY_FILE).write_text("another key\n")
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="exceed_analysis"):
        env_ids = stored_ids()
    assert env_ids.isdisjoint(test_ids)
    assert not [r for r in caplog.records if "TEST key" in r.getMessage()]
    summary = json.loads((paths().processed / "intake-summary.json").read_text())
    assert summary["pseudonym_key"] == "env"
    blob = b"".join(f.read_bytes() for f in paths().processed.rglob("*") if f.is_file())
    assert SECRET.encode() not in blob


def test_key_file_at_project_root(registers, monkeypatch):
    (registers / pseudonym.KEY_FILE).write_text(f"  {SECRET}\n")
    from_file = stored_ids()
    monkeypatch.setenv(pseudonym.KEY_ENV, SECRET)
    assert stored_ids() == from_file  # same secret, same pseudonyms
    assert pseudonym.load_key(registers).source == "env"
    monkeypatch.delenv(pseudonym.KEY_ENV)
    assert pseudonym.load_key(registers).source == "file"


def test_without_key_the_test_key_is_used_with_a_warning(registers, caplog):
    with caplog.at_level(logging.WARNING, logger="exceed_analysis"):
        result = store.ingest()
    warned = [r for r in caplog.records if "TEST key" in r.getMessage()]
    assert len(warned) == 1  # through the intake module's logger, not print()
    assert warned[0].name == "exceed_analysis.intake.pipeline" and warned[0].levelno == logging.WARNING
    message = warned[0].getMessage()
    assert "WARNING" in message and "EXCEED_MODE is not 'production'" in message
    assert result.key_source == "test"
    html = (paths().processed / "quality.html").read_text()
    assert "kunci UJI" in html


def test_the_command_shows_the_test_key_warning_on_stderr(registers, capsys):
    assert cli.main(["ingest"]) == 0  # the command sets up logging: the warning reaches stderr
    err = capsys.readouterr().err
    assert err.count("TEST key") == 1 and "exceed ingest: WARNING" in err


def test_production_without_key_stops_naming_both_ways(registers, monkeypatch, capsys):
    monkeypatch.setenv(pseudonym.MODE_ENV, "production")
    with pytest.raises(pseudonym.PseudonymKeyError) as err:
        store.ingest()
    assert pseudonym.KEY_ENV in str(err.value) and pseudonym.KEY_FILE in str(err.value)
    assert not (paths().processed / "intake-summary.json").exists()
    assert cli.main(["ingest"]) == 2
    message = capsys.readouterr().err
    assert "EXCEED_PSEUDONYM_KEY" in message and ".exceed-pseudonym.key" in message
    (registers / pseudonym.KEY_FILE).write_text(SECRET)
    assert store.ingest().key_source == "file"


def test_key_repr_hides_the_secret():
    key = pseudonym.Key(SECRET.encode(), "env")
    assert SECRET not in repr(key) and SECRET not in str(key)


def test_case_codes_compare_trimmed_and_case_blind():
    key = pseudonym.Key(b"k", "env")
    assert pseudonym.pseudonymise("CCC", " ccc-0001", key) == pseudonym.pseudonymise("CCC", "CCC-0001", key)
    assert pseudonym.pseudonymise("CCC", "CCC-0001", key) != pseudonym.pseudonymise("LAdA", "CCC-0001", key)
