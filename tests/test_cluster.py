"""Extraction on a Dask cluster: a LocalCluster of two worker processes gives the serial path's events."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rasd.errors import ConfigError
from rasd.ingest.pipeline import ingest_paths
from rasd.parallel import auto_processes, check_cluster, imap_cluster
from rasd.store import Store

pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
GOLD2 = Path(__file__).resolve().parent / "data" / "gold2" / "docs.jsonl"


def _records(store: Store) -> list[dict]:
    return [e.to_record() for e in store.iter_events()]


@pytest.mark.slow
def test_two_local_workers_store_exactly_the_serial_events(tmp_path: Path) -> None:
    serial = Store.open(f"sqlite:///{tmp_path / 'serial.db'}")
    cluster = Store.open(f"sqlite:///{tmp_path / 'cluster.db'}")
    by_serial = ingest_paths(serial, [SAMPLES, GOLD2], processes=1)
    by_cluster = ingest_paths(cluster, [SAMPLES, GOLD2], cluster="local:2")
    assert by_cluster.documents == by_serial.documents > 40
    assert _records(cluster) == _records(serial) and _records(serial)
    assert sorted(by_cluster.failed) == sorted(by_serial.failed)


def test_cluster_map_keeps_input_order() -> None:
    assert list(imap_cluster(abs, range(-50, 50), "local:2", chunksize=7)) == [abs(k) for k in range(-50, 50)]


@pytest.mark.parametrize("address", ["local:0", "local:two", "8786", "http://host:8786", ""])
def test_a_bad_cluster_address_is_named(address: str) -> None:
    with pytest.raises(ConfigError, match="local:N"):
        check_cluster(address)


def test_large_inputs_use_every_core_by_default(tmp_path: Path) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text("x" * 1_100_000)
    assert auto_processes([SAMPLES]) == 1
    assert auto_processes([tmp_path]) == auto_processes([big]) == (os.cpu_count() or 1)
    assert auto_processes([big], requested=3) == 3


def test_the_command_line_refuses_a_bad_cluster_with_exit_code_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rasd.cli import app

    result = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--cluster", "somehost"])
    assert result.exit_code == 2 and "local:N" in result.output
